/*
** A business case gathered for its documents (see business_case_doc.h):
** a handful of queries, one per kind of row, straight on the schema.
*/
#include "domain/business_case_doc.h"
#include "domain/business_case.h"
#include "util/buf.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *casedoc_part_key(enum casedoc_part p){
  static const char *const az[CD__NPART] = {
    "casedoc.part.summary", "casedoc.part.case", "casedoc.part.options", "casedoc.part.impact",
    "casedoc.part.project", "casedoc.part.resources", "casedoc.part.plan" };
  return (int)p>=0 && p<CD__NPART ? az[p] : "casedoc.part.case";
}

const char *casedoc_state_key(const char *z){
  if( strcmp(z, "submitted")==0 ) return "casedoc.state.submitted";
  if( strcmp(z, "approved")==0 ) return "casedoc.state.approved";
  if( strcmp(z, "approved_with_conditions")==0 ) return "casedoc.state.approved_with_conditions";
  if( strcmp(z, "declined")==0 ) return "casedoc.state.declined";
  return "casedoc.state.draft";
}

static char *col(struct stmt *s, int i){ return xstrdup(stmt_text(s, i) ? stmt_text(s, i) : ""); }

bool casedoc_load(struct db *db, const struct user *pUser, long long id, const char *zToday, struct casedoc *d){
  memset(d, 0, sizeof *d);
  struct stmt *s = db_prepare(db,
    "SELECT c.id, c.unit_id, u.slug, u.name, COALESCE(u.name_cy,''), c.title, c.state, c.demo, c.conditions,"
    " d.text, m.starts_at, m.title,"
    " CASE WHEN o.id IS NOT NULL THEN o.ref || ' ' || o.title WHEN p.id IS NOT NULL THEN p.title END,"
    " c.preferred_option_id"
    " FROM business_case c JOIN unit u ON u.id=c.unit_id"
    " LEFT JOIN decision d ON d.id=c.decision_id"
    " LEFT JOIN agenda_item a ON a.id=d.agenda_item_id"
    " LEFT JOIN meeting m ON m.id=a.meeting_id"
    " LEFT JOIN plan_objective o ON o.id=c.objective_id"
    " LEFT JOIN priority p ON p.id=c.priority_id"
    " WHERE c.id=?");
  stmt_bind_int(s, 1, id);
  if( stmt_step(s)!=1 ){ stmt_done(s); return false; }
  d->id = stmt_int(s, 0);
  d->unitId = stmt_int(s, 1);
  text_copy(d->zUnitSlug, sizeof d->zUnitSlug, stmt_text(s, 2));
  d->zUnitName = col(s, 3);
  d->zUnitNameCy = col(s, 4);
  d->zTitle = col(s, 5);
  text_copy(d->zState, sizeof d->zState, stmt_text(s, 6));
  d->bDemo = stmt_int(s, 7)==1;
  d->zConditions = col(s, 8);
  if( !stmt_is_null(s, 9) ) d->zDecision = col(s, 9);
  if( !stmt_is_null(s, 10) ) text_copy(d->zDecisionDate, sizeof d->zDecisionDate, stmt_text(s, 10));
  if( !stmt_is_null(s, 11) ) d->zMeeting = col(s, 11);
  if( !stmt_is_null(s, 12) ) d->zStartedFrom = col(s, 12);
  long long preferredId = stmt_is_null(s, 13) ? 0 : stmt_int(s, 13);
  stmt_done(s);
  if( !access_can_read(db, pUser, d->unitId, zToday) ){ casedoc_free(d); memset(d, 0, sizeof *d); return false; }

  d->azText = xcalloc((size_t)business_case_nfield, sizeof(char*));
  s = db_prepare(db, "SELECT field, body FROM business_case_text WHERE case_id=?");
  stmt_bind_int(s, 1, id);
  while( stmt_step(s)==1 ){
    const char *zF = stmt_text(s, 0);
    for(int i=0; i<business_case_nfield; i++){
      if( strcmp(business_case_fields[i].zCode, zF)==0 && !d->azText[i] ) d->azText[i] = col(s, 1);
    }
  }
  stmt_done(s);
  for(int i=0; i<business_case_nfield; i++) if( !d->azText[i] ) d->azText[i] = xstrdup("");

  int nAlloc = 0;
  s = db_prepare(db,
    "SELECT id, title, description, do_nothing, cost_pence FROM business_case_option WHERE case_id=?"
    " ORDER BY sort_order, id");
  stmt_bind_int(s, 1, id);
  while( stmt_step(s)==1 ){
    if( d->nOpt==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 4; d->aOpt = xrealloc(d->aOpt, (size_t)nAlloc*sizeof *d->aOpt); }
    struct casedoc_option *o = &d->aOpt[d->nOpt++];
    memset(o, 0, sizeof *o);
    o->id = stmt_int(s, 0);
    o->zTitle = col(s, 1);
    o->zDescription = col(s, 2);
    o->bDoNothing = stmt_int(s, 3)==1;
    o->bCost = !stmt_is_null(s, 4);
    o->costPence = o->bCost ? stmt_int(s, 4) : 0;
    o->bPreferred = o->id==preferredId;
  }
  stmt_done(s);

  long long aCritId[64];
  s = db_prepare(db, "SELECT id, title, weight FROM business_case_criterion WHERE case_id=? ORDER BY sort_order, id");
  stmt_bind_int(s, 1, id);
  d->azCrit = xcalloc(64, sizeof(char*));
  d->aWeight = xcalloc(64, sizeof(int));
  while( stmt_step(s)==1 && d->nCrit<64 ){
    aCritId[d->nCrit] = stmt_int(s, 0);
    d->azCrit[d->nCrit] = col(s, 1);
    d->aWeight[d->nCrit] = (int)stmt_int(s, 2);
    d->nCrit++;
  }
  stmt_done(s);
  d->aScore = xmalloc((size_t)(d->nOpt*d->nCrit + 1)*sizeof(int));
  for(int i=0; i<d->nOpt*d->nCrit; i++) d->aScore[i] = -1;
  s = db_prepare(db,
    "SELECT sc.option_id, sc.criterion_id, sc.score FROM business_case_score sc"
    " JOIN business_case_option o ON o.id=sc.option_id WHERE o.case_id=?");
  stmt_bind_int(s, 1, id);
  while( stmt_step(s)==1 ){
    long long oId = stmt_int(s, 0), cId = stmt_int(s, 1);
    for(int i=0; i<d->nOpt; i++) if( d->aOpt[i].id==oId ){
      for(int j=0; j<d->nCrit; j++) if( aCritId[j]==cId ) d->aScore[i*d->nCrit+j] = (int)stmt_int(s, 2);
    }
  }
  stmt_done(s);
  if( d->nOpt ){
    long long *aTotal = xmalloc((size_t)d->nOpt*sizeof *aTotal);
    int *aRank = xmalloc((size_t)d->nOpt*sizeof *aRank);
    business_case_appraise(d->nOpt, d->nCrit, d->aWeight, d->aScore, aTotal, aRank);
    for(int i=0; i<d->nOpt; i++){ d->aOpt[i].total = aTotal[i]; d->aOpt[i].rank = aRank[i]; }
    free(aTotal);
    free(aRank);
  }

  nAlloc = 0;
  s = db_prepare(db,
    "SELECT c.title, c.kind, c.year, CASE WHEN a.id IS NOT NULL THEN a.stream ELSE c.source END, c.supplier,"
    " c.low_pence, c.amount_pence, c.high_pence, c.commitment_id"
    " FROM business_case_cost c LEFT JOIN finance_allocation a ON a.id=c.allocation_id"
    " WHERE c.case_id=? ORDER BY c.sort_order, c.id");
  stmt_bind_int(s, 1, id);
  while( stmt_step(s)==1 ){
    if( d->nCost==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 4; d->aCost = xrealloc(d->aCost, (size_t)nAlloc*sizeof *d->aCost); }
    struct casedoc_cost *c = &d->aCost[d->nCost++];
    memset(c, 0, sizeof *c);
    c->zTitle = col(s, 0);
    text_copy(c->zKind, sizeof c->zKind, stmt_text(s, 1));
    text_copy(c->zYear, sizeof c->zYear, stmt_text(s, 2));
    c->zSource = col(s, 3);
    c->zSupplier = col(s, 4);
    c->lowPence = stmt_int(s, 5);
    c->amountPence = stmt_int(s, 6);
    c->highPence = stmt_int(s, 7);
    c->commitmentId = stmt_is_null(s, 8) ? 0 : stmt_int(s, 8);
    d->lowTotal += c->lowPence;
    d->costTotal += c->amountPence;
    d->highTotal += c->highPence;
  }
  stmt_done(s);

  nAlloc = 0;
  s = db_prepare(db,
    "SELECT text, measure, target, COALESCE(due_on,''), owner FROM business_case_objective WHERE case_id=?"
    " ORDER BY sort_order, id");
  stmt_bind_int(s, 1, id);
  while( stmt_step(s)==1 ){
    if( d->nObj==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 4; d->aObj = xrealloc(d->aObj, (size_t)nAlloc*sizeof *d->aObj); }
    struct casedoc_objective *o = &d->aObj[d->nObj++];
    o->zText = col(s, 0);
    o->zMeasure = col(s, 1);
    o->zTarget = col(s, 2);
    text_copy(o->zDue, sizeof o->zDue, stmt_text(s, 3));
    o->zOwner = col(s, 4);
  }
  stmt_done(s);

  nAlloc = 0;
  s = db_prepare(db,
    "SELECT description, likelihood, consequence, mitigation, owner FROM business_case_risk WHERE case_id=?"
    " ORDER BY sort_order, id");
  stmt_bind_int(s, 1, id);
  while( stmt_step(s)==1 ){
    if( d->nRisk==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 4; d->aRisk = xrealloc(d->aRisk, (size_t)nAlloc*sizeof *d->aRisk); }
    struct casedoc_risk *k = &d->aRisk[d->nRisk++];
    k->zDescription = col(s, 0);
    k->likelihood = (int)stmt_int(s, 1);
    k->consequence = (int)stmt_int(s, 2);
    k->zMitigation = col(s, 3);
    k->zOwner = col(s, 4);
  }
  stmt_done(s);
  return true;
}

