#include "domain/meeting.h"
#include "domain/meeting_internal.h"
#include "domain/audit.h"
#include "domain/record.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *nz(const char *z){ return text_blank(z) ? 0 : z; }

void meeting_check_text(struct field_errors *e, const char *zField, const char *z,
                       bool bRequired, const char *zRequiredKey, size_t nMax){
  if( text_blank(z) ){
    if( bRequired ) field_errors_add(e, zField, zRequiredKey);
    return;
  }
  if( strlen(z)>nMax ) field_errors_add(e, zField, nMax==200 ? "error.too_long_200" : "error.too_long");
  else if( !text_is_clean_utf8(z, false) ) field_errors_add(e, zField, "error.bad_characters");
}

/* ---- meetings ---------------------------------------------------------- */

#define MEETING_COLS \
  "m.id, m.unit_id, u.slug, u.name, m.title, m.starts_at, m.ends_at, m.location," \
  " m.online_link, m.status, m.pack_published_at, m.minutes_status, m.items_deadline, u.name_cy"

static void meeting_from_row(struct stmt *s, struct meeting *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  p->unitId = stmt_int(s, 1);
  snprintf(p->zUnitSlug, sizeof p->zUnitSlug, "%s", stmt_text(s, 2));
  snprintf(p->zUnitName, sizeof p->zUnitName, "%s", stmt_text(s, 3));
  snprintf(p->zTitle, sizeof p->zTitle, "%s", stmt_text(s, 4));
  snprintf(p->zStartsAt, sizeof p->zStartsAt, "%s", stmt_text(s, 5));
  snprintf(p->zEndsAt, sizeof p->zEndsAt, "%s", stmt_text(s, 6));
  snprintf(p->zLocation, sizeof p->zLocation, "%s", stmt_text(s, 7));
  snprintf(p->zOnlineLink, sizeof p->zOnlineLink, "%s", stmt_text(s, 8));
  snprintf(p->zStatus, sizeof p->zStatus, "%s", stmt_text(s, 9));
  p->packPublishedAt = stmt_int(s, 10);
  snprintf(p->zMinutesStatus, sizeof p->zMinutesStatus, "%s", stmt_text(s, 11));
  snprintf(p->zItemsDeadline, sizeof p->zItemsDeadline, "%s", stmt_text(s, 12));
  text_copy(p->zUnitNameCy, sizeof p->zUnitNameCy, stmt_text(s, 13));
}

bool meeting_load(struct db *db, long long id, struct meeting *p){
  struct stmt *s = db_prepare(db,
    "SELECT " MEETING_COLS " FROM meeting m JOIN unit u ON u.id=m.unit_id WHERE m.id=?");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) meeting_from_row(s, p);
  stmt_done(s);
  return b;
}

bool meeting_get_visible(struct db *db, const struct user *u, long long id,
                         const char *zToday, struct meeting *p){
  if( !meeting_load(db, id, p) ) return false;
  if( !access_can_read(db, u, p->unitId, zToday) ){ memset(p, 0, sizeof *p); return false; }
  return true;
}

int meeting_list(struct db *db, long long unitId, int nMax, meeting_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " MEETING_COLS " FROM meeting m JOIN unit u ON u.id=m.unit_id"
    " WHERE m.unit_id=? ORDER BY m.starts_at DESC, m.id DESC LIMIT ?");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, nMax);
  int n = 0;
  struct meeting m;
  while( stmt_step(s)==1 ){ meeting_from_row(s, &m); x(pCtx, &m); n++; }
  stmt_done(s);
  return n;
}

