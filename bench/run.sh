#!/usr/bin/env bash
# Throughput and latency of a real carecluster server, measured with wrk on
# loopback against a fresh demonstration database.
#
#   make bench            (or ./bench/run.sh)
#
# Targets, each with 1 and 16 connections:
#   static        /assets/nhsuk-frontend.min.css, no cookie: the reference
#   cluster page  /units/cardiff-south-west, signed in as a cluster lead
#   api units     /api/v1/units, signed in (session cookie)
#   healthz       /healthz
# and, at 16 connections only, the static asset sent with the session
# cookie as a browser sends it.
#
# Prints a table (req/s, p50, p99, throughput relative to the static asset
# in the same run, server CPU per request) and the server's peak RSS.
# Fails if a signed-in target answers anything but 200 (the session cookie
# did not work) or if any request fails.
#
# Everything is bounded in time (about 2 minutes in all), talks only to
# 127.0.0.1, and the server is stopped on exit. Environment:
#   BENCH_DURATION   seconds per timed run (default 10)
#   BENCH_THREADS    server thread pool size (default 4)
set -euo pipefail
cd "$(dirname "$0")/.."

DUR=${BENCH_DURATION:-10}
SERVER_THREADS=${BENCH_THREADS:-4}
BIN=build/carecluster
EMAIL=lead@example.wales
PASSWORD=demo-password-2026
CLUSTER=cardiff-south-west
HZ=$(getconf CLK_TCK)

die(){ echo "bench: FAIL: $*" >&2; exit 1; }
note(){ echo "bench: $*" >&2; }

[[ $DUR =~ ^[0-9]+$ && $DUR -ge 1 && $DUR -le 60 ]] || die "BENCH_DURATION must be 1..60 seconds"
command -v wrk  >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed"
command -v node >/dev/null || die "node is needed to pick a free port"

