/*
** The action log (src/domain/action.h, export_actions.h): validation with
** a message per field and nothing written on bad input, references that
** count per unit, who may read and change an action, keyset pages that
** return every row exactly once, the overdue and "raised before this
** meeting" filters, "my actions", and the CSV writer's escaping.
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
#include <unistd.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/action.h"
#include "domain/export_actions.h"
#include "domain/member.h"
#include "domain/refdata.h"
#include "domain/unit.h"
#include "html/i18n.h"
#include "util/buf.h"
#include "util/text.h"
#include "fixture.h"

struct fixture {
  struct db *db;                 /* first: fx_teardown closes it */
  char zToday[11], zYesterday[11], zTomorrow[11];
  long long own, other;          /* cardiff-south-west, afan */
  struct user lead;              /* cluster_lead of cardiff-south-west */
  struct user leadAfan;          /* cluster_lead of afan */
  struct user member;            /* member of cardiff-south-west */
  struct user hb;                /* health_board of Cardiff and Vale */
  struct user national;
  long long alys, rhodri, ended; /* people: current members of CSW, one whose membership ended */
  long long dafydd;              /* a current member of afan */
  char zAlys[24], zRhodri[24], zEnded[24], zDafydd[24];
};

static long long unit_id(struct fixture *f, const char *zSlug){
  return fx_unit_id(f->db, f->zToday, zSlug);
}

/* Add a person as a member of unitId through the membership rules;
** returns the person's id. */
static long long add_person(struct fixture *f, const struct user *by, long long unitId,
                            const char *zName, const char *zRole, const char *zFrom, const char *zTo){
  return fx_add_person(f->db, by, unitId, f->zToday, zName, zRole, "core", "yes", zFrom, zTo);
}

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  fx_day_offset(-1, f.zYesterday);
  fx_day_offset(1, f.zTomorrow);
  f.own = unit_id(&f, "cardiff-south-west");
  f.other = unit_id(&f, "afan");
  fx_make_cast(f.db, f.zToday, (struct fx_cast){ &f.lead, &f.leadAfan, &f.member, &f.hb, &f.national });
  f.alys = add_person(&f, &f.lead, f.own, "Dr Alys Morgan", "cluster_lead", "2024-04-01", 0);
  f.rhodri = add_person(&f, &f.lead, f.own, "Dr Rhodri Evans", "gp_collaborative_lead", "2024-04-01", 0);
  f.ended = add_person(&f, &f.lead, f.own, "Huw Lewis", "finance", "2024-04-01", "2024-12-31");
  f.dafydd = add_person(&f, &f.leadAfan, f.other, "Dr Dafydd Rees", "cluster_lead", "2024-04-01", 0);
  snprintf(f.zAlys, sizeof f.zAlys, "%lld", f.alys);
  snprintf(f.zRhodri, sizeof f.zRhodri, "%lld", f.rhodri);
  snprintf(f.zEnded, sizeof f.zEnded, "%lld", f.ended);
  snprintf(f.zDafydd, sizeof f.zDafydd, "%lld", f.dafydd);
  *state = &f;
  return 0;
}

/* ---- helpers ---------------------------------------------------------- */

static long long count(struct fixture *f, const char *zWhat){
  if( strcmp(zWhat, "action")==0 ) return fx_count(f->db, "SELECT count(*) FROM action");
  if( strcmp(zWhat, "progress")==0 ) return fx_count(f->db, "SELECT count(*) FROM action_progress");
  return fx_count(f->db, "SELECT count(*) FROM audit_log WHERE entity='action'");
}

static long long create(struct fixture *f, const struct user *by, long long unitId, const char *zDesc,
                        const char *zLead, const char *zDue, long long meetingId){
  struct action_input in = { zDesc, zLead, zDue, meetingId, 0, 0, 0 };
  struct field_errors e = {0};
  long long id = action_create(f->db, by, unitId, &in, f->zToday, &e);
  if( id==0 ) fail_msg("create failed: %s %s", e.n ? e.a[0].zField : "?", e.n ? e.a[0].zKey : "?");
  return id;
}

static void expect_create_error(struct fixture *f, const struct action_input *in,
                                const char *zField, const char *zKey){
  long long nAction = count(f, "action"), nAudit = count(f, "audit");
  struct field_errors e = {0};
  long long id = action_create(f->db, &f->lead, f->own, in, f->zToday, &e);
  assert_int_equal(id, 0);
  fx_expect_field_error(&e, zField, zKey);
  assert_int_equal(count(f, "action"), nAction);
  assert_int_equal(count(f, "audit"), nAudit);
  assert_false(db_in_transaction(f->db));
}

