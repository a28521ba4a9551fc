/*
** Database faults on every write path (db_fault_set in src/db/db.h, as
** SQLite's own test harness does it). Each write is run with its first
** database call failing, then its second, and so on until it runs to the
** end; after every failure the whole database must be exactly as before
** (db_digest over every row of every table, the audit log included),
** no transaction may be left open, the write must report failure, and a
** writer that takes field errors must name one whose message is in both
** catalogues. The run that succeeds must change the database and add to
** the audit log: one transaction with its audit entry.
**
** The writes run in the order a cluster would use them, each building on
** the last: member, terms of reference, meeting, agenda, attendance,
** declaration, decision, election, minutes, actions, interests, papers,
** the published pack, the calendar feed, the QI project with its drivers,
** cycles, measures, points, rebases, imports and links, and the users and
** tokens of the command line.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/action.h"
#include "domain/auth.h"
#include "domain/decision.h"
#include "domain/minutes.h"
#include "domain/mailings.h"
#include "domain/notices.h"
#include "domain/outbox.h"
#include "domain/election.h"
#include "domain/circulate.h"
#include "domain/export_meeting.h"
#include "domain/meeting.h"
#include "domain/member.h"
#include "domain/paper.h"
#include "domain/qi.h"
#include "domain/tor.h"
#include "html/i18n.h"
#include "util/text.h"
#include "fixture.h"
#include "fault_walk.h"

/* The meeting is scheduled for this day, ahead, so that a member may still
** propose items; once its agenda is set it is moved to HELD_ON, in the
** past, so that what happened at it may be recorded (nothing of it may be
** before it starts). Its minutes are approved at the meeting of NEXT_ON. */
#define MEETING_DATE "2030-06-10"
#define HELD_ON "2025-06-10"
#define NEXT_ON "2025-07-08"
#define SCHEDULED_AT "2020-01-01T09:00"

struct fixture {
  struct db *db;                 /* first: fx_teardown closes it */
  char zToday[11];
  long long unit;                /* cardiff-south-west */
  struct user lead;              /* its cluster lead, whose person is the chair */
  struct user member;            /* a member, whose person is Sian Griffiths */
  long long chair, v1, v2, v3, v4;
  long long membership;          /* the membership the walk adds */
  struct meeting m;
  struct meeting next;           /* the meeting after m, which approves its minutes */
  long long item, itemInfo, itemProposed, itemDeclined, itemElection;
  long long action;
  struct meeting mAhead;         /* another meeting still ahead: changed, then cancelled */
  long long itemAhead;
  struct meeting mHeld;          /* a meeting already held, for its declarations */
  long long itemHeld, declHeld;
  long long paper, paperNew;
  long long project, primary, secondary, change, leaf;
  long long pdsa, measure, point1, point2, point3, link;
  char zId[8][24];               /* ids as a form sends them */
};

/* A write under test: a domain call with its inputs prepared beforehand.
** Returns > 0 for success, <= 0 for failure (bools map to 1 and 0). */
typedef long long (*write_fn)(struct fixture *, struct field_errors *);

static long long n_audit(struct fixture *f){ return fx_count(f->db, "SELECT count(*) FROM audit_log"); }

static int nProblem;
static void problem(const char *zName, long long n, const char *zWhat, long long rc,
                    const struct field_errors *e, bool bInTx){
  print_message("PROBLEM %s: call %lld (%s the transaction): %s [rc %lld, %s]\n", zName, n,
                bInTx ? "inside" : "outside", zWhat, rc, e->n ? e->a[0].zKey : "no message");
  nProblem++;
}

/* Run fn failing the 1st, 2nd, ... database call, each time on a copy of
** the database (db_copy) that is then thrown away, until a run does not
** reach the fault; then run fn on the database itself. After a failed
** call: no transaction open, the copy exactly as the database (nothing
** half-written), failure reported, and, when the failed call was inside
** the transaction and fn takes field errors (bFieldErrors), a message in
** both catalogues. bAudited: a success adds to the audit log. Returns
** what the run on the database returned. */
static long long walk(struct fixture *f, const char *zName, write_fn fn, bool bFieldErrors, bool bAudited){
  struct db *db = f->db;
  unsigned long long before = db_digest(db);
  long long nAuditBefore = n_audit(f);
  assert_true(before!=0);
  int nNoAccess = 0;
  long long n;
  for(n=1; ; n++){
    if( n>=10000 ) fail_msg("%s: never ran to the end", zName);
    struct field_errors e = {0};
    fault_copy(&f->db, n);
    long long rc = fn(f, &e);
    struct fault_run r = fault_restore(&f->db, db);
    if( r.bOpen ) problem(zName, n, "a transaction left open", rc, &e, r.bInTx);
    if( !r.bFired ) break;
    if( rc>0 ){
      problem(zName, n, "the call failed, yet the write reported success", rc, &e, r.bInTx);
      continue;
    }
    if( rc<0 ) nNoAccess++;
    if( r.after!=before ) problem(zName, n, "half-written", rc, &e, r.bInTx);
    if( bFieldErrors && r.bInTx && e.n==0 ) problem(zName, n, "no message for the user", rc, &e, r.bInTx);
    for(int i=0; i<e.n; i++){
      if( !i18n_has(LANG_EN, e.a[i].zKey) || !i18n_has(LANG_CY, e.a[i].zKey) ){
        problem(zName, n, "a message missing from a catalogue", rc, &e, r.bInTx);
      }
    }
  }
  struct field_errors e = {0};
  long long rc = fn(f, &e);
  if( rc<=0 ) fail_msg("%s: refused without a fault (%lld: %s)", zName, rc, e.n ? e.a[0].zKey : "no message");
  if( db_digest(db)==before ) fail_msg("%s: succeeded but wrote nothing", zName);
  if( bAudited && n_audit(f)<=nAuditBefore ) fail_msg("%s: succeeded without an audit entry", zName);
  /* A failed read taken for "not allowed" (-1, shown as not found) rather
  ** than "not saved": refused, so safe, but the user is told the wrong
  ** thing. Counted for writers that take field errors. */
  if( bFieldErrors && nNoAccess ){
    print_message("%-28s %3lld database calls, each failed in turn (%d taken for \"not allowed\")\n",
                  zName, n-1, nNoAccess);
  }else{
    print_message("%-28s %3lld database calls, each failed in turn\n", zName, n-1);
  }
  return rc;
}

