/*
** What the plan files (plan.c, plan_objective.c, plan_links.c) share and
** nothing else includes. The public interface is plan.h.
*/
#ifndef CC_PLAN_INTERNAL_H
#define CC_PLAN_INTERNAL_H
#include "domain/plan.h"
#include "domain/domain_write.h"
#include "util/buf.h"

/* Check a text field: required or not (zRequiredKey), at most nMax
** characters, clean UTF-8 (one line unless bMultiline), with the plan's
** keys for the last two. One error at most. */
void plan_check_text(struct field_errors *, const char *zField, const char *z, bool bRequired,
                     size_t nMax, bool bMultiline, const char *zRequiredKey);
/* Start the write transaction; false with "plan.error.not_saved" on zField. */
bool plan_begin(struct db *, struct field_errors *, const char *zField);
/* Commit when ok; else roll back with "plan.error.not_saved" on zField. */
bool plan_commit(struct db *, bool ok, struct field_errors *, const char *zField);
/* Inside the transaction: plan planId loaded into *p and writable by u.
** Returns 1 (go on), -1 (not the user's: rolled back) or 0 (not saved,
** error added, rolled back). When bDraft, an agreed plan is refused with
** "plan.error.agreed" on zField (0, rolled back). */
int plan_for_write(struct db *, const struct user *, long long planId, const char *zToday, bool bDraft,
                   struct plan *p, struct field_errors *, const char *zField);
/* Objective objectiveId belongs to plan planId. */
bool plan_objective_in(struct db *, long long planId, long long objectiveId);

#endif
