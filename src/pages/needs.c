/* Needs assessment pages (issue 12, src/domain/needs.h):
**
**   /units/{slug}/needs                 a unit's assessments by year; start one
**   /needs/{id}                         an assessment: its summary, then the six
**                                       sources as sections in the seed's order,
**                                       each with its evidence and findings (What /
**                                       So what / Now what); the cluster profile
**                                       section reads live the indicators
**                                       significantly worse than Wales
**   /needs/{id}/edit                    its summary
**   /needs/{id}/evidence/new, /needs/{id}/evidence/{item}/edit, .../delete
**   /needs/{id}/findings/new, /needs/{id}/findings/{item}/edit, .../delete
**
** The priorities drawn from an assessment are in priorities.c. Reads:
** whoever may read the unit (REC_UNIT, REC_NEEDS); writes through the
** domain, which checks again (needs_can_write). Forms that refuse what was
** typed are drawn again with the error summary and what was typed.
** Demonstration data (an assessment marked demo, or indicator values
** that are) has the warning callout the indicator pages use. */
#include "pages/pages.h"
#include "domain/indicator.h"
#include "domain/needs.h"
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

static const char *const azSourceKey[NEEDS_SOURCES] = {
  "needs.source.rpb_pna", "needs.source.psb_wellbeing", "needs.source.phw",
  "needs.source.cluster_profile", "needs.source.local", "needs.source.views",
};
static const char *const azSourceHint[NEEDS_SOURCES] = {
  "needs.source.rpb_pna_hint", "needs.source.psb_wellbeing_hint", "needs.source.phw_hint",
  "needs.source.cluster_profile_hint", "needs.source.local_hint", "needs.source.views_hint",
};

const char *needs_source_key(const char *zSource){
  int i = needs_source_index(zSource);
  return azSourceKey[i<0 ? 0 : i];
}

void needs_demo_callout(struct req *r){
  nhsuk_warning_callout_begin(&r->body, 2, T("indicator.page.demo_heading"));
  html_printf(&r->body, "<p>%s</p>", T("needs.demo_text"));
  nhsuk_warning_callout_end(&r->body);
}

const char *needs_unit_name(struct req *r, const struct needs_assessment *a){
  return unit_name_in(r->lang, a->zUnitName, a->zUnitNameCy);
}

/* Crumbs down to an assessment: home, its unit, the unit's assessments,
** and (bSelf) the assessment. */
int needs_crumbs(struct req *r, const struct needs_assessment *a, bool bSelf, struct crumb *aCrumb,
                 char zUnit[100], char zList[110], char zSelf[40]){
  int n = 0;
  snprintf(zUnit, 100, "/units/%s", a->zUnitSlug);
  snprintf(zList, 110, "/units/%s/needs", a->zUnitSlug);
  snprintf(zSelf, 40, "/needs/%lld", a->id);
  aCrumb[n++] = (struct crumb){"/", T("home.title")};
  aCrumb[n++] = (struct crumb){zUnit, needs_unit_name(r, a)};
  aCrumb[n++] = (struct crumb){zList, T("needs.list_title")};
  if( bSelf ) aCrumb[n++] = (struct crumb){zSelf, a->zYear};
  return n;
}

/* ---- GET/POST /units/{slug}/needs ------------------------------------------- */

struct year_row { long long id; char zYear[NEEDS_YEAR_MAX]; bool bDemo; };
struct year_list { struct year_row a[64]; int n; };
static void year_collect(void *pCtx, const struct needs_assessment *a){
  struct year_list *l = pCtx;
  if( l->n<64 ){
    l->a[l->n].id = a->id;
    text_copy(l->a[l->n].zYear, NEEDS_YEAR_MAX, a->zYear);
    l->a[l->n].bDemo = a->bDemo;
    l->n++;
  }
}

