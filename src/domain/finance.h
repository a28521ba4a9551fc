/*
** The cluster's money (issue 13): allocations per unit, year and funding
** stream, what was carried forward into them, budget lines under them,
** spend entered or imported from the health board ledger's CSV export,
** and THE position arithmetic every page, API and export uses.
**
** For unit U, year Y and each stream (an allocation; a stream without an
** allocation in Y that still has commitments or spend in Y is shown with
** nothing allocated):
**   allocated = the allocation's amount + what was carried forward into it
**   committed = the months in Y of its committed commitments
**   spent     = its spend in Y (credits negative)
**   remaining = allocated - committed - uncommitted spend (spend in Y not
**               against a committed commitment)
**   forecast  = uncommitted spend + for each committed commitment the
**               larger of its months in Y and what was spent against it in Y
**   requested = the months in Y of commitments asked for, not yet approved
**               (shown beside, never counted as committed)
** A stream warns when forecast > allocated. Streams add up to the total.
** A commitment counts in the stream of its allocation (by the stream's
** name, so a post that runs into the next year counts there too).
** Money is whole pence (long long), never a floating point number.
*/
#ifndef CC_FINANCE_H
#define CC_FINANCE_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include <stdbool.h>
#include <stddef.h>

struct finance_fig {
  long long allocated, committed, spent, forecast, remaining, requested;
};
/* One committed commitment's facts in the year, for the pure arithmetic:
** the stream it counts in (index), its months in the year and what was
** spent against it in the year. */
struct finance_commit_in { int iStream; long long committed; long long spent; };

/* The arithmetic, pure: for nStream streams with aAllocated[i], the
** uncommitted spend aUncommitted[i] and the requested months aRequested[i]
** (NULL: none), and the committed commitments aC[0..nC), fill aOut[i] and
** *pTotal (the sum of the streams). */
void finance_position_compute(int nStream, const long long *aAllocated, const long long *aUncommitted,
                              const long long *aRequested, const struct finance_commit_in *aC, int nC,
                              struct finance_fig *aOut, struct finance_fig *pTotal);
/* Whether the forecast exceeds what is allocated (the warning). */
bool finance_fig_over(const struct finance_fig *);
/* Add f into *pSum. */
void finance_fig_add(struct finance_fig *pSum, const struct finance_fig *f);

/* ---- years ---- */
/* A year as the pages' and API's ?year= gives it ("2026", or "2026/27",
** "2026-27") into zOut ("2026/27"); NULL or "" gives the year of zToday.
** False for anything else. */
bool finance_year_arg(const char *z, const char *zToday, char zOut[8]);
/* "2026/27" as the API writes it: "2026-27". */
void finance_year_api(const char *zYear, char zOut[8]);

/* ---- the position ---- */
struct finance_stream {
  long long unitId;
  long long allocationId;      /* 0: no allocation in the year */
  char zStream[121];
  char zKind[16];              /* recurrent, transformation, other; "" without allocation */
  char zYearEndRule[16];
  bool bDemo;
  struct finance_fig f;
};
struct finance_position {
  char zYear[8];
  int nStream;
  struct finance_stream *a;    /* by unit, then allocation (kind, stream), then streams without one */
  struct finance_fig total;
  bool bDemo;
};
/* The position of unit unitId in year zYear ("2026/27"); with bBelow, of
** the clusters below unitId on zToday instead (every cluster's streams,
** for side by side: finance_unit_totals). Aggregate queries, a fixed
** number of them whatever the number of units. False on a database error. */
bool finance_position_load(struct db *, long long unitId, bool bBelow, const char *zToday,
                           const char *zYear, struct finance_position *);
void finance_position_free(struct finance_position *);

/* The clusters below a unit on zToday, each with its totals taken from a
** position loaded with bBelow. */
struct finance_unit_row {
  long long unitId;
  char zSlug[81], zName[201], zNameCy[201];
  bool bDemo;
  struct finance_fig f;
};
/* The rows into *paRow (malloc'd; free it), their count returned; -1 on
** a database error. */
int finance_unit_totals(struct db *, long long unitId, const char *zToday,
                        const struct finance_position *, struct finance_unit_row **paRow);

/* ---- who may ---- */
/* Whether the user may set a unit's allocations and carry forward: write
** access on its health board, or an administrator. */
bool finance_may_allocate(struct db *, const struct user *, long long unitId, const char *zToday);

/* ---- allocations ---- */
struct finance_allocation {
  long long id, unitId;
  char zYear[8];
  char zStream[121];
  char zKind[16];
  long long amount;
  long long carriedIn;         /* carried forward into it */
  char zCriteria[2001];
  char zEndOn[11];
  char zYearEndRule[16];
  bool bDemo;
  long long carriedOutTo;      /* the allocation it was carried into, 0: none */
  long long carriedOut;
};
bool finance_allocation_get(struct db *, long long unitId, long long id, struct finance_allocation *);
typedef void (*finance_allocation_cb)(void *, const struct finance_allocation *);
/* The unit's allocations of zYear (NULL: every year, latest first). */
int finance_allocation_list(struct db *, long long unitId, const char *zYear, finance_allocation_cb, void *);

struct finance_allocation_input {
  const char *zYear, *zStream, *zKind, *zAmount, *zCriteria, *zEndOn, *zYearEndRule;
};
/* Create (id 0) or change allocation id of unitId: its id, -1 when not
** the user's to set (or not found), 0 with e filled. */
long long finance_allocation_save(struct db *, const struct user *, long long unitId, long long id,
                                  const struct finance_allocation_input *, const char *zToday,
                                  struct field_errors *e);
