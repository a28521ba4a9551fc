/*
** Population-health indicators: what needs no database. The kinds,
** polarities and period types of the catalogue, the one way each period
** type is written, the age bands and sexes of a value, and the parser of
** the CSV files values are imported from (src/domain/indicator_csv.c).
** Pure: no database, no translations, no allocation but the parsed rows
** and errors, so that the parser links alone into the fuzzer
** (tests/fuzz/fuzz_indicator_csv.c). The catalogue and the values
** themselves: src/domain/indicator.h.
*/
#ifndef CC_INDICATOR_CSV_H
#define CC_INDICATOR_CSV_H
#include <stdbool.h>
#include <stddef.h>

/* ---- the catalogue's codes ------------------------------------------------ */

/* How a value and its confidence interval are computed (indicator.kind). */
enum indicator_kind { INDICATOR_PROPORTION, INDICATOR_CRUDE_RATE, INDICATOR_DSR, INDICATOR_ISR,
                      INDICATOR_COUNT, INDICATOR_KIND__MAX };
/* Which way is better (indicator.polarity). */
enum indicator_polarity { INDICATOR_HIGHER_BETTER, INDICATOR_LOWER_BETTER, INDICATOR_NEITHER,
                          INDICATOR_POLARITY__MAX };
/* How periods are counted (indicator.period_type). */
enum indicator_period_type { INDICATOR_FINANCIAL_YEAR, INDICATOR_CALENDAR_YEAR, INDICATOR_QUARTER,
                             INDICATOR_MONTH, INDICATOR_ROLLING_3_YEARS, INDICATOR_PERIOD__MAX };
/* Persons, or one sex (indicator_value.sex). */
enum indicator_sex { INDICATOR_PERSONS, INDICATOR_MALE, INDICATOR_FEMALE, INDICATOR_SEX__MAX };

/* The codes stored in the database ("proportion", "crude_rate", "dsr",
** "isr", "count"; "higher_better", "lower_better", "neither";
** "financial_year", "calendar_year", "quarter", "month",
** "rolling_3_years"; "persons", "male", "female"); "?" out of range. */
const char *indicator_kind_code(enum indicator_kind);
const char *indicator_polarity_code(enum indicator_polarity);
const char *indicator_period_type_code(enum indicator_period_type);
const char *indicator_sex_code(enum indicator_sex);
/* A code back to its value: exactly one of the codes above; false for
** anything else, NULL included (*pOut then untouched). */
bool indicator_kind_parse(const char *z, enum indicator_kind *pOut);
bool indicator_polarity_parse(const char *z, enum indicator_polarity *pOut);
bool indicator_period_type_parse(const char *z, enum indicator_period_type *pOut);
bool indicator_sex_parse(const char *z, enum indicator_sex *pOut);
/* Standardised for age: a DSR or an ISR, with a row per age band. */
bool indicator_kind_by_age(enum indicator_kind);

/* ---- periods ---------------------------------------------------------------- */

#define INDICATOR_PERIOD_MAX 24    /* bytes of a period, its NUL included */
/* A period of type t as typed (spaces around ignored) into its one
** written form in zOut:
**   financial_year   2023/24   (also 2023-24, 2023/2024, 2023-2024)
**   calendar_year    2023
**   quarter          2023-Q2   (also 2023 Q2, 2023Q2, Q2 2023, lower-case q):
**                              calendar quarters, Q1 January to March
**   month            2023-05   (also 05/2023, 5/2023)
**   rolling_3_years  2021/22-2023/24  (each year as a financial year is
**                              typed; between them "-" or " to "; the
**                              last starts two years after the first)
** Years from 1900 to 2199. False (zOut undefined) for anything else. The
** written forms of one type sort in time order as text. */
bool indicator_period_normalise(enum indicator_period_type t, const char *z, char zOut[INDICATOR_PERIOD_MAX]);
/* True if z is already a period of type t in its written form. */
bool indicator_period_valid(enum indicator_period_type t, const char *z);
/* The example shown for a period type ("2023/24", "2023", "2023-Q2",
** "2023-05", "2021/22-2023/24"). */
const char *indicator_period_example(enum indicator_period_type t);

/* ---- age bands --------------------------------------------------------------- */

