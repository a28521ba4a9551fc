/* Writing projects: start (from an approved business case or directly),
** edit, milestones, the gate and closing (see project_write.h). */
#include "domain/project_write.h"
#include "domain/decision.h"
#include "domain/domain_write.h"
#include "domain/project_doc.h"
#include "domain/project_tolerance.h"
#include "util/json.h"
#include "util/money.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOT_SAVED "project.error.not_saved"

/* The tolerances after a write that may break one: opens the exception
** report and tells the owner (inside the caller's transaction). */
static bool tolerances(struct db *db, long long projectId, const char *zToday, long long now){
  return project_tolerance_check(db, projectId, zToday, now);
}

long long project_case_budget(struct db *db, long long caseId, long long unitId, long long *pObjectiveId){
  struct stmt *s = db_prepare(db,
    "SELECT COALESCE(c.objective_id,0),"
    " (SELECT COALESCE(SUM(amount_pence),0) FROM business_case_cost WHERE case_id=c.id)"
    " FROM business_case c WHERE c.id=?1 AND c.unit_id=?2 AND c.state IN ('approved','approved_with_conditions')");
  stmt_bind_int(s, 1, caseId);
  stmt_bind_int(s, 2, unitId);
  long long v = -1;
  if( stmt_step(s)==1 ){
    if( pObjectiveId ) *pObjectiveId = stmt_int(s, 0);
    v = stmt_int(s, 1);
  }
  stmt_done(s);
  return v;
}

int project_objective_choices(struct db *db, long long unitId, pobjective_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT o.id, p.year, o.ref, o.title FROM plan_objective o JOIN plan p ON p.id=o.plan_id"
    " WHERE p.unit_id=?1 ORDER BY p.year DESC, o.sort_order, o.id");
  stmt_bind_int(s, 1, unitId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2), stmt_text(s, 3));
    n++;
  }
  stmt_done(s);
  return n;
}

int project_open_choices(struct db *db, long long unitId, pchoice_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT id, title FROM project WHERE unit_id=?1 AND closed_on IS NULL ORDER BY title, id");
  stmt_bind_int(s, 1, unitId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1));
    n++;
  }
  stmt_done(s);
  return n;
}

long long project_of_case(struct db *db, long long caseId){
  struct stmt *s = db_prepare(db, "SELECT id FROM project WHERE business_case_id=?1");
  stmt_bind_int(s, 1, caseId);
  return domain_first_int(s, 0);
}

/* The checked values of a project_input. */
struct pvals {
  int iProblem;
  long long budget, ownerId, objectiveId;
  long long costTol, timeTol, riskTol;
};

