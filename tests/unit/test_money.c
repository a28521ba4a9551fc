/* Money as whole pence: parsing what people and ledgers write, and
** formatting it back (src/util/money.c). */
#include "util/money.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void parses(const char *z, long long want){
  long long v = 424242;
  if( !money_parse(z, &v) ) fail_msg("refused \"%s\"", z);
  if( v != want ) fail_msg("\"%s\" gave %lld, wanted %lld", z, v, want);
}

static void refuses(const char *z){
  long long v = 424242;
  if( money_parse(z, &v) ) fail_msg("accepted \"%s\" as %lld", z, v);
  assert_int_equal(v, 424242);
}

static void test_parse(void **state){
  (void)state;
  parses("0", 0);
  parses("12", 1200);
  parses("12.3", 1230);
  parses("12.30", 1230);
  parses("0.01", 1);
  parses("1,234.56", 123456);
  parses("\xc2\xa3" "1,234,567.89", 123456789);
  parses("  \xc2\xa3" "25000 ", 2500000);
  parses("-12.00", -1200);
  parses("\xe2\x88\x92\xc2\xa3" "12", -1200);
  parses("\xc2\xa3-5.5", -550);
  parses("-\xc2\xa3" "5.50", -550);
  parses("(1,000.00)", -100000);
  parses("10000000000000", 1000000000000000LL);
  refuses(NULL);
  refuses("");
  refuses("  ");
  refuses("abc");
  refuses("12.345");      /* fractions of a penny */
  refuses("1,23");        /* misplaced comma */
  refuses("1234,567");
  refuses(",123");
  refuses("1,,234");
  refuses("12.");
  refuses(".5");
  refuses("1e3");
  refuses("--1");
  refuses("(-1)");
  refuses("(12");
  refuses("12 34");
  refuses("10000000000000.01");   /* beyond MONEY_MAX_PENCE */
  refuses("99999999999999999999999");
}

static void formats(long long pence, const char *want, const char *wantPlain){
  char z[32];
  assert_string_equal(money_format(pence, z, sizeof z), want);
  assert_string_equal(money_format_plain(pence, z, sizeof z), wantPlain);
  long long back = 0;
  assert_true(money_parse(z, &back));
  assert_int_equal(back, pence);
}

static void test_format(void **state){
  (void)state;
  formats(0, "\xc2\xa3" "0.00", "0.00");
  formats(5, "\xc2\xa3" "0.05", "0.05");
  formats(123456, "\xc2\xa3" "1,234.56", "1234.56");
  formats(100000000, "\xc2\xa3" "1,000,000.00", "1000000.00");
  formats(-1200, "\xe2\x88\x92\xc2\xa3" "12.00", "-12.00");
  formats(99999, "\xc2\xa3" "999.99", "999.99");
  formats(MONEY_MAX_PENCE, "\xc2\xa3" "10,000,000,000,000.00", "10000000000000.00");
  char z[32];
  money_format(-9223372036854775807LL - 1, z, sizeof z);   /* no overflow */
  assert_string_equal(z, "\xe2\x88\x92\xc2\xa3" "92,233,720,368,547,758.08");
  char small[6];
  assert_string_equal(money_format(123456, small, sizeof small), "\xc2\xa3" "1,2");
}

static void test_split(void **state){
  (void)state;
  long long a[12];
  money_split(1000, 3, a);            /* 333 + 333 + 334 */
  assert_int_equal(a[0], 333);
  assert_int_equal(a[1], 333);
  assert_int_equal(a[2], 334);
  money_split(100, 12, a);
  long long sum = 0;
  for (int i = 0; i < 12; i++) sum += a[i];
  assert_int_equal(sum, 100);
  assert_int_equal(a[0], 8);
  assert_int_equal(a[11], 9);
  money_split(-1000, 3, a);
  assert_int_equal(a[0] + a[1] + a[2], -1000);
  assert_int_equal(a[2], -334);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_parse),
    cmocka_unit_test(test_format),
    cmocka_unit_test(test_split),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
