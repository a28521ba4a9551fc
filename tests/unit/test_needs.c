/*
** Needs assessments and priorities in the database (src/domain/needs.h,
** src/domain/priority.h): who may read and change them, what is refused
** and with which message, and every write with each of its database calls
** failing in turn (as tests/unit/test_faults.c does for the rest): nothing
** half-written, no transaction left open, a message for the user, and the
** run that succeeds audited.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "db/db.h"
#include "domain/needs.h"
#include "domain/priority.h"
#include "html/i18n.h"
#include "fixture.h"
#include "fault_walk.h"

struct fixture {
  struct db *db;                  /* first: fx_teardown closes it */
  char zToday[11];
  char zYear[NEEDS_YEAR_MAX];
  long long unit, board;
  struct user lead, leadAfan, member, hb, national;
  long long needs, evidence, finding, priority;
  char zFinding[24], zEvidence[24];
};

static int setup_with(void **state, int (*xOpen)(struct db **)){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( xOpen(&f.db) ) return -1;
  text_today(f.zToday);
  needs_year_of(f.zToday, f.zYear);
  f.unit = fx_unit_id(f.db, f.zToday, "cardiff-south-west");
  f.board = fx_unit_id(f.db, f.zToday, "cardiff-and-vale-university-health-board");
  fx_make_cast(f.db, f.zToday, (struct fx_cast){ .lead = &f.lead, .leadAfan = &f.leadAfan, .member = &f.member,
                                                  .hb = &f.hb, .national = &f.national });
  *state = &f;
  return 0;
}
static int setup(void **state){ return setup_with(state, fx_db_open); }
static int setup_sqlite(void **state){ return setup_with(state, fx_db_open_sqlite); }

static void test_who_may(void **state){
  struct fixture *f = *state;
  struct field_errors e = {0};
  assert_int_equal(needs_create(f->db, &f->member, f->unit, f->zYear, "", f->zToday, &e), -1);
  assert_int_equal(needs_create(f->db, &f->national, f->unit, f->zYear, "", f->zToday, &e), -1);
  assert_int_equal(needs_create(f->db, &f->leadAfan, f->unit, f->zYear, "", f->zToday, &e), -1);
  assert_int_equal(e.n, 0);
  /* A health board assesses no needs of its own here. */
  assert_int_equal(needs_create(f->db, &f->hb, f->board, f->zYear, "", f->zToday, &e), 0);
  fx_expect_field_error(&e, "unit", "needs.error.unit_kind");
  memset(&e, 0, sizeof e);
  assert_int_equal(needs_create(f->db, &f->lead, f->unit, "2026/28", "", f->zToday, &e), 0);
  fx_expect_field_error(&e, "year", "needs.error.year_invalid");
  memset(&e, 0, sizeof e);
  long long id = needs_create(f->db, &f->lead, f->unit, f->zYear, "Diabetes and carers", f->zToday, &e);
  assert_true(id>0);
  assert_int_equal(needs_create(f->db, &f->hb, f->unit, f->zYear, "", f->zToday, &e), 0);
  fx_expect_field_error(&e, "year", "needs.error.year_taken");

  struct needs_assessment *a = malloc(sizeof *a);
  assert_false(needs_get_visible(f->db, &f->leadAfan, id, f->zToday, a));
  assert_true(needs_get_visible(f->db, &f->member, id, f->zToday, a));
  assert_false(a->bCanWrite);
  assert_true(needs_get_visible(f->db, &f->national, id, f->zToday, a));
  assert_false(a->bCanWrite);
  assert_true(needs_get_visible(f->db, &f->hb, id, f->zToday, a));
  assert_true(a->bCanWrite);
  assert_true(needs_get_visible(f->db, &f->lead, id, f->zToday, a));
  assert_true(a->bCanWrite);
  assert_string_equal(a->zSummary, "Diabetes and carers");
  free(a);

  /* Weights: defaults until set; a national user may not set them. */
  int aW[PRIORITY_CRITERIA];
  assert_true(priority_weights(f->db, id, aW));
  for(int i=0; i<PRIORITY_CRITERIA; i++) assert_int_equal(aW[i], priority_default_weight[i]);
  const char *az[PRIORITY_CRITERIA] = { "1", "2", "3", "4", "5", "10" };
  memset(&e, 0, sizeof e);
  assert_int_equal(priority_weights_save(f->db, &f->national, id, az, f->zToday, &e), -1);
  const char *azBad[PRIORITY_CRITERIA] = { "1", "2", "3", "4", "5", "11" };
  assert_int_equal(priority_weights_save(f->db, &f->lead, id, azBad, f->zToday, &e), 0);
  fx_expect_field_error(&e, "weight-alignment", "priority.error.weight_invalid");
  memset(&e, 0, sizeof e);
  assert_int_equal(priority_weights_save(f->db, &f->lead, id, az, f->zToday, &e), id);
  assert_true(priority_weights(f->db, id, aW));
  assert_int_equal(aW[5], 10);
  assert_true(priority_weights_set(f->db, id));

  /* A finding of another assessment is no finding of this one. */
  struct needs_finding_input fi = { "local", "", "", "", "Long waits", "", "" };
  long long fid = needs_finding_save(f->db, &f->lead, id, 0, &fi, f->zToday, &e);
  assert_true(fid>0);
  long long other = needs_create(f->db, &f->lead, f->unit, "2019/20", "", f->zToday, &e);
  assert_true(other>0);
  struct priority_input pi = { "Waits", "", { "1", "2", "3", "4", "5", "0" }, &fid, 1 };
  assert_int_equal(priority_save(f->db, &f->lead, other, 0, &pi, f->zToday, &e), 0);
  fx_expect_field_error(&e, "findings", "priority.error.finding_invalid");
}

