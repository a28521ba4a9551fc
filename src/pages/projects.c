/*
** Projects through their stages (src/domain/project.h, project_write.h).
**
**   GET  /units/{slug}/projects?stage=&rag=     the portfolio (a PCPG's and a
**                                               health board's include the
**                                               projects of the units within)
**   GET  /units/{slug}/projects.xlsx            its workbook
**   GET  /units/{slug}/projects/new?case=|objective=, POST   start a project
**   GET  /projects/{id}                         the project
**   GET  /projects/{id}/edit, POST
**   GET  /projects/{id}/milestones; /new, POST; /{item}/edit, POST
**   GET  /projects/{id}/gate, POST              what the gate needs; pass it
**   POST /projects/{id}/close
**   GET  /api/v1/units/{slug}/projects, /api/v1/projects/{id}
*/
#include "pages/pages.h"
#include "domain/access.h"
#include "domain/business_case.h"
#include "domain/decision.h"
#include "domain/domain_write.h"
#include "domain/evaluation.h"
#include "domain/export_xlsx.h"
#include "domain/member.h"
#include "domain/project.h"
#include "domain/project_doc.h"
#include "domain/project_docs.h"
#include "domain/project_write.h"
#include "domain/risk.h"
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
#include <time.h>

/* ---- codes to words ---- */

static const char *stage_key(const char *z){
  switch( project_stage_of(z) ){
    case PSTAGE_INITIATE: return "project.stage.initiate";
    case PSTAGE_PLAN: return "project.stage.plan";
    case PSTAGE_DELIVER: return "project.stage.deliver";
    case PSTAGE_MONITOR: return "project.stage.monitor";
    default: return "project.stage.close";
  }
}
static const char *problem_key(const char *z){
  switch( project_problem_of(z) ){
    case PROBLEM_CRITICAL: return "project.problem.critical";
    case PROBLEM_TAME: return "project.problem.tame";
    default: return "project.problem.wicked";
  }
}
static const char *rag_key(enum rag g){
  return g==RAG_RED ? "project.rag.red" : g==RAG_AMBER ? "project.rag.amber" : "project.rag.green";
}
static const char *rag_colour(enum rag g){
  return g==RAG_RED ? "red" : g==RAG_AMBER ? "orange" : "green";
}
static const char *level_key(int score){
  switch( risk_level_of(score) ){
    case RISK_LOW: return "project.risk_level.low";
    case RISK_MODERATE: return "project.risk_level.moderate";
    case RISK_HIGH: return "project.risk_level.high";
    case RISK_EXTREME: return "project.risk_level.extreme";
    default: return "project.risk_level.none";
  }
}
static const char *doc_key(const char *z){
  static const char *const a[][2] = {
    {"plan_on_a_page", "project.doc.plan_on_a_page"}, {"brief", "project.doc.brief"},
    {"structure", "project.doc.structure"}, {"pid", "project.doc.pid"}, {"progress", "project.doc.progress"},
    {"exception", "project.doc.exception"}, {"highlight", "project.doc.highlight"}, {"closure", "project.doc.closure"},
    {"comms_plan", "project.doc.comms_plan"}, {"stakeholder_map", "project.doc.stakeholder_map"},
    {"impact", "project.doc.impact"}, {"decisions_log", "project.doc.decisions_log"},
    {"board_report", "project.doc.board_report"}, {"gateway_review", "project.doc.gateway_review"},
    {"benefits_review", "project.doc.benefits_review"}};
  for(size_t i=0; i<sizeof a/sizeof a[0]; i++) if( strcmp(a[i][0], z)==0 ) return a[i][1];
  return "project.doc.other";
}
static const char *need_key(const char *z){
  if( strcmp(z, "milestone")==0 ) return "project.gate.need.milestone";
  if( strcmp(z, "risk")==0 ) return "project.gate.need.risk";
  if( strcmp(z, "outcome")==0 ) return "project.gate.need.outcome";
  return "project.gate.need.measured";
}
static const char *need_href(const char *z){
  if( strcmp(z, "milestone")==0 ) return "milestones";
  if( strcmp(z, "risk")==0 ) return "risks";
  if( strcmp(z, "outcome")==0 ) return "logic-model";
  return "measurements";
}
static const char *rec_key(const char *z){
  if( strcmp(z, "continue")==0 ) return "project.recommendation.continue";
  if( strcmp(z, "scale_up")==0 ) return "project.recommendation.scale_up";
  return "project.recommendation.stop";
}

static const char *money(long long v, char z[40]){ return money_format(v, z, 40); }

static void demo_callout(struct req *r){
  nhsuk_warning_callout_begin(&r->body, 2, T("project.demo_heading"));
  html_printf(&r->body, "<p>%s</p>", T("project.demo_text"));
  nhsuk_warning_callout_end(&r->body);
}

/* The crumbs of a project's page: home, its unit, the portfolio, the project. */
static int project_crumbs(struct req *r, const struct project *p, struct crumb a[4], char zU[100], char zL[120], char zP[40],
                          bool bSelf){
  snprintf(zU, 100, "/units/%s", p->zUnitSlug);
  snprintf(zL, 120, "/units/%s/projects", p->zUnitSlug);
  snprintf(zP, 40, "/projects/%lld", p->id);
  a[0] = (struct crumb){"/", T("home.title")};
  a[1] = (struct crumb){zU, unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy)};
  a[2] = (struct crumb){zL, T("project.portfolio_title")};
  if( bSelf ) return 3;
  a[3] = (struct crumb){zP, p->zTitle};
  return 4;
}

/* ---- the portfolio ---- */

static bool unit_has_projects(const struct unit *u){
  return strcmp(u->zKind, "cluster")==0 || strcmp(u->zKind, "collaborative")==0 || strcmp(u->zKind, "pcpg")==0;
}

struct pf_ctx {
  struct req *r;
  const char *zStage, *zRag;
  int n, nShown, aRag[3];
  long long budget, spent;
  bool bDemo, bOthers;
};

static bool pf_keep(const struct pf_ctx *c, const struct portfolio_row *w){
  if( c->zStage && strcmp(c->zStage, w->zStage)!=0 ) return false;
  if( c->zRag && strcmp(c->zRag, project_rag_code(w->rag))!=0 ) return false;
  return true;
}

