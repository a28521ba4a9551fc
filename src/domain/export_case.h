/*
** A business case as documents: an A4 PDF (cairo, export_case_pdf.c) and
** a Word document (.docx, Office Open XML zipped with minizip,
** export_case_docx.c), in English or Welsh. Both print the same blocks,
** built once from the gathered case (export_case.c): the title block,
** then the seven parts of seed 001 with the executive summary first,
** with the options and their appraisal, the costs (£), the SMART
** objectives and the risks as tables. Demonstration data and a case not
** yet decided say so at the top.
*/
#ifndef CC_EXPORT_CASE_H
#define CC_EXPORT_CASE_H
#include "domain/business_case_doc.h"
#include "html/i18n.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

enum cblock_kind {
  CB_CAPTION,   /* the unit, above the title */
  CB_TITLE,     /* the case's title */
  CB_SUBTITLE,  /* "Business case" */
  CB_KV,        /* zKey: zText, under the title */
  CB_BANNER,    /* "Demonstration data", "Draft": in red */
  CB_H1,        /* a part */
  CB_H2,        /* a field of a part, or a table's name */
  CB_PARA,      /* text; newlines separate paragraphs */
  CB_NOTE,      /* grey text: nothing written yet, a total */
  CB_TABLE,     /* nCol x nRow cells, the first row the header */
};
struct cblock {
  enum cblock_kind kind;
  char *zKey, *zText;
  int nCol, nRow;
  char **azCell;             /* row-major, nCol*nRow */
  unsigned numeric;          /* bit c: column c holds amounts (right-aligned) */
  double aWidth[8];          /* fractions of the text width, summing to 1 */
};
struct cblocks { struct cblock *a; int n, nAlloc; char *zFooter; char *zTitle; char *zSubject; };

/* The blocks of case d in lang (export_case.c). */
void casedoc_blocks(const struct casedoc *d, enum lang lang, struct cblocks *v);
void casedoc_blocks_free(struct cblocks *v);

/* Case d as an A4 PDF in lang, appended to pOut. False with a reason in
** zErr (nothing appended). */
bool export_case_pdf(const struct casedoc *d, enum lang lang, struct buf *pOut, char *zErr, size_t nErr);

/* Any blocks v (a title block, headings, text, tables) as an A4 PDF in
** lang, appended to pOut; v's footer, title and subject are cleaned in
** place. False with a reason in zErr (nothing appended). Other documents
** laid out as a case is (a project's) use it too. */
bool export_blocks_pdf(struct cblocks *v, enum lang lang, struct buf *pOut, char *zErr, size_t nErr);

/* Case d as a Word document (.docx) in lang, appended to pOut. False
** with a reason in zErr (nothing appended). */
bool export_case_docx(const struct casedoc *d, enum lang lang, struct buf *pOut, char *zErr, size_t nErr);

/* z with &, <, >, " and ' as XML entities and the characters XML 1.0
** forbids (controls but tab and newline, bad UTF-8) left out, appended
** to b (pure). */
void casedoc_xml_escape(struct buf *b, const char *z);

#endif
