#include "http/http.h"
#include "util/text.h"
#include <microhttpd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Explicit limits: libmicrohttpd leaves several off by default. */
#define HTTP_CONNECTION_LIMIT 512
#define HTTP_PER_IP_LIMIT 256
#define HTTP_IDLE_TIMEOUT 30          /* seconds */
#define HTTP_CONNECTION_MEMORY (32*1024)

/* Requests begun and not yet over (http_in_flight). */
static atomic_int nInFlight;

int http_in_flight(void){ return atomic_load_explicit(&nInFlight, memory_order_relaxed); }

static long long now_ns(void){
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec*1000000000 + t.tv_nsec;
}

/* Orders an answer made on another thread before the connection wakes. */
static pthread_mutex_t resumeLock = PTHREAD_MUTEX_INITIALIZER;

void http_defer(struct http_req *r){
  MHD_suspend_connection((struct MHD_Connection*)r->pConn);
  r->bDeferred = true;
}

void http_resume(struct http_req *r){
  pthread_mutex_lock(&resumeLock);
  r->bReady = true;
  pthread_mutex_unlock(&resumeLock);
  MHD_resume_connection((struct MHD_Connection*)r->pConn);
}

const char *http_header(struct http_req *r, const char *zName){
  return MHD_lookup_connection_value((struct MHD_Connection*)r->pConn, MHD_HEADER_KIND, zName);
}

static void req_free(const struct http_config *cfg, struct http_req *r){
  if( cfg && cfg->xFree ) cfg->xFree(r);
  if( r->pPost ) MHD_destroy_post_processor(r->pPost);
  buf_free(&r->file);
  buf_free(&r->partVal);
  free(r->zPartKey);
  free((char*)r->zFileName);
  free((char*)r->zFileType);
  kvlist_free(&r->query);
  kvlist_free(&r->form);
  kvlist_free(&r->cookies);
  kvlist_free(&r->headers);
  buf_free(&r->body);
  buf_free(&r->upload);
  free((char*)r->zMethod);
  free((char*)r->zPath);
  free(r);
}

/* The request is over: its answer sent, or the connection gone. */
static void on_completed(void *cls, struct MHD_Connection *c, void **ppCon,
                         enum MHD_RequestTerminationCode toe){
  (void)c; (void)toe;
  const struct http_config *cfg = cls;
  struct http_req *r = *ppCon;
  if( !r ) return;
  *ppCon = 0;
  r->nDurationNs = now_ns() - r->nStartNs;
  if( !r->bQueued ){ r->status = HTTP_STATUS_CLIENT_GONE; r->nBodySent = 0; }
  if( cfg->xDone ) cfg->xDone(r);
  atomic_fetch_sub_explicit(&nInFlight, 1, memory_order_relaxed);
  req_free(cfg, r);
}

/* Count framing headers: two Content-Length, or Content-Length with
** Transfer-Encoding, make a request whose length is ambiguous. */
struct framing { int nLength; int nTransfer; int nHost; unsigned long long nDeclared; bool bBadNumber; bool bBadTransfer; };
static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *zKey, const char *zVal){
  (void)kind;
  struct framing *f = cls;
  if( strcasecmp(zKey, "Content-Length")==0 ){
    f->nLength++;
    long long v;
    if( !text_to_int(zVal, 0, (long long)1<<50, &v) ) f->bBadNumber = true;
    else f->nDeclared = (unsigned long long)v;
  }
  if( strcasecmp(zKey, "Transfer-Encoding")==0 ){
    /* Only "chunked" is a framing we read; anything else (gzip, a list,
    ** chunked twice) leaves the body's end unknown. */
    f->nTransfer++;
    while( *zVal==' ' || *zVal=='\t' ) zVal++;
    size_t n = strlen(zVal);
    while( n && (zVal[n-1]==' ' || zVal[n-1]=='\t') ) n--;
    if( n!=7 || strncasecmp(zVal, "chunked", 7)!=0 ) f->bBadTransfer = true;
  }
  if( strcasecmp(zKey, "Host")==0 ) f->nHost++;
  return MHD_YES;
}

struct argctx { struct kvlist *pList; bool bBad; int n; };
static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *zKey, const char *zVal){
  (void)kind;
  struct argctx *a = cls;
  if( ++a->n>HTTP_MAX_FIELDS ){ a->bBad = true; return MHD_NO; }
  if( !zVal ) zVal = "";
  if( !text_is_clean_utf8(zKey, false) || !text_is_clean_utf8(zVal, true) ){ a->bBad = true; return MHD_NO; }
  kvlist_add(a->pList, zKey, zVal);
  return MHD_YES;
}

