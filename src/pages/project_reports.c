/*
** A project's highlight report for a meeting (/projects/{id}/highlight):
** choose an upcoming meeting of the project's group or of the PCPG above
** it; the report is drafted from live data and put on that meeting's
** agenda (domain/project_report.h). The agenda item's page links back to
** the report.
*/
#include "pages/pages.h"
#include "domain/domain_write.h"
#include "domain/project.h"
#include "domain/project_report.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const azFieldKey[HIGHLIGHT_NFIELD] = {
  "risk.highlight.field.summary", "risk.highlight.field.achieved", "risk.highlight.field.next",
  "risk.highlight.field.budget", "risk.highlight.field.risks_issues", "risk.highlight.field.decisions_needed",
};

struct meet_ctx { struct req *r; long long sel; int n; };
static void meeting_option(void *pCtx, const struct meeting *m){
  struct meet_ctx *c = pCtx;
  struct req *r = c->r;
  char zD[48], zId[24];
  page_date(r, m->zStartsAt, zD);
  snprintf(zId, sizeof zId, "%lld", m->id);
  html_printf(&r->body, "<option value=\"%s\"%s>%s, %s %s – %s</option>\n", zId, c->sel==m->id ? " selected" : "",
              m->zTitle, zD, m->zStartsAt + 11, unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy));
  c->n++;
}

struct prev_ctx { struct req *r; int n; };

struct done_ctx { struct req *r; long long projectId; };
static void done_banner(void *pCtx, const struct phighlight *h){
  struct done_ctx *c = pCtx;
  struct req *r = c->r;
  html_printf(&r->body,
    "<div class=\"nhsuk-notification-banner nhsuk-notification-banner--success\" role=\"alert\""
    " aria-labelledby=\"highlight-banner-title\" id=\"highlight-banner\">\n<div class=\"nhsuk-notification-banner__header\">\n"
    "<h2 class=\"nhsuk-notification-banner__title\" id=\"highlight-banner-title\">%s</h2>\n</div>\n"
    "<div class=\"nhsuk-notification-banner__content\">\n<p class=\"nhsuk-notification-banner__heading\">%s</p>\n"
    "<p><a id=\"highlight-doc\" href=\"/projects/%lld/documents/%lld\">%s</a></p>\n"
    "<p><a id=\"highlight-item\" href=\"/meetings/%lld/items/%lld\">%s</a></p>\n</div>\n</div>\n",
    T("risk.banner_title"), T("risk.highlight.done"), c->projectId, h->id, T("risk.highlight.open_doc"),
    h->meetingId, h->itemId, h->zMeetingTitle);
}

struct earlier_ctx { struct req *r; long long projectId; int n; };
static void earlier_one(void *pCtx, const struct phighlight *h){
  struct earlier_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"earlier-heading\">%s</h2>\n<ul class=\"nhsuk-list\" id=\"highlight-earlier\">\n",
                T("risk.highlight.earlier"));
  }
  char zD[48];
  page_date(r, h->zPeriodTo, zD);
  html_printf(b, "<li><a href=\"/projects/%lld/documents/%lld\">%s</a>", c->projectId, h->id, zD);
  if( h->meetingId ){
    html_printf(b, " – <a href=\"/meetings/%lld/items/%lld\">%s</a>", h->meetingId, h->itemId, h->zMeetingTitle);
  }
  html_printf(b, "</li>\n");
}

