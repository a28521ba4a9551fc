/*
** Business cases (issue 13, seed 001 "Business cases"): a unit asks for
** investment in seed 001's seven parts, in its order: the case, options
** ("do nothing" always among them), impact and benefits, the project and
** its risks, resources (costs), the project plan (SMART objectives) and
** the executive summary (written last, shown first).
**
** A case starts from a plan priority or objective of its unit, whose
** evidence comes with it. Checks (business_case_checks, pure) tell what
** is missing; a case is submitted only when none fails. Submitted, it is
** read only; a writer of the PCPG above the unit (or a health board
** user, or an admin) approves it, approves it with conditions or
** declines it, choosing the decision of a meeting of that PCPG (or of
** the unit if it is a PCPG) that decided it. On approval, in the same
** transaction, each cost row with an allocation becomes a requested
** commitment (commitment_request_tx) linked to the decision.
**
** Who may: read = access_can_read on the case's unit; write (draft only)
** = access_can_write on it, not national. Writers return the row's id
** (> 0); 0 with the errors in *e; -1 when the record does not exist or
** the user may not change it (answer 404). Every write is one
** transaction with its audit entry (entities "business_case",
** "business_case_option", "business_case_cost", "business_case_objective",
** "business_case_risk", "business_case_criterion").
** (db/migrations/0017_finance.*.sql: business_case and its tables.)
*/
#ifndef CC_BUSINESS_CASE_H
#define CC_BUSINESS_CASE_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include <stdbool.h>
#include <stddef.h>

#define CASE_TITLE_MAX 200     /* characters of a title */
#define CASE_TEXT_MAX 8000     /* characters of a text field */

/* ---- the parts and their text fields (seed 001's order) ---- */
enum case_part { CASE_PART_CASE = 0, CASE_PART_OPTIONS, CASE_PART_IMPACT, CASE_PART_PROJECT,
                 CASE_PART_RESOURCES, CASE_PART_PLAN, CASE_PART_SUMMARY, CASE_PART__N };
/* A part's code ("case", "options", ...); NULL out of range. */
const char *business_case_part_code(int iPart);
/* The part of code z; -1 for none. */
int business_case_part_of(const char *z);
/* The text fields, grouped by part in seed order: field i has code
** business_case_fields[i].zCode ("case.problem") and part .iPart. The
** i18n keys of a field's label and hint are "case.field.<code>" and
** "case.field.<code>.hint". */
struct case_field { const char *zCode; int iPart; };
extern const struct case_field business_case_fields[];
extern const int business_case_nfield;

/* ---- pure: checks before submission (business_case_check.c) ---- */
#define CASE_MAX_OBJECTIVES 64
struct case_check_input {
  bool abPartText[CASE_PART__N];  /* a text field of the part has words */
  int nOptions;                   /* option rows, do nothing included */
  bool bDoNothing;
  bool bPreferred;                /* a preferred option is chosen */
  bool bPreferredCost;            /* the preferred option has a cost */
  long long preferredCostPence;
  int nCosts;
  long long costExpectedPence;    /* Σ expected of the cost rows */
  int nRisks;
  int nObjectives;                /* up to CASE_MAX_OBJECTIVES counted */
  unsigned aObjectiveGaps[CASE_MAX_OBJECTIVES];  /* PLAN_GAP_* of each */
};
enum case_check_code {
  CASE_CHECK_EMPTY_PART = 1,      /* iPart is empty */
  CASE_CHECK_NO_DO_NOTHING,
  CASE_CHECK_NO_PREFERRED,
  CASE_CHECK_COSTS_DIFFER,        /* preferred option's cost != Σ expected */
  CASE_CHECK_NO_OBJECTIVE,
  CASE_CHECK_NOT_SMART,           /* objective number iObjective (1-based), gaps */
};
struct case_check { enum case_check_code code; int iPart; int iObjective; unsigned gaps; };
/* What fails, in the order of the parts, into a[0..nMax); returns how
** many failed (may exceed nMax: only nMax are written). A part is empty
** when it has no words in its text fields and none of its rows (options
** other than do nothing; risks; costs; objectives). */
int business_case_checks(const struct case_check_input *, struct case_check *a, int nMax);