static void needs_list_page(struct req *r, const struct field_errors *e, const char *zYearTyped){
  const struct unit *u = &r->rec.unit;
  struct year_list *l = xcalloc(1, sizeof *l);
  needs_list(r->db, u->id, year_collect, l);
  bool bDemo = false;
  for(int i=0; i<l->n; i++) if( l->a[i].bDemo ) bDemo = true;
  if( e && e->n ){
    char zHref[100];
    snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
    struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}};
    page_begin_form(r, T("needs.list_title"), aCrumb, 2, e);
    html_printf(&r->body, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"needs-heading\">%s</h1>\n",
                unit_display_name(u, r->lang), T("needs.list_title"));
    form_error_summary(r, e);
  }else{
    page_unit_begin(r, u, T("needs.list_title"), "needs-heading");
  }
  struct buf *b = &r->body;
  if( bDemo ) needs_demo_callout(r);
  html_printf(b, "<p>%s</p>\n", T("needs.list_intro"));
  if( l->n==0 ){
    html_printf(b, "<p id=\"needs-empty\">%s</p>\n", T("needs.list_none"));
  }else{
    html_printf(b, "<ul class=\"nhsuk-list\" id=\"needs-years\">\n");
    for(int i=0; i<l->n; i++){
      html_printf(b, "<li><a href=\"/needs/%lld\">", l->a[i].id);
      html_printf_t(b, TF("needs.title_year"), l->a[i].zYear);
      html_printf(b, "</a>");
      if( l->a[i].bDemo ){ html_printf(b, " "); nhsuk_tag(b, "yellow", T("needs.demo_tag")); }
      html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
  }
  if( needs_can_write(r->db, &r->user, u->id, r->zToday) ){
    /* The next year, the current one and the two before, less those
    ** taken (but for a taken one just typed, kept to show the error). */
    char zNow[NEEDS_YEAR_MAX], azOpt[4][NEEDS_YEAR_MAX];
    needs_year_of(r->zToday, zNow);
    int nOpt = 0;
    for(int d=1; d>=-2; d--){
      char zY[NEEDS_YEAR_MAX];
      needs_year_add(zNow, d, zY);
      bool bTaken = false;
      for(int i=0; i<l->n; i++) if( strcmp(l->a[i].zYear, zY)==0 ) bTaken = true;
      if( bTaken && !(zYearTyped && strcmp(zY, zYearTyped)==0) ) continue;
      text_copy(azOpt[nOpt++], NEEDS_YEAR_MAX, zY);
    }
    const char *zSel = 0;
    for(int i=0; i<nOpt; i++) if( zYearTyped && strcmp(azOpt[i], zYearTyped)==0 ) zSel = azOpt[i];
    for(int i=0; !zSel && i<nOpt; i++) if( strcmp(azOpt[i], zNow)==0 ) zSel = azOpt[i];
    if( !zSel && nOpt ) zSel = azOpt[0];
    if( nOpt ){
      html_printf(b, "<h2 id=\"start-heading\">%s</h2>\n", T("needs.start"));
      html_printf(b, "<form method=\"post\" action=\"/units/%s/needs\" novalidate>\n", u->zSlug);
      form_csrf(r);
      form_select_begin(r, e, "year", "needs.year", "needs.year_hint");
      for(int i=0; i<nOpt; i++){
        html_printf(b, "<option value=\"%s\"%s>%s</option>\n", azOpt[i], azOpt[i]==zSel ? " selected" : "", azOpt[i]);
      }
      form_select_end(r);
      html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\" id=\"start-needs\">%s</button>\n</form>\n", T("needs.start"));
    }
  }
  free(l);
  page_end(r);
}

void page_needs_list(struct req *r){
  if( !needs_unit_kind_ok(r->rec.unit.zKind) ){ page_not_found(r); return; }
  needs_list_page(r, 0, 0);
}

void page_needs_create(struct req *r){
  if( !needs_unit_kind_ok(r->rec.unit.zKind) ){ page_not_found(r); return; }
  struct field_errors e = {0};
  const char *zYear = req_form(r, "year");
  long long id = needs_create(r->db, &r->user, r->rec.unit.id, zYear ? zYear : "", "", r->zToday, &e);
  if( form_result(r, id, "/needs/%lld", id) ) needs_list_page(r, &e, zYear);
}

/* ---- GET /needs/{id} ------------------------------------------------------------ */

struct ev_list { struct needs_evidence *a; int n, nAlloc; };
static void ev_collect(void *pCtx, const struct needs_evidence *p){
  struct ev_list *l = pCtx;
  if( l->n==l->nAlloc ){ l->nAlloc = l->nAlloc ? 2*l->nAlloc : 8; l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof *l->a); }
  l->a[l->n++] = *p;
}
struct fi_list { struct needs_finding *a; int n, nAlloc; };
static void fi_collect(void *pCtx, const struct needs_finding *p){
  struct fi_list *l = pCtx;
  if( l->n==l->nAlloc ){ l->nAlloc = l->nAlloc ? 2*l->nAlloc : 8; l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof *l->a); }
  l->a[l->n++] = *p;
}
struct worse_list { struct needs_worse *a; struct indicator *aInd; int n, nAlloc; };
static void worse_collect(void *pCtx, const struct needs_worse *w){
  struct worse_list *l = pCtx;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 8;
    l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof *l->a);
    l->aInd = xrealloc(l->aInd, (size_t)l->nAlloc*sizeof *l->aInd);
  }
  l->a[l->n] = *w;
  l->aInd[l->n] = *w->ind;
  l->n++;
}

/* The text of a catalogue entry that holds a per cent sign (written "%%"
** there, as every entry's), for a place that takes text. */
static const char *text_pct(struct req *r, const char *zKey, char *z, size_t n){
  const char *p = T(zKey);
  size_t j = 0;
  for(; *p && j+1<n; p++){
    z[j++] = *p;
    if( p[0]=='%' && p[1]=='%' ) p++;
  }
  z[j] = 0;
  return z;
}