static void pf_row(void *p, const struct portfolio_row *w){
  struct pf_ctx *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  c->n++;
  if( !pf_keep(c, w) ) return;
  if( c->nShown++==0 ){
    page_scroll_begin(r, "projects-heading");
    nhsuk_rtable_begin(b, "nhsuk-table--compact", "projects-table", T("project.portfolio_caption"));
    nhsuk_rtable_header(b, T("project.col.project"), false);
    nhsuk_rtable_header(b, T("project.col.stage"), false);
    nhsuk_rtable_header(b, T("project.col.rag"), false);
    nhsuk_rtable_header(b, T("project.col.top_risk"), false);
    nhsuk_rtable_header(b, T("project.col.spend"), true);
    nhsuk_rtable_header(b, T("project.col.next_milestone"), false);
    nhsuk_table_body(b);
  }
  c->aRag[w->rag]++;
  c->budget += w->f.budgetPence;
  c->spent += w->f.spentPence;
  if( w->bDemo ) c->bDemo = true;
  char zM1[40], zM2[40], zD[48];
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, T("project.col.project"));
  html_printf(b, "<a href=\"/projects/%lld\">%s</a>", w->id, w->zTitle);
  if( w->unitId!=r->rec.unit.id ){
    html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", unit_name_in(r->lang, w->zUnitName, w->zUnitNameCy));
    c->bOthers = true;
  }
  if( w->bDemo ) html_printf(b, " <span class=\"nhsuk-body-s\">%s</span>", T("project.demo_short"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("project.col.stage"));
  html_printf(b, "%s", T(stage_key(w->zStage)));
  if( w->zClosedOn[0] ) html_printf(b, " <span class=\"nhsuk-body-s\">%s</span>", T("project.closed_short"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("project.col.rag"));
  nhsuk_tag(b, rag_colour(w->rag), T(rag_key(w->rag)));
  html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", T(w->zWhy));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("project.col.top_risk"));
  if( w->topRiskScore ){
    html_printf_t(b, TF("project.risk_score_level"), w->topRiskScore, T(level_key(w->topRiskScore)));
    html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", w->zTopRisk);
  }else{
    html_printf(b, "%s", T("project.none_short"));
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", T("project.col.spend"));
  html_printf_t(b, TF("project.spent_of_budget"), money(w->f.spentPence, zM1), money(w->f.budgetPence, zM2));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("project.col.next_milestone"));
  if( w->f.zNextMilestone[0] ){
    page_date_short(r, w->f.zNextMilestone, zD);
    html_printf(b, "%s<br><span class=\"nhsuk-body-s\">%s</span>", zD, w->f.zNextMilestoneTitle);
  }else{
    html_printf(b, "%s", T("project.none_short"));
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

static const char *stage_param(struct req *r){
  const char *z = req_query(r, "stage");
  int i = project_stage_of(z);
  return i<0 ? 0 : project_stage_code(i);
}
static const char *rag_param(struct req *r){
  const char *z = req_query(r, "rag");
  if( !z ) return 0;
  for(int g=RAG_GREEN; g<=RAG_RED; g++) if( strcmp(z, project_rag_code((enum rag)g))==0 ) return project_rag_code((enum rag)g);
  return 0;
}

void page_projects(struct req *r){
  const struct unit *u = &r->rec.unit;
  const char *zStage = stage_param(r), *zRag = rag_param(r);
  page_unit_begin(r, u, T("project.portfolio_title"), "projects-heading");
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T(unit_has_projects(u) ? "project.portfolio_intro" : "project.portfolio_intro_area"));
  if( unit_has_projects(u) && access_can_write(r->db, &r->user, u->id, r->zToday)
      && r->user.role!=ROLE_NATIONAL ){
    html_printf(b, "<p><a class=\"nhsuk-button\" href=\"/units/%s/projects/new\">%s</a></p>\n", u->zSlug, T("project.new"));
  }
  html_printf(b, "<form method=\"get\" action=\"/units/%s/projects\" class=\"nhsuk-u-margin-bottom-4\">\n", u->zSlug);
  form_select_begin(r, 0, "stage", "project.filter.stage", 0);
  html_printf(b, "<option value=\"\">%s</option>\n", T("project.filter.all"));
  for(int i=0; i<PSTAGE__N; i++){
    const char *z = project_stage_code(i);
    html_printf(b, "<option value=\"%s\"%s>%s</option>\n", z, zStage==z ? " selected" : "", T(stage_key(z)));
  }
  form_select_end(r);
  form_select_begin(r, 0, "rag", "project.filter.rag", 0);
  html_printf(b, "<option value=\"\">%s</option>\n", T("project.filter.all"));
  for(int g=RAG_RED; g>=RAG_GREEN; g--){
    const char *z = project_rag_code((enum rag)g);
    html_printf(b, "<option value=\"%s\"%s>%s</option>\n", z, zRag==z ? " selected" : "", T(rag_key((enum rag)g)));
  }
  form_select_end(r);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T("project.filter.button"));
  struct pf_ctx c;
  memset(&c, 0, sizeof c);
  c.r = r; c.zStage = zStage; c.zRag = zRag;
  project_portfolio(r->db, u->id, 0, r->zToday, pf_row, &c);
  if( c.nShown ){
    char zM1[40], zM2[40];
    nhsuk_table_end(b);
    page_scroll_end(r);
    html_printf(b, "<p id=\"portfolio-totals\">");
    html_printf_t(b, TF("project.portfolio_totals"), c.nShown, c.aRag[RAG_RED], c.aRag[RAG_AMBER], c.aRag[RAG_GREEN],
                  money(c.spent, zM1), money(c.budget, zM2));
    html_printf(b, "</p>\n");
  }else{
    html_printf(b, "<p id=\"projects-none\">%s</p>\n", T(c.n ? "project.none_filtered" : "project.none"));
  }
  if( c.bDemo ) demo_callout(r);
  html_printf(b, "<p><a href=\"/units/%s/projects.xlsx\">%s</a></p>\n", u->zSlug, T("project.xlsx"));
  page_end(r);
}

static void xl_row(void *p, const struct portfolio_row *w){
  struct xbook *x = p;
  xbook_int(x, w->id);
  xbook_text(x, w->zUnitName);
  xbook_text(x, w->zTitle);
  xbook_text(x, w->zStage);
  xbook_text(x, w->zProblemType);
  xbook_text(x, project_rag_code(w->rag));
  xbook_pence(x, w->f.budgetPence);
  xbook_pence(x, w->f.committedPence);
  xbook_pence(x, w->f.spentPence);
  xbook_pence(x, w->f.forecastPence);
  if( w->f.zNextMilestone[0] ) xbook_date(x, w->f.zNextMilestone); else xbook_skip(x);
  xbook_int(x, w->topRiskScore);
}
static bool xl_write(struct xbook *x, void *p){
  struct req *r = p;
  static const struct xcol aCol[] = {
    {"project.xl.id", XCOL_INT, 8}, {"project.xl.unit", XCOL_TEXT, 28}, {"project.col.project", XCOL_WRAP, 40},
    {"project.col.stage", XCOL_TEXT, 10}, {"project.xl.problem", XCOL_TEXT, 10}, {"project.col.rag", XCOL_TEXT, 8},
    {"project.xl.budget", XCOL_PENCE, 14}, {"project.xl.committed", XCOL_PENCE, 14}, {"project.xl.spent", XCOL_PENCE, 14},
    {"project.xl.forecast", XCOL_PENCE, 14}, {"project.col.next_milestone", XCOL_DATE, 14}, {"project.xl.top_risk", XCOL_INT, 10},
  };
  xbook_sheet(x, T("project.portfolio_title"), aCol, (int)(sizeof aCol/sizeof aCol[0]), r->lang);
  return project_portfolio(r->db, r->rec.unit.id, 0, r->zToday, xl_row, x)>=0;
}
void page_projects_xlsx(struct req *r){
  char zName[160];
  snprintf(zName, sizeof zName, "projects-%s.xlsx", r->rec.unit.zSlug);
  page_xlsx_send(r, zName, xl_write, r);
}

/* ---- the start and edit forms ---- */

struct pform {
  struct project_input in;
  char zBudget[40], zCost[8], zTime[8], zRisk[8], zOwner[24], zObjective[24];
  long long caseId;
};

static void read_pform(struct req *r, struct pform *f){
  memset(f, 0, sizeof *f);
  f->in.zTitle = req_form(r, "title");
  f->in.zSummary = req_form(r, "summary");
  f->in.zProblemType = req_form(r, "problem_type");
  f->in.zProblemReason = req_form(r, "problem_reason");
  f->in.zSponsor = req_form(r, "sponsor");
  f->in.zStartOn = req_form(r, "start_on");
  f->in.zEndOn = req_form(r, "end_on");
  f->in.zBudget = req_form(r, "budget");
  f->in.zCostTol = req_form(r, "cost_tolerance");
  f->in.zTimeTol = req_form(r, "time_tolerance");
  f->in.zRiskTol = req_form(r, "risk_tolerance");
  f->in.zOwner = req_form(r, "owner");
  f->in.zObjective = req_form(r, "objective");
  const char *z = req_form(r, "complex");
  f->in.bComplex = z && strcmp(z, "1")==0;
  domain_parse_id(req_form(r, "case"), &f->caseId);
}

static void from_project(struct pform *f, const struct project *p){
  memset(f, 0, sizeof *f);
  f->in.zTitle = p->zTitle;
  f->in.zSummary = p->zSummary;
  f->in.zProblemType = p->zProblemType;
  f->in.zProblemReason = p->zProblemReason;
  f->in.zSponsor = p->zSponsor;
  f->in.zStartOn = p->zStartOn;
  f->in.zEndOn = p->zEndOn;
  money_format_plain(p->budgetPence, f->zBudget, sizeof f->zBudget);
  f->in.zBudget = f->zBudget;
  snprintf(f->zCost, sizeof f->zCost, "%d", p->costTolerancePct);
  snprintf(f->zTime, sizeof f->zTime, "%d", p->timeToleranceDays);
  snprintf(f->zRisk, sizeof f->zRisk, "%d", p->riskTolerance);
  f->in.zCostTol = f->zCost; f->in.zTimeTol = f->zTime; f->in.zRiskTol = f->zRisk;
  if( p->ownerPersonId ) snprintf(f->zOwner, sizeof f->zOwner, "%lld", p->ownerPersonId);
  f->in.zOwner = f->zOwner;
  if( p->objectiveId ) snprintf(f->zObjective, sizeof f->zObjective, "%lld", p->objectiveId);
  f->in.zObjective = f->zObjective;
  f->in.bComplex = p->bComplex;
  f->caseId = p->businessCaseId;
}

/* The problem type: radios, each with seed 003's guidance as its hint. */
static void problem_radios(struct req *r, const struct field_errors *e, const char *zChecked){
  struct buf *b = &r->body;
  const char *zErr = e ? field_errors_get(e, "problem_type") : 0;
  static const char *const azV[3] = {"critical", "tame", "wicked"};
  static const char *const azL[3] = {"project.problem.critical", "project.problem.tame", "project.problem.wicked"};
  static const char *const azH[3] = {"project.problem.critical.hint", "project.problem.tame.hint", "project.problem.wicked.hint"};
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\" aria-describedby=\"problem_type-hint%s\">\n",
              zErr ? " nhsuk-form-group--error" : "", zErr ? " problem_type-error" : "");
  html_printf(b, "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n", T("project.problem_type"));
  html_printf(b, "<div class=\"nhsuk-hint\" id=\"problem_type-hint\">%s</div>\n", T("project.problem_type.hint"));
  if( zErr ){
    html_printf(b, "<span class=\"nhsuk-error-message\" id=\"problem_type-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                T("error.prefix"), T(zErr));
  }
  html_printf(b, "<div class=\"nhsuk-radios\" data-module=\"nhsuk-radios\">\n");
  for(int i=0; i<3; i++){
    char zId[32];
    if( i==0 ) snprintf(zId, sizeof zId, "problem_type"); else snprintf(zId, sizeof zId, "problem_type-%d", i+1);
    html_printf(b, "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\" id=\"%s\" name=\"problem_type\" type=\"radio\""
                   " value=\"%s\" aria-describedby=\"%s-item-hint\"%s>"
                   "<label class=\"nhsuk-label nhsuk-radios__label\" for=\"%s\">%s</label>"
                   "<div class=\"nhsuk-hint nhsuk-radios__hint\" id=\"%s-item-hint\">%s</div></div>\n",
                zId, azV[i], zId, zChecked && strcmp(zChecked, azV[i])==0 ? " checked" : "", zId, T(azL[i]), zId, T(azH[i]));
  }
  html_printf(b, "</div>\n</fieldset>\n</div>\n");
}

struct objective_ctx { struct req *r; const char *zSel; };
static void objective_option(void *pCtx, long long id, const char *zYear, const char *zRef, const char *zTitle){
  struct objective_ctx *c = pCtx;
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", id);
  html_printf(&c->r->body, "<option value=\"%s\"%s>%s %s: %s</option>\n", zId,
              c->zSel && strcmp(c->zSel, zId)==0 ? " selected" : "", zYear, zRef, zTitle);
}

/* The fields both forms share. pProject: the edit form's project. */
static void project_fields(struct req *r, const struct field_errors *e, const struct pform *f, long long unitId,
                           long long caseBudget, long long caseObjective, const struct project *pProject){
  struct buf *b = &r->body;
  form_input(r, e, "title", "project.title", "project.title.hint", "text", f->in.zTitle, "off");
  form_textarea(r, e, "summary", "project.summary", "project.summary.hint", f->in.zSummary, 3);
  bool bCase = f->caseId>0;
  if( !bCase ){
    form_select_begin(r, e, "objective", "project.objective", "project.objective.hint");
    html_printf(b, "<option value=\"\">%s</option>\n", T("project.objective.none"));
    struct objective_ctx c = { r, f->in.zObjective };
    project_objective_choices(r->db, unitId, objective_option, &c);
    form_select_end(r);
  }else{
    char zM[40];
    nhsuk_inset_begin(b, "from-case", 0);
    html_printf(b, "<p>");
    html_printf_t(b, TF("project.from_case"), money(pProject ? pProject->budgetPence : caseBudget, zM));
    html_printf(b, "</p>\n");
    if( caseObjective || (pProject && pProject->objectiveId) ) html_printf(b, "<p>%s</p>\n", T("project.from_case_objective"));
    nhsuk_inset_end(b);
    html_printf(b, "<input type=\"hidden\" name=\"case\" value=\"%lld\">\n", f->caseId);
  }
  problem_radios(r, e, f->in.zProblemType);
  form_textarea(r, e, "problem_reason", "project.problem_reason", "project.problem_reason.hint", f->in.zProblemReason, 3);
  form_checkbox(r, "complex", "project.complex", "project.complex.hint", false, f->in.bComplex);
  form_select_begin(r, e, "owner", "project.owner", "project.owner.hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("project.choose"));
  page_member_options(r, unitId, f->in.zOwner);
  form_select_end(r);
  form_input(r, e, "sponsor", "project.sponsor", "project.sponsor.hint", "text", f->in.zSponsor, "off");
  form_input(r, e, "start_on", "project.start_on", 0, "date", f->in.zStartOn, "off");
  form_input(r, e, "end_on", "project.end_on", "project.end_on.hint", "date", f->in.zEndOn, "off");
  if( !bCase || pProject ){
    form_input(r, e, "budget", "project.budget", "project.budget.hint", "text", f->in.zBudget, "off");
  }
  html_printf(b, "<h2 class=\"nhsuk-heading-s\">%s</h2>\n<p class=\"nhsuk-hint\">%s</p>\n",
              T("project.tolerances"), T("project.tolerances.hint"));
  form_input(r, e, "cost_tolerance", "project.cost_tolerance", "project.cost_tolerance.hint", "text", f->in.zCostTol, "off");
  form_input(r, e, "time_tolerance", "project.time_tolerance", "project.time_tolerance.hint", "text", f->in.zTimeTol, "off");
  form_input(r, e, "risk_tolerance", "project.risk_tolerance", "project.risk_tolerance.hint", "text", f->in.zRiskTol, "off");
}

static void new_form(struct req *r, const struct field_errors *e, struct pform *f){
  const struct unit *u = &r->rec.unit;
  char zHref[100], zList[120];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zList, sizeof zList, "/units/%s/projects", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}, {zList, T("project.portfolio_title")}};
  page_form_begin(r, T("project.new_title"), aCrumb, 3, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  long long caseBudget = 0, caseObjective = 0;
  if( f->caseId ){
    long long existing = project_of_case(r->db, f->caseId);
    if( existing ){
      html_printf(b, "<p id=\"case-has-project\">%s <a href=\"/projects/%lld\">%s</a></p>\n",
                  T("project.case_has_project"), existing, T("project.case_project_link"));
      html_printf(b, "</div></div>\n");
      page_end(r);
      return;
    }
    caseBudget = project_case_budget(r->db, f->caseId, u->id, &caseObjective);
    if( caseBudget<0 ){
      html_printf(b, "<p id=\"case-not-approved\">%s</p>\n</div></div>\n", T("project.case_not_approved"));
      page_end(r);
      return;
    }
  }
  html_printf(b, "<p>%s</p>\n", T(f->caseId ? "project.new_intro_case" : "project.new_intro"));
  html_printf(b, "<form method=\"post\" action=\"/units/%s/projects/new\" novalidate>\n", u->zSlug);
  form_csrf(r);
  project_fields(r, e, f, u->id, caseBudget, caseObjective, 0);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("project.start_button"));
  html_printf(b, "<p><a href=\"/units/%s/projects\">%s</a></p>\n</div></div>\n", u->zSlug, T("project.back_portfolio"));
  page_end(r);
}

