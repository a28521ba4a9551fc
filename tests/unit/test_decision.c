/*
** Declarations, decisions, votes and minutes (src/domain/decision.h): no
** decision without quorum and nothing written when refused; a conflict
** declared on an item takes its member out of the count and the vote; a
** secret ballot stores no voter; the quorum rule of the terms of
** reference; approved minutes change only as an audited correction; and
** Markdown is rendered without raw HTML or javascript: links.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/decision.h"
#include "domain/minutes.h"
#include "domain/meeting.h"
#include "domain/member.h"
#include "domain/refdata.h"
#include "domain/unit.h"
#include "html/i18n.h"
#include "util/buf.h"
#include "util/text.h"
#include "fixture.h"

/* The meeting is held on this day; it was scheduled long before. */
#define MEETING_DATE "2025-06-10"
#define SCHEDULED_AT "2020-01-01T09:00"

struct fixture {
  struct db *db;                 /* first: fx_teardown closes it */
  char zToday[11];
  long long unit;                /* cardiff-south-west */
  struct user lead;              /* cluster_lead of cardiff-south-west */
  struct user member;            /* member of cardiff-south-west, read only */
  struct user hb;                /* health board: reads, and writes, but no restricted items */
  struct user leadAfan;
  /* Voting members: the chair and five more; one non-voting member. */
  long long chair, v1, v2, v3, v4, v5, nonVoting;
  long long outsider;            /* a person of another cluster */
  struct meeting m;
  long long item;                /* an accepted item for decision */
  long long infoItem;            /* an item for information */
  struct meeting next;           /* the meeting after m, where its minutes are approved (once made) */
};

static long long unit_id(struct fixture *f, const char *zSlug){
  return fx_unit_id(f->db, f->zToday, zSlug);
}

static void make_user(struct fixture *f, struct user *u, const char *zEmail, enum role role,
                      const char *zScope){
  fx_make_user(f->db, f->zToday, u, zEmail, role, zScope);
}

/* Add a member of unitId; returns the person's id. */
static long long add_member(struct fixture *f, long long unitId, const struct user *by,
                            const char *zName, const char *zRole, bool bVoting){
  return fx_add_person(f->db, by, unitId, f->zToday, zName, zRole, "core", bVoting ? "yes" : "no",
                       "2024-04-01", NULL);
}

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  f.unit = unit_id(&f, "cardiff-south-west");
  make_user(&f, &f.lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  make_user(&f, &f.member, "member@example.wales", ROLE_MEMBER, "cardiff-south-west");
  make_user(&f, &f.hb, "hb@example.wales", ROLE_HEALTH_BOARD, "cardiff-and-vale-university-health-board");
  make_user(&f, &f.leadAfan, "lead.afan@example.wales", ROLE_CLUSTER_LEAD, "afan");
  f.chair = add_member(&f, f.unit, &f.lead, "Dr Alys Morgan", "cluster_lead", true);
  f.v1 = add_member(&f, f.unit, &f.lead, "Dr Rhodri Evans", "gp_collaborative_lead", true);
  f.v2 = add_member(&f, f.unit, &f.lead, "Sian Griffiths", "gp_collaborative_lead", true);
  f.v3 = add_member(&f, f.unit, &f.lead, "Tomos Price", "gp_collaborative_lead", true);
  f.v4 = add_member(&f, f.unit, &f.lead, "Nia Hughes", "gp_collaborative_lead", true);
  f.v5 = add_member(&f, f.unit, &f.lead, "Gareth Williams", "gp_collaborative_lead", true);
  f.nonVoting = add_member(&f, f.unit, &f.lead, "Ffion Davies", "finance", false);
  f.outsider = add_member(&f, unit_id(&f, "afan"), &f.leadAfan, "Owain Jones", "gp_collaborative_lead", true);

  struct meeting_input mi = {
    .zTitle = "Cluster meeting", .zDate = MEETING_DATE, .zStart = "14:00", .zEnd = "16:00",
    .zLocation = "Riverside Health Centre",
  };
  struct field_errors e = {0};
  long long id = meeting_create(f.db, &f.lead, f.unit, &mi, SCHEDULED_AT, f.zToday, &e);
  if( id<=0 ){ fprintf(stderr, "meeting_create: %s\n", e.n ? e.a[0].zKey : "refused"); return -1; }
  if( !meeting_get_visible(f.db, &f.lead, id, f.zToday, &f.m) ) return -1;
  struct agenda_input ai = { .zTitle = "Cluster IMTP priorities", .zPurpose = "decision",
                             .zLeadPersonId = "", .zDuration = "20", .zRestricted = "" };
  f.item = agenda_add(f.db, &f.lead, &f.m, &ai, true, f.zToday, &e);
  ai.zTitle = "Prescribing report"; ai.zPurpose = "information";
  f.infoItem = agenda_add(f.db, &f.lead, &f.m, &ai, true, f.zToday, &e);
  if( f.item<=0 || f.infoItem<=0 ){ fprintf(stderr, "agenda_add: %s\n", e.n ? e.a[0].zKey : "refused"); return -1; }
  *state = &f;
  return 0;
}

