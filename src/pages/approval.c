/* The record of a meeting on the pages that write it (when it becomes
** possible, and the correction of a locked record), and the approval of
** the minutes of the last meeting at the next one, from its "Minutes of
** the last meeting" item, with a confirmation page. */
#include "pages/pages.h"
#include "domain/decision.h"
#include "domain/meeting.h"
#include "domain/record.h"
#include "html/nhsuk.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <string.h>

/* "8 December 2026" from a meeting start "2026-12-08T14:00". */
static void day_of(struct req *r, const char *zStartsAt, char zOut[48]){
  char zDay[11];
  snprintf(zDay, sizeof zDay, "%.10s", zStartsAt);
  page_date(r, zDay, zOut);
}

static enum record_state state_of(const struct meeting *m){
  return record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0);
}

bool record_form_closed(struct req *r, const struct meeting *m){
  if( state_of(m)!=RECORD_AHEAD ) return false;
  char zDate[48];
  day_of(r, m->zStartsAt, zDate);
  html_printf(&r->body, "<p class=\"cc-record-opens\">");
  html_printf_t(&r->body, TF("record.opens_at"), zDate, m->zStartsAt+11);
  html_printf(&r->body, "</p>\n");
  return true;
}

void record_locked_inset(struct req *r, const struct meeting *m){
  if( state_of(m)!=RECORD_LOCKED ) return;
  nhsuk_inset(&r->body, T("record.locked_label"), T("record.locked_text"));
}

void record_reason_field(struct req *r, const struct meeting *m, const char *zPrefix, const char *zForm,
                         const struct field_errors *e, bool bTyped){
  if( state_of(m)!=RECORD_LOCKED ) return;
  struct buf *b = &r->body;
  const char *zErr = e ? field_errors_get(e, "correction_reason") : 0;
  /* The form that failed has the id its error summary links to; the
  ** others on the page one of their own. */
  char zId[96];
  if( bTyped ) snprintf(zId, sizeof zId, "%scorrection_reason", zPrefix);
  else snprintf(zId, sizeof zId, "%s%s-correction_reason", zPrefix, zForm);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<label class=\"nhsuk-label\" for=\"%s\">%s</label>\n"
              "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n",
              zErr ? " nhsuk-form-group--error" : "", zId, T("record.correction_reason"),
              zId, T("record.correction_reason_hint"));
  if( zErr ){
    html_printf(b, "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                zId, T("error.prefix"), T(zErr));
  }
  html_printf(b, "<textarea class=\"nhsuk-textarea%s\" id=\"%s\" name=\"correction_reason\" rows=\"2\" aria-describedby=\"%s-hint%s%s%s\">%s</textarea>\n</div>\n",
              zErr ? " nhsuk-textarea--error" : "", zId, zId, zErr ? " " : "", zErr ? zId : "", zErr ? "-error" : "",
              bTyped && req_form(r, "correction_reason") ? req_form(r, "correction_reason") : "");
}

/* ---- approving the minutes of the last meeting --------------------------- */

void approval_section(struct req *r, const struct meeting *m, const struct agenda_item *it){
  if( strcmp(it->zStanding, "minutes")!=0 ) return;
  struct buf *b = &r->body;
  html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"i%lld-sec-approval\">%s</h2>\n", it->id, T("approval.title"));
  struct meeting prev;
  if( !meeting_previous(r->db, m->id, &prev) ){
    html_printf(b, "<p>%s</p>\n", T("approval.no_previous"));
    return;
  }
  char zPrev[48];
  day_of(r, prev.zStartsAt, zPrev);
  html_printf(b, "<p><a href=\"/meetings/%lld/minutes\">", prev.id);
  html_printf_t(b, TF("approval.previous_link"), zPrev);
  html_printf(b, "</a></p>\n");
  if( strcmp(prev.zMinutesStatus, "approved")==0 ){
    char zByStart[17];
    long long byId = minutes_approved_by(r->db, prev.id, zByStart);
    html_printf(b, "<p>");
    nhsuk_tag(b, "green", T("minutes.status_approved"));
    if( byId ){
      char zBy[48];
      day_of(r, zByStart, zBy);
      html_printf(b, " <a href=\"/meetings/%lld\">", byId);
      html_printf_t(b, TF("approval.approved_at"), zBy);
      html_printf(b, "</a>");
    }
    html_printf(b, "</p>\n");
    return;
  }
  html_printf(b, "<p>");
  nhsuk_tag(b, strcmp(prev.zMinutesStatus, "draft")==0 ? "yellow" : "grey",
            T(strcmp(prev.zMinutesStatus, "draft")==0 ? "minutes.status_draft" : "minutes.status_none"));
  html_printf(b, "</p>\n");
  if( !access_can_write(r->db, &r->user, m->unitId, r->zToday) ) return;
  enum record_state st = state_of(m);
  if( st==RECORD_AHEAD ){
    char zDate[48];
    day_of(r, m->zStartsAt, zDate);
    html_printf(b, "<p class=\"cc-record-opens\">");
    html_printf_t(b, TF("approval.opens_at"), zDate, m->zStartsAt+11);
    html_printf(b, "</p>\n");
  }else if( st==RECORD_OPEN ){
    html_printf(b, "<p>%s</p>\n<a class=\"nhsuk-button\" href=\"/meetings/%lld/items/%lld/approve-minutes\">%s</a>\n",
                T("approval.hint"), m->id, it->id, T("approval.button"));
  }
}

