/*
** The application: configuration read at start-up, the per-worker
** database connection, the route table and the dispatcher that runs
** every check before any handler. In order, for each request:
**
**   before the body is read (app_begin):  route and method, the query's
**     declared parameters, the session or API token, the language, what
**     the route needs of who asks (signed in, admin), and the body it
**     may carry (64 KiB, or an upload's 10 MiB);
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
};
/* Set once before serving; read-only afterwards. Starts the offload
** pool's threads; false (with a message) if they could not start. */
bool app_configure(const struct app_config *);
/* Stop the offload pool: the requests it holds are answered first. For
** http_config.xStop. */
void app_stop(void);
/* The http_config callbacks: every request goes through these three. */
enum http_body app_begin(struct http_req *);
void app_handle(struct http_req *);
void app_free(struct http_req *);
/* The calling thread's database connection, opened on first use. */
struct db *app_worker_db(void);

#endif
