/*
** libFuzzer harness for the parsers that take bytes from outside:
** src/http/parse.c (urlencoded bodies and query strings, Cookie headers,
** route patterns, local redirect targets) and the validators in
** src/util/text.c. Every input goes through every function; the
** harness checks invariants (not just "did not crash") and aborts when
** one fails, so libFuzzer saves the input.
**
**   make fuzz-short    20 s, run by make check
**   make fuzz          10 min
**
** Build (see the Makefile):
**   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -Ibuild -D_GNU_SOURCE \
**     -o build/fuzz_parse tests/fuzz/fuzz_parse.c src/http/parse.c \
**     src/util/buf.c src/util/text.c build/embedded.c
*/
#include "http/parse.h"
#include "util/buf.h"
#include "util/text.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(cond) do{ if( !(cond) ){ \
  fprintf(stderr, "fuzz_parse: invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
  abort(); } }while(0)

/* ---- independent reference implementations ----------------------------- */

/* Strict UTF-8 per Unicode Table 3-7, no controls except (when
** bMultiline) tab, CR and LF. Written from the table, not from text.c. */
static int ref_clean_utf8(const unsigned char *p, size_t n, int bMultiline){
  size_t i = 0;
  while( i<n ){
    unsigned c = p[i];
    if( c<0x80 ){
      if( c==0 ) return 0;
      if( c<0x20 || c==0x7f ){
        if( !(bMultiline && (c=='\t' || c=='\n' || c=='\r')) ) return 0;
      }
      i++;
      continue;
    }
    unsigned lo = 0x80, hi = 0xBF;
    int nCont;
    if( c>=0xC2 && c<=0xDF ) nCont = 1;
    else if( c==0xE0 ){ nCont = 2; lo = 0xA0; }
    else if( c>=0xE1 && c<=0xEC ){ nCont = 2; }
    else if( c==0xED ){ nCont = 2; hi = 0x9F; }
    else if( c>=0xEE && c<=0xEF ){ nCont = 2; }
    else if( c==0xF0 ){ nCont = 3; lo = 0x90; }
    else if( c>=0xF1 && c<=0xF3 ){ nCont = 3; }
    else if( c==0xF4 ){ nCont = 3; hi = 0x8F; }
    else return 0;
    if( i+(size_t)nCont>=n ) return 0;  /* truncated */
    if( p[i+1]<lo || p[i+1]>hi ) return 0;
    for(int k=2; k<=nCont; k++) if( p[i+k]<0x80 || p[i+k]>0xBF ) return 0;
    i += (size_t)nCont+1;
  }
  return 1;
}

static int is_hex(unsigned char c){
  return (c>='0' && c<='9') || (c>='a' && c<='f') || (c>='A' && c<='F');
}

/* Percent-encode z completely (every byte) so it decodes back to z. */
static void encode_all(struct buf *b, const char *z){
  static const char hex[] = "0123456789ABCDEF";
  for(const unsigned char *p=(const unsigned char*)z; *p; p++){
    char e[3] = { '%', hex[*p>>4], hex[*p&15] };
    buf_append(b, e, 3);
  }
}

/* ---- parse_urlencoded --------------------------------------------------- */

static void fuzz_urlencoded(const uint8_t *data, size_t size, int nMax){
  struct kvlist l = {0};
  enum parse_rc rc = parse_urlencoded((const char*)data, size, nMax, &l);
  CHECK( rc==PARSE_OK || rc==PARSE_BAD_ENCODING || rc==PARSE_TOO_MANY );
  CHECK( l.n>=0 && l.n<=nMax && l.n<=l.nAlloc );
  for(int i=0; i<l.n; i++){
    const char *k = l.a[i].zKey, *v = l.a[i].zVal;
    CHECK( k && v );
    size_t nk = strlen(k), nv = strlen(v);
    /* Decoding never grows text, so no hidden bytes beyond the NUL. */
    CHECK( nk<=size && nv<=size );
    CHECK( text_is_clean_utf8(k, true) && text_is_clean_utf8(v, true) );
    CHECK( ref_clean_utf8((const unsigned char*)k, nk, 1) );
    CHECK( ref_clean_utf8((const unsigned char*)v, nv, 1) );
  }

  /* Count the non-empty '&'-separated fields independently. */
  int nField = 0;
  int bEscOk = 1;
  for(size_t i=0; i<size; ){
    size_t j = i;
    while( j<size && data[j]!='&' ) j++;
    if( j>i ) nField++;
    for(size_t k=i; k<j; k++){
      if( data[k]=='%' ){
        if( k+2>=j || !is_hex(data[k+1]) || !is_hex(data[k+2])
         || (data[k+1]=='0' && data[k+2]=='0') ) bEscOk = 0;
      }else if( data[k]==0 ){
        bEscOk = 0;
      }
    }
    i = j+1;
  }
  if( rc==PARSE_OK ){
    CHECK( l.n==nField );
    CHECK( bEscOk );
  }
  if( rc==PARSE_TOO_MANY ) CHECK( nField>nMax );

  /* Round trip: re-encode what was parsed; it must parse to the same. */
  if( rc==PARSE_OK ){
    struct buf b = {0};
    for(int i=0; i<l.n; i++){
      if( i ) buf_putc(&b, '&');
      encode_all(&b, l.a[i].zKey);
      buf_putc(&b, '=');
      encode_all(&b, l.a[i].zVal);
    }
    struct kvlist l2 = {0};
    enum parse_rc rc2 = parse_urlencoded(b.z ? b.z : "", b.n, nMax, &l2);
    /* An empty key with an empty value encodes as "=", which is still
    ** one field, so the counts agree. */
    CHECK( rc2==PARSE_OK );
    CHECK( l2.n==l.n );
    for(int i=0; i<l.n; i++){
      CHECK( strcmp(l.a[i].zKey, l2.a[i].zKey)==0 );
      CHECK( strcmp(l.a[i].zVal, l2.a[i].zVal)==0 );
    }
    if( l.n>0 ){
      const char *zFirst = kvlist_get(&l, l.a[0].zKey);
      CHECK( zFirst==l.a[0].zVal );
    }
    kvlist_free(&l2);
    buf_free(&b);
  }
  kvlist_free(&l);
  CHECK( l.a==0 && l.n==0 );
}

