/* The portfolio of a unit: its projects and those of the units within it,
** each with the same figures project_facts_load reads for one project,
** read here for all of them in five queries whatever their number (see
** project_write.h). */
#include "domain/project_write.h"
#include "domain/risk.h"
#include "util/buf.h"
#include "util/text.h"
#include <stdlib.h>
#include <string.h>

/* The units at and below ?1 on day ?2, and their projects (?3: an
** objective, 0 for any). */
#define DOWN \
  "WITH RECURSIVE down(id) AS (SELECT CAST(?1 AS BIGINT) UNION" \
  " SELECT l.child_id FROM unit_link l JOIN down ON l.parent_id=down.id" \
  "  WHERE l.relation='part_of' AND l.valid_from<=?2 AND (l.valid_to IS NULL OR l.valid_to>?2)) "
#define PSET \
  "SELECT ps.id FROM project ps WHERE ps.unit_id IN (SELECT id FROM down) AND (?3=0 OR ps.objective_id=?3)"

struct prow {
  struct portfolio_row row;
  char *zUnitSlug, *zUnitName, *zUnitNameCy, *zTitle, *zStage, *zProblem, *zClosedOn, *zTopRisk;
};

static struct prow *find(struct prow *a, int n, long long id){
  int lo = 0, hi = n-1;
  while( lo<=hi ){
    int mid = (lo+hi)/2;
    if( a[mid].row.id==id ) return &a[mid];
    if( a[mid].row.id<id ) lo = mid+1; else hi = mid-1;
  }
  return 0;
}

static struct stmt *bind3(struct stmt *s, long long unitId, const char *zToday, long long objectiveId){
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_int(s, 3, objectiveId);
  return s;
}

static int by_unit_title(const void *pa, const void *pb){
  const struct prow *a = *(struct prow *const *)pa, *b = *(struct prow *const *)pb;
  int c = strcmp(a->zUnitName, b->zUnitName);
  if( c ) return c;
  c = strcmp(a->zTitle, b->zTitle);
  if( c ) return c;
  return a->row.id<b->row.id ? -1 : a->row.id>b->row.id;
}

