/* Priority pages (issue 12, src/domain/priority.h):
**
**   /needs/{id}/priorities        the priorities of an assessment ranked by
**                                 weighted score, the weights (a form for
**                                 those who may change them), and the
**                                 sensitivity view: for each criterion the
**                                 rank each priority would take at weight 0
**                                 and at 10, the weights at which the first
**                                 priority would change, and a sentence in
**                                 words
**   /needs/{id}/priorities/new    a new priority from findings
**   /priorities/{id}              a priority: its scores, the findings it
**                                 came from and their indicators, and the
**                                 plan objectives made from it
**   /priorities/{id}/edit, /priorities/{id}/delete
**
** How ranking works, and why the default weights are what they are:
** src/domain/priority_rank.h. */
#include "pages/pages.h"
#include "domain/indicator.h"
#include "domain/needs.h"
#include "domain/priority.h"
#include "domain/unit.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azCritKey[PRIORITY_CRITERIA] = {
  "priority.criterion.size", "priority.criterion.gap", "priority.criterion.inequality",
  "priority.criterion.trend", "priority.criterion.changeable", "priority.criterion.alignment",
};
static const char *const azCritHint[PRIORITY_CRITERIA] = {
  "priority.criterion.size_hint", "priority.criterion.gap_hint", "priority.criterion.inequality_hint",
  "priority.criterion.trend_hint", "priority.criterion.changeable_hint", "priority.criterion.alignment_hint",
};
static const char *const azWeightField[PRIORITY_CRITERIA] = {
  "weight-size", "weight-gap", "weight-inequality", "weight-trend", "weight-changeable", "weight-alignment"
};
static const char *const azScoreField[PRIORITY_CRITERIA] = {
  "score-size", "score-gap", "score-inequality", "score-trend", "score-changeable", "score-alignment"
};

struct prio_list { struct priority *a; int n, nAlloc; };
static void prio_collect(void *pCtx, const struct priority *p){
  struct prio_list *l = pCtx;
  if( l->n==l->nAlloc ){ l->nAlloc = l->nAlloc ? 2*l->nAlloc : 8; l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof *l->a); }
  l->a[l->n++] = *p;
}

/* The priorities of an assessment as ranking items (titles point into l). */
static struct priority_item *items_of(const struct prio_list *l){
  struct priority_item *a = xcalloc(l->n ? (size_t)l->n : 1, sizeof *a);
  for(int i=0; i<l->n; i++){
    a[i].id = l->a[i].id;
    a[i].zTitle = l->a[i].zTitle;
    memcpy(a[i].aScore, l->a[i].aScore, sizeof a[i].aScore);
  }
  return a;
}

static int prio_crumbs(struct req *r, const struct needs_assessment *a, bool bList, struct crumb *aCrumb,
                       char zUnit[100], char zList[110], char zSelf[40], char zPrio[60]){
  int n = needs_crumbs(r, a, true, aCrumb, zUnit, zList, zSelf);
  snprintf(zPrio, 60, "/needs/%lld/priorities", a->id);
  if( bList ) aCrumb[n++] = (struct crumb){zPrio, T("priority.list_title")};
  return n;
}

/* ---- GET /needs/{id}/priorities ------------------------------------------------ */

