/*
** The application: configuration read at start-up, the per-worker
** database connection, the route table and the dispatcher that runs
** every check before any handler. In order, for each request:
**
**   before the body is read (app_begin):  route and method, the query's
**     declared parameters, the session or API token, the language, what
**     the route needs of who asks (signed in, admin), and the body it
**     may carry (64 KiB, an upload's 10 MiB, or a long form's 2 MiB);
**   once the body is in (app_handle):  a well-formed form, the CSRF
**     token of every POST, the record the path names loaded through the
**     domain's visible-record loader for its kind (a 404 when there is
**     none the user may see), write access when the route writes; then
**     the handler, with r->rec loaded and checked.
*/
#ifndef CC_APP_H
#define CC_APP_H
#include "http/http.h"
#include <stdbool.h>

struct app_config {
  const char *zDbPath;
  bool bBehindTlsProxy;     /* set Secure cookies and HSTS; trust X-Forwarded-For */
  int nOffload;             /* offload threads for slow work (sign-in's hash): see web/offload.h */
  int nOffloadQueue;        /* requests that may wait for them */
  const char *zVersion;     /* the program's, for /metrics */
  int fdAccessLog;          /* where the access log goes (web/access_log.h); -1 nowhere */
  /* The token that opens /metrics to a client that is not on loopback
  ** (NULL: none does). Only its hash is kept: the caller may wipe it once
  ** app_configure has returned. */
  const char *zMetricsToken;
};
/* Set once before serving (copied; zDbPath must outlive the server);
** read-only afterwards. Asserts that the route table is well formed
** (every kind's captures in its pattern, a write check for every route
** that writes...), so a bad table stops the program at start-up. Starts
** the offload threads (web/offload.h); false, with a message, if they
** could not start. */
bool app_configure(const struct app_config *);
/* Stop the offload threads: the requests they hold are answered first.
** For http_config.xStop. */
void app_stop(void);
/* The http_config callbacks: every request goes through these four.
** app_begin runs the checks that need no body and returns the body the
** route takes, or HTTP_BODY_NONE when it has answered already (unknown
** route, 405, bad query, not signed in, 503 without a database): the
** answer is then in h. app_handle runs only after a body was chosen: the
** remaining checks, then the handler; it fills h's response and never
** fails (a refusal is an answer: 400, 403, 404). app_free frees what
** app_begin made; safe when it made nothing. */
enum http_body app_begin(struct http_req *);
void app_handle(struct http_req *);
void app_free(struct http_req *);
/* http_config.xDone: a request is over; count it (web/metrics.h) and
** write its access log line (web/access_log.h) under its route's
** pattern and its user. */
void app_done(struct http_req *);
/* The calling thread's database connection, opened on first use and
** closed when the thread ends. NULL (with a message on stderr) when it
** cannot be opened; the next call tries again. */
struct db *app_worker_db(void);

#endif
