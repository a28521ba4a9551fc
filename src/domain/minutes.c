/* The minutes of a meeting: their form, and their one writer (see
** minutes.h). */
#include "domain/minutes.h"
#include "domain/audit.h"
#include "domain/decision.h"
#include "domain/record.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void minutes_form_of(struct db *db, const struct meeting *m, char zOut[10]){
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  /* The version in force on the day, else the first one written. */
  struct stmt *s = db_prepare(db,
    "SELECT minutes_form FROM terms_of_reference WHERE unit_id=?1"
    " ORDER BY agreed_on<=?2 DESC, CASE WHEN agreed_on<=?2 THEN -version ELSE version END LIMIT 1");
  stmt_bind_int(s, 1, m->unitId);
  stmt_bind_text(s, 2, zDate);
  const char *z = stmt_step(s)==1 ? stmt_text(s, 0) : "formal";
  snprintf(zOut, 10, "%s", strcmp(z, "notes")==0 || strcmp(z, "actions")==0 ? z : "formal");
  stmt_done(s);
}

void minutes_attendee_name(struct db *db, enum lang lang, const struct attendee *a, struct buf *pOut){
  bool bWith = !a->zRoleKey[0] || strcmp(a->zStatus, "deputy")==0 || strcmp(a->zStatus, "in_attendance")==0;
  char zOrg[201] = "";
  if( bWith ){
    struct stmt *s = db_prepare(db, "SELECT COALESCE(organisation,'') FROM person WHERE id=?");
    stmt_bind_int(s, 1, a->personId);
    if( stmt_step(s)==1 ) snprintf(zOrg, sizeof zOrg, "%s", stmt_text(s, 0));
    stmt_done(s);
  }
  if( zOrg[0] ) buf_printf(pOut, i18n_get(lang, "minutes.person_org"), a->zName, zOrg);
  else buf_puts(pOut, a->zName);
}

static bool blank(const char *z){
  if( !z ) return true;
  while( *z==' ' || *z=='\t' || *z=='\r' || *z=='\n' ) z++;
  return *z==0;
}

/* {"minutes":"..."} with the reason of a correction when there is one. */
static void minutes_json(struct buf *b, const char *zText, const char *zReason){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "minutes", zText ? zText : "");
  if( zReason ) json_kv_str(b, &bFirst, "correction_reason", zReason);
  buf_putc(b, '}');
}

/* What is known of one entry between the checks and the writes. */
struct pending { char *zOld; const char *zNew; bool bChanged; };

