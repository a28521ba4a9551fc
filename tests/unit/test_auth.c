/*
** Users, sign-in, throttling, sessions and API tokens
** (src/domain/auth.h). Each password hash costs tens of milliseconds, so
** the tests share one database and compute as few as they can.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/auth.h"
#include "domain/refdata.h"
#include "domain/unit.h"
#include "util/text.h"
#include "fixture.h"

#define LEAD_EMAIL "lead@example.wales"
#define LEAD_PASSWORD "correct horse battery staple"

static struct db *db;

static int group_setup(void **state){
  (void)state;
  if( !auth_init() ) return -1;
  if( fx_db_open(&db) ) return -1;
  char zMsg[300];
  if( !auth_user_add(db, LEAD_EMAIL, "Dr Alys Morgan", "cluster_lead", "cardiff-south-west",
                     LEAD_PASSWORD, zMsg, sizeof zMsg) ){
    fprintf(stderr, "auth_user_add: %s\n", zMsg);
    return -1;
  }
  return 0;
}
static int group_teardown(void **state){
  (void)state;
  db_close(db);
  return 0;
}

static long long count_users(void){
  struct stmt *s = db_prepare(db, "SELECT count(*) FROM app_user");
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}

static bool is_hex(const char *z, size_t n){
  if( strlen(z)!=n ) return false;
  for(size_t i=0; i<n; i++){
    if( !((z[i]>='0' && z[i]<='9') || (z[i]>='a' && z[i]<='f')) ) return false;
  }
  return true;
}

/* The documented stored form of a token: hex BLAKE2b-256. */
static void blake2b_hex(const char *zToken, char zOut[65]){
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char*)zToken, strlen(zToken), 0, 0);
  sodium_bin2hex(zOut, 65, h, sizeof h);
}

/* ---- auth_user_add ---------------------------------------------------- */

/* Expect auth_user_add to refuse with a message containing zNeedle, and
** to add nobody. */
static void expect_refused(const char *zEmail, const char *zName, const char *zRole,
                           const char *zScope, const char *zPassword, const char *zNeedle){
  long long nBefore = count_users();
  char zErr[300] = "";
  assert_false(auth_user_add(db, zEmail, zName, zRole, zScope, zPassword, zErr, sizeof zErr));
  if( !strstr(zErr, zNeedle) ) fail_msg("expected a message with \"%s\", got \"%s\"", zNeedle, zErr);
  assert_int_equal(count_users(), nBefore);
  assert_false(db_in_transaction(db));
}

static void test_user_add_validation(void **state){
  (void)state;
  const char *zPw = "long enough password";
  expect_refused("not-an-email", "A", "member", "cardiff-south-west", zPw, "--email");
  expect_refused(0, "A", "member", "cardiff-south-west", zPw, "--email");
  expect_refused("Upper@example.wales", "A", "member", "cardiff-south-west", zPw, "lower case");
  expect_refused("x@example.wales", "", "member", "cardiff-south-west", zPw, "--name");
  expect_refused("x@example.wales", "Bad\x01name", "member", "cardiff-south-west", zPw, "--name");
  expect_refused("x@example.wales", "A", "superuser", "cardiff-south-west", zPw, "--role");
  expect_refused("x@example.wales", "A", 0, "cardiff-south-west", zPw, "--role");
  expect_refused("x@example.wales", "A", "cluster_lead", "wales", zPw, "must be a unit of kind cluster");
  expect_refused("x@example.wales", "A", "member", "cardiff-and-vale-university-health-board", zPw,
                 "must be a unit of kind cluster");
  expect_refused("x@example.wales", "A", "health_board", "cardiff-south-west", zPw,
                 "must be a unit of kind health_board");
  expect_refused("x@example.wales", "A", "national", "swansea-bay-university-health-board", zPw,
                 "must be a unit of kind nation");
  expect_refused("x@example.wales", "A", "member", "atlantis", zPw, "no such organisation unit");
  expect_refused("x@example.wales", "A", "member", 0, zPw, "no such organisation unit");
  expect_refused("x@example.wales", "A", "member", "cardiff-south-west", "short", "password");
  expect_refused("x@example.wales", "A", "member", "cardiff-south-west", "elevenchars", "password");
  expect_refused("x@example.wales", "A", "member", "cardiff-south-west", 0, "password");
}

