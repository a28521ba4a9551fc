/*
** carecluster: the command line. One binary that creates a database,
** manages users and tokens, and serves the web application.
**
**   carecluster --version
**   carecluster init --db FILE [--demo]
**   carecluster serve --db FILE [--listen 127.0.0.1:8080] [--threads N] [--behind-tls-proxy]
**                     [--metrics-token-file FILE] [--access-log FILE]
**   carecluster user add --db FILE --email E --name N --role ROLE --scope SLUG  (password on stdin)
**   carecluster user disable|enable --db FILE --email E
**   carecluster user password --db FILE --email E   (the new password on stdin)
**   carecluster token create --db FILE --email E [--days N]
**   carecluster token revoke --db FILE --email E [--token TOKEN]
**   carecluster export actions --db FILE --unit SLUG --format csv|xlsx --out FILE
**   carecluster export meeting --db FILE --id ID --format ics|pdf --out FILE
**   carecluster mailings run --db FILE --base-url URL [--mail-from ADDRESS] [--at TIME] [--job NAME]
**   carecluster stats xmr|run ...     (src/cli/stats.c)
**   carecluster stats proportion|rate|dsr|isr|funnel ...   (src/cli/indicators.c)
**   carecluster indicators import|catalogue ...   (src/cli/indicator_data.c)
**
** Each command declares its options in the table at the end (aCommand):
** which take a value, which are flags, which are required. main() checks
** the arguments against it before the command runs, so an unknown
** option, a missing value, an option given twice or a stray argument
** stops with a message naming it, the command's usage and exit status 2.
*/
#include "app.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/indicator_data.h"
#include "db/db.h"
#include "domain/auth.h"
#include "domain/export_meeting.h"
#include "domain/export_actions.h"
#include "domain/mailings.h"
#include "domain/outbox.h"
#include "mail/sender.h"
#include "domain/unit.h"
#include "util/text.h"
#include "domain/refdata.h"
#include "domain/sfi.h"
#include "html/i18n.h"
#include "http/http.h"
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CC_VERSION
#define CC_VERSION "0.1.0"
#endif

static int usage(void);

/* The value after option zName in argv, or NULL; whether flag zName is
** there. The command's arguments have been checked against its options
** (cli_args_check), so a value is never taken for an option. */
static const char *opt(int argc, char **argv, const char *zName){ return cli_value(argc, argv, zName); }
static bool flag(int argc, char **argv, const char *zName){ return cli_flag(argc, argv, zName); }

static struct db *open_existing(const char *zDb){
  if( !zDb ){ fprintf(stderr, "carecluster: give the database with --db FILE (or a postgresql:// URI)\n"); return 0; }
  char *zErr = 0;
  struct db *db = db_open(zDb, false, &zErr);
  if( !db ){ fprintf(stderr, "carecluster: %s\n", zErr); free(zErr); return 0; }
  if( db_migrate(db)<0 ){ db_close(db); return 0; }
  return db;
}

/* A new installation's database: a SQLite file not there yet, or an empty
** PostgreSQL database (which the operator creates: see README.md). */
static struct db *open_new(const char *zCmd, const char *zDb){
  char zShown[300];
  db_describe(zDb, zShown, sizeof zShown);
  if( !db_is_uri(zDb) && access(zDb, F_OK)==0 ){
    fprintf(stderr, "%s: %s already exists; it was left as it is. Remove it or choose another name.\n", zCmd, zShown);
    return 0;
  }
  char *zErr = 0;
  struct db *db = db_open(zDb, true, &zErr);
  if( !db ){ fprintf(stderr, "%s: %s\n", zCmd, zErr); free(zErr); return 0; }
  if( !db_is_empty(db) ){
    fprintf(stderr, "%s: %s already holds tables; it was left as it is. Give a new, empty database.\n", zCmd, zShown);
    db_close(db);
    return 0;
  }
  return db;
}

static int cmd_init(int argc, char **argv){
  const char *zDb = opt(argc, argv, "--db");
  if( !zDb ){ fprintf(stderr, "carecluster init: give the database to create with --db FILE (or a postgresql:// URI)\n"); return 2; }
  struct db *db = open_new("carecluster init", zDb);
  if( !db ) return 1;
  bool ok = db_migrate(db)>=0 && refdata_load_wales(db)
         && (!flag(argc, argv, "--demo") || refdata_load_demo(db, false));
  char zShown[300];
  db_describe(zDb, zShown, sizeof zShown);
  if( !ok ){
    db_abandon_new(db, zDb);
    fprintf(stderr, "carecluster init: failed; %s was left without an installation\n", zShown);
    return 1;
  }
  db_close(db);
  printf("Created %s with the 60 clusters of NHS Wales%s.\n", zShown,
         flag(argc, argv, "--demo") ? " and demonstration data" : "");
  return 0;
}

