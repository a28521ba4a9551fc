/*
** Exports of a meeting: the .ics file, the agenda pack and the minutes as
** PDF, publishing the pack; and each person's private calendar feed.
** The files are made in src/domain/export_meeting.c and export_pdf.c.
*/
#include "pages/pages.h"
#include "web/req.h"
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
  char z[80];
  snprintf(z, sizeof z, "/meetings/%lld#exports", m->id);
  req_redirect(r, z);
}

void page_meeting_exports(struct req *r, const struct meeting *m){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"exports\">%s</h2>\n<ul class=\"nhsuk-list\">\n", T("pdf.exports"));
  html_printf(b, "<li><a href=\"/meetings/%lld/calendar.ics\">%s</a></li>\n", m->id, T("calendar.add"));
  html_printf(b, "<li><a href=\"/meetings/%lld/pack.pdf\">%s</a></li>\n", m->id, T("pdf.pack_link"));
  html_printf(b, "<li><a href=\"/meetings/%lld/minutes.pdf\">%s</a></li>\n</ul>\n", m->id, T("pdf.minutes_link"));
  if( m->packPublishedAt>0 ){
    char zWhen[80];
    export_local_moment(r->lang, m->packPublishedAt, zWhen, sizeof zWhen);
    html_printf(b, "<p>");
    html_printf_t(b, TF("pdf.published_on"), zWhen);
    html_printf(b, "</p>\n");
  }else{
    html_printf(b, "<p>%s</p>\n", T("pdf.not_published_yet"));
  }
  if( strcmp(m->zStatus, "cancelled")!=0 && access_can_write(r->db, &r->user, m->unitId, r->zToday) ){
    html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/publish\">\n", m->id);
    form_csrf(r);
    html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n"
                "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
                T("pdf.publish_hint"), T(m->packPublishedAt>0 ? "pdf.publish_again" : "pdf.publish"));
  }
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
    export_local_moment(r->lang, createdAt, zWhen, sizeof zWhen);
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
