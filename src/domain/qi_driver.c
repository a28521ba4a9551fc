/* Driver diagrams: primary and secondary drivers and change ideas (see qi.h). */
#include "domain/qi_internal.h"
#include "util/json.h"
#include "util/text.h"
#include <stdlib.h>
#include <string.h>

#define DRIVER_COLS "id, project_id, COALESCE(parent_id,0), kind, text, position FROM qi_driver"

static void driver_from_row(struct stmt *s, struct qi_driver *d){
  d->id = stmt_int(s, 0);
  d->projectId = stmt_int(s, 1);
  d->parentId = stmt_int(s, 2);
  text_copy(d->zKind, sizeof d->zKind, stmt_text(s, 3));
  text_copy(d->zText, sizeof d->zText, stmt_text(s, 4));
  d->position = (int)stmt_int(s, 5);
  d->depth = 0;
}

bool qi_driver_get(struct db *db, long long driverId, struct qi_driver *d){
  struct stmt *s = db_prepare(db, "SELECT " DRIVER_COLS " WHERE id=?1");
  stmt_bind_int(s, 1, driverId);
  bool b = stmt_step(s)==1;
  if( b ) driver_from_row(s, d);
  stmt_done(s);
  if( b && strcmp(d->zKind, "secondary")==0 ) d->depth = 1;
  else if( b && strcmp(d->zKind, "change")==0 ){
    d->depth = 2;
    char zParentKind[10] = "";
    s = db_prepare(db, "SELECT kind FROM qi_driver WHERE id=?1");
    stmt_bind_int(s, 1, d->parentId);
    if( domain_first_text(s, zParentKind, sizeof zParentKind) && strcmp(zParentKind, "primary")==0 ) d->depth = 1;
  }
  return b;
}

static void driver_json(struct buf *b, const char *zKind, long long parentId, const char *zText){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "kind", zKind);
  if( parentId>0 ) json_kv_int(b, &bFirst, "parent", parentId);
  json_kv_str(b, &bFirst, "text", zText);
  buf_putc(b, '}');
}

static void driver_check_text(struct field_errors *e, const char *zText){
  domain_check_text(e, "text", zText, true, QI_TEXT_MAX, true, "qi.driver.error.text_required",
                "qi.driver.error.text_too_long", "qi.driver.error.bad_characters");
}

/* Driver driverId (malloc'd, freed by the caller) if pUser may change its
** project, whose unit goes into *pUnitId; else NULL. */
static struct qi_driver *driver_for_write(struct db *db, const struct user *u, long long driverId,
                                          const char *zToday, long long *pUnitId){
  struct qi_driver *d = xmalloc(sizeof *d);
  if( qi_driver_get(db, driverId, d) && qi_project_writable(db, u, d->projectId, zToday, pUnitId) ) return d;
  free(d);
  return 0;
}

long long qi_driver_add(struct db *db, const struct user *u, long long projectId, long long parentId,
                        const char *zKind, const char *zText, const char *zToday,
                        struct field_errors *e){
  long long unitId = 0;
  /* The project and the parent are read inside the write transaction:
  ** the parent is still there when the driver is written, and a read that
  ** fails refuses ("not saved", never taken for "not allowed"). */
  if( !qi_begin(db, e, "text") ) return 0;
  if( !qi_project_writable(db, u, projectId, zToday, &unitId) ){
    return field_errors_refuse_in_tx(db, e, "text", "qi.error.not_saved");
  }
  static const char *const azKind[] = { "primary", "secondary", "change" };
  if( !qi_one_of(zKind, azKind, 3) ){
    field_errors_add(e, "kind", "qi.driver.error.kind");
  }else{
    char zParentKind[10] = "";
    if( parentId>0 ){
      struct stmt *s = db_prepare(db, "SELECT kind FROM qi_driver WHERE id=?1 AND project_id=?2");
      stmt_bind_int(s, 1, parentId);
      stmt_bind_int(s, 2, projectId);
      domain_first_text(s, zParentKind, sizeof zParentKind);
    }
    bool bOk;
    if( strcmp(zKind, "primary")==0 ) bOk = parentId==0;
    else if( strcmp(zKind, "secondary")==0 ) bOk = strcmp(zParentKind, "primary")==0;
    else bOk = strcmp(zParentKind, "primary")==0 || strcmp(zParentKind, "secondary")==0;
    if( !bOk ) field_errors_add(e, "parent", "qi.driver.error.parent");
  }
  driver_check_text(e, zText);
  if( !field_errors_checked_in_tx(db, e, 0, "text", "qi.error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db,
    "INSERT INTO qi_driver(project_id,parent_id,kind,text,position)"
    " VALUES(?1,?2,?3,?4,(SELECT COALESCE(max(position),0)+1 FROM qi_driver"
    "   WHERE project_id=?1 AND COALESCE(parent_id,0)=?5)) RETURNING id");
  stmt_bind_int(s, 1, projectId);
  if( parentId>0 ) stmt_bind_int(s, 2, parentId); else stmt_bind_null(s, 2);
  stmt_bind_text(s, 3, zKind);
  stmt_bind_text(s, 4, zText);
  stmt_bind_int(s, 5, parentId);
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    struct buf bNew = {0};
    driver_json(&bNew, zKind, parentId, zText);
    ok = domain_audit(db, u, "create", "qi_driver", id, unitId, 0, &bNew);
  }
  return qi_commit(db, ok, e, "text") ? id : 0;
}

