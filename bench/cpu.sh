#!/usr/bin/env bash
# Where the CPU goes at c=64: the shipped JVM line under a JFR recording per scenario (CPU_SECONDS of wrk at c=64 after
# a warm-up), then per scenario: the CPU every process on the box used in that window (gateway, load generator, mock,
# Redis, PostgreSQL: they share the cores), and, inside the gateway, the Java execution samples by thread group, by
# leaf frame (self time), by the first project frame on the stack and by the leaf's library, plus the native-method
# samples that are work (socket reads and writes), not waiting. The figures are shares, so they hold on a busy
# machine better than throughput does; a quiet one still gives the cleanest split.
#
#   bench/cpu.sh            passthrough with a log row (default gateway), the same without logs (gateway nolog) and
#                           the production path (token, stored key,
#                           cache 50 % hits, a per-key token limit, logs)
# Needs: java 17+ (its jfr tool), wrk, python3, curl; Redis and PostgreSQL as for bench/run.sh.
# Environment: CPU_SECONDS (per scenario, default 20), CPU_TOP (rows shown, default 12).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work/cpu"
cd "$ROOT"
# shellcheck source=bench/jvm.env
source "$BENCH/jvm.env"
SECONDS_EACH=${CPU_SECONDS:-20}; TOP=${CPU_TOP:-12}
DB=${CPU_DB:-aigateway_bench_cpu}
MOCK_PORT=19131; GW_PORT=18211
GW="http://127.0.0.1:$GW_PORT"
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
ports_free cpu $MOCK_PORT $GW_PORT
[[ -f target/quarkus-app/quarkus-run.jar ]] || { echo "cpu: run ./mvnw package -DskipTests first" >&2; exit 1; }
JFR_TOOL="$(dirname "$(readlink -f "$(command -v java)")")/jfr"

rm -rf "$WORK"; mkdir -p "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
log() { echo "[cpu $(date +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }
wait_http() { local d=$(( $(date +%s) + ${2:-90} )); until curl -s -o /dev/null -m 2 "$1"; do (( $(date +%s) < d )) || return 1; sleep 0.1; done; }

start_profiled cpu "$WORK" "$DB" "$MOCK_PORT" "$GW_PORT"
MOCK_PID=${PIDS[-2]}; GW_PID=${PIDS[-1]}

# ticks <pid>...: user + system clock ticks of those processes (and their threads) so far
ticks() {
  local t=0 p f
  for p in "$@"; do
    f=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    f=${f##*) }
    read -r -a a <<< "$f"
    t=$(( t + a[11] + a[12] ))
  done
  echo "$t"
}
# the box's processes by role, as pid lists
role_pids() {
  case $1 in
    gateway) echo "$GW_PID" ;;
    mock) echo "$MOCK_PID" ;;
    redis) pgrep -x redis-server || true ;;
    postgres) pgrep -x postgres || true ;;
  esac
}

