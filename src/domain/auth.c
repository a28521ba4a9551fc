#include "domain/auth.h"
#include "domain/audit.h"
#include "domain/notify_password.h"
#include "domain/outbox.h"
#include "domain/unit.h"
#include "util/text.h"
#include <sodium.h>
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define AUTH_OPSLIMIT 2
#define AUTH_MEMLIMIT (19u*1024u*1024u)
#define AUTH_POOL_MAX 8

static char zDummyHash[crypto_pwhash_STRBYTES];   /* for unknown e-mails */

bool auth_init(void){
  static bool bDone = false;
  if( bDone ) return true;
  if( sodium_init()<0 ) return false;
  if( crypto_pwhash_str_alg(zDummyHash, "not a password of anyone", 24,
        AUTH_OPSLIMIT, AUTH_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13)!=0 ) return false;
  bDone = true;
  return true;
}

/* ---- the hashing pool ---------------------------------------------------
** A page worker that signs someone in takes a place in the queue
** (pool_reserve: refused at once when the queue is full), hands its
** password to a hashing thread and sleeps until the answer comes back.
** So at most nCapacity workers are ever tied up by sign-ins, and at most
** nThreads hashes (19 MiB and a core each) run at once, at a lower
** priority than the pages. Without a pool (the command line, most unit
** tests) the calling thread hashes. */
struct hash_job {
  const char *zHash, *zPassword;
  size_t nPassword;
  char *zOut;                     /* not NULL: hash zPassword into it instead of verifying */
  int rc;
  bool bDone;
  struct hash_job *pNext;
};
static struct {
  pthread_mutex_t mu;
  pthread_cond_t cvWork;          /* a job was queued, or the pool stops */
  pthread_cond_t cvDone;          /* a job is done */
  struct hash_job *pHead, *pTail;
  int nInFlight;                  /* reserved places: hashing or waiting */
  int nCapacity, nThreads;
  bool bRunning, bStop;
  pthread_t aThread[AUTH_POOL_MAX];
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
           0, 0, 0, 0, 0, false, false, {0} };

/* A job's work: verify zPassword against zHash, or hash it into zOut. */
static int hash_job_run(const struct hash_job *j){
  if( j->zOut ){
    return crypto_pwhash_str_alg(j->zOut, j->zPassword, j->nPassword, AUTH_OPSLIMIT, AUTH_MEMLIMIT,
                                 crypto_pwhash_ALG_ARGON2ID13);
  }
  return crypto_pwhash_str_verify(j->zHash, j->zPassword, j->nPassword);
}

static void *hasher_main(void *pArg){
  (void)pArg;
  /* Page workers come first when the cores are contended. */
  if( setpriority(PRIO_PROCESS, (id_t)gettid(), 5)!=0 ){ /* not fatal */ }
  pthread_mutex_lock(&pool.mu);
  for(;;){
    while( !pool.pHead && !pool.bStop ) pthread_cond_wait(&pool.cvWork, &pool.mu);
    struct hash_job *j = pool.pHead;
    if( !j ) break;                          /* stopping, nothing queued */
    pool.pHead = j->pNext;
    if( !pool.pHead ) pool.pTail = 0;
    pthread_mutex_unlock(&pool.mu);
    int rc = hash_job_run(j);
    pthread_mutex_lock(&pool.mu);
    j->rc = rc;
    j->bDone = true;
    pthread_cond_broadcast(&pool.cvDone);
  }
  pthread_mutex_unlock(&pool.mu);
  return 0;
}

bool auth_hash_pool_start(int nHashers, int nCapacity){
  assert( !pool.bRunning );
  if( nHashers<1 ) nHashers = 1;
  if( nHashers>AUTH_POOL_MAX ) nHashers = AUTH_POOL_MAX;
  if( nCapacity<nHashers ) nCapacity = nHashers;
  pthread_mutex_lock(&pool.mu);
  pool.bStop = false;
  pool.nCapacity = nCapacity;
  pool.nThreads = 0;
  pthread_mutex_unlock(&pool.mu);
  for(int i=0; i<nHashers; i++){
    if( pthread_create(&pool.aThread[i], 0, hasher_main, 0)!=0 ){
      auth_hash_pool_stop();
      return false;
    }
    pool.nThreads++;
  }
  pthread_mutex_lock(&pool.mu);
  pool.bRunning = true;
  pthread_mutex_unlock(&pool.mu);
  return true;
}

void auth_hash_pool_stop(void){
  pthread_mutex_lock(&pool.mu);
  assert( pool.nInFlight==0 );
  pool.bStop = true;
  pool.bRunning = false;
  pthread_cond_broadcast(&pool.cvWork);
  pthread_mutex_unlock(&pool.mu);
  for(int i=0; i<pool.nThreads; i++) pthread_join(pool.aThread[i], 0);
  pool.nThreads = 0;
}

int auth_hash_pool_in_flight(void){
  pthread_mutex_lock(&pool.mu);
  int n = pool.nInFlight;
  pthread_mutex_unlock(&pool.mu);
  return n;
}

/* Take a place in the queue; false when it is full. */
static bool pool_reserve(void){
  pthread_mutex_lock(&pool.mu);
  bool ok = !pool.bRunning || pool.nInFlight<pool.nCapacity;
  if( ok ) pool.nInFlight++;
  pthread_mutex_unlock(&pool.mu);
  return ok;
}
static void pool_release(void){
  pthread_mutex_lock(&pool.mu);
  assert( pool.nInFlight>0 );
  pool.nInFlight--;
  pthread_mutex_unlock(&pool.mu);
}

