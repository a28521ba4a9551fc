/*
** A unit's commitments under the Standing Financial Instructions
** (src/domain/commitment.h).
**
**   GET  /units/{slug}/commitments?year=2026&status=requested   the list
**   GET  /units/{slug}/commitments.xlsx                          its workbook
**   GET  /units/{slug}/commitments/new, POST                     the request
**        (the "Check the route" button answers without saving)
**   GET  /commitments/{id}                 one: its months, route, rule and
**                                          approver; approve, decline, cancel
**   POST /commitments/{id}/approve | decline | cancel
*/
#include "pages/pages.h"
#include "domain/access.h"
#include "domain/business_case.h"
#include "domain/commitment.h"
#include "domain/decision.h"
#include "domain/domain_write.h"
#include "domain/export_xlsx.h"
#include "domain/plan.h"
#include "domain/project_write.h"
#include "domain/sfi.h"
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

static const char *const azStatus[4] = {"requested", "committed", "declined", "cancelled"};

static const char *status_key(const char *z){
  if( strcmp(z, "requested")==0 ) return "commitment.status.requested";
  if( strcmp(z, "committed")==0 ) return "commitment.status.committed";
  if( strcmp(z, "declined")==0 ) return "commitment.status.declined";
  return "commitment.status.cancelled";
}
static const char *status_colour(const char *z){
  if( strcmp(z, "requested")==0 ) return "yellow";
  if( strcmp(z, "committed")==0 ) return "green";
  if( strcmp(z, "declined")==0 ) return "red";
  return "grey";
}
static const char *kind_key(const char *z){
  if( strcmp(z, "order")==0 ) return "commitment.kind.order";
  if( strcmp(z, "contract")==0 ) return "commitment.kind.contract";
  return "commitment.kind.post";
}

/* The year asked for (?year=2026 or 2026/27), else today's, as "2026/27". */
static void year_of(struct req *r, char zYear[8]){
  const char *z = req_query(r, "year");
  long long y = 0;
  int start = 0;
  if( z && text_to_int(z, 2000, 2098, &y) ){ plan_year_format((int)y, zYear); return; }
  if( z && plan_year_parse(z, &start) ){ plan_year_format(start, zYear); return; }
  plan_year_of_date(r->zToday, zYear);
}
static const char *status_of(struct req *r){
  const char *z = req_query(r, "status");
  for(int i=0; z && i<4; i++) if( strcmp(z, azStatus[i])==0 ) return azStatus[i];
  return 0;
}

