/* A project's documents (src/domain/project_docs.c): the pure parts (which
** kinds a project keeps, blank fields, the stakeholder grid's quadrants at
** their boundaries), every kind's and field's text in both catalogues, and
** the writes on a database: a single kind started once, a repeatable one
** with its period, completion refused while a field is blank, reopening,
** stakeholders checked, and nothing written on a closed project. */
#include "domain/project_docs.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "fixture.h"

static void test_kind_shown(void **state){
  (void)state;
  const struct project_doc_kind *pid = project_doc_kind_of("pid");
  const struct project_doc_kind *map = project_doc_kind_of("stakeholder_map");
  assert_non_null(pid);
  assert_non_null(map);
  assert_true(project_doc_kind_shown(pid, false));
  assert_true(project_doc_kind_shown(pid, true));
  assert_false(project_doc_kind_shown(map, false));
  assert_true(project_doc_kind_shown(map, true));
  assert_false(project_doc_kind_shown(0, true));
}

static void test_blank_and_missing(void **state){
  (void)state;
  assert_true(project_doc_blank(0));
  assert_true(project_doc_blank(""));
  assert_true(project_doc_blank(" \t\r\n "));
  assert_false(project_doc_blank(" x "));
  assert_false(project_doc_blank("Not applicable"));
  const struct project_doc_kind *k = project_doc_kind_of("structure");   /* sponsor lead board team reporting */
  const char *azVal[PROJECT_DOC_FIELDS_MAX] = { "Dr Morgan", "", "  ", "The team", 0 };
  const char *azMissing[PROJECT_DOC_FIELDS_MAX];
  int n = project_doc_missing(k, azVal, azMissing);
  assert_int_equal(n, 3);
  assert_string_equal(azMissing[0], "lead");
  assert_string_equal(azMissing[1], "board");
  assert_string_equal(azMissing[2], "reporting");
  const char *azFull[PROJECT_DOC_FIELDS_MAX] = { "a", "b", "c", "d", "Not applicable: no reports" };
  assert_int_equal(project_doc_missing(k, azFull, azMissing), 0);
  assert_int_equal(project_doc_missing(k, 0, azMissing), 5);
}

static void test_quadrants(void **state){
  (void)state;
  /* 3 and above is high, 2 and below low: each side of both boundaries. */
  assert_int_equal(project_stakeholder_quadrant(3, 3), SQ_MANAGE_CLOSELY);
  assert_int_equal(project_stakeholder_quadrant(5, 5), SQ_MANAGE_CLOSELY);
  assert_int_equal(project_stakeholder_quadrant(3, 2), SQ_KEEP_SATISFIED);
  assert_int_equal(project_stakeholder_quadrant(5, 1), SQ_KEEP_SATISFIED);
  assert_int_equal(project_stakeholder_quadrant(2, 3), SQ_KEEP_INFORMED);
  assert_int_equal(project_stakeholder_quadrant(1, 5), SQ_KEEP_INFORMED);
  assert_int_equal(project_stakeholder_quadrant(2, 2), SQ_MONITOR);
  assert_int_equal(project_stakeholder_quadrant(1, 1), SQ_MONITOR);
  assert_string_equal(project_stakeholder_quadrant_code(SQ_MANAGE_CLOSELY), "manage_closely");
  assert_string_equal(project_stakeholder_quadrant_code(SQ_KEEP_SATISFIED), "keep_satisfied");
  assert_string_equal(project_stakeholder_quadrant_code(SQ_KEEP_INFORMED), "keep_informed");
  assert_string_equal(project_stakeholder_quadrant_code(SQ_MONITOR), "monitor");
  assert_string_equal(project_stakeholder_quadrant_code(-1), "monitor");
}

