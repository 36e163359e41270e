#!/usr/bin/env bash
# Builds the gateway for the JDK's AOT cache (JEP 483/514, JDK 25+) into target/aot: the aot-jar layout
# (every class on the JDK's own class path, which the cache needs) and app.aot, trained by one start of the gateway
# (src/main/docker/aot-train.sh: start, a few requests, SIGTERM; the JVM writes the cache as it exits). Then:
#
#   cd target/aot && $JDK25/bin/java -XX:AOTCache=app.aot -jar quarkus-run.jar
#
# The cache only loads on the exact JDK build that trained it (otherwise the JVM says so and starts without it), so
# a container trains it in its own image (src/main/docker/Dockerfile.jvm does). JDK25 (bench/jvm.env) names the JDK.
# Leaves target/quarkus-app as the default build makes it: the AOT build goes to target/aot.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/jvm.env
source "$ROOT/bench/jvm.env"
[[ -x "$JDK25/bin/java" ]] || { echo "aot: no JDK 25 at $JDK25 (set JDK25=/path/to/jdk-25)" >&2; exit 1; }

[[ "${AOT_SKIP_BUILD:-0}" == 1 ]] || JAVA_HOME="$JDK25" ./mvnw -B -ntp -q ${MVN_OFFLINE:--o} package -DskipTests \
  -Paot -Dquarkus.package.output-directory=aot
# The training run: one start, a few requests, a stop (the script Dockerfile.jvm runs in its image).
# shellcheck disable=SC2086
bash src/main/docker/aot-train.sh "$JDK25/bin/java" target/aot $GATEWAY_JVM_OPTS
echo "run: cd target/aot && $JDK25/bin/java $GATEWAY_JVM_OPTS -XX:AOTCache=app.aot -jar quarkus-run.jar"
