/*
** Writing projects (issue 14): starting one from an approved business
** case or directly, editing it, its milestones, passing the gate out of
** its stage with a decision of a meeting of its unit, and closing it; and
** the portfolio of a unit read set-based (project_portfolio.c).
**
** Writers return the row's id (> 0); 0 with the errors in *e; -1 when the
** record does not exist or the user may not change it (answer 404). Each
** write is one transaction with its audit entry (entities "project",
** "project_milestone", "project_gate"); after a project or milestone write
** the tolerances are checked in the same transaction.
*/
#ifndef CC_PROJECT_WRITE_H
#define CC_PROJECT_WRITE_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "domain/project.h"
#include <stdbool.h>

/* What the start and edit forms send (text as typed). */
struct project_input {
  const char *zTitle, *zSummary, *zProblemType, *zProblemReason, *zSponsor;
  const char *zStartOn, *zEndOn;
  const char *zBudget;              /* pounds and pence as typed; ignored from a case */
  const char *zCostTol, *zTimeTol, *zRiskTol;
  const char *zOwner;               /* person id as typed ("" none) */
  const char *zObjective;           /* plan objective id ("" none); ignored from a case */
  bool bComplex;
};

/* The case's total expected cost (Σ of its cost rows); -1 when the case
** is not an approved case of unitId. *pObjectiveId gets its objective. */
long long project_case_budget(struct db *, long long caseId, long long unitId, long long *pObjectiveId);
/* The project started from case caseId (0: none). */
long long project_of_case(struct db *, long long caseId);
/* The objectives a project of unitId may serve: of its plans, latest year
** first. zYear, zRef, zTitle as text. */
typedef void (*pobjective_cb)(void *pCtx, long long id, const char *zYear, const char *zRef, const char *zTitle);
int project_objective_choices(struct db *, long long unitId, pobjective_cb, void *pCtx);
/* The unit's open projects, by title. */
typedef void (*pchoice_cb)(void *pCtx, long long id, const char *zTitle);
int project_open_choices(struct db *, long long unitId, pchoice_cb, void *pCtx);

/* Start a project of unitId (caseId > 0: from that approved case: its
** budget, objective, risks, SMART objectives' due dates as milestones,
** plan texts into the brief and the initiation document, and its
** commitments). */
long long project_create(struct db *, const struct user *, long long unitId, long long caseId,
                         const struct project_input *, long long now, const char *zToday,
                         struct field_errors *e);
/* Edit project p (loaded and writable). */
long long project_update(struct db *, const struct user *, const struct project *p,
                         const struct project_input *, long long now, const char *zToday,
                         struct field_errors *e);

/* A milestone: itemId 0 adds one (its baseline the due date given);
** else edits it (the due date moves, the baseline stays). zDoneOn "" or
** NULL: not done. */
long long project_milestone_save(struct db *, const struct user *, const struct project *p, long long itemId,
                                 const char *zTitle, const char *zDueOn, const char *zDoneOn,
                                 long long now, const char *zToday, struct field_errors *e);

/* Pass the gate out of p's stage with decision decisionId (a decision of
** a meeting of p's unit that pUser may see): refused with "gate" when
** something is missing. */
long long project_gate_pass(struct db *, const struct user *, const struct project *p,
                            long long decisionId, const char *zNote, long long now, const char *zToday,
                            struct field_errors *e);
/* Close p (in stage close, closure report complete, recommendation set). */
long long project_close(struct db *, const struct user *, const struct project *p, long long now,
                        const char *zToday, struct field_errors *e);
/* True if the closure report of project id is complete. */
bool project_closure_complete(struct db *, long long id);

/* A commitment requested for a project: projectId as typed ("" or NULL:
** none) must be an open project of unitId; sets the commitment's
** project_id inside the caller's transaction. False with "project" in e
** when it is not one. */
bool project_commitment_link(struct db *, long long unitId, long long commitmentId, const char *zProject,
                             struct field_errors *e);

/* ---- the portfolio (project_portfolio.c) ---- */
struct portfolio_row {
  long long id, unitId;
  const char *zUnitSlug, *zUnitName, *zUnitNameCy;
  const char *zTitle, *zStage, *zProblemType;
  long long objectiveId, businessCaseId;
  bool bDemo;
  const char *zClosedOn;
  struct project_facts f;     /* the same figures as project_facts_load */
  enum rag rag;
  const char *zWhy;           /* i18n key of the RAG's reason */
  const char *zTopRisk;       /* description of the open risk with the highest residual score ("" none) */
  int topRiskScore;
};
typedef void (*portfolio_cb)(void *pCtx, const struct portfolio_row *);
/* The projects of unitId and of the units within it (a PCPG's clusters,
** a health board's PCPGs and clusters), objectiveId > 0: only those for
** it; in a fixed number of queries whatever their number. Ordered by
** unit, then title. Returns how many, -1 on a database error. */
int project_portfolio(struct db *, long long unitId, long long objectiveId, const char *zToday,
                      portfolio_cb, void *pCtx);

#endif
