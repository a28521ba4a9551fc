#!/usr/bin/env bash
# The indicator pages and their statistics: the cluster profile (every
# indicator of the catalogue for the cluster, its health board and Wales,
# with intervals and comparisons, over the 60 clusters' range) and the
# funnel plot of the 60 clusters (plain, and with the limits adjusted for
# overdispersion), against the static asset in the same run; then the DSR
# and funnel computations alone, per area.
#
#   ./bench/indicators.sh
#
# 1. Makes a fresh demonstration database (its indicators: about 15 over
#    five years for the 60 clusters, the 7 health boards and Wales).
# 2. Serves it (--threads 4) on a free loopback port, signs in as the
#    cluster lead, checks every target answers 200 with its chart (curl,
#    then a short wrk probe in which every response must be 200).
# 3. Measures each target for DUR seconds (BENCH_DURATION, default 10)
#    with 1 and 16 connections: req/s, p50, p99, the ratio to the static
#    asset, the server's CPU per request (/proc/PID/stat), the size.
# 4. Runs build/bench_indicator_stats (bench/indicator_stats.c): the
#    statistics alone, nanoseconds per area.
#
# Bounded in time (about 2 minutes), talks only to 127.0.0.1, and the
# server is stopped (by its PID) on exit. Environment: see bench/lib.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_NAME="indicators bench"
. bench/lib.sh
bench_setup wrk curl node sqlite3

DB=$TMP/indicators.db
init_db "$DB"
NIND=$(timeout 30 sqlite3 "$DB" "SELECT count(*) FROM indicator")
NCL=$(timeout 30 sqlite3 "$DB" "SELECT count(DISTINCT unit_id) FROM indicator_value v JOIN unit u ON u.id=v.unit_id WHERE u.kind='cluster'")
note "$NIND indicators, values for $NCL clusters"

start_server "$DB"
sign_in

TARGETS=(
  "$STATIC"
  "profile|/units/$CLUSTER/profile|1"
  "funnel|/indicators/smoking_prevalence/funnel|1"
  "funnel-od|/indicators/smoking_prevalence/funnel?adjust=1|1"
)
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name path ck <<<"$t"
  check_target "$name" "$path" "$ck"
  if [[ $name != static ]]; then
    grep -q '<svg[^>]*class="ichart' "$TMP/body" || die "$name: no chart in the page"
    note "$name: $C_BODY_BYTES bytes, first answer in ${C_SECONDS}s"
  fi
done
grep -q 'adjusted for overdispersion' "$TMP/body" || die "funnel-od: the limits are not said to be adjusted"

strict_check 2 "" "${TARGETS[@]}"

ROWS=()
row(){
  ROWS+=("$(printf '%-10s %5s %9.1f %9s %9s %9s %11s %6s %9s' \
    "$1" "$2" "$R_RPS" "$R_P50" "$R_P99" "$F_RATIO" "$F_CPU_PER" "$F_OTHER" "${SIZE[$1]}")")
}
runs_of "${TARGETS[@]}"
timed_runs "" 3 row

echo
echo "carecluster indicators bench: $(conditions)"
echo "($NIND indicators; the funnel plots $NCL clusters)"
printf '%-10s %5s %9s %9s %9s %9s %11s %6s %9s\n' \
  target conns "req/s" "p50_us" "p99_us" "vs_static" "cpu_us/req" "other" "bytes"
for r in "${ROWS[@]}"; do echo "$r"; done
echo
echo "server peak RSS (VmHWM): $(server_mem VmHWM)"
echo "cpu_us/req = server CPU (user+sys) per request; other = cores busy with neither the server nor wrk"
echo "  (> 0.2: the machine was not quiet); bytes = the size of one answer with its headers"
noisy_warning
stop_server

echo
timeout 300 make -s build/bench_indicator_stats >&2 || die "make build/bench_indicator_stats failed"
echo "the statistics alone (build/bench_indicator_stats):"
timeout 120 build/bench_indicator_stats || die "build/bench_indicator_stats failed"
echo "load after: $(uptime)"
