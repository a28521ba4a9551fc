/*
** A project's stakeholder map and decisions log (src/domain/project_docs.h).
**
**   GET  /projects/{id}/stakeholders                   the power/interest grid and the table; add one
**   POST /projects/{id}/stakeholders
**   GET  /projects/{id}/stakeholders/{item}/edit, POST
**   POST /projects/{id}/stakeholders/{item}/delete
**   GET  /projects/{id}/decisions                      the gates' decisions and the linked ones; link one
**   POST /projects/{id}/decisions
**   POST /projects/{id}/links/{item}/delete            a linked decision or follow-on action
**   POST /projects/{id}/follow-on                      link a follow-on action (project_docs.c)
*/
#include "pages/pages.h"
#include "pages/project_docs_ui.h"
#include "domain/project_docs.h"
#include "domain/domain_write.h"
#include "domain/risk.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the stakeholder map ---- */

#define SH_MAX 200
struct sh_list { int n; struct pstakeholder a[SH_MAX]; char *azEng[SH_MAX]; };
static void sh_collect(void *p, const struct pstakeholder *o){
  struct sh_list *x = p;
  if( x->n>=SH_MAX ) return;
  x->a[x->n] = *o;
  x->azEng[x->n] = xstrdup(o->zEngagement);
  x->a[x->n].zEngagement = x->azEng[x->n];
  x->n++;
}
static void sh_free(struct sh_list *x){
  for(int i = 0; i < x->n; i++) free(x->azEng[i]);
  free(x);
}

/* The grid: interest across, power up, 1 to 5 each; the quadrants split
** between 2 and 3 (project_stakeholder_quadrant). Each stakeholder a
** numbered dot, the number its row in the table. */
static void grid_svg(struct req *r, const struct sh_list *x){
  struct buf *b = &r->body;
  const double X0 = 60, Y0 = 20, W = 400, H = 400, U = 80;
  html_printf(b, "<svg class=\"cc-stakeholder-grid\" viewBox=\"0 0 480 470\" width=\"100%%\" style=\"max-width:480px\" role=\"img\""
                 " aria-labelledby=\"sh-title sh-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n");
  html_printf(b, "<title id=\"sh-title\">%s</title>\n<desc id=\"sh-desc\">", T("projdoc.grid.title"));
  html_printf_t(b, TF("projdoc.grid.desc"), x->n);
  for(int i = 0; i < x->n; i++){
    char zKey[60];
    snprintf(zKey, sizeof zKey, "projdoc.quadrant.%s",
             project_stakeholder_quadrant_code(project_stakeholder_quadrant(x->a[i].power, x->a[i].interest)));
    html_printf(b, " %d. %s: ", i+1, x->a[i].zName);
    html_printf_t(b, TF("projdoc.grid.point"), x->a[i].power, x->a[i].interest, T(zKey));
  }
  html_printf(b, "</desc>\n");
  /* The quadrants: left two columns low interest, bottom two rows low power. */
  static const struct { int q; double x, y, w, h; const char *zFill; } aQ[4] = {
    { SQ_KEEP_SATISFIED, 0, 0, 2, 3, "#fff9c4" },
    { SQ_MANAGE_CLOSELY, 2, 0, 3, 3, "#fde0dc" },
    { SQ_MONITOR,        0, 3, 2, 2, "#f0f4f5" },
    { SQ_KEEP_INFORMED,  2, 3, 3, 2, "#e3f2fd" },
  };
  for(int i = 0; i < 4; i++){
    char zKey[60];
    snprintf(zKey, sizeof zKey, "projdoc.quadrant.%s", project_stakeholder_quadrant_code(aQ[i].q));
    html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#aeb7bd\"/>\n",
                (int)(X0 + aQ[i].x*U), (int)(Y0 + aQ[i].y*U), (int)(aQ[i].w*U), (int)(aQ[i].h*U), aQ[i].zFill);
    html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\" fill=\"#212b32\">%s</text>\n",
                (int)(X0 + aQ[i].x*U + 6), (int)(Y0 + aQ[i].y*U + 18), T(zKey));
  }
  /* Scale marks and the axes' names. */
  for(int v = 1; v <= 5; v++){
    html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" fill=\"#4c6272\">%d</text>\n",
                (int)(X0 + (v-0.5)*U), (int)(Y0 + H + 16), v);
    html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" fill=\"#4c6272\">%d</text>\n",
                (int)(X0 - 6), (int)(Y0 + H - (v-0.5)*U + 4), v);
  }
  html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" fill=\"#212b32\">%s</text>\n",
              (int)(X0 + W/2), (int)(Y0 + H + 36), T("projdoc.col.interest"));
  html_printf(b, "<text x=\"16\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" fill=\"#212b32\" transform=\"rotate(-90 16 %d)\">%s</text>\n",
              (int)(Y0 + H/2), (int)(Y0 + H/2), T("projdoc.col.power"));
  /* The dots: those in one cell side by side. */
  for(int i = 0; i < x->n; i++){
    int nBefore = 0, nSame = 0;
    for(int j = 0; j < x->n; j++){
      if( x->a[j].power==x->a[i].power && x->a[j].interest==x->a[i].interest ){
        if( j<i ) nBefore++;
        nSame++;
      }
    }
    int nPerRow = 3;
    double cx = X0 + (x->a[i].interest-1)*U + U/2 + ((nBefore % nPerRow) - (nSame<nPerRow ? (nSame-1)/2.0 : 1))*24;
    double cy = Y0 + H - (x->a[i].power-0.5)*U + (nBefore / nPerRow)*24 - (nSame>nPerRow ? 12 : 0);
    html_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"11\" fill=\"#005eb8\"/>"
                   "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#ffffff\">%d</text>\n",
                (int)cx, (int)cy, (int)cx, (int)cy + 4, i+1);
  }
  html_printf(b, "</svg>\n");
}

