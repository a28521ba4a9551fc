/*
** The financial year arithmetic of the plan views
** (src/domain/plan_views.h) and which units own which references
** (src/domain/plan_reference.h): pure functions, hand-checked examples.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/plan_reference.h"
#include "domain/plan_views.h"

static void test_year_of(void **state){
  (void)state;
  char z[8];
  planview_year_of("2026-12-07", z);   assert_string_equal(z, "2026/27");
  planview_year_of("2026-04-01", z);   assert_string_equal(z, "2026/27");
  planview_year_of("2026-03-31", z);   assert_string_equal(z, "2025/26");
  planview_year_of("2027-01-15", z);   assert_string_equal(z, "2026/27");
  planview_year_of("1999-06-01", z);   assert_string_equal(z, "1999/00");
  planview_year_of("2000-02-29", z);   assert_string_equal(z, "1999/00");
}

static void test_year_ok(void **state){
  (void)state;
  assert_true(planview_year_ok("2026/27"));
  assert_true(planview_year_ok("1999/00"));
  assert_false(planview_year_ok("2026/28"));      /* not consecutive */
  assert_false(planview_year_ok("2026-27"));
  assert_false(planview_year_ok("2026/2027"));
  assert_false(planview_year_ok("26/27"));
  assert_false(planview_year_ok("20a6/27"));
  assert_false(planview_year_ok(""));
  assert_false(planview_year_ok(0));
  assert_false(planview_year_ok("0999/00"));
}

static void test_bounds_and_quarters(void **state){
  (void)state;
  char zS[11], zE[11], z[11];
  planview_year_bounds("2026/27", zS, zE);
  assert_string_equal(zS, "2026-04-01");
  assert_string_equal(zE, "2027-03-31");
  planview_quarter_end("2026/27", 1, z); assert_string_equal(z, "2026-06-30");
  planview_quarter_end("2026/27", 2, z); assert_string_equal(z, "2026-09-30");
  planview_quarter_end("2026/27", 3, z); assert_string_equal(z, "2026-12-31");
  planview_quarter_end("2026/27", 4, z); assert_string_equal(z, "2027-03-31");
  /* Out of range: clamped to the year's first and last quarter. */
  planview_quarter_end("2026/27", 0, z); assert_string_equal(z, "2026-06-30");
  planview_quarter_end("2026/27", 9, z); assert_string_equal(z, "2027-03-31");
}

static void test_year_shift(void **state){
  (void)state;
  char z[8];
  planview_year_shift("2026/27", 1, z);  assert_string_equal(z, "2027/28");
  planview_year_shift("2026/27", -2, z); assert_string_equal(z, "2024/25");
  planview_year_shift("1999/00", 1, z);  assert_string_equal(z, "2000/01");
  planview_year_shift("2000/01", -1, z); assert_string_equal(z, "1999/00");
  planview_year_shift("2026/27", 0, z);  assert_string_equal(z, "2026/27");
}

static void test_reference_kinds(void **state){
  (void)state;
  const char *az[2] = {0, 0};
  assert_int_equal(plan_ref_kinds("health_board", az), 1);
  assert_string_equal(az[0], "imtp");
  assert_int_equal(plan_ref_kinds("rpb", az), 1);
  assert_string_equal(az[0], "rpb_area_plan");
  assert_int_equal(plan_ref_kinds("nation", az), 2);
  assert_string_equal(az[0], "acd_outcome");
  assert_string_equal(az[1], "national_priority");
  assert_int_equal(plan_ref_kinds("cluster", az), 0);
  assert_int_equal(plan_ref_kinds("pcpg", az), 0);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_year_of),
    cmocka_unit_test(test_year_ok),
    cmocka_unit_test(test_bounds_and_quarters),
    cmocka_unit_test(test_year_shift),
    cmocka_unit_test(test_reference_kinds),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
