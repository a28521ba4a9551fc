/*
** The English and Welsh names of the organisation units
** (src/domain/unit.h, data/wales-clusters.csv, migration 0013): every
** unit of the reference data has its official Welsh name, the one
** accessor shows the reader's language's name and falls back to the
** English name of a unit that has no Welsh one, and the migration that
** fills databases made before it gives every unit the same Welsh name as
** the loader does.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "fixture.h"
#include "util/embedded.h"
#include <stdlib.h>

struct fixture { struct db *db; char zToday[11]; };

static int setup(void **state){
  struct fixture *f = calloc(1, sizeof *f);
  if( !f || fx_db_open(&f->db) ){ free(f); return -1; }
  text_today(f->zToday);
  *state = f;
  return 0;
}
static int teardown(void **state){
  fx_teardown(state);
  free(*state);
  return 0;
}

static long long count(struct db *db, struct stmt *s){
  (void)db;
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}

static void test_every_unit_has_a_welsh_name(void **state){
  struct fixture *f = *state;
  /* The whole structure: 1 nation, 7 health boards, 7 RPBs, 22 local
  ** authorities, 22 planning groups, 60 clusters. */
  struct stmt *s = db_prepare(f->db, "SELECT count(*) FROM unit");
  assert_int_equal(count(f->db, s), 119);
  s = db_prepare(f->db, "SELECT count(*) FROM unit WHERE name_cy IS NULL OR trim(name_cy)=''");
  assert_int_equal(count(f->db, s), 0);
  /* Welsh names are the bodies' own, not the English copied over: only
  ** names that are the same in both languages (Gwynedd, Afan, ...) may
  ** match, and no health board, RPB, planning group or the nation does. */
  s = db_prepare(f->db, "SELECT count(*) FROM unit WHERE name_cy=name"
                        " AND kind IN ('nation','health_board','rpb','pcpg')");
  assert_int_equal(count(f->db, s), 0);
  s = db_prepare(f->db, "SELECT count(*) FROM unit WHERE kind='cluster' AND name_cy<>name");
  assert_true(count(f->db, s)>=40);

  struct unit u;
  assert_true(unit_get_by_slug(f->db, "cardiff-south-west", f->zToday, &u));
  assert_string_equal(u.zNameCy, "De-orllewin Caerdydd");
  assert_string_equal(u.zParentNameCy, "Grŵp Cynllunio Pan-glwstwr Caerdydd");
  assert_true(unit_get_by_slug(f->db, "cardiff-and-vale-university-health-board", f->zToday, &u));
  assert_string_equal(u.zNameCy, "Bwrdd Iechyd Prifysgol Caerdydd a'r Fro");
  assert_string_equal(u.zParentNameCy, "Cymru");
  static const char *const azHb[][2] = {
    {"betsi-cadwaladr-university-health-board", "Bwrdd Iechyd Prifysgol Betsi Cadwaladr"},
    {"swansea-bay-university-health-board", "Bwrdd Iechyd Prifysgol Bae Abertawe"},
    {"aneurin-bevan-university-health-board", "Bwrdd Iechyd Prifysgol Aneurin Bevan"},
    {"hywel-dda-university-health-board", "Bwrdd Iechyd Prifysgol Hywel Dda"},
    {"cwm-taf-morgannwg-university-health-board", "Bwrdd Iechyd Prifysgol Cwm Taf Morgannwg"},
    {"powys-teaching-health-board", "Bwrdd Iechyd Addysgu Powys"},
  };
  for(size_t i=0; i<sizeof(azHb)/sizeof(azHb[0]); i++){
    assert_true(unit_get_by_slug(f->db, azHb[i][0], f->zToday, &u));
    assert_string_equal(u.zNameCy, azHb[i][1]);
  }
  /* A cluster's local authority by its area name. */
  assert_true(unit_get_by_slug(f->db, "anglesey", f->zToday, &u));
  struct unit la;
  assert_true(unit_area(f->db, u.id, "local_authority", f->zToday, &la));
  assert_string_equal(la.zName, "Isle of Anglesey");
  assert_string_equal(la.zNameCy, "Ynys Môn");
}

