#!/usr/bin/env bash
# The failover drill of a highly available PostgreSQL (Patroni): bench/failover.sh, e.g.
# `VIA=haproxy RUNS=2 bench/failover.sh`. Run as root: it installs what is missing of Debian's patroni,
# etcd-server, haproxy and postgresql-15, and runs PostgreSQL as the user postgres.
#
# Each run starts a fresh cluster in a temporary directory, on loopback ports 12379-12380 (etcd),
# 15433-15434 (PostgreSQL 15), 18008-18009 (Patroni's REST API) and 15432 (HAProxy): one etcd and two
# Patroni nodes (synchronous_mode; ttl 10 s, loop_wait 1 s, retry_timeout 5 s; primary_start_timeout 0,
# without which Patroni restarts a crashed primary in place rather than failing over), the database
# csms owned by the user csms; with VIA=haproxy also one HAProxy that sends to the node whose Patroni
# answers 200 to GET /primary (checked every 500 ms, sessions shut down when a node is marked down).
# Then the service's jar (built as bench/run.sh builds it, when absent or older than the sources) with
# the benchmark's static token (bench/common.sh): VIA=multihost (the default) on
# jdbc:postgresql://P1,P2/csms?targetServerType=primary plus JDBC_PARAMS (e.g. `&hostRecheckSeconds=1`),
# VIA=haproxy on HAProxy's port; SERVICE_ARGS are added to its command line. The drill is
# io.secretstage.BenchFailover on the test classpath: it creates SECRETS secrets (default 50); READERS
# threads (4) read their SYSCURRENT round-robin, WRITERS threads (2) add versions to secrets of their
# own, keeping each acknowledged one; READ_PAUSE_MS (1) and WRITE_PAUSE_MS (10) are each thread's pause
# between requests, which leaves the 2 cores some room for Patroni. After STEADY seconds (5) it kills
# the primary's postmaster with SIGKILL; the promotion is the first moment a node answers
# `select not pg_is_in_recovery()` (polled every 10 ms): the other one, or, when Patroni restarts the
# killed primary in place rather than fail over (it does when it finds the standby unfit in time), that
# one, which the run reports; the load goes on AFTER seconds (15) after it.
# RUNS runs (default 5), each on a fresh cluster and a fresh service (the old primary is not rejoined).
#
# Prints for each run: the failed reads (any answer but a 200 naming the expected version, or a client
# error) by kind and by half second from the kill; the write gap (the last write acknowledged before the
# kill to the first sent after it and acknowledged) and the time from the promotion to that write; the
# acknowledged writes lost (each read back through ShowSecretVersion, its value compared, and looked up
# in SQL on the new primary); how long a stage moved in SQL on the new primary after the load takes to
# show through the API (the slowest of 3); and what the service logged of its database circuit, change
# listener and stage cache, in seconds from the kill. Then a table of the runs against the targets: no
# failed read, no lost write, a write acknowledged within 2 s of the promotion, a stage moved after the
# failover seen within 1 s. Each run's logs (service, Patroni with its PostgreSQL, etcd, HAProxy, the
# drill's output) stay in target/bench/failover/<time>-<via>/run-<n>/; bench/RESULTS.md is not written.
# Everything it started is stopped on exit, failure or Ctrl-C. A run takes about a minute on 2 cores
# (fresh cluster 5-10 s, service start 10-25 s, drill 30-35 s), plus 20-30 s once per invocation
# for the test classpath.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/find-jdk

VIA=${VIA:-multihost}
RUNS=${RUNS:-5}
SECRETS=${SECRETS:-50}
READERS=${READERS:-4}
WRITERS=${WRITERS:-2}
STEADY=${STEADY:-5}
AFTER=${AFTER:-15}
READ_PAUSE_MS=${READ_PAUSE_MS:-1}
WRITE_PAUSE_MS=${WRITE_PAUSE_MS:-10}
JDBC_PARAMS=${JDBC_PARAMS:-}
case "$VIA" in multihost | haproxy) ;; *) echo "VIA is multihost or haproxy, not $VIA" >&2; exit 2 ;; esac
. bench/common.sh

PG_BIN=/usr/lib/postgresql/15/bin
ETCD_PORT=12379
PG_PORTS=(15433 15434)
PATRONI_PORTS=(18008 18009)
HAPROXY_PORT=15432
secret() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
SUPERUSER_PASSWORD=$(secret)
DB_PASSWORD=$(secret)

