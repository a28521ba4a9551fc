#include "db/db.h"
#include "util/assert.h"
#include "util/buf.h"
#include "util/embedded.h"
#include <math.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DB_CACHE_SIZE 128

struct stmt {
  const char *zSql;          /* the literal it was prepared from */
  sqlite3_stmt *pStmt;
  struct db *pDb;
};

struct db {
  sqlite3 *h;
  bool bInTx;
  bool bTxFailed;            /* a statement failed in this write transaction */
  int lastRc;                /* extended result code of the last failure */
  bool bLastInjected;        /* the last failure was an injected fault */
  long long nFaultAt;        /* fail the nFaultAt-th counted call; 0: off */
  long long nFaultCalls;     /* counted calls since db_fault_set */
  bool bFaultFired;
  bool bFaultInTx;           /* it fired inside a write transaction */
  struct stmt failed;        /* what a failed prepare returns (pStmt NULL) */
  struct stmt aCache[DB_CACHE_SIZE];
  int nCache;
  int iEvict;                /* next slot to reuse when the cache is full */
};

/* The statement cache: nCache slots in use, filled in order; a slot is
** reused (iEvict, round robin) only once all are. Every slot in use holds
** a prepared statement of this connection; the failed statement holds
** none. */
static void cache_check(const struct db *p){
  (void)p;
  assert( p->nCache>=0 && p->nCache<=DB_CACHE_SIZE );
  assert( p->iEvict>=0 && p->iEvict<DB_CACHE_SIZE );
  assert( p->iEvict==0 || p->nCache==DB_CACHE_SIZE );
  assert( p->failed.pStmt==0 && p->failed.pDb==p );
}
#ifndef NDEBUG
/* s is the failed statement or one of p's cached slots. */
static bool stmt_of(const struct db *p, const struct stmt *s){
  return s==&p->failed || (s>=p->aCache && s<p->aCache+p->nCache);
}
#endif

/* The fault hook: true when this call (a prepare, step, begin or commit)
** is the one db_fault_set() armed. One compare when the hook is off. */
static bool fault_now(struct db *p){
  if( p->nFaultAt==0 ) return false;
  if( ++p->nFaultCalls!=p->nFaultAt ) return false;
  p->nFaultAt = 0;
  p->bFaultFired = true;
  p->bFaultInTx = p->bInTx;
  p->bLastInjected = true;
  p->lastRc = SQLITE_IOERR;
  return true;
}

void db_fault_set(struct db *p, long long n){
  p->nFaultAt = n>0 ? n : 0;
  p->nFaultCalls = 0;
  p->bFaultFired = false;
  p->bFaultInTx = false;
}
bool db_fault_fired(struct db *p){ return p->bFaultFired; }
bool db_fault_fired_in_transaction(struct db *p){ return p->bFaultFired && p->bFaultInTx; }
long long db_fault_calls(struct db *p){ return p->nFaultCalls; }

