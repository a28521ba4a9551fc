/* The annual plan's pages (issue 12): a unit's plans by year and
** starting one; a plan with its objectives, SMART count, status and
** agreement; an objective with the thread back to need (priority,
** findings, indicators) and forward (actions, measure and its current
** value, alignments, quarterly progress); the forms for each.
**
** Reads check access through plan_get_visible (the route's loader: what
** a user may not see answers 404); writes go through the domain, which
** checks write access again and answers -1 (404) otherwise. Write forms
** are drawn only for a user who may write (bCanWrite), and only those an
** agreed plan still takes (progress, actions). Demonstration data is
** labelled as such wherever it shows. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/action.h"
#include "domain/decision.h"
#include "domain/indicator.h"
#include "domain/member.h"
#include "domain/plan.h"
#include "domain/qi.h"
#include "domain/unit.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared pieces --------------------------------------------------------- */

static const char *status_key(const struct plan *p){
  return strcmp(p->zStatus, "agreed")==0 ? "plan.status_agreed" : "plan.status_draft";
}
static void status_tag(struct req *r, const struct plan *p, const char *zId){
  nhsuk_tag_ex(&r->body, strcmp(p->zStatus, "agreed")==0 ? "green" : "grey", 0, zId, T(status_key(p)));
}
static const char *rag_key(const char *z){
  if( strcmp(z, "red")==0 ) return "plan.rag_red";
  if( strcmp(z, "amber")==0 ) return "plan.rag_amber";
  if( strcmp(z, "green")==0 ) return "plan.rag_green";
  return "plan.rag_none";
}
static const char *rag_colour(const char *z){
  if( strcmp(z, "red")==0 ) return "red";
  if( strcmp(z, "amber")==0 ) return "orange";
  if( strcmp(z, "green")==0 ) return "green";
  return "grey";
}
static const char *ref_kind_key(const char *z){
  if( strcmp(z, "imtp")==0 ) return "plan.ref_imtp";
  if( strcmp(z, "rpb_area_plan")==0 ) return "plan.ref_rpb_area_plan";
  if( strcmp(z, "acd_outcome")==0 ) return "plan.ref_acd_outcome";
  return "plan.ref_national_priority";
}
static bool is_agreed(const struct plan *p){ return strcmp(p->zStatus, "agreed")==0; }

static void demo_callout(struct req *r){
  nhsuk_warning_callout_begin(&r->body, 2, T("indicator.page.demo_heading"));
  html_printf(&r->body, "<p>%s</p>", T("plan.demo_text"));
  nhsuk_warning_callout_end(&r->body);
}

/* "Cluster plan 2026/27" */
static void plan_title(struct req *r, const struct plan *p, char *z, size_t n){
  snprintf(z, n, "%s %s", T("plan.title"), p->zYear);
}

/* Crumbs: home, unit, its plans, the plan (when bPlan). */
static int plan_crumbs(struct req *r, const struct plan *p, bool bPlan, struct crumb *a,
                       char zUnit[100], char zList[110], char zPlan[40], char *zTitle, size_t nTitle){
  int n = 0;
  snprintf(zUnit, 100, "/units/%s", p->zUnitSlug);
  snprintf(zList, 110, "/units/%s/plans", p->zUnitSlug);
  snprintf(zPlan, 40, "/plans/%lld", p->id);
  plan_title(r, p, zTitle, nTitle);
  a[n++] = (struct crumb){"/", T("home.title")};
  a[n++] = (struct crumb){zUnit, unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy)};
  a[n++] = (struct crumb){zList, T("plan.list_title")};
  if( bPlan ) a[n++] = (struct crumb){zPlan, zTitle};
  return n;
}

/* The gaps of an objective in words: "no measure, no owner". */
static void gaps_words(struct req *r, unsigned gaps, char *z, size_t n){
  static const struct { unsigned bit; const char *zKey; } a[] = {
    {PLAN_GAP_MEASURE, "plan.gap_measure"}, {PLAN_GAP_TARGET, "plan.gap_target"},
    {PLAN_GAP_DATE, "plan.gap_date"}, {PLAN_GAP_OWNER, "plan.gap_owner"},
  };
  z[0] = 0;
  size_t k = 0;
  for(size_t i=0; i<sizeof a/sizeof a[0]; i++){
    if( !(gaps & a[i].bit) ) continue;
    int m = snprintf(z+k, n-k, "%s%s", k ? ", " : "", T(a[i].zKey));
    if( m<0 || (size_t)m>=n-k ) break;
    k += (size_t)m;
  }
}

static void smart_cell(struct req *r, const struct plan_objective *o){
  if( o->gaps==0 ){
    nhsuk_tag(&r->body, "green", T("plan.smart_yes"));
    return;
  }
  char z[400];
  gaps_words(r, o->gaps, z, sizeof z);
  nhsuk_tag(&r->body, "yellow", T("plan.smart_gaps"));
  html_printf(&r->body, " <span class=\"nhsuk-body-s\">%s</span>", z);
}

static const char *indicator_name_of(struct req *r, const char *zEn, const char *zCy){
  return r->lang==LANG_CY && zCy[0] ? zCy : zEn;
}

/* The measure as a link: a QI measure's page, or the indicator for the unit. */
static void measure_link(struct req *r, const struct plan *p, const struct plan_objective *o){
  struct buf *b = &r->body;
  if( o->qiMeasureId ){
    html_printf(b, "<a href=\"/measures/%lld\">%s</a>", o->qiMeasureId, o->zMeasureName);
  }else if( o->indicatorId ){
    html_printf(b, "<a href=\"/units/%s/indicators/%s\">%s</a>", p->zUnitSlug, o->zIndicatorCode,
                indicator_name_of(r, o->zIndicatorNameEn, o->zIndicatorNameCy));
  }else{
    html_printf(b, "%s", T("plan.none"));
  }
}

/* ---- GET/POST /units/{slug}/plans ------------------------------------------ */

struct list_ctx { struct req *r; int n; };
static void plan_row(void *pCtx, const struct plan *p){
  struct list_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    nhsuk_table_begin(b, 0, "plans", 0);
    nhsuk_table_header(b, T("plan.year"), false);
    nhsuk_table_header(b, T("plan.status"), false);
    nhsuk_table_header(b, T("plan.smart_heading"), false);
    nhsuk_table_body(b);
  }
  char zRow[40];
  snprintf(zRow, sizeof zRow, "plan-%lld", p->id);
  nhsuk_table_row_begin(b, zRow);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/plans/%lld\">%s %s</a>", p->id, T("plan.title"), p->zYear);
  if( p->bDemo ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T("plan.demo_short"));
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  status_tag(r, p, 0);
  nhsuk_table_cell_end(b);
  int nObj = 0, nSmart = 0;
  plan_smart_count(r->db, p->id, &nObj, &nSmart);
  nhsuk_table_cell_begin(b, 0);
  html_printf_t(b, TF("plan.smart_count"), nSmart, nObj);
  nhsuk_table_cell_end(b);
  nhsuk_table_row_end(b);
}

static bool unit_takes_plans(const struct unit *u){
  return strcmp(u->zKind, "cluster")==0 || strcmp(u->zKind, "collaborative")==0 || strcmp(u->zKind, "pcpg")==0;
}

