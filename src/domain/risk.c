/*
** Risks of a project and of a unit, escalation to the unit's register,
** and a project's issues (risk.h): each write one transaction with its
** audit entry.
*/
#include "domain/risk.h"
#include "domain/audit.h"
#include "domain/domain_write.h"
#include "domain/member.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- risks: reading ---- */

#define RISK_COLS \
  "r.id, r.unit_id, COALESCE(r.project_id,0), COALESCE(p.title,''), r.description, r.cause, r.controls," \
  " COALESCE(r.owner_person_id,0), COALESCE(pe.name,''), r.likelihood, r.consequence, r.residual_likelihood," \
  " r.residual_consequence, COALESCE(r.review_on,''), r.status, COALESCE(r.escalated_at,0)," \
  " COALESCE(r.closed_at,0), r.demo, r.created_at, r.updated_at"
#define RISK_FROM \
  " FROM risk r LEFT JOIN project p ON p.id=r.project_id LEFT JOIN person pe ON pe.id=r.owner_person_id"

static void risk_read(struct stmt *s, struct risk_row *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  p->unitId = stmt_int(s, 1);
  p->projectId = stmt_int(s, 2);
  text_copy(p->zProjectTitle, sizeof p->zProjectTitle, stmt_text(s, 3));
  text_copy(p->zDescription, sizeof p->zDescription, stmt_text(s, 4));
  text_copy(p->zCause, sizeof p->zCause, stmt_text(s, 5));
  text_copy(p->zControls, sizeof p->zControls, stmt_text(s, 6));
  p->ownerPersonId = stmt_int(s, 7);
  text_copy(p->zOwnerName, sizeof p->zOwnerName, stmt_text(s, 8));
  p->likelihood = (int)stmt_int(s, 9);
  p->consequence = (int)stmt_int(s, 10);
  p->residualLikelihood = (int)stmt_int(s, 11);
  p->residualConsequence = (int)stmt_int(s, 12);
  text_copy(p->zReviewOn, sizeof p->zReviewOn, stmt_text(s, 13));
  text_copy(p->zStatus, sizeof p->zStatus, stmt_text(s, 14));
  p->escalatedAt = stmt_int(s, 15);
  p->closedAt = stmt_int(s, 16);
  p->bDemo = stmt_int(s, 17)!=0;
  p->createdAt = stmt_int(s, 18);
  p->updatedAt = stmt_int(s, 19);
}

bool risk_get(struct db *db, long long id, struct risk_row *p){
  struct stmt *s = db_prepare(db, "SELECT " RISK_COLS RISK_FROM " WHERE r.id=?");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) risk_read(s, p);
  stmt_done(s);
  return b;
}

static int risk_each(struct stmt *s, risk_cb x, void *pCtx){
  struct risk_row *p = xmalloc(sizeof *p);
  int n = 0;
  while( stmt_step(s)==1 ){
    risk_read(s, p);
    x(pCtx, p);
    n++;
  }
  stmt_done(s);
  free(p);
  return n;
}

int risk_list_project(struct db *db, long long projectId, bool bOpenOnly, risk_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " RISK_COLS RISK_FROM
    " WHERE r.project_id=?1 AND (?2=0 OR r.status='open')"
    " ORDER BY CASE WHEN r.status='open' THEN 0 ELSE 1 END,"
    " r.residual_likelihood*r.residual_consequence DESC, r.likelihood*r.consequence DESC, r.id");
  stmt_bind_int(s, 1, projectId);
  stmt_bind_int(s, 2, bOpenOnly ? 1 : 0);
  return risk_each(s, x, pCtx);
}

int risk_list_project_by_id(struct db *db, long long projectId, risk_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " RISK_COLS RISK_FROM " WHERE r.project_id=?1 ORDER BY r.id");
  stmt_bind_int(s, 1, projectId);
  return risk_each(s, x, pCtx);
}

