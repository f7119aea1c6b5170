#!/bin/sh
# The tests drive real programs from Debian's packages: chromium for the report's pages (never a
# browser build of Playwright's own, which cannot be fetched on the machines this project runs on)
# and nats-server for the JetStream logs. Installs those missing, in one apt-get, so that
# `npm ci && npm test` does everything on a fresh Debian machine.
# Each argument is PACKAGE:PROGRAM, PROGRAM the absolute path the package installs.
set -eu
missing=
for wanted in "$@"; do
  program=${wanted#*:}
  [ -x "$program" ] || missing="$missing ${wanted%%:*}"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-debian-packages: expected$missing installed, or apt-get to install them, found neither; install them by hand" >&2
  exit 1
fi
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "ensure-debian-packages: installing Debian's$missing" >&2
$SUDO apt-get update >&2
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing >&2
for wanted in "$@"; do
  program=${wanted#*:}
  [ -x "$program" ] || { echo "ensure-debian-packages: apt-get finished but $program is still missing" >&2; exit 1; }
done
