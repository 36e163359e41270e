#!/usr/bin/env bash
# One-command benchmark: the gateway against direct calls to a fast mock provider and against a peer gateway
# (Portkey), everything on loopback. Writes bench/results/<date>-<commit>.md.
#
#   bench/run.sh            full run (~9-11 minutes on 2 cores)
#   bench/run.sh --smoke    seconds, tiny load, no peer: proves the harness still works (CI runs this)
#
# Needs: java 17+, wrk, python3 (report); optional: nginx (the bare-proxy ceiling row; Debian package nginx-light) and
# node + npm for the peer (the report says when either is missing).
# Environment: BENCH_SKIP_BUILD=1 reuses target/quarkus-app (after ./mvnw package or verify); BENCH_JVM_OPTS replaces
# the gateway's JVM options (bench/jvm.env; "" for the JVM's defaults); BENCH_AOT=0 skips the start-up section's JDK 25
# AOT build; BENCH_DURATION,
# BENCH_WARMUP, BENCH_AFTER (seconds), BENCH_STREAM_STEPS ("250 500 ...") and BENCH_REPEAT (rounds of sections 1
# and 2; the report gives the median and the spread) override the run's sizes; BENCH_PEER=0 leaves the peer out.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work"
cd "$ROOT"

SMOKE=0
if [[ "${1:-}" == "--smoke" ]]; then SMOKE=1; fi
if (( SMOKE )); then
  DUR=1; WARM=3; AFTER=2; STREAM_STEPS="10"; STREAM_TTFT=5; PEER=0
else
  DUR=10; WARM=30; AFTER=30; STREAM_STEPS="100 250 500 1000 2000 3000"; STREAM_TTFT=20; PEER=1
fi
DUR=${BENCH_DURATION:-$DUR}; WARM=${BENCH_WARMUP:-$WARM}; AFTER=${BENCH_AFTER:-$AFTER}
REPEAT=${BENCH_REPEAT:-$(( SMOKE ? 1 : 2 ))}
PEER=${BENCH_PEER:-$PEER}
STREAM_STEPS=${BENCH_STREAM_STEPS:-$STREAM_STEPS}
MOCK_PORT=19101; GW_PORT=18180; PEER_PORT=18787; NGINX_PORT=18280; VERTX_PORT=18380
MOCK="http://127.0.0.1:$MOCK_PORT"; GW="http://127.0.0.1:$GW_PORT"; PK="http://127.0.0.1:$PEER_PORT"
NG="http://127.0.0.1:$NGINX_PORT"; VX="http://127.0.0.1:$VERTX_PORT"
CHAT_BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}]}'

for tool in java wrk python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required (apt-get install -y wrk python3 curl)" >&2; exit 1; }
done

# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
ports_free bench $MOCK_PORT $GW_PORT $PEER_PORT $NGINX_PORT $VERTX_PORT

rm -rf "$WORK"; mkdir -p "$WORK" "$BENCH/results"
RESULTS="$WORK/results.jsonl"; META="$WORK/meta.env"; : > "$RESULTS"; : > "$META"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

meta() { printf '%s=%q\n' "$1" "$2" >> "$META"; }
log() { echo "[bench $(date +%H:%M:%S)] $*"; }

wait_http() { # url [seconds]
  local deadline=$(( $(date +%s) + ${2:-60} ))
  until curl -s -o /dev/null -m 2 "$1"; do
    (( $(date +%s) < deadline )) || return 1
    sleep 0.05
  done
}

rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || echo 0; }

# --- build ------------------------------------------------------------------------------------------------------
if [[ "${BENCH_SKIP_BUILD:-0}" != "1" || ! -f target/quarkus-app/quarkus-run.jar ]]; then
  log "building the gateway"
  ./mvnw -B -q package -DskipTests
fi
log "compiling the mock provider and the stream probe"
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=runtime >/dev/null
CP="$WORK/classes:$(cat "$WORK/cp.txt")"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH"/src/*.java

meta commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
meta date "$(date -u +%Y-%m-%d)"
meta cpus "$(nproc)"
meta cpu_model "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
meta java "$(java -version 2>&1 | head -1)"
meta smoke "$SMOKE"
meta repeat "$REPEAT"

