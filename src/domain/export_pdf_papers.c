/*
** The agenda pack's papers (see export_meeting.h): each paper named
** under its agenda row, and each PDF paper's own pages drawn into the
** pack with poppler-glib: read from the bytes kept in the database, one
** pack page for each page, on A4 turned as the page is, scaled to fit,
** as vector drawing and real text (pdftotext reads it back), not as a
** picture of it.
**
** poppler's cairo backend keeps one FreeType library for the whole
** process and does not guard it, and cairo releases the faces poppler
** made on it when the document that used them ends, or later from its
** font cache; so the process makes one PDF at a time (pdf_papers_lock,
** taken by export_meeting_pdf around all of its work).
*/
#include "domain/export_pdf_doc.h"
#include "domain/paper.h"
#include <poppler.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a PDF paper, through poppler ------------------------------------------ */

static pthread_mutex_t paperMutex = PTHREAD_MUTEX_INITIALIZER;

void pdf_papers_lock(void){ pthread_mutex_lock(&paperMutex); }
void pdf_papers_unlock(void){ pthread_mutex_unlock(&paperMutex); }

/* An open PDF paper. */
struct paper_pdf {
  PopplerDocument *doc;
  int nPage;
};

/* Open the bytes in *pData as a PDF, taking them (*pData is left empty).
** NULL when poppler cannot: not a PDF, damaged beyond repair, or locked
** with a password. */
static struct paper_pdf *paper_pdf_open(struct buf *pData){
  size_t n = pData->n;
  if( n==0 ) return 0;
  char *z = buf_steal(pData);
  GBytes *bytes = g_bytes_new_with_free_func(z, n, free, z);
  GError *err = 0;
  PopplerDocument *doc = poppler_document_new_from_bytes(bytes, 0, &err);
  g_bytes_unref(bytes);            /* the document holds its own reference */
  if( !doc ){
    if( err ) g_error_free(err);
    return 0;
  }
  struct paper_pdf *x = g_new0(struct paper_pdf, 1);
  x->doc = doc;
  x->nPage = poppler_document_get_n_pages(doc);
  if( x->nPage<0 ) x->nPage = 0;
  return x;
}

/* How many pages x has (0 for none, or for NULL). */
static int paper_pdf_pages(const struct paper_pdf *x){
  return x ? x->nPage : 0;
}

/* The size of page i (from 0) in points as it prints, its rotation
** applied; false (and 0 x 0) when the page cannot be read. */
static bool paper_pdf_page_size(struct paper_pdf *x, int i, double *pW, double *pH){
  *pW = *pH = 0;
  if( !x || i<0 || i>=x->nPage ) return false;
  PopplerPage *pg = poppler_document_get_page(x->doc, i);
  if( !pg ) return false;
  poppler_page_get_size(pg, pW, pH);
  g_object_unref(pg);
  return *pW>0 && *pH>0;
}

/* Draw page i into the box (bx, by, bw, bh) of cr's page, scaled to fit
** keeping its aspect ratio, centred, clipped to the box; cr is left as it
** was, unless the page breaks drawing (cr in an error state). False when
** the page cannot be read. */
static bool paper_pdf_draw(struct paper_pdf *x, int i, cairo_t *cr, double bx, double by, double bw, double bh){
  if( !x || i<0 || i>=x->nPage ) return false;
  PopplerPage *pg = poppler_document_get_page(x->doc, i);
  if( !pg ) return false;
  double w = 0, h = 0;
  poppler_page_get_size(pg, &w, &h);
  if( !(w>0 && h>0) ){ g_object_unref(pg); return false; }
  double sx = bw/w, sy = bh/h, s = sx<sy ? sx : sy;
  cairo_save(cr);
  cairo_rectangle(cr, bx, by, bw, bh);
  cairo_clip(cr);
  cairo_translate(cr, bx + (bw - w*s)/2, by + (bh - h*s)/2);
  cairo_scale(cr, s, s);
  cairo_rectangle(cr, 0, 0, w, h);
  cairo_clip(cr);
  poppler_page_render_for_printing(pg, cr);
  cairo_restore(cr);
  g_object_unref(pg);
  return true;
}

/* Close x (NULL is fine). */
static void paper_pdf_close(struct paper_pdf *x){
  if( !x ) return;
  g_object_unref(x->doc);
  g_free(x);
}

/* ---- gathering ------------------------------------------------------------ */

static void size_text(long long n, char *z, size_t nz){
  if( n<1024 ) snprintf(z, nz, "%lld B", n);
  else if( n<1024*1024 ) snprintf(z, nz, "%lld KB", (n+512)/1024);
  else snprintf(z, nz, "%.1f MB", (double)n/(1024.0*1024.0));
}

/* A paper of item pCtx, as paper_list gives it. */
static void pack_paper_row(void *pCtx, const struct paper *pp){
  struct item *x = pCtx;
  x->aPaper = xrealloc(x->aPaper, sizeof(x->aPaper[0])*(size_t)(x->nPaper+1));
  struct pack_paper *q = &x->aPaper[x->nPaper++];
  memset(q, 0, sizeof *q);
  q->id = pp->id;
  q->zName = pdf_clean(pp->zFilename);
  q->size = pp->size;
  q->bPdf = strcmp(pp->zType, "application/pdf")==0;
}

/* The current papers of item x, and how many pages each PDF has: -1 for
** one that poppler cannot open (damaged, or locked with a password),
** which the pack then lists with a note instead of its pages. */
void pdf_gather_papers(struct db *db, struct item *x, long long itemId){
  paper_list(db, itemId, pack_paper_row, x);
  struct buf data = {0};
  for(int k=0; k<x->nPaper; k++){
    struct pack_paper *q = &x->aPaper[k];
    if( !q->bPdf ) continue;
    q->nPages = -1;
    struct paper pp;
    memset(&pp, 0, sizeof pp);
    pp.id = q->id;
    buf_reset(&data);
    if( !paper_data(db, &pp, &data) ) continue;
    struct paper_pdf *f = paper_pdf_open(&data);
    if( paper_pdf_pages(f)>0 ) q->nPages = paper_pdf_pages(f);
    paper_pdf_close(f);
  }
  buf_free(&data);
}

