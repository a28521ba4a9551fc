/* Attendance at a meeting and the quorum it gives (see meeting.h). */
#include "domain/meeting.h"
#include "domain/audit.h"
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
    "      FROM membership JOIN cluster_role r ON r.code=role_code"
    "     WHERE unit_id=?2 AND valid_from<=?3 AND (valid_to IS NULL OR valid_to>=?3)"
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

bool attendance_set(struct db *db, const struct user *u, const struct meeting *m, long long personId,
                    const char *zStatus, long long deputyForId, const char *zToday,
                    struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ){ field_errors_add(e, "status", "error.not_allowed"); return false; }
  enum attendance_status st;
  if( !attendance_parse(zStatus, &st) ){ field_errors_add(e, "status", "error.attendance_required"); return false; }
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  /* Someone attends as a member, as a deputy for a member, or in attendance. */
  struct stmt *s = db_prepare(db,
    "SELECT count(*) FROM membership WHERE unit_id=? AND person_id=? AND valid_from<=?"
    "   AND (valid_to IS NULL OR valid_to>=?)");
  stmt_bind_int(s, 1, m->unitId);
  stmt_bind_int(s, 2, st==ATT_DEPUTY ? deputyForId : personId);
  stmt_bind_text(s, 3, zDate);
  stmt_bind_text(s, 4, zDate);
  bool bMember = stmt_step(s)==1 && stmt_int(s, 0)>0;
  stmt_done(s);
  if( st==ATT_DEPUTY && (deputyForId<=0 || deputyForId==personId || !bMember) ){
    field_errors_add(e, "deputy_for", "error.deputy_for_member");
    return false;
  }
  s = db_prepare(db, "SELECT 1 FROM person WHERE id=?");
  stmt_bind_int(s, 1, personId);
  bool bPerson = stmt_step(s)==1;
  stmt_done(s);
  if( !bPerson ){ field_errors_add(e, "status", "error.person_unknown"); return false; }
  /* Someone who is not a member attends only as a deputy or in attendance. */
  if( st!=ATT_DEPUTY && st!=ATT_IN_ATTENDANCE && !bMember ){
    field_errors_add(e, "status", "error.attendance_not_member");
    return false;
  }
  /* One seat, one sitter: no deputy for a member who is here, or who
  ** already has a deputy. */
  if( st==ATT_DEPUTY ){
    s = db_prepare(db,
      "SELECT 1 FROM attendance WHERE meeting_id=?1 AND person_id<>?3 AND"
      " ((person_id=?2 AND status IN ('present','online')) OR (status='deputy' AND deputy_for_person_id=?2))");
    stmt_bind_int(s, 1, m->id);
    stmt_bind_int(s, 2, deputyForId);
    stmt_bind_int(s, 3, personId);
    bool bTaken = stmt_step(s)==1;
    stmt_done(s);
    if( bTaken ){ field_errors_add(e, "deputy_for", "error.deputy_seat_taken"); return false; }
  }

  s = db_prepare(db, "SELECT status FROM attendance WHERE meeting_id=? AND person_id=?");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, personId);
  char zOld[64] = "";
  if( stmt_step(s)==1 ) snprintf(zOld, sizeof zOld, "{\"status\":\"%s\"}", stmt_text(s, 0));
  stmt_done(s);
  if( !db_begin(db) ) return false;
  s = db_prepare(db,
    "INSERT INTO attendance(meeting_id,person_id,status,deputy_for_person_id) VALUES(?1,?2,?3,?4)"
    " ON CONFLICT(meeting_id,person_id) DO UPDATE SET status=?3, deputy_for_person_id=?4");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, personId);
  stmt_bind_text(s, 3, attendance_code(st));
  if( st==ATT_DEPUTY ) stmt_bind_int(s, 4, deputyForId); else stmt_bind_null(s, 4);
  char zNew[64];
  snprintf(zNew, sizeof zNew, "{\"status\":\"%s\"}", attendance_code(st));
  bool ok = stmt_exec(s)
    && audit_record(db, u, zOld[0] ? "update" : "create", "attendance", personId, m->unitId,
                    zOld[0] ? zOld : 0, zNew);
  if( !ok || !db_commit(db) ){ db_rollback(db); field_errors_add(e, "status", "error.not_saved"); return false; }
  return true;
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
  /* One row per voting member on the day: are they (or their deputy)
  ** here, are they the chair, and did whoever sits for them declare a
  ** conflict on this item that took them out of the vote? */
  s = db_prepare(db,
    "WITH voting AS ("
    "  SELECT person_id, MAX(role_code IN ('cluster_lead','deputy_cluster_lead')) AS chair"
    "    FROM membership WHERE unit_id=?2 AND is_voting=1 AND valid_from<=?3"
    "     AND (valid_to IS NULL OR valid_to>=?3) GROUP BY person_id),"
    " seat AS ("
    "  SELECT v.person_id, v.chair,"
    "    COALESCE((SELECT a.person_id FROM attendance a WHERE a.meeting_id=?1 AND a.person_id=v.person_id"
    "               AND a.status IN ('present','online')),"
    "             (SELECT a.person_id FROM attendance a WHERE a.meeting_id=?1 AND a.status='deputy'"
    "               AND a.deputy_for_person_id=v.person_id LIMIT 1)) AS sitter"
    "   FROM voting v)"
    "SELECT count(*),"
    "  COALESCE(SUM(sitter IS NOT NULL),0),"
    "  COALESCE(SUM(sitter IS NOT NULL AND EXISTS(SELECT 1 FROM declaration d WHERE d.agenda_item_id=?4"
    "       AND d.person_id=sitter AND d.outcome IN ('left_room','no_vote'))),0),"
    "  COALESCE(SUM(chair=1 AND sitter IS NOT NULL AND NOT EXISTS(SELECT 1 FROM declaration d"
    "       WHERE d.agenda_item_id=?4 AND d.person_id=sitter AND d.outcome IN ('left_room','no_vote'))),0)"
    " FROM seat");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, m->unitId);
  stmt_bind_text(s, 3, zDate);
  stmt_bind_int(s, 4, itemId);
  struct quorum_input in = {0, 0, 0, false, false};
  if( stmt_step(s)==1 ){
    in.nVotingMembers = (int)stmt_int(s, 0);
    in.nVotingPresent = (int)stmt_int(s, 1);
    in.nConflicted = (int)stmt_int(s, 2);
    in.bChairPresent = stmt_int(s, 3)>0;
  }
  stmt_done(s);
  if( zRoles[0] ){
    /* Each named role needs someone holding it, here (or deputised for)
    ** and not conflicted on the item. */
    int nWanted = 1;
    for(const char *p = zRoles; *p; p++) if( *p==',' ) nWanted++;
    s = db_prepare(db,
      "SELECT count(DISTINCT mb.role_code) FROM membership mb"
      " WHERE mb.unit_id=?2 AND mb.valid_from<=?3 AND (mb.valid_to IS NULL OR mb.valid_to>=?3)"
      "   AND instr(','||?5||',', ','||mb.role_code||',')>0"
      "   AND EXISTS(SELECT 1 FROM attendance a WHERE a.meeting_id=?1"
      "        AND ((a.person_id=mb.person_id AND a.status IN ('present','online'))"
      "          OR (a.status='deputy' AND a.deputy_for_person_id=mb.person_id))"
      "        AND NOT EXISTS(SELECT 1 FROM declaration d WHERE d.agenda_item_id=?4"
      "              AND d.person_id=a.person_id AND d.outcome IN ('left_room','no_vote')))");
    stmt_bind_int(s, 1, m->id);
    stmt_bind_int(s, 2, m->unitId);
    stmt_bind_text(s, 3, zDate);
    stmt_bind_int(s, 4, itemId);
    stmt_bind_text(s, 5, zRoles);
    in.bRolesMissing = stmt_step(s)==1 && stmt_int(s, 0)<nWanted;
    stmt_done(s);
  }
  quorum_evaluate(&rule, &in, out);
}
