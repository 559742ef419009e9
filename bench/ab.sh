#!/usr/bin/env bash
# A/B of two builds of the service on ShowSecretStage: bench/ab.sh A.jar B.jar
#
# One embedded PostgreSQL with SECRETS secrets (default 1000); then ROUNDS rounds (default 3), each
# starting A and B in turn, the order swapped every round so that neither always runs first (this
# machine drifts between minutes as much as a small change moves the figures). Each start warms up
# for WARMUP, then is measured for DURATION as bench/run.sh measures: requests/s, p99, and the
# process's CPU time and JFR-counted allocation per request, which contention moves less than
# throughput. Prints each run and the mean of each build. Build the jars first, e.g.
# `git worktree add /tmp/a <commit> && (cd /tmp/a && ./mvnw -q -DskipTests package)`.
set -euo pipefail
JAR_A=$(realpath "$1")
JAR_B=$(realpath "$2")
cd "$(dirname "$0")/.."
. .ci/find-jdk

SECRETS=${SECRETS:-1000}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-20s}
DURATION=${DURATION:-15s}
. bench/common.sh

build_bench_classpath
start_database "$SECRETS"

RESULTS=""
run() {
  start_service "$2" "$SECRETS"
  load "ab-$1" "$SECRETS" "$SERVICE_PID" "http://127.0.0.1:$PORT"
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  echo "$1 round $3: $RPS requests/s, p99 $P99, $CPU_US µs and $ALLOC_KB KB a request, non-2xx $NON2XX"
  RESULTS="$RESULTS$1 $RPS $CPU_US $ALLOC_KB
"
}
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then run A "$JAR_A" "$round"; run B "$JAR_B" "$round"
  else run B "$JAR_B" "$round"; run A "$JAR_A" "$round"; fi
done
exec 9>&-; wait "$DB_PID" 2>/dev/null || true

echo "| build | requests/s (mean) | CPU µs/request | KB allocated/request |"
echo "|---|---|---|---|"
printf %s "$RESULTS" | awk '{n[$1]++; r[$1]+=$2; c[$1]+=$3; a[$1]+=$4}
  END {for (b in n) printf "| %s | %d | %.1f | %.1f |\n", b, r[b]/n[b], c[b]/n[b], a[b]/n[b]}' | sort