static void priorities_page(struct req *r, const struct field_errors *e, const char *const *azTyped){
  struct needs_assessment *a = r->rec.pNeeds;
  struct prio_list l = {0};
  priority_list(r->db, a->id, prio_collect, &l);
  int aWeight[PRIORITY_CRITERIA];
  priority_weights(r->db, a->id, aWeight);
  bool bSet = priority_weights_set(r->db, a->id);
  struct priority_item *aItem = items_of(&l);
  int *aOrder = xcalloc((size_t)l.n+1, sizeof(int)), *aRank = xcalloc((size_t)l.n+1, sizeof(int));
  priority_rank(aItem, l.n, aWeight, aOrder, aRank);

  char zUnit[100], zList[110], zSelf[40], zPrio[60], zTitle[160];
  struct crumb aCrumb[5];
  int nCrumb = prio_crumbs(r, a, false, aCrumb, zUnit, zList, zSelf, zPrio);
  snprintf(zTitle, sizeof zTitle, T("priority.title_year"), a->zYear);
  if( e && e->n ) page_begin_form(r, zTitle, aCrumb, nCrumb, e);
  else page_begin(r, zTitle, aCrumb, nCrumb);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"priorities-heading\">%s</h1>\n", needs_unit_name(r, a), zTitle);
  if( e && e->n ) form_error_summary(r, e);
  if( a->bDemo ) needs_demo_callout(r);
  html_printf(b, "<p>%s</p>\n", T("priority.intro"));
  if( a->bCanWrite ){
    html_printf(b, "<p><a class=\"nhsuk-button\" id=\"add-priority\" href=\"/needs/%lld/priorities/new\">%s</a></p>\n",
                a->id, T("priority.add"));
  }

  /* The ranked table. */
  html_printf(b, "<h2 id=\"ranked-heading\">%s</h2>\n", T("priority.ranked"));
  if( l.n==0 ){
    html_printf(b, "<p id=\"priorities-none\">%s</p>\n", T("priority.none"));
  }else{
    page_scroll_begin(r, "ranked-heading");
    nhsuk_table_begin(b, "nhsuk-table--compact nhsuk-u-font-size-16", "ranked-table", 0);
    nhsuk_table_header(b, T("priority.col_rank"), true);
    nhsuk_table_header(b, T("priority.col_priority"), false);
    for(int c=0; c<PRIORITY_CRITERIA; c++) nhsuk_table_header(b, T(azCritKey[c]), true);
    nhsuk_table_header(b, T("priority.col_score"), true);
    nhsuk_table_body(b);
    for(int k=0; k<l.n; k++){
      int i = aOrder[k];
      int s = priority_score(aItem[i].aScore, aWeight);
      bool bTie = (k>0 && priority_score(aItem[aOrder[k-1]].aScore, aWeight)==s)
               || (k+1<l.n && priority_score(aItem[aOrder[k+1]].aScore, aWeight)==s);
      char zId[40];
      snprintf(zId, sizeof zId, "priority-%lld", l.a[i].id);
      nhsuk_table_row_begin(b, zId);
      nhsuk_table_cell_int(b, k+1);
      nhsuk_table_cell_begin(b, 0);
      html_printf(b, "<a href=\"/priorities/%lld\">%s</a>", l.a[i].id, l.a[i].zTitle);
      if( bTie ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s)</span>", T("priority.tied"));
      nhsuk_table_cell_end(b);
      for(int c=0; c<PRIORITY_CRITERIA; c++) nhsuk_table_cell_int(b, l.a[i].aScore[c]);
      nhsuk_table_cell_int(b, s);
      nhsuk_table_row_end(b);
    }
    nhsuk_table_end(b);
    page_scroll_end(r);
    html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n", T("priority.how_ranked"));
  }

  /* The weights. */
  html_printf(b, "<h2 id=\"weights-heading\">%s</h2>\n<p>%s</p>\n", T("priority.weights"), T(bSet ? "priority.weights_set" : "priority.weights_default"));
  if( a->bCanWrite ){
    html_printf(b, "<form method=\"post\" action=\"/needs/%lld/weights\" novalidate id=\"weights-form\">\n", a->id);
    form_csrf(r);
    for(int c=0; c<PRIORITY_CRITERIA; c++){
      char zV[16];
      snprintf(zV, sizeof zV, "%d", aWeight[c]);
      const char *zVal = azTyped && azTyped[c] ? azTyped[c] : zV;
      html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<label class=\"nhsuk-label\" for=\"%s\">%s</label>\n",
                  e && field_errors_get(e, azWeightField[c]) ? " nhsuk-form-group--error" : "", azWeightField[c], T(azCritKey[c]));
      html_printf(b, "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n", azWeightField[c], T(azCritHint[c]));
      const char *zErr = e ? field_errors_get(e, azWeightField[c]) : 0;
      if( zErr ){
        html_printf(b, "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                    azWeightField[c], T("error.prefix"), T(zErr));
      }
      char zDescribed[80];
      if( zErr ) snprintf(zDescribed, sizeof zDescribed, "%s-hint %s-error", azWeightField[c], azWeightField[c]);
      else snprintf(zDescribed, sizeof zDescribed, "%s-hint", azWeightField[c]);
      html_printf(b, "<input class=\"nhsuk-input nhsuk-input--width-2%s\" id=\"%s\" name=\"%s\" type=\"text\" inputmode=\"numeric\""
                     " aria-describedby=\"%s\" value=\"%s\">\n</div>\n",
                  zErr ? " nhsuk-input--error" : "", azWeightField[c], azWeightField[c], zDescribed, zVal);
    }
    html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\" id=\"save-weights\">%s</button>\n</form>\n", T("priority.save_weights"));
  }else{
    nhsuk_summary_begin(b, "weights");
    for(int c=0; c<PRIORITY_CRITERIA; c++){
      char zV[16];
      snprintf(zV, sizeof zV, "%d", aWeight[c]);
      nhsuk_summary_row(b, T(azCritKey[c]), zV, false);
    }
    nhsuk_summary_end(b);
  }

  /* Sensitivity. */
  html_printf(b, "<h2 id=\"sensitivity-heading\">%s</h2>\n", T("priority.sensitivity"));
  if( l.n<2 ){
    html_printf(b, "<p id=\"sensitivity-none\">%s</p>\n", T("priority.sensitivity_none"));
  }else{
    html_printf(b, "<p>%s</p>\n<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"sensitivity-words\">\n", T("priority.sensitivity_intro"));
    int top = aOrder[0];
    for(int c=0; c<PRIORITY_CRITERIA; c++){
      struct priority_turn t;
      priority_turn_of(aItem, l.n, aWeight, c, &t);
      html_printf(b, "<li id=\"turn-%s\">", priority_criterion_code[c]);
      if( t.below<0 && t.above<0 ){
        html_printf_t(b, TF("priority.turn_none"), T(azCritKey[c]), l.a[top].zTitle);
      }else{
        html_printf_t(b, TF("priority.turn_now"), T(azCritKey[c]), aWeight[c], l.a[top].zTitle);
        if( t.below>=0 ){ html_printf(b, " "); html_printf_t(b, TF("priority.turn_below"), t.below, l.a[t.belowTop].zTitle); }
        if( t.above>=0 ){ html_printf(b, " "); html_printf_t(b, TF("priority.turn_above"), t.above, l.a[t.aboveTop].zTitle); }
      }
      html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
    html_printf(b, "<h3 id=\"sensitivity-table-heading\">%s</h3>\n<p class=\"nhsuk-body-s\">%s</p>\n",
                T("priority.sensitivity_table"), T("priority.sensitivity_key"));
    page_scroll_begin(r, "sensitivity-table-heading");
    nhsuk_table_begin(b, "nhsuk-table--compact nhsuk-u-font-size-16", "sensitivity-table", 0);
    nhsuk_table_header(b, T("priority.col_priority"), false);
    nhsuk_table_header(b, T("priority.col_rank_now"), true);
    for(int c=0; c<PRIORITY_CRITERIA; c++) nhsuk_table_header(b, T(azCritKey[c]), true);
    nhsuk_table_body(b);
    int (*aAt)[2] = xcalloc((size_t)l.n*PRIORITY_CRITERIA+1, sizeof *aAt);
    int *aTmp = xcalloc((size_t)l.n+1, sizeof(int));
    for(int c=0; c<PRIORITY_CRITERIA; c++){
      priority_ranks_at(aItem, l.n, aWeight, c, 0, aTmp);
      for(int i=0; i<l.n; i++) aAt[i*PRIORITY_CRITERIA+c][0] = aTmp[i];
      priority_ranks_at(aItem, l.n, aWeight, c, PRIORITY_WEIGHT_MAX, aTmp);
      for(int i=0; i<l.n; i++) aAt[i*PRIORITY_CRITERIA+c][1] = aTmp[i];
    }
    for(int k=0; k<l.n; k++){
      int i = aOrder[k];
      nhsuk_table_row_begin(b, 0);
      nhsuk_table_row_header(b, l.a[i].zTitle);
      nhsuk_table_cell_int(b, aRank[i]);
      for(int c=0; c<PRIORITY_CRITERIA; c++){
        char z[64];
        snprintf(z, sizeof z, "%d / %d", aAt[i*PRIORITY_CRITERIA+c][0], aAt[i*PRIORITY_CRITERIA+c][1]);
        nhsuk_table_cell_numeric(b, z);
      }
      nhsuk_table_row_end(b);
    }
    nhsuk_table_end(b);
    page_scroll_end(r);
    free(aAt);
    free(aTmp);
  }
  html_printf(b, "<p><a href=\"/needs/%lld\">%s</a></p>\n", a->id, T("priority.back_to_needs"));
  page_end(r);
  free(aItem);
  free(aOrder);
  free(aRank);
  free(l.a);
}

