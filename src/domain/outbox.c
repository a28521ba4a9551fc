#include "domain/outbox.h"
#include "html/html.h"
#include "util/assert.h"
#include <sodium.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- configuration ---------------------------------------------------- */

static bool gEnabled;
static char gBaseUrl[256];
static char gFrom[255];
static int gRetry = OUTBOX_RETRY_FIRST;

void outbox_configure(const struct outbox_config *c){
  gEnabled = c->bEnabled;
  snprintf(gBaseUrl, sizeof gBaseUrl, "%s", c->zBaseUrl ? c->zBaseUrl : "");
  size_t n = strlen(gBaseUrl);
  while( n>0 && gBaseUrl[n-1]=='/' ) gBaseUrl[--n] = 0;
  snprintf(gFrom, sizeof gFrom, "%s", c->zFrom ? c->zFrom : "");
  gRetry = c->nRetrySeconds>0 ? c->nRetrySeconds : OUTBOX_RETRY_FIRST;
}
bool outbox_enabled(void){ return gEnabled; }
const char *outbox_base_url(void){ return gBaseUrl; }
const char *outbox_from(void){ return gFrom; }

/* ---- recipients ------------------------------------------------------- */

const char *mail_lang_code(enum mail_lang l){
  return l==MAIL_EN ? "en" : l==MAIL_CY ? "cy" : "both";
}
bool mail_lang_parse(const char *z, enum mail_lang *pOut){
  if( !z ) return false;
  if( strcmp(z, "en")==0 ){ *pOut = MAIL_EN; return true; }
  if( strcmp(z, "cy")==0 ){ *pOut = MAIL_CY; return true; }
  if( strcmp(z, "both")==0 ){ *pOut = MAIL_BOTH; return true; }
  return false;
}

bool outbox_recipient_person(struct db *db, long long personId, struct recipient *r){
  memset(r, 0, sizeof *r);
  struct stmt *s = db_prepare(db,
    "SELECT p.name, p.email, p.mail_mode, p.mail_lang,"
    " (SELECT MIN(u.id) FROM app_user u WHERE u.person_id=p.id AND u.disabled=0) AS uid"
    " FROM person p WHERE p.id=?");
  stmt_bind_int(s, 1, personId);
  bool ok = stmt_step(s)==1 && stmt_text(s, 1)[0];
  if( ok ){
    r->personId = personId;
    snprintf(r->zName, sizeof r->zName, "%s", stmt_text(s, 0));
    snprintf(r->zEmail, sizeof r->zEmail, "%s", stmt_text(s, 1));
    r->bDigest = strcmp(stmt_text(s, 2), "digest")==0;
    if( !mail_lang_parse(stmt_text(s, 3), &r->lang) ) r->lang = MAIL_BOTH;
    r->userId = stmt_int(s, 4);
  }
  stmt_done(s);
  return ok;
}

bool outbox_recipient_user(struct db *db, long long userId, struct recipient *r){
  memset(r, 0, sizeof *r);
  struct stmt *s = db_prepare(db, "SELECT name, email, lang, person_id FROM app_user WHERE id=?");
  stmt_bind_int(s, 1, userId);
  bool ok = stmt_step(s)==1 && stmt_text(s, 1)[0];
  long long personId = 0;
  if( ok ){
    r->userId = userId;
    snprintf(r->zName, sizeof r->zName, "%s", stmt_text(s, 0));
    snprintf(r->zEmail, sizeof r->zEmail, "%s", stmt_text(s, 1));
    r->lang = strcmp(stmt_text(s, 2), "cy")==0 ? MAIL_CY : MAIL_EN;
    personId = stmt_int(s, 3);
  }
  stmt_done(s);
  if( !ok ) return false;
  if( personId>0 ){
    /* Their person's choices; the account's address (they sign in with it). */
    struct recipient p;
    if( outbox_recipient_person(db, personId, &p) ){
      r->personId = personId;
      r->lang = p.lang;
      r->bDigest = p.bDigest;
    }
  }
  return true;
}

