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

/* paper_insert of version nVersion, replacing paper replacesId when >0
** (which its audit entry names). */
static long long paper_insert_version(struct db *db, const struct user *u, const struct meeting *m, long long itemId,
                                      const char *zName, const char *zType, const unsigned char *p, size_t n,
                                      int nVersion, long long replacesId){
  unsigned char aHash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(aHash, p, n);
  char zHash[65];
  sodium_bin2hex(zHash, sizeof zHash, aHash, sizeof aHash);
  struct stmt *s = db_prepare(db,
    "INSERT INTO paper(agenda_item_id, filename, content_type, size, sha256, data, user_id, created_at, version)"
    " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_text(s, 2, zName);
  stmt_bind_text(s, 3, zType);
  stmt_bind_int(s, 4, (long long)n);
  stmt_bind_text(s, 5, zHash);
  stmt_bind_blob(s, 6, p, n);
  if( u && u->id>0 ) stmt_bind_int(s, 7, u->id); else stmt_bind_null(s, 7);
  stmt_bind_int(s, 8, (long long)time(0));
  stmt_bind_int(s, 9, nVersion);
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
  if( replacesId>0 ){
    json_kv_int(&b, &bFirst, "version", nVersion);
    json_kv_int(&b, &bFirst, "replaces_paper_id", replacesId);
  }
  buf_putc(&b, '}');
  bool ok = audit_record(db, u, "create", "paper", id, m->unitId, 0, buf_cstr(&b));
  buf_free(&b);
  return ok ? id : 0;
}

long long paper_insert(struct db *db, const struct user *u, const struct meeting *m, long long itemId,
                       const char *zName, const char *zType, const unsigned char *p, size_t n){
  return paper_insert_version(db, u, m, itemId, zName, zType, p, n, 1, 0);
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

/* A paper's row as read_row() reads it, from paper p and these joins:
** the one column list of every query that reads papers whole. */
#define PAPER_COLS "p.id, p.agenda_item_id, p.filename, p.content_type, p.size, p.sha256, p.created_at," \
  " COALESCE(u.name, ''), a.meeting_id, p.version, p.replaced_by_paper_id, p.replaced_at"
#define PAPER_JOINS " JOIN agenda_item a ON a.id=p.agenda_item_id LEFT JOIN app_user u ON u.id=p.user_id"

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
  p->version = (int)stmt_int(s, 9);
  p->replacedById = stmt_int(s, 10);
  p->replacedAt = stmt_int(s, 11);
}

int paper_list(struct db *db, long long itemId, paper_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " PAPER_COLS " FROM paper p" PAPER_JOINS
    " WHERE p.agenda_item_id=? AND p.replaced_by_paper_id IS NULL ORDER BY p.id");
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
    "SELECT " PAPER_COLS " FROM paper p" PAPER_JOINS
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

/* ---- versions and withdrawal ---------------------------------------------- */

int paper_versions(struct db *db, long long paperId, paper_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "WITH RECURSIVE v(id) AS ("
    "  SELECT id FROM paper WHERE replaced_by_paper_id=?1"
    "  UNION ALL SELECT p.id FROM paper p JOIN v ON p.replaced_by_paper_id=v.id)"
    "SELECT " PAPER_COLS " FROM v JOIN paper p ON p.id=v.id" PAPER_JOINS
    " ORDER BY p.version DESC, p.id DESC");
  stmt_bind_int(s, 1, paperId);
  int n = 0;
  struct paper *p = xmalloc(sizeof *p);
  while( stmt_step(s)==1 ){
    read_row(s, p);
    x(pCtx, p);
    n++;
  }
  stmt_done(s);
  free(p);
  return n;
}

/* Inside the write transaction: paper paperId as it is now, if it is the
** current version of a paper on an item of meeting m that pUser may
** change; the item into *it. */
static bool paper_current_for(struct db *db, const struct user *u, const struct meeting *m, long long paperId,
                              const char *zToday, struct paper *p, struct agenda_item *it){
  if( !access_can_write(db, u, m->unitId, zToday) ) return false;
  struct stmt *s = db_prepare(db,
    "SELECT p.id, p.agenda_item_id, p.filename, p.content_type, p.size, p.sha256, p.created_at,"
    " '', a.meeting_id, p.version, p.replaced_by_paper_id, p.replaced_at"
    " FROM paper p JOIN agenda_item a ON a.id=p.agenda_item_id WHERE p.id=?1 AND a.meeting_id=?2");
  stmt_bind_int(s, 1, paperId);
  stmt_bind_int(s, 2, m->id);
  bool b = stmt_step(s)==1;
  if( b ) read_row(s, p);
  stmt_done(s);
  return b && agenda_get(db, m, p->itemId, it) && (!it->bRestricted || meeting_sees_restricted(db, u, m));
}