/* Every row of one installation into a new, empty database. */
static int cmd_copy(int argc, char **argv){
  const char *zFrom = opt(argc, argv, "--from"), *zTo = opt(argc, argv, "--to");
  if( !zFrom || !zTo ){ fprintf(stderr, "carecluster copy: give both --from DB and --to DB\n"); return 2; }
  struct db *pFrom = open_existing(zFrom);
  if( !pFrom ) return 1;
  struct db *pTo = open_new("carecluster copy", zTo);
  if( !pTo ){ db_close(pFrom); return 1; }
  char *zErr = 0;
  bool ok = db_copy_all(pFrom, pTo, stdout, &zErr);
  db_close(pFrom);
  char zShown[300];
  db_describe(zTo, zShown, sizeof zShown);
  if( !ok ){
    db_abandon_new(pTo, zTo);
    fprintf(stderr, "carecluster copy: %s; nothing was copied into %s\n", zErr, zShown);
    free(zErr);
    return 1;
  }
  db_close(pTo);
  printf("Copied into %s; every table's row count matches.\n", zShown);
  return 0;
}

/* An online backup of a SQLite database, safe while servers run. */
static int cmd_backup(int argc, char **argv){
  const char *zOut = opt(argc, argv, "--out");
  if( !zOut ){ fprintf(stderr, "carecluster backup: give the new file with --out FILE\n"); return 2; }
  struct db *db = open_existing(opt(argc, argv, "--db"));
  if( !db ) return 1;
  char *zErr = 0;
  bool ok = db_backup(db, zOut, &zErr);
  db_close(db);
  if( !ok ){ fprintf(stderr, "carecluster backup: %s\n", zErr); free(zErr); return 1; }
  printf("Backed up to %s.\n", zOut);
  return 0;
}

/* The token that opens /metrics to a client not on loopback: the file's
** first line, into z of n bytes. Never on the command line, where every
** user of the machine can read it (ps); so the file must not be readable
** by others either. 16 to 512 visible ASCII characters (it travels in an
** HTTP header). False with a message. */
static bool read_metrics_token(const char *zPath, char *z, size_t n){
  const char *zCmd = "carecluster serve: --metrics-token-file";
  int fd = open(zPath, O_RDONLY|O_CLOEXEC);
  if( fd<0 ){ fprintf(stderr, "%s %s: %s\n", zCmd, zPath, strerror(errno)); return false; }
  struct stat st;
  if( fstat(fd, &st)!=0 || !S_ISREG(st.st_mode) ){
    fprintf(stderr, "%s %s: not a file\n", zCmd, zPath);
    close(fd);
    return false;
  }
  if( st.st_mode & (S_IROTH|S_IWOTH) ){
    fprintf(stderr, "%s %s: other users may read or write it; make it private (chmod 600 or 640)\n", zCmd, zPath);
    close(fd);
    return false;
  }
  ssize_t k = read(fd, z, n-1);
  close(fd);
  size_t len = k>0 ? (size_t)k : 0;
  z[len] = 0;
  z[strcspn(z, "\r\n")] = 0;
  len = strlen(z);
  while( len && (z[len-1]==' ' || z[len-1]=='\t') ) z[--len] = 0;
  bool ok = len>=16 && len<=512;
  for(size_t i=0; ok && i<len; i++) ok = z[i]>0x20 && z[i]<0x7f;
  if( !ok ){
    explicit_bzero(z, n);
    fprintf(stderr, "%s %s: its first line must be the token, 16 to 512 visible ASCII characters without spaces"
                    " (for example: openssl rand -hex 32)\n", zCmd, zPath);
  }
  return ok;
}

