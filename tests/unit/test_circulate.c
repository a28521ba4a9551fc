/*
** Circulating a meeting (src/domain/circulate.h, export_meeting.h): who
** the pack goes to (members on the meeting date, item leads, once per
** address) and in which language; the pack and its invitation queued in
** the publishing transaction, and nothing when it rolls back; the update
** and the cancellation to the people invited, with the invitation's own
** organiser and a SEQUENCE that counts the change; the settings an admin
** saves.
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
#include "domain/circulate.h"
#include "domain/export_meeting.h"
#include "domain/meeting.h"
#include "domain/member.h"
#include "domain/outbox.h"
#include "html/i18n.h"
#include "util/text.h"
#include "fixture.h"

#define NOW  "2030-01-01T09:00"
#define DATE "2030-03-04"

enum { EN, CY, BOTH, BOTH_USER, NOMAIL, SAME, FORMER, FUTURE, N_PERSON };

struct fixture {
  struct db *db;               /* first: fx_teardown closes it */
  char zToday[11];
  long long own;
  struct user lead, member, admin;
  long long a[N_PERSON];
  long long outsider;          /* leads an item, member of no unit */
  long long meetingId;
};

static void exec_sql(struct fixture *f, const char *zSql){
  if( !db_exec_script(f->db, zSql) ) fail_msg("%s: %s", zSql, db_errmsg(f->db));
}

static int setup(void **state){
  if( fx_group_setup_i18n(state) ) return -1;
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  f.own = fx_unit_id(f.db, f.zToday, "cardiff-south-west");
  fx_make_user(f.db, f.zToday, &f.admin, "admin@example.wales", ROLE_ADMIN, "wales");
  fx_make_cast(f.db, f.zToday, (struct fx_cast){ &f.lead, NULL, &f.member, NULL, NULL });
  static const char *const az[N_PERSON][3] = {
    {"Ann English", "2024-01-01", 0}, {"Bryn Cymraeg", "2024-01-01", 0}, {"Cai Both", "2024-01-01", 0},
    {"Dwynwen Both", "2024-01-01", 0}, {"Efa Nomail", "2024-01-01", 0}, {"Ffion Same", "2024-01-01", 0},
    {"Gwyn Former", "2024-01-01", "2024-12-31"}, {"Hywel Future", "2030-02-01", 0},
  };
  for(int i=0; i<N_PERSON; i++){
    f.a[i] = fx_add_person(f.db, &f.admin, f.own, f.zToday, az[i][0], "finance", "core", "no", az[i][1], az[i][2]);
  }
  char zSql[600];
  snprintf(zSql, sizeof zSql,
    "UPDATE person SET email=lower(replace(name,' ','.'))||'@example.wales';"
    "UPDATE person SET mail_lang='en' WHERE id=%lld; UPDATE person SET mail_lang='cy' WHERE id=%lld;"
    "UPDATE person SET email=NULL WHERE id=%lld;"
    "UPDATE person SET email='ANN.english@example.wales' WHERE id=%lld;"
    "UPDATE app_user SET person_id=%lld, lang='cy' WHERE id=%lld;",
    f.a[EN], f.a[CY], f.a[NOMAIL], f.a[SAME], f.a[BOTH_USER], f.member.id);
  exec_sql(&f, zSql);
  struct meeting_input in = {
    .zTitle = "Cluster meeting", .zDate = DATE, .zStart = "14:00", .zEnd = "16:00",
    .zLocation = "Canton Library, Cardiff", .zOnlineLink = "",
  };
  struct field_errors e = {0};
  f.meetingId = meeting_create(f.db, &f.lead, f.own, &in, NOW, f.zToday, &e);
  assert_true(f.meetingId>0);
  /* Someone of no unit leading an item (written as it is, past the form's rule). */
  snprintf(zSql, sizeof zSql,
    "INSERT INTO person(name,email,home_unit_id,created_at,updated_at) VALUES('Iolo Outside','iolo@example.wales',%lld,0,0);"
    "INSERT INTO agenda_item(meeting_id,position,title,purpose,lead_person_id,duration_minutes,status,restricted,created_at,updated_at)"
    " SELECT %lld, 10, 'Winter plan', 'discussion', id, 10, 'accepted', 0, 0, 0 FROM person WHERE name='Iolo Outside';"
    "INSERT INTO agenda_item(meeting_id,position,title,purpose,lead_person_id,duration_minutes,status,restricted,created_at,updated_at)"
    " VALUES(%lld, 11, 'Acme contract', 'discussion', %lld, 10, 'accepted', 1, 0, 0);",
    f.own, f.meetingId, f.meetingId, f.a[CY]);
  exec_sql(&f, zSql);
  struct outbox_config oc = { true, "https://carecluster.example.wales", "carecluster@example.wales", 1 };
  outbox_configure(&oc);
  *state = &f;
  return 0;
}

static struct meeting load(struct fixture *f){
  struct meeting m;
  assert_true(meeting_load(f->db, f->meetingId, &m));
  return m;
}

