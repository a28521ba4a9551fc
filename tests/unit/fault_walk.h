/*
** The step the fault walks of the unit tests (test_faults.c, test_needs.c,
** test_plan.c, test_plan_views.c, test_indicator.c) repeat for each n:
** run a write on a copy of the database with its n-th database call
** failing, then look at what the failure left. Each walk keeps its own
** checks and its own way of reporting them.
**
**   struct db *db = fault_copy(&f->db, n);
**   long long rc = fn(f, &e);
**   struct fault_run r = fault_restore(&f->db, db);
**   if( !r.bFired ) break;
**
** Header only, like fixture.h: include it after <cmocka.h>.
*/
#ifndef CARECLUSTER_TESTS_UNIT_FAULT_WALK_H
#define CARECLUSTER_TESTS_UNIT_FAULT_WALK_H

#include <stdbool.h>
#include "db/db.h"
#include "domain/field_errors.h"
#include "html/i18n.h"

/* What a run with a failing call left on the copy. */
struct fault_run {
  bool bFired;                 /* the n-th call was reached (and failed) */
  bool bInTx;                  /* ... inside a transaction */
  bool bOpen;                  /* a transaction was left open (now rolled back) */
  unsigned long long after;    /* db_digest of the copy afterwards */
};

/* Point *ppDb at a copy of the database it points at, its n-th database
** call set to fail; returns the database itself, for fault_restore. */
static inline struct db *fault_copy(struct db **ppDb, long long n){
  struct db *db = *ppDb;
  *ppDb = db_copy(db);
  assert_non_null(*ppDb);
  db_fault_set(*ppDb, n);
  return db;
}

/* After the run: what it left on the copy in *ppDb (a transaction left
** open is rolled back), the copy closed and *ppDb back to db. */
static inline struct fault_run fault_restore(struct db **ppDb, struct db *db){
  struct db *c = *ppDb;
  struct fault_run r;
  r.bFired = db_fault_fired(c);
  r.bInTx = db_fault_fired_in_transaction(c);
  db_fault_set(c, 0);
  r.bOpen = db_in_transaction(c);
  if( r.bOpen ) db_rollback(c);
  r.after = db_digest(c);
  db_close(c);
  *ppDb = db;
  return r;
}

/* The first message key of e missing from the English or the Welsh
** catalogue; NULL when both have every one. */
static inline const char *fault_unknown_key(const struct field_errors *e){
  for(int i=0; i<e->n; i++){
    if( !i18n_has(LANG_EN, e->a[i].zKey) || !i18n_has(LANG_CY, e->a[i].zKey) ) return e->a[i].zKey;
  }
  return 0;
}

#endif
