/*
** The pages of population-health indicators (src/domain/indicator.h),
** drawn with the charts of src/html/chart_indicators.h:
**
**   /indicators                       the catalogue
**   /units/{slug}/profile             a cluster's profile: the spine chart
**   /units/{slug}/indicators/{code}   one indicator: a health board's
**                                     clusters as bars; a cluster's trend
**                                     and its health board's clusters
**   /indicators/{code}/funnel         the funnel plot of every cluster
**
** Who sees what. A unit's pages are read by whoever may read the unit
** (the route's REC_UNIT), as its other pages. The values are figures for
** a whole area's population, nothing about a person, and Public Health
** Wales publishes them for every cluster: so a cluster is shown against
** every Welsh cluster (the range of the spine chart, the funnel plot) to
** anyone signed in, with the names of the clusters, as the published
** profiles do. The funnel plot highlights the clusters the reader's own
** scope holds.
**
** Reads: the areas in one query (src/domain/indicator_areas.h), and per
** indicator its periods and then every area's statistic in a period in
** one query (indicator_stats_in_period), never one query per cluster.
**
** Whatever shown is demonstration data has a warning callout saying so.
*/
#include "pages/pages.h"
#include "domain/indicator.h"
#include "domain/indicator_areas.h"
#include "domain/indicator_thread.h"
#include "domain/unit.h"
#include "html/chart_indicators.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ----------------------------------------------------------- */

static const char *area_name(struct req *r, const struct indicator_area *a){
  return a ? unit_name_in(r->lang, a->zName, a->zNameCy) : "";
}

static enum chart_ind_polarity polarity_of(const struct indicator *ind){
  switch( ind->polarity ){
    case INDICATOR_HIGHER_BETTER: return CHART_IND_HIGHER_BETTER;
    case INDICATOR_LOWER_BETTER: return CHART_IND_LOWER_BETTER;
    default: return CHART_IND_NO_POLARITY;
  }
}

static enum chart_ind_cmp cmp_of(enum indicator_comparison c){
  switch( c ){
    case INDICATOR_SIMILAR: return CHART_IND_CMP_SIMILAR;
    case INDICATOR_BETTER: return CHART_IND_CMP_BETTER;
    case INDICATOR_WORSE: return CHART_IND_CMP_WORSE;
    case INDICATOR_HIGHER: return CHART_IND_CMP_HIGHER;
    case INDICATOR_LOWER: return CHART_IND_CMP_LOWER;
    default: return CHART_IND_CMP_NONE;
  }
}

/* How an indicator's values are written; zUnit (64 bytes) holds the
** scale's words. */
static struct chart_ind_format format_of(struct req *r, const struct indicator *ind, char *zUnit, size_t nUnit){
  struct chart_ind_format f = { 1, false, 0 };
  zUnit[0] = 0;
  if( ind->kind==INDICATOR_COUNT ){ f.nDec = 0; return f; }
  if( ind->kind==INDICATOR_PROPORTION && ind->multiplier==100 ){ f.bPercent = true; return f; }
  if( ind->kind==INDICATOR_ISR ){ f.zUnit = T("indicator.page.wales_100"); if( ind->multiplier!=100 ) f.zUnit = 0; return f; }
  char zN[48];
  struct chart_ind_format f0 = { 0, false, 0 };
  chart_ind_number(zN, sizeof zN, ind->multiplier, &f0);
  snprintf(zUnit, nUnit, T("indicator.page.per"), zN);
  f.zUnit = zUnit;
  return f;
}

static struct chart_ind_value value_of(const struct indicator_stat *s){
  struct chart_ind_value v = { NAN, NAN, NAN, CHART_IND_GAP_NONE, 0 };
  if( s->bValue ){
    v.value = s->value;
    v.lower = s->lower95;
    v.upper = s->upper95;
  }else{
    v.gap = s->bSuppressed ? CHART_IND_GAP_SUPPRESSED : CHART_IND_GAP_NO_DATA;
  }
  return v;
}

/* The tag of a comparison, in words. */
static void comparison_tag(struct req *r, enum indicator_comparison c){
  static const char *const azColour[] = {
    [INDICATOR_NOT_COMPARED] = "grey", [INDICATOR_SIMILAR] = "yellow", [INDICATOR_BETTER] = "green",
    [INDICATOR_WORSE] = "red", [INDICATOR_HIGHER] = "blue", [INDICATOR_LOWER] = "aqua-green",
  };
  char zKey[64];
  snprintf(zKey, sizeof zKey, "indicator.comparison.%s", indicator_comparison_code(c));
  nhsuk_tag_ex(&r->body, azColour[c], "cc-cmp", 0, i18n_get(r->lang, zKey));
}

/* "12.3% (11.8% to 12.9%)", or why there is none. */
static void value_text(struct req *r, const struct indicator_stat *s, const struct chart_ind_format *f,
                       char *z, size_t n){
  if( !s->bValue ){
    snprintf(z, n, "%s", T(s->bSuppressed ? "indicator.page.suppressed" : "indicator.page.no_value"));
    return;
  }
  char zV[48], zL[48], zU[48];
  chart_ind_number(zV, sizeof zV, s->value, f);
  if( isfinite(s->lower95) && isfinite(s->upper95) ){
    chart_ind_number(zL, sizeof zL, s->lower95, f);
    chart_ind_number(zU, sizeof zU, s->upper95, f);
    char zI[120];
    snprintf(zI, sizeof zI, T("indicator.page.interval"), zL, zU);
    snprintf(z, n, "%s (%s)", zV, zI);
  }else{
    snprintf(z, n, "%s", zV);
  }
}

static void plain_value(const struct indicator_stat *s, const struct chart_ind_format *f, char *z, size_t n){
  if( s->bValue ) chart_ind_number(z, n, s->value, f);
  else snprintf(z, n, "–");
}

static void demo_callout(struct req *r){
  nhsuk_warning_callout_begin(&r->body, 2, T("indicator.page.demo_heading"));
  html_printf(&r->body, "<p>%s</p>", T("indicator.page.demo_text"));
  nhsuk_warning_callout_end(&r->body);
}

