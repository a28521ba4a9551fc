/*
** libFuzzer harness for CSV files of indicator values
** (src/domain/indicator_csv.c): every input is parsed against a small
** catalogue with each kind and period type and a few areas (two with the
** same name, Welsh names), and the result checked against invariants, not
** just "did not crash":
**   - a file error has no rows and exactly one error;
**   - every data line is a row or left out (n + nRejected == nData), and
**     lines are left out exactly when there are errors;
**   - rows ascend by line; each names an indicator and an area of the
**     catalogue, a period in its one written form for the indicator's
**     period type, an age band only when the indicator is standardised for
**     age (then within its ages), numbers finite and in range, a
**     denominator but for a count, at least the numerator for a proportion;
**   - no two rows give the same indicator, area, period, band and sex, and
**     a standardised indicator's area, period and sex has every band;
**   - errors are kept in line then column order, each with line and
**     column >= 1, a key and a clean, terminated text;
**   - the same input parses the same way twice;
**   - periods and bands read back as written.
**
**   make fuzz-short    (seeds in tests/fuzz/seeds/indicator_csv)
*/
#include "domain/indicator_csv.h"
#include "util/text.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do{ if( !(cond) ){ \
  fprintf(stderr, "fuzz_indicator_csv: invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
  abort(); } }while(0)

static const struct indicator_csv_ind aInd[] = {
  { "smoking", INDICATOR_PROPORTION, INDICATOR_FINANCIAL_YEAR, 0, 18 },
  { "ae", INDICATOR_CRUDE_RATE, INDICATOR_QUARTER, 0, 18 },
  { "u75", INDICATOR_DSR, INDICATOR_ROLLING_3_YEARS, 0, 14 },
  { "copd", INDICATOR_DSR, INDICATOR_CALENDAR_YEAR, 7, 18 },
  { "sar", INDICATOR_ISR, INDICATOR_FINANCIAL_YEAR, 0, 18 },
  { "n", INDICATOR_COUNT, INDICATOR_MONTH, 0, 18 },
};
static const struct indicator_csv_area aArea[] = {
  { "cardiff-south-west", "Cardiff South West", "De-orllewin Caerdydd" },
  { "anglesey", "Anglesey", "Ynys M\xc3\xb4n" },
  { "north", "North", "" },
  { "north-2", "North", "Gogledd" },
  { "wales", "Wales", "Cymru" },
};
static const struct indicator_csv_lookup gLook = { aInd, 6, aArea, 5 };

static int key_cmp(const struct indicator_csv_row *a, const struct indicator_csv_row *b, int bBand){
  if( a->iInd!=b->iInd ) return a->iInd<b->iInd ? -1 : 1;
  if( a->iArea!=b->iArea ) return a->iArea<b->iArea ? -1 : 1;
  int c = strcmp(a->zPeriod, b->zPeriod);
  if( c ) return c;
  if( a->sex!=b->sex ) return a->sex<b->sex ? -1 : 1;
  if( bBand && a->band!=b->band ) return a->band<b->band ? -1 : 1;
  return 0;
}

