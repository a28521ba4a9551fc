/*
** What arrives from outside: urlencoded bodies, cookies, routes and
** redirect targets (src/http/parse.h), and the validation helpers of
** src/util/text.h.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http/parse.h"
#include "util/text.h"

/* Parse a NUL-terminated string. */
static enum parse_rc parse_str(const char *z, int nMax, struct kvlist *p){
  return parse_urlencoded(z, strlen(z), nMax, p);
}

/* ---- parse_urlencoded -------------------------------------------------- */

static void test_urlencoded_basic(void **state){
  (void)state;
  struct kvlist l = {0};
  assert_int_equal(parse_str("name=Alys+Morgan&role=cluster_lead&x=%41%62%2B%26%3D", 10, &l), PARSE_OK);
  assert_int_equal(l.n, 3);
  assert_string_equal(l.a[0].zKey, "name");
  assert_string_equal(l.a[0].zVal, "Alys Morgan");
  assert_string_equal(kvlist_get(&l, "role"), "cluster_lead");
  assert_string_equal(kvlist_get(&l, "x"), "Ab+&=");
  assert_null(kvlist_get(&l, "missing"));
  kvlist_free(&l);
  assert_int_equal(l.n, 0);
  assert_null(l.a);
}

static void test_urlencoded_keys_decoded_and_utf8(void **state){
  (void)state;
  struct kvlist l = {0};
  assert_int_equal(parse_str("a%20b=M%C3%B4n&e=%E2%82%AC&nl=a%0D%0Ab%09c", 10, &l), PARSE_OK);
  assert_string_equal(kvlist_get(&l, "a b"), "Môn");
  assert_string_equal(kvlist_get(&l, "e"), "€");
  assert_string_equal(kvlist_get(&l, "nl"), "a\r\nb\tc");
  kvlist_free(&l);
}

static void test_urlencoded_first_value_wins(void **state){
  (void)state;
  struct kvlist l = {0};
  assert_int_equal(parse_str("a=1&a=2", 10, &l), PARSE_OK);
  assert_int_equal(l.n, 2);
  assert_string_equal(kvlist_get(&l, "a"), "1");
  kvlist_free(&l);
}

static void test_urlencoded_bad_escapes(void **state){
  (void)state;
  static const char *const az[] = {
    "a=%", "a=%4", "a=%zz", "a=%G1", "a=1%", "%=1", "k%2=v", "a=%%41",
  };
  for(size_t i=0; i<sizeof(az)/sizeof(az[0]); i++){
    struct kvlist l = {0};
    enum parse_rc rc = parse_str(az[i], 10, &l);
    if( rc!=PARSE_BAD_ENCODING ) fail_msg("%s: expected PARSE_BAD_ENCODING, got %d", az[i], rc);
    kvlist_free(&l);
  }
}

static void test_urlencoded_escape_at_end_ok(void **state){
  (void)state;
  struct kvlist l = {0};
  /* A complete escape as the very last bytes is fine. */
  assert_int_equal(parse_str("a=%41", 10, &l), PARSE_OK);
  assert_string_equal(kvlist_get(&l, "a"), "A");
  kvlist_free(&l);
}

static void test_urlencoded_nul_rejected(void **state){
  (void)state;
  struct kvlist l = {0};
  assert_int_equal(parse_str("a=x%00y", 10, &l), PARSE_BAD_ENCODING);
  kvlist_free(&l);
  assert_int_equal(parse_str("a%00=1", 10, &l), PARSE_BAD_ENCODING);
  kvlist_free(&l);
  /* A raw NUL byte inside the n bytes. */
  static const char zRaw[] = {'a','=','x',0,'y'};
  assert_int_equal(parse_urlencoded(zRaw, sizeof zRaw, 10, &l), PARSE_BAD_ENCODING);
  kvlist_free(&l);
}