/* The catalogue, in sort order. */
struct ind_list { struct indicator *a; size_t n, nAlloc; };
static void collect_indicator(void *p, const struct indicator *ind){
  struct ind_list *l = p;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? l->nAlloc*2 : 16;
    l->a = xrealloc(l->a, l->nAlloc*sizeof *l->a);
  }
  l->a[l->n++] = *ind;
}


struct period_list { char (*a)[INDICATOR_PERIOD_MAX]; size_t n, nAlloc; };
static void collect_period(void *p, const char *zPeriod){
  struct period_list *l = p;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? l->nAlloc*2 : 8;
    l->a = xrealloc(l->a, l->nAlloc*sizeof *l->a);
  }
  text_copy(l->a[l->n++], INDICATOR_PERIOD_MAX, zPeriod);
}

/* Every area's statistic in a period. */
struct stat_set { long long *aId; struct indicator_stat *a; size_t n, nAlloc; };
static void collect_stat(void *p, long long unitId, const struct indicator_stat *s){
  struct stat_set *l = p;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? l->nAlloc*2 : 128;
    l->aId = xrealloc(l->aId, l->nAlloc*sizeof *l->aId);
    l->a = xrealloc(l->a, l->nAlloc*sizeof *l->a);
  }
  l->aId[l->n] = unitId;
  l->a[l->n++] = *s;
}
static void stat_set_free(struct stat_set *l){ free(l->aId); free(l->a); memset(l, 0, sizeof *l); }

static const struct indicator_stat *stat_find(const struct stat_set *l, long long id){
  for(size_t i=0; i<l->n; i++) if( l->aId[i]==id ) return &l->a[i];
  return 0;
}
/* A statistic with no value, for an area without one. */
static struct indicator_stat stat_none(void){
  struct indicator_stat s;
  memset(&s, 0, sizeof s);
  s.value = s.lower95 = s.upper95 = s.lower99_8 = s.upper99_8 = s.denominator = s.expected = NAN;
  return s;
}
static struct indicator_stat stat_or_none(const struct stat_set *l, long long id){
  const struct indicator_stat *p = id ? stat_find(l, id) : 0;
  return p ? *p : stat_none();
}

static const struct indicator_area *wales_of(const struct indicator_areas *A){
  for(size_t i=0; i<A->n; i++) if( A->a[i].kind==INDICATOR_AREA_NATION ) return &A->a[i];
  return 0;
}

/* ---- periods ------------------------------------------------------------------- */

/* Is zPeriod among the periods of P? */
static bool period_in(const struct period_list *P, const char *zPeriod){
  for(size_t i=0; i<P->n; i++) if( strcmp(P->a[i], zPeriod)==0 ) return true;
  return false;
}
/* Add zPeriod to P unless it is there, keeping P sorted. */
static void period_union_add(struct period_list *P, const char *zPeriod){
  if( period_in(P, zPeriod) ) return;
  collect_period(P, zPeriod);
  for(size_t i=P->n-1; i>0 && strcmp(P->a[i-1], P->a[i])>0; i--){
    char z[INDICATOR_PERIOD_MAX];
    memcpy(z, P->a[i], sizeof z);
    memcpy(P->a[i], P->a[i-1], sizeof z);
    memcpy(P->a[i-1], z, sizeof z);
  }
}

/* The period asked for (?period=), or "" for the latest. */
static const char *period_asked(struct req *r){
  const char *z = req_query(r, "period");
  return z && z[0] ? z : "";
}

/* The GET form that chooses a period of P (newest first), zChosen
** selected; with bAdjust a checkbox to adjust a funnel plot's limits for
** overdispersion (bAdjusted: ticked). zAction is the page's own path. */
static void period_form(struct req *r, const char *zAction, const struct period_list *P, const char *zChosen,
                        bool bAdjust, bool bAdjusted){
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"get\" action=\"%s\" class=\"cc-period-form\" id=\"period-form\" novalidate>\n", zAction);
  html_printf(b, "<div class=\"nhsuk-form-group\">\n<label class=\"nhsuk-label\" for=\"period\">%s</label>\n"
              "<select class=\"nhsuk-select\" id=\"period\" name=\"period\">\n", T("indicator.page.period_label"));
  for(size_t i=P->n; i>0; i--){
    const char *z = P->a[i-1];
    html_printf(b, "<option value=\"%s\"%s>%s</option>\n", z, strcmp(z, zChosen)==0 ? " selected" : "", z);
  }
  html_printf(b, "</select>\n</div>\n");
  if( bAdjust ){
    form_checkbox(r, "adjust", "indicator.page.adjust_label", "indicator.page.adjust_hint", true, bAdjusted);
  }
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\" id=\"period-submit\">%s</button>\n</form>\n",
              T(bAdjust ? "indicator.page.funnel_show" : "indicator.page.period_show"));
}

/* ---- a cluster's or a health board's profile ------------------------------------ */

struct profile_row {
  const struct indicator *ind;
  char zPeriod[INDICATOR_PERIOD_MAX];
  char zUnit[64];
  struct chart_ind_format fmt;
  struct indicator_stat area, board, wales;
  enum indicator_comparison vsBoard, vsWales;
};

/* The period of an indicator shown for the period asked for: that one
** when it has it, else its latest one that ends by the end of it
** (periods of other types compare by their text, which starts with the
** year; three years together by their last), else none; the latest when
** nothing is asked. */
/* Where a period ends, as text that sorts: three financial years
** together ("2021/22-2023/24") end with their last; any other period is
** its own text. */
static const char *period_end(const char *z){
  const char *zDash = strchr(z, '-');
  return zDash && strchr(z, '/') ? zDash+1 : z;
}
static void profile_period(const struct period_list *P, const char *zAsked, char *zOut){
  zOut[0] = 0;
  if( P->n==0 ) return;
  if( !zAsked[0] ){ text_copy(zOut, INDICATOR_PERIOD_MAX, P->a[P->n-1]); return; }
  if( period_in(P, zAsked) ){ text_copy(zOut, INDICATOR_PERIOD_MAX, zAsked); return; }
  const char *zEnd = period_end(zAsked);
  for(size_t i=P->n; i>0; i--){
    if( strcmp(period_end(P->a[i-1]), zEnd)<=0 ){ text_copy(zOut, INDICATOR_PERIOD_MAX, P->a[i-1]); return; }
  }
}

