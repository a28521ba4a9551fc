/*
** A project's issues: what has gone wrong, with an owner, a priority and
** a due date, resolved with the resolution (/projects/{id}/issues). See
** domain/risk.h.
*/
#include "pages/pages.h"
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

static const char *priority_key(const char *z){
  if( strcmp(z, "high")==0 ) return "projissue.priority.high";
  if( strcmp(z, "low")==0 ) return "projissue.priority.low";
  return "projissue.priority.medium";
}
static const char *priority_colour(const char *z){
  if( strcmp(z, "high")==0 ) return "red";
  if( strcmp(z, "low")==0 ) return "grey";
  return "yellow";
}

static int crumbs(struct req *r, const struct project *p, struct crumb *a, char *zUnit, char *zList, char *zProj){
  snprintf(zUnit, 100, "/units/%s", p->zUnitSlug);
  snprintf(zList, 110, "/units/%s/projects", p->zUnitSlug);
  snprintf(zProj, 40, "/projects/%lld", p->id);
  a[0] = (struct crumb){"/", T("home.title")};
  a[1] = (struct crumb){zUnit, unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy)};
  a[2] = (struct crumb){zList, T("projissue.projects")};
  a[3] = (struct crumb){zProj, p->zTitle};
  return 4;
}

struct list_ctx { struct req *r; const struct project *p; int n; };

static void issue_out(void *pCtx, const struct issue_row *k){
  struct list_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    nhsuk_rtable_begin(b, 0, "issues", T("projissue.list_caption"));
    nhsuk_rtable_header(b, T("projissue.description"), false);
    nhsuk_rtable_header(b, T("projissue.owner"), false);
    nhsuk_rtable_header(b, T("projissue.priority"), false);
    nhsuk_rtable_header(b, T("projissue.raised_on"), false);
    nhsuk_rtable_header(b, T("projissue.due_on"), false);
    nhsuk_rtable_header(b, T("projissue.status"), false);
    html_printf(b, "</tr></thead><tbody class=\"nhsuk-table__body\">\n");
  }
  char zId[32], zD[48];
  snprintf(zId, sizeof zId, "issue-%lld", k->id);
  nhsuk_rtable_row_begin(b, 0, zId);
  nhsuk_rtable_cell_begin(b, 0, T("projissue.description"));
  html_printf(b, "<span class=\"cc-pre\">%s</span>", k->zDescription);
  if( k->zResolution[0] ) html_printf(b, "<br><span class=\"nhsuk-body-s\">%s: %s</span>", T("projissue.resolution"), k->zResolution);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, T("projissue.owner"), k->zOwnerName[0] ? k->zOwnerName : T("projissue.owner_none"));
  nhsuk_rtable_cell_begin(b, 0, T("projissue.priority"));
  nhsuk_tag(b, priority_colour(k->zPriority), T(priority_key(k->zPriority)));
  nhsuk_rtable_cell_end(b);
  page_date_short(r, k->zRaisedOn, zD);
  nhsuk_rtable_cell(b, T("projissue.raised_on"), zD);
  nhsuk_rtable_cell_begin(b, 0, T("projissue.due_on"));
  bool bOpen = strcmp(k->zStatus, "open")==0;
  if( k->zDueOn[0] ){
    page_date_short(r, k->zDueOn, zD);
    html_printf(b, "%s", zD);
    if( bOpen && strcmp(k->zDueOn, r->zToday)<0 ){ html_printf(b, " "); nhsuk_tag(b, "orange", T("projissue.overdue")); }
  }else html_printf(b, "%s", T("projissue.due_none"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("projissue.status"));
  if( bOpen ){
    nhsuk_tag(b, "blue", T("projissue.status.open"));
    if( c->p->bCanWrite ){
      html_printf(b, "<p class=\"nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0\"><a href=\"/projects/%lld/issues/%lld/edit\">%s"
                  "<span class=\"nhsuk-u-visually-hidden\"> %s</span></a> · <a href=\"/projects/%lld/issues/%lld/resolve\">%s"
                  "<span class=\"nhsuk-u-visually-hidden\"> %s</span></a></p>",
                  c->p->id, k->id, T("projissue.edit"), k->zDescription, c->p->id, k->id, T("projissue.resolve"), k->zDescription);
    }
  }else{
    char zR[48];
    page_date_short(r, k->zResolvedOn, zR);
    nhsuk_tag(b, "green", T("projissue.status.resolved"));
    html_printf(b, " <span class=\"nhsuk-body-s\">%s</span>", zR);
  }
  nhsuk_rtable_cell_end(b);
  html_printf(b, "</tr>\n");
}

