#!/usr/bin/env bash
# The money pages: the finance position of a PCPG of 9 clusters side by
# side (its clusters' streams from a fixed number of aggregate queries)
# and of one cluster, with five years of generated transactions, against
# the static asset in the same run.
#
#   ./bench/finance.sh
#
# 1. Makes a fresh demonstration database and generates the money
#    (bench/finance_gen.sh): per cluster and year 3 allocations, COMMITS
#    commitments with their months and SPEND spend lines (defaults 100 and
#    2000: about 4,500 commitments and 90,000 spend lines in all).
# 2. Serves it (--threads 4) on a free loopback port, signs in as the
#    health board user (who reads the PCPG), checks every target answers
#    200 with its table (curl, then a short wrk probe in which every
#    response must be 200).
# 3. Measures each target for DUR seconds (BENCH_DURATION, default 10)
#    with 1 and 16 connections: req/s, p50, p99, the ratio to the static
#    asset, the server's CPU per request (/proc/PID/stat), the size.
#
# Bounded in time, talks only to 127.0.0.1, and the server is stopped (by
# its PID) on exit. Environment: see bench/lib.sh; COMMITS, SPEND.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_NAME="finance bench"
. bench/lib.sh
. bench/finance_gen.sh
bench_setup wrk curl node sqlite3
EMAIL=hb@example.wales
COMMITS=${COMMITS:-100}
SPEND=${SPEND:-2000}

DB=$TMP/finance.db
init_db "$DB"
finance_gen "$DB" "$COMMITS" "$SPEND"
NCL=$(timeout 30 sqlite3 "$DB" "SELECT count(DISTINCT unit_id) FROM finance_allocation WHERE stream LIKE 'Generated %'")
NC=$(timeout 30 sqlite3 "$DB" "SELECT count(*) FROM finance_commitment")
NM=$(timeout 30 sqlite3 "$DB" "SELECT count(*) FROM finance_commitment_month")
NS=$(timeout 30 sqlite3 "$DB" "SELECT count(*) FROM finance_spend")
note "$NCL clusters, $NC commitments ($NM months), $NS spend lines over 5 years"

start_server "$DB"
sign_in

PCPG=cardiff-pan-cluster-planning-group
TARGETS=(
  "$STATIC"
  "pcpg|/units/$PCPG/finance?year=2025|1"
  "cluster|/units/$CLUSTER/finance?year=2025|1"
  "pcpg-api|/api/v1/units/$PCPG/finance?year=2025|1"
)
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name path ck <<<"$t"
  check_target "$name" "$path" "$ck"
  case $name in
    pcpg) [[ $(grep -o '<tr' "$TMP/body" | wc -l) -ge 10 ]] || die "pcpg: fewer rows than 9 clusters"
          grep -q 'id="clusters"' "$TMP/body" || die "pcpg: no clusters table" ;;
    cluster) grep -q 'id="streams"' "$TMP/body" || die "cluster: no streams table" ;;
  esac
  [[ $name != static ]] && note "$name: $C_BODY_BYTES bytes, first answer in ${C_SECONDS}s"
done

strict_check 2 "" "${TARGETS[@]}"

ROWS=()
row(){
  ROWS+=("$(printf '%-10s %5s %9.1f %9s %9s %9s %11s %6s %9s' \
    "$1" "$2" "$R_RPS" "$R_P50" "$R_P99" "$F_RATIO" "$F_CPU_PER" "$F_OTHER" "${SIZE[$1]}")")
}
runs_of "${TARGETS[@]}"
timed_runs "" 3 row

echo
echo "carecluster finance bench: $(conditions)"
echo "($NCL clusters under the PCPG; $NC commitments with $NM months and $NS spend lines over 5 years)"
printf '%-10s %5s %9s %9s %9s %9s %11s %6s %9s\n' \
  target conns "req/s" "p50_us" "p99_us" "vs_static" "cpu_us/req" "other" "bytes"
for r in "${ROWS[@]}"; do echo "$r"; done
echo
echo "server peak RSS (VmHWM): $(server_mem VmHWM)"
echo "cpu_us/req = server CPU (user+sys) per request; other = cores busy with neither the server nor wrk"
echo "  (> 0.2: the machine was not quiet); bytes = the size of one answer with its headers"
noisy_warning
stop_server
echo "load after: $(uptime)"
