/*
** Quality improvement: CSV files of data points (see qi.h). Pure: no
** database and no translations, so that it links alone into the fuzzer
** (tests/fuzz/fuzz_qi_csv.c) with the utilities in src/util.
**
** The file is read once, byte by byte, as RFC 4180 records: fields split
** by commas, records by CRLF, LF or a lone CR, quoted fields with ""
** for a quote and line breaks inside. A line number is the physical line
** a record starts on (the header is line 1 when the file starts with
** it); a column is the 1-based position of the field in its record.
**
** Cells copied from Excel and pasted arrive as tab-separated lines
** (CRLF on Windows), with or without the header row: a file whose first
** line has tabs, and no more commas than tabs, is split at tabs instead
** (Excel writes "1,234" unquoted there), and a first line that starts
** with a date is data under the usual columns (date and value, or date,
** numerator and denominator).
*/
#include "domain/qi.h"
#include "util/text.h"
#include "util/csv.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- numbers and dates ---------------------------------------------------- */

bool qi_parse_number(const char *z, double *pOut){
  if( !z ) return false;
  while( *z==' ' || *z=='\t' ) z++;
  size_t n = strlen(z);
  while( n>0 && (z[n-1]==' ' || z[n-1]=='\t') ) n--;
  char zClean[72];
  size_t j = 0;
  size_t i = 0;
  if( n==0 || n>64 ) return false;
  if( z[i]=='+' || z[i]=='-' ) zClean[j++] = z[i++];
  /* Integer part, with optional thousands separators in groups of 3. */
  size_t nDigit = 0, nGroup = 0;
  bool bComma = false;
  while( i<n && ((z[i]>='0' && z[i]<='9') || z[i]==',') ){
    if( z[i]==',' ){
      if( nGroup==0 || (bComma && nGroup!=3) || (!bComma && nGroup>3) ) return false;
      bComma = true;
      nGroup = 0;
      i++;
      continue;
    }
    zClean[j++] = z[i++];
    nDigit++;
    nGroup++;
  }
  if( bComma && nGroup!=3 ) return false;
  if( i<n && z[i]=='.' ){
    zClean[j++] = z[i++];
    while( i<n && z[i]>='0' && z[i]<='9' ){ zClean[j++] = z[i++]; nDigit++; }
  }
  if( nDigit==0 ) return false;
  if( i<n && (z[i]=='e' || z[i]=='E') ){
    zClean[j++] = z[i++];
    if( i<n && (z[i]=='+' || z[i]=='-') ) zClean[j++] = z[i++];
    size_t nExp = 0;
    while( i<n && z[i]>='0' && z[i]<='9' ){ zClean[j++] = z[i++]; nExp++; }
    if( nExp==0 || nExp>3 ) return false;
  }
  if( i!=n ) return false;
  zClean[j] = 0;
  char *zEnd = 0;
  double v = strtod(zClean, &zEnd);
  if( !zEnd || *zEnd || !isfinite(v) ) return false;
  if( v==0 ) v = 0;   /* no negative zero */
  *pOut = v;
  return true;
}

/* Up to nMax digits at *pz as a number; advances *pz. -1 when none. */
static int digits(const char **pz, int nMin, int nMax){
  int v = 0, k = 0;
  const char *p = *pz;
  while( k<nMax && *p>='0' && *p<='9' ){ v = v*10 + (*p-'0'); p++; k++; }
  if( k<nMin ) return -1;
  *pz = p;
  return v;
}

