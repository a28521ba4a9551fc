/*
** Projects (issue 14, seed 001 "Project Management", seed 003 Grint):
** a project of a cluster, a professional collaborative or a PCPG, for an
** objective of its plan, from an approved business case or started
** directly; its problem type (critical, tame, wicked); five stages
** (Initiate, Plan, Deliver, Monitor, Close), each move a gate agreed by a
** decision of a meeting of the owning group; its schedule of milestones;
** tolerances on cost and time against its budget and end date; risks and
** issues (src/domain/risk.h); documents (src/domain/project_doc.h); and
** its evaluation (src/domain/evaluation.h).
**
** Who may: read = access_can_read on the project's unit; write =
** access_can_write on it, not national (project_get_visible sets the
** flags). What one may not read answers 404.
** (db/migrations/0018_projects.*.sql.)
*/
#ifndef CC_PROJECT_H
#define CC_PROJECT_H
#include "db/db.h"
#include "domain/access.h"
#include <stdbool.h>
#include <stddef.h>

#define PROJECT_TITLE_MAX 200    /* characters of a title */
#define PROJECT_TEXT_MAX 8000    /* characters of a text field */

/* ---- codes ---- */
enum project_stage { PSTAGE_INITIATE = 0, PSTAGE_PLAN, PSTAGE_DELIVER, PSTAGE_MONITOR,
                     PSTAGE_CLOSE, PSTAGE__N };
/* "initiate", "plan", "deliver", "monitor", "close"; NULL out of range. */
const char *project_stage_code(int iStage);
/* The stage of code z; -1 for none. */
int project_stage_of(const char *z);

enum problem_type { PROBLEM_CRITICAL = 0, PROBLEM_TAME, PROBLEM_WICKED, PROBLEM__N };
/* "critical", "tame", "wicked"; NULL out of range. */
const char *project_problem_code(int iType);
int project_problem_of(const char *z);

enum rag { RAG_GREEN = 0, RAG_AMBER, RAG_RED };
/* "green", "amber", "red". */
const char *project_rag_code(enum rag);

/* ---- one project ---- */
struct project {
  long long id, unitId;
  char zUnitSlug[81], zUnitName[201], zUnitNameCy[201], zUnitKind[20];
  long long objectiveId;           /* 0: none */
  long long objectivePlanId;
  char zObjectiveRef[16];
  char zObjectiveTitle[801];
  long long businessCaseId;        /* 0: started directly */
  char zCaseTitle[801];
  char zTitle[4*PROJECT_TITLE_MAX+1];
  char *zSummary;                  /* owned; project_free */
  char zProblemType[12];           /* critical tame wicked */
  char *zProblemReason;            /* owned */
  bool bComplex;
  char zStage[12];                 /* initiate plan deliver monitor close */
  long long ownerPersonId;         /* 0: none */
  char zOwnerName[201];
  char zSponsor[801];
  char zStartOn[11], zEndOn[11];
  long long budgetPence;
  int costTolerancePct, timeToleranceDays, riskTolerance;
  char zRecommendation[12];        /* "" none; continue scale_up stop */
  char *zRecommendationReason;     /* owned */
  char zClosedOn[11];              /* "" open */
  bool bDemo;
  long long createdAt, updatedAt;
  bool bWriter;                    /* may write the unit (not national) */
  bool bCanWrite;                  /* bWriter and the project is not closed */
};
/* Load project id (no access check); false when there is none. */
bool project_load(struct db *, long long id, struct project *p);
/* Load project id if pUser may read its unit, setting the b... flags;
** false (answer 404) otherwise. */
bool project_get_visible(struct db *, const struct user *, long long id, const char *zToday,
                         struct project *p);
void project_free(struct project *p);

