/*
** Users, sign-in, throttling, the hashing queue, sessions and API tokens
** (src/domain/auth.h). Each password hash costs tens of milliseconds, so
** the tests share one database and compute as few as they can.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/auth.h"
#include "domain/export_meeting.h"
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
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, "192.0.2.1", zToken, &u, 0), AUTH_OK);
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
  assert_int_equal(auth_sign_in(db, "Lead@Example.WALES", LEAD_PASSWORD, "192.0.2.1", zToken2, &u2, 0), AUTH_OK);
  assert_int_equal(u2.id, u.id);
  assert_string_not_equal(zToken, zToken2);
}

/* A sign-in clears what no check reads again: expired sessions, failures
** older than the throttle remembers, successes older than a trusted
** client's; what is still live stays. */
static void test_sign_in_prunes(void **state){
  (void)state;
  long long now = (long long)time(0), day = 86400;
  struct stmt *s = db_prepare(db, "SELECT id FROM app_user WHERE email=?");
  stmt_bind_text(s, 1, LEAD_EMAIL);
  assert_int_equal(stmt_step(s), 1);
  long long userId = stmt_int(s, 0);
  stmt_done(s);
  static const struct { const char *zHash; long long expires; } aSession[] = {
    { "expired-a", -10 }, { "expired-b", -3*86400 }, { "live", 3600 } };
  for(size_t i=0; i<sizeof aSession/sizeof aSession[0]; i++){
    s = db_prepare(db, "INSERT INTO session(token_hash,user_id,csrf,created_at,expires_at) VALUES(?,?,'x',?,?)");
    stmt_bind_text(s, 1, aSession[i].zHash);
    stmt_bind_int(s, 2, userId);
    stmt_bind_int(s, 3, now - 4*day);
    stmt_bind_int(s, 4, now + aSession[i].expires);
    assert_true(stmt_exec(s));
  }
  static const struct { const char *zIp; long long age; int ok; } aAttempt[] = {
    { "198.51.100.1", 2*86400, 0 },    /* a failure the throttle has forgotten */
    { "198.51.100.2", 600, 0 },        /* one it still counts */
    { "198.51.100.3", 100*86400, 1 },  /* a success older than trust lasts */
    { "198.51.100.4", 30*86400, 1 } }; /* one that still makes a client trusted */
  for(size_t i=0; i<sizeof aAttempt/sizeof aAttempt[0]; i++){
    s = db_prepare(db, "INSERT INTO login_attempt(email,ip,at,ok) VALUES('someone@example.wales',?,?,?)");
    stmt_bind_text(s, 1, aAttempt[i].zIp);
    stmt_bind_int(s, 2, now - aAttempt[i].age);
    stmt_bind_int(s, 3, aAttempt[i].ok);
    assert_true(stmt_exec(s));
  }
  char zToken[AUTH_TOKEN_CHARS+1] = "";
  struct user u;
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, "192.0.2.9", zToken, &u, 0), AUTH_OK);
  s = db_prepare(db, "SELECT count(*) FROM session WHERE token_hash IN ('expired-a','expired-b')");
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 0);
  stmt_done(s);
  s = db_prepare(db, "SELECT count(*) FROM session WHERE token_hash='live' OR user_id=?");
  stmt_bind_int(s, 1, u.id);
  assert_int_equal(stmt_step(s), 1);
  assert_true(stmt_int(s, 0)>=2);       /* the live one and the new one */
  stmt_done(s);
  s = db_prepare(db, "SELECT ip FROM login_attempt WHERE email='someone@example.wales' ORDER BY ip");
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "198.51.100.2");
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "198.51.100.4");
  assert_int_equal(stmt_step(s), 0);
  stmt_done(s);
  /* The tests after this one share the database: leave it as found. */
  assert_true(db_exec_script(db, "DELETE FROM session WHERE token_hash='live';"
                                 "DELETE FROM login_attempt WHERE email='someone@example.wales'"));
}

static void test_sign_in_bad(void **state){
  (void)state;
  char zToken[AUTH_TOKEN_CHARS+1] = "";
  struct user u;
  memset(&u, 'x', sizeof u);
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, "wrong password!!", "192.0.2.2", zToken, &u, 0),
                   AUTH_BAD_CREDENTIALS);
  assert_int_equal(u.id, 0);          /* nothing of the user leaks out */
  assert_string_equal(u.zEmail, "");
  assert_int_equal(auth_sign_in(db, "nobody@example.wales", LEAD_PASSWORD, "192.0.2.2", zToken, &u, 0),
                   AUTH_BAD_CREDENTIALS);
  assert_int_equal(u.id, 0);
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, "", "192.0.2.2", zToken, &u, 0), AUTH_BAD_CREDENTIALS);
  /* Every attempt was recorded, as a failure. */
  struct stmt *s = db_prepare(db, "SELECT count(*), sum(ok) FROM login_attempt WHERE ip='192.0.2.2'");
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 3);
  assert_int_equal(stmt_int(s, 1), 0);
  stmt_done(s);
}

