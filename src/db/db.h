/*
** The database: SQLite (a file, the default) or PostgreSQL (a URI), behind
** one interface. Only src/db calls sqlite3_* or PQ*; nothing above it
** knows which database it runs on. SQL is written once, portable to both:
** "?" or "?N" placeholders (rewritten to $N for PostgreSQL when prepared),
** INSERT ... RETURNING id, WITH RECURSIVE, COALESCE, CASE, ISO-8601 dates
** as text passed in from C (never date('now') inside SQL), 0/1 flags
** compared with =1, a boolean only as a whole select column (it reads 1
** or 0 on both).
**
** Statements are prepared once per connection and cached by the address
** of their SQL text, which must therefore be a string literal: db_prepare
** is a macro that pastes "" before and after its SQL argument, so any
** other expression (a variable, a call, a conditional) does not compile.
** Values are always bound.
*/
#ifndef CC_DB_H
#define CC_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct db;
struct stmt;

/* Open a connection. zTarget is a SQLite file path (opened, and created
** when bCreate, in WAL mode with foreign keys, synchronous=FULL and a
** busy timeout; without bCreate a missing file is an error that says how
** to create it) or a PostgreSQL URI ("postgresql://user@host:port/db",
** "postgresql:///db?host=/run/postgresql"; the database must exist,
** bCreate is ignored). NULL on failure, with a message in *pzErr (free
** it; it never holds a password). A connection is used by one thread at
** a time. */
struct db *db_open(const char *zTarget, bool bCreate, char **pzErr);
/* True when zTarget names a PostgreSQL database (a URI), not a file. */
bool db_is_uri(const char *zTarget);
/* zTarget as it may be shown: a URI's password replaced by "***". */
void db_describe(const char *zTarget, char *zOut, size_t nOut);
/* After a failed `init` or `copy` into a new database: close it and
** remove what was made (the SQLite file; the tables made in an empty
** PostgreSQL database). */
void db_abandon_new(struct db *, const char *zTarget);
/* True when the database holds no table at all: a new installation. */
bool db_is_empty(struct db *);
/* False once the connection has been lost (PostgreSQL restarting, the
** network): close it and open a new one. Always true for SQLite. */
bool db_healthy(struct db *);
/* Database errors (not constraint violations) on every connection since
** the program started: for /metrics. */
long long db_error_count(void);
/* Finalize the cached statements and close; NULL is nothing to do. No
** write transaction may be open. */
void db_close(struct db *);

/* Apply every embedded migration (db/migrations/NNNN_*.sql) not yet
** recorded in schema_migrations, each in its own transaction. Returns
** the number applied, or -1 with a message on stderr. */
int db_migrate(struct db *);
/* The highest migration applied; -1 if it cannot be read. */
int db_schema_version(struct db *);

/* Operators' tools. db_backup: an online copy of a SQLite database into
** the new file zOut while servers keep using it (false with a message for
** PostgreSQL, which has pg_dump, or when zOut exists). db_copy_all: every
** row of pFrom into pTo, which must be empty (no tables): pTo's schema is
** made by the migrations and filled in one transaction, then every
** table's row count is compared; nothing is left in pTo on failure. Both
** false with a message in *pzErr (free it); db_copy_all reports each
** table on pLog when it is not NULL. */
bool db_backup(struct db *, const char *zOut, char **pzErr);
bool db_copy_all(struct db *pFrom, struct db *pTo, FILE *pLog, char **pzErr);

/* The cached statement for zSql (a literal), reset and with its bindings
** cleared. Never NULL. Aborts if the SQL does not compile (SQLITE_ERROR:
** a programming error the tests find). Any other failure (out of memory,
** a locked schema, an injected fault) is logged and returns a failed
** statement: binding it does nothing, its columns read as NULL and
** stmt_step() returns -1, so the caller's ordinary error path runs.
**
** Call db_prepare(db, "SQL"); db_prepare_ is its implementation and is
** not called directly (tools/codecheck.sh refuses it outside src/db).
**
** A statement belongs to its connection's cache: it is valid until the
** next db_prepare of the same SQL on that connection, so a caller
** finishes with one (stmt_done, or stmt_exec) before code it calls
** prepares the same literal again. A full cache makes room by finalizing
** a statement nobody holds: one that was finished (stmt_done), never one
** a caller still steps through, however many others come and go. */
struct stmt *db_prepare_(struct db *, const char *zSql);
#define db_prepare(db, zSql) db_prepare_((db), "" zSql "")
/* Bind parameter i (1-based, or ?N's N). Never fails visibly: a bad
** index or an allocation failure shows as the step's error. */
void stmt_bind_text(struct stmt *, int i, const char *z);  /* copied; NULL binds NULL */
void stmt_bind_int(struct stmt *, int i, long long v);
void stmt_bind_null(struct stmt *, int i);
/* A double precision number; NaN binds NULL. */
void stmt_bind_double(struct stmt *, int i, double v);
/* Bytes (copied); NULL or n==0 binds an empty blob. */
void stmt_bind_blob(struct stmt *, int i, const void *p, size_t n);
/* Step: 1 = a row is ready, 0 = done, -1 = error (logged unless a
** constraint; see db_errmsg, db_last_was_unique_violation). An error
** inside a write transaction dooms it: db_commit will roll back. */
int stmt_step(struct stmt *);
/* Step to completion and stmt_done; true on success, false on the first
** error (as stmt_step). */
bool stmt_exec(struct stmt *);
/* Columns of the current row (0-based), after stmt_step returned 1. Text
** is valid until the next step or stmt_done; "" for NULL. */
const char *stmt_text(struct stmt *, int iCol);
/* True for a NULL column (and every column of a failed statement). */
bool stmt_is_null(struct stmt *, int iCol);
/* An integer column; 0 for NULL. */
long long stmt_int(struct stmt *, int iCol);
double stmt_double(struct stmt *, int iCol);      /* NaN for NULL */
/* A blob column: its bytes (valid until the next step or stmt_done) and length. */
const void *stmt_blob(struct stmt *, int iCol, size_t *pn);
/* Finish with the statement (reset it so locks are released); it may be
** prepared again. Never fails. */
void stmt_done(struct stmt *);

