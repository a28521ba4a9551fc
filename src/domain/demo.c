#include "domain/demo.h"
#include "domain/action.h"
#include "domain/decision.h"
#include "domain/minutes.h"
#include "domain/meeting.h"
#include "domain/unit.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The date nMonths from today's month, on day nDay, as YYYY-MM-DD. */
static void month_offset(int nMonths, int nDay, char zOut[16]){
  time_t t = time(0);
  struct tm tm;
  localtime_r(&t, &tm);
  int m = tm.tm_mon + nMonths;
  int y = tm.tm_year + 1900 + (m>=0 ? m/12 : -((11-m)/12));
  m = ((m%12)+12)%12;
  snprintf(zOut, 16, "%04d-%02d-%02d", (unsigned)y % 10000u, m+1, (unsigned)nDay % 32u);
}

/* The second Tuesday of the month nMonths from today's, as YYYY-MM-DD:
** a weekday, between the 8th and the 14th. */
static void meeting_day(int nMonths, char zOut[16]){
  char zFirst[16];
  month_offset(nMonths, 1, zFirst);
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(zFirst) - 1900;
  tm.tm_mon = atoi(zFirst+5) - 1;
  tm.tm_mday = 1;
  tm.tm_hour = 12;
  timegm(&tm);                       /* fills in tm_wday */
  int day = 1 + (2 - tm.tm_wday + 7) % 7 + 7;
  month_offset(nMonths, day, zOut);
}

struct people { long long a[32]; bool aVoting[32]; int n; };
static void collect_person(void *pCtx, const struct membership *m){
  struct people *p = pCtx;
  if( p->n<32 ){ p->a[p->n] = m->personId; p->aVoting[p->n] = m->bVoting; p->n++; }
}

static const char *const azTopic[] = {
  "Winter pressures plan", "Community pharmacy common ailments uptake", "Frailty pathway pilot",
  "Childhood immunisation catch-up", "Diabetes foot checks", "Social prescribing referrals",
  "Cluster plan priorities", "Mental health first contact practitioner", "Dental access sessions",
  "Optometry eye health examinations", "Smoking cessation referrals", "Carers' support offer",
};

