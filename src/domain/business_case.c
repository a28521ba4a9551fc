/* Business cases: load, list, create, the parts, their rows, submission
** and the decision (see business_case.h). */
#include "domain/unit.h"
#include "domain/business_case.h"
#include "domain/commitment.h"
#include "domain/domain_write.h"
#include "domain/indicator.h"
#include "domain/plan.h"
#include "domain/sfi.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/money.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void check_text(struct field_errors *e, const char *zField, const char *z, bool bRequired,
                       size_t nMax, bool bMultiline){
  domain_check_text(e, zField, z, bRequired, nMax, bMultiline, "case.error.required", "case.error.too_long",
                    "case.error.bad_characters");
}
static bool begin(struct db *db, struct field_errors *e, const char *zField){
  return domain_begin(db, e, zField, "case.error.not_saved");
}
static bool commit(struct db *db, bool ok, struct field_errors *e, const char *zField){
  return domain_commit(db, ok, e, zField, "case.error.not_saved");
}

/* ---- load ---- */

#define CASE_COLS \
  "c.id, c.unit_id, u.slug, u.name, COALESCE(u.name_cy,''), u.kind, c.title, COALESCE(c.priority_id,0)," \
  " COALESCE(pr.title,''), COALESCE(c.objective_id,0), COALESCE(o.plan_id,0), COALESCE(o.ref,''), COALESCE(o.title,'')," \
  " c.state, COALESCE(c.preferred_option_id,0), c.conditions, COALESCE(c.decision_id,0), COALESCE(c.decided_at,0)," \
  " COALESCE(m.id,0), COALESCE(m.starts_at,''), COALESCE(d.text,''), COALESCE(c.submitted_at,0)," \
  " COALESCE(sb.name,''), c.demo, c.created_at, c.updated_at" \
  " FROM business_case c JOIN unit u ON u.id=c.unit_id" \
  " LEFT JOIN priority pr ON pr.id=c.priority_id" \
  " LEFT JOIN plan_objective o ON o.id=c.objective_id" \
  " LEFT JOIN decision d ON d.id=c.decision_id" \
  " LEFT JOIN agenda_item ai ON ai.id=d.agenda_item_id" \
  " LEFT JOIN meeting m ON m.id=ai.meeting_id" \
  " LEFT JOIN app_user sb ON sb.id=c.submitted_by"

bool business_case_load(struct db *db, long long id, struct business_case *p){
  struct stmt *s = db_prepare(db, "SELECT " CASE_COLS " WHERE c.id=?1");
  stmt_bind_int(s, 1, id);
  memset(p, 0, sizeof *p);
  if( stmt_step(s)!=1 ){ stmt_done(s); return false; }
  p->id = stmt_int(s, 0);
  p->unitId = stmt_int(s, 1);
  text_copy(p->zUnitSlug, sizeof p->zUnitSlug, stmt_text(s, 2));
  text_copy(p->zUnitName, sizeof p->zUnitName, stmt_text(s, 3));
  text_copy(p->zUnitNameCy, sizeof p->zUnitNameCy, stmt_text(s, 4));
  text_copy(p->zUnitKind, sizeof p->zUnitKind, stmt_text(s, 5));
  text_copy(p->zTitle, sizeof p->zTitle, stmt_text(s, 6));
  p->priorityId = stmt_int(s, 7);
  text_copy(p->zPriorityTitle, sizeof p->zPriorityTitle, stmt_text(s, 8));
  p->objectiveId = stmt_int(s, 9);
  p->objectivePlanId = stmt_int(s, 10);
  text_copy(p->zObjectiveRef, sizeof p->zObjectiveRef, stmt_text(s, 11));
  text_copy(p->zObjectiveTitle, sizeof p->zObjectiveTitle, stmt_text(s, 12));
  text_copy(p->zState, sizeof p->zState, stmt_text(s, 13));
  p->preferredOptionId = stmt_int(s, 14);
  text_copy(p->zConditions, sizeof p->zConditions, stmt_text(s, 15));
  p->decisionId = stmt_int(s, 16);
  p->decidedAt = stmt_int(s, 17);
  p->meetingId = stmt_int(s, 18);
  text_copy(p->zMeetingStartsAt, sizeof p->zMeetingStartsAt, stmt_text(s, 19));
  text_copy(p->zDecisionText, sizeof p->zDecisionText, stmt_text(s, 20));
  p->submittedAt = stmt_int(s, 21);
  text_copy(p->zSubmittedBy, sizeof p->zSubmittedBy, stmt_text(s, 22));
  p->bDemo = stmt_int(s, 23)==1;
  p->createdAt = stmt_int(s, 24);
  p->updatedAt = stmt_int(s, 25);
  stmt_done(s);
  return true;
}

static long long deciding_unit(struct db *db, long long unitId, const char *zToday){
  long long id = unit_above(db, unitId, "pcpg", zToday);
  return id>0 ? id : unitId;
}

bool business_case_may_decide(struct db *db, const struct user *u, long long unitId, const char *zToday){
  if( !u || u->id<=0 || u->role==ROLE_NATIONAL ) return false;
  if( u->role==ROLE_ADMIN ) return true;
  if( u->role==ROLE_HEALTH_BOARD ) return access_can_write(db, u, unitId, zToday);
  return access_can_write(db, u, deciding_unit(db, unitId, zToday), zToday);
}

static bool can_write_unit(struct db *db, const struct user *u, long long unitId, const char *zToday){
  if( !u || u->id<=0 || u->role==ROLE_NATIONAL ) return false;
  return access_can_write(db, u, unitId, zToday);
}

bool business_case_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                               struct business_case *p){
  if( !business_case_load(db, id, p) || !access_can_read(db, u, p->unitId, zToday) ) return false;
  p->bWriter = can_write_unit(db, u, p->unitId, zToday);
  p->bCanWrite = p->bWriter && strcmp(p->zState, "draft")==0;
  p->bCanDecide = strcmp(p->zState, "submitted")==0 && business_case_may_decide(db, u, p->unitId, zToday);
  return true;
}

void business_case_text(struct db *db, long long caseId, const char *zCode, char *zOut, size_t n){
  struct stmt *s = db_prepare(db, "SELECT body FROM business_case_text WHERE case_id=?1 AND field=?2");
  stmt_bind_int(s, 1, caseId);
  stmt_bind_text(s, 2, zCode);
  zOut[0] = 0;
  domain_first_text(s, zOut, n);
}