long long qi_driver_update(struct db *db, const struct user *u, long long driverId, const char *zText,
                           const char *zToday, struct field_errors *e){
  long long unitId = 0, rc = 0;
  /* The driver is read inside the write transaction: the audit's old
  ** text is the one replaced, and a read that fails refuses. */
  if( !qi_begin(db, e, "text") ) return 0;
  struct qi_driver *d = driver_for_write(db, u, driverId, zToday, &unitId);
  if( !d ) return field_errors_refuse_in_tx(db, e, "text", "qi.error.not_saved");
  driver_check_text(e, zText);
  if( field_errors_checked_in_tx(db, e, 0, "text", "qi.error.not_saved") ){
    struct stmt *s = db_prepare(db, "UPDATE qi_driver SET text=?1 WHERE id=?2");
    stmt_bind_text(s, 1, zText);
    stmt_bind_int(s, 2, driverId);
    bool ok = stmt_exec(s);
    if( ok ){
      struct buf bOld = {0}, bNew = {0};
      driver_json(&bOld, d->zKind, d->parentId, d->zText);
      driver_json(&bNew, d->zKind, d->parentId, zText);
      ok = domain_audit(db, u, "update", "qi_driver", driverId, unitId, &bOld, &bNew);
    }
    if( qi_commit(db, ok, e, "text") ) rc = driverId;
  }
  free(d);
  return rc;
}

long long qi_driver_delete(struct db *db, const struct user *u, long long driverId, const char *zToday,
                           struct field_errors *e){
  long long unitId = 0, rc = 0;
  /* Inside the write transaction, so that nothing can come to hang from
  ** the driver between the check that it is unused and its deletion. */
  if( !qi_begin(db, e, "driver") ) return 0;
  struct qi_driver *d = driver_for_write(db, u, driverId, zToday, &unitId);
  if( !d ) return field_errors_refuse_in_tx(db, e, "driver", "qi.error.not_saved");
  struct stmt *s = db_prepare(db,
    "SELECT (SELECT count(*) FROM qi_driver WHERE parent_id=?1)"
    "     + (SELECT count(*) FROM qi_pdsa WHERE change_id=?1)");
  stmt_bind_int(s, 1, driverId);
  if( domain_first_int(s, 1)>0 ) field_errors_add(e, "driver", "qi.driver.error.in_use");
  if( field_errors_checked_in_tx(db, e, 0, "driver", "qi.error.not_saved") ){
    s = db_prepare(db, "DELETE FROM qi_driver WHERE id=?1");
    stmt_bind_int(s, 1, driverId);
    bool ok = stmt_exec(s);
    if( ok ){
      struct buf bOld = {0};
      driver_json(&bOld, d->zKind, d->parentId, d->zText);
      ok = domain_audit(db, u, "delete", "qi_driver", driverId, unitId, &bOld, 0);
    }
    if( qi_commit(db, ok, e, "driver") ) rc = driverId;
  }
  free(d);
  return rc;
}

struct drv { long long id, parentId; int position; char zKind[10]; char *zText; };

int qi_driver_list(struct db *db, long long projectId, qi_driver_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " DRIVER_COLS " WHERE project_id=?1 ORDER BY position, id");
  stmt_bind_int(s, 1, projectId);
  struct drv *a = 0;
  size_t n = 0, nAlloc = 0;
  while( stmt_step(s)==1 ){
    if( n>=nAlloc ){ nAlloc = nAlloc ? nAlloc*2 : 16; a = xrealloc(a, nAlloc*sizeof *a); }
    a[n].id = stmt_int(s, 0);
    a[n].parentId = stmt_int(s, 2);
    text_copy(a[n].zKind, sizeof a[n].zKind, stmt_text(s, 3));
    a[n].zText = xstrdup(stmt_text(s, 4));
    a[n].position = (int)stmt_int(s, 5);
    n++;
  }
  stmt_done(s);
  struct qi_driver *d = xmalloc(sizeof *d);
  int nOut = 0;
#define EMIT(k, dep) do{ d->id = a[k].id; d->projectId = projectId; d->parentId = a[k].parentId; \
    text_copy(d->zKind, sizeof d->zKind, a[k].zKind); text_copy(d->zText, sizeof d->zText, a[k].zText); \
    d->position = a[k].position; d->depth = (dep); x(pCtx, d); nOut++; }while(0)
  for(size_t i=0; i<n; i++){
    if( strcmp(a[i].zKind, "primary")!=0 ) continue;
    EMIT(i, 0);
    for(size_t j=0; j<n; j++){
      if( a[j].parentId!=a[i].id || strcmp(a[j].zKind, "secondary")!=0 ) continue;
      EMIT(j, 1);
      for(size_t k=0; k<n; k++){
        if( a[k].parentId==a[j].id && strcmp(a[k].zKind, "change")==0 ) EMIT(k, 2);
      }
    }
    for(size_t j=0; j<n; j++){
      if( a[j].parentId==a[i].id && strcmp(a[j].zKind, "change")==0 ) EMIT(j, 1);
    }
  }
#undef EMIT
  for(size_t i=0; i<n; i++) free(a[i].zText);
  free(a);
  free(d);
  return nOut;
}
