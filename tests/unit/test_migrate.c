/*
** The database layer and the reference data: migrations are applied once
** and recorded; the Wales structure loads exactly as data/wales-clusters.csv
** describes it.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "db/db.h"
#include "domain/refdata.h"
#include "domain/unit.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/text.h"
#include "fixture.h"

static struct db *open_memory(void){
  char *zErr = 0;
  struct db *db = db_open(":memory:", true, &zErr);
  if( !db ) fail_msg("db_open: %s", zErr ? zErr : "?");
  return db;
}

static long long count_sql(struct db *db, struct stmt *s){
  (void)db;
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}

/* The migrations SQLite runs: every file but PostgreSQL's own (.pg.sql). */
static int count_embedded_migrations(void){
  int n = 0;
  for(int i=0; i<embedded_count; i++){
    const char *z = embedded_files[i].zName;
    size_t len = strlen(z);
    if( strncmp(z, "db/migrations/", 14)==0 && !(len>7 && strcmp(z+len-7, ".pg.sql")==0) ) n++;
  }
  return n;
}

/* ---- db_open, db_migrate ---------------------------------------------- */

static void test_open_missing_directory_fails(void **state){
  (void)state;
  char *zErr = 0;
  struct db *db = db_open("/nonexistent-directory-for-test/x.db", true, &zErr);
  assert_null(db);
  assert_non_null(zErr);
  assert_non_null(strstr(zErr, "/nonexistent-directory-for-test/x.db"));
  free(zErr);
}

static void test_open_without_create_fails(void **state){
  (void)state;
  char zPath[64];
  snprintf(zPath, sizeof zPath, "/tmp/carecluster-test-%d-none.db", (int)getpid());
  remove(zPath);
  char *zErr = 0;
  struct db *db = db_open(zPath, false, &zErr);
  assert_null(db);
  assert_non_null(zErr);
  free(zErr);
  FILE *f = fopen(zPath, "r");
  assert_null(f);   /* and nothing was created */
  if( f ) fclose(f);
}

static void test_migrate_once(void **state){
  (void)state;
  struct db *db = open_memory();
  int nMig = count_embedded_migrations();
  assert_true(nMig>=1);
  assert_int_equal(db_migrate(db), nMig);
  assert_int_equal(db_migrate(db), 0);
  assert_int_equal(db_migrate(db), 0);
  struct stmt *s = db_prepare(db, "SELECT count(*) FROM schema_migrations");
  assert_int_equal(count_sql(db, s), nMig);
  s = db_prepare(db, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 1);
  /* The file SQLite ran, of the pair 0001 is. */
  assert_string_equal(stmt_text(s, 1), "0001_foundation.sqlite.sql");
  /* applied_at is an ISO-8601 instant */
  const char *zAt = stmt_text(s, 2);
  assert_int_equal(strlen(zAt), 20);
  char zDay[11];
  memcpy(zDay, zAt, 10); zDay[10] = 0;
  assert_true(text_is_date(zDay));
  stmt_done(s);
  /* The schema is there: the tables the code uses exist. */
  s = db_prepare(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN"
                     " ('unit','unit_link','cluster_role','person','membership','app_user',"
                     "  'session','api_token','login_attempt','audit_log')");
  assert_int_equal(count_sql(db, s), 10);
  db_close(db);
}

static void test_migrate_file_database(void **state){
  (void)state;
  char zPath[64];
  snprintf(zPath, sizeof zPath, "/tmp/carecluster-test-%d.db", (int)getpid());
  remove(zPath);
  char *zErr = 0;
  struct db *db = db_open(zPath, true, &zErr);
  assert_non_null(db);
  assert_true(db_migrate(db)>=1);
  db_close(db);
  /* Reopened: the migrations are remembered. */
  db = db_open(zPath, false, &zErr);
  assert_non_null(db);
  assert_int_equal(db_migrate(db), 0);
  db_close(db);
  char zSide[80];
  remove(zPath);
  snprintf(zSide, sizeof zSide, "%s-wal", zPath); remove(zSide);
  snprintf(zSide, sizeof zSide, "%s-shm", zPath); remove(zSide);
}

