/*
** Needs assessments (issue 12, seed 001 "Population need"): a unit (a
** cluster, a professional collaborative or a PCPG) assesses the needs of
** its population once a financial year ('2026/27': April 2026 to March
** 2027). The assessment gathers evidence under the seed's six sources, in
** this order (needs_source_code): the Regional Partnership Board's
** population needs assessment, the Public Services Board's well-being
** assessment, Public Health Wales information, the cluster profile (the
** unit's indicators, also read live: needs_worse_indicators), local
** intelligence and people's views. Each finding says What / So what / Now
** what, and rests on a piece of evidence, on an indicator in a period, or
** on neither. The schema: db/migrations/0016_plan.*.sql.
**
** Who may: read whoever may read the unit (access_can_read); write
** whoever may write it (access_can_write), a national user never. Each
** write is one transaction with its audit entry (entity
** "needs_assessment", "needs_evidence", "needs_finding").
**
** Writers return the id (> 0); 0 with *pErr for bad input (nothing
** written); -1 when the record does not exist or the user may not change
** it (answer 404). Field names used in *pErr:
**   assessment  year summary unit
**   evidence    source title body url evidence (delete refused)
**   finding     source evidence indicator period what so_what now_what finding
** Any writer may answer "needs.error.not_saved" on its first field.
*/
#ifndef CC_NEEDS_H
#define CC_NEEDS_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/domain_write.h"
#include "domain/field_errors.h"
#include "domain/indicator.h"
#include "util/buf.h"
#include <stddef.h>
#include <stdbool.h>

#define NEEDS_YEAR_MAX 8          /* "2026/27" and its NUL */
#define NEEDS_TITLE_MAX 200       /* characters */
#define NEEDS_TEXT_MAX 4000       /* characters of a summary, body, What... */
#define NEEDS_URL_MAX 1000
#define NEEDS_SOURCES 6

/* "rpb_pna", "psb_wellbeing", "phw", "cluster_profile", "local", "views". */
extern const char *const needs_source_code[NEEDS_SOURCES];
/* The index of source code z, or -1. Pure. */
int needs_source_index(const char *z);
/* The financial year a date (YYYY-MM-DD) is in: "2026/27" from 1 April
** 2026 to 31 March 2027. Pure. */
void needs_year_of(const char *zDate, char zOut[NEEDS_YEAR_MAX]);
/* True for a financial year written "YYYY/YY" whose second part is the
** year after the first (1900 to 9998). Pure. */
bool needs_year_valid(const char *z);
/* The year n years after a valid year z (n may be negative). Pure. */
void needs_year_add(const char *z, int n, char zOut[NEEDS_YEAR_MAX]);
/* True for an http or https address with a host and no spaces or
** control characters. Pure. */
bool needs_url_valid(const char *z);
/* True if a unit of kind zKind may have assessments (cluster,
** collaborative, pcpg). Pure. */
bool needs_unit_kind_ok(const char *zKind);

struct needs_assessment {
  long long id, unitId;
  char zUnitSlug[81], zUnitName[201], zUnitNameCy[201], zUnitKind[20];
  char zYear[NEEDS_YEAR_MAX];
  char zSummary[4*NEEDS_TEXT_MAX+1];
  bool bDemo;
  long long createdAt, updatedAt;
  bool bCanWrite;                 /* set by needs_get_visible for its user */
};
typedef void (*needs_cb)(void *pCtx, const struct needs_assessment *);

/* True if pUser may change unitId's assessments (a writer of the unit, not
** a national user). */
bool needs_can_write(struct db *, const struct user *, long long unitId, const char *zToday);
/* Load assessment id into *p if pUser may read its unit (sets bCanWrite);
** false, as for one that does not exist, otherwise. */
bool needs_get_visible(struct db *, const struct user *, long long id, const char *zToday,
                       struct needs_assessment *p);
/* Load without an access check. */
bool needs_load(struct db *, long long id, struct needs_assessment *p);
/* The assessments of unitId, latest year first. The caller has checked
** read access. Returns how many. */
int needs_list(struct db *, long long unitId, needs_cb, void *pCtx);
/* A new assessment of unitId for zYear (one a year: "needs.error.year_taken").
** Returns its id, 0 with *pErr, -1 without access. */
long long needs_create(struct db *, const struct user *, long long unitId, const char *zYear,
                       const char *zSummary, const char *zToday, struct field_errors *pErr);
/* Change an assessment's summary. */
long long needs_update(struct db *, const struct user *, long long id, const char *zSummary,
                       const char *zToday, struct field_errors *pErr);