/* An indicator's value as people read it: "12.3%", "45.6". */
static struct chart_ind_format fmt_of(const struct indicator *ind){
  struct chart_ind_format f = { 1, false, 0 };
  if( ind->kind==INDICATOR_COUNT ) f.nDec = 0;
  if( ind->kind==INDICATOR_PROPORTION && ind->multiplier==100 ) f.bPercent = true;
  return f;
}
void needs_value_text(struct req *r, const struct indicator *ind, const struct indicator_stat *s, char *z, size_t n){
  struct chart_ind_format f = fmt_of(ind);
  if( !s->bValue ){ snprintf(z, n, "–"); return; }
  char zV[48], zL[48], zU[48];
  chart_ind_number(zV, sizeof zV, s->value, &f);
  if( isfinite(s->lower95) && isfinite(s->upper95) ){
    chart_ind_number(zL, sizeof zL, s->lower95, &f);
    chart_ind_number(zU, sizeof zU, s->upper95, &f);
    snprintf(z, n, T("needs.value_interval"), zV, zL, zU);
  }else{
    snprintf(z, n, "%s", zV);
  }
}

static void worse_section(struct req *r, const struct needs_assessment *a, const struct worse_list *w){
  struct buf *b = &r->body;
  html_printf(b, "<h3 id=\"worse-heading\">%s</h3>\n", T("needs.worse_heading"));
  if( w->n==0 ){
    html_printf(b, "<p id=\"worse-none\">%s</p>\n", T("needs.worse_none"));
    return;
  }
  html_printf(b, "<p>");
  html_printf_t(b, TF("needs.worse_intro"));
  html_printf(b, "</p>\n");
  nhsuk_rtable_begin(b, "nhsuk-table--compact nhsuk-u-font-size-16", "worse-table", T("needs.worse_heading"));
  nhsuk_rtable_header(b, T("needs.col_indicator"), false);
  nhsuk_rtable_header(b, T("needs.col_period"), false);
  char zColValue[120];
  text_pct(r, "needs.col_value", zColValue, sizeof zColValue);
  nhsuk_rtable_header(b, zColValue, false);
  nhsuk_rtable_header(b, T("needs.col_wales"), false);
  nhsuk_rtable_header(b, T("needs.col_significance"), false);
  nhsuk_rtable_header(b, T("needs.col_board"), false);
  nhsuk_rtable_header(b, T("needs.col_finding"), false);
  nhsuk_table_body(b);
  for(int i=0; i<w->n; i++){
    const struct needs_worse *x = &w->a[i];
    const struct indicator *ind = &w->aInd[i];
    char zV[160], zW[160], zB[160];
    needs_value_text(r, ind, &x->cmp.area, zV, sizeof zV);
    needs_value_text(r, ind, &x->cmp.wales, zW, sizeof zW);
    needs_value_text(r, ind, &x->cmp.healthBoard, zB, sizeof zB);
    nhsuk_rtable_row_begin(b, 0, 0);
    nhsuk_rtable_cell_begin(b, 0, T("needs.col_indicator"));
    html_printf(b, "<a href=\"/units/%s/indicators/%s\">%s</a>", a->zUnitSlug, ind->zCode, indicator_name(ind, r->lang));
    nhsuk_rtable_cell_end(b);
    nhsuk_rtable_cell(b, T("needs.col_period"), x->zPeriod);
    nhsuk_rtable_cell(b, zColValue, zV);
    nhsuk_rtable_cell(b, T("needs.col_wales"), zW);
    nhsuk_rtable_cell_begin(b, 0, T("needs.col_significance"));
    char zTag[80];
    nhsuk_tag(b, "red", text_pct(r, x->b99_8 ? "needs.worse_99_8" : "needs.worse_95", zTag, sizeof zTag));
    nhsuk_rtable_cell_end(b);
    nhsuk_rtable_cell_begin(b, 0, T("needs.col_board"));
    html_printf(b, "%s", zB);
    if( x->bWorseThanBoard ) html_printf(b, "<br><strong>%s</strong>", T("needs.worse_than_board"));
    nhsuk_rtable_cell_end(b);
    nhsuk_rtable_cell_begin(b, 0, T("needs.col_finding"));
    if( x->findingId ){
      html_printf(b, "<a href=\"#finding-%lld\">%s</a>", x->findingId, T("needs.finding_recorded"));
    }else if( a->bCanWrite ){
      html_printf(b, "<a class=\"nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0\" id=\"record-%s\""
                     " href=\"/needs/%lld/findings/new?indicator=%lld&amp;period=", ind->zCode, a->id, ind->id);
      html_urlpart(b, x->zPeriod);
      html_printf(b, "\">%s<span class=\"nhsuk-u-visually-hidden\">: %s</span></a>", T("needs.record_finding"),
                  indicator_name(ind, r->lang));
    }else{
      html_printf(b, "%s", T("needs.finding_none"));
    }
    nhsuk_rtable_cell_end(b);
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
}

/* A finding's summary list: what, so what, now what, and the indicator
** and evidence it rests on. bOtherPage: drawn away from the assessment,
** so the evidence link names its page. */
void needs_finding_summary(struct req *r, const struct needs_assessment *a, const struct needs_finding *f,
                           bool bOtherPage){
  struct buf *b = &r->body;
  nhsuk_summary_begin(b, 0);
  nhsuk_summary_row(b, T("needs.what"), f->zWhat, true);
  if( f->zSoWhat[0] ) nhsuk_summary_row(b, T("needs.so_what"), f->zSoWhat, true);
  if( f->zNowWhat[0] ) nhsuk_summary_row(b, T("needs.now_what"), f->zNowWhat, true);
  if( f->indicatorId ){
    nhsuk_summary_row_begin(b, T("needs.rests_on_indicator"), 0);
    html_printf(b, "<a href=\"/units/%s/indicators/%s\">%s</a> (%s)", a->zUnitSlug, f->zIndicatorCode,
                r->lang==LANG_CY && f->zIndicatorNameCy[0] ? f->zIndicatorNameCy : f->zIndicatorNameEn, f->zPeriod);
    nhsuk_summary_row_end(b);
  }
  if( f->evidenceId ){
    nhsuk_summary_row_begin(b, T("needs.rests_on_evidence"), 0);
    if( bOtherPage ) html_printf(b, "<a href=\"/needs/%lld#evidence-%lld\">%s</a>", a->id, f->evidenceId, f->zEvidenceTitle);
    else html_printf(b, "<a href=\"#evidence-%lld\">%s</a>", f->evidenceId, f->zEvidenceTitle);
    nhsuk_summary_row_end(b);
  }
  nhsuk_summary_end(b);
}

struct finding_priority_ctx { struct req *r; int n; };
static void finding_priority(void *pCtx, long long id, const char *zTitle){
  struct finding_priority_ctx *c = pCtx;
  html_printf(&c->r->body, "%s<a href=\"/priorities/%lld\">%s</a>", c->n++ ? "; " : "", id, zTitle);
}

static void finding_card(struct req *r, const struct needs_assessment *a, const struct needs_finding *f){
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-card\" id=\"finding-%lld\"><div class=\"nhsuk-card__content\">\n", f->id);
  html_printf(b, "<h4 class=\"nhsuk-card__heading\">%s</h4>\n", T("needs.finding"));
  needs_finding_summary(r, a, f, false);
  if( f->nPriorities ){
    /* The thread forward: each priority made from it, a link. */
    struct finding_priority_ctx c = { r, 0 };
    html_printf(b, "<p class=\"nhsuk-body-s\" id=\"finding-%lld-priorities\">%s ", f->id, T("needs.finding_used"));
    needs_finding_priorities(r->db, f->id, finding_priority, &c);
    html_printf(b, "</p>\n");
  }
  if( a->bCanWrite ){
    html_printf(b, "<p class=\"nhsuk-u-margin-bottom-0\"><a href=\"/needs/%lld/findings/%lld/edit\">%s"
                   "<span class=\"nhsuk-u-visually-hidden\"> %s</span></a></p>\n",
                a->id, f->id, T("needs.change"), T("needs.finding"));
  }
  html_printf(b, "</div></div>\n");
}

