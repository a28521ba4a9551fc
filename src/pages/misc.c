/* Health check, metrics and static assets. */
#include "pages/pages.h"
#include "web/req.h"
#include "db/db.h"
#include "util/embedded.h"
#include "web/metrics.h"
#include <stdio.h>
#include <string.h>

void page_healthz(struct req *r){
  struct stmt *s = db_prepare(r->db, "SELECT count(*) FROM schema_migrations");
  bool ok = stmt_step(s)==1 && stmt_int(s, 0)>0;
  stmt_done(s);
  r->zContentType = "text/plain; charset=utf-8";
  r->status = ok ? 200 : 503;
  buf_puts(&r->body, ok ? "ok\n" : "database not ready\n");
}

void page_metrics(struct req *r){
  r->status = 200;
  r->zContentType = "text/plain; version=0.0.4; charset=utf-8";
  metrics_write(&r->body);
}

static const char *content_type(const char *zName){
  static const char *const az[][2] = {
    {".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
    {".json", "application/json"},
  };
  const char *zExt = strrchr(zName, '.');
  for(size_t i=0; zExt && i<sizeof(az)/sizeof(az[0]); i++) if( strcmp(zExt, az[i][0])==0 ) return az[i][1];
  return "application/octet-stream";
}

/* Assets are looked up by name in the table compiled into the binary:
** no file system path is ever built from the request. */
void page_asset(struct req *r){
  char zName[200];
  snprintf(zName, sizeof zName, "assets/%s", r->h->zPath + strlen("/assets/"));
  const struct embedded_file *f = embedded_find(zName);
  if( !f || strlen(r->h->zPath)>150 ){
    r->status = 404;
    r->zContentType = "text/plain; charset=utf-8";
    buf_puts(&r->body, "Not found.\n");
    return;
  }
  r->status = 200;
  r->zContentType = content_type(zName);
  r->pStatic = f->aData;
  r->nStatic = f->nByte;
  r->bCacheable = true;
}
