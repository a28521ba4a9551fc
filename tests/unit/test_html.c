/*
** Output escaping: html_printf and friends (src/html/html.h) and the JSON
** writer (src/util/json.h). A name typed by a user must never become
** markup in a page or break out of a JSON string or a <script> block.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "html/html.h"
#include "util/buf.h"
#include "util/json.h"

/* ---- html_printf ------------------------------------------------------ */

static void test_printf_escapes_s(void **state){
  (void)state;
  struct buf b = {0};
  html_printf(&b, "<p title=\"%s\">%s</p>", "a\"b'c", "Tom & Jerry <script>alert(1)</script>");
  assert_string_equal(buf_cstr(&b),
    "<p title=\"a&quot;b&#39;c\">Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;</p>");
  buf_free(&b);
}

static void test_printf_each_special_char(void **state){
  (void)state;
  struct buf b = {0};
  html_printf(&b, "%s|%s|%s|%s|%s", "&", "<", ">", "\"", "'");
  assert_string_equal(buf_cstr(&b), "&amp;|&lt;|&gt;|&quot;|&#39;");
  buf_reset(&b);
  /* An already-escaped entity is escaped again: no double standard. */
  html_printf(&b, "%s", "&amp;");
  assert_string_equal(buf_cstr(&b), "&amp;amp;");
  buf_free(&b);
}

static void test_printf_format_text_is_literal(void **state){
  (void)state;
  struct buf b = {0};
  /* The format itself is trusted markup and is not escaped. */
  html_printf(&b, "<a href=\"/x?a=1&amp;b=2\">%s</a>", "ok");
  assert_string_equal(buf_cstr(&b), "<a href=\"/x?a=1&amp;b=2\">ok</a>");
  buf_free(&b);
}

static void test_printf_numbers(void **state){
  (void)state;
  struct buf b = {0};
  html_printf(&b, "%d %i %u %ld %lu %lld %llu %zu %%",
              -42, 7, 4000000000u, -123456789L, 123456789UL,
              -9223372036854775807LL, 18446744073709551615ULL, (size_t)99);
  assert_string_equal(buf_cstr(&b),
    "-42 7 4000000000 -123456789 123456789 -9223372036854775807 18446744073709551615 99 %");
  buf_free(&b);
}

static void test_printf_char_escaped(void **state){
  (void)state;
  struct buf b = {0};
  html_printf(&b, "[%c][%c][%c]", 'x', '<', '&');
  assert_string_equal(buf_cstr(&b), "[x][&lt;][&amp;]");
  buf_free(&b);
}

static void test_printf_null_and_empty(void **state){
  (void)state;
  struct buf b = {0};
  const char *volatile zNull = 0;   /* volatile: hide the NULL from -Wformat */
  html_printf(&b, "a%sb%sc", zNull, "");
  assert_string_equal(buf_cstr(&b), "abc");
  buf_reset(&b);
  html_printf(&b, "no conversions at all");
  assert_string_equal(buf_cstr(&b), "no conversions at all");
  buf_free(&b);
}

static void test_printf_utf8_passes(void **state){
  (void)state;
  struct buf b = {0};
  html_printf(&b, "%s", "Bwrdd Iechyd Prifysgol Betsi Cadwaladr – Ynys Môn");
  assert_string_equal(buf_cstr(&b), "Bwrdd Iechyd Prifysgol Betsi Cadwaladr – Ynys Môn");
  buf_free(&b);
}

static void test_printf_appends(void **state){
  (void)state;
  struct buf b = {0};
  html_printf(&b, "%s", "<");
  html_printf(&b, "%d", 1);
  html_printf(&b, "%s", ">");
  assert_string_equal(buf_cstr(&b), "&lt;1&gt;");
  assert_int_equal(b.n, strlen("&lt;1&gt;"));
  buf_free(&b);
}

/* ---- html_text, html_urlpart, markup --------------------------------- */

static void test_html_text(void **state){
  (void)state;
  struct buf b = {0};
  html_text(&b, "O'Brien & \"Sons\" <ltd>");
  assert_string_equal(buf_cstr(&b), "O&#39;Brien &amp; &quot;Sons&quot; &lt;ltd&gt;");
  buf_reset(&b);
  html_text(&b, "plain text");
  assert_string_equal(buf_cstr(&b), "plain text");
  buf_reset(&b);
  html_text(&b, 0);
  assert_int_equal(b.n, 0);
  assert_string_equal(buf_cstr(&b), "");
  buf_free(&b);
}