/* Every kind's name and guidance, every field's label and guiding
** question, in English and in Welsh, and different in the two. */
static void test_catalogues(void **state){
  (void)state;
  char zKey[120];
  for(int i = 0; i < project_doc_nkind; i++){
    const struct project_doc_kind *k = &project_doc_kinds[i];
    for(int h = 0; h < 2; h++){
      snprintf(zKey, sizeof zKey, h ? "projdoc.kind.%s.hint" : "projdoc.kind.%s", k->zCode);
      if( !i18n_has(LANG_EN, zKey) || !i18n_has(LANG_CY, zKey) ) fail_msg("missing %s", zKey);
    }
    for(int f = 0; f < PROJECT_DOC_FIELDS_MAX && k->azField[f]; f++){
      for(int h = 0; h < 2; h++){
        snprintf(zKey, sizeof zKey, h ? "projdoc.%s.%s.hint" : "projdoc.%s.%s", k->zCode, k->azField[f]);
        if( !i18n_has(LANG_EN, zKey) || !i18n_has(LANG_CY, zKey) ) fail_msg("missing %s", zKey);
        if( strcmp(i18n_get(LANG_EN, zKey), i18n_get(LANG_CY, zKey))==0 ) fail_msg("%s is not translated", zKey);
      }
    }
  }
  for(int q = 0; q < SQ__N; q++){
    snprintf(zKey, sizeof zKey, "projdoc.quadrant.%s", project_stakeholder_quadrant_code(q));
    assert_true(i18n_has(LANG_EN, zKey) && i18n_has(LANG_CY, zKey));
  }
  for(int s = 0; s < PSTAGE__N; s++){
    snprintf(zKey, sizeof zKey, "projdoc.stage.%s", project_stage_code(s));
    assert_true(i18n_has(LANG_EN, zKey) && i18n_has(LANG_CY, zKey));
  }
}

/* ---- on a database ---- */

struct fixture { struct db *db; struct user lead; struct project p; };
static const char *zToday = "2026-06-01";

/* The project's documents (bStakeholders false) or stakeholders. */
static long long count(struct db *db, long long projectId, bool bStakeholders){
  struct stmt *s = bStakeholders
    ? db_prepare(db, "SELECT COUNT(*) FROM project_stakeholder WHERE project_id=?1")
    : db_prepare(db, "SELECT COUNT(*) FROM project_doc WHERE project_id=?1");
  stmt_bind_int(s, 1, projectId);
  return fx_count_stmt(s);
}

