/* Attendance at a meeting and the quorum it gives (see meeting.h). */
#include "domain/meeting.h"
#include "domain/audit.h"
#include "domain/record.h"
#include "util/json.h"
#include "util/text.h"
#include "util/buf.h"
#include <assert.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const azStatus[ATT__MAX] = {
  "present", "online", "deputy", "in_attendance", "apologies", "absent"
};
const char *attendance_code(enum attendance_status s){ return (unsigned)s<ATT__MAX ? azStatus[s] : "?"; }
const char *attendance_key(const char *z){
  static const char *const az[][2] = {
    {"present", "attendance.present"}, {"online", "attendance.online"}, {"deputy", "attendance.deputy"},
    {"in_attendance", "attendance.in_attendance"}, {"apologies", "attendance.apologies"},
    {"absent", "attendance.absent"},
  };
  for(size_t i=0; z && i<sizeof(az)/sizeof(az[0]); i++) if( strcmp(az[i][0], z)==0 ) return az[i][1];
  return "attendance.not_recorded";
}
bool attendance_parse(const char *z, enum attendance_status *pOut){
  for(int i=0; i<ATT__MAX; i++){
    if( z && strcmp(z, azStatus[i])==0 ){ *pOut = (enum attendance_status)i; return true; }
  }
  return false;
}

int attendance_list(struct db *db, const struct meeting *m, attendee_cb x, void *pCtx){
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  /* The members on the day and whoever else has attendance recorded, one
  ** row each: found from the unit's memberships and the meeting's
  ** attendance, not by reading every person in the database (which cost
  ** six times as much and grew with the people of every cluster). Only
  ** a member has a sort order. */
  struct stmt *s = db_prepare(db,
    "WITH people AS ("
    "  SELECT person_id, MAX(voting) AS voting, MAX(chair) AS chair, MIN(sort) AS sort,"
    "         MIN(rolekey) AS rolekey FROM ("
    "    SELECT person_id, is_voting AS voting,"
    "           CASE WHEN role_code IN ('cluster_lead','deputy_cluster_lead') THEN 1 ELSE 0 END AS chair,"
    /* The role of the lowest sort order wins MIN(): the order written
    ** with a fixed width (seven digits) before the key. */
    "           r.sort_order AS sort, (1000000 + r.sort_order) || ' ' || r.label_key AS rolekey"
    "      FROM membership mb JOIN cluster_role r ON r.code=mb.role_code"
    "     WHERE mb.unit_id=?2 AND " MEMBER_ON_SQL("mb", "?3")
    "    UNION ALL"
    "    SELECT person_id, NULL, NULL, NULL, NULL FROM attendance WHERE meeting_id=?1) AS each_role"
    "   GROUP BY person_id)"
    "SELECT p.id, p.name, COALESCE(mb.rolekey,''), COALESCE(mb.voting,0), COALESCE(mb.chair,0),"
    "       COALESCE(a.status,''), COALESCE(a.deputy_for_person_id,0), COALESCE(d.name,''),"
    "       COALESCE(p.organisation,''), COALESCE(a.role,'')"
    "  FROM people mb JOIN person p ON p.id=mb.person_id"
    "  LEFT JOIN attendance a ON a.meeting_id=?1 AND a.person_id=p.id"
    "  LEFT JOIN person d ON d.id=a.deputy_for_person_id"
    " ORDER BY mb.sort IS NULL, mb.sort, p.name, p.id");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, m->unitId);
  stmt_bind_text(s, 3, zDate);
  int n = 0;
  struct attendee a;
  while( stmt_step(s)==1 ){
    memset(&a, 0, sizeof a);
    a.personId = stmt_int(s, 0);
    text_copy(a.zName, sizeof a.zName, stmt_text(s, 1));
    const char *zRole = strchr(stmt_text(s, 2), ' ');
    text_copy(a.zRoleKey, sizeof a.zRoleKey, zRole ? zRole+1 : "");
    a.bVoting = stmt_int(s, 3)!=0;
    a.bChair = stmt_int(s, 4)!=0;
    text_copy(a.zStatus, sizeof a.zStatus, stmt_text(s, 5));
    a.deputyForId = stmt_int(s, 6);
    text_copy(a.zDeputyFor, sizeof a.zDeputyFor, stmt_text(s, 7));
    text_copy(a.zOrganisation, sizeof a.zOrganisation, stmt_text(s, 8));
    text_copy(a.zRole, sizeof a.zRole, stmt_text(s, 9));
    x(pCtx, &a);
    n++;
  }
  stmt_done(s);
  return n;
}