/* ---- multipart/form-data: the papers and CSV import routes only ------- */

/* Finish the text field being collected: into r->form if clean UTF-8. */
static void flush_part(struct http_req *r){
  if( !r->zPartKey ) return;
  const char *zVal = buf_cstr(&r->partVal);
  if( strlen(zVal)!=r->partVal.n || !text_is_clean_utf8(r->zPartKey, false)
   || !text_is_clean_utf8(zVal, true) ){
    r->bFormBad = true;
  }else{
    kvlist_add(&r->form, r->zPartKey, zVal);
  }
  free(r->zPartKey);
  r->zPartKey = 0;
  buf_reset(&r->partVal);
}

/* A file name as the person named it. The HTML standard has browsers
** send '"', CR and LF in a multipart file name as %22, %0D and %0A (and
** nothing else escaped), so those three are turned back; the domain then
** decides what a paper's name may hold. */
static char *form_file_name(const char *z){
  char *zOut = xstrdup(z);
  char *q = zOut;
  for(const char *p=z; *p; ){
    if( p[0]=='%' && p[1]=='2' && p[2]=='2' ){ *q++ = '"'; p += 3; }
    else if( p[0]=='%' && p[1]=='0' && (p[2]=='D' || p[2]=='d') ){ *q++ = '\r'; p += 3; }
    else if( p[0]=='%' && p[1]=='0' && (p[2]=='A' || p[2]=='a') ){ *q++ = '\n'; p += 3; }
    else *q++ = *p++;
  }
  *q = 0;
  return zOut;
}

/* libmicrohttpd's MHD_PostProcessor calls this with each piece of each
** part: text fields go to r->form, the one file part to r->file. */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *zKey,
                               const char *zFilename, const char *zType, const char *zEncoding,
                               const char *zData, uint64_t off, size_t size){
  (void)kind; (void)zEncoding;
  struct http_req *r = cls;
  if( !zKey ){ r->bFormBad = true; return MHD_NO; }
  /* MHD may hand over a part in several pieces, and may begin with an
  ** empty piece: a piece continues the part being collected when it has
  ** the same name and starts where the bytes so far end (off), so a part
  ** split at any byte, even at 0, is read whole. */
  if( zFilename ){
    if( off==0 && !(r->bFile && r->file.n==0 && strcmp(zKey, "file")==0) ){
      /* One file per request, in the field named "file". */
      if( r->bFile || strcmp(zKey, "file")!=0 ){ r->bFormBad = true; return MHD_NO; }
      flush_part(r);
      r->bFile = true;
      r->zFileName = form_file_name(zFilename);
      r->zFileType = xstrdup(zType ? zType : "");
    }else if( !r->bFile ){
      r->bFormBad = true; return MHD_NO;
    }
    if( size ) buf_append(&r->file, zData, size);
    return MHD_YES;
  }
  if( !r->zPartKey || strcmp(r->zPartKey, zKey)!=0 || off!=r->partVal.n ){
    flush_part(r);
    if( ++r->nParts>HTTP_MAX_FIELDS ){ r->bFormBad = true; return MHD_NO; }
    r->zPartKey = xstrdup(zKey);
  }
  r->nFieldBytes += size;
  if( r->nFieldBytes>HTTP_MAX_BODY ){ r->bFormBad = true; return MHD_NO; }
  if( size ) buf_append(&r->partVal, zData, size);
  return MHD_YES;
}

static void add_security_headers(struct MHD_Response *resp, struct http_req *r){
  char zCsp[400];
  snprintf(zCsp, sizeof zCsp,
    "default-src 'none'; script-src 'self' 'nonce-%s'; style-src 'self'; img-src 'self' data:;"
    " font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self';"
    " base-uri 'none'; frame-ancestors 'none'", r->zNonce[0] ? r->zNonce : "none");
  MHD_add_response_header(resp, "Content-Security-Policy", zCsp);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
  MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
  MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if( r->bHsts ) MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
  MHD_add_response_header(resp, "Cache-Control",
    r->bCacheable ? "public, max-age=86400" : "no-store");
}

