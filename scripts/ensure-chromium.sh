#!/bin/sh
# The report's browser tests drive Debian's chromium (never a browser build of Playwright's own,
# which cannot be fetched on the machines this project runs on). Installs it where it is missing,
# so that `npm ci && npm test` does everything on a fresh Debian machine.
set -eu
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: expected $CHROMIUM or apt-get to install it, found neither; install chromium by hand" >&2
  exit 1
fi
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "ensure-chromium: $CHROMIUM is missing; installing Debian's chromium" >&2
$SUDO apt-get update >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium >&2
[ -x "$CHROMIUM" ] || { echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2; exit 1; }