/* ---- seats ---------------------------------------------------------------
** Who sits in member zMember's seat at meeting zMeeting (SQL parameters or
** columns): the member, when recorded present or online; else the deputy
** recorded for them, the one with the lowest person id should there ever
** be two (see meeting.h: attendance_set refuses a second, so the order
** only has to be the same everywhere, and portable SQL). NULL: the seat
** is empty. Written once here; meeting_seats and the check that a seat is
** free both use it. */
#define SEAT_SITTER_SQL(zMeeting, zMember) \
  "COALESCE((SELECT a.person_id FROM attendance a WHERE a.meeting_id=" zMeeting \
  "   AND a.person_id=" zMember " AND a.status IN ('present','online'))," \
  " (SELECT a.person_id FROM attendance a WHERE a.meeting_id=" zMeeting " AND a.status='deputy'" \
  "   AND a.deputy_for_person_id=" zMember " ORDER BY a.person_id LIMIT 1))"

int meeting_seats(struct db *db, const struct meeting *m, long long itemId, seat_cb x, void *pCtx){
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  struct stmt *s = db_prepare(db,
    "WITH mem AS ("
    "  SELECT mb.person_id, MAX(mb.is_voting) AS voting,"
    "         MAX(CASE WHEN mb.is_voting=1 AND mb.role_code IN ('cluster_lead','deputy_cluster_lead')"
    "                  THEN 1 ELSE 0 END) AS chair,"
    /* Searched for ",code,": a role held twice may appear twice. */
    "         ','||string_agg(mb.role_code, ',')||',' AS roles"
    "    FROM membership mb WHERE mb.unit_id=?2 AND " MEMBER_ON_SQL("mb", "?3")
    "   GROUP BY mb.person_id),"
    /* Materialized: each seat's sitter is found once, not again for
    ** every place the outer query names it (six subqueries a row). */
    " seat AS MATERIALIZED (SELECT mem.*, " SEAT_SITTER_SQL("?1", "mem.person_id") " AS sitter FROM mem)"
    "SELECT seat.person_id, mp.name, seat.voting, seat.chair, seat.roles,"
    "       COALESCE(seat.sitter,0), COALESCE(sp.name,''),"
    "       seat.sitter IS NOT NULL AND EXISTS(SELECT 1 FROM declaration d WHERE d.agenda_item_id=?4"
    "         AND d.person_id=seat.sitter AND d.outcome IN ('left_room','no_vote'))"
    "  FROM seat JOIN person mp ON mp.id=seat.person_id LEFT JOIN person sp ON sp.id=seat.sitter"
    " ORDER BY seat.sitter IS NULL, COALESCE(sp.name, mp.name), COALESCE(seat.sitter, seat.person_id)");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, m->unitId);
  stmt_bind_text(s, 3, zDate);
  stmt_bind_int(s, 4, itemId);
  int n = 0;
  struct seat st;
  while( stmt_step(s)==1 ){
    memset(&st, 0, sizeof st);
    st.memberId = stmt_int(s, 0);
    snprintf(st.zMemberName, sizeof st.zMemberName, "%s", stmt_text(s, 1));
    st.bVoting = stmt_int(s, 2)!=0;
    st.bChair = stmt_int(s, 3)!=0;
    snprintf(st.zRoles, sizeof st.zRoles, "%s", stmt_text(s, 4));
    st.sitterId = stmt_int(s, 5);
    snprintf(st.zSitterName, sizeof st.zSitterName, "%s", stmt_text(s, 6));
    st.bConflicted = stmt_int(s, 7)!=0;
    x(pCtx, &st);
    n++;
  }
  stmt_done(s);
  return n;
}

