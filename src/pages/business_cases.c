/*
** Business cases (src/domain/business_case.h): the seven parts of seed
** 001, checks before submission, the appraisal with its sensitivity, and
** the PCPG's decision.
**
**   GET  /units/{slug}/business-cases              the unit's cases
**   GET  /units/{slug}/business-cases/new          ?priority=ID or ?objective=ID
**   POST /units/{slug}/business-cases              start one
**   GET  /business-cases/{id}                      the whole case, the executive summary first
**   GET  /business-cases/{id}/parts/{code}         edit one part (a draft)
**   POST /business-cases/{id}/parts/{code}
**   POST /business-cases/{id}/parts/{code}/rows    add a row of the part
**   POST /business-cases/{id}/parts/{code}/rows/{item}/delete
**   GET  /business-cases/{id}/appraisal            criteria, scores, sensitivity
**   POST /business-cases/{id}/appraisal            save the scores
**   POST /business-cases/{id}/appraisal/criteria   add a criterion
**   POST /business-cases/{id}/appraisal/criteria/{item}/delete
**   POST /business-cases/{id}/submit
**   GET  /business-cases/{id}/decide, POST         the PCPG's decision
**   GET  /business-cases/{id}/case.xlsx              its costs and options as a workbook
**   GET  /api/v1/units/{slug}/business-cases
*/
#include "pages/pages.h"
#include "domain/business_case.h"
#include "domain/plan.h"
#include "domain/domain_write.h"
#include "domain/unit.h"
#include "domain/export_xlsx.h"
#include "html/nhsuk.h"
#include "util/json.h"
#include "util/money.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *state_key(const char *z){
  if( strcmp(z, "submitted")==0 ) return "case.state.submitted";
  if( strcmp(z, "approved")==0 ) return "case.state.approved";
  if( strcmp(z, "approved_with_conditions")==0 ) return "case.state.approved_with_conditions";
  if( strcmp(z, "declined")==0 ) return "case.state.declined";
  return "case.state.draft";
}
static const char *state_colour(const char *z){
  if( strcmp(z, "submitted")==0 ) return "blue";
  if( strcmp(z, "approved")==0 ) return "green";
  if( strcmp(z, "approved_with_conditions")==0 ) return "yellow";
  if( strcmp(z, "declined")==0 ) return "red";
  return "grey";
}
static const char *part_key(int i){
  static const char *const az[CASE_PART__N] = {
    "case.part.case", "case.part.options", "case.part.impact", "case.part.project",
    "case.part.resources", "case.part.plan", "case.part.summary"
  };
  return i>=0 && i<CASE_PART__N ? az[i] : "case.part.case";
}
static const char *kind_key(const char *z){
  if( strcmp(z, "labour")==0 ) return "case.cost.kind_labour";
  if( strcmp(z, "capital")==0 ) return "case.cost.kind_capital";
  return "case.cost.kind_other";
}
/* The row kind a part's rows are: "option", "risk", "cost", "objective" or NULL. */
static const char *row_kind(int iPart){
  switch( iPart ){
    case CASE_PART_OPTIONS: return "option";
    case CASE_PART_PROJECT: return "risk";
    case CASE_PART_RESOURCES: return "cost";
    case CASE_PART_PLAN: return "objective";
    default: return 0;
  }
}

static void money(long long p, char z[40]){ money_format(p, z, 40); }

static void demo_callout(struct req *r){
  nhsuk_warning_callout_begin(&r->body, 2, T("case.demo_heading"));
  html_printf(&r->body, "<p>%s</p>", T("case.demo_text"));
  nhsuk_warning_callout_end(&r->body);
}

/* Breadcrumbs: home, the unit, its cases (and the case). */
static int crumbs(struct req *r, const struct business_case *c, struct crumb *a, char *zUnit, char *zList,
                  char *zCase){
  sprintf(zUnit, "/units/%.80s", c->zUnitSlug);
  sprintf(zList, "/units/%.80s/business-cases", c->zUnitSlug);
  a[0] = (struct crumb){"/", T("home.title")};
  a[1] = (struct crumb){zUnit, unit_name_in(r->lang, c->zUnitName, c->zUnitNameCy)};
  a[2] = (struct crumb){zList, T("case.list_title")};
  if( !zCase ) return 3;
  sprintf(zCase, "/business-cases/%lld", c->id);
  a[3] = (struct crumb){zCase, c->zTitle};
  return 4;
}

/* ---- the list ---- */

struct list_ctx { struct req *r; int n; bool bDemo; };
static void list_row(void *p, const struct business_case_item *x){
  struct list_ctx *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( x->bDemo ) c->bDemo = true;
  if( c->n++==0 ){
    nhsuk_rtable_begin(b, 0, "cases", T("case.list_title"));
    nhsuk_rtable_header(b, T("case.title"), false);
    nhsuk_rtable_header(b, T("case.state"), false);
    nhsuk_rtable_header(b, T("case.objective"), false);
    nhsuk_rtable_header(b, T("case.total_cost"), true);
    nhsuk_table_body(b);
  }
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, T("case.title"));
  html_printf(b, "<a href=\"/business-cases/%lld\">%s</a>", x->id, x->zTitle);
  if( x->bDemo ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T("case.demo_short"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("case.state"));
  nhsuk_tag(b, state_colour(x->zState), T(state_key(x->zState)));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, T("case.objective"), x->zObjectiveRef[0] ? x->zObjectiveRef : T("case.none"));
  char z[40];
  money(x->totalCostPence, z);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("case.total_cost"));
  html_printf(b, "%s", z);
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

static void any_demo(void *p, const struct business_case_item *x){ if( x->bDemo ) *(bool *)p = true; }

void page_business_cases(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zHref[100];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  const char *zName = unit_display_name(u, r->lang);
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, zName}};
  page_begin(r, T("case.list_title"), aCrumb, 2);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n<p>%s</p>\n", zName, T("case.list_title"),
              T("case.list_intro"));
  bool bDemo = false;
  business_case_list(r->db, u->id, 0, any_demo, &bDemo);
  if( bDemo ) demo_callout(r);
  struct list_ctx c = { r, 0, false };
  business_case_list(r->db, u->id, 0, list_row, &c);
  if( c.n ) nhsuk_table_end(b);
  else html_printf(b, "<p id=\"cases-none\">%s</p>\n", T("case.none_yet"));
  if( access_can_write(r->db, &r->user, u->id, r->zToday) && r->user.role!=ROLE_NATIONAL ){
    html_printf(b, "<a class=\"nhsuk-button\" href=\"/units/%s/business-cases/new\">%s</a>\n", u->zSlug, T("case.start"));
  }
  page_end(r);
}

/* ---- starting one ---- */

struct choice_ctx { struct req *r; long long sel; int n; long long unitId; };
static void priority_option(void *p, long long id, const char *zTitle, const char *zYear){
  struct choice_ctx *c = p;
  c->n++;
  html_printf(&c->r->body, "<option value=\"%lld\"%s>%s (%s)</option>\n", id, id==c->sel ? " selected" : "", zTitle, zYear);
}
struct obj_choice { struct choice_ctx *c; const char *zYear; };
static void objective_option(void *p, const struct plan_objective *o){
  struct obj_choice *oc = p;
  struct choice_ctx *c = oc->c;
  c->n++;
  html_printf(&c->r->body, "<option value=\"%lld\"%s>%s %s (%s)</option>\n", o->id, o->id==c->sel ? " selected" : "",
              o->zRef, o->zTitle, oc->zYear);
}
static void plan_objectives_options(void *p, const struct plan *pl){
  struct choice_ctx *c = p;
  struct obj_choice oc = { c, pl->zYear };
  plan_objective_list(c->r->db, pl->id, objective_option, &oc);
}

