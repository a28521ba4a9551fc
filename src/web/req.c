#include "web/req.h"
#include "util/json.h"
#include "util/assert.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>

const char *req_form(struct req *r, const char *zName){ return kvlist_get(&r->h->form, zName); }
const char *req_cookie(struct req *r, const char *zName){ return kvlist_get(&r->h->cookies, zName); }
const char *req_header(struct req *r, const char *zName){ return http_header(r->h, zName); }
void req_add_header(struct req *r, const char *zName, const char *zValue){
  /* Every header value is made by the program (a local path, a quoted
  ** file name with its controls replaced, a number): never a line break
  ** that would start a header of its own. */
  assert( zName!=0 && zName[0]!=0 && strpbrk(zName, ": \r\n")==0 );
  assert( zValue!=0 && strpbrk(zValue, "\r\n")==0 );
  kvlist_add(&r->headers, zName, zValue);
}
void req_redirect(struct req *r, const char *zLocation){
  assert( zLocation!=0 && zLocation[0]=='/' && zLocation[1]!='/' );   /* local (parse_is_local_path) */
  r->status = 303;
  req_add_header(r, "Location", zLocation);
}

const char *req_query(struct req *r, const char *zName){
  const struct route *rt = r->pRoute;
  assert( zName!=0 );
  for(int i=0; rt && i<4 && rt->aQuery[i].zName; i++){
    if( strcmp(rt->aQuery[i].zName, zName)==0 ) return kvlist_get(&r->h->query, zName);
  }
  return 0;
}
long long req_query_int(struct req *r, const char *zName, long long dflt){
  long long v;
  const char *z = req_query(r, zName);
  return z && text_to_int(z, 0, (long long)1<<53, &v) ? v : dflt;
}

void req_set_cookie(struct req *r, const char *zName, const char *zValue, int nMaxAge){
  char z[300];
  /* Names and values are ours: tokens, a language code, never ';'. */
  assert( zName!=0 && zValue!=0 && strchr(zValue, ';')==0 && nMaxAge>=0 );
  int n = snprintf(z, sizeof z, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
                   zName, zValue, nMaxAge, r->bTls ? "; Secure" : "");
  assert( n>0 && (size_t)n<sizeof z );   /* never cut */
  (void)n;
  req_add_header(r, "Set-Cookie", z);
}

void req_json_error(struct req *r, int status, const char *zMsg){
  r->status = status;
  r->zContentType = "application/json";
  buf_reset(&r->body);
  buf_puts(&r->body, "{\"error\":");
  json_string(&r->body, zMsg);
  buf_puts(&r->body, "}\n");
}