/* ---- recording attendance -------------------------------------------------- */

/* The values of an attendance row as the audit log and a correction keep
** them: {"status":…} with the member a deputy stands in for and the role
** of someone not a member. Written into *b (reset first). */
static const char *att_json(struct buf *b, const char *zStatus, long long deputyForId, const char *zRole){
  buf_reset(b);
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "status", zStatus);
  if( deputyForId>0 ) json_kv_int(b, &bFirst, "deputy_for_person_id", deputyForId);
  if( zRole && zRole[0] ) json_kv_str(b, &bFirst, "role", zRole);
  buf_putc(b, '}');
  return buf_cstr(b);
}

/* A name, organisation or role typed for someone added at the meeting:
** clean text of at most 200 bytes; zRequiredKey the message when blank
** (NULL: optional). */
static bool added_field_ok(const char *z, const char *zField, const char *zRequiredKey, struct field_errors *e){
  if( text_blank(z) ){
    if( zRequiredKey ){ field_errors_add(e, zField, zRequiredKey); return false; }
    return true;
  }
  if( strlen(z)>200 ){ field_errors_add(e, zField, "error.too_long_200"); return false; }
  if( !text_is_clean_utf8(z, false) ){ field_errors_add(e, zField, "error.bad_characters"); return false; }
  return true;
}