void page_project_new(struct req *r){
  const struct unit *u = &r->rec.unit;
  if( !unit_has_projects(u) ){ page_not_found(r); return; }
  struct pform f;
  memset(&f, 0, sizeof f);
  f.caseId = req_query_int(r, "case", 0);
  snprintf(f.zCost, sizeof f.zCost, "10");
  snprintf(f.zTime, sizeof f.zTime, "30");
  snprintf(f.zRisk, sizeof f.zRisk, "12");
  f.in.zCostTol = f.zCost; f.in.zTimeTol = f.zTime; f.in.zRiskTol = f.zRisk;
  f.in.zStartOn = r->zToday;
  char zCaseTitle[4*CASE_TITLE_MAX+1];
  if( f.caseId ){
    struct business_case *bc = xcalloc(1, sizeof *bc);
    if( business_case_get_visible(r->db, &r->user, f.caseId, r->zToday, bc) && bc->unitId==u->id ){
      text_copy(zCaseTitle, sizeof zCaseTitle, bc->zTitle);
      f.in.zTitle = zCaseTitle;
    }
    free(bc);
  }else{
    long long o = req_query_int(r, "objective", 0);
    if( o ) snprintf(f.zObjective, sizeof f.zObjective, "%lld", o);
    f.in.zObjective = f.zObjective;
  }
  new_form(r, 0, &f);
}

