#!/usr/bin/env bash
# Installs the Debian packages named on the command line that are not installed yet (Debian 12,
# as root). Runs apt-get only when something is missing, so repeated `make` calls stay fast.
set -euo pipefail
missing=()
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "vouchd: missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
  exit 1
fi
echo "vouchd: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
# Packaged DNS servers start themselves; vouchd's tests and benchmarks start their own.
for svc in nsd knot pdns named bind9; do
  systemctl stop "$svc" 2>/dev/null || true
done
