/*
** The Standing Financial Instructions as data (src/domain/sfi.h) and the
** commitment request (src/domain/commitment.h). The pure core first,
** every expected value worked by hand: the band and the approver chosen
** at the boundaries (£5,000.00 one quote, £5,000.01 three quotes), no
** band, no role high enough, the checks of a version's bands and
** delegation, the supplier key, the months of a commitment. Then on a
** database with the example set every health board starts with: the
** route check, same-supplier aggregation in the financial year (split
** orders do not change the route; declined ones and the commitment
** itself do not count), who may approve, and a request with its months
** adding up to its value and its audit entry.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "db/db.h"
#include "domain/commitment.h"
#include "domain/sfi.h"
#include "fixture.h"

static struct sfi_band_row band(long long lo, long long hi, const char *zRoute){
  struct sfi_band_row b;
  memset(&b, 0, sizeof b);
  b.minPence = lo;
  b.maxPence = hi;
  snprintf(b.zRoute, sizeof b.zRoute, "%s", zRoute);
  return b;
}
static struct sfi_deleg_row deleg(const char *zRole, long long max){
  struct sfi_deleg_row d;
  memset(&d, 0, sizeof d);
  snprintf(d.zRole, sizeof d.zRole, "%s", zRole);
  d.maxPence = max;
  return d;
}

static void test_choose(void **state){
  (void)state;
  struct sfi_band_row a[] = {
    band(0, 500000, "one_quote"), band(500001, 2500000, "three_quotes"),
    band(2500001, 21490400, "sell2wales"), band(21490401, -1, "regulated"),
  };
  assert_int_equal(sfi_choose_band(a, 4, 0), 0);
  assert_int_equal(sfi_choose_band(a, 4, 500000), 0);        /* £5,000.00 */
  assert_int_equal(sfi_choose_band(a, 4, 500001), 1);        /* £5,000.01 */
  assert_int_equal(sfi_choose_band(a, 4, 2500000), 1);
  assert_int_equal(sfi_choose_band(a, 4, 2500001), 2);
  assert_int_equal(sfi_choose_band(a, 4, 21490401), 3);
  assert_int_equal(sfi_choose_band(a, 4, 900000000000LL), 3);
  assert_int_equal(sfi_choose_band(a, 3, 21490401), -1);     /* no band */
  assert_int_equal(sfi_choose_band(a, 0, 1), -1);
  struct sfi_deleg_row d[] = {
    deleg("hb_officer", 100000000), deleg("cluster_lead", 1000000), deleg("pcpg_signatory", 10000000),
  };
  assert_int_equal(sfi_choose_delegation(d, 3, 1), 1);
  assert_int_equal(sfi_choose_delegation(d, 3, 1000000), 1);     /* £10,000.00 */
  assert_int_equal(sfi_choose_delegation(d, 3, 1000001), 2);     /* £10,000.01 */
  assert_int_equal(sfi_choose_delegation(d, 3, 10000001), 0);
  assert_int_equal(sfi_choose_delegation(d, 3, 100000000), 0);
  assert_int_equal(sfi_choose_delegation(d, 3, 100000001), -1);  /* no role high enough */
  assert_int_equal(sfi_role_rank("cluster_lead"), 1);
  assert_int_equal(sfi_role_rank("pcpg_signatory"), 2);
  assert_int_equal(sfi_role_rank("hb_officer"), 3);
  assert_int_equal(sfi_role_rank("admin"), 0);
  assert_int_equal(sfi_role_rank(0), 0);
}

