/*
** The 2013 European Standard Population, read from the embedded
** data/esp2013.csv (src/domain/esp2013.h). No allocation: the file is
** read in place, line by line.
*/
#include "domain/esp2013.h"
#include "util/embedded.h"
#include <stdlib.h>
#include <string.h>

bool esp2013_load(struct esp2013 *p){
  const struct embedded_file *f = embedded_find("data/esp2013.csv");
  if( !f ) return false;
  const char *z = (const char*)f->aData, *zEnd = z + f->nByte;
  int iLine = 0, nBand = 0;
  while( z<zEnd ){
    const char *zEol = memchr(z, '\n', (size_t)(zEnd - z));
    size_t n = zEol ? (size_t)(zEol - z) : (size_t)(zEnd - z);
    if( n>0 && z[n-1]=='\r' ) n--;
    char zLine[64];
    if( n>=sizeof zLine ) return false;
    memcpy(zLine, z, n);
    zLine[n] = 0;
    z = zEol ? zEol + 1 : zEnd;
    if( n==0 ) continue;
    if( iLine++==0 ){
      if( strcmp(zLine, "age_band,weight")!=0 ) return false;
      continue;
    }
    char *zComma = strchr(zLine, ',');
    if( !zComma || nBand>=ESP2013_BANDS ) return false;
    *zComma = 0;
    size_t nLabel = strlen(zLine);
    if( nLabel==0 || nLabel>=ESP2013_LABEL_MAX ) return false;
    char *zNum = zComma + 1, *zAfter = 0;
    long w = strtol(zNum, &zAfter, 10);
    if( zAfter==zNum || *zAfter!=0 || w<=0 ) return false;
    memcpy(p->azBand[nBand], zLine, nLabel + 1);
    p->aWeight[nBand] = (double)w;
    nBand++;
  }
  return nBand==ESP2013_BANDS;
}
