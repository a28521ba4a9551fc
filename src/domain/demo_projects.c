/*
** Demonstration projects for `init --demo` (see demo.h), after
** demo_finance:
**
**   - cardiff-south-west: its approved business case (the cluster
**     pharmacist for frailty reviews) carried into a project now in
**     Deliver: two gates passed, each with the decision of a held meeting
**     of the cluster; the case's objectives as milestones (one moved
**     late enough to break the time tolerance, so an exception report is
**     open); the case's risks and one above the tolerance, escalated to
**     the cluster's risk register; an issue; its documents (plan on a
**     page, brief, structure, initiation document, a progress report);
**     its commitments; a logic model whose output is tied to a QI measure
**     of the cluster and whose long-term outcome to the objective's
**     indicator; an evaluation with a first measurement, one due and one
**     planned, and two benefits valued;
**   - afan: a project started directly, in Initiate.
**
** Direct SQL, one transaction per cluster, dates relative to today and the
** cluster's demonstration meetings. Marked demo = 1 where the schema can
** say so; the words say they are demonstration text.
*/
#include "domain/demo.h"
#include "domain/plan.h"
#include "domain/unit.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define P(pounds) ((long long)(pounds)*100)

struct pctx {
  struct db *db;
  long long unitId, projectId, now;
  char zToday[11];
  bool ok;
};

/* zIso moved by n days into zOut. */
static void day_add(const char *zIso, int n, char zOut[11]){
  time_t t = (time_t)(demo_epoch_of(zIso) + 86400LL*n);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zOut, 11, "%Y-%m-%d", &tm);
}

/* The n-th most recent held meeting of the unit (0: the latest), its id
** and its start. */
static long long held_meeting(struct pctx *c, int n, char zStart[17]){
  struct stmt *s = db_prepare(c->db,
    "SELECT id, starts_at FROM meeting WHERE unit_id=? AND status='held' AND starts_at<=?"
    " ORDER BY starts_at DESC LIMIT 1 OFFSET ?");
  stmt_bind_int(s, 1, c->unitId);
  stmt_bind_text(s, 2, c->zToday);
  stmt_bind_int(s, 3, n);
  long long id = 0;
  if( stmt_step(s)==1 ){ id = stmt_int(s, 0); text_copy(zStart, 17, stmt_text(s, 1)); }
  stmt_done(s);
  return id;
}

/* A decision under a new item of meeting m (before "Any other business"). */
static long long meeting_decision(struct pctx *c, long long meetingId, const char *zStart, const char *zTitle,
                                  const char *zMinutes, const char *zText, const char *zReason){
  if( !c->ok ) return 0;
  long long at = demo_epoch_of(zStart) + 3600;
  struct stmt *s = db_prepare(c->db,
    "SELECT COALESCE((SELECT MIN(position) FROM agenda_item WHERE meeting_id=?1 AND standing='aob'),"
    " (SELECT MAX(position)+1 FROM agenda_item WHERE meeting_id=?1), 1)");
  stmt_bind_int(s, 1, meetingId);
  long long pos = stmt_step(s)==1 ? stmt_int(s, 0) : 1;
  stmt_done(s);
  s = db_prepare(c->db, "UPDATE agenda_item SET position=position+1 WHERE meeting_id=? AND position>=?");
  stmt_bind_int(s, 1, meetingId);
  stmt_bind_int(s, 2, pos);
  if( !stmt_exec(s) ){ c->ok = false; return 0; }
  s = db_prepare(c->db,
    "INSERT INTO agenda_item(meeting_id,position,title,purpose,lead_person_id,duration_minutes,status,minutes,created_at,updated_at)"
    " VALUES(?,?,?,'decision',?,15,'accepted',?,?,?) RETURNING id");
  stmt_bind_int(s, 1, meetingId);
  stmt_bind_int(s, 2, pos);
  stmt_bind_text(s, 3, zTitle);
  long long lead = demo_person_in_role(c->db, c->unitId, "cluster_lead");
  if( lead ) stmt_bind_int(s, 4, lead); else stmt_bind_null(s, 4);
  stmt_bind_text(s, 5, zMinutes);
  stmt_bind_int(s, 6, at);
  stmt_bind_int(s, 7, at);
  long long itemId = demo_row_id(s);
  if( !itemId ){ c->ok = false; return 0; }
  s = db_prepare(c->db,
    "INSERT INTO decision(agenda_item_id,text,reason,vote_kind,votes_for,votes_against,votes_abstain,"
    " quorum_required,quorum_present,created_at)"
    " SELECT ?,?,?,'none',NULL,NULL,NULL,d.quorum_required,d.quorum_present,?"
    " FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id WHERE a.meeting_id=? ORDER BY d.id LIMIT 1"
    " RETURNING id");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_text(s, 2, zText);
  stmt_bind_text(s, 3, zReason);
  stmt_bind_int(s, 4, at);
  stmt_bind_int(s, 5, meetingId);
  long long id = demo_row_id(s);
  if( !id ) c->ok = false;
  return id;
}

