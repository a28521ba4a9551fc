/*
** Inside src/db only: the PostgreSQL backend (pg.c) as the front (db.c)
** and the copy (copy.c) use it. It knows nothing of the front: it takes
** its own connection and statements and reports what happened; the front
** keeps the cache, the transactions and the counts.
*/
#ifndef CC_DB_PG_H
#define CC_DB_PG_H
#include <stdbool.h>
#include <stddef.h>

struct pg;        /* a PostgreSQL connection */
struct pgstmt;    /* a prepared statement on one */

/* A column's kind, for the copy and the digest. */
enum db_kind { DBK_NULL, DBK_INT, DBK_FLOAT, DBK_TEXT, DBK_BLOB };

bool pg_is_uri(const char *zTarget);
struct pg *pg_connect(const char *zUri, char **pzErr);
void pg_close(struct pg *);
void pg_closing(struct pg *);   /* statements finalized next need no DEALLOCATE */
/* Prepare zSql (with "?" / "?N" placeholders). NULL on failure; *pbBug
** is set when the SQL itself is wrong (a programming error). */
struct pgstmt *pg_prepare(struct pg *, const char *zSql, bool *pbBug);
void pg_finalize(struct pg *, struct pgstmt *);
void pg_reset(struct pgstmt *);        /* results and bindings dropped */
void pg_bind(struct pgstmt *, int i, const char *z, size_t n, bool bBinary);  /* z NULL: NULL */
/* 1 row, 0 done, -1 error (logged unless a constraint's: see below). */
int pg_step(struct pg *, struct pgstmt *);
/* Of the last failure: a constraint violation? a unique one? */
bool pg_last_was_constraint(struct pg *);
bool pg_last_was_unique(struct pg *);
const char *pg_text(struct pgstmt *, int iCol);
bool pg_is_null(struct pgstmt *, int iCol);
const void *pg_blob(struct pgstmt *, int iCol, size_t *pn);
int pg_column_count(struct pgstmt *);
const char *pg_column_name(struct pgstmt *, int iCol);
enum db_kind pg_column_kind(struct pgstmt *, int iCol);
/* Run SQL text (no parameters), several statements allowed. */
bool pg_exec(struct pg *, const char *zSql);
const char *pg_errmsg(struct pg *);
bool pg_healthy(struct pg *);
/* After the migrations: every text column of the installation's tables
** in the "C" collation (byte order, as SQLite's BINARY), whatever the
** database's default; alters only the columns not in it yet. */
bool pg_collate_text_bytewise(struct pg *);


#endif
