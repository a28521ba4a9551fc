/*
** A project's documents, its stakeholder map, decisions log and follow-on
** actions (project_docs.h).
*/
#include "domain/project_docs.h"
#include "domain/domain_write.h"
#include "domain/meeting.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/text.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- pure ---- */

bool project_doc_kind_shown(const struct project_doc_kind *k, bool bComplex){
  return k && (!k->bComplexOnly || bComplex);
}

bool project_doc_blank(const char *z){
  if( !z ) return true;
  for(; *z; z++){
    if( *z!=' ' && *z!='\t' && *z!='\n' && *z!='\r' ) return false;
  }
  return true;
}

int project_doc_missing(const struct project_doc_kind *k, const char *const *azVal, const char **azMissing){
  int n = 0;
  if( !k ) return 0;
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++){
    if( project_doc_blank(azVal ? azVal[i] : 0) ) azMissing[n++] = k->azField[i];
  }
  return n;
}

int project_stakeholder_quadrant(int power, int interest){
  bool bPower = power>=3, bInterest = interest>=3;
  if( bPower && bInterest ) return SQ_MANAGE_CLOSELY;
  if( bPower ) return SQ_KEEP_SATISFIED;
  if( bInterest ) return SQ_KEEP_INFORMED;
  return SQ_MONITOR;
}

const char *project_stakeholder_quadrant_code(int q){
  static const char *const az[SQ__N] = { "manage_closely", "keep_satisfied", "keep_informed", "monitor" };
  return q>=0 && q<SQ__N ? az[q] : "monitor";
}

/* ---- reading ---- */

#define PDOC_COLS "d.id, d.project_id, d.kind, d.title, d.period_from, d.period_to, d.state, d.rag, d.trigger_kind," \
                  " d.meeting_id, d.agenda_item_id, d.completed_at, d.created_at, d.updated_at, d.demo," \
                  " COALESCE(m.title,''), COALESCE(m.starts_at,'')"
#define PDOC_FROM " FROM project_doc d LEFT JOIN meeting m ON m.id=d.meeting_id"

static void pdoc_row(struct stmt *s, struct pdoc *d){
  memset(d, 0, sizeof *d);
  d->id = stmt_int(s, 0);
  d->projectId = stmt_int(s, 1);
  text_copy(d->zKind, sizeof d->zKind, stmt_text(s, 2));
  text_copy(d->zTitle, sizeof d->zTitle, stmt_text(s, 3));
  if( !stmt_is_null(s, 4) ) text_copy(d->zFrom, sizeof d->zFrom, stmt_text(s, 4));
  if( !stmt_is_null(s, 5) ) text_copy(d->zTo, sizeof d->zTo, stmt_text(s, 5));
  text_copy(d->zState, sizeof d->zState, stmt_text(s, 6));
  if( !stmt_is_null(s, 7) ) text_copy(d->zRag, sizeof d->zRag, stmt_text(s, 7));
  if( !stmt_is_null(s, 8) ) text_copy(d->zTrigger, sizeof d->zTrigger, stmt_text(s, 8));
  d->meetingId = stmt_is_null(s, 9) ? 0 : stmt_int(s, 9);
  d->agendaItemId = stmt_is_null(s, 10) ? 0 : stmt_int(s, 10);
  d->completedAt = stmt_is_null(s, 11) ? 0 : stmt_int(s, 11);
  d->createdAt = stmt_int(s, 12);
  d->updatedAt = stmt_int(s, 13);
  d->bDemo = stmt_int(s, 14)==1;
  text_copy(d->zMeetingTitle, sizeof d->zMeetingTitle, stmt_text(s, 15));
  text_copy(d->zMeetingStarts, sizeof d->zMeetingStarts, stmt_text(s, 16));
}

int project_docs_each(struct db *db, long long projectId, pdoc_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " PDOC_COLS PDOC_FROM " WHERE d.project_id=?1 ORDER BY d.kind, d.id");
  stmt_bind_int(s, 1, projectId);
  struct pdoc *d = xmalloc(sizeof *d);
  int n = 0;
  while( stmt_step(s)==1 ){
    pdoc_row(s, d);
    x(pCtx, d);
    n++;
  }
  stmt_done(s);
  free(d);
  return n;
}

bool project_doc_get(struct db *db, long long projectId, long long docId, struct pdoc *d){
  struct stmt *s = db_prepare(db, "SELECT " PDOC_COLS PDOC_FROM " WHERE d.id=?1 AND d.project_id=?2");
  stmt_bind_int(s, 1, docId);
  stmt_bind_int(s, 2, projectId);
  bool ok = stmt_step(s)==1;
  if( ok ) pdoc_row(s, d);
  stmt_done(s);
  return ok;
}

