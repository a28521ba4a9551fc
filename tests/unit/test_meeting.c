/*
** Meetings (src/domain/meeting.h, meeting.c, attendance.c): scheduling
** with a message per field and nothing written on bad input, the standing
** agenda with computed times, who may see and change a meeting, the call
** for agenda items, restricted items, attendance, and the live quorum
** under the default rule and under terms of reference. Every write leaves
** an audit entry.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/decision.h"
#include "domain/meeting.h"
#include "domain/paper.h"
#include "domain/member.h"
#include "domain/quorum.h"
#include "domain/refdata.h"
#include "domain/unit.h"
#include "html/i18n.h"
#include "util/text.h"
#include "fixture.h"

/* Meetings are in 2030; "now" is fixed so that the tests do not depend
** on the clock. Access checks use the real today. */
#define NOW   "2030-01-01T09:00"
#define DATE  "2030-03-04"

enum { ALYS, RHODRI, SIAN, TOMOS, NIA, GARETH, FFION, MEGAN, OWAIN, N_VOTING };

struct fixture {
  struct db *db;                 /* first: fx_teardown closes it */
  char zToday[11];
  long long own, other;          /* cardiff-south-west, afan */
  struct user lead;              /* cluster_lead of cardiff-south-west */
  struct user leadAfan;          /* cluster_lead of afan */
  struct user member;            /* member of cardiff-south-west: Sian Griffiths */
  struct user hb;                /* health_board of Cardiff and Vale */
  struct user hbOther;           /* health_board of Swansea Bay (Afan's board) */
  struct user national;
  struct user admin;
  long long aVoting[N_VOTING];   /* person ids; ALYS is the cluster lead (chair) */
  long long carys;               /* core, not voting */
  long long huw;                 /* in attendance, not voting */
  long long former;              /* a voting member until 2024-12-31 */
  long long future;              /* a voting member from 2031 */
  long long afanPerson;          /* a member of Afan only */
};

static long long unit_id(struct fixture *f, const char *zSlug){
  return fx_unit_id(f->db, f->zToday, zSlug);
}

/* A user with a real app_user row, without password hashing. */
static void make_user(struct fixture *f, struct user *u, const char *zEmail, enum role role,
                      const char *zScope){
  fx_make_user(f->db, f->zToday, u, zEmail, role, zScope);
}

/* Add a person with a membership; returns the person's id. */
static long long add_person(struct fixture *f, long long unitId, const char *zName, const char *zRole,
                            bool bVoting, const char *zFrom, const char *zTo){
  return fx_add_person(f->db, &f->admin, unitId, f->zToday, zName, zRole,
                       bVoting ? "core" : "attendance", bVoting ? "yes" : "no", zFrom, zTo);
}

static void exec_sql(struct fixture *f, const char *zSql){
  if( !db_exec_script(f->db, zSql) ) fail_msg("%s: %s", zSql, db_errmsg(f->db));
}

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  f.own = unit_id(&f, "cardiff-south-west");
  f.other = unit_id(&f, "afan");
  make_user(&f, &f.admin, "admin@example.wales", ROLE_ADMIN, "wales");
  fx_make_cast(f.db, f.zToday, (struct fx_cast){ &f.lead, &f.leadAfan, &f.member, &f.hb, NULL });
  make_user(&f, &f.hbOther, "hb.swansea@example.wales", ROLE_HEALTH_BOARD, "swansea-bay-university-health-board");
  make_user(&f, &f.national, "national@example.wales", ROLE_NATIONAL, "wales");
  static const char *const az[N_VOTING][2] = {
    {"Dr Alys Morgan", "cluster_lead"}, {"Dr Rhodri Evans", "gp_collaborative_lead"},
    {"Sian Griffiths", "pharmacy_collaborative_lead"}, {"Tomos Price", "dental_collaborative_lead"},
    {"Nia Hughes", "optometry_collaborative_lead"}, {"Gareth Williams", "nursing_collaborative_lead"},
    {"Ffion Davies", "ahp_collaborative_lead"}, {"Megan Roberts", "third_sector_rep"},
    {"Owain Jones", "mental_health_rep"},
  };
  for(int i=0; i<N_VOTING; i++){
    f.aVoting[i] = add_person(&f, f.own, az[i][0], az[i][1], true, "2024-01-01", 0);
  }
  f.carys = add_person(&f, f.own, "Carys Thomas", "cluster_development_manager", false, "2024-01-01", 0);
  f.huw = add_person(&f, f.own, "Huw Lewis", "finance", false, "2024-01-01", 0);
  f.former = add_person(&f, f.own, "Former Member", "public_health", true, "2024-01-01", "2024-12-31");
  f.future = add_person(&f, f.own, "Future Member", "public_health", true, "2031-01-01", 0);
  f.afanPerson = add_person(&f, f.other, "Dr Dafydd Rees", "cluster_lead", true, "2024-01-01", 0);
  char zSql[200];
  snprintf(zSql, sizeof zSql, "UPDATE app_user SET person_id=%lld WHERE id=%lld;", f.aVoting[SIAN], f.member.id);
  exec_sql(&f, zSql);
  snprintf(zSql, sizeof zSql, "UPDATE app_user SET person_id=%lld WHERE id=%lld;", f.aVoting[ALYS], f.lead.id);
  exec_sql(&f, zSql);
  *state = &f;
  return 0;
}

/* ---- helpers ---------------------------------------------------------- */

static struct meeting_input valid_input(void){
  struct meeting_input in = {
    .zTitle = "Cluster meeting", .zDate = DATE, .zStart = "14:00", .zEnd = "16:00",
    .zLocation = "Canton Library, Cardiff", .zOnlineLink = "https://teams.example/meet/abc",
  };
  return in;
}

struct counts { long long nMeeting, nItem, nAttendance, nAudit; };
static struct counts counts(struct fixture *f){
  long long a[4];
  fx_counts(f->db,
    "SELECT (SELECT count(*) FROM meeting), (SELECT count(*) FROM agenda_item),"
    "       (SELECT count(*) FROM attendance),"
    "       (SELECT count(*) FROM audit_log WHERE entity IN ('meeting','agenda_item','attendance'))", 4, a);
  return (struct counts){ .nMeeting = a[0], .nItem = a[1], .nAttendance = a[2], .nAudit = a[3] };
}
static void assert_counts_equal(struct counts a, struct counts b){
  assert_int_equal(a.nMeeting, b.nMeeting);
  assert_int_equal(a.nItem, b.nItem);
  assert_int_equal(a.nAttendance, b.nAttendance);
  assert_int_equal(a.nAudit, b.nAudit);
}

static long long audit_count(struct fixture *f, const char *zEntity, const char *zAction, long long entityId){
  struct stmt *s = db_prepare(f->db,
    "SELECT count(*) FROM audit_log WHERE entity=? AND action=? AND entity_id=?");
  stmt_bind_text(s, 1, zEntity);
  stmt_bind_text(s, 2, zAction);
  stmt_bind_int(s, 3, entityId);
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}

/* The newest audit entry for an entity: its new values (and user, unit). */
static void last_audit(struct fixture *f, const char *zEntity, long long entityId,
                       char *zAction, char *zOld, char *zNew, long long *pUser, long long *pUnit){
  struct stmt *s = db_prepare(f->db,
    "SELECT action, COALESCE(old_values,''), COALESCE(new_values,''), user_id, unit_id"
    "  FROM audit_log WHERE entity=? AND entity_id=? ORDER BY id DESC LIMIT 1");
  stmt_bind_text(s, 1, zEntity);
  stmt_bind_int(s, 2, entityId);
  assert_int_equal(stmt_step(s), 1);
  snprintf(zAction, 16, "%s", stmt_text(s, 0));
  snprintf(zOld, 400, "%s", stmt_text(s, 1));
  snprintf(zNew, 400, "%s", stmt_text(s, 2));
  *pUser = stmt_int(s, 3);
  *pUnit = stmt_int(s, 4);
  stmt_done(s);
}

/* Schedule as the lead and insist that it worked. */
static long long create_ok(struct fixture *f, const struct meeting_input *in, long long unitId,
                           const struct user *u){
  struct field_errors e = {0};
  long long id = meeting_create(f->db, u, unitId, in, NOW, f->zToday, &e);
  if( id<=0 ) fail_msg("meeting_create: %lld %s %s", id, e.n ? e.a[0].zField : "", e.n ? e.a[0].zKey : "");
  assert_int_equal(e.n, 0);
  return id;
}
static void load(struct fixture *f, long long id, struct meeting *m){
  if( !meeting_get_visible(f->db, &f->lead, id, f->zToday, m)
   && !meeting_get_visible(f->db, &f->leadAfan, id, f->zToday, m) ) fail_msg("no meeting %lld", id);
}
static long long create_default(struct fixture *f, struct meeting *m){
  struct meeting_input in = valid_input();
  long long id = create_ok(f, &in, f->own, &f->lead);
  load(f, id, m);
  return id;
}
/* The default meeting (in 2030), recorded as held: started, whatever the
** clock says, so that its attendance may be recorded (record.h) while
** its date, and so who is a member on the day, stay as they are. */
static long long create_started(struct fixture *f, struct meeting *m){
  long long id = create_default(f, m);
  char zSql[120];
  snprintf(zSql, sizeof zSql, "UPDATE meeting SET status='held' WHERE id=%lld;", id);
  exec_sql(f, zSql);
  load(f, id, m);
  return id;
}

/* Schedule as the lead; expect zField to have zKey, and nothing written. */
static void expect_error(struct fixture *f, const struct meeting_input *in,
                         const char *zField, const char *zKey){
  struct counts before = counts(f);
  struct field_errors e = {0};
  long long id = meeting_create(f->db, &f->lead, f->own, in, NOW, f->zToday, &e);
  assert_int_equal(id, 0);
  assert_true(e.n>=1);
  fx_expect_field_error(&e, zField, zKey);
  assert_counts_equal(before, counts(f));
  assert_false(db_in_transaction(f->db));
}

/* What agenda_list delivers. */
#define MAX_ITEMS 16
struct listed {
  int n;
  struct agenda_item a[MAX_ITEMS];
};
static void list_cb(void *pCtx, const struct agenda_item *it){
  struct listed *l = pCtx;
  if( l->n<MAX_ITEMS ) l->a[l->n] = *it;
  l->n++;
}
static struct listed agenda(struct fixture *f, const struct user *u, const struct meeting *m, bool bAll){
  struct listed l;
  memset(&l, 0, sizeof l);
  int n = agenda_list(f->db, u, m, bAll, list_cb, &l);
  assert_int_equal(n, l.n);
  return l;
}
/* Index of the item with this id, or -1. */
static int find_item(const struct listed *l, long long id){
  for(int i=0; i<l->n && i<MAX_ITEMS; i++) if( l->a[i].id==id ) return i;
  return -1;
}

static struct agenda_input item_input(const char *zTitle){
  struct agenda_input in = { .zTitle = zTitle, .zPurpose = "decision", .zLeadPersonId = "",
                             .zDuration = "20", .zRestricted = 0, .zDescription = "What it is about" };
  return in;
}
/* agenda_decide, its errors dropped: 1 decided, 0 refused with a message, -1 not allowed. */
static int decide(struct fixture *f, const struct user *u, const struct meeting *m, long long id,
                  bool bAccept, const char *zReason){
  struct field_errors e = {0};
  return agenda_decide(f->db, u, m, id, bAccept, zReason, f->zToday, &e);
}
static long long add_item_ok(struct fixture *f, const struct user *u, const struct meeting *m,
                             const struct agenda_input *in, bool bByChair){
  struct field_errors e = {0};
  long long id = agenda_add(f->db, u, m, in, bByChair, f->zToday, &e);
  if( id<=0 ) fail_msg("agenda_add: %lld %s %s", id, e.n ? e.a[0].zField : "", e.n ? e.a[0].zKey : "");
  return id;
}

static void set_att(struct fixture *f, const struct meeting *m, long long personId,
                    const char *zStatus, long long deputyFor){
  struct field_errors e = {0};
  if( !attendance_set(f->db, &f->lead, m, personId, zStatus, deputyFor, f->zToday, &e) ){
    fail_msg("attendance_set %lld %s: %s", personId, zStatus, e.n ? e.a[0].zKey : "?");
  }
}

static struct quorum_result quorum(struct fixture *f, const struct meeting *m, long long itemId){
  struct quorum_result q;
  memset(&q, 0x5a, sizeof q);
  meeting_quorum(f->db, m, itemId, &q);
  return q;
}

