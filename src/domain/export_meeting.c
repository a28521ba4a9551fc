/* iCalendar exports, the calendar feed and its tokens, and publishing
** the agenda pack (see export_meeting.h; the PDF is in export_pdf.c and export_pdf_doc.c). */
#include "domain/export_meeting.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/outbox.h"
#include "domain/unit.h"
#include "util/json.h"
#include "util/text.h"
#include <libical/ical.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define EXPORT_TZID "Europe/London"

/* Europe/London as every calendar program knows it: GMT, and BST from the
** last Sunday of March (01:00 UTC) to the last Sunday of October (01:00
** UTC), the rule in force since 1996. Meetings are arranged well after. */
static const char zLondonTz[] =
  "BEGIN:VTIMEZONE\r\n"
  "TZID:" EXPORT_TZID "\r\n"
  "X-LIC-LOCATION:" EXPORT_TZID "\r\n"
  "BEGIN:DAYLIGHT\r\n"
  "TZNAME:BST\r\n"
  "TZOFFSETFROM:+0000\r\n"
  "TZOFFSETTO:+0100\r\n"
  "DTSTART:19700329T010000\r\n"
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
  "END:DAYLIGHT\r\n"
  "BEGIN:STANDARD\r\n"
  "TZNAME:GMT\r\n"
  "TZOFFSETFROM:+0100\r\n"
  "TZOFFSETTO:+0000\r\n"
  "DTSTART:19701025T020000\r\n"
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
  "END:STANDARD\r\n"
  "END:VTIMEZONE\r\n";


/* ---- iCalendar -------------------------------------------------------- */

/* 'YYYY-MM-DDTHH:MM' as a floating local time (the TZID goes on the property). */
static bool local_time(const char *z, struct icaltimetype *t){
  int y, mo, d, h, mi;
  if( !z || strlen(z)!=16 || z[10]!='T' ) return false;
  if( sscanf(z, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi)!=5 ) return false;
  if( mo<1 || mo>12 || d<1 || d>31 || h<0 || h>23 || mi<0 || mi>59 ) return false;
  *t = icaltime_null_time();
  t->year = y; t->month = mo; t->day = d;
  t->hour = h; t->minute = mi; t->second = 0;
  t->is_date = 0;
  return true;
}

