/*
** The health board ledger's CSV export, read: what the file itself can
** say is wrong, by line and column, with no database (so that it can be
** fuzzed on its own: tests/fuzz/fuzz_ledger.c). finance_ledger_import
** (finance.c) then checks what only the database knows: the stream of the
** date's year and the commitment. See finance.h for the format.
*/
#include "domain/finance.h"
#include "domain/plan.h"
#include "util/csv.h"
#include "util/money.h"
#include "util/text.h"
#include <stdlib.h>
#include <string.h>

bool finance_ledger_date(const char *z, char zOut[11]){
  zOut[0] = 0;
  if( !z ) return false;
  while( *z==' ' || *z=='\t' ) z++;
  size_t n = strlen(z);
  while( n && (z[n-1]==' ' || z[n-1]=='\t') ) n--;
  char t[11];
  if( n==10 && z[4]=='-' && z[7]=='-' ){
    memcpy(t, z, 10);
  }else if( n==10 && z[2]=='/' && z[5]=='/' ){
    memcpy(t, z+6, 4); t[4] = '-'; memcpy(t+5, z+3, 2); t[7] = '-'; memcpy(t+8, z, 2);
  }else{
    return false;
  }
  t[10] = 0;
  if( !text_is_date(t) ) return false;
  memcpy(zOut, t, 11);
  return true;
}

enum { LC_DATE, LC_REF, LC_SUPPLIER, LC_DESC, LC_AMOUNT, LC_STREAM, LC_COMMIT, LC__N };
static const char *const azLedgerCol[LC__N] = { "date", "reference", "supplier", "description", "amount", "stream", "commitment" };

/* A header name folded: spaces, tabs and underscores left out, ASCII in lower case. */
static void header_key(const char *z, char *zOut, size_t n){
  size_t k = 0;
  for(; *z && k+1<n; z++){
    if( *z==' ' || *z=='\t' || *z=='_' ) continue;
    zOut[k++] = (char)((*z>='A' && *z<='Z') ? *z+32 : *z);
  }
  zOut[k] = 0;
}

void finance_import_error_add(struct finance_import *o, int line, int column, const char *zKey, const char *zText){
  if( o->nError<FINANCE_IMPORT_ERRORS ){
    struct finance_import_error *x = &o->a[o->nError];
    x->line = line;
    x->column = column;
    x->zKey = zKey;
    text_copy(x->zText, sizeof x->zText, zText ? zText : "");
  }
  o->nError++;
}

static int error_cmp(const void *pa, const void *pb){
  const struct finance_import_error *a = pa, *b = pb;
  if( a->line!=b->line ) return a->line<b->line ? -1 : 1;
  return a->column<b->column ? -1 : a->column>b->column;
}

void finance_import_errors_sort(struct finance_import *o){
  int n = o->nError<FINANCE_IMPORT_ERRORS ? o->nError : FINANCE_IMPORT_ERRORS;
  qsort(o->a, (size_t)n, sizeof o->a[0], error_cmp);
}

/* Field f of r, or NULL when the record is shorter or the column absent. */
static const struct csv_field *field(const struct csv_record *r, int col){
  return col>=0 && col<r->nField && col<CSV_RECORD_FIELDS ? &r->a[col] : 0;
}

/* The trimmed text of f into zOut (n bytes): false, with nothing copied,
** when f is not clean one-line UTF-8. */
static bool trimmed(const struct csv_field *f, char *zOut, size_t n){
  /* A NUL inside the field would end the text early: refused as unclean. */
  size_t nHeld = f->n<CSV_FIELD_BYTES ? f->n : CSV_FIELD_BYTES-1;
  if( strlen(f->z)<nHeld || !text_is_clean_utf8(f->z, false) ) return false;
  const char *z = f->z;
  while( *z==' ' || *z=='\t' ) z++;
  size_t k = strlen(z);
  while( k && (z[k-1]==' ' || z[k-1]=='\t') ) k--;
  char *c = malloc(k+1);
  if( !c ) return false;
  memcpy(c, z, k);
  c[k] = 0;
  text_copy(zOut, n, c);
  free(c);
  return true;
}

