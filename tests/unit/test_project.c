/*
** The pure pieces of src/domain/project.h, with hand-worked examples at
** their boundaries: the cost tolerance (a forecast of exactly budget plus
** the tolerance is not broken; one penny more is), the time tolerance (the
** same in days), the RAG and the first reason it gives, whole days
** between dates (across a leap day and a year end), and what the gate out
** of each stage still needs.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/project.h"
#include "util/text.h"

static struct project_facts facts(long long budget, long long forecast, int pct){
  struct project_facts f;
  memset(&f, 0, sizeof f);
  f.budgetPence = budget;
  f.forecastPence = forecast;
  f.costTolerancePct = pct;
  f.timeToleranceDays = 30;
  f.riskTolerance = 12;
  text_copy(f.zEndOn, sizeof f.zEndOn, "2027-03-31");
  text_copy(f.zForecastEnd, sizeof f.zForecastEnd, "2027-03-31");
  return f;
}

static void cost_boundary(void **state){
  (void)state;
  /* £10,000.00 budget, 10%: £11,000.00 is the edge. */
  struct project_facts f = facts(1000000, 1100000, 10);
  assert_false(project_cost_broken(&f));
  f.forecastPence = 1100001;
  assert_true(project_cost_broken(&f));
  /* 0% tolerance: any penny over breaks it; on budget does not. */
  f = facts(1000000, 1000000, 0);
  assert_false(project_cost_broken(&f));
  f.forecastPence = 1000001;
  assert_true(project_cost_broken(&f));
  /* An odd budget: £333.33 at 10% is £366.663, so 36666p is within and 36667p over. */
  f = facts(33333, 36666, 10);
  assert_false(project_cost_broken(&f));
  f.forecastPence = 36667;
  assert_true(project_cost_broken(&f));
  /* No budget: any spend at all breaks it. */
  f = facts(0, 0, 10);
  assert_false(project_cost_broken(&f));
  f.forecastPence = 1;
  assert_true(project_cost_broken(&f));
}

static void time_boundary(void **state){
  (void)state;
  struct project_facts f = facts(100, 0, 10);
  /* 30 days after 31 March 2027 is 30 April 2027: not broken; 1 May is. */
  text_copy(f.zForecastEnd, sizeof f.zForecastEnd, "2027-04-30");
  assert_false(project_time_broken(&f));
  text_copy(f.zForecastEnd, sizeof f.zForecastEnd, "2027-05-01");
  assert_true(project_time_broken(&f));
  /* Earlier than planned is never broken. */
  text_copy(f.zForecastEnd, sizeof f.zForecastEnd, "2026-01-01");
  assert_false(project_time_broken(&f));
  /* 0 days: the day after the end breaks it. */
  f.timeToleranceDays = 0;
  text_copy(f.zForecastEnd, sizeof f.zForecastEnd, "2027-03-31");
  assert_false(project_time_broken(&f));
  text_copy(f.zForecastEnd, sizeof f.zForecastEnd, "2027-04-01");
  assert_true(project_time_broken(&f));
}

static void rag_reasons(void **state){
  (void)state;
  const char *z = 0;
  struct project_facts f = facts(1000000, 900000, 10);
  assert_int_equal(project_rag(&f, &z), RAG_GREEN);
  assert_string_equal(z, "project.rag.why.on_track");
  f.nRisksOverTolerance = 1;
  assert_int_equal(project_rag(&f, &z), RAG_AMBER);
  assert_string_equal(z, "project.rag.why.risk");
  f.nIssuesOverdue = 1;
  assert_int_equal(project_rag(&f, &z), RAG_AMBER);
  assert_string_equal(z, "project.rag.why.issue_overdue");
  f.nMilestonesOverdue = 1;
  assert_int_equal(project_rag(&f, &z), RAG_AMBER);
  assert_string_equal(z, "project.rag.why.milestone_overdue");
  text_copy(f.zForecastEnd, sizeof f.zForecastEnd, "2027-04-01");   /* a day late, within 30 */
  assert_int_equal(project_rag(&f, &z), RAG_AMBER);
  assert_string_equal(z, "project.rag.why.late");
  f.forecastPence = 1000001;                                         /* a penny over, within 10% */
  assert_int_equal(project_rag(&f, &z), RAG_AMBER);
  assert_string_equal(z, "project.rag.why.over_budget");
  text_copy(f.zForecastEnd, sizeof f.zForecastEnd, "2027-05-01");   /* 31 days late */
  assert_int_equal(project_rag(&f, &z), RAG_RED);
  assert_string_equal(z, "project.rag.why.time");
  f.forecastPence = 1100001;                                         /* cost first */
  assert_int_equal(project_rag(&f, &z), RAG_RED);
  assert_string_equal(z, "project.rag.why.cost");
  f.forecastPence = 1100000;                                         /* exactly 110%: not cost */
  assert_int_equal(project_rag(&f, 0), RAG_RED);
  assert_string_equal(project_rag_code(RAG_AMBER), "amber");
}

