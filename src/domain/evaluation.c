/* A project's evaluation: the four stages' fields, the logic model's
** columns and live measures, the benefits register, and the values the
** API gives (see evaluation.h). */
#include "domain/evaluation.h"
#include "domain/indicator.h"
#include "domain/project.h"
#include "domain/qi.h"
#include "domain/qi_chart.h"
#include "domain/qi_internal.h"
#include "util/json.h"
#include "util/text.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct eval_field evaluation_fields[] = {
  {"question", 0}, {"situation", 0}, {"need", 0},
  {"evaluate", 1}, {"attributable", 1},
  {"success", 2}, {"data", 2}, {"definitions", 2},
  {"when", 3}, {"over_time", 3},
};
const int evaluation_nfield = (int)(sizeof evaluation_fields / sizeof evaluation_fields[0]);

const char *const logic_col_codes[LOGIC_COLS] = {
  "input", "activity", "output", "outcome_short", "outcome_medium", "outcome_long", "impact"
};

int logic_col_of(const char *z){
  for(int i = 0; z && i < LOGIC_COLS; i++) if( strcmp(logic_col_codes[i], z)==0 ) return i;
  return -1;
}
int evaluation_field_of(const char *z){
  for(int i = 0; z && i < evaluation_nfield; i++) if( strcmp(evaluation_fields[i].zCode, z)==0 ) return i;
  return -1;
}

/* ---- live values ---- */

static void copy(char *zOut, size_t n, const char *z){ snprintf(zOut, n, "%s", z ? z : ""); }

struct last_period { char z[INDICATOR_PERIOD_MAX]; };
static void period_last(void *pCtx, const char *zPeriod){
  struct last_period *lp = pCtx;
  copy(lp->z, sizeof lp->z, zPeriod);
}

void logic_live_load(struct db *db, long long qiMeasureId, long long indicatorId, long long unitId,
                     const char *zToday, struct logic_live *p){
  memset(p, 0, sizeof *p);
  if( qiMeasureId ){
    struct qi_measure *m = xmalloc(sizeof *m);
    if( qi_measure_load(db, qiMeasureId, m) ){
      p->kind = 1;
      p->id = m->id;
      p->qiProjectId = m->projectId;
      copy(p->zName, sizeof p->zName, m->zName);
      copy(p->zNameCy, sizeof p->zNameCy, m->zName);
      copy(p->zUnit, sizeof p->zUnit, m->zUnit);
      struct qi_chart c;
      if( qi_chart_load(db, m, &c) ){
        if( c.s.n > 0 ){
          size_t i = c.s.n - 1;
          p->bValue = !isnan(c.s.aValue[i]);
          /* A p chart's points are proportions; shown, as on the measure's
          ** own page, as a percentage. */
          p->value = c.s.aValue[i] * (strcmp(m->zChart, "p")==0 ? 100.0 : 1.0);
          copy(p->zPeriod, sizeof p->zPeriod, c.s.azDate[i]);
          if( c.bRun ){
            copy(p->zSignal, sizeof p->zSignal, c.run.bSignal ? "non_random" : "random");
          }else{
            copy(p->zSignal, sizeof p->zSignal, spc_type_code(c.bSignal ? c.type : SPC_COMMON_CAUSE));
            if( c.bSignal ) copy(p->zSince, sizeof p->zSince, c.s.azDate[c.iSince]);
          }
        }
        qi_chart_free(&c);
      }
    }
    free(m);
    return;
  }
  if( !indicatorId ) return;
  struct indicator *ind = xmalloc(sizeof *ind);
  if( indicator_get(db, indicatorId, ind) ){
    p->kind = 2;
    p->id = ind->id;
    copy(p->zName, sizeof p->zName, ind->zNameEn);
    copy(p->zCode, sizeof p->zCode, ind->zCode);
    copy(p->zNameCy, sizeof p->zNameCy, ind->zNameCy[0] ? ind->zNameCy : ind->zNameEn);
    struct last_period lp = {""};
    if( indicator_periods(db, indicatorId, period_last, &lp) > 0 ){
      struct indicator_compared *c = xmalloc(sizeof *c);
      if( indicator_compare_unit(db, ind, unitId, lp.z, 0, zToday, c) && c->area.bValue ){
        p->bValue = true;
        p->value = c->area.value;
        p->bDemo = c->area.bDemo;
        copy(p->zPeriod, sizeof p->zPeriod, lp.z);
        copy(p->zVsWales, sizeof p->zVsWales, indicator_comparison_code(c->vsWales95));
        copy(p->zVsHealthBoard, sizeof p->zVsHealthBoard, indicator_comparison_code(c->vsHealthBoard95));
      }
      free(c);
    }
  }
  free(ind);
}

