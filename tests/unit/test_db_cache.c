/* The statement cache of a connection (src/db/db.c): when it is full and
** a new statement takes a slot, a statement a caller is still stepping
** through keeps its slot, so its rows stay its own. */
#include "db/db.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_OTHER 600   /* many more statements than the cache holds */

static void test_held_statement_is_not_evicted(void **state){
  (void)state;
  struct db *db = 0;
  assert_int_equal(fx_db_open_sqlite(&db), 0);
  assert_true(stmt_exec(db_prepare(db, "CREATE TABLE t(x INTEGER)")));
  assert_true(stmt_exec(db_prepare(db, "INSERT INTO t(x) VALUES(1),(2),(3)")));
  struct stmt *a = db_prepare(db, "SELECT x FROM t ORDER BY x");
  assert_int_equal(stmt_step(a), 1);
  assert_int_equal(stmt_int(a, 0), 1);
  /* While a is held, as a page does while it calls other functions for
  ** each row, many other statements come and go: each its own text (the
  ** cache knows a statement by the address of its text), kept until the
  ** connection closes. */
  char **az = calloc(N_OTHER, sizeof *az);
  assert_non_null(az);
  for(int i=0; i<N_OTHER; i++){
    az[i] = malloc(40);
    assert_non_null(az[i]);
    snprintf(az[i], 40, "SELECT %d+0", 100+i);
    struct stmt *s = db_prepare_(db, az[i]);
    assert_int_equal(stmt_step(s), 1);
    assert_int_equal(stmt_int(s, 0), 100+i);
    stmt_done(s);
  }
  assert_int_equal(stmt_step(a), 1);
  assert_int_equal(stmt_int(a, 0), 2);
  assert_int_equal(stmt_step(a), 1);
  assert_int_equal(stmt_int(a, 0), 3);
  assert_int_equal(stmt_step(a), 0);
  stmt_done(a);
  /* Finished with, it may be evicted like any other; asked for again it
  ** is prepared again and reads from the start. */
  for(int i=0; i<N_OTHER; i++){
    struct stmt *s = db_prepare_(db, az[i]);
    assert_int_equal(stmt_step(s), 1);
    stmt_done(s);
  }
  a = db_prepare(db, "SELECT x FROM t ORDER BY x");
  assert_int_equal(stmt_step(a), 1);
  assert_int_equal(stmt_int(a, 0), 1);
  stmt_done(a);
  db_close(db);
  for(int i=0; i<N_OTHER; i++) free(az[i]);
  free(az);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_held_statement_is_not_evicted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
