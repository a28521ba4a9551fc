/* Demonstration quality improvement project (see demo.h): entered through
** the rules of src/domain/qi.h, with deterministic values. */
#include "domain/demo.h"
#include "domain/qi.h"
#include "domain/unit.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Today plus nDays as YYYY-MM-DD (UTC, as text_today). */
static void day_offset(int nDays, char zOut[11]){
  time_t t = time(0) + (time_t)nDays*86400;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zOut, 11, "%Y-%m-%d", &tm);
}

static void id_text(long long id, char zOut[24]){ snprintf(zOut, 24, "%lld", id); }

struct team { long long a[4]; int n; };
static void collect_team(void *pCtx, const struct membership *m){
  struct team *t = pCtx;
  if( t->n<3 ) t->a[t->n++] = m->personId;
}

static bool fail(const char *zWhat, const struct field_errors *e){
  fprintf(stderr, "carecluster: demo quality improvement %s: %s\n", zWhat,
          e->n ? e->a[0].zKey : "refused");
  return false;
}

/* Deterministic noise in [-1, 1]: a fixed linear congruential sequence. */
static double noise(unsigned *pSeed){
  *pSeed = *pSeed*1103515245u + 12345u;
  return (double)((*pSeed>>16)&0x7fff)/16383.5 - 1.0;
}

#define WEEKS 30