bool qi_parse_date(const char *z, char zOut[11]){
  if( !z ) return false;
  while( *z==' ' || *z=='\t' ) z++;
  size_t n = strlen(z);
  while( n>0 && (z[n-1]==' ' || z[n-1]=='\t') ) n--;
  if( n<8 || n>10 ) return false;
  char zCopy[11];
  memcpy(zCopy, z, n);
  zCopy[n] = 0;
  if( n==10 && zCopy[4]=='-' ){
    if( !text_is_date(zCopy) ) return false;
    memcpy(zOut, zCopy, 11);
    return true;
  }
  /* DD/MM/YYYY, as UK spreadsheets write dates. */
  const char *p = zCopy;
  int d = digits(&p, 1, 2);
  if( d<0 || *p!='/' ) return false;
  p++;
  int m = digits(&p, 1, 2);
  if( m<0 || *p!='/' ) return false;
  p++;
  const char *zYear = p;
  int y = digits(&p, 4, 4);
  if( y<0 || *p || p-zYear!=4 ) return false;
  char zIso[16];
  zIso[0] = (char)('0' + y/1000); zIso[1] = (char)('0' + y/100%10);
  zIso[2] = (char)('0' + y/10%10); zIso[3] = (char)('0' + y%10);
  zIso[4] = '-';
  zIso[5] = (char)('0' + m/10); zIso[6] = (char)('0' + m%10);
  zIso[7] = '-';
  zIso[8] = (char)('0' + d/10); zIso[9] = (char)('0' + d%10);
  zIso[10] = 0;
  if( !text_is_date(zIso) ) return false;
  memcpy(zOut, zIso, 11);
  return true;
}

/* ---- errors ---------------------------------------------------------------- */

/* Copy at most nOut-1 bytes of z[0..n) into zOut, cut at a character
** boundary, with control bytes shown as spaces. */
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

static void add_error(struct qi_csv *p, int line, int column, const char *zKey,
                      const char *zText, size_t nText){
  if( p->nError<QI_CSV_MAX_ERRORS ){
    struct qi_csv_error *e = &p->aError[p->nError];
    e->line = line;
    e->column = column;
    e->zKey = zKey;
    cut(e->zText, sizeof e->zText, zText ? zText : "", zText ? nText : 0);
  }
  p->nError++;
}

/* The whole file is unusable: one error, no rows. */
static void file_error(struct qi_csv *p, int line, int column, const char *zKey,
                       const char *zText, size_t nText){
  free(p->aRow);
  p->aRow = 0;
  p->n = p->nAlloc = 0;
  p->nRejected = 0;
  p->nError = 0;
  add_error(p, line, column, zKey, zText, nText);
  p->bFileError = true;
}

/* ---- records ----------------------------------------------------------------- */

#define CSV_MAX_FIELDS 16

/* The message for a record's quoting error. */
static const char *quote_key(const struct csv_record *r){
  return r->quote==CSV_QUOTE_UNCLOSED ? "qi.import.error.quote_unclosed" : "qi.import.error.quote";
}

/* ---- the header ------------------------------------------------------------- */

enum { COL_NONE, COL_DATE, COL_VALUE, COL_NUM, COL_DEN };
/* header_kind of a column the measure's CSV download adds (computed
** figures, the signal, annotations): read past, so that a downloaded file
** imports as it is. */
#define COL_COMPUTED (-2)
static const char *const azComputed[] = {
  "centre", "lower", "upper", "type", "rule", "median", "signal", "note", "pdsacycle", 0 };

/* A header cell, lower-cased with spaces and underscores removed. */
static int header_kind(const struct csv_field *f, bool *pEmpty){
  char z[CSV_FIELD_BYTES];
  size_t j = 0;
  size_t n = f->n<CSV_FIELD_BYTES ? f->n : CSV_FIELD_BYTES-1;
  for(size_t i=0; i<n; i++){
    char c = f->z[i];
    if( c==' ' || c=='\t' || c=='_' ) continue;
    if( c>='A' && c<='Z' ) c = (char)(c+32);
    z[j++] = c;
  }
  z[j] = 0;
  *pEmpty = j==0;
  if( f->n>=CSV_FIELD_BYTES ) return -1;
  if( strcmp(z, "date")==0 ) return COL_DATE;
  if( strcmp(z, "value")==0 ) return COL_VALUE;
  if( strcmp(z, "numerator")==0 ) return COL_NUM;
  if( strcmp(z, "denominator")==0 ) return COL_DEN;
  for(int k=0; azComputed[k]; k++) if( strcmp(z, azComputed[k])==0 ) return COL_COMPUTED;
  return -1;
}

