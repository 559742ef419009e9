#!/usr/bin/env bash
# The slow-clients drill (issue 23): bench/slow-clients.sh [JAR]
#
# Starts one embedded PostgreSQL with 100 secrets and the service with a 512 MB heap (JVM_OPTS, default
# `@jvm.options -Xmx512m`; SERVICE_ARGS are added to its command line, e.g.
# `--csms.http.request-head-timeout=1h --server.tomcat.max-connections=8192` for the behaviour before the
# deadline and the bound). Then, for DURATION seconds (default 90), HALF connections (default 10000) that
# each send one byte of a request and then nothing, and TRICKLE connections (default 1000) that send a
# request head a byte a second (bench/slow-clients.py), while one normal client reads a stage with curl in
# a loop. Prints the normal client's 200s and failures (and its slowest request), when the server closed the
# slow connections, the heap after each collection (the most used, sampled every 2 s with jcmd), and
# whether /actuator/health answers afterwards.
set -euo pipefail
JAR=$(realpath "${1:-$(ls target/secret-stage-service-*.jar | head -1)}")
cd "$(dirname "$0")/.."
. .ci/find-jdk

HALF=${HALF:-10000}
TRICKLE=${TRICKLE:-1000}
DURATION=${DURATION:-90}
JVM_OPTS=${JVM_OPTS:-@jvm.options -Xmx512m}
. bench/common.sh

# A socket each for the slow connections, in this shell and in the service.
ulimit -n "$(ulimit -Hn)"

build_bench_classpath
start_database 100
start_service "$JAR" 100
echo "Ready in $READY ms: $(grep -o 'Request heads within[^"]*' "$WORK/service-100.log" || echo 'no bound logged')"

BASE="http://127.0.0.1:$PORT"
STAGE="$BASE/v1/$PROJECT/secrets/secret-1/stages/SYSCURRENT"
NORMAL="$WORK/slow-normal.txt"
HEAP="$WORK/slow-heap.txt"
: > "$NORMAL"; : > "$HEAP"

# The normal client: one request at a time for the whole drill, each given 10 s.
( end=$(( $(date +%s) + DURATION )); while [ "$(date +%s)" -lt "$end" ]; do
    curl -s -o /dev/null -m 10 -w '%{http_code} %{time_total}\n' -H "X-Auth-Token: $TOKEN" "$STAGE" >> "$NORMAL" || true
  done ) &
NORMAL_PID=$!; PIDS+=("$NORMAL_PID")
# The heap used (young and old generations), every 2 s.
( while kill -0 "$SERVICE_PID" 2>/dev/null; do
    jcmd "$SERVICE_PID" GC.heap_info 2>/dev/null | awk '$1 ~ /Gen$/ { for (i = 1; i <= NF; i++) if ($i == "used") {
      v = $(i+1); sub(/K,?/, "", v); sum += v } } END { if (sum) print int(sum / 1024) }' >> "$HEAP"
    sleep 2
  done ) &
HEAP_PID=$!; PIDS+=("$HEAP_PID")

echo "Opening $HALF half-sent and $TRICKLE trickling connections for $DURATION s"
python3 bench/slow-clients.py 127.0.0.1 "$PORT" "$HALF" "$TRICKLE" "$DURATION"
wait "$NORMAL_PID" || true
kill "$HEAP_PID" 2>/dev/null || true

ok=$(grep -c '^200 ' "$NORMAL" || true)
failed=$(grep -vc '^200 ' "$NORMAL" || true)
slowest=$(awk '{ if ($2 > m) m = $2 } END { printf "%.2f", m }' "$NORMAL")
echo "Normal client: $ok answered 200, $failed failed or other ($(grep -v '^200 ' "$NORMAL" | cut -d' ' -f1 | sort | uniq -c | tr '\n' ' ')), slowest ${slowest} s"
echo "Heap used (MB, sampled every 2 s): most $(sort -n "$HEAP" | tail -1), last $(tail -1 "$HEAP")"
if kill -0 "$SERVICE_PID" 2>/dev/null; then
  echo "Health afterwards: $(curl -s -m 5 "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health" | head -c 80 || echo 'no answer')"
  echo "API afterwards: $(curl -s -o /dev/null -m 5 -w '%{http_code}' -H "X-Auth-Token: $TOKEN" "$STAGE" || echo 'no answer')"
else
  echo "The service is gone"
fi
echo "OutOfMemoryError in the log: $(grep -c OutOfMemoryError "$WORK/service-100.log" || true)"
kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
exec 9>&-; wait "$DB_PID" 2>/dev/null || true