static void new_page(struct req *r, const struct field_errors *e, const char *zTitle, const char *zPriority,
                     const char *zObjective){
  const struct unit *u = &r->rec.unit;
  char zHref[100], zList[120];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zList, sizeof zList, "/units/%s/business-cases", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}, {zList, T("case.list_title")}};
  page_form_begin(r, T("case.new_title"), aCrumb, 3, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("case.new_intro"));
  html_printf(b, "<form method=\"post\" action=\"/units/%s/business-cases\" novalidate>\n", u->zSlug);
  form_csrf(r);
  form_input(r, e, "title", "case.title", "case.title_hint", "text", zTitle ? zTitle : "", "off");
  long long sel = 0;
  domain_parse_id(zObjective, &sel);
  form_select_begin(r, e, "objective", "case.from_objective", "case.from_objective_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("case.none"));
  struct choice_ctx c = { r, sel, 0, u->id };
  plan_list(r->db, u->id, plan_objectives_options, &c);
  form_select_end(r);
  c.sel = 0;
  domain_parse_id(zPriority, &c.sel);
  form_select_begin(r, e, "priority", "case.from_priority", "case.from_priority_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("case.none"));
  plan_priority_choices(r->db, u->id, 0, priority_option, &c);
  form_select_end(r);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n</div></div>\n", T("case.start_button"));
  page_end(r);
}

void page_business_case_new(struct req *r){
  struct field_errors e = {0};
  new_page(r, &e, "", req_query(r, "priority"), req_query(r, "objective"));
}

struct ev_ctx { struct req *r; struct buf *b; };
static void evidence_finding(void *p, const struct plan_finding *f){
  struct ev_ctx *c = p;
  struct req *r = c->r;
  buf_printf(c->b, "- %s", f->zWhat);
  if( f->indicatorId ){
    const char *zName = r->lang==LANG_CY && f->zIndicatorNameCy[0] ? f->zIndicatorNameCy : f->zIndicatorNameEn;
    buf_printf(c->b, " (%s %s%s%s)", f->zIndicatorCode, zName, f->zPeriod[0] ? ", " : "", f->zPeriod);
  }
  buf_putc(c->b, '\n');
}

struct find_obj { struct req *r; long long want; struct plan_objective *o; bool bFound; };
static void find_objective(void *p, const struct plan *pl){
  struct find_obj *f = p;
  if( !f->bFound && plan_objective_get(f->r->db, pl->id, f->want, f->o) ) f->bFound = true;
}

/* The evidence a case brings from its priority or objective, as text. */
static void evidence_text(struct req *r, long long unitId, long long priorityId, long long objectiveId,
                          struct buf *out){
  struct ev_ctx c = { r, out };
  if( objectiveId ){
    struct find_obj f = { r, objectiveId, xmalloc(sizeof *f.o), false };
    plan_list(r->db, unitId, find_objective, &f);
    if( f.bFound ){
      const struct plan_objective *o = f.o;
      buf_printf(out, "%s %s %s\n", T("case.evidence_from_objective"), o->zRef, o->zTitle);
      const char *zMeasure = o->zMeasureName[0] ? o->zMeasureName
                           : (r->lang==LANG_CY && o->zIndicatorNameCy[0] ? o->zIndicatorNameCy : o->zIndicatorNameEn);
      if( zMeasure[0] ) buf_printf(out, "- %s: %s%s%s\n", T("case.evidence_measure"), o->zIndicatorCode,
                                   o->zIndicatorCode[0] ? " " : "", zMeasure);
      if( o->zTarget[0] ) buf_printf(out, "- %s: %s\n", T("case.evidence_target"), o->zTarget);
      if( o->zDueOn[0] ) buf_printf(out, "- %s: %s\n", T("case.evidence_due"), o->zDueOn);
      if( o->priorityId ) priorityId = o->priorityId;
    }
    free(f.o);
  }
  if( priorityId ){
    buf_printf(out, "%s\n", T("case.evidence_from_priority"));
    plan_priority_findings(r->db, priorityId, evidence_finding, &c);
  }
}

void page_business_case_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  const char *zTitle = req_form(r, "title");
  const char *zPriority = req_form(r, "priority");
  const char *zObjective = req_form(r, "objective");
  long long pid = 0, oid = 0;
  struct buf ev = {0};
  if( domain_parse_id(zPriority, &pid) && domain_parse_id(zObjective, &oid) ){
    evidence_text(r, u->id, pid, oid, &ev);
  }
  struct field_errors e = {0};
  long long id = business_case_create(r->db, &r->user, u->id, zTitle, zPriority, zObjective,
                                      T("case.do_nothing"), buf_cstr(&ev), r->zToday, &e);
  buf_free(&ev);
  if( form_result(r, id, "/business-cases/%lld", id) ) new_page(r, &e, zTitle, zPriority, zObjective);
}

/* ---- the case page ---- */

/* The label key of field zCode into z: "case.field.<code>" (its hint: + ".hint"). */
static const char *field_key(const char *zCode, bool bHint, char z[80]){
  snprintf(z, 80, "case.field.%s%s", zCode, bHint ? ".hint" : "");
  return z;
}

struct rows_ctx { struct req *r; const struct business_case *c; int n; long long sum, low, high; bool bEdit; int iPart; };

static void delete_button(struct req *r, const struct business_case *c, int iPart, long long id, const char *zWhat){
  html_printf(&r->body, "<form class=\"cc-inline\" method=\"post\" action=\"/business-cases/%lld/parts/%s/rows/%lld/delete\">",
              c->id, business_case_part_code(iPart), id);
  form_csrf(r);
  html_printf(&r->body, "<button class=\"cc-link-button\" type=\"submit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></button></form>",
              T("case.remove"), zWhat);
}

static void option_row(void *p, const struct case_option *o){
  struct rows_ctx *x = p;
  struct req *r = x->r;
  struct buf *b = &r->body;
  if( x->n++==0 ){
    nhsuk_rtable_begin(b, 0, "options", T("case.options_caption"));
    nhsuk_rtable_header(b, T("case.option.title"), false);
    nhsuk_rtable_header(b, T("case.option.description"), false);
    nhsuk_rtable_header(b, T("case.option.cost"), true);
    if( x->bEdit ) nhsuk_rtable_header_hidden(b, T("case.actions"));
    nhsuk_table_body(b);
  }
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, T("case.option.title"));
  html_printf(b, "%s", o->zTitle);
  if( o->bDoNothing ) html_printf(b, " <strong class=\"nhsuk-tag nhsuk-tag--grey\">%s</strong>", T("case.option.do_nothing_tag"));
  if( o->id==x->c->preferredOptionId ) html_printf(b, " <strong class=\"nhsuk-tag nhsuk-tag--green\">%s</strong>", T("case.option.preferred_tag"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("case.option.description"));
  html_printf(b, "<span class=\"cc-pre\">%s</span>", o->zDescription);
  nhsuk_rtable_cell_end(b);
  char z[40] = "";
  if( o->bHasCost ) money(o->costPence, z);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("case.option.cost"));
  html_printf(b, "%s", o->bHasCost ? z : T("case.none"));
  nhsuk_rtable_cell_end(b);
  if( x->bEdit ){
    nhsuk_rtable_cell_begin(b, 0, 0);
    if( !o->bDoNothing ) delete_button(r, x->c, CASE_PART_OPTIONS, o->id, o->zTitle);
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_table_row_end(b);
}

static void cost_row(void *p, const struct case_cost *o){
  struct rows_ctx *x = p;
  struct req *r = x->r;
  struct buf *b = &r->body;
  if( x->n++==0 ){
    nhsuk_rtable_begin(b, "cc-money", "costs", T("case.costs_caption"));
    nhsuk_rtable_header(b, T("case.cost.title"), false);
    nhsuk_rtable_header(b, T("case.cost.kind"), false);
    nhsuk_rtable_header(b, T("case.cost.year"), false);
    nhsuk_rtable_header(b, T("case.cost.source"), false);
    nhsuk_rtable_header(b, T("case.cost.low"), true);
    nhsuk_rtable_header(b, T("case.cost.amount"), true);
    nhsuk_rtable_header(b, T("case.cost.high"), true);
    nhsuk_rtable_header(b, x->bEdit ? T("case.actions") : T("case.cost.commitment"), false);
    nhsuk_table_body(b);
  }
  x->sum += o->amountPence; x->low += o->lowPence; x->high += o->highPence;
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell(b, T("case.cost.title"), o->zTitle);
  nhsuk_rtable_cell(b, T("case.cost.kind"), T(kind_key(o->zKind)));
  nhsuk_rtable_cell(b, T("case.cost.year"), o->zYear);
  nhsuk_rtable_cell_begin(b, 0, T("case.cost.source"));
  if( o->allocationId ) html_printf(b, "%s", o->zStream);
  else html_printf(b, "%s", o->zSource);
  if( o->zSupplier[0] ) html_printf(b, " (%s)", o->zSupplier);
  nhsuk_rtable_cell_end(b);
  char z1[40], z2[40], z3[40];
  money(o->lowPence, z1); money(o->amountPence, z2); money(o->highPence, z3);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("case.cost.low")); html_printf(b, "%s", z1); nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("case.cost.amount")); html_printf(b, "%s", z2); nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("case.cost.high")); html_printf(b, "%s", z3); nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, x->bEdit ? 0 : T("case.cost.commitment"));
  if( x->bEdit ) delete_button(r, x->c, CASE_PART_RESOURCES, o->id, o->zTitle);
  else if( o->commitmentId ) html_printf(b, "<a href=\"/commitments/%lld\">%s %lld</a>", o->commitmentId, T("case.cost.commitment_link"), o->commitmentId);
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