#define WRITE(name) static long long name(struct fixture *f, struct field_errors *e)
#define OK(x) ((x) ? 1 : 0)

/* ---- members, terms of reference, meetings and agendas -------------------- */

WRITE(w_member_add){
  struct member_input in = { .zName = "Dr Bethan Lloyd", .zEmail = "bethan@example.wales",
    .zJobTitle = "GP", .zOrganisation = "Canton Surgery", .zRole = "gp_collaborative_lead",
    .zCore = "core", .zVoting = "yes", .zFrom = "2024-04-01", .zTo = "" };
  return membership_add(f->db, &f->lead, f->unit, &in, f->zToday, e);
}
WRITE(w_member_update){
  struct member_input in = { .zName = "Dr Bethan Lloyd-Jones", .zEmail = "bethan@example.wales",
    .zJobTitle = "GP partner", .zOrganisation = "Canton Surgery", .zRole = "gp_collaborative_lead",
    .zCore = "core", .zVoting = "yes", .zFrom = "2024-04-01", .zTo = "" };
  return membership_update(f->db, &f->lead, f->membership, &in, f->zToday, e);
}
WRITE(w_tor){
  struct tor_input in = {
    .zPurpose = "To plan and improve care.", .zFrequency = "Monthly",
    .zQuorumKind = "number", .zQuorumNumber = "3", .zQuorumNum = "", .zQuorumDen = "",
    .zRequiresChair = "yes", .zChairSelection = "Elected by the core members.",
    .zMinutesForm = "formal", .zAgreedOn = "2024-04-01", .zReviewDue = "2026-04-01" };
  return tor_create_version(f->db, &f->lead, f->unit, &in, f->zToday, e);
}
WRITE(w_meeting_create){
  struct meeting_input in = { .zTitle = "Cluster meeting", .zDate = MEETING_DATE,
    .zStart = "14:00", .zEnd = "16:00", .zLocation = "Riverside Health Centre", .zOnlineLink = "" };
  return meeting_create(f->db, &f->lead, f->unit, &in, SCHEDULED_AT, f->zToday, e);
}
WRITE(w_agenda_add){
  struct agenda_input in = { .zTitle = "Cluster IMTP priorities", .zPurpose = "decision",
    .zLeadPersonId = "", .zDuration = "20", .zRestricted = "" };
  return agenda_add(f->db, &f->lead, &f->m, &in, true, f->zToday, e);
}
WRITE(w_agenda_add_info){
  struct agenda_input in = { .zTitle = "Prescribing report", .zPurpose = "information",
    .zLeadPersonId = "", .zDuration = "10", .zRestricted = "" };
  return agenda_add(f->db, &f->lead, &f->m, &in, true, f->zToday, e);
}
WRITE(w_agenda_propose){
  struct agenda_input in = { .zTitle = "Election of the chair", .zPurpose = "decision",
    .zLeadPersonId = "", .zDuration = "15", .zRestricted = "", .zDescription = "The chair's term ends" };
  return agenda_add(f->db, &f->member, &f->m, &in, false, f->zToday, e);
}
WRITE(w_agenda_update){
  struct agenda_input in = { .zTitle = "Prescribing report, quarter 1", .zPurpose = "information",
    .zLeadPersonId = f->zId[0], .zDuration = "15", .zRestricted = "" };
  return OK(agenda_update(f->db, &f->lead, &f->m, f->itemInfo, &in, f->zToday, e));
}
WRITE(w_agenda_move){
  (void)e;
  return OK(agenda_move(f->db, &f->lead, &f->m, f->itemInfo, -1, f->zToday));
}
WRITE(w_agenda_decide){
  return agenda_decide(f->db, &f->lead, &f->m, f->itemProposed, true, 0, f->zToday, e);
}
/* A proposal with its paper (a 1×1 PNG), written together. */
WRITE(w_agenda_propose_paper){
  static const unsigned char aPng[] = {
    0x89,0x50,0x4E,0x47,0x0D,0x0A,0x1A,0x0A,0x00,0x00,0x00,0x0D,0x49,0x48,0x44,0x52,0x00,0x00,0x00,0x01,
    0x00,0x00,0x00,0x01,0x08,0x06,0x00,0x00,0x00,0x1F,0x15,0xC4,0x89,0x00,0x00,0x00,0x0D,0x49,0x44,0x41,
    0x54,0x78,0xDA,0x63,0xFC,0xCF,0xC0,0x50,0x0F,0x00,0x04,0x85,0x01,0x80,0x84,0xA9,0x8C,0x21,0x00,0x00,
    0x00,0x00,0x49,0x45,0x4E,0x44,0xAE,0x42,0x60,0x82 };
  struct agenda_input in = { .zTitle = "Flu clinics", .zPurpose = "discussion", .zDuration = "10",
    .zDescription = "Saturday clinics in pharmacies" };
  struct agenda_paper paper = { "flu.png", aPng, sizeof aPng };
  return agenda_propose(f->db, &f->member, &f->m, &in, &paper, f->zToday, e);
}
WRITE(w_agenda_decline){
  return agenda_decide(f->db, &f->lead, &f->m, f->itemDeclined, false, "Not for this cluster", f->zToday, e);
}
WRITE(w_items_deadline){
  return meeting_set_items_deadline(f->db, &f->lead, &f->m, "2030-06-03", "17:00", SCHEDULED_AT, f->zToday, e);
}

