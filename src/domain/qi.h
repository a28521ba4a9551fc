/*
** Quality improvement (seed 001, "Quality improvement"): the Model for
** Improvement. A project of a cluster or a professional collaborative has
** the three questions, the STEEEP dimensions it targets, a team, a start
** date and a driver diagram (primary drivers, secondary drivers, change
** ideas). PDSA cycles test change ideas and follow one another in ramps.
** Measures (outcome, process, balancing) have data points, entered by
** hand or imported from CSV, annotated with the cycle or change that
** happened then, charted as run, XmR, p or u charts (src/stats/stats.h).
**
** The code, one file a subsystem: qi_project.c (projects, team, who may
** change them), qi_driver.c, qi_pdsa.c, qi_measure.c (measures and
** rebases), qi_point.c (points, series, CSV import; the parser is
** qi_csv.c), qi_link.c; what they share is in qi_internal.h.
**
** Who may change a project: whoever may write its unit (access_can_write),
** and the people on its team (a user whose person is on qi_team) while
** they may read the unit. Being on the team is that leave, so only
** those who may write the unit change who is on it: a team member may
** change the project but not hand it to others ("team":
** "qi.error.team_writers_only"). Every change has the shape of every other
** domain write: access checked, input validated, then one transaction
** holding the change and its audit entry (entity "qi_project",
** "qi_driver", "qi_pdsa", "qi_measure", "qi_point", "qi_rebase",
** "qi_link"). Functions that take a user check access themselves; lists
** and loads named "..._visible" do too; others say "the caller has
** checked read access".
**
** Writers return the new or changed row's id (> 0); 0 with *pErr for bad
** input (nothing written); -1 when the record does not exist or pUser may
** not change it (answer 404: the same page as for a missing record).
**
** Field names used in *pErr (the form fields to mark):
**   project  title aim measures_question changes_question steeep team
**            team_others start_on status unit (a unit that is not a
**            cluster or collaborative)
**   driver   kind parent text driver (delete refused)
**   pdsa     change previous title plan prediction data_plan do study act
**            act_text start_on end_on
**   measure  kind name definition unit direction target chart
**   point    on value numerator denominator note pdsa
**   rebase   from reason
**   import   file (has_errors, no_valid_rows, the file error, chart)
**   link     kind ref
** Every writer may also answer "qi.error.not_saved" on the first field
** (a database failure; nothing written).
**
** A national user is read only everywhere, even when on a team.
*/
#ifndef CC_QI_H
#define CC_QI_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/member.h"
#include <stdbool.h>
#include <stddef.h>

#define QI_TEXT_MAX 4000   /* characters of a long text (aim, plan, ...) */
#define QI_TITLE_MAX 200   /* characters of a title or name */

/* STEEEP (Institute of Medicine): bits of qi_project.steeep, in this order. */
enum { QI_SAFE = 1, QI_TIMELY = 2, QI_EFFECTIVE = 4, QI_EFFICIENT = 8, QI_EQUITABLE = 16,
       QI_PERSON_CENTRED = 32, QI_STEEEP__ALL = 63 };
/* Codes "safe", "timely", "effective", "efficient", "equitable",
** "person_centred" by bit index 0..5. */
extern const char *const qi_steeep_code[6];

struct qi_project {
  long long id;
  long long unitId;
  char zUnitSlug[81];
  char zUnitName[201];
  char zUnitNameCy[201];      /* "" when the unit has no Welsh name: unit_name_in() */
  char zTitle[4*QI_TITLE_MAX+1];
  char zAim[4*QI_TEXT_MAX+1];
  char zMeasuresQuestion[4*QI_TEXT_MAX+1];
  char zChangesQuestion[4*QI_TEXT_MAX+1];
  int steeep;                 /* QI_* bits */
  char zTeamOthers[4*QI_TEXT_MAX+1];
  char zStartOn[11];
  char zStatus[12];           /* active, paused, completed, stopped */
  long long updatedAt;
  bool bCanWrite;             /* set by qi_project_get_visible for its user */
};
typedef void (*qi_project_cb)(void *pCtx, const struct qi_project *);

