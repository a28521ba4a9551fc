/*
** Views of plans (src/domain/plan_views.h):
**
**   /plans/{id}/page                    the plan on a page (HTML, printed on
**   /plans/{id}/page.pdf                one A4 page) and as a PDF, in the
**                                       reader's language or ?lang=en|cy
**   /units/{slug}/plans/side-by-side    a group's (or health board's)
**                                       clusters' plans of a year as cards,
**                                       and the group's own objectives with
**                                       the cluster objectives aligned to each
**   /units/{slug}/plans/imtp            a health board's IMTP objectives,
**                                       each with every objective aligned to
**                                       it, and those nothing aligns to
**
** The plans and objectives themselves are at /plans/{id} and
** /plans/{id}/objectives/{item}; priorities at /priorities/{id}. A plan is
** read by whoever may read its unit (the route's loader); the units below
** a group or board inherit its readers. Demonstration data is labelled.
*/
#include "pages/pages.h"
#include "domain/export_plan.h"
#include "domain/plan_reference.h"
#include "domain/plan_views.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared bits ------------------------------------------------------------- */

static void demo_callout(struct req *r){
  nhsuk_warning_callout_begin(&r->body, 2, T("indicator.page.demo_heading"));
  html_printf(&r->body, "<p>%s</p>", T("demo.plan.text"));
  nhsuk_warning_callout_end(&r->body);
}

static const char *rag_colour(const char *zRag){
  if( strcmp(zRag, "red")==0 ) return "red";
  if( strcmp(zRag, "amber")==0 ) return "orange";
  if( strcmp(zRag, "green")==0 ) return "green";
  return "grey";
}
static const char *rag_key(const char *zRag){
  if( strcmp(zRag, "red")==0 ) return "planview.rag.red";
  if( strcmp(zRag, "amber")==0 ) return "planview.rag.amber";
  if( strcmp(zRag, "green")==0 ) return "planview.rag.green";
  return "planview.rag.none";
}
/* The tag of an objective's latest RAG, with its quarter. */
static void rag_tag(struct req *r, struct buf *b, const char *zRag, int quarter){
  char z[120];
  if( zRag[0] && quarter>0 ) snprintf(z, sizeof z, T("planview.rag_quarter"), T(rag_key(zRag)), quarter);
  else snprintf(z, sizeof z, "%s", T(rag_key(zRag)));
  nhsuk_tag_ex(b, rag_colour(zRag), "cc-rag", 0, z);
}

/* The year of ?year= when it is one, else the current financial year. */
static void year_param(struct req *r, char zYear[8]){
  const char *z = req_query(r, "year");
  if( z && planview_year_ok(z) ) text_copy(zYear, 8, z);
  else planview_year_of(r->zToday, zYear);
}

/* A GET form choosing the year: two years back to one ahead of this one,
** and the one shown. */
static void year_form(struct req *r, const char *zAction, const char *zYear){
  struct buf *b = &r->body;
  char zNow[8];
  planview_year_of(r->zToday, zNow);
  html_printf(b, "<form method=\"get\" action=\"%s\" class=\"cc-year-form\" novalidate>\n", zAction);
  html_printf(b, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"year\">%s</label>\n"
                 "<select class=\"nhsuk-select\" id=\"year\" name=\"year\">\n", T("planview.year"));
  bool bShown = false;
  for(int i=1; i>=-3; i--){
    char z[8];
    planview_year_shift(zNow, i, z);
    if( i==-3 && bShown ) break;
    if( i==-3 ) text_copy(z, sizeof z, zYear);
    bool bSel = strcmp(z, zYear)==0;
    if( bSel ) bShown = true;
    html_printf(b, "<option value=\"%s\"%s>%s</option>\n", z, bSel ? " selected" : "", z);
  }
  html_printf(b, "</select></div>\n<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T("planview.show"));
}

/* ---- the plan on a page -------------------------------------------------------- */

struct obj_list { struct planview_objective *a; int n, nAlloc; };
static void collect_objective(void *p, const struct planview_objective *o){
  struct obj_list *l = p;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 8;
    l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof *l->a);
  }
  l->a[l->n++] = *o;
}

