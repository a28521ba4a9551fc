/*
** The annual plan (issue 12, seed 001 "Cluster plans"): a cluster, a
** professional collaborative or a Pan Cluster Planning Group writes one
** plan a financial year ('2026/27': April 2026 to March 2027), drawn
** from that year's needs assessment, with a vision line and objectives
** (refs O1, O2... given here, never reused within the plan). Each
** objective comes from a priority (or none) and is checked for SMART: a
** measure (a QI measure of the unit's projects or an indicator of the
** catalogue), a target, a date and an owner (a member of the unit).
** Objectives are delivered by actions of the unit's action log and align
** with an objective of the plan of the PCPG above the unit (same year)
** or with plan references (IMTP objectives of the unit's health board,
** the area plan of its Regional Partnership Board, ACD outcomes and
** national priorities, maintained elsewhere).
**
** A meeting of the unit agrees the plan: a decision of one of its
** meetings, not on a restricted item, is chosen; the plan is then
** 'agreed' and read-only: its vision, objectives and alignments are
** refused ("plan.error.agreed"). What stays open after agreement is its
** delivery: quarterly progress (RAG and reason, with the measure's value
** at the time pulled in and kept as text), only for a quarter of the
** plan's year that has begun; and the actions linked to an objective,
** because the actions that deliver a plan are raised through its year.
**
** SMART gaps do not stop a plan being agreed, but they must have been
** seen: plan_agree refuses a plan with gaps unless the caller says that
** the person agreeing it was shown them and accepted them (the form
** lists every gap and asks for that confirmation). A plan with no
** objective cannot be agreed at all.
**
** Who may: read = access_can_read on the plan's unit; write =
** access_can_write on it (a national user is read only). Writers return
** the row's id (> 0); 0 with *pErr for bad input (nothing written); -1
** when the record does not exist or pUser may not change it (answer 404).
** Every write is one transaction with its audit entry (entities "plan",
** "plan_objective", "plan_objective_action", "plan_alignment",
** "plan_progress"). Any writer may answer "plan.error.not_saved".
**
** Form field names used in *pErr:
**   plan       year vision assessment unit
**   objective  title description priority measure target target_value
**              due_on owner
**   agree      decision gaps
**   action     action
**   alignment  target
**   progress   quarter rag reason
** and "plan.error.agreed" on the first field of a form refused because
** the plan is agreed.
*/
#ifndef CC_PLAN_H
#define CC_PLAN_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include <stdbool.h>
#include <stddef.h>

#define PLAN_TITLE_MAX 200     /* characters of an objective's title */
#define PLAN_TEXT_MAX 4000     /* characters of a vision, a description, a reason */
#define PLAN_TARGET_MAX 500    /* characters of a target as written */

/* ---- pure: years, quarters and SMART (plan_smart.c, no database) ---- */

/* A financial year written "2026/27" (the second part the next year's
** last two digits): its first calendar year into *pStart. False for
** anything else (years 2000 to 2098). */
bool plan_year_parse(const char *z, int *pStart);
/* The financial year (April to March) of an ISO date "YYYY-MM-DD", as
** "2026/27"; "" when z is not such a date. zOut holds 8 bytes. */
void plan_year_of_date(const char *zIso, char zOut[8]);
/* The year startYear's year after ("2027/28") or before, as text. */
void plan_year_format(int startYear, char zOut[8]);
/* The first and last days of quarter q (1: April to June ... 4: January
** to March) of the financial year that starts in startYear. */
void plan_quarter_dates(int startYear, int q, char zFrom[11], char zTo[11]);
/* Which quarter of year zYear date zIso falls in: 1 to 4; 0 before the
** year, 5 after it; -1 for a bad year or date. */
int plan_quarter_of(const char *zYear, const char *zIso);
/* The latest quarter of zYear that has begun on zToday (0 if none has,
** 4 once the year is over); -1 for a bad year or date. Progress may be
** recorded for quarters 1 to this. */
int plan_quarter_latest(const char *zYear, const char *zToday);

