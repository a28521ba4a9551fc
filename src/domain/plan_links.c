/* What an objective is tied to: the actions that deliver it, what it
** aligns with, and its quarterly progress with its measure's value (see
** plan.h). */
#include "domain/plan_internal.h"
#include "domain/indicator.h"
#include "domain/unit.h"
#include "util/json.h"
#include "util/text.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- actions ---- */

int plan_action_list(struct db *db, long long objectiveId, plan_action_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT a.id, a.ref, a.description, a.status, COALESCE(a.due_on,'')"
    "  FROM plan_objective_action oa JOIN action a ON a.id=oa.action_id"
    " WHERE oa.objective_id=?1 ORDER BY a.id");
  stmt_bind_int(s, 1, objectiveId);
  struct plan_action *a = xmalloc(sizeof *a);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(a, 0, sizeof *a);
    a->actionId = stmt_int(s, 0);
    text_copy(a->zRef, sizeof a->zRef, stmt_text(s, 1));
    text_copy(a->zDescription, sizeof a->zDescription, stmt_text(s, 2));
    text_copy(a->zStatus, sizeof a->zStatus, stmt_text(s, 3));
    text_copy(a->zDue, sizeof a->zDue, stmt_text(s, 4));
    x(pCtx, a);
    n++;
  }
  stmt_done(s);
  free(a);
  return n;
}

static void link_json(struct buf *b, long long objectiveId, const char *zKey, long long id, const char *zText){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_int(b, &bFirst, "objective", objectiveId);
  json_kv_int(b, &bFirst, zKey, id);
  if( zText ) json_kv_str(b, &bFirst, "text", zText);
  buf_putc(b, '}');
}

/* Actions may be linked to an agreed plan's objectives too: they are its
** delivery, raised through the year (plan.h). */
long long plan_action_link(struct db *db, const struct user *u, long long planId, long long objectiveId,
                           long long actionId, const char *zToday, struct field_errors *e){
  if( !plan_begin(db, e, "action") ) return 0;
  struct plan *p = xmalloc(sizeof *p);
  long long rc = 0;
  int k = plan_for_write(db, u, planId, zToday, false, p, e, "action");
  if( k>0 && !plan_objective_in(db, planId, objectiveId) ) k = field_errors_refuse_in_tx(db, e, "action", "plan.error.not_saved");
  if( k<=0 ){ rc = k; goto done; }
  struct stmt *s = db_prepare(db, "SELECT ref || ' ' || description FROM action WHERE id=?1 AND unit_id=?2");
  stmt_bind_int(s, 1, actionId);
  stmt_bind_int(s, 2, p->unitId);
  char zText[4100] = "";
  bool bFound = actionId>0 && stmt_step(s)==1;
  if( bFound ) text_copy(zText, sizeof zText, stmt_text(s, 0));
  stmt_done(s);
  if( !bFound ){
    field_errors_add(e, "action", "plan.error.action_not_found");
  }else{
    s = db_prepare(db, "SELECT 1 FROM plan_objective_action WHERE objective_id=?1 AND action_id=?2");
    stmt_bind_int(s, 1, objectiveId);
    stmt_bind_int(s, 2, actionId);
    if( domain_has_row(s) ) field_errors_add(e, "action", "plan.error.action_linked");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "action", "plan.error.not_saved") ) goto done;
  s = db_prepare(db, "INSERT INTO plan_objective_action(objective_id,action_id) VALUES(?1,?2)");
  stmt_bind_int(s, 1, objectiveId);
  stmt_bind_int(s, 2, actionId);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf b = {0};
    link_json(&b, objectiveId, "action", actionId, zText);
    ok = domain_audit(db, u, "create", "plan_objective_action", objectiveId, p->unitId, 0, &b);
  }
  if( plan_commit(db, ok, e, "action") ) rc = objectiveId;
done:
  free(p);
  return rc;
}