bool meeting_next(struct db *db, long long id, struct meeting *p){
  struct stmt *s = db_prepare(db,
    "SELECT " MEETING_COLS " FROM meeting m JOIN unit u ON u.id=m.unit_id"
    " JOIN meeting this ON this.id=?1"
    " WHERE m.unit_id=this.unit_id AND m.status<>'cancelled'"
    "   AND (m.starts_at>this.starts_at OR (m.starts_at=this.starts_at AND m.id>this.id))"
    " ORDER BY m.starts_at, m.id LIMIT 1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) meeting_from_row(s, p);
  stmt_done(s);
  return b;
}

bool meeting_previous(struct db *db, long long id, struct meeting *p){
  struct stmt *s = db_prepare(db,
    "SELECT " MEETING_COLS " FROM meeting m JOIN unit u ON u.id=m.unit_id"
    " JOIN meeting this ON this.id=?1"
    " WHERE m.unit_id=this.unit_id AND m.status<>'cancelled'"
    "   AND (m.starts_at<this.starts_at OR (m.starts_at=this.starts_at AND m.id<this.id))"
    " ORDER BY m.starts_at DESC, m.id DESC LIMIT 1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) meeting_from_row(s, p);
  stmt_done(s);
  return b;
}

/* The standing items every agenda starts with (seed 001, "Agenda setting"). */
static const struct { const char *zCode, *zTitle, *zPurpose; int nMinutes; } aStanding[] = {
  {"welcome", "Welcome and introductions", "information", 5},
  {"apologies", "Apologies", "information", 5},
  {"declarations", "Declarations of interest", "information", 5},
  {"minutes", "Minutes of the last meeting", "decision", 10},
  {"actions", "Review of actions", "discussion", 15},
  {"aob", "Any other business", "discussion", 10},
};

bool meeting_insert_item(struct db *db, long long meetingId, int position, const char *zTitle,
                        const char *zPurpose, long long leadId, int nMinutes, const char *zStanding,
                        const char *zStatus, long long proposedBy, bool bRestricted, const char *zDescription,
                        long long proposedByUser, long long *pId){
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "INSERT INTO agenda_item(meeting_id,position,title,purpose,lead_person_id,duration_minutes,"
    " standing,status,proposed_by_person_id,restricted,created_at,updated_at,description,proposed_by_user_id)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, meetingId);
  stmt_bind_int(s, 2, position);
  stmt_bind_text(s, 3, zTitle);
  stmt_bind_text(s, 4, zPurpose);
  if( leadId>0 ) stmt_bind_int(s, 5, leadId); else stmt_bind_null(s, 5);
  stmt_bind_int(s, 6, nMinutes);
  stmt_bind_text(s, 7, zStanding);
  stmt_bind_text(s, 8, zStatus);
  if( proposedBy>0 ) stmt_bind_int(s, 9, proposedBy); else stmt_bind_null(s, 9);
  stmt_bind_int(s, 10, bRestricted);
  stmt_bind_int(s, 11, now);
  stmt_bind_int(s, 12, now);
  stmt_bind_text(s, 13, zDescription);
  if( proposedByUser>0 ) stmt_bind_int(s, 14, proposedByUser); else stmt_bind_null(s, 14);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  if( pId ) *pId = id;
  return id>0;
}

/* The call-for-items deadline from its date and time fields into zOut
** ("" when both are blank): valid, after zNow, and before zStarts when
** that is known. */
static void check_deadline(struct field_errors *e, const char *zDate, const char *zTime,
                           const char *zStarts, const char *zNow, char zOut[17]){
  zOut[0] = 0;
  if( text_blank(zDate) && text_blank(zTime) ) return;
  bool bOk = true;
  if( text_blank(zDate) || !text_is_date(zDate) ){ field_errors_add(e, "items_deadline", "error.deadline_date_invalid"); bOk = false; }
  if( text_blank(zTime) || !text_is_time(zTime) ){ field_errors_add(e, "items_deadline_time", "error.time_invalid"); bOk = false; }
  if( !bOk ) return;
  snprintf(zOut, 17, "%.10sT%.5s", zDate, zTime);
  if( zStarts && strcmp(zOut, zStarts)>=0 ) field_errors_add(e, "items_deadline", "error.deadline_after_start");
  else if( strcmp(zOut, zNow)<=0 ) field_errors_add(e, "items_deadline", "error.deadline_past");
}

bool meeting_call_open(const struct meeting *m, const char *zNow, char zOut[17]){
  snprintf(zOut, 17, "%s", m->zItemsDeadline[0] ? m->zItemsDeadline : m->zStartsAt);
  return strcmp(m->zStatus, "cancelled")!=0 && strcmp(m->zStatus, "held")!=0
      && strcmp(zNow, zOut)<0 && strcmp(zNow, m->zStartsAt)<0;
}

bool meeting_may_propose(struct db *db, const struct user *u, const struct meeting *m, const char *zToday){
  /* Proposals come from the cluster's own members: national and health
  ** board readers write nothing, and the chair adds items directly. */
  return u && u->role==ROLE_MEMBER && access_can_read(db, u, m->unitId, zToday);
}

int meeting_set_items_deadline(struct db *db, const struct user *u, const struct meeting *m,
                               const char *zDate, const char *zTime, const char *zNow,
                               const char *zToday, struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return -1;
  if( strcmp(m->zStatus, "cancelled")==0 ){ field_errors_add(e, "items_deadline", "error.meeting_cancelled"); return 0; }
  if( strcmp(m->zStatus, "held")==0 || strcmp(m->zStartsAt, zNow)<=0 ){
    field_errors_add(e, "items_deadline", "error.deadline_meeting_started");
    return 0;
  }
  char zDeadline[17];
  check_deadline(e, zDate, zTime, m->zStartsAt, zNow, zDeadline);
  if( e->n ) return 0;
  if( !db_begin(db) ){ field_errors_add(e, "items_deadline", "error.not_saved"); return 0; }
  struct stmt *s = db_prepare(db, "UPDATE meeting SET items_deadline=?, updated_at=? WHERE id=?");
  if( zDeadline[0] ) stmt_bind_text(s, 1, zDeadline); else stmt_bind_null(s, 1);
  stmt_bind_int(s, 2, (long long)time(0));
  stmt_bind_int(s, 3, m->id);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    bool bFirst = true;
    buf_putc(&bOld, '{');
    json_kv_str(&bOld, &bFirst, "items_deadline", m->zItemsDeadline);
    buf_putc(&bOld, '}');
    bFirst = true;
    buf_putc(&bNew, '{');
    json_kv_str(&bNew, &bFirst, "items_deadline", zDeadline);
    buf_putc(&bNew, '}');
    ok = audit_record(db, u, "update", "meeting", m->id, m->unitId, buf_cstr(&bOld), buf_cstr(&bNew));
    buf_free(&bOld);
    buf_free(&bNew);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "items_deadline", "error.not_saved");
    return 0;
  }
  return 1;
}

