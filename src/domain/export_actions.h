/*
** The action log as files people open in their own tools, and as JSON:
** no HTTP here, so the web pages and the command line share it.
**
**   CSV   RFC 4180: comma separated, CRLF line ends, a field quoted when
**         it holds a comma, quote or line break (quotes doubled). Starts
**         with a UTF-8 byte order mark so that Excel reads Welsh letters
**         (ŵ, ŷ) correctly. A cell that starts with = + - @ or a tab or
**         carriage return gets a ' in front, so a spreadsheet never runs
**         it as a formula.
**   XLSX  libxlsxwriter: bold header row, frozen, with a filter; dates
**         as real Excel dates; column widths set; long text wrapped.
**
** Both have the seed's columns: Action Ref, Meeting Date, Action, Lead,
** Status, Progress (the latest note with its date), Due; headers and
** status names in the language given.
*/
#ifndef CC_EXPORT_ACTIONS_H
#define CC_EXPORT_ACTIONS_H
#include "db/db.h"
#include "domain/action.h"
#include "html/i18n.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stdio.h>

/* Write the actions of unitId matching pFilter (NULL: all; its afterId
** and nMax are ignored) to out. The caller has checked read access to
** the unit. False on a write error. */
bool export_actions_csv(FILE *out, struct db *, long long unitId, const struct action_filter *pFilter,
                        const char *zToday, enum lang);
/* The same as an .xlsx workbook at zPath (created or replaced). False
** with a message in zErr on failure. */
bool export_actions_xlsx(const char *zPath, struct db *, long long unitId,
                         const struct action_filter *pFilter, const char *zToday, enum lang,
                         char *zErr, size_t nErr);
/* One CSV field as RFC 4180 and formula-safe, appended to b; NULL is an
** empty field. */
void export_csv_field(struct buf *b, const char *z);
/* One action as the API's JSON object: id, ref, meeting_date, action,
** lead, status (open, in_progress, done, cancelled), progress ({on, note}
** or null), due, overdue. */
void export_action_json(struct buf *b, const struct action *);

#endif