void projdoc_stakeholder_section(struct req *r, const struct project *p, bool bForms){
  struct buf *b = &r->body;
  struct sh_list *x = xmalloc(sizeof *x);
  x->n = 0;
  project_stakeholders_each(r->db, p->id, sh_collect, x);
  html_printf(b, "<h2 id=\"stakeholder-map\">%s</h2>\n", T("projdoc.stakeholders"));
  if( x->n==0 ){
    html_printf(b, "<p id=\"stakeholders-none\">%s</p>\n", T("projdoc.no_stakeholders"));
  }else{
    grid_svg(r, x);
    page_scroll_begin(r, "stakeholder-map");
    nhsuk_table_begin(b, 0, "stakeholders-table", T("projdoc.stakeholders_caption"));
    nhsuk_table_header(b, T("projdoc.col.number"), true);
    nhsuk_table_header(b, T("projdoc.col.stakeholder"), false);
    nhsuk_table_header(b, T("projdoc.col.power"), true);
    nhsuk_table_header(b, T("projdoc.col.interest"), true);
    nhsuk_table_header(b, T("projdoc.col.quadrant"), false);
    nhsuk_table_header(b, T("projdoc.col.engagement"), false);
    if( bForms ) nhsuk_table_header_hidden(b, T("projdoc.col.act"));
    nhsuk_table_body(b);
    for(int i = 0; i < x->n; i++){
      const struct pstakeholder *o = &x->a[i];
      char zKey[60];
      snprintf(zKey, sizeof zKey, "projdoc.quadrant.%s",
               project_stakeholder_quadrant_code(project_stakeholder_quadrant(o->power, o->interest)));
      nhsuk_table_row_begin(b, 0);
      nhsuk_table_cell_int(b, i+1);
      nhsuk_table_cell(b, o->zName);
      nhsuk_table_cell_int(b, o->power);
      nhsuk_table_cell_int(b, o->interest);
      nhsuk_table_cell(b, T(zKey));
      nhsuk_table_cell_class(b, "cc-pre", o->zEngagement);
      if( bForms ){
        nhsuk_table_cell_begin(b, 0);
        if( p->bCanWrite ){
          html_printf(b, "<a href=\"/projects/%lld/stakeholders/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                      p->id, o->id, T("projdoc.change"), o->zName);
        }
        nhsuk_table_cell_end(b);
      }
      nhsuk_table_row_end(b);
    }
    nhsuk_table_end(b);
    page_scroll_end(r);
  }
  if( !bForms ) html_printf(b, "<p><a href=\"/projects/%lld/stakeholders\">%s</a></p>\n", p->id, T("projdoc.stakeholders_link"));
  sh_free(x);
}

static void stakeholder_fields(struct req *r, const struct field_errors *e, const char *const *av){
  static const char *const azVal[5] = {"1", "2", "3", "4", "5"};
  static const char *const azKey[5] = {"projdoc.scale.1", "projdoc.scale.2", "projdoc.scale.3", "projdoc.scale.4", "projdoc.scale.5"};
  #define V(i) (av && av[i] ? av[i] : "")
  form_input(r, e, "name", "projdoc.stakeholder.name", "projdoc.stakeholder.name.hint", "text", V(0), "off");
  form_radios(r, e, "power", "projdoc.stakeholder.power", "projdoc.stakeholder.power.hint", 5, azVal, azKey, V(1));
  form_radios(r, e, "interest", "projdoc.stakeholder.interest", "projdoc.stakeholder.interest.hint", 5, azVal, azKey, V(2));
  form_textarea(r, e, "engagement", "projdoc.stakeholder.engagement", "projdoc.stakeholder.engagement.hint", V(3), 3);
  #undef V
}

static void map_page(struct req *r, const struct field_errors *e, const char *const *av){
  const struct project *p = r->rec.pWork;
  char zUnit[100], zList[120], zProject[40], zDocs[60];
  struct crumb aCrumb[5];
  int nCrumb = projdoc_crumbs(r, p, aCrumb, zUnit, zList, zProject, zDocs, true);
  page_begin_form(r, T("projdoc.stakeholders_title"), aCrumb, nCrumb, e);
  struct buf *b = &r->body;
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", p->zTitle, T("projdoc.stakeholders_title"));
  if( p->bDemo ) projdoc_demo_callout(r);
  projdoc_closed_note(r, p);
  html_printf(b, "<p>%s</p>\n", T("projdoc.stakeholders_intro"));
  projdoc_stakeholder_section(r, p, true);
  if( p->bCanWrite ){
    html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
    html_printf(b, "<h2 id=\"add-stakeholder\">%s</h2>\n", T("projdoc.stakeholder.add"));
    html_printf(b, "<form method=\"post\" action=\"/projects/%lld/stakeholders\" novalidate>\n", p->id);
    form_csrf(r);
    stakeholder_fields(r, e, av);
    html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n</div></div>\n", T("projdoc.stakeholder.add_button"));
  }
  long long docId = project_doc_of_kind(r->db, p->id, "stakeholder_map");
  if( docId>0 ) html_printf(b, "<p><a href=\"/projects/%lld/documents/%lld\">%s</a></p>\n", p->id, docId, T("projdoc.stakeholders_doc"));
  html_printf(b, "<p><a href=\"/projects/%lld/documents\">%s</a></p>\n", p->id, T("projdoc.back_list"));
  page_end(r);
}

void page_projdoc_stakeholders(struct req *r){ map_page(r, 0, 0); }

static void read_stakeholder_form(struct req *r, const char *av[4]){
  av[0] = req_form(r, "name");
  av[1] = req_form(r, "power");
  av[2] = req_form(r, "interest");
  av[3] = req_form(r, "engagement");
}

void page_projdoc_stakeholder_add(struct req *r){
  const char *av[4];
  read_stakeholder_form(r, av);
  struct field_errors e = {0};
  long long id = project_stakeholder_save(r->db, &r->user, r->rec.pWork, 0, av[0], av[1], av[2], av[3], &e);
  if( form_result(r, id, "/projects/%lld/stakeholders#stakeholder-map", r->rec.pWork->id) ) map_page(r, &e, av);
}

static void stakeholder_edit_page(struct req *r, const struct field_errors *e, const char *const *av){
  const struct project *p = r->rec.pWork;
  char zUnit[100], zList[120], zProject[40], zDocs[60];
  struct crumb aCrumb[5];
  int nCrumb = projdoc_crumbs(r, p, aCrumb, zUnit, zList, zProject, zDocs, true);
  page_form_begin(r, T("projdoc.stakeholder.edit"), aCrumb, nCrumb, e, p->zTitle);
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/projects/%lld/stakeholders/%lld/edit\" novalidate>\n", p->id, r->aId[1]);
  form_csrf(r);
  stakeholder_fields(r, e, av);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("projdoc.save"));
  html_printf(b, "<form method=\"post\" action=\"/projects/%lld/stakeholders/%lld/delete\">\n", p->id, r->aId[1]);
  form_csrf(r);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\" id=\"delete\">%s</button>\n</form>\n",
              T("projdoc.stakeholder.delete"));
  html_printf(b, "<p><a href=\"/projects/%lld/stakeholders\">%s</a></p>\n</div></div>\n", p->id, T("projdoc.back_map"));
  page_end(r);
}

