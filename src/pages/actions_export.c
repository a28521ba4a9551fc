/* The action log as files and JSON: CSV and Excel downloads with the
** page's filters, /api/v1/units/{slug}/actions, and the actions section
** of /api/v1/meetings/{id}. Bodies here are not HTML, so they are written
** with buf_* (tools/codecheck.sh lets this file do so, as api.c and misc.c). */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/action.h"
#include "domain/export_actions.h"
#include "domain/meeting.h"
#include "domain/unit.h"
#include "web/page.h"
#include "util/json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define API_PAGE_DEFAULT 25
#define API_PAGE_MAX 100

static void attachment(struct req *r, const struct unit *u, const char *zExt){
  char z[200];
  snprintf(z, sizeof z, "attachment; filename=\"%s-actions-%s.%s\"", u->zSlug, r->zToday, zExt);
  req_add_header(r, "Content-Disposition", z);
}

/* The filters of an export, or an error page. */
static bool export_setup(struct req *r, struct action_filter *f){
  if( !action_query_filter(r, f) ){
    page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
    return false;
  }
  f->afterId = 0;
  return true;
}

void page_actions_csv(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct action_filter f;
  if( !export_setup(r, &f) ) return;
  char *z = 0;
  size_t n = 0;
  FILE *out = open_memstream(&z, &n);
  bool ok = out && export_actions_csv(out, r->db, u->id, &f, r->zToday, r->lang);
  if( out ) fclose(out);
  if( !ok ){
    free(z);
    page_error(r, 500, "error.export_failed_title", "error.export_failed_body");
    return;
  }
  buf_reset(&r->body);
  buf_append(&r->body, z, n);
  free(z);
  r->status = 200;
  r->zContentType = "text/csv; charset=utf-8; header=present";
  attachment(r, u, "csv");
}

/* Read file zPath into b; false on failure. */
void page_actions_xlsx(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct action_filter f;
  if( !export_setup(r, &f) ) return;
  /* libxlsxwriter writes a file: a private temporary one, read back and removed. */
  const char *zDir = getenv("TMPDIR");
  char zPath[512];
  snprintf(zPath, sizeof zPath, "%s/carecluster-actions-XXXXXX", zDir && zDir[0] ? zDir : "/tmp");
  int fd = mkstemp(zPath);
  bool ok = fd>=0;
  if( fd>=0 ) close(fd);
  char zErr[600] = "";
  buf_reset(&r->body);
  if( ok ) ok = export_actions_xlsx(zPath, r->db, u->id, &f, r->zToday, r->lang, zErr, sizeof zErr);
  if( ok ) ok = page_file_read(zPath, &r->body);
  if( fd>=0 ) unlink(zPath);
  if( !ok ){
    fprintf(stderr, "carecluster: xlsx export of %s failed: %s\n", u->zSlug, zErr[0] ? zErr : "temporary file");
    page_error(r, 500, "error.export_failed_title", "error.export_failed_body");
    return;
  }
  r->status = 200;
  r->zContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  attachment(r, u, "xlsx");
}

/* ---- JSON ----------------------------------------------------------------- */

struct json_ctx { struct buf *b; bool bFirst; int n; int nMax; bool bMore; long long lastId; };
static void json_row(void *pCtx, const struct action *a){
  struct json_ctx *c = pCtx;
  if( c->nMax && c->n>=c->nMax ){ c->bMore = true; return; }
  json_sep(c->b, &c->bFirst);
  export_action_json(c->b, a);
  c->n++;
  c->lastId = a->id;
}

void api_unit_actions(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct action_filter f;
  if( !action_query_filter(r, &f) ){
    req_json_error(r, 400, "bad query parameter: status is one of open, in_progress, done, cancelled");
    return;
  }
  long long nLimit = req_query_int(r, "limit", API_PAGE_DEFAULT);
  if( nLimit<1 ) nLimit = 1;
  if( nLimit>API_PAGE_MAX ) nLimit = API_PAGE_MAX;
  r->status = 200;
  r->zContentType = "application/json";
  buf_puts(&r->body, "{\"unit\":");
  json_string(&r->body, u->zSlug);
  buf_puts(&r->body, ",\"actions\":[");
  struct json_ctx c = { &r->body, true, 0, (int)nLimit, false, 0 };
  struct action_filter g = f;
  g.nMax = (int)nLimit+1;
  action_list(r->db, u->id, &g, r->zToday, json_row, &c);
  buf_puts(&r->body, "],\"next\":");
  if( c.bMore ){
    struct buf q = {0};
    buf_printf(&q, "/api/v1/units/%s/actions", u->zSlug);
    action_filter_query(&q, &f, false);
    buf_printf(&q, "%cafter=%lld&limit=%lld", strchr(buf_cstr(&q), '?') ? '&' : '?', c.lastId, nLimit);
    json_string(&r->body, buf_cstr(&q));
    buf_free(&q);
  }else{
    buf_puts(&r->body, "null");
  }
  buf_puts(&r->body, "}\n");
}

/* The "actions" section of /api/v1/meetings/{id}: actions raised at it. */
void api_meeting_actions(struct req *r, const struct meeting *m){
  buf_puts(&r->body, ",\"actions\":[");
  struct json_ctx c = { &r->body, true, 0, 0, false, 0 };
  struct action_filter f = { .meetingId = m->id, .nMax = 500 };
  for(;;){
    int nBefore = c.n;
    action_list(r->db, m->unitId, &f, r->zToday, json_row, &c);
    if( c.n-nBefore<f.nMax ) break;
    f.afterId = c.lastId;
  }
  buf_puts(&r->body, "]");
}
