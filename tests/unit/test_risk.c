/* Risks on the NHS 5x5 matrix and a project's tolerances, the pure parts:
** scores and bands at their boundaries, escalation above the tolerance
** and back, the bands' colours, the heat map's SVG, and the tolerance's
** breach keys and cost limit (src/domain/risk_matrix.c, risk_heatmap.c,
** project_tolerance.c). */
#include "domain/project.h"
#include "domain/project_tolerance.h"
#include "domain/risk.h"
#include "util/buf.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "svg_checks.h"

static void test_bands(void **state){
  (void)state;
  assert_int_equal(risk_score(4, 3), 12);
  assert_int_equal(risk_score(0, 3), 0);
  assert_int_equal(risk_score(6, 1), 0);
  /* The NHS bands: low 1-3, moderate 4-6, high 8-12, extreme 15-25. */
  assert_int_equal(risk_level_of(3), RISK_LOW);
  assert_int_equal(risk_level_of(4), RISK_MODERATE);
  assert_int_equal(risk_level_of(6), RISK_MODERATE);
  assert_int_equal(risk_level_of(8), RISK_HIGH);
  assert_int_equal(risk_level_of(12), RISK_HIGH);
  assert_int_equal(risk_level_of(15), RISK_EXTREME);
  assert_int_equal(risk_level_of(25), RISK_EXTREME);
  assert_string_equal(risk_level_colour(RISK_LOW), "green");
  assert_string_equal(risk_level_colour(RISK_MODERATE), "yellow");
  assert_string_equal(risk_level_colour(RISK_HIGH), "orange");
  assert_string_equal(risk_level_colour(RISK_EXTREME), "red");
  assert_string_equal(risk_level_fill(RISK_EXTREME), "#f7d4d1");
}

static void test_escalation(void **state){
  (void)state;
  /* Tolerance 12: a residual of 12 stays; 15 escalates. */
  assert_int_equal(risk_escalation_of(false, 12, 12), RISK_ESC_NONE);
  assert_int_equal(risk_escalation_of(false, 15, 12), RISK_ESC_UP);
  assert_int_equal(risk_escalation_of(true, 16, 12), RISK_ESC_STAYS);
  assert_int_equal(risk_escalation_of(true, 12, 12), RISK_ESC_DOWN);
  assert_int_equal(risk_escalation_of(true, 1, 12), RISK_ESC_DOWN);
  /* A unit's own risk (no tolerance) is never escalated. */
  assert_int_equal(risk_escalation_of(false, 25, 0), RISK_ESC_NONE);
}

static void test_heatmap(void **state){
  (void)state;
  int a[5][5];
  memset(a, 0, sizeof a);
  a[4][4] = 2;    /* likelihood 5, consequence 5 */
  a[0][1] = 1;    /* likelihood 1, consequence 2 */
  struct buf b = {0};
  risk_heatmap_svg(&b, a, "hm", "Inherent <risk>", "Counts & bands", "Likelihood", "Consequence");
  const char *z = buf_cstr(&b);
  assert_non_null(strstr(z, "role=\"img\""));
  assert_non_null(strstr(z, "<title id=\"hm-title\">Inherent &lt;risk&gt;</title>"));
  assert_non_null(strstr(z, "<desc id=\"hm-desc\">Counts &amp; bands</desc>"));
  assert_int_equal(count(z, "<rect "), 25);
  /* Cells per band on the 5x5 matrix: low (scores 1-3) 5 cells, moderate
  ** (4-6) 7, high (8-12) 7, extreme (15-25) 6. */
  assert_int_equal(count(z, "data-band=\"low\""), 5);
  assert_int_equal(count(z, "data-band=\"moderate\""), 7);
  assert_int_equal(count(z, "data-band=\"high\""), 7);
  assert_int_equal(count(z, "data-band=\"extreme\""), 6);
  assert_non_null(strstr(z, "data-count=\"2\">2</text>"));
  assert_non_null(strstr(z, "data-count=\"1\">1</text>"));
  assert_int_equal(count(z, "data-count="), 2);
  assert_true(xml_well_formed(z));
  buf_free(&b);
}

static void test_tolerance(void **state){
  (void)state;
  char z[64];
  project_breach_key_cost(1000000, 10, z, sizeof z);
  assert_string_equal(z, "cost:1000000:10");
  project_breach_key_time("2027-03-31", 30, z, sizeof z);
  assert_string_equal(z, "time:2027-03-31:30");
  assert_int_equal(project_cost_limit(1000000, 10), 1100000);
  assert_int_equal(project_cost_limit(999, 10), 1098);   /* 1098.9 down to whole pence */
  /* The limit agrees with project_cost_broken at the boundary. */
  struct project_facts f;
  memset(&f, 0, sizeof f);
  f.budgetPence = 999;
  f.costTolerancePct = 10;
  f.forecastPence = project_cost_limit(999, 10);
  assert_false(project_cost_broken(&f));
  f.forecastPence++;
  assert_true(project_cost_broken(&f));
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bands),
    cmocka_unit_test(test_escalation),
    cmocka_unit_test(test_heatmap),
    cmocka_unit_test(test_tolerance),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
