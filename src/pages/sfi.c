/*
** A health board's Standing Financial Instructions as data
** (src/domain/sfi.h), and the procurement route check.
**
**   GET  /units/{slug}/sfi                    a board: its versions; any other
**                                             unit: the rules in force for it
**   GET  /sfi/{id}                            one version: bands, delegation,
**                                             the decision threshold
**   GET  /sfi/{id}/edit, POST                 change it (the board's writers)
**   POST /sfi/{id}/copy                       a new version from this one
**   GET  /units/{slug}/sfi/signatories        a board's authorised signatories
**   POST /units/{slug}/sfi/signatories        and officers: add, end
**   POST /units/{slug}/sfi/signatories/{id}/end
**   GET  /units/{slug}/procurement-route      the route checker (a GET form)
**   GET  /api/v1/units/{slug}/procurement-route?value=PENCE[&supplier=NAME]
*/
#include "pages/pages.h"
#include "domain/access.h"
#include "domain/domain_write.h"
#include "domain/sfi.h"
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

const char *sfi_route_key(const char *z){
  if( strcmp(z, "one_quote")==0 ) return "sfi.route.one_quote";
  if( strcmp(z, "three_quotes")==0 ) return "sfi.route.three_quotes";
  if( strcmp(z, "formal_tender")==0 ) return "sfi.route.formal_tender";
  if( strcmp(z, "sell2wales")==0 ) return "sfi.route.sell2wales";
  if( strcmp(z, "regulated")==0 ) return "sfi.route.regulated";
  return "sfi.route.none";
}
const char *sfi_role_key(const char *z){
  if( strcmp(z, "cluster_lead")==0 ) return "sfi.role.cluster_lead";
  if( strcmp(z, "pcpg_signatory")==0 ) return "sfi.role.pcpg_signatory";
  if( strcmp(z, "hb_officer")==0 ) return "sfi.role.hb_officer";
  return "sfi.role.none";
}

struct version_head {
  char zTitle[201], zFrom[11], zNotes[4001];
  bool bExample, bDecision;
  long long decisionOver;
};
static bool version_head(struct db *db, long long id, struct version_head *v){
  memset(v, 0, sizeof *v);
  struct stmt *s = db_prepare(db,
    "SELECT title, effective_from, example, decision_over_pence, notes FROM sfi_version WHERE id=?1");
  stmt_bind_int(s, 1, id);
  bool ok = stmt_step(s)==1;
  if( ok ){
    snprintf(v->zTitle, sizeof v->zTitle, "%s", stmt_text(s, 0));
    snprintf(v->zFrom, sizeof v->zFrom, "%s", stmt_text(s, 1));
    v->bExample = stmt_int(s, 2)!=0;
    v->bDecision = !stmt_is_null(s, 3);
    v->decisionOver = stmt_int(s, 3);
    snprintf(v->zNotes, sizeof v->zNotes, "%s", stmt_text(s, 4));
  }
  stmt_done(s);
  return ok;
}

static void example_warning(struct req *r){
  nhsuk_warning_callout(&r->body, 2, T("sfi.example_heading"), T("sfi.example_text"));
}

