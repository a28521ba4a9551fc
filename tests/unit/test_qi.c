/*
** Quality improvement (src/domain/qi.h): projects, who may change them,
** driver diagrams, PDSA cycles and ramps, measures, data points,
** rebases, series, CSV import and links. Every refused input names its
** field and a key in both catalogues, writes nothing (row counts and the
** audit log unchanged); every change writes one audit entry.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/member.h"
#include "domain/qi.h"
#include "domain/refdata.h"
#include "domain/unit.h"
#include "html/i18n.h"
#include "util/buf.h"
#include "util/text.h"
#include "fixture.h"

struct fixture {
  struct db *db;
  char zToday[11];
  struct user lead, leadAfan, member, hb, national;
  long long csw, afan;
  long long alys, bryn, dafydd;   /* members of csw (two) and afan */
  long long project;              /* a project of csw with alys on its team */
};

static long long n_audit(struct fixture *f){ return fx_count(f->db, "SELECT count(*) FROM audit_log"); }
static long long n_audit_entity(struct fixture *f, const char *zEntity){
  struct stmt *s = db_prepare(f->db, "SELECT count(*) FROM audit_log WHERE entity=?1");
  stmt_bind_text(s, 1, zEntity);
  assert_int_equal(stmt_step(s), 1);
  long long n = stmt_int(s, 0);
  stmt_done(s);
  return n;
}
/* Rows in every QI table, summed: unchanged by a refused write. */
static long long n_qi_rows(struct fixture *f){
  return fx_count(f->db,
    "SELECT (SELECT count(*) FROM qi_project)+(SELECT count(*) FROM qi_team)+(SELECT count(*) FROM qi_driver)"
    "+(SELECT count(*) FROM qi_pdsa)+(SELECT count(*) FROM qi_measure)+(SELECT count(*) FROM qi_point)"
    "+(SELECT count(*) FROM qi_rebase)+(SELECT count(*) FROM qi_link)");
}

static struct qi_project_input valid_project(const long long *aTeam, int nTeam){
  struct qi_project_input in = {
    .zTitle = "Increase uptake of annual asthma reviews",
    .zAim = "85% of adults with asthma have an annual review by March.",
    .zMeasuresQuestion = "Monthly proportion of reviews done.",
    .zChangesQuestion = "Text reminders; pharmacy reviews.",
    .steeep = QI_EFFECTIVE | QI_EQUITABLE, .aTeam = aTeam, .nTeam = nTeam,
    .zTeamOthers = "Practice managers", .zStartOn = "2025-04-01", .zStatus = "",
  };
  return in;
}

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  fx_make_cast(f.db, f.zToday, (struct fx_cast){ &f.lead, &f.leadAfan, &f.member, &f.hb, &f.national });
  f.csw = fx_unit_id(f.db, f.zToday, "cardiff-south-west");
  f.afan = fx_unit_id(f.db, f.zToday, "afan");
  f.alys = fx_add_person(f.db, &f.lead, f.csw, f.zToday, "Alys Evans", "cluster_lead", "core", "yes", "2020-01-01", 0);
  f.bryn = fx_add_person(f.db, &f.lead, f.csw, f.zToday, "Bryn Jones", "third_sector_rep", "core", "yes", "2020-01-01", 0);
  f.dafydd = fx_add_person(f.db, &f.leadAfan, f.afan, f.zToday, "Dafydd Rees", "cluster_lead", "core", "yes", "2020-01-01", 0);
  /* The member user is Bryn. */
  struct stmt *s = db_prepare(f.db, "UPDATE app_user SET person_id=?1 WHERE id=?2");
  stmt_bind_int(s, 1, f.bryn);
  stmt_bind_int(s, 2, f.member.id);
  assert_true(stmt_exec(s));
  long long aTeam[] = { f.alys };
  struct qi_project_input in = valid_project(aTeam, 1);
  struct field_errors e = {0};
  f.project = qi_project_create(f.db, &f.lead, f.csw, &in, f.zToday, &e);
  assert_true(f.project>0);
  *state = &f;
  return 0;
}

/* ---- projects ---------------------------------------------------------------- */

static void expect_project_refused(struct fixture *f, const struct qi_project_input *in, long long unitId,
                                   const char *zField, const char *zKey){
  long long nRows = n_qi_rows(f), nAudit = n_audit(f);
  struct field_errors e = {0};
  assert_int_equal(qi_project_create(f->db, &f->lead, unitId, in, f->zToday, &e), 0);
  fx_expect_field_error(&e, zField, zKey);
  assert_int_equal(n_qi_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
  /* The same refusal on an update, and the project is unchanged. */
  if( unitId==f->csw ){
    struct field_errors e2 = {0};
    assert_int_equal(qi_project_update(f->db, &f->lead, f->project, in, f->zToday, &e2), 0);
    fx_expect_field_error(&e2, zField, zKey);
    assert_int_equal(n_audit(f), nAudit);
    struct qi_project p;
    assert_true(qi_project_get_visible(f->db, &f->lead, f->project, f->zToday, &p));
    assert_string_equal(p.zTitle, "Increase uptake of annual asthma reviews");
  }
}

static void test_project_rules(void **state){
  struct fixture *f = *state;
  long long aTeam[] = { f->alys };
  struct qi_project_input in = valid_project(aTeam, 1);
  in.zTitle = "  "; expect_project_refused(f, &in, f->csw, "title", "qi.error.title_required");
  in = valid_project(aTeam, 1);
  in.zTitle = "Two\nlines"; expect_project_refused(f, &in, f->csw, "title", "qi.error.bad_characters");
  in = valid_project(aTeam, 1);
  char zLong[260];
  memset(zLong, 'x', 201); zLong[201] = 0;
  in.zTitle = zLong; expect_project_refused(f, &in, f->csw, "title", "qi.error.title_too_long");
  in = valid_project(aTeam, 1);
  in.zAim = ""; expect_project_refused(f, &in, f->csw, "aim", "qi.error.aim_required");
  in = valid_project(aTeam, 1);
  in.zMeasuresQuestion = 0; expect_project_refused(f, &in, f->csw, "measures_question", "qi.error.measures_question_required");
  in = valid_project(aTeam, 1);
  in.zChangesQuestion = ""; expect_project_refused(f, &in, f->csw, "changes_question", "qi.error.changes_question_required");
  in = valid_project(aTeam, 1);
  in.steeep = 0; expect_project_refused(f, &in, f->csw, "steeep", "qi.error.steeep_required");
  in.steeep = 64; expect_project_refused(f, &in, f->csw, "steeep", "qi.error.steeep_required");
  long long aBad[] = { f->alys, f->dafydd };
  in = valid_project(aBad, 2);
  expect_project_refused(f, &in, f->csw, "team", "qi.error.team_not_member");
  in = valid_project(aTeam, 1);
  in.zStartOn = ""; expect_project_refused(f, &in, f->csw, "start_on", "qi.error.start_on_required");
  in.zStartOn = "2025-02-30"; expect_project_refused(f, &in, f->csw, "start_on", "qi.error.date_invalid");
  in = valid_project(aTeam, 1);
  in.zStatus = "finished"; expect_project_refused(f, &in, f->csw, "status", "qi.error.status_invalid");
  /* Only clusters and collaboratives have projects. */
  long long hbUnit = fx_unit_id(f->db, f->zToday, "cardiff-and-vale-university-health-board");
  in = valid_project(0, 0);
  long long nRows = n_qi_rows(f);
  struct field_errors e = {0};
  assert_int_equal(qi_project_create(f->db, &f->hb, hbUnit, &in, f->zToday, &e), 0);
  fx_expect_field_error(&e, "unit", "qi.error.unit_kind");
  assert_int_equal(n_qi_rows(f), nRows);

  /* A valid project: written with its team and one audit entry. */
  long long nAudit = n_audit_entity(f, "qi_project");
  long long aTwo[] = { f->bryn, f->alys, f->bryn };
  in = valid_project(aTwo, 3);
  in.zTitle = "Reduce waiting time for routine GP appointments";
  in.zStartOn = "2025-09-01";
  in.zStatus = "paused";
  memset(&e, 0, sizeof e);
  long long id = qi_project_create(f->db, &f->lead, f->csw, &in, f->zToday, &e);
  assert_true(id>0);
  assert_int_equal(n_audit_entity(f, "qi_project"), nAudit+1);
  struct qi_project p;
  assert_true(qi_project_get_visible(f->db, &f->lead, id, f->zToday, &p));
  assert_string_equal(p.zStatus, "paused");
  assert_int_equal(p.steeep, QI_EFFECTIVE | QI_EQUITABLE);
  assert_string_equal(p.zUnitSlug, "cardiff-south-west");
  assert_true(p.bCanWrite);
  struct stmt *s = db_prepare(f->db, "SELECT count(*) FROM qi_team WHERE project_id=?1");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 2);   /* duplicates dropped */
  stmt_done(s);
  /* Update: one audit entry with old and new. */
  in.zStatus = "active";
  in.nTeam = 1;
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_project_update(f->db, &f->lead, id, &in, f->zToday, &e), id);
  assert_int_equal(n_audit_entity(f, "qi_project"), nAudit+2);
  s = db_prepare(f->db, "SELECT count(*) FROM qi_team WHERE project_id=?1");
  stmt_bind_int(s, 1, id);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 1);
  stmt_done(s);
}