static void gate(struct pctx *c, const char *zFrom, const char *zTo, long long decisionId, long long at,
                 long long userId){
  if( !c->ok ) return;
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO project_gate(project_id,from_stage,to_stage,decision_id,note,passed_by,passed_at) VALUES(?,?,?,?,?,?,?)");
  stmt_bind_int(s, 1, c->projectId);
  stmt_bind_text(s, 2, zFrom);
  stmt_bind_text(s, 3, zTo);
  stmt_bind_int(s, 4, decisionId);
  stmt_bind_text(s, 5, "Demonstration gate.");
  if( userId ) stmt_bind_int(s, 6, userId); else stmt_bind_null(s, 6);
  stmt_bind_int(s, 7, at);
  c->ok = stmt_exec(s);
}

static void milestone(struct pctx *c, int i, const char *zTitle, const char *zBaseline, const char *zDue,
                      const char *zDone){
  if( !c->ok ) return;
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO project_milestone(project_id,title,baseline_on,due_on,done_on,sort_order,created_at,updated_at)"
    " VALUES(?,?,?,?,?,?,?,?)");
  stmt_bind_int(s, 1, c->projectId);
  stmt_bind_text(s, 2, zTitle);
  stmt_bind_text(s, 3, zBaseline);
  stmt_bind_text(s, 4, zDue);
  stmt_bind_text(s, 5, zDone);
  stmt_bind_int(s, 6, i);
  stmt_bind_int(s, 7, c->now);
  stmt_bind_int(s, 8, c->now);
  c->ok = stmt_exec(s);
}

static void risk(struct pctx *c, const char *zDesc, const char *zCause, long long ownerId, int l, int k,
                 const char *zControls, int rl, int rk, const char *zReview, bool bEscalated){
  if( !c->ok ) return;
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO risk(unit_id,project_id,description,cause,owner_person_id,likelihood,consequence,controls,"
    " residual_likelihood,residual_consequence,review_on,status,escalated_at,demo,created_at,updated_at)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,'open',?,1,?,?)");
  stmt_bind_int(s, 1, c->unitId);
  stmt_bind_int(s, 2, c->projectId);
  stmt_bind_text(s, 3, zDesc);
  stmt_bind_text(s, 4, zCause);
  if( ownerId ) stmt_bind_int(s, 5, ownerId); else stmt_bind_null(s, 5);
  stmt_bind_int(s, 6, l);
  stmt_bind_int(s, 7, k);
  stmt_bind_text(s, 8, zControls);
  stmt_bind_int(s, 9, rl);
  stmt_bind_int(s, 10, rk);
  stmt_bind_text(s, 11, zReview);
  if( bEscalated ) stmt_bind_int(s, 12, c->now); else stmt_bind_null(s, 12);
  stmt_bind_int(s, 13, c->now);
  stmt_bind_int(s, 14, c->now);
  c->ok = stmt_exec(s);
}