/* One row of the list: shared by the page and the workbook. */
struct crow {
  long long id;
  const char *zTitle, *zKind, *zSupplier, *zStream, *zStart, *zEnd, *zStatus, *zApprover;
  long long value;
  bool bDemo;
  long long requestedBy;
};
typedef void (*crow_cb)(void *, const struct crow *);
static int list_rows(struct db *db, long long unitId, const char *zYear, const char *zStatus, crow_cb x, void *p){
  struct stmt *s = db_prepare(db,
    "SELECT c.id, c.title, c.kind, c.supplier, a.stream, c.start_on, c.end_on, c.status, c.approver_role,"
    " c.value_pence, c.demo, c.requested_by"
    " FROM finance_commitment c JOIN finance_allocation a ON a.id=c.allocation_id"
    " WHERE c.unit_id=?1 AND c.year=?2 AND (CAST(?3 AS TEXT) IS NULL OR c.status=?3)"
    " ORDER BY c.start_on, c.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zYear);
  stmt_bind_text(s, 3, zStatus);
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct crow w = { stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2), stmt_text(s, 3), stmt_text(s, 4),
                      stmt_text(s, 5), stmt_text(s, 6), stmt_text(s, 7), stmt_text(s, 8), stmt_int(s, 9),
                      stmt_int(s, 10)!=0, stmt_int(s, 11) };
    x(p, &w);
    n++;
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

struct list_ctx { struct req *r; int n; long long total; bool bDemo; int nMay; };
static void list_row(void *p, const struct crow *w){
  struct list_ctx *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  char zMoney[40], zD1[48], zD2[48];
  if( c->n++==0 ){
    nhsuk_rtable_begin(b, "nhsuk-table--compact", "commitments-table", T("commitment.list_caption"));
    nhsuk_rtable_header(b, T("commitment.title"), false);
    nhsuk_rtable_header(b, T("commitment.supplier"), false);
    nhsuk_rtable_header(b, T("commitment.stream"), false);
    nhsuk_rtable_header(b, T("commitment.dates"), false);
    nhsuk_rtable_header(b, T("commitment.value"), true);
    nhsuk_rtable_header(b, T("commitment.status"), false);
    nhsuk_table_body(b);
  }
  c->total += w->value;
  if( w->bDemo ) c->bDemo = true;
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, T("commitment.title"));
  html_printf(b, "<a href=\"/commitments/%lld\">%s</a> <span class=\"nhsuk-body-s\">%s</span>", w->id, w->zTitle, T(kind_key(w->zKind)));
  if( w->bDemo ) html_printf(b, " <span class=\"nhsuk-body-s\">%s</span>", T("commitment.demo_short"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, T("commitment.supplier"), w->zSupplier);
  nhsuk_rtable_cell(b, T("commitment.stream"), w->zStream);
  page_date_short(r, w->zStart, zD1);
  page_date_short(r, w->zEnd, zD2);
  nhsuk_rtable_cell_begin(b, 0, T("commitment.dates"));
  if( strcmp(w->zStart, w->zEnd)==0 ) html_printf(b, "%s", zD1); else html_printf(b, "%s – %s", zD1, zD2);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("commitment.value"));
  html_printf(b, "%s", money_format(w->value, zMoney, sizeof zMoney));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("commitment.status"));
  nhsuk_tag(b, status_colour(w->zStatus), T(status_key(w->zStatus)));
  if( strcmp(w->zStatus, "requested")==0 && w->requestedBy!=r->user.id
      && sfi_may_approve(r->db, &r->user, r->rec.unit.id, w->zApprover, r->zToday) ){
    html_printf(b, " ");
    nhsuk_tag(b, "blue", T("commitment.you_may_approve"));
    c->nMay++;
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

void page_commitments(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zYear[8];
  year_of(r, zYear);
  const char *zStatus = status_of(r);
  int start = 0;
  plan_year_parse(zYear, &start);
  page_unit_begin(r, u, T("commitment.list_title"), "commitments-heading");
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("commitment.list_intro"));
  if( access_can_write(r->db, &r->user, u->id, r->zToday) ){
    html_printf(b, "<p><a class=\"nhsuk-button\" href=\"/units/%s/commitments/new\">%s</a></p>\n", u->zSlug, T("commitment.new"));
  }
  /* the filters: a GET form */
  html_printf(b, "<form method=\"get\" action=\"/units/%s/commitments\" class=\"nhsuk-u-margin-bottom-4\">\n", u->zSlug);
  form_select_begin(r, 0, "year", "commitment.year", 0);
  for(int y=start+1; y>=start-3; y--){
    char zY[8], zV[8];
    plan_year_format(y, zY);
    snprintf(zV, sizeof zV, "%d", y);
    html_printf(b, "<option value=\"%s\"%s>%s</option>\n", zV, y==start ? " selected" : "", zY);
  }
  form_select_end(r);
  form_select_begin(r, 0, "status", "commitment.status", 0);
  html_printf(b, "<option value=\"\">%s</option>\n", T("commitment.status.all"));
  for(int i=0; i<4; i++){
    html_printf(b, "<option value=\"%s\"%s>%s</option>\n", azStatus[i], zStatus==azStatus[i] ? " selected" : "", T(status_key(azStatus[i])));
  }
  form_select_end(r);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n", T("commitment.filter"));
  html_printf(b, "<h2 id=\"year-heading\">%s</h2>\n", zYear);
  struct list_ctx c = { r, 0, 0, false, 0 };
  list_rows(r->db, u->id, zYear, zStatus, list_row, &c);
  if( c.n ){
    char zMoney[40];
    nhsuk_table_row_begin(b, 0);
    html_printf(b, "<th scope=\"row\" class=\"nhsuk-table__header\" colspan=\"4\">%s</th>", T("commitment.total"));
    html_printf(b, "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\" id=\"commitments-total\">%s</td><td class=\"nhsuk-table__cell\"></td>",
                money_format(c.total, zMoney, sizeof zMoney));
    nhsuk_table_row_end(b);
    nhsuk_table_end(b);
  }else{
    html_printf(b, "<p id=\"commitments-none\">%s</p>\n", T("commitment.none"));
  }
  if( zStatus && strcmp(zStatus, "requested")==0 ){
    html_printf(b, "<p id=\"may-approve\">");
    html_printf_t(b, TF("commitment.may_approve_count"), c.nMay);
    html_printf(b, "</p>\n");
  }
  if( c.bDemo ){
    nhsuk_warning_callout_begin(b, 2, T("commitment.demo_heading"));
    html_printf(b, "<p>%s</p>", T("commitment.demo_text"));
    nhsuk_warning_callout_end(b);
  }
  html_printf(b, "<p><a href=\"/units/%s/commitments.xlsx?year=%d%s%s\">%s</a></p>\n", u->zSlug, start,
              zStatus ? "&amp;status=" : "", zStatus ? zStatus : "", T("commitment.xlsx"));
  html_printf(b, "<p><a href=\"/units/%s/procurement-route\">%s</a></p>\n", u->zSlug, T("commitment.check_link"));
  page_end(r);
}

