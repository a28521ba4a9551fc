/*
** The annual plan's pure arithmetic (src/domain/plan.h): financial years
** written '2026/27', their quarters (April to June is the first, January
** to March the fourth), the SMART gaps of an objective and the next
** objective ref. Every expected value is worked by hand.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/plan.h"

static void test_year_parse(void **state){
  (void)state;
  int y = 0;
  assert_true(plan_year_parse("2026/27", &y));
  assert_int_equal(y, 2026);
  assert_true(plan_year_parse("2099/00", &y)==false);   /* beyond 2098 */
  assert_true(plan_year_parse("2098/99", &y));
  assert_int_equal(y, 2098);
  assert_true(plan_year_parse("2029/30", &y));
  assert_int_equal(y, 2029);
  assert_false(plan_year_parse("2026/28", &y));  /* not the next year */
  assert_false(plan_year_parse("2026-27", &y));
  assert_false(plan_year_parse("2026/2027", &y));
  assert_false(plan_year_parse("26/27", &y));
  assert_false(plan_year_parse("1999/00", &y));
  assert_false(plan_year_parse("", &y));
  assert_false(plan_year_parse(0, &y));
  assert_false(plan_year_parse("2a26/27", &y));
}

static void test_year_of_date(void **state){
  (void)state;
  char z[8];
  plan_year_of_date("2026-12-07", z);
  assert_string_equal(z, "2026/27");
  plan_year_of_date("2027-03-31", z);
  assert_string_equal(z, "2026/27");
  plan_year_of_date("2027-04-01", z);
  assert_string_equal(z, "2027/28");
  plan_year_of_date("2026-04-01", z);
  assert_string_equal(z, "2026/27");
  plan_year_of_date("2026-03-31", z);
  assert_string_equal(z, "2025/26");
  plan_year_of_date("2099-12-31", z);
  assert_string_equal(z, "2099/00");
  plan_year_of_date("not a date", z);
  assert_string_equal(z, "");
  plan_year_of_date("2026-02-30", z);
  assert_string_equal(z, "");
  plan_year_format(2027, z);
  assert_string_equal(z, "2027/28");
}

static void test_quarters(void **state){
  (void)state;
  char zFrom[11], zTo[11];
  plan_quarter_dates(2026, 1, zFrom, zTo);
  assert_string_equal(zFrom, "2026-04-01");
  assert_string_equal(zTo, "2026-06-30");
  plan_quarter_dates(2026, 2, zFrom, zTo);
  assert_string_equal(zFrom, "2026-07-01");
  assert_string_equal(zTo, "2026-09-30");
  plan_quarter_dates(2026, 3, zFrom, zTo);
  assert_string_equal(zFrom, "2026-10-01");
  assert_string_equal(zTo, "2026-12-31");
  plan_quarter_dates(2026, 4, zFrom, zTo);
  assert_string_equal(zFrom, "2027-01-01");
  assert_string_equal(zTo, "2027-03-31");

  assert_int_equal(plan_quarter_of("2026/27", "2026-03-31"), 0);
  assert_int_equal(plan_quarter_of("2026/27", "2026-04-01"), 1);
  assert_int_equal(plan_quarter_of("2026/27", "2026-06-30"), 1);
  assert_int_equal(plan_quarter_of("2026/27", "2026-07-01"), 2);
  assert_int_equal(plan_quarter_of("2026/27", "2026-12-07"), 3);
  assert_int_equal(plan_quarter_of("2026/27", "2027-01-01"), 4);
  assert_int_equal(plan_quarter_of("2026/27", "2027-03-31"), 4);
  assert_int_equal(plan_quarter_of("2026/27", "2027-04-01"), 5);
  assert_int_equal(plan_quarter_of("2026/28", "2026-12-07"), -1);
  assert_int_equal(plan_quarter_of("2026/27", "7 December"), -1);

  /* In December 2026 the third quarter has begun: 1 to 3 may be recorded. */
  assert_int_equal(plan_quarter_latest("2026/27", "2026-12-07"), 3);
  assert_int_equal(plan_quarter_latest("2026/27", "2026-03-01"), 0);
  assert_int_equal(plan_quarter_latest("2026/27", "2028-05-01"), 4);
  assert_int_equal(plan_quarter_latest("2027/28", "2026-12-07"), 0);
}

static void test_smart(void **state){
  (void)state;
  assert_int_equal(plan_smart_gaps(true, "80%", "2027-03-31", 7), 0);
  assert_int_equal(plan_smart_gaps(false, "80%", "2027-03-31", 7), PLAN_GAP_MEASURE);
  assert_int_equal(plan_smart_gaps(true, "  ", "2027-03-31", 7), PLAN_GAP_TARGET);
  assert_int_equal(plan_smart_gaps(true, "80%", "", 7), PLAN_GAP_DATE);
  assert_int_equal(plan_smart_gaps(true, "80%", "31/03/2027", 7), PLAN_GAP_DATE);
  assert_int_equal(plan_smart_gaps(true, "80%", 0, 7), PLAN_GAP_DATE);
  assert_int_equal(plan_smart_gaps(true, "80%", "2027-03-31", 0), PLAN_GAP_OWNER);
  unsigned g = plan_smart_gaps(false, "", "", 0);
  assert_int_equal(g, PLAN_GAP__ALL);
  assert_int_equal(plan_smart_gap_count(g), 4);
  assert_int_equal(plan_smart_gap_count(PLAN_GAP_TARGET|PLAN_GAP_OWNER), 2);
  assert_int_equal(plan_smart_gap_count(0), 0);
}

static void test_next_ref(void **state){
  (void)state;
  char z[16];
  plan_next_ref(0, 0, z);
  assert_string_equal(z, "O1");
  const char *a[] = { "O1", "O2", "O7", "X9", "O", "Oa3" };
  plan_next_ref(a, 6, z);
  assert_string_equal(z, "O8");     /* after the highest, never reused */
  const char *b[] = { "O3" };
  plan_next_ref(b, 1, z);
  assert_string_equal(z, "O4");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_year_parse),
    cmocka_unit_test(test_year_of_date),
    cmocka_unit_test(test_quarters),
    cmocka_unit_test(test_smart),
    cmocka_unit_test(test_next_ref),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