void page_project_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  if( !unit_has_projects(u) ){ page_not_found(r); return; }
  struct pform f;
  read_pform(r, &f);
  struct field_errors e = {0};
  long long id = project_create(r->db, &r->user, u->id, f.caseId, &f.in, (long long)time(0), r->zToday, &e);
  if( form_result(r, id, "/projects/%lld", id) ) new_form(r, &e, &f);
}

static void edit_form(struct req *r, const struct field_errors *e, struct pform *f){
  const struct project *p = r->rec.pWork;
  struct crumb a[4];
  char zU[100], zL[120], zP[40];
  int n = project_crumbs(r, p, a, zU, zL, zP, false);
  page_form_begin(r, T("project.edit_title"), a, n, e, p->zTitle);
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/projects/%lld/edit\" novalidate>\n", p->id);
  form_csrf(r);
  project_fields(r, e, f, p->unitId, 0, 0, p);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("project.save"));
  html_printf(b, "<p><a href=\"/projects/%lld\">%s</a></p>\n</div></div>\n", p->id, T("project.back_project"));
  page_end(r);
}

void page_project_edit(struct req *r){
  struct pform f;
  from_project(&f, r->rec.pWork);
  edit_form(r, 0, &f);
}

void page_project_update(struct req *r){
  const struct project *p = r->rec.pWork;
  struct pform f;
  read_pform(r, &f);
  f.caseId = p->businessCaseId;
  struct field_errors e = {0};
  long long id = project_update(r->db, &r->user, p, &f.in, (long long)time(0), r->zToday, &e);
  if( form_result(r, id, "/projects/%lld", p->id) ) edit_form(r, &e, &f);
}

/* ---- the project ---- */

static void stage_tracker(struct req *r, const struct project *p){
  struct buf *b = &r->body;
  int iNow = project_stage_of(p->zStage);
  html_printf(b, "<h2 id=\"stages-heading\">%s</h2>\n<ol class=\"nhsuk-list nhsuk-list--number\" id=\"stages\">\n", T("project.stages"));
  for(int i=0; i<PSTAGE__N; i++){
    const char *z = project_stage_code(i);
    if( i==iNow ) html_printf(b, "<li aria-current=\"step\"><strong>%s</strong> ", T(stage_key(z)));
    else html_printf(b, "<li>%s ", T(stage_key(z)));
    if( i<iNow || (i==iNow && p->zClosedOn[0]) ) nhsuk_tag(b, "green", T("project.stage_done"));
    else if( i==iNow ) nhsuk_tag(b, "blue", T("project.stage_current"));
    else nhsuk_tag(b, "grey", T("project.stage_to_come"));
    html_printf(b, "</li>\n");
  }
  html_printf(b, "</ol>\n");
}

/* The gate out of the current stage: what is missing, each a link. */
static int gate_missing_list(struct req *r, const struct project *p, const char *zId){
  struct buf *b = &r->body;
  struct gate_facts g;
  const char *az[8];
  if( !project_gate_facts(r->db, p, &g) ) return 0;
  int nNeed = project_gate_missing(&g, az, 8);
  int n = g.nDocsMissing + nNeed;
  if( n==0 ) return 0;
  html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"%s\">\n", zId);
  for(int i=0; i<g.nDocsMissing; i++){
    html_printf(b, "<li><a href=\"/projects/%lld/documents#kind-%s\">", p->id, g.azDocMissing[i]);
    html_printf_t(b, TF("project.gate.need.doc"), T(doc_key(g.azDocMissing[i])));
    html_printf(b, "</a></li>\n");
  }
  for(int i=0; i<nNeed; i++){
    html_printf(b, "<li><a href=\"/projects/%lld/%s\">%s</a></li>\n", p->id, need_href(az[i]), T(need_key(az[i])));
  }
  html_printf(b, "</ul>\n");
  return n;
}