/* Someone added at meeting m by name and organisation: the person of
** m's unit of that name and organisation who is not a member (added at
** an earlier meeting), else a new person. 0 on a database error. */
static long long added_person(struct db *db, const struct meeting *m, const char *zName, const char *zOrg){
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  struct stmt *s = db_prepare(db,
    "SELECT p.id FROM person p WHERE p.home_unit_id=?1 AND p.name=?2 AND COALESCE(p.organisation,'')=?3"
    "   AND NOT EXISTS(SELECT 1 FROM membership mb WHERE mb.person_id=p.id)"
    " ORDER BY p.id LIMIT 1");
  stmt_bind_int(s, 1, m->unitId);
  stmt_bind_text(s, 2, zName);
  stmt_bind_text(s, 3, zOrg);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  if( id>0 ) return id;
  long long now = (long long)time(0);
  s = db_prepare(db,
    "INSERT INTO person(name,organisation,home_unit_id,created_at,updated_at) VALUES(?,?,?,?,?) RETURNING id");
  stmt_bind_text(s, 1, zName);
  stmt_bind_text(s, 2, zOrg);
  stmt_bind_int(s, 3, m->unitId);
  stmt_bind_int(s, 4, now);
  stmt_bind_int(s, 5, now);
  id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

/* The state of m's record inside the open write transaction, and whether
** attendance may be written at all: before the start (only apologies,
** checked row by row) and while open, yes; once locked only with a good
** reason (a correction); never when cancelled. */
static bool record_gate(struct db *db, const struct meeting *m, const char *zReason,
                        enum record_state *pSt, struct field_errors *e){
  if( !record_state_of(db, m->id, 0, pSt) ){ field_errors_add(e, "status", "error.not_saved"); return false; }
  if( *pSt==RECORD_AHEAD || *pSt==RECORD_OPEN ) return true;
  return record_may_write(db, m->id, "status", zReason, e)!=RECORD_REFUSED;
}

/* Check row r against the meeting as it stands in the open transaction
** (with the rows written before it) and write it with its audit entry,
** and its correction when the record is locked (rs). False with the
** reason in *e (nothing of this row written). */
static bool row_write(struct db *db, const struct user *u, const struct meeting *m,
                      enum record_state rs, const char *zReason,
                      const struct attendance_entry *r, struct field_errors *e){
  assert( db_in_transaction(db) );
  bool bRemove = r->zStatus && r->zStatus[0]==0 && r->personId>0;
  enum attendance_status st = ATT_ABSENT;
  if( !bRemove && !attendance_parse(r->zStatus, &st) ){ field_errors_add(e, "status", "error.attendance_required"); return false; }
  long long personId = r->personId;
  bool bNew = personId<=0;
  if( bNew ){
    /* Someone who is not a member, added by name and organisation. */
    bool ok = added_field_ok(r->zName, "name", "error.attendance_name_required", e);
    ok = added_field_ok(r->zOrganisation, "organisation", "error.attendance_organisation_required", e) && ok;
    ok = added_field_ok(r->zRole, "role", 0, e) && ok;
    if( st!=ATT_DEPUTY && st!=ATT_IN_ATTENDANCE ){ field_errors_add(e, "status", "error.attendance_added_status"); ok = false; }
    if( !ok ) return false;
  }
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  struct stmt *s;
  char zOldStatus[16] = "", zOldRole[201] = "";
  long long oldDeputyFor = 0;
  struct buf old = {0}, cur = {0};
  if( !bNew ){
    s = db_prepare(db, "SELECT 1 FROM person WHERE id=?");
    stmt_bind_int(s, 1, personId);
    bool bPerson = stmt_step(s)==1;
    stmt_done(s);
    if( !bPerson ){ field_errors_add(e, "status", "error.person_unknown"); return false; }
    s = db_prepare(db, "SELECT status, COALESCE(deputy_for_person_id,0), role FROM attendance WHERE meeting_id=? AND person_id=?");
    stmt_bind_int(s, 1, m->id);
    stmt_bind_int(s, 2, personId);
    if( stmt_step(s)==1 ){
      snprintf(zOldStatus, sizeof zOldStatus, "%s", stmt_text(s, 0));
      oldDeputyFor = stmt_int(s, 1);
      snprintf(zOldRole, sizeof zOldRole, "%s", stmt_is_null(s, 2) ? "" : stmt_text(s, 2));
      att_json(&old, zOldStatus, oldDeputyFor, zOldRole);
    }
    stmt_done(s);
  }
  /* Before the meeting starts, apologies are all there is to record:
  ** sent, or withdrawn. */
  if( rs==RECORD_AHEAD && !(bRemove ? strcmp(zOldStatus, "apologies")==0 : st==ATT_APOLOGIES) ){
    field_errors_add(e, "status", "error.record_before_start");
    buf_free(&old);
    return false;
  }
  bool ok = false;
  if( bRemove ){
    if( !zOldStatus[0] ){ buf_free(&old); return true; }   /* nothing recorded: nothing to do */
    s = db_prepare(db, "DELETE FROM attendance WHERE meeting_id=? AND person_id=?");
    stmt_bind_int(s, 1, m->id);
    stmt_bind_int(s, 2, personId);
    ok = stmt_exec(s)
      && audit_record(db, u, "delete", "attendance", personId, m->unitId, buf_cstr(&old), 0)
      && (rs!=RECORD_LOCKED || record_correction(db, u, m->id, "attendance", personId, buf_cstr(&old), 0, zReason));
    buf_free(&old);
    if( !ok ) field_errors_add(e, "status", "error.not_saved");
    return ok;
  }
  long long deputyForId = st==ATT_DEPUTY ? r->deputyForId : 0;
  /* Someone attends as a member, as a deputy for a member, or in attendance. */
  bool bMember = !bNew && member_on_date(db, m->unitId, personId, zDate);
  if( st==ATT_DEPUTY && (deputyForId<=0 || deputyForId==personId || !member_on_date(db, m->unitId, deputyForId, zDate)) ){
    field_errors_add(e, "deputy_for", "error.deputy_for_member");
    buf_free(&old);
    return false;
  }
  /* Someone who is not a member attends only as a deputy or in attendance. */
  if( st!=ATT_DEPUTY && st!=ATT_IN_ATTENDANCE && !bMember ){
    field_errors_add(e, "status", "error.attendance_not_member");
    buf_free(&old);
    return false;
  }
  /* One seat, one sitter: no deputy for a seat someone else sits in. */
  if( st==ATT_DEPUTY ){
    s = db_prepare(db, "SELECT " SEAT_SITTER_SQL("?1", "?2"));
    stmt_bind_int(s, 1, m->id);
    stmt_bind_int(s, 2, deputyForId);
    long long sitter = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    if( sitter>0 && sitter!=personId ){
      field_errors_add(e, "deputy_for", "error.deputy_seat_taken");
      buf_free(&old);
      return false;
    }
  }
  if( bNew ){
    personId = added_person(db, m, r->zName, r->zOrganisation);
    if( personId<=0 ){ field_errors_add(e, "status", "error.not_saved"); return false; }
    /* Added again under the same name: what was recorded for them before is the old value. */
    s = db_prepare(db, "SELECT status, COALESCE(deputy_for_person_id,0), role FROM attendance WHERE meeting_id=? AND person_id=?");
    stmt_bind_int(s, 1, m->id);
    stmt_bind_int(s, 2, personId);
    if( stmt_step(s)==1 ){
      snprintf(zOldStatus, sizeof zOldStatus, "%s", stmt_text(s, 0));
      snprintf(zOldRole, sizeof zOldRole, "%s", stmt_is_null(s, 2) ? "" : stmt_text(s, 2));
      att_json(&old, zOldStatus, stmt_int(s, 1), zOldRole);
    }
    stmt_done(s);
  }
  /* The role is typed only for someone added; without one, what was
  ** recorded for them stays (a change of status keeps it too). */
  const char *zRole = bNew && !text_blank(r->zRole) ? r->zRole : 0;
  s = db_prepare(db,
    "INSERT INTO attendance(meeting_id,person_id,status,deputy_for_person_id,role) VALUES(?1,?2,?3,?4,?5)"
    " ON CONFLICT(meeting_id,person_id) DO UPDATE SET status=?3, deputy_for_person_id=?4,"
    "   role=COALESCE(?5, attendance.role)");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, personId);
  stmt_bind_text(s, 3, attendance_code(st));
  if( st==ATT_DEPUTY ) stmt_bind_int(s, 4, deputyForId); else stmt_bind_null(s, 4);
  if( zRole ) stmt_bind_text(s, 5, zRole); else stmt_bind_null(s, 5);
  att_json(&cur, attendance_code(st), deputyForId, zRole ? zRole : zOldRole);
  bool bChanged = !zOldStatus[0] || strcmp(buf_cstr(&old), buf_cstr(&cur))!=0;
  ok = stmt_exec(s)
    && (!bChanged || audit_record(db, u, zOldStatus[0] ? "update" : "create", "attendance", personId, m->unitId,
                                  zOldStatus[0] ? buf_cstr(&old) : 0, buf_cstr(&cur)))
    && (!bChanged || rs!=RECORD_LOCKED
        || record_correction(db, u, m->id, "attendance", personId, zOldStatus[0] ? buf_cstr(&old) : 0,
                             buf_cstr(&cur), zReason));
  buf_free(&old);
  buf_free(&cur);
  if( !ok ) field_errors_add(e, "status", "error.not_saved");
  return ok;
}

