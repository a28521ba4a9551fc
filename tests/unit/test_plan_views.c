/*
** The financial year arithmetic of the plan views
** (src/domain/plan_views.h) and which units own which references
** (src/domain/plan_reference.h): pure functions, hand-checked examples.
** Then saving a reference (plan_ref_save) on a database: who may, what
** is refused, and every database call failing in turn (as test_faults.c
** does for the other write paths): nothing half-written, a message in
** both catalogues, one audit entry when it succeeds.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "domain/plan_reference.h"
#include "domain/plan_views.h"
#include "fixture.h"
#include "fault_walk.h"

static void test_year_of(void **state){
  (void)state;
  char z[8];
  planview_year_of("2026-12-07", z);   assert_string_equal(z, "2026/27");
  planview_year_of("2026-04-01", z);   assert_string_equal(z, "2026/27");
  planview_year_of("2026-03-31", z);   assert_string_equal(z, "2025/26");
  planview_year_of("2027-01-15", z);   assert_string_equal(z, "2026/27");
  planview_year_of("1999-06-01", z);   assert_string_equal(z, "1999/00");
  planview_year_of("2000-02-29", z);   assert_string_equal(z, "1999/00");
}

static void test_year_ok(void **state){
  (void)state;
  assert_true(planview_year_ok("2026/27"));
  assert_true(planview_year_ok("1999/00"));
  assert_false(planview_year_ok("2026/28"));      /* not consecutive */
  assert_false(planview_year_ok("2026-27"));
  assert_false(planview_year_ok("2026/2027"));
  assert_false(planview_year_ok("26/27"));
  assert_false(planview_year_ok("20a6/27"));
  assert_false(planview_year_ok(""));
  assert_false(planview_year_ok(0));
  assert_false(planview_year_ok("0999/00"));
}

static void test_bounds_and_quarters(void **state){
  (void)state;
  char zS[11], zE[11], z[11];
  planview_year_bounds("2026/27", zS, zE);
  assert_string_equal(zS, "2026-04-01");
  assert_string_equal(zE, "2027-03-31");
  planview_quarter_end("2026/27", 1, z); assert_string_equal(z, "2026-06-30");
  planview_quarter_end("2026/27", 2, z); assert_string_equal(z, "2026-09-30");
  planview_quarter_end("2026/27", 3, z); assert_string_equal(z, "2026-12-31");
  planview_quarter_end("2026/27", 4, z); assert_string_equal(z, "2027-03-31");
  /* Out of range: clamped to the year's first and last quarter. */
  planview_quarter_end("2026/27", 0, z); assert_string_equal(z, "2026-06-30");
  planview_quarter_end("2026/27", 9, z); assert_string_equal(z, "2027-03-31");
}

static void test_year_shift(void **state){
  (void)state;
  char z[8];
  planview_year_shift("2026/27", 1, z);  assert_string_equal(z, "2027/28");
  planview_year_shift("2026/27", -2, z); assert_string_equal(z, "2024/25");
  planview_year_shift("1999/00", 1, z);  assert_string_equal(z, "2000/01");
  planview_year_shift("2000/01", -1, z); assert_string_equal(z, "1999/00");
  planview_year_shift("2026/27", 0, z);  assert_string_equal(z, "2026/27");
}

static void test_reference_kinds(void **state){
  (void)state;
  const char *az[2] = {0, 0};
  assert_int_equal(plan_ref_kinds("health_board", az), 1);
  assert_string_equal(az[0], "imtp");
  assert_int_equal(plan_ref_kinds("rpb", az), 1);
  assert_string_equal(az[0], "rpb_area_plan");
  assert_int_equal(plan_ref_kinds("nation", az), 2);
  assert_string_equal(az[0], "acd_outcome");
  assert_string_equal(az[1], "national_priority");
  assert_int_equal(plan_ref_kinds("cluster", az), 0);
  assert_int_equal(plan_ref_kinds("pcpg", az), 0);
}

/* ---- saving a reference on a database ---------------------------------------------- */

struct fixture {
  struct db *db;
  char zToday[11];
  long long boardId, walesId;
  struct user board, lead, national;
  long long editId;
};

