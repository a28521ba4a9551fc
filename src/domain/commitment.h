/*
** Commitments against an allocation: an order, a contract or a funded
** post, requested, then approved under the Standing Financial
** Instructions (src/domain/sfi.h) by someone with authority for its
** amount who is not the person who asked, with the PCPG's decision when
** the rules require one; or declined or cancelled. Each step is one
** transaction with its audit entry. (db/migrations/0017_finance.*.sql:
** finance_commitment, finance_commitment_month.)
*/
#ifndef CC_COMMITMENT_H
#define CC_COMMITMENT_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "domain/sfi.h"
#include "util/buf.h"
#include <stdbool.h>

struct commitment_input {
  long long allocationId;     /* required: an allocation of the unit */
  long long budgetLineId;     /* 0: none */
  long long businessCaseId;   /* 0: none */
  const char *zKind;          /* "order", "contract" or "post" */
  const char *zTitle;
  const char *zSupplier;      /* for a post: the employer or "NHS" */
  const char *zDescription;   /* may be NULL */
  long long valuePence;       /* over the whole contract life, > 0 */
  const char *zStartOn;       /* ISO date */
  const char *zEndOn;         /* ISO date; an order: NULL or the start */
};

/* Inside the caller's open write transaction: record a commitment of
** unitId requested by pUser, with the route check's answer
** (sfi_route_check) kept on it, its month-by-month profile (the value
** split in whole pence over the months from start to end; an order: one
** month) and its audit entry. decisionId: the decision of a PCPG meeting
** that already agreed it (a business case's approval), or 0. Returns
** the new id, or 0 with the errors in e under the form's field names
** (allocation, kind, title, supplier, value, start_on, end_on). */
long long commitment_request_tx(struct db *, const struct user *pUser, long long unitId,
                                const struct commitment_input *, long long decisionId,
                                long long now, const char *zToday, struct field_errors *e);

#define COMMITMENT_TITLE_MAX 200     /* characters of a title or supplier */
#define COMMITMENT_TEXT_MAX 4000     /* characters of a description or reason */
#define COMMITMENT_MONTHS_MAX 120    /* ten years of months at most */

/* ---- pure ---- */
/* True for "order", "contract" or "post". */
bool commitment_kind_valid(const char *z);
/* The months "YYYY-MM" from the month of zStart to the month of zEnd
** (ISO dates) into aMonth: their number; -1 for bad dates or an end
** before the start; 0 when there are more than nMax. */
int commitment_months(const char *zStart, const char *zEnd, char aMonth[][8], int nMax);
/* A commitment's state as JSON for the audit trail. */
void commitment_json(struct buf *b, long long id, long long unitId, const struct commitment_input *in,
                     const char *zEnd, const char *zStatus, const struct sfi_route_result *r,
                     long long decisionId);

/* ---- reading ---- */
struct commitment {
  long long id, unitId, allocationId, budgetLineId, businessCaseId;
  char zStream[201];
  char zKind[12];
  char zTitle[801];
  char zSupplier[801];
  char zDescription[COMMITMENT_TEXT_MAX*4+1];
  long long valuePence;
  char zStartOn[11], zEndOn[11], zYear[8];
  char zStatus[12];
  long long requestedBy;
  char zRequestedByName[201];
  long long requestedAt;
  long long sfiVersionId;
  long long aggregatedPence;
  char zRoute[SFI_ROUTE_MAX];
  char zApproverRole[SFI_ROUTE_MAX];
  char zRule[SFI_RULE_MAX*4];
  bool bDecisionRequired;
  long long decisionId;
  long long approvedBy;
  char zApprovedByName[201];
  long long approvedAt;
  char zDeclinedReason[COMMITMENT_TEXT_MAX*4+1];
  bool bDemo;
};
/* Commitment id into *p; false when there is none. No access check: the
** route's loader checks read access on p->unitId. */
bool commitment_get(struct db *, long long id, struct commitment *p);
/* Why pUser may not approve commitment c (a message key), or NULL when
** they may: not requested any more, the requester, no authority for its
** approver role (commitment.why.cluster_lead / pcpg_signatory /
** hb_officer). */
const char *commitment_why_not(struct db *, const struct user *pUser, const struct commitment *c,
                               const char *zToday);

/* ---- the steps after the request: each one transaction with its audit
** entry. 1: done; 0: refused with errors in e; -1: not the user's to do
** (shown as not found). ---- */
/* Approve: the route checked again (the rules or the same supplier's
** total may have changed since the request; the commitment's route,
** approver role and rule are updated to the new answer) and refused if
** the user's authority does not cover it or if they asked for it; the
** decision (a decision of a meeting of the PCPG, not on a restricted
** item) required when the rules require one. */
int commitment_approve(struct db *, const struct user *pUser, long long id, long long decisionId,
                       long long now, const char *zToday, struct field_errors *e);
/* Decline with a reason (required): by whoever may approve it. */
int commitment_decline(struct db *, const struct user *pUser, long long id, const char *zReason,
                       long long now, const char *zToday, struct field_errors *e);
/* Cancel a requested or committed commitment: by whoever may write its
** unit. */
int commitment_cancel(struct db *, const struct user *pUser, long long id, long long now,
                      const char *zToday, struct field_errors *e);

#endif
