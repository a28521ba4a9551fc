/*
** Terms of reference (src/domain/tor.h) and the attendance evidence report
** (src/domain/attendance_report.h): validation with nothing written on bad
** input, versions that increment and never change, the quorum of a meeting
** following the newest version, who may write and read, and the report's
** exact counts on a built scenario (two meetings and a cancelled one, a
** deputy, apologies).
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
#include "domain/attendance_report.h"
#include "domain/meeting.h"
#include "domain/member.h"
#include "domain/quorum.h"
#include "domain/refdata.h"
#include "domain/tor.h"
#include "domain/unit.h"
#include "html/i18n.h"
#include "util/text.h"
#include "fixture.h"

#define NOW "2030-01-01T09:00"

enum { ALYS, RHODRI, SIAN, TOMOS, NIA, GARETH, FFION, MEGAN, OWAIN, N_VOTING };

struct fixture {
  struct db *db;
  char zToday[11];
  long long own, other;
  struct user lead, leadAfan, member, admin;
  long long aVoting[N_VOTING];
  long long carys, huw, former, future, afanPerson;
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

static long long add_person(struct fixture *f, long long unitId, const char *zName, const char *zRole,
                            bool bVoting, const char *zFrom, const char *zTo){
  struct member_input in = {
    .zName = zName, .zRole = zRole, .zCore = bVoting ? "core" : "attendance",
    .zVoting = bVoting ? "yes" : "no", .zFrom = zFrom, .zTo = zTo,
  };
  struct field_errors e = {0};
  long long id = membership_add(f->db, &f->admin, unitId, &in, f->zToday, &e);
  if( id<=0 ) fail_msg("adding %s: %s", zName, e.n ? e.a[0].zKey : "refused");
  struct membership m;
  assert_true(membership_get(f->db, id, &m));
  return m.personId;
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
  make_user(&f, &f.lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  make_user(&f, &f.leadAfan, "lead.afan@example.wales", ROLE_CLUSTER_LEAD, "afan");
  make_user(&f, &f.member, "member@example.wales", ROLE_MEMBER, "cardiff-south-west");
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

/* The count of s (a "SELECT count(*) ..."), -1 if it returns no row. */
static long long count_of(struct stmt *s){
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}
#define count(f, zSql) count_of(db_prepare((f)->db, zSql))
#define N_TOR(f)   count(f, "SELECT count(*) FROM terms_of_reference")
#define N_AUDIT(f) count(f, "SELECT count(*) FROM audit_log WHERE entity='terms_of_reference'")

static struct tor_input valid_tor(void){
  struct tor_input in = {
    .zPurpose = "To plan and improve care.", .zFrequency = "Monthly",
    .zQuorumKind = "number", .zQuorumNumber = "6", .zQuorumNum = "", .zQuorumDen = "",
    .zRequiresChair = "yes", .zChairSelection = "Elected by the core members.",
    .zMinutesForm = "formal", .zAgreedOn = "2030-01-01", .zReviewDue = "2031-01-01",
  };
  return in;
}

static long long meeting_on(struct fixture *f, const char *zDate, struct meeting *m){
  struct meeting_input in = {
    .zTitle = "Cluster meeting", .zDate = zDate, .zStart = "14:00", .zEnd = "16:00",
    .zLocation = "Canton Library", .zOnlineLink = "",
  };
  struct field_errors e = {0};
  long long id = meeting_create(f->db, &f->lead, f->own, &in, NOW, f->zToday, &e);
  if( id<=0 ) fail_msg("meeting_create: %s", e.n ? e.a[0].zKey : "refused");
  assert_true(meeting_get_visible(f->db, &f->lead, id, f->zToday, m));
  return id;
}

static void attend(struct fixture *f, const struct meeting *m, long long personId,
                   const char *zStatus, long long deputyFor){
  /* Attendance is recorded once a meeting has started (record.h): these,
  ** dated in 2030, are recorded as held, which keeps their dates. */
  struct stmt *s = db_prepare(f->db, "UPDATE meeting SET status='held' WHERE id=? AND status='scheduled'");
  stmt_bind_int(s, 1, m->id);
  assert_true(stmt_exec(s));
  struct field_errors e = {0};
  if( !attendance_set(f->db, &f->lead, m, personId, zStatus, deputyFor, f->zToday, &e) ){
    fail_msg("attendance_set %lld %s: %s", personId, zStatus, e.n ? e.a[0].zKey : "?");
  }
}

/* ---- terms of reference ------------------------------------------------ */