void page_needs(struct req *r){
  struct needs_assessment *a = r->rec.pNeeds;
  struct ev_list ev = {0};
  struct fi_list fi = {0};
  struct worse_list w = {0};
  needs_evidence_list(r->db, a->id, ev_collect, &ev);
  needs_finding_list(r->db, a->id, fi_collect, &fi);
  bool bProfile = strcmp(a->zUnitKind, "cluster")==0;
  if( bProfile ) needs_worse_indicators(r->db, a->unitId, a->id, r->zToday, worse_collect, &w);
  bool bDemo = a->bDemo;
  for(int i=0; i<w.n; i++) if( w.a[i].cmp.area.bDemo || w.a[i].cmp.wales.bDemo ) bDemo = true;

  char zUnit[100], zList[110], zSelf[40], zTitle[120];
  struct crumb aCrumb[4];
  int nCrumb = needs_crumbs(r, a, false, aCrumb, zUnit, zList, zSelf);
  snprintf(zTitle, sizeof zTitle, T("needs.title_year"), a->zYear);
  page_begin(r, zTitle, aCrumb, nCrumb);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"needs-heading\">%s</h1>\n", needs_unit_name(r, a), zTitle);
  if( bDemo ) needs_demo_callout(r);
  html_printf(b, "<h2 id=\"summary-heading\">%s</h2>\n", T("needs.summary"));
  if( a->zSummary[0] ) html_printf(b, "<p class=\"cc-pre\" id=\"summary\">%s</p>\n", a->zSummary);
  else html_printf(b, "<p id=\"summary\">%s</p>\n", T("needs.summary_none"));
  if( a->bCanWrite ) html_printf(b, "<p><a href=\"/needs/%lld/edit\">%s</a></p>\n", a->id, T("needs.edit_summary"));
  html_printf(b, "<p><a class=\"nhsuk-button\" id=\"priorities-link\" href=\"/needs/%lld/priorities\">%s</a></p>\n",
              a->id, T("needs.priorities_link"));

  /* Contents: the six sources. */
  html_printf(b, "<nav class=\"nhsuk-contents-list\" aria-labelledby=\"contents-heading\">\n"
                 "<h2 class=\"nhsuk-u-visually-hidden\" id=\"contents-heading\">%s</h2>\n"
                 "<ol class=\"nhsuk-contents-list__list\">\n", T("needs.contents"));
  for(int s=0; s<NEEDS_SOURCES; s++){
    html_printf(b, "<li class=\"nhsuk-contents-list__item\"><a class=\"nhsuk-contents-list__link\" href=\"#source-%s\">%s</a></li>\n",
                needs_source_code[s], T(azSourceKey[s]));
  }
  html_printf(b, "</ol>\n</nav>\n");

  for(int s=0; s<NEEDS_SOURCES; s++){
    const char *zCode = needs_source_code[s];
    html_printf(b, "<section id=\"source-%s\" aria-labelledby=\"source-%s-heading\">\n", zCode, zCode);
    html_printf(b, "<h2 id=\"source-%s-heading\">%s</h2>\n<p class=\"nhsuk-body-s\">%s</p>\n", zCode, T(azSourceKey[s]),
                T(azSourceHint[s]));
    if( s==3 && bProfile ){
      worse_section(r, a, &w);
      html_printf(b, "<p><a href=\"/units/%s/profile\">%s</a></p>\n", a->zUnitSlug, T("needs.profile_link"));
    }
    html_printf(b, "<h3 id=\"evidence-%s-heading\">%s</h3>\n", zCode, T("needs.evidence"));
    int nEv = 0;
    for(int i=0; i<ev.n; i++){
      const struct needs_evidence *x = &ev.a[i];
      if( strcmp(x->zSource, zCode)!=0 ) continue;
      if( nEv++==0 ) html_printf(b, "<ul class=\"nhsuk-list\" id=\"evidence-%s\">\n", zCode);
      html_printf(b, "<li id=\"evidence-%lld\"><p class=\"nhsuk-u-margin-bottom-1\"><strong>", x->id);
      if( x->zUrl[0] ) html_printf(b, "<a href=\"%s\" rel=\"noopener\">%s</a>", x->zUrl, x->zTitle);
      else html_printf(b, "%s", x->zTitle);
      html_printf(b, "</strong></p>\n");
      if( x->zBody[0] ) html_printf(b, "<p class=\"cc-pre nhsuk-u-margin-bottom-1\">%s</p>\n", x->zBody);
      if( a->bCanWrite ){
        html_printf(b, "<p><a href=\"/needs/%lld/evidence/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a></p>\n",
                    a->id, x->id, T("needs.change"), x->zTitle);
      }
      html_printf(b, "</li>\n");
    }
    if( nEv ) html_printf(b, "</ul>\n");
    else html_printf(b, "<p>%s</p>\n", T("needs.evidence_none"));
    html_printf(b, "<h3 id=\"findings-%s-heading\">%s</h3>\n", zCode, T("needs.findings"));
    int nFi = 0;
    for(int i=0; i<fi.n; i++){
      if( strcmp(fi.a[i].zSource, zCode)!=0 ) continue;
      nFi++;
      finding_card(r, a, &fi.a[i]);
    }
    if( !nFi ) html_printf(b, "<p>%s</p>\n", T("needs.findings_none"));
    if( a->bCanWrite ){
      html_printf(b, "<div class=\"nhsuk-button-group\">"
                     "<a class=\"nhsuk-button nhsuk-button--secondary\" id=\"add-evidence-%s\" href=\"/needs/%lld/evidence/new?source=%s\">%s"
                     "<span class=\"nhsuk-u-visually-hidden\">: %s</span></a>\n", zCode, a->id, zCode, T("needs.add_evidence"), T(azSourceKey[s]));
      html_printf(b, "<a class=\"nhsuk-button nhsuk-button--secondary\" id=\"add-finding-%s\" href=\"/needs/%lld/findings/new?source=%s\">%s"
                     "<span class=\"nhsuk-u-visually-hidden\">: %s</span></a></div>\n", zCode, a->id, zCode, T("needs.add_finding"), T(azSourceKey[s]));
    }
    html_printf(b, "</section>\n");
  }
  page_end(r);
  free(ev.a);
  free(fi.a);
  free(w.a);
  free(w.aInd);
}