/* What SMART asks of an objective: the gaps as bits. */
enum { PLAN_GAP_MEASURE = 1, PLAN_GAP_TARGET = 2, PLAN_GAP_DATE = 4, PLAN_GAP_OWNER = 8,
       PLAN_GAP__ALL = 15 };
/* The gaps of an objective with a measure or not (bMeasure), target text
** zTarget (blank: none), due date zDueOn (not a date: none) and owner
** ownerId (0: none). Pure. */
unsigned plan_smart_gaps(bool bMeasure, const char *zTarget, const char *zDueOn, long long ownerId);
/* How many gaps (bits) gaps has. */
int plan_smart_gap_count(unsigned gaps);
/* The objective ref after the highest used: "O1" when there is none,
** else "O" and one more than the highest number of azRef[0..n) of the
** form "O<number>" (others ignored). zOut holds 16 bytes. Pure. */
void plan_next_ref(const char *const *azRef, int n, char zOut[16]);

/* ---- plans ---- */
struct plan {
  long long id;
  long long unitId;
  char zUnitSlug[81], zUnitName[201], zUnitNameCy[201], zUnitKind[20];
  char zYear[8];
  long long assessmentId;     /* 0: none */
  char zAssessmentYear[8];
  char zVision[4*PLAN_TEXT_MAX+1];
  char zStatus[8];            /* draft, agreed */
  long long decisionId;       /* 0 while draft */
  long long agreedAt;
  long long meetingId;        /* the meeting of the decision, 0 while draft */
  char zMeetingStartsAt[17];
  char zDecisionText[2001];
  bool bDemo;
  long long updatedAt;
  bool bCanWrite;             /* set by plan_get_visible for its user */
};
typedef void (*plan_cb)(void *pCtx, const struct plan *);

/* Load plan id into *p if pUser may read its unit (sets bCanWrite);
** false, as for one that does not exist, otherwise. */
bool plan_get_visible(struct db *, const struct user *, long long id, const char *zToday, struct plan *p);
/* Load plan id with no access check; false if none. */
bool plan_load(struct db *, long long id, struct plan *p);
/* The plans of unitId, newest year first. The caller has checked read
** access. Returns how many. */
int plan_list(struct db *, long long unitId, plan_cb, void *pCtx);
/* The plan of unitId for zYear: its id, 0 if none. */
long long plan_find(struct db *, long long unitId, const char *zYear);
/* True if pUser may change plans of unitId (write access, not national). */
bool plan_can_write(struct db *, const struct user *, long long unitId, const char *zToday);

struct plan_input {
  const char *zYear;          /* "2026/27" (create only) */
  const char *zVision;        /* optional */
  const char *zAssessmentId;  /* "" or a needs assessment of the unit */
};
/* Start the plan of unitId (a cluster, collaborative or PCPG) for a year
** it has none for; with no assessment chosen, that year's assessment of
** the unit when there is one. */
long long plan_create(struct db *, const struct user *, long long unitId, const struct plan_input *,
                      const char *zToday, struct field_errors *pErr);
/* Change a draft plan's vision and assessment (zYear is ignored). */
long long plan_update(struct db *, const struct user *, long long planId, const struct plan_input *,
                      const char *zToday, struct field_errors *pErr);
/* Agree a draft plan by decisionId, a decision of a meeting of the plan's
** unit not on a restricted item; bGapsAccepted: the SMART gaps were shown
** and accepted (needed when there are any). */
long long plan_agree(struct db *, const struct user *, long long planId, long long decisionId,
                     bool bGapsAccepted, const char *zToday, struct field_errors *pErr);

/* The needs assessments of unitId (id, year, newest first), for choosing. */
typedef void (*plan_assessment_cb)(void *pCtx, long long id, const char *zYear);
int plan_assessment_list(struct db *, long long unitId, plan_assessment_cb, void *pCtx);

