/* Data points of a measure: entered one at a time or imported from CSV,
** annotated, deleted; and the series a chart is drawn from (see qi.h). */
#include "domain/qi_internal.h"
#include "util/json.h"
#include "util/text.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool point_date_taken(struct db *db, long long measureId, const char *zOn){
  struct stmt *s = db_prepare(db, "SELECT 1 FROM qi_point WHERE measure_id=?1 AND on_date=?2");
  stmt_bind_int(s, 1, measureId);
  stmt_bind_text(s, 2, zOn);
  return domain_has_row(s);
}

/* Check an annotation: a note and "" or a cycle of the project. */
static void annotation_validate(struct db *db, long long projectId, const char *zNote, const char *zPdsaId,
                                long long *pPdsa, struct field_errors *e){
  domain_check_text(e, "note", zNote, false, QI_TEXT_MAX, true, 0, "qi.point.error.note_too_long",
             "qi.point.error.bad_characters");
  long long pdsa = 0;
  bool bOk = domain_parse_id(zPdsaId, &pdsa);
  if( bOk && pdsa>0 ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM qi_pdsa WHERE id=?1 AND project_id=?2");
    stmt_bind_int(s, 1, pdsa);
    stmt_bind_int(s, 2, projectId);
    bOk = domain_has_row(s);
  }
  if( !bOk ){ field_errors_add(e, "pdsa", "qi.point.error.pdsa_invalid"); pdsa = 0; }
  *pPdsa = pdsa;
}

/* A number field of a point: required, a number, within range. */
static bool point_number(struct field_errors *e, const char *zField, const char *z, const char *zRequiredKey,
                         double *pOut){
  if( text_blank(z) ){ field_errors_add(e, zField, zRequiredKey); return false; }
  if( !qi_parse_number(z, pOut) ){ field_errors_add(e, zField, "qi.point.error.not_number"); return false; }
  if( fabs(*pOut)>QI_VALUE_MAX ){ field_errors_add(e, zField, "qi.point.error.too_large"); return false; }
  return true;
}

struct point_row {
  long long id, measureId, pdsaId;
  char zOn[11];
  double value, num, den;
  char *zNote;
};

/* A point of measure zMeasure with the annotation zNote and pdsa. */
static void point_audit_json(struct buf *b, const char *zMeasure, const struct point_row *r,
                             const char *zNote, long long pdsa){
  bool bFirst = true;
  char z[40];
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "measure", zMeasure);
  json_kv_str(b, &bFirst, "on", r->zOn);
  qi_fmt_double(r->value, z);
  json_kv_str(b, &bFirst, "value", z);
  if( !isnan(r->num) ){ qi_fmt_double(r->num, z); json_kv_str(b, &bFirst, "numerator", z); }
  if( !isnan(r->den) ){ qi_fmt_double(r->den, z); json_kv_str(b, &bFirst, "denominator", z); }
  if( zNote && zNote[0] ) json_kv_str(b, &bFirst, "note", zNote);
  if( pdsa>0 ) json_kv_int(b, &bFirst, "pdsa", pdsa);
  buf_putc(b, '}');
}