bool attendance_set(struct db *db, const struct user *u, const struct meeting *m, long long personId,
                    const char *zStatus, long long deputyForId, const char *zToday,
                    struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ){ field_errors_add(e, "status", "error.not_allowed"); return false; }
  struct attendance_entry r = { personId, zStatus ? zStatus : "?", deputyForId, 0, 0, 0 };
  if( personId<=0 ){ field_errors_add(e, "status", "error.person_unknown"); return false; }
  if( !db_begin(db) ){ field_errors_add(e, "status", "error.not_saved"); return false; }
  enum record_state rs;
  bool ok = record_gate(db, m, 0, &rs, e) && row_write(db, u, m, rs, 0, &r, e);
  if( ok && db_commit(db) ) return true;
  db_rollback(db);
  if( !e->n ) field_errors_add(e, "status", "error.not_saved");
  return false;
}

bool attendance_set_all(struct db *db, const struct user *u, const struct meeting *m,
                        const struct attendance_entry *aRow, int nRow, const char *zReason,
                        const char *zToday, struct field_errors *pFormErr, struct field_errors *aErr){
  if( !access_can_write(db, u, m->unitId, zToday) || nRow<0 || !pFormErr || (nRow>0 && (!aRow || !aErr)) ) return false;
  if( nRow==0 ) return true;
  if( !db_begin(db) ){ field_errors_add(pFormErr, "status", "error.not_saved"); return false; }
  enum record_state rs;
  if( !record_gate(db, m, zReason, &rs, pFormErr) ){ db_rollback(db); return false; }
  /* Every row is checked, so that the form can mark each one that is
  ** wrong; a refused row leaves the rest to be checked without it. */
  int nFailed = 0;
  for(int i=0; i<nRow; i++){
    if( !row_write(db, u, m, rs, zReason, &aRow[i], &aErr[i]) ) nFailed++;
  }
  if( nFailed==0 && db_commit(db) ) return true;
  db_rollback(db);
  if( nFailed==0 ) field_errors_add(pFormErr, "status", "error.not_saved");
  return false;
}

