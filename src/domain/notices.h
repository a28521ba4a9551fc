/*
** What the meeting cycle sends (seed 001, "Agenda setting", "A record of
** the meetings"): the call for agenda items, a new proposal to the chair
** and its decision to the proposer, the draft minutes to the members for
** comment and the approved minutes, and the messages of the scheduled
** mailings (src/domain/mailings.h): each person's weekly reminder of their
** actions, the cluster lead's digest of what changed and the daily digest
** of those who asked for one.
**
** Each notices_* function composes one kind of message (src/domain/outbox.h)
** and queues it for each person it concerns, inside the caller's write
** transaction (asserted by outbox_queue). Each returns false only on a
** database failure (the caller's transaction is then doomed); a person
** without an e-mail address is simply not sent anything. Links go to
** pages that ask the reader to sign in: the messages carry no more of the
** record than a title, so that restricted items stay in carecluster.
*/
#ifndef CC_NOTICES_H
#define CC_NOTICES_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "domain/meeting.h"
#include "domain/mail_prefs.h"
#include "domain/outbox.h"
#include "util/buf.h"
#include <stdbool.h>

/* ---- who --------------------------------------------------------------- */

/* The people who chair unitId on zDate (YYYY-MM-DD): its member in the
** Cluster Lead role (one at a time, member.c), else its Deputy Cluster
** Lead; their person ids into a (at most nMax); returns how many. 0 when
** the unit has neither: then notices_proposal_chair tells the users who
** lead its cluster (role cluster_lead, scoped to it or above it). */
int notices_chair_people(struct db *, long long unitId, const char *zDate, long long *a, int nMax);

/* ---- each person's choices ---------------------------------------------- */

/* The signed-in user's own choices (their person's): checked, written
** and audited (the user's record) in one transaction. 1 when saved; 0
** with *pErr; -1 when pUser is not one of the people. */
int notices_prefs_set(struct db *, const struct user *pUser, const char *zMode, const char *zLang,
                      struct field_errors *pErr);

/* ---- the call for items -------------------------------------------------- */

/* The call for agenda items of meeting m (with its items deadline) to
** every member of its unit on zToday: the meeting, when the call closes
** and a link to propose an item. */
bool notices_call_for_items(struct db *, const struct meeting *m, const char *zToday);

/* ---- proposals ----------------------------------------------------------- */

/* Tell the chair of m's unit of item itemId just proposed by pProposer
** (its title, purpose and minutes as in pIn). Nobody is told of their own
** proposal. */
bool notices_proposal_chair(struct db *, const struct user *pProposer, const struct meeting *m,
                            long long itemId, const struct agenda_input *pIn, const char *zToday);
/* Tell the proposer of item it of m (it as it was, proposed) that pChair
** accepted it, or declined it for zReason. */
bool notices_proposal_decided(struct db *, const struct user *pChair, const struct meeting *m,
                              const struct agenda_item *it, bool bAccept, const char *zReason);

/* ---- minutes ------------------------------------------------------------- */

/* Circulate the draft minutes of m to its members for comment (writers:
** checked here): minutes that are a draft ("circulate":
** error.minutes_circulate_none before any is written,
** error.minutes_circulate_approved once approved), of a meeting not
** cancelled, with circulation on (error.circulation_off). Records when
** (meeting.minutes_circulated_at), its audit entry and a message to each
** member of the unit on the meeting's date or on zToday, in one
** transaction. 1 when circulated; 0 with *pErr; -1 without write access
** (answer 404). */
int notices_minutes_circulate(struct db *, const struct user *, const struct meeting *m,
                              const char *zToday, struct field_errors *pErr);
/* When the draft minutes of meeting meetingId were last circulated (Unix
** time), 0 if never. */
long long notices_minutes_circulated_at(struct db *, long long meetingId);
/* The approved minutes of meeting prev, approved at meeting at, to the
** members of prev's unit on its date or on zToday (called inside
** minutes_approve's transaction). */
bool notices_minutes_approved(struct db *, const struct user *pActor, const struct meeting *prev,
                              const struct meeting *at, const char *zToday);

/* ---- the scheduled mailings' messages ------------------------------------ */

/* One action in a weekly reminder. */
struct notices_action {
  long long id;
  char zRef[24];
  const char *zDescription;
  char zDue[11];
  char zUnitName[201];
  char zUnitNameCy[201];
};
/* Person personId's weekly reminder of the n actions a (due on or before
** zToday plus 14 days, open or in progress; those due before zToday
** overdue), for the week starting on Monday zMonday (YYYY-MM-DD). */
bool notices_weekly_reminder(struct db *, long long personId, const struct notices_action *a, int n,
                             const char *zToday, const char *zMonday);

/* One line of a cluster lead's digest. */
enum notices_change_kind {
  CHANGE_ACTION_ADDED, CHANGE_ACTION_UPDATED, CHANGE_ACTION_DONE, CHANGE_ACTION_CANCELLED,
  CHANGE_PROPOSED, CHANGE_ACCEPTED, CHANGE_DECLINED, CHANGE_DECISION, CHANGE_MINUTES_APPROVED,
  CHANGE__MAX
};
struct notices_change {
  enum notices_change_kind kind;
  long long id;              /* the action, item, decision or meeting */
  char zPath[64];            /* its page */
  char zRef[24];             /* an action's reference, "" otherwise */
  char *zText;               /* its description, title or text ("" for minutes) */
  bool bRestricted;          /* on a restricted item: its text stays in carecluster */
  char zMeetingTitle[201];   /* the meeting it is about, "" for an action */
  char zMeetingStart[17];
};
/* User userId's digest of the n changes a in the cluster zUnit (names in
** English and Welsh) since the Unix time since, for local date zDate. */
bool notices_lead_digest(struct db *, long long userId, const char *zUnitName, const char *zUnitNameCy,
                         const char *zUnitSlug, const struct notices_change *a, int n,
                         long long since, const char *zDate);

/* Gather person personId's held messages (status 'held') into one daily
** digest, queued as urgent (it is not held again), and mark them
** 'digested' with digest_id the digest's id: inside the caller's write
** transaction. *pn: how many were gathered (0: nothing to send). */
bool notices_daily_digest(struct db *, long long personId, int *pn);

#endif
