/*
** Meetings of a cluster or group: scheduling, the agenda of timed items
** (standing items added by default), the call for agenda items, and
** attendance with the live quorum. Decisions, declarations and the action
** log build on these (decision.h, action.h).
**
** Times are local wall-clock time in Wales, 'YYYY-MM-DDTHH:MM'.
** Every write checks access_can_write on the meeting's unit, validates,
** and writes its record and audit entry in one transaction. Reads check
** access_can_read before any row leaves the database.
*/
#ifndef CC_MEETING_H
#define CC_MEETING_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/member.h"
#include "domain/quorum.h"
#include <stdbool.h>

struct meeting {
  long long id;
  long long unitId;
  char zUnitSlug[81];
  char zUnitName[201];
  char zUnitNameCy[201];      /* "" when the unit has no Welsh name: unit_name_in() */
  char zTitle[201];
  char zStartsAt[17];        /* YYYY-MM-DDTHH:MM */
  char zEndsAt[17];
  char zLocation[201];
  char zOnlineLink[301];
  char zStatus[12];          /* scheduled, held, cancelled */
  long long packPublishedAt; /* 0 until the agenda pack is circulated */
  char zMinutesStatus[10];   /* none, draft, approved */
  char zItemsDeadline[17];   /* the call for items closes (YYYY-MM-DDTHH:MM); "" for none: the start */
};
typedef void (*meeting_cb)(void *pCtx, const struct meeting *);

/* What the meeting form sends. */
struct meeting_input {
  const char *zTitle;
  const char *zDate;         /* YYYY-MM-DD */
  const char *zStart;        /* HH:MM */
  const char *zEnd;          /* HH:MM */
  const char *zLocation;
  const char *zOnlineLink;
  /* The call for items closes at this date (YYYY-MM-DD) and time (HH:MM),
  ** before the start and not in the past; both blank for none. */
  const char *zDeadlineDate;
  const char *zDeadlineTime;
};

/* Schedule a meeting of unitId with the standing agenda items. zNow is the
** local time now (YYYY-MM-DDTHH:MM): a meeting may not start before it.
** Returns the id; 0 with *pErr for bad input (past, end before start,
** overlapping another meeting of the unit...); -1 without write access. */
long long meeting_create(struct db *, const struct user *, long long unitId,
                         const struct meeting_input *, const char *zNow,
                         const char *zToday, struct field_errors *pErr);
/* Load meeting id into *p if pUser may read its unit on zToday; false,
** as for one that does not exist, otherwise (answer 404). */
bool meeting_get_visible(struct db *, const struct user *, long long id,
                         const char *zToday, struct meeting *p);
/* Meetings of unitId, newest first, at most nMax; returns how many. The
** caller has checked read access to the unit. */
int meeting_list(struct db *, long long unitId, int nMax, meeting_cb, void *pCtx);
/* The meeting of the same unit that comes next after meeting id, if any,
** cancelled ones passed over; false when none. No access check: the
** caller may read meeting id, and so its unit. */
bool meeting_next(struct db *, long long id, struct meeting *p);
/* The meeting of the same unit just before meeting id, as meeting_next. */
bool meeting_previous(struct db *, long long id, struct meeting *p);

/* Load meeting id with no access check (command line exports). */
bool meeting_load(struct db *, long long id, struct meeting *p);

/* Longest reason for cancelling a meeting, in bytes. */
#define MEETING_CANCEL_REASON_MAX 1000

/* Change meeting m's title, date, times, place and online link (chair:
** write access), with meeting_create's checks (not in the past, the end
** after the start, no overlap with another meeting of the unit but
** itself), and only while it is ahead: once it has started (or is held)
** it cannot be moved ("error.meeting_started_move" on "date"), nor once
** cancelled. Audited with the old and new values. Returns m's id (also
** when nothing changed); 0 with *pErr; -1 without write access. */
long long meeting_update(struct db *, const struct user *, const struct meeting *m,
                         const struct meeting_input *, const char *zNow, const char *zToday,
                         struct field_errors *pErr);
/* Cancel meeting m with a reason (required, up to
** MEETING_CANCEL_REASON_MAX bytes), before it starts
** ("error.meeting_started_cancel" on "reason" after). Audited. Returns m's
** id; 0 with *pErr; -1 without write access. */
long long meeting_cancel(struct db *, const struct user *, const struct meeting *m,
                         const char *zReason, const char *zToday, struct field_errors *pErr);
