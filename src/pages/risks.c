/*
** Risks: a project's risks with their inherent and residual scores on the
** NHS 5x5 matrix and heat maps (/projects/{id}/risks), and a unit's risk
** register: its own risks and its projects' escalated ones
** (/units/{slug}/risks). See domain/risk.h.
*/
#include "pages/pages.h"
#include "domain/access.h"
#include "domain/member.h"
#include "domain/project.h"
#include "domain/risk.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *level_key(enum risk_level l){
  switch( l ){
    case RISK_LOW: return "risk.level.low";
    case RISK_MODERATE: return "risk.level.moderate";
    case RISK_HIGH: return "risk.level.high";
    case RISK_EXTREME: return "risk.level.extreme";
    default: return "risk.level.none";
  }
}

/* A score with its band: "12 High" in the band's tag colour (the text
** says the band: never colour alone). */
static void score_tag(struct req *r, int score, const char *zId){
  enum risk_level l = risk_level_of(score);
  char zText[80];
  snprintf(zText, sizeof zText, "%d %s", score, T(level_key(l)));
  nhsuk_tag_ex(&r->body, risk_level_colour(l), 0, zId, zText);
}

/* ---- heat maps ---- */

struct heat { int aIn[5][5], aRes[5][5]; int n; };
static void heat_add(void *pCtx, const struct risk_row *k){
  struct heat *h = pCtx;
  if( strcmp(k->zStatus, "open")!=0 ) return;
  if( k->likelihood>=1 && k->likelihood<=5 && k->consequence>=1 && k->consequence<=5 ) h->aIn[k->likelihood-1][k->consequence-1]++;
  if( k->residualLikelihood>=1 && k->residualLikelihood<=5 && k->residualConsequence>=1 && k->residualConsequence<=5 ){
    h->aRes[k->residualLikelihood-1][k->residualConsequence-1]++;
  }
  h->n++;
}

/* One map: the SVG and the same counts as a table. */
static void heat_map(struct req *r, const int a[5][5], const char *zId, const char *zTitleKey, const char *zDescKey){
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-column-one-half cc-heatmap-box\">\n<h3 id=\"%s-heading\">%s</h3>\n", zId, T(zTitleKey));
  const char *zDesc = T(zDescKey);
  risk_heatmap_svg(b, a, zId, T(zTitleKey), zDesc, T("risk.likelihood"), T("risk.consequence"));
  char zCaption[200];
  snprintf(zCaption, sizeof zCaption, "%s", T("risk.heatmap.table"));
  nhsuk_details_begin(b, zCaption, false);
  char zTid[64];
  snprintf(zTid, sizeof zTid, "%s-table", zId);
  nhsuk_table_begin(b, 0, zTid, T(zTitleKey));
  nhsuk_table_header(b, T("risk.heatmap.corner"), false);
  for(int c = 1; c <= 5; c++){
    char zH[16];
    snprintf(zH, sizeof zH, "%d", c);
    nhsuk_table_header(b, zH, true);
  }
  nhsuk_table_body(b);
  for(int l = 5; l >= 1; l--){
    char zH[16];
    snprintf(zH, sizeof zH, "%d", l);
    nhsuk_table_row_begin(b, 0);
    nhsuk_table_row_header(b, zH);
    for(int c = 1; c <= 5; c++){
      char zCell[80];
      snprintf(zCell, sizeof zCell, "%d (%s)", a[l-1][c-1], T(level_key(risk_level_of(l*c))));
      nhsuk_table_cell_numeric(b, zCell);
    }
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
  nhsuk_details_end(b);
  html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n</div>\n", zDesc);
}

static void heat_maps(struct req *r, const struct heat *h){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"heatmap-heading\">%s</h2>\n<div class=\"nhsuk-grid-row\">\n", T("risk.heatmap.heading"));
  heat_map(r, h->aIn, "heatmap-inherent", "risk.heatmap.inherent", "risk.heatmap.inherent_hint");
  heat_map(r, h->aRes, "heatmap-residual", "risk.heatmap.residual", "risk.heatmap.residual_hint");
  html_printf(b, "</div>\n");
}

