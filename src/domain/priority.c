/* Priorities, their scores, weights and findings (priority.h). */
#include "domain/priority.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool priority_weights(struct db *db, long long assessmentId, int aWeight[PRIORITY_CRITERIA]){
  memcpy(aWeight, priority_default_weight, sizeof(int)*PRIORITY_CRITERIA);
  struct stmt *s = db_prepare(db, "SELECT criterion, weight FROM priority_weight WHERE assessment_id=?1");
  stmt_bind_int(s, 1, assessmentId);
  int rc;
  while( (rc = stmt_step(s))==1 ){
    int c = priority_criterion_index(stmt_text(s, 0));
    long long w = stmt_int(s, 1);
    if( c>=0 && w>=0 && w<=PRIORITY_WEIGHT_MAX ) aWeight[c] = (int)w;
  }
  stmt_done(s);
  return rc==0;
}

bool priority_weights_set(struct db *db, long long assessmentId){
  struct stmt *s = db_prepare(db, "SELECT COUNT(*) FROM priority_weight WHERE assessment_id=?1");
  stmt_bind_int(s, 1, assessmentId);
  return domain_first_int(s, 0)>0;
}

static void weights_json(struct buf *b, const int *aWeight){
  bool bFirst = true;
  buf_putc(b, '{');
  for(int i=0; i<PRIORITY_CRITERIA; i++){
    char zKey[32];
    snprintf(zKey, sizeof zKey, "weight_%s", priority_criterion_code[i]);
    json_kv_int(b, &bFirst, zKey, aWeight[i]);
  }
  buf_putc(b, '}');
}

static const char *const azWeightField[PRIORITY_CRITERIA] = {
  "weight-size", "weight-gap", "weight-inequality", "weight-trend", "weight-changeable", "weight-alignment"
};
static const char *const azScoreField[PRIORITY_CRITERIA] = {
  "score-size", "score-gap", "score-inequality", "score-trend", "score-changeable", "score-alignment"
};

long long priority_weights_save(struct db *db, const struct user *u, long long assessmentId,
                                const char *const azWeight[PRIORITY_CRITERIA], const char *zToday,
                                struct field_errors *e){
  struct needs_assessment *a = xmalloc(sizeof *a);
  bool bOk = needs_load(db, assessmentId, a) && needs_can_write(db, u, a->unitId, zToday);
  long long unitId = a->unitId;
  free(a);
  if( !bOk ) return -1;
  int aNew[PRIORITY_CRITERIA], aOld[PRIORITY_CRITERIA];
  for(int i=0; i<PRIORITY_CRITERIA; i++){
    long long v = 0;
    const char *z = azWeight[i];
    char zTrim[16] = "";
    if( z ){ text_copy(zTrim, sizeof zTrim, z); text_trim(zTrim); }
    if( !text_to_int(zTrim, 0, PRIORITY_WEIGHT_MAX, &v) ) field_errors_add(e, azWeightField[i], "priority.error.weight_invalid");
    aNew[i] = (int)v;
  }
  if( e->n || !needs_begin(db, e, azWeightField[0]) ) return 0;
  bool ok = priority_weights(db, assessmentId, aOld);
  struct stmt *s = db_prepare(db, "DELETE FROM priority_weight WHERE assessment_id=?1");
  stmt_bind_int(s, 1, assessmentId);
  ok = ok && stmt_exec(s);
  for(int i=0; ok && i<PRIORITY_CRITERIA; i++){
    s = db_prepare(db, "INSERT INTO priority_weight(assessment_id,criterion,weight) VALUES(?1,?2,?3)");
    stmt_bind_int(s, 1, assessmentId);
    stmt_bind_text(s, 2, priority_criterion_code[i]);
    stmt_bind_int(s, 3, aNew[i]);
    ok = stmt_exec(s);
  }
  if( ok ){
    s = db_prepare(db, "UPDATE needs_assessment SET updated_at=?2 WHERE id=?1");
    stmt_bind_int(s, 1, assessmentId);
    stmt_bind_int(s, 2, (long long)time(0));
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    weights_json(&bOld, aOld);
    weights_json(&bNew, aNew);
    ok = domain_audit(db, u, "update", "needs_assessment", assessmentId, unitId, &bOld, &bNew);
  }
  return needs_commit(db, ok, e, azWeightField[0]) ? assessmentId : 0;
}

