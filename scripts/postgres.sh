#!/usr/bin/env bash
# A throwaway local PostgreSQL for the tests: installs Debian's postgresql when missing, starts a fresh cluster
# on 127.0.0.1:$PGPORT (default 54329) in a temporary folder, and prints its URL. `scripts/postgres.sh stop`
# stops it again and removes the folder (a test run's databases take about 2 GB). Nothing here is for
# production (trust authentication, loopback only).
set -euo pipefail
port="${PGPORT:-54329}"
data="${TMPDIR:-/tmp}/shopper-test-postgres-$port"

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ -z "$(bin_dir)" ]; then
  echo "postgres: installing Debian's postgresql" >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >&2
fi
bin="$(bin_dir)"

# PostgreSQL refuses to run as root: run it as the postgres user the Debian package creates.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-start}" = "stop" ]; then
  [ -d "$data" ] && as_owner "$bin/pg_ctl" -D "$data" -m fast stop >&2 || true
  rm -rf "$data"
  exit 0
fi

if [ -d "$data" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  as_owner "$bin/pg_ctl" -D "$data" -m fast stop >&2
fi
rm -rf "$data"
mkdir -p "$data"
[ "$(id -u)" -eq 0 ] && chown postgres: "$data"
as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c max_connections=300" start >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
