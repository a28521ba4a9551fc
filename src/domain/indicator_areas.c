#include "domain/indicator_areas.h"
#include "util/buf.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool indicator_areas_load(struct db *db, const char *zToday, struct indicator_areas *pOut){
  memset(pOut, 0, sizeof *pOut);
  /* Every area with each unit at or above it; the health board among them. */
  struct stmt *s = db_prepare(db,
    "WITH RECURSIVE up(start_id, id) AS ("
    "  SELECT u.id, u.id FROM unit u WHERE u.kind IN ('cluster','health_board','nation')"
    "  UNION"
    "  SELECT up.start_id, l.parent_id FROM unit_link l JOIN up ON l.child_id=up.id"
    "   WHERE l.relation='part_of' AND l.valid_from<=?1"
    "     AND (l.valid_to IS NULL OR l.valid_to>?1))"
    "SELECT a.id, a.slug, a.name, COALESCE(a.name_cy,''), a.kind,"
    "       MAX(CASE WHEN h.kind='health_board' THEN h.id ELSE 0 END)"
    "  FROM unit a JOIN up ON up.start_id=a.id JOIN unit h ON h.id=up.id"
    " GROUP BY a.id, a.slug, a.name, a.name_cy, a.kind"
    " ORDER BY CASE a.kind WHEN 'cluster' THEN 0 WHEN 'health_board' THEN 1 ELSE 2 END, a.name, a.id");
  stmt_bind_text(s, 1, zToday);
  size_t nAlloc = 0;
  int rc;
  while( (rc = stmt_step(s))==1 ){
    if( pOut->n==nAlloc ){
      nAlloc = nAlloc ? nAlloc*2 : 128;
      pOut->a = xrealloc(pOut->a, nAlloc*sizeof *pOut->a);
    }
    struct indicator_area *p = &pOut->a[pOut->n++];
    memset(p, 0, sizeof *p);
    p->id = stmt_int(s, 0);
    text_copy(p->zSlug, sizeof p->zSlug, stmt_text(s, 1));
    text_copy(p->zName, sizeof p->zName, stmt_text(s, 2));
    text_copy(p->zNameCy, sizeof p->zNameCy, stmt_text(s, 3));
    const char *zKind = stmt_text(s, 4);
    p->kind = strcmp(zKind, "cluster")==0 ? INDICATOR_AREA_CLUSTER
            : strcmp(zKind, "health_board")==0 ? INDICATOR_AREA_HEALTH_BOARD : INDICATOR_AREA_NATION;
    p->healthBoardId = stmt_int(s, 5);
  }
  stmt_done(s);
  if( rc<0 ){ indicator_areas_free(pOut); return false; }
  return true;
}

void indicator_areas_free(struct indicator_areas *p){
  free(p->a);
  memset(p, 0, sizeof *p);
}

const struct indicator_area *indicator_areas_find(const struct indicator_areas *p, long long id){
  for(size_t i=0; i<p->n; i++) if( p->a[i].id==id ) return &p->a[i];
  return 0;
}
