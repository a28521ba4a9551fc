/* What the quality improvement files share: input checks, statement
** helpers and the two ends of a write transaction (see qi_internal.h). */
#include "domain/qi_internal.h"
#include "domain/audit.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>

bool qi_one_of(const char *z, const char *const *az, int n){
  for(int i=0; z && i<n; i++) if( strcmp(z, az[i])==0 ) return true;
  return false;
}

const char *qi_nonblank(const char *z){ return text_blank(z) ? 0 : z; }

void qi_check_text(struct field_errors *e, const char *zField, const char *z, bool bRequired,
                   size_t nMax, bool bMultiline, const char *zRequiredKey,
                   const char *zTooLongKey, const char *zBadKey){
  if( text_blank(z) ){
    if( bRequired ) field_errors_add(e, zField, zRequiredKey);
    return;
  }
  if( !text_is_clean_utf8(z, bMultiline) ) field_errors_add(e, zField, zBadKey);
  else if( text_utf8_chars(z)>nMax ) field_errors_add(e, zField, zTooLongKey);
}

bool qi_parse_id(const char *z, long long *pId){
  *pId = 0;
  if( text_blank(z) ) return true;
  return text_to_int(z, 1, (long long)1<<53, pId);
}

void qi_fmt_double(double v, char zOut[40]){
  snprintf(zOut, 40, "%.17g", v);
}

bool qi_is_ratio(const char *zChart){ return strcmp(zChart, "p")==0 || strcmp(zChart, "u")==0; }

/* Between midnight and 1 a.m. in summer the UK's date is a day after
** UTC's, and a value for the UK's today is still today's. */
void qi_latest_measured(const char *zToday, char zOut[11]){
  char zLocal[17];
  text_local_now(zLocal);
  zLocal[10] = 0;
  text_copy(zOut, 11, strcmp(zLocal, zToday)>0 ? zLocal : zToday);
}

bool qi_has_row(struct stmt *s){
  bool b = stmt_step(s)==1;
  stmt_done(s);
  return b;
}

long long qi_first_int(struct stmt *s, long long dflt){
  long long v = stmt_step(s)==1 ? stmt_int(s, 0) : dflt;
  stmt_done(s);
  return v;
}

bool qi_first_text(struct stmt *s, char *zOut, size_t n){
  bool b = stmt_step(s)==1;
  if( b ) text_copy(zOut, n, stmt_text(s, 0));
  stmt_done(s);
  return b;
}

bool qi_begin(struct db *db, struct field_errors *e, const char *zField){
  if( db_begin(db) ) return true;
  if( e ) field_errors_add(e, zField, "qi.error.not_saved");
  return false;
}

bool qi_commit(struct db *db, bool ok, struct field_errors *e, const char *zField){
  if( ok && db_commit(db) ) return true;
  db_rollback(db);
  if( e ) field_errors_add(e, zField, "qi.error.not_saved");
  return false;
}

bool qi_audit(struct db *db, const struct user *u, const char *zAction, const char *zEntity,
              long long id, long long unitId, struct buf *pOld, struct buf *pNew){
  bool ok = audit_record(db, u, zAction, zEntity, id, unitId, pOld ? buf_cstr(pOld) : 0,
                         pNew ? buf_cstr(pNew) : 0);
  if( pOld ) buf_free(pOld);
  if( pNew ) buf_free(pNew);
  return ok;
}