static void objective_row(struct req *r, const struct planview_objective *o, const struct projects_by_objective *pProjects){
  struct buf *b = &r->body;
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, T("planpage.col_objective"));
  html_printf(b, "<a href=\"/plans/%lld/objectives/%lld\"><strong>%s</strong> %s</a>", o->planId, o->id, o->zRef, o->zTitle);
  projects_by_objective_show(r, pProjects, o->id);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("planpage.col_measure"));
  if( o->measureId ) html_printf(b, "<a href=\"/measures/%lld\">%s</a>", o->measureId, o->zMeasure);
  else if( o->indicatorId ){
    html_printf(b, "%s", r->lang==LANG_CY && o->zIndicatorCy[0] ? o->zIndicatorCy : o->zIndicatorEn);
  }else html_printf(b, "<span class=\"cc-missing\">%s</span>", T("planpage.none"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, T("planpage.col_target"), o->zTarget[0] ? o->zTarget : T("planpage.none"));
  char zDue[48] = "";
  if( o->zDue[0] ) page_date_short(r, o->zDue, zDue);
  nhsuk_rtable_cell(b, T("planpage.col_due"), zDue[0] ? zDue : T("planpage.none"));
  nhsuk_rtable_cell(b, T("planpage.col_owner"), o->zOwner[0] ? o->zOwner : T("planpage.none"));
  nhsuk_rtable_cell_begin(b, 0, T("planpage.col_rag"));
  rag_tag(r, b, o->zRag, o->quarter);
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

void page_plan_page(struct req *r){
  const struct planview_plan *p = r->rec.pPlanView;
  const char *zUnit = unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy);
  char zTitle[300], zHref[100], zPlanHref[40];
  snprintf(zTitle, sizeof zTitle, T("planpage.title"), p->zYear);
  snprintf(zHref, sizeof zHref, "/units/%s", p->zUnitSlug);
  snprintf(zPlanHref, sizeof zPlanHref, "/plans/%lld", p->id);
  char zPlanText[300];
  snprintf(zPlanText, sizeof zPlanText, T("planpage.plan_crumb"), p->zYear);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, zUnit}, {zPlanHref, zPlanText}};
  page_begin(r, zTitle, aCrumb, 3);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"cc-planpage\">\n<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", zUnit, zTitle);
  if( p->bDemo ) demo_callout(r);
  html_printf(b, "<p class=\"cc-no-print\"><a href=\"/plans/%lld/page.pdf\" download>%s</a> · "
                 "<a href=\"/plans/%lld/page.pdf?lang=%s\" download hreflang=\"%s\">%s</a> · "
                 "<a href=\"/plans/%lld\">%s</a></p>\n",
              p->id, T("planpage.download_pdf"),
              p->id, r->lang==LANG_CY ? "en" : "cy", r->lang==LANG_CY ? "en" : "cy", T("planpage.download_other"),
              p->id, T("planpage.full_plan"));

  nhsuk_summary_begin(b, "plan-summary");
  nhsuk_summary_row_begin(b, T("planpage.status"), "plan-status");
  if( p->bAgreed ){
    nhsuk_tag(b, "green", T("planpage.agreed"));
    char zDate[48] = "";
    if( p->zMeetingDate[0] ) page_date(r, p->zMeetingDate, zDate);
    html_printf(b, " ");
    html_printf_t(b, TF("planpage.agreed_at"), zDate);
    if( p->meetingId ) html_printf(b, " <a href=\"/meetings/%lld/items/%lld\">%s</a>", p->meetingId, p->itemId, p->zMeetingTitle);
    if( p->zDecision[0] ) html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", p->zDecision);
  }else{
    nhsuk_tag(b, "grey", T("planpage.draft"));
  }
  nhsuk_summary_row_end(b);
  nhsuk_summary_row(b, T("planpage.vision"), p->zVision[0] ? p->zVision : T("planpage.none"), false);
  nhsuk_summary_end(b);

  struct obj_list L = {0};
  int n = planview_objectives(r->db, p->id, collect_objective, &L);
  long long aPriority[32];
  int nPriority = 0;
  for(int i=0; i<L.n; i++){
    bool bSeen = false;
    for(int k=0; k<nPriority; k++) if( aPriority[k]==L.a[i].priorityId ) bSeen = true;
    if( L.a[i].priorityId && !bSeen && nPriority<32 ) aPriority[nPriority++] = L.a[i].priorityId;
  }
  if( nPriority>0 ){
    html_printf(b, "<h2 id=\"priorities\">%s</h2>\n<ol class=\"nhsuk-list nhsuk-list--number\">\n", T("planpage.priorities"));
    for(int i=0; i<nPriority; i++){
      char zP[501];
      planview_priority_title(r->db, aPriority[i], zP, sizeof zP);
      html_printf(b, "<li><a href=\"/priorities/%lld\">%s</a></li>\n", aPriority[i], zP);
    }
    html_printf(b, "</ol>\n");
  }
  html_printf(b, "<h2 id=\"objectives\">%s</h2>\n", T("planpage.objectives"));
  if( n<=0 ){
    html_printf(b, "<p>%s</p>\n", T("planpage.no_objectives"));
  }else{
    nhsuk_rtable_begin(b, "nhsuk-table--compact nhsuk-u-font-size-16", "objectives-table", T("planpage.objectives_caption"));
    nhsuk_rtable_header(b, T("planpage.col_objective"), false);
    nhsuk_rtable_header(b, T("planpage.col_measure"), false);
    nhsuk_rtable_header(b, T("planpage.col_target"), false);
    nhsuk_rtable_header(b, T("planpage.col_due"), false);
    nhsuk_rtable_header(b, T("planpage.col_owner"), false);
    nhsuk_rtable_header(b, T("planpage.col_rag"), false);
    nhsuk_table_body(b);
    struct projects_by_objective *pProjects = projects_by_objective_load(r, p->unitId);
    for(int i=0; i<L.n; i++) objective_row(r, &L.a[i], pProjects);
    projects_by_objective_free(pProjects);
    nhsuk_table_end(b);
  }
  free(L.a);
  html_printf(b, "</div>\n");
  page_end(r);
}

