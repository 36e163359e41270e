#!/usr/bin/env bash
# Memory of the gateway under load, per set of JVM options, the variants interleaved round by round (A B A B ...)
# so a machine busy with other work weighs on each alike. For each start: passthrough with a request-log row per
# request at c=64 (wrk, RSS sampled every 0.5 s), then 2,000 concurrent streams (64 chunks x 20 ms, bench/src/
# StreamProbe), then RSS after a pause; GC pauses (count and total, from -Xlog:gc) and p99 are reported with RSS.
#
#   bench/memory.sh                              the default variants: no options (the JVM's default heap), the
#                                                shipped options (bench/jvm.env, the Dockerfile's and k8s' line) and
#                                                the same with G1 instead of Serial
#   bench/memory.sh -r 2 'none=' 'serial=-XX:+UseSerialGC -Xmx128m'
#
# Environment: BENCH_MEM_DURATION (s of wrk per start, 20), BENCH_MEM_WARMUP (10), BENCH_MEM_STREAMS (2000),
# BENCH_MEM_AFTER (10), BENCH_MEM_DB (aigateway_bench_memory), JAVA (the gateway's java, default java). Needs wrk, curl; PostgreSQL for the log rows.
# Reuses target/quarkus-app (./mvnw package first).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work/memory"
cd "$ROOT"
ROUNDS=1
VARIANTS=()
while (( $# )); do
  case "$1" in
    -r) ROUNDS=$2; shift 2 ;;
    *) VARIANTS+=("$1"); shift ;;
  esac
