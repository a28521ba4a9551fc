/*
** The annual plan's pure arithmetic (src/domain/plan.h): financial years
** written '2026/27', their quarters (April to June is the first, January
** to March the fourth), the SMART gaps of an objective and the next
** objective ref. Every expected value is worked by hand. Then the
** writes on a database: who may write (the cluster's lead; not a member,
** another cluster's lead or a national user), the read-only rule of an
** agreed plan, and each write walked with its first, second, ...
** database call failing: nothing half-written, no transaction left open,
** a message for the user in both catalogues, and the run that succeeds
** audited.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "db/db.h"
#include "domain/action.h"
#include "domain/plan.h"
#include "fixture.h"
#include "fault_walk.h"

static void test_year_parse(void **state){
  (void)state;
  int y = 0;
  assert_true(plan_year_parse("2026/27", &y));
  assert_int_equal(y, 2026);
  assert_true(plan_year_parse("2099/00", &y)==false);   /* beyond 2098 */
  assert_true(plan_year_parse("2098/99", &y));
  assert_int_equal(y, 2098);
  assert_true(plan_year_parse("2029/30", &y));
  assert_int_equal(y, 2029);
  assert_false(plan_year_parse("2026/28", &y));  /* not the next year */
  assert_false(plan_year_parse("2026-27", &y));
  assert_false(plan_year_parse("2026/2027", &y));
  assert_false(plan_year_parse("26/27", &y));
  assert_false(plan_year_parse("1999/00", &y));
  assert_false(plan_year_parse("", &y));
  assert_false(plan_year_parse(0, &y));
  assert_false(plan_year_parse("2a26/27", &y));
}

static void test_year_of_date(void **state){
  (void)state;
  char z[8];
  plan_year_of_date("2026-12-07", z);
  assert_string_equal(z, "2026/27");
  plan_year_of_date("2027-03-31", z);
  assert_string_equal(z, "2026/27");
  plan_year_of_date("2027-04-01", z);
  assert_string_equal(z, "2027/28");
  plan_year_of_date("2026-04-01", z);
  assert_string_equal(z, "2026/27");
  plan_year_of_date("2026-03-31", z);
  assert_string_equal(z, "2025/26");
  plan_year_of_date("2099-12-31", z);
  assert_string_equal(z, "2099/00");
  plan_year_of_date("not a date", z);
  assert_string_equal(z, "");
  plan_year_of_date("2026-02-30", z);
  assert_string_equal(z, "");
  plan_year_format(2027, z);
  assert_string_equal(z, "2027/28");
}

static void test_quarters(void **state){
  (void)state;
  char zFrom[11], zTo[11];
  plan_quarter_dates(2026, 1, zFrom, zTo);
  assert_string_equal(zFrom, "2026-04-01");
  assert_string_equal(zTo, "2026-06-30");
  plan_quarter_dates(2026, 2, zFrom, zTo);
  assert_string_equal(zFrom, "2026-07-01");
  assert_string_equal(zTo, "2026-09-30");
  plan_quarter_dates(2026, 3, zFrom, zTo);
  assert_string_equal(zFrom, "2026-10-01");
  assert_string_equal(zTo, "2026-12-31");
  plan_quarter_dates(2026, 4, zFrom, zTo);
  assert_string_equal(zFrom, "2027-01-01");
  assert_string_equal(zTo, "2027-03-31");

  assert_int_equal(plan_quarter_of("2026/27", "2026-03-31"), 0);
  assert_int_equal(plan_quarter_of("2026/27", "2026-04-01"), 1);
  assert_int_equal(plan_quarter_of("2026/27", "2026-06-30"), 1);
  assert_int_equal(plan_quarter_of("2026/27", "2026-07-01"), 2);
  assert_int_equal(plan_quarter_of("2026/27", "2026-12-07"), 3);
  assert_int_equal(plan_quarter_of("2026/27", "2027-01-01"), 4);
  assert_int_equal(plan_quarter_of("2026/27", "2027-03-31"), 4);
  assert_int_equal(plan_quarter_of("2026/27", "2027-04-01"), 5);
  assert_int_equal(plan_quarter_of("2026/28", "2026-12-07"), -1);
  assert_int_equal(plan_quarter_of("2026/27", "7 December"), -1);

  /* In December 2026 the third quarter has begun: 1 to 3 may be recorded. */
  assert_int_equal(plan_quarter_latest("2026/27", "2026-12-07"), 3);
  assert_int_equal(plan_quarter_latest("2026/27", "2026-03-01"), 0);
  assert_int_equal(plan_quarter_latest("2026/27", "2028-05-01"), 4);
  assert_int_equal(plan_quarter_latest("2027/28", "2026-12-07"), 0);
}

