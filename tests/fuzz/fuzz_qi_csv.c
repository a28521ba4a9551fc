/*
** libFuzzer harness for CSV files of data points (src/domain/qi_csv.c):
** every input is parsed for each chart kind, and the result checked
** against invariants, not just "did not crash":
**   - a file error has no rows and exactly one error;
**   - rows ascend strictly by date, each a real YYYY-MM-DD date, on
**     ascending lines; values finite; for p and u a denominator > 0, a
**     numerator >= 0 (<= the denominator for p) and value = num/den;
**   - every error has line >= 1, column >= 1, a key and a text that is
**     NUL-terminated within its buffer;
**   - a line with an error is left out: nRejected <= nError, nError > 0
**     exactly when nRejected > 0, and rows + rejected lines never exceed
**     the lines of the file (less the header, when there is one);
**   - on a measure in per cent a value is read as on any other, or as
**     the number before a final "%"; elsewhere a "%" is refused;
**   - the number and date parsers agree with their definitions.
**
**   make fuzz-short    (seeds in tests/fuzz/seeds/qi_csv)
*/
#include "domain/qi.h"
#include "util/text.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do{ if( !(cond) ){ \
  fprintf(stderr, "fuzz_qi_csv: invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
  abort(); } }while(0)

static void check_parse(const uint8_t *data, size_t size, const char *zChart, bool bPercent){
  struct qi_csv c;
  qi_csv_parse((const char*)data, size, zChart, bPercent, &c);
  bool bRatio = strcmp(zChart, "p")==0 || strcmp(zChart, "u")==0;
  size_t nLines = 1;
  for(size_t i=0; i<size; i++){
    if( data[i]=='\n' || (data[i]=='\r' && (i+1>=size || data[i+1]!='\n')) ) nLines++;
  }
  CHECK( c.nError>=0 );
  if( c.bFileError ){
    CHECK( c.n==0 && c.aRow==0 && c.nError==1 && c.nRejected==0 );
  }else{
    CHECK( (c.nError>0)==(c.nRejected>0) );
    CHECK( c.nRejected<=(size_t)c.nError );
    CHECK( c.n+c.nRejected+(c.bNoHeader ? 0 : 1)<=nLines );   /* the header is a line too */
    CHECK( c.n<=QI_CSV_MAX_ROWS );
  }
  for(size_t i=0; i<c.n; i++){
    const struct qi_csv_row *r = &c.aRow[i];
    CHECK( text_is_date(r->zOn) );
    CHECK( r->line>=(c.bNoHeader ? 1 : 2) && (size_t)r->line<=nLines );
    CHECK( isfinite(r->value) && fabs(r->value)<=QI_VALUE_MAX );
    CHECK( r->bRatio==bRatio );
    if( bRatio ){
      CHECK( isfinite(r->num) && isfinite(r->den) && r->den>0 && r->num>=0 );
      CHECK( r->value==r->num/r->den );
      if( strcmp(zChart, "p")==0 ) CHECK( r->num<=r->den && r->value<=1 );
    }
    if( i>0 ){
      CHECK( strcmp(c.aRow[i-1].zOn, r->zOn)<0 );
      CHECK( c.aRow[i-1].line<r->line );
    }
  }
  int nKept = c.nError<QI_CSV_MAX_ERRORS ? c.nError : QI_CSV_MAX_ERRORS;
  for(int i=0; i<nKept; i++){
    const struct qi_csv_error *e = &c.aError[i];
    CHECK( e->line>=1 && (size_t)e->line<=nLines+1 );
    CHECK( e->column>=1 );
    CHECK( e->zKey && strncmp(e->zKey, "qi.import.error.", 16)==0 );
    CHECK( memchr(e->zText, 0, sizeof e->zText)!=0 );
    CHECK( text_is_clean_utf8(e->zText, false) );
    if( strcmp(e->zKey, "qi.import.error.percent_not_percent")==0 ) CHECK( !bPercent && !bRatio );
    if( i>0 ) CHECK( c.aError[i-1].line<=e->line );
  }
  qi_csv_free(&c);
  CHECK( c.aRow==0 && c.n==0 );
}

/* A file a measure in another unit reads without errors, a measure in
** per cent reads to the same rows: "%" only adds. */
static void check_percent_adds(const uint8_t *data, size_t size){
  struct qi_csv a, b;
  qi_csv_parse((const char*)data, size, "xmr", false, &a);
  qi_csv_parse((const char*)data, size, "xmr", true, &b);
  CHECK( a.bFileError==b.bFileError && a.bNoHeader==b.bNoHeader );
  if( !a.bFileError && a.nError==0 ){
    CHECK( b.n==a.n && b.nError==0 );
    for(size_t i=0; i<a.n; i++) CHECK( a.aRow[i].value==b.aRow[i].value && strcmp(a.aRow[i].zOn, b.aRow[i].zOn)==0 );
  }
  qi_csv_free(&a);
  qi_csv_free(&b);
}

static void check_number(const char *z){
  double v = 0;
  if( !qi_parse_number(z, &v) ) return;
  CHECK( isfinite(v) );
  /* Only digits, sign, point, exponent, commas and spaces. */
  bool bDigit = false;
  for(const char *p=z; *p; p++){
    CHECK( strchr("0123456789+-.eE, \t", *p)!=0 );
    if( *p>='0' && *p<='9' ) bDigit = true;
  }
  CHECK( bDigit );
  /* Without the commas, strtod reads the same number. */
  char zCopy[128];
  size_t j = 0;
  for(const char *p=z; *p && j<sizeof zCopy-1; p++) if( *p!=',' && *p!=' ' && *p!='\t' ) zCopy[j++] = *p;
  zCopy[j] = 0;
  double w = strtod(zCopy, 0);
  CHECK( v==w || (v==0 && w==0) );
}

static void check_date(const char *z){
  char zOut[11];
  if( !qi_parse_date(z, zOut) ) return;
  CHECK( text_is_date(zOut) );
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  check_parse(data, size, "run", false);
  check_parse(data, size, "xmr", false);
  check_parse(data, size, "xmr", true);
  check_parse(data, size, "p", false);
  check_parse(data, size, "u", true);
  check_percent_adds(data, size);
  if( size<200 ){
    char z[200];
    memcpy(z, data, size);
    z[size] = 0;
    check_number(z);
    check_date(z);
  }
  return 0;
}
