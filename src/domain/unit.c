#include "domain/unit.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Columns 0..12 of every unit query, in this order. */
#define UNIT_COLS \
  "u.id, u.slug, u.name, u.kind, u.subtype, u.population, u.gp_practices," \
  " u.population_date, p.slug, p.name, p.kind, u.name_cy, p.name_cy"
/* Join the current parent (?2 is today in every unit query). Lists are
** in the order of the names the reader sees (?9 is 1 for Welsh). */
#define UNIT_PARENT_JOIN \
  " LEFT JOIN unit_link pl ON pl.child_id=u.id AND pl.relation='part_of'" \
  "   AND pl.valid_from<=?2 AND (pl.valid_to IS NULL OR pl.valid_to>?2)" \
  " LEFT JOIN unit p ON p.id=pl.parent_id"
#define UNIT_ORDER \
  " ORDER BY CASE u.kind WHEN 'nation' THEN 0 WHEN 'health_board' THEN 1" \
  "  WHEN 'pcpg' THEN 2 WHEN 'cluster' THEN 3 WHEN 'collaborative' THEN 4" \
  "  WHEN 'organisation' THEN 5 WHEN 'rpb' THEN 6 ELSE 7 END," \
  "  CASE WHEN ?9=1 THEN COALESCE(NULLIF(u.name_cy,''), u.name) ELSE u.name END"

static void unit_from_row(struct stmt *s, struct unit *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  snprintf(p->zSlug, sizeof p->zSlug, "%s", stmt_text(s, 1));
  snprintf(p->zName, sizeof p->zName, "%s", stmt_text(s, 2));
  snprintf(p->zKind, sizeof p->zKind, "%s", stmt_text(s, 3));
  snprintf(p->zSubtype, sizeof p->zSubtype, "%s", stmt_text(s, 4));
  p->population = stmt_is_null(s, 5) ? -1 : stmt_int(s, 5);
  p->gpPractices = stmt_is_null(s, 6) ? -1 : stmt_int(s, 6);
  snprintf(p->zPopulationDate, sizeof p->zPopulationDate, "%s", stmt_text(s, 7));
  snprintf(p->zParentSlug, sizeof p->zParentSlug, "%s", stmt_text(s, 8));
  snprintf(p->zParentName, sizeof p->zParentName, "%s", stmt_text(s, 9));
  snprintf(p->zParentKind, sizeof p->zParentKind, "%s", stmt_text(s, 10));
  text_copy(p->zNameCy, sizeof p->zNameCy, stmt_text(s, 11));
  text_copy(p->zParentNameCy, sizeof p->zParentNameCy, stmt_text(s, 12));
}

const char *unit_name_in(enum lang lang, const char *zName, const char *zNameCy){
  if( lang==LANG_CY && zNameCy && zNameCy[0] ) return zNameCy;
  return zName ? zName : "";
}

const char *unit_display_name(const struct unit *u, enum lang lang){
  return unit_name_in(lang, u->zName, u->zNameCy);
}

const char *unit_parent_display_name(const struct unit *u, enum lang lang){
  return unit_name_in(lang, u->zParentName, u->zParentNameCy);
}

bool unit_set_name_cy(struct db *db, long long id, const char *zNameCy){
  struct stmt *s = db_prepare(db, "UPDATE unit SET name_cy=?1 WHERE id=?2");
  if( zNameCy && zNameCy[0] ) stmt_bind_text(s, 1, zNameCy); else stmt_bind_null(s, 1);
  stmt_bind_int(s, 2, id);
  return stmt_exec(s);
}

bool unit_get_by_slug(struct db *db, const char *zSlug, const char *zToday, struct unit *p){
  struct stmt *s = db_prepare(db,
    "SELECT " UNIT_COLS " FROM unit u" UNIT_PARENT_JOIN " WHERE u.slug=?1");
  stmt_bind_text(s, 1, zSlug);
  stmt_bind_text(s, 2, zToday);
  bool b = stmt_step(s)==1;
  if( b ) unit_from_row(s, p);
  stmt_done(s);
  return b;
}

bool unit_get_by_id(struct db *db, long long id, const char *zToday, struct unit *p){
  struct stmt *s = db_prepare(db,
    "SELECT " UNIT_COLS " FROM unit u" UNIT_PARENT_JOIN " WHERE u.id=?1");
  stmt_bind_int(s, 1, id);
  stmt_bind_text(s, 2, zToday);
  bool b = stmt_step(s)==1;
  if( b ) unit_from_row(s, p);
  stmt_done(s);
  return b;
}

bool unit_get_visible(struct db *db, const struct user *u, const char *zSlug,
                      const char *zToday, struct unit *p){
  if( !text_is_slug(zSlug) ) return false;
  if( !unit_get_by_slug(db, zSlug, zToday, p) ) return false;
  if( !access_can_read(db, u, p->id, zToday) ){
    memset(p, 0, sizeof *p);
    return false;
  }
  return true;
}

static int deliver(struct stmt *s, unit_cb x, void *pCtx){
  int n = 0;
  struct unit un;
  while( stmt_step(s)==1 ){
    unit_from_row(s, &un);
    x(pCtx, &un);
    n++;
  }
  stmt_done(s);
  return n;
}

int unit_list_visible(struct db *db, const struct user *u, const char *zKind,
                      const char *zToday, unit_cb x, void *pCtx){
  return unit_list_visible_in(db, u, zKind, zToday, LANG_EN, x, pCtx);
}