static icaltimetype utc_time(long long t){
  return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

/* The agenda as plain text, one item a line, for the event's description. */
struct desc_ctx { struct buf *b; enum lang lang; int n; };


static void desc_item(void *pCtx, const struct agenda_item *it){
  struct desc_ctx *c = pCtx;
  if( strcmp(it->zStatus, "accepted")!=0 ) return;
  const char *zStd = agenda_title_key(it->zStanding, it->zTitle);
  const char *zTitle = zStd ? i18n_get(c->lang, zStd)
                     : it->zTitle[0] ? it->zTitle : i18n_get(c->lang, "agenda.restricted");
  if( c->n++==0 ) buf_printf(c->b, "\n%s\n", i18n_get(c->lang, "agenda.title"));
  buf_printf(c->b, "%s  %d. %s", it->zStart, it->position, zTitle);
  if( it->zLeadName[0] ) buf_printf(c->b, " – %s: %s", i18n_get(c->lang, "agenda.lead"), it->zLeadName);
  buf_printf(c->b, " (%s)\n", i18n_get(c->lang, agenda_purpose_key(it->zPurpose)));
}

/* Created, last changed, and how many times the meeting was changed
** (its SEQUENCE): 'update' entries of the audit log, except publishing the
** pack and approving the minutes, which do not move the event. */
static void meeting_revision(struct db *db, const struct meeting *m, long long *pCreated,
                             long long *pUpdated, int *pSeq){
  struct stmt *s = db_prepare(db,
    "SELECT m.created_at, m.updated_at,"
    "  (SELECT count(*) FROM audit_log a WHERE a.unit_id=m.unit_id AND a.entity='meeting'"
    "     AND a.entity_id=m.id AND a.action='update'"
    "     AND COALESCE(a.new_values,'') NOT LIKE '{\"pack_published_at\":%'"
    "     AND COALESCE(a.new_values,'') NOT LIKE '{\"minutes_status\":%')"
    " FROM meeting m WHERE m.id=?");
  stmt_bind_int(s, 1, m->id);
  *pCreated = *pUpdated = 0;
  *pSeq = 0;
  if( stmt_step(s)==1 ){
    *pCreated = stmt_int(s, 0);
    *pUpdated = stmt_int(s, 1);
    *pSeq = (int)stmt_int(s, 2);
  }
  stmt_done(s);
}

/* One VEVENT for meeting m, or NULL when its times cannot be read. */
static icalcomponent *meeting_event(struct db *db, const struct user *u, const struct meeting *m,
                                    enum lang lang, long long now){
  struct icaltimetype tStart, tEnd;
  if( !local_time(m->zStartsAt, &tStart) || !local_time(m->zEndsAt, &tEnd) ) return 0;
  long long created, updated;
  int seq;
  meeting_revision(db, m, &created, &updated, &seq);
  bool bCancelled = strcmp(m->zStatus, "cancelled")==0;

  icalcomponent *ev = icalcomponent_new_vevent();
  char zUid[80];
  snprintf(zUid, sizeof zUid, "meeting-%lld@carecluster", m->id);
  icalcomponent_add_property(ev, icalproperty_new_uid(zUid));
  icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(now)));
  if( created>0 ) icalcomponent_add_property(ev, icalproperty_new_created(utc_time(created)));
  if( updated>0 ) icalcomponent_add_property(ev, icalproperty_new_lastmodified(utc_time(updated)));
  icalcomponent_add_property(ev, icalproperty_new_sequence(seq));
  icalproperty *p = icalproperty_new_dtstart(tStart);
  icalproperty_add_parameter(p, icalparameter_new_tzid(EXPORT_TZID));
  icalcomponent_add_property(ev, p);
  p = icalproperty_new_dtend(tEnd);
  icalproperty_add_parameter(p, icalparameter_new_tzid(EXPORT_TZID));
  icalcomponent_add_property(ev, p);

  struct buf b = {0};
  if( bCancelled ) buf_printf(&b, "%s: ", i18n_get(lang, "meeting.status_cancelled"));
  buf_puts(&b, m->zTitle);
  icalcomponent_add_property(ev, icalproperty_new_summary(buf_cstr(&b)));
  buf_reset(&b);
  if( m->zLocation[0] ) icalcomponent_add_property(ev, icalproperty_new_location(m->zLocation));
  else if( m->zOnlineLink[0] ) icalcomponent_add_property(ev, icalproperty_new_location(m->zOnlineLink));
  if( m->zOnlineLink[0] ){
    icalcomponent_add_property(ev, icalproperty_new_url(m->zOnlineLink));
    p = icalproperty_new_conference(m->zOnlineLink);
    icalproperty_add_parameter(p, icalparameter_new_value(ICAL_VALUE_URI));
    icalcomponent_add_property(ev, p);
  }
  buf_printf(&b, "%s\n", unit_name_in(lang, m->zUnitName, m->zUnitNameCy));
  if( m->zOnlineLink[0] ) buf_printf(&b, "%s: %s\n", i18n_get(lang, "meeting.join_online"), m->zOnlineLink);
  struct desc_ctx dc = { &b, lang, 0 };
  agenda_list(db, u, m, false, desc_item, &dc);
  /* No trailing newline: some programs show it as an empty line. */
  while( b.n && b.z[b.n-1]=='\n' ) b.z[--b.n] = 0;
  icalcomponent_add_property(ev, icalproperty_new_description(buf_cstr(&b)));
  buf_free(&b);
  icalcomponent_add_property(ev, icalproperty_new_status(bCancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
  icalcomponent_add_property(ev, icalproperty_new_transp(bCancelled ? ICAL_TRANSP_TRANSPARENT : ICAL_TRANSP_OPAQUE));
  return ev;
}

static icalcomponent *new_calendar(void){
  icalcomponent *cal = icalcomponent_new_vcalendar();
  icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal, icalproperty_new_prodid("-//carecluster//carecluster//EN"));
  icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
  /* No METHOD: these are plain calendar objects, served as text/calendar
  ** without a method parameter (RFC 5545 3.7.2), not iTIP messages. */
  icalcomponent *tz = icalcomponent_new_from_string(zLondonTz);
  if( tz ) icalcomponent_add_component(cal, tz);
  return cal;
}