static void test_user_add_success_and_duplicate(void **state){
  (void)state;
  long long nBefore = count_users();
  char zErr[300] = "";
  /* Exactly the minimum length. */
  assert_true(auth_user_add(db, "hb@example.wales", "Health Board User", "health_board",
                            "cardiff-and-vale-university-health-board", "twelve chars", zErr, sizeof zErr));
  assert_int_equal(count_users(), nBefore+1);
  struct stmt *s = db_prepare(db,
    "SELECT u.role, s.slug, u.password_hash, u.lang, u.disabled FROM app_user u"
    "  JOIN unit s ON s.id=u.scope_unit_id WHERE u.email='hb@example.wales'");
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "health_board");
  assert_string_equal(stmt_text(s, 1), "cardiff-and-vale-university-health-board");
  assert_true(strncmp(stmt_text(s, 2), "$argon2id$", 10)==0);
  assert_null(strstr(stmt_text(s, 2), "twelve chars"));
  assert_string_equal(stmt_text(s, 3), "en");
  assert_int_equal(stmt_int(s, 4), 0);
  stmt_done(s);
  /* Audited, by the command line. */
  s = db_prepare(db, "SELECT actor, new_values FROM audit_log WHERE entity='user' AND action='create'"
                     " ORDER BY id DESC LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "command line");
  assert_non_null(strstr(stmt_text(s, 1), "cardiff-and-vale-university-health-board"));
  stmt_done(s);
  /* The same e-mail again is refused and says why. */
  expect_refused("hb@example.wales", "Someone Else", "member", "cardiff-east", "another long password",
                 "already exists");
}

/* ---- auth_sign_in ----------------------------------------------------- */

static void test_sign_in_ok(void **state){
  (void)state;
  char zToken[AUTH_TOKEN_CHARS+1] = "";
  struct user u;
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, "192.0.2.1", zToken, &u), AUTH_OK);
  assert_int_equal(strlen(zToken), AUTH_TOKEN_CHARS);
  assert_int_equal(AUTH_TOKEN_CHARS, 64);
  assert_true(is_hex(zToken, 64));
  assert_true(u.id>0);
  assert_string_equal(u.zEmail, LEAD_EMAIL);
  assert_string_equal(u.zName, "Dr Alys Morgan");
  assert_int_equal(u.role, ROLE_CLUSTER_LEAD);
  assert_string_equal(u.zScopeSlug, "cardiff-south-west");
  struct unit cl;
  char zToday[11];
  text_today(zToday);
  assert_true(unit_get_by_slug(db, "cardiff-south-west", zToday, &cl));
  assert_int_equal(u.scopeUnitId, cl.id);
  /* The sign-in is audited. */
  struct stmt *s = db_prepare(db, "SELECT count(*) FROM audit_log WHERE action='sign_in' AND user_id=?");
  stmt_bind_int(s, 1, u.id);
  assert_int_equal(stmt_step(s), 1);
  assert_true(stmt_int(s, 0)>=1);
  stmt_done(s);

  /* The e-mail is matched without regard to case; each session is new. */
  char zToken2[AUTH_TOKEN_CHARS+1] = "";
  struct user u2;
  assert_int_equal(auth_sign_in(db, "Lead@Example.WALES", LEAD_PASSWORD, "192.0.2.1", zToken2, &u2), AUTH_OK);
  assert_int_equal(u2.id, u.id);
  assert_string_not_equal(zToken, zToken2);
}

static void test_sign_in_bad(void **state){
  (void)state;
  char zToken[AUTH_TOKEN_CHARS+1] = "";
  struct user u;
  memset(&u, 'x', sizeof u);
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, "wrong password!!", "192.0.2.2", zToken, &u),
                   AUTH_BAD_CREDENTIALS);
  assert_int_equal(u.id, 0);          /* nothing of the user leaks out */
  assert_string_equal(u.zEmail, "");
  assert_int_equal(auth_sign_in(db, "nobody@example.wales", LEAD_PASSWORD, "192.0.2.2", zToken, &u),
                   AUTH_BAD_CREDENTIALS);
  assert_int_equal(u.id, 0);
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, "", "192.0.2.2", zToken, &u), AUTH_BAD_CREDENTIALS);
  /* Every attempt was recorded, as a failure. */
  struct stmt *s = db_prepare(db, "SELECT count(*), sum(ok) FROM login_attempt WHERE ip='192.0.2.2'");
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 3);
  assert_int_equal(stmt_int(s, 1), 0);
  stmt_done(s);
}

