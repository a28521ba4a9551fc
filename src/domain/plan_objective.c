/* A plan's objectives: create, change, remove, and the thread back from
** an objective's priority (see plan.h); reading them is
** plan_objective_read.c's. */
#include "domain/plan_internal.h"
#include "domain/member.h"
#include "domain/qi.h"
#include "util/json.h"
#include "util/text.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An objective's fields as checked and resolved. */
struct obj_values {
  long long priorityId, qiMeasureId, indicatorId, ownerId;
  bool bTargetValue;
  double targetValue;
  const char *zDueOn;
};

/* Check the form for plan p (inside the transaction: the priority, the
** measure and the owner are read there). */
static void obj_validate(struct db *db, const struct plan *p, const struct plan_objective_input *in,
                         const char *zToday, struct obj_values *v, struct field_errors *e){
  memset(v, 0, sizeof *v);
  plan_check_text(e, "title", in->zTitle, true, PLAN_TITLE_MAX, false, "plan.error.title_required");
  plan_check_text(e, "description", in->zDescription, false, PLAN_TEXT_MAX, true, 0);
  struct stmt *s;
  if( !domain_parse_id(in->zPriorityId, &v->priorityId) ){
    field_errors_add(e, "priority", "plan.error.priority");
  }else if( v->priorityId ){
    /* A priority of a needs assessment of the plan's unit. */
    s = db_prepare(db,
      "SELECT 1 FROM priority pr JOIN needs_assessment na ON na.id=pr.assessment_id"
      " WHERE pr.id=?1 AND na.unit_id=?2");
    stmt_bind_int(s, 1, v->priorityId);
    stmt_bind_int(s, 2, p->unitId);
    if( !domain_has_row(s) ) field_errors_add(e, "priority", "plan.error.priority");
  }
  const char *zM = in->zMeasure ? in->zMeasure : "";
  long long id = 0;
  if( zM[0]==0 ){
    /* none: a SMART gap, not an error */
  }else if( strncmp(zM, "qi-", 3)==0 && text_to_int(zM+3, 1, (long long)1<<53, &id) ){
    /* A measure of a QI project of the plan's unit. */
    s = db_prepare(db,
      "SELECT 1 FROM qi_measure m JOIN qi_project q ON q.id=m.project_id WHERE m.id=?1 AND q.unit_id=?2");
    stmt_bind_int(s, 1, id);
    stmt_bind_int(s, 2, p->unitId);
    if( domain_has_row(s) ) v->qiMeasureId = id;
    else field_errors_add(e, "measure", "plan.error.measure");
  }else if( strncmp(zM, "ind-", 4)==0 && text_to_int(zM+4, 1, (long long)1<<53, &id) ){
    s = db_prepare(db, "SELECT 1 FROM indicator WHERE id=?1");
    stmt_bind_int(s, 1, id);
    if( domain_has_row(s) ) v->indicatorId = id;
    else field_errors_add(e, "measure", "plan.error.measure");
  }else{
    field_errors_add(e, "measure", "plan.error.measure");
  }
  plan_check_text(e, "target", in->zTarget, false, PLAN_TARGET_MAX, false, 0);
  if( !text_blank(in->zTargetValue) ){
    double d;
    if( !qi_parse_number(in->zTargetValue, &d) || fabs(d)>QI_VALUE_MAX ){
      field_errors_add(e, "target_value", "plan.error.target_value");
    }else{
      v->bTargetValue = true;
      v->targetValue = d;
    }
  }
  if( !text_blank(in->zDueOn) ){
    if( !text_is_date(in->zDueOn) ) field_errors_add(e, "due_on", "plan.error.date_invalid");
    else v->zDueOn = in->zDueOn;
  }
  if( !domain_parse_id(in->zOwnerId, &v->ownerId) ){
    field_errors_add(e, "owner", "plan.error.owner");
  }else if( v->ownerId && !member_on_date(db, p->unitId, v->ownerId, zToday) ){
    field_errors_add(e, "owner", "plan.error.owner");
  }
}

static void obj_json(struct buf *b, const struct plan_objective *o){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "ref", o->zRef);
  json_kv_str(b, &bFirst, "title", o->zTitle);
  json_kv_str(b, &bFirst, "description", o->zDescription);
  if( o->priorityId ) json_kv_int(b, &bFirst, "priority", o->priorityId);
  if( o->qiMeasureId ) json_kv_int(b, &bFirst, "qi_measure", o->qiMeasureId);
  if( o->indicatorId ) json_kv_str(b, &bFirst, "indicator", o->zIndicatorCode);
  json_kv_str(b, &bFirst, "target", o->zTarget);
  if( o->bHasTargetValue ) json_kv_double(b, &bFirst, "target_value", o->targetValue);
  json_kv_str(b, &bFirst, "due_on", o->zDueOn);
  if( o->ownerPersonId ) json_kv_str(b, &bFirst, "owner", o->zOwnerName);
  buf_putc(b, '}');
}