struct seen_people { int n; char azName[20][201]; char azEmail[20][255]; enum lang aLang[20]; };
static void collect(void *pCtx, const struct circulate_person *c){
  struct seen_people *s = pCtx;
  assert_true(s->n<20);
  snprintf(s->azName[s->n], 201, "%s", c->to.zName);
  snprintf(s->azEmail[s->n], 255, "%s", c->to.zEmail);
  s->aLang[s->n] = c->readerLang;
  s->n++;
}
static int find(const struct seen_people *s, const char *zName){
  for(int i=0; i<s->n; i++) if( strcmp(s->azName[i], zName)==0 ) return i;
  return -1;
}

static void test_recipients(void **state){
  struct fixture *f = *state;
  struct meeting m = load(f);
  struct seen_people s = {0};
  int n = circulate_pack_recipients(f->db, &m, collect, &s);
  assert_int_equal(n, s.n);
  /* Members on the meeting date and the item lead from outside; not the
  ** former member; the future one (a member by then) is; the second
  ** person at Ann's address (in other letters' case) is not. */
  assert_true(find(&s, "Ann English")>=0);
  assert_true(find(&s, "Iolo Outside")>=0);
  assert_true(find(&s, "Hywel Future")>=0);
  assert_int_equal(find(&s, "Gwyn Former"), -1);
  assert_true(find(&s, "Ffion Same")<0 || find(&s, "Ann English")<0);
  int i = find(&s, "Efa Nomail");
  assert_true(i>=0);
  assert_string_equal(s.azEmail[i], "");
  assert_int_equal(n, 7);
  /* Languages of the pack: English, Welsh, both without an account Welsh,
  ** both with an account in Welsh Welsh. */
  assert_int_equal(s.aLang[find(&s, "Ann English")], LANG_EN);
  assert_int_equal(s.aLang[find(&s, "Bryn Cymraeg")], LANG_CY);
  assert_int_equal(s.aLang[find(&s, "Cai Both")], LANG_CY);
  assert_int_equal(s.aLang[find(&s, "Dwynwen Both")], LANG_CY);
  bool ab[LANG__MAX] = {0};
  circulate_pack_languages(f->db, &m, ab);
  assert_true(ab[LANG_EN] && ab[LANG_CY]);
}

static long long count_kind(struct fixture *f, const char *zKind){
  struct stmt *s = db_prepare(f->db, "SELECT count(*) FROM outbox WHERE kind=?");
  stmt_bind_text(s, 1, zKind);
  return fx_count_stmt(s);
}

static void test_pack_rolls_back_with_its_transaction(void **state){
  struct fixture *f = *state;
  struct meeting m = load(f);
  long long aFile[LANG__MAX] = {0};
  assert_true(db_begin(f->db));
  assert_true(circulate_pack(f->db, &f->lead, &m, aFile, false));
  assert_int_equal(count_kind(f, "pack"), 6);
  db_rollback(f->db);
  assert_int_equal(count_kind(f, "pack"), 0);
}

static void test_publish_queues_pack_and_invitation(void **state){
  struct fixture *f = *state;
  struct meeting m = load(f);
  assert_int_equal(meeting_publish_pack(f->db, &f->member, &m, f->zToday), PUBLISH_NOT_ALLOWED);
  assert_int_equal(count_kind(f, "pack"), 0);
  assert_int_equal(meeting_publish_pack(f->db, &f->lead, &m, f->zToday), PUBLISH_OK);
  /* One message per address, every one urgent (none held), two packs stored. */
  assert_int_equal(count_kind(f, "pack"), 6);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM outbox WHERE status='held'"), 0);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM outbox_file"), 2);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM outbox WHERE kind='pack' AND file_id IS NULL"), 0);
  struct stmt *s = db_prepare(f->db,
    "SELECT o.ics, o.body_text, o.subject FROM outbox o JOIN person p ON p.id=o.person_id"
    " WHERE p.name='Ann English' AND o.kind='pack'");
  assert_int_equal(stmt_step(s), 1);
  const char *zIcs = stmt_text(s, 0);
  assert_non_null(strstr(zIcs, "METHOD:REQUEST"));
  char zUid[80];
  snprintf(zUid, sizeof zUid, "UID:meeting-%lld@carecluster", f->meetingId);
  assert_non_null(strstr(zIcs, zUid));
  assert_non_null(strstr(zIcs, "SEQUENCE:0"));
  assert_non_null(strstr(zIcs, "mailto:lead@example.wales"));
  assert_non_null(strstr(zIcs, "RSVP=TRUE"));
  assert_null(strstr(zIcs, "Acme"));
  char zEmail[255], zName[201];
  assert_true(export_invitation_organizer(zIcs, zEmail, sizeof zEmail, zName, sizeof zName));
  assert_string_equal(zEmail, "lead@example.wales");
  assert_string_equal(zName, f->lead.zName);
  const char *zText = stmt_text(s, 1);
  assert_non_null(strstr(zText, "Winter plan (lead: Iolo Outside)"));
  assert_non_null(strstr(zText, "Restricted item"));
  assert_null(strstr(zText, "Acme"));
  assert_non_null(strstr(zText, "The agenda pack is attached as a PDF."));
  assert_string_equal(stmt_text(s, 2), "Agenda pack: Cluster meeting, 4 March 2030");
  stmt_done(s);
  /* The attendees: every address once. */
  s = db_prepare(f->db, "SELECT ics FROM outbox WHERE kind='pack' ORDER BY id LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  int nAtt = 0;
  for(const char *p = stmt_text(s, 0); (p = strstr(p, "ATTENDEE"))!=0; p++) nAtt++;
  stmt_done(s);
  assert_int_equal(nAtt, 6);
}

