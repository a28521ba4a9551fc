/* Needs assessments, their evidence and findings, and the indicators that
** come into them by themselves (needs.h). */
#include "domain/needs.h"
#include "domain/audit.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const needs_source_code[NEEDS_SOURCES] = {
  "rpb_pna", "psb_wellbeing", "phw", "cluster_profile", "local", "views"
};

int needs_source_index(const char *z){
  for(int i=0; z && i<NEEDS_SOURCES; i++) if( strcmp(z, needs_source_code[i])==0 ) return i;
  return -1;
}

/* "YYYY/YY" for the year starting in April of y (0..9999). */
static void year_write(int y, char zOut[NEEDS_YEAR_MAX]){
  unsigned a = (unsigned)(y<0 ? 0 : y) % 10000u, b = (a+1) % 100u;
  zOut[0] = (char)('0'+a/1000); zOut[1] = (char)('0'+a/100%10); zOut[2] = (char)('0'+a/10%10);
  zOut[3] = (char)('0'+a%10); zOut[4] = '/'; zOut[5] = (char)('0'+b/10); zOut[6] = (char)('0'+b%10); zOut[7] = 0;
}

void needs_year_of(const char *zDate, char zOut[NEEDS_YEAR_MAX]){
  int y = 0, m = 0;
  if( sscanf(zDate ? zDate : "", "%4d-%2d", &y, &m)!=2 ){ zOut[0] = 0; return; }
  if( m<4 ) y--;
  year_write(y, zOut);
}

bool needs_year_valid(const char *z){
  if( !z || strlen(z)!=7 || z[4]!='/' ) return false;
  for(int i=0; i<7; i++) if( i!=4 && (z[i]<'0' || z[i]>'9') ) return false;
  int y = atoi(z), y2 = atoi(z+5);
  return y>=1900 && y<=9998 && (y+1)%100==y2;
}

void needs_year_add(const char *z, int n, char zOut[NEEDS_YEAR_MAX]){
  year_write(atoi(z) + n, zOut);
}

bool needs_url_valid(const char *z){
  if( !z ) return false;
  size_t nPrefix = strncmp(z, "https://", 8)==0 ? 8 : strncmp(z, "http://", 7)==0 ? 7 : 0;
  if( nPrefix==0 || z[nPrefix]==0 || z[nPrefix]=='/' ) return false;
  for(const unsigned char *p = (const unsigned char *)z; *p; p++) if( *p<=' ' || *p==0x7f ) return false;
  return strlen(z)<=NEEDS_URL_MAX;
}

bool needs_unit_kind_ok(const char *zKind){
  return zKind && (strcmp(zKind, "cluster")==0 || strcmp(zKind, "collaborative")==0 || strcmp(zKind, "pcpg")==0);
}

/* ---- shared with priority.c ---- */

void needs_check_text(struct field_errors *e, const char *zField, const char *z, bool bRequired,
                      size_t nMax, bool bMultiline, const char *zRequiredKey){
  domain_check_text(e, zField, z, bRequired, nMax, bMultiline, zRequiredKey, "needs.error.too_long",
                    "needs.error.bad_characters");
}

bool needs_begin(struct db *db, struct field_errors *e, const char *zField){
  return domain_begin(db, e, zField, "needs.error.not_saved");
}

bool needs_commit(struct db *db, bool ok, struct field_errors *e, const char *zField){
  return domain_commit(db, ok, e, zField, "needs.error.not_saved");
}

/* ---- assessments ---- */

#define ASSESSMENT_COLS \
  "a.id, a.unit_id, u.slug, u.name, COALESCE(u.name_cy,''), u.kind, a.year, a.summary, a.demo," \
  " a.created_at, a.updated_at FROM needs_assessment a JOIN unit u ON u.id=a.unit_id"

static void assessment_from_row(struct stmt *s, struct needs_assessment *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  p->unitId = stmt_int(s, 1);
  text_copy(p->zUnitSlug, sizeof p->zUnitSlug, stmt_text(s, 2));
  text_copy(p->zUnitName, sizeof p->zUnitName, stmt_text(s, 3));
  text_copy(p->zUnitNameCy, sizeof p->zUnitNameCy, stmt_text(s, 4));
  text_copy(p->zUnitKind, sizeof p->zUnitKind, stmt_text(s, 5));
  text_copy(p->zYear, sizeof p->zYear, stmt_text(s, 6));
  text_copy(p->zSummary, sizeof p->zSummary, stmt_text(s, 7));
  p->bDemo = stmt_int(s, 8)==1;
  p->createdAt = stmt_int(s, 9);
  p->updatedAt = stmt_int(s, 10);
}