/* /units/{slug}/profile. A cluster: every indicator against the range of
** the Welsh clusters, its health board and Wales. A health board: the
** board against the same range and Wales, each indicator's name leading
** to the bars of its clusters. ?period= shows an earlier period (see
** profile_period); a period no indicator has is not found. */
void page_unit_profile(struct req *r){
  const struct unit *u = &r->rec.unit;
  bool bBoardPage = strcmp(u->zKind, "health_board")==0;
  if( strcmp(u->zKind, "cluster")!=0 && !bBoardPage ){ page_not_found(r); return; }
  struct indicator_areas A;
  if( !indicator_areas_load(r->db, r->zToday, &A) ){ page_error(r, 500, "indicator.page.load_failed_title", "indicator.page.load_failed_body"); return; }
  const struct indicator_area *pArea = indicator_areas_find(&A, u->id);
  const struct indicator_area *pBoard = bBoardPage ? 0 : pArea ? indicator_areas_find(&A, pArea->healthBoardId) : 0;
  const struct indicator_area *pWales = wales_of(&A);
  struct ind_list L = {0};
  indicator_list(r->db, collect_indicator, &L);

  /* Every indicator's periods, and all of them together for the form. */
  struct period_list *aP = xcalloc(L.n ? L.n : 1, sizeof *aP);
  struct period_list U = {0};
  for(size_t i=0; i<L.n; i++){
    indicator_periods(r->db, L.a[i].id, collect_period, &aP[i]);
    for(size_t k=0; k<aP[i].n; k++) period_union_add(&U, aP[i].a[k]);
  }
  const char *zAsked = period_asked(r);
  if( zAsked[0] && !period_in(&U, zAsked) ){
    for(size_t i=0; i<L.n; i++) free(aP[i].a);
    free(aP); free(U.a); free(L.a);
    indicator_areas_free(&A);
    page_not_found(r);
    return;
  }

  struct profile_row *aRow = xcalloc(L.n ? L.n : 1, sizeof *aRow);
  struct chart_ind_spine_row *aSpine = xcalloc(L.n ? L.n : 1, sizeof *aSpine);
  double *aVal = xmalloc((A.n ? A.n : 1)*sizeof *aVal), *aScratch = xmalloc((A.n ? A.n : 1)*sizeof *aScratch);
  bool bDemo = false;
  char zCommon[INDICATOR_PERIOD_MAX] = "";
  int nCommon = 0;
  for(size_t i=0; i<L.n; i++){
    struct profile_row *p = &aRow[i];
    p->ind = &L.a[i];
    p->fmt = format_of(r, p->ind, p->zUnit, sizeof p->zUnit);
    profile_period(&aP[i], zAsked, p->zPeriod);
    struct stat_set S = {0};
    if( p->zPeriod[0] ) indicator_stats_in_period(r->db, p->ind, p->zPeriod, 0, collect_stat, &S);
    p->area = stat_or_none(&S, u->id);
    p->board = stat_or_none(&S, pBoard ? pBoard->id : 0);
    p->wales = stat_or_none(&S, pWales ? pWales->id : 0);
    p->vsBoard = indicator_compare(p->ind->polarity, &p->area, &p->board, false);
    p->vsWales = indicator_compare(p->ind->polarity, &p->area, &p->wales, false);
    size_t nVal = 0;
    for(size_t k=0; k<S.n; k++){
      const struct indicator_area *a = indicator_areas_find(&A, S.aId[k]);
      if( !a || a->kind!=INDICATOR_AREA_CLUSTER ) continue;
      if( S.a[k].bDemo ) bDemo = true;
      if( S.a[k].bValue ) aVal[nVal++] = S.a[k].value;
    }
    if( p->area.bDemo || p->board.bDemo || p->wales.bDemo ) bDemo = true;
    struct chart_ind_spine_row *sr = &aSpine[i];
    sr->zName = indicator_name(p->ind, r->lang);
    sr->zPeriod = p->zPeriod;
    sr->fmt = p->fmt;
    sr->polarity = polarity_of(p->ind);
    sr->area = value_of(&p->area);
    sr->cmp = cmp_of(p->vsWales);
    sr->board = value_of(&p->board);
    sr->wales = p->wales.bValue ? p->wales.value : NAN;
    chart_ind_range_of(aVal, nVal, aScratch, &sr->range);
    stat_set_free(&S);
    /* The period most indicators are for, for the note. */
    int nSame = 0;
    for(size_t k=0; k<=i; k++) if( strcmp(aRow[k].zPeriod, p->zPeriod)==0 ) nSame++;
    if( p->zPeriod[0] && nSame>nCommon ){ nCommon = nSame; text_copy(zCommon, sizeof zCommon, p->zPeriod); }
  }
  free(aVal);
  free(aScratch);

  const char *zName = unit_display_name(u, r->lang);
  const char *zTitle = T(bBoardPage ? "indicator.page.board_profile_title" : "indicator.page.profile_title");
  char zHref[100], zSelf[120];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zSelf, sizeof zSelf, "/units/%s/profile", u->zSlug);
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, zName}};
  page_begin(r, zTitle, aCrumb, 2);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", zName, zTitle);
  if( bDemo ) demo_callout(r);
  if( L.n==0 || nCommon==0 ){
    html_printf(b, "<p>%s</p>\n", T("indicator.page.no_values"));
  }else{
    html_printf(b, "<p>");
    if( bBoardPage ) html_printf_t(b, TF("indicator.page.board_profile_intro"), zName);
    else html_printf_t(b, TF("indicator.page.profile_intro"), zName, pBoard ? area_name(r, pBoard) : "");
    html_printf(b, "</p>\n");
    period_form(r, zSelf, &U, zAsked[0] ? zAsked : zCommon, false, false);
    html_printf(b, "<p class=\"nhsuk-body-s\" id=\"period-note\">");
    if( zAsked[0] ) html_printf_t(b, TF("indicator.page.period_note_asked"), zAsked);
    else if( bBoardPage ) html_printf_t(b, TF("indicator.page.board_period_note"), zCommon);
    else html_printf_t(b, TF("indicator.page.period_note"), zCommon);
    html_printf(b, "</p>\n");
    struct chart_ind_spine sp = { r->lang, "spine", zName, pBoard ? area_name(r, pBoard) : "", L.n, aSpine, 0, bBoardPage };
    html_printf(b, "<h2 id=\"summary-heading\">%s</h2>\n<p id=\"spine-description\">", T("indicator.page.in_words"));
    chart_ind_spine_describe(b, &sp);
    html_printf(b, "</p>\n");
    html_printf(b, "<h2 id=\"chart-heading\">%s</h2>\n", T("indicator.page.spine_heading"));
    html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n", T(bBoardPage ? "indicator.page.board_spine_key" : "indicator.page.spine_key"));
    html_printf(b, "<figure class=\"cc-ichart cc-ichart--rows\" id=\"spine-chart\">\n");
    chart_ind_spine_svg(b, &sp);
    html_printf(b, "</figure>\n");

    html_printf(b, "<h2 id=\"table-heading\">%s</h2>\n", T("indicator.page.table_heading"));
    if( bBoardPage ) html_printf(b, "<p>%s</p>\n", T("indicator.page.board_table_intro"));
    nhsuk_rtable_begin(b, "nhsuk-table--compact nhsuk-u-font-size-16", "profile-table", T("indicator.page.table_caption"));
    nhsuk_rtable_header(b, T("indicator.page.col_indicator"), false);
    nhsuk_rtable_header(b, T("indicator.page.col_period"), false);
    nhsuk_rtable_header(b, T("indicator.page.col_value"), false);
    if( !bBoardPage ){
      nhsuk_rtable_header(b, T("indicator.page.col_vs_board"), false);
      nhsuk_rtable_header(b, T("indicator.page.col_board"), true);
    }
    nhsuk_rtable_header(b, T("indicator.page.col_vs_wales"), false);
    nhsuk_rtable_header(b, T("indicator.page.col_wales"), true);
    nhsuk_table_body(b);
    for(size_t i=0; i<L.n; i++){
      struct profile_row *p = &aRow[i];
      char zV[200], zB[48], zW[48];
      value_text(r, &p->area, &p->fmt, zV, sizeof zV);
      plain_value(&p->board, &p->fmt, zB, sizeof zB);
      plain_value(&p->wales, &p->fmt, zW, sizeof zW);
      nhsuk_rtable_row_begin(b, 0, 0);
      nhsuk_rtable_cell_begin(b, 0, T("indicator.page.col_indicator"));
      if( p->zPeriod[0] && zAsked[0] ){
        html_printf(b, "<a href=\"/units/%s/indicators/%s?period=%s\">%s</a>", u->zSlug, p->ind->zCode, p->zPeriod, indicator_name(p->ind, r->lang));
      }else{
        html_printf(b, "<a href=\"/units/%s/indicators/%s\">%s</a>", u->zSlug, p->ind->zCode, indicator_name(p->ind, r->lang));
      }
      if( p->fmt.zUnit ) html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", p->fmt.zUnit);
      nhsuk_rtable_cell_end(b);
      nhsuk_rtable_cell(b, T("indicator.page.col_period"), p->zPeriod[0] ? p->zPeriod : "–");
      nhsuk_rtable_cell(b, T("indicator.page.col_value"), zV);
      if( !bBoardPage ){
        nhsuk_rtable_cell_begin(b, "cc-vs-board", T("indicator.page.col_vs_board"));
        comparison_tag(r, p->vsBoard);
        nhsuk_rtable_cell_end(b);
        nhsuk_rtable_cell(b, T("indicator.page.col_board"), zB);
      }
      nhsuk_rtable_cell_begin(b, "cc-vs-wales", T("indicator.page.col_vs_wales"));
      comparison_tag(r, p->vsWales);
      nhsuk_rtable_cell_end(b);
      nhsuk_rtable_cell(b, T("indicator.page.col_wales"), zW);
      nhsuk_table_row_end(b);
    }
    nhsuk_table_end(b);
  }
  html_printf(b, "<p><a href=\"/indicators\">%s</a></p>\n", T("indicator.page.catalogue_link"));
  page_end(r);
  free(aRow);
  free(aSpine);
  for(size_t i=0; i<L.n; i++) free(aP[i].a);
  free(aP);
  free(U.a);
  free(L.a);
  indicator_areas_free(&A);
}

