/*
** The plan on a page as one A4 PDF page (see export_plan.h). It uses the
** text helpers of the PDF layer (export_pdf_doc.h: fonts, widths,
** wrapping) on a struct pdf of its own, and loads the same fonts as the
** agenda pack (pdf_face_load). The layout is tried at full size, then smaller, until it
** fits on the page: a plan on a page is never two pages.
*/
#include "domain/export_plan.h"
#include "domain/export_pdf_doc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- what is printed -------------------------------------------------------------- */

struct obj_row { char *zRef, *zTitle, *zMeasure, *zTarget, *zDue, *zOwner, *zRag; const char *zRagCode; };
struct page_doc {
  enum lang lang;
  const struct planview_plan *p;
  char *zUnit;
  char *zTitle;
  char *zStatus;
  char *zDecision;
  char *zVision;
  char **azPriority;
  int nPriority;
  struct obj_row *aObj;
  int nObj, nObjAlloc;
  char *zFooter;
};

#define L(key) i18n_get(d->lang, key)

static void date_text(enum lang lang, const char *zIso, char *z, size_t n){
  int y = atoi(zIso), mo = atoi(zIso+5), day = atoi(zIso+8);
  if( strlen(zIso)<10 || mo<1 || mo>12 ){ snprintf(z, n, "%s", zIso); return; }
  char zM[16];
  snprintf(zM, sizeof zM, "month.%d", mo);
  snprintf(z, n, "%d %s %d", day, i18n_get(lang, zM), y);
}

struct gather { struct page_doc *d; struct db *db; long long aPri[32]; int nPri; };
static void gather_objective(void *pCtx, const struct planview_objective *o){
  struct gather *g = pCtx;
  struct page_doc *d = g->d;
  if( d->nObj==d->nObjAlloc ){
    d->nObjAlloc = d->nObjAlloc ? 2*d->nObjAlloc : 8;
    d->aObj = xrealloc(d->aObj, (size_t)d->nObjAlloc*sizeof *d->aObj);
  }
  struct obj_row *x = &d->aObj[d->nObj++];
  x->zRef = pdf_clean(o->zRef);
  x->zTitle = pdf_clean(o->zTitle);
  const char *zM = o->measureId ? o->zMeasure
                 : o->indicatorId ? (d->lang==LANG_CY && o->zIndicatorCy[0] ? o->zIndicatorCy : o->zIndicatorEn)
                 : L("planpage.none");
  x->zMeasure = pdf_clean(zM);
  x->zTarget = pdf_clean(o->zTarget[0] ? o->zTarget : L("planpage.none"));
  char zDue[64];
  if( o->zDue[0] ) date_text(d->lang, o->zDue, zDue, sizeof zDue);
  else snprintf(zDue, sizeof zDue, "%s", L("planpage.none"));
  x->zDue = pdf_clean(zDue);
  x->zOwner = pdf_clean(o->zOwner[0] ? o->zOwner : L("planpage.none"));
  char zRag[120];
  const char *zKey = strcmp(o->zRag, "red")==0 ? "planview.rag.red" : strcmp(o->zRag, "amber")==0 ? "planview.rag.amber"
                   : strcmp(o->zRag, "green")==0 ? "planview.rag.green" : "planview.rag.none";
  if( o->zRag[0] && o->quarter>0 ) snprintf(zRag, sizeof zRag, i18n_get(d->lang, "planview.rag_quarter"), L(zKey), o->quarter);
  else snprintf(zRag, sizeof zRag, "%s", L(zKey));
  x->zRag = pdf_clean(zRag);
  x->zRagCode = strcmp(o->zRag, "red")==0 ? "red" : strcmp(o->zRag, "amber")==0 ? "amber"
              : strcmp(o->zRag, "green")==0 ? "green" : "";
  if( o->priorityId ){
    bool bSeen = false;
    for(int i=0; i<g->nPri; i++) if( g->aPri[i]==o->priorityId ) bSeen = true;
    if( !bSeen && g->nPri<32 ) g->aPri[g->nPri++] = o->priorityId;
  }
}

