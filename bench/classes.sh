#!/usr/bin/env bash
# Which project classes one plain proxied request loads: the production jar is started with class-load logging, a
# plain request (a non-streaming chat completion through the `default` gateway: no cache, no limits, logs on) is sent
# through it to a tiny mock provider, and every `dev.aigateway` class loaded after start-up (and after a readiness
# probe) until 3 s after the answer is listed in load order, which is the order the request first needs them in.
# The log writer's batch (a thread of its own, off the request) is held back past the window (CLASSES_FLUSH, default 1h:
# gateway.logs.flush-interval) so that the list is the request's; CLASSES_FLUSH=200ms counts the batch too.
# Lambdas and other hidden classes are not counted; nested classes are. A class is loaded when code first runs it,
# but also when the JVM links code that names it (bytecode verification, a lambda's signature) or when a singleton
# the request needs first is built: CLASSES_WHY=1 says, for each, which class first asked for it.
#
#   bench/classes.sh [path/to/quarkus-app]     default: target/quarkus-app (./mvnw -o package -DskipTests first)
#
# Needs java 17+, python3, curl; Redis and PostgreSQL as the jar's defaults expect them (127.0.0.1:6379 and :5432).
# Ports: CLASSES_GW_PORT (18391), CLASSES_MOCK_PORT (19391). Prints the list and the count; exits 1 when anything
# did not start.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APP="${1:-$ROOT/target/quarkus-app}"
GW_PORT=${CLASSES_GW_PORT:-18391}
MOCK_PORT=${CLASSES_MOCK_PORT:-19391}
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[[ -f "$APP/quarkus-run.jar" ]] || { echo "classes: no $APP/quarkus-run.jar (./mvnw -o package -DskipTests)" >&2; exit 1; }
for port in $GW_PORT $MOCK_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "classes: port $port is in use" >&2
    exit 1
  fi
done

# The provider: one fixed chat completion, HTTP/1.1 keep-alive, as OpenAI answers it.
cat > "$WORK/mock.py" <<'PY'
import http.server, sys
BODY = (b'{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,'
        b'"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],'
        b'"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}')
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", "0")))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *a):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$WORK/mock.py" "$MOCK_PORT" &
PIDS+=($!)

LOG="$WORK/classes.log"
WHY=()
# CLASSES_WHY=1: also say, for each class, which class first made the JVM resolve it (and whether for bytecode
# verification only: linked, never run)
[[ "${CLASSES_WHY:-0}" == 1 ]] && WHY=(-Xlog:class+resolve=debug:file="$WORK/resolve.log":none)
# Which classes' code the request runs (not only loads): JDK 17's touched-methods log, read before and after it
TOUCH=(-XX:+UnlockDiagnosticVMOptions -XX:+LogTouchedMethods)
java -version 2>&1 | grep -q 'version "17' || TOUCH=()
# CLASSES_JAVA_OPTS: more JVM options, e.g. another database for an older build whose migrations differ
# shellcheck disable=SC2206
EXTRA=(${CLASSES_JAVA_OPTS:-})
java -Xlog:class+load=info:file="$LOG":none "${WHY[@]}" "${TOUCH[@]}" "${EXTRA[@]}" \
  -Dquarkus.http.port="$GW_PORT" -Dgateway.logs.flush-interval="${CLASSES_FLUSH:-1h}" -Dgateway.logs.spool=false \
  -Dgateway.providers.openai.base-url="http://127.0.0.1:$MOCK_PORT/v1" \
  -jar "$APP/quarkus-run.jar" > "$WORK/gateway.log" 2>&1 &
PIDS+=($!)

deadline=$(( $(date +%s) + 120 ))
until curl -s -o /dev/null -m 1 "http://127.0.0.1:$GW_PORT/q/health/ready"; do
  (( $(date +%s) < deadline )) || { echo "classes: the gateway did not start" >&2; tail -20 "$WORK/gateway.log" >&2; exit 1; }
  sleep 0.1
done
sleep 3 # start-up work in the background (log schema, timers) settles
# One more readiness call on a connection of its own: the client connection's own classes (edge/: its decoder and
# timers, installed per connection) are loaded before the list starts, whether or not the probes above got them.
curl -s -o /dev/null -m 2 "http://127.0.0.1:$GW_PORT/q/health/ready" || true
MARK=$(wc -l < "$LOG")
GW_PID=${PIDS[-1]}
touched() { jcmd "$GW_PID" VM.print_touched_methods 2>/dev/null | grep -o '^dev/aigateway/[A-Za-z0-9_/$]*' | sort -u; }
[[ ${#TOUCH[@]} -gt 0 ]] && touched > "$WORK/touched.before"

status=$(curl -s -o "$WORK/answer.json" -w '%{http_code}' "http://127.0.0.1:$GW_PORT/v1/acct/${CLASSES_GATEWAY:-default}/openai/chat/completions" \
  -H 'authorization: Bearer sk-classes' -H 'content-type: application/json' \
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello '"$RANDOM$RANDOM"'"}]}')
[[ "$status" == 200 ]] || { echo "classes: the request got $status" >&2; cat "$WORK/answer.json" >&2; exit 1; }
sleep 3 # the end of the request (metrics, log row) and the log writer's batch
[[ ${#TOUCH[@]} -gt 0 ]] && touched > "$WORK/touched.after"

project() { grep -o '^dev\.aigateway\.[A-Za-z0-9_.$]*' | grep -v '\$\$Lambda' | sed 's/^dev\.aigateway\.//'; }
loaded=$(sed -n "$((MARK + 1)),\$p" "$LOG" | project || true)

why() { # the first resolution of dev.aigateway.$1 by another class
  [[ -f "$WORK/resolve.log" ]] || return 0
  grep -m1 -E "^[^ ]+ dev\.aigateway\.${1//$/\\$} " "$WORK/resolve.log" | awk '{ sub(/^dev\.aigateway\./, "", $1); print "   <- " $1 " " $3 " " $4 }'
}
echo "# Project classes loaded by one plain request ($APP)"
n=0
while read -r c; do
  [[ -n "$c" ]] && { n=$((n + 1)); printf '%3d %s%s\n' "$n" "$c" "$(why "$c")"; }
done <<< "$loaded"
echo "$n classes; packages in order: $(printf '%s\n' "$loaded" | grep . | cut -d. -f1 | uniq | paste -sd' ' -)"
if [[ ${#TOUCH[@]} -gt 0 ]]; then
  # top-level classes (nested ones folded into their outer class) whose methods ran for the first time in the request
  comm -13 "$WORK/touched.before" "$WORK/touched.after" | sed 's|^dev/aigateway/||; s|/|.|g; s|\$.*||' | uniq > "$WORK/touched.new"
  echo "# Top-level project classes whose code first ran in the request (JDK 17 LogTouchedMethods), by package"
  sort -u "$WORK/touched.new" | awk -F. '{ p=$1; sub(/^[^.]*\./, ""); a[p]=a[p] " " $0; n[p]++; t++ } END { for (p in a) printf "  %-9s %2d:%s\n", p, n[p], a[p]; printf "%d top-level classes\n", t }' | sort
fi