static void test_validation_writes_nothing(void **state){
  struct fixture *f = *state;
  long long nTor = N_TOR(f), nAudit = N_AUDIT(f);
  struct {
    const char *zField;
    const char *zKey;
    struct tor_input in;
  } aCase[] = {
    {"purpose", "tor.error_purpose", valid_tor()},
    {"frequency", "tor.error_frequency", valid_tor()},
    {"quorum_kind", "tor.error_quorum_kind", valid_tor()},
    {"quorum_number", "tor.error_quorum_number", valid_tor()},
    {"quorum_num", "tor.error_quorum_fraction", valid_tor()},
    {"requires_chair", "tor.error_requires_chair", valid_tor()},
    {"chair_selection", "tor.error_chair_selection", valid_tor()},
    {"minutes_form", "tor.error_minutes_form", valid_tor()},
    {"agreed_on", "error.date_invalid", valid_tor()},
    {"review_due", "tor.error_review_after_agreed", valid_tor()},
  };
  aCase[0].in.zPurpose = "   ";
  aCase[1].in.zFrequency = 0;
  aCase[2].in.zQuorumKind = "most";
  aCase[3].in.zQuorumNumber = "0";
  aCase[4].in.zQuorumKind = "fraction"; aCase[4].in.zQuorumNum = "3"; aCase[4].in.zQuorumDen = "2";
  aCase[5].in.zRequiresChair = "maybe";
  aCase[6].in.zChairSelection = "";
  aCase[7].in.zMinutesForm = "verbatim";
  aCase[8].in.zAgreedOn = "2030-02-30";
  aCase[9].in.zReviewDue = "2030-01-01";
  for(size_t i=0; i<sizeof aCase/sizeof aCase[0]; i++){
    struct field_errors e = {0};
    long long id = tor_create_version(f->db, &f->lead, f->own, &aCase[i].in, f->zToday, &e);
    assert_int_equal(id, 0);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.a[0].zField, aCase[i].zField);
    assert_string_equal(e.a[0].zKey, aCase[i].zKey);
  }
  assert_int_equal(N_TOR(f), nTor);
  assert_int_equal(N_AUDIT(f), nAudit);
}

static void test_access(void **state){
  struct fixture *f = *state;
  struct tor_input in = valid_tor();
  struct field_errors e = {0};
  assert_int_equal(tor_create_version(f->db, &f->member, f->own, &in, f->zToday, &e), -1);
  assert_int_equal(tor_create_version(f->db, &f->leadAfan, f->own, &in, f->zToday, &e), -1);
  assert_int_equal(e.n, 0);
  assert_int_equal(N_TOR(f), 0);
  assert_true(tor_create_version(f->db, &f->leadAfan, f->other, &in, f->zToday, &e)>0);
  assert_true(tor_create_version(f->db, &f->admin, f->own, &in, f->zToday, &e)>0);
  struct tor t;
  assert_true(tor_current(f->db, f->own, &t));
  assert_int_equal(t.version, 1);
  assert_true(tor_current(f->db, f->other, &t));
  assert_int_equal(t.version, 1);
}

static void collect_version(void *p, const struct tor *t){
  int *a = p;
  a[a[0]+1] = t->version;
  a[0]++;
}

