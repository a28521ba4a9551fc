/* Papers attached to agenda items (see paper.h). */
#include "domain/paper.h"
#include "domain/audit.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/text.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *paper_validate(const char *zFilename, const unsigned char *p, size_t n,
                           char zName[PAPER_MAX_NAME+1], struct field_errors *e){
  if( !p || n==0 ){ field_errors_add(e, "file", "paper.error_empty"); return 0; }
  if( n>PAPER_MAX_BYTES ){ field_errors_add(e, "file", "paper.error_too_large"); return 0; }
  if( !paper_clean_name(zFilename, zName) ){ field_errors_add(e, "file", "paper.error_name"); return 0; }
  const char *zWhy = 0;
  const char *zType = paper_check(p, n, zName, &zWhy);
  if( !zType ) field_errors_add(e, "file", zWhy);
  return zType;
}

long long paper_insert(struct db *db, const struct user *u, const struct meeting *m, long long itemId,
                       const char *zName, const char *zType, const unsigned char *p, size_t n){
  unsigned char aHash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(aHash, p, n);
  char zHash[65];
  sodium_bin2hex(zHash, sizeof zHash, aHash, sizeof aHash);
  struct stmt *s = db_prepare(db,
    "INSERT INTO paper(agenda_item_id, filename, content_type, size, sha256, data, user_id, created_at)"
    " VALUES(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_text(s, 2, zName);
  stmt_bind_text(s, 3, zType);
  stmt_bind_int(s, 4, (long long)n);
  stmt_bind_text(s, 5, zHash);
  stmt_bind_blob(s, 6, p, n);
  if( u && u->id>0 ) stmt_bind_int(s, 7, u->id); else stmt_bind_null(s, 7);
  stmt_bind_int(s, 8, (long long)time(0));
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  if( id<=0 ) return 0;
  struct buf b = {0};
  bool bFirst = true;
  buf_putc(&b, '{');
  json_kv_int(&b, &bFirst, "meeting_id", m->id);
  json_kv_int(&b, &bFirst, "agenda_item_id", itemId);
  json_kv_str(&b, &bFirst, "filename", zName);
  json_kv_str(&b, &bFirst, "content_type", zType);
  json_kv_int(&b, &bFirst, "size", (long long)n);
  json_kv_str(&b, &bFirst, "sha256", zHash);
  buf_putc(&b, '}');
  bool ok = audit_record(db, u, "create", "paper", id, m->unitId, 0, buf_cstr(&b));
  buf_free(&b);
  return ok ? id : 0;
}

long long paper_add(struct db *db, const struct user *u, const struct meeting *m, long long itemId,
                    const char *zFilename, const unsigned char *p, size_t n,
                    const char *zToday, struct field_errors *e){
  struct agenda_item it;
  if( !access_can_write(db, u, m->unitId, zToday) || !agenda_get(db, m, itemId, &it)
   || (it.bRestricted && !meeting_sees_restricted(db, u, m)) ) return -1;
  char zName[PAPER_MAX_NAME+1];
  const char *zType = paper_validate(zFilename, p, n, zName, e);
  if( !zType ) return 0;
  if( !db_begin(db) ){ field_errors_add(e, "file", "error.not_saved"); return 0; }
  long long id = paper_insert(db, u, m, itemId, zName, zType, p, n);
  if( id<=0 || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "file", "error.not_saved");
    return 0;
  }
  return id;
}

static void read_row(struct stmt *s, struct paper *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  p->itemId = stmt_int(s, 1);
  snprintf(p->zFilename, sizeof p->zFilename, "%s", stmt_text(s, 2));
  snprintf(p->zType, sizeof p->zType, "%s", stmt_text(s, 3));
  p->size = stmt_int(s, 4);
  snprintf(p->zSha256, sizeof p->zSha256, "%s", stmt_text(s, 5));
  p->createdAt = stmt_int(s, 6);
  snprintf(p->zUploadedBy, sizeof p->zUploadedBy, "%s", stmt_text(s, 7));
  p->meetingId = stmt_int(s, 8);
}

int paper_list(struct db *db, long long itemId, paper_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT p.id, p.agenda_item_id, p.filename, p.content_type, p.size, p.sha256, p.created_at,"
    " COALESCE(u.name, ''), a.meeting_id"
    " FROM paper p JOIN agenda_item a ON a.id=p.agenda_item_id LEFT JOIN app_user u ON u.id=p.user_id"
    " WHERE p.agenda_item_id=? ORDER BY p.id");
  stmt_bind_int(s, 1, itemId);
  int n = 0;
  struct paper *p = malloc(sizeof *p);
  if( !p ){ stmt_done(s); return 0; }
  while( stmt_step(s)==1 ){
    read_row(s, p);
    x(pCtx, p);
    n++;
  }
  stmt_done(s);
  free(p);
  return n;
}

bool paper_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                       struct paper *p, struct buf *pData){
  struct stmt *s = db_prepare(db,
    "SELECT p.id, p.agenda_item_id, p.filename, p.content_type, p.size, p.sha256, p.created_at,"
    " COALESCE(u.name, ''), a.meeting_id"
    " FROM paper p JOIN agenda_item a ON a.id=p.agenda_item_id LEFT JOIN app_user u ON u.id=p.user_id"
    " WHERE p.id=?");
  stmt_bind_int(s, 1, id);
  bool bFound = stmt_step(s)==1;
  if( bFound ) read_row(s, p);
  stmt_done(s);
  if( !bFound ) return false;
  struct meeting m;
  struct agenda_item it;
  if( !agenda_item_get_visible(db, u, p->meetingId, p->itemId, zToday, &m, &it) ) return false;
  return !pData || paper_data(db, p, pData);
}

bool paper_data(struct db *db, struct paper *p, struct buf *pData){
  struct stmt *s = db_prepare(db, "SELECT data FROM paper WHERE id=?");
  stmt_bind_int(s, 1, p->id);
  bool ok = false;
  if( stmt_step(s)==1 ){
    size_t n = 0;
    const void *pBytes = stmt_blob(s, 0, &n);
    if( n ) buf_append(pData, pBytes, n);
    p->size = (long long)n;
    ok = true;
  }
  stmt_done(s);
  return ok;
}