static void test_check_bands(void **state){
  (void)state;
  int i = -1;
  struct sfi_band_row ok[] = { band(0, 500000, "one_quote"), band(500001, -1, "three_quotes") };
  assert_null(sfi_check_bands(ok, 2, &i));
  assert_string_equal(sfi_check_bands(ok, 0, &i), "sfi.error.bands_none");
  struct sfi_band_row gap[] = { band(0, 500000, "one_quote"), band(500002, -1, "three_quotes") };
  assert_string_equal(sfi_check_bands(gap, 2, &i), "sfi.error.band_gap");
  assert_int_equal(i, 1);
  struct sfi_band_row over[] = { band(0, 500000, "one_quote"), band(500000, -1, "three_quotes") };
  assert_string_equal(sfi_check_bands(over, 2, &i), "sfi.error.band_overlap");
  struct sfi_band_row from1[] = { band(1, -1, "one_quote") };
  assert_string_equal(sfi_check_bands(from1, 1, &i), "sfi.error.band_not_from_zero");
  struct sfi_band_row closed[] = { band(0, 500000, "one_quote") };
  assert_string_equal(sfi_check_bands(closed, 1, &i), "sfi.error.band_last_closed");
  struct sfi_band_row open2[] = { band(0, -1, "one_quote"), band(1, -1, "regulated") };
  assert_string_equal(sfi_check_bands(open2, 2, &i), "sfi.error.band_after_open");
  struct sfi_band_row bad[] = { band(0, -1, "two_quotes") };
  assert_string_equal(sfi_check_bands(bad, 1, &i), "sfi.error.band_route");
  struct sfi_band_row inv[] = { band(0, 10, "one_quote"), band(11, 5, "regulated"), band(12, -1, "regulated") };
  assert_string_equal(sfi_check_bands(inv, 3, &i), "sfi.error.band_max_below_min");
  assert_int_equal(i, 1);
}

static void test_check_delegation(void **state){
  (void)state;
  struct sfi_deleg_row ok[] = { deleg("cluster_lead", 1000000), deleg("pcpg_signatory", 10000000), deleg("hb_officer", 100000000) };
  assert_null(sfi_check_delegation(ok, 3));
  assert_null(sfi_check_delegation(ok+1, 2));       /* no cluster lead: fine */
  struct sfi_deleg_row inv[] = { deleg("cluster_lead", 10000000), deleg("pcpg_signatory", 10000000) };
  assert_string_equal(sfi_check_delegation(inv, 2), "sfi.error.delegation_order");
  struct sfi_deleg_row inv2[] = { deleg("hb_officer", 100), deleg("cluster_lead", 1000) };
  assert_string_equal(sfi_check_delegation(inv2, 2), "sfi.error.delegation_order");
  struct sfi_deleg_row twice[] = { deleg("hb_officer", 100), deleg("hb_officer", 1000) };
  assert_string_equal(sfi_check_delegation(twice, 2), "sfi.error.delegation_twice");
  struct sfi_deleg_row role[] = { deleg("admin", 100) };
  assert_string_equal(sfi_check_delegation(role, 1), "sfi.error.delegation_role");
  assert_string_equal(sfi_check_delegation(ok, 0), "sfi.error.delegation_none");
}

static void test_supplier_key(void **state){
  (void)state;
  char z[32];
  sfi_supplier_key("  Acme   Health\tLtd ", z, sizeof z);
  assert_string_equal(z, "acme health ltd");
  sfi_supplier_key("ACME HEALTH LTD", z, sizeof z);
  assert_string_equal(z, "acme health ltd");
  sfi_supplier_key("Fferyllfa Ŵyn", z, sizeof z);
  assert_string_equal(z, "fferyllfa Ŵyn");            /* only ASCII folded */
  sfi_supplier_key(0, z, sizeof z);
  assert_string_equal(z, "");
  sfi_supplier_key("   ", z, sizeof z);
  assert_string_equal(z, "");
  char s[6];
  sfi_supplier_key("abcdŴ", s, sizeof s);             /* no half a character */
  assert_string_equal(s, "abcd");
}

