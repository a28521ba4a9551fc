/*
** The time an agenda takes against the time its meeting has.
*/
#ifndef CC_AGENDA_TIME_H
#define CC_AGENDA_TIME_H
#include "db/db.h"

/* By how many minutes the items on meeting meetingId's agenda (accepted
** items, restricted ones included: they take their time whoever reads)
** run past the meeting's end; 0 when they fit, the meeting is not there
** or the database fails. */
int agenda_overrun_minutes(struct db *, long long meetingId);
/* The same from what a page has loaded: the meeting's start and end
** ('YYYY-MM-DDTHH:MM') and the minutes its accepted items take. 0 when
** they fit or a time does not read. */
int agenda_overrun_of(const char *zStartsAt, const char *zEndsAt, int nItemMinutes);

#endif
