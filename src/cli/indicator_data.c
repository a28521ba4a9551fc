/*
** carecluster indicators import --db DB --file FILE [--valid-only]
** carecluster indicators catalogue --db DB
**
** import reads a CSV file of indicator values (the columns: README.md,
** "Indicators"; the parser: src/domain/indicator_csv.h) and imports it in
** one transaction with one audit entry, as the command line. Every error
** is written to standard error naming its line and column. A file with
** errors imports nothing (exit 1) unless --valid-only, which imports the
** lines without errors and says how many were left out. "--file -" reads
** standard input.
**
** catalogue writes the catalogue to standard output as tab-separated
** lines under a header line: code, kind, period type, polarity,
** multiplier, ages, English name.
*/
#include "cli/indicator_data.h"
#include "cli/args.h"
#include "db/db.h"
#include "domain/indicator.h"
#include "html/i18n.h"
#include "util/buf.h"
#include "util/text.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Files larger than this are refused before they are read. */
#define IMPORT_MAX_BYTES (256u*1024u*1024u)

static struct db *open_db(const char *zCmd, const char *zDb){
  char *zErr = 0;
  struct db *db = db_open(zDb, false, &zErr);
  if( !db ){ fprintf(stderr, "%s: %s\n", zCmd, zErr); free(zErr); return 0; }
  if( db_migrate(db)<0 ){ db_close(db); return 0; }
  return db;
}

/* The whole of zPath ("-": standard input) into *b. False with a message. */
static bool read_all(const char *zCmd, const char *zPath, struct buf *b){
  bool bStdin = strcmp(zPath, "-")==0;
  FILE *f = bStdin ? stdin : fopen(zPath, "rb");
  if( !f ){
    fprintf(stderr, "%s: cannot read %s: %s\n", zCmd, zPath, strerror(errno));
    return false;
  }
  char aBuf[65536];
  size_t n;
  bool ok = true;
  while( (n = fread(aBuf, 1, sizeof aBuf, f))>0 ){
    if( b->n+n>IMPORT_MAX_BYTES ){
      fprintf(stderr, "%s: %s is larger than 256 MB: split it into smaller files\n", zCmd, zPath);
      ok = false;
      break;
    }
    buf_append(b, aBuf, n);
  }
  if( ok && ferror(f) ){
    fprintf(stderr, "%s: cannot read %s: %s\n", zCmd, zPath, strerror(errno));
    ok = false;
  }
  if( !bStdin ) fclose(f);
  return ok;
}

static void print_errors(const char *zFile, const struct indicator_csv *c){
  for(int i=0; i<c->nKept; i++){
    const struct indicator_csv_error *e = &c->aError[i];
    fprintf(stderr, "%s: line %d, column %d", zFile, e->line, e->column);
    if( e->column>=1 && e->column<=c->nColumn && c->azColumn[e->column-1][0] ){
      fprintf(stderr, " (%s)", c->azColumn[e->column-1]);
    }
    fprintf(stderr, ": %s", i18n_get(LANG_EN, e->zKey));
    if( e->zText[0] ) fprintf(stderr, ": \"%s\"", e->zText);
    fputc('\n', stderr);
  }
  if( c->nError>c->nKept ) fprintf(stderr, "%s: and %d more errors\n", zFile, c->nError-c->nKept);
}