struct gates_ctx { struct req *r; int n; };
static void gate_passed(void *pCtx, const struct pgate *g){
  struct gates_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    html_printf(b, "<h3 id=\"gates-passed-heading\">%s</h3>\n<ul class=\"nhsuk-list\" id=\"gates-passed\">\n", T("project.gates_passed"));
  }
  char zT[64];
  page_time(r, g->passedAt, zT);
  html_printf(b, "<li>");
  html_printf_t(b, TF("project.gate_passed_line"), T(stage_key(g->zFrom)), T(stage_key(g->zTo)), zT);
  html_printf(b, " <a href=\"/meetings/%lld/items/%lld\">%s</a></li>\n", g->meetingId, g->itemId, g->zText);
}

static void gates_passed(struct req *r, const struct project *p){
  struct gates_ctx c = { r, 0 };
  project_gates_each(r->db, p->id, gate_passed, &c);
  if( c.n ) html_printf(&r->body, "</ul>\n");
}

struct ms_ctx { struct req *r; const struct project *p; bool bEdit; int n; };
static void milestone_row(void *pCtx, const struct pmilestone *m){
  struct ms_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    nhsuk_rtable_begin(b, "nhsuk-table--compact", "milestones-table", T("project.milestones_caption"));
    nhsuk_rtable_header(b, T("project.milestone"), false);
    nhsuk_rtable_header(b, T("project.baseline_on"), false);
    nhsuk_rtable_header(b, T("project.due_on"), false);
    nhsuk_rtable_header(b, T("project.done_on"), false);
    nhsuk_table_body(b);
  }
  char zB[48], zD[48], zX[48];
  const char *zDue = m->zDue, *zDone = m->zDone;
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, T("project.milestone"));
  if( c->bEdit ) html_printf(b, "<a href=\"/projects/%lld/milestones/%lld/edit\">%s</a>", c->p->id, m->id, m->zTitle);
  else html_printf(b, "%s", m->zTitle);
  nhsuk_rtable_cell_end(b);
  page_date_short(r, m->zBaseline, zB);
  nhsuk_rtable_cell(b, T("project.baseline_on"), zB);
  page_date_short(r, zDue, zD);
  nhsuk_rtable_cell_begin(b, 0, T("project.due_on"));
  html_printf(b, "%s", zD);
  long long slip = project_days_between(m->zBaseline, zDue);
  if( slip>0 ){
    html_printf(b, " <span class=\"nhsuk-body-s\">");
    html_printf_t(b, TF("project.slip_days"), slip);
    html_printf(b, "</span>");
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("project.done_on"));
  if( zDone[0] ){ page_date_short(r, zDone, zX); html_printf(b, "%s", zX); }
  else if( strcmp(zDue, r->zToday)<0 ) nhsuk_tag(b, "red", T("project.overdue"));
  else html_printf(b, "%s", T("project.not_done"));
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

static void milestones_table(struct req *r, const struct project *p, bool bEdit){
  struct buf *b = &r->body;
  struct ms_ctx c = { r, p, bEdit, 0 };
  project_milestones_each(r->db, p->id, milestone_row, &c);
  if( c.n ) nhsuk_table_end(b);
  else html_printf(b, "<p id=\"milestones-none\">%s</p>\n", T("project.milestones_none"));
}

