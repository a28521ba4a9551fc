/*
** audit_diff (src/domain/audit.h): the audit log page shows, for each
** entry, only the fields that changed. audit_diff reads the flat JSON
** objects that audit_record stores and reports each added, removed or
** changed field once; anything else is refused (false) so the page can
** fall back to the raw text. Run under the sanitizers too: a refused
** object must not leak what was parsed of it.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "domain/audit.h"
#include "util/buf.h"
#include "fixture.h"

/* Every callback as one line "key: old -> new", with (none) for NULL. */
static void collect(void *pCtx, const char *zKey, const char *zOld, const char *zNew){
  struct buf *b = pCtx;
  buf_printf(b, "%s: %s -> %s\n", zKey, zOld ? zOld : "(none)", zNew ? zNew : "(none)");
}

/* The diff of zOld and zNew as text; asserts that it parsed. Free it. */
static char *diff(const char *zOld, const char *zNew){
  struct buf b = {0};
  assert_true(audit_diff(zOld, zNew, collect, &b));
  return buf_steal(&b);
}

#define assert_diff(zOld, zNew, zWant) do{ \
  char *zGot_ = diff(zOld, zNew); \
  assert_string_equal(zGot_, zWant); \
  free(zGot_); \
}while(0)

/* ---- what is reported ------------------------------------------------- */

static void test_changed_field_only(void **state){
  (void)state;
  assert_diff(
    "{\"name\":\"Dr Rhodri Evans\",\"role\":\"gp_collaborative_lead\",\"core\":true,\"voting\":true}",
    "{\"name\":\"Dr Rhodri Evans\",\"role\":\"finance\",\"core\":true,\"voting\":true}",
    "role: gp_collaborative_lead -> finance\n");
}

static void test_identical_reports_nothing(void **state){
  (void)state;
  const char *z = "{\"name\":\"A\",\"core\":false,\"valid_to\":null}";
  assert_diff(z, z, "");
  assert_diff("{}", "{}", "");
  assert_diff(" { } ", "{}", "");
}

static void test_added_and_removed_once_each(void **state){
  (void)state;
  /* Changed fields in the new object's order, then the removed ones. */
  assert_diff(
    "{\"a\":\"1\",\"gone\":\"x\",\"b\":\"2\",\"same\":\"s\"}",
    "{\"same\":\"s\",\"b\":\"3\",\"new\":\"y\",\"a\":\"1\"}",
    "b: 2 -> 3\n"
    "new: (none) -> y\n"
    "gone: x -> (none)\n");
}

static void test_creation_and_deletion(void **state){
  (void)state;
  /* No old values (a creation): every field is new. */
  assert_diff(0, "{\"role\":\"other_member\",\"core\":true,\"n\":12}",
    "role: (none) -> other_member\n"
    "core: (none) -> true\n"
    "n: (none) -> 12\n");
  /* No new values (a deletion): every field is gone. */
  assert_diff("{\"role\":\"finance\",\"voting\":false}", 0,
    "role: finance -> (none)\n"
    "voting: false -> (none)\n");
  /* Neither: nothing to say, and not an error. */
  assert_diff(0, 0, "");
}

static void test_booleans_and_numbers_as_text(void **state){
  (void)state;
  assert_diff("{\"core\":true,\"n\":7}", "{\"core\":false,\"n\":12}",
    "core: true -> false\n"
    "n: 7 -> 12\n");
}

/* ---- values are decoded ---------------------------------------------- */

static void test_escapes_decoded(void **state){
  (void)state;
  assert_diff(
    "{\"name\":\"old\"}",
    "{\"name\":\"say \\\"hi\\\" back\\\\slash \\u003cscript\\u003e \\u0026 tab\\tnl\\nslash\\/\"}",
    "name: old -> say \"hi\" back\\slash <script> & tab\tnl\nslash/\n");
  /* Upper-case hex digits too. */
  assert_diff(0, "{\"k\":\"\\u003C\\u003E\"}", "k: (none) -> <>\n");
}

static void test_escaped_key_decoded(void **state){
  (void)state;
  assert_diff(0, "{\"a\\\"b\":\"v\"}", "a\"b: (none) -> v\n");
}

