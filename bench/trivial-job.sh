#!/usr/bin/env bash
# The trivial job of issue 13 as a bare shell script, the baseline of bench/suite.py and bench/celery_chain.py:
# clone the origin, write one file, commit, run `true` in bubblewrap over the workspace, push the job's branch.
# usage: bench/trivial-job.sh ORIGIN_URL N WORKSPACE_DIR
set -euo pipefail
origin=$1 n=$2 ws=$3
export GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@x GIT_COMMITTER_NAME=bench \
    GIT_COMMITTER_EMAIL=b@x
git clone -q -b main "$origin" "$ws"
cd "$ws"
git checkout -q -b "bench/$n"
mkdir -p bench && printf 'x\n' > "bench/$n.txt"
git add -A && git commit -q -m "bench job $n"
# The same walls as the product's bubblewrap sandbox (without its cgroups and prlimit).
links=()
for d in bin sbin lib lib64; do [ -d "/usr/$d" ] && links+=(--symlink "usr/$d" "/$d"); done
bwrap --ro-bind /usr /usr "${links[@]}" --proc /proc --dev /dev --tmpfs /tmp --bind "$ws" /workspace \
    --chdir /workspace --remount-ro / --unshare-all --unshare-user --disable-userns --uid 1000 --gid 1000 \
    --cap-drop ALL --die-with-parent --new-session --clearenv --setenv PATH /usr/bin:/bin true
git push -q origin "bench/$n"
