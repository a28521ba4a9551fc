/*
** Reading analysts' input for the stats commands (src/cli/input.h).
*/
#include "cli/input.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number as an analyst writes it: [+-]digits[.digits][e[+-]digits].
** Returns 1 for a number, 0 for a missing value (NA or empty when
** bEmptyIsMissing), -1 when it is not a number; *pzWhy says why. */
int cli_parse_number(const char *z, bool bEmptyIsMissing, double *pOut, const char **pzWhy){
  *pzWhy = NULL;
  if( z[0]==0 ){
    if( bEmptyIsMissing ){ *pOut = NAN; return 0; }
    *pzWhy = "is empty — write a number, or NA for a missing value";
    return -1;
  }
  if( strcmp(z, "NA")==0 ){ *pOut = NAN; return 0; }
  const char *p = z;
  if( *p=='+' || *p=='-' ) p++;
  size_t nInt = 0, nFrac = 0;
  while( isdigit((unsigned char)*p) ){ p++; nInt++; }
  if( *p=='.' ){
    p++;
    while( isdigit((unsigned char)*p) ){ p++; nFrac++; }
  }
  if( nInt+nFrac==0 ){
    *pzWhy = "is not a number — write a number such as 12 or 12.5, or NA for a missing value";
    return -1;
  }
  if( *p=='e' || *p=='E' ){
    p++;
    if( *p=='+' || *p=='-' ) p++;
    size_t nExp = 0;
    while( isdigit((unsigned char)*p) ){ p++; nExp++; }
    if( nExp==0 ){
      *pzWhy = "is not a number — an exponent needs digits, as in 1e3";
      return -1;
    }
  }
  if( *p==',' ){
    *pzWhy = "is not a number — use a full stop for decimals (12.5) and no thousands separators";
    return -1;
  }
  if( *p ){
    *pzWhy = "is not a number — write a number such as 12 or 12.5, or NA for a missing value";
    return -1;
  }
  errno = 0;
  double v = strtod(z, NULL);
  if( !isfinite(v) ){
    *pzWhy = "is too large a number to work with";
    return -1;
  }
  *pOut = v;
  return 1;
}

/* Trim ASCII spaces and tabs in place. */
char *cli_trim(char *z){
  while( *z==' ' || *z=='\t' ) z++;
  size_t n = strlen(z);
  while( n>0 && (z[n-1]==' ' || z[n-1]=='\t') ) z[--n] = 0;
  return z;
}
/* Remove one pair of surrounding double quotes. */
char *cli_unquote(char *z){
  size_t n = strlen(z);
  if( n>=2 && z[0]=='"' && z[n-1]=='"' ){
    z[n-1] = 0;
    return z+1;
  }
  return z;
}

/* Print a line of input in a message: at most 40 bytes, control bytes
** as '?', so the message stays one readable line. */
void cli_quote_line(FILE *pErr, const char *z){
  fputc('"', pErr);
  size_t i;
  for(i=0; z[i] && i<40; i++){
    unsigned char c = (unsigned char)z[i];
    fputc(c<0x20 || c==0x7f ? '?' : (int)c, pErr);
  }
  if( z[i] ) fputs("...", pErr);
  fputc('"', pErr);
}

/* Read the whole of pIn into a NUL-terminated buffer. Returns false when
** it holds a NUL byte (binary input). */
bool cli_read_all(FILE *pIn, struct buf *b){
  char a[8192];
  size_t n;
  while( (n = fread(a, 1, sizeof a, pIn))>0 ) buf_append(b, a, n);
  buf_cstr(b);
  return memchr(b->z ? b->z : "", 0, b->n)==NULL;
}

int cli_csv_fields(char *zLine, char **azField, int nMax){
  int n = 0;
  char *p = zLine;
  for(;;){
    while( *p==' ' || *p=='\t' ) p++;
    if( n>=nMax ) return -1;
    if( *p=='"' ){
      /* A quoted field, unescaped in place: "" is one quote. */
      char *zOut = ++p, *zStart = zOut;
      for(;;){
        if( *p==0 ) return -1;
        if( *p=='"' ){
          if( p[1]=='"' ){ *zOut++ = '"'; p += 2; continue; }
          p++;
          break;
        }
        *zOut++ = *p++;
      }
      while( *p==' ' || *p=='\t' ) p++;
      if( *p!=',' && *p!=0 ) return -1;
      char c = *p;
      *zOut = 0;
      azField[n++] = zStart;
      if( c==0 ) return n;
      p++;
    }else{
      char *zStart = p;
      while( *p && *p!=',' ) p++;
      char c = *p;
      *p = 0;
      azField[n++] = cli_trim(zStart);
      if( c==0 ) return n;
      p++;
    }
  }
}
