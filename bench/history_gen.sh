# shellcheck shell=bash disable=SC2034,SC2153  # sourced: TABLES is read by the scripts, CLUSTER set by bench/lib.sh
# Ten years of history generated into a demonstration database, shared by
# bench/history.sh and bench/pg.sh (source it after bench/lib.sh, whose
# init_db, die, note and $TMP it uses).
#
#   make_db NAME YEARS ACT_LO ACT_HI CLUSTERS   makes $TMP/NAME.db

# ---- history ------------------------------------------------------------------
# gen_sql YEARS ACT_LO ACT_HI CLUSTERS: SQL that adds YEARS of history to
# a demo database, with ACT_LO..ACT_HI actions raised at each meeting held,
# in every cluster (CLUSTERS=0) or in $CLUSTER and the CLUSTERS-1 clusters
# with the lowest ids. People and memberships are made in every cluster
# either way. Deterministic (no random()): the same parameters give the
# same data.
gen_sql(){
local YEARS=$1 ACT_LO=$2 ACT_HI=$3 CLUSTERS=$4
cat <<SQL
PRAGMA foreign_keys=OFF;
BEGIN IMMEDIATE;
CREATE TEMP TABLE g_par AS SELECT
  date('now') AS today,
  date('now','-$YEARS years') AS s,
  date('now','-$YEARS years','+$(( YEARS*182 )) days') AS mid,
  $YEARS AS years, $ACT_LO AS act_lo, $ACT_HI AS act_hi;

-- Clusters: whether they get meetings and actions, the date their present
-- members joined (history members leave the day before), and the prefix
-- of their action references (as action_ref_prefix makes it).
CREATE TEMP TABLE g_cl AS
WITH RECURSIVE w(unit_id, rest, word, i) AS (
  SELECT id, replace(replace(name,'-',' '),char(9),' ') || ' ', '', 0 FROM unit WHERE kind='cluster'
  UNION ALL
  SELECT unit_id, substr(rest, instr(rest,' ')+1), substr(rest, 1, instr(rest,' ')-1), i+1
    FROM w WHERE rest<>'')
SELECT u.id AS unit_id, u.name,
  ($CLUSTERS=0 OR u.slug='$CLUSTER' OR u.id IN (SELECT id FROM unit WHERE kind='cluster' AND slug<>'$CLUSTER'
                                               ORDER BY id LIMIT $CLUSTERS-1)) AS hist,
  (SELECT date(min(valid_from),'-1 day') FROM membership ms WHERE ms.unit_id=u.id) AS members_end,
  COALESCE((SELECT substr(group_concat(upper(substr(word,1,1)),''),1,6) FROM
             (SELECT word FROM w WHERE w.unit_id=u.id AND word<>''
                 AND word NOT IN ('and','of','the','a','ac','y','yr','&')
                 AND substr(word,1,1) GLOB '[A-Za-z0-9]' ORDER BY i)), 'ACT') AS prefix
  FROM unit u WHERE u.kind='cluster';

-- ~10 people per cluster for the history (11 where a seat changes hands
-- half-way): for clusters with no members, and for clusters whose
-- members joined after the history starts (their predecessors).
CREATE TEMP TABLE g_slot(k INTEGER PRIMARY KEY, role TEXT, job TEXT);
INSERT INTO g_slot VALUES
 (1,'cluster_lead','GP partner'), (2,'deputy_cluster_lead','GP partner'),
 (3,'gp_collaborative_lead','Salaried GP'), (4,'pharmacy_collaborative_lead','Community pharmacist'),
 (5,'dental_collaborative_lead','General dental practitioner'), (6,'optometry_collaborative_lead','Optometrist'),
 (7,'nursing_collaborative_lead','District nursing team leader'), (8,'ahp_collaborative_lead','Physiotherapist'),
 (9,'third_sector_rep','County voluntary council officer'), (10,'cluster_development_manager','Cluster development manager'),
 (11,'nursing_collaborative_lead','Practice nurse manager');
CREATE TEMP TABLE g_first(i INTEGER PRIMARY KEY, n TEXT);
INSERT INTO g_first(n) VALUES ('Alys'),('Bethan'),('Carys'),('Dafydd'),('Elin'),('Ffion'),('Gareth'),('Huw'),
 ('Ieuan'),('Lowri'),('Megan'),('Nia'),('Owain'),('Rhian'),('Rhys'),('Sioned'),('Tomos'),('Gwen'),('Emyr'),('Catrin'),('Llyr'),('Mared'),('Aled');
CREATE TEMP TABLE g_last(i INTEGER PRIMARY KEY, n TEXT);
INSERT INTO g_last(n) VALUES ('Jones'),('Williams'),('Davies'),('Evans'),('Thomas'),('Roberts'),('Hughes'),('Lewis'),
 ('Morgan'),('Griffiths'),('Price'),('Owen'),('Rees'),('Jenkins'),('Pritchard'),('Lloyd'),('Powell'),('Parry'),('Bowen'),('Vaughan'),('Pugh');
CREATE TEMP TABLE g_person AS
SELECT (SELECT COALESCE(max(id),0) FROM person) + row_number() OVER (ORDER BY c.unit_id, sl.k) AS id,
  c.unit_id, sl.k, sl.role, sl.job,
  CASE WHEN sl.k<=3 THEN 'Dr ' ELSE '' END
    || (SELECT n FROM g_first WHERE i=1+(c.unit_id*7+sl.k*5)%23) || ' '
    || (SELECT n FROM g_last WHERE i=1+(c.unit_id*11+sl.k*3)%21) AS name,
  CASE WHEN sl.k=11 THEN date(p.mid,'+1 day') ELSE date(p.s,'-1 month') END AS valid_from,
  CASE WHEN sl.k=7 AND (c.members_end IS NULL OR p.mid<c.members_end) THEN p.mid
       ELSE c.members_end END AS valid_to
  FROM g_cl c, g_slot sl, g_par p
 WHERE (c.members_end IS NULL OR c.members_end>date(p.s,'+1 month'))
   AND (sl.k<>11 OR c.members_end IS NULL OR p.mid<c.members_end);
INSERT INTO person(id,name,email,job_title,organisation,home_unit_id,created_at,updated_at)
SELECT id, name, lower(replace(replace(name,'Dr ',''),' ','.')) || '.' || id || '@example.wales', job, NULL, unit_id,
       CAST(strftime('%s', valid_from) AS INTEGER), CAST(strftime('%s', valid_from) AS INTEGER)
  FROM g_person;
INSERT INTO membership(person_id,unit_id,role_code,is_core,is_voting,valid_from,valid_to,created_at,updated_at)
SELECT gp.id, gp.unit_id, gp.role, r.core_default, r.voting_default, gp.valid_from, gp.valid_to,
       CAST(strftime('%s', gp.valid_from) AS INTEGER), CAST(strftime('%s', gp.valid_from) AS INTEGER)
  FROM g_person gp JOIN cluster_role r ON r.code=gp.role;
-- Every member of every cluster with the dates they sat, numbered for picking.
CREATE TEMP TABLE g_mem AS
SELECT unit_id, person_id, valid_from, valid_to FROM membership
 WHERE unit_id IN (SELECT unit_id FROM g_cl);
CREATE INDEX temp.g_mem_unit ON g_mem(unit_id);

-- Meetings: about 17 a year per cluster (every ~3 weeks, a few days
-- either way), up to a month ahead; none within a week of a meeting the
-- demo data already has.
CREATE TEMP TABLE g_meeting AS
WITH RECURSIVE seq(k) AS (SELECT 0 UNION ALL SELECT k+1 FROM seq WHERE k<(SELECT years*17+2 FROM g_par)),
raw AS (
  SELECT c.unit_id, c.name, seq.k,
    date(p.s, '+' || (CAST(seq.k*21.47 AS INTEGER) + c.unit_id%19 + (c.unit_id*7+seq.k*13)%7 - 3) || ' days') AS d
    FROM g_cl c, seq, g_par p
   WHERE 1)
SELECT (SELECT COALESCE(max(id),0) FROM meeting) + row_number() OVER (ORDER BY r.d, r.unit_id) AS id,
  r.unit_id, r.name, r.k, r.d,
  CASE r.unit_id%4 WHEN 0 THEN '09:30' WHEN 1 THEN '13:30' WHEN 2 THEN '14:00' ELSE '12:30' END AS t,
  CASE WHEN r.d>p.today THEN 'scheduled' WHEN (r.unit_id*31+r.k*17)%50=0 THEN 'cancelled' ELSE 'held' END AS status,
  -- topics: none to two, eight at the annual planning meeting
  CASE WHEN r.k%17=16 THEN 8 ELSE (r.k + (r.unit_id*13+r.k*7)%3)%3 END AS topics
  FROM raw r, g_par p, g_cl c
 WHERE c.unit_id=r.unit_id AND r.d>=p.s AND r.d<=date(p.today,'+35 days')
   AND c.hist
   AND NOT EXISTS (SELECT 1 FROM meeting m0 WHERE m0.unit_id=r.unit_id
                      AND m0.starts_at>date(r.d,'-7 days') AND m0.starts_at<date(r.d,'+8 days'));
INSERT INTO meeting(id,unit_id,title,starts_at,ends_at,location,online_link,status,pack_published_at,
                    minutes_status,minutes_approved_at,created_at,updated_at)
SELECT id, unit_id,
  CASE WHEN topics=8 THEN name || ' cluster annual planning meeting' ELSE name || ' cluster meeting' END,
  d || 'T' || t, d || 'T' || printf('%02d', CAST(substr(t,1,2) AS INTEGER)+2) || substr(t,3),
  CASE WHEN k%3=0 THEN NULL ELSE 'Cluster office, meeting room ' || (1+unit_id%3) END,
  CASE WHEN k%3=2 THEN NULL ELSE 'https://teams.example.wales/cluster-' || unit_id END,
  status,
  CASE WHEN status='scheduled' AND d>date('now','+7 days') THEN NULL ELSE CAST(strftime('%s', d, '-7 days') AS INTEGER) END,
  CASE WHEN status<>'held' THEN 'none' WHEN d>date('now','-30 days') THEN 'draft' ELSE 'approved' END,
  CASE WHEN status='held' AND d<=date('now','-30 days') THEN CAST(strftime('%s', d, '+25 days') AS INTEGER) END,
  CAST(strftime('%s', d, '-40 days') AS INTEGER), CAST(strftime('%s', d) AS INTEGER)
  FROM g_meeting;

-- Agenda: the standing items (apologies, declarations, minutes, review
-- of actions), the topics, any other business last.
CREATE TEMP TABLE g_topic(i INTEGER PRIMARY KEY, title TEXT, purpose TEXT);
INSERT INTO g_topic(title,purpose) VALUES
 ('Winter pressures plan','decision'), ('Cluster finance update','information'), ('Frailty pathway pilot','decision'),
 ('Community pharmacy common ailments uptake','discussion'), ('Social prescribing review','discussion'),
 ('Diabetes prevention programme','decision'), ('Workforce and recruitment','discussion'),
 ('Population needs assessment','information'), ('Mental health practitioner pilot','decision'),
 ('Childhood immunisation rates','discussion'), ('Access to dental care','discussion'), ('Eye health in the community','information'),
 ('Estates and premises','discussion'), ('Digital services and e-consultations','decision'),
 ('Health board primary care update','information'), ('Carers support','discussion'), ('Falls prevention','decision'),
 ('Annual cluster plan','decision'), ('Pacesetter evaluation','information'), ('Patient feedback','discussion');
CREATE TEMP TABLE g_item AS
WITH std(pos, standing, title, purpose, mins) AS (VALUES
  (1,'apologies','Apologies','information',5), (2,'declarations','Declarations of interest','information',5),
  (3,'minutes','Minutes of the last meeting','decision',10), (4,'actions','Review of actions','discussion',15)),
seq(j) AS (VALUES (0),(1),(2),(3),(4),(5),(6),(7)),
rows AS (
  SELECT m.id AS meeting_id, m.unit_id, m.d, m.status AS mstatus, std.pos, std.standing, std.title, std.purpose, std.mins, 0 AS restricted
    FROM g_meeting m, std
  UNION ALL
  SELECT m.id, m.unit_id, m.d, m.status, 5+seq.j, NULL, t.title, t.purpose, 15+5*((m.id+seq.j)%4),
         CASE WHEN (m.id*7+seq.j)%23=0 THEN 1 ELSE 0 END
    FROM g_meeting m JOIN seq ON seq.j<m.topics JOIN g_topic t ON t.i=1+(m.unit_id*3+m.k*7+seq.j*11)%20
  UNION ALL
  SELECT m.id, m.unit_id, m.d, m.status, 5+m.topics, 'aob', 'Any other business', 'discussion', 10, 0 FROM g_meeting m)
SELECT (SELECT COALESCE(max(id),0) FROM agenda_item) + row_number() OVER (ORDER BY meeting_id, pos) AS id, * FROM rows;
INSERT INTO agenda_item(id,meeting_id,position,title,purpose,lead_person_id,duration_minutes,standing,status,
                        proposed_by_person_id,restricted,minutes,created_at,updated_at)
SELECT i.id, i.meeting_id, i.pos, i.title, i.purpose,
  CASE WHEN i.standing IS NULL THEN
    (SELECT max(((x.person_id*37+i.id*11)%101)*10000000+x.person_id)%10000000
       FROM g_mem x WHERE x.unit_id=i.unit_id AND x.valid_from<=i.d AND (x.valid_to IS NULL OR x.valid_to>=i.d)) END,
  i.mins, i.standing, 'accepted', NULL, i.restricted,
  CASE WHEN i.mstatus='held' AND i.standing IS NULL THEN
    'The group discussed **' || i.title || '**.' || char(10) || char(10)
    || '- The lead presented the evidence and the costs.' || char(10)
    || '- Members asked about staffing and how success will be measured.' END,
  CAST(strftime('%s', i.d, '-30 days') AS INTEGER), CAST(strftime('%s', i.d) AS INTEGER)
  FROM g_item i;

-- Attendance of the members on the day, at meetings that were held.
INSERT OR IGNORE INTO attendance(meeting_id, person_id, status, deputy_for_person_id)
SELECT m.id, x.person_id,
  CASE WHEN (m.id*13+x.person_id*7)%100<68 THEN 'present'
       WHEN (m.id*13+x.person_id*7)%100<82 THEN 'online'
       WHEN (m.id*13+x.person_id*7)%100<95 THEN 'apologies' ELSE 'absent' END, NULL
  FROM g_meeting m JOIN g_mem x ON x.unit_id=m.unit_id AND x.valid_from<=m.d AND (x.valid_to IS NULL OR x.valid_to>=m.d)
 WHERE m.status='held';

-- Actions: act_lo..act_hi per held meeting, raised on its topics, led by
-- a member on the day, due 2 to 12 weeks later. Past their due date most
-- are done or cancelled and a few are still open (overdue); the older,
-- the fewer. Ids in the order they were raised (the demo's own actions,
-- from this year, are moved after them), references numbered per cluster.
CREATE TEMP TABLE g_action AS
WITH RECURSIVE seq(j) AS (SELECT 0 UNION ALL SELECT j+1 FROM seq WHERE j<(SELECT act_hi FROM g_par)-1),
a AS (
  SELECT m.id AS meeting_id, m.unit_id, m.d, m.k, m.topics, seq.j,
    date(m.d, '+' || (14 + (m.id*17+seq.j*29)%71) || ' days') AS due_on,
    (m.id*7919 + seq.j*104729) % 1000 AS h
    FROM g_meeting m JOIN seq ON seq.j < (SELECT act_lo FROM g_par) + (m.id*31+7)%((SELECT act_hi-act_lo FROM g_par)+1)
   WHERE m.status='held')
SELECT row_number() OVER (ORDER BY a.d, a.unit_id, a.j) AS id,
  row_number() OVER (PARTITION BY a.unit_id ORDER BY a.d, a.j) AS n, a.*,
  CASE WHEN a.due_on>=p.today THEN
         CASE WHEN h<450 THEN 'open' WHEN h<800 THEN 'in_progress' WHEN h<950 THEN 'done' ELSE 'cancelled' END
       WHEN a.d>=date(p.today,'-1 year') THEN
         CASE WHEN h<80 THEN 'open' WHEN h<160 THEN 'in_progress' WHEN h<900 THEN 'done' ELSE 'cancelled' END
       ELSE
         CASE WHEN h<15 THEN 'open' WHEN h<30 THEN 'in_progress' WHEN h<900 THEN 'done' ELSE 'cancelled' END
  END AS status
  FROM a, g_par p;
-- Make room: the demo's actions (and their notes and audit entries) go after the history.
CREATE TEMP TABLE g_shift AS SELECT max((SELECT count(*) FROM g_action), (SELECT COALESCE(max(id),0) FROM action)) AS n;
UPDATE action_progress SET action_id=action_id+(SELECT n FROM g_shift);
UPDATE audit_log SET entity_id=entity_id+(SELECT n FROM g_shift) WHERE entity='action';
UPDATE action SET id=id+(SELECT n FROM g_shift), ref='~' || ref;
UPDATE action SET ref=substr(ref,2,instr(ref,'-')-1) || printf('%03d',
        CAST(substr(ref,instr(ref,'-')+1) AS INTEGER) + (SELECT count(*) FROM g_action g WHERE g.unit_id=action.unit_id));
CREATE TEMP TABLE g_verb(i INTEGER PRIMARY KEY, v TEXT);
INSERT INTO g_verb(v) VALUES ('Circulate the plan for %s to all practices'), ('Report progress on %s to the next meeting'),
 ('Agree the budget for %s with the health board'), ('Write to the practices about %s'),
 ('Bring costed options for %s to the next meeting'), ('Ask the PCPG to support %s'),
 ('Collect the data on %s for the last quarter'), ('Arrange a workshop on %s');
INSERT INTO action(id,unit_id,ref,meeting_id,agenda_item_id,description,lead_person_id,status,due_on,created_at,updated_at)
SELECT a.id, a.unit_id, c.prefix || '-' || printf('%03d', a.n), a.meeting_id, it.id,
  printf((SELECT v FROM g_verb WHERE i=1+(a.id*3+a.j)%8), COALESCE(it.title, 'the cluster plan')),
  (SELECT max(((x.person_id*53+a.id*19)%103)*10000000+x.person_id)%10000000
     FROM g_mem x WHERE x.unit_id=a.unit_id AND x.valid_from<=a.d AND (x.valid_to IS NULL OR x.valid_to>=a.d)),
  a.status, a.due_on,
  CAST(strftime('%s', a.d, '+1 day') AS INTEGER),
  CAST(strftime('%s', min(a.due_on, date('now'))) AS INTEGER)
  FROM g_action a JOIN g_cl c ON c.unit_id=a.unit_id
  LEFT JOIN g_item it ON it.meeting_id=a.meeting_id AND it.standing IS NULL AND a.topics>0
                      AND it.pos=5+(a.j % max(a.topics,1));

-- One or two progress notes each, oldest first: a first update, then
-- (for half of them) the outcome or a later update.
INSERT INTO action_progress(action_id, noted_on, note, user_id, created_at)
SELECT action_id, noted_on, note, 1, CAST(strftime('%s', noted_on) AS INTEGER) FROM (
  SELECT a.id AS action_id, 1 AS nth, min(date(a.d, '+' || (7+a.h%20) || ' days'), date('now')) AS noted_on,
    CASE a.h%4 WHEN 0 THEN 'Started: the lead has contacted the practices.'
      WHEN 1 THEN 'In hand; a first draft has gone to the lead''s team.'
      WHEN 2 THEN 'Discussed with the health board; waiting for their reply.'
      ELSE 'Data requested from the practices.' END AS note
    FROM g_action a
  UNION ALL
  SELECT a.id, 2, min(a.due_on, date('now')),
    CASE a.status WHEN 'done' THEN 'Completed and reported to the cluster.'
      WHEN 'cancelled' THEN 'Cancelled: overtaken by the health board''s plan.'
      ELSE 'Further update: progress slower than hoped; the lead will report back.' END
    FROM g_action a WHERE a.h%2=0 OR a.status IN ('done','cancelled') AND a.h%3=0)
 ORDER BY action_id, nth;

COMMIT;
PRAGMA foreign_keys=ON;
SQL
}