echo "load before: $(uptime)"
timeout 300 make -s build/carecluster >&2 || die "build failed"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cc-bench.XXXXXX")
SERVER_PID=
cleanup(){
  local rc=$?
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if (( rc != 0 )) && [[ -s $TMP/server.log ]]; then
    echo "---- server log (last 20 lines)" >&2; tail -n 20 "$TMP/server.log" >&2
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- a fresh demo database and a server on a free loopback port ----------
timeout 60 "$BIN" init --db "$TMP/bench.db" --demo >"$TMP/init.log" 2>&1 \
  || { cat "$TMP/init.log" >&2; die "carecluster init --demo failed"; }

free_port(){
  timeout 10 node -e 'const s=require("net").createServer();
    s.listen(0,"127.0.0.1",()=>{const p=s.address().port; s.close(()=>console.log(p));});'
}
BASE=
for attempt in 1 2 3; do
  PORT=$(free_port) || die "could not find a free port"
  "$BIN" serve --db "$TMP/bench.db" --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" \
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
  kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
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
# Cookie-jar lines are tab-separated; field 6 is the name, 7 the value.
SESSION=$(awk -F'\t' '$6=="cc_session" && $7!="" { v=$7 } END { print v }' "$JAR")
[[ -n $SESSION ]] || die "no cc_session cookie after signing in"
COOKIE="Cookie: cc_session=$SESSION"
note "signed in as $EMAIL"

# ---- targets ----------------------------------------------------------------
# name|path|send cookie (1/0)
TARGETS=(
  "static|/assets/nhsuk-frontend.min.css|0"
  "cluster page|/units/$CLUSTER|1"
  "api units|/api/v1/units|1"
  "healthz|/healthz|0"
)
EXTRA="static+cookie|/assets/nhsuk-frontend.min.css|1"

declare -A SIZE REUSE
# Each target once with curl: must be 200; note its size (headers + body)
# so a wrk run can be checked against it, and whether a second request on
# the same connection reuses it (keep-alive).
for t in "${TARGETS[@]}" "$EXTRA"; do
  IFS='|' read -r name path ck <<<"$t"
  hdr=(); [[ $ck == 1 ]] && hdr=(-H "$COOKIE")
  out=$(curl -sS --max-time 5 "${hdr[@]}" -o /dev/null -w '%{http_code} %{size_header} %{size_download}' \
        "$BASE$path") || die "$name: curl failed"
  read -r code sh sd <<<"$out"
  [[ $code == 200 ]] || die "$name ($path) answered $code, not 200 (cookie refused?)"
  SIZE[$name]=$(( sh + sd ))
  REUSE[$name]=$(curl -sS --max-time 5 "${hdr[@]}" -o /dev/null -o /dev/null -w '%{num_connects}+' \
                 "$BASE$path" "$BASE$path") || die "$name: curl keep-alive check failed"
  REUSE[$name]=${REUSE[$name]%+}
done

server_ticks(){ awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
# CPU ticks used by the whole machine (all cores): user+nice+system+irq+softirq+steal.
machine_ticks(){ awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# run_wrk NAME PATH COOKIE CONNS SECONDS CHECK -> sets R_* variables
run_wrk(){
  local name=$1 path=$2 ck=$3 conns=$4 secs=$5 check=$6
  local threads=$(( conns < 2 ? 1 : 2 ))
  local args=(-t "$threads" -c "$conns" -d "${secs}s" --timeout 5s -s bench/report.lua)
  [[ $ck == 1 ]] && args+=(-H "$COOKIE")
  local t0 t1 m0 m1 TIMEFORMAT='%U %S'
  t0=$(server_ticks); m0=$(machine_ticks)
  # bash's time keyword reports wrk's own CPU (user, sys) on stderr.
  { time BENCH_CHECK_STATUS=$check timeout $(( secs + 20 )) wrk "${args[@]}" "$BASE$path" >"$TMP/wrk.out" 2>&1 ; } \
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
  # redirect to /login, which wrk does not count as an error, is far smaller.
  local avg=$(( R_BYTES / R_REQ )) want=${SIZE[$name]}
  (( avg * 100 >= want * 95 && avg * 100 <= want * 105 )) \
    || die "$name (c=$conns): average response $avg bytes, but a 200 is $want bytes"
}

# ---- short strict check: every response exactly 200 ---------------------------
for t in "${TARGETS[@]}" "$EXTRA"; do
  IFS='|' read -r name path ck <<<"$t"
  run_wrk "$name" "$path" "$ck" 16 1 1
  (( R_CHECK_N > 0 && R_CHECK_BAD == 0 )) \
    || die "$name: $R_CHECK_BAD of $R_CHECK_N responses were not 200 (first: $R_CHECK_FIRST)"
  note "check $name: $R_CHECK_N responses, all 200"
done

# ---- timed runs -------------------------------------------------------------
ROWS=()
NOISY=0
declare -A STATIC_RPS
RUNS=()
for conns in 1 16; do
  for t in "${TARGETS[@]}"; do RUNS+=("$t|$conns"); done
done
RUNS+=("$EXTRA|16")
for run in "${RUNS[@]}"; do
  IFS='|' read -r name path ck conns <<<"$run"
  note "wrk $name c=$conns ${DUR}s"
  run_wrk "$name" "$path" "$ck" "$conns" "$DUR" 0
  [[ $name == static ]] && STATIC_RPS[$conns]=$R_RPS
  ratio=$(awk -v a="$R_RPS" -v b="${STATIC_RPS[$conns]}" 'BEGIN { printf "%.3f", a/b }')
  cpu_per=$(awk -v c="$R_CPU_US" -v n="$R_REQ" 'BEGIN { printf "%.1f", c/n }')
  cores=$(awk -v c="$R_CPU_US" -v d="$R_DUR_US" 'BEGIN { printf "%.2f", c/d }')
  other=$R_OTHER_CORES
  if awk -v o="$R_OTHER_CORES" 'BEGIN { exit !(o > 0.2) }'; then other="$other*"; NOISY=1; fi
  ROWS+=("$(printf '%-14s %5s %10.0f %8s %8s %9s %10s %6s %6s %6s %6s %7s %8s' \
    "$name" "$conns" "$R_RPS" "$R_P50" "$R_P99" "$ratio" "$cpu_per" "$cores" "$R_WRK_CORES" \
    "$other" "$R_NON2XX" "$(( R_BYTES / R_REQ ))" "${REUSE[$name]}")")
done

HWM=$(awk '/^VmHWM/ { print $2, $3 }' "/proc/$SERVER_PID/status")
RSS=$(awk '/^VmRSS/ { print $2, $3 }' "/proc/$SERVER_PID/status")

echo
echo "carecluster bench: wrk ${DUR}s per run, 2 wrk threads (1 at c=1), server --threads $SERVER_THREADS, $(nproc) cores"
printf '%-14s %5s %10s %8s %8s %9s %10s %6s %6s %6s %6s %7s %8s\n' \
  target conns "req/s" "p50_us" "p99_us" "vs_static" "cpu_us/req" "srv" "wrk" "other" "non2xx" "bytes" "connects"
for r in "${ROWS[@]}"; do echo "$r"; done
echo
echo "server peak RSS (VmHWM): $HWM   (VmRSS at end: $RSS)"
echo "cpu_us/req = server CPU (user+sys) per request; srv, wrk, other = cores busy with the server,"
echo "  with wrk, and with everything else during the run (other > 0.2: the machine was not quiet)"
echo "bytes = average response size incl. headers; connects = TCP connections curl opened for"
echo "  two requests in a row (1+0 = keep-alive works)"
(( NOISY )) && echo "WARNING: rows marked * ran while other processes used more than 0.2 cores: rerun on a quiet machine"
echo "load after: $(uptime)"