/* ---- changing and undoing: a meeting still ahead, and one already held ---- */

WRITE(w_meeting_ahead){
  struct meeting_input in = { .zTitle = "Extra meeting", .zDate = "2030-07-15",
    .zStart = "14:00", .zEnd = "16:00", .zLocation = "Canton Library", .zOnlineLink = "" };
  return meeting_create(f->db, &f->lead, f->unit, &in, SCHEDULED_AT, f->zToday, e);
}
WRITE(w_meeting_update){
  struct meeting_input in = { .zTitle = "Extra meeting", .zDate = "2030-07-16",
    .zStart = "15:00", .zEnd = "16:30", .zLocation = "Ely Hub", .zOnlineLink = "https://teams.example.wales/x" };
  return meeting_update(f->db, &f->lead, &f->mAhead, &in, SCHEDULED_AT, f->zToday, e);
}
WRITE(w_agenda_add_ahead){
  struct agenda_input in = { .zTitle = "Item to drop", .zPurpose = "discussion",
    .zLeadPersonId = "", .zDuration = "10", .zRestricted = "" };
  return agenda_add(f->db, &f->lead, &f->mAhead, &in, true, f->zToday, e);
}
WRITE(w_agenda_delete){
  return agenda_delete(f->db, &f->lead, &f->mAhead, f->itemAhead, f->zToday, e);
}
WRITE(w_meeting_cancel){
  return meeting_cancel(f->db, &f->lead, &f->mAhead, "Too few members could come", f->zToday, e);
}
WRITE(w_meeting_held){
  struct meeting_input in = { .zTitle = "Held meeting", .zDate = "2025-05-13",
    .zStart = "14:00", .zEnd = "16:00", .zLocation = "Canton Library", .zOnlineLink = "" };
  return meeting_create(f->db, &f->lead, f->unit, &in, SCHEDULED_AT, f->zToday, e);
}
WRITE(w_agenda_add_held){
  struct agenda_input in = { .zTitle = "Estates bid", .zPurpose = "decision",
    .zLeadPersonId = "", .zDuration = "20", .zRestricted = "" };
  return agenda_add(f->db, &f->lead, &f->mHeld, &in, true, f->zToday, e);
}
WRITE(w_declaration_held){
  return declaration_add_registered(f->db, &f->lead, &f->mHeld, f->itemHeld, f->v3, "Landlord of a bidder",
                                    "remained", 0, "financial", f->zToday, e);
}
WRITE(w_declaration_update){
  return declaration_update(f->db, &f->lead, &f->mHeld, f->declHeld, "Landlord of one of the bidders",
                            "left_room", "professional", 0, f->zToday, e);
}
WRITE(w_declaration_withdraw){
  return declaration_withdraw(f->db, &f->lead, &f->mHeld, f->declHeld, 0, f->zToday, e);
}

/* ---- attendance, declarations, decisions, elections, minutes ------------- */

static long long attend(struct fixture *f, struct field_errors *e, long long personId){
  return OK(attendance_set(f->db, &f->lead, &f->m, personId, "present", 0, f->zToday, e));
}
WRITE(w_attend_chair){ return attend(f, e, f->chair); }
/* Someone who is not a member, added by name and organisation (a new
** person and their attendance in one transaction). */
WRITE(w_attend_added){
  struct attendance_entry a = { 0, "in_attendance", 0, "Megan Lloyd", "Boots, Cowbridge Road", "Community pharmacist" };
  struct field_errors aErr[1];
  memset(aErr, 0, sizeof aErr);
  bool ok = attendance_set_all(f->db, &f->lead, &f->m, &a, 1, 0, f->zToday, e, aErr);
  for(int i=0; i<aErr[0].n; i++) field_errors_add(e, aErr[0].a[i].zField, aErr[0].a[i].zKey);
  return OK(ok);
}
/* A member's own apologies, before the meeting starts. */
WRITE(w_own_apologies){ return OK(attendance_own_apologies(f->db, &f->member, &f->m, true, e)); }
WRITE(w_attend_v1){ return attend(f, e, f->v1); }
WRITE(w_attend_v2){ return attend(f, e, f->v2); }
WRITE(w_attend_v3){ return attend(f, e, f->v3); }
WRITE(w_declaration){
  return declaration_add(f->db, &f->lead, &f->m, f->item, f->v4,
                         "Partner in a practice bidding for the funding", "left_room", f->zToday, e);
}
WRITE(w_decision){
  struct decision_input in;
  memset(&in, 0, sizeof in);
  in.zText = "Adopt the three IMTP priorities";
  in.zReason = "They match the population needs assessment";
  in.zVoteKind = "named";
  long long aVoter[] = { f->chair, f->v1, f->v2, f->v3 };
  static const char *const azChoice[] = { "for", "for", "against", "abstain" };
  for(int i=0; i<4; i++){ in.aVote[i].personId = aVoter[i]; in.aVote[i].zChoice = azChoice[i]; }
  in.nVote = 4;
  return decision_record(f->db, &f->lead, &f->m, f->item, &in, f->zToday, e);
}
WRITE(w_election){
  static struct election_input in;
  memset(&in, 0, sizeof in);
  in.zOffice = "Cluster Lead (chair)";
  in.zKind = "named";
  in.aCandidate[0] = f->chair;
  in.aCandidate[1] = f->v1;
  in.nCandidate = 2;
  long long aVoter[] = { f->chair, f->v1, f->v2, f->v3 };
  long long aChoice[] = { f->v1, f->chair, f->chair, 0 };
  for(int i=0; i<4; i++){ in.aBallot[i].voterId = aVoter[i]; in.aBallot[i].candidateId = aChoice[i]; }
  in.nBallot = 4;
  return election_record(f->db, &f->lead, &f->m, f->itemElection, &in, f->zToday, e);
}
WRITE(w_minutes_save){
  return OK(minutes_save(f->db, &f->lead, &f->m, f->item, "Agreed the **three** priorities.", 0, f->zToday, e));
}
WRITE(w_minutes_approve){
  return OK(minutes_approve(f->db, &f->lead, &f->next, minutes_item_of(f->db, f->next.id), f->zToday, e));
}
WRITE(w_minutes_correct){
  return OK(minutes_save(f->db, &f->lead, &f->m, f->item, "Agreed the three priorities, with one change.",
                         "The second priority was misquoted", f->zToday, e));
}

