/*
** Changing and undoing (meeting.h, paper.h, decision.h, action.h): a
** meeting moved only while it is ahead and never onto another meeting
** but itself, cancelled with a reason; an agenda item deleted with the
** positions after it closed up; a paper's versions kept in order and
** withdrawn together; declarations changed under the record's rule and
** listed on the person's register only where the reader may see them;
** who may change an action, and what its lead may change.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/action.h"
#include "domain/decision.h"
#include "domain/meeting.h"
#include "domain/member.h"
#include "domain/paper.h"
#include "html/i18n.h"
#include "util/text.h"
#include "fixture.h"

struct fixture {
  struct db *db;                 /* first: fx_teardown closes it */
  char zToday[11];
  long long unit;                /* cardiff-south-west */
  struct user lead, leadAfan, member, hb;
  long long alys, sian, tomos;   /* members; the member user is Sian */
  char zAlys[24], zSian[24], zTomos[24];
};

#define LONG_AGO "2020-01-01T09:00"

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  f.unit = fx_unit_id(f.db, f.zToday, "cardiff-south-west");
  fx_make_cast(f.db, f.zToday, (struct fx_cast){ .lead = &f.lead, .leadAfan = &f.leadAfan, .member = &f.member, .hb = &f.hb });
  f.alys = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Dr Alys Morgan", "cluster_lead", "core", "yes", "2020-01-01", 0);
  f.sian = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Sian Griffiths", "pharmacy_collaborative_lead", "core", "yes", "2020-01-01", 0);
  f.tomos = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Tomos Price", "dental_collaborative_lead", "core", "yes", "2020-01-01", 0);
  snprintf(f.zAlys, sizeof f.zAlys, "%lld", f.alys);
  snprintf(f.zSian, sizeof f.zSian, "%lld", f.sian);
  snprintf(f.zTomos, sizeof f.zTomos, "%lld", f.tomos);
  struct stmt *s = db_prepare(f.db, "UPDATE app_user SET person_id=?1 WHERE id=?2");
  stmt_bind_int(s, 1, f.sian);
  stmt_bind_int(s, 2, f.member.id);
  if( !stmt_exec(s) ) return -1;
  *state = &f;
  return 0;
}

/* A meeting of the unit on zDate, 14:00-16:00, scheduled long ago. */
static void meeting_on(struct fixture *f, const char *zDate, struct meeting *m){
  struct meeting_input in = { .zTitle = "Cluster meeting", .zDate = zDate, .zStart = "14:00", .zEnd = "16:00",
                              .zLocation = "Canton Library", .zOnlineLink = "" };
  struct field_errors e = {0};
  long long id = meeting_create(f->db, &f->lead, f->unit, &in, LONG_AGO, f->zToday, &e);
  if( id<=0 ) fail_msg("meeting_create: %s", e.n ? e.a[0].zKey : "refused");
  assert_true(meeting_load(f->db, id, m));
}

static long long item_on(struct fixture *f, const struct meeting *m, const char *zTitle, const char *zMinutes,
                         bool bRestricted){
  struct agenda_input in = { .zTitle = zTitle, .zPurpose = "decision", .zLeadPersonId = "", .zDuration = zMinutes,
                             .zRestricted = bRestricted ? "1" : "" };
  struct field_errors e = {0};
  long long id = agenda_add(f->db, &f->lead, m, &in, true, f->zToday, &e);
  if( id<=0 ) fail_msg("agenda_add: %s", e.n ? e.a[0].zKey : "refused");
  return id;
}

