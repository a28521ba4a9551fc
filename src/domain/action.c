/* The action log: rules and queries (see action.h). */
#include "domain/action.h"
#include "domain/notify.h"
#include "domain/record_log.h"
#include "domain/audit.h"
#include "domain/record.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const azStatus[ACTION__MAX] = { "open", "in_progress", "done", "cancelled" };

const char *action_status_code(enum action_status e){
  return (unsigned)e<ACTION__MAX ? azStatus[e] : "open";
}
bool action_parse_status(const char *z, enum action_status *pOut){
  for(int i=0; z && i<ACTION__MAX; i++){
    if( strcmp(z, azStatus[i])==0 ){ if( pOut ) *pOut = (enum action_status)i; return true; }
  }
  return false;
}

void action_ref_prefix(const char *zName, char zOut[8]){
  static const char *const azSkip[] = {"and", "of", "the", "a", "ac", "y", "yr", "&"};
  int n = 0;
  const char *p = zName ? zName : "";
  while( *p && n<6 ){
    while( *p==' ' || *p=='-' || *p=='\t' ) p++;
    if( !*p ) break;
    const char *zWord = p;
    while( *p && *p!=' ' && *p!='-' && *p!='\t' ) p++;
    size_t nWord = (size_t)(p-zWord);
    bool bSkip = false;
    for(size_t i=0; i<sizeof(azSkip)/sizeof(azSkip[0]); i++){
      if( strlen(azSkip[i])==nWord && strncmp(azSkip[i], zWord, nWord)==0 ) bSkip = true;
    }
    char c = zWord[0];
    if( bSkip || !((c>='A' && c<='Z') || (c>='a' && c<='z') || (c>='0' && c<='9')) ) continue;
    zOut[n++] = (c>='a' && c<='z') ? (char)(c-32) : c;
  }
  if( n==0 ){ memcpy(zOut, "ACT", 4); return; }
  zOut[n] = 0;
}

#define ACTION_COLS \
  "a.id, a.unit_id, a.ref, a.meeting_id, substr(m.starts_at,1,10), a.description," \
  " a.lead_person_id, p.name, a.status, a.due_on, pr.note, pr.noted_on," \
  " a.agenda_item_id, u.slug, u.name, u.name_cy"
#define ACTION_FROM \
  "  FROM action a JOIN unit u ON u.id=a.unit_id" \
  "  LEFT JOIN meeting m ON m.id=a.meeting_id" \
  "  LEFT JOIN person p ON p.id=a.lead_person_id" \
  "  LEFT JOIN action_progress pr" \
  "    ON pr.id=(SELECT max(x.id) FROM action_progress x WHERE x.action_id=a.id)"

static void action_from_row(struct stmt *s, const char *zToday, struct action *a){
  a->id = stmt_int(s, 0);
  a->unitId = stmt_int(s, 1);
  text_copy(a->zRef, sizeof a->zRef, stmt_text(s, 2));
  a->meetingId = stmt_int(s, 3);
  text_copy(a->zMeetingDate, sizeof a->zMeetingDate, stmt_text(s, 4));
  text_copy(a->zDescription, sizeof a->zDescription, stmt_text(s, 5));
  a->leadPersonId = stmt_int(s, 6);
  text_copy(a->zLeadName, sizeof a->zLeadName, stmt_text(s, 7));
  text_copy(a->zStatus, sizeof a->zStatus, stmt_text(s, 8));
  text_copy(a->zDue, sizeof a->zDue, stmt_text(s, 9));
  text_copy(a->zLastProgress, sizeof a->zLastProgress, stmt_text(s, 10));
  text_copy(a->zLastProgressOn, sizeof a->zLastProgressOn, stmt_text(s, 11));
  a->agendaItemId = stmt_int(s, 12);
  text_copy(a->zUnitSlug, sizeof a->zUnitSlug, stmt_text(s, 13));
  text_copy(a->zUnitName, sizeof a->zUnitName, stmt_text(s, 14));
  text_copy(a->zUnitNameCy, sizeof a->zUnitNameCy, stmt_text(s, 15));
  bool bOpen = strcmp(a->zStatus, "open")==0 || strcmp(a->zStatus, "in_progress")==0;
  a->bOverdue = bOpen && a->zDue[0] && zToday && strcmp(a->zDue, zToday)<0;
}

