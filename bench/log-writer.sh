#!/usr/bin/env bash
# What request logging costs and what the log writer keeps up with: one gateway (the shipped JVM line, bench/jvm.env),
# the mock provider, PostgreSQL. Rounds of c=64 load, interleaved: a gateway that does not collect logs, then one that
# does (a row per request). For each logged round: requests/s against the unlogged one, rows written/s while the load
# runs, rows dropped (by reason) and bodies dropped, the queue's high-water mark; then the drain after the load (rows/s
# with the CPU free) and the row parity (rows in the database against requests the gateway counted).
#
#   bench/log-writer.sh                 3 rounds of 10 s (about 2 minutes with the warm-up)
#
# A round's drain waits for the queue and the spool (rows spilled to local disk while the queue ran high) to empty.
#   BENCH_ROUNDS=2 BENCH_DURATION=8 bench/log-writer.sh
#
# Environment: BENCH_SKIP_BUILD=1 reuses target/quarkus-app; BENCH_APP=<dir> runs another build's quarkus-app (a copy
# of the one before a change, for a before/after on the same day); BENCH_DB (default aigateway) is the PostgreSQL database on
# 127.0.0.1:5432 the gateway writes to (created if missing); BENCH_JVM_OPTS replaces the JVM line; BENCH_GATEWAY_OPTS
# adds -D options (e.g. -Dgateway.logs.batch-size=2000); BENCH_JFR=1 records a JFR profile of the whole run into
# bench/work-logs/gateway.jfr; BENCH_MOCK_PORT / BENCH_GW_PORT move the two servers (defaults 19111 / 18190, apart from
# bench/run.sh's, so both can run on one machine). Writes bench/work-logs/summary.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work-logs"
cd "$ROOT"

ROUNDS=${BENCH_ROUNDS:-3}; DUR=${BENCH_DURATION:-10}; WARM=${BENCH_WARMUP:-15}
DB=${BENCH_DB:-aigateway}
MOCK_PORT=${BENCH_MOCK_PORT:-19111}; GW_PORT=${BENCH_GW_PORT:-18190}
MOCK="http://127.0.0.1:$MOCK_PORT"; GW="http://127.0.0.1:$GW_PORT"
LOGGED="$GW/v1/acct/default/openai/chat/completions"
UNLOGGED="$GW/v1/acct/nolog/openai/chat/completions"
AUTH="authorization: Bearer sk-bench"

for tool in java wrk curl psql; do
  command -v "$tool" >/dev/null || { echo "log-writer: $tool is required" >&2; exit 1; }
done
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
ports_free log-writer "$MOCK_PORT" "$GW_PORT"

rm -rf "$WORK"; mkdir -p "$WORK"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
log() { echo "[log-writer $(date +%H:%M:%S)] $*" >&2; }
wait_http() { local deadline=$(( $(date +%s) + ${2:-60} )); until curl -s -o /dev/null -m 2 "$1"; do
  (( $(date +%s) < deadline )) || return 1; sleep 0.05; done; }

APP=${BENCH_APP:-target/quarkus-app}
if [[ -z "${BENCH_APP:-}" && ( "${BENCH_SKIP_BUILD:-0}" != "1" || ! -f "$APP/quarkus-run.jar" ) ]]; then
  log "building the gateway"
  ./mvnw -B -q -o package -DskipTests
fi
# the mock needs Vert.x and Netty only: the gateway's own libraries have them (no Maven resolution, works offline)
CP="$WORK/classes:$APP/lib/main/*"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH/src/MockUpstream.java"

PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB" -tAqc)
if [[ -z "$(psql -h 127.0.0.1 -U postgres -d postgres -tAqc "select 1 from pg_database where datname = '$DB'")" ]]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $DB" >/dev/null
fi
RUN_START=$("${PSQL[@]}" "select now()")

java -cp "$CP" MockUpstream "$MOCK_PORT" 1 > "$WORK/mock.log" 2>&1 &
PIDS+=($!)
wait_http "$MOCK/v1/models" 30

# shellcheck source=bench/jvm.env
source "$BENCH/jvm.env"
JVM_OPTS=${BENCH_JVM_OPTS-$GATEWAY_JVM_OPTS}
JFR=()
[[ "${BENCH_JFR:-0}" == 1 ]] && JFR=(-XX:StartFlightRecording=filename="$WORK/gateway.jfr",settings=profile,dumponexit=true)
read -r -a EXTRA <<< "${BENCH_GATEWAY_OPTS:-}"
# shellcheck disable=SC2086
java $JVM_OPTS "${JFR[@]}" -Dquarkus.http.port="$GW_PORT" -Dgateway.logs.spool-dir="$WORK/spool" \
  -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$DB" \
  -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
  -Dgateway.upstream.max-pool-size=4096 \
  -Dgateway.providers.openai.base-url="$MOCK/v1" \
  -Dgateway.gateways.nolog.collect-logs=false \
  "${EXTRA[@]}" \
  -jar "$APP/quarkus-run.jar" > "$WORK/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=($GW_PID)
wait_http "$GW/q/health/ready" 60

metric_sum() { curl -s "$GW/q/metrics" | awk -v m="$1" -v f="$2" \
  '(index($0, m"{")==1 || $1==m) && index($0, f) {s+=$NF} END {printf "%d", s}'; }