/* A job on a hashing thread (or this one without a pool), in a place
** taken with pool_reserve, which this gives back. */
static int pool_run(struct hash_job *j){
  pthread_mutex_lock(&pool.mu);
  if( !pool.bRunning ){
    pthread_mutex_unlock(&pool.mu);
    j->rc = hash_job_run(j);
    pthread_mutex_lock(&pool.mu);
  }else{
    if( pool.pTail ) pool.pTail->pNext = j; else pool.pHead = j;
    pool.pTail = j;
    pthread_cond_signal(&pool.cvWork);
    while( !j->bDone ) pthread_cond_wait(&pool.cvDone, &pool.mu);
  }
  assert( pool.nInFlight>0 );
  pool.nInFlight--;
  pthread_mutex_unlock(&pool.mu);
  return j->rc;
}

/* crypto_pwhash_str_verify through the pool (pool_run). */
static int pool_verify(const char *zHash, const char *zPassword){
  struct hash_job j = { zHash, zPassword, strlen(zPassword), 0, -1, false, 0 };
  return pool_run(&j);
}

/* A new argon2id hash of zPassword into zOut through the pool (pool_run):
** 0, or -1 when it could not be made (out of memory). */
static int pool_hash(const char *zPassword, char zOut[crypto_pwhash_STRBYTES]){
  struct hash_job j = { 0, zPassword, strlen(zPassword), zOut, -1, false, 0 };
  return pool_run(&j);
}

enum auth_result auth_password_verify(const char *zStoredHash, const char *zPassword){
  if( !zStoredHash || !zPassword || strlen(zPassword)>AUTH_PASSWORD_MAX ) return AUTH_BAD_CREDENTIALS;
  if( !pool_reserve() ) return AUTH_BUSY;
  return pool_verify(zStoredHash, zPassword)==0 ? AUTH_OK : AUTH_BAD_CREDENTIALS;
}

void auth_random_hex(char *z, int nBytes){
  unsigned char a[64];
  if( nBytes>64 ) nBytes = 64;
  randombytes_buf(a, (size_t)nBytes);
  sodium_bin2hex(z, (size_t)nBytes*2+1, a, (size_t)nBytes);
}

/* The stored form of a secret token: hex BLAKE2b-256. */
static void token_hash(const char *zToken, char zOut[65]){
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char*)zToken, strlen(zToken), 0, 0);
  sodium_bin2hex(zOut, 65, h, sizeof h);
}

static bool load_user(struct db *db, struct stmt *s, struct user *u){
  (void)db;
  memset(u, 0, sizeof *u);
  u->id = stmt_int(s, 0);
  snprintf(u->zEmail, sizeof u->zEmail, "%s", stmt_text(s, 1));
  snprintf(u->zName, sizeof u->zName, "%s", stmt_text(s, 2));
  if( !access_parse_role(stmt_text(s, 3), &u->role) ) return false;
  u->scopeUnitId = stmt_int(s, 4);
  snprintf(u->zScopeSlug, sizeof u->zScopeSlug, "%s", stmt_text(s, 5));
  snprintf(u->zLang, sizeof u->zLang, "%s", stmt_text(s, 6));
  return true;
}
#define USER_COLS "u.id, u.email, u.name, u.role, u.scope_unit_id, s.slug, u.lang"

/* ---- throttling --------------------------------------------------------- */

/* Seconds still to wait after nFails failures, the last at lastAt, when
** nFree are free: AUTH_BACKOFF_BASE after the last free one, doubling. */
static int backoff_wait(long long nFails, int nFree, long long lastAt, long long now){
  if( nFails<nFree ) return 0;
  long long k = nFails - nFree, d = AUTH_BACKOFF_MAX;
  if( k<20 && ((long long)AUTH_BACKOFF_BASE<<k)<AUTH_BACKOFF_MAX ) d = (long long)AUTH_BACKOFF_BASE<<k;
  long long w = lastAt + d - now;
  return w>0 ? (int)(w<AUTH_BACKOFF_MAX ? w : AUTH_BACKOFF_MAX) : 0;
}

static int throttle_wait(struct db *db, const char *zEmail, const char *zClient, long long now){
  struct stmt *s = db_prepare(db,
    "SELECT"
    /* failures of this account from this client since its last success */
    " (SELECT count(*) FROM login_attempt WHERE email=?1 AND ip=?2 AND ok=0 AND at>?3"
    "    AND id>coalesce((SELECT max(id) FROM login_attempt WHERE email=?1 AND ip=?2 AND ok=1),0)),"
    " (SELECT max(at) FROM login_attempt WHERE email=?1 AND ip=?2 AND ok=0),"
    /* has this client signed in to this account before? */
    " EXISTS(SELECT 1 FROM login_attempt WHERE email=?1 AND ip=?2 AND ok=1 AND at>?4),"
    /* failures from this client on any account */
    " (SELECT count(*) FROM login_attempt WHERE ip=?2 AND ok=0 AND at>?3),"
    " (SELECT max(at) FROM login_attempt WHERE ip=?2 AND ok=0),"
    /* other clients failing on this account in the last hour */
    " (SELECT count(DISTINCT ip) FROM login_attempt WHERE email=?1 AND ok=0 AND at>?5 AND ip<>?2)");
  stmt_bind_text(s, 1, zEmail);
  stmt_bind_text(s, 2, zClient);
  stmt_bind_int(s, 3, now - AUTH_THROTTLE_MEMORY);
  stmt_bind_int(s, 4, now - (long long)AUTH_TRUSTED_DAYS*86400);
  stmt_bind_int(s, 5, now - 3600);
  int nWait = 0;
  if( stmt_step(s)==1 ){
    bool bTrusted = stmt_int(s, 2)!=0;
    bool bSpread = stmt_int(s, 5)>=AUTH_SPREAD_CLIENTS;
    nWait = backoff_wait(stmt_int(s, 0), bSpread && !bTrusted ? 1 : AUTH_FREE_FAILS, stmt_int(s, 1), now);
    if( !bTrusted ){
      int n = backoff_wait(stmt_int(s, 3), AUTH_FREE_FAILS_CLIENT, stmt_int(s, 4), now);
      if( n>nWait ) nWait = n;
    }
  }
  stmt_done(s);
  return nWait;
}