/* Load an action with no access check. */
static bool action_get(struct db *db, long long id, const char *zToday, struct action *a){
  struct stmt *s = db_prepare(db, "SELECT " ACTION_COLS ACTION_FROM " WHERE a.id=?1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) action_from_row(s, zToday, a);
  stmt_done(s);
  return b;
}

bool action_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                        struct action *a){
  if( !action_get(db, id, zToday, a) ) return false;
  return access_can_read(db, u, a->unitId, zToday);
}

static void check_long_text(struct field_errors *e, const char *zField, const char *z,
                            const char *zTooLongKey){
  if( text_utf8_chars(z)>ACTION_TEXT_MAX ) field_errors_add(e, zField, zTooLongKey);
  else if( !text_is_clean_utf8(z, true) ) field_errors_add(e, zField, "error.bad_characters");
}

static void check_due(struct field_errors *e, const char *zDue){
  if( !text_blank(zDue) && !text_is_date(zDue) ) field_errors_add(e, "due", "error.date_invalid");
}

static void action_validate(struct db *db, long long unitId, const struct action_input *in,
                            const char *zToday, long long *pLead, struct field_errors *e){
  if( text_blank(in->zDescription) ) field_errors_add(e, "description", "error.action_required");
  else check_long_text(e, "description", in->zDescription, "error.action_too_long");
  long long lead = 0;
  if( text_blank(in->zLeadPersonId) ){
    field_errors_add(e, "lead", "error.lead_required");
  }else if( !text_to_int(in->zLeadPersonId, 1, (long long)1<<53, &lead)
         || !member_on_date(db, unitId, lead, zToday) ){
    field_errors_add(e, "lead", "error.lead_not_member");
  }
  *pLead = lead;
  check_due(e, in->zDue);
  if( in->meetingId>0 ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM meeting WHERE id=?1 AND unit_id=?2");
    stmt_bind_int(s, 1, in->meetingId);
    stmt_bind_int(s, 2, unitId);
    if( stmt_step(s)!=1 ) field_errors_add(e, "meeting", "error.meeting_not_in_unit");
    stmt_done(s);
  }
  if( in->agendaItemId>0 ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM agenda_item WHERE id=?1 AND meeting_id=?2");
    stmt_bind_int(s, 1, in->agendaItemId);
    stmt_bind_int(s, 2, in->meetingId);
    if( in->meetingId<=0 || stmt_step(s)!=1 ) field_errors_add(e, "meeting", "error.meeting_not_in_unit");
    stmt_done(s);
  }
}

bool action_objective_of_unit(struct db *db, long long objectiveId, long long unitId, long long *pPlanId,
                              char *zLabel, size_t nLabel){
  struct stmt *s = db_prepare(db,
    "SELECT p.id, o.ref || ' ' || o.title FROM plan_objective o JOIN plan p ON p.id=o.plan_id"
    " WHERE o.id=?1 AND p.unit_id=?2");
  stmt_bind_int(s, 1, objectiveId);
  stmt_bind_int(s, 2, unitId);
  bool bFound = objectiveId>0 && stmt_step(s)==1;
  if( bFound ){
    if( pPlanId ) *pPlanId = stmt_int(s, 0);
    if( zLabel ) text_copy(zLabel, nLabel, stmt_text(s, 1));
  }
  stmt_done(s);
  return bFound;
}

const char *action_status_key(const char *zStatus){
  if( strcmp(zStatus, "in_progress")==0 ) return "action.status_in_progress";
  if( strcmp(zStatus, "done")==0 ) return "action.status_done";
  if( strcmp(zStatus, "cancelled")==0 ) return "action.status_cancelled";
  return "action.status_open";
}