/* What the forms send, as typed. */
struct qi_project_input {
  const char *zTitle, *zAim, *zMeasuresQuestion, *zChangesQuestion;  /* required */
  int steeep;                 /* bits from the checkboxes (at least one) */
  const long long *aTeam;     /* person ids: current members of the unit */
  int nTeam;
  const char *zTeamOthers;    /* optional */
  const char *zStartOn;       /* YYYY-MM-DD */
  const char *zStatus;        /* NULL or "" = active */
};
/* A new project of unitId (a cluster or a collaborative, else "unit"),
** started by a writer of the unit (not a national user), with its team.
** Returns its id, 0 with *pErr, -1 without access. */
long long qi_project_create(struct db *, const struct user *, long long unitId,
                            const struct qi_project_input *, const char *zToday,
                            struct field_errors *pErr);
/* Change project projectId and its team (see the top of this file for
** who may). Returns projectId, 0 with *pErr, -1 without access or when
** there is no such project. */
long long qi_project_update(struct db *, const struct user *, long long projectId,
                            const struct qi_project_input *, const char *zToday,
                            struct field_errors *pErr);
/* Load project id into *p if pUser may read its unit (sets bCanWrite);
** false, as for one that does not exist, otherwise (answer 404). */
bool qi_project_get_visible(struct db *, const struct user *, long long id, const char *zToday,
                            struct qi_project *p);
/* Projects of unitId, newest start first; returns how many. The caller
** has checked read access. */
int qi_project_list(struct db *, long long unitId, qi_project_cb, void *pCtx);
/* True if pUser may change project p (see the top of this file). False
** on a database error. */
bool qi_can_write(struct db *, const struct user *, const struct qi_project *p, const char *zToday);
/* The team of projectId: person ids and names, by name then id. The
** caller has checked read access. Returns how many. */
typedef void (*qi_person_cb)(void *pCtx, long long personId, const char *zName);
int qi_team_list(struct db *, long long projectId, qi_person_cb, void *pCtx);

/* ---- driver diagram ---- */
struct qi_driver {
  long long id, projectId, parentId;  /* parentId 0 for a primary driver */
  char zKind[10];             /* primary, secondary, change */
  char zText[4*QI_TEXT_MAX+1];
  int position;
  int depth;                  /* 0 primary, 1 secondary, 2 change idea under a secondary */
};
typedef void (*qi_driver_cb)(void *pCtx, const struct qi_driver *);
/* Add a driver or change idea: kind "primary" with parentId 0, "secondary"
** under a primary, "change" under a secondary or a primary, of the same
** project. Placed last among its siblings. Returns, as every writer here,
** the id, 0 with *pErr or -1 (see the top of this file). */
long long qi_driver_add(struct db *, const struct user *, long long projectId, long long parentId,
                        const char *zKind, const char *zText, const char *zToday,
                        struct field_errors *pErr);
/* Change a driver's or change idea's text (its kind and place stay).
** Returns driverId, 0 with *pErr or -1. */
long long qi_driver_update(struct db *, const struct user *, long long driverId, const char *zText,
                           const char *zToday, struct field_errors *pErr);
/* Remove a driver that has no children and no PDSA cycles (else 0 with an
** error "qi.driver.error.in_use" on "driver"). Returns driverId, 0 with
** *pErr or -1. */
long long qi_driver_delete(struct db *, const struct user *, long long driverId, const char *zToday,
                           struct field_errors *pErr);
/* The diagram depth first: each primary driver, then its secondary drivers
** each followed by their change ideas, then change ideas directly under the
** primary. Returns how many. The caller has checked read access. */
int qi_driver_list(struct db *, long long projectId, qi_driver_cb, void *pCtx);
/* Load one driver with its depth, no access check; false if none. The
** caller checks that it belongs to a project the user may see. */
bool qi_driver_get(struct db *, long long driverId, struct qi_driver *p);

