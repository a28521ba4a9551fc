#include "web/page.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "util/text.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct markup nhsLogo = MARKUP_LITERAL(
  "<svg class=\"nhsuk-header__logo\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 80\""
  " height=\"40\" width=\"100\" focusable=\"false\" aria-hidden=\"true\">"
  "<path fill=\"currentcolor\" d=\"M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7"
  " 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20"
  " 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131"
  " 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5"
  " 28H129l13.5-65H125L119.5 32h-20l5-24.5Z\"/></svg>");

void page_begin(struct req *r, const char *zTitle, const struct crumb *aCrumb, int nCrumb){
  struct buf *b = &r->body;
  if( !r->status ) r->status = 200;
  const char *zOther = r->lang==LANG_CY ? "en" : "cy";
  html_printf(b,
    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>%s – %s</title>\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n"
    "<meta name=\"theme-color\" content=\"#005eb8\">\n"
    "<link rel=\"icon\" href=\"/assets/images/favicon.svg\" type=\"image/svg+xml\">\n"
    "<link rel=\"stylesheet\" href=\"/assets/nhsuk-frontend.min.css\">\n"
    "<link rel=\"stylesheet\" href=\"/assets/carecluster.css\">\n"
    "</head>\n<body>\n"
    "<script nonce=\"%s\">document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');</script>\n"
    "<a class=\"nhsuk-skip-link\" href=\"#maincontent\">%s</a>\n"
    "<header class=\"nhsuk-header\" role=\"banner\">\n"
    "<div class=\"nhsuk-header__container nhsuk-width-container\">\n"
    "<div class=\"nhsuk-header__service\">\n"
    "<a class=\"nhsuk-header__service-logo\" href=\"/\" aria-label=\"%s\">",
    i18n_code(r->lang), zTitle, T("app.name"), r->zNonce, T("layout.skip"), T("layout.home_label"));
  html_markup_trusted_unescaped(b, nhsLogo);
  html_printf(b, "<span class=\"nhsuk-header__service-name\">%s</span></a>\n</div>\n", T("app.name"));
  html_printf(b,
    "<nav class=\"nhsuk-header__account\" aria-label=\"%s\">\n<ul class=\"nhsuk-header__account-list\">\n",
    T("layout.account"));
  /* The language switch names the other language in that language. It
  ** is a form: choosing a language changes a saved preference, which no
  ** GET may do (a link in someone's minutes would change every reader's). */
  html_printf(b,
    "<li class=\"nhsuk-header__account-item\"><form class=\"nhsuk-header__account-form\" method=\"post\" action=\"/lang/%s?next=",
    zOther);
  html_urlpart(b, r->h->zPath);
  html_printf(b, "\">");
  form_csrf(r);
  html_printf(b, "<button class=\"nhsuk-header__account-button\" lang=\"%s\">%s</button></form></li>\n",
              zOther, T("layout.other_language"));
  if( r->bSignedIn ){
    html_printf(b,
      "<li class=\"nhsuk-header__account-item\"><span class=\"cc-account-name\">%s</span></li>\n",
      r->user.zName);
    html_printf(b,
      "<li class=\"nhsuk-header__account-item\"><a class=\"nhsuk-header__account-link\" href=\"/account\">%s</a></li>\n",
      T("account.title"));
    if( r->user.role==ROLE_ADMIN ){
      html_printf(b,
        "<li class=\"nhsuk-header__account-item\"><a class=\"nhsuk-header__account-link\" href=\"/admin/audit\">%s</a></li>\n",
        T("audit.title"));
    }
    html_printf(b,
      "<li class=\"nhsuk-header__account-item\"><form class=\"nhsuk-header__account-form\" method=\"post\" action=\"/logout\">");
    form_csrf(r);
    html_printf(b, "<button class=\"nhsuk-header__account-button\">%s</button></form></li>\n", T("layout.sign_out"));
    html_printf(b,
      "<li class=\"nhsuk-header__account-item\"><form class=\"nhsuk-header__account-form\" method=\"post\" action=\"/logout\">");
    form_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"everywhere\" value=\"1\">"
      "<button class=\"nhsuk-header__account-button\">%s</button></form></li>\n", T("layout.sign_out_everywhere"));
  }
  html_printf(b, "</ul>\n</nav>\n</div>\n</header>\n<div class=\"nhsuk-width-container\">\n");
  if( nCrumb>0 ){
    html_printf(b, "<nav class=\"nhsuk-breadcrumb\" aria-label=\"%s\">\n<ol class=\"nhsuk-breadcrumb__list\">\n",
                T("layout.breadcrumb"));
    for(int i=0; i<nCrumb; i++){
      html_printf(b, "<li class=\"nhsuk-breadcrumb__list-item\"><a class=\"nhsuk-breadcrumb__link\" href=\"%s\">%s</a></li>\n",
                  aCrumb[i].zHref, aCrumb[i].zText);
    }
    /* On small screens NHS.UK frontend hides the list and shows this
    ** link back to the last crumb instead. */
    html_printf(b, "</ol>\n<a class=\"nhsuk-back-link\" href=\"%s\"><span class=\"nhsuk-u-visually-hidden\">%s </span>%s</a>\n</nav>\n",
                aCrumb[nCrumb-1].zHref, T("layout.back_to"), aCrumb[nCrumb-1].zText);
  }
  html_printf(b, "<main class=\"nhsuk-main-wrapper\" id=\"maincontent\">\n");
}