int finance_ledger_read(const char *z, size_t n, struct finance_ledger_row **paRow, struct finance_import *o){
  memset(o, 0, sizeof *o);
  *paRow = 0;
  if( !z || !n ){ o->zFileKey = "finance.import.error.empty"; return 0; }
  size_t i = 0;
  if( n>=3 && (unsigned char)z[0]==0xEF && (unsigned char)z[1]==0xBB && (unsigned char)z[2]==0xBF ) i = 3;
  char cSep = csv_separator(z, n, i);
  int line = 1;
  struct csv_record *r = malloc(sizeof *r);
  if( !r ){ o->zFileKey = "finance.import.error.empty"; return 0; }
  int aCol[LC__N];
  for(int k=0; k<LC__N; k++) aCol[k] = -1;
  /* The header: the first record that is not blank. */
  bool bHeader = false;
  while( i<n ){
    csv_read_record(z, n, cSep, &i, &line, r);
    if( csv_record_blank(r, CSV_RECORD_FIELDS) ) continue;
    for(int f=0; f<r->nField && f<CSV_RECORD_FIELDS; f++){
      char zKey[40];
      header_key(r->a[f].z, zKey, sizeof zKey);
      for(int k=0; k<LC__N; k++) if( strcmp(zKey, azLedgerCol[k])==0 && aCol[k]<0 ) aCol[k] = f;
    }
    bHeader = true;
    break;
  }
  if( !bHeader ){ free(r); o->zFileKey = "finance.import.error.empty"; return 0; }
  for(int k=0; k<LC__N; k++){
    if( k!=LC_COMMIT && aCol[k]<0 ){ free(r); o->zFileKey = "finance.import.error.header"; return 0; }
  }
  struct finance_ledger_row *aRow = 0;
  int nRow = 0, nAlloc = 0;
  while( i<n ){
    csv_read_record(z, n, cSep, &i, &line, r);
    if( csv_record_blank(r, CSV_RECORD_FIELDS) ) continue;
    o->nLines++;
    int nErrBefore = o->nError;
    int ln = r->line;
    if( r->quote!=CSV_QUOTE_OK ){
      finance_import_error_add(o, ln, r->badColumn, "finance.import.error.quote", "");
      continue;
    }
    struct finance_ledger_row x;
    memset(&x, 0, sizeof x);
    x.line = ln;
    x.colStream = aCol[LC_STREAM]+1;
    x.colCommit = aCol[LC_COMMIT]+1;
    const struct csv_field *fd = field(r, aCol[LC_DATE]);
    if( !fd || !finance_ledger_date(fd->z, x.zDate) )
      finance_import_error_add(o, ln, aCol[LC_DATE]+1, "finance.import.error.date", fd ? fd->z : "");
    else plan_year_of_date(x.zDate, x.zYear);
    const struct csv_field *fr = field(r, aCol[LC_REF]);
    if( !fr || csv_field_blank(fr) ) finance_import_error_add(o, ln, aCol[LC_REF]+1, "finance.import.error.reference", "");
    else if( fr->n>60 ) finance_import_error_add(o, ln, aCol[LC_REF]+1, "finance.import.error.reference_long", fr->z);
    else if( !trimmed(fr, x.zRef, sizeof x.zRef) || !x.zRef[0] ) finance_import_error_add(o, ln, aCol[LC_REF]+1, "finance.import.error.text", "");
    const struct csv_field *fa = field(r, aCol[LC_AMOUNT]);
    if( !fa || !money_parse(fa->z, &x.amount) )
      finance_import_error_add(o, ln, aCol[LC_AMOUNT]+1, "finance.import.error.amount", fa ? fa->z : "");
    else if( x.amount==0 ) finance_import_error_add(o, ln, aCol[LC_AMOUNT]+1, "finance.import.error.amount_zero", fa->z);
    const struct csv_field *fs = field(r, aCol[LC_STREAM]);
    if( !fs || csv_field_blank(fs) ) finance_import_error_add(o, ln, aCol[LC_STREAM]+1, "finance.import.error.stream", "");
    else if( fs->n>=sizeof x.zStream || !trimmed(fs, x.zStream, sizeof x.zStream) || !x.zStream[0] )
      finance_import_error_add(o, ln, aCol[LC_STREAM]+1, "finance.import.error.stream", fs->z);
    const struct csv_field *fc = field(r, aCol[LC_COMMIT]);
    if( fc && !csv_field_blank(fc) ){
      const char *zc = fc->z;
      while( *zc==' ' ) zc++;
      if( *zc=='C' || *zc=='c' || *zc=='#' ) zc++;
      char zNum[24];
      text_copy(zNum, sizeof zNum, zc);
      text_trim(zNum);
      if( !text_to_int(zNum, 1, 9007199254740991LL, &x.commitId) )
        finance_import_error_add(o, ln, aCol[LC_COMMIT]+1, "finance.import.error.commitment", fc->z);
      text_copy(x.zCommit, sizeof x.zCommit, fc->z);
    }
    const struct csv_field *fsu = field(r, aCol[LC_SUPPLIER]);
    if( fsu && !trimmed(fsu, x.zSupplier, sizeof x.zSupplier) )
      finance_import_error_add(o, ln, aCol[LC_SUPPLIER]+1, "finance.import.error.text", "");
    const struct csv_field *fde = field(r, aCol[LC_DESC]);
    if( fde && !trimmed(fde, x.zDesc, sizeof x.zDesc) )
      finance_import_error_add(o, ln, aCol[LC_DESC]+1, "finance.import.error.text", "");
    /* A line with errors is kept too, marked, so that the import still
    ** reports what the database finds wrong with it; it is never written. */
    x.bFault = o->nError!=nErrBefore;
    {
      if( nRow==nAlloc ){
        int nNew = nAlloc ? 2*nAlloc : 64;
        struct finance_ledger_row *aNew = realloc(aRow, sizeof(aRow[0])*(size_t)nNew);
        if( !aNew ) break;
        aRow = aNew;
        nAlloc = nNew;
      }
      aRow[nRow++] = x;
    }
  }
  free(r);
  *paRow = aRow;
  return nRow;
}