/* Circulation: --smtp turns it on and then needs --mail-from; links in
** messages start with --base-url (by default the address served). The
** relay's user and password come from the environment
** (CARECLUSTER_SMTP_USER, CARECLUSTER_SMTP_PASSWORD: for example a
** systemd EnvironmentFile), never from the command line. */
struct mail_options {
  bool bOn;
  struct sender_config sc;
  char zBase[300];
};
static bool mail_options(int argc, char **argv, const char *zDb, const char *zListen, struct mail_options *mo){
  memset(mo, 0, sizeof *mo);
  const char *zSmtp = opt(argc, argv, "--smtp"), *zFrom = opt(argc, argv, "--mail-from");
  const char *zBase = opt(argc, argv, "--base-url"), *zRetry = opt(argc, argv, "--mail-retry");
  if( !zSmtp ){
    if( zFrom || zRetry || flag(argc, argv, "--no-mailings") ){
      fprintf(stderr, "carecluster serve: --mail-from, --mail-retry and --no-mailings need --smtp (the relay to send through)\n");
      return false;
    }
    struct outbox_config oc = { .bEnabled = false, .zBaseUrl = zBase, .zFrom = 0 };
    outbox_configure(&oc);
    return true;
  }
  if( strncmp(zSmtp, "smtp://", 7)!=0 && strncmp(zSmtp, "smtps://", 8)!=0 ){
    fprintf(stderr, "carecluster serve: --smtp %s: give the relay as smtp://HOST:PORT (STARTTLS when offered)"
                    " or smtps://HOST:PORT (TLS)\n", zSmtp);
    return false;
  }
  if( !zFrom || !text_is_email(zFrom) ){
    fprintf(stderr, "carecluster serve: --smtp needs --mail-from ADDRESS, the address messages come from"
                    " (for example carecluster@yourboard.wales)\n");
    return false;
  }
  if( zBase && strncmp(zBase, "https://", 8)!=0 && strncmp(zBase, "http://", 7)!=0 ){
    fprintf(stderr, "carecluster serve: --base-url %s: give the address people use, starting https://"
                    " (for example https://carecluster.yourboard.wales)\n", zBase);
    return false;
  }
  int nRetry = OUTBOX_RETRY_FIRST;
  if( zRetry ){
    char *zEnd = 0;
    long v = strtol(zRetry, &zEnd, 10);
    if( !zEnd || *zEnd || v<1 || v>OUTBOX_RETRY_MAX ){
      fprintf(stderr, "carecluster serve: --mail-retry %s: give the seconds before the first retry,"
                      " 1 to %d\n", zRetry, OUTBOX_RETRY_MAX);
      return false;
    }
    nRetry = (int)v;
  }
  if( zBase ) snprintf(mo->zBase, sizeof mo->zBase, "%s", zBase);
  else snprintf(mo->zBase, sizeof mo->zBase, "http://%s", zListen);
  const char *zUser = getenv("CARECLUSTER_SMTP_USER");
  mo->bOn = true;
  mo->sc = (struct sender_config){
    .zDb = zDb, .zSmtpUrl = zSmtp, .zUser = zUser && *zUser ? zUser : 0,
    .zPassword = getenv("CARECLUSTER_SMTP_PASSWORD"), .zFrom = zFrom, .nPollMs = 500,
    .bNoMailings = flag(argc, argv, "--no-mailings"),
  };
  struct outbox_config oc = { .bEnabled = true, .zBaseUrl = mo->zBase, .zFrom = zFrom, .nRetrySeconds = nRetry };
  outbox_configure(&oc);
  return true;
}

