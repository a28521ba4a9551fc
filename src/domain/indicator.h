/*
** Population-health indicators: the national catalogue, the numerators
** and denominators of each indicator for each cluster, health board and
** Wales, and what is computed from them: the value and its confidence
** intervals at 95% and 99.8% by the method Fingertips uses for the kind
** (src/stats/indicators.h), and the comparison of an area with its health
** board and with Wales. The schema: db/migrations/0015_indicators.*.sql.
** What needs no database (codes, periods, age bands, the CSV parser):
** src/domain/indicator_csv.h.
**
** The catalogue is changed only by administrators and national users
** (indicator_can_manage), each change one transaction with its audit
** entry (entity "indicator"). Values come in from CSV files
** (indicator_import: one transaction, one audit entry, entity
** "indicator_value") or, for the demonstration, from
** src/domain/demo_indicators.c; they replace earlier values of the same
** indicator, unit, period, age band and sex.
**
** Health boards and Wales. Their values may be imported like a
** cluster's. Where none is imported, each write that changes a period of
** an indicator computes them again from the clusters below them (on the
** organisation tree of the day given): the sum of the numerators and the
** sum of the denominators of the clusters, band by band and sex by sex,
** and only when every cluster has a value for that band and sex (a total
** of some clusters would be wrong, not approximate). They are stored with
** source 'computed' and are demonstration data when any cluster's is.
**
** Comparisons. As Fingertips compares an area with a benchmark
** ("confidence intervals overlapping reference value", its comparator
** method for the 95% and for the 99.8% level): the area's confidence
** interval at that level against the comparator's value alone. The value
** inside the interval, limits included: similar. Otherwise the area is
** higher when its value is above the comparator's, lower when below; for
** an indicator whose polarity says which way is better that is better or
** worse (higher is better: higher is better; lower is better: higher is
** worse); for polarity neither it stays higher or lower. Not compared:
** either value missing, a count (no interval), a rate not given for too
** few events.
*/
#ifndef CC_INDICATOR_H
#define CC_INDICATOR_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "domain/indicator_csv.h"
#include "html/i18n.h"
#include "stats/indicators.h"
#include <stdbool.h>

/* ---- the catalogue --------------------------------------------------------- */

#define INDICATOR_CODE_MAX 40        /* characters of a code: a-z, 0-9, _ */
#define INDICATOR_NAME_MAX 200       /* characters of a name */
#define INDICATOR_DEFINITION_MAX 1000
#define INDICATOR_SOURCE_MAX 500
#define INDICATOR_MULTIPLIER_MAX 1e9

struct indicator {
  long long id;
  char zCode[INDICATOR_CODE_MAX+1];
  char zNameEn[801], zNameCy[801];
  char zNumeratorEn[4001], zNumeratorCy[4001];
  char zDenominatorEn[4001], zDenominatorCy[4001];
  enum indicator_kind kind;
  double multiplier;
  enum indicator_polarity polarity;
  char zSource[2001];
  enum indicator_period_type periodType;
  int ageFrom;                    /* the ages covered: from ageFrom */
  int ageTo;                      /* up to (not including) ageTo; -1 no upper limit */
  int firstBand, lastBand;        /* those ages as bands (indicator_band_range) */
  long long sortOrder;
  long long createdAt, updatedAt;
};
/* The name a reader of lang is shown. */
const char *indicator_name(const struct indicator *, enum lang);

/* What a form sends (text as typed; NULL or blank is empty). */
struct indicator_input {
  const char *zCode;
  const char *zNameEn, *zNameCy;
  const char *zNumeratorEn, *zNumeratorCy;
  const char *zDenominatorEn, *zDenominatorCy;   /* may be empty for a count */
  const char *zKind;              /* indicator_kind_code */
  const char *zMultiplier;        /* a number > 0: 1, 100, 1000, 100000 */
  const char *zPolarity;          /* indicator_polarity_code */
  const char *zSource;
  const char *zPeriodType;        /* indicator_period_type_code */
  const char *zAgeFrom;           /* a multiple of 5, 0 to 90; empty: 0 */
  const char *zAgeTo;             /* a multiple of 5 above it, to 90; empty: no upper limit */
  const char *zSortOrder;         /* a whole number; empty: 0 */
};

/* True if pUser may change the catalogue and import values: an
** administrator or a national user. */
bool indicator_can_manage(const struct user *pUser);

/* Add an indicator. Returns its id; 0 with *pErr for bad input (fields:
** code name_en name_cy numerator_en numerator_cy denominator_en
** denominator_cy kind multiplier polarity source period_type age_from
** age_to sort_order); -1 when pUser may not (nothing written). */
long long indicator_create(struct db *, const struct user *pUser, const struct indicator_input *,
                           struct field_errors *pErr);