void casedoc_free(struct casedoc *d){
  free(d->zUnitName); free(d->zUnitNameCy); free(d->zTitle); free(d->zConditions);
  free(d->zDecision); free(d->zMeeting); free(d->zStartedFrom);
  for(int i=0; d->azText && i<business_case_nfield; i++) free(d->azText[i]);
  free(d->azText);
  for(int i=0; i<d->nOpt; i++){ free(d->aOpt[i].zTitle); free(d->aOpt[i].zDescription); }
  free(d->aOpt);
  for(int i=0; i<d->nCrit; i++) free(d->azCrit[i]);
  free(d->azCrit); free(d->aWeight); free(d->aScore);
  for(int i=0; i<d->nCost; i++){ free(d->aCost[i].zTitle); free(d->aCost[i].zSource); free(d->aCost[i].zSupplier); }
  free(d->aCost);
  for(int i=0; i<d->nObj; i++){ free(d->aObj[i].zText); free(d->aObj[i].zMeasure); free(d->aObj[i].zTarget); free(d->aObj[i].zOwner); }
  free(d->aObj);
  for(int i=0; i<d->nRisk; i++){ free(d->aRisk[i].zDescription); free(d->aRisk[i].zMitigation); free(d->aRisk[i].zOwner); }
  free(d->aRisk);
  memset(d, 0, sizeof *d);
}
