/*
** The PostgreSQL backend of db.h, over libpq. The front (db.c) keeps the
** statement cache, the transactions and the fault hook; this file talks
** to the server.
**
** - SQL is written once for both databases with "?" and "?N" placeholders;
**   each is rewritten to PostgreSQL's "$N" once, when the statement is
**   prepared (a named prepared statement per connection, cached by db.c).
** - Values are sent as text of unspecified type, so the server infers each
**   parameter's type from where it is used, as SQLite's loose typing lets
**   the same SQL work there; blobs are sent as bytes.
** - Results come back as text. A boolean (a comparison or EXISTS in a
**   select list) reads "1" or "0", as SQLite gives; bytea is unescaped.
** - A lost connection (the server restarting) marks the connection
**   unhealthy: db_healthy() is then false and the app opens a new one.
*/
#include "db/db_internal.h"
#include "util/assert.h"
#include "util/buf.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type oids of the pg_type catalogue (stable across versions). */
#define OID_BOOL   16
#define OID_BYTEA  17
#define OID_INT8   20
#define OID_INT2   21
#define OID_INT4   23
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700
#define OID_TEXT   25

struct pg {
  PGconn *conn;
  bool bBroken;            /* the connection was lost */
  bool bClosing;           /* db_close is finalizing its statements */
  unsigned nNames;         /* prepared statements named so far */
  char zErr[512];          /* the last failure's message */
};

struct pgstmt {
  char zName[16];
  int nParam;
  char **azValue;          /* nParam values (NULL: SQL NULL), owned */
  int *anLen;
  int *aFormat;            /* 0 text, 1 binary */
  PGresult *res;           /* after the first step */
  int iRow;                /* the current row, -1 before the first */
  int nRow;
  unsigned char *pBlob;    /* the last unescaped bytea, freed on the next */
};

bool pg_is_uri(const char *z){
  return strncmp(z, "postgresql://", 13)==0 || strncmp(z, "postgres://", 11)==0;
}

static void set_err(struct pg *g, const char *z){
  snprintf(g->zErr, sizeof g->zErr, "%s", z && *z ? z : "unknown error");
  size_t n = strlen(g->zErr);
  while( n>0 && (g->zErr[n-1]=='\n' || g->zErr[n-1]==' ') ) g->zErr[--n] = 0;
}

/* After a failure: was it the connection? */
static void check_connection(struct pg *g){
  if( PQstatus(g->conn)!=CONNECTION_OK ) g->bBroken = true;
}

struct pg *pg_connect(const char *zUri, char **pzErr){
  /* A server that does not answer is given up on after 5 seconds (the
  ** URI's own connect_timeout wins: later settings override earlier). */
  static const char *const azKey[] = { "connect_timeout", "application_name", "dbname", 0 };
  const char *azVal[] = { "5", "carecluster", zUri, 0 };
  PGconn *c = PQconnectdbParams(azKey, azVal, 1);
  if( PQstatus(c)!=CONNECTION_OK ){
    struct buf b = {0};
    /* libpq's message names the host and the reason, never the password. */
    buf_printf(&b, "cannot connect to the PostgreSQL database: %s", PQerrorMessage(c));
    while( b.n>0 && b.z[b.n-1]=='\n' ) b.z[--b.n] = 0;
    *pzErr = buf_steal(&b);
    PQfinish(c);
    return 0;
  }
  /* The session's settings: UTC, ISO dates, text as UTF-8, and no
  ** notices on standard error for "already exists, skipping". */
  PGresult *r = PQexec(c, "SET client_encoding='UTF8'; SET TIME ZONE 'UTC';"
                          " SET client_min_messages=warning; SET DateStyle='ISO, YMD'");
  bool ok = PQresultStatus(r)==PGRES_COMMAND_OK;
  PQclear(r);
  if( !ok ){
    struct buf b = {0};
    buf_printf(&b, "cannot set up the PostgreSQL session: %s", PQerrorMessage(c));
    *pzErr = buf_steal(&b);
    PQfinish(c);
    return 0;
  }
  struct pg *g = xcalloc(1, sizeof *g);
  g->conn = c;
  return g;
}

void pg_close(struct pg *g){
  if( !g ) return;
  PQfinish(g->conn);
  free(g);
}

void pg_closing(struct pg *g){ g->bClosing = true; }

bool pg_healthy(struct pg *g){ return !g->bBroken && PQstatus(g->conn)==CONNECTION_OK; }
const char *pg_errmsg(struct pg *g){ return g->zErr[0] ? g->zErr : PQerrorMessage(g->conn); }

