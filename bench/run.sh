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
# 127.0.0.1, and the server is stopped on exit. Environment: see
# bench/lib.sh (BENCH_DURATION, BENCH_THREADS, BENCH_BIN).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_NAME=bench
. bench/lib.sh
bench_setup wrk curl node

init_db "$TMP/bench.db"
start_server "$TMP/bench.db"
sign_in

TARGETS=(
  "$STATIC"
  "cluster page|/units/$CLUSTER|1"
  "api units|/api/v1/units|1"
  "healthz|/healthz|0"
)
EXTRA="static+cookie|/assets/nhsuk-frontend.min.css|1"

# Each target once with curl (200, its size), and whether a second request
# on the same connection reuses it (keep-alive).
declare -A REUSE
for t in "${TARGETS[@]}" "$EXTRA"; do
  IFS='|' read -r name path ck <<<"$t"
  check_target "$name" "$path" "$ck"
  hdr=(); [[ $ck == 1 ]] && hdr=(-H "$COOKIE")
  REUSE[$name]=$(curl -sS --max-time 5 "${hdr[@]}" -o /dev/null -o /dev/null -w '%{num_connects}+' \
                 "$BASE$path" "$BASE$path") || die "$name: curl keep-alive check failed"
  REUSE[$name]=${REUSE[$name]%+}
done

strict_check 1 "" "${TARGETS[@]}" "$EXTRA"

ROWS=()
row(){
  ROWS+=("$(printf '%-14s %5s %10.0f %8s %8s %9s %10s %6s %6s %6s %6s %7s %8s' \
    "$1" "$2" "$R_RPS" "$R_P50" "$R_P99" "$F_RATIO" "$F_CPU_PER" "$F_CORES" "$R_WRK_CORES" \
    "$F_OTHER" "$R_NON2XX" "$(( R_BYTES / R_REQ ))" "${REUSE[$1]}")")
}
runs_of "${TARGETS[@]}"
RUNS+=("$EXTRA|16")
timed_runs "" 3 row

echo
echo "carecluster bench: $(conditions)"
printf '%-14s %5s %10s %8s %8s %9s %10s %6s %6s %6s %6s %7s %8s\n' \
  target conns "req/s" "p50_us" "p99_us" "vs_static" "cpu_us/req" "srv" "wrk" "other" "non2xx" "bytes" "connects"
for r in "${ROWS[@]}"; do echo "$r"; done
echo
echo "server peak RSS (VmHWM): $(server_mem VmHWM)   (VmRSS at end: $(server_mem VmRSS))"
echo "cpu_us/req = server CPU (user+sys) per request; srv, wrk, other = cores busy with the server,"
echo "  with wrk, and with everything else during the run (other > 0.2: the machine was not quiet)"
echo "bytes = average response size incl. headers; connects = TCP connections curl opened for"
echo "  two requests in a row (1+0 = keep-alive works)"
noisy_warning
echo "load after: $(uptime)"
