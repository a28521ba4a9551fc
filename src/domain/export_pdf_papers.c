/* PDF papers drawn into the agenda pack with poppler-glib (see export_pdf_papers.h). */
#include "domain/export_pdf_papers.h"
#include <poppler.h>
#include <pthread.h>

static pthread_mutex_t paperMutex = PTHREAD_MUTEX_INITIALIZER;

void paper_pdf_lock(void){ pthread_mutex_lock(&paperMutex); }
void paper_pdf_unlock(void){ pthread_mutex_unlock(&paperMutex); }

struct paper_pdf {
  PopplerDocument *doc;
  int nPage;
};

struct paper_pdf *paper_pdf_open(const void *p, size_t n){
  if( !p || n==0 ) return 0;
  GBytes *bytes = g_bytes_new(p, n);
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

int paper_pdf_pages(const struct paper_pdf *x){
  return x ? x->nPage : 0;
}

bool paper_pdf_page_size(struct paper_pdf *x, int i, double *pW, double *pH){
  *pW = *pH = 0;
  if( !x || i<0 || i>=x->nPage ) return false;
  PopplerPage *pg = poppler_document_get_page(x->doc, i);
  if( !pg ) return false;
  poppler_page_get_size(pg, pW, pH);
  g_object_unref(pg);
  return *pW>0 && *pH>0;
}

bool paper_pdf_draw(struct paper_pdf *x, int i, cairo_t *cr, double bx, double by, double bw, double bh){
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

void paper_pdf_close(struct paper_pdf *x){
  if( !x ) return;
  g_object_unref(x->doc);
  g_free(x);
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
