/* Measures of a QI project: the measure form, the measure page with its
** chart (drawn on the server, src/html/chart.h), the signal in words and
** what Making Data Count's variation and assurance icons would mean, the
** data table in pages, adding, annotating and deleting points, rebases,
** the CSV import (file or pasted text; nothing imported from a file with
** errors unless the person chooses the valid lines), the CSV download
** with the computed columns, and GET /api/v1/measures/{id}.
**
** The statistics are computed per request from the whole series
** (src/stats/stats.h: passes over the data, no allocation inside); the
** page itself stays light for long series: the chart bins per pixel and
** the table shows one page of points. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/export_actions.h"
#include "domain/qi.h"
#include "domain/qi_chart.h"
#include "html/chart.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "stats/stats.h"
#include "util/json.h"
#include "util/text.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POINT_PAGE 52          /* rows of the data table: a year of weeks */
#define POINT_ALL_MAX 5000     /* "show all" offered up to this many points */
#define CHART_NOTE_MAX 30      /* annotations drawn on the chart: the latest */

static bool is_ratio(const struct qi_measure *m){ return strcmp(m->zChart, "p")==0 || strcmp(m->zChart, "u")==0; }

/* ---- the computation ------------------------------------------------------- */

/* A number as people read it: up to 3 decimals, no trailing zeros; p
** charts' proportions as percentages. */
static void fmt_num(double v, bool bPercent, char z[48]){
  if( isnan(v) || isinf(v) ){ z[0] = 0; return; }
  if( bPercent ) v *= 100.0;
  snprintf(z, 48, "%.3f", v);
  char *p = strchr(z, '.');
  if( p ){
    char *e = z + strlen(z) - 1;
    while( e>p && *e=='0' ) *e-- = 0;
    if( e==p ) *e = 0;
  }
  if( strcmp(z, "-0")==0 ) snprintf(z, 48, "0");
  if( bPercent ) strcat(z, "%");
}

/* A computed figure (centre, limit, median) with the measure's fixed
** decimals (calc_decimals), so that a column of them lines up. */
static void fmt_calc(const struct qi_chart *c, double v, bool bPercent, char z[48]){
  if( isnan(v) || isinf(v) ){ z[0] = 0; return; }
  if( bPercent ) v *= 100.0;
  text_fixed(z, 48, v, c->nDec);
  if( bPercent ) strcat(z, "%");
}

/* ---- the measure form -------------------------------------------------------- */

/* Radios with a hint under each choice. */
static void radios_hinted(struct req *r, const struct field_errors *e, const char *zName, const char *zLegendKey,
                          int n, const char *const *aVal, const char *const *aLabelKey, const char *const *aHintKey,
                          const char *zChecked){
  const char *zErr = e ? field_errors_get(e, zName) : 0;
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\"", zErr ? " nhsuk-form-group--error" : "");
  if( zErr ) html_printf(b, " aria-describedby=\"%s-error\"", zName);
  html_printf(b, ">\n<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n", T(zLegendKey));
  if( zErr ){
    html_printf(b, "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                zName, T("error.prefix"), T(zErr));
  }
  html_printf(b, "<div class=\"nhsuk-radios\" data-module=\"nhsuk-radios\">\n");
  for(int i=0; i<n; i++){
    char zId[80];
    if( i==0 ) snprintf(zId, sizeof zId, "%s", zName);
    else snprintf(zId, sizeof zId, "%s-%s", zName, aVal[i]);
    html_printf(b, "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\" id=\"%s\" name=\"%s\" type=\"radio\" value=\"%s\"%s",
                zId, zName, aVal[i], zChecked && strcmp(zChecked, aVal[i])==0 ? " checked" : "");
    if( aHintKey ) html_printf(b, " aria-describedby=\"%s-hint\"", zId);
    html_printf(b, "><label class=\"nhsuk-label nhsuk-radios__label\" for=\"%s\">%s</label>", zId, T(aLabelKey[i]));
    if( aHintKey ) html_printf(b, "<div class=\"nhsuk-hint nhsuk-radios__hint\" id=\"%s-hint\">%s</div>", zId, T(aHintKey[i]));
    html_printf(b, "</div>\n");
  }
  html_printf(b, "</div>\n</fieldset>\n</div>\n");
}

struct measure_form { struct qi_measure_input in; };

static void measure_form_read(struct req *r, struct qi_measure_input *in){
  in->zKind = req_form(r, "kind");
  in->zName = req_form(r, "name");
  in->zDefinition = req_form(r, "definition");
  in->zUnit = req_form(r, "unit");
  in->zDirection = req_form(r, "direction");
  in->zTarget = req_form(r, "target");
  in->zChart = req_form(r, "chart");
  in->bScreenOutliers = req_form(r, "screen_outliers")!=0;
  const char **az[] = { &in->zKind, &in->zName, &in->zDefinition, &in->zUnit, &in->zDirection, &in->zTarget, &in->zChart };
  for(size_t i=0; i<sizeof az/sizeof az[0]; i++) if( !*az[i] ) *az[i] = "";
}

static void measure_form(struct req *r, const struct qi_project *p, const struct qi_measure *pEdit,
                         const struct qi_measure_input *in, const struct field_errors *e){
  char zUnitHref[100], zList[110], zProject[40];
  struct crumb aCrumb[4];
  int nCrumb = qi_crumbs(r, p, true, aCrumb, zUnitHref, zList, zProject);
  const char *zTitle = T(pEdit ? "measure.edit_title" : "measure.add");
  page_form_begin(r, zTitle, aCrumb, nCrumb, e, p->zTitle);
  struct buf *b = &r->body;
  if( pEdit ) html_printf(b, "<form method=\"post\" action=\"/measures/%lld/edit\" novalidate>\n", pEdit->id);
  else html_printf(b, "<form method=\"post\" action=\"/qi/%lld/measures/new\" novalidate>\n", p->id);
  form_csrf(r);
  static const char *const azKind[] = {"outcome", "process", "balancing"};
  static const char *const azKindKey[] = {"measure.kind_outcome", "measure.kind_process", "measure.kind_balancing"};
  static const char *const azKindHint[] = {"measure.kind_outcome_hint", "measure.kind_process_hint", "measure.kind_balancing_hint"};
  radios_hinted(r, e, "kind", "measure.kind", 3, azKind, azKindKey, azKindHint, in->zKind);
  form_input(r, e, "name", "measure.name", "measure.name_hint", "text", in->zName, 0);
  form_textarea(r, e, "definition", "measure.definition", "measure.definition_hint", in->zDefinition, 4);
  form_input(r, e, "unit", "measure.unit", "measure.unit_hint", "text", in->zUnit, 0);
  static const char *const azDir[] = {"increase", "decrease", "neutral"};
  static const char *const azDirKey[] = {"measure.direction_increase", "measure.direction_decrease", "measure.direction_neutral"};
  radios_hinted(r, e, "direction", "measure.direction", 3, azDir, azDirKey, 0, in->zDirection);
  form_input(r, e, "target", "measure.target", "measure.target_hint", "text", in->zTarget, 0);
  static const char *const azChart[] = {"run", "xmr", "p", "u"};
  static const char *const azChartKey[] = {"measure.chart_run", "measure.chart_xmr", "measure.chart_p", "measure.chart_u"};
  static const char *const azChartHint[] = {"measure.chart_run_hint", "measure.chart_xmr_hint", "measure.chart_p_hint",
                                            "measure.chart_u_hint"};
  radios_hinted(r, e, "chart", "measure.chart", 4, azChart, azChartKey, azChartHint, in->zChart);
  form_checkbox(r, "screen_outliers", "measure.screen", "measure.screen_hint", false, in->bScreenOutliers);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T(pEdit ? "qi.save" : "measure.add"));
  if( pEdit ) html_printf(b, "<p><a href=\"/measures/%lld\">%s</a></p>\n", pEdit->id, T("qi.cancel"));
  else html_printf(b, "<p><a href=\"/qi/%lld#measures-heading\">%s</a></p>\n", p->id, T("qi.cancel"));
  html_printf(b, "</form>\n</div></div>\n");
  page_end(r);
}

