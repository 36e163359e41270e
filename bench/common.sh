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