static void test_urlencoded_invalid_utf8(void **state){
  (void)state;
  static const char *const az[] = {
    "a=%C3%28",          /* bad continuation */
    "a=%C0%AF",          /* overlong '/' */
    "a=%ED%A0%80",       /* UTF-16 surrogate */
    "a=%F4%90%80%80",    /* above U+10FFFF */
    "a=%FF",             /* never valid */
    "a=%E2%82",          /* truncated */
    "a=%01",             /* control character */
    "a=%7F",             /* DEL */
    "%80=1",             /* in a key too */
  };
  for(size_t i=0; i<sizeof(az)/sizeof(az[0]); i++){
    struct kvlist l = {0};
    enum parse_rc rc = parse_str(az[i], 10, &l);
    if( rc!=PARSE_BAD_ENCODING ) fail_msg("%s: expected PARSE_BAD_ENCODING, got %d", az[i], rc);
    kvlist_free(&l);
  }
}

static void test_urlencoded_too_many(void **state){
  (void)state;
  struct kvlist l = {0};
  assert_int_equal(parse_str("a=1&b=2&c=3", 2, &l), PARSE_TOO_MANY);
  kvlist_free(&l);
  assert_int_equal(parse_str("a=1&b=2&c=3", 3, &l), PARSE_OK);
  assert_int_equal(l.n, 3);
  kvlist_free(&l);
  assert_int_equal(parse_str("a", 0, &l), PARSE_TOO_MANY);
  kvlist_free(&l);
}

static void test_urlencoded_empty_pairs_skipped(void **state){
  (void)state;
  struct kvlist l = {0};
  /* Empty pairs neither appear nor count towards nMax. */
  assert_int_equal(parse_str("&&a=1&&&b=2&", 2, &l), PARSE_OK);
  assert_int_equal(l.n, 2);
  assert_string_equal(l.a[0].zKey, "a");
  assert_string_equal(l.a[1].zKey, "b");
  kvlist_free(&l);
  assert_int_equal(parse_str("", 0, &l), PARSE_OK);
  assert_int_equal(l.n, 0);
  assert_int_equal(parse_str("&&&", 0, &l), PARSE_OK);
  assert_int_equal(l.n, 0);
  kvlist_free(&l);
}

static void test_urlencoded_key_without_equals(void **state){
  (void)state;
  struct kvlist l = {0};
  assert_int_equal(parse_str("flag&x=&y=a=b", 10, &l), PARSE_OK);
  assert_int_equal(l.n, 3);
  assert_string_equal(kvlist_get(&l, "flag"), "");
  assert_string_equal(kvlist_get(&l, "x"), "");
  assert_string_equal(kvlist_get(&l, "y"), "a=b");
  kvlist_free(&l);
}

static void test_urlencoded_length_respected(void **state){
  (void)state;
  struct kvlist l = {0};
  /* Not NUL-terminated at n: only n bytes are read. */
  const char *z = "a=12&b=34";
  assert_int_equal(parse_urlencoded(z, 3, 10, &l), PARSE_OK);
  assert_int_equal(l.n, 1);
  assert_string_equal(kvlist_get(&l, "a"), "1");
  kvlist_free(&l);
  /* An escape cut off by n is a bad escape, not a read past the end. */
  assert_int_equal(parse_urlencoded("a=%414", 4, 10, &l), PARSE_BAD_ENCODING);
  kvlist_free(&l);
}

static void test_urlencoded_appends(void **state){
  (void)state;
  struct kvlist l = {0};
  kvlist_add(&l, "pre", "existing");
  assert_int_equal(parse_str("a=1", 10, &l), PARSE_OK);
  assert_int_equal(l.n, 2);
  assert_string_equal(kvlist_get(&l, "pre"), "existing");
  assert_string_equal(kvlist_get(&l, "a"), "1");
  /* Many pairs: the list grows past its first allocation. */
  char z[2000] = "";
  for(int i=0; i<100; i++){
    char one[32];
    snprintf(one, sizeof one, "k%d=%d&", i, i);
    strcat(z, one);
  }
  assert_int_equal(parse_str(z, 100, &l), PARSE_OK);
  assert_int_equal(l.n, 102);
  assert_string_equal(kvlist_get(&l, "k99"), "99");
  kvlist_free(&l);
}