struct db *db_open(const char *zPath, bool bCreate, char **pzErr){
  sqlite3 *h = 0;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (bCreate ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(zPath, &h, flags, 0);
  if( rc!=SQLITE_OK ){
    struct buf b = {0};
    buf_printf(&b, "cannot open database %s: %s", zPath, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
    *pzErr = buf_steal(&b);
    sqlite3_close(h);
    return 0;
  }
  sqlite3_extended_result_codes(h, 1);
  sqlite3_busy_timeout(h, 5000);
  const char *zSetup =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA trusted_schema=OFF;";
  char *zErr = 0;
  if( sqlite3_exec(h, zSetup, 0, 0, &zErr)!=SQLITE_OK ){
    struct buf b = {0};
    buf_printf(&b, "cannot set up database %s: %s", zPath, zErr ? zErr : "unknown error");
    sqlite3_free(zErr);
    *pzErr = buf_steal(&b);
    sqlite3_close(h);
    return 0;
  }
  struct db *p = xcalloc(1, sizeof *p);
  p->h = h;
  p->failed.pDb = p;
  p->failed.zSql = "";
  return p;
}

void db_close(struct db *p){
  if( !p ) return;
  cache_check(p);
  for(int i=0; i<p->nCache; i++) sqlite3_finalize(p->aCache[i].pStmt);
  sqlite3_close(p->h);
  free(p);
}

struct stmt *db_prepare_(struct db *p, const char *zSql){
  assert( p!=0 && zSql!=0 );
  cache_check(p);
  if( fault_now(p) ) return &p->failed;
  /* Look up by address: every call site's literal has its own cache slot
  ** (identical literals merged by the compiler share one, harmlessly). */
  for(int i=0; i<p->nCache; i++){
    if( p->aCache[i].zSql==zSql ){
      assert( p->aCache[i].pStmt!=0 && p->aCache[i].pDb==p );
      sqlite3_reset(p->aCache[i].pStmt);
      sqlite3_clear_bindings(p->aCache[i].pStmt);
      return &p->aCache[i];
    }
  }
  sqlite3_stmt *pStmt = 0;
  int rc = sqlite3_prepare_v3(p->h, zSql, -1, SQLITE_PREPARE_PERSISTENT, &pStmt, 0);
  if( rc==SQLITE_ERROR ){
    fprintf(stderr, "carecluster: SQL error: %s\nin: %s\n", sqlite3_errmsg(p->h), zSql);
    abort();
  }
  if( rc!=SQLITE_OK ){
    p->lastRc = sqlite3_extended_errcode(p->h);
    p->bLastInjected = false;
    fprintf(stderr, "carecluster: SQL prepare failed: %s\n", sqlite3_errmsg(p->h));
    sqlite3_finalize(pStmt);
    return &p->failed;
  }
  struct stmt *s;
  if( p->nCache>=DB_CACHE_SIZE ){
    /* Full: reuse a slot in place, round robin, so that no other cached
    ** statement moves under a caller that holds it. 128 distinct
    ** statements per connection is far more than any request uses. */
    s = &p->aCache[p->iEvict];
    p->iEvict = (p->iEvict+1) % DB_CACHE_SIZE;
    sqlite3_finalize(s->pStmt);
  }else{
    s = &p->aCache[p->nCache++];
  }
  assert( pStmt!=0 );   /* SQLITE_OK with no statement: an empty SQL text */
  s->zSql = zSql;
  s->pStmt = pStmt;
  s->pDb = p;
  cache_check(p);
  return s;
}

/* The failed statement (pStmt NULL) binds nothing, steps to -1 and reads
** as NULL columns. */
void stmt_bind_text(struct stmt *s, int i, const char *z){
  if( !s->pStmt ) return;
  if( z ) sqlite3_bind_text(s->pStmt, i, z, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(s->pStmt, i);
}
void stmt_bind_int(struct stmt *s, int i, long long v){
  if( s->pStmt ) sqlite3_bind_int64(s->pStmt, i, v);
}
void stmt_bind_null(struct stmt *s, int i){
  if( s->pStmt ) sqlite3_bind_null(s->pStmt, i);
}
void stmt_bind_double(struct stmt *s, int i, double v){
  if( !s->pStmt ) return;
  if( isnan(v) ) sqlite3_bind_null(s->pStmt, i); else sqlite3_bind_double(s->pStmt, i, v);
}
void stmt_bind_blob(struct stmt *s, int i, const void *p, size_t n){
  if( !s->pStmt ) return;
  if( p && n ) sqlite3_bind_blob64(s->pStmt, i, p, (sqlite3_uint64)n, SQLITE_TRANSIENT);
  else sqlite3_bind_zeroblob(s->pStmt, i, 0);
}

int stmt_step(struct stmt *s){
  struct db *p = s->pDb;
  assert( p!=0 && stmt_of(p, s) );
  if( !s->pStmt || fault_now(p) ){  /* a failed prepare (already logged), or the injected fault */
    if( s->pStmt ) sqlite3_reset(s->pStmt);
    if( p->bInTx ) p->bTxFailed = true;
    return -1;
  }
  int rc = sqlite3_step(s->pStmt);
  if( rc==SQLITE_ROW ) return 1;
  if( rc==SQLITE_DONE ) return 0;
  if( p->bInTx ) p->bTxFailed = true;
  p->lastRc = sqlite3_extended_errcode(p->h);
  p->bLastInjected = false;
  if( (p->lastRc & 0xff)!=SQLITE_CONSTRAINT ){
    fprintf(stderr, "carecluster: SQL step failed: %s\n", sqlite3_errmsg(p->h));
  }
  return -1;
}
bool stmt_exec(struct stmt *s){
  int rc;
  while( (rc = stmt_step(s))==1 ){}
  stmt_done(s);
  return rc==0;
}
const char *stmt_text(struct stmt *s, int iCol){
  if( !s->pStmt ) return "";
  const unsigned char *z = sqlite3_column_text(s->pStmt, iCol);
  return z ? (const char*)z : "";
}
bool stmt_is_null(struct stmt *s, int iCol){
  return !s->pStmt || sqlite3_column_type(s->pStmt, iCol)==SQLITE_NULL;
}
long long stmt_int(struct stmt *s, int iCol){
  return s->pStmt ? sqlite3_column_int64(s->pStmt, iCol) : 0;
}
double stmt_double(struct stmt *s, int iCol){
  if( stmt_is_null(s, iCol) ) return NAN;
  return sqlite3_column_double(s->pStmt, iCol);
}
const void *stmt_blob(struct stmt *s, int iCol, size_t *pn){
  const void *p = s->pStmt ? sqlite3_column_blob(s->pStmt, iCol) : 0;
  *pn = p ? (size_t)sqlite3_column_bytes(s->pStmt, iCol) : 0;
  return p;
}
void stmt_done(struct stmt *s){ if( s->pStmt ) sqlite3_reset(s->pStmt); }

bool db_exec_script(struct db *p, const char *zSql){
  char *zErr = 0;
  if( sqlite3_exec(p->h, zSql, 0, 0, &zErr)!=SQLITE_OK ){
    fprintf(stderr, "carecluster: SQL script failed: %s\n", zErr ? zErr : "?");
    sqlite3_free(zErr);
    return false;
  }
  return true;
}

bool db_begin(struct db *p){
  assert( !p->bInTx );   /* transactions do not nest */
  if( fault_now(p) ) return false;
  if( !db_exec_script(p, "BEGIN IMMEDIATE") ) return false;
  p->bInTx = true;
  p->bTxFailed = false;
  return true;
}
bool db_commit(struct db *p){
  assert( p->bInTx );
  if( p->bTxFailed ){
    /* A write path went on past a failed statement: what it wrote may be
    ** incomplete, so none of it is kept. */
    fprintf(stderr, "carecluster: a statement failed in this transaction: rolled back\n");
    db_exec_script(p, "ROLLBACK");
    p->bInTx = false;
    return false;
  }
  bool ok = !fault_now(p) && db_exec_script(p, "COMMIT");
  if( !ok ) db_exec_script(p, "ROLLBACK");
  p->bInTx = false;
  return ok;
}
void db_rollback(struct db *p){
  if( !p->bInTx ) return;
  sqlite3_exec(p->h, "ROLLBACK", 0, 0, 0);
  p->bInTx = false;
}
bool db_in_transaction(struct db *p){ return p->bInTx; }
bool db_tx_failed(struct db *p){ return p->bInTx && p->bTxFailed; }
bool db_read_begin(struct db *p){
  /* A request's reads start with no transaction open. */
  if( NEVER(p->bInTx) ) return false;
  return sqlite3_exec(p->h, "BEGIN", 0, 0, 0)==SQLITE_OK;
}
void db_read_end(struct db *p){
  /* Its COMMIT would end a write transaction behind db_commit's back. */
  assert( !p->bInTx );
  if( sqlite3_get_autocommit(p->h) ) return;
  if( sqlite3_exec(p->h, "COMMIT", 0, 0, 0)!=SQLITE_OK ) sqlite3_exec(p->h, "ROLLBACK", 0, 0, 0);
}
const char *db_errmsg(struct db *p){
  return p->bLastInjected ? "injected fault" : sqlite3_errmsg(p->h);
}
bool db_last_was_unique_violation(struct db *p){
  return p->lastRc==SQLITE_CONSTRAINT_UNIQUE || p->lastRc==SQLITE_CONSTRAINT_PRIMARYKEY;
}

struct db *db_copy(struct db *p){
  char *zErr = 0;
  struct db *q = db_open(":memory:", true, &zErr);
  if( !q ){ fprintf(stderr, "carecluster: %s\n", zErr); free(zErr); return 0; }
  sqlite3_backup *b = sqlite3_backup_init(q->h, "main", p->h, "main");
  int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
  if( b ) sqlite3_backup_finish(b);
  if( rc!=SQLITE_DONE ){
    fprintf(stderr, "carecluster: cannot copy the database: %s\n", sqlite3_errmsg(q->h));
    db_close(q);
    return 0;
  }
  return q;
}

/* FNV-1a over n bytes, continuing from h. */
static unsigned long long fnv(unsigned long long h, const void *pv, size_t n){
  const unsigned char *q = pv;
  for(size_t i=0; i<n; i++){ h ^= q[i]; h *= 1099511628211ULL; }
  return h;
}

unsigned long long db_digest(struct db *p){
  unsigned long long total = 0;
  sqlite3_stmt *pList = 0;
  if( sqlite3_prepare_v2(p->h,
        "SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name", -1, &pList, 0)!=SQLITE_OK ){
    return 0;
  }
  while( sqlite3_step(pList)==SQLITE_ROW ){
    const char *zTable = (const char*)sqlite3_column_text(pList, 0);
    /* The one SQL text made at run time: a table name from the schema,
    ** quoted as an identifier ("" doubles any " in it). */
    struct buf q = {0};
    buf_puts(&q, "SELECT * FROM \"");
    for(const char *c=zTable; *c; c++){ if( *c=='"' ) buf_putc(&q, '"'); buf_putc(&q, *c); }
    buf_puts(&q, "\"");
    sqlite3_stmt *pRows = 0;
    if( sqlite3_prepare_v2(p->h, buf_cstr(&q), -1, &pRows, 0)==SQLITE_OK ){
      unsigned long long hTable = fnv(14695981039346656037ULL, zTable, strlen(zTable));
      while( sqlite3_step(pRows)==SQLITE_ROW ){
        unsigned long long hRow = hTable;
        int nCol = sqlite3_column_count(pRows);
        for(int i=0; i<nCol; i++){
          unsigned char t = (unsigned char)sqlite3_column_type(pRows, i);
          hRow = fnv(hRow, &t, 1);
          const void *v = t==SQLITE_BLOB ? sqlite3_column_blob(pRows, i) : sqlite3_column_text(pRows, i);
          int n = sqlite3_column_bytes(pRows, i);
          if( v && n>0 ) hRow = fnv(hRow, v, (size_t)n);
          hRow = fnv(hRow, "|", 1);
        }
        total += hRow;   /* a sum: independent of the order rows come in */
      }
      total += hTable;
    }
    sqlite3_finalize(pRows);
    buf_free(&q);
  }
  sqlite3_finalize(pList);
  return total;
}

int db_migrate(struct db *p){
  assert( !p->bInTx );
  if( !db_exec_script(p,
      "CREATE TABLE IF NOT EXISTS schema_migrations("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)") ){
    return -1;
  }
  int nApplied = 0, lastVersion = 0;
  static const char zPrefix[] = "db/migrations/";
  for(int i=0; i<embedded_count; i++){
    const struct embedded_file *f = &embedded_files[i];
    if( strncmp(f->zName, zPrefix, sizeof(zPrefix)-1)!=0 ) continue;
    const char *zBase = f->zName + sizeof(zPrefix)-1;
    int version = atoi(zBase);
    if( version<=0 ){
      fprintf(stderr, "carecluster: migration %s has no number\n", f->zName);
      return -1;
    }
    /* The table is sorted by name, so a reused number sits next to its twin. */
    if( version==lastVersion ){
      fprintf(stderr, "carecluster: two migrations are numbered %d: give %s the next free number\n", version, f->zName);
      return -1;
    }
    lastVersion = version;
    struct stmt *s = db_prepare(p, "SELECT 1 FROM schema_migrations WHERE version=?");
    stmt_bind_int(s, 1, version);
    int bDone = stmt_step(s);
    stmt_done(s);
    if( bDone ) continue;
    if( !db_begin(p) ) return -1;
    if( !db_exec_script(p, (const char*)f->aData) ){
      fprintf(stderr, "carecluster: migration %s failed; nothing of it was applied\n", f->zName);
      db_rollback(p);
      return -1;
    }
    char zNow[32];
    time_t t = time(0); struct tm tm; gmtime_r(&t, &tm);
    strftime(zNow, sizeof zNow, "%Y-%m-%dT%H:%M:%SZ", &tm);
    s = db_prepare(p, "INSERT INTO schema_migrations(version,name,applied_at) VALUES(?,?,?)");
    stmt_bind_int(s, 1, version);
    stmt_bind_text(s, 2, zBase);
    stmt_bind_text(s, 3, zNow);
    if( !stmt_exec(s) || !db_commit(p) ){ db_rollback(p); return -1; }
    nApplied++;
  }
  return nApplied;
}

/* Placeholder until the backends count their errors: always 0. */
static atomic_llong nDbErrors;
long long db_error_count(void){ return atomic_load_explicit(&nDbErrors, memory_order_relaxed); }