struct xlsx_ctx { struct req *r; char zYear[8]; const char *zStatus; };
static void xlsx_row(void *p, const struct crow *w){
  struct xbook *x = p;
  xbook_int(x, w->id);
  xbook_text(x, w->zTitle);
  xbook_text(x, w->zKind);
  xbook_text(x, w->zSupplier);
  xbook_text(x, w->zStream);
  xbook_date(x, w->zStart);
  xbook_date(x, w->zEnd);
  xbook_text(x, w->zStatus);
  xbook_text(x, w->zApprover);
  xbook_pence(x, w->value);
}
static bool xlsx_write(struct xbook *x, void *p){
  struct xlsx_ctx *c = p;
  struct req *r = c->r;
  static const struct xcol aCol[] = {
    {"commitment.xl.id", XCOL_INT, 8}, {"commitment.title", XCOL_WRAP, 40}, {"commitment.kind", XCOL_TEXT, 10},
    {"commitment.supplier", XCOL_TEXT, 24}, {"commitment.stream", XCOL_TEXT, 24}, {"commitment.start_on", XCOL_DATE, 12},
    {"commitment.end_on", XCOL_DATE, 12}, {"commitment.status", XCOL_TEXT, 12}, {"commitment.approver", XCOL_TEXT, 16},
    {"commitment.value", XCOL_PENCE, 16},
  };
  xbook_sheet(x, T("commitment.list_title"), aCol, (int)(sizeof aCol/sizeof aCol[0]), r->lang);
  return list_rows(r->db, r->rec.unit.id, c->zYear, c->zStatus, xlsx_row, x)>=0;
}
void page_commitments_xlsx(struct req *r){
  struct xlsx_ctx c = { r, "", status_of(r) };
  year_of(r, c.zYear);
  char zName[160];
  snprintf(zName, sizeof zName, "commitments-%s-%.4s.xlsx", r->rec.unit.zSlug, c.zYear);
  page_xlsx_send(r, zName, xlsx_write, &c);
}

/* ---- the request ---- */

struct form_in {
  const char *zAllocation, *zBudgetLine, *zKind, *zTitle, *zSupplier, *zDescription,
             *zValue, *zMonthly, *zStartOn, *zEndOn, *zProject;
};

static void read_form(struct req *r, struct form_in *f){
  f->zAllocation = req_form(r, "allocation");
  f->zBudgetLine = req_form(r, "budget_line");
  f->zKind = req_form(r, "kind");
  f->zTitle = req_form(r, "title");
  f->zSupplier = req_form(r, "supplier");
  f->zDescription = req_form(r, "description");
  f->zValue = req_form(r, "value");
  f->zMonthly = req_form(r, "monthly");
  f->zStartOn = req_form(r, "start_on");
  f->zEndOn = req_form(r, "end_on");
  f->zProject = req_form(r, "project");
}

