/* The business case documents' pure parts (src/domain/business_case_doc.c
** and export_case.c): the appraisal's weighted totals and ranks, and text
** escaped for the Word document's XML. */
#include "domain/business_case_doc.h"
#include "domain/export_case.h"
#include "util/buf.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void test_appraise(void **state){
  (void)state;
  /* Three options over four criteria weighted 8, 6, 7, 5 (the demonstration case). */
  const int aWeight[4] = { 8, 6, 7, 5 };
  const int aScore[12] = { 0, 5, 3, 0,   4, 4, 4, 5,   4, 2, 2, 4 };
  long long aTotal[3];
  int aRank[3];
  casedoc_appraise(3, 4, aWeight, aScore, aTotal, aRank);
  assert_int_equal(aTotal[0], 0*8 + 5*6 + 3*7 + 0*5);   /* 51 */
  assert_int_equal(aTotal[1], 4*8 + 4*6 + 4*7 + 5*5);   /* 109 */
  assert_int_equal(aTotal[2], 4*8 + 2*6 + 2*7 + 4*5);   /* 78 */
  assert_int_equal(aRank[0], 3);
  assert_int_equal(aRank[1], 1);
  assert_int_equal(aRank[2], 2);
  /* A tie shares its rank; a score not given (-1) counts nothing. */
  const int aW2[2] = { 10, 0 };
  const int aS2[6] = { 5, 5,   5, -1,   -1, 5 };
  long long t2[3];
  int r2[3];
  casedoc_appraise(3, 2, aW2, aS2, t2, r2);
  assert_int_equal(t2[0], 50);
  assert_int_equal(t2[1], 50);
  assert_int_equal(t2[2], 0);
  assert_int_equal(r2[0], 1);
  assert_int_equal(r2[1], 1);
  assert_int_equal(r2[2], 3);
  /* No criteria: every option 0 and first. */
  casedoc_appraise(2, 0, aW2, aS2, t2, r2);
  assert_int_equal(t2[0], 0);
  assert_int_equal(r2[1], 1);
}

static void escapes(const char *z, const char *zWant){
  struct buf b = {0};
  casedoc_xml_escape(&b, z);
  const char *zGot = b.n ? buf_cstr(&b) : "";
  if( strcmp(zGot, zWant)!=0 ) fail_msg("\"%s\" gave \"%s\", wanted \"%s\"", z, zGot, zWant);
  buf_free(&b);
}

static void test_xml_escape(void **state){
  (void)state;
  escapes("", "");
  escapes("plain", "plain");
  escapes("a<b>&\"c\"'d'", "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  escapes("tab\there\nline", "tab\there\nline");
  escapes("bell\x01, escape\x1b, cr\r", "bell, escape, cr");
  /* Welsh letters, the pound sign and an en dash pass whole. */
  escapes("Ŵ ŷ â £12 – ok", "Ŵ ŷ â £12 – ok");
  escapes("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
  /* Bad UTF-8 is left out, byte by byte, never half a character. */
  escapes("a\xff" "b", "ab");
  escapes("a\xc3", "a");
  escapes("a\xc3(b", "a(b");
  escapes("\xc0\xaf", "");                       /* overlong */
  escapes("x\xed\xa0\x80y", "xy");               /* a surrogate */
  escapes("\xef\xbf\xbe", "");                   /* U+FFFE, not allowed in XML */
  escapes("\xf4\x90\x80\x80", "");               /* above U+10FFFF */
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_appraise),
    cmocka_unit_test(test_xml_escape),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