/* ---- objectives ---- */
struct plan_objective {
  long long id, planId;
  char zRef[16];
  long long priorityId;       /* 0: none */
  char zPriorityTitle[801];
  char zTitle[4*PLAN_TITLE_MAX+1];
  char zDescription[4*PLAN_TEXT_MAX+1];
  long long qiMeasureId;      /* 0: none */
  char zMeasureName[801];
  long long indicatorId;      /* 0: none */
  char zIndicatorCode[41];
  char zIndicatorNameEn[801], zIndicatorNameCy[801];
  char zTarget[4*PLAN_TARGET_MAX+1];
  bool bHasTargetValue;
  double targetValue;
  char zDueOn[11];            /* "" when none */
  long long ownerPersonId;    /* 0: none */
  char zOwnerName[201];
  unsigned gaps;              /* PLAN_GAP_* */
  char zLatestRag[8];         /* "" when no progress yet */
  int latestQuarter;          /* 0 when none */
};
typedef void (*plan_objective_cb)(void *pCtx, const struct plan_objective *);
/* The objectives of planId in order. The caller has checked read access. */
int plan_objective_list(struct db *, long long planId, plan_objective_cb, void *pCtx);
/* Objective id of plan planId into *p; false if none. No access check. */
bool plan_objective_get(struct db *, long long planId, long long id, struct plan_objective *p);

struct plan_objective_input {
  const char *zTitle;         /* required */
  const char *zDescription;
  const char *zPriorityId;    /* "" or a priority of a needs assessment of the unit */
  const char *zMeasure;       /* "", "qi-ID" (a measure of a QI project of the unit) or "ind-ID" */
  const char *zTarget;        /* text */
  const char *zTargetValue;   /* "" or a number */
  const char *zDueOn;         /* "" or YYYY-MM-DD */
  const char *zOwnerId;       /* "" or a current member of the unit */
};
long long plan_objective_create(struct db *, const struct user *, long long planId,
                                const struct plan_objective_input *, const char *zToday,
                                struct field_errors *pErr);
long long plan_objective_update(struct db *, const struct user *, long long planId, long long objectiveId,
                                const struct plan_objective_input *, const char *zToday,
                                struct field_errors *pErr);
/* Remove an objective of a draft plan with its links (refused with
** "plan.error.aligned_to" on "title" while other plans' objectives align
** with it). */
long long plan_objective_delete(struct db *, const struct user *, long long planId, long long objectiveId,
                                const char *zToday, struct field_errors *pErr);

/* The priorities an objective of a plan of unitId may come from: those
** of assessmentId when it is not 0, else of every assessment of the
** unit (newest year first), with the assessment's year. */
typedef void (*plan_priority_cb)(void *pCtx, long long id, const char *zTitle, const char *zYear);
int plan_priority_choices(struct db *, long long unitId, long long assessmentId, plan_priority_cb, void *pCtx);

/* The SMART count of a plan: how many objectives, how many without gaps. */
void plan_smart_count(struct db *, long long planId, int *pnObjectives, int *pnSmart);

/* ---- actions that deliver an objective ---- */
struct plan_action {
  long long actionId;
  char zRef[24];
  char zDescription[4001];
  char zStatus[12];
  char zDue[11];
};
typedef void (*plan_action_cb)(void *pCtx, const struct plan_action *);
int plan_action_list(struct db *, long long objectiveId, plan_action_cb, void *pCtx);
/* Link action actionId of the plan's unit to the objective, once. */
long long plan_action_link(struct db *, const struct user *, long long planId, long long objectiveId,
                           long long actionId, const char *zToday, struct field_errors *pErr);
/* Remove that link; -1 when there is none. */
long long plan_action_unlink(struct db *, const struct user *, long long planId, long long objectiveId,
                             long long actionId, const char *zToday);

