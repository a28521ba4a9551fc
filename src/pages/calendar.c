/*
** Exports of a meeting: the .ics file, the agenda pack and the minutes as
** PDF, publishing the pack and who it was sent to (its circulation); and
** each person's private calendar feed. The files are made in
** src/domain/export_meeting.c and export_pdf.c, the messages in
** src/domain/circulate.c.
*/
#include "pages/pages.h"
#include "web/req.h"
#include "domain/circulate.h"
#include "domain/export_meeting.h"
#include "domain/meeting.h"
#include "domain/outbox.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>

/* Send the body as a file to save, named after the unit and the date. */
static void as_file(struct req *r, const char *zType, const struct meeting *m, const char *zWhat,
                    const char *zExt){
  char zHeader[200];
  r->status = 200;
  r->zContentType = zType;
  snprintf(zHeader, sizeof zHeader, "attachment; filename=\"%s-%.10s-%s.%s\"",
           m->zUnitSlug, m->zStartsAt, zWhat, zExt);
  req_add_header(r, "Content-Disposition", zHeader);
}

void page_meeting_ics(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  if( !export_meeting_ics(r->db, &r->user, m, r->lang, &r->body) ){
    page_error(r, 500, "pdf.error_title", "error.not_saved");
    return;
  }
  as_file(r, "text/calendar; charset=utf-8", m, "meeting", "ics");
}

static void meeting_pdf(struct req *r, enum export_pdf_kind kind){
  const struct meeting *m = &r->rec.meeting;
  char zErr[300];
  /* The pack's Word and Excel papers link to the service's own address
  ** (serve --base-url); without one, they are named only. */
  if( !export_meeting_pdf(r->db, &r->user, m, kind, r->lang, outbox_base_url(), &r->body, zErr, sizeof zErr) ){
    fprintf(stderr, "carecluster: meeting %lld: %s\n", m->id, zErr);
    page_error(r, 500, "pdf.error_title", "pdf.error_body");
    return;
  }
  as_file(r, "application/pdf", m, kind==EXPORT_PDF_PACK ? "agenda" : "minutes", "pdf");
}
void page_meeting_pack_pdf(struct req *r){ meeting_pdf(r, EXPORT_PDF_PACK); }
void page_meeting_minutes_pdf(struct req *r){ meeting_pdf(r, EXPORT_PDF_MINUTES); }

void page_meeting_publish(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  switch( meeting_publish_pack(r->db, &r->user, m, r->zToday) ){
    case PUBLISH_OK: break;
    case PUBLISH_NOT_ALLOWED:
      page_error(r, 404, "error.not_found_title", "error.not_found_body");
      return;
    case PUBLISH_CANCELLED:
      page_error(r, 409, "pdf.cannot_publish", "error.meeting_cancelled");
      return;
    case PUBLISH_FAILED:
      page_error(r, 500, "pdf.cannot_publish", "error.not_saved");
      return;
  }
  /* What was sent, to whom, as it goes; or, with nothing sent, the date. */
  char z[80];
  if( outbox_enabled() ) snprintf(z, sizeof z, "/meetings/%lld/circulation", m->id);
  else snprintf(z, sizeof z, "/meetings/%lld#exports", m->id);
  req_redirect(r, z);
}

/* Circulation is off: the one sentence every page about it says. */
static void circulation_off(struct req *r, const char *zId){
  nhsuk_inset_begin(&r->body, zId, 0);
  html_printf(&r->body, "<p>%s</p>", T("circulation.off"));
  nhsuk_inset_end(&r->body);
}

struct count_ctx { int nAddress, nNone; };
static void count_person(void *pCtx, const struct circulate_person *c){
  struct count_ctx *x = pCtx;
  if( c->to.zEmail[0] ) x->nAddress++; else x->nNone++;
}