/* ---- one indicator for a unit -------------------------------------------------- */

/* The bars of the clusters of health board hbId in the stats S. */
static void board_bars(struct req *r, const struct indicator *ind, const struct indicator_areas *A,
                       const struct stat_set *S, long long hbId, long long highlightId, const char *zPeriod,
                       const struct chart_ind_format *f, bool *pDemo){
  const struct indicator_area *pBoard = indicator_areas_find(A, hbId);
  const struct indicator_area *pWales = wales_of(A);
  struct indicator_stat board = stat_or_none(S, hbId), wales = stat_or_none(S, pWales ? pWales->id : 0);
  if( board.bDemo || wales.bDemo ) *pDemo = true;
  struct chart_ind_bar *aBar = xcalloc(A->n ? A->n : 1, sizeof *aBar);
  size_t n = 0;
  for(size_t i=0; i<A->n; i++){
    const struct indicator_area *a = &A->a[i];
    if( a->kind!=INDICATOR_AREA_CLUSTER || a->healthBoardId!=hbId ) continue;
    struct indicator_stat s = stat_or_none(S, a->id);
    if( s.bDemo ) *pDemo = true;
    aBar[n].zName = area_name(r, a);
    aBar[n].v = value_of(&s);
    aBar[n].cmp = cmp_of(indicator_compare(ind->polarity, &s, &board, false));
    aBar[n].bHighlight = a->id==highlightId;
    n++;
  }
  struct chart_ind_bars c = { r->lang, "bars", indicator_name(ind, r->lang), zPeriod, *f, polarity_of(ind),
                              area_name(r, pBoard), board.bValue ? board.value : NAN,
                              wales.bValue ? wales.value : NAN, true, n, aBar, 0 };
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"bars-heading\">");
  html_printf_t(b, TF("indicator.page.bars_heading"), area_name(r, pBoard), zPeriod);
  html_printf(b, "</h2>\n<p id=\"bars-description\">");
  chart_ind_bars_describe(b, &c);
  html_printf(b, "</p>\n<figure class=\"cc-ichart cc-ichart--rows\" id=\"bars-chart\">\n");
  chart_ind_bars_svg(b, &c);
  html_printf(b, "</figure>\n");
  chart_ind_bars_table(b, &c);
  free(aBar);
}

