/* The writes of a project's evaluation (see evaluation.h): its four
** stages, logic model, measurements, benefits and recommendation. */
#include "domain/evaluation.h"
#include "domain/audit.h"
#include "domain/domain_write.h"
#include "domain/field_errors.h"
#include "domain/project.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/money.h"
#include "util/text.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOT_SAVED "eval.error.not_saved"

static const char *nz(const char *z){ return z ? z : ""; }

/* A number as people type it ("12", "3.5", "-1"); false for anything else. */
static bool parse_number(const char *z, double *pOut){
  if( !z ) return false;
  while( *z==' ' ) z++;
  if( !*z ) return false;
  char *zEnd = 0;
  double v = strtod(z, &zEnd);
  while( zEnd && *zEnd==' ' ) zEnd++;
  if( !zEnd || *zEnd || !isfinite(v) || fabs(v) > 1e12 ) return false;
  for(const char *c = z; *c; c++) if( (*c=='x' || *c=='X') || *c=='e' || *c=='E' || *c=='n' || *c=='N' ) return false;
  *pOut = v;
  return true;
}

static bool audit(struct db *db, const struct user *u, const char *zAction, const char *zEntity, long long id,
                  const struct project *p, struct buf *pNew){
  return audit_record(db, u, zAction, zEntity, id, p->unitId, 0, pNew ? buf_cstr(pNew) : 0);
}

/* ---- the four stages ---- */

long long evaluation_stage_save(struct db *db, const struct user *u, const struct project *p, int iStage,
                                const char *const *azVal, long long now, struct field_errors *e){
  (void)now;
  if( iStage < 0 || iStage >= EVAL_STAGES ) return -1;
  int k = 0;
  for(int i = 0; i < evaluation_nfield; i++){
    if( evaluation_fields[i].iStage!=iStage ) continue;
    domain_check_text(e, evaluation_fields[i].zCode, nz(azVal[k]), false, EVAL_TEXT_MAX, true, 0,
                      "eval.error.too_long", "eval.error.bad_text");
    k++;
  }
  if( e->n ) return 0;
  if( !domain_begin(db, e, evaluation_fields[0].zCode, NOT_SAVED) ) return 0;
  struct buf j = {0};
  bool bFirst = true, ok = true;
  buf_putc(&j, '{');
  k = 0;
  for(int i = 0; i < evaluation_nfield && ok; i++){
    if( evaluation_fields[i].iStage!=iStage ) continue;
    const char *z = nz(azVal[k++]);
    json_kv_str(&j, &bFirst, evaluation_fields[i].zCode, z);
    struct stmt *s;
    if( text_blank(z) ){
      s = db_prepare(db, "DELETE FROM eval_text WHERE project_id=?1 AND field=?2");
    }else{
      s = db_prepare(db, "INSERT INTO eval_text(project_id, field, body) VALUES(?1, ?2, ?3)"
                         " ON CONFLICT(project_id, field) DO UPDATE SET body=excluded.body");
      stmt_bind_text(s, 3, z);
    }
    stmt_bind_int(s, 1, p->id);
    stmt_bind_text(s, 2, evaluation_fields[i].zCode);
    ok = stmt_exec(s);
  }
  buf_putc(&j, '}');
  ok = ok && audit(db, u, "update", "eval_text", p->id, p, &j);
  buf_free(&j);
  return domain_commit(db, ok, e, evaluation_fields[0].zCode, NOT_SAVED) ? p->id : 0;
}

/* ---- the logic model ---- */

static bool item_of_project(struct db *db, long long projectId, long long itemId){
  struct stmt *s = db_prepare(db, "SELECT 1 FROM logic_item WHERE id=?1 AND project_id=?2");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_int(s, 2, projectId);
  return domain_has_row(s);
}

