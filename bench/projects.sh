#!/usr/bin/env bash
# The project portfolio: a PCPG with 30 projects (10 of its own, 20 of its
# clusters'), each with risks, milestones, commitments and spend, read as
# the portfolio (a fixed number of aggregate queries, whatever the number
# of projects or clusters), as one project's page and as the API list,
# against the static asset in the same run.
#
#   ./bench/projects.sh
#
# 1. Makes a fresh demonstration database and generates, with set-based
#    SQL through the sqlite3 command line (deterministic: no random()),
#    PROJECTS projects (default 30) under the Cardiff PCPG, each with
#    RISKS risks (default 8), MILESTONES milestones (default 8), 3
#    commitments and 12 spend lines against them.
# 2. Serves it (--threads 4) on a free loopback port, signs in as the
#    health board user (who reads the PCPG), checks every target answers
#    200 with its content.
# 3. Measures each target for DUR seconds (BENCH_DURATION, default 10)
#    with 1 and 16 connections: req/s, p50, p99, the ratio to the static
#    asset, the server's CPU per request (/proc/PID/stat), the size.
#
# Bounded in time, talks only to 127.0.0.1, and the server is stopped (by
# its PID) on exit. Environment: see bench/lib.sh; PROJECTS, RISKS, MILESTONES.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_NAME="projects bench"
. bench/lib.sh
bench_setup wrk curl node sqlite3
EMAIL=hb@example.wales
PROJECTS=${PROJECTS:-30}
RISKS=${RISKS:-8}
MILESTONES=${MILESTONES:-8}
PCPG=cardiff-pan-cluster-planning-group

DB=$TMP/projects.db
init_db "$DB"
timeout 300 sqlite3 "$DB" <<SQL || die "generating the projects failed"
PRAGMA foreign_keys=OFF;
BEGIN IMMEDIATE;
-- The PCPG and its clusters today, numbered.
CREATE TEMP TABLE g_u AS
 SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, id AS unit_id FROM (
   SELECT id FROM unit WHERE slug='$PCPG'
   UNION SELECT l.child_id FROM unit_link l JOIN unit u ON u.id=l.child_id
    WHERE l.relation='part_of' AND l.valid_to IS NULL AND u.kind='cluster'
      AND l.parent_id=(SELECT id FROM unit WHERE slug='$PCPG'));
CREATE TEMP TABLE g_n AS WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM c WHERE i<199) SELECT i FROM c;
-- A third of the projects the PCPG's own, the others its clusters' in turn.
INSERT INTO project(unit_id,title,summary,problem_type,problem_reason,complex,stage,start_on,end_on,budget_pence,
    created_at,updated_at)
 SELECT CASE WHEN n.i % 3 = 0 THEN (SELECT unit_id FROM g_u WHERE k=0)
             ELSE (SELECT unit_id FROM g_u WHERE k = 1 + n.i % ((SELECT COUNT(*) FROM g_u) - 1)) END,
        'Generated project ' || n.i, 'Generated', CASE n.i % 3 WHEN 0 THEN 'tame' WHEN 1 THEN 'wicked' ELSE 'critical' END,
        'Generated', n.i % 2, CASE n.i % 5 WHEN 0 THEN 'initiate' WHEN 1 THEN 'plan' WHEN 2 THEN 'deliver'
        WHEN 3 THEN 'monitor' ELSE 'close' END, '2026-04-01', '2027-03-31', 5000000 + n.i * 10000, 0, 0
   FROM g_n n WHERE n.i < $PROJECTS;
CREATE TEMP TABLE g_p AS SELECT id, unit_id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM project WHERE title LIKE 'Generated project %';
INSERT INTO risk(unit_id,project_id,description,likelihood,consequence,controls,residual_likelihood,residual_consequence,
    status,created_at,updated_at)
 SELECT p.unit_id, p.id, 'Generated risk ' || n.i, 1 + (p.k + n.i) % 5, 1 + (p.k * 3 + n.i) % 5, 'Generated',
        1 + (p.k + n.i) % 4, 1 + (p.k * 3 + n.i) % 4, 'open', 0, 0
   FROM g_p p JOIN g_n n ON n.i < $RISKS;