int business_case_list(struct db *db, long long unitId, long long objectiveId, business_case_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT c.id, c.title, c.state, COALESCE(t.total,0), COALESCE(c.objective_id,0), COALESCE(o.ref,''),"
    "       COALESCE(c.priority_id,0), c.demo, c.updated_at"
    "  FROM business_case c"
    "  LEFT JOIN plan_objective o ON o.id=c.objective_id"
    "  LEFT JOIN (SELECT case_id, SUM(amount_pence) AS total FROM business_case_cost GROUP BY case_id) t"
    "    ON t.case_id=c.id"
    " WHERE c.unit_id=?1 AND (?2=0 OR c.objective_id=?2)"
    " ORDER BY c.id DESC");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, objectiveId);
  struct business_case_item *it = xmalloc(sizeof *it);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(it, 0, sizeof *it);
    it->id = stmt_int(s, 0);
    text_copy(it->zTitle, sizeof it->zTitle, stmt_text(s, 1));
    text_copy(it->zState, sizeof it->zState, stmt_text(s, 2));
    it->totalCostPence = stmt_int(s, 3);
    it->objectiveId = stmt_int(s, 4);
    text_copy(it->zObjectiveRef, sizeof it->zObjectiveRef, stmt_text(s, 5));
    it->priorityId = stmt_int(s, 6);
    it->bDemo = stmt_int(s, 7)==1;
    it->updatedAt = stmt_int(s, 8);
    x(pCtx, it);
    n++;
  }
  stmt_done(s);
  free(it);
  return n;
}

/* ---- audit ---- */

static void case_json(struct buf *b, const struct business_case *p){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "title", p->zTitle);
  json_kv_str(b, &bFirst, "state", p->zState);
  if( p->priorityId ) json_kv_int(b, &bFirst, "priority", p->priorityId);
  if( p->objectiveId ) json_kv_int(b, &bFirst, "objective", p->objectiveId);
  if( p->preferredOptionId ) json_kv_int(b, &bFirst, "preferred_option", p->preferredOptionId);
  if( p->decisionId ) json_kv_int(b, &bFirst, "decision", p->decisionId);
  if( p->zConditions[0] ) json_kv_str(b, &bFirst, "conditions", p->zConditions);
  buf_putc(b, '}');
}

/* Inside a transaction: the case, if u may write it and it is a draft.
** 1: go on; -1 or 0 (the transaction rolled back, e filled). */
static int for_write(struct db *db, const struct user *u, long long caseId, const char *zToday,
                     struct business_case *p, struct field_errors *e, const char *zField){
  if( !business_case_load(db, caseId, p) || !can_write_unit(db, u, p->unitId, zToday) ){
    return field_errors_refuse_in_tx(db, e, zField, "case.error.not_saved");
  }
  if( strcmp(p->zState, "draft")!=0 ){
    db_rollback(db);
    field_errors_add(e, zField, "case.error.not_draft");
    return 0;
  }
  return 1;
}

static bool touch(struct db *db, long long caseId, long long now){
  struct stmt *s = db_prepare(db, "UPDATE business_case SET updated_at=?2 WHERE id=?1");
  stmt_bind_int(s, 1, caseId);
  stmt_bind_int(s, 2, now);
  return stmt_exec(s);
}

/* ---- create ---- */

long long business_case_create(struct db *db, const struct user *u, long long unitId, const char *zTitle,
                               const char *zPriorityId, const char *zObjectiveId,
                               const char *zDoNothing, const char *zEvidence, const char *zToday,
                               struct field_errors *e){
  check_text(e, "title", zTitle, true, CASE_TITLE_MAX, false);
  long long priorityId = 0, objectiveId = 0;
  if( !domain_parse_id(zPriorityId, &priorityId) ) field_errors_add(e, "priority", "case.error.priority");
  if( !domain_parse_id(zObjectiveId, &objectiveId) ) field_errors_add(e, "objective", "case.error.objective");
  if( priorityId && objectiveId ) field_errors_add(e, "objective", "case.error.one_source");
  int nKeep = e->n;
  if( !begin(db, e, "title") ) return 0;
  if( !can_write_unit(db, u, unitId, zToday) ) return field_errors_refuse_in_tx(db, e, "title", "case.error.not_saved");
  if( priorityId ){
    struct stmt *s = db_prepare(db,
      "SELECT 1 FROM priority p JOIN needs_assessment na ON na.id=p.assessment_id WHERE p.id=?1 AND na.unit_id=?2");
    stmt_bind_int(s, 1, priorityId);
    stmt_bind_int(s, 2, unitId);
    if( !domain_has_row(s) ) field_errors_add(e, "priority", "case.error.priority");
  }
  if( objectiveId ){
    struct stmt *s = db_prepare(db,
      "SELECT 1 FROM plan_objective o JOIN plan p ON p.id=o.plan_id WHERE o.id=?1 AND p.unit_id=?2");
    stmt_bind_int(s, 1, objectiveId);
    stmt_bind_int(s, 2, unitId);
    if( !domain_has_row(s) ) field_errors_add(e, "objective", "case.error.objective");
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "title", "case.error.not_saved") ) return 0;
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "INSERT INTO business_case(unit_id,title,priority_id,objective_id,created_by,created_at,updated_at)"
    " VALUES(?1,?2,?3,?4,?5,?6,?6) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zTitle);
  if( priorityId ) stmt_bind_int(s, 3, priorityId); else stmt_bind_null(s, 3);
  if( objectiveId ) stmt_bind_int(s, 4, objectiveId); else stmt_bind_null(s, 4);
  stmt_bind_int(s, 5, u->id);
  stmt_bind_int(s, 6, now);
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    s = db_prepare(db,
      "INSERT INTO business_case_option(case_id,title,do_nothing,cost_pence,sort_order,created_at,updated_at)"
      " VALUES(?1,?2,1,0,0,?3,?3)");
    stmt_bind_int(s, 1, id);
    stmt_bind_text(s, 2, zDoNothing && zDoNothing[0] ? zDoNothing : "Do nothing");
    stmt_bind_int(s, 3, now);
    ok = stmt_exec(s);
  }
  if( ok && zEvidence && !text_blank(zEvidence) ){
    s = db_prepare(db, "INSERT INTO business_case_text(case_id,field,body) VALUES(?1,'case.evidence',?2)");
    stmt_bind_int(s, 1, id);
    stmt_bind_text(s, 2, zEvidence);
    ok = stmt_exec(s);
  }
  struct business_case *p = xmalloc(sizeof *p);
  if( ok ) ok = business_case_load(db, id, p);
  if( ok ){
    struct buf b = {0};
    case_json(&b, p);
    ok = domain_audit(db, u, "create", "business_case", id, unitId, 0, &b);
  }
  free(p);
  return commit(db, ok, e, "title") ? id : 0;
}

