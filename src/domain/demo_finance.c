/*
** Demonstration money for `init --demo` (see demo.h), after demo_plan:
** for cardiff-south-west and afan, the current financial year (and for
** cardiff-south-west the one before, with what was left of its
** transformation fund carried forward):
**
**   - allocations: the recurrent cluster funding and a transformation
**     fund with its delivery criteria and end date;
**   - budget lines under the objectives of the cluster's demonstration plan;
**   - commitments under the example Standing Financial Instructions, each
**     with the route check's answer (sfi_route_check): a funded post
**     profiled month by month to its contract end, contracts, small
**     orders, one requested and awaiting approval; those over the
**     decision threshold approved with the decision of a held meeting of
**     the Pan Cluster Planning Group above the cluster. Every approver is
**     a named authorised signatory of that group, never the requester;
**   - spend, entered and from the ledger (with its references), against
**     the commitments month by month and without a commitment (a credit
**     among them); on cardiff-south-west the transformation fund's
**     forecast overshoots its allocation, so that the warning shows;
**   - two business cases: one approved by the group's decision, every
**     part written, its costs become its commitments; one draft with a
**     part not yet written.
**
** Direct SQL, one transaction per cluster, deterministic for a date. All
** marked demo = 1 where the schema can say so, and the words say it is
** demonstration text.
*/
#include "domain/demo.h"
#include "domain/business_case_doc.h"
#include "domain/plan.h"
#include "domain/sfi.h"
#include "domain/unit.h"
#include "util/buf.h"
#include "util/money.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define P(pounds) ((long long)(pounds)*100)

struct ctx {
  struct db *db;
  long long unitId, pcpgId, now;
  char zToday[24];
  int y0;                        /* the financial year starts in April of y0 */
  char zYear[8], zPrevYear[8];
  long long leadId, signatoryId;
  int nRef;                      /* ledger references */
  char zRefPrefix[8];
};

/* A date of the financial year: month m (1-12) of April-to-March, day d. */
static void fy_date(const struct ctx *c, int m, int d, char z[24]){
  snprintf(z, 24, "%04d-%02d-%02d", m>=4 ? c->y0 : c->y0+1, m, d);
}

/* ---- allocations and budget lines ------------------------------------------- */

static long long allocation(struct ctx *c, const char *zYear, const char *zStream, const char *zKind, long long pence,
                            const char *zCriteria, const char *zEnd, const char *zRule){
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,delivery_criteria,end_on,year_end_rule,demo,"
    " created_at,updated_at) VALUES(?,?,?,?,?,?,?,?,1,?,?) RETURNING id");
  stmt_bind_int(s, 1, c->unitId);
  stmt_bind_text(s, 2, zYear);
  stmt_bind_text(s, 3, zStream);
  stmt_bind_text(s, 4, zKind);
  stmt_bind_int(s, 5, pence);
  stmt_bind_text(s, 6, zCriteria);
  if( zEnd ) stmt_bind_text(s, 7, zEnd); else stmt_bind_null(s, 7);
  stmt_bind_text(s, 8, zRule);
  stmt_bind_int(s, 9, c->now);
  stmt_bind_int(s, 10, c->now);
  return demo_row_id(s);
}

static long long objective_of(struct ctx *c, const char *zRef){
  struct stmt *s = db_prepare(c->db,
    "SELECT o.id FROM plan_objective o JOIN plan p ON p.id=o.plan_id WHERE p.unit_id=? AND p.year=? AND o.ref=?");
  stmt_bind_int(s, 1, c->unitId);
  stmt_bind_text(s, 2, c->zYear);
  stmt_bind_text(s, 3, zRef);
  return demo_row_id(s);
}

static long long budget_line(struct ctx *c, long long allocationId, const char *zObjective, const char *zTitle, long long pence){
  long long objectiveId = zObjective ? objective_of(c, zObjective) : 0;
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO finance_budget_line(allocation_id,objective_id,title,amount_pence,created_at,updated_at)"
    " VALUES(?,?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, allocationId);
  if( objectiveId ) stmt_bind_int(s, 2, objectiveId); else stmt_bind_null(s, 2);
  stmt_bind_text(s, 3, zTitle);
  stmt_bind_int(s, 4, pence);
  stmt_bind_int(s, 5, c->now);
  stmt_bind_int(s, 6, c->now);
  return demo_row_id(s);
}

/* ---- spend ------------------------------------------------------------------------ */

/* Spend of pence on zOn (skipped when after today); from the ledger with
** the next reference when bLedger. */
static bool spend(struct ctx *c, long long allocationId, long long commitmentId, const char *zOn, long long pence,
                  const char *zSupplier, const char *zDescription, bool bLedger){
  if( strcmp(zOn, c->zToday)>0 ) return true;
  char zYear[8], zRef[32];
  plan_year_of_date(zOn, zYear);
  snprintf(zRef, sizeof zRef, "%s-%05d", c->zRefPrefix, ++c->nRef);
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO finance_spend(unit_id,allocation_id,commitment_id,spent_on,year,amount_pence,supplier,description,"
    " source,ledger_ref,created_by,demo,created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,1,?)");
  stmt_bind_int(s, 1, c->unitId);
  stmt_bind_int(s, 2, allocationId);
  if( commitmentId ) stmt_bind_int(s, 3, commitmentId); else stmt_bind_null(s, 3);
  stmt_bind_text(s, 4, zOn);
  stmt_bind_text(s, 5, zYear);
  stmt_bind_int(s, 6, pence);
  stmt_bind_text(s, 7, zSupplier);
  stmt_bind_text(s, 8, zDescription);
  stmt_bind_text(s, 9, bLedger ? "ledger" : "entered");
  if( bLedger ) stmt_bind_text(s, 10, zRef); else stmt_bind_null(s, 10);
  if( bLedger ) stmt_bind_null(s, 11); else stmt_bind_int(s, 11, c->leadId);
  stmt_bind_int(s, 12, c->now);
  return stmt_exec(s);
}

