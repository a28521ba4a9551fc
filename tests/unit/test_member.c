/*
** People and membership (src/domain/member.h): validation with the right
** message per field, nothing written on bad input or without the right
** to write, one cluster lead at a time, and an audit entry with every
** change.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/member.h"
#include "domain/refdata.h"
#include "domain/unit.h"
#include "html/i18n.h"
#include "util/text.h"
#include "fixture.h"

struct fixture {
  struct db *db;                 /* first: fx_teardown closes it */
  char zToday[11];
  long long own, other;          /* cardiff-south-west, afan */
  struct user lead;              /* cluster_lead of cardiff-south-west */
  struct user leadAfan;          /* cluster_lead of afan */
  struct user member;            /* member of cardiff-south-west */
  struct user hb;                /* health_board of Cardiff and Vale */
  struct user national;
};

static long long unit_id(struct fixture *f, const char *zSlug){
  return fx_unit_id(f->db, f->zToday, zSlug);
}

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  f.own = unit_id(&f, "cardiff-south-west");
  f.other = unit_id(&f, "afan");
  fx_make_cast(f.db, f.zToday, (struct fx_cast){ &f.lead, &f.leadAfan, &f.member, &f.hb, &f.national });
  *state = &f;
  return 0;
}

/* ---- helpers ---------------------------------------------------------- */

static struct member_input valid_input(void){
  struct member_input in = {
    .zName = "Dr Rhodri Evans", .zEmail = "rhodri.evans@example.wales",
    .zJobTitle = "GP partner", .zOrganisation = "Riverside Medical Centre",
    .zRole = "gp_collaborative_lead", .zCore = "core", .zVoting = "yes",
    .zFrom = "2024-04-01", .zTo = 0,
  };
  return in;
}

struct counts { long long nPerson, nMembership, nAudit; };
static struct counts counts(struct fixture *f){
  long long a[3];
  fx_counts(f->db,
    "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM membership),"
    "       (SELECT count(*) FROM audit_log WHERE entity='membership')", 3, a);
  return (struct counts){ .nPerson = a[0], .nMembership = a[1], .nAudit = a[2] };
}
static void assert_counts_equal(struct counts a, struct counts b){
  assert_int_equal(a.nPerson, b.nPerson);
  assert_int_equal(a.nMembership, b.nMembership);
  assert_int_equal(a.nAudit, b.nAudit);
}

/* Add as the cluster lead; expect validation to fail on zField with
** zKey, and nothing to be written. */
static void expect_error(struct fixture *f, const struct member_input *in,
                         const char *zField, const char *zKey){
  struct counts before = counts(f);
  struct field_errors e = {0};
  long long id = membership_add(f->db, &f->lead, f->own, in, f->zToday, &e);
  assert_int_equal(id, 0);
  assert_true(e.n>=1);
  /* The key, and every message key in both catalogues. */
  fx_expect_field_error(&e, zField, zKey);
  assert_counts_equal(before, counts(f));
  assert_false(db_in_transaction(f->db));
}

/* ---- field_errors ----------------------------------------------------- */

static void test_field_errors(void **state){
  (void)state;
  struct field_errors e = {0};
  assert_null(field_errors_get(&e, "name"));
  field_errors_add(&e, "name", "error.a");
  field_errors_add(&e, "name", "error.b");    /* the first error per field stays */
  field_errors_add(&e, "email", "error.c");
  assert_int_equal(e.n, 2);
  assert_string_equal(field_errors_get(&e, "name"), "error.a");
  assert_string_equal(field_errors_get(&e, "email"), "error.c");
  char zField[FIELD_ERRORS_MAX+5][16];
  for(int i=0; i<FIELD_ERRORS_MAX+5; i++){
    snprintf(zField[i], sizeof zField[i], "f%d", i);
    field_errors_add(&e, zField[i], "error.x");
  }
  assert_int_equal(e.n, FIELD_ERRORS_MAX);
}

/* ---- membership_add --------------------------------------------------- */