void page_meeting_exports(struct req *r, const struct meeting *m){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"exports\">%s</h2>\n<ul class=\"nhsuk-list\">\n", T("pdf.exports"));
  html_printf(b, "<li><a href=\"/meetings/%lld/calendar.ics\">%s</a></li>\n", m->id, T("calendar.add"));
  html_printf(b, "<li><a href=\"/meetings/%lld/pack.pdf\">%s</a></li>\n", m->id, T("pdf.pack_link"));
  html_printf(b, "<li><a href=\"/meetings/%lld/minutes.pdf\">%s</a></li>\n</ul>\n", m->id, T("pdf.minutes_link"));
  if( m->packPublishedAt>0 ){
    char zWhen[80];
    i18n_moment(r->lang, m->packPublishedAt, zWhen, sizeof zWhen);
    html_printf(b, "<p>");
    html_printf_t(b, TF("pdf.published_on"), zWhen);
    html_printf(b, "</p>\n");
  }else{
    html_printf(b, "<p>%s</p>\n", T("pdf.not_published_yet"));
  }
  /* The rest names who is sent what: for those who may write to the unit. */
  if( !access_can_write(r->db, &r->user, m->unitId, r->zToday) ) return;
  if( strcmp(m->zStatus, "cancelled")!=0 ){
    html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/publish\">\n", m->id);
    form_csrf(r);
    if( outbox_enabled() ){
      struct count_ctx c = {0};
      circulate_pack_recipients(r->db, m, count_person, &c);
      html_printf(b, "<p class=\"nhsuk-body-s\" id=\"publish-hint\">");
      html_printf_t(b, TF("circulation.publish_hint"), c.nAddress);
      if( c.nNone>0 ){
        html_printf(b, " ");
        html_printf_t(b, TF("circulation.publish_no_address"), c.nNone);
      }
      html_printf(b, "</p>\n");
    }else{
      /* Says what publishing does while nothing is sent. */
      circulation_off(r, "circulation-off");
    }
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
                T(m->packPublishedAt>0 ? "pdf.publish_again" : "pdf.publish"));
  }
  html_printf(b, "<p><a href=\"/meetings/%lld/circulation\" id=\"circulation-link\">%s</a></p>\n",
              m->id, T("circulation.link"));
}

/* ---- circulation ---------------------------------------------------------- */

void page_outbox_state(struct req *r, const struct outbox_row *o){
  struct buf *b = &r->body;
  char zWhen[64];
  const char *z = o->zStatus;
  if( strcmp(z, "queued")==0 && o->attempts==0 ){
    nhsuk_tag(b, "grey", T("circulation.state.queued"));
  }else if( strcmp(z, "sending")==0 ){
    nhsuk_tag(b, "blue", T("circulation.state.sending"));
  }else if( strcmp(z, "queued")==0 ){
    nhsuk_tag(b, "yellow", T("circulation.state.retrying"));
    page_time(r, o->nextAttemptAt, zWhen);
    html_printf(b, " <span class=\"nhsuk-body-s\">");
    html_printf_t(b, TF("circulation.state.retrying_detail"), o->attempts, o->zError, zWhen);
    html_printf(b, "</span>");
  }else if( strcmp(z, "sent")==0 || strcmp(z, "digested")==0 ){
    nhsuk_tag(b, "green", T(strcmp(z, "sent")==0 ? "circulation.state.sent" : "circulation.state.digested"));
    if( o->sentAt>0 ){
      page_time(r, o->sentAt, zWhen);
      html_printf(b, " <span class=\"nhsuk-body-s\">%s</span>", zWhen);
    }
  }else if( strcmp(z, "failed")==0 ){
    nhsuk_tag(b, "red", T("circulation.state.failed"));
    html_printf(b, " <span class=\"nhsuk-body-s\">%s</span>", o->zError);
  }else if( strcmp(z, "held")==0 ){
    nhsuk_tag(b, "white", T("circulation.state.held"));
  }else{
    html_printf(b, "%s", z);
  }
}

/* What a message is, in the reader's language: its kind when the
** catalogue names it, then its subject as it was sent. */
static void message_cell(struct req *r, const struct outbox_row *o){
  struct buf *b = &r->body;
  char zKey[64];
  snprintf(zKey, sizeof zKey, "circulation.kind.%s", o->zKind);
  if( i18n_has(r->lang, zKey) ) html_printf(b, "<strong>%s</strong><br>", T(zKey));
  html_printf(b, "<span class=\"nhsuk-body-s\">%s", o->zSubject);
  if( o->bAttachment ) html_printf(b, " · %s", T("circulation.with_pack"));
  if( o->bInvitation ) html_printf(b, " · %s", T("circulation.with_invitation"));
  html_printf(b, "</span>");
}