static void plans_page(struct req *r, const struct field_errors *e, const char *zYear){
  const struct unit *u = &r->rec.unit;
  char zHref[100];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}};
  page_begin_form(r, T("plan.list_title"), aCrumb, 2, e);
  struct buf *b = &r->body;
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"plans-heading\">%s</h1>\n",
              unit_display_name(u, r->lang), T("plan.list_title"));
  html_printf(b, "<p>%s</p>\n", T("plan.list_intro"));
  struct list_ctx c = { r, 0 };
  plan_list(r->db, u->id, plan_row, &c);
  if( c.n ) nhsuk_table_end(b);
  else html_printf(b, "<p id=\"plans-empty\">%s</p>\n", T("plan.list_none"));
  if( unit_takes_plans(u) && plan_can_write(r->db, &r->user, u->id, r->zToday) ){
    /* The years a plan may be started for: this financial year, the next
    ** and the last, those that have one left out. */
    char zNow[8], azYear[3][8];
    plan_year_of_date(r->zToday, zNow);
    int y = 2026, nYear = 0;
    plan_year_parse(zNow, &y);
    int aDelta[3] = {0, 1, -1};
    for(int i=0; i<3; i++){
      char z[8];
      plan_year_format(y+aDelta[i], z);
      if( plan_find(r->db, u->id, z)==0 ) snprintf(azYear[nYear++], sizeof azYear[0], "%s", z);
    }
    html_printf(b, "<h2 id=\"start-heading\">%s</h2>\n", T("plan.start"));
    if( nYear==0 ){
      html_printf(b, "<p id=\"start-none\">%s</p>\n", T("plan.start_none"));
    }else{
      html_printf(b, "<form method=\"post\" action=\"/units/%s/plans\" novalidate>\n", u->zSlug);
      form_csrf(r);
      form_select_begin(r, e, "year", "plan.year", "plan.year_hint");
      bool bAny = false;
      for(int i=0; i<nYear; i++) if( zYear && strcmp(zYear, azYear[i])==0 ) bAny = true;
      for(int i=0; i<nYear; i++){
        bool bSel = bAny ? strcmp(zYear, azYear[i])==0 : i==0;
        html_printf(b, "<option value=\"%s\"%s>%s</option>\n", azYear[i], bSel ? " selected" : "", azYear[i]);
      }
      form_select_end(r);
      html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("plan.start"));
    }
  }
  page_end(r);
}

void page_plans(struct req *r){ plans_page(r, 0, 0); }

void page_plan_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  const char *zYear = req_form(r, "year");
  struct plan_input in = { zYear ? zYear : "", "", "" };
  struct field_errors e = {0};
  long long id = plan_create(r->db, &r->user, u->id, &in, r->zToday, &e);
  if( form_result(r, id, "/plans/%lld", id) ) plans_page(r, &e, zYear);
}

/* ---- GET /plans/{id} ---------------------------------------------------------- */

struct obj_table { struct req *r; const struct plan *p; int n; };
static void objective_row(void *pCtx, const struct plan_objective *o){
  struct obj_table *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    nhsuk_table_begin(b, 0, "objectives", 0);
    nhsuk_table_header(b, T("plan.ref"), false);
    nhsuk_table_header(b, T("plan.objective"), false);
    nhsuk_table_header(b, T("plan.measure"), false);
    nhsuk_table_header(b, T("plan.target"), false);
    nhsuk_table_header(b, T("plan.due_on"), false);
    nhsuk_table_header(b, T("plan.owner"), false);
    nhsuk_table_header(b, T("plan.smart_heading"), false);
    nhsuk_table_header(b, T("plan.latest_rag"), false);
    nhsuk_table_body(b);
  }
  char zRow[40];
  snprintf(zRow, sizeof zRow, "objective-%lld", o->id);
  nhsuk_table_row_begin(b, zRow);
  nhsuk_table_cell(b, o->zRef);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/plans/%lld/objectives/%lld\">%s</a>", c->p->id, o->id, o->zTitle);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  measure_link(r, c->p, o);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell(b, o->zTarget[0] ? o->zTarget : T("plan.none"));
  char zDue[48] = "";
  if( o->zDueOn[0] ) page_date_short(r, o->zDueOn, zDue);
  nhsuk_table_cell(b, zDue[0] ? zDue : T("plan.none"));
  nhsuk_table_cell(b, o->zOwnerName[0] ? o->zOwnerName : T("plan.none"));
  nhsuk_table_cell_begin(b, 0);
  smart_cell(r, o);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  if( o->zLatestRag[0] ){
    nhsuk_tag(b, rag_colour(o->zLatestRag), T(rag_key(o->zLatestRag)));
    html_printf_t(b, TF("plan.in_quarter"), o->latestQuarter);
  }else{
    html_printf(b, "%s", T("plan.rag_none"));
  }
  nhsuk_table_cell_end(b);
  nhsuk_table_row_end(b);
}

/* Agreed: "Agreed at the meeting of 10 December 2026: <decision>". */
static void agreed_rows(struct req *r, const struct plan *p){
  struct buf *b = &r->body;
  if( !is_agreed(p) ) return;
  char zIso[11], zDate[48] = "";
  snprintf(zIso, sizeof zIso, "%.10s", p->zMeetingStartsAt);
  if( zIso[0] ) page_date(r, zIso, zDate);
  nhsuk_summary_row_begin(b, T("plan.agreed_by"), "plan-agreed");
  html_printf(b, "<a href=\"/meetings/%lld\">", p->meetingId);
  html_printf_t(b, TF("plan.agreed_at_meeting"), zDate);
  html_printf(b, "</a>: <span class=\"cc-pre\">%s</span>", p->zDecisionText);
  nhsuk_summary_row_end(b);
}