/* Serialise (folded lines, CRLF, escaped text) into pOut and free cal. */
static void finish_calendar(icalcomponent *cal, struct buf *pOut){
  char *z = icalcomponent_as_ical_string_r(cal);
  if( z ){ buf_puts(pOut, z); free(z); }
  icalcomponent_free(cal);
}

/* ---- invitations ------------------------------------------------------ */

/* "mailto:" and the address, for ORGANIZER and ATTENDEE. */
static void mailto(const char *zEmail, char *zOut, size_t nOut){
  snprintf(zOut, nOut, "mailto:%s", zEmail ? zEmail : "");
}

bool export_meeting_invitation(struct db *db, const struct meeting *m, enum invitation_method method,
                               const struct invitation_person *pOrganizer,
                               const struct invitation_person *aAttendee, int nAttendee,
                               const char *zReason, enum lang lang, struct buf *pOut){
  /* NULL user: an invitation is e-mail, which may be forwarded anywhere,
  ** so a restricted item is a time slot only, as in the circulated pack. */
  icalcomponent *ev = meeting_event(db, 0, m, lang, (long long)time(0));
  if( !ev ) return false;
  bool bCancel = method==INVITATION_CANCEL;
  if( bCancel && strcmp(m->zStatus, "cancelled")!=0 ){
    icalproperty *st = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
    if( st ) icalproperty_set_status(st, ICAL_STATUS_CANCELLED);
  }
  char zAddr[300];
  if( pOrganizer && pOrganizer->zEmail && pOrganizer->zEmail[0] ){
    mailto(pOrganizer->zEmail, zAddr, sizeof zAddr);
    icalproperty *p = icalproperty_new_organizer(zAddr);
    if( pOrganizer->zName && pOrganizer->zName[0] ) icalproperty_add_parameter(p, icalparameter_new_cn(pOrganizer->zName));
    icalcomponent_add_property(ev, p);
  }
  for(int i=0; i<nAttendee; i++){
    mailto(aAttendee[i].zEmail, zAddr, sizeof zAddr);
    icalproperty *p = icalproperty_new_attendee(zAddr);
    if( aAttendee[i].zName && aAttendee[i].zName[0] ) icalproperty_add_parameter(p, icalparameter_new_cn(aAttendee[i].zName));
    icalproperty_add_parameter(p, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
    if( !bCancel ){
      icalproperty_add_parameter(p, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
      icalproperty_add_parameter(p, icalparameter_new_rsvp(ICAL_RSVP_TRUE));
    }
    icalcomponent_add_property(ev, p);
  }
  if( bCancel && zReason && zReason[0] ) icalcomponent_add_property(ev, icalproperty_new_comment(zReason));
  icalcomponent *cal = new_calendar();
  icalcomponent_add_property(cal, icalproperty_new_method(bCancel ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST));
  icalcomponent_add_component(cal, ev);
  finish_calendar(cal, pOut);
  return true;
}

bool export_invitation_organizer(const char *zIcs, char *zEmail, size_t nEmail, char *zName, size_t nName){
  zEmail[0] = 0;
  zName[0] = 0;
  if( !zIcs || !zIcs[0] ) return false;
  icalcomponent *cal = icalparser_parse_string(zIcs);
  if( !cal ) return false;
  icalcomponent *ev = icalcomponent_isa(cal)==ICAL_VEVENT_COMPONENT ? cal
                    : icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
  icalproperty *p = ev ? icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY) : 0;
  const char *z = p ? icalproperty_get_organizer(p) : 0;
  if( z ){
    if( strncasecmp(z, "mailto:", 7)==0 ) z += 7;
    snprintf(zEmail, nEmail, "%s", z);
    icalparameter *cn = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
    if( cn && icalparameter_get_cn(cn) ) snprintf(zName, nName, "%s", icalparameter_get_cn(cn));
  }
  icalcomponent_free(cal);
  return zEmail[0]!=0;
}

bool export_meeting_ics(struct db *db, const struct user *u, const struct meeting *m,
                        enum lang lang, struct buf *pOut){
  icalcomponent *ev = meeting_event(db, u, m, lang, (long long)time(0));
  if( !ev ) return false;
  icalcomponent *cal = new_calendar();
  icalcomponent_add_component(cal, ev);
  finish_calendar(cal, pOut);
  return true;
}

/* The date nMonths from zDate (YYYY-MM-DD), clamped to the month's end. */
static void add_months(const char *zDate, int nMonths, char zOut[11]){
  int y = atoi(zDate), mo = atoi(zDate+5), d = atoi(zDate+8);
  int i = y*12 + (mo-1) + nMonths;
  y = i/12; mo = i%12 + 1;
  static const int aDays[] = {31,28,31,30,31,30,31,31,30,31,30,31};
  int nDays = aDays[mo-1] + (mo==2 && ((y%4==0 && y%100!=0) || y%400==0));
  if( d>nDays ) d = nDays;
  if( d<1 ) d = 1;
  char z[40];
  snprintf(z, sizeof z, "%04d-%02d-%02d", y, mo, d);
  snprintf(zOut, 11, "%.10s", z);
}

struct id_vec { long long *a; int n, nAlloc; };
static void id_push(struct id_vec *v, long long id){
  if( v->n==v->nAlloc ){
    v->nAlloc = v->nAlloc ? v->nAlloc*2 : 64;
    v->a = xrealloc(v->a, sizeof(v->a[0])*(size_t)v->nAlloc);
  }
  v->a[v->n++] = id;
}
static void collect_unit(void *p, const struct unit *x){ id_push(p, x->id); }

int export_feed_ics(struct db *db, const struct user *u, const char *zToday,
                    enum lang lang, struct buf *pOut){
  char zFrom[11], zTo[11];
  add_months(zToday, -3, zFrom);
  add_months(zToday, 12, zTo);
  struct id_vec units = {0}, meetings = {0};
  unit_list_visible(db, u, "cluster", zToday, collect_unit, &units);
  for(int i=0; i<units.n && meetings.n<EXPORT_FEED_MAX; i++){
    struct stmt *s = db_prepare(db,
      "SELECT id FROM meeting WHERE unit_id=? AND starts_at>=? AND starts_at<?"
      " ORDER BY starts_at, id LIMIT ?");
    stmt_bind_int(s, 1, units.a[i]);
    stmt_bind_text(s, 2, zFrom);
    stmt_bind_text(s, 3, zTo);
    stmt_bind_int(s, 4, EXPORT_FEED_MAX - meetings.n);
    while( stmt_step(s)==1 ) id_push(&meetings, stmt_int(s, 0));
    stmt_done(s);
  }
  icalcomponent *cal = new_calendar();
  const char *zName = i18n_get(lang, "calendar.feed_name");
  icalcomponent_add_property(cal, icalproperty_new_name(zName));
  icalproperty *x = icalproperty_new_x(zName);
  icalproperty_set_x_name(x, "X-WR-CALNAME");
  icalcomponent_add_property(cal, x);
  x = icalproperty_new_x(EXPORT_TZID);
  icalproperty_set_x_name(x, "X-WR-TIMEZONE");
  icalcomponent_add_property(cal, x);
  struct icaldurationtype hour = icaldurationtype_null_duration();
  hour.hours = 1;
  icalproperty *p = icalproperty_new_refreshinterval(hour);
  icalproperty_add_parameter(p, icalparameter_new_value(ICAL_VALUE_DURATION));
  icalcomponent_add_property(cal, p);
  x = icalproperty_new_x("PT1H");
  icalproperty_set_x_name(x, "X-PUBLISHED-TTL");
  icalcomponent_add_property(cal, x);
  long long now = (long long)time(0);
  int n = 0;
  for(int i=0; i<meetings.n; i++){
    struct meeting m;
    if( !meeting_load(db, meetings.a[i], &m) ) continue;
    /* unit_list_visible checked the unit; check the meeting as a page would. */
    if( !access_can_read(db, u, m.unitId, zToday) ) continue;
    icalcomponent *ev = meeting_event(db, u, &m, lang, now);
    if( ev ){ icalcomponent_add_component(cal, ev); n++; }
  }
  free(units.a);
  free(meetings.a);
  finish_calendar(cal, pOut);
  return n;
}

/* ---- calendar feed tokens --------------------------------------------- */

/* The stored form of a feed token: hex BLAKE2b-256, as for API tokens. */
static void feed_hash(const char *zToken, char zOut[65]){
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char*)zToken, strlen(zToken), 0, 0);
  sodium_bin2hex(zOut, 65, h, sizeof h);
}