static void test_meeting_update(void **state){
  struct fixture *f = *state;
  struct meeting m, other;
  meeting_on(f, "2031-03-03", &m);
  meeting_on(f, "2031-03-04", &other);
  struct meeting_input in = { .zTitle = "Cluster meeting", .zDate = "2031-03-04", .zStart = "15:00", .zEnd = "17:00",
                              .zLocation = "Ely Hub", .zOnlineLink = "" };
  struct field_errors e = {0};
  /* Onto the other meeting: an overlap. Onto its own slot, moved by an hour: not. */
  assert_int_equal(meeting_update(f->db, &f->lead, &m, &in, LONG_AGO, f->zToday, &e), 0);
  fx_expect_field_error(&e, "start", "error.meeting_overlap");
  in.zDate = "2031-03-03";
  memset(&e, 0, sizeof e);
  assert_int_equal(meeting_update(f->db, &f->lead, &m, &in, LONG_AGO, f->zToday, &e), m.id);
  struct meeting now;
  assert_true(meeting_load(f->db, m.id, &now));
  assert_string_equal(now.zStartsAt, "2031-03-03T15:00");
  assert_string_equal(now.zLocation, "Ely Hub");
  /* Not by a member or another cluster's lead. */
  memset(&e, 0, sizeof e);
  assert_int_equal(meeting_update(f->db, &f->member, &m, &in, LONG_AGO, f->zToday, &e), -1);
  assert_int_equal(meeting_update(f->db, &f->leadAfan, &m, &in, LONG_AGO, f->zToday, &e), -1);
  /* Started (held in the past): it does not move. */
  struct meeting held;
  meeting_on(f, "2025-02-02", &held);
  in.zDate = "2031-05-05";
  memset(&e, 0, sizeof e);
  assert_int_equal(meeting_update(f->db, &f->lead, &held, &in, LONG_AGO, f->zToday, &e), 0);
  fx_expect_field_error(&e, "date", "error.meeting_started_move");
  assert_true(meeting_load(f->db, held.id, &now));
  assert_string_equal(now.zStartsAt, "2025-02-02T14:00");
}

static void test_meeting_cancel(void **state){
  struct fixture *f = *state;
  struct meeting m;
  meeting_on(f, "2031-04-01", &m);
  struct field_errors e = {0};
  assert_int_equal(meeting_cancel(f->db, &f->lead, &m, "   ", f->zToday, &e), 0);
  fx_expect_field_error(&e, "reason", "error.cancel_reason_required");
  memset(&e, 0, sizeof e);
  assert_int_equal(meeting_cancel(f->db, &f->member, &m, "No", f->zToday, &e), -1);
  assert_int_equal(meeting_cancel(f->db, &f->lead, &m, "Half term", f->zToday, &e), m.id);
  char zReason[200];
  assert_true(meeting_cancel_reason(f->db, m.id, zReason, sizeof zReason));
  assert_string_equal(zReason, "Half term");
  /* Cancelled: its slot is free again, and it neither moves nor cancels twice. */
  struct meeting again;
  meeting_on(f, "2031-04-01", &again);
  memset(&e, 0, sizeof e);
  assert_int_equal(meeting_cancel(f->db, &f->lead, &m, "Again", f->zToday, &e), 0);
  fx_expect_field_error(&e, "reason", "error.meeting_cancelled");
  struct meeting_input in = { .zTitle = "Cluster meeting", .zDate = "2031-04-09", .zStart = "14:00", .zEnd = "16:00",
                              .zLocation = "Canton Library", .zOnlineLink = "" };
  memset(&e, 0, sizeof e);
  assert_int_equal(meeting_update(f->db, &f->lead, &m, &in, LONG_AGO, f->zToday, &e), 0);
  fx_expect_field_error(&e, "date", "error.meeting_cancelled");
  /* A held meeting is not cancelled. */
  struct meeting held;
  meeting_on(f, "2025-03-03", &held);
  memset(&e, 0, sizeof e);
  assert_int_equal(meeting_cancel(f->db, &f->lead, &held, "Late", f->zToday, &e), 0);
  fx_expect_field_error(&e, "reason", "error.meeting_started_cancel");
  assert_false(meeting_cancel_reason(f->db, held.id, zReason, sizeof zReason));
}

struct pos_ctx { long long aId[16]; char azStart[16][6]; int n; };
static void pos_cb(void *pCtx, const struct agenda_item *it){
  struct pos_ctx *c = pCtx;
  if( c->n<16 ){ c->aId[c->n] = it->id; snprintf(c->azStart[c->n], 6, "%s", it->zStart); c->n++; }
}