bool needs_load(struct db *db, long long id, struct needs_assessment *p){
  struct stmt *s = db_prepare(db, "SELECT " ASSESSMENT_COLS " WHERE a.id=?1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) assessment_from_row(s, p);
  stmt_done(s);
  return b;
}

bool needs_can_write(struct db *db, const struct user *u, long long unitId, const char *zToday){
  return u && u->id>0 && u->role!=ROLE_NATIONAL && access_can_write(db, u, unitId, zToday);
}

bool needs_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                       struct needs_assessment *p){
  if( !needs_load(db, id, p) ) return false;
  if( !access_can_read(db, u, p->unitId, zToday) ) return false;
  p->bCanWrite = needs_can_write(db, u, p->unitId, zToday);
  return true;
}

int needs_list(struct db *db, long long unitId, needs_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " ASSESSMENT_COLS " WHERE a.unit_id=?1 ORDER BY a.year DESC, a.id DESC");
  stmt_bind_int(s, 1, unitId);
  struct needs_assessment *p = xmalloc(sizeof *p);
  int n = 0;
  while( stmt_step(s)==1 ){ assessment_from_row(s, p); x(pCtx, p); n++; }
  stmt_done(s);
  free(p);
  return n;
}

static void assessment_json(struct buf *b, const char *zYear, const char *zSummary){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "year", zYear);
  json_kv_str(b, &bFirst, "summary", zSummary);
  buf_putc(b, '}');
}

long long needs_create(struct db *db, const struct user *u, long long unitId, const char *zYear,
                       const char *zSummary, const char *zToday, struct field_errors *e){
  if( !needs_can_write(db, u, unitId, zToday) ) return -1;
  struct stmt *s = db_prepare(db, "SELECT kind FROM unit WHERE id=?1");
  stmt_bind_int(s, 1, unitId);
  char zKind[20] = "";
  if( stmt_step(s)==1 ) text_copy(zKind, sizeof zKind, stmt_text(s, 0));
  stmt_done(s);
  if( !zKind[0] ) return -1;
  if( !needs_unit_kind_ok(zKind) ){ field_errors_add(e, "unit", "needs.error.unit_kind"); return 0; }
  if( text_blank(zYear) ) field_errors_add(e, "year", "needs.error.year_required");
  else if( !needs_year_valid(zYear) ) field_errors_add(e, "year", "needs.error.year_invalid");
  needs_check_text(e, "summary", zSummary, false, NEEDS_TEXT_MAX, true, 0);
  if( e->n || !needs_begin(db, e, "year") ) return 0;
  s = db_prepare(db, "SELECT 1 FROM needs_assessment WHERE unit_id=?1 AND year=?2");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zYear);
  if( domain_first_int(s, 0)==1 ) field_errors_add(e, "year", "needs.error.year_taken");
  if( !field_errors_checked_in_tx(db, e, 0, "year", "needs.error.not_saved") ) return 0;
  s = db_prepare(db,
    "INSERT INTO needs_assessment(unit_id,year,summary,demo,created_at,updated_at)"
    " VALUES(?1,?2,?3,0,?4,?4) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zYear);
  stmt_bind_text(s, 3, zSummary ? zSummary : "");
  stmt_bind_int(s, 4, (long long)time(0));
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    struct buf bNew = {0};
    assessment_json(&bNew, zYear, zSummary ? zSummary : "");
    ok = domain_audit(db, u, "create", "needs_assessment", id, unitId, 0, &bNew);
  }
  return needs_commit(db, ok, e, "year") ? id : 0;
}