/* The reason meeting id was cancelled into zOut; false (zOut "") when it
** is not cancelled. The caller has checked read access. */
bool meeting_cancel_reason(struct db *, long long id, char *zOut, size_t nOut);
/* ---- the call for items ---------------------------------------------------
** Members of the cluster propose items until the call for items closes:
** at the meeting's items_deadline, or without one when it starts. */

/* When the call for items of m closes, into zOut (YYYY-MM-DDTHH:MM), and
** whether it is open at zNow (local time): not cancelled, not held, and
** zNow before that. */
bool meeting_call_open(const struct meeting *m, const char *zNow, char zOut[17]);
/* Set (or, with both blank, clear) the call-for-items deadline of m:
** a valid date ("items_deadline": error.deadline_date_invalid) and time
** ("items_deadline_time": error.time_invalid), before the start
** (error.deadline_after_start) and after zNow (error.deadline_past), on a
** meeting not cancelled and not started. Audited. 1 when saved, 0 with
** *pErr, -1 without write access (answer 404). */
int meeting_set_items_deadline(struct db *, const struct user *, const struct meeting *m,
                               const char *zDate, const char *zTime, const char *zNow,
                               const char *zToday, struct field_errors *pErr);
/* A proposal's zProposedBy, when its proposer is no person of the
** cluster: the name of the user who proposed it (agenda_list and
** agenda_get give a person's name only, which is most of them). */
struct agenda_item;
void agenda_proposer_name(struct db *, struct agenda_item *it);
/* The person a signed-in user is, or 0. */
long long meeting_user_person(struct db *, const struct user *);
/* May pUser propose items to m: a member (role member) who may read its
** unit. Says nothing about the deadline (meeting_call_open). */
bool meeting_may_propose(struct db *, const struct user *, const struct meeting *m, const char *zToday);

/* ---- agenda ---------------------------------------------------------- */
enum agenda_purpose { PURPOSE_INFORMATION, PURPOSE_DISCUSSION, PURPOSE_DECISION,
                      PURPOSE_ACTION, PURPOSE__MAX };
/* The code of a purpose ("information", ...); "?" out of range. The
** parser is false for anything but a code, NULL included. */
const char *agenda_purpose_code(enum agenda_purpose);
bool agenda_parse_purpose(const char *z, enum agenda_purpose *pOut);
/* Translation keys: of a purpose code ("purpose.decision"), and of a
** standing item code ("standing.minutes", NULL for an item of its own). */
const char *agenda_purpose_key(const char *zPurpose);
const char *agenda_standing_key(const char *zStanding);
/* The key to show for an item's title: the standing item's key while its
** stored title is still the default English one, else NULL (show zTitle). */
const char *agenda_title_key(const char *zStanding, const char *zTitle);

struct agenda_item {
  long long id;
  long long meetingId;
  int position;              /* 1-based among accepted items */
  char zTitle[201];
  char zPurpose[12];
  long long leadPersonId;    /* 0 when none */
  char zLeadName[201];
  int durationMinutes;
  char zStanding[14];        /* "" or welcome, apologies, declarations, minutes, actions, aob */
  char zStatus[10];          /* proposed, accepted, declined */
  char zProposedBy[201];
  long long proposedById;    /* the proposer's person id (0 for the chair's own items, or a proposer who is no person) */
  long long proposedByUserId;/* the proposer's user id, 0 for the chair's own items (and proposals before it was kept) */
  bool bRestricted;
  char zDescription[2001];   /* what a proposal is about ("" when none) */
  char zDeclineReason[1001]; /* why the chair declined it ("" unless declined) */
  char zStart[6];            /* HH:MM computed from the meeting start and durations */
};
typedef void (*agenda_cb)(void *pCtx, const struct agenda_item *);
/* Was item it proposed by a member (rather than added by the chair)? */
static inline bool agenda_is_proposal(const struct agenda_item *it){
  return it->proposedByUserId>0 || it->proposedById>0;
}

