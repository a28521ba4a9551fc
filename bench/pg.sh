#!/usr/bin/env bash
# The heavy pages served from SQLite and from PostgreSQL in one run, one
# and two servers on one PostgreSQL, and writes on both, measured with wrk
# on loopback.
#
#   make bench-pg         (or ./bench/pg.sh)
#
# 1. Makes the 10-year history of bench/history.sh (~100,000 actions in
#    the 60 clusters) in SQLite, starts a throwaway PostgreSQL
#    (tests/lib/pg.sh: a Unix socket in a temporary folder; durable as in
#    production: fsync, full page writes and synchronous commit on, like
#    SQLite's synchronous=FULL; shared_buffers 128MB as Debian ships it)
#    and copies it there with `carecluster
#    copy`, then VACUUM ANALYZE (autovacuum would, a minute later).
# 2. On each database, one server (--threads 4), signed in as the Cluster
#    Lead of cardiff-south-west: the static asset (the reference), the
#    action log (/units/cardiff-south-west/actions) and the cluster page
#    (/units/cardiff-south-west), each for DUR seconds at 1 and 16
#    connections. For each: req/s, p50, p99, ratio to the static asset,
#    CPU per request of the server (/proc/PID/stat) and of PostgreSQL (every
#    process of that cluster: the postmaster with the backends it has
#    reaped, and its live children, from /proc).
# 3. A second server on the same PostgreSQL: the two pages at 16
#    connections in all, 8 to each server's port at once (two wrk
#    processes, no proxy in between: nginx would take CPU from the servers
#    on a small machine, and balancing is not what is measured here).
# 4. Writes: a progress note on an action (POST /actions/ID, which answers
#    303) at 4 connections, on SQLite and on PostgreSQL. Every write takes
#    the one write lock (BEGIN IMMEDIATE; on PostgreSQL an advisory lock).
# 5. Round trips: pg_stat_statements (loaded, but tracking nothing until
#    then) counts the statements of a few requests of each page and of the
#    write, and names the one that takes the most time.
#
# Prints a table and the counts. Bounded in time (about 4 minutes with the
# default 10 s runs on 2 cores; BENCH_DURATION=3 for a quick look), talks
# only to 127.0.0.1 and a Unix socket, and stops both servers (by their
# PIDs) and PostgreSQL on exit or failure. Environment: see bench/lib.sh
# (BENCH_DURATION, BENCH_THREADS, BENCH_BIN).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_NAME=pgbench
. bench/lib.sh
bench_setup wrk curl node sqlite3 psql pgrep
. bench/history_gen.sh

PGDIR=
PGURI=
SERVER2_PID=
WRITE_CONNS=4
STMT_REQUESTS=10

# Servers first (by their PIDs), then PostgreSQL, then what bench/lib.sh
# cleans (it keeps the exit status).
pg_cleanup(){
  local rc=$? keep
  stop_server
  if [[ -n $SERVER2_PID ]]; then
    SERVER_PID=$SERVER2_PID; SERVER2_PID=; stop_server
  fi
  if [[ -n $PGDIR ]]; then
    if (( rc != 0 )) && [[ -s $PGDIR/log ]]; then
      echo "---- PostgreSQL log (last 10 lines)" >&2; tail -n 10 "$PGDIR/log" >&2
    fi
    keep=$PGDIR; PGDIR=
    timeout 90 tests/lib/pg.sh stop "$keep" || true
    rm -rf "$keep"
  fi
  bench_cleanup "$rc"
}
trap pg_cleanup EXIT

psql_q(){ timeout 60 psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -U postgres "$@"; }

# pg_ticks: CPU ticks (user+sys) used by the PostgreSQL cluster: the
# postmaster, the children it has reaped (cutime, cstime) and its live
# children (backends, checkpointer, WAL writer, autovacuum...).
pg_ticks(){
  local pm p kids
  pm=$(head -n 1 "$PGDIR/data/postmaster.pid")
  kids=$(pgrep -P "$pm" || true)
  for p in $pm $kids; do cat "/proc/$p/stat" 2>/dev/null || true; done |
    awk -v pm="$pm" '{ pid = $1; s = $0; sub(/^.*\) /, "", s); split(s, f, " ")
                       t += f[12] + f[13]; if (pid == pm) t += f[14] + f[15] } END { print t + 0 }'
}

