/*
** The benefits register (src/domain/evaluation.h): each benefit valued by
** Social Value UK's method (quantity x financial proxy, less deadweight,
** attribution and displacement, falling by the drop-off, discounted at
** the Green Book's 3.5%).
**
**   GET  /projects/{id}/benefits                  a project's benefits
**   GET  /projects/{id}/benefits/new, POST        add one
**   GET  /projects/{id}/benefits/{item}/edit, POST
**   GET  /units/{slug}/benefits                   across the unit's projects
**   GET  /units/{slug}/benefits.xlsx              its workbook
*/
#include "pages/pages.h"
#include "domain/access.h"
#include "domain/domain_write.h"
#include "domain/evaluation.h"
#include "domain/export_xlsx.h"
#include "domain/project.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "util/money.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *kind_key(int k){
  return k==BENEFIT_CASH ? "benefit.kind.cash_releasing" : k==BENEFIT_NON_CASH ? "benefit.kind.non_cash"
                                                         : "benefit.kind.social";
}
static const char *kind_colour(int k){
  return k==BENEFIT_CASH ? "green" : k==BENEFIT_NON_CASH ? "blue" : "purple";
}

/* "20% · 25% · 10% · 10%" */
static void deductions(const struct econ_benefit *e, char *z, size_t n){
  snprintf(z, n, "%d%% · %d%% · %d%% · %d%%", e->deadweightPct, e->attributionPct, e->displacementPct, e->dropOffPct);
}

static void benefits_table(struct req *r, const struct benefit_row *a, int n, bool bProject, bool bActions){
  struct buf *b = &r->body;
  nhsuk_rtable_begin(b, "nhsuk-table--compact", "benefits-table", T("benefit.caption"));
  if( !bProject ) nhsuk_rtable_header(b, T("benefit.project"), false);
  nhsuk_rtable_header(b, T("benefit.description"), false);
  nhsuk_rtable_header(b, T("benefit.gross"), true);
  nhsuk_rtable_header(b, T("benefit.deductions"), false);
  nhsuk_rtable_header(b, T("benefit.years"), false);
  nhsuk_rtable_header(b, T("benefit.pv"), true);
  nhsuk_rtable_header(b, T("benefit.evidence"), false);
  if( bActions ) nhsuk_rtable_header(b, T("eval.actions"), false);
  nhsuk_table_body(b);
  long long total = 0;
  for(int i = 0; i < n; i++){
    const struct benefit_row *w = &a[i];
    char zId[40], zM[40], zQ[40], zD[80], zY[80];
    snprintf(zId, sizeof zId, "benefit-%lld", w->id);
    nhsuk_rtable_row_begin(b, 0, zId);
    if( !bProject ){
      nhsuk_rtable_cell_begin(b, 0, T("benefit.project"));
      html_printf(b, "<a href=\"/projects/%lld/benefits\">%s</a>", w->projectId, w->zProjectTitle);
      if( w->bDemo ) html_printf(b, " <span class=\"nhsuk-body-s\">%s</span>", T("benefit.demo_short"));
      if( w->unitId!=r->rec.unit.id ){
        html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>",
                    r->lang==LANG_CY && w->zUnitNameCy[0] ? w->zUnitNameCy : w->zUnitName);
      }
      nhsuk_rtable_cell_end(b);
    }
    nhsuk_rtable_cell_begin(b, 0, T("benefit.description"));
    html_printf(b, "%s ", w->zDescription);
    nhsuk_tag(b, kind_colour(w->e.kind), T(kind_key(w->e.kind)));
    if( w->zBeneficiaries[0] ) html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", w->zBeneficiaries);
    nhsuk_rtable_cell_end(b);
    nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("benefit.gross"));
    eval_number(w->e.quantity, zQ, sizeof zQ);
    html_printf(b, "%s × %s", zQ, money_format(w->e.proxyPence, zM, sizeof zM));
    if( w->zProxySource[0] ) html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", w->zProxySource);
    nhsuk_rtable_cell_end(b);
    deductions(&w->e, zD, sizeof zD);
    nhsuk_rtable_cell(b, T("benefit.deductions"), zD);
    nhsuk_rtable_cell_begin(b, 0, T("benefit.years"));
    html_printf_t(b, TF("benefit.years_text"), w->e.startYear, w->e.durationYears);
    (void)zY;
    nhsuk_rtable_cell_end(b);
    nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("benefit.pv"));
    html_printf(b, "%s", money_format(w->pvPence, zM, sizeof zM));
    nhsuk_rtable_cell_end(b);
    nhsuk_rtable_cell(b, T("benefit.evidence"), w->zEvidence);
    if( bActions ){
      nhsuk_rtable_cell_begin(b, 0, T("eval.actions"));
      html_printf(b, "<a href=\"/projects/%lld/benefits/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                  w->projectId, w->id, T("eval.change"), w->zDescription);
      nhsuk_rtable_cell_end(b);
    }
    nhsuk_table_row_end(b);
    total += w->pvPence;
  }
  char zM[40];
  nhsuk_table_row_begin(b, 0);
  html_printf(b, "<th scope=\"row\" class=\"nhsuk-table__header\" colspan=\"%d\">%s</th>", bProject ? 4 : 5, T("benefit.total"));
  html_printf(b, "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\" id=\"benefits-total\">%s</td><td class=\"nhsuk-table__cell\"></td>",
              money_format(total, zM, sizeof zM));
  if( bActions ) html_printf(b, "<td class=\"nhsuk-table__cell\"></td>");
  nhsuk_table_row_end(b);
  nhsuk_table_end(b);
  html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n", T("benefit.deductions_hint"));
}