/* The rules of version id: example warning, summary, bands, delegation. */
static void render_rules(struct req *r, long long id, const struct version_head *v){
  struct buf *b = &r->body;
  char zDate[48], zMoney[40];
  if( v->bExample ) example_warning(r);
  nhsuk_summary_begin(b, "sfi-summary");
  page_date(r, v->zFrom, zDate);
  nhsuk_summary_row(b, T("sfi.effective_from"), zDate, false);
  if( v->bDecision ){
    money_format(v->decisionOver, zMoney, sizeof zMoney);
    char zText[200];
    snprintf(zText, sizeof zText, T("sfi.decision_over_value"), zMoney);
    nhsuk_summary_row(b, T("sfi.decision_over"), zText, false);
  }else{
    nhsuk_summary_row(b, T("sfi.decision_over"), T("sfi.decision_never"), false);
  }
  if( v->zNotes[0] ) nhsuk_summary_row(b, T("sfi.notes"), v->zNotes, true);
  nhsuk_summary_end(b);
  struct sfi_band_row aB[SFI_BANDS_MAX];
  struct sfi_deleg_row aD[4];
  int nB = sfi_bands_read(r->db, id, aB, SFI_BANDS_MAX);
  int nD = sfi_delegation_read(r->db, id, aD, 4);
  html_printf(b, "<h2 id=\"bands\">%s</h2>\n", T("sfi.bands"));
  page_scroll_begin(r, "bands");
  nhsuk_table_begin(b, "nhsuk-table--compact", "bands-table", T("sfi.bands_caption"));
  nhsuk_table_header(b, T("sfi.band.min"), true);
  nhsuk_table_header(b, T("sfi.band.max"), true);
  nhsuk_table_header(b, T("sfi.band.route"), false);
  nhsuk_table_header(b, T("sfi.band.rule_ref"), false);
  nhsuk_table_body(b);
  for(int i=0; i<nB; i++){
    nhsuk_table_row_begin(b, 0);
    nhsuk_table_cell_numeric(b, money_format(aB[i].minPence, zMoney, sizeof zMoney));
    if( aB[i].maxPence<0 ) nhsuk_table_cell_numeric(b, T("sfi.band.no_max"));
    else nhsuk_table_cell_numeric(b, money_format(aB[i].maxPence, zMoney, sizeof zMoney));
    nhsuk_table_cell(b, T(sfi_route_key(aB[i].zRoute)));
    nhsuk_table_cell(b, aB[i].zRuleRef);
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
  page_scroll_end(r);
  html_printf(b, "<h2 id=\"delegation\">%s</h2>\n", T("sfi.delegation"));
  page_scroll_begin(r, "delegation");
  nhsuk_table_begin(b, "nhsuk-table--compact", "delegation-table", T("sfi.delegation_caption"));
  nhsuk_table_header(b, T("sfi.deleg.role"), false);
  nhsuk_table_header(b, T("sfi.deleg.max"), true);
  nhsuk_table_header(b, T("sfi.band.rule_ref"), false);
  nhsuk_table_body(b);
  for(int i=0; i<nD; i++){
    nhsuk_table_row_begin(b, 0);
    nhsuk_table_cell(b, T(sfi_role_key(aD[i].zRole)));
    nhsuk_table_cell_numeric(b, money_format(aD[i].maxPence, zMoney, sizeof zMoney));
    nhsuk_table_cell(b, aD[i].zRuleRef);
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
  page_scroll_end(r);
}

void page_sfi_unit(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct buf *b = &r->body;
  page_unit_begin(r, u, T("sfi.title"), "sfi-heading");
  long long hb = unit_above(r->db, u->id, "health_board", r->zToday);
  if( !hb ){
    html_printf(b, "<p id=\"sfi-no-board\">%s</p>\n", T("sfi.no_board"));
    page_end(r);
    return;
  }
  html_printf(b, "<p>%s</p>\n", T("sfi.intro"));
  html_printf(b, "<p><a href=\"/units/%s/procurement-route\">%s</a></p>\n", u->zSlug, T("sfi.check_link"));
  if( hb==u->id ){
    bool bWrite = access_can_write(r->db, &r->user, u->id, r->zToday);
    long long inForce = sfi_version_in_force(r->db, hb, r->zToday);
    html_printf(b, "<p><a href=\"/units/%s/sfi/signatories\">%s</a></p>\n", u->zSlug, T("sfi.signatories_link"));
    struct stmt *s = db_prepare(r->db,
      "SELECT id, title, effective_from, example FROM sfi_version WHERE unit_id=?1 ORDER BY effective_from DESC");
    stmt_bind_int(s, 1, hb);
    nhsuk_table_begin(b, 0, "versions", T("sfi.versions"));
    nhsuk_table_header(b, T("sfi.version_title"), false);
    nhsuk_table_header(b, T("sfi.effective_from"), false);
    nhsuk_table_header(b, T("sfi.status"), false);
    nhsuk_table_body(b);
    bool bExample = false;
    while( stmt_step(s)==1 ){
      long long id = stmt_int(s, 0);
      char zDate[48];
      page_date(r, stmt_text(s, 2), zDate);
      nhsuk_table_row_begin(b, 0);
      nhsuk_table_cell_begin(b, 0);
      html_printf(b, "<a href=\"/sfi/%lld\">%s</a>", id, stmt_text(s, 1));
      nhsuk_table_cell_end(b);
      nhsuk_table_cell(b, zDate);
      nhsuk_table_cell_begin(b, 0);
      if( id==inForce ) nhsuk_tag(b, "green", T("sfi.in_force"));
      else if( strcmp(stmt_text(s, 2), r->zToday)>0 ) nhsuk_tag(b, "blue", T("sfi.future"));
      else nhsuk_tag(b, "grey", T("sfi.past"));
      if( stmt_int(s, 3) ){ bExample = true; html_printf(b, " "); nhsuk_tag(b, "yellow", T("sfi.example_tag")); }
      nhsuk_table_cell_end(b);
      nhsuk_table_row_end(b);
    }
    stmt_done(s);
    nhsuk_table_end(b);
    if( bExample ) example_warning(r);
    if( bWrite ) html_printf(b, "<p>%s</p>\n", T("sfi.versions_hint"));
    page_end(r);
    return;
  }
  /* another unit: the rules in force for it, read only */
  long long v = sfi_version_in_force(r->db, hb, r->zToday);
  struct unit board;
  bool bBoard = unit_get_by_id(r->db, hb, r->zToday, &board) && access_can_read(r->db, &r->user, hb, r->zToday);
  struct version_head h;
  if( !v || !version_head(r->db, v, &h) ){
    html_printf(b, "<p id=\"sfi-none\">%s</p>\n", T("sfi.none_in_force"));
  }else{
    html_printf(b, "<h2 id=\"in-force\">%s</h2>\n<p>%s</p>\n", T("sfi.in_force_heading"), h.zTitle);
    render_rules(r, v, &h);
  }
  if( bBoard ){
    html_printf(b, "<p><a href=\"/units/%s/sfi\">%s</a></p>\n", board.zSlug, T("sfi.board_link"));
  }
  page_end(r);
}

void page_sfi_version(struct req *r){
  const struct unit *u = &r->rec.unit;
  long long id = r->rec.sfiVersionId;
  struct version_head h;
  if( !version_head(r->db, id, &h) ){ page_not_found(r); return; }
  char zHref[100], zList[110];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zList, sizeof zList, "/units/%s/sfi", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}, {zList, T("sfi.title")}};
  page_begin(r, h.zTitle, aCrumb, 3);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", unit_display_name(u, r->lang), h.zTitle);
  render_rules(r, id, &h);
  if( access_can_write(r->db, &r->user, u->id, r->zToday) ){
    if( sfi_version_used(r->db, id) ){
      nhsuk_inset(b, 0, T("sfi.used"));
    }else{
      html_printf(b, "<p><a class=\"nhsuk-button nhsuk-button--secondary\" href=\"/sfi/%lld/edit\">%s</a></p>\n",
                  id, T("sfi.edit"));
    }
    html_printf(b, "<h2 id=\"copy\">%s</h2>\n<form method=\"post\" action=\"/sfi/%lld/copy\" novalidate>\n",
                T("sfi.copy"), id);
    form_csrf(r);
    form_input(r, 0, "effective_from", "sfi.copy_from", "sfi.copy_from_hint", "date", "", "off");
    html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("sfi.copy_button"));
  }
  page_end(r);
}

