#!/bin/sh
# scripts/install-deps.sh: installs what annals needs to build and test on Debian 12,
# when it is missing (python3-pandas: the GDELT output test). Safe to run again; uses sudo when not root.
set -e
PKGS="build-essential pkg-config libutf8proc-dev zlib1g-dev libjansson-dev libxml2-dev python3 python3-pandas"
[ "${ANNALS_DEPS_EXTRA:-}" ] && PKGS="$PKGS $ANNALS_DEPS_EXTRA"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing </dev/null