/* The checks of the meeting form shared by scheduling and changing a
** meeting: what was typed, and a start not before zNow. Into zStarts and
** zEnds the times when the date and times are good; true when they are
** and the start is not past, so that the overlap is worth checking. */
bool meeting_validate(const struct meeting_input *in, const char *zNow, struct field_errors *e,
                             char zStarts[17], char zEnds[17]){
  meeting_check_text(e, "title", in->zTitle, true, "error.title_required", 200);
  bool bDate = false, bTimes = false;
  if( text_blank(in->zDate) ) field_errors_add(e, "date", "error.meeting_date_required");
  else if( !text_is_date(in->zDate) ) field_errors_add(e, "date", "error.date_invalid");
  else bDate = true;
  if( text_blank(in->zStart) || !text_is_time(in->zStart) ) field_errors_add(e, "start", "error.time_invalid");
  else if( text_blank(in->zEnd) || !text_is_time(in->zEnd) ) field_errors_add(e, "end", "error.time_invalid");
  else if( strcmp(in->zEnd, in->zStart)<=0 ) field_errors_add(e, "end", "error.end_before_start_time");
  else bTimes = true;
  meeting_check_text(e, "location", in->zLocation, false, 0, 200);
  if( !text_blank(in->zOnlineLink) ){
    if( strncmp(in->zOnlineLink, "https://", 8)!=0 || strlen(in->zOnlineLink)>300
     || !text_is_clean_utf8(in->zOnlineLink, false) || strchr(in->zOnlineLink, ' ') ){
      field_errors_add(e, "online_link", "error.link_invalid");
    }
  }
  if( text_blank(in->zLocation) && text_blank(in->zOnlineLink) ){
    field_errors_add(e, "location", "error.place_required");
  }
  zStarts[0] = zEnds[0] = 0;
  if( !bDate || !bTimes ) return false;
  snprintf(zStarts, 17, "%.10sT%.5s", in->zDate, in->zStart);
  snprintf(zEnds, 17, "%.10sT%.5s", in->zDate, in->zEnd);
  if( strcmp(zStarts, zNow)<0 ){ field_errors_add(e, "date", "error.meeting_past"); return false; }
  return true;
}