static bool feed_audit(struct db *db, const struct user *u, const char *zAction){
  char zJson[64];
  snprintf(zJson, sizeof zJson, "{\"user_id\":%lld}", u->id);
  return audit_record(db, u, zAction, "calendar_feed", u->id, u->scopeUnitId,
                      strcmp(zAction, "delete")==0 ? zJson : 0,
                      strcmp(zAction, "create")==0 ? zJson : 0);
}

bool calendar_feed_create(struct db *db, const struct user *u, char *zToken){
  if( !u || u->id<=0 ) return false;
  char zHashed[65];
  auth_random_hex(zToken, CALENDAR_FEED_TOKEN_CHARS/2);
  feed_hash(zToken, zHashed);
  if( !db_begin(db) ) return false;
  struct stmt *s = db_prepare(db, "DELETE FROM calendar_feed WHERE user_id=?");
  stmt_bind_int(s, 1, u->id);
  bool ok = stmt_exec(s);
  if( ok ){
    s = db_prepare(db, "INSERT INTO calendar_feed(token_hash,user_id,created_at) VALUES(?,?,?)");
    stmt_bind_text(s, 1, zHashed);
    stmt_bind_int(s, 2, u->id);
    stmt_bind_int(s, 3, (long long)time(0));
    ok = stmt_exec(s);
  }
  if( ok ) ok = feed_audit(db, u, "create");
  if( !ok || !db_commit(db) ){ db_rollback(db); zToken[0] = 0; return false; }
  return true;
}

