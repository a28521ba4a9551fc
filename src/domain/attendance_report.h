/*
** Attendance evidence (seed 001): independent contractors need evidence of
** the meetings they attended for their remuneration. Per person, for the
** meetings of a unit dated within [from, to] that were held or scheduled
** (not cancelled):
**   expected     meetings on a date when they were a member of the unit
**   attended     of those, recorded present or online
**   asDeputy     meetings they attended as a deputy for someone (member or not)
**   deputisedFor of the expected, meetings where someone sat as their deputy
**   apologies    of the expected, recorded as apologies
**   absent       of the expected, neither attended, nor apologies, nor
**                covered by a deputy (absent, in attendance, or not recorded)
** People listed: members during the period and anyone who deputised.
*/
#ifndef CC_ATTENDANCE_REPORT_H
#define CC_ATTENDANCE_REPORT_H
#include "db/db.h"
#include "domain/access.h"
#include <stdbool.h>

struct attendance_row {
  long long personId;
  char zName[201];
  int nExpected, nAttended, nAsDeputy, nDeputisedFor, nApologies, nAbsent;
};
typedef void (*attendance_row_cb)(void *pCtx, const struct attendance_row *);

/* Rows for unitId over [zFrom, zTo] (YYYY-MM-DD, inclusive), by name.
** Returns the count, or -1 when pUser may not read the unit (checked
** here). A database error ends the rows early. */
int attendance_report(struct db *, const struct user *, long long unitId,
                      const char *zFrom, const char *zTo, const char *zToday,
                      attendance_row_cb, void *pCtx);

#endif
