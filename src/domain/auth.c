#include "domain/auth.h"
#include "domain/audit.h"
#include "domain/unit.h"
#include "util/text.h"
#include <sodium.h>
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define AUTH_OPSLIMIT 2
#define AUTH_MEMLIMIT (19u*1024u*1024u)

static sem_t hashSlot;            /* one argon2id computation at a time */
static char zDummyHash[crypto_pwhash_STRBYTES];   /* for unknown e-mails */

bool auth_init(void){
  static bool bDone = false;
  if( bDone ) return true;
  if( sodium_init()<0 ) return false;
  if( sem_init(&hashSlot, 0, 1)!=0 ) return false;
  if( crypto_pwhash_str_alg(zDummyHash, "not a password of anyone", 24,
        AUTH_OPSLIMIT, AUTH_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13)!=0 ) return false;
  bDone = true;
  return true;
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

static bool acquire_hash_slot(void){
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += 10;
  while( sem_timedwait(&hashSlot, &ts)!=0 ){
    if( errno!=EINTR ) return false;
  }
  return true;
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

static void record_attempt(struct db *db, const char *zEmail, const char *zIp, bool ok){
  struct stmt *s = db_prepare(db, "INSERT INTO login_attempt(email,ip,at,ok) VALUES(?,?,?,?)");
  stmt_bind_text(s, 1, zEmail);
  stmt_bind_text(s, 2, zIp);
  stmt_bind_int(s, 3, (long long)time(0));
  stmt_bind_int(s, 4, ok);
  stmt_exec(s);
}

static bool throttled(struct db *db, const char *zEmail, const char *zIp){
  long long since = (long long)time(0) - AUTH_THROTTLE_WINDOW;
  struct stmt *s = db_prepare(db,
    "SELECT (SELECT count(*) FROM login_attempt WHERE email=?1 AND at>?3 AND ok=0),"
    "       (SELECT count(*) FROM login_attempt WHERE ip=?2 AND at>?3 AND ok=0)");
  stmt_bind_text(s, 1, zEmail);
  stmt_bind_text(s, 2, zIp);
  stmt_bind_int(s, 3, since);
  bool b = false;
  if( stmt_step(s)==1 ){
    b = stmt_int(s, 0)>=AUTH_MAX_FAILS_EMAIL || stmt_int(s, 1)>=AUTH_MAX_FAILS_IP;
  }
  stmt_done(s);
  return b;
}

enum auth_result auth_sign_in(struct db *db, const char *zEmail, const char *zPassword,
                              const char *zIp, char *zToken, struct user *u){
  char zNorm[255];
  snprintf(zNorm, sizeof zNorm, "%s", zEmail ? zEmail : "");
  for(char *p=zNorm; *p; p++) if( *p>='A' && *p<='Z' ) *p = (char)(*p+32);
  if( !zPassword ) zPassword = "";
  if( throttled(db, zNorm, zIp) ){
    record_attempt(db, zNorm, zIp, false);
    return AUTH_THROTTLED;
  }
  char zHash[crypto_pwhash_STRBYTES] = {0};
  struct stmt *s = db_prepare(db,
    "SELECT " USER_COLS ", u.password_hash FROM app_user u JOIN unit s ON s.id=u.scope_unit_id"
    " WHERE u.email=? AND u.disabled=0");
  stmt_bind_text(s, 1, zNorm);
  bool bFound = stmt_step(s)==1 && load_user(db, s, u);
  if( bFound ) snprintf(zHash, sizeof zHash, "%s", stmt_text(s, 7));
  stmt_done(s);
  if( !acquire_hash_slot() ) return AUTH_BUSY;
  /* Verify against a dummy hash for an unknown address, so that the
  ** time taken does not tell which addresses exist. */
  int rc = crypto_pwhash_str_verify(bFound ? zHash : zDummyHash, zPassword, strlen(zPassword));
  sem_post(&hashSlot);
  bool ok = bFound && rc==0 && strlen(zPassword)<=1024;
  record_attempt(db, zNorm, zIp, ok);
  if( !ok ){ memset(u, 0, sizeof *u); return AUTH_BAD_CREDENTIALS; }

  char zHashed[65], zCsrf[AUTH_TOKEN_CHARS+1];
  auth_random_hex(zToken, AUTH_TOKEN_CHARS/2);
  auth_random_hex(zCsrf, AUTH_TOKEN_CHARS/2);
  token_hash(zToken, zHashed);
  long long now = (long long)time(0);
  if( !db_begin(db) ) return AUTH_ERROR;
  s = db_prepare(db, "INSERT INTO session(token_hash,user_id,csrf,created_at,expires_at) VALUES(?,?,?,?,?)");
  stmt_bind_text(s, 1, zHashed);
  stmt_bind_int(s, 2, u->id);
  stmt_bind_text(s, 3, zCsrf);
  stmt_bind_int(s, 4, now);
  stmt_bind_int(s, 5, now + AUTH_SESSION_SECONDS);
  bool bOk = stmt_exec(s) && audit_record(db, u, "sign_in", "session", 0, 0, 0, 0);
  if( !bOk || !db_commit(db) ){ db_rollback(db); return AUTH_ERROR; }
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

bool auth_token_user(struct db *db, const char *zToken, struct user *u){
  if( !zToken || strlen(zToken)!=AUTH_TOKEN_CHARS ) return false;
  char zHashed[65];
  token_hash(zToken, zHashed);
  struct stmt *s = db_prepare(db,
    "SELECT " USER_COLS " FROM api_token t JOIN app_user u ON u.id=t.user_id"
    "  JOIN unit s ON s.id=u.scope_unit_id WHERE t.token_hash=? AND u.disabled=0");
  stmt_bind_text(s, 1, zHashed);
  bool b = stmt_step(s)==1 && load_user(db, s, u);
  stmt_done(s);
  return b;
}

bool auth_token_create(struct db *db, const char *zEmail, char *zToken, char *zErr, int nErr){
  struct stmt *s = db_prepare(db, "SELECT id FROM app_user WHERE email=? AND disabled=0");
  stmt_bind_text(s, 1, zEmail);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  if( !id ){
    snprintf(zErr, (size_t)nErr, "no user with e-mail %s: add one first with 'carecluster user add'", zEmail);
    return false;
  }
  char zHashed[65];
  auth_random_hex(zToken, AUTH_TOKEN_CHARS/2);
  token_hash(zToken, zHashed);
  s = db_prepare(db, "INSERT INTO api_token(token_hash,user_id,created_at) VALUES(?,?,?)");
  stmt_bind_text(s, 1, zHashed);
  stmt_bind_int(s, 2, id);
  stmt_bind_int(s, 3, (long long)time(0));
  if( !stmt_exec(s) ){ snprintf(zErr, (size_t)nErr, "could not store the token: %s", db_errmsg(db)); return false; }
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
  if( !zPassword || strlen(zPassword)<AUTH_PASSWORD_MIN || strlen(zPassword)>1024 ){
    snprintf(zErr, (size_t)nErr, "the password (on standard input) must be %d to 1024 characters", AUTH_PASSWORD_MIN);
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