/* ---- PDSA cycles ---- */
struct qi_pdsa {
  long long id, projectId, changeId, previousId;  /* previousId 0: the first of a ramp */
  char zChangeText[4*QI_TEXT_MAX+1];
  char zTitle[4*QI_TITLE_MAX+1];
  char zPlan[4*QI_TEXT_MAX+1];
  char zPrediction[4*QI_TEXT_MAX+1];
  char zDataPlan[4*QI_TEXT_MAX+1];
  char zDo[4*QI_TEXT_MAX+1];
  char zStudy[4*QI_TEXT_MAX+1];
  char zAct[8];               /* adopt, adapt, abandon or "" */
  char zActText[4*QI_TEXT_MAX+1];
  char zStartOn[11], zEndOn[11];
  int rampNumber;             /* 1 for the first cycle of its ramp, 2 for the next, ... */
};
typedef void (*qi_pdsa_cb)(void *pCtx, const struct qi_pdsa *);
struct qi_pdsa_input {
  const char *zChangeId;      /* a change idea of the project (required) */
  const char *zPreviousId;    /* "" or a cycle of the same project on the same change idea, started earlier */
  const char *zTitle, *zPlan, *zPrediction, *zDataPlan;  /* required */
  const char *zDo, *zStudy;   /* optional: filled in as the cycle runs */
  const char *zAct;           /* "", adopt, adapt, abandon; needs Study written */
  const char *zActText;
  const char *zStartOn;       /* YYYY-MM-DD, required */
  const char *zEndOn;         /* "" or on/after the start */
};
/* A new cycle of projectId, or a change to cycle pdsaId, checked as
** qi_pdsa_input says (a ramp keeps its change idea, and follows on in
** time). Returns the cycle's id, 0 with *pErr, -1 without access. */
long long qi_pdsa_create(struct db *, const struct user *, long long projectId,
                         const struct qi_pdsa_input *, const char *zToday, struct field_errors *pErr);
long long qi_pdsa_update(struct db *, const struct user *, long long pdsaId,
                         const struct qi_pdsa_input *, const char *zToday, struct field_errors *pErr);
/* Load cycle id into *p if pUser may read its project's unit; *pProject
** too when not NULL. False, as for one that does not exist, otherwise. */
bool qi_pdsa_get_visible(struct db *, const struct user *, long long id, const char *zToday,
                         struct qi_pdsa *p, struct qi_project *pProject);
/* The timeline: cycles of a project by start date then id; returns how
** many. The caller has checked read access. */
int qi_pdsa_list(struct db *, long long projectId, qi_pdsa_cb, void *pCtx);

/* ---- measures and data ---- */
struct qi_measure {
  long long id, projectId;
  char zKind[10];             /* outcome, process, balancing */
  char zName[4*QI_TITLE_MAX+1];
  char zDefinition[4*QI_TEXT_MAX+1];
  char zUnit[4*60+1];
  char zDirection[10];        /* increase, decrease, neutral */
  bool bHasTarget;
  double target;
  char zChart[5];             /* run, xmr, p, u */
  bool bScreenOutliers;
  bool bHasPoints;            /* it has data points (its chart then changes only within XmR and run) */
};
typedef void (*qi_measure_cb)(void *pCtx, const struct qi_measure *);
struct qi_measure_input {
  const char *zKind, *zName, *zDefinition, *zUnit, *zDirection;
  const char *zTarget;        /* "" or a number */
  const char *zChart;
  bool bScreenOutliers;
};
/* A new measure of projectId, placed last. Returns its id, 0 with
** *pErr, -1 without access. */
long long qi_measure_create(struct db *, const struct user *, long long projectId,
                            const struct qi_measure_input *, const char *zToday, struct field_errors *pErr);
/* Change measure measureId. Its chart kind may change only between run
** and xmr once it has points (p and u need numerators and denominators).
** Returns measureId, 0 with *pErr, -1 without access. */
long long qi_measure_update(struct db *, const struct user *, long long measureId,
                            const struct qi_measure_input *, const char *zToday, struct field_errors *pErr);
