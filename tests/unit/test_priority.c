/*
** Ranking priorities and the sensitivity view (src/domain/priority_rank.h),
** and the financial years of needs assessments (src/domain/needs.h): pure
** functions, checked against examples worked out by hand (in the
** comments beside each).
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/priority_rank.h"
#include "domain/needs.h"

/* Four priorities; under the default weights 3 3 2 2 2 1:
**   Diabetes           5 4 3 2 3 2  -> 15+12+6+4+6+2 = 45
**   Childhood obesity  3 5 4 4 2 3  ->  9+15+8+8+4+3 = 47
**   Smoking            4 3 2 1 5 5  -> 12+ 9+4+2+10+5 = 42
**   Alcohol            3 5 4 4 2 3  -> 47 (tied with Childhood obesity:
**                                      "Alcohol" comes first by title) */
static const struct priority_item aItem[4] = {
  { 11, "Diabetes",          {5,4,3,2,3,2} },
  { 12, "Childhood obesity", {3,5,4,4,2,3} },
  { 13, "Smoking",           {4,3,2,1,5,5} },
  { 14, "Alcohol",           {3,5,4,4,2,3} },
};

static void test_defaults(void **state){
  (void)state;
  const int aWant[6] = {3,3,2,2,2,1};
  for(int i=0; i<PRIORITY_CRITERIA; i++) assert_int_equal(priority_default_weight[i], aWant[i]);
  assert_int_equal(priority_criterion_index("size"), 0);
  assert_int_equal(priority_criterion_index("alignment"), 5);
  assert_int_equal(priority_criterion_index("nope"), -1);
  assert_int_equal(priority_criterion_index(0), -1);
}

static void test_scores_and_rank(void **state){
  (void)state;
  const int *w = priority_default_weight;
  assert_int_equal(priority_score(aItem[0].aScore, w), 45);
  assert_int_equal(priority_score(aItem[1].aScore, w), 47);
  assert_int_equal(priority_score(aItem[2].aScore, w), 42);
  assert_int_equal(priority_score(aItem[3].aScore, w), 47);
  int aOrder[4], aRank[4];
  priority_rank(aItem, 4, w, aOrder, aRank);
  assert_int_equal(aOrder[0], 3);   /* Alcohol 47 */
  assert_int_equal(aOrder[1], 1);   /* Childhood obesity 47 */
  assert_int_equal(aOrder[2], 0);   /* Diabetes 45 */
  assert_int_equal(aOrder[3], 2);   /* Smoking 42 */
  assert_int_equal(aRank[0], 3);
  assert_int_equal(aRank[1], 2);
  assert_int_equal(aRank[2], 4);
  assert_int_equal(aRank[3], 1);
  /* All weights 0: every score 0, so the order is by title. */
  const int z[6] = {0};
  priority_rank(aItem, 4, z, aOrder, aRank);
  assert_int_equal(aOrder[0], 3);   /* Alcohol */
  assert_int_equal(aOrder[1], 1);   /* Childhood obesity */
  assert_int_equal(aOrder[2], 0);   /* Diabetes */
  assert_int_equal(aOrder[3], 2);   /* Smoking */
}

static void test_tie_same_title_by_id(void **state){
  (void)state;
  const struct priority_item a[2] = { { 9, "Same", {1,1,1,1,1,1} }, { 4, "Same", {1,1,1,1,1,1} } };
  int aOrder[2], aRank[2];
  priority_rank(a, 2, priority_default_weight, aOrder, aRank);
  assert_int_equal(aOrder[0], 1);
  assert_int_equal(aRank[0], 2);
  priority_rank(a, 0, priority_default_weight, aOrder, 0);   /* nothing to rank */
  assert_int_equal(priority_top_at(a, 0, priority_default_weight, 0, 3), -1);
}

/* "What the cluster can change" (index 4, weight 2). Without it the
** totals are Diabetes 39, Childhood obesity 43, Smoking 32, Alcohol 43; its
** scores 3 2 5 2. At weight w: 39+3w, 43+2w, 32+5w, 43+2w.
**   w=0:  39 43 32 43  -> Alcohol, Childhood obesity, Diabetes, Smoking
**   w=10: 69 63 82 63  -> Smoking, Diabetes, Alcohol, Childhood obesity
**   w=3:  48 49 47 49  -> Alcohol first;  w=4: 51 51 52 51 -> Smoking first. */
static void test_sensitivity_changeable(void **state){
  (void)state;
  const int *w = priority_default_weight;
  int aRank[4];
  priority_ranks_at(aItem, 4, w, PRIORITY_CHANGEABLE, 0, aRank);
  assert_int_equal(aRank[0], 3); assert_int_equal(aRank[1], 2);
  assert_int_equal(aRank[2], 4); assert_int_equal(aRank[3], 1);
  priority_ranks_at(aItem, 4, w, PRIORITY_CHANGEABLE, 10, aRank);
  assert_int_equal(aRank[0], 2); assert_int_equal(aRank[1], 4);
  assert_int_equal(aRank[2], 1); assert_int_equal(aRank[3], 3);
  assert_int_equal(priority_top_at(aItem, 4, w, PRIORITY_CHANGEABLE, 3), 3);
  assert_int_equal(priority_top_at(aItem, 4, w, PRIORITY_CHANGEABLE, 4), 2);
  struct priority_turn t;
  priority_turn_of(aItem, 4, w, PRIORITY_CHANGEABLE, &t);
  assert_int_equal(t.below, -1);
  assert_int_equal(t.belowTop, -1);
  assert_int_equal(t.above, 4);
  assert_int_equal(t.aboveTop, 2);
}