static int cmd_serve(int argc, char **argv){
  const char *zDb = opt(argc, argv, "--db");
  /* The options that may refuse first, then the database. The access
  ** log goes to standard output unless --access-log names a file ("-" is
  ** standard output too), which is appended to. */
  const char *zLog = opt(argc, argv, "--access-log");
  int fdLog = 1;
  if( zLog && strcmp(zLog, "-")!=0 ){
    fdLog = open(zLog, O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC, 0640);
    if( fdLog<0 ){
      fprintf(stderr, "carecluster serve: --access-log %s: %s\n", zLog, strerror(errno));
      return 1;
    }
  }
  const char *zTokenFile = opt(argc, argv, "--metrics-token-file");
  char zToken[520] = "";
  if( zTokenFile && !read_metrics_token(zTokenFile, zToken, sizeof zToken) ){
    if( fdLog!=1 ) close(fdLog);
    return 1;
  }
  const char *zListen = opt(argc, argv, "--listen");
  char zDefault[40];
  if( !zListen ){
    const char *zPort = getenv("PORT");
    snprintf(zDefault, sizeof zDefault, "127.0.0.1:%s", zPort && *zPort ? zPort : "8080");
    zListen = zDefault;
  }
  struct mail_options mo;
  if( !mail_options(argc, argv, zDb, zListen, &mo) ){
    explicit_bzero(zToken, sizeof zToken);
    if( fdLog!=1 ) close(fdLog);
    return 1;
  }
  struct db *db = open_existing(zDb);
  if( !db ){ explicit_bzero(zToken, sizeof zToken); return 1; }
  /* A database upgraded from a version without Standing Financial
  ** Instructions gets the example set (marked example) for each health
  ** board that has none, as a new installation does. Another server
  ** starting at the same moment may do it first: then this one's
  ** transaction fails, which is harmless. */
  int nSfi = 0;
  if( db_begin(db) ){
    if( sfi_examples_ensure(db, REFDATA_VALID_FROM, (long long)time(0), &nSfi) && db_commit(db) ){
      if( nSfi>0 ) fprintf(stderr, "carecluster serve: %d health boards had no Standing Financial Instructions;"
                           " each now has the example set, to replace with its own\n", nSfi);
    }else{
      db_rollback(db);
    }
  }
  db_close(db);
  const char *zThreads = opt(argc, argv, "--threads");
  int nThreads = zThreads ? atoi(zThreads) : 4;
  if( nThreads<1 ) nThreads = 4;
  /* Password hashing: a thread per spare core, at most half as many as
  ** the page workers. Sign-in runs on offload threads as many as the
  ** hashing threads (web/offload.h), so a page worker never waits for a
  ** hash; up to 8 sign-ins a hashing thread may wait (about 0.3 s), and
  ** one that finds the queue full is answered 503 with Retry-After. */
  long nCores = sysconf(_SC_NPROCESSORS_ONLN);
  int nHashers = nCores>1 ? (int)nCores-1 : 1;
  if( nHashers>nThreads/2 ) nHashers = nThreads/2>0 ? nThreads/2 : 1;
  if( !auth_hash_pool_start(nHashers, nHashers) ){
    fprintf(stderr, "carecluster serve: could not start the password hashing threads\n");
    return 1;
  }
  struct app_config ac = {
    .zDbPath = zDb, .bBehindTlsProxy = flag(argc, argv, "--behind-tls-proxy"),
    .nOffload = nHashers, .nOffloadQueue = 8*nHashers, .zVersion = CC_VERSION,
    .fdAccessLog = fdLog, .zMetricsToken = zToken[0] ? zToken : 0,
  };
  bool bConfigured = app_configure(&ac);
  explicit_bzero(zToken, sizeof zToken);        /* app keeps only its hash */
  if( !bConfigured ){ auth_hash_pool_stop(); return 1; }
  struct http_config hc = {
    .zListen = zListen, .nThreads = nThreads, .xBegin = app_begin, .xHandle = app_handle,
    .xDone = app_done, .xFree = app_free, .xStop = app_stop,
  };
  if( mo.bOn && !sender_start(&mo.sc) ){ auth_hash_pool_stop(); return 1; }
  int rc = http_serve(&hc);
  sender_stop();
  auth_hash_pool_stop();
  return rc;
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

/* An administrator sets someone's password (they forgot it, and e-mail
** is off): every session of theirs ends. */
static int cmd_user_password(int argc, char **argv){
  const char *zEmail = opt(argc, argv, "--email");
  if( !zEmail ){ fprintf(stderr, "carecluster user password: give the user with --email E\n"); return 2; }
  char zPassword[1100], zErr[400];
  if( !read_password(zPassword, sizeof zPassword) ){
    fprintf(stderr, "carecluster user password: type the new password on standard input, e.g. echo 'a long passphrase' | carecluster user password ...\n");
    return 2;
  }
  struct db *db = open_existing(opt(argc, argv, "--db"));
  if( !db ){ explicit_bzero(zPassword, sizeof zPassword); return 1; }
  bool ok = auth_user_set_password(db, zEmail, zPassword, zErr, sizeof zErr);
  explicit_bzero(zPassword, sizeof zPassword);
  db_close(db);
  if( !ok ){ fprintf(stderr, "carecluster user password: %s\n", zErr); return 1; }
  printf("Set a new password for %s: their sessions have ended.\n", zEmail);
  return 0;
}

/* The token on standard output (alone, for scripts), its expiry on
** standard error. */
static int cmd_token_create(int argc, char **argv){
  const char *zEmail = opt(argc, argv, "--email");
  if( !zEmail ){ fprintf(stderr, "carecluster token create: give the user with --email E\n"); return 2; }
  const char *zDays = opt(argc, argv, "--days");
  long long nDays = AUTH_TOKEN_DAYS;
  if( zDays && !text_to_int(zDays, 1, AUTH_TOKEN_DAYS_MAX, &nDays) ){
    fprintf(stderr, "carecluster token create: --days must be a whole number of days from 1 to %d\n", AUTH_TOKEN_DAYS_MAX);
    return 2;
  }
  struct db *db = open_existing(opt(argc, argv, "--db"));
  if( !db ) return 1;
  char zToken[AUTH_TOKEN_CHARS+1], zErr[400];
  long long expires = 0;
  bool ok = auth_token_create(db, zEmail, (int)nDays, zToken, &expires, zErr, sizeof zErr);
  db_close(db);
  if( !ok ){ fprintf(stderr, "carecluster token create: %s\n", zErr); return 1; }
  printf("%s\n", zToken);
  char zWhen[40];
  time_t t = (time_t)expires;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zWhen, sizeof zWhen, "%Y-%m-%d %H:%M UTC", &tm);
  fprintf(stderr, "The token for %s expires on %s (in %lld days).\n", zEmail, zWhen, nDays);
  return 0;
}

static int cmd_token_revoke(int argc, char **argv){
  const char *zEmail = opt(argc, argv, "--email");
  if( !zEmail ){ fprintf(stderr, "carecluster token revoke: give the user with --email E\n"); return 2; }
  struct db *db = open_existing(opt(argc, argv, "--db"));
  if( !db ) return 1;
  const char *zToken = opt(argc, argv, "--token");
  char zErr[400];
  int n = 0;
  bool ok = auth_token_revoke(db, zEmail, zToken, &n, zErr, sizeof zErr);
  db_close(db);
  if( !ok ){ fprintf(stderr, "carecluster token revoke: %s\n", zErr); return 1; }
  printf("Revoked %d API token%s of %s.\n", n, n==1 ? "" : "s", zEmail);
  return 0;
}

static int cmd_user_disable(int argc, char **argv, bool bDisable){
  const char *zCmd = bDisable ? "carecluster user disable" : "carecluster user enable";
  const char *zEmail = opt(argc, argv, "--email");
  if( !zEmail ){ fprintf(stderr, "%s: give the user with --email E\n", zCmd); return 2; }
  struct db *db = open_existing(opt(argc, argv, "--db"));
  if( !db ) return 1;
  char zErr[400];
  bool ok = auth_user_set_disabled(db, zEmail, bDisable, zErr, sizeof zErr);
  db_close(db);
  if( !ok ){ fprintf(stderr, "%s: %s\n", zCmd, zErr); return 1; }
  if( bDisable ) printf("Disabled %s: their sessions, API tokens and calendar feed have ended.\n", zEmail);
  else printf("Enabled %s: they can sign in again with their password.\n", zEmail);
  return 0;
}