/* ---- helpers ---------------------------------------------------------- */

static void attend(struct fixture *f, long long personId, const char *zStatus, long long deputyFor){
  struct field_errors e = {0};
  if( !attendance_set(f->db, &f->lead, &f->m, personId, zStatus, deputyFor, f->zToday, &e) ){
    fail_msg("attendance_set %lld %s: %s", personId, zStatus, e.n ? e.a[0].zKey : "?");
  }
}

static void declare(struct fixture *f, long long itemId, long long personId, const char *zOutcome){
  struct field_errors e = {0};
  long long id = declaration_add(f->db, &f->lead, &f->m, itemId, personId,
                                 "Partner in a practice bidding for the funding", zOutcome, f->zToday, &e);
  if( id<=0 ) fail_msg("declaration_add: %s", e.n ? e.a[0].zKey : "refused");
}

static long long count(struct fixture *f, const char *zWhat){
  if( strcmp(zWhat, "decision")==0 ) return fx_count(f->db, "SELECT count(*) FROM decision");
  if( strcmp(zWhat, "vote")==0 ) return fx_count(f->db, "SELECT count(*) FROM vote");
  if( strcmp(zWhat, "declaration")==0 ) return fx_count(f->db, "SELECT count(*) FROM declaration");
  return fx_count(f->db, "SELECT count(*) FROM audit_log");
}

struct snapshot { long long nDecision, nVote, nAudit; };
static struct snapshot snap(struct fixture *f){
  struct snapshot x = { count(f, "decision"), count(f, "vote"), count(f, "audit") };
  return x;
}
static void assert_unchanged(struct fixture *f, struct snapshot before){
  struct snapshot now = snap(f);
  assert_int_equal(now.nDecision, before.nDecision);
  assert_int_equal(now.nVote, before.nVote);
  assert_int_equal(now.nAudit, before.nAudit);
  assert_false(db_in_transaction(f->db));
}

/* Record a decision; expect it refused with zKey on zField and nothing written. */
static void expect_refused(struct fixture *f, const struct decision_input *in,
                           const char *zField, const char *zKey){
  struct snapshot before = snap(f);
  struct field_errors e = {0};
  long long id = decision_record(f->db, &f->lead, &f->m, f->item, in, f->zToday, &e);
  assert_int_equal(id, 0);
  fx_expect_field_error(&e, zField, zKey);
  assert_unchanged(f, before);
}

static struct decision_input agreed(void){
  struct decision_input in;
  memset(&in, 0, sizeof in);
  in.zText = "Adopt the three IMTP priorities";
  in.zReason = "They match the population needs assessment";
  in.zVoteKind = "none";
  return in;
}

static void add_vote(struct decision_input *in, long long personId, const char *zChoice){
  in->aVote[in->nVote].personId = personId;
  in->aVote[in->nVote].zChoice = zChoice;
  in->nVote++;
}

/* ---- quorum ----------------------------------------------------------- */

static void test_no_quorum_refused(void **state){
  struct fixture *f = *state;
  /* Six voting members: the default rule needs half (3) and the chair. */
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "online", 0);
  attend(f, f->nonVoting, "present", 0);   /* does not count */
  attend(f, f->v2, "apologies", 0);
  struct quorum_result q;
  meeting_quorum(f->db, &f->m, f->item, &q);
  assert_false(q.bMet);
  assert_int_equal(q.nRequired, 3);
  assert_int_equal(q.nPresentVoting, 2);
  struct decision_input in = agreed();
  expect_refused(f, &in, "quorum", "error.no_quorum");
  /* The message carries the numbers. */
  char z[400];
  snprintf(z, sizeof z, i18n_get(LANG_EN, "error.no_quorum"), q.nRequired, q.nPresentVoting);
  assert_non_null(strstr(z, "needs 3 voting members"));
  assert_non_null(strstr(z, "and 2 are"));
  /* A third voting member makes it quorate. */
  attend(f, f->v2, "present", 0);
  struct field_errors e = {0};
  long long id = decision_record(f->db, &f->lead, &f->m, f->item, &in, f->zToday, &e);
  assert_true(id>0);
  assert_int_equal(e.n, 0);
  struct stmt *s = db_prepare(f->db,
    "SELECT vote_kind, votes_for IS NULL, quorum_required, quorum_present, reason FROM decision WHERE id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "none");
  assert_int_equal(stmt_int(s, 1), 1);
  assert_int_equal(stmt_int(s, 2), 3);
  assert_int_equal(stmt_int(s, 3), 3);
  assert_string_equal(stmt_text(s, 4), "They match the population needs assessment");
  stmt_done(s);
  s = db_prepare(f->db, "SELECT action, new_values FROM audit_log WHERE entity='decision' AND entity_id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "create");
  assert_non_null(strstr(stmt_text(s, 1), "\"quorum_present\":3"));
  stmt_done(s);
}

static void test_conflict_drops_below_quorum(void **state){
  struct fixture *f = *state;
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "present", 0);
  attend(f, f->v2, "present", 0);
  struct quorum_result q;
  meeting_quorum(f->db, &f->m, f->item, &q);
  assert_true(q.bMet);
  /* One of the three declares a conflict and leaves the room. */
  declare(f, f->item, f->v2, "left_room");
  meeting_quorum(f->db, &f->m, f->item, &q);
  assert_false(q.bMet);
  assert_int_equal(q.nPresentVoting, 2);
  struct decision_input in = agreed();
  expect_refused(f, &in, "quorum", "error.no_quorum");
  /* The conflict is on that item only: the meeting as a whole is quorate. */
  meeting_quorum(f->db, &f->m, 0, &q);
  assert_true(q.bMet);
  /* "Stayed and took part" does not take anyone out of the count. */
  attend(f, f->v3, "present", 0);
  declare(f, f->item, f->v3, "remained");
  meeting_quorum(f->db, &f->m, f->item, &q);
  assert_true(q.bMet);
  assert_int_equal(q.nPresentVoting, 3);
}

