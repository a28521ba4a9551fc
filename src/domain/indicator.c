/*
** Population-health indicators: the catalogue, values, what is computed
** from them and the import (see indicator.h).
*/
#include "domain/unit.h"
#include "domain/indicator.h"
#include "domain/audit.h"
#include "domain/esp2013.h"
#include "domain/qi.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/text.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the catalogue -------------------------------------------------------------- */

const char *indicator_name(const struct indicator *p, enum lang lang){
  return lang==LANG_CY && p->zNameCy[0] ? p->zNameCy : p->zNameEn;
}

bool indicator_can_manage(const struct user *u){
  return u && u->id>0 && (u->role==ROLE_ADMIN || u->role==ROLE_NATIONAL);
}

#define INDICATOR_COLUMNS \
  "id,code,name_en,name_cy,numerator_en,numerator_cy,denominator_en,denominator_cy,kind,multiplier," \
  "polarity,source,period_type,age_from,age_to,sort_order,created_at,updated_at"

static void indicator_read(struct stmt *s, struct indicator *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  text_copy(p->zCode, sizeof p->zCode, stmt_text(s, 1));
  text_copy(p->zNameEn, sizeof p->zNameEn, stmt_text(s, 2));
  text_copy(p->zNameCy, sizeof p->zNameCy, stmt_text(s, 3));
  text_copy(p->zNumeratorEn, sizeof p->zNumeratorEn, stmt_text(s, 4));
  text_copy(p->zNumeratorCy, sizeof p->zNumeratorCy, stmt_text(s, 5));
  text_copy(p->zDenominatorEn, sizeof p->zDenominatorEn, stmt_text(s, 6));
  text_copy(p->zDenominatorCy, sizeof p->zDenominatorCy, stmt_text(s, 7));
  if( !indicator_kind_parse(stmt_text(s, 8), &p->kind) ) p->kind = INDICATOR_COUNT;
  p->multiplier = stmt_double(s, 9);
  if( !indicator_polarity_parse(stmt_text(s, 10), &p->polarity) ) p->polarity = INDICATOR_NEITHER;
  text_copy(p->zSource, sizeof p->zSource, stmt_text(s, 11));
  if( !indicator_period_type_parse(stmt_text(s, 12), &p->periodType) ) p->periodType = INDICATOR_FINANCIAL_YEAR;
  p->ageFrom = (int)stmt_int(s, 13);
  p->ageTo = stmt_is_null(s, 14) ? -1 : (int)stmt_int(s, 14);
  if( !indicator_band_range(p->ageFrom, p->ageTo, &p->firstBand, &p->lastBand) ){
    p->firstBand = 0;
    p->lastBand = INDICATOR_BANDS-1;
  }
  p->sortOrder = stmt_int(s, 15);
  p->createdAt = stmt_int(s, 16);
  p->updatedAt = stmt_int(s, 17);
}

int indicator_list(struct db *db, indicator_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " INDICATOR_COLUMNS " FROM indicator ORDER BY sort_order, code");
  int n = 0, rc;
  struct indicator *p = xmalloc(sizeof *p);
  while( (rc = stmt_step(s))==1 ){
    indicator_read(s, p);
    x(pCtx, p);
    n++;
  }
  stmt_done(s);
  free(p);
  return rc<0 ? -1 : n;
}