static long long insert_meeting(struct fixture *f, long long unitId, const char *zStart, const char *zEnd){
  struct stmt *s = db_prepare(f->db,
    "INSERT INTO meeting(unit_id,title,starts_at,ends_at,created_at,updated_at)"
    " VALUES(?,'Cluster meeting',?,?,0,0) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zStart);
  stmt_bind_text(s, 3, zEnd);
  assert_int_equal(stmt_step(s), 1);
  long long id = stmt_int(s, 0);
  stmt_done(s);
  return id;
}

/* Collects what a list delivers. */
struct got { int n; long long aId[400]; char azRef[400][24]; long long unit[400]; bool bOverdue[400]; };
static void got_cb(void *p, const struct action *a){
  struct got *g = p;
  if( g->n>=400 ) fail_msg("too many rows");
  g->aId[g->n] = a->id;
  g->unit[g->n] = a->unitId;
  g->bOverdue[g->n] = a->bOverdue;
  snprintf(g->azRef[g->n], sizeof g->azRef[0], "%s", a->zRef);
  g->n++;
}
static bool got_has(const struct got *g, long long id){
  for(int i=0; i<g->n; i++) if( g->aId[i]==id ) return true;
  return false;
}

/* ---- tests ------------------------------------------------------------ */

static void test_ref_prefix(void **state){
  (void)state;
  char z[8];
  action_ref_prefix("Cardiff South West", z);   assert_string_equal(z, "CSW");
  action_ref_prefix("Afan", z);                 assert_string_equal(z, "A");
  action_ref_prefix("Neath Port Talbot", z);    assert_string_equal(z, "NPT");
  action_ref_prefix("Cardiff and Vale", z);     assert_string_equal(z, "CV");
  action_ref_prefix("north-east  cardiff", z);  assert_string_equal(z, "NEC");
  action_ref_prefix("Ynys Môn", z);             assert_string_equal(z, "YM");
  action_ref_prefix("", z);                     assert_string_equal(z, "ACT");
  action_ref_prefix("A B C D E F G H", z);      assert_string_equal(z, "ABCDEF");   /* at most six; only a lower-case "a" is left out */
}

static void test_status_codes(void **state){
  (void)state;
  enum action_status e;
  for(int i=0; i<ACTION__MAX; i++){
    assert_true(action_parse_status(action_status_code((enum action_status)i), &e));
    assert_int_equal(e, i);
  }
  assert_false(action_parse_status("closed", &e));
  assert_false(action_parse_status("", &e));
  assert_false(action_parse_status(0, &e));
  assert_string_equal(action_status_code(ACTION_IN_PROGRESS), "in_progress");
}

static void test_create_valid(void **state){
  struct fixture *f = *state;
  long long nAudit = count(f, "audit");
  long long id = create(f, &f->lead, f->own, "Circulate the winter plan", f->zRhodri, "2026-06-30", 0);
  assert_true(id>0);
  struct action a;
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_string_equal(a.zRef, "CSW-001");
  assert_string_equal(a.zDescription, "Circulate the winter plan");
  assert_int_equal(a.leadPersonId, f->rhodri);
  assert_string_equal(a.zLeadName, "Dr Rhodri Evans");
  assert_string_equal(a.zStatus, "open");
  assert_string_equal(a.zDue, "2026-06-30");
  assert_string_equal(a.zMeetingDate, "");
  assert_int_equal(a.meetingId, 0);
  assert_string_equal(a.zUnitSlug, "cardiff-south-west");
  assert_string_equal(a.zLastProgress, "");
  assert_int_equal(count(f, "audit"), nAudit+1);
  /* The audit entry names the action and its unit. */
  struct stmt *s = db_prepare(f->db,
    "SELECT action, entity_id, unit_id, new_values FROM audit_log WHERE entity='action' ORDER BY id DESC LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "create");
  assert_int_equal(stmt_int(s, 1), id);
  assert_int_equal(stmt_int(s, 2), f->own);
  assert_non_null(strstr(stmt_text(s, 3), "\"ref\":\"CSW-001\""));
  stmt_done(s);
  /* Empty due date is allowed. */
  id = create(f, &f->lead, f->own, "No date", f->zAlys, "", 0);
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_string_equal(a.zDue, "");
  /* 1,000 characters of two bytes each is within the limit. */
  char *z = malloc(2001);
  for(int i=0; i<1000; i++){ z[2*i] = (char)0xC5; z[2*i+1] = (char)0xB5; }   /* ŵ */
  z[2000] = 0;
  id = create(f, &f->lead, f->own, z, f->zAlys, 0, 0);
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_string_equal(a.zDescription, z);
  free(z);
}

static void test_create_invalid(void **state){
  struct fixture *f = *state;
  struct action_input in = { "Do it", f->zAlys, "", 0, 0, 0, 0 };
  in.zDescription = "";
  expect_create_error(f, &in, "description", "error.action_required");
  in.zDescription = "  \n ";
  expect_create_error(f, &in, "description", "error.action_required");
  in.zDescription = 0;
  expect_create_error(f, &in, "description", "error.action_required");
  char zLong[1002];
  memset(zLong, 'x', 1001);
  zLong[1001] = 0;
  in.zDescription = zLong;
  expect_create_error(f, &in, "description", "error.action_too_long");
  in.zDescription = "bad \x01 byte";
  expect_create_error(f, &in, "description", "error.bad_characters");
  in.zDescription = "Do it";
  in.zLeadPersonId = "";
  expect_create_error(f, &in, "lead", "error.lead_required");
  in.zLeadPersonId = f->zDafydd;      /* a member of another cluster */
  expect_create_error(f, &in, "lead", "error.lead_not_member");
  in.zLeadPersonId = f->zEnded;       /* membership ended */
  expect_create_error(f, &in, "lead", "error.lead_not_member");
  in.zLeadPersonId = "abc";
  expect_create_error(f, &in, "lead", "error.lead_not_member");
  in.zLeadPersonId = "999999";
  expect_create_error(f, &in, "lead", "error.lead_not_member");
  in.zLeadPersonId = f->zAlys;
  in.zDue = "2026-02-30";
  expect_create_error(f, &in, "due", "error.date_invalid");
  in.zDue = "2026-2-3";
  expect_create_error(f, &in, "due", "error.date_invalid");
  in.zDue = "";
  in.meetingId = insert_meeting(f, f->other, "2025-01-10T10:00", "2025-01-10T12:00");
  expect_create_error(f, &in, "meeting", "error.meeting_not_in_unit");
  in.meetingId = 987654;
  expect_create_error(f, &in, "meeting", "error.meeting_not_in_unit");
  /* Every error at once. */
  struct action_input bad = { "", "", "31-31-31", 987654, 0, 0, 0 };
  struct field_errors e = {0};
  assert_int_equal(action_create(f->db, &f->lead, f->own, &bad, f->zToday, &e), 0);
  assert_int_equal(e.n, 4);
  assert_int_equal(count(f, "action"), 0);
}

static void test_refs_per_unit(void **state){
  struct fixture *f = *state;
  struct action a;
  long long id1 = create(f, &f->lead, f->own, "One", f->zAlys, "", 0);
  long long id2 = create(f, &f->lead, f->own, "Two", f->zAlys, "", 0);
  long long idA = create(f, &f->leadAfan, f->other, "Afan one", f->zDafydd, "", 0);
  long long id3 = create(f, &f->hb, f->own, "Three", f->zRhodri, "", 0);
  long long idB = create(f, &f->leadAfan, f->other, "Afan two", f->zDafydd, "", 0);
  const struct { long long id; const char *zRef; } want[] = {
    {id1, "CSW-001"}, {id2, "CSW-002"}, {idA, "A-001"}, {id3, "CSW-003"}, {idB, "A-002"},
  };
  for(size_t i=0; i<sizeof(want)/sizeof(want[0]); i++){
    assert_true(action_get_visible(f->db, &f->national, want[i].id, f->zToday, &a));
    assert_string_equal(a.zRef, want[i].zRef);
  }
  /* A reference taken out of turn is skipped, never reused. */
  struct stmt *s = db_prepare(f->db, "UPDATE action SET ref='CSW-004' WHERE id=?1");
  stmt_bind_int(s, 1, id3);
  assert_true(stmt_exec(s));
  long long id4 = create(f, &f->lead, f->own, "Four", f->zAlys, "", 0);
  assert_true(action_get_visible(f->db, &f->lead, id4, f->zToday, &a));
  assert_string_equal(a.zRef, "CSW-005");
}

static void test_access(void **state){
  struct fixture *f = *state;
  struct action_input in = { "Do it", f->zAlys, "", 0, 0, 0, 0 };
  struct field_errors e = {0};
  /* Another cluster's lead, a member (read only), national (read only): -1, nothing written. */
  assert_int_equal(action_create(f->db, &f->leadAfan, f->own, &in, f->zToday, &e), -1);
  assert_int_equal(action_create(f->db, &f->member, f->own, &in, f->zToday, &e), -1);
  assert_int_equal(action_create(f->db, &f->national, f->own, &in, f->zToday, &e), -1);
  assert_int_equal(e.n, 0);
  assert_int_equal(count(f, "action"), 0);
  /* The health board writes to its clusters. */
  long long id = create(f, &f->hb, f->own, "Board action", f->zAlys, "", 0);
  struct action a;
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_true(action_get_visible(f->db, &f->member, id, f->zToday, &a));
  assert_true(action_get_visible(f->db, &f->national, id, f->zToday, &a));
  assert_false(action_get_visible(f->db, &f->leadAfan, id, f->zToday, &a));
  assert_false(action_get_visible(f->db, &f->lead, id+1000, f->zToday, &a));
  /* Changing: refused for readers and outsiders, with no error to show. */
  long long nAudit = count(f, "audit");
  assert_false(action_update(f->db, &f->leadAfan, id, "done", "sneaky", "", f->zToday, &e));
  assert_int_equal(e.n, 0);
  assert_false(action_update(f->db, &f->member, id, "done", "", "", f->zToday, &e));
  assert_int_equal(e.n, 0);
  assert_false(action_update(f->db, &f->lead, id+1000, "done", "", "", f->zToday, &e));
  assert_int_equal(e.n, 0);
  assert_int_equal(count(f, "audit"), nAudit);
  assert_int_equal(count(f, "progress"), 0);
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_string_equal(a.zStatus, "open");
}

struct notes { int n; char az[8][100]; char azOn[8][11]; char azBy[8][100]; };
static void note_cb(void *p, const char *zOn, const char *zNote, const char *zBy){
  struct notes *c = p;
  if( c->n<8 ){
    snprintf(c->az[c->n], 100, "%s", zNote);
    snprintf(c->azOn[c->n], 11, "%s", zOn);
    snprintf(c->azBy[c->n], 100, "%s", zBy);
  }
  c->n++;
}

static void test_update(void **state){
  struct fixture *f = *state;
  long long id = create(f, &f->lead, f->own, "Book the venue", f->zAlys, "2026-05-01", 0);
  long long nAudit = count(f, "audit");
  struct field_errors e = {0};
  assert_true(action_update(f->db, &f->lead, id, "in_progress", "Asked three venues", "2026-05-15", f->zToday, &e));
  struct action a;
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_string_equal(a.zStatus, "in_progress");
  assert_string_equal(a.zDue, "2026-05-15");
  assert_string_equal(a.zLastProgress, "Asked three venues");
  assert_string_equal(a.zLastProgressOn, f->zToday);
  assert_int_equal(count(f, "audit"), nAudit+1);
  struct stmt *s = db_prepare(f->db,
    "SELECT action, old_values, new_values FROM audit_log WHERE entity='action' ORDER BY id DESC LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "update");
  assert_non_null(strstr(stmt_text(s, 1), "\"status\":\"open\""));
  assert_non_null(strstr(stmt_text(s, 1), "\"due\":\"2026-05-01\""));
  assert_non_null(strstr(stmt_text(s, 2), "\"status\":\"in_progress\""));
  assert_non_null(strstr(stmt_text(s, 2), "\"due\":\"2026-05-15\""));
  assert_non_null(strstr(stmt_text(s, 2), "\"progress\":\"Asked three venues\""));
  stmt_done(s);
  /* A second note; the due date removed; the latest note is shown. */
  assert_true(action_update(f->db, &f->lead, id, "done", "Booked the hall", "", f->zToday, &e));
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  assert_string_equal(a.zStatus, "done");
  assert_string_equal(a.zDue, "");
  assert_string_equal(a.zLastProgress, "Booked the hall");
  struct notes n = {0};
  assert_int_equal(action_progress_list(f->db, id, note_cb, &n), 2);
  assert_string_equal(n.az[0], "Asked three venues");
  assert_string_equal(n.az[1], "Booked the hall");
  assert_string_equal(n.azOn[1], f->zToday);
  assert_string_equal(n.azBy[0], f->lead.zName);
  /* Nothing changed and no note: success, nothing written. */
  nAudit = count(f, "audit");
  assert_true(action_update(f->db, &f->lead, id, "done", "  ", "", f->zToday, &e));
  assert_int_equal(count(f, "audit"), nAudit);
  assert_int_equal(count(f, "progress"), 2);
  /* Bad input: a message per field, nothing written. */
  char zLong[1002];
  memset(zLong, 'y', 1001);
  zLong[1001] = 0;
  assert_false(action_update(f->db, &f->lead, id, "finished", zLong, "2026-13-01", f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "status"), "error.action_status_required");
  assert_string_equal(field_errors_get(&e, "note"), "error.note_too_long");
  assert_string_equal(field_errors_get(&e, "due"), "error.date_invalid");
  memset(&e, 0, sizeof e);
  assert_false(action_update(f->db, &f->lead, id, 0, "", "", f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "status"), "error.action_status_required");
  assert_int_equal(count(f, "audit"), nAudit);
  assert_int_equal(count(f, "progress"), 2);
  assert_false(db_in_transaction(f->db));
}

static void test_keyset_pages(void **state){
  struct fixture *f = *state;
  /* 83 actions in CSW with 20 of afan's in between. */
  long long aWant[83];
  int nWant = 0;
  for(int i=0; i<83; i++){
    char z[40];
    snprintf(z, sizeof z, "Action %d", i);
    aWant[nWant++] = create(f, &f->lead, f->own, z, i%2 ? f->zAlys : f->zRhodri, "", 0);
    if( i%4==0 && i<80 ) create(f, &f->leadAfan, f->other, z, f->zDafydd, "", 0);
  }
  for(int nPage=1; nPage<=30; nPage+=7){
    struct got all = {0};
    struct action_filter flt = { .nMax = nPage };
    int nPages = 0;
    for(;;){
      struct got g = {0};
      int n = action_list(f->db, f->own, &flt, f->zToday, got_cb, &g);
      assert_int_equal(n, g.n);
      assert_true(n<=nPage);
      for(int i=0; i<g.n; i++){
        assert_int_equal(g.unit[i], f->own);
        assert_false(got_has(&all, g.aId[i]));          /* exactly once */
        all.aId[all.n++] = g.aId[i];
      }
      nPages++;
      if( n<nPage ) break;
      flt.afterId = g.aId[g.n-1];
    }
    assert_int_equal(all.n, nWant);
    for(int i=0; i<nWant; i++) assert_int_equal(all.aId[i], aWant[i]);   /* in id order */
    assert_int_equal(nPages, nWant/nPage + 1);
  }
  /* The same across a filter: Alys's actions only, 5 at a time. */
  struct got all = {0};
  struct action_filter flt = { .nMax = 5, .leadPersonId = f->alys };
  for(;;){
    struct got g = {0};
    int n = action_list(f->db, f->own, &flt, f->zToday, got_cb, &g);
    for(int i=0; i<g.n; i++){ assert_false(got_has(&all, g.aId[i])); all.aId[all.n++] = g.aId[i]; }
    if( n<5 ) break;
    flt.afterId = g.aId[g.n-1];
  }
  assert_int_equal(all.n, 41);
}

static void test_status_and_overdue_filters(void **state){
  struct fixture *f = *state;
  long long late = create(f, &f->lead, f->own, "Late", f->zAlys, f->zYesterday, 0);
  long long lateDone = create(f, &f->lead, f->own, "Late but done", f->zAlys, f->zYesterday, 0);
  long long lateGoing = create(f, &f->lead, f->own, "Late, in progress", f->zRhodri, f->zYesterday, 0);
  long long lateCancelled = create(f, &f->lead, f->own, "Late, cancelled", f->zAlys, "2020-01-01", 0);
  long long today = create(f, &f->lead, f->own, "Due today", f->zAlys, f->zToday, 0);
  long long future = create(f, &f->lead, f->own, "Future", f->zAlys, f->zTomorrow, 0);
  long long undated = create(f, &f->lead, f->own, "No date", f->zAlys, "", 0);
  long long lateAfan = create(f, &f->leadAfan, f->other, "Afan late", f->zDafydd, f->zYesterday, 0);
  struct field_errors e = {0};
  assert_true(action_update(f->db, &f->lead, lateDone, "done", "", f->zYesterday, f->zToday, &e));
  assert_true(action_update(f->db, &f->lead, lateGoing, "in_progress", "", f->zYesterday, f->zToday, &e));
  assert_true(action_update(f->db, &f->lead, lateCancelled, "cancelled", "", "2020-01-01", f->zToday, &e));

  struct got g = {0};
  struct action_filter flt = { .nMax = 100, .bOverdue = true };
  assert_int_equal(action_list(f->db, f->own, &flt, f->zToday, got_cb, &g), 2);
  assert_int_equal(g.aId[0], late);
  assert_int_equal(g.aId[1], lateGoing);
  assert_true(g.bOverdue[0] && g.bOverdue[1]);
  assert_false(got_has(&g, lateAfan));

  /* "open" is open or in progress; the others are exact. */
  memset(&g, 0, sizeof g);
  struct action_filter open = { .nMax = 100, .zStatus = "open" };
  assert_int_equal(action_list(f->db, f->own, &open, f->zToday, got_cb, &g), 5);
  assert_true(got_has(&g, late) && got_has(&g, lateGoing) && got_has(&g, today) && got_has(&g, future) && got_has(&g, undated));
  for(int i=0; i<g.n; i++) assert_int_equal(g.bOverdue[i], g.aId[i]==late || g.aId[i]==lateGoing);
  memset(&g, 0, sizeof g);
  struct action_filter done = { .nMax = 100, .zStatus = "done" };
  assert_int_equal(action_list(f->db, f->own, &done, f->zToday, got_cb, &g), 1);
  assert_int_equal(g.aId[0], lateDone);
  memset(&g, 0, sizeof g);
  struct action_filter prog = { .nMax = 100, .zStatus = "in_progress" };
  assert_int_equal(action_list(f->db, f->own, &prog, f->zToday, got_cb, &g), 1);
  memset(&g, 0, sizeof g);
  struct action_filter both = { .nMax = 100, .zStatus = "open", .bOverdue = true, .leadPersonId = f->rhodri };
  assert_int_equal(action_list(f->db, f->own, &both, f->zToday, got_cb, &g), 1);
  assert_int_equal(g.aId[0], lateGoing);
}

static void test_before_meeting(void **state){
  struct fixture *f = *state;
  long long m1 = insert_meeting(f, f->own, "2025-01-10T10:00", "2025-01-10T12:00");
  long long m2 = insert_meeting(f, f->own, "2025-02-10T10:00", "2025-02-10T12:00");
  long long m3 = insert_meeting(f, f->own, "2025-03-10T10:00", "2025-03-10T12:00");
  long long mAfan = insert_meeting(f, f->other, "2025-02-01T10:00", "2025-02-01T12:00");
  long long atM1 = create(f, &f->lead, f->own, "From January", f->zAlys, "", m1);
  long long atM1done = create(f, &f->lead, f->own, "From January, done", f->zAlys, "", m1);
  long long atM2 = create(f, &f->lead, f->own, "From February", f->zAlys, "", m2);
  long long oldLoose = create(f, &f->lead, f->own, "Raised by email in January", f->zAlys, "", 0);
  long long newLoose = create(f, &f->lead, f->own, "Raised by email today", f->zAlys, "", 0);
  long long atAfan = create(f, &f->leadAfan, f->other, "Afan", f->zDafydd, "", mAfan);
  struct field_errors e = {0};
  assert_true(action_update(f->db, &f->lead, atM1done, "done", "", "", f->zToday, &e));
  /* Raised outside a meeting: its creation time counts (15 Jan 2025). */
  struct stmt *s = db_prepare(f->db, "UPDATE action SET created_at=1736899200 WHERE id=?1");
  stmt_bind_int(s, 1, oldLoose);
  assert_true(stmt_exec(s));
  struct action a;
  assert_true(action_get_visible(f->db, &f->lead, atM1, f->zToday, &a));
  assert_string_equal(a.zMeetingDate, "2025-01-10");
  assert_int_equal(a.meetingId, m1);

  /* Open actions for the review at the February meeting. */
  struct got g = {0};
  struct action_filter flt = { .nMax = 100, .zStatus = "open", .beforeMeetingId = m2 };
  assert_int_equal(action_list(f->db, f->own, &flt, f->zToday, got_cb, &g), 2);
  assert_int_equal(g.aId[0], atM1);
  assert_int_equal(g.aId[1], oldLoose);
  /* At March: February's too; with any status, January's done one. */
  memset(&g, 0, sizeof g);
  flt.beforeMeetingId = m3;
  assert_int_equal(action_list(f->db, f->own, &flt, f->zToday, got_cb, &g), 3);
  assert_true(got_has(&g, atM2) && !got_has(&g, newLoose) && !got_has(&g, atM1done));
  memset(&g, 0, sizeof g);
  flt.zStatus = 0;
  assert_int_equal(action_list(f->db, f->own, &flt, f->zToday, got_cb, &g), 4);
  /* Nothing before the first meeting; another unit's meeting matches nothing. */
  memset(&g, 0, sizeof g);
  flt.beforeMeetingId = m1;
  assert_int_equal(action_list(f->db, f->own, &flt, f->zToday, got_cb, &g), 0);
  flt.beforeMeetingId = mAfan;
  assert_int_equal(action_list(f->db, f->own, &flt, f->zToday, got_cb, &g), 0);
  /* Raised at a meeting: that meeting's own list. */
  memset(&g, 0, sizeof g);
  struct action_filter at = { .nMax = 100, .meetingId = m1 };
  assert_int_equal(action_list(f->db, f->own, &at, f->zToday, got_cb, &g), 2);
  assert_false(got_has(&g, atAfan));
}

static void test_led_by(void **state){
  struct fixture *f = *state;
  assert_int_equal(action_user_person(f->db, f->lead.id), 0);
  struct stmt *s = db_prepare(f->db, "UPDATE app_user SET person_id=?1 WHERE id=?2");
  stmt_bind_int(s, 1, f->alys);
  stmt_bind_int(s, 2, f->lead.id);
  assert_true(stmt_exec(s));
  assert_int_equal(action_user_person(f->db, f->lead.id), f->alys);
  long long a1 = create(f, &f->lead, f->own, "Mine", f->zAlys, f->zYesterday, 0);
  create(f, &f->lead, f->own, "Not mine", f->zRhodri, "", 0);
  long long a3 = create(f, &f->lead, f->own, "Mine too", f->zAlys, "", 0);
  struct got g = {0};
  struct action_filter flt = { .nMax = 25 };
  assert_int_equal(action_list_led_by(f->db, &f->lead, f->alys, &flt, f->zToday, got_cb, &g), 2);
  assert_int_equal(g.aId[0], a1);
  assert_int_equal(g.aId[1], a3);
  memset(&g, 0, sizeof g);
  flt.bOverdue = true;
  assert_int_equal(action_list_led_by(f->db, &f->lead, f->alys, &flt, f->zToday, got_cb, &g), 1);
  /* Someone who may not read the cluster sees none of them. */
  memset(&g, 0, sizeof g);
  flt.bOverdue = false;
  assert_int_equal(action_list_led_by(f->db, &f->leadAfan, f->alys, &flt, f->zToday, got_cb, &g), 0);
  /* Pages: one at a time, each once. */
  struct action_filter one = { .nMax = 1 };
  memset(&g, 0, sizeof g);
  assert_int_equal(action_list_led_by(f->db, &f->lead, f->alys, &one, f->zToday, got_cb, &g), 1);
  one.afterId = g.aId[0];
  assert_int_equal(action_list_led_by(f->db, &f->lead, f->alys, &one, f->zToday, got_cb, &g), 1);
  one.afterId = g.aId[1];
  assert_int_equal(action_list_led_by(f->db, &f->lead, f->alys, &one, f->zToday, got_cb, &g), 0);
  assert_int_equal(g.aId[1], a3);
  assert_int_equal(action_list_led_by(f->db, &f->lead, 0, &flt, f->zToday, got_cb, &g), 0);
}

static void test_csv_field(void **state){
  (void)state;
  static const char *const az[][2] = {
    {"plain", "plain"},
    {"", ""},
    {"a,b", "\"a,b\""},
    {"say \"hi\"", "\"say \"\"hi\"\"\""},
    {"two\nlines", "\"two\nlines\""},
    {"=SUM(A1:A9)", "'=SUM(A1:A9)"},
    {"+44 29", "'+44 29"},
    {"-1", "'-1"},
    {"@cmd", "'@cmd"},
    {"=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""},
    {"a=b", "a=b"},
    {"2026-03-01", "2026-03-01"},
  };
  for(size_t i=0; i<sizeof(az)/sizeof(az[0]); i++){
    struct buf b = {0};
    export_csv_field(&b, az[i][0]);
    assert_string_equal(buf_cstr(&b), az[i][1]);
    buf_free(&b);
  }
}

static void test_csv_export(void **state){
  struct fixture *f = *state;
  long long m1 = insert_meeting(f, f->own, "2025-01-10T10:00", "2025-01-10T12:00");
  long long id = create(f, &f->lead, f->own, "=cmd|' /C calc'!A0", f->zAlys, "2026-06-30", m1);
  create(f, &f->lead, f->own, "Write to \"all\", practices", f->zRhodri, "", 0);
  create(f, &f->leadAfan, f->other, "Afan's", f->zDafydd, "", 0);
  struct field_errors e = {0};
  assert_true(action_update(f->db, &f->lead, id, "in_progress", "Started", "2026-06-30", f->zToday, &e));
  char *z = 0;
  size_t n = 0;
  FILE *out = open_memstream(&z, &n);
  assert_true(export_actions_csv(out, f->db, f->own, 0, f->zToday, LANG_EN));
  fclose(out);
  char zWant[600];
  snprintf(zWant, sizeof zWant,
    "\xEF\xBB\xBF" "Action Ref,Meeting Date,Action,Lead,Status,Progress,Due\r\n"
    "CSW-001,2025-01-10,'=cmd|' /C calc'!A0,Dr Alys Morgan,In progress,%s: Started,2026-06-30\r\n"
    "CSW-002,,\"Write to \"\"all\"\", practices\",Dr Rhodri Evans,Open,,\r\n", f->zToday);
  assert_string_equal(z, zWant);
  free(z);
  /* Welsh headers and statuses; a filter applies. */
  z = 0;
  out = open_memstream(&z, &n);
  struct action_filter flt = { .zStatus = "in_progress" };
  assert_true(export_actions_csv(out, f->db, f->own, &flt, f->zToday, LANG_CY));
  fclose(out);
  assert_non_null(strstr(z, i18n_get(LANG_CY, "action.col_meeting_date")));
  assert_non_null(strstr(z, "Ar y gweill"));
  assert_null(strstr(z, "CSW-002"));
  free(z);
}

static void test_xlsx_export(void **state){
  struct fixture *f = *state;
  for(int i=0; i<3; i++) create(f, &f->lead, f->own, "Row", f->zAlys, "2026-06-30", 0);
  char zPath[] = "/tmp/test_action-XXXXXX";
  int fd = mkstemp(zPath);
  assert_true(fd>=0);
  close(fd);
  char zErr[300] = "";
  assert_true(export_actions_xlsx(zPath, f->db, f->own, 0, f->zToday, LANG_EN, zErr, sizeof zErr));
  FILE *in = fopen(zPath, "rb");
  assert_non_null(in);
  char a[4] = {0};
  assert_int_equal(fread(a, 1, 2, in), 2);
  fclose(in);
  assert_string_equal(a, "PK");                 /* a zip: the reader test is in tests/http */
  unlink(zPath);
  assert_false(export_actions_xlsx("/nonexistent-dir/x.xlsx", f->db, f->own, 0, f->zToday, LANG_EN, zErr, sizeof zErr));
  assert_non_null(strstr(zErr, "/nonexistent-dir/x.xlsx"));
}

static void test_json(void **state){
  struct fixture *f = *state;
  long long id = create(f, &f->lead, f->own, "Say \"hello\"\n", f->zAlys, "", 0);
  struct action a;
  assert_true(action_get_visible(f->db, &f->lead, id, f->zToday, &a));
  struct buf b = {0};
  export_action_json(&b, &a);
  char zWant[400];
  snprintf(zWant, sizeof zWant,
    "{\"id\":%lld,\"ref\":\"CSW-001\",\"meeting_date\":null,\"action\":\"Say \\\"hello\\\"\\n\","
    "\"lead\":\"Dr Alys Morgan\",\"status\":\"open\",\"progress\":null,\"due\":null,\"overdue\":false}", id);
  assert_string_equal(buf_cstr(&b), zWant);
  buf_free(&b);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ref_prefix),
    cmocka_unit_test(test_status_codes),
    cmocka_unit_test(test_csv_field),
    cmocka_unit_test_setup_teardown(test_create_valid, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_create_invalid, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_refs_per_unit, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_access, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_update, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_keyset_pages, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_status_and_overdue_filters, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_before_meeting, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_led_by, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_csv_export, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_xlsx_export, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_json, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