void page_end(struct req *r){
  html_printf(&r->body,
    "</main>\n</div>\n"
    "<footer class=\"nhsuk-footer\" role=\"contentinfo\">\n<div class=\"nhsuk-width-container\">\n"
    "<div class=\"nhsuk-footer__meta\">\n<p class=\"nhsuk-body-s\">%s</p>\n</div>\n</div>\n</footer>\n"
    /* NHS.UK frontend 10 is an ES module that only exports its components:
    ** they must be started with initAll(). */
    "<script type=\"module\" nonce=\"%s\">import { initAll } from '/assets/nhsuk-frontend.min.js'; initAll();</script>\n"
    "</body>\n</html>\n", T("layout.footer"), r->zNonce);
}

void page_error(struct req *r, int status, const char *zTitleKey, const char *zBodyKey){
  buf_reset(&r->body);
  r->status = status;
  page_begin(r, T(zTitleKey), 0, 0);
  html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n",
              T(zTitleKey), T(zBodyKey), T("layout.go_home"));
  page_end(r);
}

void page_not_found(struct req *r){
  page_error(r, 404, "error.not_found_title", "error.not_found_body");
}

void page_begin_form(struct req *r, const char *zTitle, const struct crumb *aCrumb, int nCrumb,
                     const struct field_errors *e){
  if( e && e->n ){
    char z[1100];
    snprintf(z, sizeof z, "%s: %s", T("error.prefix"), zTitle);
    page_begin(r, z, aCrumb, nCrumb);
  }else{
    page_begin(r, zTitle, aCrumb, nCrumb);
  }
}