/* ---- laying out ------------------------------------------------------------ */

/* A paper under its agenda row: its name and size, and where its pages
** are in the pack, or why they are not; a Word or Excel file (anything
** but a PDF) with its address for download when the service's is known. */
void pdf_paper_note(struct pdf *p, const struct pack_paper *q){
  const struct doc *d = p->d;
  char zSize[32];
  size_text(q->size, zSize, sizeof zSize);
  struct buf name = {0}, t = {0};
  buf_printf(&name, "%s (%s)", q->zName, zSize);
  const char *zName = buf_cstr(&name);
  char zDest[40] = "";
  if( !q->bPdf ){
    buf_puts(&t, zName);
  }else if( q->nPages<0 ){
    buf_printf(&t, PT("pdf.paper_unreadable"), zName);
  }else if( q->nDraw==0 ){
    buf_printf(&t, PT("pdf.paper_left_out"), zName, PACK_MAX_PAPER_PAGES);
  }else if( q->nDraw<q->nPages ){
    buf_printf(&t, PT("pdf.paper_cut"), zName, q->first.iRef, q->nDraw, q->nPages);
    snprintf(zDest, sizeof zDest, "paper-%lld", q->id);
  }else{
    buf_printf(&t, PT("pdf.from_page"), zName, q->first.iRef);
    snprintf(zDest, sizeof zDest, "paper-%lld", q->id);
  }
  pdf_row_note(p, PT("pdf.paper"), buf_cstr(&t), zDest[0] ? zDest : 0, 0);
  if( !q->bPdf && d->zBaseUrl ){
    buf_reset(&t);
    buf_printf(&t, "%s/papers/%lld/download", d->zBaseUrl, q->id);
    pdf_row_note(p, 0, buf_cstr(&t), 0, buf_cstr(&t));
  }
  buf_free(&name);
  buf_free(&t);
}

/* The strip under a paper's page that holds its footer. */
#define PAPER_FOOT 20.0

/* The footer of page i (from 1) of paper q on a w x h page. */
static void paper_footer(struct pdf *p, const struct pack_paper *q, int i, double w, double h){
  pdf_font(p, false, 7.5);
  pdf_colour(p, C_GREY);
  char zPage[64], zLeft[80];
  pdf_page_label(p, zPage, sizeof zPage);
  double wPage = pdf_width(p, zPage);
  pdf_text_at(p, w - 24 - wPage, h - 7, zPage);
  snprintf(zLeft, sizeof zLeft, PT("pdf.paper_page"), i, q->nPages);
  double wLeft = pdf_width(p, zLeft);
  char *zName = pdf_fit(p, q->zName, w - 48 - wPage - wLeft - 18);
  struct buf b = {0};
  buf_printf(&b, "%s · %s", zName, zLeft);
  pdf_text_at(p, 24, h - 7, buf_cstr(&b));
  buf_free(&b);
  free(zName);
  pdf_colour(p, C_TEXT);
}

/* The pages of PDF paper q, one pack page each, on A4 turned as the page
** is, scaled to fit above the footer. The layouts that count pages only
** count them: the last reads the paper and draws. */
void pdf_section_paper(struct pdf *p, struct pack_paper *q, int parent){
  struct paper_pdf *f = 0;
  if( p->nPages>0 ){
    struct paper pp;
    memset(&pp, 0, sizeof pp);
    pp.id = q->id;
    struct buf data = {0};
    if( paper_data(p->d->db, &pp, &data) ) f = paper_pdf_open(&data);
    buf_free(&data);
  }
  for(int i=0; i<q->nDraw; i++){
    double w = 0, h = 0;
    bool ok = paper_pdf_page_size(f, i, &w, &h);
    bool bTurned = ok && w>h;
    double pw = bTurned ? PAGE_H : PAGE_W, ph = bTurned ? PAGE_W : PAGE_H;
    pdf_start_page(p, pw, ph);
    if( i==0 ){
      char zDest[40];
      snprintf(zDest, sizeof zDest, "paper-%lld", q->id);
      q->first.iNew = p->page;
      pdf_dest_here(p, zDest);
      pdf_bookmark(p, parent, q->zName, p->page, false);
    }
    if( p->nPages>0 ){
      /* A cairo_t of its own, so that a page that breaks drawing breaks
      ** only itself. */
      cairo_t *cr = cairo_create(p->s);
      ok = ok && paper_pdf_draw(f, i, cr, 0, 0, pw, ph - PAPER_FOOT);
      ok = ok && cairo_status(cr)==CAIRO_STATUS_SUCCESS;
      cairo_destroy(cr);
      if( !ok ){
        p->y = MARGIN + 10;
        pdf_para(p, PT("pdf.paper_page_failed"), MARGIN, pw - 2*MARGIN, false, SZ_BODY, LH_BODY, C_RED);
      }
    }
    paper_footer(p, q, i+1, pw, ph);
  }
  paper_pdf_close(f);
}

#ifdef __SANITIZE_ADDRESS__
/* In the sanitizer build only: fontconfig (2.14), which poppler asks for
** the fonts a paper names without embedding them, loses a few bytes while
** it reads its configuration, once in the life of a process. That is
** fontconfig's, not ours: LeakSanitizer is told to pass over it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void){
  return "leak:libfontconfig.so\n";
}
#endif