static void test_add_valid(void **state){
  struct fixture *f = *state;
  struct counts before = counts(f);
  struct member_input in = valid_input();
  struct field_errors e = {0};
  long long id = membership_add(f->db, &f->lead, f->own, &in, f->zToday, &e);
  assert_true(id>0);
  assert_int_equal(e.n, 0);
  assert_false(db_in_transaction(f->db));
  struct counts after = counts(f);
  assert_int_equal(after.nPerson, before.nPerson+1);
  assert_int_equal(after.nMembership, before.nMembership+1);
  assert_int_equal(after.nAudit, before.nAudit+1);

  struct membership m;
  assert_true(membership_get(f->db, id, &m));
  assert_int_equal(m.id, id);
  assert_int_equal(m.unitId, f->own);
  assert_string_equal(m.zName, "Dr Rhodri Evans");
  assert_string_equal(m.zEmail, "rhodri.evans@example.wales");
  assert_string_equal(m.zJobTitle, "GP partner");
  assert_string_equal(m.zOrganisation, "Riverside Medical Centre");
  assert_string_equal(m.zRole, "gp_collaborative_lead");
  assert_string_equal(m.zRoleKey, "role.gp_collaborative_lead");
  assert_true(m.bCore);
  assert_true(m.bVoting);
  assert_string_equal(m.zFrom, "2024-04-01");
  assert_string_equal(m.zTo, "");

  struct stmt *s = db_prepare(f->db,
    "SELECT action, entity_id, unit_id, user_id, actor, old_values IS NULL, new_values"
    "  FROM audit_log WHERE entity='membership'");
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "create");
  assert_int_equal(stmt_int(s, 1), id);
  assert_int_equal(stmt_int(s, 2), f->own);
  assert_int_equal(stmt_int(s, 3), f->lead.id);
  assert_non_null(strstr(stmt_text(s, 4), "lead@example.wales"));
  assert_int_equal(stmt_int(s, 5), 1);
  const char *zNew = stmt_text(s, 6);
  assert_non_null(strstr(zNew, "\"name\":\"Dr Rhodri Evans\""));
  assert_non_null(strstr(zNew, "\"role\":\"gp_collaborative_lead\""));
  assert_non_null(strstr(zNew, "\"core\":true"));
  assert_non_null(strstr(zNew, "\"valid_to\":null"));
  assert_int_equal(stmt_step(s), 0);
  stmt_done(s);
}