/* ---- the summary ------------------------------------------------------------------ */

static void summary_form(struct req *r, const char *zSummary, const struct field_errors *e){
  struct needs_assessment *a = r->rec.pNeeds;
  char zUnit[100], zList[110], zSelf[40];
  struct crumb aCrumb[4];
  int nCrumb = needs_crumbs(r, a, true, aCrumb, zUnit, zList, zSelf);
  char zCaption[300];
  snprintf(zCaption, sizeof zCaption, T("needs.caption"), needs_unit_name(r, a), a->zYear);
  page_form_begin(r, T("needs.edit_summary"), aCrumb, nCrumb, e, zCaption);
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/needs/%lld/edit\" novalidate>\n", a->id);
  form_csrf(r);
  form_textarea(r, e, "summary", "needs.summary", "needs.summary_hint", zSummary, 8);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("needs.save"));
  html_printf(b, "<p><a href=\"/needs/%lld\">%s</a></p>\n</form>\n</div></div>\n", a->id, T("needs.cancel"));
  page_end(r);
}

void page_needs_edit(struct req *r){ summary_form(r, r->rec.pNeeds->zSummary, 0); }

void page_needs_update(struct req *r){
  struct field_errors e = {0};
  const char *z = req_form(r, "summary");
  long long id = needs_update(r->db, &r->user, r->rec.pNeeds->id, z ? z : "", r->zToday, &e);
  if( form_result(r, id, "/needs/%lld", id) ) summary_form(r, z ? z : "", &e);
}