static void test_transactions(void **state){
  (void)state;
  struct db *db = open_memory();
  assert_true(db_migrate(db)>=1);
  assert_false(db_in_transaction(db));
  assert_true(db_begin(db));
  assert_true(db_in_transaction(db));
  struct stmt *s = db_prepare(db, "INSERT INTO unit(slug,name,kind,created_at) VALUES('x','X','nation',0)");
  assert_true(stmt_exec(s));
  db_rollback(db);
  assert_false(db_in_transaction(db));
  s = db_prepare(db, "SELECT count(*) FROM unit");
  assert_int_equal(count_sql(db, s), 0);
  assert_true(db_begin(db));
  s = db_prepare(db, "INSERT INTO unit(slug,name,kind,created_at) VALUES('x','X','nation',0)");
  assert_true(stmt_exec(s));
  assert_true(db_commit(db));
  s = db_prepare(db, "SELECT count(*) FROM unit");
  assert_int_equal(count_sql(db, s), 1);
  /* A UNIQUE violation is reported as one. */
  s = db_prepare(db, "INSERT INTO unit(slug,name,kind,created_at) VALUES('x','X','nation',0)");
  assert_false(stmt_exec(s));
  assert_true(db_last_was_unique_violation(db));
  /* A CHECK violation is not. */
  s = db_prepare(db, "INSERT INTO unit(slug,name,kind,created_at) VALUES('y','Y','planet',0)");
  assert_false(stmt_exec(s));
  assert_false(db_last_was_unique_violation(db));
  /* Foreign keys are enforced. */
  s = db_prepare(db, "INSERT INTO unit_link(child_id,parent_id,relation,valid_from) VALUES(1,999,'part_of','2024-04-01')");
  assert_false(stmt_exec(s));
  db_close(db);
}

static void test_bind_null_and_text(void **state){
  (void)state;
  struct db *db = open_memory();
  struct stmt *s = db_prepare(db, "SELECT ?1 IS NULL, ?2, length(?2), ?3");
  stmt_bind_text(s, 1, 0);
  stmt_bind_text(s, 2, "Môn'; DROP TABLE x;--");
  stmt_bind_int(s, 3, 9007199254740993LL);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 1);
  assert_string_equal(stmt_text(s, 1), "Môn'; DROP TABLE x;--");
  assert_int_equal(stmt_int(s, 2), 21);
  assert_int_equal(stmt_int(s, 3), 9007199254740993LL);
  stmt_done(s);
  /* The cached statement comes back with its bindings cleared. */
  s = db_prepare(db, "SELECT ?1 IS NULL, ?2, length(?2), ?3");
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 1);
  assert_true(stmt_is_null(s, 1));
  assert_string_equal(stmt_text(s, 1), "");
  stmt_done(s);
  db_close(db);
}

/* ---- refdata_csv_split ------------------------------------------------- */

static void test_csv_split(void **state){
  (void)state;
  char *az[8];
  char z1[] = "a,b,,d";
  assert_int_equal(refdata_csv_split(z1, az, 8), 4);
  assert_string_equal(az[0], "a");
  assert_string_equal(az[1], "b");
  assert_string_equal(az[2], "");
  assert_string_equal(az[3], "d");
  char z2[] = "\"Hywel Dda, West\",\"say \"\"hi\"\"\",3";
  assert_int_equal(refdata_csv_split(z2, az, 8), 3);
  assert_string_equal(az[0], "Hywel Dda, West");
  assert_string_equal(az[1], "say \"hi\"");
  assert_string_equal(az[2], "3");
  char z3[] = "\"unterminated,x";
  assert_int_equal(refdata_csv_split(z3, az, 8), -1);
  char z4[] = "one";
  assert_int_equal(refdata_csv_split(z4, az, 8), 1);
  assert_string_equal(az[0], "one");
}

/* ---- the Wales structure ----------------------------------------------- */

struct csv_totals {
  int nRows;
  long long nPatients;
  long long nPractices;
};

/* Sum the CSV as shipped in the binary, independently of refdata.c. */
static struct csv_totals csv_totals(void){
  struct csv_totals t = {0, 0, 0};
  const struct embedded_file *f = embedded_find("data/wales-clusters.csv");
  assert_non_null(f);
  char *zAll = xstrndup((const char*)f->aData, f->nByte);
  char *zSave = 0;
  int iLine = 0;
  for(char *zLine = strtok_r(zAll, "\r\n", &zSave); zLine; zLine = strtok_r(0, "\r\n", &zSave)){
    if( iLine++==0 ){
      assert_non_null(strstr(zLine, "registered_patients"));
      continue;
    }
    char *az[REFDATA_CSV_FIELDS+2];
    assert_int_equal(refdata_csv_split(zLine, az, REFDATA_CSV_FIELDS+2), REFDATA_CSV_FIELDS);
    /* Each line names its units in English and in Welsh. */
    for(int i=0; i<REFDATA_CSV_FIELDS; i++) if( i!=4 && i!=5 ) assert_true(az[i][0]!=0);
    long long v;
    assert_true(text_to_int(az[4], 0, 1000, &v));
    t.nPractices += v;
    assert_true(text_to_int(az[5], 1, 10000000, &v));
    t.nPatients += v;
    t.nRows++;
  }
  free(zAll);
  return t;
}

