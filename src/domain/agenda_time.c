/* The time an agenda takes against its meeting's (see agenda_time.h). */
#include "domain/agenda_time.h"
#include <string.h>

/* The number of the n digits at z, or -1 when one is not a digit. */
static int digits(const char *z, int n){
  int v = 0;
  for(int i=0; i<n; i++){
    if( z[i]<'0' || z[i]>'9' ) return -1;
    v = v*10 + (z[i]-'0');
  }
  return v;
}

/* Minutes since 1970-01-01T00:00 of a local time 'YYYY-MM-DDTHH:MM' taken
** as it reads (only differences are used: the days from the civil date
** as H. Hinnant's days_from_civil); false when it does not read. Read by
** hand: this runs on every meeting page. */
static bool minutes_of(const char *z, long long *pOut){
  if( !z || strlen(z)!=16 || z[4]!='-' || z[7]!='-' || z[10]!='T' || z[13]!=':' ) return false;
  int y = digits(z, 4), m = digits(z+5, 2), d = digits(z+8, 2), hh = digits(z+11, 2), mm = digits(z+14, 2);
  if( y<0 || m<1 || m>12 || d<1 || d>31 || hh<0 || hh>23 || mm<0 || mm>59 ) return false;
  y -= m<=2;
  long long era = y/400;
  long long yoe = y - era*400;
  long long doy = (153*(m + (m>2 ? -3 : 9)) + 2)/5 + d - 1;
  long long doe = yoe*365 + yoe/4 - yoe/100 + doy;
  long long days = era*146097 + doe - 719468;
  *pOut = days*1440 + hh*60 + mm;
  return true;
}

int agenda_overrun_of(const char *zStartsAt, const char *zEndsAt, int nItemMinutes){
  long long a, b;
  if( !minutes_of(zStartsAt, &a) || !minutes_of(zEndsAt, &b) ) return 0;
  long long n = (long long)nItemMinutes - (b - a);
  return n>0 && n<1000000 ? (int)n : 0;
}

int agenda_overrun_minutes(struct db *db, long long meetingId){
  struct stmt *s = db_prepare(db,
    "SELECT (SELECT COALESCE(sum(duration_minutes),0) FROM agenda_item"
    "         WHERE meeting_id=m.id AND status='accepted'), m.starts_at, m.ends_at"
    "  FROM meeting m WHERE m.id=?");
  stmt_bind_int(s, 1, meetingId);
  int n = 0;
  if( stmt_step(s)==1 ){
    long long nItems = stmt_int(s, 0);
    n = agenda_overrun_of(stmt_text(s, 1), stmt_text(s, 2), nItems<1000000 ? (int)nItems : 1000000);
  }
  stmt_done(s);
  return n;
}
