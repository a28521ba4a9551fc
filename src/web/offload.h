/*
** Slow work off the page workers. A handler whose work is slow by design
** (sign-in: an argon2id hash, about 40 ms of CPU) hands it to one of a few
** offload threads with req_offload: the connection is suspended
** (http_defer), the page worker goes on serving its other connections,
** and the offload thread runs the work with its own database connection
** and then has the request answered. The queue is bounded: when it is full
** req_offload refuses at once, and the handler answers 503 with
** Retry-After, rather than let requests pile up.
*/
#ifndef CC_OFFLOAD_H
#define CC_OFFLOAD_H
#include "db/db.h"
#include <stdbool.h>

struct req;

/* Start nThread threads (0 to 8; 0: req_offload runs the work at once on
** the calling thread) with room for nQueue requests waiting (at least 1).
** xDb gives the calling thread's database connection (NULL if none);
** xDone answers a request whose work has run, on the offload thread.
** False, with a message on stderr and nothing running, if the threads
** could not start. Call once, before serving. */
bool offload_start(int nThread, int nQueue, struct db *(*xDb)(void), void (*xDone)(struct req *));
/* Stop: the queued work is run and answered first, then the threads end. */
void offload_stop(void);
/* Run xWork(r) on an offload thread, after which r is answered; the
** handler returns at once and must not touch r again. False, doing
** nothing, when the queue is full. Without threads, runs xWork(r) now
** and returns true. */
bool req_offload(struct req *r, void (*xWork)(struct req *));

/* How the offload threads are doing, for /metrics: a consistent snapshot. */
struct offload_stats {
  int nThread;            /* threads running */
  int nCapacity;          /* requests that may wait */
  int nWaiting;           /* requests waiting now */
  int nBusy;              /* threads running a request's work now */
  long long nRefused;     /* requests refused since start: the queue was full */
};
void offload_stats(struct offload_stats *);

#endif