/* The confirmation page: "Approve the minutes of the meeting of 10
** November 2026?" with the button that approves them. */
static void confirm_page(struct req *r, const struct field_errors *e){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  if( strcmp(it->zStanding, "minutes")!=0 ){ page_not_found(r); return; }
  struct meeting prev;
  bool bPrev = meeting_previous(r->db, m->id, &prev);
  char zPrev[48] = "", zTitle[300], zItemHref[80];
  if( bPrev ) day_of(r, prev.zStartsAt, zPrev);
  snprintf(zTitle, sizeof zTitle, T(bPrev ? "approval.confirm_title" : "approval.no_previous"), zPrev);
  snprintf(zItemHref, sizeof zItemHref, "/meetings/%lld/items/%lld", m->id, it->id);
  char zMeetingHref[64];
  snprintf(zMeetingHref, sizeof zMeetingHref, "/meetings/%lld", m->id);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zMeetingHref, m->zTitle}, {zItemHref, T("standing.minutes")}};
  char zPageTitle[400];
  if( e && e->n ) snprintf(zPageTitle, sizeof zPageTitle, "%s: %s", T("error.prefix"), zTitle);
  else snprintf(zPageTitle, sizeof zPageTitle, "%s", zTitle);
  page_begin(r, zPageTitle, aCrumb, 3);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary(r, e);
  char zHere[48];
  day_of(r, m->zStartsAt, zHere);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s, %s</span>\n<h1>%s</h1>\n", m->zTitle, zHere, zTitle);
  if( bPrev ){
    html_printf(b, "<p><a href=\"/meetings/%lld/minutes\">", prev.id);
    html_printf_t(b, TF("approval.previous_link"), zPrev);
    html_printf(b, "</a></p>\n");
    html_printf(b, "<p>");
    html_printf_t(b, TF("approval.confirm_body"), zHere);
    html_printf(b, "</p>\n");
    const char *zErr = e ? field_errors_get(e, "approve") : 0;
    html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/items/%lld/approve-minutes\" novalidate>\n", m->id, it->id);
    form_csrf(r);
    html_printf(b, "<div class=\"nhsuk-form-group%s\">\n", zErr ? " nhsuk-form-group--error" : "");
    if( zErr ){
      html_printf(b, "<span class=\"nhsuk-error-message\" id=\"approve-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                  T("error.prefix"), T(zErr));
    }
    html_printf(b, "<button class=\"nhsuk-button\" id=\"approve\" type=\"submit\"%s>%s</button>\n</div>\n</form>\n",
                zErr ? " aria-describedby=\"approve-error\"" : "", T("approval.confirm_button"));
  }
  html_printf(b, "<p><a href=\"%s\">%s</a></p>\n", zItemHref, T("approval.cancel"));
  html_printf(b, "</div></div>\n");
  page_end(r);
}

void page_minutes_approval(struct req *r){
  confirm_page(r, 0);
}

void page_minutes_approval_post(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  if( strcmp(it->zStanding, "minutes")!=0 ){ page_not_found(r); return; }
  struct field_errors e = {0};
  if( minutes_approve(r->db, &r->user, m, it->id, r->zToday, &e) ){
    char z[160];
    snprintf(z, sizeof z, "/meetings/%lld/items/%lld#i%lld-sec-approval", m->id, it->id, it->id);
    req_redirect(r, z);
    return;
  }
  r->status = 400;
  confirm_page(r, &e);
}
