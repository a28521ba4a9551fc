/*
** Scheduled mailings, run by the sender thread (src/mail/sender.c) about
** once a minute, or by `carecluster mailings run` (cron, or a test with
** --at): each job decides whether its time has come, in Welsh local time
** at the `now` it is given, and queues its messages in one transaction,
** so that several servers and restarts send each once.
**
**   call-for-items   each scheduled meeting whose call for items closes
**                    (meeting.items_deadline) within SETTING_CALL_DAYS
**                    days (default 7): from 07:00 on the day that many
**                    days before the deadline's day (at once when the
**                    deadline is set closer than that), to every member
**                    of its unit; once (meeting.call_sent_at). A meeting
**                    without a deadline has no call: its items are taken
**                    until it starts, and no date says when to call.
**   weekly-reminder  each person who leads an open action overdue or due
**                    within 14 days, the list with links; on Monday from
**                    07:00 (or the first run later that working week,
**                    up to Friday), once per ISO week ("2026-W50").
**   lead-digest      each cluster lead (users with role cluster_lead):
**                    what others changed in their cluster since the last
**                    digest (at most a week back; the last day the first
**                    time): actions added, updated, done or cancelled,
**                    proposals made and decided, decisions, minutes
**                    approved; read from the audit log; nothing when
**                    nothing changed. Daily from 07:00, once per date.
**   daily-digest     each person who chose a daily digest: their held
**                    messages in one (notices_daily_digest). Daily from
**                    07:00, once per date, after the jobs above so that
**                    what they hold goes out the same morning.
**   project-tolerances  every open project's tolerances on cost and time
**                    checked (project_tolerance.h): an exception report
**                    opened and its owner told for each new breach.
**                    Daily from 07:00, once per date, before the digest.
*/
#ifndef CC_MAILINGS_H
#define CC_MAILINGS_H
#include "db/db.h"
#include <stdbool.h>
#include <stdio.h>

/* Run whatever is due at now (Unix time). False if a job failed (it is
** tried again next time; what succeeded stays done). */
bool mailings_run(struct db *, long long now);

/* The jobs by name, for mailings_run_jobs. */
enum mailings_job { JOB_CALL_FOR_ITEMS = 1, JOB_WEEKLY_REMINDER = 2, JOB_LEAD_DIGEST = 4,
                    JOB_DAILY_DIGEST = 8, JOB_PROJECT_TOLERANCES = 16, JOB_ALL = 31 };
/* The job named z ("call-for-items", ...); 0 for anything else. */
enum mailings_job mailings_job_parse(const char *z);
/* mailings_run for the jobs in mask, saying what each did on pLog (one
** line each) when it is not NULL. */
bool mailings_run_jobs(struct db *, long long now, unsigned mask, FILE *pLog);

/* ---- the clock (pure, for the unit tests) ---------------------------------
** Welsh local time: the process runs with TZ=Europe/London (main.c). */
struct mailings_clock {
  char zDate[11];            /* local date, YYYY-MM-DD */
  char zLocal[17];           /* local time, YYYY-MM-DDTHH:MM */
  int hour;                  /* 0..23, local */
  int wday;                  /* 0 Sunday .. 6 Saturday, local */
  char zWeek[10];            /* ISO 8601 week, "2026-W50" */
  char zMonday[11];          /* the Monday of that week */
};
void mailings_clock(long long now, struct mailings_clock *);
/* zDate (YYYY-MM-DD) moved by n days into zOut (11 bytes). */
void mailings_add_days(const char *zDate, int n, char zOut[11]);
/* Local "YYYY-MM-DDTHH:MM" as a Unix time; false when it is not one. */
bool mailings_parse_local(const char *z, long long *pOut);
/* Monday from 07:00 to Friday. */
bool mailings_weekly_due(const struct mailings_clock *);
/* From 07:00. */
bool mailings_daily_due(const struct mailings_clock *);
/* Is the call for items of a meeting closing at zDeadline (local
** YYYY-MM-DDTHH:MM) due to go out at c, with nDays the setting: from
** 07:00 nDays days before the deadline's day, until the deadline. */
bool mailings_call_due(const char *zDeadline, int nDays, const struct mailings_clock *c);

#endif