void page_form_begin(struct req *r, const char *zTitle, const struct crumb *aCrumb, int nCrumb,
                     const struct field_errors *e, const char *zCaption){
  page_begin_form(r, zTitle, aCrumb, nCrumb, e);
  html_printf(&r->body, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary(r, e);
  html_printf(&r->body, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", zCaption, zTitle);
}

bool form_result(struct req *r, long long id, const char *zFmt, ...){
  if( id>0 ){
    char z[400];
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(z, sizeof z, zFmt, ap);
    va_end(ap);
    req_redirect(r, z);
    return false;
  }
  if( id<0 ){
    page_not_found(r);
    return false;
  }
  r->status = 400;
  return true;
}

void page_scroll_begin(struct req *r, const char *zLabelledBy){
  html_printf(&r->body,
    "<div class=\"nhsuk-scroll\" data-module=\"nhsuk-scroll\">"
    "<div class=\"nhsuk-scroll__content\" role=\"region\" aria-labelledby=\"%s\" tabindex=\"0\">\n", zLabelledBy);
}

void page_scroll_end(struct req *r){
  html_printf(&r->body, "</div></div>\n");
}

const char *page_form_token(struct req *r){
  if( r->bSignedIn && !r->bViaToken ) return r->zCsrf;
  if( !r->zCsrf[0] ){
    const char *z = req_cookie(r, "cc_pre");
    if( z && strlen(z)==64 && strspn(z, "0123456789abcdef")==64 ){
      snprintf(r->zCsrf, sizeof r->zCsrf, "%s", z);
    }else{
      auth_random_hex(r->zCsrf, 32);
      req_set_cookie(r, "cc_pre", r->zCsrf, 3600);
    }
  }
  return r->zCsrf;
}

void form_csrf(struct req *r){
  html_printf(&r->body, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", page_form_token(r));
}

void form_error_summary(struct req *r, const struct field_errors *e){
  form_error_summary_named(r, e, 0);
}

void form_error_summary_named(struct req *r, const struct field_errors *e, const char *const *azName){
  if( !e || e->n==0 ) return;
  html_printf(&r->body,
    "<div class=\"nhsuk-error-summary\" data-module=\"nhsuk-error-summary\" aria-labelledby=\"error-summary-title\" role=\"alert\" tabindex=\"-1\">\n"
    "<h2 class=\"nhsuk-error-summary__title\" id=\"error-summary-title\">%s</h2>\n"
    "<div class=\"nhsuk-error-summary__body\">\n<ul class=\"nhsuk-list nhsuk-error-summary__list\">\n",
    T("error.summary_title"));
  for(int i=0; i<e->n; i++){
    /* A date typed into form_date's three fields: lead to the first of
    ** them (its fieldset's id is not focusable). */
    char zDay[80];
    snprintf(zDay, sizeof zDay, "%s-day", e->a[i].zField);
    bool bDate = req_form(r, zDay)!=0;
    if( azName && azName[i] && azName[i][0] ){
      html_printf(&r->body, "<li><a href=\"#%s%s\">%s: %s</a></li>\n", e->a[i].zField, bDate ? "-day" : "",
                  azName[i], T(e->a[i].zKey));
    }else{
      html_printf(&r->body, "<li><a href=\"#%s%s\">%s</a></li>\n", e->a[i].zField, bDate ? "-day" : "", T(e->a[i].zKey));
    }
  }
  html_printf(&r->body, "</ul>\n</div>\n</div>\n");
}

static void field_error(struct req *r, const char *zName, const char *zKey){
  html_printf(&r->body,
    "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
    zName, T("error.prefix"), T(zKey));
}

/* aria-describedby naming the field's hint and error, when it has them. */
static void described_by(struct buf *b, const char *zName, bool bHint, bool bErr){
  if( !bHint && !bErr ) return;
  html_printf(b, " aria-describedby=\"");
  if( bHint ) html_printf(b, "%s-hint", zName);
  if( bErr ) html_printf(b, "%s%s-error", bHint ? " " : "", zName);
  html_printf(b, "\"");
}

/* A field's form group, label, hint and error, up to its control. */
static void field_begin(struct req *r, const char *zName, const char *zLabelKey, const char *zHintKey,
                        const char *zErr){
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n", zErr ? " nhsuk-form-group--error" : "");
  html_printf(b, "<label class=\"nhsuk-label\" for=\"%s\">%s</label>\n", zName, T(zLabelKey));
  if( zHintKey ) html_printf(b, "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n", zName, T(zHintKey));
  if( zErr ) field_error(r, zName, zErr);
}

void form_input(struct req *r, const struct field_errors *e, const char *zName,
                const char *zLabelKey, const char *zHintKey, const char *zType,
                const char *zValue, const char *zAutocomplete){
  const char *zErr = e ? field_errors_get(e, zName) : 0;
  struct buf *b = &r->body;
  field_begin(r, zName, zLabelKey, zHintKey, zErr);
  /* "time" is a short text field (HH:MM): browsers' time pickers differ
  ** and some show 12-hour clocks. */
  bool bTime = strcmp(zType, "time")==0;
  html_printf(b, "<input class=\"nhsuk-input%s%s\" id=\"%s\" name=\"%s\" type=\"%s\" value=\"%s\"",
              zErr ? " nhsuk-input--error" : "",
              strcmp(zType, "date")==0 ? " nhsuk-input--width-10" : bTime ? " nhsuk-input--width-5" : "",
              zName, zName, bTime ? "text" : zType, zValue ? zValue : "");
  /* Markup, not text: a literal of its own (a %s argument is escaped). */
  if( bTime ) html_printf(b, " inputmode=\"numeric\"");
  if( zAutocomplete ) html_printf(b, " autocomplete=\"%s\"", zAutocomplete);
  described_by(b, zName, zHintKey!=0, zErr!=0);
  html_printf(b, ">\n</div>\n");
}

void form_textarea(struct req *r, const struct field_errors *e, const char *zName,
                   const char *zLabelKey, const char *zHintKey, const char *zValue, int nRows){
  const char *zErr = e ? field_errors_get(e, zName) : 0;
  struct buf *b = &r->body;
  field_begin(r, zName, zLabelKey, zHintKey, zErr);
  html_printf(b, "<textarea class=\"nhsuk-textarea%s\" id=\"%s\" name=\"%s\" rows=\"%d\"",
              zErr ? " nhsuk-textarea--error" : "", zName, zName, nRows);
  described_by(b, zName, zHintKey!=0, zErr!=0);
  html_printf(b, ">%s</textarea>\n</div>\n", zValue ? zValue : "");
}

void form_select_begin(struct req *r, const struct field_errors *e, const char *zName,
                       const char *zLabelKey, const char *zHintKey){
  const char *zErr = e ? field_errors_get(e, zName) : 0;
  struct buf *b = &r->body;
  field_begin(r, zName, zLabelKey, zHintKey, zErr);
  html_printf(b, "<select class=\"nhsuk-select%s\" id=\"%s\" name=\"%s\"", zErr ? " nhsuk-select--error" : "", zName, zName);
  described_by(b, zName, zHintKey!=0, zErr!=0);
  html_printf(b, ">\n");
}

void form_select_end(struct req *r){
  html_printf(&r->body, "</select>\n</div>\n");
}

/* One checkbox, without a line end; zHintId and zHint may be NULL. */
static void checkbox(struct buf *b, const char *zName, const char *zId, const char *zValue, const char *zLabel,
                     const char *zHintId, const char *zHint, bool bChecked){
  html_printf(b, "<div class=\"nhsuk-checkboxes__item\"><input class=\"nhsuk-checkboxes__input\" id=\"%s\" name=\"%s\""
              " type=\"checkbox\" value=\"%s\"", zId, zName, zValue);
  if( zHint ) html_printf(b, " aria-describedby=\"%s\"", zHintId);
  html_printf(b, "%s><label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"%s\">%s</label>",
              bChecked ? " checked" : "", zId, zLabel);
  if( zHint ) html_printf(b, "<div class=\"nhsuk-hint nhsuk-checkboxes__hint\" id=\"%s\">%s</div>", zHintId, zHint);
  html_printf(b, "</div>");
}

void form_checkbox(struct req *r, const char *zName, const char *zLabelKey, const char *zHintKey,
                   bool bSmall, bool bChecked){
  struct buf *b = &r->body;
  char zHintId[80];
  snprintf(zHintId, sizeof zHintId, "%s-hint", zName);
  html_printf(b, "<div class=\"nhsuk-form-group\"><div class=\"nhsuk-checkboxes%s\" data-module=\"nhsuk-checkboxes\">",
              bSmall ? " nhsuk-checkboxes--small" : "");
  checkbox(b, zName, zName, "1", T(zLabelKey), zHintId, zHintKey ? T(zHintKey) : 0, bChecked);
  html_printf(b, "</div></div>\n");
}

void form_checkboxes_begin(struct req *r, const struct field_errors *e, const char *zName,
                           const char *zLegendKey, const char *zHintKey, bool bSmall, bool bListId){
  const char *zErr = e ? field_errors_get(e, zName) : 0;
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\"", zErr ? " nhsuk-form-group--error" : "");
  described_by(b, zName, zHintKey!=0, zErr!=0);
  html_printf(b, ">\n<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n", T(zLegendKey));
  if( zHintKey ) html_printf(b, "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n", zName, T(zHintKey));
  if( zErr ) field_error(r, zName, zErr);
  html_printf(b, "<div class=\"nhsuk-checkboxes%s\" data-module=\"nhsuk-checkboxes\"", bSmall ? " nhsuk-checkboxes--small" : "");
  if( bListId ) html_printf(b, " id=\"%s\"", zName);
  html_printf(b, ">\n");
}

void form_checkboxes_item(struct req *r, const char *zName, const char *zId, const char *zValue,
                          const char *zLabel, const char *zHint, bool bChecked){
  char zHintId[100];
  snprintf(zHintId, sizeof zHintId, "%s-item-hint", zId);
  checkbox(&r->body, zName, zId, zValue, zLabel, zHintId, zHint, bChecked);
  html_printf(&r->body, "\n");
}

void form_checkboxes_end(struct req *r){
  html_printf(&r->body, "</div>\n</fieldset>\n</div>\n");
}

void form_radios(struct req *r, const struct field_errors *e, const char *zName,
                 const char *zLegendKey, const char *zHintKey, int n,
                 const char *const *aValue, const char *const *aLabelKey, const char *zChecked){
  const char *zErr = e ? field_errors_get(e, zName) : 0;
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\"",
              zErr ? " nhsuk-form-group--error" : "");
  if( zErr ) html_printf(b, " aria-describedby=\"%s-error\"", zName);
  html_printf(b, ">\n");
  html_printf(b, "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n", T(zLegendKey));
  if( zHintKey ) html_printf(b, "<div class=\"nhsuk-hint\">%s</div>\n", T(zHintKey));
  if( zErr ) field_error(r, zName, zErr);
  form_radio_items(r, zName, zName, true, n, aValue, aLabelKey, zChecked);
  html_printf(b, "</fieldset>\n</div>\n");
}

void form_radio_items(struct req *r, const char *zId, const char *zName, bool bInline, int n,
                      const char *const *aValue, const char *const *aLabelKey, const char *zChecked){
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-radios%s\" data-module=\"nhsuk-radios\">\n", bInline ? " nhsuk-radios--inline" : "");
  for(int i=0; i<n; i++){
    /* The first radio carries the field's id, so the error summary's
    ** link lands on it. */
    char zOpt[112];
    if( i==0 ) snprintf(zOpt, sizeof zOpt, "%s", zId);
    else snprintf(zOpt, sizeof zOpt, "%s-%d", zId, i+1);
    html_printf(b,
      "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\" id=\"%s\" name=\"%s\" type=\"radio\" value=\"%s\"%s>"
      "<label class=\"nhsuk-label nhsuk-radios__label\" for=\"%s\">%s</label></div>\n",
      zOpt, zName, aValue[i], zChecked && strcmp(zChecked, aValue[i])==0 ? " checked" : "", zOpt, T(aLabelKey[i]));
  }
  html_printf(b, "</div>\n");
}

