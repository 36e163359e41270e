#!/usr/bin/env bash
# Bytes the gateway allocates per request, and where: the shipped JVM line with a JFR recording per scenario (c=8 for
# ALLOC_SECONDS), then per scenario the heap bytes every thread allocated (jdk.ThreadAllocationStatistics,
# first and last sample) divided by the requests, and the top allocation sites (jdk.ObjectAllocationSample weights,
# attributed to the first project frame and to the allocated class). Allocation is a count, not a time: the figures
# hold on a loaded machine too, which is why this exists beside bench/memory.sh.
#
#   bench/alloc.sh            passthrough with a log row (default gateway) and the production path (token, stored key,
#                             cache 50 % hits, a per-key token limit, logs)
# Needs: java 17+ (its jfr tool), wrk, python3, curl; Redis and PostgreSQL as for bench/run.sh.
# Environment: ALLOC_SECONDS (per scenario, default 20), ALLOC_TOP (sites shown, default 12).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work/alloc"
cd "$ROOT"
# shellcheck source=bench/jvm.env
source "$BENCH/jvm.env"
SECONDS_EACH=${ALLOC_SECONDS:-20}; TOP=${ALLOC_TOP:-12}
DB=${ALLOC_DB:-aigateway_bench_alloc}
MOCK_PORT=19121; GW_PORT=18201
MOCK="http://127.0.0.1:$MOCK_PORT"; GW="http://127.0.0.1:$GW_PORT"
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
ports_free alloc $MOCK_PORT $GW_PORT
[[ -f target/quarkus-app/quarkus-run.jar ]] || { echo "alloc: run ./mvnw package -DskipTests first" >&2; exit 1; }
JFR_TOOL="$(dirname "$(readlink -f "$(command -v java)")")/jfr"

rm -rf "$WORK"; mkdir -p "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
log() { echo "[alloc $(date +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }
wait_http() { local d=$(( $(date +%s) + ${2:-90} )); until curl -s -o /dev/null -m 2 "$1"; do (( $(date +%s) < d )) || return 1; sleep 0.1; done; }

start_profiled alloc "$WORK" "$DB" "$MOCK_PORT" "$GW_PORT"
GW_PID=${PIDS[-1]}

# scenario <name> <url> [env...]: warm up, then SECONDS_EACH seconds of load under a JFR recording of their own
scenario() {
  local name=$1 url=$2; shift 2
  log "$name: warm-up"
  local steps
  steps=$(warm_until_compiled "$GW_PID" 8 "$url" "$@")
  log "$name: warmed in $steps 5-s steps"
  jcmd "$GW_PID" JFR.start name="$name" settings=profile > /dev/null
  sleep 1
  log "$name: $SECONDS_EACH s of load"
  local out
  out=$(env "$@" wrk -t2 -c8 -d"$SECONDS_EACH"s -s "$BENCH/wrk/chat.lua" "$url" | tail -1)
  sleep 2 # the log writer's batches of these requests
  jcmd "$GW_PID" JFR.stop name="$name" filename="$WORK/$name.jfr" > /dev/null
  echo "$out" > "$WORK/$name.wrk"
  "$JFR_TOOL" print --json --events jdk.ThreadAllocationStatistics,jdk.ObjectAllocationSample "$WORK/$name.jfr" \
    > "$WORK/$name.json"
  python3 - "$name" "$WORK/$name.json" "$WORK/$name.wrk" "$TOP" <<'PY'
import collections, json, sys
name, path, wrk_path, top = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
events = json.load(open(path))["recording"]["events"]
requests = json.loads(open(wrk_path).read())["requests"]
per_thread = {}
for e in events:
    if e["type"] != "jdk.ThreadAllocationStatistics":
        continue
    v = e["values"]
    t = (v.get("thread") or {}).get("javaName") or str(v.get("thread"))
    lo, hi = per_thread.get(t, (v["allocated"], v["allocated"]))
    per_thread[t] = (min(lo, v["allocated"]), max(hi, v["allocated"]))
total = sum(hi - lo for lo, hi in per_thread.values())
by_thread = collections.Counter()
for t, (lo, hi) in per_thread.items():
    group = t.rstrip("0123456789-").rstrip("-") or t
    by_thread[group] += hi - lo
sites, classes, libs = collections.Counter(), collections.Counter(), collections.Counter()
weight_total = 0
for e in events:
    if e["type"] != "jdk.ObjectAllocationSample":
        continue
    v = e["values"]
    w = v["weight"]
    weight_total += w
    cls = (v.get("objectClass") or {}).get("name", "?").replace("/", ".")
    classes[cls] += w
    frames = ((v.get("stackTrace") or {}).get("frames")) or []
    site = "(no project frame)"
    for f in frames:
        m = f["method"]
        owner = m["type"]["name"].replace("/", ".")
        if owner.startswith("dev.aigateway"):
            site = owner.replace("dev.aigateway.", "").split("$$Lambda")[0] + "." + m["name"]
            break
    sites[site] += w
    lib = "?"
    for f in frames:  # the allocating library: the first frame outside the JDK
        owner = f["method"]["type"]["name"].replace("/", ".")
        if not owner.startswith(("java.", "jdk.", "sun.")):
            lib = ".".join(owner.split(".")[:3])
            break
    libs[lib] += w
print(f"## {name}: {requests} requests, {total / requests / 1024:.1f} KiB allocated per request")
print()
print("| threads | KiB per request |")
print("|---|---|")
for t, b in by_thread.most_common(6):
    print(f"| {t} | {b / requests / 1024:.1f} |")
print()
print(f"| first project frame (sampled) | share |")
print("|---|---|")
for s, w in sites.most_common(top):
    print(f"| {s} | {100 * w / weight_total:.1f} % |")
print()
print("| allocating library: first frame outside the JDK (sampled) | share |")
print("|---|---|")
for c, w in libs.most_common(top):
    print(f"| {c} | {100 * w / weight_total:.1f} % |")
print()
print(f"| allocated class (sampled) | share |")
print("|---|---|")
for c, w in classes.most_common(top):
    print(f"| {c} | {100 * w / weight_total:.1f} % |")
print()
PY
}

echo "# Allocation per request ($(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%d), load $(cut -d' ' -f1 /proc/loadavg))"
echo
scenario passthrough "$GW/v1/acct/default/openai/chat/completions" BENCH_HEADERS="authorization: Bearer sk-bench"
scenario production "$GW/v1/acct/prod/openai/chat/completions" \
  BENCH_HEADERS="cf-aig-authorization: Bearer bench-gateway-token" BENCH_MIX=50