/* ---- the table of risks ---- */

struct list_ctx {
  struct req *r;
  int n;
  bool bProject;        /* a project's page: no project column */
  bool bCanWrite;
  const char *zBase;    /* "/projects/12/risks" or "/units/x/risks" */
  int tolerance;
  bool bDemo;
};

static void risk_row_out(void *pCtx, const struct risk_row *k){
  struct list_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    nhsuk_rtable_begin(b, 0, "risks", T("risk.list_caption"));
    nhsuk_rtable_header(b, T("risk.description"), false);
    if( !c->bProject ) nhsuk_rtable_header(b, T("risk.project"), false);
    nhsuk_rtable_header(b, T("risk.owner"), false);
    nhsuk_rtable_header(b, T("risk.inherent"), false);
    nhsuk_rtable_header(b, T("risk.controls"), false);
    nhsuk_rtable_header(b, T("risk.residual"), false);
    nhsuk_rtable_header(b, T("risk.review_col"), false);
    nhsuk_rtable_header(b, T("risk.status"), false);
    html_printf(b, "</tr></thead><tbody class=\"nhsuk-table__body\">\n");
  }
  char zRowId[32];
  snprintf(zRowId, sizeof zRowId, "risk-%lld", k->id);
  nhsuk_rtable_row_begin(b, 0, zRowId);
  nhsuk_rtable_cell_begin(b, 0, T("risk.description"));
  html_printf(b, "<span class=\"cc-pre\">%s</span>", k->zDescription);
  if( k->zCause[0] ) html_printf(b, "<br><span class=\"nhsuk-body-s\">%s: %s</span>", T("risk.cause"), k->zCause);
  if( k->bDemo ){ html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T("risk.demo_short")); c->bDemo = true; }
  nhsuk_rtable_cell_end(b);
  if( !c->bProject ){
    nhsuk_rtable_cell_begin(b, 0, T("risk.project"));
    if( k->projectId ){
      html_printf(b, "<a href=\"/projects/%lld\">%s</a>", k->projectId, k->zProjectTitle);
    }else html_printf(b, "%s", T("register.own"));
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_rtable_cell(b, T("risk.owner"), k->zOwnerName[0] ? k->zOwnerName : T("risk.owner_none"));
  char zTag[48];
  nhsuk_rtable_cell_begin(b, 0, T("risk.inherent"));
  html_printf(b, "<span class=\"nhsuk-body-s\">%d × %d</span> ", k->likelihood, k->consequence);
  snprintf(zTag, sizeof zTag, "risk-%lld-inherent", k->id);
  score_tag(r, risk_score(k->likelihood, k->consequence), zTag);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("risk.controls"));
  html_printf(b, "<span class=\"cc-pre\">%s</span>", k->zControls[0] ? k->zControls : T("risk.controls_none"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("risk.residual"));
  html_printf(b, "<span class=\"nhsuk-body-s\">%d × %d</span> ", k->residualLikelihood, k->residualConsequence);
  snprintf(zTag, sizeof zTag, "risk-%lld-residual", k->id);
  score_tag(r, risk_score(k->residualLikelihood, k->residualConsequence), zTag);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("risk.review_col"));
  if( k->zReviewOn[0] ){
    char zD[48];
    page_date_short(r, k->zReviewOn, zD);
    html_printf(b, "%s", zD);
    if( strcmp(k->zStatus, "open")==0 && strcmp(k->zReviewOn, r->zToday)<0 ){
      html_printf(b, " ");
      nhsuk_tag_ex(b, "orange", 0, 0, T("risk.review_due"));
    }
  }else html_printf(b, "%s", T("risk.review_none"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("risk.status"));
  if( strcmp(k->zStatus, "open")!=0 ) nhsuk_tag(b, "grey", T("risk.status.closed"));
  else{
    nhsuk_tag(b, "blue", T("risk.status.open"));
    if( k->escalatedAt ){
      html_printf(b, " ");
      nhsuk_tag(b, "red", T("risk.escalated"));
    }
    if( c->bCanWrite && (c->bProject || k->projectId==0) ){
      html_printf(b, "<p class=\"nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0\"><a href=\"%s/%lld/edit\">%s"
                  "<span class=\"nhsuk-u-visually-hidden\"> %s</span></a></p>", c->zBase, k->id, T("risk.edit"), k->zDescription);
      html_printf(b, "<form class=\"cc-inline\" method=\"post\" action=\"%s/%lld/close\">", c->zBase, k->id);
      form_csrf(r);
      html_printf(b, "<button class=\"cc-link-button\" type=\"submit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span>"
                  "</button></form>", T("risk.close"), k->zDescription);
    }
  }
  nhsuk_rtable_cell_end(b);
  html_printf(b, "</tr>\n");
}

