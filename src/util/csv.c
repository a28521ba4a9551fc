#include "util/csv.h"

char csv_separator(const char *z, size_t n, size_t i){
  for(;;){
    int nTab = 0, nComma = 0;
    bool bQuoted = false, bText = false;
    for(; i<n; i++){
      char c = z[i];
      if( c=='"' ) bQuoted = !bQuoted;
      if( bQuoted ){ bText = true; continue; }
      if( c=='\r' || c=='\n' ) break;
      if( c=='\t' ) nTab++;
      else if( c==',' ) nComma++;
      else if( c!=' ' ) bText = true;
    }
    if( bText || i>=n ) return nTab>0 && nTab>=nComma ? '\t' : ',';
    i++;
  }
}

static void field_add(struct csv_record *r, char c){
  if( r->nField>CSV_RECORD_FIELDS ) return;
  struct csv_field *f = &r->a[r->nField-1];
  if( f->n<CSV_FIELD_BYTES-1 ) f->z[f->n] = c;
  f->n++;
}
static void field_start(struct csv_record *r){
  r->nField++;
  if( r->nField<=CSV_RECORD_FIELDS ){
    r->a[r->nField-1].n = 0;
    r->a[r->nField-1].z[0] = 0;
  }
}
static void field_end(struct csv_record *r){
  if( r->nField<=CSV_RECORD_FIELDS ){
    struct csv_field *f = &r->a[r->nField-1];
    f->z[f->n<CSV_FIELD_BYTES ? f->n : CSV_FIELD_BYTES-1] = 0;
  }
}
static void quote_error(struct csv_record *r, enum csv_quote q){
  if( !r->badColumn ){ r->badColumn = r->nField; r->quote = q; }
}

void csv_read_record(const char *z, size_t n, char cSep, size_t *pi, int *pLine, struct csv_record *r){
  size_t i = *pi;
  r->line = *pLine;
  r->nField = 0;
  r->badColumn = 0;
  r->quote = CSV_QUOTE_OK;
  for(;;){
    field_start(r);
    if( i<n && z[i]=='"' ){
      i++;
      bool bClosed = false;
      while( i<n ){
        char c = z[i];
        if( c=='"' ){
          if( i+1<n && z[i+1]=='"' ){ field_add(r, '"'); i += 2; continue; }
          i++;
          bClosed = true;
          break;
        }
        if( c=='\r' || c=='\n' ){
          (*pLine)++;
          if( c=='\r' && i+1<n && z[i+1]=='\n' ){ field_add(r, '\r'); i++; }
        }
        field_add(r, c);
        i++;
      }
      if( !bClosed ){
        quote_error(r, CSV_QUOTE_UNCLOSED);
        field_end(r);
        break;
      }
      if( i<n && z[i]!=cSep && z[i]!='\r' && z[i]!='\n' ){
        /* Text after the closing quote: a quoting error; keep reading
        ** to the next separator. */
        quote_error(r, CSV_QUOTE_TEXT_AFTER);
        while( i<n && z[i]!=cSep && z[i]!='\r' && z[i]!='\n' ){ field_add(r, z[i]); i++; }
      }
    }else{
      while( i<n && z[i]!=cSep && z[i]!='\r' && z[i]!='\n' ){ field_add(r, z[i]); i++; }
    }
    field_end(r);
    if( i<n && z[i]==cSep ){ i++; continue; }
    break;
  }
  if( i<n ){
    if( z[i]=='\r' && i+1<n && z[i+1]=='\n' ) i++;
    i++;
    (*pLine)++;
  }
  *pi = i;
}

bool csv_field_blank(const struct csv_field *f){
  size_t n = f->n<CSV_FIELD_BYTES ? f->n : CSV_FIELD_BYTES-1;
  for(size_t i=0; i<n; i++) if( f->z[i]!=' ' && f->z[i]!='\t' ) return false;
  return true;
}

bool csv_record_blank(const struct csv_record *r, int nMax){
  if( r->badColumn ) return false;
  for(int k=0; k<r->nField && k<nMax && k<CSV_RECORD_FIELDS; k++) if( !csv_field_blank(&r->a[k]) ) return false;
  return r->nField<=nMax;
}

size_t csv_utf8_bad_at(const unsigned char *z, size_t n){
  size_t i = 0;
  while( i<n ){
    unsigned c = z[i];
    if( c<0x80 ){
      if( c==0 ) return i;
      i++;
      continue;
    }
    unsigned lo = 0x80, hi = 0xBF;
    size_t nCont;
    if( c>=0xC2 && c<=0xDF ) nCont = 1;
    else if( c==0xE0 ){ nCont = 2; lo = 0xA0; }
    else if( c>=0xE1 && c<=0xEC ) nCont = 2;
    else if( c==0xED ){ nCont = 2; hi = 0x9F; }
    else if( c>=0xEE && c<=0xEF ) nCont = 2;
    else if( c==0xF0 ){ nCont = 3; lo = 0x90; }
    else if( c>=0xF1 && c<=0xF3 ) nCont = 3;
    else if( c==0xF4 ){ nCont = 3; hi = 0x8F; }
    else return i;
    if( i+nCont>=n ) return i;
    if( z[i+1]<lo || z[i+1]>hi ) return i;
    for(size_t k=2; k<=nCont; k++) if( z[i+k]<0x80 || z[i+k]>0xBF ) return i;
    i += nCont+1;
  }
  return n;
}