long long attendance_user_person(struct db *db, const struct user *u, const struct meeting *m, char zStatus[16]){
  zStatus[0] = 0;
  if( !u || u->id<=0 ) return 0;
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  struct stmt *s = db_prepare(db,
    "SELECT u.person_id, COALESCE(a.status,'') FROM app_user u"
    "  LEFT JOIN attendance a ON a.meeting_id=?2 AND a.person_id=u.person_id"
    " WHERE u.id=?1 AND u.person_id IS NOT NULL");
  stmt_bind_int(s, 1, u->id);
  stmt_bind_int(s, 2, m->id);
  long long personId = 0;
  if( stmt_step(s)==1 ){
    personId = stmt_int(s, 0);
    snprintf(zStatus, 16, "%s", stmt_text(s, 1));
  }
  stmt_done(s);
  if( personId>0 && !member_on_date(db, m->unitId, personId, zDate) ){ personId = 0; zStatus[0] = 0; }
  return personId;
}

bool attendance_own_apologies(struct db *db, const struct user *u, const struct meeting *m, bool bSend,
                              struct field_errors *e){
  if( !db_begin(db) ){ field_errors_add(e, "apologies", "error.not_saved"); return false; }
  char zStatus[16];
  long long personId = attendance_user_person(db, u, m, zStatus);
  if( personId<=0 ){
    /* Not a member on the day (404), unless a read failed (not saved). */
    field_errors_refuse_in_tx(db, e, "apologies", "error.not_saved");
    return false;
  }
  enum record_state rs;
  if( !record_state_of(db, m->id, 0, &rs) ){
    field_errors_add(e, "apologies", "error.not_saved");
  }else if( rs!=RECORD_AHEAD ){
    field_errors_add(e, "apologies", rs==RECORD_CANCELLED ? "error.meeting_cancelled" : "error.apologies_started");
  }
  if( e->n ){ db_rollback(db); return false; }
  bool ok = true;
  struct buf old = {0};
  if( bSend && !zStatus[0] ){
    struct stmt *s = db_prepare(db, "INSERT INTO attendance(meeting_id,person_id,status) VALUES(?,?,'apologies')");
    stmt_bind_int(s, 1, m->id);
    stmt_bind_int(s, 2, personId);
    ok = stmt_exec(s) && audit_record(db, u, "create", "attendance", personId, m->unitId, 0,
                                      att_json(&old, "apologies", 0, 0));
  }else if( !bSend && strcmp(zStatus, "apologies")==0 ){
    struct stmt *s = db_prepare(db, "DELETE FROM attendance WHERE meeting_id=? AND person_id=? AND status='apologies'");
    stmt_bind_int(s, 1, m->id);
    stmt_bind_int(s, 2, personId);
    ok = stmt_exec(s) && audit_record(db, u, "delete", "attendance", personId, m->unitId,
                                      att_json(&old, "apologies", 0, 0), 0);
  }
  buf_free(&old);
  if( ok && db_commit(db) ) return true;
  db_rollback(db);
  field_errors_add(e, "apologies", "error.not_saved");
  return false;
}

