/* Business cases' pure parts (src/domain/business_case_check.c): the
** fields in seed order, the checks before submission, the appraisal and
** its sensitivity, hand-checked. */
#include "domain/business_case.h"
#include "domain/plan.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void test_parts_and_fields(void **state){
  (void)state;
  const char *az[] = {"case", "options", "impact", "project", "resources", "plan", "summary"};
  for(int i=0; i<CASE_PART__N; i++){
    assert_string_equal(business_case_part_code(i), az[i]);
    assert_int_equal(business_case_part_of(az[i]), i);
  }
  assert_null(business_case_part_code(CASE_PART__N));
  assert_int_equal(business_case_part_of("nonsense"), -1);
  assert_int_equal(business_case_part_of(NULL), -1);
  /* Grouped by part, in seed order; each code starts with its part's. */
  int last = 0;
  for(int i=0; i<business_case_nfield; i++){
    const struct case_field *f = &business_case_fields[i];
    assert_true(f->iPart>=last);
    last = f->iPart;
    const char *zPart = business_case_part_code(f->iPart);
    assert_int_equal(strncmp(f->zCode, zPart, strlen(zPart)), 0);
    assert_int_equal(f->zCode[strlen(zPart)], '.');
  }
  assert_string_equal(business_case_fields[0].zCode, "case.problem");
  assert_string_equal(business_case_fields[business_case_nfield-1].zCode, "summary.summary");
}

/* A case with every part written and every check passing. */
static struct case_check_input complete(void){
  struct case_check_input in;
  memset(&in, 0, sizeof in);
  for(int i=0; i<CASE_PART__N; i++) in.abPartText[i] = true;
  in.nOptions = 2; in.bDoNothing = true; in.bPreferred = true;
  in.bPreferredCost = true; in.preferredCostPence = 5200000;
  in.nCosts = 2; in.costExpectedPence = 5200000;
  in.nRisks = 1; in.nObjectives = 1; in.aObjectiveGaps[0] = 0;
  return in;
}

static void test_checks(void **state){
  (void)state;
  struct case_check a[20];
  struct case_check_input in = complete();
  assert_int_equal(business_case_checks(&in, a, 20), 0);

  /* Nothing written at all: a new case (do nothing only). */
  memset(&in, 0, sizeof in);
  in.nOptions = 1; in.bDoNothing = true;
  int n = business_case_checks(&in, a, 20);
  /* 7 empty parts, no preferred, no objective. */
  assert_int_equal(n, 9);
  assert_int_equal(a[0].code, CASE_CHECK_EMPTY_PART); assert_int_equal(a[0].iPart, CASE_PART_CASE);
  assert_int_equal(a[1].code, CASE_CHECK_EMPTY_PART); assert_int_equal(a[1].iPart, CASE_PART_OPTIONS);
  assert_int_equal(a[2].code, CASE_CHECK_NO_PREFERRED);
  assert_int_equal(a[n-2].code, CASE_CHECK_NO_OBJECTIVE);
  assert_int_equal(a[n-1].code, CASE_CHECK_EMPTY_PART); assert_int_equal(a[n-1].iPart, CASE_PART_SUMMARY);
  /* Only nMax written, the count still whole. */
  assert_int_equal(business_case_checks(&in, a, 2), 9);

  /* Rows fill a part without its texts: an option other than do nothing,
  ** a risk, a cost, an objective. */
  in = complete();
  in.abPartText[CASE_PART_OPTIONS] = in.abPartText[CASE_PART_PROJECT] = false;
  in.abPartText[CASE_PART_RESOURCES] = in.abPartText[CASE_PART_PLAN] = false;
  assert_int_equal(business_case_checks(&in, a, 20), 0);
  in.nOptions = 1; in.nRisks = 0;
  n = business_case_checks(&in, a, 20);
  assert_int_equal(n, 2);
  assert_int_equal(a[0].iPart, CASE_PART_OPTIONS);
  assert_int_equal(a[1].iPart, CASE_PART_PROJECT);

  /* No do nothing. */
  in = complete(); in.bDoNothing = false;
  n = business_case_checks(&in, a, 20);
  assert_int_equal(n, 1); assert_int_equal(a[0].code, CASE_CHECK_NO_DO_NOTHING);

  /* Costs that do not add up: a penny out; the preferred option with no cost. */
  in = complete(); in.costExpectedPence = 5200001;
  n = business_case_checks(&in, a, 20);
  assert_int_equal(n, 1); assert_int_equal(a[0].code, CASE_CHECK_COSTS_DIFFER);
  assert_int_equal(a[0].iPart, CASE_PART_RESOURCES);
  in = complete(); in.bPreferredCost = false;
  assert_int_equal(business_case_checks(&in, a, 20), 1);
  /* No preferred option: that is said, not the costs. */
  in = complete(); in.bPreferred = false;
  n = business_case_checks(&in, a, 20);
  assert_int_equal(n, 1); assert_int_equal(a[0].code, CASE_CHECK_NO_PREFERRED);

  /* Objectives that are not SMART, by number, with their gaps. */
  in = complete(); in.nObjectives = 3;
  in.aObjectiveGaps[1] = plan_smart_gaps(true, "", "2027-03-31", 1);
  in.aObjectiveGaps[2] = plan_smart_gaps(false, "10 days", "", 0);
  n = business_case_checks(&in, a, 20);
  assert_int_equal(n, 2);
  assert_int_equal(a[0].code, CASE_CHECK_NOT_SMART); assert_int_equal(a[0].iObjective, 2);
  assert_int_equal(a[0].gaps, PLAN_GAP_TARGET);
  assert_int_equal(a[1].iObjective, 3);
  assert_int_equal(a[1].gaps, PLAN_GAP_MEASURE|PLAN_GAP_DATE|PLAN_GAP_OWNER);
}

