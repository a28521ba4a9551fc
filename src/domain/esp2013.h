/*
** The 2013 European Standard Population (data/esp2013.csv, embedded in
** the binary): the weights of its 19 five-year age bands, 0-4 ... 90+,
** for directly standardised rates (src/stats/indicators.h, ind_dsr).
*/
#ifndef CC_ESP2013_H
#define CC_ESP2013_H
#include <stdbool.h>

#define ESP2013_BANDS 19
#define ESP2013_LABEL_MAX 8

struct esp2013 {
  char azBand[ESP2013_BANDS][ESP2013_LABEL_MAX];   /* "0-4", ..., "90+" */
  double aWeight[ESP2013_BANDS];                   /* 5000, ..., 1000; 100000 in all */
};

/* Read the embedded file into *p. Returns false (and *p is not to be
** used) when the file is missing or is not the header age_band,weight
** followed by 19 lines of a band and a positive whole weight: a broken
** build, never the user's input. */
bool esp2013_load(struct esp2013 *p);

#endif