/* ---- meeting_create ---------------------------------------------------- */

static void test_create_valid(void **state){
  struct fixture *f = *state;
  struct counts before = counts(f);
  struct meeting_input in = valid_input();
  long long id = create_ok(f, &in, f->own, &f->lead);
  assert_false(db_in_transaction(f->db));
  struct counts after = counts(f);
  assert_int_equal(after.nMeeting, before.nMeeting+1);
  assert_int_equal(after.nItem, before.nItem+6);
  assert_int_equal(after.nAudit, before.nAudit+1);

  struct meeting m;
  assert_true(meeting_get_visible(f->db, &f->lead, id, f->zToday, &m));
  assert_int_equal(m.id, id);
  assert_int_equal(m.unitId, f->own);
  assert_string_equal(m.zUnitSlug, "cardiff-south-west");
  assert_string_equal(m.zTitle, "Cluster meeting");
  assert_string_equal(m.zStartsAt, DATE "T14:00");
  assert_string_equal(m.zEndsAt, DATE "T16:00");
  assert_string_equal(m.zLocation, "Canton Library, Cardiff");
  assert_string_equal(m.zOnlineLink, "https://teams.example/meet/abc");
  assert_string_equal(m.zStatus, "scheduled");
  assert_string_equal(m.zMinutesStatus, "none");
  assert_int_equal(m.packPublishedAt, 0);

  /* Exactly the six standing items, in order, timed from 14:00. */
  struct listed l = agenda(f, &f->lead, &m, true);
  assert_int_equal(l.n, 6);
  static const struct { const char *zStanding, *zStart, *zPurpose; int nMin; } aWant[] = {
    {"welcome", "14:00", "information", 5}, {"apologies", "14:05", "information", 5},
    {"declarations", "14:10", "information", 5}, {"minutes", "14:15", "decision", 10},
    {"actions", "14:25", "discussion", 15}, {"aob", "14:40", "discussion", 10},
  };
  for(int i=0; i<6; i++){
    assert_int_equal(l.a[i].position, i+1);
    assert_int_equal(l.a[i].meetingId, id);
    assert_string_equal(l.a[i].zStanding, aWant[i].zStanding);
    assert_string_equal(l.a[i].zStart, aWant[i].zStart);
    assert_string_equal(l.a[i].zPurpose, aWant[i].zPurpose);
    assert_int_equal(l.a[i].durationMinutes, aWant[i].nMin);
    assert_string_equal(l.a[i].zStatus, "accepted");
    assert_int_equal(l.a[i].leadPersonId, 0);
    assert_false(l.a[i].bRestricted);
    assert_true(l.a[i].zTitle[0]!=0);
  }
  assert_string_equal(l.a[0].zTitle, "Welcome and introductions");
  assert_string_equal(l.a[5].zTitle, "Any other business");

  /* The audit entry. */
  char zAction[16], zOld[400], zNew[400];
  long long user, unit;
  last_audit(f, "meeting", id, zAction, zOld, zNew, &user, &unit);
  assert_string_equal(zAction, "create");
  assert_int_equal(user, f->lead.id);
  assert_int_equal(unit, f->own);
  assert_string_equal(zOld, "");
  assert_non_null(strstr(zNew, "\"title\":\"Cluster meeting\""));
  assert_non_null(strstr(zNew, "\"starts_at\":\"" DATE "T14:00\""));
  assert_non_null(strstr(zNew, "\"ends_at\":\"" DATE "T16:00\""));

  /* Online only: no place stored, as NULL. A meeting starting exactly now is fine. */
  in = valid_input();
  in.zLocation = "  "; in.zDate = "2030-01-01"; in.zStart = "09:00"; in.zEnd = "10:00";
  long long id2 = create_ok(f, &in, f->own, &f->lead);
  struct stmt *s = db_prepare(f->db, "SELECT location IS NULL, online_link FROM meeting WHERE id=?");
  stmt_bind_int(s, 1, id2);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 1);
  assert_string_equal(stmt_text(s, 1), "https://teams.example/meet/abc");
  stmt_done(s);
  /* A place only: no link stored. */
  in = valid_input();
  in.zOnlineLink = ""; in.zDate = "2030-03-05";
  long long id3 = create_ok(f, &in, f->own, &f->lead);
  s = db_prepare(f->db, "SELECT online_link IS NULL FROM meeting WHERE id=?");
  stmt_bind_int(s, 1, id3);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 1);
  stmt_done(s);
}

static void test_create_invalid(void **state){
  struct fixture *f = *state;
  struct meeting_input in;

  in = valid_input(); in.zTitle = 0;
  expect_error(f, &in, "title", "error.title_required");
  in = valid_input(); in.zTitle = "";
  expect_error(f, &in, "title", "error.title_required");
  in = valid_input(); in.zTitle = "   ";
  expect_error(f, &in, "title", "error.title_required");
  char zLong[202];
  memset(zLong, 'a', sizeof zLong - 1); zLong[sizeof zLong - 1] = 0;
  in = valid_input(); in.zTitle = zLong;
  expect_error(f, &in, "title", "error.too_long_200");
  in = valid_input(); in.zTitle = "Bad\x01title";
  expect_error(f, &in, "title", "error.bad_characters");

  in = valid_input(); in.zDate = "";
  expect_error(f, &in, "date", "error.meeting_date_required");
  in = valid_input(); in.zDate = 0;
  expect_error(f, &in, "date", "error.meeting_date_required");
  in = valid_input(); in.zDate = "2030-02-30";
  expect_error(f, &in, "date", "error.date_invalid");
  in = valid_input(); in.zDate = "04/03/2030";
  expect_error(f, &in, "date", "error.date_invalid");
  in = valid_input(); in.zDate = "2030-3-4";
  expect_error(f, &in, "date", "error.date_invalid");

  in = valid_input(); in.zStart = "25:00";
  expect_error(f, &in, "start", "error.time_invalid");
  in = valid_input(); in.zStart = "2pm";
  expect_error(f, &in, "start", "error.time_invalid");
  in = valid_input(); in.zStart = "";
  expect_error(f, &in, "start", "error.time_invalid");
  in = valid_input(); in.zStart = 0;
  expect_error(f, &in, "start", "error.time_invalid");
  in = valid_input(); in.zEnd = "16:60";
  expect_error(f, &in, "end", "error.time_invalid");
  in = valid_input(); in.zEnd = 0;
  expect_error(f, &in, "end", "error.time_invalid");
  in = valid_input(); in.zEnd = "13:59";
  expect_error(f, &in, "end", "error.end_before_start_time");
  in = valid_input(); in.zEnd = "14:00";
  expect_error(f, &in, "end", "error.end_before_start_time");

  /* In the past, relative to "now". */
  in = valid_input(); in.zDate = "2029-12-31";
  expect_error(f, &in, "date", "error.meeting_past");
  in = valid_input(); in.zDate = "2030-01-01"; in.zStart = "08:59"; in.zEnd = "10:00";
  expect_error(f, &in, "date", "error.meeting_past");
  in = valid_input(); in.zDate = "2020-06-01";
  expect_error(f, &in, "date", "error.meeting_past");

  in = valid_input(); in.zOnlineLink = "http://teams.example/meet/abc";
  expect_error(f, &in, "online_link", "error.link_invalid");
  in = valid_input(); in.zOnlineLink = "javascript:alert(1)";
  expect_error(f, &in, "online_link", "error.link_invalid");
  in = valid_input(); in.zOnlineLink = "https://teams.example/a b";
  expect_error(f, &in, "online_link", "error.link_invalid");
  in = valid_input(); in.zOnlineLink = "teams.example";
  expect_error(f, &in, "online_link", "error.link_invalid");

  in = valid_input(); in.zLocation = ""; in.zOnlineLink = "";
  expect_error(f, &in, "location", "error.place_required");
  in = valid_input(); in.zLocation = 0; in.zOnlineLink = " ";
  expect_error(f, &in, "location", "error.place_required");
  in = valid_input(); in.zLocation = zLong;
  expect_error(f, &in, "location", "error.too_long_200");

  /* Several at once, each on its own field. */
  struct meeting_input bad = { .zDate = "2030-02-30", .zStart = "9", .zOnlineLink = "ftp://x" };
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_int_equal(meeting_create(f->db, &f->lead, f->own, &bad, NOW, f->zToday, &e), 0);
  assert_string_equal(field_errors_get(&e, "title"), "error.title_required");
  assert_string_equal(field_errors_get(&e, "date"), "error.date_invalid");
  assert_string_equal(field_errors_get(&e, "start"), "error.time_invalid");
  assert_string_equal(field_errors_get(&e, "online_link"), "error.link_invalid");
  assert_null(field_errors_get(&e, "location"));
  assert_counts_equal(before, counts(f));
}

static void test_create_overlap(void **state){
  struct fixture *f = *state;
  struct meeting first;
  long long id = create_default(f, &first);             /* 14:00-16:00 */
  struct meeting_input in;

  in = valid_input(); in.zStart = "15:00"; in.zEnd = "17:00";
  expect_error(f, &in, "start", "error.meeting_overlap");
  in = valid_input(); in.zStart = "13:00"; in.zEnd = "14:30";
  expect_error(f, &in, "start", "error.meeting_overlap");
  in = valid_input(); in.zStart = "14:30"; in.zEnd = "15:00";      /* inside */
  expect_error(f, &in, "start", "error.meeting_overlap");
  in = valid_input(); in.zStart = "13:00"; in.zEnd = "17:00";      /* around */
  expect_error(f, &in, "start", "error.meeting_overlap");
  in = valid_input();                                               /* the same */
  expect_error(f, &in, "start", "error.meeting_overlap");

  /* Back to back is not an overlap. */
  in = valid_input(); in.zStart = "16:00"; in.zEnd = "17:00";
  long long after = create_ok(f, &in, f->own, &f->lead);
  in = valid_input(); in.zStart = "12:00"; in.zEnd = "14:00";
  assert_true(create_ok(f, &in, f->own, &f->lead)>0);
  /* Another cluster may meet at the same time. */
  in = valid_input();
  assert_true(create_ok(f, &in, f->other, &f->leadAfan)>0);
  /* Another day is fine. */
  in = valid_input(); in.zDate = "2030-03-05";
  assert_true(create_ok(f, &in, f->own, &f->lead)>0);

  /* A cancelled meeting frees its time. */
  char zSql[100];
  snprintf(zSql, sizeof zSql, "UPDATE meeting SET status='cancelled' WHERE id=%lld;", id);
  exec_sql(f, zSql);
  in = valid_input(); in.zStart = "15:00"; in.zEnd = "16:00";
  assert_true(create_ok(f, &in, f->own, &f->lead)>0);
  (void)after;
}

/* ---- who may see and change a meeting ---------------------------------- */