long long logic_item_save(struct db *db, const struct user *u, const struct project *p, long long itemId,
                          const struct logic_input *in, long long now, struct field_errors *e){
  (void)now;
  int col = logic_col_of(in->zCol);
  if( col < 0 ) field_errors_add(e, "col", "logic.error.col");
  domain_check_text(e, "text", nz(in->zText), true, 2000, true, "logic.error.text_required",
                    "logic.error.text_too_long", "eval.error.bad_text");
  long long qi = 0, ind = 0, sort = 0;
  if( !domain_parse_id(in->zQiMeasure, &qi) ) field_errors_add(e, "qi_measure", "logic.error.measure");
  if( !domain_parse_id(in->zIndicator, &ind) ) field_errors_add(e, "indicator", "logic.error.indicator");
  if( in->zSortOrder && !text_blank(in->zSortOrder) && !text_to_int(in->zSortOrder, 0, 1000, &sort) ){
    field_errors_add(e, "sort_order", "logic.error.sort_order");
  }
  if( qi && ind ) field_errors_add(e, "indicator", "logic.error.both");
  if( (qi || ind) && col>=0 && col < 2 ) field_errors_add(e, qi ? "qi_measure" : "indicator", "logic.error.tie_col");
  int nKeep = e->n;
  if( !domain_begin(db, e, "text", NOT_SAVED) ) return 0;
  if( itemId && !item_of_project(db, p->id, itemId) ) return field_errors_refuse_in_tx(db, e, "text", NOT_SAVED);
  if( qi ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM qi_measure m JOIN qi_project q ON q.id=m.project_id"
                                    " WHERE m.id=?1 AND q.unit_id=?2");
    stmt_bind_int(s, 1, qi);
    stmt_bind_int(s, 2, p->unitId);
    if( !domain_has_row(s) ) field_errors_add(e, "qi_measure", "logic.error.measure");
  }
  if( ind ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM indicator WHERE id=?1");
    stmt_bind_int(s, 1, ind);
    if( !domain_has_row(s) ) field_errors_add(e, "indicator", "logic.error.indicator");
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "text", NOT_SAVED) ) return 0;
  long long id = itemId;
  struct stmt *s;
  if( itemId ){
    s = db_prepare(db, "UPDATE logic_item SET col=?2, text=?3, qi_measure_id=?4, indicator_id=?5, sort_order=?6"
                       " WHERE id=?1");
    stmt_bind_int(s, 1, itemId);
  }else{
    s = db_prepare(db, "INSERT INTO logic_item(project_id, col, text, qi_measure_id, indicator_id, sort_order)"
                       " VALUES(?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
    stmt_bind_int(s, 1, p->id);
  }
  stmt_bind_text(s, 2, logic_col_codes[col]);
  stmt_bind_text(s, 3, in->zText);
  if( qi ) stmt_bind_int(s, 4, qi); else stmt_bind_null(s, 4);
  if( ind ) stmt_bind_int(s, 5, ind); else stmt_bind_null(s, 5);
  stmt_bind_int(s, 6, sort);
  bool ok;
  if( itemId ){
    ok = stmt_exec(s);
  }else{
    id = domain_first_int(s, 0);
    ok = id > 0;
  }
  struct buf j = {0};
  bool bFirst = true;
  buf_putc(&j, '{');
  json_kv_int(&j, &bFirst, "project_id", p->id);
  json_kv_str(&j, &bFirst, "col", logic_col_codes[col]);
  json_kv_str(&j, &bFirst, "text", in->zText);
  if( qi ) json_kv_int(&j, &bFirst, "qi_measure_id", qi);
  if( ind ) json_kv_int(&j, &bFirst, "indicator_id", ind);
  buf_putc(&j, '}');
  ok = ok && audit(db, u, itemId ? "update" : "create", "logic_item", id, p, &j);
  buf_free(&j);
  return domain_commit(db, ok, e, "text", NOT_SAVED) ? id : 0;
}

long long logic_item_delete(struct db *db, const struct user *u, const struct project *p, long long itemId,
                            long long now){
  (void)now;
  if( !db_begin(db) ) return -1;
  if( !item_of_project(db, p->id, itemId) ){ db_rollback(db); return -1; }
  struct stmt *s = db_prepare(db, "UPDATE eval_measurement SET logic_item_id=NULL WHERE logic_item_id=?1");
  stmt_bind_int(s, 1, itemId);
  bool ok = stmt_exec(s);
  s = db_prepare(db, "UPDATE benefit SET logic_item_id=NULL WHERE logic_item_id=?1");
  stmt_bind_int(s, 1, itemId);
  ok = ok && stmt_exec(s);
  s = db_prepare(db, "DELETE FROM logic_item WHERE id=?1");
  stmt_bind_int(s, 1, itemId);
  ok = ok && stmt_exec(s);
  ok = ok && audit_record(db, u, "delete", "logic_item", itemId, p->unitId, 0, 0);
  if( !ok ){ db_rollback(db); return -1; }
  return db_commit(db) ? itemId : -1;
}