void page_measure_new(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  struct qi_measure_input in = { "outcome", "", "", "", "increase", "", "xmr", true };
  measure_form(r, p, 0, &in, 0);
}

void page_measure_create(struct req *r){
  const struct qi_project *p = r->rec.pProject;
  struct qi_measure_input in;
  measure_form_read(r, &in);
  struct field_errors e = {0};
  long long id = qi_measure_create(r->db, &r->user, p->id, &in, r->zToday, &e);
  if( id>0 ){
    char z[64];
    snprintf(z, sizeof z, "/measures/%lld", id);
    req_redirect(r, z);
  }else if( id<0 ){
    page_not_found(r);
  }else{
    r->status = 400;
    measure_form(r, p, 0, &in, &e);
  }
}

typedef void measure_fn(struct req *, const struct qi_measure *, const struct qi_project *);
typedef void point_fn(struct req *, const struct qi_measure *, const struct qi_project *,
                      const struct qi_series *, size_t i);

static void fmt_target(const struct qi_measure *m, char z[48]){
  if( m->bHasTarget ) fmt_num(m->target, false, z);
  else z[0] = 0;
}

static void measure_edit(struct req *r, const struct qi_measure *m, const struct qi_project *p){
  char zTarget[48];
  fmt_target(m, zTarget);
  struct qi_measure_input in = { m->zKind, m->zName, m->zDefinition, m->zUnit, m->zDirection, zTarget, m->zChart,
                                 m->bScreenOutliers };
  measure_form(r, p, m, &in, 0);
}
void page_measure_edit(struct req *r){ measure_edit(r, r->rec.pMeasure, r->rec.pProject); }

static void measure_update(struct req *r, const struct qi_measure *m, const struct qi_project *p){
  struct qi_measure_input in;
  measure_form_read(r, &in);
  struct field_errors e = {0};
  long long id = qi_measure_update(r->db, &r->user, m->id, &in, r->zToday, &e);
  if( form_result(r, id, "/measures/%lld", m->id) ) measure_form(r, p, m, &in, &e);
}
void page_measure_update(struct req *r){ measure_update(r, r->rec.pMeasure, r->rec.pProject); }

/* ---- the measure page ---------------------------------------------------- */

static enum chart_kind chart_kind_of(const struct qi_measure *m){
  if( strcmp(m->zChart, "xmr")==0 ) return CHART_XMR;
  if( strcmp(m->zChart, "p")==0 ) return CHART_P;
  if( strcmp(m->zChart, "u")==0 ) return CHART_U;
  return CHART_RUN;
}

static void draw_chart(struct req *r, const struct qi_measure *m, const struct qi_chart *c){
  size_t n = c->s.n;
  size_t aNoteAt[CHART_NOTE_MAX];
  const char *azNote[CHART_NOTE_MAX];
  size_t nNote = 0;
  /* The latest annotations, in ascending order. */
  for(size_t i=n; i>0 && nNote<CHART_NOTE_MAX; i--){
    const char *z = c->s.azNote[i-1] ? c->s.azNote[i-1] : c->s.azPdsaTitle[i-1];
    if( z && z[0] ){ aNoteAt[nNote] = i-1; azNote[nNote] = z; nNote++; }
  }
  for(size_t i=0; i<nNote/2; i++){
    size_t t = aNoteAt[i]; aNoteAt[i] = aNoteAt[nNote-1-i]; aNoteAt[nNote-1-i] = t;
    const char *z = azNote[i]; azNote[i] = azNote[nNote-1-i]; azNote[nNote-1-i] = z;
  }
  char zId[40];
  snprintf(zId, sizeof zId, "chart-m%lld", m->id);
  struct chart_input in;
  memset(&in, 0, sizeof in);
  in.kind = chart_kind_of(m);
  in.lang = r->lang;
  in.zId = zId;
  in.zTitle = m->zName;
  in.zUnit = m->zUnit;
  in.bPercent = strcmp(m->zChart, "p")==0;
  in.n = n;
  in.aValue = c->s.aValue;
  in.azDate = (const char (*)[11])c->s.azDate;
  if( c->bRun ){
    in.pRun = &c->run;
    in.aRunFlag = c->aFlag;
  }else{
    in.aSpc = c->aSpc;
    in.aSeg = c->aSeg;
    in.nSeg = c->nSeg;
  }
  in.bHasTarget = m->bHasTarget;
  in.target = m->target;
  in.nNote = nNote;
  in.aNoteAt = aNoteAt;
  in.azNote = azNote;
  /* On a narrow screen the chart keeps a readable size and scrolls
  ** sideways in a region named by its title (a chart is a two-dimensional
  ** layout that WCAG's reflow criterion lets scroll). */
  char zTitleId[48];
  snprintf(zTitleId, sizeof zTitleId, "%s-title", zId);
  html_printf(&r->body, "<figure class=\"cc-chart\" id=\"chart\">\n");
  page_scroll_begin(r, zTitleId);
  chart_svg(&r->body, &in);
  page_scroll_end(r);
  html_printf(&r->body, "</figure>\n");
}