/* The number of the last reference of unitId (its trailing digits), or 0. */
static long long last_ref_number(struct db *db, long long unitId){
  long long n = 0;
  struct stmt *s = db_prepare(db, "SELECT ref FROM action WHERE unit_id=?1 ORDER BY id DESC LIMIT 1");
  stmt_bind_int(s, 1, unitId);
  if( stmt_step(s)==1 ){
    const char *z = stmt_text(s, 0);
    const char *p = z + strlen(z);
    while( p>z && p[-1]>='0' && p[-1]<='9' ) p--;
    n = atoll(p);
  }
  stmt_done(s);
  s = db_prepare(db, "SELECT count(*) FROM action WHERE unit_id=?1");
  stmt_bind_int(s, 1, unitId);
  if( stmt_step(s)==1 && stmt_int(s, 0)>n ) n = stmt_int(s, 0);
  stmt_done(s);
  return n;
}

static bool ref_taken(struct db *db, long long unitId, const char *zRef){
  struct stmt *s = db_prepare(db, "SELECT 1 FROM action WHERE unit_id=?1 AND ref=?2");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zRef);
  bool b = stmt_step(s)==1;
  stmt_done(s);
  return b;
}

/* JSON of an action's recorded fields, for the audit log. */
static void action_audit_json(struct buf *b, const struct action *a, const char *zNote){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "ref", a->zRef);
  json_kv_str(b, &bFirst, "description", a->zDescription);
  json_kv_str(b, &bFirst, "lead", a->zLeadName);
  json_kv_str(b, &bFirst, "status", a->zStatus);
  if( a->zDue[0] ) json_kv_str(b, &bFirst, "due", a->zDue);
  else json_kv_null(b, &bFirst, "due");
  if( a->meetingId ) json_kv_str(b, &bFirst, "meeting_date", a->zMeetingDate);
  if( zNote ) json_kv_str(b, &bFirst, "progress", zNote);
  buf_putc(b, '}');
}

/* Link new action actionId to the plan objective it delivers, with the
** audit entry plan.c writes for a link, inside the caller's transaction. */
static bool link_objective(struct db *db, const struct user *u, long long objectiveId, long long actionId,
                           long long unitId){
  struct stmt *s = db_prepare(db, "INSERT INTO plan_objective_action(objective_id,action_id) VALUES(?1,?2)");
  stmt_bind_int(s, 1, objectiveId);
  stmt_bind_int(s, 2, actionId);
  if( !stmt_exec(s) ) return false;
  struct buf b = {0};
  bool bFirst = true;
  buf_putc(&b, '{');
  json_kv_int(&b, &bFirst, "objective", objectiveId);
  json_kv_int(&b, &bFirst, "action", actionId);
  buf_putc(&b, '}');
  bool ok = audit_record(db, u, "create", "plan_objective_action", objectiveId, unitId, 0, buf_cstr(&b));
  buf_free(&b);
  return ok;
}