static void normalize_email(const char *zEmail, char *zOut, size_t n){
  snprintf(zOut, n, "%s", zEmail ? zEmail : "");
  for(char *p=zOut; *p; p++) if( *p>='A' && *p<='Z' ) *p = (char)(*p+32);
}

int auth_throttle_wait(struct db *db, const char *zEmail, const char *zClient){
  char zNorm[255];
  normalize_email(zEmail, zNorm, sizeof zNorm);
  return throttle_wait(db, zNorm, zClient ? zClient : "", (long long)time(0));
}

/* ---- signing in ---------------------------------------------------------- */

enum auth_result auth_sign_in(struct db *db, const char *zEmail, const char *zPassword,
                              const char *zClient, char *zToken, struct user *u,
                              int *pnRetryAfter){
  int nDummy;
  if( !pnRetryAfter ) pnRetryAfter = &nDummy;
  *pnRetryAfter = 0;
  memset(u, 0, sizeof *u);
  char zNorm[255];
  normalize_email(zEmail, zNorm, sizeof zNorm);
  if( !zPassword ) zPassword = "";
  if( !zClient ) zClient = "";
  /* A place in the hashing queue first: when it is full, say so at once. */
  if( !pool_reserve() ){ *pnRetryAfter = 1; return AUTH_BUSY; }
  /* The throttle, and the attempt recorded as a failure until the password
  ** proves right, in one transaction: concurrent attempts from one client
  ** count each other. */
  long long now = (long long)time(0);
  if( !db_begin(db) ){ pool_release(); return AUTH_ERROR; }
  int nWait = throttle_wait(db, zNorm, zClient, now);
  long long attemptId = 0;
  if( nWait==0 ){
    struct stmt *s = db_prepare(db, "INSERT INTO login_attempt(email,ip,at,ok) VALUES(?,?,?,0) RETURNING id");
    stmt_bind_text(s, 1, zNorm);
    stmt_bind_text(s, 2, zClient);
    stmt_bind_int(s, 3, now);
    attemptId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
  }
  if( nWait>0 || !attemptId || !db_commit(db) ){
    db_rollback(db);
    pool_release();
    if( nWait>0 ){ *pnRetryAfter = nWait; return AUTH_THROTTLED; }
    return AUTH_ERROR;
  }

  char zHash[crypto_pwhash_STRBYTES] = {0};
  struct stmt *s = db_prepare(db,
    "SELECT " USER_COLS ", u.password_hash FROM app_user u JOIN unit s ON s.id=u.scope_unit_id"
    " WHERE u.email=? AND u.disabled=0");
  stmt_bind_text(s, 1, zNorm);
  bool bFound = stmt_step(s)==1 && load_user(db, s, u);
  if( bFound ) snprintf(zHash, sizeof zHash, "%s", stmt_text(s, 7));
  stmt_done(s);
  /* Verify against a dummy hash for an unknown address, so that the
  ** time taken does not tell which addresses exist. */
  bool bLong = strlen(zPassword)>AUTH_PASSWORD_MAX;
  int rc = pool_verify(bFound ? zHash : zDummyHash, bLong ? "" : zPassword);
  bool ok = bFound && rc==0 && !bLong;
  now = (long long)time(0);
  if( !ok ){
    /* The failure counts from when it was answered. */
    s = db_prepare(db, "UPDATE login_attempt SET at=? WHERE id=?");
    stmt_bind_int(s, 1, now);
    stmt_bind_int(s, 2, attemptId);
    stmt_exec(s);
    memset(u, 0, sizeof *u);
    return AUTH_BAD_CREDENTIALS;
  }

  char zHashed[65], zCsrf[AUTH_TOKEN_CHARS+1];
  auth_random_hex(zToken, AUTH_TOKEN_CHARS/2);
  auth_random_hex(zCsrf, AUTH_TOKEN_CHARS/2);
  token_hash(zToken, zHashed);
  if( !db_begin(db) ){ memset(u, 0, sizeof *u); return AUTH_ERROR; }
  s = db_prepare(db, "UPDATE login_attempt SET ok=1, at=? WHERE id=?");
  stmt_bind_int(s, 1, now);
  stmt_bind_int(s, 2, attemptId);
  bool bOk = stmt_exec(s);
  /* Only while the user is still enabled: a user disabled while their
  ** password was being checked gets no session. */
  s = db_prepare(db,
    "INSERT INTO session(token_hash,user_id,csrf,created_at,expires_at)"
    " SELECT CAST(?1 AS TEXT), CAST(?2 AS BIGINT), CAST(?3 AS TEXT), CAST(?4 AS BIGINT), CAST(?5 AS BIGINT)"
    " WHERE EXISTS(SELECT 1 FROM app_user WHERE id=?2 AND disabled=0)"
    " RETURNING user_id");
  stmt_bind_text(s, 1, zHashed);
  stmt_bind_int(s, 2, u->id);
  stmt_bind_text(s, 3, zCsrf);
  stmt_bind_int(s, 4, now);
  stmt_bind_int(s, 5, now + AUTH_SESSION_SECONDS);
  int rcIns = bOk ? stmt_step(s) : -1;
  stmt_done(s);
  /* What no check will read again goes, so that the tables keep to what
  ** is live however long the service runs: expired sessions, failures
  ** the throttle has forgotten, successes older than a trusted client's. */
  if( rcIns==1 ){
    s = db_prepare(db, "DELETE FROM session WHERE expires_at<=?");
    stmt_bind_int(s, 1, now);
    bOk = stmt_exec(s);
    s = db_prepare(db, "DELETE FROM login_attempt WHERE (ok=0 AND at<?1) OR (ok=1 AND at<?2)");
    stmt_bind_int(s, 1, now - (AUTH_THROTTLE_MEMORY>3600 ? AUTH_THROTTLE_MEMORY : 3600));
    stmt_bind_int(s, 2, now - (long long)AUTH_TRUSTED_DAYS*86400);
    bOk = stmt_exec(s) && bOk;
  }
  bOk = bOk && rcIns==1 && audit_record(db, u, "sign_in", "session", 0, 0, 0, 0);
  if( !bOk || !db_commit(db) ){
    db_rollback(db);
    memset(u, 0, sizeof *u);
    zToken[0] = 0;
    return rcIns==0 ? AUTH_BAD_CREDENTIALS : AUTH_ERROR;
  }
  return AUTH_OK;
}