static void highlight_page(struct req *r, long long sel, const struct field_errors *e){
  const struct project *p = r->rec.pWork;
  char zUnit[100], zList[110], zProj[40];
  snprintf(zUnit, sizeof zUnit, "/units/%s", p->zUnitSlug);
  snprintf(zList, sizeof zList, "/units/%s/projects", p->zUnitSlug);
  snprintf(zProj, sizeof zProj, "/projects/%lld", p->id);
  struct crumb aCrumb[4] = {{"/", T("home.title")}, {zUnit, unit_name_in(r->lang, p->zUnitName, p->zUnitNameCy)},
                            {zList, T("risk.projects")}, {zProj, p->zTitle}};
  page_form_begin(r, T("risk.highlight.title"), aCrumb, 4, e, p->zTitle);
  struct buf *b = &r->body;
  long long doneId = req_query_int(r, "done", 0);
  if( doneId>0 ){
    struct done_ctx c = { r, p->id };
    project_highlight_get(r->db, p->id, doneId, done_banner, &c);
  }
  html_printf(b, "<p>%s</p>\n", T("risk.highlight.intro"));

  /* What it would say now. */
  struct buf ab[HIGHLIGHT_NFIELD];
  memset(ab, 0, sizeof ab);
  char zSince[11] = "";
  project_highlight_since(r->db, p->id, zSince);
  if( project_highlight_texts(r->db, p, r->zToday, zSince, r->lang, ab) ){
    html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"preview-heading\">%s</h2>\n", T("risk.highlight.preview"));
    nhsuk_summary_begin(b, "highlight-preview");
    for(int i = 0; i < HIGHLIGHT_NFIELD; i++) nhsuk_summary_row(b, T(azFieldKey[i]), buf_cstr(&ab[i]), true);
    nhsuk_summary_end(b);
  }
  for(int i = 0; i < HIGHLIGHT_NFIELD; i++) buf_free(&ab[i]);

  if( p->bCanWrite ){
    char zNow[17];
    text_local_now(zNow);
    html_printf(b, "<form method=\"post\" action=\"/projects/%lld/highlight\" novalidate>\n", p->id);
    form_csrf(r);
    form_select_begin(r, e, "meeting", "risk.highlight.meeting", "risk.highlight.meeting_hint");
    html_printf(b, "<option value=\"\">%s</option>\n", T("risk.choose"));
    struct meet_ctx c = { r, sel, 0 };
    project_report_meetings(r->db, &r->user, p, r->zToday, zNow, 30, meeting_option, &c);
    form_select_end(r);
    if( c.n==0 ) html_printf(b, "<p id=\"highlight-no-meetings\">%s</p>\n", T("risk.highlight.no_meetings"));
    html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("risk.highlight.draft"));
  }

  /* Earlier ones. */
  struct earlier_ctx x = { r, p->id, 0 };
  project_highlights_each(r->db, p->id, earlier_one, &x);
  int n = x.n;
  if( n ) html_printf(b, "</ul>\n");
  html_printf(b, "<p><a href=\"/projects/%lld\">%s</a></p>\n</div></div>\n", p->id, T("risk.back_project"));
  page_end(r);
}

void page_project_highlight(struct req *r){ highlight_page(r, 0, 0); }

void page_project_highlight_draft(struct req *r){
  const struct project *p = r->rec.pWork;
  long long meetingId = 0;
  struct field_errors e = {0};
  if( !domain_parse_id(req_form(r, "meeting"), &meetingId) ){
    field_errors_add(&e, "meeting", "risk.highlight.error.meeting_required");
    r->status = 400;
    highlight_page(r, 0, &e);
    return;
  }
  char zNow[17];
  text_local_now(zNow);
  long long itemId = 0;
  long long id = project_highlight_draft(r->db, &r->user, p, meetingId, r->lang, r->zToday, zNow,
                                         (long long)time(0), &e, &itemId);
  if( form_result(r, id, "/projects/%lld/highlight?done=%lld", p->id, id) ) highlight_page(r, meetingId, &e);
}

/* ---- the line on an agenda item's page ---- */

void project_report_item_link(struct req *r, long long itemId){
  long long projectId = 0;
  long long docId = project_report_of_item(r->db, itemId, &projectId);
  if( !docId ) return;
  html_printf(&r->body, "<p id=\"item-project-report\"><a href=\"/projects/%lld/documents/%lld\">%s</a></p>\n",
              projectId, docId, T("risk.highlight.item_link"));
}