void form_role_select(struct req *r, const struct field_errors *e, const char *zValue){
  struct role_option a[64];
  int n = membership_roles(r->db, a, 64);
  struct buf *b = &r->body;
  form_select_begin(r, e, "role", "member.role", "member.role_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("member.role_choose"));
  for(int i=0; i<n; i++){
    html_printf(b, "<option value=\"%s\"%s>%s</option>\n", a[i].zCode,
                zValue && strcmp(zValue, a[i].zCode)==0 ? " selected" : "", T(a[i].zKey));
  }
  form_select_end(r);
}

void page_time(struct req *r, long long t, char zOut[64]){
  time_t tt = (time_t)t;
  struct tm tm;
  localtime_r(&tt, &tm);
  char zIso[11], zDate[48];
  strftime(zIso, sizeof zIso, "%Y-%m-%d", &tm);
  page_date(r, zIso, zDate);
  snprintf(zOut, 64, "%s, %02d:%02d", zDate, tm.tm_hour % 24, tm.tm_min % 60);
}

void page_number(long long v, char zOut[32]){
  char z[32];
  snprintf(z, sizeof z, "%lld", v < 0 ? -v : v);
  int n = (int)strlen(z), j = 0;
  if( v<0 ) zOut[j++] = '-';
  for(int i=0; i<n; i++){
    if( i>0 && (n-i)%3==0 ) zOut[j++] = ',';
    zOut[j++] = z[i];
  }
  zOut[j] = 0;
}

void form_date(struct req *r, const struct field_errors *e, const char *zName,
               const char *zLegendKey, const char *zHintKey, const char *zValue){
  const char *zErr = e ? field_errors_get(e, zName) : 0;
  struct buf *b = &r->body;
  /* Split "Y-M-D" back into what the person typed. */
  char zCopy[64];
  const char *az[3] = {"", "", ""};
  snprintf(zCopy, sizeof zCopy, "%s", zValue ? zValue : "");
  char *p1 = strchr(zCopy, '-'), *p2 = p1 ? strchr(p1+1, '-') : 0;
  /* Parts that were posted are shown exactly as typed (a typed '-'
  ** would split the composed "Y-M-D" in the wrong place). */
  static const char *const azPart[] = {"day", "month", "year"};
  const char *azTyped[3];
  bool bTyped = false;
  for(int i=0; i<3; i++){
    char zKey[80];
    snprintf(zKey, sizeof zKey, "%s-%s", zName, azPart[i]);
    azTyped[i] = req_form(r, zKey);
    if( azTyped[i] ) bTyped = true;
  }
  if( bTyped ){
    for(int i=0; i<3; i++) az[i] = azTyped[i] ? azTyped[i] : "";
  }else if( p1 && p2 ){
    *p1 = *p2 = 0;
    az[2] = zCopy; az[1] = p1+1; az[0] = p2+1;
    /* 2026-04-01 shows as 1 4 2026 */
    if( az[1][0]=='0' && az[1][1] ) az[1]++;
    if( az[0][0]=='0' && az[0][1] ) az[0]++;
  }
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\" role=\"group\" aria-describedby=\"%s-hint",
              zErr ? " nhsuk-form-group--error" : "", zName);
  if( zErr ) html_printf(b, " %s-error", zName);
  html_printf(b, "\">\n<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n", T(zLegendKey));
  html_printf(b, "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n", zName, T(zHintKey ? zHintKey : "date.hint"));
  if( zErr ) field_error(r, zName, zErr);
  html_printf(b, "<div class=\"nhsuk-date-input\" id=\"%s\">\n", zName);
  static const char *const azKey[] = {"date.day", "date.month", "date.year"};
  for(int i=0; i<3; i++){
    html_printf(b,
      "<div class=\"nhsuk-date-input__item\"><div class=\"nhsuk-form-group\">"
      "<label class=\"nhsuk-label nhsuk-date-input__label\" for=\"%s-%s\">%s</label>"
      "<input class=\"nhsuk-input nhsuk-date-input__input nhsuk-input--width-%d%s\" id=\"%s-%s\" name=\"%s-%s\""
      " type=\"text\" inputmode=\"numeric\" value=\"%s\"></div></div>\n",
      zName, azPart[i], T(azKey[i]), i==2 ? 4 : 2, zErr ? " nhsuk-input--error" : "",
      zName, azPart[i], zName, azPart[i], az[i]);
  }
  html_printf(b, "</div>\n</fieldset>\n</div>\n");
}