/* ---- parts ---- */

long long business_case_part_save(struct db *db, const struct user *u, long long caseId, int iPart,
                                  const char *const *azValue, const char *zPreferred, const char *zToday,
                                  struct field_errors *e){
  const char *zFirst = "part";
  int k = 0;
  for(int i=0; i<business_case_nfield; i++){
    if( business_case_fields[i].iPart!=iPart ) continue;
    if( k==0 ) zFirst = business_case_fields[i].zCode;
    if( azValue[k] ) check_text(e, business_case_fields[i].zCode, azValue[k], false, CASE_TEXT_MAX, true);
    k++;
  }
  long long preferredId = 0;
  if( zPreferred && !domain_parse_id(zPreferred, &preferredId) ) field_errors_add(e, "preferred", "case.error.option");
  int nKeep = e->n;
  if( !begin(db, e, zFirst) ) return 0;
  struct business_case *p = xmalloc(sizeof *p);
  long long rc = 0;
  int w = for_write(db, u, caseId, zToday, p, e, zFirst);
  if( w<=0 ){ rc = w; goto done; }
  if( preferredId ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM business_case_option WHERE id=?1 AND case_id=?2");
    stmt_bind_int(s, 1, preferredId);
    stmt_bind_int(s, 2, caseId);
    if( !domain_has_row(s) ) field_errors_add(e, "preferred", "case.error.option");
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, zFirst, "case.error.not_saved") ) goto done;
  long long now = (long long)time(0);
  struct buf bNew = {0};
  bool bFirst = true, ok = true;
  buf_putc(&bNew, '{');
  json_kv_str(&bNew, &bFirst, "part", business_case_part_code(iPart));
  k = 0;
  for(int i=0; ok && i<business_case_nfield; i++){
    if( business_case_fields[i].iPart!=iPart ) continue;
    const char *z = azValue[k++];
    if( !z ) continue;
    struct stmt *s;
    if( text_blank(z) ){
      s = db_prepare(db, "DELETE FROM business_case_text WHERE case_id=?1 AND field=?2");
      stmt_bind_int(s, 1, caseId);
      stmt_bind_text(s, 2, business_case_fields[i].zCode);
    }else{
      s = db_prepare(db,
        "INSERT INTO business_case_text(case_id,field,body) VALUES(?1,?2,?3)"
        " ON CONFLICT(case_id,field) DO UPDATE SET body=excluded.body");
      stmt_bind_int(s, 1, caseId);
      stmt_bind_text(s, 2, business_case_fields[i].zCode);
      stmt_bind_text(s, 3, z);
    }
    ok = stmt_exec(s);
    json_kv_str(&bNew, &bFirst, business_case_fields[i].zCode, z);
  }
  if( ok && zPreferred ){
    struct stmt *s = db_prepare(db, "UPDATE business_case SET preferred_option_id=?2 WHERE id=?1");
    stmt_bind_int(s, 1, caseId);
    if( preferredId ) stmt_bind_int(s, 2, preferredId); else stmt_bind_null(s, 2);
    ok = stmt_exec(s);
    json_kv_int(&bNew, &bFirst, "preferred_option", preferredId);
  }
  buf_putc(&bNew, '}');
  if( ok ) ok = touch(db, caseId, now);
  if( ok ) ok = domain_audit(db, u, "update", "business_case", caseId, p->unitId, 0, &bNew);
  else buf_free(&bNew);
  if( commit(db, ok, e, zFirst) ) rc = caseId;
done:
  free(p);
  return rc;
}

/* ---- rows ---- */

int business_case_options(struct db *db, long long caseId, case_option_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, title, description, do_nothing, cost_pence FROM business_case_option"
    " WHERE case_id=?1 ORDER BY do_nothing DESC, sort_order, id");
  stmt_bind_int(s, 1, caseId);
  struct case_option *o = xmalloc(sizeof *o);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(o, 0, sizeof *o);
    o->id = stmt_int(s, 0);
    text_copy(o->zTitle, sizeof o->zTitle, stmt_text(s, 1));
    text_copy(o->zDescription, sizeof o->zDescription, stmt_text(s, 2));
    o->bDoNothing = stmt_int(s, 3)==1;
    o->bHasCost = !stmt_is_null(s, 4);
    o->costPence = stmt_int(s, 4);
    x(pCtx, o);
    n++;
  }
  stmt_done(s);
  free(o);
  return n;
}

int business_case_costs(struct db *db, long long caseId, case_cost_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT c.id, c.title, c.kind, c.year, COALESCE(c.allocation_id,0), COALESCE(a.stream,''), c.source, c.supplier,"
    "       c.low_pence, c.amount_pence, c.high_pence, COALESCE(c.commitment_id,0)"
    "  FROM business_case_cost c LEFT JOIN finance_allocation a ON a.id=c.allocation_id"
    " WHERE c.case_id=?1 ORDER BY c.year, c.sort_order, c.id");
  stmt_bind_int(s, 1, caseId);
  struct case_cost *o = xmalloc(sizeof *o);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(o, 0, sizeof *o);
    o->id = stmt_int(s, 0);
    text_copy(o->zTitle, sizeof o->zTitle, stmt_text(s, 1));
    text_copy(o->zKind, sizeof o->zKind, stmt_text(s, 2));
    text_copy(o->zYear, sizeof o->zYear, stmt_text(s, 3));
    o->allocationId = stmt_int(s, 4);
    text_copy(o->zStream, sizeof o->zStream, stmt_text(s, 5));
    text_copy(o->zSource, sizeof o->zSource, stmt_text(s, 6));
    text_copy(o->zSupplier, sizeof o->zSupplier, stmt_text(s, 7));
    o->lowPence = stmt_int(s, 8);
    o->amountPence = stmt_int(s, 9);
    o->highPence = stmt_int(s, 10);
    o->commitmentId = stmt_int(s, 11);
    x(pCtx, o);
    n++;
  }
  stmt_done(s);
  free(o);
  return n;
}

