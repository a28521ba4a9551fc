/*
** The minutes of a meeting (src/domain/minutes.h): the form the terms of
** reference in force on the day choose, and minutes_save_all, which saves
** every item or none, audits only what changed, refuses everything before
** the start and, once the minutes are approved, needs a reason and writes
** a correction for each changed item.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "fixture.h"
#include "domain/decision.h"
#include "domain/minutes.h"
#include <stdlib.h>

struct fixture { struct db *db; struct user lead; long long unitId; char zToday[11]; };

static int setup(void **state){
  static struct fixture f;
  if( fx_group_setup_i18n(state) ) return -1;
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  fx_make_user(f.db, f.zToday, &f.lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  f.unitId = f.lead.scopeUnitId;
  *state = &f;
  return 0;
}

static long long add_meeting(struct db *db, long long unitId, const char *zStart, const char *zMinutes){
  struct stmt *s = db_prepare(db,
    "INSERT INTO meeting(unit_id,title,starts_at,ends_at,minutes_status,created_at,updated_at)"
    " VALUES(?,'Cluster meeting',?,substr(?,1,11)||'23:00',?,0,0) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zStart);
  stmt_bind_text(s, 3, zStart);
  stmt_bind_text(s, 4, zMinutes);
  assert_int_equal(stmt_step(s), 1);
  long long id = stmt_int(s, 0);
  stmt_done(s);
  return id;
}
static long long add_item(struct db *db, long long meetingId, int pos, const char *zTitle){
  struct stmt *s = db_prepare(db,
    "INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,status,created_at,updated_at)"
    " VALUES(?,?,?,'discussion',10,'accepted',0,0) RETURNING id");
  stmt_bind_int(s, 1, meetingId);
  stmt_bind_int(s, 2, pos);
  stmt_bind_text(s, 3, zTitle);
  assert_int_equal(stmt_step(s), 1);
  long long id = stmt_int(s, 0);
  stmt_done(s);
  return id;
}
static long long count_of(struct db *db, const char *zWhat, long long id){
  struct stmt *s = strcmp(zWhat, "audit")==0
    ? db_prepare(db, "SELECT count(*) FROM audit_log WHERE entity='minutes' AND entity_id=?")
    : db_prepare(db, "SELECT count(*) FROM correction WHERE record_kind='minutes' AND record_id=?");
  stmt_bind_int(s, 1, id);
  return fx_count_stmt(s);
}
static void add_tor(struct db *db, long long unitId, const char *zForm, const char *zAgreed){
  struct stmt *s = db_prepare(db,
    "INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,quorum_num,quorum_den,"
    " quorum_requires_chair,chair_selection,minutes_form,agreed_on,review_due,created_at)"
    " VALUES(?1,(SELECT COALESCE(MAX(version),0)+1 FROM terms_of_reference WHERE unit_id=?1),'p','monthly',"
    " 'fraction',1,2,1,'elected',?2,?3,'2099-01-01',0)");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zForm);
  stmt_bind_text(s, 3, zAgreed);
  assert_true(stmt_exec(s));
}

static void form_follows_the_terms_in_force_on_the_day(void **state){
  struct fixture *f = *state;
  struct meeting m;
  long long id = add_meeting(f->db, f->unitId, "2030-06-01T18:00", "none");
  assert_true(meeting_load(f->db, id, &m));
  char z[10];
  minutes_form_of(f->db, &m, z);
  assert_string_equal(z, "formal");                 /* no terms: formal minutes */
  add_tor(f->db, f->unitId, "actions", "2031-01-01");
  minutes_form_of(f->db, &m, z);
  assert_string_equal(z, "actions");                /* only a later version: it still gives the form */
  add_tor(f->db, f->unitId, "notes", "2029-01-01");
  minutes_form_of(f->db, &m, z);
  assert_string_equal(z, "notes");                  /* the version in force on the day */
  struct stmt *s = db_prepare(f->db, "DELETE FROM terms_of_reference WHERE created_at=0");
  assert_true(stmt_exec(s));
}