void project_doc_texts(struct db *db, long long docId, const struct project_doc_kind *k,
                       char *az[PROJECT_DOC_FIELDS_MAX]){
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX; i++) az[i] = 0;
  struct stmt *s = db_prepare(db, "SELECT field, body FROM project_doc_text WHERE doc_id=?1");
  stmt_bind_int(s, 1, docId);
  while( stmt_step(s)==1 ){
    const char *zField = stmt_text(s, 0);
    for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++){
      if( strcmp(k->azField[i], zField)==0 && !az[i] ) az[i] = xstrdup(stmt_text(s, 1));
    }
  }
  stmt_done(s);
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++) if( !az[i] ) az[i] = xstrdup("");
}

void project_doc_texts_free(char *az[PROJECT_DOC_FIELDS_MAX]){
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX; i++){ free(az[i]); az[i] = 0; }
}

int project_stakeholders_each(struct db *db, long long projectId, pstakeholder_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, name, power, interest, engagement FROM project_stakeholder WHERE project_id=?1"
    " ORDER BY power DESC, interest DESC, sort_order, id");
  stmt_bind_int(s, 1, projectId);
  struct pstakeholder *o = xmalloc(sizeof *o);
  int n = 0;
  while( stmt_step(s)==1 ){
    o->id = stmt_int(s, 0);
    text_copy(o->zName, sizeof o->zName, stmt_text(s, 1));
    o->power = (int)stmt_int(s, 2);
    o->interest = (int)stmt_int(s, 3);
    o->zEngagement = stmt_text(s, 4);
    x(pCtx, o);
    n++;
  }
  stmt_done(s);
  free(o);
  return n;
}

bool project_stakeholder_get(struct db *db, long long projectId, long long id, struct pstakeholder *o,
                             char *zEngagement, size_t nEngagement){
  struct stmt *s = db_prepare(db,
    "SELECT id, name, power, interest, engagement FROM project_stakeholder WHERE id=?1 AND project_id=?2");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, projectId);
  bool ok = stmt_step(s)==1;
  if( ok ){
    o->id = stmt_int(s, 0);
    text_copy(o->zName, sizeof o->zName, stmt_text(s, 1));
    o->power = (int)stmt_int(s, 2);
    o->interest = (int)stmt_int(s, 3);
    text_copy(zEngagement, nEngagement, stmt_text(s, 4));
    o->zEngagement = zEngagement;
  }
  stmt_done(s);
  return ok;
}

int project_decisions_each(struct db *db, long long projectId, pdecision_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT d.id, 0, m.id, m.title, m.starts_at, d.text, g.from_stage, g.to_stage, g.note, a.restricted"
    "  FROM project_gate g JOIN decision d ON d.id=g.decision_id"
    "  JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id"
    " WHERE g.project_id=?1"
    " UNION ALL "
    "SELECT d.id, l.id, m.id, m.title, m.starts_at, d.text, '', '', l.note, a.restricted"
    "  FROM project_link l JOIN decision d ON d.id=l.decision_id"
    "  JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id"
    " WHERE l.project_id=?1"
    " ORDER BY 5, 1");
  stmt_bind_int(s, 1, projectId);
  struct pdecision *o = xmalloc(sizeof *o);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(o, 0, sizeof *o);
    o->decisionId = stmt_int(s, 0);
    o->linkId = stmt_int(s, 1);
    o->meetingId = stmt_int(s, 2);
    text_copy(o->zMeetingTitle, sizeof o->zMeetingTitle, stmt_text(s, 3));
    text_copy(o->zStartsAt, sizeof o->zStartsAt, stmt_text(s, 4));
    o->zText = stmt_text(s, 5);
    text_copy(o->zFrom, sizeof o->zFrom, stmt_text(s, 6));
    text_copy(o->zTo, sizeof o->zTo, stmt_text(s, 7));
    o->zNote = stmt_text(s, 8);
    o->bRestricted = stmt_int(s, 9)==1;
    x(pCtx, o);
    n++;
  }
  stmt_done(s);
  free(o);
  return n;
}

bool project_decision_visible(struct db *db, const struct user *u, long long unitId, const char *zStartsAt,
                              bool bRestricted){
  if( !bRestricted ) return true;
  struct meeting *m = xcalloc(1, sizeof *m);
  m->unitId = unitId;
  text_copy(m->zStartsAt, sizeof m->zStartsAt, zStartsAt);
  bool ok = meeting_sees_restricted(db, u, m);
  free(m);
  return ok;
}

