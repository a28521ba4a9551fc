/*
** A project's tolerances on cost and time (issue 14): when the forecast
** from the ledger and the milestones breaks one (project_cost_broken,
** project_time_broken in project.h), an exception report is opened by
** itself, as a draft with its situation filled in from the facts, and the
** project's owner is told by e-mail, in the languages they read.
**
** A report is opened once per breach of a baseline: its trigger ('cost'
** or 'time') and breach key, the baseline that was broken,
**   cost:<budget_pence>:<cost_tolerance_pct>
**   time:<end_on>:<time_tolerance_days>
** so a new report opens only when the baseline changes and the new one is
** broken too.
**
** project_tolerance_check runs after each write to a project or its
** milestones (inside that write's transaction); project_tolerance_sweep
** runs once a day over every open project (the scheduled mailings), so
** that spend imported from the ledger opens reports too.
*/
#ifndef CC_PROJECT_TOLERANCE_H
#define CC_PROJECT_TOLERANCE_H
#include "db/db.h"
#include "domain/project.h"
#include <stdbool.h>
#include <stddef.h>

/* Check project projectId's tolerances as at zToday (YYYY-MM-DD) and, for
** each broken one without an exception report of that trigger and breach
** key, open one (draft, situation filled in), audit it and queue an
** e-mail to the owner. Inside the caller's write transaction (asserted).
** Nothing for a closed project or one that does not exist. False on a
** database failure (the transaction is then doomed); *pnOpened (may be
** NULL) gets the number of reports opened. */
bool project_tolerance_check_n(struct db *, long long projectId, const char *zToday, long long now,
                               int *pnOpened);
bool project_tolerance_check(struct db *, long long projectId, const char *zToday, long long now);

/* The daily sweep: in its own transaction, once per zToday across servers
** and restarts (outbox_job_claim "project-tolerances"), check every open
** project. True when done or done already; *pnOpened (may be NULL) the
** reports opened (-1 when the day was done already). */
bool project_tolerance_sweep(struct db *, const char *zToday, long long now, int *pnOpened);

/* ---- pure (unit-tested) ---- */
/* The breach keys: "cost:<budget>:<pct>", "time:<end_on>:<days>". */
void project_breach_key_cost(long long budgetPence, int pct, char *zOut, size_t n);
void project_breach_key_time(const char *zEndOn, int days, char *zOut, size_t n);
/* The most the forecast may be without breaking the cost tolerance:
** budget x (100 + pct) / 100, rounded down to whole pence. */
long long project_cost_limit(long long budgetPence, int pct);

#endif