long long plan_action_unlink(struct db *db, const struct user *u, long long planId, long long objectiveId,
                             long long actionId, const char *zToday){
  struct field_errors e = {0};
  if( !plan_begin(db, 0, 0) ) return -1;
  struct plan *p = xmalloc(sizeof *p);
  long long rc = -1;
  int k = plan_for_write(db, u, planId, zToday, false, p, &e, "action");
  if( k<=0 ) goto done;
  struct stmt *s = db_prepare(db, "DELETE FROM plan_objective_action WHERE objective_id=?1 AND action_id=?2 RETURNING action_id");
  stmt_bind_int(s, 1, objectiveId);
  stmt_bind_int(s, 2, actionId);
  bool ok = domain_first_int(s, 0)==actionId && plan_objective_in(db, planId, objectiveId);
  if( ok ){
    struct buf b = {0};
    link_json(&b, objectiveId, "action", actionId, 0);
    ok = domain_audit(db, u, "delete", "plan_objective_action", objectiveId, p->unitId, &b, 0);
  }
  if( plan_commit(db, ok, 0, 0) ) rc = objectiveId;
done:
  free(p);
  return rc;
}

/* ---- alignments ---- */

#define ALIGN_COLS \
  "pa.id, COALESCE(pa.target_objective_id,0), COALESCE(t.plan_id,0), COALESCE(t.ref,''), COALESCE(t.title,'')," \
  " COALESCE(tu.slug,''), COALESCE(tu.name,''), COALESCE(tu.name_cy,''), COALESCE(pa.reference_id,0)," \
  " COALESCE(r.kind,''), COALESCE(r.code,''), COALESCE(r.title_en,''), COALESCE(r.title_cy,''), COALESCE(r.url,'')," \
  " COALESCE(r.demo,0), COALESCE(tp.unit_id,0)" \
  " FROM plan_alignment pa" \
  " LEFT JOIN plan_objective t ON t.id=pa.target_objective_id" \
  " LEFT JOIN plan tp ON tp.id=t.plan_id" \
  " LEFT JOIN unit tu ON tu.id=tp.unit_id" \
  " LEFT JOIN plan_reference r ON r.id=pa.reference_id"

static void align_from_row(struct stmt *s, struct plan_alignment *a){
  memset(a, 0, sizeof *a);
  a->id = stmt_int(s, 0);
  a->targetObjectiveId = stmt_int(s, 1);
  a->targetPlanId = stmt_int(s, 2);
  text_copy(a->zTargetRef, sizeof a->zTargetRef, stmt_text(s, 3));
  text_copy(a->zTargetTitle, sizeof a->zTargetTitle, stmt_text(s, 4));
  text_copy(a->zTargetUnitSlug, sizeof a->zTargetUnitSlug, stmt_text(s, 5));
  text_copy(a->zTargetUnitName, sizeof a->zTargetUnitName, stmt_text(s, 6));
  text_copy(a->zTargetUnitNameCy, sizeof a->zTargetUnitNameCy, stmt_text(s, 7));
  a->referenceId = stmt_int(s, 8);
  text_copy(a->zRefKind, sizeof a->zRefKind, stmt_text(s, 9));
  text_copy(a->zRefCode, sizeof a->zRefCode, stmt_text(s, 10));
  text_copy(a->zRefTitleEn, sizeof a->zRefTitleEn, stmt_text(s, 11));
  text_copy(a->zRefTitleCy, sizeof a->zRefTitleCy, stmt_text(s, 12));
  text_copy(a->zRefUrl, sizeof a->zRefUrl, stmt_text(s, 13));
  a->bRefDemo = stmt_int(s, 14)==1;
  a->targetUnitId = stmt_int(s, 15);
}

int plan_alignment_list(struct db *db, long long objectiveId, plan_alignment_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " ALIGN_COLS " WHERE pa.objective_id=?1"
    " ORDER BY CASE WHEN pa.target_objective_id IS NULL THEN 1 ELSE 0 END,"
    "  CASE r.kind WHEN 'imtp' THEN 1 WHEN 'rpb_area_plan' THEN 2 WHEN 'acd_outcome' THEN 3 ELSE 4 END,"
    "  r.sort_order, r.code, pa.id");
  stmt_bind_int(s, 1, objectiveId);
  struct plan_alignment *a = xmalloc(sizeof *a);
  int n = 0;
  while( stmt_step(s)==1 ){
    align_from_row(s, a);
    x(pCtx, a);
    n++;
  }
  stmt_done(s);
  free(a);
  return n;
}