void page_plan(struct req *r){
  const struct plan *p = r->rec.pPlan;
  char zUnit[100], zList[110], zPlan[40], zTitle[120];
  struct crumb aCrumb[4];
  int nCrumb = plan_crumbs(r, p, false, aCrumb, zUnit, zList, zPlan, zTitle, sizeof zTitle);
  page_begin(r, zTitle, aCrumb, nCrumb);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n",
              unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy), zTitle);
  if( p->bDemo ) demo_callout(r);
  html_printf(b, "<p>");
  status_tag(r, p, "plan-status");
  html_printf(b, "</p>\n");
  if( is_agreed(p) ) nhsuk_inset(b, 0, T("plan.read_only"));
  nhsuk_summary_begin(b, "plan-summary");
  nhsuk_summary_row(b, T("plan.vision"), p->zVision[0] ? p->zVision : T("plan.vision_none"), true);
  nhsuk_summary_row_begin(b, T("plan.assessment"), "plan-assessment");
  if( p->assessmentId ){
    html_printf(b, "<a href=\"/needs/%lld\">", p->assessmentId);
    html_printf_t(b, TF("plan.assessment_of"), p->zAssessmentYear);
    html_printf(b, "</a>");
  }else{
    html_printf(b, "%s", T("plan.assessment_none"));
  }
  nhsuk_summary_row_end(b);
  agreed_rows(r, p);
  nhsuk_summary_end(b);
  if( p->bCanWrite && !is_agreed(p) ){
    html_printf(b, "<p><a href=\"/plans/%lld/edit\">%s</a></p>\n", p->id, T("plan.edit"));
  }

  html_printf(b, "<h2 id=\"objectives-heading\">%s</h2>\n", T("plan.objectives"));
  int nObj = 0, nSmart = 0;
  plan_smart_count(r->db, p->id, &nObj, &nSmart);
  if( nObj ){
    html_printf(b, "<p id=\"smart-count\">");
    html_printf_t(b, TF("plan.smart_count_sentence"), nSmart, nObj);
    html_printf(b, "</p>\n");
  }
  if( p->bCanWrite && !is_agreed(p) ){
    html_printf(b, "<a class=\"nhsuk-button nhsuk-button--secondary\" href=\"/plans/%lld/objectives/new\">%s</a>\n",
                p->id, T("plan.objective_add"));
  }
  struct obj_table c = { r, p, 0 };
  page_scroll_begin(r, "objectives-heading");
  plan_objective_list(r->db, p->id, objective_row, &c);
  if( c.n ) nhsuk_table_end(b);
  page_scroll_end(r);
  if( c.n==0 ) html_printf(b, "<p id=\"objectives-empty\">%s</p>\n", T("plan.objectives_none"));
  if( p->bCanWrite && !is_agreed(p) && nObj ){
    html_printf(b, "<h2 id=\"agree-heading\">%s</h2>\n<p>%s</p>\n", T("plan.agree"), T("plan.agree_intro"));
    html_printf(b, "<a class=\"nhsuk-button\" href=\"/plans/%lld/agree\">%s</a>\n", p->id, T("plan.agree"));
  }
  html_printf(b, "<p><a href=\"/plans/%lld/page\">%s</a></p>\n", p->id, T("plan.on_a_page"));
  html_printf(b, "<p><a href=\"/units/%s/plans\">%s</a></p>\n", p->zUnitSlug, T("plan.back_to_list"));
  page_end(r);
}

/* The page a form of an agreed plan shows instead of the form. */
static void agreed_page(struct req *r, const struct plan *p){
  char zUnit[100], zList[110], zPlan[40], zTitle[120];
  struct crumb aCrumb[4];
  int nCrumb = plan_crumbs(r, p, true, aCrumb, zUnit, zList, zPlan, zTitle, sizeof zTitle);
  page_begin(r, T("plan.read_only_title"), aCrumb, nCrumb);
  html_printf(&r->body, "<h1>%s</h1>\n<p id=\"plan-read-only\">%s</p>\n<p><a href=\"/plans/%lld\">%s</a></p>\n",
              T("plan.read_only_title"), T("plan.error.agreed"), p->id, T("plan.back"));
  page_end(r);
}

/* ---- GET/POST /plans/{id}/edit ---------------------------------------------------- */

struct asmt_ctx { struct req *r; const char *zSel; };
static void assessment_option(void *pCtx, long long id, const char *zYear){
  struct asmt_ctx *c = pCtx;
  struct req *r = c->r;
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", id);
  html_printf(&r->body, "<option value=\"%s\"%s>", zId, c->zSel && strcmp(c->zSel, zId)==0 ? " selected" : "");
  html_printf_t(&r->body, TF("plan.assessment_of"), zYear);
  html_printf(&r->body, "</option>\n");
}

static void plan_form(struct req *r, const struct plan *p, const char *zVision, const char *zAssessment,
                      const struct field_errors *e){
  char zUnit[100], zList[110], zPlan[40], zTitle[120];
  struct crumb aCrumb[4];
  int nCrumb = plan_crumbs(r, p, true, aCrumb, zUnit, zList, zPlan, zTitle, sizeof zTitle);
  page_form_begin(r, T("plan.edit"), aCrumb, nCrumb, e, zTitle);
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/plans/%lld/edit\" novalidate>\n", p->id);
  form_csrf(r);
  form_textarea(r, e, "vision", "plan.vision", "plan.vision_hint", zVision, 3);
  form_select_begin(r, e, "assessment", "plan.assessment", "plan.assessment_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("plan.assessment_none"));
  struct asmt_ctx c = { r, zAssessment };
  plan_assessment_list(r->db, p->unitId, assessment_option, &c);
  form_select_end(r);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("plan.save"));
  html_printf(b, "<p><a href=\"/plans/%lld\">%s</a></p>\n</form>\n</div></div>\n", p->id, T("plan.cancel"));
  page_end(r);
}

void page_plan_edit(struct req *r){
  const struct plan *p = r->rec.pPlan;
  if( is_agreed(p) ){ agreed_page(r, p); return; }
  char zA[24] = "";
  if( p->assessmentId ) snprintf(zA, sizeof zA, "%lld", p->assessmentId);
  plan_form(r, p, p->zVision, zA, 0);
}

void page_plan_update(struct req *r){
  const struct plan *p = r->rec.pPlan;
  const char *zVision = req_form(r, "vision"), *zA = req_form(r, "assessment");
  struct plan_input in = { "", zVision ? zVision : "", zA ? zA : "" };
  struct field_errors e = {0};
  long long id = plan_update(r->db, &r->user, p->id, &in, r->zToday, &e);
  if( form_result(r, id, "/plans/%lld", p->id) ) plan_form(r, p, in.zVision, in.zAssessmentId, &e);
}

/* ---- objective form ------------------------------------------------------------- */

struct opt_ctx { struct req *r; const char *zSel; int n; };
static void priority_option(void *pCtx, long long id, const char *zTitle, const char *zYear){
  struct opt_ctx *c = pCtx;
  struct req *r = c->r;
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", id);
  html_printf(&r->body, "<option value=\"%s\"%s>%s (%s)</option>\n", zId,
              c->zSel && strcmp(c->zSel, zId)==0 ? " selected" : "", zTitle, zYear);
}

struct measure_ctx { struct req *r; const char *zSel; const char *zProject; };
static void qi_measure_option(void *pCtx, const struct qi_measure *m){
  struct measure_ctx *c = pCtx;
  struct req *r = c->r;
  char zVal[32];
  snprintf(zVal, sizeof zVal, "qi-%lld", m->id);
  html_printf(&r->body, "<option value=\"%s\"%s>%s (%s)</option>\n", zVal,
              c->zSel && strcmp(c->zSel, zVal)==0 ? " selected" : "", m->zName, c->zProject);
}
struct proj_ids { long long a[200]; char az[200][201]; int n; };
static void project_collect(void *pCtx, const struct qi_project *q){
  struct proj_ids *l = pCtx;
  if( l->n<200 ){
    l->a[l->n] = q->id;
    snprintf(l->az[l->n], sizeof l->az[0], "%.200s", q->zTitle);
    l->n++;
  }
}
static void indicator_option(void *pCtx, const struct indicator *ind){
  struct measure_ctx *c = pCtx;
  struct req *r = c->r;
  char zVal[32];
  snprintf(zVal, sizeof zVal, "ind-%lld", ind->id);
  html_printf(&r->body, "<option value=\"%s\"%s>%s</option>\n", zVal,
              c->zSel && strcmp(c->zSel, zVal)==0 ? " selected" : "", indicator_name(ind, r->lang));
}

