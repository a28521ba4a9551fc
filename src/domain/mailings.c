/* Scheduled mailings: see mailings.h. */
#include "domain/mailings.h"
#include "domain/project_tolerance.h"
#include "domain/audit.h"
#include "domain/meeting.h"
#include "domain/notices.h"
#include "domain/outbox.h"
#include "util/buf.h"
#include "util/text.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the clock ------------------------------------------------------------- */

void mailings_clock(long long now, struct mailings_clock *c){
  memset(c, 0, sizeof *c);
  time_t t = (time_t)now;
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(c->zDate, sizeof c->zDate, "%Y-%m-%d", &tm);
  strftime(c->zLocal, sizeof c->zLocal, "%Y-%m-%dT%H:%M", &tm);
  strftime(c->zWeek, sizeof c->zWeek, "%G-W%V", &tm);
  c->hour = tm.tm_hour;
  c->wday = tm.tm_wday;
  mailings_add_days(c->zDate, -((tm.tm_wday+6)%7), c->zMonday);
}

void mailings_add_days(const char *zDate, int n, char zOut[11]){
  /* Calendar arithmetic at noon UTC: no clock change gets in the way. */
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(zDate) - 1900;
  tm.tm_mon = atoi(zDate+5) - 1;
  tm.tm_mday = atoi(zDate+8) + n;
  tm.tm_hour = 12;
  time_t t = timegm(&tm);
  gmtime_r(&t, &tm);
  strftime(zOut, 11, "%Y-%m-%d", &tm);
}

bool mailings_parse_local(const char *z, long long *pOut){
  if( !z || strlen(z)!=16 || z[10]!='T' || z[13]!=':' ) return false;
  char zDate[11], zTime[6];
  memcpy(zDate, z, 10); zDate[10] = 0;
  memcpy(zTime, z+11, 5); zTime[5] = 0;
  if( !text_is_date(zDate) || !text_is_time(zTime) ) return false;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(zDate) - 1900;
  tm.tm_mon = atoi(zDate+5) - 1;
  tm.tm_mday = atoi(zDate+8);
  tm.tm_hour = atoi(zTime);
  tm.tm_min = atoi(zTime+3);
  tm.tm_isdst = -1;
  time_t t = mktime(&tm);
  if( t==(time_t)-1 ) return false;
  *pOut = (long long)t;
  return true;
}

bool mailings_weekly_due(const struct mailings_clock *c){
  if( c->wday==1 ) return c->hour>=7;
  return c->wday>=2 && c->wday<=5;
}

bool mailings_daily_due(const struct mailings_clock *c){
  return c->hour>=7;
}

bool mailings_call_due(const char *zDeadline, int nDays, const struct mailings_clock *c){
  if( !zDeadline || strlen(zDeadline)<16 || strcmp(c->zLocal, zDeadline)>=0 ) return false;
  char zDay[11], zOpens[11];
  snprintf(zDay, sizeof zDay, "%.10s", zDeadline);
  mailings_add_days(zDay, -nDays, zOpens);
  int cmp = strcmp(c->zDate, zOpens);
  return cmp>0 || (cmp==0 && c->hour>=7);
}

/* ---- running ---------------------------------------------------------------- */

enum mailings_job mailings_job_parse(const char *z){
  if( !z ) return 0;
  if( strcmp(z, "call-for-items")==0 ) return JOB_CALL_FOR_ITEMS;
  if( strcmp(z, "weekly-reminder")==0 ) return JOB_WEEKLY_REMINDER;
  if( strcmp(z, "lead-digest")==0 ) return JOB_LEAD_DIGEST;
  if( strcmp(z, "daily-digest")==0 ) return JOB_DAILY_DIGEST;
  if( strcmp(z, "project-tolerances")==0 ) return JOB_PROJECT_TOLERANCES;
  return 0;
}