void page_sfi_version_copy(struct req *r){
  struct field_errors e = {0};
  const char *zFrom = req_form(r, "effective_from");
  long long id = sfi_version_copy(r->db, &r->user, r->rec.sfiVersionId, zFrom, (long long)time(0), r->zToday, &e);
  if( !form_result(r, id, "/sfi/%lld", id) ) return;
  /* errors: the version's page again, with them */
  const struct unit *u = &r->rec.unit;
  char zHref[100], zList[110];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zList, sizeof zList, "/units/%s/sfi", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}, {zList, T("sfi.title")}};
  page_form_begin(r, T("sfi.copy"), aCrumb, 3, &e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/sfi/%lld/copy\" novalidate>\n", r->rec.sfiVersionId);
  form_csrf(r);
  form_input(r, &e, "effective_from", "sfi.copy_from", "sfi.copy_from_hint", "date", zFrom, "off");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("sfi.copy_button"));
  html_printf(b, "<p><a href=\"/sfi/%lld\">%s</a></p>\n</div></div>\n", r->rec.sfiVersionId, T("sfi.back"));
  page_end(r);
}

/* ---- the edit form ---- */

static const char *const azRoute[5] = {"one_quote", "three_quotes", "formal_tender", "sell2wales", "regulated"};
static const char *const azRoleCode[3] = {"cluster_lead", "pcpg_signatory", "hb_officer"};

struct edit_values {
  struct sfi_version_input in;
  char azMoney[SFI_FORM_BANDS*2 + 4][32];   /* formatted stored amounts */
  char zTitle[201], zFrom[11], zNotes[4001];
  struct sfi_band_row aB[SFI_BANDS_MAX];
  struct sfi_deleg_row aD[4];
};

