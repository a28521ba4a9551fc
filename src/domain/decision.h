/*
** Decisions, votes and declarations of interest on agenda items, and the
** minutes. An item for decision cannot be decided without quorum;
** members who declared a conflict on the item are out of the count and
** out of the vote. A secret ballot stores only its counts.
*/
#ifndef CC_DECISION_H
#define CC_DECISION_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/meeting.h"
#include "domain/member.h"
#include <stdbool.h>

enum declaration_outcome { DECL_LEFT_ROOM, DECL_NO_VOTE, DECL_REMAINED, DECL__MAX };
/* The code of an outcome ("left_room", ...); "?" out of range. The parser
** is false for anything but a code. */
const char *declaration_outcome_code(enum declaration_outcome);
bool declaration_parse_outcome(const char *z, enum declaration_outcome *pOut);

/* Limits on what a form may send (bytes of UTF-8). */
#define DECLARATION_INTEREST_MAX 1000
#define DECISION_TEXT_MAX 2000
#define MINUTES_MAX 20000
#define CORRECTION_REASON_MAX 1000

struct declaration {
  long long id;
  long long agendaItemId;
  long long personId;
  char zName[201];
  char zInterest[1001];
  char zOutcome[12];         /* left_room, no_vote, remained */
};
typedef void (*declaration_cb)(void *pCtx, const struct declaration *);

/* Record a declaration against an (accepted) item of meeting m. The
** person must be a member of the unit on the meeting date or recorded in
** its attendance; the interest is required (up to 1000 bytes); one
** declaration per person per item. Returns the id; 0 with *pErr; -1
** without write access, or when the item is not m's or is restricted
** and pUser may not see restricted items. A declaration with outcome
** left_room or no_vote
** takes the person out of the quorum and the vote on that item. */
long long declaration_add(struct db *, const struct user *, const struct meeting *m,
                          long long itemId, long long personId, const char *zInterest,
                          const char *zOutcome, const char *zToday, struct field_errors *pErr);
/* declaration_add with the reason for the correction, needed once the
** minutes of meeting m are approved (record.h): the declaration is then
** written as a correction. Before the meeting starts nothing is written
** ("error.record_before_start" on "interest"). declaration_add passes no
** reason. */
long long declaration_add_corrected(struct db *, const struct user *, const struct meeting *m,
                                    long long itemId, long long personId, const char *zInterest,
                                    const char *zOutcome, const char *zCorrectionReason,
                                    const char *zToday, struct field_errors *pErr);
/* declaration_add_corrected that, with zRegisterKind (an interest kind code, see
** interest_parse_kind; NULL: not), also adds the interest to the
** person's register of interests, dated the day of the meeting, in the
** same transaction: "error.interest_kind_required" on "register_kind"
** for a bad kind, "error.register_not_allowed" on "register" when pUser
** may not change that person's register. */
long long declaration_add_registered(struct db *, const struct user *, const struct meeting *m,
                                     long long itemId, long long personId, const char *zInterest,
                                     const char *zOutcome, const char *zCorrectionReason,
                                     const char *zRegisterKind, const char *zToday, struct field_errors *pErr);
/* Declaration id into *d, with its meeting into *m and item into *it, if
** pUser may see that item (agenda_item_get_visible); false, as for one
** that does not exist, otherwise. */
bool declaration_get_visible(struct db *, const struct user *, long long id, const char *zToday,
                             struct declaration *d, struct meeting *m, struct agenda_item *it);
/* Change declaration declId of meeting m: its interest and outcome (the
** checks of declaration_add), and with zRegisterKind add the interest to
** the person's register as declaration_add_registered does. Like every
** write of the meeting's record (record.h): from the start until the
** minutes are approved freely, after that only as a correction with a
** reason zReason ("error.correction_reason_required" on
** "correction_reason"), written with record_correction. Audited with old
** and new values. Returns declId; 0 with *pErr; -1 when pUser may not
** (no write access, or not m's, or a restricted item they may not see). */
long long declaration_update(struct db *, const struct user *, const struct meeting *m, long long declId,
                             const char *zInterest, const char *zOutcome, const char *zRegisterKind,
                             const char *zReason, const char *zToday, struct field_errors *pErr);
/* Withdraw (delete) declaration declId of meeting m, under the same rule
** as declaration_update (errors on "confirm" and "correction_reason").
** Audited with what it was. Returns declId; 0 with *pErr; -1. */
long long declaration_withdraw(struct db *, const struct user *, const struct meeting *m, long long declId,
                               const char *zReason, const char *zToday, struct field_errors *pErr);