struct ids { long long a[64]; int aDepth[64]; int n; };
static void collect_project(void *pCtx, const struct qi_project *p){
  struct ids *x = pCtx;
  if( x->n<64 ) x->a[x->n++] = p->id;
}

static void test_project_list_and_team(void **state){
  struct fixture *f = *state;
  long long aTeam[] = { f->bryn };
  struct qi_project_input in = valid_project(aTeam, 1);
  in.zStartOn = "2026-01-01";
  struct field_errors e = {0};
  long long newer = qi_project_create(f->db, &f->lead, f->csw, &in, f->zToday, &e);
  in.zStartOn = "2024-01-01";
  long long older = qi_project_create(f->db, &f->lead, f->csw, &in, f->zToday, &e);
  assert_true(newer>0 && older>0);
  struct ids x = {{0}, {0}, 0};
  assert_int_equal(qi_project_list(f->db, f->csw, collect_project, &x), 3);
  assert_int_equal(x.a[0], newer);
  assert_int_equal(x.a[1], f->project);
  assert_int_equal(x.a[2], older);
  x.n = 0;
  assert_int_equal(qi_project_list(f->db, f->afan, collect_project, &x), 0);
}

/* ---- access ------------------------------------------------------------------- */

static void test_access(void **state){
  struct fixture *f = *state;
  struct qi_project p;
  struct field_errors e = {0};
  long long nRows = n_qi_rows(f), nAudit = n_audit(f);
  /* A member not on the team: may read, not change. */
  assert_true(qi_project_get_visible(f->db, &f->member, f->project, f->zToday, &p));
  assert_false(p.bCanWrite);
  assert_int_equal(qi_driver_add(f->db, &f->member, f->project, 0, "primary", "Access", f->zToday, &e), -1);
  long long aTeam[] = { f->alys };
  struct qi_project_input in = valid_project(aTeam, 1);
  assert_int_equal(qi_project_create(f->db, &f->member, f->csw, &in, f->zToday, &e), -1);
  assert_int_equal(qi_project_update(f->db, &f->member, f->project, &in, f->zToday, &e), -1);
  /* Another board's lead: as if it did not exist. */
  assert_false(qi_project_get_visible(f->db, &f->leadAfan, f->project, f->zToday, &p));
  assert_int_equal(qi_driver_add(f->db, &f->leadAfan, f->project, 0, "primary", "Access", f->zToday, &e), -1);
  assert_int_equal(qi_project_update(f->db, &f->leadAfan, f->project, &in, f->zToday, &e), -1);
  assert_int_equal(qi_project_create(f->db, &f->leadAfan, f->csw, &in, f->zToday, &e), -1);
  /* National: reads everything, changes nothing. */
  assert_true(qi_project_get_visible(f->db, &f->national, f->project, f->zToday, &p));
  assert_false(p.bCanWrite);
  assert_int_equal(qi_driver_add(f->db, &f->national, f->project, 0, "primary", "Access", f->zToday, &e), -1);
  assert_int_equal(qi_project_create(f->db, &f->national, f->csw, &in, f->zToday, &e), -1);
  assert_int_equal(e.n, 0);
  assert_int_equal(n_qi_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
  /* The health board writes its clusters' projects. */
  assert_true(qi_project_get_visible(f->db, &f->hb, f->project, f->zToday, &p));
  assert_true(p.bCanWrite);
  /* Put Bryn (the member user's person) on the team: now they may change it. */
  long long aBoth[] = { f->alys, f->bryn };
  in = valid_project(aBoth, 2);
  assert_int_equal(qi_project_update(f->db, &f->lead, f->project, &in, f->zToday, &e), f->project);
  assert_true(qi_project_get_visible(f->db, &f->member, f->project, f->zToday, &p));
  assert_true(p.bCanWrite);
  long long d = qi_driver_add(f->db, &f->member, f->project, 0, "primary", "Access", f->zToday, &e);
  assert_true(d>0);
  /* ... but not create projects, and not another project. */
  assert_int_equal(qi_project_create(f->db, &f->member, f->csw, &in, f->zToday, &e), -1);
  /* Missing records: -1. */
  assert_false(qi_project_get_visible(f->db, &f->lead, 999999, f->zToday, &p));
  assert_int_equal(qi_driver_update(f->db, &f->lead, 999999, "x", f->zToday, &e), -1);
  assert_int_equal(qi_point_delete(f->db, &f->lead, 999999, f->zToday), -1);
  assert_int_equal(qi_link_delete(f->db, &f->lead, 999999, f->zToday), -1);
}

/* Being on the team is leave to change the project; only those who may
** write the unit give that leave. */
static void test_team_writers_only(void **state){
  struct fixture *f = *state;
  long long ceri = fx_add_person(f->db, &f->lead, f->csw, f->zToday, "Ceri Owen", "third_sector_rep",
                                 "core", "yes", "2020-01-01", 0);
  struct field_errors e = {0};
  /* The lead puts Bryn (the member user's person) on the team. */
  long long aBoth[] = { f->alys, f->bryn };
  struct qi_project_input in = valid_project(aBoth, 2);
  assert_int_equal(qi_project_update(f->db, &f->lead, f->project, &in, f->zToday, &e), f->project);
  /* Bryn may change the project, the team left as it is (in any order)... */
  long long aSame[] = { f->bryn, f->alys };
  in = valid_project(aSame, 2);
  in.zTitle = "Asthma reviews for every adult";
  in.zTeamOthers = "Practice managers and the community pharmacists";
  assert_int_equal(qi_project_update(f->db, &f->member, f->project, &in, f->zToday, &e), f->project);
  assert_int_equal(e.n, 0);
  /* ...but not hand the project to someone else, nor take anyone off. */
  long long aMore[] = { f->alys, f->bryn, ceri };
  long long aFewer[] = { f->bryn };
  long long aSwap[] = { f->bryn, ceri };
  const struct { const long long *a; int n; } aTry[] = { {aMore, 3}, {aFewer, 1}, {aSwap, 2}, {0, 0} };
  for(size_t i=0; i<sizeof aTry/sizeof aTry[0]; i++){
    long long nRows = n_qi_rows(f), nAudit = n_audit(f);
    in = valid_project(aTry[i].a, aTry[i].n);
    struct field_errors e2 = {0};
    assert_int_equal(qi_project_update(f->db, &f->member, f->project, &in, f->zToday, &e2), 0);
    fx_expect_field_error(&e2, "team", "qi.error.team_writers_only");
    assert_int_equal(n_qi_rows(f), nRows);
    assert_int_equal(n_audit(f), nAudit);
    assert_false(db_in_transaction(f->db));
  }
  struct qi_project p;
  assert_true(qi_project_get_visible(f->db, &f->member, f->project, f->zToday, &p));
  assert_string_equal(p.zTitle, "Asthma reviews for every adult");
  /* Ceri was not let in: a user who is Ceri still only reads. */
  struct user ceriUser;
  fx_make_user(f->db, f->zToday, &ceriUser, "ceri@example.wales", ROLE_MEMBER, "cardiff-south-west");
  struct stmt *s = db_prepare(f->db, "UPDATE app_user SET person_id=?1 WHERE id=?2");
  stmt_bind_int(s, 1, ceri);
  stmt_bind_int(s, 2, ceriUser.id);
  assert_true(stmt_exec(s));
  assert_true(qi_project_get_visible(f->db, &ceriUser, f->project, f->zToday, &p));
  assert_false(p.bCanWrite);
  /* The lead (who writes the unit) changes the team. */
  in = valid_project(aMore, 3);
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_project_update(f->db, &f->lead, f->project, &in, f->zToday, &e), f->project);
  assert_true(qi_project_get_visible(f->db, &ceriUser, f->project, f->zToday, &p));
  assert_true(p.bCanWrite);
}