int business_case_objectives(struct db *db, long long caseId, case_objective_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, text, measure, target, COALESCE(due_on,''), owner FROM business_case_objective"
    " WHERE case_id=?1 ORDER BY sort_order, id");
  stmt_bind_int(s, 1, caseId);
  struct case_objective *o = xmalloc(sizeof *o);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(o, 0, sizeof *o);
    o->id = stmt_int(s, 0);
    text_copy(o->zText, sizeof o->zText, stmt_text(s, 1));
    text_copy(o->zMeasure, sizeof o->zMeasure, stmt_text(s, 2));
    text_copy(o->zTarget, sizeof o->zTarget, stmt_text(s, 3));
    text_copy(o->zDueOn, sizeof o->zDueOn, stmt_text(s, 4));
    text_copy(o->zOwner, sizeof o->zOwner, stmt_text(s, 5));
    o->gaps = plan_smart_gaps(!text_blank(o->zMeasure), o->zTarget, o->zDueOn, text_blank(o->zOwner) ? 0 : 1);
    x(pCtx, o);
    n++;
  }
  stmt_done(s);
  free(o);
  return n;
}

int business_case_risks(struct db *db, long long caseId, case_risk_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, description, likelihood, consequence, mitigation, owner FROM business_case_risk"
    " WHERE case_id=?1 ORDER BY sort_order, id");
  stmt_bind_int(s, 1, caseId);
  struct case_risk *o = xmalloc(sizeof *o);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(o, 0, sizeof *o);
    o->id = stmt_int(s, 0);
    text_copy(o->zDescription, sizeof o->zDescription, stmt_text(s, 1));
    o->likelihood = (int)stmt_int(s, 2);
    o->consequence = (int)stmt_int(s, 3);
    text_copy(o->zMitigation, sizeof o->zMitigation, stmt_text(s, 4));
    text_copy(o->zOwner, sizeof o->zOwner, stmt_text(s, 5));
    x(pCtx, o);
    n++;
  }
  stmt_done(s);
  free(o);
  return n;
}

int business_case_criteria(struct db *db, long long caseId, case_criterion_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, title, weight FROM business_case_criterion WHERE case_id=?1 ORDER BY sort_order, id");
  stmt_bind_int(s, 1, caseId);
  struct case_criterion o;
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(&o, 0, sizeof o);
    o.id = stmt_int(s, 0);
    text_copy(o.zTitle, sizeof o.zTitle, stmt_text(s, 1));
    o.weight = (int)stmt_int(s, 2);
    x(pCtx, &o);
    n++;
  }
  stmt_done(s);
  return n;
}

int business_case_score(struct db *db, long long optionId, long long criterionId){
  struct stmt *s = db_prepare(db, "SELECT score FROM business_case_score WHERE option_id=?1 AND criterion_id=?2");
  stmt_bind_int(s, 1, optionId);
  stmt_bind_int(s, 2, criterionId);
  return (int)domain_first_int(s, -1);
}

static bool parse_money_field(struct field_errors *e, const char *zField, const char *z, bool bRequired,
                              long long *p){
  *p = 0;
  if( text_blank(z) ){
    if( bRequired ) field_errors_add(e, zField, "case.error.money");
    return false;
  }
  if( !money_parse(z, p) || *p<0 ){ field_errors_add(e, zField, "case.error.money"); return false; }
  return true;
}

static const char *row_table_entity(const char *zKind){
  if( strcmp(zKind, "option")==0 ) return "business_case_option";
  if( strcmp(zKind, "cost")==0 ) return "business_case_cost";
  if( strcmp(zKind, "objective")==0 ) return "business_case_objective";
  if( strcmp(zKind, "risk")==0 ) return "business_case_risk";
  if( strcmp(zKind, "criterion")==0 ) return "business_case_criterion";
  return 0;
}

static const char *first_field(const char *zKind){
  if( strcmp(zKind, "objective")==0 ) return "text";
  if( strcmp(zKind, "risk")==0 ) return "description";
  return "title";
}