/* What the variation and assurance icons of Making Data Count would say. */
static void meanings(struct req *r, const struct qi_measure *m, const struct qi_chart *c){
  struct buf *b = &r->body;
  if( c->bRun ){
    html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"measure-meaning\">\n");
    char zMedian[48];
    fmt_calc(c, c->run.median, false, zMedian);
    html_printf(b, "<li>%s</li>\n", T(c->run.bSignal ? "run.meaning_non_random" : "run.meaning_random"));
    html_printf(b, "<li>");
    html_printf_t(b, TF("run.median_is"), zMedian);
    html_printf(b, "</li>\n<li>");
    html_printf_t(b, TF("run.longest_run_is"), c->run.longestRun, c->run.longestRunMax);
    html_printf(b, "</li>\n<li>");
    html_printf_t(b, TF("run.crossings_are"), c->run.crossings, c->run.crossingsMin);
    html_printf(b, "</li>\n");
    if( c->run.bShift ) html_printf(b, "<li>%s</li>\n", T("run.ihi_shift"));
    if( c->run.bTrend ) html_printf(b, "<li>%s</li>\n", T("run.ihi_trend"));
    html_printf(b, "</ul>\n");
    return;
  }
  /* The Making Data Count icons, beside the same meaning in words. */
  if( c->bSignal ){
    html_printf(b, "<div class=\"cc-icons\" id=\"measure-icons\">");
    chart_icon_variation(b, r->lang, c->type, qi_measure_direction(m));
    if( c->nSeg>0 ) chart_icon_assurance(b, r->lang, c->aSeg[c->nSeg-1].assurance);
    html_printf(b, "</div>\n");
  }
  html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"measure-meaning\">\n");
  if( c->bSignal ){
    const char *zKey = "spc.meaning_common";
    switch( c->type ){
      case SPC_COMMON_CAUSE: zKey = "spc.meaning_common"; break;
      case SPC_IMPROVEMENT: zKey = "spc.meaning_improvement"; break;
      case SPC_CONCERN: zKey = "spc.meaning_concern"; break;
      case SPC_NEUTRAL_HIGH: zKey = "spc.meaning_high"; break;
      case SPC_NEUTRAL_LOW: zKey = "spc.meaning_low"; break;
    }
    html_printf(b, "<li id=\"variation-meaning\">%s</li>\n", T(zKey));
  }
  if( c->nSeg>0 ){
    const struct spc_segment *g = &c->aSeg[c->nSeg-1];
    bool bPct = strcmp(m->zChart, "p")==0;
    char zC[48], zL[48], zU[48];
    fmt_calc(c, g->centre, bPct, zC);
    fmt_calc(c, g->lower, bPct, zL);
    fmt_calc(c, g->upper, bPct, zU);
    html_printf(b, "<li>");
    if( strcmp(m->zChart, "xmr")==0 ) html_printf_t(b, TF("spc.limits_xmr"), zC, zL, zU);
    else html_printf_t(b, TF("spc.limits_ratio"), zC, zL, zU);
    html_printf(b, "</li>\n");
    const char *zKey = "spc.assurance_none";
    switch( g->assurance ){
      case SPC_ASSURANCE_NONE: zKey = "spc.assurance_none"; break;
      case SPC_ASSURANCE_PASS: zKey = "spc.assurance_pass"; break;
      case SPC_ASSURANCE_FAIL: zKey = "spc.assurance_fail"; break;
      case SPC_ASSURANCE_VARIABLE: zKey = "spc.assurance_variable"; break;
    }
    html_printf(b, "<li id=\"assurance-meaning\">%s</li>\n", T(zKey));
  }
  html_printf(b, "</ul>\n");
}

static const char *type_key(enum spc_type t){
  switch( t ){
    case SPC_COMMON_CAUSE: return "spc.type_common";
    case SPC_IMPROVEMENT: return "spc.type_improvement";
    case SPC_CONCERN: return "spc.type_concern";
    case SPC_NEUTRAL_HIGH: return "spc.type_high";
    case SPC_NEUTRAL_LOW: return "spc.type_low";
  }
  return "spc.type_common";
}
static const char *rule_key(enum spc_rule k){
  switch( k ){
    case SPC_RULE_NONE: return 0;
    case SPC_RULE_OUTSIDE_LIMITS: return "spc.rule_outside_limits";
    case SPC_RULE_TREND: return "spc.rule_trend";
    case SPC_RULE_TWO_OF_THREE: return "spc.rule_two_of_three";
    case SPC_RULE_SHIFT: return "spc.rule_shift";
  }
  return 0;
}

static void th(struct req *r, const char *zKey, bool bNum){
  nhsuk_table_header(&r->body, T(zKey), bNum);
}
static void td_num(struct req *r, const char *z){
  nhsuk_table_cell_numeric(&r->body, z);
}