bool auth_session_user(struct db *db, const char *zToken, struct user *u, char *zCsrf){
  if( !zToken || strlen(zToken)!=AUTH_TOKEN_CHARS ) return false;
  char zHashed[65];
  token_hash(zToken, zHashed);
  struct stmt *st = db_prepare(db,
    "SELECT " USER_COLS ", x.csrf FROM session x JOIN app_user u ON u.id=x.user_id"
    "  JOIN unit s ON s.id=u.scope_unit_id"
    " WHERE x.token_hash=? AND x.expires_at>? AND u.disabled=0");
  stmt_bind_text(st, 1, zHashed);
  stmt_bind_int(st, 2, (long long)time(0));
  bool b = stmt_step(st)==1 && load_user(db, st, u);
  if( b ) snprintf(zCsrf, AUTH_TOKEN_CHARS+1, "%s", stmt_text(st, 7));
  stmt_done(st);
  return b;
}

void auth_session_end(struct db *db, const char *zToken){
  if( !zToken ) return;
  char zHashed[65];
  token_hash(zToken, zHashed);
  struct stmt *s = db_prepare(db, "DELETE FROM session WHERE token_hash=?");
  stmt_bind_text(s, 1, zHashed);
  stmt_exec(s);
}

bool auth_session_end_all(struct db *db, const struct user *u){
  if( !db_begin(db) ) return false;
  struct stmt *s = db_prepare(db, "DELETE FROM session WHERE user_id=?");
  stmt_bind_int(s, 1, u->id);
  bool ok = stmt_exec(s)
         && audit_record(db, u, "sign_out", "session", 0, 0, 0, "{\"everywhere\":true}");
  if( !ok || !db_commit(db) ){ db_rollback(db); return false; }
  return true;
}

bool auth_token_user(struct db *db, const char *zToken, struct user *u){
  if( !zToken || strlen(zToken)!=AUTH_TOKEN_CHARS ) return false;
  char zHashed[65];
  token_hash(zToken, zHashed);
  struct stmt *s = db_prepare(db,
    "SELECT " USER_COLS " FROM api_token t JOIN app_user u ON u.id=t.user_id"
    "  JOIN unit s ON s.id=u.scope_unit_id"
    " WHERE t.token_hash=? AND t.expires_at>? AND u.disabled=0");
  stmt_bind_text(s, 1, zHashed);
  stmt_bind_int(s, 2, (long long)time(0));
  bool b = stmt_step(s)==1 && load_user(db, s, u);
  stmt_done(s);
  return b;
}

/* The id and scope of the user with that e-mail (enabled or not), or 0. */
static long long user_by_email(struct db *db, const char *zEmail, long long *pUnit, bool *pbDisabled){
  struct stmt *s = db_prepare(db, "SELECT id, scope_unit_id, disabled FROM app_user WHERE email=?");
  stmt_bind_text(s, 1, zEmail ? zEmail : "");
  long long id = 0;
  if( stmt_step(s)==1 ){
    id = stmt_int(s, 0);
    if( pUnit ) *pUnit = stmt_int(s, 1);
    if( pbDisabled ) *pbDisabled = stmt_int(s, 2)!=0;
  }
  stmt_done(s);
  return id;
}

bool auth_token_create(struct db *db, const char *zEmail, int nDays, char *zToken,
                       long long *pExpires, char *zErr, int nErr){
  if( nDays<1 || nDays>AUTH_TOKEN_DAYS_MAX ){
    snprintf(zErr, (size_t)nErr, "--days must be a whole number of days from 1 to %d", AUTH_TOKEN_DAYS_MAX);
    return false;
  }
  long long unitId = 0;
  bool bDisabled = false;
  long long id = user_by_email(db, zEmail, &unitId, &bDisabled);
  if( !id ){
    snprintf(zErr, (size_t)nErr, "no user with e-mail %s: add one first with 'carecluster user add'", zEmail);
    return false;
  }
  if( bDisabled ){
    snprintf(zErr, (size_t)nErr, "the user %s is disabled: enable them first with 'carecluster user enable'", zEmail);
    return false;
  }
  char zHashed[65], zNew[80];
  auth_random_hex(zToken, AUTH_TOKEN_CHARS/2);
  token_hash(zToken, zHashed);
  long long now = (long long)time(0), expires = now + (long long)nDays*86400;
  if( !db_begin(db) ){ snprintf(zErr, (size_t)nErr, "database busy: %s", db_errmsg(db)); return false; }
  struct stmt *s = db_prepare(db,
    "INSERT INTO api_token(token_hash,user_id,created_at,expires_at) VALUES(?,?,?,?) RETURNING id");
  stmt_bind_text(s, 1, zHashed);
  stmt_bind_int(s, 2, id);
  stmt_bind_int(s, 3, now);
  stmt_bind_int(s, 4, expires);
  long long tokenId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  snprintf(zNew, sizeof zNew, "{\"user_id\":%lld,\"expires_at\":%lld}", id, expires);
  if( !tokenId || !audit_record(db, 0, "create", "api_token", tokenId, unitId, 0, zNew) || !db_commit(db) ){
    db_rollback(db);
    snprintf(zErr, (size_t)nErr, "could not store the token: %s", db_errmsg(db));
    return false;
  }
  if( pExpires ) *pExpires = expires;
  return true;
}

