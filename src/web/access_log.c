#include "web/access_log.h"
#include "util/assert.h"
#include "util/text.h"
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fdLog = -1;

void access_log_start(int fd){ fdLog = fd; }

/* The line is put together by hand: snprintf and gmtime_r cost twenty
** times as much, on every request. */
struct line { char *z; size_t nMax; size_t n; };   /* nMax leaves room for "\n" and NUL */

static void put(struct line *p, const char *z, size_t n){
  if( n>p->nMax-p->n ) n = p->nMax-p->n;
  memcpy(p->z+p->n, z, n);
  p->n += n;
}
static void put_c(struct line *p, char c){ put(p, &c, 1); }
static void put_u(struct line *p, unsigned long long u){
  char z[24];
  put(p, z, text_digits(z, u));
}
/* v in exactly w digits, zeros in front. */
static void put_0(struct line *p, unsigned long long v, int w){
  char z[8];
  assert( w>0 && w<=(int)sizeof z );
  for(int i=w-1; i>=0; i--){ z[i] = (char)('0'+v%10); v /= 10; }
  put(p, z, (size_t)w);
}

/* The proleptic Gregorian date of day z since 1970-01-01 (Howard
** Hinnant's days_from_civil, inverted). */
static void civil_from_days(long long z, long long *pY, unsigned *pM, unsigned *pD){
  z += 719468;
  long long era = (z>=0 ? z : z-146096)/146097;
  unsigned doe = (unsigned)(z - era*146097);
  unsigned yoe = (doe - doe/1460 + doe/36524 - doe/146096)/365;
  unsigned doy = doe - (365*yoe + yoe/4 - yoe/100);
  unsigned mp = (5*doy + 2)/153;
  *pD = doy - (153*mp + 2)/5 + 1;
  *pM = mp<10 ? mp+3 : mp-9;
  *pY = (long long)yoe + era*400 + (*pM<=2);
}

size_t access_log_format(char *z, size_t n, long long sec, long nsec, const char *zMethod,
                         const char *zRoute, int status, long long nNs, long long userId, size_t nBytes){
  assert( n>=ACCESS_LOG_LINE_MAX );
  struct line l = { z, n-2, 0 };
  if( sec<0 ) sec = 0;
  long long day = sec/86400, s = sec%86400, y;
  unsigned mo, d;
  civil_from_days(day, &y, &mo, &d);
  put_0(&l, (unsigned long long)y, 4); put_c(&l, '-'); put_0(&l, mo, 2); put_c(&l, '-'); put_0(&l, d, 2);
  put_c(&l, 'T'); put_0(&l, (unsigned long long)s/3600, 2); put_c(&l, ':');
  put_0(&l, (unsigned long long)s/60%60, 2); put_c(&l, ':'); put_0(&l, (unsigned long long)s%60, 2);
  put_c(&l, '.'); put_0(&l, (unsigned long long)(nsec/1000000)%1000, 3); put(&l, "Z ", 2);
  put(&l, zMethod, strlen(zMethod));
  put_c(&l, ' ');
  size_t nRoute = strlen(zRoute);
  put(&l, zRoute, nRoute>120 ? 120 : nRoute);     /* a pattern too long is cut */
  put_c(&l, ' ');
  put_u(&l, status>0 ? (unsigned long long)status : 0);
  put_c(&l, ' ');
  unsigned long long us = nNs>0 ? (unsigned long long)nNs/1000 : 0;
  put_u(&l, us/1000); put_c(&l, '.'); put_0(&l, us%1000, 3);
  put_c(&l, ' ');
  if( userId>0 ) put_u(&l, (unsigned long long)userId); else put_c(&l, '-');
  put_c(&l, ' ');
  put_u(&l, nBytes);
  z[l.n++] = '\n';
  z[l.n] = 0;
  return l.n;
}

void access_log_write(const char *zMethod, const char *zRoute, int status, long long nNs,
                      long long userId, size_t nBytes){
  if( fdLog<0 ) return;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  char z[ACCESS_LOG_LINE_MAX];
  size_t len = access_log_format(z, sizeof z, (long long)now.tv_sec, now.tv_nsec, zMethod, zRoute,
                                 status, nNs, userId, nBytes);
  /* A log that cannot be written (a full disk, a closed pipe) loses the
  ** line; the request has been answered already. */
  ssize_t w = write(fdLog, z, len);
  (void)w;
}