static void costs_total(struct rows_ctx *x){
  struct req *r = x->r;
  struct buf *b = &r->body;
  char z1[40], z2[40], z3[40];
  money(x->low, z1); money(x->sum, z2); money(x->high, z3);
  html_printf(b, "<tr class=\"nhsuk-table__row\" id=\"costs-total\"><th class=\"nhsuk-table__header\" scope=\"row\" colspan=\"4\">%s</th>"
              "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">%s</td>"
              "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">%s</td>"
              "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">%s</td><td class=\"nhsuk-table__cell\"></td></tr>\n",
              T("case.cost.total"), z1, z2, z3);
}

static void objective_row(void *p, const struct case_objective *o){
  struct rows_ctx *x = p;
  struct req *r = x->r;
  struct buf *b = &r->body;
  if( x->n++==0 ){
    nhsuk_rtable_begin(b, 0, "objectives", T("case.objectives_caption"));
    nhsuk_rtable_header(b, T("case.objective.text"), false);
    nhsuk_rtable_header(b, T("case.objective.measure"), false);
    nhsuk_rtable_header(b, T("case.objective.target"), false);
    nhsuk_rtable_header(b, T("case.objective.due_on"), false);
    nhsuk_rtable_header(b, T("case.objective.owner"), false);
    nhsuk_rtable_header(b, T("case.objective.smart"), false);
    if( x->bEdit ) nhsuk_rtable_header_hidden(b, T("case.actions"));
    nhsuk_table_body(b);
  }
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell(b, T("case.objective.text"), o->zText);
  nhsuk_rtable_cell(b, T("case.objective.measure"), o->zMeasure);
  nhsuk_rtable_cell(b, T("case.objective.target"), o->zTarget);
  char zDue[48] = "";
  if( o->zDueOn[0] ) page_date(r, o->zDueOn, zDue);
  nhsuk_rtable_cell(b, T("case.objective.due_on"), zDue);
  nhsuk_rtable_cell(b, T("case.objective.owner"), o->zOwner);
  nhsuk_rtable_cell_begin(b, 0, T("case.objective.smart"));
  if( !o->gaps ) nhsuk_tag(b, "green", T("case.objective.smart_yes"));
  else{
    html_printf(b, "%s", T("case.objective.missing"));
    if( o->gaps & PLAN_GAP_MEASURE ) html_printf(b, " %s", T("case.objective.gap_measure"));
    if( o->gaps & PLAN_GAP_TARGET ) html_printf(b, " %s", T("case.objective.gap_target"));
    if( o->gaps & PLAN_GAP_DATE ) html_printf(b, " %s", T("case.objective.gap_date"));
    if( o->gaps & PLAN_GAP_OWNER ) html_printf(b, " %s", T("case.objective.gap_owner"));
  }
  nhsuk_rtable_cell_end(b);
  if( x->bEdit ){
    nhsuk_rtable_cell_begin(b, 0, 0);
    delete_button(r, x->c, CASE_PART_PLAN, o->id, o->zText);
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_table_row_end(b);
}

static void risk_row(void *p, const struct case_risk *o){
  struct rows_ctx *x = p;
  struct req *r = x->r;
  struct buf *b = &r->body;
  if( x->n++==0 ){
    nhsuk_rtable_begin(b, 0, "risks", T("case.risks_caption"));
    nhsuk_rtable_header(b, T("case.risk.description"), false);
    nhsuk_rtable_header(b, T("case.risk.likelihood"), true);
    nhsuk_rtable_header(b, T("case.risk.consequence"), true);
    nhsuk_rtable_header(b, T("case.risk.score"), true);
    nhsuk_rtable_header(b, T("case.risk.mitigation"), false);
    nhsuk_rtable_header(b, T("case.risk.owner"), false);
    if( x->bEdit ) nhsuk_rtable_header_hidden(b, T("case.actions"));
    nhsuk_table_body(b);
  }
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell(b, T("case.risk.description"), o->zDescription);
  char z[16];
  snprintf(z, sizeof z, "%d", o->likelihood);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("case.risk.likelihood")); html_printf(b, "%s", z); nhsuk_rtable_cell_end(b);
  snprintf(z, sizeof z, "%d", o->consequence);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("case.risk.consequence")); html_printf(b, "%s", z); nhsuk_rtable_cell_end(b);
  snprintf(z, sizeof z, "%d", o->likelihood*o->consequence);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("case.risk.score")); html_printf(b, "%s", z); nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, T("case.risk.mitigation"), o->zMitigation);
  nhsuk_rtable_cell(b, T("case.risk.owner"), o->zOwner);
  if( x->bEdit ){
    nhsuk_rtable_cell_begin(b, 0, 0);
    delete_button(r, x->c, CASE_PART_PROJECT, o->id, o->zDescription);
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_table_row_end(b);
}

/* The rows of part iPart as a table (nothing for a part without rows). */
static void part_rows(struct req *r, const struct business_case *c, int iPart, bool bEdit){
  struct rows_ctx x = { r, c, 0, 0, 0, 0, bEdit, iPart };
  struct buf *b = &r->body;
  switch( iPart ){
    case CASE_PART_OPTIONS: business_case_options(r->db, c->id, option_row, &x); break;
    case CASE_PART_PROJECT: business_case_risks(r->db, c->id, risk_row, &x); break;
    case CASE_PART_RESOURCES: business_case_costs(r->db, c->id, cost_row, &x); if( x.n ) costs_total(&x); break;
    case CASE_PART_PLAN: business_case_objectives(r->db, c->id, objective_row, &x); break;
    default: return;
  }
  if( x.n ) nhsuk_table_end(b);
  else{
    const char *zKey = iPart==CASE_PART_PROJECT ? "case.risks_none" : iPart==CASE_PART_RESOURCES ? "case.costs_none"
                     : iPart==CASE_PART_PLAN ? "case.objectives_none" : "case.options_none";
    html_printf(b, "<p>%s</p>\n", T(zKey));
  }
}

/* The sum of the expected costs (the project plan's budget). */
static void add_cost(void *p, const struct case_cost *o){ *(long long *)p += o->amountPence; }

/* The thread back: where the case came from, and the findings of its
** priority with their indicators, as links. */
struct thread_ctx { struct req *r; const char *zSlug; int n; };
static void thread_finding(void *p, const struct plan_finding *f){
  struct thread_ctx *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ) html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"case-findings\">\n");
  html_printf(b, "<li>%s", f->zWhat);
  if( f->indicatorId ){
    const char *zName = r->lang==LANG_CY && f->zIndicatorNameCy[0] ? f->zIndicatorNameCy : f->zIndicatorNameEn;
    html_printf(b, " (<a href=\"/units/%s/indicators/%s\">%s</a>%s%s)", c->zSlug, f->zIndicatorCode, zName,
                f->zPeriod[0] ? ", " : "", f->zPeriod);
  }
  html_printf(b, "</li>\n");
}

static void thread_back(struct req *r, const struct business_case *c){
  struct buf *b = &r->body;
  long long priorityId = c->priorityId;
  if( c->objectiveId ){
    html_printf(b, "<p id=\"case-from\">%s <a href=\"/plans/%lld/objectives/%lld\">%s %s</a></p>\n", T("case.from_objective_text"),
                c->objectivePlanId, c->objectiveId, c->zObjectiveRef, c->zObjectiveTitle);
    struct plan_objective *o = xmalloc(sizeof *o);
    if( plan_objective_get(r->db, c->objectivePlanId, c->objectiveId, o) ) priorityId = o->priorityId;
    free(o);
  }else if( c->priorityId ){
    html_printf(b, "<p id=\"case-from\">%s <a href=\"/priorities/%lld\">%s</a></p>\n", T("case.from_priority_text"),
                c->priorityId, c->zPriorityTitle);
  }
  if( priorityId ){
    struct thread_ctx x = { r, c->zUnitSlug, 0 };
    plan_priority_findings(r->db, priorityId, thread_finding, &x);
    if( x.n ) html_printf(b, "</ul>\n");
  }
}

