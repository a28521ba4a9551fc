/*
** The forms of the cluster's money (see finance.c for the addresses):
** allocations and carry forward (a health board's), budget lines, spend
** entered one at a time or imported from the ledger's CSV export, and
** the spend list with its workbook.
*/
#include "pages/pages.h"
#include "domain/access.h"
#include "domain/export_xlsx.h"
#include "domain/finance.h"
#include "domain/plan.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "util/money.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void crumbs3(struct req *r, char zHref[100], char zFin[120], struct crumb a[3]){
  const struct unit *u = &r->rec.unit;
  snprintf(zHref, 100, "/units/%s", u->zSlug);
  snprintf(zFin, 120, "/units/%s/finance", u->zSlug);
  a[0] = (struct crumb){"/", T("home.title")};
  a[1] = (struct crumb){zHref, unit_display_name(u, r->lang)};
  a[2] = (struct crumb){zFin, T("finance.title")};
}

static const char *query_year(struct req *r, char zYear[8]){
  if( !finance_year_arg(req_query(r, "year"), r->zToday, zYear) ) plan_year_of_date(r->zToday, zYear);
  return zYear;
}

/* ---- allocations --------------------------------------------------------------------- */

static void alloc_form(struct req *r, const struct field_errors *e, const struct finance_allocation_input *in, long long id){
  const struct unit *u = &r->rec.unit;
  char zHref[100], zFin[120];
  struct crumb aCrumb[3];
  crumbs3(r, zHref, zFin, aCrumb);
  page_form_begin(r, T(id ? "finance.allocation.edit_title" : "finance.allocation.new_title"), aCrumb, 3, e,
                  unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  if( id ) html_printf(b, "<form method=\"post\" action=\"/units/%s/finance/allocations/%lld/edit\" novalidate>\n", u->zSlug, id);
  else html_printf(b, "<form method=\"post\" action=\"/units/%s/finance/allocations/new\" novalidate>\n", u->zSlug);
  form_csrf(r);
  form_input(r, e, "year", "finance.year", "finance.year_hint", "text", in->zYear, "off");
  form_input(r, e, "stream", "finance.allocation.stream", "finance.allocation.stream_hint", "text", in->zStream, "off");
  static const char *const azKind[] = {"recurrent", "transformation", "other"};
  static const char *const azKindKey[] = {"finance.kind.recurrent", "finance.kind.transformation", "finance.kind.other"};
  form_radios(r, e, "kind", "finance.col.kind", 0, 3, azKind, azKindKey, in->zKind ? in->zKind : "recurrent");
  form_input(r, e, "amount", "finance.allocation.amount", "finance.amount_hint", "text", in->zAmount, "off");
  form_textarea(r, e, "delivery_criteria", "finance.allocation.criteria", "finance.allocation.criteria_hint", in->zCriteria, 4);
  form_date(r, e, "end_on", "finance.allocation.end_on", "finance.allocation.end_on_hint", in->zEndOn);
  static const char *const azRule[] = {"return", "carry_forward"};
  static const char *const azRuleKey[] = {"finance.rule.return", "finance.rule.carry_forward"};
  form_radios(r, e, "year_end_rule", "finance.col.year_end", "finance.allocation.rule_hint", 2, azRule, azRuleKey,
              in->zYearEndRule ? in->zYearEndRule : "return");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("finance.save"));
  html_printf(b, "<p><a href=\"/units/%s/finance\">%s</a></p>\n</div></div>\n", u->zSlug, T("finance.back"));
  page_end(r);
}

static void alloc_read(struct req *r, struct finance_allocation_input *in, char zEnd[64]){
  in->zYear = req_form(r, "year");
  in->zStream = req_form(r, "stream");
  in->zKind = req_form(r, "kind");
  in->zAmount = req_form(r, "amount");
  in->zCriteria = req_form(r, "delivery_criteria");
  form_date_value(r, "end_on", zEnd);
  in->zEndOn = zEnd;
  in->zYearEndRule = req_form(r, "year_end_rule");
}