static void test_quote_comma_brace_inside_string(void **state){
  (void)state;
  /* Characters that end a value outside a string do not inside one. */
  assert_diff("{\"o\":\"a,b}\",\"p\":\"1\"}", "{\"o\":\"a,b}\",\"p\":\"2\"}", "p: 1 -> 2\n");
}

static void test_utf8_passes(void **state){
  (void)state;
  assert_diff("{\"name\":\"Sian\"}", "{\"name\":\"Siân Gruffudd\"}", "name: Sian -> Siân Gruffudd\n");
}

static void test_null_is_empty(void **state){
  (void)state;
  /* null and "" are the same value: no change. */
  assert_diff("{\"valid_to\":null}", "{\"valid_to\":\"\"}", "");
  assert_diff("{\"valid_to\":\"\"}", "{\"valid_to\":null}", "");
  /* An end date set where there was none: old is empty, not missing. */
  assert_diff("{\"valid_to\":null}", "{\"valid_to\":\"2027-03-31\"}", "valid_to:  -> 2027-03-31\n");
  assert_diff("{\"valid_to\":\"2027-03-31\"}", "{\"valid_to\":null}", "valid_to: 2027-03-31 -> \n");
  /* A new field that is null is reported, as empty. */
  assert_diff(0, "{\"valid_to\":null}", "valid_to: (none) -> \n");
}

static void test_the_stored_membership_shape(void **state){
  (void)state;
  /* As member_json writes it (json_string escapes <, > and &). */
  assert_diff(
    "{\"name\":\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\",\"email\":\"\",\"job_title\":\"GP\","
    "\"organisation\":\"\",\"role\":\"other_member\",\"core\":true,\"voting\":true,"
    "\"valid_from\":\"2025-04-01\",\"valid_to\":null}",
    "{\"name\":\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\",\"email\":\"\",\"job_title\":\"GP partner\","
    "\"organisation\":\"\",\"role\":\"other_member\",\"core\":true,\"voting\":false,"
    "\"valid_from\":\"2025-04-01\",\"valid_to\":\"2026-03-31\"}",
    "job_title: GP -> GP partner\n"
    "voting: true -> false\n"
    "valid_to:  -> 2026-03-31\n");
}

/* ---- malformed input is refused -------------------------------------- */

/* Must not be called for a refused pair. */
static void never(void *pCtx, const char *zKey, const char *zOld, const char *zNew){
  (void)pCtx; (void)zOld; (void)zNew;
  fail_msg("callback for %s on malformed input", zKey);
}

static void assert_refused(const char *zBad){
  const char *zGood = "{\"name\":\"A\",\"role\":\"finance\"}";
  /* Either side; the other side valid so that something was parsed
  ** (and must be freed) before the refusal. */
  if( audit_diff(zBad, zGood, never, 0) ) fail_msg("old side accepted: %s", zBad);
  if( audit_diff(zGood, zBad, never, 0) ) fail_msg("new side accepted: %s", zBad);
}

static void test_not_an_object(void **state){
  (void)state;
  assert_refused("");
  assert_refused("   ");
  assert_refused("[\"a\",\"b\"]");
  assert_refused("\"name\"");
  assert_refused("12");
  assert_refused("null");
  assert_refused("name");
}

static void test_unterminated(void **state){
  (void)state;
  assert_refused("{");
  assert_refused("{\"name");                      /* key */
  assert_refused("{\"name\":\"Dr Rhodri");        /* value */
  assert_refused("{\"name\":\"ends in a backslash\\");
  assert_refused("{\"name\":\"\\u00");            /* a \u cut short */
  assert_refused("{\"name\":\"A\",\"role\":\"fin"); /* after a complete field */
  assert_refused("{\"name\":\"A\"");              /* no closing brace */
  assert_refused("{\"name\":\"A\",");
  assert_refused("{\"core\":true");
}

static void test_missing_colon(void **state){
  (void)state;
  assert_refused("{\"name\" \"A\"}");
  assert_refused("{\"name\"\"A\"}");
  assert_refused("{\"name\"}");
  assert_refused("{\"a\":\"1\",\"name\"}");       /* after a complete field */
}

