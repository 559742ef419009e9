#!/usr/bin/env bash
# The benchmark of ShowSecretStage: bench/run.sh [secret counts...] (default: 1000 10000 1000000).
#
# For each data set it starts an embedded PostgreSQL, loads N secrets (3 versions, 3 stages each),
# starts the service's jar against it, warms up, then drives ShowSecretStage with wrk from a
# separate process over random secrets and stages. In the same run it measures the baseline
# (bench/baseline: the same HTTP stack answering a constant) with the same JVM settings, and on the same
# instance the reads signed with an access key (SDK-HMAC-SHA256), as Huawei's SDKs send them.
# Both apps run with the JVM settings of the image (jvm.options, as the Dockerfile runs the service),
# and each measured load also reports the CPU time and the bytes allocated per request (/proc and a
# JFR recording of bench/allocation.jfc). Each app's first 60 s of load, from the moment it is
# ready, is measured apart: what a new instance gives its first callers. And each warm app is driven
# at a fixed rate (bench/fixedrate: Hyperfoil's open model, whose latencies count from the time each
# request was due), the same rate for both.
# Prints the figures and writes bench/RESULTS.md. Loopback only; every load is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/find-jdk

COUNTS=("${@:-1000 10000 1000000}")
read -r -a COUNTS <<< "${COUNTS[*]}"
SIGNED_REQUESTS=${SIGNED_REQUESTS:-100000}
WARMUP=${WARMUP:-40s}
DURATION=${DURATION:-20s}
FIRST=${FIRST:-60s}
# The fixed rate: half the baseline's capacity would be the aim, but on 2 cores shared by the app and
# the generator, Hyperfoil's one thread carries about 15,000 requests/s without falling behind.
FIXED_RATE=${FIXED_RATE:-10000}
FIXED_SECONDS=${FIXED_SECONDS:-20}
BASELINE_PORT=18090
. bench/common.sh

echo "Building the service, the test classpath and the baseline"
./mvnw -B -q -ntp -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true package
build_bench_classpath
./mvnw -B -q -ntp -f bench/baseline/pom.xml -DskipTests package
./mvnw -B -q -ntp -f bench/fixedrate/pom.xml package
./mvnw -B -q -ntp -f bench/fixedrate/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/$WORK/fixedrate-classpath.txt"
SERVICE_JAR=$(ls target/secret-stage-service-*.jar | grep -v plain | head -1)
BASELINE_JAR=$(ls bench/baseline/target/bench-baseline-*.jar | grep -v plain | head -1)

