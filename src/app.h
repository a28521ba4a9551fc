/*
** The application: configuration read at start-up, the per-worker
** database connection, and the dispatcher that runs every check (route,
** method, parameters, sign-in, capability, CSRF) before any handler.
*/
#ifndef CC_APP_H
#define CC_APP_H
#include "http/http.h"
#include <stdbool.h>

struct app_config {
  const char *zDbPath;
  bool bBehindTlsProxy;     /* set Secure cookies and HSTS */
};
/* Set once before serving; read-only afterwards. */
void app_configure(const struct app_config *);
/* The http_handler for every request. */
void app_handle(struct req *);
/* The calling thread's database connection, opened on first use. */
struct db *app_worker_db(void);

/* What a route needs before its handler runs. */
enum need { NEED_ANYONE, NEED_SIGNED_IN, NEED_ADMIN };
/* Values a query parameter may take; anything else answers 400. */
enum param_kind { P_INT, P_SLUG, P_LOCAL_PATH, P_TEXT };
struct param { const char *zName; enum param_kind kind; };

struct route {
  const char *zMethod;
  const char *zPattern;        /* {slug}, {id}, {lang}: typed captures; "*" at the end: the rest */
  enum need need;
  bool bApi;                   /* JSON; Bearer tokens accepted */
  void (*xHandler)(struct req *);
  struct param aQuery[4];      /* declared query parameters */
};

/* A declared query parameter's value (validated), or NULL. */
const char *req_query(struct req *, const char *zName);
/* The integer value of a declared P_INT query parameter, or dflt. */
long long req_query_int(struct req *, const char *zName, long long dflt);
/* A form field of a POST, or NULL. */
const char *req_form(struct req *, const char *zName);

#endif