/* The data table: points [iFrom, iTo). */
static void data_table(struct req *r, const struct qi_measure *m, const struct qi_project *p, const struct qi_chart *c,
                       size_t iFrom, size_t iTo){
  struct buf *b = &r->body;
  bool bRatio = is_ratio(m), bPct = strcmp(m->zChart, "p")==0;
  page_scroll_begin(r, "data-heading");
  nhsuk_table_begin(b, "nhsuk-table--compact nhsuk-u-font-size-16 cc-data", "data", T("measure.data_title"));
  th(r, "measure.col_date", false);
  if( bRatio ){ th(r, "measure.col_numerator", true); th(r, "measure.col_denominator", true); }
  th(r, "measure.col_value", true);
  th(r, c->bRun ? "measure.col_median" : "measure.col_centre", true);
  if( !c->bRun ){ th(r, "measure.col_lower", true); th(r, "measure.col_upper", true); }
  th(r, "measure.col_signal", false);
  th(r, "measure.col_note", false);
  if( p->bCanWrite ) nhsuk_table_header_hidden(b, T("measure.col_change"));
  nhsuk_table_body(b);
  char zMedian[48];
  if( c->bRun ) fmt_calc(c, c->run.median, bPct, zMedian);
  for(size_t i=iFrom; i<iTo; i++){
    char zDate[48], z[48];
    char zShort[48];
    page_date(r, c->s.azDate[i], zDate);
    page_date_short(r, c->s.azDate[i], zShort);
    char zRowId[32];
    snprintf(zRowId, sizeof zRowId, "point-%lld", c->s.aId[i]);
    nhsuk_table_row_begin(b, zRowId);
    nhsuk_table_cell_begin(b, 0);
    html_printf(b, "<span class=\"cc-nowrap\">%s</span>", zShort);
    nhsuk_table_cell_end(b);
    if( bRatio ){
      fmt_num(c->s.aNum[i], false, z); td_num(r, z);
      fmt_num(c->s.aDen[i], false, z); td_num(r, z);
    }
    if( bRatio ) fmt_calc(c, c->s.aValue[i], bPct, z);   /* numerator / denominator */
    else fmt_num(c->s.aValue[i], false, z);
    td_num(r, z);
    if( c->bRun ){
      td_num(r, zMedian);
      nhsuk_table_cell_begin(b, 0);
      unsigned f = c->aFlag[i];
      bool bAny = false;
      if( f & RUN_IN_LONGEST_RUN ){ html_printf(b, "%s", T("run.flag_longest_run")); bAny = true; }
      if( f & RUN_IN_SHIFT ){ html_printf(b, "%s%s", bAny ? "; " : "", T("run.flag_shift")); bAny = true; }
      if( f & RUN_IN_TREND ){ html_printf(b, "%s%s", bAny ? "; " : "", T("run.flag_trend")); bAny = true; }
      if( f & RUN_ON_MEDIAN ){ html_printf(b, "%s%s", bAny ? "; " : "", T("run.flag_on_median")); bAny = true; }
      nhsuk_table_cell_end(b);
    }else if( c->nSeg>0 ){
      const struct spc_point *q = &c->aSpc[i];
      fmt_calc(c, q->centre, bPct, z); td_num(r, z);
      fmt_calc(c, q->lower, bPct, z); td_num(r, z);
      fmt_calc(c, q->upper, bPct, z); td_num(r, z);
      nhsuk_table_cell_begin(b, 0);
      html_printf(b, "%s", T(type_key(q->type)));
      const char *zRule = rule_key(q->rule);
      if( zRule ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T(zRule));
      nhsuk_table_cell_end(b);
    }else{
      for(int k=0; k<4; k++) nhsuk_table_cell(b, "");
    }
    nhsuk_table_cell_begin(b, 0);
    if( c->s.azNote[i] ) html_printf(b, "<span class=\"cc-pre\">%s</span>", c->s.azNote[i]);
    if( c->s.aPdsaId[i] ){
      if( c->s.azNote[i] ) html_printf(b, "<br>");
      html_printf(b, "<a href=\"/pdsa/%lld\">%s</a>", c->s.aPdsaId[i],
                  c->s.azPdsaTitle[i] ? c->s.azPdsaTitle[i] : T("pdsa.cycle"));
    }
    nhsuk_table_cell_end(b);
    if( p->bCanWrite ){
      nhsuk_table_cell_begin(b, 0);
      html_printf(b, "<a href=\"/measures/%lld/points/%lld\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                  m->id, c->s.aId[i], T("measure.point_change"), zDate);
      nhsuk_table_cell_end(b);
    }
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
  page_scroll_end(r);
}

struct pdsa_opts { struct req *r; const char *zSelected; };
static void pdsa_option(void *pCtx, const struct qi_pdsa *c){
  struct pdsa_opts *o = pCtx;
  struct req *r = o->r;
  char zId[24], zDate[48];
  snprintf(zId, sizeof zId, "%lld", c->id);
  page_date(r, c->zStartOn, zDate);
  html_printf(&r->body, "<option value=\"%s\"%s>%s (%s)</option>\n", zId,
              o->zSelected && strcmp(o->zSelected, zId)==0 ? " selected" : "", c->zTitle, zDate);
}
static void pdsa_select(struct req *r, const struct field_errors *e, long long projectId, const char *zSelected){
  form_select_begin(r, e, "pdsa", "measure.point_pdsa", "measure.point_pdsa_hint");
  html_printf(&r->body, "<option value=\"\">%s</option>\n", T("measure.point_pdsa_none"));
  struct pdsa_opts o = { r, zSelected };
  qi_pdsa_list(r->db, projectId, pdsa_option, &o);
  form_select_end(r);
}

/* What the add-a-point and rebase forms show after an error. */
struct measure_forms {
  const char *zForm;                 /* "point", "rebase" or NULL */
  const struct field_errors *e;
  struct qi_point_input point;
  const char *zFrom, *zReason;
};

static void measure_page(struct req *r, const struct qi_measure *m, const struct qi_project *p,
                         const struct measure_forms *f){
  struct qi_chart c;
  if( !qi_chart_load(r->db, m, &c) ){
    page_error(r, 500, "measure.load_failed_title", "measure.load_failed_body");
    return;
  }
  char zUnitHref[100], zList[110], zProject[40];
  struct crumb aCrumb[4];
  int nCrumb = qi_crumbs(r, p, true, aCrumb, zUnitHref, zList, zProject);
  const struct field_errors *e = f ? f->e : 0;
  page_begin_form(r, m->zName, aCrumb, nCrumb, e);
  struct buf *b = &r->body;
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", p->zTitle, m->zName);

  nhsuk_summary_begin(b, "measure-summary");
  nhsuk_summary_row(&r->body, T("measure.kind"), T(qi_measure_kind_key(m->zKind)), false);
  nhsuk_summary_row(&r->body, T("measure.definition"), m->zDefinition, true);
  if( m->zUnit[0] ) nhsuk_summary_row(&r->body, T("measure.summary_unit"), m->zUnit, false);
  const char *zDirKey = strcmp(m->zDirection, "decrease")==0 ? "measure.direction_decrease"
                      : strcmp(m->zDirection, "neutral")==0 ? "measure.direction_neutral" : "measure.direction_increase";
  nhsuk_summary_row(&r->body, T("measure.direction"), T(zDirKey), false);
  if( m->bHasTarget ){
    char zT[48];
    fmt_num(m->target, strcmp(m->zChart, "p")==0 && m->target<=1.0, zT);
    nhsuk_summary_row(&r->body, T("measure.summary_target"), zT, false);
  }
  nhsuk_summary_row(&r->body, T("measure.chart"), T(qi_chart_key(m->zChart)), false);
  if( strcmp(m->zChart, "xmr")==0 ) nhsuk_summary_row(&r->body, T("measure.screen"), T(m->bScreenOutliers ? "measure.yes" : "measure.no"), false);
  nhsuk_summary_end(b);
  if( p->bCanWrite ){
    html_printf(b, "<p><a href=\"/measures/%lld/edit\">%s</a> · <a href=\"/measures/%lld/import\">%s</a></p>\n",
                m->id, T("measure.edit_title"), m->id, T("measure.import_title"));
  }

  size_t n = c.s.n;
  html_printf(b, "<h2 id=\"chart-heading\">%s</h2>\n", T("measure.chart_heading"));
  char zSignal[300];
  qi_signal_sentence(r, &c, zSignal, sizeof zSignal);
  if( n==0 ){
    html_printf(b, "<p id=\"measure-signal\">%s</p>\n", zSignal);
  }else{
    draw_chart(r, m, &c);
    html_printf(b, "<p class=\"nhsuk-body-l cc-signal\" id=\"measure-signal\"><strong>%s</strong></p>\n", zSignal);
    meanings(r, m, &c);
  }

  /* The data, a page at a time (latest first page). */
  html_printf(b, "<h2 id=\"data-heading\">%s</h2>\n", T("measure.data_title"));
  if( n==0 ){
    html_printf(b, "<p id=\"data-empty\">%s</p>\n", T("measure.data_none"));
  }else{
    bool bAll = req_query_int(r, "all", 0)==1 && n<=POINT_ALL_MAX;
    long long nPages = (long long)((n + POINT_PAGE - 1)/POINT_PAGE);
    long long page = req_query_int(r, "page", 1);
    if( page<1 ) page = 1;
    if( page>nPages ) page = nPages;
    size_t iTo = bAll ? n : n - (size_t)(page-1)*POINT_PAGE;
    size_t iFrom = bAll ? 0 : (iTo>POINT_PAGE ? iTo-POINT_PAGE : 0);
    char zFrom[48], zTo[48], zN[32];
    page_date(r, c.s.azDate[iFrom], zFrom);
    page_date(r, c.s.azDate[iTo-1], zTo);
    page_number((long long)n, zN);
    html_printf(b, "<p id=\"data-range\">");
    html_printf_t(b, TF("measure.data_range"), zFrom, zTo, zN);
    html_printf(b, "</p>\n");
    data_table(r, m, p, &c, iFrom, iTo);
    if( !bAll && nPages>1 ){
      char zHref[80];
      nhsuk_pagination_begin(b, T("layout.pagination"));
      if( page>1 ){
        snprintf(zHref, sizeof zHref, "/measures/%lld?page=%lld#data-heading", m->id, page-1);
        nhsuk_pagination_prev(b, zHref, T("measure.later_points"), 0);
      }
      if( page<nPages ){
        snprintf(zHref, sizeof zHref, "/measures/%lld?page=%lld#data-heading", m->id, page+1);
        nhsuk_pagination_next(b, zHref, T("measure.earlier_points"), "earlier-points");
      }
      nhsuk_pagination_end(b);
    }
    if( !bAll && n>POINT_PAGE && n<=POINT_ALL_MAX ){
      html_printf(b, "<p><a href=\"/measures/%lld?all=1#data-heading\" id=\"show-all\">", m->id);
      html_printf_t(b, TF("measure.show_all"), zN);
      html_printf(b, "</a></p>\n");
    }
    html_printf(b, "<p><a href=\"/measures/%lld/data.csv\" download id=\"data-csv\">%s</a></p>\n", m->id, T("measure.download_csv"));
  }

  if( p->bCanWrite ){
    bool bPoint = f && f->zForm && strcmp(f->zForm, "point")==0;
    const struct field_errors *pe = bPoint ? f->e : 0;
    html_printf(b, "<h2 id=\"add-point-heading\">%s</h2>\n", T("measure.point_add"));
    html_printf(b, "<form method=\"post\" action=\"/measures/%lld/points\" novalidate>\n", m->id);
    form_csrf(r);
    form_date(r, pe, "on", "measure.col_date", 0, bPoint ? f->point.zOn : "");
    if( is_ratio(m) ){
      form_input(r, pe, "numerator", "measure.col_numerator", strcmp(m->zChart, "p")==0 ? "measure.numerator_hint_p" : "measure.numerator_hint_u",
                 "text", bPoint ? f->point.zNumerator : "", 0);
      form_input(r, pe, "denominator", "measure.col_denominator", strcmp(m->zChart, "p")==0 ? "measure.denominator_hint_p" : "measure.denominator_hint_u",
                 "text", bPoint ? f->point.zDenominator : "", 0);
    }else{
      form_input(r, pe, "value", "measure.col_value", 0, "text", bPoint ? f->point.zValue : "", 0);
    }
    form_textarea(r, pe, "note", "measure.point_note", "measure.point_note_hint", bPoint ? f->point.zNote : "", 2);
    pdsa_select(r, pe, p->id, bPoint ? f->point.zPdsaId : "");
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n", T("measure.point_add"));
    html_printf(b, "<p><a href=\"/measures/%lld/import\">%s</a></p>\n", m->id, T("measure.import_title"));
  }

  /* Rebases: limits recalculated from a date (SPC charts). */
  if( !c.bRun ){
    html_printf(b, "<h2 id=\"rebase-heading\">%s</h2>\n<p>%s</p>\n", T("spc.rebase_title"), T("spc.rebase_intro"));
    if( c.s.nRebase ){
      html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"rebases\">\n");
      for(size_t i=0; i<c.s.nRebase; i++){
        char zDate[48];
        page_date(r, c.s.azRebaseDate[i], zDate);
        html_printf(b, "<li>%s: <span class=\"cc-pre\">%s</span>", zDate, c.s.azRebaseReason[i] ? c.s.azRebaseReason[i] : "");
        if( p->bCanWrite ){
          html_printf(b, " <form class=\"cc-inline\" method=\"post\" action=\"/measures/%lld/rebases/delete\">", m->id);
          form_csrf(r);
          html_printf(b, "<input type=\"hidden\" name=\"from\" value=\"%s\"><button class=\"cc-link-button\" type=\"submit\">%s"
                      "<span class=\"nhsuk-u-visually-hidden\"> %s</span></button></form>", c.s.azRebaseDate[i], T("qi.remove"), zDate);
        }
        html_printf(b, "</li>\n");
      }
      html_printf(b, "</ul>\n");
    }else{
      html_printf(b, "<p id=\"rebases-none\">%s</p>\n", T("spc.rebase_none"));
    }
    if( p->bCanWrite && n>1 ){
      bool bReb = f && f->zForm && strcmp(f->zForm, "rebase")==0;
      const struct field_errors *re = bReb ? f->e : 0;
      html_printf(b, "<form method=\"post\" action=\"/measures/%lld/rebases\" novalidate>\n", m->id);
      form_csrf(r);
      form_date(r, re, "from", "spc.rebase_from", "spc.rebase_from_hint", bReb ? f->zFrom : "");
      form_textarea(r, re, "reason", "spc.rebase_reason", "spc.rebase_reason_hint", bReb ? f->zReason : "", 2);
      html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n", T("spc.rebase_add"));
    }
  }
  eval_used_in(r, m->id, 0, p->unitId);
  html_printf(b, "<p><a href=\"/qi/%lld#measures-heading\">%s</a></p>\n", p->id, T("measure.back"));
  qi_chart_free(&c);
  page_end(r);
}

static void measure_show(struct req *r, const struct qi_measure *m, const struct qi_project *p){
  measure_page(r, m, p, 0);
}
void page_measure(struct req *r){ measure_show(r, r->rec.pMeasure, r->rec.pProject); }

/* ---- points ------------------------------------------------------------------ */

static const char *form_or_empty(struct req *r, const char *zName){
  const char *z = req_form(r, zName);
  return z ? z : "";
}

static void point_add(struct req *r, const struct qi_measure *m, const struct qi_project *p){
  char zOn[64];
  form_date_value(r, "on", zOn);
  struct field_errors e = {0};
  struct measure_forms f = { "point", &e, { zOn, form_or_empty(r, "value"), form_or_empty(r, "numerator"),
                             form_or_empty(r, "denominator"), form_or_empty(r, "note"), form_or_empty(r, "pdsa") }, 0, 0 };
  long long id = qi_point_add(r->db, &r->user, m->id, &f.point, r->zToday, &e);
  if( form_result(r, id, "/measures/%lld#point-%lld", m->id, id) ) measure_page(r, m, p, &f);
}
void page_point_add(struct req *r){ point_add(r, r->rec.pMeasure, r->rec.pProject); }

static void point_page(struct req *r, const struct qi_measure *m, const struct qi_project *p, const struct qi_series *s,
                       size_t i, const char *zNote, const char *zPdsa, const struct field_errors *e){
  char zUnitHref[100], zList[110], zProject[40];
  struct crumb aCrumb[5];
  int nCrumb = qi_crumbs(r, p, true, aCrumb, zUnitHref, zList, zProject);
  char zMeasure[40];
  snprintf(zMeasure, sizeof zMeasure, "/measures/%lld", m->id);
  aCrumb[nCrumb++] = (struct crumb){zMeasure, m->zName};
  char zDate[48], zTitle[200];
  page_date(r, s->azDate[i], zDate);
  snprintf(zTitle, sizeof zTitle, "%s %s", T("measure.point_title"), zDate);
  page_form_begin(r, zTitle, aCrumb, nCrumb, e, m->zName);
  struct buf *b = &r->body;
  char zV[48];
  fmt_num(s->aValue[i], strcmp(m->zChart, "p")==0, zV);
  nhsuk_summary_begin(b, 0);
  nhsuk_summary_row(&r->body, T("measure.col_value"), zV, false);
  if( is_ratio(m) ){
    char zN[48], zD[48];
    fmt_num(s->aNum[i], false, zN);
    fmt_num(s->aDen[i], false, zD);
    nhsuk_summary_row(&r->body, T("measure.col_numerator"), zN, false);
    nhsuk_summary_row(&r->body, T("measure.col_denominator"), zD, false);
  }
  nhsuk_summary_end(b);
  html_printf(b, "<h2>%s</h2>\n", T("measure.point_annotate"));
  html_printf(b, "<form method=\"post\" action=\"/measures/%lld/points/%lld/annotate\" novalidate>\n", m->id, s->aId[i]);
  form_csrf(r);
  form_textarea(r, e, "note", "measure.point_note", "measure.point_note_hint", zNote, 3);
  pdsa_select(r, e, p->id, zPdsa);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("qi.save"));
  html_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/measures/%lld/points/%lld/delete\">\n", T("measure.point_delete"), m->id, s->aId[i]);
  form_csrf(r);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\">%s</button>\n</form>\n", T("measure.point_delete"));
  html_printf(b, "<p><a href=\"/measures/%lld#point-%lld\">%s</a></p>\n</div></div>\n", m->id, s->aId[i], T("qi.cancel"));
  page_end(r);
}

