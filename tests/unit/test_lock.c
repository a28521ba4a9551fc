/*
** The writers of a meeting's record under its one rule (domain/record.h):
** declarations, decisions, elections and actions raised at the meeting
** are refused before it starts; once its minutes are approved (at the
** next meeting, from its "Minutes of the last meeting") each is refused
** without a reason, and with one is written as a correction with its old
** and new values besides its audit entry. And an agenda that runs past
** the meeting's end says by how much.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "domain/action.h"
#include "domain/agenda_time.h"
#include "domain/decision.h"
#include "domain/minutes.h"
#include "domain/election.h"
#include "domain/meeting.h"
#include "domain/record.h"
#include "fixture.h"

#define SCHEDULED_AT "2020-01-01T09:00"
#define HELD_ON "2025-06-10"          /* the meeting whose record is written */
#define NEXT_ON "2025-07-08"          /* the next, which approves its minutes */
#define AHEAD_ON "2099-03-10"         /* a meeting that has not started */

struct fixture {
  struct db *db;                 /* first: fx_teardown closes it */
  char zToday[11];
  long long unit;
  struct user lead, member;
  long long chair, v1, v2, v3, v4;
  char zChair[24];               /* the chair's id as a form sends it */
  struct meeting held, next, ahead;
  long long heldItem, nextItem, aheadItem;   /* an item for decision on each */
};

static long long meeting_on(struct fixture *f, const char *zDate, const char *zEnd, struct meeting *m){
  struct meeting_input mi = { .zTitle = "Cluster meeting", .zDate = zDate, .zStart = "14:00", .zEnd = zEnd,
                              .zLocation = "Riverside Health Centre", .zOnlineLink = "" };
  struct field_errors e = {0};
  long long id = meeting_create(f->db, &f->lead, f->unit, &mi, SCHEDULED_AT, f->zToday, &e);
  if( id<=0 ) fail_msg("meeting_create %s: %s", zDate, e.n ? e.a[0].zKey : "refused");
  assert_true(meeting_get_visible(f->db, &f->lead, id, f->zToday, m));
  return id;
}

static long long decision_item(struct fixture *f, struct meeting *m, const char *zDuration){
  struct agenda_input ai = { .zTitle = "Cluster IMTP priorities", .zPurpose = "decision",
                             .zLeadPersonId = "", .zDuration = zDuration, .zRestricted = "" };
  struct field_errors e = {0};
  long long id = agenda_add(f->db, &f->lead, m, &ai, true, f->zToday, &e);
  if( id<=0 ) fail_msg("agenda_add: %s", e.n ? e.a[0].zKey : "refused");
  return id;
}

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  f.unit = fx_unit_id(f.db, f.zToday, "cardiff-south-west");
  fx_make_user(f.db, f.zToday, &f.lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  fx_make_user(f.db, f.zToday, &f.member, "member@example.wales", ROLE_MEMBER, "cardiff-south-west");
  f.chair = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Dr Alys Morgan", "cluster_lead", "core", "yes", "2024-04-01", NULL);
  f.v1 = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Dr Rhodri Evans", "gp_collaborative_lead", "core", "yes", "2024-04-01", NULL);
  f.v2 = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Sian Griffiths", "gp_collaborative_lead", "core", "yes", "2024-04-01", NULL);
  f.v3 = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Tomos Price", "gp_collaborative_lead", "core", "yes", "2024-04-01", NULL);
  f.v4 = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Nia Hughes", "gp_collaborative_lead", "core", "yes", "2024-04-01", NULL);
  snprintf(f.zChair, sizeof f.zChair, "%lld", f.chair);
  meeting_on(&f, HELD_ON, "16:00", &f.held);
  meeting_on(&f, NEXT_ON, "16:00", &f.next);
  meeting_on(&f, AHEAD_ON, "16:00", &f.ahead);
  f.heldItem = decision_item(&f, &f.held, "20");
  f.nextItem = decision_item(&f, &f.next, "20");
  f.aheadItem = decision_item(&f, &f.ahead, "20");
  /* The held meeting is quorate: the chair and three voting members. */
  long long aPresent[] = { f.chair, f.v1, f.v2, f.v3 };
  for(int i=0; i<4; i++){
    struct field_errors e = {0};
    if( !attendance_set(f.db, &f.lead, &f.held, aPresent[i], "present", 0, f.zToday, &e) ){
      fail_msg("attendance_set: %s", e.n ? e.a[0].zKey : "refused");
    }
  }
  *state = &f;
  return 0;
}