struct sent_ctx {
  struct req *r;
  bool bDraw;                /* false: count only */
  int n, nSent, nWaiting, nFailed, nHeld;
  const char *azHead[4];
};
static void sent_row(void *pCtx, const struct outbox_row *o){
  struct sent_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( !c->bDraw ){
    c->n++;
    if( strcmp(o->zStatus, "sent")==0 || strcmp(o->zStatus, "digested")==0 ) c->nSent++;
    else if( strcmp(o->zStatus, "failed")==0 ) c->nFailed++;
    else if( strcmp(o->zStatus, "held")==0 ) c->nHeld++;
    else c->nWaiting++;
    return;
  }
  if( c->n++==0 ){
    nhsuk_rtable_begin(b, "cc-keep-headings", "circulation", 0);
    for(int k=0; k<4; k++) nhsuk_rtable_header(b, c->azHead[k], false);
    nhsuk_table_body(b);
  }
  char zWhen[64];
  page_time(r, o->createdAt, zWhen);
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, c->azHead[0]);
  html_printf(b, "%s<br><span class=\"nhsuk-body-s\">%s</span>", o->zToName, o->zTo);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, c->azHead[1]);
  message_cell(r, o);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, c->azHead[2], zWhen);
  nhsuk_rtable_cell_begin(b, 0, c->azHead[3]);
  page_outbox_state(r, o);
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

struct none_ctx { struct req *r; int n; };
static void no_address_row(void *pCtx, const struct circulate_person *p){
  struct none_ctx *c = pCtx;
  struct req *r = c->r;
  if( p->to.zEmail[0] ) return;
  if( c->n++==0 ){
    html_printf(&r->body, "<h2 id=\"no-address-heading\">%s</h2>\n<p>%s</p>\n<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"no-address\">\n",
                T("circulation.no_address_title"), T("circulation.no_address_intro"));
  }
  html_printf(&r->body, "<li>");
  html_printf_t(&r->body, TF("circulation.no_address"), p->to.zName);
  html_printf(&r->body, "</li>\n");
}

void page_meeting_circulation(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  char zUnitHref[100], zMeetingHref[64], zTitle[700];
  snprintf(zUnitHref, sizeof zUnitHref, "/units/%s/meetings", m->zUnitSlug);
  snprintf(zMeetingHref, sizeof zMeetingHref, "/meetings/%lld", m->id);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zUnitHref, unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy)},
                            {zMeetingHref, m->zTitle}};
  meeting_page_title(r, m, T("circulation.title"), false, zTitle, sizeof zTitle);
  page_begin(r, zTitle, aCrumb, 3);
  struct buf *b = &r->body;
  char zDay[11], zDate[48];
  snprintf(zDay, sizeof zDay, "%.10s", m->zStartsAt);
  page_date(r, zDay, zDate);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s, %s</span>\n<h1>%s</h1>\n", m->zTitle, zDate, T("circulation.title"));
  html_printf(b, "<p>%s</p>\n", T("circulation.intro"));
  if( !outbox_enabled() ) circulation_off(r, "circulation-off");
  if( m->packPublishedAt>0 ){
    char zWhen[80];
    i18n_moment(r->lang, m->packPublishedAt, zWhen, sizeof zWhen);
    html_printf(b, "<p>");
    html_printf_t(b, TF("pdf.published_on"), zWhen);
    html_printf(b, "</p>\n");
  }else{
    html_printf(b, "<p>%s</p>\n", T("pdf.not_published_yet"));
  }

  html_printf(b, "<h2 id=\"circulation-heading\">%s</h2>\n", T("circulation.messages"));
  /* The counts above the table, the rows in it: two readings of the list. */
  struct sent_ctx c = { r, false, 0, 0, 0, 0, 0,
    { T("circulation.to"), T("circulation.message"), T("circulation.queued_at"), T("circulation.state") } };
  outbox_list_meeting(r->db, m->id, sent_row, &c);
  if( c.n ){
    nhsuk_summary_begin(b, "circulation-counts");
    char zN[32];
    snprintf(zN, sizeof zN, "%d", c.nSent);
    nhsuk_summary_row(b, T("circulation.count_sent"), zN, false);
    snprintf(zN, sizeof zN, "%d", c.nWaiting);
    nhsuk_summary_row(b, T("circulation.count_waiting"), zN, false);
    if( c.nHeld ){
      snprintf(zN, sizeof zN, "%d", c.nHeld);
      nhsuk_summary_row(b, T("circulation.count_held"), zN, false);
    }
    snprintf(zN, sizeof zN, "%d", c.nFailed);
    nhsuk_summary_row(b, T("circulation.count_failed"), zN, false);
    nhsuk_summary_end(b);
    c.bDraw = true;
    c.n = 0;
    outbox_list_meeting(r->db, m->id, sent_row, &c);
    if( c.n ) nhsuk_table_end(b);
  }else{
    html_printf(b, "<p id=\"circulation-none\">%s</p>\n", T("circulation.none"));
  }

  struct none_ctx nc = { r, 0 };
  circulate_pack_recipients(r->db, m, no_address_row, &nc);
  if( nc.n ) html_printf(b, "</ul>\n");
  html_printf(b, "<p><a href=\"/meetings/%lld#exports\">%s</a></p>\n", m->id, T("decision.back_to_meeting"));
  page_end(r);
}

