/*
** A project's document as an A4 PDF (project_docs.h), in English or
** Welsh: built as the blocks a business case prints (export_case.h) and
** drawn by the same layout. The title block names the unit, the project
** and the kind (with a report's period); a draft and demonstration data
** say so in red; then the kind's guidance, each field under its label,
** and the tables the kind shows: the schedule and the risks and issues
** log (initiation document), the stakeholders (stakeholder map), the
** decisions (decisions log), the recommendation and follow-on actions
** (closure report).
*/
#include "domain/project_docs.h"
#include "domain/export_case.h"
#include "domain/risk.h"
#include "domain/unit.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define L(key) i18n_get(lang, key)

static struct cblock *add(struct cblocks *v, enum cblock_kind kind, const char *zKey, const char *zText){
  if( v->n==v->nAlloc ){
    v->nAlloc = v->nAlloc ? 2*v->nAlloc : 32;
    v->a = xrealloc(v->a, (size_t)v->nAlloc*sizeof *v->a);
  }
  struct cblock *b = &v->a[v->n++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->zKey = zKey ? xstrdup(zKey) : 0;
  b->zText = xstrdup(zText ? zText : "");
  return b;
}
static struct cblock *table(struct cblocks *v, int nCol, const double *aW, const char *const *azHead){
  struct cblock *b = add(v, CB_TABLE, 0, "");
  b->nCol = nCol;
  for(int c=0; c<nCol && c<8; c++) b->aWidth[c] = aW[c];
  b->nRow = 1;
  b->azCell = xcalloc((size_t)nCol, sizeof(char*));
  for(int c=0; c<nCol; c++) b->azCell[c] = xstrdup(azHead[c]);
  return b;
}
static void row(struct cblock *b, const char *const *azCell){
  b->azCell = xrealloc(b->azCell, (size_t)(b->nRow+1)*(size_t)b->nCol*sizeof(char*));
  for(int c=0; c<b->nCol; c++) b->azCell[b->nRow*b->nCol + c] = xstrdup(azCell[c] ? azCell[c] : "");
  b->nRow++;
}

static void date_text(enum lang lang, const char *zIso, char *z, size_t n){
  if( !zIso || strlen(zIso)<10 ){ snprintf(z, n, "%s", zIso ? zIso : ""); return; }
  int y = atoi(zIso), mo = atoi(zIso+5), day = atoi(zIso+8);
  if( mo<1 || mo>12 ){ snprintf(z, n, "%s", zIso); return; }
  char zM[16];
  snprintf(zM, sizeof zM, "month.%d", mo);
  snprintf(z, n, "%d %s %d", day, L(zM), y);
}

struct tctx { struct cblock *t; enum lang lang; int n; struct db *db; const struct user *u; long long unitId; };

static void milestone_row(void *p, const struct pmilestone *o){
  struct tctx *x = p;
  enum lang lang = x->lang;
  char zB[40], zD[40], zDone[40];
  date_text(lang, o->zBaseline, zB, sizeof zB);
  date_text(lang, o->zDue, zD, sizeof zD);
  if( o->zDone[0] ) date_text(lang, o->zDone, zDone, sizeof zDone);
  else snprintf(zDone, sizeof zDone, "%s", L("projdoc.not_done"));
  const char *az[4] = { o->zTitle, zB, zD, zDone };
  row(x->t, az);
  x->n++;
}

static void score_text(enum lang lang, int l, int c, char *z, size_t n){
  int score = risk_score(l, c);
  char zKey[40];
  snprintf(zKey, sizeof zKey, "projdoc.level.%s", risk_level_code(risk_level_of(score)));
  snprintf(z, n, "%d × %d = %d (%s)", l, c, score, L(zKey));
}

static void risk_log_row(void *p, const struct risk_row *o){
  struct tctx *x = p;
  enum lang lang = x->lang;
  char zIn[80], zRes[80];
  score_text(lang, o->likelihood, o->consequence, zIn, sizeof zIn);
  score_text(lang, o->residualLikelihood, o->residualConsequence, zRes, sizeof zRes);
  const char *az[5] = { o->zDescription, o->zOwnerName, zIn, zRes,
                        L(strcmp(o->zStatus, "open")==0 ? "projdoc.status.open" : "projdoc.status.closed") };
  row(x->t, az);
  x->n++;
}

static void issue_log_row(void *p, const struct issue_row *o){
  struct tctx *x = p;
  enum lang lang = x->lang;
  char zDue[40], zKey[40];
  date_text(lang, o->zDueOn, zDue, sizeof zDue);
  snprintf(zKey, sizeof zKey, "projdoc.priority.%s", o->zPriority);
  const char *az[5] = { o->zDescription, o->zOwnerName, L(zKey), zDue,
                        L(strcmp(o->zStatus, "open")==0 ? "projdoc.status.open" : "projdoc.status.resolved") };
  row(x->t, az);
  x->n++;
}

static void stakeholder_row(void *p, const struct pstakeholder *o){
  struct tctx *x = p;
  enum lang lang = x->lang;
  char zP[8], zI[8], zKey[60];
  snprintf(zP, sizeof zP, "%d", o->power);
  snprintf(zI, sizeof zI, "%d", o->interest);
  snprintf(zKey, sizeof zKey, "projdoc.quadrant.%s",
           project_stakeholder_quadrant_code(project_stakeholder_quadrant(o->power, o->interest)));
  const char *az[5] = { o->zName, zP, zI, L(zKey), o->zEngagement };
  row(x->t, az);
  x->n++;
}

static void decision_row(void *p, const struct pdecision *o){
  struct tctx *x = p;
  enum lang lang = x->lang;
  char zDate[40], zd[11], zWhat[200];
  text_copy(zd, sizeof zd, o->zStartsAt);
  date_text(lang, zd, zDate, sizeof zDate);
  if( o->linkId==0 ){
    char zK1[40], zK2[40];
    snprintf(zK1, sizeof zK1, "projdoc.stage.%s", o->zFrom);
    snprintf(zK2, sizeof zK2, "projdoc.stage.%s", o->zTo);
    snprintf(zWhat, sizeof zWhat, "%s: %s → %s", L("projdoc.decisions.gate"), L(zK1), L(zK2));
  }else{
    snprintf(zWhat, sizeof zWhat, "%.190s", o->zNote);
  }
  bool bSees = project_decision_visible(x->db, x->u, x->unitId, o->zStartsAt, o->bRestricted);
  const char *az[4] = { zDate, o->zMeetingTitle, bSees ? o->zText : L("projdoc.restricted_decision"), zWhat };
  row(x->t, az);
  x->n++;
}

static void action_row(void *p, const struct paction *o){
  struct tctx *x = p;
  enum lang lang = x->lang;
  char zDue[40], zKey[40];
  date_text(lang, o->zDue, zDue, sizeof zDue);
  snprintf(zKey, sizeof zKey, "projdoc.action_status.%s", o->zStatus);
  const char *az[4] = { o->zRef, o->zDescription, L(zKey), zDue };
  row(x->t, az);
  x->n++;
}

static void blocks(struct db *db, const struct user *u, const struct project *p, const struct pdoc *d, enum lang lang,
                   struct cblocks *v){
  memset(v, 0, sizeof *v);
  const struct project_doc_kind *k = project_doc_kind_of(d->zKind);
  char zKey[120], z[1200];
  const char *zUnit = unit_name_in(lang, p->zUnitName, p->zUnitNameCy);
  add(v, CB_CAPTION, 0, zUnit);
  add(v, CB_TITLE, 0, p->zTitle);
  snprintf(zKey, sizeof zKey, "projdoc.kind.%s", d->zKind);
  if( d->zTitle[0] ) snprintf(z, sizeof z, "%s: %s", L(zKey), d->zTitle);
  else snprintf(z, sizeof z, "%s", L(zKey));
  add(v, CB_SUBTITLE, 0, z);
  if( p->bDemo || d->bDemo ) add(v, CB_BANNER, 0, L("projdoc.pdf.demo"));
  if( strcmp(d->zState, "complete")!=0 ) add(v, CB_BANNER, 0, L("projdoc.pdf.draft"));
  snprintf(zKey, sizeof zKey, "projdoc.stage.%s", p->zStage);
  add(v, CB_KV, L("projdoc.pdf.stage"), L(zKey));
  if( d->zFrom[0] ){
    char zA[40], zB[40];
    date_text(lang, d->zFrom, zA, sizeof zA);
    date_text(lang, d->zTo, zB, sizeof zB);
    snprintf(z, sizeof z, "%s – %s", zA, zB);
    add(v, CB_KV, L("projdoc.period"), z);
  }
  add(v, CB_KV, L("projdoc.state"), L(strcmp(d->zState, "complete")==0 ? "projdoc.state.complete" : "projdoc.state.draft"));
  if( p->zOwnerName[0] ) add(v, CB_KV, L("projdoc.pdf.owner"), p->zOwnerName);
  if( !k ) return;
  snprintf(zKey, sizeof zKey, "projdoc.kind.%s.hint", d->zKind);
  add(v, CB_NOTE, 0, L(zKey));
  char *az[PROJECT_DOC_FIELDS_MAX];
  project_doc_texts(db, d->id, k, az);
  for(int i = 0; i < PROJECT_DOC_FIELDS_MAX && k->azField[i]; i++){
    snprintf(zKey, sizeof zKey, "projdoc.%s.%s", d->zKind, k->azField[i]);
    add(v, CB_H2, 0, L(zKey));
    if( project_doc_blank(az[i]) ) add(v, CB_NOTE, 0, L("projdoc.not_written"));
    else add(v, CB_PARA, 0, az[i]);
  }
  project_doc_texts_free(az);
  struct tctx x = { 0, lang, 0, db, u, p->unitId };
  if( strcmp(d->zKind, "pid")==0 ){
    add(v, CB_H1, 0, L("projdoc.schedule"));
    static const double aW1[4] = { 0.46, 0.18, 0.18, 0.18 };
    const char *azH1[4] = { L("projdoc.col.milestone"), L("projdoc.col.baseline"), L("projdoc.col.due"), L("projdoc.col.done") };
    x.t = table(v, 4, aW1, azH1); x.n = 0;
    project_docs_milestones(db, p->id, milestone_row, &x);
    if( x.n==0 ) add(v, CB_NOTE, 0, L("projdoc.no_milestones"));
    add(v, CB_H1, 0, L("projdoc.risks"));
    static const double aW2[5] = { 0.36, 0.16, 0.18, 0.18, 0.12 };
    const char *azH2[5] = { L("projdoc.col.risk"), L("projdoc.col.owner"), L("projdoc.col.inherent"),
                            L("projdoc.col.residual"), L("projdoc.col.status") };
    x.t = table(v, 5, aW2, azH2); x.n = 0;
    risk_list_project(db, p->id, false, risk_log_row, &x);
    if( x.n==0 ) add(v, CB_NOTE, 0, L("projdoc.no_risks"));
    add(v, CB_H1, 0, L("projdoc.issues"));
    static const double aW3[5] = { 0.40, 0.18, 0.12, 0.18, 0.12 };
    const char *azH3[5] = { L("projdoc.col.issue"), L("projdoc.col.owner"), L("projdoc.col.priority"),
                            L("projdoc.col.due"), L("projdoc.col.status") };
    x.t = table(v, 5, aW3, azH3); x.n = 0;
    issue_list(db, p->id, issue_log_row, &x);
    if( x.n==0 ) add(v, CB_NOTE, 0, L("projdoc.no_issues"));
  }else if( strcmp(d->zKind, "stakeholder_map")==0 ){
    add(v, CB_H1, 0, L("projdoc.stakeholders"));
    static const double aW[5] = { 0.26, 0.10, 0.10, 0.20, 0.34 };
    const char *azH[5] = { L("projdoc.col.stakeholder"), L("projdoc.col.power"), L("projdoc.col.interest"),
                           L("projdoc.col.quadrant"), L("projdoc.col.engagement") };
    x.t = table(v, 5, aW, azH); x.n = 0;
    project_stakeholders_each(db, p->id, stakeholder_row, &x);
    if( x.n==0 ) add(v, CB_NOTE, 0, L("projdoc.no_stakeholders"));
  }else if( strcmp(d->zKind, "decisions_log")==0 ){
    add(v, CB_H1, 0, L("projdoc.decisions"));
    static const double aW[4] = { 0.16, 0.24, 0.36, 0.24 };
    const char *azH[4] = { L("projdoc.col.date"), L("projdoc.col.meeting"), L("projdoc.col.decision"), L("projdoc.col.about") };
    x.t = table(v, 4, aW, azH); x.n = 0;
    project_decisions_each(db, p->id, decision_row, &x);
    if( x.n==0 ) add(v, CB_NOTE, 0, L("projdoc.no_decisions"));
  }else if( strcmp(d->zKind, "closure")==0 ){
    add(v, CB_H1, 0, L("projdoc.recommendation"));
    if( p->zRecommendation[0] ){
      snprintf(zKey, sizeof zKey, "projdoc.recommendation.%s", p->zRecommendation);
      add(v, CB_KV, L("projdoc.recommendation"), L(zKey));
      if( p->zRecommendationReason && p->zRecommendationReason[0] ) add(v, CB_PARA, 0, p->zRecommendationReason);
    }else{
      add(v, CB_NOTE, 0, L("projdoc.no_recommendation"));
    }
    add(v, CB_H1, 0, L("projdoc.follow_on"));
    static const double aW[4] = { 0.14, 0.50, 0.18, 0.18 };
    const char *azH[4] = { L("projdoc.col.ref"), L("projdoc.col.action"), L("projdoc.col.status"), L("projdoc.col.due") };
    x.t = table(v, 4, aW, azH); x.n = 0;
    project_actions_each(db, p->id, action_row, &x);
    if( x.n==0 ) add(v, CB_NOTE, 0, L("projdoc.no_actions"));
  }
  snprintf(zKey, sizeof zKey, "projdoc.kind.%s", d->zKind);
  snprintf(z, sizeof z, "%s – %s: %s", zUnit, L(zKey), p->zTitle);
  v->zFooter = xstrdup(z);
  v->zTitle = xstrdup(z);
  v->zSubject = xstrdup(zUnit);
}

bool export_project_doc_pdf(struct db *db, const struct user *u, const struct project *p, const struct pdoc *d,
                            enum lang lang, struct buf *pOut, char *zErr, size_t nErr){
  struct cblocks v;
  blocks(db, u, p, d, lang, &v);
  bool ok = export_blocks_pdf(&v, lang, pOut, zErr, nErr);
  casedoc_blocks_free(&v);
  return ok;
}