/* Inside the write transaction: another meeting of unitId (not
** cancelled, not meeting exceptId) overlaps zStarts..zEnds. */
void meeting_check_overlap(struct db *db, long long unitId, long long exceptId, const char *zStarts,
                          const char *zEnds, struct field_errors *e){
  struct stmt *s = db_prepare(db,
    "SELECT title FROM meeting WHERE unit_id=? AND status<>'cancelled' AND id<>?"
    "   AND starts_at<? AND ends_at>? LIMIT 1");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, exceptId);
  stmt_bind_text(s, 3, zEnds);
  stmt_bind_text(s, 4, zStarts);
  if( stmt_step(s)==1 ) field_errors_add(e, "start", "error.meeting_overlap");
  stmt_done(s);
}

long long meeting_create(struct db *db, const struct user *u, long long unitId,
                         const struct meeting_input *in, const char *zNow,
                         const char *zToday, struct field_errors *e){
  if( !access_can_write(db, u, unitId, zToday) ) return -1;
  char zStarts[17], zEnds[17];
  bool bOverlapCheck = meeting_validate(in, zNow, e, zStarts, zEnds);
  char zDeadline[17] = "";
  check_deadline(e, in->zDeadlineDate, in->zDeadlineTime, zStarts[0] ? zStarts : 0, zNow, zDeadline);
  /* The overlap is checked inside the write transaction, so that no other
  ** meeting can be scheduled into the slot between the check and the
  ** insert, and a check that could not be run refuses. */
  int nInput = e->n;
  if( !db_begin(db) ){ field_errors_add(e, "title", "error.not_saved"); return 0; }
  if( bOverlapCheck ) meeting_check_overlap(db, unitId, 0, zStarts, zEnds, e);
  if( !field_errors_checked_in_tx(db, e, nInput, "title", "error.not_saved") ) return 0;
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "INSERT INTO meeting(unit_id,title,starts_at,ends_at,location,online_link,created_at,updated_at,"
    " items_deadline) VALUES(?,?,?,?,?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, in->zTitle);
  stmt_bind_text(s, 3, zStarts);
  stmt_bind_text(s, 4, zEnds);
  stmt_bind_text(s, 5, nz(in->zLocation));
  stmt_bind_text(s, 6, nz(in->zOnlineLink));
  stmt_bind_int(s, 7, now);
  stmt_bind_int(s, 8, now);
  if( zDeadline[0] ) stmt_bind_text(s, 9, zDeadline); else stmt_bind_null(s, 9);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  bool ok = id>0;
  for(size_t i=0; ok && i<sizeof(aStanding)/sizeof(aStanding[0]); i++){
    ok = meeting_insert_item(db, id, (int)i+1, aStanding[i].zTitle, aStanding[i].zPurpose, 0,
                     aStanding[i].nMinutes, aStanding[i].zCode, "accepted", 0, false, 0, 0, 0);
  }
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_str(&b, &bFirst, "title", in->zTitle);
    json_kv_str(&b, &bFirst, "starts_at", zStarts);
    json_kv_str(&b, &bFirst, "ends_at", zEnds);
    json_kv_str(&b, &bFirst, "location", nz(in->zLocation) ? in->zLocation : "");
    json_kv_str(&b, &bFirst, "online_link", nz(in->zOnlineLink) ? in->zOnlineLink : "");
    if( zDeadline[0] ) json_kv_str(&b, &bFirst, "items_deadline", zDeadline);
    buf_putc(&b, '}');
    ok = audit_record(db, u, "create", "meeting", id, unitId, 0, buf_cstr(&b));
    buf_free(&b);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "title", "error.not_saved");
    return 0;
  }
  return id;
}

/* ---- agenda ---------------------------------------------------------- */

