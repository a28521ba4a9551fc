/*
** A project's documents as written (seed 001 "Project Management"): each
** a structured form of its kind's fields (project_doc.h), kept as a draft
** until its author marks it complete, which needs every field written (a
** field may say "Not applicable" in words); a complete document may be
** reopened. Beside them, what some documents show: the stakeholder map
** (power and interest), the decisions log (the gates' decisions and the
** decisions linked to the project) and the follow-on actions of the
** closure report.
**
** Every write is one transaction with its audit entry ("project_doc",
** "project_stakeholder", "project_link") and refuses a closed project.
** The caller has checked that the user may write the project's unit.
** (db/migrations/0018_projects.*.sql.)
*/
#ifndef CC_PROJECT_DOCS_H
#define CC_PROJECT_DOCS_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "domain/project.h"
#include "domain/project_doc.h"
#include "html/i18n.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

#define PROJECT_STAKEHOLDER_NAME_MAX 200

/* ---- pure (unit-tested) ---- */

/* True if kind k is kept by a project (complex-only kinds only by a
** complex one). */
bool project_doc_kind_shown(const struct project_doc_kind *k, bool bComplex);
/* True if z is empty or only white space. */
bool project_doc_blank(const char *z);
/* The fields of kind k whose value in azVal (one per field, in order;
** NULL counts as empty) is blank, into azMissing (their codes, at most
** PROJECT_DOC_FIELDS_MAX); their number. */
int project_doc_missing(const struct project_doc_kind *k, const char *const *azVal, const char **azMissing);

/* The quadrants of the power/interest grid: power and interest 3 to 5 are
** high, 1 and 2 low. */
enum stakeholder_quadrant { SQ_MANAGE_CLOSELY = 0,  /* high power, high interest */
                            SQ_KEEP_SATISFIED,      /* high power, low interest */
                            SQ_KEEP_INFORMED,       /* low power, high interest */
                            SQ_MONITOR,             /* low power, low interest */
                            SQ__N };
int project_stakeholder_quadrant(int power, int interest);
/* "manage_closely", "keep_satisfied", "keep_informed", "monitor". */
const char *project_stakeholder_quadrant_code(int q);

/* ---- reading ---- */

struct pdoc {
  long long id, projectId;
  char zKind[20];
  char zTitle[801];
  char zFrom[11], zTo[11];       /* the period of a report ("" none) */
  char zState[10];               /* draft complete */
  char zRag[8];                  /* "" none */
  char zTrigger[8];              /* cost time, "" none */
  long long meetingId, agendaItemId;  /* a report drafted for a meeting's agenda (0: none) */
  char zMeetingTitle[201], zMeetingStarts[17];
  long long completedAt, createdAt, updatedAt;
  bool bDemo;
};
typedef void (*pdoc_cb)(void *pCtx, const struct pdoc *);
/* Every document of project projectId, by kind then id; their number. */
int project_docs_each(struct db *, long long projectId, pdoc_cb, void *pCtx);
/* Document docId of project projectId; false when there is none. */
bool project_doc_get(struct db *, long long projectId, long long docId, struct pdoc *);
/* The first document of kind zKind of project projectId; 0 for none. */
long long project_doc_of_kind(struct db *, long long projectId, const char *zKind);
/* The texts of document docId, one per field of kind k (malloc'd, "" for
** none) into az; free them with project_doc_texts_free. */
void project_doc_texts(struct db *, long long docId, const struct project_doc_kind *k,
                       char *az[PROJECT_DOC_FIELDS_MAX]);
void project_doc_texts_free(char *az[PROJECT_DOC_FIELDS_MAX]);

struct pstakeholder {
  long long id;
  char zName[4*PROJECT_STAKEHOLDER_NAME_MAX+1];
  int power, interest;
  const char *zEngagement;
};
typedef void (*pstakeholder_cb)(void *pCtx, const struct pstakeholder *);
int project_stakeholders_each(struct db *, long long projectId, pstakeholder_cb, void *pCtx);
bool project_stakeholder_get(struct db *, long long projectId, long long id, struct pstakeholder *,
                             char *zEngagement, size_t nEngagement);

/* A decision in the project's log: a gate's (linkId 0, zFrom/zTo the
** stages) or one linked (linkId, zNote). */
struct pdecision {
  long long decisionId, linkId, meetingId;
  char zMeetingTitle[801];
  char zStartsAt[20];
  const char *zText;
  char zFrom[12], zTo[12];
  const char *zNote;
  bool bRestricted;          /* on a restricted item: its text only for those who see such items */
};
typedef void (*pdecision_cb)(void *pCtx, const struct pdecision *);
/* The gates' decisions, then the linked ones, each by the meeting's date. */
int project_decisions_each(struct db *, long long projectId, pdecision_cb, void *pCtx);
/* The decisions that may be linked by pUser: of meetings of unit unitId,
** not linked yet, and not on a restricted item pUser may not see; newest
** first. */
typedef void (*pdecision_choice_cb)(void *pCtx, long long id, const char *zStartsAt, const char *zText);
int project_decision_choices(struct db *, const struct user *pUser, long long projectId, long long unitId,
                             pdecision_choice_cb, void *pCtx);