#define PRIORITY_COLS \
  "p.id, p.assessment_id, p.title, p.description," \
  " (SELECT COUNT(*) FROM plan_objective o WHERE o.priority_id=p.id) FROM priority p"

static void priority_from_row(struct stmt *s, struct priority *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  p->assessmentId = stmt_int(s, 1);
  text_copy(p->zTitle, sizeof p->zTitle, stmt_text(s, 2));
  text_copy(p->zDescription, sizeof p->zDescription, stmt_text(s, 3));
  p->nObjectives = (int)stmt_int(s, 4);
}

/* The scores of priority p, read after its row's statement is done.
** False on a database error. */
static bool priority_scores(struct db *db, struct priority *p){
  struct stmt *s = db_prepare(db, "SELECT criterion, score FROM priority_score WHERE priority_id=?1");
  stmt_bind_int(s, 1, p->id);
  int rc;
  while( (rc = stmt_step(s))==1 ){
    int c = priority_criterion_index(stmt_text(s, 0));
    if( c>=0 ) p->aScore[c] = (int)stmt_int(s, 1);
  }
  stmt_done(s);
  return rc==0;
}

int priority_list(struct db *db, long long assessmentId, priority_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " PRIORITY_COLS " WHERE p.assessment_id=?1 ORDER BY p.id");
  stmt_bind_int(s, 1, assessmentId);
  struct priority *a = 0;
  int n = 0, nAlloc = 0;
  while( stmt_step(s)==1 ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 8; a = xrealloc(a, (size_t)nAlloc*sizeof *a); }
    priority_from_row(s, &a[n++]);
  }
  stmt_done(s);
  for(int i=0; i<n; i++){ priority_scores(db, &a[i]); x(pCtx, &a[i]); }
  free(a);
  return n;
}

bool priority_load(struct db *db, long long id, struct priority *p){
  struct stmt *s = db_prepare(db, "SELECT " PRIORITY_COLS " WHERE p.id=?1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) priority_from_row(s, p);
  stmt_done(s);
  return b && priority_scores(db, p);
}

bool priority_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                          struct priority *p, struct needs_assessment *pA){
  return priority_load(db, id, p) && needs_get_visible(db, u, p->assessmentId, zToday, pA);
}

static void priority_json(struct db *db, struct buf *b, long long id){
  struct priority *p = xmalloc(sizeof *p);
  bool bFirst = true;
  buf_putc(b, '{');
  if( priority_load(db, id, p) ){
    json_kv_str(b, &bFirst, "title", p->zTitle);
    json_kv_str(b, &bFirst, "description", p->zDescription);
    for(int i=0; i<PRIORITY_CRITERIA; i++){
      char zKey[32];
      snprintf(zKey, sizeof zKey, "score_%s", priority_criterion_code[i]);
      json_kv_int(b, &bFirst, zKey, p->aScore[i]);
    }
    long long aId[PRIORITY_FINDINGS_MAX];
    int n = priority_finding_ids(db, id, aId, PRIORITY_FINDINGS_MAX);
    struct buf f = {0};
    for(int i=0; i<n; i++) buf_printf(&f, "%s%lld", i ? "," : "", aId[i]);
    json_kv_str(b, &bFirst, "findings", buf_cstr(&f));
    buf_free(&f);
  }
  buf_putc(b, '}');
  free(p);
}

