#!/bin/sh
# Run a command with a throwaway PostgreSQL server for the tests:
#   tests/lib/with-pg.sh COMMAND [ARGS...]
# starts one (tests/lib/pg.sh), makes the database cc_demo holding the
# demonstration data (the template each HTTP test's database is made
# from), runs COMMAND with CARECLUSTER_TEST_PG_HOST (the socket folder) and
# CARECLUSTER_TEST_PG_TEMPLATE set, and stops the server whatever happens.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${CARECLUSTER_BIN:-build/carecluster}
dir=$(mktemp -d /tmp/cc-pg.XXXXXX)
trap '"$here/pg.sh" stop "$dir"' EXIT INT TERM
"$here/pg.sh" start "$dir" >/dev/null
psql -X -q -h "$dir" -U postgres -d postgres -c 'CREATE DATABASE cc_demo' >/dev/null
"$bin" init --db "postgresql://postgres@/cc_demo?host=$dir" --demo >/dev/null
export CARECLUSTER_TEST_PG_HOST="$dir" CARECLUSTER_TEST_PG_TEMPLATE=cc_demo
"$@"