static enum MHD_Result send_response(struct MHD_Connection *c, struct http_req *r){
  struct MHD_Response *resp;
  size_t nBody;
  if( r->pStatic ){
    nBody = r->nStatic;
    resp = MHD_create_response_from_buffer(r->nStatic, (void*)r->pStatic, MHD_RESPMEM_PERSISTENT);
  }else{
    nBody = r->body.n;
    char *z = buf_steal(&r->body);
    resp = MHD_create_response_from_buffer(nBody, z, MHD_RESPMEM_MUST_FREE);
    if( !resp ) free(z);
  }
  if( !resp ) return MHD_NO;
  MHD_add_response_header(resp, "Content-Type",
    r->zContentType ? r->zContentType : "text/html; charset=utf-8");
  add_security_headers(resp, r);
  for(int i=0; i<r->headers.n; i++){
    MHD_add_response_header(resp, r->headers.a[i].zKey, r->headers.a[i].zVal);
  }
  if( !r->status ) r->status = 200;
  enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  if( ret==MHD_YES ){
    r->bQueued = true;
    /* A HEAD answer's body is not sent. */
    r->nBodySent = strcmp(r->zMethod, "HEAD")==0 ? 0 : nBody;
  }
  return ret;
}

/* A plain-text error answered by the wrapper itself. */
static enum MHD_Result send_plain(struct MHD_Connection *c, struct http_req *r, int status, const char *zText){
  buf_reset(&r->body);
  buf_puts(&r->body, zText);
  r->zContentType = "text/plain; charset=utf-8";
  r->status = status;
  kvlist_free(&r->headers);
  /* After ambiguous framing the next request's start is unknown: close
  ** the connection rather than read on (request smuggling). */
  if( r->bBadFraming ) kvlist_add(&r->headers, "Connection", "close");
  return send_response(c, r);
}