/* The whole action log of a unit as CSV or Excel. The file is written
** beside its final name and renamed into place, so a failure never leaves
** half a file; "--out -" writes CSV to standard output. */
static int cmd_export_actions(int argc, char **argv){
  const char *zSlug = opt(argc, argv, "--unit");
  const char *zFormat = opt(argc, argv, "--format");
  const char *zOut = opt(argc, argv, "--out");
  if( !zSlug ){ fprintf(stderr, "carecluster export actions: give the unit with --unit SLUG, for example --unit cardiff-south-west\n"); return 2; }
  if( !zFormat || (strcmp(zFormat, "csv")!=0 && strcmp(zFormat, "xlsx")!=0) ){
    fprintf(stderr, "carecluster export actions: give --format csv or --format xlsx\n");
    return 2;
  }
  bool bCsv = strcmp(zFormat, "csv")==0;
  if( !zOut || (!bCsv && strcmp(zOut, "-")==0) ){
    fprintf(stderr, "carecluster export actions: give the file to write with --out FILE%s\n",
            bCsv ? " (or --out - for standard output)" : "");
    return 2;
  }
  struct db *db = open_existing(opt(argc, argv, "--db"));
  if( !db ) return 1;
  char zToday[11];
  text_today(zToday);
  struct unit u;
  if( !unit_get_by_slug(db, zSlug, zToday, &u) ){
    fprintf(stderr, "carecluster export actions: there is no unit '%s'; use the last part of its page address, for example cardiff-south-west\n", zSlug);
    db_close(db);
    return 1;
  }
  bool ok;
  char zErr[700] = "";
  if( bCsv && strcmp(zOut, "-")==0 ){
    ok = export_actions_csv(stdout, db, u.id, 0, zToday, LANG_EN);
    if( !ok ) snprintf(zErr, sizeof zErr, "could not write to standard output");
  }else{
    char zTmp[4200];
    snprintf(zTmp, sizeof zTmp, "%s.tmp-XXXXXX", zOut);
    int fd = mkstemp(zTmp);
    ok = fd>=0;
    if( ok ){
      /* mkstemp makes the file private; the export gets the usual mode. */
      mode_t mask = umask(0);
      umask(mask);
      fchmod(fd, 0666 & ~mask);
    }
    if( !ok ){
      snprintf(zErr, sizeof zErr, "could not create %s: %s; check the folder exists and you may write to it", zOut, strerror(errno));
    }else if( bCsv ){
      FILE *out = fdopen(fd, "wb");
      ok = out && export_actions_csv(out, db, u.id, 0, zToday, LANG_EN);
      if( out ){ if( fclose(out)!=0 ) ok = false; }else close(fd);
      if( !ok ) snprintf(zErr, sizeof zErr, "could not write %s: %s", zOut, strerror(errno));
    }else{
      close(fd);
      ok = export_actions_xlsx(zTmp, db, u.id, 0, zToday, LANG_EN, zErr, sizeof zErr);
    }
    if( ok && rename(zTmp, zOut)!=0 ){
      ok = false;
      snprintf(zErr, sizeof zErr, "could not write %s: %s", zOut, strerror(errno));
    }
    if( fd>=0 && !ok ) unlink(zTmp);
  }
  db_close(db);
  if( !ok ){ fprintf(stderr, "carecluster export actions: %s\n", zErr); return 1; }
  if( strcmp(zOut, "-")!=0 ) fprintf(stderr, "Wrote the action log of %s to %s.\n", u.zName, zOut);
  return 0;
}

