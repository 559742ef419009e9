#!/usr/bin/env bash
# The benchmark of ListSecrets paging: bench/list.sh, e.g. `SECRETS=5000 WALKS=1 bench/list.sh` for a quick check.
#
# Starts an embedded PostgreSQL with SECRETS secrets (default 100000), all in the one project of the
# benchmark (BenchDatabase), and the service's jar against it (built as bench/run.sh builds it, when it is
# absent or older than the sources). Then CONCURRENCY walkers (default 4, so that the figure is the
# service's throughput rather than one client's latency) walk ListSecrets from the first page to the last,
# LIMIT secrets a page (default 50), following next_marker: each walks once unmeasured (the warm-up), then
# WALKS times measured (default 3), each a part of a walk ahead of the one before (so that a stall of this
# shared machine does not fall on the same page of every walk), and one done early walks on unmeasured
# until the last is done, so the load stays the same to the last pages. The client is
# io.secretstage.BenchListWalk on the test classpath, over the JDK's HTTP client. Prints the requests/s of
# the measured walks, the service's CPU time per page, and the latency by page position: p50 and p99 of the
# first 10% of each walk's pages, the middle 10% and the last 10%, the ratio of the last to the first, and
# the range of the p50 and p99 over the ten tenths. Keyset paging (name > marker, on the unique index of
# project and name) should keep the last pages as fast as the first: the goal is within 20%.
# Fails, and writes nothing, if any walk did not see exactly SECRETS secrets in strictly increasing byte
# order. Writes the section "## ListSecrets paging" of bench/RESULTS.md, the first below the tables that
# bench/run.sh writes (run.sh keeps it with the notes written by hand). Loopback only; at 100,000 secrets
# a run takes about 2 minutes on 2 cores, once built.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/find-jdk

SECRETS=${SECRETS:-100000}
WALKS=${WALKS:-3}
CONCURRENCY=${CONCURRENCY:-4}
LIMIT=${LIMIT:-50}
. bench/common.sh

build_service_jar
echo "Building the test classpath"
build_bench_classpath

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== service with $SECRETS secrets (load average $LOAD)"
start_database "$SECRETS"
start_service "$SERVICE_JAR" "$SECRETS"
echo "ready in $READY ms; $CONCURRENCY walkers, $LIMIT a page: one warm-up walk each, then measured walks: $WALKS each"
OUT="$WORK/list-$SECRETS.txt"
if ! java -cp "target/test-classes:target/classes:$(cat "$WORK/classpath.txt")" io.secretstage.BenchListWalk \
    $PORT "$TOKEN" "$PROJECT" "$SECRETS" "$WALKS" "$CONCURRENCY" "$LIMIT" "$SERVICE_PID" | tee "$OUT"; then
  echo "ListSecrets benchmark FAILED: a walk did not see the $SECRETS secrets once each in byte order, or a page failed (above; the service's log is $WORK/service-$SECRETS.log)" >&2
  exit 1
fi
kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
exec 9>&-; wait "$DB_PID" 2>/dev/null || true

SUMMARY=$(tail -1 "$OUT")
value() { echo "$SUMMARY" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
RPS=$(value rps)
FLAT=$(awk -v r="$(value ratio_p99)" 'BEGIN {print (r >= 0.8 && r <= 1.2) ? "yes" : "no"}')
echo "ListSecrets, $SECRETS secrets: $RPS requests/s ($(value requests) pages in $(value seconds) s), $(value cpu_us) µs CPU a page;" \
  "p99 first 10% $(value first_p99) ms, middle $(value middle_p99) ms, last 10% $(value last_p99) ms:" \
  "last/first p99 $(value ratio_p99), p50 $(value ratio_p50); last p99 within 20% of the first: $FLAT"

# The section is rewritten in place, or put first below run.sh's tables; what else is there is kept.
SECTION="$WORK/list-section.md"
cat > "$SECTION" <<SECTION
## ListSecrets paging

Written by \`bench/list.sh\` on $(date -u +%Y-%m-%d) on a machine with $(nproc) cores (the walkers share them;
load average $LOAD before the run), Java $(java_major "$JAVA_HOME/bin/java"), the service with \`$JVM_OPTS\`.
$SECRETS secrets in one project, walked with ListSecrets from the first page to the last by next_marker,
$LIMIT a page ($(value pages_per_walk) pages a walk), by $CONCURRENCY concurrent walkers over the JDK's HTTP
client: one warm-up walk each, then measured walks, $WALKS each ($(value walks) walks in $(value seconds) s),
each walker a part of a walk ahead of the one before; a walker done early walks on unmeasured until the
last is done, so the load stays the same, and requests/s counts all the $(value requests) requests answered
meanwhile. Every walk saw the $SECRETS secrets once each, in strictly increasing byte order.
Latencies in ms from sending a page's request to its last byte, by the page's position in its walk (the
first 10% of the pages, the middle 10%, the last 10%); CPU is the service's CPU time per page. Keyset
paging should keep the last pages as fast as the first (the goal: the last p99 within 20% of the first).
Over the ten tenths of the pages, p50 $(value tenths_p50) ms and p99 $(value tenths_p99) ms.
Indicative only: on 2 cores shared by the service, its database and the walkers (and whatever else runs),
p99s move between runs by more than 20%.

| secrets | page | walkers | requests/s | secrets/s | CPU µs/page | p50 | p99 | first 10%: p50, p99 | middle: p50, p99 | last 10%: p50, p99 | last/first p99 (p50) |
|---|---|---|---|---|---|---|---|---|---|---|---|
| $SECRETS | $LIMIT | $CONCURRENCY | $RPS | $(awk -v r="$RPS" -v n="$SECRETS" -v p="$(value pages_per_walk)" 'BEGIN {printf "%d", r * n / p}') | $(value cpu_us) | $(value p50) | $(value p99) | $(value first_p50), $(value first_p99) | $(value middle_p50), $(value middle_p99) | $(value last_p50), $(value last_p99) | $(value ratio_p99) ($(value ratio_p50)) |

SECTION
write_section "ListSecrets paging" "$SECTION"