static void checks_panel(struct req *r, const struct business_case *c){
  struct case_check_input in;
  struct case_check a[40];
  struct buf *b = &r->body;
  if( !business_case_check_input(r->db, c->id, &in) ) return;
  int n = business_case_checks(&in, a, 40);
  if( n>40 ) n = 40;
  html_printf(b, "<div class=\"nhsuk-card\" id=\"checks\"><div class=\"nhsuk-card__content\">\n<h2 class=\"nhsuk-card__heading\">%s</h2>\n",
              T("case.checks_heading"));
  if( n==0 ){
    html_printf(b, "<p id=\"checks-ok\">%s</p>\n", T("case.checks_ok"));
  }else{
    html_printf(b, "<p>%s</p>\n<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"checks-list\">\n", T("case.checks_intro"));
    for(int i=0; i<n; i++){
      const char *zPart = business_case_part_code(a[i].iPart);
      html_printf(b, "<li><a href=\"/business-cases/%lld/parts/%s\">", c->id, zPart);
      switch( a[i].code ){
        case CASE_CHECK_EMPTY_PART: html_printf_t(b, TF("case.check.empty_part"), T(part_key(a[i].iPart))); break;
        case CASE_CHECK_NO_DO_NOTHING: html_printf(b, "%s", T("case.check.no_do_nothing")); break;
        case CASE_CHECK_NO_PREFERRED: html_printf(b, "%s", T("case.check.no_preferred")); break;
        case CASE_CHECK_COSTS_DIFFER: html_printf(b, "%s", T("case.check.costs_differ")); break;
        case CASE_CHECK_NO_OBJECTIVE: html_printf(b, "%s", T("case.check.no_objective")); break;
        case CASE_CHECK_NOT_SMART: html_printf_t(b, TF("case.check.not_smart"), a[i].iObjective); break;
      }
      html_printf(b, "</a></li>\n");
    }
    html_printf(b, "</ul>\n");
  }
  html_printf(b, "</div></div>\n");
}

static void case_page(struct req *r, const struct field_errors *e){
  const struct business_case *c = r->rec.pCase;
  char zUnit[100], zList[120], zCase[40];
  struct crumb aCrumb[4];
  crumbs(r, c, aCrumb, zUnit, zList, 0);
  (void)zCase;
  page_begin_form(r, c->zTitle, aCrumb, 3, e);
  struct buf *b = &r->body;
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s – %s</span>\n<h1>%s</h1>\n",
              unit_name_in(r->lang, c->zUnitName, c->zUnitNameCy), T("case.caption"), c->zTitle);
  html_printf(b, "<p id=\"case-state\">");
  nhsuk_tag(b, state_colour(c->zState), T(state_key(c->zState)));
  html_printf(b, "</p>\n");
  if( c->bDemo ) demo_callout(r);
  if( c->decisionId ){
    char zWhen[48] = "";
    if( c->zMeetingStartsAt[0] ){ char zd[11]; text_copy(zd, sizeof zd, c->zMeetingStartsAt); page_date(r, zd, zWhen); }
    nhsuk_inset_begin(b, "case-decision", 0);
    html_printf(b, "<p>%s <a href=\"/meetings/%lld\">%s</a>: %s</p>", T("case.decided_by"), c->meetingId, zWhen, c->zDecisionText);
    if( c->zConditions[0] ) html_printf(b, "<p><strong>%s</strong> <span class=\"cc-pre\">%s</span></p>", T("case.conditions"), c->zConditions);
    nhsuk_inset_end(b);
    projects_case_line(r, c->id, c->unitId, c->zUnitSlug, strncmp(c->zState, "approved", 8)==0);
  }else if( strcmp(c->zState, "submitted")==0 ){
    nhsuk_inset_begin(b, "case-read-only", 0);
    html_printf(b, "<p>%s</p>", T("case.submitted_read_only"));
    nhsuk_inset_end(b);
  }
  thread_back(r, c);
  if( c->bCanWrite ) checks_panel(r, c);
  /* The executive summary first, then parts 1 to 6 in seed order. */
  static const int aOrder[CASE_PART__N] = { CASE_PART_SUMMARY, CASE_PART_CASE, CASE_PART_OPTIONS, CASE_PART_IMPACT,
                                            CASE_PART_PROJECT, CASE_PART_RESOURCES, CASE_PART_PLAN };
  char zBody[4*CASE_TEXT_MAX+1];
  for(int k=0; k<CASE_PART__N; k++){
    int iPart = aOrder[k];
    const char *zCode = business_case_part_code(iPart);
    html_printf(b, "<h2 id=\"part-%s\">%s</h2>\n", zCode, T(part_key(iPart)));
    if( c->bCanWrite ){
      html_printf(b, "<p><a href=\"/business-cases/%lld/parts/%s\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a></p>\n",
                  c->id, zCode, T("case.change"), T(part_key(iPart)));
    }
    nhsuk_summary_begin(b, 0);
    for(int i=0; i<business_case_nfield; i++){
      if( business_case_fields[i].iPart!=iPart ) continue;
      char zKey[80];
      business_case_text(r->db, c->id, business_case_fields[i].zCode, zBody, sizeof zBody);
      nhsuk_summary_row(b, T(field_key(business_case_fields[i].zCode, false, zKey)),
                        zBody[0] ? zBody : T("case.not_written"), true);
    }
    if( iPart==CASE_PART_PLAN ){
      long long sum = 0;
      business_case_costs(r->db, c->id, add_cost, &sum);
      char z[40];
      money(sum, z);
      nhsuk_summary_row_begin(b, T("case.budget"), "plan-budget");
      html_printf(b, "%s <span class=\"nhsuk-body-s\">(%s)</span>", z, T("case.budget_hint"));
      nhsuk_summary_row_end(b);
    }
    nhsuk_summary_end(b);
    part_rows(r, c, iPart, false);
    if( iPart==CASE_PART_OPTIONS ){
      html_printf(b, "<p><a href=\"/business-cases/%lld/appraisal\">%s</a></p>\n", c->id, T("case.appraisal_link"));
    }
  }
  if( c->bCanWrite ){
    html_printf(b, "<h2 id=\"submit\">%s</h2>\n<p>%s</p>\n", T("case.submit_heading"), T("case.submit_text"));
    html_printf(b, "<form method=\"post\" action=\"/business-cases/%lld/submit\">\n", c->id);
    form_csrf(r);
    html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("case.submit_button"));
  }
  if( c->bCanDecide ){
    html_printf(b, "<p><a class=\"nhsuk-button\" href=\"/business-cases/%lld/decide\">%s</a></p>\n", c->id, T("case.decide_link"));
  }
  case_docs_links(r, c->id);
  html_printf(b, "<p><a href=\"/business-cases/%lld/case.xlsx\">%s</a></p>\n", c->id, T("case.xlsx_link"));
  html_printf(b, "<p><a href=\"/units/%s/business-cases\">%s</a></p>\n", c->zUnitSlug, T("case.back_list"));
  page_end(r);
}

void page_business_case(struct req *r){ case_page(r, 0); }

void page_business_case_submit(struct req *r){
  struct field_errors e = {0};
  long long id = business_case_submit(r->db, &r->user, r->rec.pCase->id, r->zToday, &e);
  if( form_result(r, id, "/business-cases/%lld", r->rec.pCase->id) ){
    /* Show the checks as they are now; the summary links to them. */
    struct field_errors e2 = {0};
    for(int i=0; i<e.n; i++) field_errors_add(&e2, strcmp(e.a[i].zKey, "case.error.checks")==0 ? "checks" : "submit", e.a[i].zKey);
    case_page(r, &e2);
  }
}

/* ---- editing a part ---- */

struct alloc_ctx { struct req *r; const char *zSel; };
static void allocation_option(void *p, long long id, const char *zYear, const char *zStream){
  struct alloc_ctx *a = p;
  char z[24];
  snprintf(z, sizeof z, "%lld", id);
  html_printf(&a->r->body, "<option value=\"%lld\"%s>%s – %s</option>\n", id,
              a->zSel && strcmp(a->zSel, z)==0 ? " selected" : "", zYear, zStream);
}
struct pref_ctx { struct req *r; long long sel; };
static void preferred_option(void *p, const struct case_option *o){
  struct pref_ctx *x = p;
  html_printf(&x->r->body, "<option value=\"%lld\"%s>%s</option>\n", o->id, o->id==x->sel ? " selected" : "", o->zTitle);
}

