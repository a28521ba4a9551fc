/* "Review of actions": the open actions of a unit raised before a
** meeting, shown on the meeting page and on the page of the meeting's
** standing item "Review of actions", for the meeting to go through one
** by one: reference, text, lead, status, the latest progress note and
** the due date with the overdue flag. action_list reads all of it in one
** statement (the latest note comes with each row), so the table costs
** one query however many actions there are. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/action.h"
#include "domain/meeting.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include <stdio.h>
#include <string.h>

#define REVIEW_MAX 100

struct review_ctx { struct req *r; const char *zLabelledBy; int n; };

static void review_row(void *pCtx, const struct action *a){
  struct review_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  /* A table on a wide screen, a block of labelled lines per action on a
  ** narrow one. */
  if( c->n++==0 ){
    page_scroll_begin(r, c->zLabelledBy);
    nhsuk_rtable_begin(b, "nhsuk-table--compact cc-actions", "review-actions", 0);
    nhsuk_rtable_header(b, T("agenda.action_ref"), false);
    nhsuk_rtable_header(b, T("agenda.action"), false);
    nhsuk_rtable_header(b, T("agenda.lead"), false);
    nhsuk_rtable_header(b, T("action.col_status"), false);
    nhsuk_rtable_header(b, T("review.latest_progress"), false);
    nhsuk_rtable_header(b, T("agenda.action_due"), false);
    nhsuk_table_body(b);
  }
  char zDue[48] = "", zOn[48] = "", zId[40];
  if( a->zDue[0] ) page_date(r, a->zDue, zDue);
  if( a->zLastProgressOn[0] ) page_date(r, a->zLastProgressOn, zOn);
  snprintf(zId, sizeof zId, "review-action-%lld", a->id);
  nhsuk_rtable_row_begin(b, a->bOverdue ? "cc-overdue" : 0, zId);
  nhsuk_rtable_cell_begin(b, 0, T("agenda.action_ref"));
  html_printf(b, "<a class=\"cc-nowrap\" href=\"/actions/%lld\">%s</a>", a->id, a->zRef);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, "cc-pre", T("agenda.action"));
  html_printf(b, "%s", a->zDescription);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, T("agenda.lead"), a->zLeadName);
  nhsuk_rtable_cell_begin(b, 0, T("action.col_status"));
  action_status_tag(r, a->zStatus);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("review.latest_progress"));
  if( a->zLastProgress[0] ){
    html_printf(b, "<span class=\"cc-pre\">%s</span><br><span class=\"nhsuk-body-s cc-nowrap\">%s</span>",
                a->zLastProgress, zOn);
  }else{
    html_printf(b, "%s", T("review.no_progress"));
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("agenda.action_due"));
  html_printf(b, "<span class=\"cc-nowrap\">%s</span>", zDue[0] ? zDue : T("review.no_due"));
  if( a->bOverdue ){
    html_printf(b, "<br>");
    nhsuk_tag(b, "red", T("action.overdue"));
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

int review_actions_table(struct req *r, const struct meeting *m, const char *zLabelledBy){
  struct action_filter f;
  memset(&f, 0, sizeof f);
  f.zStatus = "open";
  f.beforeMeetingId = m->id;
  f.nMax = REVIEW_MAX;
  struct review_ctx c = { r, zLabelledBy, 0 };
  action_list(r->db, m->unitId, &f, r->zToday, review_row, &c);
  if( c.n ){
    nhsuk_table_end(&r->body);
    page_scroll_end(r);
  }else{
    html_printf(&r->body, "<p id=\"review-none\">%s</p>\n", T("agenda.no_open_actions"));
  }
  return c.n;
}
