/* Sign in, sign out, and the choice of language. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/auth.h"
#include "domain/audit.h"
#include "web/page.h"
#include "web/offload.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void login_render(struct req *r, const char *zEmail, const char *zErrKey){
  const char *zNext = req_query(r, "next");
  bool bSignedIn = r->bSignedIn;
  r->bSignedIn = false;           /* the sign-in page shows no account menu */
  page_begin(r, T("login.title"), 0, 0);
  r->bSignedIn = bSignedIn;
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  struct field_errors e = {0};
  if( zErrKey ){
    field_errors_add(&e, "email", zErrKey);
    form_error_summary(r, &e);
  }
  html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", T("login.title"), T("login.intro"));
  html_printf(b, "<form method=\"post\" action=\"/login");
  if( zNext ){ html_printf(b, "?next="); html_urlpart(b, zNext); }
  html_printf(b, "\" novalidate>\n");
  form_csrf(r);
  form_input(r, &e, "email", "login.email", 0, "email", zEmail, "username");
  form_input(r, 0, "password", "login.password", 0, "password", "", "current-password");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("login.submit"));
  html_printf(b, "</div></div>\n");
  page_end(r);
}

void page_login_form(struct req *r){
  if( r->bSignedIn ){
    const char *zNext = req_query(r, "next");
    req_redirect(r, zNext ? zNext : "/");
    return;
  }
  login_render(r, "", 0);
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
                            : nRetry<=300 ? "login.error_throttled_minutes" : "login.error_throttled");
      return;
    case AUTH_BUSY:
    case AUTH_ERROR:
      r->status = 503;
      req_add_header(r, "Retry-After", zRetry);
      login_render(r, zEmail, "login.error_busy");
      return;
    case AUTH_BAD_CREDENTIALS:
      break;
  }
  r->status = 401;
  login_render(r, zEmail, "login.error_wrong");
}

void page_login(struct req *r){
  const char *zEmail = req_form(r, "email");
  const char *zPassword = req_form(r, "password");
  if( !zEmail || !*zEmail || !zPassword || !*zPassword ){
    r->status = 400;
    login_render(r, zEmail ? zEmail : "", "login.error_missing");
    return;
  }
  if( req_offload(r, sign_in) ) return;
  /* Every offload thread is busy and the queue is full: say so at once. */
  r->status = 503;
  req_add_header(r, "Retry-After", "1");
  login_render(r, zEmail, "login.error_busy");
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