void page_projdoc_stakeholder_edit(struct req *r){
  struct pstakeholder o;
  char zEng[4*PROJECT_TEXT_MAX+1];
  if( !project_stakeholder_get(r->db, r->rec.pWork->id, r->aId[1], &o, zEng, sizeof zEng) ){ page_not_found(r); return; }
  char zP[8], zI[8];
  snprintf(zP, sizeof zP, "%d", o.power);
  snprintf(zI, sizeof zI, "%d", o.interest);
  const char *av[4] = { o.zName, zP, zI, zEng };
  stakeholder_edit_page(r, 0, av);
}

void page_projdoc_stakeholder_save(struct req *r){
  const char *av[4];
  read_stakeholder_form(r, av);
  struct field_errors e = {0};
  long long id = project_stakeholder_save(r->db, &r->user, r->rec.pWork, r->aId[1], av[0], av[1], av[2], av[3], &e);
  if( form_result(r, id, "/projects/%lld/stakeholders#stakeholder-map", r->rec.pWork->id) ) stakeholder_edit_page(r, &e, av);
}

void page_projdoc_stakeholder_delete(struct req *r){
  long long id = project_stakeholder_delete(r->db, &r->user, r->rec.pWork, r->aId[1]);
  form_result(r, id, "/projects/%lld/stakeholders", r->rec.pWork->id);
}