/* "Gap to Wales" (index 1, weight 3). Without it: 33 32 33 32; its scores
** 4 5 3 5. At w: 33+4w, 32+5w, 33+3w, 32+5w.
**   w=0:  33 32 33 32 -> Diabetes, Smoking (tied, by title), Alcohol,
**         Childhood obesity
**   w=1:  37 37 36 37 -> Alcohol first (tied three ways, first by title)
**   w=10: 73 82 63 82 -> Alcohol, Childhood obesity, Diabetes, Smoking
** So Alcohol stays first down to 1; at 0 Diabetes is; never above. */
static void test_sensitivity_gap(void **state){
  (void)state;
  const int *w = priority_default_weight;
  int aRank[4];
  priority_ranks_at(aItem, 4, w, PRIORITY_GAP, 0, aRank);
  assert_int_equal(aRank[0], 1); assert_int_equal(aRank[1], 4);
  assert_int_equal(aRank[2], 2); assert_int_equal(aRank[3], 3);
  priority_ranks_at(aItem, 4, w, PRIORITY_GAP, 10, aRank);
  assert_int_equal(aRank[0], 3); assert_int_equal(aRank[1], 2);
  assert_int_equal(aRank[2], 4); assert_int_equal(aRank[3], 1);
  assert_int_equal(priority_top_at(aItem, 4, w, PRIORITY_GAP, 1), 3);
  struct priority_turn t;
  priority_turn_of(aItem, 4, w, PRIORITY_GAP, &t);
  assert_int_equal(t.below, 0);
  assert_int_equal(t.belowTop, 0);
  assert_int_equal(t.above, -1);
  assert_int_equal(t.aboveTop, -1);
  /* One priority: nothing can overtake it. */
  priority_turn_of(aItem, 1, w, PRIORITY_GAP, &t);
  assert_int_equal(t.below, -1);
  assert_int_equal(t.above, -1);
}

/* Financial years run from April: 2026-03-31 is in 2025/26, 2026-04-01 in
** 2026/27. */
static void test_years(void **state){
  (void)state;
  char z[NEEDS_YEAR_MAX];
  needs_year_of("2026-12-07", z);
  assert_string_equal(z, "2026/27");
  needs_year_of("2026-04-01", z);
  assert_string_equal(z, "2026/27");
  needs_year_of("2026-03-31", z);
  assert_string_equal(z, "2025/26");
  needs_year_of("2099-05-01", z);
  assert_string_equal(z, "2099/00");
  assert_true(needs_year_valid("2026/27"));
  assert_true(needs_year_valid("1999/00"));
  assert_false(needs_year_valid("2026/28"));
  assert_false(needs_year_valid("2026-27"));
  assert_false(needs_year_valid("2026/2027"));
  assert_false(needs_year_valid("202a/27"));
  assert_false(needs_year_valid(""));
  assert_false(needs_year_valid(0));
  assert_false(needs_year_valid("1899/00"));
  needs_year_add("2026/27", -1, z);
  assert_string_equal(z, "2025/26");
  needs_year_add("2026/27", 1, z);
  assert_string_equal(z, "2027/28");
  assert_true(needs_url_valid("https://example.wales/pna"));
  assert_true(needs_url_valid("http://x.y"));
  assert_false(needs_url_valid("javascript:alert(1)"));
  assert_false(needs_url_valid("https://"));
  assert_false(needs_url_valid("https://a b"));
  assert_int_equal(needs_source_index("rpb_pna"), 0);
  assert_int_equal(needs_source_index("views"), 5);
  assert_int_equal(needs_source_index("other"), -1);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_defaults),
    cmocka_unit_test(test_scores_and_rank),
    cmocka_unit_test(test_tie_same_title_by_id),
    cmocka_unit_test(test_sensitivity_changeable),
    cmocka_unit_test(test_sensitivity_gap),
    cmocka_unit_test(test_years),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