long long priority_save(struct db *db, const struct user *u, long long assessmentId, long long priorityId,
                        const struct priority_input *in, const char *zToday, struct field_errors *e){
  struct needs_assessment *a = xmalloc(sizeof *a);
  bool bOk = needs_load(db, assessmentId, a) && needs_can_write(db, u, a->unitId, zToday);
  long long unitId = a->unitId;
  free(a);
  if( !bOk ) return -1;
  if( priorityId>0 ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM priority WHERE id=?1 AND assessment_id=?2");
    stmt_bind_int(s, 1, priorityId);
    stmt_bind_int(s, 2, assessmentId);
    if( domain_first_int(s, 0)!=1 ) return -1;
  }
  needs_check_text(e, "title", in->zTitle, true, NEEDS_TITLE_MAX, false, "priority.error.title_required");
  needs_check_text(e, "description", in->zDescription, false, NEEDS_TEXT_MAX, true, 0);
  int aScore[PRIORITY_CRITERIA];
  for(int i=0; i<PRIORITY_CRITERIA; i++){
    long long v = 0;
    if( !text_to_int(in->azScore[i], 0, PRIORITY_SCORE_MAX, &v) ) field_errors_add(e, azScoreField[i], "priority.error.score_required");
    aScore[i] = (int)v;
  }
  if( in->nFinding<0 || in->nFinding>PRIORITY_FINDINGS_MAX ) field_errors_add(e, "findings", "priority.error.finding_invalid");
  int nKeep = e->n;
  if( !needs_begin(db, e, "title") ) return 0;
  for(int i=0; !field_errors_get(e, "findings") && i<in->nFinding; i++){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM needs_finding WHERE id=?1 AND assessment_id=?2");
    stmt_bind_int(s, 1, in->aFinding[i]);
    stmt_bind_int(s, 2, assessmentId);
    if( domain_first_int(s, 0)!=1 ) field_errors_add(e, "findings", "priority.error.finding_invalid");
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "title", "needs.error.not_saved") ) return 0;
  struct buf bOld = {0};
  if( priorityId>0 ) priority_json(db, &bOld, priorityId);
  long long now = (long long)time(0);
  struct stmt *s;
  if( priorityId>0 ){
    s = db_prepare(db, "UPDATE priority SET title=?2, description=?3, updated_at=?4 WHERE id=?1");
    stmt_bind_int(s, 1, priorityId);
  }else{
    s = db_prepare(db, "INSERT INTO priority(assessment_id,title,description,created_at,updated_at)"
                       " VALUES(?1,?2,?3,?4,?4) RETURNING id");
    stmt_bind_int(s, 1, assessmentId);
  }
  stmt_bind_text(s, 2, in->zTitle);
  stmt_bind_text(s, 3, in->zDescription ? in->zDescription : "");
  stmt_bind_int(s, 4, now);
  long long id = priorityId>0 ? (stmt_exec(s) ? priorityId : 0) : domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    s = db_prepare(db, "DELETE FROM priority_score WHERE priority_id=?1");
    stmt_bind_int(s, 1, id);
    ok = stmt_exec(s);
  }
  for(int i=0; ok && i<PRIORITY_CRITERIA; i++){
    s = db_prepare(db, "INSERT INTO priority_score(priority_id,criterion,score) VALUES(?1,?2,?3)");
    stmt_bind_int(s, 1, id);
    stmt_bind_text(s, 2, priority_criterion_code[i]);
    stmt_bind_int(s, 3, aScore[i]);
    ok = stmt_exec(s);
  }
  if( ok ){
    s = db_prepare(db, "DELETE FROM priority_finding WHERE priority_id=?1");
    stmt_bind_int(s, 1, id);
    ok = stmt_exec(s);
  }
  for(int i=0; ok && i<in->nFinding; i++){
    bool bDup = false;
    for(int k=0; k<i; k++) if( in->aFinding[k]==in->aFinding[i] ) bDup = true;
    if( bDup ) continue;
    s = db_prepare(db, "INSERT INTO priority_finding(priority_id,finding_id) VALUES(?1,?2)");
    stmt_bind_int(s, 1, id);
    stmt_bind_int(s, 2, in->aFinding[i]);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf bNew = {0};
    priority_json(db, &bNew, id);
    ok = domain_audit(db, u, priorityId>0 ? "update" : "create", "priority", id, unitId,
                     priorityId>0 ? &bOld : 0, &bNew);
    if( priorityId<=0 ) buf_free(&bOld);
  }else{
    buf_free(&bOld);
  }
  return needs_commit(db, ok, e, "title") ? id : 0;
}