void page_benefits(struct req *r){
  const struct project *p = r->rec.pWork;
  char zHref[80];
  snprintf(zHref, sizeof zHref, "/projects/%lld/evaluation", p->id);
  eval_page_begin(r, T("benefit.title"), zHref, T("eval.title"), 0, false);
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("benefit.intro"));
  if( p->bCanWrite ){
    html_printf(b, "<p><a class=\"nhsuk-button\" href=\"/projects/%lld/benefits/new\">%s</a></p>\n", p->id, T("benefit.new"));
  }
  struct benefit_row *a;
  int n = evaluation_benefits_load(r->db, p->id, 0, r->zToday, &a);
  if( n <= 0 ) html_printf(b, "<p id=\"benefits-none\">%s</p>\n", T("benefit.none"));
  else benefits_table(r, a, n, true, p->bCanWrite);
  if( n > 0 ) evaluation_benefits_free(a, n);
  html_printf(b, "<h2 id=\"economic\">%s</h2>\n", T("eval.econ.heading"));
  eval_econ_summary(r, p->id);
  html_printf(b, "<p><a href=\"/units/%s/benefits\">%s</a></p>\n", p->zUnitSlug, T("benefit.unit_register"));
  html_printf(b, "<p><a href=\"/projects/%lld/evaluation\">%s</a></p>\n", p->id, T("eval.back"));
  page_end(r);
}

/* ---- the form ---- */

static void benefit_form(struct req *r, long long itemId, const struct field_errors *e, const struct benefit_input *in){
  const struct project *p = r->rec.pWork;
  char zHref[80];
  snprintf(zHref, sizeof zHref, "/projects/%lld/benefits", p->id);
  eval_page_begin(r, T(itemId ? "benefit.edit_title" : "benefit.new_title"), zHref, T("benefit.title"), e, true);
  struct buf *b = &r->body;
  if( itemId ) html_printf(b, "<form method=\"post\" action=\"/projects/%lld/benefits/%lld/edit\" novalidate>\n", p->id, itemId);
  else html_printf(b, "<form method=\"post\" action=\"/projects/%lld/benefits/new\" novalidate>\n", p->id);
  form_csrf(r);
  static const char *const azKind[3] = {"cash_releasing", "non_cash", "social"};
  static const char *const azKindKey[3] = {"benefit.kind.cash_releasing", "benefit.kind.non_cash", "benefit.kind.social"};
  form_radios(r, e, "kind", "benefit.kind", "benefit.kind_hint", 3, azKind, azKindKey, in->zKind ? in->zKind : "");
  form_textarea(r, e, "description", "benefit.description", "benefit.description_hint", in->zDescription, 3);
  form_input(r, e, "beneficiaries", "benefit.beneficiaries", "benefit.beneficiaries_hint", "text", in->zBeneficiaries, "off");
  form_input(r, e, "quantity", "benefit.quantity", "benefit.quantity_hint", "text", in->zQuantity, "off");
  form_input(r, e, "proxy", "benefit.proxy", "benefit.proxy_hint", "text", in->zProxy, "off");
  form_input(r, e, "proxy_low", "benefit.proxy_low", "benefit.proxy_low_hint", "text", in->zProxyLow, "off");
  form_input(r, e, "proxy_high", "benefit.proxy_high", "benefit.proxy_high_hint", "text", in->zProxyHigh, "off");
  form_textarea(r, e, "proxy_source", "benefit.proxy_source", "benefit.proxy_source_hint", in->zProxySource, 2);
  form_input(r, e, "deadweight", "benefit.deadweight", "benefit.deadweight_hint", "text", in->zDeadweight, "off");
  form_input(r, e, "attribution", "benefit.attribution", "benefit.attribution_hint", "text", in->zAttribution, "off");
  form_input(r, e, "displacement", "benefit.displacement", "benefit.displacement_hint", "text", in->zDisplacement, "off");
  form_input(r, e, "drop_off", "benefit.drop_off", "benefit.drop_off_hint", "text", in->zDropOff, "off");
  form_input(r, e, "start_year", "benefit.start_year", "benefit.start_year_hint", "text", in->zStartYear, "off");
  form_input(r, e, "duration", "benefit.duration", "benefit.duration_hint", "text", in->zDuration, "off");
  form_textarea(r, e, "evidence", "benefit.evidence", "benefit.evidence_hint", in->zEvidence, 3);
  form_select_begin(r, e, "logic_item", "benefit.logic_item", "benefit.logic_item_hint");
  eval_logic_options(r, in->zLogicItem);
  form_select_end(r);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("eval.save"));
  html_printf(b, "<p><a href=\"/projects/%lld/benefits\">%s</a></p>\n</div></div>\n", p->id, T("benefit.back"));
  page_end(r);
}