long long action_create(struct db *db, const struct user *u, long long unitId,
                        const struct action_input *in, const char *zToday,
                        struct field_errors *e){
  if( !access_can_write(db, u, unitId, zToday) ) return -1;
  /* The checks that read (the lead a member, the meeting and item the
  ** unit's) run inside the write transaction: what they found still
  ** holds when the action is written, and a read that fails refuses. */
  if( !db_begin(db) ){
    field_errors_add(e, "description", "error.not_saved");
    return 0;
  }
  long long lead = 0;
  action_validate(db, unitId, in, zToday, &lead, e);
  if( in->objectiveId && !action_objective_of_unit(db, in->objectiveId, unitId, 0, 0, 0) ){
    field_errors_add(e, "objective", "action.error.objective");
  }
  /* An action raised at a meeting is part of its record: not before the
  ** meeting starts; once its minutes are approved, only as a correction
  ** with a reason (record.h). One added to the log directly is not. */
  enum record_write w = RECORD_WRITE;
  if( in->meetingId>0 && !field_errors_get(e, "meeting") ){
    w = record_may_write(db, in->meetingId, "meeting", in->zCorrectionReason, e);
  }
  char zPrefix[8];
  struct stmt *s = db_prepare(db, "SELECT name FROM unit WHERE id=?1");
  stmt_bind_int(s, 1, unitId);
  action_ref_prefix(stmt_step(s)==1 ? stmt_text(s, 0) : "", zPrefix);
  stmt_done(s);
  if( !field_errors_checked_in_tx(db, e, 0, "description", "error.not_saved") ) return 0;
  long long now = (long long)time(0);
  /* Inside the write transaction, so two leads adding at once cannot
  ** both take the same number. */
  char zRef[24];
  long long n = last_ref_number(db, unitId);
  do{
    n++;
    snprintf(zRef, sizeof zRef, "%.6s-%03d", zPrefix, (int)(n % 100000000));
  }while( ref_taken(db, unitId, zRef) );
  s = db_prepare(db,
    "INSERT INTO action(unit_id,ref,meeting_id,agenda_item_id,description,lead_person_id,"
    " status,due_on,created_at,updated_at) VALUES(?,?,?,?,?,?,'open',?,?,?) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zRef);
  if( in->meetingId>0 ) stmt_bind_int(s, 3, in->meetingId); else stmt_bind_null(s, 3);
  if( in->agendaItemId>0 ) stmt_bind_int(s, 4, in->agendaItemId); else stmt_bind_null(s, 4);
  stmt_bind_text(s, 5, in->zDescription);
  stmt_bind_int(s, 6, lead);
  stmt_bind_text(s, 7, text_blank(in->zDue) ? 0 : in->zDue);
  stmt_bind_int(s, 8, now);
  stmt_bind_int(s, 9, now);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  struct action *a = xmalloc(sizeof *a);
  bool ok = id>0 && action_get(db, id, zToday, a);
  if( ok ){
    struct buf b = {0};
    action_audit_json(&b, a, 0);
    /* Reopened, for the reason a correction adds. */
    if( b.n && b.z[b.n-1]=='}' ) b.z[--b.n] = 0;
    ok = record_log_create(db, u, in->meetingId, unitId, "action", "action", id, &b, w, in->zCorrectionReason);
    buf_free(&b);
    if( ok && in->objectiveId ) ok = link_objective(db, u, in->objectiveId, id, unitId);
    if( ok ) ok = notify_action_lead(db, u, a);
  }
  free(a);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "description", "error.not_saved");
    return 0;
  }
  return id;
}

bool action_update(struct db *db, const struct user *u, long long actionId, const char *zStatus,
                   const char *zNote, const char *zDue, const char *zToday,
                   struct field_errors *e){
  struct action *old = xmalloc(sizeof *old);
  struct action *neu = xmalloc(sizeof *neu);
  bool ok = false;
  if( !action_get(db, actionId, zToday, old) ) goto done;
  enum action_access acc = action_access(db, u, old, zToday);
  if( acc==ACTION_ACCESS_NONE || acc==ACTION_ACCESS_READ ) goto done;
  /* The lead updates status and progress; the due date is the chair's. */
  if( acc==ACTION_ACCESS_LEAD ) zDue = 0;
  if( !action_parse_status(zStatus, 0) ) field_errors_add(e, "status", "error.action_status_required");
  bool bNote = !text_blank(zNote);
  if( bNote ) check_long_text(e, "note", zNote, "error.note_too_long");
  check_due(e, zDue);
  if( e->n ) goto done;
  const char *zNewDue = !zDue ? old->zDue : text_blank(zDue) ? "" : zDue;
  if( !bNote && strcmp(zStatus, old->zStatus)==0 && strcmp(zNewDue, old->zDue)==0 ){
    ok = true;                 /* nothing to change */
    goto done;
  }
  if( !db_begin(db) ){
    field_errors_add(e, "note", "error.not_saved");
    goto done;
  }
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db, "UPDATE action SET status=?1, due_on=?2, updated_at=?3 WHERE id=?4");
  stmt_bind_text(s, 1, zStatus);
  stmt_bind_text(s, 2, zNewDue[0] ? zNewDue : 0);
  stmt_bind_int(s, 3, now);
  stmt_bind_int(s, 4, actionId);
  ok = stmt_exec(s);
  if( ok && bNote ){
    s = db_prepare(db,
      "INSERT INTO action_progress(action_id,noted_on,note,user_id,created_at) VALUES(?,?,?,?,?)");
    stmt_bind_int(s, 1, actionId);
    stmt_bind_text(s, 2, zToday);
    stmt_bind_text(s, 3, zNote);
    if( u && u->id>0 ) stmt_bind_int(s, 4, u->id); else stmt_bind_null(s, 4);
    stmt_bind_int(s, 5, now);
    ok = stmt_exec(s);
  }
  if( ok ) ok = action_get(db, actionId, zToday, neu);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    action_audit_json(&bOld, old, 0);
    action_audit_json(&bNew, neu, bNote ? zNote : 0);
    ok = audit_record(db, u, "update", "action", actionId, old->unitId, buf_cstr(&bOld), buf_cstr(&bNew));
    buf_free(&bOld);
    buf_free(&bNew);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "note", "error.not_saved");
    ok = false;
  }