/* ---- evidence ---------------------------------------------------------------------- */

static void source_select(struct req *r, const struct field_errors *e, const char *zSource){
  form_select_begin(r, e, "source", "needs.source", 0);
  for(int s=0; s<NEEDS_SOURCES; s++){
    html_printf(&r->body, "<option value=\"%s\"%s>%s</option>\n", needs_source_code[s],
                zSource && strcmp(zSource, needs_source_code[s])==0 ? " selected" : "", T(azSourceKey[s]));
  }
  form_select_end(r);
}

static void evidence_form(struct req *r, long long evidenceId, const struct needs_evidence_input *in,
                          const struct field_errors *e){
  struct needs_assessment *a = r->rec.pNeeds;
  char zUnit[100], zList[110], zSelf[40];
  struct crumb aCrumb[4];
  int nCrumb = needs_crumbs(r, a, true, aCrumb, zUnit, zList, zSelf);
  char zCaption[300];
  snprintf(zCaption, sizeof zCaption, T("needs.caption"), needs_unit_name(r, a), a->zYear);
  page_form_begin(r, T(evidenceId ? "needs.edit_evidence" : "needs.add_evidence"), aCrumb, nCrumb, e, zCaption);
  struct buf *b = &r->body;
  if( evidenceId ) html_printf(b, "<form method=\"post\" action=\"/needs/%lld/evidence/%lld/edit\" novalidate>\n", a->id, evidenceId);
  else html_printf(b, "<form method=\"post\" action=\"/needs/%lld/evidence/new\" novalidate>\n", a->id);
  form_csrf(r);
  source_select(r, e, in->zSource);
  form_input(r, e, "title", "needs.evidence_title", "needs.evidence_title_hint", "text", in->zTitle, 0);
  form_textarea(r, e, "body", "needs.evidence_body", "needs.evidence_body_hint", in->zBody, 5);
  form_input(r, e, "url", "needs.evidence_url", "needs.evidence_url_hint", "text", in->zUrl, "url");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("needs.save"));
  if( evidenceId ){
    html_printf(b, "<form method=\"post\" action=\"/needs/%lld/evidence/%lld/delete\" novalidate>\n", a->id, evidenceId);
    form_csrf(r);
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\" id=\"evidence\">%s</button>\n</form>\n",
                T("needs.delete_evidence"));
  }
  html_printf(b, "<p><a href=\"/needs/%lld\">%s</a></p>\n</div></div>\n", a->id, T("needs.cancel"));
  page_end(r);
}

static void evidence_read(struct req *r, struct needs_evidence_input *in){
  in->zSource = req_form(r, "source");
  in->zTitle = req_form(r, "title");
  in->zBody = req_form(r, "body");
  in->zUrl = req_form(r, "url");
  if( !in->zSource ) in->zSource = "";
  if( !in->zTitle ) in->zTitle = "";
  if( !in->zBody ) in->zBody = "";
  if( !in->zUrl ) in->zUrl = "";
}

void page_needs_evidence_new(struct req *r){
  const char *zSource = req_query(r, "source");
  struct needs_evidence_input in = { needs_source_index(zSource)>=0 ? zSource : "", "", "", "" };
  evidence_form(r, 0, &in, 0);
}

void page_needs_evidence_create(struct req *r){
  struct needs_evidence_input in;
  evidence_read(r, &in);
  struct field_errors e = {0};
  long long id = needs_evidence_save(r->db, &r->user, r->rec.pNeeds->id, 0, &in, r->zToday, &e);
  if( form_result(r, id, "/needs/%lld#evidence-%lld", r->rec.pNeeds->id, id) ) evidence_form(r, 0, &in, &e);
}

void page_needs_evidence_edit(struct req *r){
  struct needs_evidence *x = xmalloc(sizeof *x);
  if( !needs_evidence_get(r->db, r->rec.pNeeds->id, r->aId[1], x) ){ free(x); page_not_found(r); return; }
  struct needs_evidence_input in = { x->zSource, x->zTitle, x->zBody, x->zUrl };
  evidence_form(r, x->id, &in, 0);
  free(x);
}

void page_needs_evidence_update(struct req *r){
  struct needs_evidence_input in;
  evidence_read(r, &in);
  struct field_errors e = {0};
  long long id = needs_evidence_save(r->db, &r->user, r->rec.pNeeds->id, r->aId[1], &in, r->zToday, &e);
  if( form_result(r, id, "/needs/%lld#evidence-%lld", r->rec.pNeeds->id, id) ) evidence_form(r, r->aId[1], &in, &e);
}

