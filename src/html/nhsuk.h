/*
** NHS.UK frontend components (nhsuk-frontend), written once: the markup
** of each component as the frontend's documentation gives it, with every
** text escaped (html_printf). Pages call these instead of writing the
** component's markup themselves.
**
** Every const char * argument is text: it is escaped, so a name typed by
** a user can never become markup. Where a component holds more than text
** (a link, a list, a form), it has a _begin and an _end: the caller
** writes the content in between with html_printf, which escapes too.
** An optional argument (an id, an extra class) is NULL when not wanted.
** Nothing here allocates: each is one or a few appends to b.
*/
#ifndef CC_NHSUK_H
#define CC_NHSUK_H
#include "util/buf.h"
#include <stdbool.h>

/* ---- summary list --------------------------------------------------------
** <dl class="nhsuk-summary-list"> with rows of a key and a value. */

/* Open a summary list; zId (may be NULL) is the list's id. */
void nhsuk_summary_begin(struct buf *b, const char *zId);
/* One row: the key and its value, both escaped; bPre keeps the value's
** line breaks. */
void nhsuk_summary_row(struct buf *b, const char *zKey, const char *zValue, bool bPre);
/* A row whose value the caller writes (a link, a tag, a list): opens the
** row and its value cell, zValueId (may be NULL) being the cell's id;
** nhsuk_summary_row_end closes both. */
void nhsuk_summary_row_begin(struct buf *b, const char *zKey, const char *zValueId);
void nhsuk_summary_row_end(struct buf *b);
/* Close the list. */
void nhsuk_summary_end(struct buf *b);

/* ---- table ---------------------------------------------------------------
** nhsuk_table_begin, a nhsuk_table_header per column, nhsuk_table_body;
** then for each row nhsuk_table_row_begin, its cells, nhsuk_table_row_end;
** then nhsuk_table_end. A wide table goes inside page_scroll_begin/_end. */

/* Open the table and its head row. zClass: classes besides nhsuk-table
** (may be NULL); zId: the table's id (may be NULL); zCaption: a caption
** for screen readers only (may be NULL: the table is then named by the
** heading its scrolling container points at). */
void nhsuk_table_begin(struct buf *b, const char *zClass, const char *zId, const char *zCaption);
/* A column header; bNumeric aligns it right, over numbers. */
void nhsuk_table_header(struct buf *b, const char *zText, bool bNumeric);
/* A column header read by screen readers only (over a column of links). */
void nhsuk_table_header_hidden(struct buf *b, const char *zText);
/* Close the head and open the body. */
void nhsuk_table_body(struct buf *b);
/* Open a row; zId (may be NULL) is its id. */
void nhsuk_table_row_begin(struct buf *b, const char *zId);
/* Open a row with classes besides nhsuk-table__row (zClass, may be NULL)
** and one attribute zAttr="zValue" (zAttr a literal name such as "id" or
** "data-person", or NULL for none). */
void nhsuk_table_row_begin_attr(struct buf *b, const char *zClass, const char *zAttr, const char *zValue);
/* A row's header cell (<th scope="row">): what the row is about. */
void nhsuk_table_row_header(struct buf *b, const char *zText);
/* A cell of text. */
void nhsuk_table_cell(struct buf *b, const char *zText);
/* A cell of text with classes besides nhsuk-table__cell (cc-nowrap...). */
void nhsuk_table_cell_class(struct buf *b, const char *zClass, const char *zText);
/* A cell holding a number already written as people read it ("12,345",
** "80.0%"): aligned right. */
void nhsuk_table_cell_numeric(struct buf *b, const char *zText);
/* A cell holding the integer v, aligned right. */
void nhsuk_table_cell_int(struct buf *b, long long v);
/* Open a cell whose content the caller writes; zClass (may be NULL) adds
** classes ("cc-pre", "nhsuk-table__cell--numeric"); nhsuk_table_cell_end
** closes it. */
void nhsuk_table_cell_begin(struct buf *b, const char *zClass);
void nhsuk_table_cell_end(struct buf *b);
/* Close a row. */
void nhsuk_table_row_end(struct buf *b);
/* Close the body and the table. */
void nhsuk_table_end(struct buf *b);

/* ---- responsive table ----------------------------------------------------
** NHS.UK frontend's responsive table: a table on a wide screen; below
** 768 px each row is a block and each cell shows its column's heading
** beside its value (<span class="nhsuk-table-responsive__heading">, hidden
** from screen readers, which hear the column header), so nothing is cut
** off and nothing scrolls. (No ARIA roles: HTML forbids them on the rows
** and cells of a table, which keep their meaning.) nhsuk_rtable_begin, a nhsuk_rtable_header
** per column, nhsuk_table_body; for each row nhsuk_rtable_row_begin, a
** nhsuk_rtable_cell (or _cell_begin and _cell_end) per column giving
** that column's heading again, nhsuk_table_row_end; nhsuk_table_end. */