/* ---- parse_cookies ----------------------------------------------------- */

static void test_cookies_basic(void **state){
  (void)state;
  struct kvlist l = {0};
  parse_cookies("sid=abc123; lang=cy;theme=dark", &l);
  assert_int_equal(l.n, 3);
  assert_string_equal(kvlist_get(&l, "sid"), "abc123");
  assert_string_equal(kvlist_get(&l, "lang"), "cy");
  assert_string_equal(kvlist_get(&l, "theme"), "dark");
  kvlist_free(&l);
}

static void test_cookies_not_decoded_and_malformed_skipped(void **state){
  (void)state;
  struct kvlist l = {0};
  parse_cookies(";; a=%41+b ; novalue; =anon; empty=; t=x=y;  ", &l);
  assert_string_equal(kvlist_get(&l, "a"), "%41+b ");
  assert_null(kvlist_get(&l, "novalue"));
  assert_null(kvlist_get(&l, ""));
  assert_string_equal(kvlist_get(&l, "empty"), "");
  assert_string_equal(kvlist_get(&l, "t"), "x=y");
  assert_int_equal(l.n, 3);
  kvlist_free(&l);
  parse_cookies("", &l);
  parse_cookies(0, &l);
  assert_int_equal(l.n, 0);
}

static void test_cookies_at_most_32(void **state){
  (void)state;
  char z[1000] = "";
  for(int i=0; i<40; i++){
    char one[32];
    snprintf(one, sizeof one, "c%d=%d; ", i, i);
    strcat(z, one);
  }
  struct kvlist l = {0};
  parse_cookies(z, &l);
  assert_int_equal(l.n, 32);
  assert_string_equal(kvlist_get(&l, "c31"), "31");
  assert_null(kvlist_get(&l, "c32"));
  kvlist_free(&l);
}

/* ---- parse_route ------------------------------------------------------- */

static void test_route_captures(void **state){
  (void)state;
  char *az[4] = {0};
  assert_int_equal(parse_route("/units/{slug}/members", "/units/cardiff-east/members", az, 4), 1);
  assert_string_equal(az[0], "cardiff-east");
  free(az[0]);
  assert_int_equal(parse_route("/a/{x}/b/{y}", "/a/1/b/two", az, 4), 2);
  assert_string_equal(az[0], "1");
  assert_string_equal(az[1], "two");
  free(az[0]); free(az[1]);
  assert_int_equal(parse_route("/units/{slug}", "/units/wales", az, 4), 1);
  assert_string_equal(az[0], "wales");
  free(az[0]);
  assert_int_equal(parse_route("/", "/", az, 4), 0);
  assert_int_equal(parse_route("/audit", "/audit", az, 4), 0);
}

static void test_route_no_match(void **state){
  (void)state;
  char *az[4] = {0};
  assert_int_equal(parse_route("/units/{slug}", "/unitz/wales", az, 4), -1);
  assert_int_equal(parse_route("/units/{slug}", "/units/", az, 4), -1);     /* empty segment */
  assert_int_equal(parse_route("/units/{slug}", "/units", az, 4), -1);
  assert_int_equal(parse_route("/units/{slug}/members", "/units/x/member", az, 4), -1);
  assert_int_equal(parse_route("/units/{slug}/members", "/units//members", az, 4), -1);
  assert_int_equal(parse_route("/audit", "/audi", az, 4), -1);
  assert_int_equal(parse_route("/audit", "/AUDIT", az, 4), -1);
  /* Too many captures for azOut: no match, and nothing leaks. */
  assert_int_equal(parse_route("/a/{x}/b/{y}", "/a/1/b/2", az, 1), -1);
  /* A pattern without its closing brace never matches. */
  assert_int_equal(parse_route("/a/{x", "/a/1", az, 4), -1);
}

