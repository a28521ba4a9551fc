/*
** The thread from an indicator to what it justified, for one unit: the
** findings of the unit's needs assessments that rest on the indicator
** (needs_finding.indicator_id), the priorities made from those findings
** (priority_finding), and the objectives of the unit's plans that either
** are measured by the indicator (plan_objective.indicator_id) or were made
** from one of those priorities (plan_objective.priority_id). The schema:
** db/migrations/0016_plan.*.sql. The page that shows it links each to its
** own page (/needs/{id}, /priorities/{id}, /plans/{plan}/objectives/{id}).
**
** Three reads, whatever the number of findings. The caller has checked
** that the unit may be read: its assessments and plans are read by
** whoever may read the unit.
*/
#ifndef CC_INDICATOR_THREAD_H
#define CC_INDICATOR_THREAD_H
#include "db/db.h"
#include <stdbool.h>
#include <stddef.h>

struct indicator_thread_finding {
  long long id, assessmentId;
  char zYear[16];                 /* the assessment's financial year, "2026/27" */
  char zPeriod[24];               /* the indicator's period it read; "" when none */
  char zWhat[401];                /* What: cut to 400 bytes at a character */
  bool bDemo;                     /* the assessment is demonstration data */
};
struct indicator_thread_priority {
  long long id, assessmentId;
  long long findingId;            /* the finding it came from (a priority from two comes twice) */
  char zTitle[401];
};
struct indicator_thread_objective {
  long long id, planId;
  char zRef[16];                  /* "O1" */
  char zTitle[401];
  char zYear[16];                 /* the plan's year */
  bool bMeasured;                 /* measured by the indicator */
  long long priorityId;           /* made from this priority; 0 when none */
  bool bDemo;                     /* the plan is demonstration data */
};
/* A project for one of those objectives (the thread onwards, issue 14). */
struct indicator_thread_project {
  long long id, objectiveId;
  char zTitle[401];
  char zStage[12];                /* project.h stage code */
};
struct indicator_thread {
  size_t nFinding, nPriority, nObjective, nProject;
  struct indicator_thread_project *aProject;       /* by objective, then title */
  struct indicator_thread_finding *aFinding;       /* newest year first, then in the assessment's order */
  struct indicator_thread_priority *aPriority;     /* by finding, then title */
  struct indicator_thread_objective *aObjective;   /* newest year first, then the plan's order */
};

/* Load the thread of indicatorId for unitId. False on a database error
** (nothing to free then). */
bool indicator_thread_load(struct db *, long long indicatorId, long long unitId, struct indicator_thread *pOut);
void indicator_thread_free(struct indicator_thread *);

#endif
