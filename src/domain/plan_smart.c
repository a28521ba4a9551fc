/* The plan's pure arithmetic: financial years and their quarters, SMART
** gaps and objective refs (see plan.h). No database. */
#include "domain/plan.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool plan_year_parse(const char *z, int *pStart){
  if( !z || strlen(z)!=7 || z[4]!='/' ) return false;
  for(int i=0; i<7; i++){
    if( i!=4 && (z[i]<'0' || z[i]>'9') ) return false;
  }
  int y = (z[0]-'0')*1000 + (z[1]-'0')*100 + (z[2]-'0')*10 + (z[3]-'0');
  int next = (z[5]-'0')*10 + (z[6]-'0');
  if( y<2000 || y>2098 || (y+1)%100!=next ) return false;
  *pStart = y;
  return true;
}

void plan_year_format(int startYear, char zOut[8]){
  char z[32];
  unsigned y = (unsigned)startYear%10000u, next = (unsigned)(startYear+1)%100u;
  snprintf(z, sizeof z, "%04u/%02u", y, next);
  text_copy(zOut, 8, z);
}

void plan_year_of_date(const char *zIso, char zOut[8]){
  zOut[0] = 0;
  if( !zIso || !text_is_date(zIso) ) return;
  int y = atoi(zIso), m = atoi(zIso+5);
  plan_year_format(m>=4 ? y : y-1, zOut);
}

void plan_quarter_dates(int startYear, int q, char zFrom[11], char zTo[11]){
  static const char *const azFrom[4] = { "04-01", "07-01", "10-01", "01-01" };
  static const char *const azTo[4] = { "06-30", "09-30", "12-31", "03-31" };
  if( q<1 ) q = 1;
  if( q>4 ) q = 4;
  unsigned y = (unsigned)(q==4 ? startYear+1 : startYear)%10000u;
  char z[32];
  snprintf(z, sizeof z, "%04u-%s", y, azFrom[q-1]);
  text_copy(zFrom, 11, z);
  snprintf(z, sizeof z, "%04u-%s", y, azTo[q-1]);
  text_copy(zTo, 11, z);
}

int plan_quarter_of(const char *zYear, const char *zIso){
  int y;
  if( !plan_year_parse(zYear, &y) || !zIso || !text_is_date(zIso) ) return -1;
  char zFrom[11], zTo[11];
  plan_quarter_dates(y, 1, zFrom, zTo);
  if( strcmp(zIso, zFrom)<0 ) return 0;
  for(int q=1; q<=4; q++){
    plan_quarter_dates(y, q, zFrom, zTo);
    if( strcmp(zIso, zTo)<=0 ) return q;
  }
  return 5;
}

int plan_quarter_latest(const char *zYear, const char *zToday){
  int q = plan_quarter_of(zYear, zToday);
  return q==5 ? 4 : q;
}

unsigned plan_smart_gaps(bool bMeasure, const char *zTarget, const char *zDueOn, long long ownerId){
  unsigned g = 0;
  if( !bMeasure ) g |= PLAN_GAP_MEASURE;
  if( text_blank(zTarget) ) g |= PLAN_GAP_TARGET;
  if( !zDueOn || !text_is_date(zDueOn) ) g |= PLAN_GAP_DATE;
  if( ownerId<=0 ) g |= PLAN_GAP_OWNER;
  return g;
}

int plan_smart_gap_count(unsigned gaps){
  int n = 0;
  for(unsigned b=1; b<=PLAN_GAP_OWNER; b<<=1) if( gaps & b ) n++;
  return n;
}

void plan_next_ref(const char *const *azRef, int n, char zOut[16]){
  long long hi = 0;
  for(int i=0; i<n; i++){
    const char *z = azRef[i];
    long long v;
    if( z && z[0]=='O' && text_to_int(z+1, 1, 1000000, &v) && v>hi ) hi = v;
  }
  char z[32];
  snprintf(z, sizeof z, "O%lld", hi+1);
  text_copy(zOut, 16, z);
}