static void point_show(struct req *r, const struct qi_measure *m, const struct qi_project *p,
                       const struct qi_series *s, size_t i){
  char zPdsa[24] = "";
  if( s->aPdsaId[i] ) snprintf(zPdsa, sizeof zPdsa, "%lld", s->aPdsaId[i]);
  point_page(r, m, p, s, i, s->azNote[i] ? s->azNote[i] : "", zPdsa, 0);
}
void page_point(struct req *r){ point_show(r, r->rec.pMeasure, r->rec.pProject, r->rec.pSeries, r->rec.iPoint); }

static void point_annotate(struct req *r, const struct qi_measure *m, const struct qi_project *p,
                           const struct qi_series *s, size_t i){
  const char *zNote = form_or_empty(r, "note"), *zPdsa = form_or_empty(r, "pdsa");
  struct field_errors e = {0};
  long long id = qi_point_annotate(r->db, &r->user, s->aId[i], zNote, zPdsa, r->zToday, &e);
  if( form_result(r, id, "/measures/%lld#point-%lld", m->id, s->aId[i]) ) point_page(r, m, p, s, i, zNote, zPdsa, &e);
}
void page_point_annotate(struct req *r){ point_annotate(r, r->rec.pMeasure, r->rec.pProject, r->rec.pSeries, r->rec.iPoint); }