/* Change indicator id. As indicator_create, and -1 when there is none.
** Its kind, period type and ages cannot change once it has values (what
** they mean would change under them): "indicator.error.has_values". */
long long indicator_update(struct db *, const struct user *pUser, long long id,
                           const struct indicator_input *, struct field_errors *pErr);

typedef void (*indicator_cb)(void *pCtx, const struct indicator *);
/* The catalogue by sort order then code. Anyone may read it. Returns
** how many, -1 on a database error. */
int indicator_list(struct db *, indicator_cb, void *pCtx);
/* One indicator by id or by code. False when there is none. */
bool indicator_get(struct db *, long long id, struct indicator *pOut);
bool indicator_get_by_code(struct db *, const char *zCode, struct indicator *pOut);

/* ---- values ------------------------------------------------------------------- */

/* One stored row. */
struct indicator_value {
  long long unitId;
  char zPeriod[INDICATOR_PERIOD_MAX];
  int band;                       /* 0..18, INDICATOR_BAND_ALL */
  enum indicator_sex sex;
  double numerator;
  double denominator;             /* NaN when none (a count) */
  bool bComputed;                 /* source 'computed' */
  bool bDemo;
  long long importedAt;
};
typedef void (*indicator_value_cb)(void *pCtx, const struct indicator_value *);
/* The rows of indicator indicatorId: of unit unitId in every period
** (period, sex, band order), or of every unit in period zPeriod (unit,
** sex, band order). The caller has checked that the units may be read.
** Return how many, -1 on a database error. */
int indicator_values_of_unit(struct db *, long long indicatorId, long long unitId,
                             indicator_value_cb, void *pCtx);
int indicator_values_in_period(struct db *, long long indicatorId, const char *zPeriod,
                               indicator_value_cb, void *pCtx);
typedef void (*indicator_period_cb)(void *pCtx, const char *zPeriod);
/* The periods indicatorId has any value for, oldest first. Returns how
** many, -1 on a database error. */
int indicator_periods(struct db *, long long indicatorId, indicator_period_cb, void *pCtx);

/* ---- what is computed ------------------------------------------------------------ */

/* The rows of one unit, period and sex gathered for a computation: a
** standardised indicator's by band, any other's for all ages. */
struct indicator_rows {
  double aNum[INDICATOR_BANDS], aDen[INDICATOR_BANDS];
  bool aHave[INDICATOR_BANDS];
  double num, den;                /* all ages (den NaN when none) */
  bool bHaveAll;
  bool bDemo, bComputed;          /* any row so */
};

/* An indicator's value for one unit, period and sex, with its limits. */
struct indicator_stat {
  bool bValue;                    /* there is a value (else see bSuppressed, bIncomplete) */
  bool bSuppressed;               /* a DSR of fewer than IND_SMALL_COUNT events: not given */
  bool bIncomplete;               /* a standardised indicator lacking bands, or a reference */
  double numerator;               /* events (all bands) */
  double denominator;             /* population (all bands); NaN for a count without */
  double expected;                /* an ISR's expected events; else NaN */
  double value;                   /* times the multiplier; NaN when none */
  double lower95, upper95;        /* NaN when none (a count; a suppressed DSR) */
  double lower99_8, upper99_8;
  enum ind_method method;         /* how the 95% limits were found; NONE for a count */
  bool bDemo;                     /* demonstration data */
  bool bComputed;                 /* a health board's or Wales's, summed from clusters */
  enum indicator_sex sex;         /* of the rows read (indicator_stat_of and the others) */
};

/* The value and limits of rows *r of an indicator of kind, ages
** firstBand..lastBand and multiplier, as Fingertips computes them:
**   proportion   num/den, Wilson's interval
**   crude_rate   num/den, exact Poisson limits under 10 events, else Byar's
**   dsr          Dobson's interval on the 2013 European Standard
**                Population's weights aStd of the bands firstBand..lastBand
**                (all of them needed); under 10 events not given
**   isr          observed over expected events, expected from the
**                reference rows *pRef (Wales's, band by band; all bands
**                needed in both), exact or Byar's limits on the observed
**                count; times the multiplier (100: an SAR or SMR)
**   count        the numerator, no interval
** Pure. *pOut always filled (bValue false when there is no value). */
void indicator_compute(const struct indicator *, const struct indicator_rows *r,
                       const struct indicator_rows *pRef, const double *aStd,
                       struct indicator_stat *pOut);

/* The comparison of an area with a comparator (see the top of this file). */
enum indicator_comparison { INDICATOR_NOT_COMPARED, INDICATOR_SIMILAR, INDICATOR_BETTER,
                            INDICATOR_WORSE, INDICATOR_HIGHER, INDICATOR_LOWER };