done:
  free(old);
  free(neu);
  return ok;
}

/* The start of meeting id of unitId as text and as a Unix time (local
** time in Wales, as main() sets TZ). False if it is not a meeting of unitId. */
static bool meeting_start(struct db *db, long long id, long long unitId, char zStart[17], long long *pT){
  struct stmt *s = db_prepare(db, "SELECT starts_at FROM meeting WHERE id=?1 AND unit_id=?2");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, unitId);
  bool b = stmt_step(s)==1;
  if( b ) text_copy(zStart, 17, stmt_text(s, 0));
  stmt_done(s);
  if( !b ) return false;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if( sscanf(zStart, "%d-%d-%dT%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min)!=5 ){
    return false;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_isdst = -1;
  *pT = (long long)mktime(&tm);
  return true;
}

/* The filters after the status, common to the three walks of action_list. */
#define ACTION_FILTERS \
  "   AND (?4=0 OR (a.due_on<?5 AND a.status IN ('open','in_progress')))" \
  "   AND (?6=0 OR a.lead_person_id=?6)" \
  "   AND (CAST(?7 AS TEXT) IS NULL OR (a.meeting_id IS NOT NULL AND m.starts_at<?7)" \
  "        OR (a.meeting_id IS NULL AND a.created_at<?8))" \
  "   AND (?10=0 OR a.meeting_id=?10)" \
  " ORDER BY a.id LIMIT ?9"

int action_list(struct db *db, long long unitId, const struct action_filter *f, const char *zToday,
                action_cb x, void *pCtx){
  char zBefore[17] = "";
  long long tBefore = 0;
  if( f->beforeMeetingId>0 && !meeting_start(db, f->beforeMeetingId, unitId, zBefore, &tBefore) ){
    return 0;
  }
  /* Each walk reads the unit's actions in id order from the keyset on,
  ** through an index that holds only rows of the status asked for, and
  ** stops at nMax matches: a page costs the same however long the log.
  **   any status         action_unit_id (unit_id, id)
  **   open, or overdue   action_unit_open (unit_id, id) WHERE open or in progress
  **   one other status   action_unit (unit_id, status, id) */
  bool bOpen = (f->zStatus && strcmp(f->zStatus, "open")==0) || (!f->zStatus && f->bOverdue);
  struct stmt *s;
  if( bOpen ){
    s = db_prepare(db,
      "SELECT " ACTION_COLS ACTION_FROM
      " WHERE a.unit_id=?1 AND a.id>?2 AND a.status IN ('open','in_progress')"
      "   AND (CAST(?3 AS TEXT) IS NULL OR ?3='open' OR a.status=?3)"
      ACTION_FILTERS);
  }else if( f->zStatus ){
    s = db_prepare(db,
      "SELECT " ACTION_COLS ACTION_FROM
      " WHERE a.unit_id=?1 AND a.status=?3 AND a.id>?2"
      ACTION_FILTERS);
  }else{
    s = db_prepare(db,
      "SELECT " ACTION_COLS ACTION_FROM
      " WHERE a.unit_id=?1 AND a.id>?2 AND CAST(?3 AS TEXT) IS NULL"
      ACTION_FILTERS);
  }
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, f->afterId);
  stmt_bind_text(s, 3, f->zStatus);
  stmt_bind_int(s, 4, f->bOverdue ? 1 : 0);
  stmt_bind_text(s, 5, zToday);
  stmt_bind_int(s, 6, f->leadPersonId);
  stmt_bind_text(s, 7, zBefore[0] ? zBefore : 0);
  stmt_bind_int(s, 8, tBefore);
  stmt_bind_int(s, 9, f->nMax>0 ? f->nMax : 25);
  stmt_bind_int(s, 10, f->meetingId);
  struct action *a = xmalloc(sizeof *a);
  int n = 0;
  while( stmt_step(s)==1 ){
    action_from_row(s, zToday, a);
    x(pCtx, a);
    n++;
  }
  stmt_done(s);
  free(a);
  return n;
}

