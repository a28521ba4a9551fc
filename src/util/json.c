#include "util/json.h"

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
  if( !*pbFirst ) buf_putc(p, ',');
  *pbFirst = false;
}
void json_key(struct buf *p, bool *pbFirst, const char *zKey){
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