static void doc_gather(struct db *db, const struct planview_plan *p, enum lang lang, struct page_doc *d){
  memset(d, 0, sizeof *d);
  d->lang = lang;
  d->p = p;
  d->zUnit = pdf_clean(lang==LANG_CY && p->zUnitNameCy[0] ? p->zUnitNameCy : p->zUnitName);
  char z[1400];
  snprintf(z, sizeof z, i18n_get(lang, "planpage.title"), p->zYear);
  d->zTitle = pdf_clean(z);
  if( p->bAgreed ){
    char zDate[64] = "";
    if( p->zMeetingDate[0] ) date_text(lang, p->zMeetingDate, zDate, sizeof zDate);
    snprintf(z, sizeof z, i18n_get(lang, "planpage.pdf_agreed"), zDate, p->zMeetingTitle);
    d->zStatus = pdf_clean(z);
    if( p->zDecision[0] ) d->zDecision = pdf_clean(p->zDecision);
  }else{
    d->zStatus = pdf_clean(i18n_get(lang, "planpage.pdf_draft"));
  }
  d->zVision = pdf_clean(p->zVision[0] ? p->zVision : i18n_get(lang, "planpage.none"));
  struct gather g;
  memset(&g, 0, sizeof g);
  g.d = d;
  g.db = db;
  planview_objectives(db, p->id, gather_objective, &g);
  d->azPriority = xcalloc((size_t)(g.nPri ? g.nPri : 1), sizeof(char*));
  for(int i=0; i<g.nPri; i++){
    char zP[501];
    planview_priority_title(db, g.aPri[i], zP, sizeof zP);
    d->azPriority[d->nPriority++] = pdf_clean(zP);
  }
  snprintf(z, sizeof z, "%s – %s", d->zUnit, d->zTitle);
  d->zFooter = pdf_clean(z);
}

static void doc_free(struct page_doc *d){
  free(d->zUnit); free(d->zTitle); free(d->zStatus); free(d->zDecision); free(d->zVision); free(d->zFooter);
  for(int i=0; i<d->nPriority; i++) free(d->azPriority[i]);
  free(d->azPriority);
  for(int i=0; i<d->nObj; i++){
    struct obj_row *x = &d->aObj[i];
    free(x->zRef); free(x->zTitle); free(x->zMeasure); free(x->zTarget); free(x->zDue); free(x->zOwner); free(x->zRag);
  }
  free(d->aObj);
}

/* ---- layout ------------------------------------------------------------------------ */

/* Wrapped text at x, width w, from baseline y; returns the baseline
** after it. Draws only when bDraw. */
static double para(struct pdf *p, const char *z, double x, double y, double w, bool bBold, double size,
                   double lh, unsigned rgb, bool bDraw){
  struct buf lines = {0};
  pdf_font(p, bBold, size);
  int n = pdf_wrap(p, z, w, &lines);
  if( bDraw ) pdf_colour(p, rgb);
  for(int i=0; i<n; i++){
    if( bDraw ) pdf_text_at(p, x, y, pdf_line_at(&lines, i));
    y += lh;
  }
  buf_free(&lines);
  return y;
}

static void rule(struct pdf *p, double y, bool bDraw){
  if( !bDraw ) return;
  cairo_set_source_rgb(p->cr, 0.85, 0.87, 0.88);
  cairo_set_line_width(p->cr, 0.5);
  cairo_move_to(p->cr, MARGIN, y);
  cairo_line_to(p->cr, PAGE_W - MARGIN, y);
  cairo_stroke(p->cr);
}

static unsigned rag_rgb(const char *z){
  if( strcmp(z, "red")==0 ) return C_RED;
  if( strcmp(z, "amber")==0 ) return 0xFFB81C;
  if( strcmp(z, "green")==0 ) return 0x007F3B;
  return 0xAEB7BD;
}