static void project_page(struct req *r, const struct field_errors *e){
  const struct project *p = r->rec.pWork;
  struct crumb a[4];
  char zU[100], zL[120], zP[40];
  int nCrumb = project_crumbs(r, p, a, zU, zL, zP, true);
  page_begin_form(r, p->zTitle, a, nCrumb, e);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"project-heading\">%s</h1>\n",
              unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy), p->zTitle);
  form_error_summary(r, e);
  if( p->bDemo ) demo_callout(r);
  struct project_facts f;
  project_facts_load(r->db, p->id, r->zToday, &f);
  const char *zWhy = 0;
  enum rag g = project_rag(&f, &zWhy);
  html_printf(b, "<p id=\"project-status\">");
  nhsuk_tag_ex(b, "blue", 0, "stage", T(stage_key(p->zStage)));
  html_printf(b, " ");
  nhsuk_tag_ex(b, rag_colour(g), 0, "rag", T(rag_key(g)));
  if( p->zClosedOn[0] ){
    char zD[48];
    page_date(r, p->zClosedOn, zD);
    html_printf(b, " ");
    nhsuk_tag_ex(b, "grey", 0, "closed", T("project.closed_short"));
    html_printf(b, " ");
    html_printf_t(b, TF("project.closed_on"), zD);
  }
  html_printf(b, "</p>\n<p id=\"rag-why\">%s</p>\n", T(zWhy));
  if( p->zSummary[0] ) html_printf(b, "<p id=\"project-summary\">%s</p>\n", p->zSummary);
  if( p->bCanWrite ) html_printf(b, "<p><a href=\"/projects/%lld/edit\" id=\"edit-link\">%s</a></p>\n", p->id, T("project.edit_link"));
  stage_tracker(r, p);

  /* about it */
  char zD1[48], zD2[48], zM[40], zBuf[200];
  nhsuk_summary_begin(b, "project-summary-list");
  nhsuk_summary_row_begin(b, T("project.problem_type"), "problem-type");
  html_printf(b, "%s", T(problem_key(p->zProblemType)));
  if( p->zProblemReason[0] ) html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", p->zProblemReason);
  nhsuk_summary_row_end(b);
  nhsuk_summary_row(b, T("project.complex_row"), T(p->bComplex ? "project.yes" : "project.no"), false);
  nhsuk_summary_row(b, T("project.owner"), p->zOwnerName[0] ? p->zOwnerName : T("project.none_short"), false);
  if( p->zSponsor[0] ) nhsuk_summary_row(b, T("project.sponsor"), p->zSponsor, false);
  nhsuk_summary_row_begin(b, T("project.objective"), "objective-link");
  if( p->objectiveId ){
    html_printf(b, "<a href=\"/plans/%lld/objectives/%lld\">%s %s</a>", p->objectivePlanId, p->objectiveId,
                p->zObjectiveRef, p->zObjectiveTitle);
  }else html_printf(b, "%s", T("project.none_short"));
  nhsuk_summary_row_end(b);
  if( p->businessCaseId ){
    nhsuk_summary_row_begin(b, T("project.business_case"), "case-link");
    html_printf(b, "<a href=\"/business-cases/%lld\">%s</a>", p->businessCaseId, p->zCaseTitle);
    nhsuk_summary_row_end(b);
  }
  page_date(r, p->zStartOn, zD1);
  page_date(r, p->zEndOn, zD2);
  snprintf(zBuf, sizeof zBuf, "%s – %s", zD1, zD2);
  nhsuk_summary_row(b, T("project.dates"), zBuf, false);
  nhsuk_summary_row_begin(b, T("project.tolerances"), "tolerances");
  html_printf_t(b, TF("project.tolerances_line"), p->costTolerancePct, p->timeToleranceDays, p->riskTolerance);
  nhsuk_summary_row_end(b);
  nhsuk_summary_end(b);

  /* money */
  html_printf(b, "<h2 id=\"money-heading\">%s</h2>\n", T("project.money"));
  nhsuk_summary_begin(b, "money");
  nhsuk_summary_row(b, T("project.budget"), money(f.budgetPence, zM), false);
  nhsuk_summary_row(b, T("project.committed"), money(f.committedPence, zM), false);
  if( f.requestedPence ) nhsuk_summary_row(b, T("project.requested"), money(f.requestedPence, zM), false);
  nhsuk_summary_row(b, T("project.spent"), money(f.spentPence, zM), false);
  nhsuk_summary_row(b, T("project.forecast"), money(f.forecastPence, zM), false);
  nhsuk_summary_end(b);
  html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n", T("project.money_hint"));

  /* schedule */
  html_printf(b, "<h2 id=\"schedule-heading\">%s</h2>\n", T("project.schedule"));
  page_date(r, f.zForecastEnd, zD1);
  html_printf(b, "<p id=\"forecast-end\">");
  html_printf_t(b, TF("project.forecast_end"), zD1);
  html_printf(b, "</p>\n");
  milestones_table(r, p, p->bCanWrite);
  html_printf(b, "<p><a href=\"/projects/%lld/milestones\">%s</a></p>\n", p->id, T("project.milestones_link"));

  /* risks and issues, in brief */
  html_printf(b, "<h2 id=\"risks-heading\">%s</h2>\n<p id=\"risks-brief\">", T("project.risks_issues"));
  html_printf_t(b, TF("project.risks_brief"), f.nRisksOpen, f.nRisksOverTolerance, f.nIssuesOpen, f.nIssuesOverdue);
  html_printf(b, "</p>\n");
  if( f.maxResidual ){
    html_printf(b, "<p id=\"top-risk\">");
    html_printf_t(b, TF("project.top_risk"), f.maxResidual, T(level_key(f.maxResidual)));
    html_printf(b, "</p>\n");
  }

  /* the gate */
  int iStage = project_stage_of(p->zStage);
  html_printf(b, "<h2 id=\"gate-heading\">%s</h2>\n", T("project.gate"));
  if( p->zClosedOn[0] ){
    html_printf(b, "<p>%s</p>\n", T("project.closed_read_only"));
  }else if( iStage<PSTAGE_CLOSE ){
    html_printf(b, "<p>");
    html_printf_t(b, TF("project.gate_intro"), T(stage_key(p->zStage)), T(stage_key(project_stage_code(iStage+1))));
    html_printf(b, "</p>\n");
    int n = gate_missing_list(r, p, "gate-missing");
    if( n==0 ) html_printf(b, "<p id=\"gate-ready\">%s</p>\n", T("project.gate_ready"));
    if( p->bCanWrite ) html_printf(b, "<p><a href=\"/projects/%lld/gate\" id=\"gate-link\">%s</a></p>\n", p->id, T("project.gate_link"));
  }else{
    /* closing */
    bool bReport = project_closure_complete(r->db, p->id);
    html_printf(b, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"close-needs\">\n");
    html_printf(b, "<li><a href=\"/projects/%lld/documents\">%s</a> ", p->id, T("project.doc.closure"));
    nhsuk_tag(b, bReport ? "green" : "grey", T(bReport ? "project.complete" : "project.not_complete"));
    html_printf(b, "</li>\n<li><a href=\"/projects/%lld/recommendation\">%s</a> ", p->id, T("project.recommendation"));
    if( p->zRecommendation[0] ) nhsuk_tag(b, "green", T(rec_key(p->zRecommendation)));
    else nhsuk_tag(b, "grey", T("project.not_set"));
    html_printf(b, "</li>\n</ul>\n");
    if( p->bCanWrite ){
      html_printf(b, "<form method=\"post\" action=\"/projects/%lld/close\" novalidate>\n", p->id);
      form_csrf(r);
      html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\" id=\"close\">%s</button>\n</form>\n", T("project.close_button"));
    }
  }
  if( p->zRecommendation[0] ){
    html_printf(b, "<p id=\"recommendation\">");
    html_printf_t(b, TF("project.recommendation_line"), T(rec_key(p->zRecommendation)));
    html_printf(b, "</p>\n");
  }
  gates_passed(r, p);

  /* everything else about it */
  html_printf(b, "<h2 id=\"more-heading\">%s</h2>\n<ul class=\"nhsuk-list\" id=\"project-links\">\n", T("project.more"));
  static const char *const azLink[][2] = {
    {"documents", "project.link.documents"}, {"risks", "project.link.risks"}, {"issues", "project.link.issues"}, {"highlight", "project.link.highlight"}, {"stakeholders", "project.link.stakeholders"},
    {"decisions", "project.link.decisions"}, {"evaluation", "project.link.evaluation"}, {"measurements", "project.link.measurements"},
    {"logic-model", "project.link.logic_model"}, {"benefits", "project.link.benefits"},
    {"recommendation", "project.link.recommendation"}};
  for(size_t i=0; i<sizeof azLink/sizeof azLink[0]; i++){
    html_printf(b, "<li><a href=\"/projects/%lld/%s\">%s</a></li>\n", p->id, azLink[i][0], T(azLink[i][1]));
  }
  html_printf(b, "<li><a href=\"/units/%s/risks\">%s</a></li>\n", p->zUnitSlug, T("project.link.register"));
  html_printf(b, "</ul>\n");
  html_printf(b, "<p><a href=\"/api/v1/projects/%lld\">%s</a></p>\n", p->id, T("project.api_link"));
  page_end(r);
}

void page_project(struct req *r){ project_page(r, 0); }

void page_project_close(struct req *r){
  struct field_errors e = {0};
  const struct project *p = r->rec.pWork;
  long long k = project_close(r->db, &r->user, p, (long long)time(0), r->zToday, &e);
  if( form_result(r, k, "/projects/%lld", p->id) ){
    project_page(r, &e);
    r->status = 400;
  }
}

/* ---- milestones ---- */

void page_project_milestones(struct req *r){
  const struct project *p = r->rec.pWork;
  struct crumb a[4];
  char zU[100], zL[120], zP[40];
  int n = project_crumbs(r, p, a, zU, zL, zP, false);
  page_begin(r, T("project.milestones_title"), a, n);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"milestones-heading\">%s</h1>\n", p->zTitle, T("project.milestones_title"));
  html_printf(b, "<p>%s</p>\n", T("project.milestones_intro"));
  if( p->bCanWrite ) html_printf(b, "<p><a class=\"nhsuk-button\" href=\"/projects/%lld/milestones/new\">%s</a></p>\n", p->id, T("project.milestone_new"));
  milestones_table(r, p, p->bCanWrite);
  html_printf(b, "<p><a href=\"/projects/%lld\">%s</a></p>\n", p->id, T("project.back_project"));
  page_end(r);
}

struct mform { const char *zTitle, *zDue, *zDone; char zDueBuf[64], zDoneBuf[64]; char zT[801], zD[11], zX[11]; };

static void milestone_form(struct req *r, const struct field_errors *e, long long itemId, const struct mform *f){
  const struct project *p = r->rec.pWork;
  struct crumb a[4];
  char zU[100], zL[120], zP[40];
  int n = project_crumbs(r, p, a, zU, zL, zP, false);
  page_form_begin(r, T(itemId ? "project.milestone_edit" : "project.milestone_new"), a, n, e, p->zTitle);
  struct buf *b = &r->body;
  if( itemId ){
    html_printf(b, "<form method=\"post\" action=\"/projects/%lld/milestones/%lld/edit\" novalidate>\n", p->id, itemId);
  }else{
    html_printf(b, "<form method=\"post\" action=\"/projects/%lld/milestones/new\" novalidate>\n", p->id);
  }
  form_csrf(r);
  form_input(r, e, "title", "project.milestone", 0, "text", f->zTitle, "off");
  form_input(r, e, "due_on", "project.due_on", itemId ? "project.due_on.hint_edit" : "project.due_on.hint_new", "date", f->zDue, "off");
  if( itemId ) form_input(r, e, "done_on", "project.done_on", "project.done_on.hint", "date", f->zDone, "off");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("project.save"));
  html_printf(b, "<p><a href=\"/projects/%lld/milestones\">%s</a></p>\n</div></div>\n", p->id, T("project.back_milestones"));
  page_end(r);
}