/* ---- what is sent: choices, circulating the minutes, the scheduled mailings -- */

WRITE(w_prefs_set){
  return notices_prefs_set(f->db, &f->member, "digest", "cy", e);
}
WRITE(w_member_mail_choices){
  struct member_input in = { .zName = "Dr Bethan Lloyd-Jones", .zEmail = "bethan@example.wales",
    .zJobTitle = "GP partner", .zOrganisation = "Canton Surgery", .zRole = "gp_collaborative_lead",
    .zCore = "core", .zVoting = "yes", .zFrom = "2024-04-01", .zTo = "", .zMailMode = "digest", .zMailLang = "en" };
  return membership_update(f->db, &f->lead, f->membership, &in, f->zToday, e);
}
WRITE(w_minutes_circulate){
  return notices_minutes_circulate(f->db, &f->lead, &f->m, f->zToday, e);
}
/* The scheduled mailings as at a Monday morning, and the lead's digest
** now (after 07:00 today), over what the walk has changed. */
static long long monday_morning(void){
  long long t = 0;
  assert_true(mailings_parse_local("2030-06-03T08:00", &t));
  return t;
}
static long long this_morning(void){
  long long t = (long long)time(0);
  struct mailings_clock c;
  mailings_clock(t, &c);
  return c.hour<7 ? t + (7-c.hour)*3600 : t;
}
WRITE(w_weekly_reminder){
  (void)e;
  return OK(mailings_run_jobs(f->db, monday_morning(), JOB_WEEKLY_REMINDER, 0));
}
WRITE(w_lead_digest){
  (void)e;
  return OK(mailings_run_jobs(f->db, this_morning(), JOB_LEAD_DIGEST, 0));
}
WRITE(w_daily_digest){
  (void)e;
  return OK(mailings_run_jobs(f->db, monday_morning(), JOB_DAILY_DIGEST, 0));
}

/* ---- actions, interests, papers, publishing, calendar feed --------------- */

WRITE(w_action_create){
  struct action_input in = { .zDescription = "Write to practices about the priorities",
    .zLeadPersonId = f->zId[0], .zDue = "2030-07-01", .meetingId = f->m.id, .agendaItemId = f->item,
    /* The meeting's minutes are approved by now: raising one there is a correction. */
    .zCorrectionReason = "Agreed at the meeting but left out of the minutes" };
  return action_create(f->db, &f->lead, f->unit, &in, f->zToday, e);
}
WRITE(w_action_update){
  return OK(action_update(f->db, &f->lead, f->action, "in_progress", "Letter drafted", "2030-08-01",
                          f->zToday, e));
}
WRITE(w_action_edit){
  return action_edit(f->db, &f->lead, f->action, "Write to every practice about the priorities", f->zId[0],
                     "The minutes named too few practices", f->zToday, e);
}
WRITE(w_interest){
  struct interest_input in = { .zKind = "financial", .zDescription = "Shares in a pharmacy",
    .zDeclaredOn = "2025-01-01", .zEndsOn = "" };
  return interest_add(f->db, &f->lead, f->v1, &in, f->zToday, e);
}
/* A complete PDF: header, one object, cross-reference table, trailer. */
static const unsigned char PDF[] =
  "%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
  "trailer\n<< /Size 2 >>\nstartxref\n29\n%%EOF\n";
WRITE(w_paper){
  return paper_add(f->db, &f->lead, &f->m, f->item, "priorities.pdf", PDF, sizeof PDF - 1, f->zToday, e);
}
WRITE(w_paper_replace){
  return paper_replace(f->db, &f->lead, &f->m, f->paper, "priorities v2.pdf", PDF, sizeof PDF - 1, f->zToday, e);
}
WRITE(w_paper_withdraw){
  return paper_withdraw(f->db, &f->lead, &f->m, f->paperNew, f->zToday, e);
}
WRITE(w_publish){
  (void)e;
  return meeting_publish_pack(f->db, &f->lead, &f->m, f->zToday)==PUBLISH_OK;
}
WRITE(w_feed_create){
  (void)e;
  char zToken[CALENDAR_FEED_TOKEN_CHARS+1];
  return OK(calendar_feed_create(f->db, &f->lead, zToken));
}
WRITE(w_feed_stop){
  (void)e;
  return OK(calendar_feed_stop(f->db, &f->lead));
}

