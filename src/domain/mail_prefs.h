/*
** Each person's choices for their messages: at once or in a daily digest,
** and in English, Welsh or both. Read and written here, below the forms
** that change them (the member form, "How we send you email") and the
** messages that follow them (src/domain/outbox.c).
*/
#ifndef CC_MAIL_PREFS_H
#define CC_MAIL_PREFS_H
#include "db/db.h"
#include "domain/field_errors.h"
#include "domain/outbox.h"
#include "util/buf.h"
#include <stdbool.h>

/* How a person wants their messages (person.mail_mode, person.mail_lang),
** and the address they go to ("" when none). */
struct mail_prefs {
  bool bDigest;
  enum mail_lang lang;
  char zEmail[255];
};
/* Person personId's choices; false when there is no such person. */
bool mail_prefs_get(struct db *, long long personId, struct mail_prefs *);
/* Check a choice as a form sends it: zMode "immediate" or "digest"
** ("mail_mode": error.mail_mode_required), zLang "both", "cy" or "en"
** ("mail_lang": error.mail_lang_required). */
void mail_prefs_check(const char *zMode, const char *zLang, struct field_errors *);
/* Inside the caller's write transaction: set person personId's choices
** (checked), and when they now want each message at once, send what was
** held for their digest now. Old and new values into the JSON objects
** pOld and pNew (keys mail_mode, mail_lang, added without braces) for the
** caller's audit entry. */
bool mail_prefs_write(struct db *, long long personId, const char *zMode, const char *zLang,
                         struct buf *pOld, struct buf *pNew);

#endif
