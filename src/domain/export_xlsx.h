/*
** Any table of the product as an Excel workbook (libxlsxwriter), written
** a cell at a time: a bold, frozen header row with a filter, one sheet or
** more, column widths set, long text wrapped. Money is written from whole
** pence as the exact decimal number of pounds with the format
** "£#,##0.00" (the file holds "1234.56", never a rounded binary value),
** dates as real Excel dates, text as text (never run as a formula).
**
**   struct xbook *b = xbook_open(zPath, zErr, sizeof zErr);
**   static const struct xcol cols[] = {{"finance.col.stream", XCOL_TEXT, 30}, ...};
**   xbook_sheet(b, i18n_get(lang, "finance.sheet.streams"), cols, 3, lang);
**   xbook_text(b, "Recurrent"); xbook_pence(b, 1234567); xbook_date(b, "2026-04-01");
**   ok = xbook_close(b, zErr, sizeof zErr);
**
** Cells fill the current row left to right and a row ends by itself after
** its last column. Errors are kept and reported once by xbook_close,
** which always frees the book. The pages serve the file through
** page_xlsx_send (src/pages/pages.h).
*/
#ifndef CC_EXPORT_XLSX_H
#define CC_EXPORT_XLSX_H
#include "html/i18n.h"
#include <stdbool.h>
#include <stddef.h>

enum xcol_kind { XCOL_TEXT, XCOL_WRAP, XCOL_INT, XCOL_PENCE, XCOL_DATE };

struct xcol {
  const char *zKey;       /* i18n key of the header */
  enum xcol_kind kind;
  double width;           /* characters; 0: a default for the kind */
};

struct xbook;

/* A new workbook at zPath (created or replaced); NULL with zErr set. */
struct xbook *xbook_open(const char *zPath, char *zErr, size_t nErr);
/* Start a sheet named zName (cut to Excel's 31 characters; NULL or a
** name Excel refuses: "Sheet1"...) with its header row. */
void xbook_sheet(struct xbook *, const char *zName, const struct xcol *aCol, int nCol, enum lang);
/* The next cell: text (NULL or "" leaves it empty), an integer, an
** amount in pence, an ISO date (anything else leaves it empty), or
** nothing at all. */
void xbook_text(struct xbook *, const char *z);
void xbook_int(struct xbook *, long long v);
void xbook_pence(struct xbook *, long long pence);
void xbook_date(struct xbook *, const char *zIso);
void xbook_skip(struct xbook *);
/* Write and free the book; false with zErr set if anything failed. */
bool xbook_close(struct xbook *, char *zErr, size_t nErr);

#endif
