/*
** A project's documents (src/domain/project_docs.h): the list by stage,
** each document a structured form with its kind's guidance, marked
** complete when every field is written, reopened to change, and printed
** as a PDF in English or Welsh.
**
**   GET  /projects/{id}/documents                      by stage: needed for the gate, state, last change
**   GET  /projects/{id}/documents/new?kind=K           start one (a single kind once: else the existing one)
**   POST /projects/{id}/documents/new?kind=K
**   GET  /projects/{id}/documents/{item}               the document
**   GET  /projects/{id}/documents/{item}/edit, POST    its fields (a draft)
**   POST /projects/{id}/documents/{item}/complete      refused while a field is empty
**   POST /projects/{id}/documents/{item}/reopen        back to a draft
**   GET  /projects/{id}/documents/{item}/doc.pdf       ?lang=en|cy
**
** Read by whoever may read the project's unit; written by a writer of it
** while the project is open (the route's loader checks both).
*/
#include "pages/pages.h"
#include "pages/project_docs_ui.h"
#include "domain/project_docs.h"
#include "domain/domain_write.h"
#include "domain/risk.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- keys ---- */

static const char *kind_name(struct req *r, const char *zKind, char z[80]){
  snprintf(z, 80, "projdoc.kind.%s", zKind);
  return T(z);
}
static const char *stage_name(struct req *r, const char *zStage, char z[40]){
  snprintf(z, 40, "projdoc.stage.%s", zStage);
  return T(z);
}
static void state_tag(struct req *r, const char *zState, const char *zId){
  bool bDone = strcmp(zState, "complete")==0;
  nhsuk_tag_ex(&r->body, bDone ? "green" : "grey", 0, zId, T(bDone ? "projdoc.state.complete" : "projdoc.state.draft"));
}

/* "Progress report" or "Progress report, 1 May 2026 to 31 May 2026" or
** the title it was given. */
static void doc_name(struct req *r, const struct pdoc *d, char *z, size_t n){
  char zK[80];
  const char *zKind = kind_name(r, d->zKind, zK);
  if( d->zTitle[0] ){ snprintf(z, n, "%s", d->zTitle); return; }
  if( d->zFrom[0] ){
    char zA[48], zB[48];
    page_date(r, d->zFrom, zA);
    page_date(r, d->zTo, zB);
    snprintf(z, n, "%s, %s – %s", zKind, zA, zB);
    return;
  }
  snprintf(z, n, "%s", zKind);
}

/* ---- the list by stage ---- */

struct list_ctx {
  struct pdoc a[200];
  int n;
};
static void collect(void *p, const struct pdoc *d){
  struct list_ctx *x = p;
  if( x->n < (int)(sizeof x->a/sizeof x->a[0]) ) x->a[x->n++] = *d;
}

