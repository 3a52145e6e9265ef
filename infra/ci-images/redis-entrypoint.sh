#!/bin/sh
# What the official redis image's entrypoint does: redis-server listens on every interface with
# protected mode off (the compose network is the boundary), and runs as redis in /data.
set -eu
if [ "${1:-}" = "redis-server" ]; then
  shift
  set -- redis-server --bind 0.0.0.0 --protected-mode no "$@"
fi
if [ "$(id -u)" = 0 ]; then
  chown -R redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