/* ---- driver diagram ----------------------------------------------------------- */

static void collect_driver(void *pCtx, const struct qi_driver *d){
  struct ids *x = pCtx;
  if( x->n<64 ){ x->aDepth[x->n] = d->depth; x->a[x->n++] = d->id; }
}

static long long add_driver(struct fixture *f, long long parent, const char *zKind, const char *zText){
  struct field_errors e = {0};
  long long id = qi_driver_add(f->db, &f->lead, f->project, parent, zKind, zText, f->zToday, &e);
  if( id<=0 ) fail_msg("driver %s: %s", zText, e.n ? e.a[0].zKey : "refused");
  return id;
}

static void expect_driver_refused(struct fixture *f, long long project, long long parent, const char *zKind,
                                  const char *zText, const char *zField, const char *zKey){
  long long nRows = n_qi_rows(f), nAudit = n_audit(f);
  struct field_errors e = {0};
  assert_int_equal(qi_driver_add(f->db, &f->lead, project, parent, zKind, zText, f->zToday, &e), 0);
  fx_expect_field_error(&e, zField, zKey);
  assert_int_equal(n_qi_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
}

static void test_drivers(void **state){
  struct fixture *f = *state;
  long long nAudit = n_audit_entity(f, "qi_driver");
  long long p1 = add_driver(f, 0, "primary", "Patients know a review is due");
  long long p2 = add_driver(f, 0, "primary", "Capacity for reviews");
  long long s1 = add_driver(f, p1, "secondary", "Recall system");
  long long c1 = add_driver(f, s1, "change", "Text message reminders");
  long long c2 = add_driver(f, p1, "change", "Posters in waiting rooms");
  long long s2 = add_driver(f, p2, "secondary", "Pharmacist clinics");
  assert_int_equal(n_audit_entity(f, "qi_driver"), nAudit+6);
  expect_driver_refused(f, f->project, p1, "primary", "x", "parent", "qi.driver.error.parent");
  expect_driver_refused(f, f->project, 0, "secondary", "x", "parent", "qi.driver.error.parent");
  expect_driver_refused(f, f->project, s1, "secondary", "x", "parent", "qi.driver.error.parent");
  expect_driver_refused(f, f->project, c1, "change", "x", "parent", "qi.driver.error.parent");
  expect_driver_refused(f, f->project, 0, "change", "x", "parent", "qi.driver.error.parent");
  expect_driver_refused(f, f->project, 0, "tertiary", "x", "kind", "qi.driver.error.kind");
  expect_driver_refused(f, f->project, 0, "primary", " ", "text", "qi.driver.error.text_required");
  /* A parent of another project. */
  long long aTeam[] = { f->alys };
  struct qi_project_input in = valid_project(aTeam, 1);
  struct field_errors e = {0};
  long long other = qi_project_create(f->db, &f->lead, f->csw, &in, f->zToday, &e);
  expect_driver_refused(f, other, p1, "secondary", "x", "parent", "qi.driver.error.parent");

  struct ids x = {{0}, {0}, 0};
  assert_int_equal(qi_driver_list(f->db, f->project, collect_driver, &x), 6);
  long long aWant[] = { p1, s1, c1, c2, p2, s2 };
  int aDepth[] = { 0, 1, 2, 1, 0, 1 };
  for(int i=0; i<6; i++){ assert_int_equal(x.a[i], aWant[i]); assert_int_equal(x.aDepth[i], aDepth[i]); }
  struct qi_driver d;
  assert_true(qi_driver_get(f->db, c1, &d));
  assert_int_equal(d.depth, 2);
  assert_string_equal(d.zKind, "change");
  assert_int_equal(d.position, 1);
  assert_true(qi_driver_get(f->db, s2, &d));
  assert_int_equal(d.position, 1);
  assert_true(qi_driver_get(f->db, p2, &d));
  assert_int_equal(d.position, 2);

  /* Update the text. */
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_driver_update(f->db, &f->lead, c2, "", f->zToday, &e), 0);
  fx_expect_field_error(&e, "text", "qi.driver.error.text_required");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_driver_update(f->db, &f->lead, c2, "Posters and screens", f->zToday, &e), c2);
  assert_true(qi_driver_get(f->db, c2, &d));
  assert_string_equal(d.zText, "Posters and screens");

  /* Delete: refused while in use, else done and audited. */
  long long nRows = n_qi_rows(f);
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_driver_delete(f->db, &f->lead, p1, f->zToday, &e), 0);
  fx_expect_field_error(&e, "driver", "qi.driver.error.in_use");
  struct qi_pdsa_input pi = { .zChangeId = 0, .zPreviousId = "", .zTitle = "Reminder test",
    .zPlan = "p", .zPrediction = "p", .zDataPlan = "d", .zStartOn = "2025-05-01" };
  char zC1[24];
  snprintf(zC1, sizeof zC1, "%lld", c1);
  pi.zChangeId = zC1;
  memset(&e, 0, sizeof e);
  assert_true(qi_pdsa_create(f->db, &f->lead, f->project, &pi, f->zToday, &e)>0);
  nRows = n_qi_rows(f);
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_driver_delete(f->db, &f->lead, c1, f->zToday, &e), 0);
  fx_expect_field_error(&e, "driver", "qi.driver.error.in_use");
  assert_int_equal(n_qi_rows(f), nRows);
  long long nA = n_audit_entity(f, "qi_driver");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_driver_delete(f->db, &f->lead, c2, f->zToday, &e), c2);
  assert_int_equal(n_audit_entity(f, "qi_driver"), nA+1);
  assert_false(qi_driver_get(f->db, c2, &d));
  assert_int_equal(qi_driver_delete(f->db, &f->member, s2, f->zToday, &e), -1);
}