static void say(FILE *pLog, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
static void say(FILE *pLog, const char *zFmt, ...){
  if( !pLog ) return;
  va_list ap;
  va_start(ap, zFmt);
  vfprintf(pLog, zFmt, ap);
  va_end(ap);
  fputc('\n', pLog);
}

/* Who the audit log names for what the schedule does. */
static void schedule_actor(struct user *u){
  memset(u, 0, sizeof *u);
  snprintf(u->zName, sizeof u->zName, "carecluster");
  snprintf(u->zEmail, sizeof u->zEmail, "%s", outbox_from()[0] ? outbox_from() : "scheduled mailing");
}

/* Begin a job's transaction and claim its period: true when it is ours
** to do (the transaction open), false when done already or on failure
** (nothing open). */
static bool job_begin(struct db *db, const char *zName, const char *zPeriod, long long now, bool *pFailed){
  *pFailed = false;
  /* Most runs find the period done: a read says so without taking the
  ** write lock (the claim inside the transaction still decides). */
  struct stmt *s = db_prepare(db, "SELECT 1 FROM mail_job WHERE name=? AND period=?");
  stmt_bind_text(s, 1, zName);
  stmt_bind_text(s, 2, zPeriod);
  int rc = stmt_step(s);
  stmt_done(s);
  if( rc!=0 ){ *pFailed = rc<0; return false; }
  if( !db_begin(db) ){ *pFailed = true; return false; }
  if( !outbox_job_claim(db, zName, zPeriod, now) ){
    *pFailed = db_tx_failed(db);
    db_rollback(db);
    return false;
  }
  return true;
}

static bool job_end(struct db *db, bool ok){
  if( ok && db_commit(db) ) return true;
  db_rollback(db);
  return false;
}

/* ---- call for items ------------------------------------------------------------ */

static bool run_calls(struct db *db, const struct mailings_clock *c, FILE *pLog){
  long long nDays = setting_get_int(db, SETTING_CALL_DAYS, 7);
  if( nDays<0 ) nDays = 0;
  if( nDays>90 ) nDays = 90;
  char zLast[11], zBefore[17];
  mailings_add_days(c->zDate, (int)nDays+1, zLast);
  snprintf(zBefore, sizeof zBefore, "%sT00:00", zLast);
  struct stmt *s = db_prepare(db,
    "SELECT id FROM meeting WHERE status='scheduled' AND call_sent_at IS NULL"
    "   AND items_deadline IS NOT NULL AND items_deadline>?1 AND items_deadline<?2 AND starts_at>?1"
    " ORDER BY items_deadline, id LIMIT 200");
  stmt_bind_text(s, 1, c->zLocal);
  stmt_bind_text(s, 2, zBefore);
  long long aId[200];
  int n = 0;
  while( n<200 && stmt_step(s)==1 ) aId[n++] = stmt_int(s, 0);
  stmt_done(s);
  bool okAll = true;
  int nSent = 0;
  struct user sys;
  schedule_actor(&sys);
  for(int i=0; i<n; i++){
    struct meeting m;
    if( !meeting_load(db, aId[i], &m) || !mailings_call_due(m.zItemsDeadline, (int)nDays, c) ) continue;
    if( !db_begin(db) ){ okAll = false; continue; }
    /* Once: the marker is set in the transaction that queues the call. */
    s = db_prepare(db, "UPDATE meeting SET call_sent_at=?1 WHERE id=?2 AND call_sent_at IS NULL RETURNING id");
    stmt_bind_int(s, 1, (long long)time(0));
    stmt_bind_int(s, 2, m.id);
    int rc = stmt_step(s);
    stmt_done(s);
    if( rc!=1 ){ db_rollback(db); okAll = okAll && rc==0; continue; }
    bool ok = audit_record(db, &sys, "update", "meeting", m.id, m.unitId,
                           "{\"call_for_items\":null}", "{\"call_for_items\":\"sent\"}")
           && notices_call_for_items(db, &m, c->zDate);
    if( job_end(db, ok) ){
      nSent++;
      say(pLog, "call-for-items: meeting %lld (%s, %s)", m.id, m.zTitle, m.zStartsAt);
    }else okAll = false;
  }
  if( nSent==0 ) say(pLog, "call-for-items: nothing due");
  return okAll;
}

/* ---- the weekly reminder ------------------------------------------------------ */

static bool run_weekly(struct db *db, long long now, const struct mailings_clock *c, FILE *pLog){
  if( !mailings_weekly_due(c) ){ say(pLog, "weekly-reminder: not due (Monday from 07:00 to Friday)"); return true; }
  bool bFailed;
  if( !job_begin(db, "weekly-reminder", c->zWeek, now, &bFailed) ){
    if( !bFailed ) say(pLog, "weekly-reminder %s: done already", c->zWeek);
    return !bFailed;
  }
  char zSoon[11];
  mailings_add_days(c->zDate, 14, zSoon);
  struct stmt *s = db_prepare(db,
    "SELECT a.id, a.ref, a.description, a.due_on, a.lead_person_id, u.name, COALESCE(u.name_cy,'')"
    "  FROM action a JOIN unit u ON u.id=a.unit_id"
    " WHERE a.status IN ('open','in_progress') AND a.due_on IS NOT NULL AND a.due_on<=?1"
    "   AND a.lead_person_id IS NOT NULL"
    " ORDER BY a.lead_person_id, a.due_on, a.id");
  stmt_bind_text(s, 1, zSoon);
  struct notices_action *a = 0;
  long long *aPerson = 0;
  int n = 0, nAlloc = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    if( n==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 64;
      a = xrealloc(a, sizeof(a[0])*(size_t)nAlloc);
      aPerson = xrealloc(aPerson, sizeof(aPerson[0])*(size_t)nAlloc);
    }
    memset(&a[n], 0, sizeof a[n]);
    a[n].id = stmt_int(s, 0);
    text_copy(a[n].zRef, sizeof a[n].zRef, stmt_text(s, 1));
    a[n].zDescription = xstrdup(stmt_text(s, 2));
    text_copy(a[n].zDue, sizeof a[n].zDue, stmt_text(s, 3));
    aPerson[n] = stmt_int(s, 4);
    text_copy(a[n].zUnitName, sizeof a[n].zUnitName, stmt_text(s, 5));
    text_copy(a[n].zUnitNameCy, sizeof a[n].zUnitNameCy, stmt_text(s, 6));
    n++;
  }
  stmt_done(s);
  bool ok = rc==0;
  int nPeople = 0;
  for(int i=0; ok && i<n; ){
    int j = i;
    while( j<n && aPerson[j]==aPerson[i] ) j++;
    ok = notices_weekly_reminder(db, aPerson[i], a+i, j-i, c->zDate, c->zMonday);
    nPeople++;
    i = j;
  }
  for(int i=0; i<n; i++) free((char*)a[i].zDescription);
  free(a);
  free(aPerson);
  ok = job_end(db, ok);
  if( ok ) say(pLog, "weekly-reminder %s: %d people", c->zWeek, nPeople);
  return ok;
}