void page_needs_evidence_delete(struct req *r){
  struct field_errors e = {0};
  long long id = needs_evidence_delete(r->db, &r->user, r->rec.pNeeds->id, r->aId[1], r->zToday, &e);
  if( form_result(r, id, "/needs/%lld", r->rec.pNeeds->id) ){
    struct needs_evidence *x = xmalloc(sizeof *x);
    if( needs_evidence_get(r->db, r->rec.pNeeds->id, r->aId[1], x) ){
      struct needs_evidence_input in = { x->zSource, x->zTitle, x->zBody, x->zUrl };
      evidence_form(r, x->id, &in, &e);
    }else{
      page_not_found(r);
    }
    free(x);
  }
}

/* ---- findings ------------------------------------------------------------------------ */

struct finding_form {
  struct needs_finding_input in;
  char zWhat[1200];               /* the prefilled What of an indicator's finding */
};

static void finding_form(struct req *r, long long findingId, const struct needs_finding_input *in,
                         const struct field_errors *e){
  struct needs_assessment *a = r->rec.pNeeds;
  char zUnit[100], zList[110], zSelf[40];
  struct crumb aCrumb[4];
  int nCrumb = needs_crumbs(r, a, true, aCrumb, zUnit, zList, zSelf);
  char zCaption[300];
  snprintf(zCaption, sizeof zCaption, T("needs.caption"), needs_unit_name(r, a), a->zYear);
  page_form_begin(r, T(findingId ? "needs.edit_finding" : "needs.add_finding"), aCrumb, nCrumb, e, zCaption);
  struct buf *b = &r->body;
  if( findingId ) html_printf(b, "<form method=\"post\" action=\"/needs/%lld/findings/%lld/edit\" novalidate>\n", a->id, findingId);
  else html_printf(b, "<form method=\"post\" action=\"/needs/%lld/findings/new\" novalidate>\n", a->id);
  form_csrf(r);
  source_select(r, e, in->zSource);
  /* What it rests on: evidence of the assessment, or the indicator it was
  ** recorded from (kept as it came). */
  struct ev_list ev = {0};
  needs_evidence_list(r->db, a->id, ev_collect, &ev);
  form_select_begin(r, e, "evidence", "needs.finding_evidence", "needs.finding_evidence_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("needs.finding_evidence_none"));
  for(int i=0; i<ev.n; i++){
    char zId[24];
    snprintf(zId, sizeof zId, "%lld", ev.a[i].id);
    html_printf(b, "<option value=\"%lld\"%s>%s: %s</option>\n", ev.a[i].id,
                in->zEvidenceId && strcmp(in->zEvidenceId, zId)==0 ? " selected" : "",
                T(needs_source_key(ev.a[i].zSource)), ev.a[i].zTitle);
  }
  form_select_end(r);
  free(ev.a);
  long long indicatorId = 0;
  if( in->zIndicatorId && *in->zIndicatorId ) text_to_int(in->zIndicatorId, 1, (long long)1<<53, &indicatorId);
  if( indicatorId>0 ){
    struct indicator *ind = xmalloc(sizeof *ind);
    if( indicator_get(r->db, indicatorId, ind) ){
      html_printf(b, "<div class=\"nhsuk-form-group\" id=\"indicator\"><p><strong>%s</strong> ", T("needs.rests_on_indicator"));
      html_printf(b, "<a href=\"/units/%s/indicators/%s\">%s</a> (%s)</p>", a->zUnitSlug, ind->zCode,
                  indicator_name(ind, r->lang), in->zPeriod ? in->zPeriod : "");
      const char *zErr = e ? (field_errors_get(e, "period") ? field_errors_get(e, "period") : field_errors_get(e, "indicator")) : 0;
      if( zErr ) html_printf(b, "<p class=\"nhsuk-error-message\" id=\"period\">%s</p>", T(zErr));
      html_printf(b, "</div>\n");
    }
    free(ind);
    html_printf(b, "<input type=\"hidden\" name=\"indicator\" value=\"%lld\">\n", indicatorId);
    html_printf(b, "<input type=\"hidden\" name=\"period\" value=\"%s\">\n", in->zPeriod ? in->zPeriod : "");
  }
  form_textarea(r, e, "what", "needs.what", "needs.what_hint", in->zWhat, 4);
  form_textarea(r, e, "so_what", "needs.so_what", "needs.so_what_hint", in->zSoWhat, 4);
  form_textarea(r, e, "now_what", "needs.now_what", "needs.now_what_hint", in->zNowWhat, 4);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("needs.save"));
  if( findingId ){
    html_printf(b, "<form method=\"post\" action=\"/needs/%lld/findings/%lld/delete\" novalidate>\n", a->id, findingId);
    form_csrf(r);
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\" id=\"finding\">%s</button>\n</form>\n",
                T("needs.delete_finding"));
  }
  html_printf(b, "<p><a href=\"/needs/%lld\">%s</a></p>\n</div></div>\n", a->id, T("needs.cancel"));
  page_end(r);
}