/* The add-row form of part iPart: av holds what was typed (NULL: empty). */
static void row_form(struct req *r, const struct business_case *c, int iPart, const struct field_errors *e,
                     const char *const *av){
  struct buf *b = &r->body;
  const char *zKind = row_kind(iPart);
  if( !zKind ) return;
  #define V(i) (av && av[i] ? av[i] : "")
  html_printf(b, "<h2 id=\"add-row\">%s</h2>\n", T(iPart==CASE_PART_OPTIONS ? "case.option.add" : iPart==CASE_PART_PROJECT ? "case.risk.add"
                                                 : iPart==CASE_PART_RESOURCES ? "case.cost.add" : "case.objective.add"));
  html_printf(b, "<form method=\"post\" action=\"/business-cases/%lld/parts/%s/rows\" novalidate>\n", c->id,
              business_case_part_code(iPart));
  form_csrf(r);
  if( iPart==CASE_PART_OPTIONS ){
    form_input(r, e, "title", "case.option.title", 0, "text", V(0), "off");
    form_textarea(r, e, "description", "case.option.description", "case.option.description_hint", V(1), 3);
    form_input(r, e, "cost", "case.option.cost", "case.money_hint", "text", V(2), "off");
  }else if( iPart==CASE_PART_RESOURCES ){
    form_input(r, e, "title", "case.cost.title", "case.cost.title_hint", "text", V(0), "off");
    static const char *const azVal[] = {"labour", "capital", "other"};
    static const char *const azKey[] = {"case.cost.kind_labour", "case.cost.kind_capital", "case.cost.kind_other"};
    form_radios(r, e, "kind", "case.cost.kind", 0, 3, azVal, azKey, V(1)[0] ? V(1) : "labour");
    form_input(r, e, "year", "case.cost.year", "case.cost.year_hint", "text", V(2), "off");
    form_select_begin(r, e, "allocation", "case.cost.allocation", "case.cost.allocation_hint");
    html_printf(b, "<option value=\"\">%s</option>\n", T("case.cost.allocation_none"));
    struct alloc_ctx a = { r, V(3) };
    business_case_allocations(r->db, c->unitId, allocation_option, &a);
    form_select_end(r);
    form_input(r, e, "source", "case.cost.other_source", "case.cost.other_source_hint", "text", V(4), "off");
    form_input(r, e, "supplier", "case.cost.supplier", "case.cost.supplier_hint", "text", V(5), "off");
    form_input(r, e, "low", "case.cost.low", "case.money_hint", "text", V(6), "off");
    form_input(r, e, "amount", "case.cost.amount", "case.money_hint", "text", V(7), "off");
    form_input(r, e, "high", "case.cost.high", "case.money_hint", "text", V(8), "off");
  }else if( iPart==CASE_PART_PLAN ){
    form_input(r, e, "text", "case.objective.text", "case.objective.text_hint", "text", V(0), "off");
    form_input(r, e, "measure", "case.objective.measure", 0, "text", V(1), "off");
    form_input(r, e, "target", "case.objective.target", 0, "text", V(2), "off");
    form_date(r, e, "due_on", "case.objective.due_on", 0, V(3));
    form_input(r, e, "owner", "case.objective.owner", 0, "text", V(4), "off");
  }else{
    form_textarea(r, e, "description", "case.risk.description", "case.risk.description_hint", V(0), 3);
    form_input(r, e, "likelihood", "case.risk.likelihood", "case.risk.scale_hint", "text", V(1), "off");
    form_input(r, e, "consequence", "case.risk.consequence", "case.risk.scale_hint", "text", V(2), "off");
    form_textarea(r, e, "mitigation", "case.risk.mitigation", 0, V(3), 2);
    form_input(r, e, "owner", "case.risk.owner", 0, "text", V(4), "off");
  }
  #undef V
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n", T("case.add_button"));
}

/* The page of one part: its text fields (azText: what was typed, NULL:
** stored), the rows with the add form (avRow: typed). eText/eRow: the
** errors of the form that was sent. */
static void part_page(struct req *r, int iPart, const struct field_errors *eText, const char *const *azText,
                      const char *zPreferred, const struct field_errors *eRow, const char *const *avRow){
  const struct business_case *c = r->rec.pCase;
  char zUnit[100], zList[120], zCase[40];
  struct crumb aCrumb[4];
  int nCrumb = crumbs(r, c, aCrumb, zUnit, zList, zCase);
  struct field_errors eAll = {0};
  if( eText ) for(int i=0; i<eText->n; i++) field_errors_add(&eAll, eText->a[i].zField, eText->a[i].zKey);
  if( eRow ) for(int i=0; i<eRow->n; i++) field_errors_add(&eAll, eRow->a[i].zField, eRow->a[i].zKey);
  page_begin_form(r, T(part_key(iPart)), aCrumb, nCrumb, &eAll);
  struct buf *b = &r->body;
  form_error_summary(r, &eAll);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", c->zTitle, T(part_key(iPart)));
  if( c->bDemo ) demo_callout(r);
  if( iPart==CASE_PART_CASE ) thread_back(r, c);
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  html_printf(b, "<form method=\"post\" action=\"/business-cases/%lld/parts/%s\" novalidate>\n", c->id, business_case_part_code(iPart));
  form_csrf(r);
  char zBody[4*CASE_TEXT_MAX+1];
  int k = 0;
  for(int i=0; i<business_case_nfield; i++){
    if( business_case_fields[i].iPart!=iPart ) continue;
    const char *zCode = business_case_fields[i].zCode;
    const char *zVal;
    if( azText && azText[k] ) zVal = azText[k];
    else{ business_case_text(r->db, c->id, zCode, zBody, sizeof zBody); zVal = zBody; }
    char zL[80], zH[80];
    form_textarea(r, eText, zCode, field_key(zCode, false, zL), field_key(zCode, true, zH), zVal,
                  iPart==CASE_PART_SUMMARY ? 10 : 4);
    k++;
  }
  if( iPart==CASE_PART_OPTIONS ){
    struct pref_ctx x = { r, c->preferredOptionId };
    if( zPreferred ) domain_parse_id(zPreferred, &x.sel);
    form_select_begin(r, eText, "preferred", "case.option.preferred", "case.option.preferred_hint");
    html_printf(b, "<option value=\"\">%s</option>\n", T("case.none"));
    business_case_options(r->db, c->id, preferred_option, &x);
    form_select_end(r);
  }
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n</div></div>\n", T("case.save"));
  if( row_kind(iPart) ){
    part_rows(r, c, iPart, true);
    html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
    row_form(r, c, iPart, eRow, avRow);
    html_printf(b, "</div></div>\n");
  }
  html_printf(b, "<p><a href=\"/business-cases/%lld#part-%s\">%s</a></p>\n", c->id, business_case_part_code(iPart), T("case.back_case"));
  page_end(r);
}

static int part_of_request(struct req *r){
  return business_case_part_of(r->azParam[1]);
}

void page_business_case_part(struct req *r){
  int iPart = part_of_request(r);
  if( iPart<0 ){ page_not_found(r); return; }
  part_page(r, iPart, 0, 0, 0, 0, 0);
}

void page_business_case_part_save(struct req *r){
  int iPart = part_of_request(r);
  if( iPart<0 ){ page_not_found(r); return; }
  const char *az[16] = {0};
  int k = 0;
  for(int i=0; i<business_case_nfield && k<16; i++){
    if( business_case_fields[i].iPart==iPart ) az[k++] = req_form(r, business_case_fields[i].zCode);
  }
  for(int i=0; i<k; i++) if( !az[i] ) az[i] = "";
  const char *zPreferred = iPart==CASE_PART_OPTIONS ? req_form(r, "preferred") : 0;
  if( iPart==CASE_PART_OPTIONS && !zPreferred ) zPreferred = "";
  struct field_errors e = {0};
  long long id = business_case_part_save(r->db, &r->user, r->rec.pCase->id, iPart, az, zPreferred, r->zToday, &e);
  if( form_result(r, id, "/business-cases/%lld#part-%s", r->rec.pCase->id, business_case_part_code(iPart)) ){
    part_page(r, iPart, &e, az, zPreferred, 0, 0);
  }
}

