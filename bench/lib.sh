# shellcheck shell=bash disable=SC2034  # sourced: the variables it sets are read by the scripts
# What the benchmark scripts (run.sh, history.sh, qi.sh) share: the
# settings, building the program, a temporary directory and a server on a
# free loopback port that are both removed on exit, signing in as a browser
# would, checking the targets, running wrk (with bench/report.lua) and
# reading its figures, the server's CPU per request from /proc, and the
# ratio to the static asset. Each script keeps only what it measures.
#
#   BENCH_NAME=history; . bench/lib.sh; bench_setup wrk curl node sqlite3
#
# Environment:
#   BENCH_DURATION   seconds per timed run (default 10)
#   BENCH_THREADS    server thread pool size (default 4)
#   BENCH_BIN        a carecluster binary to measure instead of building
#                    build/carecluster (say, one built before a change)
# Settings a script may change after sourcing:
#   WRK_TIMEOUT           wrk's --timeout in seconds (default 5)
#   SIZE_COUNTS_INFLIGHT  1: wrk's byte count may include one partial
#                         response per connection still in flight when it
#                         stopped (large answers, few requests); 0: every
#                         response within 5% of the size curl saw (default)

DUR=${BENCH_DURATION:-10}
SERVER_THREADS=${BENCH_THREADS:-4}
BIN=${BENCH_BIN:-build/carecluster}
EMAIL=lead@example.wales
PASSWORD=demo-password-2026
CLUSTER=cardiff-south-west
STATIC="static|/assets/nhsuk-frontend.min.css|0"   # the reference target
HZ=$(getconf CLK_TCK)
WRK_TIMEOUT=5
SIZE_COUNTS_INFLIGHT=0
NOISY=0
TMP=
SERVER_PID=
BASE=
COOKIE=
declare -A SIZE

die(){ echo "$BENCH_NAME: FAIL: $*" >&2; exit 1; }
note(){ echo "$BENCH_NAME: $*" >&2; }

