/* Money as whole pence: parsing and formatting (see money.h). */
#include "util/money.h"
#include <string.h>

static const char *skip_spaces(const char *z){
  while( *z == ' ' || *z == '\t' ) z++;
  return z;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The unsigned part "£1,234.56" from z into *pPence; *pz after it. */
static bool parse_unsigned(const char **pz, long long *pPence){
  const char *z = *pz;
  if( strncmp(z, "\xc2\xa3", 2) == 0 ) z += 2;
  if( !is_digit(*z) ) return false;
  long long pounds = 0;
  int nGroup = 0;         /* digits since the last comma (or start) */
  bool bComma = false;
  while( is_digit(*z) || *z == ',' ){
    if( *z == ',' ){
      if( nGroup == 0 || (bComma && nGroup != 3) || (!bComma && nGroup > 3) ) return false;
      bComma = true;
      nGroup = 0;
    }else{
      pounds = pounds * 10 + (*z - '0');
      if( pounds > MONEY_MAX_PENCE / 100 ) return false;
      nGroup++;
    }
    z++;
  }
  if( bComma && nGroup != 3 ) return false;
  long long pence = 0;
  if( *z == '.' ){
    z++;
    if( !is_digit(z[0]) ) return false;
    pence = (z[0] - '0') * 10;
    z++;
    if( is_digit(*z) ) pence += *z++ - '0';
    if( is_digit(*z) ) return false;
  }
  long long v = pounds * 100 + pence;
  if( v > MONEY_MAX_PENCE ) return false;
  *pPence = v;
  *pz = z;
  return true;
}

bool money_parse(const char *z, long long *pPence){
  if( !z ) return false;
  z = skip_spaces(z);
  bool bNeg = false, bParen = false;
  if( *z == '(' ){ bParen = true; z = skip_spaces(z + 1); }
  if( *z == '-' ){ bNeg = true; z++; }
  else if( strncmp(z, "\xe2\x88\x92", 3) == 0 ){ bNeg = true; z += 3; }
  long long v;
  const char *zAt = z;
  if( strncmp(zAt, "\xc2\xa3-", 3) == 0 ){
    if( bNeg ) return false;
    bNeg = true;
    zAt += 3;
  }
  if( !parse_unsigned(&zAt, &v) ) return false;
  zAt = skip_spaces(zAt);
  if( bParen ){
    if( bNeg || *zAt != ')' ) return false;
    bNeg = true;
    zAt = skip_spaces(zAt + 1);
  }
  if( *zAt ) return false;
  *pPence = bNeg ? -v : v;
  return true;
}

/* The digits of u (< 10^19) with commas every three, into z; returns the
** length written. */
static size_t put_grouped(char *z, unsigned long long u){
  char d[24];
  size_t n = 0;
  do { d[n++] = (char)('0' + u % 10); u /= 10; } while (u);
  size_t k = 0;
  for( size_t i = n; i-- > 0; ){
    z[k++] = d[i];
    if( i > 0 && i % 3 == 0 ) z[k++] = ',';
  }
  return k;
}

static char *format(long long pence, char *zOut, size_t n, bool bPlain){
  char z[64];
  size_t k = 0;
  unsigned long long u = pence < 0 ? 0ULL - (unsigned long long)pence : (unsigned long long)pence;
  if( pence < 0 ){
    if( bPlain ) z[k++] = '-';
    else { memcpy(z + k, "\xe2\x88\x92", 3); k += 3; }
  }
  if( !bPlain ){ memcpy(z + k, "\xc2\xa3", 2); k += 2; }
  unsigned long long pounds = u / 100, p = u % 100;
  if( bPlain ){
    char d[24];
    size_t m = 0;
    do { d[m++] = (char)('0' + pounds % 10); pounds /= 10; } while (pounds);
    while( m ) z[k++] = d[--m];
  }else{
    k += put_grouped(z + k, pounds);
  }
  z[k++] = '.';
  z[k++] = (char)('0' + p / 10);
  z[k++] = (char)('0' + p % 10);
  z[k] = 0;
  if( n == 0 ) return zOut;
  if( k >= n ) k = n - 1;
  memcpy(zOut, z, k);
  zOut[k] = 0;
  return zOut;
}

char *money_format(long long pence, char *zOut, size_t n) { return format(pence, zOut, n, false); }

char *money_format_plain(long long pence, char *zOut, size_t n) { return format(pence, zOut, n, true); }

void money_split(long long pence, int n, long long *aOut){
  if( n <= 0 ) return;
  long long base = pence / n, rem = pence % n;   /* rem has pence's sign */
  for (int i = 0; i < n; i++) aOut[i] = base;
  long long step = rem < 0 ? -1 : 1;
  for (int i = n - 1; rem != 0; i--, rem -= step) aOut[i] += step;
}