long long business_case_row_add(struct db *db, const struct user *u, long long caseId, const char *zKind,
                                const char *const *av, const char *zToday, struct field_errors *e){
  const char *zEntity = zKind ? row_table_entity(zKind) : 0;
  if( !zEntity ) return -1;
  const char *zF = first_field(zKind);
  long long a = 0, b = 0, c = 0, allocationId = 0;
  bool bHas = false;
  if( strcmp(zKind, "option")==0 ){
    check_text(e, "title", av[0], true, CASE_TITLE_MAX, false);
    check_text(e, "description", av[1], false, CASE_TEXT_MAX, true);
    bHas = parse_money_field(e, "cost", av[2], false, &a);
  }else if( strcmp(zKind, "cost")==0 ){
    check_text(e, "title", av[0], true, CASE_TITLE_MAX, false);
    if( !av[1] || (strcmp(av[1], "labour")!=0 && strcmp(av[1], "capital")!=0 && strcmp(av[1], "other")!=0) ){
      field_errors_add(e, "kind", "case.error.cost_kind");
    }
    int y;
    if( !av[2] || !plan_year_parse(av[2], &y) ) field_errors_add(e, "year", "case.error.year");
    if( !domain_parse_id(av[3], &allocationId) ) field_errors_add(e, "allocation", "case.error.allocation");
    check_text(e, "source", av[4], false, CASE_TITLE_MAX, false);
    check_text(e, "supplier", av[5], false, CASE_TITLE_MAX, false);
    if( !allocationId && text_blank(av[4]) ) field_errors_add(e, "allocation", "case.error.source_required");
    bool b1 = parse_money_field(e, "low", av[6], true, &a);
    bool b2 = parse_money_field(e, "amount", av[7], true, &b);
    bool b3 = parse_money_field(e, "high", av[8], true, &c);
    if( b1 && b2 && b3 && !business_case_cost_ok(a, b, c) ) field_errors_add(e, "low", "case.error.cost_order");
  }else if( strcmp(zKind, "objective")==0 ){
    check_text(e, "text", av[0], true, CASE_TITLE_MAX*2, false);
    check_text(e, "measure", av[1], false, CASE_TITLE_MAX*2, false);
    check_text(e, "target", av[2], false, CASE_TITLE_MAX*2, false);
    if( av[3] && av[3][0] && !text_is_date(av[3]) ) field_errors_add(e, "due_on", "case.error.date");
    check_text(e, "owner", av[4], false, CASE_TITLE_MAX, false);
  }else if( strcmp(zKind, "risk")==0 ){
    check_text(e, "description", av[0], true, CASE_TITLE_MAX*4, true);
    if( !text_to_int(av[1], 1, 5, &a) ) field_errors_add(e, "likelihood", "case.error.likelihood");
    if( !text_to_int(av[2], 1, 5, &b) ) field_errors_add(e, "consequence", "case.error.consequence");
    check_text(e, "mitigation", av[3], false, CASE_TITLE_MAX*4, true);
    check_text(e, "owner", av[4], false, CASE_TITLE_MAX, false);
  }else{
    check_text(e, "title", av[0], true, CASE_TITLE_MAX, false);
    if( !text_to_int(av[1], 0, 10, &a) ) field_errors_add(e, "weight", "case.error.weight");
  }
  int nKeep = e->n;
  if( !begin(db, e, zF) ) return 0;
  struct business_case *p = xmalloc(sizeof *p);
  long long rc = 0;
  int w = for_write(db, u, caseId, zToday, p, e, zF);
  if( w<=0 ){ rc = w; goto done; }
  if( allocationId ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM finance_allocation WHERE id=?1 AND unit_id=?2");
    stmt_bind_int(s, 1, allocationId);
    stmt_bind_int(s, 2, p->unitId);
    if( !domain_has_row(s) ) field_errors_add(e, "allocation", "case.error.allocation");
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, zF, "case.error.not_saved") ) goto done;
  long long now = (long long)time(0);
  struct stmt *s;
  struct buf bNew = {0};
  bool bFirst = true;
  buf_putc(&bNew, '{');
  json_kv_int(&bNew, &bFirst, "case", caseId);
  if( strcmp(zKind, "option")==0 ){
    s = db_prepare(db,
      "INSERT INTO business_case_option(case_id,title,description,do_nothing,cost_pence,sort_order,created_at,updated_at)"
      " VALUES(?1,?2,?3,0,?4,(SELECT COALESCE(MAX(sort_order),0)+1 FROM business_case_option WHERE case_id=?1),?5,?5)"
      " RETURNING id");
    stmt_bind_int(s, 1, caseId);
    stmt_bind_text(s, 2, av[0]);
    stmt_bind_text(s, 3, av[1] ? av[1] : "");
    if( bHas ) stmt_bind_int(s, 4, a); else stmt_bind_null(s, 4);
    stmt_bind_int(s, 5, now);
    json_kv_str(&bNew, &bFirst, "title", av[0]);
    if( bHas ) json_kv_int(&bNew, &bFirst, "cost_pence", a);
  }else if( strcmp(zKind, "cost")==0 ){
    s = db_prepare(db,
      "INSERT INTO business_case_cost(case_id,title,kind,year,allocation_id,source,supplier,low_pence,amount_pence,high_pence,sort_order)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,(SELECT COALESCE(MAX(sort_order),0)+1 FROM business_case_cost WHERE case_id=?1))"
      " RETURNING id");
    stmt_bind_int(s, 1, caseId);
    stmt_bind_text(s, 2, av[0]);
    stmt_bind_text(s, 3, av[1]);
    stmt_bind_text(s, 4, av[2]);
    if( allocationId ) stmt_bind_int(s, 5, allocationId); else stmt_bind_null(s, 5);
    stmt_bind_text(s, 6, av[4] ? av[4] : "");
    stmt_bind_text(s, 7, av[5] ? av[5] : "");
    stmt_bind_int(s, 8, a);
    stmt_bind_int(s, 9, b);
    stmt_bind_int(s, 10, c);
    json_kv_str(&bNew, &bFirst, "title", av[0]);
    json_kv_str(&bNew, &bFirst, "kind", av[1]);
    json_kv_str(&bNew, &bFirst, "year", av[2]);
    if( allocationId ) json_kv_int(&bNew, &bFirst, "allocation", allocationId);
    json_kv_int(&bNew, &bFirst, "low_pence", a);
    json_kv_int(&bNew, &bFirst, "amount_pence", b);
    json_kv_int(&bNew, &bFirst, "high_pence", c);
  }else if( strcmp(zKind, "objective")==0 ){
    s = db_prepare(db,
      "INSERT INTO business_case_objective(case_id,text,measure,target,due_on,owner,sort_order)"
      " VALUES(?1,?2,?3,?4,?5,?6,(SELECT COALESCE(MAX(sort_order),0)+1 FROM business_case_objective WHERE case_id=?1))"
      " RETURNING id");
    stmt_bind_int(s, 1, caseId);
    stmt_bind_text(s, 2, av[0]);
    stmt_bind_text(s, 3, av[1] ? av[1] : "");
    stmt_bind_text(s, 4, av[2] ? av[2] : "");
    if( av[3] && av[3][0] ) stmt_bind_text(s, 5, av[3]); else stmt_bind_null(s, 5);
    stmt_bind_text(s, 6, av[4] ? av[4] : "");
    json_kv_str(&bNew, &bFirst, "text", av[0]);
  }else if( strcmp(zKind, "risk")==0 ){
    s = db_prepare(db,
      "INSERT INTO business_case_risk(case_id,description,likelihood,consequence,mitigation,owner,sort_order)"
      " VALUES(?1,?2,?3,?4,?5,?6,(SELECT COALESCE(MAX(sort_order),0)+1 FROM business_case_risk WHERE case_id=?1))"
      " RETURNING id");
    stmt_bind_int(s, 1, caseId);
    stmt_bind_text(s, 2, av[0]);
    stmt_bind_int(s, 3, a);
    stmt_bind_int(s, 4, b);
    stmt_bind_text(s, 5, av[3] ? av[3] : "");
    stmt_bind_text(s, 6, av[4] ? av[4] : "");
    json_kv_str(&bNew, &bFirst, "description", av[0]);
    json_kv_int(&bNew, &bFirst, "likelihood", a);
    json_kv_int(&bNew, &bFirst, "consequence", b);
  }else{
    s = db_prepare(db,
      "INSERT INTO business_case_criterion(case_id,title,weight,sort_order)"
      " VALUES(?1,?2,?3,(SELECT COALESCE(MAX(sort_order),0)+1 FROM business_case_criterion WHERE case_id=?1))"
      " RETURNING id");
    stmt_bind_int(s, 1, caseId);
    stmt_bind_text(s, 2, av[0]);
    stmt_bind_int(s, 3, a);
    json_kv_str(&bNew, &bFirst, "title", av[0]);
    json_kv_int(&bNew, &bFirst, "weight", a);
  }
  buf_putc(&bNew, '}');
  long long id = domain_first_int(s, 0);
  bool ok = id>0 && touch(db, caseId, now);
  if( ok ) ok = domain_audit(db, u, "create", zEntity, id, p->unitId, 0, &bNew);
  else buf_free(&bNew);
  if( commit(db, ok, e, zF) ) rc = id;