int project_decision_choices(struct db *db, const struct user *u, long long projectId, long long unitId,
                             pdecision_choice_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT d.id, m.starts_at, d.text, a.restricted FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id"
    "  JOIN meeting m ON m.id=a.meeting_id"
    " WHERE m.unit_id=?1"
    "   AND NOT EXISTS (SELECT 1 FROM project_link l WHERE l.project_id=?2 AND l.decision_id=d.id)"
    " ORDER BY m.starts_at DESC, d.id DESC LIMIT 200");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, projectId);
  /* Whether the user sees restricted items of the unit's meetings is read
  ** once per meeting date, after the rows (a statement is not left open
  ** while another runs). */
  struct choice { long long id; char zStarts[17]; char *zText; bool bRestricted; } *a = 0;
  int n = 0, nAlloc = 0;
  while( stmt_step(s)==1 ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 32; a = xrealloc(a, (size_t)nAlloc*sizeof *a); }
    a[n].id = stmt_int(s, 0);
    text_copy(a[n].zStarts, sizeof a[n].zStarts, stmt_text(s, 1));
    a[n].zText = xstrdup(stmt_text(s, 2));
    a[n].bRestricted = stmt_int(s, 3)==1;
    n++;
  }
  stmt_done(s);
  int nShown = 0;
  for(int i = 0; i < n; i++){
    if( project_decision_visible(db, u, unitId, a[i].zStarts, a[i].bRestricted) ){
      x(pCtx, a[i].id, a[i].zStarts, a[i].zText);
      nShown++;
    }
    free(a[i].zText);
  }
  free(a);
  return nShown;
}

static int actions_from(struct stmt *s, paction_cb x, void *pCtx){
  struct paction *o = xmalloc(sizeof *o);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(o, 0, sizeof *o);
    o->actionId = stmt_int(s, 0);
    o->linkId = stmt_int(s, 1);
    text_copy(o->zRef, sizeof o->zRef, stmt_text(s, 2));
    o->zDescription = stmt_text(s, 3);
    text_copy(o->zStatus, sizeof o->zStatus, stmt_text(s, 4));
    if( !stmt_is_null(s, 5) ) text_copy(o->zDue, sizeof o->zDue, stmt_text(s, 5));
    x(pCtx, o);
    n++;
  }
  stmt_done(s);
  free(o);
  return n;
}

int project_actions_each(struct db *db, long long projectId, paction_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT a.id, l.id, a.ref, a.description, a.status, a.due_on FROM project_link l"
    "  JOIN action a ON a.id=l.action_id WHERE l.project_id=?1 ORDER BY a.ref, a.id");
  stmt_bind_int(s, 1, projectId);
  return actions_from(s, x, pCtx);
}

int project_action_choices(struct db *db, long long projectId, long long unitId, paction_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT a.id, 0, a.ref, a.description, a.status, a.due_on FROM action a"
    " WHERE a.unit_id=?1"
    "   AND NOT EXISTS (SELECT 1 FROM project_link l WHERE l.project_id=?2 AND l.action_id=a.id)"
    " ORDER BY CASE WHEN a.status IN ('open','in_progress') THEN 0 ELSE 1 END, a.id DESC LIMIT 300");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, projectId);
  return actions_from(s, x, pCtx);
}

/* ---- writing ---- */