long long needs_update(struct db *db, const struct user *u, long long id, const char *zSummary,
                       const char *zToday, struct field_errors *e){
  struct needs_assessment *old = xmalloc(sizeof *old);
  long long rc = -1;
  if( !needs_load(db, id, old) || !needs_can_write(db, u, old->unitId, zToday) ) goto done;
  rc = 0;
  needs_check_text(e, "summary", zSummary, false, NEEDS_TEXT_MAX, true, 0);
  if( e->n || !needs_begin(db, e, "summary") ) goto done;
  struct stmt *s = db_prepare(db, "UPDATE needs_assessment SET summary=?2, updated_at=?3 WHERE id=?1");
  stmt_bind_int(s, 1, id);
  stmt_bind_text(s, 2, zSummary ? zSummary : "");
  stmt_bind_int(s, 3, (long long)time(0));
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    assessment_json(&bOld, old->zYear, old->zSummary);
    assessment_json(&bNew, old->zYear, zSummary ? zSummary : "");
    ok = domain_audit(db, u, "update", "needs_assessment", id, old->unitId, &bOld, &bNew);
  }
  if( needs_commit(db, ok, e, "summary") ) rc = id;
done:
  free(old);
  return rc;
}

/* ---- evidence ---- */

#define SOURCE_ORDER(col) \
  "CASE " col " WHEN 'rpb_pna' THEN 0 WHEN 'psb_wellbeing' THEN 1 WHEN 'phw' THEN 2" \
  " WHEN 'cluster_profile' THEN 3 WHEN 'local' THEN 4 ELSE 5 END"

#define EVIDENCE_COLS \
  "e.id, e.assessment_id, e.source, e.title, e.body, COALESCE(e.url,'')," \
  " (SELECT COUNT(*) FROM needs_finding f WHERE f.evidence_id=e.id) FROM needs_evidence e"

static void evidence_from_row(struct stmt *s, struct needs_evidence *p){
  p->id = stmt_int(s, 0);
  p->assessmentId = stmt_int(s, 1);
  text_copy(p->zSource, sizeof p->zSource, stmt_text(s, 2));
  text_copy(p->zTitle, sizeof p->zTitle, stmt_text(s, 3));
  text_copy(p->zBody, sizeof p->zBody, stmt_text(s, 4));
  text_copy(p->zUrl, sizeof p->zUrl, stmt_text(s, 5));
  p->nFindings = (int)stmt_int(s, 6);
}

int needs_evidence_list(struct db *db, long long assessmentId, needs_evidence_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " EVIDENCE_COLS " WHERE e.assessment_id=?1 ORDER BY "
                              SOURCE_ORDER("e.source") ", e.id");
  stmt_bind_int(s, 1, assessmentId);
  struct needs_evidence *p = xmalloc(sizeof *p);
  int n = 0;
  while( stmt_step(s)==1 ){ evidence_from_row(s, p); x(pCtx, p); n++; }
  stmt_done(s);
  free(p);
  return n;
}

bool needs_evidence_get(struct db *db, long long assessmentId, long long id, struct needs_evidence *p){
  struct stmt *s = db_prepare(db, "SELECT " EVIDENCE_COLS " WHERE e.id=?1 AND e.assessment_id=?2");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, assessmentId);
  bool b = stmt_step(s)==1;
  if( b ) evidence_from_row(s, p);
  stmt_done(s);
  return b;
}

static void evidence_json(struct buf *b, const char *zSource, const char *zTitle, const char *zBody, const char *zUrl){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "source", zSource);
  json_kv_str(b, &bFirst, "title", zTitle);
  json_kv_str(b, &bFirst, "body", zBody);
  json_kv_str(b, &bFirst, "url", zUrl ? zUrl : "");
  buf_putc(b, '}');
}

/* True if u may change assessment assessmentId, with its unit in *pUnitId. */
static bool assessment_writable(struct db *db, const struct user *u, long long assessmentId, const char *zToday,
                                long long *pUnitId){
  struct needs_assessment *a = xmalloc(sizeof *a);
  bool b = needs_load(db, assessmentId, a) && needs_can_write(db, u, a->unitId, zToday);
  *pUnitId = b ? a->unitId : 0;
  free(a);
  return b;
}