/* Load measure id into *p if pUser may read its project's unit; *pProject
** too when not NULL. False, as for one that does not exist, otherwise. */
bool qi_measure_get_visible(struct db *, const struct user *, long long id, const char *zToday,
                            struct qi_measure *p, struct qi_project *pProject);
/* The measures of projectId in their order. The caller has checked read
** access. Returns how many. */
int qi_measure_list(struct db *, long long projectId, qi_measure_cb, void *pCtx);

/* One data point as entered: value for run and XmR charts; numerator and
** denominator for p and u (the value is then their ratio). */
struct qi_point_input {
  const char *zOn;            /* YYYY-MM-DD */
  const char *zValue;
  const char *zNumerator, *zDenominator;
  const char *zNote;          /* optional annotation */
  const char *zPdsaId;        /* "" or a cycle of the same project */
};
/* Add a point (its date must be new for the measure, today or earlier).
** Returns the point's id, 0 with *pErr, -1 without access. */
long long qi_point_add(struct db *, const struct user *, long long measureId,
                       const struct qi_point_input *, const char *zToday, struct field_errors *pErr);
/* Change a point's annotation (note and cycle). Returns pointId, 0 with
** *pErr, -1 without access or for no such point. */
long long qi_point_annotate(struct db *, const struct user *, long long pointId, const char *zNote,
                            const char *zPdsaId, const char *zToday, struct field_errors *pErr);
/* Remove a point, and a rebase from its date with it. Returns pointId,
** or -1 without access, for no such point or a database failure. */
long long qi_point_delete(struct db *, const struct user *, long long pointId, const char *zToday);

/* Every point of a measure, by date: parallel arrays owned by the series
** (qi_series_free). For run and XmR charts aNum/aDen are NaN. */
struct qi_series {
  size_t n;
  long long *aId;
  char (*azDate)[11];
  double *aValue, *aNum, *aDen;
  char **azNote;              /* NULL where none */
  long long *aPdsaId;         /* 0 where none */
  char **azPdsaTitle;         /* NULL where none */
  size_t nRebase;
  size_t *aRebase;            /* indexes of the first point on or after each rebase date (valid for stats) */
  char (*azRebaseDate)[11];
  char **azRebaseReason;
};
/* Load measureId's points into *s (zeroed first). The caller has checked
** read access. False for no such measure or on a database error, *s then
** empty (nothing to free); else free it with qi_series_free. */
bool qi_series_load(struct db *, long long measureId, struct qi_series *);
/* Free a series' arrays and zero it; NULL is nothing to do. */
void qi_series_free(struct qi_series *);

/* Recalculate limits from a date on (a date of one of the measure's
** points, not its first), with a reason; remove one. Each returns
** measureId; qi_rebase_add 0 with *pErr for bad input; -1 without access
** (and, for a delete, when there is no such rebase or the database
** fails). */
long long qi_rebase_add(struct db *, const struct user *, long long measureId, const char *zFrom,
                        const char *zReason, const char *zToday, struct field_errors *pErr);
long long qi_rebase_delete(struct db *, const struct user *, long long measureId, const char *zFrom,
                           const char *zToday);