/* The form's typed values into the domain's input; the money fields'
** errors into e. */
static void to_input(const struct form_in *f, struct commitment_input *in, struct field_errors *e){
  memset(in, 0, sizeof *in);
  if( !domain_parse_id(f->zAllocation, &in->allocationId) || in->allocationId==0 ){
    field_errors_add(e, "allocation", "commitment.error.allocation");
  }
  if( !domain_parse_id(f->zBudgetLine, &in->budgetLineId) ) field_errors_add(e, "budget_line", "commitment.error.budget_line");
  in->zKind = f->zKind;
  in->zTitle = f->zTitle;
  in->zSupplier = f->zSupplier;
  in->zDescription = f->zDescription;
  in->zStartOn = f->zStartOn;
  in->zEndOn = f->zEndOn;
  long long v = 0;
  if( !text_blank(f->zMonthly) ){
    /* a post: the monthly cost times its months */
    char aMonth[COMMITMENT_MONTHS_MAX][8];
    int n = commitment_months(f->zStartOn ? f->zStartOn : "", f->zEndOn ? f->zEndOn : "", aMonth, COMMITMENT_MONTHS_MAX);
    if( !money_parse(f->zMonthly, &v) || v<=0 ) field_errors_add(e, "monthly", "commitment.error.monthly");
    else if( n<=0 ) field_errors_add(e, "end_on", "commitment.error.monthly_dates");
    else if( v > MONEY_MAX_PENCE / n ) field_errors_add(e, "monthly", "commitment.error.monthly");
    else in->valuePence = v * n;
  }else if( !money_parse(f->zValue ? f->zValue : "", &v) || v<=0 ){
    field_errors_add(e, "value", "commitment.error.value");
  }else{
    in->valuePence = v;
  }
}

static void route_answer(struct req *r, const struct sfi_route_result *rr, const char *zHeadingKey){
  struct buf *b = &r->body;
  char zM1[40], zM2[40];
  html_printf(b, "<h2 id=\"route\">%s</h2>\n", T(zHeadingKey));
  if( rr->versionId==0 ){
    html_printf(b, "<p>%s</p>\n", T("commitment.error.no_rules"));
    return;
  }
  nhsuk_summary_begin(b, "route-answer");
  nhsuk_summary_row(b, T("commitment.value"), money_format(rr->valuePence, zM1, sizeof zM1), false);
  nhsuk_summary_row(b, T("commitment.aggregated"), money_format(rr->aggregatedPence, zM2, sizeof zM2), false);
  nhsuk_summary_row(b, T("commitment.route"), T(sfi_route_key(rr->zRoute)), false);
  nhsuk_summary_row(b, T("commitment.approver"), T(sfi_role_key(rr->zApproverRole)), false);
  nhsuk_summary_row(b, T("commitment.decision_required"),
                    T(rr->bDecisionRequired ? "commitment.decision_yes" : "commitment.decision_no"), false);
  nhsuk_summary_row(b, T("commitment.rule"), rr->zRule, false);
  nhsuk_summary_end(b);
  struct stmt *s = db_prepare(r->db, "SELECT example FROM sfi_version WHERE id=?1");
  stmt_bind_int(s, 1, rr->versionId);
  if( domain_first_int(s, 0) ) nhsuk_warning_callout(b, 3, T("sfi.example_heading"), T("sfi.example_text"));
}