int plan_aligned_to(struct db *db, const struct user *u, long long objectiveId, const char *zToday,
                    plan_alignment_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT pa.id, o.id, o.plan_id, o.ref, o.title, un.slug, un.name, COALESCE(un.name_cy,''), un.id"
    "  FROM plan_alignment pa JOIN plan_objective o ON o.id=pa.objective_id"
    "  JOIN plan p ON p.id=o.plan_id JOIN unit un ON un.id=p.unit_id"
    " WHERE pa.target_objective_id=?1 ORDER BY un.name, o.sort_order, o.id");
  stmt_bind_int(s, 1, objectiveId);
  /* Collected first: the access checks read the database. */
  int nAlloc = 8, nRow = 0;
  struct plan_alignment *a = xmalloc((size_t)nAlloc*sizeof *a);
  long long *aUnit = xmalloc((size_t)nAlloc*sizeof *aUnit);
  while( stmt_step(s)==1 ){
    if( nRow==nAlloc ){
      nAlloc *= 2;
      a = xrealloc(a, (size_t)nAlloc*sizeof *a);
      aUnit = xrealloc(aUnit, (size_t)nAlloc*sizeof *aUnit);
    }
    struct plan_alignment *r = &a[nRow];
    memset(r, 0, sizeof *r);
    r->id = stmt_int(s, 0);
    r->targetObjectiveId = stmt_int(s, 1);
    r->targetPlanId = stmt_int(s, 2);
    r->targetUnitId = stmt_int(s, 8);
    text_copy(r->zTargetRef, sizeof r->zTargetRef, stmt_text(s, 3));
    text_copy(r->zTargetTitle, sizeof r->zTargetTitle, stmt_text(s, 4));
    text_copy(r->zTargetUnitSlug, sizeof r->zTargetUnitSlug, stmt_text(s, 5));
    text_copy(r->zTargetUnitName, sizeof r->zTargetUnitName, stmt_text(s, 6));
    text_copy(r->zTargetUnitNameCy, sizeof r->zTargetUnitNameCy, stmt_text(s, 7));
    aUnit[nRow] = stmt_int(s, 8);
    nRow++;
  }
  stmt_done(s);
  int n = 0;
  for(int i=0; i<nRow; i++){
    if( !access_can_read(db, u, aUnit[i], zToday) ) continue;
    x(pCtx, &a[i]);
    n++;
  }
  free(a);
  free(aUnit);
  return n;
}

/* The units whose references and PCPG plan an objective's plan may align
** with. */
struct align_scope { long long pcpgId, hbId, rpbId, nationId; char zYear[8]; long long unitId, planId; };
static bool align_scope(struct db *db, long long objectiveId, const char *zToday, struct align_scope *sc){
  memset(sc, 0, sizeof *sc);
  struct stmt *s = db_prepare(db,
    "SELECT p.unit_id, p.year, p.id FROM plan_objective o JOIN plan p ON p.id=o.plan_id WHERE o.id=?1");
  stmt_bind_int(s, 1, objectiveId);
  bool b = stmt_step(s)==1;
  if( b ){
    sc->unitId = stmt_int(s, 0);
    text_copy(sc->zYear, sizeof sc->zYear, stmt_text(s, 1));
    sc->planId = stmt_int(s, 2);
  }
  stmt_done(s);
  if( !b ) return false;
  sc->pcpgId = unit_above(db, sc->unitId, "pcpg", zToday);
  if( sc->pcpgId==sc->unitId ) sc->pcpgId = 0;
  sc->hbId = unit_above(db, sc->unitId, "health_board", zToday);
  sc->nationId = unit_above(db, sc->unitId, "nation", zToday);
  struct unit *un = xmalloc(sizeof *un);
  if( unit_area(db, sc->unitId, "rpb", zToday, un) ) sc->rpbId = un->id;
  else{
    long long clusterId = unit_above(db, sc->unitId, "cluster", zToday);
    if( clusterId && unit_area(db, clusterId, "rpb", zToday, un) ) sc->rpbId = un->id;
  }
  free(un);
  return true;
}

