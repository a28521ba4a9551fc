/*
** The access matrix of src/domain/access.h: every role against its own
** cluster, a sibling cluster of the same health board and a cluster of
** another health board, for reading and for writing; and the unit
** queries that must agree with it.
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
#include "domain/refdata.h"
#include "domain/unit.h"
#include "util/text.h"
#include "fixture.h"

struct fixture {
  struct db *db;                   /* first: fx_teardown closes it */
  char zToday[11];
  struct user aUser[ROLE__MAX];    /* indexed by enum role */
  long long own, sibling, other;   /* cardiff-south-west, cardiff-east, afan */
  long long hb, otherHb, wales, pcpg;
};

static long long unit_id(struct fixture *f, const char *zSlug){
  return fx_unit_id(f->db, f->zToday, zSlug);
}

static void make_user(struct fixture *f, enum role role, const char *zScope){
  struct user *u = &f->aUser[role];
  char zEmail[64], zName[64];
  snprintf(zEmail, sizeof zEmail, "%s@example.wales", access_role_code(role));
  snprintf(zName, sizeof zName, "Test %s", access_role_code(role));
  fx_user_init(u, role, unit_id(f, zScope), zScope, zEmail, zName);
  u->id = 100 + (long long)role;
}

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  make_user(&f, ROLE_ADMIN, "wales");
  make_user(&f, ROLE_NATIONAL, "wales");
  make_user(&f, ROLE_HEALTH_BOARD, "cardiff-and-vale-university-health-board");
  make_user(&f, ROLE_CLUSTER_LEAD, "cardiff-south-west");
  make_user(&f, ROLE_MEMBER, "cardiff-south-west");
  f.own = unit_id(&f, "cardiff-south-west");
  f.sibling = unit_id(&f, "cardiff-east");
  f.other = unit_id(&f, "afan");
  f.hb = unit_id(&f, "cardiff-and-vale-university-health-board");
  f.otherHb = unit_id(&f, "swansea-bay-university-health-board");
  f.wales = unit_id(&f, "wales");
  f.pcpg = unit_id(&f, "cardiff-pan-cluster-planning-group");
  *state = &f;
  return 0;
}

/* ---- roles ------------------------------------------------------------- */

static void test_role_codes(void **state){
  (void)state;
  static const char *const az[] = {"admin", "national", "health_board", "cluster_lead", "member"};
  for(int i=0; i<ROLE__MAX; i++){
    enum role r;
    assert_true(access_parse_role(az[i], &r));
    assert_int_equal(r, i);
    assert_string_equal(access_role_code(r), az[i]);
  }
  enum role r = ROLE_MEMBER;
  assert_false(access_parse_role("Admin", &r));
  assert_false(access_parse_role("", &r));
  assert_false(access_parse_role(0, &r));
  assert_false(access_parse_role("admin ", &r));
  assert_int_equal(r, ROLE_MEMBER);
  assert_string_equal(access_role_scope_kind(ROLE_ADMIN), "nation");
  assert_string_equal(access_role_scope_kind(ROLE_NATIONAL), "nation");
  assert_string_equal(access_role_scope_kind(ROLE_HEALTH_BOARD), "health_board");
  assert_string_equal(access_role_scope_kind(ROLE_CLUSTER_LEAD), "cluster");
  assert_string_equal(access_role_scope_kind(ROLE_MEMBER), "cluster");
}

/* ---- the matrix ------------------------------------------------------- */

enum target { T_OWN, T_SIBLING, T_OTHER, T__MAX };

/* The table in src/domain/access.h, for the three target clusters. */
static const bool aRead[ROLE__MAX][T__MAX] = {
  [ROLE_ADMIN]        = {true, true, true},
  [ROLE_NATIONAL]     = {true, true, true},
  [ROLE_HEALTH_BOARD] = {true, true, false},
  [ROLE_CLUSTER_LEAD] = {true, false, false},
  [ROLE_MEMBER]       = {true, false, false},
};
static const bool aWrite[ROLE__MAX][T__MAX] = {
  [ROLE_ADMIN]        = {true, true, true},
  [ROLE_NATIONAL]     = {false, false, false},
  [ROLE_HEALTH_BOARD] = {true, true, false},
  [ROLE_CLUSTER_LEAD] = {true, false, false},
  [ROLE_MEMBER]       = {false, false, false},
};