/* Bind the form and its values to ?k .. ?k+9 (priority, title,
** description, QI measure, indicator, target, target value, date, owner,
** time), the same for the insert and the update. */
static void obj_bind(struct stmt *s, int k, const struct plan_objective_input *in, const struct obj_values *v){
  if( v->priorityId ) stmt_bind_int(s, k, v->priorityId); else stmt_bind_null(s, k);
  stmt_bind_text(s, k+1, in->zTitle);
  stmt_bind_text(s, k+2, in->zDescription ? in->zDescription : "");
  if( v->qiMeasureId ) stmt_bind_int(s, k+3, v->qiMeasureId); else stmt_bind_null(s, k+3);
  if( v->indicatorId ) stmt_bind_int(s, k+4, v->indicatorId); else stmt_bind_null(s, k+4);
  stmt_bind_text(s, k+5, in->zTarget ? in->zTarget : "");
  if( v->bTargetValue ) stmt_bind_double(s, k+6, v->targetValue); else stmt_bind_null(s, k+6);
  stmt_bind_text(s, k+7, v->zDueOn);
  if( v->ownerId ) stmt_bind_int(s, k+8, v->ownerId); else stmt_bind_null(s, k+8);
  stmt_bind_int(s, k+9, (long long)time(0));
}

long long plan_objective_create(struct db *db, const struct user *u, long long planId,
                                const struct plan_objective_input *in, const char *zToday,
                                struct field_errors *e){
  if( !plan_begin(db, e, "title") ) return 0;
  struct plan *p = xmalloc(sizeof *p);
  struct plan_objective *o = xmalloc(sizeof *o);
  long long rc = 0;
  int k = plan_for_write(db, u, planId, zToday, true, p, e, "title");
  if( k<=0 ){ rc = k; goto done; }
  struct obj_values v;
  obj_validate(db, p, in, zToday, &v, e);
  if( !field_errors_checked_in_tx(db, e, 0, "title", "plan.error.not_saved") ) goto done;
  /* The next ref and the place at the end. */
  struct stmt *s = db_prepare(db, "SELECT ref FROM plan_objective WHERE plan_id=?1");
  stmt_bind_int(s, 1, planId);
  char (*azRef)[16] = xmalloc(1000*sizeof *azRef);
  const char *apRef[1000];
  int nRef = 0;
  while( stmt_step(s)==1 && nRef<1000 ){
    text_copy(azRef[nRef], 16, stmt_text(s, 0));
    apRef[nRef] = azRef[nRef];
    nRef++;
  }
  stmt_done(s);
  char zRef[16];
  plan_next_ref(apRef, nRef, zRef);
  free(azRef);
  s = db_prepare(db, "SELECT COALESCE(MAX(sort_order),0)+1 FROM plan_objective WHERE plan_id=?1");
  stmt_bind_int(s, 1, planId);
  long long order = domain_first_int(s, 1);
  s = db_prepare(db,
    "INSERT INTO plan_objective(plan_id,ref,sort_order,priority_id,title,description,qi_measure_id,indicator_id,"
    " target,target_value,due_on,owner_person_id,created_at,updated_at)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?13) RETURNING id");
  stmt_bind_int(s, 1, planId);
  stmt_bind_text(s, 2, zRef);
  stmt_bind_int(s, 3, order);
  obj_bind(s, 4, in, &v);
  long long id = domain_first_int(s, 0);
  bool ok = id>0 && plan_objective_get(db, planId, id, o);
  if( ok ){
    struct buf b = {0};
    obj_json(&b, o);
    ok = domain_audit(db, u, "create", "plan_objective", id, p->unitId, 0, &b);
  }
  if( plan_commit(db, ok, e, "title") ) rc = id;
done:
  free(p);
  free(o);
  return rc;
}

long long plan_objective_update(struct db *db, const struct user *u, long long planId, long long objectiveId,
                                const struct plan_objective_input *in, const char *zToday,
                                struct field_errors *e){
  if( !plan_begin(db, e, "title") ) return 0;
  struct plan *p = xmalloc(sizeof *p);
  struct plan_objective *o = xmalloc(sizeof *o);
  long long rc = 0;
  int k = plan_for_write(db, u, planId, zToday, true, p, e, "title");
  if( k>0 && !plan_objective_get(db, planId, objectiveId, o) ) k = field_errors_refuse_in_tx(db, e, "title", "plan.error.not_saved");
  if( k<=0 ){ rc = k; goto done; }
  struct obj_values v;
  obj_validate(db, p, in, zToday, &v, e);
  if( !field_errors_checked_in_tx(db, e, 0, "title", "plan.error.not_saved") ) goto done;
  struct buf bOld = {0}, bNew = {0};
  obj_json(&bOld, o);
  struct stmt *s = db_prepare(db,
    "UPDATE plan_objective SET priority_id=?2, title=?3, description=?4, qi_measure_id=?5, indicator_id=?6,"
    " target=?7, target_value=?8, due_on=?9, owner_person_id=?10, updated_at=?11 WHERE id=?1");
  stmt_bind_int(s, 1, objectiveId);
  obj_bind(s, 2, in, &v);
  bool ok = stmt_exec(s) && plan_objective_get(db, planId, objectiveId, o);
  if( ok ){
    obj_json(&bNew, o);
    ok = domain_audit(db, u, "update", "plan_objective", objectiveId, p->unitId, &bOld, &bNew);
  }else{
    buf_free(&bOld);
  }
  if( plan_commit(db, ok, e, "title") ) rc = objectiveId;
done:
  free(p);
  free(o);
  return rc;
}

