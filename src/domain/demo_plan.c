/*
** Demonstration needs assessments, priorities and plans for `init --demo`
** (see demo.h), after demo_meetings, demo_qi and demo_indicators:
**
**   - made-up references to align with, every one marked demo = 1: four
**     IMTP objectives for each health board (the fifth is left for
**     nothing to align to), three area plan priorities for the Regional
**     Partnership Boards of the demonstration clusters, three Accelerated
**     Cluster Development outcomes and three national priorities;
**   - a draft plan of the current financial year for the Pan Cluster
**     Planning Group above cardiff-south-west;
**   - for cardiff-south-west and afan: the year's needs assessment, with
**     evidence under each of the six sources and findings, those of the
**     cluster profile read from the indicators significantly worse than
**     Wales in their latest period; five priorities scored on the six
**     criteria, with the weights and the findings they came from; and the
**     plan, agreed by a decision under an item "Cluster plan" added to the
**     first meeting held in the year, with five objectives (measures,
**     targets, dates, owners, actions of the action log, alignments) and
**     the progress of each quarter of the year already ended (at most
**     two).
**
** Direct SQL, one transaction for the references and the group's plan
** and one per cluster. Deterministic: the same rows for the same date,
** whatever the database. All the text says it is demonstration text.
*/
#include "domain/demo.h"
#include "domain/indicator.h"
#include "domain/plan_views.h"
#include "domain/unit.h"
#include "util/buf.h"
#include "util/text.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_PRIORITY 5
#define N_OBJECTIVE 5
#define MAX_WORSE 8

/* ---- references ------------------------------------------------------------- */

struct ref_text { const char *zCode, *zEn, *zCy; };
static const struct ref_text aImtp[] = {
  {"IMTP-1", "Prevention and early intervention: more people supported to live healthily (demonstration)",
             "Atal ac ymyrryd yn gynnar: mwy o bobl yn cael cymorth i fyw'n iach (arddangos)"},
  {"IMTP-2", "Care closer to home: fewer avoidable admissions to hospital (demonstration)",
             "Gofal yn nes at adref: llai o dderbyniadau i'r ysbyty y gellir eu hosgoi (arddangos)"},
  {"IMTP-3", "Timely access to primary and community care (demonstration)",
             "Mynediad amserol at ofal sylfaenol a chymunedol (arddangos)"},
  {"IMTP-4", "Fewer inequalities in health outcomes (demonstration)",
             "Llai o anghydraddoldebau mewn canlyniadau iechyd (arddangos)"},
  {"IMTP-5", "Mental health and well-being across the life course (demonstration)",
             "Iechyd meddwl a llesiant ar hyd cwrs bywyd (arddangos)"},
};
static const struct ref_text aRpb[] = {
  {"AP-1", "Older people and carers (demonstration)", "Pobl hŷn a gofalwyr (arddangos)"},
  {"AP-2", "Children and young people (demonstration)", "Plant a phobl ifanc (arddangos)"},
  {"AP-3", "Mental health and emotional well-being (demonstration)", "Iechyd meddwl a llesiant emosiynol (arddangos)"},
};
static const struct ref_text aAcd[] = {
  {"ACD-1", "Clusters plan services from an assessment of their population's needs (demonstration)",
            "Clystyrau'n cynllunio gwasanaethau o asesiad o anghenion eu poblogaeth (arddangos)"},
  {"ACD-2", "Professional collaboratives work together across the cluster (demonstration)",
            "Cydweithredfeydd proffesiynol yn cydweithio ar draws y clwstwr (arddangos)"},
  {"ACD-3", "Services planned together through the pan-cluster planning group (demonstration)",
            "Gwasanaethau'n cael eu cynllunio gyda'i gilydd drwy'r grŵp cynllunio pan-glwstwr (arddangos)"},
};
static const struct ref_text aNational[] = {
  {"NP-1", "Prevention and healthy behaviours (demonstration)", "Atal ac ymddygiadau iach (arddangos)"},
  {"NP-2", "Timely access to care (demonstration)", "Mynediad amserol at ofal (arddangos)"},
  {"NP-3", "Tackling health inequalities (demonstration)", "Mynd i'r afael ag anghydraddoldebau iechyd (arddangos)"},
};

static bool refs_add(struct db *db, const char *zKind, long long unitId, const struct ref_text *a, int n, long long now){
  for(int i=0; i<n; i++){
    struct stmt *s = db_prepare(db,
      "INSERT INTO plan_reference(kind,unit_id,code,title_en,title_cy,url,sort_order,demo,created_at,updated_at)"
      " VALUES(?,?,?,?,?,NULL,?,1,?,?)");
    stmt_bind_text(s, 1, zKind);
    stmt_bind_int(s, 2, unitId);
    stmt_bind_text(s, 3, a[i].zCode);
    stmt_bind_text(s, 4, a[i].zEn);
    stmt_bind_text(s, 5, a[i].zCy);
    stmt_bind_int(s, 6, (i+1)*10);
    stmt_bind_int(s, 7, now);
    stmt_bind_int(s, 8, now);
    if( !stmt_exec(s) ) return false;
  }
  return true;
}