static void test_add_optional_fields_empty(void **state){
  struct fixture *f = *state;
  struct member_input in = valid_input();
  in.zEmail = "  "; in.zJobTitle = 0; in.zOrganisation = "";
  in.zCore = "attendance"; in.zVoting = "no"; in.zTo = "";
  in.zRole = "finance";
  struct field_errors e = {0};
  long long id = membership_add(f->db, &f->lead, f->own, &in, f->zToday, &e);
  assert_true(id>0);
  struct membership m;
  assert_true(membership_get(f->db, id, &m));
  assert_string_equal(m.zEmail, "");
  assert_false(m.bCore);
  assert_false(m.bVoting);
  assert_string_equal(m.zTo, "");
  /* Empty or blank optional text is stored as NULL, not as "" or "  ". */
  struct stmt *s = db_prepare(f->db,
    "SELECT p.email IS NULL, p.job_title IS NULL, p.organisation IS NULL, m.valid_to IS NULL"
    "  FROM membership m JOIN person p ON p.id=m.person_id WHERE m.id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  for(int i=0; i<4; i++) assert_int_equal(stmt_int(s, i), 1);
  stmt_done(s);
}

static void test_add_invalid(void **state){
  struct fixture *f = *state;
  struct member_input in;

  in = valid_input(); in.zName = "";
  expect_error(f, &in, "name", "error.name_required");
  in = valid_input(); in.zName = 0;
  expect_error(f, &in, "name", "error.name_required");
  in = valid_input(); in.zName = "   ";
  expect_error(f, &in, "name", "error.name_required");
  char zLong[MEMBER_NAME_MAX+2];
  memset(zLong, 'a', sizeof zLong - 1); zLong[sizeof zLong - 1] = 0;
  in = valid_input(); in.zName = zLong;
  expect_error(f, &in, "name", "error.too_long_200");
  in = valid_input(); in.zName = "Bad\x01Name";
  expect_error(f, &in, "name", "error.bad_characters");
  in = valid_input(); in.zName = "Bad\xc0\xafName";
  expect_error(f, &in, "name", "error.bad_characters");
  in = valid_input(); in.zJobTitle = "Line\nbreak";
  expect_error(f, &in, "job_title", "error.bad_characters");
  in = valid_input(); in.zOrganisation = zLong;
  expect_error(f, &in, "organisation", "error.too_long_200");

  in = valid_input(); in.zEmail = "not-an-email";
  expect_error(f, &in, "email", "error.email_invalid");
  in = valid_input(); in.zEmail = "a@b";
  expect_error(f, &in, "email", "error.email_invalid");

  in = valid_input(); in.zFrom = "2026-02-30";
  expect_error(f, &in, "valid_from", "error.date_invalid");
  in = valid_input(); in.zFrom = "01/04/2024";
  expect_error(f, &in, "valid_from", "error.date_invalid");
  in = valid_input(); in.zFrom = "";
  expect_error(f, &in, "valid_from", "error.start_required");
  in = valid_input(); in.zTo = "2025-13-01";
  expect_error(f, &in, "valid_to", "error.date_invalid");
  in = valid_input(); in.zFrom = "2025-05-01"; in.zTo = "2025-04-30";
  expect_error(f, &in, "valid_to", "error.end_before_start");

  in = valid_input(); in.zRole = "emperor";
  expect_error(f, &in, "role", "error.role_required");
  in = valid_input(); in.zRole = "";
  expect_error(f, &in, "role", "error.role_required");

  in = valid_input(); in.zCore = 0;
  expect_error(f, &in, "core", "error.core_required");
  in = valid_input(); in.zCore = "CORE";
  expect_error(f, &in, "core", "error.core_required");
  in = valid_input(); in.zVoting = 0;
  expect_error(f, &in, "voting", "error.voting_required");
  in = valid_input(); in.zVoting = "maybe";
  expect_error(f, &in, "voting", "error.voting_required");
}

static void test_add_many_errors_at_once(void **state){
  struct fixture *f = *state;
  struct member_input in = {0};
  in.zEmail = "bad";
  in.zFrom = "2026-02-30";
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_int_equal(membership_add(f->db, &f->lead, f->own, &in, f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "name"), "error.name_required");
  assert_string_equal(field_errors_get(&e, "email"), "error.email_invalid");
  assert_string_equal(field_errors_get(&e, "role"), "error.role_required");
  assert_string_equal(field_errors_get(&e, "core"), "error.core_required");
  assert_string_equal(field_errors_get(&e, "voting"), "error.voting_required");
  assert_string_equal(field_errors_get(&e, "valid_from"), "error.date_invalid");
  assert_null(field_errors_get(&e, "valid_to"));
  assert_int_equal(e.n, 6);
  assert_counts_equal(before, counts(f));
}

static void test_add_not_allowed(void **state){
  struct fixture *f = *state;
  struct member_input in = valid_input();
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_int_equal(membership_add(f->db, &f->member, f->own, &in, f->zToday, &e), -1);
  assert_int_equal(membership_add(f->db, &f->leadAfan, f->own, &in, f->zToday, &e), -1);
  assert_int_equal(membership_add(f->db, &f->national, f->own, &in, f->zToday, &e), -1);
  assert_int_equal(membership_add(f->db, &f->hb, f->other, &in, f->zToday, &e), -1);
  assert_int_equal(membership_add(f->db, &f->lead, f->other, &in, f->zToday, &e), -1);
  assert_int_equal(membership_add(f->db, 0, f->own, &in, f->zToday, &e), -1);
  /* Refused before validation: bad input from an outsider says nothing. */
  struct member_input bad = {0};
  assert_int_equal(membership_add(f->db, &f->member, f->own, &bad, f->zToday, &e), -1);
  assert_int_equal(e.n, 0);
  assert_counts_equal(before, counts(f));
  /* The health board user and Afan's own lead may. */
  assert_true(membership_add(f->db, &f->hb, f->own, &in, f->zToday, &e)>0);
  assert_true(membership_add(f->db, &f->leadAfan, f->other, &in, f->zToday, &e)>0);
  assert_int_equal(e.n, 0);
}

static void test_one_cluster_lead(void **state){
  struct fixture *f = *state;
  struct member_input in = valid_input();
  in.zRole = "cluster_lead";
  in.zName = "Dr Alys Morgan";
  in.zFrom = "2024-04-01"; in.zTo = "2024-12-31";
  struct field_errors e = {0};
  long long first = membership_add(f->db, &f->lead, f->own, &in, f->zToday, &e);
  assert_true(first>0);

  /* Overlapping by one day (end dates are inclusive). */
  in.zName = "Dr Second Lead";
  in.zFrom = "2024-12-31"; in.zTo = 0;
  expect_error(f, &in, "role", "error.one_cluster_lead");
  /* Inside the first's term. */
  in.zFrom = "2024-06-01"; in.zTo = "2024-07-01";
  expect_error(f, &in, "role", "error.one_cluster_lead");
  /* Covering the first's term. */
  in.zFrom = "2024-01-01"; in.zTo = "2025-06-01";
  expect_error(f, &in, "role", "error.one_cluster_lead");

  /* The day after: fine. */
  in.zFrom = "2025-01-01"; in.zTo = 0;
  long long second = membership_add(f->db, &f->lead, f->own, &in, f->zToday, &e);
  assert_true(second>0);
  /* Now an open-ended lead from 2025: any later lead overlaps. */
  in.zName = "Dr Third Lead";
  in.zFrom = "2030-01-01";
  expect_error(f, &in, "role", "error.one_cluster_lead");
  /* Ending before the first began: fine. */
  in.zFrom = "2023-01-01"; in.zTo = "2024-03-31";
  assert_true(membership_add(f->db, &f->lead, f->own, &in, f->zToday, &e)>0);

  /* Another cluster's lead does not count. */
  in.zFrom = "2024-06-01"; in.zTo = 0;
  assert_true(membership_add(f->db, &f->leadAfan, f->other, &in, f->zToday, &e)>0);
  /* Another role in the same period does not count. */
  in.zRole = "deputy_cluster_lead";
  assert_true(membership_add(f->db, &f->lead, f->own, &in, f->zToday, &e)>0);

  /* Updating the current lead does not clash with itself. */
  struct member_input up = valid_input();
  up.zRole = "cluster_lead"; up.zName = "Dr Second Lead"; up.zJobTitle = "Chair";
  up.zFrom = "2025-01-01"; up.zTo = 0;
  memset(&e, 0, sizeof e);
  assert_int_equal(membership_update(f->db, &f->lead, second, &up, f->zToday, &e), second);
  assert_int_equal(e.n, 0);
  /* Moving its start back into the first's term does. */
  up.zFrom = "2024-10-01";
  memset(&e, 0, sizeof e);
  assert_int_equal(membership_update(f->db, &f->lead, second, &up, f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "role"), "error.one_cluster_lead");
}

/* ---- membership_update ------------------------------------------------ */

static long long count_updates(struct fixture *f, long long id){
  struct stmt *s = db_prepare(f->db,
    "SELECT count(*) FROM audit_log WHERE entity='membership' AND action='update' AND entity_id=?");
  stmt_bind_int(s, 1, id);
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}

static void test_update(void **state){
  struct fixture *f = *state;
  struct member_input in = valid_input();
  struct field_errors e = {0};
  long long id = membership_add(f->db, &f->lead, f->own, &in, f->zToday, &e);
  assert_true(id>0);
  struct membership before;
  assert_true(membership_get(f->db, id, &before));

  struct member_input up = valid_input();
  up.zName = "Dr Rhodri Evans-Jones";
  up.zJobTitle = "Senior partner";
  up.zRole = "deputy_cluster_lead";
  up.zVoting = "no";
  up.zTo = "2026-03-31";
  assert_int_equal(membership_update(f->db, &f->lead, id, &up, f->zToday, &e), id);
  assert_int_equal(e.n, 0);
  struct membership m;
  assert_true(membership_get(f->db, id, &m));
  assert_string_equal(m.zName, "Dr Rhodri Evans-Jones");
  assert_string_equal(m.zJobTitle, "Senior partner");
  assert_string_equal(m.zRole, "deputy_cluster_lead");
  assert_true(m.bCore);
  assert_false(m.bVoting);
  assert_string_equal(m.zTo, "2026-03-31");
  assert_int_equal(m.personId, before.personId);
  assert_int_equal(m.unitId, before.unitId);

  assert_int_equal(count_updates(f, id), 1);
  struct stmt *s = db_prepare(f->db,
    "SELECT old_values, new_values, user_id, unit_id FROM audit_log"
    " WHERE entity='membership' AND action='update' AND entity_id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  const char *zOld = stmt_text(s, 0), *zNew = stmt_text(s, 1);
  assert_non_null(strstr(zOld, "\"name\":\"Dr Rhodri Evans\""));
  assert_non_null(strstr(zOld, "\"role\":\"gp_collaborative_lead\""));
  assert_non_null(strstr(zOld, "\"voting\":true"));
  assert_non_null(strstr(zOld, "\"valid_to\":null"));
  assert_non_null(strstr(zNew, "\"name\":\"Dr Rhodri Evans-Jones\""));
  assert_non_null(strstr(zNew, "\"role\":\"deputy_cluster_lead\""));
  assert_non_null(strstr(zNew, "\"voting\":false"));
  assert_non_null(strstr(zNew, "\"valid_to\":\"2026-03-31\""));
  assert_int_equal(stmt_int(s, 2), f->lead.id);
  assert_int_equal(stmt_int(s, 3), f->own);
  stmt_done(s);

  /* The same values again: nothing changed, nothing audited. */
  assert_int_equal(membership_update(f->db, &f->lead, id, &up, f->zToday, &e), id);
  assert_int_equal(count_updates(f, id), 1);
}

static void test_update_refused(void **state){
  struct fixture *f = *state;
  struct member_input in = valid_input();
  struct field_errors e = {0};
  long long id = membership_add(f->db, &f->lead, f->own, &in, f->zToday, &e);
  assert_true(id>0);
  struct member_input up = valid_input();
  up.zName = "Changed";
  assert_int_equal(membership_update(f->db, &f->member, id, &up, f->zToday, &e), -1);
  assert_int_equal(membership_update(f->db, &f->leadAfan, id, &up, f->zToday, &e), -1);
  assert_int_equal(membership_update(f->db, &f->national, id, &up, f->zToday, &e), -1);
  assert_int_equal(membership_update(f->db, &f->lead, id+1000, &up, f->zToday, &e), -1);
  assert_int_equal(e.n, 0);
  /* Bad input: 0 with the error, and the record unchanged. */
  up.zFrom = "2026-02-30";
  assert_int_equal(membership_update(f->db, &f->lead, id, &up, f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "valid_from"), "error.date_invalid");
  struct membership m;
  assert_true(membership_get(f->db, id, &m));
  assert_string_equal(m.zName, "Dr Rhodri Evans");
  assert_int_equal(count_updates(f, id), 0);
}

/* ---- membership_list -------------------------------------------------- */

struct listed { int n; char azName[8][201]; };
static void list_cb(void *pCtx, const struct membership *m){
  struct listed *l = pCtx;
  if( l->n<8 ) snprintf(l->azName[l->n], sizeof l->azName[0], "%s", m->zName);
  l->n++;
}

static void add_named(struct fixture *f, const char *zName, const char *zRole, const char *zCore,
                      const char *zFrom, const char *zTo){
  struct member_input in = valid_input();
  in.zName = zName; in.zRole = zRole; in.zCore = zCore; in.zFrom = zFrom; in.zTo = zTo;
  fx_add_member(f->db, &f->lead, f->own, &in, f->zToday);
}


static void test_list_current_and_all(void **state){
  struct fixture *f = *state;
  char zYesterday[11], zTomorrow[11];
  fx_day_offset(-1, zYesterday);
  fx_day_offset(1, zTomorrow);
  add_named(f, "Past Person", "finance", "attendance", "2024-04-01", "2024-12-31");
  add_named(f, "Ended Yesterday", "finance", "attendance", "2024-04-01", zYesterday);
  add_named(f, "Ends Today", "finance", "attendance", "2024-04-01", f->zToday);
  add_named(f, "Current Lead", "cluster_lead", "core", "2025-01-01", 0);
  add_named(f, "Future Person", "public_health", "attendance", zTomorrow, 0);
  add_named(f, "Aaron Finance", "finance", "attendance", "2024-04-01", 0);

  struct listed l = {0};
  assert_int_equal(membership_list(f->db, f->own, true, f->zToday, list_cb, &l), 3);
  assert_int_equal(l.n, 3);
  /* Core first, then by the role's order, then by name. */
  assert_string_equal(l.azName[0], "Current Lead");
  assert_string_equal(l.azName[1], "Aaron Finance");
  assert_string_equal(l.azName[2], "Ends Today");

  memset(&l, 0, sizeof l);
  assert_int_equal(membership_list(f->db, f->own, false, f->zToday, list_cb, &l), 6);
  assert_string_equal(l.azName[0], "Current Lead");

  /* Seen from a date in 2024, the past memberships were current and the
  ** lead from 2025 was not yet. */
  memset(&l, 0, sizeof l);
  assert_int_equal(membership_list(f->db, f->own, true, "2024-06-01", list_cb, &l), 4);

  /* Another unit has none of them. */
  memset(&l, 0, sizeof l);
  assert_int_equal(membership_list(f->db, f->other, false, f->zToday, list_cb, &l), 0);
}

static void test_roles(void **state){
  struct fixture *f = *state;
  struct role_option a[40];
  int n = membership_roles(f->db, a, 40);
  assert_int_equal(n, 19);
  assert_string_equal(a[0].zCode, "cluster_lead");
  assert_string_equal(a[0].zKey, "role.cluster_lead");
  assert_true(a[0].bCore && a[0].bVoting);
  for(int i=0; i<n; i++){
    if( strcmp(a[i].zCode, "finance")==0 ) assert_true(!a[i].bCore && !a[i].bVoting);
  }
  assert_int_equal(membership_roles(f->db, a, 3), 3);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_field_errors),
    cmocka_unit_test_setup_teardown(test_add_valid, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_add_optional_fields_empty, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_add_invalid, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_add_many_errors_at_once, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_add_not_allowed, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_one_cluster_lead, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_update, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_update_refused, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_list_current_and_all, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_roles, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
