/* Terms of reference, versioned (see tor.h). */
#include "domain/tor.h"
#include "domain/audit.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define TOR_COLS \
  "id, unit_id, version, purpose, meeting_frequency, quorum_kind, COALESCE(quorum_number,0)," \
  " COALESCE(quorum_num,0), COALESCE(quorum_den,0), quorum_requires_chair, chair_selection," \
  " minutes_form, agreed_on, review_due, created_at, COALESCE(quorum_roles,'')"

static void tor_from_row(struct stmt *s, struct tor *t){
  memset(t, 0, sizeof *t);
  t->id = stmt_int(s, 0);
  t->unitId = stmt_int(s, 1);
  t->version = (int)stmt_int(s, 2);
  snprintf(t->zPurpose, sizeof t->zPurpose, "%s", stmt_text(s, 3));
  snprintf(t->zFrequency, sizeof t->zFrequency, "%s", stmt_text(s, 4));
  snprintf(t->zQuorumKind, sizeof t->zQuorumKind, "%s", stmt_text(s, 5));
  t->quorumNumber = (int)stmt_int(s, 6);
  t->quorumNum = (int)stmt_int(s, 7);
  t->quorumDen = (int)stmt_int(s, 8);
  t->bRequiresChair = stmt_int(s, 9)!=0;
  snprintf(t->zChairSelection, sizeof t->zChairSelection, "%s", stmt_text(s, 10));
  snprintf(t->zMinutesForm, sizeof t->zMinutesForm, "%s", stmt_text(s, 11));
  snprintf(t->zAgreedOn, sizeof t->zAgreedOn, "%s", stmt_text(s, 12));
  snprintf(t->zQuorumRoles, sizeof t->zQuorumRoles, "%s", stmt_text(s, 15));
  snprintf(t->zReviewDue, sizeof t->zReviewDue, "%s", stmt_text(s, 13));
  t->createdAt = stmt_int(s, 14);
}

bool tor_current(struct db *db, long long unitId, struct tor *t){
  struct stmt *s = db_prepare(db,
    "SELECT " TOR_COLS " FROM terms_of_reference WHERE unit_id=? ORDER BY version DESC LIMIT 1");
  stmt_bind_int(s, 1, unitId);
  bool b = stmt_step(s)==1;
  if( b ) tor_from_row(s, t);
  stmt_done(s);
  return b;
}

int tor_list(struct db *db, long long unitId, tor_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " TOR_COLS " FROM terms_of_reference WHERE unit_id=? ORDER BY version DESC");
  stmt_bind_int(s, 1, unitId);
  int n = 0;
  struct tor t;
  while( stmt_step(s)==1 ){
    tor_from_row(s, &t);
    x(pCtx, &t);
    n++;
  }
  stmt_done(s);
  return n;
}

static void check_text(struct field_errors *e, const char *zField, const char *z, size_t nMax,
                       const char *zRequiredKey, const char *zTooLongKey){
  if( text_blank(z) ){ field_errors_add(e, zField, zRequiredKey); return; }
  if( strlen(z)>nMax ) field_errors_add(e, zField, zTooLongKey);
  else if( !text_is_clean_utf8(z, true) ) field_errors_add(e, zField, "error.bad_characters");
}

static bool one_of(const char *z, const char *a, const char *b, const char *c){
  return z && (strcmp(z, a)==0 || strcmp(z, b)==0 || (c && strcmp(z, c)==0));
}

/* True if every comma-separated code in zRoles is a cluster role, with no
** empty or repeated entries, and the list fits the column we read back. */
static bool roles_known(struct db *db, const char *zRoles){
  if( strlen(zRoles)>=500 ) return false;
  char zCopy[512];
  snprintf(zCopy, sizeof zCopy, "%s", zRoles);
  int n = 0;
  char *azSeen[64];
  for(char *zSave = 0, *z = strtok_r(zCopy, ",", &zSave); z; z = strtok_r(0, ",", &zSave)){
    for(int i=0; i<n; i++) if( strcmp(azSeen[i], z)==0 ) return false;
    if( n>=64 ) return false;
    azSeen[n++] = z;
    struct stmt *s = db_prepare(db, "SELECT 1 FROM cluster_role WHERE code=?");
    stmt_bind_text(s, 1, z);
    bool b = stmt_step(s)==1;
    stmt_done(s);
    if( !b ) return false;
  }
  return n>0 && zRoles[0]!=',' && zRoles[strlen(zRoles)-1]!=',' && !strstr(zRoles, ",,");
}

