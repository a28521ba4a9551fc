/* What the views of plans read (see plan_views.h). */
#include "domain/plan_views.h"
#include "util/buf.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- financial years ------------------------------------------------------------ */

void planview_year_of(const char *zDate, char zOut[8]){
  int y = atoi(zDate), m = atoi(zDate+5);
  int start = m>=4 ? y : y-1;
  snprintf(zOut, 8, "%04d/%02d", (unsigned)start % 10000u, (unsigned)(start+1) % 100u);
}

bool planview_year_ok(const char *z){
  if( !z || strlen(z)!=7 || z[4]!='/' ) return false;
  for(int i=0; i<7; i++) if( i!=4 && (z[i]<'0' || z[i]>'9') ) return false;
  int y = atoi(z);
  return y>=1000 && y<=9998 && (y+1)%100==atoi(z+5);
}

void planview_year_bounds(const char *zYear, char zStart[11], char zEnd[11]){
  int y = atoi(zYear);
  snprintf(zStart, 11, "%04d-04-01", (unsigned)y % 10000u);
  snprintf(zEnd, 11, "%04d-03-31", (unsigned)(y+1) % 10000u);
}

void planview_quarter_end(const char *zYear, int q, char zOut[11]){
  static const char *const azEnd[] = { "06-30", "09-30", "12-31", "03-31" };
  int y = atoi(zYear);
  if( q<1 ) q = 1;
  if( q>4 ) q = 4;
  snprintf(zOut, 11, "%04d-%s", (unsigned)(q==4 ? y+1 : y) % 10000u, azEnd[q-1]);
}

void planview_year_shift(const char *zYear, int n, char zOut[8]){
  int y = atoi(zYear) + n;
  if( y<1000 ) y = 1000;
  if( y>9998 ) y = 9998;
  snprintf(zOut, 8, "%04d/%02d", (unsigned)y % 10000u, (unsigned)(y+1) % 100u);
}

/* ---- a plan ----------------------------------------------------------------------- */

bool planview_get(struct db *db, long long id, struct planview_plan *p){
  memset(p, 0, sizeof *p);
  struct stmt *s = db_prepare(db,
    "SELECT p.id, p.unit_id, u.slug, u.name, COALESCE(u.name_cy,''), u.kind, p.year, p.vision,"
    " CASE WHEN p.status='agreed' THEN 1 ELSE 0 END, p.demo, COALESCE(p.decision_id,0), COALESCE(p.agreed_at,0),"
    " COALESCE(m.id,0), COALESCE(a.id,0), COALESCE(m.title,''), COALESCE(m.starts_at,''), COALESCE(d.text,''),"
    " COALESCE(p.assessment_id,0)"
    " FROM plan p JOIN unit u ON u.id=p.unit_id"
    " LEFT JOIN decision d ON d.id=p.decision_id"
    " LEFT JOIN agenda_item a ON a.id=d.agenda_item_id"
    " LEFT JOIN meeting m ON m.id=a.meeting_id"
    " WHERE p.id=?");
  stmt_bind_int(s, 1, id);
  bool ok = stmt_step(s)==1;
  if( ok ){
    p->id = stmt_int(s, 0);
    p->unitId = stmt_int(s, 1);
    text_copy(p->zUnitSlug, sizeof p->zUnitSlug, stmt_text(s, 2));
    text_copy(p->zUnitName, sizeof p->zUnitName, stmt_text(s, 3));
    text_copy(p->zUnitNameCy, sizeof p->zUnitNameCy, stmt_text(s, 4));
    text_copy(p->zUnitKind, sizeof p->zUnitKind, stmt_text(s, 5));
    text_copy(p->zYear, sizeof p->zYear, stmt_text(s, 6));
    text_copy(p->zVision, sizeof p->zVision, stmt_text(s, 7));
    p->bAgreed = stmt_int(s, 8)==1;
    p->bDemo = stmt_int(s, 9)==1;
    p->decisionId = stmt_int(s, 10);
    p->agreedAt = stmt_int(s, 11);
    p->meetingId = stmt_int(s, 12);
    p->itemId = stmt_int(s, 13);
    text_copy(p->zMeetingTitle, sizeof p->zMeetingTitle, stmt_text(s, 14));
    text_copy(p->zMeetingDate, sizeof p->zMeetingDate, stmt_text(s, 15));
    text_copy(p->zDecision, sizeof p->zDecision, stmt_text(s, 16));
    p->assessmentId = stmt_int(s, 17);
  }
  stmt_done(s);
  return ok;
}