long long needs_evidence_save(struct db *db, const struct user *u, long long assessmentId, long long evidenceId,
                              const struct needs_evidence_input *in, const char *zToday, struct field_errors *e){
  long long unitId;
  if( !assessment_writable(db, u, assessmentId, zToday, &unitId) ) return -1;
  struct needs_evidence *old = xmalloc(sizeof *old);
  long long rc = -1;
  if( evidenceId>0 && !needs_evidence_get(db, assessmentId, evidenceId, old) ) goto done;
  rc = 0;
  if( needs_source_index(in->zSource)<0 ) field_errors_add(e, "source", "needs.error.source_required");
  else if( evidenceId>0 && old->nFindings>0 && strcmp(old->zSource, in->zSource)!=0 ){
    field_errors_add(e, "source", "needs.error.evidence_source_in_use");
  }
  needs_check_text(e, "title", in->zTitle, true, NEEDS_TITLE_MAX, false, "needs.error.title_required");
  needs_check_text(e, "body", in->zBody, false, NEEDS_TEXT_MAX, true, 0);
  if( !text_blank(in->zUrl) && !needs_url_valid(in->zUrl) ) field_errors_add(e, "url", "needs.error.url_invalid");
  if( e->n || !needs_begin(db, e, "source") ) goto done;
  const char *zUrl = text_blank(in->zUrl) ? 0 : in->zUrl;
  struct stmt *s;
  long long now = (long long)time(0);
  if( evidenceId>0 ){
    s = db_prepare(db, "UPDATE needs_evidence SET source=?2, title=?3, body=?4, url=?5, updated_at=?6 WHERE id=?1");
    stmt_bind_int(s, 1, evidenceId);
  }else{
    s = db_prepare(db, "INSERT INTO needs_evidence(assessment_id,source,title,body,url,created_at,updated_at)"
                       " VALUES(?1,?2,?3,?4,?5,?6,?6) RETURNING id");
    stmt_bind_int(s, 1, assessmentId);
  }
  stmt_bind_text(s, 2, in->zSource);
  stmt_bind_text(s, 3, in->zTitle);
  stmt_bind_text(s, 4, in->zBody ? in->zBody : "");
  stmt_bind_text(s, 5, zUrl);
  stmt_bind_int(s, 6, now);
  long long id = evidenceId>0 ? (stmt_exec(s) ? evidenceId : 0) : domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    struct buf bNew = {0}, bOld = {0};
    evidence_json(&bNew, in->zSource, in->zTitle, in->zBody ? in->zBody : "", zUrl);
    if( evidenceId>0 ) evidence_json(&bOld, old->zSource, old->zTitle, old->zBody, old->zUrl);
    ok = domain_audit(db, u, evidenceId>0 ? "update" : "create", "needs_evidence", id, unitId,
                     evidenceId>0 ? &bOld : 0, &bNew);
    if( evidenceId<=0 ) buf_free(&bOld);
  }
  if( needs_commit(db, ok, e, "source") ) rc = id;
done:
  free(old);
  return rc;
}

long long needs_evidence_delete(struct db *db, const struct user *u, long long assessmentId, long long evidenceId,
                                const char *zToday, struct field_errors *e){
  long long unitId;
  if( !assessment_writable(db, u, assessmentId, zToday, &unitId) ) return -1;
  struct needs_evidence *old = xmalloc(sizeof *old);
  long long rc = -1;
  if( !needs_evidence_get(db, assessmentId, evidenceId, old) ) goto done;
  rc = 0;
  if( !needs_begin(db, e, "evidence") ) goto done;
  struct stmt *s = db_prepare(db, "SELECT COUNT(*) FROM needs_finding WHERE evidence_id=?1");
  stmt_bind_int(s, 1, evidenceId);
  if( domain_first_int(s, 0)!=0 ) field_errors_add(e, "evidence", "needs.error.evidence_in_use");
  if( !field_errors_checked_in_tx(db, e, 0, "evidence", "needs.error.not_saved") ) goto done;
  s = db_prepare(db, "DELETE FROM needs_evidence WHERE id=?1");
  stmt_bind_int(s, 1, evidenceId);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0};
    evidence_json(&bOld, old->zSource, old->zTitle, old->zBody, old->zUrl);
    ok = domain_audit(db, u, "delete", "needs_evidence", evidenceId, unitId, &bOld, 0);
  }
  if( needs_commit(db, ok, e, "evidence") ) rc = evidenceId;
done:
  free(old);
  return rc;
}

/* ---- findings ---- */

#define FINDING_COLS \
  "f.id, f.assessment_id, f.source, COALESCE(f.evidence_id,0), COALESCE(e.title,''), COALESCE(f.indicator_id,0)," \
  " COALESCE(i.code,''), COALESCE(i.name_en,''), COALESCE(i.name_cy,''), COALESCE(f.period,''), f.what, f.so_what," \
  " f.now_what, (SELECT COUNT(*) FROM priority_finding pf WHERE pf.finding_id=f.id)" \
  " FROM needs_finding f LEFT JOIN needs_evidence e ON e.id=f.evidence_id" \
  " LEFT JOIN indicator i ON i.id=f.indicator_id"

