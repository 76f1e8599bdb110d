#!/usr/bin/env bash
# Idempotent: install docker.io + debootstrap if missing, start dockerd if not answering,
# wait (bounded) until `docker info` works.
set -euo pipefail
DOCKERD_LOG=${DOCKERD_LOG:-/tmp/dockerd.log}
WAIT_S=${DOCKER_WAIT_S:-60}

missing=()
command -v dockerd     >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # keyring + gpgv: debootstrap verifies the Release signature with them
  apt-get install -y -q --no-install-recommends "${missing[@]}" \
    debian-archive-keyring gpgv ca-certificates
fi

if ! docker info >/dev/null 2>&1; then
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "starting dockerd (log: $DOCKERD_LOG)"
    setsid dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
    pid=$!
  fi
  for _ in $(seq 1 "$WAIT_S"); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || break          # dockerd died: stop waiting
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    echo "dockerd not answering (waited up to ${WAIT_S}s)" >&2
    tail -n 40 "$DOCKERD_LOG" >&2 || true
    exit 1
  fi
fi
docker version --format 'docker client {{.Client.Version}} / server {{.Server.Version}} (API {{.Server.APIVersion}})'