static void finding_read(struct req *r, struct needs_finding_input *in){
  const char **az[] = { &in->zSource, &in->zEvidenceId, &in->zIndicatorId, &in->zPeriod, &in->zWhat,
                        &in->zSoWhat, &in->zNowWhat };
  const char *azName[] = { "source", "evidence", "indicator", "period", "what", "so_what", "now_what" };
  for(size_t i=0; i<sizeof az/sizeof az[0]; i++){
    *az[i] = req_form(r, azName[i]);
    if( !*az[i] ) *az[i] = "";
  }
}

void page_needs_finding_new(struct req *r){
  struct needs_assessment *a = r->rec.pNeeds;
  struct finding_form *f = xcalloc(1, sizeof *f);
  const char *zSource = req_query(r, "source");
  f->in.zSource = needs_source_index(zSource)>=0 ? zSource : "";
  f->in.zEvidenceId = f->in.zIndicatorId = f->in.zPeriod = f->in.zWhat = f->in.zSoWhat = f->in.zNowWhat = "";
  char zInd[24] = "", zPeriod[INDICATOR_PERIOD_MAX] = "";
  long long indicatorId = req_query_int(r, "indicator", 0);
  const char *zP = req_query(r, "period");
  if( indicatorId>0 && zP && strlen(zP)<INDICATOR_PERIOD_MAX ){
    /* "Record a finding" from the cluster profile: the indicator, its
    ** period, and What written from the comparison. */
    struct indicator *ind = xmalloc(sizeof *ind);
    struct indicator_compared *c = xmalloc(sizeof *c);
    if( indicator_get(r->db, indicatorId, ind)
     && indicator_compare_unit(r->db, ind, a->unitId, zP, 0, r->zToday, c) ){
      snprintf(zInd, sizeof zInd, "%lld", indicatorId);
      text_copy(zPeriod, sizeof zPeriod, zP);
      f->in.zIndicatorId = zInd;
      f->in.zPeriod = zPeriod;
      if( !f->in.zSource[0] ) f->in.zSource = "cluster_profile";
      char zV[160], zW[160];
      needs_value_text(r, ind, &c->area, zV, sizeof zV);
      needs_value_text(r, ind, &c->wales, zW, sizeof zW);
      snprintf(f->zWhat, sizeof f->zWhat, T(c->vsWales95==INDICATOR_WORSE ? "needs.prefill_worse" : "needs.prefill"),
               indicator_name(ind, r->lang), zP, zV, zW);
      f->in.zWhat = f->zWhat;
    }
    free(ind);
    free(c);
  }
  finding_form(r, 0, &f->in, 0);
  free(f);
}

void page_needs_finding_create(struct req *r){
  struct needs_finding_input in;
  finding_read(r, &in);
  struct field_errors e = {0};
  long long id = needs_finding_save(r->db, &r->user, r->rec.pNeeds->id, 0, &in, r->zToday, &e);
  if( form_result(r, id, "/needs/%lld#finding-%lld", r->rec.pNeeds->id, id) ) finding_form(r, 0, &in, &e);
}

/* A stored finding as the form's input; the strings live in *f and zIds. */
static void finding_input_of(const struct needs_finding *f, struct needs_finding_input *in, char zIds[2][24]){
  snprintf(zIds[0], 24, "%lld", f->evidenceId);
  snprintf(zIds[1], 24, "%lld", f->indicatorId);
  in->zSource = f->zSource;
  in->zEvidenceId = f->evidenceId ? zIds[0] : "";
  in->zIndicatorId = f->indicatorId ? zIds[1] : "";
  in->zPeriod = f->zPeriod;
  in->zWhat = f->zWhat;
  in->zSoWhat = f->zSoWhat;
  in->zNowWhat = f->zNowWhat;
}

void page_needs_finding_edit(struct req *r){
  struct needs_finding *f = xmalloc(sizeof *f);
  if( !needs_finding_get(r->db, r->rec.pNeeds->id, r->aId[1], f) ){ free(f); page_not_found(r); return; }
  struct needs_finding_input in;
  char zIds[2][24];
  finding_input_of(f, &in, zIds);
  finding_form(r, f->id, &in, 0);
  free(f);
}

void page_needs_finding_update(struct req *r){
  struct needs_finding_input in;
  finding_read(r, &in);
  struct field_errors e = {0};
  long long id = needs_finding_save(r->db, &r->user, r->rec.pNeeds->id, r->aId[1], &in, r->zToday, &e);
  if( form_result(r, id, "/needs/%lld#finding-%lld", r->rec.pNeeds->id, id) ) finding_form(r, r->aId[1], &in, &e);
}

void page_needs_finding_delete(struct req *r){
  struct field_errors e = {0};
  long long id = needs_finding_delete(r->db, &r->user, r->rec.pNeeds->id, r->aId[1], r->zToday, &e);
  if( form_result(r, id, "/needs/%lld", r->rec.pNeeds->id) ){
    struct needs_finding *f = xmalloc(sizeof *f);
    if( needs_finding_get(r->db, r->rec.pNeeds->id, r->aId[1], f) ){
      struct needs_finding_input in;
      char zIds[2][24];
      finding_input_of(f, &in, zIds);
      finding_form(r, f->id, &in, &e);
    }else{
      page_not_found(r);
    }
    free(f);
  }
}
