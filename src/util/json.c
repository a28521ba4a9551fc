#include "util/json.h"
#include "util/assert.h"
#include "util/text.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_string(struct buf *p, const char *z){
  if( !z ){ buf_puts(p, "null"); return; }
  buf_putc(p, '"');
  for(const unsigned char *q=(const unsigned char*)z; *q; q++){
    switch( *q ){
      case '"': buf_puts(p, "\\\""); break;
      case '\\': buf_puts(p, "\\\\"); break;
      case '\n': buf_puts(p, "\\n"); break;
      case '\r': buf_puts(p, "\\r"); break;
      case '\t': buf_puts(p, "\\t"); break;
      case '<': buf_puts(p, "\\u003c"); break;   /* safe inside <script> too */
      case '>': buf_puts(p, "\\u003e"); break;
      case '&': buf_puts(p, "\\u0026"); break;
      default:
        if( *q<0x20 ) buf_printf(p, "\\u%04x", *q);
        else buf_putc(p, (char)*q);
    }
  }
  buf_putc(p, '"');
}
void json_sep(struct buf *p, bool *pbFirst){
  assert( pbFirst!=0 );
  if( !*pbFirst ) buf_putc(p, ',');
  *pbFirst = false;
}
void json_key(struct buf *p, bool *pbFirst, const char *zKey){
  assert( zKey!=0 );   /* a key is a string: json_string(NULL) would write null */
  json_sep(p, pbFirst);
  json_string(p, zKey);
  buf_putc(p, ':');
}
void json_kv_str(struct buf *p, bool *pbFirst, const char *zKey, const char *zVal){
  json_key(p, pbFirst, zKey);
  json_string(p, zVal);
}
void json_kv_int(struct buf *p, bool *pbFirst, const char *zKey, long long v){
  json_key(p, pbFirst, zKey);
  buf_printf(p, "%lld", v);
}
void json_kv_bool(struct buf *p, bool *pbFirst, const char *zKey, bool v){
  json_key(p, pbFirst, zKey);
  buf_puts(p, v ? "true" : "false");
}
void json_kv_null(struct buf *p, bool *pbFirst, const char *zKey){
  json_key(p, pbFirst, zKey);
  buf_puts(p, "null");
}

/* v as JSON into z (at least 32 bytes); returns its length. */
static size_t double_text(char *z, double v){
  if( !isfinite(v) ){ memcpy(z, "null", 5); return 4; }
  if( v==floor(v) && fabs(v)<9007199254740992.0 && !(v==0 && signbit(v)) ){
    long long k = (long long)v;
    assert( (double)k==v );
    if( k<0 ){ z[0] = '-'; return 1 + text_digits(z+1, (unsigned long long)(-k)); }
    return text_digits(z, (unsigned long long)k);
  }
  int n = 0;
  for(int prec=15; prec<=17; prec++){
    n = snprintf(z, 32, "%.*g", prec, v);
    if( strtod(z, NULL)==v ) break;
  }
  /* %.17g of a finite double fits: "-1.2345678901234567e-308" is 24 bytes. */
  assert( n>0 && n<32 );
  return (size_t)n;
}
void json_double(struct buf *p, double v){
  char z[32];
  size_t n = double_text(z, v);
  buf_append(p, z, n);
}
void json_kv_double(struct buf *p, bool *pbFirst, const char *zKey, double v){
  json_key(p, pbFirst, zKey);
  json_double(p, v);
}
void json_kv_double_memo(struct buf *p, bool *pbFirst, const char *zKey, struct json_memo *pMemo, double v){
  assert( pMemo!=0 );
  json_key(p, pbFirst, zKey);
  bool bSame = pMemo->bSet && (pMemo->v==v ? signbit(pMemo->v)==signbit(v) : (isnan(pMemo->v) && isnan(v)));
  if( !bSame ){
    double_text(pMemo->z, v);
    pMemo->v = v;
    pMemo->bSet = true;
  }
  assert( pMemo->z[0]!=0 );
  buf_puts(p, pMemo->z);
}