static void doc_row(struct req *r, const struct project_doc_kind *k, const struct pdoc *d, bool bFirst, int nOfKind){
  struct buf *b = &r->body;
  const struct project *p = r->rec.pWork;
  char zK[80], zName[1200], zId[64];
  /* The kind's first row is #kind-<code>: the gate links to it. */
  snprintf(zId, sizeof zId, "kind-%s", k->zCode);
  nhsuk_table_row_begin(b, bFirst ? zId : 0);
  nhsuk_table_cell_begin(b, 0);
  if( d ){
    doc_name(r, d, zName, sizeof zName);
    html_printf(b, "<a href=\"/projects/%lld/documents/%lld\" id=\"doc-%lld\">%s</a>", p->id, d->id, d->id, zName);
    if( d->zTrigger[0] ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>",
                                     T(strcmp(d->zTrigger, "cost")==0 ? "projdoc.trigger.cost" : "projdoc.trigger.time"));
  }else{
    html_printf(b, "%s", kind_name(r, k->zCode, zK));
  }
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  if( bFirst && k->bGate ) nhsuk_tag(b, "blue", T("projdoc.needed"));
  else if( bFirst ) html_printf(b, "<span class=\"nhsuk-body-s\">%s</span>", T("projdoc.not_needed"));
  if( bFirst && k->bComplexOnly ) html_printf(b, " <span class=\"nhsuk-body-s\">%s</span>", T("projdoc.complex_only"));
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  if( d ) state_tag(r, d->zState, 0);
  else nhsuk_tag(b, "white", T("projdoc.state.not_started"));
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  if( d ){
    char zWhen[64];
    page_time(r, d->updatedAt, zWhen);
    html_printf(b, "%s", zWhen);
  }
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  if( p->bCanWrite && !d ){
    html_printf(b, "<a href=\"/projects/%lld/documents/new?kind=%s\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                p->id, k->zCode, T(nOfKind && k->bRepeatable ? "projdoc.start_another" : "projdoc.start"), kind_name(r, k->zCode, zK));
  }
  nhsuk_table_cell_end(b);
  nhsuk_table_row_end(b);
}

void page_projdoc_list(struct req *r){
  const struct project *p = r->rec.pWork;
  char zUnit[100], zList[120], zProject[40], zDocs[60];
  struct crumb aCrumb[5];
  int nCrumb = projdoc_crumbs(r, p, aCrumb, zUnit, zList, zProject, zDocs, false);
  page_begin(r, T("projdoc.list_title"), aCrumb, nCrumb);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", p->zTitle, T("projdoc.list_title"));
  if( p->bDemo ) projdoc_demo_callout(r);
  projdoc_closed_note(r, p);
  html_printf(b, "<p>%s</p>\n", T(p->bComplex ? "projdoc.list_intro_complex" : "projdoc.list_intro"));
  struct list_ctx *x = xmalloc(sizeof *x);
  x->n = 0;
  project_docs_each(r->db, p->id, collect, x);
  int iNow = project_stage_of(p->zStage);
  for(int iStage = 0; iStage < PSTAGE__N; iStage++){
    char zS[40], zCap[200], zHid[40];
    const char *zStage = project_stage_code(iStage);
    snprintf(zHid, sizeof zHid, "stage-%s", zStage);
    html_printf(b, "<h2 id=\"%s\">%s", zHid, stage_name(r, zStage, zS));
    if( iStage==iNow ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T("projdoc.stage_now"));
    html_printf(b, "</h2>\n");
    snprintf(zCap, sizeof zCap, "%s", stage_name(r, zStage, zS));
    page_scroll_begin(r, zHid);
    nhsuk_table_begin(b, 0, 0, 0);
    nhsuk_table_header(b, T("projdoc.col.document"), false);
    nhsuk_table_header(b, T("projdoc.col.gate"), false);
    nhsuk_table_header(b, T("projdoc.col.state"), false);
    nhsuk_table_header(b, T("projdoc.col.changed"), false);
    nhsuk_table_header_hidden(b, T("projdoc.col.act"));
    nhsuk_table_body(b);
    for(int i = 0; i < project_doc_nkind; i++){
      const struct project_doc_kind *k = &project_doc_kinds[i];
      if( k->iStage!=iStage || !project_doc_kind_shown(k, p->bComplex) ) continue;
      int nOf = 0;
      for(int j = 0; j < x->n; j++){
        if( strcmp(x->a[j].zKind, k->zCode)!=0 ) continue;
        doc_row(r, k, &x->a[j], nOf==0, nOf);
        nOf++;
      }
      if( nOf==0 || k->bRepeatable ){
        if( nOf==0 || p->bCanWrite ) doc_row(r, k, 0, nOf==0, nOf);
      }
    }
    nhsuk_table_end(b);
    page_scroll_end(r);
  }
  free(x);
  html_printf(b, "<h2 id=\"more\">%s</h2>\n<ul class=\"nhsuk-list\">\n", T("projdoc.more"));
  html_printf(b, "<li><a href=\"/projects/%lld/stakeholders\">%s</a></li>\n", p->id, T("projdoc.stakeholders_title"));
  html_printf(b, "<li><a href=\"/projects/%lld/decisions\">%s</a></li>\n", p->id, T("projdoc.decisions_title"));
  html_printf(b, "</ul>\n<p><a href=\"/projects/%lld\">%s</a></p>\n", p->id, T("projdoc.back_project"));
  page_end(r);
}

/* ---- starting one ---- */

static const struct project_doc_kind *kind_of_request(struct req *r){
  const struct project_doc_kind *k = project_doc_kind_of(req_query(r, "kind"));
  return k && project_doc_kind_shown(k, r->rec.pWork->bComplex) ? k : 0;
}

static void new_page(struct req *r, const struct project_doc_kind *k, const struct field_errors *e,
                     const char *zFrom, const char *zTo){
  const struct project *p = r->rec.pWork;
  char zUnit[100], zList[120], zProject[40], zDocs[60], zK[80], zH[100];
  struct crumb aCrumb[5];
  int nCrumb = projdoc_crumbs(r, p, aCrumb, zUnit, zList, zProject, zDocs, true);
  page_form_begin(r, kind_name(r, k->zCode, zK), aCrumb, nCrumb, e, p->zTitle);
  struct buf *b = &r->body;
  if( p->bDemo ) projdoc_demo_callout(r);
  snprintf(zH, sizeof zH, "projdoc.kind.%s.hint", k->zCode);
  html_printf(b, "<p id=\"guidance\">%s</p>\n", T(zH));
  html_printf(b, "<form method=\"post\" action=\"/projects/%lld/documents/new?kind=%s\" novalidate>\n", p->id, k->zCode);
  form_csrf(r);
  if( k->bRepeatable ){
    form_date(r, e, "period_from", "projdoc.period_from", "projdoc.date_hint", zFrom ? zFrom : "");
    form_date(r, e, "period_to", "projdoc.period_to", "projdoc.date_hint", zTo ? zTo : "");
  }
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("projdoc.start_button"));
  html_printf(b, "<p><a href=\"/projects/%lld/documents\">%s</a></p>\n</div></div>\n", p->id, T("projdoc.back_list"));
  page_end(r);
}