void page_project_milestone_new(struct req *r){
  struct mform f;
  memset(&f, 0, sizeof f);
  milestone_form(r, 0, 0, &f);
}

void page_project_milestone_create(struct req *r){
  struct mform f;
  memset(&f, 0, sizeof f);
  f.zTitle = req_form(r, "title");
  form_date_value(r, "due_on", f.zDueBuf);
  f.zDue = f.zDueBuf;
  struct field_errors e = {0};
  long long id = project_milestone_save(r->db, &r->user, r->rec.pWork, 0, f.zTitle, f.zDue, 0,
                                        (long long)time(0), r->zToday, &e);
  if( form_result(r, id, "/projects/%lld/milestones", r->rec.pWork->id) ) milestone_form(r, &e, 0, &f);
}

static void milestone_copy(void *pCtx, const struct pmilestone *m){
  struct mform *f = pCtx;
  text_copy(f->zT, sizeof f->zT, m->zTitle);
  text_copy(f->zD, sizeof f->zD, m->zDue);
  text_copy(f->zX, sizeof f->zX, m->zDone);
  f->zTitle = f->zT; f->zDue = f->zD; f->zDone = f->zX;
}
static bool milestone_load(struct req *r, struct mform *f){
  memset(f, 0, sizeof *f);
  return project_milestone_get(r->db, r->rec.pWork->id, r->aId[1], milestone_copy, f);
}

void page_project_milestone_edit(struct req *r){
  struct mform f;
  if( !milestone_load(r, &f) ){ page_not_found(r); return; }
  milestone_form(r, 0, r->aId[1], &f);
}

void page_project_milestone_update(struct req *r){
  struct mform f;
  if( !milestone_load(r, &f) ){ page_not_found(r); return; }
  f.zTitle = req_form(r, "title");
  form_date_value(r, "due_on", f.zDueBuf);
  form_date_value(r, "done_on", f.zDoneBuf);
  f.zDue = f.zDueBuf;
  f.zDone = f.zDoneBuf;
  struct field_errors e = {0};
  long long id = project_milestone_save(r->db, &r->user, r->rec.pWork, r->aId[1], f.zTitle, f.zDue, f.zDone,
                                        (long long)time(0), r->zToday, &e);
  if( form_result(r, id, "/projects/%lld/milestones", r->rec.pWork->id) ) milestone_form(r, &e, r->aId[1], &f);
}

/* ---- the gate ---- */

struct gdec { struct req *r; const char *zSel; int n; };
static void gate_decision_option(void *p, const struct decision *d){
  struct gdec *c = p;
  if( c->n>=300 ) return;
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

static void gate_page(struct req *r, const struct field_errors *e, const char *zDecision, const char *zNote){
  const struct project *p = r->rec.pWork;
  struct crumb a[4];
  char zU[100], zL[120], zP[40];
  int nCrumb = project_crumbs(r, p, a, zU, zL, zP, false);
  int iStage = project_stage_of(p->zStage);
  page_form_begin(r, T("project.gate_title"), a, nCrumb, e, p->zTitle);
  struct buf *b = &r->body;
  if( iStage<0 || iStage>=PSTAGE_CLOSE ){
    html_printf(b, "<p id=\"gate-last\">%s</p>\n", T("project.gate_last"));
  }else{
    html_printf(b, "<p>");
    html_printf_t(b, TF("project.gate_intro"), T(stage_key(p->zStage)), T(stage_key(project_stage_code(iStage+1))));
    html_printf(b, "</p>\n");
    int n = gate_missing_list(r, p, "gate-missing");
    if( n ){
      html_printf(b, "<p id=\"gate-not-ready\">%s</p>\n", T("project.gate_not_ready"));
    }else{
      html_printf(b, "<p id=\"gate-ready\">%s</p>\n", T("project.gate_ready"));
      html_printf(b, "<form method=\"post\" action=\"/projects/%lld/gate\" novalidate>\n", p->id);
      form_csrf(r);
      form_select_begin(r, e, "decision", "project.gate_decision", "project.gate_decision.hint");
      html_printf(b, "<option value=\"\">%s</option>\n", T("project.choose"));
      struct gdec c = { r, zDecision, 0 };
      decision_list_visible(r->db, &r->user, p->unitId, 0, r->zToday, gate_decision_option, &c);
      form_select_end(r);
      if( c.n==0 ) html_printf(b, "<p id=\"decisions-none\">%s</p>\n", T("project.decisions_none"));
      form_textarea(r, e, "note", "project.gate_note", 0, zNote, 3);
      html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("project.gate_button"));
    }
  }
  html_printf(b, "<p><a href=\"/projects/%lld\">%s</a></p>\n</div></div>\n", p->id, T("project.back_project"));
  page_end(r);
}

void page_project_gate(struct req *r){ gate_page(r, 0, 0, 0); }

void page_project_gate_pass(struct req *r){
  const char *zDecision = req_form(r, "decision"), *zNote = req_form(r, "note");
  struct field_errors e = {0};
  long long decisionId = 0;
  if( !domain_parse_id(zDecision, &decisionId) ) decisionId = 0;
  long long id = project_gate_pass(r->db, &r->user, r->rec.pWork, decisionId, zNote, (long long)time(0), r->zToday, &e);
  if( form_result(r, id, "/projects/%lld", r->rec.pWork->id) ) gate_page(r, &e, zDecision, zNote);
}

/* ---- the API ---- */

struct api_ctx { struct buf *b; int n; };
static void api_row(void *p, const struct portfolio_row *w){
  struct api_ctx *c = p;
  bool f = true;
  if( c->n++ ) buf_putc(c->b, ',');
  buf_putc(c->b, '{');
  json_kv_int(c->b, &f, "id", w->id);
  json_kv_str(c->b, &f, "title", w->zTitle);
  json_kv_str(c->b, &f, "stage", w->zStage);
  json_kv_str(c->b, &f, "problem_type", w->zProblemType);
  json_kv_str(c->b, &f, "rag", project_rag_code(w->rag));
  json_kv_int(c->b, &f, "budget", w->f.budgetPence);
  json_kv_int(c->b, &f, "spent", w->f.spentPence);
  if( w->businessCaseId ) json_kv_int(c->b, &f, "business_case_id", w->businessCaseId);
  else json_kv_null(c->b, &f, "business_case_id");
  if( w->objectiveId ) json_kv_int(c->b, &f, "objective_id", w->objectiveId);
  else json_kv_null(c->b, &f, "objective_id");
  json_kv_str(c->b, &f, "unit", w->zUnitSlug);
  buf_putc(c->b, '}');
}

