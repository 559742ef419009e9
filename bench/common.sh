# What bench/run.sh and bench/ab.sh share: settings, the data set's database, the service's start and
# one measured load. Sourced from the project root, after .ci/find-jdk.

CONNECTIONS=${CONNECTIONS:-64}
JVM_OPTS=${JVM_OPTS:-@jvm.options}
PORT=18080
MANAGEMENT_PORT=18081
PROJECT=be0c4000be0c4000be0c4000be0c4000
WORK=target/bench
mkdir -p "$WORK"

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)"
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi

TOKEN="bench-token-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
TOKEN_SHA256=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
MASTER_KEY=$(head -c 32 /dev/urandom | base64)
PIDS=()
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# build_bench_classpath -> the test classpath that BenchDatabase and BenchSignedRequests run on
# write_section TITLE FILE -> puts FILE (which starts with "## TITLE") in bench/RESULTS.md in place of
# the section of that title, or above the first section when there is none yet
write_section() {
  touch bench/RESULTS.md
  awk -v section="$2" -v title="## $1" '
    function put() { while ((getline line < section) > 0) print line; placed = 1 }
    $0 == title { skipping = 1; removed = 1; next }
    skipping && /^## / { skipping = 0 }
    skipping { next }
    !placed && /^## / { put() }
    { print }
    END { if (!placed) { if (NR > 0 && !removed) print ""; put() } }
  ' bench/RESULTS.md > "$WORK/RESULTS.md"
  mv "$WORK/RESULTS.md" bench/RESULTS.md
  echo "Wrote the section \"$1\" of bench/RESULTS.md"
}

# build_service_jar -> sets SERVICE_JAR to the service's jar, built when absent or older than the sources
# (a stale jar would measure yesterday's service)
build_service_jar() {
  SERVICE_JAR=$(ls target/secret-stage-service-*.jar 2>/dev/null | grep -v plain | head -1 || true)
  if [ -z "$SERVICE_JAR" ] || [ -n "$(find src/main db pom.xml -newer "$SERVICE_JAR" -print -quit)" ]; then
    echo "Building the service"
    ./mvnw -B -q -ntp -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true package
    SERVICE_JAR=$(ls target/secret-stage-service-*.jar | grep -v plain | head -1)
  fi
}

build_bench_classpath() {
  ./mvnw -B -q -ntp -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true test-compile
  ./mvnw -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"
}

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

# start_database COUNT -> an embedded PostgreSQL with COUNT secrets (3 versions, 3 stages each); sets
# DB_PID and JDBC_URL. It stops when file descriptor 9 is closed (exec 9>&-).
start_database() {
  rm -f "$WORK/db.in"; mkfifo "$WORK/db.in"
  java -cp "target/test-classes:target/classes:$(cat "$WORK/classpath.txt")" io.secretstage.BenchDatabase "$1" \
    < "$WORK/db.in" > "$WORK/db-$1.log" 2>&1 &
  DB_PID=$!; PIDS+=("$DB_PID")
  exec 9> "$WORK/db.in"
  for _ in $(seq 1 1200); do grep -q '^JDBC_URL=' "$WORK/db-$1.log" && break; sleep 0.5; done
  JDBC_URL=$(sed -n 's/^JDBC_URL=//p' "$WORK/db-$1.log")
  grep '^LOADED=' "$WORK/db-$1.log"
}

# extracted JAR -> the directory JAR is extracted to, as the image has it (app.jar and lib/, run on the JDK's
# own class path rather than Spring Boot's nested-jar class loader), made once per jar
extracted() {
  local dir; dir="$WORK/extracted/$(realpath "$1" | sha256sum | cut -c1-12)"
  if [ ! -f "$dir/app.jar" ] || [ "$1" -nt "$dir/app.jar" ]; then
    java -Djarmode=tools -jar "$1" extract --destination "$dir" --application-filename app.jar --force >/dev/null
  fi
  echo "$dir"
}

# start_service JAR COUNT -> the service from JAR on the database, as the image runs it (extracted, with
# JVM_OPTS, and SERVICE_ARGS on its command line), configured from the environment as docs/configuration.md says; sets SERVICE_PID and READY (ms to ready)
start_service() {
  local app; app="$(extracted "$1")/app.jar"
  # A service of an earlier run still shutting down would answer in this one's place.
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/" || break
    sleep 0.1
  done
  local start; start=$(now_ms)
  SPRING_DATASOURCE_URL=$JDBC_URL SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
  CSMS_CRYPTO_MASTER_KEYS_0_ID=bench CSMS_CRYPTO_MASTER_KEYS_0_KEY=$MASTER_KEY \
  CSMS_IDENTITY_STATIC_TOKENS_0_SHA256=$TOKEN_SHA256 CSMS_IDENTITY_STATIC_TOKENS_0_PROJECT_ID=$PROJECT \
  CSMS_IDENTITY_STATIC_TOKENS_0_USER_ID=bench \
    java $JVM_OPTS -jar "$app" --server.port=$PORT --management.server.port=$MANAGEMENT_PORT \
    --csms.stage-cache.max-size=$(( $2 > 100000 ? $2 : 100000 )) ${SERVICE_ARGS:-} \
    > "$WORK/service-$2.log" 2>&1 &
  SERVICE_PID=$!; PIDS+=("$SERVICE_PID")
  READY=$(wait_ready "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" "$start")
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