/* Failures recorded directly, as if they had happened secondsAgo. */
static void add_failures(const char *zEmail, const char *zIp, int n, long long secondsAgo){
  for(int i=0; i<n; i++){
    struct stmt *s = db_prepare(db, "INSERT INTO login_attempt(email,ip,at,ok) VALUES(?,?,?,0)");
    stmt_bind_text(s, 1, zEmail);
    stmt_bind_text(s, 2, zIp);
    stmt_bind_int(s, 3, (long long)time(0) - secondsAgo);
    assert_true(stmt_exec(s));
  }
}
static long long count_attempts(const char *zEmail, const char *zIp, int ok){
  struct stmt *s = db_prepare(db, "SELECT count(*) FROM login_attempt WHERE email=? AND ip=? AND ok=?");
  stmt_bind_text(s, 1, zEmail);
  stmt_bind_text(s, 2, zIp);
  stmt_bind_int(s, 3, ok);
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}
/* Let nSeconds pass for every attempt on zEmail. */
static void age_attempts(const char *zEmail, long long nSeconds){
  struct stmt *s = db_prepare(db, "UPDATE login_attempt SET at=at-? WHERE email=?");
  stmt_bind_int(s, 1, nSeconds);
  stmt_bind_text(s, 2, zEmail);
  assert_true(stmt_exec(s));
}
static void add_user(const char *zEmail, const char *zPw){
  char zErr[300];
  assert_true(auth_user_add(db, zEmail, "Throttle Test", "member", "cardiff-east", zPw, zErr, sizeof zErr));
}

/* The bug that locked everyone out: 25 wrong tries at one account from
** one client, then the right password from another client. */
static void test_throttle_other_client_signs_in(void **state){
  (void)state;
  const char *zEmail = "victim@example.wales", *zPw = "victim password";
  add_user(zEmail, zPw);
  char zToken[AUTH_TOKEN_CHARS+1];
  struct user u;
  int nBad = 0, nThrottled = 0;
  for(int i=0; i<25; i++){
    enum auth_result rc = auth_sign_in(db, zEmail, "guess guess guess", "198.51.100.1", zToken, &u, 0);
    if( rc==AUTH_BAD_CREDENTIALS ) nBad++;
    else if( rc==AUTH_THROTTLED ) nThrottled++;
    else fail_msg("unexpected result %d", rc);
  }
  assert_int_equal(nBad, AUTH_FREE_FAILS);
  assert_int_equal(nThrottled, 25-AUTH_FREE_FAILS);
  int nWait = -1;
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "198.51.100.2", zToken, &u, &nWait), AUTH_OK);
  assert_int_equal(nWait, 0);
  assert_string_equal(u.zEmail, zEmail);
  /* Even after 25 real failures from the first client (a day of them). */
  add_failures(zEmail, "198.51.100.1", 25, 3600);
  assert_int_equal(auth_sign_in(db, "VICTIM@example.wales", zPw, "198.51.100.3", zToken, &u, 0), AUTH_OK);
  /* The hammering client itself waits, even with the right password. */
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "198.51.100.1", zToken, &u, &nWait), AUTH_THROTTLED);
  assert_true(nWait>=1 && nWait<=AUTH_BACKOFF_MAX);
  assert_int_equal(u.id, 0);
}

/* A refused attempt is not a failure: it neither counts nor lengthens
** the wait. */
static void test_throttle_refusal_not_counted(void **state){
  (void)state;
  const char *zEmail = "refusal@example.wales", *zPw = "refusal password", *zIp = "198.51.100.20";
  add_user(zEmail, zPw);
  char zToken[AUTH_TOKEN_CHARS+1];
  struct user u;
  for(int i=0; i<AUTH_FREE_FAILS; i++){
    assert_int_equal(auth_sign_in(db, zEmail, "not it at all", zIp, zToken, &u, 0), AUTH_BAD_CREDENTIALS);
  }
  assert_int_equal(count_attempts(zEmail, zIp, 0), AUTH_FREE_FAILS);
  for(int i=0; i<10; i++){
    int nWait = 0;
    assert_int_equal(auth_sign_in(db, zEmail, "not it at all", zIp, zToken, &u, &nWait), AUTH_THROTTLED);
    assert_true(nWait>=1 && nWait<=AUTH_BACKOFF_BASE);
    assert_int_equal(auth_throttle_wait(db, zEmail, zIp), nWait);
  }
  assert_int_equal(count_attempts(zEmail, zIp, 0), AUTH_FREE_FAILS);
  /* The wait over, the right password works at once. */
  age_attempts(zEmail, AUTH_BACKOFF_BASE);
  assert_int_equal(auth_throttle_wait(db, zEmail, zIp), 0);
  assert_int_equal(auth_sign_in(db, zEmail, zPw, zIp, zToken, &u, 0), AUTH_OK);
  assert_int_equal(count_attempts(zEmail, zIp, 1), 1);
  /* A success starts the count again for that client. */
  for(int i=0; i<AUTH_FREE_FAILS-1; i++){
    assert_int_equal(auth_sign_in(db, zEmail, "not it at all", zIp, zToken, &u, 0), AUTH_BAD_CREDENTIALS);
  }
  assert_int_equal(auth_throttle_wait(db, zEmail, zIp), 0);
}

/* Backoff, not lock-out: each failure after the free ones doubles the
** wait, up to AUTH_BACKOFF_MAX; failures older than a day are forgotten. */
static void test_throttle_backoff_grows(void **state){
  (void)state;
  const char *zEmail = "backoff@example.wales", *zIp = "198.51.100.30";
  add_user(zEmail, "backoff password");
  char zToken[AUTH_TOKEN_CHARS+1];
  struct user u;
  for(int i=0; i<AUTH_FREE_FAILS-1; i++){
    assert_int_equal(auth_sign_in(db, zEmail, "wrong one", zIp, zToken, &u, 0), AUTH_BAD_CREDENTIALS);
    assert_int_equal(auth_throttle_wait(db, zEmail, zIp), 0);
  }
  int nExpected = AUTH_BACKOFF_BASE, nLast = 0;
  for(int k=0; k<6; k++){
    assert_int_equal(auth_sign_in(db, zEmail, "wrong one", zIp, zToken, &u, 0), AUTH_BAD_CREDENTIALS);
    int nWait = auth_throttle_wait(db, zEmail, zIp);
    /* Times are whole seconds: the wait is the backoff or a second less. */
    assert_true(nWait>=nExpected-1 && nWait<=nExpected);
    assert_true(nWait>nLast);
    int n2 = -1;
    assert_int_equal(auth_sign_in(db, zEmail, "wrong one", zIp, zToken, &u, &n2), AUTH_THROTTLED);
    assert_true(n2>=nWait-1 && n2<=nWait);
    nLast = nWait;
    age_attempts(zEmail, nExpected);        /* the wait passes */
    nExpected *= 2;
  }
  /* Many failures: the wait is capped. */
  add_failures(zEmail, zIp, 40, 0);
  int nWait = auth_throttle_wait(db, zEmail, zIp);
  assert_true(nWait>AUTH_BACKOFF_MAX-2 && nWait<=AUTH_BACKOFF_MAX);
  /* A day later they are forgotten. */
  age_attempts(zEmail, AUTH_THROTTLE_MEMORY+1);
  assert_int_equal(auth_throttle_wait(db, zEmail, zIp), 0);
}