/* ---- the benefits register ---- */

static void benefit_from_row(struct stmt *s, struct benefit_row *b){
  memset(b, 0, sizeof *b);
  b->id = stmt_int(s, 0);
  b->projectId = stmt_int(s, 1);
  b->logicItemId = stmt_int(s, 2);
  b->e.kind = benefit_kind_of(stmt_text(s, 3));
  b->zDescription = xstrdup(stmt_text(s, 4));
  b->zBeneficiaries = xstrdup(stmt_text(s, 5));
  b->e.quantity = stmt_is_null(s, 6) ? 0 : stmt_double(s, 6);
  b->e.proxyPence = stmt_int(s, 7);
  b->e.proxyLowPence = stmt_is_null(s, 8) ? -1 : stmt_int(s, 8);
  b->e.proxyHighPence = stmt_is_null(s, 9) ? -1 : stmt_int(s, 9);
  b->zProxySource = xstrdup(stmt_text(s, 10));
  b->e.deadweightPct = (int)stmt_int(s, 11);
  b->e.attributionPct = (int)stmt_int(s, 12);
  b->e.displacementPct = (int)stmt_int(s, 13);
  b->e.dropOffPct = (int)stmt_int(s, 14);
  b->e.startYear = (int)stmt_int(s, 15);
  b->e.durationYears = (int)stmt_int(s, 16);
  b->zEvidence = xstrdup(stmt_text(s, 17));
  copy(b->zProjectTitle, sizeof b->zProjectTitle, stmt_text(s, 18));
  b->bDemo = stmt_int(s, 19)==1;
  copy(b->zUnitName, sizeof b->zUnitName, stmt_text(s, 20));
  copy(b->zUnitNameCy, sizeof b->zUnitNameCy, stmt_text(s, 21));
  b->unitId = stmt_int(s, 22);
  b->pvPence = econ_benefit_pv(&b->e);
}

#define BENEFIT_COLS \
  "b.id, b.project_id, COALESCE(b.logic_item_id,0), b.kind, b.description, b.beneficiaries, b.quantity," \
  " b.proxy_pence, b.proxy_low_pence, b.proxy_high_pence, b.proxy_source, b.deadweight_pct," \
  " b.attribution_pct, b.displacement_pct, b.drop_off_pct, b.start_year, b.duration_years, b.evidence," \
  " p.title, p.demo, u.name, COALESCE(u.name_cy,''), p.unit_id"

int evaluation_benefits_load(struct db *db, long long projectId, long long unitId, const char *zToday,
                             struct benefit_row **pa){
  struct stmt *s;
  if( projectId ){
    s = db_prepare(db, "SELECT " BENEFIT_COLS " FROM benefit b JOIN project p ON p.id=b.project_id"
                       " JOIN unit u ON u.id=p.unit_id"
                       " WHERE b.project_id=?1 ORDER BY b.sort_order, b.id");
    stmt_bind_int(s, 1, projectId);
  }else{
    /* the unit's own projects and those of every unit below it (a PCPG's
    ** and a health board's clusters), in one read */
    s = db_prepare(db,
      "WITH RECURSIVE below(id) AS ("
      "  SELECT CAST(?1 AS BIGINT)"
      "  UNION"
      "  SELECT l.child_id FROM unit_link l JOIN below ON l.parent_id=below.id"
      "   WHERE l.relation='part_of' AND l.valid_from<=?2 AND (l.valid_to IS NULL OR l.valid_to>?2))"
      "SELECT " BENEFIT_COLS " FROM benefit b JOIN project p ON p.id=b.project_id JOIN unit u ON u.id=p.unit_id"
      " WHERE p.unit_id IN (SELECT below.id FROM below)"
      " ORDER BY CASE WHEN p.unit_id=?1 THEN 0 ELSE 1 END, u.name, p.title, p.id, b.sort_order, b.id");
    stmt_bind_int(s, 1, unitId);
    stmt_bind_text(s, 2, zToday);
  }
  int n = 0, nAlloc = 0, rc;
  struct benefit_row *a = 0;
  while( (rc = stmt_step(s))==1 ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 8; a = xrealloc(a, nAlloc * sizeof *a); }
    benefit_from_row(s, &a[n++]);
  }
  stmt_done(s);
  if( rc < 0 ){ evaluation_benefits_free(a, n); *pa = 0; return -1; }
  *pa = a;
  return n;
}