/* Open the table and its head row; as nhsuk_table_begin. */
void nhsuk_rtable_begin(struct buf *b, const char *zClass, const char *zId, const char *zCaption);
/* A column header; bNumeric aligns it right. */
void nhsuk_rtable_header(struct buf *b, const char *zText, bool bNumeric);
/* A column header read by screen readers only (over a column of links). */
void nhsuk_rtable_header_hidden(struct buf *b, const char *zText);
/* Open a row: zClass (may be NULL) besides nhsuk-table__row, zId (may be
** NULL) its id. */
void nhsuk_rtable_row_begin(struct buf *b, const char *zClass, const char *zId);
/* A cell of text under the column headed zHeading (NULL: no heading
** shown on a small screen, for a column of links named by themselves). */
void nhsuk_rtable_cell(struct buf *b, const char *zHeading, const char *zText);
/* Open a cell whose content the caller writes (zClass may be NULL), in a
** <div> that may shrink beside the heading (a select, a form, a tag);
** nhsuk_rtable_cell_end closes it. */
void nhsuk_rtable_cell_begin(struct buf *b, const char *zClass, const char *zHeading);
void nhsuk_rtable_cell_end(struct buf *b);

/* ---- tag -----------------------------------------------------------------
** <strong class="nhsuk-tag nhsuk-tag--COLOUR">: a status in a word. */

/* A tag of colour zColour (white, grey, green, aqua-green, blue, purple,
** pink, red, orange, yellow) reading zText. */
void nhsuk_tag(struct buf *b, const char *zColour, const char *zText);
/* The same with classes besides the colour (zClass) and an id (zId),
** either may be NULL. */
void nhsuk_tag_ex(struct buf *b, const char *zColour, const char *zClass, const char *zId, const char *zText);

/* ---- pagination ----------------------------------------------------------
** Previous and next links (no page numbers): nhsuk_pagination_begin,
** then nhsuk_pagination_prev and/or nhsuk_pagination_next, then
** nhsuk_pagination_end. */

/* Open the navigation; zLabel names it for screen readers. */
void nhsuk_pagination_begin(struct buf *b, const char *zLabel);
/* The link to the previous page: zHref, its title zTitle ("First page",
** "Later points"), zId the link's id (may be NULL). */
void nhsuk_pagination_prev(struct buf *b, const char *zHref, const char *zTitle, const char *zId);
/* The link to the next page, as nhsuk_pagination_prev. */
void nhsuk_pagination_next(struct buf *b, const char *zHref, const char *zTitle, const char *zId);
void nhsuk_pagination_end(struct buf *b);

/* ---- warning callout -----------------------------------------------------
** Something people must know before going on. */

/* Open the callout with its heading zHeading at level iLevel (2 to 6,
** as the page's outline needs); the caller writes the body (paragraphs);
** nhsuk_warning_callout_end closes it. */
void nhsuk_warning_callout_begin(struct buf *b, int iLevel, const char *zHeading);
void nhsuk_warning_callout_end(struct buf *b);
/* A whole callout whose body is the one paragraph zText. */
void nhsuk_warning_callout(struct buf *b, int iLevel, const char *zHeading, const char *zText);

/* ---- details -------------------------------------------------------------
** A summary that opens to more (a form, an explanation). */

/* Open the details with its summary zSummary, open at first when bOpen;
** the caller writes the content; nhsuk_details_end closes it. */
void nhsuk_details_begin(struct buf *b, const char *zSummary, bool bOpen);
void nhsuk_details_end(struct buf *b);

/* ---- inset text ----------------------------------------------------------
** Text set apart from what is around it. */

/* Open the inset text: zId (may be NULL) its id, zLabel (may be NULL) the
** word screen readers hear first ("Quorum: ..."); the caller writes the
** content (paragraphs); nhsuk_inset_end closes it. */
void nhsuk_inset_begin(struct buf *b, const char *zId, const char *zLabel);
void nhsuk_inset_end(struct buf *b);
/* A whole inset text of the one paragraph zText, zLabel as above. */
void nhsuk_inset(struct buf *b, const char *zLabel, const char *zText);

/* ---- notification banner ---------------------------------------------------
** The success banner at the top of a page that tells what just happened
** ("Your password has been changed."); role="alert", so that it is read
** out. zTitle is its small title ("Success"), zText its one message. */
void nhsuk_success_banner(struct buf *b, const char *zTitle, const char *zText);

#endif
