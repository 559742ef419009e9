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
CONNECTIONS=${CONNECTIONS:-64}
SIGNED_REQUESTS=${SIGNED_REQUESTS:-100000}
WARMUP=${WARMUP:-40s}
DURATION=${DURATION:-20s}
JVM_OPTS=${JVM_OPTS:-@jvm.options}
FIRST=${FIRST:-60s}
# The fixed rate: half the baseline's capacity would be the aim, but on 2 cores shared by the app and
# the generator, Hyperfoil's one thread carries about 15,000 requests/s without falling behind.
FIXED_RATE=${FIXED_RATE:-10000}
FIXED_SECONDS=${FIXED_SECONDS:-20}
PORT=18080
MANAGEMENT_PORT=18081
BASELINE_PORT=18090
PROJECT=be0c4000be0c4000be0c4000be0c4000
WORK=target/bench
mkdir -p "$WORK"

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)"
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi

echo "Building the service, the test classpath and the baseline"
./mvnw -B -q -ntp -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true package
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"
./mvnw -B -q -ntp -f bench/baseline/pom.xml -DskipTests package
./mvnw -B -q -ntp -f bench/fixedrate/pom.xml package
./mvnw -B -q -ntp -f bench/fixedrate/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/$WORK/fixedrate-classpath.txt"
SERVICE_JAR=$(ls target/secret-stage-service-*.jar | grep -v plain | head -1)
BASELINE_JAR=$(ls bench/baseline/target/bench-baseline-*.jar | grep -v plain | head -1)

TOKEN="bench-token-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
TOKEN_SHA256=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
MASTER_KEY=$(head -c 32 /dev/urandom | base64)
PIDS=()
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# millis since epoch
now_ms() { date +%s%3N; }

# wait_ready URL START_MS -> prints ms from START_MS to the first 200
wait_ready() {
  for _ in $(seq 1 1200); do
    if curl -fs -o /dev/null "$1"; then echo $(( $(now_ms) - $2 )); return; fi
    sleep 0.05
  done
  echo "not ready: $1" >&2; exit 1
}

# measure NAME SECRETS PID URL DURATION [SCRIPT] -> one wrk run; sets RPS P50 P99 NON2XX RSS_MB, and
# CPU_US and ALLOC_KB per request (the process's CPU time from /proc, its allocation from JFR)
measure() {
  local script=${6:-bench/stages.lua}
  local rss_file="$WORK/rss-$1"
  : > "$rss_file"
  ( for _ in $(seq 1 1200); do ps -o rss= -p "$3" >> "$rss_file" 2>/dev/null || true; sleep 0.5; done ) &
  local sampler=$!
  jcmd "$3" JFR.start name=allocation settings="$PWD/bench/allocation.jfc" filename="$PWD/$WORK/alloc-$1.jfr" >/dev/null
  local cpu_before; cpu_before=$(awk '{print $14 + $15}' "/proc/$3/stat")
  SECRETS=$2 TOKEN=$TOKEN PROJECT=$PROJECT SIGNED=${SIGNED:-} wrk -t2 -c"$CONNECTIONS" -d"$5" --latency -s "$script" "$4" > "$WORK/wrk-$1.txt"
  local cpu_after; cpu_after=$(awk '{print $14 + $15}' "/proc/$3/stat")
  jcmd "$3" JFR.stop name=allocation >/dev/null
  kill $sampler 2>/dev/null || true
  RPS=$(awk '/Requests\/sec/ {print int($2)}' "$WORK/wrk-$1.txt")
  P50=$(awk '$1=="50%" {print $2}' "$WORK/wrk-$1.txt")
  P99=$(awk '$1=="99%" {print $2}' "$WORK/wrk-$1.txt")
  NON2XX=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk-$1.txt"); NON2XX=${NON2XX:-0}
  RSS_MB=$(( $(sort -n "$rss_file" | tail -1 | tr -d ' ') / 1024 ))
  local requests; requests=$(awk '/requests in/ {print $1}' "$WORK/wrk-$1.txt")
  CPU_US=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
  ALLOC_KB=$(awk -v b="$(python3 bench/allocated.py "$WORK/alloc-$1.jfr")" -v n="$requests" \
    'BEGIN {printf "%.1f", b / 1024 / n}')
}

# load NAME SECRETS PID URL [SCRIPT] -> wrk warm-up, then measure for DURATION
load() {
  SECRETS=$2 TOKEN=$TOKEN PROJECT=$PROJECT SIGNED=${SIGNED:-} wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "${5:-bench/stages.lua}" "$4" >/dev/null
  measure "$1" "$2" "$3" "$4" "$DURATION" "${5:-}"
}

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
  rm -f "$WORK/db.in"; mkfifo "$WORK/db.in"
  java -cp "target/test-classes:target/classes:$(cat "$WORK/classpath.txt")" io.secretstage.BenchDatabase "$count" \
    < "$WORK/db.in" > "$WORK/db-$count.log" 2>&1 &
  DB_PID=$!; PIDS+=("$DB_PID")
  exec 9> "$WORK/db.in"
  for _ in $(seq 1 1200); do grep -q '^JDBC_URL=' "$WORK/db-$count.log" && break; sleep 0.5; done
  JDBC_URL=$(sed -n 's/^JDBC_URL=//p' "$WORK/db-$count.log")
  grep '^LOADED=' "$WORK/db-$count.log"

  start=$(now_ms)
  SPRING_DATASOURCE_URL=$JDBC_URL SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
  CSMS_CRYPTO_MASTER_KEYS_0_ID=bench CSMS_CRYPTO_MASTER_KEYS_0_KEY=$MASTER_KEY \
  CSMS_IDENTITY_STATIC_TOKENS_0_SHA256=$TOKEN_SHA256 CSMS_IDENTITY_STATIC_TOKENS_0_PROJECT_ID=$PROJECT \
  CSMS_IDENTITY_STATIC_TOKENS_0_USER_ID=bench \
    java $JVM_OPTS -jar "$SERVICE_JAR" --server.port=$PORT --management.server.port=$MANAGEMENT_PORT \
    --csms.stage-cache.max-size=$(( count > 100000 ? count : 100000 )) \
    > "$WORK/service-$count.log" 2>&1 &
  SERVICE_PID=$!; PIDS+=("$SERVICE_PID")
  READY=$(wait_ready "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" "$start")
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

At a fixed rate ($FIXED_SECONDS s each, warm; latencies in ms from the time each request was due; "waiting"
is the time requests waited for one of the generator's 512 connections, which should be 0; errors are
requests written to a connection Tomcat had just closed after its 100 requests):

| what | requests/s | answered | errors | p50 | p99 | p99.9 | max | waiting (ms) |
|---|---|---|---|---|---|---|---|---|
$(printf '%s\n' "$FIXED_ROWS" | sed '/^$/d')
RESULTS
if [ -n "$NOTES" ]; then printf '\n%s\n' "$NOTES" >> bench/RESULTS.md; fi
echo "Wrote bench/RESULTS.md"