static void test_chair_conflicted_no_quorum(void **state){
  struct fixture *f = *state;
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "present", 0);
  attend(f, f->v2, "present", 0);
  attend(f, f->v3, "present", 0);
  declare(f, f->item, f->chair, "no_vote");
  struct decision_input in = agreed();
  expect_refused(f, &in, "quorum", "error.no_quorum_chair");
}

/* ---- named votes ----------------------------------------------------- */

static void test_named_vote(void **state){
  struct fixture *f = *state;
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "present", 0);
  attend(f, f->v2, "online", 0);
  attend(f, f->v3, "present", 0);
  attend(f, f->v4, "absent", 0);
  attend(f, f->nonVoting, "in_attendance", 0);
  declare(f, f->item, f->v3, "no_vote");
  struct decision_input in = agreed();
  in.zVoteKind = "named";

  /* A conflicted member may not vote. */
  add_vote(&in, f->chair, "for");
  add_vote(&in, f->v3, "for");
  expect_refused(f, &in, "votes", "error.conflicted_cannot_vote");
  /* Nor may someone absent, a non-voting member, or an outsider. */
  in.nVote = 0;
  add_vote(&in, f->v4, "against");
  expect_refused(f, &in, "votes", "error.not_a_voter");
  in.nVote = 0;
  add_vote(&in, f->nonVoting, "against");
  expect_refused(f, &in, "votes", "error.not_a_voter");
  in.nVote = 0;
  add_vote(&in, f->outsider, "for");
  expect_refused(f, &in, "votes", "error.not_a_voter");
  /* Bad choices, twice, none at all. */
  in.nVote = 0;
  add_vote(&in, f->chair, "maybe");
  expect_refused(f, &in, "votes", "error.vote_choice_invalid");
  in.nVote = 0;
  add_vote(&in, f->chair, "for");
  add_vote(&in, f->chair, "against");
  expect_refused(f, &in, "votes", "error.vote_twice");
  in.nVote = 0;
  expect_refused(f, &in, "votes", "error.votes_required");

  /* The voters: chair, v1, v2 (v3 is out). */
  add_vote(&in, f->chair, "for");
  add_vote(&in, f->v1, "for");
  add_vote(&in, f->v2, "against");
  struct field_errors e = {0};
  long long id = decision_record(f->db, &f->lead, &f->m, f->item, &in, f->zToday, &e);
  assert_true(id>0);
  struct stmt *s = db_prepare(f->db,
    "SELECT votes_for, votes_against, votes_abstain, quorum_required, quorum_present FROM decision WHERE id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 2);
  assert_int_equal(stmt_int(s, 1), 1);
  assert_int_equal(stmt_int(s, 2), 0);
  assert_int_equal(stmt_int(s, 3), 3);
  assert_int_equal(stmt_int(s, 4), 3);
  stmt_done(s);
  assert_int_equal(count(f, "vote"), 3);
}

static void collect_vote(void *pCtx, long long personId, const char *zName, const char *zChoice){
  struct buf *b = pCtx;
  (void)personId;
  buf_printf(b, "%s=%s;", zName, zChoice);
}