void evaluation_benefits_free(struct benefit_row *a, int n){
  for(int i = 0; i < n; i++){
    free(a[i].zDescription); free(a[i].zBeneficiaries); free(a[i].zProxySource); free(a[i].zEvidence);
  }
  free(a);
}

bool evaluation_econ_load(struct db *db, long long projectId, const char *zToday, struct econ_result *r,
                          long long *pCommitted){
  struct project_facts f;
  memset(r, 0, sizeof *r);
  r->zLowWhat = r->zHighWhat = r->zLowDir = r->zHighDir = "";
  if( pCommitted ) *pCommitted = 0;
  if( !project_facts_load(db, projectId, zToday, &f) ) return false;
  struct benefit_row *a;
  int n = evaluation_benefits_load(db, projectId, 0, zToday, &a);
  if( n < 0 ) return false;
  struct econ_benefit *e = xmalloc((size_t)(n ? n : 1) * sizeof *e);
  for(int i = 0; i < n; i++) e[i] = a[i].e;
  econ_evaluate(e, (size_t)n, f.spentPence, r);
  free(e);
  evaluation_benefits_free(a, n);
  if( pCommitted ) *pCommitted = f.committedPence;
  return true;
}

/* ---- reading: the stages' texts, the logic model's items, the measurements ---- */

char **evaluation_texts_load(struct db *db, long long projectId){
  char **azBody = xcalloc((size_t)evaluation_nfield, sizeof *azBody);
  struct stmt *s = db_prepare(db, "SELECT field, body FROM eval_text WHERE project_id=?1");
  stmt_bind_int(s, 1, projectId);
  while( stmt_step(s)==1 ){
    int i = evaluation_field_of(stmt_text(s, 0));
    if( i >= 0 && !azBody[i] ) azBody[i] = xstrdup(stmt_text(s, 1));
  }
  stmt_done(s);
  return azBody;
}

void evaluation_texts_free(char **azBody){
  if( !azBody ) return;
  for(int i = 0; i < evaluation_nfield; i++) free(azBody[i]);
  free(azBody);
}

#define LOGIC_ITEM_COLS "id, col, text, COALESCE(qi_measure_id,0), COALESCE(indicator_id,0), sort_order FROM logic_item"

static void logic_item_read(struct stmt *s, struct logic_item_row *it){
  memset(it, 0, sizeof *it);
  it->id = stmt_int(s, 0);
  text_copy(it->zCol, sizeof it->zCol, stmt_text(s, 1));
  it->col = logic_col_of(stmt_text(s, 1));
  it->zText = xstrdup(stmt_text(s, 2));
  it->qiMeasureId = stmt_int(s, 3);
  it->indicatorId = stmt_int(s, 4);
  it->sortOrder = stmt_int(s, 5);
}

int logic_items_load(struct db *db, long long projectId, struct logic_item_row **pa){
  struct stmt *s = db_prepare(db, "SELECT " LOGIC_ITEM_COLS " WHERE project_id=?1 ORDER BY sort_order, id");
  stmt_bind_int(s, 1, projectId);
  struct logic_item_row *a = 0;
  int n = 0, nAlloc = 0;
  while( stmt_step(s)==1 ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 8; a = xrealloc(a, (size_t)nAlloc * sizeof *a); }
    logic_item_read(s, &a[n++]);
  }
  stmt_done(s);
  *pa = a;
  return n;
}

void logic_items_free(struct logic_item_row *a, int n){
  for(int i = 0; i < n; i++) free(a[i].zText);
  free(a);
}