/* What meeting_quorum counts from the seats. */
struct quorum_count {
  const char *zRoles;                  /* the terms' named roles, "" for none */
  int nVoting, nPresent, nConflicted;
  bool bChair;
  int nFilled, nAlloc;
  char **azFilledRoles;                /* ",role,role," of each seat filled by someone not conflicted */
};
static void quorum_seat(void *pCtx, const struct seat *st){
  struct quorum_count *c = pCtx;
  bool bSat = st->sitterId>0;
  if( st->bVoting ){
    c->nVoting++;
    if( bSat ) c->nPresent++;
    if( bSat && st->bConflicted ) c->nConflicted++;
    if( st->bChair && bSat && !st->bConflicted ) c->bChair = true;
  }
  if( c->zRoles[0] && bSat && !st->bConflicted ){
    if( c->nFilled==c->nAlloc ){
      c->nAlloc = c->nAlloc ? 2*c->nAlloc : 16;
      c->azFilledRoles = xrealloc(c->azFilledRoles, (size_t)c->nAlloc*sizeof c->azFilledRoles[0]);
    }
    c->azFilledRoles[c->nFilled++] = xstrdup(st->zRoles);
  }
}

void meeting_quorum(struct db *db, const struct meeting *m, long long itemId, struct quorum_result *out){
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  struct quorum_rule rule = { QUORUM_FRACTION, 0, 1, 2, true };
  char zRoles[512] = "";
  struct stmt *s = db_prepare(db,
    "SELECT quorum_kind, quorum_number, quorum_num, quorum_den, quorum_requires_chair,"
    "       COALESCE(quorum_roles,'')"
    "  FROM terms_of_reference WHERE unit_id=? AND agreed_on<=? ORDER BY version DESC LIMIT 1");
  stmt_bind_int(s, 1, m->unitId);
  stmt_bind_text(s, 2, zDate);
  if( stmt_step(s)==1 ){
    rule.kind = strcmp(stmt_text(s, 0), "number")==0 ? QUORUM_NUMBER : QUORUM_FRACTION;
    rule.nNumber = (int)stmt_int(s, 1);
    rule.nNum = (int)stmt_int(s, 2);
    rule.nDen = (int)stmt_int(s, 3);
    rule.bRequireChair = stmt_int(s, 4)!=0;
    snprintf(zRoles, sizeof zRoles, "%s", stmt_text(s, 5));
  }
  stmt_done(s);
  /* Each seat of a voting member: is someone sitting in it (the member
  ** or their deputy), is it the chair's, and is its sitter out of the
  ** count for a conflict on this item? Named roles: each needs a seat of
  ** someone holding it, filled and not conflicted. */
  struct quorum_count c = { .zRoles = zRoles };
  meeting_seats(db, m, itemId, quorum_seat, &c);
  struct quorum_input in = { c.nVoting, c.nPresent, c.nConflicted, c.bChair, false };
  for(const char *p = zRoles; *p; ){
    size_t n = strcspn(p, ",");
    if( n>0 ){
      char zNeedle[100];
      snprintf(zNeedle, sizeof zNeedle, ",%.*s,", (int)(n<90 ? n : 90), p);
      bool bHeld = false;
      for(int i=0; i<c.nFilled && !bHeld; i++) bHeld = strstr(c.azFilledRoles[i], zNeedle)!=0;
      if( !bHeld ) in.bRolesMissing = true;
    }
    p += n;
    if( *p==',' ) p++;
  }
  for(int i=0; i<c.nFilled; i++) free(c.azFilledRoles[i]);
  free(c.azFilledRoles);
  quorum_evaluate(&rule, &in, out);
  out->bNeedsRoles = zRoles[0]!=0;
}