static void list_end(struct req *r, struct list_ctx *c, const char *zNoneKey){
  struct buf *b = &r->body;
  if( c->n ) html_printf(b, "</tbody></table>\n");
  else html_printf(b, "<p id=\"risks-none\">%s</p>\n", T(zNoneKey));
  if( c->bDemo ){
    nhsuk_warning_callout_begin(b, 2, T("risk.demo_heading"));
    html_printf(b, "<p>%s</p>", T("risk.demo_text"));
    nhsuk_warning_callout_end(b);
  }
}

/* The banner after a save: what escalation did. */
static void esc_banner(struct req *r, const char *zUnitName, int tolerance){
  const char *z = req_query(r, "esc");
  if( !z ) return;
  struct buf *b = &r->body;
  html_printf(b,
    "<div class=\"nhsuk-notification-banner nhsuk-notification-banner--success\" role=\"alert\""
    " aria-labelledby=\"risk-banner-title\" id=\"risk-banner\">\n<div class=\"nhsuk-notification-banner__header\">\n"
    "<h2 class=\"nhsuk-notification-banner__title\" id=\"risk-banner-title\">%s</h2>\n</div>\n"
    "<div class=\"nhsuk-notification-banner__content\">\n<p class=\"nhsuk-notification-banner__heading\">", T("risk.banner_title"));
  if( strcmp(z, "up")==0 ) html_printf_t(b, TF("risk.esc.up"), tolerance, zUnitName);
  else if( strcmp(z, "down")==0 ) html_printf_t(b, TF("risk.esc.down"), tolerance, zUnitName);
  else if( strcmp(z, "stays")==0 ) html_printf_t(b, TF("risk.esc.stays"), tolerance, zUnitName);
  else if( strcmp(z, "closed")==0 ) html_printf(b, "%s", T("risk.closed_done"));
  else html_printf(b, "%s", T("risk.saved"));
  html_printf(b, "</p>\n</div>\n</div>\n");
}

/* ---- GET /projects/{id}/risks ---- */

static int project_crumbs(struct req *r, const struct project *p, struct crumb *a, char *zUnit, char *zList,
                          char *zProj){
  snprintf(zUnit, 100, "/units/%s", p->zUnitSlug);
  snprintf(zList, 110, "/units/%s/projects", p->zUnitSlug);
  snprintf(zProj, 40, "/projects/%lld", p->id);
  a[0] = (struct crumb){"/", T("home.title")};
  a[1] = (struct crumb){zUnit, unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy)};
  a[2] = (struct crumb){zList, T("risk.projects")};
  a[3] = (struct crumb){zProj, p->zTitle};
  return 4;
}