bool indicator_get(struct db *db, long long id, struct indicator *p){
  struct stmt *s = db_prepare(db, "SELECT " INDICATOR_COLUMNS " FROM indicator WHERE id=?1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) indicator_read(s, p);
  stmt_done(s);
  return b;
}

bool indicator_get_by_code(struct db *db, const char *zCode, struct indicator *p){
  struct stmt *s = db_prepare(db, "SELECT " INDICATOR_COLUMNS " FROM indicator WHERE code=?1");
  stmt_bind_text(s, 1, zCode);
  bool b = stmt_step(s)==1;
  if( b ) indicator_read(s, p);
  stmt_done(s);
  return b;
}

/* The input checked, as it will be stored. */
struct checked {
  enum indicator_kind kind;
  enum indicator_polarity polarity;
  enum indicator_period_type periodType;
  double multiplier;
  long long ageFrom, ageTo;           /* ageTo -1: none */
  long long sortOrder;
};

static bool code_ok(const char *z){
  size_t n = strlen(z);
  if( n==0 || n>INDICATOR_CODE_MAX || z[0]<'a' || z[0]>'z' ) return false;
  for(size_t i=0; i<n; i++){
    char c = z[i];
    if( !((c>='a' && c<='z') || (c>='0' && c<='9') || c=='_') ) return false;
  }
  return true;
}

static void check_text(struct field_errors *e, const char *zField, const char *z, bool bRequired,
                       size_t nMax, bool bMultiline, const char *zRequiredKey){
  if( text_blank(z) ){
    if( bRequired ) field_errors_add(e, zField, zRequiredKey);
    return;
  }
  if( !text_is_clean_utf8(z, bMultiline) ) field_errors_add(e, zField, "indicator.error.text_invalid");
  else if( text_utf8_chars(z)>nMax ) field_errors_add(e, zField, "indicator.error.too_long");
}

static void validate(const struct indicator_input *in, struct checked *c, struct field_errors *e){
  memset(c, 0, sizeof *c);
  c->ageTo = -1;
  if( text_blank(in->zCode) ) field_errors_add(e, "code", "indicator.error.code_required");
  else if( !code_ok(in->zCode) ) field_errors_add(e, "code", "indicator.error.code_invalid");
  check_text(e, "name_en", in->zNameEn, true, INDICATOR_NAME_MAX, false, "indicator.error.name_en_required");
  check_text(e, "name_cy", in->zNameCy, true, INDICATOR_NAME_MAX, false, "indicator.error.name_cy_required");
  bool bKind = in->zKind && indicator_kind_parse(in->zKind, &c->kind);
  if( !bKind ) field_errors_add(e, "kind", "indicator.error.kind");
  check_text(e, "numerator_en", in->zNumeratorEn, true, INDICATOR_DEFINITION_MAX, true,
             "indicator.error.numerator_required");
  check_text(e, "numerator_cy", in->zNumeratorCy, true, INDICATOR_DEFINITION_MAX, true,
             "indicator.error.numerator_required");
  bool bDen = !bKind || c->kind!=INDICATOR_COUNT;
  check_text(e, "denominator_en", in->zDenominatorEn, bDen, INDICATOR_DEFINITION_MAX, true,
             "indicator.error.denominator_required");
  check_text(e, "denominator_cy", in->zDenominatorCy, bDen, INDICATOR_DEFINITION_MAX, true,
             "indicator.error.denominator_required");
  if( text_blank(in->zMultiplier) || !qi_parse_number(in->zMultiplier, &c->multiplier)
   || !(c->multiplier>0) || c->multiplier>INDICATOR_MULTIPLIER_MAX ){
    field_errors_add(e, "multiplier", "indicator.error.multiplier");
  }
  if( !in->zPolarity || !indicator_polarity_parse(in->zPolarity, &c->polarity) ){
    field_errors_add(e, "polarity", "indicator.error.polarity");
  }
  check_text(e, "source", in->zSource, true, INDICATOR_SOURCE_MAX, false, "indicator.error.source_required");
  if( !in->zPeriodType || !indicator_period_type_parse(in->zPeriodType, &c->periodType) ){
    field_errors_add(e, "period_type", "indicator.error.period_type");
  }
  bool bFrom = text_blank(in->zAgeFrom) || (text_to_int(in->zAgeFrom, 0, 90, &c->ageFrom) && c->ageFrom%5==0);
  if( !bFrom ) field_errors_add(e, "age_from", "indicator.error.age_from");
  if( !text_blank(in->zAgeTo) ){
    if( !text_to_int(in->zAgeTo, 5, 90, &c->ageTo) || c->ageTo%5!=0 ) field_errors_add(e, "age_to", "indicator.error.age_to");
    else if( bFrom && c->ageTo<=c->ageFrom ) field_errors_add(e, "age_to", "indicator.error.age_to_order");
  }
  if( !text_blank(in->zSortOrder) && !text_to_int(in->zSortOrder, -1000000, 1000000, &c->sortOrder) ){
    field_errors_add(e, "sort_order", "indicator.error.sort_order");
  }
}

static void put_json_text(struct buf *b, bool *pbFirst, const char *zKey, const char *z){
  json_kv_str(b, pbFirst, zKey, text_blank(z) ? "" : z);
}

/* The record as the audit log keeps it. */
static void indicator_json(struct buf *b, const struct indicator *p){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "code", p->zCode);
  json_kv_str(b, &bFirst, "name_en", p->zNameEn);
  json_kv_str(b, &bFirst, "name_cy", p->zNameCy);
  json_kv_str(b, &bFirst, "numerator_en", p->zNumeratorEn);
  json_kv_str(b, &bFirst, "numerator_cy", p->zNumeratorCy);
  json_kv_str(b, &bFirst, "denominator_en", p->zDenominatorEn);
  json_kv_str(b, &bFirst, "denominator_cy", p->zDenominatorCy);
  json_kv_str(b, &bFirst, "kind", indicator_kind_code(p->kind));
  json_kv_double(b, &bFirst, "multiplier", p->multiplier);
  json_kv_str(b, &bFirst, "polarity", indicator_polarity_code(p->polarity));
  json_kv_str(b, &bFirst, "source", p->zSource);
  json_kv_str(b, &bFirst, "period_type", indicator_period_type_code(p->periodType));
  json_kv_int(b, &bFirst, "age_from", p->ageFrom);
  if( p->ageTo<0 ) json_kv_null(b, &bFirst, "age_to"); else json_kv_int(b, &bFirst, "age_to", p->ageTo);
  json_kv_int(b, &bFirst, "sort_order", p->sortOrder);
  buf_putc(b, '}');
}

/* The same for what is about to be written. */
static void input_json(struct buf *b, const struct indicator_input *in, const struct checked *c){
  bool bFirst = true;
  buf_putc(b, '{');
  put_json_text(b, &bFirst, "code", in->zCode);
  put_json_text(b, &bFirst, "name_en", in->zNameEn);
  put_json_text(b, &bFirst, "name_cy", in->zNameCy);
  put_json_text(b, &bFirst, "numerator_en", in->zNumeratorEn);
  put_json_text(b, &bFirst, "numerator_cy", in->zNumeratorCy);
  put_json_text(b, &bFirst, "denominator_en", in->zDenominatorEn);
  put_json_text(b, &bFirst, "denominator_cy", in->zDenominatorCy);
  json_kv_str(b, &bFirst, "kind", indicator_kind_code(c->kind));
  json_kv_double(b, &bFirst, "multiplier", c->multiplier);
  json_kv_str(b, &bFirst, "polarity", indicator_polarity_code(c->polarity));
  put_json_text(b, &bFirst, "source", in->zSource);
  json_kv_str(b, &bFirst, "period_type", indicator_period_type_code(c->periodType));
  json_kv_int(b, &bFirst, "age_from", c->ageFrom);
  if( c->ageTo<0 ) json_kv_null(b, &bFirst, "age_to"); else json_kv_int(b, &bFirst, "age_to", c->ageTo);
  json_kv_int(b, &bFirst, "sort_order", c->sortOrder);
  buf_putc(b, '}');
}

/* Bind ?2.. of an insert or update: the columns in INSERT's order. */
static void input_bind(struct stmt *s, const struct indicator_input *in, const struct checked *c, long long now){
  stmt_bind_text(s, 2, in->zCode);
  stmt_bind_text(s, 3, in->zNameEn);
  stmt_bind_text(s, 4, in->zNameCy);
  stmt_bind_text(s, 5, in->zNumeratorEn);
  stmt_bind_text(s, 6, in->zNumeratorCy);
  stmt_bind_text(s, 7, text_blank(in->zDenominatorEn) ? "" : in->zDenominatorEn);
  stmt_bind_text(s, 8, text_blank(in->zDenominatorCy) ? "" : in->zDenominatorCy);
  stmt_bind_text(s, 9, indicator_kind_code(c->kind));
  stmt_bind_double(s, 10, c->multiplier);
  stmt_bind_text(s, 11, indicator_polarity_code(c->polarity));
  stmt_bind_text(s, 12, in->zSource);
  stmt_bind_text(s, 13, indicator_period_type_code(c->periodType));
  stmt_bind_int(s, 14, c->ageFrom);
  if( c->ageTo<0 ) stmt_bind_null(s, 15); else stmt_bind_int(s, 15, c->ageTo);
  stmt_bind_int(s, 16, c->sortOrder);
  stmt_bind_int(s, 17, now);
}