static void test_matrix(void **state){
  struct fixture *f = *state;
  static const char *const azTarget[T__MAX] = {"own", "sibling", "other"};
  long long aId[T__MAX] = {f->own, f->sibling, f->other};
  int nChecked = 0;
  for(int r=0; r<ROLE__MAX; r++){
    for(int t=0; t<T__MAX; t++){
      bool bRead = access_can_read(f->db, &f->aUser[r], aId[t], f->zToday);
      bool bWrite = access_can_write(f->db, &f->aUser[r], aId[t], f->zToday);
      if( bRead!=aRead[r][t] ){
        fail_msg("%s reading %s: got %d, expected %d", access_role_code((enum role)r), azTarget[t], bRead, aRead[r][t]);
      }
      if( bWrite!=aWrite[r][t] ){
        fail_msg("%s writing %s: got %d, expected %d", access_role_code((enum role)r), azTarget[t], bWrite, aWrite[r][t]);
      }
      /* Whoever may write may read. */
      if( bWrite ) assert_true(bRead);
      nChecked += 2;
    }
  }
  assert_int_equal(nChecked, ROLE__MAX*T__MAX*2);
}

static void test_matrix_upper_units(void **state){
  struct fixture *f = *state;
  const struct user *hb = &f->aUser[ROLE_HEALTH_BOARD];
  const struct user *lead = &f->aUser[ROLE_CLUSTER_LEAD];
  const struct user *mem = &f->aUser[ROLE_MEMBER];
  const struct user *nat = &f->aUser[ROLE_NATIONAL];
  const struct user *adm = &f->aUser[ROLE_ADMIN];
  /* A health board user: its board and the PCPGs below, nothing above. */
  assert_true(access_can_read(f->db, hb, f->hb, f->zToday));
  assert_true(access_can_write(f->db, hb, f->hb, f->zToday));
  assert_true(access_can_read(f->db, hb, f->pcpg, f->zToday));
  assert_false(access_can_read(f->db, hb, f->wales, f->zToday));
  assert_false(access_can_read(f->db, hb, f->otherHb, f->zToday));
  assert_false(access_can_write(f->db, hb, f->otherHb, f->zToday));
  /* A cluster user sees nothing above the cluster. */
  assert_false(access_can_read(f->db, lead, f->pcpg, f->zToday));
  assert_false(access_can_read(f->db, lead, f->hb, f->zToday));
  assert_false(access_can_read(f->db, lead, f->wales, f->zToday));
  assert_false(access_can_write(f->db, lead, f->pcpg, f->zToday));
  assert_false(access_can_read(f->db, mem, f->hb, f->zToday));
  /* National and admin: the whole tree; only admin writes. */
  assert_true(access_can_read(f->db, nat, f->wales, f->zToday));
  assert_false(access_can_write(f->db, nat, f->wales, f->zToday));
  assert_true(access_can_write(f->db, adm, f->wales, f->zToday));
}

static void test_nobody(void **state){
  struct fixture *f = *state;
  /* No user, or a user that is not signed in (id 0), may do nothing,
  ** whatever role the struct claims. */
  assert_false(access_can_read(f->db, 0, f->own, f->zToday));
  assert_false(access_can_write(f->db, 0, f->own, f->zToday));
  struct user anon = f->aUser[ROLE_ADMIN];
  anon.id = 0;
  assert_false(access_can_read(f->db, &anon, f->own, f->zToday));
  assert_false(access_can_write(f->db, &anon, f->own, f->zToday));
  struct unit u;
  assert_false(unit_get_visible(f->db, &anon, "cardiff-south-west", f->zToday, &u));
  assert_int_equal(unit_list_visible(f->db, &anon, 0, f->zToday, 0, 0), 0);
  assert_int_equal(unit_list_visible(f->db, 0, 0, f->zToday, 0, 0), 0);
}