static void test_versions_and_quorum(void **state){
  struct fixture *f = *state;
  struct meeting m;
  meeting_on(f, "2030-03-04", &m);
  /* Five of nine voting members, with the chair. */
  for(int i=ALYS; i<=NIA; i++) attend(f, &m, f->aVoting[i], "present", 0);
  struct quorum_result q;
  meeting_quorum(f->db, &m, 0, &q);
  assert_int_equal(q.nRequired, 5);              /* no terms: half, rounded up */
  assert_true(q.bMet);

  struct tor t;
  assert_false(tor_current(f->db, f->own, &t));
  struct tor_input in = valid_tor();               /* at least 6 */
  struct field_errors e = {0};
  long long id1 = tor_create_version(f->db, &f->lead, f->own, &in, f->zToday, &e);
  assert_true(id1>0);
  assert_true(tor_current(f->db, f->own, &t));
  assert_int_equal(t.version, 1);
  assert_string_equal(t.zQuorumKind, "number");
  assert_int_equal(t.quorumNumber, 6);
  meeting_quorum(f->db, &m, 0, &q);
  assert_int_equal(q.nRequired, 6);
  assert_false(q.bMet);

  in.zQuorumKind = "fraction"; in.zQuorumNumber = ""; in.zQuorumNum = "1"; in.zQuorumDen = "3";
  in.zRequiresChair = "no"; in.zMinutesForm = "actions";
  long long id2 = tor_create_version(f->db, &f->lead, f->own, &in, f->zToday, &e);
  assert_true(id2>0 && id2!=id1);
  assert_int_equal(e.n, 0);
  assert_true(tor_current(f->db, f->own, &t));
  assert_int_equal(t.version, 2);
  assert_int_equal(t.quorumNum, 1);
  assert_int_equal(t.quorumDen, 3);
  assert_false(t.bRequiresChair);
  assert_string_equal(t.zMinutesForm, "actions");
  meeting_quorum(f->db, &m, 0, &q);
  assert_int_equal(q.nRequired, 3);
  assert_true(q.bMet);

  /* Version 1 is as it was; the list is newest first; one audit entry each. */
  assert_int_equal(count(f, "SELECT quorum_number FROM terms_of_reference WHERE version=1"), 6);
  int a[8] = {0};
  assert_int_equal(tor_list(f->db, f->own, collect_version, a), 2);
  assert_int_equal(a[1], 2);
  assert_int_equal(a[2], 1);
  assert_int_equal(N_AUDIT(f), 2);
  assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity='terms_of_reference'"
                            " AND action='create' AND new_values LIKE '%\"quorum_den\":3%'"), 1);
}

/* Named roles in the quorum: someone in each role ticked, or their deputy,
** must be there and not conflicted; unknown or repeated codes are refused. */
static void test_quorum_roles(void **state){
  struct fixture *f = *state;
  struct meeting m;
  meeting_on(f, "2030-05-06", &m);
  for(int i=ALYS; i<=NIA; i++) if( i!=SIAN ) attend(f, &m, f->aVoting[i], "present", 0);
  struct tor_input in = valid_tor();
  in.zQuorumNumber = "3";
  in.zQuorumRoles = "pharmacy_collaborative_lead,cluster_lead";
  struct field_errors e = {0};
  assert_true(tor_create_version(f->db, &f->lead, f->own, &in, f->zToday, &e)>0);
  struct tor t;
  assert_true(tor_current(f->db, f->own, &t));
  assert_string_equal(t.zQuorumRoles, "pharmacy_collaborative_lead,cluster_lead");
  struct quorum_result q;
  meeting_quorum(f->db, &m, 0, &q);
  assert_false(q.bMet);                       /* enough members, but no pharmacy lead */
  assert_string_equal(q.zWhyKey, "quorum.role_missing");
  /* A deputy for the pharmacy lead fills the role. */
  attend(f, &m, f->carys, "deputy", f->aVoting[SIAN]);
  meeting_quorum(f->db, &m, 0, &q);
  assert_true(q.bMet);

  long long nBefore = N_TOR(f);
  static const char *const azBad[] = {"no_such_role", "cluster_lead,cluster_lead", ",cluster_lead", "cluster_lead,"};
  for(size_t i=0; i<sizeof(azBad)/sizeof(azBad[0]); i++){
    memset(&e, 0, sizeof e);
    in.zQuorumRoles = azBad[i];
    assert_int_equal(tor_create_version(f->db, &f->lead, f->own, &in, f->zToday, &e), 0);
    assert_string_equal(field_errors_get(&e, "quorum_roles"), "tor.error_quorum_roles");
  }
  assert_int_equal(N_TOR(f), nBefore);
}

/* ---- attendance evidence ------------------------------------------------ */

struct report { int n; struct attendance_row a[32]; };
static void collect_row(void *p, const struct attendance_row *r){
  struct report *x = p;
  if( x->n<32 ) x->a[x->n++] = *r;
}
static const struct attendance_row *row_of(struct report *x, long long personId){
  for(int i=0; i<x->n; i++) if( x->a[i].personId==personId ) return &x->a[i];
  return 0;
}
static void assert_row(struct report *x, long long personId, int nExp, int nAtt, int nAsDep,
                       int nDepFor, int nApol, int nAbs){
  const struct attendance_row *r = row_of(x, personId);
  if( !r ) fail_msg("no row for person %lld", personId);
  assert_int_equal(r->nExpected, nExp);
  assert_int_equal(r->nAttended, nAtt);
  assert_int_equal(r->nAsDeputy, nAsDep);
  assert_int_equal(r->nDeputisedFor, nDepFor);
  assert_int_equal(r->nApologies, nApol);
  assert_int_equal(r->nAbsent, nAbs);
}