/* ---- the cluster lead's digest ------------------------------------------------ */

struct audit_row {
  long long userId, entityId, unitId;
  char zAction[8], zEntity[16];
  char *zNew;
};

/* The kind of change an audit entry is, or -1 for one the digest leaves out. */
static int change_kind(const struct audit_row *r){
  const char *zNew = r->zNew ? r->zNew : "";
  if( strcmp(r->zEntity, "action")==0 ){
    if( strcmp(r->zAction, "create")==0 ) return CHANGE_ACTION_ADDED;
    if( strcmp(r->zAction, "update")!=0 ) return -1;
    if( strstr(zNew, "\"status\":\"done\"") ) return CHANGE_ACTION_DONE;
    if( strstr(zNew, "\"status\":\"cancelled\"") ) return CHANGE_ACTION_CANCELLED;
    return CHANGE_ACTION_UPDATED;
  }
  if( strcmp(r->zEntity, "agenda_item")==0 ){
    if( strcmp(r->zAction, "create")==0 ) return strstr(zNew, "\"status\":\"proposed\"") ? CHANGE_PROPOSED : -1;
    if( strcmp(r->zAction, "update")!=0 ) return -1;
    if( strstr(zNew, "\"status\":\"accepted\"") ) return CHANGE_ACCEPTED;
    if( strstr(zNew, "\"status\":\"declined\"") ) return CHANGE_DECLINED;
    return -1;
  }
  if( strcmp(r->zEntity, "decision")==0 ) return strcmp(r->zAction, "create")==0 ? CHANGE_DECISION : -1;
  if( strcmp(r->zEntity, "meeting")==0 ){
    return strcmp(r->zAction, "update")==0 && strstr(zNew, "\"minutes_status\":\"approved\"")
           ? CHANGE_MINUTES_APPROVED : -1;
  }
  return -1;
}