bool auth_token_revoke(struct db *db, const char *zEmail, const char *zToken,
                       int *pnRevoked, char *zErr, int nErr){
  *pnRevoked = 0;
  long long unitId = 0;
  long long id = user_by_email(db, zEmail, &unitId, 0);
  if( !id ){
    snprintf(zErr, (size_t)nErr, "no user with e-mail %s", zEmail ? zEmail : "");
    return false;
  }
  char zHashed[65] = "";
  if( zToken ){
    if( strlen(zToken)!=AUTH_TOKEN_CHARS ){
      snprintf(zErr, (size_t)nErr, "--token must be the whole token of %d characters that 'token create' printed",
               AUTH_TOKEN_CHARS);
      return false;
    }
    token_hash(zToken, zHashed);
  }
  if( !db_begin(db) ){ snprintf(zErr, (size_t)nErr, "database busy: %s", db_errmsg(db)); return false; }
  struct stmt *s = db_prepare(db,
    "DELETE FROM api_token WHERE user_id=?1 AND (?2='' OR token_hash=?2) RETURNING id");
  stmt_bind_int(s, 1, id);
  stmt_bind_text(s, 2, zHashed);
  long long aId[64];
  int n = 0, rc;
  bool bMore = false;
  while( (rc = stmt_step(s))==1 ){
    if( n<(int)(sizeof aId/sizeof aId[0]) ) aId[n++] = stmt_int(s, 0); else bMore = true;
    (*pnRevoked)++;
  }
  stmt_done(s);
  bool ok = rc==0;
  /* One audit entry per token (the first 64, and one for any more). */
  for(int i=0; ok && i<n; i++){
    ok = audit_record(db, 0, "delete", "api_token", aId[i], unitId, "{\"revoked\":false}", "{\"revoked\":true}");
  }
  if( ok && bMore ) ok = audit_record(db, 0, "delete", "api_token", 0, unitId, 0, "{\"revoked\":true}");
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    *pnRevoked = 0;
    snprintf(zErr, (size_t)nErr, "could not revoke: %s", db_errmsg(db));
    return false;
  }
  if( zToken && *pnRevoked==0 ){
    snprintf(zErr, (size_t)nErr, "%s has no such token (it may have been revoked already)", zEmail);
    return false;
  }
  return true;
}

bool auth_user_set_disabled(struct db *db, const char *zEmail, bool bDisabled, char *zErr, int nErr){
  long long unitId = 0;
  bool bWas = false;
  long long id = user_by_email(db, zEmail, &unitId, &bWas);
  if( !id ){
    snprintf(zErr, (size_t)nErr, "no user with e-mail %s", zEmail ? zEmail : "");
    return false;
  }
  if( !db_begin(db) ){ snprintf(zErr, (size_t)nErr, "database busy: %s", db_errmsg(db)); return false; }
  struct stmt *s = db_prepare(db, "UPDATE app_user SET disabled=? WHERE id=?");
  stmt_bind_int(s, 1, bDisabled);
  stmt_bind_int(s, 2, id);
  bool ok = stmt_exec(s);
  /* Everything that lets the user in without a password ends for good. */
  if( ok && bDisabled ){
    s = db_prepare(db, "DELETE FROM session WHERE user_id=?");
    stmt_bind_int(s, 1, id);
    ok = stmt_exec(s);
    if( ok ){
      s = db_prepare(db, "DELETE FROM api_token WHERE user_id=?");
      stmt_bind_int(s, 1, id);
      ok = stmt_exec(s);
    }
    if( ok ){
      s = db_prepare(db, "DELETE FROM calendar_feed WHERE user_id=?");
      stmt_bind_int(s, 1, id);
      ok = stmt_exec(s);
    }
  }
  if( ok && bWas!=bDisabled ){
    ok = audit_record(db, 0, "update", "user", id, unitId,
                      bWas ? "{\"disabled\":true}" : "{\"disabled\":false}",
                      bDisabled ? "{\"disabled\":true}" : "{\"disabled\":false}");
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    snprintf(zErr, (size_t)nErr, "could not change the user: %s", db_errmsg(db));
    return false;
  }
  return true;
}