/* True if pUser may read a decision of a meeting of unit unitId starting
** at zStartsAt: any, unless it is on a restricted item (bRestricted), which
** only those who see the meeting's restricted items may
** (meeting_sees_restricted). */
bool project_decision_visible(struct db *, const struct user *pUser, long long unitId, const char *zStartsAt,
                              bool bRestricted);

struct paction {
  long long actionId, linkId;
  char zRef[40];
  const char *zDescription;
  char zStatus[16], zDue[11];
};
typedef void (*paction_cb)(void *pCtx, const struct paction *);
/* The follow-on actions linked to the project. */
int project_actions_each(struct db *, long long projectId, paction_cb, void *pCtx);
/* The unit's actions not linked yet (open ones first). */
int project_action_choices(struct db *, long long projectId, long long unitId, paction_cb, void *pCtx);

/* What the initiation document shows of the project itself: its schedule
** (milestones by due date) and its risks and issues log. */
struct pmilestone { long long id; const char *zTitle; char zBaseline[11], zDue[11], zDone[11]; };
typedef void (*pmilestone_cb)(void *pCtx, const struct pmilestone *);
int project_docs_milestones(struct db *, long long projectId, pmilestone_cb, void *pCtx);
/* The same by due date, then as entered (the project's page and the API). */
int project_milestones_each(struct db *, long long projectId, pmilestone_cb, void *pCtx);
/* Milestone id of the project, to x once; false when none. */
bool project_milestone_get(struct db *, long long projectId, long long id, pmilestone_cb, void *pCtx);
/* The gates the project has passed, in order, with the decision that passed each. */
struct pgate {
  const char *zFrom, *zTo, *zText;   /* stage codes; the decision's text */
  long long passedAt, decisionId, meetingId, itemId;
};
typedef void (*pgate_cb)(void *pCtx, const struct pgate *);
int project_gates_each(struct db *, long long projectId, pgate_cb, void *pCtx);
/* A document's risks and issues logs read through risk.h (risk_list_project,
** issue_list). */

/* ---- the PDF of a document (export_project_pdf.c) ---- */

/* Document d of project p as an A4 PDF in lang, appended to pOut: the
** title block ("Draft" and "Demonstration data" marked), the kind's
** guidance, each field, and the tables the kind shows (a restricted
** decision's text only if pUser may see it). False with a
** reason in zErr (nothing appended). */
bool export_project_doc_pdf(struct db *, const struct user *pUser, const struct project *p, const struct pdoc *d,
                            enum lang lang, struct buf *pOut, char *zErr, size_t nErr);

/* ---- writing: each returns the id written (>0), 0 with errors in e, or
** -1 when the record is not the project's (answer 404) ---- */

/* Start a document of kind zKind: a kind kept by the project; one that is
** not repeatable at most once (the existing one's id is returned); a
** repeatable one with its period zFrom..zTo (ISO dates, both required). */
long long project_doc_start(struct db *, const struct user *, const struct project *, const char *zKind,
                            const char *zFrom, const char *zTo, struct field_errors *e);
/* Save the texts of a draft (azVal: one per field of its kind). */
long long project_doc_save(struct db *, const struct user *, const struct project *, long long docId,
                           const char *const *azVal, struct field_errors *e);
/* Mark a draft complete: refused with each blank field named (its code
** as the field, "projdoc.error.field_empty"), and a stakeholder map with
** no stakeholder ("stakeholders"). */
long long project_doc_complete(struct db *, const struct user *, const struct project *, long long docId,
                               struct field_errors *e);
/* Reopen a complete document: back to a draft. */
long long project_doc_reopen(struct db *, const struct user *, const struct project *, long long docId,
                             struct field_errors *e);

/* Add (id 0) or change a stakeholder: name required, power and interest
** whole numbers 1 to 5. */
long long project_stakeholder_save(struct db *, const struct user *, const struct project *, long long id,
                                   const char *zName, const char *zPower, const char *zInterest,
                                   const char *zEngagement, struct field_errors *e);
long long project_stakeholder_delete(struct db *, const struct user *, const struct project *, long long id);

/* Link decision zDecision (an id typed) with a note: a decision of a
** meeting of the project's unit, not on a restricted item the user may
** not see. */
long long project_decision_link(struct db *, const struct user *, const struct project *, const char *zDecision,
                                const char *zNote, struct field_errors *e);
/* Link action zAction (an id typed): an action of the project's unit. */
long long project_action_link(struct db *, const struct user *, const struct project *, const char *zAction,
                              struct field_errors *e);
/* Remove link linkId of the project (a decision's or an action's). */
long long project_link_delete(struct db *, const struct user *, const struct project *, long long linkId);

#endif