/* ---- composing -------------------------------------------------------- */

struct letter {
  enum lang lang;
  struct buf aSubject[LANG__MAX], aText[LANG__MAX], aHtml[LANG__MAX];
  bool bInList;
};

static void end_list(struct letter *l){
  if( l->bInList ){
    buf_puts(&l->aHtml[l->lang], "</ul>\n");
    buf_putc(&l->aText[l->lang], '\n');
    l->bInList = false;
  }
}

void letter_subject(struct letter *l, struct i18n_format f, ...){
  va_list ap;
  va_start(ap, f);
  buf_reset(&l->aSubject[l->lang]);
  buf_vprintf(&l->aSubject[l->lang], f.zFmt, ap);
  va_end(ap);
}

void letter_para(struct letter *l, struct i18n_format f, ...){
  end_list(l);
  va_list ap, ap2;
  va_start(ap, f);
  va_copy(ap2, ap);
  buf_vprintf(&l->aText[l->lang], f.zFmt, ap);
  buf_puts(&l->aText[l->lang], "\n\n");
  buf_puts(&l->aHtml[l->lang], "<p style=\"margin:0 0 16px\">");
  html_vprintf_t(&l->aHtml[l->lang], f, ap2);
  buf_puts(&l->aHtml[l->lang], "</p>\n");
  va_end(ap2);
  va_end(ap);
}

void letter_quote(struct letter *l, const char *z){
  end_list(l);
  buf_puts(&l->aText[l->lang], z ? z : "");
  buf_puts(&l->aText[l->lang], "\n\n");
  html_printf(&l->aHtml[l->lang],
              "<p style=\"margin:0 0 16px;padding-left:12px;border-left:4px solid #d8dde0\">%s</p>\n",
              z ? z : "");
}

void letter_bullet(struct letter *l, struct i18n_format f, ...){
  if( !l->bInList ){
    buf_puts(&l->aHtml[l->lang], "<ul style=\"margin:0 0 16px;padding-left:20px\">\n");
    l->bInList = true;
  }
  va_list ap, ap2;
  va_start(ap, f);
  va_copy(ap2, ap);
  buf_puts(&l->aText[l->lang], "  * ");
  buf_vprintf(&l->aText[l->lang], f.zFmt, ap);
  buf_putc(&l->aText[l->lang], '\n');
  buf_puts(&l->aHtml[l->lang], "<li>");
  html_vprintf_t(&l->aHtml[l->lang], f, ap2);
  buf_puts(&l->aHtml[l->lang], "</li>\n");
  va_end(ap2);
  va_end(ap);
}

void letter_link(struct letter *l, const char *zLabel, const char *zPath){
  end_list(l);
  char zUrl[1024];
  snprintf(zUrl, sizeof zUrl, "%s%s", gBaseUrl, zPath ? zPath : "");
  buf_printf(&l->aText[l->lang], "%s:\n%s\n\n", zLabel, zUrl);
  html_printf(&l->aHtml[l->lang], "<p style=\"margin:0 0 16px\"><a href=\"%s\" style=\"color:#005eb8\">%s</a></p>\n",
              zUrl, zLabel);
}

void letter_date(enum lang lang, const char *zIso, char zOut[48]){
  int mo = zIso && strlen(zIso)>=10 ? atoi(zIso+5) : 0, d = mo ? atoi(zIso+8) : 0;
  if( mo<1 || mo>12 || d<1 || d>31 ){ snprintf(zOut, 48, "%s", zIso ? zIso : ""); return; }
  char zM[16];
  snprintf(zM, sizeof zM, "month.%d", mo);
  snprintf(zOut, 48, "%d %s %.4s", d, i18n_get(lang, zM), zIso);
}

