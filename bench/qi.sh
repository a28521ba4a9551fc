#!/usr/bin/env bash
# The chart page of a quality improvement measure with 1,000 and with
# 100,000 points, and the SPC computation alone per point.
#
#   ./bench/qi.sh
#
# 1. Makes a fresh demonstration database and adds, with the sqlite3 CLI
#    in one transaction, a QI project in cardiff-south-west with two XmR
#    measures: 1,000 and 100,000 daily points, deterministic values (a
#    saw-tooth around 50 with a shift up in the last fifth, so that the
#    chart has special causes) ending on 2025-12-31.
# 2. Serves it (--threads 4) on a free loopback port, signs in as the
#    cluster lead, checks every target answers 200 (curl, then a 1 s wrk
#    probe in which every response must be 200).
# 3. Measures, each for DUR seconds with 1 and 16 connections: the static
#    asset (the reference: the same server's cheapest answer), the measure
#    page (/measures/{id}: chart, signal, data table) and its JSON
#    (/api/v1/measures/{id}) for both measures. Prints req/s, p50, p99,
#    ratio to the static asset, server CPU per request (/proc/PID/stat),
#    response size, then how each figure grows from 1,000 to 100,000
#    points, and the server's peak RSS (VmHWM).
# 4. Runs build/bench_spc (bench/spc_bench.c): the statistics engine
#    alone, time per point.
#
# Bounded in time (about 2.5 minutes), talks only to 127.0.0.1, and the
# server is stopped (by its PID) on exit. Environment:
#   BENCH_DURATION   seconds per timed run (default 10)
#   BENCH_THREADS    server thread pool size (default 4)
#   BENCH_BIN        a carecluster binary to measure instead of building
#                    build/carecluster
set -euo pipefail
cd "$(dirname "$0")/.."

DUR=${BENCH_DURATION:-10}
SERVER_THREADS=${BENCH_THREADS:-4}
BIN=${BENCH_BIN:-build/carecluster}
EMAIL=lead@example.wales
PASSWORD=demo-password-2026
CLUSTER=cardiff-south-west
HZ=$(getconf CLK_TCK)

die(){ echo "qi bench: FAIL: $*" >&2; exit 1; }
note(){ echo "qi bench: $*" >&2; }

[[ $DUR =~ ^[0-9]+$ && $DUR -ge 1 && $DUR -le 60 ]] || die "BENCH_DURATION must be 1..60 seconds"
for c in wrk curl node sqlite3; do command -v $c >/dev/null || die "$c is not installed"; done

echo "load before: $(uptime)"
# Others edit the tree too: a build that breaks for a moment is retried.
for attempt in 1 2 3 4; do
  [[ -n ${BENCH_BIN:-} ]] && break
  timeout 300 make -s build/carecluster >&2 && break
  (( attempt < 4 )) || die "build failed"
  note "build failed (attempt $attempt), retrying in 20 s"; sleep 20