/* ---- measurements ---- */

static bool measurement_of_project(struct db *db, long long projectId, long long id){
  struct stmt *s = db_prepare(db, "SELECT 1 FROM eval_measurement WHERE id=?1 AND project_id=?2");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, projectId);
  return domain_has_row(s);
}

long long measurement_save(struct db *db, const struct user *u, const struct project *p, long long itemId,
                           const struct measurement_input *in, long long now, struct field_errors *e){
  domain_check_text(e, "title", nz(in->zTitle), true, PROJECT_TITLE_MAX, false, "eval.error.title_required",
                    "eval.error.title_too_long", "eval.error.bad_text");
  if( text_blank(in->zDueOn) ) field_errors_add(e, "due_on", "eval.error.due_required");
  else if( !text_is_date(in->zDueOn) ) field_errors_add(e, "due_on", "eval.error.date");
  domain_check_text(e, "population", nz(in->zPopulation), false, 500, false, 0, "eval.error.too_long",
                    "eval.error.bad_text");
  domain_check_text(e, "place", nz(in->zPlace), false, 500, false, 0, "eval.error.too_long", "eval.error.bad_text");
  long long li = 0;
  if( !domain_parse_id(in->zLogicItem, &li) ) field_errors_add(e, "logic_item", "eval.error.logic_item");
  int nKeep = e->n;
  if( !domain_begin(db, e, "title", NOT_SAVED) ) return 0;
  if( itemId && !measurement_of_project(db, p->id, itemId) ) return field_errors_refuse_in_tx(db, e, "title", NOT_SAVED);
  if( li && !item_of_project(db, p->id, li) ) field_errors_add(e, "logic_item", "eval.error.logic_item");
  if( !field_errors_checked_in_tx(db, e, nKeep, "title", NOT_SAVED) ) return 0;
  struct stmt *s;
  long long id = itemId;
  bool ok;
  if( itemId ){
    s = db_prepare(db, "UPDATE eval_measurement SET title=?2, due_on=?3, population=?4, place=?5, logic_item_id=?6,"
                       " updated_at=?7 WHERE id=?1");
    stmt_bind_int(s, 1, itemId);
  }else{
    s = db_prepare(db, "INSERT INTO eval_measurement(project_id, title, due_on, population, place, logic_item_id,"
                       " created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id");
    stmt_bind_int(s, 1, p->id);
  }
  stmt_bind_text(s, 2, in->zTitle);
  stmt_bind_text(s, 3, in->zDueOn);
  stmt_bind_text(s, 4, nz(in->zPopulation));
  stmt_bind_text(s, 5, nz(in->zPlace));
  if( li ) stmt_bind_int(s, 6, li); else stmt_bind_null(s, 6);
  stmt_bind_int(s, 7, now);
  if( itemId ) ok = stmt_exec(s);
  else{ id = domain_first_int(s, 0); ok = id > 0; }
  struct buf j = {0};
  bool bFirst = true;
  buf_putc(&j, '{');
  json_kv_int(&j, &bFirst, "project_id", p->id);
  json_kv_str(&j, &bFirst, "title", in->zTitle);
  json_kv_str(&j, &bFirst, "due_on", in->zDueOn);
  json_kv_str(&j, &bFirst, "population", nz(in->zPopulation));
  json_kv_str(&j, &bFirst, "place", nz(in->zPlace));
  buf_putc(&j, '}');
  ok = ok && audit(db, u, itemId ? "update" : "create", "eval_measurement", id, p, &j);
  buf_free(&j);
  return domain_commit(db, ok, e, "title", NOT_SAVED) ? id : 0;
}