/* Begin the write and check the project is still open; 1 go on, else the
** transaction is over: 0 (errors in e) or -1. */
static int begin_open(struct db *db, const struct project *p, struct field_errors *e, const char *zField){
  if( !domain_begin(db, e, zField, "projdoc.error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db, "SELECT 1 FROM project WHERE id=?1 AND closed_on IS NULL");
  stmt_bind_int(s, 1, p->id);
  if( !domain_has_row(s) ) return field_errors_refuse_in_tx(db, e, zField, "projdoc.error.not_saved");
  return 1;
}

static void doc_json(struct buf *b, long long projectId, const char *zKind, const char *zState,
                     const struct project_doc_kind *k, const char *const *azVal){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_int(b, &bFirst, "project", projectId);
  json_kv_str(b, &bFirst, "kind", zKind);
  if( zState ) json_kv_str(b, &bFirst, "state", zState);
  if( k && azVal ){
    for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++) json_kv_str(b, &bFirst, k->azField[i], azVal[i] ? azVal[i] : "");
  }
  buf_putc(b, '}');
}

long long project_doc_start(struct db *db, const struct user *u, const struct project *p, const char *zKind,
                            const char *zFrom, const char *zTo, struct field_errors *e){
  const struct project_doc_kind *k = project_doc_kind_of(zKind);
  if( !k || !project_doc_kind_shown(k, p->bComplex) ){
    field_errors_add(e, "kind", "projdoc.error.kind");
    return 0;
  }
  if( k->bRepeatable ){
    if( !zFrom || !text_is_date(zFrom) ) field_errors_add(e, "period_from", "projdoc.error.period_from");
    if( !zTo || !text_is_date(zTo) ) field_errors_add(e, "period_to", "projdoc.error.period_to");
    if( e->n==0 && strcmp(zFrom, zTo)>0 ) field_errors_add(e, "period_to", "projdoc.error.period_order");
    if( e->n ) return 0;
  }
  int rc = begin_open(db, p, e, "kind");
  if( rc<=0 ) return rc;
  if( !k->bRepeatable ){
    struct stmt *s = db_prepare(db, "SELECT id FROM project_doc WHERE project_id=?1 AND kind=?2 ORDER BY id LIMIT 1");
    stmt_bind_int(s, 1, p->id);
    stmt_bind_text(s, 2, k->zCode);
    long long id = domain_first_int(s, 0);
    if( id>0 ){
      domain_commit(db, true, 0, 0, 0);
      return id;
    }
  }
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "INSERT INTO project_doc(project_id,kind,title,period_from,period_to,state,created_by,demo,created_at,updated_at)"
    " VALUES(?1,?2,'',?3,?4,'draft',?5,0,?6,?6) RETURNING id");
  stmt_bind_int(s, 1, p->id);
  stmt_bind_text(s, 2, k->zCode);
  stmt_bind_text(s, 3, k->bRepeatable ? zFrom : 0);
  stmt_bind_text(s, 4, k->bRepeatable ? zTo : 0);
  if( u && u->id ) stmt_bind_int(s, 5, u->id); else stmt_bind_null(s, 5);
  stmt_bind_int(s, 6, now);
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "project", p->id);
    json_kv_str(&b, &bFirst, "kind", k->zCode);
    if( k->bRepeatable ){ json_kv_str(&b, &bFirst, "period_from", zFrom); json_kv_str(&b, &bFirst, "period_to", zTo); }
    buf_putc(&b, '}');
    ok = domain_audit(db, u, "create", "project_doc", id, p->unitId, 0, &b);
  }
  return domain_commit(db, ok, e, "kind", "projdoc.error.not_saved") ? id : 0;
}

/* Inside the transaction: the document of the project, its kind and state;
** false when there is none. */
static bool doc_in_tx(struct db *db, const struct project *p, long long docId, char zKind[20], char zState[10]){
  struct stmt *s = db_prepare(db, "SELECT kind, state FROM project_doc WHERE id=?1 AND project_id=?2");
  stmt_bind_int(s, 1, docId);
  stmt_bind_int(s, 2, p->id);
  bool ok = stmt_step(s)==1;
  if( ok ){
    text_copy(zKind, 20, stmt_text(s, 0));
    text_copy(zState, 10, stmt_text(s, 1));
  }
  stmt_done(s);
  return ok;
}

long long project_doc_save(struct db *db, const struct user *u, const struct project *p, long long docId,
                           const char *const *azVal, struct field_errors *e){
  int rc = begin_open(db, p, e, "doc");
  if( rc<=0 ) return rc;
  char zKind[20], zState[10];
  if( !doc_in_tx(db, p, docId, zKind, zState) ) return field_errors_refuse_in_tx(db, e, "doc", "projdoc.error.not_saved");
  const struct project_doc_kind *k = project_doc_kind_of(zKind);
  if( !k ) return field_errors_refuse_in_tx(db, e, "doc", "projdoc.error.not_saved");
  if( strcmp(zState, "draft")!=0 ) field_errors_add(e, "doc", "projdoc.error.not_draft");
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++){
    domain_check_text(e, k->azField[i], azVal[i] ? azVal[i] : "", false, PROJECT_TEXT_MAX, true, 0,
                      "projdoc.error.too_long", "projdoc.error.bad_text");
  }
  if( !field_errors_checked_in_tx(db, e, e->n, "doc", "projdoc.error.not_saved") ) return 0;
  char *azOld[PROJECT_DOC_FIELDS_MAX];
  project_doc_texts(db, docId, k, azOld);
  bool ok = true;
  for(int i = 0; ok && i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++){
    struct stmt *s = db_prepare(db, "DELETE FROM project_doc_text WHERE doc_id=?1 AND field=?2");
    stmt_bind_int(s, 1, docId);
    stmt_bind_text(s, 2, k->azField[i]);
    ok = stmt_exec(s);
    if( ok && azVal[i] && azVal[i][0] ){
      s = db_prepare(db, "INSERT INTO project_doc_text(doc_id,field,body) VALUES(?1,?2,?3)");
      stmt_bind_int(s, 1, docId);
      stmt_bind_text(s, 2, k->azField[i]);
      stmt_bind_text(s, 3, azVal[i]);
      ok = stmt_exec(s);
    }
  }
  if( ok ){
    struct stmt *s = db_prepare(db, "UPDATE project_doc SET updated_at=?2 WHERE id=?1");
    stmt_bind_int(s, 1, docId);
    stmt_bind_int(s, 2, (long long)time(0));
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    doc_json(&bOld, p->id, zKind, 0, k, (const char *const *)azOld);
    doc_json(&bNew, p->id, zKind, 0, k, azVal);
    ok = domain_audit(db, u, "update", "project_doc", docId, p->unitId, &bOld, &bNew);
  }
  project_doc_texts_free(azOld);
  return domain_commit(db, ok, e, "doc", "projdoc.error.not_saved") ? docId : 0;
}