done
[[ -x $BIN ]] || die "no program $BIN"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cc-qi.XXXXXX")
SERVER_PID=
stop_server(){
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
cleanup(){
  local rc=$?
  stop_server
  if (( rc != 0 )) && [[ -s $TMP/server.log ]]; then
    echo "---- server log (last 20 lines)" >&2; tail -n 20 "$TMP/server.log" >&2
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the database ----------------------------------------------------------------
DB=$TMP/qi.db
timeout 60 "$BIN" init --db "$DB" --demo >"$TMP/init.log" 2>&1 \
  || { cat "$TMP/init.log" >&2; die "carecluster init --demo failed"; }

# measure_sql NAME N: a measure of the bench project with N daily points.
measure_sql(){
cat <<SQL
INSERT INTO qi_measure(project_id, kind, name, definition, unit, direction, target, chart,
                       screen_outliers, position, created_at, updated_at)
  SELECT id, 'process', '$1', 'Working days from request to a routine appointment, per day.',
         'days', 'decrease', NULL, 'xmr', 1, (SELECT count(*) FROM qi_measure WHERE project_id=p.id),
         strftime('%s','now'), strftime('%s','now')
    FROM qi_project p WHERE title='Bench project';
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM s WHERE i+1<$2)
INSERT INTO qi_point(measure_id, on_date, value)
  SELECT (SELECT max(id) FROM qi_measure), date('2025-12-31', '-' || ($2-1-i) || ' days'),
         50 + ((i*37) % 23) - 11 + ((i*7) % 5) * 0.5 + CASE WHEN i >= $2*4/5 THEN 9 ELSE 0 END
    FROM s;
SQL
}
t0=$(date +%s.%N)
{
  echo "PRAGMA foreign_keys=ON; BEGIN IMMEDIATE;"
  cat <<SQL
INSERT INTO qi_project(unit_id, title, aim, measures_question, changes_question, steeep, team_others,
                       start_on, status, created_at, updated_at)
  SELECT id, 'Bench project', 'Shorter waits for a routine appointment.',
         'Days to a routine appointment.', 'Triage and text reminders.', 3, NULL,
         '2020-01-01', 'active', strftime('%s','now'), strftime('%s','now')
    FROM unit WHERE slug='$CLUSTER';
SQL
  measure_sql "Bench 1,000 points" 1000
  measure_sql "Bench 100,000 points" 100000
  echo "COMMIT;"
} | timeout 120 sqlite3 -bail "$DB" >"$TMP/gen.log" 2>&1 \
  || { cat "$TMP/gen.log" >&2; die "generating the measures failed"; }
M1K=$(timeout 30 sqlite3 "$DB" "SELECT id FROM qi_measure WHERE name='Bench 1,000 points'")
M100K=$(timeout 30 sqlite3 "$DB" "SELECT id FROM qi_measure WHERE name='Bench 100,000 points'")
NPTS=$(timeout 30 sqlite3 -separator ' ' "$DB" \
  "SELECT group_concat(n, ' ') FROM (SELECT count(*) n FROM qi_point WHERE measure_id IN ($M1K,$M100K) GROUP BY measure_id ORDER BY measure_id)")
[[ $NPTS == "1000 100000" ]] || die "expected 1000 and 100000 points, got: $NPTS"
echo "measures $M1K (1,000 points) and $M100K (100,000 points), generated in" \
     "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b-a }') s"

# ---- a server on a free loopback port ---------------------------------------
free_port(){
  timeout 10 node -e 'const s=require("net").createServer();
    s.listen(0,"127.0.0.1",()=>{const p=s.address().port; s.close(()=>console.log(p));});'
}
BASE=
for attempt in 1 2 3; do
  PORT=$(free_port) || die "could not find a free port"
  "$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" \
    >"$TMP/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    if curl -fsS --max-time 1 -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
      BASE="http://127.0.0.1:$PORT"; break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n $BASE ]] && break
  stop_server
  note "server did not start on port $PORT (attempt $attempt)"
done
[[ -n $BASE ]] || die "the server did not start"
note "server pid $SERVER_PID on $BASE, $SERVER_THREADS threads"

# ---- sign in as a browser would ---------------------------------------------
JAR=$TMP/cookies
FORM=$(curl -sS --max-time 5 -c "$JAR" -b "$JAR" "$BASE/login") || die "GET /login failed"
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' <<<"$FORM" | head -n1 | sed 's/.*value="//; s/"$//')
[[ -n $CSRF ]] || die "no csrf field in the sign-in form"
CODE=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" \
  --data-urlencode "csrf=$CSRF" --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" \
  "$BASE/login") || die "POST /login failed"
[[ $CODE == 303 ]] || die "POST /login answered $CODE, not 303"
SESSION=$(awk -F'\t' '$6=="cc_session" && $7!="" { v=$7 } END { print v }' "$JAR")
[[ -n $SESSION ]] || die "no cc_session cookie after signing in"
COOKIE="Cookie: cc_session=$SESSION"
note "signed in as $EMAIL"

# ---- targets ----------------------------------------------------------------
# name|path|send cookie (1/0)
TARGETS=(
  "static|/assets/nhsuk-frontend.min.css|0"
  "page 1k|/measures/$M1K|1"
  "page 100k|/measures/$M100K|1"
  "api 1k|/api/v1/measures/$M1K|1"
  "api 100k|/api/v1/measures/$M100K|1"
)