static void point_delete(struct req *r, const struct qi_measure *m, const struct qi_project *p,
                         const struct qi_series *s, size_t i){
  (void)p;
  long long id = qi_point_delete(r->db, &r->user, s->aId[i], r->zToday);
  form_result(r, id>0 ? id : -1, "/measures/%lld#data-heading", m->id);    /* no form: a refusal is a 404 */
}
void page_point_delete(struct req *r){ point_delete(r, r->rec.pMeasure, r->rec.pProject, r->rec.pSeries, r->rec.iPoint); }

/* ---- rebases ------------------------------------------------------------------ */

static void rebase_add(struct req *r, const struct qi_measure *m, const struct qi_project *p){
  char zFrom[64];
  form_date_value(r, "from", zFrom);
  const char *zReason = form_or_empty(r, "reason");
  struct field_errors e = {0};
  long long id = qi_rebase_add(r->db, &r->user, m->id, zFrom, zReason, r->zToday, &e);
  if( form_result(r, id, "/measures/%lld#rebase-heading", m->id) ){
    struct measure_forms f = { "rebase", &e, {0}, zFrom, zReason };
    measure_page(r, m, p, &f);
  }
}
void page_rebase_add(struct req *r){ rebase_add(r, r->rec.pMeasure, r->rec.pProject); }

static void rebase_delete(struct req *r, const struct qi_measure *m, const struct qi_project *p){
  (void)p;
  long long id = qi_rebase_delete(r->db, &r->user, m->id, form_or_empty(r, "from"), r->zToday);
  form_result(r, id>0 ? id : -1, "/measures/%lld#rebase-heading", m->id);    /* no form: a refusal is a 404 */
}
void page_rebase_delete(struct req *r){ rebase_delete(r, r->rec.pMeasure, r->rec.pProject); }

/* ---- CSV import ------------------------------------------------------------------ */

/* The import form: a file or pasted text (both in one multipart form, so
** the upload route's larger cap serves either). */
static void import_form(struct req *r, const struct qi_measure *m, const char *zText, const struct field_errors *e){
  static const struct import_file_keys k = { "measure.import_file", "measure.import_file_hint",
    "measure.import_paste", "measure.import_paste_hint", "measure.import_check" };
  char zAction[64];
  snprintf(zAction, sizeof zAction, "/measures/%lld/import", m->id);
  import_file_form(r, zAction, zText, e, &k);
}