long long qi_point_add(struct db *db, const struct user *u, long long measureId,
                       const struct qi_point_input *in, const char *zToday, struct field_errors *e){
  long long unitId = 0, rc = 0;
  /* The measure and the checks that read (a point on the date already,
  ** the cycle of the annotation) are read inside the write transaction:
  ** what they found still holds when the point is written, and a read
  ** that fails refuses. */
  if( !qi_begin(db, e, "on") ) return 0;
  struct qi_measure *m = qi_measure_for_write(db, u, measureId, zToday, &unitId);
  if( !m ){ rc = field_errors_refuse_in_tx(db, e, "on", "qi.error.not_saved"); goto done; }
  struct point_row r = { .measureId = measureId, .value = NAN, .num = NAN, .den = NAN };
  char zLatest[11];
  qi_latest_measured(zToday, zLatest);
  if( text_blank(in->zOn) ) field_errors_add(e, "on", "qi.point.error.date_required");
  else if( !qi_parse_date(in->zOn, r.zOn) ) field_errors_add(e, "on", "qi.point.error.date_invalid");
  else if( strcmp(r.zOn, zLatest)>0 ) field_errors_add(e, "on", "qi.point.error.date_future");
  else if( point_date_taken(db, measureId, r.zOn) ) field_errors_add(e, "on", "qi.point.error.date_taken");
  if( qi_is_ratio(m->zChart) ){
    bool bNum = point_number(e, "numerator", in->zNumerator, "qi.point.error.numerator_required", &r.num);
    bool bDen = point_number(e, "denominator", in->zDenominator, "qi.point.error.denominator_required", &r.den);
    if( bNum && r.num<0 ){ field_errors_add(e, "numerator", "qi.point.error.numerator_negative"); bNum = false; }
    if( bDen && r.den<=0 ){ field_errors_add(e, "denominator", "qi.point.error.denominator_zero"); bDen = false; }
    if( bNum && bDen && strcmp(m->zChart, "p")==0 && r.num>r.den ){
      field_errors_add(e, "numerator", "qi.point.error.numerator_exceeds");
    }
    if( bNum && bDen ){
      r.value = r.num/r.den;
      if( !isfinite(r.value) || fabs(r.value)>QI_VALUE_MAX ) field_errors_add(e, "denominator", "qi.point.error.too_large");
    }
  }else{
    point_number(e, "value", in->zValue, "qi.point.error.value_required", &r.value);
  }
  annotation_validate(db, m->projectId, in->zNote, in->zPdsaId, &r.pdsaId, e);
  if( !field_errors_checked_in_tx(db, e, 0, "on", "qi.error.not_saved") ) goto done;
  struct stmt *s = db_prepare(db,
    "INSERT INTO qi_point(measure_id,on_date,value,numerator,denominator,note,pdsa_id)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7) RETURNING id");
  stmt_bind_int(s, 1, measureId);
  stmt_bind_text(s, 2, r.zOn);
  stmt_bind_double(s, 3, r.value);
  stmt_bind_double(s, 4, r.num);
  stmt_bind_double(s, 5, r.den);
  stmt_bind_text(s, 6, qi_nonblank(in->zNote));
  if( r.pdsaId>0 ) stmt_bind_int(s, 7, r.pdsaId); else stmt_bind_null(s, 7);
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( !ok && db_last_was_unique_violation(db) ){
    db_rollback(db);
    field_errors_add(e, "on", "qi.point.error.date_taken");
    goto done;
  }
  if( ok ){
    struct buf b = {0};
    point_audit_json(&b, m->zName, &r, qi_nonblank(in->zNote), r.pdsaId);
    ok = domain_audit(db, u, "create", "qi_point", id, unitId, 0, &b);
  }
  if( qi_commit(db, ok, e, "on") ) rc = id;
done:
  free(m);
  return rc;
}

static void point_from_row(struct stmt *s, struct point_row *r){
  r->id = stmt_int(s, 0);
  r->measureId = stmt_int(s, 1);
  r->pdsaId = stmt_int(s, 2);
  text_copy(r->zOn, sizeof r->zOn, stmt_text(s, 3));
  r->value = stmt_double(s, 4);
  r->num = stmt_double(s, 5);
  r->den = stmt_double(s, 6);
  r->zNote = xstrdup(stmt_text(s, 7));
}

/* Load point id (r->zNote freed by the caller) if pUser may change its
** measure; the measure (freed by the caller) or NULL. */
static struct qi_measure *point_for_write(struct db *db, const struct user *u, long long id, const char *zToday,
                                          struct point_row *r, long long *pUnitId){
  struct stmt *s = db_prepare(db,
    "SELECT id, measure_id, COALESCE(pdsa_id,0), on_date, value, numerator"
    ", denominator, COALESCE(note,'') FROM qi_point WHERE id=?1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) point_from_row(s, r);
  stmt_done(s);
  if( !b ) return 0;
  return qi_measure_for_write(db, u, r->measureId, zToday, pUnitId);
}

long long qi_point_annotate(struct db *db, const struct user *u, long long pointId, const char *zNote,
                            const char *zPdsaId, const char *zToday, struct field_errors *e){
  struct point_row r = {0};
  long long unitId = 0, rc = -1;
  struct qi_measure *m = point_for_write(db, u, pointId, zToday, &r, &unitId);
  if( !m ) goto done;
  rc = 0;
  long long pdsa = 0;
  annotation_validate(db, m->projectId, zNote, zPdsaId, &pdsa, e);
  if( e->n || !qi_begin(db, e, "note") ) goto done;
  struct stmt *s = db_prepare(db, "UPDATE qi_point SET note=?1, pdsa_id=?2 WHERE id=?3");
  stmt_bind_text(s, 1, qi_nonblank(zNote));
  if( pdsa>0 ) stmt_bind_int(s, 2, pdsa); else stmt_bind_null(s, 2);
  stmt_bind_int(s, 3, pointId);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    point_audit_json(&bOld, m->zName, &r, r.zNote, r.pdsaId);
    point_audit_json(&bNew, m->zName, &r, qi_nonblank(zNote), pdsa);
    ok = domain_audit(db, u, "update", "qi_point", pointId, unitId, &bOld, &bNew);
  }
  if( qi_commit(db, ok, e, "note") ) rc = pointId;
done:
  free(r.zNote);
  free(m);
  return rc;
}