void page_projdoc_new(struct req *r){
  const struct project_doc_kind *k = kind_of_request(r);
  if( !k ){ page_not_found(r); return; }
  if( !k->bRepeatable ){
    /* One of it at most: the existing one, when started. */
    long long id = project_doc_of_kind(r->db, r->rec.pWork->id, k->zCode);
    if( id>0 ){
      char z[80];
      snprintf(z, sizeof z, "/projects/%lld/documents/%lld", r->rec.pWork->id, id);
      req_redirect(r, z);
      return;
    }
  }
  new_page(r, k, 0, 0, 0);
}

void page_projdoc_create(struct req *r){
  const struct project_doc_kind *k = kind_of_request(r);
  if( !k ){ page_not_found(r); return; }
  char zFrom[64], zTo[64];
  form_date_value(r, "period_from", zFrom);
  form_date_value(r, "period_to", zTo);
  struct field_errors e = {0};
  long long id = project_doc_start(r->db, &r->user, r->rec.pWork, k->zCode, zFrom, zTo, &e);
  if( form_result(r, id, "/projects/%lld/documents/%lld/edit", r->rec.pWork->id, id) ) new_page(r, k, &e, zFrom, zTo);
}

/* ---- one document ---- */

static bool load_doc(struct req *r, struct pdoc *d){
  if( !project_doc_get(r->db, r->rec.pWork->id, r->aId[1], d) || !project_doc_kind_of(d->zKind) ){
    page_not_found(r);
    return false;
  }
  return true;
}

static void pdf_links(struct req *r, const struct pdoc *d){
  const char *zOther = r->lang==LANG_CY ? "en" : "cy";
  html_printf(&r->body, "<p class=\"cc-no-print\" id=\"doc-pdf\"><a href=\"/projects/%lld/documents/%lld/doc.pdf\" download>%s</a> · "
                        "<a href=\"/projects/%lld/documents/%lld/doc.pdf?lang=%s\" download hreflang=\"%s\">%s</a></p>\n",
              d->projectId, d->id, T("projdoc.pdf_link"), d->projectId, d->id, zOther, zOther, T("projdoc.pdf_link_other"));
}