void page_priorities(struct req *r){ priorities_page(r, 0, 0); }

void page_priority_weights(struct req *r){
  const char *az[PRIORITY_CRITERIA];
  for(int c=0; c<PRIORITY_CRITERIA; c++){ az[c] = req_form(r, azWeightField[c]); if( !az[c] ) az[c] = ""; }
  struct field_errors e = {0};
  long long id = priority_weights_save(r->db, &r->user, r->rec.pNeeds->id, az, r->zToday, &e);
  if( form_result(r, id, "/needs/%lld/priorities#weights-heading", id) ) priorities_page(r, &e, az);
}

/* ---- the priority form ------------------------------------------------------------- */

struct fi_list { struct needs_finding *a; int n, nAlloc; };
static void fi_collect(void *pCtx, const struct needs_finding *p){
  struct fi_list *l = pCtx;
  if( l->n==l->nAlloc ){ l->nAlloc = l->nAlloc ? 2*l->nAlloc : 8; l->a = xrealloc(l->a, (size_t)l->nAlloc*sizeof *l->a); }
  l->a[l->n++] = *p;
}

struct prio_form {
  struct priority_input in;
  long long aFinding[PRIORITY_FINDINGS_MAX];
  char azScore[PRIORITY_CRITERIA][16];
};

static void priority_form(struct req *r, long long priorityId, const struct prio_form *f, const struct field_errors *e){
  struct needs_assessment *a = r->rec.pNeeds;
  char zUnit[100], zList[110], zSelf[40], zPrio[60];
  struct crumb aCrumb[5];
  int nCrumb = prio_crumbs(r, a, true, aCrumb, zUnit, zList, zSelf, zPrio);
  char zCaption[300];
  snprintf(zCaption, sizeof zCaption, T("needs.caption"), needs_unit_name(r, a), a->zYear);
  page_form_begin(r, T(priorityId ? "priority.edit" : "priority.add"), aCrumb, nCrumb, e, zCaption);
  struct buf *b = &r->body;
  if( priorityId ) html_printf(b, "<form method=\"post\" action=\"/priorities/%lld/edit\" novalidate>\n", priorityId);
  else html_printf(b, "<form method=\"post\" action=\"/needs/%lld/priorities/new\" novalidate>\n", a->id);
  form_csrf(r);
  form_input(r, e, "title", "priority.title", "priority.title_hint", "text", f->in.zTitle, 0);
  form_textarea(r, e, "description", "priority.description", "priority.description_hint", f->in.zDescription, 4);

  /* The findings it comes from. */
  struct fi_list fl = {0};
  needs_finding_list(r->db, a->id, fi_collect, &fl);
  if( fl.n==0 ){
    html_printf(b, "<p id=\"findings\">%s <a href=\"/needs/%lld\">%s</a></p>\n", T("priority.no_findings"), a->id,
                T("priority.back_to_needs"));
  }else{
    form_checkboxes_begin(r, e, "findings", "priority.findings", "priority.findings_hint", true, true);
    for(int i=0; i<fl.n; i++){
      bool bOn = false;
      for(int k=0; k<f->in.nFinding; k++) if( f->in.aFinding[k]==fl.a[i].id ) bOn = true;
      char zId[40], zVal[24], zLabel[400];
      snprintf(zId, sizeof zId, "finding-%lld", fl.a[i].id);
      snprintf(zVal, sizeof zVal, "%lld", fl.a[i].id);
      /* The label: What, cut to a line. */
      size_t n = 0, nChars = 0;
      const char *z = fl.a[i].zWhat;
      while( z[n] && z[n]!='\n' && nChars<150 && n+4<sizeof zLabel ){ if( ((unsigned char)z[n]&0xc0)!=0x80 ) nChars++; n++; }
      while( z[n] && ((unsigned char)z[n]&0xc0)==0x80 && n+4<sizeof zLabel ) n++;
      memcpy(zLabel, z, n);
      zLabel[n] = 0;
      if( z[n] ) strcat(zLabel, "…");
      form_checkboxes_item(r, "findings", zId, zVal, zLabel, T(needs_source_key(fl.a[i].zSource)), bOn);
    }
    form_checkboxes_end(r);
  }
  free(fl.a);

  /* The scores. */
  html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n<p>%s</p>\n", T("priority.scores"), T("priority.scores_intro"));
  for(int c=0; c<PRIORITY_CRITERIA; c++){
    form_select_begin(r, e, azScoreField[c], azCritKey[c], azCritHint[c]);
    html_printf(b, "<option value=\"\">%s</option>\n", T("priority.score_choose"));
    for(int v=0; v<=PRIORITY_SCORE_MAX; v++){
      char zV[16];
      snprintf(zV, sizeof zV, "%d", v);
      html_printf(b, "<option value=\"%d\"%s>%d</option>\n", v, strcmp(f->in.azScore[c] ? f->in.azScore[c] : "", zV)==0 ? " selected" : "", v);
    }
    form_select_end(r);
  }
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("priority.save"));
  if( priorityId ){
    html_printf(b, "<form method=\"post\" action=\"/priorities/%lld/delete\" novalidate>\n", priorityId);
    form_csrf(r);
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\" id=\"priority\">%s</button>\n</form>\n",
                T("priority.delete"));
    html_printf(b, "<p><a href=\"/priorities/%lld\">%s</a></p>\n", priorityId, T("needs.cancel"));
  }else{
    html_printf(b, "<p><a href=\"/needs/%lld/priorities\">%s</a></p>\n", a->id, T("needs.cancel"));
  }
  html_printf(b, "</div></div>\n");
  page_end(r);
}

