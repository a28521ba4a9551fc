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

#endif
