/*
** The cluster's money (src/domain/finance.h):
**
**   GET  /units/{slug}/finance?year=2026          the position by stream; for a PCPG,
**                                                 health board or the nation its
**                                                 clusters side by side and totals
**   GET  /units/{slug}/finance.xlsx?year=2026     the page's tables as a workbook
**   GET|POST /units/{slug}/finance/allocations/new, /finance/allocations/{id}/edit
**   POST /units/{slug}/finance/allocations/{id}/carry-forward
**   GET|POST /units/{slug}/finance/budget-lines/new, /finance/budget-lines/{id}/edit
**   GET  /units/{slug}/finance/spend?year=&allocation=, /finance/spend.xlsx
**   GET|POST /units/{slug}/finance/spend/new
**   GET|POST /units/{slug}/finance/import          the ledger's CSV export
**   GET  /api/v1/units/{slug}/finance?year=2026
*/
#include "pages/pages.h"
#include "domain/access.h"
#include "domain/decision.h"
#include "domain/export_xlsx.h"
#include "domain/finance.h"
#include "domain/plan.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "util/json.h"
#include "util/money.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_cluster(const struct unit *u){ return strcmp(u->zKind, "cluster")==0; }

/* The ?year= of the request into zYear; false (400 page drawn) when bad. */
static bool year_of_request(struct req *r, char zYear[8]){
  if( !finance_year_arg(req_query(r, "year"), r->zToday, zYear) ){
    page_error(r, 400, "finance.error.year_title", "finance.error.year");
    return false;
  }
  return true;
}

static void money_cell(struct buf *b, const char *zHeading, long long v){
  char z[40];
  money_format(v, z, sizeof z);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", zHeading);
  html_printf(b, "%s", z);
  nhsuk_rtable_cell_end(b);
}

static const char *kind_key(const char *z){
  if( strcmp(z, "recurrent")==0 ) return "finance.kind.recurrent";
  if( strcmp(z, "transformation")==0 ) return "finance.kind.transformation";
  if( strcmp(z, "other")==0 ) return "finance.kind.other";
  return "finance.kind.none";
}

static void demo_callout(struct req *r){
  nhsuk_warning_callout_begin(&r->body, 2, T("finance.demo_heading"));
  html_printf(&r->body, "<p>%s</p>", T("finance.demo_text"));
  nhsuk_warning_callout_end(&r->body);
}

/* The figures' header cells (after the first column). */
static void fig_headers(struct req *r, struct buf *b){
  nhsuk_rtable_header(b, T("finance.col.allocated"), true);
  nhsuk_rtable_header(b, T("finance.col.committed"), true);
  nhsuk_rtable_header(b, T("finance.col.spent"), true);
  nhsuk_rtable_header(b, T("finance.col.forecast"), true);
  nhsuk_rtable_header(b, T("finance.col.remaining"), true);
  nhsuk_rtable_header(b, T("finance.col.requested"), true);
}
static void fig_cells(struct req *r, struct buf *b, const struct finance_fig *f){
  money_cell(b, T("finance.col.allocated"), f->allocated);
  money_cell(b, T("finance.col.committed"), f->committed);
  money_cell(b, T("finance.col.spent"), f->spent);
  money_cell(b, T("finance.col.forecast"), f->forecast);
  money_cell(b, T("finance.col.remaining"), f->remaining);
  money_cell(b, T("finance.col.requested"), f->requested);
}