/* ---- PDSA cycles --------------------------------------------------------------- */

struct pdsa_seen { long long a[16]; int aRamp[16]; int n; };
static void collect_pdsa(void *pCtx, const struct qi_pdsa *c){
  struct pdsa_seen *x = pCtx;
  if( x->n<16 ){ x->aRamp[x->n] = c->rampNumber; x->a[x->n++] = c->id; }
}

static void expect_pdsa_refused(struct fixture *f, long long selfId, const struct qi_pdsa_input *in,
                                const char *zField, const char *zKey){
  long long nRows = n_qi_rows(f), nAudit = n_audit(f);
  struct field_errors e = {0};
  long long rc = selfId ? qi_pdsa_update(f->db, &f->lead, selfId, in, f->zToday, &e)
                        : qi_pdsa_create(f->db, &f->lead, f->project, in, f->zToday, &e);
  assert_int_equal(rc, 0);
  fx_expect_field_error(&e, zField, zKey);
  assert_int_equal(n_qi_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
}

static void test_pdsa(void **state){
  struct fixture *f = *state;
  long long p1 = add_driver(f, 0, "primary", "Patients know a review is due");
  long long s1 = add_driver(f, p1, "secondary", "Recall system");
  long long c1 = add_driver(f, s1, "change", "Text reminders");
  long long c2 = add_driver(f, p1, "change", "Posters");
  char zC1[24], zC2[24], zS1[24];
  snprintf(zC1, sizeof zC1, "%lld", c1);
  snprintf(zC2, sizeof zC2, "%lld", c2);
  snprintf(zS1, sizeof zS1, "%lld", s1);
  struct qi_pdsa_input in = { .zChangeId = zC1, .zPreviousId = "", .zTitle = "Reminders at one practice",
    .zPlan = "One practice, two weeks", .zPrediction = "Half will book", .zDataPlan = "Bookings a day",
    .zDo = "", .zStudy = "", .zAct = "", .zActText = "", .zStartOn = "2025-05-01", .zEndOn = "2025-05-14" };
  struct qi_pdsa_input bad = in;
  bad.zChangeId = ""; expect_pdsa_refused(f, 0, &bad, "change", "pdsa.error.change_required");
  bad.zChangeId = zS1; expect_pdsa_refused(f, 0, &bad, "change", "pdsa.error.change_invalid");
  bad.zChangeId = "abc"; expect_pdsa_refused(f, 0, &bad, "change", "pdsa.error.change_invalid");
  bad = in; bad.zTitle = ""; expect_pdsa_refused(f, 0, &bad, "title", "pdsa.error.title_required");
  bad = in; bad.zPlan = ""; expect_pdsa_refused(f, 0, &bad, "plan", "pdsa.error.plan_required");
  bad = in; bad.zPrediction = ""; expect_pdsa_refused(f, 0, &bad, "prediction", "pdsa.error.prediction_required");
  bad = in; bad.zDataPlan = ""; expect_pdsa_refused(f, 0, &bad, "data_plan", "pdsa.error.data_plan_required");
  bad = in; bad.zAct = "adopt"; expect_pdsa_refused(f, 0, &bad, "act", "pdsa.error.act_needs_study");
  bad = in; bad.zAct = "keep"; bad.zStudy = "s"; expect_pdsa_refused(f, 0, &bad, "act", "pdsa.error.act_invalid");
  bad = in; bad.zStartOn = ""; expect_pdsa_refused(f, 0, &bad, "start_on", "pdsa.error.start_on_required");
  bad = in; bad.zStartOn = "01/05/2025"; expect_pdsa_refused(f, 0, &bad, "start_on", "pdsa.error.date_invalid");
  bad = in; bad.zEndOn = "2025-04-30"; expect_pdsa_refused(f, 0, &bad, "end_on", "pdsa.error.end_before_start");
  bad = in; bad.zPreviousId = "999999"; expect_pdsa_refused(f, 0, &bad, "previous", "pdsa.error.previous_invalid");

  long long nAudit = n_audit_entity(f, "qi_pdsa");
  struct field_errors e = {0};
  long long a1 = qi_pdsa_create(f->db, &f->lead, f->project, &in, f->zToday, &e);
  assert_true(a1>0);
  char zA1[24], zA2[24];
  snprintf(zA1, sizeof zA1, "%lld", a1);
  struct qi_pdsa_input next = in;
  next.zPreviousId = zA1;
  next.zTitle = "Reminders at three practices";
  next.zStartOn = "2025-05-15"; next.zEndOn = "";
  long long a2 = qi_pdsa_create(f->db, &f->lead, f->project, &next, f->zToday, &e);
  assert_true(a2>0);
  snprintf(zA2, sizeof zA2, "%lld", a2);
  next.zPreviousId = zA2;
  next.zTitle = "Reminders everywhere";
  next.zStartOn = "2025-06-01";
  long long a3 = qi_pdsa_create(f->db, &f->lead, f->project, &next, f->zToday, &e);
  assert_true(a3>0);
  struct qi_pdsa_input other = in;
  other.zChangeId = zC2; other.zTitle = "Posters"; other.zStartOn = "2025-05-10"; other.zEndOn = "";
  long long b1 = qi_pdsa_create(f->db, &f->lead, f->project, &other, f->zToday, &e);
  assert_true(b1>0);
  assert_int_equal(n_audit_entity(f, "qi_pdsa"), nAudit+4);
  /* The previous cycle: same change idea, started on or before. */
  bad = other; bad.zPreviousId = zA1; expect_pdsa_refused(f, 0, &bad, "previous", "pdsa.error.previous_invalid");
  bad = next; bad.zPreviousId = zA2; bad.zStartOn = "2025-05-01"; bad.zEndOn = "";
  expect_pdsa_refused(f, 0, &bad, "previous", "pdsa.error.previous_later");
  /* Updates keep the ramp consistent. */
  bad = in; bad.zChangeId = zC2; expect_pdsa_refused(f, a1, &bad, "change", "pdsa.error.change_in_ramp");
  bad = in; bad.zStartOn = "2025-05-20"; bad.zEndOn = ""; expect_pdsa_refused(f, a1, &bad, "start_on", "pdsa.error.start_after_next");
  char zA3[24];
  snprintf(zA3, sizeof zA3, "%lld", a3);
  bad = in; bad.zPreviousId = zA3; expect_pdsa_refused(f, a1, &bad, "previous", "pdsa.error.previous_invalid");
  bad = in; bad.zPreviousId = zA1; expect_pdsa_refused(f, a1, &bad, "previous", "pdsa.error.previous_invalid");

  /* Timeline by start date, with ramp numbers. */
  struct pdsa_seen x = {{0}, {0}, 0};
  assert_int_equal(qi_pdsa_list(f->db, f->project, collect_pdsa, &x), 4);
  long long aWant[] = { a1, b1, a2, a3 };
  int aRamp[] = { 1, 1, 2, 3 };
  for(int i=0; i<4; i++){ assert_int_equal(x.a[i], aWant[i]); assert_int_equal(x.aRamp[i], aRamp[i]); }
  struct qi_pdsa c;
  struct qi_project p;
  assert_true(qi_pdsa_get_visible(f->db, &f->lead, a3, f->zToday, &c, &p));
  assert_int_equal(c.rampNumber, 3);
  assert_int_equal(c.previousId, a2);
  assert_string_equal(c.zChangeText, "Text reminders");
  assert_int_equal(p.id, f->project);
  assert_false(qi_pdsa_get_visible(f->db, &f->leadAfan, a3, f->zToday, &c, 0));

  /* Study then Act, in an update. */
  struct qi_pdsa_input done = in;
  done.zDo = "Sent 120 texts"; done.zStudy = "58 booked: as predicted"; done.zAct = "adapt";
  done.zActText = "Try three practices";
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_pdsa_update(f->db, &f->lead, a1, &done, f->zToday, &e), a1);
  assert_true(qi_pdsa_get_visible(f->db, &f->lead, a1, f->zToday, &c, 0));
  assert_string_equal(c.zAct, "adapt");
  assert_string_equal(c.zEndOn, "2025-05-14");
  assert_int_equal(n_audit_entity(f, "qi_pdsa"), nAudit+5);
  assert_int_equal(qi_pdsa_update(f->db, &f->member, a1, &done, f->zToday, &e), -1);
}

