/*
** The web server: libmicrohttpd wrapped once. This file and http.c are
** the only code that includes microhttpd.h. The wrapper
**   - runs a pool of worker threads, each with its own request state,
**   - sets every limit explicitly (connections, per address, idle
**     timeout, memory per connection, body size: 413 past the cap),
**   - rejects ambiguous framing (two Content-Length headers, or one with
**     Transfer-Encoding) with 400,
**   - asks the application, once the request line and headers are in and
**     before a byte of the body is read, what body it will take
**     (http_config.xBegin): a urlencoded form of up to HTTP_MAX_BODY, a
**     multipart/form-data upload of up to HTTP_MAX_UPLOAD_BODY, or none
**     because it has answered already (unknown route, not signed in...),
**   - collects and parses the query string, cookies and urlencoded body,
**     and, for an upload, the multipart body (MHD_PostProcessor: fields
**     into form, the one file into bFile...),
**   - answers on the access handler's second call (keep-alive works),
**   - adds the security headers to every response,
** then hands the complete struct http_req to the application's xHandle.
**
** This layer knows nothing of users, languages or pages: those belong to
** the application's request (web/req.h), which it keeps in pApp.
*/
#ifndef CC_HTTP_H
#define CC_HTTP_H
#include "http/parse.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_BODY (64*1024)      /* urlencoded forms, and anything unauthenticated */
/* An upload route's multipart/form-data POST may carry a file of up to
** HTTP_MAX_FILE bytes; its body cap leaves room for the other fields and
** the part headers. */
#define HTTP_MAX_FILE (10*1024*1024)
#define HTTP_MAX_UPLOAD_BODY (HTTP_MAX_FILE + 64*1024)
/* A long form (the minutes of every item of a meeting on one page): a
** urlencoded body of up to this, for signed-in writers only. */
#define HTTP_MAX_LONG_FORM (2*1024*1024)
#define HTTP_MAX_FIELDS 200

struct http_req {
  /* The request, read-only above this layer. */
  const char *zMethod;
  const char *zPath;
  struct kvlist query;          /* ?a=b */
  struct kvlist form;           /* urlencoded body, or an upload's text fields */
  struct kvlist cookies;
  bool bFormBad;                /* body was not valid urlencoded UTF-8 */
  /* The file part of an upload: bFile is set when the body had one,
  ** even with no file chosen (nFile 0). */
  bool bFile;
  const char *zFileName;        /* as sent: untrusted, may be "" */
  const char *zFileType;        /* Content-Type as sent, may be "" */
  const unsigned char *pFile;
  size_t nFile;
  char zPeerIp[64];             /* the socket's peer address */

  /* The response, set by the application. */
  int status;
  struct buf body;
  const char *zContentType;
  struct kvlist headers;        /* extra headers (Set-Cookie, Location...) */
  const unsigned char *pStatic; /* a body that lives for the process */
  size_t nStatic;
  bool bCacheable;              /* static asset: may be cached */
  bool bHsts;                   /* served over TLS: add Strict-Transport-Security */
  char zNonce[33];              /* CSP nonce of this response's inline script */

  /* How it went, set by this layer for http_config.xDone. */
  long long nDurationNs;        /* from its headers in to its answer sent (or given up) */
  size_t nBodySent;             /* the answer's body as handed over, in bytes (0 for HEAD, or none) */

  void *pApp;                   /* the application's state for this request */

  /* Private to http.c. */
  void *pConn;
  struct buf upload;
  size_t nMaxBody;              /* HTTP_MAX_BODY, HTTP_MAX_LONG_FORM or HTTP_MAX_UPLOAD_BODY */
  size_t nReceived;
  void *pPost;                  /* MHD_PostProcessor of a multipart body */
  struct buf file;              /* the file part's bytes */
  char *zPartKey;               /* the field being collected */
  struct buf partVal;
  int nParts;
  size_t nFieldBytes;
  bool bTooLarge;
  bool bBadFraming;
  bool bAnswered;
  bool bDeferred;               /* http_defer: the answer comes from another thread */
  bool bReady;                  /* http_resume: it has come */
  bool bQueued;                 /* an answer was handed to libmicrohttpd */
  long long nStartNs;           /* CLOCK_MONOTONIC when its headers were in */
  int nCalls;
};

/* The status of a request that ended with no answer sent: the client went
** away (or the server stopped) first. nginx logs the same as 499. */
#define HTTP_STATUS_CLIENT_GONE 499

/* Requests begun (headers in) and not yet over, on every worker. */
int http_in_flight(void);

/* A request header (case-insensitive name), or NULL; valid for the
** request's life. Callable from xBegin on. */
const char *http_header(struct http_req *, const char *zName);

/* Answer later, from another thread: called by xHandle (on the worker's
** thread, once), it suspends the connection, so that the worker serves
** its other connections meanwhile. The application then fills the
** response and calls http_resume(r) from any thread; until then nothing
** of r belongs to this layer. */
void http_defer(struct http_req *);
/* The deferred answer is ready: wake the connection and send it. */
void http_resume(struct http_req *);

/* What the application will read of a request's body (http_config.xBegin). */
enum http_body {
  HTTP_BODY_FORM,     /* urlencoded, up to HTTP_MAX_BODY */
  HTTP_BODY_UPLOAD,   /* multipart/form-data up to HTTP_MAX_UPLOAD_BODY (urlencoded: HTTP_MAX_BODY) */
  HTTP_BODY_LONG_FORM,/* urlencoded, up to HTTP_MAX_LONG_FORM */
  HTTP_BODY_NONE,     /* the application has answered: send that, read nothing */
};

struct http_config {
  const char *zListen;          /* "127.0.0.1:8080" */
  int nThreads;                 /* worker threads */
  /* Called once per request with the request line, headers, query and
  ** cookies, before any of the body is read. */
  enum http_body (*xBegin)(struct http_req *);
  /* Called once the body is in (not after HTTP_BODY_NONE): fills the response. */
  void (*xHandle)(struct http_req *);
  /* Called once when the request is over (its answer sent, or the
  ** connection gone: status HTTP_STATUS_CLIENT_GONE), with status,
  ** nDurationNs and nBodySent set, on the worker thread that served it and
  ** before xFree; for the access log and the metrics. Every request that
  ** reached this layer comes here, xBegin or not (pApp is NULL when a
  ** request was refused before xBegin). May be NULL. */
  void (*xDone)(struct http_req *);
  /* Called when the request is done, to free pApp (may be NULL). */
  void (*xFree)(struct http_req *);
  /* Called when the server stops, before connections are closed: answer
  ** every deferred request (http_resume) and return (may be NULL). */
  void (*xStop)(void);
};

/* Start the server; blocks until SIGINT or SIGTERM. Returns a process
** exit code, with a message on stderr on failure. */
int http_serve(const struct http_config *);

#endif
