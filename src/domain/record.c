/* The record of a meeting: when it may be written, and its corrections
** (see record.h). */
#include "domain/record.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

const char *const record_kinds[] = {
  "action", "attendance", "declaration", "decision", "election", "minutes", 0
};

enum record_state record_state_at(const char *zStartsAt, const char *zStatus,
                                  const char *zMinutesStatus, const char *zNow){
  char zLocal[17];
  if( !zNow ){ text_local_now(zLocal); zNow = zLocal; }
  if( zStatus && strcmp(zStatus, "cancelled")==0 ) return RECORD_CANCELLED;
  if( zMinutesStatus && strcmp(zMinutesStatus, "approved")==0 ) return RECORD_LOCKED;
  if( zStatus && strcmp(zStatus, "held")==0 ) return RECORD_OPEN;
  return strcmp(zStartsAt ? zStartsAt : "", zNow)<=0 ? RECORD_OPEN : RECORD_AHEAD;
}

bool record_state_of(struct db *db, long long meetingId, const char *zNow, enum record_state *pOut){
  struct stmt *s = db_prepare(db, "SELECT starts_at, status, minutes_status FROM meeting WHERE id=?");
  stmt_bind_int(s, 1, meetingId);
  bool ok = stmt_step(s)==1;
  if( ok ) *pOut = record_state_at(stmt_text(s, 0), stmt_text(s, 1), stmt_text(s, 2), zNow);
  stmt_done(s);
  return ok;
}

enum record_write record_may_write(struct db *db, long long meetingId, const char *zField,
                                   const char *zReason, struct field_errors *e){
  enum record_state st;
  if( !record_state_of(db, meetingId, 0, &st) ){
    field_errors_add(e, zField, "error.not_saved");
    return RECORD_REFUSED;
  }
  switch( st ){
    case RECORD_AHEAD: field_errors_add(e, zField, "error.record_before_start"); return RECORD_REFUSED;
    case RECORD_CANCELLED: field_errors_add(e, zField, "error.meeting_cancelled"); return RECORD_REFUSED;
    case RECORD_OPEN: return RECORD_WRITE;
    case RECORD_LOCKED: break;
  }
  if( text_blank(zReason) ){
    field_errors_add(e, "correction_reason", "error.correction_reason_required");
  }else if( strlen(zReason)>RECORD_REASON_MAX ){
    field_errors_add(e, "correction_reason", "error.too_long_1000");
  }else if( !text_is_clean_utf8(zReason, true) ){
    field_errors_add(e, "correction_reason", "error.bad_characters");
  }else{
    return RECORD_CORRECT;
  }
  return RECORD_REFUSED;
}

bool record_correction(struct db *db, const struct user *u, long long meetingId, const char *zKind,
                       long long recordId, const char *zOld, const char *zNew, const char *zReason){
  bool bKnown = false;
  for(int i=0; record_kinds[i]; i++) if( zKind && strcmp(record_kinds[i], zKind)==0 ) bKnown = true;
  if( !bKnown ){
    fprintf(stderr, "carecluster: record_correction: unknown kind %s: add it to record.c and both catalogues\n",
            zKind ? zKind : "(null)");
    return false;
  }
  char zActor[512];
  if( u ) snprintf(zActor, sizeof zActor, "%s", u->zName);
  else snprintf(zActor, sizeof zActor, "command line");
  struct stmt *s = db_prepare(db,
    "INSERT INTO correction(meeting_id,record_kind,record_id,old_values,new_values,reason,user_id,actor,created_at)"
    " VALUES(?,?,?,?,?,?,?,?,?)");
  stmt_bind_int(s, 1, meetingId);
  stmt_bind_text(s, 2, zKind);
  stmt_bind_int(s, 3, recordId);
  if( zOld ) stmt_bind_text(s, 4, zOld); else stmt_bind_null(s, 4);
  if( zNew ) stmt_bind_text(s, 5, zNew); else stmt_bind_null(s, 5);
  stmt_bind_text(s, 6, zReason);
  if( u && u->id>0 ) stmt_bind_int(s, 7, u->id); else stmt_bind_null(s, 7);
  stmt_bind_text(s, 8, zActor);
  stmt_bind_int(s, 9, (long long)time(0));
  return stmt_exec(s);
}

int record_corrections(struct db *db, long long meetingId, const char *zKind, long long recordId,
                       correction_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, record_kind, record_id, created_at, actor, old_values, new_values, reason"
    "  FROM correction WHERE meeting_id=?1"
    "   AND (CAST(?2 AS TEXT) IS NULL OR record_kind=?2) AND (?3=0 OR record_id=?3)"
    " ORDER BY id");
  stmt_bind_int(s, 1, meetingId);
  if( zKind ) stmt_bind_text(s, 2, zKind); else stmt_bind_null(s, 2);
  stmt_bind_int(s, 3, recordId);
  int n = 0;
  struct correction c;
  while( stmt_step(s)==1 ){
    memset(&c, 0, sizeof c);
    c.id = stmt_int(s, 0);
    text_copy(c.zKind, sizeof c.zKind, stmt_text(s, 1));
    c.recordId = stmt_int(s, 2);
    c.at = stmt_int(s, 3);
    text_copy(c.zActor, sizeof c.zActor, stmt_text(s, 4));
    c.zOld = stmt_is_null(s, 5) ? 0 : stmt_text(s, 5);
    c.zNew = stmt_is_null(s, 6) ? 0 : stmt_text(s, 6);
    c.zReason = stmt_text(s, 7);
    x(pCtx, &c);
    n++;
  }
  stmt_done(s);
  return n;
}