static void test_access(void **state){
  struct fixture *f = *state;
  struct meeting_input in = valid_input();
  struct counts before = counts(f);
  struct field_errors e = {0};
  /* Only those who may write to the unit schedule its meetings; refused
  ** before validation. */
  assert_int_equal(meeting_create(f->db, &f->leadAfan, f->own, &in, NOW, f->zToday, &e), -1);
  assert_int_equal(meeting_create(f->db, &f->member, f->own, &in, NOW, f->zToday, &e), -1);
  assert_int_equal(meeting_create(f->db, &f->national, f->own, &in, NOW, f->zToday, &e), -1);
  assert_int_equal(meeting_create(f->db, &f->hbOther, f->own, &in, NOW, f->zToday, &e), -1);
  assert_int_equal(meeting_create(f->db, 0, f->own, &in, NOW, f->zToday, &e), -1);
  struct meeting_input bad = {0};
  assert_int_equal(meeting_create(f->db, &f->member, f->own, &bad, NOW, f->zToday, &e), -1);
  assert_int_equal(e.n, 0);
  assert_counts_equal(before, counts(f));

  /* The health board of the cluster may. */
  long long id = create_ok(f, &in, f->own, &f->hb);
  struct meeting m;
  /* Readers: the cluster's lead and member, its health board, national, admin. */
  assert_true(meeting_get_visible(f->db, &f->lead, id, f->zToday, &m));
  assert_int_equal(m.id, id);
  assert_true(meeting_get_visible(f->db, &f->member, id, f->zToday, &m));
  assert_true(meeting_get_visible(f->db, &f->hb, id, f->zToday, &m));
  assert_true(meeting_get_visible(f->db, &f->national, id, f->zToday, &m));
  assert_true(meeting_get_visible(f->db, &f->admin, id, f->zToday, &m));
  /* Not another cluster's lead, nor another board: as if it did not exist,
  ** and nothing of it left in the struct. */
  struct meeting z;
  memset(&z, 0, sizeof z);
  assert_false(meeting_get_visible(f->db, &f->leadAfan, id, f->zToday, &m));
  assert_memory_equal(&m, &z, sizeof m);
  assert_false(meeting_get_visible(f->db, &f->hbOther, id, f->zToday, &m));
  assert_false(meeting_get_visible(f->db, 0, id, f->zToday, &m));
  assert_false(meeting_get_visible(f->db, &f->lead, id+1000, f->zToday, &m));

  /* The writes refuse the same outsiders, and the member where the chair decides. */
  load(f, id, &m);
  struct agenda_input ai = item_input("Outsider's item");
  before = counts(f);
  assert_int_equal(agenda_add(f->db, &f->leadAfan, &m, &ai, true, f->zToday, &e), -1);
  assert_int_equal(agenda_add(f->db, &f->leadAfan, &m, &ai, false, f->zToday, &e), -1);
  assert_int_equal(agenda_add(f->db, &f->hbOther, &m, &ai, false, f->zToday, &e), -1);
  assert_int_equal(agenda_add(f->db, &f->member, &m, &ai, true, f->zToday, &e), -1);
  assert_int_equal(agenda_add(f->db, &f->national, &m, &ai, true, f->zToday, &e), -1);
  /* National readers write nothing: not even a proposal. */
  assert_int_equal(agenda_add(f->db, &f->national, &m, &ai, false, f->zToday, &e), -1);
  assert_int_equal(e.n, 0);
  struct listed l = agenda(f, &f->lead, &m, true);
  assert_false(agenda_move(f->db, &f->leadAfan, &m, l.a[1].id, -1, f->zToday));
  assert_false(agenda_move(f->db, &f->member, &m, l.a[1].id, -1, f->zToday));
  assert_false(attendance_set(f->db, &f->leadAfan, &m, f->aVoting[RHODRI], "present", 0, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "status"), "error.not_allowed");
  memset(&e, 0, sizeof e);
  assert_false(attendance_set(f->db, &f->member, &m, f->aVoting[RHODRI], "present", 0, f->zToday, &e));
  assert_false(attendance_set(f->db, &f->national, &m, f->aVoting[RHODRI], "present", 0, f->zToday, &e));
  assert_counts_equal(before, counts(f));
}

/* ---- the agenda -------------------------------------------------------- */

static void test_agenda_add_before_aob(void **state){
  struct fixture *f = *state;
  struct meeting m;
  long long mid = create_default(f, &m);
  struct counts before = counts(f);
  struct agenda_input in = item_input("Winter pressures plan");
  char zLead[24];
  snprintf(zLead, sizeof zLead, "%lld", f->aVoting[RHODRI]);
  in.zLeadPersonId = zLead;
  in.zPurpose = "decision";
  in.zDuration = "20";
  long long id = add_item_ok(f, &f->lead, &m, &in, true);
  struct counts after = counts(f);
  assert_int_equal(after.nItem, before.nItem+1);
  assert_int_equal(after.nAudit, before.nAudit+1);
  assert_false(db_in_transaction(f->db));

  struct listed l = agenda(f, &f->lead, &m, false);
  assert_int_equal(l.n, 7);
  assert_int_equal(find_item(&l, id), 5);
  const struct agenda_item *it = &l.a[5];
  assert_int_equal(it->position, 6);
  assert_string_equal(it->zTitle, "Winter pressures plan");
  assert_string_equal(it->zPurpose, "decision");
  assert_int_equal(it->leadPersonId, f->aVoting[RHODRI]);
  assert_string_equal(it->zLeadName, "Dr Rhodri Evans");
  assert_int_equal(it->durationMinutes, 20);
  assert_string_equal(it->zStanding, "");
  assert_string_equal(it->zStatus, "accepted");
  assert_string_equal(it->zStart, "14:40");
  /* Any other business moved down and later. */
  assert_string_equal(l.a[6].zStanding, "aob");
  assert_int_equal(l.a[6].position, 7);
  assert_string_equal(l.a[6].zStart, "15:00");
  assert_string_equal(l.a[4].zStart, "14:25");

  /* A second item goes after the first, still before AOB. */
  struct agenda_input in2 = item_input("Pharmacy update");
  in2.zPurpose = "information"; in2.zDuration = "5";
  long long id2 = add_item_ok(f, &f->lead, &m, &in2, true);
  l = agenda(f, &f->lead, &m, false);
  assert_int_equal(l.n, 8);
  assert_int_equal(find_item(&l, id), 5);
  assert_int_equal(find_item(&l, id2), 6);
  assert_string_equal(l.a[6].zStart, "15:00");
  assert_string_equal(l.a[7].zStanding, "aob");
  assert_string_equal(l.a[7].zStart, "15:05");
  for(int i=0; i<8; i++) assert_int_equal(l.a[i].position, i+1);

  /* agenda_get finds it in its own meeting only. */
  struct agenda_item got;
  assert_true(agenda_get(f->db, &m, id, &got));
  assert_string_equal(got.zTitle, "Winter pressures plan");
  struct meeting_input oin = valid_input(); oin.zDate = "2030-04-01";
  struct meeting other;
  load(f, create_ok(f, &oin, f->own, &f->lead), &other);
  assert_false(agenda_get(f->db, &other, id, &got));

  /* The audit entry. */
  char zAction[16], zOld[400], zNew[400];
  long long user, unit;
  last_audit(f, "agenda_item", id, zAction, zOld, zNew, &user, &unit);
  assert_string_equal(zAction, "create");
  assert_int_equal(user, f->lead.id);
  assert_int_equal(unit, f->own);
  assert_non_null(strstr(zNew, "\"title\":\"Winter pressures plan\""));
  assert_non_null(strstr(zNew, "\"purpose\":\"decision\""));
  assert_non_null(strstr(zNew, "\"duration_minutes\":20"));
  assert_non_null(strstr(zNew, "\"status\":\"accepted\""));
  (void)mid;
}

static void expect_item_error(struct fixture *f, const struct meeting *m, const struct agenda_input *in,
                              const char *zField, const char *zKey){
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_int_equal(agenda_add(f->db, &f->lead, m, in, true, f->zToday, &e), 0);
  fx_expect_field_error(&e, zField, zKey);
  assert_counts_equal(before, counts(f));
  assert_false(db_in_transaction(f->db));
}

static void test_agenda_add_invalid(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_default(f, &m);
  struct agenda_input in;
  char z[24];

  in = item_input(""); expect_item_error(f, &m, &in, "title", "error.item_title_required");
  in = item_input(0); expect_item_error(f, &m, &in, "title", "error.item_title_required");
  in = item_input("x"); in.zPurpose = "gossip";
  expect_item_error(f, &m, &in, "purpose", "error.purpose_required");
  in = item_input("x"); in.zPurpose = 0;
  expect_item_error(f, &m, &in, "purpose", "error.purpose_required");
  in = item_input("x"); in.zDuration = "0";
  expect_item_error(f, &m, &in, "duration", "error.duration_invalid");
  in = item_input("x"); in.zDuration = "481";
  expect_item_error(f, &m, &in, "duration", "error.duration_invalid");
  in = item_input("x"); in.zDuration = "ten";
  expect_item_error(f, &m, &in, "duration", "error.duration_invalid");
  in = item_input("x"); in.zDuration = 0;
  expect_item_error(f, &m, &in, "duration", "error.duration_invalid");

  /* The lead must be a member of this cluster on the day of the meeting. */
  snprintf(z, sizeof z, "%lld", f->former);         /* ended 2024-12-31 */
  in = item_input("x"); in.zLeadPersonId = z;
  expect_item_error(f, &m, &in, "lead", "error.lead_not_member");
  snprintf(z, sizeof z, "%lld", f->future);         /* starts 2031 */
  in = item_input("x"); in.zLeadPersonId = z;
  expect_item_error(f, &m, &in, "lead", "error.lead_not_member");
  snprintf(z, sizeof z, "%lld", f->afanPerson);     /* another cluster */
  in = item_input("x"); in.zLeadPersonId = z;
  expect_item_error(f, &m, &in, "lead", "error.lead_not_member");
  in = item_input("x"); in.zLeadPersonId = "999999";
  expect_item_error(f, &m, &in, "lead", "error.lead_not_member");
  in = item_input("x"); in.zLeadPersonId = "Rhodri";
  expect_item_error(f, &m, &in, "lead", "error.lead_not_member");

  /* A non-voting member may lead; so may someone on the meeting date who
  ** left later (membership ending on the day counts). */
  snprintf(z, sizeof z, "%lld", f->huw);
  in = item_input("Budget"); in.zLeadPersonId = z;
  assert_true(add_item_ok(f, &f->lead, &m, &in, true)>0);
  long long ends = add_person(f, f->own, "Ends On The Day", "public_health", false, "2024-01-01", DATE);
  snprintf(z, sizeof z, "%lld", ends);
  in = item_input("Public health"); in.zLeadPersonId = z;
  assert_true(add_item_ok(f, &f->lead, &m, &in, true)>0);
}

static void test_proposals(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_default(f, &m);
  /* A member proposes: it waits for the chair. */
  struct agenda_input in = item_input("Community pharmacy flu clinics");
  in.zPurpose = "discussion"; in.zDuration = "15";
  struct counts before = counts(f);
  long long p1 = add_item_ok(f, &f->member, &m, &in, false);
  assert_int_equal(counts(f).nAudit, before.nAudit+1);
  struct agenda_input in2 = item_input("Car parking");
  long long p2 = add_item_ok(f, &f->member, &m, &in2, false);

  struct agenda_item it;
  assert_true(agenda_get(f->db, &m, p1, &it));
  assert_string_equal(it.zStatus, "proposed");
  assert_string_equal(it.zProposedBy, "Sian Griffiths");
  char zAction[16], zOld[400], zNew[400];
  long long user, unit;
  last_audit(f, "agenda_item", p1, zAction, zOld, zNew, &user, &unit);
  assert_int_equal(user, f->member.id);
  assert_non_null(strstr(zNew, "\"status\":\"proposed\""));

  /* Not on the agenda proper; listed after it with proposals. */
  struct listed l = agenda(f, &f->lead, &m, false);
  assert_int_equal(l.n, 6);
  assert_int_equal(find_item(&l, p1), -1);
  assert_string_equal(l.a[5].zStart, "14:40");     /* times unchanged */
  l = agenda(f, &f->lead, &m, true);
  assert_int_equal(l.n, 8);
  assert_int_equal(find_item(&l, p1), 6);
  assert_int_equal(find_item(&l, p2), 7);
  assert_string_equal(l.a[6].zStatus, "proposed");
  assert_string_equal(l.a[6].zStart, "");          /* not timed */

  /* Only the chair decides. */
  before = counts(f);
  assert_int_equal(decide(f, &f->member, &m, p1, true, 0), -1);
  assert_int_equal(decide(f, &f->leadAfan, &m, p1, true, 0), -1);
  assert_int_equal(decide(f, &f->national, &m, p1, true, 0), -1);
  assert_counts_equal(before, counts(f));
  assert_true(agenda_get(f->db, &m, p1, &it));
  assert_string_equal(it.zStatus, "proposed");

  /* Accepted: on the agenda before AOB, and the times shift. */
  assert_int_equal(decide(f, &f->lead, &m, p1, true, 0), 1);
  assert_int_equal(audit_count(f, "agenda_item", "update", p1), 1);
  last_audit(f, "agenda_item", p1, zAction, zOld, zNew, &user, &unit);
  assert_string_equal(zAction, "update");
  assert_int_equal(user, f->lead.id);
  assert_string_equal(zOld, "{\"status\":\"proposed\"}");
  assert_string_equal(zNew, "{\"status\":\"accepted\"}");
  l = agenda(f, &f->lead, &m, false);
  assert_int_equal(l.n, 7);
  assert_int_equal(find_item(&l, p1), 5);
  assert_string_equal(l.a[5].zStart, "14:40");
  assert_string_equal(l.a[5].zProposedBy, "Sian Griffiths");
  assert_string_equal(l.a[6].zStanding, "aob");
  assert_string_equal(l.a[6].zStart, "14:55");
  /* Decided once only. */
  assert_int_equal(decide(f, &f->lead, &m, p1, false, "Not for this cluster"), -1);
  assert_int_equal(audit_count(f, "agenda_item", "update", p1), 1);

  /* Declined: stays off the agenda, listed as declined. */
  assert_int_equal(decide(f, &f->lead, &m, p2, false, "Not for this cluster"), 1);
  assert_true(agenda_get(f->db, &m, p2, &it));
  assert_string_equal(it.zStatus, "declined");
  l = agenda(f, &f->lead, &m, false);
  assert_int_equal(l.n, 7);
  assert_int_equal(find_item(&l, p2), -1);
  l = agenda(f, &f->lead, &m, true);
  assert_int_equal(find_item(&l, p2), 7);
  assert_int_equal(decide(f, &f->lead, &m, p2, true, 0), -1);
  /* A standing item is not a proposal; nor is an unknown item. */
  assert_int_equal(decide(f, &f->lead, &m, l.a[0].id, false, "Not for this cluster"), -1);
  assert_int_equal(decide(f, &f->lead, &m, p2+1000, true, 0), -1);
  assert_string_equal(agenda(f, &f->lead, &m, false).a[0].zStatus, "accepted");
}

