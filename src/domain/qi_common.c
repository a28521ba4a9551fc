/* What the quality improvement files share: input checks, statement
** helpers and the two ends of a write transaction (see qi_internal.h). */
#include "domain/qi_internal.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>

bool qi_one_of(const char *z, const char *const *az, int n){
  for(int i=0; z && i<n; i++) if( strcmp(z, az[i])==0 ) return true;
  return false;
}

const char *qi_nonblank(const char *z){ return text_blank(z) ? 0 : z; }

void qi_fmt_double(double v, char zOut[40]){
  snprintf(zOut, 40, "%.17g", v);
}

bool qi_is_ratio(const char *zChart){ return strcmp(zChart, "p")==0 || strcmp(zChart, "u")==0; }

/* Between midnight and 1 a.m. in summer the UK's date is a day after
** UTC's, and a value for the UK's today is still today's. */
void qi_latest_measured(const char *zToday, char zOut[11]){
  char zLocal[17];
  text_local_now(zLocal);
  zLocal[10] = 0;
  text_copy(zOut, 11, strcmp(zLocal, zToday)>0 ? zLocal : zToday);
}

bool qi_begin(struct db *db, struct field_errors *e, const char *zField){
  return domain_begin(db, e, zField, "qi.error.not_saved");
}

bool qi_commit(struct db *db, bool ok, struct field_errors *e, const char *zField){
  return domain_commit(db, ok, e, zField, "qi.error.not_saved");
}