/* ---- parse_cookies ------------------------------------------------------ */

static void fuzz_cookies(const char *z){
  struct kvlist l = {0};
  parse_cookies(z, &l);
  CHECK( l.n>=0 && l.n<=32 );
  size_t nz = strlen(z);
  for(int i=0; i<l.n; i++){
    const char *k = l.a[i].zKey, *v = l.a[i].zVal;
    CHECK( k && v );
    CHECK( k[0]!=0 && k[0]!=' ' && k[0]!=';' );
    CHECK( strchr(k, ';')==0 && strchr(k, '=')==0 && strchr(v, ';')==0 );
    CHECK( strlen(k)+strlen(v)+1<=nz );
    /* Name and value appear in the header as "name=value". */
    struct buf b = {0};
    buf_puts(&b, k); buf_putc(&b, '='); buf_puts(&b, v);
    CHECK( strstr(z, b.z)!=0 );
    buf_free(&b);
  }
  kvlist_add(&l, "extra", "value");
  CHECK( kvlist_get(&l, "extra")!=0 );
  kvlist_free(&l);
  parse_cookies(0, &l);             /* a missing header */
  CHECK( l.n==0 );
  kvlist_free(&l);
}

/* ---- parse_route -------------------------------------------------------- */

static const char *azPattern[] = {
  "/units/{slug}",
  "/units/{slug}/members/new",
  "/units/{slug}/members",
  "/memberships/{id}/edit",
  "/memberships/{id}",
  "/lang/{lang}",
  "/api/v1/units/{slug}/members",
  "/healthz",
  "/",
};

static void fuzz_route(const char *zPath){
  for(size_t p=0; p<sizeof(azPattern)/sizeof(azPattern[0]); p++){
    const char *zPat = azPattern[p];
    int nBrace = 0;
    for(const char *q=zPat; *q; q++) if( *q=='{' ) nBrace++;
    for(int nMax=0; nMax<=4; nMax+=(nMax==0 ? 1 : 3)){
      char *az[4] = {0};
      int n = parse_route(zPat, zPath, az, nMax);
      CHECK( n==-1 || (n>=0 && n<=nMax) );
      if( n<0 ) continue;
      CHECK( n==nBrace );
      /* Substituting the captures back into the pattern gives the path. */
      struct buf b = {0};
      int iCap = 0;
      for(const char *q=zPat; *q; ){
        if( *q=='{' ){
          const char *e = strchr(q, '}');
          CHECK( e && iCap<n );
          CHECK( az[iCap][0]!=0 && strchr(az[iCap], '/')==0 );
          buf_puts(&b, az[iCap++]);
          q = e+1;
        }else{
          buf_putc(&b, *q++);
        }
      }
      CHECK( iCap==n );
      CHECK( strcmp(buf_cstr(&b), zPath)==0 );
      buf_free(&b);
      for(int i=0; i<n; i++) free(az[i]);
    }
  }
  /* A pattern that is itself fuzz input (as if a route table were wrong). */
  char *az[2] = {0};
  int n = parse_route(zPath, "/units/abc/members", az, 2);
  CHECK( n>=-1 && n<=2 );
  for(int i=0; i<n; i++) free(az[i]);
}

/* ---- small validators --------------------------------------------------- */

