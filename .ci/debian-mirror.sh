#!/usr/bin/env bash
# Print the Debian mirror URL apt is configured with (for debootstrap).
# Reads deb822 *.sources first, then one-line *.list files. Never hard-codes a host.
# Usage: debian-mirror.sh [suite]   (default: codename of this machine)
set -euo pipefail
suite=${1:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}
url=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -r "$f" ] || continue
  url=$(awk -v s="$suite" '
    BEGIN { RS=""; FS="\n" }          # paragraph mode: one stanza per record
    {
      uri=""; ok=0; deb=0
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^#/) continue
        if ($i ~ /^Types:/ && $i ~ /[ \t]deb([ \t]|$)/) deb=1
        if ($i ~ /^URIs:/)   { split($i, a, /[ \t]+/); uri=a[2] }
        if ($i ~ /^Suites:/) { n=split($i, b, /[ \t]+/); for (j=2; j<=n; j++) if (b[j]==s) ok=1 }
      }
      if (deb && ok && uri != "") { print uri; exit }
    }' "$f")
  [ -n "$url" ] && break
done
if [ -z "$url" ]; then
  url=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk -v s="$suite" '
    $1 == "deb" { i=2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                  if ($(i+1) == s) { print $i; exit } }' || true)
fi
[ -n "$url" ] || { echo "no apt source for suite '$suite' found" >&2; exit 1; }
echo "${url%/}"