# ---- the databases ----------------------------------------------------------------
make_db big 10 6 14 0
SQLITE_DB=$TMP/big.db

PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/cc-pgbench-pg.XXXXXX")
# Durable, as a production server is (tests/lib/pg.sh turns it off for
# speed), with Debian's default shared_buffers.
# pg_stat_statements is loaded to count statements at the end, and tracks
# nothing until then.
PG_OPTS="-c fsync=on -c full_page_writes=on -c synchronous_commit=on -c shared_buffers=128MB"
PG_OPTS+=" -c shared_preload_libraries=pg_stat_statements"
PG_OPTS=$PG_OPTS \
  timeout 120 tests/lib/pg.sh start "$PGDIR" >/dev/null || die "PostgreSQL did not start"
[[ $(psql_q -d postgres -Atc "SELECT string_agg(setting, ' ' ORDER BY name) FROM pg_settings
      WHERE name IN ('fsync','full_page_writes','synchronous_commit','shared_buffers')") == "on on 16384 on" ]] \
  || die "PostgreSQL did not take the durable settings"
PG_VERSION=$(psql_q -d postgres -Atc "SHOW server_version")
psql_q -d postgres -c "CREATE EXTENSION pg_stat_statements" -c "ALTER SYSTEM SET pg_stat_statements.track=none" \
  -c "SELECT pg_reload_conf()" >/dev/null || die "pg_stat_statements is not there"
psql_q -d postgres -c "CREATE DATABASE bench" >/dev/null
PGURI="postgresql://postgres@/bench?host=$PGDIR"
t0=$(date +%s.%N)
timeout 180 "$BIN" copy --from "$SQLITE_DB" --to "$PGURI" >"$TMP/copy.log" 2>&1 \
  || { cat "$TMP/copy.log" >&2; die "carecluster copy into PostgreSQL failed"; }
psql_q -d bench -c "VACUUM ANALYZE" >/dev/null
echo "copied into PostgreSQL $PG_VERSION and vacuumed in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b-a }') s;" \
     "PostgreSQL database $(psql_q -d bench -Atc "SELECT pg_size_pretty(pg_database_size('bench'))")," \
     "SQLite file $(( $(stat -c %s "$SQLITE_DB") / 1048576 )) MB"

# ---- measuring ----------------------------------------------------------------------
PAGES=(
  "actions|/units/$CLUSTER/actions|1"
  "cluster|/units/$CLUSTER|1"
)
declare -A RES
ROWS=()

# add_row DB TARGET CONNS RPS P50 P99 RATIO SRV_US DB_US SRV_CORES DB_CORES WRK OTHER BYTES
add_row(){
  ROWS+=("$(printf '%-10s %-9s %5s %8.0f %8s %8s %6s %8s %8s %5s %5s %5s %6s %7s' "$@")")
  RES["$1|$2|$3"]="$4 $6 $8 $9"
}

# measured DB: the timed runs of RUNS through timed_runs, each with
# PostgreSQL's CPU over the same run (zero on SQLite, which runs inside the
# server and is counted in its CPU).
DBNAME=
measured_row(){
  local name=$1 conns=$2 db_us=- db_cores=- other=$F_OTHER
  if [[ $DBNAME == postgresql ]]; then
    local d=$(( (PG_T1 - PG_T0) * 1000000 / HZ ))
    db_us=$(awk -v c="$d" -v n="$R_REQ" 'BEGIN { printf "%.1f", c/n }')
    db_cores=$(awk -v c="$d" -v t="$R_DUR_US" 'BEGIN { printf "%.2f", c/t }')
    other=$(awk -v o="$R_OTHER_CORES" -v p="$db_cores" 'BEGIN { o -= p; if (o < 0) o = 0; printf "%.2f%s", o, (o > 0.2 ? "*" : "") }')
    [[ $other == *\* ]] && NOISY=1
  fi
  add_row "$DBNAME" "$name" "$conns" "$R_RPS" "$R_P50" "$R_P99" "$F_RATIO" "$F_CPU_PER" "$db_us" \
    "$F_CORES" "$db_cores" "$R_WRK_CORES" "$other" "$(( R_BYTES / R_REQ ))"
}
# run_wrk with PostgreSQL's ticks before and after (PG_T0, PG_T1).
PG_T0=0 PG_T1=0
run_wrk_pg(){
  [[ $DBNAME == postgresql ]] && PG_T0=$(pg_ticks)
  run_wrk_plain "$@"
  [[ $DBNAME == postgresql ]] && PG_T1=$(pg_ticks)
  return 0
}
eval "run_wrk_plain() $(declare -f run_wrk | tail -n +2)"
run_wrk(){ run_wrk_pg "$@"; }

# A progress note on the cluster's latest open action, as its lead's form
# sends it. Sets WRITE_PATH, WRITE_BODY and SIZE[write].
write_target(){
  local id csrf code sh sb
  id=$(timeout 30 sqlite3 "$SQLITE_DB" "SELECT a.id FROM action a JOIN unit u ON u.id=a.unit_id
        WHERE u.slug='$CLUSTER' AND a.status='open' ORDER BY a.id DESC LIMIT 1")
  [[ -n $id ]] || die "no open action in $CLUSTER"
  WRITE_PATH=/actions/$id
  csrf=$(curl -sS --max-time 10 -H "$COOKIE" "$BASE$WRITE_PATH" | grep -o 'name="csrf" value="[0-9a-f]*"' \
         | head -n1 | sed 's/.*value="//; s/"$//')
  [[ -n $csrf ]] || die "no update form on $WRITE_PATH (is $EMAIL its cluster's lead?)"
  WRITE_BODY="csrf=$csrf&status=in_progress&note=Progress+reported+at+the+cluster+meeting."
  read -r code sh sb < <(curl -sS --max-time 10 -H "$COOKIE" -o /dev/null --data "$WRITE_BODY" \
    -w '%{http_code} %{size_header} %{size_download}\n' "$BASE$WRITE_PATH") || die "POST $WRITE_PATH failed"
  [[ $code == 303 ]] || die "POST $WRITE_PATH answered $code, not 303"
  SIZE["write"]=$(( sh + sb ))
}
notes_count(){
  if [[ $DBNAME == postgresql ]]; then psql_q -d bench -Atc "SELECT count(*) FROM action_progress"
  else timeout 30 sqlite3 "$SQLITE_DB" "SELECT count(*) FROM action_progress"; fi
}
# measure_writes: a short check that every POST answers 303, then a timed
# run at WRITE_CONNS connections; the notes written must be as many as the
# requests wrk counted (at most one more per connection, in flight).
# The count once writes still in flight when wrk stopped have landed (a
# waiting SQLite writer may take a second): the same twice, 0.3 s apart.
settled_notes_count(){
  local a b i
  a=$(notes_count)
  for i in $(seq 1 20); do
    sleep 0.3
    b=$(notes_count)
    [ "$a" = "$b" ] && break
    a=$b
  done
  echo "$a"
}
measure_writes(){
  write_target
  local before after
  BENCH_POST_BODY=$WRITE_BODY BENCH_EXPECT_STATUS=303 run_wrk write "$WRITE_PATH" 1 "$WRITE_CONNS" 1 1
  (( R_CHECK_N > 0 && R_CHECK_BAD == 0 )) || die "write: $R_CHECK_BAD of $R_CHECK_N answers were not 303 (first: $R_CHECK_FIRST)"
  before=$(settled_notes_count)
  note "wrk $DBNAME write c=$WRITE_CONNS ${DUR}s"
  F_RATIO=-
  BENCH_POST_BODY=$WRITE_BODY BENCH_EXPECT_STATUS=303 run_wrk write "$WRITE_PATH" 1 "$WRITE_CONNS" "$DUR" 0
  after=$(settled_notes_count)
  (( after - before >= R_REQ && after - before <= R_REQ + WRITE_CONNS )) \
    || die "write: wrk counted $R_REQ answers but $(( after - before )) notes were written"
  F_CPU_PER=$(awk -v c="$R_CPU_US" -v n="$R_REQ" 'BEGIN { printf "%.1f", c/n }')
  F_CORES=$(awk -v c="$R_CPU_US" -v d="$R_DUR_US" 'BEGIN { printf "%.2f", c/d }')
  F_OTHER=$R_OTHER_CORES
  if awk -v o="$R_OTHER_CORES" 'BEGIN { exit !(o > 0.2) }'; then F_OTHER="$F_OTHER*"; NOISY=1; fi
  measured_row write "$WRITE_CONNS"
}

# measure DB URI: one server on it, the pages and the reference at 1 and
# 16 connections, then the writes.
measure(){
  DBNAME=$1
  start_server "$2"
  sign_in
  check_targets "$STATIC" "${PAGES[@]}"
  strict_check 1 "$DBNAME" "${PAGES[@]}"
  runs_of "$STATIC" "${PAGES[@]}"
  timed_runs "$DBNAME" 3 measured_row
  if [[ $DBNAME == postgresql ]]; then
    CONNECTIONS=$(psql_q -d postgres -Atc "SELECT count(*) FROM pg_stat_activity
                   WHERE datname='bench' AND pid<>pg_backend_pid()")
    two_servers
  fi
  measure_writes
  HWM[$DBNAME]=$(server_mem VmHWM)
}
declare -A HWM

# two_servers: a second server on the same PostgreSQL; each page at 8
# connections to each server at once (16 in all), one wrk thread each.
two_servers(){
  local p1=$SERVER_PID b1=$BASE t name path ck
  start_server "$PGURI" "$TMP/server2.log"
  SERVER2_PID=$SERVER_PID BASE2=$BASE SERVER_PID=$p1 BASE=$b1
  for t in "${PAGES[@]}"; do
    IFS='|' read -r name path ck <<<"$t"
    # The session made through the first server works on the second.
    local code; code=$(curl -sS --max-time 10 -H "$COOKIE" -o /dev/null -w '%{http_code}' "$BASE2$path")
    [[ $code == 200 ]] || die "the second server answered $code to $path with the first one's session"
    note "wrk 2 servers $name c=8+8 ${DUR}s"
    two_server_run "$name" "$path"
  done
  SERVER_PID=$SERVER2_PID; SERVER2_PID=; stop_server; SERVER_PID=$p1
}
two_server_run(){
  local name=$1 path=$2 a0 a1 b0 b1 g0 g1 m0 m1 TIMEFORMAT='%U %S' f
  local args=(-t 1 -c 8 -d "${DUR}s" --timeout "${WRK_TIMEOUT}s" -s bench/report.lua -H "$COOKIE")
  a0=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"); b0=$(awk '{ print $14 + $15 }' "/proc/$SERVER2_PID/stat")
  g0=$(pg_ticks); m0=$(machine_ticks)
  { time ( local w1 w2 r1=0 r2=0
           BENCH_CHECK_STATUS=0 timeout $(( DUR + 10 + 2 * WRK_TIMEOUT )) wrk "${args[@]}" "$BASE$path" >"$TMP/wrk1.out" 2>&1 & w1=$!
           BENCH_CHECK_STATUS=0 timeout $(( DUR + 10 + 2 * WRK_TIMEOUT )) wrk "${args[@]}" "$BASE2$path" >"$TMP/wrk2.out" 2>&1 & w2=$!
           wait "$w1" || r1=$?; wait "$w2" || r2=$?; exit $(( r1 | r2 )) ) ; } 2>"$TMP/wrk.time" \
    || { cat "$TMP/wrk1.out" "$TMP/wrk2.out" >&2; die "$name: wrk failed"; }
  a1=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"); b1=$(awk '{ print $14 + $15 }' "/proc/$SERVER2_PID/stat")
  g1=$(pg_ticks); m1=$(machine_ticks)
  local req=0 bytes=0 p99=0 p50=0 dur=0 err=0 line
  for f in "$TMP/wrk1.out" "$TMP/wrk2.out"; do
    line=$(grep '^BENCH ' "$f") || { cat "$f" >&2; die "$name: no BENCH line"; }
    kv(){ sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
    req=$(( req + $(kv requests) )); bytes=$(( bytes + $(kv bytes) ))
    err=$(( err + $(kv status_errors) + $(kv connect) + $(kv read) + $(kv write) + $(kv timeout) ))
    (( $(kv p99_us) > p99 )) && p99=$(kv p99_us)
    (( $(kv p50_us) > p50 )) && p50=$(kv p50_us)
    (( $(kv duration_us) > dur )) && dur=$(kv duration_us)
  done
  (( req > 0 && err == 0 )) || { cat "$TMP/wrk1.out" "$TMP/wrk2.out" >&2; die "$name (2 servers): $err errors, $req requests"; }
  local avg=$(( bytes / req )) want=${SIZE[$name]}
  (( avg * 100 >= want * 95 && avg * 100 <= want * 105 )) || die "$name (2 servers): average response $avg bytes, but a 200 is $want bytes"
  local srv=$(( (a1 - a0 + b1 - b0) * 1000000 / HZ )) pg=$(( (g1 - g0) * 1000000 / HZ ))
  local wrk_us; wrk_us=$(awk '{ printf "%d", ($1 + $2) * 1000000 }' "$TMP/wrk.time")
  local m=$(( (m1 - m0) * 1000000 / HZ ))
  local other; other=$(awk -v m="$m" -v s="$srv" -v p="$pg" -v w="$wrk_us" -v d="$dur" \
    'BEGIN { o = (m - s - p - w) / d; if (o < 0) o = 0; printf "%.2f%s", o, (o > 0.2 ? "*" : "") }')
  [[ $other == *\* ]] && NOISY=1
  # Both wrk ran for the same DUR seconds at once: the rate is the sum.
  local rps; rps=$(awk -v n="$req" -v d="$dur" 'BEGIN { printf "%.1f", n / (d / 1e6) }')
  add_row "2 servers" "$name" "8+8" "$rps" "$p50" "$p99" - \
    "$(awk -v c="$srv" -v n="$req" 'BEGIN { printf "%.1f", c/n }')" \
    "$(awk -v c="$pg" -v n="$req" 'BEGIN { printf "%.1f", c/n }')" \
    "$(awk -v c="$srv" -v d="$dur" 'BEGIN { printf "%.2f", c/d }')" \
    "$(awk -v c="$pg" -v d="$dur" 'BEGIN { printf "%.2f", c/d }')" \
    "$(awk -v w="$wrk_us" -v d="$dur" 'BEGIN { printf "%.2f", w/d }')" "$other" "$avg"
}

# statements_per_request: pg_stat_statements counts the statements of
# STMT_REQUESTS requests of each page and of the write, made one after
# another on the running server. Each statement is one round trip (a
# prepared statement's execute, BEGIN, COMMIT). Sets STMTS[name] (per
# request) and HEAVY[name] (the statement with the most execution time:
# its share of the request's, its mean in microseconds, its start).
declare -A STMTS HEAVY
statements_per_request(){
  psql_q -d postgres -c "ALTER SYSTEM SET pg_stat_statements.track=top" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.5
  local t name path ck i data
  for t in "${PAGES[@]}" "write|$WRITE_PATH|1"; do
    IFS='|' read -r name path ck <<<"$t"
    data=(); [[ $name == write ]] && data=(--data "$WRITE_BODY")
    curl -sS --max-time 10 -H "$COOKIE" "${data[@]}" -o /dev/null "$BASE$path"   # every statement prepared
    psql_q -d postgres -c "SELECT pg_stat_statements_reset()" >/dev/null
    for (( i = 0; i < STMT_REQUESTS; i++ )); do
      curl -sS --max-time 10 -H "$COOKIE" "${data[@]}" -o /dev/null "$BASE$path" || die "curl $path failed"
    done
    local q="FROM pg_stat_statements s JOIN pg_database d ON d.oid=s.dbid WHERE d.datname='bench'"
    STMTS[$name]=$(psql_q -d postgres -Atc "SELECT round(sum(calls)::numeric / $STMT_REQUESTS, 1) $q")
    HEAVY[$name]=$(psql_q -d postgres -Atc "SELECT round(100 * total_exec_time / sum(total_exec_time) OVER ()) || '% of its time, '
        || round(1000 * mean_exec_time) || ' us each: ' || left(regexp_replace(query, '\s+', ' ', 'g'), 70) || '...'
      $q ORDER BY total_exec_time DESC LIMIT 1")
  done
  psql_q -d postgres -c "ALTER SYSTEM SET pg_stat_statements.track=none" -c "SELECT pg_reload_conf()" >/dev/null
}

# ---- run -----------------------------------------------------------------------------
measure sqlite "$SQLITE_DB"
stop_server
measure postgresql "$PGURI"
statements_per_request
stop_server

echo
echo "$(conditions); PostgreSQL $PG_VERSION, durable (fsync, synchronous_commit on), shared_buffers 128MB"
printf '%-10s %-9s %5s %8s %8s %8s %6s %8s %8s %5s %5s %5s %6s %7s\n' \
  db target conns "req/s" "p50_us" "p99_us" "vs_st" "srv_us" "db_us" "srv" "db" "wrk" "other" "bytes"
for r in "${ROWS[@]}"; do echo "$r"; done
echo "  actions = /units/$CLUSTER/actions (the action log, page 1, of ~100,000 actions in all), cluster = /units/$CLUSTER,"
echo "  write = POST $WRITE_PATH (a progress note; 303); static = /assets/nhsuk-frontend.min.css (the reference)"
echo "  srv_us, db_us: CPU (user+sys) per request of the server(s) and of PostgreSQL (all its processes; on SQLite"
echo "  the database runs inside the server); srv, db, wrk, other: cores busy with each during the run"
echo "  (other > 0.2: the machine was not quiet; for writes it includes the kernel's work on the disk);"
echo "  p99 of two servers: the higher of the two wrk"
echo "server peak RSS (VmHWM): sqlite ${HWM[sqlite]}, postgresql ${HWM[postgresql]};" \
     "PostgreSQL connections of one server (--threads $SERVER_THREADS): $CONNECTIONS"
echo "statements (round trips to PostgreSQL) a request, by pg_stat_statements over $STMT_REQUESTS requests one at a time:"
for name in actions cluster write; do
  echo "  $name ${STMTS[$name]}; the heaviest ${HEAVY[$name]}"
done

# Summary: what a page costs and the rates it gives.
echo
echo "per page, from the runs at 16 connections:"
for name in actions cluster; do
  read -r srps _ scpu _ <<<"${RES[sqlite|$name|16]}"
  read -r prps _ pcpu pdb <<<"${RES[postgresql|$name|16]}"
  read -r trps _ _ _ <<<"${RES[2 servers|$name|8+8]}"
  awk -v n="$name" -v sr="$srps" -v sc="$scpu" -v pr="$prps" -v pc="$pcpu" -v pd="$pdb" -v tr="$trps" 'BEGIN {
    printf "  %-8s sqlite: %5.0f req/s, %4.0f per server core\n", n, sr, 1e6/sc
    printf "  %-8s postgresql: %5.0f req/s, %4.0f per server core, %4.0f per database core, %4.0f per core of both;", "", pr, 1e6/pc, 1e6/pd, 1e6/(pc+pd)
    printf " 2 servers: %5.0f req/s\n", tr }'
done
noisy_warning
echo "load after: $(uptime)"