/* The tables of the initiation document: schedule, risks, issues. */
struct trow { struct req *r; int n; };
static void ms_row(void *pc, const struct pmilestone *o){
  struct trow *x = pc;
  struct req *r = x->r;
  struct buf *b = &r->body;
  char zB[48], zD[48], zDone[48];
  page_date_short(r, o->zBaseline, zB);
  page_date_short(r, o->zDue, zD);
  if( o->zDone[0] ) page_date_short(r, o->zDone, zDone); else snprintf(zDone, sizeof zDone, "%s", T("projdoc.not_done"));
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell(b, o->zTitle);
  nhsuk_table_cell(b, zB);
  nhsuk_table_cell(b, zD);
  nhsuk_table_cell(b, zDone);
  nhsuk_table_row_end(b);
  x->n++;
}
static void score_cell(struct req *r, int l, int c){
  int score = risk_score(l, c);
  char zKey[40];
  enum risk_level lv = risk_level_of(score);
  snprintf(zKey, sizeof zKey, "projdoc.level.%s", lv==RISK_NONE ? "low" : risk_level_code(lv));
  nhsuk_table_cell_begin(&r->body, 0);
  html_printf(&r->body, "%d × %d = %d ", l, c, score);
  nhsuk_tag(&r->body, risk_level_colour(lv), T(zKey));
  nhsuk_table_cell_end(&r->body);
}
static void rk_row(void *pc, const struct risk_row *o){
  struct trow *x = pc;
  struct req *r = x->r;
  struct buf *b = &r->body;
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell(b, o->zDescription);
  nhsuk_table_cell(b, o->zOwnerName);
  score_cell(r, o->likelihood, o->consequence);
  score_cell(r, o->residualLikelihood, o->residualConsequence);
  nhsuk_table_cell(b, T(strcmp(o->zStatus, "open")==0 ? "projdoc.status.open" : "projdoc.status.closed"));
  nhsuk_table_row_end(b);
  x->n++;
}
static void is_row(void *pc, const struct issue_row *o){
  struct trow *x = pc;
  struct req *r = x->r;
  struct buf *b = &r->body;
  char zDue[48] = "", zKey[40];
  if( o->zDueOn[0] ) page_date_short(r, o->zDueOn, zDue);
  snprintf(zKey, sizeof zKey, "projdoc.priority.%s", o->zPriority);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell(b, o->zDescription);
  nhsuk_table_cell(b, o->zOwnerName);
  nhsuk_table_cell(b, T(zKey));
  nhsuk_table_cell(b, zDue);
  nhsuk_table_cell(b, T(strcmp(o->zStatus, "open")==0 ? "projdoc.status.open" : "projdoc.status.resolved"));
  nhsuk_table_row_end(b);
  x->n++;
}

static void pid_tables(struct req *r, const struct project *p){
  struct buf *b = &r->body;
  struct trow x = { r, 0 };
  html_printf(b, "<h2 id=\"schedule\">%s</h2>\n", T("projdoc.schedule"));
  page_scroll_begin(r, "schedule");
  nhsuk_table_begin(b, 0, "schedule-table", 0);
  nhsuk_table_header(b, T("projdoc.col.milestone"), false);
  nhsuk_table_header(b, T("projdoc.col.baseline"), false);
  nhsuk_table_header(b, T("projdoc.col.due"), false);
  nhsuk_table_header(b, T("projdoc.col.done"), false);
  nhsuk_table_body(b);
  project_docs_milestones(r->db, p->id, ms_row, &x);
  nhsuk_table_end(b);
  page_scroll_end(r);
  if( x.n==0 ) html_printf(b, "<p>%s</p>\n", T("projdoc.no_milestones"));
  html_printf(b, "<p><a href=\"/projects/%lld/milestones\">%s</a></p>\n", p->id, T("projdoc.milestones_link"));
  html_printf(b, "<h2 id=\"risks\">%s</h2>\n", T("projdoc.risks"));
  x.n = 0;
  page_scroll_begin(r, "risks");
  nhsuk_table_begin(b, 0, "risks-table", 0);
  nhsuk_table_header(b, T("projdoc.col.risk"), false);
  nhsuk_table_header(b, T("projdoc.col.owner"), false);
  nhsuk_table_header(b, T("projdoc.col.inherent"), false);
  nhsuk_table_header(b, T("projdoc.col.residual"), false);
  nhsuk_table_header(b, T("projdoc.col.status"), false);
  nhsuk_table_body(b);
  risk_list_project(r->db, p->id, false, rk_row, &x);
  nhsuk_table_end(b);
  page_scroll_end(r);
  if( x.n==0 ) html_printf(b, "<p>%s</p>\n", T("projdoc.no_risks"));
  html_printf(b, "<p><a href=\"/projects/%lld/risks\">%s</a></p>\n", p->id, T("projdoc.risks_link"));
  html_printf(b, "<h2 id=\"issues\">%s</h2>\n", T("projdoc.issues"));
  x.n = 0;
  page_scroll_begin(r, "issues");
  nhsuk_table_begin(b, 0, "issues-table", 0);
  nhsuk_table_header(b, T("projdoc.col.issue"), false);
  nhsuk_table_header(b, T("projdoc.col.owner"), false);
  nhsuk_table_header(b, T("projdoc.col.priority"), false);
  nhsuk_table_header(b, T("projdoc.col.due"), false);
  nhsuk_table_header(b, T("projdoc.col.status"), false);
  nhsuk_table_body(b);
  issue_list(r->db, p->id, is_row, &x);
  nhsuk_table_end(b);
  page_scroll_end(r);
  if( x.n==0 ) html_printf(b, "<p>%s</p>\n", T("projdoc.no_issues"));
  html_printf(b, "<p><a href=\"/projects/%lld/issues\">%s</a></p>\n", p->id, T("projdoc.issues_link"));
}

