/*
** Priorities of a needs assessment (issue 12, seed 001 "Prioritising
** need"): each drawn from findings of the assessment (priority_finding:
** the evidence a priority keeps), scored 0 to 5 on the six criteria of
** src/domain/priority_rank.h, and ranked by the weighted score under the
** assessment's weights (priority_weight; a criterion without a row weighs
** its default, priority_default_weight). The rank is computed, never
** stored. Plan objectives made from a priority point back at it
** (plan_objective.priority_id).
**
** Who may: as the assessment (needs.h): read with the unit, write as a
** writer of the unit, never a national user. Writes are one transaction
** with their audit entry (entity "priority"; the weights are audited as
** an update of the "needs_assessment"). Returns as needs.h's writers.
** Field names in *pErr:
**   priority  title description score-CODE (one per criterion) findings priority (delete refused)
**   weights   weight-CODE (one per criterion)
*/
#ifndef CC_PRIORITY_H
#define CC_PRIORITY_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "domain/needs.h"
#include "domain/priority_rank.h"
#include <stdbool.h>

#define PRIORITY_FINDINGS_MAX 200

struct priority {
  long long id, assessmentId;
  char zTitle[4*NEEDS_TITLE_MAX+1];
  char zDescription[4*NEEDS_TEXT_MAX+1];
  int aScore[PRIORITY_CRITERIA];  /* 0 where none was stored */
  int nObjectives;                /* plan objectives made from it */
};
typedef void (*priority_cb)(void *pCtx, const struct priority *);

/* The weights of assessmentId (defaults where none is stored). False on
** a database error (aWeight then holds the defaults). */
bool priority_weights(struct db *, long long assessmentId, int aWeight[PRIORITY_CRITERIA]);
/* True if any weight of assessmentId is stored (else all are defaults). */
bool priority_weights_set(struct db *, long long assessmentId);
/* Save the six weights as typed (azWeight by criterion: whole numbers 0
** to 10). Returns assessmentId, 0 with *pErr, -1 without access. */
long long priority_weights_save(struct db *, const struct user *, long long assessmentId,
                                const char *const azWeight[PRIORITY_CRITERIA], const char *zToday,
                                struct field_errors *pErr);

/* The priorities of assessmentId by id (the caller ranks them). */
int priority_list(struct db *, long long assessmentId, priority_cb, void *pCtx);
/* Load priority id without an access check. */
bool priority_load(struct db *, long long id, struct priority *p);
/* Load priority id and its assessment (with bCanWrite) if pUser may read
** its unit; false, as for one that does not exist, otherwise. */
bool priority_get_visible(struct db *, const struct user *, long long id, const char *zToday,
                          struct priority *p, struct needs_assessment *pAssessment);

struct priority_input {
  const char *zTitle, *zDescription;
  const char *azScore[PRIORITY_CRITERIA];   /* "0".."5" each, required */
  const long long *aFinding;                /* findings of the same assessment */
  int nFinding;
};
/* Add (priorityId 0) or change a priority of assessmentId with its scores
** and findings. Returns its id, 0 with *pErr, -1 without access. */
long long priority_save(struct db *, const struct user *, long long assessmentId, long long priorityId,
                        const struct priority_input *, const char *zToday, struct field_errors *pErr);
/* Remove a priority no plan objective was made from (else 0 with
** "priority.error.in_use" on "priority"), with its scores and findings. */
long long priority_delete(struct db *, const struct user *, long long priorityId, const char *zToday,
                          struct field_errors *pErr);

/* The findings a priority came from, by source then order. */
int priority_findings(struct db *, long long priorityId, needs_finding_cb, void *pCtx);
/* The ids of those findings into aId (at most nMax); returns how many. */
int priority_finding_ids(struct db *, long long priorityId, long long *aId, int nMax);

/* A plan objective made from a priority. */
struct priority_objective {
  long long id, planId;
  char zRef[24];
  char zTitle[4*NEEDS_TITLE_MAX+1];
  char zYear[NEEDS_YEAR_MAX];
  char zStatus[12];               /* the plan's: draft, agreed */
};
typedef void (*priority_objective_cb)(void *pCtx, const struct priority_objective *);
int priority_objectives(struct db *, long long priorityId, priority_objective_cb, void *pCtx);
/* The plan of unitId for zYear (an objective can be made from a priority
** of that year's assessment in it): its id, and whether it is still a
** draft, into *pbDraft. 0 when there is none. */
long long priority_plan_of(struct db *, long long unitId, const char *zYear, bool *pbDraft);

#endif
