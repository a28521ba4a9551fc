#include "mail/sender.h"
#include "db/db.h"
#include "domain/mailings.h"
#include "domain/outbox.h"
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SENDER_BATCH 20
#define SENDER_JOBS_EVERY 60       /* seconds between runs of the scheduled mailings */

static struct {
  char *zDb, *zUrl, *zUser, *zPassword, *zFrom;
  int nPollMs;
  bool bNoMailings;
  pthread_t thread;
  bool bStarted;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  bool bStop;
} S = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };
static atomic_llong gSent, gFailed;

void sender_stats(long long *pSent, long long *pFailed){
  *pSent = atomic_load(&gSent);
  *pFailed = atomic_load(&gFailed);
}

/* ---- headers ---------------------------------------------------------- */

static bool plain_header(const char *z){
  for(const char *p=z; *p; p++) if( (unsigned char)*p<0x20 || (unsigned char)*p>0x7e ) return false;
  return strstr(z, "=?")==0;
}

void mail_header_encode(struct buf *b, const char *z){
  if( !z ) return;
  if( plain_header(z) ){ buf_puts(b, z); return; }
  /* "=?UTF-8?B?" + base64 + "?=" within 75: 45 bytes of text make 60. */
  size_t n = strlen(z), i = 0;
  bool bFirst = true;
  while( i<n ){
    size_t k = n-i>45 ? 45 : n-i;
    /* Never split a UTF-8 character: back off continuation bytes. */
    while( i+k<n && k>1 && ((unsigned char)z[i+k] & 0xC0)==0x80 ) k--;
    char zB64[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(zB64, sizeof zB64, (const unsigned char*)z+i, k, sodium_base64_VARIANT_ORIGINAL);
    if( !bFirst ) buf_puts(b, "\r\n ");
    buf_printf(b, "=?UTF-8?B?%s?=", zB64);
    bFirst = false;
    i += k;
  }
}

/* "Name <addr>" with the name encoded (and quoted when plain). */
static void address_header(struct buf *b, const char *zField, const char *zName, const char *zAddr){
  buf_printf(b, "%s: ", zField);
  if( zName && zName[0] ){
    if( plain_header(zName) && !strpbrk(zName, "\"\\") ) buf_printf(b, "\"%s\"", zName);
    else mail_header_encode(b, zName);
    buf_putc(b, ' ');
  }
  buf_printf(b, "<%s>", zAddr);
}

/* ---- one message ------------------------------------------------------ */

struct result { bool bOk, bPermanent; char zError[400]; };

static struct curl_slist *add_header(struct curl_slist *l, struct buf *b){
  struct curl_slist *n = curl_slist_append(l, buf_cstr(b));
  buf_reset(b);
  return n ? n : l;
}

static void send_one(CURL *c, const struct outbox_message *m, struct result *r){
  memset(r, 0, sizeof *r);
  curl_easy_reset(c);
  char zErrBuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, S.zUrl);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, zErrBuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if( S.zUser ){
    curl_easy_setopt(c, CURLOPT_USERNAME, S.zUser);
    curl_easy_setopt(c, CURLOPT_PASSWORD, S.zPassword ? S.zPassword : "");
  }
  char zFromEnv[300], zTo[300];
  snprintf(zFromEnv, sizeof zFromEnv, "<%s>", S.zFrom);
  snprintf(zTo, sizeof zTo, "<%s>", m->zTo);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, zFromEnv);
  struct curl_slist *rcpt = curl_slist_append(0, zTo);
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);

  struct buf h = {0};
  struct curl_slist *hdr = 0;
  char zDate[64];
  time_t now = time(0);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(zDate, sizeof zDate, "Date: %a, %d %b %Y %H:%M:%S +0000", &tm);
  buf_puts(&h, zDate); hdr = add_header(hdr, &h);
  address_header(&h, "From", "carecluster", S.zFrom); hdr = add_header(hdr, &h);
  address_header(&h, "To", m->zToName, m->zTo); hdr = add_header(hdr, &h);
  buf_puts(&h, "Subject: "); mail_header_encode(&h, m->zSubject); hdr = add_header(hdr, &h);
  buf_printf(&h, "Message-ID: %s", m->zMessageId); hdr = add_header(hdr, &h);
  /* RFC 3834: automatic replies should not answer it. */
  buf_puts(&h, "Auto-Submitted: auto-generated"); hdr = add_header(hdr, &h);
  buf_free(&h);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);

  /* multipart/mixed { multipart/alternative { text, html [, calendar] } [, file] } */
  curl_mime *mime = curl_mime_init(c), *alt = curl_mime_init(c);
  curl_mimepart *p = curl_mime_addpart(alt);
  curl_mime_data(p, m->zText ? m->zText : "", CURL_ZERO_TERMINATED);
  curl_mime_type(p, "text/plain; charset=utf-8");
  curl_mime_encoder(p, "quoted-printable");
  p = curl_mime_addpart(alt);
  curl_mime_data(p, m->zHtml ? m->zHtml : "", CURL_ZERO_TERMINATED);
  curl_mime_type(p, "text/html; charset=utf-8");
  curl_mime_encoder(p, "quoted-printable");
  if( m->zIcs ){
    char zType[80];
    const char *zMethod = strstr(m->zIcs, "METHOD:CANCEL") ? "CANCEL" : "REQUEST";
    snprintf(zType, sizeof zType, "text/calendar; charset=utf-8; method=%s", zMethod);
    p = curl_mime_addpart(alt);
    curl_mime_data(p, m->zIcs, CURL_ZERO_TERMINATED);
    curl_mime_type(p, zType);
    curl_mime_encoder(p, "base64");
  }
  p = curl_mime_addpart(mime);
  curl_mime_subparts(p, alt);
  curl_mime_type(p, "multipart/alternative");
  if( m->pFile ){
    p = curl_mime_addpart(mime);
    curl_mime_data(p, m->pFile, m->nFile);
    curl_mime_type(p, m->zFileType);
    curl_mime_filename(p, m->zFileName);
    curl_mime_encoder(p, "base64");
  }
  curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);

  CURLcode rc = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if( rc==CURLE_OK ){
    r->bOk = true;
  }else{
    r->bPermanent = code>=500 && code<600;
    snprintf(r->zError, sizeof r->zError, "%s%s%s (SMTP %ld)", curl_easy_strerror(rc),
             zErrBuf[0] ? ": " : "", zErrBuf, code);
  }
  curl_mime_free(mime);
  curl_slist_free_all(hdr);
  curl_slist_free_all(rcpt);
}

