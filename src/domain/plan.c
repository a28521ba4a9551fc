/* Annual plans: load, list, create, update, agree (see plan.h), and what
** the plan files share (plan_internal.h). */
#include "domain/plan_internal.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- shared ---- */

void plan_check_text(struct field_errors *e, const char *zField, const char *z, bool bRequired,
                     size_t nMax, bool bMultiline, const char *zRequiredKey){
  domain_check_text(e, zField, z, bRequired, nMax, bMultiline, zRequiredKey, "plan.error.too_long",
                    "plan.error.bad_characters");
}

bool plan_begin(struct db *db, struct field_errors *e, const char *zField){
  return domain_begin(db, e, zField, "plan.error.not_saved");
}

bool plan_commit(struct db *db, bool ok, struct field_errors *e, const char *zField){
  return domain_commit(db, ok, e, zField, "plan.error.not_saved");
}

bool plan_can_write(struct db *db, const struct user *u, long long unitId, const char *zToday){
  if( !u || u->id<=0 || u->role==ROLE_NATIONAL ) return false;
  return access_can_write(db, u, unitId, zToday);
}

int plan_for_write(struct db *db, const struct user *u, long long planId, const char *zToday, bool bDraft,
                   struct plan *p, struct field_errors *e, const char *zField){
  if( !plan_load(db, planId, p) || !plan_can_write(db, u, p->unitId, zToday) ){
    return field_errors_refuse_in_tx(db, e, zField, "plan.error.not_saved");
  }
  if( bDraft && strcmp(p->zStatus, "agreed")==0 ){
    db_rollback(db);
    field_errors_add(e, zField, "plan.error.agreed");
    return 0;
  }
  return 1;
}

bool plan_objective_in(struct db *db, long long planId, long long objectiveId){
  struct stmt *s = db_prepare(db, "SELECT 1 FROM plan_objective WHERE id=?1 AND plan_id=?2");
  stmt_bind_int(s, 1, objectiveId);
  stmt_bind_int(s, 2, planId);
  return domain_has_row(s);
}

/* ---- plans ---- */

#define PLAN_COLS \
  "p.id, p.unit_id, u.slug, u.name, COALESCE(u.name_cy,''), u.kind, p.year, COALESCE(p.assessment_id,0)," \
  " COALESCE(na.year,''), p.vision, p.status, COALESCE(p.decision_id,0), COALESCE(p.agreed_at,0)," \
  " COALESCE(m.id,0), COALESCE(m.starts_at,''), COALESCE(d.text,''), p.demo, p.updated_at" \
  " FROM plan p JOIN unit u ON u.id=p.unit_id" \
  " LEFT JOIN needs_assessment na ON na.id=p.assessment_id" \
  " LEFT JOIN decision d ON d.id=p.decision_id" \
  " LEFT JOIN agenda_item ai ON ai.id=d.agenda_item_id" \
  " LEFT JOIN meeting m ON m.id=ai.meeting_id"

static void plan_from_row(struct stmt *s, struct plan *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  p->unitId = stmt_int(s, 1);
  text_copy(p->zUnitSlug, sizeof p->zUnitSlug, stmt_text(s, 2));
  text_copy(p->zUnitName, sizeof p->zUnitName, stmt_text(s, 3));
  text_copy(p->zUnitNameCy, sizeof p->zUnitNameCy, stmt_text(s, 4));
  text_copy(p->zUnitKind, sizeof p->zUnitKind, stmt_text(s, 5));
  text_copy(p->zYear, sizeof p->zYear, stmt_text(s, 6));
  p->assessmentId = stmt_int(s, 7);
  text_copy(p->zAssessmentYear, sizeof p->zAssessmentYear, stmt_text(s, 8));
  text_copy(p->zVision, sizeof p->zVision, stmt_text(s, 9));
  text_copy(p->zStatus, sizeof p->zStatus, stmt_text(s, 10));
  p->decisionId = stmt_int(s, 11);
  p->agreedAt = stmt_int(s, 12);
  p->meetingId = stmt_int(s, 13);
  text_copy(p->zMeetingStartsAt, sizeof p->zMeetingStartsAt, stmt_text(s, 14));
  text_copy(p->zDecisionText, sizeof p->zDecisionText, stmt_text(s, 15));
  p->bDemo = stmt_int(s, 16)==1;
  p->updatedAt = stmt_int(s, 17);
}