/* The SQL with each "?" or "?N" made "$N", skipping string literals,
** quoted identifiers and comments; the number of parameters in *pn, and
** in aUsed[k-1] (when k<=nUsed) whether $k appears. */
static char *rewrite(const char *z, int *pn, bool *aUsed, int nUsed){
  struct buf b = {0};
  int nNext = 0, nMax = 0;
  for(const char *c=z; *c; ){
    if( *c=='\'' || *c=='"' ){
      char q = *c;
      buf_putc(&b, *c++);
      while( *c ){
        if( *c==q && c[1]==q ){ buf_putc(&b, *c++); buf_putc(&b, *c++); continue; }
        if( *c==q ) break;
        buf_putc(&b, *c++);
      }
      if( *c ) buf_putc(&b, *c++);
    }else if( c[0]=='-' && c[1]=='-' ){
      while( *c && *c!='\n' ) buf_putc(&b, *c++);
    }else if( c[0]=='/' && c[1]=='*' ){
      const char *e = strstr(c+2, "*/");
      size_t n = e ? (size_t)(e+2-c) : strlen(c);
      buf_append(&b, c, n);
      c += n;
    }else if( *c=='?' ){
      c++;
      int k;
      if( *c>='0' && *c<='9' ){
        k = 0;
        while( *c>='0' && *c<='9' ) k = k*10 + (*c++ - '0');
      }else{
        k = ++nNext;
      }
      if( k>nMax ) nMax = k;
      if( k>=1 && k<=nUsed ) aUsed[k-1] = true;
      buf_printf(&b, "$%d", k);
    }else{
      buf_putc(&b, *c++);
    }
  }
  *pn = nMax;
  return buf_steal(&b);
}

struct pgstmt *pg_prepare(struct db *p, const char *zSql, bool *pbBug){
  struct pg *g = p->pg;
  *pbBug = false;
  g->zErr[0] = 0;
  if( g->bBroken ){ set_err(g, "the connection to the database was lost"); return 0; }
  int nParam = 0;
  bool aUsed[100] = {0};
  char *zPg = rewrite(zSql, &nParam, aUsed, 100);
  /* Each parameter's type is left to the server to infer (0), but for
  ** one the SQL never mentions (bound by a caller that shares its
  ** bindings with a sibling statement): the server cannot infer that. */
  Oid aType[100] = {0};
  for(int i=0; i<nParam && i<100; i++) aType[i] = aUsed[i] ? 0 : OID_TEXT;
  struct pgstmt *s = xcalloc(1, sizeof *s);
  snprintf(s->zName, sizeof s->zName, "s%u", ++g->nNames);
  PGresult *r = PQprepare(g->conn, s->zName, zPg, nParam<=100 ? nParam : 0, nParam<=100 ? aType : 0);
  free(zPg);
  if( PQresultStatus(r)!=PGRES_COMMAND_OK ){
    const char *zState = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    set_err(g, PQresultErrorMessage(r));
    /* Class 42 (syntax error or access rule violation: an unknown column,
    ** a type that cannot be inferred) is the SQL's fault; anything else
    ** (the connection, an aborted transaction) is not. */
    if( zState && strncmp(zState, "42", 2)==0 ) *pbBug = true;
    check_connection(g);
    PQclear(r);
    free(s);
    return 0;
  }
  PQclear(r);
  s->nParam = nParam;
  if( nParam>0 ){
    s->azValue = xcalloc((size_t)nParam, sizeof(char*));
    s->anLen = xcalloc((size_t)nParam, sizeof(int));
    s->aFormat = xcalloc((size_t)nParam, sizeof(int));
  }
  s->iRow = -1;
  return s;
}

static void clear_result(struct pgstmt *s){
  if( s->res ) PQclear(s->res);
  s->res = 0;
  s->iRow = -1;
  s->nRow = 0;
  if( s->pBlob ) PQfreemem(s->pBlob);
  s->pBlob = 0;
}

void pg_reset(struct pgstmt *s){
  clear_result(s);
  for(int i=0; i<s->nParam; i++){ free(s->azValue[i]); s->azValue[i] = 0; s->anLen[i] = 0; s->aFormat[i] = 0; }
}

void pg_finalize(struct db *p, struct pgstmt *s){
  if( !s ) return;
  pg_reset(s);
  /* Closing: the server forgets them with the connection. */
  if( p->pg && pg_healthy(p->pg) && !p->pg->bClosing ){
    char zSql[40];
    snprintf(zSql, sizeof zSql, "DEALLOCATE %s", s->zName);
    PQclear(PQexec(p->pg->conn, zSql));
  }
  free(s->azValue);
  free(s->anLen);
  free(s->aFormat);
  free(s);
}