static bool set_state(struct db *db, const struct user *u, const struct project *p, long long docId,
                      const char *zKind, bool bComplete){
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "UPDATE project_doc SET state=?2, completed_at=?3, completed_by=?4, updated_at=?5 WHERE id=?1");
  stmt_bind_int(s, 1, docId);
  stmt_bind_text(s, 2, bComplete ? "complete" : "draft");
  if( bComplete ) stmt_bind_int(s, 3, now); else stmt_bind_null(s, 3);
  if( bComplete && u && u->id ) stmt_bind_int(s, 4, u->id); else stmt_bind_null(s, 4);
  stmt_bind_int(s, 5, now);
  if( !stmt_exec(s) ) return false;
  struct buf bOld = {0}, bNew = {0};
  doc_json(&bOld, p->id, zKind, bComplete ? "draft" : "complete", 0, 0);
  doc_json(&bNew, p->id, zKind, bComplete ? "complete" : "draft", 0, 0);
  return domain_audit(db, u, "update", "project_doc", docId, p->unitId, &bOld, &bNew);
}

long long project_doc_complete(struct db *db, const struct user *u, const struct project *p, long long docId,
                               struct field_errors *e){
  int rc = begin_open(db, p, e, "complete");
  if( rc<=0 ) return rc;
  char zKind[20], zState[10];
  if( !doc_in_tx(db, p, docId, zKind, zState) ) return field_errors_refuse_in_tx(db, e, "complete", "projdoc.error.not_saved");
  const struct project_doc_kind *k = project_doc_kind_of(zKind);
  if( !k ) return field_errors_refuse_in_tx(db, e, "complete", "projdoc.error.not_saved");
  if( strcmp(zState, "draft")!=0 ) field_errors_add(e, "complete", "projdoc.error.not_draft");
  char *az[PROJECT_DOC_FIELDS_MAX];
  project_doc_texts(db, docId, k, az);
  const char *azMissing[PROJECT_DOC_FIELDS_MAX];
  int nMissing = project_doc_missing(k, (const char *const *)az, azMissing);
  project_doc_texts_free(az);
  for(int i = 0; i < nMissing; i++) field_errors_add(e, azMissing[i], "projdoc.error.field_empty");
  if( strcmp(zKind, "stakeholder_map")==0 ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM project_stakeholder WHERE project_id=?1 LIMIT 1");
    stmt_bind_int(s, 1, p->id);
    if( !domain_has_row(s) ) field_errors_add(e, "stakeholders", "projdoc.error.no_stakeholders");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "complete", "projdoc.error.not_saved") ) return 0;
  bool ok = set_state(db, u, p, docId, zKind, true);
  return domain_commit(db, ok, e, "complete", "projdoc.error.not_saved") ? docId : 0;
}

long long project_doc_reopen(struct db *db, const struct user *u, const struct project *p, long long docId,
                             struct field_errors *e){
  int rc = begin_open(db, p, e, "reopen");
  if( rc<=0 ) return rc;
  char zKind[20], zState[10];
  if( !doc_in_tx(db, p, docId, zKind, zState) ) return field_errors_refuse_in_tx(db, e, "reopen", "projdoc.error.not_saved");
  if( strcmp(zState, "complete")!=0 ){
    /* Already a draft: nothing to do. */
    domain_commit(db, true, 0, 0, 0);
    return docId;
  }
  bool ok = set_state(db, u, p, docId, zKind, false);
  return domain_commit(db, ok, e, "reopen", "projdoc.error.not_saved") ? docId : 0;
}