static void priority_form_read(struct req *r, struct prio_form *f){
  memset(f, 0, sizeof *f);
  f->in.zTitle = req_form(r, "title");
  f->in.zDescription = req_form(r, "description");
  if( !f->in.zTitle ) f->in.zTitle = "";
  if( !f->in.zDescription ) f->in.zDescription = "";
  for(int c=0; c<PRIORITY_CRITERIA; c++){
    f->in.azScore[c] = req_form(r, azScoreField[c]);
    if( !f->in.azScore[c] ) f->in.azScore[c] = "";
  }
  for(int i=0; i<r->h->form.n && f->in.nFinding<PRIORITY_FINDINGS_MAX; i++){
    if( strcmp(r->h->form.a[i].zKey, "findings")!=0 ) continue;
    long long v;
    /* Something that is no id is no finding of the assessment: the domain says so. */
    if( !text_to_int(r->h->form.a[i].zVal, 1, (long long)1<<53, &v) ) v = (long long)1<<60;
    f->aFinding[f->in.nFinding++] = v;
  }
  f->in.aFinding = f->aFinding;
}

void page_priority_new(struct req *r){
  struct prio_form *f = xcalloc(1, sizeof *f);
  f->in.zTitle = f->in.zDescription = "";
  for(int c=0; c<PRIORITY_CRITERIA; c++) f->in.azScore[c] = "";
  f->in.aFinding = f->aFinding;
  priority_form(r, 0, f, 0);
  free(f);
}

