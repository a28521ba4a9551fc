#include "domain/audit.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

bool audit_record(struct db *db, const struct user *u, const char *zAction,
                  const char *zEntity, long long entityId, long long unitId,
                  const char *zOld, const char *zNew){
  char zActor[512];
  if( u ) snprintf(zActor, sizeof zActor, "%s <%s>", u->zName, u->zEmail);
  else snprintf(zActor, sizeof zActor, "command line");
  struct stmt *s = db_prepare(db,
    "INSERT INTO audit_log(at,user_id,actor,action,entity,entity_id,unit_id,old_values,new_values)"
    " VALUES(?,?,?,?,?,?,?,?,?)");
  stmt_bind_int(s, 1, (long long)time(0));
  if( u && u->id>0 ) stmt_bind_int(s, 2, u->id); else stmt_bind_null(s, 2);
  stmt_bind_text(s, 3, zActor);
  stmt_bind_text(s, 4, zAction);
  stmt_bind_text(s, 5, zEntity);
  if( entityId>0 ) stmt_bind_int(s, 6, entityId); else stmt_bind_null(s, 6);
  if( unitId>0 ) stmt_bind_int(s, 7, unitId); else stmt_bind_null(s, 7);
  stmt_bind_text(s, 8, zOld);
  stmt_bind_text(s, 9, zNew);
  return stmt_exec(s);
}

int audit_list(struct db *db, long long beforeId, int nMax, audit_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, u.name,"
    "       a.old_values, a.new_values"
    "  FROM audit_log a LEFT JOIN unit u ON u.id=a.unit_id"
    " WHERE (?1=0 OR a.id<?1) ORDER BY a.id DESC LIMIT ?2");
  stmt_bind_int(s, 1, beforeId);
  stmt_bind_int(s, 2, nMax);
  int n = 0;
  while( stmt_step(s)==1 ){
    struct audit_entry e;
    memset(&e, 0, sizeof e);
    e.id = stmt_int(s, 0);
    e.at = stmt_int(s, 1);
    snprintf(e.zActor, sizeof e.zActor, "%s", stmt_text(s, 2));
    snprintf(e.zAction, sizeof e.zAction, "%s", stmt_text(s, 3));
    snprintf(e.zEntity, sizeof e.zEntity, "%s", stmt_text(s, 4));
    e.entityId = stmt_int(s, 5);
    snprintf(e.zUnitName, sizeof e.zUnitName, "%s", stmt_text(s, 6));
    e.zOld = stmt_is_null(s, 7) ? 0 : stmt_text(s, 7);
    e.zNew = stmt_is_null(s, 8) ? 0 : stmt_text(s, 8);
    x(pCtx, &e);
    n++;
  }
  stmt_done(s);
  return n;
}
