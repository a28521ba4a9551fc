/*
** The thread from an indicator to the findings, priorities and plan
** objectives it justified (src/domain/indicator_thread.h).
*/
#include "domain/indicator_thread.h"
#include "util/buf.h"
#include "util/text.h"
#include <stdlib.h>
#include <string.h>

static void *grow(void *a, size_t n, size_t *pAlloc, size_t sz){
  if( n<*pAlloc ) return a;
  *pAlloc = *pAlloc ? *pAlloc*2 : 8;
  return xrealloc(a, *pAlloc*sz);
}

bool indicator_thread_load(struct db *db, long long indicatorId, long long unitId, struct indicator_thread *pOut){
  memset(pOut, 0, sizeof *pOut);
  size_t nAlloc = 0;
  int rc;
  struct stmt *s = db_prepare(db,
    "SELECT f.id, a.id, a.year, COALESCE(f.period,''), f.what, a.demo"
    "  FROM needs_finding f JOIN needs_assessment a ON a.id=f.assessment_id"
    " WHERE a.unit_id=?1 AND f.indicator_id=?2"
    " ORDER BY a.year DESC, f.sort_order, f.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, indicatorId);
  while( (rc = stmt_step(s))==1 ){
    pOut->aFinding = grow(pOut->aFinding, pOut->nFinding, &nAlloc, sizeof *pOut->aFinding);
    struct indicator_thread_finding *p = &pOut->aFinding[pOut->nFinding++];
    memset(p, 0, sizeof *p);
    p->id = stmt_int(s, 0);
    p->assessmentId = stmt_int(s, 1);
    text_copy(p->zYear, sizeof p->zYear, stmt_text(s, 2));
    text_copy(p->zPeriod, sizeof p->zPeriod, stmt_text(s, 3));
    text_copy(p->zWhat, sizeof p->zWhat, stmt_text(s, 4));
    p->bDemo = stmt_int(s, 5)==1;
  }
  stmt_done(s);
  if( rc<0 ) goto fail;

  nAlloc = 0;
  s = db_prepare(db,
    "SELECT p.id, p.assessment_id, pf.finding_id, p.title"
    "  FROM priority p JOIN priority_finding pf ON pf.priority_id=p.id"
    "  JOIN needs_finding f ON f.id=pf.finding_id"
    "  JOIN needs_assessment a ON a.id=p.assessment_id"
    " WHERE a.unit_id=?1 AND f.indicator_id=?2"
    " ORDER BY pf.finding_id, p.title, p.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, indicatorId);
  while( (rc = stmt_step(s))==1 ){
    pOut->aPriority = grow(pOut->aPriority, pOut->nPriority, &nAlloc, sizeof *pOut->aPriority);
    struct indicator_thread_priority *p = &pOut->aPriority[pOut->nPriority++];
    memset(p, 0, sizeof *p);
    p->id = stmt_int(s, 0);
    p->assessmentId = stmt_int(s, 1);
    p->findingId = stmt_int(s, 2);
    text_copy(p->zTitle, sizeof p->zTitle, stmt_text(s, 3));
  }
  stmt_done(s);
  if( rc<0 ) goto fail;

  nAlloc = 0;
  s = db_prepare(db,
    "SELECT o.id, o.plan_id, o.ref, o.title, pl.year, CASE WHEN o.indicator_id=?2 THEN 1 ELSE 0 END,"
    "       COALESCE(o.priority_id, 0), pl.demo"
    "  FROM plan_objective o JOIN plan pl ON pl.id=o.plan_id"
    " WHERE pl.unit_id=?1"
    "   AND (o.indicator_id=?2 OR o.priority_id IN ("
    "     SELECT pf.priority_id FROM priority_finding pf"
    "       JOIN needs_finding f ON f.id=pf.finding_id"
    "       JOIN needs_assessment a ON a.id=f.assessment_id"
    "      WHERE a.unit_id=?1 AND f.indicator_id=?2))"
    " ORDER BY pl.year DESC, o.sort_order, o.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, indicatorId);
  while( (rc = stmt_step(s))==1 ){
    pOut->aObjective = grow(pOut->aObjective, pOut->nObjective, &nAlloc, sizeof *pOut->aObjective);
    struct indicator_thread_objective *p = &pOut->aObjective[pOut->nObjective++];
    memset(p, 0, sizeof *p);
    p->id = stmt_int(s, 0);
    p->planId = stmt_int(s, 1);
    text_copy(p->zRef, sizeof p->zRef, stmt_text(s, 2));
    text_copy(p->zTitle, sizeof p->zTitle, stmt_text(s, 3));
    text_copy(p->zYear, sizeof p->zYear, stmt_text(s, 4));
    p->bMeasured = stmt_int(s, 5)==1;
    p->priorityId = stmt_int(s, 6);
    p->bDemo = stmt_int(s, 7)==1;
  }
  stmt_done(s);
  if( rc<0 ) goto fail;

  /* The projects of those objectives. */
  nAlloc = 0;
  s = db_prepare(db,
    "SELECT p.id, p.objective_id, p.title, p.stage FROM project p"
    " WHERE p.objective_id IN ("
    "  SELECT o.id FROM plan_objective o JOIN plan pl ON pl.id=o.plan_id"
    "   WHERE pl.unit_id=?1 AND (o.indicator_id=?2 OR o.priority_id IN ("
    "     SELECT pf.priority_id FROM priority_finding pf"
    "       JOIN needs_finding f ON f.id=pf.finding_id"
    "       JOIN needs_assessment a ON a.id=f.assessment_id"
    "      WHERE a.unit_id=?1 AND f.indicator_id=?2)))"
    " ORDER BY p.objective_id, p.title, p.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, indicatorId);
  while( (rc = stmt_step(s))==1 ){
    pOut->aProject = grow(pOut->aProject, pOut->nProject, &nAlloc, sizeof *pOut->aProject);
    struct indicator_thread_project *p = &pOut->aProject[pOut->nProject++];
    memset(p, 0, sizeof *p);
    p->id = stmt_int(s, 0);
    p->objectiveId = stmt_int(s, 1);
    text_copy(p->zTitle, sizeof p->zTitle, stmt_text(s, 2));
    text_copy(p->zStage, sizeof p->zStage, stmt_text(s, 3));
  }
  stmt_done(s);
  if( rc<0 ) goto fail;
  return true;
fail:
  indicator_thread_free(pOut);
  return false;
}

void indicator_thread_free(struct indicator_thread *p){
  free(p->aFinding);
  free(p->aPriority);
  free(p->aObjective);
  free(p->aProject);
  memset(p, 0, sizeof *p);
}