void page_project_risks(struct req *r){
  const struct project *p = r->rec.pWork;
  char zUnit[100], zList[110], zProj[40], zTitle[1200];
  struct crumb aCrumb[4];
  int nCrumb = project_crumbs(r, p, aCrumb, zUnit, zList, zProj);
  snprintf(zTitle, sizeof zTitle, "%s – %s", T("risk.project_title"), p->zTitle);
  page_begin(r, zTitle, aCrumb, nCrumb);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"risks-heading\">%s</h1>\n", p->zTitle, T("risk.project_title"));
  const char *zUnitName = unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy);
  esc_banner(r, zUnitName, p->riskTolerance);
  html_printf(b, "<p>");
  html_printf_t(b, TF("risk.project_intro"), p->riskTolerance, zUnitName);
  html_printf(b, "</p>\n");
  if( p->bCanWrite ){
    html_printf(b, "<p><a class=\"nhsuk-button\" id=\"risk-new\" href=\"/projects/%lld/risks/new\">%s</a></p>\n", p->id, T("risk.new"));
  }
  char zBase[48];
  snprintf(zBase, sizeof zBase, "/projects/%lld/risks", p->id);
  struct list_ctx c = { r, 0, true, p->bCanWrite, zBase, p->riskTolerance, p->bDemo };
  risk_list_project(r->db, p->id, false, risk_row_out, &c);
  list_end(r, &c, "risk.none");
  struct heat h;
  memset(&h, 0, sizeof h);
  risk_list_project(r->db, p->id, true, heat_add, &h);
  heat_maps(r, &h);
  html_printf(b, "<p><a href=\"/units/%s/risks\">%s</a></p>\n", p->zUnitSlug, T("register.link"));
  html_printf(b, "<p><a href=\"/projects/%lld/issues\">%s</a></p>\n", p->id, T("risk.issues_link"));
  html_printf(b, "<p><a href=\"/projects/%lld\">%s</a></p>\n", p->id, T("risk.back_project"));
  page_end(r);
}

/* ---- the form ---- */

static void score_select(struct req *r, const struct field_errors *e, const char *zName, const char *zLabelKey,
                         const char *zHintKey, bool bConsequence, const char *zSel){
  static const char *const azL[5] = {"risk.likelihood.1", "risk.likelihood.2", "risk.likelihood.3",
                                     "risk.likelihood.4", "risk.likelihood.5"};
  static const char *const azC[5] = {"risk.consequence.1", "risk.consequence.2", "risk.consequence.3",
                                     "risk.consequence.4", "risk.consequence.5"};
  form_select_begin(r, e, zName, zLabelKey, zHintKey);
  html_printf(&r->body, "<option value=\"\">%s</option>\n", T("risk.choose"));
  for(int i = 1; i <= 5; i++){
    char zV[16];
    snprintf(zV, sizeof zV, "%d", i);
    html_printf(&r->body, "<option value=\"%s\"%s>%d – %s</option>\n", zV, zSel && strcmp(zSel, zV)==0 ? " selected" : "",
                i, T(bConsequence ? azC[i-1] : azL[i-1]));
  }
  form_select_end(r);
}

struct risk_form { struct risk_input in; char zReview[64]; };

static void risk_form_read(struct req *r, struct risk_form *f){
  memset(f, 0, sizeof *f);
  f->in.zDescription = req_form(r, "description");
  f->in.zCause = req_form(r, "cause");
  f->in.zOwnerId = req_form(r, "owner");
  f->in.zLikelihood = req_form(r, "likelihood");
  f->in.zConsequence = req_form(r, "consequence");
  f->in.zControls = req_form(r, "controls");
  f->in.zResidualLikelihood = req_form(r, "residual_likelihood");
  f->in.zResidualConsequence = req_form(r, "residual_consequence");
  const char **az[] = { &f->in.zDescription, &f->in.zCause, &f->in.zOwnerId, &f->in.zLikelihood, &f->in.zConsequence,
                        &f->in.zControls, &f->in.zResidualLikelihood, &f->in.zResidualConsequence };
  for(size_t i = 0; i < sizeof az/sizeof az[0]; i++) if( !*az[i] ) *az[i] = "";
  form_date_value(r, "review_on", f->zReview);
  f->in.zReviewOn = f->zReview;
}

