/*
** The web server: libmicrohttpd wrapped once. This file and http.c are
** the only code that includes microhttpd.h. The wrapper
**   - runs a pool of worker threads, each with its own request state,
**   - sets every limit explicitly (connections, per address, idle
**     timeout, memory per connection, body size: 413 past the cap),
**   - rejects ambiguous framing (two Content-Length headers, or one with
**     Transfer-Encoding) with 400,
**   - collects and parses the query string, cookies and urlencoded body,
**     and, on the two upload routes only, a multipart/form-data body
**     (MHD_PostProcessor: fields into form, the one file into bFile...),
**   - answers on the access handler's second call (keep-alive works),
**   - adds the security headers to every response,
** then hands a complete struct req to the application's handler.
*/
#ifndef CC_HTTP_H
#define CC_HTTP_H
#include "http/parse.h"
#include "util/buf.h"
#include "html/i18n.h"
#include "domain/access.h"
#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_BODY (64*1024)      /* urlencoded forms */
/* A multipart/form-data POST to /meetings/.../papers or to
** /measures/{id}/import (the upload routes) may carry a file of up to HTTP_MAX_FILE bytes; its body cap
** leaves room for the other fields and the part headers. */
#define HTTP_MAX_FILE (10*1024*1024)
#define HTTP_MAX_UPLOAD_BODY (HTTP_MAX_FILE + 64*1024)
#define HTTP_MAX_FIELDS 200
#define HTTP_MAX_PARAMS 4

struct db;
struct route;

struct req {
  /* The request, read-only for handlers. */
  const char *zMethod;
  const char *zPath;
  struct kvlist query;          /* ?a=b */
  struct kvlist form;           /* urlencoded body of a POST */
  struct kvlist cookies;
  bool bFormBad;                /* body was not valid urlencoded UTF-8 */
  /* The file part of a multipart upload (the upload routes only): bFile
  ** is set when the body had one, even with no file chosen (nFile 0). */
  bool bFile;
  const char *zFileName;        /* as sent: untrusted, may be "" */
  const char *zFileType;        /* Content-Type as sent, may be "" */
  const unsigned char *pFile;
  size_t nFile;
  char zClientIp[64];
  bool bTls;
  const struct route *pRoute;   /* the matched route (app.c) */
  char *azParam[HTTP_MAX_PARAMS];   /* {captures} of the matched route */
  int nParam;

  /* Set up by the application before the handler runs. */
  struct db *db;
  bool bSignedIn;
  struct user user;
  bool bViaToken;               /* signed in with an API token */
  char zSession[65];            /* the session token from the cookie */
  char zCsrf[65];               /* the session's CSRF token */
  enum lang lang;
  char zNonce[33];              /* CSP nonce for this response */
  char zToday[11];

  /* The response. */
  int status;
  struct buf body;
  const char *zContentType;
  struct kvlist headers;        /* extra headers (Set-Cookie, Location...) */
  const unsigned char *pStatic; /* a body that lives for the process */
  size_t nStatic;
  bool bCacheable;              /* static asset: may be cached */

  /* Private to http.c. */
  void *pConn;
  struct buf upload;
  size_t nMaxBody;              /* HTTP_MAX_BODY, or HTTP_MAX_UPLOAD_BODY */
  size_t nReceived;
  void *pPost;                  /* MHD_PostProcessor of a multipart body */
  struct buf file;              /* the file part's bytes */
  char *zPartKey;               /* the field being collected */
  struct buf partVal;
  int nParts;
  size_t nFieldBytes;
  bool bTooLarge;
  bool bBadFraming;
  int nCalls;
};

/* A request header (case-insensitive name), or NULL. */
const char *http_header(struct req *, const char *zName);
/* Add a response header. */
void http_add_header(struct req *, const char *zName, const char *zValue);
/* A redirect with 303 See Other to a local path. */
void http_redirect(struct req *, const char *zLocation);

typedef void (*http_handler)(struct req *);
struct http_config {
  const char *zListen;          /* "127.0.0.1:8080" */
  int nThreads;                 /* worker threads */
  http_handler xHandler;
};

/* Start the server; blocks until SIGINT or SIGTERM. Returns a process
** exit code, with a message on stderr on failure. */
int http_serve(const struct http_config *);

#endif
