#include "http/parse.h"
#include "util/assert.h"
#include "util/buf.h"
#include "util/text.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

static int hexval(char c){
  if( c>='0' && c<='9' ) return c-'0';
  if( c>='a' && c<='f' ) return c-'a'+10;
  if( c>='A' && c<='F' ) return c-'A'+10;
  return -1;
}

/* Decode n bytes of z into a new string, or NULL on a bad escape, an
** encoded NUL, or invalid UTF-8. */
static char *decode(const char *z, size_t n){
  char *zOut = xmalloc(n+1);
  size_t j = 0;
  for(size_t i=0; i<n; i++){
    char c = z[i];
    if( c=='+' ) c = ' ';
    else if( c=='%' ){
      if( i+2>=n ){ free(zOut); return 0; }
      int hi = hexval(z[i+1]), lo = hexval(z[i+2]);
      if( hi<0 || lo<0 || (hi==0 && lo==0) ){ free(zOut); return 0; }
      c = (char)(hi*16+lo);
      i += 2;
    }else if( c==0 ){
      free(zOut); return 0;
    }
    zOut[j++] = c;
  }
  assert( j<=n );   /* decoding never lengthens */
  zOut[j] = 0;
  if( !text_is_clean_utf8(zOut, true) ){ free(zOut); return 0; }
  return zOut;
}

/* A list is empty ({0}, or after kvlist_free) or holds n pairs in an
** array of nAlloc. */
static void kvlist_check(const struct kvlist *p){
  (void)p;
  assert( p!=0 );
  assert( p->n>=0 && p->n<=p->nAlloc );
  assert( (p->a==0)==(p->nAlloc==0) );
}

void kvlist_add(struct kvlist *p, const char *zKey, const char *zVal){
  kvlist_check(p);
  assert( zKey!=0 && zVal!=0 );
  if( p->n>=p->nAlloc ){
    p->nAlloc = p->nAlloc ? p->nAlloc*2 : 8;
    p->a = xrealloc(p->a, sizeof(p->a[0])*(size_t)p->nAlloc);
  }
  p->a[p->n].zKey = xstrdup(zKey);
  p->a[p->n].zVal = xstrdup(zVal);
  p->n++;
}

static void kvlist_take(struct kvlist *p, char *zKey, char *zVal){
  kvlist_check(p);
  assert( zKey!=0 && zVal!=0 );
  if( p->n>=p->nAlloc ){
    p->nAlloc = p->nAlloc ? p->nAlloc*2 : 8;
    p->a = xrealloc(p->a, sizeof(p->a[0])*(size_t)p->nAlloc);
  }
  p->a[p->n].zKey = zKey;
  p->a[p->n].zVal = zVal;
  p->n++;
}

const char *kvlist_get(const struct kvlist *p, const char *zKey){
  kvlist_check(p);
  assert( zKey!=0 );
  for(int i=0; i<p->n; i++){
    if( strcmp(p->a[i].zKey, zKey)==0 ) return p->a[i].zVal;
  }
  return 0;
}

void kvlist_free(struct kvlist *p){
  kvlist_check(p);
  for(int i=0; i<p->n; i++){ free(p->a[i].zKey); free(p->a[i].zVal); }
  free(p->a);
  p->a = 0; p->n = p->nAlloc = 0;
}

enum parse_rc parse_urlencoded(const char *z, size_t n, int nMax, struct kvlist *pList){
  assert( z!=0 || n==0 );
  assert( nMax>=0 && pList!=0 );
  size_t i = 0;
  int nPairs = 0;
  while( i<n ){
    size_t j = i;
    while( j<n && z[j]!='&' ) j++;
    if( j>i ){
      size_t eq = i;
      while( eq<j && z[eq]!='=' ) eq++;
      if( ++nPairs>nMax ) return PARSE_TOO_MANY;
      char *zKey = decode(z+i, eq-i);
      char *zVal = eq<j ? decode(z+eq+1, j-eq-1) : xstrdup("");
      if( !zKey || !zVal ){ free(zKey); free(zVal); return PARSE_BAD_ENCODING; }
      kvlist_take(pList, zKey, zVal);
    }
    i = j+1;
  }
  return PARSE_OK;
}

void parse_cookies(const char *z, struct kvlist *pList){
  int nSeen = 0;
  while( z && *z && nSeen<32 ){
    while( *z==' ' || *z==';' ) z++;
    const char *zEnd = strchr(z, ';');
    size_t n = zEnd ? (size_t)(zEnd-z) : strlen(z);
    const char *eq = memchr(z, '=', n);
    if( eq && eq>z ){
      char *zKey = xstrndup(z, (size_t)(eq-z));
      char *zVal = xstrndup(eq+1, n-(size_t)(eq-z)-1);
      kvlist_take(pList, zKey, zVal);
      nSeen++;
    }
    z += n;
  }
}

int parse_route(const char *zPattern, const char *zPath, char **azOut, int nMax){
  assert( zPattern!=0 && zPath!=0 );
  assert( nMax>=0 && (azOut!=0 || nMax==0) );
  int nCap = 0;
  const char *p = zPattern, *q = zPath;
  while( *p ){
    if( *p=='{' ){
      const char *pEnd = strchr(p, '}');
      if( !pEnd ) goto nomatch;
      const char *qEnd = q;
      while( *qEnd && *qEnd!='/' ) qEnd++;
      if( qEnd==q || nCap>=nMax ) goto nomatch;
      azOut[nCap++] = xstrndup(q, (size_t)(qEnd-q));
      p = pEnd+1;
      q = qEnd;
    }else{
      if( *p!=*q ) goto nomatch;
      p++; q++;
    }
  }
  if( *q ) goto nomatch;
  assert( nCap<=nMax );
  return nCap;
nomatch:
  for(int i=0; i<nCap; i++) free(azOut[i]);
  return -1;
}

bool parse_is_local_path(const char *z){
  if( !z || z[0]!='/' || z[1]=='/' || z[1]=='\\' ) return false;
  if( strlen(z)>512 ) return false;
  for(const unsigned char *p=(const unsigned char*)z; *p; p++){
    if( *p<0x20 || *p==0x7f || *p=='\\' ) return false;
  }
  return true;
}

bool parse_is_loopback(const char *zAddr){
  if( !zAddr ) return false;
  unsigned char a[16];
  if( inet_pton(AF_INET, zAddr, a)==1 ) return a[0]==127;
  if( inet_pton(AF_INET6, zAddr, a)!=1 ) return false;
  static const unsigned char aLoop[16] = {0,0,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,1};
  static const unsigned char aMapped[12] = {0,0,0,0, 0,0,0,0, 0,0,0xff,0xff};
  return memcmp(a, aLoop, 16)==0 || (memcmp(a, aMapped, 12)==0 && a[12]==127);
}