static int setup(void **state){
  struct fixture *f = calloc(1, sizeof *f);
  if( fx_db_open(&f->db) ){ free(f); return -1; }
  *state = f;
  fx_make_user(f->db, zToday, &f->lead, "lead@test.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  long long unitId = fx_unit_id(f->db, zToday, "cardiff-south-west");
  struct stmt *s = db_prepare(f->db,
    "INSERT INTO project(unit_id,title,problem_type,complex,stage,start_on,end_on,created_at,updated_at)"
    " VALUES(?1,'Test project','tame',0,'initiate','2026-04-01','2027-03-31',1,1) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  assert_int_equal(stmt_step(s), 1);
  long long id = stmt_int(s, 0);
  stmt_done(s);
  assert_true(project_load(f->db, id, &f->p));
  return 0;
}
static int teardown(void **state){
  struct fixture *f = *state;
  project_free(&f->p);
  fx_teardown(state);
  free(f);
  return 0;
}

static void test_start_complete_reopen(void **state){
  struct fixture *f = *state;
  struct field_errors e = {0};
  /* A complex-only kind is not this simple project's. */
  assert_int_equal(project_doc_start(f->db, &f->lead, &f->p, "stakeholder_map", 0, 0, &e), 0);
  fx_expect_field_error(&e, "kind", "projdoc.error.kind");
  memset(&e, 0, sizeof e);
  long long a = project_doc_start(f->db, &f->lead, &f->p, "structure", 0, 0, &e);
  assert_true(a>0);
  assert_int_equal(project_doc_start(f->db, &f->lead, &f->p, "structure", 0, 0, &e), a);
  assert_int_equal(count(f->db, f->p.id, false), 1);
  /* A repeatable one needs its period, in order. */
  assert_int_equal(project_doc_start(f->db, &f->lead, &f->p, "progress", "2026-05-31", "2026-05-01", &e), 0);
  fx_expect_field_error(&e, "period_to", "projdoc.error.period_order");
  memset(&e, 0, sizeof e);
  long long p1 = project_doc_start(f->db, &f->lead, &f->p, "progress", "2026-05-01", "2026-05-31", &e);
  long long p2 = project_doc_start(f->db, &f->lead, &f->p, "progress", "2026-05-01", "2026-05-31", &e);
  assert_true(p1>0 && p2>0 && p1!=p2);
  /* Complete refused while fields are blank, each named. */
  const char *azVal[PROJECT_DOC_FIELDS_MAX] = { "Dr Morgan", "", "Cluster board", "", "Monthly" };
  assert_int_equal(project_doc_save(f->db, &f->lead, &f->p, a, azVal, &e), a);
  assert_int_equal(project_doc_complete(f->db, &f->lead, &f->p, a, &e), 0);
  fx_expect_field_error(&e, "lead", "projdoc.error.field_empty");
  fx_expect_field_error(&e, "team", "projdoc.error.field_empty");
  assert_int_equal(e.n, 2);
  memset(&e, 0, sizeof e);
  const char *azAll[PROJECT_DOC_FIELDS_MAX] = { "Dr Morgan", "Sian", "Cluster board", "Not applicable: Sian alone", "Monthly" };
  assert_int_equal(project_doc_save(f->db, &f->lead, &f->p, a, azAll, &e), a);
  assert_int_equal(project_doc_complete(f->db, &f->lead, &f->p, a, &e), a);
  struct pdoc d;
  assert_true(project_doc_get(f->db, f->p.id, a, &d));
  assert_string_equal(d.zState, "complete");
  assert_true(d.completedAt>0);
  /* A complete one is not saved until reopened. */
  assert_int_equal(project_doc_save(f->db, &f->lead, &f->p, a, azAll, &e), 0);
  fx_expect_field_error(&e, "doc", "projdoc.error.not_draft");
  memset(&e, 0, sizeof e);
  assert_int_equal(project_doc_reopen(f->db, &f->lead, &f->p, a, &e), a);
  assert_true(project_doc_get(f->db, f->p.id, a, &d));
  assert_string_equal(d.zState, "draft");
  assert_int_equal(d.completedAt, 0);
  /* Another project's document is refused. */
  assert_int_equal(project_doc_save(f->db, &f->lead, &f->p, 999999, azAll, &e), -1);
}

static void test_stakeholders_and_closed(void **state){
  struct fixture *f = *state;
  struct field_errors e = {0};
  assert_int_equal(project_stakeholder_save(f->db, &f->lead, &f->p, 0, "", "6", "0", "", &e), 0);
  fx_expect_field_error(&e, "name", "projdoc.error.name");
  fx_expect_field_error(&e, "power", "projdoc.error.scale");
  fx_expect_field_error(&e, "interest", "projdoc.error.scale");
  memset(&e, 0, sizeof e);
  long long s = project_stakeholder_save(f->db, &f->lead, &f->p, 0, "Health board", "5", "3", "Monthly", &e);
  assert_true(s>0);
  assert_int_equal(project_stakeholder_save(f->db, &f->lead, &f->p, s, "Health board", "4", "4", "", &e), s);
  assert_int_equal(count(f->db, f->p.id, true), 1);
  /* Closed: nothing is written. */
  struct stmt *u = db_prepare(f->db,
    "UPDATE project SET stage='close', recommendation='stop', closed_on='2026-05-31' WHERE id=?1");
  stmt_bind_int(u, 1, f->p.id);
  assert_true(stmt_exec(u));
  assert_int_equal(project_stakeholder_save(f->db, &f->lead, &f->p, 0, "Councillors", "2", "2", "", &e), -1);
  assert_int_equal(project_doc_start(f->db, &f->lead, &f->p, "closure", 0, 0, &e), -1);
  assert_int_equal(project_stakeholder_delete(f->db, &f->lead, &f->p, s), -1);
  assert_int_equal(count(f->db, f->p.id, true), 1);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_kind_shown),
    cmocka_unit_test(test_blank_and_missing),
    cmocka_unit_test(test_quadrants),
    cmocka_unit_test(test_catalogues),
    cmocka_unit_test_setup_teardown(test_start_complete_reopen, setup, teardown),
    cmocka_unit_test_setup_teardown(test_stakeholders_and_closed, setup, teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