missing=()
command -v patroni >/dev/null || missing+=(patroni)
command -v etcd >/dev/null || missing+=(etcd-server)
command -v haproxy >/dev/null || missing+=(haproxy)
[ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (Debian packages)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

build_service_jar
echo "Building the test classpath"
build_bench_classpath

# The cluster of the run under way: its directory and the processes this script started for it.
DIR=""
CLUSTER_PIDS=()
PATRONI_PIDS=()

# as_postgres CMD... -> CMD as the user postgres, in place (no parent process left between)
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

# wait_for WHAT SECONDS CMD... -> CMD until it succeeds, every 0.2 s, for at most SECONDS
wait_for() {
  local what=$1 deadline=$(( $(date +%s) + $2 )); shift 2
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "Timed out waiting for $what (logs in $DIR)" >&2; return 1; fi
    sleep 0.2
  done
}

# start_cluster -> etcd, the two Patroni nodes (the first bootstraps, the second joins as its
# synchronous standby), the database and user, and with VIA=haproxy HAProxy; sets DIR and JDBC_URL
start_cluster() {
  DIR=$(mktemp -d /tmp/failover.XXXXXX)
  chmod 755 "$DIR"; chown postgres: "$DIR"
  etcd --name drill --data-dir "$DIR/etcd" --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --initial-cluster "drill=http://127.0.0.1:$((ETCD_PORT + 1))" > "$DIR/etcd.log" 2>&1 &
  CLUSTER_PIDS+=($!)
  wait_for etcd 30 curl -fs "http://127.0.0.1:$ETCD_PORT/health"
  local i
  for i in 0 1; do
    # Timings short enough that a crashed primary is replaced in seconds; loop_wait + 2 * retry_timeout
    # stays about ttl, as Patroni advises. synchronous_mode: a commit is acknowledged only once the
    # standby has it, so that a write acknowledged before the failover is on the new primary.
    cat > "$DIR/node$i.yml" <<YAML
scope: drill
name: node$i
restapi:
  listen: 127.0.0.1:${PATRONI_PORTS[$i]}
  connect_address: 127.0.0.1:${PATRONI_PORTS[$i]}
etcd3:
  hosts: 127.0.0.1:$ETCD_PORT
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 5
    primary_start_timeout: 0
    synchronous_mode: true
    maximum_lag_on_failover: 1048576
    postgresql:
      use_pg_rewind: true
      parameters:
        wal_log_hints: 'on'
  initdb:
    - encoding: UTF8
    - auth-local: trust
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
postgresql:
  listen: 127.0.0.1:${PG_PORTS[$i]}
  connect_address: 127.0.0.1:${PG_PORTS[$i]}
  data_dir: $DIR/node$i
  bin_dir: $PG_BIN
  pgpass: $DIR/pgpass$i
  authentication:
    superuser: {username: postgres, password: $SUPERUSER_PASSWORD}
    replication: {username: replicator, password: $SUPERUSER_PASSWORD}
    rewind: {username: postgres, password: $SUPERUSER_PASSWORD}
  parameters:
    unix_socket_directories: $DIR
YAML
    chown postgres: "$DIR/node$i.yml"; chmod 600 "$DIR/node$i.yml"
    # Not through as_postgres: $! must be Patroni itself, not a subshell around it.
    setpriv --reuid=postgres --regid=postgres --init-groups patroni "$DIR/node$i.yml" > "$DIR/node$i.log" 2>&1 &
    PATRONI_PIDS+=($!)
    if [ "$i" = 0 ]; then
      wait_for "node0 to bootstrap as primary" 60 curl -fs "http://127.0.0.1:${PATRONI_PORTS[0]}/primary"
    fi
  done
  wait_for "node1 as synchronous standby" 90 \
    sh -c "curl -fs http://127.0.0.1:${PATRONI_PORTS[0]}/cluster | grep -q '\"role\": \"sync_standby\"'"
  as_postgres "$PG_BIN/psql" -h "$DIR" -p "${PG_PORTS[0]}" -U postgres -qAt -v ON_ERROR_STOP=1 \
    -c "create role csms login password '$DB_PASSWORD'" -c "create database csms owner csms" > /dev/null
  if [ "$VIA" = haproxy ]; then
    cat > "$DIR/haproxy.cfg" <<CFG
global
  log stderr format raw local0 info
defaults
  mode tcp
  log global
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 1s
listen postgres-primary
  bind 127.0.0.1:$HAPROXY_PORT
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
  server node0 127.0.0.1:${PG_PORTS[0]} check port ${PATRONI_PORTS[0]}
  server node1 127.0.0.1:${PG_PORTS[1]} check port ${PATRONI_PORTS[1]}
CFG
    haproxy -db -f "$DIR/haproxy.cfg" > "$DIR/haproxy.log" 2>&1 &
    CLUSTER_PIDS+=($!)
    wait_for "HAProxy to reach the primary" 30 env PGPASSWORD="$DB_PASSWORD" \
      "$PG_BIN/psql" -h 127.0.0.1 -p "$HAPROXY_PORT" -U csms -d csms -c "select 1"
    JDBC_URL="jdbc:postgresql://127.0.0.1:$HAPROXY_PORT/csms"
  else
    JDBC_URL="jdbc:postgresql://127.0.0.1:${PG_PORTS[0]},127.0.0.1:${PG_PORTS[1]}/csms?targetServerType=primary$JDBC_PARAMS"
  fi
}

# stop_cluster [LOGS] -> stops the service and the run's cluster, every process of it, and keeps its logs in LOGS
stop_cluster() {
  local pid i
  if [ -n "${SERVICE_PID:-}" ]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
  SERVICE_PID=""
  [ -n "$DIR" ] || return 0
  # Patroni first, at once, so that it starts nothing more; then each PostgreSQL it left, at once (the
  # cluster is thrown away), and any child of the killed postmaster still alive.
  for pid in "${PATRONI_PIDS[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${PATRONI_PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  sleep 0.5
  for i in 0 1; do
    if [ -f "$DIR/node$i/postmaster.pid" ]; then
      as_postgres "$PG_BIN/pg_ctl" stop -m immediate -D "$DIR/node$i" > /dev/null 2>&1 || true
    fi
  done
  if [ -f "$DIR/killed" ]; then
    while read -r pid; do
      if grep -qa '^postgres' "/proc/$pid/cmdline" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    done < "$DIR/killed"
  fi
  for pid in "${CLUSTER_PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "${CLUSTER_PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  # Whatever still runs from this directory (a pg_rewind or a postmaster started in the meantime).
  for pid in $(ps -eo pid=,args= | grep -F "$DIR" | grep -v grep | awk '{print $1}'); do
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ -n "${1:-}" ]; then
    mkdir -p "$1"
    cp "$DIR"/*.log "$1"/ 2>/dev/null || true
  fi
  rm -rf "$DIR"
  DIR=""; CLUSTER_PIDS=(); PATRONI_PIDS=()
}
trap 'stop_cluster; cleanup' EXIT
trap 'exit 130' INT TERM

# value KEY LINE -> the value of KEY in a RESULT line
value() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# service_events KILL_EPOCH_MS LOG -> what the service logged of its circuit, its change listener and its
# stage cache from a second before the kill on, in seconds from the kill
service_events() {
  [ -n "$1" ] || return 0
  echo "   the service's log, s from the kill:"
  { grep -E '"message":"(Circuit |Lost the connection|Listening for changes|Could not fill|Filled the stage cache)' "$2" || true; } |
    while read -r line; do
      at=$(date -u -d "$(echo "$line" | sed -n 's/.*"@timestamp":"\([^"]*\)".*/\1/p')" +%s%3N)
      echo "$line" | sed -n 's/.*"message":"\([^"]*\)".*/\1/p' |
        awk -v at="$at" -v kill="$1" '{ if (at >= kill - 1000) printf "     %+6.2f  %s\n", (at - kill) / 1000, $0 }'
    done
}

RESULTS=()
LOAD_AVERAGES=()
STAMP=$(date -u +%Y%m%d-%H%M%S)
echo "== failover drill: $RUNS runs via $VIA, $SECRETS secrets, $READERS readers, $WRITERS writers, kill after ${STEADY} s, load until ${AFTER} s after the promotion"
for run in $(seq 1 "$RUNS"); do
  LOGS="$WORK/failover/$STAMP-$VIA/run-$run"
  mkdir -p "$LOGS"
  started=$(now_ms)
  LOAD_AVERAGES+=("$(cut -d' ' -f1 /proc/loadavg)")
  start_cluster
  SERVICE_ARGS="--spring.datasource.username=csms --spring.datasource.password=$DB_PASSWORD ${SERVICE_ARGS:-}" \
    start_service "$SERVICE_JAR" "$SECRETS"
  echo "-- run $run: cluster and service ready in $(( ($(now_ms) - started) / 1000 )) s (service $READY ms), $JDBC_URL"
  if java -cp "target/test-classes:target/classes:$(cat "$WORK/classpath.txt")" io.secretstage.BenchFailover \
      url="http://127.0.0.1:$PORT" token="$TOKEN" project="$PROJECT" \
      nodes="127.0.0.1:${PG_PORTS[0]}:${PATRONI_PORTS[0]}:$DIR/node0,127.0.0.1:${PG_PORTS[1]}:${PATRONI_PORTS[1]}:$DIR/node1" \
      database=csms user=csms password="$DB_PASSWORD" secrets="$SECRETS" readers="$READERS" writers="$WRITERS" \
      steady="$STEADY" after="$AFTER" promotion-timeout=60 read-pause-ms="$READ_PAUSE_MS" \
      write-pause-ms="$WRITE_PAUSE_MS" killed="$DIR/killed" > "$LOGS/drill.txt" 2>&1; then
    RESULTS+=("$(grep '^RESULT ' "$LOGS/drill.txt")")
  else
    RESULTS+=("RESULT failed=yes")
  fi
  grep -v '^RESULT ' "$LOGS/drill.txt" | sed 's/^/   /'
  cp "$WORK/service-$SECRETS.log" "$LOGS/service.log"
  service_events "$(value kill_epoch_ms "${RESULTS[-1]}")" "$LOGS/service.log"
  stop_cluster "$LOGS"
  echo "   run $run took $(( ($(now_ms) - started) / 1000 )) s; logs in $LOGS"
done

# The table: one column per run, and the target.
row() {
  local label=$1 target=$2; shift 2
  local line="| $label |" r
  for r in "${RESULTS[@]}"; do line="$line $("$@" "$r") |"; done
  echo "$line $target |"
}
get() { local v; v=$(value "$1" "$2"); echo "${v:--}"; }
pair() { echo "$(get "$1" "$3") / $(get "$2" "$3")"; }
met() {
  [ -n "$(value reads "$1")" ] || { echo "no (run failed)"; return; }
  awk -v f="$(get failed_reads "$1")" -v la="$(get lost_api "$1")" -v ls="$(get lost_sql "$1")" \
    -v u="$(get unreadable_api "$1")" -v w="$(get promotion_to_write_s "$1")" -v fr="$(get fresh_ms "$1")" 'BEGIN {
      ok = (f == 0 && la == 0 && ls == 0 && u == 0 && w != "-" && w <= 2 && fr != ">10000" && fr <= 1000)
      print (ok ? "yes" : "no") }'
}
header="| via $VIA |"; rule="|---|"
for run in $(seq 1 "$RUNS"); do header="$header run $run |"; rule="$rule---|"; done
echo
echo "Failover drill via $VIA ($JDBC_URL), $(date -u +%Y-%m-%d), $(nproc) cores; each run a fresh cluster and service"
echo
echo "$header target |"
echo "$rule---|"
row "failed over (no: Patroni restarted the primary in place)" "" get failover
row "a primary again, s after the kill (in SQL)" "" get promotion_s
row "Patroni's /primary 200, s after the kill" "" get patroni_primary_s
row "reads / failed" "0 failed" pair reads failed_reads
row "failed reads sent, s from the kill: first / last" "" pair failed_reads_from failed_reads_to
row "slowest read, ms" "" get slowest_read_ms
row "writes acknowledged / failed" "" pair writes_acknowledged failed_writes
row "write gap, s (last before the kill to first after)" "" get write_gap_s
row "first write after the promotion, s" "≤ 2" get promotion_to_write_s
row "acknowledged writes lost: API / SQL" "0 / 0" pair lost_api lost_sql
row "acknowledged writes unreadable through the API" "0" get unreadable_api
row "stage moved in SQL after the failover, seen after ms (slowest of 3)" "≤ 1000" get fresh_ms
row "targets met" "" met
echo "| load average (1 min) before the run | $(printf '%s | ' "${LOAD_AVERAGES[@]}") |"