/* Carry what remained of allocation fromId (of a past year, rule
** carry_forward) at its year's end into toId (the unit's, of the next
** year), approved by the user, with decision decisionId (0: none): the
** carry forward's id, -1 when not allowed, 0 with e filled. */
long long finance_carry_forward(struct db *, const struct user *, long long unitId, long long fromId,
                                const char *zTo, const char *zDecision, const char *zToday,
                                struct field_errors *e);

/* ---- budget lines ---- */
struct finance_budget_line {
  long long id, allocationId, objectiveId;
  char zStream[121];
  char zYear[8];
  char zTitle[301];
  char zObjective[301];
  long long amount, committed, spent;
};
typedef void (*finance_budget_line_cb)(void *, const struct finance_budget_line *);
/* The budget lines of the unit's allocations of zYear, with what is
** committed against them in that year (the months of the year of their
** committed commitments, as the position counts) and spent in that year
** through commitments with the line. */
int finance_budget_line_list(struct db *, long long unitId, const char *zYear, finance_budget_line_cb, void *);
/* The same for one plan objective. */
int finance_budget_line_for_objective(struct db *, long long objectiveId, finance_budget_line_cb, void *);
bool finance_budget_line_get(struct db *, long long unitId, long long id, struct finance_budget_line *);
struct finance_budget_line_input { const char *zAllocation, *zObjective, *zTitle, *zAmount; };
long long finance_budget_line_save(struct db *, const struct user *, long long unitId, long long id,
                                   const struct finance_budget_line_input *, const char *zToday,
                                   struct field_errors *e);

/* ---- spend ---- */
struct finance_spend {
  long long id, allocationId, commitmentId;
  char zDate[11];
  char zYear[8];
  long long amount;
  char zStream[121];
  char zSupplier[201];
  char zDescription[501];
  char zSource[10];
  char zLedgerRef[61];
  char zCommitment[301];
  bool bDemo;
};
typedef void (*finance_spend_cb)(void *, const struct finance_spend *);
/* The unit's spend in zYear, of allocation allocationId (0: all), newest
** first; nLimit rows at most (0: all). */
int finance_spend_list(struct db *, long long unitId, const char *zYear, long long allocationId,
                       int nLimit, finance_spend_cb, void *);
struct finance_spend_input {
  const char *zDate, *zAmount, *zAllocation, *zCommitment, *zSupplier, *zDescription;
};
long long finance_spend_save(struct db *, const struct user *, long long unitId,
                             const struct finance_spend_input *, const char *zToday,
                             struct field_errors *e);

/* ---- the ledger's CSV export ----
** Header row (any order, names as below, case and spaces ignored):
**   Date,Reference,Supplier,Description,Amount,Stream[,Commitment]
** Date DD/MM/YYYY or YYYY-MM-DD; Amount as ledgers write it (money_parse:
** "1,250.00", "-12.50", "(12.50)" for a credit; not zero); Stream the
** name of one of the unit's allocations of the date's year; Commitment
** (optional) the number of a commitment of the unit on that stream. */
/* A ledger date into zOut (ISO); false if it is not a real date. Pure. */
bool finance_ledger_date(const char *z, char zOut[11]);
struct finance_import_error { int line; int column; const char *zKey; char zText[130]; };
#define FINANCE_IMPORT_ERRORS 50
struct finance_import {
  int nLines;                  /* data lines read */
  int nValid;                  /* lines without errors */
  int nImported;               /* lines written */
  int nDuplicate;              /* lines whose reference was already imported (skipped) */
  char azDuplicate[5][61];     /* the first few of those references */
  int nError;                  /* errors found (lines may have several) */
  struct finance_import_error a[FINANCE_IMPORT_ERRORS];
  const char *zFileKey;        /* a problem with the whole file (no header...), or NULL */
  bool bDbError;
};
/* A line of the file that the file itself finds no fault with (the
** stream and commitment are checked against the database on import). */
struct finance_ledger_row {
  int line, colStream, colCommit;      /* colCommit 0: no such column */
  char zDate[11], zYear[8], zRef[61], zSupplier[128], zDesc[128], zStream[121], zCommit[40];
  long long amount, commitId;          /* commitId 0: none */
  long long allocId;                   /* set by the import */
  bool bFault;                         /* the line has errors: never imported */
};
/* Read the file z[0..n): its lines into *paRow (malloc'd; free it), how
** many returned, those with errors marked bFault (their stream and
** commitment are still checked on import, so that every error of a line
** is told at once); the lines read and every error into *o (o->zFileKey
** for a file with no usable header).
** Pure: no database (finance_ledger.c). */
int finance_ledger_read(const char *z, size_t n, struct finance_ledger_row **paRow, struct finance_import *o);
/* Add an error to o (counted always, kept while there is room). */
void finance_import_error_add(struct finance_import *o, int line, int column, const char *zKey, const char *zText);
/* Put o's kept errors in order of line, then column. */
void finance_import_errors_sort(struct finance_import *o);
/* Check the file z[0..n) and, when it has no errors or bValidOnly, import
** its valid lines in one transaction with one audit entry. Fills *pOut;
** returns the number of lines imported (0 when nothing was). */
int finance_ledger_import(struct db *, const struct user *, long long unitId, const char *z, size_t n,
                          bool bValidOnly, bool bWrite, struct finance_import *pOut);

#endif