static int setup_wales(void **state){
  struct db *db;
  if( fx_db_open(&db) ) return -1;
  *state = db;
  return 0;
}
static int teardown_db(void **state){
  db_close(*state);
  return 0;
}

static long long count_kind(struct db *db, const char *zKind){
  struct stmt *s = db_prepare(db, "SELECT count(*) FROM unit WHERE kind=?");
  stmt_bind_text(s, 1, zKind);
  return count_sql(db, s);
}

static void test_wales_counts(void **state){
  struct db *db = *state;
  assert_int_equal(count_kind(db, "nation"), 1);
  assert_int_equal(count_kind(db, "cluster"), 60);
  assert_int_equal(count_kind(db, "health_board"), 7);
  assert_int_equal(count_kind(db, "local_authority"), 22);
  assert_int_equal(count_kind(db, "rpb"), 7);
  assert_int_equal(count_kind(db, "collaborative"), 0);
  /* Every slug is well formed. */
  struct stmt *s = db_prepare(db, "SELECT slug FROM unit");
  int n = 0;
  while( stmt_step(s)==1 ){
    if( !text_is_slug(stmt_text(s, 0)) ) fail_msg("bad slug %s", stmt_text(s, 0));
    n++;
  }
  stmt_done(s);
  assert_true(n>=1+60+7+22+7);
}

static void test_wales_matches_csv(void **state){
  struct db *db = *state;
  struct csv_totals t = csv_totals();
  assert_int_equal(t.nRows, 60);
  assert_true(t.nPatients>3000000);   /* Wales has over 3 million people */
  struct stmt *s = db_prepare(db,
    "SELECT sum(population), sum(gp_practices), count(*), count(population) FROM unit WHERE kind='cluster'");
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), t.nPatients);
  assert_int_equal(stmt_int(s, 1), t.nPractices);
  assert_int_equal(stmt_int(s, 2), 60);
  assert_int_equal(stmt_int(s, 3), 60);
  stmt_done(s);
}

static void test_wales_known_slugs(void **state){
  struct db *db = *state;
  char zToday[11];
  text_today(zToday);
  struct unit u;
  assert_true(unit_get_by_slug(db, "wales", zToday, &u));
  assert_string_equal(u.zKind, "nation");
  assert_string_equal(u.zParentSlug, "");
  assert_true(unit_get_by_slug(db, "cardiff-south-west", zToday, &u));
  assert_string_equal(u.zKind, "cluster");
  assert_string_equal(u.zName, "Cardiff South West");
  assert_int_equal(u.population, 74891);
  assert_int_equal(u.gpPractices, 9);
  assert_string_equal(u.zPopulationDate, "2024-04-01");
  assert_string_equal(u.zParentKind, "pcpg");
  assert_true(unit_get_by_slug(db, "swansea-bay-university-health-board", zToday, &u));
  assert_string_equal(u.zKind, "health_board");
  assert_string_equal(u.zParentSlug, "wales");
  assert_int_equal(u.population, -1);
  assert_true(unit_get_by_slug(db, "city-and-cardiff-south", zToday, &u));
  assert_true(unit_get_by_slug(db, "afan", zToday, &u));
  assert_false(unit_get_by_slug(db, "atlantis", zToday, &u));
  /* Before the structure's start date no link holds: no parent. */
  assert_true(unit_get_by_slug(db, "cardiff-south-west", "2024-03-31", &u));
  assert_string_equal(u.zParentSlug, "");
}

