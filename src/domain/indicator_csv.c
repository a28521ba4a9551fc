/*
** Population-health indicators without a database (see indicator_csv.h):
** codes, periods, age bands and the CSV parser of values.
**
** The parser reads as src/domain/qi_csv.c does: the file once, byte by
** byte, as RFC 4180 records (fields split by commas, records by CRLF, LF
** or a lone CR, quoted fields with "" for a quote and line breaks
** inside); a line number is the physical line a record starts on (the
** header is line 1 when the file starts with it), a column the 1-based
** position of the field in its record; a file whose first line has tabs
** and no more commas than tabs is split at tabs. Each line is then
** checked against the catalogue and the areas the caller gives; when
** every line has been read, the lines that repeat an earlier one and the
** standardised indicators' areas, periods and sexes that lack bands are
** found by sorting the rows.
*/
#include "domain/indicator_csv.h"
#include "domain/qi.h"
#include "util/buf.h"
#include "util/csv.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- codes ------------------------------------------------------------------- */

static const char *const azKind[] = { "proportion", "crude_rate", "dsr", "isr", "count" };
static const char *const azPolarity[] = { "higher_better", "lower_better", "neither" };
static const char *const azPeriod[] = { "financial_year", "calendar_year", "quarter", "month", "rolling_3_years" };
static const char *const azSex[] = { "persons", "male", "female" };
static const char *const azExample[] = { "2023/24", "2023", "2023-Q2", "2023-05", "2021/22-2023/24" };

static const char *code_of(const char *const *az, int n, int i){ return i>=0 && i<n ? az[i] : "?"; }
static int code_find(const char *const *az, int n, const char *z){
  for(int i=0; z && i<n; i++) if( strcmp(az[i], z)==0 ) return i;
  return -1;
}

const char *indicator_kind_code(enum indicator_kind k){ return code_of(azKind, INDICATOR_KIND__MAX, (int)k); }
const char *indicator_polarity_code(enum indicator_polarity p){ return code_of(azPolarity, INDICATOR_POLARITY__MAX, (int)p); }
const char *indicator_period_type_code(enum indicator_period_type t){ return code_of(azPeriod, INDICATOR_PERIOD__MAX, (int)t); }
const char *indicator_sex_code(enum indicator_sex s){ return code_of(azSex, INDICATOR_SEX__MAX, (int)s); }
const char *indicator_period_example(enum indicator_period_type t){ return code_of(azExample, INDICATOR_PERIOD__MAX, (int)t); }

bool indicator_kind_parse(const char *z, enum indicator_kind *pOut){
  int i = code_find(azKind, INDICATOR_KIND__MAX, z);
  if( i<0 ) return false;
  *pOut = (enum indicator_kind)i;
  return true;
}
bool indicator_polarity_parse(const char *z, enum indicator_polarity *pOut){
  int i = code_find(azPolarity, INDICATOR_POLARITY__MAX, z);
  if( i<0 ) return false;
  *pOut = (enum indicator_polarity)i;
  return true;
}
bool indicator_period_type_parse(const char *z, enum indicator_period_type *pOut){
  int i = code_find(azPeriod, INDICATOR_PERIOD__MAX, z);
  if( i<0 ) return false;
  *pOut = (enum indicator_period_type)i;
  return true;
}
bool indicator_sex_parse(const char *z, enum indicator_sex *pOut){
  int i = code_find(azSex, INDICATOR_SEX__MAX, z);
  if( i<0 ) return false;
  *pOut = (enum indicator_sex)i;
  return true;
}
bool indicator_kind_by_age(enum indicator_kind k){ return k==INDICATOR_DSR || k==INDICATOR_ISR; }

/* ---- periods ----------------------------------------------------------------- */

/* Exactly n digits at *pz as a number, advancing *pz; -1 if not. */
static int digits_n(const char **pz, int n){
  int v = 0;
  for(int i=0; i<n; i++){
    char c = (*pz)[i];
    if( c<'0' || c>'9' ) return -1;
    v = v*10 + (c-'0');
  }
  *pz += n;
  return v;
}
static bool is_digit(char c){ return c>='0' && c<='9'; }
static bool year_ok(int y){ return y>=1900 && y<=2199; }

