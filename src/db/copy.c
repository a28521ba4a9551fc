/*
** `carecluster copy`: a whole installation from one database into another
** (SQLite to PostgreSQL to move up; either way round for a backup).
**
** The target must be empty. In ONE transaction on it: the migrations make
** the schema, the rows the migrations seed are cleared, every table's
** rows are copied from one consistent snapshot of the source, foreign
** keys are checked at commit (deferred: a row may point at one copied
** later), every table's row count is compared, and PostgreSQL's identity
** sequences are moved past the copied ids. A failure anywhere rolls the
** whole of it back. Then PostgreSQL's statistics are gathered.
*/
#include "db/db_internal.h"
#include "util/buf.h"
#include <stdlib.h>
#include <string.h>

/* zName as a quoted identifier. */
static void put_ident(struct buf *b, const char *zName){
  buf_putc(b, '"');
  for(const char *c=zName; *c; c++){ if( *c=='"' ) buf_putc(b, '"'); buf_putc(b, *c); }
  buf_putc(b, '"');
}

/* The tables to copy: all but schema_migrations, which the migrations
** fill on the target (NULL-terminated, name order; NULL on failure). */
static char **table_names(struct db *p){
  char **az = db_table_names(p);
  if( !az ) return 0;
  int j = 0;
  for(int i=0; az[i]; i++){
    if( strcmp(az[i], "schema_migrations")==0 ) free(az[i]);
    else az[j++] = az[i];
  }
  az[j] = 0;
  return az;
}

static long long count_rows(struct db *p, const char *zTable){
  struct buf q = {0};
  buf_puts(&q, "SELECT count(*) FROM ");
  put_ident(&q, zTable);
  struct stmt *s = db_dynamic(p, buf_cstr(&q));
  buf_free(&q);
  long long n = s && stmt_step(s)==1 ? stmt_int(s, 0) : -1;
  db_dynamic_free(s);
  return n;
}

static bool run(struct db *p, const char *zSql){
  struct stmt *s = db_dynamic(p, zSql);
  bool ok = s && stmt_exec(s);
  db_dynamic_free(s);
  return ok;
}

/* Copy the rows of one table; the number copied, or -1. */
static long long copy_table(struct db *pFrom, struct db *pTo, const char *zTable, char **pzErr){
  struct buf q = {0};
  buf_puts(&q, "SELECT * FROM ");
  put_ident(&q, zTable);
  struct stmt *src = db_dynamic(pFrom, buf_cstr(&q));
  buf_reset(&q);
  buf_puts(&q, "DELETE FROM ");
  put_ident(&q, zTable);
  bool ok = src && run(pTo, buf_cstr(&q));
  struct stmt *ins = 0;
  long long n = 0;
  int rc = 0;
  while( ok && (rc = stmt_step(src))==1 ){
    int nCol = stmt_column_count(src);
    if( !ins ){
      /* The column names come with the first row. */
      buf_reset(&q);
      buf_puts(&q, "INSERT INTO ");
      put_ident(&q, zTable);
      buf_putc(&q, '(');
      for(int i=0; i<nCol; i++){
        if( i ) buf_putc(&q, ',');
        put_ident(&q, pFrom->pg ? pg_column_name(src->pPg, i) : sqlite3_column_name(src->pStmt, i));
      }
      buf_puts(&q, ") VALUES(");
      for(int i=0; i<nCol; i++) buf_puts(&q, i ? ",?" : "?");
      buf_putc(&q, ')');
      ins = db_dynamic(pTo, buf_cstr(&q));
      if( !ins ){ ok = false; break; }
    }else{
      stmt_done(ins);
    }
    for(int i=0; i<nCol; i++){
      switch( stmt_column_kind(src, i) ){
        case DBK_NULL: stmt_bind_null(ins, i+1); break;
        case DBK_INT: stmt_bind_int(ins, i+1, stmt_int(src, i)); break;
        case DBK_FLOAT: stmt_bind_double(ins, i+1, stmt_double(src, i)); break;
        case DBK_TEXT: stmt_bind_text(ins, i+1, stmt_text(src, i)); break;
        case DBK_BLOB: {
          size_t nb = 0;
          const void *pb = stmt_blob(src, i, &nb);
          stmt_bind_blob(ins, i+1, pb, nb);
          break;
        }
      }
    }
    if( stmt_step(ins)<0 ){ ok = false; break; }
    n++;
  }
  if( rc<0 ) ok = false;
  if( !ok ){
    struct buf e = {0};
    buf_printf(&e, "copying table %s failed: %s", zTable, db_errmsg(rc<0 || !src ? pFrom : pTo));
    *pzErr = buf_steal(&e);
  }
  db_dynamic_free(ins);
  db_dynamic_free(src);
  buf_free(&q);
  return ok ? n : -1;
}