/* ---- the writers, each with or without a reason --------------------------- */

static long long declare(struct fixture *f, struct meeting *m, long long itemId, const char *zReason,
                         struct field_errors *e){
  return declaration_add_corrected(f->db, &f->lead, m, itemId, f->v4, "Partner in a practice bidding for the funding",
                                   "left_room", zReason, f->zToday, e);
}

static long long decide(struct fixture *f, struct meeting *m, long long itemId, const char *zReason,
                        struct field_errors *e){
  struct decision_input in;
  memset(&in, 0, sizeof in);
  in.zText = "Adopt the three IMTP priorities";
  in.zReason = "They match the population needs assessment";
  in.zVoteKind = "secret";
  in.zFor = "3"; in.zAgainst = "1"; in.zAbstain = "0";
  in.zCorrectionReason = zReason;
  return decision_record(f->db, &f->lead, m, itemId, &in, f->zToday, e);
}

static long long elect(struct fixture *f, struct meeting *m, long long itemId, const char *zReason,
                       struct field_errors *e){
  static struct election_input in;
  memset(&in, 0, sizeof in);
  in.zOffice = "Cluster Lead (chair)";
  in.zKind = "secret";
  in.aCandidate[0] = f->chair;
  in.aCandidate[1] = f->v1;
  in.azTotal[0] = "3";
  in.azTotal[1] = "1";
  in.nCandidate = 2;
  in.zAbstain = "0";
  in.zCorrectionReason = zReason;
  return election_record(f->db, &f->lead, m, itemId, &in, f->zToday, e);
}

static long long raise(struct fixture *f, long long meetingId, const char *zReason, struct field_errors *e){
  struct action_input in = { .zDescription = "Write to practices about the priorities",
    .zLeadPersonId = f->zChair, .zDue = "", .meetingId = meetingId, .agendaItemId = 0,
    .zCorrectionReason = zReason };
  return action_create(f->db, &f->lead, f->unit, &in, f->zToday, e);
}

/* What the writers wrote: rows of each kind, audit entries and corrections. */
struct counts { long long nDecl, nDecision, nAction, nAudit, nCorrection; };
static struct counts counts(struct fixture *f){
  long long a[5];
  fx_counts(f->db, "SELECT (SELECT count(*) FROM declaration), (SELECT count(*) FROM decision),"
                   " (SELECT count(*) FROM action), (SELECT count(*) FROM audit_log),"
                   " (SELECT count(*) FROM correction)", 5, a);
  struct counts c = { a[0], a[1], a[2], a[3], a[4] };
  return c;
}
static void assert_same(struct counts a, struct counts b){
  assert_int_equal(a.nDecl, b.nDecl);
  assert_int_equal(a.nDecision, b.nDecision);
  assert_int_equal(a.nAction, b.nAction);
  assert_int_equal(a.nAudit, b.nAudit);
  assert_int_equal(a.nCorrection, b.nCorrection);
}

static void approve_held(struct fixture *f){
  struct field_errors e = {0};
  assert_true(minutes_save(f->db, &f->lead, &f->held, f->heldItem, "Agreed the three priorities.", 0, f->zToday, &e));
  assert_true(minutes_approve(f->db, &f->lead, &f->next, minutes_item_of(f->db, f->next.id), f->zToday, &e));
  assert_int_equal(e.n, 0);
  assert_true(meeting_get_visible(f->db, &f->lead, f->held.id, f->zToday, &f->held));
  assert_string_equal(f->held.zMinutesStatus, "approved");
}