/* A financial year at *pz: YYYY, "/" or "-", then YY or YYYY, the year
** after. Advances *pz past it; the first year, or -1. */
static int fy_at(const char **pz){
  const char *p = *pz;
  int y = digits_n(&p, 4);
  if( y<0 || !year_ok(y) || (*p!='/' && *p!='-') ) return -1;
  p++;
  int n = 0;
  while( is_digit(p[n]) ) n++;
  if( n==2 ){
    if( digits_n(&p, 2)!=(y+1)%100 ) return -1;
  }else if( n==4 ){
    if( digits_n(&p, 4)!=y+1 ) return -1;
  }else{
    return -1;
  }
  *pz = p;
  return y;
}

/* "YYYY/YY" and a NUL into z (8 bytes), for a year 1900..2199. */
static void put_fy(char *z, int y){
  int y2 = (y+1)%100;
  z[0] = (char)('0' + y/1000%10);
  z[1] = (char)('0' + y/100%10);
  z[2] = (char)('0' + y/10%10);
  z[3] = (char)('0' + y%10);
  z[4] = '/';
  z[5] = (char)('0' + y2/10);
  z[6] = (char)('0' + y2%10);
  z[7] = 0;
}

bool indicator_period_normalise(enum indicator_period_type t, const char *zIn, char zOut[INDICATOR_PERIOD_MAX]){
  if( !zIn ) return false;
  char z[40];
  while( *zIn==' ' || *zIn=='\t' ) zIn++;
  size_t n = strlen(zIn);
  while( n>0 && (zIn[n-1]==' ' || zIn[n-1]=='\t') ) n--;
  if( n==0 || n>=sizeof z ) return false;
  memcpy(z, zIn, n);
  z[n] = 0;
  const char *p = z;
  switch( t ){
    case INDICATOR_FINANCIAL_YEAR: {
      int y = fy_at(&p);
      if( y<0 || *p ) return false;
      put_fy(zOut, y);
      return true;
    }
    case INDICATOR_CALENDAR_YEAR: {
      int y = digits_n(&p, 4);
      if( y<0 || *p || !year_ok(y) ) return false;
      snprintf(zOut, INDICATOR_PERIOD_MAX, "%04d", y);
      return true;
    }
    case INDICATOR_QUARTER: {
      int y = -1, q = -1;
      if( (*p=='Q' || *p=='q') ){
        p++;
        q = digits_n(&p, 1);
        while( *p==' ' ) p++;
        y = digits_n(&p, 4);
      }else{
        y = digits_n(&p, 4);
        if( *p=='-' || *p==' ' ) p++;
        if( *p!='Q' && *p!='q' ) return false;
        p++;
        q = digits_n(&p, 1);
      }
      if( *p || y<0 || !year_ok(y) || q<1 || q>4 ) return false;
      snprintf(zOut, INDICATOR_PERIOD_MAX, "%04d-Q%d", y, q);
      return true;
    }
    case INDICATOR_MONTH: {
      int y = -1, m = -1;
      if( n==7 && z[4]=='-' ){
        y = digits_n(&p, 4);
        p++;
        m = digits_n(&p, 2);
      }else{
        int nm = is_digit(p[0]) && p[1]=='/' ? 1 : 2;
        m = digits_n(&p, nm);
        if( *p!='/' ) return false;
        p++;
        y = digits_n(&p, 4);
      }
      if( *p || y<0 || !year_ok(y) || m<1 || m>12 ) return false;
      snprintf(zOut, INDICATOR_PERIOD_MAX, "%04d-%02d", y, m);
      return true;
    }
    case INDICATOR_ROLLING_3_YEARS: {
      int y1 = fy_at(&p);
      if( y1<0 ) return false;
      while( *p==' ' ) p++;
      if( *p=='-' ) p++;
      else if( (p[0]=='t' || p[0]=='T') && (p[1]=='o' || p[1]=='O') ) p += 2;
      else return false;
      while( *p==' ' ) p++;
      int y2 = fy_at(&p);
      if( y2<0 || *p || y2!=y1+2 ) return false;
      put_fy(zOut, y1);
      zOut[7] = '-';
      put_fy(zOut+8, y2);
      return true;
    }
    default:
      return false;
  }
}