static void test_move(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_default(f, &m);
  struct listed l = agenda(f, &f->lead, &m, false);
  long long minutes = l.a[3].id, actions = l.a[4].id;
  /* Review of actions (15 min) up above the minutes (10 min). */
  struct counts before = counts(f);
  assert_true(agenda_move(f->db, &f->lead, &m, actions, -1, f->zToday));
  assert_false(db_in_transaction(f->db));
  assert_int_equal(counts(f).nAudit, before.nAudit+1);
  l = agenda(f, &f->lead, &m, false);
  assert_int_equal(l.a[3].id, actions);
  assert_int_equal(l.a[4].id, minutes);
  assert_int_equal(l.a[3].position, 4);
  assert_int_equal(l.a[4].position, 5);
  assert_string_equal(l.a[3].zStart, "14:15");
  assert_string_equal(l.a[4].zStart, "14:30");
  assert_string_equal(l.a[5].zStart, "14:40");
  char zAction[16], zOld[400], zNew[400];
  long long user, unit;
  last_audit(f, "agenda_item", actions, zAction, zOld, zNew, &user, &unit);
  assert_string_equal(zAction, "update");
  assert_string_equal(zOld, "{\"position\":5}");
  assert_string_equal(zNew, "{\"position\":4}");
  assert_int_equal(user, f->lead.id);
  assert_int_equal(unit, f->own);

  /* And back down. */
  assert_true(agenda_move(f->db, &f->lead, &m, actions, 1, f->zToday));
  l = agenda(f, &f->lead, &m, false);
  assert_int_equal(l.a[3].id, minutes);
  assert_int_equal(l.a[4].id, actions);
  assert_string_equal(l.a[4].zStart, "14:25");

  /* Nothing above the first or below the last; no other steps. */
  before = counts(f);
  assert_false(agenda_move(f->db, &f->lead, &m, l.a[0].id, -1, f->zToday));
  assert_false(agenda_move(f->db, &f->lead, &m, l.a[5].id, 1, f->zToday));
  assert_false(agenda_move(f->db, &f->lead, &m, l.a[2].id, 2, f->zToday));
  assert_false(agenda_move(f->db, &f->lead, &m, l.a[2].id, 0, f->zToday));
  assert_false(agenda_move(f->db, &f->lead, &m, l.a[2].id+1000, 1, f->zToday));
  assert_counts_equal(before, counts(f));
  assert_false(db_in_transaction(f->db));

  /* A proposal sits between accepted items: moving steps over it, and a
  ** proposal itself does not move. */
  struct agenda_input p = item_input("A proposal");
  long long prop = add_item_ok(f, &f->member, &m, &p, false);
  struct agenda_input a = item_input("Chair's item");
  long long chair = add_item_ok(f, &f->lead, &m, &a, true);
  assert_false(agenda_move(f->db, &f->lead, &m, prop, -1, f->zToday));
  assert_true(agenda_move(f->db, &f->lead, &m, chair, -1, f->zToday));
  l = agenda(f, &f->lead, &m, false);
  assert_int_equal(l.n, 7);
  assert_int_equal(l.a[4].id, chair);
  assert_int_equal(l.a[5].id, actions);
  assert_string_equal(l.a[6].zStanding, "aob");
  for(int i=0; i<7; i++) assert_int_equal(l.a[i].position, i+1);
}

/* ---- agenda_update ---------------------------------------------------- */

static void create_evening(struct fixture *f, struct meeting *m){
  struct meeting_input in = valid_input();
  in.zStart = "18:00";
  in.zEnd = "19:00";
  load(f, create_ok(f, &in, f->own, &f->lead), m);
}

static void expect_update_error(struct fixture *f, const struct meeting *m, long long itemId,
                                const struct agenda_input *in, const char *zField, const char *zKey){
  struct agenda_item before, after;
  assert_true(agenda_get(f->db, m, itemId, &before));
  struct counts c = counts(f);
  struct field_errors e = {0};
  assert_false(agenda_update(f->db, &f->lead, m, itemId, in, f->zToday, &e));
  fx_expect_field_error(&e, zField, zKey);
  assert_counts_equal(c, counts(f));
  assert_true(agenda_get(f->db, m, itemId, &after));
  assert_memory_equal(&before, &after, sizeof before);
  assert_false(db_in_transaction(f->db));
}

static void test_update_invalid(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_evening(f, &m);
  struct agenda_input in = item_input("Budget");
  long long id = add_item_ok(f, &f->lead, &m, &in, true);
  char zLong[202], z[24];
  memset(zLong, 'a', 201); zLong[201] = 0;
  in = item_input(""); expect_update_error(f, &m, id, &in, "title", "error.item_title_required");
  in = item_input(zLong); expect_update_error(f, &m, id, &in, "title", "error.too_long_200");
  in = item_input("x"); in.zPurpose = "gossip";
  expect_update_error(f, &m, id, &in, "purpose", "error.purpose_required");
  in = item_input("x"); in.zDuration = "0";
  expect_update_error(f, &m, id, &in, "duration", "error.duration_invalid");
  in = item_input("x"); in.zDuration = "481";
  expect_update_error(f, &m, id, &in, "duration", "error.duration_invalid");
  snprintf(z, sizeof z, "%lld", f->former);
  in = item_input("x"); in.zLeadPersonId = z;
  expect_update_error(f, &m, id, &in, "lead", "error.lead_not_member");
  snprintf(z, sizeof z, "%lld", f->afanPerson);
  in = item_input("x"); in.zLeadPersonId = z;
  expect_update_error(f, &m, id, &in, "lead", "error.lead_not_member");
}

static void test_update(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_evening(f, &m);
  struct agenda_input in = item_input("Budget");
  long long id = add_item_ok(f, &f->lead, &m, &in, true);
  char z[24];
  snprintf(z, sizeof z, "%lld", f->aVoting[RHODRI]);
  in = item_input("Budget 2030/31"); in.zPurpose = "discussion"; in.zDuration = "30"; in.zLeadPersonId = z;
  in.zRestricted = "1";
  struct field_errors e = {0};
  long long nAudit = audit_count(f, "agenda_item", "update", id);
  assert_true(agenda_update(f->db, &f->lead, &m, id, &in, f->zToday, &e));
  assert_int_equal(e.n, 0);
  struct agenda_item it;
  assert_true(agenda_get(f->db, &m, id, &it));
  assert_string_equal(it.zTitle, "Budget 2030/31");
  assert_string_equal(it.zPurpose, "discussion");
  assert_int_equal(it.durationMinutes, 30);
  assert_int_equal(it.leadPersonId, f->aVoting[RHODRI]);
  assert_string_equal(it.zStatus, "accepted");
  assert_true(it.bRestricted);
  assert_int_equal(audit_count(f, "agenda_item", "update", id), nAudit+1);
  char zAction[16], zOld[400], zNew[400];
  long long user, unit;
  last_audit(f, "agenda_item", id, zAction, zOld, zNew, &user, &unit);
  assert_string_equal(zAction, "update");
  assert_string_equal(zOld, "{\"title\":\"Budget\",\"purpose\":\"decision\",\"duration_minutes\":20,\"lead_person_id\":0,\"restricted\":0}");
  char zWant[200];
  snprintf(zWant, sizeof zWant, "{\"title\":\"Budget 2030/31\",\"purpose\":\"discussion\",\"duration_minutes\":30,\"lead_person_id\":%lld,\"restricted\":1}",
           f->aVoting[RHODRI]);
  assert_string_equal(zNew, zWant);
  assert_int_equal(user, f->lead.id);
  assert_int_equal(unit, f->own);
  /* The lead can be taken off again, and the restriction: the box sends nothing. */
  in.zLeadPersonId = "";
  in.zRestricted = 0;
  assert_true(agenda_update(f->db, &f->lead, &m, id, &in, f->zToday, &e));
  assert_true(agenda_get(f->db, &m, id, &it));
  assert_int_equal(it.leadPersonId, 0);
  assert_false(it.bRestricted);
  /* The box sends "1" or nothing: anything else is refused, nothing changed. */
  in.zRestricted = "yes";
  memset(&e, 0, sizeof e);
  assert_false(agenda_update(f->db, &f->lead, &m, id, &in, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "restricted"), "error.restricted_invalid");
  assert_true(agenda_get(f->db, &m, id, &it));
  assert_false(it.bRestricted);
  in.zRestricted = 0;
  memset(&e, 0, sizeof e);
  /* A proposal may be edited too. */
  in = item_input("Proposed");
  long long prop = add_item_ok(f, &f->member, &m, &in, false);
  in = item_input("Proposed, reworded");
  assert_true(agenda_update(f->db, &f->lead, &m, prop, &in, f->zToday, &e));
  assert_true(agenda_get(f->db, &m, prop, &it));
  assert_string_equal(it.zTitle, "Proposed, reworded");
  assert_string_equal(it.zStatus, "proposed");
}

static void test_update_refused(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_evening(f, &m);
  struct agenda_input in = item_input("Budget");
  long long id = add_item_ok(f, &f->lead, &m, &in, true);
  in = item_input("Changed");
  struct counts c = counts(f);
  struct field_errors e = {0};
  assert_false(agenda_update(f->db, &f->member, &m, id, &in, f->zToday, &e));
  assert_false(agenda_update(f->db, &f->leadAfan, &m, id, &in, f->zToday, &e));
  assert_false(agenda_update(f->db, &f->hbOther, &m, id, &in, f->zToday, &e));
  assert_false(agenda_update(f->db, &f->national, &m, id, &in, f->zToday, &e));
  assert_false(agenda_update(f->db, &f->lead, &m, id+1000, &in, f->zToday, &e));
  assert_int_equal(e.n, 0);
  assert_counts_equal(c, counts(f));
  struct agenda_item it;
  assert_true(agenda_get(f->db, &m, id, &it));
  assert_string_equal(it.zTitle, "Budget");
  /* A declined item is no longer on the agenda to edit. */
  in = item_input("Proposed");
  long long prop = add_item_ok(f, &f->member, &m, &in, false);
  assert_int_equal(decide(f, &f->lead, &m, prop, false, "Not for this cluster"), 1);
  in = item_input("Changed");
  assert_false(agenda_update(f->db, &f->lead, &m, prop, &in, f->zToday, &e));
  assert_int_equal(e.n, 0);
}

static void test_update_standing_title(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_evening(f, &m);
  struct listed l = agenda(f, &f->lead, &m, false);
  assert_string_equal(l.a[3].zStanding, "minutes");
  long long id = l.a[3].id;
  /* Unedited, a standing item reads in the reader's language. */
  assert_string_equal(agenda_title_key(l.a[3].zStanding, l.a[3].zTitle), "standing.minutes");
  struct agenda_input in = item_input("Minutes of the meeting of 4 February");
  in.zPurpose = "decision"; in.zDuration = "10";
  struct field_errors e = {0};
  assert_true(agenda_update(f->db, &f->lead, &m, id, &in, f->zToday, &e));
  l = agenda(f, &f->lead, &m, false);
  assert_string_equal(l.a[3].zStanding, "minutes");
  assert_string_equal(l.a[3].zTitle, "Minutes of the meeting of 4 February");
  assert_null(agenda_title_key(l.a[3].zStanding, l.a[3].zTitle));
  /* Back to the default title: the translation again. */
  in.zTitle = "Minutes of the last meeting";
  assert_true(agenda_update(f->db, &f->lead, &m, id, &in, f->zToday, &e));
  l = agenda(f, &f->lead, &m, false);
  assert_string_equal(agenda_title_key(l.a[3].zStanding, l.a[3].zTitle), "standing.minutes");
  assert_null(agenda_title_key("", "Budget"));
}