long long qi_point_delete(struct db *db, const struct user *u, long long pointId, const char *zToday){
  struct point_row r = {0};
  long long unitId = 0, rc = -1;
  struct qi_measure *m = point_for_write(db, u, pointId, zToday, &r, &unitId);
  if( !m || !qi_begin(db, 0, 0) ) goto done;
  /* A rebase from this date goes with it: limits are recalculated only
  ** from a date that has a point. */
  struct stmt *s = db_prepare(db, "DELETE FROM qi_rebase WHERE measure_id=?1 AND from_date=?2");
  stmt_bind_int(s, 1, r.measureId);
  stmt_bind_text(s, 2, r.zOn);
  bool ok = stmt_exec(s);
  if( ok ){
    s = db_prepare(db, "DELETE FROM qi_point WHERE id=?1");
    stmt_bind_int(s, 1, pointId);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf b = {0};
    point_audit_json(&b, m->zName, &r, r.zNote, r.pdsaId);
    ok = domain_audit(db, u, "delete", "qi_point", pointId, unitId, &b, 0);
  }
  if( qi_commit(db, ok, 0, 0) ) rc = pointId;
done:
  free(r.zNote);
  free(m);
  return rc;
}

/* ---- series ---------------------------------------------------------------------- */

void qi_series_free(struct qi_series *p){
  if( !p ) return;
  for(size_t i=0; i<p->n; i++){
    if( p->azNote ) free(p->azNote[i]);
    if( p->azPdsaTitle ) free(p->azPdsaTitle[i]);
  }
  for(size_t i=0; i<p->nRebase; i++) if( p->azRebaseReason ) free(p->azRebaseReason[i]);
  free(p->aId); free(p->azDate); free(p->aValue); free(p->aNum); free(p->aDen);
  free(p->azNote); free(p->aPdsaId); free(p->azPdsaTitle);
  free(p->aRebase); free(p->azRebaseDate); free(p->azRebaseReason);
  memset(p, 0, sizeof *p);
}

/* Room for more points in p's arrays (doubling, from 256); the new
** annotation slots are empty. */
static void series_grow(struct qi_series *p, size_t *pnAlloc){
  size_t nOld = *pnAlloc, nNew = nOld ? 2*nOld : 256;
  p->aId = xrealloc(p->aId, nNew*sizeof *p->aId);
  p->azDate = xrealloc(p->azDate, nNew*sizeof *p->azDate);
  p->aValue = xrealloc(p->aValue, nNew*sizeof *p->aValue);
  p->aNum = xrealloc(p->aNum, nNew*sizeof *p->aNum);
  p->aDen = xrealloc(p->aDen, nNew*sizeof *p->aDen);
  p->azNote = xrealloc(p->azNote, nNew*sizeof *p->azNote);
  p->aPdsaId = xrealloc(p->aPdsaId, nNew*sizeof *p->aPdsaId);
  p->azPdsaTitle = xrealloc(p->azPdsaTitle, nNew*sizeof *p->azPdsaTitle);
  memset(p->azNote + nOld, 0, (nNew-nOld)*sizeof *p->azNote);
  memset(p->aPdsaId + nOld, 0, (nNew-nOld)*sizeof *p->aPdsaId);
  memset(p->azPdsaTitle + nOld, 0, (nNew-nOld)*sizeof *p->azPdsaTitle);
  *pnAlloc = nNew;
}