struct obj_form { struct plan_objective_input in; char zDue[64]; };

static void obj_form_read(struct req *r, struct obj_form *f){
  memset(f, 0, sizeof *f);
  f->in.zTitle = req_form(r, "title");
  f->in.zDescription = req_form(r, "description");
  f->in.zPriorityId = req_form(r, "priority");
  f->in.zMeasure = req_form(r, "measure");
  f->in.zTarget = req_form(r, "target");
  f->in.zTargetValue = req_form(r, "target_value");
  f->in.zOwnerId = req_form(r, "owner");
  const char **az[] = { &f->in.zTitle, &f->in.zDescription, &f->in.zPriorityId, &f->in.zMeasure, &f->in.zTarget,
                        &f->in.zTargetValue, &f->in.zOwnerId };
  for(size_t i=0; i<sizeof az/sizeof az[0]; i++) if( !*az[i] ) *az[i] = "";
  form_date_value(r, "due_on", f->zDue);
  f->in.zDueOn = f->zDue;
}

static void obj_form(struct req *r, const struct plan *p, const struct plan_objective *pEdit,
                     const struct plan_objective_input *in, const struct field_errors *e){
  char zUnit[100], zList[110], zPlan[40], zTitle[120];
  struct crumb aCrumb[4];
  int nCrumb = plan_crumbs(r, p, true, aCrumb, zUnit, zList, zPlan, zTitle, sizeof zTitle);
  page_form_begin(r, T(pEdit ? "plan.objective_edit" : "plan.objective_add"), aCrumb, nCrumb, e, zTitle);
  struct buf *b = &r->body;
  if( pEdit ) html_printf(b, "<form method=\"post\" action=\"/plans/%lld/objectives/%lld/edit\" novalidate>\n", p->id, pEdit->id);
  else html_printf(b, "<form method=\"post\" action=\"/plans/%lld/objectives\" novalidate>\n", p->id);
  form_csrf(r);
  form_input(r, e, "title", "plan.objective_title", "plan.objective_title_hint", "text", in->zTitle, 0);
  form_textarea(r, e, "description", "plan.description", 0, in->zDescription, 3);

  form_select_begin(r, e, "priority", "plan.priority", "plan.priority_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("plan.priority_none"));
  struct opt_ctx oc = { r, in->zPriorityId, 0 };
  plan_priority_choices(r->db, p->unitId, p->assessmentId, priority_option, &oc);
  form_select_end(r);

  html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n<p>%s</p>\n", T("plan.smart_heading"), T("plan.smart_intro"));
  form_select_begin(r, e, "measure", "plan.measure", "plan.measure_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("plan.measure_none"));
  struct proj_ids *pl = xcalloc(1, sizeof *pl);
  qi_project_list(r->db, p->unitId, project_collect, pl);
  if( pl->n ){
    html_printf(b, "<optgroup label=\"%s\">\n", T("plan.measure_qi"));
    for(int i=0; i<pl->n; i++){
      struct measure_ctx mc = { r, in->zMeasure, pl->az[i] };
      qi_measure_list(r->db, pl->a[i], qi_measure_option, &mc);
    }
    html_printf(b, "</optgroup>\n");
  }
  free(pl);
  html_printf(b, "<optgroup label=\"%s\">\n", T("plan.measure_indicator"));
  struct measure_ctx ic = { r, in->zMeasure, 0 };
  indicator_list(r->db, indicator_option, &ic);
  html_printf(b, "</optgroup>\n");
  form_select_end(r);
  form_input(r, e, "target", "plan.target", "plan.target_hint", "text", in->zTarget, 0);
  form_input(r, e, "target_value", "plan.target_value", "plan.target_value_hint", "text", in->zTargetValue, 0);
  form_date(r, e, "due_on", "plan.due_on", "plan.due_on_hint", in->zDueOn);
  form_select_begin(r, e, "owner", "plan.owner", "plan.owner_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("plan.owner_none"));
  page_member_options(r, p->unitId, in->zOwnerId);
  form_select_end(r);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T(pEdit ? "plan.save" : "plan.objective_add"));
  if( pEdit ) html_printf(b, "<p><a href=\"/plans/%lld/objectives/%lld\">%s</a></p>\n", p->id, pEdit->id, T("plan.cancel"));
  else html_printf(b, "<p><a href=\"/plans/%lld\">%s</a></p>\n", p->id, T("plan.cancel"));
  html_printf(b, "</form>\n</div></div>\n");
  page_end(r);
}

void page_plan_objective_new(struct req *r){
  const struct plan *p = r->rec.pPlan;
  if( is_agreed(p) ){ agreed_page(r, p); return; }
  struct plan_objective_input in = { "", "", "", "", "", "", "", "" };
  /* ?priority= preselects (from a priority's page). */
  const char *zPriority = req_query(r, "priority");
  if( zPriority ) in.zPriorityId = zPriority;
  obj_form(r, p, 0, &in, 0);
}

void page_plan_objective_create(struct req *r){
  const struct plan *p = r->rec.pPlan;
  struct obj_form *f = xmalloc(sizeof *f);
  obj_form_read(r, f);
  struct field_errors e = {0};
  long long id = plan_objective_create(r->db, &r->user, p->id, &f->in, r->zToday, &e);
  if( form_result(r, id, "/plans/%lld/objectives/%lld", p->id, id) ) obj_form(r, p, 0, &f->in, &e);
  free(f);
}

void page_plan_objective_edit(struct req *r){
  const struct plan *p = r->rec.pPlan;
  const struct plan_objective *o = r->rec.pObjective;
  if( is_agreed(p) ){ agreed_page(r, p); return; }
  char zPriority[24] = "", zMeasure[32] = "", zValue[40] = "", zOwner[24] = "";
  if( o->priorityId ) snprintf(zPriority, sizeof zPriority, "%lld", o->priorityId);
  if( o->qiMeasureId ) snprintf(zMeasure, sizeof zMeasure, "qi-%lld", o->qiMeasureId);
  else if( o->indicatorId ) snprintf(zMeasure, sizeof zMeasure, "ind-%lld", o->indicatorId);
  if( o->bHasTargetValue ) snprintf(zValue, sizeof zValue, "%.15g", o->targetValue);
  if( o->ownerPersonId ) snprintf(zOwner, sizeof zOwner, "%lld", o->ownerPersonId);
  struct plan_objective_input in = { o->zTitle, o->zDescription, zPriority, zMeasure, o->zTarget, zValue,
                                     o->zDueOn, zOwner };
  obj_form(r, p, o, &in, 0);
}

void page_plan_objective_update(struct req *r){
  const struct plan *p = r->rec.pPlan;
  const struct plan_objective *o = r->rec.pObjective;
  struct obj_form *f = xmalloc(sizeof *f);
  obj_form_read(r, f);
  struct field_errors e = {0};
  long long id = plan_objective_update(r->db, &r->user, p->id, o->id, &f->in, r->zToday, &e);
  if( form_result(r, id, "/plans/%lld/objectives/%lld", p->id, o->id) ) obj_form(r, p, o, &f->in, &e);
  free(f);
}

/* ---- GET /plans/{id}/objectives/{item} ------------------------------------------ */

struct thread_ctx { struct req *r; const struct plan *p; int n; };
static void finding_item(void *pCtx, const struct plan_finding *f){
  struct thread_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ) html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"objective-findings\">\n");
  html_printf(b, "<li><a href=\"/needs/%lld\">%s</a>", f->assessmentId, f->zWhat);
  if( f->indicatorId ){
    html_printf(b, " – %s <a href=\"/units/%s/indicators/%s\">%s</a>", T("plan.finding_indicator"), c->p->zUnitSlug,
                f->zIndicatorCode, indicator_name_of(r, f->zIndicatorNameEn, f->zIndicatorNameCy));
    if( f->zPeriod[0] ) html_printf(b, " (%s)", f->zPeriod);
  }
  html_printf(b, "</li>\n");
}