/* The closure report: the evaluation's recommendation and the follow-on actions. */
static void act_row(void *pc, const struct paction *o){
  struct trow *x = pc;
  struct req *r = x->r;
  struct buf *b = &r->body;
  const struct project *p = r->rec.pWork;
  char zDue[48] = "", zKey[48];
  if( o->zDue[0] ) page_date_short(r, o->zDue, zDue);
  snprintf(zKey, sizeof zKey, "projdoc.action_status.%s", o->zStatus);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/actions/%lld\">%s</a>", o->actionId, o->zRef);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell(b, o->zDescription);
  nhsuk_table_cell(b, T(zKey));
  nhsuk_table_cell(b, zDue);
  nhsuk_table_cell_begin(b, 0);
  if( p->bCanWrite ){
    html_printf(b, "<form method=\"post\" action=\"/projects/%lld/links/%lld/delete\">"
                   "<input type=\"hidden\" name=\"back\" value=\"follow-on\">", p->id, o->linkId);
    form_csrf(r);
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0\" type=\"submit\">%s"
                   "<span class=\"nhsuk-u-visually-hidden\"> %s</span></button></form>", T("projdoc.unlink"), o->zRef);
  }
  nhsuk_table_cell_end(b);
  nhsuk_table_row_end(b);
  x->n++;
}
struct opt_ctx { struct req *r; long long sel; };
static void act_option(void *pc, const struct paction *o){
  struct opt_ctx *x = pc;
  char zShort[160];
  snprintf(zShort, sizeof zShort, "%.140s", o->zDescription);
  html_printf(&x->r->body, "<option value=\"%lld\"%s>%s – %s</option>\n", o->actionId, o->actionId==x->sel ? " selected" : "",
              o->zRef, zShort);
}

static void closure_parts(struct req *r, const struct project *p, const struct field_errors *e, const char *zAction){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"recommendation\">%s</h2>\n", T("projdoc.recommendation"));
  if( p->zRecommendation[0] ){
    char zKey[48];
    snprintf(zKey, sizeof zKey, "projdoc.recommendation.%s", p->zRecommendation);
    html_printf(b, "<p id=\"recommendation-value\"><strong>%s</strong></p>\n", T(zKey));
    if( p->zRecommendationReason && p->zRecommendationReason[0] ) html_printf(b, "<p class=\"cc-pre\">%s</p>\n", p->zRecommendationReason);
  }else{
    html_printf(b, "<p id=\"recommendation-value\">%s</p>\n", T("projdoc.no_recommendation"));
  }
  html_printf(b, "<p><a href=\"/projects/%lld/evaluation\">%s</a></p>\n", p->id, T("projdoc.evaluation_link"));
  html_printf(b, "<h2 id=\"follow-on\">%s</h2>\n", T("projdoc.follow_on"));
  struct trow x = { r, 0 };
  page_scroll_begin(r, "follow-on");
  nhsuk_table_begin(b, 0, "follow-on-table", 0);
  nhsuk_table_header(b, T("projdoc.col.ref"), false);
  nhsuk_table_header(b, T("projdoc.col.action"), false);
  nhsuk_table_header(b, T("projdoc.col.status"), false);
  nhsuk_table_header(b, T("projdoc.col.due"), false);
  nhsuk_table_header_hidden(b, T("projdoc.col.act"));
  nhsuk_table_body(b);
  project_actions_each(r->db, p->id, act_row, &x);
  nhsuk_table_end(b);
  page_scroll_end(r);
  if( x.n==0 ) html_printf(b, "<p>%s</p>\n", T("projdoc.no_actions"));
  if( p->bCanWrite ){
    html_printf(b, "<form method=\"post\" action=\"/projects/%lld/follow-on\" novalidate>\n", p->id);
    form_csrf(r);
    struct opt_ctx o = { r, 0 };
    domain_parse_id(zAction, &o.sel);
    form_select_begin(r, e, "action", "projdoc.action_choose", "projdoc.action_choose_hint");
    html_printf(b, "<option value=\"\">%s</option>\n", T("projdoc.choose"));
    project_action_choices(r->db, p->id, p->unitId, act_option, &o);
    form_select_end(r);
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
                T("projdoc.link_action"));
  }
}