static void test_report_counts(void **state){
  struct fixture *f = *state;
  struct meeting m1, m2, m3;
  meeting_on(f, "2030-03-04", &m1);
  meeting_on(f, "2030-04-01", &m2);
  long long id3 = meeting_on(f, "2030-05-06", &m3);
  /* Meeting 1: Alys present, Rhodri online, Sian apologies, Carys absent,
  ** Dafydd (of Afan, not a member here) deputises for Tomos. */
  attend(f, &m1, f->aVoting[ALYS], "present", 0);
  attend(f, &m1, f->aVoting[RHODRI], "online", 0);
  attend(f, &m1, f->aVoting[SIAN], "apologies", 0);
  attend(f, &m1, f->carys, "absent", 0);
  attend(f, &m1, f->afanPerson, "deputy", f->aVoting[TOMOS]);
  /* Meeting 2: Alys present, Sian apologies, Rhodri sits as Nia's deputy. */
  attend(f, &m2, f->aVoting[ALYS], "present", 0);
  attend(f, &m2, f->aVoting[SIAN], "apologies", 0);
  attend(f, &m2, f->aVoting[RHODRI], "deputy", f->aVoting[NIA]);
  /* Meeting 3 is cancelled: it counts for nobody. */
  attend(f, &m3, f->aVoting[ALYS], "present", 0);
  char zSql[120];
  snprintf(zSql, sizeof zSql, "UPDATE meeting SET status='cancelled' WHERE id=%lld;", id3);
  exec_sql(f, zSql);

  struct report x = {0};
  int n = attendance_report(f->db, &f->member, f->own, "2030-01-01", "2030-12-31", f->zToday, collect_row, &x);
  /* Nine voting members, Carys and Huw, and Dafydd the deputy; not the
  ** former member (left 2024) nor the future one (joins 2031). */
  assert_int_equal(n, 12);
  assert_int_equal(x.n, 12);
  assert_null(row_of(&x, f->former));
  assert_null(row_of(&x, f->future));
  /*                                 exp att asDep depFor apol abs */
  assert_row(&x, f->aVoting[ALYS],     2,  2,  0,    0,    0,   0);
  assert_row(&x, f->aVoting[RHODRI],   2,  1,  1,    0,    0,   1);
  assert_row(&x, f->aVoting[SIAN],     2,  0,  0,    0,    2,   0);
  assert_row(&x, f->aVoting[TOMOS],    2,  0,  0,    1,    0,   1);
  assert_row(&x, f->aVoting[NIA],      2,  0,  0,    1,    0,   1);
  assert_row(&x, f->aVoting[OWAIN],    2,  0,  0,    0,    0,   2);
  assert_row(&x, f->carys,             2,  0,  0,    0,    0,   2);
  assert_row(&x, f->huw,               2,  0,  0,    0,    0,   2);
  assert_row(&x, f->afanPerson,        0,  0,  1,    0,    0,   0);
  /* Ordered by name. */
  for(int i=1; i<x.n; i++) assert_true(strcmp(x.a[i-1].zName, x.a[i].zName)<=0);

  /* A period with only the first meeting. */
  memset(&x, 0, sizeof x);
  attendance_report(f->db, &f->member, f->own, "2030-03-01", "2030-03-31", f->zToday, collect_row, &x);
  assert_row(&x, f->aVoting[ALYS],     1,  1,  0,    0,    0,   0);
  assert_row(&x, f->aVoting[RHODRI],   1,  1,  0,    0,    0,   0);
  assert_row(&x, f->aVoting[TOMOS],    1,  0,  0,    1,    0,   0);
  assert_row(&x, f->afanPerson,        0,  0,  1,    0,    0,   0);
  assert_row(&x, f->aVoting[NIA],      1,  0,  0,    0,    0,   1);

  /* Another board's lead may not read it. */
  memset(&x, 0, sizeof x);
  assert_int_equal(attendance_report(f->db, &f->leadAfan, f->own, "2030-01-01", "2030-12-31", f->zToday, collect_row, &x), -1);
  assert_int_equal(x.n, 0);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_validation_writes_nothing, setup, teardown),
    cmocka_unit_test_setup_teardown(test_access, setup, teardown),
    cmocka_unit_test_setup_teardown(test_versions_and_quorum, setup, teardown),
    cmocka_unit_test_setup_teardown(test_quorum_roles, setup, teardown),
    cmocka_unit_test_setup_teardown(test_report_counts, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, 0);
}