/* ---- alignments ---- */
struct plan_alignment {
  long long id;
  long long targetObjectiveId;    /* 0 for a reference */
  long long targetPlanId;
  long long targetUnitId;
  char zTargetRef[16];
  char zTargetTitle[801];
  char zTargetUnitSlug[81], zTargetUnitName[201], zTargetUnitNameCy[201];
  long long referenceId;          /* 0 for an objective */
  char zRefKind[20];              /* imtp, rpb_area_plan, acd_outcome, national_priority */
  char zRefCode[81];
  char zRefTitleEn[801], zRefTitleCy[801];
  char zRefUrl[2001];
  bool bRefDemo;
};
typedef void (*plan_alignment_cb)(void *pCtx, const struct plan_alignment *);
/* What objectiveId aligns with: the PCPG objective first, then the
** references by kind and order. */
int plan_alignment_list(struct db *, long long objectiveId, plan_alignment_cb, void *pCtx);
/* The objectives of other plans aligned with objectiveId (the link seen
** from the PCPG's side), those of units pUser may read only: the
** alignment's id, the objective (targetObjectiveId, targetPlanId, ref,
** title) and its unit in the zTarget... fields. */
int plan_aligned_to(struct db *, const struct user *, long long objectiveId, const char *zToday,
                    plan_alignment_cb, void *pCtx);
/* What objectiveId may align with: the objectives of the plan of the PCPG
** above the plan's unit for the same year, and the references of its
** health board (imtp), its RPB (rpb_area_plan) and the nation
** (acd_outcome, national_priority); those already chosen left out.
** Each as a plan_alignment with id 0. */
int plan_alignment_choices(struct db *, long long objectiveId, const char *zToday,
                           plan_alignment_cb, void *pCtx);
/* Align with zTarget: "obj-ID" or "ref-ID", one of the choices. */
long long plan_alignment_add(struct db *, const struct user *, long long planId, long long objectiveId,
                             const char *zTarget, const char *zToday, struct field_errors *pErr);
long long plan_alignment_remove(struct db *, const struct user *, long long planId, long long objectiveId,
                                long long alignmentId, const char *zToday, struct field_errors *pErr);

/* ---- progress ---- */
struct plan_progress {
  long long id;
  int quarter;
  char zRag[8];
  char zReason[4*PLAN_TEXT_MAX+1];
  char zMeasureValue[401];
  char zBy[201];
  long long createdAt;
};
typedef void (*plan_progress_cb)(void *pCtx, const struct plan_progress *);
int plan_progress_list(struct db *, long long objectiveId, plan_progress_cb, void *pCtx);
/* The current value of the objective's measure as text ("" when none):
** a QI measure's latest point "72.5 on 2026-11-30", an indicator's
** latest value for the plan's unit "12.3 (11.0 to 13.7), 2025/26".
** bDemo set when it rests on demonstration data. */
void plan_measure_value(struct db *, const struct plan_objective *, long long unitId, char *zOut, size_t n,
                        bool *pbDemo);
/* Record (or replace) quarter zQuarter's RAG and reason for an objective
** of an agreed plan; the quarter must have begun. */
long long plan_progress_record(struct db *, const struct user *, long long planId, long long objectiveId,
                               const char *zQuarter, const char *zRag, const char *zReason,
                               const char *zToday, struct field_errors *pErr);

/* ---- the thread back: findings and indicators of the objective's priority ---- */
struct plan_finding {
  long long id;
  long long assessmentId;
  char zWhat[4001];
  long long indicatorId;          /* 0: none */
  char zIndicatorCode[41];
  char zIndicatorNameEn[801], zIndicatorNameCy[801];
  char zPeriod[32];
};
typedef void (*plan_finding_cb)(void *pCtx, const struct plan_finding *);
int plan_priority_findings(struct db *, long long priorityId, plan_finding_cb, void *pCtx);

/* ---- backlinks for other pages ---- */
/* The plan decisionId agreed (its id, unit, year), 0 if none. */
long long plan_of_decision(struct db *, long long decisionId, char zYear[8], char zUnitName[201],
                           char zUnitNameCy[201]);
/* The objectives actionId delivers. */
typedef void (*plan_objective_ref_cb)(void *pCtx, long long planId, long long objectiveId, const char *zRef,
                                      const char *zTitle, const char *zYear, const char *zUnitName,
                                      const char *zUnitNameCy);
int plan_objectives_of_action(struct db *, long long actionId, plan_objective_ref_cb, void *pCtx);

#endif
