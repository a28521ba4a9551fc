/*
** The record of what happened at a meeting: attendance, declarations and
** their outcomes, decisions and votes, elections, the minutes of every
** item and the actions raised there. One rule for every writer of it:
**
**   - before the meeting starts nothing of it may be written (apologies
**     are the exception: attendance.c lets them through);
**   - from the start until its minutes are approved it is written freely;
**   - once the minutes are approved it is locked, and every change is a
**     correction: it needs a reason, is written with record_correction
**     (shown on the minutes with its date and reason, the original still
**     readable) as well as the writer's own audit entry;
**   - a cancelled meeting has no record.
**
** Every writer calls record_may_write inside its write transaction, so
** that minutes approved a moment earlier cannot be missed.
*/
#ifndef CC_RECORD_H
#define CC_RECORD_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include <stdbool.h>

enum record_state {
  RECORD_AHEAD,      /* the meeting has not started */
  RECORD_OPEN,       /* started (or held), minutes not approved */
  RECORD_LOCKED,     /* minutes approved */
  RECORD_CANCELLED,  /* cancelled: nothing to record */
};

/* The state of meeting meetingId's record at local time zNow
** ('YYYY-MM-DDTHH:MM'; NULL: now), read from the database (inside the
** caller's transaction when there is one). False when the meeting is not
** there or the database fails. */
bool record_state_of(struct db *, long long meetingId, const char *zNow, enum record_state *pOut);
/* The same from what a page has loaded: the meeting's start, status and
** minutes status (for pages deciding what to offer; writers use
** record_may_write). */
enum record_state record_state_at(const char *zStartsAt, const char *zStatus,
                                  const char *zMinutesStatus, const char *zNow);

/* Longest reason for a correction, in bytes. */
#define RECORD_REASON_MAX 1000

enum record_write { RECORD_REFUSED, RECORD_WRITE, RECORD_CORRECT };
/* The check at the top of every write of meeting meetingId's record,
** inside the write's transaction. RECORD_WRITE: go on. RECORD_CORRECT:
** the record is locked and zReason is a good reason: go on, and call
** record_correction for the record changed. RECORD_REFUSED, with a
** message added to e: before the start ("error.record_before_start" on
** zField), cancelled ("error.meeting_cancelled" on zField), locked
** without a reason ("error.correction_reason_required" on
** "correction_reason"), a reason too long or not clean text, or a
** database failure ("error.not_saved" on zField). The caller rolls back
** when refused. */
enum record_write record_may_write(struct db *, long long meetingId, const char *zField,
                                   const char *zReason, struct field_errors *e);

/* Write the correction of record (zKind, recordId) of meeting meetingId:
** zOld and zNew are flat JSON objects of the fields changed (as the audit
** log keeps them; NULL for a record added or removed), zReason the reason
** record_may_write accepted. Inside the caller's transaction; false on a
** database error (roll back). zKind is one of record_kinds. */
bool record_correction(struct db *, const struct user *, long long meetingId, const char *zKind,
                       long long recordId, const char *zOld, const char *zNew, const char *zReason);

/* The kinds of record a correction names, NULL-ended; each has the
** catalogue key "correction.kind.CODE". */
extern const char *const record_kinds[];

struct correction {
  long long id;
  char zKind[24];
  long long recordId;
  long long at;              /* Unix time */
  char zActor[260];
  const char *zOld;          /* valid only during the callback; NULL when none */
  const char *zNew;
  const char *zReason;
};
typedef void (*correction_cb)(void *pCtx, const struct correction *);
/* The corrections of meeting meetingId, oldest first: of record (zKind,
** recordId), or of every kind (zKind NULL) or every record of the kind
** (recordId 0). The caller has checked read access to the meeting, and
** asks only for the records the reader may see (a restricted item's).
** Returns how many. */
int record_corrections(struct db *, long long meetingId, const char *zKind, long long recordId,
                       correction_cb, void *pCtx);

#endif