static void risk_form(struct req *r, const char *zAction, const char *zCancel, long long unitId,
                      const char *zHeading, const char *zCaption, const struct crumb *aCrumb, int nCrumb,
                      const struct risk_input *in, const struct field_errors *e, int tolerance){
  page_form_begin(r, zHeading, aCrumb, nCrumb, e, zCaption);
  struct buf *b = &r->body;
  if( tolerance>0 ){
    html_printf(b, "<p id=\"risk-tolerance\">");
    html_printf_t(b, TF("risk.tolerance_note"), tolerance);
    html_printf(b, "</p>\n");
  }
  html_printf(b, "<form method=\"post\" action=\"%s\" novalidate>\n", zAction);
  form_csrf(r);
  form_textarea(r, e, "description", "risk.description", "risk.description_hint", in->zDescription, 3);
  form_textarea(r, e, "cause", "risk.cause", "risk.cause_hint", in->zCause, 2);
  form_select_begin(r, e, "owner", "risk.owner", "risk.owner_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("risk.owner_none"));
  page_member_options(r, unitId, in->zOwnerId);
  form_select_end(r);
  html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n<p>%s</p>\n", T("risk.inherent"), T("risk.inherent_intro"));
  score_select(r, e, "likelihood", "risk.likelihood", "risk.likelihood_hint", false, in->zLikelihood);
  score_select(r, e, "consequence", "risk.consequence", "risk.consequence_hint", true, in->zConsequence);
  form_textarea(r, e, "controls", "risk.controls", "risk.controls_hint", in->zControls, 3);
  html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n<p>%s</p>\n", T("risk.residual"), T("risk.residual_intro"));
  score_select(r, e, "residual_likelihood", "risk.residual_likelihood", 0, false, in->zResidualLikelihood);
  score_select(r, e, "residual_consequence", "risk.residual_consequence", 0, true, in->zResidualConsequence);
  form_date(r, e, "review_on", "risk.review_on", "risk.review_on_hint", in->zReviewOn);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("risk.save"));
  html_printf(b, "<p><a href=\"%s\">%s</a></p>\n</form>\n</div></div>\n", zCancel, T("risk.cancel"));
  page_end(r);
}

static void project_risk_form(struct req *r, const struct project *p, long long riskId, const struct risk_input *in,
                              const struct field_errors *e){
  char zUnit[100], zList[110], zProj[40], zRisks[60], zAction[80];
  struct crumb aCrumb[5];
  int nCrumb = project_crumbs(r, p, aCrumb, zUnit, zList, zProj);
  snprintf(zRisks, sizeof zRisks, "/projects/%lld/risks", p->id);
  aCrumb[nCrumb++] = (struct crumb){zRisks, T("risk.project_title")};
  if( riskId ) snprintf(zAction, sizeof zAction, "/projects/%lld/risks/%lld/edit", p->id, riskId);
  else snprintf(zAction, sizeof zAction, "/projects/%lld/risks/new", p->id);
  risk_form(r, zAction, zRisks, p->unitId, T(riskId ? "risk.edit_title" : "risk.new_title"), p->zTitle,
            aCrumb, nCrumb, in, e, p->riskTolerance);
}

static const char *esc_code(enum risk_escalation x){
  return x==RISK_ESC_UP ? "up" : x==RISK_ESC_DOWN ? "down" : x==RISK_ESC_STAYS ? "stays" : "saved";
}

void page_project_risk_new(struct req *r){
  struct risk_input in = { "", "", "", "", "", "", "", "", "" };
  project_risk_form(r, r->rec.pWork, 0, &in, 0);
}

void page_project_risk_create(struct req *r){
  const struct project *p = r->rec.pWork;
  struct risk_form *f = xmalloc(sizeof *f);
  risk_form_read(r, f);
  struct field_errors e = {0};
  enum risk_escalation esc;
  long long id = risk_save(r->db, &r->user, p->unitId, p->id, p->riskTolerance, 0, &f->in, r->zToday,
                           (long long)time(0), &e, &esc);
  if( form_result(r, id, "/projects/%lld/risks?esc=%s#risk-%lld", p->id, esc_code(esc), id) ){
    project_risk_form(r, p, 0, &f->in, &e);
  }
  free(f);
}