static void import_page_begin(struct req *r, const struct qi_measure *m, const struct qi_project *p, bool bErr){
  char zUnitHref[100], zList[110], zProject[40];
  struct crumb aCrumb[5];
  int nCrumb = qi_crumbs(r, p, true, aCrumb, zUnitHref, zList, zProject);
  char zMeasure[40];
  snprintf(zMeasure, sizeof zMeasure, "/measures/%lld", m->id);
  aCrumb[nCrumb++] = (struct crumb){zMeasure, m->zName};
  struct field_errors one = { 1, {{"file", "measure.import_title"}} };
  page_begin_form(r, T("measure.import_title"), aCrumb, nCrumb, bErr ? &one : 0);
  html_printf(&r->body, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", m->zName, T("measure.import_title"));
}

/* The columns expected, with an example. */
static void import_help(struct req *r, const struct qi_measure *m){
  struct buf *b = &r->body;
  bool bRatio = is_ratio(m);
  html_printf(b, "<p>%s</p>\n", T(bRatio ? "measure.import_columns_ratio" : "measure.import_columns"));
  html_printf(b, "<p>%s</p>\n<pre class=\"cc-example\" id=\"import-example\"><code>", T("measure.import_example"));
  if( bRatio ) html_printf(b, "date,numerator,denominator\n2026-01-05,42,120\n2026-01-12,38,115\n12/01/2026,45,131\n");
  else html_printf(b, "date,value\n2026-01-05,42\n2026-01-12,38.5\n19/01/2026,45\n");
  html_printf(b, "</code></pre>\n<p>%s</p>\n", T("measure.import_rules"));
  if( !bRatio && qi_unit_is_percent(m->zUnit) ){
    html_printf(b, "<p id=\"import-percent\">");
    html_printf_t(b, TF("measure.import_percent"), "70%");
    html_printf(b, "</p>\n");
  }
}

/* The import page with its form; e has the error of a POST that sent
** nothing to import. */
static void import_form_page_errors(struct req *r, const struct qi_measure *m, const struct qi_project *p,
                                    const struct field_errors *e){
  import_page_begin(r, m, p, e!=0);
  html_printf(&r->body, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary(r, e);
  import_help(r, m);
  import_form(r, m, "", e);
  if( !e ) html_printf(&r->body, "<p><a href=\"/measures/%lld\">%s</a></p>\n", m->id, T("qi.cancel"));
  html_printf(&r->body, "</div></div>\n");
  page_end(r);
}
static void import_form_page(struct req *r, const struct qi_measure *m, const struct qi_project *p){
  import_form_page_errors(r, m, p, 0);
}
void page_measure_import_form(struct req *r){ import_form_page(r, r->rec.pMeasure, r->rec.pProject); }

/* "Line 7, column 2: message" into z. */
static void csv_error_words(struct req *r, const struct qi_csv_error *x, char *z, size_t n){
  if( x->column>0 ) snprintf(z, n, T("measure.import_line_column"), x->line, x->column, T(x->zKey));
  else if( x->line>0 ) snprintf(z, n, T("measure.import_line"), x->line, T(x->zKey));
  else snprintf(z, n, "%s", T(x->zKey));
}

/* The errors of a parsed file: in an error summary and a table; then the
** choice to import the valid lines (the pasted text again, or the same
** file chosen again: nothing is kept on the server between the two). */
static void import_errors_page(struct req *r, const struct qi_measure *m, const struct qi_project *p,
                               const struct qi_csv *csv, const char *zPasted, const struct field_errors *pDomain){
  r->status = 400;
  import_page_begin(r, m, p, true);
  struct buf *b = &r->body;
  /* The summary: each problem links to its row of the table. */
  html_printf(b, "<div class=\"nhsuk-error-summary\" data-module=\"nhsuk-error-summary\" aria-labelledby=\"error-summary-title\" role=\"alert\" tabindex=\"-1\">\n"
              "<h2 class=\"nhsuk-error-summary__title\" id=\"error-summary-title\">%s</h2>\n<div class=\"nhsuk-error-summary__body\">\n",
              T("error.summary_title"));
  if( csv->nError ){
    html_printf(b, "<p>");
    html_printf_t(b, TF("measure.import_error_count"), csv->nError);
    html_printf(b, "</p>\n");
  }
  html_printf(b, "<ul class=\"nhsuk-list nhsuk-error-summary__list\">\n");
  int nShow = csv->nError < QI_CSV_MAX_ERRORS ? csv->nError : QI_CSV_MAX_ERRORS;
  for(int i=0; i<nShow && i<10; i++){
    char z[400];
    csv_error_words(r, &csv->aError[i], z, sizeof z);
    html_printf(b, "<li><a href=\"#csv-error-%d\">%s</a></li>\n", i+1, z);
  }
  /* The domain's "has errors" says what the count above says already. */
  for(int i=0; pDomain && i<pDomain->n; i++){
    if( strcmp(pDomain->a[i].zKey, "qi.import.error.has_errors")==0 && csv->nError ) continue;
    html_printf(b, "<li><a href=\"#file\">%s</a></li>\n", T(pDomain->a[i].zKey));
  }
  html_printf(b, "</ul>\n</div>\n</div>\n");

  struct import_error_view aView[QI_CSV_MAX_ERRORS];
  for(int i=0; i<nShow; i++){
    const struct qi_csv_error *x = &csv->aError[i];
    aView[i] = (struct import_error_view){ x->line, x->column, 0, x->zKey, x->zText };
  }
  struct import_errors_text et = { T("measure.import_errors"), T("measure.import_col_line"),
    T("measure.import_col_column"), T("measure.import_col_problem"), T("measure.import_col_text"),
    true, TF("measure.import_more_errors") };
  import_errors_table(r, aView, nShow, csv->nError, &et);
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  if( csv->n>0 && !csv->bFileError ){
    char zAction[64];
    snprintf(zAction, sizeof zAction, "/measures/%lld/import", m->id);
    struct import_valid_text vt = { T("measure.import_valid_heading"), T("measure.import_file_again"),
      T("measure.import_file_again_hint"), TF("measure.import_valid_intro"), TF("measure.import_valid_button") };
    import_valid_form(r, zAction, csv->n, zPasted, &vt);
  }
  html_printf(b, "<h2>%s</h2>\n", T("measure.import_again"));
  import_help(r, m);
  import_form(r, m, zPasted ? zPasted : "", 0);
  html_printf(b, "<p><a href=\"/measures/%lld\">%s</a></p>\n</div></div>\n", m->id, T("qi.cancel"));
  page_end(r);
}

static void measure_import(struct req *r, const struct qi_measure *m, const struct qi_project *p){
  const char *zText, *zPasted;
  size_t nText;
  bool bValidOnly = import_input(r, &zText, &nText, &zPasted);
  if( !zText ){
    struct field_errors e = {0};
    field_errors_add(&e, "file", "measure.import_nothing");
    r->status = 400;
    import_form_page_errors(r, m, p, &e);
    return;
  }
  struct qi_csv csv;
  memset(&csv, 0, sizeof csv);
  qi_csv_parse(zText, nText, m->zChart, qi_unit_is_percent(m->zUnit), &csv);
  struct field_errors e = {0};
  long long nDone = 0;
  /* The domain also finds dates the measure already has (errors by line)
  ** and imports nothing while there are errors unless bValidOnly. */
  if( !csv.bFileError ) nDone = qi_points_import(r->db, &r->user, m->id, &csv, bValidOnly, r->zToday, &e);
  if( form_result(r, nDone, "/measures/%lld#data-heading", m->id) ) import_errors_page(r, m, p, &csv, zPasted, &e);
  qi_csv_free(&csv);
}
void page_measure_import(struct req *r){ measure_import(r, r->rec.pMeasure, r->rec.pProject); }

/* ---- GET /measures/{id}/data.csv --------------------------------------------------- */

static void csv_num(struct buf *b, double v){
  buf_putc(b, ',');
  if( !isnan(v) && !isinf(v) ) buf_printf(b, "%.10g", v);
}

static void measure_csv(struct req *r, const struct qi_measure *m, const struct qi_project *p){
  (void)p;
  struct qi_chart c;
  if( !qi_chart_load(r->db, m, &c) ){
    page_error(r, 500, "measure.load_failed_title", "measure.load_failed_body");
    return;
  }
  /* Not HTML: every text cell goes through export_csv_field, which
  ** quotes and defuses formula-like cells. */
  struct buf out = {0};
  /* A UTF-8 byte order mark, as the action log's CSV: Excel then reads
  ** Welsh letters in notes (ŵ, ŷ) as they are. */
  buf_puts(&out, "\xEF\xBB\xBF");
  buf_puts(&out, c.bRun ? "date,value,numerator,denominator,median,signal,note,pdsa_cycle\r\n"
                        : "date,value,numerator,denominator,centre,lower,upper,type,rule,note,pdsa_cycle\r\n");
  for(size_t i=0; i<c.s.n; i++){
    buf_puts(&out, c.s.azDate[i]);
    csv_num(&out, c.s.aValue[i]);
    csv_num(&out, c.s.aNum[i]);
    csv_num(&out, c.s.aDen[i]);
    if( c.bRun ){
      csv_num(&out, c.run.median);
      buf_putc(&out, ',');
      unsigned f = c.aFlag[i];
      bool bAny = false;
      if( f & RUN_IN_LONGEST_RUN ){ buf_puts(&out, "longest_run"); bAny = true; }
      if( f & RUN_IN_SHIFT ){ buf_puts(&out, bAny ? " shift" : "shift"); bAny = true; }
      if( f & RUN_IN_TREND ){ buf_puts(&out, bAny ? " trend" : "trend"); bAny = true; }
      if( f & RUN_ON_MEDIAN ){ buf_puts(&out, bAny ? " on_median" : "on_median"); }
    }else if( c.nSeg>0 ){
      csv_num(&out, c.aSpc[i].centre);
      csv_num(&out, c.aSpc[i].lower);
      csv_num(&out, c.aSpc[i].upper);
      buf_putc(&out, ',');
      buf_puts(&out, spc_type_code(c.aSpc[i].type));
      buf_putc(&out, ',');
      const char *zRule = spc_rule_code(c.aSpc[i].rule);
      if( zRule ) buf_puts(&out, zRule);
    }else{
      buf_puts(&out, ",,,,");
    }
    buf_putc(&out, ',');
    export_csv_field(&out, c.s.azNote[i]);
    buf_putc(&out, ',');
    export_csv_field(&out, c.s.azPdsaTitle[i]);
    buf_puts(&out, "\r\n");
  }
  buf_free(&r->body);
  r->body = out;
  r->status = 200;
  r->zContentType = "text/csv; charset=utf-8";
  char zCd[80];
  snprintf(zCd, sizeof zCd, "attachment; filename=\"measure-%lld.csv\"", m->id);
  req_add_header(r, "Content-Disposition", zCd);
  qi_chart_free(&c);
}
void page_measure_csv(struct req *r){ measure_csv(r, r->rec.pMeasure, r->rec.pProject); }

/* ---- GET /api/v1/measures/{id} -------------------------------------------------------- */

#define MEASURE_API_PAGE 1000
#define MEASURE_API_PAGE_MAX 10000

void api_measure(struct req *r){
  const struct qi_measure *m = r->rec.pMeasure;
  struct qi_chart c;
  if( !qi_chart_load(r->db, m, &c) ){ req_json_error(r, 404, "not found"); return; }
  struct buf out = {0};
  struct buf *b = &out;
  bool bFirst = true;
  buf_putc(b, '{');
  json_key(b, &bFirst, "measure");
  {
    bool bF = true;
    buf_putc(b, '{');
    json_kv_int(b, &bF, "id", m->id);
    json_kv_int(b, &bF, "project_id", m->projectId);
    json_kv_str(b, &bF, "name", m->zName);
    json_kv_str(b, &bF, "kind", m->zKind);
    json_kv_str(b, &bF, "definition", m->zDefinition);
    json_kv_str(b, &bF, "unit", m->zUnit);
    json_kv_str(b, &bF, "direction", m->zDirection);
    if( m->bHasTarget ) json_kv_double(b, &bF, "target", m->target);
    else json_kv_null(b, &bF, "target");
    json_kv_str(b, &bF, "chart", m->zChart);
    json_kv_bool(b, &bF, "screen_outliers", m->bScreenOutliers);
    buf_putc(b, '}');
  }
  json_kv_int(b, &bFirst, "n", (long long)c.s.n);
  if( c.bRun ){
    json_kv_double(b, &bFirst, "median", c.s.n ? c.run.median : NAN);
    json_key(b, &bFirst, "run");
    bool bF = true;
    buf_putc(b, '{');
    json_kv_int(b, &bF, "n_useful", (long long)c.run.nUseful);
    json_kv_int(b, &bF, "longest_run", (long long)c.run.longestRun);
    json_kv_int(b, &bF, "longest_run_max", (long long)c.run.longestRunMax);
    json_kv_int(b, &bF, "crossings", (long long)c.run.crossings);
    json_kv_int(b, &bF, "crossings_min", (long long)c.run.crossingsMin);
    json_kv_bool(b, &bF, "signal", c.run.bSignal);
    json_kv_bool(b, &bF, "shift", c.run.bShift);
    json_kv_bool(b, &bF, "trend", c.run.bTrend);
    buf_putc(b, '}');
  }else{
    const struct spc_segment *g = c.nSeg>0 ? &c.aSeg[c.nSeg-1] : 0;
    json_kv_double(b, &bFirst, "centre", g ? g->centre : NAN);
    json_kv_double(b, &bFirst, "lower", g ? g->lower : NAN);
    json_kv_double(b, &bFirst, "upper", g ? g->upper : NAN);
    if( g && g->assurance!=SPC_ASSURANCE_NONE ) json_kv_str(b, &bFirst, "assurance", spc_assurance_code(g->assurance));
    else json_kv_null(b, &bFirst, "assurance");
    json_key(b, &bFirst, "segments");
    buf_putc(b, '[');
    for(int k=0; k<c.nSeg; k++){
      const struct spc_segment *s = &c.aSeg[k];
      bool bF = true;
      if( k ) buf_putc(b, ',');
      buf_putc(b, '{');
      json_kv_str(b, &bF, "from", s->n ? c.s.azDate[s->start] : "");
      json_kv_int(b, &bF, "n", (long long)s->n);
      json_kv_double(b, &bF, "centre", s->centre);
      json_kv_double(b, &bF, "lower", s->lower);
      json_kv_double(b, &bF, "upper", s->upper);
      json_kv_double(b, &bF, "mean_moving_range", s->meanMovingRange);
      buf_putc(b, '}');
    }
    buf_putc(b, ']');
  }
  json_key(b, &bFirst, "signal");
  qi_chart_signal_json(&c, b);
  /* The points in pages (the statistics above are of the whole series):
  ** ?from=INDEX (0-based, by date) and ?limit=N, with "next" the URL of the
  ** following page or null. */
  long long nLimit = req_query_int(r, "limit", MEASURE_API_PAGE);
  if( nLimit<1 ) nLimit = 1;
  if( nLimit>MEASURE_API_PAGE_MAX ) nLimit = MEASURE_API_PAGE_MAX;
  long long iFrom = req_query_int(r, "from", 0);
  if( iFrom<0 ) iFrom = 0;
  size_t iStart = (size_t)iFrom<c.s.n ? (size_t)iFrom : c.s.n;
  size_t iEnd = c.s.n-iStart>(size_t)nLimit ? iStart+(size_t)nLimit : c.s.n;
  json_kv_int(b, &bFirst, "points_from", (long long)iStart);
  json_key(b, &bFirst, "next");
  if( iEnd<c.s.n ){
    char zNext[96];
    snprintf(zNext, sizeof zNext, "/api/v1/measures/%lld?from=%zu&limit=%lld", m->id, iEnd, nLimit);
    json_string(b, zNext);
  }else{
    buf_puts(b, "null");
  }
  json_key(b, &bFirst, "points");
  buf_putc(b, '[');
  struct json_memo memo[3] = {{0}};   /* centre and limits: the same along a segment of an XmR chart */
  for(size_t i=iStart; i<iEnd; i++){
    bool bF = true;
    if( i>iStart ) buf_putc(b, ',');
    buf_putc(b, '{');
    json_kv_int(b, &bF, "id", c.s.aId[i]);
    json_kv_str(b, &bF, "date", c.s.azDate[i]);
    json_kv_double(b, &bF, "value", c.s.aValue[i]);
    if( is_ratio(m) ){
      json_kv_double(b, &bF, "numerator", c.s.aNum[i]);
      json_kv_double(b, &bF, "denominator", c.s.aDen[i]);
    }
    if( c.bRun ){
      json_key(b, &bF, "flags");
      buf_putc(b, '[');
      bool bF2 = true;
      unsigned f = c.aFlag[i];
      if( f & RUN_IN_LONGEST_RUN ){ json_sep(b, &bF2); json_string(b, "longest_run"); }
      if( f & RUN_IN_SHIFT ){ json_sep(b, &bF2); json_string(b, "shift"); }
      if( f & RUN_IN_TREND ){ json_sep(b, &bF2); json_string(b, "trend"); }
      if( f & RUN_ON_MEDIAN ){ json_sep(b, &bF2); json_string(b, "on_median"); }
      buf_putc(b, ']');
    }else if( c.nSeg>0 ){
      json_kv_str(b, &bF, "type", spc_type_code(c.aSpc[i].type));
      const char *zRule = spc_rule_code(c.aSpc[i].rule);
      if( zRule ) json_kv_str(b, &bF, "rule", zRule);
      else json_kv_null(b, &bF, "rule");
      json_kv_double_memo(b, &bF, "centre", &memo[0], c.aSpc[i].centre);
      json_kv_double_memo(b, &bF, "lower", &memo[1], c.aSpc[i].lower);
      json_kv_double_memo(b, &bF, "upper", &memo[2], c.aSpc[i].upper);
    }
    if( c.s.azNote[i] ) json_kv_str(b, &bF, "note", c.s.azNote[i]);
    else json_kv_null(b, &bF, "note");
    if( c.s.aPdsaId[i] ) json_kv_int(b, &bF, "pdsa_id", c.s.aPdsaId[i]);
    else json_kv_null(b, &bF, "pdsa_id");
    buf_putc(b, '}');
  }
  buf_puts(b, "]}\n");
  buf_free(&r->body);
  r->body = out;
  r->status = 200;
  r->zContentType = "application/json";
  qi_chart_free(&c);
}