/* ---- the parser ----------------------------------------------------------- */


/* A value as typed: a number, or on a per-cent measure (bPercent) a
** number followed by "%" ("70%" is 70). *pbPercentSign tells that the
** text ended with "%" (refused on other measures). */
static bool value_of(const char *z, bool bPercent, double *pOut, bool *pbPercentSign){
  size_t n = strlen(z);
  while( n>0 && (z[n-1]==' ' || z[n-1]=='\t') ) n--;
  *pbPercentSign = n>0 && z[n-1]=='%';
  if( !*pbPercentSign ) return qi_parse_number(z, pOut);
  if( !bPercent || n-1>=CSV_FIELD_BYTES ) return false;
  char zNum[CSV_FIELD_BYTES];
  memcpy(zNum, z, n-1);
  zNum[n-1] = 0;
  return qi_parse_number(zNum, pOut);
}

bool qi_unit_is_percent(const char *zUnit){
  if( !zUnit ) return false;
  while( *zUnit==' ' ) zUnit++;
  size_t n = strlen(zUnit);
  while( n>0 && zUnit[n-1]==' ' ) n--;
  static const char *const az[] = { "%", "per cent", "percent", "percentage", "y cant", "canran", 0 };
  for(int k=0; az[k]; k++){
    if( strlen(az[k])==n && strncasecmp(zUnit, az[k], n)==0 ) return true;
  }
  return false;
}