done:
  free(p);
  return rc;
}

long long business_case_row_delete(struct db *db, const struct user *u, long long caseId, const char *zKind,
                                   long long rowId, const char *zToday, struct field_errors *e){
  const char *zEntity = zKind ? row_table_entity(zKind) : 0;
  if( !zEntity ) return -1;
  if( !begin(db, e, "row") ) return 0;
  struct business_case *p = xmalloc(sizeof *p);
  long long rc = 0;
  int w = for_write(db, u, caseId, zToday, p, e, "row");
  if( w<=0 ){ rc = w; goto done; }
  struct stmt *s;
  if( strcmp(zKind, "option")==0 ) s = db_prepare(db, "SELECT do_nothing FROM business_case_option WHERE id=?1 AND case_id=?2");
  else if( strcmp(zKind, "cost")==0 ) s = db_prepare(db, "SELECT 0 FROM business_case_cost WHERE id=?1 AND case_id=?2");
  else if( strcmp(zKind, "objective")==0 ) s = db_prepare(db, "SELECT 0 FROM business_case_objective WHERE id=?1 AND case_id=?2");
  else if( strcmp(zKind, "risk")==0 ) s = db_prepare(db, "SELECT 0 FROM business_case_risk WHERE id=?1 AND case_id=?2");
  else s = db_prepare(db, "SELECT 0 FROM business_case_criterion WHERE id=?1 AND case_id=?2");
  stmt_bind_int(s, 1, rowId);
  stmt_bind_int(s, 2, caseId);
  long long v = domain_first_int(s, -1);
  if( v<0 ){ rc = field_errors_refuse_in_tx(db, e, "row", "case.error.not_saved"); goto done; }
  if( v==1 ){ field_errors_add(e, "row", "case.error.do_nothing"); }
  if( !field_errors_checked_in_tx(db, e, 0, "row", "case.error.not_saved") ) goto done;
  bool ok = true;
  if( strcmp(zKind, "option")==0 ){
    s = db_prepare(db, "UPDATE business_case SET preferred_option_id=NULL WHERE id=?1 AND preferred_option_id=?2");
    stmt_bind_int(s, 1, caseId); stmt_bind_int(s, 2, rowId);
    ok = stmt_exec(s);
    if( ok ){ s = db_prepare(db, "DELETE FROM business_case_score WHERE option_id=?1"); stmt_bind_int(s, 1, rowId); ok = stmt_exec(s); }
    if( ok ){ s = db_prepare(db, "DELETE FROM business_case_option WHERE id=?1"); stmt_bind_int(s, 1, rowId); ok = stmt_exec(s); }
  }else if( strcmp(zKind, "cost")==0 ){
    s = db_prepare(db, "DELETE FROM business_case_cost WHERE id=?1"); stmt_bind_int(s, 1, rowId); ok = stmt_exec(s);
  }else if( strcmp(zKind, "objective")==0 ){
    s = db_prepare(db, "DELETE FROM business_case_objective WHERE id=?1"); stmt_bind_int(s, 1, rowId); ok = stmt_exec(s);
  }else if( strcmp(zKind, "risk")==0 ){
    s = db_prepare(db, "DELETE FROM business_case_risk WHERE id=?1"); stmt_bind_int(s, 1, rowId); ok = stmt_exec(s);
  }else{
    s = db_prepare(db, "DELETE FROM business_case_score WHERE criterion_id=?1"); stmt_bind_int(s, 1, rowId); ok = stmt_exec(s);
    if( ok ){ s = db_prepare(db, "DELETE FROM business_case_criterion WHERE id=?1"); stmt_bind_int(s, 1, rowId); ok = stmt_exec(s); }
  }
  if( ok ) ok = touch(db, caseId, (long long)time(0));
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "case", caseId);
    buf_putc(&b, '}');
    ok = domain_audit(db, u, "delete", zEntity, rowId, p->unitId, &b, 0);
  }
  if( commit(db, ok, e, "row") ) rc = rowId;
done:
  free(p);
  return rc;
}

long long business_case_scores_save(struct db *db, const struct user *u, long long caseId, int nOpt,
                                    const long long *aOpt, int nCrit, const long long *aCrit,
                                    const char *const *azScore, const char *zToday, struct field_errors *e){
  for(int i=0; i<nOpt*nCrit; i++){
    long long v;
    if( azScore[i] && !text_blank(azScore[i]) && !text_to_int(azScore[i], 0, 5, &v) ){
      field_errors_add(e, "scores", "case.error.score");
      break;
    }
  }
  int nKeep = e->n;
  if( !begin(db, e, "scores") ) return 0;
  struct business_case *p = xmalloc(sizeof *p);
  long long rc = 0;
  int w = for_write(db, u, caseId, zToday, p, e, "scores");
  if( w<=0 ){ rc = w; goto done; }
  if( !field_errors_checked_in_tx(db, e, nKeep, "scores", "case.error.not_saved") ) goto done;
  bool ok = true;
  struct buf bNew = {0};
  bool bFirst = true;
  buf_putc(&bNew, '{');
  json_kv_int(&bNew, &bFirst, "case", caseId);
  json_key(&bNew, &bFirst, "scores");
  buf_putc(&bNew, '[');
  bool bFirstScore = true;
  for(int o=0; ok && o<nOpt; o++){
    for(int c=0; ok && c<nCrit; c++){
      /* Only the case's own options and criteria. */
      struct stmt *s = db_prepare(db,
        "SELECT 1 FROM business_case_option o, business_case_criterion k"
        " WHERE o.id=?1 AND k.id=?2 AND o.case_id=?3 AND k.case_id=?3");
      stmt_bind_int(s, 1, aOpt[o]);
      stmt_bind_int(s, 2, aCrit[c]);
      stmt_bind_int(s, 3, caseId);
      if( !domain_has_row(s) ) continue;
      const char *z = azScore[o*nCrit+c];
      long long v = -1;
      if( z && !text_blank(z) ) text_to_int(z, 0, 5, &v);
      s = db_prepare(db, "DELETE FROM business_case_score WHERE option_id=?1 AND criterion_id=?2");
      stmt_bind_int(s, 1, aOpt[o]);
      stmt_bind_int(s, 2, aCrit[c]);
      ok = stmt_exec(s);
      if( ok && v>=0 ){
        s = db_prepare(db, "INSERT INTO business_case_score(option_id,criterion_id,score) VALUES(?1,?2,?3)");
        stmt_bind_int(s, 1, aOpt[o]);
        stmt_bind_int(s, 2, aCrit[c]);
        stmt_bind_int(s, 3, v);
        ok = stmt_exec(s);
        json_sep(&bNew, &bFirstScore);
        buf_printf(&bNew, "[%lld,%lld,%lld]", aOpt[o], aCrit[c], v);
      }
    }
  }
  buf_puts(&bNew, "]}");
  if( ok ) ok = touch(db, caseId, (long long)time(0));
  if( ok ) ok = domain_audit(db, u, "update", "business_case", caseId, p->unitId, 0, &bNew);
  else buf_free(&bNew);
  if( commit(db, ok, e, "scores") ) rc = caseId;
done:
  free(p);
  return rc;
}