# --- processes --------------------------------------------------------------------------------------------------
log "starting the mock provider on $MOCK_PORT"
java -cp "$CP" MockUpstream "$MOCK_PORT" 1 > "$WORK/mock.log" 2>&1 &
PIDS+=($!)
wait_http "$MOCK/v1/models" 30

# nginx as a plain reverse proxy to the same mock (keep-alive upstream pool, no buffering): the ceiling an L7 proxy
# reaches on this box, so "x % of direct" can be read as "y % of what a proxy can do here".
NGINX_STATUS="not installed (apt-get install nginx-light)"
NGINX_BIN="$(command -v nginx || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } || true)"
if [[ -n "$NGINX_BIN" ]]; then
  mkdir -p "$WORK/nginx"
  cat > "$WORK/nginx/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  upstream mock { server 127.0.0.1:$MOCK_PORT; keepalive 512; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 300s;
    }
  }
}
NGINX
  "$NGINX_BIN" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" > "$WORK/nginx/stdout.log" 2>&1 &
  PIDS+=($!)
  if wait_http "$NG/v1/models" 10; then
    NGINX_STATUS="$("$NGINX_BIN" -v 2>&1 | sed 's/^nginx version: //')"
  else
    NGINX_STATUS="nginx did not start (see bench/work/nginx/error.log)"
  fi