/* Checks that need no database, then those that do (inside the tx). */
static void check_input(struct db *db, long long unitId, const struct project_input *in, bool bCase,
                        struct pvals *v, struct field_errors *e){
  memset(v, 0, sizeof *v);
  domain_check_text(e, "title", in->zTitle, true, PROJECT_TITLE_MAX, false,
                    "project.error.title", "project.error.too_long", "project.error.text_bad");
  domain_check_text(e, "summary", in->zSummary, false, PROJECT_TEXT_MAX, true,
                    0, "project.error.too_long", "project.error.text_bad");
  v->iProblem = project_problem_of(in->zProblemType);
  if( v->iProblem<0 ) field_errors_add(e, "problem_type", "project.error.problem_type");
  domain_check_text(e, "problem_reason", in->zProblemReason, true, PROJECT_TEXT_MAX, true,
                    "project.error.problem_reason", "project.error.too_long", "project.error.text_bad");
  domain_check_text(e, "sponsor", in->zSponsor, false, PROJECT_TITLE_MAX, false,
                    0, "project.error.too_long", "project.error.text_bad");
  bool bDates = true;
  if( !in->zStartOn || !text_is_date(in->zStartOn) ){ field_errors_add(e, "start_on", "project.error.start_on"); bDates = false; }
  if( !in->zEndOn || !text_is_date(in->zEndOn) ){ field_errors_add(e, "end_on", "project.error.end_on"); bDates = false; }
  if( bDates && strcmp(in->zEndOn, in->zStartOn)<0 ) field_errors_add(e, "end_on", "project.error.end_before_start");
  if( !bCase ){
    if( text_blank(in->zBudget) ) v->budget = 0;
    else if( !money_parse(in->zBudget, &v->budget) || v->budget<0 ) field_errors_add(e, "budget", "project.error.budget");
  }
  v->costTol = 10; v->timeTol = 30; v->riskTol = 12;
  if( !text_blank(in->zCostTol) && !text_to_int(in->zCostTol, 0, 100, &v->costTol) )
    field_errors_add(e, "cost_tolerance", "project.error.cost_tolerance");
  if( !text_blank(in->zTimeTol) && !text_to_int(in->zTimeTol, 0, 365, &v->timeTol) )
    field_errors_add(e, "time_tolerance", "project.error.time_tolerance");
  if( !text_blank(in->zRiskTol) && !text_to_int(in->zRiskTol, 1, 25, &v->riskTol) )
    field_errors_add(e, "risk_tolerance", "project.error.risk_tolerance");
  if( !domain_parse_id(in->zOwner, &v->ownerId) || v->ownerId==0 ){
    field_errors_add(e, "owner", "project.error.owner");
  }else{
    struct stmt *s = db_prepare(db, "SELECT 1 FROM membership WHERE unit_id=?1 AND person_id=?2");
    stmt_bind_int(s, 1, unitId);
    stmt_bind_int(s, 2, v->ownerId);
    if( !domain_has_row(s) ) field_errors_add(e, "owner", "project.error.owner");
  }
  if( !bCase ){
    if( !domain_parse_id(in->zObjective, &v->objectiveId) ){
      field_errors_add(e, "objective", "project.error.objective");
    }else if( v->objectiveId ){
      struct stmt *s = db_prepare(db,
        "SELECT 1 FROM plan_objective o JOIN plan p ON p.id=o.plan_id WHERE o.id=?1 AND p.unit_id=?2");
      stmt_bind_int(s, 1, v->objectiveId);
      stmt_bind_int(s, 2, unitId);
      if( !domain_has_row(s) ) field_errors_add(e, "objective", "project.error.objective");
    }
  }
}

/* The audit's JSON of a project row as it is in the database. */
static void project_row_json(struct db *db, long long id, struct buf *b){
  struct project p;
  if( !project_load(db, id, &p) ){ buf_puts(b, "{}"); return; }
  bool f = true;
  buf_putc(b, '{');
  json_kv_int(b, &f, "id", p.id);
  json_kv_int(b, &f, "unit_id", p.unitId);
  if( p.objectiveId ) json_kv_int(b, &f, "objective_id", p.objectiveId); else json_kv_null(b, &f, "objective_id");
  if( p.businessCaseId ) json_kv_int(b, &f, "business_case_id", p.businessCaseId);
  else json_kv_null(b, &f, "business_case_id");
  json_kv_str(b, &f, "title", p.zTitle);
  json_kv_str(b, &f, "summary", p.zSummary);
  json_kv_str(b, &f, "problem_type", p.zProblemType);
  json_kv_str(b, &f, "problem_reason", p.zProblemReason);
  json_kv_bool(b, &f, "complex", p.bComplex);
  json_kv_str(b, &f, "stage", p.zStage);
  if( p.ownerPersonId ) json_kv_int(b, &f, "owner_person_id", p.ownerPersonId);
  else json_kv_null(b, &f, "owner_person_id");
  json_kv_str(b, &f, "sponsor", p.zSponsor);
  json_kv_str(b, &f, "start_on", p.zStartOn);
  json_kv_str(b, &f, "end_on", p.zEndOn);
  json_kv_int(b, &f, "budget_pence", p.budgetPence);
  json_kv_int(b, &f, "cost_tolerance_pct", p.costTolerancePct);
  json_kv_int(b, &f, "time_tolerance_days", p.timeToleranceDays);
  json_kv_int(b, &f, "risk_tolerance", p.riskTolerance);
  if( p.zClosedOn[0] ) json_kv_str(b, &f, "closed_on", p.zClosedOn);
  buf_putc(b, '}');
  project_free(&p);
}

