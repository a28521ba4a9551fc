/*
** What the quality improvement files (qi_project.c, qi_driver.c,
** qi_pdsa.c, qi_measure.c, qi_point.c, qi_link.c) share, and nothing
** outside src/domain/qi_*.c includes. The public interface is qi.h.
**
** Every QI write has the shape of every other domain write (member.c,
** meeting.c): check access (-1), validate into *pErr (0, nothing
** written), then one transaction holding the change and its audit entry,
** committed or rolled back as a whole. qi_begin and qi_commit are that
** transaction's two ends.
*/
#ifndef CC_QI_INTERNAL_H
#define CC_QI_INTERNAL_H
#include "domain/qi.h"
#include "domain/domain_write.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

/* Most people on a project's team (qi_team rows). */
#define QI_TEAM_MAX 100
/* The longest ramp of PDSA cycles walked before giving up (a loop guard). */
#define QI_PDSA_RAMP_MAX 10000

/* ---- input checks (pure) ---- */

/* True if z equals one of az[0..n). False for z NULL. */
bool qi_one_of(const char *z, const char *const *az, int n);
/* z, or NULL when z is NULL or blank (an optional field left empty). */
const char *qi_nonblank(const char *z);
/* v as text that reads back as the same double ("%.17g"), for audit JSON. */
void qi_fmt_double(double v, char zOut[40]);
/* True for the chart kinds that need numerators and denominators (p, u). */
bool qi_is_ratio(const char *zChart);
/* The latest date a value can have been measured on: today in the UK
** (local time) or zToday (UTC) if that is later. */
void qi_latest_measured(const char *zToday, char zOut[11]);

/* ---- the write transaction ---- */

/* Start a write transaction; false with "qi.error.not_saved" on zField
** (when e is not NULL) if the database refuses. */
bool qi_begin(struct db *, struct field_errors *e, const char *zField);
/* End the transaction qi_begin started: commit when ok and the commit
** succeeds (true); else roll back, add "qi.error.not_saved" on zField
** (when e is not NULL) and return false. */
bool qi_commit(struct db *, bool ok, struct field_errors *e, const char *zField);

/* ---- access ---- */

/* Load project id without an access check; false if there is none. */
bool qi_project_load(struct db *, long long id, struct qi_project *p);
/* True if pUser may change project projectId (qi_can_write), with the
** project's unit in *pUnitId. False for a missing project. */
bool qi_project_writable(struct db *, const struct user *, long long projectId, const char *zToday,
                         long long *pUnitId);
/* True if pUser may read project projectId's unit; the project (with
** bCanWrite) into *pProject when not NULL. */
bool qi_project_visible(struct db *, const struct user *, long long projectId, const char *zToday,
                        struct qi_project *pProject);
/* Load measure id without an access check; false if there is none. */
bool qi_measure_load(struct db *, long long id, struct qi_measure *m);
/* Measure measureId (malloc'd, freed by the caller) if pUser may change
** its project, with the project's unit in *pUnitId; else NULL. */
struct qi_measure *qi_measure_for_write(struct db *, const struct user *, long long measureId,
                                        const char *zToday, long long *pUnitId);

#endif