static void check_parse(const uint8_t *data, size_t size){
  struct indicator_csv c, d;
  indicator_csv_parse((const char*)data, size, &gLook, &c);
  size_t nLines = 1;
  for(size_t i=0; i<size; i++){
    if( data[i]=='\n' || (data[i]=='\r' && (i+1>=size || data[i+1]!='\n')) ) nLines++;
  }
  CHECK( c.nError>=0 && c.nKept>=0 && c.nKept<=INDICATOR_CSV_MAX_ERRORS );
  CHECK( c.nKept==(c.nError<INDICATOR_CSV_MAX_ERRORS ? c.nError : INDICATOR_CSV_MAX_ERRORS) );
  if( c.bFileError ){
    CHECK( c.n==0 && c.aRow==0 && c.nError==1 && c.nRejected==0 );
  }else{
    CHECK( c.n+c.nRejected==c.nData );
    CHECK( (c.nError>0)==(c.nRejected>0) );
    CHECK( c.nData+1<=nLines );
    CHECK( c.nData<=INDICATOR_CSV_MAX_ROWS );
    CHECK( c.nColumn>=5 && c.nColumn<=INDICATOR_CSV_MAX_COLUMNS );
  }
  for(size_t i=0; i<c.n; i++){
    const struct indicator_csv_row *r = &c.aRow[i];
    CHECK( r->line>=2 && (size_t)r->line<=nLines );
    if( i>0 ) CHECK( c.aRow[i-1].line<r->line );
    CHECK( r->iInd>=0 && r->iInd<gLook.nInd && r->iArea>=0 && r->iArea<gLook.nArea );
    const struct indicator_csv_ind *ind = &aInd[r->iInd];
    CHECK( indicator_period_valid(ind->periodType, r->zPeriod) );
    if( indicator_kind_by_age(ind->kind) ) CHECK( r->band>=ind->firstBand && r->band<=ind->lastBand );
    else CHECK( r->band==INDICATOR_BAND_ALL );
    CHECK( r->sex>=INDICATOR_PERSONS && r->sex<INDICATOR_SEX__MAX );
    CHECK( isfinite(r->num) && r->num>=0 && r->num<=INDICATOR_VALUE_MAX );
    if( ind->kind!=INDICATOR_COUNT ) CHECK( isfinite(r->den) );
    if( !isnan(r->den) ) CHECK( r->den>0 && r->den<=INDICATOR_VALUE_MAX );
    if( ind->kind==INDICATOR_PROPORTION ) CHECK( r->num<=r->den );
    for(size_t k=0; k<i; k++) CHECK( key_cmp(&c.aRow[k], r, 1)!=0 );
    if( indicator_kind_by_age(ind->kind) ){
      /* Every band of its group is there. */
      int nBand = 0;
      for(size_t k=0; k<c.n; k++) if( key_cmp(&c.aRow[k], r, 0)==0 ) nBand++;
      CHECK( nBand==ind->lastBand-ind->firstBand+1 );
    }
  }
  for(int i=0; i<c.nKept; i++){
    const struct indicator_csv_error *e = &c.aError[i];
    CHECK( e->line>=1 && (size_t)e->line<=nLines+1 );
    CHECK( e->column>=1 );
    CHECK( e->zKey && strncmp(e->zKey, "indicator.import.error.", 23)==0 );
    CHECK( memchr(e->zText, 0, sizeof e->zText)!=0 );
    CHECK( text_is_clean_utf8(e->zText, false) );
    if( i>0 ) CHECK( c.aError[i-1].line<e->line || (c.aError[i-1].line==e->line && c.aError[i-1].column<=e->column) );
  }
  for(int k=0; k<c.nColumn; k++) CHECK( memchr(c.azColumn[k], 0, sizeof c.azColumn[k])!=0 );
  /* Twice, the same. */
  indicator_csv_parse((const char*)data, size, &gLook, &d);
  CHECK( d.n==c.n && d.nError==c.nError && d.nRejected==c.nRejected && d.bFileError==c.bFileError );
  CHECK( c.n==0 || memcmp(c.aRow, d.aRow, c.n*sizeof *c.aRow)==0 );
  indicator_csv_free(&c);
  indicator_csv_free(&d);
  CHECK( c.aRow==0 && c.n==0 );
}

static void check_period_and_band(const char *z){
  char zOut[INDICATOR_PERIOD_MAX], zAgain[INDICATOR_PERIOD_MAX];
  for(int t=0; t<INDICATOR_PERIOD__MAX; t++){
    if( !indicator_period_normalise((enum indicator_period_type)t, z, zOut) ) continue;
    CHECK( memchr(zOut, 0, sizeof zOut)!=0 );
    CHECK( indicator_period_valid((enum indicator_period_type)t, zOut) );
    CHECK( indicator_period_normalise((enum indicator_period_type)t, zOut, zAgain) && strcmp(zOut, zAgain)==0 );
  }
  int band = -2, again = -2;
  if( indicator_band_parse(z, &band) ){
    CHECK( band==INDICATOR_BAND_ALL || (band>=0 && band<INDICATOR_BANDS) );
    CHECK( indicator_band_parse(indicator_band_label(band), &again) && again==band );
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  check_parse(data, size);
  if( size<64 ){
    char z[64];
    memcpy(z, data, size);
    z[size] = 0;
    check_period_and_band(z);
  }
  return 0;
}
