/* Sign in, sign out, the choice of language, and "Forgot your password?". */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/auth.h"
#include "domain/audit.h"
#include "domain/outbox.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/offload.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The sign-in page; bChanged: after a password reset, the banner that
** says so. */
static void login_render(struct req *r, const char *zEmail, const char *zErrKey, bool bChanged){
  const char *zNext = req_query(r, "next");
  bool bSignedIn = r->bSignedIn;
  r->bSignedIn = false;           /* the sign-in page shows no account menu */
  page_begin(r, T("login.title"), 0, 0);
  r->bSignedIn = bSignedIn;
  struct field_errors e = {0};
  if( zErrKey ) field_errors_add(&e, "email", zErrKey);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  if( bChanged ) nhsuk_success_banner(b, T("banner.success"), T("password.reset.done"));
  form_error_summary(r, &e);
  html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", T("login.title"), T("login.intro"));
  html_printf(b, "<form method=\"post\" action=\"/login");
  if( zNext ){ html_printf(b, "?next="); html_urlpart(b, zNext); }
  html_printf(b, "\" novalidate>\n");
  form_csrf(r);
  form_input(r, &e, "email", "login.email", 0, "email", zEmail, "username");
  form_input(r, 0, "password", "login.password", 0, "password", "", "current-password");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("login.submit"));
  html_printf(b, "<p><a href=\"/password/forgot\">%s</a></p>\n", T("login.forgot"));
  html_printf(b, "</div></div>\n");
  page_end(r);
}

void page_login_form(struct req *r){
  if( r->bSignedIn ){
    const char *zNext = req_query(r, "next");
    req_redirect(r, zNext ? zNext : "/");
    return;
  }
  login_render(r, "", 0, req_query_int(r, "changed", 0)==1);
}

/* The dispatcher has checked the form's token against the cc_pre cookie
** (there is no session yet to hold one). */
/* The sign-in itself, with its password hash: on an offload thread, so
** that no page worker waits for the hash (web/offload.h). */
static void sign_in(struct req *r){
  const char *zEmail = req_form(r, "email");
  const char *zPassword = req_form(r, "password");
  char zToken[AUTH_TOKEN_CHARS+1], zRetry[16];
  struct user u;
  int nRetry = 0;
  enum auth_result rc = auth_sign_in(r->db, zEmail, zPassword, r->zClientIp, zToken, &u, &nRetry);
  snprintf(zRetry, sizeof zRetry, "%d", nRetry>0 ? nRetry : 1);
  switch( rc ){
    case AUTH_OK: {
      /* The request that signs someone in is theirs (the access log
      ** names them). */
      r->user = u;
      r->bSignedIn = true;
      req_set_cookie(r, "cc_session", zToken, AUTH_SESSION_SECONDS);
      req_set_cookie(r, "cc_pre", "", 0);
      const char *zNext = req_query(r, "next");
      req_redirect(r, zNext ? zNext : "/");
      return;
    }
    case AUTH_THROTTLED:
      r->status = 429;
      req_add_header(r, "Retry-After", zRetry);
      login_render(r, zEmail, nRetry<=60 ? "login.error_throttled_minute"
                            : nRetry<=300 ? "login.error_throttled_minutes" : "login.error_throttled", false);
      return;
    case AUTH_BUSY:
    case AUTH_ERROR:
      r->status = 503;
      req_add_header(r, "Retry-After", zRetry);
      login_render(r, zEmail, "login.error_busy", false);
      return;
    case AUTH_BAD_CREDENTIALS:
      break;
  }
  r->status = 401;
  login_render(r, zEmail, "login.error_wrong", false);
}

void page_login(struct req *r){
  const char *zEmail = req_form(r, "email");
  const char *zPassword = req_form(r, "password");
  if( !zEmail || !*zEmail || !zPassword || !*zPassword ){
    r->status = 400;
    login_render(r, zEmail ? zEmail : "", "login.error_missing", false);
    return;
  }
  if( req_offload(r, sign_in) ) return;
  /* Every offload thread is busy and the queue is full: say so at once. */
  r->status = 503;
  req_add_header(r, "Retry-After", "1");
  login_render(r, zEmail, "login.error_busy", false);
}

