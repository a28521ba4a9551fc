/*
** The pages of PDF papers, read with poppler-glib and drawn into the
** agenda pack's cairo PDF document (export_pdf.c): each page as vector
** drawing and real text, not a picture of it.
**
** poppler's cairo backend keeps one FreeType library for the whole
** process and does not guard it, so every use of these functions, from
** paper_pdf_open to the end of the cairo document they drew into, is
** made between paper_pdf_lock and paper_pdf_unlock: one pack at a time
** draws papers.
*/
#ifndef CC_EXPORT_PDF_PAPERS_H
#define CC_EXPORT_PDF_PAPERS_H
#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

struct paper_pdf;              /* an open PDF paper */

void paper_pdf_lock(void);
void paper_pdf_unlock(void);

/* Open the n bytes at p as a PDF (they are copied). NULL when poppler
** cannot: not a PDF, damaged beyond repair, or protected by a password. */
struct paper_pdf *paper_pdf_open(const void *p, size_t n);
/* How many pages it has (0 for none). */
int paper_pdf_pages(const struct paper_pdf *);
/* The size of page i (from 0) in points as it prints, its rotation
** applied; false (and 0 x 0) when the page cannot be read. */
bool paper_pdf_page_size(struct paper_pdf *, int i, double *pW, double *pH);
/* Draw page i into the box (x, y, w, h) of cr's page, scaled to fit the
** box keeping its aspect ratio, centred, and clipped to the box. cr is
** left as it was; a page that breaks drawing leaves cr in an error state
** (draw each page on a cairo_t of its own). False when the page cannot be
** read. */
bool paper_pdf_draw(struct paper_pdf *, int i, cairo_t *cr, double x, double y, double w, double h);
/* Close a paper (NULL is fine). */
void paper_pdf_close(struct paper_pdf *);

#endif