int risk_list_register(struct db *db, long long unitId, const char *zSort, risk_cb x, void *pCtx){
  int iSort = zSort && strcmp(zSort, "review")==0 ? 1 : zSort && strcmp(zSort, "newest")==0 ? 2 : 0;
  struct stmt *s = db_prepare(db, "SELECT " RISK_COLS RISK_FROM
    " WHERE r.unit_id=?1 AND r.status='open' AND (r.project_id IS NULL OR r.escalated_at IS NOT NULL)"
    " ORDER BY CASE WHEN ?2=1 THEN COALESCE(r.review_on,'9999-12-31') ELSE '' END,"
    " CASE WHEN ?2=2 THEN r.created_at ELSE 0 END DESC,"
    " r.residual_likelihood*r.residual_consequence DESC, r.likelihood*r.consequence DESC, r.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, iSort);
  return risk_each(s, x, pCtx);
}

/* ---- risks: writing ---- */

static void risk_json(struct buf *b, const struct risk_row *r){
  bool bFirst = true;
  buf_putc(b, '{');
  if( r->projectId ) json_kv_int(b, &bFirst, "project_id", r->projectId);
  json_kv_str(b, &bFirst, "description", r->zDescription);
  json_kv_str(b, &bFirst, "cause", r->zCause);
  json_kv_int(b, &bFirst, "owner_person_id", r->ownerPersonId);
  json_kv_int(b, &bFirst, "likelihood", r->likelihood);
  json_kv_int(b, &bFirst, "consequence", r->consequence);
  json_kv_str(b, &bFirst, "controls", r->zControls);
  json_kv_int(b, &bFirst, "residual_likelihood", r->residualLikelihood);
  json_kv_int(b, &bFirst, "residual_consequence", r->residualConsequence);
  json_kv_str(b, &bFirst, "review_on", r->zReviewOn);
  json_kv_str(b, &bFirst, "status", r->zStatus);
  json_kv_bool(b, &bFirst, "escalated", r->escalatedAt>0);
  buf_putc(b, '}');
}

static void check_score(struct field_errors *e, const char *zField, const char *z, int *pOut){
  long long v = 0;
  if( text_blank(z) ) field_errors_add(e, zField, "risk.error.score_required");
  else if( !text_to_int(z, 1, 5, &v) ) field_errors_add(e, zField, "risk.error.score_invalid");
  *pOut = (int)v;
}

static void check_owner(struct db *db, struct field_errors *e, const char *zField, const char *z,
                        long long unitId, const char *zToday, long long *pOut){
  *pOut = 0;
  if( text_blank(z) ) return;
  if( !domain_parse_id(z, pOut) || !member_on_date(db, unitId, *pOut, zToday) ){
    field_errors_add(e, zField, "risk.error.owner_not_member");
  }
}

long long risk_save(struct db *db, const struct user *u, long long unitId, long long projectId,
                    int riskTolerance, long long riskId, const struct risk_input *in, const char *zToday,
                    long long now, struct field_errors *e, enum risk_escalation *pEsc){
  if( pEsc ) *pEsc = RISK_ESC_NONE;
  struct risk_row *neu = xcalloc(1, sizeof *neu), *old = xcalloc(1, sizeof *old);
  domain_check_text(e, "description", in->zDescription, true, RISK_TEXT_MAX, true,
                    "risk.error.description_required", "risk.error.too_long", "risk.error.bad_characters");
  domain_check_text(e, "cause", in->zCause, false, RISK_TEXT_MAX, true,
                    "risk.error.description_required", "risk.error.too_long", "risk.error.bad_characters");
  check_owner(db, e, "owner", in->zOwnerId, unitId, zToday, &neu->ownerPersonId);
  check_score(e, "likelihood", in->zLikelihood, &neu->likelihood);
  check_score(e, "consequence", in->zConsequence, &neu->consequence);
  domain_check_text(e, "controls", in->zControls, false, RISK_TEXT_MAX, true,
                    "risk.error.description_required", "risk.error.too_long", "risk.error.bad_characters");
  check_score(e, "residual_likelihood", in->zResidualLikelihood, &neu->residualLikelihood);
  check_score(e, "residual_consequence", in->zResidualConsequence, &neu->residualConsequence);
  if( !text_blank(in->zReviewOn) && !text_is_date(in->zReviewOn) ){
    field_errors_add(e, "review_on", "risk.error.date_invalid");
  }
  if( e->n ){ free(neu); free(old); return 0; }
  neu->projectId = projectId;
  text_copy(neu->zDescription, sizeof neu->zDescription, in->zDescription);
  text_copy(neu->zCause, sizeof neu->zCause, in->zCause ? in->zCause : "");
  text_copy(neu->zControls, sizeof neu->zControls, in->zControls ? in->zControls : "");
  text_copy(neu->zReviewOn, sizeof neu->zReviewOn, text_blank(in->zReviewOn) ? "" : in->zReviewOn);
  text_copy(neu->zStatus, sizeof neu->zStatus, "open");

  long long id = 0;
  if( !domain_begin(db, e, "description", "risk.error.not_saved") ){ free(neu); free(old); return 0; }
  bool ok = true;
  if( riskId ){
    /* Read again inside the transaction: only an open risk of this unit
    ** and project changes. */
    ok = risk_get(db, riskId, old) && old->unitId==unitId && old->projectId==projectId
         && strcmp(old->zStatus, "open")==0;
    if( !ok && !db_tx_failed(db) ){
      db_rollback(db);
      field_errors_add(e, "description", "risk.error.not_open");
      free(neu); free(old);
      return 0;
    }
  }
  int residual = risk_score(neu->residualLikelihood, neu->residualConsequence);
  enum risk_escalation esc = projectId ? risk_escalation_of(riskId && old->escalatedAt>0, residual, riskTolerance)
                                       : RISK_ESC_NONE;
  neu->escalatedAt = esc==RISK_ESC_UP ? now : esc==RISK_ESC_STAYS ? old->escalatedAt : 0;
  if( ok ){
    struct stmt *s;
    if( riskId ){
      s = db_prepare(db,
        "UPDATE risk SET description=?1, cause=?2, owner_person_id=?3, likelihood=?4, consequence=?5, controls=?6,"
        " residual_likelihood=?7, residual_consequence=?8, review_on=?9, escalated_at=?10, updated_at=?11"
        " WHERE id=?12 AND status='open'");
      stmt_bind_int(s, 12, riskId);
    }else{
      s = db_prepare(db,
        "INSERT INTO risk(description,cause,owner_person_id,likelihood,consequence,controls,residual_likelihood,"
        " residual_consequence,review_on,escalated_at,updated_at,created_at,unit_id,project_id,created_by,status)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11,?12,?13,?14,'open') RETURNING id");
      stmt_bind_int(s, 12, unitId);
      if( projectId ) stmt_bind_int(s, 13, projectId); else stmt_bind_null(s, 13);
      if( u && u->id ) stmt_bind_int(s, 14, u->id); else stmt_bind_null(s, 14);
    }
    stmt_bind_text(s, 1, neu->zDescription);
    stmt_bind_text(s, 2, neu->zCause);
    if( neu->ownerPersonId ) stmt_bind_int(s, 3, neu->ownerPersonId); else stmt_bind_null(s, 3);
    stmt_bind_int(s, 4, neu->likelihood);
    stmt_bind_int(s, 5, neu->consequence);
    stmt_bind_text(s, 6, neu->zControls);
    stmt_bind_int(s, 7, neu->residualLikelihood);
    stmt_bind_int(s, 8, neu->residualConsequence);
    if( neu->zReviewOn[0] ) stmt_bind_text(s, 9, neu->zReviewOn); else stmt_bind_null(s, 9);
    if( neu->escalatedAt ) stmt_bind_int(s, 10, neu->escalatedAt); else stmt_bind_null(s, 10);
    stmt_bind_int(s, 11, now);
    if( riskId ){
      ok = stmt_exec(s);
      id = riskId;
    }else{
      id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
      stmt_done(s);
      ok = id>0;
    }
  }
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    if( riskId ) risk_json(&bOld, old);
    risk_json(&bNew, neu);
    ok = domain_audit(db, u, riskId ? "update" : "create", "risk", id, unitId, riskId ? &bOld : 0, &bNew);
    if( !riskId ) buf_free(&bOld);
  }
  free(neu);
  free(old);
  if( !domain_commit(db, ok, e, "description", "risk.error.not_saved") ) return 0;
  if( pEsc ) *pEsc = esc;
  return id;
}

