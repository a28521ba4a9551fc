/*
** The front of the database layer: db.h's interface, the statement cache,
** transactions and fault injection, for both databases; and the SQLite
** backend. The PostgreSQL backend is pg.c; each function here that talks
** to the database goes to one or the other (p->pg set: PostgreSQL).
*/
#include "db/db_internal.h"
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
#include <unistd.h>

static atomic_llong nDbErrors;
void db_count_error(void){ atomic_fetch_add_explicit(&nDbErrors, 1, memory_order_relaxed); }

/* PostgreSQL SQL text, counted when it fails. */
static bool pg_run(struct db *p, const char *zSql){
  bool ok = pg_exec(p->pg, zSql);
  if( !ok ) db_count_error();
  return ok;
}
long long db_error_count(void){ return atomic_load_explicit(&nDbErrors, memory_order_relaxed); }

/* A slot holds a statement of its connection's kind. */
static bool stmt_live(const struct stmt *s){ return s->pStmt!=0 || s->pPg!=0; }

/* The statement cache: nCache slots in use, filled in order; a slot is
** reused (iEvict, round robin) only once all are. Every slot in use holds
** a prepared statement of this connection; the failed statement holds
** none. */
static void cache_check(const struct db *p){
  (void)p;
  assert( (p->h==0)!=(p->pg==0) );
  assert( p->nCache>=0 && p->nCache<=DB_CACHE_SIZE );
  assert( p->iEvict>=0 && p->iEvict<DB_CACHE_SIZE );
  assert( p->iEvict==0 || p->nCache==DB_CACHE_SIZE );
  assert( !stmt_live(&p->failed) && p->failed.pDb==p );
}
#ifndef NDEBUG
/* s is the failed statement or one of p's cached slots (or a dynamic one). */
static bool stmt_of(const struct db *p, const struct stmt *s){
  return s==&p->failed || (s>=p->aCache && s<p->aCache+p->nCache) || s->zSql==0;
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
  p->bLastUnique = false;
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

static struct db *db_new(void){
  struct db *p = xcalloc(1, sizeof *p);
  p->failed.pDb = p;
  p->failed.zSql = "";
  return p;
}

/* string_agg(value, separator), PostgreSQL's name for SQLite's
** group_concat (SQLite has it built in only from 3.44): the SQL says
** string_agg on both. NULL values are skipped, as on PostgreSQL. */
struct agg { struct buf b; bool bAny; };
static void string_agg_step(sqlite3_context *c, int argc, sqlite3_value **argv){
  (void)argc;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  struct agg *a = sqlite3_aggregate_context(c, sizeof *a);
  if( !a ){ sqlite3_result_error_nomem(c); return; }
  if( a->bAny ){
    const char *zSep = (const char*)sqlite3_value_text(argv[1]);
    buf_puts(&a->b, zSep ? zSep : "");
  }
  a->bAny = true;
  const char *z = (const char*)sqlite3_value_text(argv[0]);
  buf_puts(&a->b, z ? z : "");
}
static void string_agg_final(sqlite3_context *c){
  struct agg *a = sqlite3_aggregate_context(c, 0);
  if( !a || !a->bAny ){ sqlite3_result_null(c); return; }
  sqlite3_result_text(c, buf_cstr(&a->b), (int)a->b.n, SQLITE_TRANSIENT);
  buf_free(&a->b);
}

static struct db *sqlite_open(const char *zPath, bool bCreate, char **pzErr){
  if( !bCreate && strcmp(zPath, ":memory:")!=0 && access(zPath, F_OK)!=0 ){
    struct buf b = {0};
    buf_printf(&b, "%s does not exist: create it with 'carecluster init --db %s'", zPath, zPath);
    *pzErr = buf_steal(&b);
    return 0;
  }
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
  sqlite3_create_function(h, "string_agg", 2, SQLITE_UTF8|SQLITE_DETERMINISTIC, 0,
                          0, string_agg_step, string_agg_final);
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
  struct db *p = db_new();
  p->h = h;
  return p;
}

struct db *db_open(const char *zTarget, bool bCreate, char **pzErr){
  *pzErr = 0;
  if( !pg_is_uri(zTarget) ) return sqlite_open(zTarget, bCreate, pzErr);
  struct pg *pg = pg_connect(zTarget, pzErr);
  if( !pg ) return 0;
  struct db *p = db_new();
  p->pg = pg;
  return p;
}

bool db_is_uri(const char *zTarget){ return pg_is_uri(zTarget); }

void db_describe(const char *zTarget, char *zOut, size_t nOut){
  /* scheme://user:password@host...: the password hidden. */
  const char *zAt = pg_is_uri(zTarget) ? strchr(zTarget, '@') : 0;
  const char *zUser = zAt ? strstr(zTarget, "://") : 0;
  const char *zColon = zUser ? memchr(zUser+3, ':', (size_t)(zAt-(zUser+3))) : 0;
  if( zColon ) snprintf(zOut, nOut, "%.*s:***%s", (int)(zColon-zTarget), zTarget, zAt);
  else snprintf(zOut, nOut, "%s", zTarget);
}

void db_abandon_new(struct db *p, const char *zTarget){
  if( !p ) return;
  db_rollback(p);
  if( !p->pg ){
    db_close(p);
    if( strcmp(zTarget, ":memory:")==0 ) return;
    char z[4200];
    unlink(zTarget);
    snprintf(z, sizeof z, "%s-wal", zTarget); unlink(z);
    snprintf(z, sizeof z, "%s-shm", zTarget); unlink(z);
    return;
  }
  /* The database was empty before: every table in it is ours. */
  char **az = db_table_names(p);
  struct buf q = {0};
  for(int i=0; az && az[i]; i++){
    buf_puts(&q, q.n ? ", \"" : "DROP TABLE \"");
    for(const char *c=az[i]; *c; c++){ if( *c=='"' ) buf_putc(&q, '"'); buf_putc(&q, *c); }
    buf_putc(&q, '"');
  }
  db_table_names_free(az);
  if( q.n ){ buf_puts(&q, " CASCADE"); pg_run(p, buf_cstr(&q)); }
  buf_free(&q);
  db_close(p);
}

bool db_is_empty(struct db *p){
  struct stmt *s = p->pg
    ? db_prepare(p, "SELECT count(*) FROM information_schema.tables WHERE table_schema=current_schema()")
    : db_prepare(p, "SELECT count(*) FROM sqlite_schema");
  bool bEmpty = stmt_step(s)==1 && stmt_int(s, 0)==0;
  stmt_done(s);
  return bEmpty;
}

const char *db_dialect(struct db *p){ return p->pg ? "pg" : "sqlite"; }

bool db_healthy(struct db *p){ return !p->pg || pg_healthy(p->pg); }

static void finalize(struct db *p, struct stmt *s){
  if( s->pStmt ) sqlite3_finalize(s->pStmt);
  if( s->pPg ) pg_finalize(p->pg, s->pPg);
  s->pStmt = 0;
  s->pPg = 0;
}

void db_close(struct db *p){
  if( !p ) return;
  cache_check(p);
  if( p->pg ) pg_closing(p->pg);
  for(int i=0; i<p->nCache; i++) finalize(p, &p->aCache[i]);
  if( p->pg ) pg_close(p->pg);
  else sqlite3_close(p->h);
  free(p);
}

static void stmt_reset(struct stmt *s){
  if( s->pStmt ){ sqlite3_reset(s->pStmt); sqlite3_clear_bindings(s->pStmt); }
  if( s->pPg ) pg_reset(s->pPg);
}

/* Prepare zSql on p: true with the statement in *s, or false (logged)
** after a failure that is not the SQL's fault. Aborts when the SQL is
** wrong: a programming error the tests find. */
static bool prepare(struct db *p, const char *zSql, struct stmt *s){
  s->pStmt = 0;
  s->pPg = 0;
  if( p->pg ){
    bool bBug = false;
    s->pPg = pg_prepare(p->pg, zSql, &bBug);
    if( bBug ){
      fprintf(stderr, "carecluster: SQL error: %s\nin: %s\n", pg_errmsg(p->pg), zSql);
      abort();
    }
    if( !s->pPg ){
      p->bLastInjected = false;
      p->bLastUnique = false;
      db_count_error();
      fprintf(stderr, "carecluster: SQL prepare failed: %s\n", pg_errmsg(p->pg));
      return false;
    }
    return true;
  }
  int rc = sqlite3_prepare_v3(p->h, zSql, -1, SQLITE_PREPARE_PERSISTENT, &s->pStmt, 0);
  if( rc==SQLITE_ERROR ){
    fprintf(stderr, "carecluster: SQL error: %s\nin: %s\n", sqlite3_errmsg(p->h), zSql);
    abort();
  }
  if( rc!=SQLITE_OK ){
    p->lastRc = sqlite3_extended_errcode(p->h);
    p->bLastInjected = false;
    db_count_error();
    fprintf(stderr, "carecluster: SQL prepare failed: %s\n", sqlite3_errmsg(p->h));
    sqlite3_finalize(s->pStmt);
    s->pStmt = 0;
    return false;
  }
  assert( s->pStmt!=0 );   /* SQLITE_OK with no statement: an empty SQL text */
  return true;
}

struct stmt *db_prepare_(struct db *p, const char *zSql){
  assert( p!=0 && zSql!=0 );
  cache_check(p);
  if( fault_now(p) ) return &p->failed;
  /* Look up by address: every call site's literal has its own cache slot
  ** (identical literals merged by the compiler share one, harmlessly). */
  for(int i=0; i<p->nCache; i++){
    if( p->aCache[i].zSql==zSql ){
      assert( stmt_live(&p->aCache[i]) && p->aCache[i].pDb==p );
      stmt_reset(&p->aCache[i]);
      p->aCache[i].bHeld = true;
      return &p->aCache[i];
    }
  }
  struct stmt fresh;
  if( !prepare(p, zSql, &fresh) ) return &p->failed;
  struct stmt *s;
  if( p->nCache>=DB_CACHE_SIZE ){
    /* Full: reuse a slot in place, round robin, so that no other cached
    ** statement moves under a caller that holds it. 128 distinct
    ** statements per connection is far more than any request uses. */
    /* A statement a caller still steps through (held: prepared and not
    ** yet finished) keeps its slot; the next one that is not is taken. */
    int iSlot = p->iEvict;
    for(int k=0; k<DB_CACHE_SIZE; k++){
      int j = (p->iEvict+k) % DB_CACHE_SIZE;
      if( !p->aCache[j].bHeld ){ iSlot = j; break; }
    }
    s = &p->aCache[iSlot];
    p->iEvict = (iSlot+1) % DB_CACHE_SIZE;
    finalize(p, s);
  }else{
    s = &p->aCache[p->nCache++];
  }
  s->zSql = zSql;
  s->pStmt = fresh.pStmt;
  s->pPg = fresh.pPg;
  s->pDb = p;
  s->bHeld = true;
  cache_check(p);
  return s;
}

struct stmt *db_dynamic(struct db *p, const char *zSql){
  struct stmt *s = xcalloc(1, sizeof *s);
  s->pDb = p;
  if( !prepare(p, zSql, s) ){ free(s); return 0; }
  return s;
}
void db_dynamic_free(struct stmt *s){
  if( !s ) return;
  finalize(s->pDb, s);
  free(s);
}

/* The failed statement (no statement) binds nothing, steps to -1 and
** reads as NULL columns. PostgreSQL takes every value as text (or bytes,
** for a blob) and infers its type from where it is used. */
void stmt_bind_text(struct stmt *s, int i, const char *z){
  if( s->pPg ){ pg_bind(s->pPg, i, z, z ? strlen(z) : 0, false); return; }
  if( !s->pStmt ) return;
  if( z ) sqlite3_bind_text(s->pStmt, i, z, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(s->pStmt, i);
}
void stmt_bind_int(struct stmt *s, int i, long long v){
  if( s->pPg ){
    char z[24];
    int n = snprintf(z, sizeof z, "%lld", v);
    pg_bind(s->pPg, i, z, (size_t)n, false);
    return;
  }
  if( s->pStmt ) sqlite3_bind_int64(s->pStmt, i, v);
}
void stmt_bind_null(struct stmt *s, int i){
  if( s->pPg ){ pg_bind(s->pPg, i, 0, 0, false); return; }
  if( s->pStmt ) sqlite3_bind_null(s->pStmt, i);
}
void stmt_bind_double(struct stmt *s, int i, double v){
  if( s->pPg ){
    char z[40];
    int n = snprintf(z, sizeof z, "%.17g", v);
    pg_bind(s->pPg, i, isnan(v) ? 0 : z, (size_t)n, false);
    return;
  }
  if( !s->pStmt ) return;
  if( isnan(v) ) sqlite3_bind_null(s->pStmt, i); else sqlite3_bind_double(s->pStmt, i, v);
}
void stmt_bind_blob(struct stmt *s, int i, const void *pv, size_t n){
  if( s->pPg ){ pg_bind(s->pPg, i, n ? pv : "", n, true); return; }
  if( !s->pStmt ) return;
  if( pv && n ) sqlite3_bind_blob64(s->pStmt, i, pv, (sqlite3_uint64)n, SQLITE_TRANSIENT);
  else sqlite3_bind_zeroblob(s->pStmt, i, 0);
}

int stmt_step(struct stmt *s){
  struct db *p = s->pDb;
  assert( p!=0 && stmt_of(p, s) );
  if( !stmt_live(s) || fault_now(p) ){  /* a failed prepare (already logged), or the injected fault */
    stmt_done(s);
    if( p->bInTx ) p->bTxFailed = true;
    p->nStepFailed++;
    return -1;
  }
  if( s->pPg ){
    int rc = pg_step(p->pg, s->pPg);    /* logs a failure but a constraint's */
    if( rc<0 ){
      p->bLastInjected = false;
      p->bLastUnique = pg_last_was_unique(p->pg);
      if( !pg_last_was_constraint(p->pg) ) db_count_error();
      if( p->bInTx ) p->bTxFailed = true;
      p->nStepFailed++;
    }
    return rc;
  }
  int rc = sqlite3_step(s->pStmt);
  if( rc==SQLITE_ROW ) return 1;
  if( rc==SQLITE_DONE ) return 0;
  if( p->bInTx ) p->bTxFailed = true;
  p->nStepFailed++;
  p->lastRc = sqlite3_extended_errcode(p->h);
  p->bLastInjected = false;
  if( (p->lastRc & 0xff)!=SQLITE_CONSTRAINT ){
    db_count_error();
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
  if( s->pPg ) return pg_text(s->pPg, iCol);
  if( !s->pStmt ) return "";
  const unsigned char *z = sqlite3_column_text(s->pStmt, iCol);
  return z ? (const char*)z : "";
}
bool stmt_is_null(struct stmt *s, int iCol){
  if( s->pPg ) return pg_is_null(s->pPg, iCol);
  return !s->pStmt || sqlite3_column_type(s->pStmt, iCol)==SQLITE_NULL;
}
long long stmt_int(struct stmt *s, int iCol){
  if( s->pPg ){
    const char *z = pg_text(s->pPg, iCol);
    /* A numeric with a fraction reads as its integer part, as in SQLite. */
    return strtoll(z, 0, 10);
  }
  return s->pStmt ? sqlite3_column_int64(s->pStmt, iCol) : 0;
}
double stmt_double(struct stmt *s, int iCol){
  if( stmt_is_null(s, iCol) ) return NAN;
  if( s->pPg ) return strtod(pg_text(s->pPg, iCol), 0);
  return sqlite3_column_double(s->pStmt, iCol);
}
const void *stmt_blob(struct stmt *s, int iCol, size_t *pn){
  if( s->pPg ) return pg_blob(s->pPg, iCol, pn);
  const void *pv = s->pStmt ? sqlite3_column_blob(s->pStmt, iCol) : 0;
  *pn = pv ? (size_t)sqlite3_column_bytes(s->pStmt, iCol) : 0;
  return pv;
}
void stmt_done(struct stmt *s){
  if( s->pStmt ) sqlite3_reset(s->pStmt);
  if( s->pPg ) pg_reset(s->pPg);
  s->bHeld = false;
}
int stmt_column_count(struct stmt *s){
  if( s->pPg ) return pg_column_count(s->pPg);
  return s->pStmt ? sqlite3_column_count(s->pStmt) : 0;
}
enum db_kind stmt_column_kind(struct stmt *s, int iCol){
  if( s->pPg ) return pg_column_kind(s->pPg, iCol);
  switch( s->pStmt ? sqlite3_column_type(s->pStmt, iCol) : SQLITE_NULL ){
    case SQLITE_INTEGER: return DBK_INT;
    case SQLITE_FLOAT: return DBK_FLOAT;
    case SQLITE_TEXT: return DBK_TEXT;
    case SQLITE_BLOB: return DBK_BLOB;
    default: return DBK_NULL;
  }
}

bool db_exec_script(struct db *p, const char *zSql){
  if( p->pg ) return pg_run(p, zSql);
  char *zErr = 0;
  if( sqlite3_exec(p->h, zSql, 0, 0, &zErr)!=SQLITE_OK ){
    db_count_error();
    fprintf(stderr, "carecluster: SQL script failed: %s\n", zErr ? zErr : "?");
    sqlite3_free(zErr);
    return false;
  }
  return true;
}

/* Writes take turns, on both databases. SQLite's BEGIN IMMEDIATE takes
** its one write lock. On PostgreSQL (READ COMMITTED) a transaction-level
** advisory lock, the same key for every write, does the same across every
** server sharing the database: each check-then-write (the next action
** reference, an agenda position, an overlapping meeting, one Cluster Lead
** at a time, quorum before a decision) runs alone and reads what every
** earlier write committed. Reads never wait for it. */
#define DB_WRITE_LOCK "SELECT pg_advisory_xact_lock(4242011)"

bool db_begin(struct db *p){
  assert( !p->bInTx );   /* transactions do not nest */
  if( fault_now(p) ) return false;
  if( p->pg ){
    if( !pg_run(p, "BEGIN ISOLATION LEVEL READ COMMITTED; " DB_WRITE_LOCK) ){
      pg_run(p, "ROLLBACK");
      return false;
    }
  }else if( !db_exec_script(p, "BEGIN IMMEDIATE") ){
    return false;
  }
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
  if( p->pg ) pg_run(p, "ROLLBACK");
  else sqlite3_exec(p->h, "ROLLBACK", 0, 0, 0);
  p->bInTx = false;
}
bool db_in_transaction(struct db *p){ return p->bInTx; }
bool db_tx_failed(struct db *p){ return p->bInTx && p->bTxFailed; }
long long db_step_failures(struct db *p){ return p->nStepFailed; }
bool db_read_begin(struct db *p){
  /* A request's reads start with no transaction open. */
  if( NEVER(p->bInTx) ) return false;
  if( p->pg ){
    /* One snapshot for the whole page, as SQLite's read transaction gives. */
    p->bReadTx = pg_run(p, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    return p->bReadTx;
  }
  return sqlite3_exec(p->h, "BEGIN", 0, 0, 0)==SQLITE_OK;
}
void db_read_end(struct db *p){
  /* Its COMMIT would end a write transaction behind db_commit's back. */
  assert( !p->bInTx );
  if( p->pg ){
    if( p->bReadTx && !pg_run(p, "COMMIT") ) pg_run(p, "ROLLBACK");
    p->bReadTx = false;
    return;
  }
  if( sqlite3_get_autocommit(p->h) ) return;
  if( sqlite3_exec(p->h, "COMMIT", 0, 0, 0)!=SQLITE_OK ) sqlite3_exec(p->h, "ROLLBACK", 0, 0, 0);
}
const char *db_errmsg(struct db *p){
  if( p->bLastInjected ) return "injected fault";
  return p->pg ? pg_errmsg(p->pg) : sqlite3_errmsg(p->h);
}
bool db_last_was_unique_violation(struct db *p){
  if( p->pg ) return p->bLastUnique;
  return p->lastRc==SQLITE_CONSTRAINT_UNIQUE || p->lastRc==SQLITE_CONSTRAINT_PRIMARYKEY;
}

struct db *db_copy(struct db *p){
  if( p->pg ){
    fprintf(stderr, "carecluster: an in-memory copy is made only of a SQLite database\n");
    return 0;
  }
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

bool db_backup(struct db *p, const char *zOut, char **pzErr){
  *pzErr = 0;
  struct buf b = {0};
  if( p->pg ){
    buf_puts(&b, "backup copies a SQLite database; for PostgreSQL use pg_dump (see README.md)");
    *pzErr = buf_steal(&b);
    return false;
  }
  if( access(zOut, F_OK)==0 ){
    buf_printf(&b, "%s already exists; choose a new file for the backup", zOut);
    *pzErr = buf_steal(&b);
    return false;
  }
  sqlite3 *hOut = 0;
  int rc = sqlite3_open_v2(zOut, &hOut, SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE, 0);
  if( rc==SQLITE_OK ){
    sqlite3_backup *bk = sqlite3_backup_init(hOut, "main", p->h, "main");
    if( !bk ){
      rc = sqlite3_errcode(hOut);
    }else{
      /* A few pages at a time, so a running server's writers get their
      ** turn; a write by another connection restarts the copy. */
      do{
        rc = sqlite3_backup_step(bk, 256);
        if( rc==SQLITE_BUSY || rc==SQLITE_LOCKED ) sqlite3_sleep(20);
      }while( rc==SQLITE_OK || rc==SQLITE_BUSY || rc==SQLITE_LOCKED );
      sqlite3_backup_finish(bk);
      if( rc==SQLITE_DONE ) rc = SQLITE_OK;
    }
  }
  if( rc==SQLITE_OK ){
    char *zE = 0;
    /* The copy keeps no write-ahead log beside it: one file to keep. */
    rc = sqlite3_exec(hOut, "PRAGMA journal_mode=DELETE", 0, 0, &zE);
    sqlite3_free(zE);
  }
  if( rc!=SQLITE_OK ){
    buf_printf(&b, "cannot back up to %s: %s", zOut, hOut ? sqlite3_errmsg(hOut) : sqlite3_errstr(rc));
    *pzErr = buf_steal(&b);
    sqlite3_close(hOut);
    unlink(zOut);
    return false;
  }
  sqlite3_close(hOut);
  return true;
}

char **db_table_names(struct db *p){
  struct stmt *s = p->pg
    ? db_dynamic(p, "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema=current_schema() AND table_type='BASE TABLE'"
                    " ORDER BY table_name")
    : db_dynamic(p, "SELECT name FROM sqlite_schema WHERE type='table'"
                    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  if( !s ) return 0;
  int n = 0, nAlloc = 16, rc;
  char **az = xcalloc((size_t)nAlloc, sizeof(char*));
  while( (rc = stmt_step(s))==1 ){
    if( n+1>=nAlloc ){ nAlloc *= 2; az = xrealloc(az, (size_t)nAlloc*sizeof(char*)); }
    az[n++] = xstrdup(stmt_text(s, 0));
  }
  az[n] = 0;
  db_dynamic_free(s);
  if( rc<0 ){ db_table_names_free(az); return 0; }
  return az;
}
void db_table_names_free(char **az){
  if( !az ) return;
  for(int i=0; az[i]; i++) free(az[i]);
  free(az);
}

/* FNV-1a over n bytes, continuing from h. */
static unsigned long long fnv(unsigned long long h, const void *pv, size_t n){
  const unsigned char *q = pv;
  for(size_t i=0; i<n; i++){ h ^= q[i]; h *= 1099511628211ULL; }
  return h;
}

unsigned long long db_digest(struct db *p){
  unsigned long long total = 0;
  char **az = db_table_names(p);
  if( !az ) return 0;
  for(int iTable=0; az[iTable]; iTable++){
    const char *zTable = az[iTable];
    /* SQL made at run time: a table name from the schema, quoted as an
    ** identifier ("" doubles any " in it). */
    struct buf q = {0};
    buf_puts(&q, "SELECT * FROM \"");
    for(const char *c=zTable; *c; c++){ if( *c=='"' ) buf_putc(&q, '"'); buf_putc(&q, *c); }
    buf_puts(&q, "\"");
    struct stmt *pRows = db_dynamic(p, buf_cstr(&q));
    if( pRows ){
      unsigned long long hTable = fnv(14695981039346656037ULL, zTable, strlen(zTable));
      while( stmt_step(pRows)==1 ){
        unsigned long long hRow = hTable;
        int nCol = stmt_column_count(pRows);
        for(int i=0; i<nCol; i++){
          unsigned char t = (unsigned char)stmt_column_kind(pRows, i);
          hRow = fnv(hRow, &t, 1);
          size_t n = 0;
          const void *v;
          if( t==DBK_BLOB ){ v = stmt_blob(pRows, i, &n); }
          else{ v = stmt_text(pRows, i); n = strlen(v); }
          if( v && n>0 ) hRow = fnv(hRow, v, n);
          hRow = fnv(hRow, "|", 1);
        }
        total += hRow;   /* a sum: independent of the order rows come in */
      }
      total += hTable;
    }
    db_dynamic_free(pRows);
    buf_free(&q);
  }
  db_table_names_free(az);
  return total;
}

/* ---- migrations -------------------------------------------------------- */

/* The migration files for this database, in order: "NNNN_name.sql" for
** both, or "NNNN_name.sqlite.sql" / "NNNN_name.pg.sql" where the two
** differ. Calls xApply for each; stops at the first false. -1 when the
** set is malformed (a number used twice, a file with no number). */
static int each_migration(struct db *p, bool (*xApply)(struct db*, int, const char*, const char*, void*), void *ctx){
  static const char zPrefix[] = "db/migrations/";
  const char *zMine = db_dialect(p);
  int lastVersion = 0;
  for(int i=0; i<embedded_count; i++){
    const struct embedded_file *f = &embedded_files[i];
    if( strncmp(f->zName, zPrefix, sizeof(zPrefix)-1)!=0 ) continue;
    const char *zBase = f->zName + sizeof(zPrefix)-1;
    int version = atoi(zBase);
    if( version<=0 ){
      fprintf(stderr, "carecluster: migration %s has no number\n", f->zName);
      return -1;
    }
    /* "x.pg.sql", "x.sqlite.sql" or plain "x.sql". */
    size_t n = strlen(zBase);
    const char *zTag = 0;
    if( n>7 && strcmp(zBase+n-7, ".pg.sql")==0 ) zTag = "pg";
    else if( n>11 && strcmp(zBase+n-11, ".sqlite.sql")==0 ) zTag = "sqlite";
    if( zTag && strcmp(zTag, zMine)!=0 ) continue;
    /* The table is sorted by name, so a reused number sits next to its twin. */
    if( version==lastVersion ){
      fprintf(stderr, "carecluster: two migrations are numbered %d: give %s the next free number\n", version, f->zName);
      return -1;
    }
    lastVersion = version;
    if( !xApply(p, version, zBase, (const char*)f->aData, ctx) ) return -1;
  }
  return 0;
}

static bool migration_done(struct db *p, int version){
  struct stmt *s = db_prepare(p, "SELECT 1 FROM schema_migrations WHERE version=?");
  stmt_bind_int(s, 1, version);
  int bDone = stmt_step(s);
  stmt_done(s);
  return bDone==1;
}

static bool migration_record(struct db *p, int version, const char *zName){
  char zNow[32];
  time_t t = time(0); struct tm tm; gmtime_r(&t, &tm);
  strftime(zNow, sizeof zNow, "%Y-%m-%dT%H:%M:%SZ", &tm);
  struct stmt *s = db_prepare(p, "INSERT INTO schema_migrations(version,name,applied_at) VALUES(?,?,?)");
  stmt_bind_int(s, 1, version);
  stmt_bind_text(s, 2, zName);
  stmt_bind_text(s, 3, zNow);
  return stmt_exec(s);
}

static const char zMigrationsTable[] =
  "CREATE TABLE IF NOT EXISTS schema_migrations("
  " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

/* One migration, in its own transaction. The check that it is still to
** do runs inside, behind the write lock, so two servers starting at once
** on one database apply it once. */
static bool apply_own_tx(struct db *p, int version, const char *zName, const char *zSql, void *ctx){
  int *pn = ctx;
  if( !db_begin(p) ) return false;
  if( migration_done(p, version) ){ db_rollback(p); return true; }
  if( db_tx_failed(p) ){ db_rollback(p); return false; }
  if( !db_exec_script(p, zSql) ){
    fprintf(stderr, "carecluster: migration %s failed; nothing of it was applied\n", zName);
    db_rollback(p);
    return false;
  }
  if( !migration_record(p, version, zName) || !db_commit(p) ){ db_rollback(p); return false; }
  (*pn)++;
  return true;
}

int db_migrate(struct db *p){
  assert( !p->bInTx );
  if( !db_begin(p) ) return -1;
  if( !db_exec_script(p, zMigrationsTable) || !db_commit(p) ){ db_rollback(p); return -1; }
  int nApplied = 0;
  if( each_migration(p, apply_own_tx, &nApplied)<0 ) return -1;
  /* PostgreSQL: text in byte order, as in SQLite (see pg.c); a no-op once
  ** done, and done again when a migration added a text column. */
  if( p->pg ){
    if( !db_begin(p) ) return -1;
    if( !pg_collate_text_bytewise(p->pg) || !db_commit(p) ){
      db_rollback(p);
      fprintf(stderr, "carecluster: could not give the text columns byte order\n");
      return -1;
    }
  }
  return nApplied;
}

static bool apply_in_tx(struct db *p, int version, const char *zName, const char *zSql, void *ctx){
  (void)ctx;
  if( migration_done(p, version) ) return true;
  if( !db_exec_script(p, zSql) ){
    fprintf(stderr, "carecluster: migration %s failed\n", zName);
    return false;
  }
  return migration_record(p, version, zName);
}

bool db_migrate_in_tx(struct db *p){
  assert( p->bInTx );
  return db_exec_script(p, zMigrationsTable) && each_migration(p, apply_in_tx, 0)==0
      && (!p->pg || pg_collate_text_bytewise(p->pg));
}

int db_schema_version(struct db *p){
  struct stmt *s = db_prepare(p, "SELECT COALESCE(max(version),0) FROM schema_migrations");
  int v = stmt_step(s)==1 ? (int)stmt_int(s, 0) : -1;
  stmt_done(s);
  return v;
}