void page_finance_allocation_new(struct req *r){
  if( !finance_may_allocate(r->db, &r->user, r->rec.unit.id, r->zToday) ){ page_not_found(r); return; }
  char zYear[8];
  struct finance_allocation_input in = { query_year(r, zYear), "", "recurrent", "", "", "", "return" };
  struct field_errors e = {0};
  alloc_form(r, &e, &in, 0);
}

void page_finance_allocation_create(struct req *r){
  struct finance_allocation_input in;
  char zEnd[64];
  alloc_read(r, &in, zEnd);
  struct field_errors e = {0};
  long long id = finance_allocation_save(r->db, &r->user, r->rec.unit.id, 0, &in, r->zToday, &e);
  if( form_result(r, id, "/units/%s/finance?year=%d", r->rec.unit.zSlug, atoi(in.zYear ? in.zYear : "")) ) alloc_form(r, &e, &in, 0);
}

void page_finance_allocation_edit(struct req *r){
  struct finance_allocation a;
  if( !finance_may_allocate(r->db, &r->user, r->rec.unit.id, r->zToday)
      || !finance_allocation_get(r->db, r->rec.unit.id, r->aId[1], &a) ){ page_not_found(r); return; }
  char zAmount[40];
  money_format_plain(a.amount, zAmount, sizeof zAmount);
  struct finance_allocation_input in = { a.zYear, a.zStream, a.zKind, zAmount, a.zCriteria, a.zEndOn, a.zYearEndRule };
  struct field_errors e = {0};
  alloc_form(r, &e, &in, a.id);
}

void page_finance_allocation_update(struct req *r){
  struct finance_allocation_input in;
  char zEnd[64];
  alloc_read(r, &in, zEnd);
  struct field_errors e = {0};
  long long id = finance_allocation_save(r->db, &r->user, r->rec.unit.id, r->aId[1], &in, r->zToday, &e);
  if( form_result(r, id, "/units/%s/finance?year=%d", r->rec.unit.zSlug, atoi(in.zYear ? in.zYear : "")) ) alloc_form(r, &e, &in, r->aId[1]);
}

void page_finance_carry_forward(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct finance_allocation a;
  if( !finance_may_allocate(r->db, &r->user, u->id, r->zToday)
      || !finance_allocation_get(r->db, u->id, r->aId[1], &a) ){ page_not_found(r); return; }
  struct field_errors e = {0};
  long long id = finance_carry_forward(r->db, &r->user, u->id, a.id, req_form(r, "to"), req_form(r, "decision"), r->zToday, &e);
  if( form_result(r, id, "/units/%s/finance?year=%d", u->zSlug, atoi(a.zYear)+1) ){
    char zHref[100], zFin[120];
    struct crumb aCrumb[3];
    crumbs3(r, zHref, zFin, aCrumb);
    page_form_begin(r, T("finance.carry.title"), aCrumb, 3, &e, unit_display_name(u, r->lang));
    html_printf(&r->body, "<p>%s (%s)</p>\n<p><a href=\"/units/%s/finance?year=%d\">%s</a></p>\n</div></div>\n",
                a.zStream, a.zYear, u->zSlug, atoi(a.zYear)+1, T("finance.back"));
    page_end(r);
  }
}

/* ---- budget lines --------------------------------------------------------------------- */

struct opt_ctx { struct req *r; const char *zSel; };
static void alloc_option(void *p, const struct finance_allocation *a){
  struct opt_ctx *c = p;
  char z[24];
  snprintf(z, sizeof z, "%lld", a->id);
  html_printf(&c->r->body, "<option value=\"%lld\"%s>%s (%s)</option>\n", a->id,
              c->zSel && strcmp(c->zSel, z)==0 ? " selected" : "", a->zStream, a->zYear);
}

