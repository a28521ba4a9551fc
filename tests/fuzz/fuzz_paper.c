/*
** libFuzzer harness for what an uploaded paper is (src/domain/paper_detect.c):
** every input is checked under every accepted extension, and its bytes
** (up to the first NUL) are cleaned as a file name. Invariants, not just
** "did not crash":
**   - paper_check gives a type or an error key, never both or neither,
**     and paper_detect agrees with it;
**   - an accepted file is of its name's kind: the type is the extension's,
**     and it starts with that kind's signature;
**   - nothing may follow the end: an accepted PDF, PNG, JPEG, DOCX or
**     XLSX with a "<" appended is refused, and an accepted PNG or JPEG
**     cut by one byte is refused;
**   - a cleaned name is UTF-8 without controls, has no path separator,
**     no bidirectional override, isolate or mark, no space at either
**     end, is 1 to PAPER_MAX_NAME bytes, is not "." or "..", and cleans
**     to itself.
**
**   make fuzz-short    (seeds in tests/fuzz/seeds/paper)
*/
#include "domain/paper_detect.h"
#include "util/text.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do{ if( !(cond) ){ \
  fprintf(stderr, "fuzz_paper: invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
  abort(); } }while(0)

static const struct {
  const char *zName;
  const char *zType;
  const char *zMagic;
  size_t nMagic;
  int bStrictEnd;     /* nothing may be appended */
  int bStrictCut;     /* nor the last byte removed */
} aKind[] = {
  { "a.pdf",  "application/pdf", "%PDF-", 5, 1, 0 },
  { "a.PNG",  "image/png", "\x89PNG\r\n\x1a\n", 8, 1, 1 },
  { "a.jpg",  "image/jpeg", "\xFF\xD8\xFF", 3, 1, 1 },
  { "a.jpeg", "image/jpeg", "\xFF\xD8\xFF", 3, 1, 1 },
  { "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\3\4", 4, 1, 0 },
  { "a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\3\4", 4, 1, 0 },
  { "a.doc",  "application/msword", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, 0, 0 },
  { "a.xls",  "application/vnd.ms-excel", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, 0, 0 },
  { "a.txt",  0, 0, 0, 0, 0 },
};

static void check_kinds(const uint8_t *data, size_t size){
  for(size_t k=0; k<sizeof aKind/sizeof aKind[0]; k++){
    const char *zErr = (const char*)1;
    const char *zType = paper_check(data, size, aKind[k].zName, &zErr);
    CHECK( (zType==0)!=(zErr==0) );
    CHECK( paper_detect(data, size, aKind[k].zName)==zType );
    if( !zType ){
      CHECK( strncmp(zErr, "paper.error_", 12)==0 );
      continue;
    }
    CHECK( aKind[k].zType && strcmp(zType, aKind[k].zType)==0 );
    CHECK( size>=aKind[k].nMagic && memcmp(data, aKind[k].zMagic, aKind[k].nMagic)==0 );
    if( aKind[k].bStrictEnd ){
      uint8_t *p = malloc(size+1);
      CHECK( p );
      memcpy(p, data, size);
      p[size] = '<';
      CHECK( paper_check(p, size+1, aKind[k].zName, &zErr)==0 && zErr );
      free(p);
    }
    if( aKind[k].bStrictCut ){
      CHECK( paper_check(data, size-1, aKind[k].zName, 0)==0 );
    }
  }
}

/* Does z hold a character a clean name must not have? */
static int has_dropped(const char *z){
  const unsigned char *p = (const unsigned char*)z;
  for(size_t i=0; p[i]; i++){
    if( p[i]<0x20 || p[i]==0x7f || p[i]=='/' || p[i]=='\\' ) return 1;
    if( p[i]==0xC2 && p[i+1]>=0x80 && p[i+1]<=0x9F ) return 1;
    if( p[i]==0xD8 && p[i+1]==0x9C ) return 1;
    if( p[i]==0xE2 && p[i+1]==0x80 && (p[i+2]==0x8E || p[i+2]==0x8F || (p[i+2]>=0xAA && p[i+2]<=0xAE)) ) return 1;
    if( p[i]==0xE2 && p[i+1]==0x81 && p[i+2]>=0xA6 && p[i+2]<=0xA9 ) return 1;
  }
  return 0;
}

static void check_name(const uint8_t *data, size_t size){
  char *z = malloc(size+1);
  CHECK( z );
  memcpy(z, data, size);
  z[size] = 0;
  char zOut[PAPER_MAX_NAME+1];
  memset(zOut, 'x', sizeof zOut);
  if( paper_clean_name(z, zOut) ){
    size_t n = strlen(zOut);
    CHECK( n>=1 && n<=PAPER_MAX_NAME );
    CHECK( text_is_clean_utf8(zOut, false) );
    CHECK( !has_dropped(zOut) );
    CHECK( zOut[0]!=' ' && zOut[n-1]!=' ' );
    CHECK( strcmp(zOut, ".")!=0 && strcmp(zOut, "..")!=0 );
    char zAgain[PAPER_MAX_NAME+1];
    CHECK( paper_clean_name(zOut, zAgain) && strcmp(zAgain, zOut)==0 );
  }else{
    CHECK( zOut[0]==0 );
  }
  free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  check_kinds(data, size);
  check_name(data, size);
  return 0;
}