static void test_restricted_items(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_default(f, &m);
  struct agenda_input in = item_input("Performance of Parkview Surgery");
  char zLead[24];
  snprintf(zLead, sizeof zLead, "%lld", f->aVoting[RHODRI]);
  in.zLeadPersonId = zLead;
  in.zRestricted = "1";
  long long id = add_item_ok(f, &f->lead, &m, &in, true);
  struct agenda_input open = item_input("Open item");
  long long openId = add_item_ok(f, &f->lead, &m, &open, true);

  /* The cluster's own lead and member, and an administrator, see it. */
  const struct user *aSee[] = { &f->lead, &f->member, &f->admin };
  for(size_t i=0; i<sizeof(aSee)/sizeof(aSee[0]); i++){
    struct listed l = agenda(f, aSee[i], &m, true);
    int k = find_item(&l, id);
    assert_int_equal(k, 5);
    assert_true(l.a[k].bRestricted);
    assert_string_equal(l.a[k].zTitle, "Performance of Parkview Surgery");
    assert_string_equal(l.a[k].zLeadName, "Dr Rhodri Evans");
    assert_int_equal(l.a[k].leadPersonId, f->aVoting[RHODRI]);
  }
  /* The health board and national readers get the slot, not what it is about. */
  const struct user *aBlind[] = { &f->hb, &f->national };
  for(size_t i=0; i<sizeof(aBlind)/sizeof(aBlind[0]); i++){
    struct listed l = agenda(f, aBlind[i], &m, true);
    assert_int_equal(l.n, 8);
    int k = find_item(&l, id);
    assert_int_equal(k, 5);
    assert_true(l.a[k].bRestricted);
    assert_string_equal(l.a[k].zTitle, "");
    assert_string_equal(l.a[k].zLeadName, "");
    assert_int_equal(l.a[k].leadPersonId, 0);
    /* The times still add up. */
    assert_string_equal(l.a[k].zStart, "14:40");
    assert_string_equal(l.a[k+1].zStart, "15:00");
    /* An ordinary item is shown in full. */
    int j = find_item(&l, openId);
    assert_string_equal(l.a[j].zTitle, "Open item");
    assert_false(l.a[j].bRestricted);
  }
  /* Anyone else's view: nothing either. */
  struct listed l = agenda(f, 0, &m, true);
  assert_string_equal(l.a[find_item(&l, id)].zTitle, "");
  /* Only "1" restricts. */
  struct agenda_input yes = item_input("Not restricted"); yes.zRestricted = "yes";
  long long id2 = add_item_ok(f, &f->lead, &m, &yes, true);
  l = agenda(f, &f->hb, &m, true);
  assert_false(l.a[find_item(&l, id2)].bRestricted);
  assert_string_equal(l.a[find_item(&l, id2)].zTitle, "Not restricted");
}

/* ---- attendance ---------------------------------------------------------- */

struct att_seen { int n; struct attendee a[24]; };
static void att_cb(void *pCtx, const struct attendee *a){
  struct att_seen *s = pCtx;
  if( s->n<24 ) s->a[s->n] = *a;
  s->n++;
}
static const struct attendee *attendee_of(const struct att_seen *s, long long personId){
  for(int i=0; i<s->n && i<24; i++) if( s->a[i].personId==personId ) return &s->a[i];
  return 0;
}

static void test_attendance_set(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_started(f, &m);

  /* Everyone expected: the members on the day, not former or future ones. */
  struct att_seen s = {0};
  assert_int_equal(attendance_list(f->db, &m, att_cb, &s), N_VOTING+2);
  assert_null(attendee_of(&s, f->former));
  assert_null(attendee_of(&s, f->future));
  assert_null(attendee_of(&s, f->afanPerson));
  const struct attendee *a = attendee_of(&s, f->aVoting[ALYS]);
  assert_non_null(a);
  assert_true(a->bVoting);
  assert_true(a->bChair);
  assert_string_equal(a->zStatus, "");
  assert_string_equal(a->zRoleKey, "role.cluster_lead");
  a = attendee_of(&s, f->carys);
  assert_false(a->bVoting);
  assert_false(a->bChair);
  assert_false(attendee_of(&s, f->aVoting[RHODRI])->bChair);

  struct counts before = counts(f);
  struct field_errors e = {0};
  /* Status must be one of the six. */
  assert_false(attendance_set(f->db, &f->lead, &m, f->aVoting[RHODRI], "here", 0, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "status"), "error.attendance_required");
  memset(&e, 0, sizeof e);
  assert_false(attendance_set(f->db, &f->lead, &m, f->aVoting[RHODRI], 0, 0, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "status"), "error.attendance_required");
  memset(&e, 0, sizeof e);
  assert_false(attendance_set(f->db, &f->lead, &m, f->aVoting[RHODRI], "PRESENT", 0, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "status"), "error.attendance_required");
  /* A deputy must stand in for a member of the cluster on the day. */
  memset(&e, 0, sizeof e);
  assert_false(attendance_set(f->db, &f->lead, &m, f->afanPerson, "deputy", 0, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "deputy_for"), "error.deputy_for_member");
  memset(&e, 0, sizeof e);
  assert_false(attendance_set(f->db, &f->lead, &m, f->afanPerson, "deputy", f->former, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "deputy_for"), "error.deputy_for_member");
  memset(&e, 0, sizeof e);
  assert_false(attendance_set(f->db, &f->lead, &m, f->carys, "deputy", f->afanPerson, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "deputy_for"), "error.deputy_for_member");
  memset(&e, 0, sizeof e);
  assert_false(attendance_set(f->db, &f->lead, &m, f->aVoting[OWAIN], "deputy", f->aVoting[OWAIN], f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "deputy_for"), "error.deputy_for_member");
  /* An unknown person. */
  memset(&e, 0, sizeof e);
  assert_false(attendance_set(f->db, &f->lead, &m, 987654, "present", 0, f->zToday, &e));
  assert_string_equal(field_errors_get(&e, "status"), "error.person_unknown");
  assert_counts_equal(before, counts(f));
  assert_false(db_in_transaction(f->db));

  /* Recorded, with an audit entry each. */
  set_att(f, &m, f->aVoting[RHODRI], "present", 0);
  set_att(f, &m, f->aVoting[TOMOS], "online", 0);
  set_att(f, &m, f->aVoting[OWAIN], "apologies", 0);
  set_att(f, &m, f->afanPerson, "deputy", f->aVoting[OWAIN]);
  set_att(f, &m, f->huw, "in_attendance", 0);
  struct counts after = counts(f);
  assert_int_equal(after.nAttendance, before.nAttendance+5);
  assert_int_equal(after.nAudit, before.nAudit+5);
  char zAction[16], zOld[400], zNew[400];
  long long user, unit;
  last_audit(f, "attendance", f->aVoting[RHODRI], zAction, zOld, zNew, &user, &unit);
  assert_string_equal(zAction, "create");
  assert_string_equal(zNew, "{\"status\":\"present\"}");
  assert_int_equal(user, f->lead.id);
  assert_int_equal(unit, f->own);

  memset(&s, 0, sizeof s);
  assert_int_equal(attendance_list(f->db, &m, att_cb, &s), N_VOTING+3);   /* and the deputy */
  assert_string_equal(attendee_of(&s, f->aVoting[RHODRI])->zStatus, "present");
  assert_string_equal(attendee_of(&s, f->aVoting[TOMOS])->zStatus, "online");
  assert_string_equal(attendee_of(&s, f->aVoting[OWAIN])->zStatus, "apologies");
  assert_string_equal(attendee_of(&s, f->huw)->zStatus, "in_attendance");
  a = attendee_of(&s, f->afanPerson);
  assert_non_null(a);
  assert_string_equal(a->zStatus, "deputy");
  assert_int_equal(a->deputyForId, f->aVoting[OWAIN]);
  assert_string_equal(a->zDeputyFor, "Owain Jones");
  assert_false(a->bVoting);                  /* not a member of this cluster */
  assert_string_equal(a->zRoleKey, "");
  /* The guest comes after the members. */
  assert_int_equal(s.a[s.n-1].personId, f->afanPerson);

  /* Changed: an update with the old value; the deputy link goes. */
  set_att(f, &m, f->aVoting[RHODRI], "absent", 0);
  assert_int_equal(audit_count(f, "attendance", "update", f->aVoting[RHODRI]), 1);
  last_audit(f, "attendance", f->aVoting[RHODRI], zAction, zOld, zNew, &user, &unit);
  assert_string_equal(zAction, "update");
  assert_string_equal(zOld, "{\"status\":\"present\"}");
  assert_string_equal(zNew, "{\"status\":\"absent\"}");
  set_att(f, &m, f->afanPerson, "in_attendance", 0);
  struct stmt *st = db_prepare(f->db,
    "SELECT status, deputy_for_person_id IS NULL FROM attendance WHERE meeting_id=? AND person_id=?");
  stmt_bind_int(st, 1, m.id);
  stmt_bind_int(st, 2, f->afanPerson);
  assert_int_equal(stmt_step(st), 1);
  assert_string_equal(stmt_text(st, 0), "in_attendance");
  assert_int_equal(stmt_int(st, 1), 1);
  stmt_done(st);
  assert_int_equal(counts(f).nAttendance, after.nAttendance);
}

/* Someone with two roles in the cluster is listed once, under the role
** that comes first in the order of roles (by number, not as text: 20
** before 100). */
static void test_attendance_two_roles(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_default(f, &m);
  char zSql[400];
  snprintf(zSql, sizeof zSql,
    "INSERT INTO membership(person_id,unit_id,role_code,is_core,is_voting,valid_from,valid_to,created_at,updated_at)"
    " VALUES(%lld,%lld,'medicines_management_rep',1,1,'2024-01-01',NULL,0,0);", f->aVoting[RHODRI], f->own);
  exec_sql(f, zSql);
  struct att_seen s = {0};
  assert_int_equal(attendance_list(f->db, &m, att_cb, &s), N_VOTING+2);
  const struct attendee *a = attendee_of(&s, f->aVoting[RHODRI]);
  assert_non_null(a);
  assert_string_equal(a->zRoleKey, "role.gp_collaborative_lead");
  assert_true(a->bVoting);
  /* Still second, after the cluster lead. */
  assert_int_equal(s.a[0].personId, f->aVoting[ALYS]);
  assert_int_equal(s.a[1].personId, f->aVoting[RHODRI]);
  /* And one voting member, not two, for the quorum. */
  assert_int_equal(quorum(f, &m, 0).nRequired, 5);
}

/* ---- quorum -------------------------------------------------------------- */

