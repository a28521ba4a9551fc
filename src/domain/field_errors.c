#include "domain/field_errors.h"
#include <assert.h>
#include <string.h>

void field_errors_add(struct field_errors *e, const char *zField, const char *zKey){
  if( e->n>=FIELD_ERRORS_MAX || field_errors_get(e, zField) ) return;
  e->a[e->n].zField = zField;
  e->a[e->n].zKey = zKey;
  e->n++;
}

const char *field_errors_get(const struct field_errors *e, const char *zField){
  for(int i=0; i<e->n; i++) if( strcmp(e->a[i].zField, zField)==0 ) return e->a[i].zKey;
  return 0;
}

bool field_errors_checked_in_tx(struct db *db, struct field_errors *e, int nKeep,
                                const char *zField, const char *zNotSavedKey){
  assert( db_in_transaction(db) && nKeep>=0 && nKeep<=e->n );
  bool bFailed = db_tx_failed(db);
  if( e->n==0 && !bFailed ) return true;
  db_rollback(db);
  if( bFailed ){
    e->n = nKeep;
    field_errors_add(e, zField, zNotSavedKey);
  }
  return false;
}

int field_errors_refuse_in_tx(struct db *db, struct field_errors *e, const char *zField,
                              const char *zNotSavedKey){
  assert( db_in_transaction(db) );
  bool bFailed = db_tx_failed(db);
  db_rollback(db);
  if( !bFailed ) return -1;
  if( e ) field_errors_add(e, zField, zNotSavedKey);
  return 0;
}