static void finding_from_row(struct stmt *s, struct needs_finding *p){
  p->id = stmt_int(s, 0);
  p->assessmentId = stmt_int(s, 1);
  text_copy(p->zSource, sizeof p->zSource, stmt_text(s, 2));
  p->evidenceId = stmt_int(s, 3);
  text_copy(p->zEvidenceTitle, sizeof p->zEvidenceTitle, stmt_text(s, 4));
  p->indicatorId = stmt_int(s, 5);
  text_copy(p->zIndicatorCode, sizeof p->zIndicatorCode, stmt_text(s, 6));
  text_copy(p->zIndicatorNameEn, sizeof p->zIndicatorNameEn, stmt_text(s, 7));
  text_copy(p->zIndicatorNameCy, sizeof p->zIndicatorNameCy, stmt_text(s, 8));
  text_copy(p->zPeriod, sizeof p->zPeriod, stmt_text(s, 9));
  text_copy(p->zWhat, sizeof p->zWhat, stmt_text(s, 10));
  text_copy(p->zSoWhat, sizeof p->zSoWhat, stmt_text(s, 11));
  text_copy(p->zNowWhat, sizeof p->zNowWhat, stmt_text(s, 12));
  p->nPriorities = (int)stmt_int(s, 13);
}

int needs_finding_list(struct db *db, long long assessmentId, needs_finding_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " FINDING_COLS " WHERE f.assessment_id=?1 ORDER BY "
                              SOURCE_ORDER("f.source") ", f.sort_order, f.id");
  stmt_bind_int(s, 1, assessmentId);
  struct needs_finding *p = xmalloc(sizeof *p);
  int n = 0;
  while( stmt_step(s)==1 ){ finding_from_row(s, p); x(pCtx, p); n++; }
  stmt_done(s);
  free(p);
  return n;
}

int needs_finding_priorities(struct db *db, long long findingId, needs_priority_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT p.id, p.title FROM priority_finding pf JOIN priority p ON p.id=pf.priority_id"
    " WHERE pf.finding_id=?1 ORDER BY p.title, p.id");
  stmt_bind_int(s, 1, findingId);
  int n = 0;
  while( stmt_step(s)==1 ){ x(pCtx, stmt_int(s, 0), stmt_text(s, 1)); n++; }
  stmt_done(s);
  return n;
}

bool needs_finding_get(struct db *db, long long assessmentId, long long id, struct needs_finding *p){
  struct stmt *s = db_prepare(db, "SELECT " FINDING_COLS " WHERE f.id=?1 AND f.assessment_id=?2");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, assessmentId);
  bool b = stmt_step(s)==1;
  if( b ) finding_from_row(s, p);
  stmt_done(s);
  return b;
}

static void finding_json(struct buf *b, const char *zSource, long long evidenceId, long long indicatorId,
                         const char *zPeriod, const char *zWhat, const char *zSoWhat, const char *zNowWhat){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "source", zSource);
  if( evidenceId>0 ) json_kv_int(b, &bFirst, "evidence_id", evidenceId); else json_kv_null(b, &bFirst, "evidence_id");
  if( indicatorId>0 ) json_kv_int(b, &bFirst, "indicator_id", indicatorId); else json_kv_null(b, &bFirst, "indicator_id");
  json_kv_str(b, &bFirst, "period", zPeriod ? zPeriod : "");
  json_kv_str(b, &bFirst, "what", zWhat);
  json_kv_str(b, &bFirst, "so_what", zSoWhat);
  json_kv_str(b, &bFirst, "now_what", zNowWhat);
  buf_putc(b, '}');
}