/* ---- the thread ------------------------------------------------------- */

static bool stopping(void){
  pthread_mutex_lock(&S.mu);
  bool b = S.bStop;
  pthread_mutex_unlock(&S.mu);
  return b;
}

static void pause_ms(int ms){
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += ms/1000;
  ts.tv_nsec += (long)(ms%1000)*1000000L;
  if( ts.tv_nsec>=1000000000L ){ ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
  pthread_mutex_lock(&S.mu);
  if( !S.bStop ) pthread_cond_timedwait(&S.cv, &S.mu, &ts);
  pthread_mutex_unlock(&S.mu);
}

static void *sender_main(void *pArg){
  (void)pArg;
  CURL *c = curl_easy_init();
  struct db *db = 0;
  long long lastJobs = 0;
  while( c && !stopping() ){
    if( db && !db_healthy(db) ){ db_close(db); db = 0; }
    if( !db ){
      char *zErr = 0;
      db = db_open(S.zDb, false, &zErr);
      if( !db ){
        fprintf(stderr, "carecluster sender: %s (trying again)\n", zErr ? zErr : "cannot open the database");
        free(zErr);
        pause_ms(5000);
        continue;
      }
    }
    long long now = (long long)time(0);
    if( !S.bNoMailings && now-lastJobs>=SENDER_JOBS_EVERY ){
      mailings_run(db, now);
      lastJobs = now;
    }
    long long aId[SENDER_BATCH];
    int n = outbox_claim(db, now, aId, SENDER_BATCH);
    for(int i=0; i<n && !stopping(); i++){
      struct outbox_message m;
      if( !outbox_load(db, aId[i], &m) ) continue;
      struct result r;
      send_one(c, &m, &r);
      long long t = (long long)time(0);
      if( r.bOk ){
        outbox_mark_sent(db, m.id, t);
        atomic_fetch_add(&gSent, 1);
      }else{
        outbox_mark_failed(db, m.id, t, r.zError, r.bPermanent);
        atomic_fetch_add(&gFailed, 1);
        fprintf(stderr, "carecluster sender: message %lld to %s: %s\n", m.id, m.zTo, r.zError);
        outbox_message_free(&m);
        /* The relay is refusing or away: the rest of the batch would
        ** fare no better this second: they go back in the queue, untried. */
        if( !r.bPermanent ){
          for(int j=i+1; j<n; j++) outbox_release(db, aId[j], t + 1);
          break;
        }
        continue;
      }
      outbox_message_free(&m);
    }
    if( n<SENDER_BATCH ) pause_ms(S.nPollMs);
  }
  db_close(db);
  if( c ) curl_easy_cleanup(c);
  return 0;
}

bool sender_start(const struct sender_config *cfg){
  if( curl_global_init(CURL_GLOBAL_DEFAULT)!=CURLE_OK ){
    fprintf(stderr, "carecluster: libcurl could not start\n");
    return false;
  }
  S.zDb = xstrdup(cfg->zDb);
  S.zUrl = xstrdup(cfg->zSmtpUrl);
  S.zUser = cfg->zUser ? xstrdup(cfg->zUser) : 0;
  S.zPassword = cfg->zPassword ? xstrdup(cfg->zPassword) : 0;
  S.zFrom = xstrdup(cfg->zFrom);
  S.nPollMs = cfg->nPollMs>0 ? cfg->nPollMs : 1000;
  S.bNoMailings = cfg->bNoMailings;
  S.bStop = false;
  if( pthread_create(&S.thread, 0, sender_main, 0)!=0 ){
    fprintf(stderr, "carecluster: could not start the sender thread\n");
    return false;
  }
  S.bStarted = true;
  return true;
}

void sender_stop(void){
  if( !S.bStarted ) return;
  pthread_mutex_lock(&S.mu);
  S.bStop = true;
  pthread_cond_broadcast(&S.cv);
  pthread_mutex_unlock(&S.mu);
  pthread_join(S.thread, 0);
  S.bStarted = false;
  if( S.zPassword ) sodium_memzero(S.zPassword, strlen(S.zPassword));
  free(S.zDb); free(S.zUrl); free(S.zUser); free(S.zPassword); free(S.zFrom);
  curl_global_cleanup();
}
