/*
** Fixture code shared by the unit tests (tests/unit/test_*.c): an
** in-memory database with the schema and the Wales reference data, users
** with real app_user rows, unit ids by slug, people added through the
** membership rules, row counts, and the check that a refused input names
** the right field with a message in both catalogues.
**
** Header only: every function is static inline, so each test binary gets
** its own copy, an unused one draws no warning, and the Makefile (which
** builds each test_*.c with all of src/ except main.c) needs no change.
**
** Include it after <cmocka.h> and the headers cmocka needs (<stdarg.h>,
** <stddef.h>, <setjmp.h>, <stdint.h>). The helpers that fail do so with
** cmocka's fail_msg() or assert_*(), so they may be called only from a
** test or from a setup or teardown function that cmocka runs.
*/
#ifndef CARECLUSTER_TESTS_UNIT_FIXTURE_H
#define CARECLUSTER_TESTS_UNIT_FIXTURE_H

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <stdlib.h>
#include <unistd.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/member.h"
#include "domain/refdata.h"
#include "domain/unit.h"
#include "html/i18n.h"
#include "util/text.h"

/* A new in-memory SQLite database with every migration applied and the
** Wales reference data (health boards, clusters, ...) loaded. On success
** stores the handle in *pDb (the caller closes it with db_close(), or
** with fx_teardown()) and returns 0. On failure writes the reason to
** stderr, leaves nothing open, stores NULL and returns -1: the value a
** cmocka setup function returns to mark the setup as failed. For the
** tests that need SQLite itself (the fault walk's in-memory copies). */
static inline int fx_db_open_sqlite(struct db **pDb){
  char *zErr = 0;
  struct db *db = db_open(":memory:", true, &zErr);
  *pDb = 0;
  if( !db ){ fprintf(stderr, "%s\n", zErr ? zErr : "db_open failed"); return -1; }
  if( db_migrate(db)<1 || !refdata_load_wales(db) ){
    fprintf(stderr, "migration or reference data failed: %s\n", db_errmsg(db));
    db_close(db);
    return -1;
  }
  *pDb = db;
  return 0;
}

/* The URI of database zName on the test PostgreSQL server. */
static inline void fx_pg_uri(char *zOut, size_t n, const char *zHost, const char *zName){
  snprintf(zOut, n, "postgresql://postgres@/%s?host=%s", zName, zHost);
}

/* Run one statement on the test PostgreSQL server's maintenance database. */
static inline bool fx_pg_admin(const char *zHost, const char *zSql){
  char zUri[600], *zErr = 0;
  fx_pg_uri(zUri, sizeof zUri, zHost, "postgres");
  struct db *admin = db_open(zUri, false, &zErr);
  if( !admin ){ fprintf(stderr, "%s\n", zErr ? zErr : "db_open failed"); return false; }
  bool ok = db_exec_script(admin, zSql);
  db_close(admin);
  return ok;
}