static void view_page(struct req *r, const struct pdoc *d, const struct field_errors *e, const char *zAction){
  const struct project *p = r->rec.pWork;
  const struct project_doc_kind *k = project_doc_kind_of(d->zKind);
  char zUnit[100], zList[120], zProject[40], zDocs[60], zName[1200], zH[100];
  struct crumb aCrumb[5];
  int nCrumb = projdoc_crumbs(r, p, aCrumb, zUnit, zList, zProject, zDocs, true);
  doc_name(r, d, zName, sizeof zName);
  page_begin_form(r, zName, aCrumb, nCrumb, e);
  struct buf *b = &r->body;
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n<p>", p->zTitle, zName);
  state_tag(r, d->zState, "doc-state");
  html_printf(b, "</p>\n");
  if( p->bDemo || d->bDemo ) projdoc_demo_callout(r);
  projdoc_closed_note(r, p);
  if( d->meetingId ){
    char zd[11], zWhen[48] = "";
    text_copy(zd, sizeof zd, d->zMeetingStarts);
    if( zd[0] ) page_date(r, zd, zWhen);
    html_printf(b, "<p id=\"doc-meeting\">%s <a href=\"/meetings/%lld", T("projdoc.for_meeting"), d->meetingId);
    if( d->agendaItemId ) html_printf(b, "/items/%lld", d->agendaItemId);
    html_printf(b, "\">%s, %s</a></p>\n", d->zMeetingTitle, zWhen);
  }
  snprintf(zH, sizeof zH, "projdoc.kind.%s.hint", d->zKind);
  nhsuk_details_begin(b, T("projdoc.guidance"), false);
  html_printf(b, "<p>%s</p>\n", T(zH));
  nhsuk_details_end(b);
  char *az[PROJECT_DOC_FIELDS_MAX];
  project_doc_texts(r->db, d->id, k, az);
  nhsuk_summary_begin(b, "doc-fields");
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++){
    char zL[100];
    snprintf(zL, sizeof zL, "projdoc.%s.%s", d->zKind, k->azField[i]);
    nhsuk_summary_row(b, T(zL), project_doc_blank(az[i]) ? T("projdoc.not_written") : az[i], true);
  }
  nhsuk_summary_end(b);
  project_doc_texts_free(az);
  bool bDraft = strcmp(d->zState, "draft")==0;
  if( p->bCanWrite ){
    html_printf(b, "<div class=\"nhsuk-button-group\">\n");
    if( bDraft ){
      html_printf(b, "<a class=\"nhsuk-button\" href=\"/projects/%lld/documents/%lld/edit\">%s</a>\n", p->id, d->id, T("projdoc.edit"));
      html_printf(b, "<form method=\"post\" action=\"/projects/%lld/documents/%lld/complete\">", p->id, d->id);
      form_csrf(r);
      html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\" id=\"complete\">%s</button></form>\n",
                  T("projdoc.complete_button"));
    }else{
      html_printf(b, "<form method=\"post\" action=\"/projects/%lld/documents/%lld/reopen\">", p->id, d->id);
      form_csrf(r);
      html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\" id=\"reopen\">%s</button></form>\n",
                  T("projdoc.reopen_button"));
    }
    html_printf(b, "</div>\n");
  }
  if( strcmp(d->zKind, "pid")==0 ) pid_tables(r, p);
  else if( strcmp(d->zKind, "stakeholder_map")==0 ) projdoc_stakeholder_section(r, p, false);
  else if( strcmp(d->zKind, "decisions_log")==0 ) projdoc_decisions_section(r, p);
  else if( strcmp(d->zKind, "closure")==0 ) closure_parts(r, p, e, zAction);
  pdf_links(r, d);
  html_printf(b, "<p><a href=\"/projects/%lld/documents\">%s</a></p>\n", p->id, T("projdoc.back_list"));
  page_end(r);
}

