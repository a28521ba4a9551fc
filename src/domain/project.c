/* Projects: codes, loading one, its state from live data (money from the
** ledger, time from the milestones, risks and issues), RAG and the gate
** out of its stage (see project.h). */
#include "domain/project.h"
#include "domain/project_doc.h"
#include "domain/project_docs.h"
#include "domain/risk.h"
#include "util/buf.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- codes ---- */

static const char *const azStage[PSTAGE__N] = {"initiate", "plan", "deliver", "monitor", "close"};
static const char *const azProblem[PROBLEM__N] = {"critical", "tame", "wicked"};

const char *project_stage_code(int i){ return i>=0 && i<PSTAGE__N ? azStage[i] : NULL; }
int project_stage_of(const char *z){
  for(int i = 0; z && i < PSTAGE__N; i++) if( strcmp(azStage[i], z)==0 ) return i;
  return -1;
}
const char *project_problem_code(int i){ return i>=0 && i<PROBLEM__N ? azProblem[i] : NULL; }
int project_problem_of(const char *z){
  for(int i = 0; z && i < PROBLEM__N; i++) if( strcmp(azProblem[i], z)==0 ) return i;
  return -1;
}
const char *project_rag_code(enum rag r){
  return r==RAG_RED ? "red" : r==RAG_AMBER ? "amber" : "green";
}

/* ---- one project ---- */

#define PROJECT_COLS \
  "p.id, p.unit_id, u.slug, u.name, COALESCE(u.name_cy,''), u.kind, COALESCE(p.objective_id,0)," \
  " COALESCE(o.plan_id,0), COALESCE(o.ref,''), COALESCE(o.title,''), COALESCE(p.business_case_id,0)," \
  " COALESCE(c.title,''), p.title, p.summary, p.problem_type, p.problem_reason, p.complex, p.stage," \
  " COALESCE(p.owner_person_id,0), COALESCE(pe.name,''), p.sponsor, p.start_on, p.end_on, p.budget_pence," \
  " p.cost_tolerance_pct, p.time_tolerance_days, p.risk_tolerance, COALESCE(p.recommendation,'')," \
  " p.recommendation_reason, COALESCE(p.closed_on,''), p.demo, p.created_at, p.updated_at" \
  " FROM project p JOIN unit u ON u.id=p.unit_id" \
  " LEFT JOIN plan_objective o ON o.id=p.objective_id" \
  " LEFT JOIN business_case c ON c.id=p.business_case_id" \
  " LEFT JOIN person pe ON pe.id=p.owner_person_id"

bool project_load(struct db *db, long long id, struct project *p){
  memset(p, 0, sizeof *p);
  struct stmt *s = db_prepare(db, "SELECT " PROJECT_COLS " WHERE p.id=?1");
  stmt_bind_int(s, 1, id);
  if( stmt_step(s)!=1 ){ stmt_done(s); return false; }
  int i = 0;
  p->id = stmt_int(s, i++);
  p->unitId = stmt_int(s, i++);
  text_copy(p->zUnitSlug, sizeof p->zUnitSlug, stmt_text(s, i++));
  text_copy(p->zUnitName, sizeof p->zUnitName, stmt_text(s, i++));
  text_copy(p->zUnitNameCy, sizeof p->zUnitNameCy, stmt_text(s, i++));
  text_copy(p->zUnitKind, sizeof p->zUnitKind, stmt_text(s, i++));
  p->objectiveId = stmt_int(s, i++);
  p->objectivePlanId = stmt_int(s, i++);
  text_copy(p->zObjectiveRef, sizeof p->zObjectiveRef, stmt_text(s, i++));
  text_copy(p->zObjectiveTitle, sizeof p->zObjectiveTitle, stmt_text(s, i++));
  p->businessCaseId = stmt_int(s, i++);
  text_copy(p->zCaseTitle, sizeof p->zCaseTitle, stmt_text(s, i++));
  text_copy(p->zTitle, sizeof p->zTitle, stmt_text(s, i++));
  p->zSummary = xstrdup(stmt_text(s, i++));
  text_copy(p->zProblemType, sizeof p->zProblemType, stmt_text(s, i++));
  p->zProblemReason = xstrdup(stmt_text(s, i++));
  p->bComplex = stmt_int(s, i++)==1;
  text_copy(p->zStage, sizeof p->zStage, stmt_text(s, i++));
  p->ownerPersonId = stmt_int(s, i++);
  text_copy(p->zOwnerName, sizeof p->zOwnerName, stmt_text(s, i++));
  text_copy(p->zSponsor, sizeof p->zSponsor, stmt_text(s, i++));
  text_copy(p->zStartOn, sizeof p->zStartOn, stmt_text(s, i++));
  text_copy(p->zEndOn, sizeof p->zEndOn, stmt_text(s, i++));
  p->budgetPence = stmt_int(s, i++);
  p->costTolerancePct = (int)stmt_int(s, i++);
  p->timeToleranceDays = (int)stmt_int(s, i++);
  p->riskTolerance = (int)stmt_int(s, i++);
  text_copy(p->zRecommendation, sizeof p->zRecommendation, stmt_text(s, i++));
  p->zRecommendationReason = xstrdup(stmt_text(s, i++));
  text_copy(p->zClosedOn, sizeof p->zClosedOn, stmt_text(s, i++));
  p->bDemo = stmt_int(s, i++)==1;
  p->createdAt = stmt_int(s, i++);
  p->updatedAt = stmt_int(s, i++);
  stmt_done(s);
  return true;
}

