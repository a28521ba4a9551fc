/* Links from a project to the decisions and actions of its unit (see qi.h). */
#include "domain/qi_internal.h"
#include "util/json.h"
#include "util/text.h"
#include <stdlib.h>
#include <string.h>

long long qi_link_add(struct db *db, const struct user *u, long long projectId, const char *zKind,
                      long long refId, const char *zToday, struct field_errors *e){
  long long unitId = 0;
  bool bDecision = zKind && strcmp(zKind, "decision")==0;
  bool bAction = zKind && strcmp(zKind, "action")==0;
  /* The project, what is linked and that it is not linked already are
  ** read inside the write transaction: they still hold when the link is
  ** written, and a read that fails refuses ("not saved", never taken for
  ** "not allowed"). */
  if( !qi_begin(db, e, "ref") ) return 0;
  if( !qi_project_writable(db, u, projectId, zToday, &unitId) ){
    return field_errors_refuse_in_tx(db, e, "ref", "qi.error.not_saved");
  }
  if( !bDecision && !bAction ){ db_rollback(db); field_errors_add(e, "kind", "qi.link.error.kind"); return 0; }
  struct stmt *s;
  char zText[2001] = "";
  bool bFound;
  if( bDecision ){
    /* A decision of a meeting of the unit, not on a restricted item (a
    ** link shows its text to everyone who may read the project). */
    s = db_prepare(db,
      "SELECT d.text FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id"
      "  JOIN meeting m ON m.id=a.meeting_id"
      " WHERE d.id=?1 AND m.unit_id=?2 AND a.restricted=0");
  }else{
    s = db_prepare(db, "SELECT ref || ' ' || description FROM action WHERE id=?1 AND unit_id=?2");
  }
  stmt_bind_int(s, 1, refId);
  stmt_bind_int(s, 2, unitId);
  bFound = domain_first_text(s, zText, sizeof zText) && refId>0;
  if( !bFound ){
    field_errors_add(e, "ref", "qi.link.error.not_found");
  }else{
    s = db_prepare(db, "SELECT 1 FROM qi_link WHERE project_id=?1 AND (decision_id=?2 OR action_id=?3)");
    stmt_bind_int(s, 1, projectId);
    if( bDecision ){ stmt_bind_int(s, 2, refId); stmt_bind_null(s, 3); }
    else{ stmt_bind_null(s, 2); stmt_bind_int(s, 3, refId); }
    if( domain_has_row(s) ) field_errors_add(e, "ref", "qi.link.error.duplicate");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "ref", "qi.error.not_saved") ) return 0;
  s = db_prepare(db, "INSERT INTO qi_link(project_id,decision_id,action_id) VALUES(?1,?2,?3) RETURNING id");
  stmt_bind_int(s, 1, projectId);
  if( bDecision ){ stmt_bind_int(s, 2, refId); stmt_bind_null(s, 3); }
  else{ stmt_bind_null(s, 2); stmt_bind_int(s, 3, refId); }
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "project", projectId);
    json_kv_str(&b, &bFirst, "kind", zKind);
    json_kv_int(&b, &bFirst, bDecision ? "decision" : "action", refId);
    json_kv_str(&b, &bFirst, "text", zText);
    buf_putc(&b, '}');
    ok = domain_audit(db, u, "create", "qi_link", id, unitId, 0, &b);
  }
  return qi_commit(db, ok, e, "ref") ? id : 0;
}

long long qi_link_delete(struct db *db, const struct user *u, long long linkId, const char *zToday){
  struct stmt *s = db_prepare(db,
    "SELECT project_id, COALESCE(decision_id,0), COALESCE(action_id,0) FROM qi_link WHERE id=?1");
  stmt_bind_int(s, 1, linkId);
  if( stmt_step(s)!=1 ){ stmt_done(s); return -1; }
  long long projectId = stmt_int(s, 0), decisionId = stmt_int(s, 1), actionId = stmt_int(s, 2);
  stmt_done(s);
  long long unitId = 0;
  if( !qi_project_writable(db, u, projectId, zToday, &unitId) || !qi_begin(db, 0, 0) ) return -1;
  s = db_prepare(db, "DELETE FROM qi_link WHERE id=?1");
  stmt_bind_int(s, 1, linkId);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "project", projectId);
    if( decisionId ) json_kv_int(&b, &bFirst, "decision", decisionId);
    else json_kv_int(&b, &bFirst, "action", actionId);
    buf_putc(&b, '}');
    ok = domain_audit(db, u, "delete", "qi_link", linkId, unitId, &b, 0);
  }
  return qi_commit(db, ok, 0, 0) ? linkId : -1;
}

int qi_link_list(struct db *db, long long projectId, qi_link_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT l.id, COALESCE(l.decision_id,0), COALESCE(l.action_id,0), COALESCE(m.id,0),"
    "       COALESCE(m.starts_at,''), COALESCE(d.text, a.description, ''), COALESCE(a.ref,''),"
    "       COALESCE(a.status,'')"
    "  FROM qi_link l"
    "  LEFT JOIN decision d ON d.id=l.decision_id"
    "  LEFT JOIN agenda_item ai ON ai.id=d.agenda_item_id"
    "  LEFT JOIN action a ON a.id=l.action_id"
    "  LEFT JOIN meeting m ON m.id=COALESCE(ai.meeting_id, a.meeting_id)"
    " WHERE l.project_id=?1 ORDER BY COALESCE(m.starts_at,''), l.id");
  stmt_bind_int(s, 1, projectId);
  struct qi_link *l = xmalloc(sizeof *l);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(l, 0, sizeof *l);
    l->id = stmt_int(s, 0);
    l->decisionId = stmt_int(s, 1);
    l->actionId = stmt_int(s, 2);
    l->meetingId = stmt_int(s, 3);
    text_copy(l->zMeetingStartsAt, sizeof l->zMeetingStartsAt, stmt_text(s, 4));
    text_copy(l->zText, sizeof l->zText, stmt_text(s, 5));
    text_copy(l->zRef, sizeof l->zRef, stmt_text(s, 6));
    text_copy(l->zStatus, sizeof l->zStatus, stmt_text(s, 7));
    x(pCtx, l);
    n++;
  }
  stmt_done(s);
  free(l);
  return n;
}