void page_projdoc_view(struct req *r){
  struct pdoc d;
  if( !load_doc(r, &d) ) return;
  view_page(r, &d, 0, 0);
}

/* The edit form: azVal what was typed (NULL: stored). */
static void edit_page(struct req *r, const struct pdoc *d, const struct field_errors *e, const char *const *azVal){
  const struct project *p = r->rec.pWork;
  const struct project_doc_kind *k = project_doc_kind_of(d->zKind);
  char zUnit[100], zList[120], zProject[40], zDocs[60], zName[1200], zH[100];
  struct crumb aCrumb[5];
  int nCrumb = projdoc_crumbs(r, p, aCrumb, zUnit, zList, zProject, zDocs, true);
  doc_name(r, d, zName, sizeof zName);
  page_begin_form(r, zName, aCrumb, nCrumb, e);
  struct buf *b = &r->body;
  /* Each message after the field's label, so the summary names the field. */
  const char *azName[FIELD_ERRORS_MAX] = {0};
  char azLabel[FIELD_ERRORS_MAX][100];
  for(int i = 0; e && i < e->n; i++){
    if( project_doc_has_field(k, e->a[i].zField) ){
      snprintf(azLabel[i], sizeof azLabel[i], "projdoc.%s.%s", d->zKind, e->a[i].zField);
      azName[i] = T(azLabel[i]);
    }
  }
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary_named(r, e, azName);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n<p>", p->zTitle, zName);
  state_tag(r, d->zState, "doc-state");
  html_printf(b, "</p>\n");
  if( p->bDemo || d->bDemo ) projdoc_demo_callout(r);
  snprintf(zH, sizeof zH, "projdoc.kind.%s.hint", d->zKind);
  nhsuk_inset(b, T("projdoc.guidance"), T(zH));
  html_printf(b, "<p>%s</p>\n", T("projdoc.not_applicable_hint"));
  if( strcmp(d->zKind, "stakeholder_map")==0 ){
    html_printf(b, "<p id=\"stakeholders\"><a href=\"/projects/%lld/stakeholders\">%s</a></p>\n", p->id, T("projdoc.stakeholders_link"));
  }
  html_printf(b, "<form method=\"post\" action=\"/projects/%lld/documents/%lld/edit\" novalidate>\n", p->id, d->id);
  form_csrf(r);
  char *az[PROJECT_DOC_FIELDS_MAX] = {0};
  if( !azVal ) project_doc_texts(r->db, d->id, k, az);
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++){
    char zL[100], zHint[110];
    snprintf(zL, sizeof zL, "projdoc.%s.%s", d->zKind, k->azField[i]);
    snprintf(zHint, sizeof zHint, "projdoc.%s.%s.hint", d->zKind, k->azField[i]);
    form_textarea(r, e, k->azField[i], zL, zHint, azVal ? (azVal[i] ? azVal[i] : "") : az[i], 5);
  }
  project_doc_texts_free(az);
  html_printf(b, "<div class=\"nhsuk-button-group\">\n<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("projdoc.save_draft"));
  if( strcmp(d->zState, "draft")==0 ){
    /* Saves what is typed, then marks the document complete. */
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\" id=\"complete\""
                   " formaction=\"/projects/%lld/documents/%lld/complete\">%s</button>\n", p->id, d->id, T("projdoc.save_complete_button"));
  }
  html_printf(b, "</div>\n</form>\n");
  if( strcmp(d->zState, "draft")==0 ) html_printf(b, "<p>%s</p>\n", T("projdoc.complete_text"));
  html_printf(b, "<p><a href=\"/projects/%lld/documents/%lld\">%s</a></p>\n</div></div>\n", p->id, d->id, T("projdoc.back_doc"));
  page_end(r);
}

void page_projdoc_edit(struct req *r){
  struct pdoc d;
  if( !load_doc(r, &d) ) return;
  if( strcmp(d.zState, "draft")!=0 ){
    char z[80];
    snprintf(z, sizeof z, "/projects/%lld/documents/%lld", d.projectId, d.id);
    req_redirect(r, z);
    return;
  }
  edit_page(r, &d, 0, 0);
}