static void test_other_garbage(void **state){
  (void)state;
  assert_refused("{name:\"A\"}");                 /* key not a string */
  assert_refused("{\"a\":\"1\";\"b\":\"2\"}");    /* not a comma */
  assert_refused("{\"a\":\"1\" \"b\":\"2\"}");
  assert_refused("{,}");
}

static void test_not_flat(void **state){
  (void)state;
  /* A nested object would otherwise end at its own brace and hide the
  ** fields after it; an array at its first comma. */
  assert_refused("{\"a\":{\"b\":1},\"c\":2}");
  assert_refused("{\"a\":{\"b\":1}}");
  assert_refused("{\"a\":[1,2]}");
  assert_refused("{\"a\":[1]}");
}

static void test_bad_unicode_escape(void **state){
  (void)state;
  /* \u takes four hex digits; it must not swallow the closing quote. */
  assert_refused("{\"a\":\"\\u12\",\"b\":\"x\"}");
  assert_refused("{\"a\":\"\\uZZZZ\"}");
}

static void test_too_many_fields(void **state){
  (void)state;
  /* More fields than audit_record ever writes: refused, nothing leaked. */
  struct buf b = {0};
  buf_putc(&b, '{');
  for(int i=0; i<40; i++) buf_printf(&b, "%s\"k%d\":\"v%d\"", i ? "," : "", i, i);
  buf_putc(&b, '}');
  assert_refused(buf_cstr(&b));
  buf_free(&b);
}

/* ---- the codes ------------------------------------------------------------ */

/* Every action and entity the log records has a name in both languages,
** which the audit page shows instead of the code. */
static void test_every_code_named(void **state){
  (void)state;
  assert_true(i18n_init());
  int n = 0;
  for(int k=0; k<2; k++){
    const char *const *az = k ? audit_entity_codes : audit_action_codes;
    for(int i=0; az[i]; i++, n++){
      char zKey[64];
      snprintf(zKey, sizeof zKey, "%s%s", k ? "audit.entity." : "audit.action.", az[i]);
      for(int l=0; l<LANG__MAX; l++){
        if( !i18n_has((enum lang)l, zKey) ) fail_msg("%s has no %s text", zKey, i18n_code((enum lang)l));
      }
    }
  }
  assert_true(n>=26);
}

/* A code that is not listed is refused, and nothing is written. */
static void test_unknown_code_refused(void **state){
  (void)state;
  struct db *db;
  assert_int_equal(fx_db_open(&db), 0);
  long long n0 = fx_count(db, "SELECT count(*) FROM audit_log");
  assert_true(db_begin(db));
  assert_true(audit_record(db, 0, "create", "qi_project", 1, 0, 0, "{\"title\":\"x\"}"));
  assert_false(audit_record(db, 0, "create", "no_such_record", 1, 0, 0, 0));
  assert_false(audit_record(db, 0, "rename", "qi_project", 1, 0, 0, 0));
  assert_false(audit_record(db, 0, 0, 0, 1, 0, 0, 0));
  assert_true(db_commit(db));
  assert_int_equal(fx_count(db, "SELECT count(*) FROM audit_log"), n0+1);
  db_close(db);
}


int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_changed_field_only),
    cmocka_unit_test(test_identical_reports_nothing),
    cmocka_unit_test(test_added_and_removed_once_each),
    cmocka_unit_test(test_creation_and_deletion),
    cmocka_unit_test(test_booleans_and_numbers_as_text),
    cmocka_unit_test(test_escapes_decoded),
    cmocka_unit_test(test_escaped_key_decoded),
    cmocka_unit_test(test_quote_comma_brace_inside_string),
    cmocka_unit_test(test_utf8_passes),
    cmocka_unit_test(test_null_is_empty),
    cmocka_unit_test(test_the_stored_membership_shape),
    cmocka_unit_test(test_not_an_object),
    cmocka_unit_test(test_unterminated),
    cmocka_unit_test(test_missing_colon),
    cmocka_unit_test(test_other_garbage),
    cmocka_unit_test(test_not_flat),
    cmocka_unit_test(test_bad_unicode_escape),
    cmocka_unit_test(test_too_many_fields),
    cmocka_unit_test(test_every_code_named),
    cmocka_unit_test(test_unknown_code_refused),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
