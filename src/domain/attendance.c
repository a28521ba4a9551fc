/* Attendance at a meeting and the quorum it gives (see meeting.h). */
#include "domain/meeting.h"
#include "domain/audit.h"
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
    "           role_code IN ('cluster_lead','deputy_cluster_lead') AS chair,"
    "           r.sort_order AS sort, printf('%06d ', r.sort_order) || r.label_key AS rolekey"
    "      FROM membership mb JOIN cluster_role r ON r.code=mb.role_code"
    "     WHERE mb.unit_id=?2 AND " MEMBER_ON_SQL("mb", "?3")
    "    UNION ALL"
    "    SELECT person_id, NULL, NULL, NULL, NULL FROM attendance WHERE meeting_id=?1)"
    "   GROUP BY person_id)"
    "SELECT p.id, p.name, COALESCE(mb.rolekey,''), COALESCE(mb.voting,0), COALESCE(mb.chair,0),"
    "       COALESCE(a.status,''), COALESCE(a.deputy_for_person_id,0), COALESCE(d.name,'')"
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
    snprintf(a.zName, sizeof a.zName, "%s", stmt_text(s, 1));
    const char *zRole = strchr(stmt_text(s, 2), ' ');
    snprintf(a.zRoleKey, sizeof a.zRoleKey, "%s", zRole ? zRole+1 : "");
    a.bVoting = stmt_int(s, 3)!=0;
    a.bChair = stmt_int(s, 4)!=0;
    snprintf(a.zStatus, sizeof a.zStatus, "%s", stmt_text(s, 5));
    a.deputyForId = stmt_int(s, 6);
    snprintf(a.zDeputyFor, sizeof a.zDeputyFor, "%s", stmt_text(s, 7));
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
    "         MAX(mb.is_voting=1 AND mb.role_code IN ('cluster_lead','deputy_cluster_lead')) AS chair,"
    "         ','||group_concat(DISTINCT mb.role_code)||',' AS roles"
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

/* Check row r against the meeting as it stands in the open transaction
** (with the rows written before it) and write it with its audit entry.
** False with the reason in *e (nothing of this row written). */
static bool row_write(struct db *db, const struct user *u, const struct meeting *m,
                      const struct attendance_entry *r, struct field_errors *e){
  assert( db_in_transaction(db) );
  enum attendance_status st;
  if( !attendance_parse(r->zStatus, &st) ){ field_errors_add(e, "status", "error.attendance_required"); return false; }
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  long long deputyForId = st==ATT_DEPUTY ? r->deputyForId : 0;
  /* Someone attends as a member, as a deputy for a member, or in attendance. */
  bool bMember = member_on_date(db, m->unitId, st==ATT_DEPUTY ? deputyForId : r->personId, zDate);
  if( st==ATT_DEPUTY && (deputyForId<=0 || deputyForId==r->personId || !bMember) ){
    field_errors_add(e, "deputy_for", "error.deputy_for_member");
    return false;
  }
  struct stmt *s = db_prepare(db, "SELECT 1 FROM person WHERE id=?");
  stmt_bind_int(s, 1, r->personId);
  bool bPerson = stmt_step(s)==1;
  stmt_done(s);
  if( !bPerson ){ field_errors_add(e, "status", "error.person_unknown"); return false; }
  /* Someone who is not a member attends only as a deputy or in attendance. */
  if( st!=ATT_DEPUTY && st!=ATT_IN_ATTENDANCE && !bMember ){
    field_errors_add(e, "status", "error.attendance_not_member");
    return false;
  }
  /* One seat, one sitter: no deputy for a seat someone else sits in. */
  if( st==ATT_DEPUTY ){
    s = db_prepare(db, "SELECT " SEAT_SITTER_SQL("?1", "?2"));
    stmt_bind_int(s, 1, m->id);
    stmt_bind_int(s, 2, deputyForId);
    long long sitter = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    if( sitter>0 && sitter!=r->personId ){ field_errors_add(e, "deputy_for", "error.deputy_seat_taken"); return false; }
  }
  s = db_prepare(db, "SELECT status FROM attendance WHERE meeting_id=? AND person_id=?");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, r->personId);
  char zOld[64] = "";
  if( stmt_step(s)==1 ) snprintf(zOld, sizeof zOld, "{\"status\":\"%s\"}", stmt_text(s, 0));
  stmt_done(s);
  s = db_prepare(db,
    "INSERT INTO attendance(meeting_id,person_id,status,deputy_for_person_id) VALUES(?1,?2,?3,?4)"
    " ON CONFLICT(meeting_id,person_id) DO UPDATE SET status=?3, deputy_for_person_id=?4");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, r->personId);
  stmt_bind_text(s, 3, attendance_code(st));
  if( st==ATT_DEPUTY ) stmt_bind_int(s, 4, deputyForId); else stmt_bind_null(s, 4);
  char zNew[64];
  snprintf(zNew, sizeof zNew, "{\"status\":\"%s\"}", attendance_code(st));
  if( stmt_exec(s)
   && audit_record(db, u, zOld[0] ? "update" : "create", "attendance", r->personId, m->unitId,
                   zOld[0] ? zOld : 0, zNew) ) return true;
  field_errors_add(e, "status", "error.not_saved");
  return false;
}

bool attendance_set(struct db *db, const struct user *u, const struct meeting *m, long long personId,
                    const char *zStatus, long long deputyForId, const char *zToday,
                    struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ){ field_errors_add(e, "status", "error.not_allowed"); return false; }
  struct attendance_entry r = { personId, zStatus, deputyForId };
  if( !db_begin(db) ){ field_errors_add(e, "status", "error.not_saved"); return false; }
  bool ok = row_write(db, u, m, &r, e);
  if( ok && db_commit(db) ) return true;
  db_rollback(db);
  if( !e->n ) field_errors_add(e, "status", "error.not_saved");
  return false;
}

bool attendance_set_all(struct db *db, const struct user *u, const struct meeting *m,
                        const struct attendance_entry *aRow, int nRow, const char *zToday,
                        struct field_errors *aErr){
  if( !access_can_write(db, u, m->unitId, zToday) || nRow<0 || (nRow>0 && (!aRow || !aErr)) ) return false;
  if( nRow==0 ) return true;
  if( !db_begin(db) ){ field_errors_add(&aErr[0], "status", "error.not_saved"); return false; }
  /* Every row is checked, so that the form can mark each one that is
  ** wrong; a refused row leaves the rest to be checked without it. */
  int nFailed = 0;
  for(int i=0; i<nRow; i++){
    if( !row_write(db, u, m, &aRow[i], &aErr[i]) ) nFailed++;
  }
  if( nFailed==0 && db_commit(db) ) return true;
  db_rollback(db);
  if( nFailed==0 ) field_errors_add(&aErr[0], "status", "error.not_saved");
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
}
