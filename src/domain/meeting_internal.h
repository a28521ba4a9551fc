/*
** What meeting.c shares with meeting_change.c, and nothing else uses: the
** checks and the item insert behind the changes to meetings and agendas
** that tell people (meeting_change.c), which sit above meeting.c and the
** messages they send, so that neither calls the other back.
*/
#ifndef CC_MEETING_INTERNAL_H
#define CC_MEETING_INTERNAL_H
#include "db/db.h"
#include "domain/field_errors.h"
#include "domain/meeting.h"
#include <stdbool.h>
#include <stddef.h>

/* A text field: required or not, at most nMax bytes, clean UTF-8 on one line. */
void meeting_check_text(struct field_errors *e, const char *zField, const char *z,
                       bool bRequired, const char *zRequiredKey, size_t nMax);

/* Insert an agenda item at position (inside the caller's transaction); its id into *pId. */
bool meeting_insert_item(struct db *db, long long meetingId, int position, const char *zTitle,
                        const char *zPurpose, long long leadId, int nMinutes, const char *zStanding,
                        const char *zStatus, long long proposedBy, bool bRestricted, const char *zDescription,
                        long long proposedByUser, long long *pId);

/* Check a meeting's fields (as the new and edit forms send them); its start and end as stored. */
bool meeting_validate(const struct meeting_input *in, const char *zNow, struct field_errors *e,
                             char zStarts[17], char zEnds[17]);

/* Another meeting of unitId (other than exceptId) at the same time: an error on the date. */
void meeting_check_overlap(struct db *db, long long unitId, long long exceptId, const char *zStarts,
                          const char *zEnds, struct field_errors *e);

/* Inside the write transaction: meeting m is still ahead (not started,
** not held, not cancelled); otherwise the reason on zField (zStartedKey
** once it has started) and false. */
bool meeting_still_ahead(struct db *db, const struct meeting *m, const char *zField,
                        const char *zStartedKey, struct field_errors *e);

#endif