long long needs_finding_save(struct db *db, const struct user *u, long long assessmentId, long long findingId,
                             const struct needs_finding_input *in, const char *zToday, struct field_errors *e){
  long long unitId;
  if( !assessment_writable(db, u, assessmentId, zToday, &unitId) ) return -1;
  struct needs_finding *old = xmalloc(sizeof *old);
  long long rc = -1;
  if( findingId>0 && !needs_finding_get(db, assessmentId, findingId, old) ) goto done;
  rc = 0;
  bool bSource = needs_source_index(in->zSource)>=0;
  if( !bSource ) field_errors_add(e, "source", "needs.error.source_required");
  long long evidenceId = 0, indicatorId = 0;
  if( !domain_parse_id(in->zEvidenceId, &evidenceId) ) field_errors_add(e, "evidence", "needs.error.evidence_invalid");
  if( !domain_parse_id(in->zIndicatorId, &indicatorId) ) field_errors_add(e, "indicator", "needs.error.indicator_invalid");
  const char *zPeriod = indicatorId>0 && !text_blank(in->zPeriod) ? in->zPeriod : 0;
  if( indicatorId>0 && !zPeriod ) field_errors_add(e, "period", "needs.error.period_required");
  else if( zPeriod && (!text_is_clean_utf8(zPeriod, false) || strlen(zPeriod)>=INDICATOR_PERIOD_MAX) ){
    field_errors_add(e, "period", "needs.error.period_invalid");
  }
  needs_check_text(e, "what", in->zWhat, true, NEEDS_TEXT_MAX, true, "needs.error.what_required");
  needs_check_text(e, "so_what", in->zSoWhat, false, NEEDS_TEXT_MAX, true, 0);
  needs_check_text(e, "now_what", in->zNowWhat, false, NEEDS_TEXT_MAX, true, 0);
  int nKeep = e->n;
  if( !needs_begin(db, e, "source") ) goto done;
  if( evidenceId>0 && bSource ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM needs_evidence WHERE id=?1 AND assessment_id=?2 AND source=?3");
    stmt_bind_int(s, 1, evidenceId);
    stmt_bind_int(s, 2, assessmentId);
    stmt_bind_text(s, 3, in->zSource);
    if( domain_first_int(s, 0)!=1 ) field_errors_add(e, "evidence", "needs.error.evidence_invalid");
  }
  if( indicatorId>0 ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM indicator WHERE id=?1");
    stmt_bind_int(s, 1, indicatorId);
    if( domain_first_int(s, 0)!=1 ) field_errors_add(e, "indicator", "needs.error.indicator_invalid");
    else if( zPeriod && !field_errors_get(e, "period") ){
      s = db_prepare(db, "SELECT 1 FROM indicator_value WHERE indicator_id=?1 AND period=?2 LIMIT 1");
      stmt_bind_int(s, 1, indicatorId);
      stmt_bind_text(s, 2, zPeriod);
      if( domain_first_int(s, 0)!=1 ) field_errors_add(e, "period", "needs.error.period_invalid");
    }
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "source", "needs.error.not_saved") ) goto done;
  long long now = (long long)time(0);
  struct stmt *s;
  if( findingId>0 ){
    s = db_prepare(db, "UPDATE needs_finding SET source=?2, evidence_id=?3, indicator_id=?4, period=?5, what=?6,"
                       " so_what=?7, now_what=?8, updated_at=?9 WHERE id=?1");
    stmt_bind_int(s, 1, findingId);
  }else{
    s = db_prepare(db, "INSERT INTO needs_finding(assessment_id,source,evidence_id,indicator_id,period,what,so_what,"
                       "now_what,sort_order,created_at,updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,"
                       " (SELECT COALESCE(MAX(sort_order),0)+1 FROM needs_finding x WHERE x.assessment_id=?1),?9,?9)"
                       " RETURNING id");
    stmt_bind_int(s, 1, assessmentId);
  }
  stmt_bind_text(s, 2, in->zSource);
  if( evidenceId>0 ) stmt_bind_int(s, 3, evidenceId); else stmt_bind_null(s, 3);
  if( indicatorId>0 ) stmt_bind_int(s, 4, indicatorId); else stmt_bind_null(s, 4);
  stmt_bind_text(s, 5, zPeriod);
  stmt_bind_text(s, 6, in->zWhat);
  stmt_bind_text(s, 7, in->zSoWhat ? in->zSoWhat : "");
  stmt_bind_text(s, 8, in->zNowWhat ? in->zNowWhat : "");
  stmt_bind_int(s, 9, now);
  long long id = findingId>0 ? (stmt_exec(s) ? findingId : 0) : domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    struct buf bNew = {0}, bOld = {0};
    finding_json(&bNew, in->zSource, evidenceId, indicatorId, zPeriod, in->zWhat,
                 in->zSoWhat ? in->zSoWhat : "", in->zNowWhat ? in->zNowWhat : "");
    if( findingId>0 ) finding_json(&bOld, old->zSource, old->evidenceId, old->indicatorId, old->zPeriod,
                                   old->zWhat, old->zSoWhat, old->zNowWhat);
    ok = domain_audit(db, u, findingId>0 ? "update" : "create", "needs_finding", id, unitId,
                     findingId>0 ? &bOld : 0, &bNew);
    if( findingId<=0 ) buf_free(&bOld);
  }
  if( needs_commit(db, ok, e, "source") ) rc = id;