int cli_indicators_import(int argc, char **argv){
  const char *zCmd = "carecluster indicators import";
  const char *zDb = cli_value(argc, argv, "--db"), *zFile = cli_value(argc, argv, "--file");
  bool bValidOnly = cli_flag(argc, argv, "--valid-only");
  if( !zDb || !zFile ){ fprintf(stderr, "%s: give --db DB and --file FILE\n", zCmd); return 2; }
  struct buf b = {0};
  if( !read_all(zCmd, zFile, &b) ){ buf_free(&b); return 1; }
  struct db *db = open_db(zCmd, zDb);
  if( !db ){ buf_free(&b); return 1; }
  char zToday[11];
  text_today(zToday);
  struct indicator_lookup L;
  if( !indicator_lookup_load(db, zToday, &L) ){
    fprintf(stderr, "%s: the catalogue could not be read: %s\n", zCmd, db_errmsg(db));
    db_close(db);
    buf_free(&b);
    return 1;
  }
  struct indicator_csv c;
  indicator_csv_parse(b.z, b.n, &L.csv, &c);
  buf_free(&b);
  const char *zShown = strcmp(zFile, "-")==0 ? "standard input" : zFile;
  print_errors(zShown, &c);
  int rc = 1;
  if( c.bFileError ){
    fprintf(stderr, "%s: nothing was imported\n", zCmd);
  }else if( c.nError>0 && !bValidOnly ){
    fprintf(stderr, "%s: nothing was imported: %zu of the %zu lines of values %s errors. Correct them and"
                    " import the file again, or import only the lines without errors (%zu) with --valid-only.\n",
            zCmd, c.nRejected, c.nData, c.nRejected==1 ? "has" : "have", c.n);
  }else if( c.n==0 ){
    fprintf(stderr, "%s: nothing was imported: no line of the file could be used\n", zCmd);
  }else{
    struct indicator_import_result res;
    struct field_errors e = {0};
    long long n = indicator_import(db, 0, &c, &L, bValidOnly, zToday, &res, &e);
    if( n>0 ){
      printf("Imported %lld value%s from %s (%zu new, %zu replacing earlier values)", n, n==1 ? "" : "s",
             zShown, res.nNew, res.nReplaced);
      if( res.nLeftOut ) printf("; %zu line%s with errors left out", res.nLeftOut, res.nLeftOut==1 ? "" : "s");
      printf(".\n");
      if( res.nComputed ) printf("%zu health board and Wales values computed again from their clusters.\n", res.nComputed);
      rc = 0;
    }else{
      fprintf(stderr, "%s: %s\n", zCmd, e.n ? i18n_get(LANG_EN, e.a[0].zKey) : "nothing was imported");
    }
  }
  indicator_csv_free(&c);
  indicator_lookup_free(&L);
  db_close(db);
  return rc;
}

struct catalogue_ctx { int n; };
static void print_indicator(void *pCtx, const struct indicator *p){
  struct catalogue_ctx *x = pCtx;
  char zAges[32];
  if( p->ageTo<0 && p->ageFrom==0 ) snprintf(zAges, sizeof zAges, "all");
  else if( p->ageTo<0 ) snprintf(zAges, sizeof zAges, "%d+", p->ageFrom);
  else snprintf(zAges, sizeof zAges, "%d-%d", p->ageFrom, p->ageTo-1);
  printf("%s\t%s\t%s\t%s\t%.15g\t%s\t%s\n", p->zCode, indicator_kind_code(p->kind),
         indicator_period_type_code(p->periodType), indicator_polarity_code(p->polarity), p->multiplier,
         zAges, p->zNameEn);
  x->n++;
}

int cli_indicators_catalogue(int argc, char **argv){
  const char *zCmd = "carecluster indicators catalogue";
  const char *zDb = cli_value(argc, argv, "--db");
  if( !zDb ){ fprintf(stderr, "%s: give --db DB\n", zCmd); return 2; }
  struct db *db = open_db(zCmd, zDb);
  if( !db ) return 1;
  struct catalogue_ctx x = {0};
  printf("code\tkind\tperiod_type\tpolarity\tmultiplier\tages\tname\n");
  int n = indicator_list(db, print_indicator, &x);
  db_close(db);
  if( n<0 ){ fprintf(stderr, "%s: the catalogue could not be read\n", zCmd); return 1; }
  if( n==0 ) fprintf(stderr, "The catalogue is empty.\n");
  return 0;
}
