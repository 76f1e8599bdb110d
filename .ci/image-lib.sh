# shellcheck shell=bash
# Helpers for building Docker images from a debootstrap rootfs without any registry.
# Sourced by build-*-image.sh.

WORK=${WORK:-${TMPDIR:-/tmp}/ci-images}
export DEBS_CACHE=${DEBS_CACHE:-$WORK/debs}

# exit_if_present TAG: nothing to build when the tag exists (FORCE=1 rebuilds)
exit_if_present() {
  if [ "${FORCE:-0}" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; then
    echo "$1 already present - skipping build"; exit 0
  fi
}

# unmount anything left below $1 (e.g. proc/sys after an interrupted debootstrap), then delete it
safe_rm_rootfs() {
  local d=$1 m
  [ -n "$d" ] && [ "$d" != / ] || return 1
  if [ -d "$d" ]; then
    for m in $(awk -v p="$(cd "$d" && pwd -P)/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r); do
      umount -l "$m" || true
    done
    rm -rf --one-file-system "$d"
  fi
}

# debootstrap_rootfs DIR SUITE PKG,PKG,...  (minbase + packages, slimmed for an image)
debootstrap_rootfs() {
  local root=$1 suite=$2 pkgs=$3 mirror here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  mirror=$("$here/debian-mirror.sh" "$suite")
  safe_rm_rootfs "$root"
  mkdir -p "$root" "${DEBS_CACHE:?}"
  debootstrap --variant=minbase --include="$pkgs" --cache-dir="$DEBS_CACHE" \
    "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
    || { tail -n 30 "$root.debootstrap.log" >&2; return 1; }
  # slim like Debian's -slim images: no docs/man/translations now or for later apt installs
  mkdir -p "$root/etc/dpkg/dpkg.cfg.d"
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/groff/*' \
    'path-exclude /usr/share/lintian/*' 'path-exclude /usr/share/locale/*' \
    'path-include /usr/share/locale/locale.alias' >"$root/etc/dpkg/dpkg.cfg.d/slim"
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/groff/* "$root"/usr/share/lintian/*
  # no package lists / cached debs / logs, no host DNS config baked in
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
         "$root"/var/cache/apt/archives/*.deb "$root"/var/log/*.log \
         "$root"/var/log/apt/* "$root"/tmp/* "$root"/root/.bash_history
  : >"$root/etc/resolv.conf"
}

# import_rootfs DIR TAG [docker import --change args...]
import_rootfs() {
  local root=$1 tag=$2; shift 2
  tar --numeric-owner -C "$root" -cf - . | docker import "$@" - "$tag" >/dev/null
}