/* ---- the decisions log ---- */

struct dec_ctx { struct req *r; int n; bool bForms; };
static void decision_row(void *pc, const struct pdecision *o){
  struct dec_ctx *x = pc;
  struct req *r = x->r;
  struct buf *b = &r->body;
  const struct project *p = r->rec.pWork;
  char zd[11], zWhen[48] = "";
  text_copy(zd, sizeof zd, o->zStartsAt);
  if( zd[0] ) page_date_short(r, zd, zWhen);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell(b, zWhen);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/meetings/%lld\">%s</a>", o->meetingId, o->zMeetingTitle);
  nhsuk_table_cell_end(b);
  if( project_decision_visible(r->db, &r->user, p->unitId, o->zStartsAt, o->bRestricted) ) nhsuk_table_cell_class(b, "cc-pre", o->zText);
  else nhsuk_table_cell(b, T("projdoc.restricted_decision"));
  nhsuk_table_cell_begin(b, 0);
  if( o->linkId==0 ){
    char zK1[40], zK2[40];
    snprintf(zK1, sizeof zK1, "projdoc.stage.%s", o->zFrom);
    snprintf(zK2, sizeof zK2, "projdoc.stage.%s", o->zTo);
    nhsuk_tag(b, "blue", T("projdoc.decisions.gate"));
    html_printf(b, " %s → %s", T(zK1), T(zK2));
  }else{
    html_printf(b, "%s", o->zNote);
  }
  nhsuk_table_cell_end(b);
  if( x->bForms ){
    nhsuk_table_cell_begin(b, 0);
    if( o->linkId && p->bCanWrite ){
      html_printf(b, "<form method=\"post\" action=\"/projects/%lld/links/%lld/delete\">", p->id, o->linkId);
      form_csrf(r);
      html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0\" type=\"submit\">%s"
                     "<span class=\"nhsuk-u-visually-hidden\"> %s</span></button></form>", T("projdoc.unlink"), zWhen);
    }
    nhsuk_table_cell_end(b);
  }
  nhsuk_table_row_end(b);
  x->n++;
}

static void decisions_table(struct req *r, const struct project *p, bool bForms){
  struct buf *b = &r->body;
  struct dec_ctx x = { r, 0, bForms };
  page_scroll_begin(r, "decisions-log");
  nhsuk_table_begin(b, 0, "decisions-table", 0);
  nhsuk_table_header(b, T("projdoc.col.date"), false);
  nhsuk_table_header(b, T("projdoc.col.meeting"), false);
  nhsuk_table_header(b, T("projdoc.col.decision"), false);
  nhsuk_table_header(b, T("projdoc.col.about"), false);
  if( bForms ) nhsuk_table_header_hidden(b, T("projdoc.col.act"));
  nhsuk_table_body(b);
  project_decisions_each(r->db, p->id, decision_row, &x);
  nhsuk_table_end(b);
  page_scroll_end(r);
  if( x.n==0 ) html_printf(b, "<p id=\"decisions-none\">%s</p>\n", T("projdoc.no_decisions"));
}