void project_free(struct project *p){
  if( !p ) return;
  free(p->zSummary);
  free(p->zProblemReason);
  free(p->zRecommendationReason);
  p->zSummary = p->zProblemReason = p->zRecommendationReason = NULL;
}

bool project_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                         struct project *p){
  if( !project_load(db, id, p) ) return false;
  if( !access_can_read(db, u, p->unitId, zToday) ){ project_free(p); return false; }
  p->bWriter = u && u->id>0 && u->role!=ROLE_NATIONAL && access_can_write(db, u, p->unitId, zToday);
  p->bCanWrite = p->bWriter && p->zClosedOn[0]==0;
  return true;
}

/* ---- dates ---- */

static bool iso_days(const char *z, long long *pDays){
  int y, m, d;
  if( !z || strlen(z)<10 || sscanf(z, "%4d-%2d-%2d", &y, &m, &d)!=3 ) return false;
  if( m<1 || m>12 || d<1 || d>31 ) return false;
  /* days from civil (Howard Hinnant's algorithm) */
  y -= m<=2;
  long long era = (y>=0 ? y : y-399) / 400;
  long long yoe = y - era*400;
  long long doy = (153*(m + (m>2 ? -3 : 9)) + 2)/5 + d - 1;
  long long doe = yoe*365 + yoe/4 - yoe/100 + doy;
  *pDays = era*146097 + doe - 719468;
  return true;
}

long long project_days_between(const char *zA, const char *zB){
  long long a, b;
  if( !iso_days(zA, &a) || !iso_days(zB, &b) ) return 0;
  return b - a;
}

/* ---- state from live data ---- */

/* A milestone into the facts: counts, the next one, the forecast end. */
/* ---- the facts, one record at a time (shared with the portfolio) ---- */

void project_facts_commitment(struct project_facts *f, const char *zStatus, long long value, long long spent){
  f->spentPence += spent;
  if( strcmp(zStatus, "committed")==0 ){
    f->committedPence += value;
    f->forecastPence += spent > value ? spent : value;
  }else{
    if( strcmp(zStatus, "requested")==0 ) f->requestedPence += value;
    f->forecastPence += spent;
  }
}

void project_facts_milestone(struct project_facts *f, const char *zTitle, const char *zDue, const char *zDone,
                             const char *zToday){
  const char *zExpected;
  bool bFirst = f->nMilestones==0;
  f->nMilestones++;
  if( zDone && zDone[0] ){
    f->nMilestonesDone++;
    zExpected = zDone;
  }else{
    if( strcmp(zDue, zToday) < 0 ){ f->nMilestonesOverdue++; zExpected = zToday; }
    else zExpected = zDue;
    if( f->zNextMilestone[0]==0 ){
      text_copy(f->zNextMilestone, sizeof f->zNextMilestone, zDue);
      text_copy(f->zNextMilestoneTitle, sizeof f->zNextMilestoneTitle, zTitle);
    }
  }
  if( bFirst || strcmp(zExpected, f->zForecastEnd) > 0 ){
    text_copy(f->zForecastEnd, sizeof f->zForecastEnd, zExpected);
  }
}