/* Whether another indicator than id has code zCode; -1 on a database error. */
static int code_taken(struct db *db, const char *zCode, long long id){
  struct stmt *s = db_prepare(db, "SELECT 1 FROM indicator WHERE code=?1 AND id<>?2");
  stmt_bind_text(s, 1, zCode);
  stmt_bind_int(s, 2, id);
  int rc = stmt_step(s);
  stmt_done(s);
  return rc<0 ? -1 : rc==1;
}

long long indicator_create(struct db *db, const struct user *u, const struct indicator_input *in,
                           struct field_errors *e){
  if( !indicator_can_manage(u) ) return -1;
  struct checked c;
  validate(in, &c, e);
  int nKeep = e->n;
  if( !db_begin(db) ){ field_errors_add(e, "code", "indicator.error.not_saved"); return 0; }
  if( !field_errors_get(e, "code") && code_taken(db, in->zCode, 0)==1 ){
    field_errors_add(e, "code", "indicator.error.code_taken");
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "code", "indicator.error.not_saved") ) return 0;
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "INSERT INTO indicator(code,name_en,name_cy,numerator_en,numerator_cy,denominator_en,denominator_cy,"
    " kind,multiplier,polarity,source,period_type,age_from,age_to,sort_order,created_at,updated_at)"
    " VALUES(?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?17) RETURNING id");
  input_bind(s, in, &c, now);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  bool ok = id>0;
  if( ok ){
    struct buf b = {0};
    input_json(&b, in, &c);
    ok = audit_record(db, u, "create", "indicator", id, 0, 0, buf_cstr(&b));
    buf_free(&b);
  }
  if( ok && db_commit(db) ) return id;
  db_rollback(db);
  field_errors_add(e, "code", "indicator.error.not_saved");
  return 0;
}

long long indicator_update(struct db *db, const struct user *u, long long id,
                           const struct indicator_input *in, struct field_errors *e){
  if( !indicator_can_manage(u) ) return -1;
  struct checked c;
  validate(in, &c, e);
  int nKeep = e->n;
  if( !db_begin(db) ){ field_errors_add(e, "code", "indicator.error.not_saved"); return 0; }
  struct indicator *old = xmalloc(sizeof *old);
  if( !indicator_get(db, id, old) ){
    free(old);
    return field_errors_refuse_in_tx(db, e, "code", "indicator.error.not_saved");
  }
  if( !field_errors_get(e, "code") && code_taken(db, in->zCode, id)==1 ){
    field_errors_add(e, "code", "indicator.error.code_taken");
  }
  /* What the stored numbers mean may not change under them. */
  bool bChanges = (!field_errors_get(e, "kind") && c.kind!=old->kind)
               || (!field_errors_get(e, "period_type") && c.periodType!=old->periodType)
               || (!field_errors_get(e, "age_from") && c.ageFrom!=old->ageFrom)
               || (!field_errors_get(e, "age_to") && c.ageTo!=old->ageTo);
  if( bChanges ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM indicator_value WHERE indicator_id=?1 LIMIT 1");
    stmt_bind_int(s, 1, id);
    bool bValues = stmt_step(s)==1;
    stmt_done(s);
    if( bValues ){
      const char *zField = c.kind!=old->kind ? "kind" : c.periodType!=old->periodType ? "period_type"
                         : c.ageFrom!=old->ageFrom ? "age_from" : "age_to";
      field_errors_add(e, zField, "indicator.error.has_values");
    }
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "code", "indicator.error.not_saved") ){
    free(old);
    return 0;
  }
  struct stmt *s = db_prepare(db,
    "UPDATE indicator SET code=?2, name_en=?3, name_cy=?4, numerator_en=?5, numerator_cy=?6,"
    " denominator_en=?7, denominator_cy=?8, kind=?9, multiplier=?10, polarity=?11, source=?12,"
    " period_type=?13, age_from=?14, age_to=?15, sort_order=?16, updated_at=?17 WHERE id=?1");
  stmt_bind_int(s, 1, id);
  input_bind(s, in, &c, (long long)time(0));
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    indicator_json(&bOld, old);
    input_json(&bNew, in, &c);
    ok = audit_record(db, u, "update", "indicator", id, 0, buf_cstr(&bOld), buf_cstr(&bNew));
    buf_free(&bOld);
    buf_free(&bNew);
  }
  free(old);
  if( ok && db_commit(db) ) return id;
  db_rollback(db);
  field_errors_add(e, "code", "indicator.error.not_saved");
  return 0;
}

/* ---- values ------------------------------------------------------------------------ */

static void value_read(struct stmt *s, struct indicator_value *v){
  memset(v, 0, sizeof *v);
  v->unitId = stmt_int(s, 0);
  text_copy(v->zPeriod, sizeof v->zPeriod, stmt_text(s, 1));
  if( !indicator_band_parse(stmt_text(s, 2), &v->band) ) v->band = INDICATOR_BAND_ALL;
  if( !indicator_sex_parse(stmt_text(s, 3), &v->sex) ) v->sex = INDICATOR_PERSONS;
  v->numerator = stmt_double(s, 4);
  v->denominator = stmt_double(s, 5);
  v->bComputed = strcmp(stmt_text(s, 6), "computed")==0;
  v->bDemo = stmt_int(s, 7)==1;
  v->importedAt = stmt_int(s, 8);
}

static int values_walk(struct stmt *s, indicator_value_cb x, void *pCtx){
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct indicator_value v;
    value_read(s, &v);
    x(pCtx, &v);
    n++;
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

int indicator_values_of_unit(struct db *db, long long indicatorId, long long unitId,
                             indicator_value_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT unit_id,period,age_band,sex,numerator,denominator,source,demo,imported_at"
    "  FROM indicator_value WHERE unit_id=?2 AND indicator_id=?1 ORDER BY period, sex, age_band");
  stmt_bind_int(s, 1, indicatorId);
  stmt_bind_int(s, 2, unitId);
  return values_walk(s, x, pCtx);
}

int indicator_values_in_period(struct db *db, long long indicatorId, const char *zPeriod,
                               indicator_value_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT unit_id,period,age_band,sex,numerator,denominator,source,demo,imported_at"
    "  FROM indicator_value WHERE indicator_id=?1 AND period=?2 ORDER BY unit_id, sex, age_band");
  stmt_bind_int(s, 1, indicatorId);
  stmt_bind_text(s, 2, zPeriod);
  return values_walk(s, x, pCtx);
}

