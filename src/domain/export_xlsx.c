/* Any table as an Excel workbook, a cell at a time (see export_xlsx.h). */
#include "domain/export_xlsx.h"
#include "util/money.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define XBOOK_MAX_COLS 32

struct xbook {
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *fHead, *fWrap, *fPence, *fDate;
  enum xcol_kind aKind[XBOOK_MAX_COLS];
  int nCol, col;
  lxw_row_t row;
  int nSheet;
  lxw_error err;
};

struct xbook *xbook_open(const char *zPath, char *zErr, size_t nErr){
  struct xbook *b = calloc(1, sizeof *b);
  if( !b ){
    snprintf(zErr, nErr, "out of memory");
    return 0;
  }
  b->wb = workbook_new(zPath);
  if( !b->wb ){
    snprintf(zErr, nErr, "could not create %s: check the folder exists and can be written", zPath);
    free(b);
    return 0;
  }
  b->fHead = workbook_add_format(b->wb);
  format_set_bold(b->fHead);
  format_set_text_wrap(b->fHead);
  format_set_align(b->fHead, LXW_ALIGN_VERTICAL_TOP);
  b->fWrap = workbook_add_format(b->wb);
  format_set_text_wrap(b->fWrap);
  format_set_align(b->fWrap, LXW_ALIGN_VERTICAL_TOP);
  b->fPence = workbook_add_format(b->wb);
  format_set_num_format(b->fPence, "\xc2\xa3#,##0.00;[Red]-\xc2\xa3#,##0.00");
  format_set_align(b->fPence, LXW_ALIGN_VERTICAL_TOP);
  b->fDate = workbook_add_format(b->wb);
  format_set_num_format(b->fDate, "d mmm yyyy");
  format_set_align(b->fDate, LXW_ALIGN_LEFT);
  format_set_align(b->fDate, LXW_ALIGN_VERTICAL_TOP);
  return b;
}

static void keep(struct xbook *b, lxw_error e){
  if( e && !b->err ) b->err = e;
}

/* Close the filter of the sheet being written. */
static void end_sheet(struct xbook *b){
  if( !b->ws || b->nCol == 0 ) return;
  lxw_row_t last = b->col > 0 ? b->row : b->row - 1;
  if( last < 1 ) last = 1;
  worksheet_autofilter(b->ws, 0, 0, last, (lxw_col_t)(b->nCol - 1));
}

/* Excel refuses sheet names with []:*?/\ or longer than 31 characters. */
static void sheet_name(const char *z, char *zOut, size_t n){
  size_t k = 0, nChar = 0;
  for( const unsigned char *p = (const unsigned char *)(z ? z : ""); *p && k + 4 < n; p++ ){
    if( strchr("[]:*?/\\", *p) ) continue;
    if( (*p & 0xC0) != 0x80 ){
      if( nChar == 31 ) break;
      nChar++;
    }
    zOut[k++] = (char)*p;
  }
  zOut[k] = 0;
}

void xbook_sheet(struct xbook *b, const char *zName, const struct xcol *aCol, int nCol, enum lang lang){
  if( !b ) return;
  end_sheet(b);
  char zSheet[128];
  sheet_name(zName, zSheet, sizeof zSheet);
  b->ws = zSheet[0] ? workbook_add_worksheet(b->wb, zSheet) : 0;
  if( !b->ws ) b->ws = workbook_add_worksheet(b->wb, 0);
  if( !b->ws ){
    keep(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return;
  }
  b->nSheet++;
  if( nCol > XBOOK_MAX_COLS ) nCol = XBOOK_MAX_COLS;
  b->nCol = nCol;
  b->row = 0;
  b->col = 0;
  for( int i = 0; i < nCol; i++ ){
    b->aKind[i] = aCol[i].kind;
    double w = aCol[i].width;
    if( w <= 0 ){
      switch( aCol[i].kind ){
        case XCOL_WRAP: w = 50; break;
        case XCOL_INT: w = 10; break;
        case XCOL_PENCE: w = 16; break;
        case XCOL_DATE: w = 13; break;
        default: w = 24; break;
      }
    }
    worksheet_set_column(b->ws, (lxw_col_t)i, (lxw_col_t)i, w, aCol[i].kind == XCOL_WRAP ? b->fWrap : 0);
    keep(b, worksheet_write_string(b->ws, 0, (lxw_col_t)i, i18n_get(lang, aCol[i].zKey), b->fHead));
  }
  worksheet_freeze_panes(b->ws, 1, 0);
  b->row = 1;
}

/* The cell to write next, or false when there is no sheet. */
static bool next(struct xbook *b, lxw_col_t *pCol){
  if( !b || !b->ws || b->nCol == 0 ) return false;
  *pCol = (lxw_col_t)b->col;
  return true;
}
static void advance(struct xbook *b){
  if( ++b->col >= b->nCol ){
    b->col = 0;
    b->row++;
  }
}

void xbook_text(struct xbook *b, const char *z){
  lxw_col_t c;
  if( !next(b, &c) ) return;
  if( z && z[0] ){
    lxw_format *f = b->aKind[c] == XCOL_WRAP ? b->fWrap : 0;
    keep(b, worksheet_write_string(b->ws, b->row, c, z, f));
  }
  advance(b);
}

void xbook_int(struct xbook *b, long long v){
  lxw_col_t c;
  if( !next(b, &c) ) return;
  keep(b, worksheet_write_number(b->ws, b->row, c, (double)v, 0));
  advance(b);
}

void xbook_pence(struct xbook *b, long long pence){
  lxw_col_t c;
  if( !next(b, &c) ) return;
  /* The nearest double to a whole number of pence over 100 prints back
  ** (as libxlsxwriter writes it, %.16g) as exactly that decimal for any
  ** amount below MONEY_MAX_PENCE: the file holds the exact amount. */
  keep(b, worksheet_write_number(b->ws, b->row, c, (double)pence / 100.0, b->fPence));
  advance(b);
}

void xbook_date(struct xbook *b, const char *zIso){
  lxw_col_t c;
  if( !next(b, &c) ) return;
  if( zIso && text_is_date(zIso) ){
    lxw_datetime d = { atoi(zIso), atoi(zIso + 5), atoi(zIso + 8), 0, 0, 0 };
    keep(b, worksheet_write_datetime(b->ws, b->row, c, &d, b->fDate));
  }
  advance(b);
}

void xbook_skip(struct xbook *b){
  lxw_col_t c;
  if( next(b, &c) ) advance(b);
}

bool xbook_close(struct xbook *b, char *zErr, size_t nErr){
  if( !b ){
    snprintf(zErr, nErr, "no workbook");
    return false;
  }
  end_sheet(b);
  if( b->nSheet == 0 ) workbook_add_worksheet(b->wb, 0);
  lxw_error e = workbook_close(b->wb);
  lxw_error err = b->err ? b->err : e;
  free(b);
  if( err ){
    snprintf(zErr, nErr, "could not write the workbook: %s", lxw_strerror(err));
    return false;
  }
  return true;
}