long long plan_objective_delete(struct db *db, const struct user *u, long long planId, long long objectiveId,
                                const char *zToday, struct field_errors *e){
  if( !plan_begin(db, e, "title") ) return 0;
  struct plan *p = xmalloc(sizeof *p);
  struct plan_objective *o = xmalloc(sizeof *o);
  long long rc = 0;
  int k = plan_for_write(db, u, planId, zToday, true, p, e, "title");
  if( k>0 && !plan_objective_get(db, planId, objectiveId, o) ) k = field_errors_refuse_in_tx(db, e, "title", "plan.error.not_saved");
  if( k<=0 ){ rc = k; goto done; }
  struct stmt *s = db_prepare(db, "SELECT 1 FROM plan_alignment WHERE target_objective_id=?1");
  stmt_bind_int(s, 1, objectiveId);
  if( domain_has_row(s) ) field_errors_add(e, "title", "plan.error.aligned_to");
  if( !field_errors_checked_in_tx(db, e, 0, "title", "plan.error.not_saved") ) goto done;
  s = db_prepare(db, "DELETE FROM plan_objective_action WHERE objective_id=?1");
  stmt_bind_int(s, 1, objectiveId);
  bool ok = stmt_exec(s);
  if( ok ){
    s = db_prepare(db, "DELETE FROM plan_alignment WHERE objective_id=?1");
    stmt_bind_int(s, 1, objectiveId);
    ok = stmt_exec(s);
  }
  if( ok ){
    s = db_prepare(db, "DELETE FROM plan_progress WHERE objective_id=?1");
    stmt_bind_int(s, 1, objectiveId);
    ok = stmt_exec(s);
  }
  if( ok ){
    s = db_prepare(db, "DELETE FROM plan_objective WHERE id=?1");
    stmt_bind_int(s, 1, objectiveId);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf b = {0};
    obj_json(&b, o);
    ok = domain_audit(db, u, "delete", "plan_objective", objectiveId, p->unitId, &b, 0);
  }
  if( plan_commit(db, ok, e, "title") ) rc = objectiveId;
done:
  free(p);
  free(o);
  return rc;
}

int plan_priority_findings(struct db *db, long long priorityId, plan_finding_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT f.id, f.assessment_id, f.what, COALESCE(f.indicator_id,0), COALESCE(i.code,''),"
    "       COALESCE(i.name_en,''), COALESCE(i.name_cy,''), COALESCE(f.period,'')"
    "  FROM priority_finding pf JOIN needs_finding f ON f.id=pf.finding_id"
    "  LEFT JOIN indicator i ON i.id=f.indicator_id"
    " WHERE pf.priority_id=?1 ORDER BY f.sort_order, f.id");
  stmt_bind_int(s, 1, priorityId);
  struct plan_finding *f = xmalloc(sizeof *f);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(f, 0, sizeof *f);
    f->id = stmt_int(s, 0);
    f->assessmentId = stmt_int(s, 1);
    text_copy(f->zWhat, sizeof f->zWhat, stmt_text(s, 2));
    f->indicatorId = stmt_int(s, 3);
    text_copy(f->zIndicatorCode, sizeof f->zIndicatorCode, stmt_text(s, 4));
    text_copy(f->zIndicatorNameEn, sizeof f->zIndicatorNameEn, stmt_text(s, 5));
    text_copy(f->zIndicatorNameCy, sizeof f->zIndicatorNameCy, stmt_text(s, 6));
    text_copy(f->zPeriod, sizeof f->zPeriod, stmt_text(s, 7));
    x(pCtx, f);
    n++;
  }
  stmt_done(s);
  free(f);
  return n;
}

int plan_priority_choices(struct db *db, long long unitId, long long assessmentId, plan_priority_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT pr.id, pr.title, na.year FROM priority pr JOIN needs_assessment na ON na.id=pr.assessment_id"
    " WHERE na.unit_id=?1 AND (CAST(?2 AS BIGINT)=0 OR na.id=?2) ORDER BY na.year DESC, pr.title, pr.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, assessmentId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2));
    n++;
  }
  stmt_done(s);
  return n;
}