/* A draft document of kind zKind with the case's texts mapped into its
** fields: azMap holds pairs (document field, case field), NULL-ended. */
static bool case_doc(struct db *db, const struct user *u, long long projectId, long long caseId,
                     const char *zKind, const char *const *azMap, long long now){
  struct stmt *s = db_prepare(db,
    "INSERT INTO project_doc(project_id,kind,state,created_by,created_at,updated_at)"
    " VALUES(?1,?2,'draft',?3,?4,?4) RETURNING id");
  stmt_bind_int(s, 1, projectId);
  stmt_bind_text(s, 2, zKind);
  stmt_bind_int(s, 3, u->id);
  stmt_bind_int(s, 4, now);
  long long docId = domain_first_int(s, 0);
  if( docId<=0 ) return false;
  for(int i=0; azMap[i]; i+=2){
    s = db_prepare(db,
      "INSERT INTO project_doc_text(doc_id,field,body)"
      " SELECT ?1, ?2, body FROM business_case_text WHERE case_id=?3 AND field=?4 AND body<>''");
    stmt_bind_int(s, 1, docId);
    stmt_bind_text(s, 2, azMap[i]);
    stmt_bind_int(s, 3, caseId);
    stmt_bind_text(s, 4, azMap[i+1]);
    if( !stmt_exec(s) ) return false;
  }
  return true;
}

