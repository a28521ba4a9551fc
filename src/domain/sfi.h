/*
** The Standing Financial Instructions of a health board as data
** (db/migrations/0017_finance.*.sql: sfi_version, sfi_band,
** sfi_delegation, sfi_signatory), and the procurement route check that
** enforces them.
**
** The route check: the value of a commitment over its whole contract
** life, added to what the unit has already asked of the same supplier in
** the same financial year (requested or committed, not declined or
** cancelled), gives the band, so the route (one quote ... the regulated
** procedure), and the approver required (the delegated role with the
** smallest limit at or above it), under the version of the unit's health
** board in force on the date. Splitting an order does not change the
** route.
*/
#ifndef CC_SFI_H
#define CC_SFI_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include <stdbool.h>

/* Route codes (sfi_band.route) and approver roles (sfi_delegation.
** approver_role), in increasing order of authority. */
#define SFI_ROUTE_MAX 24
#define SFI_RULE_MAX 400

struct sfi_route_result {
  long long valuePence;       /* the value asked about */
  long long aggregatedPence;  /* value + the same supplier's in the year */
  long long versionId;        /* the version in force; 0: the board has none */
  char zRoute[SFI_ROUTE_MAX];        /* "" when no band covers the value */
  char zApproverRole[SFI_ROUTE_MAX]; /* "" when no role may approve it */
  bool bDecisionRequired;     /* a PCPG decision must be linked */
  /* The rule that decided, in the board's own words (version title, date
  ** in force, the band's and the delegation's rule_ref): data, not
  ** translated. */
  char zRule[SFI_RULE_MAX];
};

/* The route check for unitId (a cluster or any unit under a health
** board) for valuePence with supplier zSupplier (NULL or "": no
** aggregation) on date zOn (ISO; its financial year is the year
** aggregated), leaving out commitment excludeId (0: none) so that a
** commitment is not added to itself. False on a database error or a bad
** argument (value < 0 or above MONEY_MAX_PENCE, bad date). */
bool sfi_route_check(struct db *, long long unitId, long long valuePence, const char *zSupplier,
                     const char *zOn, long long excludeId, struct sfi_route_result *pOut);

/* True if pUser holds approver role zRole (or a role above it) for unitId
** on zToday: cluster_lead is a user whose role is cluster_lead and who may
** write unitId; pcpg_signatory and hb_officer are named in sfi_signatory
** on a unit at or above unitId, valid on zToday. */
bool sfi_may_approve(struct db *, const struct user *pUser, long long unitId, const char *zRole,
                     const char *zToday);

/* A supplier's name folded for comparison into zOut (n bytes): trimmed,
** ASCII letters in lower case, runs of spaces as one. Pure. */
void sfi_supplier_key(const char *zSupplier, char *zOut, size_t n);

/* Add the documented example set (marked example = 1) to health board
** unitId, in force from zFrom; inside the caller's transaction. Used by
** init for every health board. */
bool sfi_example_load(struct db *, long long hbUnitId, const char *zFrom, long long now);
/* The example set for every health board that has no rules at all (a new
** installation, or one upgraded to this version): inside the caller's
** transaction; how many boards got it into *pn (may be NULL). */
bool sfi_examples_ensure(struct db *, const char *zFrom, long long now, int *pn);

/* ---- pure core (no database): the route check's choice, and the
** checks of a version's bands and delegation ---- */