/* ---- the fault walk (SQLite: each fault is tried on an in-memory copy) ---- */

typedef long long (*write_fn)(struct fixture *, struct field_errors *);
static long long n_audit(struct fixture *f){ return fx_count(f->db, "SELECT count(*) FROM audit_log"); }

static long long walk(struct fixture *f, const char *zName, write_fn fn){
  struct db *db = f->db;
  unsigned long long before = db_digest(db);
  long long nAuditBefore = n_audit(f);
  long long n;
  for(n=1; ; n++){
    if( n>=10000 ) fail_msg("%s: never ran to the end", zName);
    struct field_errors e = {0};
    fault_copy(&f->db, n);
    long long rc = fn(f, &e);
    struct fault_run r = fault_restore(&f->db, db);
    if( !r.bFired ) break;
    if( r.bOpen ) fail_msg("%s: call %lld: a transaction left open", zName, n);
    if( rc>0 ) fail_msg("%s: call %lld failed, yet the write reported success", zName, n);
    if( r.after!=before ) fail_msg("%s: call %lld: half-written", zName, n);
    if( r.bInTx && e.n==0 ) fail_msg("%s: call %lld: no message for the user", zName, n);
    const char *zKey = fault_unknown_key(&e);
    if( zKey ) fail_msg("%s: call %lld: %s missing from a catalogue", zName, n, zKey);
  }
  struct field_errors e = {0};
  long long rc = fn(f, &e);
  if( rc<=0 ) fail_msg("%s: refused without a fault (%lld: %s)", zName, rc, e.n ? e.a[0].zKey : "no message");
  if( db_digest(db)==before ) fail_msg("%s: succeeded but wrote nothing", zName);
  if( n_audit(f)<=nAuditBefore ) fail_msg("%s: succeeded without an audit entry", zName);
  print_message("%-28s %3lld database calls, each failed in turn\n", zName, n-1);
  return rc;
}