/* ---- the personal calendar feed ------------------------------------------- */

void page_calendar_feed(struct req *r){
  const struct user *u = &r->rec.feedUser;
  enum lang lang = LANG_EN;
  i18n_parse_lang(u->zLang, &lang);
  export_feed_ics(r->db, u, r->zToday, lang, &r->body);
  r->status = 200;
  r->zContentType = "text/calendar; charset=utf-8";
  req_add_header(r, "Content-Disposition", "inline; filename=\"carecluster.ics\"");
}

/* The host the person reached us on, if it looks like a host name. */
static const char *request_host(struct req *r){
  const char *z = req_header(r, "Host");
  if( !z || !*z || strlen(z)>200 ) return 0;
  for(const char *p=z; *p; p++){
    if( !((*p>='a' && *p<='z') || (*p>='A' && *p<='Z') || (*p>='0' && *p<='9')
          || *p=='.' || *p=='-' || *p==':' || *p=='[' || *p==']') ) return 0;
  }
  return z;
}

/* The page; zToken is the new feed's token just made, or NULL. */
static void calendar_page(struct req *r, const char *zToken){
  page_begin(r, T("calendar.title"), (struct crumb[]){{"/", T("home.title")}}, 1);
  struct buf *b = &r->body;
  html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", T("calendar.title"), T("calendar.intro"));
  long long createdAt = 0;
  bool bExists = calendar_feed_exists(r->db, &r->user, &createdAt);
  if( zToken ){
    char zUrl[400];
    const char *zHost = request_host(r);
    if( zHost ){
      snprintf(zUrl, sizeof zUrl, "%s://%s/calendar/%s/meetings.ics", r->bTls ? "https" : "http", zHost, zToken);
    }else{
      snprintf(zUrl, sizeof zUrl, "/calendar/%s/meetings.ics", zToken);
    }
    nhsuk_inset_begin(b, 0, 0);
    html_printf(b,
      "\n<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label nhsuk-label--s\" for=\"feed-url\">%s</label>\n"
      "<div class=\"nhsuk-hint\" id=\"feed-url-hint\">%s</div>\n"
      "<input class=\"nhsuk-input\" id=\"feed-url\" name=\"feed-url\" type=\"text\" readonly spellcheck=\"false\""
      " aria-describedby=\"feed-url-hint\" value=\"%s\"></div>\n",
      T("calendar.your_address"), T("calendar.copy_hint"), zUrl);
    nhsuk_inset_end(b);
  }else if( bExists ){
    char zWhen[80];
    i18n_moment(r->lang, createdAt, zWhen, sizeof zWhen);
    html_printf(b, "<p>");
    html_printf_t(b, TF("calendar.exists"), zWhen);
    html_printf(b, "</p>\n");
  }else{
    html_printf(b, "<p>%s</p>\n", T("calendar.none"));
  }
  nhsuk_warning_callout(b, 2, T("calendar.important"), T("calendar.secret"));
  html_printf(b, "<form method=\"post\" action=\"/calendar\">\n");
  form_csrf(r);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\" name=\"action\" value=\"create\">%s</button>\n</form>\n",
              T(bExists ? "calendar.regenerate" : "calendar.create"));
  if( bExists ){
    html_printf(b, "<form method=\"post\" action=\"/calendar\">\n");
    form_csrf(r);
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\" name=\"action\" value=\"stop\">%s</button>\n</form>\n",
                T("calendar.stop"));
  }
  page_end(r);
}

void page_calendar(struct req *r){ calendar_page(r, 0); }

void page_calendar_post(struct req *r){
  const char *zAction = req_form(r, "action");
  if( zAction && strcmp(zAction, "stop")==0 ){
    calendar_feed_stop(r->db, &r->user);
    req_redirect(r, "/calendar");
    return;
  }
  if( !zAction || strcmp(zAction, "create")!=0 ){
    page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
    return;
  }
  char zToken[CALENDAR_FEED_TOKEN_CHARS+1];
  if( !calendar_feed_create(r->db, &r->user, zToken) ){
    page_error(r, 500, "calendar.title", "error.not_saved");
    return;
  }
  /* Shown once, on this answer to the POST: only its hash is kept. */
  calendar_page(r, zToken);
}