int indicator_periods(struct db *db, long long indicatorId, indicator_period_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT DISTINCT period FROM indicator_value WHERE indicator_id=?1 ORDER BY period");
  stmt_bind_int(s, 1, indicatorId);
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    char z[INDICATOR_PERIOD_MAX];
    text_copy(z, sizeof z, stmt_text(s, 0));
    x(pCtx, z);
    n++;
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

/* ---- what is computed ------------------------------------------------------------------ */

static void stat_empty(struct indicator_stat *p){
  memset(p, 0, sizeof *p);
  p->numerator = p->denominator = p->expected = p->value = NAN;
  p->lower95 = p->upper95 = p->lower99_8 = p->upper99_8 = NAN;
  p->method = IND_METHOD_NONE;
}

void indicator_compute(const struct indicator *ind, const struct indicator_rows *r,
                       const struct indicator_rows *pRef, const double *aStd, struct indicator_stat *p){
  stat_empty(p);
  p->bDemo = r->bDemo;
  p->bComputed = r->bComputed;
  double per = ind->multiplier;
  int first = ind->firstBand, last = ind->lastBand;
  if( first<0 || last>=INDICATOR_BANDS || first>last ){ p->bIncomplete = true; return; }
  size_t nBand = (size_t)(last-first+1);
  if( indicator_kind_by_age(ind->kind) ){
    double num = 0, den = 0;
    for(int b=first; b<=last; b++){
      if( !r->aHave[b] ){ p->bIncomplete = true; return; }
      num += r->aNum[b];
      den += r->aDen[b];
    }
    p->numerator = num;
    p->denominator = den;
  }else{
    if( !r->bHaveAll ) return;
    p->numerator = r->num;
    p->denominator = r->den;
  }
  struct ind_interval a = {NAN, NAN, NAN}, b = {NAN, NAN, NAN};
  switch( ind->kind ){
    case INDICATOR_PROPORTION:
      if( !ind_wilson(r->num, r->den, 0.95, per, &a) || !ind_wilson(r->num, r->den, 0.998, per, &b) ) return;
      p->method = IND_METHOD_WILSON;
      break;
    case INDICATOR_CRUDE_RATE: {
      enum ind_method m2;
      if( !ind_rate(r->num, r->den, 0.95, per, &a, &p->method) || !ind_rate(r->num, r->den, 0.998, per, &b, &m2) ) return;
      break;
    }
    case INDICATOR_DSR: {
      struct ind_dsr d95, d998;
      if( !aStd ) return;
      if( !ind_dsr(r->aNum+first, r->aDen+first, aStd+first, nBand, 0.95, per, &d95)
       || !ind_dsr(r->aNum+first, r->aDen+first, aStd+first, nBand, 0.998, per, &d998) ) return;
      if( d95.bSuppressed ){ p->bSuppressed = true; return; }
      a = (struct ind_interval){ d95.value, d95.lower, d95.upper };
      b = (struct ind_interval){ d998.value, d998.lower, d998.upper };
      p->method = IND_METHOD_DOBSON;
      break;
    }
    case INDICATOR_ISR: {
      if( !pRef ){ p->bIncomplete = true; return; }
      for(int k=first; k<=last; k++) if( !pRef->aHave[k] ){ p->bIncomplete = true; return; }
      struct ind_isr i95, i998;
      if( !ind_isr(r->aNum+first, r->aDen+first, pRef->aNum+first, pRef->aDen+first, nBand, 0.95, per, &i95)
       || !ind_isr(r->aNum+first, r->aDen+first, pRef->aNum+first, pRef->aDen+first, nBand, 0.998, per, &i998) ) return;
      a = (struct ind_interval){ i95.value, i95.lower, i95.upper };
      b = (struct ind_interval){ i998.value, i998.lower, i998.upper };
      p->expected = i95.expected;
      p->method = i95.method;
      break;
    }
    case INDICATOR_COUNT:
      if( !isfinite(r->num) ) return;
      a.value = r->num;
      break;
    default:
      return;
  }
  p->bValue = isfinite(a.value);
  if( !p->bValue ) return;
  p->value = a.value;
  p->lower95 = a.lower;
  p->upper95 = a.upper;
  p->lower99_8 = b.lower;
  p->upper99_8 = b.upper;
}

static const char *const azComparison[] = { "not_compared", "similar", "better", "worse", "higher", "lower" };
const char *indicator_comparison_code(enum indicator_comparison c){
  return (int)c>=0 && (size_t)c<sizeof azComparison/sizeof azComparison[0] ? azComparison[c] : "?";
}

enum indicator_comparison indicator_compare(enum indicator_polarity pol, const struct indicator_stat *a,
                                            const struct indicator_stat *c, bool b99_8){
  if( !a || !c || !a->bValue || !c->bValue || !isfinite(a->value) || !isfinite(c->value) ) return INDICATOR_NOT_COMPARED;
  double lo = b99_8 ? a->lower99_8 : a->lower95, hi = b99_8 ? a->upper99_8 : a->upper95;
  if( isnan(hi) ) return INDICATOR_NOT_COMPARED;
  /* A lower limit that would be negative is not given (Byar's for a
  ** small count): the value cannot be below 0. */
  if( isnan(lo) ) lo = 0;
  if( c->value>=lo && c->value<=hi ) return INDICATOR_SIMILAR;
  bool bHigher = a->value>c->value;
  switch( pol ){
    case INDICATOR_HIGHER_BETTER: return bHigher ? INDICATOR_BETTER : INDICATOR_WORSE;
    case INDICATOR_LOWER_BETTER: return bHigher ? INDICATOR_WORSE : INDICATOR_BETTER;
    default: return bHigher ? INDICATOR_HIGHER : INDICATOR_LOWER;
  }
}

/* The weights of the 2013 European Standard Population, read once. */
static struct esp2013 gEsp;
static bool gbEsp;
static pthread_once_t gEspOnce = PTHREAD_ONCE_INIT;
static void esp_load(void){ gbEsp = esp2013_load(&gEsp); }
static const double *esp_weights(void){
  pthread_once(&gEspOnce, esp_load);
  return gbEsp ? gEsp.aWeight : 0;
}

static void rows_init(struct indicator_rows *r){
  memset(r, 0, sizeof *r);
  r->num = r->den = NAN;
  for(int b=0; b<INDICATOR_BANDS; b++) r->aNum[b] = r->aDen[b] = NAN;
}

/* Add the row at the statement's columns age_band, numerator,
** denominator, source, demo (from iCol on) to *r. */
static void rows_add(struct indicator_rows *r, struct stmt *s, int iCol){
  int band = INDICATOR_BAND_ALL;
  if( !indicator_band_parse(stmt_text(s, iCol), &band) ) return;
  double num = stmt_double(s, iCol+1), den = stmt_double(s, iCol+2);
  if( band==INDICATOR_BAND_ALL ){
    r->num = num;
    r->den = den;
    r->bHaveAll = true;
  }else{
    r->aNum[band] = num;
    r->aDen[band] = den;
    r->aHave[band] = true;
  }
  if( strcmp(stmt_text(s, iCol+3), "computed")==0 ) r->bComputed = true;
  if( stmt_int(s, iCol+4)==1 ) r->bDemo = true;
}

/* The rows of one unit in one period for sex zSex, or (NULL) for the
** first sex it has of persons, female, male; that sex in *pSex. False on
** a database error. */
static bool rows_load(struct db *db, long long indicatorId, long long unitId, const char *zPeriod,
                      const char *zSex, struct indicator_rows *r, enum indicator_sex *pSex){
  rows_init(r);
  struct stmt *s = db_prepare(db,
    "SELECT sex,age_band,numerator,denominator,source,demo FROM indicator_value"
    " WHERE indicator_id=?1 AND period=?2 AND unit_id=?3 AND (CAST(?4 AS TEXT) IS NULL OR sex=?4)"
    " ORDER BY CASE sex WHEN 'persons' THEN 0 WHEN 'female' THEN 1 ELSE 2 END");
  stmt_bind_int(s, 1, indicatorId);
  stmt_bind_text(s, 2, zPeriod);
  stmt_bind_int(s, 3, unitId);
  stmt_bind_text(s, 4, zSex);
  char zFirst[16] = "";
  int rc;
  while( (rc = stmt_step(s))==1 ){
    const char *zRowSex = stmt_text(s, 0);
    if( !zFirst[0] ) text_copy(zFirst, sizeof zFirst, zRowSex);
    else if( strcmp(zFirst, zRowSex)!=0 ) continue;
    rows_add(r, s, 1);
  }
  stmt_done(s);
  if( !indicator_sex_parse(zFirst[0] ? zFirst : zSex, pSex) ) *pSex = INDICATOR_PERSONS;
  return rc==0;
}

static long long wales_id(struct db *db){
  struct stmt *s = db_prepare(db, "SELECT id FROM unit WHERE kind='nation' ORDER BY id LIMIT 1");
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

bool indicator_stat_of(struct db *db, const struct indicator *ind, long long unitId,
                       const char *zPeriod, const char *zSex, struct indicator_stat *p){
  struct indicator_rows r, ref;
  enum indicator_sex sex;
  stat_empty(p);
  if( !rows_load(db, ind->id, unitId, zPeriod, zSex, &r, &sex) ) return false;
  const struct indicator_rows *pRef = 0;
  if( ind->kind==INDICATOR_ISR ){
    enum indicator_sex sexRef;
    long long wales = wales_id(db);
    if( !wales || !rows_load(db, ind->id, wales, zPeriod, indicator_sex_code(sex), &ref, &sexRef) ) return false;
    pRef = &ref;
  }
  indicator_compute(ind, &r, pRef, esp_weights(), p);
  p->sex = sex;
  return true;
}

int indicator_stats_in_period(struct db *db, const struct indicator *ind, const char *zPeriod,
                              const char *zSex, indicator_stat_cb x, void *pCtx){
  struct unit_rows { long long unitId; char zSex[16]; struct indicator_rows r; } *a = 0;
  size_t n = 0, nAlloc = 0;
  struct stmt *s = db_prepare(db,
    "SELECT unit_id,sex,age_band,numerator,denominator,source,demo FROM indicator_value"
    " WHERE indicator_id=?1 AND period=?2 AND (CAST(?3 AS TEXT) IS NULL OR sex=?3)"
    " ORDER BY unit_id, CASE sex WHEN 'persons' THEN 0 WHEN 'female' THEN 1 ELSE 2 END");
  stmt_bind_int(s, 1, ind->id);
  stmt_bind_text(s, 2, zPeriod);
  stmt_bind_text(s, 3, zSex);
  int rc;
  while( (rc = stmt_step(s))==1 ){
    long long unitId = stmt_int(s, 0);
    const char *zRowSex = stmt_text(s, 1);
    if( n==0 || a[n-1].unitId!=unitId ){
      if( n==nAlloc ){
        nAlloc = nAlloc ? 2*nAlloc : 80;
        a = xrealloc(a, nAlloc*sizeof *a);
      }
      a[n].unitId = unitId;
      text_copy(a[n].zSex, sizeof a[n].zSex, zRowSex);
      rows_init(&a[n].r);
      n++;
    }else if( strcmp(a[n-1].zSex, zRowSex)!=0 ){
      continue;
    }
    rows_add(&a[n-1].r, s, 2);
  }
  stmt_done(s);
  if( rc<0 ){ free(a); return -1; }
  /* An ISR's reference: Wales's rows of the same sex. */
  struct indicator_rows ref;
  bool bRef = false;
  if( ind->kind==INDICATOR_ISR && n>0 ){
    long long wales = wales_id(db);
    enum indicator_sex sexRef;
    bRef = wales && rows_load(db, ind->id, wales, zPeriod, zSex ? zSex : a[0].zSex, &ref, &sexRef);
  }
  const double *aStd = esp_weights();
  for(size_t i=0; i<n; i++){
    struct indicator_stat st;
    const struct indicator_rows *pRef = 0;
    struct indicator_rows refSex;
    if( ind->kind==INDICATOR_ISR && !zSex && strcmp(a[i].zSex, a[0].zSex)!=0 ){
      enum indicator_sex sexRef;
      long long wales = wales_id(db);
      if( wales && rows_load(db, ind->id, wales, zPeriod, a[i].zSex, &refSex, &sexRef) ) pRef = &refSex;
    }else if( bRef ){
      pRef = &ref;
    }
    indicator_compute(ind, &a[i].r, pRef, aStd, &st);
    if( !indicator_sex_parse(a[i].zSex, &st.sex) ) st.sex = INDICATOR_PERSONS;
    x(pCtx, a[i].unitId, &st);
  }
  free(a);
  return (int)n;
}

bool indicator_compare_unit(struct db *db, const struct indicator *ind, long long unitId,
                            const char *zPeriod, const char *zSex, const char *zToday,
                            struct indicator_compared *p){
  memset(p, 0, sizeof *p);
  stat_empty(&p->area);
  stat_empty(&p->healthBoard);
  stat_empty(&p->wales);
  p->vsHealthBoard95 = p->vsHealthBoard99_8 = p->vsWales95 = p->vsWales99_8 = INDICATOR_NOT_COMPARED;
  struct indicator_rows r, ref;
  enum indicator_sex sex;
  if( !rows_load(db, ind->id, unitId, zPeriod, zSex, &r, &sex) ) return false;
  const char *zSexUsed = indicator_sex_code(sex);
  long long hb = unit_above(db, unitId, "health_board", zToday);
  long long wales = unit_above(db, unitId, "nation", zToday);
  p->healthBoardId = hb==unitId ? 0 : hb;
  p->walesId = wales==unitId ? 0 : wales;
  bool bRef = false;
  if( wales ){
    enum indicator_sex s2;
    if( !rows_load(db, ind->id, wales, zPeriod, zSexUsed, &ref, &s2) ) return false;
    bRef = true;
  }
  const double *aStd = esp_weights();
  const struct indicator_rows *pRef = bRef && ind->kind==INDICATOR_ISR ? &ref : 0;
  indicator_compute(ind, &r, pRef, aStd, &p->area);
  if( p->walesId ) indicator_compute(ind, &ref, pRef, aStd, &p->wales);
  if( p->healthBoardId ){
    struct indicator_rows h;
    enum indicator_sex s3;
    if( !rows_load(db, ind->id, p->healthBoardId, zPeriod, zSexUsed, &h, &s3) ) return false;
    indicator_compute(ind, &h, pRef, aStd, &p->healthBoard);
  }
  p->area.sex = p->healthBoard.sex = p->wales.sex = sex;
  p->vsHealthBoard95 = indicator_compare(ind->polarity, &p->area, &p->healthBoard, false);
  p->vsHealthBoard99_8 = indicator_compare(ind->polarity, &p->area, &p->healthBoard, true);
  p->vsWales95 = indicator_compare(ind->polarity, &p->area, &p->wales, false);
  p->vsWales99_8 = indicator_compare(ind->polarity, &p->area, &p->wales, true);
  return true;
}

/* ---- the lookup for the parser ---------------------------------------------------------- */

void indicator_lookup_free(struct indicator_lookup *L){
  if( !L ) return;
  for(int i=0; i<L->csv.nInd; i++) free((char*)L->aInd[i].zCode);
  for(int i=0; i<L->csv.nArea; i++){
    free((char*)L->aArea[i].zSlug);
    free((char*)L->aArea[i].zName);
    free((char*)L->aArea[i].zNameCy);
  }
  free(L->aInd);
  free(L->aArea);
  free(L->aIndId);
  free(L->aAreaId);
  memset(L, 0, sizeof *L);
}

bool indicator_lookup_load(struct db *db, const char *zToday, struct indicator_lookup *L){
  memset(L, 0, sizeof *L);
  size_t nAlloc = 0;
  struct stmt *s = db_prepare(db, "SELECT id,code,kind,period_type,age_from,age_to FROM indicator ORDER BY id");
  int rc;
  while( (rc = stmt_step(s))==1 ){
    if( (size_t)L->csv.nInd==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 32;
      L->aInd = xrealloc(L->aInd, nAlloc*sizeof *L->aInd);
      L->aIndId = xrealloc(L->aIndId, nAlloc*sizeof *L->aIndId);
    }
    struct indicator_csv_ind *p = &L->aInd[L->csv.nInd];
    memset(p, 0, sizeof *p);
    L->aIndId[L->csv.nInd] = stmt_int(s, 0);
    p->zCode = xstrdup(stmt_text(s, 1));
    L->csv.nInd++;
    if( !indicator_kind_parse(stmt_text(s, 2), &p->kind) ) p->kind = INDICATOR_COUNT;
    if( !indicator_period_type_parse(stmt_text(s, 3), &p->periodType) ) p->periodType = INDICATOR_FINANCIAL_YEAR;
    if( !indicator_band_range((int)stmt_int(s, 4), stmt_is_null(s, 5) ? -1 : (int)stmt_int(s, 5),
                              &p->firstBand, &p->lastBand) ){
      p->firstBand = 0;
      p->lastBand = INDICATOR_BANDS-1;
    }
  }
  stmt_done(s);
  if( rc<0 ){ indicator_lookup_free(L); return false; }
  /* The areas: clusters, health boards and Wales on the tree of the day
  ** (a unit is never deleted; the tree says which are current). */
  nAlloc = 0;
  s = db_prepare(db,
    "SELECT u.id,u.slug,u.name,COALESCE(u.name_cy,'') FROM unit u"
    " WHERE u.kind='nation' OR (u.kind IN ('cluster','health_board') AND EXISTS(SELECT 1 FROM unit_link l"
    "   WHERE l.child_id=u.id AND l.relation='part_of' AND l.valid_from<=?1"
    "     AND (l.valid_to IS NULL OR l.valid_to>?1)))"
    " ORDER BY u.id");
  stmt_bind_text(s, 1, zToday);
  while( (rc = stmt_step(s))==1 ){
    if( (size_t)L->csv.nArea==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 80;
      L->aArea = xrealloc(L->aArea, nAlloc*sizeof *L->aArea);
      L->aAreaId = xrealloc(L->aAreaId, nAlloc*sizeof *L->aAreaId);
    }
    struct indicator_csv_area *a = &L->aArea[L->csv.nArea];
    L->aAreaId[L->csv.nArea] = stmt_int(s, 0);
    a->zSlug = xstrdup(stmt_text(s, 1));
    a->zName = xstrdup(stmt_text(s, 2));
    a->zNameCy = xstrdup(stmt_text(s, 3));
    L->csv.nArea++;
  }
  stmt_done(s);
  if( rc<0 ){ indicator_lookup_free(L); return false; }
  L->csv.aInd = L->aInd;
  L->csv.aArea = L->aArea;
  return true;
}

/* ---- writing values ----------------------------------------------------------------------- */

/* An indicator and period a write touched. */
struct pair { long long indicatorId; char zPeriod[INDICATOR_PERIOD_MAX]; };
struct pairs { struct pair *a; size_t n, nAlloc; };

static void pairs_add(struct pairs *p, long long indicatorId, const char *zPeriod){
  for(size_t i=p->n; i>0; i--){
    if( p->a[i-1].indicatorId==indicatorId && strcmp(p->a[i-1].zPeriod, zPeriod)==0 ) return;
  }
  if( p->n==p->nAlloc ){
    p->nAlloc = p->nAlloc ? 2*p->nAlloc : 16;
    p->a = xrealloc(p->a, p->nAlloc*sizeof *p->a);
  }
  p->a[p->n].indicatorId = indicatorId;
  text_copy(p->a[p->n].zPeriod, sizeof p->a[p->n].zPeriod, zPeriod);
  p->n++;
}

static long long rows_in_pair(struct db *db, const struct pair *p){
  struct stmt *s = db_prepare(db, "SELECT count(*) FROM indicator_value WHERE indicator_id=?1 AND period=?2");
  stmt_bind_int(s, 1, p->indicatorId);
  stmt_bind_text(s, 2, p->zPeriod);
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}

/* Bind row r's columns from parameter k on: the seven of the key and
** the numbers, then demo and the time. */
static void bind_row(struct stmt *s, int k, const struct indicator_write_row *r, bool bDemo, long long now){
  stmt_bind_int(s, k, r->indicatorId);
  stmt_bind_int(s, k+1, r->unitId);
  stmt_bind_text(s, k+2, r->zPeriod);
  stmt_bind_text(s, k+3, indicator_band_label(r->band));
  stmt_bind_text(s, k+4, indicator_sex_code(r->sex));
  stmt_bind_double(s, k+5, r->num);
  stmt_bind_double(s, k+6, isfinite(r->den) ? r->den : NAN);
  stmt_bind_int(s, k+7, bDemo ? 1 : 0);
  stmt_bind_int(s, k+8, now);
}

/* The rows, each replacing the row of the same key: 48 to a statement,
** so that a large file or the demonstration is a few hundred round trips
** to a database server rather than one a row. */
#define UPSERT_ROW "(?,?,?,?,?,?,?,'imported',?,?)"
#define UPSERT_ROW_PARAMS 9
#define UPSERT_ROWS4 UPSERT_ROW "," UPSERT_ROW "," UPSERT_ROW "," UPSERT_ROW
#define UPSERT_ROWS16 UPSERT_ROWS4 "," UPSERT_ROWS4 "," UPSERT_ROWS4 "," UPSERT_ROWS4
#define UPSERT_ROWS48 UPSERT_ROWS16 "," UPSERT_ROWS16 "," UPSERT_ROWS16
#define UPSERT_BATCH 48
#define UPSERT_COLUMNS \
  "INSERT INTO indicator_value(indicator_id,unit_id,period,age_band,sex,numerator,denominator,source,demo,imported_at)" \
  " VALUES"
#define UPSERT_CONFLICT \
  " ON CONFLICT(indicator_id,period,unit_id,age_band,sex) DO UPDATE SET numerator=excluded.numerator," \
  "   denominator=excluded.denominator, source='imported', demo=excluded.demo, imported_at=excluded.imported_at"
static bool upsert(struct db *db, const struct indicator_write_row *aRow, size_t n, bool bDemo, long long now){
  size_t i = 0;
  for(; i+UPSERT_BATCH<=n; i+=UPSERT_BATCH){
    struct stmt *s = db_prepare(db, "" UPSERT_COLUMNS UPSERT_ROWS48 UPSERT_CONFLICT);
    for(int k=0; k<UPSERT_BATCH; k++) bind_row(s, 1+UPSERT_ROW_PARAMS*k, &aRow[i+(size_t)k], bDemo, now);
    if( !stmt_exec(s) ) return false;
  }
  for(; i<n; i++){
    struct stmt *s = db_prepare(db, "" UPSERT_COLUMNS UPSERT_ROW UPSERT_CONFLICT);
    bind_row(s, 1, &aRow[i], bDemo, now);
    if( !stmt_exec(s) ) return false;
  }
  return true;
}

/* The health boards' and Wales's computed rows of one indicator and
** period made again from their clusters (see indicator.h), in one
** statement: the tree walked down from every health board and the nation
** at once; how many into *pn. False on a database error. */
static bool compute_parents(struct db *db, const struct pair *p, const char *zToday, long long now, size_t *pn){
  struct stmt *s = db_prepare(db,
    "DELETE FROM indicator_value WHERE indicator_id=?1 AND period=?2 AND source='computed'");
  stmt_bind_int(s, 1, p->indicatorId);
  stmt_bind_text(s, 2, p->zPeriod);
  if( !stmt_exec(s) ) return false;
  s = db_prepare(db,
    "WITH RECURSIVE down(top,id) AS ("
    "  SELECT u.id, u.id FROM unit u WHERE u.kind IN ('health_board','nation')"
    "  UNION"
    "  SELECT down.top, l.child_id FROM unit_link l JOIN down ON l.parent_id=down.id"
    "   WHERE l.relation='part_of' AND l.valid_from<=?3 AND (l.valid_to IS NULL OR l.valid_to>?3)),"
    " cl(top,id) AS (SELECT down.top, u.id FROM unit u JOIN down ON down.id=u.id WHERE u.kind='cluster'),"
    " n(top,k) AS (SELECT top, count(*) FROM cl GROUP BY top)"
    " INSERT INTO indicator_value(indicator_id,unit_id,period,age_band,sex,numerator,denominator,source,demo,imported_at)"
    " SELECT ?1, cl.top, ?2, v.age_band, v.sex, sum(v.numerator), sum(v.denominator), 'computed', max(v.demo), ?4"
    "   FROM indicator_value v JOIN cl ON cl.id=v.unit_id"
    "  WHERE v.indicator_id=?1 AND v.period=?2"
    "  GROUP BY cl.top, v.age_band, v.sex"
    " HAVING count(*)=(SELECT n.k FROM n WHERE n.top=cl.top)"
    "    AND NOT EXISTS(SELECT 1 FROM indicator_value w WHERE w.indicator_id=?1 AND w.period=?2"
    "                    AND w.unit_id=cl.top AND w.age_band=v.age_band AND w.sex=v.sex)"
    " RETURNING id");
  stmt_bind_int(s, 1, p->indicatorId);
  stmt_bind_text(s, 2, p->zPeriod);
  stmt_bind_text(s, 3, zToday);
  stmt_bind_int(s, 4, now);
  int rc;
  while( (rc = stmt_step(s))==1 ) (*pn)++;
  stmt_done(s);
  return rc==0;
}

static bool pairs_has_indicator(const struct pairs *pp, long long id){
  for(size_t i=0; i<pp->n; i++) if( pp->a[i].indicatorId==id ) return true;
  return false;
}

/* Write rows and compute the parents again, in one transaction with one
** audit entry (what zWhat says was written, nLeftOut lines left out). */
static bool write_all(struct db *db, const struct user *u, const struct indicator_write_row *aRow, size_t n,
                      bool bDemo, const char *zWhat, size_t nLeftOut, const char *zToday,
                      struct indicator_import_result *res){
  long long now = (long long)time(0);
  struct pairs pp = {0};
  for(size_t i=0; i<n; i++) pairs_add(&pp, aRow[i].indicatorId, aRow[i].zPeriod);
  if( !db_begin(db) ){ free(pp.a); return false; }
  bool ok = true;
  long long nBefore = 0, nAfter = 0;
  for(size_t i=0; ok && i<pp.n; i++){
    long long k = rows_in_pair(db, &pp.a[i]);
    ok = k>=0;
    nBefore += k;
  }
  ok = ok && upsert(db, aRow, n, bDemo, now);
  for(size_t i=0; ok && i<pp.n; i++){
    long long k = rows_in_pair(db, &pp.a[i]);
    ok = k>=0;
    nAfter += k;
  }
  if( ok ){
    res->nNew = (size_t)(nAfter-nBefore);
    res->nReplaced = n-res->nNew;
    res->nLeftOut = nLeftOut;
  }
  /* The health boards and Wales. */
  for(size_t i=0; ok && i<pp.n; i++) ok = compute_parents(db, &pp.a[i], zToday, now, &res->nComputed);
  /* The audit entry: what was written, the indicators by code, the
  ** periods from and to; the indicator's id when there is one. */
  if( ok ){
    long long onlyId = pp.n ? pp.a[0].indicatorId : 0;
    char zFrom[INDICATOR_PERIOD_MAX] = "", zTo[INDICATOR_PERIOD_MAX] = "";
    for(size_t i=0; i<pp.n; i++){
      if( pp.a[i].indicatorId!=onlyId ) onlyId = 0;
      if( !zFrom[0] || strcmp(pp.a[i].zPeriod, zFrom)<0 ) text_copy(zFrom, sizeof zFrom, pp.a[i].zPeriod);
      if( strcmp(pp.a[i].zPeriod, zTo)>0 ) text_copy(zTo, sizeof zTo, pp.a[i].zPeriod);
    }
    struct buf codes = {0};
    struct stmt *s = db_prepare(db, "SELECT id,code FROM indicator ORDER BY code");
    int rc;
    while( (rc = stmt_step(s))==1 ){
      if( pairs_has_indicator(&pp, stmt_int(s, 0)) ) buf_printf(&codes, "%s%s", codes.n ? " " : "", stmt_text(s, 1));
    }
    stmt_done(s);
    ok = rc==0;
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_str(&b, &bFirst, "import", zWhat);
    json_kv_str(&b, &bFirst, "indicators", buf_cstr(&codes));
    json_kv_str(&b, &bFirst, "from", zFrom);
    json_kv_str(&b, &bFirst, "to", zTo);
    json_kv_int(&b, &bFirst, "rows", (long long)n);
    json_kv_int(&b, &bFirst, "new", (long long)res->nNew);
    json_kv_int(&b, &bFirst, "replaced", (long long)res->nReplaced);
    json_kv_int(&b, &bFirst, "computed", (long long)res->nComputed);
    json_kv_int(&b, &bFirst, "lines_left_out", (long long)nLeftOut);
    json_kv_bool(&b, &bFirst, "demo", bDemo);
    buf_putc(&b, '}');
    ok = ok && audit_record(db, u, "create", "indicator_value", onlyId, 0, 0, buf_cstr(&b));
    buf_free(&b);
    buf_free(&codes);
  }
  free(pp.a);
  if( ok && db_commit(db) ) return true;
  db_rollback(db);
  memset(res, 0, sizeof *res);
  return false;
}

bool indicator_write_rows(struct db *db, const struct user *u, const struct indicator_write_row *aRow,
                          size_t n, bool bDemo, const char *zWhat, const char *zToday,
                          struct indicator_import_result *res){
  memset(res, 0, sizeof *res);
  if( u && !indicator_can_manage(u) ) return false;
  return write_all(db, u, aRow, n, bDemo, zWhat, 0, zToday, res);
}

long long indicator_import(struct db *db, const struct user *u, const struct indicator_csv *c,
                           const struct indicator_lookup *L, bool bValidOnly, const char *zToday,
                           struct indicator_import_result *res, struct field_errors *e){
  memset(res, 0, sizeof *res);
  if( u && !indicator_can_manage(u) ) return -1;
  if( c->bFileError ){
    field_errors_add(e, "file", c->nKept>0 ? c->aError[0].zKey : "indicator.import.error.empty");
    return 0;
  }
  if( c->nError>0 && !bValidOnly ){ field_errors_add(e, "file", "indicator.import.error.has_errors"); return 0; }
  if( c->n==0 ){ field_errors_add(e, "file", "indicator.import.error.no_valid_rows"); return 0; }
  struct indicator_write_row *a = xcalloc(c->n, sizeof *a);
  for(size_t i=0; i<c->n; i++){
    const struct indicator_csv_row *r = &c->aRow[i];
    if( r->iInd<0 || r->iInd>=L->csv.nInd || r->iArea<0 || r->iArea>=L->csv.nArea ){
      /* Parsed against another lookup: a programming error. */
      free(a);
      field_errors_add(e, "file", "indicator.error.not_saved");
      return 0;
    }
    a[i].indicatorId = L->aIndId[r->iInd];
    a[i].unitId = L->aAreaId[r->iArea];
    text_copy(a[i].zPeriod, sizeof a[i].zPeriod, r->zPeriod);
    a[i].band = r->band;
    a[i].sex = r->sex;
    a[i].num = r->num;
    a[i].den = r->den;
  }
  bool ok = write_all(db, u, a, c->n, false, "csv", c->nRejected, zToday, res);
  free(a);
  if( !ok ){ field_errors_add(e, "file", "indicator.error.not_saved"); return 0; }
  return (long long)c->n;
}