static void edit_form(struct req *r, const struct field_errors *e, const struct sfi_version_input *in){
  const struct unit *u = &r->rec.unit;
  char zHref[100], zList[110], zVersion[40];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zList, sizeof zList, "/units/%s/sfi", u->zSlug);
  snprintf(zVersion, sizeof zVersion, "/sfi/%lld", r->rec.sfiVersionId);
  struct crumb aCrumb[4] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}, {zList, T("sfi.title")},
                            {zVersion, in->zTitle && in->zTitle[0] ? in->zTitle : T("sfi.title")}};
  page_form_begin(r, T("sfi.edit_title"), aCrumb, 4, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/sfi/%lld/edit\" novalidate>\n", r->rec.sfiVersionId);
  form_csrf(r);
  form_input(r, e, "title", "sfi.version_title", 0, "text", in->zTitle, "off");
  form_input(r, e, "effective_from", "sfi.effective_from", "sfi.effective_from_hint", "date", in->zEffectiveFrom, "off");
  form_input(r, e, "decision_over", "sfi.decision_over", "sfi.decision_over_hint", "text", in->zDecisionOver, "off");
  form_textarea(r, e, "notes", "sfi.notes", 0, in->zNotes, 3);
  html_printf(b, "<h2 id=\"bands\">%s</h2>\n<p class=\"nhsuk-hint\">%s</p>\n", T("sfi.bands"), T("sfi.bands_hint"));
  for(int i=0; i<SFI_FORM_BANDS; i++){
    char zName[5][32];
    snprintf(zName[0], sizeof zName[0], "band-%d-min", i+1);
    snprintf(zName[1], sizeof zName[1], "band-%d-max", i+1);
    snprintf(zName[2], sizeof zName[2], "band-%d-route", i+1);
    snprintf(zName[3], sizeof zName[3], "band-%d-rule_ref", i+1);
    snprintf(zName[4], sizeof zName[4], "band-%d-note", i+1);
    html_printf(b, "<fieldset class=\"nhsuk-fieldset\"><legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">");
    html_printf_t(b, TF("sfi.band_n"), i+1);
    html_printf(b, "</legend>\n");
    form_input(r, e, zName[0], "sfi.band.min", 0, "text", in->aBand[i].zMin, "off");
    form_input(r, e, zName[1], "sfi.band.max", "sfi.band.max_hint", "text", in->aBand[i].zMax, "off");
    form_select_begin(r, e, zName[2], "sfi.band.route", 0);
    html_printf(b, "<option value=\"\">%s</option>\n", T("sfi.band.unused"));
    for(int k=0; k<5; k++){
      html_printf(b, "<option value=\"%s\"%s>%s</option>\n", azRoute[k],
                  in->aBand[i].zRoute && strcmp(in->aBand[i].zRoute, azRoute[k])==0 ? " selected" : "",
                  T(sfi_route_key(azRoute[k])));
    }
    form_select_end(r);
    form_input(r, e, zName[3], "sfi.band.rule_ref", 0, "text", in->aBand[i].zRuleRef, "off");
    html_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", zName[4], in->aBand[i].zNote ? in->aBand[i].zNote : "");
    html_printf(b, "</fieldset>\n");
  }
  html_printf(b, "<h2 id=\"delegation\">%s</h2>\n<p class=\"nhsuk-hint\">%s</p>\n", T("sfi.delegation"), T("sfi.delegation_hint"));
  for(int i=0; i<3; i++){
    char zMax[40], zRef[40];
    snprintf(zMax, sizeof zMax, "delegation-%s", azRoleCode[i]);
    snprintf(zRef, sizeof zRef, "delegation-%s-rule_ref", azRoleCode[i]);
    html_printf(b, "<fieldset class=\"nhsuk-fieldset\"><legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n",
                T(sfi_role_key(azRoleCode[i])));
    form_input(r, e, zMax, "sfi.deleg.max", 0, "text", in->aDeleg[i].zMax, "off");
    form_input(r, e, zRef, "sfi.band.rule_ref", 0, "text", in->aDeleg[i].zRuleRef, "off");
    html_printf(b, "</fieldset>\n");
  }
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("sfi.save"));
  html_printf(b, "<p><a href=\"/sfi/%lld\">%s</a></p>\n</div></div>\n", r->rec.sfiVersionId, T("sfi.back"));
  page_end(r);
}

