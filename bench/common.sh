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
    -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$db" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$db" \
    -Dgateway.providers.openai.base-url="http://127.0.0.1:$mock_port/v1" \
    "${PROD_GATEWAY_OPTS[@]}" \
    -jar target/quarkus-app/quarkus-run.jar > "$work/gateway.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$gw_port/q/health/ready" 120 \
    || { echo "$tool: the gateway did not start ($work/gateway.log)" >&2; exit 1; }
}
