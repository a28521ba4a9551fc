/*
** The minutes of a meeting, item by item, in the form its terms of
** reference choose (seed 001, "A record of the meetings"): formal
** minutes, notes of the meeting, or action notes. One writer for them,
** minutes_save_all, which the one-page form uses for every item at once
** and the item page's form for one; it follows the rule of the record
** (record.h): nothing before the meeting starts, freely until the
** minutes are approved, then each changed item is a correction with the
** reason given.
*/
#ifndef CC_MINUTES_H
#define CC_MINUTES_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "domain/meeting.h"
#include "html/i18n.h"
#include "util/buf.h"
#include <stdbool.h>

/* The form of the minutes of meeting m: "formal", "notes" or "actions",
** from the latest terms of reference of its unit agreed on or before the
** meeting date (or, failing that, the earliest version: a cluster that
** wrote its terms after the meeting still has a form). "formal" when the
** unit has none. zOut holds 10 bytes. */
void minutes_form_of(struct db *, const struct meeting *m, char zOut[10]);

/* How the minutes name attendee a of a meeting, appended to pOut: a
** member present by name; a deputy, someone also in attendance, or anyone
** who is not a member, with their organisation when one is recorded:
** "Huw Thomas (Cardiff Council)". */
void minutes_attendee_name(struct db *, enum lang, const struct attendee *a, struct buf *pOut);

/* One item's minutes as a form sends them: zMarkdown as typed (blank:
** none), and zField, the form field to put its error on (it must outlive
** the field_errors: a literal or the request's form). */
struct minutes_entry {
  long long itemId;
  const char *zMarkdown;
  const char *zField;
};

/* Save the minutes of the n items a[] of meeting m in one transaction:
** all of them or none. Each item must be m's and accepted, and visible to
** pUser when restricted; each text at most MINUTES_MAX bytes of clean
** UTF-8 (the error on its zField). record_may_write decides inside the
** transaction: before the start the error is on a[0].zField; once the
** minutes are approved zReason is required ("correction_reason") and each
** changed item gets its correction (record_correction, kind "minutes").
** Only items whose text changes are written and audited; the minutes
** become a draft when the first is written. Returns the number of items
** changed (0 when nothing changed), -1 with errors in e (nothing
** written), or -2 when pUser may not write the meeting's unit or an item
** is not one pUser may see (answer 404). */
int minutes_save_all(struct db *, const struct user *, const struct meeting *m,
                     const struct minutes_entry *a, int n, const char *zReason,
                     const char *zToday, struct field_errors *e);

/* One item's minutes, as the item page's form sends them: minutes_save_all
** for that item alone (field "minutes"). True when saved; false with
** *pErr otherwise, nothing written: "error.not_allowed" when pUser may
** not write them (or see the restricted item), else what is wrong with
** the input, or "error.not_saved". */
bool minutes_save(struct db *, const struct user *, const struct meeting *m, long long itemId,
                  const char *zMarkdown, const char *zCorrectionReason, const char *zToday,
                  struct field_errors *pErr);

#endif