static void new_form(struct req *r, const struct field_errors *e, const struct form_in *f,
                     const struct sfi_route_result *pRoute){
  const struct unit *u = &r->rec.unit;
  char zHref[100], zList[110];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zList, sizeof zList, "/units/%s/commitments", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}, {zList, T("commitment.list_title")}};
  page_form_begin(r, T("commitment.new_title"), aCrumb, 3, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  if( pRoute ) route_answer(r, pRoute, "commitment.route_before");
  html_printf(b, "<form method=\"post\" action=\"/units/%s/commitments/new\" novalidate>\n", u->zSlug);
  form_csrf(r);
  char zYear[8];
  plan_year_of_date(r->zToday, zYear);
  form_select_begin(r, e, "allocation", "commitment.allocation", "commitment.allocation_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("commitment.choose"));
  struct stmt *s = db_prepare(r->db,
    "SELECT id, year, stream, amount_pence FROM finance_allocation WHERE unit_id=?1 AND year>=?2 ORDER BY year, stream");
  stmt_bind_int(s, 1, u->id);
  char zPrev[8];
  int start = 2026;
  plan_year_parse(zYear, &start);
  plan_year_format(start-1, zPrev);
  stmt_bind_text(s, 2, zPrev);
  int nAlloc = 0;
  while( stmt_step(s)==1 ){
    char zId[24], zMoney[40];
    snprintf(zId, sizeof zId, "%lld", stmt_int(s, 0));
    html_printf(b, "<option value=\"%s\"%s>%s – %s (%s)</option>\n", zId,
                f->zAllocation && strcmp(f->zAllocation, zId)==0 ? " selected" : "",
                stmt_text(s, 1), stmt_text(s, 2), money_format(stmt_int(s, 3), zMoney, sizeof zMoney));
    nAlloc++;
  }
  stmt_done(s);
  form_select_end(r);
  if( nAlloc==0 ) html_printf(b, "<p id=\"no-allocations\">%s</p>\n", T("commitment.no_allocations"));
  form_select_begin(r, e, "budget_line", "commitment.budget_line", "commitment.budget_line_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("commitment.none_option"));
  s = db_prepare(r->db,
    "SELECT l.id, a.year, a.stream, l.title FROM finance_budget_line l JOIN finance_allocation a ON a.id=l.allocation_id"
    " WHERE a.unit_id=?1 AND a.year>=?2 ORDER BY a.year, a.stream, l.title");
  stmt_bind_int(s, 1, u->id);
  stmt_bind_text(s, 2, zPrev);
  while( stmt_step(s)==1 ){
    char zId[24];
    snprintf(zId, sizeof zId, "%lld", stmt_int(s, 0));
    html_printf(b, "<option value=\"%s\"%s>%s – %s: %s</option>\n", zId,
                f->zBudgetLine && strcmp(f->zBudgetLine, zId)==0 ? " selected" : "",
                stmt_text(s, 1), stmt_text(s, 2), stmt_text(s, 3));
  }
  stmt_done(s);
  form_select_end(r);
  const char *azKind[3] = {"order", "contract", "post"};
  const char *azKindKey[3] = {"commitment.kind.order", "commitment.kind.contract", "commitment.kind.post"};
  form_radios(r, e, "kind", "commitment.kind", "commitment.kind_hint", 3, azKind, azKindKey, f->zKind ? f->zKind : "order");
  form_input(r, e, "title", "commitment.title", "commitment.title_hint", "text", f->zTitle, "off");
  form_input(r, e, "supplier", "commitment.supplier", "commitment.supplier_hint", "text", f->zSupplier, "organization");
  form_textarea(r, e, "description", "commitment.description", 0, f->zDescription, 3);
  form_input(r, e, "start_on", "commitment.start_on", 0, "date", f->zStartOn, "off");
  form_input(r, e, "end_on", "commitment.end_on", "commitment.end_on_hint", "date", f->zEndOn, "off");
  form_input(r, e, "value", "commitment.value_life", "commitment.value_hint", "text", f->zValue, "off");
  form_input(r, e, "monthly", "commitment.monthly", "commitment.monthly_hint", "text", f->zMonthly, "off");
  project_commitment_select(r, e, u->id, f->zProject);
  html_printf(b, "<div class=\"nhsuk-button-group\">"
                 "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\" name=\"check\" value=\"1\">%s</button> "
                 "<button class=\"nhsuk-button\" type=\"submit\">%s</button></div>\n</form>\n",
              T("commitment.check_button"), T("commitment.request_button"));
  html_printf(b, "<p><a href=\"/units/%s/commitments\">%s</a></p>\n</div></div>\n", u->zSlug, T("commitment.back"));
  page_end(r);
}

void page_commitment_new(struct req *r){
  struct form_in f;
  memset(&f, 0, sizeof f);
  new_form(r, 0, &f, 0);
}

void page_commitment_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct form_in f;
  read_form(r, &f);
  struct field_errors e = {0};
  struct commitment_input in;
  to_input(&f, &in, &e);
  const char *zCheck = req_form(r, "check");
  if( zCheck && zCheck[0] ){
    /* the route before submitting: nothing is saved */
    struct sfi_route_result rr;
    const char *zOn = f.zStartOn && text_is_date(f.zStartOn) ? f.zStartOn : r->zToday;
    bool bOk = e.n==0 || in.valuePence>0;
    if( bOk && in.valuePence>0 && sfi_route_check(r->db, u->id, in.valuePence, f.zSupplier, zOn, 0, &rr) ){
      struct field_errors none = {0};
      new_form(r, &none, &f, &rr);
    }else{
      r->status = 400;
      new_form(r, &e, &f, 0);
      r->status = 400;
    }
    return;
  }
  long long id = 0;
  if( e.n==0 ){
    if( domain_begin(r->db, &e, "title", "commitment.error.not_saved") ){
      id = commitment_request_tx(r->db, &r->user, u->id, &in, 0, (long long)time(0), r->zToday, &e);
      if( id>0 && !project_commitment_link(r->db, u->id, id, f.zProject, &e) ) id = 0;
      if( !domain_commit(r->db, id>0, &e, "title", "commitment.error.not_saved") ) id = 0;
    }
  }
  if( form_result(r, id, "/commitments/%lld", id) ) new_form(r, &e, &f, 0);
}

/* ---- one commitment ---- */

struct dec_ctx { struct req *r; const char *zSel; int n; long long unitId; };
static void decision_option(void *p, const struct decision *d){
  struct dec_ctx *c = p;
  if( d->bRestricted || c->n>=300 ) return;
  struct req *r = c->r;
  char zIso[11], zDate[48], zVal[24], zShort[200];
  snprintf(zIso, sizeof zIso, "%.10s", d->zMeetingStartsAt);
  page_date(r, zIso, zDate);
  snprintf(zVal, sizeof zVal, "%lld", d->id);
  snprintf(zShort, sizeof zShort, "%.150s", d->zText);
  html_printf(&r->body, "<option value=\"%s\"%s>%s – %s: %s</option>\n", zVal,
              c->zSel && strcmp(c->zSel, zVal)==0 ? " selected" : "", zDate, d->zItemTitle, zShort);
  c->n++;
}

static void one_page(struct req *r, const struct field_errors *e, const char *zDecision, const char *zReason){
  const struct commitment *c = r->rec.pCommitment;
  const struct unit *u = &r->rec.unit;
  char zHref[100], zList[120];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zList, sizeof zList, "/units/%s/commitments", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}, {zList, T("commitment.list_title")}};
  page_begin_form(r, c->zTitle, aCrumb, 3, e);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", unit_display_name(u, r->lang), c->zTitle);
  form_error_summary(r, e);
  html_printf(b, "<p>");
  nhsuk_tag_ex(b, status_colour(c->zStatus), 0, "status", T(status_key(c->zStatus)));
  html_printf(b, "</p>\n");
  if( c->bDemo ){
    nhsuk_warning_callout_begin(b, 2, T("commitment.demo_heading"));
    html_printf(b, "<p>%s</p>", T("commitment.demo_text"));
    nhsuk_warning_callout_end(b);
  }
  char zMoney[40], zD1[48], zD2[48], zT[64];
  nhsuk_summary_begin(b, "commitment-summary");
  nhsuk_summary_row(b, T("commitment.kind"), T(kind_key(c->zKind)), false);
  nhsuk_summary_row(b, T("commitment.supplier"), c->zSupplier, false);
  nhsuk_summary_row(b, T("commitment.stream"), c->zStream, false);
  nhsuk_summary_row(b, T("commitment.value_life"), money_format(c->valuePence, zMoney, sizeof zMoney), false);
  page_date(r, c->zStartOn, zD1);
  page_date(r, c->zEndOn, zD2);
  nhsuk_summary_row(b, T("commitment.start_on"), zD1, false);
  nhsuk_summary_row(b, T("commitment.end_on"), zD2, false);
  if( c->zDescription[0] ) nhsuk_summary_row(b, T("commitment.description_shown"), c->zDescription, true);
  page_time(r, c->requestedAt, zT);
  char zBy[300];
  snprintf(zBy, sizeof zBy, "%s, %s", c->zRequestedByName, zT);
  nhsuk_summary_row(b, T("commitment.requested_by"), zBy, false);
  if( c->approvedBy ){
    page_time(r, c->approvedAt, zT);
    snprintf(zBy, sizeof zBy, "%s, %s", c->zApprovedByName, zT);
    nhsuk_summary_row(b, T("commitment.approved_by"), zBy, false);
  }
  if( c->decisionId ){
    struct stmt *sd = db_prepare(r->db,
      "SELECT d.text, a.meeting_id, a.id FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id WHERE d.id=?1");
    stmt_bind_int(sd, 1, c->decisionId);
    if( stmt_step(sd)==1 ){
      nhsuk_summary_row_begin(b, T("commitment.decision"), "decision-link");
      html_printf(b, "<a href=\"/meetings/%lld/items/%lld\">%s</a>", stmt_int(sd, 1), stmt_int(sd, 2), stmt_text(sd, 0));
      nhsuk_summary_row_end(b);
    }
    stmt_done(sd);
  }
  if( c->businessCaseId ){
    /* The thread back: the business case whose approval asked for it. */
    struct business_case *bc = calloc(1, sizeof *bc);
    if( bc && business_case_get_visible(r->db, &r->user, c->businessCaseId, r->zToday, bc) ){
      nhsuk_summary_row_begin(b, T("commitment.business_case"), "business-case-link");
      html_printf(b, "<a href=\"/business-cases/%lld\">%s</a>", bc->id, bc->zTitle);
      nhsuk_summary_row_end(b);
    }
    free(bc);
  }
  if( c->zDeclinedReason[0] ) nhsuk_summary_row(b, T("commitment.declined_reason"), c->zDeclinedReason, true);
  nhsuk_summary_end(b);
  /* the route as checked */
  struct sfi_route_result rr;
  memset(&rr, 0, sizeof rr);
  rr.versionId = c->sfiVersionId;
  rr.valuePence = c->valuePence;
  rr.aggregatedPence = c->aggregatedPence;
  snprintf(rr.zRoute, sizeof rr.zRoute, "%s", c->zRoute);
  snprintf(rr.zApproverRole, sizeof rr.zApproverRole, "%s", c->zApproverRole);
  snprintf(rr.zRule, sizeof rr.zRule, "%.399s", c->zRule);
  rr.bDecisionRequired = c->bDecisionRequired;
  route_answer(r, &rr, "commitment.route_checked");
  /* the months */
  html_printf(b, "<h2 id=\"months\">%s</h2>\n", T("commitment.months"));
  nhsuk_table_begin(b, "nhsuk-table--compact", "months-table", T("commitment.months_caption"));
  nhsuk_table_header(b, T("commitment.month"), false);
  nhsuk_table_header(b, T("commitment.amount"), true);
  nhsuk_table_body(b);
  struct stmt *s = db_prepare(r->db,
    "SELECT month, amount_pence FROM finance_commitment_month WHERE commitment_id=?1 ORDER BY month");
  stmt_bind_int(s, 1, c->id);
  long long total = 0;
  while( stmt_step(s)==1 ){
    char zIso[11];
    snprintf(zIso, sizeof zIso, "%s-01", stmt_text(s, 0));
    page_date(r, zIso, zD1);
    const char *zMonth = strchr(zD1, ' ') ? strchr(zD1, ' ')+1 : zD1;
    nhsuk_table_row_begin(b, 0);
    nhsuk_table_cell(b, zMonth);
    nhsuk_table_cell_numeric(b, money_format(stmt_int(s, 1), zMoney, sizeof zMoney));
    nhsuk_table_row_end(b);
    total += stmt_int(s, 1);
  }
  stmt_done(s);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_row_header(b, T("commitment.total"));
  nhsuk_table_cell_numeric(b, money_format(total, zMoney, sizeof zMoney));
  nhsuk_table_row_end(b);
  nhsuk_table_end(b);
  /* the steps after */
  if( strcmp(c->zStatus, "requested")==0 ){
    html_printf(b, "<h2 id=\"approve\">%s</h2>\n", T("commitment.approve_heading"));
    const char *zWhy = commitment_why_not(r->db, &r->user, c, r->zToday);
    if( zWhy ){
      html_printf(b, "<p id=\"why-not\">%s</p>\n", T(zWhy));
    }else{
      html_printf(b, "<form method=\"post\" action=\"/commitments/%lld/approve\" novalidate>\n", c->id);
      form_csrf(r);
      if( c->bDecisionRequired ){
        form_select_begin(r, e, "decision", "commitment.decision", "commitment.decision_hint");
        html_printf(b, "<option value=\"\">%s</option>\n", T("commitment.choose"));
        long long pcpg = unit_above(r->db, c->unitId, "pcpg", r->zToday);
        struct dec_ctx dc = { r, zDecision, 0, pcpg };
        if( pcpg ) decision_list_visible(r->db, &r->user, pcpg, 0, r->zToday, decision_option, &dc);
        form_select_end(r);
        if( dc.n==0 ) html_printf(b, "<p id=\"decisions-none\">%s</p>\n", T("commitment.decisions_none"));
      }else if( e && field_errors_get(e, "decision") ){
        html_printf(b, "<span class=\"nhsuk-error-message\" id=\"decision\">%s</span>\n", T(field_errors_get(e, "decision")));
      }
      html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("commitment.approve"));
      html_printf(b, "<form method=\"post\" action=\"/commitments/%lld/decline\" novalidate>\n", c->id);
      form_csrf(r);
      form_textarea(r, e, "reason", "commitment.reason", 0, zReason, 3);
      html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
                  T("commitment.decline"));
    }
  }
  if( (strcmp(c->zStatus, "requested")==0 || strcmp(c->zStatus, "committed")==0)
      && access_can_write(r->db, &r->user, c->unitId, r->zToday) ){
    html_printf(b, "<h2 id=\"cancel-heading\">%s</h2>\n<form method=\"post\" action=\"/commitments/%lld/cancel\" novalidate>\n",
                T("commitment.cancel_heading"), c->id);
    form_csrf(r);
    if( e && field_errors_get(e, "cancel") ){
      html_printf(b, "<span class=\"nhsuk-error-message\" id=\"cancel\">%s</span>\n", T(field_errors_get(e, "cancel")));
    }
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\">%s</button>\n</form>\n",
                T("commitment.cancel"));
  }
  char zY4[8];
  snprintf(zY4, sizeof zY4, "%.4s", c->zYear);
  html_printf(b, "<p><a href=\"/units/%s/commitments?year=%s\">%s</a></p>\n", u->zSlug, zY4, T("commitment.back"));
  page_end(r);
}