/* What a case brings: its risks, milestones, documents, commitments. */
static bool carry_case(struct db *db, const struct user *u, long long unitId, long long projectId,
                       long long caseId, long long now){
  struct stmt *s = db_prepare(db,
    "INSERT INTO risk(unit_id,project_id,description,likelihood,consequence,controls,"
    " residual_likelihood,residual_consequence,status,created_by,created_at,updated_at)"
    " SELECT ?1, ?2, description, likelihood, consequence, mitigation, likelihood, consequence, 'open', ?3, ?4, ?4"
    " FROM business_case_risk WHERE case_id=?5 ORDER BY sort_order, id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, projectId);
  stmt_bind_int(s, 3, u->id);
  stmt_bind_int(s, 4, now);
  stmt_bind_int(s, 5, caseId);
  if( !stmt_exec(s) ) return false;
  s = db_prepare(db,
    "INSERT INTO project_milestone(project_id,title,baseline_on,due_on,sort_order,created_at,updated_at)"
    " SELECT ?1, text, due_on, due_on, sort_order, ?2, ?2"
    " FROM business_case_objective WHERE case_id=?3 AND due_on IS NOT NULL ORDER BY sort_order, id");
  stmt_bind_int(s, 1, projectId);
  stmt_bind_int(s, 2, now);
  stmt_bind_int(s, 3, caseId);
  if( !stmt_exec(s) ) return false;
  static const char *const azBrief[] = {
    "background", "case.problem", "objectives", "plan.aim", "scope", "project.scope",
    "exclusions", "project.excluded", "constraints", "plan.dependencies", "benefits", "impact.outcomes",
    "approach", "project.goal", NULL};
  static const char *const azPid[] = {
    "background", "case.problem", "objectives", "plan.aim", "scope", "plan.scope",
    "approach", "plan.deliverables", "quality", "plan.measures", "communication", "plan.communication",
    "resources", "plan.staff", NULL};
  if( !case_doc(db, u, projectId, caseId, "brief", azBrief, now) ) return false;
  if( !case_doc(db, u, projectId, caseId, "pid", azPid, now) ) return false;
  s = db_prepare(db,
    "UPDATE finance_commitment SET project_id=?1"
    " WHERE project_id IS NULL AND unit_id=?3 AND (business_case_id=?2"
    "  OR id IN (SELECT commitment_id FROM business_case_cost WHERE case_id=?2 AND commitment_id IS NOT NULL))");
  stmt_bind_int(s, 1, projectId);
  stmt_bind_int(s, 2, caseId);
  stmt_bind_int(s, 3, unitId);
  return stmt_exec(s);
}

long long project_create(struct db *db, const struct user *u, long long unitId, long long caseId,
                         const struct project_input *in, long long now, const char *zToday,
                         struct field_errors *e){
  if( !u || u->id<=0 || u->role==ROLE_NATIONAL || !access_can_write(db, u, unitId, zToday) ) return -1;
  if( !domain_begin(db, e, "title", NOT_SAVED) ) return 0;
  struct pvals v;
  check_input(db, unitId, in, caseId>0, &v, e);
  if( caseId>0 ){
    long long objectiveId = 0;
    v.budget = project_case_budget(db, caseId, unitId, &objectiveId);
    v.objectiveId = objectiveId;
    if( v.budget<0 ) field_errors_add(e, "title", "project.error.case");
    else if( project_of_case(db, caseId) ) field_errors_add(e, "title", "project.error.case_has_project");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "title", NOT_SAVED) ) return 0;
  struct stmt *s = db_prepare(db,
    "INSERT INTO project(unit_id,objective_id,business_case_id,title,summary,problem_type,problem_reason,complex,"
    " stage,owner_person_id,sponsor,start_on,end_on,budget_pence,cost_tolerance_pct,time_tolerance_days,"
    " risk_tolerance,created_by,created_at,updated_at)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,'initiate',?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?18) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  if( v.objectiveId ) stmt_bind_int(s, 2, v.objectiveId); else stmt_bind_null(s, 2);
  if( caseId>0 ) stmt_bind_int(s, 3, caseId); else stmt_bind_null(s, 3);
  stmt_bind_text(s, 4, in->zTitle);
  stmt_bind_text(s, 5, in->zSummary ? in->zSummary : "");
  stmt_bind_text(s, 6, project_problem_code(v.iProblem));
  stmt_bind_text(s, 7, in->zProblemReason);
  stmt_bind_int(s, 8, in->bComplex ? 1 : 0);
  stmt_bind_int(s, 9, v.ownerId);
  stmt_bind_text(s, 10, in->zSponsor ? in->zSponsor : "");
  stmt_bind_text(s, 11, in->zStartOn);
  stmt_bind_text(s, 12, in->zEndOn);
  stmt_bind_int(s, 13, v.budget);
  stmt_bind_int(s, 14, v.costTol);
  stmt_bind_int(s, 15, v.timeTol);
  stmt_bind_int(s, 16, v.riskTol);
  stmt_bind_int(s, 17, u->id);
  stmt_bind_int(s, 18, now);
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( ok && caseId>0 ) ok = carry_case(db, u, unitId, id, caseId, now);
  if( ok ){
    struct buf b = {0};
    project_row_json(db, id, &b);
    ok = domain_audit(db, u, "create", "project", id, unitId, 0, &b);
  }
  if( ok ) ok = tolerances(db, id, zToday, now);
  if( !domain_commit(db, ok, e, "title", NOT_SAVED) ) return 0;
  return id;
}

long long project_update(struct db *db, const struct user *u, const struct project *p,
                         const struct project_input *in, long long now, const char *zToday,
                         struct field_errors *e){
  if( !p->bCanWrite ) return -1;
  if( !domain_begin(db, e, "title", NOT_SAVED) ) return 0;
  struct pvals v;
  bool bCase = p->businessCaseId>0;
  check_input(db, p->unitId, in, false, &v, e);
  if( bCase ) v.objectiveId = p->objectiveId;   /* the case's objective stays */
  struct stmt *s = db_prepare(db, "SELECT closed_on FROM project WHERE id=?1 AND closed_on IS NULL");
  stmt_bind_int(s, 1, p->id);
  if( !domain_has_row(s) ) return field_errors_refuse_in_tx(db, e, "title", NOT_SAVED);
  if( !field_errors_checked_in_tx(db, e, 0, "title", NOT_SAVED) ) return 0;
  struct buf old = {0};
  project_row_json(db, p->id, &old);
  s = db_prepare(db,
    "UPDATE project SET title=?2, summary=?3, problem_type=?4, problem_reason=?5, complex=?6, owner_person_id=?7,"
    " sponsor=?8, start_on=?9, end_on=?10, budget_pence=?11, cost_tolerance_pct=?12, time_tolerance_days=?13,"
    " risk_tolerance=?14, objective_id=?15, updated_at=?16 WHERE id=?1");
  stmt_bind_int(s, 1, p->id);
  stmt_bind_text(s, 2, in->zTitle);
  stmt_bind_text(s, 3, in->zSummary ? in->zSummary : "");
  stmt_bind_text(s, 4, project_problem_code(v.iProblem));
  stmt_bind_text(s, 5, in->zProblemReason);
  stmt_bind_int(s, 6, in->bComplex ? 1 : 0);
  stmt_bind_int(s, 7, v.ownerId);
  stmt_bind_text(s, 8, in->zSponsor ? in->zSponsor : "");
  stmt_bind_text(s, 9, in->zStartOn);
  stmt_bind_text(s, 10, in->zEndOn);
  stmt_bind_int(s, 11, v.budget);
  stmt_bind_int(s, 12, v.costTol);
  stmt_bind_int(s, 13, v.timeTol);
  stmt_bind_int(s, 14, v.riskTol);
  if( v.objectiveId ) stmt_bind_int(s, 15, v.objectiveId); else stmt_bind_null(s, 15);
  stmt_bind_int(s, 16, now);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf nw = {0};
    project_row_json(db, p->id, &nw);
    ok = domain_audit(db, u, "update", "project", p->id, p->unitId, &old, &nw);
  }else{
    buf_free(&old);
  }
  if( ok ) ok = tolerances(db, p->id, zToday, now);
  if( !domain_commit(db, ok, e, "title", NOT_SAVED) ) return 0;
  return p->id;
}