/* A meeting as an .ics file or a PDF (the agenda pack, or the minutes),
** written beside its final name and renamed into place so that a failure
** never leaves half a file; "--out -" writes to standard output. The
** command line is trusted with the database, but a restricted agenda item
** is exported as a health board reader sees it: its time slot only. */
static int cmd_export_meeting(int argc, char **argv){
  const char *zCmd = "carecluster export meeting";
  const char *zId = opt(argc, argv, "--id"), *zFormat = opt(argc, argv, "--format");
  const char *zOut = opt(argc, argv, "--out"), *zDoc = opt(argc, argv, "--document");
  const char *zLang = opt(argc, argv, "--lang");
  long long id = 0;
  enum lang lang = LANG_EN;
  if( !zId || !text_to_int(zId, 1, (long long)1<<53, &id) ){
    fprintf(stderr, "%s: give the meeting with --id ID, the number at the end of its page's address (/meetings/ID)\n", zCmd);
    return 2;
  }
  if( !zFormat || (strcmp(zFormat, "ics")!=0 && strcmp(zFormat, "pdf")!=0) ){
    fprintf(stderr, "%s: --format must be ics (a calendar file) or pdf\n", zCmd);
    return 2;
  }
  if( zDoc && strcmp(zDoc, "pack")!=0 && strcmp(zDoc, "minutes")!=0 ){
    fprintf(stderr, "%s: --document must be pack (the agenda pack) or minutes\n", zCmd);
    return 2;
  }
  if( zDoc && strcmp(zFormat, "pdf")!=0 ){
    fprintf(stderr, "%s: --document goes with --format pdf\n", zCmd);
    return 2;
  }
  if( zLang && !i18n_parse_lang(zLang, &lang) ){
    fprintf(stderr, "%s: --lang must be en (English) or cy (Welsh)\n", zCmd);
    return 2;
  }
  if( !zOut || !*zOut ){
    fprintf(stderr, "%s: give the file to write with --out FILE (or --out - for standard output)\n", zCmd);
    return 2;
  }
  const char *zDb = opt(argc, argv, "--db");
  struct db *db = open_existing(zDb);
  if( !db ) return 1;
  struct meeting m;
  if( !meeting_load(db, id, &m) ){
    fprintf(stderr, "%s: there is no meeting with id %lld in %s\n", zCmd, id, zDb);
    db_close(db);
    return 1;
  }
  struct buf b = {0};
  char zErr[700] = "";
  bool bPdf = strcmp(zFormat, "pdf")==0;
  bool bMinutes = zDoc && strcmp(zDoc, "minutes")==0;
  bool ok = bPdf ? export_meeting_pdf(db, 0, &m, bMinutes ? EXPORT_PDF_MINUTES : EXPORT_PDF_PACK, lang, 0, &b, zErr, sizeof zErr)
                 : export_meeting_ics(db, 0, &m, lang, &b);
  db_close(db);
  if( !ok && !zErr[0] ) snprintf(zErr, sizeof zErr, "the meeting's times could not be read");
  if( ok && strcmp(zOut, "-")==0 ){
    ok = fwrite(b.z, 1, b.n, stdout)==b.n && fflush(stdout)==0;
    if( !ok ) snprintf(zErr, sizeof zErr, "could not write to standard output");
  }else if( ok ){
    char zTmp[4200];
    snprintf(zTmp, sizeof zTmp, "%s.tmp-XXXXXX", zOut);
    int fd = mkstemp(zTmp);
    FILE *f = fd>=0 ? fdopen(fd, "wb") : 0;
    ok = f && fwrite(b.z, 1, b.n, f)==b.n;
    if( f ){ if( fclose(f)!=0 ) ok = false; }else if( fd>=0 ) close(fd);
    if( ok && rename(zTmp, zOut)!=0 ) ok = false;
    if( !ok ){
      snprintf(zErr, sizeof zErr, "cannot write %s: %s; check the folder exists and you may write to it",
               zOut, strerror(errno));
      if( fd>=0 ) unlink(zTmp);
    }
  }
  buf_free(&b);
  if( !ok ){ fprintf(stderr, "%s: %s\n", zCmd, zErr); return 1; }
  if( strcmp(zOut, "-")!=0 ){
    fprintf(stderr, "Wrote %s of meeting %lld (%s) to %s.\n",
            !bPdf ? "the calendar file" : bMinutes ? "the minutes" : "the agenda pack", id, m.zTitle, zOut);
  }
  return 0;
}

/* The scheduled mailings (domain/mailings.h) once, as a server's sender
** runs them each minute: for cron beside servers started with
** --no-mailings, or to run them as at another time (--at, local Welsh
** time). What they queue is delivered by a server with --smtp. */
static int cmd_mailings_run(int argc, char **argv){
  const char *zCmd = "carecluster mailings run";
  const char *zBase = opt(argc, argv, "--base-url"), *zFrom = opt(argc, argv, "--mail-from");
  const char *zAt = opt(argc, argv, "--at"), *zJob = opt(argc, argv, "--job");
  if( strncmp(zBase, "https://", 8)!=0 && strncmp(zBase, "http://", 7)!=0 ){
    fprintf(stderr, "%s: --base-url %s: give the address people use, starting https://"
                    " (for example https://carecluster.yourboard.wales)\n", zCmd, zBase);
    return 2;
  }
  if( zFrom && !text_is_email(zFrom) ){
    fprintf(stderr, "%s: --mail-from %s: give an e-mail address\n", zCmd, zFrom);
    return 2;
  }
  long long now = (long long)time(0);
  if( zAt && !mailings_parse_local(zAt, &now) ){
    fprintf(stderr, "%s: --at %s: give a local time in Wales as YYYY-MM-DDTHH:MM, for example 2026-12-07T07:30\n", zCmd, zAt);
    return 2;
  }
  unsigned mask = JOB_ALL;
  if( zJob && !(mask = mailings_job_parse(zJob)) ){
    fprintf(stderr, "%s: --job %s: give call-for-items, weekly-reminder, lead-digest or daily-digest\n", zCmd, zJob);
    return 2;
  }
  struct db *db = open_existing(opt(argc, argv, "--db"));
  if( !db ) return 1;
  struct outbox_config oc = { .bEnabled = true, .zBaseUrl = zBase, .zFrom = zFrom };
  outbox_configure(&oc);
  bool ok = mailings_run_jobs(db, now, mask, stdout);
  db_close(db);
  if( !ok ){ fprintf(stderr, "%s: a mailing failed; it is tried again on the next run\n", zCmd); return 1; }
  return 0;
}