/* "Used as evidence": the findings of the unit's needs assessments that
** rest on the indicator, the priorities made from them and the plan
** objectives measured by it or made from those priorities, each a link. */
static void thread_section(struct req *r, const struct indicator *ind, const struct unit *u,
                           const struct indicator_thread *t){
  (void)ind;
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"evidence-heading\">%s</h2>\n", T("indicator.thread.heading"));
  if( t->nFinding==0 && t->nObjective==0 ){
    html_printf(b, "<p id=\"evidence-none\">");
    html_printf_t(b, TF("indicator.thread.none"), unit_display_name(u, r->lang));
    html_printf(b, "</p>\n");
    return;
  }
  html_printf(b, "<p>%s</p>\n", T("indicator.thread.intro"));
  if( t->nFinding ){
    html_printf(b, "<h3 id=\"evidence-findings\">%s</h3>\n<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"thread-findings\">\n", T("indicator.thread.findings"));
    for(size_t i=0; i<t->nFinding; i++){
      const struct indicator_thread_finding *f = &t->aFinding[i];
      html_printf(b, "<li id=\"thread-finding-%lld\"><a href=\"/needs/%lld#finding-%lld\">", f->id, f->assessmentId, f->id);
      html_printf_t(b, TF("indicator.thread.finding"), f->zYear, f->zWhat);
      html_printf(b, "</a>");
      if( f->zPeriod[0] ){
        html_printf(b, " <span class=\"nhsuk-body-s\">(");
        html_printf_t(b, TF("indicator.thread.period"), f->zPeriod);
        html_printf(b, ")</span>");
      }
      if( f->bDemo ) html_printf(b, " <strong class=\"nhsuk-tag nhsuk-tag--grey\">%s</strong>", T("indicator.thread.demo"));
      bool bAny = false;
      for(size_t k=0; k<t->nPriority; k++){
        const struct indicator_thread_priority *p = &t->aPriority[k];
        if( p->findingId!=f->id ) continue;
        if( !bAny ) html_printf(b, "\n<ul class=\"nhsuk-list nhsuk-list--bullet\">\n");
        bAny = true;
        html_printf(b, "<li>%s <a href=\"/priorities/%lld\">%s</a></li>\n", T("indicator.thread.priority"), p->id, p->zTitle);
      }
      if( bAny ) html_printf(b, "</ul>\n");
      html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
  }
  if( t->nObjective ){
    html_printf(b, "<h3 id=\"evidence-objectives\">%s</h3>\n<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"thread-objectives\">\n", T("indicator.thread.objectives"));
    for(size_t i=0; i<t->nObjective; i++){
      const struct indicator_thread_objective *o = &t->aObjective[i];
      html_printf(b, "<li id=\"thread-objective-%lld\"><a href=\"/plans/%lld/objectives/%lld\">", o->id, o->planId, o->id);
      html_printf_t(b, TF("indicator.thread.objective"), o->zYear, o->zRef, o->zTitle);
      html_printf(b, "</a> <span class=\"nhsuk-body-s\">(");
      if( o->bMeasured && o->priorityId ) html_printf(b, "%s; %s", T("indicator.thread.measured"), T("indicator.thread.from_priority"));
      else if( o->bMeasured ) html_printf(b, "%s", T("indicator.thread.measured"));
      else html_printf(b, "%s", T("indicator.thread.from_priority"));
      html_printf(b, ")</span>");
      if( o->bDemo ) html_printf(b, " <strong class=\"nhsuk-tag nhsuk-tag--grey\">%s</strong>", T("indicator.thread.demo"));
      for(size_t k=0; k<t->nProject; k++){
        if( t->aProject[k].objectiveId!=o->id ) continue;
        html_printf(b, "<br>%s <a href=\"/projects/%lld\">%s</a>", T("project.project_word"), t->aProject[k].id, t->aProject[k].zTitle);
      }
      html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
  }
}

void page_unit_indicator(struct req *r){
  const struct unit *u = &r->rec.unit;
  bool bCluster = strcmp(u->zKind, "cluster")==0, bBoard = strcmp(u->zKind, "health_board")==0;
  struct indicator ind;
  if( (!bCluster && !bBoard) || !indicator_get_by_code(r->db, r->azParam[1], &ind) ){ page_not_found(r); return; }
  struct indicator_areas A;
  if( !indicator_areas_load(r->db, r->zToday, &A) ){ page_error(r, 500, "indicator.page.load_failed_title", "indicator.page.load_failed_body"); return; }
  const struct indicator_area *pArea = indicator_areas_find(&A, u->id);
  long long hbId = pArea ? pArea->healthBoardId : 0;
  const struct indicator_area *pBoard = indicator_areas_find(&A, hbId);
  char zUnit[64];
  struct chart_ind_format f = format_of(r, &ind, zUnit, sizeof zUnit);
  struct period_list P = {0};
  indicator_periods(r->db, ind.id, collect_period, &P);
  /* The period of the bars: ?period= (one the indicator has), else the latest. */
  const char *zAsked = period_asked(r);
  if( zAsked[0] && !period_in(&P, zAsked) ){
    free(P.a);
    indicator_areas_free(&A);
    page_not_found(r);
    return;
  }
  const char *zLatest = zAsked[0] ? zAsked : P.n ? P.a[P.n-1] : "";
  struct stat_set S = {0};
  if( P.n ) indicator_stats_in_period(r->db, &ind, zLatest, 0, collect_stat, &S);

  /* What the page shows, read before it is written, so that the
  ** demonstration callout can come first. */
  bool bDemo = false;
  struct chart_ind_trend_point *aPt = xcalloc(P.n ? P.n : 1, sizeof *aPt);
  if( bCluster ){
    for(size_t i=0; i<P.n; i++){
      struct indicator_compared c;
      indicator_compare_unit(r->db, &ind, u->id, P.a[i], 0, r->zToday, &c);
      if( c.area.bDemo || c.wales.bDemo ) bDemo = true;
      aPt[i].zPeriod = P.a[i];
      aPt[i].v = value_of(&c.area);
      aPt[i].cmp = cmp_of(c.vsWales95);
      aPt[i].wales = c.wales.bValue ? c.wales.value : NAN;
    }
  }
  const struct indicator_area *pWales = wales_of(&A);
  for(size_t i=0; i<S.n; i++){
    const struct indicator_area *a = indicator_areas_find(&A, S.aId[i]);
    if( a && S.a[i].bDemo && (a==pWales || a->healthBoardId==hbId) ) bDemo = true;
  }
  /* What this indicator was evidence for in the unit's needs assessments
  ** and plans. */
  struct indicator_thread thread;
  if( !indicator_thread_load(r->db, ind.id, u->id, &thread) ) memset(&thread, 0, sizeof thread);
  for(size_t i=0; i<thread.nFinding; i++) if( thread.aFinding[i].bDemo ) bDemo = true;
  for(size_t i=0; i<thread.nObjective; i++) if( thread.aObjective[i].bDemo ) bDemo = true;

  const char *zName = unit_display_name(u, r->lang);
  char zHref[100], zProfile[120];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zProfile, sizeof zProfile, "/units/%s/profile", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, zName}, {zProfile, T("indicator.page.profile_title")}};
  page_begin(r, indicator_name(&ind, r->lang), aCrumb, bCluster ? 3 : 2);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", zName, indicator_name(&ind, r->lang));
  if( bDemo ) demo_callout(r);
  bool bDemo2 = false;
  if( P.n>1 ){
    char zSelf[160];
    snprintf(zSelf, sizeof zSelf, "/units/%s/indicators/%s", u->zSlug, ind.zCode);
    period_form(r, zSelf, &P, zLatest, false, false);
  }
  if( P.n==0 ){
    html_printf(b, "<p>%s</p>\n", T("indicator.page.no_values"));
  }else if( bBoard ){
    board_bars(r, &ind, &A, &S, u->id, 0, zLatest, &f, &bDemo2);
  }else{
    /* The cluster's trend against Wales, period by period. */
    struct chart_ind_trend t = { r->lang, "trend", indicator_name(&ind, r->lang), zName, f, polarity_of(&ind),
                                 P.n, aPt, 0, 0 };
    html_printf(b, "<h2 id=\"trend-heading\">%s</h2>\n<p id=\"trend-description\">", T("indicator.page.trend_heading"));
    chart_ind_trend_describe(b, &t);
    html_printf(b, "</p>\n<figure class=\"cc-ichart cc-ichart--plot\" id=\"trend-chart\">\n");
    page_scroll_begin(r, "trend-title");
    chart_ind_trend_svg(b, &t);
    page_scroll_end(r);
    html_printf(b, "</figure>\n");
    chart_ind_trend_table(b, &t);
    if( pBoard ) board_bars(r, &ind, &A, &S, pBoard->id, u->id, zLatest, &f, &bDemo2);
  }
  free(aPt);
  thread_section(r, &ind, u, &thread);
  eval_used_in(r, 0, ind.id, u->id);
  html_printf(b, "<h2 id=\"about-heading\">%s</h2>\n", T("indicator.page.about_heading"));
  nhsuk_summary_begin(b, "indicator-about");
  nhsuk_summary_row(b, T("indicator.page.numerator"), r->lang==LANG_CY ? ind.zNumeratorCy : ind.zNumeratorEn, false);
  if( ind.zDenominatorEn[0] ) nhsuk_summary_row(b, T("indicator.page.denominator"), r->lang==LANG_CY ? ind.zDenominatorCy : ind.zDenominatorEn, false);
  char zKey[64];
  snprintf(zKey, sizeof zKey, "indicator.kind.%s", indicator_kind_code(ind.kind));
  nhsuk_summary_row(b, T("indicator.page.kind"), i18n_get(r->lang, zKey), false);
  snprintf(zKey, sizeof zKey, "indicator.polarity.%s", indicator_polarity_code(ind.polarity));
  nhsuk_summary_row(b, T("indicator.page.polarity"), i18n_get(r->lang, zKey), false);
  nhsuk_summary_row(b, T("indicator.page.source"), ind.zSource, false);
  nhsuk_summary_end(b);
  html_printf(b, "<ul class=\"nhsuk-list\">\n");
  if( bCluster ) html_printf(b, "<li><a href=\"%s\">%s</a></li>\n", zProfile, T("indicator.page.back_profile"));
  if( bCluster && pBoard ){
    struct unit hb;
    if( unit_get_visible(r->db, &r->user, pBoard->zSlug, r->zToday, &hb) ){
      html_printf(b, "<li><a href=\"/units/%s/indicators/%s\">", pBoard->zSlug, ind.zCode);
      html_printf_t(b, TF("indicator.page.board_link"), area_name(r, pBoard));
      html_printf(b, "</a></li>\n");
    }
  }
  if( (ind.kind==INDICATOR_PROPORTION || ind.kind==INDICATOR_ISR) && zAsked[0] ){
    html_printf(b, "<li><a href=\"/indicators/%s/funnel?period=%s\">%s</a></li>\n", ind.zCode, zAsked, T("indicator.page.funnel_link"));
  }else if( ind.kind==INDICATOR_PROPORTION || ind.kind==INDICATOR_ISR ){
    html_printf(b, "<li><a href=\"/indicators/%s/funnel\">%s</a></li>\n", ind.zCode, T("indicator.page.funnel_link"));
  }
  html_printf(b, "<li><a href=\"/indicators\">%s</a></li>\n</ul>\n", T("indicator.page.catalogue_link"));
  page_end(r);
  indicator_thread_free(&thread);
  stat_set_free(&S);
  free(P.a);
  indicator_areas_free(&A);
}