static void letter_write_one(struct letter *l, letter_writer w, void *pCtx, enum lang lang){
  l->lang = lang;
  l->bInList = false;
  w(l, lang, pCtx);
  end_list(l);
  /* The footer: why they are getting it, in the same language. */
  const char *zWhy = i18n_get(lang, "mail.footer");
  buf_printf(&l->aText[lang], "-- \n%s\n", zWhy);
  html_printf(&l->aHtml[lang],
              "<p style=\"margin:24px 0 0;color:#4c6272;font-size:14px\">%s</p>\n", zWhy);
}

void outbox_render(letter_writer w, void *pCtx, enum mail_lang ml,
                   struct buf *pSubject, struct buf *pText, struct buf *pHtml){
  struct letter l;
  memset(&l, 0, sizeof l);
  /* Welsh first when both (the Welsh Language Standards). */
  enum lang a[2];
  int n = 0;
  if( ml!=MAIL_EN ) a[n++] = LANG_CY;
  if( ml!=MAIL_CY ) a[n++] = LANG_EN;
  for(int i=0; i<n; i++) letter_write_one(&l, w, pCtx, a[i]);
  buf_reset(pSubject);
  buf_reset(pText);
  buf_reset(pHtml);
  html_printf(pHtml, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n</head>\n"
                     "<body style=\"margin:0;padding:0;background:#f0f4f5;font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#212b32\">\n"
                     "<div style=\"background:#005eb8;color:#fff;padding:12px 16px;font-weight:bold\">carecluster</div>\n",
              i18n_code(a[0]), buf_cstr(&l.aSubject[a[0]]));
  if( n>1 ){
    /* An English reader is told at once where their part is. */
    const char *zBelow = i18n_get(LANG_EN, "mail.english_below");
    buf_printf(pText, "%s\n\n", zBelow);
    html_printf(pHtml, "<p lang=\"en\" style=\"margin:16px 16px 0\">%s</p>\n", zBelow);
  }
  for(int i=0; i<n; i++){
    if( i>0 ){
      buf_puts(pSubject, " / ");
      buf_puts(pText, "\n----------------------------------------\n\n");
    }
    buf_append(pSubject, buf_cstr(&l.aSubject[a[i]]), strlen(buf_cstr(&l.aSubject[a[i]])));
    buf_puts(pText, buf_cstr(&l.aText[a[i]]));
    html_printf(pHtml, "<div lang=\"%s\" style=\"background:#fff;margin:16px;padding:16px;max-width:640px\">\n",
                i18n_code(a[i]));
    buf_puts(pHtml, buf_cstr(&l.aHtml[a[i]]));
    buf_puts(pHtml, "</div>\n");
  }
  buf_puts(pHtml, "</body>\n</html>\n");
  for(int i=0; i<LANG__MAX; i++){
    buf_free(&l.aSubject[i]);
    buf_free(&l.aText[i]);
    buf_free(&l.aHtml[i]);
  }
}

/* ---- queueing --------------------------------------------------------- */