/* ---- measures, points, rebases, series ------------------------------------------- */

static struct qi_measure_input measure_in(const char *zChart){
  struct qi_measure_input in = { .zKind = "outcome", .zName = "Reviews done",
    .zDefinition = "Reviews recorded in the month", .zUnit = "%", .zDirection = "increase",
    .zTarget = "", .zChart = zChart, .bScreenOutliers = true };
  return in;
}

static void expect_measure_refused(struct fixture *f, long long selfId, const struct qi_measure_input *in,
                                   const char *zField, const char *zKey){
  long long nRows = n_qi_rows(f), nAudit = n_audit(f);
  struct field_errors e = {0};
  long long rc = selfId ? qi_measure_update(f->db, &f->lead, selfId, in, f->zToday, &e)
                        : qi_measure_create(f->db, &f->lead, f->project, in, f->zToday, &e);
  assert_int_equal(rc, 0);
  fx_expect_field_error(&e, zField, zKey);
  assert_int_equal(n_qi_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
}

static long long make_measure(struct fixture *f, const char *zChart){
  struct qi_measure_input in = measure_in(zChart);
  struct field_errors e = {0};
  long long id = qi_measure_create(f->db, &f->lead, f->project, &in, f->zToday, &e);
  if( id<=0 ) fail_msg("measure: %s", e.n ? e.a[0].zKey : "refused");
  return id;
}

static long long add_point(struct fixture *f, long long m, const char *zOn, const char *zValue,
                           const char *zNum, const char *zDen){
  struct qi_point_input in = { .zOn = zOn, .zValue = zValue, .zNumerator = zNum, .zDenominator = zDen,
                               .zNote = "", .zPdsaId = "" };
  struct field_errors e = {0};
  long long id = qi_point_add(f->db, &f->lead, m, &in, f->zToday, &e);
  if( id<=0 ) fail_msg("point %s: %s", zOn, e.n ? e.a[0].zKey : "refused");
  return id;
}

static void expect_point_refused(struct fixture *f, long long m, const struct qi_point_input *in,
                                 const char *zField, const char *zKey){
  long long nRows = n_qi_rows(f), nAudit = n_audit(f);
  struct field_errors e = {0};
  assert_int_equal(qi_point_add(f->db, &f->lead, m, in, f->zToday, &e), 0);
  fx_expect_field_error(&e, zField, zKey);
  assert_int_equal(n_qi_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
}

static void test_measures(void **state){
  struct fixture *f = *state;
  struct qi_measure_input in = measure_in("run");
  in.zKind = "impact"; expect_measure_refused(f, 0, &in, "kind", "measure.error.kind");
  in = measure_in("run"); in.zName = ""; expect_measure_refused(f, 0, &in, "name", "measure.error.name_required");
  in = measure_in("run"); in.zDefinition = ""; expect_measure_refused(f, 0, &in, "definition", "measure.error.definition_required");
  in = measure_in("run"); in.zDirection = "up"; expect_measure_refused(f, 0, &in, "direction", "measure.error.direction");
  in = measure_in("bar"); expect_measure_refused(f, 0, &in, "chart", "measure.error.chart");
  static const char *const azBadTarget[] = { "abc", "nan", "inf", "0x10", "1,2", "12%", "1e400", "2e12" };
  for(size_t i=0; i<sizeof azBadTarget/sizeof azBadTarget[0]; i++){
    in = measure_in("run"); in.zTarget = azBadTarget[i];
    expect_measure_refused(f, 0, &in, "target", "measure.error.target_number");
  }
  char zUnit[80];
  memset(zUnit, 'u', 61); zUnit[61] = 0;
  in = measure_in("run"); in.zUnit = zUnit; expect_measure_refused(f, 0, &in, "unit", "measure.error.unit_too_long");

  long long nAudit = n_audit_entity(f, "qi_measure");
  in = measure_in("run");
  in.zTarget = "1,234.5";
  struct field_errors e = {0};
  long long m = qi_measure_create(f->db, &f->lead, f->project, &in, f->zToday, &e);
  assert_true(m>0);
  assert_int_equal(n_audit_entity(f, "qi_measure"), nAudit+1);
  struct qi_measure q;
  assert_true(qi_measure_get_visible(f->db, &f->member, m, f->zToday, &q, 0));
  assert_true(q.bHasTarget);
  assert_true(q.target==1234.5);
  assert_string_equal(q.zChart, "run");
  assert_false(q.bHasPoints);
  assert_false(qi_measure_get_visible(f->db, &f->leadAfan, m, f->zToday, &q, 0));
  /* Without points any chart; with points only run <-> xmr. */
  in = measure_in("p");
  assert_int_equal(qi_measure_update(f->db, &f->lead, m, &in, f->zToday, &e), m);
  in = measure_in("run");
  assert_int_equal(qi_measure_update(f->db, &f->lead, m, &in, f->zToday, &e), m);
  add_point(f, m, "2025-01-01", "3", 0, 0);
  in = measure_in("p"); expect_measure_refused(f, m, &in, "chart", "measure.error.chart_locked");
  in = measure_in("u"); expect_measure_refused(f, m, &in, "chart", "measure.error.chart_locked");
  in = measure_in("xmr");
  assert_int_equal(qi_measure_update(f->db, &f->lead, m, &in, f->zToday, &e), m);
  assert_true(qi_measure_get_visible(f->db, &f->lead, m, f->zToday, &q, 0));
  assert_string_equal(q.zChart, "xmr");
  assert_false(q.bHasTarget);
  assert_true(q.bHasPoints);
  assert_int_equal(n_audit_entity(f, "qi_measure"), nAudit+4);
  assert_int_equal(qi_measure_update(f->db, &f->member, m, &in, f->zToday, &e), -1);
}

static void test_points_and_series(void **state){
  struct fixture *f = *state;
  long long run = make_measure(f, "xmr");
  long long p = make_measure(f, "p");
  long long u = make_measure(f, "u");
  struct qi_point_input in = { .zOn = "2025-01-01", .zValue = "4", .zNote = "", .zPdsaId = "" };
  long long nAudit = n_audit_entity(f, "qi_point");
  long long first = add_point(f, run, "2025-01-01", "4", 0, 0);
  assert_int_equal(n_audit_entity(f, "qi_point"), nAudit+1);
  expect_point_refused(f, run, &in, "on", "qi.point.error.date_taken");
  in.zOn = "01/01/2025"; expect_point_refused(f, run, &in, "on", "qi.point.error.date_taken");
  in.zOn = ""; expect_point_refused(f, run, &in, "on", "qi.point.error.date_required");
  in.zOn = "2025-13-01"; expect_point_refused(f, run, &in, "on", "qi.point.error.date_invalid");
  in.zOn = "2025-02-01"; in.zValue = ""; expect_point_refused(f, run, &in, "value", "qi.point.error.value_required");
  in.zValue = "four"; expect_point_refused(f, run, &in, "value", "qi.point.error.not_number");
  in.zValue = "nan"; expect_point_refused(f, run, &in, "value", "qi.point.error.not_number");
  in.zValue = "1e13"; expect_point_refused(f, run, &in, "value", "qi.point.error.too_large");
  /* A value is measured before it is entered: today is the latest date. */
  in.zValue = "4"; in.zOn = "2099-01-01"; expect_point_refused(f, run, &in, "on", "qi.point.error.date_future");
  long long mToday = make_measure(f, "xmr");
  assert_true(add_point(f, mToday, f->zToday, "4", 0, 0)>0);
  in.zValue = "5"; in.zPdsaId = "999999"; expect_point_refused(f, run, &in, "pdsa", "qi.point.error.pdsa_invalid");
  /* p chart: numerator and denominator. */
  struct qi_point_input pin = { .zOn = "2025-01-01", .zValue = "", .zNumerator = "", .zDenominator = "10",
                                .zNote = "", .zPdsaId = "" };
  expect_point_refused(f, p, &pin, "numerator", "qi.point.error.numerator_required");
  pin.zNumerator = "3"; pin.zDenominator = "";
  expect_point_refused(f, p, &pin, "denominator", "qi.point.error.denominator_required");
  pin.zDenominator = "0"; expect_point_refused(f, p, &pin, "denominator", "qi.point.error.denominator_zero");
  pin.zDenominator = "-2"; expect_point_refused(f, p, &pin, "denominator", "qi.point.error.denominator_zero");
  pin.zDenominator = "2"; expect_point_refused(f, p, &pin, "numerator", "qi.point.error.numerator_exceeds");
  pin.zNumerator = "-1"; expect_point_refused(f, p, &pin, "numerator", "qi.point.error.numerator_negative");
  pin.zNumerator = "x"; expect_point_refused(f, p, &pin, "numerator", "qi.point.error.not_number");
  /* u chart: the numerator may exceed the denominator. */
  add_point(f, u, "2025-01-01", 0, "30", "12.5");

  /* PDSA cycles to annotate with, one in another project. */
  long long pr = add_driver(f, 0, "primary", "P");
  long long ch = add_driver(f, pr, "change", "C");
  char zCh[24];
  snprintf(zCh, sizeof zCh, "%lld", ch);
  struct qi_pdsa_input pi = { .zChangeId = zCh, .zPreviousId = "", .zTitle = "Cycle one", .zPlan = "p",
    .zPrediction = "p", .zDataPlan = "d", .zStartOn = "2025-02-01" };
  struct field_errors e = {0};
  long long cyc = qi_pdsa_create(f->db, &f->lead, f->project, &pi, f->zToday, &e);
  assert_true(cyc>0);
  char zCyc[24];
  snprintf(zCyc, sizeof zCyc, "%lld", cyc);

  /* Points of the ratio chart: value = numerator / denominator. */
  static const char *const azDate[] = { "2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01" };
  static const char *const azNum[] = { "10", "12", "11", "20", "22", "21" };
  for(int i=0; i<6; i++){
    struct qi_point_input q = { .zOn = azDate[i], .zNumerator = azNum[i], .zDenominator = "1,000",
                                .zNote = i==3 ? "Reminders began" : "", .zPdsaId = i==3 ? zCyc : "" };
    memset(&e, 0, sizeof e);
    assert_true(qi_point_add(f->db, &f->lead, p, &q, f->zToday, &e)>0);
  }
  /* Rebase rules. */
  long long nRows = n_qi_rows(f), nA = n_audit(f);
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_rebase_add(f->db, &f->lead, p, "2025-03-15", "Reminders", f->zToday, &e), 0);
  fx_expect_field_error(&e, "from", "qi.rebase.error.not_point_date");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_rebase_add(f->db, &f->lead, p, "2025-01-01", "Reminders", f->zToday, &e), 0);
  fx_expect_field_error(&e, "from", "qi.rebase.error.first_point");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_rebase_add(f->db, &f->lead, p, "2025-04-01", " ", f->zToday, &e), 0);
  fx_expect_field_error(&e, "reason", "qi.rebase.error.reason_required");
  assert_int_equal(n_qi_rows(f), nRows);
  assert_int_equal(n_audit(f), nA);
  long long nR = n_audit_entity(f, "qi_rebase");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_rebase_add(f->db, &f->lead, p, "2025-04-01", "Reminders to every patient", f->zToday, &e), p);
  assert_int_equal(qi_rebase_add(f->db, &f->lead, p, "01/04/2025", "Again", f->zToday, &e), 0);
  fx_expect_field_error(&e, "from", "qi.rebase.error.exists");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_rebase_add(f->db, &f->lead, p, "2025-06-01", "Second change", f->zToday, &e), p);
  assert_int_equal(n_audit_entity(f, "qi_rebase"), nR+2);
  assert_int_equal(qi_rebase_add(f->db, &f->member, p, "2025-05-01", "x", f->zToday, &e), -1);

  struct qi_series s;
  assert_true(qi_series_load(f->db, p, &s));
  assert_int_equal(s.n, 6);
  assert_string_equal(s.azDate[0], "2025-01-01");
  assert_true(fabs(s.aValue[3]-0.02)<1e-15);
  assert_true(s.aNum[3]==20 && s.aDen[3]==1000);
  assert_string_equal(s.azNote[3], "Reminders began");
  assert_null(s.azNote[2]);
  assert_int_equal(s.aPdsaId[3], cyc);
  assert_string_equal(s.azPdsaTitle[3], "Cycle one");
  assert_null(s.azPdsaTitle[0]);
  assert_int_equal(s.nRebase, 2);
  assert_int_equal(s.aRebase[0], 3);
  assert_int_equal(s.aRebase[1], 5);
  assert_string_equal(s.azRebaseDate[0], "2025-04-01");
  assert_string_equal(s.azRebaseReason[1], "Second change");
  qi_series_free(&s);
  assert_true(qi_series_load(f->db, run, &s));
  assert_int_equal(s.n, 1);
  assert_true(s.aValue[0]==4);
  assert_true(isnan(s.aNum[0]) && isnan(s.aDen[0]));
  assert_int_equal(s.nRebase, 0);
  qi_series_free(&s);
  assert_false(qi_series_load(f->db, 999999, &s));

  /* Annotate, then delete a point whose date is a rebase: the rebase goes too. */
  long long nP = n_audit_entity(f, "qi_point");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_point_annotate(f->db, &f->lead, first, "Bank holiday", "abc", f->zToday, &e), 0);
  fx_expect_field_error(&e, "pdsa", "qi.point.error.pdsa_invalid");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_point_annotate(f->db, &f->lead, first, "Bank holiday", zCyc, f->zToday, &e), first);
  assert_int_equal(n_audit_entity(f, "qi_point"), nP+1);
  struct stmt *st = db_prepare(f->db, "SELECT id FROM qi_point WHERE measure_id=?1 AND on_date='2025-06-01'");
  stmt_bind_int(st, 1, p);
  assert_int_equal(stmt_step(st), 1);
  long long last = stmt_int(st, 0);
  stmt_done(st);
  assert_int_equal(qi_point_delete(f->db, &f->member, last, f->zToday), -1);
  assert_int_equal(qi_point_delete(f->db, &f->lead, last, f->zToday), last);
  assert_int_equal(n_audit_entity(f, "qi_point"), nP+2);
  assert_true(qi_series_load(f->db, p, &s));
  assert_int_equal(s.n, 5);
  assert_int_equal(s.nRebase, 1);
  qi_series_free(&s);
  /* Remove a rebase. */
  assert_int_equal(qi_rebase_delete(f->db, &f->lead, p, "2025-05-01", f->zToday), -1);
  assert_int_equal(qi_rebase_delete(f->db, &f->member, p, "2025-04-01", f->zToday), -1);
  assert_int_equal(qi_rebase_delete(f->db, &f->lead, p, "2025-04-01", f->zToday), p);
  assert_int_equal(n_audit_entity(f, "qi_rebase"), nR+3);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM qi_rebase"), 0);
}