/* PostgreSQL: each identity column's sequence past the highest id copied. */
static bool move_sequences(struct db *p){
  if( !p->pg ) return true;
  struct stmt *s = db_dynamic(p,
    "SELECT table_name, column_name FROM information_schema.columns"
    " WHERE table_schema=current_schema() AND is_identity='YES' ORDER BY table_name");
  if( !s ) return false;
  bool ok = true;
  int rc;
  while( ok && (rc = stmt_step(s))==1 ){
    struct buf q = {0}, t = {0};
    put_ident(&t, stmt_text(s, 0));
    buf_puts(&q, "SELECT setval(pg_get_serial_sequence('");
    /* The table's quoted name as a string literal: ' doubled. */
    for(const char *c=buf_cstr(&t); *c; c++){ if( *c=='\'' ) buf_putc(&q, '\''); buf_putc(&q, *c); }
    buf_puts(&q, "', '");
    for(const char *c=stmt_text(s, 1); *c; c++){ if( *c=='\'' ) buf_putc(&q, '\''); buf_putc(&q, *c); }
    buf_puts(&q, "'), max(");
    put_ident(&q, stmt_text(s, 1));
    buf_puts(&q, ")) FROM ");
    buf_puts(&q, buf_cstr(&t));
    buf_puts(&q, " HAVING max(");
    put_ident(&q, stmt_text(s, 1));
    buf_puts(&q, ") IS NOT NULL");
    ok = run(p, buf_cstr(&q));
    buf_free(&q);
    buf_free(&t);
  }
  db_dynamic_free(s);
  return ok && rc==0;
}

bool db_copy_all(struct db *pFrom, struct db *pTo, FILE *pLog, char **pzErr){
  *pzErr = 0;
  struct buf e = {0};
  if( !db_is_empty(pTo) ){
    buf_puts(&e, "the target database is not empty: copy only into a new, empty database");
    *pzErr = buf_steal(&e);
    return false;
  }
  if( !db_read_begin(pFrom) ){
    buf_printf(&e, "cannot read the source database: %s", db_errmsg(pFrom));
    *pzErr = buf_steal(&e);
    return false;
  }
  bool ok = db_begin(pTo);
  if( !ok ) buf_printf(&e, "cannot write to the target database: %s", db_errmsg(pTo));
  if( ok && !db_migrate_in_tx(pTo) ){
    ok = false;
    buf_printf(&e, "cannot make the schema in the target database: %s", db_errmsg(pTo));
  }
  if( ok && db_schema_version(pTo)!=db_schema_version(pFrom) ){
    ok = false;
    buf_printf(&e, "the source database is at schema version %d and this program's is %d: "
               "upgrade the source first (any command on it does, e.g. carecluster user list)",
               db_schema_version(pFrom), db_schema_version(pTo));
  }
  /* Foreign keys checked at commit: a row may point at one copied later. */
  if( ok ){
    ok = pTo->pg ? db_exec_script(pTo, "SET CONSTRAINTS ALL DEFERRED")
                 : db_exec_script(pTo, "PRAGMA defer_foreign_keys=ON");
    if( !ok ) buf_printf(&e, "cannot defer the foreign keys: %s", db_errmsg(pTo));
  }
  char **azFrom = ok ? table_names(pFrom) : 0;
  char **azTo = ok ? table_names(pTo) : 0;
  if( ok && (!azFrom || !azTo) ){
    ok = false;
    buf_puts(&e, "cannot list the tables");
  }
  /* The same tables on both sides (the same migrations made them). */
  for(int i=0; ok && (azFrom[i] || azTo[i]); i++){
    if( !azFrom[i] || !azTo[i] || strcmp(azFrom[i], azTo[i])!=0 ){
      ok = false;
      buf_printf(&e, "the two databases do not have the same tables (%s, %s)",
                 azFrom[i] ? azFrom[i] : "none", azTo[i] ? azTo[i] : "none");
    }
  }
  for(int i=0; ok && azFrom[i]; i++){
    char *zErr = 0;
    long long n = copy_table(pFrom, pTo, azFrom[i], &zErr);
    if( n<0 ){ ok = false; buf_puts(&e, zErr); free(zErr); break; }
    long long nFrom = count_rows(pFrom, azFrom[i]), nTo = count_rows(pTo, azFrom[i]);
    if( nFrom!=n || nTo!=n ){
      ok = false;
      buf_printf(&e, "table %s: %lld rows in the source, %lld copied, %lld in the target", azFrom[i], nFrom, n, nTo);
      break;
    }
    if( pLog ) fprintf(pLog, "%-32s %10lld rows\n", azFrom[i], n);
  }
  if( ok && !move_sequences(pTo) ){
    ok = false;
    buf_printf(&e, "cannot move the id sequences on: %s", db_errmsg(pTo));
  }
  if( ok && !db_commit(pTo) ){
    ok = false;
    buf_printf(&e, "the copy could not be committed (a row pointing at a missing one?): %s", db_errmsg(pTo));
  }
  if( !ok ) db_rollback(pTo);
  /* PostgreSQL plans by the statistics of each table, which a bulk load
  ** leaves empty, and answers from the index alone only where vacuum has
  ** marked the pages: both, once, before the copy is served. Outside the
  ** transaction (VACUUM cannot run inside one); a failure here loses
  ** nothing, so it is only reported. */
  if( ok && pTo->pg && !db_exec_script(pTo, "VACUUM ANALYZE") && pLog ){
    fprintf(pLog, "note: VACUUM ANALYZE failed; run it on the new database before serving it\n");
  }
  db_read_end(pFrom);
  db_table_names_free(azFrom);
  db_table_names_free(azTo);
  if( !ok ) *pzErr = buf_steal(&e);
  else buf_free(&e);
  return ok;
}