void api_unit_projects(struct req *r){
  r->status = 200;
  r->zContentType = "application/json";
  struct api_ctx c = { &r->body, 0 };
  buf_puts(&r->body, "{\"projects\":[");
  project_portfolio(r->db, r->rec.unit.id, 0, r->zToday, api_row, &c);
  buf_puts(&r->body, "]}");
}

void api_project(struct req *r){
  const struct project *p = r->rec.pWork;
  struct buf *b = &r->body;
  r->status = 200;
  r->zContentType = "application/json";
  struct project_facts fa;
  project_facts_load(r->db, p->id, r->zToday, &fa);
  enum rag g = project_rag(&fa, 0);
  bool f = true;
  buf_putc(b, '{');
  json_kv_int(b, &f, "id", p->id);
  json_kv_str(b, &f, "title", p->zTitle);
  json_kv_str(b, &f, "stage", p->zStage);
  json_kv_str(b, &f, "problem_type", p->zProblemType);
  json_kv_str(b, &f, "rag", project_rag_code(g));
  json_kv_int(b, &f, "budget", fa.budgetPence);
  json_kv_int(b, &f, "spent", fa.spentPence);
  if( p->businessCaseId ) json_kv_int(b, &f, "business_case_id", p->businessCaseId);
  else json_kv_null(b, &f, "business_case_id");
  if( p->objectiveId ) json_kv_int(b, &f, "objective_id", p->objectiveId);
  else json_kv_null(b, &f, "objective_id");
  json_kv_str(b, &f, "unit", p->zUnitSlug);
  json_kv_bool(b, &f, "complex", p->bComplex);
  json_kv_int(b, &f, "committed", fa.committedPence);
  json_kv_int(b, &f, "forecast", fa.forecastPence);
  json_kv_str(b, &f, "start_on", p->zStartOn);
  json_kv_str(b, &f, "end_on", p->zEndOn);
  json_kv_str(b, &f, "forecast_end", fa.zForecastEnd);
  if( p->zClosedOn[0] ) json_kv_str(b, &f, "closed_on", p->zClosedOn); else json_kv_null(b, &f, "closed_on");

  project_register_json(r->db, p->id, b, &f);

  json_key(b, &f, "logic_model");
  evaluation_logic_model_json(r->db, p->id, r->zToday, b);
  json_key(b, &f, "evaluation");
  evaluation_json(r->db, p->id, r->zToday, b);
  buf_putc(b, '}');
}

/* ---- the thread: on other pages ---- */

struct obj_ctx { struct req *r; int n; };
static void obj_row(void *p, const struct portfolio_row *w){
  struct obj_ctx *c = p;
  struct req *r = c->r;
  if( c->n++==0 ) html_printf(&r->body, "<ul class=\"nhsuk-list\" id=\"objective-projects\">\n");
  html_printf(&r->body, "<li><a href=\"/projects/%lld\">%s</a> %s ", w->id, w->zTitle, T(stage_key(w->zStage)));
  nhsuk_tag(&r->body, rag_colour(w->rag), T(rag_key(w->rag)));
  html_printf(&r->body, "</li>\n");
}

void projects_objective_section(struct req *r, const char *zUnitSlug, long long unitId, long long objectiveId){
  struct buf *b = &r->body;
  bool bWrite = r->user.role!=ROLE_NATIONAL && access_can_write(r->db, &r->user, unitId, r->zToday);
  html_printf(b, "<h2 id=\"projects-heading\">%s</h2>\n", T("project.objective_section"));
  struct obj_ctx c = { r, 0 };
  project_portfolio(r->db, unitId, objectiveId, r->zToday, obj_row, &c);
  if( c.n ) html_printf(b, "</ul>\n");
  else html_printf(b, "<p id=\"objective-projects-none\">%s</p>\n", T("project.objective_none"));
  if( bWrite ){
    html_printf(b, "<p><a href=\"/units/%s/projects/new?objective=%lld\">%s</a></p>\n", zUnitSlug, objectiveId,
                T("project.start_for_objective"));
  }
}

void projects_case_line(struct req *r, long long caseId, long long unitId, const char *zUnitSlug, bool bApproved){
  long long id = project_of_case(r->db, caseId);
  if( id ){
    html_printf(&r->body, "<p id=\"case-project\"><a href=\"/projects/%lld\">%s</a></p>\n", id, T("project.case_project_link"));
  }else if( bApproved && access_can_write(r->db, &r->user, unitId, r->zToday) && r->user.role!=ROLE_NATIONAL ){
    html_printf(&r->body, "<p id=\"case-project\"><a class=\"nhsuk-button\" href=\"/units/%s/projects/new?case=%lld\">%s</a></p>\n",
                zUnitSlug, caseId, T("project.start_from_case"));
  }
}

/* The plan on a page: each objective's projects and their RAG, read for
** the whole unit at once. */
struct pbo_item { long long objectiveId, id; char *zTitle; enum rag rag; };
struct projects_by_objective { struct pbo_item *a; int n, nAlloc; };
static void pbo_row(void *p, const struct portfolio_row *w){
  struct projects_by_objective *L = p;
  if( !w->objectiveId ) return;
  if( L->n==L->nAlloc ){
    L->nAlloc = L->nAlloc ? 2*L->nAlloc : 16;
    L->a = xrealloc(L->a, (size_t)L->nAlloc * sizeof L->a[0]);
  }
  L->a[L->n++] = (struct pbo_item){ w->objectiveId, w->id, xstrdup(w->zTitle), w->rag };
}
struct projects_by_objective *projects_by_objective_load(struct req *r, long long unitId){
  struct projects_by_objective *L = xcalloc(1, sizeof *L);
  project_portfolio(r->db, unitId, 0, r->zToday, pbo_row, L);
  return L;
}
void projects_by_objective_show(struct req *r, const struct projects_by_objective *L, long long objectiveId){
  if( !L ) return;
  int n = 0;
  for(int i=0; i<L->n; i++){
    const struct pbo_item *x = &L->a[i];
    if( x->objectiveId!=objectiveId ) continue;
    if( n++==0 ) html_printf(&r->body, "<ul class=\"nhsuk-list nhsuk-body-s cc-objective-projects\">\n");
    html_printf(&r->body, "<li>%s <a href=\"/projects/%lld\">%s</a> ", T("project.project_word"), x->id, x->zTitle);
    nhsuk_tag(&r->body, rag_colour(x->rag), T(rag_key(x->rag)));
    html_printf(&r->body, "</li>\n");
  }
  if( n ) html_printf(&r->body, "</ul>\n");
}
void projects_by_objective_free(struct projects_by_objective *L){
  if( !L ) return;
  for(int i=0; i<L->n; i++) free(L->a[i].zTitle);
  free(L->a);
  free(L);
}

static void project_option(void *pCtx, long long id, const char *zTitle){
  struct objective_ctx *c = pCtx;
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", id);
  html_printf(&c->r->body, "<option value=\"%s\"%s>%s</option>\n", zId, c->zSel && strcmp(c->zSel, zId)==0 ? " selected" : "", zTitle);
}

/* The commitment request form's choice of a project of the unit. */
void project_commitment_select(struct req *r, const struct field_errors *e, long long unitId, const char *zSel){
  struct buf *b = &r->body;
  form_select_begin(r, e, "project", "project.commitment_project", "project.commitment_project.hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("project.commitment_project.none"));
  struct objective_ctx c = { r, zSel };
  project_open_choices(r->db, unitId, project_option, &c);
  form_select_end(r);
}
