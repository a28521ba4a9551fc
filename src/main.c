/*
** carecluster: the command line. One binary that creates a database,
** manages users and tokens, and serves the web application.
**
**   carecluster --version
**   carecluster init --db FILE [--demo]
**   carecluster serve --db FILE [--listen 127.0.0.1:8080] [--threads N] [--behind-tls-proxy]
**   carecluster user add --db FILE --email E --name N --role ROLE --scope SLUG  (password on stdin)
**   carecluster token create --db FILE --email E
*/
#include "app.h"
#include "db/db.h"
#include "domain/auth.h"
#include "domain/refdata.h"
#include "html/i18n.h"
#include "http/http.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CC_VERSION
#define CC_VERSION "0.1.0"
#endif

static int usage(void){
  fprintf(stderr,
    "usage:\n"
    "  carecluster --version\n"
    "  carecluster init --db FILE [--demo]\n"
    "  carecluster serve --db FILE [--listen 127.0.0.1:8080] [--threads 4] [--behind-tls-proxy]\n"
    "  carecluster user add --db FILE --email E --name N --role ROLE --scope SLUG   (password on standard input)\n"
    "  carecluster token create --db FILE --email E\n"
    "ROLE is one of admin, national, health_board, cluster_lead, member.\n");
  return 2;
}

/* The value after option zName in argv, or NULL. */
static const char *opt(int argc, char **argv, const char *zName){
  for(int i=1; i<argc-1; i++) if( strcmp(argv[i], zName)==0 ) return argv[i+1];
  return 0;
}
static bool flag(int argc, char **argv, const char *zName){
  for(int i=1; i<argc; i++) if( strcmp(argv[i], zName)==0 ) return true;
  return false;
}

static struct db *open_existing(const char *zDb){
  if( !zDb ){ fprintf(stderr, "carecluster: give the database with --db FILE\n"); return 0; }
  if( access(zDb, F_OK)!=0 ){
    fprintf(stderr, "carecluster: %s does not exist: create it with 'carecluster init --db %s'\n", zDb, zDb);
    return 0;
  }
  char *zErr = 0;
  struct db *db = db_open(zDb, false, &zErr);
  if( !db ){ fprintf(stderr, "carecluster: %s\n", zErr); free(zErr); return 0; }
  if( db_migrate(db)<0 ){ db_close(db); return 0; }
  return db;
}

static int cmd_init(int argc, char **argv){
  const char *zDb = opt(argc, argv, "--db");
  if( !zDb ){ fprintf(stderr, "carecluster init: give the database to create with --db FILE\n"); return 2; }
  if( access(zDb, F_OK)==0 ){
    fprintf(stderr, "carecluster init: %s already exists; it was left as it is. Remove it or choose another name.\n", zDb);
    return 1;
  }
  char *zErr = 0;
  struct db *db = db_open(zDb, true, &zErr);
  if( !db ){ fprintf(stderr, "carecluster init: %s\n", zErr); free(zErr); return 1; }
  bool ok = db_migrate(db)>=0 && refdata_load_wales(db)
         && (!flag(argc, argv, "--demo") || refdata_load_demo(db, false));
  db_close(db);
  if( !ok ){
    unlink(zDb);
    fprintf(stderr, "carecluster init: failed; %s was not created\n", zDb);
    return 1;
  }
  printf("Created %s with the 60 clusters of NHS Wales%s.\n", zDb,
         flag(argc, argv, "--demo") ? " and demonstration data" : "");
  return 0;
}

static int cmd_serve(int argc, char **argv){
  const char *zDb = opt(argc, argv, "--db");
  struct db *db = open_existing(zDb);
  if( !db ) return 1;
  db_close(db);
  struct app_config ac = { zDb, flag(argc, argv, "--behind-tls-proxy") };
  app_configure(&ac);
  const char *zListen = opt(argc, argv, "--listen");
  char zDefault[40];
  if( !zListen ){
    const char *zPort = getenv("PORT");
    snprintf(zDefault, sizeof zDefault, "127.0.0.1:%s", zPort && *zPort ? zPort : "8080");
    zListen = zDefault;
  }
  const char *zThreads = opt(argc, argv, "--threads");
  struct http_config hc = { zListen, zThreads ? atoi(zThreads) : 4, app_handle };
  return http_serve(&hc);
}

/* Read the password from standard input: the first line, without its newline. */
static bool read_password(char *z, size_t n){
  if( !fgets(z, (int)n, stdin) ) return false;
  z[strcspn(z, "\r\n")] = 0;
  return true;
}

static int cmd_user_add(int argc, char **argv){
  struct db *db = open_existing(opt(argc, argv, "--db"));
  if( !db ) return 1;
  char zPassword[1100], zErr[400];
  if( !read_password(zPassword, sizeof zPassword) ){
    fprintf(stderr, "carecluster user add: type the password on standard input, e.g. echo 'a long passphrase' | carecluster user add ...\n");
    db_close(db);
    return 2;
  }
  bool ok = auth_user_add(db, opt(argc, argv, "--email"), opt(argc, argv, "--name"),
                          opt(argc, argv, "--role"), opt(argc, argv, "--scope"), zPassword, zErr, sizeof zErr);
  db_close(db);
  if( !ok ){ fprintf(stderr, "carecluster user add: %s\n", zErr); return 1; }
  printf("Added user %s.\n", opt(argc, argv, "--email"));
  return 0;
}

static int cmd_token_create(int argc, char **argv){
  struct db *db = open_existing(opt(argc, argv, "--db"));
  if( !db ) return 1;
  const char *zEmail = opt(argc, argv, "--email");
  if( !zEmail ){ fprintf(stderr, "carecluster token create: give the user with --email E\n"); db_close(db); return 2; }
  char zToken[AUTH_TOKEN_CHARS+1], zErr[400];
  bool ok = auth_token_create(db, zEmail, zToken, zErr, sizeof zErr);
  db_close(db);
  if( !ok ){ fprintf(stderr, "carecluster token create: %s\n", zErr); return 1; }
  printf("%s\n", zToken);
  return 0;
}

int main(int argc, char **argv){
  if( argc<2 ) return usage();
  if( strcmp(argv[1], "--version")==0 ){ printf("carecluster %s\n", CC_VERSION); return 0; }
  if( !auth_init() ){ fprintf(stderr, "carecluster: libsodium could not start\n"); return 1; }
  if( !i18n_init() ) return 1;
  if( strcmp(argv[1], "init")==0 ) return cmd_init(argc, argv);
  if( strcmp(argv[1], "serve")==0 ) return cmd_serve(argc, argv);
  if( argc>=3 && strcmp(argv[1], "user")==0 && strcmp(argv[2], "add")==0 ) return cmd_user_add(argc, argv);
  if( argc>=3 && strcmp(argv[1], "token")==0 && strcmp(argv[2], "create")==0 ) return cmd_token_create(argc, argv);
  return usage();
}