int plan_alignment_choices(struct db *db, long long objectiveId, const char *zToday,
                           plan_alignment_cb x, void *pCtx){
  struct align_scope sc;
  if( !align_scope(db, objectiveId, zToday, &sc) ) return 0;
  struct plan_alignment *a = xmalloc(sizeof *a);
  int n = 0;
  struct stmt *s;
  if( sc.pcpgId ){
    s = db_prepare(db,
      "SELECT o.id, o.plan_id, o.ref, o.title, u.slug, u.name, COALESCE(u.name_cy,''), u.id"
      "  FROM plan_objective o JOIN plan p ON p.id=o.plan_id JOIN unit u ON u.id=p.unit_id"
      " WHERE p.unit_id=?1 AND p.year=?2"
      "   AND NOT EXISTS (SELECT 1 FROM plan_alignment x WHERE x.objective_id=?3 AND x.target_objective_id=o.id)"
      " ORDER BY o.sort_order, o.id");
    stmt_bind_int(s, 1, sc.pcpgId);
    stmt_bind_text(s, 2, sc.zYear);
    stmt_bind_int(s, 3, objectiveId);
    while( stmt_step(s)==1 ){
      memset(a, 0, sizeof *a);
      a->targetObjectiveId = stmt_int(s, 0);
      a->targetPlanId = stmt_int(s, 1);
      text_copy(a->zTargetRef, sizeof a->zTargetRef, stmt_text(s, 2));
      text_copy(a->zTargetTitle, sizeof a->zTargetTitle, stmt_text(s, 3));
      text_copy(a->zTargetUnitSlug, sizeof a->zTargetUnitSlug, stmt_text(s, 4));
      text_copy(a->zTargetUnitName, sizeof a->zTargetUnitName, stmt_text(s, 5));
      text_copy(a->zTargetUnitNameCy, sizeof a->zTargetUnitNameCy, stmt_text(s, 6));
      a->targetUnitId = stmt_int(s, 7);
      x(pCtx, a);
      n++;
    }
    stmt_done(s);
  }
  s = db_prepare(db,
    "SELECT r.id, r.kind, r.code, r.title_en, r.title_cy, COALESCE(r.url,''), r.demo FROM plan_reference r"
    " WHERE ((r.kind='imtp' AND r.unit_id=?1) OR (r.kind='rpb_area_plan' AND r.unit_id=?2)"
    "     OR (r.kind IN ('acd_outcome','national_priority') AND r.unit_id=?3))"
    "   AND NOT EXISTS (SELECT 1 FROM plan_alignment x WHERE x.objective_id=?4 AND x.reference_id=r.id)"
    " ORDER BY CASE r.kind WHEN 'imtp' THEN 1 WHEN 'rpb_area_plan' THEN 2 WHEN 'acd_outcome' THEN 3 ELSE 4 END,"
    "  r.sort_order, r.code, r.id");
  stmt_bind_int(s, 1, sc.hbId);
  stmt_bind_int(s, 2, sc.rpbId);
  stmt_bind_int(s, 3, sc.nationId);
  stmt_bind_int(s, 4, objectiveId);
  while( stmt_step(s)==1 ){
    memset(a, 0, sizeof *a);
    a->referenceId = stmt_int(s, 0);
    text_copy(a->zRefKind, sizeof a->zRefKind, stmt_text(s, 1));
    text_copy(a->zRefCode, sizeof a->zRefCode, stmt_text(s, 2));
    text_copy(a->zRefTitleEn, sizeof a->zRefTitleEn, stmt_text(s, 3));
    text_copy(a->zRefTitleCy, sizeof a->zRefTitleCy, stmt_text(s, 4));
    text_copy(a->zRefUrl, sizeof a->zRefUrl, stmt_text(s, 5));
    a->bRefDemo = stmt_int(s, 6)==1;
    x(pCtx, a);
    n++;
  }
  stmt_done(s);
  free(a);
  return n;
}

struct choice_find { long long targetObjectiveId, referenceId; bool bFound; };
static void choice_match(void *pCtx, const struct plan_alignment *a){
  struct choice_find *c = pCtx;
  if( (c->targetObjectiveId && a->targetObjectiveId==c->targetObjectiveId)
   || (c->referenceId && a->referenceId==c->referenceId) ) c->bFound = true;
}

