#!/usr/bin/env bash
# Build a local stand-in for the official eclipse-temurin:25-jre image without Docker Hub:
# Debian minbase (debootstrap, mirror taken from apt sources) + ca-certificates/curl/wget
# + a jlink'ed JRE made from the local Temurin 25 JDK at /opt/java/openjdk.
# Skips if the tag already exists (FORCE=1 rebuilds). JRE_MODE=jlink (default) | copy (whole JDK).
set -euo pipefail
TAG=${TAG:-eclipse-temurin:25-jre}
JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
SUITE=${SUITE:-bookworm}
PKGS=${PKGS:-ca-certificates,curl,wget}${EXTRA_PKGS:+,$EXTRA_PKGS}
JRE_MODE=${JRE_MODE:-jlink}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/image-lib.sh"
exit_if_present "$TAG"
[ -x "$JDK/bin/java" ] || { echo "no JDK at $JDK" >&2; exit 1; }
ver=$(sed -n 's/^SEMANTIC_VERSION="\(.*\)"/\1/p' "$JDK/release")
root="$WORK/temurin-rootfs"
t0=$SECONDS
debootstrap_rootfs "$root" "$SUITE" "$PKGS"
t1=$SECONDS
mkdir -p "$root/opt/java"
if [ "$JRE_MODE" = copy ]; then
  cp -a "$JDK" "$root/opt/java/openjdk"
else
  # JRE-like module set: everything in the JDK except development tools (and Graal, unused by default).
  # --strip-java-debug-attributes instead of --strip-debug: the latter needs objcopy (binutils).
  exclude='jdk.compiler jdk.editpad jdk.hotspot.agent jdk.internal.ed jdk.internal.le jdk.internal.md
           jdk.internal.opt jdk.jartool jdk.javadoc jdk.jconsole jdk.jdeps jdk.jdi jdk.jlink jdk.jpackage
           jdk.jshell jdk.jstatd jdk.graal.compiler jdk.graal.compiler.management'
  mods=$("$JDK/bin/java" --list-modules | sed 's/@.*//' \
         | grep -vxF -f <(printf '%s\n' $exclude) | paste -sd, -)
  "$JDK/bin/jlink" --add-modules "$mods" --strip-java-debug-attributes --no-man-pages \
    --no-header-files --generate-cds-archive --output "$root/opt/java/openjdk" 2>&1 \
    | grep -v 'incubator modules' || true
  [ -x "$root/opt/java/openjdk/bin/java" ] || { echo "jlink failed" >&2; exit 1; }
fi
# official images start via this script (it only adds CA certs on request); keep the path working
printf '#!/bin/sh\nexec "$@"\n' >"$root/__cacert_entrypoint.sh"
chmod 755 "$root/__cacert_entrypoint.sh"
t2=$SECONDS
import_rootfs "$root" "$TAG" \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "ENV JAVA_VERSION=jdk-$ver" \
  --change 'ENTRYPOINT ["/__cacert_entrypoint.sh"]' \
  --change 'CMD ["java", "-version"]' \
  --message "local stand-in for $TAG: debootstrap $SUITE minbase + Temurin $ver ($JRE_MODE)"
t3=$SECONDS
safe_rm_rootfs "$root"
docker run --rm "$TAG" java -version
echo "built $TAG: debootstrap $((t1-t0))s, runtime $((t2-t1))s, import $((t3-t2))s;" \
     "size $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}')"