bool qi_series_load(struct db *db, long long measureId, struct qi_series *p){
  memset(p, 0, sizeof *p);
  struct stmt *s = db_prepare(db, "SELECT chart FROM qi_measure WHERE id=?1");
  stmt_bind_int(s, 1, measureId);
  if( stmt_step(s)!=1 ){ stmt_done(s); return false; }
  bool bRatio = qi_is_ratio(stmt_text(s, 0));
  stmt_done(s);
  size_t nAlloc = 0;
  /* The figures, from the covering index qi_point_series (migration
  ** 0007); then the annotations, from qi_point_annotated, merged in by
  ** date (both ascend). */
  s = db_prepare(db,
    "SELECT id, on_date, value, numerator, denominator FROM qi_point"
    " WHERE measure_id=?1 ORDER BY on_date");
  stmt_bind_int(s, 1, measureId);
  int rc;
  while( (rc = stmt_step(s))==1 ){
    if( p->n>=nAlloc ) series_grow(p, &nAlloc);
    size_t i = p->n++;
    p->aId[i] = stmt_int(s, 0);
    text_copy(p->azDate[i], sizeof p->azDate[i], stmt_text(s, 1));
    p->aValue[i] = stmt_double(s, 2);
    p->aNum[i] = bRatio ? stmt_double(s, 3) : NAN;
    p->aDen[i] = bRatio ? stmt_double(s, 4) : NAN;
  }
  stmt_done(s);
  if( rc<0 ){ qi_series_free(p); return false; }
  if( nAlloc==0 ) series_grow(p, &nAlloc);   /* no points: the arrays exist all the same */
  s = db_prepare(db,
    "SELECT x.on_date, x.note, COALESCE(x.pdsa_id,0), c.title"
    "  FROM qi_point x LEFT JOIN qi_pdsa c ON c.id=x.pdsa_id"
    " WHERE x.measure_id=?1 AND (x.note IS NOT NULL OR x.pdsa_id IS NOT NULL) ORDER BY x.on_date");
  stmt_bind_int(s, 1, measureId);
  size_t j = 0;
  while( (rc = stmt_step(s))==1 ){
    const char *zOn = stmt_text(s, 0);
    while( j<p->n && strcmp(p->azDate[j], zOn)<0 ) j++;
    if( j>=p->n || strcmp(p->azDate[j], zOn)!=0 ) continue;
    p->azNote[j] = stmt_is_null(s, 1) ? 0 : xstrdup(stmt_text(s, 1));
    p->aPdsaId[j] = stmt_int(s, 2);
    p->azPdsaTitle[j] = stmt_is_null(s, 3) ? 0 : xstrdup(stmt_text(s, 3));
  }
  stmt_done(s);
  if( rc<0 ){ qi_series_free(p); return false; }
  /* Rebases: the index of the first point on or after each date, kept
  ** only when valid for the statistics (ascending, > 0, < n). */
  s = db_prepare(db, "SELECT from_date, reason FROM qi_rebase WHERE measure_id=?1 ORDER BY from_date");
  stmt_bind_int(s, 1, measureId);
  size_t nRAlloc = 0;
  size_t k = 0;
  while( (rc = stmt_step(s))==1 ){
    const char *zFrom = stmt_text(s, 0);
    while( k<p->n && strcmp(p->azDate[k], zFrom)<0 ) k++;
    if( k==0 || k>=p->n ) continue;
    if( p->nRebase>0 && p->aRebase[p->nRebase-1]==k ) continue;
    if( p->nRebase>=nRAlloc ){
      nRAlloc = nRAlloc ? nRAlloc*2 : 4;
      p->aRebase = xrealloc(p->aRebase, nRAlloc*sizeof *p->aRebase);
      p->azRebaseDate = xrealloc(p->azRebaseDate, nRAlloc*sizeof *p->azRebaseDate);
      p->azRebaseReason = xrealloc(p->azRebaseReason, nRAlloc*sizeof *p->azRebaseReason);
    }
    p->aRebase[p->nRebase] = k;
    text_copy(p->azRebaseDate[p->nRebase], sizeof p->azRebaseDate[0], zFrom);
    p->azRebaseReason[p->nRebase] = xstrdup(stmt_text(s, 1));
    p->nRebase++;
  }
  stmt_done(s);
  if( rc<0 ){ qi_series_free(p); return false; }
  return true;
}

/* ---- CSV import -------------------------------------------------------------------- */

/* Record an error found at import into the parsed file, keeping aError
** ordered by line (the first QI_CSV_MAX_ERRORS lines). */
static void csv_error_insert(struct qi_csv *c, int line, int column, const char *zKey, const char *zText){
  c->nError++;
  int nKept = c->nError-1<QI_CSV_MAX_ERRORS ? c->nError-1 : QI_CSV_MAX_ERRORS;
  int at = nKept;
  while( at>0 && c->aError[at-1].line>line ) at--;
  if( at>=QI_CSV_MAX_ERRORS ) return;
  int nMove = (nKept<QI_CSV_MAX_ERRORS ? nKept : QI_CSV_MAX_ERRORS-1) - at;
  if( nMove>0 ) memmove(&c->aError[at+1], &c->aError[at], (size_t)nMove*sizeof c->aError[0]);
  c->aError[at].line = line;
  c->aError[at].column = column;
  c->aError[at].zKey = zKey;
  text_copy(c->aError[at].zText, sizeof c->aError[at].zText, zText);
}