bool logic_item_get(struct db *db, long long projectId, long long id, struct logic_item_row *it){
  struct stmt *s = db_prepare(db, "SELECT " LOGIC_ITEM_COLS " WHERE id=?1 AND project_id=?2");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, projectId);
  bool ok = stmt_step(s)==1;
  if( ok ) logic_item_read(s, it);
  stmt_done(s);
  return ok;
}

int logic_projects_using(struct db *db, long long qiMeasureId, long long indicatorId, long long unitId,
                         logic_project_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT DISTINCT p.id, p.title FROM logic_item l JOIN project p ON p.id=l.project_id"
    " WHERE p.unit_id=?3 AND ((?1>0 AND l.qi_measure_id=?1) OR (?2>0 AND l.indicator_id=?2)) ORDER BY p.title, p.id");
  stmt_bind_int(s, 1, qiMeasureId);
  stmt_bind_int(s, 2, indicatorId);
  stmt_bind_int(s, 3, unitId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1));
    n++;
  }
  stmt_done(s);
  return n;
}

int logic_qi_choices(struct db *db, long long unitId, logic_choice_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT m.id, m.name, q.title FROM qi_measure m JOIN qi_project q ON q.id=m.project_id"
                                  " WHERE q.unit_id=?1 ORDER BY q.title, m.position, m.id");
  stmt_bind_int(s, 1, unitId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2));
    n++;
  }
  stmt_done(s);
  return n;
}

int logic_indicator_choices(struct db *db, logic_choice_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT id, name_en, COALESCE(name_cy,'') FROM indicator ORDER BY sort_order, id");
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2));
    n++;
  }
  stmt_done(s);
  return n;
}

#define MEAS_COLS "id, title, due_on, measured_on, value, population, place, result, COALESCE(logic_item_id,0)"

static int meas_each(struct stmt *s, eval_meas_cb x, void *pCtx){
  int n = 0;
  while( stmt_step(s)==1 ){
    struct eval_meas m;
    m.id = stmt_int(s, 0);
    m.zTitle = stmt_text(s, 1);
    m.zDueOn = stmt_text(s, 2);
    m.zMeasuredOn = stmt_is_null(s, 3) ? NULL : stmt_text(s, 3);
    m.bValue = !stmt_is_null(s, 4);
    m.value = stmt_double(s, 4);
    m.zPopulation = stmt_text(s, 5);
    m.zPlace = stmt_text(s, 6);
    m.zResult = stmt_text(s, 7);
    m.logicItemId = stmt_int(s, 8);
    m.bDue = stmt_int(s, 9)==1;
    x(pCtx, &m);
    n++;
  }
  stmt_done(s);
  return n;
}

int evaluation_measurements_each(struct db *db, long long projectId, const char *zToday, eval_meas_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " MEAS_COLS ", CASE WHEN measured_on IS NULL AND due_on<=?2 THEN 1 ELSE 0 END AS due"
    " FROM eval_measurement WHERE project_id=?1 ORDER BY due DESC, due_on, id");
  stmt_bind_int(s, 1, projectId);
  stmt_bind_text(s, 2, zToday);
  return meas_each(s, x, pCtx);
}

int evaluation_measured_each(struct db *db, long long projectId, eval_meas_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " MEAS_COLS ", 0 FROM eval_measurement"
                                  " WHERE project_id=?1 AND measured_on IS NOT NULL ORDER BY measured_on, id");
  stmt_bind_int(s, 1, projectId);
  return meas_each(s, x, pCtx);
}

bool evaluation_measurement_get(struct db *db, long long projectId, long long id, eval_meas_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " MEAS_COLS ", 0 FROM eval_measurement WHERE id=?1 AND project_id=?2");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, projectId);
  return meas_each(s, x, pCtx)==1;
}

/* ---- the API's values ---- */

static void kv_ratio(struct buf *b, bool *pbFirst, const char *zKey, bool bSet, double v){
  if( bSet ) json_kv_double(b, pbFirst, zKey, round(v * 10000) / 10000);
  else json_kv_null(b, pbFirst, zKey);
}