static void test_route_trailing_segments(void **state){
  (void)state;
  char *az[4] = {0};
  assert_int_equal(parse_route("/units/{slug}", "/units/wales/members", az, 4), -1);
  assert_int_equal(parse_route("/units/{slug}", "/units/wales/", az, 4), -1);
  assert_int_equal(parse_route("/units/{slug}/members", "/units/a/members/new", az, 4), -1);
  assert_int_equal(parse_route("/audit", "/audit/", az, 4), -1);
  assert_int_equal(parse_route("/audit", "/audit/x", az, 4), -1);
}

/* ---- parse_is_local_path ----------------------------------------------- */

static void test_local_path(void **state){
  (void)state;
  assert_true(parse_is_local_path("/"));
  assert_true(parse_is_local_path("/units/cardiff-east"));
  assert_true(parse_is_local_path("/units/x?lang=cy&a=%2F%2F"));
  assert_false(parse_is_local_path(0));
  assert_false(parse_is_local_path(""));
  assert_false(parse_is_local_path("//evil.com"));
  assert_false(parse_is_local_path("//evil.com/units"));
  assert_false(parse_is_local_path("/\\evil.com"));
  assert_false(parse_is_local_path("/a\\b"));
  assert_false(parse_is_local_path("http://evil.com/"));
  assert_false(parse_is_local_path("https://evil.com"));
  assert_false(parse_is_local_path("javascript:alert(1)"));
  assert_false(parse_is_local_path("evil.com"));
  assert_false(parse_is_local_path("/\t/evil.com"));
  assert_false(parse_is_local_path("/a\nLocation: http://evil.com"));
  assert_false(parse_is_local_path("/a\r"));
  assert_false(parse_is_local_path("/a\x7f"));
  char zLong[600];
  zLong[0] = '/';
  memset(zLong+1, 'a', sizeof zLong - 2);
  zLong[sizeof zLong - 1] = 0;
  assert_false(parse_is_local_path(zLong));
}

/* ---- text.h ------------------------------------------------------------ */

static void test_slugify(void **state){
  (void)state;
  char z[81];
  assert_true(text_slugify("Central & South Denbighshire", z, sizeof z));
  assert_string_equal(z, "central-and-south-denbighshire");
  assert_true(text_slugify("Amman/Gwendraeth", z, sizeof z));
  assert_string_equal(z, "amman-gwendraeth");
  assert_true(text_slugify("City & Cardiff South", z, sizeof z));
  assert_string_equal(z, "city-and-cardiff-south");
  assert_true(text_slugify("  Upper   Valleys -- (North) ", z, sizeof z));
  assert_string_equal(z, "upper-valleys-north");
  assert_true(text_slugify("A&B", z, sizeof z));
  assert_string_equal(z, "a-and-b");
  assert_true(text_slugify("Ynys Môn", z, sizeof z));
  assert_true(text_is_slug(z));
  assert_true(text_slugify("Cluster 7", z, sizeof z));
  assert_string_equal(z, "cluster-7");
  assert_false(text_slugify("", z, sizeof z));
  assert_false(text_slugify(" -- / ", z, sizeof z));
  assert_false(text_slugify("ôô", z, sizeof z));
}

static void test_slugify_fits(void **state){
  (void)state;
  char z[81];
  assert_true(text_slugify("abc", z, 4));
  assert_string_equal(z, "abc");
  assert_false(text_slugify("abc", z, 3));
  assert_false(text_slugify("a b", z, 3));
  assert_false(text_slugify("a & b", z, 4));
  /* A name whose slug would be longer than 80 bytes is not a slug. */
  char zName[100];
  memset(zName, 'x', 90);
  zName[90] = 0;
  char zBig[200];
  assert_false(text_slugify(zName, zBig, sizeof zBig));
}