/* ---- its state from live data: money from the ledger, time from the
** milestones, risks and issues ---- */
struct project_facts {
  long long budgetPence;
  long long committedPence;  /* Σ value of its committed commitments */
  long long requestedPence;  /* Σ value of its requested commitments (shown, not counted) */
  long long spentPence;      /* Σ spend against any of its commitments, every year */
  long long forecastPence;   /* Σ over committed commitments max(value, spent against it)
                                + spend against its commitments that are not committed */
  char zEndOn[11];           /* the baseline end */
  char zForecastEnd[11];     /* the latest milestone: done_on if done, else max(due_on,
                                today); the baseline end when there are no milestones */
  char zNextMilestone[11];   /* the earliest milestone not done ("" none) */
  char zNextMilestoneTitle[801];
  int nMilestones, nMilestonesDone, nMilestonesOverdue;  /* overdue: not done, due_on < today */
  int nRisksOpen, nRisksOverTolerance;   /* open risks; those with residual > riskTolerance */
  int maxResidual;           /* highest residual score of an open risk (0: none) */
  int nIssuesOpen, nIssuesOverdue;       /* overdue: open, due_on < today */
  int costTolerancePct, timeToleranceDays, riskTolerance;
};
/* Read them for project id (every figure in one pass per table). */
bool project_facts_load(struct db *, long long id, const char *zToday, struct project_facts *);
/* The facts built one record at a time, the same for one project and for
** a portfolio (pure): a commitment with its status, value and what was
** spent against it; a milestone (zDone "" or NULL when not done; the
** first one replaces the baseline end as the forecast end); an open risk
** by its residual likelihood and consequence (true when it is now the
** highest residual score). Start from a zeroed struct with the budget,
** baseline end (also as zForecastEnd) and tolerances set. */
void project_facts_commitment(struct project_facts *, const char *zStatus, long long valuePence, long long spentPence);
void project_facts_milestone(struct project_facts *, const char *zTitle, const char *zDue, const char *zDone,
                             const char *zToday);
bool project_facts_risk(struct project_facts *, int residualLikelihood, int residualConsequence);

/* ---- pure (unit-tested) ---- */
/* Cost broken: forecast > budget x (100 + tolerance) / 100, in whole
** pence without rounding (forecast x 100 > budget x (100 + pct)). */
bool project_cost_broken(const struct project_facts *);
/* Time broken: the forecast end is more than timeToleranceDays days
** after the baseline end. */
bool project_time_broken(const struct project_facts *);
/* RAG: red when a tolerance is broken; amber when the forecast is over
** the budget or the forecast end after the baseline (within tolerance),
** or a milestone or issue is overdue, or an open risk is above the risk
** tolerance; green otherwise. *pzWhy (may be NULL) gets the i18n key of
** the first reason ("project.rag.why.cost", ".time", ".over_budget",
** ".late", ".milestone_overdue", ".issue_overdue", ".risk", ".on_track"). */
enum rag project_rag(const struct project_facts *, const char **pzWhy);

/* The gate out of stage iFrom (to iFrom + 1). Its requirements, in order,
** each an i18n key "project.gate.need.<code>" with what is missing:
**   every stage: the documents of the stage (project_doc.h: required,
**     and complex-only ones when the project is complex) complete;
**   plan -> deliver also: a milestone, a risk, a logic model outcome;
**   deliver -> monitor also: a progress report complete (counted as a
**     document of the stage);
**   monitor -> close also: a measurement recorded in the evaluation;
**   and always: a decision of a meeting of the owning unit, chosen when
**     the gate is passed. */
struct gate_facts {
  int iFrom;
  bool bComplex;
  int nDocsMissing;            /* documents of the stage not complete */
  const char *azDocMissing[16];/* their kinds (project_doc.h codes) */
  int nMilestones, nRisks, nOutcomes, nMeasured;
};
/* Load what the gate out of the project's current stage needs. */
bool project_gate_facts(struct db *, const struct project *, struct gate_facts *);
/* The requirements of g not met, as i18n key codes ("doc" for each
** missing document is reported through azDocMissing): into azOut (at
** most nMax), their number; 0: the gate may pass once a decision is
** chosen. Codes: "milestone", "risk", "outcome", "measured". */
int project_gate_missing(const struct gate_facts *g, const char **azOut, int nMax);

/* Number of whole days from ISO date zA to zB (zB - zA); 0 for bad dates. */
long long project_days_between(const char *zA, const char *zB);

/* For the API (GET /api/v1/projects/{id}): the keys "risks", "milestones",
** "gates" and "issues" of the project's object, each an array oldest first
** (milestones by due date) (project_json.c). */
struct buf;
void project_register_json(struct db *, long long projectId, struct buf *b, bool *pbFirst);

#endif