int action_count(struct db *db, long long unitId, const struct action_filter *f, const char *zToday){
  bool bOpen = (f->zStatus && strcmp(f->zStatus, "open")==0) || (!f->zStatus && f->bOverdue);
  if( bOpen && !f->bOverdue && f->leadPersonId<=0 ){
    /* The action log's default view: its open actions alone, counted in
    ** the partial index of open actions, never reading the closed ones. */
    struct stmt *s = db_prepare(db,
      "SELECT count(*) FROM action WHERE unit_id=?1 AND status IN ('open','in_progress')");
    stmt_bind_int(s, 1, unitId);
    int n = stmt_step(s)==1 ? (int)stmt_int(s, 0) : -1;
    stmt_done(s);
    return n;
  }
  if( f->zStatus && !bOpen && !f->bOverdue && f->leadPersonId<=0 ){
    /* One status alone ("done"): a range of the index on (unit, status). */
    struct stmt *s = db_prepare(db, "SELECT count(*) FROM action WHERE unit_id=?1 AND status=?2");
    stmt_bind_int(s, 1, unitId);
    stmt_bind_text(s, 2, f->zStatus);
    int n = stmt_step(s)==1 ? (int)stmt_int(s, 0) : -1;
    stmt_done(s);
    return n;
  }
  struct stmt *s = db_prepare(db,
    "SELECT count(*) FROM action a"
    " WHERE a.unit_id=?1"
    "   AND (?2=0 OR a.status IN ('open','in_progress'))"
    "   AND (CAST(?3 AS TEXT) IS NULL OR ?3='open' OR a.status=?3)"
    "   AND (?4=0 OR (a.due_on<?5 AND a.status IN ('open','in_progress')))"
    "   AND (?6=0 OR a.lead_person_id=?6)");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, bOpen ? 1 : 0);
  stmt_bind_text(s, 3, f->zStatus);
  stmt_bind_int(s, 4, f->bOverdue ? 1 : 0);
  stmt_bind_text(s, 5, zToday);
  stmt_bind_int(s, 6, f->leadPersonId);
  int n = stmt_step(s)==1 ? (int)stmt_int(s, 0) : -1;
  stmt_done(s);
  return n;
}