fi
meta nginx "$NGINX_STATUS"
nginx_ok() { [[ "$NGINX_STATUS" == nginx/* ]]; }

# The bare Vert.x proxy (bench/src/BareProxy.java: server + pooled client, no features) on the gateway's Vert.x and
# Netty and its JVM line: the ceiling for a Java gateway here. Gateway vs it = the gateway's own work; it vs nginx =
# what the JVM and Vert.x cost.
# shellcheck source=bench/jvm.env
source "$BENCH/jvm.env"
VERTX_STATUS="did not start (see bench/work/vertx.log)"
# shellcheck disable=SC2086
java ${BENCH_JVM_OPTS-$GATEWAY_JVM_OPTS} -cp "$CP" BareProxy "$VERTX_PORT" "$MOCK_PORT" > "$WORK/vertx.log" 2>&1 &
PIDS+=($!)
wait_http "$VX/v1/models" 30 && VERTX_STATUS="Vert.x $(basename "$(tr ':' '\n' < "$WORK/cp.txt" | grep -m1 '/vertx-core-')" .jar | sed 's/^vertx-core-//')"
meta vertx "$VERTX_STATUS"
vertx_ok() { [[ "$VERTX_STATUS" == Vert.x\ * ]]; }

# Request logs go to PostgreSQL (default datasource, 127.0.0.1:5432/aigateway) when it answers: rows of this run are
# those created after RUN_START, compared with the gateway's own request counter (row parity).
PSQL=(psql -h 127.0.0.1 -U postgres -d aigateway -tAqc)
# A PostgreSQL without the database: create it, as the gateway would, before RUN_START is read from it.
PSQL_ADMIN=(psql -h 127.0.0.1 -U postgres -d postgres -tAqc)
if command -v psql >/dev/null && "${PSQL_ADMIN[@]}" "select 1" >/dev/null 2>&1 \
    && [[ -z "$("${PSQL_ADMIN[@]}" "select 1 from pg_database where datname = 'aigateway'")" ]]; then
  log "creating database aigateway"
  "${PSQL_ADMIN[@]}" "create database aigateway" >/dev/null || log "could not create database aigateway"
fi
RUN_START=$("${PSQL[@]}" "select now()" 2>/dev/null || true)
meta pg "$([[ -n "$RUN_START" ]] && "${PSQL[@]}" "show server_version" 2>/dev/null || echo none)"

# The shipped JVM line (bench/jvm.env: heap, collector, caps) unless BENCH_JVM_OPTS says otherwise ("" for the JVM's
# defaults); GC pauses go to gc.log for the report.
# shellcheck source=bench/jvm.env
source "$BENCH/jvm.env"
JVM_OPTS=${BENCH_JVM_OPTS-$GATEWAY_JVM_OPTS}
meta jvm_opts "${JVM_OPTS:-(JVM defaults)}"
log "starting the gateway on $GW_PORT"
# Section 7's dynamic route: two model elements, the first (the mock) serves; the second is only its fallback.
ROUTE_TWO='[{"id":"start","type":"start","outputs":{"next":{"elementId":"first"}}},
{"id":"first","type":"model","properties":{"provider":"openai","model":"gpt-4o-mini"},"outputs":{"success":{"elementId":"end"},"fallback":{"elementId":"second"}}},
{"id":"second","type":"model","properties":{"provider":"custom-lat20","model":"gpt-4o-mini"},"outputs":{"success":{"elementId":"end"}}},
{"id":"end","type":"end"}]'
ROUTE_TWO=${ROUTE_TWO//$'\n'/}
GW_START=$(date +%s%N)
# shellcheck disable=SC2086
java $JVM_OPTS -Xlog:gc:file="$WORK/gc.log" -Dquarkus.http.port="$GW_PORT" \
  -Dgateway.upstream.max-pool-size=4096 -Dgateway.logs.spool-dir="$WORK/spool" \
  -Dgateway.providers.openai.base-url="$MOCK/v1" \
  -Dgateway.providers.\"custom-lat20\".base-url="$MOCK/lat=20/v1" \
  -Dgateway.providers.\"custom-stream\".base-url="$MOCK/chunks=64/pace=20/v1" \
  -Dgateway.providers.\"custom-short\".base-url="$MOCK/chunks=4/pace=20/v1" \
  -Dgateway.providers.anthropic.base-url="$MOCK/chunks=4/pace=20" \
  "${PROD_GATEWAY_OPTS[@]}" \
  -Dgateway.gateways.nolog.collect-logs=false \
  -Dgateway.gateways.routed.routes.two="$ROUTE_TWO" \
  -jar target/quarkus-app/quarkus-run.jar > "$WORK/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=($GW_PID)
until curl -s -o /dev/null -m 1 "$GW/q/health/ready"; do sleep 0.02; done
meta start_ms $(( ($(date +%s%N) - GW_START) / 1000000 ))
sleep 2
meta rss_idle_kb "$(rss_kb $GW_PID)"

PEER_STATUS="skipped (smoke mode)"
if (( PEER )); then
  PEER_STATUS="not started"
  if command -v node >/dev/null && command -v npm >/dev/null; then
    PEER_DIR="$BENCH/.peer"
    if [[ ! -f "$PEER_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" ]]; then
      log "installing @portkey-ai/gateway 1.15.2 into bench/.peer"
      mkdir -p "$PEER_DIR"
      (cd "$PEER_DIR" && npm install --no-audit --no-fund --silent @portkey-ai/gateway@1.15.2 >/dev/null 2>&1) || true
    fi
    if [[ -f "$PEER_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" ]]; then
      log "starting Portkey on $PEER_PORT"
      (cd "$PEER_DIR" && exec node node_modules/@portkey-ai/gateway/build/start-server.js --port=$PEER_PORT --headless) \
        > "$WORK/peer.log" 2>&1 &
      PEER_PID=$!
      PIDS+=($PEER_PID)
      if wait_http "$PK/" 30 && curl -sf -m 10 -X POST "$PK/v1/chat/completions" -H 'content-type: application/json' \
          -H 'authorization: Bearer sk-bench' -H 'x-portkey-provider: openai' \
          -H "x-portkey-custom-host: $MOCK/v1" -d "$CHAT_BODY" | grep -q chatcmpl; then
        PEER_STATUS="Portkey 1.15.2 ($(node --version))"
      else
        PEER_STATUS="Portkey 1.15.2 could not proxy to the mock (see bench/work/peer.log)"
        kill "$PEER_PID" 2>/dev/null || true
      fi
    else
      PEER_STATUS="npm could not install @portkey-ai/gateway 1.15.2"
    fi
  else
    PEER_STATUS="node/npm not installed"
  fi
fi
meta peer "$PEER_STATUS"
peer_ok() { [[ "$PEER_STATUS" == Portkey\ 1.15.2\ \(* ]]; }

# --- helpers ----------------------------------------------------------------------------------------------------
# load <scenario> <target> <url> <connections> [extra env...]: one wrk run, one JSON line in results
load() {
  local scenario=$1 target=$2 url=$3 conns=$4; shift 4
  local threads=$(( conns < 2 ? 1 : 2 ))
  local out
  out=$(env "$@" wrk -t"$threads" -c"$conns" -d"${DUR}s" --timeout 10s -s "$BENCH/wrk/chat.lua" "$url" | tail -1)
  echo "{\"scenario\":\"$scenario\",\"target\":\"$target\",\"connections\":$conns,${out:1}" >> "$RESULTS"
  log "$scenario $target c=$conns: $out"
}
warm() { env "${@:3}" wrk -t2 -c32 -d"$1"s -s "$BENCH/wrk/chat.lua" "$2" > /dev/null; }
probe() { # <scenario> <target> <url> <streams> <sequential|concurrent> [header:value...]
  local scenario=$1 target=$2 url=$3 n=$4 mode=$5; shift 5
  local out
  out=$(java -cp "$CP" StreamProbe "$url" "$n" 100 "$mode" "$@" | tail -1)
  echo "{\"scenario\":\"$scenario\",\"target\":\"$target\",${out:1}" >> "$RESULTS"
  log "$scenario $target: $out"
  echo "$out"
}
PK_HEADERS="authorization: Bearer sk-bench|x-portkey-provider: openai"
GW_DIRECT="$GW/v1/acct/default/openai/chat/completions"

# --- warm-up (the JVM compiles the hot path) ----------------------------------------------------------------------
log "warming up ($WARM s gateway)"
warm "$WARM" "$GW_DIRECT" BENCH_HEADERS="authorization: Bearer sk-bench"
warm "$WARM" "$GW/v1/acct/prod/openai/chat/completions" BENCH_HEADERS="cf-aig-authorization: Bearer bench-gateway-token" BENCH_MIX=50
vertx_ok && warm "$(( SMOKE ? 1 : 15 ))" "$VX/v1/chat/completions" BENCH_HEADERS="authorization: Bearer sk-bench"
if peer_ok; then warm 10 "$PK/v1/chat/completions" BENCH_HEADERS="$PK_HEADERS|x-portkey-custom-host: $MOCK/v1"; fi

# --- 1. added latency at c=1 --------------------------------------------------------------------------------------
# Sections 1 and 2 run REPEAT rounds, targets interleaved, so the report can show the spread next to the median.
for round in $(seq 1 "$REPEAT"); do
  load s1 direct "$MOCK/v1/chat/completions" 1 BENCH_HEADERS="authorization: Bearer sk-bench"
  nginx_ok && load s1 nginx "$NG/v1/chat/completions" 1 BENCH_HEADERS="authorization: Bearer sk-bench"
  vertx_ok && load s1 vertx "$VX/v1/chat/completions" 1 BENCH_HEADERS="authorization: Bearer sk-bench"
  load s1 gateway "$GW_DIRECT" 1 BENCH_HEADERS="authorization: Bearer sk-bench"
  peer_ok && load s1 peer "$PK/v1/chat/completions" 1 BENCH_HEADERS="$PK_HEADERS|x-portkey-custom-host: $MOCK/v1"
done

# --- 2. throughput at c=64, upstream latency 0 and 20 ms (with RSS sampled under load) ---------------------------
for round in $(seq 1 "$REPEAT"); do
  load s2 direct "$MOCK/v1/chat/completions" 64 BENCH_HEADERS="authorization: Bearer sk-bench"
  nginx_ok && load s2 nginx "$NG/v1/chat/completions" 64 BENCH_HEADERS="authorization: Bearer sk-bench"
  vertx_ok && load s2 vertx "$VX/v1/chat/completions" 64 BENCH_HEADERS="authorization: Bearer sk-bench"
  ( peak=$(cat "$WORK/rss_peak" 2>/dev/null || echo 0)
    while kill -0 $GW_PID 2>/dev/null; do r=$(rss_kb $GW_PID); (( r > peak )) && peak=$r && echo $peak > "$WORK/rss_peak"; sleep 0.5; done ) &
  SAMPLER=$!
  load s2 gateway "$GW_DIRECT" 64 BENCH_HEADERS="authorization: Bearer sk-bench"
  kill $SAMPLER 2>/dev/null || true
  load s2 gateway-nolog "$GW/v1/acct/nolog/openai/chat/completions" 64 BENCH_HEADERS="authorization: Bearer sk-bench"
  peer_ok && load s2 peer "$PK/v1/chat/completions" 64 BENCH_HEADERS="$PK_HEADERS|x-portkey-custom-host: $MOCK/v1"
done
meta rss_load_kb "$(cat "$WORK/rss_peak" 2>/dev/null || echo 0)"
for round in $(seq 1 "$REPEAT"); do
  load s2-20ms direct "$MOCK/lat=20/v1/chat/completions" 64 BENCH_HEADERS="authorization: Bearer sk-bench"
  nginx_ok && load s2-20ms nginx "$NG/lat=20/v1/chat/completions" 64 BENCH_HEADERS="authorization: Bearer sk-bench"
  vertx_ok && load s2-20ms vertx "$VX/lat=20/v1/chat/completions" 64 BENCH_HEADERS="authorization: Bearer sk-bench"
  load s2-20ms gateway "$GW/v1/acct/default/custom-lat20/chat/completions" 64 BENCH_HEADERS="authorization: Bearer sk-bench"
  peer_ok && load s2-20ms peer "$PK/v1/chat/completions" 64 BENCH_HEADERS="$PK_HEADERS|x-portkey-custom-host: $MOCK/lat=20/v1"
done

# --- 3. production path: gateway token, stored key, cache (50 % repeated prompts), per-token limit, request logs --
metric_sum() { curl -s "$GW/q/metrics" | awk -v m="$1" -v f="$2" '(index($0, m"{")==1 || $1==m) && index($0, f) {s+=$NF} END {printf "%d", s}'; }
hits0=$(metric_sum gateway_cache_events_total 'event="hit",gateway="prod"')
miss0=$(metric_sum gateway_cache_events_total 'event="miss",gateway="prod"')
( peak=0; while kill -0 $GW_PID 2>/dev/null; do q=$(metric_sum gateway_log_queue_depth ''); (( q > peak )) && peak=$q && echo $peak > "$WORK/queue_peak"; sleep 0.5; done ) &
SAMPLER=$!
load s3 gateway "$GW/v1/acct/prod/openai/chat/completions" 64 \
  BENCH_HEADERS="cf-aig-authorization: Bearer bench-gateway-token" BENCH_MIX=50
kill $SAMPLER 2>/dev/null || true
meta s3_queue_peak "$(cat "$WORK/queue_peak" 2>/dev/null || echo 0)"
meta s3_hits $(( $(metric_sum gateway_cache_events_total 'event="hit",gateway="prod"') - hits0 ))
meta s3_misses $(( $(metric_sum gateway_cache_events_total 'event="miss",gateway="prod"') - miss0 ))

# row parity: every request the gateway counted has its row once the queue drained (nothing dropped)
parity() { # <meta prefix> <gateway id>: requests counted vs rows written since the run started
  [[ -n "$RUN_START" ]] || return 0
  local t0=$SECONDS
  # the queue and the spool (rows spilled to disk while the queue ran high) both empty: up to 15 minutes
  for _ in $(seq 1 4500); do
    [[ "$(metric_sum gateway_log_queue_depth '')" == 0 && "$(metric_sum gateway_log_spool_rows '')" == 0 ]] && break
    sleep 0.2
  done
  meta "${1}_drain_s" $(( SECONDS - t0 ))
  meta "${1}_spooled" "$(metric_sum gateway_log_rows_spooled_total '')"
  meta "${1}_requests" "$(metric_sum gateway_requests_total "gateway=\"$2\"")"
  meta "${1}_rows" "$("${PSQL[@]}" "select count(*) from request_logs where gateway_id = '$2' and created_at >= '$RUN_START'")"
  meta "${1}_dropped" "$(metric_sum gateway_log_rows_dropped_total '')"
}
parity s3_parity prod

# --- 4. cache-hit latency at c=1 ----------------------------------------------------------------------------------
curl -s -o /dev/null -X POST "$GW/v1/acct/prod/openai/chat/completions" -H 'content-type: application/json' \
  -H 'cf-aig-authorization: Bearer bench-gateway-token' -d "$CHAT_BODY"
load s4 gateway "$GW/v1/acct/prod/openai/chat/completions" 1 \
  BENCH_HEADERS="cf-aig-authorization: Bearer bench-gateway-token"

# --- 5. streaming: added TTFT, largest stall-free concurrency (64 chunks x 20 ms) --------------------------------
# TTFT: one stream at a time on a kept-alive connection (4 chunks x 20 ms each), after the probe's own warm-up.
probe s5-ttft direct "$MOCK/chunks=4/pace=20/v1/chat/completions" "$STREAM_TTFT" sequential >/dev/null
nginx_ok && probe s5-ttft nginx "$NG/chunks=4/pace=20/v1/chat/completions" "$STREAM_TTFT" sequential >/dev/null
probe s5-ttft gateway "$GW/v1/acct/default/custom-short/chat/completions" "$STREAM_TTFT" sequential >/dev/null
peer_ok && probe s5-ttft peer "$PK/v1/chat/completions" "$STREAM_TTFT" sequential "authorization:Bearer sk-bench" \
  "x-portkey-provider:openai" "x-portkey-custom-host:$MOCK/chunks=4/pace=20/v1" >/dev/null
stall_free() { # target url [headers...]: walks the steps until one stalls or fails
  local target=$1 url=$2; shift 2
  local best=0 out
  for n in $STREAM_STEPS; do
    out=$(probe s5-streams "$target" "$url" "$n" concurrent "$@")
    if [[ "$out" == *'"stalled":0}'* && "$out" == *"\"completed\":$n,"* ]]; then best=$n; else break; fi
    [[ "$target" == gateway ]] && meta "rss_streams_${n}_kb" "$(rss_kb $GW_PID)"
  done
  meta "stall_free_$target" "$best"
}
stall_free direct "$MOCK/chunks=64/pace=20/v1/chat/completions"
nginx_ok && stall_free nginx "$NG/chunks=64/pace=20/v1/chat/completions"
( peak=0; while kill -0 $GW_PID 2>/dev/null; do r=$(rss_kb $GW_PID); (( r > peak )) && peak=$r && echo $peak > "$WORK/rss_stream_peak"; sleep 0.2; done ) &
SAMPLER=$!
stall_free gateway "$GW/v1/acct/default/custom-stream/chat/completions"
kill $SAMPLER 2>/dev/null || true
meta rss_streams_peak_kb "$(cat "$WORK/rss_stream_peak" 2>/dev/null || echo 0)"
if peer_ok; then
  STREAM_STEPS_PEER="${STREAM_STEPS_PEER:-16 32 64 128 250}"
  STREAM_STEPS_SAVED=$STREAM_STEPS; STREAM_STEPS=$STREAM_STEPS_PEER
  stall_free peer "$PK/v1/chat/completions" "authorization:Bearer sk-bench" "x-portkey-provider:openai" \
    "x-portkey-custom-host:$MOCK/chunks=64/pace=20/v1"
  STREAM_STEPS=$STREAM_STEPS_SAVED
fi

# --- 7. unified API: added latency of translation at c=1, TTFT of a translated stream -------------------------------
# A ~2 KB OpenAI chat request on …/compat/chat/completions: translated to Anthropic Messages (anthropic/…, the mock's
# /v1/messages), passed through to an OpenAI-family target (openai/…), and the same request native (provider URL).
# TTFT: a translated stream (Anthropic events → OpenAI chunks) vs a passthrough one via compat (custom-short/…), both
# 4 chunks × 20 ms. Functions of their own so the rest of the harness stays as it is.
compat_body() { # <model> [stream]: a ~2 KB OpenAI chat request, one line of JSON
  python3 - "$1" "${2:-}" <<'PY'
import json, sys
text = "The benchmark repeats this sentence so that the prompt of the request is about two kilobytes long. " * 19
body = {"model": sys.argv[1], "max_tokens": 256, "messages": [
    {"role": "system", "content": "You are a concise assistant."}, {"role": "user", "content": text}]}
if sys.argv[2]:
    body["stream"] = True
print(json.dumps(body, separators=(",", ":")))
PY
}
compat_bench() {
  local url="$GW/v1/acct/default/compat/chat/completions" auth="authorization: Bearer sk-bench"
  local to_anthropic to_openai native via_route routed="$GW/v1/acct/routed/compat/chat/completions"
  to_anthropic=$(compat_body anthropic/claude-sonnet-4-5)
  via_route=$(compat_body dynamic/two)
  to_openai=$(compat_body openai/gpt-4o-mini)
  native=$(compat_body gpt-4o-mini)
  meta compat_body_bytes "${#to_anthropic}"
  log "warming up the unified API ($WARM s per target)"
  warm "$WARM" "$url" BENCH_HEADERS="$auth" BENCH_BODY="$to_anthropic"
  warm "$WARM" "$url" BENCH_HEADERS="$auth" BENCH_BODY="$to_openai"
  warm "$WARM" "$routed" BENCH_HEADERS="$auth" BENCH_BODY="$via_route"
  for round in $(seq 1 "$REPEAT"); do
    load s7 native "$GW_DIRECT" 1 BENCH_HEADERS="$auth" BENCH_BODY="$native"
    load s7 compat-passthrough "$url" 1 BENCH_HEADERS="$auth" BENCH_BODY="$to_openai"
    load s7 compat-anthropic "$url" 1 BENCH_HEADERS="$auth" BENCH_BODY="$to_anthropic"
    load s7 routed-direct "$routed" 1 BENCH_HEADERS="$auth" BENCH_BODY="$to_openai"
    load s7 routed-2-nodes "$routed" 1 BENCH_HEADERS="$auth" BENCH_BODY="$via_route"
  done
  export PROBE_BODY
  PROBE_BODY=$(compat_body custom-short/gpt-4o-mini stream)
  probe s7-ttft compat-passthrough "$url" "$STREAM_TTFT" sequential "authorization:Bearer sk-bench" >/dev/null
  PROBE_BODY=$(compat_body anthropic/claude-sonnet-4-5 stream)
  probe s7-ttft compat-anthropic "$url" "$STREAM_TTFT" sequential "authorization:Bearer sk-bench" >/dev/null
  unset PROBE_BODY
}
compat_bench

parity run_parity default
meta nolog_rows "$([[ -n "$RUN_START" ]] && "${PSQL[@]}" "select count(*) from request_logs where gateway_id = 'nolog' and created_at >= '$RUN_START'" || echo -)"

# --- 6. memory after the load -------------------------------------------------------------------------------------
sleep "$AFTER"
meta rss_after_kb "$(rss_kb $GW_PID)"
meta after_s "$AFTER"

# GC over the whole run: pauses, their total and the longest (from -Xlog:gc)
read -r gc_n gc_total gc_max < <(awk '/Pause/ && match($0, /[0-9.]+ms$/) { v = substr($0, RSTART, RLENGTH - 2) + 0; n++;
  s += v; if (v > m) m = v } END { printf "%d %.0f %.1f\n", n, s, m }' "$WORK/gc.log")
meta gc_pauses "$gc_n"; meta gc_total_ms "$gc_total"; meta gc_max_ms "$gc_max"

# --- 8. start to ready: the plain jar, the shipped options, and those with the JDK 25 AOT cache -----------------
# (bench/startup.sh, starts interleaved; the AOT build needs a JDK 25: bench/jvm.env says where; BENCH_AOT=0 skips it)
if (( ! SMOKE )) && [[ "${BENCH_AOT:-1}" == 1 && -x "$JDK25/bin/java" ]]; then
  log "building the AOT cache (bench/aot.sh)"
  if bash "$BENCH/aot.sh" > "$WORK/aot.log" 2>&1; then
    bash "$BENCH/startup.sh" -n "${BENCH_STARTUP_RUNS:-5}" --aot > "$WORK/startup.txt" 2>&1 || true
    for v in jar jar-opts aot-jdk25; do
      meta "start_${v//-/_}" "$(awk -v l="$v" '$1 == l && NF >= 5 && $2 ~ /^[0-9]+$/ { print $2 "/" $5; exit }' "$WORK/startup.txt")"
    done
  else
    meta start_aot_error "bench/aot.sh failed (see bench/work/aot.log)"
  fi
fi

REPORT="$BENCH/results/$(date -u +%Y-%m-%d)-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ $SMOKE == 1 ]] && echo -smoke || true).md"
python3 "$BENCH/report.py" "$RESULTS" "$META" > "$REPORT"
log "report: ${REPORT#$ROOT/}"
cat "$REPORT"