int project_portfolio(struct db *db, long long unitId, long long objectiveId, const char *zToday,
                      portfolio_cb x, void *pCtx){
  struct prow *a = 0;
  int n = 0, nAlloc = 0, rc;
  struct stmt *s = bind3(db_prepare(db, DOWN
    "SELECT p.id, p.unit_id, u.slug, u.name, COALESCE(u.name_cy,''), p.title, p.stage, p.problem_type,"
    " COALESCE(p.objective_id,0), COALESCE(p.business_case_id,0), p.demo, COALESCE(p.closed_on,''),"
    " p.budget_pence, p.end_on, p.cost_tolerance_pct, p.time_tolerance_days, p.risk_tolerance"
    " FROM project p JOIN unit u ON u.id=p.unit_id"
    " WHERE p.id IN (" PSET ") ORDER BY p.id"), unitId, zToday, objectiveId);
  while( (rc = stmt_step(s))==1 ){
    if( n==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 16;
      a = xrealloc(a, (size_t)nAlloc * sizeof *a);
    }
    struct prow *p = &a[n++];
    memset(p, 0, sizeof *p);
    p->row.id = stmt_int(s, 0);
    p->row.unitId = stmt_int(s, 1);
    p->zUnitSlug = xstrdup(stmt_text(s, 2));
    p->zUnitName = xstrdup(stmt_text(s, 3));
    p->zUnitNameCy = xstrdup(stmt_text(s, 4));
    p->zTitle = xstrdup(stmt_text(s, 5));
    p->zStage = xstrdup(stmt_text(s, 6));
    p->zProblem = xstrdup(stmt_text(s, 7));
    p->row.objectiveId = stmt_int(s, 8);
    p->row.businessCaseId = stmt_int(s, 9);
    p->row.bDemo = stmt_int(s, 10)==1;
    p->zClosedOn = xstrdup(stmt_text(s, 11));
    struct project_facts *f = &p->row.f;
    f->budgetPence = stmt_int(s, 12);
    text_copy(f->zEndOn, sizeof f->zEndOn, stmt_text(s, 13));
    text_copy(f->zForecastEnd, sizeof f->zForecastEnd, f->zEndOn);
    f->costTolerancePct = (int)stmt_int(s, 14);
    f->timeToleranceDays = (int)stmt_int(s, 15);
    f->riskTolerance = (int)stmt_int(s, 16);
  }
  stmt_done(s);
  bool ok = rc==0;

  /* Money: each commitment of these projects with what was spent against it. */
  if( ok && n ){
    s = bind3(db_prepare(db, DOWN
      "SELECT c.project_id, c.status, c.value_pence, COALESCE(sp.spent,0)"
      " FROM finance_commitment c"
      " LEFT JOIN (SELECT commitment_id, SUM(amount_pence) AS spent FROM finance_spend"
      "            WHERE commitment_id IN (SELECT fc.id FROM finance_commitment fc WHERE fc.project_id IN (" PSET "))"
      "            GROUP BY commitment_id) sp ON sp.commitment_id=c.id"
      " WHERE c.project_id IN (" PSET ")"), unitId, zToday, objectiveId);
    while( (rc = stmt_step(s))==1 ){
      struct prow *p = find(a, n, stmt_int(s, 0));
      if( !p ) continue;
      project_facts_commitment(&p->row.f, stmt_text(s, 1), stmt_int(s, 2), stmt_int(s, 3));
    }
    stmt_done(s);
    ok = rc==0;
  }

  /* Time: the milestones, as project_facts_load reads them. */
  if( ok && n ){
    s = bind3(db_prepare(db, DOWN
      "SELECT project_id, title, due_on, COALESCE(done_on,'') FROM project_milestone"
      " WHERE project_id IN (" PSET ") ORDER BY project_id, due_on, id"), unitId, zToday, objectiveId);
    while( (rc = stmt_step(s))==1 ){
      struct prow *p = find(a, n, stmt_int(s, 0));
      if( !p ) continue;
      project_facts_milestone(&p->row.f, stmt_text(s, 1), stmt_text(s, 2), stmt_text(s, 3), zToday);
    }
    stmt_done(s);
    ok = rc==0;
  }

  /* Open risks: counts, the highest residual and the top risk. */
  if( ok && n ){
    s = bind3(db_prepare(db, DOWN
      "SELECT project_id, residual_likelihood, residual_consequence, description FROM risk"
      " WHERE project_id IN (" PSET ") AND status='open' ORDER BY project_id, id"), unitId, zToday, objectiveId);
    while( (rc = stmt_step(s))==1 ){
      struct prow *p = find(a, n, stmt_int(s, 0));
      if( !p ) continue;
      if( project_facts_risk(&p->row.f, (int)stmt_int(s, 1), (int)stmt_int(s, 2)) ){
        free(p->zTopRisk);
        p->zTopRisk = xstrdup(stmt_text(s, 3));
      }
    }
    stmt_done(s);
    ok = rc==0;
  }

  /* Open issues. */
  if( ok && n ){
    s = bind3(db_prepare(db, DOWN
      "SELECT project_id, COUNT(*), COALESCE(SUM(CASE WHEN due_on IS NOT NULL AND due_on < ?2 THEN 1 ELSE 0 END),0)"
      " FROM project_issue WHERE project_id IN (" PSET ") AND status='open' GROUP BY project_id"),
      unitId, zToday, objectiveId);
    while( (rc = stmt_step(s))==1 ){
      struct prow *p = find(a, n, stmt_int(s, 0));
      if( !p ) continue;
      p->row.f.nIssuesOpen = (int)stmt_int(s, 1);
      p->row.f.nIssuesOverdue = (int)stmt_int(s, 2);
    }
    stmt_done(s);
    ok = rc==0;
  }

  struct prow **ap = n ? xmalloc((size_t)n * sizeof *ap) : 0;
  for(int i=0; i<n; i++) ap[i] = &a[i];
  if( n>1 ) qsort(ap, (size_t)n, sizeof *ap, by_unit_title);
  for(int i=0; i<n; i++){
    struct prow *p = ap[i];
    p->row.zUnitSlug = p->zUnitSlug;
    p->row.zUnitName = p->zUnitName;
    p->row.zUnitNameCy = p->zUnitNameCy;
    p->row.zTitle = p->zTitle;
    p->row.zStage = p->zStage;
    p->row.zProblemType = p->zProblem;
    p->row.zClosedOn = p->zClosedOn;
    p->row.zTopRisk = p->zTopRisk ? p->zTopRisk : "";
    p->row.topRiskScore = p->row.f.maxResidual;
    p->row.rag = project_rag(&p->row.f, &p->row.zWhy);
    if( ok && x ) x(pCtx, &p->row);
  }
  for(int i=0; i<n; i++){
    free(a[i].zUnitSlug); free(a[i].zUnitName); free(a[i].zUnitNameCy); free(a[i].zTitle);
    free(a[i].zStage); free(a[i].zProblem); free(a[i].zClosedOn); free(a[i].zTopRisk);
  }
  free(ap);
  free(a);
  return ok ? n : -1;
}