static void benefit_read_form(struct req *r, struct benefit_input *in){
  in->zKind = req_form(r, "kind");
  in->zDescription = req_form(r, "description");
  in->zBeneficiaries = req_form(r, "beneficiaries");
  in->zQuantity = req_form(r, "quantity");
  in->zProxy = req_form(r, "proxy");
  in->zProxyLow = req_form(r, "proxy_low");
  in->zProxyHigh = req_form(r, "proxy_high");
  in->zProxySource = req_form(r, "proxy_source");
  in->zDeadweight = req_form(r, "deadweight");
  in->zAttribution = req_form(r, "attribution");
  in->zDisplacement = req_form(r, "displacement");
  in->zDropOff = req_form(r, "drop_off");
  in->zStartYear = req_form(r, "start_year");
  in->zDuration = req_form(r, "duration");
  in->zEvidence = req_form(r, "evidence");
  in->zLogicItem = req_form(r, "logic_item");
}

void page_benefit_new(struct req *r){
  struct benefit_input in = {0};
  in.zDeadweight = in.zAttribution = in.zDisplacement = in.zDropOff = in.zStartYear = "0";
  in.zDuration = "1";
  benefit_form(r, 0, 0, &in);
}
void page_benefit_create(struct req *r){
  struct benefit_input in;
  benefit_read_form(r, &in);
  struct field_errors e = {0};
  long long id = benefit_save(r->db, &r->user, r->rec.pWork, 0, &in, (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/benefits", r->rec.pWork->id) ) benefit_form(r, 0, &e, &in);
}
void page_benefit_edit(struct req *r){
  struct benefit_row *a;
  int n = evaluation_benefits_load(r->db, r->rec.pWork->id, 0, r->zToday, &a);
  const struct benefit_row *w = 0;
  for(int i = 0; i < n; i++) if( a[i].id==r->aId[1] ) w = &a[i];
  if( !w ){ if( n > 0 ) evaluation_benefits_free(a, n); page_not_found(r); return; }
  char zQ[40], zP[40], zLo[40] = "", zHi[40] = "", zDw[8], zAt[8], zDi[8], zDr[8], zS[8], zD[8], zL[24] = "";
  eval_number(w->e.quantity, zQ, sizeof zQ);
  money_format_plain(w->e.proxyPence, zP, sizeof zP);
  if( w->e.proxyLowPence >= 0 ) money_format_plain(w->e.proxyLowPence, zLo, sizeof zLo);
  if( w->e.proxyHighPence >= 0 ) money_format_plain(w->e.proxyHighPence, zHi, sizeof zHi);
  snprintf(zDw, sizeof zDw, "%d", w->e.deadweightPct);
  snprintf(zAt, sizeof zAt, "%d", w->e.attributionPct);
  snprintf(zDi, sizeof zDi, "%d", w->e.displacementPct);
  snprintf(zDr, sizeof zDr, "%d", w->e.dropOffPct);
  snprintf(zS, sizeof zS, "%d", w->e.startYear);
  snprintf(zD, sizeof zD, "%d", w->e.durationYears);
  if( w->logicItemId ) snprintf(zL, sizeof zL, "%lld", w->logicItemId);
  struct benefit_input in = { benefit_kind_code(w->e.kind), w->zDescription, w->zBeneficiaries, zQ, zP, zLo, zHi,
                              w->zProxySource, zDw, zAt, zDi, zDr, zS, zD, w->zEvidence, zL };
  benefit_form(r, w->id, 0, &in);
  evaluation_benefits_free(a, n);
}
void page_benefit_update(struct req *r){
  struct benefit_input in;
  benefit_read_form(r, &in);
  struct field_errors e = {0};
  long long id = benefit_save(r->db, &r->user, r->rec.pWork, r->aId[1], &in, (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/benefits", r->rec.pWork->id) ) benefit_form(r, r->aId[1], &e, &in);
}

/* ---- across the unit's projects ---- */

void page_unit_benefits(struct req *r){
  const struct unit *u = &r->rec.unit;
  page_unit_begin(r, u, T("benefit.register_title"), "benefits-heading");
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("benefit.register_intro"));
  struct benefit_row *a;
  int n = evaluation_benefits_load(r->db, 0, u->id, r->zToday, &a);
  if( n <= 0 ){
    html_printf(b, "<p id=\"benefits-none\">%s</p>\n", T("benefit.register_none"));
  }else{
    benefits_table(r, a, n, false, false);
    long long aKind[BENEFIT__N] = {0};
    bool bDemo = false;
    for(int i = 0; i < n; i++){
      if( a[i].e.kind >= 0 ) aKind[a[i].e.kind] += a[i].pvPence;
      if( a[i].bDemo ) bDemo = true;
    }
    char zM[40];
    nhsuk_summary_begin(b, "benefits-by-kind");
    for(int k = 0; k < BENEFIT__N; k++) nhsuk_summary_row(b, T(kind_key(k)), money_format(aKind[k], zM, sizeof zM), false);
    nhsuk_summary_end(b);
    if( bDemo ) nhsuk_warning_callout(b, 2, T("eval.demo_heading"), T("benefit.demo_text"));
    evaluation_benefits_free(a, n);
  }
  html_printf(b, "<p><a href=\"/units/%s/benefits.xlsx\">%s</a></p>\n", u->zSlug, T("benefit.xlsx"));
  html_printf(b, "<p><a href=\"/units/%s/projects\">%s</a></p>\n", u->zSlug, T("eval.projects"));
  page_end(r);
}

static bool xlsx_write(struct xbook *x, void *pCtx){
  struct req *r = pCtx;
  static const struct xcol aCol[] = {
    {"benefit.xl.id", XCOL_INT, 8}, {"benefit.project", XCOL_WRAP, 30}, {"benefit.xl.unit", XCOL_WRAP, 24},
    {"benefit.kind", XCOL_TEXT, 16},
    {"benefit.description", XCOL_WRAP, 40}, {"benefit.beneficiaries", XCOL_WRAP, 24}, {"benefit.quantity", XCOL_TEXT, 10},
    {"benefit.proxy", XCOL_PENCE, 14}, {"benefit.proxy_source", XCOL_WRAP, 30}, {"benefit.deadweight", XCOL_INT, 10},
    {"benefit.attribution", XCOL_INT, 10}, {"benefit.displacement", XCOL_INT, 10}, {"benefit.drop_off", XCOL_INT, 10},
    {"benefit.start_year", XCOL_INT, 8}, {"benefit.duration", XCOL_INT, 8}, {"benefit.pv", XCOL_PENCE, 16},
    {"benefit.evidence", XCOL_WRAP, 40},
  };
  xbook_sheet(x, T("benefit.register_title"), aCol, (int)(sizeof aCol / sizeof aCol[0]), r->lang);
  struct benefit_row *a;
  int n = evaluation_benefits_load(r->db, 0, r->rec.unit.id, r->zToday, &a);
  if( n < 0 ) return false;
  for(int i = 0; i < n; i++){
    const struct benefit_row *w = &a[i];
    char zQ[40];
    eval_number(w->e.quantity, zQ, sizeof zQ);
    xbook_int(x, w->id);
    xbook_text(x, w->zProjectTitle);
    xbook_text(x, r->lang==LANG_CY && w->zUnitNameCy[0] ? w->zUnitNameCy : w->zUnitName);
    xbook_text(x, T(kind_key(w->e.kind)));
    xbook_text(x, w->zDescription);
    xbook_text(x, w->zBeneficiaries);
    xbook_text(x, zQ);
    xbook_pence(x, w->e.proxyPence);
    xbook_text(x, w->zProxySource);
    xbook_int(x, w->e.deadweightPct);
    xbook_int(x, w->e.attributionPct);
    xbook_int(x, w->e.displacementPct);
    xbook_int(x, w->e.dropOffPct);
    xbook_int(x, w->e.startYear);
    xbook_int(x, w->e.durationYears);
    xbook_pence(x, w->pvPence);
    xbook_text(x, w->zEvidence);
  }
  if( n > 0 ) evaluation_benefits_free(a, n);
  return true;
}

void page_unit_benefits_xlsx(struct req *r){
  char zName[160];
  snprintf(zName, sizeof zName, "benefits-%s.xlsx", r->rec.unit.zSlug);
  page_xlsx_send(r, zName, xlsx_write, r);
}