static bool all_digits(const char *z, size_t nMin, size_t nMax){
  size_t n = strlen(z);
  while( n>0 && z[n-1]==' ' ) n--;     /* trailing spaces, as leading ones, are allowed */
  if( n<nMin || n>nMax ) return false;
  for(size_t i=0; i<n; i++) if( z[i]<'0' || z[i]>'9' ) return false;
  return true;
}

void form_date_value(struct req *r, const char *zName, char zOut[64]){
  char zKey[80];
  const char *az[3];
  static const char *const azPart[] = {"day", "month", "year"};
  bool bAny = false;
  for(int i=0; i<3; i++){
    snprintf(zKey, sizeof zKey, "%s-%s", zName, azPart[i]);
    az[i] = req_form(r, zKey);
    if( az[i] ){ while( *az[i]==' ' ) az[i]++; }
    if( az[i] && *az[i] ) bAny = true;
  }
  if( !az[0] && !az[1] && !az[2] ){
    const char *zIso = req_form(r, zName);
    snprintf(zOut, 64, "%s", zIso ? zIso : "");
    return;
  }
  if( !bAny ){ zOut[0] = 0; return; }
  if( all_digits(az[0] ? az[0] : "", 1, 2) && all_digits(az[1] ? az[1] : "", 1, 2)
   && all_digits(az[2] ? az[2] : "", 4, 4) ){
    snprintf(zOut, 64, "%04d-%02d-%02d", atoi(az[2]), atoi(az[1]), atoi(az[0]));
  }else{
    snprintf(zOut, 64, "%.18s-%.18s-%.18s", az[2] ? az[2] : "", az[1] ? az[1] : "", az[0] ? az[0] : "");
  }
}