void page_priority_create(struct req *r){
  struct prio_form *f = xmalloc(sizeof *f);
  priority_form_read(r, f);
  struct field_errors e = {0};
  long long id = priority_save(r->db, &r->user, r->rec.pNeeds->id, 0, &f->in, r->zToday, &e);
  if( form_result(r, id, "/priorities/%lld", id) ) priority_form(r, 0, f, &e);
  free(f);
}

static void priority_form_of(struct req *r, struct prio_form *f){
  const struct priority *p = r->rec.pPriority;
  memset(f, 0, sizeof *f);
  f->in.zTitle = p->zTitle;
  f->in.zDescription = p->zDescription;
  for(int c=0; c<PRIORITY_CRITERIA; c++){
    snprintf(f->azScore[c], sizeof f->azScore[c], "%d", p->aScore[c]);
    f->in.azScore[c] = f->azScore[c];
  }
  f->in.nFinding = priority_finding_ids(r->db, p->id, f->aFinding, PRIORITY_FINDINGS_MAX);
  f->in.aFinding = f->aFinding;
}

void page_priority_edit(struct req *r){
  struct prio_form *f = xmalloc(sizeof *f);
  priority_form_of(r, f);
  priority_form(r, r->rec.pPriority->id, f, 0);
  free(f);
}

