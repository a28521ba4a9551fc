/*
** The server's counters, written for GET /metrics in the Prometheus text
** exposition format, version 0.0.4.
**
** Counting costs a request four relaxed atomic additions and no lock:
** requests are counted in an array indexed by the route's position in
** the route table (app.c), the method and the status, so a path nobody
** declared cannot add a series (every such request counts under
** route="unmatched"), and a status outside the list the program and its
** HTTP layer answer with counts as status="other".
**
** Latency is one histogram over every route, with buckets from 1 ms (a
** page from the database's cache takes one or two) to 10 s: per-route
** histograms would multiply the series by fourteen for each of some 130
** routes. Which route is slow shows instead in a counter of the seconds
** spent per route (carecluster_http_route_duration_seconds_total): its
** rate divided by the rate of that route's requests is the route's mean
** time.
**
** Also written: requests in flight, the offload queue (sign-in's password
** hashing: waiting, capacity, busy threads, refused), circulation when
** it is on (messages sent, failed attempts, and the outbox's queued, held
** and failed messages as the sender last counted them), database errors,
** the process's start time, CPU, memory and file descriptors, and the
** version.
*/
#ifndef CC_METRICS_H
#define CC_METRICS_H
#include "util/buf.h"

struct route;

/* Count requests for the route table aRoute[0..nRoute-1], which must
** outlive the server; zVersion (kept) is the program's version. Call
** once, before serving. Until then metrics_count counts nothing. */
void metrics_start(const struct route *aRoute, int nRoute, const char *zVersion);
/* A request is over: iRoute is its route's index in the table, or -1
** when it matched none; zMethod as sent; status as answered; nNs how
** long it took. Any thread. */
void metrics_count(int iRoute, const char *zMethod, int status, long long nNs);
/* The label of a method as sent: "GET", "HEAD", "POST" or "other"
** (static text; never the client's own). */
const char *metrics_method_label(const char *zMethod);
/* Append every metric, HELP and TYPE lines first in each family. */
void metrics_write(struct buf *);

#endif
