/*
** Inside src/db only: the connection and statement structures shared by
** the front (db.c, which also holds the SQLite backend), the PostgreSQL
** backend (pg.c) and the operators' tools (copy.c). Nothing outside
** src/db includes this file.
*/
#ifndef CC_DB_INTERNAL_H
#define CC_DB_INTERNAL_H
#include "db/db.h"
#include "db/pg.h"
#include <sqlite3.h>
#include <stdbool.h>

#define DB_CACHE_SIZE 128


struct stmt {
  const char *zSql;          /* the literal it was prepared from */
  sqlite3_stmt *pStmt;       /* SQLite: the statement */
  struct pgstmt *pPg;        /* PostgreSQL: the statement */
  struct db *pDb;
  bool bHeld;                /* handed to a caller and not yet finished (stmt_done) */
};

struct db {
  sqlite3 *h;                /* SQLite, or */
  struct pg *pg;             /* PostgreSQL: exactly one is set */
  bool bInTx;
  bool bTxFailed;            /* a statement failed in this write transaction */
  long long nStepFailed;     /* statements that failed to step since the connection opened */
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

/* ---- for copy.c and the digest: statements made at run time ------------ */
/* Prepared outside the cache (only from src/db, for SQL built there from
** names read from the schema); finish with db_dynamic_free. */
struct stmt *db_dynamic(struct db *, const char *zSql);
void db_dynamic_free(struct stmt *);
int stmt_column_count(struct stmt *);
enum db_kind stmt_column_kind(struct stmt *, int iCol);
/* Every table of the installation (schema_migrations included, SQLite's
** own not), in name order, NULL-terminated; NULL on failure. Free with
** db_table_names_free. */
char **db_table_names(struct db *);
void db_table_names_free(char **);
/* The dialect tag of migration files for this connection: "sqlite" or "pg". */
const char *db_dialect(struct db *);
/* Apply every migration not yet applied, inside the write transaction
** the caller holds (copy.c): false with a message on stderr. */
bool db_migrate_in_tx(struct db *);

#endif