/* A document with its fields (pairs code, text; NULL-terminated). */
static long long doc(struct pctx *c, const char *zKind, const char *zTitle, const char *zFrom, const char *zTo,
                     bool bComplete, const char *zTrigger, const char *zBreach, long long userId,
                     const char *const *azField){
  if( !c->ok ) return 0;
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO project_doc(project_id,kind,title,period_from,period_to,state,trigger_kind,breach_key,"
    " created_by,completed_by,completed_at,demo,created_at,updated_at)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,1,?,?) RETURNING id");
  stmt_bind_int(s, 1, c->projectId);
  stmt_bind_text(s, 2, zKind);
  stmt_bind_text(s, 3, zTitle);
  stmt_bind_text(s, 4, zFrom);
  stmt_bind_text(s, 5, zTo);
  stmt_bind_text(s, 6, bComplete ? "complete" : "draft");
  stmt_bind_text(s, 7, zTrigger);
  stmt_bind_text(s, 8, zBreach);
  if( userId ) stmt_bind_int(s, 9, userId); else stmt_bind_null(s, 9);
  if( userId && bComplete ) stmt_bind_int(s, 10, userId); else stmt_bind_null(s, 10);
  if( bComplete ) stmt_bind_int(s, 11, c->now); else stmt_bind_null(s, 11);
  stmt_bind_int(s, 12, c->now);
  stmt_bind_int(s, 13, c->now);
  long long id = demo_row_id(s);
  if( !id ){ c->ok = false; return 0; }
  for(int i = 0; c->ok && azField[i]; i += 2){
    s = db_prepare(c->db, "INSERT INTO project_doc_text(doc_id,field,body) VALUES(?,?,?)");
    stmt_bind_int(s, 1, id);
    stmt_bind_text(s, 2, azField[i]);
    stmt_bind_text(s, 3, azField[i+1]);
    c->ok = stmt_exec(s);
  }
  return id;
}

static long long logic(struct pctx *c, const char *zCol, int i, const char *zText, long long measureId,
                       long long indicatorId){
  if( !c->ok ) return 0;
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO logic_item(project_id,col,text,qi_measure_id,indicator_id,sort_order) VALUES(?,?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, c->projectId);
  stmt_bind_text(s, 2, zCol);
  stmt_bind_text(s, 3, zText);
  if( measureId ) stmt_bind_int(s, 4, measureId); else stmt_bind_null(s, 4);
  if( indicatorId ) stmt_bind_int(s, 5, indicatorId); else stmt_bind_null(s, 5);
  stmt_bind_int(s, 6, i);
  long long id = demo_row_id(s);
  if( !id ) c->ok = false;
  return id;
}