static void test_months(void **state){
  (void)state;
  char a[COMMITMENT_MONTHS_MAX][8];
  assert_int_equal(commitment_months("2026-04-15", "2027-03-31", a, COMMITMENT_MONTHS_MAX), 12);
  assert_string_equal(a[0], "2026-04");
  assert_string_equal(a[11], "2027-03");
  assert_int_equal(commitment_months("2026-12-01", "2027-01-01", a, COMMITMENT_MONTHS_MAX), 2);
  assert_string_equal(a[1], "2027-01");
  assert_int_equal(commitment_months("2026-05-01", "2026-05-31", a, COMMITMENT_MONTHS_MAX), 1);
  assert_int_equal(commitment_months("2026-05-01", "2026-04-30", a, COMMITMENT_MONTHS_MAX), -1);
  assert_int_equal(commitment_months("2026-04-01", "2036-04-01", a, COMMITMENT_MONTHS_MAX), 0);
  assert_int_equal(commitment_months("2026-04-01", "2036-03-31", a, COMMITMENT_MONTHS_MAX), 120);
  assert_int_equal(commitment_months("x", "2026-04-01", a, COMMITMENT_MONTHS_MAX), -1);
}

/* ---- on a database ---- */

struct fixture { struct db *db; long long cluster, pcpg, hb, alloc; struct user lead, hbUser, other; };

static int setup(void **state){
  struct fixture *f = calloc(1, sizeof *f);
  if( fx_db_open(&f->db) ){ free(f); return -1; }
  *state = f;
  return 0;
}

static int teardown(void **state){
  fx_teardown(state);   /* closes the database */
  free(*state);
  *state = 0;
  return 0;
}