static void objective_options(struct req *r, const char *zYear, const char *zSel){
  struct stmt *s = db_prepare(r->db,
    "SELECT o.id, o.title FROM plan_objective o JOIN plan p ON p.id=o.plan_id WHERE p.unit_id=? AND p.year=? ORDER BY o.id");
  stmt_bind_int(s, 1, r->rec.unit.id);
  stmt_bind_text(s, 2, zYear);
  while( stmt_step(s)==1 ){
    const char *zId = stmt_text(s, 0);
    html_printf(&r->body, "<option value=\"%s\"%s>%s</option>\n", zId, zSel && strcmp(zSel, zId)==0 ? " selected" : "", stmt_text(s, 1));
  }
  stmt_done(s);
}

static void line_form(struct req *r, const struct field_errors *e, const struct finance_budget_line_input *in,
                      const char *zYear, long long id){
  const struct unit *u = &r->rec.unit;
  char zHref[100], zFin[120];
  struct crumb aCrumb[3];
  crumbs3(r, zHref, zFin, aCrumb);
  page_form_begin(r, T(id ? "finance.line.edit_title" : "finance.line.new_title"), aCrumb, 3, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  if( id ) html_printf(b, "<form method=\"post\" action=\"/units/%s/finance/budget-lines/%lld/edit?year=%d\" novalidate>\n", u->zSlug, id, atoi(zYear));
  else html_printf(b, "<form method=\"post\" action=\"/units/%s/finance/budget-lines/new?year=%d\" novalidate>\n", u->zSlug, atoi(zYear));
  form_csrf(r);
  form_select_begin(r, e, "allocation", "finance.col.stream", 0);
  struct opt_ctx c = { r, in->zAllocation };
  finance_allocation_list(r->db, u->id, zYear, alloc_option, &c);
  form_select_end(r);
  form_select_begin(r, e, "objective", "finance.col.objective", "finance.line.objective_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("finance.none"));
  objective_options(r, zYear, in->zObjective);
  form_select_end(r);
  form_input(r, e, "title", "finance.col.line", 0, "text", in->zTitle, "off");
  form_input(r, e, "amount", "finance.col.budget", "finance.amount_hint", "text", in->zAmount, "off");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("finance.save"));
  html_printf(b, "<p><a href=\"/units/%s/finance?year=%d\">%s</a></p>\n</div></div>\n", u->zSlug, atoi(zYear), T("finance.back"));
  page_end(r);
}

static void line_read(struct req *r, struct finance_budget_line_input *in){
  in->zAllocation = req_form(r, "allocation");
  in->zObjective = req_form(r, "objective");
  in->zTitle = req_form(r, "title");
  in->zAmount = req_form(r, "amount");
}

void page_finance_line_new(struct req *r){
  char zYear[8];
  query_year(r, zYear);
  struct finance_budget_line_input in = { "", req_query(r, "objective"), "", "" };
  struct field_errors e = {0};
  line_form(r, &e, &in, zYear, 0);
}

void page_finance_line_create(struct req *r){
  char zYear[8];
  query_year(r, zYear);
  struct finance_budget_line_input in;
  line_read(r, &in);
  struct field_errors e = {0};
  long long id = finance_budget_line_save(r->db, &r->user, r->rec.unit.id, 0, &in, r->zToday, &e);
  if( form_result(r, id, "/units/%s/finance?year=%d", r->rec.unit.zSlug, atoi(zYear)) ) line_form(r, &e, &in, zYear, 0);
}

void page_finance_line_edit(struct req *r){
  struct finance_budget_line l;
  if( !finance_budget_line_get(r->db, r->rec.unit.id, r->aId[1], &l) ){ page_not_found(r); return; }
  char zA[24], zO[24], zAmount[40];
  snprintf(zA, sizeof zA, "%lld", l.allocationId);
  snprintf(zO, sizeof zO, "%lld", l.objectiveId);
  money_format_plain(l.amount, zAmount, sizeof zAmount);
  struct finance_budget_line_input in = { zA, l.objectiveId ? zO : "", l.zTitle, zAmount };
  struct field_errors e = {0};
  line_form(r, &e, &in, l.zYear, l.id);
}

void page_finance_line_update(struct req *r){
  struct finance_budget_line l;
  if( !finance_budget_line_get(r->db, r->rec.unit.id, r->aId[1], &l) ){ page_not_found(r); return; }
  struct finance_budget_line_input in;
  line_read(r, &in);
  struct field_errors e = {0};
  long long id = finance_budget_line_save(r->db, &r->user, r->rec.unit.id, l.id, &in, r->zToday, &e);
  if( form_result(r, id, "/units/%s/finance?year=%d", r->rec.unit.zSlug, atoi(l.zYear)) ) line_form(r, &e, &in, l.zYear, l.id);
}

/* ---- spend ----------------------------------------------------------------------------- */

#define SPEND_PAGE_ROWS 500
struct spend_ctx { struct req *r; int n; bool bDemo; long long total; bool bMore; };
static void spend_row(void *p, const struct finance_spend *x){
  struct spend_ctx *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n==SPEND_PAGE_ROWS ){ c->bMore = true; return; }
  if( x->bDemo ) c->bDemo = true;
  c->total += x->amount;
  if( c->n++==0 ){
    page_scroll_begin(r, "spend-heading");
    nhsuk_rtable_begin(b, "cc-money", "spend", 0);
    nhsuk_rtable_header(b, T("finance.col.date"), false);
    nhsuk_rtable_header(b, T("finance.col.stream"), false);
    nhsuk_rtable_header(b, T("finance.col.supplier"), false);
    nhsuk_rtable_header(b, T("finance.col.description"), false);
    nhsuk_rtable_header(b, T("finance.col.commitment"), false);
    nhsuk_rtable_header(b, T("finance.col.source"), false);
    nhsuk_rtable_header(b, T("finance.col.amount"), true);
    nhsuk_table_body(b);
  }
  char zd[48], zm[40];
  page_date_short(r, x->zDate, zd);
  money_format(x->amount, zm, sizeof zm);
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell(b, T("finance.col.date"), zd);
  nhsuk_rtable_cell(b, T("finance.col.stream"), x->zStream);
  nhsuk_rtable_cell(b, T("finance.col.supplier"), x->zSupplier);
  nhsuk_rtable_cell(b, T("finance.col.description"), x->zDescription);
  nhsuk_rtable_cell_begin(b, 0, T("finance.col.commitment"));
  if( x->commitmentId ) html_printf(b, "<a href=\"/commitments/%lld\">%s</a>", x->commitmentId, x->zCommitment);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("finance.col.source"));
  if( x->zLedgerRef[0] ) html_printf(b, "%s %s", T("finance.source.ledger"), x->zLedgerRef);
  else html_printf(b, "%s", T("finance.source.entered"));
  if( x->bDemo ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T("finance.demo_short"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("finance.col.amount"));
  html_printf(b, "%s", zm);
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

void page_finance_spend(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zYear[8];
  if( !finance_year_arg(req_query(r, "year"), r->zToday, zYear) ){ page_error(r, 400, "finance.error.year_title", "finance.error.year"); return; }
  long long allocId = req_query_int(r, "allocation", 0);
  char zHref[100], zFin[120], zTitle[160];
  struct crumb aCrumb[3];
  crumbs3(r, zHref, zFin, aCrumb);
  snprintf(zTitle, sizeof zTitle, "%s %s", T("finance.spend.title"), zYear);
  page_begin(r, zTitle, aCrumb, 3);
  struct buf *b = &r->body;
  int y = atoi(zYear);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", unit_display_name(u, r->lang), zTitle);
  html_printf(b, "<p><a href=\"/units/%s/finance/spend.xlsx?year=%d\">%s</a></p>\n", u->zSlug, y, T("finance.spend.download"));
  if( access_can_write(r->db, &r->user, u->id, r->zToday) ){
    html_printf(b, "<p><a href=\"/units/%s/finance/spend/new?year=%d\">%s</a> · <a href=\"/units/%s/finance/import\">%s</a></p>\n",
                u->zSlug, y, T("finance.spend.new"), u->zSlug, T("finance.import.link"));
  }
  html_printf(b, "<h2 id=\"spend-heading\">%s</h2>\n", T("finance.spend.lines"));
  struct spend_ctx c = { r, 0, false, 0, false };
  finance_spend_list(r->db, u->id, zYear, allocId, SPEND_PAGE_ROWS+1, spend_row, &c);
  if( c.n ){
    nhsuk_table_end(b);
    page_scroll_end(r);
    char zm[40];
    money_format(c.total, zm, sizeof zm);
    html_printf(b, "<p id=\"spend-total\">");
    if( c.bMore ) html_printf_t(b, TF("finance.spend.more"), SPEND_PAGE_ROWS);
    else html_printf_t(b, TF("finance.spend.total"), c.n, zm);
    html_printf(b, "</p>\n");
    if( c.bDemo ){
      nhsuk_warning_callout_begin(b, 2, T("finance.demo_heading"));
      html_printf(b, "<p>%s</p>", T("finance.demo_text"));
      nhsuk_warning_callout_end(b);
    }
  }else{
    html_printf(b, "<p id=\"no-spend\">%s</p>\n", T("finance.spend.none"));
  }
  page_end(r);
}

struct xs_ctx { struct req *r; struct xbook *x; const char *zYear; };
static void xl_spend(void *p, const struct finance_spend *s){
  struct xs_ctx *c = p;
  xbook_date(c->x, s->zDate); xbook_text(c->x, s->zStream); xbook_text(c->x, s->zSupplier);
  xbook_text(c->x, s->zDescription);
  if( s->commitmentId ) xbook_int(c->x, s->commitmentId); else xbook_skip(c->x);
  xbook_text(c->x, s->zLedgerRef); xbook_pence(c->x, s->amount);
}
static bool spend_xlsx_write(struct xbook *x, void *p){
  struct xs_ctx *c = p;
  struct req *r = c->r;
  static const struct xcol cols[] = {
    {"finance.col.date", XCOL_DATE, 12}, {"finance.col.stream", XCOL_TEXT, 24}, {"finance.col.supplier", XCOL_TEXT, 24},
    {"finance.col.description", XCOL_WRAP, 40}, {"finance.col.commitment", XCOL_INT, 12}, {"finance.col.reference", XCOL_TEXT, 16},
    {"finance.col.amount", XCOL_PENCE, 14},
  };
  xbook_sheet(x, T("finance.sheet.spend"), cols, 7, r->lang);
  c->x = x;
  return finance_spend_list(r->db, r->rec.unit.id, c->zYear, req_query_int(r, "allocation", 0), 0, xl_spend, c)>=0;
}

void page_finance_spend_xlsx(struct req *r){
  char zYear[8], zY[8], zFile[160];
  if( !finance_year_arg(req_query(r, "year"), r->zToday, zYear) ){ page_error(r, 400, "finance.error.year_title", "finance.error.year"); return; }
  finance_year_api(zYear, zY);
  snprintf(zFile, sizeof zFile, "spend-%s-%s.xlsx", r->rec.unit.zSlug, zY);
  struct xs_ctx c = { r, 0, zYear };
  page_xlsx_send(r, zFile, spend_xlsx_write, &c);
}

static void spend_form(struct req *r, const struct field_errors *e, const struct finance_spend_input *in, const char *zYear){
  const struct unit *u = &r->rec.unit;
  char zHref[100], zFin[120];
  struct crumb aCrumb[3];
  crumbs3(r, zHref, zFin, aCrumb);
  page_form_begin(r, T("finance.spend.new_title"), aCrumb, 3, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/units/%s/finance/spend/new?year=%d\" novalidate>\n", u->zSlug, atoi(zYear));
  form_csrf(r);
  form_date(r, e, "spent_on", "finance.col.date", "finance.spend.date_hint", in->zDate);
  form_input(r, e, "amount", "finance.col.amount", "finance.spend.amount_hint", "text", in->zAmount, "off");
  form_select_begin(r, e, "allocation", "finance.col.stream", 0);
  struct opt_ctx c = { r, in->zAllocation };
  finance_allocation_list(r->db, u->id, zYear, alloc_option, &c);
  form_select_end(r);
  form_select_begin(r, e, "commitment", "finance.col.commitment", "finance.spend.commitment_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("finance.none"));
  struct stmt *s = db_prepare(r->db,
    "SELECT c.id, c.title, c.supplier FROM finance_commitment c WHERE c.unit_id=? AND c.status='committed' ORDER BY c.id DESC LIMIT 500");
  stmt_bind_int(s, 1, u->id);
  while( stmt_step(s)==1 ){
    const char *zId = stmt_text(s, 0);
    html_printf(b, "<option value=\"%s\"%s>%s — %s</option>\n", zId, in->zCommitment && strcmp(in->zCommitment, zId)==0 ? " selected" : "",
                stmt_text(s, 1), stmt_text(s, 2));
  }
  stmt_done(s);
  form_select_end(r);
  form_input(r, e, "supplier", "finance.col.supplier", 0, "text", in->zSupplier, "off");
  form_input(r, e, "description", "finance.col.description", 0, "text", in->zDescription, "off");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("finance.save"));
  html_printf(b, "<p><a href=\"/units/%s/finance/spend?year=%d\">%s</a></p>\n</div></div>\n", u->zSlug, atoi(zYear), T("finance.back"));
  page_end(r);
}

void page_finance_spend_new(struct req *r){
  char zYear[8];
  query_year(r, zYear);
  struct finance_spend_input in = { "", "", "", req_query(r, "commitment"), "", "" };
  struct field_errors e = {0};
  spend_form(r, &e, &in, zYear);
}

void page_finance_spend_create(struct req *r){
  char zYear[8], zDate[64];
  query_year(r, zYear);
  form_date_value(r, "spent_on", zDate);
  struct finance_spend_input in = { zDate, req_form(r, "amount"), req_form(r, "allocation"), req_form(r, "commitment"),
                                    req_form(r, "supplier"), req_form(r, "description") };
  struct field_errors e = {0};
  long long id = finance_spend_save(r->db, &r->user, r->rec.unit.id, &in, r->zToday, &e);
  char zY[8];
  if( text_is_date(zDate) ) plan_year_of_date(zDate, zY); else text_copy(zY, sizeof zY, zYear);
  if( form_result(r, id, "/units/%s/finance/spend?year=%d", r->rec.unit.zSlug, atoi(zY)) ) spend_form(r, &e, &in, zYear);
}

/* ---- the ledger import ------------------------------------------------------------------- */

static const struct import_file_keys kImportKeys = {
  "finance.import.file", "finance.import.file_hint", "finance.import.paste", "finance.import.paste_hint", "finance.import.check"
};

static void import_page(struct req *r, const char *zText, const struct field_errors *e, const struct finance_import *o,
                        const char *zPasted){
  const struct unit *u = &r->rec.unit;
  char zHref[100], zFin[120], zAction[160];
  struct crumb aCrumb[3];
  crumbs3(r, zHref, zFin, aCrumb);
  snprintf(zAction, sizeof zAction, "/units/%s/finance/import", u->zSlug);
  page_begin_form(r, T("finance.import.title"), aCrumb, 3, e);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", unit_display_name(u, r->lang), T("finance.import.title"));
  form_error_summary(r, e);
  html_printf(b, "<p>%s</p>\n<p id=\"import-columns\"><code>Date</code>, <code>Reference</code>, <code>Supplier</code>, <code>Description</code>, "
                 "<code>Amount</code>, <code>Stream</code>, <code>Commitment</code></p>\n<p>%s</p>\n",
              T("finance.import.intro"), T("finance.import.format"));
  if( o && o->nError ){
    struct import_error_view a[FINANCE_IMPORT_ERRORS];
    int nShow = o->nError<FINANCE_IMPORT_ERRORS ? o->nError : FINANCE_IMPORT_ERRORS;
    for(int i=0; i<nShow; i++) a[i] = (struct import_error_view){ o->a[i].line, o->a[i].column, 0, o->a[i].zKey, o->a[i].zText };
    struct import_errors_text t = { T("finance.import.errors"), T("finance.import.col_line"), T("finance.import.col_column"),
                                    T("finance.import.col_problem"), T("finance.import.col_text"), true, TF("finance.import.more") };
    import_errors_table(r, a, nShow, o->nError, &t);
    if( o->nValid ){
      struct import_valid_text vt = { T("finance.import.valid_heading"), T("finance.import.file_again"), T("finance.import.file_again_hint"),
                                      TF("finance.import.valid_intro"), TF("finance.import.valid_button") };
      import_valid_form(r, zAction, (size_t)o->nValid, zPasted, &vt);
    }
  }
  import_file_form(r, zAction, zText, e, &kImportKeys);
  html_printf(b, "<p><a href=\"/units/%s/finance/spend\">%s</a></p>\n", u->zSlug, T("finance.back"));
  page_end(r);
}

void page_finance_import_form(struct req *r){
  struct field_errors e = {0};
  import_page(r, "", &e, 0, 0);
}

void page_finance_import(struct req *r){
  const char *zText, *zPasted;
  size_t nText;
  bool bValidOnly = import_input(r, &zText, &nText, &zPasted);
  struct field_errors e = {0};
  struct finance_import *o = xcalloc(1, sizeof *o);
  if( !zText ){
    field_errors_add(&e, "file", "finance.import.error.empty");
  }else{
    finance_ledger_import(r->db, &r->user, r->rec.unit.id, zText, nText, bValidOnly, true, o);
    if( o->zFileKey ) field_errors_add(&e, "file", o->zFileKey);
    else if( o->bDbError ) field_errors_add(&e, "file", "error.not_saved");
    else if( o->nError && !bValidOnly ) field_errors_add(&e, "file", "finance.import.error.lines");
    else if( o->nValid==0 ) field_errors_add(&e, "file", "finance.import.error.none_valid");
  }
  if( e.n ){
    r->status = 400;
    import_page(r, zPasted ? zPasted : "", &e, o, zPasted);
    free(o);
    return;
  }
  /* Imported (or every line already there): say what happened. */
  const struct unit *u = &r->rec.unit;
  char zHref[100], zFin[120];
  struct crumb aCrumb[3];
  crumbs3(r, zHref, zFin, aCrumb);
  page_begin(r, T("finance.import.done_title"), aCrumb, 3);
  struct buf *b = &r->body;
  html_printf(b, "<h1>%s</h1>\n<p id=\"imported\">", T("finance.import.done_title"));
  html_printf_t(b, TF("finance.import.done"), o->nImported);
  html_printf(b, "</p>\n");
  if( o->nDuplicate ){
    html_printf(b, "<p id=\"duplicates\">");
    html_printf_t(b, TF("finance.import.duplicates"), o->nDuplicate);
    for(int i=0; i<o->nDuplicate && i<5; i++) html_printf(b, "%s<code>%s</code>", i ? ", " : " ", o->azDuplicate[i]);
    html_printf(b, "</p>\n");
  }
  if( o->nLines>o->nValid ){
    html_printf(b, "<p id=\"left-out\">");
    html_printf_t(b, TF("finance.import.left_out"), o->nLines - o->nValid);
    html_printf(b, "</p>\n");
  }
  html_printf(b, "<p><a href=\"/units/%s/finance/spend\">%s</a></p>\n", u->zSlug, T("finance.spend.link"));
  free(o);
  page_end(r);
}
