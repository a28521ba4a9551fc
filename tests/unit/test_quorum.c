/*
** Quorum (src/domain/quorum.h): a pure function of the terms of
** reference's rule and who is in the room. A number rule, a fraction of
** the voting members rounded up, conflicted members out of the count, the
** chair's presence when the rule asks for it, and impossible rules.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/quorum.h"

static struct quorum_result eval(struct quorum_rule rule, int nVoting, int nPresent,
                                 int nConflicted, bool bChair){
  struct quorum_input in = { nVoting, nPresent, nConflicted, bChair, false };
  struct quorum_result r;
  memset(&r, 0x5a, sizeof r);          /* every field must be written */
  quorum_evaluate(&rule, &in, &r);
  return r;
}
static struct quorum_rule number(int n, bool bChair){
  struct quorum_rule r = { QUORUM_NUMBER, n, 0, 0, bChair };
  return r;
}
static struct quorum_rule fraction(int num, int den, bool bChair){
  struct quorum_rule r = { QUORUM_FRACTION, 0, num, den, bChair };
  return r;
}
static void assert_met(struct quorum_result r, int nRequired, int nPresentVoting){
  assert_int_equal(r.nRequired, nRequired);
  assert_int_equal(r.nPresentVoting, nPresentVoting);
  assert_true(r.bMet);
  assert_null(r.zWhyKey);
}
static void assert_not_met(struct quorum_result r, int nRequired, int nPresentVoting,
                           const char *zWhy){
  assert_int_equal(r.nRequired, nRequired);
  assert_int_equal(r.nPresentVoting, nPresentVoting);
  assert_false(r.bMet);
  assert_non_null(r.zWhyKey);
  assert_string_equal(r.zWhyKey, zWhy);
}

static void test_number_rule(void **state){
  (void)state;
  /* At least 4 voting members, whatever the size of the group. */
  assert_met(eval(number(4, false), 9, 4, 0, false), 4, 4);
  assert_met(eval(number(4, false), 9, 9, 0, false), 4, 9);
  assert_not_met(eval(number(4, false), 9, 3, 0, true), 4, 3, "quorum.too_few");
  assert_not_met(eval(number(4, false), 9, 0, 0, true), 4, 0, "quorum.too_few");
  /* The number is the number, even in a group of 20 or of 3. */
  assert_met(eval(number(4, false), 20, 4, 0, false), 4, 4);
  assert_not_met(eval(number(4, false), 3, 3, 0, true), 4, 3, "quorum.too_few");
  assert_met(eval(number(1, false), 12, 1, 0, false), 1, 1);
}

static void test_fraction_rounds_up(void **state){
  (void)state;
  /* Half of 9 is 4.5: five are needed. */
  assert_met(eval(fraction(1, 2, false), 9, 5, 0, false), 5, 5);
  assert_not_met(eval(fraction(1, 2, false), 9, 4, 0, false), 5, 4, "quorum.too_few");
  /* Two thirds of 10 is 6.67: seven. */
  assert_met(eval(fraction(2, 3, false), 10, 7, 0, false), 7, 7);
  assert_not_met(eval(fraction(2, 3, false), 10, 6, 0, false), 7, 6, "quorum.too_few");
  /* Half of 10 is exactly 5: five, not six. */
  assert_met(eval(fraction(1, 2, false), 10, 5, 0, false), 5, 5);
  assert_not_met(eval(fraction(1, 2, false), 10, 4, 0, false), 5, 4, "quorum.too_few");
  /* Two thirds of 9 is exactly 6. */
  assert_met(eval(fraction(2, 3, false), 9, 6, 0, false), 6, 6);
  /* A third of 10 is 3.33: four. */
  assert_not_met(eval(fraction(1, 3, false), 10, 3, 0, false), 4, 3, "quorum.too_few");
  /* All of them. */
  assert_not_met(eval(fraction(1, 1, false), 7, 6, 0, false), 7, 6, "quorum.too_few");
  assert_met(eval(fraction(3, 3, false), 7, 7, 0, false), 7, 7);
  /* A fraction of one member is that member. */
  assert_met(eval(fraction(1, 2, false), 1, 1, 0, false), 1, 1);
  assert_not_met(eval(fraction(1, 2, false), 1, 0, 0, false), 1, 0, "quorum.too_few");
}

