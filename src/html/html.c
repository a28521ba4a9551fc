#include "html/html.h"
#include "util/assert.h"
#include "util/text.h"
#include <string.h>

void html_text(struct buf *p, const char *z){
  if( !z ) return;
  for(;;){
    /* The run up to the next character to escape, in one append. */
    size_t n = strcspn(z, "&<>\"'");
    if( n ) buf_append(p, z, n);
    z += n;
    const char *zRep;
    switch( *z ){
      case 0: return;
      case '&': zRep = "&amp;"; break;
      case '<': zRep = "&lt;"; break;
      case '>': zRep = "&gt;"; break;
      case '"': zRep = "&quot;"; break;
      default: zRep = "&#39;"; break;
    }
    buf_puts(p, zRep);
    z++;
  }
}

void html_markup_trusted_unescaped(struct buf *p, struct markup m){
  assert( p!=0 );
  if( m.z ) buf_puts(p, m.z);
}

void html_urlpart(struct buf *p, const char *z){
  static const char hex[] = "0123456789ABCDEF";
  for(const unsigned char *q=(const unsigned char*)z; q && *q; q++){
    if( (*q>='a' && *q<='z') || (*q>='A' && *q<='Z') || (*q>='0' && *q<='9')
     || *q=='-' || *q=='_' || *q=='.' || *q=='~' ){
      buf_putc(p, (char)*q);
    }else{
      char e[3] = {'%', hex[*q>>4], hex[*q&15]};
      buf_append(p, e, 3);
    }
  }
}

/* Whole numbers without printf's machinery (most numbers on a page are ids). */
static void put_uint(struct buf *p, unsigned long long u){
  char z[24];
  buf_append(p, z, text_digits(z, u));
}
static void put_int(struct buf *p, long long v){
  if( v<0 ){ buf_putc(p, '-'); put_uint(p, 0ULL - (unsigned long long)v); }
  else put_uint(p, (unsigned long long)v);
}

static void html_vprintf(struct buf *p, const char *zFmt, va_list ap){
  assert( p!=0 && zFmt!=0 );   /* a literal, or a catalogue text (i18n_get never gives NULL) */
  const char *z = zFmt;
  while( *z ){
    const char *zPct = strchr(z, '%');
    if( !zPct ){ buf_puts(p, z); return; }
    buf_append(p, z, (size_t)(zPct-z));
    z = zPct+1;
    if( *z=='%' ){ buf_putc(p, '%'); z++; continue; }
    if( *z=='s' ){ html_text(p, va_arg(ap, const char*)); z++; continue; }
    if( *z=='c' ){ char c[2] = {(char)va_arg(ap, int), 0}; html_text(p, c); z++; continue; }
    if( *z=='d' || *z=='i' ){ put_int(p, va_arg(ap, int)); z++; continue; }
    if( *z=='u' ){ put_uint(p, va_arg(ap, unsigned)); z++; continue; }
    if( z[0]=='z' && z[1]=='u' ){ put_uint(p, va_arg(ap, size_t)); z += 2; continue; }
    if( z[0]=='l' && (z[1]=='d' || z[1]=='i') ){ put_int(p, va_arg(ap, long)); z += 2; continue; }
    if( z[0]=='l' && z[1]=='u' ){ put_uint(p, va_arg(ap, unsigned long)); z += 2; continue; }
    if( z[0]=='l' && z[1]=='l' && (z[2]=='d' || z[2]=='i') ){ put_int(p, va_arg(ap, long long)); z += 3; continue; }
    if( z[0]=='l' && z[1]=='l' && z[2]=='u' ){ put_uint(p, va_arg(ap, unsigned long long)); z += 3; continue; }
    assert( 0 && "html_printf: unsupported conversion" );
    return;
  }
}

void html_printf_(struct buf *p, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  html_vprintf(p, zFmt, ap);
  va_end(ap);
}

void html_vprintf_t(struct buf *p, struct i18n_format fmt, va_list ap){
  html_vprintf(p, fmt.zFmt, ap);
}

void html_printf_t(struct buf *p, struct i18n_format fmt, ...){
  va_list ap;
  va_start(ap, fmt);
  html_vprintf(p, fmt.zFmt, ap);
  va_end(ap);
}