static void year_chooser(struct req *r, const char *zAction, const char *zYear){
  struct buf *b = &r->body;
  int y = atoi(zYear), yNow = atoi(r->zToday);
  char zNow[8];
  plan_year_of_date(r->zToday, zNow);
  yNow = atoi(zNow);
  html_printf(b, "<form method=\"get\" action=\"%s\" class=\"nhsuk-u-margin-bottom-4\" id=\"year-form\">\n"
                 "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"year\">%s</label>\n"
                 "<select class=\"nhsuk-select\" id=\"year\" name=\"year\">\n", zAction, T("finance.year"));
  int lo = (y<yNow-5 ? y : yNow-5), hi = (y>yNow+1 ? y : yNow+1);
  for(int k=hi; k>=lo; k--){
    char z[8];
    plan_year_format(k, z);
    html_printf(b, "<option value=\"%d\"%s>%s</option>\n", k, k==y ? " selected" : "", z);
  }
  html_printf(b, "</select></div>\n<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T("finance.show"));
}

/* ---- the position page ----------------------------------------------------------- */

struct line_ctx { struct req *r; int n; };
static void line_row(void *p, const struct finance_budget_line *l){
  struct line_ctx *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    html_printf(b, "<h2 id=\"lines-heading\">%s</h2>\n", T("finance.lines.title"));
    nhsuk_rtable_begin(b, "cc-money", "budget-lines", 0);
    nhsuk_rtable_header(b, T("finance.col.line"), false);
    nhsuk_rtable_header(b, T("finance.col.stream"), false);
    nhsuk_rtable_header(b, T("finance.col.objective"), false);
    nhsuk_rtable_header(b, T("finance.col.budget"), true);
    nhsuk_rtable_header(b, T("finance.col.committed"), true);
    nhsuk_rtable_header(b, T("finance.col.spent"), true);
    if( access_can_write(r->db, &r->user, r->rec.unit.id, r->zToday) ) nhsuk_rtable_header_hidden(b, T("finance.actions"));
    nhsuk_table_body(b);
  }
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell(b, T("finance.col.line"), l->zTitle);
  nhsuk_rtable_cell(b, T("finance.col.stream"), l->zStream);
  nhsuk_rtable_cell(b, T("finance.col.objective"), l->zObjective[0] ? l->zObjective : T("finance.none"));
  money_cell(b, T("finance.col.budget"), l->amount);
  money_cell(b, T("finance.col.committed"), l->committed);
  money_cell(b, T("finance.col.spent"), l->spent);
  if( access_can_write(r->db, &r->user, r->rec.unit.id, r->zToday) ){
    nhsuk_rtable_cell_begin(b, 0, 0);
    html_printf(b, "<a href=\"/units/%s/finance/budget-lines/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                r->rec.unit.zSlug, l->id, T("finance.change"), l->zTitle);
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_table_row_end(b);
}

struct alloc_ctx { struct req *r; bool bMay; int n; const char *zNext; };
static void alloc_row(void *p, const struct finance_allocation *a){
  struct alloc_ctx *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    html_printf(b, "<h2 id=\"allocations-heading\">%s</h2>\n", T("finance.allocations.title"));
    nhsuk_rtable_begin(b, "cc-money", "allocations", 0);
    nhsuk_rtable_header(b, T("finance.col.stream"), false);
    nhsuk_rtable_header(b, T("finance.col.kind"), false);
    nhsuk_rtable_header(b, T("finance.col.amount"), true);
    nhsuk_rtable_header(b, T("finance.col.carried_in"), true);
    nhsuk_rtable_header(b, T("finance.col.year_end"), false);
    nhsuk_rtable_header(b, T("finance.col.criteria"), false);
    if( c->bMay ) nhsuk_rtable_header_hidden(b, T("finance.actions"));
    nhsuk_table_body(b);
  }
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, T("finance.col.stream"));
  html_printf(b, "%s", a->zStream);
  if( a->bDemo ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T("finance.demo_short"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, T("finance.col.kind"), T(kind_key(a->zKind)));
  money_cell(b, T("finance.col.amount"), a->amount);
  money_cell(b, T("finance.col.carried_in"), a->carriedIn);
  nhsuk_rtable_cell_begin(b, 0, T("finance.col.year_end"));
  html_printf(b, "%s", T(strcmp(a->zYearEndRule, "carry_forward")==0 ? "finance.rule.carry_forward" : "finance.rule.return"));
  if( a->carriedOutTo ){
    char z[40];
    money_format(a->carriedOut, z, sizeof z);
    html_printf(b, "<br><span class=\"nhsuk-body-s\">");
    html_printf_t(b, TF("finance.carried_out"), z);
    html_printf(b, "</span>");
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("finance.col.criteria"));
  if( a->zCriteria[0] ) html_printf(b, "%s", a->zCriteria);
  if( a->zEndOn[0] ){
    char zd[48];
    page_date(r, a->zEndOn, zd);
    html_printf(b, "%s", a->zCriteria[0] ? " " : "");
    html_printf_t(b, TF("finance.ends_on"), zd);
  }
  nhsuk_rtable_cell_end(b);
  if( c->bMay ){
    nhsuk_rtable_cell_begin(b, 0, 0);
    html_printf(b, "<a href=\"/units/%s/finance/allocations/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                r->rec.unit.zSlug, a->id, T("finance.change"), a->zStream);
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_table_row_end(b);
}

/* A decision as an option of the carry-forward form. */
struct dec_ctx { struct req *r; int n; };
static void decision_option(void *pCtx, const struct decision *d){
  struct dec_ctx *c = pCtx;
  if( d->bRestricted || c->n>=300 ) return;
  struct req *r = c->r;
  char zIso[11], zDate[48], zShort[200];
  snprintf(zIso, sizeof zIso, "%.10s", d->zMeetingStartsAt);
  page_date(r, zIso, zDate);
  snprintf(zShort, sizeof zShort, "%.150s", d->zText);
  html_printf(&r->body, "<option value=\"%lld\">%s, %s – %s: %s</option>\n", d->id, d->zMeetingTitle, zDate, d->zItemTitle, zShort);
  c->n++;
}

/* Carry-forward forms for the allocations of the year before the one shown. */
struct carry_ctx { struct req *r; const char *zYear; int n; long long aTo[40]; char azTo[40][121]; int nTo; };
static void to_collect(void *p, const struct finance_allocation *a){
  struct carry_ctx *c = p;
  if( c->nTo<40 ){ c->aTo[c->nTo] = a->id; text_copy(c->azTo[c->nTo], sizeof c->azTo[0], a->zStream); c->nTo++; }
}
static void carry_row(void *p, const struct finance_allocation *a){
  struct carry_ctx *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( a->carriedOutTo ) return;
  if( c->n++==0 ){
    html_printf(b, "<h2 id=\"carry-heading\">%s</h2>\n<p>%s</p>\n", T("finance.carry.title"), T("finance.carry.intro"));
  }
  html_printf(b, "<h3>%s (%s)</h3>\n", a->zStream, a->zYear);
  if( strcmp(a->zYearEndRule, "carry_forward")!=0 ){
    html_printf(b, "<p>%s</p>\n", T("finance.error.carry_return"));
    return;
  }
  if( c->nTo==0 ){ html_printf(b, "<p>%s</p>\n", T("finance.carry.no_target")); return; }
  html_printf(b, "<form method=\"post\" action=\"/units/%s/finance/allocations/%lld/carry-forward\" novalidate>\n", r->rec.unit.zSlug, a->id);
  form_csrf(r);
  char zId[40];
  snprintf(zId, sizeof zId, "to-%lld", a->id);
  html_printf(b, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"%s\">%s</label>\n<select class=\"nhsuk-select\" id=\"%s\" name=\"to\">\n",
              zId, T("finance.carry.to"), zId);
  for(int i=0; i<c->nTo; i++) html_printf(b, "<option value=\"%lld\"%s>%s</option>\n", c->aTo[i],
                                           strcmp(c->azTo[i], a->zStream)==0 ? " selected" : "", c->azTo[i]);
  snprintf(zId, sizeof zId, "decision-%lld", a->id);
  html_printf(b, "</select></div>\n<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"%s\">%s</label>\n"
                 "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n"
                 "<select class=\"nhsuk-select\" id=\"%s\" name=\"decision\" aria-describedby=\"%s-hint\">\n<option value=\"\">%s</option>\n",
              zId, T("finance.carry.decision"), zId, T("finance.carry.decision_hint"), zId, zId, T("finance.none"));
  /* Decisions of the unit's meetings, of the group above it and of its
  ** health board: where a carry forward may have been agreed. */
  struct dec_ctx dc = { r, 0 };
  const struct unit *u = &r->rec.unit;
  decision_list_visible(r->db, &r->user, u->id, 0, r->zToday, decision_option, &dc);
  struct unit pu;
  if( u->zParentSlug[0] && strcmp(u->zParentKind, "pcpg")==0 && unit_get_by_slug(r->db, u->zParentSlug, r->zToday, &pu) )
    decision_list_visible(r->db, &r->user, pu.id, 0, r->zToday, decision_option, &dc);
  long long hb = unit_above(r->db, u->id, "health_board", r->zToday);
  if( hb && hb!=u->id ) decision_list_visible(r->db, &r->user, hb, 0, r->zToday, decision_option, &dc);
  html_printf(b, "</select></div>\n");
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n", T("finance.carry.button"));
}

static void position_table(struct req *r, const struct finance_position *p, long long unitId, const char *zId){
  struct buf *b = &r->body;
  nhsuk_rtable_begin(b, "cc-money", zId, 0);
  nhsuk_rtable_header(b, T("finance.col.stream"), false);
  fig_headers(r, b);
  nhsuk_table_body(b);
  struct finance_fig total = {0};
  for(int i=0; i<p->nStream; i++){
    const struct finance_stream *s = &p->a[i];
    if( s->unitId!=unitId ) continue;
    finance_fig_add(&total, &s->f);
    nhsuk_rtable_row_begin(b, 0, 0);
    nhsuk_rtable_cell_begin(b, 0, T("finance.col.stream"));
    if( s->allocationId ){
      html_printf(b, "<a href=\"/units/%s/finance/spend?year=%d&amp;allocation=%lld\">%s</a>", r->rec.unit.zSlug,
                  atoi(p->zYear), s->allocationId, s->zStream);
    }else{
      html_printf(b, "%s", s->zStream);
    }
    html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T(kind_key(s->zKind)));
    if( s->bDemo ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T("finance.demo_short"));
    if( finance_fig_over(&s->f) ){ html_printf(b, " "); nhsuk_tag(b, "red", T("finance.over_tag")); }
    nhsuk_rtable_cell_end(b);
    fig_cells(r, b, &s->f);
    nhsuk_table_row_end(b);
  }
  nhsuk_rtable_row_begin(b, "finance-total", 0);
  nhsuk_rtable_cell_begin(b, 0, T("finance.col.stream"));
  html_printf(b, "<strong>%s</strong>", T("finance.total"));
  if( finance_fig_over(&total) ){ html_printf(b, " "); nhsuk_tag(b, "red", T("finance.over_tag")); }
  nhsuk_rtable_cell_end(b);
  fig_cells(r, b, &total);
  nhsuk_table_row_end(b);
  nhsuk_table_end(b);
}

static bool any_over(const struct finance_position *p, long long unitId){
  for(int i=0; i<p->nStream; i++) if( p->a[i].unitId==unitId && finance_fig_over(&p->a[i].f) ) return true;
  return false;
}

void page_finance(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zYear[8];
  if( !year_of_request(r, zYear) ) return;
  char zHref[100], zSelf[140], zTitle[200];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zSelf, sizeof zSelf, "/units/%s/finance", u->zSlug);
  const char *zName = unit_display_name(u, r->lang);
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, zName}};
  snprintf(zTitle, sizeof zTitle, "%s %s", T("finance.title"), zYear);
  struct finance_position p, pb;
  bool bBelow = !is_cluster(u);
  if( !finance_position_load(r->db, u->id, false, r->zToday, zYear, &p) ){ page_error(r, 500, "error.db_unavailable_title", "error.db_unavailable_body"); return; }
  memset(&pb, 0, sizeof pb);
  struct finance_unit_row *aRow = 0;
  int nRow = 0;
  if( bBelow ){
    if( !finance_position_load(r->db, u->id, true, r->zToday, zYear, &pb)
        || (nRow = finance_unit_totals(r->db, u->id, r->zToday, &pb, &aRow))<0 ){
      finance_position_free(&p);
      finance_position_free(&pb);
      page_error(r, 500, "error.db_unavailable_title", "error.db_unavailable_body");
      return;
    }
  }
  page_begin(r, zTitle, aCrumb, 2);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", zName, zTitle);
  html_printf(b, "<p>%s</p>\n", T("finance.intro"));
  year_chooser(r, zSelf, zYear);
  if( p.bDemo || pb.bDemo ) demo_callout(r);
  bool bWrite = access_can_write(r->db, &r->user, u->id, r->zToday);
  bool bMay = finance_may_allocate(r->db, &r->user, u->id, r->zToday);
  int y = atoi(zYear);
  /* The clusters side by side. */
  if( bBelow ){
    html_printf(b, "<h2 id=\"clusters-heading\">%s</h2>\n", T("finance.clusters.title"));
    bool bOver = false;
    for(int k=0; k<nRow; k++) if( any_over(&pb, aRow[k].unitId) || finance_fig_over(&aRow[k].f) ) bOver = true;
    if( bOver ) nhsuk_warning_callout(b, 3, T("finance.over_heading"), T("finance.clusters.over_text"));
    page_scroll_begin(r, "clusters-heading");
    nhsuk_rtable_begin(b, "cc-money", "clusters", 0);
    nhsuk_rtable_header(b, T("finance.col.cluster"), false);
    fig_headers(r, b);
    nhsuk_table_body(b);
    struct finance_fig total = {0};
    for(int k=0; k<nRow; k++){
      finance_fig_add(&total, &aRow[k].f);
      nhsuk_rtable_row_begin(b, 0, 0);
      nhsuk_rtable_cell_begin(b, 0, T("finance.col.cluster"));
      html_printf(b, "<a href=\"/units/%s/finance?year=%d\">%s</a>", aRow[k].zSlug, y,
                  unit_name_in(r->lang, aRow[k].zName, aRow[k].zNameCy));
      /* Over in total, or over on one of its streams (which its total may hide). */
      if( finance_fig_over(&aRow[k].f) ){ html_printf(b, " "); nhsuk_tag(b, "red", T("finance.over_tag")); }
      else if( any_over(&pb, aRow[k].unitId) ){ html_printf(b, " "); nhsuk_tag(b, "red", T("finance.stream_over_tag")); }
      nhsuk_rtable_cell_end(b);
      fig_cells(r, b, &aRow[k].f);
      nhsuk_table_row_end(b);
    }
    nhsuk_rtable_row_begin(b, "finance-total", 0);
    nhsuk_rtable_cell_begin(b, 0, T("finance.col.cluster"));
    html_printf(b, "<strong>%s</strong>", T("finance.total"));
    nhsuk_rtable_cell_end(b);
    fig_cells(r, b, &total);
    nhsuk_table_row_end(b);
    nhsuk_table_end(b);
    page_scroll_end(r);
  }
  /* The unit's own streams. */
  if( !bBelow || p.nStream ){
    html_printf(b, "<h2 id=\"streams-heading\">%s</h2>\n", T(bBelow ? "finance.streams.own_title" : "finance.streams.title"));
    if( any_over(&p, u->id) ) nhsuk_warning_callout(b, 3, T("finance.over_heading"), T("finance.over_text"));
    if( p.nStream==0 ) html_printf(b, "<p id=\"no-allocations\">%s</p>\n", T("finance.none_year"));
    else{
      page_scroll_begin(r, "streams-heading");
      position_table(r, &p, u->id, "streams");
      page_scroll_end(r);
      html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n", T("finance.arithmetic"));
    }
  }
  html_printf(b, "<ul class=\"nhsuk-list\" id=\"finance-links\">\n");
  html_printf(b, "<li><a href=\"/units/%s/finance.xlsx?year=%d\">%s</a></li>\n", u->zSlug, y, T("finance.download"));
  if( !bBelow ){
    html_printf(b, "<li><a href=\"/units/%s/finance/spend?year=%d\">%s</a></li>\n", u->zSlug, y, T("finance.spend.link"));
    html_printf(b, "<li><a href=\"/units/%s/commitments?year=%d\">%s</a></li>\n", u->zSlug, y, T("finance.commitments.link"));
    html_printf(b, "<li><a href=\"/units/%s/business-cases\">%s</a></li>\n", u->zSlug, T("finance.cases.link"));
  }
  html_printf(b, "</ul>\n");
  if( bWrite || bMay ){
    html_printf(b, "<div class=\"nhsuk-action-link-group\">");
    if( bMay ) html_printf(b, "<p><a class=\"nhsuk-button nhsuk-button--secondary\" href=\"/units/%s/finance/allocations/new?year=%d\">%s</a></p>\n",
                           u->zSlug, y, T("finance.allocation.new"));
    if( bWrite && p.nStream ){
      html_printf(b, "<p><a href=\"/units/%s/finance/budget-lines/new?year=%d\">%s</a></p>\n", u->zSlug, y, T("finance.line.new"));
      html_printf(b, "<p><a href=\"/units/%s/finance/spend/new?year=%d\">%s</a></p>\n", u->zSlug, y, T("finance.spend.new"));
      html_printf(b, "<p><a href=\"/units/%s/finance/import\">%s</a></p>\n", u->zSlug, T("finance.import.link"));
    }
    html_printf(b, "</div>\n");
  }
  struct line_ctx lc = { r, 0 };
  finance_budget_line_list(r->db, u->id, zYear, line_row, &lc);
  if( lc.n ) nhsuk_table_end(b);
  struct alloc_ctx ac = { r, bMay, 0, 0 };
  finance_allocation_list(r->db, u->id, zYear, alloc_row, &ac);
  if( ac.n ) nhsuk_table_end(b);
  if( bMay ){
    /* What the year before left, to carry into this year. */
    char zPrev[8];
    plan_year_format(y-1, zPrev);
    struct carry_ctx cc;
    memset(&cc, 0, sizeof cc);
    cc.r = r;
    cc.zYear = zYear;
    finance_allocation_list(r->db, u->id, zYear, to_collect, &cc);
    char zEnd[11];
    snprintf(zEnd, sizeof zEnd, "%04d-03-31", (unsigned)y % 10000u);
    if( strcmp(r->zToday, zEnd)>0 ) finance_allocation_list(r->db, u->id, zPrev, carry_row, &cc);
  }
  free(aRow);
  finance_position_free(&p);
  finance_position_free(&pb);
  page_end(r);
}

