/* The business case documents' pure parts (src/domain/business_case_doc.c
** and export_case.c): text escaped for the Word document's XML. (The
** appraisal they print is business_case_appraise, tested in
** test_business_case.c.) */
#include "domain/business_case_doc.h"
#include "domain/export_case.h"
#include "util/buf.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

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
    cmocka_unit_test(test_xml_escape),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