void page_sfi_version_edit(struct req *r){
  long long id = r->rec.sfiVersionId;
  if( sfi_version_used(r->db, id) ){
    char zLoc[40];
    snprintf(zLoc, sizeof zLoc, "/sfi/%lld", id);
    req_redirect(r, zLoc);
    return;
  }
  struct edit_values *v = xcalloc(1, sizeof *v);
  struct version_head h;
  if( !version_head(r->db, id, &h) ){ free(v); page_not_found(r); return; }
  snprintf(v->zTitle, sizeof v->zTitle, "%s", h.zTitle);
  snprintf(v->zFrom, sizeof v->zFrom, "%s", h.zFrom);
  snprintf(v->zNotes, sizeof v->zNotes, "%s", h.zNotes);
  v->in.zTitle = v->zTitle;
  v->in.zEffectiveFrom = v->zFrom;
  v->in.zNotes = v->zNotes;
  int m = 0;
  if( h.bDecision ) v->in.zDecisionOver = money_format_plain(h.decisionOver, v->azMoney[m++], 32);
  int nB = sfi_bands_read(r->db, id, v->aB, SFI_BANDS_MAX);
  for(int i=0; i<nB && i<SFI_FORM_BANDS; i++){
    v->in.aBand[i].zMin = money_format_plain(v->aB[i].minPence, v->azMoney[m++], 32);
    v->in.aBand[i].zMax = v->aB[i].maxPence<0 ? "" : money_format_plain(v->aB[i].maxPence, v->azMoney[m++], 32);
    v->in.aBand[i].zRoute = v->aB[i].zRoute;
    v->in.aBand[i].zRuleRef = v->aB[i].zRuleRef;
    v->in.aBand[i].zNote = v->aB[i].zNote;
  }
  int nD = sfi_delegation_read(r->db, id, v->aD, 4);
  for(int i=0; i<nD; i++){
    for(int k=0; k<3; k++){
      if( strcmp(v->aD[i].zRole, azRoleCode[k])!=0 ) continue;
      v->in.aDeleg[k].zMax = money_format_plain(v->aD[i].maxPence, v->azMoney[m++], 32);
      v->in.aDeleg[k].zRuleRef = v->aD[i].zRuleRef;
    }
  }
  edit_form(r, 0, &v->in);
  free(v);
}

void page_sfi_version_update(struct req *r){
  struct sfi_version_input in;
  memset(&in, 0, sizeof in);
  in.zTitle = req_form(r, "title");
  in.zEffectiveFrom = req_form(r, "effective_from");
  in.zDecisionOver = req_form(r, "decision_over");
  in.zNotes = req_form(r, "notes");
  for(int i=0; i<SFI_FORM_BANDS; i++){
    char z[32];
    snprintf(z, sizeof z, "band-%d-min", i+1); in.aBand[i].zMin = req_form(r, z);
    snprintf(z, sizeof z, "band-%d-max", i+1); in.aBand[i].zMax = req_form(r, z);
    snprintf(z, sizeof z, "band-%d-route", i+1); in.aBand[i].zRoute = req_form(r, z);
    snprintf(z, sizeof z, "band-%d-rule_ref", i+1); in.aBand[i].zRuleRef = req_form(r, z);
    snprintf(z, sizeof z, "band-%d-note", i+1); in.aBand[i].zNote = req_form(r, z);
  }
  for(int i=0; i<3; i++){
    char z[48];
    snprintf(z, sizeof z, "delegation-%s", azRoleCode[i]); in.aDeleg[i].zMax = req_form(r, z);
    snprintf(z, sizeof z, "delegation-%s-rule_ref", azRoleCode[i]); in.aDeleg[i].zRuleRef = req_form(r, z);
  }
  struct field_errors e = {0};
  int k = sfi_version_update(r->db, &r->user, r->rec.sfiVersionId, &in, (long long)time(0), r->zToday, &e);
  if( form_result(r, k>0 ? r->rec.sfiVersionId : k, "/sfi/%lld", r->rec.sfiVersionId) ) edit_form(r, &e, &in);
}

/* ---- signatories ---- */