static void test_conflicted_out_of_count(void **state){
  (void)state;
  /* Five present of nine: quorate, until one of them is conflicted. */
  assert_met(eval(fraction(1, 2, false), 9, 5, 0, false), 5, 5);
  assert_not_met(eval(fraction(1, 2, false), 9, 5, 1, false), 5, 4, "quorum.too_few");
  /* Six present, one conflicted: still five. */
  assert_met(eval(fraction(1, 2, false), 9, 6, 1, false), 5, 5);
  /* Under a number rule too. */
  assert_not_met(eval(number(4, false), 9, 5, 2, false), 4, 3, "quorum.too_few");
  /* The count never goes below nothing. */
  assert_not_met(eval(number(4, false), 9, 1, 3, false), 4, 0, "quorum.too_few");
  /* Conflicts do not change how many are needed. */
  assert_int_equal(eval(fraction(2, 3, false), 10, 10, 4, false).nRequired, 7);
}

static void test_chair_required(void **state){
  (void)state;
  /* Enough members, chair away: not quorate, and it says why. */
  assert_not_met(eval(fraction(1, 2, true), 9, 9, 0, false), 5, 9, "quorum.no_chair");
  assert_not_met(eval(number(4, true), 9, 4, 0, false), 4, 4, "quorum.no_chair");
  /* With the chair: quorate. */
  assert_met(eval(fraction(1, 2, true), 9, 5, 0, true), 5, 5);
  assert_met(eval(number(4, true), 9, 4, 0, true), 4, 4);
  /* Too few is said first when both are wrong. */
  assert_not_met(eval(fraction(1, 2, true), 9, 2, 0, false), 5, 2, "quorum.too_few");
  /* A rule that does not need the chair does not care. */
  assert_met(eval(fraction(1, 2, false), 9, 5, 0, false), 5, 5);
}

static void test_zero_voting_members(void **state){
  (void)state;
  /* A group with no voting members can never be quorate: at least one
  ** voting member is always needed. */
  assert_not_met(eval(fraction(1, 2, false), 0, 0, 0, false), 1, 0, "quorum.too_few");
  assert_not_met(eval(fraction(1, 2, true), 0, 0, 0, true), 1, 0, "quorum.too_few");
  assert_not_met(eval(number(3, false), 0, 0, 0, false), 3, 0, "quorum.too_few");
  /* A negative count is treated as none. */
  assert_not_met(eval(fraction(1, 2, false), -4, 0, 0, false), 1, 0, "quorum.too_few");
}

static void test_invalid_rule_needs_everyone(void **state){
  (void)state;
  /* Denominator 0: every voting member. */
  assert_not_met(eval(fraction(1, 0, false), 9, 8, 0, false), 9, 8, "quorum.too_few");
  assert_met(eval(fraction(1, 0, false), 9, 9, 0, false), 9, 9);
  /* Other impossible rules: a fraction above one, zero or negative parts,
  ** a number of zero or below, an unknown kind. */
  assert_int_equal(eval(fraction(3, 2, false), 9, 9, 0, false).nRequired, 9);
  assert_int_equal(eval(fraction(0, 2, false), 9, 9, 0, false).nRequired, 9);
  assert_int_equal(eval(fraction(-1, 2, false), 9, 9, 0, false).nRequired, 9);
  assert_int_equal(eval(fraction(1, -2, false), 9, 9, 0, false).nRequired, 9);
  assert_int_equal(eval(number(0, false), 9, 9, 0, false).nRequired, 9);
  assert_int_equal(eval(number(-3, false), 9, 9, 0, false).nRequired, 9);
  struct quorum_rule odd = { QUORUM__MAX, 2, 1, 2, false };
  assert_int_equal(eval(odd, 9, 9, 0, false).nRequired, 9);
  /* Still needs the chair when it says so. */
  assert_not_met(eval(fraction(1, 0, true), 9, 9, 0, false), 9, 9, "quorum.no_chair");
}

/* A role the rule names with nobody sitting for it: not met, and said so;
** the count and the chair are judged first. */
static void test_required_roles(void **state){
  (void)state;
  struct quorum_rule rule = number(3, true);
  struct quorum_input in = { 9, 5, 0, true, true };
  struct quorum_result r;
  quorum_evaluate(&rule, &in, &r);
  assert_not_met(r, 3, 5, "quorum.role_missing");
  in.bRolesMissing = false;
  quorum_evaluate(&rule, &in, &r);
  assert_met(r, 3, 5);
  in.nVotingPresent = 2;
  in.bRolesMissing = true;
  quorum_evaluate(&rule, &in, &r);
  assert_not_met(r, 3, 2, "quorum.too_few");
  in.nVotingPresent = 5;
  in.bChairPresent = false;
  quorum_evaluate(&rule, &in, &r);
  assert_not_met(r, 3, 5, "quorum.no_chair");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_number_rule),
    cmocka_unit_test(test_fraction_rounds_up),
    cmocka_unit_test(test_conflicted_out_of_count),
    cmocka_unit_test(test_chair_required),
    cmocka_unit_test(test_zero_voting_members),
    cmocka_unit_test(test_invalid_rule_needs_everyone),
    cmocka_unit_test(test_required_roles),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