bool risk_close(struct db *db, const struct user *u, long long riskId, long long now){
  if( !db_begin(db) ) return false;
  struct stmt *s = db_prepare(db,
    "UPDATE risk SET status='closed', closed_at=?1, updated_at=?1 WHERE id=?2 AND status='open' RETURNING unit_id");
  stmt_bind_int(s, 1, now);
  stmt_bind_int(s, 2, riskId);
  long long unitId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  bool ok = unitId>0;
  if( ok ) ok = audit_record(db, u, "update", "risk", riskId, unitId, "{\"status\":\"open\"}", "{\"status\":\"closed\"}");
  if( ok && db_commit(db) ) return true;
  db_rollback(db);
  return false;
}

/* ---- issues ---- */

#define ISSUE_COLS \
  "i.id, i.project_id, i.description, COALESCE(i.owner_person_id,0), COALESCE(pe.name,''), i.priority," \
  " i.raised_on, COALESCE(i.due_on,''), i.status, i.resolution, COALESCE(i.resolved_on,'')" \
  " FROM project_issue i LEFT JOIN person pe ON pe.id=i.owner_person_id"

static void issue_read(struct stmt *s, struct issue_row *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  p->projectId = stmt_int(s, 1);
  text_copy(p->zDescription, sizeof p->zDescription, stmt_text(s, 2));
  p->ownerPersonId = stmt_int(s, 3);
  text_copy(p->zOwnerName, sizeof p->zOwnerName, stmt_text(s, 4));
  text_copy(p->zPriority, sizeof p->zPriority, stmt_text(s, 5));
  text_copy(p->zRaisedOn, sizeof p->zRaisedOn, stmt_text(s, 6));
  text_copy(p->zDueOn, sizeof p->zDueOn, stmt_text(s, 7));
  text_copy(p->zStatus, sizeof p->zStatus, stmt_text(s, 8));
  text_copy(p->zResolution, sizeof p->zResolution, stmt_text(s, 9));
  text_copy(p->zResolvedOn, sizeof p->zResolvedOn, stmt_text(s, 10));
}