static const char *const azPurpose[PURPOSE__MAX] = {"information", "discussion", "decision", "action"};
const char *agenda_purpose_code(enum agenda_purpose p){ return (unsigned)p<PURPOSE__MAX ? azPurpose[p] : "?"; }
const char *agenda_purpose_key(const char *z){
  if( z && strcmp(z, "decision")==0 ) return "purpose.decision";
  if( z && strcmp(z, "discussion")==0 ) return "purpose.discussion";
  if( z && strcmp(z, "action")==0 ) return "purpose.action";
  return "purpose.information";
}
const char *agenda_standing_key(const char *z){
  static const char *const az[][2] = {
    {"welcome", "standing.welcome"}, {"apologies", "standing.apologies"},
    {"declarations", "standing.declarations"}, {"minutes", "standing.minutes"},
    {"actions", "standing.actions"}, {"aob", "standing.aob"},
  };
  for(size_t i=0; z && i<sizeof(az)/sizeof(az[0]); i++) if( strcmp(az[i][0], z)==0 ) return az[i][1];
  return 0;
}
const char *agenda_title_key(const char *zStanding, const char *zTitle){
  if( !zStanding || !zStanding[0] ) return 0;
  for(size_t i=0; i<sizeof(aStanding)/sizeof(aStanding[0]); i++){
    if( strcmp(aStanding[i].zCode, zStanding)==0 ){
      return zTitle && strcmp(aStanding[i].zTitle, zTitle)==0 ? agenda_standing_key(zStanding) : 0;
    }
  }
  return 0;
}
bool agenda_parse_purpose(const char *z, enum agenda_purpose *pOut){
  for(int i=0; i<PURPOSE__MAX; i++){
    if( z && strcmp(z, azPurpose[i])==0 ){ *pOut = (enum agenda_purpose)i; return true; }
  }
  return false;
}

bool meeting_sees_restricted(struct db *db, const struct user *u, const struct meeting *m){
  if( !u || u->id<=0 ) return false;
  if( u->role==ROLE_ADMIN ) return true;
  if( u->role!=ROLE_CLUSTER_LEAD && u->role!=ROLE_MEMBER ) return false;
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  return access_is_within(db, m->unitId, u->scopeUnitId, zDate);
}

#define AGENDA_COLS \
  "a.id, a.meeting_id, a.position, a.title, a.purpose, a.lead_person_id, l.name," \
  " a.duration_minutes, a.standing, a.status, p.name, a.restricted," \
  " a.proposed_by_person_id, a.description, a.decline_reason, a.proposed_by_user_id"

/* A column's text into z (n bytes), cut short as snprintf would: the
** agenda is read for every meeting page, and this is the most of it. */
static void col_copy(char *z, size_t n, struct stmt *s, int i){
  const char *zSrc = stmt_text(s, i);
  size_t m = strlen(zSrc);
  if( m>=n ) m = n-1;
  memcpy(z, zSrc, m);
  z[m] = 0;
}

static void item_from_row(struct stmt *s, struct agenda_item *p){
  memset(p, 0, sizeof *p);
  p->id = stmt_int(s, 0);
  p->meetingId = stmt_int(s, 1);
  p->position = (int)stmt_int(s, 2);
  col_copy(p->zTitle, sizeof p->zTitle, s, 3);
  col_copy(p->zPurpose, sizeof p->zPurpose, s, 4);
  p->leadPersonId = stmt_int(s, 5);
  col_copy(p->zLeadName, sizeof p->zLeadName, s, 6);
  p->durationMinutes = (int)stmt_int(s, 7);
  col_copy(p->zStanding, sizeof p->zStanding, s, 8);
  col_copy(p->zStatus, sizeof p->zStatus, s, 9);
  col_copy(p->zProposedBy, sizeof p->zProposedBy, s, 10);
  p->bRestricted = stmt_int(s, 11)!=0;
  p->proposedById = stmt_int(s, 12);
  col_copy(p->zDescription, sizeof p->zDescription, s, 13);
  col_copy(p->zDeclineReason, sizeof p->zDeclineReason, s, 14);
  p->proposedByUserId = stmt_int(s, 15);
}