void evaluation_logic_model_json(struct db *db, long long projectId, const char *zToday, struct buf *b){
  long long unitId = 0;
  struct stmt *s = db_prepare(db, "SELECT unit_id FROM project WHERE id=?1");
  stmt_bind_int(s, 1, projectId);
  if( stmt_step(s)==1 ) unitId = stmt_int(s, 0);
  stmt_done(s);
  /* read the rows first: the live values prepare statements of their own */
  struct logic_item_row *a = 0;
  int n = logic_items_load(db, projectId, &a);
  buf_putc(b, '[');
  /* in the columns' order */
  bool bFirstItem = true;
  for(int c = 0; c < LOGIC_COLS; c++){
    for(int i = 0; i < n; i++){
      if( a[i].col!=c ) continue;
      json_sep(b, &bFirstItem);
      bool bFirst = true;
      buf_putc(b, '{');
      json_kv_int(b, &bFirst, "id", a[i].id);
      json_kv_str(b, &bFirst, "col", logic_col_codes[c]);
      json_kv_str(b, &bFirst, "text", a[i].zText);
      struct logic_live L;
      logic_live_load(db, a[i].qiMeasureId, a[i].indicatorId, unitId, zToday, &L);
      if( L.kind==0 ){
        json_kv_null(b, &bFirst, "measure");
      }else{
        json_key(b, &bFirst, "measure");
        bool bF = true;
        buf_putc(b, '{');
        json_kv_str(b, &bF, "kind", L.kind==1 ? "qi" : "indicator");
        json_kv_int(b, &bF, "id", L.id);
        json_kv_str(b, &bF, "name", L.zName);
        if( L.bValue ) json_kv_double(b, &bF, "value", L.value);
        else json_kv_null(b, &bF, "value");
        json_kv_str(b, &bF, "period", L.zPeriod[0] ? L.zPeriod : NULL);
        if( L.kind==1 ){
          json_kv_str(b, &bF, "signal", L.zSignal[0] ? L.zSignal : NULL);
          json_kv_str(b, &bF, "since", L.zSince[0] ? L.zSince : NULL);
        }else{
          json_kv_str(b, &bF, "signal", L.zVsWales[0] ? L.zVsWales : NULL);
          json_kv_str(b, &bF, "vs_health_board", L.zVsHealthBoard[0] ? L.zVsHealthBoard : NULL);
        }
        buf_putc(b, '}');
      }
      buf_putc(b, '}');
    }
  }
  buf_putc(b, ']');
  logic_items_free(a, n);
}

struct meas_json { struct buf *b; bool bFirst; };
static void meas_json_item(void *pCtx, const struct eval_meas *m){
  struct meas_json *c = pCtx;
  struct buf *b = c->b;
  json_sep(b, &c->bFirst);
  bool bG = true;
  buf_putc(b, '{');
  json_kv_int(b, &bG, "id", m->id);
  json_kv_str(b, &bG, "title", m->zTitle);
  json_kv_str(b, &bG, "due_on", m->zDueOn);
  json_kv_str(b, &bG, "measured_on", m->zMeasuredOn);
  if( !m->bValue ) json_kv_null(b, &bG, "value");
  else json_kv_double(b, &bG, "value", m->value);
  json_kv_str(b, &bG, "population", m->zPopulation);
  json_kv_str(b, &bG, "place", m->zPlace);
  json_kv_str(b, &bG, "result", m->zResult);
  if( m->logicItemId ) json_kv_int(b, &bG, "logic_item_id", m->logicItemId);
  else json_kv_null(b, &bG, "logic_item_id");
  json_kv_bool(b, &bG, "due", m->bDue);
  buf_putc(b, '}');
}