INSERT INTO project_milestone(project_id,title,baseline_on,due_on,done_on,sort_order,created_at,updated_at)
 SELECT p.id, 'Generated milestone ' || n.i, date('2026-04-01', '+' || (n.i * 40) || ' days'),
        date('2026-04-01', '+' || (n.i * 40 + (p.k % 4) * 10) || ' days'),
        CASE WHEN n.i < 2 THEN date('2026-04-01', '+' || (n.i * 40) || ' days') END, n.i, 0, 0
   FROM g_p p JOIN g_n n ON n.i < $MILESTONES;
INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)
 SELECT unit_id, '2026/27', 'Generated project funding', 'recurrent', 100000000, 0, 0 FROM g_u;
INSERT INTO finance_commitment(unit_id,allocation_id,project_id,kind,title,supplier,supplier_key,value_pence,start_on,end_on,
    year,status,requested_by,requested_at,aggregated_pence,route,approver_role,approved_by,approved_at,created_at,updated_at)
 SELECT p.unit_id, a.id, p.id, 'order', 'Generated ' || p.k || '/' || n.i, 'Supplier', 'supplier', 1500000 + n.i * 100000,
        '2026-05-01', '2026-05-01', '2026/27', CASE WHEN n.i = 2 THEN 'requested' ELSE 'committed' END,
        (SELECT id FROM app_user WHERE email='lead@example.wales'), 0, 1500000, 'one_quote', 'cluster_lead',
        CASE WHEN n.i = 2 THEN NULL ELSE (SELECT id FROM app_user WHERE email='hb@example.wales') END,
        CASE WHEN n.i = 2 THEN NULL ELSE 0 END, 0, 0
   FROM g_p p JOIN finance_allocation a ON a.unit_id=p.unit_id AND a.stream='Generated project funding'
   JOIN g_n n ON n.i < 3;
INSERT INTO finance_spend(unit_id,allocation_id,commitment_id,spent_on,year,amount_pence,supplier,created_at)
 SELECT c.unit_id, c.allocation_id, c.id, '2026-06-01', '2026/27', 100000 + (c.id * 7919) % 200000, 'Supplier', 0
   FROM finance_commitment c JOIN g_n n ON n.i < 4 WHERE c.title LIKE 'Generated %/%' AND c.status='committed';
COMMIT;
SQL
NP=$(timeout 30 sqlite3 "$DB" "SELECT count(*) FROM project")
NR=$(timeout 30 sqlite3 "$DB" "SELECT count(*) FROM risk")
NM=$(timeout 30 sqlite3 "$DB" "SELECT count(*) FROM project_milestone")
NC=$(timeout 30 sqlite3 "$DB" "SELECT count(*) FROM finance_commitment WHERE project_id IS NOT NULL")
NS=$(timeout 30 sqlite3 "$DB" "SELECT count(*) FROM finance_spend s JOIN finance_commitment c ON c.id=s.commitment_id WHERE c.project_id IS NOT NULL")
NU=$(timeout 30 sqlite3 "$DB" "SELECT count(DISTINCT unit_id) FROM project")
PID1=$(timeout 30 sqlite3 "$DB" "SELECT MIN(id) FROM project WHERE title LIKE 'Generated project %' AND stage='deliver'")
note "$NP projects in $NU groups, $NR risks, $NM milestones, $NC commitments, $NS spend lines"

start_server "$DB"
sign_in

TARGETS=(
  "$STATIC"
  "portfolio|/units/$PCPG/projects|1"
  "project|/projects/$PID1|1"
  "api-list|/api/v1/units/$PCPG/projects|1"
)
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name path ck <<<"$t"
  check_target "$name" "$path" "$ck"
  case $name in
    portfolio) [[ $(grep -o 'href="/projects/[0-9]*"' "$TMP/body" | sort -u | wc -l) -ge $PROJECTS ]] \
                 || die "portfolio: fewer than $PROJECTS projects listed" ;;
    project) grep -q 'id="milestones-table"' "$TMP/body" || die "project: no milestones table" ;;
    api-list) [[ $(grep -o '"id":' "$TMP/body" | wc -l) -ge $PROJECTS ]] || die "api-list: fewer than $PROJECTS projects" ;;
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
echo "carecluster projects bench: $(conditions)"
echo "($NP projects under the PCPG and its clusters; $NR risks, $NM milestones, $NC commitments, $NS spend lines)"
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