static void signatories_page(struct req *r, const struct field_errors *e, const char *zUser, const char *zRole,
                             const char *zUnit, const char *zFrom, const char *zTo){
  const struct unit *u = &r->rec.unit;
  bool bWrite = access_can_write(r->db, &r->user, u->id, r->zToday);
  char zHref[100], zList[110];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  snprintf(zList, sizeof zList, "/units/%s/sfi", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}, {zList, T("sfi.title")}};
  page_begin_form(r, T("sfi.signatories"), aCrumb, 3, e);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", unit_display_name(u, r->lang), T("sfi.signatories"));
  form_error_summary(r, e);
  html_printf(b, "<p>%s</p>\n", T("sfi.signatories_intro"));
  struct stmt *s = db_prepare(r->db,
    "WITH RECURSIVE down(id) AS ("
    "  SELECT CAST(?1 AS BIGINT)"
    "  UNION"
    "  SELECT l.child_id FROM unit_link l JOIN down ON l.parent_id=down.id"
    "   WHERE l.relation='part_of' AND l.valid_from<=?2 AND (l.valid_to IS NULL OR l.valid_to>?2))"
    "SELECT g.id, au.name, au.email, g.approver_role, un.name, g.valid_from, COALESCE(g.valid_to,'')"
    " FROM sfi_signatory g JOIN down ON down.id=g.unit_id JOIN app_user au ON au.id=g.user_id"
    " JOIN unit un ON un.id=g.unit_id ORDER BY g.approver_role, au.name, g.id");
  stmt_bind_int(s, 1, u->id);
  stmt_bind_text(s, 2, r->zToday);
  int n = 0;
  while( stmt_step(s)==1 ){
    if( n++==0 ){
      nhsuk_rtable_begin(b, "nhsuk-table--compact", "signatories-table", T("sfi.signatories"));
      nhsuk_rtable_header(b, T("sfi.sig.name"), false);
      nhsuk_rtable_header(b, T("sfi.sig.role"), false);
      nhsuk_rtable_header(b, T("sfi.sig.unit"), false);
      nhsuk_rtable_header(b, T("sfi.sig.from"), false);
      nhsuk_rtable_header(b, T("sfi.sig.until"), false);
      if( bWrite ) nhsuk_rtable_header_hidden(b, T("sfi.sig.end"));
      nhsuk_table_body(b);
    }
    long long id = stmt_int(s, 0);
    char zD1[48], zD2[48];
    page_date(r, stmt_text(s, 5), zD1);
    const char *zEnd = stmt_text(s, 6);
    if( zEnd[0] ) page_date(r, zEnd, zD2); else snprintf(zD2, sizeof zD2, "%s", T("sfi.sig.open"));
    nhsuk_rtable_row_begin(b, 0, 0);
    nhsuk_rtable_cell_begin(b, 0, T("sfi.sig.name"));
    html_printf(b, "%s <span class=\"nhsuk-body-s\">%s</span>", stmt_text(s, 1), stmt_text(s, 2));
    nhsuk_rtable_cell_end(b);
    nhsuk_rtable_cell(b, T("sfi.sig.role"), T(sfi_role_key(stmt_text(s, 3))));
    nhsuk_rtable_cell(b, T("sfi.sig.unit"), stmt_text(s, 4));
    nhsuk_rtable_cell(b, T("sfi.sig.from"), zD1);
    nhsuk_rtable_cell(b, T("sfi.sig.until"), zD2);
    if( bWrite ){
      nhsuk_rtable_cell_begin(b, 0, 0);
      if( !zEnd[0] || strcmp(zEnd, r->zToday)>=0 ){
        char zId[40];
        snprintf(zId, sizeof zId, "end-%lld", id);
        html_printf(b, "<form method=\"post\" action=\"/units/%s/sfi/signatories/%lld/end\" novalidate>"
                       "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                       "<label class=\"nhsuk-label\" for=\"%s\">%s</label>"
                       "<input class=\"nhsuk-input nhsuk-input--width-10\" id=\"%s\" name=\"valid_to\" type=\"date\" value=\"%s\">"
                       " <button class=\"nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0\" type=\"submit\">%s</button></form>",
                    u->zSlug, id, page_form_token(r), zId, T("sfi.sig.end_on"), zId, r->zToday, T("sfi.sig.end"));
      }
      nhsuk_rtable_cell_end(b);
    }
    nhsuk_table_row_end(b);
  }
  stmt_done(s);
  if( n ) nhsuk_table_end(b);
  else html_printf(b, "<p id=\"signatories-none\">%s</p>\n", T("sfi.signatories_none"));
  if( bWrite ){
    html_printf(b, "<h2 id=\"add\">%s</h2>\n<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n"
                   "<form method=\"post\" action=\"/units/%s/sfi/signatories\" novalidate>\n", T("sfi.sig.add"), u->zSlug);
    form_csrf(r);
    form_select_begin(r, e, "user", "sfi.sig.user", "sfi.sig.user_hint");
    html_printf(b, "<option value=\"\">%s</option>\n", T("sfi.sig.choose"));
    s = db_prepare(r->db,
      "SELECT id, name, email FROM app_user WHERE role IN ('health_board','admin') AND scope_unit_id IN"
      " (SELECT CAST(?1 AS BIGINT) UNION SELECT id FROM unit WHERE kind='nation') ORDER BY name, id");
    stmt_bind_int(s, 1, u->id);
    while( stmt_step(s)==1 ){
      char zId[24];
      snprintf(zId, sizeof zId, "%lld", stmt_int(s, 0));
      html_printf(b, "<option value=\"%s\"%s>%s (%s)</option>\n", zId, zUser && strcmp(zUser, zId)==0 ? " selected" : "",
                  stmt_text(s, 1), stmt_text(s, 2));
    }
    stmt_done(s);
    form_select_end(r);
    const char *azVal[2] = {"pcpg_signatory", "hb_officer"};
    const char *azLab[2] = {"sfi.role.pcpg_signatory", "sfi.role.hb_officer"};
    form_radios(r, e, "role", "sfi.sig.role", 0, 2, azVal, azLab, zRole ? zRole : "pcpg_signatory");
    form_select_begin(r, e, "unit", "sfi.sig.pcpg", "sfi.sig.pcpg_hint");
    html_printf(b, "<option value=\"\">%s</option>\n", T("sfi.sig.choose"));
    s = db_prepare(r->db,
      "SELECT u.id, u.name FROM unit u JOIN unit_link l ON l.child_id=u.id AND l.relation='part_of'"
      " WHERE l.parent_id=?1 AND u.kind='pcpg' AND l.valid_from<=?2 AND (l.valid_to IS NULL OR l.valid_to>?2)"
      " ORDER BY u.name");
    stmt_bind_int(s, 1, u->id);
    stmt_bind_text(s, 2, r->zToday);
    while( stmt_step(s)==1 ){
      char zId[24];
      snprintf(zId, sizeof zId, "%lld", stmt_int(s, 0));
      html_printf(b, "<option value=\"%s\"%s>%s</option>\n", zId, zUnit && strcmp(zUnit, zId)==0 ? " selected" : "", stmt_text(s, 1));
    }
    stmt_done(s);
    form_select_end(r);
    form_input(r, e, "valid_from", "sfi.sig.from", 0, "date", zFrom ? zFrom : r->zToday, "off");
    form_input(r, e, "valid_to", "sfi.sig.to", "sfi.sig.to_hint", "date", zTo, "off");
    html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n</div></div>\n", T("sfi.sig.add_button"));
  }
  page_end(r);
}