static void prepare(struct fixture *f){
  f->cluster = fx_unit_id(f->db, "2026-12-01", "cardiff-south-west");
  f->hb = fx_unit_id(f->db, "2026-12-01", "cardiff-and-vale-university-health-board");
  fx_make_user(f->db, "2026-12-01", &f->lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  fx_make_user(f->db, "2026-12-01", &f->other, "lead2@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  fx_make_user(f->db, "2026-12-01", &f->hbUser, "hb@example.wales", ROLE_HEALTH_BOARD,
               "cardiff-and-vale-university-health-board");
  struct stmt *s = db_prepare(f->db,
    "INSERT INTO finance_allocation(unit_id,year,stream,kind,amount_pence,created_at,updated_at)"
    " VALUES(?1,'2026/27','Cluster funding','recurrent',17500000,0,0) RETURNING id");
  stmt_bind_int(s, 1, f->cluster);
  assert_int_equal(stmt_step(s), 1);
  f->alloc = stmt_int(s, 0);
  stmt_done(s);
}

static long long request(struct fixture *f, const char *zKind, const char *zSupplier, long long value,
                         const char *zStart, const char *zEnd, struct field_errors *e){
  struct commitment_input in = {
    .allocationId = f->alloc, .zKind = zKind, .zTitle = "Something", .zSupplier = zSupplier,
    .valuePence = value, .zStartOn = zStart, .zEndOn = zEnd,
  };
  memset(e, 0, sizeof *e);
  assert_true(db_begin(f->db));
  long long id = commitment_request_tx(f->db, &f->lead, f->cluster, &in, 0, 1000, "2026-12-01", e);
  if( id>0 ) assert_true(db_commit(f->db)); else db_rollback(f->db);
  return id;
}

static void test_route_db(void **state){
  struct fixture *f = *state;
  prepare(f);
  struct sfi_route_result r;
  assert_true(sfi_route_check(f->db, f->cluster, 500000, "Acme", "2026-06-01", 0, &r));
  assert_true(r.versionId>0);
  assert_string_equal(r.zRoute, "one_quote");
  assert_string_equal(r.zApproverRole, "cluster_lead");
  assert_false(r.bDecisionRequired);
  assert_non_null(strstr(r.zRule, "Example 1.1"));
  assert_true(sfi_route_check(f->db, f->cluster, 500001, "Acme", "2026-06-01", 0, &r));
  assert_string_equal(r.zRoute, "three_quotes");
  assert_true(sfi_route_check(f->db, f->cluster, 2500001, "", "2026-06-01", 0, &r));
  assert_string_equal(r.zRoute, "sell2wales");
  assert_string_equal(r.zApproverRole, "pcpg_signatory");
  assert_true(r.bDecisionRequired);
  assert_true(sfi_route_check(f->db, f->cluster, 100000001, "", "2026-06-01", 0, &r));
  assert_string_equal(r.zRoute, "regulated");
  assert_string_equal(r.zApproverRole, "");           /* above every limit */
  assert_false(sfi_route_check(f->db, f->cluster, -1, "", "2026-06-01", 0, &r));
  assert_false(sfi_route_check(f->db, f->cluster, 1, "", "June", 0, &r));

  /* split orders: three of £4,000 to the same supplier */
  struct field_errors e;
  long long a = request(f, "order", "Acme Ltd", 400000, "2026-06-01", 0, &e);
  assert_true(a>0);
  long long b = request(f, "order", " ACME  ltd", 400000, "2026-07-01", 0, &e);
  assert_true(b>0);
  assert_true(sfi_route_check(f->db, f->cluster, 400000, "acme ltd", "2026-08-01", 0, &r));
  assert_int_equal(r.aggregatedPence, 1200000);
  assert_string_equal(r.zRoute, "three_quotes");
  assert_string_equal(r.zApproverRole, "pcpg_signatory");
  /* the commitment itself is not added to itself */
  assert_true(sfi_route_check(f->db, f->cluster, 400000, "acme ltd", "2026-08-01", b, &r));
  assert_int_equal(r.aggregatedPence, 800000);
  /* another financial year does not count */
  assert_true(sfi_route_check(f->db, f->cluster, 400000, "acme ltd", "2027-04-01", 0, &r));
  assert_int_equal(r.aggregatedPence, 400000);
  /* declined ones do not count */
  struct stmt *s = db_prepare(f->db, "UPDATE finance_commitment SET status='declined' WHERE id=?1");
  stmt_bind_int(s, 1, a);
  assert_true(stmt_exec(s));
  assert_true(sfi_route_check(f->db, f->cluster, 400000, "acme ltd", "2026-08-01", 0, &r));
  assert_int_equal(r.aggregatedPence, 800000);

  /* the second order was checked with the first */
  s = db_prepare(f->db, "SELECT aggregated_pence, route, approver_role, year, supplier_key FROM finance_commitment WHERE id=?1");
  stmt_bind_int(s, 1, b);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 800000);
  assert_string_equal(stmt_text(s, 1), "three_quotes");
  assert_string_equal(stmt_text(s, 2), "cluster_lead");
  assert_string_equal(stmt_text(s, 3), "2026/27");
  assert_string_equal(stmt_text(s, 4), "acme ltd");
  stmt_done(s);
}