/* Failures for an address with no user count too (no way to tell). */
static void test_throttle_unknown_email(void **state){
  (void)state;
  const char *zEmail = "ghost@example.wales";
  add_failures(zEmail, "203.0.113.50", AUTH_FREE_FAILS, 0);
  char zToken[AUTH_TOKEN_CHARS+1];
  struct user u;
  assert_int_equal(auth_sign_in(db, zEmail, "anything at all", "203.0.113.50", zToken, &u, 0), AUTH_THROTTLED);
  assert_int_equal(auth_sign_in(db, zEmail, "anything at all", "203.0.113.51", zToken, &u, 0), AUTH_BAD_CREDENTIALS);
}

/* One client guessing at many accounts is slowed on every account it has
** not signed in to before; the accounts it has used go on working. */
static void test_throttle_client_spraying(void **state){
  (void)state;
  const char *zIp = "203.0.113.7";
  char zToken[AUTH_TOKEN_CHARS+1];
  struct user u;
  /* The lead signed in from here before. */
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, zIp, zToken, &u, 0), AUTH_OK);
  for(int i=0; i<AUTH_FREE_FAILS_CLIENT; i++){
    char zEmail[64];
    snprintf(zEmail, sizeof zEmail, "guess%d@example.wales", i);
    add_failures(zEmail, zIp, 1, 0);
  }
  const char *zEmail = "sprayed@example.wales", *zPw = "sprayed password";
  add_user(zEmail, zPw);
  int nWait = 0;
  assert_int_equal(auth_sign_in(db, zEmail, zPw, zIp, zToken, &u, &nWait), AUTH_THROTTLED);
  assert_true(nWait>=1 && nWait<=AUTH_BACKOFF_BASE);
  /* From another address the same user signs in. */
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "203.0.113.8", zToken, &u, 0), AUTH_OK);
  /* An account this client has signed in to before is not slowed. */
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, zIp, zToken, &u, 0), AUTH_OK);
}

/* Guessing at one account from many addresses: a new client gets one
** free try instead of AUTH_FREE_FAILS, so an attacker's addresses buy
** little; the right password on that try still works, and a client that
** signed in to the account before keeps its usual allowance. */
static void test_throttle_spread_attack(void **state){
  (void)state;
  const char *zEmail = "spread@example.wales", *zPw = "spread password";
  add_user(zEmail, zPw);
  char zToken[AUTH_TOKEN_CHARS+1];
  struct user u;
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.77", zToken, &u, 0), AUTH_OK);   /* home */
  for(int i=0; i<AUTH_SPREAD_CLIENTS; i++){
    char zIp[32];
    snprintf(zIp, sizeof zIp, "233.252.0.%d", i+1);
    add_failures(zEmail, zIp, 2, 0);
  }
  /* A new attacking address: one try, then a wait. */
  assert_int_equal(auth_sign_in(db, zEmail, "password1", "233.252.0.100", zToken, &u, 0), AUTH_BAD_CREDENTIALS);
  assert_int_equal(auth_sign_in(db, zEmail, "password2", "233.252.0.100", zToken, &u, 0), AUTH_THROTTLED);
  /* The person, from a new address, with the right password. */
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.78", zToken, &u, 0), AUTH_OK);
  /* From home: a typo or two do not stop them. */
  assert_int_equal(auth_sign_in(db, zEmail, "typo", "192.0.2.77", zToken, &u, 0), AUTH_BAD_CREDENTIALS);
  assert_int_equal(auth_sign_in(db, zEmail, "typo again", "192.0.2.77", zToken, &u, 0), AUTH_BAD_CREDENTIALS);
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.77", zToken, &u, 0), AUTH_OK);
}

/* ---- the hashing queue ----------------------------------------------- */

struct verify_arg { const char *zHash, *zPassword; enum auth_result rc; pthread_barrier_t *pBarrier; };
static void *verify_thread(void *p){
  struct verify_arg *a = p;
  if( a->pBarrier ) pthread_barrier_wait(a->pBarrier);
  a->rc = auth_password_verify(a->zHash, a->zPassword);
  return 0;
}
static double ms_since(const struct timespec *t0){
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec)*1e3 + (double)(t.tv_nsec - t0->tv_nsec)/1e6;
}