bool indicator_period_valid(enum indicator_period_type t, const char *z){
  char zOut[INDICATOR_PERIOD_MAX];
  return z && indicator_period_normalise(t, z, zOut) && strcmp(z, zOut)==0;
}

/* ---- age bands ----------------------------------------------------------------- */

static const char *const azBand[INDICATOR_BANDS] = {
  "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
  "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+" };

const char *indicator_band_label(int band){
  if( band==INDICATOR_BAND_ALL ) return "all";
  return band>=0 && band<INDICATOR_BANDS ? azBand[band] : "?";
}

/* A whole number of at most 3 digits at *pz (leading zeros allowed),
** advancing *pz; -1 if none. */
static int small_number(const char **pz){
  const char *p = *pz;
  int v = 0, k = 0;
  while( is_digit(*p) && k<4 ){ v = v*10 + (*p-'0'); p++; k++; }
  if( k==0 || k>3 ) return -1;
  *pz = p;
  return v;
}

bool indicator_band_parse(const char *zIn, int *pBand){
  if( !zIn ) return false;
  char z[40];
  while( *zIn==' ' || *zIn=='\t' ) zIn++;
  size_t n = strlen(zIn);
  while( n>0 && (zIn[n-1]==' ' || zIn[n-1]=='\t') ) n--;
  if( n>=sizeof z ) return false;
  memcpy(z, zIn, n);
  z[n] = 0;
  if( n==0 || strcasecmp(z, "all")==0 || strcasecmp(z, "all ages")==0 ){
    *pBand = INDICATOR_BAND_ALL;
    return true;
  }
  const char *p = z;
  int lo = small_number(&p);
  if( lo<0 ) return false;
  while( *p==' ' ) p++;
  if( *p=='+' ){
    p++;
    if( *p || lo!=90 ) return false;
    *pBand = INDICATOR_BANDS-1;
    return true;
  }
  if( strcasecmp(p, "and over")==0 || strcasecmp(p, "or over")==0 ){
    if( lo!=90 ) return false;
    *pBand = INDICATOR_BANDS-1;
    return true;
  }
  if( *p=='-' ) p++;
  else if( (p[0]=='t' || p[0]=='T') && (p[1]=='o' || p[1]=='O') ) p += 2;
  else return false;
  while( *p==' ' ) p++;
  int hi = small_number(&p);
  if( hi<0 || *p || lo%5!=0 || hi!=lo+4 || lo>85 ) return false;
  *pBand = lo/5;
  return true;
}

bool indicator_band_range(int ageFrom, int ageTo, int *pFirst, int *pLast){
  if( ageFrom<0 || ageFrom>90 || ageFrom%5 ) return false;
  if( ageTo>=0 && (ageTo<=ageFrom || ageTo>90 || ageTo%5) ) return false;
  *pFirst = ageFrom/5;
  *pLast = ageTo<0 ? INDICATOR_BANDS-1 : ageTo/5-1;
  return true;
}

/* ---- errors --------------------------------------------------------------------- */

/* Copy at most nOut-1 bytes of z[0..n) into zOut, cut at a character
** boundary, control bytes shown as spaces. */
static void cut(char *zOut, size_t nOut, const char *z, size_t n){
  if( n>=nOut ){
    n = nOut-1;
    while( n>0 && ((unsigned char)z[n]&0xC0)==0x80 ) n--;
  }
  for(size_t i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    zOut[i] = (c<0x20 || c==0x7f) ? ' ' : (char)c;
  }
  zOut[n] = 0;
}

static void add_error(struct indicator_csv *p, int line, int column, const char *zKey, const char *zText){
  if( p->nKept<INDICATOR_CSV_MAX_ERRORS ){
    struct indicator_csv_error *e = &p->aError[p->nKept++];
    e->line = line;
    e->column = column;
    e->zKey = zKey;
    cut(e->zText, sizeof e->zText, zText ? zText : "", zText ? strlen(zText) : 0);
  }
  p->nError++;
}

/* The whole file is unusable: one error, no rows. */
static void file_error(struct indicator_csv *p, int line, int column, const char *zKey, const char *zText){
  free(p->aRow);
  p->aRow = 0;
  p->n = p->nAlloc = 0;
  p->nRejected = 0;
  p->nData = 0;
  p->nError = 0;
  p->nKept = 0;
  p->nColumn = 0;
  add_error(p, line, column, zKey, zText);
  p->bFileError = true;
}