void evaluation_json(struct db *db, long long projectId, const char *zToday, struct buf *b){
  bool bTop = true;
  buf_putc(b, '{');
  /* the four stages */
  json_key(b, &bTop, "stages");
  buf_putc(b, '{');
  {
    bool bF = true;
    char **azBody = evaluation_texts_load(db, projectId);
    for(int i = 0; i < evaluation_nfield; i++){
      json_kv_str(b, &bF, evaluation_fields[i].zCode, azBody[i] ? azBody[i] : "");
    }
    evaluation_texts_free(azBody);
  }
  buf_putc(b, '}');
  /* the measurements: due ones first */
  json_key(b, &bTop, "measurements");
  buf_putc(b, '[');
  {
    struct meas_json c = { b, true };
    evaluation_measurements_each(db, projectId, zToday, meas_json_item, &c);
  }
  buf_putc(b, ']');
  /* the benefits */
  json_key(b, &bTop, "benefits");
  buf_putc(b, '[');
  struct benefit_row *a = 0;
  int n = evaluation_benefits_load(db, projectId, 0, zToday, &a);
  struct econ_benefit *e = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *e);
  {
    bool bF = true;
    for(int i = 0; i < n; i++){
      const struct benefit_row *r = &a[i];
      e[i] = r->e;
      json_sep(b, &bF);
      bool bG = true;
      buf_putc(b, '{');
      json_kv_int(b, &bG, "id", r->id);
      json_kv_str(b, &bG, "kind", benefit_kind_code(r->e.kind));
      json_kv_str(b, &bG, "description", r->zDescription);
      json_kv_str(b, &bG, "beneficiaries", r->zBeneficiaries);
      json_kv_double(b, &bG, "quantity", r->e.quantity);
      json_kv_int(b, &bG, "proxy", r->e.proxyPence);
      if( r->e.proxyLowPence >= 0 ) json_kv_int(b, &bG, "proxy_low", r->e.proxyLowPence);
      else json_kv_null(b, &bG, "proxy_low");
      if( r->e.proxyHighPence >= 0 ) json_kv_int(b, &bG, "proxy_high", r->e.proxyHighPence);
      else json_kv_null(b, &bG, "proxy_high");
      json_kv_str(b, &bG, "proxy_source", r->zProxySource);
      json_kv_int(b, &bG, "deadweight_pct", r->e.deadweightPct);
      json_kv_int(b, &bG, "attribution_pct", r->e.attributionPct);
      json_kv_int(b, &bG, "displacement_pct", r->e.displacementPct);
      json_kv_int(b, &bG, "drop_off_pct", r->e.dropOffPct);
      json_kv_int(b, &bG, "start_year", r->e.startYear);
      json_kv_int(b, &bG, "duration_years", r->e.durationYears);
      json_kv_str(b, &bG, "evidence", r->zEvidence);
      json_kv_int(b, &bG, "present_value", r->pvPence);
      buf_putc(b, '}');
    }
  }
  buf_putc(b, ']');
  /* the economic evaluation */
  struct project_facts f;
  if( !project_facts_load(db, projectId, zToday, &f) ) memset(&f, 0, sizeof f);
  struct econ_result R;
  econ_evaluate(e, (size_t)(n > 0 ? n : 0), f.spentPence, &R);
  free(e);
  if( n > 0 ) evaluation_benefits_free(a, n);
  json_key(b, &bTop, "economic");
  {
    bool bF = true;
    buf_putc(b, '{');
    json_kv_int(b, &bF, "cost", R.costPence);
    json_kv_int(b, &bF, "committed", f.committedPence);
    json_kv_int(b, &bF, "cash_releasing", R.cashReleasingPv);
    json_kv_int(b, &bF, "benefits_pv", R.benefitsPv);
    kv_ratio(b, &bF, "roi", R.bRatios, R.roi);
    kv_ratio(b, &bF, "sroi", R.bRatios, R.sroi);
    kv_ratio(b, &bF, "sroi_low", R.bRatios, R.sroiLow);
    kv_ratio(b, &bF, "sroi_high", R.bRatios, R.sroiHigh);
    json_kv_double(b, &bF, "discount_rate", EVAL_DISCOUNT_RATE);
    buf_putc(b, '}');
  }
  /* the recommendation */
  {
    struct stmt *s = db_prepare(db, "SELECT recommendation FROM project WHERE id=?1");
    stmt_bind_int(s, 1, projectId);
    const char *z = NULL;
    char zRec[16] = "";
    if( stmt_step(s)==1 && !stmt_is_null(s, 0) ){ copy(zRec, sizeof zRec, stmt_text(s, 0)); z = zRec; }
    stmt_done(s);
    json_kv_str(b, &bTop, "recommendation", z);
  }
  buf_putc(b, '}');
}