void page_project_issues(struct req *r){
  const struct project *p = r->rec.pWork;
  char zUnit[100], zList[110], zProj[40], zTitle[1200];
  struct crumb aCrumb[4];
  int nCrumb = crumbs(r, p, aCrumb, zUnit, zList, zProj);
  snprintf(zTitle, sizeof zTitle, "%s – %s", T("projissue.title"), p->zTitle);
  page_begin(r, zTitle, aCrumb, nCrumb);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"issues-heading\">%s</h1>\n<p>%s</p>\n",
              p->zTitle, T("projissue.title"), T("projissue.intro"));
  if( p->bCanWrite ){
    html_printf(b, "<p><a class=\"nhsuk-button\" id=\"issue-new\" href=\"/projects/%lld/issues/new\">%s</a></p>\n", p->id, T("projissue.new"));
  }
  struct list_ctx c = { r, p, 0 };
  issue_list(r->db, p->id, issue_out, &c);
  if( c.n ) html_printf(b, "</tbody></table>\n");
  else html_printf(b, "<p id=\"issues-none\">%s</p>\n", T("projissue.none"));
  html_printf(b, "<p><a href=\"/projects/%lld/risks\">%s</a></p>\n", p->id, T("projissue.risks_link"));
  html_printf(b, "<p><a href=\"/projects/%lld\">%s</a></p>\n", p->id, T("projissue.back_project"));
  page_end(r);
}

/* ---- the form ---- */

struct issue_form { struct issue_input in; char zRaised[64], zDue[64]; };

static void form_read(struct req *r, struct issue_form *f){
  memset(f, 0, sizeof *f);
  f->in.zDescription = req_form(r, "description");
  f->in.zOwnerId = req_form(r, "owner");
  f->in.zPriority = req_form(r, "priority");
  if( !f->in.zDescription ) f->in.zDescription = "";
  if( !f->in.zOwnerId ) f->in.zOwnerId = "";
  if( !f->in.zPriority ) f->in.zPriority = "";
  form_date_value(r, "raised_on", f->zRaised);
  form_date_value(r, "due_on", f->zDue);
  f->in.zRaisedOn = f->zRaised;
  f->in.zDueOn = f->zDue;
}

static void issue_form(struct req *r, const struct project *p, long long issueId, const struct issue_input *in,
                       const struct field_errors *e){
  char zUnit[100], zList[110], zProj[40], zIssues[60];
  struct crumb aCrumb[5];
  int nCrumb = crumbs(r, p, aCrumb, zUnit, zList, zProj);
  snprintf(zIssues, sizeof zIssues, "/projects/%lld/issues", p->id);
  aCrumb[nCrumb++] = (struct crumb){zIssues, T("projissue.title")};
  page_form_begin(r, T(issueId ? "projissue.edit_title" : "projissue.new_title"), aCrumb, nCrumb, e, p->zTitle);
  struct buf *b = &r->body;
  if( issueId ) html_printf(b, "<form method=\"post\" action=\"/projects/%lld/issues/%lld/edit\" novalidate>\n", p->id, issueId);
  else html_printf(b, "<form method=\"post\" action=\"/projects/%lld/issues/new\" novalidate>\n", p->id);
  form_csrf(r);
  form_textarea(r, e, "description", "projissue.description", "projissue.description_hint", in->zDescription, 3);
  form_select_begin(r, e, "owner", "projissue.owner", "projissue.owner_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("projissue.owner_none"));
  page_member_options(r, p->unitId, in->zOwnerId);
  form_select_end(r);
  static const char *const azV[3] = {"high", "medium", "low"};
  static const char *const azK[3] = {"projissue.priority.high", "projissue.priority.medium", "projissue.priority.low"};
  form_radios(r, e, "priority", "projissue.priority", 0, 3, azV, azK, in->zPriority);
  form_date(r, e, "raised_on", "projissue.raised_on", "projissue.date_hint", in->zRaisedOn);
  form_date(r, e, "due_on", "projissue.due_on", "projissue.due_on_hint", in->zDueOn);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("projissue.save"));
  html_printf(b, "<p><a href=\"/projects/%lld/issues\">%s</a></p>\n</form>\n</div></div>\n", p->id, T("projissue.cancel"));
  page_end(r);
}