struct agenda_input {
  const char *zTitle;
  const char *zPurpose;
  const char *zLeadPersonId; /* "" for none; must be a current member of the unit */
  const char *zDuration;     /* minutes, 1..480 */
  const char *zRestricted;   /* "1" for restricted */
  const char *zDescription;  /* what it is about: required of a proposal, up to 2,000 characters */
};

/* Items of meeting m in agenda order: accepted ones with their computed
** start times, then (when bWithProposals) proposed and declined ones. A
** restricted item keeps its slot (so the times add up) but its title and
** lead are blanked for users who may not see it (meeting_sees_restricted). */
int agenda_list(struct db *, const struct user *, const struct meeting *, bool bWithProposals,
                agenda_cb, void *pCtx);
/* How many items are on meeting meetingId's agenda (accepted), without
** reading them; -1 on a database error. */
int agenda_count_accepted(struct db *, long long meetingId);
/* Add an item at the end (before "any other business"), as accepted when
** bByChair (write access), else as a proposal from the user's person (a
** member of the unit's own cluster). Returns the item's id; -1 when the
** user may not; 0 with *pErr for bad input: besides the form's fields, a
** cancelled meeting ("title"), and for a proposal a meeting already held
** or started ("title": error.proposal_meeting_held) or one marked
** restricted ("restricted": error.proposal_restricted, only the chair
** marks an item restricted). */
long long agenda_add(struct db *, const struct user *, const struct meeting *,
                     const struct agenda_input *, bool bByChair, const char *zToday,
                     struct field_errors *pErr);
/* What a proposal carries with it besides its fields (a paper: see
** agenda_propose in paper.h): xCheck adds its errors to the proposal's,
** after the fields' own; xAttach writes it inside the proposal's
** transaction once the item has its id (false rolls the whole proposal
** back). */
struct agenda_attachment {
  void (*xCheck)(void *pCtx, struct field_errors *);
  bool (*xAttach)(void *pCtx, struct db *, const struct user *, const struct meeting *, long long itemId);
  void *pCtx;
};
/* A member's proposal of an item to m, with its description and, when
** pAttach is not NULL, what it carries: agenda_add's checks for a
** proposal, a description ("description": error.description_required),
** the call for items open (meeting_call_open; "title":
** error.proposal_meeting_held once the meeting has started,
** error.proposal_deadline_passed once the deadline has passed) and
** pAttach's. The item, what it carries and their audit entries are
** written in ONE transaction. Returns the item's id; -1 when the user may
** not propose (meeting_may_propose); 0 with *pErr. */
long long agenda_propose_with(struct db *, const struct user *, const struct meeting *,
                              const struct agenda_input *, const struct agenda_attachment *pAttach,
                              const char *zToday, struct field_errors *pErr);
/* Change an accepted or proposed item's title, purpose, duration, lead
** and whether it is restricted (zRestricted "1", or NULL or "" for not;
** anything else "error.restricted_invalid") (chair: write access), with
** agenda_add's checks. False with pErr empty
** when the user may not or the item is not there. */
bool agenda_update(struct db *, const struct user *, const struct meeting *, long long itemId,
                   const struct agenda_input *, const char *zToday, struct field_errors *pErr);
/* Delete item itemId of meeting m (chair: write access), an item on the
** agenda (a proposal is declined instead: "error.item_not_on_agenda"),
** before the meeting starts ("error.item_delete_started" on "confirm"
** after, or "error.meeting_cancelled"); the items after it move up. Refused while
** papers are attached ("error.item_has_papers": withdraw them first) or
** anything is recorded against it ("error.item_has_record"). Audited.
** Returns itemId; 0 with *pErr; -1 when the user may not (or the item
** is not m's). */
long long agenda_delete(struct db *, const struct user *, const struct meeting *m, long long itemId,
                        const char *zToday, struct field_errors *pErr);
/* Accept or decline a proposed item (chair: write access, checked here),
** audited. A decline needs zReason ("reason": error.decline_reason_required,
** up to 1,000 characters), which is kept for the proposer to see. 1 when
** decided; -1, nothing written, when the user may not or the item is not
** m's or not (or no longer) proposed; 0 with *pErr for a bad reason or a
** database failure. The caller has loaded the item for the user
** (agenda_item_get_visible). */
int agenda_decide(struct db *, const struct user *, const struct meeting *, long long itemId,
                  bool bAccept, const char *zReason, const char *zToday, struct field_errors *pErr);