/* What a change is about, from the record as it is now: false when it is gone. */
static bool change_load(struct db *db, struct notices_change *ch){
  struct stmt *s;
  bool ok = false;
  switch( ch->kind ){
    case CHANGE_ACTION_ADDED: case CHANGE_ACTION_UPDATED: case CHANGE_ACTION_DONE: case CHANGE_ACTION_CANCELLED:
      s = db_prepare(db, "SELECT ref, description FROM action WHERE id=?");
      stmt_bind_int(s, 1, ch->id);
      if( (ok = stmt_step(s)==1) ){
        text_copy(ch->zRef, sizeof ch->zRef, stmt_text(s, 0));
        ch->zText = xstrdup(stmt_text(s, 1));
        snprintf(ch->zPath, sizeof ch->zPath, "/actions/%lld", ch->id);
      }
      stmt_done(s);
      return ok;
    case CHANGE_PROPOSED: case CHANGE_ACCEPTED: case CHANGE_DECLINED:
      s = db_prepare(db,
        "SELECT a.title, a.restricted, m.id, m.title, m.starts_at FROM agenda_item a"
        "  JOIN meeting m ON m.id=a.meeting_id WHERE a.id=?");
      break;
    case CHANGE_DECISION:
      s = db_prepare(db,
        "SELECT d.text, a.restricted, m.id, m.title, m.starts_at, a.id FROM decision d"
        "  JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id WHERE d.id=?");
      break;
    case CHANGE_MINUTES_APPROVED:
      s = db_prepare(db, "SELECT '', 0, id, title, starts_at FROM meeting WHERE id=?");
      break;
    default:
      return false;
  }
  stmt_bind_int(s, 1, ch->id);
  if( (ok = stmt_step(s)==1) ){
    ch->zText = xstrdup(stmt_text(s, 0));
    ch->bRestricted = stmt_int(s, 1)!=0;
    long long meetingId = stmt_int(s, 2);
    text_copy(ch->zMeetingTitle, sizeof ch->zMeetingTitle, stmt_text(s, 3));
    text_copy(ch->zMeetingStart, sizeof ch->zMeetingStart, stmt_text(s, 4));
    long long itemId = ch->kind==CHANGE_DECISION ? stmt_int(s, 5) : ch->id;
    if( ch->kind==CHANGE_MINUTES_APPROVED ) snprintf(ch->zPath, sizeof ch->zPath, "/meetings/%lld/minutes", meetingId);
    else snprintf(ch->zPath, sizeof ch->zPath, "/meetings/%lld/items/%lld", meetingId, itemId);
  }
  stmt_done(s);
  return ok;
}

/* Is unit within scope: each pair asked of the database once a run (the
** units changed in a day, times the leads), remembered in a hash table. */
struct within_cache { long long *aUnit, *aScope; signed char *aIn; int nSlot, n; };
static bool within(struct db *db, struct within_cache *w, long long unitId, long long scopeId, const char *zToday){
  if( w->n*2>=w->nSlot ){
    struct within_cache x = { 0, 0, 0, w->nSlot ? 2*w->nSlot : 256, 0 };
    x.aUnit = xmalloc(sizeof(x.aUnit[0])*(size_t)x.nSlot);
    x.aScope = xmalloc(sizeof(x.aScope[0])*(size_t)x.nSlot);
    x.aIn = xmalloc((size_t)x.nSlot);
    memset(x.aIn, -1, (size_t)x.nSlot);
    for(int i=0; i<w->nSlot; i++){
      if( w->aIn[i]<0 ) continue;
      unsigned h = (unsigned)((unsigned long long)(w->aUnit[i]*31 + w->aScope[i]) % (unsigned)x.nSlot);
      while( x.aIn[h]>=0 ) h = (h+1) % (unsigned)x.nSlot;
      x.aUnit[h] = w->aUnit[i]; x.aScope[h] = w->aScope[i]; x.aIn[h] = w->aIn[i];
      x.n++;
    }
    free(w->aUnit); free(w->aScope); free(w->aIn);
    *w = x;
  }
  unsigned h = (unsigned)((unsigned long long)(unitId*31 + scopeId) % (unsigned)w->nSlot);
  while( w->aIn[h]>=0 ){
    if( w->aUnit[h]==unitId && w->aScope[h]==scopeId ) return w->aIn[h]!=0;
    h = (h+1) % (unsigned)w->nSlot;
  }
  bool b = access_is_within(db, unitId, scopeId, zToday);
  w->aUnit[h] = unitId; w->aScope[h] = scopeId; w->aIn[h] = b ? 1 : 0;
  w->n++;
  return b;
}
static void within_free(struct within_cache *w){
  free(w->aUnit); free(w->aScope); free(w->aIn);
  memset(w, 0, sizeof *w);
}

#define LEAD_DIGEST_ROWS_MAX 20000   /* audit entries read for one run */

