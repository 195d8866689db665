#!/usr/bin/env bash
# Audit chain contention: commits/s of concurrent job-transition-like transactions with the audit entry appended
# under one locked head row (before ADR 0009) and through the intake (now). Needs PostgreSQL at 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -B -ntp -q compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
exec "$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/bench.classpath)" bench/AuditBench.java "$@"