/* With every hashing thread busy, a sign-in is answered AUTH_BUSY at once,
** with a Retry-After, and is not counted as an attempt. */
static void test_hash_queue_full(void **state){
  (void)state;
  assert_true(auth_hash_pool_start(1, 1));
  assert_int_equal(auth_hash_pool_in_flight(), 0);
  /* Hold the one place with a deliberately slow hash. */
  char zSlow[crypto_pwhash_STRBYTES];
  assert_int_equal(crypto_pwhash_str_alg(zSlow, "slow", 4, 24, 19u*1024u*1024u, crypto_pwhash_ALG_ARGON2ID13), 0);
  struct verify_arg a = { zSlow, "slow", AUTH_ERROR, 0 };
  pthread_t t;
  assert_int_equal(pthread_create(&t, 0, verify_thread, &a), 0);
  while( auth_hash_pool_in_flight()==0 ){ struct timespec ts = {0, 1000000}; nanosleep(&ts, 0); }

  const char *zIp = "192.0.2.200";
  long long nBefore = count_attempts(LEAD_EMAIL, zIp, 0) + count_attempts(LEAD_EMAIL, zIp, 1);
  char zToken[AUTH_TOKEN_CHARS+1];
  struct user u;
  int nWait = 0;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, zIp, zToken, &u, &nWait), AUTH_BUSY);
  assert_int_equal(auth_password_verify(zSlow, "slow"), AUTH_BUSY);
  assert_true(ms_since(&t0)<100);           /* no hash was computed (one takes 0.4 s) */
  assert_int_equal(nWait, 1);
  assert_int_equal(u.id, 0);
  assert_int_equal(count_attempts(LEAD_EMAIL, zIp, 0) + count_attempts(LEAD_EMAIL, zIp, 1), nBefore);
  assert_int_equal(auth_hash_pool_in_flight(), 1);

  pthread_join(t, 0);
  assert_int_equal(a.rc, AUTH_OK);
  assert_int_equal(auth_hash_pool_in_flight(), 0);
  /* The place free again, the sign-in goes through the pool. */
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, zIp, zToken, &u, &nWait), AUTH_OK);
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, "wrong password!", zIp, zToken, &u, &nWait), AUTH_BAD_CREDENTIALS);
  auth_hash_pool_stop();
}

/* A burst: more verifications at once than the queue holds. Some are
** refused, none waits for long, every answer given is right. */
static void test_hash_queue_burst(void **state){
  (void)state;
  enum { N = 8 };
  char zHash[crypto_pwhash_STRBYTES];
  assert_int_equal(crypto_pwhash_str_alg(zHash, "burst password", 14, 2, 19u*1024u*1024u,
                                         crypto_pwhash_ALG_ARGON2ID13), 0);
  assert_true(auth_hash_pool_start(2, 2));
  pthread_barrier_t bar;
  pthread_barrier_init(&bar, 0, N);
  struct verify_arg a[N];
  pthread_t t[N];
  for(int i=0; i<N; i++){
    a[i] = (struct verify_arg){ zHash, i%2 ? "burst password" : "wrong password", AUTH_ERROR, &bar };
    assert_int_equal(pthread_create(&t[i], 0, verify_thread, &a[i]), 0);
  }
  int nBusy = 0, nAnswered = 0;
  for(int i=0; i<N; i++){
    pthread_join(t[i], 0);
    if( a[i].rc==AUTH_BUSY ){ nBusy++; continue; }
    nAnswered++;
    assert_int_equal(a[i].rc, i%2 ? AUTH_OK : AUTH_BAD_CREDENTIALS);
  }
  pthread_barrier_destroy(&bar);
  assert_true(nAnswered>=1);
  assert_true(nBusy>=1);
  assert_int_equal(auth_hash_pool_in_flight(), 0);
  auth_hash_pool_stop();
  /* Without a pool the caller hashes, and nothing is refused. */
  assert_int_equal(auth_password_verify(zHash, "burst password"), AUTH_OK);
  assert_int_equal(auth_password_verify(zHash, "nope"), AUTH_BAD_CREDENTIALS);
}

/* ---- sessions ---------------------------------------------------------- */

static void test_session(void **state){
  (void)state;
  char zToken[AUTH_TOKEN_CHARS+1] = "";
  struct user u;
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, "192.0.2.10", zToken, &u, 0), AUTH_OK);

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
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.20", zToken, &u, 0), AUTH_OK);
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
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.20", zToken, &u, 0), AUTH_OK);
  assert_true(auth_session_user(db, zToken, &s1, zCsrf));
  char zApi[AUTH_TOKEN_CHARS+1];
  assert_true(auth_token_create(db, zEmail, AUTH_TOKEN_DAYS, zApi, 0, zErr, sizeof zErr));
  assert_true(auth_token_user(db, zApi, &s1));
  s = db_prepare(db, "UPDATE app_user SET disabled=1 WHERE email=?");
  stmt_bind_text(s, 1, zEmail);
  assert_true(stmt_exec(s));
  assert_false(auth_session_user(db, zToken, &s1, zCsrf));
  assert_false(auth_token_user(db, zApi, &s1));
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.20", zToken, &u, 0), AUTH_BAD_CREDENTIALS);
}

/* ---- API tokens ------------------------------------------------------- */

static void test_api_token(void **state){
  (void)state;
  char zToken[AUTH_TOKEN_CHARS+1] = "", zErr[300] = "";
  assert_true(auth_token_create(db, LEAD_EMAIL, AUTH_TOKEN_DAYS, zToken, 0, zErr, sizeof zErr));
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
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, "192.0.2.30", zSession, &u, 0), AUTH_OK);
  assert_false(auth_token_user(db, zSession, &u));

  /* A second token is different and both work. */
  char zToken2[AUTH_TOKEN_CHARS+1];
  assert_true(auth_token_create(db, LEAD_EMAIL, AUTH_TOKEN_DAYS, zToken2, 0, zErr, sizeof zErr));
  assert_string_not_equal(zToken, zToken2);
  assert_true(auth_token_user(db, zToken, &u));
  assert_true(auth_token_user(db, zToken2, &u));

  assert_false(auth_token_user(db, "", &u));
  assert_false(auth_token_user(db, 0, &u));
  assert_false(auth_token_user(db, zHashed, &u));
  assert_false(auth_token_create(db, "nobody@example.wales", AUTH_TOKEN_DAYS, zToken, 0, zErr, sizeof zErr));
  assert_non_null(strstr(zErr, "nobody@example.wales"));
}

