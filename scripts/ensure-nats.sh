#!/bin/sh
# The JetStream tests start real nats-server processes (Debian's package). Installs it where it
# is missing, so that `npm ci && npm test` does everything on a fresh Debian machine.
set -eu
for candidate in /usr/sbin/nats-server /usr/bin/nats-server; do
  [ -x "$candidate" ] && exit 0
done
command -v nats-server >/dev/null 2>&1 && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-nats: expected nats-server or apt-get to install it, found neither; install nats-server by hand" >&2
  exit 1
fi
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "ensure-nats: nats-server is missing; installing Debian's nats-server" >&2
$SUDO apt-get update >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends nats-server >&2
[ -x /usr/sbin/nats-server ] || command -v nats-server >/dev/null 2>&1 || { echo "ensure-nats: apt-get finished but nats-server is still missing" >&2; exit 1; }