static void test_deputy_votes_for_absent_member(void **state){
  struct fixture *f = *state;
  long long deputy = add_member(f, f->unit, &f->lead, "Carys Thomas", "finance", false);
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "present", 0);
  attend(f, f->v2, "apologies", 0);
  attend(f, deputy, "deputy", f->v2);
  struct quorum_result q;
  meeting_quorum(f->db, &f->m, f->item, &q);
  assert_true(q.bMet);
  assert_int_equal(q.nPresentVoting, 3);
  struct decision_input in = agreed();
  in.zVoteKind = "named";
  add_vote(&in, f->v2, "for");           /* the absent member: not a voter */
  expect_refused(f, &in, "votes", "error.not_a_voter");
  in.nVote = 0;
  add_vote(&in, deputy, "for");
  add_vote(&in, f->chair, "abstain");
  struct field_errors e = {0};
  long long id = decision_record(f->db, &f->lead, &f->m, f->item, &in, f->zToday, &e);
  assert_true(id>0);
  struct buf b = {0};
  assert_int_equal(decision_votes(f->db, id, collect_vote, &b), 2);
  assert_string_equal(buf_cstr(&b), "Carys Thomas=for;Dr Alys Morgan=abstain;");
  buf_free(&b);
}

/* ---- secret ballots ---------------------------------------------------- */

static void test_secret_ballot(void **state){
  struct fixture *f = *state;
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "present", 0);
  attend(f, f->v2, "present", 0);
  attend(f, f->v3, "present", 0);
  attend(f, f->v4, "present", 0);
  declare(f, f->item, f->v4, "left_room");
  struct decision_input in = agreed();
  in.zVoteKind = "secret";
  /* Five present, one conflicted: four may vote. */
  in.zFor = "3"; in.zAgainst = "1"; in.zAbstain = "1";
  expect_refused(f, &in, "for", "error.votes_exceed_voters");
  in.zFor = "three"; in.zAbstain = "";
  expect_refused(f, &in, "for", "error.vote_count_invalid");
  in.zFor = "-1";
  expect_refused(f, &in, "for", "error.vote_count_invalid");
  in.zFor = "0"; in.zAgainst = ""; in.zAbstain = "0";
  expect_refused(f, &in, "for", "error.votes_required");
  /* Names sent with a secret ballot are ignored, never stored. */
  add_vote(&in, f->chair, "for");
  in.zFor = "3"; in.zAgainst = "1"; in.zAbstain = "";
  struct field_errors e = {0};
  long long id = decision_record(f->db, &f->lead, &f->m, f->item, &in, f->zToday, &e);
  assert_true(id>0);
  struct stmt *s = db_prepare(f->db, "SELECT count(*) FROM vote");
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 0);
  stmt_done(s);
  s = db_prepare(f->db, "SELECT vote_kind, votes_for, votes_against, votes_abstain, quorum_present FROM decision WHERE id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "secret");
  assert_int_equal(stmt_int(s, 1), 3);
  assert_int_equal(stmt_int(s, 2), 1);
  assert_int_equal(stmt_int(s, 3), 0);
  assert_int_equal(stmt_int(s, 4), 4);
  stmt_done(s);
  /* Nor does the audit entry say who voted. */
  s = db_prepare(f->db, "SELECT new_values FROM audit_log WHERE entity='decision' AND entity_id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_null(strstr(stmt_text(s, 0), "votes\""));
  assert_null(strstr(stmt_text(s, 0), "person"));
  stmt_done(s);
  struct buf b = {0};
  assert_int_equal(decision_votes(f->db, id, collect_vote, &b), 0);
  buf_free(&b);
}

/* ---- terms of reference --------------------------------------------------- */

static void add_terms(struct fixture *f, int nNumber, bool bChair){
  struct stmt *s = db_prepare(f->db,
    "INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,quorum_number,"
    " quorum_requires_chair,chair_selection,minutes_form,agreed_on,review_due,created_at)"
    " VALUES(?,1,'Cluster business','Monthly','number',?,?,'Elected annually','formal','2024-04-01','2026-04-01',0)");
  stmt_bind_int(s, 1, f->unit);
  stmt_bind_int(s, 2, nNumber);
  stmt_bind_int(s, 3, bChair ? 1 : 0);
  assert_true(stmt_exec(s));
}