/* ---- the workbook ---------------------------------------------------------------------- */

struct xl_ctx { struct req *r; const char *zYear; struct finance_position *p, *pb; struct finance_unit_row *aRow; int nRow; };
static const struct xcol aFigCols[] = {
  {"finance.col.stream", XCOL_TEXT, 30}, {"finance.col.kind", XCOL_TEXT, 16},
  {"finance.col.allocated", XCOL_PENCE, 14}, {"finance.col.committed", XCOL_PENCE, 14},
  {"finance.col.spent", XCOL_PENCE, 14}, {"finance.col.forecast", XCOL_PENCE, 14},
  {"finance.col.remaining", XCOL_PENCE, 14}, {"finance.col.requested", XCOL_PENCE, 14},
};
static void xl_figs(struct xbook *x, const struct finance_fig *f){
  xbook_pence(x, f->allocated); xbook_pence(x, f->committed); xbook_pence(x, f->spent);
  xbook_pence(x, f->forecast); xbook_pence(x, f->remaining); xbook_pence(x, f->requested);
}
struct xl_line { struct xbook *x; };
static void xl_line(void *p, const struct finance_budget_line *l){
  struct xbook *x = ((struct xl_line*)p)->x;
  xbook_text(x, l->zTitle); xbook_text(x, l->zStream); xbook_text(x, l->zObjective);
  xbook_pence(x, l->amount); xbook_pence(x, l->committed); xbook_pence(x, l->spent);
}
static bool finance_xlsx_write(struct xbook *x, void *pCtx){
  struct xl_ctx *c = pCtx;
  struct req *r = c->r;
  const struct unit *u = &r->rec.unit;
  if( c->pb ){
    static const struct xcol cols[] = {
      {"finance.col.cluster", XCOL_TEXT, 34},
      {"finance.col.allocated", XCOL_PENCE, 14}, {"finance.col.committed", XCOL_PENCE, 14},
      {"finance.col.spent", XCOL_PENCE, 14}, {"finance.col.forecast", XCOL_PENCE, 14},
      {"finance.col.remaining", XCOL_PENCE, 14}, {"finance.col.requested", XCOL_PENCE, 14},
    };
    xbook_sheet(x, T("finance.sheet.clusters"), cols, 7, r->lang);
    struct finance_fig total = {0};
    for(int k=0; k<c->nRow; k++){
      finance_fig_add(&total, &c->aRow[k].f);
      xbook_text(x, unit_name_in(r->lang, c->aRow[k].zName, c->aRow[k].zNameCy));
      xl_figs(x, &c->aRow[k].f);
    }
    xbook_text(x, T("finance.total"));
    xl_figs(x, &total);
  }
  xbook_sheet(x, T("finance.sheet.streams"), aFigCols, 8, r->lang);
  for(int i=0; i<c->p->nStream; i++){
    xbook_text(x, c->p->a[i].zStream);
    xbook_text(x, T(kind_key(c->p->a[i].zKind)));
    xl_figs(x, &c->p->a[i].f);
  }
  xbook_text(x, T("finance.total"));
  xbook_skip(x);
  xl_figs(x, &c->p->total);
  static const struct xcol lcols[] = {
    {"finance.col.line", XCOL_TEXT, 30}, {"finance.col.stream", XCOL_TEXT, 24}, {"finance.col.objective", XCOL_WRAP, 40},
    {"finance.col.budget", XCOL_PENCE, 14}, {"finance.col.committed", XCOL_PENCE, 14}, {"finance.col.spent", XCOL_PENCE, 14},
  };
  xbook_sheet(x, T("finance.sheet.lines"), lcols, 6, r->lang);
  struct xl_line xl = { x };
  finance_budget_line_list(r->db, u->id, c->zYear, xl_line, &xl);
  return true;
}