long long measurement_record(struct db *db, const struct user *u, const struct project *p, long long itemId,
                             const char *zOn, const char *zValue, const char *zResult, const char *zToday,
                             long long now, struct field_errors *e){
  if( text_blank(zOn) ) field_errors_add(e, "measured_on", "eval.error.measured_required");
  else if( !text_is_date(zOn) ) field_errors_add(e, "measured_on", "eval.error.date");
  else if( strcmp(zOn, zToday) > 0 ) field_errors_add(e, "measured_on", "eval.error.measured_future");
  double v = NAN;
  if( !text_blank(zValue) && !parse_number(zValue, &v) ) field_errors_add(e, "value", "eval.error.value");
  domain_check_text(e, "result", nz(zResult), true, EVAL_TEXT_MAX, true, "eval.error.result_required",
                    "eval.error.too_long", "eval.error.bad_text");
  int nKeep = e->n;
  if( !domain_begin(db, e, "measured_on", NOT_SAVED) ) return 0;
  if( !measurement_of_project(db, p->id, itemId) ) return field_errors_refuse_in_tx(db, e, "measured_on", NOT_SAVED);
  if( !field_errors_checked_in_tx(db, e, nKeep, "measured_on", NOT_SAVED) ) return 0;
  struct stmt *s = db_prepare(db, "UPDATE eval_measurement SET measured_on=?2, value=?3, result=?4, updated_at=?5"
                                  " WHERE id=?1");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_text(s, 2, zOn);
  stmt_bind_double(s, 3, v);
  stmt_bind_text(s, 4, zResult);
  stmt_bind_int(s, 5, now);
  bool ok = stmt_exec(s);
  struct buf j = {0};
  bool bFirst = true;
  buf_putc(&j, '{');
  json_kv_str(&j, &bFirst, "measured_on", zOn);
  json_kv_double(&j, &bFirst, "value", v);
  json_kv_str(&j, &bFirst, "result", zResult);
  buf_putc(&j, '}');
  ok = ok && audit(db, u, "update", "eval_measurement", itemId, p, &j);
  buf_free(&j);
  return domain_commit(db, ok, e, "measured_on", NOT_SAVED) ? itemId : 0;
}

/* ---- benefits ---- */

static void pct_field(struct field_errors *e, const char *zField, const char *z, long long *pOut){
  *pOut = 0;
  if( text_blank(z) ) return;
  if( !text_to_int(z, 0, 100, pOut) ) field_errors_add(e, zField, "benefit.error.pct");
}
static void money_field(struct field_errors *e, const char *zField, const char *z, bool bRequired, long long *pOut){
  *pOut = -1;
  if( text_blank(z) ){
    if( bRequired ) field_errors_add(e, zField, "benefit.error.proxy_required");
    return;
  }
  if( !money_parse(z, pOut) || *pOut < 0 ){ *pOut = -1; field_errors_add(e, zField, "benefit.error.money"); }
}