declare -A SIZE
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name path ck <<<"$t"
  hdr=(); [[ $ck == 1 ]] && hdr=(-H "$COOKIE")
  out=$(curl -sS --max-time 30 "${hdr[@]}" -o "$TMP/body" -w '%{http_code} %{size_header} %{size_download} %{time_total}' \
        "$BASE$path") || die "$name: curl failed"
  read -r code sh sd tt <<<"$out"
  [[ $code == 200 ]] || die "$name ($path) answered $code, not 200"
  SIZE[$name]=$(( sh + sd ))
  if [[ $name == page* ]]; then
    grep -q '<svg' "$TMP/body" || die "$name: no chart (<svg) in the page"
    note "$name: $sd bytes, $( (tr -d '\n' <"$TMP/body" | grep -o '<svg.*</svg>' || true) | wc -c) of them the chart, first answer in ${tt}s"
  fi
done

server_ticks(){ awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
machine_ticks(){ awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# run_wrk NAME PATH COOKIE CONNS SECONDS CHECK -> sets R_* variables
run_wrk(){
  local name=$1 path=$2 ck=$3 conns=$4 secs=$5 check=$6
  local threads=$(( conns < 2 ? 1 : 2 ))
  local args=(-t "$threads" -c "$conns" -d "${secs}s" --timeout 10s -s bench/report.lua)
  [[ $ck == 1 ]] && args+=(-H "$COOKIE")
  local t0 t1 m0 m1 TIMEFORMAT='%U %S'
  t0=$(server_ticks); m0=$(machine_ticks)
  { time BENCH_CHECK_STATUS=$check timeout $(( secs + 30 )) wrk "${args[@]}" "$BASE$path" >"$TMP/wrk.out" 2>&1 ; } \
    2>"$TMP/wrk.time" || { cat "$TMP/wrk.out" >&2; die "$name: wrk failed or timed out"; }
  t1=$(server_ticks); m1=$(machine_ticks)
  local line; line=$(grep '^BENCH ' "$TMP/wrk.out") || { cat "$TMP/wrk.out" >&2; die "$name: no BENCH line"; }
  kv(){ sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  R_REQ=$(kv requests); R_RPS=$(kv rps); R_P50=$(kv p50_us); R_P99=$(kv p99_us)
  R_BYTES=$(kv bytes); R_NON2XX=$(kv status_errors)
  R_SOCKERR=$(( $(kv connect) + $(kv read) + $(kv write) + $(kv timeout) ))
  R_CPU_US=$(( (t1 - t0) * 1000000 / HZ ))
  R_DUR_US=$(kv duration_us)
  local wrk_us; wrk_us=$(awk '{ printf "%d", ($1 + $2) * 1000000 }' "$TMP/wrk.time")
  R_OTHER_CORES=$(awk -v m="$(( (m1 - m0) * 1000000 / HZ ))" -v s="$R_CPU_US" -v w="$wrk_us" -v d="$R_DUR_US" \
    'BEGIN { o = (m - s - w) / d; if (o < 0) o = 0; printf "%.2f", o }')
  if [[ $check == 1 ]]; then
    local c; c=$(grep '^CHECK ' "$TMP/wrk.out") || die "$name: no CHECK line"
    R_CHECK_N=$(sed -n 's/.*responses=\([0-9]*\).*/\1/p' <<<"$c")
    R_CHECK_BAD=$(sed -n 's/.*non200=\([0-9]*\).*/\1/p' <<<"$c")
    R_CHECK_FIRST=$(sed -n 's/.*first_bad=\([0-9]*\).*/\1/p' <<<"$c")
  fi
  (( R_REQ > 0 )) || die "$name: no requests completed"
  (( R_NON2XX == 0 )) || die "$name (c=$conns): $R_NON2XX responses with status >= 400"
  (( R_SOCKERR == 0 )) || { cat "$TMP/wrk.out" >&2; die "$name (c=$conns): $R_SOCKERR socket errors"; }
  # Every response the size of the 200 seen with curl (within 5%): a
  # redirect to /login is far smaller. wrk counts the bytes of responses
  # still in flight when it stops, up to one per connection: with large
  # answers (the JSON of 100,000 points) and few requests that shows.
  local avg=$(( R_BYTES / R_REQ )) want=${SIZE[$name]}
  (( avg * 100 >= want * 95 && avg * 100 * R_REQ <= want * 105 * (R_REQ + conns) )) \
    || die "$name (c=$conns): average response $avg bytes, but a 200 is $want bytes"
}

# ---- short strict check: every response exactly 200 ---------------------------
# 3 s each: the JSON of 100,000 points (17 MB) takes a second or more at c=16.
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name path ck <<<"$t"
  run_wrk "$name" "$path" "$ck" 16 3 1
  (( R_CHECK_N > 0 && R_CHECK_BAD == 0 )) \
    || die "$name: $R_CHECK_BAD of $R_CHECK_N responses were not 200 (first: $R_CHECK_FIRST)"
  note "check $name: $R_CHECK_N responses, all 200"
done

# ---- timed runs -------------------------------------------------------------
ROWS=()
NOISY=0
declare -A RPS CPU P50
for conns in 1 16; do
  for t in "${TARGETS[@]}"; do
    IFS='|' read -r name path ck <<<"$t"
    note "wrk $name c=$conns ${DUR}s"
    run_wrk "$name" "$path" "$ck" "$conns" "$DUR" 0
    RPS[$name,$conns]=$R_RPS
    CPU[$name,$conns]=$(awk -v c="$R_CPU_US" -v n="$R_REQ" 'BEGIN { printf "%.1f", c/n }')
    P50[$name,$conns]=$R_P50
    ratio=$(awk -v a="$R_RPS" -v b="${RPS[static,$conns]}" 'BEGIN { printf "%.4f", a/b }')
    other=$R_OTHER_CORES
    if awk -v o="$R_OTHER_CORES" 'BEGIN { exit !(o > 0.2) }'; then other="$other*"; NOISY=1; fi
    ROWS+=("$(printf '%-10s %5s %9.1f %9s %9s %9s %11s %6s %9s' \
      "$name" "$conns" "$R_RPS" "$R_P50" "$R_P99" "$ratio" "${CPU[$name,$conns]}" "$other" "${SIZE[$name]}")")
  done
done

HWM=$(awk '/^VmHWM/ { print $2, $3 }' "/proc/$SERVER_PID/status")

echo
echo "carecluster QI bench: wrk ${DUR}s per run, 2 wrk threads (1 at c=1), server --threads $SERVER_THREADS, $(nproc) cores"
printf '%-10s %5s %9s %9s %9s %9s %11s %6s %9s\n' \
  target conns "req/s" "p50_us" "p99_us" "vs_static" "cpu_us/req" "other" "bytes"
for r in "${ROWS[@]}"; do echo "$r"; done
echo
echo "growth from 1,000 to 100,000 points (100x the points):"
printf '%-6s %5s %14s %14s %14s\n' what conns "cpu_us/req x" "p50 x" "req/s /"
for what in page api; do
  for conns in 1 16; do
    a="$what 1k"; b="$what 100k"
    printf '%-6s %5s %14s %14s %14s\n' "$what" "$conns" \
      "$(awk -v x="${CPU[$b,$conns]}" -v y="${CPU[$a,$conns]}" 'BEGIN { printf "%.1f", x/y }')" \
      "$(awk -v x="${P50[$b,$conns]}" -v y="${P50[$a,$conns]}" 'BEGIN { printf "%.1f", x/y }')" \
      "$(awk -v x="${RPS[$a,$conns]}" -v y="${RPS[$b,$conns]}" 'BEGIN { printf "%.1f", x/y }')"
  done
done
echo
echo "server peak RSS (VmHWM): $HWM"
echo "cpu_us/req = server CPU (user+sys) per request; other = cores busy with neither the server nor wrk"
echo "  (> 0.2: the machine was not quiet); bytes = the size of one answer with its headers"
(( NOISY )) && echo "WARNING: rows marked * ran while other processes used more than 0.2 cores: rerun on a quiet machine"
stop_server

# ---- the statistics engine alone ---------------------------------------------------
echo
if grep -q '^build/bench_spc' Makefile; then
  timeout 300 make -s build/bench_spc >&2 || die "make build/bench_spc failed"
  echo "the SPC computation alone (build/bench_spc):"
  timeout 120 build/bench_spc || die "build/bench_spc failed"
else
  echo "the SPC computation alone: no Makefile rule build/bench_spc yet (bench/spc_bench.c)"
fi
echo "load after: $(uptime)"