static void test_smart(void **state){
  (void)state;
  assert_int_equal(plan_smart_gaps(true, "80%", "2027-03-31", 7), 0);
  assert_int_equal(plan_smart_gaps(false, "80%", "2027-03-31", 7), PLAN_GAP_MEASURE);
  assert_int_equal(plan_smart_gaps(true, "  ", "2027-03-31", 7), PLAN_GAP_TARGET);
  assert_int_equal(plan_smart_gaps(true, "80%", "", 7), PLAN_GAP_DATE);
  assert_int_equal(plan_smart_gaps(true, "80%", "31/03/2027", 7), PLAN_GAP_DATE);
  assert_int_equal(plan_smart_gaps(true, "80%", 0, 7), PLAN_GAP_DATE);
  assert_int_equal(plan_smart_gaps(true, "80%", "2027-03-31", 0), PLAN_GAP_OWNER);
  unsigned g = plan_smart_gaps(false, "", "", 0);
  assert_int_equal(g, PLAN_GAP__ALL);
  assert_int_equal(plan_smart_gap_count(g), 4);
  assert_int_equal(plan_smart_gap_count(PLAN_GAP_TARGET|PLAN_GAP_OWNER), 2);
  assert_int_equal(plan_smart_gap_count(0), 0);
}

static void test_next_ref(void **state){
  (void)state;
  char z[16];
  plan_next_ref(0, 0, z);
  assert_string_equal(z, "O1");
  const char *a[] = { "O1", "O2", "O7", "X9", "O", "Oa3" };
  plan_next_ref(a, 6, z);
  assert_string_equal(z, "O8");     /* after the highest, never reused */
  const char *b[] = { "O3" };
  plan_next_ref(b, 1, z);
  assert_string_equal(z, "O4");
}


/* ---- on a database ---- */

#define TODAY "2026-12-07"

struct pfix {
  struct db *db;                 /* first: fx_teardown closes it */
  long long unit, owner, action, decision, reference;
  struct user lead, member, leadAfan, national;
  long long plan, objective;
};

static long long n_audit(struct db *db){ return fx_count(db, "SELECT count(*) FROM audit_log"); }

static int pfix_setup(void **state){
  struct pfix *f = calloc(1, sizeof *f);
  if( !f ) return -1;
  if( fx_db_open_sqlite(&f->db) ){ free(f); return -1; }
  *state = f;
  return 0;
}
static int pfix_teardown(void **state){
  fx_teardown(state);
  free(*state);
  return 0;
}