static void test_html_urlpart(void **state){
  (void)state;
  struct buf b = {0};
  html_urlpart(&b, "cardiff-south-west_1.0~x");
  assert_string_equal(buf_cstr(&b), "cardiff-south-west_1.0~x");
  buf_reset(&b);
  html_urlpart(&b, "a b/c?d=e&f#g\"<'%+");
  assert_string_equal(buf_cstr(&b), "a%20b%2Fc%3Fd%3De%26f%23g%22%3C%27%25%2B");
  buf_reset(&b);
  html_urlpart(&b, "Môn");
  assert_string_equal(buf_cstr(&b), "M%C3%B4n");
  buf_reset(&b);
  html_urlpart(&b, "\x01\x7f");
  assert_string_equal(buf_cstr(&b), "%01%7F");
  buf_reset(&b);
  html_urlpart(&b, 0);
  assert_int_equal(b.n, 0);
  buf_free(&b);
}

static void test_markup_literal_unescaped(void **state){
  (void)state;
  struct buf b = {0};
  html_markup_trusted_unescaped(&b, MARKUP_LITERAL("<strong class=\"x\">A & B</strong>"));
  assert_string_equal(buf_cstr(&b), "<strong class=\"x\">A & B</strong>");
  /* Mixed with escaped output in the same buffer. */
  html_printf(&b, "%s", "<em>");
  assert_string_equal(buf_cstr(&b), "<strong class=\"x\">A & B</strong>&lt;em&gt;");
  struct markup none = {0};
  size_t n = b.n;
  html_markup_trusted_unescaped(&b, none);
  assert_int_equal(b.n, n);
  buf_free(&b);
}

/* ---- json ------------------------------------------------------------- */

static void test_json_string_basic(void **state){
  (void)state;
  struct buf b = {0};
  json_string(&b, "hello");
  assert_string_equal(buf_cstr(&b), "\"hello\"");
  buf_reset(&b);
  json_string(&b, "");
  assert_string_equal(buf_cstr(&b), "\"\"");
  buf_reset(&b);
  json_string(&b, 0);
  assert_string_equal(buf_cstr(&b), "null");
  buf_free(&b);
}

static void test_json_string_escapes(void **state){
  (void)state;
  struct buf b = {0};
  json_string(&b, "q\"b\\s/\n\r\t");
  assert_string_equal(buf_cstr(&b), "\"q\\\"b\\\\s/\\n\\r\\t\"");
  buf_free(&b);
}

static void test_json_string_control_chars(void **state){
  (void)state;
  struct buf b = {0};
  json_string(&b, "\x01\x08\x0b\x0c\x1f");
  assert_string_equal(buf_cstr(&b), "\"\\u0001\\u0008\\u000b\\u000c\\u001f\"");
  buf_reset(&b);
  /* No raw control byte anywhere in the output. */
  char zAll[32];
  for(int i=1; i<32; i++) zAll[i-1] = (char)i;
  zAll[31] = 0;
  json_string(&b, zAll);
  for(size_t i=0; i<b.n; i++) assert_true((unsigned char)b.z[i]>=0x20);
  buf_free(&b);
}

static void test_json_string_script_safe(void **state){
  (void)state;
  struct buf b = {0};
  json_string(&b, "</script><script>alert('x')</script>&amp;");
  const char *z = buf_cstr(&b);
  assert_null(strstr(z, "</"));
  assert_null(strchr(z, '<'));
  assert_null(strchr(z, '>'));
  assert_null(strchr(z, '&'));
  assert_string_equal(z,
    "\"\\u003c/script\\u003e\\u003cscript\\u003ealert('x')\\u003c/script\\u003e\\u0026amp;\"");
  buf_free(&b);
}

static void test_json_string_utf8_passes(void **state){
  (void)state;
  struct buf b = {0};
  json_string(&b, "Cwm Taf Morgannwg – Rhondda ✓");
  assert_string_equal(buf_cstr(&b), "\"Cwm Taf Morgannwg – Rhondda ✓\"");
  buf_free(&b);
}

