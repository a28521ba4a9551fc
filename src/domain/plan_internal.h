/*
** What the plan files (plan.c, plan_objective.c, plan_links.c) share and
** nothing else includes. The public interface is plan.h.
*/
#ifndef CC_PLAN_INTERNAL_H
#define CC_PLAN_INTERNAL_H
#include "domain/plan.h"
#include "util/buf.h"

/* True if s returns a row (s finished). */
bool plan_has_row(struct stmt *s);
/* The first column of s's first row, dflt when none (s finished). */
long long plan_first_int(struct stmt *s, long long dflt);
/* Check a text field: required or not, at most nMax characters, clean
** UTF-8 (one line unless bMultiline). One error at most. */
void plan_check_text(struct field_errors *, const char *zField, const char *z, bool bRequired,
                     size_t nMax, bool bMultiline, const char *zRequiredKey);
/* "" or NULL: 0 and true; a positive integer below 2^53: it, true; else false. */
bool plan_parse_id(const char *z, long long *pId);
/* Start the write transaction; false with "plan.error.not_saved" on zField. */
bool plan_begin(struct db *, struct field_errors *, const char *zField);
/* Commit when ok; else roll back with "plan.error.not_saved" on zField. */
bool plan_commit(struct db *, bool ok, struct field_errors *, const char *zField);
/* One audit entry; frees the buffers (NULL: none). */
bool plan_audit(struct db *, const struct user *, const char *zAction, const char *zEntity, long long id,
                long long unitId, struct buf *pOld, struct buf *pNew);
/* Inside the transaction: plan planId loaded into *p and writable by u.
** Returns 1 (go on), -1 (not the user's: rolled back) or 0 (not saved,
** error added, rolled back). When bDraft, an agreed plan is refused with
** "plan.error.agreed" on zField (0, rolled back). */
int plan_for_write(struct db *, const struct user *, long long planId, const char *zToday, bool bDraft,
                   struct plan *p, struct field_errors *, const char *zField);
/* Objective objectiveId belongs to plan planId. */
bool plan_objective_in(struct db *, long long planId, long long objectiveId);

#endif