bool auth_user_add(struct db *db, const char *zEmail, const char *zName, const char *zRole,
                   const char *zScopeSlug, const char *zPassword, char *zErr, int nErr){
  enum role role;
  if( !zEmail || !text_is_email(zEmail) ){
    snprintf(zErr, (size_t)nErr, "--email must be an e-mail address such as name@wales.nhs.uk");
    return false;
  }
  for(const char *p=zEmail; *p; p++){
    if( *p>='A' && *p<='Z' ){ snprintf(zErr, (size_t)nErr, "--email must be in lower case"); return false; }
  }
  if( !zName || !*zName || strlen(zName)>200 || !text_is_clean_utf8(zName, false) ){
    snprintf(zErr, (size_t)nErr, "--name must be a name of 1 to 200 characters");
    return false;
  }
  if( !access_parse_role(zRole, &role) ){
    snprintf(zErr, (size_t)nErr, "--role must be one of admin, national, health_board, cluster_lead, member");
    return false;
  }
  if( auth_password_problem(zPassword) ){
    snprintf(zErr, (size_t)nErr, "the password (on standard input) must be %d to %d characters",
             AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
    return false;
  }
  char zToday[11];
  text_today(zToday);
  struct unit un;
  if( !zScopeSlug || !unit_get_by_slug(db, zScopeSlug, zToday, &un) ){
    snprintf(zErr, (size_t)nErr, "--scope %s: no such organisation unit (try 'wales', a health board or a cluster slug)",
             zScopeSlug ? zScopeSlug : "");
    return false;
  }
  const char *zKind = access_role_scope_kind(role);
  if( strcmp(un.zKind, zKind)!=0 ){
    snprintf(zErr, (size_t)nErr, "--scope for role %s must be a unit of kind %s; %s is a %s",
             zRole, zKind, zScopeSlug, un.zKind);
    return false;
  }
  char zHash[crypto_pwhash_STRBYTES];
  if( crypto_pwhash_str_alg(zHash, zPassword, strlen(zPassword), AUTH_OPSLIMIT, AUTH_MEMLIMIT,
                            crypto_pwhash_ALG_ARGON2ID13)!=0 ){
    snprintf(zErr, (size_t)nErr, "could not hash the password (out of memory?)");
    return false;
  }
  if( !db_begin(db) ){ snprintf(zErr, (size_t)nErr, "database busy: %s", db_errmsg(db)); return false; }
  struct stmt *s = db_prepare(db,
    "INSERT INTO app_user(email,name,password_hash,role,scope_unit_id,created_at)"
    " VALUES(?,?,?,?,?,?) RETURNING id");
  stmt_bind_text(s, 1, zEmail);
  stmt_bind_text(s, 2, zName);
  stmt_bind_text(s, 3, zHash);
  stmt_bind_text(s, 4, zRole);
  stmt_bind_int(s, 5, un.id);
  stmt_bind_int(s, 6, (long long)time(0));
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  bool bDup = !id && db_last_was_unique_violation(db);
  stmt_done(s);
  char zNew[600];
  snprintf(zNew, sizeof zNew, "{\"role\":\"%s\",\"scope\":\"%s\"}", access_role_code(role), un.zSlug);
  if( !id || !audit_record(db, 0, "create", "user", id, un.id, 0, zNew) || !db_commit(db) ){
    db_rollback(db);
    if( bDup ) snprintf(zErr, (size_t)nErr, "a user with e-mail %s already exists", zEmail);
    else snprintf(zErr, (size_t)nErr, "could not add the user: %s", db_errmsg(db));
    return false;
  }
  return true;
}

void auth_set_lang(struct db *db, long long userId, const char *zLang){
  struct stmt *s = db_prepare(db, "UPDATE app_user SET lang=? WHERE id=?");
  stmt_bind_text(s, 1, zLang);
  stmt_bind_int(s, 2, userId);
  stmt_exec(s);
}

/* ---- changing a password ------------------------------------------------ */

const char *auth_password_problem(const char *zPassword){
  if( !zPassword || text_utf8_chars(zPassword)<AUTH_PASSWORD_MIN ) return "password.error_short";
  if( strlen(zPassword)>AUTH_PASSWORD_MAX ) return "password.error_long";
  return 0;
}

/* Inside the caller's transaction: store zHash as user userId's password,
** spend every reset link of theirs still open, and end their sessions
** but the one whose token hash is zKeepHash ("" ends all); the number
** ended into *pnEnded. False on a database failure. */
static bool password_store(struct db *db, long long userId, const char *zHash, const char *zKeepHash,
                           long long now, int *pnEnded){
  *pnEnded = 0;
  struct stmt *s = db_prepare(db, "UPDATE app_user SET password_hash=? WHERE id=?");
  stmt_bind_text(s, 1, zHash);
  stmt_bind_int(s, 2, userId);
  if( !stmt_exec(s) ) return false;
  s = db_prepare(db, "UPDATE password_reset SET used_at=? WHERE user_id=? AND used_at IS NULL");
  stmt_bind_int(s, 1, now);
  stmt_bind_int(s, 2, userId);
  if( !stmt_exec(s) ) return false;
  s = db_prepare(db, "DELETE FROM session WHERE user_id=? AND token_hash<>? RETURNING user_id");
  stmt_bind_int(s, 1, userId);
  stmt_bind_text(s, 2, zKeepHash);
  int rc;
  while( (rc = stmt_step(s))==1 ) (*pnEnded)++;
  stmt_done(s);
  return rc==0;
}

/* The audit entry of a password set by way: the user's own entry (pActor,
** or the command line when NULL), with how and how many sessions ended. */
static bool password_audit(struct db *db, const struct user *pActor, long long userId, long long unitId,
                           const char *zWay, int nEnded){
  char zNew[160];
  snprintf(zNew, sizeof zNew, "{\"password\":\"changed\",\"way\":\"%s\",\"sessions_ended\":%d}", zWay, nEnded);
  return audit_record(db, pActor, "update", "password", userId, unitId, 0, zNew);
}

/* The user with that normalized e-mail, enabled, into *u. */
static bool enabled_user_by_email(struct db *db, const char *zNorm, struct user *u){
  struct stmt *s = db_prepare(db,
    "SELECT " USER_COLS " FROM app_user u JOIN unit s ON s.id=u.scope_unit_id"
    " WHERE u.email=? AND u.disabled=0");
  stmt_bind_text(s, 1, zNorm);
  bool b = stmt_step(s)==1 && load_user(db, s, u);
  stmt_done(s);
  return b;
}

enum auth_result auth_reset_request(struct db *db, const char *zEmail, const char *zClient,
                                    int *pnRetryAfter){
  int nDummy;
  if( !pnRetryAfter ) pnRetryAfter = &nDummy;
  *pnRetryAfter = 0;
  char zNorm[255];
  normalize_email(zEmail, zNorm, sizeof zNorm);
  if( !zClient ) zClient = "";
  long long now = (long long)time(0);
  /* Made before the transaction, whether or not it will be used. */
  char zToken[AUTH_TOKEN_CHARS+1], zHashed[65];
  auth_random_hex(zToken, AUTH_TOKEN_CHARS/2);
  token_hash(zToken, zHashed);
  if( !db_begin(db) ) return AUTH_ERROR;
  /* This client's requests in the last hour, whatever they were about. */
  struct stmt *s = db_prepare(db,
    "SELECT count(*), min(at) FROM login_attempt WHERE ip=? AND ok=2 AND at>?");
  stmt_bind_text(s, 1, zClient);
  stmt_bind_int(s, 2, now - 3600);
  bool ok = stmt_step(s)==1;
  long long nClient = ok ? stmt_int(s, 0) : 0, firstAt = ok ? stmt_int(s, 1) : 0;
  stmt_done(s);
  if( ok && nClient>=AUTH_RESET_PER_CLIENT ){
    db_rollback(db);
    long long w = firstAt + 3600 - now;
    *pnRetryAfter = w<1 ? 1 : w>3600 ? 3600 : (int)w;
    return AUTH_THROTTLED;
  }
  s = db_prepare(db, "INSERT INTO login_attempt(email,ip,at,ok) VALUES(?,?,?,2)");
  stmt_bind_text(s, 1, zNorm);
  stmt_bind_text(s, 2, zClient);
  stmt_bind_int(s, 3, now);
  ok = ok && stmt_exec(s);
  /* What no check reads again goes: old requests, and links long dead. */
  s = db_prepare(db, "DELETE FROM login_attempt WHERE ok=2 AND at<?");
  stmt_bind_int(s, 1, now - 3600);
  ok = ok && stmt_exec(s);
  s = db_prepare(db, "DELETE FROM password_reset WHERE expires_at<?");
  stmt_bind_int(s, 1, now - 86400);
  ok = ok && stmt_exec(s);

  struct user u;
  bool bUser = ok && enabled_user_by_email(db, zNorm, &u);
  /* Links sent to this account in the last hour (none for no one). */
  s = db_prepare(db, "SELECT count(*) FROM password_reset WHERE user_id=? AND created_at>?");
  stmt_bind_int(s, 1, bUser ? u.id : 0);
  stmt_bind_int(s, 2, now - 3600);
  long long nSent = stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  stmt_done(s);
  ok = ok && nSent>=0;
  if( ok && bUser && nSent<AUTH_RESET_PER_ACCOUNT ){
    s = db_prepare(db,
      "INSERT INTO password_reset(token_hash,user_id,created_at,expires_at) VALUES(?,?,?,?)");
    stmt_bind_text(s, 1, zHashed);
    stmt_bind_int(s, 2, u.id);
    stmt_bind_int(s, 3, now);
    stmt_bind_int(s, 4, now + AUTH_RESET_SECONDS);
    char zNew[80];
    snprintf(zNew, sizeof zNew, "{\"expires_at\":%lld}", now + AUTH_RESET_SECONDS);
    ok = stmt_exec(s)
      && notify_password_reset(db, u.id, zToken, now + AUTH_RESET_SECONDS)
      && audit_record(db, &u, "create", "password_reset", u.id, u.scopeUnitId, 0, zNew);
  }else{
    /* No one's, or enough sent: the same work, nothing kept. */
    notify_password_reset_compose_only();
  }
  sodium_memzero(zToken, sizeof zToken);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    return AUTH_ERROR;
  }
  return AUTH_OK;
}

