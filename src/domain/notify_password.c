#include "domain/notify_password.h"
#include "domain/outbox.h"
#include <stdio.h>
#include <string.h>

/* ---- the reset link ---------------------------------------------------- */

struct reset_letter { const char *zEmail; const char *zToken; long long expiresAt; };

static void write_reset(struct letter *l, enum lang lang, void *pCtx){
  const struct reset_letter *x = pCtx;
  letter_subject(l, I18N_FORMAT(lang, "mail.password_reset.subject"));
  letter_para(l, I18N_FORMAT(lang, "mail.password_reset.intro"), x->zEmail);
  char zPath[120];
  snprintf(zPath, sizeof zPath, "/password/reset/%s", x->zToken);
  letter_link(l, i18n_get(lang, "mail.password_reset.link"), zPath);
  char zWhen[80];
  i18n_moment(lang, x->expiresAt, zWhen, sizeof zWhen);
  letter_para(l, I18N_FORMAT(lang, "mail.password_reset.expiry"), zWhen);
  letter_para(l, I18N_FORMAT(lang, "mail.password_reset.not_you"));
}

bool notify_password_reset(struct db *db, long long userId, const char *zToken, long long expiresAt){
  if( !outbox_enabled() ) return true;
  struct recipient to;
  if( !outbox_recipient_user(db, userId, &to) ) return true;
  struct reset_letter x = { to.zEmail, zToken, expiresAt };
  struct outbox_mail m = {
    .zKind = "password_reset", .to = &to, .write = write_reset, .pCtx = &x, .bUrgent = true,
  };
  return outbox_queue(db, &m);
}

void notify_password_reset_compose_only(void){
  if( !outbox_enabled() ) return;
  struct reset_letter x = { "someone@example.wales",
    "0000000000000000000000000000000000000000000000000000000000000000", 0 };
  struct buf subj = {0}, text = {0}, html = {0};
  outbox_render(write_reset, &x, MAIL_BOTH, &subj, &text, &html);
  buf_free(&subj);
  buf_free(&text);
  buf_free(&html);
}

/* ---- a password changed ------------------------------------------------ */

struct changed_letter { const char *zEmail; enum password_change_way way; long long at; };

static void write_changed(struct letter *l, enum lang lang, void *pCtx){
  const struct changed_letter *x = pCtx;
  char zWhen[80];
  i18n_moment(lang, x->at, zWhen, sizeof zWhen);
  letter_subject(l, I18N_FORMAT(lang, "mail.password_changed.subject"));
  letter_para(l, I18N_FORMAT(lang, "mail.password_changed.intro"), x->zEmail, zWhen);
  switch( x->way ){
    case PASSWORD_CHANGED_BY_USER:
      letter_para(l, I18N_FORMAT(lang, "mail.password_changed.by_user")); break;
    case PASSWORD_CHANGED_BY_LINK:
      letter_para(l, I18N_FORMAT(lang, "mail.password_changed.by_link")); break;
    case PASSWORD_CHANGED_BY_ADMIN:
      letter_para(l, I18N_FORMAT(lang, "mail.password_changed.by_admin")); break;
  }
  letter_para(l, I18N_FORMAT(lang, "mail.password_changed.not_you"));
  letter_link(l, i18n_get(lang, "mail.password_changed.link"), "/password/forgot");
}

bool notify_password_changed(struct db *db, long long userId, enum password_change_way way, long long at){
  if( !outbox_enabled() ) return true;
  struct recipient to;
  if( !outbox_recipient_user(db, userId, &to) ) return true;
  struct changed_letter x = { to.zEmail, way, at };
  struct outbox_mail m = {
    .zKind = "password_changed", .to = &to, .write = write_changed, .pCtx = &x, .bUrgent = true,
  };
  return outbox_queue(db, &m);
}