/* ---- the funnel plot ------------------------------------------------------------ */

/* /indicators/{code}/funnel: every cluster's proportion or ratio in a
** period (?period=, else the latest; a period the indicator lacks is not
** found), with ?adjust=1 the limits widened for overdispersion
** (Spiegelhalter's method, src/stats/indicators.h: the chart says when
** they are and by how much). */
void page_indicator_funnel(struct req *r){
  struct indicator ind;
  if( !indicator_get_by_code(r->db, r->azParam[0], &ind)
   || (ind.kind!=INDICATOR_PROPORTION && ind.kind!=INDICATOR_ISR) ){ page_not_found(r); return; }
  struct period_list P = {0};
  indicator_periods(r->db, ind.id, collect_period, &P);
  const char *zAsked = period_asked(r);
  if( zAsked[0] && !period_in(&P, zAsked) ){ free(P.a); page_not_found(r); return; }
  bool bAdjust = req_query_int(r, "adjust", 0)==1;
  struct indicator_areas A;
  if( !indicator_areas_load(r->db, r->zToday, &A) ){ free(P.a); page_error(r, 500, "indicator.page.load_failed_title", "indicator.page.load_failed_body"); return; }
  char zUnit[64];
  struct chart_ind_format f = format_of(r, &ind, zUnit, sizeof zUnit);
  char zPeriod[INDICATOR_PERIOD_MAX] = "";
  text_copy(zPeriod, sizeof zPeriod, zAsked[0] ? zAsked : P.n ? P.a[P.n-1] : "");
  struct stat_set S = {0};
  if( zPeriod[0] ) indicator_stats_in_period(r->db, &ind, zPeriod, 0, collect_stat, &S);
  bool bRatio = ind.kind==INDICATOR_ISR;
  /* The reader's own clusters, highlighted: those in their scope (not
  ** all of Wales). */
  bool bAll = r->user.role==ROLE_ADMIN || r->user.role==ROLE_NATIONAL;
  struct chart_ind_funnel_area *aF = xcalloc(A.n ? A.n : 1, sizeof *aF);
  size_t n = 0;
  bool bDemo = false;
  for(size_t i=0; i<A.n; i++){
    const struct indicator_area *a = &A.a[i];
    if( a->kind!=INDICATOR_AREA_CLUSTER ) continue;
    const struct indicator_stat *st = stat_find(&S, a->id);
    if( !st ) continue;
    if( st->bDemo ) bDemo = true;
    aF[n].zName = area_name(r, a);
    aF[n].numerator = st->numerator;
    aF[n].denominator = bRatio ? st->expected : st->denominator;
    aF[n].gap = st->bValue && isfinite(aF[n].denominator) && aF[n].denominator>0 ? CHART_IND_GAP_NONE
              : st->bSuppressed ? CHART_IND_GAP_SUPPRESSED : CHART_IND_GAP_NO_DATA;
    aF[n].bHighlight = !bAll && access_is_within(r->db, a->id, r->user.scopeUnitId, r->zToday);
    n++;
  }
  double per = ind.multiplier;
  struct chart_ind_funnel c = { r->lang, "funnel", indicator_name(&ind, r->lang), zPeriod,
                                bRatio ? CHART_IND_FUNNEL_RATIO : CHART_IND_FUNNEL_PROPORTION, per, f,
                                polarity_of(&ind), false, 0, bRatio ? T("indicator.page.expected") : 0,
                                n, aF, 0, 0, bAdjust };
  page_begin(r, T("indicator.page.funnel_title"), (struct crumb[]){{"/", T("home.title")}, {"/indicators", T("indicator.page.catalogue_title")}}, 2);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", indicator_name(&ind, r->lang), T("indicator.page.funnel_title"));
  if( bDemo ) demo_callout(r);
  if( n==0 ){
    html_printf(b, "<p>%s</p>\n", T("indicator.page.no_values"));
  }else{
    html_printf(b, "<p>");
    html_printf_t(b, TF("indicator.page.funnel_intro"), zPeriod);
    html_printf(b, "</p>\n");
    char zSelf[120];
    snprintf(zSelf, sizeof zSelf, "/indicators/%s/funnel", ind.zCode);
    period_form(r, zSelf, &P, zPeriod, true, bAdjust);
    struct ind_overdispersion od;
    bool bAdjusted = bAdjust && chart_ind_funnel_overdispersion(&c, &od);
    html_printf(b, "<p class=\"nhsuk-body-s\" id=\"funnel-limits-note\">%s</p>\n",
                T(bAdjusted ? "indicator.page.limits_adjusted" : bAdjust ? "indicator.page.limits_not_overdispersed"
                            : "indicator.page.limits_plain"));
    if( !bAll ) html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n", T("indicator.page.funnel_yours"));
    html_printf(b, "<p id=\"funnel-description\">");
    chart_ind_funnel_describe(b, &c);
    html_printf(b, "</p>\n<figure class=\"cc-ichart cc-ichart--plot\" id=\"funnel-chart\">\n");
    page_scroll_begin(r, "funnel-title");
    chart_ind_funnel_svg(b, &c);
    page_scroll_end(r);
    html_printf(b, "</figure>\n");
    /* The clusters outside the 95% limits, as the chart draws them. */
    bool *abOut = xcalloc(n, sizeof *abOut);
    size_t nOut = chart_ind_funnel_outliers(&c, abOut);
    html_printf(b, "<h2 id=\"outliers-heading\">%s</h2>\n", T("indicator.page.outliers_heading"));
    if( nOut ) chart_ind_funnel_table_some(b, &c, abOut, "outliers");
    else{
      html_printf(b, "<p>"); html_printf_t(b, TF("indicator.page.no_outliers")); html_printf(b, "</p>\n");
    }
    free(abOut);
    nhsuk_details_begin(b, T("indicator.page.all_clusters"), false);
    chart_ind_funnel_table(b, &c);
    nhsuk_details_end(b);
  }
  html_printf(b, "<p><a href=\"/indicators\">%s</a></p>\n", T("indicator.page.catalogue_link"));
  page_end(r);
  free(aF);
  free(P.a);
  stat_set_free(&S);
  indicator_areas_free(&A);
}