bool plan_load(struct db *db, long long id, struct plan *p){
  struct stmt *s = db_prepare(db, "SELECT " PLAN_COLS " WHERE p.id=?1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) plan_from_row(s, p);
  stmt_done(s);
  return b;
}

bool plan_get_visible(struct db *db, const struct user *u, long long id, const char *zToday, struct plan *p){
  if( !plan_load(db, id, p) ) return false;
  if( !access_can_read(db, u, p->unitId, zToday) ) return false;
  p->bCanWrite = plan_can_write(db, u, p->unitId, zToday);
  return true;
}

int plan_list(struct db *db, long long unitId, plan_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " PLAN_COLS " WHERE p.unit_id=?1 ORDER BY p.year DESC, p.id DESC");
  stmt_bind_int(s, 1, unitId);
  struct plan *p = xmalloc(sizeof *p);
  int n = 0;
  while( stmt_step(s)==1 ){
    plan_from_row(s, p);
    x(pCtx, p);
    n++;
  }
  stmt_done(s);
  free(p);
  return n;
}

long long plan_find(struct db *db, long long unitId, const char *zYear){
  struct stmt *s = db_prepare(db, "SELECT id FROM plan WHERE unit_id=?1 AND year=?2");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zYear);
  return domain_first_int(s, 0);
}

int plan_assessment_list(struct db *db, long long unitId, plan_assessment_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT id, year FROM needs_assessment WHERE unit_id=?1 ORDER BY year DESC, id DESC");
  stmt_bind_int(s, 1, unitId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1));
    n++;
  }
  stmt_done(s);
  return n;
}

static void plan_json(struct buf *b, const struct plan *p){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "year", p->zYear);
  json_kv_str(b, &bFirst, "vision", p->zVision);
  if( p->assessmentId ) json_kv_int(b, &bFirst, "assessment", p->assessmentId);
  else json_kv_null(b, &bFirst, "assessment");
  json_kv_str(b, &bFirst, "status", p->zStatus);
  if( p->decisionId ) json_kv_int(b, &bFirst, "decision", p->decisionId);
  buf_putc(b, '}');
}

/* The assessment chosen (zAssessmentId) checked to be unitId's into *pId. */
static void check_assessment(struct db *db, long long unitId, const char *zAssessmentId, long long *pId,
                             struct field_errors *e){
  if( !domain_parse_id(zAssessmentId, pId) ){ field_errors_add(e, "assessment", "plan.error.assessment"); return; }
  if( *pId==0 ) return;
  struct stmt *s = db_prepare(db, "SELECT 1 FROM needs_assessment WHERE id=?1 AND unit_id=?2");
  stmt_bind_int(s, 1, *pId);
  stmt_bind_int(s, 2, unitId);
  if( !domain_has_row(s) ) field_errors_add(e, "assessment", "plan.error.assessment");
}