# fixed WHAT SECRETS URL -> the app at FIXED_RATE for FIXED_SECONDS; appends a line to FIXED_ROWS
fixed() {
  local out
  out=$(java -cp "bench/fixedrate/target/bench-fixedrate-0.1.0-SNAPSHOT.jar:$(cat "$WORK/fixedrate-classpath.txt")" \
    io.secretstage.bench.FixedRate "$3" "$FIXED_RATE" "$FIXED_SECONDS" "$2" "$PROJECT" "$TOKEN" 2> "$WORK/fixed.log" | tail -1)
  value() { echo "$out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  FIXED_ROWS="$FIXED_ROWS
| $1 | $FIXED_RATE | $(value responses) | $(value errors) | $(value p50) | $(value p99) | $(value p999) | $(value max) | $(value blocked_ms) |"
  echo "$1 at $FIXED_RATE requests/s: $out"
}

# row WHAT SECRETS RATIO READY -> a line of the table
row() { echo "| $1 | $2 | $RPS | $P50 | $P99 | $NON2XX | $3 | $CPU_US | $ALLOC_KB | $RSS_MB | $4 |"; }

echo "== baseline"
start=$(now_ms)
# The same thread model as the service: virtual threads (its application.properties).
java $JVM_OPTS -jar "$BASELINE_JAR" --server.port=$BASELINE_PORT --spring.threads.virtual.enabled=true \
  > "$WORK/baseline.log" 2>&1 &
BASELINE_PID=$!; PIDS+=("$BASELINE_PID")
BASELINE_READY=$(wait_ready "http://127.0.0.1:$BASELINE_PORT/ready" "$start")
measure baseline-first 1000 "$BASELINE_PID" "http://127.0.0.1:$BASELINE_PORT" "$FIRST"
ROWS="$(row "baseline, its first $FIRST" - - "$BASELINE_READY")"
echo "baseline, first $FIRST: $RPS req/s, p50 $P50, p99 $P99"
load baseline 1000 "$BASELINE_PID" "http://127.0.0.1:$BASELINE_PORT"
BASELINE_RPS=$RPS
ROWS="$ROWS
$(row "baseline (constant JSON)" - 1.00 "$BASELINE_READY")"
echo "baseline: $RPS req/s, p50 $P50, p99 $P99, non-2xx $NON2XX, $CPU_US us and $ALLOC_KB KB a request, RSS $RSS_MB MB, ready in $BASELINE_READY ms"
FIXED_ROWS=""
fixed "baseline (constant JSON)" 1000 "http://127.0.0.1:$BASELINE_PORT"
kill "$BASELINE_PID"; wait "$BASELINE_PID" 2>/dev/null || true

for count in "${COUNTS[@]}"; do
  echo "== service with $count secrets"
  start_database "$count"
  start_service "$SERVICE_JAR" "$count"
  measure "service-first-$count" "$count" "$SERVICE_PID" "http://127.0.0.1:$PORT" "$FIRST"
  ROWS="$ROWS
$(row "service, its first $FIRST from ready" "$count" - "$READY")"
  echo "service ($count secrets), first $FIRST: $RPS req/s, p50 $P50, p99 $P99, non-2xx $NON2XX"
  load "service-$count" "$count" "$SERVICE_PID" "http://127.0.0.1:$PORT"
  RATIO=$(awk -v a="$RPS" -v b="$BASELINE_RPS" 'BEGIN {printf "%.2f", a / b}')
  ROWS="$ROWS
$(row "service, ShowSecretStage" "$count" "$RATIO" "$READY")"
  echo "service ($count secrets): $RPS req/s, p50 $P50, p99 $P99, non-2xx $NON2XX, ratio $RATIO, $CPU_US us and $ALLOC_KB KB a request, RSS $RSS_MB MB, ready in $READY ms"
  TOKEN_RPS=$RPS
  fixed "service, ShowSecretStage, $count secrets" "$count" "http://127.0.0.1:$PORT"

  # The same reads signed with an access key (SDK-HMAC-SHA256), on the same instance: requests
  # signed ahead by the SDK's own signer, replayed within the 15 minutes their date allows.
  java -cp "target/test-classes:target/classes:$(cat "$WORK/classpath.txt")" io.secretstage.BenchSignedRequests \
    $PORT "$TOKEN" bench "$count" "$SIGNED_REQUESTS" "$WORK/signed-$count.txt" > "$WORK/signed-$count.log" 2>&1
  SIGNED="$WORK/signed-$count.txt" load "signed-$count" "$count" "$SERVICE_PID" "http://127.0.0.1:$PORT" bench/signed.lua
  RATIO=$(awk -v a="$RPS" -v b="$BASELINE_RPS" 'BEGIN {printf "%.2f", a / b}')
  SIGNED_RATIO=$(awk -v a="$RPS" -v b="$TOKEN_RPS" 'BEGIN {printf "%.2f", a / b}')
  ROWS="$ROWS
$(row "service, ShowSecretStage signed with AK/SK ($SIGNED_RATIO of the token's)" "$count" "$RATIO" -)"
  echo "signed ($count secrets): $RPS req/s, p50 $P50, p99 $P99, non-2xx $NON2XX, $SIGNED_RATIO of the token path"
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  exec 9>&-; wait "$DB_PID" 2>/dev/null || true
done

# The table is rewritten; what was written by hand below it (from its first "## " heading) is kept.
NOTES=$( [ -f bench/RESULTS.md ] && sed -n '/^## /,$p' bench/RESULTS.md || true )
cat > bench/RESULTS.md <<RESULTS
# Benchmark results

Written by \`bench/run.sh\` on $(date -u +%Y-%m-%d) on a machine with $(nproc) cores (the load generator
shares them), $(free -g | awk '/Mem:/ {print $2}') GiB of memory, Java $(java_major "$JAVA_HOME/bin/java").
wrk: 2 threads, $CONNECTIONS connections, $WARMUP warm-up then $DURATION measured, each request a random
secret of the data set and one of its 3 stages; the signed rows send the same reads signed with an access
key; the "first" rows are the first $FIRST of load from the moment the app is ready, with no warm-up.
JVM options of both: \`$JVM_OPTS\` ($(tr '\n' ' ' < jvm.options | sed 's/ $//') when \`@jvm.options\`, the image's settings).
CPU is the process's CPU time (all its threads, the collector's and the compiler's too) per request;
allocated is what JFR counted for all its threads per request.

| what | secrets | requests/s | p50 | p99 | non-2xx | ratio to baseline | CPU µs/request | KB allocated/request | RSS under load (MB) | start to ready (ms) |
|---|---|---|---|---|---|---|---|---|---|---|
$ROWS

At a fixed rate ($FIXED_SECONDS s each, warm, after 10 s at the same rate that warm the generator and are not recorded; latencies in ms from the time each request was due; "waiting"
is the time requests waited for one of the generator's 512 connections, which should be 0; errors are
requests written to a connection Tomcat had just closed after its 100 requests):

| what | requests/s | answered | errors | p50 | p99 | p99.9 | max | waiting (ms) |
|---|---|---|---|---|---|---|---|---|
$(printf '%s\n' "$FIXED_ROWS" | sed '/^$/d')
RESULTS
if [ -n "$NOTES" ]; then printf '\n%s\n' "$NOTES" >> bench/RESULTS.md; fi
echo "Wrote bench/RESULTS.md"