static bool run_lead_digest(struct db *db, long long now, const struct mailings_clock *c, FILE *pLog){
  if( !mailings_daily_due(c) ){ say(pLog, "lead-digest: not due (from 07:00)"); return true; }
  bool bFailed;
  if( !job_begin(db, "lead-digest", c->zDate, now, &bFailed) ){
    if( !bFailed ) say(pLog, "lead-digest %s: done already", c->zDate);
    return !bFailed;
  }
  /* Since the last digest, at most a week back; the last day the first time. */
  struct stmt *s = db_prepare(db,
    "SELECT COALESCE(MAX(done_at),0) FROM mail_job WHERE name='lead-digest' AND period<>?1 AND done_at<?2");
  stmt_bind_text(s, 1, c->zDate);
  stmt_bind_int(s, 2, now);
  long long since = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  if( since<=0 ) since = now - 24*3600;
  if( since<now - 7*24*3600 ) since = now - 7*24*3600;

  s = db_prepare(db,
    "SELECT COALESCE(a.user_id,0), a.action, a.entity, a.entity_id, a.unit_id, a.new_values FROM audit_log a"
    " WHERE a.at>?1 AND a.at<=?2 AND a.entity IN ('action','agenda_item','decision','meeting')"
    "   AND a.unit_id IS NOT NULL AND a.entity_id IS NOT NULL ORDER BY a.id LIMIT ?3");
  stmt_bind_int(s, 1, since);
  stmt_bind_int(s, 2, now);
  stmt_bind_int(s, 3, LEAD_DIGEST_ROWS_MAX);
  struct audit_row *aRow = 0;
  int nRow = 0, nAlloc = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct audit_row r;
    memset(&r, 0, sizeof r);
    r.userId = stmt_int(s, 0);
    text_copy(r.zAction, sizeof r.zAction, stmt_text(s, 1));
    text_copy(r.zEntity, sizeof r.zEntity, stmt_text(s, 2));
    r.entityId = stmt_int(s, 3);
    r.unitId = stmt_int(s, 4);
    r.zNew = (char*)stmt_text(s, 5);
    if( change_kind(&r)<0 ) continue;
    r.zNew = xstrdup(r.zNew);
    if( nRow==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 64; aRow = xrealloc(aRow, sizeof(aRow[0])*(size_t)nAlloc); }
    aRow[nRow++] = r;
  }
  stmt_done(s);
  bool ok = rc==0;

  /* The leads. */
  struct lead { long long id, scope; char zName[201], zNameCy[201], zSlug[81]; } *aLead = 0;
  int nLead = 0;
  if( ok ){
    s = db_prepare(db,
      "SELECT u.id, u.scope_unit_id, n.name, COALESCE(n.name_cy,''), n.slug FROM app_user u"
      "  JOIN unit n ON n.id=u.scope_unit_id WHERE u.role='cluster_lead' AND u.disabled=0 ORDER BY u.id");
    int nLeadAlloc = 0;
    while( (rc = stmt_step(s))==1 ){
      if( nLead==nLeadAlloc ){ nLeadAlloc = nLeadAlloc ? 2*nLeadAlloc : 16; aLead = xrealloc(aLead, sizeof(aLead[0])*(size_t)nLeadAlloc); }
      aLead[nLead].id = stmt_int(s, 0);
      aLead[nLead].scope = stmt_int(s, 1);
      text_copy(aLead[nLead].zName, sizeof aLead[nLead].zName, stmt_text(s, 2));
      text_copy(aLead[nLead].zNameCy, sizeof aLead[nLead].zNameCy, stmt_text(s, 3));
      text_copy(aLead[nLead].zSlug, sizeof aLead[nLead].zSlug, stmt_text(s, 4));
      nLead++;
    }
    stmt_done(s);
    ok = rc==0;
  }

  struct within_cache w;
  memset(&w, 0, sizeof w);
  int nSent = 0;
  struct notices_change *aCh = nRow ? xmalloc(sizeof(aCh[0])*(size_t)nRow) : 0;
  for(int k=0; ok && k<nLead; k++){
    int nCh = 0;
    for(int i=0; i<nRow; i++){
      const struct audit_row *r = &aRow[i];
      if( r->userId==aLead[k].id || !within(db, &w, r->unitId, aLead[k].scope, c->zDate) ) continue;
      int kind = change_kind(r);
      /* One line a record: its latest change, but an action added and then
      ** updated the same day is "added". */
      bool bAction = kind<=CHANGE_ACTION_CANCELLED, bItem = kind>=CHANGE_PROPOSED && kind<=CHANGE_DECLINED;
      int j;
      for(j=0; j<nCh; j++){
        bool bSame = aCh[j].id==r->entityId
          && ((bAction && aCh[j].kind<=CHANGE_ACTION_CANCELLED)
              || (bItem && aCh[j].kind>=CHANGE_PROPOSED && aCh[j].kind<=CHANGE_DECLINED)
              || (!bAction && !bItem && (int)aCh[j].kind==kind));
        if( bSame ) break;
      }
      if( j<nCh ){
        if( !(aCh[j].kind==CHANGE_ACTION_ADDED && kind==CHANGE_ACTION_UPDATED) ) aCh[j].kind = kind;
        continue;
      }
      memset(&aCh[nCh], 0, sizeof aCh[nCh]);
      aCh[nCh].kind = kind;
      aCh[nCh].id = r->entityId;
      nCh++;
    }
    /* What each is about, as it is now. */
    int nKept = 0;
    for(int j=0; j<nCh; j++){
      struct notices_change ch = aCh[j];
      if( change_load(db, &ch) ) aCh[nKept++] = ch;
    }
    if( nKept ){
      ok = notices_lead_digest(db, aLead[k].id, aLead[k].zName, aLead[k].zNameCy, aLead[k].zSlug,
                               aCh, nKept, since, c->zDate);
      nSent++;
    }
    for(int j=0; j<nKept; j++) free(aCh[j].zText);
  }
  free(aCh);
  within_free(&w);
  for(int i=0; i<nRow; i++) free(aRow[i].zNew);
  free(aRow);
  free(aLead);
  ok = job_end(db, ok);
  if( ok ) say(pLog, "lead-digest %s: %d leads", c->zDate, nSent);
  return ok;
}