static void thread_back(struct req *r, const struct plan *p, const struct plan_objective *o){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"need-heading\">%s</h2>\n", T("plan.thread_back"));
  if( !o->priorityId ){
    html_printf(b, "<p id=\"objective-priority\">%s</p>\n", T("plan.priority_none_text"));
    return;
  }
  html_printf(b, "<p id=\"objective-priority\">%s <a href=\"/priorities/%lld\">%s</a></p>\n", T("plan.from_priority"),
              o->priorityId, o->zPriorityTitle);
  struct thread_ctx c = { r, p, 0 };
  plan_priority_findings(r->db, o->priorityId, finding_item, &c);
  if( c.n ) html_printf(b, "</ul>\n");
  else html_printf(b, "<p>%s</p>\n", T("plan.findings_none"));
}

struct act_ctx { struct req *r; const struct plan *p; const struct plan_objective *o; int n; long long aSkip[300]; int nSkip; };
static void linked_action(void *pCtx, const struct plan_action *a){
  struct act_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->nSkip<300 ) c->aSkip[c->nSkip++] = a->actionId;
  if( c->n++==0 ) html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"objective-actions\">\n");
  html_printf(b, "<li id=\"action-%lld\"><a href=\"/actions/%lld\">%s</a>: <span class=\"cc-pre\">%s</span> (%s)",
              a->actionId, a->actionId, a->zRef, a->zDescription, T(action_status_key(a->zStatus)));
  if( c->p->bCanWrite ){
    html_printf(b, " <form class=\"cc-inline\" method=\"post\" action=\"/plans/%lld/objectives/%lld/actions/unlink\">",
                c->p->id, c->o->id);
    form_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"%lld\">"
                "<button class=\"cc-link-button\" type=\"submit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></button></form>",
                a->actionId, T("plan.unlink"), a->zRef);
  }
  html_printf(b, "</li>\n");
}
static void action_option(void *pCtx, const struct action *a){
  struct act_ctx *c = pCtx;
  for(int i=0; i<c->nSkip; i++) if( c->aSkip[i]==a->id ) return;
  struct req *r = c->r;
  char zShort[200];
  snprintf(zShort, sizeof zShort, "%.150s", a->zDescription);
  html_printf(&r->body, "<option value=\"%lld\">%s – %s</option>\n", a->id, a->zRef, zShort);
}

static void actions_section(struct req *r, const struct plan *p, const struct plan_objective *o,
                            const struct field_errors *e){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"actions-heading\">%s</h2>\n", T("plan.actions"));
  struct act_ctx *c = xcalloc(1, sizeof *c);
  c->r = r; c->p = p; c->o = o;
  plan_action_list(r->db, o->id, linked_action, c);
  if( c->n ) html_printf(b, "</ul>\n");
  else html_printf(b, "<p id=\"actions-empty\">%s</p>\n", T("plan.actions_none"));
  if( p->bCanWrite ){
    html_printf(b, "<form method=\"post\" action=\"/plans/%lld/objectives/%lld/actions\" novalidate>\n", p->id, o->id);
    form_csrf(r);
    form_select_begin(r, e, "action", "plan.action_choose", "plan.action_hint");
    html_printf(b, "<option value=\"\">%s</option>\n", T("plan.action_select"));
    struct action_filter f;
    memset(&f, 0, sizeof f);
    f.nMax = 300;
    action_list(r->db, p->unitId, &f, r->zToday, action_option, c);
    form_select_end(r);
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
                T("plan.action_link"));
    html_printf(b, "<p><a href=\"/units/%s/actions/new?objective=%lld\">%s</a></p>\n", p->zUnitSlug, o->id, T("plan.action_new"));
  }
  free(c);
}

struct align_ctx { struct req *r; const struct plan *p; const struct plan_objective *o; int n; bool bDemo; };
/* bDemoShown: the page already says that it shows demonstration data. */
static void alignment_text(struct req *r, const struct plan_alignment *a, bool bDemoShown){
  struct buf *b = &r->body;
  if( a->targetObjectiveId ){
    /* A link for whoever may read the PCPG's plan; its title for the
    ** cluster's own people, who chose it from the PCPG's objectives. */
    const char *zUnit = unit_name_in(r->lang, a->zTargetUnitName, a->zTargetUnitNameCy);
    if( access_can_read(r->db, &r->user, a->targetUnitId, r->zToday) ){
      html_printf(b, "%s: <a href=\"/plans/%lld/objectives/%lld\">%s %s</a> (%s)", T("plan.align_pcpg"),
                  a->targetPlanId, a->targetObjectiveId, a->zTargetRef, a->zTargetTitle, zUnit);
    }else{
      html_printf(b, "%s: %s %s (%s)", T("plan.align_pcpg"), a->zTargetRef, a->zTargetTitle, zUnit);
    }
  }else{
    const char *zTitle = r->lang==LANG_CY && a->zRefTitleCy[0] ? a->zRefTitleCy : a->zRefTitleEn;
    html_printf(b, "%s: ", T(ref_kind_key(a->zRefKind)));
    if( a->zRefUrl[0] ) html_printf(b, "<a href=\"%s\">%s %s</a>", a->zRefUrl, a->zRefCode, zTitle);
    else html_printf(b, "%s %s", a->zRefCode, zTitle);
    if( a->bRefDemo && !bDemoShown ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T("plan.demo_short"));
  }
}
static void alignment_item(void *pCtx, const struct plan_alignment *a){
  struct align_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ) html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"objective-alignments\">\n");
  html_printf(b, "<li id=\"alignment-%lld\">", a->id);
  alignment_text(r, a, c->p->bDemo);
  if( c->p->bCanWrite && !is_agreed(c->p) ){
    html_printf(b, " <form class=\"cc-inline\" method=\"post\" action=\"/plans/%lld/objectives/%lld/alignments/remove\">",
                c->p->id, c->o->id);
    form_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"alignment\" value=\"%lld\">"
                "<button class=\"cc-link-button\" type=\"submit\">%s</button></form>", a->id, T("plan.unlink"));
  }
  html_printf(b, "</li>\n");
}
static void alignment_option(void *pCtx, const struct plan_alignment *a){
  struct align_ctx *c = pCtx;
  struct req *r = c->r;
  char zShort[300];
  if( a->targetObjectiveId ){
    snprintf(zShort, sizeof zShort, "%s %.200s", a->zTargetRef, a->zTargetTitle);
    html_printf(&r->body, "<option value=\"obj-%lld\">%s: %s</option>\n", a->targetObjectiveId, T("plan.align_pcpg"), zShort);
  }else{
    const char *zTitle = r->lang==LANG_CY && a->zRefTitleCy[0] ? a->zRefTitleCy : a->zRefTitleEn;
    snprintf(zShort, sizeof zShort, "%s %.200s", a->zRefCode, zTitle);
    html_printf(&r->body, "<option value=\"ref-%lld\">%s: %s</option>\n", a->referenceId, T(ref_kind_key(a->zRefKind)), zShort);
  }
  c->n++;
}
static void aligned_to_item(void *pCtx, const struct plan_alignment *a){
  struct align_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    html_printf(b, "<h3 class=\"nhsuk-heading-s\" id=\"aligned-to-heading\">%s</h3>\n"
                "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"objective-aligned-to\">\n", T("plan.aligned_to_this"));
  }
  html_printf(b, "<li><a href=\"/plans/%lld/objectives/%lld\">%s %s</a> (%s)</li>\n", a->targetPlanId,
              a->targetObjectiveId, a->zTargetRef, a->zTargetTitle,
              unit_name_in(r->lang, a->zTargetUnitName, a->zTargetUnitNameCy));
}