bool calendar_feed_stop(struct db *db, const struct user *u){
  if( !u || u->id<=0 || !calendar_feed_exists(db, u, 0) ) return false;
  if( !db_begin(db) ) return false;
  struct stmt *s = db_prepare(db, "DELETE FROM calendar_feed WHERE user_id=?");
  stmt_bind_int(s, 1, u->id);
  bool ok = stmt_exec(s) && feed_audit(db, u, "delete");
  if( !ok || !db_commit(db) ){ db_rollback(db); return false; }
  return true;
}

bool calendar_feed_exists(struct db *db, const struct user *u, long long *pCreatedAt){
  struct stmt *s = db_prepare(db, "SELECT created_at FROM calendar_feed WHERE user_id=?");
  stmt_bind_int(s, 1, u->id);
  bool b = stmt_step(s)==1;
  if( pCreatedAt ) *pCreatedAt = b ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return b;
}

bool calendar_feed_user(struct db *db, const char *zToken, struct user *u){
  if( !zToken || strlen(zToken)!=CALENDAR_FEED_TOKEN_CHARS ) return false;
  char zHashed[65];
  feed_hash(zToken, zHashed);
  struct stmt *s = db_prepare(db,
    "SELECT u.id, u.email, u.name, u.role, u.scope_unit_id, s.slug, u.lang"
    "  FROM calendar_feed f JOIN app_user u ON u.id=f.user_id"
    "  JOIN unit s ON s.id=u.scope_unit_id"
    " WHERE f.token_hash=? AND u.disabled=0");
  stmt_bind_text(s, 1, zHashed);
  bool b = false;
  if( stmt_step(s)==1 ){
    memset(u, 0, sizeof *u);
    u->id = stmt_int(s, 0);
    snprintf(u->zEmail, sizeof u->zEmail, "%s", stmt_text(s, 1));
    snprintf(u->zName, sizeof u->zName, "%s", stmt_text(s, 2));
    b = access_parse_role(stmt_text(s, 3), &u->role);
    u->scopeUnitId = stmt_int(s, 4);
    snprintf(u->zScopeSlug, sizeof u->zScopeSlug, "%s", stmt_text(s, 5));
    snprintf(u->zLang, sizeof u->zLang, "%s", stmt_text(s, 6));
  }
  stmt_done(s);
  return b;
}
