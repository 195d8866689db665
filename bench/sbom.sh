#!/usr/bin/env bash
# The cost of writing one SBOM with the shared CycloneDX generator against a fresh generator per BOM (issue 13).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -B -ntp -q compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
exec "$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/bench.classpath)" bench/SbomBench.java "$@"