/* Move an accepted item up (-1) or down (+1) by swapping it with its
** neighbour. False, nothing written, when the user may not write (checked
** here), delta is neither, the item is not m's or not accepted, there is
** no neighbour that way, or the database fails. */
bool agenda_move(struct db *, const struct user *, const struct meeting *, long long itemId,
                 int delta, const char *zToday);
/* Restricted items stay within the cluster: their titles, decisions and
** minutes are for the cluster's own members and leads (users scoped to it)
** and administrators, not for health board or national readers. False on
** a database error. */
bool meeting_sees_restricted(struct db *, const struct user *, const struct meeting *m);
/* Load one item of meeting m (no restricted check: see meeting_sees_restricted). */
bool agenda_get(struct db *, const struct meeting *m, long long itemId, struct agenda_item *p);
/* The one loader of an item for a user: meeting meetingId into *m and its
** item itemId into *it, if pUser may read the meeting and, when the item
** is restricted, see restricted items (meeting_sees_restricted). False,
** as for an item that does not exist, otherwise. Every path that shows
** or changes an item loads it through this. */
bool agenda_item_get_visible(struct db *, const struct user *pUser, long long meetingId, long long itemId,
                             const char *zToday, struct meeting *m, struct agenda_item *it);

/* ---- attendance and quorum ---------------------------------------------- */
enum attendance_status { ATT_PRESENT, ATT_ONLINE, ATT_DEPUTY, ATT_IN_ATTENDANCE,
                         ATT_APOLOGIES, ATT_ABSENT, ATT__MAX };
/* The code of a status ("present", ...); "?" out of range. The parser is
** false for anything but a code. */
const char *attendance_code(enum attendance_status);
bool attendance_parse(const char *z, enum attendance_status *pOut);
/* Translation key of an attendance code; "" gives "attendance.not_recorded". */
const char *attendance_key(const char *zStatus);

struct attendee {
  long long personId;
  char zName[201];
  char zRoleKey[64];
  bool bVoting;              /* a voting member of the unit on the day */
  bool bChair;               /* cluster lead or deputy */
  char zStatus[16];          /* "" when not yet recorded */
  long long deputyForId;     /* for a deputy: the member they stood in for */
  char zDeputyFor[201];      /* and that member's name */
  char zOrganisation[201];   /* the person's organisation, "" when none recorded */
  char zRole[201];           /* the role in which someone added at the meeting attended, "" when none */
};
typedef void (*attendee_cb)(void *pCtx, const struct attendee *);

/* Everyone expected at meeting m: members of the unit on the meeting date
** (zRoleKey set), then anyone else recorded (deputies and people also in
** attendance, zRoleKey ""), with what was recorded: the status, whom a
** deputy stood in for (id and name), the organisation and the role of
** someone added at the meeting. Returns how many. The caller has checked
** read access. */
int attendance_list(struct db *, const struct meeting *m, attendee_cb, void *pCtx);

/* The rule of attendance as the record of a meeting (record.h):
**   - before the meeting starts only apologies are recorded or withdrawn
**     ("error.record_before_start" on a row's "status" for anything else);
**   - from the start until the minutes are approved, anything;
**   - once they are approved, a change needs a reason and is written as a
**     correction (record_correction, kind "attendance", record id the
**     person's id, old and new values {"status":…, "deputy_for_person_id":…,
**     "role":…}; a row removed has new values NULL, a row added old NULL);
**   - nothing for a cancelled meeting.
** A deputy names the member on the day whose seat they take, and may be
** a member or someone who is not. Someone who is not a member attends
** only as a deputy or in attendance. */

/* Record a person's attendance (no reason: refused once the minutes are
** approved). Checks write access itself. True when written with its audit
** entry; false with *pErr ("error.not_allowed" on "status" when pUser may
** not write), nothing written. */
bool attendance_set(struct db *, const struct user *, const struct meeting *m, long long personId,
                    const char *zStatus, long long deputyForId, const char *zToday,
                    struct field_errors *pErr);