#define SFI_REF_MAX 120
struct sfi_band_row {
  long long id;
  long long minPence;
  long long maxPence;          /* -1: no upper limit */
  char zRoute[SFI_ROUTE_MAX];
  char zRuleRef[SFI_REF_MAX];
  char zNote[SFI_REF_MAX * 2];
};
struct sfi_deleg_row {
  long long id;
  char zRole[SFI_ROUTE_MAX];
  long long maxPence;
  char zRuleRef[SFI_REF_MAX];
};
/* The authority of an approver role: cluster_lead 1, pcpg_signatory 2,
** hb_officer 3; 0 for anything else. */
int sfi_role_rank(const char *zRole);
/* True for a route code of sfi_band.route. */
bool sfi_route_valid(const char *zRoute);
/* The index of the band of a[0..n) holding valuePence; -1 when none. */
int sfi_choose_band(const struct sfi_band_row *a, int n, long long valuePence);
/* The index of the role of a[0..n) with the smallest limit at or above
** valuePence; -1 when no role's limit is high enough. */
int sfi_choose_delegation(const struct sfi_deleg_row *a, int n, long long valuePence);
/* The bands of a version must start at 0, run upwards without gaps or
** overlaps (each band's minimum one penny above the last one's maximum)
** and end with the one open band (no maximum). NULL when they do, else
** the key of the message that says what is wrong (*piBand: the band at
** fault, 0-based). a is taken in the order given (sorted by minimum). */
const char *sfi_check_bands(const struct sfi_band_row *a, int n, int *piBand);
/* The delegation's limits must increase with authority (cluster lead <
** PCPG signatory < health board officer, for the roles present); each
** role at most once. NULL, or the message key. */
const char *sfi_check_delegation(const struct sfi_deleg_row *a, int n);

/* ---- reading ---- */

/* The version of board hbUnitId in force on zOn (the latest
** effective_from <= zOn); 0 when none. */
long long sfi_version_in_force(struct db *, long long hbUnitId, const char *zOn);
/* The bands (by minimum) and delegation (by limit) of a version into
** arrays of at most nMax rows; the number read, -1 on error. */
int sfi_bands_read(struct db *, long long versionId, struct sfi_band_row *a, int nMax);
int sfi_delegation_read(struct db *, long long versionId, struct sfi_deleg_row *a, int nMax);
#define SFI_BANDS_MAX 12

/* ---- changing the rules: by whoever may write the health board (its
** finance lead is a health board user) or an administrator; each one
** transaction with its audit entry. 1 or an id: done; 0: errors in e;
** -1: not the user's to change. ---- */

/* True if version versionId has been used by a commitment: it is then
** read only (a "new version from this one" changes the rules). */
bool sfi_version_used(struct db *, long long versionId);
/* A new version of the same board from versionId, in force from zFrom
** (a date no other version of the board starts on): its bands and
** delegation copied, the example mark kept. The new id. */
long long sfi_version_copy(struct db *, const struct user *, long long versionId, const char *zFrom,
                           long long now, const char *zToday, struct field_errors *e);

/* The edit form of a version as typed: money as people write it. */
#define SFI_FORM_BANDS 6
struct sfi_version_input {
  const char *zTitle;
  const char *zEffectiveFrom;
  const char *zDecisionOver;     /* "" : no decision ever required */
  const char *zNotes;
  struct { const char *zMin, *zMax, *zRoute, *zRuleRef, *zNote; } aBand[SFI_FORM_BANDS];
  struct { const char *zMax, *zRuleRef; } aDeleg[3];   /* cluster_lead, pcpg_signatory, hb_officer */
};
/* Save the version's title, date, decision threshold, bands (the rows
** with a route; a blank maximum on the last) and delegation (the roles
** with a limit), checked by sfi_check_bands and sfi_check_delegation.
** The version is no longer marked example once its board saves it.
** Errors on fields title, effective_from, decision_over, band-N-min,
** band-N-max, band-N-route (N from 1), delegation-ROLE. */
int sfi_version_update(struct db *, const struct user *, long long versionId,
                       const struct sfi_version_input *, long long now, const char *zToday,
                       struct field_errors *e);

/* Name pUser userId as zRole ("pcpg_signatory": on PCPG unitId of the
** board; "hb_officer": on the board itself) from zFrom to zTo (NULL or
** "": open). The new id. Errors on user, role, unit, valid_from, valid_to. */
long long sfi_signatory_add(struct db *, const struct user *, long long hbUnitId, long long userId,
                            const char *zRole, long long unitId, const char *zFrom, const char *zTo,
                            long long now, const char *zToday, struct field_errors *e);
/* End signatory id of board hbUnitId on zTo (its last valid day). */
int sfi_signatory_end(struct db *, const struct user *, long long hbUnitId, long long id, const char *zTo,
                      long long now, const char *zToday, struct field_errors *e);

#endif
