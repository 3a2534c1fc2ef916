#!/bin/sh
# The browser tests drive Debian's chromium (never a downloaded browser). Install it when it is missing.
set -eu
CHROMIUM="${DTL_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
echo "install-chromium: $CHROMIUM not found; installing Debian's chromium package" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "install-chromium: run as root or install sudo (apt-get install -y chromium)" >&2
  exit 1
fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
test -x "$CHROMIUM"