/* One row of the meeting page's attendance form. */
struct attendance_entry {
  long long personId;        /* 0: someone not a member, added by the three fields below */
  const char *zStatus;       /* an attendance code (attendance_parse); "" removes what was recorded */
  long long deputyForId;     /* for "deputy": the member they stand in for */
  const char *zName;         /* personId 0: name (required), */
  const char *zOrganisation; /* organisation (required) */
  const char *zRole;         /* and role at the meeting (optional), each at most 200 bytes */
};
/* Record the rows of aRow[0..nRow) at meeting m all or none: each row is
** checked against the meeting with the rows before it, and all are
** written, each with its audit entry (and correction), in ONE
** transaction. Someone added by name and organisation is the person of
** the unit already added under that name and organisation who is not a
** member, or a new person. aErr holds nRow field_errors (zeroed by the
** caller); row i's errors go into aErr[i] (fields "status", "deputy_for",
** and for someone added "name", "organisation", "role"). Errors of the
** whole form go into *pFormErr: "correction_reason" (approved minutes
** and no good reason), "status" (cancelled, or "error.not_saved" when the
** database fails). zReason: the reason for a correction, or NULL. True
** when every row was written (nRow 0: nothing to do). False when pUser
** may not write the meeting's unit (every error empty: answer 404), or
** with the errors; nothing is written then. */
bool attendance_set_all(struct db *, const struct user *, const struct meeting *m,
                        const struct attendance_entry *aRow, int nRow, const char *zReason,
                        const char *zToday, struct field_errors *pFormErr, struct field_errors *aErr);

/* The person of user u when they are a member of m's unit on the meeting
** date (0 otherwise), with their attendance as recorded in zStatus ("" for
** none). */
long long attendance_user_person(struct db *, const struct user *u, const struct meeting *m, char zStatus[16]);
/* A member sends (bSend) or withdraws their own apologies for meeting m,
** which needs no write access: only before the meeting starts
** ("error.apologies_started" on "apologies" after; a withdrawal touches
** only apologies). Audited. False with e empty when u has no person who
** is a member on the day (answer 404); false with e on a refusal or a
** database failure. Sending twice, or withdrawing none, is no change. */
bool attendance_own_apologies(struct db *, const struct user *u, const struct meeting *m, bool bSend,
                              struct field_errors *e);

/* ---- seats ---------------------------------------------------------------
** Who sits in a seat, one rule for the quorum, the voters of a decision
** or an election and the check that a seat is free. Every member of the
** unit on the meeting date has one seat. It is filled by the member when
** recorded present or online; else by the deputy recorded for them; else
** it is empty. The member comes first because a member in the room
** needs no deputy. Should two deputies ever be recorded for one seat the
** one with the lowest person id sits: attendance_set refuses a second
** deputy inside its write transaction, so this happens only to data
** recorded before that check was transactional or written by hand, and
** all that matters then is that every caller names the same sitter (the
** quorum and the vote list must agree on whose conflict counts), with
** portable SQL. */
struct seat {
  long long memberId;        /* the member whose seat it is */
  char zMemberName[201];
  bool bVoting;              /* a voting member on the day */
  bool bChair;               /* holds the chair or deputy chair in a voting membership */
  char zRoles[256];          /* the member's role codes as ",code,code," */
  long long sitterId;        /* who sits in it: memberId, a deputy, or 0 (empty) */
  char zSitterName[201];     /* "" when empty */
  bool bConflicted;          /* the sitter declared a conflict on the item that takes them out */
};
typedef void (*seat_cb)(void *pCtx, const struct seat *);
/* Every seat at meeting m, filled ones first by the sitter's name then
** id, then empty ones by the member's name. itemId: the agenda item whose
** declarations set bConflicted (0: none). The caller has checked read
** access. Returns the number of seats. */
int meeting_seats(struct db *, const struct meeting *m, long long itemId, seat_cb, void *pCtx);

/* The quorum of meeting m, for agenda item itemId (0: the meeting as a
** whole), under the unit's newest terms of reference agreed on or before
** the meeting date (or, without any, half the voting members and the
** chair). Members who declared a conflict on the item are out of the
** count. The caller has checked read access. No failure is reported: a
** database error leaves the counts short. */
void meeting_quorum(struct db *, const struct meeting *m, long long itemId,
                    struct quorum_result *pOut);

#endif