void page_plan_page_pdf(struct req *r){
  const struct planview_plan *p = r->rec.pPlanView;
  enum lang lang = r->lang;
  const char *zLang = req_query(r, "lang");
  if( zLang && strcmp(zLang, "cy")==0 ) lang = LANG_CY;
  else if( zLang && strcmp(zLang, "en")==0 ) lang = LANG_EN;
  char zErr[300];
  if( !export_plan_pdf(r->db, p, lang, &r->body, zErr, sizeof zErr) ){
    fprintf(stderr, "carecluster: plan %lld: %s\n", p->id, zErr);
    page_error(r, 500, "pdf.error_title", "pdf.error_body");
    return;
  }
  char zHeader[200], zYear[8];
  text_copy(zYear, sizeof zYear, p->zYear);
  for(char *q=zYear; *q; q++) if( *q=='/' ) *q = '-';
  r->status = 200;
  r->zContentType = "application/pdf";
  snprintf(zHeader, sizeof zHeader, "attachment; filename=\"%s-plan-%s-%s.pdf\"", p->zUnitSlug, zYear,
           lang==LANG_CY ? "cy" : "en");
  req_add_header(r, "Content-Disposition", zHeader);
}

/* ---- side by side ---------------------------------------------------------------- */

struct unit_list { struct planview_unit_plan *a; int n, nAlloc; };
static void collect_unit(void *p, const struct planview_unit_plan *u){
  struct unit_list *l = p;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 16;
    l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof *l->a);
  }
  l->a[l->n++] = *u;
}


