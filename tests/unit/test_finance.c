/* The cluster's money (src/domain/finance.c): the position arithmetic as
** a pure function over arrays, hand-checked, the years of ?year= and the
** ledger's dates. */
#include "domain/finance.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "fixture.h"

static void fig_is(const struct finance_fig *f, long long alloc, long long committed, long long spent,
                   long long forecast, long long remaining){
  assert_int_equal(f->allocated, alloc);
  assert_int_equal(f->committed, committed);
  assert_int_equal(f->spent, spent);
  assert_int_equal(f->forecast, forecast);
  assert_int_equal(f->remaining, remaining);
}

/* One stream, £10,000 allocated; a post committed £6,000 this year of
** which £2,500 was spent; £1,000 spent on no commitment and a £200 credit.
**   committed 6,000; spent 2,500 + 1,000 - 200 = 3,300
**   remaining 10,000 - 6,000 - 800 = 3,200
**   forecast 800 + max(6,000, 2,500) = 6,800 */
static void test_simple_with_credit(void **state){
  (void)state;
  long long aAlloc[] = { 1000000 }, aUnc[] = { 100000 - 20000 }, aReq[] = { 50000 };
  struct finance_commit_in aC[] = { { 0, 600000, 250000 } };
  struct finance_fig aOut[1], total;
  finance_position_compute(1, aAlloc, aUnc, aReq, aC, 1, aOut, &total);
  fig_is(&aOut[0], 1000000, 600000, 330000, 680000, 320000);
  assert_int_equal(aOut[0].requested, 50000);
  assert_false(finance_fig_over(&aOut[0]));
  fig_is(&total, 1000000, 600000, 330000, 680000, 320000);
}

/* An order committed at £1,000 but invoiced at £1,400: the forecast takes
** the larger, the remaining counts the commitment, not the spend. */
static void test_overspend_against_commitment(void **state){
  (void)state;
  long long aAlloc[] = { 120000 }, aUnc[] = { 0 };
  struct finance_commit_in aC[] = { { 0, 100000, 140000 } };
  struct finance_fig aOut[1], total;
  finance_position_compute(1, aAlloc, aUnc, 0, aC, 1, aOut, &total);
  fig_is(&aOut[0], 120000, 100000, 140000, 140000, 20000);
  assert_true(finance_fig_over(&aOut[0]));
  assert_int_equal(aOut[0].requested, 0);
}

/* Two streams, one with £5,000 carried in (the caller adds it to what is
** allocated), the other's forecast over its allocation; the streams add
** up to the total, and a commitment of an unknown stream is ignored. */
static void test_two_streams_carry_forward(void **state){
  (void)state;
  long long aAlloc[] = { 15000000 + 500000, 2000000 }, aUnc[] = { 300000, 1500000 };
  struct finance_commit_in aC[] = {
    { 0, 9000000, 4000000 }, { 1, 800000, 0 }, { 0, 100000, 100000 }, { 7, 999, 999 },
  };
  struct finance_fig aOut[2], total;
  finance_position_compute(2, aAlloc, aUnc, 0, aC, 4, aOut, &total);
  fig_is(&aOut[0], 15500000, 9100000, 4400000, 300000 + 9000000 + 100000, 15500000 - 9100000 - 300000);
  fig_is(&aOut[1], 2000000, 800000, 1500000, 2300000, -300000);
  assert_false(finance_fig_over(&aOut[0]));
  assert_true(finance_fig_over(&aOut[1]));
  fig_is(&total, aOut[0].allocated + aOut[1].allocated, aOut[0].committed + aOut[1].committed,
         aOut[0].spent + aOut[1].spent, aOut[0].forecast + aOut[1].forecast, aOut[0].remaining + aOut[1].remaining);
}

/* Spend against a committed commitment with no months this year (a late
** invoice): spent and forecast, not committed. Nothing at all: zeros. */
static void test_late_invoice_and_empty(void **state){
  (void)state;
  long long aAlloc[] = { 0 }, aUnc[] = { 0 };
  struct finance_commit_in aC[] = { { 0, 0, 3000 } };
  struct finance_fig aOut[1], total;
  finance_position_compute(1, aAlloc, aUnc, 0, aC, 1, aOut, &total);
  fig_is(&aOut[0], 0, 0, 3000, 3000, 0);
  assert_true(finance_fig_over(&aOut[0]));
  finance_position_compute(0, aAlloc, aUnc, 0, 0, 0, aOut, &total);
  fig_is(&total, 0, 0, 0, 0, 0);
}

static void test_years(void **state){
  (void)state;
  char z[8];
  assert_true(finance_year_arg("2026", "2026-12-07", z)); assert_string_equal(z, "2026/27");
  assert_true(finance_year_arg("2025/26", "2026-12-07", z)); assert_string_equal(z, "2025/26");
  assert_true(finance_year_arg("2025-26", "2026-12-07", z)); assert_string_equal(z, "2025/26");
  assert_true(finance_year_arg(0, "2027-02-01", z)); assert_string_equal(z, "2026/27");
  assert_true(finance_year_arg("", "2027-04-01", z)); assert_string_equal(z, "2027/28");
  assert_false(finance_year_arg("2025/27", "2026-12-07", z));
  assert_false(finance_year_arg("26", "2026-12-07", z));
  assert_false(finance_year_arg("abcd", "2026-12-07", z));
  assert_false(finance_year_arg("1999", "2026-12-07", z));
  finance_year_api("2026/27", z); assert_string_equal(z, "2026-27");
}