static void test_wales_tree(void **state){
  struct db *db = *state;
  /* Every cluster is part of exactly one PCPG, which is part of a health
  ** board, which is part of Wales. */
  struct stmt *s = db_prepare(db,
    "SELECT count(*) FROM unit c"
    "  JOIN unit_link l1 ON l1.child_id=c.id AND l1.relation='part_of'"
    "  JOIN unit p ON p.id=l1.parent_id AND p.kind='pcpg'"
    "  JOIN unit_link l2 ON l2.child_id=p.id AND l2.relation='part_of'"
    "  JOIN unit h ON h.id=l2.parent_id AND h.kind='health_board'"
    "  JOIN unit_link l3 ON l3.child_id=h.id AND l3.relation='part_of'"
    "  JOIN unit w ON w.id=l3.parent_id AND w.slug='wales'"
    " WHERE c.kind='cluster'");
  assert_int_equal(count_sql(db, s), 60);
  /* Every local authority is part of an RPB. */
  s = db_prepare(db,
    "SELECT count(*) FROM unit a JOIN unit_link l ON l.child_id=a.id AND l.relation='part_of'"
    "  JOIN unit r ON r.id=l.parent_id AND r.kind='rpb' WHERE a.kind='local_authority'");
  assert_int_equal(count_sql(db, s), 22);
  /* No unit has two current parents. */
  s = db_prepare(db,
    "SELECT count(*) FROM (SELECT child_id FROM unit_link WHERE relation='part_of'"
    "  GROUP BY child_id HAVING count(*)>1) AS twice");
  assert_int_equal(count_sql(db, s), 0);
}

static void test_wales_area_links(void **state){
  struct db *db = *state;
  struct stmt *s = db_prepare(db,
    "SELECT count(*) FROM unit c WHERE c.kind='cluster'"
    "   AND EXISTS(SELECT 1 FROM unit_link l JOIN unit a ON a.id=l.parent_id"
    "               WHERE l.child_id=c.id AND l.relation='area' AND a.kind='local_authority')"
    "   AND EXISTS(SELECT 1 FROM unit_link l JOIN unit a ON a.id=l.parent_id"
    "               WHERE l.child_id=c.id AND l.relation='area' AND a.kind='rpb')");
  assert_int_equal(count_sql(db, s), 60);
  s = db_prepare(db, "SELECT count(*) FROM unit_link WHERE relation='area'");
  assert_int_equal(count_sql(db, s), 120);
  char zToday[11];
  text_today(zToday);
  struct unit cl, a;
  assert_true(unit_get_by_slug(db, "cardiff-south-west", zToday, &cl));
  assert_true(unit_area(db, cl.id, "local_authority", zToday, &a));
  assert_string_equal(a.zName, "Cardiff");
  assert_true(unit_area(db, cl.id, "rpb", zToday, &a));
  assert_string_equal(a.zName, "Cardiff and Vale Regional Partnership Board");
  assert_true(unit_get_by_slug(db, "afan", zToday, &cl));
  assert_true(unit_area(db, cl.id, "local_authority", zToday, &a));
  assert_string_equal(a.zName, "Neath Port Talbot");
  assert_false(unit_area(db, cl.id, "health_board", zToday, &a));
}

static int count_cb_n;
static void count_cb(void *pCtx, const struct unit *u){
  (void)pCtx;
  if( strcmp(u->zKind, "cluster")!=0 ) fail_msg("child %s is a %s", u->zSlug, u->zKind);
  count_cb_n++;
}

static void test_wales_children(void **state){
  struct db *db = *state;
  char zToday[11];
  text_today(zToday);
  struct unit u;
  assert_true(unit_get_by_slug(db, "cardiff-pan-cluster-planning-group", zToday, &u));
  assert_string_equal(u.zKind, "pcpg");
  count_cb_n = 0;
  assert_int_equal(unit_children(db, u.id, "cluster", zToday, count_cb, 0), 6);
  assert_int_equal(count_cb_n, 6);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_open_missing_directory_fails),
    cmocka_unit_test(test_open_without_create_fails),
    cmocka_unit_test(test_migrate_once),
    cmocka_unit_test(test_migrate_file_database),
    cmocka_unit_test(test_transactions),
    cmocka_unit_test(test_bind_null_and_text),
    cmocka_unit_test(test_csv_split),
    cmocka_unit_test_setup_teardown(test_wales_counts, setup_wales, teardown_db),
    cmocka_unit_test_setup_teardown(test_wales_matches_csv, setup_wales, teardown_db),
    cmocka_unit_test_setup_teardown(test_wales_known_slugs, setup_wales, teardown_db),
    cmocka_unit_test_setup_teardown(test_wales_tree, setup_wales, teardown_db),
    cmocka_unit_test_setup_teardown(test_wales_area_links, setup_wales, teardown_db),
    cmocka_unit_test_setup_teardown(test_wales_children, setup_wales, teardown_db),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