static void test_throttle_email(void **state){
  (void)state;
  char zErr[300];
  const char *zEmail = "throttle@example.wales", *zPw = "throttle password";
  assert_true(auth_user_add(db, zEmail, "Throttle Test", "member", "cardiff-east", zPw, zErr, sizeof zErr));
  char zToken[AUTH_TOKEN_CHARS+1];
  struct user u;
  /* Five failures from five addresses, so that only the e-mail counts. */
  for(int i=0; i<AUTH_MAX_FAILS_EMAIL; i++){
    char zIp[32];
    snprintf(zIp, sizeof zIp, "198.51.100.%d", i+1);
    assert_int_equal(auth_sign_in(db, zEmail, "not the password", zIp, zToken, &u), AUTH_BAD_CREDENTIALS);
  }
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "198.51.100.99", zToken, &u), AUTH_THROTTLED);
  assert_int_equal(auth_sign_in(db, "THROTTLE@example.wales", zPw, "198.51.100.98", zToken, &u), AUTH_THROTTLED);
  /* Another user from the same addresses is not affected. */
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, "198.51.100.1", zToken, &u), AUTH_OK);

  /* The window passes: move every failure back 16 minutes. */
  struct stmt *s = db_prepare(db, "UPDATE login_attempt SET at=at-960 WHERE email=?");
  stmt_bind_text(s, 1, zEmail);
  assert_true(stmt_exec(s));
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "198.51.100.99", zToken, &u), AUTH_OK);
}

static void test_throttle_unknown_email(void **state){
  (void)state;
  /* Failures for an address with no user count too (no way to tell). */
  const char *zEmail = "ghost@example.wales";
  struct stmt *s;
  for(int i=0; i<AUTH_MAX_FAILS_EMAIL; i++){
    s = db_prepare(db, "INSERT INTO login_attempt(email,ip,at,ok) VALUES(?,?,?,0)");
    stmt_bind_text(s, 1, zEmail);
    stmt_bind_text(s, 2, "203.0.113.50");
    stmt_bind_int(s, 3, (long long)time(0));
    assert_true(stmt_exec(s));
  }
  char zToken[AUTH_TOKEN_CHARS+1];
  struct user u;
  assert_int_equal(auth_sign_in(db, zEmail, "anything at all", "203.0.113.51", zToken, &u), AUTH_THROTTLED);
}

static void test_throttle_ip(void **state){
  (void)state;
  /* Twenty recent failures from one address, each for another e-mail. */
  const char *zIp = "203.0.113.7";
  for(int i=0; i<AUTH_MAX_FAILS_IP; i++){
    char zEmail[64];
    snprintf(zEmail, sizeof zEmail, "guess%d@example.wales", i);
    struct stmt *s = db_prepare(db, "INSERT INTO login_attempt(email,ip,at,ok) VALUES(?,?,?,0)");
    stmt_bind_text(s, 1, zEmail);
    stmt_bind_text(s, 2, zIp);
    stmt_bind_int(s, 3, (long long)time(0));
    assert_true(stmt_exec(s));
  }
  char zToken[AUTH_TOKEN_CHARS+1];
  struct user u;
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, zIp, zToken, &u), AUTH_THROTTLED);
  /* From another address the same user signs in. */
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, "203.0.113.8", zToken, &u), AUTH_OK);
}

/* ---- sessions ---------------------------------------------------------- */