void page_commitment(struct req *r){ one_page(r, 0, 0, 0); }

static void after_step(struct req *r, int k, struct field_errors *e, const char *zDecision, const char *zReason){
  long long id = r->rec.pCommitment->id;
  if( !form_result(r, k>0 ? id : k, "/commitments/%lld", id) ) return;
  commitment_get(r->db, id, r->rec.pCommitment);
  one_page(r, e, zDecision, zReason);
  r->status = 400;
}

void page_commitment_approve(struct req *r){
  struct field_errors e = {0};
  const char *zDecision = req_form(r, "decision");
  long long decisionId = 0;
  if( !domain_parse_id(zDecision, &decisionId) ) field_errors_add(&e, "decision", "commitment.error.decision");
  int k = e.n ? 0 : commitment_approve(r->db, &r->user, r->rec.pCommitment->id, decisionId, (long long)time(0), r->zToday, &e);
  after_step(r, k, &e, zDecision, 0);
}

void page_commitment_decline(struct req *r){
  struct field_errors e = {0};
  const char *zReason = req_form(r, "reason");
  int k = commitment_decline(r->db, &r->user, r->rec.pCommitment->id, zReason, (long long)time(0), r->zToday, &e);
  after_step(r, k, &e, 0, zReason);
}

void page_commitment_cancel(struct req *r){
  struct field_errors e = {0};
  int k = commitment_cancel(r->db, &r->user, r->rec.pCommitment->id, (long long)time(0), r->zToday, &e);
  after_step(r, k, &e, 0, 0);
}