void page_sfi_signatories(struct req *r){
  if( strcmp(r->rec.unit.zKind, "health_board")!=0 ){ page_not_found(r); return; }
  signatories_page(r, 0, 0, 0, 0, 0, 0);
}

void page_sfi_signatory_add(struct req *r){
  const struct unit *u = &r->rec.unit;
  if( strcmp(u->zKind, "health_board")!=0 ){ page_not_found(r); return; }
  const char *zUser = req_form(r, "user"), *zRole = req_form(r, "role"), *zUnit = req_form(r, "unit");
  const char *zFrom = req_form(r, "valid_from"), *zTo = req_form(r, "valid_to");
  struct field_errors e = {0};
  long long userId = 0, unitId = 0;
  if( !domain_parse_id(zUser, &userId) || userId==0 ) field_errors_add(&e, "user", "sfi.error.signatory_user");
  if( !domain_parse_id(zUnit, &unitId) ) field_errors_add(&e, "unit", "sfi.error.signatory_unit");
  long long id = e.n ? 0 : sfi_signatory_add(r->db, &r->user, u->id, userId, zRole, unitId, zFrom, zTo,
                                             (long long)time(0), r->zToday, &e);
  if( form_result(r, id, "/units/%s/sfi/signatories", u->zSlug) ) signatories_page(r, &e, zUser, zRole, zUnit, zFrom, zTo);
}

void page_sfi_signatory_end(struct req *r){
  const struct unit *u = &r->rec.unit;
  if( strcmp(u->zKind, "health_board")!=0 ){ page_not_found(r); return; }
  struct field_errors e = {0};
  int k = sfi_signatory_end(r->db, &r->user, u->id, r->aId[1], req_form(r, "valid_to"), (long long)time(0), r->zToday, &e);
  if( form_result(r, k>0 ? 1 : k, "/units/%s/sfi/signatories", u->zSlug) ) signatories_page(r, &e, 0, 0, 0, 0, 0);
}