struct aligned_list { struct planview_aligned *a; int n, nAlloc; };
static void collect_aligned(void *p, const struct planview_aligned *x){
  struct aligned_list *l = p;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 16;
    l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof *l->a);
  }
  l->a[l->n++] = *x;
}

/* One aligned objective as a list item. */
static void aligned_item(struct req *r, const struct planview_aligned *a){
  struct buf *b = &r->body;
  html_printf(b, "<li><a href=\"/plans/%lld/objectives/%lld\">%s %s</a> – %s ",
              a->planId, a->objectiveId, a->zRef, a->zTitle, unit_name_in(r->lang, a->zUnitName, a->zUnitNameCy));
  rag_tag(r, b, a->zRag, 0);
  html_printf(b, "</li>\n");
}

/* The card of a unit's plan. */
static void plan_card(struct req *r, const struct planview_unit_plan *u, const char *zYear){
  struct buf *b = &r->body;
  const char *zName = unit_name_in(r->lang, u->zName, u->zNameCy);
  html_printf(b, "<li class=\"nhsuk-grid-column-one-third nhsuk-card-group__item\">\n"
                 "<div class=\"nhsuk-card\" id=\"plan-of-%s\"><div class=\"nhsuk-card__content\">\n", u->zSlug);
  if( !u->planId ){
    html_printf(b, "<h3 class=\"nhsuk-card__heading nhsuk-heading-s\"><a href=\"/units/%s/plans\">%s</a></h3>\n", u->zSlug, zName);
    html_printf(b, "<p>");
    html_printf_t(b, TF("planview.no_plan"), zYear);
    html_printf(b, "</p>\n</div></div></li>\n");
    return;
  }
  html_printf(b, "<h3 class=\"nhsuk-card__heading nhsuk-heading-s\"><a href=\"/plans/%lld\">%s</a></h3>\n<p>", u->planId, zName);
  nhsuk_tag(b, u->bAgreed ? "green" : "grey", T(u->bAgreed ? "planview.agreed" : "planview.draft"));
  if( u->bDemo ) html_printf(b, " <span class=\"nhsuk-body-s\">%s</span>", T("planview.demo_short"));
  html_printf(b, "</p>\n");
  struct obj_list L = {0};
  planview_objectives(r->db, u->planId, collect_objective, &L);
  int nRed = 0, nAmber = 0, nGreen = 0, nNone = 0;
  for(int i=0; i<L.n; i++){
    const char *z = L.a[i].zRag;
    if( strcmp(z, "red")==0 ) nRed++;
    else if( strcmp(z, "amber")==0 ) nAmber++;
    else if( strcmp(z, "green")==0 ) nGreen++;
    else nNone++;
  }
  html_printf(b, "<p class=\"nhsuk-body-s\">");
  html_printf_t(b, TF("planview.by_rag"), L.n, nGreen, nAmber, nRed, nNone);
  html_printf(b, "</p>\n<ul class=\"nhsuk-list cc-plan-objectives\">\n");
  for(int i=0; i<L.n; i++){
    const struct planview_objective *o = &L.a[i];
    html_printf(b, "<li><a href=\"/plans/%lld/objectives/%lld\">%s %s</a> ", o->planId, o->id, o->zRef, o->zTitle);
    rag_tag(r, b, o->zRag, o->quarter);
    html_printf(b, "</li>\n");
  }
  html_printf(b, "</ul>\n<p class=\"nhsuk-body-s\"><a href=\"/plans/%lld/page\">%s<span class=\"nhsuk-u-visually-hidden\"> – %s</span></a></p>\n",
              u->planId, T("planview.plan_on_a_page"), zName);
  html_printf(b, "</div></div></li>\n");
  free(L.a);
}