static long long count_audit(const char *zAction, const char *zEntity){
  struct stmt *s = db_prepare(db, "SELECT count(*) FROM audit_log WHERE action=? AND entity=?");
  stmt_bind_text(s, 1, zAction);
  stmt_bind_text(s, 2, zEntity);
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}

/* Sign out everywhere: every session of the user ends, no one else's. */
static void test_session_end_all(void **state){
  (void)state;
  const char *zEmail = "everywhere@example.wales", *zPw = "everywhere password";
  add_user(zEmail, zPw);
  char zA[AUTH_TOKEN_CHARS+1], zB[AUTH_TOKEN_CHARS+1], zOther[AUTH_TOKEN_CHARS+1], zCsrf[AUTH_TOKEN_CHARS+1];
  struct user u, x;
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.41", zA, &u, 0), AUTH_OK);
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.42", zB, &u, 0), AUTH_OK);
  assert_int_equal(auth_sign_in(db, LEAD_EMAIL, LEAD_PASSWORD, "192.0.2.41", zOther, &x, 0), AUTH_OK);
  long long nAudit = count_audit("sign_out", "session");
  assert_true(auth_session_end_all(db, &u));
  assert_false(auth_session_user(db, zA, &x, zCsrf));
  assert_false(auth_session_user(db, zB, &x, zCsrf));
  assert_true(auth_session_user(db, zOther, &x, zCsrf));
  assert_string_equal(x.zEmail, LEAD_EMAIL);
  assert_int_equal(count_audit("sign_out", "session"), nAudit+1);
  /* Signing in again makes a new session as usual. */
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.41", zA, &u, 0), AUTH_OK);
  assert_true(auth_session_user(db, zA, &x, zCsrf));
}

/* Disabling ends sessions, API tokens and the calendar feed for good:
** enabling again revives none of them; only the password works again. */
static void test_user_disable_enable(void **state){
  (void)state;
  const char *zEmail = "leaver@example.wales", *zPw = "leaver password";
  add_user(zEmail, zPw);
  char zSession[AUTH_TOKEN_CHARS+1], zApi[AUTH_TOKEN_CHARS+1], zCsrf[AUTH_TOKEN_CHARS+1], zErr[300];
  char zFeed[CALENDAR_FEED_TOKEN_CHARS+1];
  struct user u, x;
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.50", zSession, &u, 0), AUTH_OK);
  assert_true(auth_token_create(db, zEmail, 30, zApi, 0, zErr, sizeof zErr));
  assert_true(calendar_feed_create(db, &u, zFeed));
  assert_true(auth_session_user(db, zSession, &x, zCsrf));
  assert_true(auth_token_user(db, zApi, &x));

  long long nAudit = count_audit("update", "user");
  assert_true(auth_user_set_disabled(db, zEmail, true, zErr, sizeof zErr));
  assert_int_equal(count_audit("update", "user"), nAudit+1);
  assert_false(auth_session_user(db, zSession, &x, zCsrf));
  assert_false(auth_token_user(db, zApi, &x));
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.50", zSession, &u, 0), AUTH_BAD_CREDENTIALS);
  assert_false(auth_token_create(db, zEmail, 30, zApi, 0, zErr, sizeof zErr));
  assert_non_null(strstr(zErr, "disabled"));
  /* Disabling twice is harmless and not audited twice. */
  assert_true(auth_user_set_disabled(db, zEmail, true, zErr, sizeof zErr));
  assert_int_equal(count_audit("update", "user"), nAudit+1);

  assert_true(auth_user_set_disabled(db, zEmail, false, zErr, sizeof zErr));
  assert_int_equal(count_audit("update", "user"), nAudit+2);
  assert_false(auth_session_user(db, zSession, &x, zCsrf));
  assert_false(auth_token_user(db, zApi, &x));
  struct stmt *s = db_prepare(db,
    "SELECT (SELECT count(*) FROM session WHERE user_id=?1) + (SELECT count(*) FROM api_token WHERE user_id=?1)"
    "     + (SELECT count(*) FROM calendar_feed WHERE user_id=?1)");
  stmt_bind_int(s, 1, u.id);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 0);
  stmt_done(s);
  char zNew[AUTH_TOKEN_CHARS+1];
  assert_int_equal(auth_sign_in(db, zEmail, zPw, "192.0.2.50", zNew, &u, 0), AUTH_OK);
  assert_true(auth_session_user(db, zNew, &x, zCsrf));

  assert_false(auth_user_set_disabled(db, "nobody@example.wales", true, zErr, sizeof zErr));
  assert_non_null(strstr(zErr, "nobody@example.wales"));
}