/* ---- stakeholders ---- */

static void stakeholder_json(struct buf *b, long long projectId, const char *zName, int power, int interest,
                             const char *zEngagement){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_int(b, &bFirst, "project", projectId);
  json_kv_str(b, &bFirst, "name", zName);
  json_kv_int(b, &bFirst, "power", power);
  json_kv_int(b, &bFirst, "interest", interest);
  json_kv_str(b, &bFirst, "engagement", zEngagement);
  buf_putc(b, '}');
}

long long project_stakeholder_save(struct db *db, const struct user *u, const struct project *p, long long id,
                                   const char *zName, const char *zPower, const char *zInterest,
                                   const char *zEngagement, struct field_errors *e){
  if( !zName ) zName = "";
  if( !zEngagement ) zEngagement = "";
  domain_check_text(e, "name", zName, true, PROJECT_STAKEHOLDER_NAME_MAX, false, "projdoc.error.name",
                    "projdoc.error.too_long", "projdoc.error.bad_text");
  long long power = 0, interest = 0;
  if( !zPower || !text_to_int(zPower, 1, 5, &power) ) field_errors_add(e, "power", "projdoc.error.scale");
  if( !zInterest || !text_to_int(zInterest, 1, 5, &interest) ) field_errors_add(e, "interest", "projdoc.error.scale");
  domain_check_text(e, "engagement", zEngagement, false, PROJECT_TEXT_MAX, true, 0,
                    "projdoc.error.too_long", "projdoc.error.bad_text");
  if( e->n ) return 0;
  int rc = begin_open(db, p, e, "name");
  if( rc<=0 ) return rc;
  struct buf bOld = {0};
  bool ok;
  if( id>0 ){
    struct pstakeholder o;
    char zEng[4*PROJECT_TEXT_MAX+1];
    if( !project_stakeholder_get(db, p->id, id, &o, zEng, sizeof zEng) ){
      return field_errors_refuse_in_tx(db, e, "name", "projdoc.error.not_saved");
    }
    stakeholder_json(&bOld, p->id, o.zName, o.power, o.interest, zEng);
    struct stmt *s = db_prepare(db,
      "UPDATE project_stakeholder SET name=?3, power=?4, interest=?5, engagement=?6 WHERE id=?1 AND project_id=?2");
    stmt_bind_int(s, 1, id);
    stmt_bind_int(s, 2, p->id);
    stmt_bind_text(s, 3, zName);
    stmt_bind_int(s, 4, power);
    stmt_bind_int(s, 5, interest);
    stmt_bind_text(s, 6, zEngagement);
    ok = stmt_exec(s);
  }else{
    struct stmt *s = db_prepare(db,
      "INSERT INTO project_stakeholder(project_id,name,power,interest,engagement,sort_order)"
      " VALUES(?1,?2,?3,?4,?5,(SELECT COALESCE(MAX(sort_order),0)+1 FROM project_stakeholder WHERE project_id=?1))"
      " RETURNING id");
    stmt_bind_int(s, 1, p->id);
    stmt_bind_text(s, 2, zName);
    stmt_bind_int(s, 3, power);
    stmt_bind_int(s, 4, interest);
    stmt_bind_text(s, 5, zEngagement);
    id = domain_first_int(s, 0);
    ok = id>0;
  }
  if( ok ){
    struct buf bNew = {0};
    stakeholder_json(&bNew, p->id, zName, (int)power, (int)interest, zEngagement);
    ok = domain_audit(db, u, bOld.n ? "update" : "create", "project_stakeholder", id, p->unitId,
                      bOld.n ? &bOld : 0, &bNew);
  }else{
    buf_free(&bOld);
  }
  return domain_commit(db, ok, e, "name", "projdoc.error.not_saved") ? id : 0;
}

long long project_stakeholder_delete(struct db *db, const struct user *u, const struct project *p, long long id){
  struct field_errors e = {0};
  int rc = begin_open(db, p, &e, "name");
  if( rc<=0 ) return -1;
  struct pstakeholder o;
  char zEng[4*PROJECT_TEXT_MAX+1];
  if( !project_stakeholder_get(db, p->id, id, &o, zEng, sizeof zEng) ){
    field_errors_refuse_in_tx(db, &e, "name", "projdoc.error.not_saved");
    return -1;
  }
  struct stmt *s = db_prepare(db, "DELETE FROM project_stakeholder WHERE id=?1 AND project_id=?2");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, p->id);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0};
    stakeholder_json(&bOld, p->id, o.zName, o.power, o.interest, zEng);
    ok = domain_audit(db, u, "delete", "project_stakeholder", id, p->unitId, &bOld, 0);
  }
  return domain_commit(db, ok, 0, 0, 0) ? id : -1;
}