/* The scenario: the lead, a member, another cluster's lead, a national
** user; an owner who is a member; an action of the unit; a decision of
** one of its meetings (written directly: the meeting's rules are not the
** subject here); an IMTP objective of its health board. */
static void scenario(struct pfix *f){
  struct db *db = f->db;
  f->unit = fx_unit_id(db, TODAY, "cardiff-south-west");
  fx_make_user(db, TODAY, &f->lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  fx_make_user(db, TODAY, &f->member, "member@example.wales", ROLE_MEMBER, "cardiff-south-west");
  fx_make_user(db, TODAY, &f->leadAfan, "lead.afan@example.wales", ROLE_CLUSTER_LEAD, "afan");
  fx_make_user(db, TODAY, &f->national, "national@example.wales", ROLE_NATIONAL, "wales");
  f->owner = fx_add_person(db, &f->lead, f->unit, TODAY, "Rhys Owen", "cluster_development_manager", "core", "yes", "2026-01-01", 0);
  struct field_errors e = {0};
  char zLead[24];
  snprintf(zLead, sizeof zLead, "%lld", f->owner);
  struct action_input ai = { .zDescription = "Audit antibiotic prescribing", .zLeadPersonId = zLead, .zDue = "" };
  f->action = action_create(db, &f->lead, f->unit, &ai, TODAY, &e);
  if( f->action<=0 ) fail_msg("action: %s", e.n ? e.a[0].zKey : "refused");
  struct stmt *s = db_prepare(db,
    "INSERT INTO meeting(unit_id,title,starts_at,ends_at,created_at,updated_at)"
    " VALUES(?1,'Cluster meeting','2026-11-10T13:30','2026-11-10T15:30',0,0) RETURNING id");
  stmt_bind_int(s, 1, f->unit);
  assert_int_equal(stmt_step(s), 1);
  long long meeting = stmt_int(s, 0);
  stmt_done(s);
  s = db_prepare(db,
    "INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,created_at,updated_at)"
    " VALUES(?1,1,'Cluster plan','decision',20,0,0) RETURNING id");
  stmt_bind_int(s, 1, meeting);
  assert_int_equal(stmt_step(s), 1);
  long long item = stmt_int(s, 0);
  stmt_done(s);
  s = db_prepare(db,
    "INSERT INTO decision(agenda_item_id,text,vote_kind,quorum_required,quorum_present,created_at)"
    " VALUES(?1,'The plan is agreed','none',3,5,0) RETURNING id");
  stmt_bind_int(s, 1, item);
  assert_int_equal(stmt_step(s), 1);
  f->decision = stmt_int(s, 0);
  stmt_done(s);
  s = db_prepare(db,
    "INSERT INTO plan_reference(kind,unit_id,code,title_en,title_cy,sort_order,demo,created_at,updated_at)"
    " VALUES('imtp',?1,'T1','Test objective','Amcan prawf',1,0,0,0) RETURNING id");
  stmt_bind_int(s, 1, fx_unit_id(db, TODAY, "cardiff-and-vale-university-health-board"));
  assert_int_equal(stmt_step(s), 1);
  f->reference = stmt_int(s, 0);
  stmt_done(s);
}

typedef long long (*pwrite_fn)(struct pfix *, struct field_errors *);
static int nProblem;

/* Run fn failing its n-th database call on a copy of the database, for
** n = 1, 2, ... until the fault is not reached; then on the database. */
static long long walk(struct pfix *f, const char *zName, pwrite_fn fn, bool bFieldErrors){
  struct db *db = f->db;
  unsigned long long before = db_digest(db);
  long long nAuditBefore = n_audit(db);
  long long n;
  for(n=1; ; n++){
    if( n>=5000 ) fail_msg("%s: never ran to the end", zName);
    struct field_errors e = {0};
    fault_copy(&f->db, n);
    long long rc = fn(f, &e);
    struct fault_run r = fault_restore(&f->db, db);
    if( !r.bFired ) break;
    const char *zWhy = 0;
    if( r.bOpen ) zWhy = "a transaction left open";
    else if( rc>0 ) zWhy = "reported success";
    else if( r.after!=before ) zWhy = "half-written";
    else if( bFieldErrors && r.bInTx && e.n==0 ) zWhy = "no message for the user";
    if( !zWhy && fault_unknown_key(&e) ) zWhy = "a message missing from a catalogue";
    if( zWhy ){ print_message("PROBLEM %s: call %lld: %s\n", zName, n, zWhy); nProblem++; }
  }
  struct field_errors e = {0};
  long long rc = fn(f, &e);
  if( rc<=0 ) fail_msg("%s: refused without a fault (%lld: %s)", zName, rc, e.n ? e.a[0].zKey : "no message");
  if( n_audit(db)<=nAuditBefore ) fail_msg("%s: succeeded without an audit entry", zName);
  print_message("%-24s %3lld database calls, each failed in turn\n", zName, n-1);
  return rc;
}

static long long w_plan_create(struct pfix *f, struct field_errors *e){
  struct plan_input in = { "2025/26", "Healthier lives in Cardiff South West", "" };
  return plan_create(f->db, &f->lead, f->unit, &in, TODAY, e);
}
static struct plan_objective_input obj_input(struct pfix *f, const char *zTitle, char zOwner[24]){
  snprintf(zOwner, 24, "%lld", f->owner);
  return (struct plan_objective_input){ zTitle, "", "", "", "Below the Wales rate", "350", "2026-03-31", zOwner };
}
static long long w_objective_create(struct pfix *f, struct field_errors *e){
  char zOwner[24];
  struct plan_objective_input in = obj_input(f, "Fewer antibiotic items", zOwner);
  return plan_objective_create(f->db, &f->lead, f->plan, &in, TODAY, e);
}
static long long w_objective_update(struct pfix *f, struct field_errors *e){
  char zOwner[24];
  struct plan_objective_input in = obj_input(f, "Fewer antibiotic items prescribed", zOwner);
  return plan_objective_update(f->db, &f->lead, f->plan, f->objective, &in, TODAY, e);
}
static long long w_align(struct pfix *f, struct field_errors *e){
  char z[32];
  snprintf(z, sizeof z, "ref-%lld", f->reference);
  return plan_alignment_add(f->db, &f->lead, f->plan, f->objective, z, TODAY, e);
}
static long long w_link(struct pfix *f, struct field_errors *e){
  return plan_action_link(f->db, &f->lead, f->plan, f->objective, f->action, TODAY, e);
}
static long long w_unlink(struct pfix *f, struct field_errors *e){
  (void)e;
  return plan_action_unlink(f->db, &f->lead, f->plan, f->objective, f->action, TODAY);
}
static long long w_agree(struct pfix *f, struct field_errors *e){
  return plan_agree(f->db, &f->lead, f->plan, f->decision, true, TODAY, e);
}
static long long w_progress(struct pfix *f, struct field_errors *e){
  return plan_progress_record(f->db, &f->lead, f->plan, f->objective, "3", "amber", "Audit under way", TODAY, e);
}

static void test_writes_and_faults(void **state){
  struct pfix *f = *state;
  scenario(f);
  nProblem = 0;
  f->plan = walk(f, "plan_create", w_plan_create, true);
  f->objective = walk(f, "plan_objective_create", w_objective_create, true);
  walk(f, "plan_objective_update", w_objective_update, true);
  walk(f, "plan_alignment_add", w_align, true);
  walk(f, "plan_action_link", w_link, true);
  walk(f, "plan_action_unlink", w_unlink, false);
  walk(f, "plan_action_link again", w_link, true);
  walk(f, "plan_agree", w_agree, true);
  walk(f, "plan_progress_record", w_progress, true);
  assert_int_equal(nProblem, 0);
  struct plan p;
  assert_true(plan_load(f->db, f->plan, &p));
  assert_string_equal(p.zStatus, "agreed");
  struct plan_objective o;
  assert_true(plan_objective_get(f->db, f->plan, f->objective, &o));
  assert_string_equal(o.zRef, "O1");
  assert_int_equal(o.gaps, PLAN_GAP_MEASURE);
  assert_string_equal(o.zLatestRag, "amber");
  assert_int_equal(o.latestQuarter, 3);
}

static void test_who_and_read_only(void **state){
  struct pfix *f = *state;
  scenario(f);
  struct field_errors e = {0};
  struct plan_input in = { "2025/26", "", "" };
  assert_int_equal(plan_create(f->db, &f->member, f->unit, &in, TODAY, &e), -1);
  assert_int_equal(plan_create(f->db, &f->leadAfan, f->unit, &in, TODAY, &e), -1);
  assert_int_equal(plan_create(f->db, &f->national, f->unit, &in, TODAY, &e), -1);
  memset(&e, 0, sizeof e);
  f->plan = plan_create(f->db, &f->lead, f->unit, &in, TODAY, &e);
  assert_true(f->plan>0);
  struct plan p;
  assert_true(plan_get_visible(f->db, &f->member, f->plan, TODAY, &p));
  assert_false(p.bCanWrite);
  assert_true(plan_get_visible(f->db, &f->national, f->plan, TODAY, &p));
  assert_false(p.bCanWrite);
  assert_false(plan_get_visible(f->db, &f->leadAfan, f->plan, TODAY, &p));
  char zOwner[24];
  struct plan_objective_input oi = obj_input(f, "An objective", zOwner);
  assert_int_equal(plan_objective_create(f->db, &f->member, f->plan, &oi, TODAY, &e), -1);
  /* No objective: not agreed. */
  memset(&e, 0, sizeof e);
  assert_int_equal(plan_agree(f->db, &f->lead, f->plan, f->decision, true, TODAY, &e), 0);
  assert_string_equal(field_errors_get(&e, "decision"), "plan.error.no_objectives");
  /* A gap not accepted: refused on "gaps". */
  oi.zTarget = "";
  memset(&e, 0, sizeof e);
  f->objective = plan_objective_create(f->db, &f->lead, f->plan, &oi, TODAY, &e);
  assert_true(f->objective>0);
  memset(&e, 0, sizeof e);
  assert_int_equal(plan_agree(f->db, &f->lead, f->plan, f->decision, false, TODAY, &e), 0);
  assert_string_equal(field_errors_get(&e, "gaps"), "plan.error.gaps_not_accepted");
  /* Progress before agreement: refused. */
  memset(&e, 0, sizeof e);
  assert_int_equal(plan_progress_record(f->db, &f->lead, f->plan, f->objective, "1", "green", "x", TODAY, &e), 0);
  assert_string_equal(field_errors_get(&e, "quarter"), "plan.error.not_agreed");
  memset(&e, 0, sizeof e);
  assert_true(plan_agree(f->db, &f->lead, f->plan, f->decision, true, TODAY, &e)>0);
  /* Agreed: read-only but for progress and actions. */
  memset(&e, 0, sizeof e);
  assert_int_equal(plan_objective_create(f->db, &f->lead, f->plan, &oi, TODAY, &e), 0);
  assert_string_equal(field_errors_get(&e, "title"), "plan.error.agreed");
  memset(&e, 0, sizeof e);
  assert_int_equal(plan_objective_delete(f->db, &f->lead, f->plan, f->objective, TODAY, &e), 0);
  assert_string_equal(field_errors_get(&e, "title"), "plan.error.agreed");
  memset(&e, 0, sizeof e);
  assert_int_equal(plan_update(f->db, &f->lead, f->plan, &in, TODAY, &e), 0);
  assert_string_equal(field_errors_get(&e, "vision"), "plan.error.agreed");
  memset(&e, 0, sizeof e);
  assert_true(plan_action_link(f->db, &f->lead, f->plan, f->objective, f->action, TODAY, &e)>0);
  /* 2025/26 is over: its fourth quarter may be recorded; a quarter 5 not. */
  memset(&e, 0, sizeof e);
  assert_true(plan_progress_record(f->db, &f->lead, f->plan, f->objective, "4", "green", "Done", TODAY, &e)>0);
  memset(&e, 0, sizeof e);
  assert_int_equal(plan_progress_record(f->db, &f->lead, f->plan, f->objective, "5", "green", "x", TODAY, &e), 0);
  assert_string_equal(field_errors_get(&e, "quarter"), "plan.error.quarter_invalid");
  /* A member may read but not record. */
  assert_int_equal(plan_progress_record(f->db, &f->member, f->plan, f->objective, "4", "green", "x", TODAY, &e), -1);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_year_parse),
    cmocka_unit_test(test_year_of_date),
    cmocka_unit_test(test_quarters),
    cmocka_unit_test(test_smart),
    cmocka_unit_test(test_next_ref),
    cmocka_unit_test_setup_teardown(test_writes_and_faults, pfix_setup, pfix_teardown),
    cmocka_unit_test_setup_teardown(test_who_and_read_only, pfix_setup, pfix_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