/* A group's own plan: each of its objectives with the objectives aligned to it. */
static void group_objectives(struct req *r, const struct planview_unit_plan *g, int iLevel){
  struct buf *b = &r->body;
  struct obj_list L = {0};
  planview_objectives(r->db, g->planId, collect_objective, &L);
  struct aligned_list A = {0};
  planview_aligned_to_plan(r->db, g->planId, collect_aligned, &A);
  if( L.n==0 ) html_printf(b, "<p>%s</p>\n", T("planpage.no_objectives"));
  for(int i=0; i<L.n; i++){
    const struct planview_objective *o = &L.a[i];
    html_printf(b, "<h%d id=\"group-objective-%lld\"><a href=\"/plans/%lld/objectives/%lld\">%s %s</a></h%d>\n",
                iLevel, o->id, o->planId, o->id, o->zRef, o->zTitle, iLevel);
    int n = 0;
    for(int k=0; k<A.n; k++){
      if( A.a[k].targetId!=o->id ) continue;
      if( n++==0 ) html_printf(b, "<p>%s</p>\n<ul class=\"nhsuk-list nhsuk-list--bullet\">\n", T("planview.aligned_here"));
      aligned_item(r, &A.a[k]);
    }
    if( n ) html_printf(b, "</ul>\n");
    else html_printf(b, "<p class=\"cc-missing\">%s</p>\n", T("planview.nothing_aligned"));
  }
  free(L.a);
  free(A.a);
}

void page_plans_side_by_side(struct req *r){
  const struct unit *u = &r->rec.unit;
  bool bGroup = strcmp(u->zKind, "pcpg")==0;
  if( !bGroup && strcmp(u->zKind, "health_board")!=0 ){ page_not_found(r); return; }
  char zYear[8];
  year_param(r, zYear);
  struct unit_list L = {0};
  planview_units_below(r->db, u->id, r->zToday, zYear, collect_unit, &L);
  char zTitle[200];
  snprintf(zTitle, sizeof zTitle, T("planview.side_title"), zYear);
  page_unit_begin(r, u, zTitle, "side-heading");
  struct buf *b = &r->body;
  bool bDemo = false;
  for(int i=0; i<L.n; i++) if( L.a[i].bDemo ) bDemo = true;
  if( bDemo ) demo_callout(r);
  char zAction[120];
  snprintf(zAction, sizeof zAction, "/units/%s/plans/side-by-side", u->zSlug);
  year_form(r, zAction, zYear);

  if( bGroup ){
    const struct planview_unit_plan *g = L.n>0 && L.a[0].unitId==u->id ? &L.a[0] : 0;
    html_printf(b, "<h2 id=\"group-plan\">%s</h2>\n", T("planview.group_plan"));
    if( g && g->planId ){
      html_printf(b, "<p><a href=\"/plans/%lld\">", g->planId);
      html_printf_t(b, TF("planview.group_plan_link"), zYear);
      html_printf(b, "</a> ");
      nhsuk_tag(b, g->bAgreed ? "green" : "grey", T(g->bAgreed ? "planview.agreed" : "planview.draft"));
      html_printf(b, "</p>\n");
      group_objectives(r, g, 3);
    }else{
      html_printf(b, "<p>");
      html_printf_t(b, TF("planview.no_group_plan"), zYear);
      html_printf(b, " <a href=\"/units/%s/plans\">%s</a></p>\n", u->zSlug, T("planview.group_plans_link"));
    }
  }
  html_printf(b, "<h2 id=\"cluster-plans\">%s</h2>\n", T(bGroup ? "planview.cluster_plans" : "planview.board_plans"));
  int nCard = 0;
  for(int i=0; i<L.n; i++){
    if( bGroup && L.a[i].unitId==u->id ) continue;
    if( nCard++==0 ) html_printf(b, "<ul class=\"nhsuk-grid-row nhsuk-card-group\">\n");
    plan_card(r, &L.a[i], zYear);
  }
  if( nCard ) html_printf(b, "</ul>\n");
  else html_printf(b, "<p>%s</p>\n", T("planview.no_clusters"));
  /* A board: each group's plan with the cluster objectives aligned to its objectives. */
  if( !bGroup ){
    int nGroup = 0;
    for(int i=0; i<L.n; i++){
      const struct planview_unit_plan *g = &L.a[i];
      if( strcmp(g->zKind, "pcpg")!=0 || !g->planId ) continue;
      if( nGroup++==0 ) html_printf(b, "<h2 id=\"group-plans\">%s</h2>\n", T("planview.group_plans"));
      html_printf(b, "<h3 id=\"group-plan-%s\"><a href=\"/plans/%lld\">%s</a></h3>\n", g->zSlug, g->planId,
                  unit_name_in(r->lang, g->zName, g->zNameCy));
      group_objectives(r, g, 4);
    }
  }
  free(L.a);
  page_end(r);
}

