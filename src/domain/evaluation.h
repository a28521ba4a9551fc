/*
** A project's evaluation (issue 14, seed 001 "Measuring success and
** evaluation"): the four stages in words (identify the context; the
** outcomes and benefits; how they are measured; re-measurement over time,
** person and place); its measurements with their due dates; the logic
** model (inputs, activities, outputs, outcomes short, medium and long
** term, impact), each output and outcome tied to a live QI measure or
** indicator; the benefits register valued by Social Value UK's method,
** discounted at the HM Treasury Green Book rate, giving the return on
** investment and the social return on investment with a sensitivity
** range; and the recommendation at closure (continue, scale up, stop).
** (db/migrations/0018_projects.*.sql: eval_text, logic_item,
** eval_measurement, benefit; project.recommendation.)
*/
#ifndef CC_EVALUATION_H
#define CC_EVALUATION_H
#include "db/db.h"
#include "util/buf.h"
#include <stdbool.h>

/* The four stages' text fields, in order, i18n keys "eval.field.<code>"
** and "eval.field.<code>.hint" (the seed's questions). */
#define EVAL_STAGES 4
struct eval_field { const char *zCode; int iStage; /* 0..3 */ };
extern const struct eval_field evaluation_fields[];
extern const int evaluation_nfield;

/* The logic model's columns: "input", "activity", "output",
** "outcome_short", "outcome_medium", "outcome_long", "impact". */
#define LOGIC_COLS 7
extern const char *const logic_col_codes[LOGIC_COLS];

/* For the API (GET /api/v1/projects/{id}): the value of "logic_model":
** [{"id","col","text","measure":null|{"kind":"qi"|"indicator","id","name",
** "value":number|null,"period":...,"signal":...}}] */
void evaluation_logic_model_json(struct db *, long long projectId, const char *zToday, struct buf *b);
/* The value of "evaluation": {"stages":{"<code>":"text",...},
** "measurements":[{"id","title","due_on","measured_on","value","population",
** "place","due":bool}],"benefits":[{"id","kind","description",
** "present_value":pence,...}],"economic":{"cost":pence,"cash_releasing":pence,
** "benefits_pv":pence,"roi":number|null,"sroi":number|null,
** "sroi_low":number|null,"sroi_high":number|null,"discount_rate":0.035},
** "recommendation":null|"continue"|"scale_up"|"stop"} */
void evaluation_json(struct db *, long long projectId, const char *zToday, struct buf *b);

/* ---- beyond the API: what the pages read (src/pages/evaluation*.c) ---- */
#include "domain/evaluation_econ.h"

/* The column of code z; -1 for none. */
int logic_col_of(const char *z);

/* The stages' texts of a project: an array of evaluation_nfield, each
** NULL when not written; free with evaluation_texts_free. */
char **evaluation_texts_load(struct db *, long long projectId);
void evaluation_texts_free(char **azBody);

/* An item of a project's logic model. */
struct logic_item_row {
  long long id, qiMeasureId, indicatorId, sortOrder;   /* 0: not tied */
  int col;                         /* logic_col_of its code; -1 unknown */
  char zCol[24];                   /* its column's code */
  char *zText;                     /* owned */
};
/* The project's items in their order (sort_order, then as entered) into
** *pa; returns how many. Free with logic_items_free. */
int logic_items_load(struct db *, long long projectId, struct logic_item_row **pa);
void logic_items_free(struct logic_item_row *a, int n);
/* Item id of the project into *p (free p->zText); false when none. */
bool logic_item_get(struct db *, long long projectId, long long id, struct logic_item_row *p);
/* The projects of unitId whose logic model is tied to the QI measure or
** the indicator (either 0: not asked), by title. */
typedef void (*logic_project_cb)(void *pCtx, long long id, const char *zTitle);
int logic_projects_using(struct db *, long long qiMeasureId, long long indicatorId, long long unitId,
                         logic_project_cb, void *pCtx);
/* What an item may be tied to: unitId's QI measures (zName, zOther = its
** QI project's title), by project; the indicators (zName English, zOther
** Welsh or ""), in their order. */
typedef void (*logic_choice_cb)(void *pCtx, long long id, const char *zName, const char *zOther);
int logic_qi_choices(struct db *, long long unitId, logic_choice_cb, void *pCtx);
int logic_indicator_choices(struct db *, logic_choice_cb, void *pCtx);

/* A measurement of a project's evaluation; the strings live during the call. */
struct eval_meas {
  long long id, logicItemId;       /* 0: not tied */
  const char *zTitle, *zDueOn, *zMeasuredOn;   /* zMeasuredOn NULL: not yet */
  bool bValue;                     /* false: no value (value 0) */
  double value;
  const char *zPopulation, *zPlace, *zResult;
  bool bDue;                       /* not measured and due by zToday */
};
typedef void (*eval_meas_cb)(void *pCtx, const struct eval_meas *);
/* The project's measurements: due ones first, then by due date. */
int evaluation_measurements_each(struct db *, long long projectId, const char *zToday, eval_meas_cb, void *pCtx);
/* The ones measured, by when (bDue false). */
int evaluation_measured_each(struct db *, long long projectId, eval_meas_cb, void *pCtx);
/* Measurement id of the project, to x once (bDue false); false when none. */
bool evaluation_measurement_get(struct db *, long long projectId, long long id, eval_meas_cb, void *pCtx);
/* The field of code z (index into evaluation_fields); -1 for none. */
int evaluation_field_of(const char *z);