static void fuzz_local_path(const char *z){
  if( parse_is_local_path(z) ){
    size_t n = strlen(z);
    CHECK( n>=1 && n<=512 );
    CHECK( z[0]=='/' && z[1]!='/' && z[1]!='\\' );
    for(size_t i=0; i<n; i++){
      unsigned char c = (unsigned char)z[i];
      CHECK( c>=0x20 && c!=0x7f && c!='\\' );
    }
  }
}

static void fuzz_slugify(const char *z){
  static const size_t anOut[] = { 1, 2, 8, 72, 81, 300 };
  for(size_t i=0; i<sizeof(anOut)/sizeof(anOut[0]); i++){
    size_t nOut = anOut[i];
    char *zOut = malloc(nOut);       /* exact size: ASan sees any overrun */
    CHECK( zOut );
    memset(zOut, 'X', nOut);
    if( text_slugify(z, zOut, nOut) ){
      size_t n = strnlen(zOut, nOut);
      CHECK( n<nOut );
      CHECK( text_is_slug(zOut) );
      /* Pure ASCII alphanumerics and '&' only contribute to the slug. */
    }
    free(zOut);
  }
  /* text_is_slug agrees with its definition: [a-z0-9]+(-[a-z0-9]+)*, <=80. */
  size_t n = strlen(z);
  int bRef = n>=1 && n<=80 && z[0]!='-' && z[n-1]!='-';
  for(size_t i=0; bRef && i<n; i++){
    char c = z[i];
    if( c=='-' ){ if( z[i+1]=='-' ) bRef = 0; }
    else if( !((c>='a' && c<='z') || (c>='0' && c<='9')) ) bRef = 0;
  }
  CHECK( text_is_slug(z)==(bRef!=0) );
}

static void fuzz_date(const char *z){
  if( !text_is_date(z) ) return;
  CHECK( strlen(z)==10 );
  int y = 0, m = 0, d = 0;
  CHECK( sscanf(z, "%4d-%2d-%2d", &y, &m, &d)==3 );
  CHECK( y>=1900 && y<=2999 && m>=1 && m<=12 && d>=1 && d<=31 );
  /* A real date survives normalisation by timegm unchanged. */
  struct tm tm = {0};
  tm.tm_year = y-1900; tm.tm_mon = m-1; tm.tm_mday = d; tm.tm_hour = 12;
  time_t t = timegm(&tm);
  struct tm out;
  CHECK( gmtime_r(&t, &out)!=0 );
  CHECK( out.tm_year==y-1900 && out.tm_mon==m-1 && out.tm_mday==d );
}

static void fuzz_email(const char *z){
  if( !text_is_email(z) ) return;
  size_t n = strlen(z);
  CHECK( n>=3 && n<=254 );
  const char *at = strchr(z, '@');
  CHECK( at && at>z && strchr(at+1, '@')==0 );
  CHECK( strchr(at+1, '.')!=0 );
  for(const unsigned char *p=(const unsigned char*)z; *p; p++) CHECK( *p>0x20 && *p!=0x7f );
}

static void fuzz_utf8(const char *z){
  size_t n = strlen(z);
  CHECK( text_is_clean_utf8(z, true)==(ref_clean_utf8((const unsigned char*)z, n, 1)!=0) );
  CHECK( text_is_clean_utf8(z, false)==(ref_clean_utf8((const unsigned char*)z, n, 0)!=0) );
}

static void fuzz_int(const char *z){
  long long v = 0;
  if( text_to_int(z, -1000, (long long)1<<53, &v) ){
    CHECK( v>=-1000 && v<=((long long)1<<53) );
    CHECK( strtoll(z, 0, 10)==v );
  }
}

static void fuzz_trim(const char *z){
  char *zCopy = xstrdup(z);
  char *t = text_trim(zCopy);
  CHECK( t>=zCopy && t<=zCopy+strlen(z) );
  size_t n = strlen(t);
  if( n ){
    CHECK( t[0]!=' ' && t[0]!='\t' && t[0]!='\n' );
    CHECK( t[n-1]!=' ' && t[n-1]!='\t' && t[n-1]!='\n' );
  }
  free(zCopy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  /* parse_urlencoded takes a length, not a C string: use the input as is
  ** (it may hold NUL bytes), with a generous and a small field limit. */
  fuzz_urlencoded(data, size, 200);
  fuzz_urlencoded(data, size, size ? data[0]%4 : 0);

  /* Everything else takes a C string: a NUL-terminated copy, cut at the
  ** first NUL. */
  char *z = xstrndup((const char*)data, size);
  fuzz_cookies(z);
  fuzz_route(z);
  fuzz_local_path(z);
  fuzz_slugify(z);
  fuzz_date(z);
  fuzz_email(z);
  fuzz_utf8(z);
  fuzz_int(z);
  fuzz_trim(z);
  free(z);
  return 0;
}