int unit_list_visible_in(struct db *db, const struct user *u, const char *zKind,
                         const char *zToday, enum lang lang, unit_cb x, void *pCtx){
  if( !u || u->id<=0 ) return 0;
  bool bAll = u->role==ROLE_ADMIN || u->role==ROLE_NATIONAL;
  struct stmt *s = db_prepare(db,
    "WITH RECURSIVE down(id) AS ("
    "  SELECT CAST(?1 AS BIGINT)"
    "  UNION"
    "  SELECT l.child_id FROM unit_link l JOIN down ON l.parent_id=down.id"
    "   WHERE l.relation='part_of' AND l.valid_from<=?2"
    "     AND (l.valid_to IS NULL OR l.valid_to>?2))"
    "SELECT " UNIT_COLS " FROM unit u" UNIT_PARENT_JOIN
    " WHERE (?3=1 OR u.id IN (SELECT id FROM down))"
    "   AND (CAST(?4 AS TEXT) IS NULL OR u.kind=?4)"
    UNIT_ORDER);
  stmt_bind_int(s, 1, u->scopeUnitId);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_int(s, 3, bAll ? 1 : 0);
  stmt_bind_text(s, 4, zKind);
  stmt_bind_int(s, 9, lang==LANG_CY);
  return deliver(s, x, pCtx);
}

int unit_children(struct db *db, long long id, const char *zKind, const char *zToday,
                  unit_cb x, void *pCtx){
  return unit_children_in(db, id, zKind, zToday, LANG_EN, x, pCtx);
}

int unit_children_in(struct db *db, long long id, const char *zKind, const char *zToday,
                     enum lang lang, unit_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " UNIT_COLS " FROM unit u" UNIT_PARENT_JOIN
    " WHERE pl.parent_id=?1 AND (CAST(?3 AS TEXT) IS NULL OR u.kind=?3)"
    UNIT_ORDER);
  stmt_bind_int(s, 1, id);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_text(s, 3, zKind);
  stmt_bind_int(s, 9, lang==LANG_CY);
  return deliver(s, x, pCtx);
}

bool unit_area(struct db *db, long long id, const char *zKind, const char *zToday, struct unit *p){
  struct stmt *s = db_prepare(db,
    "SELECT " UNIT_COLS " FROM unit_link a JOIN unit u ON u.id=a.parent_id"
    UNIT_PARENT_JOIN
    " WHERE a.child_id=?1 AND a.relation='area' AND u.kind=?3"
    "   AND a.valid_from<=?2 AND (a.valid_to IS NULL OR a.valid_to>?2)");
  stmt_bind_int(s, 1, id);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_text(s, 3, zKind);
  bool b = stmt_step(s)==1;
  if( b ) unit_from_row(s, p);
  stmt_done(s);
  return b;
}

bool unit_link(struct db *db, long long childId, long long parentId, const char *zRelation,
               const char *zFrom){
  struct stmt *s = db_prepare(db,
    "INSERT INTO unit_link(child_id,parent_id,relation,valid_from) VALUES(?,?,?,?)");
  stmt_bind_int(s, 1, childId);
  stmt_bind_int(s, 2, parentId);
  stmt_bind_text(s, 3, zRelation);
  stmt_bind_text(s, 4, zFrom);
  return stmt_exec(s);
}

long long unit_create(struct db *db, const char *zName, const char *zKind, long long parentId,
                      const char *zFrom, char zSlugOut[81]){
  char zBase[72];
  if( !text_slugify(zName, zBase, sizeof zBase) ) return 0;
  for(int i=1; i<100; i++){
    if( i==1 ) snprintf(zSlugOut, 81, "%s", zBase);
    else snprintf(zSlugOut, 81, "%s-%d", zBase, i);
    struct stmt *s = db_prepare(db, "SELECT 1 FROM unit WHERE slug=?");
    stmt_bind_text(s, 1, zSlugOut);
    int bTaken = stmt_step(s);
    stmt_done(s);
    if( !bTaken ) break;
  }
  struct stmt *s = db_prepare(db,
    "INSERT INTO unit(slug,name,kind,created_at) VALUES(?,?,?,?) RETURNING id");
  stmt_bind_text(s, 1, zSlugOut);
  stmt_bind_text(s, 2, zName);
  stmt_bind_text(s, 3, zKind);
  stmt_bind_int(s, 4, (long long)time(0));
  long long id = 0;
  if( stmt_step(s)==1 ) id = stmt_int(s, 0);
  stmt_done(s);
  if( id && parentId>0 && !unit_link(db, id, parentId, "part_of", zFrom) ) return 0;
  return id;
}

long long unit_above(struct db *db, long long unitId, const char *zKind, const char *zToday){
  struct stmt *s = db_prepare(db,
    "WITH RECURSIVE up(id) AS ("
    "  SELECT CAST(?1 AS BIGINT)"
    "  UNION"
    "  SELECT l.parent_id FROM unit_link l JOIN up ON l.child_id=up.id"
    "   WHERE l.relation='part_of' AND l.valid_from<=?2"
    "     AND (l.valid_to IS NULL OR l.valid_to>?2))"
    "SELECT u.id FROM up JOIN unit u ON u.id=up.id WHERE u.kind=?3 ORDER BY u.id LIMIT 1");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_text(s, 3, zKind);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}