/* The declarations on item itemId of meeting m withdrawn after its
** minutes were approved (corrections), oldest first: when, the reason,
** and what the declaration said (person, interest, outcome code).
** Returns how many. The caller has checked that the user may see the
** item. */
typedef void (*declaration_withdrawn_cb)(void *pCtx, long long at, const char *zReason, const char *zPerson,
                                         const char *zInterest, const char *zOutcome);
int declarations_withdrawn(struct db *, const struct meeting *m, long long itemId,
                           declaration_withdrawn_cb, void *pCtx);

/* A declaration a person made at a meeting, for their register. */
struct declaration_made {
  long long id;
  long long meetingId;
  char zMeetingStartsAt[17];
  char zMeetingTitle[201];
  long long itemId;
  char zItemTitle[201];
  char zItemStanding[14];
  char zInterest[1001];
  char zOutcome[12];
};
typedef void (*declaration_made_cb)(void *pCtx, const struct declaration_made *);
/* The declarations personId made at meetings, newest meeting first: only
** those at meetings pUser may read, and on restricted items only for a
** user who may see them. Returns how many. */
int declarations_made(struct db *, const struct user *pUser, long long personId, const char *zToday,
                      declaration_made_cb, void *pCtx);
/* Declarations on item itemId of meeting m, by name. The caller has
** checked that the user may see the item. With itemId 0, those on every
** item of the meeting except restricted items. */
int declaration_list(struct db *, const struct meeting *m, long long itemId /* 0: all items */,
                     declaration_cb, void *pCtx);

struct decision {
  long long id;
  long long agendaItemId;
  long long meetingId;
  char zMeetingStartsAt[17];
  char zItemTitle[201];
  char zText[2001];
  char zReason[2001];
  char zVoteKind[8];         /* none, named, secret */
  int nFor, nAgainst, nAbstain;
  int nQuorumRequired, nQuorumPresent;
  char zConflicted[1001];    /* names of those who declared a conflict, comma-separated */
  char zMeetingTitle[201];
  char zItemStanding[14];    /* "" or the standing item's code (meeting.h) */
  bool bRestricted;          /* the item is restricted */
  long long createdAt;
};
typedef void (*decision_cb)(void *pCtx, const struct decision *);

/* What the decision form sends. For a named vote, aVote lists each voting
** person's choice ("for", "against", "abstain"); for a secret ballot the
** counts are given; for none, only the text and reason. */
struct decision_input {
  const char *zText;
  const char *zReason;
  const char *zVoteKind;
  const char *zFor, *zAgainst, *zAbstain;     /* secret ballot counts */
  int nVote;
  struct { long long personId; const char *zChoice; } aVote[64];
  const char *zCorrectionReason;  /* needed once the meeting's minutes are approved */
};

/* Record a decision on item itemId (purpose 'decision') of meeting m.
** Refused with a message when the meeting is not quorate for the item,
** when a conflicted member or a non-voter is recorded as voting, or when
** the counts exceed the voters present. Returns the decision's id; 0 with
** *pErr (nothing written); -1 without write access to m's unit, or when
** the item is not m's or is restricted and pUser may not see it. With its
** votes and audit entry, in one transaction. */
long long decision_record(struct db *, const struct user *, const struct meeting *m,
                          long long itemId, const struct decision_input *, const char *zToday,
                          struct field_errors *pErr);
/* Decisions of meeting m (meetingId>0) or of a whole unit (unitId>0),
** newest first. Decisions on restricted items are left out: use
** decision_list_visible for a user who may see them. */
int decision_list(struct db *, long long unitId, long long meetingId, decision_cb, void *pCtx);
/* The same, with decisions on restricted items included when pUser may
** see restricted items of the unit (its own cluster's members and leads,
** administrators). */
int decision_list_visible(struct db *, const struct user *pUser, long long unitId,
                          long long meetingId, const char *zToday, decision_cb, void *pCtx);
/* True if pUser may see the restricted items of meeting m: the same rule
** as meeting_sees_restricted. False on a database error. */
bool decision_sees_restricted(struct db *, const struct user *pUser, const struct meeting *m);

/* Who voted how in a named vote, by name; returns how many. Nothing for a
** secret ballot. The caller has checked that the user may see the
** decision's item. */
typedef void (*vote_cb)(void *pCtx, long long personId, const char *zName, const char *zChoice);
int decision_votes(struct db *, long long decisionId, vote_cb, void *pCtx);