/* ---- links ---- */

static void link_json(struct buf *b, long long projectId, const char *zKey, long long id, const char *zNote){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_int(b, &bFirst, "project", projectId);
  json_kv_int(b, &bFirst, zKey, id);
  if( zNote ) json_kv_str(b, &bFirst, "note", zNote);
  buf_putc(b, '}');
}

static long long link_insert(struct db *db, const struct user *u, const struct project *p, const char *zKey,
                             long long targetId, const char *zNote, struct field_errors *e, const char *zField){
  struct stmt *s = strcmp(zKey, "decision")==0
    ? db_prepare(db, "INSERT INTO project_link(project_id,decision_id,note,created_at) VALUES(?1,?2,?3,?4) RETURNING id")
    : db_prepare(db, "INSERT INTO project_link(project_id,action_id,note,created_at) VALUES(?1,?2,?3,?4) RETURNING id");
  stmt_bind_int(s, 1, p->id);
  stmt_bind_int(s, 2, targetId);
  stmt_bind_text(s, 3, zNote ? zNote : "");
  stmt_bind_int(s, 4, (long long)time(0));
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    struct buf b = {0};
    link_json(&b, p->id, zKey, targetId, zNote);
    ok = domain_audit(db, u, "create", "project_link", id, p->unitId, 0, &b);
  }
  return domain_commit(db, ok, e, zField, "projdoc.error.not_saved") ? id : 0;
}

long long project_decision_link(struct db *db, const struct user *u, const struct project *p, const char *zDecision,
                                const char *zNote, struct field_errors *e){
  long long decisionId = 0;
  if( !zNote ) zNote = "";
  if( !domain_parse_id(zDecision, &decisionId) || decisionId==0 ) field_errors_add(e, "decision", "projdoc.error.decision");
  domain_check_text(e, "note", zNote, false, PROJECT_TEXT_MAX, true, 0, "projdoc.error.too_long", "projdoc.error.bad_text");
  if( e->n ) return 0;
  int rc = begin_open(db, p, e, "decision");
  if( rc<=0 ) return rc;
  struct stmt *s = db_prepare(db,
    "SELECT m.starts_at, a.restricted FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id"
    "  JOIN meeting m ON m.id=a.meeting_id WHERE d.id=?1 AND m.unit_id=?2");
  stmt_bind_int(s, 1, decisionId);
  stmt_bind_int(s, 2, p->unitId);
  char zStarts[17] = "";
  bool bFound = stmt_step(s)==1, bRestricted = false;
  if( bFound ){ text_copy(zStarts, sizeof zStarts, stmt_text(s, 0)); bRestricted = stmt_int(s, 1)==1; }
  stmt_done(s);
  if( !bFound || !project_decision_visible(db, u, p->unitId, zStarts, bRestricted) ){
    field_errors_add(e, "decision", "projdoc.error.decision");
  }else{
    s = db_prepare(db, "SELECT 1 FROM project_link WHERE project_id=?1 AND decision_id=?2");
    stmt_bind_int(s, 1, p->id);
    stmt_bind_int(s, 2, decisionId);
    if( domain_has_row(s) ) field_errors_add(e, "decision", "projdoc.error.decision_linked");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "decision", "projdoc.error.not_saved") ) return 0;
  return link_insert(db, u, p, "decision", decisionId, zNote, e, "decision");
}

long long project_action_link(struct db *db, const struct user *u, const struct project *p, const char *zAction,
                              struct field_errors *e){
  long long actionId = 0;
  if( !domain_parse_id(zAction, &actionId) || actionId==0 ){
    field_errors_add(e, "action", "projdoc.error.action");
    return 0;
  }
  int rc = begin_open(db, p, e, "action");
  if( rc<=0 ) return rc;
  struct stmt *s = db_prepare(db, "SELECT 1 FROM action WHERE id=?1 AND unit_id=?2");
  stmt_bind_int(s, 1, actionId);
  stmt_bind_int(s, 2, p->unitId);
  if( !domain_has_row(s) ){
    field_errors_add(e, "action", "projdoc.error.action");
  }else{
    s = db_prepare(db, "SELECT 1 FROM project_link WHERE project_id=?1 AND action_id=?2");
    stmt_bind_int(s, 1, p->id);
    stmt_bind_int(s, 2, actionId);
    if( domain_has_row(s) ) field_errors_add(e, "action", "projdoc.error.action_linked");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "action", "projdoc.error.not_saved") ) return 0;
  return link_insert(db, u, p, "action", actionId, 0, e, "action");
}