static void test_quorum_default_rule(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_started(f, &m);
  /* Nine voting members on the day (not the former or the future one):
  ** half, rounded up, is five, and the chair must be there. */
  struct quorum_result q = quorum(f, &m, 0);
  assert_int_equal(q.nRequired, 5);
  assert_int_equal(q.nPresentVoting, 0);
  assert_false(q.bMet);
  assert_string_equal(q.zWhyKey, "quorum.too_few");

  set_att(f, &m, f->aVoting[ALYS], "present", 0);
  set_att(f, &m, f->aVoting[RHODRI], "present", 0);
  set_att(f, &m, f->aVoting[SIAN], "online", 0);
  set_att(f, &m, f->aVoting[TOMOS], "apologies", 0);
  set_att(f, &m, f->aVoting[NIA], "absent", 0);
  set_att(f, &m, f->aVoting[GARETH], "in_attendance", 0);
  set_att(f, &m, f->carys, "present", 0);          /* not voting */
  set_att(f, &m, f->huw, "present", 0);            /* not voting */
  q = quorum(f, &m, 0);
  assert_int_equal(q.nRequired, 5);
  assert_int_equal(q.nPresentVoting, 3);
  assert_false(q.bMet);

  /* A deputy sits for a voting member who sent apologies. */
  set_att(f, &m, f->afanPerson, "deputy", f->aVoting[TOMOS]);
  q = quorum(f, &m, 0);
  assert_int_equal(q.nPresentVoting, 4);
  assert_false(q.bMet);
  set_att(f, &m, f->aVoting[FFION], "online", 0);
  q = quorum(f, &m, 0);
  assert_int_equal(q.nRequired, 5);
  assert_int_equal(q.nPresentVoting, 5);
  assert_true(q.bMet);
  assert_null(q.zWhyKey);

  /* Without the chair: enough members, but not quorate. */
  set_att(f, &m, f->aVoting[ALYS], "apologies", 0);
  set_att(f, &m, f->aVoting[MEGAN], "present", 0);
  q = quorum(f, &m, 0);
  assert_int_equal(q.nPresentVoting, 5);
  assert_false(q.bMet);
  assert_string_equal(q.zWhyKey, "quorum.no_chair");
  set_att(f, &m, f->aVoting[ALYS], "present", 0);
  q = quorum(f, &m, 0);
  assert_int_equal(q.nPresentVoting, 6);
  assert_true(q.bMet);
  /* Present now: Alys, Rhodri, Sian (online), Ffion (online), Megan, and
  ** a deputy for Tomos. */

  /* A conflict declared on an item takes that person out of the count for
  ** that item only. */
  struct listed l = agenda(f, &f->lead, &m, false);
  long long item = l.a[3].id;                      /* minutes, for decision */
  char zSql[300];
  snprintf(zSql, sizeof zSql,
    "INSERT INTO declaration(agenda_item_id,person_id,interest,outcome,created_at)"
    " VALUES(%lld,%lld,'Partner in a bidding practice','left_room',0);", item, f->aVoting[RHODRI]);
  exec_sql(f, zSql);
  q = quorum(f, &m, item);
  assert_int_equal(q.nRequired, 5);
  assert_int_equal(q.nPresentVoting, 5);
  assert_true(q.bMet);
  assert_int_equal(quorum(f, &m, 0).nPresentVoting, 6);
  assert_int_equal(quorum(f, &m, l.a[4].id).nPresentVoting, 6);
  /* A deputy's declaration takes out the seat they sit in. */
  snprintf(zSql, sizeof zSql,
    "INSERT INTO declaration(agenda_item_id,person_id,interest,outcome,created_at)"
    " VALUES(%lld,%lld,'Director of a supplier','no_vote',0);", item, f->afanPerson);
  exec_sql(f, zSql);
  q = quorum(f, &m, item);
  assert_int_equal(q.nPresentVoting, 4);
  assert_false(q.bMet);
  assert_string_equal(q.zWhyKey, "quorum.too_few");
  /* Someone who declared an interest and remained (with the chair's
  ** agreement) still counts. */
  snprintf(zSql, sizeof zSql,
    "INSERT INTO declaration(agenda_item_id,person_id,interest,outcome,created_at)"
    " VALUES(%lld,%lld,'Minor interest','remained',0);", item, f->aVoting[MEGAN]);
  exec_sql(f, zSql);
  assert_int_equal(quorum(f, &m, item).nPresentVoting, 4);
  /* A conflicted chair is as good as absent. */
  long long item2 = l.a[4].id;
  snprintf(zSql, sizeof zSql,
    "INSERT INTO declaration(agenda_item_id,person_id,interest,outcome,created_at)"
    " VALUES(%lld,%lld,'Own practice','left_room',0);", item2, f->aVoting[ALYS]);
  exec_sql(f, zSql);
  q = quorum(f, &m, item2);
  assert_int_equal(q.nPresentVoting, 5);
  assert_false(q.bMet);
  assert_string_equal(q.zWhyKey, "quorum.no_chair");

  /* Another meeting of the cluster starts from nothing. */
  struct meeting_input in = valid_input(); in.zDate = "2030-04-01";
  struct meeting m2;
  load(f, create_ok(f, &in, f->own, &f->lead), &m2);
  assert_int_equal(quorum(f, &m2, 0).nPresentVoting, 0);
}

static void test_quorum_terms_of_reference(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_started(f, &m);
  set_att(f, &m, f->aVoting[RHODRI], "present", 0);
  set_att(f, &m, f->aVoting[SIAN], "present", 0);
  set_att(f, &m, f->aVoting[TOMOS], "online", 0);
  set_att(f, &m, f->aVoting[NIA], "present", 0);
  /* Default: five and the chair. */
  struct quorum_result q = quorum(f, &m, 0);
  assert_int_equal(q.nRequired, 5);
  assert_int_equal(q.nPresentVoting, 4);
  assert_false(q.bMet);

  /* Terms of reference: four voting members, chair not required. */
  char zSql[600];
  snprintf(zSql, sizeof zSql,
    "INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,"
    " quorum_number,quorum_num,quorum_den,quorum_requires_chair,chair_selection,minutes_form,"
    " agreed_on,review_due,created_at)"
    " VALUES(%lld,1,'Cluster working','Monthly','number',4,NULL,NULL,0,'Elected','formal',"
    " '2025-01-01','2026-01-01',0);", f->own);
  exec_sql(f, zSql);
  q = quorum(f, &m, 0);
  assert_int_equal(q.nRequired, 4);
  assert_int_equal(q.nPresentVoting, 4);
  assert_true(q.bMet);
  assert_null(q.zWhyKey);

  /* Terms agreed after the meeting do not apply to it. */
  snprintf(zSql, sizeof zSql,
    "INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,"
    " quorum_number,quorum_num,quorum_den,quorum_requires_chair,chair_selection,minutes_form,"
    " agreed_on,review_due,created_at)"
    " VALUES(%lld,3,'Cluster working','Monthly','number',8,NULL,NULL,1,'Elected','formal',"
    " '2031-01-01','2032-01-01',0);", f->own);
  exec_sql(f, zSql);
  assert_int_equal(quorum(f, &m, 0).nRequired, 4);
  /* The newest version agreed by then does: two thirds, with the chair. */
  snprintf(zSql, sizeof zSql,
    "INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,"
    " quorum_number,quorum_num,quorum_den,quorum_requires_chair,chair_selection,minutes_form,"
    " agreed_on,review_due,created_at)"
    " VALUES(%lld,2,'Cluster working','Monthly','fraction',NULL,2,3,1,'Elected','formal',"
    " '2029-06-01','2030-06-01',0);", f->own);
  exec_sql(f, zSql);
  q = quorum(f, &m, 0);
  assert_int_equal(q.nRequired, 6);
  assert_false(q.bMet);
  /* Another cluster's terms change nothing here. */
  snprintf(zSql, sizeof zSql,
    "INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,"
    " quorum_number,quorum_num,quorum_den,quorum_requires_chair,chair_selection,minutes_form,"
    " agreed_on,review_due,created_at)"
    " VALUES(%lld,9,'x','x','number',1,NULL,NULL,0,'x','notes','2029-12-01','2030-12-01',0);", f->other);
  exec_sql(f, zSql);
  assert_int_equal(quorum(f, &m, 0).nRequired, 6);
}

/* ---- one rule for who is a member on a date ----------------------------- */

static void test_member_on_date(void **state){
  struct fixture *f = *state;
  /* Both ends of a membership are days of it. */
  assert_true(member_on_date(f->db, f->own, f->former, "2024-01-01"));
  assert_true(member_on_date(f->db, f->own, f->former, "2024-12-31"));
  assert_false(member_on_date(f->db, f->own, f->former, "2023-12-31"));
  assert_false(member_on_date(f->db, f->own, f->former, "2025-01-01"));
  assert_false(member_on_date(f->db, f->own, f->future, "2030-12-31"));
  assert_true(member_on_date(f->db, f->own, f->future, "2031-01-01"));
  assert_true(member_on_date(f->db, f->own, f->aVoting[ALYS], "2099-01-01"));
  /* Of that unit, not another. */
  assert_false(member_on_date(f->db, f->own, f->afanPerson, DATE));
  assert_true(member_on_date(f->db, f->other, f->afanPerson, DATE));
  assert_false(member_on_date(f->db, f->own, 987654, DATE));
  /* The rules that use it agree: the agenda's lead and attendance. */
  struct meeting m;
  create_started(f, &m);
  struct agenda_input in = item_input("Led by someone gone");
  char zLead[24];
  snprintf(zLead, sizeof zLead, "%lld", f->former);
  in.zLeadPersonId = zLead;
  struct field_errors e = {0};
  assert_int_equal(agenda_add(f->db, &f->lead, &m, &in, true, f->zToday, &e), 0);
  fx_expect_field_error(&e, "lead", "error.lead_not_member");
  memset(&e, 0, sizeof e);
  assert_false(attendance_set(f->db, &f->lead, &m, f->former, "present", 0, f->zToday, &e));
  fx_expect_field_error(&e, "status", "error.attendance_not_member");
}

/* ---- agenda proposals ----------------------------------------------------- */

static void test_proposal_rules(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_default(f, &m);                           /* in 2030: still to come */
  struct counts before = counts(f);
  /* A member's proposal cannot mark itself restricted: that is the chair's. */
  struct agenda_input in = item_input("Our practice's contract");
  in.zRestricted = "1";
  struct field_errors e = {0};
  assert_int_equal(agenda_add(f->db, &f->member, &m, &in, false, f->zToday, &e), 0);
  fx_expect_field_error(&e, "restricted", "error.proposal_restricted");
  assert_counts_equal(before, counts(f));
  assert_false(db_in_transaction(f->db));
  /* Without it, proposed and not restricted; the chair may restrict. */
  in.zRestricted = 0;
  long long id = add_item_ok(f, &f->member, &m, &in, false);
  struct agenda_item it;
  assert_true(agenda_get(f->db, &m, id, &it));
  assert_false(it.bRestricted);
  assert_string_equal(it.zStatus, "proposed");
  in.zRestricted = "1";
  id = add_item_ok(f, &f->lead, &m, &in, true);
  assert_true(agenda_get(f->db, &m, id, &it));
  assert_true(it.bRestricted);

  /* A meeting that has started (yesterday's, scheduled back then) takes
  ** no more proposals; the chair may still add to it. */
  char zYesterday[11];
  fx_day_offset(-1, zYesterday);
  struct meeting_input mi = valid_input();
  mi.zDate = zYesterday;
  memset(&e, 0, sizeof e);
  long long pastId = meeting_create(f->db, &f->lead, f->own, &mi, "2000-01-01T00:00", f->zToday, &e);
  assert_true(pastId>0);
  struct meeting past;
  load(f, pastId, &past);
  before = counts(f);
  in = item_input("Too late");
  memset(&e, 0, sizeof e);
  assert_int_equal(agenda_add(f->db, &f->member, &past, &in, false, f->zToday, &e), 0);
  fx_expect_field_error(&e, "title", "error.proposal_meeting_held");
  assert_counts_equal(before, counts(f));
  add_item_ok(f, &f->lead, &past, &in, true);
  /* So does one recorded as held, whatever its date. */
  char zSql[120];
  snprintf(zSql, sizeof zSql, "UPDATE meeting SET status='held' WHERE id=%lld;", m.id);
  exec_sql(f, zSql);
  load(f, m.id, &m);
  memset(&e, 0, sizeof e);
  assert_int_equal(agenda_add(f->db, &f->member, &m, &in, false, f->zToday, &e), 0);
  fx_expect_field_error(&e, "title", "error.proposal_meeting_held");
}

/* ---- the call for items ---------------------------------------------------- */