/* ---- commitments ------------------------------------------------------------------- */

struct commit_in {
  long long allocationId, budgetLineId, caseId;
  const char *zKind, *zTitle, *zSupplier, *zDescription;
  long long valuePence;
  char zStart[24], zEnd[24];
  bool bCommitted;
  long long decisionId;          /* when committed and the rules need one */
  bool bSpend;                   /* its months already ended are spent (from the ledger) */
};

static long long commitment(struct ctx *c, const struct commit_in *in){
  struct sfi_route_result r;
  if( !sfi_route_check(c->db, c->unitId, in->valuePence, in->zSupplier, in->zStart, 0, &r) || !r.zApproverRole[0] ){
    fprintf(stderr, "carecluster: demo commitment %s: no route under the rules\n", in->zTitle);
    return 0;
  }
  if( in->bCommitted && r.bDecisionRequired && !in->decisionId ){
    fprintf(stderr, "carecluster: demo commitment %s needs a decision\n", in->zTitle);
    return 0;
  }
  char zKey[201], zYear[8];
  sfi_supplier_key(in->zSupplier, zKey, sizeof zKey);
  plan_year_of_date(in->zStart, zYear);
  long long at = demo_epoch_of(in->zStart) - 86400*21;
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO finance_commitment(unit_id,allocation_id,budget_line_id,business_case_id,kind,title,supplier,supplier_key,"
    " description,value_pence,start_on,end_on,year,status,requested_by,requested_at,sfi_version_id,aggregated_pence,route,"
    " approver_role,rule,decision_required,decision_id,approved_by,approved_at,demo,created_at,updated_at)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,1,?26,?26) RETURNING id");
  stmt_bind_int(s, 1, c->unitId);
  stmt_bind_int(s, 2, in->allocationId);
  if( in->budgetLineId ) stmt_bind_int(s, 3, in->budgetLineId); else stmt_bind_null(s, 3);
  if( in->caseId ) stmt_bind_int(s, 4, in->caseId); else stmt_bind_null(s, 4);
  stmt_bind_text(s, 5, in->zKind);
  stmt_bind_text(s, 6, in->zTitle);
  stmt_bind_text(s, 7, in->zSupplier);
  stmt_bind_text(s, 8, zKey);
  stmt_bind_text(s, 9, in->zDescription);
  stmt_bind_int(s, 10, in->valuePence);
  stmt_bind_text(s, 11, in->zStart);
  stmt_bind_text(s, 12, in->zEnd);
  stmt_bind_text(s, 13, zYear);
  stmt_bind_text(s, 14, in->bCommitted ? "committed" : "requested");
  stmt_bind_int(s, 15, c->leadId);
  stmt_bind_int(s, 16, at);
  if( r.versionId ) stmt_bind_int(s, 17, r.versionId); else stmt_bind_null(s, 17);
  stmt_bind_int(s, 18, r.aggregatedPence);
  stmt_bind_text(s, 19, r.zRoute);
  stmt_bind_text(s, 20, r.zApproverRole);
  stmt_bind_text(s, 21, r.zRule);
  stmt_bind_int(s, 22, r.bDecisionRequired ? 1 : 0);
  if( in->decisionId ) stmt_bind_int(s, 23, in->decisionId); else stmt_bind_null(s, 23);
  if( in->bCommitted ){ stmt_bind_int(s, 24, c->signatoryId); stmt_bind_int(s, 25, at + 86400*7); }
  else { stmt_bind_null(s, 24); stmt_bind_null(s, 25); }
  stmt_bind_int(s, 26, c->now);
  long long id = demo_row_id(s);
  if( !id ) return 0;
  /* Its months, the value split in whole pence. */
  int sy = atoi(in->zStart), sm = atoi(in->zStart+5), ey = atoi(in->zEnd), em = atoi(in->zEnd+5);
  int n = (ey - sy)*12 + (em - sm) + 1;
  if( n<1 ) n = 1;
  long long *a = xmalloc((size_t)n*sizeof *a);
  money_split(in->valuePence, n, a);
  bool ok = true;
  char zThisMonth[8];
  snprintf(zThisMonth, sizeof zThisMonth, "%.7s", c->zToday);
  for(int i=0; ok && i<n; i++){
    int y = sy + (sm - 1 + i)/12, m = (sm - 1 + i)%12 + 1;
    char zMonth[16], zOn[24];
    snprintf(zMonth, sizeof zMonth, "%04d-%02d", y, m);
    s = db_prepare(c->db, "INSERT INTO finance_commitment_month(commitment_id,month,amount_pence) VALUES(?,?,?)");
    stmt_bind_int(s, 1, id);
    stmt_bind_text(s, 2, zMonth);
    stmt_bind_int(s, 3, a[i]);
    ok = stmt_exec(s);
    /* What it cost in each month already ended, invoiced on the 25th. */
    if( ok && in->bCommitted && in->bSpend && strcmp(zMonth, zThisMonth)<0 ){
      snprintf(zOn, sizeof zOn, "%s-25", zMonth);
      ok = spend(c, in->allocationId, id, zOn, a[i], in->zSupplier, in->zTitle, true);
    }
  }
  free(a);
  return ok ? id : 0;
}