static void test_terms_of_reference_number(void **state){
  struct fixture *f = *state;
  add_terms(f, 4, true);
  /* Three voting members would be a quorum by the default rule, not by this one. */
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "present", 0);
  attend(f, f->v2, "present", 0);
  struct quorum_result q;
  meeting_quorum(f->db, &f->m, f->item, &q);
  assert_false(q.bMet);
  assert_int_equal(q.nRequired, 4);
  struct decision_input in = agreed();
  expect_refused(f, &in, "quorum", "error.no_quorum");
  attend(f, f->v3, "present", 0);
  meeting_quorum(f->db, &f->m, f->item, &q);
  assert_true(q.bMet);
  assert_int_equal(q.nPresentVoting, 4);
  /* Four without the chair: not met, and the message says why. */
  attend(f, f->chair, "apologies", 0);
  attend(f, f->v4, "present", 0);
  meeting_quorum(f->db, &f->m, f->item, &q);
  assert_false(q.bMet);
  assert_int_equal(q.nPresentVoting, 4);
  assert_string_equal(q.zWhyKey, "quorum.no_chair");
  expect_refused(f, &in, "quorum", "error.no_quorum_chair");
  /* With the chair back the decision is recorded with the rule's numbers. */
  attend(f, f->chair, "online", 0);
  struct field_errors e = {0};
  long long id = decision_record(f->db, &f->lead, &f->m, f->item, &in, f->zToday, &e);
  assert_true(id>0);
  struct stmt *s = db_prepare(f->db, "SELECT quorum_required, quorum_present FROM decision WHERE id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 4);
  assert_int_equal(stmt_int(s, 1), 5);
  stmt_done(s);
}

static void test_terms_without_chair(void **state){
  struct fixture *f = *state;
  add_terms(f, 2, false);
  attend(f, f->v1, "present", 0);
  attend(f, f->v2, "present", 0);
  struct quorum_result q;
  meeting_quorum(f->db, &f->m, f->item, &q);
  assert_true(q.bMet);
}

/* ---- what may be decided, and by whom ------------------------------------ */

static void test_decision_validation(void **state){
  struct fixture *f = *state;
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "present", 0);
  attend(f, f->v2, "present", 0);
  struct decision_input in = agreed();
  in.zText = "  ";
  expect_refused(f, &in, "text", "error.decision_text_required");
  in = agreed();
  in.zVoteKind = "show_of_hands";
  expect_refused(f, &in, "vote_kind", "error.vote_kind_required");
  in = agreed();
  char zLong[DECISION_TEXT_MAX+2];
  memset(zLong, 'a', sizeof zLong - 1);
  zLong[sizeof zLong - 1] = 0;
  in.zReason = zLong;
  expect_refused(f, &in, "reason", "error.too_long_2000");
  in = agreed();
  in.zText = "bad\x01text";
  expect_refused(f, &in, "text", "error.bad_characters");
  /* An item for information cannot be decided. */
  in = agreed();
  struct snapshot before = snap(f);
  struct field_errors e = {0};
  assert_int_equal(decision_record(f->db, &f->lead, &f->m, f->infoItem, &in, f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "text"), "error.item_not_for_decision");
  assert_unchanged(f, before);
  /* A read-only member, another cluster's lead: not allowed at all. */
  struct field_errors e2 = {0};
  assert_int_equal(decision_record(f->db, &f->member, &f->m, f->item, &in, f->zToday, &e2), -1);
  assert_int_equal(decision_record(f->db, &f->leadAfan, &f->m, f->item, &in, f->zToday, &e2), -1);
  /* An item of another meeting is not this meeting's. */
  assert_int_equal(decision_record(f->db, &f->lead, &f->m, 999999, &in, f->zToday, &e2), -1);
  assert_unchanged(f, before);
}

/* ---- declarations ------------------------------------------------------- */

static void test_declarations(void **state){
  struct fixture *f = *state;
  long long n0 = count(f, "declaration");
  struct field_errors e = {0};
  /* Someone from another cluster who is not at the meeting. */
  assert_int_equal(declaration_add(f->db, &f->lead, &f->m, f->item, f->outsider, "x", "left_room", f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "person"), "error.declarant_not_attendee");
  memset(&e, 0, sizeof e);
  assert_int_equal(declaration_add(f->db, &f->lead, &f->m, f->item, 0, "", "sideways", f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "person"), "error.person_required");
  assert_string_equal(field_errors_get(&e, "interest"), "error.interest_required");
  assert_string_equal(field_errors_get(&e, "outcome"), "error.outcome_required");
  memset(&e, 0, sizeof e);
  char zLong[DECLARATION_INTEREST_MAX+2];
  memset(zLong, 'x', sizeof zLong - 1);
  zLong[sizeof zLong - 1] = 0;
  assert_int_equal(declaration_add(f->db, &f->lead, &f->m, f->item, f->v1, zLong, "remained", f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "interest"), "error.too_long_1000");
  assert_int_equal(count(f, "declaration"), n0);
  /* Read-only users may not declare for anyone. */
  memset(&e, 0, sizeof e);
  assert_int_equal(declaration_add(f->db, &f->member, &f->m, f->item, f->v1, "x", "remained", f->zToday, &e), -1);

  /* The outsider attends as a guest: then they may declare. */
  attend(f, f->outsider, "in_attendance", 0);
  declare(f, f->item, f->outsider, "remained");
  declare(f, f->item, f->v1, "left_room");
  memset(&e, 0, sizeof e);
  assert_int_equal(declaration_add(f->db, &f->lead, &f->m, f->item, f->v1, "Again", "remained", f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "person"), "error.declaration_exists");
  assert_int_equal(count(f, "declaration"), n0+2);
  assert_false(db_in_transaction(f->db));
  struct stmt *s = db_prepare(f->db, "SELECT count(*) FROM audit_log WHERE entity='declaration' AND action='create'");
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 2);
  stmt_done(s);
}