/* ---- CSV import --------------------------------------------------------------------- */

static void test_import(void **state){
  struct fixture *f = *state;
  long long m = make_measure(f, "xmr");
  add_point(f, m, "2025-03-01", "7", 0, 0);
  const char *zCsv = "date,value\n2025-01-01,5\n2025-02-01,x\n2025-03-01,6\n2025-04-01,8\n";
  struct qi_csv c;
  qi_csv_parse(zCsv, strlen(zCsv), "xmr", false, &c);
  assert_int_equal(c.n, 3);
  assert_int_equal(c.nError, 1);
  long long nRows = n_qi_rows(f), nAudit = n_audit(f);
  struct field_errors e = {0};
  assert_int_equal(qi_points_import(f->db, &f->member, m, &c, true, f->zToday, &e), -1);
  assert_int_equal(qi_points_import(f->db, &f->leadAfan, m, &c, true, f->zToday, &e), -1);
  assert_int_equal(e.n, 0);
  assert_int_equal(qi_points_import(f->db, &f->lead, m, &c, false, f->zToday, &e), 0);
  fx_expect_field_error(&e, "file", "qi.import.error.has_errors");
  assert_int_equal(n_qi_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
  /* The date the measure already has is now an error by line, in order. */
  assert_int_equal(c.nError, 2);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.nRejected, 2);
  assert_int_equal(c.aError[0].line, 3);
  assert_string_equal(c.aError[0].zKey, "qi.import.error.not_number");
  assert_int_equal(c.aError[1].line, 4);
  assert_int_equal(c.aError[1].column, 1);
  assert_string_equal(c.aError[1].zKey, "qi.import.error.date_exists");
  /* Valid lines only: one transaction, one audit entry. */
  memset(&e, 0, sizeof e);
  long long nA = n_audit_entity(f, "qi_point");
  assert_int_equal(qi_points_import(f->db, &f->lead, m, &c, true, f->zToday, &e), 2);
  assert_int_equal(n_qi_rows(f), nRows+2);
  assert_int_equal(n_audit_entity(f, "qi_point"), nA+1);
  qi_csv_free(&c);
  /* The same file again: every line's date is taken. */
  qi_csv_parse(zCsv, strlen(zCsv), "xmr", false, &c);
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_points_import(f->db, &f->lead, m, &c, true, f->zToday, &e), 0);
  fx_expect_field_error(&e, "file", "qi.import.error.no_valid_rows");
  qi_csv_free(&c);
  /* Dates after today: errors by line, left out with the valid-only
  ** choice; today itself is fine. */
  {
    char zFile[160];
    snprintf(zFile, sizeof zFile, "date,value\n2025-05-01,1\n%s,2\n2099-01-01,3\n2099-02-01,4\n", f->zToday);
    long long mf = make_measure(f, "xmr");
    qi_csv_parse(zFile, strlen(zFile), "xmr", false, &c);
    assert_int_equal(c.nError, 0);
    memset(&e, 0, sizeof e);
    assert_int_equal(qi_points_import(f->db, &f->lead, mf, &c, false, f->zToday, &e), 0);
    fx_expect_field_error(&e, "file", "qi.import.error.has_errors");
    assert_int_equal(c.nError, 2);
    for(int k=0; k<2; k++){
      assert_int_equal(c.aError[k].line, 4+k);
      assert_int_equal(c.aError[k].column, 1);
      assert_string_equal(c.aError[k].zKey, "qi.import.error.date_future");
    }
    memset(&e, 0, sizeof e);
    assert_int_equal(qi_points_import(f->db, &f->lead, mf, &c, true, f->zToday, &e), 2);
    struct qi_series sf;
    assert_true(qi_series_load(f->db, mf, &sf));
    assert_int_equal(sf.n, 2);
    assert_string_equal(sf.azDate[1], f->zToday);
    qi_series_free(&sf);
    qi_csv_free(&c);
  }
  /* A file error. */
  qi_csv_parse("when,value\n2025-01-01,1\n", 24, "xmr", false, &c);
  assert_true(c.bFileError);
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_points_import(f->db, &f->lead, m, &c, true, f->zToday, &e), 0);
  fx_expect_field_error(&e, "file", "qi.import.error.columns_value");
  qi_csv_free(&c);
  /* Parsed for a p chart, imported into an XmR measure. */
  qi_csv_parse("date,numerator,denominator\n2026-01-01,1,2\n", 42, "p", false, &c);
  assert_int_equal(c.n, 1);
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_points_import(f->db, &f->lead, m, &c, true, f->zToday, &e), 0);
  fx_expect_field_error(&e, "file", "qi.import.error.chart");
  long long mp = make_measure(f, "p");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_points_import(f->db, &f->lead, mp, &c, false, f->zToday, &e), 1);
  struct qi_series s;
  assert_true(qi_series_load(f->db, mp, &s));
  assert_int_equal(s.n, 1);
  assert_true(s.aValue[0]==0.5 && s.aNum[0]==1 && s.aDen[0]==2);
  qi_series_free(&s);
  qi_csv_free(&c);
}

