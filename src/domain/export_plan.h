/*
** The plan on a page as a PDF (src/domain/export_plan_pdf.c): one A4
** page in English or Welsh, drawn with cairo as the agenda pack is.
*/
#ifndef CC_EXPORT_PLAN_H
#define CC_EXPORT_PLAN_H
#include "db/db.h"
#include "domain/plan_views.h"
#include "html/i18n.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

/* Plan *p (the caller has checked that it may be read) on one A4 page in
** lang, appended to pOut: the unit, the year, the vision, the status
** (agreed at which meeting, with the decision), the priorities, and each
** objective with its measure, target, date, owner and latest RAG; the
** text is made smaller until it fits, and objectives that still do not
** fit are counted at the foot. Demonstration data says so. False with a
** reason in zErr (nothing appended). */
bool export_plan_pdf(struct db *, const struct planview_plan *p, enum lang lang, struct buf *pOut,
                     char *zErr, size_t nErr);

#endif
