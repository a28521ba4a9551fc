/*
** Elections on a candidate list (src/domain/election.h): refused without
** quorum and from conflicted voters with nothing written; a secret
** ballot stores no ballot rows and no voter in the audit log; a tie
** elects no one; the totals are exact.
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
#include "domain/election.h"
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
  struct db *db;
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
};

static long long unit_id(struct fixture *f, const char *zSlug){
  struct unit u;
  if( !unit_get_by_slug(f->db, zSlug, f->zToday, &u) ) fail_msg("no unit %s", zSlug);
  return u.id;
}

static void make_user(struct fixture *f, struct user *u, const char *zEmail, enum role role,
                      const char *zScope){
  memset(u, 0, sizeof *u);
  u->role = role;
  u->scopeUnitId = unit_id(f, zScope);
  snprintf(u->zEmail, sizeof u->zEmail, "%s", zEmail);
  snprintf(u->zName, sizeof u->zName, "User %s", zEmail);
  snprintf(u->zScopeSlug, sizeof u->zScopeSlug, "%s", zScope);
  snprintf(u->zLang, sizeof u->zLang, "en");
  struct stmt *s = db_prepare(f->db,
    "INSERT INTO app_user(email,name,password_hash,role,scope_unit_id,created_at)"
    " VALUES(?,?,'-',?,?,0) RETURNING id");
  stmt_bind_text(s, 1, zEmail);
  stmt_bind_text(s, 2, u->zName);
  stmt_bind_text(s, 3, access_role_code(role));
  stmt_bind_int(s, 4, u->scopeUnitId);
  assert_int_equal(stmt_step(s), 1);
  u->id = stmt_int(s, 0);
  stmt_done(s);
}

/* Add a member of unitId; returns the person's id. */
static long long add_member(struct fixture *f, long long unitId, const struct user *by,
                            const char *zName, const char *zRole, bool bVoting){
  struct member_input in = {
    .zName = zName, .zRole = zRole, .zCore = "core", .zVoting = bVoting ? "yes" : "no",
    .zFrom = "2024-04-01",
  };
  struct field_errors e = {0};
  long long id = membership_add(f->db, by, unitId, &in, f->zToday, &e);
  if( id<=0 ) fail_msg("membership_add %s: %s", zName, e.n ? e.a[0].zKey : "refused");
  struct membership m;
  assert_true(membership_get(f->db, id, &m));
  return m.personId;
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

static int teardown(void **state){
  struct fixture *f = *state;
  db_close(f->db);
  return 0;
}

static int group_setup(void **state){
  (void)state;
  return i18n_init() ? 0 : -1;
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

static long long count_sql(struct fixture *f, const char *zTable){
  struct stmt *s;
  if( strcmp(zTable, "ballot")==0 ) s = db_prepare(f->db, "SELECT count(*) FROM ballot");
  else if( strcmp(zTable, "candidate")==0 ) s = db_prepare(f->db, "SELECT count(*) FROM candidate");
  else if( strcmp(zTable, "decision")==0 ) s = db_prepare(f->db, "SELECT count(*) FROM decision");
  else s = db_prepare(f->db, "SELECT count(*) FROM audit_log");
  assert_int_equal(stmt_step(s), 1);
  long long n = stmt_int(s, 0);
  stmt_done(s);
  return n;
}

/* Expect the election refused with zKey on zField and nothing written. */
static void expect_refused(struct fixture *f, const struct election_input *in,
                           const char *zField, const char *zKey){
  long long nDec = count_sql(f, "decision"), nCand = count_sql(f, "candidate");
  long long nBal = count_sql(f, "ballot"), nAudit = count_sql(f, "audit");
  struct field_errors e = {0};
  assert_int_equal(election_record(f->db, &f->lead, &f->m, f->item, in, f->zToday, &e), 0);
  const char *zGot = field_errors_get(&e, zField);
  if( !zGot ) fail_msg("no error on %s (first: %s %s)", zField, e.n ? e.a[0].zField : "-", e.n ? e.a[0].zKey : "-");
  assert_string_equal(zGot, zKey);
  for(int i=0; i<e.n; i++){
    assert_true(i18n_has(LANG_EN, e.a[i].zKey));
    assert_true(i18n_has(LANG_CY, e.a[i].zKey));
  }
  assert_int_equal(count_sql(f, "decision"), nDec);
  assert_int_equal(count_sql(f, "candidate"), nCand);
  assert_int_equal(count_sql(f, "ballot"), nBal);
  assert_int_equal(count_sql(f, "audit"), nAudit);
  assert_false(db_in_transaction(f->db));
}

static struct election_input *chair_election(struct fixture *f, const char *zKind){
  static struct election_input in;
  memset(&in, 0, sizeof in);
  in.zOffice = "Cluster Lead (chair)";
  in.zKind = zKind;
  in.aCandidate[0] = f->chair;
  in.aCandidate[1] = f->v1;
  in.nCandidate = 2;
  return &in;
}

static void ballot(struct election_input *in, long long voter, long long candidate){
  in->aBallot[in->nBallot].voterId = voter;
  in->aBallot[in->nBallot].candidateId = candidate;
  in->nBallot++;
}

static void all_present(struct fixture *f){
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "present", 0);
  attend(f, f->v2, "present", 0);
  attend(f, f->v3, "online", 0);
  attend(f, f->v4, "present", 0);
}

static void test_no_quorum_refused(void **state){
  struct fixture *f = *state;
  attend(f, f->chair, "present", 0);
  attend(f, f->v1, "present", 0);
  attend(f, f->nonVoting, "present", 0);
  struct election_input *in = chair_election(f, "named");
  ballot(in, f->chair, f->v1);
  ballot(in, f->v1, f->chair);
  expect_refused(f, in, "quorum", "error.no_quorum");
  in = chair_election(f, "secret");
  in->azTotal[0] = "1"; in->azTotal[1] = "1";
  expect_refused(f, in, "quorum", "error.no_quorum");
}

static void test_conflicted_and_non_voters_refused(void **state){
  struct fixture *f = *state;
  all_present(f);
  attend(f, f->nonVoting, "present", 0);
  declare(f, f->item, f->v2, "left_room");
  struct election_input *in = chair_election(f, "named");
  ballot(in, f->chair, f->v1);
  ballot(in, f->v2, f->chair);
  expect_refused(f, in, "ballots", "error.conflicted_cannot_vote");
  in = chair_election(f, "named");
  ballot(in, f->nonVoting, f->chair);
  expect_refused(f, in, "ballots", "error.not_a_voter");
  in = chair_election(f, "named");
  ballot(in, f->v3, f->chair);
  ballot(in, f->v3, f->v1);
  expect_refused(f, in, "ballots", "error.vote_twice");
  in = chair_election(f, "named");
  ballot(in, f->v3, f->v4);
  expect_refused(f, in, "ballots", "election.error_not_a_candidate");
  /* Four may vote (five present, one conflicted): five secret votes are too many. */
  in = chair_election(f, "secret");
  in->azTotal[0] = "3"; in->azTotal[1] = "1"; in->zAbstain = "1";
  expect_refused(f, in, "totals", "error.votes_exceed_voters");
  in->azTotal[0] = "x";
  expect_refused(f, in, "totals", "error.vote_count_invalid");
  /* Candidates must be members of the unit that day. */
  in = chair_election(f, "secret");
  in->aCandidate[1] = f->outsider;
  in->azTotal[0] = "1";
  expect_refused(f, in, "candidates", "election.error_candidate_not_member");
  in = chair_election(f, "secret");
  in->nCandidate = 0;
  expect_refused(f, in, "candidates", "election.error_candidates_required");
  in = chair_election(f, "secret");
  in->zOffice = " ";
  in->azTotal[0] = "1";
  expect_refused(f, in, "office", "election.error_office_required");
  in = chair_election(f, "show of hands");
  expect_refused(f, in, "ballot_kind", "election.error_kind_required");
}

static void test_named_election(void **state){
  struct fixture *f = *state;
  all_present(f);
  struct election_input *in = chair_election(f, "named");
  ballot(in, f->chair, f->v1);
  ballot(in, f->v1, f->chair);
  ballot(in, f->v2, f->chair);
  ballot(in, f->v3, f->chair);
  ballot(in, f->v4, 0);         /* abstains */
  struct field_errors e = {0};
  long long id = election_record(f->db, &f->lead, &f->m, f->item, in, f->zToday, &e);
  assert_true(id>0);
  struct stmt *s = db_prepare(f->db,
    "SELECT text, vote_kind, is_election, votes_for, votes_abstain, quorum_present FROM decision WHERE id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "Elected: Dr Alys Morgan as Cluster Lead (chair), 3 votes of 5");
  assert_string_equal(stmt_text(s, 1), "named");
  assert_int_equal(stmt_int(s, 2), 1);
  assert_int_equal(stmt_int(s, 3), 4);
  assert_int_equal(stmt_int(s, 4), 1);
  assert_int_equal(stmt_int(s, 5), 5);
  stmt_done(s);
  assert_int_equal(count_sql(f, "ballot"), 5);
  s = db_prepare(f->db, "SELECT person_id, votes, elected FROM candidate WHERE decision_id=? ORDER BY votes DESC");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), f->chair);
  assert_int_equal(stmt_int(s, 1), 3);
  assert_int_equal(stmt_int(s, 2), 1);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), f->v1);
  assert_int_equal(stmt_int(s, 1), 1);
  assert_int_equal(stmt_int(s, 2), 0);
  assert_int_equal(stmt_step(s), 0);
  stmt_done(s);
  /* The decisions list carries it like any decision. */
  s = db_prepare(f->db, "SELECT new_values FROM audit_log WHERE entity='decision' AND entity_id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_non_null(strstr(stmt_text(s, 0), "\"ballots\""));
  stmt_done(s);
}