long long benefit_save(struct db *db, const struct user *u, const struct project *p, long long itemId,
                       const struct benefit_input *in, long long now, struct field_errors *e){
  int kind = benefit_kind_of(in->zKind);
  if( kind < 0 ) field_errors_add(e, "kind", "benefit.error.kind");
  domain_check_text(e, "description", nz(in->zDescription), true, 2000, true, "benefit.error.description_required",
                    "eval.error.too_long", "eval.error.bad_text");
  domain_check_text(e, "beneficiaries", nz(in->zBeneficiaries), false, 500, false, 0, "eval.error.too_long",
                    "eval.error.bad_text");
  double q = 0;
  if( text_blank(in->zQuantity) ) field_errors_add(e, "quantity", "benefit.error.quantity_required");
  else if( !parse_number(in->zQuantity, &q) || q < 0 ) field_errors_add(e, "quantity", "benefit.error.quantity");
  long long proxy, lo, hi;
  money_field(e, "proxy", in->zProxy, true, &proxy);
  money_field(e, "proxy_low", in->zProxyLow, false, &lo);
  money_field(e, "proxy_high", in->zProxyHigh, false, &hi);
  if( proxy >= 0 && lo >= 0 && lo > proxy ) field_errors_add(e, "proxy_low", "benefit.error.proxy_low");
  if( proxy >= 0 && hi >= 0 && hi < proxy ) field_errors_add(e, "proxy_high", "benefit.error.proxy_high");
  domain_check_text(e, "proxy_source", nz(in->zProxySource), false, 1000, true, 0, "eval.error.too_long",
                    "eval.error.bad_text");
  long long dw, at, di, dr, start = 0, dur = 1, li = 0;
  pct_field(e, "deadweight", in->zDeadweight, &dw);
  pct_field(e, "attribution", in->zAttribution, &at);
  pct_field(e, "displacement", in->zDisplacement, &di);
  pct_field(e, "drop_off", in->zDropOff, &dr);
  if( !text_blank(in->zStartYear) && !text_to_int(in->zStartYear, 0, 10, &start) ){
    field_errors_add(e, "start_year", "benefit.error.start_year");
  }
  if( !text_blank(in->zDuration) && !text_to_int(in->zDuration, 1, 10, &dur) ){
    field_errors_add(e, "duration", "benefit.error.duration");
  }
  domain_check_text(e, "evidence", nz(in->zEvidence), false, EVAL_TEXT_MAX, true, 0, "eval.error.too_long",
                    "eval.error.bad_text");
  if( !domain_parse_id(in->zLogicItem, &li) ) field_errors_add(e, "logic_item", "eval.error.logic_item");
  int nKeep = e->n;
  if( !domain_begin(db, e, "description", NOT_SAVED) ) return 0;
  if( itemId ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM benefit WHERE id=?1 AND project_id=?2");
    stmt_bind_int(s, 1, itemId);
    stmt_bind_int(s, 2, p->id);
    if( !domain_has_row(s) ) return field_errors_refuse_in_tx(db, e, "description", NOT_SAVED);
  }
  if( li && !item_of_project(db, p->id, li) ) field_errors_add(e, "logic_item", "eval.error.logic_item");
  if( !field_errors_checked_in_tx(db, e, nKeep, "description", NOT_SAVED) ) return 0;
  struct stmt *s;
  if( itemId ){
    s = db_prepare(db, "UPDATE benefit SET kind=?2, description=?3, beneficiaries=?4, quantity=?5, proxy_pence=?6,"
                       " proxy_low_pence=?7, proxy_high_pence=?8, proxy_source=?9, deadweight_pct=?10,"
                       " attribution_pct=?11, displacement_pct=?12, drop_off_pct=?13, start_year=?14,"
                       " duration_years=?15, evidence=?16, logic_item_id=?17, updated_at=?18 WHERE id=?1");
    stmt_bind_int(s, 1, itemId);
  }else{
    s = db_prepare(db, "INSERT INTO benefit(project_id, kind, description, beneficiaries, quantity, proxy_pence,"
                       " proxy_low_pence, proxy_high_pence, proxy_source, deadweight_pct, attribution_pct,"
                       " displacement_pct, drop_off_pct, start_year, duration_years, evidence, logic_item_id,"
                       " sort_order, created_at, updated_at)"
                       " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                       " (SELECT COALESCE(MAX(b.sort_order), 0) + 1 FROM benefit b WHERE b.project_id=?1), ?18, ?18)"
                       " RETURNING id");
    stmt_bind_int(s, 1, p->id);
  }
  stmt_bind_text(s, 2, benefit_kind_code(kind));
  stmt_bind_text(s, 3, in->zDescription);
  stmt_bind_text(s, 4, nz(in->zBeneficiaries));
  stmt_bind_double(s, 5, q);
  stmt_bind_int(s, 6, proxy);
  if( lo >= 0 ) stmt_bind_int(s, 7, lo); else stmt_bind_null(s, 7);
  if( hi >= 0 ) stmt_bind_int(s, 8, hi); else stmt_bind_null(s, 8);
  stmt_bind_text(s, 9, nz(in->zProxySource));
  stmt_bind_int(s, 10, dw);
  stmt_bind_int(s, 11, at);
  stmt_bind_int(s, 12, di);
  stmt_bind_int(s, 13, dr);
  stmt_bind_int(s, 14, start);
  stmt_bind_int(s, 15, dur);
  stmt_bind_text(s, 16, nz(in->zEvidence));
  if( li ) stmt_bind_int(s, 17, li); else stmt_bind_null(s, 17);
  stmt_bind_int(s, 18, now);
  long long id = itemId;
  bool ok;
  if( itemId ) ok = stmt_exec(s);
  else{ id = domain_first_int(s, 0); ok = id > 0; }
  struct buf j = {0};
  bool bFirst = true;
  buf_putc(&j, '{');
  json_kv_int(&j, &bFirst, "project_id", p->id);
  json_kv_str(&j, &bFirst, "kind", benefit_kind_code(kind));
  json_kv_str(&j, &bFirst, "description", in->zDescription);
  json_kv_double(&j, &bFirst, "quantity", q);
  json_kv_int(&j, &bFirst, "proxy_pence", proxy);
  json_kv_int(&j, &bFirst, "deadweight_pct", dw);
  json_kv_int(&j, &bFirst, "attribution_pct", at);
  json_kv_int(&j, &bFirst, "displacement_pct", di);
  json_kv_int(&j, &bFirst, "drop_off_pct", dr);
  json_kv_int(&j, &bFirst, "start_year", start);
  json_kv_int(&j, &bFirst, "duration_years", dur);
  buf_putc(&j, '}');
  ok = ok && audit(db, u, itemId ? "update" : "create", "benefit", id, p, &j);
  buf_free(&j);
  return domain_commit(db, ok, e, "description", NOT_SAVED) ? id : 0;
}