static void test_agenda_delete(void **state){
  struct fixture *f = *state;
  struct meeting m;
  meeting_on(f, "2031-05-01", &m);
  long long a = item_on(f, &m, "First", "20", false);
  long long b = item_on(f, &m, "Second", "10", false);
  struct pos_ctx before = {0}, after = {0};
  agenda_list(f->db, &f->lead, &m, false, pos_cb, &before);
  int iA = 0;
  while( before.aId[iA]!=a ) iA++;
  assert_int_equal(before.aId[iA+1], b);
  struct field_errors e = {0};
  assert_int_equal(agenda_delete(f->db, &f->member, &m, a, f->zToday, &e), -1);
  assert_int_equal(agenda_delete(f->db, &f->lead, &m, a, f->zToday, &e), a);
  agenda_list(f->db, &f->lead, &m, false, pos_cb, &after);
  assert_int_equal(after.n, before.n-1);
  /* The next item takes its place and its time. */
  assert_int_equal(after.aId[iA], b);
  assert_string_equal(after.azStart[iA], before.azStart[iA]);
  /* Positions stay 1..n without a gap. */
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM agenda_item a WHERE a.meeting_id=(SELECT max(id) FROM meeting)"
                                   " AND a.position<>(SELECT count(*) FROM agenda_item x WHERE x.meeting_id=a.meeting_id"
                                   " AND x.position<=a.position)"), 0);
  /* A proposal is declined, not deleted. */
  struct agenda_input prop = { .zTitle = "Proposed", .zPurpose = "discussion", .zLeadPersonId = "", .zDuration = "10",
                               .zRestricted = "", .zDescription = "Why the cluster should discuss it" };
  long long p = agenda_propose(f->db, &f->member, &m, &prop, 0, f->zToday, &e);
  assert_true(p>0);
  memset(&e, 0, sizeof e);
  assert_int_equal(agenda_delete(f->db, &f->lead, &m, p, f->zToday, &e), 0);
  fx_expect_field_error(&e, "confirm", "error.item_not_on_agenda");
  /* Not once the meeting has started. */
  struct meeting held;
  meeting_on(f, "2025-04-04", &held);
  long long c = item_on(f, &held, "Kept", "10", false);
  memset(&e, 0, sizeof e);
  assert_int_equal(agenda_delete(f->db, &f->lead, &held, c, f->zToday, &e), 0);
  fx_expect_field_error(&e, "confirm", "error.item_delete_started");
}

/* A complete PDF. */
static const unsigned char PDF[] =
  "%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
  "trailer\n<< /Size 2 >>\nstartxref\n29\n%%EOF\n";

struct ver_ctx { int n; int aVersion[8]; long long aId[8]; };
static void ver_cb(void *pCtx, const struct paper *p){
  struct ver_ctx *c = pCtx;
  if( c->n<8 ){ c->aVersion[c->n] = p->version; c->aId[c->n] = p->id; c->n++; }
}

static void test_paper_versions(void **state){
  struct fixture *f = *state;
  struct meeting m;
  meeting_on(f, "2031-06-01", &m);
  long long item = item_on(f, &m, "Report", "10", false);
  struct field_errors e = {0};
  long long p1 = paper_add(f->db, &f->lead, &m, item, "r.pdf", PDF, sizeof PDF - 1, f->zToday, &e);
  assert_true(p1>0);
  long long p2 = paper_replace(f->db, &f->lead, &m, p1, "r2.pdf", PDF, sizeof PDF - 1, f->zToday, &e);
  assert_true(p2>0);
  long long p3 = paper_replace(f->db, &f->lead, &m, p2, "r3.pdf", PDF, sizeof PDF - 1, f->zToday, &e);
  assert_true(p3>0);
  /* An earlier version is not replaced again; a member replaces nothing. */
  assert_int_equal(paper_replace(f->db, &f->lead, &m, p1, "x.pdf", PDF, sizeof PDF - 1, f->zToday, &e), 0);
  fx_expect_field_error(&e, "file", "paper.error_replaced");
  memset(&e, 0, sizeof e);
  assert_int_equal(paper_replace(f->db, &f->member, &m, p3, "x.pdf", PDF, sizeof PDF - 1, f->zToday, &e), -1);
  struct ver_ctx cur = {0}, old = {0};
  assert_int_equal(paper_list(f->db, item, ver_cb, &cur), 1);
  assert_int_equal(cur.aId[0], p3);
  assert_int_equal(cur.aVersion[0], 3);
  assert_int_equal(paper_versions(f->db, p3, ver_cb, &old), 2);
  assert_int_equal(old.aId[0], p2);
  assert_int_equal(old.aVersion[0], 2);
  assert_int_equal(old.aId[1], p1);
  /* Withdrawn: every version goes. */
  memset(&e, 0, sizeof e);
  assert_int_equal(paper_withdraw(f->db, &f->lead, &m, p2, f->zToday, &e), 0);
  fx_expect_field_error(&e, "confirm", "paper.error_replaced");
  memset(&e, 0, sizeof e);
  assert_int_equal(paper_withdraw(f->db, &f->lead, &m, p3, f->zToday, &e), p3);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM paper"), 0);
}