static void test_session(void **state){
  (void)state;
  char zToken[AUTH_TOKEN_CHARS+1] = "";
  struct user u;
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, "192.0.2.10", zToken, &u), AUTH_OK);

  struct user s1;
  char zCsrf[AUTH_TOKEN_CHARS+1] = "";
  assert_true(auth_session_user(db, zToken, &s1, zCsrf));
  assert_int_equal(s1.id, u.id);
  assert_string_equal(s1.zEmail, LEAD_EMAIL);
  assert_int_equal(s1.role, ROLE_CLUSTER_LEAD);
  assert_string_equal(s1.zScopeSlug, "cardiff-south-west");
  assert_true(is_hex(zCsrf, AUTH_TOKEN_CHARS));
  assert_string_not_equal(zCsrf, zToken);

  /* The stored row holds the token's hash, never the token. */
  char zHashed[65];
  blake2b_hex(zToken, zHashed);
  struct stmt *st = db_prepare(db, "SELECT token_hash, expires_at-created_at FROM session WHERE user_id=?");
  stmt_bind_int(st, 1, u.id);
  int nRows = 0, nMatch = 0;
  while( stmt_step(st)==1 ){
    const char *zStored = stmt_text(st, 0);
    assert_string_not_equal(zStored, zToken);
    assert_null(strstr(zStored, zToken));
    assert_true(is_hex(zStored, 64));
    if( strcmp(zStored, zHashed)==0 ){
      nMatch++;
      assert_int_equal(stmt_int(st, 1), AUTH_SESSION_SECONDS);
    }
    nRows++;
  }
  stmt_done(st);
  assert_true(nRows>=1);
  assert_int_equal(nMatch, 1);
  /* Nor is the token anywhere else in the table. */
  st = db_prepare(db, "SELECT count(*) FROM session WHERE token_hash=? OR csrf=?");
  stmt_bind_text(st, 1, zToken);
  stmt_bind_text(st, 2, zToken);
  assert_int_equal(stmt_step(st), 1);
  assert_int_equal(stmt_int(st, 0), 0);
  stmt_done(st);

  /* Tokens that are not this one. */
  char zOther[AUTH_TOKEN_CHARS+1];
  memcpy(zOther, zToken, sizeof zOther);
  zOther[0] = zOther[0]=='0' ? '1' : '0';
  assert_false(auth_session_user(db, zOther, &s1, zCsrf));
  assert_false(auth_session_user(db, "", &s1, zCsrf));
  assert_false(auth_session_user(db, 0, &s1, zCsrf));
  char zShort[AUTH_TOKEN_CHARS];
  memcpy(zShort, zToken, AUTH_TOKEN_CHARS-1);
  zShort[AUTH_TOKEN_CHARS-1] = 0;
  assert_false(auth_session_user(db, zShort, &s1, zCsrf));
  /* The hash itself is not a token. */
  assert_false(auth_session_user(db, zHashed, &s1, zCsrf));

  /* Sign out: the token stops working. */
  auth_session_end(db, zToken);
  assert_false(auth_session_user(db, zToken, &s1, zCsrf));
  auth_session_end(db, zToken);     /* twice is harmless */
  auth_session_end(db, 0);
}

static void test_session_expired_and_disabled(void **state){
  (void)state;
  char zErr[300];
  const char *zEmail = "expiry@example.wales", *zPw = "expiry password";
  assert_true(auth_user_add(db, zEmail, "Expiry Test", "national", "wales", zPw, zErr, sizeof zErr));
  char zToken[AUTH_TOKEN_CHARS+1] = "";
  struct user u, s1;
  char zCsrf[AUTH_TOKEN_CHARS+1];
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.20", zToken, &u), AUTH_OK);
  assert_int_equal(u.role, ROLE_NATIONAL);
  assert_true(auth_session_user(db, zToken, &s1, zCsrf));
  /* Expired a second ago. */
  char zHashed[65];
  blake2b_hex(zToken, zHashed);
  struct stmt *s = db_prepare(db, "UPDATE session SET expires_at=? WHERE token_hash=?");
  stmt_bind_int(s, 1, (long long)time(0)-1);
  stmt_bind_text(s, 2, zHashed);
  assert_true(stmt_exec(s));
  assert_false(auth_session_user(db, zToken, &s1, zCsrf));

  /* A disabled user's live session, token and password stop working. */
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.20", zToken, &u), AUTH_OK);
  assert_true(auth_session_user(db, zToken, &s1, zCsrf));
  char zApi[AUTH_TOKEN_CHARS+1];
  assert_true(auth_token_create(db, zEmail, zApi, zErr, sizeof zErr));
  assert_true(auth_token_user(db, zApi, &s1));
  s = db_prepare(db, "UPDATE app_user SET disabled=1 WHERE email=?");
  stmt_bind_text(s, 1, zEmail);
  assert_true(stmt_exec(s));
  assert_false(auth_session_user(db, zToken, &s1, zCsrf));
  assert_false(auth_token_user(db, zApi, &s1));
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.20", zToken, &u), AUTH_BAD_CREDENTIALS);
}