int minutes_save_all(struct db *db, const struct user *u, const struct meeting *m,
                     const struct minutes_entry *a, int n, const char *zReason,
                     const char *zToday, struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return -2;
  if( n<=0 ) return 0;
  const char *zFirst = a[0].zField ? a[0].zField : "minutes";
  if( !db_begin(db) ){ field_errors_add(e, zFirst, "error.not_saved"); return -1; }
  struct pending *aP = xcalloc((size_t)n, sizeof *aP);
  int rc = -1, nChanged = 0;
  bool bSees = false, bSeesKnown = false;
  for(int i=0; i<n; i++){
    const char *zField = a[i].zField ? a[i].zField : "minutes";
    struct agenda_item it;
    if( !agenda_get(db, m, a[i].itemId, &it) ){ rc = -2; goto refused; }
    if( it.bRestricted ){
      if( !bSeesKnown ){ bSees = meeting_sees_restricted(db, u, m); bSeesKnown = true; }
      if( !bSees ){ rc = -2; goto refused; }
    }
    for(int j=0; j<i; j++){
      if( a[j].itemId==a[i].itemId ){ rc = -2; goto refused; }   /* not a form this site draws */
    }
    const char *zMd = a[i].zMarkdown;
    if( !blank(zMd) ){
      if( strlen(zMd)>MINUTES_MAX ){ field_errors_add(e, zField, "error.minutes_too_long"); continue; }
      if( !text_is_clean_utf8(zMd, true) ){ field_errors_add(e, zField, "error.bad_characters"); continue; }
    }
    if( strcmp(it.zStatus, "accepted")!=0 ){ field_errors_add(e, zField, "error.item_not_on_agenda"); continue; }
    aP[i].zOld = minutes_get(db, m, it.id);
    aP[i].zNew = blank(zMd) ? 0 : zMd;
    aP[i].bChanged = !((!aP[i].zOld && !aP[i].zNew)
                       || (aP[i].zOld && aP[i].zNew && strcmp(aP[i].zOld, aP[i].zNew)==0));
    if( aP[i].bChanged ) nChanged++;
  }
  if( e->n ) goto refused;
  if( nChanged==0 ){ rc = 0; goto refused; }     /* nothing to write */
  /* The rule of the record, judged inside the transaction. */
  enum record_write w = record_may_write(db, m->id, zFirst, zReason, e);
  if( w==RECORD_REFUSED ) goto refused;
  bool bCorrect = w==RECORD_CORRECT;
  long long now = (long long)time(0);
  bool ok = true;
  for(int i=0; ok && i<n; i++){
    if( !aP[i].bChanged ) continue;
    struct stmt *s = db_prepare(db, "UPDATE agenda_item SET minutes=?, updated_at=? WHERE id=? AND meeting_id=?");
    stmt_bind_text(s, 1, aP[i].zNew);
    stmt_bind_int(s, 2, now);
    stmt_bind_int(s, 3, a[i].itemId);
    stmt_bind_int(s, 4, m->id);
    ok = stmt_exec(s);
    struct buf bOld = {0}, bNew = {0};
    minutes_json(&bOld, aP[i].zOld, 0);
    minutes_json(&bNew, aP[i].zNew, bCorrect ? zReason : 0);
    /* A change to approved minutes is always an update of the record,
    ** even where the item had no minutes before. */
    bool bUpdate = aP[i].zOld || bCorrect;
    if( ok ) ok = audit_record(db, u, bUpdate ? "update" : "create", "minutes", a[i].itemId, m->unitId,
                               bUpdate ? buf_cstr(&bOld) : 0, buf_cstr(&bNew));
    if( ok && bCorrect ){
      buf_reset(&bNew);
      minutes_json(&bNew, aP[i].zNew, 0);
      ok = record_correction(db, u, m->id, "minutes", a[i].itemId, buf_cstr(&bOld), buf_cstr(&bNew), zReason);
    }
    buf_free(&bOld);
    buf_free(&bNew);
  }
  if( ok ){
    struct stmt *s = db_prepare(db,
      "UPDATE meeting SET minutes_status='draft', updated_at=? WHERE id=? AND minutes_status='none'");
    stmt_bind_int(s, 1, now);
    stmt_bind_int(s, 2, m->id);
    ok = stmt_exec(s);
  }
  if( !ok || !db_commit(db) ){
    field_errors_add(e, zFirst, "error.not_saved");
    goto refused;
  }
  rc = nChanged;
  for(int i=0; i<n; i++) free(aP[i].zOld);
  free(aP);
  return rc;

refused:
  db_rollback(db);
  for(int i=0; i<n; i++) free(aP[i].zOld);
  free(aP);
  return rc;
}

bool minutes_save(struct db *db, const struct user *u, const struct meeting *m, long long itemId,
                  const char *zMarkdown, const char *zCorrectionReason, const char *zToday,
                  struct field_errors *e){
  /* One item through the one writer of minutes (minutes.c), which keeps
  ** the rule of the record. */
  struct minutes_entry one = { itemId, zMarkdown, "minutes" };
  int n = minutes_save_all(db, u, m, &one, 1, zCorrectionReason, zToday, e);
  if( n==-2 ) field_errors_add(e, "minutes", "error.not_allowed");
  return n>=0;
}