/* ---- quality improvement -------------------------------------------------- */

static struct qi_project_input project_in(const long long *aTeam, const char *zTitle){
  struct qi_project_input in = {
    .zTitle = zTitle, .zAim = "85% of adults with asthma have an annual review by March.",
    .zMeasuresQuestion = "Monthly proportion of reviews done.",
    .zChangesQuestion = "Text reminders; pharmacy reviews.",
    .steeep = QI_EFFECTIVE | QI_EQUITABLE, .aTeam = aTeam, .nTeam = 2,
    .zTeamOthers = "Practice managers", .zStartOn = "2025-04-01", .zStatus = "" };
  return in;
}
WRITE(w_project_create){
  long long aTeam[] = { f->chair, f->v1 };
  struct qi_project_input in = project_in(aTeam, "Increase uptake of annual asthma reviews");
  return qi_project_create(f->db, &f->lead, f->unit, &in, f->zToday, e);
}
WRITE(w_project_update){
  long long aTeam[] = { f->chair, f->v2 };
  struct qi_project_input in = project_in(aTeam, "Annual asthma reviews for every adult");
  return qi_project_update(f->db, &f->lead, f->project, &in, f->zToday, e);
}
WRITE(w_driver_primary){
  return qi_driver_add(f->db, &f->lead, f->project, 0, "primary", "Patients know a review is due", f->zToday, e);
}
WRITE(w_driver_secondary){
  return qi_driver_add(f->db, &f->lead, f->project, f->primary, "secondary", "Recall system", f->zToday, e);
}
WRITE(w_driver_change){
  return qi_driver_add(f->db, &f->lead, f->project, f->secondary, "change", "Text reminders", f->zToday, e);
}
WRITE(w_driver_leaf){
  return qi_driver_add(f->db, &f->lead, f->project, f->primary, "change", "Posters", f->zToday, e);
}
WRITE(w_driver_update){
  return qi_driver_update(f->db, &f->lead, f->change, "Text reminders a week ahead", f->zToday, e);
}
WRITE(w_driver_delete){
  return qi_driver_delete(f->db, &f->lead, f->leaf, f->zToday, e);
}
static struct qi_pdsa_input pdsa_in(struct fixture *f){
  struct qi_pdsa_input in = { .zChangeId = f->zId[1], .zPreviousId = "", .zTitle = "Reminders at one practice",
    .zPlan = "One practice, two weeks", .zPrediction = "Half will book", .zDataPlan = "Bookings a day",
    .zDo = "", .zStudy = "", .zAct = "", .zActText = "", .zStartOn = "2025-05-01", .zEndOn = "2025-05-14" };
  return in;
}
WRITE(w_pdsa_create){
  struct qi_pdsa_input in = pdsa_in(f);
  return qi_pdsa_create(f->db, &f->lead, f->project, &in, f->zToday, e);
}
WRITE(w_pdsa_update){
  struct qi_pdsa_input in = pdsa_in(f);
  in.zDo = "Sent 120 texts"; in.zStudy = "58 booked: as predicted"; in.zAct = "adapt";
  in.zActText = "Try three practices";
  return qi_pdsa_update(f->db, &f->lead, f->pdsa, &in, f->zToday, e);
}
static struct qi_measure_input measure_in(const char *zName){
  struct qi_measure_input in = { .zKind = "outcome", .zName = zName,
    .zDefinition = "Reviews recorded in the month", .zUnit = "%", .zDirection = "increase",
    .zTarget = "", .zChart = "xmr", .bScreenOutliers = true };
  return in;
}
WRITE(w_measure_create){
  struct qi_measure_input in = measure_in("Reviews done");
  return qi_measure_create(f->db, &f->lead, f->project, &in, f->zToday, e);
}
WRITE(w_measure_update){
  struct qi_measure_input in = measure_in("Reviews done in the month");
  in.zTarget = "85";
  return qi_measure_update(f->db, &f->lead, f->measure, &in, f->zToday, e);
}
static long long point(struct fixture *f, struct field_errors *e, const char *zOn, const char *zValue){
  struct qi_point_input in = { .zOn = zOn, .zValue = zValue, .zNumerator = "", .zDenominator = "",
                               .zNote = "", .zPdsaId = "" };
  return qi_point_add(f->db, &f->lead, f->measure, &in, f->zToday, e);
}
WRITE(w_point1){ return point(f, e, "2025-01-01", "52"); }
WRITE(w_point2){ return point(f, e, "2025-02-01", "55"); }
WRITE(w_point3){ return point(f, e, "2025-03-01", "61"); }
WRITE(w_point_annotate){
  return qi_point_annotate(f->db, &f->lead, f->point2, "Reminders began", f->zId[2], f->zToday, e);
}
WRITE(w_point_delete){
  (void)e;
  return qi_point_delete(f->db, &f->lead, f->point3, f->zToday);
}
WRITE(w_rebase_add){
  return qi_rebase_add(f->db, &f->lead, f->measure, "2025-02-01", "Reminders began", f->zToday, e);
}
WRITE(w_rebase_delete){
  (void)e;
  return qi_rebase_delete(f->db, &f->lead, f->measure, "2025-02-01", f->zToday);
}
WRITE(w_import){
  static const char zCsv[] = "date,value\n2025-04-01,63\n2025-05-01,66\n2025-06-01,70\n";
  struct qi_csv c;
  qi_csv_parse(zCsv, sizeof zCsv - 1, "xmr", false, &c);
  long long rc = qi_points_import(f->db, &f->lead, f->measure, &c, false, f->zToday, e);
  qi_csv_free(&c);
  return rc;
}
WRITE(w_link_add){
  return qi_link_add(f->db, &f->lead, f->project, "action", f->action, f->zToday, e);
}
WRITE(w_link_delete){
  (void)e;
  return qi_link_delete(f->db, &f->lead, f->link, f->zToday);
}