/* The risk {item} of the project, open, or NULL (404 shown). */
static struct risk_row *project_risk(struct req *r){
  struct risk_row *k = xmalloc(sizeof *k);
  if( !risk_get(r->db, r->aId[1], k) || k->projectId!=r->rec.pWork->id ){
    free(k);
    page_not_found(r);
    return 0;
  }
  return k;
}

static void risk_input_of(const struct risk_row *k, struct risk_input *in, char az[6][16]){
  snprintf(az[0], 16, "%lld", k->ownerPersonId);
  snprintf(az[1], 16, "%d", k->likelihood);
  snprintf(az[2], 16, "%d", k->consequence);
  snprintf(az[3], 16, "%d", k->residualLikelihood);
  snprintf(az[4], 16, "%d", k->residualConsequence);
  *in = (struct risk_input){ k->zDescription, k->zCause, k->ownerPersonId ? az[0] : "", az[1], az[2], k->zControls,
                             az[3], az[4], k->zReviewOn };
}

void page_project_risk_edit(struct req *r){
  struct risk_row *k = project_risk(r);
  if( !k ) return;
  if( strcmp(k->zStatus, "open")!=0 ){ free(k); page_not_found(r); return; }
  struct risk_input in;
  char az[6][16];
  risk_input_of(k, &in, az);
  project_risk_form(r, r->rec.pWork, k->id, &in, 0);
  free(k);
}

void page_project_risk_update(struct req *r){
  const struct project *p = r->rec.pWork;
  struct risk_row *k = project_risk(r);
  if( !k ) return;
  struct risk_form *f = xmalloc(sizeof *f);
  risk_form_read(r, f);
  struct field_errors e = {0};
  enum risk_escalation esc;
  long long id = risk_save(r->db, &r->user, p->unitId, p->id, p->riskTolerance, k->id, &f->in, r->zToday,
                           (long long)time(0), &e, &esc);
  if( form_result(r, id, "/projects/%lld/risks?esc=%s#risk-%lld", p->id, esc_code(esc), k->id) ){
    project_risk_form(r, p, k->id, &f->in, &e);
  }
  free(f);
  free(k);
}

void page_project_risk_close(struct req *r){
  const struct project *p = r->rec.pWork;
  struct risk_row *k = project_risk(r);
  if( !k ) return;
  if( !risk_close(r->db, &r->user, k->id, (long long)time(0)) ){ free(k); page_not_found(r); return; }
  char zTo[80];
  snprintf(zTo, sizeof zTo, "/projects/%lld/risks?esc=closed", p->id);
  req_redirect(r, zTo);
  free(k);
}

/* ---- GET /units/{slug}/risks: the register ---- */

void page_unit_risks(struct req *r){
  const struct unit *u = &r->rec.unit;
  const char *zSort = req_query(r, "sort");
  if( !zSort || (strcmp(zSort, "review") && strcmp(zSort, "newest")) ) zSort = "residual";
  page_unit_begin(r, u, T("register.title"), "register-heading");
  struct buf *b = &r->body;
  esc_banner(r, unit_display_name(u, r->lang), 0);
  html_printf(b, "<p>%s</p>\n", T("register.intro"));
  bool bWrite = access_can_write(r->db, &r->user, u->id, r->zToday);
  if( bWrite ){
    html_printf(b, "<p><a class=\"nhsuk-button\" id=\"register-new\" href=\"/units/%s/risks/new\">%s</a></p>\n", u->zSlug, T("register.new"));
  }
  /* Sorting: links, the current one said in words. */
  static const char *const azSort[3][2] = {{"residual", "register.sort.residual"}, {"review", "register.sort.review"},
                                           {"newest", "register.sort.newest"}};
  html_printf(b, "<p id=\"register-sort\">%s ", T("register.sort"));
  for(int i = 0; i < 3; i++){
    if( i ) html_printf(b, " · ");
    if( strcmp(zSort, azSort[i][0])==0 ) html_printf(b, "<strong aria-current=\"true\">%s</strong>", T(azSort[i][1]));
    else html_printf(b, "<a href=\"/units/%s/risks?sort=%s\">%s</a>", u->zSlug, azSort[i][0], T(azSort[i][1]));
  }
  html_printf(b, "</p>\n");
  char zBase[120];
  snprintf(zBase, sizeof zBase, "/units/%s/risks", u->zSlug);
  /* Only the unit's own risks are edited here; a project's from its page. */
  struct list_ctx c = { r, 0, false, bWrite, zBase, 0, false };
  risk_list_register(r->db, u->id, zSort, risk_row_out, &c);
  list_end(r, &c, "register.none");
  if( bWrite && c.n ){
    html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n", T("register.edit_note"));
  }
  struct heat h;
  memset(&h, 0, sizeof h);
  risk_list_register(r->db, u->id, "residual", heat_add, &h);
  heat_maps(r, &h);
  page_end(r);
}