static void days_between(void **state){
  (void)state;
  assert_int_equal(project_days_between("2027-03-31", "2027-04-30"), 30);
  assert_int_equal(project_days_between("2027-04-30", "2027-03-31"), -30);
  assert_int_equal(project_days_between("2028-02-28", "2028-03-01"), 2);   /* leap year */
  assert_int_equal(project_days_between("2027-02-28", "2027-03-01"), 1);
  assert_int_equal(project_days_between("2026-12-31", "2027-01-01"), 1);
  assert_int_equal(project_days_between("2024-01-01", "2025-01-01"), 366);
  assert_int_equal(project_days_between("2026-01-01", "2026-01-01"), 0);
  assert_int_equal(project_days_between("not a date", "2026-01-01"), 0);
  assert_int_equal(project_days_between("2026-13-01", "2026-01-01"), 0);
}

static void gate_missing(void **state){
  (void)state;
  const char *az[8];
  struct gate_facts g;
  memset(&g, 0, sizeof g);
  g.iFrom = PSTAGE_INITIATE;
  assert_int_equal(project_gate_missing(&g, az, 8), 0);   /* only documents (counted apart) */
  g.iFrom = PSTAGE_PLAN;
  assert_int_equal(project_gate_missing(&g, az, 8), 3);
  assert_string_equal(az[0], "milestone");
  assert_string_equal(az[1], "risk");
  assert_string_equal(az[2], "outcome");
  assert_int_equal(project_gate_missing(&g, az, 2), 2);   /* at most nMax */
  g.nMilestones = 1; g.nRisks = 2;
  assert_int_equal(project_gate_missing(&g, az, 8), 1);
  assert_string_equal(az[0], "outcome");
  g.nOutcomes = 1;
  assert_int_equal(project_gate_missing(&g, az, 8), 0);
  g.iFrom = PSTAGE_DELIVER;
  assert_int_equal(project_gate_missing(&g, az, 8), 0);
  g.iFrom = PSTAGE_MONITOR;
  assert_int_equal(project_gate_missing(&g, az, 8), 1);
  assert_string_equal(az[0], "measured");
  g.nMeasured = 1;
  assert_int_equal(project_gate_missing(&g, az, 8), 0);
}

static void codes(void **state){
  (void)state;
  assert_string_equal(project_stage_code(PSTAGE_INITIATE), "initiate");
  assert_string_equal(project_stage_code(PSTAGE_CLOSE), "close");
  assert_null(project_stage_code(PSTAGE__N));
  assert_int_equal(project_stage_of("monitor"), PSTAGE_MONITOR);
  assert_int_equal(project_stage_of("closed"), -1);
  assert_int_equal(project_problem_of("wicked"), PROBLEM_WICKED);
  assert_int_equal(project_problem_of(0), -1);
  assert_string_equal(project_problem_code(PROBLEM_CRITICAL), "critical");
}

/* The facts built one record at a time: money by commitment status (a
** committed one at its value or its spend if more; spend against one not
** committed counted as it is; requested shown apart), milestones in due
** order (forecast end the latest expected date, an overdue one expected
** today, the next one the first not done), open risks by residual score. */
static void facts_accumulate(void **state){
  (void)state;
  struct project_facts f = facts(100000, 0, 10);
  project_facts_commitment(&f, "committed", 50000, 20000);   /* under its value: 50,000 */
  project_facts_commitment(&f, "committed", 30000, 45000);   /* over its value: 45,000 */
  project_facts_commitment(&f, "requested", 7000, 0);        /* shown, not counted */
  project_facts_commitment(&f, "cancelled", 9000, 1500);     /* spent before it was cancelled */
  assert_int_equal(f.committedPence, 80000);
  assert_int_equal(f.requestedPence, 7000);
  assert_int_equal(f.spentPence, 66500);
  assert_int_equal(f.forecastPence, 50000 + 45000 + 1500);

  const char *zToday = "2026-12-07";
  project_facts_milestone(&f, "Started", "2026-09-01", "2026-09-10", zToday);   /* the first replaces the baseline */
  assert_string_equal(f.zForecastEnd, "2026-09-10");
  project_facts_milestone(&f, "Late one", "2026-11-30", "", zToday);           /* overdue: expected today */
  project_facts_milestone(&f, "Next", "2027-02-01", NULL, zToday);
  project_facts_milestone(&f, "Last", "2027-04-15", "", zToday);
  assert_int_equal(f.nMilestones, 4);
  assert_int_equal(f.nMilestonesDone, 1);
  assert_int_equal(f.nMilestonesOverdue, 1);
  assert_string_equal(f.zNextMilestone, "2026-11-30");
  assert_string_equal(f.zNextMilestoneTitle, "Late one");
  assert_string_equal(f.zForecastEnd, "2027-04-15");

  assert_true(project_facts_risk(&f, 2, 3));     /* 6: the highest so far */
  assert_true(project_facts_risk(&f, 4, 4));     /* 16: above the tolerance of 12 */
  assert_false(project_facts_risk(&f, 3, 4));    /* 12: at the tolerance, not above */
  assert_int_equal(f.nRisksOpen, 3);
  assert_int_equal(f.maxResidual, 16);
  assert_int_equal(f.nRisksOverTolerance, 1);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(cost_boundary),
    cmocka_unit_test(time_boundary),
    cmocka_unit_test(rag_reasons),
    cmocka_unit_test(days_between),
    cmocka_unit_test(gate_missing),
    cmocka_unit_test(codes),
    cmocka_unit_test(facts_accumulate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