/* ---- the route check ---- */

void page_procurement_route(struct req *r){
  const struct unit *u = &r->rec.unit;
  const char *zValue = req_query(r, "value");
  const char *zSupplier = req_query(r, "supplier");
  struct field_errors e = {0};
  long long pence = 0;
  bool bAsked = zValue && zValue[0];
  if( bAsked && (!money_parse(zValue, &pence) || pence<=0) ) field_errors_add(&e, "value", "sfi.error.money");
  struct sfi_route_result rr;
  bool bOk = bAsked && e.n==0 && sfi_route_check(r->db, u->id, pence, zSupplier, r->zToday, 0, &rr);
  char zHref[100];
  snprintf(zHref, sizeof zHref, "/units/%s", u->zSlug);
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, unit_display_name(u, r->lang)}};
  page_begin_form(r, T("sfi.check_title"), aCrumb, 2, &e);
  if( e.n ) r->status = 400;
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", unit_display_name(u, r->lang), T("sfi.check_title"));
  form_error_summary(r, &e);
  html_printf(b, "<p>%s</p>\n", T("sfi.check_intro"));
  html_printf(b, "<form method=\"get\" action=\"/units/%s/procurement-route\" novalidate>\n", u->zSlug);
  form_input(r, &e, "value", "sfi.check_value", "sfi.check_value_hint", "text", zValue, "off");
  form_input(r, &e, "supplier", "sfi.check_supplier", "sfi.check_supplier_hint", "text", zSupplier, "off");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("sfi.check_button"));
  if( bOk ){
    char zM1[40], zM2[40];
    html_printf(b, "<h2 id=\"answer\">%s</h2>\n", T("sfi.answer"));
    if( rr.versionId==0 ){
      html_printf(b, "<p id=\"no-rules\">%s</p>\n", T("sfi.none_in_force"));
    }else{
      struct version_head h;
      if( version_head(r->db, rr.versionId, &h) && h.bExample ) example_warning(r);
      nhsuk_summary_begin(b, "route-answer");
      nhsuk_summary_row(b, T("sfi.check_value"), money_format(rr.valuePence, zM1, sizeof zM1), false);
      nhsuk_summary_row(b, T("sfi.aggregated"), money_format(rr.aggregatedPence, zM2, sizeof zM2), false);
      nhsuk_summary_row(b, T("sfi.band.route"), T(sfi_route_key(rr.zRoute)), false);
      nhsuk_summary_row(b, T("sfi.deleg.role"), T(sfi_role_key(rr.zApproverRole)), false);
      nhsuk_summary_row(b, T("sfi.decision_required"), T(rr.bDecisionRequired ? "sfi.yes" : "sfi.no"), false);
      nhsuk_summary_row(b, T("sfi.rule"), rr.zRule, false);
      nhsuk_summary_end(b);
    }
  }
  html_printf(b, "<p><a href=\"/units/%s/sfi\">%s</a></p>\n", u->zSlug, T("sfi.rules_link"));
  page_end(r);
}

void api_procurement_route(struct req *r){
  const struct unit *u = &r->rec.unit;
  const char *zValue = req_query(r, "value");
  long long pence = -1;
  if( !zValue || !text_to_int(zValue, 0, MONEY_MAX_PENCE, &pence) ){
    req_json_error(r, 400, "value must be a whole number of pence, 0 or more");
    return;
  }
  struct sfi_route_result rr;
  if( !sfi_route_check(r->db, u->id, pence, req_query(r, "supplier"), r->zToday, 0, &rr) ){
    req_json_error(r, 500, "the route could not be checked");
    return;
  }
  struct buf *b = &r->body;
  bool f = true;
  buf_putc(b, '{');
  json_kv_int(b, &f, "value", rr.valuePence);
  json_kv_int(b, &f, "aggregated_value", rr.aggregatedPence);
  if( rr.zRoute[0] ) json_kv_str(b, &f, "route", rr.zRoute); else json_kv_null(b, &f, "route");
  if( rr.zApproverRole[0] ) json_kv_str(b, &f, "approver_role", rr.zApproverRole); else json_kv_null(b, &f, "approver_role");
  if( rr.versionId ) json_kv_str(b, &f, "rule", rr.zRule); else json_kv_null(b, &f, "rule");
  json_kv_bool(b, &f, "decision_required", rr.bDecisionRequired);
  buf_puts(b, "}\n");
  r->zContentType = "application/json";
}