void page_finance_xlsx(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zYear[8];
  if( !year_of_request(r, zYear) ) return;
  struct finance_position p, pb;
  memset(&pb, 0, sizeof pb);
  struct xl_ctx c = { r, zYear, &p, 0, 0, 0 };
  if( !finance_position_load(r->db, u->id, false, r->zToday, zYear, &p) ){ page_error(r, 500, "error.db_unavailable_title", "error.db_unavailable_body"); return; }
  if( !is_cluster(u) ){
    if( finance_position_load(r->db, u->id, true, r->zToday, zYear, &pb) ){
      c.pb = &pb;
      c.nRow = finance_unit_totals(r->db, u->id, r->zToday, &pb, &c.aRow);
      if( c.nRow<0 ) c.nRow = 0;
    }
  }
  char zFile[160], zY[8];
  finance_year_api(zYear, zY);
  snprintf(zFile, sizeof zFile, "finance-%s-%s.xlsx", u->zSlug, zY);
  page_xlsx_send(r, zFile, finance_xlsx_write, &c);
  free(c.aRow);
  finance_position_free(&p);
  finance_position_free(&pb);
}

/* ---- the API --------------------------------------------------------------------------- */

static void fig_json(struct buf *b, bool *pFirst, const struct finance_fig *f){
  json_kv_int(b, pFirst, "allocated", f->allocated);
  json_kv_int(b, pFirst, "committed", f->committed);
  json_kv_int(b, pFirst, "spent", f->spent);
  json_kv_int(b, pFirst, "forecast", f->forecast);
  json_kv_int(b, pFirst, "remaining", f->remaining);
  json_kv_int(b, pFirst, "requested", f->requested);
  json_kv_bool(b, pFirst, "over", finance_fig_over(f));
}

