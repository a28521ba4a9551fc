#include "util/buf.h"
#include "util/assert.h"
#include "util/embedded.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xmalloc(size_t n){
  void *p = malloc(n ? n : 1);
  if( !p ){ fputs("carecluster: out of memory\n", stderr); abort(); }
  return p;
}
void *xcalloc(size_t n, size_t m){
  void *p = calloc(n ? n : 1, m ? m : 1);
  if( !p ){ fputs("carecluster: out of memory\n", stderr); abort(); }
  return p;
}
void *xrealloc(void *p, size_t n){
  p = realloc(p, n ? n : 1);
  if( !p ){ fputs("carecluster: out of memory\n", stderr); abort(); }
  return p;
}
char *xstrndup(const char *z, size_t n){
  assert( z!=0 || n==0 );
  char *r = xmalloc(n+1);
  memcpy(r, z, n);
  r[n] = 0;
  return r;
}
char *xstrdup(const char *z){ return xstrndup(z, strlen(z)); }

/* A buffer is empty and unallocated ({0}, or after buf_free and
** buf_steal), or holds n bytes and their NUL in nAlloc bytes. */
static void buf_check(const struct buf *p){
  (void)p;
  assert( p!=0 );
  assert( p->nAlloc==0 ? (p->z==0 && p->n==0) : (p->z!=0 && p->n<p->nAlloc) );
}
/* Room for nMore bytes and the NUL; the test that there is room already
** is the caller's (buf_grow), so that the common case costs a compare. */
static void buf_grow_slow(struct buf *p, size_t nMore){
  buf_check(p);
  size_t nNew = p->nAlloc ? p->nAlloc*2 : 256;
  while( nNew < p->n + nMore + 1 ) nNew *= 2;
  p->z = xrealloc(p->z, nNew);
  p->nAlloc = nNew;
  assert( p->n + nMore < p->nAlloc );
}
static inline void buf_grow(struct buf *p, size_t nMore){
  if( p->n + nMore + 1 > p->nAlloc ) buf_grow_slow(p, nMore);
}
void buf_append(struct buf *p, const char *z, size_t n){
  assert( z!=0 || n==0 );
  buf_grow(p, n);
  if( n ) memcpy(p->z + p->n, z, n);   /* memcpy from NULL is undefined, even of 0 bytes */
  p->n += n;
  p->z[p->n] = 0;
}
void buf_puts(struct buf *p, const char *z){ buf_append(p, z, strlen(z)); }
void buf_putc(struct buf *p, char c){
  buf_grow(p, 1);
  p->z[p->n++] = c;
  p->z[p->n] = 0;
}
void buf_vprintf(struct buf *p, const char *zFmt, va_list ap){
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(0, 0, zFmt, ap2);
  va_end(ap2);
  if( n<=0 ) return;
  buf_grow(p, (size_t)n);
  int nDone = vsnprintf(p->z + p->n, (size_t)n + 1, zFmt, ap);
  assert( nDone==n );
  (void)nDone;
  p->n += (size_t)n;
}
void buf_printf(struct buf *p, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(p, zFmt, ap);
  va_end(ap);
}
const char *buf_cstr(struct buf *p){
  buf_check(p);
  if( !p->z ) return "";
  return p->z;
}
void buf_reset(struct buf *p){ buf_check(p); p->n = 0; if( p->z ) p->z[0] = 0; }
void buf_free(struct buf *p){ free(p->z); p->z = 0; p->n = p->nAlloc = 0; }
char *buf_steal(struct buf *p){
  buf_check(p);
  char *z = p->z ? p->z : xstrdup("");
  p->z = 0; p->n = p->nAlloc = 0;
  return z;
}

const struct embedded_file *embedded_find(const char *zName){
  assert( zName!=0 );
  int lo = 0, hi = embedded_count-1;
  while( lo<=hi ){
    int mid = (lo+hi)/2;
    int c = strcmp(zName, embedded_files[mid].zName);
    if( c==0 ) return &embedded_files[mid];
    /* The table is sorted by name (tools/embed.c). */
    assert( mid==0 || strcmp(embedded_files[mid-1].zName, embedded_files[mid].zName)<0 );
    if( c<0 ) hi = mid-1; else lo = mid+1;
  }
  return 0;
}
