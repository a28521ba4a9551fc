/*
** Inside src/db only: the connection and statement structures shared by
** the front (db.c, which also holds the SQLite backend), the PostgreSQL
** backend (pg.c) and the operators' tools (copy.c). Nothing outside
** src/db includes this file.
*/
#ifndef CC_DB_INTERNAL_H
#define CC_DB_INTERNAL_H
#include "db/db.h"
#include <sqlite3.h>
#include <stdbool.h>

#define DB_CACHE_SIZE 128

struct pg;        /* a PostgreSQL connection (pg.c) */
struct pgstmt;    /* a prepared statement on one (pg.c) */

struct stmt {
  const char *zSql;          /* the literal it was prepared from */
  sqlite3_stmt *pStmt;       /* SQLite: the statement */
  struct pgstmt *pPg;        /* PostgreSQL: the statement */
  struct db *pDb;
};

struct db {
  sqlite3 *h;                /* SQLite, or */
  struct pg *pg;             /* PostgreSQL: exactly one is set */
  bool bInTx;
  bool bTxFailed;            /* a statement failed in this write transaction */
  bool bReadTx;              /* a read transaction is open (PostgreSQL) */
  int lastRc;                /* SQLite: extended result code of the last failure */
  bool bLastUnique;          /* PostgreSQL: the last failure was a unique violation */
  bool bLastInjected;        /* the last failure was an injected fault */
  long long nFaultAt;        /* fail the nFaultAt-th counted call; 0: off */
  long long nFaultCalls;     /* counted calls since db_fault_set */
  bool bFaultFired;
  bool bFaultInTx;           /* it fired inside a write transaction */
  struct stmt failed;        /* what a failed prepare returns (no statement) */
  struct stmt aCache[DB_CACHE_SIZE];
  int nCache;
  int iEvict;                /* next slot to reuse when the cache is full */
};

/* One more database error (not a constraint), for db_error_count(). */
void db_count_error(void);

/* A column's kind, for the copy and the digest. */
enum db_kind { DBK_NULL, DBK_INT, DBK_FLOAT, DBK_TEXT, DBK_BLOB };

/* ---- PostgreSQL (pg.c) ------------------------------------------------- */
bool pg_is_uri(const char *zTarget);
struct pg *pg_connect(const char *zUri, char **pzErr);
void pg_close(struct pg *);
void pg_closing(struct pg *);   /* statements finalized next need no DEALLOCATE */
/* Prepare zSql (with "?" / "?N" placeholders). NULL on failure; *pbBug
** is set when the SQL itself is wrong (a programming error). */
struct pgstmt *pg_prepare(struct db *, const char *zSql, bool *pbBug);
void pg_finalize(struct db *, struct pgstmt *);
void pg_reset(struct pgstmt *);        /* results and bindings dropped */
void pg_bind(struct pgstmt *, int i, const char *z, size_t n, bool bBinary);  /* z NULL: NULL */
int pg_step(struct db *, struct pgstmt *);   /* 1 row, 0 done, -1 error */
const char *pg_text(struct pgstmt *, int iCol);
bool pg_is_null(struct pgstmt *, int iCol);
const void *pg_blob(struct pgstmt *, int iCol, size_t *pn);
int pg_column_count(struct pgstmt *);
const char *pg_column_name(struct pgstmt *, int iCol);
enum db_kind pg_column_kind(struct pgstmt *, int iCol);
/* Run SQL text (no parameters), several statements allowed. */
bool pg_exec(struct db *, const char *zSql);
const char *pg_errmsg(struct pg *);
bool pg_healthy(struct pg *);

/* ---- for copy.c and the digest: statements made at run time ------------ */
/* Prepared outside the cache (only from src/db, for SQL built there from
** names read from the schema); finish with db_dynamic_free. */
struct stmt *db_dynamic(struct db *, const char *zSql);
void db_dynamic_free(struct stmt *);
int stmt_column_count(struct stmt *);
enum db_kind stmt_column_kind(struct stmt *, int iCol);
/* The dialect tag of migration files for this connection: "sqlite" or "pg". */
const char *db_dialect(struct db *);
/* Apply every migration not yet applied, inside the write transaction
** the caller holds (copy.c): false with a message on stderr. */
bool db_migrate_in_tx(struct db *);

#endif
