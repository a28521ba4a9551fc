/* A plan's objectives as they are read: the list of a plan, one
** objective, and the SMART count (see plan.h). Reads only, beneath the
** writers of plans (plan.c) and of objectives (plan_objective.c). */
#include "domain/plan.h"
#include "util/buf.h"
#include "util/text.h"
#include <stdlib.h>
#include <string.h>

#define OBJ_COLS \
  "o.id, o.plan_id, o.ref, COALESCE(o.priority_id,0), COALESCE(pr.title,''), o.title, o.description," \
  " COALESCE(o.qi_measure_id,0), COALESCE(qm.name,''), COALESCE(o.indicator_id,0), COALESCE(i.code,'')," \
  " COALESCE(i.name_en,''), COALESCE(i.name_cy,''), o.target, o.target_value, COALESCE(o.due_on,'')," \
  " COALESCE(o.owner_person_id,0), COALESCE(pe.name,'')," \
  " COALESCE((SELECT g.rag FROM plan_progress g WHERE g.objective_id=o.id ORDER BY g.quarter DESC LIMIT 1),'')," \
  " COALESCE((SELECT MAX(g2.quarter) FROM plan_progress g2 WHERE g2.objective_id=o.id),0)" \
  " FROM plan_objective o" \
  " LEFT JOIN priority pr ON pr.id=o.priority_id" \
  " LEFT JOIN qi_measure qm ON qm.id=o.qi_measure_id" \
  " LEFT JOIN indicator i ON i.id=o.indicator_id" \
  " LEFT JOIN person pe ON pe.id=o.owner_person_id"

static void obj_from_row(struct stmt *s, struct plan_objective *o){
  memset(o, 0, sizeof *o);
  o->id = stmt_int(s, 0);
  o->planId = stmt_int(s, 1);
  text_copy(o->zRef, sizeof o->zRef, stmt_text(s, 2));
  o->priorityId = stmt_int(s, 3);
  text_copy(o->zPriorityTitle, sizeof o->zPriorityTitle, stmt_text(s, 4));
  text_copy(o->zTitle, sizeof o->zTitle, stmt_text(s, 5));
  text_copy(o->zDescription, sizeof o->zDescription, stmt_text(s, 6));
  o->qiMeasureId = stmt_int(s, 7);
  text_copy(o->zMeasureName, sizeof o->zMeasureName, stmt_text(s, 8));
  o->indicatorId = stmt_int(s, 9);
  text_copy(o->zIndicatorCode, sizeof o->zIndicatorCode, stmt_text(s, 10));
  text_copy(o->zIndicatorNameEn, sizeof o->zIndicatorNameEn, stmt_text(s, 11));
  text_copy(o->zIndicatorNameCy, sizeof o->zIndicatorNameCy, stmt_text(s, 12));
  text_copy(o->zTarget, sizeof o->zTarget, stmt_text(s, 13));
  o->bHasTargetValue = !stmt_is_null(s, 14);
  o->targetValue = o->bHasTargetValue ? stmt_double(s, 14) : 0;
  text_copy(o->zDueOn, sizeof o->zDueOn, stmt_text(s, 15));
  o->ownerPersonId = stmt_int(s, 16);
  text_copy(o->zOwnerName, sizeof o->zOwnerName, stmt_text(s, 17));
  text_copy(o->zLatestRag, sizeof o->zLatestRag, stmt_text(s, 18));
  o->latestQuarter = (int)stmt_int(s, 19);
  o->gaps = plan_smart_gaps(o->qiMeasureId || o->indicatorId, o->zTarget, o->zDueOn, o->ownerPersonId);
}

int plan_objective_list(struct db *db, long long planId, plan_objective_cb x, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " OBJ_COLS " WHERE o.plan_id=?1 ORDER BY o.sort_order, o.id");
  stmt_bind_int(s, 1, planId);
  struct plan_objective *o = xmalloc(sizeof *o);
  int n = 0;
  while( stmt_step(s)==1 ){
    obj_from_row(s, o);
    x(pCtx, o);
    n++;
  }
  stmt_done(s);
  free(o);
  return n;
}

bool plan_objective_get(struct db *db, long long planId, long long id, struct plan_objective *o){
  struct stmt *s = db_prepare(db, "SELECT " OBJ_COLS " WHERE o.id=?1 AND o.plan_id=?2");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, planId);
  bool b = stmt_step(s)==1;
  if( b ) obj_from_row(s, o);
  stmt_done(s);
  return b;
}

struct count_ctx { int n, nSmart; };
static void count_one(void *pCtx, const struct plan_objective *o){
  struct count_ctx *c = pCtx;
  c->n++;
  if( o->gaps==0 ) c->nSmart++;
}
void plan_smart_count(struct db *db, long long planId, int *pn, int *pnSmart){
  struct count_ctx c = {0, 0};
  plan_objective_list(db, planId, count_one, &c);
  *pn = c.n;
  *pnSmart = c.nSmart;
}