/* "not_compared", "similar", "better", "worse", "higher", "lower". */
const char *indicator_comparison_code(enum indicator_comparison);
/* At 95% (b99_8 false) or 99.8%. Pure. */
enum indicator_comparison indicator_compare(enum indicator_polarity, const struct indicator_stat *pArea,
                                            const struct indicator_stat *pComparator, bool b99_8);

/* The statistic of indicator *ind for unit unitId in period zPeriod, for
** sex (zSex "persons", "male", "female"; NULL: persons when the unit has
** them, else the one sex it has). The caller has checked that the unit may
** be read. False on a database error (*pOut then holds no value). */
bool indicator_stat_of(struct db *, const struct indicator *ind, long long unitId,
                       const char *zPeriod, const char *zSex, struct indicator_stat *pOut);

typedef void (*indicator_stat_cb)(void *pCtx, long long unitId, const struct indicator_stat *);
/* The statistic of every unit with values of *ind in zPeriod (sex as
** above), by unit id, in one read: the 60 clusters, the health boards
** and Wales, for a chart or a funnel plot. Returns how many, -1 on a
** database error. */
int indicator_stats_in_period(struct db *, const struct indicator *ind, const char *zPeriod,
                              const char *zSex, indicator_stat_cb, void *pCtx);

/* A unit against its health board and Wales in one period. */
struct indicator_compared {
  struct indicator_stat area, healthBoard, wales;
  long long healthBoardId;        /* 0 when the unit is none's (a health board, Wales) */
  long long walesId;              /* 0 for Wales itself */
  enum indicator_comparison vsHealthBoard95, vsHealthBoard99_8, vsWales95, vsWales99_8;
};
/* unitId (a cluster or a health board) against its health board (on the
** tree of zToday) and Wales. False on a database error. The caller has
** checked that the unit may be read (its health board's and Wales's
** values are shown to whoever may read it). */
bool indicator_compare_unit(struct db *, const struct indicator *ind, long long unitId,
                            const char *zPeriod, const char *zSex, const char *zToday,
                            struct indicator_compared *pOut);

/* ---- import --------------------------------------------------------------------- */

/* The catalogue and the areas (clusters, health boards, Wales) as the
** parser reads them, with their ids. */
struct indicator_lookup {
  struct indicator_csv_lookup csv;     /* what indicator_csv_parse reads */
  long long *aIndId;                   /* the ids of csv.aInd */
  long long *aAreaId;                  /* the ids of csv.aArea */
  char *zStrings;                      /* what the strings live in */
  struct indicator_csv_ind *aInd;
  struct indicator_csv_area *aArea;
};
/* Load it as on zToday. False on a database error (nothing to free). */
bool indicator_lookup_load(struct db *, const char *zToday, struct indicator_lookup *pOut);
void indicator_lookup_free(struct indicator_lookup *);

/* A row to write, by ids. */
struct indicator_write_row {
  long long indicatorId, unitId;
  char zPeriod[INDICATOR_PERIOD_MAX];
  int band;
  enum indicator_sex sex;
  double num, den;                     /* den NaN: none */
};

struct indicator_import_result {
  size_t nNew;                         /* rows that were not there */
  size_t nReplaced;                    /* rows that replaced an earlier value */
  size_t nLeftOut;                     /* lines of the file left out for an error */
  size_t nComputed;                    /* health board and Wales rows computed again */
};

/* Import what *c parsed (against *L) in one transaction with one audit
** entry, replacing earlier values of the same indicator, unit, period,
** band and sex, then compute again the health boards and Wales for every
** indicator and period it touched. With errors in the file nothing is
** imported unless bValidOnly, which imports the valid lines. pUser NULL
** is the command line (trusted; the audit log says "command line").
** Returns the number of rows written; 0 with *pErr (field "file": the
** file's error, "indicator.import.error.has_errors",
** "indicator.import.error.no_valid_rows", "indicator.error.not_saved");
** -1 when pUser may not import. */
long long indicator_import(struct db *, const struct user *pUser, const struct indicator_csv *c,
                           const struct indicator_lookup *L, bool bValidOnly, const char *zToday,
                           struct indicator_import_result *pResult, struct field_errors *pErr);

/* Write rows (the demonstration data, with bDemo) as indicator_import
** writes a file's: one transaction, one audit entry (zWhat names them in
** it), the health boards and Wales computed again. The rows must be as
** the parser makes them: each period in its written form for its
** indicator's period type, bands only for a standardised indicator and
** within its ages, no two with the same key. pUser NULL: the command
** line. Returns false (nothing written) on a database error or when pUser
** may not. */
bool indicator_write_rows(struct db *, const struct user *pUser, const struct indicator_write_row *aRow,
                          size_t n, bool bDemo, const char *zWhat, const char *zToday,
                          struct indicator_import_result *pResult);

#endif