bool planview_get_visible(struct db *db, const struct user *pUser, long long id, const char *zToday,
                          struct planview_plan *p){
  return planview_get(db, id, p) && access_can_read(db, pUser, p->unitId, zToday);
}

int planview_objectives(struct db *db, long long planId, planview_objective_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT o.id, o.plan_id, o.ref, o.title, COALESCE(o.priority_id,0), COALESCE(pr.title,''),"
    " COALESCE(o.qi_measure_id,0), COALESCE(qm.project_id,0), COALESCE(qm.name,''),"
    " COALESCE(o.indicator_id,0), COALESCE(i.code,''), COALESCE(i.name_en,''), COALESCE(i.name_cy,''),"
    " o.target, COALESCE(o.due_on,''), COALESCE(o.owner_person_id,0), COALESCE(pe.name,''),"
    " COALESCE((SELECT g.quarter FROM plan_progress g WHERE g.objective_id=o.id ORDER BY g.quarter DESC LIMIT 1),0),"
    " COALESCE((SELECT g.rag FROM plan_progress g WHERE g.objective_id=o.id ORDER BY g.quarter DESC LIMIT 1),'')"
    " FROM plan_objective o"
    " LEFT JOIN priority pr ON pr.id=o.priority_id"
    " LEFT JOIN qi_measure qm ON qm.id=o.qi_measure_id"
    " LEFT JOIN indicator i ON i.id=o.indicator_id"
    " LEFT JOIN person pe ON pe.id=o.owner_person_id"
    " WHERE o.plan_id=? ORDER BY o.sort_order, o.id");
  stmt_bind_int(s, 1, planId);
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct planview_objective *o = xmalloc(sizeof *o);
    memset(o, 0, sizeof *o);
    o->id = stmt_int(s, 0);
    o->planId = stmt_int(s, 1);
    text_copy(o->zRef, sizeof o->zRef, stmt_text(s, 2));
    text_copy(o->zTitle, sizeof o->zTitle, stmt_text(s, 3));
    o->priorityId = stmt_int(s, 4);
    text_copy(o->zPriority, sizeof o->zPriority, stmt_text(s, 5));
    o->measureId = stmt_int(s, 6);
    o->projectId = stmt_int(s, 7);
    text_copy(o->zMeasure, sizeof o->zMeasure, stmt_text(s, 8));
    o->indicatorId = stmt_int(s, 9);
    text_copy(o->zIndicatorCode, sizeof o->zIndicatorCode, stmt_text(s, 10));
    text_copy(o->zIndicatorEn, sizeof o->zIndicatorEn, stmt_text(s, 11));
    text_copy(o->zIndicatorCy, sizeof o->zIndicatorCy, stmt_text(s, 12));
    text_copy(o->zTarget, sizeof o->zTarget, stmt_text(s, 13));
    text_copy(o->zDue, sizeof o->zDue, stmt_text(s, 14));
    o->ownerId = stmt_int(s, 15);
    text_copy(o->zOwner, sizeof o->zOwner, stmt_text(s, 16));
    o->quarter = (int)stmt_int(s, 17);
    text_copy(o->zRag, sizeof o->zRag, stmt_text(s, 18));
    x(pCtx, o);
    free(o);
    n++;
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

void planview_priority_title(struct db *db, long long id, char *z, size_t n){
  struct stmt *s = db_prepare(db, "SELECT title FROM priority WHERE id=?");
  stmt_bind_int(s, 1, id);
  text_copy(z, n, stmt_step(s)==1 ? stmt_text(s, 0) : "");
  stmt_done(s);
}

/* ---- below a unit ---------------------------------------------------------------- */

/* The SQL that opens a query on unit ?1 and the units below it on day ?2
** (its part_of links valid then): the set below(id). */
#define BELOW_UNIT \
  "WITH RECURSIVE below(id) AS (" \
  "  SELECT CAST(?1 AS BIGINT)" \
  "  UNION ALL" \
  "  SELECT l.child_id FROM unit_link l JOIN below b ON l.parent_id=b.id" \
  "   WHERE l.relation='part_of' AND l.valid_from<=?2 AND (l.valid_to IS NULL OR l.valid_to>?2)" \
  ")"