/* A new database like fx_db_open_sqlite's: SQLite in memory, or, when the
** test run has a PostgreSQL server (CARECLUSTER_TEST_PG_HOST: its socket
** folder; see tests/lib/with-pg.sh), a new PostgreSQL database made from
** a template that this process migrated and loaded once. The previous
** one is dropped then, so that a run leaves one behind at most. */
static inline int fx_db_open(struct db **pDb){
  const char *zHost = getenv("CARECLUSTER_TEST_PG_HOST");
  if( !zHost || !*zHost ) return fx_db_open_sqlite(pDb);
  static char zTemplate[64], zLast[64];
  static int nOpened;
  char zSql[300], zUri[600], *zErr = 0;
  *pDb = 0;
  if( !zTemplate[0] ){
    snprintf(zTemplate, sizeof zTemplate, "cc_ut_%d", (int)getpid());
    snprintf(zSql, sizeof zSql, "CREATE DATABASE %s", zTemplate);
    if( !fx_pg_admin(zHost, zSql) ) return -1;
    fx_pg_uri(zUri, sizeof zUri, zHost, zTemplate);
    struct db *t = db_open(zUri, false, &zErr);
    if( !t ){ fprintf(stderr, "%s\n", zErr ? zErr : "db_open failed"); return -1; }
    bool ok = db_migrate(t)>=1 && refdata_load_wales(t);
    if( !ok ) fprintf(stderr, "migration or reference data failed: %s\n", db_errmsg(t));
    db_close(t);
    if( !ok ) return -1;
  }
  if( zLast[0] ){
    snprintf(zSql, sizeof zSql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", zLast);
    fx_pg_admin(zHost, zSql);
  }
  snprintf(zLast, sizeof zLast, "cc_u_%d_%d", (int)getpid(), ++nOpened);
  snprintf(zSql, sizeof zSql, "CREATE DATABASE %s TEMPLATE %s", zLast, zTemplate);
  if( !fx_pg_admin(zHost, zSql) ) return -1;
  fx_pg_uri(zUri, sizeof zUri, zHost, zLast);
  struct db *db = db_open(zUri, false, &zErr);
  if( !db ){ fprintf(stderr, "%s\n", zErr ? zErr : "db_open failed"); return -1; }
  *pDb = db;
  return 0;
}

/* A cmocka teardown for any fixture whose FIRST member is the database
** handle (struct fixture { struct db *db; ... }): closes it. *state must
** point at such a fixture. Always returns 0. */
static inline int fx_teardown(void **state){
  struct db **pDb = *state;   /* a pointer to a struct points at its first member */
  db_close(*pDb);
  *pDb = 0;
  return 0;
}

/* A cmocka group setup that loads the message catalogues (i18n_init);
** 0 on success, -1 on failure. */
static inline int fx_group_setup_i18n(void **state){
  (void)state;
  return i18n_init() ? 0 : -1;
}

/* The id of the unit with slug zSlug as it stands on zToday
** ("YYYY-MM-DD"). Fails the test when there is no such unit, so the
** result is always a real id. */
static inline long long fx_unit_id(struct db *db, const char *zToday, const char *zSlug){
  struct unit u;
  if( !unit_get_by_slug(db, zSlug, zToday, &u) ) fail_msg("no unit %s", zSlug);
  return u.id;
}

/* Fill *u (zeroed first) as a signed-in user of role with scope unit
** scopeUnitId, whose slug is zScope; language "en". No database row is
** written and u->id is left 0: the caller sets it (fx_make_user does). */
static inline void fx_user_init(struct user *u, enum role role, long long scopeUnitId,
                                const char *zScope, const char *zEmail, const char *zName){
  memset(u, 0, sizeof *u);
  u->role = role;
  u->scopeUnitId = scopeUnitId;
  snprintf(u->zEmail, sizeof u->zEmail, "%s", zEmail);
  snprintf(u->zName, sizeof u->zName, "%s", zName);
  snprintf(u->zScopeSlug, sizeof u->zScopeSlug, "%s", zScope);
  snprintf(u->zLang, sizeof u->zLang, "en");
}

/* A user of role scoped to the unit with slug zScope (as on zToday), named
** "User <zEmail>", with a real app_user row (the audit log refers to it).
** No password hashing: the hash column holds '-'. Fails the test unless
** the row is written and u->id is a positive id. */
static inline void fx_make_user(struct db *db, const char *zToday, struct user *u,
                                const char *zEmail, enum role role, const char *zScope){
  char zName[201];
  snprintf(zName, sizeof zName, "User %s", zEmail);
  fx_user_init(u, role, fx_unit_id(db, zToday, zScope), zScope, zEmail, zName);
  struct stmt *s = db_prepare(db,
    "INSERT INTO app_user(email,name,password_hash,role,scope_unit_id,created_at)"
    " VALUES(?,?,'-',?,?,0) RETURNING id");
  stmt_bind_text(s, 1, zEmail);
  stmt_bind_text(s, 2, u->zName);
  stmt_bind_text(s, 3, access_role_code(role));
  stmt_bind_int(s, 4, u->scopeUnitId);
  assert_int_equal(stmt_step(s), 1);
  u->id = stmt_int(s, 0);
  stmt_done(s);
  assert_true(u->id>0);
}

/* Add *in as a new person with a membership of unitId, written by user
** *by through membership_add() (access check, validation, audit) on
** zToday. Returns the new person's id (not the membership's). Fails the
** test, naming in->zName and the first error key, when the membership is
** refused, and also unless membership_get() then finds it. */
static inline long long fx_add_member(struct db *db, const struct user *by, long long unitId,
                                      const struct member_input *in, const char *zToday){
  struct field_errors e = {0};
  long long id = membership_add(db, by, unitId, in, zToday, &e);
  if( id<=0 ) fail_msg("adding %s: %s", in->zName, e.n ? e.a[0].zKey : "refused");
  struct membership m;
  assert_true(membership_get(db, id, &m));
  return m.personId;
}

/* fx_add_member for a person given field by field: name zName, role code
** zRole, zCore "core" or "attendance", zVoting "yes" or "no", member from
** zFrom to zTo (NULL: no end). Returns the person's id; fails as
** fx_add_member does. */
static inline long long fx_add_person(struct db *db, const struct user *by, long long unitId,
                                      const char *zToday, const char *zName, const char *zRole,
                                      const char *zCore, const char *zVoting,
                                      const char *zFrom, const char *zTo){
  struct member_input in = {
    .zName = zName, .zRole = zRole, .zCore = zCore, .zVoting = zVoting,
    .zFrom = zFrom, .zTo = zTo,
  };
  return fx_add_member(db, by, unitId, &in, zToday);
}

/* The usual signed-in users, each made with fx_make_user and so with an
** app_user row, in this order (so with ascending ids):
**   lead      cluster_lead of cardiff-south-west, lead@example.wales
**   leadAfan  cluster_lead of afan, lead.afan@example.wales
**   member    member of cardiff-south-west, member@example.wales
**   hb        health_board of cardiff-and-vale-university-health-board,
**             hb@example.wales
**   national  national of wales, national@example.wales
** A NULL pointer skips that user (the others keep their order). */
struct fx_cast { struct user *lead, *leadAfan, *member, *hb, *national; };
static inline void fx_make_cast(struct db *db, const char *zToday, struct fx_cast c){
  if( c.lead ) fx_make_user(db, zToday, c.lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  if( c.leadAfan ) fx_make_user(db, zToday, c.leadAfan, "lead.afan@example.wales", ROLE_CLUSTER_LEAD, "afan");
  if( c.member ) fx_make_user(db, zToday, c.member, "member@example.wales", ROLE_MEMBER, "cardiff-south-west");
  if( c.hb ){
    fx_make_user(db, zToday, c.hb, "hb@example.wales", ROLE_HEALTH_BOARD,
                 "cardiff-and-vale-university-health-board");
  }
  if( c.national ) fx_make_user(db, zToday, c.national, "national@example.wales", ROLE_NATIONAL, "wales");
}

/* Run zSql, a query (a string literal, as db_prepare requires) with no
** parameters whose one row holds n counts, and store them in a[0..n-1].
** Fails the test unless the query returns a row. */
#define fx_counts(db, zSql, n, a) fx_counts_stmt(db_prepare((db), zSql), (n), (a))
static inline void fx_counts_stmt(struct stmt *s, int n, long long *a){
  assert_int_equal(stmt_step(s), 1);
  for(int i=0; i<n; i++) a[i] = stmt_int(s, i);
  stmt_done(s);
}

/* The value of zSql, a query (a string literal) with no parameters whose
** first column of its first row is a count ("SELECT count(*) FROM ...").
** Fails the test unless the query returns a row. */
#define fx_count(db, zSql) fx_count_stmt(db_prepare((db), zSql))
static inline long long fx_count_stmt(struct stmt *s){
  assert_int_equal(stmt_step(s), 1);
  long long n = stmt_int(s, 0);
  stmt_done(s);
  return n;
}

/* Today plus nDays (negative: before today) in UTC as "YYYY-MM-DD". */
static inline void fx_day_offset(int nDays, char zOut[11]){
  time_t t = time(0) + (time_t)nDays*86400;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zOut, 11, "%Y-%m-%d", &tm);
}

/* Check the errors of a refused input: zField has exactly the message key
** zKey (the test fails, naming the first error, when zField has none), and
** every key in *e is in both the English and the Welsh catalogue. Does not
** check that nothing was written: the caller does. */
static inline void fx_expect_field_error(const struct field_errors *e, const char *zField,
                                         const char *zKey){
  const char *zGot = field_errors_get(e, zField);
  if( !zGot ) fail_msg("no error on field %s (first error: %s %s)", zField,
                       e->n ? e->a[0].zField : "-", e->n ? e->a[0].zKey : "-");
  assert_string_equal(zGot, zKey);
  for(int i=0; i<e->n; i++){
    assert_true(i18n_has(LANG_EN, e->a[i].zKey));
    assert_true(i18n_has(LANG_CY, e->a[i].zKey));
  }
}

#endif