bool outbox_queue(struct db *db, const struct outbox_mail *m){
  assert(db_in_transaction(db));
  if( !gEnabled ) return true;
  const struct recipient *r = m->to;
  if( !r || !r->zEmail[0] ) return true;
  struct buf subj = {0}, text = {0}, html = {0};
  outbox_render(m->write, m->pCtx, r->lang, &subj, &text, &html);
  /* Message-ID: random and made here, so that a message sent twice (the
  ** relay accepted it, then the process died before recording that) is
  ** recognisably the same message. */
  char zRand[33], zMsgId[128];
  unsigned char aRand[16];
  randombytes_buf(aRand, sizeof aRand);
  sodium_bin2hex(zRand, sizeof zRand, aRand, sizeof aRand);
  const char *zDomain = strchr(gFrom, '@');
  snprintf(zMsgId, sizeof zMsgId, "<%s@%s>", zRand, zDomain && zDomain[1] ? zDomain+1 : "carecluster");
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "INSERT INTO outbox(created_at,kind,unit_id,meeting_id,person_id,user_id,to_addr,to_name,lang,"
    " subject,body_text,body_html,ics,file_id,status,next_attempt_at,message_id)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?1,?16)");
  stmt_bind_int(s, 1, now);
  stmt_bind_text(s, 2, m->zKind);
  if( m->unitId>0 ) stmt_bind_int(s, 3, m->unitId); else stmt_bind_null(s, 3);
  if( m->meetingId>0 ) stmt_bind_int(s, 4, m->meetingId); else stmt_bind_null(s, 4);
  if( r->personId>0 ) stmt_bind_int(s, 5, r->personId); else stmt_bind_null(s, 5);
  if( r->userId>0 ) stmt_bind_int(s, 6, r->userId); else stmt_bind_null(s, 6);
  stmt_bind_text(s, 7, r->zEmail);
  stmt_bind_text(s, 8, r->zName);
  stmt_bind_text(s, 9, mail_lang_code(r->lang));
  stmt_bind_text(s, 10, buf_cstr(&subj));
  stmt_bind_text(s, 11, buf_cstr(&text));
  stmt_bind_text(s, 12, buf_cstr(&html));
  stmt_bind_text(s, 13, m->zIcs);
  if( m->fileId>0 ) stmt_bind_int(s, 14, m->fileId); else stmt_bind_null(s, 14);
  stmt_bind_text(s, 15, r->bDigest && !m->bUrgent ? "held" : "queued");
  stmt_bind_text(s, 16, zMsgId);
  bool ok = stmt_exec(s);
  buf_free(&subj);
  buf_free(&text);
  buf_free(&html);
  return ok;
}