int planview_units_below(struct db *db, long long unitId, const char *zToday, const char *zYear,
                         planview_unit_plan_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    BELOW_UNIT
    " SELECT u.id, u.slug, u.name, COALESCE(u.name_cy,''), u.kind, COALESCE(p.id,0),"
    " CASE WHEN p.status='agreed' THEN 1 ELSE 0 END, COALESCE(p.demo,0)"
    " FROM below b JOIN unit u ON u.id=b.id"
    " LEFT JOIN plan p ON p.unit_id=u.id AND p.year=?3"
    " WHERE u.kind IN ('pcpg','cluster')"
    " ORDER BY CASE WHEN u.kind='pcpg' THEN 0 ELSE 1 END, u.name, u.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_text(s, 3, zYear);
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct planview_unit_plan u;
    memset(&u, 0, sizeof u);
    u.unitId = stmt_int(s, 0);
    text_copy(u.zSlug, sizeof u.zSlug, stmt_text(s, 1));
    text_copy(u.zName, sizeof u.zName, stmt_text(s, 2));
    text_copy(u.zNameCy, sizeof u.zNameCy, stmt_text(s, 3));
    text_copy(u.zKind, sizeof u.zKind, stmt_text(s, 4));
    u.planId = stmt_int(s, 5);
    u.bAgreed = stmt_int(s, 6)==1;
    u.bDemo = stmt_int(s, 7)==1;
    x(pCtx, &u);
    n++;
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

static void aligned_row(struct stmt *s, struct planview_aligned *a){
  memset(a, 0, sizeof *a);
  a->objectiveId = stmt_int(s, 0);
  a->planId = stmt_int(s, 1);
  a->targetId = stmt_int(s, 2);
  text_copy(a->zRef, sizeof a->zRef, stmt_text(s, 3));
  text_copy(a->zTitle, sizeof a->zTitle, stmt_text(s, 4));
  text_copy(a->zUnitSlug, sizeof a->zUnitSlug, stmt_text(s, 5));
  text_copy(a->zUnitName, sizeof a->zUnitName, stmt_text(s, 6));
  text_copy(a->zUnitNameCy, sizeof a->zUnitNameCy, stmt_text(s, 7));
  text_copy(a->zRag, sizeof a->zRag, stmt_text(s, 8));
  a->bDemo = stmt_int(s, 9)==1;
}

/* Each row of s (columns as aligned_row reads them) to x; s finished.
** The number of rows, or -1 if the database failed. */
static int aligned_each(struct stmt *s, planview_aligned_cb x, void *pCtx){
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct planview_aligned a;
    aligned_row(s, &a);
    x(pCtx, &a);
    n++;
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

int planview_aligned_to_plan(struct db *db, long long planId, planview_aligned_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT o.id, o.plan_id, al.target_objective_id, o.ref, o.title, u.slug, u.name, COALESCE(u.name_cy,''),"
    " COALESCE((SELECT g.rag FROM plan_progress g WHERE g.objective_id=o.id ORDER BY g.quarter DESC LIMIT 1),''),"
    " p.demo"
    " FROM plan_alignment al"
    " JOIN plan_objective t ON t.id=al.target_objective_id"
    " JOIN plan_objective o ON o.id=al.objective_id"
    " JOIN plan p ON p.id=o.plan_id JOIN unit u ON u.id=p.unit_id"
    " WHERE t.plan_id=? ORDER BY t.sort_order, t.id, u.name, o.sort_order, o.id");
  stmt_bind_int(s, 1, planId);
  return aligned_each(s, x, pCtx);
}

int planview_aligned_to_references(struct db *db, long long unitId, const char *zKind, const char *zYear,
                                   const char *zToday, planview_aligned_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    BELOW_UNIT
    " SELECT o.id, o.plan_id, r.id, o.ref, o.title, u.slug, u.name, COALESCE(u.name_cy,''),"
    " COALESCE((SELECT g.rag FROM plan_progress g WHERE g.objective_id=o.id ORDER BY g.quarter DESC LIMIT 1),''),"
    " p.demo"
    " FROM plan_reference r"
    " JOIN plan_alignment al ON al.reference_id=r.id"
    " JOIN plan_objective o ON o.id=al.objective_id"
    " JOIN plan p ON p.id=o.plan_id JOIN unit u ON u.id=p.unit_id"
    " WHERE r.unit_id=?1 AND r.kind=?3 AND p.year=?4 AND p.unit_id IN (SELECT id FROM below)"
    " ORDER BY r.sort_order, r.code, CASE WHEN u.kind='pcpg' THEN 0 ELSE 1 END, u.name, o.sort_order, o.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_text(s, 3, zKind);
  stmt_bind_text(s, 4, zYear);
  return aligned_each(s, x, pCtx);
}