static void test_is_slug(void **state){
  (void)state;
  assert_true(text_is_slug("a"));
  assert_true(text_is_slug("cardiff-south-west"));
  assert_true(text_is_slug("hb-2"));
  assert_false(text_is_slug(""));
  assert_false(text_is_slug("-a"));
  assert_false(text_is_slug("a-"));
  assert_false(text_is_slug("a--b"));
  assert_false(text_is_slug("A"));
  assert_false(text_is_slug("a_b"));
  assert_false(text_is_slug("a b"));
  assert_false(text_is_slug("a/b"));
  assert_false(text_is_slug("../etc"));
  assert_false(text_is_slug("m\xc3\xb4n"));
  char z[82];
  memset(z, 'a', 80); z[80] = 0;
  assert_true(text_is_slug(z));
  memset(z, 'a', 81); z[81] = 0;
  assert_false(text_is_slug(z));
}

static void test_is_date(void **state){
  (void)state;
  assert_true(text_is_date("2024-02-29"));
  assert_true(text_is_date("2000-02-29"));
  assert_true(text_is_date("2026-12-31"));
  assert_true(text_is_date("2026-01-01"));
  assert_false(text_is_date("2023-02-29"));
  assert_false(text_is_date("1900-02-29"));
  assert_false(text_is_date("2026-13-01"));
  assert_false(text_is_date("2026-00-10"));
  assert_false(text_is_date("2026-01-00"));
  assert_false(text_is_date("2026-04-31"));
  assert_false(text_is_date("2026-02-30"));
  assert_false(text_is_date("2026-1-01"));
  assert_false(text_is_date("2026-01-01T00:00"));
  assert_false(text_is_date("2026/01/01"));
  assert_false(text_is_date("abcd-ef-gh"));
  assert_false(text_is_date("2026-0a-01"));
  assert_false(text_is_date("+026-01-01"));
  assert_false(text_is_date(""));
}

static void test_is_email(void **state){
  (void)state;
  assert_true(text_is_email("a@b.co"));
  assert_true(text_is_email("alys.morgan@wales.nhs.uk"));
  assert_false(text_is_email(""));
  assert_false(text_is_email("ab.co"));
  assert_false(text_is_email("@b.co"));
  assert_false(text_is_email("a@b@c.com"));
  assert_false(text_is_email("a@b"));
  assert_false(text_is_email("a@.com"));
  assert_false(text_is_email("a@b."));
  assert_false(text_is_email("a b@c.com"));
  assert_false(text_is_email("a@c.com\n"));
  assert_false(text_is_email("a<b@c.com"));
  assert_false(text_is_email("\"a\"@c.com"));
  assert_false(text_is_email("a@c.com,b@d.com"));
  char z[300];
  memset(z, 'a', 250);
  strcpy(z+250, "@b.co");   /* 255 bytes */
  assert_false(text_is_email(z));
  strcpy(z+249, "@b.co");   /* 254 bytes */
  assert_true(text_is_email(z));
}