long long qi_points_import(struct db *db, const struct user *u, long long measureId,
                           struct qi_csv *c, bool bValidOnly, const char *zToday,
                           struct field_errors *e){
  long long unitId = 0, rc = -1;
  char *aTaken = 0;
  struct qi_measure *m = qi_measure_for_write(db, u, measureId, zToday, &unitId);
  if( !m ) goto done;
  rc = 0;
  if( c->bFileError ){
    field_errors_add(e, "file", c->nError>0 ? c->aError[0].zKey : "qi.import.error.empty");
    goto done;
  }
  bool bRatio = qi_is_ratio(m->zChart);
  for(size_t i=0; i<c->n; i++){
    if( c->aRow[i].bRatio!=bRatio ){ field_errors_add(e, "file", "qi.import.error.chart"); goto done; }
  }
  /* Dates after today (a measurement has happened; 2062 for 2026 is a
  ** slip) and dates the measure already has: errors by line, rows taken
  ** out of aRow (both lists ascend, so one merge walk). aTaken: 1 the
  ** date is taken, 2 it is in the future. */
  struct stmt *s = db_prepare(db, "SELECT on_date FROM qi_point WHERE measure_id=?1 ORDER BY on_date");
  stmt_bind_int(s, 1, measureId);
  size_t k = 0, nTaken = 0;
  aTaken = xcalloc(c->n ? c->n : 1, 1);
  int st;
  while( (st = stmt_step(s))==1 && k<c->n ){
    const char *zOn = stmt_text(s, 0);
    while( k<c->n && strcmp(c->aRow[k].zOn, zOn)<0 ) k++;
    if( k<c->n && strcmp(c->aRow[k].zOn, zOn)==0 ){ aTaken[k] = 1; nTaken++; k++; }
  }
  stmt_done(s);
  if( st<0 ){ field_errors_add(e, "file", "qi.error.not_saved"); goto done; }
  char zLatest[11];
  qi_latest_measured(zToday, zLatest);
  for(size_t i=c->n; i>0 && strcmp(c->aRow[i-1].zOn, zLatest)>0; i--){
    if( !aTaken[i-1] ) nTaken++;
    aTaken[i-1] = 2;
  }
  if( nTaken ){
    size_t j = 0;
    for(size_t i=0; i<c->n; i++){
      if( aTaken[i] ){
        csv_error_insert(c, c->aRow[i].line, 1,
                         aTaken[i]==2 ? "qi.import.error.date_future" : "qi.import.error.date_exists", c->aRow[i].zOn);
        c->nRejected++;
      }else{
        c->aRow[j++] = c->aRow[i];
      }
    }
    c->n = j;
  }
  if( c->nError>0 && !bValidOnly ){ field_errors_add(e, "file", "qi.import.error.has_errors"); goto done; }
  if( c->n==0 ){ field_errors_add(e, "file", "qi.import.error.no_valid_rows"); goto done; }
  if( !qi_begin(db, e, "file") ) goto done;
  bool ok = true;
  for(size_t i=0; ok && i<c->n; i++){
    const struct qi_csv_row *r = &c->aRow[i];
    s = db_prepare(db,
      "INSERT INTO qi_point(measure_id,on_date,value,numerator,denominator) VALUES(?1,?2,?3,?4,?5)");
    stmt_bind_int(s, 1, measureId);
    stmt_bind_text(s, 2, r->zOn);
    stmt_bind_double(s, 3, r->value);
    if( bRatio ){
      stmt_bind_double(s, 4, r->num);
      stmt_bind_double(s, 5, r->den);
    }else{
      stmt_bind_null(s, 4);
      stmt_bind_null(s, 5);
    }
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_str(&b, &bFirst, "measure", m->zName);
    json_kv_str(&b, &bFirst, "import", "csv");
    json_kv_int(&b, &bFirst, "count", (long long)c->n);
    json_kv_str(&b, &bFirst, "from", c->aRow[0].zOn);
    json_kv_str(&b, &bFirst, "to", c->aRow[c->n-1].zOn);
    json_kv_int(&b, &bFirst, "lines_left_out", (long long)c->nRejected);
    buf_putc(&b, '}');
    /* One entry for the whole import (the log allows create, update and
    ** delete): entity qi_point, the measure's id. */
    ok = domain_audit(db, u, "create", "qi_point", measureId, unitId, 0, &b);
  }
  if( qi_commit(db, ok, e, "file") ) rc = (long long)c->n;
done:
  free(aTaken);
  free(m);
  return rc;
}

