/*
** The log of a record of a meeting written by one of its writers: the
** audit entry every write has and, when the record is locked (the
** write is a correction), the correction shown on the minutes.
*/
#ifndef CC_RECORD_LOG_H
#define CC_RECORD_LOG_H
#include "domain/record.h"
#include "util/buf.h"

/* Log the creation of record (zKind, id) of meeting meetingId (unit
** unitId), audited as entity zEntity. pNew holds the record's fields as
** an open flat JSON object ("{" and its members, no closing brace); it
** is closed here. With w RECORD_CORRECT the audit entry also keeps the
** reason, and the correction (no old values: the approved record did
** not have it) is written. Inside the caller's transaction; false on a
** database error (roll back). */
bool record_log_create(struct db *, const struct user *, long long meetingId, long long unitId,
                       const char *zEntity, const char *zKind, long long id, struct buf *pNew,
                       enum record_write w, const char *zReason);

#endif
