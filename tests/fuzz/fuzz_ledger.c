/*
** libFuzzer harness for the health board ledger's CSV export as the
** import reads it (src/domain/finance_ledger.c), and for amounts of money
** as people and ledgers write them (src/util/money.c). Invariants, not
** just "did not crash":
**   - a file refused as a whole has no lines and no errors;
**   - lines come in order of the file, never more than it has; a line
**     with no fault has a real date, its financial year, a reference of
**     1 to 60 bytes, a stream, an amount that is not zero and within
**     MONEY_MAX_PENCE, clean one-line UTF-8 text, and a fault exactly
**     when an error names its line;
**   - every error has a line and a column from 1 and a key of the
**     import's family;
**   - every amount read, and the input itself when it reads as money,
**     prints and reads back as the same whole pence.
**
**   make fuzz-short    (seeds in tests/fuzz/seeds/ledger)
*/
#include "domain/finance.h"
#include "domain/plan.h"
#include "util/money.h"
#include "util/text.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do{ if( !(cond) ){ \
  fprintf(stderr, "fuzz_ledger: invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
  abort(); } }while(0)

static void check_money(long long v){
  char z[40];
  long long back = 0;
  CHECK( v>=-MONEY_MAX_PENCE && v<=MONEY_MAX_PENCE );
  money_format_plain(v, z, sizeof z);
  CHECK( money_parse(z, &back) && back==v );
  money_format(v, z, sizeof z);
  back = 0;
  CHECK( money_parse(z, &back) && back==v );
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  /* The input as one amount. */
  char *zText = malloc(size+1);
  if( !zText ) return 0;
  memcpy(zText, data, size);
  zText[size] = 0;
  long long v = 0;
  if( money_parse(zText, &v) ) check_money(v);
  free(zText);

  /* The input as a ledger file. */
  struct finance_import *o = malloc(sizeof *o);
  if( !o ) return 0;
  struct finance_ledger_row *a = 0;
  int n = finance_ledger_read((const char*)data, size, &a, o);
  size_t nLines = 1;
  for(size_t i=0; i<size; i++){
    if( data[i]=='\n' || (data[i]=='\r' && (i+1>=size || data[i+1]!='\n')) ) nLines++;
  }
  if( o->zFileKey ){
    CHECK( n==0 && a==0 && o->nError==0 && o->nLines==0 );
  }else{
    CHECK( n>=0 && n<=o->nLines && (size_t)o->nLines<nLines+1 );
  }
  int nKept = o->nError<FINANCE_IMPORT_ERRORS ? o->nError : FINANCE_IMPORT_ERRORS;
  for(int k=0; k<nKept; k++){
    CHECK( o->a[k].line>=1 && (size_t)o->a[k].line<=nLines );
    CHECK( o->a[k].column>=1 );
    CHECK( o->a[k].zKey && strncmp(o->a[k].zKey, "finance.import.error.", 21)==0 );
    CHECK( memchr(o->a[k].zText, 0, sizeof o->a[k].zText)!=0 );
  }
  for(int i=0; i<n; i++){
    const struct finance_ledger_row *x = &a[i];
    CHECK( x->line>=2 && (size_t)x->line<=nLines );
    if( i>0 ) CHECK( x->line>a[i-1].line );
    bool bNamed = false;
    for(int k=0; k<nKept; k++) if( o->a[k].line==x->line ) bNamed = true;
    if( o->nError<=FINANCE_IMPORT_ERRORS ) CHECK( x->bFault==bNamed );
    if( x->bFault ) continue;
    CHECK( text_is_date(x->zDate) );
    char zYear[8];
    plan_year_of_date(x->zDate, zYear);
    CHECK( zYear[0] && strcmp(zYear, x->zYear)==0 );
    CHECK( x->zRef[0] && strlen(x->zRef)<=60 && text_is_clean_utf8(x->zRef, false) );
    CHECK( x->zStream[0] && text_is_clean_utf8(x->zStream, false) );
    CHECK( text_is_clean_utf8(x->zSupplier, false) && text_is_clean_utf8(x->zDesc, false) );
    CHECK( x->amount!=0 );
    check_money(x->amount);
    CHECK( x->commitId>=0 );
  }
  free(a);
  free(o);
  return 0;
}
