/*
** The action log (seed 001, "A record of the meetings"): Action Ref,
** Meeting Date, Action, Lead, Status, Progress notes with dates, due date.
** Open actions appear under "Review of actions" on the unit's next
** meeting. Lists are paginated with keysets, never OFFSET.
*/
#ifndef CC_ACTION_H
#define CC_ACTION_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/member.h"
#include <stdbool.h>

enum action_status { ACTION_OPEN, ACTION_IN_PROGRESS, ACTION_DONE, ACTION_CANCELLED, ACTION__MAX };
/* The code of a status ("open", "in_progress", "done", "cancelled");
** "open" for a value out of range. */
const char *action_status_code(enum action_status);
/* A status code to enum action_status; false for anything else. */
bool action_parse_status(const char *z, enum action_status *pOut);

/* Texts are limited in characters; a character of UTF-8 takes up to 4 bytes. */
#define ACTION_TEXT_MAX 1000

struct action {
  long long id;
  long long unitId;
  char zRef[24];             /* e.g. "CSW-014": unit initials and a number */
  long long meetingId;       /* 0 when raised outside a meeting */
  char zMeetingDate[11];     /* YYYY-MM-DD of that meeting, or "" */
  char zDescription[4*ACTION_TEXT_MAX+1];
  long long leadPersonId;
  char zLeadName[201];
  char zStatus[12];
  char zDue[11];             /* "" when none */
  char zLastProgress[4*ACTION_TEXT_MAX+1];  /* the latest progress note, or "" */
  char zLastProgressOn[11];
  /* Added with the pages and exports. */
  long long agendaItemId;    /* 0 when none */
  char zUnitSlug[81];
  char zUnitName[201];
  char zUnitNameCy[201];      /* "" when the unit has no Welsh name: unit_name_in() */
  bool bOverdue;             /* due before today and still open or in progress */
};
typedef void (*action_cb)(void *pCtx, const struct action *);

struct action_input {
  const char *zDescription;  /* required, up to 1000 characters */
  const char *zLeadPersonId; /* a current member of the unit */
  const char *zDue;          /* YYYY-MM-DD or "" */
  long long meetingId;       /* 0 or a meeting of the unit */
  long long agendaItemId;    /* 0 or an item of that meeting */
  const char *zCorrectionReason; /* needed to raise one at a meeting whose minutes are approved */
  long long objectiveId;     /* 0 or an objective of a plan of the unit, which the action
                             ** delivers: linked in the same transaction (plan_objective_action) */
};

struct action_filter {
  const char *zStatus;       /* NULL: any; "open" means open or in progress */
  bool bOverdue;             /* due before zToday and not done/cancelled */
  long long leadPersonId;    /* 0: anyone */
  long long beforeMeetingId; /* >0: only actions raised before that meeting started */
  long long afterId;         /* keyset: ids greater than this (0: from the start) */
  int nMax;                  /* page size */
  long long meetingId;       /* >0: only actions raised at that meeting */
};

/* Raise an action on unitId (checks write access itself). Returns its
** id; 0 with *pErr for bad input or a database failure (nothing
** written); -1 without write access. The reference is the next number
** for the unit. With its audit entry, in one transaction. One raised at
** a meeting (meetingId>0) is part of its record (record.h): refused
** before the meeting starts ("error.record_before_start" on "meeting"),
** and a correction with zCorrectionReason once its minutes are approved. */
long long action_create(struct db *, const struct user *, long long unitId,
                        const struct action_input *, const char *zToday, struct field_errors *pErr);
/* The objective objectiveId of a plan of unitId, for the form raising an
** action that delivers it: its plan's id in *pPlanId and "O2 Title" in
** zLabel. False when it is no objective of a plan of that unit. */
bool action_objective_of_unit(struct db *, long long objectiveId, long long unitId, long long *pPlanId,
                              char *zLabel, size_t nLabel);