/* A reset token's state, and its user when valid. */
static enum auth_reset_state reset_lookup(struct db *db, const char *zToken, long long now, long long *pUserId){
  *pUserId = 0;
  if( !zToken || strlen(zToken)!=AUTH_TOKEN_CHARS ) return AUTH_RESET_UNKNOWN;
  char zHashed[65];
  token_hash(zToken, zHashed);
  struct stmt *s = db_prepare(db,
    "SELECT r.user_id, CASE WHEN r.used_at IS NULL AND r.expires_at>? AND u.disabled=0 THEN 1 ELSE 0 END"
    " FROM password_reset r JOIN app_user u ON u.id=r.user_id WHERE r.token_hash=?");
  stmt_bind_int(s, 1, now);
  stmt_bind_text(s, 2, zHashed);
  enum auth_reset_state st = AUTH_RESET_UNKNOWN;
  if( stmt_step(s)==1 ){
    st = stmt_int(s, 1)==1 ? AUTH_RESET_VALID : AUTH_RESET_SPENT;
    if( st==AUTH_RESET_VALID ) *pUserId = stmt_int(s, 0);
  }
  stmt_done(s);
  return st;
}

enum auth_reset_state auth_reset_check(struct db *db, const char *zToken){
  long long userId;
  return reset_lookup(db, zToken, (long long)time(0), &userId);
}

enum auth_result auth_reset_password(struct db *db, const char *zToken, const char *zPassword){
  if( auth_password_problem(zPassword) ) return AUTH_ERROR;
  long long userId;
  if( reset_lookup(db, zToken, (long long)time(0), &userId)!=AUTH_RESET_VALID ) return AUTH_BAD_CREDENTIALS;
  char zHash[crypto_pwhash_STRBYTES];
  if( !pool_reserve() ) return AUTH_BUSY;
  if( pool_hash(zPassword, zHash)!=0 ) return AUTH_ERROR;
  char zHashed[65];
  token_hash(zToken, zHashed);
  long long now = (long long)time(0);
  if( !db_begin(db) ) return AUTH_ERROR;
  /* The link is spent here, once: of two uses at once, one finds it so. */
  struct stmt *s = db_prepare(db,
    "UPDATE password_reset SET used_at=?1 WHERE token_hash=?2 AND used_at IS NULL AND expires_at>?1"
    " AND EXISTS(SELECT 1 FROM app_user u WHERE u.id=password_reset.user_id AND u.disabled=0)"
    " RETURNING user_id");
  stmt_bind_int(s, 1, now);
  stmt_bind_text(s, 2, zHashed);
  int rc = stmt_step(s);
  userId = rc==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  if( rc!=1 ){
    db_rollback(db);
    return rc==0 ? AUTH_BAD_CREDENTIALS : AUTH_ERROR;
  }
  s = db_prepare(db,
    "SELECT " USER_COLS " FROM app_user u JOIN unit s ON s.id=u.scope_unit_id WHERE u.id=?");
  stmt_bind_int(s, 1, userId);
  struct user u;
  bool ok = stmt_step(s)==1 && load_user(db, s, &u);
  stmt_done(s);
  int nEnded = 0;
  ok = ok && password_store(db, userId, zHash, "", now, &nEnded)
          && password_audit(db, &u, userId, u.scopeUnitId, "reset_link", nEnded)
          && notify_password_changed(db, userId, PASSWORD_CHANGED_BY_LINK, now);
  sodium_memzero(zHash, sizeof zHash);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    return AUTH_ERROR;
  }
  return AUTH_OK;
}