/* ---- the command line: users and API tokens ------------------------------- */

/* zErr must say something: the command line prints it. */
static long long with_message(bool ok, const char *zErr, struct field_errors *e){
  if( !ok && zErr[0] ) field_errors_add(e, "cli", "error.not_saved");
  return OK(ok);
}
WRITE(w_user_add){
  char zErr[200] = "";
  bool ok = auth_user_add(f->db, "new.lead@example.wales", "Dr Elin Hughes", "cluster_lead",
                          "cardiff-south-west", "a long enough password 2026", zErr, sizeof zErr);
  return with_message(ok, zErr, e);
}
WRITE(w_token_create){
  char zToken[AUTH_TOKEN_CHARS+1], zErr[200] = "";
  long long expires = 0;
  bool ok = auth_token_create(f->db, "new.lead@example.wales", 90, zToken, &expires, zErr, sizeof zErr);
  return with_message(ok, zErr, e);
}

/* ---- passwords: a reset link asked for and used, one set on the command line ---- */

#define RESET_TOKEN "5e7c0ffee5e7c0ffee5e7c0ffee5e7c0ffee5e7c0ffee5e7c0ffee5e7c0ffee0"
WRITE(w_reset_request){
  (void)e;
  return auth_reset_request(f->db, "member@example.wales", "192.0.2.7", 0)==AUTH_OK ? 1 : 0;
}
/* A link whose token the walk knows (a real one is only ever mailed). */
static void reset_link_make(struct fixture *f){
  unsigned char h[32];
  char zHash[65];
  crypto_generichash(h, sizeof h, (const unsigned char*)RESET_TOKEN, strlen(RESET_TOKEN), 0, 0);
  sodium_bin2hex(zHash, sizeof zHash, h, sizeof h);
  struct stmt *s = db_prepare(f->db,
    "INSERT INTO password_reset(token_hash,user_id,created_at,expires_at) VALUES(?,?,?,?)");
  stmt_bind_text(s, 1, zHash);
  stmt_bind_int(s, 2, f->member.id);
  stmt_bind_int(s, 3, (long long)time(0));
  stmt_bind_int(s, 4, (long long)time(0) + 600);
  assert_true(stmt_exec(s));
}
WRITE(w_reset_password){
  (void)e;
  return auth_reset_password(f->db, RESET_TOKEN, "a new password from the link")==AUTH_OK ? 1 : 0;
}
WRITE(w_user_set_password){
  char zErr[200] = "";
  bool ok = auth_user_set_password(f->db, "member@example.wales", "set by the administrator", zErr, sizeof zErr);
  return with_message(ok, zErr, e);
}

/* ---- the walk --------------------------------------------------------------- */

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  /* SQLite: the walk tries each fault on an in-memory copy (db_copy). */
  if( fx_db_open_sqlite(&f.db) ) return -1;
  text_today(f.zToday);
  f.unit = fx_unit_id(f.db, f.zToday, "cardiff-south-west");
  fx_make_cast(f.db, f.zToday, (struct fx_cast){ .lead = &f.lead, .member = &f.member });
  f.chair = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Dr Alys Morgan", "cluster_lead", "core", "yes", "2024-04-01", 0);
  f.v1 = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Dr Rhodri Evans", "gp_collaborative_lead", "core", "yes", "2024-04-01", 0);
  f.v2 = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Sian Griffiths", "pharmacy_collaborative_lead", "core", "yes", "2024-04-01", 0);
  f.v3 = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Tomos Price", "dental_collaborative_lead", "core", "yes", "2024-04-01", 0);
  f.v4 = fx_add_person(f.db, &f.lead, f.unit, f.zToday, "Nia Hughes", "optometry_collaborative_lead", "core", "yes", "2024-04-01", 0);
  /* The lead is the chair: their proposals come from Dr Alys Morgan. */
  struct stmt *s = db_prepare(f.db, "UPDATE app_user SET person_id=?1 WHERE id=?2");
  stmt_bind_int(s, 1, f.chair);
  stmt_bind_int(s, 2, f.lead.id);
  if( !stmt_exec(s) ) return -1;
  s = db_prepare(f.db, "UPDATE app_user SET person_id=?1 WHERE id=?2");
  stmt_bind_int(s, 1, f.v2);
  stmt_bind_int(s, 2, f.member.id);
  if( !stmt_exec(s) ) return -1;
  snprintf(f.zId[0], sizeof f.zId[0], "%lld", f.chair);
  /* Everyone has an address, so that each write queues its messages too. */
  s = db_prepare(f.db, "UPDATE person SET email=lower(replace(name,' ','.'))||'@example.wales' WHERE email IS NULL");
  if( !stmt_exec(s) ) return -1;
  *state = &f;
  return 0;
}

static int group_setup(void **state){
  (void)state;
  /* Circulation on: every message a write causes is queued inside it. */
  struct outbox_config oc = { .bEnabled = true, .zBaseUrl = "https://carecluster.example.wales",
                              .zFrom = "carecluster@example.wales" };
  outbox_configure(&oc);
  setenv("TZ", "Europe/London", 1);
  tzset();
  return i18n_init() && auth_init() ? 0 : -1;
}