static void test_clean_utf8(void **state){
  (void)state;
  assert_true(text_is_clean_utf8("", false));
  assert_true(text_is_clean_utf8("plain", false));
  assert_true(text_is_clean_utf8("Ynys M\xc3\xb4n \xe2\x82\xac \xf0\x9f\x98\x80", false));
  assert_true(text_is_clean_utf8("\xef\xbf\xbd", false));            /* U+FFFD */
  assert_true(text_is_clean_utf8("\xf4\x8f\xbf\xbf", false));        /* U+10FFFF */
  assert_false(text_is_clean_utf8("\xc0\xaf", false));               /* overlong, 2 bytes */
  assert_false(text_is_clean_utf8("\xc1\xbf", false));
  assert_false(text_is_clean_utf8("\xe0\x80\xaf", false));           /* overlong, 3 bytes */
  assert_false(text_is_clean_utf8("\xf0\x80\x80\xaf", false));       /* overlong, 4 bytes */
  assert_false(text_is_clean_utf8("\xed\xa0\x80", false));           /* surrogate D800 */
  assert_false(text_is_clean_utf8("\xed\xbf\xbf", false));           /* surrogate DFFF */
  assert_false(text_is_clean_utf8("\xf4\x90\x80\x80", false));       /* > U+10FFFF */
  assert_false(text_is_clean_utf8("\xf8\x88\x80\x80\x80", false));   /* 5-byte form */
  assert_false(text_is_clean_utf8("\x80", false));                   /* lone continuation */
  assert_false(text_is_clean_utf8("a\xe2\x82", false));              /* truncated */
  assert_false(text_is_clean_utf8("\xc3(", false));
  assert_false(text_is_clean_utf8("\xff", false));
  assert_false(text_is_clean_utf8("a\x01", true));
  assert_false(text_is_clean_utf8("a\x1b[31m", true));
  assert_false(text_is_clean_utf8("a\x7f", true));
  assert_false(text_is_clean_utf8("a\nb", false));
  assert_false(text_is_clean_utf8("a\tb", false));
  assert_true(text_is_clean_utf8("a\r\nb\tc", true));
}

static void test_to_int(void **state){
  (void)state;
  long long v = 12345;
  assert_true(text_to_int("42", 0, 100, &v));
  assert_int_equal(v, 42);
  assert_true(text_to_int("-5", -10, 10, &v));
  assert_int_equal(v, -5);
  assert_true(text_to_int("0", 0, 0, &v));
  assert_int_equal(v, 0);
  assert_true(text_to_int("007", 0, 10, &v));
  assert_int_equal(v, 7);
  assert_true(text_to_int("100", 0, 100, &v));
  assert_int_equal(v, 100);
  assert_true(text_to_int("999999999999999999", 0, 999999999999999999LL, &v));
  assert_int_equal(v, 999999999999999999LL);
  v = 12345;
  assert_false(text_to_int("101", 0, 100, &v));
  assert_false(text_to_int("-1", 0, 100, &v));
  assert_false(text_to_int("", 0, 100, &v));
  assert_false(text_to_int(0, 0, 100, &v));
  assert_false(text_to_int("-", -10, 10, &v));
  assert_false(text_to_int("4a", 0, 100, &v));
  assert_false(text_to_int(" 4", 0, 100, &v));
  assert_false(text_to_int("4 ", 0, 100, &v));
  assert_false(text_to_int("+4", 0, 100, &v));
  assert_false(text_to_int("--4", -10, 10, &v));
  assert_false(text_to_int("0x10", 0, 100, &v));
  assert_false(text_to_int("1e3", 0, 10000, &v));
  /* Overflow is refused, never wrapped into range. */
  assert_false(text_to_int("99999999999999999999", -100, 100, &v));
  assert_false(text_to_int("18446744073709551617", 0, 100, &v));
  assert_false(text_to_int("-99999999999999999999", -100, 100, &v));
  assert_int_equal(v, 12345);   /* untouched on failure */
}

static void test_today_and_trim(void **state){
  (void)state;
  char zDay[11], zNow[21];
  text_today(zDay);
  assert_true(text_is_date(zDay));
  text_now(zNow);
  assert_int_equal(strlen(zNow), 20);
  assert_int_equal(zNow[10], 'T');
  assert_int_equal(zNow[19], 'Z');
  assert_memory_equal(zNow, zDay, 10);
  char z[] = " \t a b \r\n";
  assert_string_equal(text_trim(z), "a b");
  char zEmpty[] = "   ";
  assert_string_equal(text_trim(zEmpty), "");
}

