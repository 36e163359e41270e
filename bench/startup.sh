#!/usr/bin/env bash
# Start-up to ready: time from launching the gateway to its first 200 on /q/health/ready, N starts per variant, the
# variants interleaved (A B A B ...) so a machine busy with other work weighs on each alike. Prints one line per start
# (with the load average at that moment) and the median, min and max per variant.
#
#   bench/startup.sh                                   5 starts of the plain java -jar line
#   bench/startup.sh -n 7 'plain=java -jar target/quarkus-app/quarkus-run.jar' \
#                         'opts=java -XX:+UseSerialGC -jar target/quarkus-app/quarkus-run.jar'
#   bench/startup.sh --aot                             the documented lines: the plain jar (no options), the jar with
#                                                      the shipped options (bench/jvm.env), and those with the JDK's
#                                                      AOT cache on JDK 25 (bench/aot.sh builds it)
#
# Each variant is label=command; the command runs from the repository root with QUARKUS_HTTP_PORT set (and
# GATEWAY_PORT for the command's own use); one that changes directory first execs the java ('cd x && exec java ...'). Needs curl. Nothing is built here: run ./mvnw package first (or
# bench/aot.sh for the AOT variant).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
N=5
PORT=${BENCH_STARTUP_PORT:-18190}
TIMEOUT=${BENCH_STARTUP_TIMEOUT:-60}
VARIANTS=()
while (( $# )); do
  case "$1" in
    -n) N=$2; shift 2 ;;
    --aot)
      # shellcheck source=bench/jvm.env
      source "$ROOT/bench/jvm.env"
      VARIANTS+=("jar=java -jar target/quarkus-app/quarkus-run.jar")
      VARIANTS+=("jar-opts=java $GATEWAY_JVM_OPTS -jar target/quarkus-app/quarkus-run.jar")
      VARIANTS+=("aot-jdk25=cd target/aot && exec $JDK25/bin/java $GATEWAY_JVM_OPTS -XX:AOTCache=app.aot -jar quarkus-run.jar")
      shift ;;
    *) VARIANTS+=("$1"); shift ;;
  esac
done
(( ${#VARIANTS[@]} )) || VARIANTS=("jar=java -jar target/quarkus-app/quarkus-run.jar")

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "startup: port $PORT is in use; stop what listens there or set BENCH_STARTUP_PORT" >&2
  exit 1
fi

LOGDIR="$ROOT/bench/work/startup"
mkdir -p "$LOGDIR"
RESULTS="$LOGDIR/results.txt"
: > "$RESULTS"
CHILD=""
trap '[[ -n "$CHILD" ]] && kill "$CHILD" 2>/dev/null; wait 2>/dev/null || true' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
load1() { cut -d' ' -f1 /proc/loadavg; }
# CPU time (user + system) the process used so far, in ms: a figure a busy machine distorts less than wall time
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat" 2>/dev/null || echo 0; }

one() { # <label> <command> <round>
  local label=$1 cmd=$2 round=$3 log="$LOGDIR/$1-$3.log"
  local load t0 t1 started cpu
  load=$(load1)
  t0=$(now_ms)
  [[ "$cmd" == *"exec "* ]] || cmd="exec $cmd"
  QUARKUS_HTTP_PORT=$PORT GATEWAY_PORT=$PORT bash -c "$cmd" > "$log" 2>&1 &
  CHILD=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' -m 1 "http://127.0.0.1:$PORT/q/health/ready" || true)" == 200 ]]; do
    if ! kill -0 "$CHILD" 2>/dev/null || (( $(now_ms) - t0 > TIMEOUT * 1000 )); then
      echo "startup: $label did not become ready (see $log)" >&2
      kill "$CHILD" 2>/dev/null || true
      wait "$CHILD" 2>/dev/null || true
      CHILD=""
      return 1
    fi
    sleep 0.01
  done
  t1=$(now_ms)
  cpu=$(cpu_ms "$CHILD")
  started=$(grep -o 'started in [0-9.]*s' "$log" | head -1 | grep -o '[0-9.]*' || echo '?')
  kill -TERM "$CHILD" 2>/dev/null || true
  wait "$CHILD" 2>/dev/null || true
  CHILD=""
  printf '%-12s run %d: ready in %5d ms, CPU %5d ms (Quarkus "started in" %ss), load %s\n' "$label" "$round" \
    $((t1 - t0)) "$cpu" "$started" "$load"
  echo "$label $((t1 - t0)) $load $cpu" >> "$RESULTS"
  sleep 1
}

for round in $(seq 1 "$N"); do
  for v in "${VARIANTS[@]}"; do
    one "${v%%=*}" "${v#*=}" "$round"
  done
done

echo
echo "variant       median    min    max   CPU median  (ms to first 200 on /q/health/ready; CPU ms used by then; load 1 min)"
for v in "${VARIANTS[@]}"; do
  label=${v%%=*}
  awk -v l="$label" '$1 == l { t[++n] = $2; ld[n] = $3; c[n] = $4 }
    END {
      if (!n) exit
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (t[j] < t[i]) { x = t[i]; t[i] = t[j]; t[j] = x }
      lo = ld[1]; hi = ld[1]; for (i = 1; i <= n; i++) { if (ld[i] < lo) lo = ld[i]; if (ld[i] > hi) hi = ld[i] }
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (c[j] < c[i]) { x = c[i]; c[i] = c[j]; c[j] = x }
      med = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
      cmed = (n % 2) ? c[(n + 1) / 2] : (c[n / 2] + c[n / 2 + 1]) / 2
      printf "%-12s %6d %6d %6d   %6d      (n=%d, load %s-%s)\n", l, med, t[1], t[n], cmed, n, lo, hi
    }' "$RESULTS"
done