void page_priority_update(struct req *r){
  struct prio_form *f = xmalloc(sizeof *f);
  priority_form_read(r, f);
  struct field_errors e = {0};
  long long id = priority_save(r->db, &r->user, r->rec.pNeeds->id, r->rec.pPriority->id, &f->in, r->zToday, &e);
  if( form_result(r, id, "/priorities/%lld", id) ) priority_form(r, r->rec.pPriority->id, f, &e);
  free(f);
}

void page_priority_delete(struct req *r){
  struct field_errors e = {0};
  long long id = priority_delete(r->db, &r->user, r->rec.pPriority->id, r->zToday, &e);
  if( form_result(r, id, "/needs/%lld/priorities", r->rec.pNeeds->id) ){
    struct prio_form *f = xmalloc(sizeof *f);
    priority_form_of(r, f);
    priority_form(r, r->rec.pPriority->id, f, &e);
    free(f);
  }
}

/* ---- GET /priorities/{id} ------------------------------------------------------------- */

static void finding_item(void *pCtx, const struct needs_finding *f){
  struct req *r = pCtx;
  struct needs_assessment *a = r->rec.pNeeds;
  struct buf *b = &r->body;
  html_printf(b, "<li class=\"nhsuk-card\" id=\"finding-%lld\"><div class=\"nhsuk-card__content\">\n", f->id);
  html_printf(b, "<span class=\"nhsuk-caption-m\">%s</span>\n", T(needs_source_key(f->zSource)));
  needs_finding_summary(r, a, f, true);
  html_printf(b, "<p class=\"nhsuk-u-margin-bottom-0\"><a href=\"/needs/%lld#finding-%lld\">%s</a></p>\n",
              a->id, f->id, T("priority.finding_in_assessment"));
  html_printf(b, "</div></li>\n");
}

struct obj_ctx { struct req *r; int n; };
static void objective_item(void *pCtx, const struct priority_objective *o){
  struct obj_ctx *c = pCtx;
  struct req *r = c->r;
  if( c->n++==0 ) html_printf(&r->body, "<ul class=\"nhsuk-list nhsuk-list--bullet\" id=\"objectives\">\n");
  html_printf(&r->body, "<li><a href=\"/plans/%lld/objectives/%lld\">%s %s</a> ", o->planId, o->id, o->zRef, o->zTitle);
  html_printf_t(&r->body, TF("priority.objective_plan"), o->zYear);
  html_printf(&r->body, " <a href=\"/plans/%lld\">%s</a>", o->planId, T(strcmp(o->zStatus, "agreed")==0 ? "priority.plan_agreed" : "priority.plan_draft"));
  html_printf(&r->body, "</li>\n");
}

