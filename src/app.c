#include "app.h"
#include "db/db.h"
#include "domain/auth.h"
#include "html/page.h"
#include "pages/pages.h"
#include "util/text.h"
#include <sodium.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct app_config config;

/* Each worker thread's connection lives in a thread-specific key whose
** destructor closes it when the thread ends (at server shutdown). */
static pthread_key_t workerKey;
static pthread_once_t workerOnce = PTHREAD_ONCE_INIT;
static void worker_db_close(void *p){ db_close(p); }
static void worker_key_init(void){ pthread_key_create(&workerKey, worker_db_close); }

void app_configure(const struct app_config *p){ config = *p; }

struct db *app_worker_db(void){
  pthread_once(&workerOnce, worker_key_init);
  struct db *db = pthread_getspecific(workerKey);
  if( !db ){
    char *zErr = 0;
    db = db_open(config.zDbPath, false, &zErr);
    if( !db ){ fprintf(stderr, "carecluster: %s\n", zErr); free(zErr); }
    else pthread_setspecific(workerKey, db);
  }
  return db;
}

/* Every route, in one table. The dispatcher tries them in order. */
static const struct route aRoute[] = {
  {"GET",  "/healthz",                 NEED_ANYONE,    false, page_healthz, {{0}}},
  {"GET",  "/assets/*",                NEED_ANYONE,    false, page_asset, {{0}}},
  {"GET",  "/login",                   NEED_ANYONE,    false, page_login_form, {{"next", P_LOCAL_PATH}}},
  {"POST", "/login",                   NEED_ANYONE,    false, page_login, {{"next", P_LOCAL_PATH}}},
  {"POST", "/logout",                  NEED_SIGNED_IN, false, page_logout, {{0}}},
  {"GET",  "/lang/{lang}",             NEED_ANYONE,    false, page_lang, {{"next", P_LOCAL_PATH}}},
  {"GET",  "/",                        NEED_SIGNED_IN, false, page_home, {{0}}},
  {"GET",  "/units/{slug}",            NEED_SIGNED_IN, false, page_unit, {{"all", P_INT}}},
  {"GET",  "/units/{slug}/members/new",NEED_SIGNED_IN, false, page_member_new, {{0}}},
  {"POST", "/units/{slug}/members",    NEED_SIGNED_IN, false, page_member_create, {{0}}},
  {"GET",  "/memberships/{id}/edit",   NEED_SIGNED_IN, false, page_member_edit, {{0}}},
  {"POST", "/memberships/{id}",        NEED_SIGNED_IN, false, page_member_update, {{0}}},
  {"GET",  "/units/{slug}/terms",      NEED_SIGNED_IN, false, page_tor, {{0}}},
  {"GET",  "/units/{slug}/terms/new",  NEED_SIGNED_IN, false, page_tor_new, {{0}}},
  {"POST", "/units/{slug}/terms/new",  NEED_SIGNED_IN, false, page_tor_create, {{0}}},
  {"GET",  "/units/{slug}/attendance", NEED_SIGNED_IN, false, page_attendance_report,
           {{"from", P_TEXT}, {"to", P_TEXT}}},
  {"GET",  "/units/{slug}/attendance.csv", NEED_SIGNED_IN, false, page_attendance_csv,
           {{"from", P_TEXT}, {"to", P_TEXT}}},
  {"GET",  "/units/{slug}/meetings",   NEED_SIGNED_IN, false, page_meetings, {{0}}},
  {"GET",  "/units/{slug}/meetings/new", NEED_SIGNED_IN, false, page_meeting_new, {{0}}},
  {"POST", "/units/{slug}/meetings",   NEED_SIGNED_IN, false, page_meeting_create, {{0}}},
  {"GET",  "/meetings/{id}",           NEED_SIGNED_IN, false, page_meeting, {{0}}},
  {"POST", "/meetings/{id}/items",     NEED_SIGNED_IN, false, page_meeting_item_add, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/decide", NEED_SIGNED_IN, false, page_meeting_item_decide, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/move", NEED_SIGNED_IN, false, page_meeting_item_move, {{0}}},
  {"GET",  "/meetings/{id}/items/{item}/edit", NEED_SIGNED_IN, false, page_meeting_item_edit, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/edit", NEED_SIGNED_IN, false, page_meeting_item_update, {{0}}},
  {"POST", "/meetings/{id}/attendance", NEED_SIGNED_IN, false, page_meeting_attendance, {{0}}},
  {"GET",  "/meetings/{id}/items/{item}", NEED_SIGNED_IN, false, page_item, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/declarations", NEED_SIGNED_IN, false, page_declaration_create, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/decision", NEED_SIGNED_IN, false, page_decision_create, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/election", NEED_SIGNED_IN, false, page_election_create, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/minutes", NEED_SIGNED_IN, false, page_minutes_save, {{0}}},
  {"POST", "/meetings/{id}/items/{item}/papers", NEED_SIGNED_IN, false, page_paper_upload, {{0}}},
  {"GET",  "/papers/{id}/download",    NEED_SIGNED_IN, false, page_paper_download, {{0}}},
  {"GET",  "/meetings/{id}/minutes",   NEED_SIGNED_IN, false, page_minutes, {{0}}},
  {"POST", "/meetings/{id}/minutes/approve", NEED_SIGNED_IN, false, page_minutes_approve, {{0}}},
  {"GET",  "/units/{slug}/decisions",  NEED_SIGNED_IN, false, page_unit_decisions, {{0}}},
  {"GET",  "/people/{id}/interests",   NEED_SIGNED_IN, false, page_interests, {{0}}},
  {"POST", "/people/{id}/interests",   NEED_SIGNED_IN, false, page_interest_create, {{0}}},
  {"GET",  "/api/v1/units/{slug}/meetings", NEED_SIGNED_IN, true, api_unit_meetings, {{0}}},
  {"GET",  "/api/v1/meetings/{id}",    NEED_SIGNED_IN, true,  api_meeting, {{0}}},
  {"GET",  "/units/{slug}/actions",    NEED_SIGNED_IN, false, page_actions,
           {{"after", P_INT}, {"status", P_TEXT}, {"lead", P_INT}, {"overdue", P_INT}}},
  {"GET",  "/units/{slug}/actions.csv", NEED_SIGNED_IN, false, page_actions_csv,
           {{"status", P_TEXT}, {"lead", P_INT}, {"overdue", P_INT}}},
  {"GET",  "/units/{slug}/actions.xlsx", NEED_SIGNED_IN, false, page_actions_xlsx,
           {{"status", P_TEXT}, {"lead", P_INT}, {"overdue", P_INT}}},
  {"GET",  "/units/{slug}/actions/new", NEED_SIGNED_IN, false, page_action_new, {{"meeting", P_INT}}},
  {"POST", "/units/{slug}/actions/new", NEED_SIGNED_IN, false, page_action_create, {{0}}},
  {"GET",  "/actions/mine",            NEED_SIGNED_IN, false, page_actions_mine,
           {{"after", P_INT}, {"status", P_TEXT}, {"overdue", P_INT}}},
  {"GET",  "/actions/{id}",            NEED_SIGNED_IN, false, page_action, {{0}}},
  {"POST", "/actions/{id}",            NEED_SIGNED_IN, false, page_action_update, {{0}}},
  {"GET",  "/api/v1/units/{slug}/actions", NEED_SIGNED_IN, true, api_unit_actions,
           {{"after", P_INT}, {"limit", P_INT}, {"status", P_TEXT}, {"overdue", P_INT}}},
  {"GET",  "/meetings/{id}/calendar.ics", NEED_SIGNED_IN, false, page_meeting_ics, {{0}}},
  {"GET",  "/meetings/{id}/pack.pdf",  NEED_SIGNED_IN, false, page_meeting_pack_pdf, {{0}}},
  {"GET",  "/meetings/{id}/minutes.pdf", NEED_SIGNED_IN, false, page_meeting_minutes_pdf, {{0}}},
  {"POST", "/meetings/{id}/publish",   NEED_SIGNED_IN, false, page_meeting_publish, {{0}}},
  {"GET",  "/calendar",                NEED_SIGNED_IN, false, page_calendar, {{0}}},
  {"POST", "/calendar",                NEED_SIGNED_IN, false, page_calendar_post, {{0}}},
  {"GET",  "/calendar/{token}/meetings.ics", NEED_ANYONE, false, page_calendar_feed, {{0}}},
  {"GET",  "/admin/audit",             NEED_ADMIN,     false, page_audit, {{"before", P_INT}}},
  {"GET",  "/units/{slug}/qi",         NEED_SIGNED_IN, false, page_qi_projects, {{0}}},
  {"GET",  "/units/{slug}/qi/new",     NEED_SIGNED_IN, false, page_qi_project_new, {{0}}},
  {"POST", "/units/{slug}/qi/new",     NEED_SIGNED_IN, false, page_qi_project_create, {{0}}},
  {"GET",  "/qi/{id}",                 NEED_SIGNED_IN, false, page_qi_project, {{0}}},
  {"GET",  "/qi/{id}/edit",            NEED_SIGNED_IN, false, page_qi_project_edit, {{0}}},
  {"POST", "/qi/{id}/edit",            NEED_SIGNED_IN, false, page_qi_project_update, {{0}}},
  {"POST", "/qi/{id}/drivers",         NEED_SIGNED_IN, false, page_qi_driver_add, {{0}}},
  {"GET",  "/qi/{id}/drivers/{item}/edit", NEED_SIGNED_IN, false, page_qi_driver_edit, {{0}}},
  {"POST", "/qi/{id}/drivers/{item}/edit", NEED_SIGNED_IN, false, page_qi_driver_update, {{0}}},
  {"POST", "/qi/{id}/drivers/{item}/delete", NEED_SIGNED_IN, false, page_qi_driver_delete, {{0}}},
  {"POST", "/qi/{id}/links",           NEED_SIGNED_IN, false, page_qi_link_add, {{0}}},
  {"POST", "/qi/{id}/links/{item}/delete", NEED_SIGNED_IN, false, page_qi_link_delete, {{0}}},
  {"GET",  "/qi/{id}/pdsa/new",        NEED_SIGNED_IN, false, page_pdsa_new, {{"change", P_INT}, {"previous", P_INT}}},
  {"POST", "/qi/{id}/pdsa/new",        NEED_SIGNED_IN, false, page_pdsa_create, {{0}}},
  {"GET",  "/pdsa/{id}",               NEED_SIGNED_IN, false, page_pdsa, {{0}}},
  {"GET",  "/pdsa/{id}/edit",          NEED_SIGNED_IN, false, page_pdsa_edit, {{0}}},
  {"POST", "/pdsa/{id}/edit",          NEED_SIGNED_IN, false, page_pdsa_update, {{0}}},
  {"GET",  "/qi/{id}/measures/new",    NEED_SIGNED_IN, false, page_measure_new, {{0}}},
  {"POST", "/qi/{id}/measures/new",    NEED_SIGNED_IN, false, page_measure_create, {{0}}},
  {"GET",  "/measures/{id}",           NEED_SIGNED_IN, false, page_measure, {{"all", P_INT}, {"page", P_INT}}},
  {"GET",  "/measures/{id}/edit",      NEED_SIGNED_IN, false, page_measure_edit, {{0}}},
  {"POST", "/measures/{id}/edit",      NEED_SIGNED_IN, false, page_measure_update, {{0}}},
  {"GET",  "/measures/{id}/data.csv",  NEED_SIGNED_IN, false, page_measure_csv, {{0}}},
  {"POST", "/measures/{id}/points",    NEED_SIGNED_IN, false, page_point_add, {{0}}},
  {"GET",  "/measures/{id}/points/{item}", NEED_SIGNED_IN, false, page_point, {{0}}},
  {"POST", "/measures/{id}/points/{item}/annotate", NEED_SIGNED_IN, false, page_point_annotate, {{0}}},
  {"POST", "/measures/{id}/points/{item}/delete", NEED_SIGNED_IN, false, page_point_delete, {{0}}},
  {"POST", "/measures/{id}/rebases",   NEED_SIGNED_IN, false, page_rebase_add, {{0}}},
  {"POST", "/measures/{id}/rebases/delete", NEED_SIGNED_IN, false, page_rebase_delete, {{0}}},
  {"GET",  "/measures/{id}/import",    NEED_SIGNED_IN, false, page_measure_import_form, {{0}}},
  {"POST", "/measures/{id}/import",    NEED_SIGNED_IN, false, page_measure_import, {{0}}},
  {"GET",  "/api/v1/measures/{id}",    NEED_SIGNED_IN, true,  api_measure,
           {{"from", P_INT}, {"limit", P_INT}}},
  {"GET",  "/api/v1/units/{slug}/qi",  NEED_SIGNED_IN, true,  api_unit_qi, {{0}}},
  {"GET",  "/api/v1/units",            NEED_SIGNED_IN, true,  api_units, {{0}}},
  {"GET",  "/api/v1/units/{slug}",     NEED_SIGNED_IN, true,  api_unit, {{0}}},
  {"GET",  "/api/v1/units/{slug}/members", NEED_SIGNED_IN, true, api_unit_members, {{0}}},
};
#define N_ROUTE (int)(sizeof(aRoute)/sizeof(aRoute[0]))

const char *req_query(struct req *r, const char *zName){
  const struct route *rt = r->pRoute;
  for(int i=0; rt && i<4 && rt->aQuery[i].zName; i++){
    if( strcmp(rt->aQuery[i].zName, zName)==0 ) return kvlist_get(&r->query, zName);
  }
  return 0;
}
long long req_query_int(struct req *r, const char *zName, long long dflt){
  long long v;
  const char *z = req_query(r, zName);
  return z && text_to_int(z, 0, (long long)1<<53, &v) ? v : dflt;
}
const char *req_form(struct req *r, const char *zName){ return kvlist_get(&r->form, zName); }

/* Does the captured value suit the {name} it was captured for? */
static bool capture_ok(const char *zPattern, int iCap, const char *zVal){
  const char *p = zPattern;
  for(int i=0; (p = strchr(p, '{'))!=0; i++, p++){
    if( i!=iCap ) continue;
    long long v;
    if( strncmp(p, "{slug}", 6)==0 ) return text_is_slug(zVal);
    if( strncmp(p, "{id}", 4)==0 || strncmp(p, "{item}", 6)==0 ) return text_to_int(zVal, 1, (long long)1<<53, &v);
    if( strncmp(p, "{lang}", 6)==0 ) return strcmp(zVal, "en")==0 || strcmp(zVal, "cy")==0;
    if( strncmp(p, "{token}", 7)==0 ) return strlen(zVal)==64 && strspn(zVal, "0123456789abcdef")==64;
    return false;
  }
  return false;
}

static bool param_ok(enum param_kind k, const char *z){
  long long v;
  switch( k ){
    case P_INT: return text_to_int(z, 0, (long long)1<<53, &v);
    case P_SLUG: return text_is_slug(z);
    case P_LOCAL_PATH: return parse_is_local_path(z);
    case P_TEXT: return strlen(z)<=200 && text_is_clean_utf8(z, false);
  }
  return false;
}

static void json_error(struct req *r, int status, const char *zMsg){
  r->status = status;
  r->zContentType = "application/json";
  buf_reset(&r->body);
  buf_printf(&r->body, "{\"error\":\"%s\"}\n", zMsg);
}

/* Language: the cookie, else the signed-in user's saved choice, else
** the browser's Accept-Language when it prefers Welsh, else English. */
static void choose_language(struct req *r){
  r->lang = LANG_EN;
  if( i18n_parse_lang(kvlist_get(&r->cookies, "cc_lang"), &r->lang) ) return;
  if( r->bSignedIn && i18n_parse_lang(r->user.zLang, &r->lang) ) return;
  const char *zAccept = http_header(r, "Accept-Language");
  if( zAccept && strncmp(zAccept, "cy", 2)==0 ) r->lang = LANG_CY;
}

static bool csrf_ok(struct req *r){
  const char *zSent = req_form(r, "csrf");
  const char *zWant = r->zCsrf;
  if( !zSent || !zWant[0] || strlen(zSent)!=strlen(zWant) ) return false;
  return sodium_memcmp(zSent, zWant, strlen(zWant))==0;
}

static void dispatch(struct req *r);

void app_handle(struct req *r){
  r->db = app_worker_db();
  if( !r->db ){ dispatch(r); return; }
  /* A page's reads share one read transaction: one snapshot, and one
  ** round of file locking instead of one per statement. Choosing the
  ** language is the one GET that writes (the user's saved choice). */
  bool bRead = (strcmp(r->zMethod, "GET")==0 || strcmp(r->zMethod, "HEAD")==0)
            && strncmp(r->zPath, "/lang/", 6)!=0;
  if( bRead && !db_read_begin(r->db) ) bRead = false;
  dispatch(r);
  if( bRead ) db_read_end(r->db);
}

static void dispatch(struct req *r){
  if( !r->db ){
    r->status = 503;
    r->zContentType = "text/plain; charset=utf-8";
    buf_puts(&r->body, "The database is not available.\n");
    return;
  }
  text_today(r->zToday);
  auth_random_hex(r->zNonce, 16);
  r->bTls = config.bBehindTlsProxy;

  /* Route first: assets and health checks need no session lookup. */
  const struct route *rt = 0;
  bool bPathKnown = false;
  bool bAllowGet = false, bAllowPost = false;   /* for a 405's Allow header */
  for(int i=0; i<N_ROUTE && !rt; i++){
    const struct route *c = &aRoute[i];
    char *az[HTTP_MAX_PARAMS];
    int nCap = 0;
    size_t nPat = strlen(c->zPattern);
    if( c->zPattern[nPat-1]=='*' ){
      if( strncmp(r->zPath, c->zPattern, nPat-1)!=0 ) continue;
    }else{
      nCap = parse_route(c->zPattern, r->zPath, az, HTTP_MAX_PARAMS);
      if( nCap<0 ) continue;
      bool bOk = true;
      for(int j=0; j<nCap; j++) if( !capture_ok(c->zPattern, j, az[j]) ) bOk = false;
      if( !bOk ){ for(int j=0; j<nCap; j++) free(az[j]); continue; }
    }
    bPathKnown = true;
    bool bMethod = strcmp(c->zMethod, r->zMethod)==0
                || (strcmp(r->zMethod, "HEAD")==0 && strcmp(c->zMethod, "GET")==0);
    if( !bMethod ){
      if( strcmp(c->zMethod, "GET")==0 ) bAllowGet = true; else bAllowPost = true;
      for(int j=0; j<nCap; j++) free(az[j]);
      continue;
    }
    for(int j=0; j<nCap; j++) r->azParam[j] = az[j];
    r->nParam = nCap;
    rt = c;
  }
  r->pRoute = rt;

  /* Assets and the health check say nothing about who asks. */
  bool bAnonymous = rt && (rt->xHandler==page_asset || rt->xHandler==page_healthz);
  if( !bAnonymous && (!rt || !rt->bApi || !http_header(r, "Authorization")) ){
    const char *zSession = kvlist_get(&r->cookies, "cc_session");
    if( zSession && auth_session_user(r->db, zSession, &r->user, r->zCsrf) ){
      r->bSignedIn = true;
      snprintf(r->zSession, sizeof r->zSession, "%s", zSession);
    }
  }
  if( rt && rt->bApi ){
    const char *zAuth = http_header(r, "Authorization");
    if( zAuth ){
      if( strncmp(zAuth, "Bearer ", 7)!=0 || !auth_token_user(r->db, zAuth+7, &r->user) ){
        json_error(r, 401, "invalid or unknown API token");
        http_add_header(r, "WWW-Authenticate", "Bearer");
        return;
      }
      r->bSignedIn = true;
      r->bViaToken = true;
    }
  }
  choose_language(r);

  if( !rt ){
    if( bPathKnown ){
      r->status = 405;
      page_error(r, 405, "error.method_title", "error.method_body");
      http_add_header(r, "Allow", bAllowGet && bAllowPost ? "GET, HEAD, POST" : bAllowGet ? "GET, HEAD" : "POST");
    }else if( strncmp(r->zPath, "/api/", 5)==0 ){
      json_error(r, 404, "not found");
    }else{
      page_error(r, 404, "error.not_found_title", "error.not_found_body");
    }
    return;
  }
  for(int i=0; i<r->query.n; i++){
    for(int j=0; j<4 && rt->aQuery[j].zName; j++){
      if( strcmp(rt->aQuery[j].zName, r->query.a[i].zKey)==0
       && !param_ok(rt->aQuery[j].kind, r->query.a[i].zVal) ){
        if( rt->bApi ) json_error(r, 400, "bad query parameter");
        else page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
        return;
      }
    }
  }
  if( rt->need!=NEED_ANYONE && !r->bSignedIn ){
    if( rt->bApi ){
      json_error(r, 401, "sign in or send an API token");
      http_add_header(r, "WWW-Authenticate", "Bearer");
      return;
    }
    struct buf b = {0};
    buf_puts(&b, "/login?next=");
    html_urlpart(&b, r->zPath);
    http_redirect(r, buf_cstr(&b));
    buf_free(&b);
    return;
  }
  if( rt->need==NEED_ADMIN && r->user.role!=ROLE_ADMIN ){
    page_error(r, 404, "error.not_found_title", "error.not_found_body");
    return;
  }
  if( strcmp(r->zMethod, "POST")==0 ){
    if( r->bFormBad ){
      page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
      return;
    }
    /* Sign-in has no session yet: it checks its own token (pages/auth.c). */
    if( rt->xHandler!=page_login && !csrf_ok(r) ){
      page_error(r, 403, "error.csrf_title", "error.csrf_body");
      return;
    }
  }
  rt->xHandler(r);
}
