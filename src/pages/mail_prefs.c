/*
** "How we send you email": a signed-in person chooses each message as it
** is sent or a daily digest, and English, Welsh or both in one message
** (the default, as the Welsh Language Standards expect). The choices are
** their person's (person.mail_mode, person.mail_lang: domain/notices.h);
** a user who is not one of the people is told why there is nothing to
** choose. And the circulation of the draft minutes, on the minutes page.
*/
#include "pages/pages.h"
#include "web/req.h"
#include "domain/meeting.h"
#include "domain/notices.h"
#include "domain/outbox.h"
#include "domain/unit.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include <stdio.h>
#include <string.h>

static const char *const azModeValue[] = {"immediate", "digest"};
static const char *const azModeKey[] = {"account.messages.mode_immediate", "account.messages.mode_digest"};
static const char *const azLangValue[] = {"both", "cy", "en"};
static const char *const azLangKey[] = {"account.messages.lang_both", "account.messages.lang_cy", "account.messages.lang_en"};

static void mail_prefs_radios(struct req *r, const struct field_errors *e, const char *zName, const char *zLegendKey,
                       const char *zHintKey, int n, const char *const *aValue, const char *const *aKey,
                       const char *zChecked){
  struct buf *b = &r->body;
  const char *zErr = e ? field_errors_get(e, zName) : 0;
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\" aria-describedby=\"%s-hint%s%s%s\">\n"
              "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n"
              "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n",
              zErr ? " nhsuk-form-group--error" : "", zName, zErr ? " " : "", zErr ? zName : "", zErr ? "-error" : "",
              T(zLegendKey), zName, T(zHintKey));
  if( zErr ){
    html_printf(b, "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                zName, T("error.prefix"), T(zErr));
  }
  form_radio_items(r, zName, zName, false, n, aValue, aKey, zChecked);
  html_printf(b, "</fieldset>\n</div>\n");
}

void mail_prefs_fields(struct req *r, const struct field_errors *e, const char *zMode, const char *zLang,
                       bool bForSomeoneElse){
  mail_prefs_radios(r, e, "mail_mode", bForSomeoneElse ? "member.mail_mode" : "account.messages.mode",
                    bForSomeoneElse ? "member.mail_mode_hint" : "account.messages.mode_hint",
                    2, azModeValue, azModeKey, zMode);
  mail_prefs_radios(r, e, "mail_lang", bForSomeoneElse ? "member.mail_lang" : "account.messages.lang",
                    bForSomeoneElse ? "member.mail_lang_hint" : "account.messages.lang_hint",
                    3, azLangValue, azLangKey, zLang);
}

static void prefs_page(struct req *r, const char *zMode, const char *zLang, const struct field_errors *e){
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {"/account", T("account.title")}};
  const char *zTitle = T("account.messages.title");
  page_begin_form(r, zTitle, aCrumb, 2, e);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary(r, e);
  html_printf(b, "<h1>%s</h1>\n", zTitle);
  if( req_query_int(r, "saved", 0)==1 && !(e && e->n) ){
    nhsuk_inset_begin(b, "saved", 0);
    html_printf(b, "<p>%s</p>", T("account.messages.saved"));
    nhsuk_inset_end(b);
  }
  if( !outbox_enabled() ) nhsuk_warning_callout(b, 2, T("account.messages.off_heading"), T("account.messages.off"));
  struct mail_prefs p;
  long long personId = meeting_user_person(r->db, &r->user);
  if( personId<=0 || !mail_prefs_get(r->db, personId, &p) ){
    html_printf(b, "<p id=\"not-a-person\">%s</p>\n</div></div>\n", T("account.messages.not_person"));
    page_end(r);
    return;
  }
  html_printf(b, "<p>%s</p>\n", T("account.messages.intro"));
  if( p.zEmail[0] ){
    html_printf(b, "<p id=\"address\">");
    html_printf_t(b, TF("account.messages.address"), p.zEmail);
    html_printf(b, "</p>\n");
  }else{
    html_printf(b, "<p id=\"address\">%s</p>\n", T("account.messages.no_address"));
  }
  html_printf(b, "<form method=\"post\" action=\"/account/messages\" novalidate>\n");
  form_csrf(r);
  mail_prefs_fields(r, e, zMode ? zMode : (p.bDigest ? "digest" : "immediate"),
                    zLang ? zLang : mail_lang_code(p.lang), false);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n</div></div>\n",
              T("account.messages.save"));
  page_end(r);
}

void page_mail_prefs(struct req *r){
  prefs_page(r, 0, 0, 0);
}

void page_mail_prefs_save(struct req *r){
  const char *zMode = req_form(r, "mail_mode"), *zLang = req_form(r, "mail_lang");
  struct field_errors e = {0};
  int rc = notices_prefs_set(r->db, &r->user, zMode, zLang, &e);
  if( rc>0 ){ req_redirect(r, "/account/messages?saved=1"); return; }
  r->status = rc<0 ? 404 : 400;
  if( rc<0 ){ page_not_found(r); return; }
  prefs_page(r, zMode ? zMode : "", zLang ? zLang : "", &e);
}

/* ---- the draft minutes, circulated for comment --------------------------- */

void minutes_circulate_section(struct req *r, const struct meeting *m){
  if( strcmp(m->zStatus, "cancelled")==0 || strcmp(m->zMinutesStatus, "approved")==0 ) return;
  if( !access_can_write(r->db, &r->user, m->unitId, r->zToday) ) return;
  struct buf *b = &r->body;
  html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"circulate\">%s</h2>\n", T("minutes.circulate.title"));
  long long at = notices_minutes_circulated_at(r->db, m->id);
  if( at>0 ){
    char zWhen[64];
    page_time(r, at, zWhen);
    html_printf(b, "<p id=\"circulated\">");
    html_printf_t(b, TF("minutes.circulate.done"), zWhen);
    html_printf(b, "</p>\n");
  }
  if( !outbox_enabled() ){
    html_printf(b, "<p>%s</p>\n", T("minutes.circulate.off"));
    return;
  }
  if( strcmp(m->zMinutesStatus, "draft")!=0 ){
    html_printf(b, "<p>%s</p>\n", T("minutes.circulate.none"));
    return;
  }
  html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/minutes/circulate\">\n", m->id);
  form_csrf(r);
  html_printf(b, "<p class=\"nhsuk-body-s\">");
  html_printf_t(b, TF("minutes.circulate.hint"), unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy));
  html_printf(b, "</p>\n<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T(at>0 ? "minutes.circulate.again" : "minutes.circulate.button"));
}

void page_minutes_circulate(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  struct field_errors e = {0};
  int rc = notices_minutes_circulate(r->db, &r->user, m, r->zToday, &e);
  if( rc<0 ){ page_not_found(r); return; }
  if( rc>0 ){
    char z[96];
    snprintf(z, sizeof z, "/meetings/%lld/minutes#circulate", m->id);
    req_redirect(r, z);
    return;
  }
  const char *zWhy = field_errors_get(&e, "circulate");
  page_error(r, strcmp(zWhy ? zWhy : "", "error.not_saved")==0 ? 500 : 409, "minutes.circulate.title",
             zWhy ? zWhy : "error.not_saved");
}