long long paper_replace(struct db *db, const struct user *u, const struct meeting *m, long long paperId,
                        const char *zFilename, const unsigned char *pData, size_t n,
                        const char *zToday, struct field_errors *e){
  char zName[PAPER_MAX_NAME+1];
  /* A file refused leaves its message in e, so that e->n is not 0 below. */
  const char *zType = paper_validate(zFilename, pData, n, zName, e);
  int nInput = e->n;
  if( !db_begin(db) ){ field_errors_add(e, "file", "error.not_saved"); return 0; }
  struct paper old;
  struct agenda_item it;
  if( !paper_current_for(db, u, m, paperId, zToday, &old, &it) ){
    return field_errors_refuse_in_tx(db, e, "file", "error.not_saved");
  }
  struct stmt *s = db_prepare(db, "SELECT status='cancelled' FROM meeting WHERE id=?");
  stmt_bind_int(s, 1, m->id);
  if( stmt_step(s)!=1 || stmt_int(s, 0) ) field_errors_add(e, "file", "error.meeting_cancelled");
  stmt_done(s);
  if( old.replacedById ) field_errors_add(e, "file", "paper.error_replaced");
  if( !field_errors_checked_in_tx(db, e, nInput, "file", "error.not_saved") ) return 0;
  long long id = paper_insert_version(db, u, m, it.id, zName, zType, pData, n, old.version+1, old.id);
  bool ok = id>0;
  if( ok ){
    s = db_prepare(db, "UPDATE paper SET replaced_by_paper_id=?, replaced_at=? WHERE id=? AND replaced_by_paper_id IS NULL"
                       " RETURNING id");
    stmt_bind_int(s, 1, id);
    stmt_bind_int(s, 2, (long long)time(0));
    stmt_bind_int(s, 3, old.id);
    ok = stmt_step(s)==1;
    stmt_done(s);
  }
  if( ok ){
    char zNew[64];
    snprintf(zNew, sizeof zNew, "{\"replaced_by_paper_id\":%lld}", id);
    ok = audit_record(db, u, "update", "paper", old.id, m->unitId, "{\"replaced_by_paper_id\":null}", zNew);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "file", "error.not_saved");
    return 0;
  }
  return id;
}

long long paper_withdraw(struct db *db, const struct user *u, const struct meeting *m, long long paperId,
                         const char *zToday, struct field_errors *e){
  if( !db_begin(db) ){ field_errors_add(e, "confirm", "error.not_saved"); return 0; }
  struct paper old;
  struct agenda_item it;
  if( !paper_current_for(db, u, m, paperId, zToday, &old, &it) ){
    return field_errors_refuse_in_tx(db, e, "confirm", "error.not_saved");
  }
  /* Once the pack has gone out, the paper is part of what was circulated. */
  struct stmt *s = db_prepare(db, "SELECT pack_published_at IS NOT NULL, status='cancelled' FROM meeting WHERE id=?");
  stmt_bind_int(s, 1, m->id);
  if( stmt_step(s)!=1 ) field_errors_add(e, "confirm", "error.not_saved");
  else if( stmt_int(s, 1) ) field_errors_add(e, "confirm", "error.meeting_cancelled");
  else if( stmt_int(s, 0) ) field_errors_add(e, "confirm", "paper.error_withdraw_published");
  stmt_done(s);
  if( old.replacedById ) field_errors_add(e, "confirm", "paper.error_replaced");
  if( !field_errors_checked_in_tx(db, e, 0, "confirm", "error.not_saved") ) return 0;
  /* The paper goes with every earlier version of it, in one statement
  ** (each older version points at the one that replaced it). */
  s = db_prepare(db,
    "DELETE FROM paper WHERE id IN ("
    "  WITH RECURSIVE v(id) AS ("
    "    SELECT id FROM paper WHERE id=?1"
    "    UNION ALL SELECT p.id FROM paper p JOIN v ON p.replaced_by_paper_id=v.id)"
    "  SELECT id FROM v) RETURNING id");
  stmt_bind_int(s, 1, old.id);
  int nId = 0, rc;
  while( (rc = stmt_step(s))==1 ) nId++;
  stmt_done(s);
  bool ok = rc==0 && nId>0;
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "meeting_id", m->id);
    json_kv_int(&b, &bFirst, "agenda_item_id", it.id);
    json_kv_str(&b, &bFirst, "filename", old.zFilename);
    json_kv_int(&b, &bFirst, "size", old.size);
    json_kv_str(&b, &bFirst, "sha256", old.zSha256);
    json_kv_int(&b, &bFirst, "versions", nId);
    buf_putc(&b, '}');
    ok = audit_record(db, u, "delete", "paper", old.id, m->unitId, buf_cstr(&b), 0);
    buf_free(&b);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "confirm", "error.not_saved");
    return 0;
  }
  return old.id;
}
