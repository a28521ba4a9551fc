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
# server is stopped (by its PID) on exit. Environment: see bench/lib.sh
# (BENCH_DURATION, BENCH_THREADS, BENCH_BIN).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_NAME="qi bench"
. bench/lib.sh
bench_setup wrk curl node sqlite3
# The JSON of 100,000 points (17 MB) takes a second or more at c=16, and
# wrk counts the bytes of responses still in flight when it stops.
WRK_TIMEOUT=10
SIZE_COUNTS_INFLIGHT=1

# ---- the database ----------------------------------------------------------------
DB=$TMP/qi.db
init_db "$DB"

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

# ---- a server on a free loopback port, signed in as the cluster lead --------
start_server "$DB"
sign_in

# ---- targets ----------------------------------------------------------------
TARGETS=(
  "$STATIC"
  "page 1k|/measures/$M1K|1"
  "page 100k|/measures/$M100K|1"
  "api 1k|/api/v1/measures/$M1K|1"
  "api 100k|/api/v1/measures/$M100K|1"
)
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name path ck <<<"$t"
  check_target "$name" "$path" "$ck"
  if [[ $name == page* ]]; then
    grep -q '<svg' "$TMP/body" || die "$name: no chart (<svg) in the page"
    note "$name: $C_BODY_BYTES bytes, $( (tr -d '\n' <"$TMP/body" | grep -o '<svg.*</svg>' || true) | wc -c) of them the chart, first answer in ${C_SECONDS}s"
  fi
done

# ---- short strict check: every response exactly 200 ---------------------------
# 3 s each: the JSON of 100,000 points (17 MB) takes a second or more at c=16.
strict_check 3 "" "${TARGETS[@]}"

# ---- timed runs -------------------------------------------------------------
ROWS=()
declare -A RPS CPU P50
row(){
  RPS[$1,$2]=$R_RPS
  CPU[$1,$2]=$F_CPU_PER
  P50[$1,$2]=$R_P50
  ROWS+=("$(printf '%-10s %5s %9.1f %9s %9s %9s %11s %6s %9s' \
    "$1" "$2" "$R_RPS" "$R_P50" "$R_P99" "$F_RATIO" "$F_CPU_PER" "$F_OTHER" "${SIZE[$1]}")")
}
runs_of "${TARGETS[@]}"
timed_runs "" 4 row

HWM=$(server_mem VmHWM)

echo
echo "carecluster QI bench: $(conditions)"
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
noisy_warning
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