static void test_call_for_items(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_default(f, &m);                           /* 2030-03-04 14:00 */
  char zCloses[17];
  assert_true(meeting_call_open(&m, "2030-03-04T13:59", zCloses));
  assert_string_equal(zCloses, "2030-03-04T14:00");  /* without a deadline: the start */
  assert_false(meeting_call_open(&m, "2030-03-04T14:00", zCloses));

  /* The deadline: before the start, after now, a real date and time; the chair's alone. */
  struct field_errors e = {0};
  struct counts before = counts(f);
  assert_int_equal(meeting_set_items_deadline(f->db, &f->member, &m, "2030-03-01", "17:00", "2030-01-01T00:00", f->zToday, &e), -1);
  assert_int_equal(meeting_set_items_deadline(f->db, &f->leadAfan, &m, "2030-03-01", "17:00", "2030-01-01T00:00", f->zToday, &e), -1);
  assert_int_equal(meeting_set_items_deadline(f->db, &f->lead, &m, "2030-03-04", "14:00", "2030-01-01T00:00", f->zToday, &e), 0);
  fx_expect_field_error(&e, "items_deadline", "error.deadline_after_start");
  memset(&e, 0, sizeof e);
  assert_int_equal(meeting_set_items_deadline(f->db, &f->lead, &m, "2030-03-01", "17:00", "2030-03-02T00:00", f->zToday, &e), 0);
  fx_expect_field_error(&e, "items_deadline", "error.deadline_past");
  memset(&e, 0, sizeof e);
  assert_int_equal(meeting_set_items_deadline(f->db, &f->lead, &m, "2030-02-31", "25:00", "2030-01-01T00:00", f->zToday, &e), 0);
  fx_expect_field_error(&e, "items_deadline", "error.deadline_date_invalid");
  fx_expect_field_error(&e, "items_deadline_time", "error.time_invalid");
  assert_counts_equal(before, counts(f));
  memset(&e, 0, sizeof e);
  assert_int_equal(meeting_set_items_deadline(f->db, &f->lead, &m, "2030-03-01", "17:00", "2030-01-01T00:00", f->zToday, &e), 1);
  assert_int_equal(counts(f).nAudit, before.nAudit+1);
  load(f, m.id, &m);
  assert_string_equal(m.zItemsDeadline, "2030-03-01T17:00");
  assert_true(meeting_call_open(&m, "2030-03-01T16:59", zCloses));
  assert_string_equal(zCloses, "2030-03-01T17:00");
  assert_false(meeting_call_open(&m, "2030-03-01T17:00", zCloses));

  /* A proposal needs a description; with a paper, both are written or neither. */
  static const unsigned char aPng[] = {
    0x89,0x50,0x4E,0x47,0x0D,0x0A,0x1A,0x0A,0x00,0x00,0x00,0x0D,0x49,0x48,0x44,0x52,0x00,0x00,0x00,0x01,
    0x00,0x00,0x00,0x01,0x08,0x06,0x00,0x00,0x00,0x1F,0x15,0xC4,0x89,0x00,0x00,0x00,0x0D,0x49,0x44,0x41,
    0x54,0x78,0xDA,0x63,0xFC,0xCF,0xC0,0x50,0x0F,0x00,0x04,0x85,0x01,0x80,0x84,0xA9,0x8C,0x21,0x00,0x00,
    0x00,0x00,0x49,0x45,0x4E,0x44,0xAE,0x42,0x60,0x82 };
  struct agenda_input in = item_input("Flu clinics");
  in.zDescription = " ";
  struct agenda_paper paper = { "flu.png", aPng, sizeof aPng };
  before = counts(f);
  memset(&e, 0, sizeof e);
  assert_int_equal(agenda_propose(f->db, &f->member, &m, &in, &paper, f->zToday, &e), 0);
  fx_expect_field_error(&e, "description", "error.description_required");
  in.zDescription = "Saturday clinics\nin pharmacies";
  struct agenda_paper bad = { "flu.pdf", aPng, sizeof aPng };
  memset(&e, 0, sizeof e);
  assert_int_equal(agenda_propose(f->db, &f->member, &m, &in, &bad, f->zToday, &e), 0);
  assert_non_null(field_errors_get(&e, "file"));
  assert_counts_equal(before, counts(f));
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM paper"), 0);
  memset(&e, 0, sizeof e);
  assert_int_equal(agenda_propose(f->db, &f->leadAfan, &m, &in, &paper, f->zToday, &e), -1);
  assert_int_equal(agenda_propose(f->db, &f->lead, &m, &in, &paper, f->zToday, &e), -1);
  long long id = agenda_propose(f->db, &f->member, &m, &in, &paper, f->zToday, &e);
  assert_true(id>0);
  assert_int_equal(counts(f).nAudit, before.nAudit+1);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM paper"), 1);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM audit_log WHERE entity='paper'"), 1);
  struct agenda_item it;
  assert_true(agenda_get(f->db, &m, id, &it));
  assert_string_equal(it.zDescription, "Saturday clinics\nin pharmacies");
  assert_string_equal(it.zStatus, "proposed");
  assert_true(it.proposedById>0);
  assert_int_equal(it.proposedById, meeting_user_person(f->db, &f->member));
  assert_int_equal(it.proposedByUserId, f->member.id);

  /* Declining needs a reason, kept and audited. */
  before = counts(f);
  memset(&e, 0, sizeof e);
  assert_int_equal(agenda_decide(f->db, &f->lead, &m, id, false, "  ", f->zToday, &e), 0);
  fx_expect_field_error(&e, "reason", "error.decline_reason_required");
  assert_counts_equal(before, counts(f));
  memset(&e, 0, sizeof e);
  assert_int_equal(agenda_decide(f->db, &f->lead, &m, id, false, "For the health board's group", f->zToday, &e), 1);
  assert_true(agenda_get(f->db, &m, id, &it));
  assert_string_equal(it.zStatus, "declined");
  assert_string_equal(it.zDeclineReason, "For the health board's group");
  char zAction[16], zOld[400], zNew[400];
  long long user, unit;
  last_audit(f, "agenda_item", id, zAction, zOld, zNew, &user, &unit);
  assert_string_equal(zNew, "{\"status\":\"declined\",\"decline_reason\":\"For the health board's group\"}");

  /* Once the deadline has passed, no proposal; the chair still adds. The
  ** meeting is read as if the deadline were an hour ago. */
  snprintf(m.zItemsDeadline, sizeof m.zItemsDeadline, "%s", "2001-01-01T00:00");
  before = counts(f);
  memset(&e, 0, sizeof e);
  assert_int_equal(agenda_propose(f->db, &f->member, &m, &in, 0, f->zToday, &e), 0);
  fx_expect_field_error(&e, "title", "error.proposal_deadline_passed");
  assert_counts_equal(before, counts(f));
  assert_true(add_item_ok(f, &f->lead, &m, &in, true)>0);
}

/* ---- the whole attendance form at once ------------------------------------- */

static void test_attendance_set_all(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_started(f, &m);
  struct counts before = counts(f);
  struct attendance_entry a[4] = {
    { f->aVoting[RHODRI], "present", 0, 0, 0, 0 },
    { f->aVoting[TOMOS], "online", 0, 0, 0, 0 },
    { f->afanPerson, "present", 0, 0, 0, 0 },               /* no member: only as a deputy or in attendance */
    { f->carys, "deputy", f->aVoting[TOMOS], 0, 0, 0 },     /* Tomos is here (the row before): no deputy */
  };
  struct field_errors form = {0};
  struct field_errors e[4];
  memset(e, 0, sizeof e);
  assert_false(attendance_set_all(f->db, &f->lead, &m, a, 4, 0, f->zToday, &form, e));
  assert_int_equal(e[0].n, 0);
  assert_int_equal(e[1].n, 0);
  fx_expect_field_error(&e[2], "status", "error.attendance_not_member");
  fx_expect_field_error(&e[3], "deputy_for", "error.deputy_seat_taken");
  /* All or none: the good rows before the bad ones are not kept. */
  assert_counts_equal(before, counts(f));
  assert_false(db_in_transaction(f->db));
  assert_int_equal(quorum(f, &m, 0).nPresentVoting, 0);

  /* Without write access: nothing, and no errors (the page answers 404). */
  memset(e, 0, sizeof e);
  assert_false(attendance_set_all(f->db, &f->member, &m, a, 2, 0, f->zToday, &form, e));
  assert_int_equal(e[0].n + e[1].n + form.n, 0);
  assert_false(attendance_set_all(f->db, &f->leadAfan, &m, a, 2, 0, f->zToday, &form, e));
  assert_int_equal(e[0].n + e[1].n, 0);
  assert_counts_equal(before, counts(f));

  /* Every row good: all written, each with its audit entry. */
  a[2] = (struct attendance_entry){ f->huw, "in_attendance", 0, 0, 0, 0 };
  a[3] = (struct attendance_entry){ f->afanPerson, "deputy", f->aVoting[OWAIN], 0, 0, 0 };
  memset(e, 0, sizeof e);
  assert_true(attendance_set_all(f->db, &f->lead, &m, a, 4, 0, f->zToday, &form, e));
  struct counts after = counts(f);
  assert_int_equal(after.nAttendance, before.nAttendance+4);
  assert_int_equal(after.nAudit, before.nAudit+4);
  assert_int_equal(audit_count(f, "attendance", "create", f->afanPerson), 1);
  assert_int_equal(quorum(f, &m, 0).nPresentVoting, 3);
  /* A change is an update; an empty form is nothing to do. */
  struct attendance_entry b[1] = { { f->aVoting[RHODRI], "apologies", 0, 0, 0, 0 } };
  memset(e, 0, sizeof e);
  assert_true(attendance_set_all(f->db, &f->lead, &m, b, 1, 0, f->zToday, &form, e));
  assert_int_equal(audit_count(f, "attendance", "update", f->aVoting[RHODRI]), 1);
  assert_true(attendance_set_all(f->db, &f->lead, &m, 0, 0, 0, f->zToday, &form, 0));
  assert_int_equal(quorum(f, &m, 0).nPresentVoting, 2);
}

/* ---- attendance as the record of the meeting (record.h) --------------------- */

static long long count_stmt(struct stmt *s){
  long long n = -1;
  fx_counts_stmt(s, 1, &n);
  return n;
}
/* One number counted by the literal SQL zSql. */
#define count_of(f, zSql) count_stmt(db_prepare((f)->db, zSql))
static void set_meeting(struct fixture *f, struct meeting *m, const char *zStatus, const char *zMinutes){
  struct stmt *s = db_prepare(f->db, "UPDATE meeting SET status=?, minutes_status=? WHERE id=?");
  stmt_bind_text(s, 1, zStatus);
  stmt_bind_text(s, 2, zMinutes);
  stmt_bind_int(s, 3, m->id);
  assert_true(stmt_exec(s));
  load(f, m->id, m);
}

/* Before the start only apologies, sent or withdrawn; the rest once it
** has started. */
static void test_attendance_before_start(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_default(f, &m);                           /* in 2030: still to come */
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_false(attendance_set(f->db, &f->lead, &m, f->aVoting[RHODRI], "present", 0, f->zToday, &e));
  fx_expect_field_error(&e, "status", "error.record_before_start");
  assert_counts_equal(before, counts(f));
  set_att(f, &m, f->aVoting[RHODRI], "apologies", 0);
  /* The whole form: a refused row beside a good one saves neither. */
  struct attendance_entry a[2] = {
    { f->aVoting[TOMOS], "apologies", 0, 0, 0, 0 },
    { f->aVoting[NIA], "deputy", f->aVoting[SIAN], 0, 0, 0 },
  };
  struct field_errors form = {0}, ae[2];
  memset(ae, 0, sizeof ae);
  assert_false(attendance_set_all(f->db, &f->lead, &m, a, 2, 0, f->zToday, &form, ae));
  assert_int_equal(ae[0].n + form.n, 0);
  fx_expect_field_error(&ae[1], "status", "error.record_before_start");
  /* Someone added by name cannot be recorded ahead either. */
  struct attendance_entry add = { 0, "in_attendance", 0, "Megan Lloyd", "Boots", 0 };
  memset(ae, 0, sizeof ae);
  assert_false(attendance_set_all(f->db, &f->lead, &m, &add, 1, 0, f->zToday, &form, ae));
  fx_expect_field_error(&ae[0], "status", "error.record_before_start");
  /* Apologies withdrawn: "" removes what was recorded, audited. */
  struct attendance_entry off = { f->aVoting[RHODRI], "", 0, 0, 0, 0 };
  memset(ae, 0, sizeof ae);
  assert_true(attendance_set_all(f->db, &f->lead, &m, &off, 1, 0, f->zToday, &form, ae));
  assert_int_equal(audit_count(f, "attendance", "delete", f->aVoting[RHODRI]), 1);
  assert_int_equal(counts(f).nAttendance, before.nAttendance);
  /* Started: present is fine. */
  set_meeting(f, &m, "held", "none");
  set_att(f, &m, f->aVoting[RHODRI], "present", 0);
  /* Cancelled: nothing at all, a message for the whole form. */
  set_meeting(f, &m, "cancelled", "none");
  memset(ae, 0, sizeof ae);
  memset(&form, 0, sizeof form);
  assert_false(attendance_set_all(f->db, &f->lead, &m, a, 1, 0, f->zToday, &form, ae));
  fx_expect_field_error(&form, "status", "error.meeting_cancelled");
  assert_false(db_in_transaction(f->db));
}