/* The catalogue key of an action status code ("action.status_open"...). */
const char *action_status_key(const char *zStatus);
/* Who may change an action (the rule for its pages as for its writes):
** ACTION_ACCESS_WRITE for a writer of its unit (everything: text, lead,
** status, due date, progress); ACTION_ACCESS_LEAD for the signed-in
** person who leads it, even a member otherwise read-only (its status and
** progress only); ACTION_ACCESS_READ for other readers; NONE for those
** who may not see it. */
enum action_access { ACTION_ACCESS_NONE, ACTION_ACCESS_READ, ACTION_ACCESS_LEAD, ACTION_ACCESS_WRITE };
struct action;
enum action_access action_access(struct db *, const struct user *, const struct action *a, const char *zToday);

/* Change status or due date (zDue NULL: unchanged; "": none); add a dated
** progress note (may be empty to change status only). One transaction with its audit entry. False with
** *pErr for bad input; false with no error when the action does not
** exist or pUser may not change it (action_access: a writer, or its lead,
** whose zDue is ignored: the due date is the writers'), to answer 404.
** Nothing changed and no note is a success that writes nothing. */
bool action_update(struct db *, const struct user *, long long actionId, const char *zStatus,
                   const char *zNote, const char *zDue, const char *zToday, struct field_errors *pErr);
/* Change an action's text and reassign its lead (writers of its unit:
** ACTION_ACCESS_WRITE), with action_create's checks (a new lead is a
** current member of the unit). Audited with old and new values. An
** action raised at a meeting whose minutes are approved is part of its
** locked record: the change is then a correction, with the reason
** zReason (record.h; "error.correction_reason_required" on
** "correction_reason" without one). Returns actionId (also when nothing
** changed); 0 with *pErr; -1 when pUser may not (answer 404). */
long long action_edit(struct db *, const struct user *, long long actionId, const char *zDescription,
                      const char *zLeadPersonId, const char *zReason, const char *zToday,
                      struct field_errors *pErr);
/* Load action id into *p if pUser may read its unit on zToday; false, as
** for one that does not exist, otherwise (answer 404). */
bool action_get_visible(struct db *, const struct user *, long long id, const char *zToday,
                        struct action *p);
/* Actions of unitId matching pFilter, ordered by id. Returns the count
** delivered. The caller has checked read access to the unit. A
** beforeMeetingId of another unit matches nothing. */
int action_list(struct db *, long long unitId, const struct action_filter *, const char *zToday,
                action_cb, void *pCtx);
/* How many actions of unitId match the status, overdue and lead of
** pFilter (every page of them, as a download has them); -1 on a
** database error. */
int action_count(struct db *, long long unitId, const struct action_filter *, const char *zToday);
/* Progress notes of an action, oldest first; returns how many. The
** caller has checked read access (action_get_visible). */
typedef void (*progress_cb)(void *pCtx, const char *zOn, const char *zNote, const char *zBy);
int action_progress_list(struct db *, long long actionId, progress_cb, void *pCtx);

/* The person a user is in meetings (app_user.person_id), or 0 when none
** (or on a database error). */
long long action_user_person(struct db *, long long userId);
/* Actions led by personId across every unit pUser may read, ordered by
** id, matching pFilter (its leadPersonId is ignored). "My actions". */
int action_list_led_by(struct db *, const struct user *, long long personId,
                       const struct action_filter *, const char *zToday, action_cb, void *pCtx);
/* Meetings of unitId for the "raised at" choice, newest first, at most
** nMax, cancelled ones left out; returns how many. The caller has checked
** read access. The callback may run statements of its own. */
typedef void (*action_meeting_cb)(void *pCtx, long long id, const char *zStartsAt, const char *zTitle);
int action_meeting_options(struct db *, long long unitId, int nMax, action_meeting_cb, void *pCtx);
/* The reference prefix of a unit name: the initials of its words,
** upper-cased ("Cardiff South West" -> "CSW"); "and", "of", "the" and
** the Welsh "a", "ac", "y", "yr" are left out. zOut holds 8 bytes. */
void action_ref_prefix(const char *zUnitName, char zOut[8]);

#endif
