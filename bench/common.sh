# Shared by bench/run.sh, bench/memory.sh and bench/alloc.sh (sourced).

# The production path's gateway: a gateway token, a stored key, the cache and a per-key token limit (the limit high
# enough never to refuse: it is the Redis work that is measured, not refusals).
PROD_GATEWAY_OPTS=(
  -Dgateway.gateways.prod.tokens=bench-gateway-token
  -Dgateway.gateways.prod.provider-keys.openai=sk-bench-stored
  -Dgateway.gateways.prod.cache-ttl=3600
  -Dgateway.gateways.prod.limits.per-key.identifier=token
  -Dgateway.gateways.prod.limits.per-key.limit=1000000000
  -Dgateway.gateways.prod.limits.per-key.interval=60
)

# ports_free <tool> <port>...: a process left on one of our ports would be measured instead of ours: refuse to start.
ports_free() {
  local tool=$1 port; shift
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$tool: port $port is already in use (a leftover gateway, mock or peer?); stop it first" >&2
      exit 1
    fi
  done
}

# start_profiled <tool> <work dir> <database> <mock port> <gateway port>: compiles the mock, starts it, then the jar with
# the shipped JVM line (bench/jvm.env), deep JFR stacks and the production gateway; appends both pids to PIDS (the
# gateway's last). bench/alloc.sh and bench/cpu.sh record JFR from it.
start_profiled() {
  local tool=$1 work=$2 db=$3 mock_port=$4 gw_port=$5 cp
  ./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime >/dev/null
  cp="$work/classes:$(cat "$work/cp.txt")"
  javac -nowarn -d "$work/classes" -cp "$cp" "$BENCH"/src/*.java
  java -cp "$cp" MockUpstream "$mock_port" 1 > "$work/mock.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$mock_port/v1/models" 30
  # shellcheck disable=SC2086
  java $GATEWAY_JVM_OPTS -XX:FlightRecorderOptions:stackdepth=256 -Dquarkus.http.port="$gw_port" \
    -Dgateway.logs.spool-dir="$work/spool" \
    -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$db" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$db" \
    -Dgateway.providers.openai.base-url="http://127.0.0.1:$mock_port/v1" \
    "${PROD_GATEWAY_OPTS[@]}" -Dgateway.gateways.nolog.collect-logs=false \
    -jar target/quarkus-app/quarkus-run.jar > "$work/gateway.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$gw_port/q/health/ready" 120 \
    || { echo "$tool: the gateway did not start ($work/gateway.log)" >&2; exit 1; }
  # The first recording a JVM starts deoptimises its compiled code (JFR's own classes load and instrument): a
  # recording started after a warm-up measured the re-compilation (~2k instead of ~12k req/s at c=64 for ~20 s). Start
  # and drop one now, before any warm-up, so the scenarios' recordings see steady code.
  jcmd "${PIDS[-1]}" JFR.start name=prime settings=profile > /dev/null
  sleep 1
  jcmd "${PIDS[-1]}" JFR.stop name=prime > /dev/null
}

# thread_ticks <pid>: "<thread group> <ticks>" lines, the group being the thread's name without its number
thread_ticks() {
  local f s name
  for f in /proc/"$1"/task/*/stat; do
    s=$(cat "$f" 2>/dev/null) || continue
    name=${s#*(}; name=${name%%)*}
    s=${s##*) }
    read -r -a a <<< "$s"
    echo "$(sed -E 's/[-#]?[0-9]+$//' <<< "$name") $(( a[11] + a[12] ))"
  done | awk '{ n = $NF; $NF = ""; sub(/ $/, ""); t[$0] += n } END { for (k in t) print k, t[k] }'
}
# compiler_ticks <pid>: CPU clock ticks the JVM's JIT compiler threads (C1, C2) have used so far
compiler_ticks() {
  thread_ticks "$1" | awk '/^C[12] CompilerThre/ { t += $NF } END { print t + 0 }'
}

# warm_until_compiled <pid> <connections> <url> [env...]: wrk in 5-s steps until the JIT compilers used under 5 % of one
# core in a step (at most 24 steps, 2 minutes). A fixed 10-s warm-up at c=64 left C2 compiling for the first
# scenario's whole window (6.9 s of compiler CPU in 15 s, the event loops at 3x their steady CPU per request).
warm_until_compiled() {
  local pid=$1 conns=$2 url=$3 step t0 t1; shift 3
  for step in $(seq 1 24); do
    t0=$(compiler_ticks "$pid")
    env "$@" wrk -t2 -c"$conns" -d5s -s "$BENCH/wrk/chat.lua" "$url" > /dev/null
    t1=$(compiler_ticks "$pid")
    (( (t1 - t0) * 100 < 5 * 5 * $(getconf CLK_TCK) )) && { echo "$step"; return; }
  done
  echo "24 (still compiling)"
}