bool project_facts_risk(struct project_facts *f, int residualLikelihood, int residualConsequence){
  int r = risk_score(residualLikelihood, residualConsequence);
  bool bTop = r > f->maxResidual;
  f->nRisksOpen++;
  if( bTop ) f->maxResidual = r;
  if( risk_over_tolerance(r, f->riskTolerance) ) f->nRisksOverTolerance++;
  return bTop;
}

struct facts_ms { struct project_facts *f; const char *zToday; };
static void facts_milestone(void *pCtx, const struct pmilestone *m){
  struct facts_ms *c = pCtx;
  project_facts_milestone(c->f, m->zTitle, m->zDue, m->zDone, c->zToday);
}

bool project_facts_load(struct db *db, long long id, const char *zToday, struct project_facts *f){
  memset(f, 0, sizeof *f);
  struct stmt *s = db_prepare(db,
    "SELECT budget_pence, end_on, cost_tolerance_pct, time_tolerance_days, risk_tolerance"
    " FROM project WHERE id=?1");
  stmt_bind_int(s, 1, id);
  if( stmt_step(s)!=1 ){ stmt_done(s); return false; }
  f->budgetPence = stmt_int(s, 0);
  text_copy(f->zEndOn, sizeof f->zEndOn, stmt_text(s, 1));
  f->costTolerancePct = (int)stmt_int(s, 2);
  f->timeToleranceDays = (int)stmt_int(s, 3);
  f->riskTolerance = (int)stmt_int(s, 4);
  stmt_done(s);

  /* Money: each of its commitments with what was spent against it. */
  s = db_prepare(db,
    "SELECT c.status, c.value_pence, COALESCE(sp.spent,0)"
    " FROM finance_commitment c"
    " LEFT JOIN (SELECT commitment_id, SUM(amount_pence) AS spent FROM finance_spend"
    "            WHERE commitment_id IN (SELECT id FROM finance_commitment WHERE project_id=?1)"
    "            GROUP BY commitment_id) sp ON sp.commitment_id=c.id"
    " WHERE c.project_id=?1");
  stmt_bind_int(s, 1, id);
  while( stmt_step(s)==1 ){
    project_facts_commitment(f, stmt_text(s, 0), stmt_int(s, 1), stmt_int(s, 2));
  }
  stmt_done(s);

  /* Time: the milestones. */
  text_copy(f->zForecastEnd, sizeof f->zForecastEnd, f->zEndOn);
  struct facts_ms c = { f, zToday };
  project_milestones_each(db, id, facts_milestone, &c);

  /* Risks and issues. */
  s = db_prepare(db,
    "SELECT residual_likelihood, residual_consequence FROM risk WHERE project_id=?1 AND status='open'");
  stmt_bind_int(s, 1, id);
  while( stmt_step(s)==1 ){
    project_facts_risk(f, (int)stmt_int(s, 0), (int)stmt_int(s, 1));
  }
  stmt_done(s);
  s = db_prepare(db,
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_on IS NOT NULL AND due_on < ?2 THEN 1 ELSE 0 END),0)"
    " FROM project_issue WHERE project_id=?1 AND status='open'");
  stmt_bind_int(s, 1, id);
  stmt_bind_text(s, 2, zToday);
  if( stmt_step(s)==1 ){
    f->nIssuesOpen = (int)stmt_int(s, 0);
    f->nIssuesOverdue = (int)stmt_int(s, 1);
  }
  stmt_done(s);
  return true;
}

/* ---- pure ---- */

bool project_cost_broken(const struct project_facts *f){
  /* forecast x 100 > budget x (100 + pct); both below 2^53 / 200 in practice,
  ** and money_parse refuses more than £10 trillion. */
  return f->forecastPence * 100 > f->budgetPence * (100 + (long long)f->costTolerancePct);
}