/* ---- pure: appraisal and sensitivity (business_case_appraise.c) ---- */
#define CASE_MAX_OPTIONS 64   /* options appraised (and criteria) at most */
/* Weighted totals of nOpt options over nCrit criteria: aTotal[o] = Σc
** aWeight[c] * aScore[o*nCrit+c] (a score < 0: not scored, counted 0);
** aRank[o] = 1 + how many options have a larger total (ties share). */
void business_case_appraise(int nOpt, int nCrit, const int *aWeight, const int *aScore,
                            long long *aTotal, int *aRank);
/* The ranks (aRank[0..nOpt)) with criterion iCrit's weight set to
** weight, the others unchanged. */
void business_case_rank_with(int nOpt, int nCrit, const int *aWeight, const int *aScore, int iCrit,
                             int weight, int *aRank);
/* A cost row's amounts: true if 0 <= low <= expected <= high. */
bool business_case_cost_ok(long long low, long long expected, long long high);

/* ---- cases ---- */
struct business_case {
  long long id, unitId;
  char zUnitSlug[81], zUnitName[201], zUnitNameCy[201], zUnitKind[20];
  char zTitle[4*CASE_TITLE_MAX+1];
  long long priorityId;           /* 0: none */
  char zPriorityTitle[801];
  long long objectiveId;          /* 0: none */
  long long objectivePlanId;
  char zObjectiveRef[16];
  char zObjectiveTitle[801];
  char zState[28];                /* draft submitted approved approved_with_conditions declined */
  long long preferredOptionId;    /* 0: none */
  char zConditions[4*CASE_TEXT_MAX+1];
  long long decisionId, decidedAt;
  long long meetingId;            /* of the decision */
  char zMeetingStartsAt[17];
  char zDecisionText[2001];
  long long submittedAt;
  char zSubmittedBy[201];
  bool bDemo;
  long long createdAt, updatedAt;
  bool bWriter;                   /* may write the unit (not national) */
  bool bCanWrite;                 /* bWriter and the case is a draft */
  bool bCanDecide;                /* submitted, and the user may decide it */
};
/* Load case id if pUser may read its unit (sets the b... flags); false,
** as for one that does not exist, otherwise. */
bool business_case_get_visible(struct db *, const struct user *, long long id, const char *zToday,
                               struct business_case *p);
bool business_case_load(struct db *, long long id, struct business_case *p);
/* The text of field zCode into zOut ("" when none). */
void business_case_text(struct db *, long long caseId, const char *zCode, char *zOut, size_t n);
/* True if pUser may decide cases of unitId: write access on the PCPG
** above it (itself if a PCPG), a health board user who may write it, or
** an admin. */
bool business_case_may_decide(struct db *, const struct user *, long long unitId, const char *zToday);

struct business_case_item {
  long long id;
  char zTitle[4*CASE_TITLE_MAX+1];
  char zState[28];
  long long totalCostPence;       /* Σ expected of its cost rows */
  long long objectiveId;          /* 0: none */
  char zObjectiveRef[16];
  long long priorityId;
  bool bDemo;
  long long updatedAt;
};
typedef void (*business_case_cb)(void *pCtx, const struct business_case_item *);
/* The cases of unitId (objectiveId > 0: only those for it), newest
** first. The caller has checked read access. */
int business_case_list(struct db *, long long unitId, long long objectiveId, business_case_cb, void *pCtx);

/* Start a case of unitId titled zTitle from priority zPriorityId or
** objective zObjectiveId (as typed: "" or the id of one of the unit's
** priorities or plan objectives; at most one), with its "do nothing"
** option (titled zDoNothing, the reader's words) and zEvidence (the page
** writes it from the priority's findings or the objective's measure and
** target) as case.evidence. */
long long business_case_create(struct db *, const struct user *, long long unitId, const char *zTitle,
                               const char *zPriorityId, const char *zObjectiveId,
                               const char *zDoNothing, const char *zEvidence, const char *zToday,
                               struct field_errors *e);
/* Save the text fields of part iPart (azValue[i] for the part's i-th
** field in business_case_fields order; NULL leaves a field as it is),
** and for the options part the preferred option (zPreferred "" or an
** option id; NULL: unchanged). A draft only. */
long long business_case_part_save(struct db *, const struct user *, long long caseId, int iPart,
                                  const char *const *azValue, const char *zPreferred, const char *zToday,
                                  struct field_errors *e);

/* ---- rows ---- */
struct case_option { long long id; char zTitle[801]; char zDescription[4*CASE_TEXT_MAX+1];
                     bool bDoNothing; bool bHasCost; long long costPence; };