void page_projdoc_save(struct req *r){
  struct pdoc d;
  if( !load_doc(r, &d) ) return;
  const struct project_doc_kind *k = project_doc_kind_of(d.zKind);
  const char *az[PROJECT_DOC_FIELDS_MAX] = {0};
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++){
    az[i] = req_form(r, k->azField[i]);
    if( !az[i] ) az[i] = "";
  }
  struct field_errors e = {0};
  long long id = project_doc_save(r->db, &r->user, r->rec.pWork, d.id, az, &e);
  if( form_result(r, id, "/projects/%lld/documents/%lld", d.projectId, d.id) ) edit_page(r, &d, &e, az);
}

void page_projdoc_complete(struct req *r){
  struct pdoc d;
  if( !load_doc(r, &d) ) return;
  const struct project_doc_kind *k = project_doc_kind_of(d.zKind);
  /* From the edit form: what was typed is saved first. */
  const char *az[PROJECT_DOC_FIELDS_MAX] = {0};
  bool bTyped = false;
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++){
    az[i] = req_form(r, k->azField[i]);
    if( az[i] ) bTyped = true;
  }
  struct field_errors e = {0};
  if( bTyped && strcmp(d.zState, "draft")==0 ){
    for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++) if( !az[i] ) az[i] = "";
    long long id = project_doc_save(r->db, &r->user, r->rec.pWork, d.id, az, &e);
    if( id<=0 ){
      if( form_result(r, id, "/projects/%lld/documents/%lld", d.projectId, d.id) ) edit_page(r, &d, &e, az);
      return;
    }
  }
  long long id = project_doc_complete(r->db, &r->user, r->rec.pWork, d.id, &e);
  if( form_result(r, id, "/projects/%lld/documents/%lld", d.projectId, d.id) ){
    if( strcmp(d.zState, "draft")==0 ) edit_page(r, &d, &e, bTyped ? az : 0);
    else view_page(r, &d, &e, 0);
  }
}

void page_projdoc_reopen(struct req *r){
  struct pdoc d;
  if( !load_doc(r, &d) ) return;
  struct field_errors e = {0};
  long long id = project_doc_reopen(r->db, &r->user, r->rec.pWork, d.id, &e);
  if( form_result(r, id, "/projects/%lld/documents/%lld/edit", d.projectId, d.id) ) view_page(r, &d, &e, 0);
}

void page_projdoc_follow_on(struct req *r){
  const struct project *p = r->rec.pWork;
  const char *zAction = req_form(r, "action");
  struct field_errors e = {0};
  long long id = project_action_link(r->db, &r->user, p, zAction, &e);
  /* Back to the closure report. */
  long long docId = project_doc_of_kind(r->db, p->id, "closure");
  if( docId>0 ){
    if( form_result(r, id, "/projects/%lld/documents/%lld#follow-on", p->id, docId) ){
      struct pdoc d;
      if( project_doc_get(r->db, p->id, docId, &d) ) view_page(r, &d, &e, zAction);
      else page_not_found(r);
    }
  }else if( form_result(r, id, "/projects/%lld/documents", p->id) ){
    page_not_found(r);
  }
}

/* ---- the PDF ---- */

void page_projdoc_pdf(struct req *r){
  struct pdoc d;
  if( !load_doc(r, &d) ) return;
  const char *zL = req_query(r, "lang");
  enum lang lang = zL && strcmp(zL, "cy")==0 ? LANG_CY : zL && strcmp(zL, "en")==0 ? LANG_EN : r->lang;
  char zErr[300];
  if( !export_project_doc_pdf(r->db, &r->user, r->rec.pWork, &d, lang, &r->body, zErr, sizeof zErr) ){
    fprintf(stderr, "carecluster: project document %lld: %s\n", d.id, zErr);
    page_error(r, 500, "pdf.error_title", "pdf.error_body");
    return;
  }
  char zHeader[200];
  r->status = 200;
  r->zContentType = "application/pdf";
  snprintf(zHeader, sizeof zHeader, "attachment; filename=\"project-%lld-%s-%lld-%s.pdf\"", d.projectId, d.zKind, d.id,
           lang==LANG_CY ? "cy" : "en");
  req_add_header(r, "Content-Disposition", zHeader);
}