/* The page at scale k (1: full size). Returns the number of objectives
** that fitted; *pOver true when something ran past the bottom. */
static int layout(struct pdf *p, const struct page_doc *d, double k, bool bDraw, bool *pOver){
  double y = MARGIN + 10*k;
  double body = SZ_BODY*k, lh = LH_BODY*k, small = SZ_SMALL*k, lhs = LH_SMALL*k;
  *pOver = false;
  y = para(p, d->zUnit, MARGIN, y, TEXT_W, false, body, lh, C_GREY, bDraw);
  y = para(p, d->zTitle, MARGIN, y + 6*k, TEXT_W, true, SZ_TITLE*k, LH_TITLE*k, C_TEXT, bDraw);
  if( d->p->bDemo ){
    y = para(p, i18n_get(d->lang, "planpage.pdf_demo"), MARGIN, y + 2*k, TEXT_W, true, small, lhs, C_RED, bDraw);
  }
  y += 4*k;
  /* Status and vision as key: value. */
  double wKey = KEY_W*k;
  const char *azKey[2] = { i18n_get(d->lang, "planpage.status"), i18n_get(d->lang, "planpage.vision") };
  const char *azVal[2] = { d->zStatus, d->zVision };
  for(int i=0; i<2; i++){
    para(p, azKey[i], MARGIN, y, wKey - 6, true, body, lh, C_TEXT, bDraw);
    double y2 = para(p, azVal[i], MARGIN + wKey, y, TEXT_W - wKey, false, body, lh, C_TEXT, bDraw);
    if( i==0 && d->zDecision ) y2 = para(p, d->zDecision, MARGIN + wKey, y2, TEXT_W - wKey, false, small, lhs, C_GREY, bDraw);
    y = y2 + 4*k;
  }
  /* The priorities. */
  if( d->nPriority ){
    y = para(p, i18n_get(d->lang, "planpage.priorities"), MARGIN, y + 8*k, TEXT_W, true, 13*k, 17*k, C_BLUE, bDraw);
    for(int i=0; i<d->nPriority; i++){
      char zN[16];
      snprintf(zN, sizeof zN, "%d.", i+1);
      para(p, zN, MARGIN, y, 20*k, false, body, lh, C_TEXT, bDraw);
      y = para(p, d->azPriority[i], MARGIN + 20*k, y, TEXT_W - 20*k, false, body, lh, C_TEXT, bDraw);
    }
  }
  /* The objectives as a table. */
  y = para(p, i18n_get(d->lang, "planpage.objectives"), MARGIN, y + 8*k, TEXT_W, true, 13*k, 17*k, C_BLUE, bDraw);
  if( d->nObj==0 ){
    y = para(p, i18n_get(d->lang, "planpage.no_objectives"), MARGIN, y, TEXT_W, false, body, lh, C_TEXT, bDraw);
    return 0;
  }
  static const double aW[6] = { 0.27, 0.19, 0.18, 0.11, 0.14, 0.11 };
  const char *azHead[6] = {
    i18n_get(d->lang, "planpage.col_objective"), i18n_get(d->lang, "planpage.col_measure"),
    i18n_get(d->lang, "planpage.col_target"), i18n_get(d->lang, "planpage.col_due"),
    i18n_get(d->lang, "planpage.col_owner"), i18n_get(d->lang, "planpage.col_rag") };
  double ax[6], x = MARGIN;
  for(int c=0; c<6; c++){ ax[c] = x; x += aW[c]*TEXT_W; }
  double yHead = y;
  for(int c=0; c<6; c++){
    double y2 = para(p, azHead[c], ax[c], yHead, aW[c]*TEXT_W - 4, true, small, lhs, C_TEXT, bDraw);
    if( y2>y ) y = y2;
  }
  rule(p, y - lhs + 3*k, bDraw);
  y += 2*k;
  int nFit = 0;
  double yFoot = BOTTOM - 2*lhs;            /* room for "n more" */
  for(int i=0; i<d->nObj; i++){
    const struct obj_row *o = &d->aObj[i];
    char *zObj = xmalloc(strlen(o->zRef) + strlen(o->zTitle) + 2);
    sprintf(zObj, "%s %s", o->zRef, o->zTitle);
    /* Measure the row, then draw it if it fits. */
    const char *azCell[6] = { zObj, o->zMeasure, o->zTarget, o->zDue, o->zOwner, o->zRag };
    double yEnd = y;
    for(int c=0; c<6; c++){
      double y2 = para(p, azCell[c], ax[c] + (c==5 ? 9*k : 0), y, aW[c]*TEXT_W - 4 - (c==5 ? 9*k : 0),
                       c==0, small, lhs, C_TEXT, false);
      if( y2>yEnd ) yEnd = y2;
    }
    if( yEnd > (i==d->nObj-1 ? BOTTOM : yFoot) ){ *pOver = true; free(zObj); break; }
    for(int c=0; c<6 && bDraw; c++){
      para(p, azCell[c], ax[c] + (c==5 ? 9*k : 0), y, aW[c]*TEXT_W - 4 - (c==5 ? 9*k : 0), c==0, small, lhs, C_TEXT, true);
    }
    if( bDraw ){
      /* The RAG as a coloured square beside its word. */
      pdf_colour(p, rag_rgb(o->zRagCode));
      cairo_rectangle(p->cr, ax[5], y - 6.5*k, 6.5*k, 6.5*k);
      cairo_fill(p->cr);
    }
    free(zObj);
    y = yEnd + 2*k;
    rule(p, y - lhs + 3*k, bDraw);
    nFit++;
  }
  if( nFit<d->nObj && bDraw ){
    char z[200];
    snprintf(z, sizeof z, i18n_get(d->lang, "planpage.pdf_more"), d->nObj - nFit);
    para(p, z, MARGIN, y + 2*k, TEXT_W, false, small, lhs, C_RED, true);
  }
  if( y > BOTTOM ) *pOver = true;
  if( bDraw ){
    pdf_font(p, false, 8);
    pdf_colour(p, C_GREY);
    char *zF = pdf_fit(p, d->zFooter, TEXT_W);
    pdf_text_at(p, MARGIN, FOOTER_Y, zF);
    free(zF);
  }
  return nFit;
}