long long plan_alignment_add(struct db *db, const struct user *u, long long planId, long long objectiveId,
                             const char *zTarget, const char *zToday, struct field_errors *e){
  struct choice_find cf = {0, 0, false};
  long long id = 0;
  if( zTarget && strncmp(zTarget, "obj-", 4)==0 && text_to_int(zTarget+4, 1, (long long)1<<53, &id) ) cf.targetObjectiveId = id;
  else if( zTarget && strncmp(zTarget, "ref-", 4)==0 && text_to_int(zTarget+4, 1, (long long)1<<53, &id) ) cf.referenceId = id;
  if( !plan_begin(db, e, "target") ) return 0;
  struct plan *p = xmalloc(sizeof *p);
  long long rc = 0;
  int k = plan_for_write(db, u, planId, zToday, true, p, e, "target");
  if( k>0 && !plan_objective_in(db, planId, objectiveId) ) k = field_errors_refuse_in_tx(db, e, "target", "plan.error.not_saved");
  if( k<=0 ){ rc = k; goto done; }
  if( !cf.targetObjectiveId && !cf.referenceId ){
    field_errors_add(e, "target", "plan.error.target_required");
  }else{
    plan_alignment_choices(db, objectiveId, zToday, choice_match, &cf);
    if( !cf.bFound ) field_errors_add(e, "target", "plan.error.target_not_found");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "target", "plan.error.not_saved") ) goto done;
  struct stmt *s = db_prepare(db,
    "INSERT INTO plan_alignment(objective_id,target_objective_id,reference_id) VALUES(?1,?2,?3) RETURNING id");
  stmt_bind_int(s, 1, objectiveId);
  if( cf.targetObjectiveId ) stmt_bind_int(s, 2, cf.targetObjectiveId); else stmt_bind_null(s, 2);
  if( cf.referenceId ) stmt_bind_int(s, 3, cf.referenceId); else stmt_bind_null(s, 3);
  long long aid = domain_first_int(s, 0);
  bool ok = aid>0;
  if( ok ){
    struct buf b = {0};
    link_json(&b, objectiveId, cf.targetObjectiveId ? "target_objective" : "reference",
              cf.targetObjectiveId ? cf.targetObjectiveId : cf.referenceId, 0);
    ok = domain_audit(db, u, "create", "plan_alignment", aid, p->unitId, 0, &b);
  }
  if( plan_commit(db, ok, e, "target") ) rc = aid;
done:
  free(p);
  return rc;
}

long long plan_alignment_remove(struct db *db, const struct user *u, long long planId, long long objectiveId,
                                long long alignmentId, const char *zToday, struct field_errors *e){
  if( !plan_begin(db, e, "target") ) return 0;
  struct plan *p = xmalloc(sizeof *p);
  long long rc = 0;
  int k = plan_for_write(db, u, planId, zToday, true, p, e, "target");
  if( k>0 && !plan_objective_in(db, planId, objectiveId) ) k = field_errors_refuse_in_tx(db, e, "target", "plan.error.not_saved");
  if( k<=0 ){ rc = k; goto done; }
  struct stmt *s = db_prepare(db,
    "SELECT COALESCE(target_objective_id,0), COALESCE(reference_id,0) FROM plan_alignment WHERE id=?1 AND objective_id=?2");
  stmt_bind_int(s, 1, alignmentId);
  stmt_bind_int(s, 2, objectiveId);
  long long targetId = 0, refId = 0;
  bool bFound = stmt_step(s)==1;
  if( bFound ){ targetId = stmt_int(s, 0); refId = stmt_int(s, 1); }
  stmt_done(s);
  if( !bFound ){ rc = field_errors_refuse_in_tx(db, e, "target", "plan.error.not_saved"); goto done; }
  s = db_prepare(db, "DELETE FROM plan_alignment WHERE id=?1");
  stmt_bind_int(s, 1, alignmentId);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf b = {0};
    link_json(&b, objectiveId, targetId ? "target_objective" : "reference", targetId ? targetId : refId, 0);
    ok = domain_audit(db, u, "delete", "plan_alignment", alignmentId, p->unitId, &b, 0);
  }
  if( plan_commit(db, ok, e, "target") ) rc = alignmentId;
done:
  free(p);
  return rc;
}

/* ---- progress ---- */

int plan_progress_list(struct db *db, long long objectiveId, plan_progress_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT g.id, g.quarter, g.rag, g.reason, COALESCE(g.measure_value,''), COALESCE(a.name,''), g.created_at"
    "  FROM plan_progress g LEFT JOIN app_user a ON a.id=g.user_id"
    " WHERE g.objective_id=?1 ORDER BY g.quarter");
  stmt_bind_int(s, 1, objectiveId);
  struct plan_progress *g = xmalloc(sizeof *g);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(g, 0, sizeof *g);
    g->id = stmt_int(s, 0);
    g->quarter = (int)stmt_int(s, 1);
    text_copy(g->zRag, sizeof g->zRag, stmt_text(s, 2));
    text_copy(g->zReason, sizeof g->zReason, stmt_text(s, 3));
    text_copy(g->zMeasureValue, sizeof g->zMeasureValue, stmt_text(s, 4));
    text_copy(g->zBy, sizeof g->zBy, stmt_text(s, 5));
    g->createdAt = stmt_int(s, 6);
    x(pCtx, g);
    n++;
  }
  stmt_done(s);
  free(g);
  return n;
}