void page_priority(struct req *r){
  struct needs_assessment *a = r->rec.pNeeds;
  struct priority *p = r->rec.pPriority;
  struct prio_list l = {0};
  priority_list(r->db, a->id, prio_collect, &l);
  int aWeight[PRIORITY_CRITERIA];
  priority_weights(r->db, a->id, aWeight);
  struct priority_item *aItem = items_of(&l);
  int *aOrder = xcalloc((size_t)l.n+1, sizeof(int)), *aRank = xcalloc((size_t)l.n+1, sizeof(int));
  priority_rank(aItem, l.n, aWeight, aOrder, aRank);
  int rank = 0;
  for(int i=0; i<l.n; i++) if( l.a[i].id==p->id ) rank = aRank[i];

  char zUnit[100], zList[110], zSelf[40], zPrio[60];
  struct crumb aCrumb[5];
  int nCrumb = prio_crumbs(r, a, true, aCrumb, zUnit, zList, zSelf, zPrio);
  page_begin(r, p->zTitle, aCrumb, nCrumb);
  struct buf *b = &r->body;
  char zCaption[300];
  snprintf(zCaption, sizeof zCaption, T("priority.caption"), needs_unit_name(r, a), a->zYear);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"priority-heading\">%s</h1>\n", zCaption, p->zTitle);
  if( a->bDemo ) needs_demo_callout(r);
  if( p->zDescription[0] ) html_printf(b, "<p class=\"cc-pre\" id=\"description\">%s</p>\n", p->zDescription);
  html_printf(b, "<p id=\"rank\">");
  html_printf_t(b, TF("priority.rank_of"), rank, l.n, priority_score(p->aScore, aWeight), 5*priority_score((const int[]){1,1,1,1,1,1}, aWeight));
  html_printf(b, " <a href=\"/needs/%lld/priorities\">%s</a></p>\n", a->id, T("priority.see_all"));
  if( a->bCanWrite ) html_printf(b, "<p><a href=\"/priorities/%lld/edit\">%s</a></p>\n", p->id, T("priority.edit"));

  html_printf(b, "<h2 id=\"scores-heading\">%s</h2>\n", T("priority.scores"));
  page_scroll_begin(r, "scores-heading");
  nhsuk_table_begin(b, "nhsuk-table--compact", "scores-table", 0);
  nhsuk_table_header(b, T("priority.col_criterion"), false);
  nhsuk_table_header(b, T("priority.col_score_0_5"), true);
  nhsuk_table_header(b, T("priority.col_weight"), true);
  nhsuk_table_header(b, T("priority.col_weighted"), true);
  nhsuk_table_body(b);
  for(int c=0; c<PRIORITY_CRITERIA; c++){
    nhsuk_table_row_begin(b, 0);
    nhsuk_table_row_header(b, T(azCritKey[c]));
    nhsuk_table_cell_int(b, p->aScore[c]);
    nhsuk_table_cell_int(b, aWeight[c]);
    nhsuk_table_cell_int(b, p->aScore[c]*aWeight[c]);
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
  page_scroll_end(r);

  html_printf(b, "<h2 id=\"evidence-heading\">%s</h2>\n", T("priority.evidence"));
  long long aFid[1];
  if( priority_finding_ids(r->db, p->id, aFid, 1)==0 ){
    html_printf(b, "<p id=\"findings-none\">%s</p>\n", T("priority.findings_none"));
  }else{
    html_printf(b, "<ul class=\"nhsuk-list\" id=\"findings\">\n");
    priority_findings(r->db, p->id, finding_item, r);
    html_printf(b, "</ul>\n");
  }

  html_printf(b, "<h2 id=\"objectives-heading\">%s</h2>\n", T("priority.objectives"));
  struct obj_ctx oc = { r, 0 };
  priority_objectives(r->db, p->id, objective_item, &oc);
  if( oc.n ) html_printf(b, "</ul>\n");
  else html_printf(b, "<p id=\"objectives-none\">%s</p>\n", T("priority.objectives_none"));
  /* Forward: an objective of this year's plan from this priority. */
  bool bDraft = false;
  long long planId = priority_plan_of(r->db, a->unitId, a->zYear, &bDraft);
  if( a->bCanWrite && planId>0 && bDraft ){
    html_printf(b, "<p><a class=\"nhsuk-button nhsuk-button--secondary\" id=\"make-objective\" href=\"/plans/%lld/objectives/new?priority=%lld\">%s</a></p>\n",
                planId, p->id, T("priority.make_objective"));
  }else if( planId>0 ){
    html_printf(b, "<p><a href=\"/plans/%lld\">", planId);
    html_printf_t(b, TF("priority.plan_link"), a->zYear);
    html_printf(b, "</a></p>\n");
  }
  html_printf(b, "<p><a href=\"/units/%s/plans\">%s</a></p>\n", a->zUnitSlug, T("priority.plans_link"));
  page_end(r);
  free(aItem);
  free(aOrder);
  free(aRank);
  free(l.a);
}