static void test_subtree_below_cluster(void **state){
  struct fixture *f = *state;
  /* A collaborative below the cluster inherits the cluster's access. */
  char zSlug[81];
  assert_true(db_begin(f->db));
  long long collab = unit_create(f->db, "Cardiff South West Dental Collaborative", "collaborative",
                                 f->own, REFDATA_VALID_FROM, zSlug);
  long long org = unit_create(f->db, "Test Dental Practice", "organisation",
                              collab, REFDATA_VALID_FROM, zSlug);
  assert_true(db_commit(f->db));
  assert_true(collab>0 && org>0);
  assert_true(access_is_within(f->db, org, f->own, f->zToday));
  assert_true(access_is_within(f->db, org, f->hb, f->zToday));
  assert_true(access_is_within(f->db, org, f->wales, f->zToday));
  assert_false(access_is_within(f->db, org, f->sibling, f->zToday));
  assert_false(access_is_within(f->db, f->own, org, f->zToday));
  for(long long id=collab; id<=org; id++){
    assert_true(access_can_read(f->db, &f->aUser[ROLE_CLUSTER_LEAD], id, f->zToday));
    assert_true(access_can_write(f->db, &f->aUser[ROLE_CLUSTER_LEAD], id, f->zToday));
    assert_true(access_can_read(f->db, &f->aUser[ROLE_MEMBER], id, f->zToday));
    assert_false(access_can_write(f->db, &f->aUser[ROLE_MEMBER], id, f->zToday));
    assert_true(access_can_write(f->db, &f->aUser[ROLE_HEALTH_BOARD], id, f->zToday));
  }
}

/* ---- unit_get_visible, unit_list_visible -------------------------------- */

static void test_get_visible(void **state){
  struct fixture *f = *state;
  const struct user *lead = &f->aUser[ROLE_CLUSTER_LEAD];
  struct unit u;
  assert_true(unit_get_visible(f->db, lead, "cardiff-south-west", f->zToday, &u));
  assert_int_equal(u.id, f->own);
  assert_string_equal(u.zName, "Cardiff South West");
  /* Invisible: false, and nothing of the unit is left in *p. */
  memset(&u, 'x', sizeof u);
  assert_false(unit_get_visible(f->db, lead, "afan", f->zToday, &u));
  assert_int_equal(u.id, 0);
  assert_string_equal(u.zName, "");
  assert_string_equal(u.zSlug, "");
  assert_false(unit_get_visible(f->db, lead, "cardiff-east", f->zToday, &u));
  assert_false(unit_get_visible(f->db, lead, "wales", f->zToday, &u));
  /* Missing and malformed slugs: the same answer as invisible. */
  assert_false(unit_get_visible(f->db, lead, "no-such-unit", f->zToday, &u));
  assert_false(unit_get_visible(f->db, lead, "Cardiff-South-West", f->zToday, &u));
  assert_false(unit_get_visible(f->db, lead, "", f->zToday, &u));
  /* The health board user sees both Cardiff clusters but not Afan. */
  const struct user *hb = &f->aUser[ROLE_HEALTH_BOARD];
  assert_true(unit_get_visible(f->db, hb, "cardiff-east", f->zToday, &u));
  assert_true(unit_get_visible(f->db, hb, "western-vale", f->zToday, &u));
  assert_false(unit_get_visible(f->db, hb, "afan", f->zToday, &u));
  assert_true(unit_get_visible(f->db, &f->aUser[ROLE_NATIONAL], "afan", f->zToday, &u));
}

struct collect {
  struct fixture *f;
  const struct user *pUser;
  int n;
  int nNotReadable;
  char zFirstSlug[81];
};
static void collect_cb(void *pCtx, const struct unit *u){
  struct collect *c = pCtx;
  if( c->n==0 ) snprintf(c->zFirstSlug, sizeof c->zFirstSlug, "%s", u->zSlug);
  c->n++;
  if( !access_can_read(c->f->db, c->pUser, u->id, c->f->zToday) ) c->nNotReadable++;
}