/* ---- the catalogue ------------------------------------------------------------------ */

void page_indicators(struct req *r){
  struct ind_list L = {0};
  indicator_list(r->db, collect_indicator, &L);
  page_begin(r, T("indicator.page.catalogue_title"), (struct crumb[]){{"/", T("home.title")}}, 1);
  struct buf *b = &r->body;
  bool bManage = indicator_can_manage(&r->user);
  if( bManage && req_query_int(r, "saved", 0)==1 ){
    nhsuk_success_banner(b, T("banner.success"), T("indicator.form.saved"));
  }
  long long nImported = bManage ? req_query_int(r, "imported", 0) : 0;
  if( nImported>0 ){
    char zDone[300];
    long long nLeft = req_query_int(r, "left_out", 0);
    if( nLeft>0 ) snprintf(zDone, sizeof zDone, T("indicator.import.done_left_out"), nImported, nLeft);
    else snprintf(zDone, sizeof zDone, T("indicator.import.done"), nImported);
    nhsuk_success_banner(b, T("banner.success"), zDone);
  }
  html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", T("indicator.page.catalogue_title"), T("indicator.page.catalogue_intro"));
  if( bManage ){
    html_printf(b, "<ul class=\"nhsuk-list\" id=\"catalogue-manage\">\n<li><a href=\"/indicators/new\">%s</a></li>\n"
                "<li><a href=\"/indicators/import\">%s</a></li>\n</ul>\n", T("indicator.form.new_title"), T("indicator.import.title"));
  }
  struct unit scope;
  bool bScope = unit_get_visible(r->db, &r->user, r->user.zScopeSlug, r->zToday, &scope)
             && (strcmp(scope.zKind, "cluster")==0 || strcmp(scope.zKind, "health_board")==0);
  if( bScope && strcmp(scope.zKind, "cluster")==0 ){
    html_printf(b, "<p><a href=\"/units/%s/profile\">", scope.zSlug);
    html_printf_t(b, TF("indicator.page.your_profile"), unit_display_name(&scope, r->lang));
    html_printf(b, "</a></p>\n");
  }
  if( L.n==0 ) html_printf(b, "<p>%s</p>\n", T("indicator.page.catalogue_empty"));
  for(size_t i=0; i<L.n; i++){
    const struct indicator *ind = &L.a[i];
    html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"ind-%s\">%s</h2>\n", ind->zCode, indicator_name(ind, r->lang));
    char zId[64];
    snprintf(zId, sizeof zId, "about-%s", ind->zCode);
    nhsuk_summary_begin(b, zId);
    nhsuk_summary_row(b, T("indicator.page.numerator"), r->lang==LANG_CY ? ind->zNumeratorCy : ind->zNumeratorEn, false);
    if( ind->zDenominatorEn[0] ){
      nhsuk_summary_row(b, T("indicator.page.denominator"), r->lang==LANG_CY ? ind->zDenominatorCy : ind->zDenominatorEn, false);
    }
    char zKey[64];
    snprintf(zKey, sizeof zKey, "indicator.kind.%s", indicator_kind_code(ind->kind));
    nhsuk_summary_row(b, T("indicator.page.kind"), i18n_get(r->lang, zKey), false);
    char zUnit[64];
    struct chart_ind_format f = format_of(r, ind, zUnit, sizeof zUnit);
    if( f.bPercent ) nhsuk_summary_row(b, T("indicator.page.scale"), T("indicator.page.percent"), false);
    else if( f.zUnit ) nhsuk_summary_row(b, T("indicator.page.scale"), f.zUnit, false);
    snprintf(zKey, sizeof zKey, "indicator.polarity.%s", indicator_polarity_code(ind->polarity));
    nhsuk_summary_row(b, T("indicator.page.polarity"), i18n_get(r->lang, zKey), false);
    snprintf(zKey, sizeof zKey, "indicator.period_type.%s", indicator_period_type_code(ind->periodType));
    nhsuk_summary_row(b, T("indicator.page.period_type"), i18n_get(r->lang, zKey), false);
    char zAges[120];
    if( ind->ageFrom<=0 && ind->ageTo<0 ) snprintf(zAges, sizeof zAges, "%s", T("indicator.page.ages_all"));
    else if( ind->ageTo<0 ) snprintf(zAges, sizeof zAges, T("indicator.page.ages_from"), ind->ageFrom);
    else snprintf(zAges, sizeof zAges, T("indicator.page.ages_range"), ind->ageFrom, ind->ageTo-1);
    nhsuk_summary_row(b, T("indicator.page.ages"), zAges, false);
    nhsuk_summary_row(b, T("indicator.page.source"), ind->zSource, false);
    nhsuk_summary_row(b, T("indicator.page.code"), ind->zCode, false);
    nhsuk_summary_end(b);
    html_printf(b, "<ul class=\"nhsuk-list\">\n");
    if( bScope ){
      html_printf(b, "<li><a href=\"/units/%s/indicators/%s\">", scope.zSlug, ind->zCode);
      html_printf_t(b, TF("indicator.page.for_unit"), unit_display_name(&scope, r->lang));
      html_printf(b, "<span class=\"nhsuk-u-visually-hidden\">: %s</span></a></li>\n", indicator_name(ind, r->lang));
    }
    if( ind->kind==INDICATOR_PROPORTION || ind->kind==INDICATOR_ISR ){
      html_printf(b, "<li><a href=\"/indicators/%s/funnel\">%s<span class=\"nhsuk-u-visually-hidden\">: %s</span></a></li>\n",
                  ind->zCode, T("indicator.page.funnel_link"), indicator_name(ind, r->lang));
    }
    if( bManage ){
      html_printf(b, "<li><a href=\"/indicators/%s/edit\">%s<span class=\"nhsuk-u-visually-hidden\">: %s</span></a></li>\n",
                  ind->zCode, T("indicator.form.edit_link"), indicator_name(ind, r->lang));
    }
    html_printf(b, "</ul>\n");
  }
  page_end(r);
  free(L.a);
}