/* The socket's peer address, as text. */
static void peer_address(struct MHD_Connection *c, struct http_req *r){
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if( !ci || !ci->client_addr ) return;
  const struct sockaddr *sa = ci->client_addr;
  if( sa->sa_family==AF_INET ){
    inet_ntop(AF_INET, &((const struct sockaddr_in*)sa)->sin_addr, r->zPeerIp, sizeof r->zPeerIp);
  }else if( sa->sa_family==AF_INET6 ){
    inet_ntop(AF_INET6, &((const struct sockaddr_in6*)sa)->sin6_addr, r->zPeerIp, sizeof r->zPeerIp);
  }
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *c, const char *zUrl,
                                 const char *zMethod, const char *zVersion,
                                 const char *zUpload, size_t *pnUpload, void **ppCon){
  const struct http_config *cfg = cls;
  struct http_req *r = *ppCon;
  if( !r ){
    r = xcalloc(1, sizeof *r);
    r->nStartNs = now_ns();
    atomic_fetch_add_explicit(&nInFlight, 1, memory_order_relaxed);
    r->pConn = c;
    r->zMethod = xstrdup(zMethod);
    r->zPath = xstrdup(zUrl);
    *ppCon = r;
    struct framing f = {0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
    if( f.nLength>1 || (f.nLength && f.nTransfer) || f.nTransfer>1 || f.bBadNumber || f.bBadTransfer ){
      r->bBadFraming = true;
    }
    r->nMaxBody = HTTP_MAX_BODY;
    if( r->bBadFraming ){
      /* Answer now and close: waiting for a body whose end is unknown
      ** would hold the connection until the timeout. */
      r->nCalls = 1;
      return send_plain(c, r, 400, "Ambiguous request framing.\n");
    }
    if( strcmp(zVersion, "HTTP/1.1")==0 && f.nHost!=1 ){
      /* RFC 9112 3.2: exactly one Host header in an HTTP/1.1 request. */
      r->nCalls = 1;
      r->bBadFraming = true;
      return send_plain(c, r, 400, "An HTTP/1.1 request needs one Host header.\n");
    }
    peer_address(c, r);
    struct argctx a = { &r->query, false, 0 };
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
    if( a.bBad ){
      r->nCalls = 1;
      return send_plain(c, r, 400, "Bad query string: it must be UTF-8 text.\n");
    }
    parse_cookies(http_header(r, "Cookie"), &r->cookies);
    /* Route, sign-in and body limit are the application's, decided before
    ** a byte of the body is read. */
    switch( cfg->xBegin(r) ){
      case HTTP_BODY_NONE:
        r->nCalls = 1;
        r->bAnswered = true;
        return send_response(c, r);
      case HTTP_BODY_UPLOAD: {
        const char *zType = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        if( strcmp(r->zMethod, "POST")==0 && zType && strncasecmp(zType, "multipart/form-data", 19)==0 ){
          r->pPost = MHD_create_post_processor(c, 32*1024, on_part, r);
          if( r->pPost ) r->nMaxBody = HTTP_MAX_UPLOAD_BODY;
          else r->bFormBad = true;               /* no usable boundary: 400, 64 KiB cap */
        }
        break;
      }
      case HTTP_BODY_LONG_FORM:
        r->nMaxBody = HTTP_MAX_LONG_FORM;
        break;
      case HTTP_BODY_FORM:
        break;
    }
    if( f.nDeclared>r->nMaxBody ){
      /* Refuse at once rather than read what will be thrown away. */
      r->nCalls = 1;
      return send_plain(c, r, 413, "Request body too large.\n");
    }
    return MHD_YES;
  }
  if( *pnUpload ){
    if( !r->bTooLarge && r->nReceived + *pnUpload <= r->nMaxBody ){
      r->nReceived += *pnUpload;
      if( r->pPost ){
        if( !r->bFormBad && MHD_post_process(r->pPost, zUpload, *pnUpload)!=MHD_YES ) r->bFormBad = true;
      }else{
        buf_append(&r->upload, zUpload, *pnUpload);
      }
    }else{
      /* Past the cap: read on to the end, keeping nothing, then 413. */
      r->bTooLarge = true;
      buf_free(&r->upload);
      buf_free(&r->file);
      if( r->pPost ){ MHD_destroy_post_processor(r->pPost); r->pPost = 0; }
    }
    *pnUpload = 0;
    return MHD_YES;
  }
  if( r->bDeferred ){
    /* Called again once http_resume has woken the connection. */
    pthread_mutex_lock(&resumeLock);
    bool bReady = r->bReady;
    pthread_mutex_unlock(&resumeLock);
    if( !bReady ) return MHD_YES;
    r->bDeferred = false;
    return send_response(c, r);
  }
  if( r->nCalls++ ) return MHD_YES;    /* already answered */
  if( r->bBadFraming ) return send_plain(c, r, 400, "Ambiguous request framing.\n");
  if( r->bTooLarge ) return send_plain(c, r, 413, "Request body too large.\n");
  if( r->pPost ){
    /* An incomplete body (no closing boundary) is a bad form. */
    if( MHD_destroy_post_processor(r->pPost)!=MHD_YES ) r->bFormBad = true;
    r->pPost = 0;
    flush_part(r);
    r->pFile = (const unsigned char*)r->file.z;
    r->nFile = r->file.n;
    if( !r->zFileName ) r->zFileName = xstrdup("");
    if( !r->zFileType ) r->zFileType = xstrdup("");
  }

  if( r->upload.n ){
    const char *zType = http_header(r, "Content-Type");
    if( zType && strncasecmp(zType, "application/x-www-form-urlencoded", 33)==0 ){
      if( parse_urlencoded(r->upload.z, r->upload.n, HTTP_MAX_FIELDS, &r->form)!=PARSE_OK ){
        r->bFormBad = true;
      }
    }
  }
  cfg->xHandle(r);
  if( r->bDeferred ) return MHD_YES;   /* answered later, from another thread */
  return send_response(c, r);
}

static bool parse_listen(const char *zListen, struct sockaddr_in *sa){
  char zHost[64];
  const char *colon = strrchr(zListen, ':');
  if( !colon || (size_t)(colon-zListen)>=sizeof zHost ) return false;
  memcpy(zHost, zListen, (size_t)(colon-zListen));
  zHost[colon-zListen] = 0;
  long long port;
  if( !text_to_int(colon+1, 1, 65535, &port) ) return false;
  memset(sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  sa->sin_port = htons((unsigned short)port);
  return inet_pton(AF_INET, zHost, &sa->sin_addr)==1;
}

int http_serve(const struct http_config *cfg){
  struct sockaddr_in sa;
  if( !parse_listen(cfg->zListen, &sa) ){
    fprintf(stderr, "carecluster: --listen %s: give an IPv4 address and port, such as 127.0.0.1:8080\n", cfg->zListen);
    return 2;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, 0);
  signal(SIGPIPE, SIG_IGN);
  struct MHD_Daemon *d = MHD_start_daemon(
    MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME,
    0, 0, 0, on_access, (void*)cfg,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr*)&sa,
    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->nThreads>0 ? cfg->nThreads : 4),
    MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTION_LIMIT,
    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HTTP_PER_IP_LIMIT,
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_IDLE_TIMEOUT,
    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONNECTION_MEMORY,
    MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void*)cfg,
    MHD_OPTION_END);
  if( !d ){
    fprintf(stderr, "carecluster: cannot listen on %s: is another server using that port? Set PORT or --listen.\n",
            cfg->zListen);
    return 1;
  }
  printf("carecluster is serving on http://%s/\n", cfg->zListen);
  fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  printf("carecluster: stopping\n");
  if( cfg->xStop ) cfg->xStop();       /* deferred answers finish first */
  MHD_stop_daemon(d);
  return 0;
}
