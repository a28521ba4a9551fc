/* The API's detail of a project (GET /api/v1/projects/{id}): its risks,
** milestones, gates and issues (see project.h). */
#include "domain/project.h"
#include "domain/project_docs.h"
#include "domain/risk.h"
#include "util/buf.h"
#include "util/json.h"

/* An array being written: its buffer, and whether no element is in it yet. */
struct list { struct buf *b; bool bFirst; };

static void opt_str(struct buf *b, bool *pbFirst, const char *zKey, const char *z){
  if( z[0] ) json_kv_str(b, pbFirst, zKey, z); else json_kv_null(b, pbFirst, zKey);
}

static void risk_item(void *pCtx, const struct risk_row *k){
  struct list *l = pCtx;
  struct buf *b = l->b;
  bool f = true;
  json_sep(b, &l->bFirst);
  buf_putc(b, '{');
  json_kv_int(b, &f, "id", k->id);
  json_kv_str(b, &f, "description", k->zDescription);
  json_kv_int(b, &f, "likelihood", k->likelihood);
  json_kv_int(b, &f, "consequence", k->consequence);
  json_kv_int(b, &f, "inherent_score", risk_score(k->likelihood, k->consequence));
  json_kv_int(b, &f, "residual_likelihood", k->residualLikelihood);
  json_kv_int(b, &f, "residual_consequence", k->residualConsequence);
  json_kv_int(b, &f, "residual_score", risk_score(k->residualLikelihood, k->residualConsequence));
  if( k->ownerPersonId ) json_kv_str(b, &f, "owner", k->zOwnerName); else json_kv_null(b, &f, "owner");
  opt_str(b, &f, "review_on", k->zReviewOn);
  json_kv_str(b, &f, "status", k->zStatus);
  json_kv_bool(b, &f, "escalated", k->escalatedAt!=0);
  buf_putc(b, '}');
}

static void milestone_item(void *pCtx, const struct pmilestone *m){
  struct list *l = pCtx;
  struct buf *b = l->b;
  bool f = true;
  json_sep(b, &l->bFirst);
  buf_putc(b, '{');
  json_kv_int(b, &f, "id", m->id);
  json_kv_str(b, &f, "title", m->zTitle);
  json_kv_str(b, &f, "baseline_on", m->zBaseline);
  json_kv_str(b, &f, "due_on", m->zDue);
  opt_str(b, &f, "done_on", m->zDone);
  buf_putc(b, '}');
}

static void gate_item(void *pCtx, const struct pgate *g){
  struct list *l = pCtx;
  struct buf *b = l->b;
  bool f = true;
  json_sep(b, &l->bFirst);
  buf_putc(b, '{');
  json_kv_str(b, &f, "from_stage", g->zFrom);
  json_kv_str(b, &f, "to_stage", g->zTo);
  json_kv_int(b, &f, "decision_id", g->decisionId);
  json_kv_int(b, &f, "passed_at", g->passedAt);
  buf_putc(b, '}');
}

static void issue_item(void *pCtx, const struct issue_row *i){
  struct list *l = pCtx;
  struct buf *b = l->b;
  bool f = true;
  json_sep(b, &l->bFirst);
  buf_putc(b, '{');
  json_kv_int(b, &f, "id", i->id);
  json_kv_str(b, &f, "description", i->zDescription);
  if( i->ownerPersonId ) json_kv_str(b, &f, "owner", i->zOwnerName); else json_kv_null(b, &f, "owner");
  json_kv_str(b, &f, "priority", i->zPriority);
  json_kv_str(b, &f, "raised_on", i->zRaisedOn);
  opt_str(b, &f, "due_on", i->zDueOn);
  json_kv_str(b, &f, "status", i->zStatus);
  opt_str(b, &f, "resolved_on", i->zResolvedOn);
  buf_putc(b, '}');
}

void project_register_json(struct db *db, long long projectId, struct buf *b, bool *pbFirst){
  struct list l = { b, true };
  json_key(b, pbFirst, "risks");
  buf_putc(b, '[');
  l.bFirst = true;
  risk_list_project_by_id(db, projectId, risk_item, &l);
  buf_putc(b, ']');
  json_key(b, pbFirst, "milestones");
  buf_putc(b, '[');
  l.bFirst = true;
  project_milestones_each(db, projectId, milestone_item, &l);
  buf_putc(b, ']');
  json_key(b, pbFirst, "gates");
  buf_putc(b, '[');
  l.bFirst = true;
  project_gates_each(db, projectId, gate_item, &l);
  buf_putc(b, ']');
  json_key(b, pbFirst, "issues");
  buf_putc(b, '[');
  l.bFirst = true;
  issue_list_by_id(db, projectId, issue_item, &l);
  buf_putc(b, ']');
}