bool issue_get(struct db *db, long long id, struct issue_row *p){
  struct stmt *s = db_prepare(db, "SELECT " ISSUE_COLS " WHERE i.id=?");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) issue_read(s, p);
  stmt_done(s);
  return b;
}

static int issue_each(struct stmt *s, issue_cb x, void *pCtx){
  struct issue_row *p = xmalloc(sizeof *p);
  int n = 0;
  while( stmt_step(s)==1 ){
    issue_read(s, p);
    x(pCtx, p);
    n++;
  }
  stmt_done(s);
  free(p);
  return n;
}

int issue_list(struct db *db, long long projectId, issue_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " ISSUE_COLS " WHERE i.project_id=?"
    " ORDER BY CASE WHEN i.status='open' THEN 0 ELSE 1 END, COALESCE(i.due_on,'9999-12-31'),"
    " CASE i.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, i.id");
  stmt_bind_int(s, 1, projectId);
  return issue_each(s, x, pCtx);
}

int issue_list_by_id(struct db *db, long long projectId, issue_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " ISSUE_COLS " WHERE i.project_id=?1 ORDER BY i.id");
  stmt_bind_int(s, 1, projectId);
  return issue_each(s, x, pCtx);
}

static void issue_json(struct buf *b, const struct issue_row *r){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_int(b, &bFirst, "project_id", r->projectId);
  json_kv_str(b, &bFirst, "description", r->zDescription);
  json_kv_int(b, &bFirst, "owner_person_id", r->ownerPersonId);
  json_kv_str(b, &bFirst, "priority", r->zPriority);
  json_kv_str(b, &bFirst, "raised_on", r->zRaisedOn);
  json_kv_str(b, &bFirst, "due_on", r->zDueOn);
  json_kv_str(b, &bFirst, "status", r->zStatus);
  if( r->zResolution[0] ) json_kv_str(b, &bFirst, "resolution", r->zResolution);
  if( r->zResolvedOn[0] ) json_kv_str(b, &bFirst, "resolved_on", r->zResolvedOn);
  buf_putc(b, '}');
}