static int setup(void **state){
  if( fx_group_setup_i18n(state)!=0 ) return -1;
  struct fixture *f = calloc(1, sizeof *f);
  if( !f || fx_db_open_sqlite(&f->db)!=0 ){ free(f); return -1; }
  text_today(f->zToday);
  f->boardId = fx_unit_id(f->db, f->zToday, "cardiff-and-vale-university-health-board");
  f->walesId = fx_unit_id(f->db, f->zToday, "wales");
  fx_make_user(f->db, f->zToday, &f->board, "hb@example.wales", ROLE_HEALTH_BOARD, "cardiff-and-vale-university-health-board");
  fx_make_user(f->db, f->zToday, &f->lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  fx_make_user(f->db, f->zToday, &f->national, "national@example.wales", ROLE_NATIONAL, "wales");
  *state = f;
  return 0;
}
static int teardown(void **state){
  struct fixture *f = *state;
  fx_teardown(state);
  free(f);
  return 0;
}

static long long add_ref(struct fixture *f, struct field_errors *e){
  struct plan_ref_input in = { 0, "IMTP-1", "Prevention", "Atal", "https://example.wales/imtp", "10" };
  return plan_ref_save(f->db, &f->board, f->boardId, "health_board", 0, &in, f->zToday, e);
}
static long long change_ref(struct fixture *f, struct field_errors *e){
  struct plan_ref_input in = { "imtp", "IMTP-1", "Prevention first", "Atal yn gyntaf", "", "" };
  return plan_ref_save(f->db, &f->board, f->boardId, "health_board", f->editId, &in, f->zToday, e);
}

/* Run fn with its 1st, 2nd... database call failing, each on a copy of
** the database, then for real (see test_faults.c). */
static long long walk(struct fixture *f, const char *zName, long long (*fn)(struct fixture *, struct field_errors *)){
  struct db *db = f->db;
  unsigned long long before = db_digest(db);
  for(long long n=1; ; n++){
    if( n>=1000 ) fail_msg("%s: never ran to the end", zName);
    struct field_errors e = {0};
    fault_copy(&f->db, n);
    long long rc = fn(f, &e);
    struct fault_run r = fault_restore(&f->db, db);
    assert_false(r.bOpen);
    if( !r.bFired ) break;
    if( rc>0 ) fail_msg("%s: call %lld failed, yet it reported success", zName, n);
    if( r.after!=before ) fail_msg("%s: call %lld failed and left something half-written", zName, n);
    if( r.bInTx && rc==0 && e.n==0 ) fail_msg("%s: call %lld failed without a message", zName, n);
    assert_null(fault_unknown_key(&e));
  }
  long long nAudit = fx_count(f->db, "SELECT count(*) FROM audit_log WHERE entity='plan_reference'");
  struct field_errors e = {0};
  long long rc = fn(f, &e);
  if( rc<=0 ) fail_msg("%s: refused without a fault (%s)", zName, e.n ? e.a[0].zKey : "no message");
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM audit_log WHERE entity='plan_reference'"), nAudit+1);
  return rc;
}

static void test_save_under_faults(void **state){
  struct fixture *f = *state;
  f->editId = walk(f, "add a reference", add_ref);
  assert_int_equal(walk(f, "change a reference", change_ref), f->editId);
  struct plan_ref x;
  assert_true(plan_ref_get(f->db, f->boardId, f->editId, &x));
  assert_string_equal(x.zKind, "imtp");
  assert_string_equal(x.zTitleEn, "Prevention first");
  assert_string_equal(x.zTitleCy, "Atal yn gyntaf");
  assert_string_equal(x.zUrl, "");
  assert_int_equal(x.sortOrder, 0);
  assert_false(x.bDemo);
  assert_string_equal(plan_ref_title(&x, LANG_CY), "Atal yn gyntaf");
  /* Another unit's reference is not this board's to change. */
  assert_false(plan_ref_get(f->db, f->walesId, f->editId, &x));
}

static void test_save_refusals(void **state){
  struct fixture *f = *state;
  struct field_errors e = {0};
  /* Not a writer of the board: refused, as not found. */
  struct plan_ref_input in = { 0, "IMTP-2", "Access", "Mynediad", "", "" };
  assert_int_equal(plan_ref_save(f->db, &f->lead, f->boardId, "health_board", 0, &in, f->zToday, &e), -1);
  assert_int_equal(plan_ref_save(f->db, &f->national, f->walesId, "nation", 0, &in, f->zToday, &e), 0);
  fx_expect_field_error(&e, "kind", "planref.error.kind");
  in.zKind = "acd_outcome";
  assert_int_equal(plan_ref_save(f->db, &f->national, f->walesId, "nation", 0, &in, f->zToday, &e), -1);
  /* A cluster owns no references. */
  assert_int_equal(plan_ref_save(f->db, &f->board, f->boardId, "cluster", 0, &in, f->zToday, &e), -1);
  /* Bad input, each field named. */
  struct plan_ref_input bad = { "imtp", " ", "x", "", "javascript:alert(1)", "1.5" };
  assert_int_equal(plan_ref_save(f->db, &f->board, f->boardId, "health_board", 0, &bad, f->zToday, &e), 0);
  fx_expect_field_error(&e, "code", "planref.error.code_missing");
  fx_expect_field_error(&e, "title_cy", "planref.error.title_cy_missing");
  fx_expect_field_error(&e, "url", "planref.error.url");
  fx_expect_field_error(&e, "sort_order", "planref.error.sort_order");
  struct plan_ref_input longCode = { "imtp", "ABCDEFGHIJKLMNOPQRSTU", "x", "y", "", "" };
  assert_int_equal(plan_ref_save(f->db, &f->board, f->boardId, "health_board", 0, &longCode, f->zToday, &e), 0);
  fx_expect_field_error(&e, "code", "planref.error.code_long");
  /* A code taken among the board's references of the kind. */
  struct plan_ref_input dup = { "imtp", "IMTP-1", "Again", "Eto", "", "" };
  assert_int_equal(plan_ref_save(f->db, &f->board, f->boardId, "health_board", 0, &dup, f->zToday, &e), 0);
  fx_expect_field_error(&e, "code", "planref.error.code_taken");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_year_of),
    cmocka_unit_test(test_year_ok),
    cmocka_unit_test(test_bounds_and_quarters),
    cmocka_unit_test(test_year_shift),
    cmocka_unit_test(test_reference_kinds),
  };
  const struct CMUnitTest dbTests[] = {
    cmocka_unit_test(test_save_under_faults),
    cmocka_unit_test(test_save_refusals),
  };
  /* The database tests share one fixture, in order: the refusals find
  ** the reference the first one saved. */
  return cmocka_run_group_tests(tests, 0, 0) + cmocka_run_group_tests(dbTests, setup, teardown);
}