enum auth_result auth_password_change(struct db *db, const struct user *u, const char *zSession,
                                      const char *zCurrent, const char *zNew, const char *zClient,
                                      int *pnRetryAfter){
  int nDummy;
  if( !pnRetryAfter ) pnRetryAfter = &nDummy;
  *pnRetryAfter = 0;
  if( auth_password_problem(zNew) ) return AUTH_ERROR;
  if( !zCurrent ) zCurrent = "";
  if( !zClient ) zClient = "";
  /* A place in the hashing queue first, then the throttle of sign-in: a
  ** stolen session must not make guessing the password any cheaper. */
  if( !pool_reserve() ){ *pnRetryAfter = 1; return AUTH_BUSY; }
  long long now = (long long)time(0);
  if( !db_begin(db) ){ pool_release(); return AUTH_ERROR; }
  int nWait = throttle_wait(db, u->zEmail, zClient, now);
  long long attemptId = 0;
  char zStored[crypto_pwhash_STRBYTES] = {0};
  if( nWait==0 ){
    struct stmt *s = db_prepare(db, "INSERT INTO login_attempt(email,ip,at,ok) VALUES(?,?,?,0) RETURNING id");
    stmt_bind_text(s, 1, u->zEmail);
    stmt_bind_text(s, 2, zClient);
    stmt_bind_int(s, 3, now);
    attemptId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    s = db_prepare(db, "SELECT password_hash FROM app_user WHERE id=? AND disabled=0");
    stmt_bind_int(s, 1, u->id);
    if( stmt_step(s)==1 ) snprintf(zStored, sizeof zStored, "%s", stmt_text(s, 0));
    stmt_done(s);
  }
  if( nWait>0 || !attemptId || !zStored[0] || !db_commit(db) ){
    db_rollback(db);
    pool_release();
    if( nWait>0 ){ *pnRetryAfter = nWait; return AUTH_THROTTLED; }
    return AUTH_ERROR;
  }
  bool bLong = strlen(zCurrent)>AUTH_PASSWORD_MAX;
  bool bRight = pool_verify(zStored, bLong ? "" : zCurrent)==0 && !bLong;
  now = (long long)time(0);
  if( !bRight ){
    /* Counted as a failed sign-in, from when it was answered. */
    struct stmt *s = db_prepare(db, "UPDATE login_attempt SET at=? WHERE id=?");
    stmt_bind_int(s, 1, now);
    stmt_bind_int(s, 2, attemptId);
    stmt_exec(s);
    return AUTH_BAD_CREDENTIALS;
  }
  /* Right: a success of this client, as a sign-in's would be. */
  struct stmt *s = db_prepare(db, "UPDATE login_attempt SET ok=1, at=? WHERE id=?");
  stmt_bind_int(s, 1, now);
  stmt_bind_int(s, 2, attemptId);
  stmt_exec(s);

  char zHash[crypto_pwhash_STRBYTES];
  if( !pool_reserve() ){ *pnRetryAfter = 1; return AUTH_BUSY; }
  if( pool_hash(zNew, zHash)!=0 ) return AUTH_ERROR;
  char zKeep[65];
  token_hash(zSession ? zSession : "", zKeep);
  if( !db_begin(db) ) return AUTH_ERROR;
  /* Only if the password is still the one checked: two changes at once
  ** do not both win. */
  s = db_prepare(db, "SELECT 1 FROM app_user WHERE id=? AND password_hash=? AND disabled=0");
  stmt_bind_int(s, 1, u->id);
  stmt_bind_text(s, 2, zStored);
  int rc = stmt_step(s);
  stmt_done(s);
  int nEnded = 0;
  bool ok = rc==1
    && password_store(db, u->id, zHash, zKeep, now, &nEnded)
    && password_audit(db, u, u->id, u->scopeUnitId, "changed_by_user", nEnded)
    && notify_password_changed(db, u->id, PASSWORD_CHANGED_BY_USER, now);
  sodium_memzero(zHash, sizeof zHash);
  sodium_memzero(zStored, sizeof zStored);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    return rc==0 ? AUTH_BAD_CREDENTIALS : AUTH_ERROR;
  }
  return AUTH_OK;
}

bool auth_user_set_password(struct db *db, const char *zEmail, const char *zPassword, char *zErr, int nErr){
  long long unitId = 0;
  long long id = user_by_email(db, zEmail, &unitId, 0);
  if( !id ){
    snprintf(zErr, (size_t)nErr, "no user with e-mail %s", zEmail ? zEmail : "");
    return false;
  }
  if( auth_password_problem(zPassword) ){
    snprintf(zErr, (size_t)nErr, "the password (on standard input) must be %d to %d characters",
             AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
    return false;
  }
  char zHash[crypto_pwhash_STRBYTES];
  if( !pool_reserve() || pool_hash(zPassword, zHash)!=0 ){
    snprintf(zErr, (size_t)nErr, "could not hash the password (out of memory?)");
    return false;
  }
  long long now = (long long)time(0);
  if( !db_begin(db) ){ snprintf(zErr, (size_t)nErr, "database busy: %s", db_errmsg(db)); return false; }
  int nEnded = 0;
  bool ok = password_store(db, id, zHash, "", now, &nEnded)
         && password_audit(db, 0, id, unitId, "command_line", nEnded)
         && notify_password_changed(db, id, PASSWORD_CHANGED_BY_ADMIN, now);
  sodium_memzero(zHash, sizeof zHash);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    snprintf(zErr, (size_t)nErr, "could not set the password: %s", db_errmsg(db));
    return false;
  }
  return true;
}
