/*
** NHS.UK frontend components (nhsuk-frontend), written once: the markup
** of each component as the frontend's documentation gives it, with every
** text escaped (html_printf). Pages call these instead of writing the
** component's markup themselves.
*/
#ifndef CC_NHSUK_H
#define CC_NHSUK_H
#include "util/buf.h"
#include <stdbool.h>

/* One row of a summary list (<dl class="nhsuk-summary-list">): the key
** and its value, both escaped; bPre keeps the value's line breaks. The
** caller opens and closes the list. */
void nhsuk_summary_row(struct buf *b, const char *zKey, const char *zValue, bool bPre);

#endif