static void test_secret_election_keeps_no_voters(void **state){
  struct fixture *f = *state;
  all_present(f);
  struct election_input *in = chair_election(f, "secret");
  in->azTotal[0] = "1"; in->azTotal[1] = " 3 "; in->zAbstain = "1";
  struct field_errors e = {0};
  long long id = election_record(f->db, &f->lead, &f->m, f->item, in, f->zToday, &e);
  if( id<=0 ) fail_msg("refused: %s", e.n ? e.a[0].zKey : "?");
  assert_int_equal(count_sql(f, "ballot"), 0);
  struct stmt *s = db_prepare(f->db, "SELECT text, votes_for, votes_abstain FROM decision WHERE id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "Elected: Dr Rhodri Evans as Cluster Lead (chair), 3 votes of 5");
  assert_int_equal(stmt_int(s, 1), 4);
  assert_int_equal(stmt_int(s, 2), 1);
  stmt_done(s);
  s = db_prepare(f->db, "SELECT new_values FROM audit_log WHERE entity='decision' AND entity_id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  const char *z = stmt_text(s, 0);
  assert_null(strstr(z, "ballot"));
  assert_null(strstr(z, "Sian Griffiths"));
  assert_null(strstr(z, "Tomos Price"));
  assert_null(strstr(z, "Nia Hughes"));
  stmt_done(s);
  /* No named ballots to show. */
  assert_int_equal(election_ballots(f->db, id, 0, 0), 0);
}

struct cand_ctx { int n; int aVotes[8]; int nElected; };
static void collect_cand(void *pCtx, const struct candidate_result *c){
  struct cand_ctx *p = pCtx;
  if( p->n<8 ) p->aVotes[p->n] = c->nVotes;
  p->n++;
  if( c->bElected ) p->nElected++;
}

static void test_tie_elects_no_one(void **state){
  struct fixture *f = *state;
  all_present(f);
  struct election_input *in = chair_election(f, "secret");
  in->aCandidate[2] = f->v4;
  in->nCandidate = 3;
  in->azTotal[0] = "2"; in->azTotal[1] = "2"; in->azTotal[2] = "1";
  struct field_errors e = {0};
  long long id = election_record(f->db, &f->lead, &f->m, f->item, in, f->zToday, &e);
  assert_true(id>0);
  struct stmt *s = db_prepare(f->db, "SELECT text FROM decision WHERE id=?");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_non_null(strstr(stmt_text(s, 0), "Tied: decide by the method in the terms of reference"));
  stmt_done(s);
  struct cand_ctx c = {0};
  assert_int_equal(election_candidates(f->db, id, collect_cand, &c), 3);
  assert_int_equal(c.nElected, 0);
  assert_int_equal(c.aVotes[0], 2);
  assert_int_equal(c.aVotes[1], 2);
  assert_int_equal(c.aVotes[2], 1);
  /* An ordinary decision has no candidates. */
  assert_int_equal(election_candidates(f->db, id+1000, collect_cand, &c), 0);
}

static void test_exact_totals(void **state){
  struct fixture *f = *state;
  all_present(f);
  /* Exactly the five voters present: accepted. */
  struct election_input *in = chair_election(f, "secret");
  in->azTotal[0] = "4"; in->azTotal[1] = "0"; in->zAbstain = "1";
  struct field_errors e = {0};
  long long id = election_record(f->db, &f->lead, &f->m, f->item, in, f->zToday, &e);
  assert_true(id>0);
  struct cand_ctx c = {0};
  election_candidates(f->db, id, collect_cand, &c);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.aVotes[0], 4);
  assert_int_equal(c.aVotes[1], 0);
  assert_int_equal(c.nElected, 1);
  /* Nothing at all is refused. */
  in = chair_election(f, "secret");
  in->azTotal[0] = "0"; in->zAbstain = "";
  expect_refused(f, in, "totals", "election.error_votes_required");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_no_quorum_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(test_conflicted_and_non_voters_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(test_named_election, setup, teardown),
    cmocka_unit_test_setup_teardown(test_secret_election_keeps_no_voters, setup, teardown),
    cmocka_unit_test_setup_teardown(test_tie_elects_no_one, setup, teardown),
    cmocka_unit_test_setup_teardown(test_exact_totals, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, 0);
}