long long project_link_delete(struct db *db, const struct user *u, const struct project *p, long long linkId){
  struct field_errors e = {0};
  if( begin_open(db, p, &e, "link")<=0 ) return -1;
  struct stmt *s = db_prepare(db,
    "DELETE FROM project_link WHERE id=?1 AND project_id=?2 RETURNING COALESCE(decision_id,0), COALESCE(action_id,0)");
  stmt_bind_int(s, 1, linkId);
  stmt_bind_int(s, 2, p->id);
  long long decisionId = 0, actionId = 0;
  bool ok = stmt_step(s)==1;
  if( ok ){ decisionId = stmt_int(s, 0); actionId = stmt_int(s, 1); }
  stmt_done(s);
  if( !ok ){
    field_errors_refuse_in_tx(db, &e, "link", "projdoc.error.not_saved");
    return -1;
  }
  struct buf b = {0};
  link_json(&b, p->id, decisionId ? "decision" : "action", decisionId ? decisionId : actionId, 0);
  ok = domain_audit(db, u, "delete", "project_link", linkId, p->unitId, &b, 0);
  return domain_commit(db, ok, 0, 0, 0) ? linkId : -1;
}

/* ---- the initiation document's tables ---- */

static int milestones_each(struct stmt *s, pmilestone_cb x, void *pCtx){
  struct pmilestone *o = xmalloc(sizeof *o);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(o, 0, sizeof *o);
    o->id = stmt_int(s, 0);
    o->zTitle = stmt_text(s, 1);
    text_copy(o->zBaseline, sizeof o->zBaseline, stmt_text(s, 2));
    text_copy(o->zDue, sizeof o->zDue, stmt_text(s, 3));
    if( !stmt_is_null(s, 4) ) text_copy(o->zDone, sizeof o->zDone, stmt_text(s, 4));
    x(pCtx, o);
    n++;
  }
  stmt_done(s);
  free(o);
  return n;
}

int project_docs_milestones(struct db *db, long long projectId, pmilestone_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, title, baseline_on, due_on, done_on FROM project_milestone WHERE project_id=?1"
    " ORDER BY due_on, sort_order, id");
  stmt_bind_int(s, 1, projectId);
  return milestones_each(s, x, pCtx);
}

int project_milestones_each(struct db *db, long long projectId, pmilestone_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, title, baseline_on, due_on, done_on FROM project_milestone WHERE project_id=?1"
    " ORDER BY due_on, id");
  stmt_bind_int(s, 1, projectId);
  return milestones_each(s, x, pCtx);
}

bool project_milestone_get(struct db *db, long long projectId, long long id, pmilestone_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, title, baseline_on, due_on, done_on FROM project_milestone WHERE id=?1 AND project_id=?2");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, projectId);
  return milestones_each(s, x, pCtx)==1;
}

int project_gates_each(struct db *db, long long projectId, pgate_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT g.from_stage, g.to_stage, g.passed_at, d.text, a.meeting_id, a.id, g.decision_id"
    " FROM project_gate g JOIN decision d ON d.id=g.decision_id JOIN agenda_item a ON a.id=d.agenda_item_id"
    " WHERE g.project_id=?1 ORDER BY g.passed_at, g.id");
  stmt_bind_int(s, 1, projectId);
  int n = 0;
  while( stmt_step(s)==1 ){
    struct pgate o;
    o.zFrom = stmt_text(s, 0);
    o.zTo = stmt_text(s, 1);
    o.passedAt = stmt_int(s, 2);
    o.zText = stmt_text(s, 3);
    o.meetingId = stmt_int(s, 4);
    o.itemId = stmt_int(s, 5);
    o.decisionId = stmt_int(s, 6);
    x(pCtx, &o);
    n++;
  }
  stmt_done(s);
  return n;
}

long long project_doc_of_kind(struct db *db, long long projectId, const char *zKind){
  struct stmt *s = db_prepare(db, "SELECT id FROM project_doc WHERE project_id=?1 AND kind=?2 ORDER BY id LIMIT 1");
  stmt_bind_int(s, 1, projectId);
  stmt_bind_text(s, 2, zKind);
  return domain_first_int(s, 0);
}