/* API tokens expire; the life is chosen in days, within limits. */
static void test_token_expiry(void **state){
  (void)state;
  char zToken[AUTH_TOKEN_CHARS+1], zErr[300], zHashed[65];
  struct user u;
  long long expires = 0, now = (long long)time(0);
  assert_true(auth_token_create(db, LEAD_EMAIL, AUTH_TOKEN_DAYS, zToken, &expires, zErr, sizeof zErr));
  assert_true(expires>=now + AUTH_TOKEN_DAYS*86400LL && expires<=now + AUTH_TOKEN_DAYS*86400LL + 2);
  assert_true(auth_token_user(db, zToken, &u));
  assert_true(auth_token_create(db, LEAD_EMAIL, 1, zToken, &expires, zErr, sizeof zErr));
  assert_true(expires>=now + 86400 && expires<=now + 86400 + 2);
  assert_true(auth_token_user(db, zToken, &u));
  blake2b_hex(zToken, zHashed);
  struct stmt *s = db_prepare(db, "SELECT expires_at FROM api_token WHERE token_hash=?");
  stmt_bind_text(s, 1, zHashed);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), expires);
  stmt_done(s);
  /* A second past its expiry it opens nothing. */
  s = db_prepare(db, "UPDATE api_token SET expires_at=? WHERE token_hash=?");
  stmt_bind_int(s, 1, (long long)time(0));
  stmt_bind_text(s, 2, zHashed);
  assert_true(stmt_exec(s));
  assert_false(auth_token_user(db, zToken, &u));
  /* Lives out of range are refused, saying what is allowed. */
  assert_false(auth_token_create(db, LEAD_EMAIL, 0, zToken, &expires, zErr, sizeof zErr));
  assert_non_null(strstr(zErr, "--days"));
  assert_false(auth_token_create(db, LEAD_EMAIL, AUTH_TOKEN_DAYS_MAX+1, zToken, &expires, zErr, sizeof zErr));
  assert_true(auth_token_create(db, LEAD_EMAIL, AUTH_TOKEN_DAYS_MAX, zToken, &expires, zErr, sizeof zErr));
}