static void test_request_db(void **state){
  struct fixture *f = *state;
  prepare(f);
  struct field_errors e;
  /* a post: £35,000.01 over 12 months: months add up exactly */
  long long id = request(f, "post", "NHS", 3500001, "2026-04-01", "2027-03-31", &e);
  assert_true(id>0);
  struct stmt *s = db_prepare(f->db,
    "SELECT COUNT(*), SUM(amount_pence), MIN(amount_pence), MAX(amount_pence) FROM finance_commitment_month WHERE commitment_id=?1");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 12);
  assert_int_equal(stmt_int(s, 1), 3500001);
  assert_int_equal(stmt_int(s, 2), 291666);
  assert_int_equal(stmt_int(s, 3), 291667);
  stmt_done(s);
  s = db_prepare(f->db, "SELECT COUNT(*) FROM audit_log WHERE entity='finance_commitment' AND entity_id=?1");
  stmt_bind_int(s, 1, id);
  assert_int_equal(fx_count_stmt(s), 1);
  s = db_prepare(f->db, "SELECT decision_required, approver_role FROM finance_commitment WHERE id=?1");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 1);
  assert_string_equal(stmt_text(s, 1), "pcpg_signatory");
  stmt_done(s);

  /* refusals */
  assert_int_equal(request(f, "lease", "X", 100, "2026-04-01", 0, &e), 0);
  fx_expect_field_error(&e, "kind", "commitment.error.kind");
  assert_int_equal(request(f, "contract", "X", 100, "2026-04-01", 0, &e), 0);
  fx_expect_field_error(&e, "end_on", "commitment.error.end_on_required");
  assert_int_equal(request(f, "contract", "X", 100, "2026-04-01", "2026-03-01", &e), 0);
  fx_expect_field_error(&e, "end_on", "commitment.error.end_before_start");
  assert_int_equal(request(f, "order", "X", 0, "2026-04-01", 0, &e), 0);
  fx_expect_field_error(&e, "value", "commitment.error.value");
  assert_int_equal(request(f, "order", "", 10, "2026-04-01", 0, &e), 0);
  fx_expect_field_error(&e, "supplier", "commitment.error.supplier_required");
  assert_int_equal(request(f, "order", "X", 100000001, "2026-04-01", 0, &e), 0);
  fx_expect_field_error(&e, "value", "commitment.error.no_approver");
  assert_int_equal(request(f, "contract", "X", 100, "2026-04-01", "2036-04-01", &e), 0);
  fx_expect_field_error(&e, "end_on", "commitment.error.too_long_life");
  f->alloc += 1000;
  assert_int_equal(request(f, "order", "X", 100, "2026-04-01", 0, &e), 0);
  fx_expect_field_error(&e, "allocation", "commitment.error.allocation");
  f->alloc -= 1000;
  s = db_prepare(f->db, "SELECT COUNT(*) FROM finance_commitment");
  assert_int_equal(fx_count_stmt(s), 1);
}

static void test_may_approve_db(void **state){
  struct fixture *f = *state;
  prepare(f);
  const char *zToday = "2026-12-01";
  assert_true(sfi_may_approve(f->db, &f->lead, f->cluster, "cluster_lead", zToday));
  assert_false(sfi_may_approve(f->db, &f->lead, f->cluster, "pcpg_signatory", zToday));
  assert_false(sfi_may_approve(f->db, &f->hbUser, f->cluster, "cluster_lead", zToday));
  assert_false(sfi_may_approve(f->db, &f->lead, f->cluster, "", zToday));
  /* the health board user named officer of the board: any role up to it */
  struct stmt *s = db_prepare(f->db,
    "INSERT INTO sfi_signatory(unit_id,user_id,approver_role,valid_from,valid_to,created_at)"
    " VALUES(?1,?2,'hb_officer','2026-04-01',?3,0)");
  stmt_bind_int(s, 1, f->hb);
  stmt_bind_int(s, 2, f->hbUser.id);
  stmt_bind_text(s, 3, "2026-12-31");
  assert_true(stmt_exec(s));
  assert_true(sfi_may_approve(f->db, &f->hbUser, f->cluster, "hb_officer", zToday));
  assert_true(sfi_may_approve(f->db, &f->hbUser, f->cluster, "pcpg_signatory", zToday));
  assert_true(sfi_may_approve(f->db, &f->hbUser, f->cluster, "cluster_lead", zToday));
  assert_false(sfi_may_approve(f->db, &f->hbUser, f->cluster, "hb_officer", "2027-01-01"));  /* ended */
  assert_false(sfi_may_approve(f->db, &f->hbUser, f->cluster, "hb_officer", "2026-03-31"));  /* not yet */
  /* not for a cluster of another board */
  long long afan = fx_unit_id(f->db, zToday, "afan");
  assert_false(sfi_may_approve(f->db, &f->hbUser, afan, "cluster_lead", zToday));
}