int agenda_list(struct db *db, const struct user *u, const struct meeting *m, bool bWithProposals,
                agenda_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " AGENDA_COLS " FROM agenda_item a"
    "  LEFT JOIN person l ON l.id=a.lead_person_id"
    "  LEFT JOIN person p ON p.id=a.proposed_by_person_id"
    " WHERE a.meeting_id=?1 AND (a.status='accepted' OR ?2=1)"
    " ORDER BY a.status='accepted' DESC, a.status='proposed' DESC, a.position, a.id");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, bWithProposals ? 1 : 0);
  bool bRestricted = meeting_sees_restricted(db, u, m);
  unsigned minutes = (unsigned)(atoi(m->zStartsAt+11)*60 + atoi(m->zStartsAt+14));
  int n = 0, iPos = 0;
  struct agenda_item it;
  while( stmt_step(s)==1 ){
    item_from_row(s, &it);
    if( strcmp(it.zStatus, "accepted")==0 ){
      it.position = ++iPos;
      snprintf(it.zStart, sizeof it.zStart, "%02u:%02u", (minutes/60)%24u, minutes%60u);
      minutes += (unsigned)it.durationMinutes;
    }
    if( it.bRestricted && !bRestricted ){
      /* The slot stays on the agenda so that the times add up; what it is
      ** about does not leave the database. */
      snprintf(it.zTitle, sizeof it.zTitle, "%s", "");
      it.zDescription[0] = 0;
      it.zLeadName[0] = 0;
      it.leadPersonId = 0;
    }
    x(pCtx, &it);
    n++;
  }
  stmt_done(s);
  return n;
}

int agenda_count_accepted(struct db *db, long long meetingId){
  struct stmt *s = db_prepare(db, "SELECT count(*) FROM agenda_item WHERE meeting_id=?1 AND status='accepted'");
  stmt_bind_int(s, 1, meetingId);
  int n = stmt_step(s)==1 ? (int)stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}

bool agenda_get(struct db *db, const struct meeting *m, long long itemId, struct agenda_item *p){
  struct stmt *s = db_prepare(db,
    "SELECT " AGENDA_COLS " FROM agenda_item a"
    "  LEFT JOIN person l ON l.id=a.lead_person_id"
    "  LEFT JOIN person p ON p.id=a.proposed_by_person_id"
    " WHERE a.id=?1 AND a.meeting_id=?2");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_int(s, 2, m->id);
  bool b = stmt_step(s)==1;
  if( b ) item_from_row(s, p);
  stmt_done(s);
  return b;
}

bool agenda_item_get_visible(struct db *db, const struct user *u, long long meetingId, long long itemId,
                             const char *zToday, struct meeting *m, struct agenda_item *it){
  return meeting_get_visible(db, u, meetingId, zToday, m)
      && agenda_get(db, m, itemId, it)
      && (!it->bRestricted || meeting_sees_restricted(db, u, m));
}

void agenda_proposer_name(struct db *db, struct agenda_item *it){
  if( it->zProposedBy[0] || it->proposedByUserId<=0 ) return;
  struct stmt *s = db_prepare(db, "SELECT name FROM app_user WHERE id=?");
  stmt_bind_int(s, 1, it->proposedByUserId);
  if( stmt_step(s)==1 ) col_copy(it->zProposedBy, sizeof it->zProposedBy, s, 0);
  stmt_done(s);
}

long long meeting_user_person(struct db *db, const struct user *u){
  struct stmt *s = db_prepare(db, "SELECT person_id FROM app_user WHERE id=?");
  stmt_bind_int(s, 1, u->id);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

static void item_json(struct buf *b, const char *zTitle, const char *zPurpose, long long nMinutes,
                      long long leadId, bool bRestricted){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "title", zTitle);
  json_kv_str(b, &bFirst, "purpose", zPurpose);
  json_kv_int(b, &bFirst, "duration_minutes", nMinutes);
  json_kv_int(b, &bFirst, "lead_person_id", leadId);
  json_kv_int(b, &bFirst, "restricted", bRestricted ? 1 : 0);
  buf_putc(b, '}');
}