/* ---- the commands and their options ------------------------------------ */

static int cmd_user_disable_run(int argc, char **argv){ return cmd_user_disable(argc, argv, true); }
static int cmd_user_enable_run(int argc, char **argv){ return cmd_user_disable(argc, argv, false); }

static const struct cli_option aInitOpt[] = {
  { "--db", "FILE", "the database to create" },
  { "--demo", 0, 0 },
  { 0, 0, 0 } };
static const struct cli_option aCopyOpt[] = {
  { "--from", "DB", "the installation to copy (a file or a postgresql:// URI)" },
  { "--to", "DB", "the new, empty database to copy it into" },
  { 0, 0, 0 } };
static const struct cli_option aBackupOpt[] = {
  { "--db", "FILE", "the SQLite database" },
  { "--out", "FILE", "the new file to write" },
  { 0, 0, 0 } };
static const struct cli_option aServeOpt[] = {
  { "--db", "FILE", "the database" },
  { "--listen", "ADDRESS:PORT", 0 },
  { "--threads", "N", 0 },
  { "--behind-tls-proxy", 0, 0 },
  { "--metrics-token-file", "FILE", 0 },
  { "--access-log", "FILE", 0 },
  { "--smtp", "URL", 0 },
  { "--mail-from", "ADDRESS", 0 },
  { "--base-url", "URL", 0 },
  { "--mail-retry", "SECONDS", 0 },
  { "--no-mailings", 0, 0 },
  { 0, 0, 0 } };
static const struct cli_option aUserAddOpt[] = {
  { "--db", "FILE", "the database" },
  { "--email", "E", "the user's e-mail address" },
  { "--name", "N", "the user's name" },
  { "--role", "ROLE", "the user's role" },
  { "--scope", "SLUG", "the organisation unit the user works for" },
  { 0, 0, 0 } };
static const struct cli_option aTokenCreateOpt[] = {
  { "--db", "FILE", "the database" },
  { "--email", "E", "the user" },
  { "--days", "N", 0 },
  { 0, 0, 0 } };
static const struct cli_option aTokenRevokeOpt[] = {
  { "--db", "FILE", "the database" },
  { "--email", "E", "the user" },
  { "--token", "TOKEN", 0 },
  { 0, 0, 0 } };
static const struct cli_option aUserOpt[] = {
  { "--db", "FILE", "the database" },
  { "--email", "E", "the user" },
  { 0, 0, 0 } };
/* --format is checked by the command itself, which says what it may be. */
static const struct cli_option aExportActionsOpt[] = {
  { "--db", "FILE", "the database" },
  { "--unit", "SLUG", "the unit (the last part of its page address, for example cardiff-south-west)" },
  { "--format", "csv|xlsx", 0 },
  { "--out", "FILE", "the file to write" },
  { 0, 0, 0 } };
static const struct cli_option aExportMeetingOpt[] = {
  { "--db", "FILE", "the database" },
  { "--id", "ID", "the meeting" },
  { "--format", "ics|pdf", 0 },
  { "--out", "FILE", "the file to write" },
  { "--document", "pack|minutes", 0 },
  { "--lang", "en|cy", 0 },
  { 0, 0, 0 } };
static const struct cli_option aMailingsRunOpt[] = {
  { "--db", "FILE", "the database" },
  { "--base-url", "URL", "the address people use, for the links in messages" },
  { "--mail-from", "ADDRESS", 0 },
  { "--at", "TIME", 0 },
  { "--job", "NAME", 0 },
  { 0, 0, 0 } };

static const struct cli_option aIndicatorsImportOpt[] = {
  { "--db", "DB", "the database" },
  { "--file", "FILE", "the CSV file of values (- for standard input)" },
  { "--valid-only", 0, 0 },
  { 0, 0, 0 } };
static const struct cli_option aIndicatorsCatalogueOpt[] = {
  { "--db", "DB", "the database" },
  { 0, 0, 0 } };