bool project_time_broken(const struct project_facts *f){
  if( !f->zEndOn[0] || !f->zForecastEnd[0] ) return false;
  return project_days_between(f->zEndOn, f->zForecastEnd) > f->timeToleranceDays;
}

enum rag project_rag(const struct project_facts *f, const char **pzWhy){
  const char *z;
  enum rag r;
  if( project_cost_broken(f) ){ r = RAG_RED; z = "project.rag.why.cost"; }
  else if( project_time_broken(f) ){ r = RAG_RED; z = "project.rag.why.time"; }
  else if( f->forecastPence > f->budgetPence ){ r = RAG_AMBER; z = "project.rag.why.over_budget"; }
  else if( project_days_between(f->zEndOn, f->zForecastEnd) > 0 ){ r = RAG_AMBER; z = "project.rag.why.late"; }
  else if( f->nMilestonesOverdue > 0 ){ r = RAG_AMBER; z = "project.rag.why.milestone_overdue"; }
  else if( f->nIssuesOverdue > 0 ){ r = RAG_AMBER; z = "project.rag.why.issue_overdue"; }
  else if( f->nRisksOverTolerance > 0 ){ r = RAG_AMBER; z = "project.rag.why.risk"; }
  else { r = RAG_GREEN; z = "project.rag.why.on_track"; }
  if( pzWhy ) *pzWhy = z;
  return r;
}

/* ---- the gate ---- */

bool project_gate_facts(struct db *db, const struct project *p, struct gate_facts *g){
  memset(g, 0, sizeof *g);
  g->iFrom = project_stage_of(p->zStage);
  g->bComplex = p->bComplex;
  if( g->iFrom < 0 ) return false;
  for(int k = 0; k < project_doc_nkind; k++){
    const struct project_doc_kind *dk = &project_doc_kinds[k];
    if( dk->iStage!=g->iFrom || !dk->bGate || (dk->bComplexOnly && !p->bComplex) ) continue;
    struct stmt *s = db_prepare(db,
      "SELECT COUNT(*) FROM project_doc WHERE project_id=?1 AND kind=?2 AND state='complete'");
    stmt_bind_int(s, 1, p->id);
    stmt_bind_text(s, 2, dk->zCode);
    long long n = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    if( n==0 && g->nDocsMissing < (int)(sizeof g->azDocMissing / sizeof g->azDocMissing[0]) ){
      g->azDocMissing[g->nDocsMissing++] = dk->zCode;
    }
  }
  struct stmt *s = db_prepare(db,
    "SELECT (SELECT COUNT(*) FROM project_milestone WHERE project_id=?1),"
    " (SELECT COUNT(*) FROM risk WHERE project_id=?1),"
    " (SELECT COUNT(*) FROM logic_item WHERE project_id=?1 AND col IN ('outcome_short','outcome_medium','outcome_long')),"
    " (SELECT COUNT(*) FROM eval_measurement WHERE project_id=?1 AND measured_on IS NOT NULL)");
  stmt_bind_int(s, 1, p->id);
  if( stmt_step(s)==1 ){
    g->nMilestones = (int)stmt_int(s, 0);
    g->nRisks = (int)stmt_int(s, 1);
    g->nOutcomes = (int)stmt_int(s, 2);
    g->nMeasured = (int)stmt_int(s, 3);
  }
  stmt_done(s);
  return true;
}

int project_gate_missing(const struct gate_facts *g, const char **azOut, int nMax){
  int n = 0;
#define NEED(z) do{ if( n<nMax ) azOut[n] = (z); n++; }while(0)
  if( g->iFrom==PSTAGE_PLAN ){
    if( g->nMilestones==0 ) NEED("milestone");
    if( g->nRisks==0 ) NEED("risk");
    if( g->nOutcomes==0 ) NEED("outcome");
  }
  if( g->iFrom==PSTAGE_MONITOR && g->nMeasured==0 ) NEED("measured");
#undef NEED
  return n < nMax ? n : nMax;
}