static void tor_validate(struct db *db, const struct tor_input *in, struct field_errors *e,
                         long long *pNumber, long long *pNum, long long *pDen){
  check_text(e, "purpose", in->zPurpose, 2000, "tor.error_purpose", "error.too_long_2000");
  check_text(e, "frequency", in->zFrequency, 200, "tor.error_frequency", "error.too_long_200");
  if( !one_of(in->zQuorumKind, "number", "fraction", 0) ){
    field_errors_add(e, "quorum_kind", "tor.error_quorum_kind");
  }else if( strcmp(in->zQuorumKind, "number")==0 ){
    if( !in->zQuorumNumber || !text_to_int(in->zQuorumNumber, 1, 1000, pNumber) ){
      field_errors_add(e, "quorum_number", "tor.error_quorum_number");
    }
  }else{
    bool bNum = in->zQuorumNum && text_to_int(in->zQuorumNum, 1, 1000, pNum);
    bool bDen = in->zQuorumDen && text_to_int(in->zQuorumDen, 1, 1000, pDen);
    if( !bNum ) field_errors_add(e, "quorum_num", "tor.error_quorum_fraction");
    if( !bDen ) field_errors_add(e, "quorum_den", "tor.error_quorum_fraction");
    if( bNum && bDen && *pNum>*pDen ) field_errors_add(e, "quorum_num", "tor.error_quorum_fraction");
  }
  if( !one_of(in->zRequiresChair, "yes", "no", 0) ) field_errors_add(e, "requires_chair", "tor.error_requires_chair");
  if( in->zQuorumRoles && in->zQuorumRoles[0] && !roles_known(db, in->zQuorumRoles) ){
    field_errors_add(e, "quorum_roles", "tor.error_quorum_roles");
  }
  check_text(e, "chair_selection", in->zChairSelection, 2000, "tor.error_chair_selection", "error.too_long_2000");
  if( !one_of(in->zMinutesForm, "formal", "notes", "actions") ) field_errors_add(e, "minutes_form", "tor.error_minutes_form");
  bool bAgreed = false;
  if( text_blank(in->zAgreedOn) ) field_errors_add(e, "agreed_on", "tor.error_agreed_on");
  else if( !text_is_date(in->zAgreedOn) ) field_errors_add(e, "agreed_on", "error.date_invalid");
  else bAgreed = true;
  if( text_blank(in->zReviewDue) ) field_errors_add(e, "review_due", "tor.error_review_due");
  else if( !text_is_date(in->zReviewDue) ) field_errors_add(e, "review_due", "error.date_invalid");
  else if( bAgreed && strcmp(in->zReviewDue, in->zAgreedOn)<=0 ) field_errors_add(e, "review_due", "tor.error_review_after_agreed");
}

long long tor_create_version(struct db *db, const struct user *u, long long unitId,
                             const struct tor_input *in, const char *zToday,
                             struct field_errors *e){
  if( !access_can_write(db, u, unitId, zToday) ) return -1;
  long long nNumber = 0, nNum = 0, nDen = 0;
  tor_validate(db, in, e, &nNumber, &nNum, &nDen);
  if( e->n ) return 0;
  bool bNumber = strcmp(in->zQuorumKind, "number")==0;
  bool bChair = strcmp(in->zRequiresChair, "yes")==0;
  if( !db_begin(db) ){ field_errors_add(e, "purpose", "error.not_saved"); return 0; }
  struct stmt *s = db_prepare(db,
    "INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,quorum_number,"
    " quorum_num,quorum_den,quorum_requires_chair,chair_selection,minutes_form,agreed_on,review_due,created_at,"
    " quorum_roles)"
    " VALUES(?1,(SELECT COALESCE(MAX(version),0)+1 FROM terms_of_reference WHERE unit_id=?1),"
    " ?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14) RETURNING id, version");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, in->zPurpose);
  stmt_bind_text(s, 3, in->zFrequency);
  stmt_bind_text(s, 4, in->zQuorumKind);
  if( bNumber ){ stmt_bind_int(s, 5, nNumber); stmt_bind_null(s, 6); stmt_bind_null(s, 7); }
  else{ stmt_bind_null(s, 5); stmt_bind_int(s, 6, nNum); stmt_bind_int(s, 7, nDen); }
  stmt_bind_int(s, 8, bChair ? 1 : 0);
  stmt_bind_text(s, 9, in->zChairSelection);
  stmt_bind_text(s, 10, in->zMinutesForm);
  stmt_bind_text(s, 11, in->zAgreedOn);
  stmt_bind_text(s, 12, in->zReviewDue);
  stmt_bind_int(s, 13, (long long)time(0));
  bool bRoles = in->zQuorumRoles && in->zQuorumRoles[0];
  stmt_bind_text(s, 14, bRoles ? in->zQuorumRoles : 0);
  long long id = 0, version = 0;
  if( stmt_step(s)==1 ){ id = stmt_int(s, 0); version = stmt_int(s, 1); }
  stmt_done(s);
  bool ok = id>0;
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "version", version);
    json_kv_str(&b, &bFirst, "purpose", in->zPurpose);
    json_kv_str(&b, &bFirst, "meeting_frequency", in->zFrequency);
    json_kv_str(&b, &bFirst, "quorum_kind", in->zQuorumKind);
    if( bNumber ) json_kv_int(&b, &bFirst, "quorum_number", nNumber);
    else{ json_kv_int(&b, &bFirst, "quorum_num", nNum); json_kv_int(&b, &bFirst, "quorum_den", nDen); }
    json_kv_bool(&b, &bFirst, "requires_chair", bChair);
    json_kv_str(&b, &bFirst, "quorum_roles", bRoles ? in->zQuorumRoles : "");
    json_kv_str(&b, &bFirst, "chair_selection", in->zChairSelection);
    json_kv_str(&b, &bFirst, "minutes_form", in->zMinutesForm);
    json_kv_str(&b, &bFirst, "agreed_on", in->zAgreedOn);
    json_kv_str(&b, &bFirst, "review_due", in->zReviewDue);
    buf_putc(&b, '}');
    ok = audit_record(db, u, "create", "terms_of_reference", id, unitId, 0, buf_cstr(&b));
    buf_free(&b);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "purpose", "error.not_saved");
    return 0;
  }
  return id;
}
