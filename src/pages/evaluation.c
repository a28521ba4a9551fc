/*
** A project's evaluation (src/domain/evaluation.h), seed 001 "Measuring
** success and evaluation":
**
**   GET  /projects/{id}/evaluation                 the four stages, the
**        measurements (due ones first), the economic evaluation and the
**        recommendation
**   GET  /projects/{id}/evaluation/stages/{n}/edit, POST   one stage's form
**   GET  /projects/{id}/measurements               planned and recorded
**   GET  /projects/{id}/measurements/new, POST     plan one
**   GET  /projects/{id}/measurements/{item}/edit, POST
**   GET  /projects/{id}/measurements/{item}/record, POST   record it
**   GET  /projects/{id}/recommendation, POST       continue, scale up or stop
**
** The logic model: logic_model.c; the benefits: benefits.c.
*/
#include "pages/pages.h"
#include "domain/domain_write.h"
#include "domain/evaluation.h"
#include "domain/project.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "util/money.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include "http/http.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- shared by the evaluation's pages ---- */

void eval_page_begin(struct req *r, const char *zTitle, const char *zHref, const char *zHrefText,
                     const struct field_errors *e, bool bForm){
  const struct project *p = r->rec.pWork;
  char zUnit[120], zProjects[140], zProject[60];
  snprintf(zUnit, sizeof zUnit, "/units/%s", p->zUnitSlug);
  snprintf(zProjects, sizeof zProjects, "/units/%s/projects", p->zUnitSlug);
  snprintf(zProject, sizeof zProject, "/projects/%lld", p->id);
  struct crumb a[5] = {{"/", T("home.title")}, {zUnit, unit_display_name(&r->rec.unit, r->lang)},
                       {zProjects, T("eval.projects")}, {zProject, p->zTitle}, {zHref, zHrefText}};
  int n = zHref ? 5 : 4;
  if( bForm ){
    page_form_begin(r, zTitle, a, n, e, p->zTitle);
  }else{
    page_begin_form(r, zTitle, a, n, e);
    html_printf(&r->body, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", p->zTitle, zTitle);
    if( p->bDemo ) nhsuk_warning_callout(&r->body, 2, T("eval.demo_heading"), T("eval.demo_text"));
  }
}

void eval_number(double v, char *z, size_t n){
  if( isnan(v) ){ snprintf(z, n, "%s", ""); return; }
  if( fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15 ) snprintf(z, n, "%.0f", v);
  else snprintf(z, n, "%.6g", v);
}

/* ---- the stages ---- */

static const char *const azStageKey[EVAL_STAGES] = {
  "eval.stage.1", "eval.stage.2", "eval.stage.3", "eval.stage.4"
};
static const char *const azStageHint[EVAL_STAGES] = {
  "eval.stage.1.hint", "eval.stage.2.hint", "eval.stage.3.hint", "eval.stage.4.hint"
};

static const char *field_label(const char *zCode, bool bHint, char *zKey, size_t n){
  snprintf(zKey, n, "eval.field.%s%s", zCode, bHint ? ".hint" : "");
  return zKey;
}

/* ---- measurements ---- */

struct meas {
  long long id, logicItemId;
  char zTitle[4*PROJECT_TITLE_MAX+1], zDueOn[11], zMeasuredOn[11];
  double value;
  char *zPopulation, *zPlace, *zResult;
  bool bDue;
};
struct meas_list { struct meas *a; int n, nAlloc; };
static void meas_add(void *pCtx, const struct eval_meas *x){
  struct meas_list *L = pCtx;
  if( L->n==L->nAlloc ){ L->nAlloc = L->nAlloc ? 2*L->nAlloc : 8; L->a = xrealloc(L->a, L->nAlloc * sizeof *L->a); }
  struct meas *m = &L->a[L->n++];
  m->id = x->id;
  text_copy(m->zTitle, sizeof m->zTitle, x->zTitle);
  text_copy(m->zDueOn, sizeof m->zDueOn, x->zDueOn);
  text_copy(m->zMeasuredOn, sizeof m->zMeasuredOn, x->zMeasuredOn ? x->zMeasuredOn : "");
  m->value = x->value;
  m->zPopulation = xstrdup(x->zPopulation);
  m->zPlace = xstrdup(x->zPlace);
  m->zResult = xstrdup(x->zResult);
  m->logicItemId = x->logicItemId;
  m->bDue = x->bDue;
}
static int meas_load(struct req *r, struct meas **pa){
  struct meas_list L = { 0, 0, 0 };
  evaluation_measurements_each(r->db, r->rec.pWork->id, r->zToday, meas_add, &L);
  *pa = L.a;
  return L.n;
}
static void meas_free(struct meas *a, int n){
  for(int i = 0; i < n; i++){ free(a[i].zPopulation); free(a[i].zPlace); free(a[i].zResult); }
  free(a);
}

static void meas_table(struct req *r, const struct meas *a, int n, bool bActions){
  struct buf *b = &r->body;
  const struct project *p = r->rec.pWork;
  if( n==0 ){
    html_printf(b, "<p id=\"measurements-none\">%s</p>\n", T("eval.meas.none"));
    return;
  }
  nhsuk_rtable_begin(b, "nhsuk-table--compact", "measurements-table", T("eval.meas.caption"));
  nhsuk_rtable_header(b, T("eval.meas.title"), false);
  nhsuk_rtable_header(b, T("eval.meas.due_on"), false);
  nhsuk_rtable_header(b, T("eval.meas.population"), false);
  nhsuk_rtable_header(b, T("eval.meas.place"), false);
  nhsuk_rtable_header(b, T("eval.meas.measured"), false);
  if( bActions ) nhsuk_rtable_header(b, T("eval.actions"), false);
  nhsuk_table_body(b);
  for(int i = 0; i < n; i++){
    const struct meas *m = &a[i];
    char zId[32], zD[48], zV[40];
    snprintf(zId, sizeof zId, "measurement-%lld", m->id);
    nhsuk_rtable_row_begin(b, 0, zId);
    nhsuk_rtable_cell_begin(b, 0, T("eval.meas.title"));
    html_printf(b, "%s", m->zTitle);
    if( m->bDue ){ html_printf(b, " "); nhsuk_tag(b, "orange", T("eval.meas.due_tag")); }
    nhsuk_rtable_cell_end(b);
    page_date_short(r, m->zDueOn, zD);
    nhsuk_rtable_cell(b, T("eval.meas.due_on"), zD);
    nhsuk_rtable_cell(b, T("eval.meas.population"), m->zPopulation);
    nhsuk_rtable_cell(b, T("eval.meas.place"), m->zPlace);
    nhsuk_rtable_cell_begin(b, 0, T("eval.meas.measured"));
    if( m->zMeasuredOn[0] ){
      page_date_short(r, m->zMeasuredOn, zD);
      eval_number(m->value, zV, sizeof zV);
      html_printf(b, "%s", zD);
      if( zV[0] ) html_printf(b, ": <strong>%s</strong>", zV);
      if( m->zResult[0] ) html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", m->zResult);
    }else{
      html_printf(b, "%s", T("eval.meas.not_yet"));
    }
    nhsuk_rtable_cell_end(b);
    if( bActions ){
      nhsuk_rtable_cell_begin(b, 0, T("eval.actions"));
      if( p->bCanWrite ){
        html_printf(b, "<a href=\"/projects/%lld/measurements/%lld/record\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>"
                       " · <a href=\"/projects/%lld/measurements/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                    p->id, m->id, T("eval.meas.record"), m->zTitle, p->id, m->id, T("eval.change"), m->zTitle);
      }
      nhsuk_rtable_cell_end(b);
    }
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
}

/* ---- the economic evaluation in words ---- */

static void ratio_text(double v, char *z, size_t n){
  char zF[40];
  text_fixed(zF, sizeof zF, v, 2);
  snprintf(z, n, "%s : 1", zF);
}

static const char *what_key(const char *zWhat, const char *zDir){
  if( strcmp(zWhat, "proxy")==0 ) return strcmp(zDir, "low")==0 ? "eval.econ.case.proxy_low" : "eval.econ.case.proxy_high";
  bool bUp = strcmp(zDir, "up")==0;
  if( strcmp(zWhat, "deadweight")==0 ) return bUp ? "eval.econ.case.deadweight_up" : "eval.econ.case.deadweight_down";
  if( strcmp(zWhat, "attribution")==0 ) return bUp ? "eval.econ.case.attribution_up" : "eval.econ.case.attribution_down";
  if( strcmp(zWhat, "displacement")==0 ) return bUp ? "eval.econ.case.displacement_up" : "eval.econ.case.displacement_down";
  if( strcmp(zWhat, "drop_off")==0 ) return bUp ? "eval.econ.case.drop_off_up" : "eval.econ.case.drop_off_down";
  return "eval.econ.case.base";
}

void eval_econ_summary(struct req *r, long long projectId){
  struct buf *b = &r->body;
  struct econ_result R;
  long long committed = 0;
  if( !evaluation_econ_load(r->db, projectId, r->zToday, &R, &committed) ){
    html_printf(b, "<p>%s</p>\n", T("eval.error.not_loaded"));
    return;
  }
  char zM[40], zR[60];
  nhsuk_summary_begin(b, "economic-summary");
  nhsuk_summary_row(b, T("eval.econ.cost"), money_format(R.costPence, zM, sizeof zM), false);
  nhsuk_summary_row(b, T("eval.econ.committed"), money_format(committed, zM, sizeof zM), false);
  nhsuk_summary_row(b, T("eval.econ.benefits_pv"), money_format(R.benefitsPv, zM, sizeof zM), false);
  nhsuk_summary_row(b, T("eval.econ.cash_pv"), money_format(R.cashReleasingPv, zM, sizeof zM), false);
  if( R.bRatios ){
    ratio_text(R.sroi, zR, sizeof zR);
    nhsuk_summary_row(b, T("eval.econ.sroi"), zR, false);
    char zP[40], zPc[48];
    text_fixed(zP, sizeof zP, R.roi * 100, 0);
    snprintf(zPc, sizeof zPc, "%s%%", zP);
    nhsuk_summary_row(b, T("eval.econ.roi"), zPc, false);
    char zLo[60], zHi[60];
    ratio_text(R.sroiLow, zLo, sizeof zLo);
    ratio_text(R.sroiHigh, zHi, sizeof zHi);
    char zRange[140];
    snprintf(zRange, sizeof zRange, "%s – %s", zLo, zHi);
    nhsuk_summary_row(b, T("eval.econ.range"), zRange, false);
  }else{
    nhsuk_summary_row(b, T("eval.econ.sroi"), T("eval.econ.no_cost"), false);
  }
  nhsuk_summary_row(b, T("eval.econ.discount"), T("eval.econ.discount_text"), false);
  nhsuk_summary_end(b);
  if( R.bRatios ){
    char zLo[60], zHi[60];
    ratio_text(R.sroiLow, zLo, sizeof zLo);
    ratio_text(R.sroiHigh, zHi, sizeof zHi);
    html_printf(b, "<p id=\"sensitivity\">");
    html_printf_t(b, TF("eval.econ.sensitivity"), zLo, T(what_key(R.zLowWhat, R.zLowDir)), zHi,
                  T(what_key(R.zHighWhat, R.zHighDir)));
    html_printf(b, " %s</p>\n", T(R.sroiLow >= 1 ? "eval.econ.above_one" : R.sroiHigh < 1 ? "eval.econ.below_one"
                                                                          : "eval.econ.crosses_one"));
  }
}

static const char *rec_key(const char *z){
  if( strcmp(z, "continue")==0 ) return "eval.rec.continue";
  if( strcmp(z, "scale_up")==0 ) return "eval.rec.scale_up";
  return "eval.rec.stop";
}

struct used_ctx { struct req *r; int n; };
static void used_in_one(void *pCtx, long long id, const char *zTitle){
  struct used_ctx *c = pCtx;
  struct req *r = c->r;
  if( c->n++==0 ) html_printf(&r->body, "<p id=\"used-in-evaluation\">%s ", T("eval.used_in"));
  else html_printf(&r->body, ", ");
  html_printf(&r->body, "<a href=\"/projects/%lld/logic-model\">%s</a>", id, zTitle);
}

void eval_used_in(struct req *r, long long qiMeasureId, long long indicatorId, long long unitId){
  struct used_ctx c = { r, 0 };
  logic_projects_using(r->db, qiMeasureId, indicatorId, unitId, used_in_one, &c);
  if( c.n ) html_printf(&r->body, "</p>\n");
}

/* ---- GET /projects/{id}/evaluation ---- */

void page_evaluation(struct req *r){
  const struct project *p = r->rec.pWork;
  struct buf *b = &r->body;
  eval_page_begin(r, T("eval.title"), 0, 0, 0, false);
  html_printf(b, "<p>%s</p>\n", T("eval.intro"));
  /* the stages */
  char **azBody = evaluation_texts_load(r->db, p->id);
  for(int st = 0; st < EVAL_STAGES; st++){
    html_printf(b, "<h2 id=\"stage-%d\">%s</h2>\n", st+1, T(azStageKey[st]));
    char zId[32];
    snprintf(zId, sizeof zId, "stage-%d-summary", st+1);
    nhsuk_summary_begin(b, zId);
    for(int i = 0; i < evaluation_nfield; i++){
      if( evaluation_fields[i].iStage!=st ) continue;
      char zKey[80];
      nhsuk_summary_row(b, i18n_get(r->lang, field_label(evaluation_fields[i].zCode, false, zKey, sizeof zKey)),
                        azBody[i] ? azBody[i] : T("eval.not_written"), true);
    }
    nhsuk_summary_end(b);
    if( p->bCanWrite ){
      html_printf(b, "<p><a href=\"/projects/%lld/evaluation/stages/%d/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a></p>\n",
                  p->id, st+1, T("eval.change"), T(azStageKey[st]));
    }
  }
  evaluation_texts_free(azBody);
  /* measurements */
  html_printf(b, "<h2 id=\"measurements\">%s</h2>\n", T("eval.meas.heading"));
  struct meas *a;
  int n = meas_load(r, &a);
  int nDue = 0;
  for(int i = 0; i < n; i++) if( a[i].bDue ) nDue++;
  if( nDue ){
    html_printf(b, "<p id=\"due-count\">");
    html_printf_t(b, TF("eval.meas.due_count"), nDue);
    html_printf(b, "</p>\n");
  }
  meas_table(r, a, n, false);
  meas_free(a, n);
  html_printf(b, "<p><a href=\"/projects/%lld/measurements\">%s</a></p>\n", p->id, T("eval.meas.all"));
  /* the logic model */
  html_printf(b, "<h2 id=\"logic\">%s</h2>\n<p>%s</p>\n<p><a href=\"/projects/%lld/logic-model\">%s</a></p>\n",
              T("logic.title"), T("logic.intro_short"), p->id, T("logic.see"));
  /* the economic evaluation */
  html_printf(b, "<h2 id=\"economic\">%s</h2>\n<p>%s</p>\n", T("eval.econ.heading"), T("eval.econ.intro"));
  eval_econ_summary(r, p->id);
  html_printf(b, "<p><a href=\"/projects/%lld/benefits\">%s</a></p>\n", p->id, T("benefit.see"));
  /* the recommendation */
  html_printf(b, "<h2 id=\"recommendation\">%s</h2>\n", T("eval.rec.heading"));
  if( p->zRecommendation[0] ){
    nhsuk_summary_begin(b, "recommendation-summary");
    nhsuk_summary_row(b, T("eval.rec.label"), T(rec_key(p->zRecommendation)), false);
    nhsuk_summary_row(b, T("eval.rec.reason"), p->zRecommendationReason ? p->zRecommendationReason : "", true);
    nhsuk_summary_end(b);
  }else{
    html_printf(b, "<p id=\"recommendation-none\">%s</p>\n", T("eval.rec.none"));
  }
  if( p->bCanWrite && (strcmp(p->zStage, "monitor")==0 || strcmp(p->zStage, "close")==0) ){
    html_printf(b, "<p><a href=\"/projects/%lld/recommendation\">%s</a></p>\n", p->id,
                T(p->zRecommendation[0] ? "eval.rec.change" : "eval.rec.make"));
  }else if( !p->zClosedOn[0] ){
    html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n", T("eval.rec.when"));
  }
  html_printf(b, "<p><a href=\"/projects/%lld\">%s</a></p>\n", p->id, T("eval.back_project"));
  page_end(r);
}

/* ---- one stage ---- */

static int stage_of(struct req *r){
  long long n = r->aId[1];
  return n>=1 && n<=EVAL_STAGES ? (int)n - 1 : -1;
}

static void stage_form(struct req *r, int st, const struct field_errors *e, const char *const *azVal){
  const struct project *p = r->rec.pWork;
  char zHref[80];
  snprintf(zHref, sizeof zHref, "/projects/%lld/evaluation", p->id);
  eval_page_begin(r, T(azStageKey[st]), zHref, T("eval.title"), e, true);
  struct buf *b = &r->body;
  html_printf(b, "<p class=\"nhsuk-body-l\">%s</p>\n", T(azStageHint[st]));
  html_printf(b, "<form method=\"post\" action=\"/projects/%lld/evaluation/stages/%d/edit\" novalidate>\n", p->id, st+1);
  form_csrf(r);
  int k = 0;
  for(int i = 0; i < evaluation_nfield; i++){
    if( evaluation_fields[i].iStage!=st ) continue;
    char zL[80], zH[80];
    field_label(evaluation_fields[i].zCode, false, zL, sizeof zL);
    field_label(evaluation_fields[i].zCode, true, zH, sizeof zH);
    form_textarea(r, e, evaluation_fields[i].zCode, zL, zH, azVal[k++], 5);
  }
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("eval.save"));
  html_printf(b, "<p><a href=\"/projects/%lld/evaluation\">%s</a></p>\n</div></div>\n", p->id, T("eval.back"));
  page_end(r);
}

void page_evaluation_stage_edit(struct req *r){
  int st = stage_of(r);
  if( st < 0 ){ page_not_found(r); return; }
  const char *azVal[8] = {0};
  char **azBody = evaluation_texts_load(r->db, r->rec.pWork->id);
  int k = 0;
  for(int i = 0; i < evaluation_nfield && k < 8; i++){
    if( evaluation_fields[i].iStage!=st ) continue;
    azVal[k++] = azBody[i];
  }
  stage_form(r, st, 0, azVal);
  evaluation_texts_free(azBody);
}

void page_evaluation_stage_update(struct req *r){
  int st = stage_of(r);
  if( st < 0 ){ page_not_found(r); return; }
  const char *azVal[8] = {0};
  int k = 0;
  for(int i = 0; i < evaluation_nfield && k < 8; i++){
    if( evaluation_fields[i].iStage==st ) azVal[k++] = req_form(r, evaluation_fields[i].zCode);
  }
  struct field_errors e = {0};
  long long id = evaluation_stage_save(r->db, &r->user, r->rec.pWork, st, azVal, (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/evaluation#stage-%d", r->rec.pWork->id, st+1) ) stage_form(r, st, &e, azVal);
}

/* ---- measurements ---- */

void page_measurements(struct req *r){
  const struct project *p = r->rec.pWork;
  char zHref[80];
  snprintf(zHref, sizeof zHref, "/projects/%lld/evaluation", p->id);
  eval_page_begin(r, T("eval.meas.heading"), zHref, T("eval.title"), 0, false);
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("eval.meas.intro"));
  if( p->bCanWrite ){
    html_printf(b, "<p><a class=\"nhsuk-button\" href=\"/projects/%lld/measurements/new\">%s</a></p>\n", p->id,
                T("eval.meas.new"));
  }
  struct meas *a;
  int n = meas_load(r, &a);
  meas_table(r, a, n, true);
  meas_free(a, n);
  html_printf(b, "<p><a href=\"/projects/%lld/evaluation\">%s</a></p>\n", p->id, T("eval.back"));
  page_end(r);
}

/* The logic model's items as <option>s, zSel chosen; bTied: outputs and outcomes only. */
void eval_logic_options(struct req *r, const char *zSel){
  struct logic_item_row *a;
  int n = logic_items_load(r->db, r->rec.pWork->id, &a);
  html_printf(&r->body, "<option value=\"\">%s</option>\n", T("eval.none_option"));
  for(int i = 0; i < n; i++){
    char zId[24], zKey[60], zShort[160];
    snprintf(zId, sizeof zId, "%lld", a[i].id);
    snprintf(zKey, sizeof zKey, "logic.col.%s", a[i].zCol);
    snprintf(zShort, sizeof zShort, "%.120s", a[i].zText);
    html_printf(&r->body, "<option value=\"%s\"%s>%s: %s</option>\n", zId, zSel && strcmp(zSel, zId)==0 ? " selected" : "",
                i18n_get(r->lang, zKey), zShort);
  }
  logic_items_free(a, n);
}

static void meas_form(struct req *r, long long itemId, const struct field_errors *e, const struct measurement_input *in){
  const struct project *p = r->rec.pWork;
  char zHref[80];
  snprintf(zHref, sizeof zHref, "/projects/%lld/measurements", p->id);
  eval_page_begin(r, T(itemId ? "eval.meas.edit_title" : "eval.meas.new_title"), zHref, T("eval.meas.heading"), e, true);
  struct buf *b = &r->body;
  if( itemId ) html_printf(b, "<form method=\"post\" action=\"/projects/%lld/measurements/%lld/edit\" novalidate>\n", p->id, itemId);
  else html_printf(b, "<form method=\"post\" action=\"/projects/%lld/measurements/new\" novalidate>\n", p->id);
  form_csrf(r);
  form_input(r, e, "title", "eval.meas.title", "eval.meas.title_hint", "text", in->zTitle, "off");
  form_input(r, e, "due_on", "eval.meas.due_on", "eval.meas.due_on_hint", "date", in->zDueOn, "off");
  form_input(r, e, "population", "eval.meas.population", "eval.meas.population_hint", "text", in->zPopulation, "off");
  form_input(r, e, "place", "eval.meas.place", "eval.meas.place_hint", "text", in->zPlace, "off");
  form_select_begin(r, e, "logic_item", "eval.meas.logic_item", "eval.meas.logic_item_hint");
  eval_logic_options(r, in->zLogicItem);
  form_select_end(r);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("eval.save"));
  html_printf(b, "<p><a href=\"/projects/%lld/measurements\">%s</a></p>\n</div></div>\n", p->id, T("eval.meas.back"));
  page_end(r);
}

static void meas_read_form(struct req *r, struct measurement_input *in){
  in->zTitle = req_form(r, "title");
  in->zDueOn = req_form(r, "due_on");
  in->zPopulation = req_form(r, "population");
  in->zPlace = req_form(r, "place");
  in->zLogicItem = req_form(r, "logic_item");
}

void page_measurement_new(struct req *r){
  struct measurement_input in = {0};
  meas_form(r, 0, 0, &in);
}
void page_measurement_create(struct req *r){
  struct measurement_input in;
  meas_read_form(r, &in);
  struct field_errors e = {0};
  long long id = measurement_save(r->db, &r->user, r->rec.pWork, 0, &in, (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/measurements", r->rec.pWork->id) ) meas_form(r, 0, &e, &in);
}

/* Load measurement aId[1] of the project: its fields into owned strings. */
struct meas_one { char zTitle[4*PROJECT_TITLE_MAX+1], zDueOn[11], zLogic[24], zMeasuredOn[11], zValue[40];
                  char *zPopulation, *zPlace, *zResult; };
static void meas_one_copy(void *pCtx, const struct eval_meas *x){
  struct meas_one *m = pCtx;
  text_copy(m->zTitle, sizeof m->zTitle, x->zTitle);
  text_copy(m->zDueOn, sizeof m->zDueOn, x->zDueOn);
  m->zPopulation = xstrdup(x->zPopulation);
  m->zPlace = xstrdup(x->zPlace);
  if( x->logicItemId ) snprintf(m->zLogic, sizeof m->zLogic, "%lld", x->logicItemId);
  text_copy(m->zMeasuredOn, sizeof m->zMeasuredOn, x->zMeasuredOn ? x->zMeasuredOn : "");
  eval_number(x->value, m->zValue, sizeof m->zValue);
  m->zResult = xstrdup(x->zResult);
}
static bool meas_one_load(struct req *r, struct meas_one *m){
  memset(m, 0, sizeof *m);
  return evaluation_measurement_get(r->db, r->rec.pWork->id, r->aId[1], meas_one_copy, m);
}
static void meas_one_free(struct meas_one *m){ free(m->zPopulation); free(m->zPlace); free(m->zResult); }

void page_measurement_edit(struct req *r){
  struct meas_one m;
  if( !meas_one_load(r, &m) ){ page_not_found(r); return; }
  struct measurement_input in = { m.zTitle, m.zDueOn, m.zPopulation, m.zPlace, m.zLogic };
  meas_form(r, r->aId[1], 0, &in);
  meas_one_free(&m);
}
void page_measurement_update(struct req *r){
  struct measurement_input in;
  meas_read_form(r, &in);
  struct field_errors e = {0};
  long long id = measurement_save(r->db, &r->user, r->rec.pWork, r->aId[1], &in, (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/measurements", r->rec.pWork->id) ) meas_form(r, r->aId[1], &e, &in);
}

static void record_form(struct req *r, const struct meas_one *m, const struct field_errors *e, const char *zOn,
                        const char *zValue, const char *zResult){
  const struct project *p = r->rec.pWork;
  char zHref[80];
  snprintf(zHref, sizeof zHref, "/projects/%lld/measurements", p->id);
  eval_page_begin(r, T("eval.meas.record_title"), zHref, T("eval.meas.heading"), e, true);
  struct buf *b = &r->body;
  char zD[48];
  page_date(r, m->zDueOn, zD);
  nhsuk_summary_begin(b, "measurement-summary");
  nhsuk_summary_row(b, T("eval.meas.title"), m->zTitle, false);
  nhsuk_summary_row(b, T("eval.meas.due_on"), zD, false);
  nhsuk_summary_row(b, T("eval.meas.population"), m->zPopulation, false);
  nhsuk_summary_row(b, T("eval.meas.place"), m->zPlace, false);
  nhsuk_summary_end(b);
  html_printf(b, "<form method=\"post\" action=\"/projects/%lld/measurements/%lld/record\" novalidate>\n", p->id, r->aId[1]);
  form_csrf(r);
  form_input(r, e, "measured_on", "eval.meas.measured_on", "eval.meas.measured_on_hint", "date", zOn, "off");
  form_input(r, e, "value", "eval.meas.value", "eval.meas.value_hint", "text", zValue, "off");
  form_textarea(r, e, "result", "eval.meas.result", "eval.meas.result_hint", zResult, 4);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("eval.meas.record_button"));
  html_printf(b, "<p><a href=\"/projects/%lld/measurements\">%s</a></p>\n</div></div>\n", p->id, T("eval.meas.back"));
  page_end(r);
}

void page_measurement_record_form(struct req *r){
  struct meas_one m;
  if( !meas_one_load(r, &m) ){ page_not_found(r); return; }
  record_form(r, &m, 0, m.zMeasuredOn[0] ? m.zMeasuredOn : r->zToday, m.zValue, m.zResult);
  meas_one_free(&m);
}
void page_measurement_record(struct req *r){
  struct meas_one m;
  if( !meas_one_load(r, &m) ){ page_not_found(r); return; }
  const char *zOn = req_form(r, "measured_on"), *zValue = req_form(r, "value"), *zResult = req_form(r, "result");
  struct field_errors e = {0};
  long long id = measurement_record(r->db, &r->user, r->rec.pWork, r->aId[1], zOn, zValue, zResult, r->zToday,
                                    (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/measurements", r->rec.pWork->id) ) record_form(r, &m, &e, zOn, zValue, zResult);
  meas_one_free(&m);
}

/* ---- the recommendation ---- */

static bool rec_stage_ok(const struct project *p){
  return strcmp(p->zStage, "monitor")==0 || strcmp(p->zStage, "close")==0;
}

struct evidence_ctx { struct req *r; int n; };
static void evidence_measurement(void *pCtx, const struct eval_meas *m){
  struct evidence_ctx *c = pCtx;
  char zId[40], zVal[40], zLabel[1200];
  snprintf(zId, sizeof zId, "evidence-m%lld", m->id);
  snprintf(zVal, sizeof zVal, "m%lld", m->id);
  snprintf(zLabel, sizeof zLabel, "%s (%s)", m->zTitle, m->zMeasuredOn);
  form_checkboxes_item(c->r, "evidence", zId, zVal, zLabel, m->zResult[0] ? m->zResult : 0, false);
  c->n++;
}

static void rec_form(struct req *r, const struct field_errors *e, const char *zRec, const char *zReason){
  const struct project *p = r->rec.pWork;
  char zHref[80];
  snprintf(zHref, sizeof zHref, "/projects/%lld/evaluation", p->id);
  eval_page_begin(r, T("eval.rec.title"), zHref, T("eval.title"), e, true);
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("eval.rec.intro"));
  html_printf(b, "<h2>%s</h2>\n", T("eval.econ.heading"));
  eval_econ_summary(r, p->id);
  html_printf(b, "<form method=\"post\" action=\"/projects/%lld/recommendation\" novalidate>\n", p->id);
  form_csrf(r);
  static const char *const azVal[3] = {"continue", "scale_up", "stop"};
  static const char *const azKey[3] = {"eval.rec.continue", "eval.rec.scale_up", "eval.rec.stop"};
  form_radios(r, e, "recommendation", "eval.rec.label", "eval.rec.label_hint", 3, azVal, azKey, zRec ? zRec : "");
  form_textarea(r, e, "reason", "eval.rec.reason", "eval.rec.reason_hint", zReason, 6);
  /* the evidence: recorded measurements and the logic model's items */
  form_checkboxes_begin(r, e, "evidence", "eval.rec.evidence", "eval.rec.evidence_hint", true, true);
  struct evidence_ctx c = { r, 0 };
  evaluation_measured_each(r->db, p->id, evidence_measurement, &c);
  struct logic_item_row *a;
  int nItem = logic_items_load(r->db, p->id, &a);
  for(int i = 0; i < nItem; i++){
    char zId[40], zVal[40], zKey[60];
    snprintf(zId, sizeof zId, "evidence-l%lld", a[i].id);
    snprintf(zVal, sizeof zVal, "l%lld", a[i].id);
    snprintf(zKey, sizeof zKey, "logic.col.%s", a[i].zCol);
    form_checkboxes_item(r, "evidence", zId, zVal, a[i].zText, i18n_get(r->lang, zKey), false);
  }
  logic_items_free(a, nItem);
  int n = c.n + nItem;
  form_checkboxes_end(r);
  if( n==0 ) html_printf(b, "<p id=\"evidence-none\">%s</p>\n", T("eval.rec.no_evidence"));
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("eval.save"));
  html_printf(b, "<p><a href=\"/projects/%lld/evaluation\">%s</a></p>\n</div></div>\n", p->id, T("eval.back"));
  page_end(r);
}

void page_recommendation(struct req *r){
  const struct project *p = r->rec.pWork;
  if( !rec_stage_ok(p) ){
    page_error(r, 409, "eval.rec.not_yet_title", "eval.rec.when");
    return;
  }
  rec_form(r, 0, p->zRecommendation, "");
}

void page_recommendation_save(struct req *r){
  /* the evidence: the form's "evidence" values, m<id> or l<id> */
  long long aM[64], aL[64];
  int nM = 0, nL = 0;
  for(int i = 0; i < r->h->form.n; i++){
    if( strcmp(r->h->form.a[i].zKey, "evidence")!=0 ) continue;
    const char *zTok = r->h->form.a[i].zVal;
    long long v = 0;
    /* something that is no id of the project's is refused by the domain */
    if( zTok[0]=='m' && nM < 64 ) aM[nM++] = text_to_int(zTok+1, 1, (1LL<<53), &v) ? v : (1LL<<60);
    else if( zTok[0]=='l' && nL < 64 ) aL[nL++] = text_to_int(zTok+1, 1, (1LL<<53), &v) ? v : (1LL<<60);
  }
  const char *zRec = req_form(r, "recommendation"), *zReason = req_form(r, "reason");
  struct field_errors e = {0};
  long long id = evaluation_recommend(r->db, &r->user, r->rec.pWork, zRec ? zRec : "", zReason, aM, nM, aL, nL,
                                      (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/evaluation#recommendation", r->rec.pWork->id) ) rec_form(r, &e, zRec, zReason);
}