/* ---- CSV import ---- */
/* A parsed file: header "date,value" or "date,value,numerator,denominator"
** or "date,numerator,denominator" (case and spaces ignored; a UTF-8 BOM
** allowed). Dates YYYY-MM-DD or DD/MM/YYYY; numbers with a "." decimal
** point, optional "," thousands separators inside quotes. Rows ascend
** strictly by date. Each bad row is reported by line and column with a
** message key and stays out of aRow. */
#define QI_CSV_MAX_ERRORS 50
struct qi_csv_row { int line; char zOn[11]; double value, num, den; bool bRatio; };
struct qi_csv_error { int line; int column; const char *zKey; char zText[64]; /* the offending text, cut */ };
struct qi_csv {
  size_t n, nAlloc;
  struct qi_csv_row *aRow;
  int nError;                 /* all errors; only the first QI_CSV_MAX_ERRORS kept */
  struct qi_csv_error aError[QI_CSV_MAX_ERRORS];
  bool bFileError;            /* the whole file is unusable (encoding, header): see aError[0] */
  size_t nRejected;           /* data lines left out for an error (n + nRejected = data lines) */
  bool bNoHeader;             /* the first line was data (pasted cells): the usual columns */
};
/* More data lines than this: a file error ("qi.import.error.too_many_rows"). */
#define QI_CSV_MAX_ROWS 200000
/* Values, numerators, denominators and targets beyond +/- this are refused. */
#define QI_VALUE_MAX 1e12
/* A number as typed in a form or a CSV cell: optional spaces around, an
** optional sign, digits with an optional "." decimal point and "e"
** exponent, optional "," thousands separators in groups of three
** ("1,234.5"). No hex, nan or inf; the result is finite. Pure. */
bool qi_parse_number(const char *z, double *pOut);
/* A date as YYYY-MM-DD or DD/MM/YYYY (D/M/YYYY too), a real calendar
** date, normalised into zOut as YYYY-MM-DD. Pure. */
bool qi_parse_date(const char *z, char zOut[11]);
/* Parse z[0..n) for a measure of chart kind zChart ("p" and "u" need
** numerator and denominator; for "p" the numerator may not exceed the
** denominator; a denominator is never 0). The columns a measure's CSV
** download adds (centre, lower, upper, type, rule, median, signal, note,
** pdsa_cycle) are read past, so a downloaded file imports as it is.
** Tab-separated lines (cells copied from Excel) are read as well as
** commas, and a first line that starts with a date is data in the usual
** columns (date,value or date,numerator,denominator). On a per-cent
** measure (bPercent) a value may end with "%" ("70%" is 70); elsewhere
** that is an error ("qi.import.error.percent_not_percent").
** Pure: no database. */
void qi_csv_parse(const char *z, size_t n, const char *zChart, bool bPercent, struct qi_csv *pOut);
/* Whether a measure's unit is per cent: "%", "per cent", "percent",
** "percentage", "y cant", "canran" (case and spaces around ignored). */
bool qi_unit_is_percent(const char *zUnit);
/* Free what qi_csv_parse allocated (the rows). */
void qi_csv_free(struct qi_csv *);
/* Import parsed rows into a measure in one transaction with one audit
** entry. A row whose date the measure already has is an error. With
** errors in the file nothing is imported unless bValidOnly, which imports
** the valid rows. Returns the number imported, 0 with *pErr (key
** "qi.import.error.has_errors" when bValidOnly is false), -1 for no
** access. */
long long qi_points_import(struct db *, const struct user *, long long measureId,
                           struct qi_csv *, bool bValidOnly, const char *zToday,
                           struct field_errors *pErr);

/* ---- links to decisions and actions ---- */
struct qi_link {
  long long id;
  long long decisionId, actionId;   /* one of them */
  long long meetingId;
  char zMeetingStartsAt[17];
  char zText[2001];                 /* decision text or action description */
  char zRef[24];                    /* action ref */
  char zStatus[12];                 /* action status */
};
typedef void (*qi_link_cb)(void *pCtx, const struct qi_link *);
/* Link a decision (not of a restricted item) or an action of the
** project's unit (zKind "decision" or "action"), once. Returns the link's
** id, 0 with *pErr, -1 without access. */
long long qi_link_add(struct db *, const struct user *, long long projectId, const char *zKind,
                      long long refId, const char *zToday, struct field_errors *pErr);
/* Remove a link. Returns linkId, or -1 without access, for no such link
** or a database failure. */
long long qi_link_delete(struct db *, const struct user *, long long linkId, const char *zToday);
/* The links of projectId by meeting date then id. The caller has checked
** read access. Returns how many. */
int qi_link_list(struct db *, long long projectId, qi_link_cb, void *pCtx);

#endif