void pg_bind(struct pgstmt *s, int i, const char *z, size_t n, bool bBinary){
  /* A bad index shows when the statement runs (a missing parameter). */
  if( i<1 || i>s->nParam ) return;
  clear_result(s);
  free(s->azValue[i-1]);
  s->azValue[i-1] = 0;
  if( z ){
    s->azValue[i-1] = xmalloc(n+1);
    memcpy(s->azValue[i-1], z, n);
    s->azValue[i-1][n] = 0;
  }
  s->anLen[i-1] = (int)n;
  s->aFormat[i-1] = bBinary ? 1 : 0;
}

int pg_step(struct db *p, struct pgstmt *s){
  struct pg *g = p->pg;
  if( s->res ){
    if( s->iRow+1<s->nRow ){ s->iRow++; return 1; }
    return 0;
  }
  g->zErr[0] = 0;
  p->bLastUnique = false;
  if( g->bBroken ){
    set_err(g, "the connection to the database was lost");
    db_count_error();
    return -1;
  }
  PGresult *r = PQexecPrepared(g->conn, s->zName, s->nParam, (const char *const*)s->azValue,
                               s->anLen, s->aFormat, 0);
  ExecStatusType st = PQresultStatus(r);
  if( st==PGRES_TUPLES_OK || st==PGRES_COMMAND_OK ){
    s->res = r;
    s->nRow = PQntuples(r);
    if( s->nRow>0 ){ s->iRow = 0; return 1; }
    return 0;
  }
  const char *zState = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  set_err(g, PQresultErrorMessage(r));
  check_connection(g);
  bool bConstraint = zState && strncmp(zState, "23", 2)==0;
  p->bLastUnique = zState && strcmp(zState, "23505")==0;
  if( !bConstraint ){
    db_count_error();
    fprintf(stderr, "carecluster: SQL step failed: %s\n", g->zErr);
  }
  PQclear(r);
  return -1;
}

static bool has_row(struct pgstmt *s, int iCol){
  return s->res && s->iRow>=0 && s->iRow<s->nRow && iCol>=0 && iCol<PQnfields(s->res);
}

const char *pg_text(struct pgstmt *s, int iCol){
  if( !has_row(s, iCol) ) return "";
  const char *z = PQgetvalue(s->res, s->iRow, iCol);
  if( PQftype(s->res, iCol)==OID_BOOL && !PQgetisnull(s->res, s->iRow, iCol) ){
    return z[0]=='t' ? "1" : "0";
  }
  return z;
}

bool pg_is_null(struct pgstmt *s, int iCol){
  return !has_row(s, iCol) || PQgetisnull(s->res, s->iRow, iCol);
}

const void *pg_blob(struct pgstmt *s, int iCol, size_t *pn){
  *pn = 0;
  if( pg_is_null(s, iCol) ) return 0;
  const char *z = PQgetvalue(s->res, s->iRow, iCol);
  if( PQftype(s->res, iCol)!=OID_BYTEA ){
    *pn = (size_t)PQgetlength(s->res, s->iRow, iCol);
    return z;
  }
  if( s->pBlob ) PQfreemem(s->pBlob);
  s->pBlob = PQunescapeBytea((const unsigned char*)z, pn);
  return s->pBlob;
}

const char *pg_column_name(struct pgstmt *s, int iCol){
  return s->res && iCol>=0 && iCol<PQnfields(s->res) ? PQfname(s->res, iCol) : "";
}

int pg_column_count(struct pgstmt *s){ return s->res ? PQnfields(s->res) : 0; }

enum db_kind pg_column_kind(struct pgstmt *s, int iCol){
  if( pg_is_null(s, iCol) ) return DBK_NULL;
  switch( PQftype(s->res, iCol) ){
    case OID_INT2: case OID_INT4: case OID_INT8: case OID_BOOL: return DBK_INT;
    case OID_FLOAT4: case OID_FLOAT8: case OID_NUMERIC: return DBK_FLOAT;
    case OID_BYTEA: return DBK_BLOB;
    default: return DBK_TEXT;
  }
}

bool pg_exec(struct db *p, const char *zSql){
  struct pg *g = p->pg;
  g->zErr[0] = 0;
  if( g->bBroken ){
    set_err(g, "the connection to the database was lost");
    db_count_error();
    return false;
  }
  PGresult *r = PQexec(g->conn, zSql);
  ExecStatusType st = PQresultStatus(r);
  if( st==PGRES_COMMAND_OK || st==PGRES_TUPLES_OK || st==PGRES_EMPTY_QUERY ){
    PQclear(r);
    return true;
  }
  set_err(g, PQresultErrorMessage(r));
  check_connection(g);
  PQclear(r);
  db_count_error();
  fprintf(stderr, "carecluster: SQL script failed: %s\n", g->zErr);
  return false;
}