/* Approval checks the route again: a second order to the same supplier
** after the first was asked for raises the approver the first needs. */
static void test_approve_db(void **state){
  struct fixture *f = *state;
  prepare(f);
  const char *zToday = "2026-12-01";
  struct field_errors e;
  long long a = request(f, "order", "Acme", 800000, "2026-06-01", 0, &e);   /* £8,000: cluster lead */
  assert_true(a>0);
  /* the requester may not approve */
  memset(&e, 0, sizeof e);
  assert_int_equal(commitment_approve(f->db, &f->lead, a, 0, 2000, zToday, &e), 0);
  fx_expect_field_error(&e, "decision", "commitment.why.requester");
  /* another cluster lead of the cluster may, until a second order to Acme
  ** takes the supplier's year to £16,000 */
  long long b = request(f, "order", "acme", 800000, "2026-07-01", 0, &e);
  assert_true(b>0);
  memset(&e, 0, sizeof e);
  assert_int_equal(commitment_approve(f->db, &f->other, a, 0, 2000, zToday, &e), 0);
  fx_expect_field_error(&e, "decision", "commitment.why.changed");
  /* b needs a PCPG signatory now: a cluster lead may not decline it */
  memset(&e, 0, sizeof e);
  assert_int_equal(commitment_decline(f->db, &f->other, b, "", 2000, zToday, &e), 0);
  fx_expect_field_error(&e, "reason", "commitment.error.reason_required");
  memset(&e, 0, sizeof e);
  assert_int_equal(commitment_decline(f->db, &f->other, b, "Split order", 2000, zToday, &e), 0);
  fx_expect_field_error(&e, "reason", "commitment.why.pcpg_signatory");
  /* cancelling b brings a back under the cluster lead's limit */
  memset(&e, 0, sizeof e);
  assert_int_equal(commitment_cancel(f->db, &f->lead, b, 2000, zToday, &e), 1);
  memset(&e, 0, sizeof e);
  assert_int_equal(commitment_approve(f->db, &f->other, a, 0, 2000, zToday, &e), 1);
  struct commitment c;
  assert_true(commitment_get(f->db, a, &c));
  assert_string_equal(c.zStatus, "committed");
  assert_int_equal(c.approvedBy, f->other.id);
  assert_int_equal(c.aggregatedPence, 800000);
  /* approved once: not again; cancelled by the unit's writer */
  memset(&e, 0, sizeof e);
  assert_int_equal(commitment_approve(f->db, &f->other, a, 0, 2000, zToday, &e), 0);
  fx_expect_field_error(&e, "decision", "commitment.why.not_requested");
  memset(&e, 0, sizeof e);
  assert_int_equal(commitment_cancel(f->db, &f->hbUser, a, 2000, "2026-12-01", &e), 1);
  memset(&e, 0, sizeof e);
  assert_int_equal(commitment_cancel(f->db, &f->lead, a, 2000, zToday, &e), 0);
  fx_expect_field_error(&e, "cancel", "commitment.error.not_open");
  /* every step audited: a (request, approve, cancel), b (request, cancel) */
  struct stmt *s = db_prepare(f->db, "SELECT COUNT(*) FROM audit_log WHERE entity='finance_commitment'");
  assert_int_equal(fx_count_stmt(s), 5);
  /* the database itself refuses an approval by the requester */
  s = db_prepare(f->db, "UPDATE finance_commitment SET approved_by=requested_by WHERE id=?1");
  stmt_bind_int(s, 1, b);
  assert_false(stmt_exec(s));
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_choose),
    cmocka_unit_test(test_check_bands),
    cmocka_unit_test(test_check_delegation),
    cmocka_unit_test(test_supplier_key),
    cmocka_unit_test(test_months),
    cmocka_unit_test_setup_teardown(test_route_db, setup, teardown),
    cmocka_unit_test_setup_teardown(test_request_db, setup, teardown),
    cmocka_unit_test_setup_teardown(test_may_approve_db, setup, teardown),
    cmocka_unit_test_setup_teardown(test_approve_db, setup, teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