void projdoc_decisions_section(struct req *r, const struct project *p){
  html_printf(&r->body, "<h2 id=\"decisions-log\">%s</h2>\n", T("projdoc.decisions"));
  decisions_table(r, p, false);
  html_printf(&r->body, "<p><a href=\"/projects/%lld/decisions\">%s</a></p>\n", p->id, T("projdoc.decisions_link"));
}

struct choice_ctx { struct req *r; long long sel; int n; };
static void decision_option(void *pc, long long id, const char *zStarts, const char *zText){
  struct choice_ctx *x = pc;
  struct req *r = x->r;
  char zd[11], zWhen[48] = "", zShort[160];
  text_copy(zd, sizeof zd, zStarts);
  if( zd[0] ) page_date_short(r, zd, zWhen);
  snprintf(zShort, sizeof zShort, "%.140s", zText);
  x->n++;
  html_printf(&r->body, "<option value=\"%lld\"%s>%s – %s</option>\n", id, id==x->sel ? " selected" : "", zWhen, zShort);
}

static void decisions_page(struct req *r, const struct field_errors *e, const char *zDecision, const char *zNote){
  const struct project *p = r->rec.pWork;
  char zUnit[100], zList[120], zProject[40], zDocs[60];
  struct crumb aCrumb[5];
  int nCrumb = projdoc_crumbs(r, p, aCrumb, zUnit, zList, zProject, zDocs, true);
  page_begin_form(r, T("projdoc.decisions_title"), aCrumb, nCrumb, e);
  struct buf *b = &r->body;
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", p->zTitle, T("projdoc.decisions_title"));
  if( p->bDemo ) projdoc_demo_callout(r);
  projdoc_closed_note(r, p);
  html_printf(b, "<p id=\"decisions-log\">%s</p>\n", T("projdoc.decisions_intro"));
  decisions_table(r, p, true);
  if( p->bCanWrite ){
    html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
    html_printf(b, "<h2 id=\"link-decision\">%s</h2>\n", T("projdoc.link_decision_heading"));
    html_printf(b, "<form method=\"post\" action=\"/projects/%lld/decisions\" novalidate>\n", p->id);
    form_csrf(r);
    struct choice_ctx x = { r, 0, 0 };
    domain_parse_id(zDecision, &x.sel);
    form_select_begin(r, e, "decision", "projdoc.decision_choose", "projdoc.decision_choose_hint");
    html_printf(b, "<option value=\"\">%s</option>\n", T("projdoc.choose"));
    project_decision_choices(r->db, &r->user, p->id, p->unitId, decision_option, &x);
    form_select_end(r);
    form_textarea(r, e, "note", "projdoc.decision_note", "projdoc.decision_note_hint", zNote ? zNote : "", 2);
    html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n</div></div>\n", T("projdoc.link_decision"));
  }
  html_printf(b, "<p><a href=\"/projects/%lld/documents\">%s</a></p>\n", p->id, T("projdoc.back_list"));
  page_end(r);
}

void page_projdoc_decisions(struct req *r){ decisions_page(r, 0, 0, 0); }

void page_projdoc_decision_link(struct req *r){
  const char *zDecision = req_form(r, "decision");
  const char *zNote = req_form(r, "note");
  struct field_errors e = {0};
  long long id = project_decision_link(r->db, &r->user, r->rec.pWork, zDecision, zNote, &e);
  if( form_result(r, id, "/projects/%lld/decisions", r->rec.pWork->id) ) decisions_page(r, &e, zDecision, zNote);
}

void page_projdoc_link_delete(struct req *r){
  long long id = project_link_delete(r->db, &r->user, r->rec.pWork, r->aId[1]);
  const char *zBack = req_form(r, "back");
  long long docId = zBack && strcmp(zBack, "follow-on")==0 ? project_doc_of_kind(r->db, r->rec.pWork->id, "closure") : 0;
  if( docId>0 ) form_result(r, id, "/projects/%lld/documents/%lld#follow-on", r->rec.pWork->id, docId);
  else form_result(r, id, "/projects/%lld/decisions", r->rec.pWork->id);
}