/* ---- the IMTP view ------------------------------------------------------------------ */

struct ref_list { struct plan_ref *a; int n, nAlloc; };
static void collect_ref(void *p, const struct plan_ref *x){
  struct ref_list *l = p;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 8;
    l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof *l->a);
  }
  l->a[l->n++] = *x;
}

void page_plans_imtp(struct req *r){
  const struct unit *u = &r->rec.unit;
  if( strcmp(u->zKind, "health_board")!=0 ){ page_not_found(r); return; }
  char zYear[8];
  year_param(r, zYear);
  struct ref_list R = {0};
  plan_ref_list(r->db, u->id, "imtp", collect_ref, &R);
  struct aligned_list A = {0};
  planview_aligned_to_references(r->db, u->id, "imtp", zYear, r->zToday, collect_aligned, &A);
  char zTitle[200];
  snprintf(zTitle, sizeof zTitle, T("planview.imtp_title"), zYear);
  page_unit_begin(r, u, zTitle, "imtp-heading");
  struct buf *b = &r->body;
  bool bDemo = false;
  for(int i=0; i<R.n; i++) if( R.a[i].bDemo ) bDemo = true;
  for(int i=0; i<A.n; i++) if( A.a[i].bDemo ) bDemo = true;
  if( bDemo ) demo_callout(r);
  char zAction[120];
  snprintf(zAction, sizeof zAction, "/units/%s/plans/imtp", u->zSlug);
  year_form(r, zAction, zYear);
  if( R.n==0 ){
    html_printf(b, "<p>%s <a href=\"/units/%s/plan-references\">%s</a></p>\n", T("planview.no_imtp"), u->zSlug,
                T("planview.references_link"));
  }
  int nUnaligned = 0;
  for(int i=0; i<R.n; i++){
    const struct plan_ref *x = &R.a[i];
    int n = 0;
    for(int k=0; k<A.n; k++) if( A.a[k].targetId==x->id ) n++;
    if( n==0 ){ nUnaligned++; continue; }
    html_printf(b, "<h2 id=\"imtp-%lld\">%s %s</h2>\n<ul class=\"nhsuk-list nhsuk-list--bullet\">\n", x->id, x->zCode,
                plan_ref_title(x, r->lang));
    for(int k=0; k<A.n; k++) if( A.a[k].targetId==x->id ) aligned_item(r, &A.a[k]);
    html_printf(b, "</ul>\n");
  }
  if( nUnaligned ){
    html_printf(b, "<h2 id=\"unaligned\">%s</h2>\n<ul class=\"nhsuk-list nhsuk-list--bullet\">\n", T("planview.imtp_unaligned"));
    for(int i=0; i<R.n; i++){
      int n = 0;
      for(int k=0; k<A.n; k++) if( A.a[k].targetId==R.a[i].id ) n++;
      if( n==0 ) html_printf(b, "<li>%s %s</li>\n", R.a[i].zCode, plan_ref_title(&R.a[i], r->lang));
    }
    html_printf(b, "</ul>\n");
  }
  free(R.a);
  free(A.a);
  page_end(r);
}