struct names { char z[1001]; int n; bool bRestricted; };
static void collect_decision(void *pCtx, const struct decision *d){
  struct names *p = pCtx;
  snprintf(p->z, sizeof p->z, "%s", d->zConflicted);
  if( d->bRestricted ) p->bRestricted = true;
  p->n++;
}

static void test_decision_list_and_restricted(void **state){
  struct fixture *f = *state;
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "present", 0);
  attend(f, f->v2, "present", 0);
  attend(f, f->v3, "present", 0);
  declare(f, f->item, f->v3, "left_room");
  declare(f, f->item, f->v1, "remained");
  struct decision_input in = agreed();
  struct field_errors e = {0};
  assert_true(decision_record(f->db, &f->lead, &f->m, f->item, &in, f->zToday, &e)>0);
  struct names x = {{0}, 0, false};
  assert_int_equal(decision_list(f->db, f->unit, 0, collect_decision, &x), 1);
  assert_string_equal(x.z, "Dr Rhodri Evans, Tomos Price");
  /* A restricted item's decision: the cluster sees it, the health board does not. */
  struct agenda_input ai = { .zTitle = "Practice resilience: a named practice", .zPurpose = "decision",
                             .zLeadPersonId = "", .zDuration = "10", .zRestricted = "1" };
  long long restricted = agenda_add(f->db, &f->lead, &f->m, &ai, true, f->zToday, &e);
  assert_true(restricted>0);
  assert_true(decision_record(f->db, &f->lead, &f->m, restricted, &in, f->zToday, &e)>0);
  /* The health board may write to the cluster, but not on an item it may not see. */
  assert_int_equal(decision_record(f->db, &f->hb, &f->m, restricted, &in, f->zToday, &e), -1);
  assert_int_equal(declaration_add(f->db, &f->hb, &f->m, restricted, f->v1, "x", "remained", f->zToday, &e), -1);
  assert_false(minutes_save(f->db, &f->hb, &f->m, restricted, "Notes", 0, f->zToday, &e));
  memset(&e, 0, sizeof e);
  assert_true(minutes_save(f->db, &f->hb, &f->m, f->item, "Notes", 0, f->zToday, &e));
  memset(&x, 0, sizeof x);
  assert_int_equal(decision_list_visible(f->db, &f->lead, f->unit, 0, f->zToday, collect_decision, &x), 2);
  assert_true(x.bRestricted);
  memset(&x, 0, sizeof x);
  assert_int_equal(decision_list_visible(f->db, &f->member, 0, f->m.id, f->zToday, collect_decision, &x), 2);
  memset(&x, 0, sizeof x);
  assert_int_equal(decision_list_visible(f->db, &f->hb, f->unit, 0, f->zToday, collect_decision, &x), 1);
  assert_false(x.bRestricted);
  memset(&x, 0, sizeof x);
  assert_int_equal(decision_list(f->db, 0, f->m.id, collect_decision, &x), 1);
  assert_false(x.bRestricted);
}

/* ---- minutes -------------------------------------------------------------- */

static const char *meeting_minutes_status(struct fixture *f){
  static char z[16];
  struct stmt *s = db_prepare(f->db, "SELECT minutes_status FROM meeting WHERE id=?");
  stmt_bind_int(s, 1, f->m.id);
  assert_int_equal(stmt_step(s), 1);
  snprintf(z, sizeof z, "%s", stmt_text(s, 0));
  stmt_done(s);
  return z;
}

/* Approve the minutes of f->m at the meeting after it (also in the past),
** under its "Minutes of the last meeting". */
static bool approve_at_next(struct fixture *f, struct field_errors *e){
  if( f->next.id==0 ){
    struct meeting_input mi = {
      .zTitle = "Cluster meeting", .zDate = "2025-07-08", .zStart = "14:00", .zEnd = "16:00",
      .zLocation = "Riverside Health Centre",
    };
    struct field_errors e2 = {0};
    long long id = meeting_create(f->db, &f->lead, f->unit, &mi, SCHEDULED_AT, f->zToday, &e2);
    assert_true(id>0);
    assert_true(meeting_get_visible(f->db, &f->lead, id, f->zToday, &f->next));
  }
  return minutes_approve(f->db, &f->lead, &f->next, minutes_item_of(f->db, f->next.id), f->zToday, e);
}