void page_logout(struct req *r){
  const char *zAll = req_form(r, "everywhere");
  if( zAll && strcmp(zAll, "1")==0 ){
    if( !auth_session_end_all(r->db, &r->user) ){
      page_error(r, 503, "error.sign_out_failed_title", "error.not_saved");
      return;
    }
  }else{
    auth_session_end(r->db, r->zSession);
  }
  req_set_cookie(r, "cc_session", "", 0);
  req_redirect(r, "/login");
}

void page_lang(struct req *r){
  const char *zLang = r->azParam[0];
  req_set_cookie(r, "cc_lang", zLang, 365*24*3600);
  if( r->bSignedIn && !r->bViaToken ) auth_set_lang(r->db, r->user.id, zLang);
  const char *zNext = req_query(r, "next");
  req_redirect(r, zNext ? zNext : "/");
}

/* ---- "Forgot your password?" ----------------------------------------------- */

/* The two-thirds column every page below is drawn in; the caller closes
** it with column_end. */
static void column_begin(struct req *r, const char *zTitle, const struct field_errors *e){
  bool bSignedIn = r->bSignedIn;
  r->bSignedIn = false;           /* as the sign-in page: no account menu */
  page_begin_form(r, zTitle, 0, 0, e);
  r->bSignedIn = bSignedIn;
  html_printf(&r->body, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary(r, e);
}
static void column_end(struct req *r){
  html_printf(&r->body, "</div></div>\n");
  page_end(r);
}

/* Without an SMTP relay nothing can be sent: say so, and who can help. */
static void forgot_off(struct req *r){
  column_begin(r, T("password.forgot.title"), 0);
  struct buf *b = &r->body;
  html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n<p>%s</p>\n", T("password.forgot.title"),
              T("password.forgot.off"), T("password.forgot.off_admin"));
  html_printf(b, "<p><a href=\"/login\">%s</a></p>\n", T("password.back_to_sign_in"));
  column_end(r);
}

static void forgot_render(struct req *r, const char *zEmail, const struct field_errors *e){
  column_begin(r, T("password.forgot.title"), e);
  struct buf *b = &r->body;
  html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", T("password.forgot.title"), T("password.forgot.intro"));
  html_printf(b, "<form method=\"post\" action=\"/password/forgot\" novalidate>\n");
  form_csrf(r);
  form_input(r, e, "email", "login.email", "password.forgot.email_hint", "email", zEmail, "username");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("password.forgot.submit"));
  html_printf(b, "<p><a href=\"/login\">%s</a></p>\n", T("password.back_to_sign_in"));
  column_end(r);
}

void page_password_forgot_form(struct req *r){
  if( !outbox_enabled() ){ forgot_off(r); return; }
  forgot_render(r, "", 0);
}

void page_password_forgot(struct req *r){
  if( !outbox_enabled() ){ forgot_off(r); return; }
  const char *zEmail = req_form(r, "email");
  struct field_errors e = {0};
  if( !zEmail || text_blank(zEmail) ) field_errors_add(&e, "email", "password.forgot.error_missing");
  else if( !text_is_email(zEmail) ) field_errors_add(&e, "email", "password.forgot.error_format");
  if( e.n ){
    r->status = 400;
    forgot_render(r, zEmail ? zEmail : "", &e);
    return;
  }
  int nRetry = 0;
  enum auth_result rc = auth_reset_request(r->db, zEmail, r->zClientIp, &nRetry);
  if( rc==AUTH_THROTTLED ){
    char zRetry[16];
    snprintf(zRetry, sizeof zRetry, "%d", nRetry);
    r->status = 429;
    req_add_header(r, "Retry-After", zRetry);
    field_errors_add(&e, "email", "password.forgot.error_throttled");
    forgot_render(r, zEmail, &e);
    return;
  }
  if( rc!=AUTH_OK ){
    page_error(r, 503, "password.forgot.title", "error.not_saved");
    req_add_header(r, "Retry-After", "30");
    return;
  }
  /* The same answer whether or not the address is anyone's. */
  column_begin(r, T("password.sent.title"), 0);
  struct buf *b = &r->body;
  html_printf(b, "<h1>%s</h1>\n<p>", T("password.sent.title"));
  html_printf_t(b, TF("password.sent.body"), zEmail);
  html_printf(b, "</p>\n<p>%s</p>\n<p>%s</p>\n", T("password.sent.expiry"), T("password.sent.nothing"));
  html_printf(b, "<p><a href=\"/login\">%s</a></p>\n", T("password.back_to_sign_in"));
  column_end(r);
}