static void milestone_json(struct db *db, long long id, struct buf *b){
  struct stmt *s = db_prepare(db,
    "SELECT project_id, title, baseline_on, due_on, COALESCE(done_on,'') FROM project_milestone WHERE id=?1");
  stmt_bind_int(s, 1, id);
  bool f = true;
  buf_putc(b, '{');
  if( stmt_step(s)==1 ){
    json_kv_int(b, &f, "id", id);
    json_kv_int(b, &f, "project_id", stmt_int(s, 0));
    json_kv_str(b, &f, "title", stmt_text(s, 1));
    json_kv_str(b, &f, "baseline_on", stmt_text(s, 2));
    json_kv_str(b, &f, "due_on", stmt_text(s, 3));
    if( stmt_text(s, 4)[0] ) json_kv_str(b, &f, "done_on", stmt_text(s, 4)); else json_kv_null(b, &f, "done_on");
  }
  stmt_done(s);
  buf_putc(b, '}');
}

long long project_milestone_save(struct db *db, const struct user *u, const struct project *p, long long itemId,
                                 const char *zTitle, const char *zDueOn, const char *zDoneOn,
                                 long long now, const char *zToday, struct field_errors *e){
  if( !p->bCanWrite ) return -1;
  domain_check_text(e, "title", zTitle, true, PROJECT_TITLE_MAX, false,
                    "project.error.milestone_title", "project.error.too_long", "project.error.text_bad");
  if( !zDueOn || !text_is_date(zDueOn) ) field_errors_add(e, "due_on", "project.error.due_on");
  bool bDone = zDoneOn && zDoneOn[0];
  if( bDone && !text_is_date(zDoneOn) ) field_errors_add(e, "done_on", "project.error.done_on");
  else if( bDone && strcmp(zDoneOn, zToday)>0 ) field_errors_add(e, "done_on", "project.error.done_future");
  if( !domain_begin(db, e, "title", NOT_SAVED) ) return 0;
  struct buf old = {0};
  if( itemId ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM project_milestone WHERE id=?1 AND project_id=?2");
    stmt_bind_int(s, 1, itemId);
    stmt_bind_int(s, 2, p->id);
    if( !domain_has_row(s) ) return field_errors_refuse_in_tx(db, e, "title", NOT_SAVED);
  }
  if( !field_errors_checked_in_tx(db, e, 0, "title", NOT_SAVED) ) return 0;
  struct stmt *s;
  long long id = itemId;
  if( itemId ){
    milestone_json(db, itemId, &old);
    s = db_prepare(db, "UPDATE project_milestone SET title=?2, due_on=?3, done_on=?4, updated_at=?5 WHERE id=?1");
    stmt_bind_int(s, 1, itemId);
  }else{
    s = db_prepare(db,
      "INSERT INTO project_milestone(project_id,title,baseline_on,due_on,done_on,sort_order,created_at,updated_at)"
      " VALUES(?1,?2,?3,?3,?4,(SELECT COALESCE(MAX(sort_order),0)+1 FROM project_milestone WHERE project_id=?1),?5,?5)"
      " RETURNING id");
    stmt_bind_int(s, 1, p->id);
  }
  stmt_bind_text(s, 2, zTitle);
  stmt_bind_text(s, 3, zDueOn);
  if( bDone ) stmt_bind_text(s, 4, zDoneOn); else stmt_bind_null(s, 4);
  stmt_bind_int(s, 5, now);
  bool ok;
  if( itemId ) ok = stmt_exec(s);
  else { id = domain_first_int(s, 0); ok = id>0; }
  if( ok ){
    struct buf nw = {0};
    milestone_json(db, id, &nw);
    ok = domain_audit(db, u, itemId ? "update" : "create", "project_milestone", id, p->unitId,
                      itemId ? &old : 0, &nw);
  }else{
    buf_free(&old);
  }
  if( ok ){
    s = db_prepare(db, "UPDATE project SET updated_at=?2 WHERE id=?1");
    stmt_bind_int(s, 1, p->id);
    stmt_bind_int(s, 2, now);
    ok = stmt_exec(s);
  }
  if( ok ) ok = tolerances(db, p->id, zToday, now);
  if( !domain_commit(db, ok, e, "title", NOT_SAVED) ) return 0;
  return id;
}