static void test_display_name_by_language(void **state){
  struct fixture *f = *state;
  struct unit u;
  assert_true(unit_get_by_slug(f->db, "cardiff-south-west", f->zToday, &u));
  assert_string_equal(unit_display_name(&u, LANG_EN), "Cardiff South West");
  assert_string_equal(unit_display_name(&u, LANG_CY), "De-orllewin Caerdydd");
  assert_string_equal(unit_parent_display_name(&u, LANG_EN), "Cardiff Pan Cluster Planning Group");
  assert_string_equal(unit_parent_display_name(&u, LANG_CY), "Grŵp Cynllunio Pan-glwstwr Caerdydd");
  assert_string_equal(unit_name_in(LANG_CY, "Afan", "Afan"), "Afan");
  assert_string_equal(unit_name_in(LANG_EN, "Neath", "Castell-nedd"), "Neath");
  assert_string_equal(unit_name_in(LANG_CY, "Neath", "Castell-nedd"), "Castell-nedd");

  /* A unit with no Welsh name (one its users named) shows its English
  ** name to a Welsh reader; a Welsh name added later is shown. */
  char zSlug[81];
  assert_true(db_begin(f->db));
  long long id = unit_create(f->db, "Riverside Medical Centre", "organisation", u.id, "2024-04-01", zSlug);
  assert_true(id>0);
  assert_true(db_commit(f->db));
  struct unit o;
  assert_true(unit_get_by_id(f->db, id, f->zToday, &o));
  assert_string_equal(o.zNameCy, "");
  assert_string_equal(unit_display_name(&o, LANG_CY), "Riverside Medical Centre");
  assert_string_equal(unit_parent_display_name(&o, LANG_CY), "De-orllewin Caerdydd");
  assert_string_equal(unit_name_in(LANG_CY, "Riverside Medical Centre", ""), "Riverside Medical Centre");
  assert_string_equal(unit_name_in(LANG_CY, "Riverside Medical Centre", 0), "Riverside Medical Centre");
  assert_true(db_begin(f->db));
  assert_true(unit_set_name_cy(f->db, id, "Canolfan Feddygol Glan yr Afon"));
  assert_true(db_commit(f->db));
  assert_true(unit_get_by_id(f->db, id, f->zToday, &o));
  assert_string_equal(unit_display_name(&o, LANG_CY), "Canolfan Feddygol Glan yr Afon");
  assert_string_equal(unit_display_name(&o, LANG_EN), "Riverside Medical Centre");
  /* Cleared again: the English name for everyone. */
  assert_true(db_begin(f->db));
  assert_true(unit_set_name_cy(f->db, id, ""));
  assert_true(db_commit(f->db));
  assert_true(unit_get_by_id(f->db, id, f->zToday, &o));
  assert_string_equal(unit_display_name(&o, LANG_CY), "Riverside Medical Centre");
}

/* A database made before migration 0013 has units without Welsh names:
** the migration's statements give each unit of the reference data the
** same Welsh name the loader gives a new database. */
static void test_migration_fills_existing_databases(void **state){
  struct fixture *f = *state;
  const struct embedded_file *m = embedded_find("db/migrations/0013_unit_welsh_names.sql");
  assert_non_null(m);
  const char *zAlter = "ALTER TABLE unit ADD COLUMN name_cy TEXT;";
  const char *zRest = strstr((const char*)m->aData, zAlter);
  assert_non_null(zRest);
  zRest += strlen(zAlter);

  /* Demonstration collaboratives as `init --demo` makes them, and one a
  ** cluster named itself, with no Welsh name, which keeps none. */
  struct unit cl;
  assert_true(unit_get_by_slug(f->db, "cardiff-south-west", f->zToday, &cl));
  char zSlug[81];
  assert_true(db_begin(f->db));
  long long dental = unit_create(f->db, "Cardiff South West Dental Collaborative", "collaborative", cl.id, "2024-04-01", zSlug);
  long long ahp = unit_create(f->db, "Cardiff South West Allied Health Professions Collaborative", "collaborative", cl.id, "2024-04-01", zSlug);
  long long own = unit_create(f->db, "Cardiff South West Frailty Collaborative", "collaborative", cl.id, "2024-04-01", zSlug);
  assert_true(dental>0 && ahp>0 && own>0);
  struct stmt *u = db_prepare(f->db, "UPDATE unit SET subtype=CASE id WHEN ?1 THEN 'dental' ELSE 'allied_health' END WHERE id IN (?1, ?2)");
  stmt_bind_int(u, 1, dental);
  stmt_bind_int(u, 2, ahp);
  assert_true(stmt_exec(u));
  assert_true(unit_set_name_cy(f->db, dental, "Cydweithredfa Ddeintyddol De-orllewin Caerdydd"));
  assert_true(unit_set_name_cy(f->db, ahp, "Cydweithredfa Gweithwyr Proffesiynol Perthynol i Iechyd De-orllewin Caerdydd"));
  assert_true(db_commit(f->db));

  assert_true(db_exec_script(f->db,
    "CREATE TEMP TABLE loaded AS SELECT id, name_cy FROM unit;"
    "UPDATE unit SET name_cy=NULL;"));
  struct stmt *s = db_prepare(f->db, "SELECT count(*) FROM unit WHERE name_cy IS NOT NULL");
  assert_int_equal(count(f->db, s), 0);
  assert_true(db_exec_script(f->db, zRest));
  /* Different, NULL included (IS NOT between two values is SQLite's own). */
  s = db_prepare(f->db, "SELECT count(*) FROM unit u JOIN loaded l ON l.id=u.id"
                        " WHERE u.name_cy IS DISTINCT FROM l.name_cy");
  assert_int_equal(count(f->db, s), 0);
  s = db_prepare(f->db, "SELECT count(*) FROM unit WHERE name_cy IS NULL");
  assert_int_equal(count(f->db, s), 1);
  struct unit o;
  assert_true(unit_get_by_id(f->db, own, f->zToday, &o));
  assert_string_equal(unit_display_name(&o, LANG_CY), "Cardiff South West Frailty Collaborative");
  assert_true(unit_get_by_id(f->db, dental, f->zToday, &o));
  assert_string_equal(unit_display_name(&o, LANG_CY), "Cydweithredfa Ddeintyddol De-orllewin Caerdydd");
}

int main(void){
  if( !i18n_init() ) return 1;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_every_unit_has_a_welsh_name, setup, teardown),
    cmocka_unit_test_setup_teardown(test_display_name_by_language, setup, teardown),
    cmocka_unit_test_setup_teardown(test_migration_fills_existing_databases, setup, teardown),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
