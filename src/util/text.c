#include "util/text.h"
#include "util/assert.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool text_slugify(const char *zName, char *zOut, size_t nOut){
  assert( zName!=0 && zOut!=0 && nOut>0 );   /* room at least for the NUL */
  size_t j = 0;
  bool bDash = false;
  for(const unsigned char *p = (const unsigned char*)zName; *p; p++){
    const char *zAdd = 0;
    char one[2] = {0,0};
    if( isalnum(*p) && *p<0x80 ){ one[0] = (char)tolower(*p); zAdd = one; }
    else if( *p=='&' ){ zAdd = "and"; bDash = true; }
    else { bDash = true; continue; }
    if( bDash && j>0 ){ if( j+1>=nOut ) return false; zOut[j++] = '-'; }
    bDash = false;
    if( *p=='&' ) bDash = true;
    size_t n = strlen(zAdd);
    if( j+n>=nOut ) return false;
    memcpy(zOut+j, zAdd, n);
    j += n;
  }
  assert( j<nOut );
  zOut[j] = 0;
  return j>0 && text_is_slug(zOut);
}

bool text_is_slug(const char *z){
  size_t n = strlen(z);
  if( n==0 || n>80 ) return false;
  if( z[0]=='-' || z[n-1]=='-' ) return false;
  for(size_t i=0; i<n; i++){
    char c = z[i];
    if( c=='-' ){ if( z[i+1]=='-' ) return false; continue; }
    if( !((c>='a' && c<='z') || (c>='0' && c<='9')) ) return false;
  }
  return true;
}

bool text_is_date(const char *z){
  if( strlen(z)!=10 || z[4]!='-' || z[7]!='-' ) return false;
  for(int i=0; i<10; i++){
    if( i==4 || i==7 ) continue;
    if( z[i]<'0' || z[i]>'9' ) return false;
  }
  int y = atoi(z), m = atoi(z+5), d = atoi(z+8);
  static const int aDays[] = {31,28,31,30,31,30,31,31,30,31,30,31};
  if( y<1900 || y>2999 || m<1 || m>12 || d<1 ) return false;
  int nMax = aDays[m-1];
  if( m==2 && ((y%4==0 && y%100!=0) || y%400==0) ) nMax = 29;
  return d<=nMax;
}

bool text_is_email(const char *z){
  size_t n = strlen(z);
  if( n<3 || n>254 ) return false;
  const char *at = strchr(z, '@');
  if( !at || at==z || strchr(at+1, '@') ) return false;
  const char *dot = strrchr(at+1, '.');
  if( !dot || dot==at+1 || dot[1]==0 ) return false;
  for(const unsigned char *p=(const unsigned char*)z; *p; p++){
    if( *p<=0x20 || *p==0x7f || *p=='<' || *p=='>' || *p=='"' || *p==',' ) return false;
  }
  return true;
}

bool text_is_clean_utf8(const char *z, bool bMultiline){
  const unsigned char *p = (const unsigned char*)z;
  while( *p ){
    unsigned c = *p;
    if( c<0x80 ){
      if( c<0x20 || c==0x7f ){
        if( !(bMultiline && (c=='\n' || c=='\r' || c=='\t')) ) return false;
      }
      p++;
      continue;
    }
    int n; unsigned cp;
    if( (c&0xE0)==0xC0 ){ n = 1; cp = c&0x1F; }
    else if( (c&0xF0)==0xE0 ){ n = 2; cp = c&0x0F; }
    else if( (c&0xF8)==0xF0 ){ n = 3; cp = c&0x07; }
    else return false;
    for(int i=1; i<=n; i++){
      if( (p[i]&0xC0)!=0x80 ) return false;
      cp = (cp<<6) | (p[i]&0x3F);
    }
    if( (n==1 && cp<0x80) || (n==2 && cp<0x800) || (n==3 && cp<0x10000) ) return false;
    if( cp>0x10FFFF || (cp>=0xD800 && cp<=0xDFFF) ) return false;
    p += n+1;
  }
  return true;
}

bool text_to_int(const char *z, long long lo, long long hi, long long *pOut){
  assert( lo<=hi && pOut!=0 );
  if( !z || !*z ) return false;
  const char *p = z;
  if( *p=='-' ) p++;
  if( !*p || strlen(p)>18 ) return false;
  for(const char *q=p; *q; q++) if( *q<'0' || *q>'9' ) return false;
  long long v = strtoll(z, 0, 10);
  if( v<lo || v>hi ) return false;
  *pOut = v;
  return true;
}

void text_today(char zOut[11]){
  time_t t = time(0);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zOut, 11, "%Y-%m-%d", &tm);
}
void text_now(char zOut[21]){
  time_t t = time(0);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zOut, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *text_trim(char *z){
  assert( z!=0 );
  while( *z && isspace((unsigned char)*z) ) z++;
  size_t n = strlen(z);
  while( n>0 && isspace((unsigned char)z[n-1]) ) z[--n] = 0;
  return z;
}

void text_local_now(char zOut[17]){
  time_t t = time(0);
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(zOut, 17, "%Y-%m-%dT%H:%M", &tm);
}

bool text_is_time(const char *z){
  if( strlen(z)!=5 || z[2]!=':' ) return false;
  if( z[0]<'0' || z[0]>'2' || z[1]<'0' || z[1]>'9' || z[3]<'0' || z[3]>'5' || z[4]<'0' || z[4]>'9' ) return false;
  return (z[0]-'0')*10 + (z[1]-'0') <= 23;
}

bool text_blank(const char *z){
  if( !z ) return true;
  while( *z==' ' || *z=='\t' || *z=='\r' || *z=='\n' ) z++;
  return *z==0;
}

size_t text_utf8_chars(const char *z){
  size_t n = 0;
  for(const unsigned char *p=(const unsigned char*)z; *p; p++) if( (*p&0xC0)!=0x80 ) n++;
  return n;
}

void text_copy(char *zOut, size_t n, const char *z){
  assert( zOut!=0 && n>0 );   /* room at least for the NUL */
  size_t k = z ? strlen(z) : 0;
  if( k>=n ){
    k = n-1;
    while( k>0 && ((unsigned char)z[k]&0xC0)==0x80 ) k--;
  }
  assert( k<n );
  if( k ) memcpy(zOut, z, k);
  zOut[k] = 0;
}

void text_fixed(char *zOut, size_t n, double v, int nDec){
  assert( zOut!=0 && n>0 && nDec>=0 );
  snprintf(zOut, n, "%.*f", nDec, v);
  if( zOut[0]=='-' && strtod(zOut, 0)==0.0 ) memmove(zOut, zOut+1, strlen(zOut));
}

size_t text_digits(char *zOut, unsigned long long u){
  char a[20];
  size_t n = 0;
  do{ a[n++] = (char)('0' + u%10); u /= 10; }while( u>0 );
  assert( n>=1 && n<=20 );   /* 2^64-1 has 20 digits */
  for(size_t i=0; i<n; i++) zOut[i] = a[n-1-i];
  zOut[n] = 0;
  return n;
}