/* ---- records -------------------------------------------------------------------------- */

#define CSV_MAX_FIELDS INDICATOR_CSV_MAX_COLUMNS
_Static_assert(CSV_MAX_FIELDS<=CSV_RECORD_FIELDS, "a record keeps every column an indicator file may have");

/* The message for a record's quoting error. */
static const char *quote_key(const struct csv_record *r){
  return r->quote==CSV_QUOTE_UNCLOSED ? "indicator.import.error.quote_unclosed" : "indicator.import.error.quote";
}


/* ---- the header -------------------------------------------------------------------- */

enum { COL_NONE, COL_AREA, COL_IND, COL_PERIOD, COL_BAND, COL_SEX, COL_NUM, COL_DEN, COL__N };
static const struct { const char *z; int kind; } aHeader[] = {
  { "areacode", COL_AREA }, { "area", COL_AREA },
  { "indicatorcode", COL_IND }, { "indicator", COL_IND },
  { "period", COL_PERIOD }, { "ageband", COL_BAND }, { "sex", COL_SEX },
  { "numerator", COL_NUM }, { "denominator", COL_DEN },
  /* what an export of values adds: read past */
  { "areaname", COL_NONE }, { "indicatorname", COL_NONE }, { "value", COL_NONE },
  { "lower95", COL_NONE }, { "upper95", COL_NONE }, { "lower998", COL_NONE }, { "upper998", COL_NONE },
  { "note", COL_NONE },
};

/* A header cell: lower-cased, without spaces, underscores and dots. -1
** when it is no column this file may have; *pEmpty for an empty cell. */
static int header_kind(const struct csv_field *f, bool *pEmpty){
  char z[CSV_FIELD_BYTES];
  size_t j = 0;
  size_t n = f->n<CSV_FIELD_BYTES ? f->n : CSV_FIELD_BYTES-1;
  for(size_t i=0; i<n; i++){
    char c = f->z[i];
    if( c==' ' || c=='\t' || c=='_' || c=='.' ) continue;
    if( c>='A' && c<='Z' ) c = (char)(c+32);
    z[j++] = c;
  }
  z[j] = 0;
  *pEmpty = j==0;
  if( f->n>=CSV_FIELD_BYTES ) return -1;
  for(size_t k=0; k<sizeof aHeader/sizeof aHeader[0]; k++){
    if( strcmp(z, aHeader[k].z)==0 ) return aHeader[k].kind;
  }
  return -1;
}

/* ---- lookups ------------------------------------------------------------------------- */

/* The field without the spaces around it, into z (CSV_FIELD_BYTES). */
static void trimmed(const struct csv_field *f, char *z){
  const char *s = f->z;
  while( *s==' ' || *s=='\t' ) s++;
  size_t n = strlen(s);
  while( n>0 && (s[n-1]==' ' || s[n-1]=='\t') ) n--;
  memcpy(z, s, n);
  z[n] = 0;
}

static int find_indicator(const struct indicator_csv_lookup *L, const char *z){
  for(int i=0; L && i<L->nInd; i++) if( L->aInd[i].zCode && strcasecmp(L->aInd[i].zCode, z)==0 ) return i;
  return -1;
}

/* The area a text names: its slug as written; else its English or Welsh
** name (any case) when no other area has that name; else its slug in
** another case. -1 none, -2 a name more than one area has. */
static int find_area(const struct indicator_csv_lookup *L, const char *z){
  if( !L ) return -1;
  for(int i=0; i<L->nArea; i++) if( L->aArea[i].zSlug && strcmp(L->aArea[i].zSlug, z)==0 ) return i;
  int iFound = -1;
  for(int i=0; i<L->nArea; i++){
    const struct indicator_csv_area *a = &L->aArea[i];
    bool b = (a->zName && strcasecmp(a->zName, z)==0) || (a->zNameCy && a->zNameCy[0] && strcasecmp(a->zNameCy, z)==0);
    if( !b ) continue;
    if( iFound>=0 ) return -2;
    iFound = i;
  }
  if( iFound>=0 ) return iFound;
  for(int i=0; i<L->nArea; i++) if( L->aArea[i].zSlug && strcasecmp(L->aArea[i].zSlug, z)==0 ) return i;
  return -1;
}

