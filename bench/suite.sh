#!/usr/bin/env bash
# Issue 13's benchmark suite in one go: builds the jar (no UI, no tests) and runs bench/suite.py, which prints the
# table of docs/benchmarks.md ("Trivial job: ours beside a bare script and Celery"). Arguments go to suite.py,
# e.g. `bench/suite.sh --batch 20 --setups bare,h2`. Needs PostgreSQL at 127.0.0.1:5432 (trust), Redis at
# 127.0.0.1:6379, bwrap, git, psql, and Debian's python3-celery and python3-redis.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
/usr/bin/python3 -c 'import celery, redis' 2>/dev/null \
    || { echo "the Celery peer needs: apt-get install -y python3-celery python3-redis" >&2; exit 1; }
redis-cli ping >/dev/null || { echo "no Redis answers at 127.0.0.1:6379" >&2; exit 1; }
mvn -B -ntp -q -DskipTests -Dskip.ui=true package
exec python3 bench/suite.py --jar target/matrix-architect.jar "$@"