/* "1 June 2024" with the month's name from the catalogue keys
** zMonthPrefix1 .. zMonthPrefix12; anything that is not a date as it is. */
static void date_words(struct req *r, const char *zIso, const char *zMonthPrefix, char zOut[48]){
  if( !zIso || strlen(zIso)!=10 ){ snprintf(zOut, 48, "%s", zIso ? zIso : ""); return; }
  int m = atoi(zIso+5);
  if( m<1 || m>12 ){ snprintf(zOut, 48, "%s", zIso); return; }
  char zKey[24];
  snprintf(zKey, sizeof zKey, "%s%d", zMonthPrefix, m);
  snprintf(zOut, 48, "%d %s %.4s", atoi(zIso+8), T(zKey), zIso);
}
void page_date(struct req *r, const char *zIso, char zOut[48]){ date_words(r, zIso, "month.", zOut); }
void page_date_short(struct req *r, const char *zIso, char zOut[48]){ date_words(r, zIso, "chart.month.", zOut); }

/* ---- pages of a meeting --------------------------------------------- */

void meeting_page_title(struct req *r, const struct meeting *m, const char *zWhat, bool bError,
                        char *zOut, size_t nOut){
  char zDay[11], zDate[48];
  snprintf(zDay, sizeof zDay, "%.10s", m->zStartsAt);
  page_date(r, zDay, zDate);
  snprintf(zOut, nOut, "%s%s%s%s%s, %s – %s", bError ? T("error.prefix") : "", bError ? ": " : "",
           zWhat ? zWhat : "", zWhat ? " – " : "", m->zTitle, zDate, unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy));
}

void meeting_form_page_begin(struct req *r, const struct meeting *m, const char *zHeading,
                             const struct crumb *aCrumb, int nCrumb, const struct field_errors *e,
                             const char *zCaption){
  char zTitle[700];
  meeting_page_title(r, m, zHeading, e && e->n, zTitle, sizeof zTitle);
  page_begin(r, zTitle, aCrumb, nCrumb);
  html_printf(&r->body, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary(r, e);
  html_printf(&r->body, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", zCaption, zHeading);
}