bool agenda_update(struct db *db, const struct user *u, const struct meeting *m, long long itemId,
                   const struct agenda_input *in, const char *zToday, struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return false;
  struct agenda_item it;
  if( !agenda_get(db, m, itemId, &it)
   || (strcmp(it.zStatus, "accepted")!=0 && strcmp(it.zStatus, "proposed")!=0) ) return false;
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  meeting_check_text(e, "title", in->zTitle, true, "error.item_title_required", 200);
  enum agenda_purpose purpose = PURPOSE_INFORMATION;
  if( !agenda_parse_purpose(in->zPurpose, &purpose) ) field_errors_add(e, "purpose", "error.purpose_required");
  long long nMinutes = 0;
  if( !text_to_int(in->zDuration, 1, 480, &nMinutes) ) field_errors_add(e, "duration", "error.duration_invalid");
  long long leadId = 0;
  if( !text_blank(in->zLeadPersonId) ){
    if( !text_to_int(in->zLeadPersonId, 1, (long long)1<<53, &leadId)
     || !member_on_date(db, m->unitId, leadId, zDate) ){
      field_errors_add(e, "lead", "error.lead_not_member");
    }
  }
  if( strcmp(m->zStatus, "cancelled")==0 ) field_errors_add(e, "title", "error.meeting_cancelled");
  /* The box sends "1" when ticked and nothing when not. */
  bool bRestricted = false;
  if( in->zRestricted && in->zRestricted[0] ){
    if( strcmp(in->zRestricted, "1")==0 ) bRestricted = true;
    else field_errors_add(e, "restricted", "error.restricted_invalid");
  }
  if( e->n ) return false;
  if( !db_begin(db) ){ field_errors_add(e, "title", "error.not_saved"); return false; }
  struct stmt *s = db_prepare(db,
    "UPDATE agenda_item SET title=?, purpose=?, duration_minutes=?, lead_person_id=?, restricted=?, updated_at=?"
    " WHERE id=?");
  stmt_bind_text(s, 1, in->zTitle);
  stmt_bind_text(s, 2, agenda_purpose_code(purpose));
  stmt_bind_int(s, 3, nMinutes);
  if( leadId ) stmt_bind_int(s, 4, leadId); else stmt_bind_null(s, 4);
  stmt_bind_int(s, 5, bRestricted ? 1 : 0);
  stmt_bind_int(s, 6, (long long)time(0));
  stmt_bind_int(s, 7, itemId);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    item_json(&bOld, it.zTitle, it.zPurpose, it.durationMinutes, it.leadPersonId, it.bRestricted);
    item_json(&bNew, in->zTitle, agenda_purpose_code(purpose), nMinutes, leadId, bRestricted);
    ok = audit_record(db, u, "update", "agenda_item", itemId, m->unitId, buf_cstr(&bOld), buf_cstr(&bNew));
    buf_free(&bOld);
    buf_free(&bNew);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "title", "error.not_saved");
    return false;
  }
  return true;
}

bool agenda_move(struct db *db, const struct user *u, const struct meeting *m, long long itemId,
                 int delta, const char *zToday){
  if( !access_can_write(db, u, m->unitId, zToday) || (delta!=-1 && delta!=1) ) return false;
  struct agenda_item it;
  if( !agenda_get(db, m, itemId, &it) || strcmp(it.zStatus, "accepted")!=0 ) return false;
  /* The neighbour in the direction of travel. */
  struct stmt *s = delta<0
    ? db_prepare(db, "SELECT id, position FROM agenda_item WHERE meeting_id=? AND status='accepted'"
                     " AND position<? ORDER BY position DESC LIMIT 1")
    : db_prepare(db, "SELECT id, position FROM agenda_item WHERE meeting_id=? AND status='accepted'"
                     " AND position>? ORDER BY position LIMIT 1");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, it.position);
  long long otherId = 0, otherPos = 0;
  if( stmt_step(s)==1 ){ otherId = stmt_int(s, 0); otherPos = stmt_int(s, 1); }
  stmt_done(s);
  if( !otherId ) return false;
  if( !db_begin(db) ) return false;
  s = db_prepare(db, "UPDATE agenda_item SET position=?, updated_at=? WHERE id=?");
  stmt_bind_int(s, 1, otherPos);
  stmt_bind_int(s, 2, (long long)time(0));
  stmt_bind_int(s, 3, itemId);
  bool ok = stmt_exec(s);
  if( ok ){
    s = db_prepare(db, "UPDATE agenda_item SET position=?, updated_at=? WHERE id=?");
    stmt_bind_int(s, 1, it.position);
    stmt_bind_int(s, 2, (long long)time(0));
    stmt_bind_int(s, 3, otherId);
    ok = stmt_exec(s);
  }
  char zOld[40], zNew[40];
  snprintf(zOld, sizeof zOld, "{\"position\":%d}", it.position);
  snprintf(zNew, sizeof zNew, "{\"position\":%lld}", otherPos);
  if( ok ) ok = audit_record(db, u, "update", "agenda_item", itemId, m->unitId, zOld, zNew);
  if( !ok || !db_commit(db) ){ db_rollback(db); return false; }
  return true;
}