done:
  free(old);
  return rc;
}

long long needs_finding_delete(struct db *db, const struct user *u, long long assessmentId, long long findingId,
                               const char *zToday, struct field_errors *e){
  long long unitId;
  if( !assessment_writable(db, u, assessmentId, zToday, &unitId) ) return -1;
  struct needs_finding *old = xmalloc(sizeof *old);
  long long rc = -1;
  if( !needs_finding_get(db, assessmentId, findingId, old) ) goto done;
  rc = 0;
  if( !needs_begin(db, e, "finding") ) goto done;
  struct stmt *s = db_prepare(db, "SELECT COUNT(*) FROM priority_finding WHERE finding_id=?1");
  stmt_bind_int(s, 1, findingId);
  if( domain_first_int(s, 0)!=0 ) field_errors_add(e, "finding", "needs.error.finding_in_use");
  if( !field_errors_checked_in_tx(db, e, 0, "finding", "needs.error.not_saved") ) goto done;
  s = db_prepare(db, "DELETE FROM needs_finding WHERE id=?1");
  stmt_bind_int(s, 1, findingId);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0};
    finding_json(&bOld, old->zSource, old->evidenceId, old->indicatorId, old->zPeriod, old->zWhat,
                 old->zSoWhat, old->zNowWhat);
    ok = domain_audit(db, u, "delete", "needs_finding", findingId, unitId, &bOld, 0);
  }
  if( needs_commit(db, ok, e, "finding") ) rc = findingId;
done:
  free(old);
  return rc;
}

/* ---- the indicators significantly worse than Wales ---- */

struct ind_vec { struct indicator *a; size_t n, nAlloc; };
static void collect_indicator(void *p, const struct indicator *ind){
  struct ind_vec *l = p;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 16;
    l->a = xrealloc(l->a, l->nAlloc*sizeof *l->a);
  }
  l->a[l->n++] = *ind;
}
static void last_period(void *p, const char *zPeriod){ text_copy(p, INDICATOR_PERIOD_MAX, zPeriod); }

int needs_worse_indicators(struct db *db, long long unitId, long long assessmentId, const char *zToday,
                           needs_worse_cb x, void *pCtx){
  struct ind_vec L = {0};
  if( indicator_list(db, collect_indicator, &L)<0 ){ free(L.a); return -1; }
  int n = 0;
  struct needs_worse *w = xmalloc(sizeof *w);
  for(size_t i=0; i<L.n; i++){
    memset(w, 0, sizeof *w);
    w->ind = &L.a[i];
    if( indicator_periods(db, L.a[i].id, last_period, w->zPeriod)<=0 || !w->zPeriod[0] ) continue;
    if( !indicator_compare_unit(db, &L.a[i], unitId, w->zPeriod, 0, zToday, &w->cmp) ){ n = -1; break; }
    if( w->cmp.vsWales95!=INDICATOR_WORSE ) continue;
    w->b99_8 = w->cmp.vsWales99_8==INDICATOR_WORSE;
    w->bWorseThanBoard = w->cmp.vsHealthBoard95==INDICATOR_WORSE;
    if( assessmentId>0 ){
      struct stmt *s = db_prepare(db, "SELECT id FROM needs_finding WHERE assessment_id=?1 AND indicator_id=?2"
                                      " AND period=?3 ORDER BY id");
      stmt_bind_int(s, 1, assessmentId);
      stmt_bind_int(s, 2, L.a[i].id);
      stmt_bind_text(s, 3, w->zPeriod);
      w->findingId = domain_first_int(s, 0);
    }
    x(pCtx, w);
    n++;
  }
  free(w);
  free(L.a);
  return n;
}