bool demo_meetings(struct db *db, const char *zSlug){
  char zToday[11];
  text_today(zToday);
  struct unit cl;
  if( !unit_get_by_slug(db, zSlug, zToday, &cl) ) return false;
  struct user sys;
  memset(&sys, 0, sizeof sys);
  sys.id = 1;
  sys.role = ROLE_ADMIN;
  snprintf(sys.zName, sizeof sys.zName, "Demonstration data");
  snprintf(sys.zEmail, sizeof sys.zEmail, "admin@example.wales");

  /* Terms of reference: half the voting members and the chair. */
  char zAgreed[16], zReview[16];
  month_offset(-11, 1, zAgreed);
  month_offset(1, 1, zReview);
  struct stmt *s = db_prepare(db,
    "INSERT INTO terms_of_reference(unit_id,version,purpose,meeting_frequency,quorum_kind,quorum_num,"
    " quorum_den,quorum_requires_chair,chair_selection,minutes_form,agreed_on,review_due,created_at)"
    " VALUES(?,1,?,'monthly','fraction',1,2,1,?,'formal',?,?,?)");
  stmt_bind_int(s, 1, cl.id);
  stmt_bind_text(s, 2, "To plan and improve primary and community care for the cluster's population.");
  stmt_bind_text(s, 3, "Elected by the core members every two years.");
  stmt_bind_text(s, 4, zAgreed);
  stmt_bind_text(s, 5, zReview);
  stmt_bind_int(s, 6, (long long)time(0));
  if( !stmt_exec(s) ) return false;

  struct people pp = {{0}, {0}, 0};
  membership_list(db, cl.id, true, zToday, collect_person, &pp);
  if( pp.n<6 ) return false;

  /* Eleven meetings held, on the second Tuesday of each month at 13:30,
  ** and the next one: the year starts 11 months back when this month's
  ** meeting is still to come (or today), 10 months back once it has
  ** passed, whatever today's date. */
  long long prevMeeting = 0;
  char zThisMonth[16];
  meeting_day(0, zThisMonth);
  int iFirst = strcmp(zToday, zThisMonth)<=0 ? -11 : -10;
  for(int i=iFirst; i<=iFirst+11; i++){
    char zDate[16];
    meeting_day(i, zDate);
    char zTitle[260];
    snprintf(zTitle, sizeof zTitle, "%s cluster meeting", cl.zName);
    struct meeting_input mi = {
      .zTitle = zTitle, .zDate = zDate, .zStart = "13:30", .zEnd = "15:30",
      .zLocation = "Cluster office, meeting room 2", .zOnlineLink = "https://teams.example.wales/cluster",
    };
    struct field_errors e = {0};
    long long id = meeting_create(db, &sys, cl.id, &mi, "2000-01-01T00:00", zToday, &e);
    if( id<=0 ){ fprintf(stderr, "carecluster: demo meeting: %s\n", e.n ? e.a[0].zKey : "?"); return false; }
    struct meeting m;
    if( !meeting_get_visible(db, &sys, id, zToday, &m) ) return false;
    const char *zTopic = azTopic[(i-iFirst) % 12];
    struct agenda_input ai = { .zTitle = zTopic, .zPurpose = "decision", .zDuration = "20" };
    char zLead[24];
    snprintf(zLead, sizeof zLead, "%lld", pp.a[1 + (i-iFirst) % 5]);
    ai.zLeadPersonId = zLead;
    long long itemId = agenda_add(db, &sys, &m, &ai, true, zToday, &e);
    /* Every purpose on every agenda: the standing items are for
    ** information, decision (the minutes) and discussion; the topic is for
    ** decision and the finance item for action. */
    struct agenda_input ai2 = { .zTitle = "Cluster finance: actions on spend against the allocation", .zPurpose = "action",
                                .zDuration = "10" };
    long long item2 = agenda_add(db, &sys, &m, &ai2, true, zToday, &e);
    if( itemId<=0 || item2<=0 ){ fprintf(stderr, "carecluster: demo item: %s\n", e.n ? e.a[0].zKey : "?"); return false; }
    if( strcmp(zDate, zToday)>=0 ) break;   /* the next meeting: agenda only */

    /* Attendance: most present, one online, one with apologies. */
    for(int k=0; k<pp.n; k++){
      const char *zSt = k==(i-iFirst)%pp.n && k!=0 ? "apologies" : k%4==3 ? "online" : "present";
      if( !attendance_set(db, &sys, &m, pp.a[k], zSt, 0, zToday, &e) ) return false;
    }
    /* A declaration: the lead of the item's collaborative has an interest. */
    long long declarer = pp.a[2 + (i-iFirst) % 4];
    if( declaration_add(db, &sys, &m, itemId, declarer,
                        "Partner in a practice that would host the service",
                        (i%2) ? "no_vote" : "remained", zToday, &e)<=0 ){
      fprintf(stderr, "carecluster: demo declaration: %s\n", e.n ? e.a[0].zKey : "?");
      return false;
    }
    /* The decision: a named vote in odd months, a secret ballot in even. */
    struct decision_input di;
    memset(&di, 0, sizeof di);
    char zText[300];
    snprintf(zText, sizeof zText, "Approve the proposal on %s for the coming quarter.", zTopic);
    di.zText = zText;
    di.zReason = "It meets a priority of the cluster plan within the allocation.";
    if( (i-iFirst)%2 ){
      di.zVoteKind = "named";
      /* Everyone who may vote, votes: for, except one abstention. */
      for(int k=0; k<pp.n && di.nVote<64; k++){
        if( !pp.aVoting[k] || k==(i-iFirst)%pp.n ) continue;
        if( (i%2) && pp.a[k]==declarer ) continue;
        di.aVote[di.nVote].personId = pp.a[k];
        di.aVote[di.nVote].zChoice = k==pp.n-1 || di.nVote==3 ? "abstain" : "for";
        di.nVote++;
      }
    }else{
      di.zVoteKind = "secret";
      di.zFor = "5"; di.zAgainst = "1"; di.zAbstain = "1";
    }
    if( decision_record(db, &sys, &m, itemId, &di, zToday, &e)<=0 ){
      fprintf(stderr, "carecluster: demo decision: %s\n", e.n ? e.a[0].zKey : "?");
      return false;
    }
    char zMinutes[600];
    snprintf(zMinutes, sizeof zMinutes,
      "The group discussed **%s**.\n\n- The lead presented the evidence and the costs.\n"
      "- Members asked about staffing and how success will be measured.\n", zTopic);
    if( !minutes_save(db, &sys, &m, itemId, zMinutes, 0, zToday, &e) ) return false;
    if( !minutes_save(db, &sys, &m, item2, "The finance lead reported spend against the allocation: on track. The finance lead will confirm the plan for any underspend with each practice.", 0, zToday, &e) ) return false;
    /* Two actions a meeting: older ones done, recent ones open. */
    for(int k=0; k<2; k++){
      char zAction[300], zDue[16], zLeadId[24];
      snprintf(zAction, sizeof zAction, k==0 ? "Circulate the plan for %s to all practices" : "Report progress on %s to the next meeting", zTopic);
      month_offset(i+1, 5, zDue);
      snprintf(zLeadId, sizeof zLeadId, "%lld", pp.a[(k + i - iFirst) % pp.n]);
      struct action_input ac = { .zDescription = zAction, .zLeadPersonId = zLeadId, .zDue = zDue,
                                 .meetingId = id, .agendaItemId = itemId };
      long long aid = action_create(db, &sys, cl.id, &ac, zToday, &e);
      if( aid<=0 ){ fprintf(stderr, "carecluster: demo action: %s\n", e.n ? e.a[0].zKey : "?"); return false; }
      if( i<-2 ){
        if( !action_update(db, &sys, aid, "done", "Completed and reported to the cluster.", 0, zToday, &e) ) return false;
      }else if( k==0 ){
        if( !action_update(db, &sys, aid, "in_progress", "Draft shared with the practice managers.", 0, zToday, &e) ) return false;
      }
    }
    s = db_prepare(db, "UPDATE meeting SET status='held' WHERE id=?");
    stmt_bind_int(s, 1, id);
    if( !stmt_exec(s) ) return false;
    /* The previous meeting's minutes are approved at this one, under
    ** its "Minutes of the last meeting". */
    if( prevMeeting ){
      if( !minutes_approve(db, &sys, &m, minutes_item_of(db, m.id), zToday, &e) ){
        fprintf(stderr, "carecluster: demo minutes: %s\n", e.n ? e.a[0].zKey : "?");
        return false;
      }
    }
    prevMeeting = id;
  }
  return strcmp(zSlug, "cardiff-south-west")!=0 || demo_qi(db, zSlug);
}