/* ---- changing and undoing ------------------------------------------------- */

/* Inside the write transaction: meeting m is still ahead (not started,
** not held, not cancelled); otherwise the reason on zField (zStartedKey
** once it has started) and false. */
bool meeting_still_ahead(struct db *db, const struct meeting *m, const char *zField,
                        const char *zStartedKey, struct field_errors *e){
  enum record_state st;
  if( !record_state_of(db, m->id, 0, &st) ){ field_errors_add(e, zField, "error.not_saved"); return false; }
  if( st==RECORD_AHEAD ) return true;
  field_errors_add(e, zField, st==RECORD_CANCELLED ? "error.meeting_cancelled" : zStartedKey);
  return false;
}

bool meeting_cancel_reason(struct db *db, long long id, char *zOut, size_t nOut){
  struct stmt *s = db_prepare(db, "SELECT cancel_reason FROM meeting WHERE id=? AND status='cancelled'");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  text_copy(zOut, nOut, b ? stmt_text(s, 0) : "");
  stmt_done(s);
  return b;
}

long long agenda_delete(struct db *db, const struct user *u, const struct meeting *m, long long itemId,
                        const char *zToday, struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return -1;
  if( !db_begin(db) ){ field_errors_add(e, "confirm", "error.not_saved"); return 0; }
  struct agenda_item it;
  if( !agenda_get(db, m, itemId, &it) || (it.bRestricted && !meeting_sees_restricted(db, u, m)) ){
    return field_errors_refuse_in_tx(db, e, "confirm", "error.not_saved");
  }
  /* A proposal is accepted or declined, so that its proposer sees what
  ** became of it; only an item on the agenda is taken off it. */
  if( strcmp(it.zStatus, "accepted")!=0 ) field_errors_add(e, "confirm", "error.item_not_on_agenda");
  else if( meeting_still_ahead(db, m, "confirm", "error.item_delete_started", e) ){
    /* What hangs off the item goes first, each in its own way: papers
    ** are withdrawn, an action raised for it is the action log's. */
    struct stmt *s = db_prepare(db,
      "SELECT (SELECT count(*) FROM paper WHERE agenda_item_id=?1),"
      "       (SELECT count(*) FROM action WHERE agenda_item_id=?1)"
      "     + (SELECT count(*) FROM declaration WHERE agenda_item_id=?1)"
      "     + (SELECT count(*) FROM decision WHERE agenda_item_id=?1)");
    stmt_bind_int(s, 1, itemId);
    if( stmt_step(s)==1 ){
      if( stmt_int(s, 0)>0 ) field_errors_add(e, "confirm", "error.item_has_papers");
      else if( stmt_int(s, 1)>0 ) field_errors_add(e, "confirm", "error.item_has_record");
    }
    stmt_done(s);
  }
  if( !field_errors_checked_in_tx(db, e, 0, "confirm", "error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db, "DELETE FROM agenda_item WHERE id=? AND meeting_id=? RETURNING id");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_int(s, 2, m->id);
  bool ok = stmt_step(s)==1;
  stmt_done(s);
  if( ok ){
    /* The items after it move up: their times follow from the order. */
    s = db_prepare(db, "UPDATE agenda_item SET position=position-1, updated_at=? WHERE meeting_id=? AND position>?");
    stmt_bind_int(s, 1, (long long)time(0));
    stmt_bind_int(s, 2, m->id);
    stmt_bind_int(s, 3, it.position);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf bOld = {0};
    item_json(&bOld, it.zTitle, it.zPurpose, it.durationMinutes, it.leadPersonId, it.bRestricted);
    ok = audit_record(db, u, "delete", "agenda_item", itemId, m->unitId, buf_cstr(&bOld), 0);
    buf_free(&bOld);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "confirm", "error.not_saved");
    return 0;
  }
  return itemId;
}
