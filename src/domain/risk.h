/*
** Risks on the NHS 5x5 matrix, a project's issues, and the unit's risk
** register (issue 14). A risk's likelihood and consequence are each 1 to
** 5; its score is their product; inherent is before its controls,
** residual with them. A project's risk whose residual score is above the
** project's risk_tolerance is escalated to the register of the project's
** unit (risk.escalated_at); the register is the unit's own risks and the
** escalated ones. (db/migrations/0018_projects.*.sql: risk, project_issue.)
*/
#ifndef CC_RISK_H
#define CC_RISK_H
#include <stdbool.h>

/* ---- pure: the matrix (risk_matrix.c) ---- */
/* likelihood x consequence; 0 when either is outside 1..5. */
int risk_score(int likelihood, int consequence);
/* The NHS 5x5 bands: low 1-3, moderate 4-6, high 8-12, extreme 15-25. */
enum risk_level { RISK_NONE = 0, RISK_LOW, RISK_MODERATE, RISK_HIGH, RISK_EXTREME };
enum risk_level risk_level_of(int score);
/* "low", "moderate", "high", "extreme" ("" for none); i18n key
** "risk.level.<code>". */
const char *risk_level_code(enum risk_level);
/* True when a residual score is above the tolerance: escalate. */
bool risk_over_tolerance(int residualScore, int tolerance);

/* What a change of a risk's residual score does to its escalation
** (pure): bWas escalated before; the new residual score against the
** tolerance (0: none, a unit's own risk, never escalated). */
enum risk_escalation { RISK_ESC_NONE = 0, RISK_ESC_UP, RISK_ESC_STAYS, RISK_ESC_DOWN };
enum risk_escalation risk_escalation_of(bool bWas, int residualScore, int tolerance);
/* The NHS tag colour of a band: "green", "yellow", "orange", "red" ("grey"). */
const char *risk_level_colour(enum risk_level);
/* The fill of a heat map cell of a band (a light tint of its colour). */
const char *risk_level_fill(enum risk_level);

/* A 5x5 heat map as SVG (pure): a[l-1][c-1] the number of risks of
** likelihood l and consequence c; likelihood up the side, consequence
** across; each cell filled by its band and showing its count. zId the
** svg's id; zTitle, zDesc, zLikelihood, zConsequence the words (already
** translated and not escaped: escaped here). role="img" with <title> and
** <desc>. */
struct buf;
void risk_heatmap_svg(struct buf *, const int a[5][5], const char *zId, const char *zTitle,
                      const char *zDesc, const char *zLikelihood, const char *zConsequence);

/* ---- stored (risk.c) ---- */
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"

#define RISK_TEXT_MAX 2000

struct risk_row {
  long long id, unitId, projectId;
  char zProjectTitle[801];
  char zDescription[4*RISK_TEXT_MAX+1];
  char zCause[4*RISK_TEXT_MAX+1];
  char zControls[4*RISK_TEXT_MAX+1];
  long long ownerPersonId;
  char zOwnerName[201];
  int likelihood, consequence, residualLikelihood, residualConsequence;
  char zReviewOn[11];          /* "" none */
  char zStatus[8];             /* open closed */
  long long escalatedAt, closedAt;
  bool bDemo;
  long long createdAt, updatedAt;
};
typedef void (*risk_cb)(void *pCtx, const struct risk_row *);
/* Risk id into *p; false when none. */
bool risk_get(struct db *, long long id, struct risk_row *p);
/* A project's risks (open first, then by residual score, highest first). */
int risk_list_project(struct db *, long long projectId, bool bOpenOnly, risk_cb, void *pCtx);
/* Every risk of a project, oldest first (by id). */
int risk_list_project_by_id(struct db *, long long projectId, risk_cb, void *pCtx);
/* A unit's register: its own risks and its projects' escalated ones,
** open, sorted by zSort: "residual" (highest first, default), "review"
** (soonest review first), "newest". */
int risk_list_register(struct db *, long long unitId, const char *zSort, risk_cb, void *pCtx);

/* What the risk form sends (as typed). */
struct risk_input {
  const char *zDescription, *zCause, *zOwnerId, *zLikelihood, *zConsequence, *zControls,
             *zResidualLikelihood, *zResidualConsequence, *zReviewOn;
};
/* Create (riskId 0) or update a risk of unit unitId, of project projectId
** (0: the unit's own), in one transaction with its audit entry. A
** project's risk whose residual score is above riskTolerance is escalated
** (escalated_at set), and de-escalated when back at or under it;
** *pEsc (may be NULL) says which. The owner must be a current member of
** the unit. Returns the id; 0 with errors in e. */
long long risk_save(struct db *, const struct user *, long long unitId, long long projectId,
                    int riskTolerance, long long riskId, const struct risk_input *, const char *zToday,
                    long long now, struct field_errors *e, enum risk_escalation *pEsc);
/* Close an open risk (audited). False when it is not open. */
bool risk_close(struct db *, const struct user *, long long riskId, long long now);

/* ---- a project's issues ---- */
struct issue_row {
  long long id, projectId;
  char zDescription[4*RISK_TEXT_MAX+1];
  long long ownerPersonId;
  char zOwnerName[201];
  char zPriority[8];           /* low medium high */
  char zRaisedOn[11], zDueOn[11];
  char zStatus[10];            /* open resolved */
  char zResolution[4*RISK_TEXT_MAX+1];
  char zResolvedOn[11];
};
typedef void (*issue_cb)(void *pCtx, const struct issue_row *);
bool issue_get(struct db *, long long id, struct issue_row *p);
/* Open ones first (by due date), then resolved. */
int issue_list(struct db *, long long projectId, issue_cb, void *pCtx);
/* Every issue of a project, oldest first (by id). */
int issue_list_by_id(struct db *, long long projectId, issue_cb, void *pCtx);
struct issue_input { const char *zDescription, *zOwnerId, *zPriority, *zRaisedOn, *zDueOn; };
/* Create (issueId 0) or update; audited. Id, or 0 with errors. */
long long issue_save(struct db *, const struct user *, long long unitId, long long projectId,
                     long long issueId, const struct issue_input *, const char *zToday, long long now,
                     struct field_errors *e);
/* Resolve an open issue with its resolution (required) on zToday. */
long long issue_resolve(struct db *, const struct user *, long long unitId, long long issueId,
                        const char *zResolution, const char *zToday, long long now, struct field_errors *e);

#endif