static int list_count(struct fixture *f, enum role r, const char *zKind, struct collect *c){
  memset(c, 0, sizeof *c);
  c->f = f;
  c->pUser = &f->aUser[r];
  int n = unit_list_visible(f->db, c->pUser, zKind, f->zToday, collect_cb, c);
  assert_int_equal(n, c->n);
  assert_int_equal(c->nNotReadable, 0);
  return n;
}

static void test_list_visible(void **state){
  struct fixture *f = *state;
  struct collect c;
  assert_int_equal(list_count(f, ROLE_NATIONAL, "cluster", &c), 60);
  assert_int_equal(list_count(f, ROLE_ADMIN, "cluster", &c), 60);
  assert_int_equal(list_count(f, ROLE_NATIONAL, "health_board", &c), 7);
  assert_int_equal(list_count(f, ROLE_HEALTH_BOARD, "cluster", &c), 9);
  assert_int_equal(list_count(f, ROLE_HEALTH_BOARD, "health_board", &c), 1);
  assert_string_equal(c.zFirstSlug, "cardiff-and-vale-university-health-board");
  assert_int_equal(list_count(f, ROLE_HEALTH_BOARD, "pcpg", &c), 2);
  assert_int_equal(list_count(f, ROLE_HEALTH_BOARD, "local_authority", &c), 0);
  assert_int_equal(list_count(f, ROLE_CLUSTER_LEAD, "cluster", &c), 1);
  assert_string_equal(c.zFirstSlug, "cardiff-south-west");
  assert_int_equal(list_count(f, ROLE_MEMBER, "cluster", &c), 1);
  assert_int_equal(list_count(f, ROLE_CLUSTER_LEAD, "health_board", &c), 0);
  assert_int_equal(list_count(f, ROLE_NATIONAL, "no_such_kind", &c), 0);
}

/* The list agrees with access_can_read over every unit. */
static void test_list_agrees_with_can_read(void **state){
  struct fixture *f = *state;
  for(int r=0; r<ROLE__MAX; r++){
    struct collect c;
    int nListed = list_count(f, (enum role)r, 0, &c);
    struct stmt *s = db_prepare(f->db, "SELECT id FROM unit ORDER BY id");
    int nReadable = 0, nAll = 0;
    while( stmt_step(s)==1 ){
      nAll++;
      if( access_can_read(f->db, &f->aUser[r], stmt_int(s, 0), f->zToday) ) nReadable++;
    }
    stmt_done(s);
    assert_int_equal(nListed, nReadable);
    if( r==ROLE_ADMIN || r==ROLE_NATIONAL ) assert_int_equal(nListed, nAll);
    else assert_true(nListed<nAll);
  }
  struct collect c;
  /* health board + 2 PCPGs + 9 clusters */
  assert_int_equal(list_count(f, ROLE_HEALTH_BOARD, 0, &c), 12);
}

/* ---- dates ------------------------------------------------------------- */

static void test_ended_link(void **state){
  struct fixture *f = *state;
  const char *zEnd = "2025-01-01";
  assert_true(strcmp(f->zToday, zEnd)>0);    /* the end date is in the past */
  assert_true(access_is_within(f->db, f->own, f->hb, f->zToday));
  struct stmt *s = db_prepare(f->db,
    "UPDATE unit_link SET valid_to=? WHERE child_id=? AND relation='part_of'");
  stmt_bind_text(s, 1, zEnd);
  stmt_bind_int(s, 2, f->own);
  assert_true(stmt_exec(s));

  /* Today the cluster is no longer within its PCPG or health board. */
  assert_false(access_is_within(f->db, f->own, f->pcpg, f->zToday));
  assert_false(access_is_within(f->db, f->own, f->hb, f->zToday));
  assert_false(access_is_within(f->db, f->own, f->wales, f->zToday));
  assert_false(access_can_read(f->db, &f->aUser[ROLE_HEALTH_BOARD], f->own, f->zToday));
  assert_false(access_can_write(f->db, &f->aUser[ROLE_HEALTH_BOARD], f->own, f->zToday));
  struct unit u;
  assert_false(unit_get_visible(f->db, &f->aUser[ROLE_HEALTH_BOARD], "cardiff-south-west", f->zToday, &u));
  struct collect c;
  assert_int_equal(list_count(f, ROLE_HEALTH_BOARD, "cluster", &c), 8);
  /* The sibling is untouched; the cluster's own users keep their cluster. */
  assert_true(access_can_read(f->db, &f->aUser[ROLE_HEALTH_BOARD], f->sibling, f->zToday));
  assert_true(access_can_write(f->db, &f->aUser[ROLE_CLUSTER_LEAD], f->own, f->zToday));
  assert_true(unit_get_by_slug(f->db, "cardiff-south-west", f->zToday, &u));
  assert_string_equal(u.zParentSlug, "");

  /* The day before the end it was still within; on the end date not. */
  assert_true(access_is_within(f->db, f->own, f->hb, "2024-12-31"));
  assert_true(access_can_read(f->db, &f->aUser[ROLE_HEALTH_BOARD], f->own, "2024-12-31"));
  assert_false(access_is_within(f->db, f->own, f->hb, zEnd));
  /* And before the structure began, nothing was within anything. */
  assert_false(access_is_within(f->db, f->sibling, f->hb, "2024-03-31"));
  assert_true(access_is_within(f->db, f->sibling, f->hb, REFDATA_VALID_FROM));
}