void page_business_case_row_add(struct req *r){
  int iPart = part_of_request(r);
  const char *zKind = row_kind(iPart);
  if( !zKind ){ page_not_found(r); return; }
  const char *av[9] = {0};
  char zDue[64];
  if( iPart==CASE_PART_OPTIONS ){
    av[0] = req_form(r, "title"); av[1] = req_form(r, "description"); av[2] = req_form(r, "cost");
  }else if( iPart==CASE_PART_RESOURCES ){
    static const char *const az[] = {"title", "kind", "year", "allocation", "source", "supplier", "low", "amount", "high"};
    for(int i=0; i<9; i++) av[i] = req_form(r, az[i]);
  }else if( iPart==CASE_PART_PLAN ){
    form_date_value(r, "due_on", zDue);
    av[0] = req_form(r, "text"); av[1] = req_form(r, "measure"); av[2] = req_form(r, "target");
    av[3] = zDue; av[4] = req_form(r, "owner");
  }else{
    static const char *const az[] = {"description", "likelihood", "consequence", "mitigation", "owner"};
    for(int i=0; i<5; i++) av[i] = req_form(r, az[i]);
  }
  struct field_errors e = {0};
  long long id = business_case_row_add(r->db, &r->user, r->rec.pCase->id, zKind, av, r->zToday, &e);
  if( form_result(r, id, "/business-cases/%lld/parts/%s", r->rec.pCase->id, business_case_part_code(iPart)) ){
    part_page(r, iPart, 0, 0, 0, &e, av);
  }
}

void page_business_case_row_delete(struct req *r){
  int iPart = part_of_request(r);
  const char *zKind = row_kind(iPart);
  if( !zKind ){ page_not_found(r); return; }
  struct field_errors e = {0};
  long long id = business_case_row_delete(r->db, &r->user, r->rec.pCase->id, zKind, r->aId[2], r->zToday, &e);
  if( form_result(r, id, "/business-cases/%lld/parts/%s", r->rec.pCase->id, business_case_part_code(iPart)) ){
    struct field_errors e2 = {0};
    for(int i=0; i<e.n; i++) field_errors_add(&e2, "add-row", e.a[i].zKey);
    part_page(r, iPart, 0, 0, 0, &e2, 0);
  }
}

/* ---- appraisal ---- */

struct appr {
  int nOpt, nCrit;
  long long aOpt[CASE_MAX_OPTIONS], aCrit[CASE_MAX_OPTIONS];
  char azOpt[CASE_MAX_OPTIONS][201], azCrit[CASE_MAX_OPTIONS][201];
  int aWeight[CASE_MAX_OPTIONS];
  int aScore[CASE_MAX_OPTIONS*CASE_MAX_OPTIONS];
};
static void appr_opt(void *p, const struct case_option *o){
  struct appr *a = p;
  if( a->nOpt>=CASE_MAX_OPTIONS ) return;
  a->aOpt[a->nOpt] = o->id;
  text_copy(a->azOpt[a->nOpt], sizeof a->azOpt[0], o->zTitle);
  a->nOpt++;
}
static void appr_crit(void *p, const struct case_criterion *k){
  struct appr *a = p;
  if( a->nCrit>=CASE_MAX_OPTIONS ) return;
  a->aCrit[a->nCrit] = k->id;
  a->aWeight[a->nCrit] = k->weight;
  text_copy(a->azCrit[a->nCrit], sizeof a->azCrit[0], k->zTitle);
  a->nCrit++;
}
static void appr_load(struct req *r, long long caseId, struct appr *a){
  memset(a, 0, sizeof *a);
  business_case_options(r->db, caseId, appr_opt, a);
  business_case_criteria(r->db, caseId, appr_crit, a);
  for(int o=0; o<a->nOpt; o++)
    for(int c=0; c<a->nCrit; c++) a->aScore[o*a->nCrit+c] = business_case_score(r->db, a->aOpt[o], a->aCrit[c]);
}