static void all_items_or_none_and_only_changes_audited(void **state){
  struct fixture *f = *state;
  struct meeting m;
  long long id = add_meeting(f->db, f->unitId, "2020-06-01T18:00", "none");
  assert_true(meeting_load(f->db, id, &m));
  long long a = add_item(f->db, id, 1, "Winter plan"), b = add_item(f->db, id, 2, "Bid");
  char *zLong = calloc(MINUTES_MAX+2, 1);
  memset(zLong, 'x', MINUTES_MAX+1);
  struct minutes_entry bad[2] = { { a, "Agreed.", "minutes-a" }, { b, zLong, "minutes-b" } };
  struct field_errors e = {0};
  assert_int_equal(minutes_save_all(f->db, &f->lead, &m, bad, 2, 0, f->zToday, &e), -1);
  fx_expect_field_error(&e, "minutes-b", "error.minutes_too_long");
  assert_null(minutes_get(f->db, &m, a));          /* the good item was not saved alone */
  free(zLong);

  struct minutes_entry good[2] = { { a, "Agreed.", "minutes-a" }, { b, "Resolved.", "minutes-b" } };
  memset(&e, 0, sizeof e);
  assert_int_equal(minutes_save_all(f->db, &f->lead, &m, good, 2, 0, f->zToday, &e), 2);
  assert_int_equal(count_of(f->db, "audit", a), 1);
  assert_int_equal(count_of(f->db, "audit", b), 1);
  good[1].zMarkdown = "Resolved, with changes.";
  assert_int_equal(minutes_save_all(f->db, &f->lead, &m, good, 2, 0, f->zToday, &e), 1);
  assert_int_equal(count_of(f->db, "audit", a), 1);  /* unchanged: not audited again */
  assert_int_equal(count_of(f->db, "audit", b), 2);
  /* The same item twice is not a form this site draws. */
  struct minutes_entry twice[2] = { { a, "One", "minutes-a" }, { a, "Two", "minutes-a" } };
  assert_int_equal(minutes_save_all(f->db, &f->lead, &m, twice, 2, 0, f->zToday, &e), -2);
  char *z = minutes_get(f->db, &m, a);
  assert_string_equal(z, "Agreed.");
  free(z);
}

static void nothing_before_the_start(void **state){
  struct fixture *f = *state;
  struct meeting m;
  long long id = add_meeting(f->db, f->unitId, "2099-06-01T18:00", "none");
  assert_true(meeting_load(f->db, id, &m));
  long long a = add_item(f->db, id, 1, "Early");
  struct minutes_entry one = { a, "Too early.", "minutes-1" };
  struct field_errors e = {0};
  assert_int_equal(minutes_save_all(f->db, &f->lead, &m, &one, 1, 0, f->zToday, &e), -1);
  fx_expect_field_error(&e, "minutes-1", "error.record_before_start");
  assert_null(minutes_get(f->db, &m, a));
}

static void approved_minutes_change_only_as_corrections(void **state){
  struct fixture *f = *state;
  struct meeting m;
  long long id = add_meeting(f->db, f->unitId, "2020-07-01T18:00", "none");
  long long a = add_item(f->db, id, 1, "Plan"), b = add_item(f->db, id, 2, "Other");
  assert_true(meeting_load(f->db, id, &m));
  struct minutes_entry two[2] = { { a, "Two clinics.", "minutes-a" }, { b, "Noted.", "minutes-b" } };
  struct field_errors e = {0};
  assert_int_equal(minutes_save_all(f->db, &f->lead, &m, two, 2, 0, f->zToday, &e), 2);
  struct stmt *s = db_prepare(f->db, "UPDATE meeting SET minutes_status='approved' WHERE id=?");
  stmt_bind_int(s, 1, id);
  assert_true(stmt_exec(s));
  two[0].zMarkdown = "Three clinics.";
  assert_int_equal(minutes_save_all(f->db, &f->lead, &m, two, 2, "", f->zToday, &e), -1);
  fx_expect_field_error(&e, "correction_reason", "error.correction_reason_required");
  assert_int_equal(count_of(f->db, "correction", a), 0);
  memset(&e, 0, sizeof e);
  /* Nothing changed needs no reason and writes nothing. */
  struct minutes_entry same = { b, "Noted.", "minutes-b" };
  assert_int_equal(minutes_save_all(f->db, &f->lead, &m, &same, 1, 0, f->zToday, &e), 0);
  assert_int_equal(minutes_save_all(f->db, &f->lead, &m, two, 2, "Corrected at the next meeting", f->zToday, &e), 1);
  assert_int_equal(count_of(f->db, "correction", a), 1);
  assert_int_equal(count_of(f->db, "correction", b), 0);
  char *z = minutes_get(f->db, &m, a);
  assert_string_equal(z, "Three clinics.");
  free(z);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(form_follows_the_terms_in_force_on_the_day),
    cmocka_unit_test(all_items_or_none_and_only_changes_audited),
    cmocka_unit_test(nothing_before_the_start),
    cmocka_unit_test(approved_minutes_change_only_as_corrections),
  };
  return cmocka_run_group_tests(tests, setup, fx_teardown);
}