/* ---- API tokens ------------------------------------------------------- */

static void test_api_token(void **state){
  (void)state;
  char zToken[AUTH_TOKEN_CHARS+1] = "", zErr[300] = "";
  assert_true(auth_token_create(db, LEAD_EMAIL, zToken, zErr, sizeof zErr));
  assert_true(is_hex(zToken, AUTH_TOKEN_CHARS));
  struct user u;
  assert_true(auth_token_user(db, zToken, &u));
  assert_string_equal(u.zEmail, LEAD_EMAIL);
  assert_int_equal(u.role, ROLE_CLUSTER_LEAD);
  assert_string_equal(u.zScopeSlug, "cardiff-south-west");

  /* Stored hashed. */
  char zHashed[65];
  blake2b_hex(zToken, zHashed);
  struct stmt *s = db_prepare(db, "SELECT count(*) FROM api_token WHERE token_hash=?");
  stmt_bind_text(s, 1, zHashed);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 1);
  stmt_done(s);
  s = db_prepare(db, "SELECT count(*) FROM api_token WHERE token_hash=?");
  stmt_bind_text(s, 1, zToken);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 0);
  stmt_done(s);

  /* An API token is not a session, nor a session an API token. */
  char zCsrf[AUTH_TOKEN_CHARS+1];
  assert_false(auth_session_user(db, zToken, &u, zCsrf));
  char zSession[AUTH_TOKEN_CHARS+1];
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, "192.0.2.30", zSession, &u), AUTH_OK);
  assert_false(auth_token_user(db, zSession, &u));

  /* A second token is different and both work. */
  char zToken2[AUTH_TOKEN_CHARS+1];
  assert_true(auth_token_create(db, LEAD_EMAIL, zToken2, zErr, sizeof zErr));
  assert_string_not_equal(zToken, zToken2);
  assert_true(auth_token_user(db, zToken, &u));
  assert_true(auth_token_user(db, zToken2, &u));

  assert_false(auth_token_user(db, "", &u));
  assert_false(auth_token_user(db, 0, &u));
  assert_false(auth_token_user(db, zHashed, &u));
  assert_false(auth_token_create(db, "nobody@example.wales", zToken, zErr, sizeof zErr));
  assert_non_null(strstr(zErr, "nobody@example.wales"));
}

static void test_random_hex(void **state){
  (void)state;
  char a[65], b[65];
  auth_random_hex(a, 32);
  auth_random_hex(b, 32);
  assert_true(is_hex(a, 64));
  assert_true(is_hex(b, 64));
  assert_string_not_equal(a, b);
  char c[9];
  auth_random_hex(c, 4);
  assert_true(is_hex(c, 8));
}

static void test_set_lang(void **state){
  (void)state;
  char zToken[AUTH_TOKEN_CHARS+1], zErr[300];
  struct user u;
  assert_true(auth_token_create(db, LEAD_EMAIL, zToken, zErr, sizeof zErr));
  assert_true(auth_token_user(db, zToken, &u));
  assert_string_equal(u.zLang, "en");
  auth_set_lang(db, u.id, "cy");
  assert_true(auth_token_user(db, zToken, &u));
  assert_string_equal(u.zLang, "cy");
  auth_set_lang(db, u.id, "fr");     /* refused by the schema */
  assert_true(auth_token_user(db, zToken, &u));
  assert_string_equal(u.zLang, "cy");
  auth_set_lang(db, u.id, "en");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_random_hex),
    cmocka_unit_test(test_user_add_validation),
    cmocka_unit_test(test_user_add_success_and_duplicate),
    cmocka_unit_test(test_sign_in_ok),
    cmocka_unit_test(test_sign_in_bad),
    cmocka_unit_test(test_throttle_email),
    cmocka_unit_test(test_throttle_unknown_email),
    cmocka_unit_test(test_throttle_ip),
    cmocka_unit_test(test_session),
    cmocka_unit_test(test_session_expired_and_disabled),
    cmocka_unit_test(test_api_token),
    cmocka_unit_test(test_set_lang),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