/* Revoking: one token by its value, or all of a user's. */
static void test_token_revoke(void **state){
  (void)state;
  const char *zEmail = "revoke@example.wales";
  add_user(zEmail, "revoke password");
  char zT1[AUTH_TOKEN_CHARS+1], zT2[AUTH_TOKEN_CHARS+1], zLead[AUTH_TOKEN_CHARS+1], zErr[300];
  struct user u;
  int n = -1;
  assert_true(auth_token_create(db, zEmail, 30, zT1, 0, zErr, sizeof zErr));
  assert_true(auth_token_create(db, zEmail, 30, zT2, 0, zErr, sizeof zErr));
  assert_true(auth_token_create(db, LEAD_EMAIL, 30, zLead, 0, zErr, sizeof zErr));
  long long nAudit = count_audit("delete", "api_token");
  assert_true(auth_token_revoke(db, zEmail, zT1, &n, zErr, sizeof zErr));
  assert_int_equal(n, 1);
  assert_false(auth_token_user(db, zT1, &u));
  assert_true(auth_token_user(db, zT2, &u));
  assert_int_equal(count_audit("delete", "api_token"), nAudit+1);
  /* Again, or another user's token: refused, nothing revoked. */
  assert_false(auth_token_revoke(db, zEmail, zT1, &n, zErr, sizeof zErr));
  assert_int_equal(n, 0);
  assert_non_null(strstr(zErr, "no such token"));
  assert_false(auth_token_revoke(db, zEmail, zLead, &n, zErr, sizeof zErr));
  assert_true(auth_token_user(db, zLead, &u));
  assert_false(auth_token_revoke(db, zEmail, "abc", &n, zErr, sizeof zErr));
  assert_non_null(strstr(zErr, "--token"));
  /* All of them. */
  assert_true(auth_token_create(db, zEmail, 30, zT1, 0, zErr, sizeof zErr));
  assert_true(auth_token_revoke(db, zEmail, 0, &n, zErr, sizeof zErr));
  assert_int_equal(n, 2);
  assert_false(auth_token_user(db, zT1, &u));
  assert_false(auth_token_user(db, zT2, &u));
  assert_true(auth_token_user(db, zLead, &u));
  assert_true(auth_token_revoke(db, zEmail, 0, &n, zErr, sizeof zErr));
  assert_int_equal(n, 0);
  assert_false(auth_token_revoke(db, "nobody@example.wales", 0, &n, zErr, sizeof zErr));
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
  assert_true(auth_token_create(db, LEAD_EMAIL, AUTH_TOKEN_DAYS, zToken, 0, zErr, sizeof zErr));
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


/* ---- passwords: reset links and changes ------------------------------------ */

static long long user_id_of(const char *zEmail){
  struct stmt *s = db_prepare(db, "SELECT id FROM app_user WHERE email=?");
  stmt_bind_text(s, 1, zEmail);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}
static long long count_links(long long userId, bool bOpenOnly){
  struct stmt *s = db_prepare(db,
    "SELECT count(*) FROM password_reset WHERE user_id=?1 AND (?2=0 OR used_at IS NULL)");
  stmt_bind_int(s, 1, userId);
  stmt_bind_int(s, 2, bOpenOnly);
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}
/* A link whose token the test knows (a real one is only ever mailed),
** created secondsAgo and living AUTH_RESET_SECONDS from then. */
static void make_link(long long userId, const char *zToken, long long secondsAgo){
  char zHash[65];
  blake2b_hex(zToken, zHash);
  long long now = (long long)time(0) - secondsAgo;
  struct stmt *s = db_prepare(db,
    "INSERT INTO password_reset(token_hash,user_id,created_at,expires_at) VALUES(?,?,?,?)");
  stmt_bind_text(s, 1, zHash);
  stmt_bind_int(s, 2, userId);
  stmt_bind_int(s, 3, now);
  stmt_bind_int(s, 4, now + AUTH_RESET_SECONDS);
  assert_true(stmt_exec(s));
}

static void test_password_problem(void **state){
  (void)state;
  assert_string_equal(auth_password_problem(0), "password.error_short");
  assert_string_equal(auth_password_problem(""), "password.error_short");
  assert_string_equal(auth_password_problem("elevenchars"), "password.error_short");
  assert_null(auth_password_problem("twelve chars"));
  /* Characters, not bytes: eleven letters of two bytes each are too few. */
  assert_string_equal(auth_password_problem("ŵŵŵŵŵŵŵŵŵŵŵ"), "password.error_short");
  assert_null(auth_password_problem("ŵŵŵŵŵŵŵŵŵŵŵŵ"));
  char z[AUTH_PASSWORD_MAX+2];
  memset(z, 'x', sizeof z);
  z[AUTH_PASSWORD_MAX] = 0;
  assert_null(auth_password_problem(z));
  z[AUTH_PASSWORD_MAX] = 'x';
  z[AUTH_PASSWORD_MAX+1] = 0;
  assert_string_equal(auth_password_problem(z), "password.error_long");
}

/* Asking for links: one a request for an enabled user, at most
** AUTH_RESET_PER_ACCOUNT an hour, none for an unknown or disabled
** address, the answer the same; a client is refused past
** AUTH_RESET_PER_CLIENT requests an hour, whatever it asks about. */
static void test_reset_request(void **state){
  (void)state;
  add_user("forgetful@example.wales", "forgetful password");
  add_user("forgetful.leaver@example.wales", "leaver password 12");
  char zErr[300];
  assert_true(auth_user_set_disabled(db, "forgetful.leaver@example.wales", true, zErr, sizeof zErr));
  long long id = user_id_of("forgetful@example.wales"), idOff = user_id_of("forgetful.leaver@example.wales");
  long long nAudit = count_audit("create", "password_reset");
  for(int i=0; i<AUTH_RESET_PER_ACCOUNT+2; i++){
    int nRetry = -1;
    assert_int_equal(auth_reset_request(db, i%2 ? "Forgetful@Example.Wales" : "forgetful@example.wales",
                                        "192.0.2.60", &nRetry), AUTH_OK);
    assert_int_equal(nRetry, 0);
    assert_false(db_in_transaction(db));
  }
  assert_int_equal(count_links(id, true), AUTH_RESET_PER_ACCOUNT);
  assert_int_equal(count_audit("create", "password_reset"), nAudit+AUTH_RESET_PER_ACCOUNT);
  assert_int_equal(auth_reset_request(db, "forgetful.leaver@example.wales", "192.0.2.60", 0), AUTH_OK);
  assert_int_equal(auth_reset_request(db, "no.one@example.wales", "192.0.2.60", 0), AUTH_OK);
  assert_int_equal(count_links(idOff, false), 0);
  /* The client's requests, whatever they were about: refused at the limit,
  ** for up to an hour; another client is not. */
  int nMade = AUTH_RESET_PER_ACCOUNT+2+2;
  for(; nMade<AUTH_RESET_PER_CLIENT; nMade++){
    assert_int_equal(auth_reset_request(db, "no.one@example.wales", "192.0.2.60", 0), AUTH_OK);
  }
  int nRetry = 0;
  assert_int_equal(auth_reset_request(db, "forgetful@example.wales", "192.0.2.60", &nRetry), AUTH_THROTTLED);
  assert_true(nRetry>=1 && nRetry<=3600);
  assert_int_equal(auth_reset_request(db, "no.one@example.wales", "192.0.2.61", 0), AUTH_OK);
  /* The requests are not failed sign-ins. */
  assert_int_equal(auth_throttle_wait(db, "forgetful@example.wales", "192.0.2.60"), 0);
  struct user u;
  char zToken[AUTH_TOKEN_CHARS+1];
  assert_int_equal(auth_sign_in(db, "forgetful@example.wales", "forgetful password", "192.0.2.60", zToken, &u, 0), AUTH_OK);
}

/* A link sets the password once: every session ends, every other link of
** the user is spent; used, expired and unknown links set nothing. */
static void test_reset_password(void **state){
  (void)state;
  const char *zEmail = "resetter@example.wales";
  add_user(zEmail, "the old password");
  long long id = user_id_of(zEmail);
  const char *zT1 = "1111111111111111111111111111111111111111111111111111111111111111";
  const char *zT2 = "2222222222222222222222222222222222222222222222222222222222222222";
  const char *zOld = "3333333333333333333333333333333333333333333333333333333333333333";
  make_link(id, zT1, 60);
  make_link(id, zT2, 30);
  make_link(id, zOld, AUTH_RESET_SECONDS+1);
  assert_int_equal(auth_reset_check(db, zT1), AUTH_RESET_VALID);
  assert_int_equal(auth_reset_check(db, zOld), AUTH_RESET_SPENT);
  assert_int_equal(auth_reset_check(db, "4444444444444444444444444444444444444444444444444444444444444444"), AUTH_RESET_UNKNOWN);
  assert_int_equal(auth_reset_check(db, "short"), AUTH_RESET_UNKNOWN);
  assert_int_equal(auth_reset_check(db, 0), AUTH_RESET_UNKNOWN);
  char zA[AUTH_TOKEN_CHARS+1], zB[AUTH_TOKEN_CHARS+1], zCsrf[AUTH_TOKEN_CHARS+1];
  struct user u, x;
  assert_int_equal(auth_sign_in(db, zEmail, "the old password", "192.0.2.70", zA, &u, 0), AUTH_OK);
  assert_int_equal(auth_sign_in(db, zEmail, "the old password", "192.0.2.71", zB, &u, 0), AUTH_OK);
  /* Expired: nothing changes. */
  assert_int_equal(auth_reset_password(db, zOld, "the expired one's"), AUTH_BAD_CREDENTIALS);
  long long nAudit = count_audit("update", "password");
  assert_int_equal(auth_reset_password(db, zT2, "the new password"), AUTH_OK);
  assert_false(db_in_transaction(db));
  assert_int_equal(count_audit("update", "password"), nAudit+1);
  assert_false(auth_session_user(db, zA, &x, zCsrf));
  assert_false(auth_session_user(db, zB, &x, zCsrf));
  assert_int_equal(count_links(id, true), 0);
  assert_int_equal(auth_reset_check(db, zT1), AUTH_RESET_SPENT);
  assert_int_equal(auth_reset_check(db, zT2), AUTH_RESET_SPENT);
  assert_int_equal(auth_reset_password(db, zT2, "yet another password"), AUTH_BAD_CREDENTIALS);
  assert_int_equal(auth_reset_password(db, zT1, "yet another password"), AUTH_BAD_CREDENTIALS);
  assert_int_equal(auth_sign_in(db, zEmail, "the old password", "192.0.2.70", zA, &u, 0), AUTH_BAD_CREDENTIALS);
  assert_int_equal(auth_sign_in(db, zEmail, "the new password", "192.0.2.70", zA, &u, 0), AUTH_OK);
  /* A disabled user's link is spent. */
  const char *zT5 = "5555555555555555555555555555555555555555555555555555555555555555";
  make_link(id, zT5, 0);
  char zErr[300];
  assert_true(auth_user_set_disabled(db, zEmail, true, zErr, sizeof zErr));
  assert_int_equal(auth_reset_check(db, zT5), AUTH_RESET_SPENT);
  assert_int_equal(auth_reset_password(db, zT5, "while disabled pw"), AUTH_BAD_CREDENTIALS);
  assert_true(auth_user_set_disabled(db, zEmail, false, zErr, sizeof zErr));
  /* A password the rules refuse is never set. */
  assert_int_equal(auth_reset_password(db, zT5, "short"), AUTH_ERROR);
}

/* Changing one's own password: the current one checked (a wrong one is a
** failed sign-in for the throttle), every other session ended, this one
** kept; the command line sets one and ends every session. */
static void test_password_change(void **state){
  (void)state;
  const char *zEmail = "changer@example.wales";
  add_user(zEmail, "the first password");
  long long id = user_id_of(zEmail);
  char zHere[AUTH_TOKEN_CHARS+1], zThere[AUTH_TOKEN_CHARS+1], zCsrf[AUTH_TOKEN_CHARS+1];
  struct user u, x;
  assert_int_equal(auth_sign_in(db, zEmail, "the first password", "192.0.2.80", zHere, &u, 0), AUTH_OK);
  assert_int_equal(auth_sign_in(db, zEmail, "the first password", "192.0.2.81", zThere, &x, 0), AUTH_OK);
  make_link(id, "6666666666666666666666666666666666666666666666666666666666666666", 0);
  long long nAudit = count_audit("update", "password");
  int nRetry = 0;
  for(int i=0; i<AUTH_FREE_FAILS; i++){
    assert_int_equal(auth_password_change(db, &u, zHere, "not the password", "the second password",
                                          "192.0.2.80", &nRetry), AUTH_BAD_CREDENTIALS);
  }
  /* Throttled as sign-in would be, from that client. */
  assert_int_equal(auth_password_change(db, &u, zHere, "the first password", "the second password",
                                        "192.0.2.80", &nRetry), AUTH_THROTTLED);
  assert_true(nRetry>=1);
  assert_int_equal(count_audit("update", "password"), nAudit);
  assert_true(auth_session_user(db, zThere, &x, zCsrf));
  /* From another address (the throttle is per client). */
  assert_int_equal(auth_password_change(db, &u, zHere, "the first password", "the second password",
                                        "192.0.2.82", &nRetry), AUTH_OK);
  assert_false(db_in_transaction(db));
  assert_int_equal(count_audit("update", "password"), nAudit+1);
  assert_true(auth_session_user(db, zHere, &x, zCsrf));
  assert_false(auth_session_user(db, zThere, &x, zCsrf));
  assert_int_equal(count_links(id, true), 0);
  assert_int_equal(auth_sign_in(db, zEmail, "the second password", "192.0.2.82", zThere, &x, 0), AUTH_OK);
  /* The command line: every session ends. */
  char zErr[300];
  assert_false(auth_user_set_password(db, zEmail, "short", zErr, sizeof zErr));
  assert_non_null(strstr(zErr, "12 to 1024"));
  assert_false(auth_user_set_password(db, "nobody@example.wales", "long enough 2026", zErr, sizeof zErr));
  assert_true(auth_user_set_password(db, zEmail, "set by the administrator", zErr, sizeof zErr));
  assert_false(auth_session_user(db, zHere, &x, zCsrf));
  assert_false(auth_session_user(db, zThere, &x, zCsrf));
  assert_int_equal(auth_sign_in(db, zEmail, "set by the administrator", "192.0.2.82", zHere, &x, 0), AUTH_OK);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_random_hex),
    cmocka_unit_test(test_user_add_validation),
    cmocka_unit_test(test_user_add_success_and_duplicate),
    cmocka_unit_test(test_sign_in_ok),
    cmocka_unit_test(test_sign_in_prunes),
    cmocka_unit_test(test_sign_in_bad),
    cmocka_unit_test(test_throttle_other_client_signs_in),
    cmocka_unit_test(test_throttle_refusal_not_counted),
    cmocka_unit_test(test_throttle_backoff_grows),
    cmocka_unit_test(test_throttle_unknown_email),
    cmocka_unit_test(test_throttle_client_spraying),
    cmocka_unit_test(test_throttle_spread_attack),
    cmocka_unit_test(test_hash_queue_full),
    cmocka_unit_test(test_hash_queue_burst),
    cmocka_unit_test(test_session),
    cmocka_unit_test(test_session_expired_and_disabled),
    cmocka_unit_test(test_session_end_all),
    cmocka_unit_test(test_user_disable_enable),
    cmocka_unit_test(test_api_token),
    cmocka_unit_test(test_token_expiry),
    cmocka_unit_test(test_token_revoke),
    cmocka_unit_test(test_set_lang),
    cmocka_unit_test(test_password_problem),
    cmocka_unit_test(test_reset_request),
    cmocka_unit_test(test_reset_password),
    cmocka_unit_test(test_password_change),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