static void unit_risk_form(struct req *r, const struct unit *u, long long riskId, const struct risk_input *in,
                           const struct field_errors *e){
  char zHref[100], zReg[120], zAction[160];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zReg, sizeof zReg, "/units/%s/risks", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}, {zReg, T("register.title")}};
  if( riskId ) snprintf(zAction, sizeof zAction, "/units/%s/risks/%lld/edit", u->zSlug, riskId);
  else snprintf(zAction, sizeof zAction, "/units/%s/risks/new", u->zSlug);
  risk_form(r, zAction, zReg, u->id, T(riskId ? "risk.edit_title" : "register.new"), unit_display_name(u, r->lang),
            aCrumb, 3, in, e, 0);
}

void page_unit_risk_new(struct req *r){
  struct risk_input in = { "", "", "", "", "", "", "", "", "" };
  unit_risk_form(r, &r->rec.unit, 0, &in, 0);
}

void page_unit_risk_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct risk_form *f = xmalloc(sizeof *f);
  risk_form_read(r, f);
  struct field_errors e = {0};
  long long id = risk_save(r->db, &r->user, u->id, 0, 0, 0, &f->in, r->zToday, (long long)time(0), &e, 0);
  if( form_result(r, id, "/units/%s/risks?esc=saved#risk-%lld", u->zSlug, id) ) unit_risk_form(r, u, 0, &f->in, &e);
  free(f);
}

/* The unit's own open risk {id}, or NULL (404 shown). */
static struct risk_row *unit_risk(struct req *r){
  struct risk_row *k = xmalloc(sizeof *k);
  if( !risk_get(r->db, r->aId[1], k) || k->unitId!=r->rec.unit.id || k->projectId || strcmp(k->zStatus, "open")!=0 ){
    free(k);
    page_not_found(r);
    return 0;
  }
  return k;
}

void page_unit_risk_edit(struct req *r){
  struct risk_row *k = unit_risk(r);
  if( !k ) return;
  struct risk_input in;
  char az[6][16];
  risk_input_of(k, &in, az);
  unit_risk_form(r, &r->rec.unit, k->id, &in, 0);
  free(k);
}

void page_unit_risk_update(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct risk_row *k = unit_risk(r);
  if( !k ) return;
  struct risk_form *f = xmalloc(sizeof *f);
  risk_form_read(r, f);
  struct field_errors e = {0};
  long long id = risk_save(r->db, &r->user, u->id, 0, 0, k->id, &f->in, r->zToday, (long long)time(0), &e, 0);
  if( form_result(r, id, "/units/%s/risks?esc=saved#risk-%lld", u->zSlug, k->id) ) unit_risk_form(r, u, k->id, &f->in, &e);
  free(f);
  free(k);
}

void page_unit_risk_close(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct risk_row *k = unit_risk(r);
  if( !k ) return;
  if( !risk_close(r->db, &r->user, k->id, (long long)time(0)) ){ free(k); page_not_found(r); return; }
  char zTo[140];
  snprintf(zTo, sizeof zTo, "/units/%s/risks?esc=closed", u->zSlug);
  req_redirect(r, zTo);
  free(k);
}