# scenario <name> <url> [env...]: warm up, then SECONDS_EACH seconds of load at c=64 under a JFR recording
scenario() {
  local name=$1 url=$2; shift 2
  log "$name: warm-up"
  local steps
  steps=$(warm_until_compiled "$GW_PID" 64 "$url" "$@")
  log "$name: warmed in $steps 5-s steps"
  jcmd "$GW_PID" JFR.start name="$name" settings=profile > /dev/null
  sleep 1
  log "$name: $SECONDS_EACH s of load"
  local before=() after=() roles=(gateway mock redis postgres) r i total0 total1
  for r in "${roles[@]}"; do before+=("$(ticks $(role_pids "$r"))"); done
  thread_ticks "$GW_PID" > "$WORK/$name.threads0"
  total0=$(awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)
  local out
  out=$(env "$@" wrk -t2 -c64 -d"$SECONDS_EACH"s -s "$BENCH/wrk/chat.lua" "$url" | tail -1)
  total1=$(awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)
  for r in "${roles[@]}"; do after+=("$(ticks $(role_pids "$r"))"); done
  thread_ticks "$GW_PID" > "$WORK/$name.threads1"
  jcmd "$GW_PID" JFR.stop name="$name" filename="$WORK/$name.jfr" > /dev/null
  echo "$out" > "$WORK/$name.wrk"
  : > "$WORK/$name.procs"
  for i in "${!roles[@]}"; do echo "${roles[$i]} $(( after[i] - before[i] ))" >> "$WORK/$name.procs"; done
  echo "box $(( total1 - total0 ))" >> "$WORK/$name.procs"
  "$JFR_TOOL" print --json --events jdk.ExecutionSample,jdk.NativeMethodSample "$WORK/$name.jfr" > "$WORK/$name.json"
  python3 - "$name" "$WORK/$name.json" "$WORK/$name.wrk" "$WORK/$name.procs" "$TOP" "$WORK/$name.threads0" \
    "$WORK/$name.threads1" <<'PY'
import collections, json, sys
name, path, wrk_path, procs_path, top = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
threads0, threads1 = sys.argv[6], sys.argv[7]
events = json.load(open(path))["recording"]["events"]
wrk = json.loads(open(wrk_path).read())
procs = dict((l.split()[0], int(l.split()[1])) for l in open(procs_path) if l.strip())
box = procs.pop("box")
print(f"## {name}: {wrk['requests']} requests, {wrk['rps']:.0f} req/s, p99 {wrk['p99_us'] / 1000:.1f} ms")
print()
print("| process | share of the box's CPU in the window | CPU µs per request |")
print("|---|---|---|")
tick_us = 1e6 / 100  # USER_HZ
other = box
for role, t in procs.items():
    other -= t
    print(f"| {role} | {100 * t / box:.1f} % | {t * tick_us / wrk['requests']:.1f} |")
print(f"| everything else (wrk, kernel, idle) | {100 * other / box:.1f} % | |")
print()

def thread_groups(p):
    return dict((l.rsplit(" ", 1)[0], int(l.rsplit(" ", 1)[1])) for l in open(p) if l.strip())

t0, t1 = thread_groups(threads0), thread_groups(threads1)
used = sorted(((t1[k] - t0.get(k, 0), k) for k in t1), reverse=True)
gw_ticks = procs["gateway"] or 1
print("| gateway thread group (/proc: all CPU, exact; GC is the VM Thread, the JIT the compiler threads) | share of the gateway | CPU µs per request |")
print("|---|---|---|")
for t, k in used:
    if t > 0:
        print(f"| {k} | {100 * t / gw_ticks:.1f} % | {t * tick_us / wrk['requests']:.1f} |")
print()

def owner(f):
    return f["method"]["type"]["name"].replace("/", ".")

def frame(f):
    return owner(f).split("$$Lambda")[0] + "." + f["method"]["name"]

IDLE = ("epollWait", "epoll_wait", "park", "accept", "poll", "sleep", "wait", "socketAccept", "select", "take")
java, native = [], []
for e in events:
    frames = ((e["values"].get("stackTrace") or {}).get("frames")) or []
    thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
    group = thread.rstrip("0123456789-").rstrip("-") or thread
    if e["type"] == "jdk.ExecutionSample":
        java.append((group, frames))
    elif frames and not frames[0]["method"]["name"].startswith(IDLE):
        native.append((group, frames))

def table(title, counter, n):
    print(f"| {title} | share |")
    print("|---|---|")
    for k, v in counter.most_common(top):
        print(f"| {k} | {100 * v / n:.1f} % |")
    print()

n = len(java) or 1
print(f"Java execution samples in the gateway: {len(java)}; native samples doing work (not waiting): {len(native)}")
print()
table("thread group (Java samples)", collections.Counter(g for g, _ in java), n)
table("leaf frame: self time (Java samples)", collections.Counter(frame(f[0]) for _, f in java if f), n)
first = collections.Counter()
for _, frames in java:
    site = "(no project frame)"
    for f in frames:
        if owner(f).startswith("dev.aigateway"):
            site = frame(f).replace("dev.aigateway.", "")
            break
    first[site] += 1
table("first project frame on the stack (Java samples)", first, n)
lib = collections.Counter()
for _, frames in java:
    if frames:
        lib[".".join(owner(frames[0]).split(".")[:3])] += 1
table("leaf's library (Java samples)", lib, n)
if native:
    table("native method doing work (native samples)", collections.Counter(frame(f[0]) for _, f in native), len(native))
PY
}

echo "# CPU profile at c=64 ($(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%d), load $(cut -d' ' -f1 /proc/loadavg))"
echo
scenario passthrough "$GW/v1/acct/default/openai/chat/completions" BENCH_HEADERS="authorization: Bearer sk-bench"
scenario passthrough-nolog "$GW/v1/acct/nolog/openai/chat/completions" BENCH_HEADERS="authorization: Bearer sk-bench"
scenario production "$GW/v1/acct/prod/openai/chat/completions" \
  BENCH_HEADERS="cf-aig-authorization: Bearer bench-gateway-token" BENCH_MIX=50