/* ---- the link: choosing a new password --------------------------------------- */

/* The link's page, in its path, is not named to anyone: no Referer leaves
** it (the access log names its route's pattern, never the path). */
static void no_referrer(struct req *r){
  req_add_header(r, "Referrer-Policy", "no-referrer");
}

/* A link that is not (or no longer) valid: 410 for one that was used or
** has expired, 404 for one we do not know; the same words for both. */
static void reset_spent(struct req *r, bool bKnown){
  buf_reset(&r->body);
  r->status = bKnown ? 410 : 404;
  column_begin(r, T("password.spent.title"), 0);
  struct buf *b = &r->body;
  html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", T("password.spent.title"), T("password.spent.body"));
  html_printf(b, "<p><a href=\"/password/forgot\">%s</a></p>\n", T("password.spent.again"));
  html_printf(b, "<p><a href=\"/login\">%s</a></p>\n", T("password.back_to_sign_in"));
  column_end(r);
}

void page_new_password_fields(struct req *r, const struct field_errors *e){
  form_input(r, e, "password", "password.new", "password.new_hint", "password", "", "new-password");
  form_input(r, e, "confirm", "password.confirm", 0, "password", "", "new-password");
}

void page_check_new_password(struct req *r, struct field_errors *e){
  const char *zNew = req_form(r, "password");
  const char *zConfirm = req_form(r, "confirm");
  if( !zNew || !*zNew ){
    field_errors_add(e, "password", "password.error_new_missing");
  }else{
    const char *zProblem = auth_password_problem(zNew);
    if( zProblem ) field_errors_add(e, "password", zProblem);
    else if( !zConfirm || strcmp(zNew, zConfirm)!=0 ) field_errors_add(e, "confirm", "password.error_mismatch");
  }
}

static void reset_render(struct req *r, const struct field_errors *e){
  column_begin(r, T("password.reset.title"), e);
  struct buf *b = &r->body;
  html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", T("password.reset.title"), T("password.reset.intro"));
  html_printf(b, "<form method=\"post\" action=\"/password/reset/%s\" novalidate>\n", r->azParam[0]);
  form_csrf(r);
  page_new_password_fields(r, e);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("password.reset.submit"));
  column_end(r);
}

void page_password_reset_form(struct req *r){
  no_referrer(r);
  enum auth_reset_state st = auth_reset_check(r->db, r->azParam[0]);
  if( st!=AUTH_RESET_VALID ){ reset_spent(r, st==AUTH_RESET_SPENT); return; }
  reset_render(r, 0);
}

/* A link whose token is not even the shape of one (cut short by a mail
** program, say): as one we do not know. */
void page_password_reset_unknown(struct req *r){
  no_referrer(r);
  reset_spent(r, false);
}

/* The new password's hash: on an offload thread, as sign-in's. */
static void reset_work(struct req *r){
  enum auth_result rc = auth_reset_password(r->db, r->azParam[0], req_form(r, "password"));
  switch( rc ){
    case AUTH_OK:
      /* Signed out everywhere: this browser too, if it was theirs. */
      req_redirect(r, "/login?changed=1");
      return;
    case AUTH_BAD_CREDENTIALS:
      reset_spent(r, true);
      return;
    case AUTH_BUSY:
    case AUTH_THROTTLED:
    case AUTH_ERROR:
      break;
  }
  struct field_errors e = {0};
  field_errors_add(&e, "password", rc==AUTH_BUSY ? "login.error_busy" : "error.not_saved");
  r->status = 503;
  req_add_header(r, "Retry-After", "1");
  reset_render(r, &e);
}

void page_password_reset(struct req *r){
  no_referrer(r);
  enum auth_reset_state st = auth_reset_check(r->db, r->azParam[0]);
  if( st!=AUTH_RESET_VALID ){ reset_spent(r, st==AUTH_RESET_SPENT); return; }
  struct field_errors e = {0};
  page_check_new_password(r, &e);
  if( e.n ){
    r->status = 400;
    reset_render(r, &e);
    return;
  }
  if( req_offload(r, reset_work) ) return;
  r->status = 503;
  req_add_header(r, "Retry-After", "1");
  field_errors_add(&e, "password", "login.error_busy");
  reset_render(r, &e);
}