#define WRITE(name) static long long name(struct fixture *f, struct field_errors *e)
WRITE(w_create){ return needs_create(f->db, &f->lead, f->unit, f->zYear, "", f->zToday, e); }
WRITE(w_update){ return needs_update(f->db, &f->lead, f->needs, "Carers and diabetes", f->zToday, e); }
WRITE(w_evidence_add){
  struct needs_evidence_input in = { "rpb_pna", "Population needs assessment", "Carers wait", "https://example.wales/pna" };
  return needs_evidence_save(f->db, &f->lead, f->needs, 0, &in, f->zToday, e);
}
WRITE(w_evidence_edit){
  struct needs_evidence_input in = { "rpb_pna", "Population needs assessment 2023", "Carers wait", "" };
  return needs_evidence_save(f->db, &f->hb, f->needs, f->evidence, &in, f->zToday, e);
}
WRITE(w_finding_add){
  struct needs_finding_input in = { "rpb_pna", f->zEvidence, "", "", "Carers wait for respite", "They burn out", "Respite" };
  return needs_finding_save(f->db, &f->lead, f->needs, 0, &in, f->zToday, e);
}
WRITE(w_finding_edit){
  struct needs_finding_input in = { "rpb_pna", "", "", "", "Carers wait for respite care", "They burn out", "" };
  return needs_finding_save(f->db, &f->lead, f->needs, f->finding, &in, f->zToday, e);
}
WRITE(w_priority_add){
  long long aF[1] = { f->finding };
  struct priority_input in = { "Carers", "Respite for unpaid carers", { "5", "3", "4", "2", "4", "3" }, aF, 1 };
  return priority_save(f->db, &f->lead, f->needs, 0, &in, f->zToday, e);
}
WRITE(w_priority_edit){
  struct priority_input in = { "Unpaid carers", "", { "5", "3", "4", "2", "4", "2" }, 0, 0 };
  return priority_save(f->db, &f->lead, f->needs, f->priority, &in, f->zToday, e);
}
WRITE(w_weights){
  const char *az[PRIORITY_CRITERIA] = { "4", "3", "2", "2", "2", "0" };
  return priority_weights_save(f->db, &f->lead, f->needs, az, f->zToday, e);
}
WRITE(w_priority_delete){ return priority_delete(f->db, &f->lead, f->priority, f->zToday, e); }
WRITE(w_finding_delete){ return needs_finding_delete(f->db, &f->lead, f->needs, f->finding, f->zToday, e); }
WRITE(w_evidence_delete){ return needs_evidence_delete(f->db, &f->lead, f->needs, f->evidence, f->zToday, e); }

static void test_every_write_under_faults(void **state){
  struct fixture *f = *state;
  f->needs = walk(f, "needs_create", w_create);
  walk(f, "needs_update", w_update);
  f->evidence = walk(f, "needs_evidence_save (new)", w_evidence_add);
  snprintf(f->zEvidence, sizeof f->zEvidence, "%lld", f->evidence);
  walk(f, "needs_evidence_save", w_evidence_edit);
  f->finding = walk(f, "needs_finding_save (new)", w_finding_add);
  /* Evidence a finding rests on stays. */
  struct field_errors e = {0};
  assert_int_equal(needs_evidence_delete(f->db, &f->lead, f->needs, f->evidence, f->zToday, &e), 0);
  fx_expect_field_error(&e, "evidence", "needs.error.evidence_in_use");
  f->priority = walk(f, "priority_save (new)", w_priority_add);
  /* A finding a priority was made from stays. */
  memset(&e, 0, sizeof e);
  assert_int_equal(needs_finding_delete(f->db, &f->lead, f->needs, f->finding, f->zToday, &e), 0);
  fx_expect_field_error(&e, "finding", "needs.error.finding_in_use");
  walk(f, "priority_weights_save", w_weights);
  walk(f, "priority_save", w_priority_edit);   /* its findings cleared */
  walk(f, "needs_finding_save", w_finding_edit);  /* its evidence cleared */
  walk(f, "priority_delete", w_priority_delete);
  walk(f, "needs_finding_delete", w_finding_delete);
  walk(f, "needs_evidence_delete", w_evidence_delete);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_who_may, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_every_write_under_faults, setup_sqlite, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
