#!/bin/sh
# What the official postgres image's entrypoint does, for the parts the project uses: on an empty
# PGDATA, initdb with POSTGRES_USER / POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust), then
# create POSTGRES_DB; run as postgres.
set -eu
if [ "${1:-}" != "postgres" ]; then exec "$@"; fi
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
user="${POSTGRES_USER:-postgres}"
database="${POSTGRES_DB:-$user}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  pwfile="$(mktemp)"
  if [ "$auth" = trust ]; then
    printf '%s' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  else
    printf '%s' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set (or POSTGRES_HOST_AUTH_METHOD=trust)}" >"$pwfile"
  fi
  initdb -D "$PGDATA" -U "$user" $( [ -s "$pwfile" ] && echo "--pwfile=$pwfile" ) -E UTF8 --locale=C \
    --auth-local=trust --auth-host="$auth" >/dev/null
  rm -f "$pwfile"
  {
    echo "listen_addresses = '*'"
    echo "unix_socket_directories = '/var/run/postgresql'"
  } >>"$PGDATA/postgresql.conf"
  echo "host all all all $auth" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$database" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d postgres -qc "create database \"$database\""
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "database initialised: user $user, database $database"
fi
exec "$@" -D "$PGDATA"