/* ---- the group's meeting and its decisions --------------------------------------------- */

/* A held meeting of the group (the first demonstration cluster to need one
** adds it), with an item for the clusters' business cases and
** commitments; its item id. */
static long long group_item(struct ctx *c, const char *zOn){
  struct stmt *s = db_prepare(c->db,
    "SELECT a.id FROM agenda_item a JOIN meeting m ON m.id=a.meeting_id"
    " WHERE m.unit_id=? AND a.title=?");
  stmt_bind_int(s, 1, c->pcpgId);
  stmt_bind_text(s, 2, "Business cases and commitments from the clusters");
  long long itemId = demo_row_id(s);
  if( itemId ) return itemId;
  char zStart[40], zEnd[40];
  snprintf(zStart, sizeof zStart, "%sT14:00", zOn);
  snprintf(zEnd, sizeof zEnd, "%sT16:00", zOn);
  long long at = demo_epoch_of(zStart);
  s = db_prepare(c->db,
    "INSERT INTO meeting(unit_id,title,starts_at,ends_at,location,status,minutes_status,minutes_approved_at,created_at,updated_at)"
    " VALUES(?,?,?,?,?,'held','draft',NULL,?,?) RETURNING id");
  stmt_bind_int(s, 1, c->pcpgId);
  stmt_bind_text(s, 2, "Pan Cluster Planning Group meeting");
  stmt_bind_text(s, 3, zStart);
  stmt_bind_text(s, 4, zEnd);
  stmt_bind_text(s, 5, "Online (demonstration)");
  stmt_bind_int(s, 6, at - 86400*21);
  stmt_bind_int(s, 7, at + 7200);
  long long meetingId = demo_row_id(s);
  if( !meetingId ) return 0;
  s = db_prepare(c->db,
    "INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,status,minutes,created_at,updated_at)"
    " VALUES(?,1,?,'decision',45,'accepted',?,?,?) RETURNING id");
  stmt_bind_int(s, 1, meetingId);
  stmt_bind_text(s, 2, "Business cases and commitments from the clusters");
  stmt_bind_text(s, 3, "The group considered the business cases and the commitments over the decision threshold of the"
                       " Standing Financial Instructions brought by its clusters (demonstration text).");
  stmt_bind_int(s, 4, at - 86400*21);
  stmt_bind_int(s, 5, at + 7200);
  return demo_row_id(s);
}

static long long group_decision(struct ctx *c, long long itemId, const char *zText, const char *zReason, long long at){
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO decision(agenda_item_id,text,reason,vote_kind,quorum_required,quorum_present,created_at)"
    " VALUES(?,?,?,'none',3,5,?) RETURNING id");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_text(s, 2, zText);
  stmt_bind_text(s, 3, zReason);
  stmt_bind_int(s, 4, at);
  return demo_row_id(s);
}

/* ---- business cases -------------------------------------------------------------------- */

static long long case_add(struct ctx *c, const char *zTitle, const char *zObjective, const char *zState,
                          long long decisionId, long long decidedAt){
  long long objectiveId = objective_of(c, zObjective);
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO business_case(unit_id,title,priority_id,objective_id,state,decision_id,decided_at,submitted_by,"
    " submitted_at,created_by,demo,created_at,updated_at)"
    " VALUES(?1,?2,(SELECT priority_id FROM plan_objective WHERE id=?3),?3,?4,?5,?6,?7,?8,?9,1,?10,?10) RETURNING id");
  stmt_bind_int(s, 1, c->unitId);
  stmt_bind_text(s, 2, zTitle);
  if( objectiveId ) stmt_bind_int(s, 3, objectiveId); else stmt_bind_null(s, 3);
  stmt_bind_text(s, 4, zState);
  if( decisionId ){ stmt_bind_int(s, 5, decisionId); stmt_bind_int(s, 6, decidedAt); }
  else { stmt_bind_null(s, 5); stmt_bind_null(s, 6); }
  if( decisionId ){ stmt_bind_int(s, 7, c->leadId); stmt_bind_int(s, 8, decidedAt - 86400*14); }
  else { stmt_bind_null(s, 7); stmt_bind_null(s, 8); }
  stmt_bind_int(s, 9, c->leadId);
  stmt_bind_int(s, 10, c->now);
  return demo_row_id(s);
}

static bool case_text(struct ctx *c, long long caseId, const char *zField, const char *zBody){
  struct stmt *s = db_prepare(c->db, "INSERT INTO business_case_text(case_id,field,body) VALUES(?,?,?)");
  stmt_bind_int(s, 1, caseId);
  stmt_bind_text(s, 2, zField);
  stmt_bind_text(s, 3, zBody);
  return stmt_exec(s);
}

static long long case_option(struct ctx *c, long long caseId, int i, const char *zTitle, const char *zDesc, bool bNothing,
                             long long cost){
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO business_case_option(case_id,title,description,do_nothing,cost_pence,sort_order,created_at,updated_at)"
    " VALUES(?,?,?,?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, caseId);
  stmt_bind_text(s, 2, zTitle);
  stmt_bind_text(s, 3, zDesc);
  stmt_bind_int(s, 4, bNothing ? 1 : 0);
  if( cost>=0 ) stmt_bind_int(s, 5, cost); else stmt_bind_null(s, 5);
  stmt_bind_int(s, 6, i*10);
  stmt_bind_int(s, 7, c->now);
  stmt_bind_int(s, 8, c->now);
  return demo_row_id(s);
}