TABLES=(meeting agenda_item attendance action action_progress person membership)
# make_db NAME YEARS ACT_LO ACT_HI CLUSTERS
make_db(){
  local db=$TMP/$1.db
  init_db "$db"
  local t0; t0=$(date +%s.%N)
  gen_sql "$2" "$3" "$4" "$5" | timeout 120 sqlite3 -bail "$db" >"$TMP/gen.log" 2>&1 \
    || { cat "$TMP/gen.log" >&2; die "generating history into $1 failed"; }
  local fk; fk=$(timeout 60 sqlite3 "$db" 'PRAGMA foreign_key_check;' | head -n 5)
  [[ -z $fk ]] || die "$1: foreign key check failed: $fk"
  local q="" t
  for t in "${TABLES[@]}"; do q+="SELECT '$t', count(*) FROM $t UNION ALL "; done
  q+="SELECT 'open or in progress', count(*) FROM action WHERE status IN ('open','in_progress') UNION ALL "
  q+="SELECT 'overdue', count(*) FROM action WHERE status IN ('open','in_progress') AND due_on<date('now')"
  echo "$1 database: $2 year(s) of history in $( (( $5 )) && echo "$5" || echo all) clusters," \
       "$3..$4 actions a meeting held; generated in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b-a }') s"
  timeout 30 sqlite3 -separator ' ' "$db" "$q" | awk '{ n=$NF; $NF=""; printf "  %-22s %9d\n", $0, n }'
  if [[ -n ${BENCH_KEEP_DB:-} ]]; then mkdir -p "$BENCH_KEEP_DB" && cp "$db" "$BENCH_KEEP_DB/"; fi
}