long long action_user_person(struct db *db, long long userId){
  struct stmt *s = db_prepare(db, "SELECT person_id FROM app_user WHERE id=?1");
  stmt_bind_int(s, 1, userId);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

int action_list_led_by(struct db *db, const struct user *u, long long personId,
                       const struct action_filter *f, const char *zToday, action_cb x, void *pCtx){
  if( personId<=0 ) return 0;
  /* Rows are read in id order and those of units the user may not read
  ** are skipped; the answer to each unit is remembered. */
  struct { long long id; bool b; } aSeen[32];
  int nSeen = 0;
  int nMax = f->nMax>0 ? f->nMax : 25;
  struct action *a = xmalloc(sizeof *a);
  int n = 0;
  long long afterId = f->afterId;
  for(bool bMore = true; bMore && n<nMax; ){
    bMore = false;
    /* Read in batches so that access checks (other statements) never run
    ** while this one is part-way through. */
    long long aId[64];
    int nId = 0;
    struct stmt *s = db_prepare(db,
      "SELECT a.id, a.unit_id FROM action a"
      " WHERE a.lead_person_id=?1 AND a.id>?2"
      "   AND (CAST(?3 AS TEXT) IS NULL OR a.status=?3 OR (?3='open' AND a.status='in_progress'))"
      "   AND (?4=0 OR (a.due_on<?5 AND a.status IN ('open','in_progress')))"
      " ORDER BY a.id LIMIT 64");
    stmt_bind_int(s, 1, personId);
    stmt_bind_int(s, 2, afterId);
    stmt_bind_text(s, 3, f->zStatus);
    stmt_bind_int(s, 4, f->bOverdue ? 1 : 0);
    stmt_bind_text(s, 5, zToday);
    long long aUnit[64];
    while( nId<64 && stmt_step(s)==1 ){
      aId[nId] = stmt_int(s, 0);
      aUnit[nId] = stmt_int(s, 1);
      nId++;
    }
    stmt_done(s);
    if( nId==64 ) bMore = true;
    for(int i=0; i<nId && n<nMax; i++){
      afterId = aId[i];
      int j;
      for(j=0; j<nSeen && aSeen[j].id!=aUnit[i]; j++){}
      bool bRead;
      if( j<nSeen ) bRead = aSeen[j].b;
      else{
        bRead = access_can_read(db, u, aUnit[i], zToday);
        if( nSeen<32 ){ aSeen[nSeen].id = aUnit[i]; aSeen[nSeen].b = bRead; nSeen++; }
      }
      if( !bRead || !action_get(db, aId[i], zToday, a) ) continue;
      x(pCtx, a);
      n++;
    }
  }
  free(a);
  return n;
}

int action_progress_list(struct db *db, long long actionId, progress_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT p.noted_on, p.note, COALESCE(u.name,'')"
    "  FROM action_progress p LEFT JOIN app_user u ON u.id=p.user_id"
    " WHERE p.action_id=?1 ORDER BY p.id");
  stmt_bind_int(s, 1, actionId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_text(s, 0), stmt_text(s, 1), stmt_text(s, 2));
    n++;
  }
  stmt_done(s);
  return n;
}

int action_meeting_options(struct db *db, long long unitId, int nMax, action_meeting_cb x, void *pCtx){
  /* Copied out first: the callback may run other statements. */
  struct opt { long long id; char zStart[17]; char zTitle[201]; };
  if( nMax<=0 ) return 0;
  struct opt *a = xcalloc((size_t)nMax, sizeof *a);
  int n = 0;
  struct stmt *s = db_prepare(db,
    "SELECT id, starts_at, title FROM meeting WHERE unit_id=?1 AND status<>'cancelled'"
    " ORDER BY starts_at DESC, id DESC LIMIT ?2");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, nMax);
  while( n<nMax && stmt_step(s)==1 ){
    a[n].id = stmt_int(s, 0);
    text_copy(a[n].zStart, sizeof a[n].zStart, stmt_text(s, 1));
    text_copy(a[n].zTitle, sizeof a[n].zTitle, stmt_text(s, 2));
    n++;
  }
  stmt_done(s);
  for(int i=0; i<n; i++) x(pCtx, a[i].id, a[i].zStart, a[i].zTitle);
  free(a);
  return n;
}

/* ---- who may change an action, and changing its text and lead ------------- */

