/* The small pieces every domain write shares (see domain_write.h). */
#include "domain/domain_write.h"
#include "domain/audit.h"
#include "util/text.h"

bool domain_has_row(struct stmt *s){
  bool b = stmt_step(s)==1;
  stmt_done(s);
  return b;
}

long long domain_first_int(struct stmt *s, long long dflt){
  long long v = stmt_step(s)==1 ? stmt_int(s, 0) : dflt;
  stmt_done(s);
  return v;
}

bool domain_first_text(struct stmt *s, char *zOut, size_t n){
  bool b = stmt_step(s)==1;
  if( b ) text_copy(zOut, n, stmt_text(s, 0));
  stmt_done(s);
  return b;
}

void domain_check_text(struct field_errors *e, const char *zField, const char *z, bool bRequired,
                       size_t nMax, bool bMultiline, const char *zRequiredKey,
                       const char *zTooLongKey, const char *zBadKey){
  if( text_blank(z) ){
    if( bRequired ) field_errors_add(e, zField, zRequiredKey);
    return;
  }
  if( !text_is_clean_utf8(z, bMultiline) ) field_errors_add(e, zField, zBadKey);
  else if( text_utf8_chars(z)>nMax ) field_errors_add(e, zField, zTooLongKey);
}

bool domain_parse_id(const char *z, long long *pId){
  *pId = 0;
  if( text_blank(z) ) return true;
  return text_to_int(z, 1, (long long)1<<53, pId);
}

bool domain_begin(struct db *db, struct field_errors *e, const char *zField, const char *zKey){
  if( db_begin(db) ) return true;
  if( e ) field_errors_add(e, zField, zKey);
  return false;
}

bool domain_commit(struct db *db, bool ok, struct field_errors *e, const char *zField, const char *zKey){
  if( ok && db_commit(db) ) return true;
  db_rollback(db);
  if( e ) field_errors_add(e, zField, zKey);
  return false;
}

bool domain_audit(struct db *db, const struct user *u, const char *zAction, const char *zEntity,
                  long long id, long long unitId, struct buf *pOld, struct buf *pNew){
  bool ok = audit_record(db, u, zAction, zEntity, id, unitId, pOld ? buf_cstr(pOld) : 0,
                         pNew ? buf_cstr(pNew) : 0);
  if( pOld ) buf_free(pOld);
  if( pNew ) buf_free(pNew);
  return ok;
}