static void test_moved_cluster(void **state){
  struct fixture *f = *state;
  /* Cardiff East moves to a PCPG of Swansea Bay from 2025-01-01. */
  const char *zMove = "2025-01-01";
  assert_true(strcmp(f->zToday, zMove)>0);
  long long swanseaPcpg = unit_id(f, "swansea-pan-cluster-planning-group");
  assert_true(db_begin(f->db));
  struct stmt *s = db_prepare(f->db,
    "UPDATE unit_link SET valid_to=? WHERE child_id=? AND relation='part_of'");
  stmt_bind_text(s, 1, zMove);
  stmt_bind_int(s, 2, f->sibling);
  assert_true(stmt_exec(s));
  assert_true(unit_link(f->db, f->sibling, swanseaPcpg, "part_of", zMove));
  assert_true(db_commit(f->db));
  assert_false(access_can_read(f->db, &f->aUser[ROLE_HEALTH_BOARD], f->sibling, f->zToday));
  assert_true(access_is_within(f->db, f->sibling, f->otherHb, f->zToday));
  assert_true(access_is_within(f->db, f->sibling, f->hb, "2024-06-01"));
  assert_false(access_is_within(f->db, f->sibling, f->otherHb, "2024-06-01"));
  struct unit u;
  assert_true(unit_get_by_slug(f->db, "cardiff-east", f->zToday, &u));
  assert_string_equal(u.zParentSlug, "swansea-pan-cluster-planning-group");
  assert_true(unit_get_by_slug(f->db, "cardiff-east", "2024-06-01", &u));
  assert_string_equal(u.zParentSlug, "cardiff-pan-cluster-planning-group");
}

static void test_area_links_grant_nothing(void **state){
  struct fixture *f = *state;
  /* Only 'part_of' is a line of accountability: an 'area' link from Afan
  ** to Cardiff South West must not put Afan in the lead's subtree. */
  assert_true(unit_link(f->db, f->other, f->own, "area", REFDATA_VALID_FROM));
  assert_false(access_is_within(f->db, f->other, f->own, f->zToday));
  assert_false(access_can_read(f->db, &f->aUser[ROLE_CLUSTER_LEAD], f->other, f->zToday));
  assert_false(access_can_write(f->db, &f->aUser[ROLE_CLUSTER_LEAD], f->other, f->zToday));
  struct collect c;
  assert_int_equal(list_count(f, ROLE_CLUSTER_LEAD, 0, &c), 1);
  struct unit u;
  assert_false(unit_get_visible(f->db, &f->aUser[ROLE_CLUSTER_LEAD], "afan", f->zToday, &u));
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_role_codes),
    cmocka_unit_test_setup_teardown(test_matrix, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_matrix_upper_units, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_nobody, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_subtree_below_cluster, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_get_visible, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_list_visible, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_list_agrees_with_can_read, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_ended_link, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_moved_cluster, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_area_links_grant_nothing, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