static void test_cost_order(void **state){
  (void)state;
  assert_true(business_case_cost_ok(0, 0, 0));
  assert_true(business_case_cost_ok(4800000, 5200000, 5800000));
  assert_true(business_case_cost_ok(5200000, 5200000, 5200000));
  assert_false(business_case_cost_ok(6000000, 5200000, 5800000));
  assert_false(business_case_cost_ok(100, 300, 200));
  assert_false(business_case_cost_ok(-1, 0, 0));
}

static void test_appraise(void **state){
  (void)state;
  /* Two criteria weighted 8 and 5; do nothing scores 1 and 5, the
  ** pharmacist 5 and 2: totals 33 and 50. */
  int aWeight[] = {8, 5};
  int aScore[] = {1, 5,  5, 2};
  long long aTotal[2];
  int aRank[2];
  business_case_appraise(2, 2, aWeight, aScore, aTotal, aRank);
  assert_int_equal(aTotal[0], 33); assert_int_equal(aTotal[1], 50);
  assert_int_equal(aRank[0], 2); assert_int_equal(aRank[1], 1);
  /* Access at 0: 25 against 10, do nothing first; at 10: 35 against 60. */
  business_case_rank_with(2, 2, aWeight, aScore, 0, 0, aRank);
  assert_int_equal(aRank[0], 1); assert_int_equal(aRank[1], 2);
  business_case_rank_with(2, 2, aWeight, aScore, 0, 10, aRank);
  assert_int_equal(aRank[0], 2); assert_int_equal(aRank[1], 1);
  /* Cost at 0: 8 against 40; at 10: 58 against 60 (still first). */
  business_case_rank_with(2, 2, aWeight, aScore, 1, 0, aRank);
  assert_int_equal(aRank[1], 1);
  business_case_rank_with(2, 2, aWeight, aScore, 1, 10, aRank);
  assert_int_equal(aRank[1], 1);
  /* The weights themselves are unchanged. */
  assert_int_equal(aWeight[0], 8); assert_int_equal(aWeight[1], 5);

  /* Ties share a rank; an unscored cell (-1) counts 0. */
  int aW3[] = {1};
  int aS3[] = {3, 3, -1};
  long long aT3[3];
  int aR3[3];
  business_case_appraise(3, 1, aW3, aS3, aT3, aR3);
  assert_int_equal(aT3[2], 0);
  assert_int_equal(aR3[0], 1); assert_int_equal(aR3[1], 1); assert_int_equal(aR3[2], 3);
  /* No criteria: everyone first at 0. */
  business_case_appraise(3, 0, aW3, aS3, aT3, aR3);
  assert_int_equal(aT3[0], 0); assert_int_equal(aR3[2], 1);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_parts_and_fields),
    cmocka_unit_test(test_checks),
    cmocka_unit_test(test_cost_order),
    cmocka_unit_test(test_appraise),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