/* The 19 bands of the 2013 European Standard Population, 0-4 ... 85-89,
** 90+, by index 0..18 (src/domain/esp2013.h holds their weights), and
** INDICATOR_BAND_ALL for a value of all ages. */
#define INDICATOR_BANDS 19
#define INDICATOR_BAND_ALL (-1)
/* "0-4" ... "90+", "all" for INDICATOR_BAND_ALL; "?" out of range. */
const char *indicator_band_label(int band);
/* A band as typed, "0-4" (also "0 - 4", "0 to 4", "00-04", "90+", "90
** and over", "all", and empty for all ages), into its index or
** INDICATOR_BAND_ALL. False for anything else. */
bool indicator_band_parse(const char *z, int *pBand);
/* The bands of an indicator covering ages age_from up to age_to (ageTo
** < 0: no upper limit), both multiples of 5: *pFirst .. *pLast. False
** when the range is not one (not multiples of 5, empty, beyond 90). */
bool indicator_band_range(int ageFrom, int ageTo, int *pFirst, int *pLast);

/* ---- CSV files of values ------------------------------------------------------ */

/* What the parser checks a file against: the catalogue's indicators and
** the areas values may be given for (the clusters, the health boards and
** Wales), each named by its slug or by its English or Welsh name. The
** caller owns every string. */
struct indicator_csv_ind {
  const char *zCode;
  enum indicator_kind kind;
  enum indicator_period_type periodType;
  int firstBand, lastBand;      /* the bands a standardised indicator has (indicator_band_range) */
};
struct indicator_csv_area {
  const char *zSlug;
  const char *zName;
  const char *zNameCy;          /* "" when none */
};
struct indicator_csv_lookup {
  const struct indicator_csv_ind *aInd;
  int nInd;
  const struct indicator_csv_area *aArea;
  int nArea;
};

/* A line read without error. */
struct indicator_csv_row {
  int line;
  int iInd;                     /* index into the lookup's aInd */
  int iArea;                    /* index into the lookup's aArea */
  char zPeriod[INDICATOR_PERIOD_MAX];   /* its written form */
  int band;                     /* 0..18, or INDICATOR_BAND_ALL */
  enum indicator_sex sex;
  double num;                   /* >= 0 */
  double den;                   /* > 0; NaN when not given (a count) */
};
struct indicator_csv_error {
  int line;                     /* the line the record starts on (the header is 1) */
  int column;                   /* 1-based */
  const char *zKey;             /* "indicator.import.error.*" */
  char zText[64];               /* the offending text, cut; or the bands missing */
};
#define INDICATOR_CSV_MAX_ERRORS 200
#define INDICATOR_CSV_MAX_COLUMNS 24
#define INDICATOR_CSV_MAX_ROWS 200000
/* Numerators and denominators beyond this are refused. */
#define INDICATOR_VALUE_MAX 1e12
struct indicator_csv {
  size_t n, nAlloc;
  struct indicator_csv_row *aRow;   /* in line order */
  int nError;                   /* every error found; the first INDICATOR_CSV_MAX_ERRORS kept */
  int nKept;                    /* how many are in aError, in line then column order */
  struct indicator_csv_error aError[INDICATOR_CSV_MAX_ERRORS];
  bool bFileError;              /* the whole file is unusable (encoding, header): aError[0] */
  int nColumn;                  /* the header's columns, as written (cut), to name them in messages */
  char azColumn[INDICATOR_CSV_MAX_COLUMNS][32];
  size_t nData;                 /* data lines (not blank) */
  size_t nRejected;             /* data lines left out: n + nRejected == nData */
};

/* Parse a file z[0..n) of values. The first line that is not blank names
** the columns, in any order and case (spaces and underscores alike):
**   area_code        required: an area's slug (cardiff-south-west) or its
**                    English or Welsh name when no other area has it
**                    (also "area")
**   indicator_code   required: an indicator's code (also "indicator")
**   period           required: in the indicator's period type (above)
**   age_band         optional: a band (above) for an indicator
**                    standardised for age, which needs a line for each of
**                    its bands; empty for any other
**   sex              optional: persons (the default when empty), male,
**                    female (also m, f, all)
**   numerator        required: a number >= 0 (a count of events or people)
**   denominator      required but for a count: a number > 0, at least the
**                    numerator for a proportion
** The columns an export of values adds (area_name, indicator_name, value,
** lower_95, upper_95, lower_99_8, upper_99_8, note) are read past; any
** other column is an error. Records are RFC 4180 as src/domain/qi_csv.c
** reads them (quotes, CRLF, a UTF-8 byte order mark; a first line with
** tabs and no more commas than tabs is split at tabs: cells pasted from a
** spreadsheet). A line with an error is left out; so is a line whose
** indicator, area, period, age band and sex an earlier line already gave
** (an error), and every line of a standardised indicator's area, period
** and sex whose bands are not all there (one error, on the first of
** them, listing the bands missing). Never fails: an unusable file is one
** file error. */
void indicator_csv_parse(const char *z, size_t n, const struct indicator_csv_lookup *,
                         struct indicator_csv *pOut);
/* Free what indicator_csv_parse allocated (the rows). */
void indicator_csv_free(struct indicator_csv *);

#endif