/* ---- the gate ---- */

struct dec_find { long long id; bool bFound; };
static void dec_find(void *p, const struct decision *d){
  struct dec_find *c = p;
  if( d->id==c->id ) c->bFound = true;
}

long long project_gate_pass(struct db *db, const struct user *u, const struct project *p,
                            long long decisionId, const char *zNote, long long now, const char *zToday,
                            struct field_errors *e){
  if( !p->bCanWrite ) return -1;
  domain_check_text(e, "note", zNote, false, PROJECT_TEXT_MAX, true, 0, "project.error.too_long", "project.error.text_bad");
  if( decisionId<=0 ) field_errors_add(e, "decision", "project.error.decision");
  if( !domain_begin(db, e, "decision", NOT_SAVED) ) return 0;
  struct project cur;
  if( !project_load(db, p->id, &cur) || cur.zClosedOn[0] ){
    if( cur.id ) project_free(&cur);
    return field_errors_refuse_in_tx(db, e, "decision", NOT_SAVED);
  }
  int iFrom = project_stage_of(cur.zStage);
  if( iFrom<0 || iFrom>=PSTAGE_CLOSE ) field_errors_add(e, "gate", "project.error.gate_last");
  else{
    struct gate_facts g;
    const char *az[8];
    if( !project_gate_facts(db, &cur, &g) ) field_errors_add(e, "gate", NOT_SAVED);
    else if( g.nDocsMissing>0 || project_gate_missing(&g, az, 8)>0 ) field_errors_add(e, "gate", "project.error.gate_missing");
  }
  if( decisionId>0 ){
    struct dec_find c = { decisionId, false };
    decision_list_visible(db, u, cur.unitId, 0, zToday, dec_find, &c);
    if( !c.bFound ) field_errors_add(e, "decision", "project.error.decision_unit");
  }
  project_free(&cur);
  if( !field_errors_checked_in_tx(db, e, 0, "decision", NOT_SAVED) ) return 0;
  const char *zFrom = project_stage_code(iFrom), *zTo = project_stage_code(iFrom+1);
  struct stmt *s = db_prepare(db,
    "INSERT INTO project_gate(project_id,from_stage,to_stage,decision_id,note,passed_by,passed_at)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7) RETURNING id");
  stmt_bind_int(s, 1, p->id);
  stmt_bind_text(s, 2, zFrom);
  stmt_bind_text(s, 3, zTo);
  stmt_bind_int(s, 4, decisionId);
  stmt_bind_text(s, 5, zNote ? zNote : "");
  stmt_bind_int(s, 6, u->id);
  stmt_bind_int(s, 7, now);
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    s = db_prepare(db, "UPDATE project SET stage=?2, updated_at=?3 WHERE id=?1 AND stage=?4");
    stmt_bind_int(s, 1, p->id);
    stmt_bind_text(s, 2, zTo);
    stmt_bind_int(s, 3, now);
    stmt_bind_text(s, 4, zFrom);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf b = {0};
    bool f = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &f, "id", id);
    json_kv_int(&b, &f, "project_id", p->id);
    json_kv_str(&b, &f, "from_stage", zFrom);
    json_kv_str(&b, &f, "to_stage", zTo);
    json_kv_int(&b, &f, "decision_id", decisionId);
    json_kv_str(&b, &f, "note", zNote ? zNote : "");
    buf_putc(&b, '}');
    ok = domain_audit(db, u, "create", "project_gate", id, p->unitId, 0, &b);
  }
  if( !domain_commit(db, ok, e, "decision", NOT_SAVED) ) return 0;
  return id;
}