/* The id of reference zCode of kind zKind owned by unitId; 0 if none. */
static long long ref_id(struct db *db, const char *zKind, long long unitId, const char *zCode){
  struct stmt *s = db_prepare(db, "SELECT id FROM plan_reference WHERE kind=? AND unit_id=? AND code=?");
  stmt_bind_text(s, 1, zKind);
  stmt_bind_int(s, 2, unitId);
  stmt_bind_text(s, 3, zCode);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

static long long unit_of_kind(struct db *db, const char *zKind, long long after){
  struct stmt *s = db_prepare(db, "SELECT id FROM unit WHERE kind=? AND id>? ORDER BY id LIMIT 1");
  stmt_bind_text(s, 1, zKind);
  stmt_bind_int(s, 2, after);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

/* ---- small writers -------------------------------------------------------------- */

static long long objective_add(struct db *db, long long planId, long long priorityId, int n,
                               const char *zTitle, const char *zDesc, long long measureId,
                               long long indicatorId, const char *zTarget, double target,
                               const char *zDue, long long ownerId, long long now){
  char zRef[8];
  snprintf(zRef, sizeof zRef, "O%d", n);
  struct stmt *s = db_prepare(db,
    "INSERT INTO plan_objective(plan_id,priority_id,ref,title,description,qi_measure_id,indicator_id,"
    " target,target_value,due_on,owner_person_id,sort_order,created_at,updated_at)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, planId);
  if( priorityId ) stmt_bind_int(s, 2, priorityId); else stmt_bind_null(s, 2);
  stmt_bind_text(s, 3, zRef);
  stmt_bind_text(s, 4, zTitle);
  stmt_bind_text(s, 5, zDesc);
  if( measureId ) stmt_bind_int(s, 6, measureId); else stmt_bind_null(s, 6);
  if( indicatorId ) stmt_bind_int(s, 7, indicatorId); else stmt_bind_null(s, 7);
  stmt_bind_text(s, 8, zTarget);
  stmt_bind_double(s, 9, target);
  stmt_bind_text(s, 10, zDue);
  if( ownerId ) stmt_bind_int(s, 11, ownerId); else stmt_bind_null(s, 11);
  stmt_bind_int(s, 12, n*10);
  stmt_bind_int(s, 13, now);
  stmt_bind_int(s, 14, now);
  return demo_row_id(s);
}

static bool align_ref(struct db *db, long long objectiveId, long long refId){
  if( !refId ) return true;
  struct stmt *s = db_prepare(db, "INSERT INTO plan_alignment(objective_id,target_objective_id,reference_id) VALUES(?,NULL,?)");
  stmt_bind_int(s, 1, objectiveId);
  stmt_bind_int(s, 2, refId);
  return stmt_exec(s);
}
static bool align_objective(struct db *db, long long objectiveId, long long targetId){
  if( !targetId ) return true;
  struct stmt *s = db_prepare(db, "INSERT INTO plan_alignment(objective_id,target_objective_id,reference_id) VALUES(?,?,NULL)");
  stmt_bind_int(s, 1, objectiveId);
  stmt_bind_int(s, 2, targetId);
  return stmt_exec(s);
}

static long long indicator_id_of(struct db *db, const char *zCode){
  struct stmt *s = db_prepare(db, "SELECT id FROM indicator WHERE code=?");
  stmt_bind_text(s, 1, zCode);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

/* ---- the group's plan -------------------------------------------------------- */

static const char *const azGroupObjective[][2] = {
  {"Earlier detection of long-term conditions in every cluster of the group",
   "Each cluster finds and treats more people with high blood pressure, diabetes and COPD, led by its own profile (demonstration text)."},
  {"Fewer avoidable admissions of frail older people",
   "Community nursing, pharmacy and GP teams share a frailty register and anticipatory care plans (demonstration text)."},
  {"Fair access to routine primary care across the group",
   "Care navigation directs people to the right professional first time (demonstration text)."},
};

/* The group's plan; the ids of its objectives into aObj. */
static bool group_plan(struct db *db, long long pcpgId, long long hbId, const char *zYear, const char *zDue,
                       long long now, long long aObj[3]){
  struct stmt *s = db_prepare(db,
    "INSERT INTO plan(unit_id,year,assessment_id,vision,status,decision_id,agreed_at,demo,created_at,updated_at)"
    " VALUES(?,?,NULL,?,'draft',NULL,NULL,1,?,?) RETURNING id");
  stmt_bind_int(s, 1, pcpgId);
  stmt_bind_text(s, 2, zYear);
  stmt_bind_text(s, 3, "Healthier communities in every cluster of the group, with care planned together close to home (demonstration text).");
  stmt_bind_int(s, 4, now);
  stmt_bind_int(s, 5, now);
  long long planId = demo_row_id(s);
  if( !planId ) return false;
  static const char *const azInd[] = { "hypertension_prevalence", "emergency_admissions", "ae_attendances" };
  static const char *const azTarget[] = { "Recorded prevalence of high blood pressure up by 1 point in every cluster",
                                          "Emergency admissions per 1,000 down by 5%", "A&E attendances per 1,000 down by 3%" };
  static const char *const azImtp[] = { "IMTP-1", "IMTP-2", "IMTP-3" };
  for(int i=0; i<3; i++){
    aObj[i] = objective_add(db, planId, 0, i+1, azGroupObjective[i][0], azGroupObjective[i][1], 0,
                            indicator_id_of(db, azInd[i]), azTarget[i], NAN, zDue, 0, now);
    if( !aObj[i] || !align_ref(db, aObj[i], ref_id(db, "imtp", hbId, azImtp[i])) ) return false;
  }
  return true;
}

/* ---- a cluster -------------------------------------------------------------------- */

struct worse {
  long long indicatorId;
  char zCode[INDICATOR_CODE_MAX+1];
  char zName[801];
  char zPeriod[INDICATOR_PERIOD_MAX];
  char zValue[64], zWales[64];
};
struct worse_list { struct worse a[MAX_WORSE]; int n; };

struct ind_ids { long long a[64]; int n; };
static void collect_ind(void *p, const struct indicator *ind){
  struct ind_ids *l = p;
  if( l->n<64 ) l->a[l->n++] = ind->id;
}
static void last_period(void *p, const char *z){ text_copy(p, INDICATOR_PERIOD_MAX, z); }

/* A whole number with thousands separators: 100000 -> "100,000". */
static void thousands(double v, char *z, size_t n){
  char zDigits[32];
  snprintf(zDigits, sizeof zDigits, "%.0f", v);
  size_t len = strlen(zDigits), j = 0;
  for(size_t i=0; i<len && j+2<n; i++){
    if( i>0 && (len-i)%3==0 ) z[j++] = ',';
    z[j++] = zDigits[i];
  }
  z[j] = 0;
}

static void number_of(const struct indicator *ind, double v, char *z, size_t n){
  if( ind->kind==INDICATOR_PROPORTION && ind->multiplier==100 ){ snprintf(z, n, "%.1f%%", v); return; }
  if( ind->kind==INDICATOR_ISR ){ snprintf(z, n, "%.1f", v); return; }
  char zV[24], zPer[24];
  thousands(v, zV, sizeof zV);
  if( v<100 ) snprintf(zV, sizeof zV, "%.1f", v);
  thousands(ind->multiplier, zPer, sizeof zPer);
  snprintf(z, n, "%s per %s", zV, zPer);
}

/* The indicators in which cluster unitId is significantly worse than
** Wales (95%) in their latest period, in catalogue order. */
static bool worse_than_wales(struct db *db, long long unitId, const char *zToday, struct worse_list *w){
  struct ind_ids ids = {{0}, 0};
  if( indicator_list(db, collect_ind, &ids)<0 ) return false;
  struct indicator *ind = xmalloc(sizeof *ind);
  struct indicator_compared *c = xmalloc(sizeof *c);
  bool ok = true;
  w->n = 0;
  for(int i=0; ok && i<ids.n && w->n<MAX_WORSE; i++){
    char zPeriod[INDICATOR_PERIOD_MAX] = "";
    if( !indicator_get(db, ids.a[i], ind) ) continue;
    if( indicator_periods(db, ind->id, last_period, zPeriod)<=0 ) continue;
    if( !indicator_compare_unit(db, ind, unitId, zPeriod, 0, zToday, c) ){ ok = false; break; }
    if( c->vsWales95!=INDICATOR_WORSE ) continue;
    struct worse *x = &w->a[w->n++];
    x->indicatorId = ind->id;
    text_copy(x->zCode, sizeof x->zCode, ind->zCode);
    text_copy(x->zName, sizeof x->zName, ind->zNameEn);
    text_copy(x->zPeriod, sizeof x->zPeriod, zPeriod);
    number_of(ind, c->area.value, x->zValue, sizeof x->zValue);
    number_of(ind, c->wales.value, x->zWales, sizeof x->zWales);
  }
  free(c);
  free(ind);
  return ok;
}

/* Which priority (0-based) a finding on indicator zCode belongs to. */
static int priority_of_code(const char *zCode){
  static const char *const az[][2] = {
    {"emergency_admissions", "1"}, {"ambulatory_care_sar", "1"}, {"copd_admissions", "1"}, {"dementia_register", "1"},
    {"ae_attendances", "2"}, {"antibiotic_items", "2"},
    {"mmr2_uptake_age5", "3"}, {"flu_uptake_65plus", "3"}, {"cervical_screening", "3"},
  };
  for(size_t i=0; i<sizeof az/sizeof az[0]; i++) if( strcmp(az[i][0], zCode)==0 ) return az[i][1][0]-'0';
  return 0;
}

struct demo_priority { const char *zTitle, *zDesc; int aScore[6]; };
static const struct demo_priority aPriority[N_PRIORITY] = {
  {"Prevent and find long-term conditions earlier",
   "Smoking, high blood pressure and diabetes found late drive the gap in early deaths (demonstration text).",
   {5, 4, 4, 3, 4, 5}},
  {"Fewer avoidable emergency admissions of frail older people",
   "Emergency admissions of people aged 75 and over are rising faster than in Wales (demonstration text).",
   {4, 3, 3, 4, 3, 4}},
  {"Routine care from the right professional, first time",
   "People wait for routine GP appointments when a pharmacist, optometrist or physiotherapist could help (demonstration text).",
   {4, 2, 3, 3, 5, 4}},
  {"More children immunised and more people screened",
   "Uptake is lowest in the most deprived communities of the cluster (demonstration text).",
   {3, 4, 5, 2, 4, 3}},
  {"Emotional well-being of young people",
   "Schools and the third sector report more young people waiting for support (demonstration text).",
   {3, 2, 3, 4, 2, 3}},
};
static const char *const azCriterion[6] = { "size", "gap", "inequality", "trend", "changeable", "alignment" };
static const int aWeight[6] = { 3, 3, 2, 2, 2, 1 };

/* Evidence under each source: source, title, body; and the finding it
** gives (what, so what, now what) with its priority. */
struct demo_evidence { const char *zSource, *zTitle, *zBody, *zWhat, *zSoWhat, *zNowWhat; int iPriority; };
static const struct demo_evidence aEvidence[] = {
  {"rpb_pna", "Regional Partnership Board population needs assessment: older people and carers",
   "The region expects a fifth more people aged 85 and over within ten years; unpaid carers report needing more breaks (demonstration text).",
   "More very old people live alone in the cluster than in the region as a whole.",
   "Falls and crises at home lead to emergency admissions that planned care could avoid.",
   "Build a frailty register with anticipatory care plans, shared by practices and community nursing.", 1},
  {"psb_wellbeing", "Public Services Board well-being assessment: children and young people",
   "Schools in the cluster's area report rising anxiety among pupils and long waits for support (demonstration text).",
   "Young people wait longer for emotional support than elsewhere in the area.",
   "Problems left untreated in the teenage years last into adult life.",
   "Agree a shared referral route with schools and the third sector.", 4},
  {"phw", "Public Health Wales: immunisation uptake by practice",
   "Uptake of the second MMR dose by age five varies from 84% to 96% between the cluster's practices (demonstration text).",
   "Two practices are below the 95% needed for herd immunity.",
   "Outbreaks of measles start where uptake is lowest.",
   "Run catch-up clinics and share call and recall between practices.", 3},
  {"cluster_profile", "The cluster profile",
   "The indicators of the cluster against its health board and Wales; those significantly worse than Wales are findings below (demonstration figures).",
   0, 0, 0, 0},
  {"local", "Practice appointment audit, autumn",
   "A two-week audit in the cluster's practices found one routine request in five could have gone to another professional (demonstration text).",
   "One routine GP request in five could be met by a community pharmacist, optometrist or physiotherapist.",
   "Routine GP appointments are taken by needs others could meet sooner.",
   "Train care navigators in every practice with one shared script.", 2},
  {"views", "What people told us: cluster engagement events",
   "Forty people at three community events and 212 survey answers (demonstration text).",
   "People find it hard to get a routine appointment and do not know what the pharmacy can do.",
   "Unmet routine need turns up later at A&E and out of hours.",
   "Publicise the common ailments scheme and first contact services in every practice.", 2},
};

struct demo_objective {
  int iPriority;
  const char *zTitle, *zDesc, *zIndicator;   /* zIndicator NULL: the cluster's QI measure, if any */
  const char *zTarget; double target;
  const char *zRole;
  const char *zImtp, *zOther;                /* codes: the health board's IMTP; NP-... or ACD-... */
  int iGroup;                                /* 1-based objective of the group's plan, 0 none */
};
static const struct demo_objective aObjective[N_OBJECTIVE] = {
  {0, "Help more adults to stop smoking",
   "Every practice refers smokers to Help Me Quit; the community pharmacy offers the enhanced service (demonstration text).",
   "smoking_prevalence", "Smoking prevalence down to 18%", 18, "public_health", "IMTP-1", "NP-1", 1},
  {1, "Fewer emergency admissions of people aged 75 and over",
   "A frailty register and anticipatory care plans, reviewed each month by practices and community nursing (demonstration text).",
   "emergency_admissions", "5% fewer emergency admissions than in 2023/24", NAN, "nursing_collaborative_lead", "IMTP-2", "ACD-2", 2},
  {2, "Routine care from the right professional, first time",
   "Care navigation with a shared script in every practice (demonstration text).",
   0, "Third next available routine appointment within 7 days", 7, "cluster_lead", "IMTP-3", "ACD-1", 3},
  {3, "More older people vaccinated against flu",
   "Joint clinics of practices and community pharmacies, and home visits by community nursing (demonstration text).",
   "flu_uptake_65plus", "75% of people aged 65 and over vaccinated", 75, "pharmacy_collaborative_lead", "IMTP-4", "NP-3", 0},
  {3, "More children with both doses of MMR by age five",
   "Catch-up clinics and shared call and recall between practices (demonstration text).",
   "mmr2_uptake_age5", "95% of children with two doses by age five", 95, "gp_collaborative_lead", "IMTP-1", "NP-1", 0},
};
/* RAG of objective i in quarter q (1, 2), with its reason. */
static const char *const azProgress[N_OBJECTIVE][2][2] = {
  {{"amber", "Referrals started in two practices of four (demonstration text)."},
   {"green", "All practices refer; 96 people set a quit date (demonstration text)."}},
  {{"green", "The frailty register is set up in every practice (demonstration text)."},
   {"amber", "Anticipatory care plans for 40% of the register, behind the plan of 60% (demonstration text)."}},
  {{"amber", "Script agreed; training booked (demonstration text)."},
   {"green", "Third next available appointment down from 14 to 9 days (demonstration text)."}},
  {{"green", "Clinics booked with every pharmacy (demonstration text)."},
   {"green", "The campaign started in September, ahead of last year (demonstration text)."}},
  {{"red", "Catch-up clinics delayed: no nurse available (demonstration text)."},
   {"amber", "Clinics restarted in August; 60 children seen (demonstration text)."}},
};

/* The decision agreeing the plan, under a new item of the first meeting
** of unit unitId held in the year (else its last held); its id, and the
** meeting's start as *pAt. */
static long long plan_decision(struct db *db, long long unitId, const char *zYear, const char *zYearStart,
                               long long *pAt){
  struct stmt *s = db_prepare(db,
    "SELECT id, starts_at FROM meeting WHERE unit_id=? AND status='held' AND starts_at>=?"
    " ORDER BY starts_at LIMIT 1");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zYearStart);
  long long meetingId = 0;
  char zStart[32] = "";
  if( stmt_step(s)==1 ){ meetingId = stmt_int(s, 0); text_copy(zStart, sizeof zStart, stmt_text(s, 1)); }
  stmt_done(s);
  if( !meetingId ){
    s = db_prepare(db, "SELECT id, starts_at FROM meeting WHERE unit_id=? AND status='held' ORDER BY starts_at DESC LIMIT 1");
    stmt_bind_int(s, 1, unitId);
    if( stmt_step(s)==1 ){ meetingId = stmt_int(s, 0); text_copy(zStart, sizeof zStart, stmt_text(s, 1)); }
    stmt_done(s);
  }
  if( !meetingId ) return 0;
  long long at = demo_epoch_of(zStart) + 3600;
  /* Before "Any other business", which moves down one. */
  s = db_prepare(db,
    "SELECT COALESCE((SELECT MIN(position) FROM agenda_item WHERE meeting_id=?1 AND standing='aob'),"
    " (SELECT MAX(position)+1 FROM agenda_item WHERE meeting_id=?1), 1)");
  stmt_bind_int(s, 1, meetingId);
  long long pos = stmt_step(s)==1 ? stmt_int(s, 0) : 1;
  stmt_done(s);
  s = db_prepare(db, "UPDATE agenda_item SET position=position+1 WHERE meeting_id=? AND position>=?");
  stmt_bind_int(s, 1, meetingId);
  stmt_bind_int(s, 2, pos);
  if( !stmt_exec(s) ) return 0;
  char zTitle[64];
  snprintf(zTitle, sizeof zTitle, "Cluster plan %s", zYear);
  s = db_prepare(db,
    "INSERT INTO agenda_item(meeting_id,position,title,purpose,lead_person_id,duration_minutes,status,minutes,created_at,updated_at)"
    " VALUES(?,?,?,'decision',?,20,'accepted',?,?,?) RETURNING id");
  stmt_bind_int(s, 1, meetingId);
  stmt_bind_int(s, 2, pos);
  stmt_bind_text(s, 3, zTitle);
  long long lead = demo_person_in_role(db, unitId, "cluster_lead");
  if( lead ) stmt_bind_int(s, 4, lead); else stmt_bind_null(s, 4);
  stmt_bind_text(s, 5, "The cluster lead presented the needs assessment, the ranked priorities and the five objectives"
                       " drawn from them. Members agreed the plan (demonstration text).");
  stmt_bind_int(s, 6, at);
  stmt_bind_int(s, 7, at);
  long long itemId = demo_row_id(s);
  if( !itemId ) return 0;
  char zText[160];
  snprintf(zText, sizeof zText, "Agree the cluster plan %s and its five objectives.", zYear);
  s = db_prepare(db,
    "INSERT INTO decision(agenda_item_id,text,reason,vote_kind,votes_for,votes_against,votes_abstain,"
    " quorum_required,quorum_present,created_at)"
    " SELECT ?,?,?,'none',NULL,NULL,NULL,d.quorum_required,d.quorum_present,?"
    " FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id WHERE a.meeting_id=? ORDER BY d.id LIMIT 1"
    " RETURNING id");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_text(s, 2, zText);
  stmt_bind_text(s, 3, "The objectives meet the priorities ranked from the needs assessment.");
  stmt_bind_int(s, 4, at);
  stmt_bind_int(s, 5, meetingId);
  *pAt = at;
  return demo_row_id(s);
}

static bool demo_cluster_plan(struct db *db, const char *zSlug, const char *zYear, const char *zToday,
                              const long long aGroupObj[3]){
  struct unit cl;
  if( !unit_get_by_slug(db, zSlug, zToday, &cl) ) return false;
  long long hbId = unit_above(db, cl.id, "health_board", zToday);
  long long walesId = unit_above(db, cl.id, "nation", zToday);
  struct worse_list worse;
  if( !worse_than_wales(db, cl.id, zToday, &worse) ) return false;
  long long now = (long long)time(0);
  char zYearStart[11], zDue[11];
  planview_year_bounds(zYear, zYearStart, zDue);

  if( !db_begin(db) ) return false;
  char zSummary[600], zPatients[32];
  thousands((double)(cl.population>0 ? cl.population : 0), zPatients, sizeof zPatients);
  snprintf(zSummary, sizeof zSummary,
    "The needs of the %s registered patients of %s, from the six sources of evidence. The cluster is"
    " among the more deprived in Wales; %d of its indicators are significantly worse than Wales"
    " (demonstration text).", zPatients, cl.zName, worse.n);
  struct stmt *s = db_prepare(db,
    "INSERT INTO needs_assessment(unit_id,year,summary,demo,created_at,updated_at) VALUES(?,?,?,1,?,?) RETURNING id");
  stmt_bind_int(s, 1, cl.id);
  stmt_bind_text(s, 2, zYear);
  stmt_bind_text(s, 3, zSummary);
  stmt_bind_int(s, 4, now);
  stmt_bind_int(s, 5, now);
  long long assessmentId = demo_row_id(s);
  bool ok = assessmentId>0;

  /* Evidence and its findings; the findings of each priority. */
  long long aFind[N_PRIORITY][8];
  int nFind[N_PRIORITY] = {0};
  int order = 0;
  for(size_t i=0; ok && i<sizeof aEvidence/sizeof aEvidence[0]; i++){
    const struct demo_evidence *e = &aEvidence[i];
    s = db_prepare(db,
      "INSERT INTO needs_evidence(assessment_id,source,title,body,url,created_at,updated_at)"
      " VALUES(?,?,?,?,NULL,?,?) RETURNING id");
    stmt_bind_int(s, 1, assessmentId);
    stmt_bind_text(s, 2, e->zSource);
    stmt_bind_text(s, 3, e->zTitle);
    stmt_bind_text(s, 4, e->zBody);
    stmt_bind_int(s, 5, now);
    stmt_bind_int(s, 6, now);
    long long evidenceId = demo_row_id(s);
    ok = evidenceId>0;
    if( !ok ) break;
    if( e->zWhat ){
      s = db_prepare(db,
        "INSERT INTO needs_finding(assessment_id,source,evidence_id,indicator_id,period,what,so_what,now_what,"
        " sort_order,created_at,updated_at) VALUES(?,?,?,NULL,NULL,?,?,?,?,?,?) RETURNING id");
      stmt_bind_int(s, 1, assessmentId);
      stmt_bind_text(s, 2, e->zSource);
      stmt_bind_int(s, 3, evidenceId);
      stmt_bind_text(s, 4, e->zWhat);
      stmt_bind_text(s, 5, e->zSoWhat);
      stmt_bind_text(s, 6, e->zNowWhat);
      stmt_bind_int(s, 7, (++order)*10);
      stmt_bind_int(s, 8, now);
      stmt_bind_int(s, 9, now);
      long long f = demo_row_id(s);
      ok = f>0;
      if( ok && nFind[e->iPriority]<8 ) aFind[e->iPriority][nFind[e->iPriority]++] = f;
    }else{
      /* The cluster profile: a finding for each indicator significantly worse than Wales. */
      for(int k=0; ok && k<worse.n; k++){
        const struct worse *w = &worse.a[k];
        char zWhat[1200], zSoWhat[400];
        snprintf(zWhat, sizeof zWhat, "%s: %s in %s against %s for Wales, significantly worse (demonstration figures).",
                 w->zName, w->zValue, w->zPeriod, w->zWales);
        snprintf(zSoWhat, sizeof zSoWhat, "The gap to Wales is larger than chance explains and falls on the most deprived communities.");
        s = db_prepare(db,
          "INSERT INTO needs_finding(assessment_id,source,evidence_id,indicator_id,period,what,so_what,now_what,"
          " sort_order,created_at,updated_at) VALUES(?,'cluster_profile',NULL,?,?,?,?,?,?,?,?) RETURNING id");
        stmt_bind_int(s, 1, assessmentId);
        stmt_bind_int(s, 2, w->indicatorId);
        stmt_bind_text(s, 3, w->zPeriod);
        stmt_bind_text(s, 4, zWhat);
        stmt_bind_text(s, 5, zSoWhat);
        stmt_bind_text(s, 6, "Make it a priority of the cluster plan, with a measure the cluster can follow.");
        stmt_bind_int(s, 7, (++order)*10);
        stmt_bind_int(s, 8, now);
        stmt_bind_int(s, 9, now);
        long long f = demo_row_id(s);
        ok = f>0;
        int p = priority_of_code(w->zCode);
        if( ok && nFind[p]<8 ) aFind[p][nFind[p]++] = f;
      }
    }
  }
  /* Weights and priorities. */
  for(int c=0; ok && c<6; c++){
    s = db_prepare(db, "INSERT INTO priority_weight(assessment_id,criterion,weight) VALUES(?,?,?)");
    stmt_bind_int(s, 1, assessmentId);
    stmt_bind_text(s, 2, azCriterion[c]);
    stmt_bind_int(s, 3, aWeight[c]);
    ok = stmt_exec(s);
  }
  long long aPri[N_PRIORITY] = {0};
  for(int i=0; ok && i<N_PRIORITY; i++){
    s = db_prepare(db, "INSERT INTO priority(assessment_id,title,description,created_at,updated_at) VALUES(?,?,?,?,?) RETURNING id");
    stmt_bind_int(s, 1, assessmentId);
    stmt_bind_text(s, 2, aPriority[i].zTitle);
    stmt_bind_text(s, 3, aPriority[i].zDesc);
    stmt_bind_int(s, 4, now);
    stmt_bind_int(s, 5, now);
    aPri[i] = demo_row_id(s);
    ok = aPri[i]>0;
    for(int c=0; ok && c<6; c++){
      s = db_prepare(db, "INSERT INTO priority_score(priority_id,criterion,score) VALUES(?,?,?)");
      stmt_bind_int(s, 1, aPri[i]);
      stmt_bind_text(s, 2, azCriterion[c]);
      stmt_bind_int(s, 3, aPriority[i].aScore[c]);
      ok = stmt_exec(s);
    }
    for(int k=0; ok && k<nFind[i]; k++){
      s = db_prepare(db, "INSERT INTO priority_finding(priority_id,finding_id) VALUES(?,?)");
      stmt_bind_int(s, 1, aPri[i]);
      stmt_bind_int(s, 2, aFind[i][k]);
      ok = stmt_exec(s);
    }
  }

  /* The plan, agreed at a meeting. */
  long long agreedAt = 0;
  long long decisionId = ok ? plan_decision(db, cl.id, zYear, zYearStart, &agreedAt) : 0;
  ok = ok && decisionId>0;
  long long planId = 0;
  if( ok ){
    s = db_prepare(db,
      "INSERT INTO plan(unit_id,year,assessment_id,vision,status,decision_id,agreed_at,demo,created_at,updated_at)"
      " VALUES(?,?,?,?,'agreed',?,?,1,?,?) RETURNING id");
    stmt_bind_int(s, 1, cl.id);
    stmt_bind_text(s, 2, zYear);
    stmt_bind_int(s, 3, assessmentId);
    stmt_bind_text(s, 4, "People of the cluster live longer, healthier lives, with care from the right professional close to home (demonstration text).");
    stmt_bind_int(s, 5, decisionId);
    stmt_bind_int(s, 6, agreedAt);
    stmt_bind_int(s, 7, now);
    stmt_bind_int(s, 8, now);
    planId = demo_row_id(s);
    ok = planId>0;
  }
  /* Two open actions of the cluster's log, to link. */
  long long aAction[2] = {0, 0};
  if( ok ){
    s = db_prepare(db, "SELECT id FROM action WHERE unit_id=? AND status IN ('open','in_progress') ORDER BY id LIMIT 2");
    stmt_bind_int(s, 1, cl.id);
    for(int k=0; k<2 && stmt_step(s)==1; k++) aAction[k] = stmt_int(s, 0);
    stmt_done(s);
  }
  /* The cluster's first QI measure, if it has one. */
  long long measureId = 0;
  if( ok ){
    s = db_prepare(db,
      "SELECT m.id FROM qi_measure m JOIN qi_project p ON p.id=m.project_id WHERE p.unit_id=? ORDER BY m.position, m.id LIMIT 1");
    stmt_bind_int(s, 1, cl.id);
    measureId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
  }
  long long rpbId = 0;
  struct unit rpb;
  if( unit_area(db, cl.id, "rpb", zToday, &rpb) ) rpbId = rpb.id;
  struct indicator *ind = xmalloc(sizeof *ind);
  for(int i=0; ok && i<N_OBJECTIVE; i++){
    const struct demo_objective *o = &aObjective[i];
    long long indId = o->zIndicator ? indicator_id_of(db, o->zIndicator) : 0;
    long long mId = o->zIndicator ? 0 : measureId;
    /* Without a QI measure, access is measured by A&E attendances. */
    const char *zTarget = o->zTarget;
    double target = o->target;
    if( !o->zIndicator && !mId ){
      indId = indicator_id_of(db, "ae_attendances");
      zTarget = "3% fewer A&E attendances than in 2023/24";
      target = NAN;
    }
    long long objId = objective_add(db, planId, aPri[o->iPriority], i+1, o->zTitle, o->zDesc, mId, indId,
                                    zTarget, target, zDue, demo_person_in_role(db, cl.id, o->zRole), now);
    ok = objId>0
      && align_ref(db, objId, ref_id(db, "imtp", hbId, o->zImtp))
      && align_ref(db, objId, ref_id(db, o->zOther[0]=='N' ? "national_priority" : "acd_outcome", walesId, o->zOther))
      && (i!=3 || align_ref(db, objId, ref_id(db, "rpb_area_plan", rpbId, "AP-1")))
      && (o->iGroup==0 || align_objective(db, objId, aGroupObj[o->iGroup-1]));
    if( ok && i<2 && aAction[i] ){
      s = db_prepare(db, "INSERT INTO plan_objective_action(objective_id,action_id) VALUES(?,?)");
      stmt_bind_int(s, 1, objId);
      stmt_bind_int(s, 2, aAction[i]);
      ok = stmt_exec(s);
    }
    /* Progress of the quarters already ended, the measure's value as then shown. */
    char zValue[120] = "";
    if( ok && indId && indicator_get(db, indId, ind) ){
      char zPeriod[INDICATOR_PERIOD_MAX] = "";
      struct indicator_stat st;
      if( indicator_periods(db, indId, last_period, zPeriod)>0
       && indicator_stat_of(db, ind, cl.id, zPeriod, 0, &st) && st.bValue ){
        char zN[64];
        number_of(ind, st.value, zN, sizeof zN);
        snprintf(zValue, sizeof zValue, "%s (%s)", zN, zPeriod);
      }
    }else if( ok && mId ){
      snprintf(zValue, sizeof zValue, "9 days");
    }
    for(int q=1; ok && q<=2; q++){
      char zEnd[11];
      planview_quarter_end(zYear, q, zEnd);
      if( strcmp(zEnd, zToday)>=0 ) break;
      s = db_prepare(db,
        "INSERT INTO plan_progress(objective_id,quarter,rag,reason,measure_value,user_id,created_at) VALUES(?,?,?,?,?,NULL,?)");
      stmt_bind_int(s, 1, objId);
      stmt_bind_int(s, 2, q);
      stmt_bind_text(s, 3, azProgress[i][q-1][0]);
      stmt_bind_text(s, 4, azProgress[i][q-1][1]);
      if( zValue[0] ) stmt_bind_text(s, 5, zValue); else stmt_bind_null(s, 5);
      stmt_bind_int(s, 6, demo_epoch_of(zEnd) + 86400*14);
      ok = stmt_exec(s);
    }
  }
  free(ind);
  if( ok ) ok = db_commit(db); else db_rollback(db);
  if( !ok ) fprintf(stderr, "carecluster: could not add the demonstration plan of %s\n", zSlug);
  return ok;
}

bool demo_plan(struct db *db){
  char zToday[11], zYear[8], zStart[11], zDue[11];
  text_today(zToday);
  planview_year_of(zToday, zYear);
  planview_year_bounds(zYear, zStart, zDue);
  long long now = (long long)time(0);
  struct unit cl;
  if( !unit_get_by_slug(db, "cardiff-south-west", zToday, &cl) ) return false;
  struct unit pcpg;
  if( !unit_get_by_slug(db, cl.zParentSlug, zToday, &pcpg) ) return false;
  long long walesId = unit_above(db, cl.id, "nation", zToday);
  long long hbCardiff = unit_above(db, cl.id, "health_board", zToday);

  if( !db_begin(db) ) return false;
  bool ok = refs_add(db, "acd_outcome", walesId, aAcd, 3, now)
         && refs_add(db, "national_priority", walesId, aNational, 3, now);
  /* Four IMTP objectives of five for every health board. */
  for(long long hb = unit_of_kind(db, "health_board", 0); ok && hb; hb = unit_of_kind(db, "health_board", hb)){
    ok = refs_add(db, "imtp", hb, aImtp, 5, now);
  }
  static const char *const azSlug[] = { "cardiff-south-west", "afan" };
  for(int i=0; ok && i<2; i++){
    struct unit c, rpb;
    ok = unit_get_by_slug(db, azSlug[i], zToday, &c);
    if( ok && unit_area(db, c.id, "rpb", zToday, &rpb) && !ref_id(db, "rpb_area_plan", rpb.id, "AP-1") ){
      ok = refs_add(db, "rpb_area_plan", rpb.id, aRpb, 3, now);
    }
  }
  long long aGroupObj[3] = {0, 0, 0};
  ok = ok && group_plan(db, pcpg.id, hbCardiff, zYear, zDue, now, aGroupObj);
  if( ok ) ok = db_commit(db); else db_rollback(db);
  if( !ok ){
    fprintf(stderr, "carecluster: could not add the demonstration plan references\n");
    return false;
  }
  static const long long aNone[3] = {0, 0, 0};
  return demo_cluster_plan(db, "cardiff-south-west", zYear, zToday, aGroupObj)
      && demo_cluster_plan(db, "afan", zYear, zToday, aNone);
}
