#!/usr/bin/env bash
# Builds a JRE base image for deploy/Dockerfile from this machine's own files, for machines where no image
# registry can be reached (the test machines): a jlinked JRE of the local JDK at /opt/java/openjdk (where the
# eclipse-temurin images keep theirs), git with its helpers, ssh-keygen (commit signing), busybox as /bin/sh and
# wget (the HEALTHCHECK), and the shared libraries they load. It stands in for eclipse-temurin:21-jre plus the
# packages the Dockerfile would install from apt (pass --build-arg OS_PACKAGES= with it).
#
#   deploy/test/local-base.sh [TAG]     # default matrix-architect-test/jre-base:2; does nothing if TAG exists
set -euo pipefail
tag="${1:-matrix-architect-test/jre-base:2}"
if docker image inspect "$tag" >/dev/null 2>&1; then exit 0; fi
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x /bin/busybox ] || { echo "local-base.sh: busybox-static is needed (apt-get install busybox-static)" >&2; exit 1; }
command -v git >/dev/null || { echo "local-base.sh: git is needed" >&2; exit 1; }

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{usr/bin,usr/lib,usr/lib64,usr/sbin,etc,tmp,opt/java,data}
chmod 1777 "$root/tmp"
# the merged-/usr layout of Debian and Ubuntu
ln -s usr/bin "$root/bin"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
ln -s usr/sbin "$root/sbin"

# what a Spring Boot 4 server with the OpenTelemetry, JDBC, crypto and HTTP client stacks loads
"$jdk/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.jfr,jdk.net,jdk.zipfs,jdk.naming.dns,jdk.crypto.cryptoki,jdk.charsets,jdk.httpserver \
    --strip-debug --no-man-pages --no-header-files --output "$root/opt/java/openjdk"

cp /bin/busybox "$root/usr/bin/busybox"
for tool in sh ash cat cp echo env grep id ls mkdir mv rm sed sleep tar true false wget printf head tail test \
    chmod chown tr wc uname find xargs dirname basename; do
    ln -s busybox "$root/usr/bin/$tool"
done
cp "$(command -v git)" "$root/usr/bin/git"
# commit signing (gpg.format=ssh) runs ssh-keygen
command -v ssh-keygen >/dev/null || { echo "local-base.sh: ssh-keygen is needed (apt-get install openssh-client)" >&2; exit 1; }
cp "$(command -v ssh-keygen)" "$root/usr/bin/ssh-keygen"
cp -a /usr/lib/git-core "$root/usr/lib/git-core"
[ -d /usr/share/git-core ] && mkdir -p "$root/usr/share" && cp -a /usr/share/git-core "$root/usr/share/git-core"

# every shared library the JRE, git and git's helpers load, at its real path
find "$root/opt/java/openjdk" "$root/usr/bin/git" "$root/usr/bin/ssh-keygen" "$root/usr/lib/git-core" -type f \( -perm -u+x -o -name '*.so*' \) \
    -exec ldd {} \; 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' | sort -u | while read -r lib; do
    [ -e "$lib" ] || continue
    real="$(readlink -f "$(dirname "$lib")")/$(basename "$lib")"
    mkdir -p "$root$(dirname "$real")"
    cp -L "$lib" "$root$real"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"

ctx="$(mktemp -d)"
trap 'rm -rf "$root" "$ctx"' EXIT
tar -C "$root" -cf "$ctx/rootfs.tar" .
cat >"$ctx/Dockerfile" <<'EOF'
FROM scratch
ADD rootfs.tar /
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin
CMD ["/bin/sh"]
EOF
DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$ctx" >/dev/null
echo "local-base.sh: built $tag"