static const struct {
  const char *zWord1, *zWord2;        /* "user", "add"; zWord2 NULL for one word */
  struct cli_command c;
  int (*xRun)(int argc, char **argv); /* the whole argv, its options checked */
} aCommand[] = {
  { "init", 0, { "init", "carecluster init --db FILE|URI [--demo]", aInitOpt }, cmd_init },
  { "copy", 0, { "copy", "carecluster copy --from DB --to DB   (DB: a SQLite file or a postgresql:// URI; the target must be new and empty)",
                 aCopyOpt }, cmd_copy },
  { "backup", 0, { "backup", "carecluster backup --db FILE --out FILE   (SQLite, online; for PostgreSQL use pg_dump)",
                   aBackupOpt }, cmd_backup },
  { "serve", 0, { "serve", "carecluster serve --db FILE [--listen 127.0.0.1:8080] [--threads 4] [--behind-tls-proxy]"
                           " [--metrics-token-file FILE] [--access-log FILE]"
                           " [--smtp smtp://HOST:PORT --mail-from ADDRESS --base-url URL [--mail-retry SECONDS] [--no-mailings]]",
                  aServeOpt }, cmd_serve },
  { "user", "add", { "user add",
      "carecluster user add --db FILE --email E --name N --role ROLE --scope SLUG   (password on standard input)\n"
      "ROLE is one of admin, national, health_board, cluster_lead, member.", aUserAddOpt }, cmd_user_add },
  { "user", "disable", { "user disable",
      "carecluster user disable --db FILE --email E   (ends their sessions, API tokens and calendar feed)", aUserOpt },
    cmd_user_disable_run },
  { "user", "enable", { "user enable", "carecluster user enable --db FILE --email E", aUserOpt }, cmd_user_enable_run },
  { "user", "password", { "user password",
      "carecluster user password --db FILE --email E   (the new password on standard input; ends their sessions)", aUserOpt },
    cmd_user_password },
  { "token", "create", { "token create", "carecluster token create --db FILE --email E [--days 90]", aTokenCreateOpt },
    cmd_token_create },
  { "token", "revoke", { "token revoke",
      "carecluster token revoke --db FILE --email E [--token TOKEN]   (all their tokens, or that one)", aTokenRevokeOpt },
    cmd_token_revoke },
  { "export", "actions", { "export actions",
      "carecluster export actions --db FILE --unit SLUG --format csv|xlsx --out FILE   (--out - for CSV on standard output)",
      aExportActionsOpt }, cmd_export_actions },
  { "export", "meeting", { "export meeting",
      "carecluster export meeting --db FILE --id ID --format ics|pdf --out FILE [--document pack|minutes] [--lang en|cy]   (--out - for standard output)",
      aExportMeetingOpt }, cmd_export_meeting },
  { "mailings", "run", { "mailings run",
      "carecluster mailings run --db FILE --base-url URL [--mail-from ADDRESS] [--at YYYY-MM-DDTHH:MM]"
      " [--job call-for-items|weekly-reminder|lead-digest|daily-digest|project-tolerances]", aMailingsRunOpt }, cmd_mailings_run },
  { "indicators", "import", { "indicators import",
      "carecluster indicators import --db DB --file FILE [--valid-only]   (CSV of indicator values; see README.md)",
      aIndicatorsImportOpt }, cli_indicators_import },
  { "indicators", "catalogue", { "indicators catalogue",
      "carecluster indicators catalogue --db DB   (the indicator catalogue, tab-separated)",
      aIndicatorsCatalogueOpt }, cli_indicators_catalogue },
};

static int usage(void){
  fprintf(stderr, "usage:\n  carecluster --version\n");
  for(size_t i=0; i<sizeof aCommand/sizeof aCommand[0]; i++){
    const char *z = aCommand[i].c.zUsage;
    size_t n = strcspn(z, "\n");
    fprintf(stderr, "  %.*s\n", (int)n, z);
  }
  fprintf(stderr,
    "  carecluster stats xmr [--direction increase|decrease|neutral] [--no-screen] [--target T]   (values on standard input)\n"
    "  carecluster stats run   (values on standard input)\n"
    "  carecluster stats proportion|rate|dsr|isr|funnel [--level 95|99.8] [--per N]   (CSV on standard input)\n"
    "ROLE is one of admin, national, health_board, cluster_lead, member.\n");
  return 2;
}

int main(int argc, char **argv){
  if( argc<2 ) return usage();
  if( strcmp(argv[1], "--version")==0 ){ printf("carecluster %s\n", CC_VERSION); return 0; }
  /* Meetings are arranged in Welsh local time, whatever the server's zone. */
  setenv("TZ", "Europe/London", 1);
  /* Keep freed memory in the process: handing it back to the kernel
  ** after every request and faulting it in again cost a quarter of a
  ** page's CPU (bench/run.sh, perf). */
  mallopt(M_TRIM_THRESHOLD, 64*1024*1024);
  mallopt(M_MMAP_THRESHOLD, 4*1024*1024);
  tzset();
  if( !auth_init() ){ fprintf(stderr, "carecluster: libsodium could not start\n"); return 1; }
  if( !i18n_init() ) return 1;
  for(size_t i=0; i<sizeof aCommand/sizeof aCommand[0]; i++){
    int nWord = aCommand[i].zWord2 ? 2 : 1;
    if( argc<=nWord || strcmp(argv[1], aCommand[i].zWord1)!=0 ) continue;
    if( nWord==2 && strcmp(argv[2], aCommand[i].zWord2)!=0 ) continue;
    int rc = cli_args_check(&aCommand[i].c, argc-1-nWord, argv+1+nWord, stderr);
    return rc ? rc : aCommand[i].xRun(argc, argv);
  }
  if( strcmp(argv[1], "stats")==0 ) return cli_stats(argc-2, argv+2, stdin, stdout, stderr);
  return usage();
}