# bench_setup TOOL...: checks the settings and the tools, builds the
# program, makes $TMP and arranges for the server to be stopped and $TMP
# removed on exit.
bench_setup(){
  [[ $DUR =~ ^[0-9]+$ && $DUR -ge 1 && $DUR -le 60 ]] || die "BENCH_DURATION must be 1..60 seconds"
  local c attempt
  for c in "$@"; do command -v "$c" >/dev/null || die "$c is not installed"; done
  echo "load before: $(uptime)"
  # Others edit the tree too: a build that breaks for a moment is retried.
  for attempt in 1 2 3 4; do
    [[ -n ${BENCH_BIN:-} ]] && break
    timeout 300 make -s build/carecluster >&2 && break
    (( attempt < 4 )) || die "build failed"
    note "build failed (attempt $attempt), retrying in 20 s"; sleep 20
  done
  [[ -x $BIN ]] || die "no program $BIN"
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/cc-$BENCH_NAME.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

stop_server(){
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}

# bench_cleanup [RC]: exits with RC (default: the status it was called with).
bench_cleanup(){
  local rc=${1:-$?}
  stop_server
  if (( rc != 0 )) && [[ -s $TMP/server.log ]]; then
    echo "---- server log (last 20 lines)" >&2; tail -n 20 "$TMP/server.log" >&2
  fi
  [[ -n $TMP ]] && rm -rf "$TMP"
  exit "$rc"
}

# init_db FILE: a fresh demonstration database.
init_db(){
  timeout 60 "$BIN" init --db "$1" --demo >"$TMP/init.log" 2>&1 \
    || { cat "$TMP/init.log" >&2; die "carecluster init --demo failed"; }
}

# ---- a server on a free loopback port ---------------------------------------
free_port(){
  timeout 10 node -e 'const s=require("net").createServer();
    s.listen(0,"127.0.0.1",()=>{const p=s.address().port; s.close(()=>console.log(p));});'
}

# start_server DB [LOG]: serves DB, its output in LOG (default
# $TMP/server.log); sets SERVER_PID and BASE (http://127.0.0.1:PORT).
start_server(){
  local db=$1 log=${2:-$TMP/server.log} attempt port
  BASE=
  for attempt in 1 2 3; do
    port=$(free_port) || die "could not find a free port"
    "$BIN" serve --db "$db" --listen "127.0.0.1:$port" --threads "$SERVER_THREADS" \
      >"$log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do
      if curl -fsS --max-time 1 -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then
        BASE="http://127.0.0.1:$port"; break
      fi
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    [[ -n $BASE ]] && break
    stop_server
    note "server did not start on port $port (attempt $attempt)"
  done
  [[ -n $BASE ]] || die "the server did not start"
  note "server pid $SERVER_PID on $BASE, $SERVER_THREADS threads, $(basename "$db")"
}

# ---- sign in as a browser would ---------------------------------------------
# sign_in: as $EMAIL through the form; sets COOKIE (the header wrk and curl send).
sign_in(){
  local jar=$TMP/cookies form csrf code session
  rm -f "$jar"
  form=$(curl -sS --max-time 5 -c "$jar" -b "$jar" "$BASE/login") || die "GET /login failed"
  csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' <<<"$form" | head -n1 | sed 's/.*value="//; s/"$//')
  [[ -n $csrf ]] || die "no csrf field in the sign-in form"
  code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "csrf=$csrf" --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" \
    "$BASE/login") || die "POST /login failed"
  [[ $code == 303 ]] || die "POST /login answered $code, not 303"
  # Cookie-jar lines are tab-separated; field 6 is the name, 7 the value.
  session=$(awk -F'\t' '$6=="cc_session" && $7!="" { v=$7 } END { print v }' "$jar")
  [[ -n $session ]] || die "no cc_session cookie after signing in"
  COOKIE="Cookie: cc_session=$session"
  note "signed in as $EMAIL"
}

# ---- targets ----------------------------------------------------------------
# A target is "name|path|send cookie (1/0)"; a run of it adds "|conns".
#
# check_target NAME PATH COOKIE: one request with curl, which must answer
# 200; notes its size (headers + body) in SIZE[NAME], so that a wrk run can
# be checked against it. Leaves the body in $TMP/body, its size in
# C_BODY_BYTES and the time taken in C_SECONDS.
check_target(){
  local name=$1 path=$2 ck=$3 hdr=() out code sh
  [[ $ck == 1 ]] && hdr=(-H "$COOKIE")
  out=$(curl -sS --max-time 30 "${hdr[@]}" -o "$TMP/body" -w '%{http_code} %{size_header} %{size_download} %{time_total}' \
        "$BASE$path") || die "$name: curl failed"
  read -r code sh C_BODY_BYTES C_SECONDS <<<"$out"
  [[ $code == 200 ]] || die "$name ($path) answered $code, not 200 (cookie refused?)"
  SIZE[$name]=$(( sh + C_BODY_BYTES ))
}

# check_targets TARGET...: check_target for each.
check_targets(){
  local t name path ck
  for t in "$@"; do
    IFS='|' read -r name path ck <<<"$t"
    check_target "$name" "$path" "$ck"
  done
}

# ---- wrk --------------------------------------------------------------------
server_ticks(){ awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
# CPU ticks used by the whole machine (all cores): user+nice+system+irq+softirq+steal.
machine_ticks(){ awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# run_wrk NAME PATH COOKIE CONNS SECONDS CHECK -> sets R_* variables:
# R_REQ R_RPS R_P50 R_P99 R_BYTES R_NON2XX R_SOCKERR R_DUR_US, R_CPU_US (the
# server's CPU, user+sys), R_WRK_CORES and R_OTHER_CORES (cores busy with
# wrk and with anything else), and with CHECK=1 R_CHECK_N, R_CHECK_BAD and
# R_CHECK_FIRST (responses, those not exactly 200, the first such status).
# Fails on any request that failed or answered >= 400, and on responses
# not the size of the 200 curl saw.
run_wrk(){
  local name=$1 path=$2 ck=$3 conns=$4 secs=$5 check=$6
  local threads=$(( conns < 2 ? 1 : 2 ))
  local args=(-t "$threads" -c "$conns" -d "${secs}s" --timeout "${WRK_TIMEOUT}s" -s bench/report.lua)
  [[ $ck == 1 ]] && args+=(-H "$COOKIE")
  local t0 t1 m0 m1 TIMEFORMAT='%U %S'
  t0=$(server_ticks); m0=$(machine_ticks)
  # bash's time keyword reports wrk's own CPU (user, sys) on stderr.
  { time BENCH_CHECK_STATUS=$check timeout $(( secs + 10 + 2 * WRK_TIMEOUT )) wrk "${args[@]}" "$BASE$path" >"$TMP/wrk.out" 2>&1 ; } \
    2>"$TMP/wrk.time" || { cat "$TMP/wrk.out" >&2; die "$name: wrk failed or timed out"; }
  t1=$(server_ticks); m1=$(machine_ticks)
  local line; line=$(grep '^BENCH ' "$TMP/wrk.out") || { cat "$TMP/wrk.out" >&2; die "$name: no BENCH line"; }
  kv(){ sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  R_REQ=$(kv requests); R_RPS=$(kv rps); R_P50=$(kv p50_us); R_P99=$(kv p99_us)
  R_BYTES=$(kv bytes); R_NON2XX=$(kv status_errors)
  R_SOCKERR=$(( $(kv connect) + $(kv read) + $(kv write) + $(kv timeout) ))
  R_CPU_US=$(( (t1 - t0) * 1000000 / HZ ))
  R_DUR_US=$(kv duration_us)
  # Cores busy with anything but the server and wrk: other people's work
  # on the same machine, which makes the numbers noisy.
  local wrk_us; wrk_us=$(awk '{ printf "%d", ($1 + $2) * 1000000 }' "$TMP/wrk.time")
  R_WRK_CORES=$(awk -v w="$wrk_us" -v d="$R_DUR_US" 'BEGIN { printf "%.2f", w/d }')
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
  # redirect to /login, which wrk does not count as an error, is far
  # smaller. With SIZE_COUNTS_INFLIGHT, up to one response per connection
  # more may be counted (see above).
  local avg=$(( R_BYTES / R_REQ )) want=${SIZE[$name]} extra=0
  (( SIZE_COUNTS_INFLIGHT )) && extra=$conns
  (( avg * 100 >= want * 95 && avg * 100 * R_REQ <= want * 105 * (R_REQ + extra) )) \
    || die "$name (c=$conns): average response $avg bytes, but a 200 is $want bytes"
}

# strict_check SECONDS LABEL TARGET...: a short wrk run of each target at
# 16 connections in which every response must be exactly 200.
strict_check(){
  local secs=$1 label=$2 t name path ck
  shift 2
  for t in "$@"; do
    IFS='|' read -r name path ck <<<"$t"
    run_wrk "$name" "$path" "$ck" 16 "$secs" 1
    (( R_CHECK_N > 0 && R_CHECK_BAD == 0 )) \
      || die "$name: $R_CHECK_BAD of $R_CHECK_N responses were not 200 (first: $R_CHECK_FIRST)"
    note "check ${label:+$label }$name: $R_CHECK_N responses, all 200"
  done
}

# runs_of TARGET...: sets RUNS to every target at 1, then at 16 connections.
runs_of(){
  local conns t
  RUNS=()
  for conns in 1 16; do
    for t in "$@"; do RUNS+=("$t|$conns"); done
  done
}

# timed_runs LABEL DIGITS ROW: runs each of RUNS (the target named static,
# the reference, first at each number of connections) for DUR seconds, then calls ROW NAME CONNS
# with the R_* variables of run_wrk and F_RATIO (req/s relative to the
# static asset, DIGITS decimals), F_CPU_PER (server CPU per request, us),
# F_CORES (cores busy with the server) and F_OTHER (R_OTHER_CORES, marked *
# when the machine was not quiet: NOISY=1).
timed_runs(){
  local label=$1 digits=$2 row=$3 run name path ck conns
  local -A static_rps=()
  for run in "${RUNS[@]}"; do
    IFS='|' read -r name path ck conns <<<"$run"
    note "wrk ${label:+$label }$name c=$conns ${DUR}s"
    run_wrk "$name" "$path" "$ck" "$conns" "$DUR" 0
    [[ $name == static ]] && static_rps[$conns]=$R_RPS
    [[ -n ${static_rps[$conns]:-} ]] || die "no run of the static asset before $name at c=$conns"
    F_RATIO=$(awk -v a="$R_RPS" -v b="${static_rps[$conns]}" -v d="$digits" 'BEGIN { printf "%." d "f", a/b }')
    F_CPU_PER=$(awk -v c="$R_CPU_US" -v n="$R_REQ" 'BEGIN { printf "%.1f", c/n }')
    F_CORES=$(awk -v c="$R_CPU_US" -v d="$R_DUR_US" 'BEGIN { printf "%.2f", c/d }')
    F_OTHER=$R_OTHER_CORES
    if awk -v o="$R_OTHER_CORES" 'BEGIN { exit !(o > 0.2) }'; then F_OTHER="$F_OTHER*"; NOISY=1; fi
    "$row" "$name" "$conns"
  done
}

# conditions: how the timed runs were made, for a table's title.
conditions(){
  echo "wrk ${DUR}s per run, 2 wrk threads (1 at c=1), server --threads $SERVER_THREADS, $(nproc) cores"
}

# server_mem FIELD: VmHWM (peak RSS) or VmRSS of the server, e.g. "20480 kB".
server_mem(){ awk -v f="$1:" '$1 == f { print $2, $3 }' "/proc/$SERVER_PID/status"; }

noisy_warning(){
  (( NOISY )) && echo "WARNING: rows marked * ran while other processes used more than 0.2 cores: rerun on a quiet machine"
  return 0
}