/* The correction written last: kind, record, old and new values, reason. */
static void expect_correction(struct fixture *f, const char *zKind, long long recordId, const char *zNewHas,
                              const char *zReason){
  struct stmt *s = db_prepare(f->db,
    "SELECT meeting_id, record_kind, record_id, old_values IS NULL, new_values, reason, user_id"
    "  FROM correction ORDER BY id DESC LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), f->held.id);
  assert_string_equal(stmt_text(s, 1), zKind);
  assert_int_equal(stmt_int(s, 2), recordId);
  assert_int_equal(stmt_int(s, 3), 1);              /* added: the approved record had no such entry */
  if( !strstr(stmt_text(s, 4), zNewHas) ) fail_msg("new values %s lack %s", stmt_text(s, 4), zNewHas);
  assert_null(strstr(stmt_text(s, 4), "correction_reason"));
  assert_string_equal(stmt_text(s, 5), zReason);
  assert_int_equal(stmt_int(s, 6), f->lead.id);
  stmt_done(s);
  /* The writer's own audit entry keeps the reason with the new values. */
  s = db_prepare(f->db, "SELECT new_values FROM audit_log ORDER BY id DESC LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_non_null(strstr(stmt_text(s, 0), zNewHas));
  assert_non_null(strstr(stmt_text(s, 0), "\"correction_reason\":"));
  assert_non_null(strstr(stmt_text(s, 0), zReason));
  stmt_done(s);
}

/* ---- before the start ------------------------------------------------------ */

static void test_refused_before_start(void **state){
  struct fixture *f = *state;
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_int_equal(declare(f, &f->ahead, f->aheadItem, 0, &e), 0);
  fx_expect_field_error(&e, "interest", "error.record_before_start");
  memset(&e, 0, sizeof e);
  assert_int_equal(decide(f, &f->ahead, f->aheadItem, 0, &e), 0);
  fx_expect_field_error(&e, "text", "error.record_before_start");
  memset(&e, 0, sizeof e);
  assert_int_equal(elect(f, &f->ahead, f->aheadItem, 0, &e), 0);
  fx_expect_field_error(&e, "office", "error.record_before_start");
  memset(&e, 0, sizeof e);
  assert_int_equal(raise(f, f->ahead.id, 0, &e), 0);
  fx_expect_field_error(&e, "meeting", "error.record_before_start");
  /* A reason changes nothing: there is no record to correct yet. */
  memset(&e, 0, sizeof e);
  assert_int_equal(declare(f, &f->ahead, f->aheadItem, "Early", &e), 0);
  fx_expect_field_error(&e, "interest", "error.record_before_start");
  assert_same(counts(f), before);
  assert_false(db_in_transaction(f->db));
  /* An action added to the log directly is not part of a meeting's record. */
  memset(&e, 0, sizeof e);
  assert_true(raise(f, 0, 0, &e)>0);
  /* Once started the same writes go through, with no correction. */
  memset(&e, 0, sizeof e);
  assert_true(declare(f, &f->held, f->heldItem, 0, &e)>0);
  assert_true(decide(f, &f->held, f->heldItem, 0, &e)>0);
  assert_true(raise(f, f->held.id, 0, &e)>0);
  assert_int_equal(e.n, 0);
  assert_int_equal(counts(f).nCorrection, 0);
}

/* ---- approved: locked ------------------------------------------------------ */

static void test_locked_declaration(void **state){
  struct fixture *f = *state;
  approve_held(f);
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_int_equal(declare(f, &f->held, f->heldItem, 0, &e), 0);
  fx_expect_field_error(&e, "correction_reason", "error.correction_reason_required");
  memset(&e, 0, sizeof e);
  assert_int_equal(declare(f, &f->held, f->heldItem, " \n ", &e), 0);
  fx_expect_field_error(&e, "correction_reason", "error.correction_reason_required");
  assert_same(counts(f), before);
  assert_false(db_in_transaction(f->db));
  memset(&e, 0, sizeof e);
  long long id = declare(f, &f->held, f->heldItem, "Declared at the meeting but left out of the record", &e);
  assert_true(id>0);
  expect_correction(f, "declaration", id, "\"interest\":\"Partner in a practice bidding for the funding\"",
                    "Declared at the meeting but left out of the record");
  assert_int_equal(counts(f).nCorrection, before.nCorrection+1);
}

static void test_locked_decision(void **state){
  struct fixture *f = *state;
  approve_held(f);
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_int_equal(decide(f, &f->held, f->heldItem, 0, &e), 0);
  fx_expect_field_error(&e, "correction_reason", "error.correction_reason_required");
  assert_same(counts(f), before);
  assert_false(db_in_transaction(f->db));
  memset(&e, 0, sizeof e);
  long long id = decide(f, &f->held, f->heldItem, "The vote was taken but not minuted", &e);
  assert_true(id>0);
  expect_correction(f, "decision", id, "\"text\":\"Adopt the three IMTP priorities\"",
                    "The vote was taken but not minuted");
}

static void test_locked_election(void **state){
  struct fixture *f = *state;
  approve_held(f);
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_int_equal(elect(f, &f->held, f->heldItem, 0, &e), 0);
  fx_expect_field_error(&e, "correction_reason", "error.correction_reason_required");
  assert_same(counts(f), before);
  memset(&e, 0, sizeof e);
  long long id = elect(f, &f->held, f->heldItem, "The election was held but not minuted", &e);
  assert_true(id>0);
  expect_correction(f, "election", id, "\"office\":\"Cluster Lead (chair)\"", "The election was held but not minuted");
}

static void test_locked_action(void **state){
  struct fixture *f = *state;
  approve_held(f);
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_int_equal(raise(f, f->held.id, 0, &e), 0);
  fx_expect_field_error(&e, "correction_reason", "error.correction_reason_required");
  assert_same(counts(f), before);
  memset(&e, 0, sizeof e);
  long long id = raise(f, f->held.id, "Agreed at the meeting but left out of the minutes", &e);
  assert_true(id>0);
  expect_correction(f, "action", id, "\"description\":\"Write to practices about the priorities\"",
                    "Agreed at the meeting but left out of the minutes");
  /* The log's own actions need no reason, whatever is approved. */
  memset(&e, 0, sizeof e);
  assert_true(raise(f, 0, 0, &e)>0);
}

/* ---- the approval, at the next meeting ------------------------------------ */

static void test_approval_at_next_meeting(void **state){
  struct fixture *f = *state;
  struct field_errors e = {0};
  assert_true(minutes_save(f->db, &f->lead, &f->held, f->heldItem, "Agreed the three priorities.", 0, f->zToday, &e));
  long long nAudit = counts(f).nAudit;
  /* Not from the meeting itself: its "Minutes of the last meeting" item
  ** approves the meeting before it, which has none. */
  assert_false(minutes_approve(f->db, &f->lead, &f->held, minutes_item_of(f->db, f->held.id), f->zToday, &e));
  fx_expect_field_error(&e, "approve", "error.minutes_no_previous");
  /* Not from another item of the next meeting. */
  memset(&e, 0, sizeof e);
  assert_false(minutes_approve(f->db, &f->lead, &f->next, f->nextItem, f->zToday, &e));
  fx_expect_field_error(&e, "approve", "error.not_allowed");
  /* Not by a member who may only read. */
  memset(&e, 0, sizeof e);
  assert_false(minutes_approve(f->db, &f->member, &f->next, minutes_item_of(f->db, f->next.id), f->zToday, &e));
  fx_expect_field_error(&e, "approve", "error.not_allowed");
  /* Not before the approving meeting starts: the meeting ahead approves
  ** the next meeting's minutes, and it has not started. */
  memset(&e, 0, sizeof e);
  assert_false(minutes_approve(f->db, &f->lead, &f->ahead, minutes_item_of(f->db, f->ahead.id), f->zToday, &e));
  fx_expect_field_error(&e, "approve", "error.record_before_start");
  assert_int_equal(counts(f).nAudit, nAudit);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM meeting WHERE minutes_status='approved'"), 0);
  assert_false(db_in_transaction(f->db));

  /* Not once the approving meeting's own record is locked. */
  struct stmt *s = db_prepare(f->db, "UPDATE meeting SET minutes_status='approved' WHERE id=?");
  stmt_bind_int(s, 1, f->next.id);
  assert_true(stmt_exec(s));
  memset(&e, 0, sizeof e);
  assert_false(minutes_approve(f->db, &f->lead, &f->next, minutes_item_of(f->db, f->next.id), f->zToday, &e));
  fx_expect_field_error(&e, "approve", "error.minutes_approve_locked");
  s = db_prepare(f->db, "UPDATE meeting SET minutes_status='none' WHERE id=?");
  stmt_bind_int(s, 1, f->next.id);
  assert_true(stmt_exec(s));
  assert_int_equal(counts(f).nAudit, nAudit);

  memset(&e, 0, sizeof e);
  assert_true(minutes_approve(f->db, &f->lead, &f->next, minutes_item_of(f->db, f->next.id), f->zToday, &e));
  char zStart[17];
  assert_int_equal(minutes_approved_by(f->db, f->held.id, zStart), f->next.id);
  assert_string_equal(zStart, NEXT_ON "T14:00");
  assert_int_equal(minutes_approved_by(f->db, f->next.id, 0), 0);
  s = db_prepare(f->db,
    "SELECT entity, entity_id, old_values, new_values FROM audit_log ORDER BY id DESC LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "meeting");
  assert_int_equal(stmt_int(s, 1), f->held.id);
  assert_non_null(strstr(stmt_text(s, 2), "\"minutes_status\":\"draft\""));
  char zWant[80];
  snprintf(zWant, sizeof zWant, "\"minutes_approved_by_meeting_id\":%lld", f->next.id);
  assert_non_null(strstr(stmt_text(s, 3), zWant));
  stmt_done(s);
  /* Once. */
  memset(&e, 0, sizeof e);
  assert_false(minutes_approve(f->db, &f->lead, &f->next, minutes_item_of(f->db, f->next.id), f->zToday, &e));
  fx_expect_field_error(&e, "approve", "error.minutes_already_approved");
}

/* ---- the agenda against the clock ------------------------------------------ */

static void test_agenda_overrun(void **state){
  struct fixture *f = *state;
  /* 14:00 to 16:00 is 120 minutes; the standing items take 50 and the
  ** item for decision 20. */
  assert_int_equal(agenda_overrun_minutes(f->db, f->ahead.id), 0);
  decision_item(f, &f->ahead, "50");
  assert_int_equal(agenda_overrun_minutes(f->db, f->ahead.id), 0);   /* exactly 120 */
  long long id = decision_item(f, &f->ahead, "25");
  assert_int_equal(agenda_overrun_minutes(f->db, f->ahead.id), 25);
  /* A proposal the chair has not accepted takes no time on the agenda. */
  struct agenda_input ai = { .zTitle = "Estates update", .zDescription = "The new premises plan", .zPurpose = "information",
                             .zLeadPersonId = "", .zDuration = "30", .zRestricted = "" };
  struct field_errors e = {0};
  assert_true(agenda_add(f->db, &f->member, &f->ahead, &ai, false, f->zToday, &e)>0);
  assert_int_equal(agenda_overrun_minutes(f->db, f->ahead.id), 25);
  (void)id;
  assert_int_equal(agenda_overrun_minutes(f->db, 999999), 0);
  /* The page's reckoning from what it has loaded agrees. */
  assert_int_equal(agenda_overrun_of("2099-03-10T14:00", "2099-03-10T16:00", 145), 25);
  assert_int_equal(agenda_overrun_of("2099-03-10T14:00", "2099-03-10T16:00", 120), 0);
  assert_int_equal(agenda_overrun_of("2099-03-10T23:00", "2099-03-11T00:30", 100), 10);   /* past midnight */
  assert_int_equal(agenda_overrun_of("2099-03-10", "2099-03-10T16:00", 500), 0);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_refused_before_start, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_locked_declaration, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_locked_decision, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_locked_election, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_locked_action, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_approval_at_next_meeting, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_agenda_overrun, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