enum action_access action_access(struct db *db, const struct user *u, const struct action *a, const char *zToday){
  if( !u || u->id<=0 || !access_can_read(db, u, a->unitId, zToday) ) return ACTION_ACCESS_NONE;
  if( access_can_write(db, u, a->unitId, zToday) ) return ACTION_ACCESS_WRITE;
  long long personId = action_user_person(db, u->id);
  return personId>0 && personId==a->leadPersonId ? ACTION_ACCESS_LEAD : ACTION_ACCESS_READ;
}

long long action_edit(struct db *db, const struct user *u, long long actionId, const char *zDescription,
                      const char *zLeadPersonId, const char *zReason, const char *zToday, struct field_errors *e){
  struct action *old = xmalloc(sizeof *old);
  struct action *neu = xmalloc(sizeof *neu);
  long long rc = 0;
  if( !db_begin(db) ){ field_errors_add(e, "description", "error.not_saved"); goto done; }
  if( !action_get(db, actionId, zToday, old) || action_access(db, u, old, zToday)!=ACTION_ACCESS_WRITE ){
    rc = field_errors_refuse_in_tx(db, e, "description", "error.not_saved");
    goto done;
  }
  if( text_blank(zDescription) ) field_errors_add(e, "description", "error.action_required");
  else check_long_text(e, "description", zDescription, "error.action_too_long");
  long long lead = 0;
  if( text_blank(zLeadPersonId) ){
    field_errors_add(e, "lead", "error.lead_required");
  }else if( !text_to_int(zLeadPersonId, 1, (long long)1<<53, &lead) ){
    field_errors_add(e, "lead", "error.lead_not_member");
  }else if( lead!=old->leadPersonId && !member_on_date(db, old->unitId, lead, zToday) ){
    /* A new lead is a member now; the lead it has may stay after leaving. */
    field_errors_add(e, "lead", "error.lead_not_member");
  }
  /* Raised at a meeting whose minutes are approved, it is part of the
  ** locked record: a change is a correction with its reason (record.h). */
  enum record_state st = RECORD_OPEN;
  enum record_write w = RECORD_WRITE;
  if( old->meetingId>0 && !record_state_of(db, old->meetingId, 0, &st) ) field_errors_add(e, "description", "error.not_saved");
  if( st==RECORD_LOCKED ) w = record_may_write(db, old->meetingId, "description", zReason, e);
  if( !field_errors_checked_in_tx(db, e, 0, "description", "error.not_saved") ) goto done;
  if( strcmp(old->zDescription, zDescription)==0 && lead==old->leadPersonId ){
    db_rollback(db);
    rc = actionId;             /* nothing to change */
    goto done;
  }
  struct stmt *s = db_prepare(db, "UPDATE action SET description=?1, lead_person_id=?2, updated_at=?3 WHERE id=?4");
  stmt_bind_text(s, 1, zDescription);
  stmt_bind_int(s, 2, lead);
  stmt_bind_int(s, 3, (long long)time(0));
  stmt_bind_int(s, 4, actionId);
  bool ok = stmt_exec(s) && action_get(db, actionId, zToday, neu);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    action_audit_json(&bOld, old, 0);
    action_audit_json(&bNew, neu, 0);
    if( w==RECORD_CORRECT ){
      ok = record_correction(db, u, old->meetingId, "action", actionId, buf_cstr(&bOld), buf_cstr(&bNew), zReason);
      /* Its audit entry keeps the reason too, as the minutes' do. */
      bool bFirst = false;
      bNew.n--;                  /* reopened: action_audit_json ends with '}' */
      json_kv_str(&bNew, &bFirst, "correction_reason", zReason);
      buf_putc(&bNew, '}');
    }
    if( ok ) ok = audit_record(db, u, "update", "action", actionId, old->unitId, buf_cstr(&bOld), buf_cstr(&bNew));
    /* A new lead is told the action is now theirs. */
    if( ok && lead!=old->leadPersonId ) ok = notify_action_lead(db, u, neu);
    buf_free(&bOld);
    buf_free(&bNew);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "description", "error.not_saved");
    goto done;
  }
  rc = actionId;
done:
  free(old);
  free(neu);
  return rc;
}