static void test_every_write_under_faults(void **state){
  struct fixture *f = *state;
  /* Members and terms of reference. */
  f->membership = walk(f, "membership_add", w_member_add, true, true);
  walk(f, "membership_update", w_member_update, true, true);
  walk(f, "membership_update (e-mail choices)", w_member_mail_choices, true, true);
  walk(f, "notices_prefs_set", w_prefs_set, true, true);
  walk(f, "tor_create_version", w_tor, true, true);
  /* A meeting and its agenda. */
  long long id = walk(f, "meeting_create", w_meeting_create, true, true);
  assert_true(meeting_get_visible(f->db, &f->lead, id, f->zToday, &f->m));
  f->item = walk(f, "agenda_add", w_agenda_add, true, true);
  f->itemInfo = walk(f, "agenda_add (information)", w_agenda_add_info, true, true);
  f->itemProposed = walk(f, "agenda_add (proposal)", w_agenda_propose, true, true);
  f->itemElection = f->itemProposed;
  walk(f, "agenda_update", w_agenda_update, true, true);
  walk(f, "agenda_move", w_agenda_move, false, true);
  walk(f, "agenda_decide", w_agenda_decide, true, true);
  f->itemDeclined = walk(f, "agenda_propose (with a paper)", w_agenda_propose_paper, true, true);
  walk(f, "agenda_decide (decline)", w_agenda_decline, true, true);
  walk(f, "meeting_set_items_deadline", w_items_deadline, true, true);
  /* Another meeting, changed and cancelled before it starts; one already
  ** held, whose declaration is changed and withdrawn. */
  id = walk(f, "meeting_create (ahead)", w_meeting_ahead, true, true);
  assert_true(meeting_get_visible(f->db, &f->lead, id, f->zToday, &f->mAhead));
  walk(f, "meeting_update", w_meeting_update, true, true);
  assert_true(meeting_get_visible(f->db, &f->lead, id, f->zToday, &f->mAhead));
  f->itemAhead = walk(f, "agenda_add (ahead)", w_agenda_add_ahead, true, true);
  walk(f, "agenda_delete", w_agenda_delete, true, true);
  walk(f, "meeting_cancel", w_meeting_cancel, true, true);
  id = walk(f, "meeting_create (held)", w_meeting_held, true, true);
  assert_true(meeting_get_visible(f->db, &f->lead, id, f->zToday, &f->mHeld));
  f->itemHeld = walk(f, "agenda_add (held)", w_agenda_add_held, true, true);
  f->declHeld = walk(f, "declaration_add_registered", w_declaration_held, true, true);
  walk(f, "declaration_update", w_declaration_update, true, true);
  walk(f, "declaration_withdraw", w_declaration_withdraw, true, true);
  walk(f, "attendance_own_apologies", w_own_apologies, true, true);
  /* The meeting held: moved into the past, and the next one scheduled. */
  struct stmt *s = db_prepare(f->db, "UPDATE meeting SET starts_at=?1||'T14:00', ends_at=?1||'T16:00' WHERE id=?2");
  stmt_bind_text(s, 1, HELD_ON);
  stmt_bind_int(s, 2, f->m.id);
  assert_true(stmt_exec(s));
  assert_true(meeting_get_visible(f->db, &f->lead, f->m.id, f->zToday, &f->m));
  struct meeting_input ni = { .zTitle = "Cluster meeting", .zDate = NEXT_ON,
    .zStart = "14:00", .zEnd = "16:00", .zLocation = "Riverside Health Centre", .zOnlineLink = "" };
  struct field_errors ne = {0};
  long long nextId = meeting_create(f->db, &f->lead, f->unit, &ni, SCHEDULED_AT, f->zToday, &ne);
  assert_true(nextId>0);
  assert_true(meeting_get_visible(f->db, &f->lead, nextId, f->zToday, &f->next));
  walk(f, "attendance_set (chair)", w_attend_chair, true, true);
  walk(f, "attendance_set_all (added)", w_attend_added, true, true);
  walk(f, "attendance_set", w_attend_v1, true, true);
  walk(f, "attendance_set", w_attend_v2, true, true);
  walk(f, "attendance_set", w_attend_v3, true, true);
  walk(f, "declaration_add", w_declaration, true, true);
  walk(f, "decision_record", w_decision, true, true);
  walk(f, "election_record", w_election, true, true);
  {
    /* Minutes are written once the meeting has started (record.h): it
    ** was held in the past (no change when it already was). */
    struct stmt *sHeld = db_prepare(f->db,
      "UPDATE meeting SET starts_at='2025-06-10T14:00', ends_at='2025-06-10T16:00'"
      " WHERE id=? AND starts_at>'2025-06-10T14:00'");
    stmt_bind_int(sHeld, 1, f->m.id);
    assert_true(stmt_exec(sHeld));
    assert_true(meeting_get_visible(f->db, &f->lead, f->m.id, f->zToday, &f->m));
  }
  walk(f, "minutes_save", w_minutes_save, true, true);
  walk(f, "notices_minutes_circulate", w_minutes_circulate, true, true);
  walk(f, "minutes_approve", w_minutes_approve, true, true);
  walk(f, "minutes_save (correction)", w_minutes_correct, true, true);
  f->action = walk(f, "action_create", w_action_create, true, true);
  walk(f, "action_update", w_action_update, true, true);
  walk(f, "action_edit", w_action_edit, true, true);
  walk(f, "interest_add", w_interest, true, true);
  f->paper = walk(f, "paper_add", w_paper, true, true);
  f->paperNew = walk(f, "paper_replace", w_paper_replace, true, true);
  walk(f, "paper_withdraw", w_paper_withdraw, true, true);
  walk(f, "meeting_publish_pack", w_publish, false, true);
  walk(f, "calendar_feed_create", w_feed_create, false, true);
  walk(f, "calendar_feed_stop", w_feed_stop, false, true);
  /* Quality improvement. */
  f->project = walk(f, "qi_project_create", w_project_create, true, true);
  walk(f, "qi_project_update", w_project_update, true, true);
  f->primary = walk(f, "qi_driver_add (primary)", w_driver_primary, true, true);
  f->secondary = walk(f, "qi_driver_add (secondary)", w_driver_secondary, true, true);
  f->change = walk(f, "qi_driver_add (change)", w_driver_change, true, true);
  snprintf(f->zId[1], sizeof f->zId[1], "%lld", f->change);
  f->leaf = walk(f, "qi_driver_add (leaf)", w_driver_leaf, true, true);
  walk(f, "qi_driver_update", w_driver_update, true, true);
  walk(f, "qi_driver_delete", w_driver_delete, true, true);
  f->pdsa = walk(f, "qi_pdsa_create", w_pdsa_create, true, true);
  snprintf(f->zId[2], sizeof f->zId[2], "%lld", f->pdsa);
  walk(f, "qi_pdsa_update", w_pdsa_update, true, true);
  f->measure = walk(f, "qi_measure_create", w_measure_create, true, true);
  walk(f, "qi_measure_update", w_measure_update, true, true);
  f->point1 = walk(f, "qi_point_add", w_point1, true, true);
  f->point2 = walk(f, "qi_point_add", w_point2, true, true);
  f->point3 = walk(f, "qi_point_add", w_point3, true, true);
  walk(f, "qi_point_annotate", w_point_annotate, true, true);
  walk(f, "qi_point_delete", w_point_delete, false, true);
  walk(f, "qi_rebase_add", w_rebase_add, true, true);
  walk(f, "qi_rebase_delete", w_rebase_delete, false, true);
  walk(f, "qi_points_import", w_import, true, true);
  f->link = walk(f, "qi_link_add", w_link_add, true, true);
  walk(f, "qi_link_delete", w_link_delete, false, true);
  /* The command line. */
  walk(f, "auth_user_add", w_user_add, true, true);
  walk(f, "auth_token_create", w_token_create, true, true);
  /* Passwords (changing one's own, which records the attempt for the
  ** throttle before the hash as a sign-in does, is tested in test_auth). */
  walk(f, "auth_reset_request", w_reset_request, false, true);
  reset_link_make(f);
  walk(f, "auth_reset_password", w_reset_password, false, true);
  walk(f, "auth_user_set_password", w_user_set_password, true, true);
  /* The scheduled mailings: what was held for Sian Griffiths's digest goes in it. */
  assert_true(fx_count(f->db, "SELECT count(*) FROM outbox WHERE status='held'")>0);
  walk(f, "mailings weekly-reminder", w_weekly_reminder, false, false);
  walk(f, "mailings lead-digest", w_lead_digest, false, false);
  walk(f, "mailings daily-digest", w_daily_digest, false, false);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM outbox WHERE status='held'"), 0);
  assert_true(fx_count(f->db, "SELECT count(*) FROM outbox WHERE kind='lead_digest'")>0);
  assert_int_equal(nProblem, 0);
}