void qi_csv_parse(const char *z, size_t n, const char *zChart, bool bPercent, struct qi_csv *p){
  memset(p, 0, sizeof *p);
  bool bRatio = zChart && (strcmp(zChart, "p")==0 || strcmp(zChart, "u")==0);
  bool bP = zChart && strcmp(zChart, "p")==0;
  const char *zColumnsKey = bRatio ? "qi.import.error.columns_ratio" : "qi.import.error.columns_value";
  if( !z ) n = 0;
  const unsigned char *u = (const unsigned char*)z;
  if( n>=2 && ((u[0]==0xFF && u[1]==0xFE) || (u[0]==0xFE && u[1]==0xFF)) ){
    file_error(p, 1, 1, "qi.import.error.utf16", 0, 0);
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
    file_error(p, line, column, "qi.import.error.encoding", 0, 0);
    return;
  }

  char cSep = csv_separator(z, n, i);
  struct csv_record *r = malloc(sizeof *r);
  if( !r ){ file_error(p, 1, 1, "qi.import.error.too_many_rows", 0, 0); return; }
  int line = 1;
  /* The header: the first record that is not blank. */
  int aCol[CSV_MAX_FIELDS];
  int nCol = 0;
  bool bHeader = false;
  while( i<n ){
    csv_read_record(z, n, cSep, &i, &line, r);
    if( csv_record_blank(r, CSV_MAX_FIELDS) ) continue;
    bHeader = true;
    break;
  }
  if( !bHeader ){
    file_error(p, 1, 1, "qi.import.error.empty", 0, 0);
    free(r);
    return;
  }
  /* No header: the first line is data, in the usual columns. */
  char zFirst[11];
  p->bNoHeader = !r->badColumn && r->nField>=1 && r->a[0].n<CSV_FIELD_BYTES && qi_parse_date(r->a[0].z, zFirst);
  if( p->bNoHeader ){
    nCol = bRatio ? 3 : 2;
    aCol[0] = COL_DATE;
    aCol[1] = bRatio ? COL_NUM : COL_VALUE;
    if( bRatio ) aCol[2] = COL_DEN;
  }else{
    int iDate = -1, iValue = -1, iNum = -1, iDen = -1;
    int nSeen[5] = {0};
    int badColumn = 0;
    if( r->badColumn ) badColumn = r->badColumn;
    nCol = r->nField<CSV_MAX_FIELDS ? r->nField : CSV_MAX_FIELDS;
    for(int k=0; k<r->nField && !badColumn; k++){
      if( k>=CSV_MAX_FIELDS ){ badColumn = k+1; break; }
      bool bEmpty = false;
      int kind = header_kind(&r->a[k], &bEmpty);
      if( bEmpty || kind==COL_COMPUTED ){ aCol[k] = COL_NONE; continue; }
      if( kind<0 || nSeen[kind]++ ){ badColumn = k+1; break; }
      aCol[k] = kind;
      if( kind==COL_DATE ) iDate = k;
      else if( kind==COL_VALUE ) iValue = k;
      else if( kind==COL_NUM ) iNum = k;
      else iDen = k;
    }
    if( !badColumn ){
      bool bOk = iDate>=0 && ((iNum<0)==(iDen<0));
      if( bRatio ) bOk = bOk && iNum>=0;
      else bOk = bOk && iValue>=0;
      if( !bOk ) badColumn = r->nField+1;
    }
    if( badColumn ){
      const char *zText = "";
      size_t nText = 0;
      if( badColumn<=r->nField && badColumn<=CSV_MAX_FIELDS ){
        zText = r->a[badColumn-1].z;
        nText = strlen(zText);
      }
      file_error(p, r->line, badColumn, zColumnsKey, zText, nText);
      free(r);
      return;
    }
    /* Columns this chart does not use are ignored. */
    for(int k=0; k<nCol; k++){
      if( bRatio && aCol[k]==COL_VALUE ) aCol[k] = COL_NONE;
      if( !bRatio && (aCol[k]==COL_NUM || aCol[k]==COL_DEN) ) aCol[k] = COL_NONE;
    }
  }

  /* The data: the first line already read when it was no header. */
  size_t nData = 0;
  char zLast[11] = "";
  int nHeaderFields = p->bNoHeader ? nCol : r->nField;
  bool bPending = p->bNoHeader;
  while( bPending || i<n ){
    if( bPending ){
      bPending = false;
    }else{
      csv_read_record(z, n, cSep, &i, &line, r);
      if( csv_record_blank(r, CSV_MAX_FIELDS) ) continue;
    }
    nData++;
    if( nData>QI_CSV_MAX_ROWS ){
      file_error(p, r->line, 1, "qi.import.error.too_many_rows", 0, 0);
      free(r);
      return;
    }
    int nErrBefore = p->nError;
    struct qi_csv_row row;
    memset(&row, 0, sizeof row);
    row.line = r->line;
    row.bRatio = bRatio;
    row.value = row.num = row.den = NAN;
    bool bHaveNum = false, bHaveDen = false, bDate = false;
    if( r->badColumn ){
      const struct csv_field *f = r->badColumn<=CSV_MAX_FIELDS ? &r->a[r->badColumn-1] : 0;
      add_error(p, r->line, r->badColumn, quote_key(r), f ? f->z : 0, f ? strlen(f->z) : 0);
    }else{
      int nCheck = r->nField>nHeaderFields ? r->nField : nHeaderFields;
      for(int k=0; k<nCheck; k++){
        int col = k+1;
        bool bPresent = k<r->nField && k<CSV_MAX_FIELDS;
        const struct csv_field *f = bPresent ? &r->a[k] : 0;
        bool bBlank = !f || csv_field_blank(f);
        int kind = k<nCol ? aCol[k] : COL_NONE;
        if( k>=nHeaderFields ){
          if( !bBlank || k>=CSV_MAX_FIELDS ){
            add_error(p, r->line, col, "qi.import.error.extra_field", f ? f->z : 0, f ? strlen(f->z) : 0);
            break;
          }
          continue;
        }
        if( kind==COL_NONE ) continue;
        const char *zf = f ? f->z : "";
        size_t nf = strlen(zf);
        bool bLong = f && f->n>=CSV_FIELD_BYTES;
        if( kind==COL_DATE ){
          if( bBlank ){ add_error(p, r->line, col, "qi.import.error.date_required", 0, 0); continue; }
          if( bLong || !qi_parse_date(zf, row.zOn) ){
            add_error(p, r->line, col, "qi.import.error.date_invalid", zf, nf);
            continue;
          }
          bDate = true;
          int c = zLast[0] ? strcmp(row.zOn, zLast) : 1;
          if( c==0 ) add_error(p, r->line, col, "qi.import.error.date_duplicate", zf, nf);
          else if( c<0 ) add_error(p, r->line, col, "qi.import.error.date_order", zf, nf);
          continue;
        }
        const char *zReq = kind==COL_VALUE ? "qi.import.error.value_required"
                         : kind==COL_NUM ? "qi.import.error.numerator_required"
                         : "qi.import.error.denominator_required";
        if( bBlank ){ add_error(p, r->line, col, zReq, 0, 0); continue; }
        double v = 0;
        bool bPercentSign = false;
        bool bNumber = !bLong && (kind==COL_VALUE ? value_of(zf, bPercent, &v, &bPercentSign) : qi_parse_number(zf, &v));
        if( !bNumber ){
          add_error(p, r->line, col, bPercentSign && !bPercent ? "qi.import.error.percent_not_percent"
                                                                : "qi.import.error.not_number", zf, nf);
          continue;
        }
        if( fabs(v)>QI_VALUE_MAX ){
          add_error(p, r->line, col, "qi.import.error.too_large", zf, nf);
          continue;
        }
        if( kind==COL_VALUE ){
          row.value = v;
        }else if( kind==COL_NUM ){
          if( v<0 ){ add_error(p, r->line, col, "qi.import.error.numerator_negative", zf, nf); continue; }
          row.num = v;
          bHaveNum = true;
        }else{
          if( v==0 ){ add_error(p, r->line, col, "qi.import.error.denominator_zero", zf, nf); continue; }
          if( v<0 ){ add_error(p, r->line, col, "qi.import.error.denominator_negative", zf, nf); continue; }
          row.den = v;
          bHaveDen = true;
        }
      }
      if( bP && bHaveNum && bHaveDen && row.num>row.den ){
        int col = 0;
        for(int k=0; k<nCol; k++) if( aCol[k]==COL_DEN ) col = k+1;
        const struct csv_field *f = col>0 && col<=r->nField ? &r->a[col-1] : 0;
        add_error(p, r->line, col, "qi.import.error.denominator_smaller", f ? f->z : 0, f ? strlen(f->z) : 0);
      }else if( bRatio && bHaveNum && bHaveDen
             && (!isfinite(row.num/row.den) || fabs(row.num/row.den)>QI_VALUE_MAX) ){
        int col = 0;
        for(int k=0; k<nCol; k++) if( aCol[k]==COL_DEN ) col = k+1;
        const struct csv_field *f = col>0 && col<=r->nField ? &r->a[col-1] : 0;
        add_error(p, r->line, col, "qi.import.error.too_large", f ? f->z : 0, f ? strlen(f->z) : 0);
      }
    }
    if( p->nError>nErrBefore || !bDate ){
      p->nRejected++;
      continue;
    }
    if( bRatio ) row.value = row.num/row.den;
    if( p->n>=p->nAlloc ){
      size_t nNew = p->nAlloc ? p->nAlloc*2 : 64;
      struct qi_csv_row *aNew = realloc(p->aRow, nNew*sizeof *aNew);
      if( !aNew ){ file_error(p, r->line, 1, "qi.import.error.too_many_rows", 0, 0); free(r); return; }
      p->aRow = aNew;
      p->nAlloc = nNew;
    }
    p->aRow[p->n++] = row;
    memcpy(zLast, row.zOn, 11);
  }
  free(r);
  if( nData==0 ) file_error(p, line, 1, "qi.import.error.no_rows", 0, 0);
}

void qi_csv_free(struct qi_csv *p){
  if( !p ) return;
  free(p->aRow);
  p->aRow = 0;
  p->n = p->nAlloc = 0;
}