static void appraisal_page(struct req *r, const struct field_errors *e, const char *zForm, const char *const *av){
  const struct business_case *c = r->rec.pCase;
  char zUnit[100], zList[120], zCase[40];
  struct crumb aCrumb[4];
  int nCrumb = crumbs(r, c, aCrumb, zUnit, zList, zCase);
  page_begin_form(r, T("case.appraisal_title"), aCrumb, nCrumb, e);
  struct buf *b = &r->body;
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n<p>%s</p>\n", c->zTitle, T("case.appraisal_title"),
              T("case.appraisal_intro"));
  if( c->bDemo ) demo_callout(r);
  struct appr *a = xmalloc(sizeof *a);
  appr_load(r, c->id, a);
  long long aTotal[CASE_MAX_OPTIONS];
  int aRank[CASE_MAX_OPTIONS];
  business_case_appraise(a->nOpt, a->nCrit, a->aWeight, a->aScore, aTotal, aRank);
  bool bScoresForm = zForm && strcmp(zForm, "scores")==0;
  /* The scores: a form for a writer of a draft, else a table. */
  html_printf(b, "<h2 id=\"scores-heading\">%s</h2>\n", T("case.scores_heading"));
  if( a->nCrit==0 ){
    html_printf(b, "<p id=\"criteria-none\">%s</p>\n", T("case.criteria_none"));
  }else{
    if( c->bCanWrite ){
      html_printf(b, "<form method=\"post\" action=\"/business-cases/%lld/appraisal\" novalidate>\n", c->id);
      form_csrf(r);
    }
    page_scroll_begin(r, "scores-heading");
    html_printf(b, "<table class=\"nhsuk-table\" id=\"score-table\"><caption class=\"nhsuk-table__caption nhsuk-u-visually-hidden\">%s</caption>\n"
                   "<thead class=\"nhsuk-table__head\"><tr class=\"nhsuk-table__row\"><th class=\"nhsuk-table__header\" scope=\"col\">%s</th>",
                T("case.scores_heading"), T("case.option.title"));
    for(int k=0; k<a->nCrit; k++){
      html_printf(b, "<th class=\"nhsuk-table__header nhsuk-table__header--numeric\" scope=\"col\">%s (", a->azCrit[k]);
      html_printf_t(b, TF("case.weight_short"), a->aWeight[k]);
      html_printf(b, ")");
      if( c->bCanWrite ){
        html_printf(b, " <button class=\"cc-link-button\" type=\"submit\" form=\"del-crit-%lld\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></button>",
                    a->aCrit[k], T("case.remove"), a->azCrit[k]);
      }
      html_printf(b, "</th>");
    }
    html_printf(b, "<th class=\"nhsuk-table__header nhsuk-table__header--numeric\" scope=\"col\">%s</th>"
                   "<th class=\"nhsuk-table__header nhsuk-table__header--numeric\" scope=\"col\">%s</th></tr></thead>\n<tbody class=\"nhsuk-table__body\">\n",
                T("case.weighted_total"), T("case.rank"));
    for(int o=0; o<a->nOpt; o++){
      html_printf(b, "<tr class=\"nhsuk-table__row\"><th class=\"nhsuk-table__header\" scope=\"row\">%s", a->azOpt[o]);
      if( a->aOpt[o]==c->preferredOptionId ) html_printf(b, " <strong class=\"nhsuk-tag nhsuk-tag--green\">%s</strong>", T("case.option.preferred_tag"));
      html_printf(b, "</th>");
      for(int k=0; k<a->nCrit; k++){
        int sc = a->aScore[o*a->nCrit+k];
        html_printf(b, "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">");
        if( c->bCanWrite ){
          char zv[12] = "";
          const char *zTyped = bScoresForm && av ? av[o*a->nCrit+k] : 0;
          if( !zTyped && sc>=0 ) snprintf(zv, sizeof zv, "%d", sc);
          html_printf(b, "<label class=\"nhsuk-u-visually-hidden\" for=\"s-%lld-%lld\">%s, %s</label>"
                         "<input class=\"nhsuk-input nhsuk-input--width-2\" id=\"s-%lld-%lld\" name=\"s-%lld-%lld\" type=\"text\" inputmode=\"numeric\" value=\"%s\">",
                      a->aOpt[o], a->aCrit[k], a->azOpt[o], a->azCrit[k], a->aOpt[o], a->aCrit[k], a->aOpt[o], a->aCrit[k],
                      zTyped ? zTyped : zv);
        }else if( sc>=0 ){
          html_printf(b, "%d", sc);
        }else{
          html_printf(b, "–");
        }
        html_printf(b, "</td>");
      }
      html_printf(b, "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\" id=\"total-%lld\">%lld</td>"
                     "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\" id=\"rank-%lld\">%d</td></tr>\n",
                  a->aOpt[o], aTotal[o], a->aOpt[o], aRank[o]);
    }
    html_printf(b, "</tbody></table>\n");
    page_scroll_end(r);
    if( c->bCanWrite ){
      html_printf(b, "<p class=\"nhsuk-body-s\" id=\"scores\">%s</p>\n", T("case.scores_hint"));
      html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("case.scores_save"));
      for(int k=0; k<a->nCrit; k++){
        html_printf(b, "<form id=\"del-crit-%lld\" method=\"post\" action=\"/business-cases/%lld/appraisal/criteria/%lld/delete\">", a->aCrit[k], c->id, a->aCrit[k]);
        form_csrf(r);
        html_printf(b, "</form>\n");
      }
    }
    /* Sensitivity: each criterion's weight at 0 and at 10. */
    int iPref = -1;
    for(int o=0; o<a->nOpt; o++) if( a->aOpt[o]==c->preferredOptionId ) iPref = o;
    html_printf(b, "<h2 id=\"sensitivity-heading\">%s</h2>\n<p>%s</p>\n", T("case.sensitivity_heading"), T("case.sensitivity_intro"));
    page_scroll_begin(r, "sensitivity-heading");
    html_printf(b, "<table class=\"nhsuk-table\" id=\"sensitivity\"><caption class=\"nhsuk-table__caption nhsuk-u-visually-hidden\">%s</caption>\n"
                   "<thead class=\"nhsuk-table__head\"><tr class=\"nhsuk-table__row\"><th class=\"nhsuk-table__header\" scope=\"col\">%s</th>",
                T("case.sensitivity_heading"), T("case.criterion"));
    for(int o=0; o<a->nOpt; o++){
      html_printf(b, "<th class=\"nhsuk-table__header nhsuk-table__header--numeric\" scope=\"col\">%s ", a->azOpt[o]);
      html_printf(b, "%s</th>", T("case.rank_at_0_10"));
    }
    html_printf(b, "<th class=\"nhsuk-table__header\" scope=\"col\">%s</th></tr></thead>\n<tbody class=\"nhsuk-table__body\">\n",
                T("case.preferred_stays"));
    int nFragile = 0;
    const char *zFragile = 0;
    for(int k=0; k<a->nCrit; k++){
      int a0[CASE_MAX_OPTIONS], a10[CASE_MAX_OPTIONS];
      business_case_rank_with(a->nOpt, a->nCrit, a->aWeight, a->aScore, k, 0, a0);
      business_case_rank_with(a->nOpt, a->nCrit, a->aWeight, a->aScore, k, 10, a10);
      html_printf(b, "<tr class=\"nhsuk-table__row\"><th class=\"nhsuk-table__header\" scope=\"row\">%s</th>", a->azCrit[k]);
      for(int o=0; o<a->nOpt; o++){
        html_printf(b, "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">%d / %d</td>", a0[o], a10[o]);
      }
      html_printf(b, "<td class=\"nhsuk-table__cell\">");
      if( iPref<0 ) html_printf(b, "%s", T("case.no_preferred_short"));
      else if( a0[iPref]==1 && a10[iPref]==1 ) nhsuk_tag(b, "green", T("case.yes"));
      else{ nhsuk_tag(b, "orange", T("case.no")); if( !zFragile ) zFragile = a->azCrit[k]; nFragile++; }
      html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody></table>\n");
    page_scroll_end(r);
    html_printf(b, "<p id=\"sensitivity-words\">");
    if( iPref<0 ) html_printf(b, "%s", T("case.sensitivity_no_preferred"));
    else if( nFragile==0 ) html_printf_t(b, TF("case.sensitivity_robust"), a->azOpt[iPref]);
    else html_printf_t(b, TF("case.sensitivity_fragile"), a->azOpt[iPref], nFragile, zFragile);
    html_printf(b, "</p>\n");
  }
  if( c->bCanWrite ){
    bool bCrit = zForm && strcmp(zForm, "criterion")==0;
    html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n"
                   "<h2 id=\"add-criterion\">%s</h2>\n<form method=\"post\" action=\"/business-cases/%lld/appraisal/criteria\" novalidate>\n",
                T("case.criterion_add"), c->id);
    form_csrf(r);
    form_input(r, bCrit ? e : 0, "title", "case.criterion", "case.criterion_hint", "text", bCrit && av && av[0] ? av[0] : "", "off");
    form_input(r, bCrit ? e : 0, "weight", "case.weight", "case.weight_hint", "text", bCrit && av && av[1] ? av[1] : "", "off");
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n</div></div>\n",
                T("case.add_button"));
  }
  free(a);
  html_printf(b, "<p><a href=\"/business-cases/%lld\">%s</a></p>\n", c->id, T("case.back_case"));
  page_end(r);
}

void page_business_case_appraisal(struct req *r){ appraisal_page(r, 0, 0, 0); }

void page_business_case_scores(struct req *r){
  const struct business_case *c = r->rec.pCase;
  struct appr *a = xmalloc(sizeof *a);
  appr_load(r, c->id, a);
  int n = a->nOpt*a->nCrit;
  const char **az = xmalloc((size_t)(n>0 ? n : 1) * sizeof *az);
  for(int o=0; o<a->nOpt; o++){
    for(int k=0; k<a->nCrit; k++){
      char zName[64];
      snprintf(zName, sizeof zName, "s-%lld-%lld", a->aOpt[o], a->aCrit[k]);
      const char *z = req_form(r, zName);
      az[o*a->nCrit+k] = z ? z : "";
    }
  }
  struct field_errors e = {0};
  long long id = business_case_scores_save(r->db, &r->user, c->id, a->nOpt, a->aOpt, a->nCrit, a->aCrit, az, r->zToday, &e);
  free(a);
  if( form_result(r, id, "/business-cases/%lld/appraisal", c->id) ) appraisal_page(r, &e, "scores", az);
  free(az);
}

void page_business_case_criterion_add(struct req *r){
  const struct business_case *c = r->rec.pCase;
  const char *av[2] = { req_form(r, "title"), req_form(r, "weight") };
  struct field_errors e = {0};
  long long id = business_case_row_add(r->db, &r->user, c->id, "criterion", av, r->zToday, &e);
  if( form_result(r, id, "/business-cases/%lld/appraisal", c->id) ) appraisal_page(r, &e, "criterion", av);
}

void page_business_case_criterion_delete(struct req *r){
  const struct business_case *c = r->rec.pCase;
  struct field_errors e = {0};
  long long id = business_case_row_delete(r->db, &r->user, c->id, "criterion", r->aId[1], r->zToday, &e);
  if( form_result(r, id, "/business-cases/%lld/appraisal", c->id) ) appraisal_page(r, &e, 0, 0);
}

/* ---- the decision ---- */

struct dec_ctx { struct req *r; long long sel; int n; };
static void decision_option(void *p, long long id, const char *zStarts, const char *zText){
  struct dec_ctx *x = p;
  struct req *r = x->r;
  char zd[11], zWhen[48] = "";
  text_copy(zd, sizeof zd, zStarts);
  if( zd[0] ) page_date_short(r, zd, zWhen);
  char zShort[160];
  snprintf(zShort, sizeof zShort, "%.140s", zText);
  x->n++;
  html_printf(&r->body, "<option value=\"%lld\"%s>%s – %s</option>\n", id, id==x->sel ? " selected" : "", zWhen, zShort);
}

