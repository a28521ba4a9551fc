/*
** The access log: one line per request, when it is over, formatted in a
** buffer on the stack and written with one write(2), so that lines from
** several threads never interleave and no lock is taken. By default on
** standard output (under systemd, the journal); errors stay on standard
** error. A line:
**
**   2026-05-01T10:15:30.123Z GET /meetings/{id} 200 3.142 17 10234
**
** the time it ended (ISO 8601, UTC, milliseconds), the method (GET, HEAD,
** POST or other), the route's pattern ("unmatched" when no route
** matched: the path as sent is never written), the status (499: the
** client went away before the answer), the time taken in milliseconds,
** the signed-in user's id ("-" for nobody) and the bytes of the answer's
** body. Nothing else of the request is written: no path, query string,
** form value, cookie, header or address.
*/
#ifndef CC_ACCESS_LOG_H
#define CC_ACCESS_LOG_H
#include <stddef.h>

/* Write the log to fd (kept open), or to nowhere for -1. Call once,
** before serving; until then nothing is written. */
void access_log_start(int fd);
/* The line of one request; zMethod and zRoute are the program's own text
** (metrics_method_label, the route table's pattern); userId 0 for
** nobody. Any thread. */
void access_log_write(const char *zMethod, const char *zRoute, int status, long long nNs,
                      long long userId, size_t nBytes);
/* The same line into z of n bytes (at least ACCESS_LOG_LINE_MAX), for a
** given time in seconds and nanoseconds since the epoch; returns its
** length, newline included. */
#define ACCESS_LOG_LINE_MAX 256
size_t access_log_format(char *z, size_t n, long long sec, long nsec, const char *zMethod,
                         const char *zRoute, int status, long long nNs, long long userId, size_t nBytes);

#endif