/* Fixed decimals without a minus on a value that rounds to zero. */
static void test_text_fixed(void **state){
  (void)state;
  static const struct { double v; int nDec; const char *z; } a[] = {
    { 36.208333, 1, "36.2" }, { 6.29, 2, "6.29" }, { 7.0, 1, "7.0" }, { -0.04, 1, "0.0" },
    { -0.06, 1, "-0.1" }, { -0.0, 2, "0.00" }, { 1234.5678, 3, "1234.568" }, { 42, 0, "42" },
  };
  for(size_t i=0; i<sizeof a/sizeof a[0]; i++){
    char z[48];
    text_fixed(z, sizeof z, a[i].v, a[i].nDec);
    assert_string_equal(z, a[i].z);
  }
  /* Digits without printf, up to the largest unsigned long long. */
  char z[24];
  assert_int_equal(text_digits(z, 0), 1);
  assert_string_equal(z, "0");
  assert_int_equal(text_digits(z, 1234567), 7);
  assert_string_equal(z, "1234567");
  assert_int_equal(text_digits(z, 18446744073709551615ull), 20);
  assert_string_equal(z, "18446744073709551615");
}

/* Who may read /metrics without a token: loopback only, in any spelling
** inet_pton reads, and nothing that merely starts like it. */
static void test_is_loopback(void **state){
  (void)state;
  const char *azYes[] = { "127.0.0.1", "127.1.2.3", "127.255.255.255", "::1",
                          "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1" };
  const char *azNo[] = { "", "128.0.0.1", "10.0.0.1", "126.255.255.255", "0.0.0.0",
                         "127.0.0.1 ", " 127.0.0.1", "127.0.0", "127.0.0.1.5", "localhost",
                         "::", "::2", "::ffff:10.0.0.1", "fe80::1", "1::1", "::ffff:128.0.0.1" };
  for(size_t i=0; i<sizeof azYes/sizeof azYes[0]; i++){
    if( !parse_is_loopback(azYes[i]) ) fail_msg("%s is loopback", azYes[i]);
  }
  for(size_t i=0; i<sizeof azNo/sizeof azNo[0]; i++){
    if( parse_is_loopback(azNo[i]) ) fail_msg("'%s' is not loopback", azNo[i]);
  }
  assert_false(parse_is_loopback(NULL));
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_urlencoded_basic),
    cmocka_unit_test(test_urlencoded_keys_decoded_and_utf8),
    cmocka_unit_test(test_urlencoded_first_value_wins),
    cmocka_unit_test(test_urlencoded_bad_escapes),
    cmocka_unit_test(test_urlencoded_escape_at_end_ok),
    cmocka_unit_test(test_urlencoded_nul_rejected),
    cmocka_unit_test(test_urlencoded_invalid_utf8),
    cmocka_unit_test(test_urlencoded_too_many),
    cmocka_unit_test(test_urlencoded_empty_pairs_skipped),
    cmocka_unit_test(test_urlencoded_key_without_equals),
    cmocka_unit_test(test_urlencoded_length_respected),
    cmocka_unit_test(test_urlencoded_appends),
    cmocka_unit_test(test_cookies_basic),
    cmocka_unit_test(test_cookies_not_decoded_and_malformed_skipped),
    cmocka_unit_test(test_cookies_at_most_32),
    cmocka_unit_test(test_route_captures),
    cmocka_unit_test(test_route_no_match),
    cmocka_unit_test(test_route_trailing_segments),
    cmocka_unit_test(test_local_path),
    cmocka_unit_test(test_is_loopback),
    cmocka_unit_test(test_slugify),
    cmocka_unit_test(test_slugify_fits),
    cmocka_unit_test(test_is_slug),
    cmocka_unit_test(test_is_date),
    cmocka_unit_test(test_is_email),
    cmocka_unit_test(test_clean_utf8),
    cmocka_unit_test(test_to_int),
    cmocka_unit_test(test_today_and_trim),
    cmocka_unit_test(test_text_fixed),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