static const char *const azPeriodKey[] = {
  "indicator.import.error.period_financial_year", "indicator.import.error.period_calendar_year",
  "indicator.import.error.period_quarter", "indicator.import.error.period_month",
  "indicator.import.error.period_rolling_3_years" };

/* ---- after the lines: repeats and incomplete bands ------------------------------------- */

static int key_cmp(const struct indicator_csv_row *a, const struct indicator_csv_row *b, bool bBand){
  if( a->iInd!=b->iInd ) return a->iInd<b->iInd ? -1 : 1;
  if( a->iArea!=b->iArea ) return a->iArea<b->iArea ? -1 : 1;
  int c = strcmp(a->zPeriod, b->zPeriod);
  if( c ) return c;
  if( a->sex!=b->sex ) return a->sex<b->sex ? -1 : 1;
  if( bBand && a->band!=b->band ) return a->band<b->band ? -1 : 1;
  return 0;
}
static int row_order(const void *pa, const void *pb, void *pCtx){
  const struct indicator_csv *p = pCtx;
  const struct indicator_csv_row *a = &p->aRow[*(const size_t*)pa], *b = &p->aRow[*(const size_t*)pb];
  int c = key_cmp(a, b, true);
  if( c ) return c;
  return a->line<b->line ? -1 : a->line>b->line;
}

/* Lines that repeat an earlier line's indicator, area, period, band and
** sex, and the lines of a standardised indicator's area, period and sex
** whose bands are not all there: errors, and out of aRow. */
static void check_sets(struct indicator_csv *p, const struct indicator_csv_lookup *L,
                       int colPeriod, int colBand){
  if( p->n==0 ) return;
  size_t *a = malloc(p->n*sizeof *a);
  bool *aOut = calloc(p->n, sizeof *aOut);
  if( !a || !aOut ){
    free(a);
    free(aOut);
    file_error(p, 1, 1, "indicator.import.error.too_many_rows", 0);
    return;
  }
  for(size_t i=0; i<p->n; i++) a[i] = i;
  qsort_r(a, p->n, sizeof *a, row_order, p);
  for(size_t i=1; i<p->n; i++){
    const struct indicator_csv_row *prev = &p->aRow[a[i-1]], *r = &p->aRow[a[i]];
    if( key_cmp(prev, r, true)==0 ){
      char zText[40];
      snprintf(zText, sizeof zText, "%d", prev->line);
      add_error(p, r->line, colPeriod, "indicator.import.error.repeated", zText);
      aOut[a[i]] = true;
    }
  }
  for(size_t i=0; i<p->n; ){
    size_t j = i;
    const struct indicator_csv_row *r0 = &p->aRow[a[i]];
    while( j<p->n && key_cmp(r0, &p->aRow[a[j]], false)==0 ) j++;
    const struct indicator_csv_ind *ind = &L->aInd[r0->iInd];
    if( indicator_kind_by_age(ind->kind) ){
      bool aHave[INDICATOR_BANDS] = {0};
      int firstLine = r0->line;
      for(size_t k=i; k<j; k++){
        const struct indicator_csv_row *r = &p->aRow[a[k]];
        if( !aOut[a[k]] && r->band>=0 && r->band<INDICATOR_BANDS ) aHave[r->band] = true;
        if( r->line<firstLine ) firstLine = r->line;
      }
      /* The bands missing, a run of them as its first and last:
      ** "5-9 … 55-59 85-89". */
      struct buf b = {0};
      for(int band=ind->firstBand; band<=ind->lastBand && band>=0 && band<INDICATOR_BANDS; band++){
        if( aHave[band] ) continue;
        int end = band;
        while( end+1<=ind->lastBand && end+1<INDICATOR_BANDS && !aHave[end+1] ) end++;
        buf_printf(&b, "%s%s", b.n ? " " : "", azBand[band]);
        if( end>band ) buf_printf(&b, " \xe2\x80\xa6 %s", azBand[end]);
        band = end;
      }
      if( b.n ){
        add_error(p, firstLine, colBand, "indicator.import.error.bands_missing", buf_cstr(&b));
        for(size_t k=i; k<j; k++) aOut[a[k]] = true;
      }
      buf_free(&b);
    }
    i = j;
  }
  size_t k = 0;
  for(size_t i=0; i<p->n; i++) if( !aOut[i] ) p->aRow[k++] = p->aRow[i];
  p->n = k;
  free(a);
  free(aOut);
}