long long plan_create(struct db *db, const struct user *u, long long unitId, const struct plan_input *in,
                      const char *zToday, struct field_errors *e){
  if( !plan_can_write(db, u, unitId, zToday) ) return -1;
  int y;
  if( text_blank(in->zYear) ) field_errors_add(e, "year", "plan.error.year_required");
  else if( !plan_year_parse(in->zYear, &y) ) field_errors_add(e, "year", "plan.error.year_invalid");
  plan_check_text(e, "vision", in->zVision, false, PLAN_TEXT_MAX, true, 0);
  int nKeep = e->n;
  if( !plan_begin(db, e, "year") ) return 0;
  struct stmt *s = db_prepare(db, "SELECT kind FROM unit WHERE id=?1");
  stmt_bind_int(s, 1, unitId);
  char zKind[20] = "";
  if( stmt_step(s)==1 ) text_copy(zKind, sizeof zKind, stmt_text(s, 0));
  stmt_done(s);
  if( strcmp(zKind, "cluster")!=0 && strcmp(zKind, "collaborative")!=0 && strcmp(zKind, "pcpg")!=0 ){
    field_errors_add(e, "unit", "plan.error.unit_kind");
  }
  long long assessmentId = 0;
  check_assessment(db, unitId, in->zAssessmentId, &assessmentId, e);
  if( !field_errors_get(e, "year") ){
    if( plan_find(db, unitId, in->zYear)>0 ) field_errors_add(e, "year", "plan.error.year_exists");
    if( assessmentId==0 ){
      s = db_prepare(db, "SELECT id FROM needs_assessment WHERE unit_id=?1 AND year=?2");
      stmt_bind_int(s, 1, unitId);
      stmt_bind_text(s, 2, in->zYear);
      assessmentId = domain_first_int(s, 0);
    }
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "year", "plan.error.not_saved") ) return 0;
  long long now = (long long)time(0);
  s = db_prepare(db,
    "INSERT INTO plan(unit_id,year,assessment_id,vision,status,demo,created_at,updated_at)"
    " VALUES(?1,?2,?3,?4,'draft',0,?5,?5) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, in->zYear);
  if( assessmentId ) stmt_bind_int(s, 3, assessmentId); else stmt_bind_null(s, 3);
  stmt_bind_text(s, 4, in->zVision ? in->zVision : "");
  stmt_bind_int(s, 5, now);
  long long id = domain_first_int(s, 0);
  if( id<=0 && db_last_was_unique_violation(db) ){
    /* Another writer started the year's plan since the check above. */
    db_rollback(db);
    field_errors_add(e, "year", "plan.error.year_exists");
    return 0;
  }
  bool ok = id>0;
  if( ok ){
    struct plan *p = xmalloc(sizeof *p);
    ok = plan_load(db, id, p);
    struct buf b = {0};
    if( ok ) plan_json(&b, p);
    free(p);
    ok = ok && domain_audit(db, u, "create", "plan", id, unitId, 0, &b);
    if( !ok ) buf_free(&b);
  }
  return plan_commit(db, ok, e, "year") ? id : 0;
}

long long plan_update(struct db *db, const struct user *u, long long planId, const struct plan_input *in,
                      const char *zToday, struct field_errors *e){
  plan_check_text(e, "vision", in->zVision, false, PLAN_TEXT_MAX, true, 0);
  int nKeep = e->n;
  if( !plan_begin(db, e, "vision") ) return 0;
  struct plan *p = xmalloc(sizeof *p);
  long long rc = 0;
  int k = plan_for_write(db, u, planId, zToday, true, p, e, "vision");
  if( k<=0 ){ rc = k; goto done; }
  long long assessmentId = 0;
  check_assessment(db, p->unitId, in->zAssessmentId, &assessmentId, e);
  if( !field_errors_checked_in_tx(db, e, nKeep, "vision", "plan.error.not_saved") ) goto done;
  struct buf bOld = {0}, bNew = {0};
  plan_json(&bOld, p);
  struct stmt *s = db_prepare(db, "UPDATE plan SET vision=?2, assessment_id=?3, updated_at=?4 WHERE id=?1");
  stmt_bind_int(s, 1, planId);
  stmt_bind_text(s, 2, in->zVision ? in->zVision : "");
  if( assessmentId ) stmt_bind_int(s, 3, assessmentId); else stmt_bind_null(s, 3);
  stmt_bind_int(s, 4, (long long)time(0));
  bool ok = stmt_exec(s) && plan_load(db, planId, p);
  if( ok ){
    plan_json(&bNew, p);
    ok = domain_audit(db, u, "update", "plan", planId, p->unitId, &bOld, &bNew);
  }else{
    buf_free(&bOld);
  }
  if( plan_commit(db, ok, e, "vision") ) rc = planId;
done:
  free(p);
  return rc;
}