static void test_import_100k(void **state){
  struct fixture *f = *state;
  long long m = make_measure(f, "p");
  struct buf b = {0};
  buf_puts(&b, "Date,Numerator,Denominator\r\n");
  /* 100,000 consecutive days from 1900-01-01 (the earliest date taken),
  ** so to 2173: imported as on a day after that, as no real measure has
  ** so many days yet. */
  int y = 1900, mo = 1, d = 1;
  static const int aDays[] = {31,28,31,30,31,30,31,31,30,31,30,31};
  for(int i=0; i<100000; i++){
    buf_printf(&b, "%04d-%02d-%02d,%d,%d\r\n", y, mo, d, i%50, 50 + i%7);
    int nMax = aDays[mo-1] + (mo==2 && ((y%4==0 && y%100!=0) || y%400==0));
    if( ++d>nMax ){ d = 1; if( ++mo>12 ){ mo = 1; y++; } }
  }
  struct qi_csv c;
  qi_csv_parse(b.z, b.n, "p", false, &c);
  assert_false(c.bFileError);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 100000);
  long long nA = n_audit(f);
  struct field_errors e = {0};
  assert_int_equal(qi_points_import(f->db, &f->lead, m, &c, false, "2199-12-31", &e), 100000);
  assert_int_equal(n_audit(f), nA+1);
  struct stmt *s = db_prepare(f->db, "SELECT count(*), min(on_date), max(on_date) FROM qi_point WHERE measure_id=?1");
  stmt_bind_int(s, 1, m);
  assert_int_equal(stmt_step(s), 1);
  assert_int_equal(stmt_int(s, 0), 100000);
  assert_string_equal(stmt_text(s, 1), "1900-01-01");
  assert_string_equal(stmt_text(s, 2), c.aRow[99999].zOn);
  stmt_done(s);
  qi_csv_free(&c);
  buf_free(&b);
  struct qi_series ser;
  assert_true(qi_series_load(f->db, m, &ser));
  assert_int_equal(ser.n, 100000);
  qi_series_free(&ser);
}