static void test_ledger_dates(void **state){
  (void)state;
  char z[11];
  assert_true(finance_ledger_date("05/11/2026", z)); assert_string_equal(z, "2026-11-05");
  assert_true(finance_ledger_date(" 2026-11-05 ", z)); assert_string_equal(z, "2026-11-05");
  assert_true(finance_ledger_date("29/02/2028", z)); assert_string_equal(z, "2028-02-29");
  assert_false(finance_ledger_date("29/02/2027", z));
  assert_false(finance_ledger_date("2026/11/05", z));
  assert_false(finance_ledger_date("5/11/2026", z));
  assert_false(finance_ledger_date("11-05-2026", z));
  assert_false(finance_ledger_date("", z));
  assert_false(finance_ledger_date(0, z));
}

/* The ledger import and who may allocate, on a database: a health board
** user gives a cluster two streams; a file's lines are checked by line
** and column (a bad date, a bad amount, an unknown stream, a missing
** reference), nothing is written from a file with errors unless only the
** valid lines are asked for, and a reference is imported once. */
static void test_ledger_import(void **state){
  (void)state;
  struct db *db;
  assert_int_equal(fx_db_open(&db), 0);
  const char *zToday = "2026-12-07";
  struct user hb, lead;
  fx_make_user(db, zToday, &hb, "hb@example.wales", ROLE_HEALTH_BOARD, "cardiff-and-vale-university-health-board");
  fx_make_user(db, zToday, &lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  long long csw = fx_unit_id(db, zToday, "cardiff-south-west");
  assert_true(finance_may_allocate(db, &hb, csw, zToday));
  assert_false(finance_may_allocate(db, &lead, csw, zToday));
  struct field_errors e = {0};
  struct finance_allocation_input in = { "2026/27", "Cluster funding", "recurrent", "150,000", "", "", "return" };
  assert_int_equal(finance_allocation_save(db, &lead, csw, 0, &in, zToday, &e), -1);
  long long a1 = finance_allocation_save(db, &hb, csw, 0, &in, zToday, &e);
  assert_true(a1>0);
  in.zStream = "Transformation fund";
  in.zKind = "transformation";
  assert_int_equal(finance_allocation_save(db, &hb, csw, 0, &in, zToday, &e), 0);
  assert_non_null(field_errors_get(&e, "delivery_criteria"));
  assert_non_null(field_errors_get(&e, "end_on"));
  in.zCriteria = "Two posts";
  in.zEndOn = "2027-03-31";
  assert_true(finance_allocation_save(db, &hb, csw, 0, &in, zToday, &e)>0);

  const char *zCsv =
    "\xef\xbb\xbf" "Amount,Stream,Date,Reference,Supplier,Description\r\n"
    "\"1,000.00\",Cluster funding,15/05/2026,R1,Acme,Paper\r\n"
    "(12.50),transformation FUND,2026-06-01,R2,Acme,Credit\r\n"
    "abc,Cluster funding,31/04/2026,R3,Acme,Bad\r\n"
    "5.00,Nope,01/05/2026,,Acme,Bad\r\n"
    "\r\n";
  struct finance_import o;
  assert_int_equal(finance_ledger_import(db, &lead, csw, zCsv, strlen(zCsv), false, true, &o), 0);
  assert_null(o.zFileKey);
  assert_int_equal(o.nLines, 4);
  assert_int_equal(o.nValid, 2);
  assert_int_equal(o.nError, 4);
  /* By line, then column: the file's own faults and the database's together. */
  assert_int_equal(o.a[0].line, 4); assert_int_equal(o.a[0].column, 1); assert_string_equal(o.a[0].zKey, "finance.import.error.amount");
  assert_int_equal(o.a[1].line, 4); assert_int_equal(o.a[1].column, 3); assert_string_equal(o.a[1].zKey, "finance.import.error.date");
  assert_int_equal(o.a[2].line, 5); assert_int_equal(o.a[2].column, 2); assert_string_equal(o.a[2].zKey, "finance.import.error.stream");
  assert_int_equal(o.a[3].line, 5); assert_int_equal(o.a[3].column, 4); assert_string_equal(o.a[3].zKey, "finance.import.error.reference");
  assert_int_equal(o.nImported, 0);
  assert_int_equal(finance_ledger_import(db, &lead, csw, zCsv, strlen(zCsv), true, true, &o), 2);
  assert_int_equal(finance_ledger_import(db, &lead, csw, zCsv, strlen(zCsv), true, true, &o), 0);
  assert_int_equal(o.nDuplicate, 2);
  assert_string_equal(o.azDuplicate[0], "R1");

  struct finance_position p;
  assert_true(finance_position_load(db, csw, false, zToday, "2026/27", &p));
  assert_int_equal(p.nStream, 2);
  assert_int_equal(p.total.allocated, 30000000);
  assert_int_equal(p.total.spent, 100000 - 1250);
  assert_int_equal(p.total.remaining, 30000000 - 100000 + 1250);
  finance_position_free(&p);

  const char *zNoHeader = "Date,Amount\n01/05/2026,1.00\n";
  assert_int_equal(finance_ledger_import(db, &lead, csw, zNoHeader, strlen(zNoHeader), true, true, &o), 0);
  assert_string_equal(o.zFileKey, "finance.import.error.header");
  db_close(db);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_simple_with_credit),
    cmocka_unit_test(test_overspend_against_commitment),
    cmocka_unit_test(test_two_streams_carry_forward),
    cmocka_unit_test(test_late_invoice_and_empty),
    cmocka_unit_test(test_years),
    cmocka_unit_test(test_ledger_dates),
    cmocka_unit_test(test_ledger_import),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