/* The people who sit for the voting members at meeting m (the filled
** seats of meeting_seats, by the sitter's name): each voting member
** present in person or online, or else whoever deputises for them.
** Returns their number. bConflicted marks those who declared a conflict on item itemId
** that took them out of the vote (left the room, took no part). Those
** not conflicted are the voters of a named vote, and their number is
** meeting_quorum's nPresentVoting. */
struct voter {
  long long personId;
  char zName[201];
  long long deputyForId;     /* 0 unless sitting as a deputy */
  char zDeputyFor[201];
  bool bConflicted;
};
typedef void (*voter_cb)(void *pCtx, const struct voter *);
int decision_voters(struct db *, const struct meeting *m, long long itemId, voter_cb, void *pCtx);
/* True if every person in aVoterId[0..nVoter) may vote on item itemId of
** meeting m: one of decision_voters and not conflicted. Otherwise false,
** with "error.not_a_voter" or "error.conflicted_cannot_vote" (the first
** found) on zField. Used by decisions and elections alike. */
bool decision_check_voters(struct db *, const struct meeting *m, long long itemId,
                           const long long *aVoterId, int nVoter, const char *zField,
                           struct field_errors *pErr);

/* Minutes: Markdown per item, rendered with cmark in safe mode. Approved
** minutes are locked; a later change is a correction with its reason,
** kept in the audit log.
**
** minutes_approve checks write access itself and returns true when
** saved; false with *pErr otherwise, nothing written: "error.not_allowed"
** when pUser may not, else what is wrong, or "error.not_saved". The
** minutes' writers are in minutes.h. */
/* Approve, at meeting m, the minutes of the meeting before it
** (meeting_previous): from m's "Minutes of the last meeting" item itemId,
** once m has started and while m's own record is open. Records which
** meeting approved them (meeting.minutes_approved_by_meeting_id), with
** its audit entry, in one transaction. False with a message on
** "approve" otherwise: "error.record_before_start",
** "error.meeting_cancelled", "error.minutes_approve_locked",
** "error.minutes_no_previous", "error.minutes_already_approved",
** "error.minutes_none" (nothing minuted), "error.not_allowed". */
bool minutes_approve(struct db *, const struct user *, const struct meeting *m, long long itemId,
                     const char *zToday, struct field_errors *pErr);
/* The "Minutes of the last meeting" item of meeting meetingId on its
** agenda, or 0. */
long long minutes_item_of(struct db *, long long meetingId);
/* The meeting that approved the minutes of meeting meetingId, with its
** start into zStartsAt (may be NULL); 0 when they are not approved, or
** were approved before this was recorded. */
long long minutes_approved_by(struct db *, long long meetingId, char zStartsAt[17]);
/* Render Markdown safely to HTML (raw HTML and unsafe links dropped);
** NULL renders as "". The result (never NULL: cmark aborts when out of
** memory) is freed by the caller with free(). */
char *minutes_render(const char *zMarkdown);
/* The Markdown minutes of item itemId of meeting m, or NULL when there
** are none (or the item is not m's). Freed by the caller. No access
** check: the caller has loaded the item for the user. */
char *minutes_get(struct db *, const struct meeting *m, long long itemId);
/* When meeting m's minutes were approved (Unix time), 0 if not (or on a
** database error). */
long long minutes_approved_at(struct db *, const struct meeting *m);

/* ---- the standing register of interests (Nolan principles) ---------- */
enum interest_kind { INTEREST_FINANCIAL, INTEREST_PROFESSIONAL, INTEREST_PERSONAL,
                     INTEREST_INDIRECT, INTEREST_GIFT, INTEREST__MAX };
/* The code of a kind ("financial", ...); "?" out of range. The parser is
** false for anything but a code. */
const char *interest_kind_code(enum interest_kind);
bool interest_parse_kind(const char *z, enum interest_kind *pOut);

struct interest {
  long long id;
  long long personId;
  char zKind[20];            /* financial, professional, personal, indirect, gift_hospitality */
  char zDescription[1001];
  char zDeclaredOn[11];
  char zEndsOn[11];          /* "" while it lasts */
};
typedef void (*interest_cb)(void *pCtx, const struct interest *);

struct interest_input {
  const char *zKind;
  const char *zDescription;  /* required, up to 1000 bytes */
  const char *zDeclaredOn;   /* YYYY-MM-DD, not after today */
  const char *zEndsOn;       /* "" or YYYY-MM-DD, not before zDeclaredOn */
};

/* Person personId if pUser may read one of their units (any unit they
** are or were a member of, or their home unit): their name into zName,
** and into *pbWrite whether pUser may write to one of those units. False,
** as for a person who does not exist, otherwise (answer 404). */
bool interest_person_visible(struct db *, const struct user *pUser, long long personId,
                             const char *zToday, char zName[201], bool *pbWrite);
/* Add an interest to personId's register. Returns the id; 0 with *pErr;
** -1 without write access to one of the person's units. */
long long interest_add(struct db *, const struct user *pUser, long long personId,
                       const struct interest_input *, const char *zToday, struct field_errors *pErr);
/* The person's interests, open-ended ones first, newest first. The caller
** has checked interest_person_visible. */
int interest_list(struct db *, long long personId, interest_cb, void *pCtx);

#endif
