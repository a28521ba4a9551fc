/*
** A business case as an A4 PDF (see export_case.h), drawn with cairo on
** the text helpers of the PDF layer (export_pdf_doc.h: fonts, wrapping,
** pages with their footer "Page 2 of 5"). Laid out once to count the
** pages, then again to draw. Tables repeat their header row on a new
** page; amounts are right-aligned.
*/
#include "domain/export_case.h"
#include "domain/export_pdf_doc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL_PAD 4.0

static void rule_at(struct pdf *p, double y){
  cairo_set_source_rgb(p->cr, 0.85, 0.87, 0.88);
  cairo_set_line_width(p->cr, 0.5);
  cairo_move_to(p->cr, MARGIN, y);
  cairo_line_to(p->cr, PAGE_W - MARGIN, y);
  cairo_stroke(p->cr);
}

/* Paragraphs of z (separated by newlines), each wrapped. */
static void paras(struct pdf *p, const char *z, bool bBold, double size, double lh, unsigned rgb){
  char *zCopy = pdf_clean(z);
  char *zLine = zCopy;
  while( zLine ){
    char *zNext = strchr(zLine, '\n');
    if( zNext ) *zNext++ = 0;
    if( zLine[0] ) pdf_para(p, zLine, MARGIN, TEXT_W, bBold, size, lh, rgb);
    else p->y += lh/2;
    zLine = zNext;
  }
  free(zCopy);
}

/* The height of row r of table b, its cells wrapped to their columns. */
static double row_height(struct pdf *p, const struct cblock *b, int r, const double *aX, const double *aW){
  (void)aX;
  int nMax = 1;
  for(int c=0; c<b->nCol; c++){
    struct buf lines = {0};
    pdf_font(p, r==0, SZ_SMALL);
    char *z = pdf_clean(b->azCell[r*b->nCol+c]);
    int n = pdf_wrap(p, z, aW[c] - 2*CELL_PAD, &lines);
    if( n>nMax ) nMax = n;
    free(z);
    buf_free(&lines);
  }
  return nMax*LH_SMALL + 4;
}

static void draw_row(struct pdf *p, const struct cblock *b, int r, const double *aX, const double *aW, bool bBold){
  double y0 = p->y;
  for(int c=0; c<b->nCol; c++){
    struct buf lines = {0};
    pdf_font(p, bBold, SZ_SMALL);
    pdf_colour(p, C_TEXT);
    char *z = pdf_clean(b->azCell[r*b->nCol+c]);
    int n = pdf_wrap(p, z, aW[c] - 2*CELL_PAD, &lines);
    bool bNum = (b->numeric>>c) & 1u;
    for(int i=0; i<n; i++){
      const char *zL = pdf_line_at(&lines, i);
      double x = aX[c] + CELL_PAD;
      if( bNum ) x = aX[c] + aW[c] - CELL_PAD - pdf_width(p, zL);
      pdf_text_at(p, x, y0 + i*LH_SMALL, zL);
    }
    free(z);
    buf_free(&lines);
  }
}

static void draw_table(struct pdf *p, const struct cblock *b){
  double aX[8], aW[8], x = MARGIN;
  for(int c=0; c<b->nCol && c<8; c++){ aW[c] = b->aWidth[c]*TEXT_W; aX[c] = x; x += aW[c]; }
  double hHead = row_height(p, b, 0, aX, aW);
  pdf_need_room(p, hHead + row_height(p, b, b->nRow>1 ? 1 : 0, aX, aW) + (b->nRow>2 ? row_height(p, b, 2, aX, aW) : 0));
  bool bHead = true;
  for(int r=0; r<b->nRow; r++){
    double h = row_height(p, b, r, aX, aW);
    if( r>0 && p->y + h > BOTTOM ){ pdf_new_page(p); bHead = true; }
    if( bHead && r>0 ){
      /* The header again on a new page. */
      pdf_colour(p, C_FILL);
      cairo_rectangle(p->cr, MARGIN, p->y - LH_SMALL + 1, TEXT_W, hHead);
      cairo_fill(p->cr);
      draw_row(p, b, 0, aX, aW, true);
      p->y += hHead;
      rule_at(p, p->y - LH_SMALL + 1);
    }
    bHead = false;
    if( r==0 ){
      pdf_colour(p, C_FILL);
      cairo_rectangle(p->cr, MARGIN, p->y - LH_SMALL + 1, TEXT_W, h);
      cairo_fill(p->cr);
    }
    draw_row(p, b, r, aX, aW, r==0);
    p->y += h;
    rule_at(p, p->y - LH_SMALL + 1);
  }
  p->y += 8;
}