/* Transactions. db_begin starts a write transaction (BEGIN IMMEDIATE);
** nesting is a programming error. db_commit commits, or rolls back and
** returns false when the commit fails or when any statement failed to
** step since db_begin (stmt_step returned -1, a constraint included),
** even if the caller carried on: a write path that reads a default for a
** failed query can never commit half of what it meant.
**
** db_begin: false (nothing begun) when the database refuses, e.g. busy
** past the timeout. db_commit: only inside a transaction; the
** transaction has ended either way. db_rollback: ends the write
** transaction, if any (so it is safe on every error path); never fails.
** db_in_transaction: true between a successful db_begin and its end.
** Every write path ends what it began before it returns: the dispatcher
** asserts that each request starts and ends with none open. */
bool db_begin(struct db *);
bool db_commit(struct db *);
void db_rollback(struct db *);
bool db_in_transaction(struct db *);
/* True if a statement failed to step since db_begin (so that db_commit
** will refuse); false outside a write transaction. A write that runs its
** checks inside its transaction asks this before it believes a check
** that refused: a failed read is "not saved", not a broken rule. */
bool db_tx_failed(struct db *);
/* How many statements of this connection have failed to step since it
** opened (constraints and injected faults included). Reads made outside
** a write transaction, whose failure nothing else would catch (drawing
** a file before the transaction that stores it), compare it before and
** after to know that what they read is whole. */
long long db_step_failures(struct db *);
/* A read transaction (BEGIN DEFERRED) around a request's reads, ended
** with db_read_end (COMMIT, or ROLLBACK if that fails). Writes must not
** happen inside it, and neither may begin inside a write transaction.
** db_read_begin returns false (no transaction: the reads then run one by
** one) when the database refuses. */
bool db_read_begin(struct db *);
void db_read_end(struct db *);

/* Run a script of statements with no parameters (migrations only). False
** with a message on stderr. */
bool db_exec_script(struct db *, const char *zSql);
/* The message of the last failure on this connection ("injected fault"
** for an injected one); valid until the next call on it. */
const char *db_errmsg(struct db *);
/* True if the last failure was a UNIQUE or PRIMARY KEY constraint. */
bool db_last_was_unique_violation(struct db *);

/* Fault injection, as SQLite's own test harness does it, for tests that
** walk a write path failing at each step in turn. Always compiled, inert
** until armed: when off, each prepare, step, begin and commit pays one
** integer compare. No program code calls these (tools/codecheck.sh
** refuses db_fault_, db_digest and db_copy outside src/db).
**
** db_fault_set(db, n) with n>0 counts from zero and makes the n-th
** db_prepare, stmt_step, db_begin or db_commit on this connection fail,
** once: the prepare returns the failed statement (see db_prepare), the
** step returns -1, begin and commit return false (a failed commit rolls
** back, as a real one does). db_errmsg() then says "injected fault".
** n<=0 disarms. db_fault_fired() says whether the armed call was
** reached, db_fault_fired_in_transaction() whether it was reached inside
** a write transaction (db_begin's own call is outside, db_commit's
** inside); db_fault_calls() how many calls were counted since
** db_fault_set. */
void db_fault_set(struct db *, long long n);
bool db_fault_fired(struct db *);
bool db_fault_fired_in_transaction(struct db *);
long long db_fault_calls(struct db *);

/* A digest of every row of every table (schema tables and
** schema_migrations included), independent of row order: equal digests
** mean, but for a 64-bit hash collision, equal contents. For tests that
** prove a failed write left nothing behind. 0 if the schema cannot be
** read. */
unsigned long long db_digest(struct db *);
/* A new in-memory connection holding a copy of every table of p (the
** SQLite backup API), for a test that tries a write on the copy and
** throws it away. NULL (with a message on stderr) on failure. */
struct db *db_copy(struct db *);

#endif
