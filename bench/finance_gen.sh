# shellcheck shell=bash disable=SC2153  # sourced after bench/lib.sh (die, note, $TMP)
# Five years of money generated into a demonstration database for
# bench/finance.sh: the Cardiff PCPG made a group of 9 clusters (the 3
# clusters of the Vale of Glamorgan PCPG moved under it), and for each of
# its clusters and each year 2022/23 to 2026/27: three allocations,
# COMMITS commitments (a third of them posts over 12 months, the others
# contracts over 6 months or orders of one month; 1 in 10 asked for and
# not yet approved) with their months, and SPEND spend lines (half
# against a commitment, 1 in 20 a credit). Set-based SQL through the
# sqlite3 command line; deterministic (no random()).
#
#   finance_gen DB COMMITS SPEND
finance_gen(){
local DB=$1 COMMITS=$2 SPEND=$3
timeout 300 sqlite3 "$DB" <<SQL || die "generating the money failed"
PRAGMA foreign_keys=OFF;
BEGIN IMMEDIATE;
-- 9 clusters under the Cardiff PCPG.
UPDATE unit_link SET valid_to='2025-04-01'
 WHERE relation='part_of' AND valid_to IS NULL
   AND parent_id=(SELECT id FROM unit WHERE slug='vale-of-glamorgan-pan-cluster-planning-group')
   AND child_id IN (SELECT id FROM unit WHERE kind='cluster');
INSERT INTO unit_link(child_id,parent_id,relation,valid_from)
 SELECT u.id, (SELECT id FROM unit WHERE slug='cardiff-pan-cluster-planning-group'), 'part_of', '2025-04-01'
   FROM unit u JOIN unit_link l ON l.child_id=u.id AND l.relation='part_of' AND l.valid_to='2025-04-01'
  WHERE u.kind='cluster';
CREATE TEMP TABLE g_cl AS
 SELECT l.child_id AS unit_id FROM unit_link l JOIN unit u ON u.id=l.child_id
  WHERE l.relation='part_of' AND l.valid_to IS NULL AND u.kind='cluster'
    AND l.parent_id=(SELECT id FROM unit WHERE slug='cardiff-pan-cluster-planning-group');
CREATE TEMP TABLE g_y AS WITH RECURSIVE y(n) AS (SELECT 2022 UNION ALL SELECT n+1 FROM y WHERE n<2026)
 SELECT n AS y, n || '/' || substr(n+1, 3, 2) AS year FROM y;
CREATE TEMP TABLE g_n AS WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM c WHERE i<max($COMMITS,$SPEND)-1)
 SELECT i FROM c;
-- Streams of their own, beside the demonstration's.
CREATE TEMP TABLE g_s AS SELECT 0 AS k, 'Generated cluster funding' AS stream, 'recurrent' AS kind, 17500000 AS amount
 UNION ALL SELECT 1, 'Generated transformation fund', 'transformation', 5000000
 UNION ALL SELECT 2, 'Generated other fund', 'other', 1000000;
INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,delivery_criteria,end_on,year_end_rule,demo,created_at,updated_at)
 SELECT c.unit_id, y.year, s.stream, s.kind, s.amount, CASE WHEN s.k=1 THEN 'Generated' ELSE '' END,
        CASE WHEN s.k=1 THEN (y.y+1) || '-03-31' END, CASE WHEN s.k=0 THEN 'carry_forward' ELSE 'return' END, 0, 0, 0
   FROM g_cl c, g_y y, g_s s;
INSERT INTO finance_commitment(unit_id,allocation_id,kind,title,supplier,supplier_key,value_pence,start_on,end_on,year,status,
    requested_by,requested_at,aggregated_pence,route,approver_role,approved_by,approved_at,created_at,updated_at)
 SELECT a.unit_id, a.id, CASE n.i % 3 WHEN 0 THEN 'post' WHEN 1 THEN 'contract' ELSE 'order' END,
        'Generated ' || n.i, 'Supplier ' || (n.i % 37), 'supplier ' || (n.i % 37),
        (CASE n.i % 3 WHEN 0 THEN 12 WHEN 1 THEN 6 ELSE 1 END) * (20000 + (n.i * 7919) % 300000),
        y.y || '-04-01', CASE n.i % 3 WHEN 0 THEN (y.y+1) || '-03-31' WHEN 1 THEN y.y || '-09-30' ELSE y.y || '-04-30' END,
        a.year, CASE WHEN n.i % 10 = 9 THEN 'requested' ELSE 'committed' END,
        (SELECT id FROM app_user WHERE email='lead@example.wales'), 0,
        (CASE n.i % 3 WHEN 0 THEN 12 WHEN 1 THEN 6 ELSE 1 END) * (20000 + (n.i * 7919) % 300000), 'one_quote', 'cluster_lead',
        CASE WHEN n.i % 10 = 9 THEN NULL ELSE (SELECT id FROM app_user WHERE email='hb@example.wales') END,
        CASE WHEN n.i % 10 = 9 THEN NULL ELSE 0 END, 0, 0
   FROM finance_allocation a JOIN g_y y ON y.year=a.year JOIN g_n n ON n.i < $COMMITS
  WHERE a.stream = CASE n.i % 5 WHEN 0 THEN 'Generated transformation fund' WHEN 1 THEN 'Generated other fund' ELSE 'Generated cluster funding' END
    AND a.unit_id IN (SELECT unit_id FROM g_cl);
CREATE TEMP TABLE g_m AS WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k+1 FROM m WHERE k<11) SELECT k FROM m;
INSERT INTO finance_commitment_month(commitment_id,month,amount_pence)
 SELECT c.id, CASE WHEN 4+m.k <= 12 THEN substr(c.start_on,1,4) || '-' || substr('0' || (4+m.k), -2)
                   ELSE (CAST(substr(c.start_on,1,4) AS INTEGER)+1) || '-' || substr('0' || (m.k-8), -2) END,
        c.value_pence / (CASE c.kind WHEN 'post' THEN 12 WHEN 'contract' THEN 6 ELSE 1 END)
   FROM finance_commitment c JOIN g_m m ON m.k < (CASE c.kind WHEN 'post' THEN 12 WHEN 'contract' THEN 6 ELSE 1 END)
  WHERE c.unit_id IN (SELECT unit_id FROM g_cl) AND c.title LIKE 'Generated %';
INSERT INTO finance_spend(unit_id,allocation_id,commitment_id,spent_on,year,amount_pence,supplier,description,source,ledger_ref,demo,created_at)
 SELECT a.unit_id, a.id,
        CASE WHEN n.i % 2 = 0 THEN (SELECT c.id FROM finance_commitment c WHERE c.allocation_id=a.id AND c.title='Generated ' || ((n.i/2) % $COMMITS)) END,
        y.y || '-' || substr('0' || (4 + n.i % 9), -2) || '-' || substr('0' || (1 + n.i % 28), -2), a.year,
        CASE WHEN n.i % 20 = 19 THEN -(500 + n.i % 5000) ELSE 1000 + (n.i * 104729) % 200000 END,
        'Supplier ' || (n.i % 37), 'Generated', 'ledger', 'G' || a.id || '-' || n.i, 0, 0
   FROM finance_allocation a JOIN g_y y ON y.year=a.year JOIN g_n n ON n.i < $SPEND
  WHERE a.stream = CASE n.i % 5 WHEN 0 THEN 'Generated transformation fund' WHEN 1 THEN 'Generated other fund' ELSE 'Generated cluster funding' END
    AND a.unit_id IN (SELECT unit_id FROM g_cl);
COMMIT;
ANALYZE;
SQL
}