static void render_blocks(struct pdf *p, const struct cblocks *v){
  pdf_new_page(p);
  for(int i=0; i<v->n; i++){
    const struct cblock *b = &v->a[i];
    switch( b->kind ){
      case CB_CAPTION: paras(p, b->zText, false, 10, 14, C_GREY); p->y += 6; break;
      case CB_TITLE: paras(p, b->zText, true, SZ_TITLE, LH_TITLE, C_TEXT); break;
      case CB_SUBTITLE: paras(p, b->zText, false, 13, 20, C_BLUE); p->y += 6; break;
      case CB_KV: {
        char *zK = pdf_clean(b->zKey), *zV = pdf_clean(b->zText);
        pdf_kv(p, zK, zV, MARGIN, SZ_BODY, LH_BODY);
        free(zK); free(zV);
        p->y += 2;
        break;
      }
      case CB_BANNER: p->y += 4; paras(p, b->zText, true, 11, 15, C_RED); break;
      case CB_H1:
        p->y += 12;
        pdf_need_room(p, 16 + 3*LH_BODY);
        paras(p, b->zText, true, 15, 20, C_BLUE);
        p->y += 2;
        break;
      case CB_H2:
        p->y += 4;
        /* Not alone at the foot of a page: with two lines of text, or a
        ** table's header and first rows. */
        pdf_need_room(p, i+1<v->n && v->a[i+1].kind==CB_TABLE ? 16 + 4*LH_SMALL + 16 : 2*LH_BODY);
        paras(p, b->zText, true, 11.5, 16, C_TEXT);
        break;
      case CB_PARA: paras(p, b->zText, false, SZ_BODY, LH_BODY, C_TEXT); p->y += 4; break;
      case CB_NOTE: paras(p, b->zText, false, SZ_SMALL, LH_SMALL, C_GREY); p->y += 4; break;
      case CB_TABLE: p->y += 4; draw_table(p, b); break;
    }
  }
}

/* One layout: the page count, drawing only when pOut. */
static int render(const struct cblocks *v, enum lang lang, cairo_font_face_t *reg, cairo_font_face_t *bold,
                  int nPages, struct buf *pOut){
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_to_buf, pOut, PAGE_W, PAGE_H);
  if( pOut ){
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, v->zTitle);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, v->zSubject);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "carecluster");
  }
  cairo_t *cr = cairo_create(s);
  struct pdf p;
  memset(&p, 0, sizeof p);
  p.s = s; p.cr = cr; p.reg = reg; p.bold = bold; p.lang = lang; p.nPages = nPages;
  p.zFooter = v->zFooter;
  p.w = PAGE_W; p.h = PAGE_H;
  cairo_tag_begin(cr, "Document", 0);
  render_blocks(&p, v);
  cairo_tag_end(cr, "Document");
  cairo_show_page(cr);
  bool ok = cairo_status(cr)==CAIRO_STATUS_SUCCESS;
  cairo_destroy(cr);
  cairo_surface_finish(s);
  ok = ok && cairo_surface_status(s)==CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(s);
  return ok ? p.page : 0;
}

static bool blocks_pdf_locked(struct cblocks *v, enum lang lang, struct buf *pOut, char *zErr, size_t nErr){
  cairo_font_face_t *reg, *bold;
  if( !pdf_fonts_load(&reg, &bold, zErr, nErr) ) return false;
  /* The footer's strings are cleaned for cairo once. */
  char *zF = pdf_clean(v->zFooter ? v->zFooter : ""); free(v->zFooter); v->zFooter = zF;
  char *zT = pdf_clean(v->zTitle ? v->zTitle : ""); free(v->zTitle); v->zTitle = zT;
  char *zS = pdf_clean(v->zSubject ? v->zSubject : ""); free(v->zSubject); v->zSubject = zS;
  size_t nBefore = pOut->n;
  int nPages = render(v, lang, reg, bold, 0, 0);
  bool ok = nPages>0 && render(v, lang, reg, bold, nPages, pOut)==nPages;
  if( !ok ){
    snprintf(zErr, nErr, "the PDF could not be drawn");
    pOut->n = nBefore;
  }
  cairo_font_face_destroy(reg);
  cairo_font_face_destroy(bold);
  return ok;
}

bool export_blocks_pdf(struct cblocks *v, enum lang lang, struct buf *pOut, char *zErr, size_t nErr){
  /* One PDF at a time in the process, as the agenda pack (export_pdf.c). */
  pdf_papers_lock();
  bool ok = blocks_pdf_locked(v, lang, pOut, zErr, nErr);
  pdf_papers_unlock();
  return ok;
}

bool export_case_pdf(const struct casedoc *d, enum lang lang, struct buf *pOut, char *zErr, size_t nErr){
  struct cblocks v;
  casedoc_blocks(d, lang, &v);
  bool ok = export_blocks_pdf(&v, lang, pOut, zErr, nErr);
  casedoc_blocks_free(&v);
  return ok;
}