static void alignments_section(struct req *r, const struct plan *p, const struct plan_objective *o,
                               const struct field_errors *e){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"alignments-heading\">%s</h2>\n", T("plan.alignments"));
  struct align_ctx c = { r, p, o, 0, false };
  plan_alignment_list(r->db, o->id, alignment_item, &c);
  if( c.n ) html_printf(b, "</ul>\n");
  else html_printf(b, "<p id=\"alignments-empty\">%s</p>\n", T("plan.alignments_none"));
  struct align_ctx t = { r, p, o, 0, false };
  plan_aligned_to(r->db, &r->user, o->id, r->zToday, aligned_to_item, &t);
  if( t.n ) html_printf(b, "</ul>\n");
  if( p->bCanWrite && !is_agreed(p) ){
    html_printf(b, "<form method=\"post\" action=\"/plans/%lld/objectives/%lld/alignments\" novalidate>\n", p->id, o->id);
    form_csrf(r);
    form_select_begin(r, e, "target", "plan.align_choose", "plan.align_hint");
    html_printf(b, "<option value=\"\">%s</option>\n", T("plan.align_select"));
    struct align_ctx oc = { r, p, o, 0, false };
    plan_alignment_choices(r->db, o->id, r->zToday, alignment_option, &oc);
    form_select_end(r);
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
                T("plan.align_add"));
  }
}

struct prog_ctx { struct req *r; int n; };
static void progress_row(void *pCtx, const struct plan_progress *g){
  struct prog_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    nhsuk_table_begin(b, 0, "progress", 0);
    nhsuk_table_header(b, T("plan.quarter"), false);
    nhsuk_table_header(b, T("plan.rag"), false);
    nhsuk_table_header(b, T("plan.reason"), false);
    nhsuk_table_header(b, T("plan.measure_value"), false);
    nhsuk_table_header(b, T("plan.recorded"), false);
    nhsuk_table_body(b);
  }
  char zRow[32], zAt[64];
  snprintf(zRow, sizeof zRow, "progress-q%d", g->quarter);
  nhsuk_table_row_begin(b, zRow);
  nhsuk_table_cell_begin(b, 0);
  html_printf_t(b, TF("plan.quarter_short"), g->quarter);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  nhsuk_tag(b, rag_colour(g->zRag), T(rag_key(g->zRag)));
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_class(b, "cc-pre", g->zReason);
  nhsuk_table_cell(b, g->zMeasureValue[0] ? g->zMeasureValue : T("plan.none"));
  page_time(r, g->createdAt, zAt);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "%s", zAt);
  if( g->zBy[0] ) html_printf(b, ", %s", g->zBy);
  nhsuk_table_cell_end(b);
  nhsuk_table_row_end(b);
}

static void progress_section(struct req *r, const struct plan *p, const struct plan_objective *o,
                             const struct field_errors *e, const char *zQuarter, const char *zRag, const char *zReason){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"progress-heading\">%s</h2>\n", T("plan.progress"));
  struct prog_ctx c = { r, 0 };
  page_scroll_begin(r, "progress-heading");
  plan_progress_list(r->db, o->id, progress_row, &c);
  if( c.n ) nhsuk_table_end(b);
  page_scroll_end(r);
  if( c.n==0 ) html_printf(b, "<p id=\"progress-empty\">%s</p>\n", T("plan.progress_none"));
  if( !is_agreed(p) ){
    html_printf(b, "<p id=\"progress-when\">%s</p>\n", T("plan.progress_after_agreement"));
    return;
  }
  if( !p->bCanWrite ) return;
  int latest = plan_quarter_latest(p->zYear, r->zToday);
  if( latest<=0 ){
    html_printf(b, "<p id=\"progress-when\">%s</p>\n", T("plan.progress_not_begun"));
    return;
  }
  html_printf(b, "<form method=\"post\" action=\"/plans/%lld/objectives/%lld/progress\" novalidate>\n", p->id, o->id);
  form_csrf(r);
  form_select_begin(r, e, "quarter", "plan.quarter", "plan.quarter_hint");
  for(int q=latest; q>=1; q--){
    char zVal[16];
    snprintf(zVal, sizeof zVal, "%d", q);
    bool bSel = zQuarter && zQuarter[0] ? strcmp(zQuarter, zVal)==0 : q==latest;
    html_printf(b, "<option value=\"%s\"%s>", zVal, bSel ? " selected" : "");
    html_printf_t(b, TF("plan.quarter_option"), q);
    html_printf(b, "</option>\n");
  }
  form_select_end(r);
  static const char *const azVal[] = {"green", "amber", "red"};
  static const char *const azKey[] = {"plan.rag_green", "plan.rag_amber", "plan.rag_red"};
  form_radios(r, e, "rag", "plan.rag", "plan.rag_hint", 3, azVal, azKey, zRag ? zRag : "");
  form_textarea(r, e, "reason", "plan.reason", "plan.reason_hint", zReason ? zReason : "", 3);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T("plan.progress_record"));
}