void api_unit_finance(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zYear[8];
  r->zContentType = "application/json";
  if( !finance_year_arg(req_query(r, "year"), r->zToday, zYear) ){
    r->status = 400;
    buf_puts(&r->body, "{\"error\":\"year must be a financial year's first calendar year, like 2026\"}\n");
    return;
  }
  struct finance_position p, pb;
  memset(&pb, 0, sizeof pb);
  struct finance_unit_row *aRow = 0;
  int nRow = 0;
  bool ok = finance_position_load(r->db, u->id, false, r->zToday, zYear, &p);
  if( ok && !is_cluster(u) ){
    ok = finance_position_load(r->db, u->id, true, r->zToday, zYear, &pb)
      && (nRow = finance_unit_totals(r->db, u->id, r->zToday, &pb, &aRow))>=0;
  }
  if( !ok ){
    finance_position_free(&p);
    finance_position_free(&pb);
    free(aRow);
    r->status = 500;
    buf_puts(&r->body, "{\"error\":\"database\"}\n");
    return;
  }
  r->status = 200;
  struct buf *b = &r->body;
  char zY[8];
  finance_year_api(zYear, zY);
  bool f = true;
  buf_putc(b, '{');
  json_kv_str(b, &f, "year", zY);
  json_kv_str(b, &f, "unit", u->zSlug);
  json_kv_bool(b, &f, "demo", p.bDemo || pb.bDemo);
  json_key(b, &f, "streams");
  buf_putc(b, '[');
  bool fs = true;
  for(int i=0; i<p.nStream; i++){
    json_sep(b, &fs);
    bool g = true;
    buf_putc(b, '{');
    json_kv_str(b, &g, "stream", p.a[i].zStream);
    if( p.a[i].zKind[0] ) json_kv_str(b, &g, "kind", p.a[i].zKind); else json_kv_null(b, &g, "kind");
    fig_json(b, &g, &p.a[i].f);
    buf_putc(b, '}');
  }
  buf_putc(b, ']');
  json_key(b, &f, "total");
  buf_putc(b, '{');
  bool g = true;
  fig_json(b, &g, &p.total);
  buf_putc(b, '}');
  if( !is_cluster(u) ){
    json_key(b, &f, "units");
    buf_putc(b, '[');
    bool fu = true;
    struct finance_fig total = {0};
    for(int k=0; k<nRow; k++){
      json_sep(b, &fu);
      bool h = true;
      buf_putc(b, '{');
      json_kv_str(b, &h, "slug", aRow[k].zSlug);
      json_kv_str(b, &h, "name", aRow[k].zName);
      fig_json(b, &h, &aRow[k].f);
      buf_putc(b, '}');
      finance_fig_add(&total, &aRow[k].f);
    }
    buf_putc(b, ']');
    json_key(b, &f, "units_total");
    buf_putc(b, '{');
    bool h = true;
    fig_json(b, &h, &total);
    buf_putc(b, '}');
  }
  buf_puts(b, "}\n");
  free(aRow);
  finance_position_free(&p);
  finance_position_free(&pb);
}