static void test_paper_withdraw_after_publish(void **state){
  struct fixture *f = *state;
  struct meeting m;
  meeting_on(f, "2031-06-02", &m);
  long long item = item_on(f, &m, "Report", "10", false);
  struct field_errors e = {0};
  long long p = paper_add(f->db, &f->lead, &m, item, "r.pdf", PDF, sizeof PDF - 1, f->zToday, &e);
  assert_true(p>0);
  struct stmt *s = db_prepare(f->db, "UPDATE meeting SET pack_published_at=1 WHERE id=?");
  stmt_bind_int(s, 1, m.id);
  assert_true(stmt_exec(s));
  assert_int_equal(paper_withdraw(f->db, &f->lead, &m, p, f->zToday, &e), 0);
  fx_expect_field_error(&e, "confirm", "paper.error_withdraw_published");
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM paper"), 1);
}

struct made_ctx { int n; long long aItem[8]; };
static void made_cb(void *pCtx, const struct declaration_made *d){
  struct made_ctx *c = pCtx;
  if( c->n<8 ) c->aItem[c->n] = d->itemId;
  c->n++;
}

struct wd_ctx { int n; char zReason[100]; char zPerson[100]; long long otherItem; };
static void wd_cb(void *pCtx, long long at, const char *zReason, const char *zPerson, const char *zInterest,
                  const char *zOutcome){
  struct wd_ctx *c = pCtx;
  (void)zInterest; (void)zOutcome;
  assert_true(at>0);
  snprintf(c->zReason, sizeof c->zReason, "%s", zReason);
  snprintf(c->zPerson, sizeof c->zPerson, "%s", zPerson);
  c->n++;
}