/* Lay the page out at scale k on a surface writing into pOut (NULL:
** measure only). */
static bool render(const struct page_doc *d, cairo_font_face_t *reg, cairo_font_face_t *bold, double k,
                   struct buf *pOut, bool *pOver){
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_to_buf, pOut, PAGE_W, PAGE_H);
  if( pOut ){
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->zFooter);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->zUnit);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "carecluster");
  }
  cairo_t *cr = cairo_create(s);
  struct pdf p;
  memset(&p, 0, sizeof p);
  p.s = s; p.cr = cr; p.reg = reg; p.bold = bold; p.lang = d->lang;
  p.w = PAGE_W; p.h = PAGE_H; p.page = 1; p.nPages = 1;
  if( pOut ) cairo_tag_begin(cr, "Document", 0);
  layout(&p, d, k, pOut!=0, pOver);
  if( pOut ) cairo_tag_end(cr, "Document");
  cairo_show_page(cr);
  bool ok = cairo_status(cr)==CAIRO_STATUS_SUCCESS;
  cairo_destroy(cr);
  cairo_surface_finish(s);
  ok = ok && cairo_surface_status(s)==CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(s);
  return ok;
}

static bool plan_pdf_locked(struct db *db, const struct planview_plan *p, enum lang lang, struct buf *pOut,
                            char *zErr, size_t nErr){
  cairo_font_face_t *reg, *bold;
  if( !pdf_fonts_load(&reg, &bold, zErr, nErr) ) return false;
  struct page_doc d;
  doc_gather(db, p, lang, &d);
  /* Full size, then smaller by steps to 60%, until it fits. */
  double k = 1.0;
  bool bOver = true;
  for(int i=0; i<5; i++){
    k = 1.0 - 0.1*i;
    if( !render(&d, reg, bold, k, 0, &bOver) ){ bOver = true; break; }
    if( !bOver ) break;
  }
  size_t nBefore = pOut->n;
  bool ok = render(&d, reg, bold, k, pOut, &bOver);
  if( !ok ){
    snprintf(zErr, nErr, "the PDF could not be drawn");
    pOut->n = nBefore;
  }
  doc_free(&d);
  cairo_font_face_destroy(reg);
  cairo_font_face_destroy(bold);
  return ok;
}

bool export_plan_pdf(struct db *db, const struct planview_plan *p, enum lang lang, struct buf *pOut,
                     char *zErr, size_t nErr){
  /* One PDF at a time in the process, as the agenda pack (export_pdf.c). */
  pdf_papers_lock();
  bool ok = plan_pdf_locked(db, p, lang, pOut, zErr, nErr);
  pdf_papers_unlock();
  return ok;
}
