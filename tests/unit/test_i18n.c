/*
** The translation catalogues (src/html/i18n.h): English and Welsh have
** the same keys and the same printf conversions per key, every role the
** database names has a label, and lookups fall back as documented.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "db/db.h"
#include "domain/member.h"
#include "html/i18n.h"
#include "util/text.h"
#include "fixture.h"

/* The printf conversions of z, in order, one letter-group per conversion
** separated by commas ("s,lld,d"); "%%" is not a conversion. Returns
** false for a '%' not followed by a conversion. */
static bool conversions(const char *z, char *zOut, size_t nOut){
  size_t j = 0;
  zOut[0] = 0;
  for(const char *p=z; *p; p++){
    if( *p!='%' ) continue;
    p++;
    if( *p=='%' ) continue;
    /* flags, width, precision, length */
    char zConv[16];
    size_t k = 0;
    while( *p && strchr("-+ #0123456789.*hlzjtL", *p) && k<sizeof zConv-2 ) zConv[k++] = *p++;
    if( !*p || !strchr("sdiucxXfgeEp", *p) ) return false;
    zConv[k++] = *p;
    zConv[k] = 0;
    if( j+k+2>=nOut ) return false;
    if( j ) zOut[j++] = ',';
    memcpy(zOut+j, zConv, k+1);
    j += k;
  }
  return true;
}

static void test_conversions_helper(void **state){
  (void)state;
  char z[64];
  assert_true(conversions("plain", z, sizeof z));
  assert_string_equal(z, "");
  assert_true(conversions("%s of %d (100%%) %lld", z, sizeof z));
  assert_string_equal(z, "s,d,lld");
  assert_true(conversions("%d %s", z, sizeof z));
  assert_string_equal(z, "d,s");   /* order matters: differs from "s,d" */
  assert_false(conversions("50% off", z, sizeof z));
  assert_false(conversions("ends with %", z, sizeof z));
}

static void test_init_loads(void **state){
  (void)state;
  assert_true(i18n_init());          /* a second call is harmless */
  assert_true(i18n_count(LANG_EN)>50);
  assert_true(i18n_count(LANG_CY)>50);
  assert_true(i18n_has(LANG_EN, "app.name"));
  assert_true(i18n_has(LANG_CY, "app.name"));
}

static void test_same_keys(void **state){
  (void)state;
  int nEn = i18n_count(LANG_EN), nCy = i18n_count(LANG_CY);
  for(int i=0; i<nEn; i++){
    const char *zKey = i18n_key(LANG_EN, i);
    if( !i18n_has(LANG_CY, zKey) ) fail_msg("key %s is in en.txt but not in cy.txt", zKey);
  }
  for(int i=0; i<nCy; i++){
    const char *zKey = i18n_key(LANG_CY, i);
    if( !i18n_has(LANG_EN, zKey) ) fail_msg("key %s is in cy.txt but not in en.txt", zKey);
  }
  assert_int_equal(nEn, nCy);
  /* Both sorted, strictly: the binary search depends on it. */
  for(int i=1; i<nEn; i++){
    assert_true(strcmp(i18n_key(LANG_EN, i-1), i18n_key(LANG_EN, i))<0);
    assert_string_equal(i18n_key(LANG_EN, i), i18n_key(LANG_CY, i));
  }
}

static void test_same_conversions(void **state){
  (void)state;
  int n = i18n_count(LANG_EN);
  for(int i=0; i<n; i++){
    const char *zKey = i18n_key(LANG_EN, i);
    const char *zEn = i18n_get(LANG_EN, zKey);
    const char *zCy = i18n_get(LANG_CY, zKey);
    char aEn[128], aCy[128];
    if( !conversions(zEn, aEn, sizeof aEn) ) fail_msg("%s: bad %% in English: %s", zKey, zEn);
    if( !conversions(zCy, aCy, sizeof aCy) ) fail_msg("%s: bad %% in Welsh: %s", zKey, zCy);
    if( strcmp(aEn, aCy)!=0 ){
      fail_msg("%s: English has conversions [%s], Welsh [%s]", zKey, aEn, aCy);
    }
  }
}