bool project_closure_complete(struct db *db, long long id){
  struct stmt *s = db_prepare(db, "SELECT 1 FROM project_doc WHERE project_id=?1 AND kind='closure' AND state='complete'");
  stmt_bind_int(s, 1, id);
  return domain_has_row(s);
}

long long project_close(struct db *db, const struct user *u, const struct project *p, long long now,
                        const char *zToday, struct field_errors *e){
  if( !p->bCanWrite ) return -1;
  if( !domain_begin(db, e, "close", NOT_SAVED) ) return 0;
  struct stmt *s = db_prepare(db,
    "SELECT stage, COALESCE(recommendation,'') FROM project WHERE id=?1 AND closed_on IS NULL");
  stmt_bind_int(s, 1, p->id);
  char zStage[12] = "", zRec[16] = "";
  if( stmt_step(s)==1 ){
    text_copy(zStage, sizeof zStage, stmt_text(s, 0));
    text_copy(zRec, sizeof zRec, stmt_text(s, 1));
  }
  stmt_done(s);
  if( !zStage[0] ) return field_errors_refuse_in_tx(db, e, "close", NOT_SAVED);
  if( strcmp(zStage, "close")!=0 ) field_errors_add(e, "close", "project.error.close_stage");
  else{
    if( !project_closure_complete(db, p->id) ) field_errors_add(e, "close", "project.error.close_report");
    if( !zRec[0] ) field_errors_add(e, "recommendation", "project.error.close_recommendation");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "close", NOT_SAVED) ) return 0;
  struct buf old = {0};
  project_row_json(db, p->id, &old);
  s = db_prepare(db, "UPDATE project SET closed_on=?2, updated_at=?3 WHERE id=?1");
  stmt_bind_int(s, 1, p->id);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_int(s, 3, now);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf nw = {0};
    project_row_json(db, p->id, &nw);
    ok = domain_audit(db, u, "update", "project", p->id, p->unitId, &old, &nw);
  }else{
    buf_free(&old);
  }
  if( !domain_commit(db, ok, e, "close", NOT_SAVED) ) return 0;
  return p->id;
}

bool project_commitment_link(struct db *db, long long unitId, long long commitmentId, const char *zProject,
                             struct field_errors *e){
  long long projectId = 0;
  if( !domain_parse_id(zProject, &projectId) ){
    field_errors_add(e, "project", "project.error.commitment_project");
    return false;
  }
  if( projectId==0 ) return true;
  struct stmt *s = db_prepare(db, "SELECT 1 FROM project WHERE id=?1 AND unit_id=?2 AND closed_on IS NULL");
  stmt_bind_int(s, 1, projectId);
  stmt_bind_int(s, 2, unitId);
  if( !domain_has_row(s) ){
    field_errors_add(e, "project", "project.error.commitment_project");
    return false;
  }
  s = db_prepare(db, "UPDATE finance_commitment SET project_id=?2 WHERE id=?1");
  stmt_bind_int(s, 1, commitmentId);
  stmt_bind_int(s, 2, projectId);
  return stmt_exec(s);
}