/* A number as a person reads it: up to 4 significant figures past the
** point, no trailing zeros. */
static void fmt_num(double v, char *z, size_t n){
  if( fabs(v)>=1e6 || v==floor(v) ) snprintf(z, n, "%.0f", v);
  else snprintf(z, n, "%.4g", v);
}

/* An indicator's figure as its pages write it: one decimal place below
** 1,000, whole numbers with thousands separators above; "%" after a
** proportion given per cent. */
static void fmt_ind(double v, double multiplier, char *z, size_t n){
  char zNum[64];
  if( fabs(v)<1000 ){
    snprintf(zNum, sizeof zNum, "%.1f", v);
  }else{
    char zRaw[48];
    snprintf(zRaw, sizeof zRaw, "%.0f", fabs(v));
    size_t nRaw = strlen(zRaw), k = 0;
    if( v<0 ) zNum[k++] = '-';
    for(size_t i=0; i<nRaw && k+2<sizeof zNum; i++){
      if( i>0 && (nRaw-i)%3==0 ) zNum[k++] = ',';
      zNum[k++] = zRaw[i];
    }
    zNum[k] = 0;
  }
  snprintf(z, n, "%s%s", zNum, multiplier==100 ? "%" : "");
}

struct last_period { char z[INDICATOR_PERIOD_MAX]; };
static void period_last(void *pCtx, const char *zPeriod){
  struct last_period *l = pCtx;
  text_copy(l->z, sizeof l->z, zPeriod);
}

void plan_measure_value(struct db *db, const struct plan_objective *o, long long unitId, char *zOut, size_t n,
                        bool *pbDemo){
  zOut[0] = 0;
  if( pbDemo ) *pbDemo = false;
  char zA[40], zB[40], zC[40];
  if( o->qiMeasureId ){
    struct stmt *s = db_prepare(db,
      "SELECT p.value, p.on_date, COALESCE(m.unit,'') FROM qi_point p JOIN qi_measure m ON m.id=p.measure_id"
      " WHERE p.measure_id=?1 ORDER BY p.on_date DESC LIMIT 1");
    stmt_bind_int(s, 1, o->qiMeasureId);
    if( stmt_step(s)==1 ){
      fmt_num(stmt_double(s, 0), zA, sizeof zA);
      const char *zUnit = stmt_text(s, 2);
      snprintf(zOut, n, "%s%s%s (%s)", zA, zUnit[0] ? " " : "", zUnit, stmt_text(s, 1));
    }
    stmt_done(s);
    return;
  }
  if( !o->indicatorId ) return;
  struct indicator *ind = xmalloc(sizeof *ind);
  struct last_period lp = {""};
  if( indicator_get(db, o->indicatorId, ind) && indicator_periods(db, o->indicatorId, period_last, &lp)>0 ){
    struct indicator_stat st;
    if( indicator_stat_of(db, ind, unitId, lp.z, 0, &st) && st.bValue ){
      fmt_ind(st.value, ind->multiplier, zA, sizeof zA);
      if( !isnan(st.lower95) && !isnan(st.upper95) ){
        fmt_ind(st.lower95, ind->multiplier, zB, sizeof zB);
        fmt_ind(st.upper95, ind->multiplier, zC, sizeof zC);
        snprintf(zOut, n, "%s (%s–%s), %s", zA, zB, zC, lp.z);
      }else{
        snprintf(zOut, n, "%s, %s", zA, lp.z);
      }
      if( pbDemo ) *pbDemo = st.bDemo;
    }
  }
  free(ind);
}