static void test_texts_clean(void **state){
  (void)state;
  for(int l=0; l<LANG__MAX; l++){
    int n = i18n_count((enum lang)l);
    for(int i=0; i<n; i++){
      const char *zKey = i18n_key((enum lang)l, i);
      const char *z = i18n_get((enum lang)l, zKey);
      if( !*z ) fail_msg("%s: %s is empty", i18n_code((enum lang)l), zKey);
      if( !text_is_clean_utf8(z, false) ) fail_msg("%s: %s is not clean UTF-8", i18n_code((enum lang)l), zKey);
      /* Keys are lower-case dotted names. */
      for(const char *p=zKey; *p; p++){
        if( !((*p>='a' && *p<='z') || (*p>='0' && *p<='9') || *p=='.' || *p=='_') ){
          fail_msg("bad character in key %s", zKey);
        }
      }
      assert_non_null(strchr(zKey, '.'));
    }
  }
}

static void test_welsh_is_welsh(void **state){
  (void)state;
  /* The Welsh catalogue is a translation, not a copy: most texts differ
  ** from the English. */
  int n = i18n_count(LANG_EN), nSame = 0;
  for(int i=0; i<n; i++){
    const char *zKey = i18n_key(LANG_EN, i);
    if( strcmp(i18n_get(LANG_EN, zKey), i18n_get(LANG_CY, zKey))==0 ) nSame++;
  }
  assert_true(nSame*4<n);
}

static void test_roles_have_labels(void **state){
  (void)state;
  char *zErr = 0;
  struct db *db = db_open(":memory:", true, &zErr);
  assert_non_null(db);
  assert_true(db_migrate(db)>=1);
  struct role_option a[64];
  int n = membership_roles(db, a, 64);
  assert_true(n>=19);
  for(int i=0; i<n; i++){
    assert_true(strncmp(a[i].zKey, "role.", 5)==0);
    if( !i18n_has(LANG_EN, a[i].zKey) ) fail_msg("role %s: %s missing from en.txt", a[i].zCode, a[i].zKey);
    if( !i18n_has(LANG_CY, a[i].zKey) ) fail_msg("role %s: %s missing from cy.txt", a[i].zCode, a[i].zKey);
  }
  /* And straight from the table, whatever membership_roles returns. */
  struct stmt *s = db_prepare(db, "SELECT label_key FROM cluster_role");
  int nRows = 0;
  while( stmt_step(s)==1 ){
    const char *zKey = stmt_text(s, 0);
    if( !i18n_has(LANG_EN, zKey) || !i18n_has(LANG_CY, zKey) ) fail_msg("%s missing", zKey);
    nRows++;
  }
  stmt_done(s);
  assert_int_equal(nRows, n);
  db_close(db);
}

static void test_fallbacks(void **state){
  (void)state;
  assert_string_equal(i18n_get(LANG_EN, "no.such_key"), "no.such_key");
  assert_string_equal(i18n_get(LANG_CY, "no.such_key"), "no.such_key");
  assert_string_equal(i18n_get(LANG_EN, ""), "");
  assert_false(i18n_has(LANG_EN, "no.such_key"));
  assert_false(i18n_has(LANG_CY, "app"));
  /* A known key gives its text, not the key. */
  const char *z = i18n_get(LANG_EN, "error.date_invalid");
  assert_string_not_equal(z, "error.date_invalid");
  assert_non_null(strstr(z, "date"));
  assert_string_not_equal(i18n_get(LANG_CY, "error.date_invalid"), "error.date_invalid");
  /* Lookups are exact: no prefix or case matching. */
  assert_false(i18n_has(LANG_EN, "error.date_invali"));
  assert_false(i18n_has(LANG_EN, "Error.date_invalid"));
  assert_false(i18n_has(LANG_EN, "error.date_invalid "));
}

static void test_lang_codes(void **state){
  (void)state;
  enum lang l = LANG_EN;
  assert_true(i18n_parse_lang("cy", &l));
  assert_int_equal(l, LANG_CY);
  assert_true(i18n_parse_lang("en", &l));
  assert_int_equal(l, LANG_EN);
  l = LANG_CY;
  assert_false(i18n_parse_lang("EN", &l));
  assert_false(i18n_parse_lang("fr", &l));
  assert_false(i18n_parse_lang("", &l));
  assert_false(i18n_parse_lang("cym", &l));
  assert_false(i18n_parse_lang(0, &l));
  assert_int_equal(l, LANG_CY);
  assert_string_equal(i18n_code(LANG_EN), "en");
  assert_string_equal(i18n_code(LANG_CY), "cy");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_conversions_helper),
    cmocka_unit_test(test_init_loads),
    cmocka_unit_test(test_same_keys),
    cmocka_unit_test(test_same_conversions),
    cmocka_unit_test(test_texts_clean),
    cmocka_unit_test(test_welsh_is_welsh),
    cmocka_unit_test(test_roles_have_labels),
    cmocka_unit_test(test_fallbacks),
    cmocka_unit_test(test_lang_codes),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
