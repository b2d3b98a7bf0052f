#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the test suite, from Debian's package.
#
#   eval "$(scripts/postgres.sh start)"   # installs if needed, starts, prints the export line
#   scripts/postgres.sh stop
#   scripts/postgres.sh crash              # stop at once, as a crash or power cut would
#
# The cluster lives in $PG_DIR (default /tmp/manumit-pg) and listens on 127.0.0.1:$PG_PORT.
# A second cluster (PG_DIR and PG_PORT of its own) can be started, crashed and started
# again beside the first: the fault tests do (manumit/site/tests/test_database_down_postgres.py).
set -euo pipefail

PG_DIR=${PG_DIR:-/tmp/manumit-pg}
PG_PORT=${PG_PORT:-54329}
PG_USER=manumit

pg_bin() {
  local version
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)
  echo "/usr/lib/postgresql/$version/bin"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  if [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    echo "Installing Debian's postgresql..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  fi
}

start() {
  install
  local bin
  bin=$(pg_bin)
  if [ ! -f "$PG_DIR/PG_VERSION" ]; then
    mkdir -p "$PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
    as_postgres "$bin/initdb" -D "$PG_DIR" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_postgres "$bin/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
  fi
  as_postgres "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'" | grep -q 1 ||
    as_postgres "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc \
      "CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_USER'"
  as_postgres "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='manumit'" | grep -q 1 ||
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres -O "$PG_USER" manumit
  echo "export MANUMIT_DATABASE_URL=postgres://$PG_USER:$PG_USER@127.0.0.1:$PG_PORT/manumit"
}

stop() {
  local bin
  bin=$(pg_bin)
  as_postgres "$bin/pg_ctl" -D "$PG_DIR" -m fast stop >&2 || true
}

crash() {
  # Immediate mode: every connection is cut without a goodbye and the next start
  # recovers from the write-ahead log.
  local bin
  bin=$(pg_bin)
  as_postgres "$bin/pg_ctl" -D "$PG_DIR" -m immediate stop >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  crash) crash ;;
  *) echo "usage: $0 start|stop|crash" >&2; exit 2 ;;
esac