/* The whole objective page; e belongs to the form named zForm ("action",
** "alignment", "progress") when it has errors. */
static void objective_page(struct req *r, const char *zForm, const struct field_errors *eIn,
                           const char *zA, const char *zB, const char *zC){
  const struct plan *p = r->rec.pPlan;
  /* Each message of the error summary links to something on the page: a
  ** refusal because the plan is agreed to the note that says so, one of
  ** removing the objective (no form of fields) to its heading. */
  struct field_errors eMapped = {0};
  const struct field_errors *e = eIn;
  if( eIn && eIn->n ){
    for(int i=0; i<eIn->n; i++){
      const char *zField = eIn->a[i].zField;
      if( strcmp(eIn->a[i].zKey, "plan.error.agreed")==0 ) zField = "read-only";
      else if( !zForm ) zField = "remove-heading";
      else if( strcmp(zForm, "progress")==0 && (!is_agreed(p) || plan_quarter_latest(p->zYear, r->zToday)<=0) ){
        zField = "progress-when";     /* no form drawn: the sentence that says why */
      }
      field_errors_add(&eMapped, zField, eIn->a[i].zKey);
    }
    e = &eMapped;
  }
  const struct plan_objective *o = r->rec.pObjective;
  char zUnit[100], zList[110], zPlan[40], zTitle[120];
  struct crumb aCrumb[4];
  int nCrumb = plan_crumbs(r, p, true, aCrumb, zUnit, zList, zPlan, zTitle, sizeof zTitle);
  char zHead[900];
  snprintf(zHead, sizeof zHead, "%s %s", o->zRef, o->zTitle);
  page_begin_form(r, zHead, aCrumb, nCrumb, e);
  struct buf *b = &r->body;
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s – %s</span>\n<h1>%s</h1>\n",
              unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy), zTitle, zHead);
  char zValue[401];
  bool bValueDemo = false;
  plan_measure_value(r->db, o, p->unitId, zValue, sizeof zValue, &bValueDemo);
  if( p->bDemo || bValueDemo ) demo_callout(r);
  if( is_agreed(p) ){
    nhsuk_inset_begin(b, "read-only", 0);
    html_printf(b, "<p>%s</p>", T("plan.read_only"));
    nhsuk_inset_end(b);
  }

  nhsuk_summary_begin(b, "objective-summary");
  if( o->zDescription[0] ) nhsuk_summary_row(b, T("plan.description"), o->zDescription, true);
  nhsuk_summary_row_begin(b, T("plan.measure"), "objective-measure");
  measure_link(r, p, o);
  nhsuk_summary_row_end(b);
  nhsuk_summary_row_begin(b, T("plan.measure_now"), "objective-measure-value");
  html_printf(b, "%s", zValue[0] ? zValue : T("plan.measure_value_none"));
  nhsuk_summary_row_end(b);
  nhsuk_summary_row_begin(b, T("plan.target"), "objective-target");
  html_printf(b, "%s", o->zTarget[0] ? o->zTarget : T("plan.none"));
  if( o->bHasTargetValue ){
    char zNum[40];
    snprintf(zNum, sizeof zNum, "%.15g", o->targetValue);
    html_printf(b, " (%s)", zNum);
  }
  nhsuk_summary_row_end(b);
  char zDue[48] = "";
  if( o->zDueOn[0] ) page_date(r, o->zDueOn, zDue);
  nhsuk_summary_row(b, T("plan.due_on"), zDue[0] ? zDue : T("plan.none"), false);
  nhsuk_summary_row(b, T("plan.owner"), o->zOwnerName[0] ? o->zOwnerName : T("plan.none"), false);
  nhsuk_summary_row_begin(b, T("plan.smart_heading"), "objective-smart");
  smart_cell(r, o);
  nhsuk_summary_row_end(b);
  nhsuk_summary_end(b);
  page_finance_objective_budget(r, p->zUnitSlug, o->id);
  if( p->bCanWrite && !is_agreed(p) ){
    html_printf(b, "<p><a href=\"/plans/%lld/objectives/%lld/edit\">%s</a></p>\n", p->id, o->id, T("plan.objective_edit"));
  }

  thread_back(r, p, o);
  bool bAct = zForm && strcmp(zForm, "action")==0;
  actions_section(r, p, o, bAct ? e : 0);
  bool bAlign = zForm && strcmp(zForm, "alignment")==0;
  alignments_section(r, p, o, bAlign ? e : 0);
  bool bProg = zForm && strcmp(zForm, "progress")==0;
  progress_section(r, p, o, bProg ? e : 0, bProg ? zA : 0, bProg ? zB : 0, bProg ? zC : 0);
  business_cases_objective_section(r, p->zUnitSlug, p->unitId, o->id, p->bCanWrite);
  projects_objective_section(r, p->zUnitSlug, p->unitId, o->id);
  if( p->bCanWrite && !is_agreed(p) ){
    html_printf(b, "<h2 id=\"remove-heading\">%s</h2>\n", T("plan.objective_remove"));
    html_printf(b, "<form method=\"post\" action=\"/plans/%lld/objectives/%lld/delete\">\n", p->id, o->id);
    form_csrf(r);
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\">%s</button>\n</form>\n",
                T("plan.objective_remove"));
  }
  html_printf(b, "<p><a href=\"/plans/%lld\">%s</a></p>\n", p->id, T("plan.back"));
  page_end(r);
}

void page_plan_objective(struct req *r){ objective_page(r, 0, 0, 0, 0, 0); }

void page_plan_objective_delete(struct req *r){
  const struct plan *p = r->rec.pPlan;
  const struct plan_objective *o = r->rec.pObjective;
  struct field_errors e = {0};
  long long id = plan_objective_delete(r->db, &r->user, p->id, o->id, r->zToday, &e);
  if( form_result(r, id, "/plans/%lld", p->id) ) objective_page(r, 0, &e, 0, 0, 0);
}

void page_plan_action_link(struct req *r){
  const struct plan *p = r->rec.pPlan;
  const struct plan_objective *o = r->rec.pObjective;
  const char *zAction = req_form(r, "action");
  long long actionId = 0;
  if( zAction && zAction[0] && !text_to_int(zAction, 1, (long long)1<<53, &actionId) ) actionId = 0;
  struct field_errors e = {0};
  long long id;
  if( actionId<=0 ){ field_errors_add(&e, "action", "plan.error.action_required"); id = 0; }
  else id = plan_action_link(r->db, &r->user, p->id, o->id, actionId, r->zToday, &e);
  if( form_result(r, id, "/plans/%lld/objectives/%lld#actions-heading", p->id, o->id) ) objective_page(r, "action", &e, 0, 0, 0);
}

void page_plan_action_unlink(struct req *r){
  const struct plan *p = r->rec.pPlan;
  const struct plan_objective *o = r->rec.pObjective;
  const char *zAction = req_form(r, "action");
  long long actionId = 0;
  if( !zAction || !text_to_int(zAction, 1, (long long)1<<53, &actionId) ) actionId = 0;
  long long id = actionId ? plan_action_unlink(r->db, &r->user, p->id, o->id, actionId, r->zToday) : -1;
  form_result(r, id>0 ? id : -1, "/plans/%lld/objectives/%lld#actions-heading", p->id, o->id);
}

void page_plan_alignment_add(struct req *r){
  const struct plan *p = r->rec.pPlan;
  const struct plan_objective *o = r->rec.pObjective;
  const char *zTarget = req_form(r, "target");
  struct field_errors e = {0};
  long long id = plan_alignment_add(r->db, &r->user, p->id, o->id, zTarget ? zTarget : "", r->zToday, &e);
  if( form_result(r, id, "/plans/%lld/objectives/%lld#alignments-heading", p->id, o->id) ) objective_page(r, "alignment", &e, 0, 0, 0);
}

void page_plan_alignment_remove(struct req *r){
  const struct plan *p = r->rec.pPlan;
  const struct plan_objective *o = r->rec.pObjective;
  const char *zId = req_form(r, "alignment");
  long long alignmentId = 0;
  if( !zId || !text_to_int(zId, 1, (long long)1<<53, &alignmentId) ) alignmentId = 0;
  struct field_errors e = {0};
  long long id = alignmentId ? plan_alignment_remove(r->db, &r->user, p->id, o->id, alignmentId, r->zToday, &e) : -1;
  if( form_result(r, id, "/plans/%lld/objectives/%lld#alignments-heading", p->id, o->id) ) objective_page(r, "alignment", &e, 0, 0, 0);
}

