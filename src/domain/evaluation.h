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

#endif
