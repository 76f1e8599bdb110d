#!/usr/bin/env bash
# Build a Redis server image from Debian minbase + Debian's redis-server, with no registry
# (the Redis tests run it with Testcontainers). Skips if the tag exists (FORCE=1 rebuilds).
set -euo pipefail
TAG=${TAG:-mixup-redis:bookworm}
SUITE=${SUITE:-bookworm}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/image-lib.sh"
exit_if_present "$TAG"
root="$WORK/redis-rootfs"
t0=$SECONDS
debootstrap_rootfs "$root" "$SUITE" redis-server
t1=$SECONDS
mkdir -p "$root/data" && chown --reference="$root/var/lib/redis" "$root/data"
# published ports are reached from outside the container: listen on every address, no protected mode
import_rootfs "$root" "$TAG" \
  --change 'WORKDIR /data' \
  --change 'USER redis' \
  --change 'EXPOSE 6379' \
  --change 'CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--dir", "/data"]' \
  --message "local Redis image: debootstrap $SUITE minbase + redis-server"
t2=$SECONDS
safe_rm_rootfs "$root"
docker run --rm "$TAG" redis-server --version
echo "built $TAG: debootstrap $((t1-t0))s, import $((t2-t1))s;" \
     "size $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}')"