/* Someone who is not a member, added by name and organisation: checked,
** made a person once, their role at the meeting kept with the row. */
static void test_attendance_added_person(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_started(f, &m);
  long long nPerson = count_of(f, "SELECT count(*) FROM person");
  struct attendance_entry bad[3] = {
    { 0, "in_attendance", 0, "  ", "Boots", 0 },
    { 0, "present", 0, "Megan Lloyd", "", 0 },
    { 0, "deputy", 0, "Dr Owain Bevan", "Grangetown Surgery", "GP" },
  };
  struct field_errors form = {0}, ae[3];
  memset(ae, 0, sizeof ae);
  assert_false(attendance_set_all(f->db, &f->lead, &m, bad, 3, 0, f->zToday, &form, ae));
  fx_expect_field_error(&ae[0], "name", "error.attendance_name_required");
  fx_expect_field_error(&ae[1], "organisation", "error.attendance_organisation_required");
  fx_expect_field_error(&ae[1], "status", "error.attendance_added_status");
  fx_expect_field_error(&ae[2], "deputy_for", "error.deputy_for_member");
  assert_int_equal(count_of(f, "SELECT count(*) FROM person"), nPerson);

  struct attendance_entry good[2] = {
    { 0, "deputy", f->aVoting[NIA], "Dr Owain Bevan", "Grangetown Surgery", "" },
    { 0, "in_attendance", 0, "Megan Lloyd", "Boots", "Community pharmacist" },
  };
  memset(ae, 0, sizeof ae);
  assert_true(attendance_set_all(f->db, &f->lead, &m, good, 2, 0, f->zToday, &form, ae));
  assert_int_equal(count_of(f, "SELECT count(*) FROM person"), nPerson+2);
  struct att_seen s = {0};
  attendance_list(f->db, &m, att_cb, &s);
  const struct attendee *owain = 0, *megan = 0;
  for(int i=0; i<s.n && i<24; i++){
    if( strcmp(s.a[i].zName, "Dr Owain Bevan")==0 ) owain = &s.a[i];
    if( strcmp(s.a[i].zName, "Megan Lloyd")==0 ) megan = &s.a[i];
  }
  assert_non_null(owain);
  assert_non_null(megan);
  assert_string_equal(owain->zStatus, "deputy");
  assert_int_equal(owain->deputyForId, f->aVoting[NIA]);
  assert_string_equal(owain->zDeputyFor, "Nia Hughes");
  assert_string_equal(owain->zOrganisation, "Grangetown Surgery");
  assert_string_equal(owain->zRole, "");
  assert_string_equal(megan->zStatus, "in_attendance");
  assert_string_equal(megan->zOrganisation, "Boots");
  assert_string_equal(megan->zRole, "Community pharmacist");
  assert_string_equal(megan->zRoleKey, "");
  /* Nia's seat is taken by her deputy. */
  assert_int_equal(quorum(f, &m, 0).nPresentVoting, 1);
  /* The same name and organisation again: the same person, the role kept,
  ** and no change to audit. */
  long long meganId = megan->personId;
  struct attendance_entry again = { 0, "in_attendance", 0, "Megan Lloyd", "Boots", 0 };
  memset(ae, 0, sizeof ae);
  assert_true(attendance_set_all(f->db, &f->lead, &m, &again, 1, 0, f->zToday, &form, ae));
  assert_int_equal(count_of(f, "SELECT count(*) FROM person"), nPerson+2);
  assert_int_equal(audit_count(f, "attendance", "update", meganId), 0);
  /* A change of their status keeps their role. */
  struct attendance_entry moved = { meganId, "deputy", f->aVoting[GARETH], 0, 0, 0 };
  memset(ae, 0, sizeof ae);
  assert_true(attendance_set_all(f->db, &f->lead, &m, &moved, 1, 0, f->zToday, &form, ae));
  char zOld[400], zNew[400], zAction[16];
  long long user, unit;
  last_audit(f, "attendance", meganId, zAction, zOld, zNew, &user, &unit);
  assert_string_equal(zOld, "{\"status\":\"in_attendance\",\"role\":\"Community pharmacist\"}");
  char zWant[200];
  snprintf(zWant, sizeof zWant, "{\"status\":\"deputy\",\"deputy_for_person_id\":%lld,\"role\":\"Community pharmacist\"}",
           f->aVoting[GARETH]);
  assert_string_equal(zNew, zWant);
  assert_int_equal(count_of(f, "SELECT count(*) FROM attendance WHERE role='Community pharmacist'"), 1);
}

/* Once the minutes are approved a change is a correction with its reason. */
static void test_attendance_correction(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_started(f, &m);
  set_att(f, &m, f->aVoting[NIA], "present", 0);
  set_meeting(f, &m, "held", "approved");
  struct counts before = counts(f);
  struct field_errors e = {0};
  assert_false(attendance_set(f->db, &f->lead, &m, f->aVoting[NIA], "apologies", 0, f->zToday, &e));
  fx_expect_field_error(&e, "correction_reason", "error.correction_reason_required");
  struct attendance_entry a = { f->aVoting[NIA], "apologies", 0, 0, 0, 0 };
  struct field_errors form = {0}, ae[1];
  memset(ae, 0, sizeof ae);
  assert_false(attendance_set_all(f->db, &f->lead, &m, &a, 1, " ", f->zToday, &form, ae));
  fx_expect_field_error(&form, "correction_reason", "error.correction_reason_required");
  assert_counts_equal(before, counts(f));
  assert_int_equal(count_of(f, "SELECT count(*) FROM correction"), 0);
  memset(&form, 0, sizeof form);
  assert_true(attendance_set_all(f->db, &f->lead, &m, &a, 1, "She sent apologies", f->zToday, &form, ae));
  assert_int_equal(audit_count(f, "attendance", "update", f->aVoting[NIA]), 1);
  struct stmt *s = db_prepare(f->db,
    "SELECT record_kind, record_id, old_values, new_values, reason, user_id FROM correction WHERE meeting_id=?");
  stmt_bind_int(s, 1, m.id);
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 0), "attendance");
  assert_int_equal(stmt_int(s, 1), f->aVoting[NIA]);
  assert_string_equal(stmt_text(s, 2), "{\"status\":\"present\"}");
  assert_string_equal(stmt_text(s, 3), "{\"status\":\"apologies\"}");
  assert_string_equal(stmt_text(s, 4), "She sent apologies");
  assert_int_equal(stmt_int(s, 5), f->lead.id);
  assert_int_equal(stmt_step(s), 0);
  stmt_done(s);
  /* Removing a row is a correction too, with no new values. */
  struct attendance_entry off = { f->aVoting[NIA], "", 0, 0, 0, 0 };
  assert_true(attendance_set_all(f->db, &f->lead, &m, &off, 1, "Not there at all", f->zToday, &form, ae));
  assert_int_equal(count_of(f, "SELECT count(*) FROM correction WHERE new_values IS NULL AND reason='Not there at all'"), 1);
}

/* A member's own apologies: before the start only, audited as theirs. */
static void test_own_apologies(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_default(f, &m);
  char zStatus[16];
  assert_int_equal(attendance_user_person(f->db, &f->member, &m, zStatus), f->aVoting[SIAN]);
  assert_string_equal(zStatus, "");
  struct field_errors e = {0};
  assert_true(attendance_own_apologies(f->db, &f->member, &m, true, &e));
  assert_int_equal(attendance_user_person(f->db, &f->member, &m, zStatus), f->aVoting[SIAN]);
  assert_string_equal(zStatus, "apologies");
  assert_int_equal(count_of(f, "SELECT count(*) FROM audit_log a JOIN app_user u ON u.id=a.user_id"
                               " WHERE u.email='member@example.wales' AND a.entity='attendance' AND a.action='create'"), 1);
  /* Twice is no change. */
  assert_true(attendance_own_apologies(f->db, &f->member, &m, true, &e));
  assert_int_equal(audit_count(f, "attendance", "create", f->aVoting[SIAN]), 1);
  assert_true(attendance_own_apologies(f->db, &f->member, &m, false, &e));
  assert_int_equal(audit_count(f, "attendance", "delete", f->aVoting[SIAN]), 1);
  assert_int_equal(count_of(f, "SELECT count(*) FROM attendance"), 0);
  /* A user with no person in the cluster: nothing, and no message (404). */
  assert_false(attendance_own_apologies(f->db, &f->hb, &m, true, &e));
  assert_int_equal(e.n, 0);
  /* Started: refused with the reason. */
  set_meeting(f, &m, "held", "none");
  assert_false(attendance_own_apologies(f->db, &f->member, &m, true, &e));
  fx_expect_field_error(&e, "apologies", "error.apologies_started");
  assert_int_equal(count_of(f, "SELECT count(*) FROM attendance"), 0);
}

/* A meeting to come is told the quorum it will need. */
static void test_quorum_needed(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_default(f, &m);
  struct quorum_result q = quorum(f, &m, 0);
  assert_int_equal(q.nVoting, N_VOTING);
  assert_int_equal(q.nRequired, (N_VOTING+1)/2);
  assert_true(q.bNeedsChair);
  assert_false(q.bNeedsRoles);
}

/* ---- one rule for who sits in a seat ----------------------------------------- */

struct voters_seen { int n; long long a[24]; bool abConflicted[24]; };
static void voter_seen(void *pCtx, const struct voter *v){
  struct voters_seen *p = pCtx;
  if( p->n<24 ){ p->abConflicted[p->n] = v->bConflicted; p->a[p->n] = v->personId; }
  p->n++;
}

static void test_seat_one_sitter(void **state){
  struct fixture *f = *state;
  struct meeting m;
  create_started(f, &m);
  struct listed l = agenda(f, &f->lead, &m, false);
  long long item = l.a[3].id;                      /* minutes, for decision */
  /* Terms: one voting member, no chair, and the optometry lead's seat filled. */
  char zSql[700];
  snprintf(zSql, sizeof zSql,
    "INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,"
    " quorum_number,quorum_num,quorum_den,quorum_requires_chair,chair_selection,minutes_form,"
    " agreed_on,review_due,created_at,quorum_roles)"
    " VALUES(%lld,1,'x','Monthly','number',1,NULL,NULL,0,'Elected','formal',"
    " '2025-01-01','2031-01-01',0,'optometry_collaborative_lead');", f->own);
  exec_sql(f, zSql);
  set_att(f, &m, f->aVoting[RHODRI], "present", 0);
  set_att(f, &m, f->carys, "deputy", f->aVoting[NIA]);
  /* One seat, one sitter: a second deputy for Nia is refused. */
  struct field_errors e = {0};
  assert_false(attendance_set(f->db, &f->lead, &m, f->huw, "deputy", f->aVoting[NIA], f->zToday, &e));
  fx_expect_field_error(&e, "deputy_for", "error.deputy_seat_taken");
  /* Should a second be there all the same (recorded before the check),
  ** the one with the lower person id (Carys) sits, for the quorum, the
  ** named role and the vote alike. */
  snprintf(zSql, sizeof zSql,
    "INSERT INTO attendance(meeting_id,person_id,status,deputy_for_person_id) VALUES(%lld,%lld,'deputy',%lld);",
    m.id, f->huw, f->aVoting[NIA]);
  exec_sql(f, zSql);
  assert_true(f->carys<f->huw);
  struct quorum_result q = quorum(f, &m, item);
  assert_int_equal(q.nPresentVoting, 2);
  assert_true(q.bMet);
  /* Carys declares a conflict on the item: Nia's seat is out for it, and
  ** with it the named role, though Huw sits beside her. */
  snprintf(zSql, sizeof zSql,
    "INSERT INTO declaration(agenda_item_id,person_id,interest,outcome,created_at)"
    " VALUES(%lld,%lld,'Works for a bidder','left_room',0);", item, f->carys);
  exec_sql(f, zSql);
  q = quorum(f, &m, item);
  assert_int_equal(q.nPresentVoting, 1);
  assert_false(q.bMet);
  assert_string_equal(q.zWhyKey, "quorum.role_missing");
  struct voters_seen v = {0};
  assert_int_equal(decision_voters(f->db, &m, item, voter_seen, &v), 2);
  assert_int_equal(v.a[0], f->carys);              /* by name: Carys Thomas, Dr Rhodri Evans */
  assert_true(v.abConflicted[0]);
  assert_int_equal(v.a[1], f->aVoting[RHODRI]);
  assert_false(v.abConflicted[1]);
  /* The meeting as a whole (no item): the role is there. */
  q = quorum(f, &m, 0);
  assert_true(q.bMet);
  assert_int_equal(q.nPresentVoting, 2);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_create_valid, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_create_invalid, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_create_overlap, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_access, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_agenda_add_before_aob, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_agenda_add_invalid, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_proposals, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_move, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_update_invalid, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_update, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_update_refused, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_update_standing_title, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_restricted_items, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_attendance_set, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_attendance_two_roles, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_quorum_default_rule, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_quorum_terms_of_reference, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_member_on_date, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_proposal_rules, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_call_for_items, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_attendance_set_all, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_attendance_before_start, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_attendance_added_person, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_attendance_correction, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_own_apologies, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_quorum_needed, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_seat_one_sitter, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