void page_project_issue_new(struct req *r){
  struct issue_input in = { "", "", "medium", r->zToday, "" };
  issue_form(r, r->rec.pWork, 0, &in, 0);
}

void page_project_issue_create(struct req *r){
  const struct project *p = r->rec.pWork;
  struct issue_form *f = xmalloc(sizeof *f);
  form_read(r, f);
  struct field_errors e = {0};
  long long id = issue_save(r->db, &r->user, p->unitId, p->id, 0, &f->in, r->zToday, (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/issues#issue-%lld", p->id, id) ) issue_form(r, p, 0, &f->in, &e);
  free(f);
}

/* The open issue {item} of the project, or NULL (404 shown). */
static struct issue_row *open_issue(struct req *r){
  struct issue_row *k = xmalloc(sizeof *k);
  if( !issue_get(r->db, r->aId[1], k) || k->projectId!=r->rec.pWork->id || strcmp(k->zStatus, "open")!=0 ){
    free(k);
    page_not_found(r);
    return 0;
  }
  return k;
}

void page_project_issue_edit(struct req *r){
  struct issue_row *k = open_issue(r);
  if( !k ) return;
  char zOwner[24] = "";
  if( k->ownerPersonId ) snprintf(zOwner, sizeof zOwner, "%lld", k->ownerPersonId);
  struct issue_input in = { k->zDescription, zOwner, k->zPriority, k->zRaisedOn, k->zDueOn };
  issue_form(r, r->rec.pWork, k->id, &in, 0);
  free(k);
}

void page_project_issue_update(struct req *r){
  const struct project *p = r->rec.pWork;
  struct issue_row *k = open_issue(r);
  if( !k ) return;
  struct issue_form *f = xmalloc(sizeof *f);
  form_read(r, f);
  struct field_errors e = {0};
  long long id = issue_save(r->db, &r->user, p->unitId, p->id, k->id, &f->in, r->zToday, (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/issues#issue-%lld", p->id, k->id) ) issue_form(r, p, k->id, &f->in, &e);
  free(f);
  free(k);
}

static void resolve_form(struct req *r, const struct project *p, const struct issue_row *k, const char *zResolution,
                         const struct field_errors *e){
  char zUnit[100], zList[110], zProj[40], zIssues[60];
  struct crumb aCrumb[5];
  int nCrumb = crumbs(r, p, aCrumb, zUnit, zList, zProj);
  snprintf(zIssues, sizeof zIssues, "/projects/%lld/issues", p->id);
  aCrumb[nCrumb++] = (struct crumb){zIssues, T("projissue.title")};
  page_form_begin(r, T("projissue.resolve_title"), aCrumb, nCrumb, e, p->zTitle);
  struct buf *b = &r->body;
  html_printf(b, "<p class=\"cc-pre\" id=\"issue-description\">%s</p>\n", k->zDescription);
  html_printf(b, "<form method=\"post\" action=\"/projects/%lld/issues/%lld/resolve\" novalidate>\n", p->id, k->id);
  form_csrf(r);
  form_textarea(r, e, "resolution", "projissue.resolution", "projissue.resolution_hint", zResolution, 3);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("projissue.resolve"));
  html_printf(b, "<p><a href=\"/projects/%lld/issues\">%s</a></p>\n</form>\n</div></div>\n", p->id, T("projissue.cancel"));
  page_end(r);
}

void page_project_issue_resolve_form(struct req *r){
  struct issue_row *k = open_issue(r);
  if( !k ) return;
  resolve_form(r, r->rec.pWork, k, "", 0);
  free(k);
}

void page_project_issue_resolve(struct req *r){
  const struct project *p = r->rec.pWork;
  struct issue_row *k = open_issue(r);
  if( !k ) return;
  const char *zRes = req_form(r, "resolution");
  if( !zRes ) zRes = "";
  struct field_errors e = {0};
  long long id = issue_resolve(r->db, &r->user, p->unitId, k->id, zRes, r->zToday, (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/issues#issue-%lld", p->id, k->id) ) resolve_form(r, p, k, zRes, &e);
  free(k);
}
