#!/bin/sh
# A throwaway PostgreSQL server for the tests, from Debian's postgresql
# package: initdb into DIR, listening only on a Unix socket in DIR.
#
#   tests/lib/pg.sh start DIR    prints the URI of its "postgres" database
#   tests/lib/pg.sh stop DIR     stops it and removes DIR
#   tests/lib/pg.sh restart DIR  stops and starts it again (same data)
#   tests/lib/pg.sh down DIR     stops it, keeping its data
#   tests/lib/pg.sh up DIR       starts it again after down
#
# PostgreSQL refuses to run as root: as root it runs as the "postgres"
# user the package creates. Durability is off (fsync, full page writes):
# the data are thrown away at the end. PG_OPTS, if set, is added to the
# server's options last, so that its "-c name=value" win (the benchmark
# turns durability back on).
set -eu
cmd=${1:?start, stop, restart, down or up}
dir=${2:?a folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
ctl() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
    -o "-k $dir -c listen_addresses= -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300 -c shared_buffers=64MB ${PG_OPTS:-}" "$@"
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    ctl start >/dev/null
    echo "postgresql://postgres@/postgres?host=$dir"
    ;;
  stop)
    [ -d "$dir/data" ] && ctl stop -m fast >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  restart)
    ctl restart -m fast >/dev/null
    ;;
  down)
    ctl stop -m fast >/dev/null
    ;;
  up)
    ctl start >/dev/null
    ;;
  *) echo "pg.sh: start, stop, restart, down or up" >&2; exit 2 ;;
esac
