#include "web/access_log.h"
#include "util/assert.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fdLog = -1;

void access_log_start(int fd){ fdLog = fd; }

size_t access_log_format(char *z, size_t n, long long sec, long nsec, const char *zMethod,
                         const char *zRoute, int status, long long nNs, long long userId, size_t nBytes){
  assert( n>=ACCESS_LOG_LINE_MAX );
  struct tm tm;
  time_t t = (time_t)sec;
  gmtime_r(&t, &tm);
  if( nNs<0 ) nNs = 0;
  long long us = nNs/1000;
  char zUser[24] = "-";
  if( userId>0 ) snprintf(zUser, sizeof zUser, "%lld", userId);
  /* A pattern longer than the line allows is cut: the line still ends. */
  int k = snprintf(z, n-1, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %.120s %d %lld.%03lld %s %zu",
                   tm.tm_year+1900, tm.tm_mon+1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                   nsec/1000000, zMethod, zRoute, status, us/1000, us%1000, zUser, nBytes);
  size_t len = k<0 ? 0 : (size_t)k<n-1 ? (size_t)k : n-2;
  z[len++] = '\n';
  z[len] = 0;
  return len;
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
