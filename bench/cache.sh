#!/usr/bin/env bash
# Dependency cache speed-up: one Maven project verified twice (two-phase: fetch through the egress proxy, then
# the tests offline) against the same per-project cache. Needs root, bwrap, socat, mvn and Maven Central.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -B -ntp -q compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
exec "$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/bench.classpath)" bench/CacheBench.java "$@"