struct case_cost { long long id; char zTitle[801]; char zKind[12]; char zYear[8];
                   long long allocationId; char zStream[201]; char zSource[801]; char zSupplier[801];
                   long long lowPence, amountPence, highPence; long long commitmentId; };
struct case_objective { long long id; char zText[4001]; char zMeasure[2001]; char zTarget[2001];
                        char zDueOn[11]; char zOwner[801]; unsigned gaps; };
struct case_risk { long long id; char zDescription[4001]; int likelihood, consequence;
                   char zMitigation[4001]; char zOwner[801]; };
struct case_criterion { long long id; char zTitle[801]; int weight; };
typedef void (*case_option_cb)(void *, const struct case_option *);
typedef void (*case_cost_cb)(void *, const struct case_cost *);
typedef void (*case_objective_cb)(void *, const struct case_objective *);
typedef void (*case_risk_cb)(void *, const struct case_risk *);
typedef void (*case_criterion_cb)(void *, const struct case_criterion *);
int business_case_options(struct db *, long long caseId, case_option_cb, void *);
int business_case_costs(struct db *, long long caseId, case_cost_cb, void *);
int business_case_objectives(struct db *, long long caseId, case_objective_cb, void *);
int business_case_risks(struct db *, long long caseId, case_risk_cb, void *);
int business_case_criteria(struct db *, long long caseId, case_criterion_cb, void *);
/* The score of option o on criterion c, -1 when not scored. */
int business_case_score(struct db *, long long optionId, long long criterionId);

/* A row of a part, as typed (field names in the form, and in *e):
**   option     title description cost
**   cost       title kind year allocation source supplier low amount high
**   objective  text measure target due_on owner
**   risk       description likelihood consequence mitigation owner
**   criterion  title weight
** zKind is "option", "cost", "objective", "risk" or "criterion"; azValue
** the fields in that order. */
long long business_case_row_add(struct db *, const struct user *, long long caseId, const char *zKind,
                                const char *const *azValue, const char *zToday, struct field_errors *e);
/* Remove row rowId of kind zKind (the do-nothing option cannot be
** removed: "case.error.do_nothing"). */
long long business_case_row_delete(struct db *, const struct user *, long long caseId, const char *zKind,
                                   long long rowId, const char *zToday, struct field_errors *e);
/* Save the scores: azScore[o*nCrit+c] as typed ("" clears) for the
** options aOpt[0..nOpt) and criteria aCrit[0..nCrit) (ids of the case). */
long long business_case_scores_save(struct db *, const struct user *, long long caseId, int nOpt,
                                    const long long *aOpt, int nCrit, const long long *aCrit,
                                    const char *const *azScore, const char *zToday, struct field_errors *e);

/* The check input of a case, read from the database. */
bool business_case_check_input(struct db *, long long caseId, struct case_check_input *p);
/* Submit a draft when no check fails ("case.error.checks" on "submit"). */
long long business_case_submit(struct db *, const struct user *, long long caseId, const char *zToday,
                               struct field_errors *e);
/* Decide a submitted case: zOutcome "approved", "approved_with_conditions"
** (zConditions required) or "declined", by decisionId (a decision of a
** meeting of the PCPG above the case's unit, or of the unit if it is a
** PCPG, not on a restricted item). On approval each cost row with an
** allocation becomes a requested commitment (business_case_cost.
** commitment_id). Fields: outcome decision conditions. */
long long business_case_decide(struct db *, const struct user *, long long caseId, const char *zOutcome,
                               long long decisionId, const char *zConditions, const char *zToday,
                               struct field_errors *e);
/* The decisions a case of unitId may be decided by: decisions of
** meetings of the deciding PCPG, not on restricted items, newest first. */
typedef void (*case_decision_cb)(void *, long long decisionId, const char *zMeetingStartsAt, const char *zText);
int business_case_decision_choices(struct db *, long long unitId, const char *zToday, case_decision_cb, void *);
/* The case decisionId decided (its id and title), 0 if none. */
long long business_case_of_decision(struct db *, long long decisionId, char *zTitle, size_t n);
/* The allocations of unitId a cost may come from (id, year, stream). */
typedef void (*case_allocation_cb)(void *, long long id, const char *zYear, const char *zStream);
int business_case_allocations(struct db *, long long unitId, case_allocation_cb, void *);

#endif