/* The live value of a logic model item tied to a measure. */
struct logic_live {
  int kind;                        /* 0 none, 1 a QI measure, 2 an indicator */
  long long id;                    /* the measure's or the indicator's id */
  long long qiProjectId;           /* a QI measure's project */
  char zName[801], zNameCy[801];
  char zCode[48];                  /* an indicator's code */
  char zUnit[241];                 /* a QI measure's unit of measurement */
  bool bValue;
  double value;                    /* the latest point (QI), the area's value (indicator) */
  char zPeriod[24];                /* its date or period */
  /* QI: "" no data; "common_cause", "special_cause_improvement", ... or
  ** for a run chart "random" / "non_random" */
  char zSignal[40];
  char zSince[11];                 /* an SPC signal's first date */
  /* indicator: the comparison code with Wales and the health board (95%) */
  char zVsWales[16], zVsHealthBoard[16];
  bool bDemo;
};
/* Fill *p for the measure or indicator a logic item is tied to (kind 0
** when neither). The indicator is read for unitId in its latest period. */
void logic_live_load(struct db *, long long qiMeasureId, long long indicatorId, long long unitId,
                     const char *zToday, struct logic_live *p);

/* A row of the benefits register. */
struct benefit_row {
  long long id, projectId, logicItemId;
  char zProjectTitle[801];
  long long unitId;                /* the project's unit */
  char zUnitName[201], zUnitNameCy[201];
  struct econ_benefit e;
  char *zDescription, *zBeneficiaries, *zProxySource, *zEvidence;  /* owned */
  long long pvPence;               /* econ_benefit_pv */
  bool bDemo;                      /* the project is demonstration data */
};
/* The benefits of project projectId (unitId 0), or (projectId 0) of every
** project of unitId and of the units below it on zToday (a PCPG's or a
** health board's clusters), the unit's own first: *pa malloc'd
** (evaluation_benefits_free). Returns how many, -1 on a database error. */
int evaluation_benefits_load(struct db *, long long projectId, long long unitId, const char *zToday,
                             struct benefit_row **pa);
void evaluation_benefits_free(struct benefit_row *a, int n);

/* The economic evaluation of a project: its spend from the ledger as the
** cost and its benefits. *pCommitted gets the committed money (shown). */
bool evaluation_econ_load(struct db *, long long projectId, const char *zToday, struct econ_result *r,
                          long long *pCommitted);


/* ---- writes: each one transaction with its audit entry; the caller's
** route has checked that the user may write project p (p->bCanWrite).
** Each returns the record's id, 0 with errors in *e (field names as the
** forms name them), -1 for a record not of the project. ---- */
struct project;
struct user;
struct field_errors;
#define EVAL_TEXT_MAX 8000
/* Stage iStage's fields (azVal in evaluation_fields' order of that stage,
** NULL or "" clears one). Returns the project's id. */
long long evaluation_stage_save(struct db *, const struct user *, const struct project *p, int iStage,
                                const char *const *azVal, long long now, struct field_errors *e);

struct logic_input { const char *zCol, *zText, *zQiMeasure, *zIndicator, *zSortOrder; };
/* A new item (itemId 0) or a change. Ties: an output or outcome only; a QI
** measure of a QI project of the project's unit, or an indicator. */
long long logic_item_save(struct db *, const struct user *, const struct project *p, long long itemId,
                          const struct logic_input *in, long long now, struct field_errors *e);
/* Remove item itemId (measurements and benefits tied to it are untied). */
long long logic_item_delete(struct db *, const struct user *, const struct project *p, long long itemId,
                            long long now);

struct measurement_input { const char *zTitle, *zDueOn, *zPopulation, *zPlace, *zLogicItem; };
long long measurement_save(struct db *, const struct user *, const struct project *p, long long itemId,
                           const struct measurement_input *in, long long now, struct field_errors *e);
/* Record a measurement: the day (not after zToday), the value (optional
** number) and the result in words. */
long long measurement_record(struct db *, const struct user *, const struct project *p, long long itemId,
                             const char *zOn, const char *zValue, const char *zResult, const char *zToday,
                             long long now, struct field_errors *e);

struct benefit_input {
  const char *zKind, *zDescription, *zBeneficiaries, *zQuantity, *zProxy, *zProxyLow, *zProxyHigh,
             *zProxySource, *zDeadweight, *zAttribution, *zDisplacement, *zDropOff, *zStartYear,
             *zDuration, *zEvidence, *zLogicItem;
};
long long benefit_save(struct db *, const struct user *, const struct project *p, long long itemId,
                       const struct benefit_input *in, long long now, struct field_errors *e);

/* The recommendation at closure (continue, scale_up, stop) with its
** reason; only in stage monitor or close. The evidence chosen (ids of
** the project's recorded measurements and logic items) is named in the reason
** kept, after the words typed. Returns the project's id. */
long long evaluation_recommend(struct db *, const struct user *, const struct project *p, const char *zRec,
                               const char *zReason, const long long *aMeasurement, int nMeasurement,
                               const long long *aLogic, int nLogic, long long now, struct field_errors *e);

#endif
