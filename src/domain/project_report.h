/*
** Reports of a project for a meeting's agenda (issue 14): a highlight
** report drafted from live data (stage, RAG and why, money, milestones
** done since the last report and the next ones, the top risks, the open
** issues and the decisions the gate still needs) and put on the agenda
** of an upcoming meeting of the project's unit or of the PCPG above it,
** in one transaction with its audit entries.
*/
#ifndef CC_PROJECT_REPORT_H
#define CC_PROJECT_REPORT_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "domain/meeting.h"
#include "domain/project.h"
#include "html/i18n.h"
#include "util/buf.h"
#include <stdbool.h>

/* The meetings a highlight report of p may go to: scheduled, not started
** (zNow local YYYY-MM-DDTHH:MM), of p's unit or of the PCPG above it,
** whose unit pUser may write; soonest first, at most nMax. */
int project_report_meetings(struct db *, const struct user *, const struct project *p,
                            const char *zToday, const char *zNow, int nMax, meeting_cb, void *pCtx);

/* The fields of a highlight report of p as at zToday, in lang: each
** field's text into ab[] in the order of the kind's fields (summary,
** achieved, next, budget, risks_issues, decisions_needed). zSince: the
** date of the last report ("" none: every milestone done counts). */
#define HIGHLIGHT_NFIELD 6
extern const char *const project_highlight_fields[HIGHLIGHT_NFIELD];
bool project_highlight_texts(struct db *, const struct project *p, const char *zToday, const char *zSince,
                             enum lang, struct buf ab[HIGHLIGHT_NFIELD]);

/* Draft a highlight report of p for meeting meetingId and put it on the
** meeting's agenda (purpose information, "Highlight report: <title>").
** Returns the document's id (and *pItemId the agenda item's); -1 when the
** meeting is not one project_report_meetings offers; 0 with errors on
** "meeting" (a meeting started, held or cancelled; not saved). */
long long project_highlight_draft(struct db *, const struct user *, const struct project *p,
                                  long long meetingId, enum lang, const char *zToday, const char *zNow,
                                  long long now, struct field_errors *e, long long *pItemId);

/* The highlight report on agenda item itemId, 0 when none (the agenda
** item's page links to it); its project into *pProjectId. */
long long project_report_of_item(struct db *, long long itemId, long long *pProjectId);

/* The period_to of the project's latest highlight report ("" none). */
void project_highlight_since(struct db *, long long projectId, char zSince[11]);
/* A highlight report of a project; the strings live during the call. */
struct phighlight {
  long long id, meetingId, itemId;     /* 0: on no meeting (yet) */
  const char *zPeriodTo, *zState, *zMeetingTitle;
};
typedef void (*phighlight_cb)(void *pCtx, const struct phighlight *);
/* The project's latest 20 highlight reports, newest first. */
int project_highlights_each(struct db *, long long projectId, phighlight_cb, void *pCtx);
/* Highlight report docId of the project, with the meeting it went to,
** to x once; false when none (or on no meeting). */
bool project_highlight_get(struct db *, long long projectId, long long docId, phighlight_cb, void *pCtx);

#endif