depth() { metric_sum gateway_log_queue_depth ''; }
written() { metric_sum gateway_log_rows_written_total ''; }
dropped() { metric_sum gateway_log_rows_dropped_total ''; }
bodies_dropped() { metric_sum gateway_log_payloads_dropped_total ''; }
spooled() { metric_sum gateway_log_rows_spooled_total ''; }
backlog() { echo $(( $(depth) + $(metric_sum gateway_log_spool_rows '') )); } # in memory + spilled to disk
drain() { # waits (10 min at most) for an empty queue and spool; prints the milliseconds it took
  local t0; t0=$(date +%s%N)
  for _ in $(seq 1 6000); do [[ "$(backlog)" == 0 ]] && break; sleep 0.1; done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
wrk_rps() { # <url> <connections> <seconds>: requests/s and requests of one wrk run
  wrk -t2 -c"$2" -d"$3"s --timeout 10s -s "$BENCH/wrk/chat.lua" "$1" | tail -1 \
    | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print("%.0f %d %d" % (d["rps"], d["requests"], d["non2xx"] + d["errors"]))'
}

log "warm-up: $WARM s on each gateway, then until the queue is empty"
BENCH_HEADERS="$AUTH" wrk_rps "$UNLOGGED" 32 "$WARM" >/dev/null
BENCH_HEADERS="$AUTH" wrk_rps "$LOGGED" 32 "$WARM" >/dev/null
log "warm-up drained in $(drain) ms"

ROWS="$WORK/rounds.txt"; : > "$ROWS"
for round in $(seq 1 "$ROUNDS"); do
  read -r nolog_rps _ _ < <(BENCH_HEADERS="$AUTH" wrk_rps "$UNLOGGED" 64 "$DUR")
  w0=$(written); d0=$(dropped); b0=$(bodies_dropped); s0=$(spooled)
  echo 0 > "$WORK/peak"
  ( peak=0; while kill -0 $GW_PID 2>/dev/null; do q=$(depth); if (( q > peak )); then peak=$q
      echo $peak > "$WORK/peak.tmp" && mv "$WORK/peak.tmp" "$WORK/peak"; fi; sleep 0.25; done ) &
  SAMPLER=$!
  read -r log_rps log_requests log_errors < <(BENCH_HEADERS="$AUTH" wrk_rps "$LOGGED" 64 "$DUR")
  w1=$(written); q1=$(backlog)
  kill $SAMPLER 2>/dev/null || true; wait $SAMPLER 2>/dev/null || true
  drain_ms=$(drain)
  w2=$(written); d2=$(dropped); b2=$(bodies_dropped); s2=$(spooled)
  under=$(( (w1 - w0) / DUR ))
  after=$(( drain_ms > 0 ? (w2 - w1) * 1000 / drain_ms : 0 ))
  share=$(python3 -c "print('%.0f' % (100.0 * $log_rps / $nolog_rps))")
  echo "$round $nolog_rps $log_rps $share $log_requests $log_errors $under $(cat "$WORK/peak") $q1 $drain_ms $after $((d2 - d0)) $((b2 - b0)) $((s2 - s0))" >> "$ROWS"
  log "round $round: unlogged $nolog_rps/s, logged $log_rps/s ($share %), rows $under/s under load," \
    "peak queue $(cat "$WORK/peak"), drain $drain_ms ms at $after rows/s, dropped $((d2 - d0)), bodies dropped $((b2 - b0))," \
    "spooled $((s2 - s0))"
done

requests=$(metric_sum gateway_requests_total 'gateway="default"')
rows=$("${PSQL[@]}" "select count(*) from request_logs where gateway_id = 'default' and created_at >= '$RUN_START'")
phases=$(curl -s "$GW/q/metrics" | awk '/^gateway_log_batch_phase_seconds_(sum|count)\{/ { match($0, /phase="[a-z]+"/);
  p = substr($0, RSTART + 7, RLENGTH - 8); if ($0 ~ /_sum/) s[p] = $NF; else c[p] = $NF }
  END { for (p in c) if (c[p] > 0) printf "%s %.1f ms x %d; ", p, 1000 * s[p] / c[p], c[p] }')
batches=$(metric_sum gateway_log_batches_total 'result="ok"')
reasons=$(curl -s "$GW/q/metrics" | awk '/^gateway_log_(rows|payloads)_dropped_total\{/ {print $1 "=" $NF}' | tr '\n' ' ')
{
  echo "## Log writer at c=64 ($(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%d), ${DUR} s per figure)"
  echo
  echo "Gateway: \`$APP\`"
  echo
  echo "JVM: \`${JVM_OPTS:-(JVM defaults)} ${BENCH_GATEWAY_OPTS:-}\`; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| round | unlogged req/s | logged req/s | logged / unlogged | rows/s under load | queue peak | backlog at end (queue + spool) | drain ms | rows/s draining | rows dropped | bodies dropped | rows spooled |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  while read -r r nl lg sh _ _ un pk q1 dm af dd bd sp; do
    echo "| $r | $nl | $lg | $sh % | $un | $pk | $q1 | $dm | $af | $dd | $bd | $sp |"
  done < "$ROWS"
  echo
  echo "Row parity (gateway default, whole run incl. warm-up): $rows rows for $requests requests counted."
  echo "Drop counters at the end: ${reasons:-none}"
  echo "Batches: $batches ok, $(( batches > 0 ? $(written) / batches : 0 )) rows each on average; mean time per batch: ${phases:-(no timers)}"
} | tee "$WORK/summary.md"
