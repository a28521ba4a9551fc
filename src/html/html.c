#include "html/html.h"
#include "util/assert.h"
#include <string.h>

void html_text(struct buf *p, const char *z){
  if( !z ) return;
  const char *zStart = z;
  for(; *z; z++){
    const char *zRep;
    switch( *z ){
      case '&': zRep = "&amp;"; break;
      case '<': zRep = "&lt;"; break;
      case '>': zRep = "&gt;"; break;
      case '"': zRep = "&quot;"; break;
      case '\'': zRep = "&#39;"; break;
      default: continue;
    }
    buf_append(p, zStart, (size_t)(z-zStart));
    buf_puts(p, zRep);
    zStart = z+1;
  }
  buf_append(p, zStart, (size_t)(z-zStart));
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
    if( *z=='d' || *z=='i' ){ buf_printf(p, "%d", va_arg(ap, int)); z++; continue; }
    if( *z=='u' ){ buf_printf(p, "%u", va_arg(ap, unsigned)); z++; continue; }
    if( z[0]=='z' && z[1]=='u' ){ buf_printf(p, "%zu", va_arg(ap, size_t)); z += 2; continue; }
    if( z[0]=='l' && (z[1]=='d' || z[1]=='i') ){ buf_printf(p, "%ld", va_arg(ap, long)); z += 2; continue; }
    if( z[0]=='l' && z[1]=='u' ){ buf_printf(p, "%lu", va_arg(ap, unsigned long)); z += 2; continue; }
    if( z[0]=='l' && z[1]=='l' && (z[2]=='d' || z[2]=='i') ){ buf_printf(p, "%lld", va_arg(ap, long long)); z += 3; continue; }
    if( z[0]=='l' && z[1]=='l' && z[2]=='u' ){ buf_printf(p, "%llu", va_arg(ap, unsigned long long)); z += 3; continue; }
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

void html_printf_t(struct buf *p, struct i18n_format fmt, ...){
  va_list ap;
  va_start(ap, fmt);
  html_vprintf(p, fmt.zFmt, ap);
  va_end(ap);
}
