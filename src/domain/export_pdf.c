/*
** The agenda pack and the minutes as PDF (see export_meeting.h): the
** entry point, which gathers the document (export_pdf_doc.c, and the
** pack's own parts in export_pdf_pack.c), loads the fonts (pdf_face_load
** in export_pdf_doc.c, which the plan on a page uses too), and lays it
** out on a cairo PDF surface until the pages the agenda refers to settle.
** Above the document model and the pack, so that neither calls it back.
*/
#include "domain/export_pdf_doc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the surface ------------------------------------------------------- */

/* Lay the document out on a PDF surface writing into pOut (NULL: count
** the pages only). Returns the number of pages, 0 on a cairo error. */
static int render(struct doc *d, cairo_font_face_t *reg, cairo_font_face_t *bold,
                  int nPages, struct buf *pOut){
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_to_buf, pOut, PAGE_W, PAGE_H);
  struct buf t = {0};
  buf_printf(&t, "%s – %s", d->zDocName, d->zTitle);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, buf_cstr(&t));
  buf_free(&t);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->zCaption);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "carecluster");
  cairo_t *cr = cairo_create(s);
  struct pdf p;
  memset(&p, 0, sizeof p);
  p.s = s; p.cr = cr; p.reg = reg; p.bold = bold; p.lang = d->lang; p.d = d; p.nPages = nPages;
  p.zFooter = d->zFooter;
  p.w = PAGE_W;
  p.h = PAGE_H;
  /* One structure element holds everything: without it cairo 1.16 leaves
  ** the structure of its links out of the file, which readers must then
  ** repair. */
  cairo_tag_begin(cr, "Document", 0);
  pdf_new_page(&p);
  if( d->kind==EXPORT_PDF_PACK ) pdf_render_pack(&p); else pdf_render_minutes(&p);
  cairo_tag_end(cr, "Document");
  cairo_show_page(cr);
  bool ok = cairo_status(cr)==CAIRO_STATUS_SUCCESS;
  cairo_destroy(cr);
  cairo_surface_finish(s);
  ok = ok && cairo_surface_status(s)==CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(s);
  return ok ? p.page : 0;
}

static bool export_pdf_locked(struct db *, const struct user *, const struct meeting *,
                              enum export_pdf_kind, enum lang, const char *, struct buf *, char *, size_t);

bool export_meeting_pdf(struct db *db, const struct user *u, const struct meeting *m,
                        enum export_pdf_kind kind, enum lang lang, const char *zBaseUrl,
                        struct buf *pOut, char *zErr, size_t nErr){
  /* One PDF at a time in the process: poppler shares one FreeType library
  ** without a guard, and cairo's font cache may release a face poppler
  ** made while another thread draws. A pack takes 30 to 150 ms. */
  pdf_papers_lock();
  bool ok = export_pdf_locked(db, u, m, kind, lang, zBaseUrl, pOut, zErr, nErr);
  pdf_papers_unlock();
  return ok;
}

static bool export_pdf_locked(struct db *db, const struct user *u, const struct meeting *m,
                              enum export_pdf_kind kind, enum lang lang, const char *zBaseUrl,
                              struct buf *pOut, char *zErr, size_t nErr){
  cairo_font_face_t *reg, *bold;
  if( !pdf_fonts_load(&reg, &bold, zErr, nErr) ) return false;
  struct doc d;
  pdf_gather(db, u, m, kind, lang, &d);
  if( kind==EXPORT_PDF_PACK ) pdf_gather_pack(db, u, m, &d);
  d.db = db;
  /* Only a web address: the links are followed from a PDF reader. */
  if( zBaseUrl && (strncmp(zBaseUrl, "https://", 8)==0 || strncmp(zBaseUrl, "http://", 7)==0) ){
    d.zBaseUrl = xstrdup(zBaseUrl);
    size_t n = strlen(d.zBaseUrl);
    while( n>0 && d.zBaseUrl[n-1]=='/' ) d.zBaseUrl[--n] = 0;
  }
  /* Lay the document out without drawing papers until the pages the
  ** agenda refers to stay where they are (the second time, as a rule),
  ** then draw it with them. */
  int nPages = 0;
  for(int i=0; i<4; i++){
    nPages = render(&d, reg, bold, 0, 0);
    if( nPages==0 || pdf_marks_settle(&d) ) break;
  }
  size_t nBefore = pOut->n;
  bool ok = nPages>0 && render(&d, reg, bold, nPages, pOut)==nPages;
  if( !ok ){
    snprintf(zErr, nErr, "the PDF could not be drawn");
    pOut->n = nBefore;
  }
  pdf_doc_free(&d);
  cairo_font_face_destroy(reg);
  cairo_font_face_destroy(bold);
  return ok;
}
