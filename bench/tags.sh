#!/usr/bin/env bash
# The benchmark of ListResourceInstances: bench/tags.sh, e.g. `SECRETS=10000 DURATION=5s bench/tags.sh` for a
# quick check.
#
# Starts an embedded PostgreSQL with SECRETS secrets (default 100000) in the one project of the benchmark,
# each with 3 versions, 3 stages and 5 tags (BenchDatabase: env and team of 10 values each, app, owner and
# tier), and the service's jar against it (built as bench/run.sh builds it, when it is absent or older than
# the sources). Then, on the same instance, one after the other, each WARMUP (default 10s) unmeasured and
# DURATION (default 20s) measured with wrk over CONNECTIONS connections (default 8: latencies, not a
# saturated queue): ShowSecretStage as bench/run.sh sends it, ListResourceInstances `filter` on env=env-3 and
# team=team-7 (1% of the secrets) for a page of 10 at a random offset among the matches, and `count` on the
# same tags. Every search answer must say that 1% match (bench/search.lua); the run fails otherwise.
# Writes the section "## Search by tags" of bench/RESULTS.md, the first below the tables that bench/run.sh
# writes (run.sh keeps it with the notes written by hand). Loopback only; about 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/find-jdk

SECRETS=${SECRETS:-100000}
CONNECTIONS=${CONNECTIONS:-8}
WARMUP=${WARMUP:-10s}
DURATION=${DURATION:-20s}
. bench/common.sh

SERVICE_JAR=$(ls target/secret-stage-service-*.jar 2>/dev/null | grep -v plain | head -1 || true)
# A jar older than the sources would measure yesterday's service.
if [ -z "$SERVICE_JAR" ] || [ -n "$(find src/main db pom.xml -newer "$SERVICE_JAR" -print -quit)" ]; then
  echo "Building the service"
  ./mvnw -B -q -ntp -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true package
  SERVICE_JAR=$(ls target/secret-stage-service-*.jar | grep -v plain | head -1)
fi
echo "Building the test classpath"
build_bench_classpath

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== service with $SECRETS tagged secrets (load average $LOAD)"
rm -f "$WORK/db.in"; mkfifo "$WORK/db.in"
java -cp "target/test-classes:target/classes:$(cat "$WORK/classpath.txt")" io.secretstage.BenchDatabase "$SECRETS" tags \
  < "$WORK/db.in" > "$WORK/db-$SECRETS.log" 2>&1 &
DB_PID=$!; PIDS+=("$DB_PID")
exec 9> "$WORK/db.in"
for _ in $(seq 1 1200); do grep -q '^JDBC_URL=' "$WORK/db-$SECRETS.log" && break; sleep 0.5; done
JDBC_URL=$(sed -n 's/^JDBC_URL=//p' "$WORK/db-$SECRETS.log")
grep '^LOADED=' "$WORK/db-$SECRETS.log"
start_service "$SERVICE_JAR" "$SECRETS"
echo "ready in $READY ms"

ROWS=""
# row WHAT -> a line of the table from the last measure
row() { echo "| $1 | $RPS | $P50 | $P99 | $NON2XX | $CPU_US | $ALLOC_KB |"; }
load "tags-stage-$SECRETS" "$SECRETS" "$SERVICE_PID" "http://127.0.0.1:$PORT"
ROWS="$(row "ShowSecretStage")"
echo "ShowSecretStage: $RPS req/s, p50 $P50, p99 $P99, non-2xx $NON2XX, $CPU_US us a request"
for action in filter count; do
  ACTION=$action load "tags-$action-$SECRETS" "$SECRETS" "$SERVICE_PID" "http://127.0.0.1:$PORT" bench/search.lua
  WRONG=$(sed -n 's/^wrong answers: //p' "$WORK/wrk-tags-$action-$SECRETS.txt")
  if [ "$WRONG" != 0 ] || [ "$NON2XX" != 0 ]; then
    echo "ListResourceInstances benchmark FAILED: $WRONG answers without the expected total_count, $NON2XX not 200 (the service's log is $WORK/service-$SECRETS.log)" >&2
    exit 1
  fi
  ROWS="$ROWS
$(row "ListResourceInstances \`$action\`$([ $action = filter ] && echo ", a page of 10")")"
  echo "ListResourceInstances $action: $RPS req/s, p50 $P50, p99 $P99, $CPU_US us a request"
done
kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
exec 9>&-; wait "$DB_PID" 2>/dev/null || true

# The section is rewritten in place, or put first below run.sh's tables; what else is there is kept.
SECTION="$WORK/tags-section.md"
cat > "$SECTION" <<SECTION
## Search by tags

Written by \`bench/tags.sh\` on $(date -u +%Y-%m-%d) on a machine with $(nproc) cores (wrk shares them; load
average $LOAD before the run), Java $(java_major "$JAVA_HOME/bin/java"), the service with \`$JVM_OPTS\`.
$SECRETS secrets in one project, each with 5 tags; ListResourceInstances on two keys, env=env-3 and
team=team-7, which $(( SECRETS / 100 )) secrets (1%) match: \`filter\` a page of 10 at a random offset
among them, \`count\` their number; ShowSecretStage as \`bench/run.sh\` sends it, in the same run on the same
instance. wrk: 2 threads, $CONNECTIONS connections, $WARMUP warm-up then $DURATION measured, each one after
the other; every search answer had the expected \`total_count\`. CPU and allocation as in the tables above.
Indicative only: on 2 cores shared by the service, its database and wrk, p99s move between runs.

| what | requests/s | p50 | p99 | non-2xx | CPU µs/request | KB allocated/request |
|---|---|---|---|---|---|---|
$ROWS

SECTION
write_section "Search by tags" "$SECTION"