/* The hook itself: off by default, fires once at the call it names, and
** a failed prepare is a statement that fails to step, not a crash. */
static void test_hook(void **state){
  struct fixture *f = *state;
  assert_false(db_fault_fired(f->db));
  db_fault_set(f->db, 2);
  struct stmt *s = db_prepare(f->db, "SELECT count(*) FROM person");   /* call 1 */
  assert_int_equal(stmt_step(s), -1);                                   /* call 2: fails */
  assert_true(db_fault_fired(f->db));
  assert_string_equal(db_errmsg(f->db), "injected fault");
  s = db_prepare(f->db, "SELECT count(*) FROM person");
  assert_int_equal(stmt_step(s), 1);                                    /* once only */
  assert_true(stmt_int(s, 0)>0);
  stmt_done(s);
  db_fault_set(f->db, 1);
  s = db_prepare(f->db, "SELECT count(*) FROM person");                /* a failed prepare */
  stmt_bind_int(s, 1, 1);
  assert_int_equal(stmt_step(s), -1);
  assert_int_equal(stmt_int(s, 0), 0);
  assert_string_equal(stmt_text(s, 0), "");
  assert_true(stmt_is_null(s, 0));
  stmt_done(s);
  db_fault_set(f->db, 1);
  assert_false(db_begin(f->db));
  assert_false(db_in_transaction(f->db));
  unsigned long long before = db_digest(f->db);
  db_fault_set(f->db, 3);
  assert_true(db_begin(f->db));                                         /* call 1 */
  s = db_prepare(f->db, "UPDATE person SET name=name||' (changed)'");   /* call 2 */
  assert_false(stmt_exec(s));                                           /* call 3: fails */
  db_rollback(f->db);
  assert_int_equal(db_digest(f->db), before);
  db_fault_set(f->db, 2);
  assert_true(db_begin(f->db));
  assert_false(db_commit(f->db));                                       /* call 2: fails, rolls back */
  assert_false(db_in_transaction(f->db));
  assert_int_equal(db_fault_calls(f->db), 2);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_hook, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_every_write_under_faults, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, NULL);
}