long long plan_agree(struct db *db, const struct user *u, long long planId, long long decisionId,
                     bool bGapsAccepted, const char *zToday, struct field_errors *e){
  if( !plan_begin(db, e, "decision") ) return 0;
  struct plan *p = xmalloc(sizeof *p);
  long long rc = 0;
  int k = plan_for_write(db, u, planId, zToday, true, p, e, "decision");
  if( k<=0 ){ rc = k; goto done; }
  /* A decision of a meeting of the plan's unit, not on a restricted item
  ** (whoever reads the plan reads what agreed it). */
  struct stmt *s = db_prepare(db,
    "SELECT 1 FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id"
    " WHERE d.id=?1 AND m.unit_id=?2 AND a.restricted=0");
  stmt_bind_int(s, 1, decisionId);
  stmt_bind_int(s, 2, p->unitId);
  if( decisionId<=0 ) field_errors_add(e, "decision", "plan.error.decision_required");
  else if( !domain_has_row(s) ) field_errors_add(e, "decision", "plan.error.decision_not_found");
  int nObj = 0, nSmart = 0;
  plan_smart_count(db, planId, &nObj, &nSmart);
  if( nObj==0 ) field_errors_add(e, "decision", "plan.error.no_objectives");
  else if( nSmart<nObj && !bGapsAccepted ) field_errors_add(e, "gaps", "plan.error.gaps_not_accepted");
  if( !field_errors_checked_in_tx(db, e, 0, "decision", "plan.error.not_saved") ) goto done;
  struct buf bOld = {0}, bNew = {0};
  plan_json(&bOld, p);
  long long now = (long long)time(0);
  s = db_prepare(db, "UPDATE plan SET status='agreed', decision_id=?2, agreed_at=?3, updated_at=?3 WHERE id=?1");
  stmt_bind_int(s, 1, planId);
  stmt_bind_int(s, 2, decisionId);
  stmt_bind_int(s, 3, now);
  bool ok = stmt_exec(s) && plan_load(db, planId, p);
  if( ok ){
    plan_json(&bNew, p);
    /* The gaps accepted with it, for the record. */
    if( nSmart<nObj ){
      bNew.n--;
      buf_printf(&bNew, ",\"smart\":\"%d/%d\"}", nSmart, nObj);
    }
    ok = domain_audit(db, u, "update", "plan", planId, p->unitId, &bOld, &bNew);
  }else{
    buf_free(&bOld);
  }
  if( plan_commit(db, ok, e, "decision") ) rc = planId;
done:
  free(p);
  return rc;
}

/* ---- backlinks ---- */

long long plan_of_decision(struct db *db, long long decisionId, char zYear[8], char zUnitName[201],
                           char zUnitNameCy[201]){
  struct stmt *s = db_prepare(db,
    "SELECT p.id, p.year, u.name, COALESCE(u.name_cy,'') FROM plan p JOIN unit u ON u.id=p.unit_id"
    " WHERE p.decision_id=?1 ORDER BY p.id LIMIT 1");
  stmt_bind_int(s, 1, decisionId);
  long long id = 0;
  if( stmt_step(s)==1 ){
    id = stmt_int(s, 0);
    text_copy(zYear, 8, stmt_text(s, 1));
    text_copy(zUnitName, 201, stmt_text(s, 2));
    text_copy(zUnitNameCy, 201, stmt_text(s, 3));
  }
  stmt_done(s);
  return id;
}

int plan_objectives_of_action(struct db *db, long long actionId, plan_objective_ref_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT p.id, o.id, o.ref, o.title, p.year, u.name, COALESCE(u.name_cy,'')"
    "  FROM plan_objective_action oa JOIN plan_objective o ON o.id=oa.objective_id"
    "  JOIN plan p ON p.id=o.plan_id JOIN unit u ON u.id=p.unit_id"
    " WHERE oa.action_id=?1 ORDER BY p.year DESC, o.sort_order, o.id");
  stmt_bind_int(s, 1, actionId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_int(s, 1), stmt_text(s, 2), stmt_text(s, 3), stmt_text(s, 4),
      stmt_text(s, 5), stmt_text(s, 6));
    n++;
  }
  stmt_done(s);
  return n;
}