/* ---- checks, submission, decision ---- */

static void obj_gap(void *pCtx, const struct case_objective *o){
  struct case_check_input *p = pCtx;
  if( p->nObjectives<CASE_MAX_OBJECTIVES ) p->aObjectiveGaps[p->nObjectives] = o->gaps;
  p->nObjectives++;
}

bool business_case_check_input(struct db *db, long long caseId, struct case_check_input *p){
  memset(p, 0, sizeof *p);
  struct stmt *s = db_prepare(db, "SELECT field FROM business_case_text WHERE case_id=?1 AND body<>''");
  stmt_bind_int(s, 1, caseId);
  int rc;
  while( (rc = stmt_step(s))==1 ){
    const char *z = stmt_text(s, 0);
    for(int i=0; i<business_case_nfield; i++){
      if( strcmp(z, business_case_fields[i].zCode)==0 ) p->abPartText[business_case_fields[i].iPart] = true;
    }
  }
  stmt_done(s);
  if( rc<0 ) return false;
  s = db_prepare(db,
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN o.do_nothing=1 THEN 1 ELSE 0 END),0),"
    "       COALESCE(SUM(CASE WHEN o.id=c.preferred_option_id THEN 1 ELSE 0 END),0),"
    "       COALESCE(SUM(CASE WHEN o.id=c.preferred_option_id AND o.cost_pence IS NOT NULL THEN 1 ELSE 0 END),0),"
    "       COALESCE(SUM(CASE WHEN o.id=c.preferred_option_id THEN o.cost_pence ELSE 0 END),0)"
    "  FROM business_case c JOIN business_case_option o ON o.case_id=c.id WHERE c.id=?1");
  stmt_bind_int(s, 1, caseId);
  if( stmt_step(s)!=1 ){ stmt_done(s); return false; }
  p->nOptions = (int)stmt_int(s, 0);
  p->bDoNothing = stmt_int(s, 1)>0;
  p->bPreferred = stmt_int(s, 2)>0;
  p->bPreferredCost = stmt_int(s, 3)>0;
  p->preferredCostPence = stmt_int(s, 4);
  stmt_done(s);
  s = db_prepare(db,
    "SELECT COUNT(*), COALESCE(SUM(amount_pence),0) FROM business_case_cost WHERE case_id=?1");
  stmt_bind_int(s, 1, caseId);
  if( stmt_step(s)!=1 ){ stmt_done(s); return false; }
  p->nCosts = (int)stmt_int(s, 0);
  p->costExpectedPence = stmt_int(s, 1);
  stmt_done(s);
  s = db_prepare(db, "SELECT COUNT(*) FROM business_case_risk WHERE case_id=?1");
  stmt_bind_int(s, 1, caseId);
  p->nRisks = (int)domain_first_int(s, 0);
  business_case_objectives(db, caseId, obj_gap, p);
  return true;
}

long long business_case_submit(struct db *db, const struct user *u, long long caseId, const char *zToday,
                               struct field_errors *e){
  if( !begin(db, e, "submit") ) return 0;
  struct business_case *p = xmalloc(sizeof *p);
  long long rc = 0;
  int w = for_write(db, u, caseId, zToday, p, e, "submit");
  if( w<=0 ){ rc = w; goto done; }
  struct case_check_input in;
  struct case_check a[1];
  if( !business_case_check_input(db, caseId, &in) ) field_errors_add(e, "submit", "case.error.not_saved");
  else if( business_case_checks(&in, a, 1)>0 ) field_errors_add(e, "submit", "case.error.checks");
  if( !field_errors_checked_in_tx(db, e, 0, "submit", "case.error.not_saved") ) goto done;
  struct buf bOld = {0}, bNew = {0};
  case_json(&bOld, p);
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "UPDATE business_case SET state='submitted', submitted_by=?2, submitted_at=?3, updated_at=?3 WHERE id=?1");
  stmt_bind_int(s, 1, caseId);
  stmt_bind_int(s, 2, u->id);
  stmt_bind_int(s, 3, now);
  bool ok = stmt_exec(s) && business_case_load(db, caseId, p);
  if( ok ){
    case_json(&bNew, p);
    ok = domain_audit(db, u, "update", "business_case", caseId, p->unitId, &bOld, &bNew);
  }else{
    buf_free(&bOld);
  }
  if( commit(db, ok, e, "submit") ) rc = caseId;
done:
  free(p);
  return rc;
}

/* The cost rows that become commitments on approval. */
struct cost_rows { int n, nAlloc; struct case_cost *a; };
static void collect_cost(void *pCtx, const struct case_cost *c){
  struct cost_rows *r = pCtx;
  if( !c->allocationId || c->commitmentId ) return;
  if( r->n==r->nAlloc ){
    r->nAlloc = r->nAlloc ? 2*r->nAlloc : 8;
    r->a = xrealloc(r->a, (size_t)r->nAlloc * sizeof *r->a);
  }
  r->a[r->n++] = *c;
}

/* The first and last days of a financial year ("2026/27"). */
static void year_span(const char *zYear, char zFrom[11], char zTo[11]){
  int y = 0;
  plan_year_parse(zYear, &y);
  char zA[11], zB[11];
  plan_quarter_dates(y, 1, zFrom, zA);
  plan_quarter_dates(y, 4, zB, zTo);
}