static void test_minutes_correction(void **state){
  struct fixture *f = *state;
  struct field_errors e = {0};
  /* Nothing to approve yet. */
  assert_false(approve_at_next(f, &e));
  assert_string_equal(field_errors_get(&e, "approve"), "error.minutes_none");
  memset(&e, 0, sizeof e);
  assert_true(minutes_save(f->db, &f->lead, &f->m, f->item, "Agreed the **three** priorities.", 0, f->zToday, &e));
  assert_string_equal(meeting_minutes_status(f), "draft");
  /* A draft changes freely. */
  assert_true(minutes_save(f->db, &f->lead, &f->m, f->item, "Agreed the three priorities.", 0, f->zToday, &e));
  assert_int_equal(e.n, 0);
  /* A read-only member may not write minutes. */
  assert_false(minutes_save(f->db, &f->member, &f->m, f->item, "Mine", 0, f->zToday, &e));
  memset(&e, 0, sizeof e);
  assert_true(approve_at_next(f, &e));
  assert_string_equal(meeting_minutes_status(f), "approved");
  f->m.zMinutesStatus[0] = 0;     /* the functions read the status themselves */
  assert_false(approve_at_next(f, &e));
  assert_string_equal(field_errors_get(&e, "approve"), "error.minutes_already_approved");

  /* Approved: a change needs a reason, and nothing changes without one. */
  long long nAudit = count(f, "audit");
  memset(&e, 0, sizeof e);
  assert_false(minutes_save(f->db, &f->lead, &f->m, f->item, "Agreed two priorities.", "  ", f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "correction_reason"), "error.correction_reason_required");
  assert_int_equal(count(f, "audit"), nAudit);
  assert_false(db_in_transaction(f->db));
  char *z = minutes_get(f->db, &f->m, f->item);
  assert_string_equal(z, "Agreed the three priorities.");
  free(z);
  /* Saving the same text is no change and needs no reason. */
  memset(&e, 0, sizeof e);
  assert_true(minutes_save(f->db, &f->lead, &f->m, f->item, "Agreed the three priorities.", 0, f->zToday, &e));
  assert_int_equal(count(f, "audit"), nAudit);

  memset(&e, 0, sizeof e);
  assert_true(minutes_save(f->db, &f->lead, &f->m, f->item, "Agreed two priorities.",
                           "The next meeting noted only two were agreed", f->zToday, &e));
  assert_int_equal(count(f, "audit"), nAudit+1);
  z = minutes_get(f->db, &f->m, f->item);
  assert_string_equal(z, "Agreed two priorities.");
  free(z);
  assert_string_equal(meeting_minutes_status(f), "approved");
  struct stmt *s = db_prepare(f->db,
    "SELECT action, old_values, new_values, entity_id FROM audit_log WHERE entity='minutes' ORDER BY id DESC LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "update");
  assert_non_null(strstr(stmt_text(s, 1), "Agreed the three priorities."));
  assert_non_null(strstr(stmt_text(s, 2), "Agreed two priorities."));
  assert_non_null(strstr(stmt_text(s, 2), "\"correction_reason\":\"The next meeting noted only two were agreed\""));
  assert_int_equal(stmt_int(s, 3), f->item);
  stmt_done(s);
  /* Minutes added after approval to an item that had none: a correction too. */
  memset(&e, 0, sizeof e);
  assert_false(minutes_save(f->db, &f->lead, &f->m, f->infoItem, "Noted.", 0, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "correction_reason"), "error.correction_reason_required");
  memset(&e, 0, sizeof e);
  assert_true(minutes_save(f->db, &f->lead, &f->m, f->infoItem, "Noted.", "Omitted by mistake", f->zToday, &e));
  s = db_prepare(f->db,
    "SELECT action, old_values FROM audit_log WHERE entity='minutes' ORDER BY id DESC LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "update");
  assert_string_equal(stmt_text(s, 1), "{\"minutes\":\"\"}");
  stmt_done(s);
}

static void test_minutes_limits(void **state){
  struct fixture *f = *state;
  struct field_errors e = {0};
  char *zLong = malloc(MINUTES_MAX+2);
  memset(zLong, 'm', MINUTES_MAX+1);
  zLong[MINUTES_MAX+1] = 0;
  assert_false(minutes_save(f->db, &f->lead, &f->m, f->item, zLong, 0, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "minutes"), "error.minutes_too_long");
  free(zLong);
  /* Line breaks and tabs are fine in minutes. */
  memset(&e, 0, sizeof e);
  assert_true(minutes_save(f->db, &f->lead, &f->m, f->item, "- one\r\n- two\n\n\tcode", 0, f->zToday, &e));
  assert_string_equal(meeting_minutes_status(f), "draft");
}

static void test_minutes_render_safe(void **state){
  (void)state;
  char *z = minutes_render("Agreed **three** priorities.\n\n- one\n- two\n");
  assert_non_null(strstr(z, "<strong>three</strong>"));
  assert_non_null(strstr(z, "<li>one</li>"));
  free(z);
  z = minutes_render("Before <script>alert(1)</script> after\n\n<script>\nalert(2)\n</script>\n");
  assert_null(strstr(z, "<script"));
  assert_null(strstr(z, "alert(2)"));
  free(z);
  z = minutes_render("[click](javascript:alert(1)) [again](JaVaScRiPt:alert(2)) <javascript:alert(3)>");
  /* The links keep their words but lose their address. */
  assert_null(strcasestr(z, "href=\"javascript"));
  assert_non_null(strstr(z, "<a href=\"\">click</a>"));
  assert_non_null(strstr(z, "<a href=\"\">again</a>"));
  free(z);
  z = minutes_render("<img src=x onerror=alert(1)> [d](data:text/html,<b>x</b>) [v](vbscript:msgbox)");
  assert_null(strstr(z, "<img"));
  assert_null(strstr(z, "onerror"));
  assert_null(strstr(z, "href=\"data:"));
  assert_null(strstr(z, "href=\"vbscript:"));
  free(z);
  z = minutes_render("[ok](https://example.wales/a?b=1&c=2) & < >");
  assert_non_null(strstr(z, "href=\"https://example.wales/a?b=1&amp;c=2\""));
  assert_non_null(strstr(z, "&amp; &lt; &gt;"));
  free(z);
  z = minutes_render(0);
  assert_string_equal(z, "");
  free(z);
}

/* ---- the register of interests ------------------------------------------ */

struct kinds { char z[200]; };
static void collect_interest(void *pCtx, const struct interest *it){
  struct kinds *k = pCtx;
  size_t n = strlen(k->z);
  snprintf(k->z+n, sizeof k->z-n, "%s:%s;", it->zKind, it->zEndsOn[0] ? "ended" : "open");
}

static void test_interest_register(void **state){
  struct fixture *f = *state;
  char zName[201];
  bool bWrite = false;
  assert_true(interest_person_visible(f->db, &f->lead, f->v1, f->zToday, zName, &bWrite));
  assert_string_equal(zName, "Dr Rhodri Evans");
  assert_true(bWrite);
  assert_true(interest_person_visible(f->db, &f->member, f->v1, f->zToday, zName, &bWrite));
  assert_false(bWrite);
  assert_false(interest_person_visible(f->db, &f->leadAfan, f->v1, f->zToday, zName, &bWrite));
  assert_false(interest_person_visible(f->db, &f->lead, 999999, f->zToday, zName, &bWrite));

  struct interest_input in = { "financial", "Partner, Riverside Medical Centre", "2024-05-01", "" };
  struct field_errors e = {0};
  assert_true(interest_add(f->db, &f->lead, f->v1, &in, f->zToday, &e)>0);
  in.zKind = "gift_hospitality"; in.zDescription = "Conference dinner"; in.zDeclaredOn = "2024-06-01"; in.zEndsOn = "2024-06-01";
  assert_true(interest_add(f->db, &f->lead, f->v1, &in, f->zToday, &e)>0);
  assert_int_equal(interest_add(f->db, &f->member, f->v1, &in, f->zToday, &e), -1);
  assert_int_equal(interest_add(f->db, &f->leadAfan, f->v1, &in, f->zToday, &e), -1);

  struct interest_input bad = { "bribe", "", "2999-01-01", "2024-01-01" };
  memset(&e, 0, sizeof e);
  assert_int_equal(interest_add(f->db, &f->lead, f->v1, &bad, f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "kind"), "error.interest_kind_required");
  assert_string_equal(field_errors_get(&e, "description"), "error.interest_description_required");
  assert_string_equal(field_errors_get(&e, "declared_on"), "error.declared_on_future");
  bad = (struct interest_input){ "personal", "Governor of a school", "2024-05-01", "2024-04-01" };
  memset(&e, 0, sizeof e);
  assert_int_equal(interest_add(f->db, &f->lead, f->v1, &bad, f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "ends_on"), "error.ends_before_declared");
  bad.zDeclaredOn = "2024-02-30"; bad.zEndsOn = "";
  memset(&e, 0, sizeof e);
  assert_int_equal(interest_add(f->db, &f->lead, f->v1, &bad, f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "declared_on"), "error.date_invalid");

  struct kinds k = {""};
  assert_int_equal(interest_list(f->db, f->v1, collect_interest, &k), 2);
  assert_string_equal(k.z, "financial:open;gift_hospitality:ended;");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_no_quorum_refused, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_conflict_drops_below_quorum, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_chair_conflicted_no_quorum, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_named_vote, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_deputy_votes_for_absent_member, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_secret_ballot, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_terms_of_reference_number, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_terms_without_chair, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_decision_validation, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_declarations, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_decision_list_and_restricted, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_minutes_correction, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_minutes_limits, setup, fx_teardown),
    cmocka_unit_test(test_minutes_render_safe),
    cmocka_unit_test_setup_teardown(test_interest_register, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