static void test_declarations(void **state){
  struct fixture *f = *state;
  struct meeting m;
  meeting_on(f, "2025-05-05", &m);
  long long open = item_on(f, &m, "Open item", "10", false);
  long long secret = item_on(f, &m, "Restricted item", "10", true);
  struct field_errors e = {0};
  long long d1 = declaration_add_registered(f->db, &f->lead, &m, open, f->tomos, "Landlord", "remained", 0, "financial",
                                            f->zToday, &e);
  assert_true(d1>0);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM interest WHERE description='Landlord' AND kind='financial'"
                                   " AND declared_on='2025-05-05'"), 1);
  /* A bad kind: nothing written, neither the declaration nor the interest. */
  long long d0 = declaration_add_registered(f->db, &f->lead, &m, secret, f->tomos, "Shares", "no_vote", 0, "odd",
                                            f->zToday, &e);
  assert_int_equal(d0, 0);
  fx_expect_field_error(&e, "register_kind", "error.interest_kind_required");
  memset(&e, 0, sizeof e);
  long long d2 = declaration_add(f->db, &f->lead, &m, secret, f->tomos, "Shares", "no_vote", f->zToday, &e);
  assert_true(d2>0);
  /* The register: the lead sees both, the health board the open one only. */
  struct made_ctx cLead = {0}, cHb = {0};
  assert_int_equal(declarations_made(f->db, &f->lead, f->tomos, f->zToday, made_cb, &cLead), 2);
  assert_int_equal(declarations_made(f->db, &f->hb, f->tomos, f->zToday, made_cb, &cHb), 1);
  assert_int_equal(cHb.aItem[0], open);
  struct made_ctx cAfan = {0};
  assert_int_equal(declarations_made(f->db, &f->leadAfan, f->tomos, f->zToday, made_cb, &cAfan), 0);
  /* Changed while open; a member may not. */
  assert_int_equal(declaration_update(f->db, &f->member, &m, d1, "x", "remained", 0, 0, f->zToday, &e), -1);
  assert_int_equal(declaration_update(f->db, &f->lead, &m, d1, "Landlord of a bidder", "left_room", 0, 0, f->zToday, &e), d1);
  /* Approved: a correction, with its reason. */
  struct stmt *s = db_prepare(f->db, "UPDATE meeting SET minutes_status='approved' WHERE id=?");
  stmt_bind_int(s, 1, m.id);
  assert_true(stmt_exec(s));
  memset(&e, 0, sizeof e);
  assert_int_equal(declaration_withdraw(f->db, &f->lead, &m, d1, "", f->zToday, &e), 0);
  fx_expect_field_error(&e, "correction_reason", "error.correction_reason_required");
  memset(&e, 0, sizeof e);
  assert_int_equal(declaration_withdraw(f->db, &f->lead, &m, d1, "Declared in error", f->zToday, &e), d1);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM correction WHERE record_kind='declaration'"
                                   " AND new_values IS NULL AND reason='Declared in error'"), 1);
  /* The item says it was withdrawn, and why; the other item does not. */
  struct wd_ctx w = {0}, wOther = {0};
  assert_int_equal(declarations_withdrawn(f->db, &m, open, wd_cb, &w), 1);
  assert_string_equal(w.zReason, "Declared in error");
  assert_string_equal(w.zPerson, "Tomos Price");
  assert_int_equal(declarations_withdrawn(f->db, &m, secret, wd_cb, &wOther), 0);
}

static void test_action_access(void **state){
  struct fixture *f = *state;
  struct action_input in = { .zDescription = "Collect the figures", .zLeadPersonId = f->zSian, .zDue = "2031-01-31" };
  struct field_errors e = {0};
  long long id = action_create(f->db, &f->lead, f->unit, &in, f->zToday, &e);
  assert_true(id>0);
  struct action a;
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_int_equal(action_access(f->db, &f->lead, &a, f->zToday), ACTION_ACCESS_WRITE);
  assert_int_equal(action_access(f->db, &f->member, &a, f->zToday), ACTION_ACCESS_LEAD);
  assert_int_equal(action_access(f->db, &f->leadAfan, &a, f->zToday), ACTION_ACCESS_NONE);
  /* The lead updates its status and progress, not its due date. */
  assert_true(action_update(f->db, &f->member, id, "in_progress", "Two practices so far", "2040-01-01", f->zToday, &e));
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_string_equal(a.zStatus, "in_progress");
  assert_string_equal(a.zDue, "2031-01-31");
  assert_string_equal(a.zLastProgress, "Two practices so far");
  /* Nor its text or lead. */
  assert_int_equal(action_edit(f->db, &f->member, id, "Other", f->zSian, 0, f->zToday, &e), -1);
  /* Reassigned: Sian no longer leads it, and may no longer update it. */
  assert_int_equal(action_edit(f->db, &f->lead, id, "Collect every practice's figures", f->zTomos, 0, f->zToday, &e), id);
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_string_equal(a.zDescription, "Collect every practice's figures");
  assert_int_equal(a.leadPersonId, f->tomos);
  assert_int_equal(action_access(f->db, &f->member, &a, f->zToday), ACTION_ACCESS_READ);
  memset(&e, 0, sizeof e);
  assert_false(action_update(f->db, &f->member, id, "done", "", 0, f->zToday, &e));
  assert_int_equal(e.n, 0);
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_string_equal(a.zStatus, "in_progress");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_meeting_update, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_meeting_cancel, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_agenda_delete, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_paper_versions, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_paper_withdraw_after_publish, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_declarations, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_action_access, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