static void test_change_and_cancel_go_to_those_invited(void **state){
  struct fixture *f = *state;
  struct meeting m = load(f);
  /* Someone joining after the invitation is not sent its update. */
  long long late = fx_add_person(f->db, &f->admin, f->own, f->zToday, "Jac Late", "finance", "core", "no", "2024-01-01", 0);
  char zSql[200];
  snprintf(zSql, sizeof zSql, "UPDATE person SET email='jac@example.wales' WHERE id=%lld;", late);
  exec_sql(f, zSql);
  struct meeting_input in = {
    .zTitle = "Cluster meeting", .zDate = DATE, .zStart = "15:00", .zEnd = "17:00",
    .zLocation = "Canton Library, Cardiff", .zOnlineLink = "",
  };
  struct field_errors e = {0};
  /* The changer is not the organiser: the update keeps the invitation's. */
  assert_int_equal(meeting_update(f->db, &f->admin, &m, &in, NOW, f->zToday, &e), f->meetingId);
  assert_int_equal(count_kind(f, "invitation_update"), 6);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM outbox WHERE to_addr='jac@example.wales'"), 0);
  struct stmt *s = db_prepare(f->db, "SELECT ics, body_text FROM outbox WHERE kind='invitation_update' ORDER BY id LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_non_null(strstr(stmt_text(s, 0), "SEQUENCE:1"));
  assert_non_null(strstr(stmt_text(s, 0), "mailto:lead@example.wales"));
  assert_non_null(strstr(stmt_text(s, 0), "METHOD:REQUEST"));
  stmt_done(s);
  m = load(f);
  assert_true(meeting_cancel(f->db, &f->admin, &m, "Room flooded", f->zToday, &e)>0);
  assert_int_equal(count_kind(f, "invitation_cancel"), 6);
  s = db_prepare(f->db, "SELECT ics, body_text FROM outbox WHERE kind='invitation_cancel' ORDER BY id LIMIT 1");
  assert_int_equal(stmt_step(s), 1);
  assert_non_null(strstr(stmt_text(s, 0), "METHOD:CANCEL"));
  assert_non_null(strstr(stmt_text(s, 0), "STATUS:CANCELLED"));
  assert_non_null(strstr(stmt_text(s, 0), "SEQUENCE:2"));
  assert_non_null(strstr(stmt_text(s, 0), "COMMENT:Room flooded"));
  assert_non_null(strstr(stmt_text(s, 1), "Room flooded"));
  stmt_done(s);
}

static void test_settings(void **state){
  struct fixture *f = *state;
  struct circulate_settings cs;
  circulate_settings_get(f->db, &cs);
  assert_int_equal(cs.packAttachMaxKb, 5120);
  assert_int_equal(cs.callDays, 7);
  struct field_errors e = {0};
  assert_int_equal(circulate_settings_save(f->db, &f->lead, "100", "3", &e), -1);
  assert_int_equal(circulate_settings_save(f->db, &f->admin, "0", "61", &e), 0);
  fx_expect_field_error(&e, "pack_attach_max_kb", "error.setting_attach_kb");
  fx_expect_field_error(&e, "call_for_items_days", "error.setting_call_days");
  memset(&e, 0, sizeof e);
  long long nAudit = fx_count(f->db, "SELECT count(*) FROM audit_log WHERE entity='setting'");
  assert_int_equal(circulate_settings_save(f->db, &f->admin, " 10,240 ", "7", &e), 1);
  circulate_settings_get(f->db, &cs);
  assert_int_equal(cs.packAttachMaxKb, 10240);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM audit_log WHERE entity='setting'"), nAudit+1);
  /* Nothing changed: nothing written. */
  assert_int_equal(circulate_settings_save(f->db, &f->admin, "10240", "7", &e), 1);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM audit_log WHERE entity='setting'"), nAudit+1);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_recipients),
    cmocka_unit_test(test_pack_rolls_back_with_its_transaction),
    cmocka_unit_test(test_publish_queues_pack_and_invitation),
    cmocka_unit_test(test_change_and_cancel_go_to_those_invited),
    cmocka_unit_test(test_settings),
  };
  return cmocka_run_group_tests(tests, setup, fx_teardown);
}