static long long case_cost(struct ctx *c, long long caseId, int i, const char *zTitle, const char *zKind, const char *zYear,
                           long long allocationId, const char *zSource, const char *zSupplier,
                           long long low, long long amount, long long high, long long commitmentId){
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO business_case_cost(case_id,title,kind,year,allocation_id,source,supplier,low_pence,amount_pence,"
    " high_pence,commitment_id,sort_order) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, caseId);
  stmt_bind_text(s, 2, zTitle);
  stmt_bind_text(s, 3, zKind);
  stmt_bind_text(s, 4, zYear);
  if( allocationId ) stmt_bind_int(s, 5, allocationId); else stmt_bind_null(s, 5);
  stmt_bind_text(s, 6, zSource);
  stmt_bind_text(s, 7, zSupplier);
  stmt_bind_int(s, 8, low);
  stmt_bind_int(s, 9, amount);
  stmt_bind_int(s, 10, high);
  if( commitmentId ) stmt_bind_int(s, 11, commitmentId); else stmt_bind_null(s, 11);
  stmt_bind_int(s, 12, i*10);
  return demo_row_id(s);
}

/* The appraisal: criteria with weights, each option's scores. */
static bool case_appraisal(struct ctx *c, long long caseId, const long long *aOpt, int nOpt,
                           const char *const *azCrit, const int *aWeight, int nCrit, const int *aScore){
  for(int j=0; j<nCrit; j++){
    struct stmt *s = db_prepare(c->db,
      "INSERT INTO business_case_criterion(case_id,title,weight,sort_order) VALUES(?,?,?,?) RETURNING id");
    stmt_bind_int(s, 1, caseId);
    stmt_bind_text(s, 2, azCrit[j]);
    stmt_bind_int(s, 3, aWeight[j]);
    stmt_bind_int(s, 4, j*10);
    long long critId = demo_row_id(s);
    if( !critId ) return false;
    for(int i=0; i<nOpt; i++){
      s = db_prepare(c->db, "INSERT INTO business_case_score(option_id,criterion_id,score) VALUES(?,?,?)");
      stmt_bind_int(s, 1, aOpt[i]);
      stmt_bind_int(s, 2, critId);
      stmt_bind_int(s, 3, aScore[i*nCrit+j]);
      if( !stmt_exec(s) ) return false;
    }
  }
  return true;
}

static bool case_objective(struct ctx *c, long long caseId, int i, const char *zText, const char *zMeasure,
                           const char *zTarget, const char *zDue, const char *zOwner){
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO business_case_objective(case_id,text,measure,target,due_on,owner,sort_order) VALUES(?,?,?,?,?,?,?)");
  stmt_bind_int(s, 1, caseId);
  stmt_bind_text(s, 2, zText);
  stmt_bind_text(s, 3, zMeasure);
  stmt_bind_text(s, 4, zTarget);
  stmt_bind_text(s, 5, zDue);
  stmt_bind_text(s, 6, zOwner);
  stmt_bind_int(s, 7, i*10);
  return stmt_exec(s);
}

static bool case_risk(struct ctx *c, long long caseId, int i, const char *zDesc, int l, int k, const char *zMit,
                      const char *zOwner){
  struct stmt *s = db_prepare(c->db,
    "INSERT INTO business_case_risk(case_id,description,likelihood,consequence,mitigation,owner,sort_order)"
    " VALUES(?,?,?,?,?,?,?)");
  stmt_bind_int(s, 1, caseId);
  stmt_bind_text(s, 2, zDesc);
  stmt_bind_int(s, 3, l);
  stmt_bind_int(s, 4, k);
  stmt_bind_text(s, 5, zMit);
  stmt_bind_text(s, 6, zOwner);
  stmt_bind_int(s, 7, i*10);
  return stmt_exec(s);
}

/* The texts of a case: each field's words about zWhat, for the fields
** from zFirst (a part's code) on, leaving out part zSkip ("" none). */
static bool case_texts(struct ctx *c, long long caseId, const char *zWhat, const char *zSkip){
  static const char *const az[][2] = {
    {"summary.summary", "The case for %s: the problem, the solution, what it costs and the benefits it brings, over the next eighteen months,"
                        " led by the cluster lead with the practices of the cluster (demonstration text)."},
    {"case.problem", "The cluster's needs assessment shows the gap that %s would close (demonstration text)."},
    {"case.evidence", "The cluster profile and the practices' own audits, with the findings of the needs assessment (demonstration text)."},
    {"case.alignment", "It serves an objective of the cluster plan, the health board's IMTP and the national priorities (demonstration text)."},
    {"options.notes", "The options were drawn up with the professional collaboratives (demonstration text)."},
    {"impact.impact", "Patients seen sooner by the right professional, closer to home: %s (demonstration text)."},
    {"impact.outcomes", "Fewer avoidable admissions and fewer repeat appointments (demonstration text)."},
    {"impact.elsewhere", "Benefits for the emergency department and for community nursing (demonstration text)."},
    {"impact.quantified", "Counted monthly from the practices' clinical systems against the year before (demonstration text)."},
    {"impact.evidence", "Published evaluations of similar services in Wales and England (demonstration text)."},
    {"project.scope", "All practices of the cluster; %s (demonstration text)."},
    {"project.goal", "To have %s in place and used by every practice (demonstration text)."},
    {"project.duration", "Eighteen months, from the decision of the Pan Cluster Planning Group (demonstration text)."},
    {"project.included", "Recruitment, training, the service itself and its evaluation (demonstration text)."},
    {"project.excluded", "Premises works and changes to practice contracts (demonstration text)."},
    {"project.opportunity_cost", "The money committed here cannot fund the next priority of the plan this year (demonstration text)."},
    {"resources.notes", "Costs from the health board's pay scales and from written quotes (demonstration text)."},
    {"plan.aim", "To put in place %s, closing the gap the needs assessment found (demonstration text)."},
    {"plan.scope", "Every practice of the cluster, adults registered with them (demonstration text)."},
    {"plan.schedule", "Recruit in the first quarter, run for fifteen months, evaluate at the end (demonstration text)."},
    {"plan.deliverables", "The service running, its monthly figures and a final evaluation (demonstration text)."},
    {"plan.milestones", "Appointed; first patients seen; six-month review; evaluation (demonstration text)."},
    {"plan.measures", "The measures of the SMART objectives below, reported to the cluster each quarter (demonstration text)."},
    {"plan.communication", "Practice managers' meeting monthly, the cluster meeting quarterly, patients by the practices' websites (demonstration text)."},
    {"plan.staff", "The cluster lead, the practice managers and the people appointed (demonstration text)."},
    {"plan.dependencies", "Recruitment by the health board and room space in the practices (demonstration text)."},
  };
  for(size_t i=0; i<sizeof az/sizeof az[0]; i++){
    if( zSkip[0] && strncmp(az[i][0], zSkip, strlen(zSkip))==0 ) continue;
    char z[600];
    snprintf(z, sizeof z, az[i][1], zWhat);
    if( !case_text(c, caseId, az[i][0], z) ) return false;
  }
  return true;
}

/* ---- a cluster ------------------------------------------------------------------------------- */

struct demo_cluster {
  const char *zSlug, *zSignatory, *zRefPrefix;
  long long recurrent, transformation;
  const char *zTransformStream, *zCriteria;
  bool bHistory;                 /* last year's allocations, and a carry-forward */
  bool bOvershoot;               /* the transformation fund's forecast over its allocation */
  /* The approved case. */
  const char *zCaseTitle, *zCaseWhat, *zCaseObjective;
  const char *zPostTitle, *zPostSupplier; long long postMonthly;
  const char *zContractTitle, *zContractSupplier; long long contractValue;
  /* The draft. */
  const char *zDraftTitle, *zDraftWhat, *zDraftObjective;
};

static const struct demo_cluster aCluster[] = {
  {"cardiff-south-west", "signatory@example.wales", "CSW", P(182400), P(60000),
   "Transformation fund: urgent same-day care",
   "Same-day urgent appointments for the cluster's patients, reported monthly; any amount left at the year end may be"
   " carried forward with the health board's approval (demonstration text).",
   true, true,
   "Cluster pharmacist for frailty reviews", "a cluster pharmacist reviewing the medicines of frail older people", "O2",
   "Cluster pharmacist, frailty medication reviews (0.6 WTE)", "Cardiff and Vale University Health Board", P(2600),
   "Care navigation training for reception teams", "Navigate Cymru Ltd", P(14500),
   "Community phlebotomy closer to home", "a phlebotomy clinic in each neighbourhood of the cluster", "O1"},
  {"afan", "signatory.afan@example.wales", "AFN", P(168750), P(45000),
   "Transformation fund: social prescribing",
   "Social prescribing across every practice of the cluster, with quarterly outcomes reported to the health board"
   " (demonstration text).",
   false, false,
   "Social prescribing link service", "a social prescribing link service for every practice", "O3",
   "Cluster physiotherapist, first contact (0.4 WTE)", "Swansea Bay University Health Board", P(3000),
   "Social prescribing link service", "Afan Valley Community Trust", P(18000),
   "Falls prevention classes across the cluster", "falls prevention classes in community venues", "O2"},
};

static bool demo_cluster_money(struct ctx *c, const struct demo_cluster *k){
  char zDate[24], zEnd[24], zMeet[24];
  bool ok = true;
  char zNextYear[8];
  plan_year_format(c->y0 + 1, zNextYear);

  /* Allocations; last year's and its carry-forward. */
  fy_date(c, 3, 31, zEnd);
  long long aRec = allocation(c, c->zYear, "Cluster funding", "recurrent", k->recurrent,
                              "The cluster's share of the recurrent cluster funding, delegated through the Pan Cluster Planning Group"
                              " (demonstration text).", 0, "return");
  long long aTr = allocation(c, c->zYear, k->zTransformStream, "transformation", k->transformation, k->zCriteria, zEnd,
                             "carry_forward");
  ok = aRec && aTr;
  if( ok && k->bHistory ){
    char zPrevEnd[24];
    snprintf(zPrevEnd, sizeof zPrevEnd, "%04d-03-31", c->y0 + 1);
    long long pRec = allocation(c, c->zPrevYear, "Cluster funding", "recurrent", P(176000),
                                "The cluster's share of the recurrent cluster funding (demonstration text).", 0, "return");
    long long pTr = allocation(c, c->zPrevYear, k->zTransformStream, "transformation", P(50000), k->zCriteria, zPrevEnd,
                               "carry_forward");
    ok = pRec && pTr;
    for(int q=0; ok && q<4; q++){
      snprintf(zDate, sizeof zDate, "%04d-%02d-28", q<3 ? c->y0-1 : c->y0, q<3 ? 6+3*q : 3);
      ok = spend(c, pRec, 0, zDate, P(44000), "Cardiff and Vale University Health Board",
                 "Cluster programme, quarter's costs (demonstration)", true);
    }
    for(int q=0; ok && q<3; q++){
      snprintf(zDate, sizeof zDate, "%04d-%02d-20", q<2 ? c->y0-1 : c->y0, q<2 ? 9+3*q : 2);
      ok = spend(c, pTr, 0, zDate, P(13750), "Cardiff GP Federation", "Same-day urgent care sessions (demonstration)", true);
    }
    /* What was left (£8,750) carried into this year's fund, approved by the health board. */
    if( ok ){
      struct stmt *s = db_prepare(c->db,
        "INSERT INTO finance_carry_forward(from_allocation_id,to_allocation_id,amount_pence,approved_by,decision_id,created_at)"
        " VALUES(?,?,?,?,NULL,?)");
      stmt_bind_int(s, 1, pTr);
      stmt_bind_int(s, 2, aTr);
      stmt_bind_int(s, 3, P(8750));
      stmt_bind_int(s, 4, demo_user_id(c->db, "hb@example.wales"));
      stmt_bind_int(s, 5, demo_epoch_of(zPrevEnd) + 86400*20);
      ok = stmt_exec(s);
    }
  }
  /* Budget lines under the plan's objectives. */
  long long bCase = ok ? budget_line(c, aRec, k->zCaseObjective, k->zCaseTitle, k->postMonthly*10 + P(2000)) : 0;
  long long bNav = ok ? budget_line(c, aRec, "O3", k->zContractTitle, k->contractValue + P(5500)) : 0;
  long long bSmall = ok ? budget_line(c, aRec, "O1", "Small orders and events", P(6000)) : 0;
  long long bTr = ok ? budget_line(c, aTr, "O2", k->zTransformStream, k->transformation) : 0;
  ok = ok && bCase && bNav && bSmall && bTr;

  /* The group's meeting: in May, or a week ago early in the year. */
  fy_date(c, 5, 20, zMeet);
  if( strcmp(zMeet, c->zToday)>=0 ){
    time_t t = (time_t)(demo_epoch_of(c->zToday) - 86400*7);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(zMeet, sizeof zMeet, "%Y-%m-%d", &tm);
  }
  long long itemId = ok ? group_item(c, zMeet) : 0;
  ok = ok && itemId;
  long long decidedAt = demo_epoch_of(zMeet) + 3600*15;
  char zText[400];
  snprintf(zText, sizeof zText, "Approve the business case \"%s\" of %s, and its costs as commitments.", k->zCaseTitle,
           strcmp(k->zSlug, "afan")==0 ? "Afan" : "Cardiff South West");
  long long dCase = ok ? group_decision(c, itemId, zText, "The case is complete, its preferred option ranks first"
                                        " and its costs are within the cluster's allocation.", decidedAt) : 0;
  snprintf(zText, sizeof zText, "Agree the commitment of the %s to \"%s\".", k->zTransformStream,
           strcmp(k->zSlug, "afan")==0 ? "Afan" : "Cardiff South West");
  long long dTr = ok ? group_decision(c, itemId, zText, "Over the decision threshold of the Standing Financial Instructions.",
                                      decidedAt + 60) : 0;
  ok = ok && dCase && dTr;

  /* The approved business case. */
  long long caseId = ok ? case_add(c, k->zCaseTitle, k->zCaseObjective, "approved", dCase, decidedAt) : 0;
  ok = ok && caseId && case_texts(c, caseId, k->zCaseWhat, "");

  /* Its commitments: the funded post to its contract end, a small order. */
  struct commit_in post = {0};
  post.allocationId = aRec; post.budgetLineId = bCase; post.caseId = caseId;
  post.zKind = "post"; post.zTitle = k->zPostTitle; post.zSupplier = k->zPostSupplier;
  post.zDescription = "A funded post, forecast month by month to the end of its contract (demonstration).";
  post.valuePence = k->postMonthly*10;
  fy_date(c, 6, 1, post.zStart);
  fy_date(c, 3, 31, post.zEnd);
  post.bCommitted = true; post.decisionId = dCase; post.bSpend = true;
  long long cPost = ok ? commitment(c, &post) : 0;
  struct commit_in order = {0};
  order.allocationId = aRec; order.budgetLineId = bSmall; order.caseId = caseId;
  order.zKind = "order"; order.zTitle = "Home blood pressure monitors for loan (20)"; order.zSupplier = "MediSupplies Wales Ltd";
  order.zDescription = "A small order with one quote (demonstration).";
  order.valuePence = P(1840);
  fy_date(c, 7, 14, order.zStart);
  memcpy(order.zEnd, order.zStart, sizeof order.zEnd);
  order.bCommitted = true; order.decisionId = dCase;
  long long cOrder = ok ? commitment(c, &order) : 0;
  ok = ok && cPost && cOrder;
  if( ok ){
    fy_date(c, 7, 30, zDate);
    ok = spend(c, aRec, cOrder, zDate, P(1840), order.zSupplier, order.zTitle, false);
  }
  /* The case: options, appraisal, costs, objectives, risks. */
  long long nextLow = k->postMonthly*5, nextAmt = k->postMonthly*6, nextHigh = k->postMonthly*7;
  long long total = post.valuePence + P(1840) + nextAmt;
  long long aOpt[3] = {0, 0, 0};
  if( ok ){
    aOpt[0] = case_option(c, caseId, 1, "Do nothing", "Carry on as now: the gap the needs assessment found stays open.", true, 0);
    aOpt[1] = case_option(c, caseId, 2, k->zCaseTitle, "The service for eighteen months, with its equipment (demonstration text).",
                          false, total);
    aOpt[2] = case_option(c, caseId, 3, "Sessions bought from locums", "The same service from sessional staff (demonstration text).",
                          false, total + total/4);
    ok = aOpt[0] && aOpt[1] && aOpt[2];
  }
  if( ok ){
    struct stmt *s = db_prepare(c->db, "UPDATE business_case SET preferred_option_id=? WHERE id=?");
    stmt_bind_int(s, 1, aOpt[1]);
    stmt_bind_int(s, 2, caseId);
    ok = stmt_exec(s);
  }
  static const char *const azCrit[4] = { "Benefit to patients", "Deliverability", "Value for money", "Fit with the cluster plan" };
  static const int aWeight[4] = { 8, 6, 7, 5 };
  static const int aScore[12] = { 0, 5, 3, 0,   4, 4, 4, 5,   4, 2, 2, 4 };
  ok = ok && case_appraisal(c, caseId, aOpt, 3, azCrit, aWeight, 4, aScore);
  ok = ok && case_cost(c, caseId, 1, k->zPostTitle, "labour", c->zYear, aRec, "", k->zPostSupplier,
                       post.valuePence - P(2000), post.valuePence, post.valuePence + P(2000), cPost)
          && case_cost(c, caseId, 2, order.zTitle, "capital", c->zYear, aRec, "", order.zSupplier, P(1600), P(1840), P(2100), cOrder)
          && case_cost(c, caseId, 3, k->zPostTitle, "labour", zNextYear, 0,
                       "Cluster funding of the next year, subject to its allocation", k->zPostSupplier, nextLow, nextAmt, nextHigh, 0);
  if( ok ){
    struct stmt *s = db_prepare(c->db, "UPDATE finance_commitment SET business_case_id=? WHERE id IN (?,?)");
    stmt_bind_int(s, 1, caseId);
    stmt_bind_int(s, 2, cPost);
    stmt_bind_int(s, 3, cOrder);
    ok = stmt_exec(s);
  }
  char zDue1[24], zDue2[24];
  fy_date(c, 12, 31, zDue1);
  snprintf(zDue2, sizeof zDue2, "%04d-09-30", c->y0 + 1);
  ok = ok && case_objective(c, caseId, 1, "Review the medicines of 300 people on the frailty register", "People reviewed",
                            "300 reviews", zDue1, "Cluster lead")
          && case_objective(c, caseId, 2, "Fewer emergency admissions of people on the frailty register", "Emergency admissions per 1,000",
                            "5% fewer than the year before", zDue2, "Cluster lead")
          && case_risk(c, caseId, 1, "The post cannot be filled in time", 3, 3, "Advertise early; share with the neighbouring cluster",
                       "Cluster lead")
          && case_risk(c, caseId, 2, "Opportunity cost: the next priority of the plan waits a year", 4, 2,
                       "Bid for the transformation fund for it", "Pan Cluster Planning Group");

  /* Other commitments of the year. */
  struct commit_in nav = {0};
  nav.allocationId = aRec; nav.budgetLineId = bNav;
  nav.zKind = "contract"; nav.zTitle = k->zContractTitle; nav.zSupplier = k->zContractSupplier;
  nav.zDescription = "Three written quotes (demonstration).";
  nav.valuePence = k->contractValue;
  fy_date(c, 5, 1, nav.zStart);
  fy_date(c, 3, 31, nav.zEnd);
  nav.bCommitted = true; nav.bSpend = true;
  ok = ok && commitment(c, &nav);
  struct commit_in hire = {0};
  hire.allocationId = aRec; hire.budgetLineId = bSmall;
  hire.zKind = "order"; hire.zTitle = "Room hire for the cluster's health fair"; hire.zSupplier = "Community Hub (demonstration)";
  hire.zDescription = "One quote (demonstration).";
  hire.valuePence = P(650);
  fy_date(c, 10, 3, hire.zStart);
  memcpy(hire.zEnd, hire.zStart, sizeof hire.zEnd);
  hire.bCommitted = true;
  long long cHire = ok ? commitment(c, &hire) : 0;
  ok = ok && cHire && spend(c, aRec, cHire, hire.zStart, P(650), hire.zSupplier, hire.zTitle, false);
  /* Over the decision threshold, from the transformation fund, agreed by the group. */
  struct commit_in tr = {0};
  tr.allocationId = aTr; tr.budgetLineId = bTr;
  tr.zKind = "contract"; tr.zTitle = strcmp(k->zSlug, "afan")==0 ? "Social prescribing link workers, second year" : "Urgent same-day care sessions";
  tr.zSupplier = strcmp(k->zSlug, "afan")==0 ? "Neath Port Talbot GP Collaborative" : "Cardiff GP Federation";
  tr.zDescription = "A formal tender advertised on Sell2Wales (demonstration).";
  tr.valuePence = k->bOvershoot ? P(60000) : P(36000);
  fy_date(c, 6, 1, tr.zStart);
  fy_date(c, 3, 31, tr.zEnd);
  tr.bCommitted = true; tr.decisionId = dTr; tr.bSpend = true;
  ok = ok && commitment(c, &tr);
  /* Requested, awaiting approval. */
  struct commit_in req = {0};
  req.allocationId = aRec; req.budgetLineId = bSmall;
  req.zKind = "contract"; req.zTitle = "Frailty training for practice teams"; req.zSupplier = "Frailty Training Wales";
  req.zDescription = "Awaiting approval (demonstration).";
  req.valuePence = P(7500);
  fy_date(c, 1, 11, req.zStart);
  fy_date(c, 3, 31, req.zEnd);
  ok = ok && commitment(c, &req);

  /* Spend without a commitment; a credit among it. */
  fy_date(c, 6, 12, zDate);
  ok = ok && spend(c, aRec, 0, zDate, 32050, "Catering (demonstration)", "Cluster development session", false);
  fy_date(c, 8, 8, zDate);
  ok = ok && spend(c, aRec, 0, zDate, P(412), "Print Cymru (demonstration)", "Patient leaflets", true);
  fy_date(c, 9, 2, zDate);
  ok = ok && spend(c, aRec, 0, zDate, -P(45), "Community Hub (demonstration)", "Refund of a room deposit", true);
  if( k->bOvershoot ){
    /* Sessions invoiced outside the contract: the fund's forecast passes its allocation. */
    fy_date(c, 8, 29, zDate);
    ok = ok && spend(c, aTr, 0, zDate, P(6000), "Locum GP sessions (demonstration)", "Urgent care sessions invoiced directly", true);
    fy_date(c, 9, 30, zDate);
    ok = ok && spend(c, aTr, 0, zDate, P(5500), "Locum GP sessions (demonstration)", "Urgent care sessions invoiced directly", true);
  }

  /* The draft, its impact not yet written. */
  long long draftId = ok ? case_add(c, k->zDraftTitle, k->zDraftObjective, "draft", 0, 0) : 0;
  ok = ok && draftId && case_texts(c, draftId, k->zDraftWhat, "impact.");
  long long dOpt0 = ok ? case_option(c, draftId, 1, "Do nothing", "Carry on as now.", true, 0) : 0;
  long long dOpt1 = ok ? case_option(c, draftId, 2, k->zDraftTitle, "Sessions in community venues (demonstration text).", false, P(12400)) : 0;
  ok = ok && dOpt0 && dOpt1
          && case_cost(c, draftId, 1, "Sessions", "labour", c->zYear, aRec, "", "", P(10000), P(12400), P(15000), 0);
  return ok;
}

bool demo_finance(struct db *db){
  struct ctx c;
  memset(&c, 0, sizeof c);
  c.db = db;
  c.now = (long long)time(0);
  text_today(c.zToday);
  plan_year_of_date(c.zToday, c.zYear);
  c.y0 = atoi(c.zYear);
  plan_year_format(c.y0 - 1, c.zPrevYear);
  long long hbOfficer = demo_user_id(db, "hb@example.wales");
  for(size_t i=0; i<sizeof aCluster/sizeof aCluster[0]; i++){
    const struct demo_cluster *k = &aCluster[i];
    struct unit cl, pcpg;
    if( !unit_get_by_slug(db, k->zSlug, c.zToday, &cl) || !unit_get_by_slug(db, cl.zParentSlug, c.zToday, &pcpg) ) return false;
    c.unitId = cl.id;
    c.pcpgId = pcpg.id;
    c.nRef = 0;
    snprintf(c.zRefPrefix, sizeof c.zRefPrefix, "%s", k->zRefPrefix);
    c.signatoryId = demo_user_id(db, k->zSignatory);
    char zLead[80];
    snprintf(zLead, sizeof zLead, "%s", strcmp(k->zSlug, "afan")==0 ? "lead.afan@example.wales" : "lead@example.wales");
    c.leadId = demo_user_id(db, zLead);
    if( !c.signatoryId || !c.leadId ){
      fprintf(stderr, "carecluster: the demonstration users of %s are missing\n", k->zSlug);
      return false;
    }
    if( !db_begin(db) ) return false;
    /* The group's authorised signatory, and the health board's officer. */
    char zFrom[24];
    snprintf(zFrom, sizeof zFrom, "%04d-04-01", c.y0 - 1);
    struct stmt *s = db_prepare(db,
      "INSERT INTO sfi_signatory(unit_id,user_id,approver_role,valid_from,valid_to,created_at) VALUES(?,?,'pcpg_signatory',?,NULL,?)");
    stmt_bind_int(s, 1, pcpg.id);
    stmt_bind_int(s, 2, c.signatoryId);
    stmt_bind_text(s, 3, zFrom);
    stmt_bind_int(s, 4, c.now);
    bool ok = stmt_exec(s);
    if( ok && i==0 && hbOfficer ){
      s = db_prepare(db,
        "INSERT INTO sfi_signatory(unit_id,user_id,approver_role,valid_from,valid_to,created_at)"
        " SELECT scope_unit_id, id, 'hb_officer', ?, NULL, ? FROM app_user WHERE id=?");
      stmt_bind_text(s, 1, zFrom);
      stmt_bind_int(s, 2, c.now);
      stmt_bind_int(s, 3, hbOfficer);
      ok = stmt_exec(s);
    }
    ok = ok && demo_cluster_money(&c, k);
    if( ok ) ok = db_commit(db); else db_rollback(db);
    if( !ok ){
      fprintf(stderr, "carecluster: could not add the demonstration money of %s\n", k->zSlug);
      return false;
    }
  }
  return true;
}