/* Errors in line then column order (then as found). */
static void sort_errors(struct indicator_csv *p){
  for(int i=1; i<p->nKept; i++){
    struct indicator_csv_error e = p->aError[i];
    int j = i;
    while( j>0 && (p->aError[j-1].line>e.line || (p->aError[j-1].line==e.line && p->aError[j-1].column>e.column)) ){
      p->aError[j] = p->aError[j-1];
      j--;
    }
    p->aError[j] = e;
  }
}

/* ---- the parser ------------------------------------------------------------------------ */

void indicator_csv_parse(const char *z, size_t n, const struct indicator_csv_lookup *L, struct indicator_csv *p){
  memset(p, 0, sizeof *p);
  if( !z ) n = 0;
  const unsigned char *u = (const unsigned char*)z;
  if( n>=2 && ((u[0]==0xFF && u[1]==0xFE) || (u[0]==0xFE && u[1]==0xFF)) ){
    file_error(p, 1, 1, "indicator.import.error.utf16", 0);
    return;
  }
  size_t i = 0;
  if( n>=3 && u[0]==0xEF && u[1]==0xBB && u[2]==0xBF ) i = 3;
  size_t iBad = csv_utf8_bad_at(u+i, n-i) + i;
  if( iBad<n ){
    int line = 1, column = 1;
    char cSep = csv_separator(z, iBad, i);
    for(size_t k=i; k<iBad; k++){
      if( z[k]=='\n' || (z[k]=='\r' && (k+1>=n || z[k+1]!='\n')) ){ line++; column = 1; }
      else if( z[k]==cSep ) column++;
    }
    file_error(p, line, column, "indicator.import.error.encoding", 0);
    return;
  }
  char cSep = csv_separator(z, n, i);
  struct csv_record *r = malloc(sizeof *r);
  if( !r ){ file_error(p, 1, 1, "indicator.import.error.too_many_rows", 0); return; }
  int line = 1;
  bool bHeader = false;
  while( i<n ){
    csv_read_record(z, n, cSep, &i, &line, r);
    if( csv_record_blank(r, CSV_MAX_FIELDS) ) continue;
    bHeader = true;
    break;
  }
  if( !bHeader ){
    file_error(p, 1, 1, "indicator.import.error.empty", 0);
    free(r);
    return;
  }
  /* The header: each column once; the required ones all there. */
  int aWhere[COL__N] = {0};          /* the column (1-based) of each kind, 0 if none */
  int badColumn = r->badColumn;
  for(int k=0; k<r->nField && !badColumn; k++){
    if( k>=CSV_MAX_FIELDS ){ badColumn = k+1; break; }
    bool bEmpty = false;
    int kind = header_kind(&r->a[k], &bEmpty);
    if( bEmpty || kind==COL_NONE ) continue;
    if( kind<0 || aWhere[kind] ){ badColumn = k+1; break; }
    aWhere[kind] = k+1;
  }
  if( !badColumn && (!aWhere[COL_AREA] || !aWhere[COL_IND] || !aWhere[COL_PERIOD] || !aWhere[COL_NUM] || !aWhere[COL_DEN]) ){
    badColumn = r->nField+1;
  }
  if( badColumn ){
    const char *zText = badColumn<=r->nField && badColumn<=CSV_MAX_FIELDS ? r->a[badColumn-1].z : "";
    file_error(p, r->line, badColumn, "indicator.import.error.columns", zText);
    free(r);
    return;
  }

  int nHeaderFields = r->nField;
  p->nColumn = nHeaderFields<CSV_MAX_FIELDS ? nHeaderFields : CSV_MAX_FIELDS;
  for(int k=0; k<p->nColumn; k++){
    char zName[CSV_FIELD_BYTES];
    trimmed(&r->a[k], zName);
    cut(p->azColumn[k], sizeof p->azColumn[k], zName, strlen(zName));
  }
  while( i<n ){
    csv_read_record(z, n, cSep, &i, &line, r);
    if( csv_record_blank(r, CSV_MAX_FIELDS) ) continue;
    p->nData++;
    if( p->nData>INDICATOR_CSV_MAX_ROWS ){
      file_error(p, r->line, 1, "indicator.import.error.too_many_rows", 0);
      free(r);
      return;
    }
    int nErrBefore = p->nError;
    if( r->badColumn ){
      const struct csv_field *f = r->badColumn<=CSV_MAX_FIELDS ? &r->a[r->badColumn-1] : 0;
      add_error(p, r->line, r->badColumn, quote_key(r), f ? f->z : 0);
      p->nRejected++;
      continue;
    }
    /* Each column's field, trimmed ("" when the line is short). */
    char az[COL__N][CSV_FIELD_BYTES];
    bool abLong[COL__N];
    for(int kind=0; kind<COL__N; kind++){
      az[kind][0] = 0;
      abLong[kind] = false;
      int col = aWhere[kind];
      if( col && col<=r->nField ){
        trimmed(&r->a[col-1], az[kind]);
        abLong[kind] = r->a[col-1].n>=CSV_FIELD_BYTES;
      }
    }
    for(int k=nHeaderFields; k<r->nField; k++){
      const struct csv_field *f = k<CSV_MAX_FIELDS ? &r->a[k] : 0;
      if( !f || !csv_field_blank(f) ){
        add_error(p, r->line, k+1, "indicator.import.error.extra_field", f ? f->z : 0);
        break;
      }
    }
    struct indicator_csv_row row;
    memset(&row, 0, sizeof row);
    row.line = r->line;
    row.iInd = row.iArea = -1;
    row.band = INDICATOR_BAND_ALL;
    row.sex = INDICATOR_PERSONS;
    row.num = row.den = NAN;

    const struct indicator_csv_ind *ind = 0;
    if( !az[COL_IND][0] ){
      add_error(p, r->line, aWhere[COL_IND], "indicator.import.error.indicator_required", 0);
    }else if( abLong[COL_IND] || (row.iInd = find_indicator(L, az[COL_IND]))<0 ){
      add_error(p, r->line, aWhere[COL_IND], "indicator.import.error.indicator_unknown", az[COL_IND]);
    }else{
      ind = &L->aInd[row.iInd];
    }
    if( !az[COL_AREA][0] ){
      add_error(p, r->line, aWhere[COL_AREA], "indicator.import.error.area_required", 0);
    }else{
      row.iArea = abLong[COL_AREA] ? -1 : find_area(L, az[COL_AREA]);
      if( row.iArea==-2 ) add_error(p, r->line, aWhere[COL_AREA], "indicator.import.error.area_ambiguous", az[COL_AREA]);
      else if( row.iArea<0 ) add_error(p, r->line, aWhere[COL_AREA], "indicator.import.error.area_unknown", az[COL_AREA]);
    }
    if( !az[COL_PERIOD][0] ){
      add_error(p, r->line, aWhere[COL_PERIOD], "indicator.import.error.period_required", 0);
    }else if( ind && (abLong[COL_PERIOD] || !indicator_period_normalise(ind->periodType, az[COL_PERIOD], row.zPeriod)) ){
      int t = (int)ind->periodType;
      add_error(p, r->line, aWhere[COL_PERIOD], t>=0 && t<INDICATOR_PERIOD__MAX ? azPeriodKey[t]
                : "indicator.import.error.period_financial_year", az[COL_PERIOD]);
    }
    if( aWhere[COL_BAND] ){
      if( abLong[COL_BAND] || !indicator_band_parse(az[COL_BAND], &row.band) ){
        add_error(p, r->line, aWhere[COL_BAND], "indicator.import.error.band_invalid", az[COL_BAND]);
      }else if( ind && indicator_kind_by_age(ind->kind) && row.band==INDICATOR_BAND_ALL ){
        add_error(p, r->line, aWhere[COL_BAND], "indicator.import.error.band_required", 0);
      }else if( ind && indicator_kind_by_age(ind->kind) && (row.band<ind->firstBand || row.band>ind->lastBand) ){
        add_error(p, r->line, aWhere[COL_BAND], "indicator.import.error.band_outside", az[COL_BAND]);
      }else if( ind && !indicator_kind_by_age(ind->kind) && row.band!=INDICATOR_BAND_ALL ){
        add_error(p, r->line, aWhere[COL_BAND], "indicator.import.error.band_not_used", az[COL_BAND]);
      }
    }else if( ind && indicator_kind_by_age(ind->kind) ){
      add_error(p, r->line, nHeaderFields+1, "indicator.import.error.band_column", 0);
    }
    if( aWhere[COL_SEX] && az[COL_SEX][0] ){
      const char *zs = az[COL_SEX];
      if( strcasecmp(zs, "persons")==0 || strcasecmp(zs, "person")==0 || strcasecmp(zs, "all")==0 ) row.sex = INDICATOR_PERSONS;
      else if( strcasecmp(zs, "male")==0 || strcasecmp(zs, "m")==0 ) row.sex = INDICATOR_MALE;
      else if( strcasecmp(zs, "female")==0 || strcasecmp(zs, "f")==0 ) row.sex = INDICATOR_FEMALE;
      else add_error(p, r->line, aWhere[COL_SEX], "indicator.import.error.sex_invalid", zs);
    }
    /* Numerator and denominator. */
    bool bNum = false, bDen = false;
    double v = 0;
    if( !az[COL_NUM][0] ){
      add_error(p, r->line, aWhere[COL_NUM], "indicator.import.error.numerator_required", 0);
    }else if( abLong[COL_NUM] || !qi_parse_number(az[COL_NUM], &v) ){
      add_error(p, r->line, aWhere[COL_NUM], "indicator.import.error.not_number", az[COL_NUM]);
    }else if( fabs(v)>INDICATOR_VALUE_MAX ){
      add_error(p, r->line, aWhere[COL_NUM], "indicator.import.error.too_large", az[COL_NUM]);
    }else if( v<0 ){
      add_error(p, r->line, aWhere[COL_NUM], "indicator.import.error.numerator_negative", az[COL_NUM]);
    }else{
      row.num = v;
      bNum = true;
    }
    if( !az[COL_DEN][0] ){
      if( ind && ind->kind!=INDICATOR_COUNT ){
        add_error(p, r->line, aWhere[COL_DEN], "indicator.import.error.denominator_required", 0);
      }
    }else if( abLong[COL_DEN] || !qi_parse_number(az[COL_DEN], &v) ){
      add_error(p, r->line, aWhere[COL_DEN], "indicator.import.error.not_number", az[COL_DEN]);
    }else if( fabs(v)>INDICATOR_VALUE_MAX ){
      add_error(p, r->line, aWhere[COL_DEN], "indicator.import.error.too_large", az[COL_DEN]);
    }else if( v<=0 ){
      add_error(p, r->line, aWhere[COL_DEN], "indicator.import.error.denominator_positive", az[COL_DEN]);
    }else{
      row.den = v;
      bDen = true;
    }
    if( ind && ind->kind==INDICATOR_PROPORTION && bNum && bDen && row.num>row.den ){
      add_error(p, r->line, aWhere[COL_DEN], "indicator.import.error.denominator_smaller", az[COL_DEN]);
    }
    if( p->nError>nErrBefore || !ind || row.iArea<0 ){
      p->nRejected++;
      continue;
    }
    if( p->n>=p->nAlloc ){
      size_t nNew = p->nAlloc ? p->nAlloc*2 : 64;
      struct indicator_csv_row *aNew = realloc(p->aRow, nNew*sizeof *aNew);
      if( !aNew ){ file_error(p, r->line, 1, "indicator.import.error.too_many_rows", 0); free(r); return; }
      p->aRow = aNew;
      p->nAlloc = nNew;
    }
    p->aRow[p->n++] = row;
  }
  free(r);
  if( p->nData==0 ){
    file_error(p, line, 1, "indicator.import.error.no_rows", 0);
    return;
  }
  size_t nBefore = p->n;
  check_sets(p, L, aWhere[COL_PERIOD], aWhere[COL_BAND] ? aWhere[COL_BAND] : 1);
  if( p->bFileError ) return;
  p->nRejected += nBefore - p->n;
  sort_errors(p);
}

void indicator_csv_free(struct indicator_csv *p){
  if( !p ) return;
  free(p->aRow);
  p->aRow = 0;
  p->n = p->nAlloc = 0;
}