long long issue_save(struct db *db, const struct user *u, long long unitId, long long projectId,
                     long long issueId, const struct issue_input *in, const char *zToday, long long now,
                     struct field_errors *e){
  struct issue_row *neu = xcalloc(1, sizeof *neu), *old = xcalloc(1, sizeof *old);
  domain_check_text(e, "description", in->zDescription, true, RISK_TEXT_MAX, true,
                    "projissue.error.description_required", "projissue.error.too_long",
                    "projissue.error.bad_characters");
  long long owner = 0;
  if( !text_blank(in->zOwnerId) && (!domain_parse_id(in->zOwnerId, &owner) || !member_on_date(db, unitId, owner, zToday)) ){
    field_errors_add(e, "owner", "projissue.error.owner_not_member");
  }
  const char *zPriority = in->zPriority ? in->zPriority : "";
  if( strcmp(zPriority, "low") && strcmp(zPriority, "medium") && strcmp(zPriority, "high") ){
    field_errors_add(e, "priority", "projissue.error.priority_required");
  }
  if( text_blank(in->zRaisedOn) ) field_errors_add(e, "raised_on", "projissue.error.raised_required");
  else if( !text_is_date(in->zRaisedOn) ) field_errors_add(e, "raised_on", "projissue.error.date_invalid");
  if( !text_blank(in->zDueOn) ){
    if( !text_is_date(in->zDueOn) ) field_errors_add(e, "due_on", "projissue.error.date_invalid");
    else if( text_is_date(in->zRaisedOn) && strcmp(in->zDueOn, in->zRaisedOn)<0 ){
      field_errors_add(e, "due_on", "projissue.error.due_before_raised");
    }
  }
  if( e->n ){ free(neu); free(old); return 0; }
  neu->projectId = projectId;
  text_copy(neu->zDescription, sizeof neu->zDescription, in->zDescription);
  neu->ownerPersonId = owner;
  text_copy(neu->zPriority, sizeof neu->zPriority, zPriority);
  text_copy(neu->zRaisedOn, sizeof neu->zRaisedOn, in->zRaisedOn);
  text_copy(neu->zDueOn, sizeof neu->zDueOn, text_blank(in->zDueOn) ? "" : in->zDueOn);
  text_copy(neu->zStatus, sizeof neu->zStatus, "open");
  if( !domain_begin(db, e, "description", "projissue.error.not_saved") ){ free(neu); free(old); return 0; }
  bool ok = true;
  long long id = issueId;
  if( issueId ){
    ok = issue_get(db, issueId, old) && old->projectId==projectId && strcmp(old->zStatus, "open")==0;
    if( !ok && !db_tx_failed(db) ){
      db_rollback(db);
      field_errors_add(e, "description", "projissue.error.not_open");
      free(neu); free(old);
      return 0;
    }
  }
  if( ok ){
    struct stmt *s;
    if( issueId ){
      s = db_prepare(db, "UPDATE project_issue SET description=?1, owner_person_id=?2, priority=?3, raised_on=?4,"
                         " due_on=?5, updated_at=?6 WHERE id=?7 AND status='open'");
      stmt_bind_int(s, 7, issueId);
    }else{
      s = db_prepare(db, "INSERT INTO project_issue(description,owner_person_id,priority,raised_on,due_on,updated_at,"
                         "created_at,project_id,status) VALUES(?1,?2,?3,?4,?5,?6,?6,?7,'open') RETURNING id");
      stmt_bind_int(s, 7, projectId);
    }
    stmt_bind_text(s, 1, neu->zDescription);
    if( owner ) stmt_bind_int(s, 2, owner); else stmt_bind_null(s, 2);
    stmt_bind_text(s, 3, neu->zPriority);
    stmt_bind_text(s, 4, neu->zRaisedOn);
    if( neu->zDueOn[0] ) stmt_bind_text(s, 5, neu->zDueOn); else stmt_bind_null(s, 5);
    stmt_bind_int(s, 6, now);
    if( issueId ) ok = stmt_exec(s);
    else{
      id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
      stmt_done(s);
      ok = id>0;
    }
  }
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    if( issueId ) issue_json(&bOld, old);
    issue_json(&bNew, neu);
    ok = domain_audit(db, u, issueId ? "update" : "create", "project_issue", id, unitId, issueId ? &bOld : 0, &bNew);
    if( !issueId ) buf_free(&bOld);
  }
  free(neu);
  free(old);
  if( !domain_commit(db, ok, e, "description", "projissue.error.not_saved") ) return 0;
  return id;
}

long long issue_resolve(struct db *db, const struct user *u, long long unitId, long long issueId,
                        const char *zResolution, const char *zToday, long long now, struct field_errors *e){
  domain_check_text(e, "resolution", zResolution, true, RISK_TEXT_MAX, true,
                    "projissue.error.resolution_required", "projissue.error.too_long",
                    "projissue.error.bad_characters");
  if( e->n ) return 0;
  if( !domain_begin(db, e, "resolution", "projissue.error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db,
    "UPDATE project_issue SET status='resolved', resolution=?1, resolved_on=?2, updated_at=?3"
    " WHERE id=?4 AND status='open' RETURNING id");
  stmt_bind_text(s, 1, zResolution);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_int(s, 3, now);
  stmt_bind_int(s, 4, issueId);
  int rc = stmt_step(s);
  stmt_done(s);
  if( rc==0 ){
    db_rollback(db);
    field_errors_add(e, "resolution", "projissue.error.not_open");
    return 0;
  }
  bool ok = rc==1;
  if( ok ){
    struct buf bNew = {0};
    bool bFirst = true;
    buf_putc(&bNew, '{');
    json_kv_str(&bNew, &bFirst, "status", "resolved");
    json_kv_str(&bNew, &bFirst, "resolution", zResolution);
    json_kv_str(&bNew, &bFirst, "resolved_on", zToday);
    buf_putc(&bNew, '}');
    ok = audit_record(db, u, "update", "project_issue", issueId, unitId, "{\"status\":\"open\"}", buf_cstr(&bNew));
    buf_free(&bNew);
  }
  if( !domain_commit(db, ok, e, "resolution", "projissue.error.not_saved") ) return 0;
  return issueId;
}