done
# shellcheck source=bench/jvm.env
source "$BENCH/jvm.env"
(( ${#VARIANTS[@]} )) || VARIANTS=("default-heap=" "shipped=$GATEWAY_JVM_OPTS" \
  "shipped-g1=${GATEWAY_JVM_OPTS/-XX:+UseSerialGC -Xms128m/-XX:+UseG1GC -Xms64m}")
DUR=${BENCH_MEM_DURATION:-20}; WARM=${BENCH_MEM_WARMUP:-10}; STREAMS=${BENCH_MEM_STREAMS:-2000}
AFTER=${BENCH_MEM_AFTER:-10}; JAVA=${JAVA:-java}
# A database of its own (the gateway creates it and migrates it): the figures do not depend on what other runs left.
DB=${BENCH_MEM_DB:-aigateway_bench_memory}
MOCK_PORT=19111; GW_PORT=18191
MOCK="http://127.0.0.1:$MOCK_PORT"; GW="http://127.0.0.1:$GW_PORT"

# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
ports_free memory $MOCK_PORT $GW_PORT
[[ -f target/quarkus-app/quarkus-run.jar ]] || { echo "memory: run ./mvnw package -DskipTests first" >&2; exit 1; }

rm -rf "$WORK"; mkdir -p "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
log() { echo "[memory $(date +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $*"; }
rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || echo 0; }
wait_http() { local d=$(( $(date +%s) + ${2:-60} )); until curl -s -o /dev/null -m 2 "$1"; do (( $(date +%s) < d )) || return 1; sleep 0.05; done; }

./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=runtime >/dev/null
CP="$WORK/classes:$(cat "$WORK/cp.txt")"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH"/src/*.java
java -cp "$CP" MockUpstream "$MOCK_PORT" 1 > "$WORK/mock.log" 2>&1 &
PIDS+=($!)
wait_http "$MOCK/v1/models" 30

sampler() { # <pid> <file>: the peak RSS while it runs
  local peak=0 r
  while kill -0 "$1" 2>/dev/null; do r=$(rss_kb "$1"); (( r > peak )) && peak=$r && echo "$peak" > "$2"; sleep 0.5; done
}
thread_cpu() { # <pid> <thread name prefix>: CPU ms used so far by the process's threads whose name starts so
  local t c
  for t in /proc/"$1"/task/*; do
    read -r c < "$t/comm" 2>/dev/null || continue
    if [[ "$c" == "$2"* ]]; then awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null || true; fi
  done | awk -v hz="$(getconf CLK_TCK)" '{ s += $1 } END { printf "%d", s * 1000 / hz }'
}
gc_totals() { # <gc log>: "<pauses> <total ms> <max ms>"
  awk '/Pause/ && match($0, /[0-9.]+ms$/) { v = substr($0, RSTART, RLENGTH - 2) + 0; n++; s += v; if (v > m) m = v }
       END { printf "%d %.0f %.1f", n, s, m }' "$1"
}

: > "$WORK/results.txt"
one() { # <label> <opts> <round>
  local label=$1 opts=$2 round=$3 gclog="$WORK/$1-$3.gc.log"
  # shellcheck disable=SC2086
  "$JAVA" $opts -Xlog:gc:file="$gclog" -Dquarkus.http.port=$GW_PORT -Dgateway.logs.spool-dir="$WORK/spool" \
    -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$DB" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    -Dgateway.upstream.max-pool-size=4096 \
    -Dgateway.providers.openai.base-url="$MOCK/v1" \
    -Dgateway.providers.\"custom-stream\".base-url="$MOCK/chunks=64/pace=20/v1" \
    -jar target/quarkus-app/quarkus-run.jar > "$WORK/$label-$round.log" 2>&1 &
  local gw=$!
  PIDS+=($gw)
  wait_http "$GW/q/health/ready" 60
  sleep 2
  local idle; idle=$(rss_kb $gw)
  BENCH_HEADERS="authorization: Bearer sk-bench" wrk -t2 -c32 -d"${WARM}s" -s "$BENCH/wrk/chat.lua" \
    "$GW/v1/acct/default/openai/chat/completions" > /dev/null
  local before; before=$(gc_totals "$gclog")
  echo 0 > "$WORK/peak"; sampler $gw "$WORK/peak" & local s=$!
  local out; out=$(BENCH_HEADERS="authorization: Bearer sk-bench" wrk -t2 -c64 -d"${DUR}s" --timeout 10s \
    -s "$BENCH/wrk/chat.lua" "$GW/v1/acct/default/openai/chat/completions" | tail -1)
  kill $s 2>/dev/null || true; wait $s 2>/dev/null || true
  local peak64; peak64=$(cat "$WORK/peak")
  local during; during=$(gc_totals "$gclog")
  echo 0 > "$WORK/peak"; sampler $gw "$WORK/peak" & s=$!
  local streams; streams=$(java -cp "$CP" StreamProbe "$GW/v1/acct/default/custom-stream/chat/completions" \
    "$STREAMS" 100 concurrent | tail -1)
  kill $s 2>/dev/null || true; wait $s 2>/dev/null || true
  local peakS; peakS=$(cat "$WORK/peak")
  # where the request-log batches ran: the writer's own thread, next to the request event loops
  local writer loops
  writer=$(thread_cpu $gw aigateway-log); loops=$(thread_cpu $gw vert.x-eventloo)
  sleep "$AFTER"
  local after; after=$(rss_kb $gw)
  kill -TERM $gw; wait $gw 2>/dev/null || true
  local total; total=$(gc_totals "$gclog")
  # GC during the c=64 run only: totals after it minus totals before it
  read -r n0 s0 _ <<< "$before"; read -r n1 s1 m1 <<< "$during"
  local rps p99 comp stalled
  rps=$(sed 's/.*"rps":\([0-9.]*\).*/\1/' <<< "$out"); p99=$(sed 's/.*"p99_us":\([0-9]*\).*/\1/' <<< "$out")
  comp=$(sed 's/.*"completed":\([0-9]*\).*/\1/' <<< "$streams"); stalled=$(sed 's/.*"stalled":\([0-9]*\).*/\1/' <<< "$streams")
  printf '%-14s r%d: idle %4d MB | c=64: %6.0f req/s p99 %5.2f ms, RSS peak %4d MB, GC %d pauses %d ms (max %s ms) | %d streams: %d ok %d stalled, RSS peak %4d MB | after %ds %4d MB | GC total %s | CPU ms: log writer %s, event loops %s\n' \
    "$label" "$round" $((idle / 1024)) "$rps" "$(awk -v p="$p99" 'BEGIN{print p/1000}')" $((peak64 / 1024)) \
    $((n1 - n0)) $((s1 - s0)) "$m1" "$STREAMS" "$comp" "$stalled" $((peakS / 1024)) "$AFTER" $((after / 1024)) "$total" "$writer" "$loops" \
    | tee -a "$WORK/results.txt"
}

log "variants: ${VARIANTS[*]}"
for round in $(seq 1 "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    log "round $round: ${v%%=*}"
    one "${v%%=*}" "${v#*=}" "$round"
  done
done
echo
cat "$WORK/results.txt"
