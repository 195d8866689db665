#!/usr/bin/env bash
# Sandbox start overhead: bare process vs bubblewrap vs docker. Needs root (cgroups), bwrap, and a Docker engine.
# Usage: bench/sandbox-start.sh [runs]   (results go into docs/benchmarks.md by hand)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -B -ntp -q compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
exec "$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/bench.classpath)" bench/SandboxStartBench.java "${1:-30}"
