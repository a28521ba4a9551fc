#include "domain/field_errors.h"
#include <string.h>

void field_errors_add(struct field_errors *e, const char *zField, const char *zKey){
  if( e->n>=FIELD_ERRORS_MAX || field_errors_get(e, zField) ) return;
  e->a[e->n].zField = zField;
  e->a[e->n].zKey = zKey;
  e->n++;
}

const char *field_errors_get(const struct field_errors *e, const char *zField){
  for(int i=0; i<e->n; i++) if( strcmp(e->a[i].zField, zField)==0 ) return e->a[i].zKey;
  return 0;
}