/* ---- the daily digest ----------------------------------------------------------- */

static bool run_daily_digest(struct db *db, long long now, const struct mailings_clock *c, FILE *pLog){
  if( !mailings_daily_due(c) ){ say(pLog, "daily-digest: not due (from 07:00)"); return true; }
  bool bFailed;
  if( !job_begin(db, "daily-digest", c->zDate, now, &bFailed) ){
    if( !bFailed ) say(pLog, "daily-digest %s: done already", c->zDate);
    return !bFailed;
  }
  struct stmt *s = db_prepare(db,
    "SELECT DISTINCT person_id FROM outbox WHERE status='held' AND person_id IS NOT NULL ORDER BY person_id");
  long long *a = 0;
  int n = 0, nAlloc = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 32; a = xrealloc(a, sizeof(a[0])*(size_t)nAlloc); }
    a[n++] = stmt_int(s, 0);
  }
  stmt_done(s);
  bool ok = rc==0;
  int nPeople = 0;
  for(int i=0; ok && i<n; i++){
    int nGathered = 0;
    ok = notices_daily_digest(db, a[i], &nGathered);
    if( nGathered ) nPeople++;
  }
  free(a);
  ok = job_end(db, ok);
  if( ok ) say(pLog, "daily-digest %s: %d people", c->zDate, nPeople);
  return ok;
}

/* Every open project's tolerances (project_tolerance.h), once a day. */
static bool run_project_tolerances(struct db *db, long long now, const struct mailings_clock *c, FILE *pLog){
  if( !mailings_daily_due(c) ){ say(pLog, "project-tolerances: not due (from 07:00)"); return true; }
  int n = 0;
  bool ok = project_tolerance_sweep(db, c->zDate, now, &n);
  if( !ok ) say(pLog, "project-tolerances %s: failed", c->zDate);
  else if( n<0 ) say(pLog, "project-tolerances %s: done already", c->zDate);
  else say(pLog, "project-tolerances %s: %d exception report(s) opened", c->zDate, n);
  return ok;
}

bool mailings_run_jobs(struct db *db, long long now, unsigned mask, FILE *pLog){
  struct mailings_clock c;
  mailings_clock(now, &c);
  bool ok = true;
  if( mask & JOB_CALL_FOR_ITEMS ) ok = run_calls(db, &c, pLog) && ok;
  if( mask & JOB_WEEKLY_REMINDER ) ok = run_weekly(db, now, &c, pLog) && ok;
  if( mask & JOB_LEAD_DIGEST ) ok = run_lead_digest(db, now, &c, pLog) && ok;
  if( mask & JOB_PROJECT_TOLERANCES ) ok = run_project_tolerances(db, now, &c, pLog) && ok;
  if( mask & JOB_DAILY_DIGEST ) ok = run_daily_digest(db, now, &c, pLog) && ok;
  return ok;
}

bool mailings_run(struct db *db, long long now){
  return mailings_run_jobs(db, now, JOB_ALL, 0);
}