bool demo_qi(struct db *db, const char *zSlug){
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
  struct field_errors e = {0};

  /* Weekly data from 30 weeks ago; the project started two weeks before. */
  int week0 = -7*(WEEKS-1);
  char zStart[11];
  day_offset(week0-14, zStart);
  struct team team = {{0}, 0};
  membership_list(db, cl.id, true, zToday, collect_team, &team);
  struct qi_project_input pin = {
    .zTitle = "Reduce waiting time for routine GP appointments",
    .zAim = "By the end of the year, the third next available routine GP appointment in every practice"
            " of the cluster is within 7 days, from a median of 14 days, without more same-day"
            " urgent requests.",
    .zMeasuresQuestion = "Outcome: days to the third next available routine appointment, weekly.\n"
                         "Process: the proportion of routine requests directed by care navigation to a"
                         " community pharmacy, optometrist or first contact physiotherapist.\n"
                         "Balancing: urgent on-the-day requests a week, so that waits are not moved"
                         " to the urgent system.",
    .zChangesQuestion = "Care navigation at first contact with a shared script; signposting in the"
                        " online request form; text reminders to cut missed appointments; a weekly"
                        " demand and capacity review to set appointment templates.",
    .steeep = QI_TIMELY | QI_EFFICIENT | QI_PERSON_CENTRED,
    .aTeam = team.a, .nTeam = team.n,
    .zTeamOthers = "Practice managers of the four pilot practices; Community Health Council representative",
    .zStartOn = zStart, .zStatus = "active",
  };
  long long project = qi_project_create(db, &sys, cl.id, &pin, zToday, &e);
  if( project<=0 ) return fail("project", &e);

  /* Driver diagram: 2 primary, 4 secondary, 5 change ideas. */
  long long p1 = qi_driver_add(db, &sys, project, 0, "primary",
    "Demand for routine appointments is matched to the right professional", zToday, &e);
  long long s1 = qi_driver_add(db, &sys, project, p1, "secondary", "Care navigation at first contact", zToday, &e);
  long long cScript = qi_driver_add(db, &sys, project, s1, "change",
    "Care navigators use a shared script to direct requests to pharmacy, optometry or physiotherapy", zToday, &e);
  long long cOnline = qi_driver_add(db, &sys, project, s1, "change",
    "The online request form signposts to first contact services", zToday, &e);
  long long s2 = qi_driver_add(db, &sys, project, p1, "secondary",
    "Community pharmacy common ailments scheme is known and trusted", zToday, &e);
  long long cSlip = qi_driver_add(db, &sys, project, s2, "change",
    "Reception hands out pharmacy referral slips", zToday, &e);
  long long p2 = qi_driver_add(db, &sys, project, 0, "primary",
    "GP capacity for routine appointments is used fully", zToday, &e);
  long long s3 = qi_driver_add(db, &sys, project, p2, "secondary", "Fewer missed appointments", zToday, &e);
  long long cText = qi_driver_add(db, &sys, project, s3, "change",
    "Text message reminders 48 hours before the appointment", zToday, &e);
  long long s4 = qi_driver_add(db, &sys, project, p2, "secondary", "Appointment templates match demand", zToday, &e);
  long long cReview = qi_driver_add(db, &sys, project, s4, "change",
    "Weekly demand and capacity review sets the next week's template", zToday, &e);
  if( p1<=0 || s1<=0 || cScript<=0 || cOnline<=0 || s2<=0 || cSlip<=0 || p2<=0 || s3<=0 || cText<=0
   || s4<=0 || cReview<=0 ) return fail("driver", &e);

  /* PDSA cycles: a ramp of three on the script (adapt, adapt, adopt) and
  ** one abandoned on the referral slips. */
  char zScript[24], zSlip[24], zPrev[24];
  id_text(cScript, zScript);
  id_text(cSlip, zSlip);
  char zS1[11], zE1[11], zS2[11], zE2[11], zS3[11], zE3[11], zSA[11], zEA[11];
  day_offset(week0+7*9, zS1);  day_offset(week0+7*9+4, zE1);
  day_offset(week0+7*11, zS2); day_offset(week0+7*13-1, zE2);
  day_offset(week0+7*14, zS3); day_offset(week0+7*18-1, zE3);
  day_offset(week0+7*10, zSA); day_offset(week0+7*13-1, zEA);
  struct qi_pdsa_input c1 = {
    .zChangeId = zScript, .zPreviousId = "",
    .zTitle = "Script with one care navigator, one morning",
    .zPlan = "One care navigator at one practice uses the draft script for the Monday morning telephone peak.",
    .zPrediction = "One routine request in five will be directed to another professional.",
    .zDataPlan = "Tally of routine requests and where each was directed.",
    .zDo = "Done as planned: 46 routine requests handled.",
    .zStudy = "7 of 46 (15%) directed elsewhere, fewer than predicted: callers asked who the pharmacist was.",
    .zAct = "adapt", .zActText = "Add a sentence about the pharmacist's training; try with every navigator.",
    .zStartOn = zS1, .zEndOn = zE1,
  };
  long long a1 = qi_pdsa_create(db, &sys, project, &c1, zToday, &e);
  if( a1<=0 ) return fail("cycle 1", &e);
  id_text(a1, zPrev);
  struct qi_pdsa_input c2 = {
    .zChangeId = zScript, .zPreviousId = zPrev,
    .zTitle = "Revised script with every navigator at one practice, two weeks",
    .zPlan = "All four care navigators at the practice use the revised script for two weeks.",
    .zPrediction = "One routine request in five directed elsewhere; no rise in complaints.",
    .zDataPlan = "Daily tally by navigator; complaints log.",
    .zDo = "Two navigators were on leave in the second week.",
    .zStudy = "21% directed elsewhere; no complaints. Optometry was rarely offered: navigators unsure of the service.",
    .zAct = "adapt", .zActText = "Add the eye health examination service to the script with a list of optometrists.",
    .zStartOn = zS2, .zEndOn = zE2,
  };
  long long a2 = qi_pdsa_create(db, &sys, project, &c2, zToday, &e);
  if( a2<=0 ) return fail("cycle 2", &e);
  id_text(a2, zPrev);
  struct qi_pdsa_input c3 = {
    .zChangeId = zScript, .zPreviousId = zPrev,
    .zTitle = "Script in the four pilot practices for a month",
    .zPlan = "Every care navigator in the four pilot practices uses the script for four weeks.",
    .zPrediction = "Around one routine request in five directed elsewhere; third next available appointment falls.",
    .zDataPlan = "Weekly proportion directed elsewhere (p chart); third next available appointment (XmR).",
    .zDo = "Done as planned, with a 20-minute briefing for each practice.",
    .zStudy = "22% directed elsewhere, sustained; the wait fell from about 14 to about 9 days.",
    .zAct = "adopt", .zActText = "Adopt in the four practices; offer to the rest of the cluster.",
    .zStartOn = zS3, .zEndOn = zE3,
  };
  long long a3 = qi_pdsa_create(db, &sys, project, &c3, zToday, &e);
  if( a3<=0 ) return fail("cycle 3", &e);
  struct qi_pdsa_input c4 = {
    .zChangeId = zSlip, .zPreviousId = "",
    .zTitle = "Pharmacy referral slips at one reception desk",
    .zPlan = "Reception staff at one practice hand a referral slip to patients asking for a routine appointment"
             " for a common ailment.",
    .zPrediction = "Half of those given a slip will use the pharmacy.",
    .zDataPlan = "Slips handed out; slips returned by the pharmacy.",
    .zDo = "Slips were handed out for two weeks.",
    .zStudy = "Only 6 of 52 slips came back, and reception found the conversation awkward at a busy desk.",
    .zAct = "abandon", .zActText = "Stop: navigation on the telephone reaches more patients.",
    .zStartOn = zSA, .zEndOn = zEA,
  };
  if( qi_pdsa_create(db, &sys, project, &c4, zToday, &e)<=0 ) return fail("cycle 4", &e);

  /* Measures. */
  struct qi_measure_input mOut = {
    .zKind = "outcome", .zName = "Third next available routine GP appointment",
    .zDefinition = "Each Monday at 09:00, the number of days to the third next available routine"
                   " (non-urgent) GP appointment, averaged over the four pilot practices.",
    .zUnit = "days", .zDirection = "decrease", .zTarget = "7", .zChart = "xmr", .bScreenOutliers = true,
  };
  struct qi_measure_input mProc = {
    .zKind = "process", .zName = "Routine requests directed to another professional",
    .zDefinition = "Of routine requests taken by care navigators in the week, those directed to a community"
                   " pharmacy, optometrist or first contact physiotherapist.",
    .zUnit = "%", .zDirection = "increase", .zTarget = "", .zChart = "p", .bScreenOutliers = true,
  };
  struct qi_measure_input mBal = {
    .zKind = "balancing", .zName = "Urgent on-the-day requests",
    .zDefinition = "Requests for an urgent same-day GP appointment in the week, four pilot practices.",
    .zUnit = "requests a week", .zDirection = "neutral", .zTarget = "", .zChart = "run", .bScreenOutliers = true,
  };
  long long mo = qi_measure_create(db, &sys, project, &mOut, zToday, &e);
  long long mp = qi_measure_create(db, &sys, project, &mProc, zToday, &e);
  long long mb = qi_measure_create(db, &sys, project, &mBal, zToday, &e);
  if( mo<=0 || mp<=0 || mb<=0 ) return fail("measure", &e);

  char zA1[24], zA2[24], zA3[24];
  id_text(a1, zA1); id_text(a2, zA2); id_text(a3, zA3);
  unsigned seed = 20240611u;
  char zShift[11] = "";
  for(int w=0; w<WEEKS; w++){
    char zOn[11], zValue[32], zNum[32], zDen[32];
    day_offset(week0+7*w, zOn);
    /* The wait: about 14 days, falling to about 9 from the month of cycle 3. */
    bool bAfter = w>=15;
    double wait = (bAfter ? 9.0 : 14.0) + 1.6*noise(&seed);
    if( w==14 ) wait = 11.9;
    snprintf(zValue, sizeof zValue, "%.1f", wait);
    const char *zNote = "", *zPdsa = "";
    if( w==9 ){ zNote = "Script tried with one care navigator"; zPdsa = zA1; }
    if( w==11 ){ zNote = "Revised script, every navigator at one practice"; zPdsa = zA2; }
    if( w==14 ){ zNote = "Script in the four pilot practices"; zPdsa = zA3; }
    if( w==22 ){ zNote = "Bank holiday week"; }
    struct qi_point_input po = { .zOn = zOn, .zValue = zValue, .zNote = zNote, .zPdsaId = zPdsa };
    if( qi_point_add(db, &sys, mo, &po, zToday, &e)<=0 ) return fail("outcome point", &e);
    if( w==15 ) memcpy(zShift, zOn, 11);
    /* Directed elsewhere: about 8% of ~440 requests, 21% after. */
    int den = 420 + (int)(30*noise(&seed));
    double rate = w<9 ? 0.08 : w<14 ? 0.15 : 0.21;
    int num = (int)(den*rate + 6*noise(&seed));
    if( num<0 ) num = 0;
    snprintf(zNum, sizeof zNum, "%d", num);
    snprintf(zDen, sizeof zDen, "%d", den);
    struct qi_point_input pp = { .zOn = zOn, .zNumerator = zNum, .zDenominator = zDen,
                                 .zNote = w==14 ? "Script adopted in the pilot practices" : "",
                                 .zPdsaId = w==14 ? zA3 : "" };
    if( qi_point_add(db, &sys, mp, &pp, zToday, &e)<=0 ) return fail("process point", &e);
    /* Urgent requests: steady around 180 a week. */
    snprintf(zValue, sizeof zValue, "%d", 180 + (int)(14*noise(&seed)));
    struct qi_point_input pb = { .zOn = zOn, .zValue = zValue, .zNote = "", .zPdsaId = "" };
    if( qi_point_add(db, &sys, mb, &pb, zToday, &e)<=0 ) return fail("balancing point", &e);
  }
  if( qi_rebase_add(db, &sys, mo, zShift,
        "Care navigation script adopted in the four pilot practices: a new process, so new limits",
        zToday, &e)<=0 ) return fail("rebase", &e);

  /* Links to a decision and an action of the cluster, when there are any. */
  struct stmt *s = db_prepare(db,
    "SELECT d.id FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id"
    "  JOIN meeting m ON m.id=a.meeting_id"
    " WHERE m.unit_id=?1 AND a.restricted=0 ORDER BY (d.text LIKE ?2) DESC, d.id LIMIT 1");
  stmt_bind_int(s, 1, cl.id);
  stmt_bind_text(s, 2, "%pharmacy%");
  long long dec = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  s = db_prepare(db,
    "SELECT id FROM action WHERE unit_id=?1 ORDER BY (description LIKE ?2) DESC, id LIMIT 1");
  stmt_bind_int(s, 1, cl.id);
  stmt_bind_text(s, 2, "%pharmacy%");
  long long act = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  if( dec>0 && qi_link_add(db, &sys, project, "decision", dec, zToday, &e)<=0 ) return fail("link", &e);
  if( act>0 && qi_link_add(db, &sys, project, "action", act, zToday, &e)<=0 ) return fail("link", &e);
  return true;
}