long long plan_progress_record(struct db *db, const struct user *u, long long planId, long long objectiveId,
                               const char *zQuarter, const char *zRag, const char *zReason,
                               const char *zToday, struct field_errors *e){
  long long q = 0;
  if( text_blank(zQuarter) ) field_errors_add(e, "quarter", "plan.error.quarter_required");
  else if( !text_to_int(zQuarter, 1, 4, &q) ) field_errors_add(e, "quarter", "plan.error.quarter_invalid");
  if( text_blank(zRag) ) field_errors_add(e, "rag", "plan.error.rag_required");
  else if( strcmp(zRag, "red")!=0 && strcmp(zRag, "amber")!=0 && strcmp(zRag, "green")!=0 ){
    field_errors_add(e, "rag", "plan.error.rag_required");
  }
  plan_check_text(e, "reason", zReason, true, PLAN_TEXT_MAX, true, "plan.error.reason_required");
  int nKeep = e->n;
  if( !plan_begin(db, e, "quarter") ) return 0;
  struct plan *p = xmalloc(sizeof *p);
  struct plan_objective *o = xmalloc(sizeof *o);
  long long rc = 0;
  int k = plan_for_write(db, u, planId, zToday, false, p, e, "quarter");
  if( k>0 && !plan_objective_get(db, planId, objectiveId, o) ) k = field_errors_refuse_in_tx(db, e, "quarter", "plan.error.not_saved");
  if( k<=0 ){ rc = k; goto done; }
  if( strcmp(p->zStatus, "agreed")!=0 ) field_errors_add(e, "quarter", "plan.error.not_agreed");
  else if( q>0 && q>plan_quarter_latest(p->zYear, zToday) ) field_errors_add(e, "quarter", "plan.error.quarter_future");
  if( !field_errors_checked_in_tx(db, e, nKeep, "quarter", "plan.error.not_saved") ) goto done;
  char zValue[401];
  plan_measure_value(db, o, p->unitId, zValue, sizeof zValue, 0);
  struct buf bOld = {0}, bNew = {0};
  bool bFirst = true;
  struct stmt *s = db_prepare(db, "SELECT rag, reason, COALESCE(measure_value,'') FROM plan_progress WHERE objective_id=?1 AND quarter=?2");
  stmt_bind_int(s, 1, objectiveId);
  stmt_bind_int(s, 2, q);
  bool bHad = stmt_step(s)==1;
  if( bHad ){
    buf_putc(&bOld, '{');
    json_kv_int(&bOld, &bFirst, "quarter", q);
    json_kv_str(&bOld, &bFirst, "rag", stmt_text(s, 0));
    json_kv_str(&bOld, &bFirst, "reason", stmt_text(s, 1));
    json_kv_str(&bOld, &bFirst, "measure_value", stmt_text(s, 2));
    buf_putc(&bOld, '}');
  }
  stmt_done(s);
  s = db_prepare(db, "DELETE FROM plan_progress WHERE objective_id=?1 AND quarter=?2");
  stmt_bind_int(s, 1, objectiveId);
  stmt_bind_int(s, 2, q);
  bool ok = stmt_exec(s);
  long long id = 0;
  if( ok ){
    s = db_prepare(db,
      "INSERT INTO plan_progress(objective_id,quarter,rag,reason,measure_value,user_id,created_at)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7) RETURNING id");
    stmt_bind_int(s, 1, objectiveId);
    stmt_bind_int(s, 2, q);
    stmt_bind_text(s, 3, zRag);
    stmt_bind_text(s, 4, zReason);
    stmt_bind_text(s, 5, zValue[0] ? zValue : 0);
    stmt_bind_int(s, 6, u->id);
    stmt_bind_int(s, 7, (long long)time(0));
    id = domain_first_int(s, 0);
    ok = id>0;
  }
  if( ok ){
    bFirst = true;
    buf_putc(&bNew, '{');
    json_kv_int(&bNew, &bFirst, "objective", objectiveId);
    json_kv_int(&bNew, &bFirst, "quarter", q);
    json_kv_str(&bNew, &bFirst, "rag", zRag);
    json_kv_str(&bNew, &bFirst, "reason", zReason);
    json_kv_str(&bNew, &bFirst, "measure_value", zValue);
    buf_putc(&bNew, '}');
    ok = domain_audit(db, u, bHad ? "update" : "create", "plan_progress", id, p->unitId, bHad ? &bOld : 0, &bNew);
  }
  if( !ok || !bHad ) buf_free(&bOld);
  if( plan_commit(db, ok, e, "quarter") ) rc = id;
done:
  free(p);
  free(o);
  return rc;
}
