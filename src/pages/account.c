/* The signed-in user's own account: what it is, where its settings are,
** and changing one's password. */
#include "pages/pages.h"
#include "domain/auth.h"
#include "html/nhsuk.h"
#include "web/offload.h"
#include "web/page.h"
#include <stdio.h>
#include <string.h>

void page_account(struct req *r){
  page_begin(r, T("account.title"), (struct crumb[]){{"/", T("home.title")}}, 1);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  if( req_query_int(r, "changed", 0)==1 ){
    nhsuk_success_banner(b, T("banner.success"), T("password.change.done"));
  }
  html_printf(b, "<h1>%s</h1>\n", T("account.title"));
  nhsuk_summary_begin(b, "account-details");
  nhsuk_summary_row(b, T("account.name"), r->user.zName, false);
  nhsuk_summary_row(b, T("login.email"), r->user.zEmail, false);
  nhsuk_summary_end(b);
  html_printf(b, "<ul class=\"nhsuk-list\" id=\"account-links\">\n"
                 "<li><a href=\"/account/password\">%s</a></li>\n"
                 "<li><a href=\"/account/messages\">%s</a></li>\n"
                 "<li><a href=\"/calendar\">%s</a></li>\n</ul>\n",
              T("account.password_link"), T("account.messages_link"), T("calendar.title"));
  html_printf(b, "</div></div>\n");
  page_end(r);
}

static void change_render(struct req *r, const struct field_errors *e){
  const struct crumb aCrumb[] = {{"/", T("home.title")}, {"/account", T("account.title")}};
  page_form_begin(r, T("password.change.title"), aCrumb, 2, e, T("account.title"));
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("password.change.intro"));
  html_printf(b, "<form method=\"post\" action=\"/account/password\" novalidate>\n");
  form_csrf(r);
  form_input(r, e, "current", "password.current", 0, "password", "", "current-password");
  page_new_password_fields(r, e);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n",
              T("password.change.submit"));
  html_printf(b, "<p><a href=\"/account\">%s</a></p>\n", T("password.change.cancel"));
  html_printf(b, "</div></div>\n");
  page_end(r);
}

void page_account_password_form(struct req *r){ change_render(r, 0); }

/* The check of the current password and the new one's hash: on an
** offload thread, as sign-in's. */
static void change_work(struct req *r){
  int nRetry = 0;
  enum auth_result rc = auth_password_change(r->db, &r->user, r->zSession, req_form(r, "current"),
                                             req_form(r, "password"), r->zClientIp, &nRetry);
  if( rc==AUTH_OK ){
    req_redirect(r, "/account?changed=1");
    return;
  }
  struct field_errors e = {0};
  char zRetry[16];
  snprintf(zRetry, sizeof zRetry, "%d", nRetry>0 ? nRetry : 1);
  switch( rc ){
    case AUTH_BAD_CREDENTIALS:
      r->status = 400;
      field_errors_add(&e, "current", "password.error_current_wrong");
      break;
    case AUTH_THROTTLED:
      r->status = 429;
      req_add_header(r, "Retry-After", zRetry);
      field_errors_add(&e, "current", nRetry<=60 ? "password.error_throttled_minute"
                                      : nRetry<=300 ? "password.error_throttled_minutes" : "password.error_throttled");
      break;
    default:
      r->status = 503;
      req_add_header(r, "Retry-After", zRetry);
      field_errors_add(&e, "current", rc==AUTH_BUSY ? "login.error_busy" : "error.not_saved");
      break;
  }
  change_render(r, &e);
}

void page_account_password(struct req *r){
  struct field_errors e = {0};
  const char *zCurrent = req_form(r, "current");
  if( !zCurrent || !*zCurrent ) field_errors_add(&e, "current", "password.error_current_missing");
  page_check_new_password(r, &e);
  if( e.n ){
    r->status = 400;
    change_render(r, &e);
    return;
  }
  if( req_offload(r, change_work) ) return;
  r->status = 503;
  req_add_header(r, "Retry-After", "1");
  field_errors_add(&e, "current", "login.error_busy");
  change_render(r, &e);
}