long long priority_delete(struct db *db, const struct user *u, long long priorityId, const char *zToday,
                          struct field_errors *e){
  struct priority *p = xmalloc(sizeof *p);
  struct needs_assessment *a = xmalloc(sizeof *a);
  long long rc = -1;
  if( !priority_load(db, priorityId, p) || !needs_load(db, p->assessmentId, a)
   || !needs_can_write(db, u, a->unitId, zToday) ) goto done;
  rc = 0;
  if( !needs_begin(db, e, "priority") ) goto done;
  struct stmt *s = db_prepare(db, "SELECT COUNT(*) FROM plan_objective WHERE priority_id=?1");
  stmt_bind_int(s, 1, priorityId);
  if( domain_first_int(s, 0)!=0 ) field_errors_add(e, "priority", "priority.error.in_use");
  if( !field_errors_checked_in_tx(db, e, 0, "priority", "needs.error.not_saved") ) goto done;
  struct buf bOld = {0};
  priority_json(db, &bOld, priorityId);
  s = db_prepare(db, "DELETE FROM priority_finding WHERE priority_id=?1");
  stmt_bind_int(s, 1, priorityId);
  bool ok = stmt_exec(s);
  if( ok ){
    s = db_prepare(db, "DELETE FROM priority_score WHERE priority_id=?1");
    stmt_bind_int(s, 1, priorityId);
    ok = stmt_exec(s);
  }
  if( ok ){
    s = db_prepare(db, "DELETE FROM priority WHERE id=?1");
    stmt_bind_int(s, 1, priorityId);
    ok = stmt_exec(s);
  }
  if( ok ) ok = domain_audit(db, u, "delete", "priority", priorityId, a->unitId, &bOld, 0);
  else buf_free(&bOld);
  if( needs_commit(db, ok, e, "priority") ) rc = priorityId;
done:
  free(p);
  free(a);
  return rc;
}

int priority_finding_ids(struct db *db, long long priorityId, long long *aId, int nMax){
  struct stmt *s = db_prepare(db, "SELECT finding_id FROM priority_finding WHERE priority_id=?1 ORDER BY finding_id");
  stmt_bind_int(s, 1, priorityId);
  int n = 0;
  while( stmt_step(s)==1 ) if( n<nMax ) aId[n++] = stmt_int(s, 0);
  stmt_done(s);
  return n;
}

struct finding_filter { long long aId[PRIORITY_FINDINGS_MAX]; int n; needs_finding_cb x; void *pCtx; int nOut; };
static void finding_filter(void *pCtx, const struct needs_finding *f){
  struct finding_filter *ff = pCtx;
  for(int i=0; i<ff->n; i++) if( ff->aId[i]==f->id ){ ff->x(ff->pCtx, f); ff->nOut++; return; }
}

int priority_findings(struct db *db, long long priorityId, needs_finding_cb x, void *pCtx){
  struct priority p;
  if( !priority_load(db, priorityId, &p) ) return 0;
  struct finding_filter *ff = xcalloc(1, sizeof *ff);
  ff->n = priority_finding_ids(db, priorityId, ff->aId, PRIORITY_FINDINGS_MAX);
  ff->x = x;
  ff->pCtx = pCtx;
  if( ff->n ) needs_finding_list(db, p.assessmentId, finding_filter, ff);
  int n = ff->nOut;
  free(ff);
  return n;
}

int priority_objectives(struct db *db, long long priorityId, priority_objective_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT o.id, o.plan_id, o.ref, o.title, p.year, p.status FROM plan_objective o JOIN plan p ON p.id=o.plan_id"
    " WHERE o.priority_id=?1 ORDER BY p.year DESC, o.sort_order, o.id");
  stmt_bind_int(s, 1, priorityId);
  struct priority_objective *o = xmalloc(sizeof *o);
  int n = 0;
  while( stmt_step(s)==1 ){
    o->id = stmt_int(s, 0);
    o->planId = stmt_int(s, 1);
    text_copy(o->zRef, sizeof o->zRef, stmt_text(s, 2));
    text_copy(o->zTitle, sizeof o->zTitle, stmt_text(s, 3));
    text_copy(o->zYear, sizeof o->zYear, stmt_text(s, 4));
    text_copy(o->zStatus, sizeof o->zStatus, stmt_text(s, 5));
    x(pCtx, o);
    n++;
  }
  stmt_done(s);
  free(o);
  return n;
}

long long priority_plan_of(struct db *db, long long unitId, const char *zYear, bool *pbDraft){
  struct stmt *s = db_prepare(db, "SELECT id, status FROM plan WHERE unit_id=?1 AND year=?2");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zYear);
  long long id = 0;
  *pbDraft = false;
  if( stmt_step(s)==1 ){
    id = stmt_int(s, 0);
    *pbDraft = strcmp(stmt_text(s, 1), "draft")==0;
  }
  stmt_done(s);
  return id;
}