/* ---- the objective page's "Budget" line --------------------------------------------- */

struct obj_budget { long long amount, committed, spent; int n; char zYear[8]; };
static void obj_line(void *p, const struct finance_budget_line *l){
  struct obj_budget *c = p;
  c->amount += l->amount;
  c->committed += l->committed;
  c->spent += l->spent;
  if( c->n++==0 ) text_copy(c->zYear, sizeof c->zYear, l->zYear);
}

void page_finance_objective_budget(struct req *r, const char *zUnitSlug, long long objectiveId){
  struct obj_budget c;
  memset(&c, 0, sizeof c);
  if( finance_budget_line_for_objective(r->db, objectiveId, obj_line, &c)<=0 ) return;
  char za[40], zc[40], zs[40];
  money_format(c.amount, za, sizeof za);
  money_format(c.committed, zc, sizeof zc);
  money_format(c.spent, zs, sizeof zs);
  struct buf *b = &r->body;
  html_printf(b, "<p id=\"objective-budget\"><strong>%s</strong> ", T("finance.objective.budget"));
  html_printf_t(b, TF("finance.objective.figures"), za, c.n, zc, zs);
  html_printf(b, " <a href=\"/units/%s/finance?year=%d#lines-heading\">%s</a></p>\n", zUnitSlug, atoi(c.zYear), T("finance.objective.link"));
}