/* ---- links ---------------------------------------------------------------------------- */

struct link_seen { struct qi_link a[8]; int n; };
static void collect_link(void *pCtx, const struct qi_link *l){
  struct link_seen *x = pCtx;
  if( x->n<8 ) x->a[x->n++] = *l;
}

/* A meeting of unitId with an item and a decision (restricted or not);
** returns the decision id; the meeting id in *pMeeting. */
static long long make_decision(struct fixture *f, long long unitId, bool bRestricted, long long *pMeeting){
  struct stmt *s = db_prepare(f->db,
    "INSERT INTO meeting(unit_id,title,starts_at,ends_at,created_at,updated_at)"
    " VALUES(?1,'Cluster meeting','2025-06-10T13:30','2025-06-10T15:30',0,0) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  assert_int_equal(stmt_step(s), 1);
  long long meeting = stmt_int(s, 0);
  stmt_done(s);
  s = db_prepare(f->db,
    "INSERT INTO agenda_item(meeting_id,position,title,purpose,duration_minutes,restricted,created_at,updated_at)"
    " VALUES(?1,1,'Asthma reviews','decision',20,?2,0,0) RETURNING id");
  stmt_bind_int(s, 1, meeting);
  stmt_bind_int(s, 2, bRestricted ? 1 : 0);
  assert_int_equal(stmt_step(s), 1);
  long long item = stmt_int(s, 0);
  stmt_done(s);
  s = db_prepare(f->db,
    "INSERT INTO decision(agenda_item_id,text,vote_kind,quorum_required,quorum_present,created_at)"
    " VALUES(?1,'Fund text reminders for asthma reviews','none',1,1,0) RETURNING id");
  stmt_bind_int(s, 1, item);
  assert_int_equal(stmt_step(s), 1);
  long long id = stmt_int(s, 0);
  stmt_done(s);
  if( pMeeting ) *pMeeting = meeting;
  return id;
}

static long long make_action(struct fixture *f, long long unitId, long long meeting, const char *zRef){
  struct stmt *s = db_prepare(f->db,
    "INSERT INTO action(unit_id,ref,meeting_id,description,status,created_at,updated_at)"
    " VALUES(?1,?2,?3,'Send the reminder texts','in_progress',0,0) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zRef);
  if( meeting ) stmt_bind_int(s, 3, meeting); else stmt_bind_null(s, 3);
  assert_int_equal(stmt_step(s), 1);
  long long id = stmt_int(s, 0);
  stmt_done(s);
  return id;
}

static void test_links(void **state){
  struct fixture *f = *state;
  long long meeting = 0;
  long long dec = make_decision(f, f->csw, false, &meeting);
  long long secret = make_decision(f, f->csw, true, 0);
  long long afanDec = make_decision(f, f->afan, false, 0);
  long long act = make_action(f, f->csw, meeting, "CSW-001");
  long long afanAct = make_action(f, f->afan, 0, "AFAN-001");
  long long nRows = n_qi_rows(f), nAudit = n_audit(f);
  struct field_errors e = {0};
  assert_int_equal(qi_link_add(f->db, &f->lead, f->project, "minute", dec, f->zToday, &e), 0);
  fx_expect_field_error(&e, "kind", "qi.link.error.kind");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_link_add(f->db, &f->lead, f->project, "decision", afanDec, f->zToday, &e), 0);
  fx_expect_field_error(&e, "ref", "qi.link.error.not_found");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_link_add(f->db, &f->lead, f->project, "decision", secret, f->zToday, &e), 0);
  fx_expect_field_error(&e, "ref", "qi.link.error.not_found");
  memset(&e, 0, sizeof e);
  assert_int_equal(qi_link_add(f->db, &f->lead, f->project, "action", afanAct, f->zToday, &e), 0);
  fx_expect_field_error(&e, "ref", "qi.link.error.not_found");
  assert_int_equal(n_qi_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
  assert_int_equal(qi_link_add(f->db, &f->member, f->project, "decision", dec, f->zToday, &e), -1);

  memset(&e, 0, sizeof e);
  long long l1 = qi_link_add(f->db, &f->lead, f->project, "decision", dec, f->zToday, &e);
  long long l2 = qi_link_add(f->db, &f->lead, f->project, "action", act, f->zToday, &e);
  assert_true(l1>0 && l2>0);
  assert_int_equal(n_audit_entity(f, "qi_link"), 2);
  assert_int_equal(qi_link_add(f->db, &f->lead, f->project, "decision", dec, f->zToday, &e), 0);
  fx_expect_field_error(&e, "ref", "qi.link.error.duplicate");
  struct link_seen x;
  memset(&x, 0, sizeof x);
  assert_int_equal(qi_link_list(f->db, f->project, collect_link, &x), 2);
  assert_int_equal(x.a[0].decisionId, dec);
  assert_int_equal(x.a[0].meetingId, meeting);
  assert_string_equal(x.a[0].zMeetingStartsAt, "2025-06-10T13:30");
  assert_string_equal(x.a[0].zText, "Fund text reminders for asthma reviews");
  assert_int_equal(x.a[1].actionId, act);
  assert_string_equal(x.a[1].zRef, "CSW-001");
  assert_string_equal(x.a[1].zStatus, "in_progress");
  assert_string_equal(x.a[1].zText, "Send the reminder texts");
  assert_int_equal(qi_link_delete(f->db, &f->member, l1, f->zToday), -1);
  assert_int_equal(qi_link_delete(f->db, &f->lead, l1, f->zToday), l1);
  assert_int_equal(n_audit_entity(f, "qi_link"), 3);
  assert_int_equal(qi_link_list(f->db, f->project, collect_link, &x), 1);
}

/* The series of a measure is read from the covering index, the
** annotations from the partial one (migration 0007): what keeps a chart
** of 100,000 points affordable. */
/* The plan of s (an EXPLAIN QUERY PLAN of one table access) is zPlan. */
static void check_plan(struct stmt *s, const char *zPlan){
  stmt_bind_int(s, 1, 1);
  assert_int_equal(stmt_step(s), 1);
  assert_string_equal(stmt_text(s, 3), zPlan);
  stmt_done(s);
}

static void test_series_query_plans(void **state){
  struct fixture *f = *state;
  /* SQLite's plans (PostgreSQL plans by its statistics, and says so in
  ** its own words): run when the tests run on SQLite. */
  const char *zPg = getenv("CARECLUSTER_TEST_PG_HOST");
  if( zPg && *zPg ) skip();
  check_plan(db_prepare(f->db,
    "EXPLAIN QUERY PLAN SELECT id, on_date, value, numerator, denominator FROM qi_point"
    " WHERE measure_id=?1 ORDER BY on_date"),
    "SEARCH qi_point USING COVERING INDEX qi_point_series (measure_id=?)");
  check_plan(db_prepare(f->db,
    "EXPLAIN QUERY PLAN SELECT x.on_date, x.note, COALESCE(x.pdsa_id,0), c.title"
    "  FROM qi_point x LEFT JOIN qi_pdsa c ON c.id=x.pdsa_id"
    " WHERE x.measure_id=?1 AND (x.note IS NOT NULL OR x.pdsa_id IS NOT NULL) ORDER BY x.on_date"),
    "SEARCH x USING INDEX qi_point_annotated (measure_id=?)");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_project_rules, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_project_list_and_team, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_team_writers_only, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_access, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_drivers, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_pdsa, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_measures, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_points_and_series, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_import, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_import_100k, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_links, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_series_query_plans, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