static void test_json_kv_commas(void **state){
  (void)state;
  struct buf b = {0};
  bool bFirst = true;
  buf_putc(&b, '{');
  json_kv_str(&b, &bFirst, "name", "A \"B\"");
  json_kv_int(&b, &bFirst, "n", -12);
  json_kv_bool(&b, &bFirst, "yes", true);
  json_kv_bool(&b, &bFirst, "no", false);
  json_kv_null(&b, &bFirst, "none");
  json_kv_str(&b, &bFirst, "s", 0);
  json_key(&b, &bFirst, "arr");
  buf_puts(&b, "[]");
  buf_putc(&b, '}');
  assert_false(bFirst);
  assert_string_equal(buf_cstr(&b),
    "{\"name\":\"A \\\"B\\\"\",\"n\":-12,\"yes\":true,\"no\":false,\"none\":null,\"s\":null,\"arr\":[]}");
  buf_free(&b);
}

static void test_json_key_escaped(void **state){
  (void)state;
  struct buf b = {0};
  bool bFirst = true;
  json_kv_int(&b, &bFirst, "k\"<", 1);
  assert_string_equal(buf_cstr(&b), "\"k\\\"\\u003c\":1");
  buf_free(&b);
}

/* Numbers: whole numbers directly, others the shortest text that reads
** back exactly, null where JSON has no number. */
static void test_json_double(void **state){
  (void)state;
  static const struct { double v; const char *z; } a[] = {
    {0, "0"}, {41, "41"}, {-12, "-12"}, {9007199254740991.0, "9007199254740991"},
    {0.1, "0.1"}, {36.208333333333336, "36.208333333333336"}, {-2.5, "-2.5"},
    {1e300, "1e+300"}, {0.30000000000000004, "0.30000000000000004"}, {2.66, "2.66"},
  };
  for(size_t i=0; i<sizeof a/sizeof a[0]; i++){
    struct buf b = {0};
    json_double(&b, a[i].v);
    assert_string_equal(buf_cstr(&b), a[i].z);
    assert_true(strtod(buf_cstr(&b), 0)==a[i].v);
    buf_free(&b);
  }
  struct buf b = {0};
  json_double(&b, NAN); buf_putc(&b, ' ');
  json_double(&b, INFINITY); buf_putc(&b, ' ');
  json_double(&b, -INFINITY);
  assert_string_equal(buf_cstr(&b), "null null null");
  buf_free(&b);
}

/* The memo writes what json_double would, for a repeated value and
** after each change (NaN included). */
static void test_json_double_memo(void **state){
  (void)state;
  static const double a[] = { 29.385, 29.385, 29.385, NAN, NAN, 43.032, 43.032, 0.1, 29.385 };
  struct json_memo memo = {0};
  struct buf got = {0}, want = {0};
  bool bG = true, bW = true;
  for(size_t i=0; i<sizeof a/sizeof a[0]; i++){
    json_kv_double_memo(&got, &bG, "x", &memo, a[i]);
    json_kv_double(&want, &bW, "x", a[i]);
  }
  assert_string_equal(buf_cstr(&got), buf_cstr(&want));
  assert_string_equal(buf_cstr(&got),
    "\"x\":29.385,\"x\":29.385,\"x\":29.385,\"x\":null,\"x\":null,\"x\":43.032,\"x\":43.032,\"x\":0.1,\"x\":29.385");
  buf_free(&got); buf_free(&want);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_printf_escapes_s),
    cmocka_unit_test(test_printf_each_special_char),
    cmocka_unit_test(test_printf_format_text_is_literal),
    cmocka_unit_test(test_printf_numbers),
    cmocka_unit_test(test_printf_char_escaped),
    cmocka_unit_test(test_printf_null_and_empty),
    cmocka_unit_test(test_printf_utf8_passes),
    cmocka_unit_test(test_printf_appends),
    cmocka_unit_test(test_html_text),
    cmocka_unit_test(test_html_urlpart),
    cmocka_unit_test(test_markup_literal_unescaped),
    cmocka_unit_test(test_json_string_basic),
    cmocka_unit_test(test_json_string_escapes),
    cmocka_unit_test(test_json_string_control_chars),
    cmocka_unit_test(test_json_string_script_safe),
    cmocka_unit_test(test_json_string_utf8_passes),
    cmocka_unit_test(test_json_kv_commas),
    cmocka_unit_test(test_json_key_escaped),
    cmocka_unit_test(test_json_double),
    cmocka_unit_test(test_json_double_memo),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
