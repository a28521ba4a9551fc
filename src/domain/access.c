#include "domain/access.h"
#include <string.h>

static const char *const azRole[ROLE__MAX] = {
  "admin", "national", "health_board", "cluster_lead", "member"
};

bool access_parse_role(const char *z, enum role *pOut){
  for(int i=0; i<ROLE__MAX; i++){
    if( z && strcmp(z, azRole[i])==0 ){ *pOut = (enum role)i; return true; }
  }
  return false;
}
const char *access_role_code(enum role r){ return (unsigned)r<ROLE__MAX ? azRole[r] : "?"; }
const char *access_role_scope_kind(enum role r){
  switch( r ){
    case ROLE_ADMIN: case ROLE_NATIONAL: return "nation";
    case ROLE_HEALTH_BOARD: return "health_board";
    default: return "cluster";
  }
}

bool access_is_within(struct db *db, long long iUnit, long long iAncestor, const char *zToday){
  if( iUnit==iAncestor ) return true;
  struct stmt *s = db_prepare(db,
    "WITH RECURSIVE up(id) AS ("
    "  SELECT CAST(?1 AS BIGINT)"
    "  UNION"
    "  SELECT l.parent_id FROM unit_link l JOIN up ON l.child_id=up.id"
    "   WHERE l.relation='part_of' AND l.valid_from<=?2"
    "     AND (l.valid_to IS NULL OR l.valid_to>?2))"
    "SELECT 1 FROM up WHERE id=?3");
  stmt_bind_int(s, 1, iUnit);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_int(s, 3, iAncestor);
  bool b = stmt_step(s)==1;
  stmt_done(s);
  return b;
}

bool access_can_read(struct db *db, const struct user *u, long long unitId, const char *zToday){
  if( !u || u->id<=0 ) return false;
  if( u->role==ROLE_ADMIN || u->role==ROLE_NATIONAL ) return true;
  return access_is_within(db, unitId, u->scopeUnitId, zToday);
}

bool access_can_write(struct db *db, const struct user *u, long long unitId, const char *zToday){
  if( !u || u->id<=0 ) return false;
  switch( u->role ){
    case ROLE_ADMIN: return true;
    case ROLE_HEALTH_BOARD:
    case ROLE_CLUSTER_LEAD: return access_is_within(db, unitId, u->scopeUnitId, zToday);
    default: return false;
  }
}
