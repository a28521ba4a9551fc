/*
** What the views of plans read (db/migrations/0016_plan.*.sql): the plan
** on a page, a Pan Cluster Planning Group's or health board's plans side
** by side, and the objectives aligned to each IMTP objective of a health
** board. Reads only; the plans are written by src/domain/plan.h.
**
** Financial years are written '2026/27': April 2026 to March 2027, its
** quarters 1 (April to June) to 4 (January to March).
**
** Who sees what: a plan is read by whoever may read its unit
** (access_can_read); the units below a unit inherit its readers, so the
** lists below a unit are read by whoever may read that unit.
*/
#ifndef CC_PLAN_VIEWS_H
#define CC_PLAN_VIEWS_H
#include "db/db.h"
#include "domain/access.h"
#include <stdbool.h>

/* ---- financial years (pure) --------------------------------------------------- */

/* The financial year of date zDate (YYYY-MM-DD...) as '2026/27' into zOut. */
void planview_year_of(const char *zDate, char zOut[8]);
/* True for a financial year written as '2026/27' (years 1000 to 9998). */
bool planview_year_ok(const char *zYear);
/* The first and last days of financial year zYear (valid), YYYY-MM-DD. */
void planview_year_bounds(const char *zYear, char zStart[11], char zEnd[11]);
/* The last day of quarter q (1..4) of financial year zYear. */
void planview_quarter_end(const char *zYear, int q, char zOut[11]);
/* The year n years after zYear (n may be negative) into zOut. */
void planview_year_shift(const char *zYear, int n, char zOut[8]);

/* ---- a plan --------------------------------------------------------------------- */

struct planview_plan {
  long long id;
  long long unitId;
  char zUnitSlug[81], zUnitName[201], zUnitNameCy[201], zUnitKind[20];
  char zYear[8];
  char zVision[2001];
  bool bAgreed;
  bool bDemo;
  long long decisionId;            /* 0 for a draft */
  long long agreedAt;
  long long meetingId, itemId;     /* where it was agreed; 0 for a draft */
  char zMeetingTitle[201];
  char zMeetingDate[11];
  char zDecision[1001];
  long long assessmentId;          /* 0 when none */
};
/* Plan id into *p, with no access check. False when there is none. */
bool planview_get(struct db *, long long id, struct planview_plan *p);
/* Plan id if pUser may read its unit on zToday; false otherwise (404). */
bool planview_get_visible(struct db *, const struct user *pUser, long long id, const char *zToday,
                          struct planview_plan *p);

struct planview_objective {
  long long id;
  long long planId;
  char zRef[16];
  char zTitle[501];
  long long priorityId;
  char zPriority[501];
  long long measureId, projectId;  /* a QI measure and its project, or 0 */
  char zMeasure[401];
  long long indicatorId;           /* an indicator, or 0 */
  char zIndicatorCode[41], zIndicatorEn[801], zIndicatorCy[801];
  char zTarget[501];
  char zDue[11];                   /* "" when none */
  long long ownerId;
  char zOwner[201];
  int quarter;                     /* of the latest progress, 0 when none */
  char zRag[8];                    /* red, amber, green, or "" */
};
typedef void (*planview_objective_cb)(void *pCtx, const struct planview_objective *);
/* The objectives of plan planId in their order. Returns how many, -1 on
** a database error. */
int planview_objectives(struct db *, long long planId, planview_objective_cb, void *pCtx);

/* The title of priority id into z (n bytes); "" when there is none. */
void planview_priority_title(struct db *, long long id, char *z, size_t n);

/* ---- below a unit ------------------------------------------------------------ */

/* A unit below another, and its plan of a year (planId 0 when none). */
struct planview_unit_plan {
  long long unitId;
  char zSlug[81], zName[201], zNameCy[201], zKind[20];
  long long planId;
  bool bAgreed, bDemo;
};
typedef void (*planview_unit_plan_cb)(void *pCtx, const struct planview_unit_plan *);
/* The clusters and Pan Cluster Planning Groups below unit unitId on
** zToday (the unit itself first when it is a group), each with its plan
** of year zYear: groups first, then clusters, by name. Returns how many,
** -1 on a database error. */
int planview_units_below(struct db *, long long unitId, const char *zToday, const char *zYear,
                         planview_unit_plan_cb, void *pCtx);

/* An objective aligned to something, with its plan and unit. */
struct planview_aligned {
  long long objectiveId, planId, targetId;   /* targetId: the objective or reference aligned to */
  char zRef[16];
  char zTitle[501];
  char zUnitSlug[81], zUnitName[201], zUnitNameCy[201];
  char zRag[8];
  bool bDemo;
};
typedef void (*planview_aligned_cb)(void *pCtx, const struct planview_aligned *);
/* The objectives aligned to an objective of plan planId (every one of
** them, by target objective, unit name and ref). Returns how many, -1 on
** a database error. */
int planview_aligned_to_plan(struct db *, long long planId, planview_aligned_cb, void *pCtx);
/* The objectives of plans of year zYear, of units below unitId on
** zToday, aligned to the references of kind zKind owned by unitId (by
** reference, unit name and ref). Returns how many, -1 on a database
** error. */
int planview_aligned_to_references(struct db *, long long unitId, const char *zKind, const char *zYear,
                                   const char *zToday, planview_aligned_cb, void *pCtx);

#endif