void page_plan_progress(struct req *r){
  const struct plan *p = r->rec.pPlan;
  const struct plan_objective *o = r->rec.pObjective;
  const char *zQ = req_form(r, "quarter"), *zRag = req_form(r, "rag"), *zReason = req_form(r, "reason");
  struct field_errors e = {0};
  long long id = plan_progress_record(r->db, &r->user, p->id, o->id, zQ ? zQ : "", zRag ? zRag : "",
                                      zReason ? zReason : "", r->zToday, &e);
  if( form_result(r, id, "/plans/%lld/objectives/%lld#progress-heading", p->id, o->id) ){
    objective_page(r, "progress", &e, zQ, zRag, zReason);
  }
}

/* ---- GET/POST /plans/{id}/agree ----------------------------------------------------- */

struct gap_ctx { struct req *r; const struct plan *p; int n; };
static void gap_item(void *pCtx, const struct plan_objective *o){
  struct gap_ctx *c = pCtx;
  if( o->gaps==0 ) return;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ) html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"smart-gaps\">\n");
  char z[400];
  gaps_words(r, o->gaps, z, sizeof z);
  html_printf(b, "<li><a href=\"/plans/%lld/objectives/%lld\">%s %s</a>: %s</li>\n", c->p->id, o->id, o->zRef, o->zTitle, z);
}

struct dec_ctx { struct req *r; const char *zSel; int n; };
static void decision_option(void *pCtx, const struct decision *d){
  struct dec_ctx *c = pCtx;
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

static void agree_form(struct req *r, const struct plan *p, const char *zDecision, const struct field_errors *e){
  char zUnit[100], zList[110], zPlan[40], zTitle[120];
  struct crumb aCrumb[4];
  int nCrumb = plan_crumbs(r, p, true, aCrumb, zUnit, zList, zPlan, zTitle, sizeof zTitle);
  page_form_begin(r, T("plan.agree"), aCrumb, nCrumb, e, zTitle);
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("plan.agree_intro"));
  int nObj = 0, nSmart = 0;
  plan_smart_count(r->db, p->id, &nObj, &nSmart);
  html_printf(b, "<p id=\"smart-count\">");
  html_printf_t(b, TF("plan.smart_count_sentence"), nSmart, nObj);
  html_printf(b, "</p>\n");
  if( nSmart<nObj ){
    nhsuk_warning_callout_begin(b, 2, T("plan.gaps_heading"));
    struct gap_ctx g = { r, p, 0 };
    plan_objective_list(r->db, p->id, gap_item, &g);
    if( g.n ) html_printf(b, "</ul>\n");
    html_printf(b, "<p>%s</p>\n", T("plan.gaps_text"));
    nhsuk_warning_callout_end(b);
  }
  html_printf(b, "<form method=\"post\" action=\"/plans/%lld/agree\" novalidate>\n", p->id);
  form_csrf(r);
  form_select_begin(r, e, "decision", "plan.decision", "plan.decision_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("plan.decision_select"));
  struct dec_ctx dc = { r, zDecision, 0 };
  decision_list_visible(r->db, &r->user, p->unitId, 0, r->zToday, decision_option, &dc);
  form_select_end(r);
  if( dc.n==0 ) html_printf(b, "<p id=\"decisions-none\">%s</p>\n", T("plan.decisions_none"));
  if( nSmart<nObj ){
    const char *zErr = e ? field_errors_get(e, "gaps") : 0;
    html_printf(b, "<div class=\"nhsuk-form-group%s\">\n", zErr ? " nhsuk-form-group--error" : "");
    if( zErr ) html_printf(b, "<span class=\"nhsuk-error-message\" id=\"gaps-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                           T("error.prefix"), T(zErr));
    html_printf(b, "<div class=\"nhsuk-checkboxes\"><div class=\"nhsuk-checkboxes__item\">"
                "<input class=\"nhsuk-checkboxes__input\" id=\"gaps\" name=\"gaps\" type=\"checkbox\" value=\"1\">"
                "<label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"gaps\">%s</label></div></div>\n</div>\n",
                T("plan.gaps_accept"));
  }
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("plan.agree"));
  html_printf(b, "<p><a href=\"/plans/%lld\">%s</a></p>\n</form>\n</div></div>\n", p->id, T("plan.cancel"));
  page_end(r);
}

void page_plan_agree_form(struct req *r){
  const struct plan *p = r->rec.pPlan;
  if( is_agreed(p) ){ agreed_page(r, p); return; }
  agree_form(r, p, 0, 0);
}

void page_plan_agree(struct req *r){
  const struct plan *p = r->rec.pPlan;
  const char *zDecision = req_form(r, "decision"), *zGaps = req_form(r, "gaps");
  long long decisionId = 0;
  if( zDecision && zDecision[0] && !text_to_int(zDecision, 1, (long long)1<<53, &decisionId) ) decisionId = (long long)1<<52;
  struct field_errors e = {0};
  long long id = plan_agree(r->db, &r->user, p->id, decisionId, zGaps && strcmp(zGaps, "1")==0, r->zToday, &e);
  if( form_result(r, id, "/plans/%lld", p->id) ){
    if( field_errors_get(&e, "decision") && strcmp(field_errors_get(&e, "decision"), "plan.error.agreed")==0 ){
      agreed_page(r, p);
      r->status = 400;
    }else{
      agree_form(r, p, zDecision, &e);
    }
  }
}

/* ---- backlinks on other pages ------------------------------------------------------ */

void plan_decision_backlink(struct req *r, long long decisionId){
  char zYear[8] = "", zName[201] = "", zNameCy[201] = "";
  long long planId = plan_of_decision(r->db, decisionId, zYear, zName, zNameCy);
  if( !planId ) return;
  html_printf(&r->body, "<p class=\"cc-plan-backlink\"><a href=\"/plans/%lld\">", planId);
  html_printf_t(&r->body, TF("plan.decision_agreed"), unit_name_in(r->lang, zName, zNameCy), zYear);
  html_printf(&r->body, "</a></p>\n");
}

struct back_ctx { struct req *r; int n; };
static void action_backlink_item(void *pCtx, long long planId, long long objectiveId, const char *zRef,
                                 const char *zTitle, const char *zYear, const char *zName, const char *zNameCy){
  struct back_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ) html_printf(b, "<ul class=\"nhsuk-list\" id=\"action-objectives\">\n");
  html_printf(b, "<li><a href=\"/plans/%lld/objectives/%lld\">", planId, objectiveId);
  html_printf_t(b, TF("plan.action_delivers"), zRef, zTitle, unit_name_in(r->lang, zName, zNameCy), zYear);
  html_printf(b, "</a></li>\n");
}

void plan_action_backlinks(struct req *r, long long actionId){
  struct back_ctx c = { r, 0 };
  plan_objectives_of_action(r->db, actionId, action_backlink_item, &c);
  if( c.n ) html_printf(&r->body, "</ul>\n");
}
