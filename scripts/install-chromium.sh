#!/bin/sh
# The browser tests drive Debian's chromium (never a downloaded browser). Install it when it is missing, with a
# CJK font so that zh-CN pages and screenshots render Chinese (fonts-wqy-zenhei, Debian's package).
set -eu
CHROMIUM="${DTL_CHROMIUM:-/usr/bin/chromium}"
PACKAGES=""
[ -x "$CHROMIUM" ] || PACKAGES="chromium"
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then PACKAGES="$PACKAGES fonts-wqy-zenhei"; fi
if [ -z "$PACKAGES" ]; then
  exit 0
fi
echo "install-chromium: installing Debian's$PACKAGES" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "install-chromium: run as root or install sudo (apt-get install -y chromium)" >&2
  exit 1
fi
$SUDO apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $PACKAGES
test -x "$CHROMIUM"