long long business_case_decide(struct db *db, const struct user *u, long long caseId, const char *zOutcome,
                               long long decisionId, const char *zConditions, const char *zToday,
                               struct field_errors *e){
  bool bApproved = zOutcome && strcmp(zOutcome, "approved")==0;
  bool bCond = zOutcome && strcmp(zOutcome, "approved_with_conditions")==0;
  bool bDeclined = zOutcome && strcmp(zOutcome, "declined")==0;
  if( !bApproved && !bCond && !bDeclined ) field_errors_add(e, "outcome", "case.error.outcome");
  if( bCond ) check_text(e, "conditions", zConditions, true, CASE_TEXT_MAX, true);
  else check_text(e, "conditions", zConditions, false, CASE_TEXT_MAX, true);
  if( decisionId<=0 ) field_errors_add(e, "decision", "case.error.decision_required");
  int nKeep = e->n;
  if( !begin(db, e, "outcome") ) return 0;
  struct business_case *p = xmalloc(sizeof *p);
  struct cost_rows rows = {0};
  long long rc = 0;
  if( !business_case_load(db, caseId, p) || !access_can_read(db, u, p->unitId, zToday)
   || !business_case_may_decide(db, u, p->unitId, zToday) ){
    rc = field_errors_refuse_in_tx(db, e, "outcome", "case.error.not_saved");
    goto done;
  }
  if( strcmp(p->zState, "submitted")!=0 ){
    db_rollback(db);
    field_errors_add(e, "outcome", "case.error.not_submitted");
    goto done;
  }
  if( decisionId>0 ){
    struct stmt *s = db_prepare(db,
      "SELECT 1 FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id"
      " WHERE d.id=?1 AND m.unit_id=?2 AND a.restricted=0");
    stmt_bind_int(s, 1, decisionId);
    stmt_bind_int(s, 2, deciding_unit(db, p->unitId, zToday));
    if( !domain_has_row(s) ) field_errors_add(e, "decision", "case.error.decision_not_found");
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "outcome", "case.error.not_saved") ) goto done;
  struct buf bOld = {0}, bNew = {0};
  case_json(&bOld, p);
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "UPDATE business_case SET state=?2, decision_id=?3, decided_at=?4, conditions=?5, updated_at=?4 WHERE id=?1");
  stmt_bind_int(s, 1, caseId);
  stmt_bind_text(s, 2, zOutcome);
  stmt_bind_int(s, 3, decisionId);
  stmt_bind_int(s, 4, now);
  stmt_bind_text(s, 5, zConditions && !bDeclined ? zConditions : "");
  bool ok = stmt_exec(s);
  /* Approved: each cost row with an allocation becomes a requested
  ** commitment under the SFI rules, agreed by the same decision. */
  if( ok && !bDeclined ){
    business_case_costs(db, caseId, collect_cost, &rows);
    for(int i=0; ok && i<rows.n; i++){
      const struct case_cost *c = &rows.a[i];
      char zFrom[11], zTo[11];
      year_span(c->zYear, zFrom, zTo);
      const char *zStart = strcmp(zToday, zFrom)>0 && strcmp(zToday, zTo)<=0 ? zToday : zFrom;
      struct commitment_input in = {0};
      in.allocationId = c->allocationId;
      in.businessCaseId = caseId;
      in.zKind = strcmp(c->zKind, "labour")==0 ? "post" : "contract";
      in.zTitle = c->zTitle;
      in.zSupplier = c->zSupplier[0] ? c->zSupplier : (c->zSource[0] ? c->zSource : p->zUnitName);
      in.zDescription = p->zTitle;
      in.valuePence = c->amountPence;
      in.zStartOn = zStart;
      in.zEndOn = zTo;
      struct field_errors ce = {0};
      long long cid = c->amountPence>0
        ? commitment_request_tx(db, u, p->unitId, &in, decisionId, now, zToday, &ce) : 0;
      if( c->amountPence<=0 ) continue;
      if( cid<=0 ){
        ok = false;
        /* Why the rules refused it, in the commitment's own words. */
        field_errors_add(e, "outcome", ce.n>0 ? ce.a[0].zKey : "case.error.commitment");
        break;
      }
      s = db_prepare(db, "UPDATE business_case_cost SET commitment_id=?2 WHERE id=?1");
      stmt_bind_int(s, 1, c->id);
      stmt_bind_int(s, 2, cid);
      ok = stmt_exec(s);
    }
  }
  if( ok ) ok = business_case_load(db, caseId, p);
  if( ok ){
    case_json(&bNew, p);
    ok = domain_audit(db, u, "update", "business_case", caseId, p->unitId, &bOld, &bNew);
  }else{
    buf_free(&bOld);
  }
  if( commit(db, ok, e, "outcome") ) rc = caseId;
done:
  free(rows.a);
  free(p);
  return rc;
}

int business_case_decision_choices(struct db *db, long long unitId, const char *zToday, case_decision_cb x,
                                   void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT d.id, m.starts_at, d.text FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id"
    "  JOIN meeting m ON m.id=a.meeting_id"
    " WHERE m.unit_id=?1 AND a.restricted=0 ORDER BY m.starts_at DESC, d.id DESC LIMIT 200");
  stmt_bind_int(s, 1, deciding_unit(db, unitId, zToday));
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2));
    n++;
  }
  stmt_done(s);
  return n;
}

long long business_case_of_decision(struct db *db, long long decisionId, char *zTitle, size_t n){
  struct stmt *s = db_prepare(db, "SELECT id, title FROM business_case WHERE decision_id=?1 ORDER BY id LIMIT 1");
  stmt_bind_int(s, 1, decisionId);
  long long id = 0;
  zTitle[0] = 0;
  if( stmt_step(s)==1 ){ id = stmt_int(s, 0); text_copy(zTitle, n, stmt_text(s, 1)); }
  stmt_done(s);
  return id;
}

int business_case_allocations(struct db *db, long long unitId, case_allocation_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, year, stream FROM finance_allocation WHERE unit_id=?1 ORDER BY year DESC, stream, id");
  stmt_bind_int(s, 1, unitId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2));
    n++;
  }
  stmt_done(s);
  return n;
}


bool business_case_rules_are_example(struct db *db, long long unitId, const char *zToday){
  long long hb = unit_above(db, unitId, "health_board", zToday);
  long long v = hb ? sfi_version_in_force(db, hb, zToday) : 0;
  if( !v ) return false;
  struct stmt *s = db_prepare(db, "SELECT example FROM sfi_version WHERE id=?1");
  stmt_bind_int(s, 1, v);
  return domain_first_int(s, 0)==1;
}
