#!/bin/bash
# Training run for the JDK's AOT cache (JEP 483/514, JDK 25+): starts the gateway with -XX:AOTCacheOutput, waits
# until it answers /q/health/ready, sends a few requests (health, metrics, a proxied call to a closed port: the
# request path up to the provider call and the error envelope), then stops it with SIGTERM; the JVM writes the cache
# as it exits. Needs no Redis, PostgreSQL or network: the gateway starts degraded without them. Its log spool is off:
# the training request's row, kept on disk at shutdown, would otherwise ship in the image and be written at every start.
#
#   aot-train.sh <java> <directory of quarkus-run.jar> [JVM options of the production line...]
#
# The cache only loads on the JDK build that wrote it and with the same class path, so run this with the java and
# the directory that will serve (Dockerfile.jvm does it in the image; bench/aot.sh on this machine), and pass the
# production JVM options (a cache trained with another collector loads only partly).
set -euo pipefail

JAVA=$1
DIR=$2
shift 2
PORT=${AOT_TRAIN_PORT:-18299}
cd "$DIR"
rm -f app.aot

"$JAVA" "$@" -XX:AOTCacheOutput=app.aot -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 \
  -Dgateway.logs.spool=false \
  -Dgateway.providers.\"custom-train\".base-url=http://127.0.0.1:9/v1 \
  -jar quarkus-run.jar > aot-training.log 2>&1 &
PID=$!

get() { # <method> <path> [body]: one HTTP/1.1 exchange over bash's /dev/tcp; prints the status line
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
  local body=${3:-}
  printf '%s %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: Bearer sk-train\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$1" "$2" "${#body}" "$body" >&3
  head -1 <&3 || true
  exec 3<&-
}

for _ in $(seq 1 600); do
  kill -0 "$PID" 2>/dev/null || { cat aot-training.log >&2; echo "aot-train: the gateway exited" >&2; exit 1; }
  [[ "$(get GET /q/health/ready 2>/dev/null)" == *" 200 "* ]] && break
  sleep 0.1
done
for _ in 1 2 3 4 5; do
  get GET /q/health/ready > /dev/null
  get GET /q/health/live > /dev/null
  get GET /q/metrics > /dev/null
  get POST /v1/acct/default/custom-train/chat/completions \
    '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}]}' > /dev/null
  get POST /v1/acct/default/custom-train/chat/completions \
    '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say hello"}]}' > /dev/null
done
kill -TERM "$PID"
wait "$PID" || true
[[ -s app.aot ]] || { tail -20 aot-training.log >&2; echo "aot-train: no app.aot was written" >&2; exit 1; }
echo "aot-train: $(du -h app.aot | cut -f1) AOT cache in $DIR/app.aot"