static void measurement(struct pctx *c, long long itemId, const char *zTitle, const char *zDue, const char *zPopulation,
                        const char *zPlace, const char *zMeasured, double value, const char *zResult){
  if( !c->ok ) return;
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO eval_measurement(project_id,logic_item_id,title,due_on,population,place,measured_on,value,result,"
    " created_at,updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  stmt_bind_int(s, 1, c->projectId);
  if( itemId ) stmt_bind_int(s, 2, itemId); else stmt_bind_null(s, 2);
  stmt_bind_text(s, 3, zTitle);
  stmt_bind_text(s, 4, zDue);
  stmt_bind_text(s, 5, zPopulation);
  stmt_bind_text(s, 6, zPlace);
  stmt_bind_text(s, 7, zMeasured);
  if( zMeasured ) stmt_bind_double(s, 8, value); else stmt_bind_null(s, 8);
  stmt_bind_text(s, 9, zResult);
  stmt_bind_int(s, 10, c->now);
  stmt_bind_int(s, 11, c->now);
  c->ok = stmt_exec(s);
}

struct benefit_in {
  long long itemId;
  const char *zKind, *zDescription, *zBeneficiaries;
  double quantity;
  long long proxy, proxyLow, proxyHigh;
  const char *zSource;
  int deadweight, attribution, displacement, dropOff, startYear, years;
  const char *zEvidence;
};

static void benefit(struct pctx *c, int i, const struct benefit_in *b){
  if( !c->ok ) return;
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO benefit(project_id,logic_item_id,kind,description,beneficiaries,quantity,proxy_pence,proxy_low_pence,"
    " proxy_high_pence,proxy_source,deadweight_pct,attribution_pct,displacement_pct,drop_off_pct,start_year,"
    " duration_years,evidence,sort_order,created_at,updated_at)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  stmt_bind_int(s, 1, c->projectId);
  if( b->itemId ) stmt_bind_int(s, 2, b->itemId); else stmt_bind_null(s, 2);
  stmt_bind_text(s, 3, b->zKind);
  stmt_bind_text(s, 4, b->zDescription);
  stmt_bind_text(s, 5, b->zBeneficiaries);
  stmt_bind_double(s, 6, b->quantity);
  stmt_bind_int(s, 7, b->proxy);
  stmt_bind_int(s, 8, b->proxyLow);
  stmt_bind_int(s, 9, b->proxyHigh);
  stmt_bind_text(s, 10, b->zSource);
  stmt_bind_int(s, 11, b->deadweight);
  stmt_bind_int(s, 12, b->attribution);
  stmt_bind_int(s, 13, b->displacement);
  stmt_bind_int(s, 14, b->dropOff);
  stmt_bind_int(s, 15, b->startYear);
  stmt_bind_int(s, 16, b->years);
  stmt_bind_text(s, 17, b->zEvidence);
  stmt_bind_int(s, 18, i);
  stmt_bind_int(s, 19, c->now);
  stmt_bind_int(s, 20, c->now);
  c->ok = stmt_exec(s);
}

static void eval_text(struct pctx *c, const char *zField, const char *zBody){
  if( !c->ok ) return;
  struct stmt *s = db_prepare(c->db, "INSERT INTO eval_text(project_id,field,body) VALUES(?,?,?)");
  stmt_bind_int(s, 1, c->projectId);
  stmt_bind_text(s, 2, zField);
  stmt_bind_text(s, 3, zBody);
  c->ok = stmt_exec(s);
}

/* ---- cardiff-south-west: the approved case, in Deliver -------------------------- */

static bool demo_project_csw(struct pctx *c){
  struct stmt *s = db_prepare(c->db,
    "SELECT id, title, objective_id FROM business_case WHERE unit_id=? AND state='approved' AND demo=1 ORDER BY id LIMIT 1");
  stmt_bind_int(s, 1, c->unitId);
  long long caseId = 0, objectiveId = 0;
  char zTitle[201] = "";
  if( stmt_step(s)==1 ){
    caseId = stmt_int(s, 0);
    text_copy(zTitle, sizeof zTitle, stmt_text(s, 1));
    objectiveId = stmt_int(s, 2);
  }
  stmt_done(s);
  if( !caseId ) return false;
  s = db_prepare(c->db, "SELECT COALESCE(SUM(amount_pence),0) FROM business_case_cost WHERE case_id=?");
  stmt_bind_int(s, 1, caseId);
  long long budget = demo_row_id(s);
  s = db_prepare(c->db, "SELECT id FROM app_user WHERE email='lead@example.wales'");
  long long leadUser = demo_row_id(s);
  long long owner = demo_person_in_role(c->db, c->unitId, "cluster_lead");

  /* The gates' meetings: three and one held meetings ago. */
  char zGate1[17] = "", zGate2[17] = "";
  long long m1 = held_meeting(c, 3, zGate1), m2 = held_meeting(c, 1, zGate2);
  if( !m1 || !m2 ) return false;
  char zStart[11], zEnd[11];
  text_copy(zStart, sizeof zStart, zGate1);
  char zYear[8], zEndBuf[16];
  plan_year_of_date(c->zToday, zYear);
  snprintf(zEndBuf, sizeof zEndBuf, "%04d-09-30", (atoi(zYear) + 1) % 10000);
  text_copy(zEnd, sizeof zEnd, zEndBuf);

  s = db_prepare(c->db,
    "INSERT INTO project(unit_id,objective_id,business_case_id,title,summary,problem_type,problem_reason,complex,stage,"
    " owner_person_id,sponsor,start_on,end_on,budget_pence,cost_tolerance_pct,time_tolerance_days,risk_tolerance,"
    " created_by,demo,created_at,updated_at)"
    " VALUES(?,?,?,?,?,'tame',?,0,'deliver',?,?,?,?,?,10,30,12,?,1,?,?) RETURNING id");
  stmt_bind_int(s, 1, c->unitId);
  if( objectiveId ) stmt_bind_int(s, 2, objectiveId); else stmt_bind_null(s, 2);
  stmt_bind_int(s, 3, caseId);
  stmt_bind_text(s, 4, zTitle);
  stmt_bind_text(s, 5, "A cluster pharmacist reviews the medicines of people on the frailty register, to reduce harm from"
                       " medicines and emergency admissions (demonstration text).");
  stmt_bind_text(s, 6, "Structured medication reviews are well understood: the causes are known and the method is"
                       " established, so the project needs good management more than new answers (demonstration text).");
  if( owner ) stmt_bind_int(s, 7, owner); else stmt_bind_null(s, 7);
  stmt_bind_text(s, 8, "Cardiff and Vale University Health Board, primary care (demonstration)");
  stmt_bind_text(s, 9, zStart);
  stmt_bind_text(s, 10, zEnd);
  stmt_bind_int(s, 11, budget);
  if( leadUser ) stmt_bind_int(s, 12, leadUser); else stmt_bind_null(s, 12);
  stmt_bind_int(s, 13, c->now);
  stmt_bind_int(s, 14, c->now);
  c->projectId = demo_row_id(s);
  if( !c->projectId ) return false;

  /* Its commitments are the case's. */
  s = db_prepare(c->db, "UPDATE finance_commitment SET project_id=? WHERE business_case_id=?");
  stmt_bind_int(s, 1, c->projectId);
  stmt_bind_int(s, 2, caseId);
  c->ok = stmt_exec(s);

  /* Two gates passed at the cluster's meetings. */
  char zMinutes[600], zText[400];
  snprintf(zMinutes, sizeof zMinutes, "The cluster lead presented the plan on a page, brief and structure of the project"
           " \"%s\". Members agreed it may move to planning (demonstration text).", zTitle);
  snprintf(zText, sizeof zText, "Agree that the project \"%s\" moves from Initiate to Plan.", zTitle);
  long long d1 = meeting_decision(c, m1, zGate1, "Project stage gate: Initiate to Plan", zMinutes, zText,
                                  "The documents of the Initiate stage are complete.");
  snprintf(zMinutes, sizeof zMinutes, "The cluster lead presented the project initiation document of \"%s\", its schedule"
           " and risks. Members agreed delivery may start (demonstration text).", zTitle);
  snprintf(zText, sizeof zText, "Agree that the project \"%s\" moves from Plan to Deliver.", zTitle);
  long long d2 = meeting_decision(c, m2, zGate2, "Project stage gate: Plan to Deliver", zMinutes, zText,
                                  "The initiation document, schedule and risk log are complete.");
  gate(c, "initiate", "plan", d1, demo_epoch_of(zGate1) + 3600, leadUser);
  gate(c, "plan", "deliver", d2, demo_epoch_of(zGate2) + 3600, leadUser);

  /* The schedule: the case's objectives as milestones; the last moved late. */
  char zB1[11], zD1[11], zB2[11], zD2[11], zB3[11], zD3[11], zB4[11], zD4[11];
  day_add(zStart, 30, zB1); day_add(zStart, 44, zD1);
  day_add(c->zToday, -10, zB2); day_add(c->zToday, 21, zD2);
  day_add(zEnd, -60, zB3); day_add(zEnd, -20, zD3);
  text_copy(zB4, sizeof zB4, zEnd); day_add(zEnd, 45, zD4);
  milestone(c, 1, "Pharmacist in post", zB1, zD1, zD1);
  milestone(c, 2, "First 100 medication reviews", zB2, zD2, NULL);
  milestone(c, 3, "Review the medicines of 300 people on the frailty register", zB3, zD3, NULL);
  milestone(c, 4, "Evaluation report to the cluster meeting", zB4, zD4, NULL);

  /* Risks: the case's two, and one above the tolerance, escalated. */
  long long pharm = demo_person_in_role(c->db, c->unitId, "pharmacy");
  char zReview[11], zReviewPast[11];
  day_add(c->zToday, 30, zReview);
  day_add(c->zToday, -5, zReviewPast);
  risk(c, "The post cannot be filled in time", "Few pharmacists with independent prescribing apply for part-time posts",
       owner, 3, 3, "Advertise early; share with the neighbouring cluster", 2, 3, zReview, false);
  risk(c, "Opportunity cost: the next priority of the plan waits a year", "The cluster's funding is committed to this project",
       owner, 4, 2, "Bid for the transformation fund for it", 4, 2, zReviewPast, false);
  risk(c, "Practices refer fewer patients for review than planned",
       "Practices have not yet agreed how to identify people on the frailty register",
       pharm ? pharm : owner, 4, 4, "Monthly referral figures to each practice; the cluster lead raises them at the cluster meeting",
       4, 4, zReview, true);

  /* An issue. */
  if( c->ok ){
    char zRaised[11], zDue[11];
    day_add(c->zToday, -12, zRaised);
    day_add(c->zToday, 14, zDue);
    s = db_prepare(c->db,
      "INSERT INTO project_issue(project_id,description,owner_person_id,priority,raised_on,due_on,status,created_at,updated_at)"
      " VALUES(?,?,?,'medium',?,?,'open',?,?)");
    stmt_bind_int(s, 1, c->projectId);
    stmt_bind_text(s, 2, "No clinic room at one practice on the pharmacist's Tuesday session (demonstration)");
    if( owner ) stmt_bind_int(s, 3, owner); else stmt_bind_null(s, 3);
    stmt_bind_text(s, 4, zRaised);
    stmt_bind_text(s, 5, zDue);
    stmt_bind_int(s, 6, c->now);
    stmt_bind_int(s, 7, c->now);
    c->ok = stmt_exec(s);
  }

  /* Its documents. */
  static const char *const azPoap[] = {
    "aim", "Review the medicines of 300 people on the frailty register within a year (demonstration text).",
    "need", "Emergency admissions of people aged 75 and over are higher than in Wales; medicines are a common cause.",
    "deliverables", "A cluster pharmacist (0.6 WTE), 300 structured medication reviews, a report to the cluster.",
    "people", "The cluster lead (owner), the cluster pharmacist, practice frailty leads.",
    "timescale", "Eighteen months from the approval of the business case.",
    "resources", "The post and equipment, from the cluster funding, as in the business case.",
    "measures", "Reviews completed; routine requests directed to another professional; emergency admissions aged 75+.",
    NULL};
  static const char *const azBrief[] = {
    "background", "The needs assessment found emergency admissions of older people above the Welsh average (demonstration text).",
    "objectives", "300 structured medication reviews; fewer emergency admissions of people on the frailty register.",
    "scope", "People on the frailty registers of the cluster's practices.",
    "exclusions", "Care home residents, whose reviews the health board's care home team does.",
    "constraints", "A part-time post; clinic rooms shared with practices.",
    "assumptions", "Practices refer from their frailty registers each month.",
    "benefits", "Fewer medicines-related admissions; fewer GP appointments for medicines queries.",
    "approach", "Recruit, agree referrals with practices, review in clinic and at home, measure monthly.",
    NULL};
  static const char *const azStructure[] = {
    "sponsor", "The health board's head of primary care (demonstration).",
    "lead", "The cluster lead.",
    "board", "The cluster meeting acts as the project board.",
    "team", "The cluster pharmacist; a frailty lead in each practice.",
    "reporting", "A highlight report to each cluster meeting; exceptions to the cluster lead at once.",
    NULL};
  static const char *const azPid[] = {
    "background", "As the brief and the approved business case (demonstration text).",
    "objectives", "As the business case's SMART objectives.",
    "scope", "The cluster's practices' frailty registers, excluding care homes.",
    "approach", "Monthly referral lists; reviews in clinic or at home; results recorded in the practice record.",
    "governance", "Gates agreed at the cluster meeting; the cluster lead owns the project.",
    "quality", "Reviews follow the health board's structured medication review template.",
    "communication", "Practices hear monthly through the practice managers' bulletin.",
    "resources", "0.6 WTE pharmacist; equipment from the business case.",
    NULL};
  doc(c, "plan_on_a_page", "", NULL, NULL, true, NULL, NULL, leadUser, azPoap);
  doc(c, "brief", "", NULL, NULL, true, NULL, NULL, leadUser, azBrief);
  doc(c, "structure", "", NULL, NULL, true, NULL, NULL, leadUser, azStructure);
  doc(c, "pid", "", NULL, NULL, true, NULL, NULL, leadUser, azPid);
  char zFrom[11], zTo[11], zGateDay[11];
  text_copy(zGateDay, sizeof zGateDay, zGate2);
  day_add(zGateDay, 1, zFrom);
  day_add(c->zToday, -3, zTo);
  static const char *const azProgress[] = {
    "summary", "The pharmacist started late; reviews are under way (demonstration text).",
    "achieved", "Pharmacist in post; referral lists agreed with four of six practices; the first reviews done.",
    "next", "The first 100 reviews; referral lists from the last two practices.",
    "risks_issues", "Referrals below plan (escalated to the cluster's risk register); a clinic room at one practice.",
    "decisions_needed", "None this period.",
    NULL};
  doc(c, "progress", "Progress report", zFrom, zTo, true, NULL, NULL, leadUser, azProgress);
  /* The time tolerance is broken: the evaluation report is forecast 45
  ** days after the planned end, 30 days allowed. */
  char zBreach[40], zSituation[400];
  snprintf(zBreach, sizeof zBreach, "time:%s:30", zEnd);
  snprintf(zSituation, sizeof zSituation,
           "The forecast end is %s, 45 days after the planned end of %s; the tolerance is 30 days (demonstration).", zD4, zEnd);
  const char *azException[] = {
    "situation", zSituation,
    "cause", "The pharmacist started two weeks late and referrals are below plan, so the 300 reviews finish later.",
    "consequences", "The evaluation report reaches the cluster meeting after the planned end of the project.",
    "options", "Accept the later end; add sessions to catch up; reduce the number of reviews.",
    "recommendation", "",
    NULL};
  doc(c, "exception", "Exception report: time", NULL, NULL, false, "time", zBreach, 0, azException);

  /* The logic model: the output tied to a QI measure of the cluster, the
  ** long-term outcome to the objective's indicator. */
  s = db_prepare(c->db,
    "SELECT m.id FROM qi_measure m JOIN qi_project q ON q.id=m.project_id WHERE q.unit_id=? AND m.kind='process'"
    " ORDER BY m.id LIMIT 1");
  stmt_bind_int(s, 1, c->unitId);
  long long measureId = demo_row_id(s);
  s = db_prepare(c->db, "SELECT COALESCE(indicator_id,0) FROM plan_objective WHERE id=?");
  stmt_bind_int(s, 1, objectiveId);
  long long indicatorId = demo_row_id(s);
  logic(c, "input", 1, "A cluster pharmacist, 0.6 WTE, and the equipment of the business case", 0, 0);
  logic(c, "activity", 1, "Structured medication reviews of people on the frailty register, in clinic and at home", 0, 0);
  long long out = logic(c, "output", 1, "Medicines queries handled by the pharmacist instead of a GP", measureId, 0);
  long long rev = logic(c, "output", 2, "300 medication reviews completed", 0, 0);
  logic(c, "outcome_short", 1, "Fewer medicines with a high risk of falls or confusion", 0, 0);
  logic(c, "outcome_medium", 1, "Fewer falls and medicines-related harm among frail older people", 0, 0);
  long long adm = logic(c, "outcome_long", 1, "Fewer emergency admissions of people aged 75 and over", 0, indicatorId);
  logic(c, "impact", 1, "Older people live well at home for longer", 0, 0);
  (void)out;

  /* The evaluation: its stages, a first measurement, one due, one planned. */
  eval_text(c, "question", "Do structured medication reviews by a cluster pharmacist reduce emergency admissions"
                                   " of frail older people? (demonstration text)");
  eval_text(c, "situation", "Emergency admissions of people aged 75 and over are above the Welsh average.");
  eval_text(c, "need", "The needs assessment and the cluster plan's second objective.");
  eval_text(c, "evaluate", "Reviews done, medicines stopped or changed, falls, emergency admissions.");
  eval_text(c, "attributable", "Reviews and medicine changes; admissions only in part (other services also act).");
  eval_text(c, "success", "300 reviews; 5% fewer emergency admissions of people on the registers.");
  eval_text(c, "data", "Practice records (reviews, changes); the health board's admissions data.");
  eval_text(c, "definitions", "A review: a structured medication review recorded in the practice record. An admission: an"
                              " emergency admission to hospital of a person on a practice's frailty register.");
  eval_text(c, "when", "The reviews each quarter; admissions a year after the last review.");
  eval_text(c, "over_time", "Each quarter for two years; by practice, by age band and for people living alone.");
  char zFirst[11], zDueNow[11], zLater[11];
  day_add(c->zToday, -14, zFirst);
  day_add(c->zToday, -2, zDueNow);
  day_add(zEnd, 30, zLater);
  measurement(c, rev, "Medication reviews completed, first count", zFirst, "People on the frailty registers",
              "Four practices of the cluster", zFirst, 64, "64 reviews in the first two months (demonstration).");
  measurement(c, rev, "Medication reviews completed, second count", zDueNow, "People on the frailty registers",
              "All six practices", NULL, 0, "");
  measurement(c, adm, "Emergency admissions of people on the frailty registers, re-measured", zLater,
              "People on the frailty registers", "The cluster", NULL, 0, "");
  struct benefit_in b1 = {adm, "cash_releasing", "Emergency admissions avoided", "People on the frailty registers",
    12, P(2250), P(1800), P(2900), "Average cost of a short emergency admission of an older person (demonstration figure)",
    40, 30, 0, 25, 0, 3, "To be shown by the re-measurement of admissions (demonstration)."};
  struct benefit_in b2 = {rev, "social", "Fewer falls among people reviewed", "People reviewed", 18, P(1500), P(900), P(2200),
    "Value to a person of a fall avoided (demonstration figure)", 25, 20, 0, 20, 0, 2, "Practice records (demonstration)."};
  benefit(c, 1, &b1);
  benefit(c, 2, &b2);
  return c->ok;
}

/* ---- afan: a project started directly, in Initiate ------------------------------ */

static bool demo_project_afan(struct pctx *c){
  struct stmt *s = db_prepare(c->db,
    "SELECT o.id FROM plan_objective o JOIN plan p ON p.id=o.plan_id WHERE p.unit_id=? AND o.ref='O2'"
    " ORDER BY p.year DESC LIMIT 1");
  stmt_bind_int(s, 1, c->unitId);
  long long objectiveId = demo_row_id(s);
  s = db_prepare(c->db, "SELECT id FROM app_user WHERE email='lead.afan@example.wales'");
  long long leadUser = demo_row_id(s);
  long long owner = demo_person_in_role(c->db, c->unitId, "cluster_lead");
  char zStart[11], zEnd[11];
  day_add(c->zToday, 21, zStart);
  day_add(c->zToday, 21+270, zEnd);
  s = db_prepare(c->db,
    "INSERT INTO project(unit_id,objective_id,business_case_id,title,summary,problem_type,problem_reason,complex,stage,"
    " owner_person_id,sponsor,start_on,end_on,budget_pence,cost_tolerance_pct,time_tolerance_days,risk_tolerance,"
    " created_by,demo,created_at,updated_at)"
    " VALUES(?,?,NULL,?,?,'wicked',?,1,'initiate',?,'',?,?,?,10,30,12,?,1,?,?) RETURNING id");
  stmt_bind_int(s, 1, c->unitId);
  if( objectiveId ) stmt_bind_int(s, 2, objectiveId); else stmt_bind_null(s, 2);
  stmt_bind_text(s, 3, "Falls prevention with the community");
  stmt_bind_text(s, 4, "Practices, the community trust, leisure services and the third sector together reduce falls"
                       " among older people in the Afan valley (demonstration text).");
  stmt_bind_text(s, 5, "Falls have many causes and no one organisation owns them: a collaborative approach across"
                       " organisations is needed (demonstration text).");
  if( owner ) stmt_bind_int(s, 6, owner); else stmt_bind_null(s, 6);
  stmt_bind_text(s, 7, zStart);
  stmt_bind_text(s, 8, zEnd);
  stmt_bind_int(s, 9, P(12400));
  if( leadUser ) stmt_bind_int(s, 10, leadUser); else stmt_bind_null(s, 10);
  stmt_bind_int(s, 11, c->now);
  stmt_bind_int(s, 12, c->now);
  c->projectId = demo_row_id(s);
  if( !c->projectId ) return false;
  char zM[11], zReview[11];
  day_add(zStart, 60, zM);
  milestone(c, 1, "First classes running in three venues", zM, zM, NULL);
  day_add(c->zToday, 45, zReview);
  risk(c, "Venues are not available on weekday mornings", "Community venues are booked by other groups", owner, 3, 2,
       "Ask the leisure trust and the community trust early", 2, 2, zReview, false);
  static const char *const azPoap[] = {
    "aim", "Fewer falls among people aged 65 and over in the Afan valley (demonstration text).",
    "need", "", NULL};
  doc(c, "plan_on_a_page", "", NULL, NULL, false, NULL, NULL, leadUser, azPoap);
  return c->ok;
}

bool demo_projects(struct db *db){
  struct pctx c;
  memset(&c, 0, sizeof c);
  c.db = db;
  c.now = (long long)time(0);
  text_today(c.zToday);
  static const struct { const char *zSlug; bool (*fn)(struct pctx *); } aDemo[] = {
    {"cardiff-south-west", demo_project_csw},
    {"afan", demo_project_afan},
  };
  for(size_t i = 0; i < sizeof aDemo / sizeof aDemo[0]; i++){
    struct unit cl;
    if( !unit_get_by_slug(db, aDemo[i].zSlug, c.zToday, &cl) ) return false;
    c.unitId = cl.id;
    c.ok = true;
    if( !db_begin(db) ) return false;
    bool ok = aDemo[i].fn(&c);
    if( ok ) ok = db_commit(db); else db_rollback(db);
    if( !ok ){
      fprintf(stderr, "carecluster: could not add the demonstration projects of %s\n", aDemo[i].zSlug);
      return false;
    }
  }
  return true;
}