/* ---- evidence ---- */
struct needs_evidence {
  long long id, assessmentId;
  char zSource[20];
  char zTitle[4*NEEDS_TITLE_MAX+1];
  char zBody[4*NEEDS_TEXT_MAX+1];
  char zUrl[NEEDS_URL_MAX+1];     /* "" when none */
  int nFindings;                  /* findings that rest on it */
};
typedef void (*needs_evidence_cb)(void *pCtx, const struct needs_evidence *);
struct needs_evidence_input { const char *zSource, *zTitle, *zBody, *zUrl; };
/* The evidence of an assessment by source (seed order) then id. */
int needs_evidence_list(struct db *, long long assessmentId, needs_evidence_cb, void *pCtx);
/* One piece of evidence of assessmentId; false if it is not of it. */
bool needs_evidence_get(struct db *, long long assessmentId, long long id, struct needs_evidence *p);
/* Add (evidenceId 0) or change a piece of evidence of assessmentId.
** Returns its id, 0 with *pErr, -1 without access. */
long long needs_evidence_save(struct db *, const struct user *, long long assessmentId, long long evidenceId,
                              const struct needs_evidence_input *, const char *zToday, struct field_errors *pErr);
/* Remove a piece of evidence no finding rests on (else 0 with
** "needs.error.evidence_in_use" on "evidence"). */
long long needs_evidence_delete(struct db *, const struct user *, long long assessmentId, long long evidenceId,
                                const char *zToday, struct field_errors *pErr);

/* ---- findings ---- */
struct needs_finding {
  long long id, assessmentId;
  char zSource[20];
  long long evidenceId;           /* 0 none */
  char zEvidenceTitle[4*NEEDS_TITLE_MAX+1];
  long long indicatorId;          /* 0 none */
  char zIndicatorCode[INDICATOR_CODE_MAX+1];
  char zIndicatorNameEn[801], zIndicatorNameCy[801];
  char zPeriod[INDICATOR_PERIOD_MAX];   /* "" none */
  char zWhat[4*NEEDS_TEXT_MAX+1], zSoWhat[4*NEEDS_TEXT_MAX+1], zNowWhat[4*NEEDS_TEXT_MAX+1];
  int nPriorities;                /* priorities made from it */
};
typedef void (*needs_finding_cb)(void *pCtx, const struct needs_finding *);
struct needs_finding_input {
  const char *zSource;            /* required */
  const char *zEvidenceId;        /* "" or evidence of the same assessment and source */
  const char *zIndicatorId;       /* "" or an indicator of the catalogue (then a period is needed) */
  const char *zPeriod;            /* "" or a period the indicator has values for */
  const char *zWhat, *zSoWhat, *zNowWhat;   /* What required */
};
/* The findings of an assessment by source (seed order) then order, id. */
int needs_finding_list(struct db *, long long assessmentId, needs_finding_cb, void *pCtx);
bool needs_finding_get(struct db *, long long assessmentId, long long id, struct needs_finding *p);
typedef void (*needs_priority_cb)(void *pCtx, long long priorityId, const char *zTitle);
/* The priorities made from finding findingId, by title: the thread
** forward from a finding. Returns how many. */
int needs_finding_priorities(struct db *, long long findingId, needs_priority_cb, void *pCtx);
long long needs_finding_save(struct db *, const struct user *, long long assessmentId, long long findingId,
                             const struct needs_finding_input *, const char *zToday, struct field_errors *pErr);
/* Remove a finding no priority was made from (else 0 with
** "needs.error.finding_in_use" on "finding"). */
long long needs_finding_delete(struct db *, const struct user *, long long assessmentId, long long findingId,
                               const char *zToday, struct field_errors *pErr);

/* ---- the indicators that come in by themselves ---- */
/* An indicator of the unit significantly worse than Wales in its latest
** period (at 95%; b99_8 when at 99.8% too), with the comparison. */
struct needs_worse {
  const struct indicator *ind;
  char zPeriod[INDICATOR_PERIOD_MAX];
  struct indicator_compared cmp;
  bool b99_8;                     /* worse than Wales at 99.8% as well */
  bool bWorseThanBoard;           /* worse than its health board at 95% */
  long long findingId;            /* a finding of the assessment already on it in that period, or 0 */
};
typedef void (*needs_worse_cb)(void *pCtx, const struct needs_worse *);
/* Every indicator of the catalogue for which unitId is significantly
** worse than Wales in the indicator's latest period, in catalogue order;
** assessmentId (0: none) to say which already have a finding. The caller
** has checked read access. Returns how many; -1 on a database error. */
int needs_worse_indicators(struct db *, long long unitId, long long assessmentId, const char *zToday,
                           needs_worse_cb, void *pCtx);

/* ---- what priority.c shares with this file ---- */
/* Check a text field as every form here does: required or not
** (zRequiredKey), at most nMax characters, clean UTF-8 (one line unless
** bMultiline). */
void needs_check_text(struct field_errors *, const char *zField, const char *z, bool bRequired,
                      size_t nMax, bool bMultiline, const char *zRequiredKey);
/* The two ends of a write transaction: false with "needs.error.not_saved"
** on zField when the database refuses (rolled back). */
bool needs_begin(struct db *, struct field_errors *, const char *zField);
bool needs_commit(struct db *, bool ok, struct field_errors *, const char *zField);

#endif