static void decide_page(struct req *r, const struct field_errors *e, const char *zOutcome, const char *zDecision,
                        const char *zConditions){
  const struct business_case *c = r->rec.pCase;
  char zUnit[100], zList[120], zCase[40];
  struct crumb aCrumb[4];
  int nCrumb = crumbs(r, c, aCrumb, zUnit, zList, zCase);
  page_form_begin(r, T("case.decide_title"), aCrumb, nCrumb, e, c->zTitle);
  struct buf *b = &r->body;
  if( c->bDemo ) demo_callout(r);
  html_printf(b, "<p>%s</p>\n", T("case.decide_intro"));
  if( business_case_rules_are_example(r->db, c->unitId, r->zToday) ){
    nhsuk_warning_callout(b, 2, T("case.sfi_example_heading"), T("case.sfi_example_text"));
  }
  html_printf(b, "<form method=\"post\" action=\"/business-cases/%lld/decide\" novalidate>\n", c->id);
  form_csrf(r);
  static const char *const azVal[] = {"approved", "approved_with_conditions", "declined"};
  static const char *const azKey[] = {"case.state.approved", "case.state.approved_with_conditions", "case.state.declined"};
  form_radios(r, e, "outcome", "case.outcome", 0, 3, azVal, azKey, zOutcome ? zOutcome : "");
  form_textarea(r, e, "conditions", "case.conditions", "case.conditions_hint", zConditions ? zConditions : "", 3);
  struct dec_ctx x = { r, 0, 0 };
  domain_parse_id(zDecision, &x.sel);
  form_select_begin(r, e, "decision", "case.decision", "case.decision_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("case.choose"));
  business_case_decision_choices(r->db, c->unitId, r->zToday, decision_option, &x);
  form_select_end(r);
  if( x.n==0 ) html_printf(b, "<p id=\"decisions-none\">%s</p>\n", T("case.decisions_none"));
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("case.decide_button"));
  html_printf(b, "<p><a href=\"/business-cases/%lld\">%s</a></p>\n</div></div>\n", c->id, T("case.back_case"));
  page_end(r);
}

void page_business_case_decide_form(struct req *r){
  if( !r->rec.pCase->bCanDecide ){ page_not_found(r); return; }
  decide_page(r, 0, 0, 0, 0);
}

void page_business_case_decide(struct req *r){
  if( !r->rec.pCase->bCanDecide ){ page_not_found(r); return; }
  const char *zOutcome = req_form(r, "outcome");
  const char *zDecision = req_form(r, "decision");
  const char *zConditions = req_form(r, "conditions");
  long long decisionId = 0;
  struct field_errors e = {0};
  if( !domain_parse_id(zDecision, &decisionId) ) decisionId = 0;
  long long id = business_case_decide(r->db, &r->user, r->rec.pCase->id, zOutcome, decisionId,
                                      zConditions ? zConditions : "", r->zToday, &e);
  if( form_result(r, id, "/business-cases/%lld", r->rec.pCase->id) ) decide_page(r, &e, zOutcome, zDecision, zConditions);
}

/* ---- the API ---- */

struct api_ctx { struct buf *b; int n; };
static void api_row(void *p, const struct business_case_item *x){
  struct api_ctx *c = p;
  bool bFirst = true;
  if( c->n++ ) buf_putc(c->b, ',');
  buf_putc(c->b, '{');
  json_kv_int(c->b, &bFirst, "id", x->id);
  json_kv_str(c->b, &bFirst, "title", x->zTitle);
  json_kv_str(c->b, &bFirst, "state", x->zState);
  json_kv_int(c->b, &bFirst, "total_cost", x->totalCostPence);
  if( x->objectiveId ) json_kv_int(c->b, &bFirst, "objective_id", x->objectiveId);
  else json_kv_null(c->b, &bFirst, "objective_id");
  buf_putc(c->b, '}');
}

void api_unit_business_cases(struct req *r){
  r->status = 200;
  r->zContentType = "application/json";
  struct api_ctx c = { &r->body, 0 };
  buf_puts(&r->body, "{\"business_cases\":[");
  business_case_list(r->db, r->rec.unit.id, 0, api_row, &c);
  buf_puts(&r->body, "]}");
}

/* ---- on other pages ---- */

struct obj_sec { struct req *r; int n; };
static void obj_case_row(void *p, const struct business_case_item *x){
  struct obj_sec *c = p;
  struct req *r = c->r;
  if( c->n++==0 ) html_printf(&r->body, "<ul class=\"nhsuk-list\" id=\"objective-cases\">\n");
  char z[40];
  money(x->totalCostPence, z);
  html_printf(&r->body, "<li><a href=\"/business-cases/%lld\">%s</a> ", x->id, x->zTitle);
  nhsuk_tag(&r->body, state_colour(x->zState), T(state_key(x->zState)));
  html_printf(&r->body, " %s</li>\n", z);
}

void business_cases_objective_section(struct req *r, const char *zUnitSlug, long long unitId, long long objectiveId,
                                      bool bWrite){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"cases-heading\">%s</h2>\n", T("case.list_title"));
  struct obj_sec c = { r, 0 };
  business_case_list(r->db, unitId, objectiveId, obj_case_row, &c);
  if( c.n ) html_printf(b, "</ul>\n");
  else html_printf(b, "<p id=\"objective-cases-none\">%s</p>\n", T("case.none_for_objective"));
  if( bWrite ){
    html_printf(b, "<p><a href=\"/units/%s/business-cases/new?objective=%lld\">%s</a></p>\n", zUnitSlug, objectiveId,
                T("case.start_for_objective"));
  }
}

void business_case_decision_backlink(struct req *r, long long decisionId){
  char zTitle[801];
  long long id = business_case_of_decision(r->db, decisionId, zTitle, sizeof zTitle);
  if( !id ) return;
  struct business_case *c = xmalloc(sizeof *c);
  if( business_case_get_visible(r->db, &r->user, id, r->zToday, c) ){
    html_printf(&r->body, "<p class=\"cc-case-backlink\" id=\"case-backlink\">%s <a href=\"/business-cases/%lld\">%s</a> (%s)</p>\n",
                T("case.decision_backlink"), id, c->zTitle, T(state_key(c->zState)));
  }
  free(c);
}

/* ---- the money tables as a workbook ---- */

struct xl_ctx { struct req *r; struct xbook *b; };
static void xl_cost(void *p, const struct case_cost *o){
  struct xl_ctx *x = p;
  struct req *r = x->r;
  xbook_text(x->b, o->zTitle);
  xbook_text(x->b, T(kind_key(o->zKind)));
  xbook_text(x->b, o->zYear);
  xbook_text(x->b, o->allocationId ? o->zStream : o->zSource);
  xbook_text(x->b, o->zSupplier);
  xbook_pence(x->b, o->lowPence);
  xbook_pence(x->b, o->amountPence);
  xbook_pence(x->b, o->highPence);
  if( o->commitmentId ) xbook_int(x->b, o->commitmentId); else xbook_skip(x->b);
}
static void xl_option(void *p, const struct case_option *o){
  struct xl_ctx *x = p;
  struct req *r = x->r;
  xbook_text(x->b, o->zTitle);
  xbook_text(x->b, o->bDoNothing ? T("case.yes") : T("case.no"));
  xbook_text(x->b, o->id==r->rec.pCase->preferredOptionId ? T("case.yes") : T("case.no"));
  if( o->bHasCost ) xbook_pence(x->b, o->costPence); else xbook_skip(x->b);
}
static bool write_case_book(struct xbook *b, void *p){
  struct req *r = p;
  static const struct xcol aCost[] = {
    {"case.cost.title", XCOL_TEXT, 36}, {"case.cost.kind", XCOL_TEXT, 12}, {"case.cost.year", XCOL_TEXT, 10},
    {"case.cost.source", XCOL_TEXT, 28}, {"case.cost.supplier", XCOL_TEXT, 24}, {"case.cost.low", XCOL_PENCE, 14},
    {"case.cost.amount", XCOL_PENCE, 14}, {"case.cost.high", XCOL_PENCE, 14}, {"case.cost.commitment", XCOL_INT, 12},
  };
  static const struct xcol aOpt[] = {
    {"case.option.title", XCOL_TEXT, 36}, {"case.option.do_nothing_tag", XCOL_TEXT, 12},
    {"case.option.preferred_tag", XCOL_TEXT, 12}, {"case.option.cost", XCOL_PENCE, 16},
  };
  struct xl_ctx x = { r, b };
  xbook_sheet(b, T("case.costs_caption"), aCost, 9, r->lang);
  business_case_costs(r->db, r->rec.pCase->id, xl_cost, &x);
  xbook_sheet(b, T("case.options_caption"), aOpt, 4, r->lang);
  business_case_options(r->db, r->rec.pCase->id, xl_option, &x);
  return true;
}

void page_business_case_xlsx(struct req *r){
  char zName[64];
  snprintf(zName, sizeof zName, "business-case-%lld.xlsx", r->rec.pCase->id);
  page_xlsx_send(r, zName, write_case_book, r);
}