/* ---- the recommendation ---- */

/* A measurement named as evidence: only a measured one counts. */
struct evidence { struct buf *b; int *pnEv; bool bFound; };
static void evidence_measured(void *pCtx, const struct eval_meas *m){
  struct evidence *x = pCtx;
  if( !m->zMeasuredOn ) return;
  x->bFound = true;
  buf_puts(x->b, (*x->pnEv)++ ? "\n- " : "\n\n- ");
  buf_puts(x->b, m->zTitle);
  if( m->zMeasuredOn[0] ){ buf_puts(x->b, " ("); buf_puts(x->b, m->zMeasuredOn); buf_puts(x->b, ")"); }
  if( m->zResult[0] ){ buf_puts(x->b, ": "); buf_puts(x->b, m->zResult); }
}

long long evaluation_recommend(struct db *db, const struct user *u, const struct project *p, const char *zRec,
                               const char *zReason, const long long *aMeasurement, int nMeasurement,
                               const long long *aLogic, int nLogic, long long now, struct field_errors *e){
  if( strcmp(p->zStage, "monitor")!=0 && strcmp(p->zStage, "close")!=0 ){
    field_errors_add(e, "recommendation", "eval.error.rec_stage");
  }
  if( text_blank(zRec) ) field_errors_add(e, "recommendation", "eval.error.rec_required");
  else if( strcmp(zRec, "continue")!=0 && strcmp(zRec, "scale_up")!=0 && strcmp(zRec, "stop")!=0 ){
    field_errors_add(e, "recommendation", "eval.error.rec_required");
  }
  domain_check_text(e, "reason", nz(zReason), true, EVAL_TEXT_MAX, true, "eval.error.reason_required",
                    "eval.error.too_long", "eval.error.bad_text");
  int nKeep = e->n;
  if( !domain_begin(db, e, "recommendation", NOT_SAVED) ) return 0;
  /* the evidence named after the words typed, each checked to be the project's */
  struct buf r = {0};
  buf_puts(&r, nz(zReason));
  int nEv = 0;
  for(int i = 0; i < nMeasurement; i++){
    struct evidence x = { &r, &nEv, false };
    evaluation_measurement_get(db, p->id, aMeasurement[i], evidence_measured, &x);
    if( !x.bFound ) field_errors_add(e, "evidence", "eval.error.evidence");
  }
  for(int i = 0; i < nLogic; i++){
    struct logic_item_row it;
    if( logic_item_get(db, p->id, aLogic[i], &it) ){
      buf_puts(&r, nEv++ ? "\n- " : "\n\n- ");
      buf_puts(&r, it.zText);
      free(it.zText);
    }else{
      field_errors_add(e, "evidence", "eval.error.evidence");
    }
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "recommendation", NOT_SAVED) ){ buf_free(&r); return 0; }
  struct stmt *s = db_prepare(db, "UPDATE project SET recommendation=?2, recommendation_reason=?3, updated_at=?4"
                                  " WHERE id=?1");
  stmt_bind_int(s, 1, p->id);
  stmt_bind_text(s, 2, zRec);
  stmt_bind_text(s, 3, buf_cstr(&r));
  stmt_bind_int(s, 4, now);
  bool ok = stmt_exec(s);
  struct buf j = {0};
  bool bFirst = true;
  buf_putc(&j, '{');
  json_kv_str(&j, &bFirst, "recommendation", zRec);
  json_kv_str(&j, &bFirst, "recommendation_reason", buf_cstr(&r));
  buf_putc(&j, '}');
  buf_free(&r);
  ok = ok && audit(db, u, "update", "project", p->id, p, &j);
  buf_free(&j);
  return domain_commit(db, ok, e, "recommendation", NOT_SAVED) ? p->id : 0;
}