long long outbox_file_add(struct db *db, long long meetingId, const char *zName,
                          const char *zContentType, const void *p, size_t n){
  assert(db_in_transaction(db));
  struct stmt *s = db_prepare(db,
    "INSERT INTO outbox_file(meeting_id,filename,content_type,size,bytes,created_at)"
    " VALUES(?,?,?,?,?,?) RETURNING id");
  if( meetingId>0 ) stmt_bind_int(s, 1, meetingId); else stmt_bind_null(s, 1);
  stmt_bind_text(s, 2, zName);
  stmt_bind_text(s, 3, zContentType);
  stmt_bind_int(s, 4, (long long)n);
  stmt_bind_blob(s, 5, p, n);
  stmt_bind_int(s, 6, (long long)time(0));
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

/* ---- what was sent ---------------------------------------------------- */

#define ROW_COLS "o.id, o.created_at, o.sent_at, o.next_attempt_at, o.meeting_id, o.person_id," \
  " o.kind, o.to_addr, o.to_name, o.subject, o.status, o.lang, o.last_error, o.attempts," \
  " CASE WHEN o.file_id IS NULL THEN 0 ELSE 1 END, CASE WHEN o.ics IS NULL THEN 0 ELSE 1 END"

static void read_row(struct stmt *s, struct outbox_row *r){
  memset(r, 0, sizeof *r);
  r->id = stmt_int(s, 0);
  r->createdAt = stmt_int(s, 1);
  r->sentAt = stmt_int(s, 2);
  r->nextAttemptAt = stmt_int(s, 3);
  r->meetingId = stmt_int(s, 4);
  r->personId = stmt_int(s, 5);
  snprintf(r->zKind, sizeof r->zKind, "%s", stmt_text(s, 6));
  snprintf(r->zTo, sizeof r->zTo, "%s", stmt_text(s, 7));
  snprintf(r->zToName, sizeof r->zToName, "%s", stmt_text(s, 8));
  snprintf(r->zSubject, sizeof r->zSubject, "%s", stmt_text(s, 9));
  snprintf(r->zStatus, sizeof r->zStatus, "%s", stmt_text(s, 10));
  snprintf(r->zLang, sizeof r->zLang, "%s", stmt_text(s, 11));
  snprintf(r->zError, sizeof r->zError, "%s", stmt_text(s, 12));
  r->attempts = (int)stmt_int(s, 13);
  r->bAttachment = stmt_int(s, 14)!=0;
  r->bInvitation = stmt_int(s, 15)!=0;
}

int outbox_list_meeting(struct db *db, long long meetingId, outbox_row_fn cb, void *pCtx){
  struct stmt *s = db_prepare(db, "SELECT " ROW_COLS " FROM outbox o WHERE o.meeting_id=? ORDER BY o.id DESC");
  stmt_bind_int(s, 1, meetingId);
  int n = 0, rc;
  struct outbox_row r;
  while( (rc = stmt_step(s))==1 ){ read_row(s, &r); cb(pCtx, &r); n++; }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

int outbox_list_all(struct db *db, long long beforeId, int nMax, const char *zStatus,
                    outbox_row_fn cb, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " ROW_COLS " FROM outbox o WHERE (?1<=0 OR o.id<?1)"
    " AND (CAST(?2 AS TEXT) IS NULL OR o.status=?2) ORDER BY o.id DESC LIMIT ?3");
  stmt_bind_int(s, 1, beforeId);
  stmt_bind_text(s, 2, zStatus);
  stmt_bind_int(s, 3, nMax);
  int n = 0, rc;
  struct outbox_row r;
  while( (rc = stmt_step(s))==1 ){ read_row(s, &r); cb(pCtx, &r); n++; }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

bool outbox_counts(struct db *db, long long *pQueued, long long *pHeld, long long *pFailed){
  /* Each a range of the index on status: the sent messages, nearly all of
  ** them, are not read. */
  struct stmt *s = db_prepare(db,
    "SELECT (SELECT COUNT(*) FROM outbox WHERE status IN ('queued','sending')),"
    " (SELECT COUNT(*) FROM outbox WHERE status='held'),"
    " (SELECT COUNT(*) FROM outbox WHERE status='failed')");
  bool ok = stmt_step(s)==1;
  *pQueued = ok ? stmt_int(s, 0) : 0;
  *pHeld = ok ? stmt_int(s, 1) : 0;
  *pFailed = ok ? stmt_int(s, 2) : 0;
  stmt_done(s);
  return ok;
}

/* ---- what /metrics shows ---------------------------------------------- */

static atomic_llong gSent, gAttemptsFailed, gCountedAt, gQueued, gHeld, gFailed;

void outbox_stats(struct outbox_stats *p){
  p->nSent = atomic_load(&gSent);
  p->nAttemptsFailed = atomic_load(&gAttemptsFailed);
  p->bCounted = atomic_load(&gCountedAt)>0;
  p->nQueued = atomic_load(&gQueued);
  p->nHeld = atomic_load(&gHeld);
  p->nFailed = atomic_load(&gFailed);
}

/* Take the outbox's counts for /metrics when they are older than
** OUTBOX_COUNT_EVERY (one sender per process calls this). */
static void count_for_metrics(struct db *db, long long now){
  if( now - atomic_load(&gCountedAt) < OUTBOX_COUNT_EVERY ) return;
  long long q, h, f;
  if( !outbox_counts(db, &q, &h, &f) ) return;
  atomic_store(&gQueued, q);
  atomic_store(&gHeld, h);
  atomic_store(&gFailed, f);
  atomic_store(&gCountedAt, now);
}

/* ---- the sender's side ------------------------------------------------ */

int outbox_claim(struct db *db, long long now, long long *aId, int nMax){
  count_for_metrics(db, now);
  if( !db_begin(db) ) return -1;
  struct stmt *s = db_prepare(db,
    "SELECT id FROM outbox WHERE (status='queued' AND next_attempt_at<=?1)"
    " OR (status='sending' AND lease_until<?1) ORDER BY id LIMIT ?2");
  stmt_bind_int(s, 1, now);
  stmt_bind_int(s, 2, nMax);
  int n = 0;
  while( n<nMax && stmt_step(s)==1 ) aId[n++] = stmt_int(s, 0);
  stmt_done(s);
  for(int i=0; i<n; i++){
    s = db_prepare(db, "UPDATE outbox SET status='sending', lease_until=? WHERE id=?");
    stmt_bind_int(s, 1, now + OUTBOX_LEASE);
    stmt_bind_int(s, 2, aId[i]);
    stmt_exec(s);
  }
  if( !db_commit(db) ) return -1;
  return n;
}

static char *col_dup(struct stmt *s, int i){
  return stmt_is_null(s, i) ? 0 : xstrdup(stmt_text(s, i));
}

bool outbox_load(struct db *db, long long id, struct outbox_message *m){
  memset(m, 0, sizeof *m);
  struct stmt *s = db_prepare(db,
    "SELECT o.id, o.created_at, o.kind, o.to_addr, o.to_name, o.subject, o.body_text, o.body_html,"
    " o.ics, o.message_id, f.filename, f.content_type, f.bytes"
    " FROM outbox o LEFT JOIN outbox_file f ON f.id=o.file_id WHERE o.id=?");
  stmt_bind_int(s, 1, id);
  bool ok = stmt_step(s)==1;
  if( ok ){
    m->id = stmt_int(s, 0);
    m->createdAt = stmt_int(s, 1);
    m->zKind = col_dup(s, 2);
    m->zTo = col_dup(s, 3);
    m->zToName = col_dup(s, 4);
    m->zSubject = col_dup(s, 5);
    m->zText = col_dup(s, 6);
    m->zHtml = col_dup(s, 7);
    m->zIcs = col_dup(s, 8);
    m->zMessageId = col_dup(s, 9);
    m->zFileName = col_dup(s, 10);
    m->zFileType = col_dup(s, 11);
    if( m->zFileName ){
      size_t n = 0;
      const void *p = stmt_blob(s, 12, &n);
      m->pFile = xmalloc(n ? n : 1);
      if( n ) memcpy(m->pFile, p, n);
      m->nFile = n;
    }
  }
  stmt_done(s);
  return ok;
}

void outbox_message_free(struct outbox_message *m){
  free(m->zKind); free(m->zTo); free(m->zToName); free(m->zSubject); free(m->zText);
  free(m->zHtml); free(m->zIcs); free(m->zMessageId); free(m->zFileName); free(m->zFileType);
  free(m->pFile);
  memset(m, 0, sizeof *m);
}

/* A message carrying a single-use secret keeps no copy of it once it has
** left the outbox, delivered or not. */
static bool erase_secret(struct db *db, long long id){
  struct stmt *s = db_prepare(db,
    "UPDATE outbox SET body_text='', body_html='' WHERE id=? AND kind='password_reset'");
  stmt_bind_int(s, 1, id);
  return stmt_exec(s);
}

bool outbox_mark_sent(struct db *db, long long id, long long now){
  if( !db_begin(db) ) return false;
  struct stmt *s = db_prepare(db,
    "UPDATE outbox SET status='sent', sent_at=?, attempts=attempts+1, lease_until=NULL, last_error=NULL"
    " WHERE id=?");
  stmt_bind_int(s, 1, now);
  stmt_bind_int(s, 2, id);
  bool ok = stmt_exec(s) && erase_secret(db, id);
  /* Messages gathered into this digest are delivered with it. */
  s = db_prepare(db, "UPDATE outbox SET sent_at=? WHERE digest_id=?");
  stmt_bind_int(s, 1, now);
  stmt_bind_int(s, 2, id);
  ok = ok && stmt_exec(s);
  if( !ok ){ db_rollback(db); return false; }
  if( !db_commit(db) ) return false;
  atomic_fetch_add(&gSent, 1);
  return true;
}

bool outbox_mark_failed(struct db *db, long long id, long long now, const char *zError, bool bPermanent){
  if( !db_begin(db) ) return false;
  struct stmt *s = db_prepare(db, "SELECT attempts, created_at FROM outbox WHERE id=?");
  stmt_bind_int(s, 1, id);
  bool ok = stmt_step(s)==1;
  long long attempts = ok ? stmt_int(s, 0)+1 : 1, created = ok ? stmt_int(s, 1) : now;
  stmt_done(s);
  long long delay = gRetry;
  for(long long i=1; i<attempts && delay<OUTBOX_RETRY_MAX; i++) delay *= 2;
  if( delay>OUTBOX_RETRY_MAX ) delay = OUTBOX_RETRY_MAX;
  bool bGiveUp = bPermanent || now + delay > created + OUTBOX_GIVE_UP;
  s = db_prepare(db,
    "UPDATE outbox SET status=?, attempts=?, next_attempt_at=?, lease_until=NULL, last_error=? WHERE id=?");
  stmt_bind_text(s, 1, bGiveUp ? "failed" : "queued");
  stmt_bind_int(s, 2, attempts);
  stmt_bind_int(s, 3, now + delay);
  stmt_bind_text(s, 4, zError);
  stmt_bind_int(s, 5, id);
  ok = ok && stmt_exec(s) && (!bGiveUp || erase_secret(db, id));
  if( !ok ){ db_rollback(db); return false; }
  if( !db_commit(db) ) return false;
  atomic_fetch_add(&gAttemptsFailed, 1);
  return true;
}

bool outbox_release(struct db *db, long long id, long long dueAt){
  if( !db_begin(db) ) return false;
  struct stmt *s = db_prepare(db,
    "UPDATE outbox SET status='queued', lease_until=NULL, next_attempt_at=? WHERE id=? AND status='sending'");
  stmt_bind_int(s, 1, dueAt);
  stmt_bind_int(s, 2, id);
  if( !stmt_exec(s) ){ db_rollback(db); return false; }
  return db_commit(db);
}

/* ---- scheduled mailings ----------------------------------------------- */

bool outbox_job_claim(struct db *db, const char *zName, const char *zPeriod, long long now){
  assert(db_in_transaction(db));
  struct stmt *s = db_prepare(db, "SELECT 1 FROM mail_job WHERE name=? AND period=?");
  stmt_bind_text(s, 1, zName);
  stmt_bind_text(s, 2, zPeriod);
  int rc = stmt_step(s);
  stmt_done(s);
  if( rc!=0 ) return false;
  s = db_prepare(db, "INSERT INTO mail_job(name,period,done_at) VALUES(?,?,?)");
  stmt_bind_text(s, 1, zName);
  stmt_bind_text(s, 2, zPeriod);
  stmt_bind_int(s, 3, now);
  return stmt_exec(s);
}

/* ---- settings --------------------------------------------------------- */

long long setting_get_int(struct db *db, const char *zKey, long long dflt){
  struct stmt *s = db_prepare(db, "SELECT value FROM setting WHERE key=?");
  stmt_bind_text(s, 1, zKey);
  long long v = dflt;
  if( stmt_step(s)==1 ){
    char *zEnd = 0;
    long long x = strtoll(stmt_text(s, 0), &zEnd, 10);
    if( zEnd && *zEnd==0 && stmt_text(s, 0)[0] ) v = x;
  }
  stmt_done(s);
  return v;
}

bool setting_set_int(struct db *db, const char *zKey, long long v){
  assert(db_in_transaction(db));
  char z[24];
  snprintf(z, sizeof z, "%lld", v);
  struct stmt *s = db_prepare(db,
    "INSERT INTO setting(key,value,updated_at) VALUES(?1,?2,?3)"
    " ON CONFLICT(key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at");
  stmt_bind_text(s, 1, zKey);
  stmt_bind_text(s, 2, z);
  stmt_bind_int(s, 3, (long long)time(0));
  return stmt_exec(s);
}
