#include "html/nhsuk.h"
#include "html/html.h"
#include <assert.h>

/* ---- summary list ---- */

void nhsuk_summary_begin(struct buf *b, const char *zId){
  if( zId ) html_printf(b, "<dl class=\"nhsuk-summary-list\" id=\"%s\">\n", zId);
  else html_printf(b, "<dl class=\"nhsuk-summary-list\">\n");
}

void nhsuk_summary_row(struct buf *b, const char *zKey, const char *zValue, bool bPre){
  html_printf(b, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">%s</dt>"
              "<dd class=\"nhsuk-summary-list__value%s\">%s</dd></div>\n", zKey, bPre ? " cc-pre" : "", zValue);
}

void nhsuk_summary_row_begin(struct buf *b, const char *zKey, const char *zValueId){
  html_printf(b, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">%s</dt>"
              "<dd class=\"nhsuk-summary-list__value\"", zKey);
  if( zValueId ) html_printf(b, " id=\"%s\"", zValueId);
  html_printf(b, ">");
}

void nhsuk_summary_row_end(struct buf *b){
  html_printf(b, "</dd></div>\n");
}

void nhsuk_summary_end(struct buf *b){
  html_printf(b, "</dl>\n");
}

/* ---- table ---- */

/* A table's opening up to its header row: class "nhsuk-table", then
** zKind's class when given (the responsive table's), then zClass. */
static void table_open(struct buf *b, const char *zKind, const char *zClass, const char *zId,
                       const char *zCaption){
  html_printf(b, "<table class=\"nhsuk-table%s%s%s%s\"", zKind ? " " : "", zKind ? zKind : "",
              zClass ? " " : "", zClass ? zClass : "");
  if( zId ) html_printf(b, " id=\"%s\"", zId);
  html_printf(b, ">\n");
  if( zCaption ) html_printf(b, "<caption class=\"nhsuk-table__caption nhsuk-u-visually-hidden\">%s</caption>\n", zCaption);
  html_printf(b, "<thead class=\"nhsuk-table__head\"><tr class=\"nhsuk-table__row\">");
}

void nhsuk_table_begin(struct buf *b, const char *zClass, const char *zId, const char *zCaption){
  table_open(b, 0, zClass, zId, zCaption);
}

void nhsuk_table_header(struct buf *b, const char *zText, bool bNumeric){
  html_printf(b, "<th scope=\"col\" class=\"nhsuk-table__header%s\">%s</th>",
              bNumeric ? " nhsuk-table__header--numeric" : "", zText);
}

void nhsuk_table_header_hidden(struct buf *b, const char *zText){
  html_printf(b, "<th scope=\"col\" class=\"nhsuk-table__header\"><span class=\"nhsuk-u-visually-hidden\">%s</span></th>", zText);
}

void nhsuk_table_body(struct buf *b){
  html_printf(b, "</tr></thead>\n<tbody class=\"nhsuk-table__body\">\n");
}

void nhsuk_table_row_begin(struct buf *b, const char *zId){
  nhsuk_table_row_begin_attr(b, 0, zId ? "id" : 0, zId);
}

void nhsuk_table_row_begin_attr(struct buf *b, const char *zClass, const char *zAttr, const char *zValue){
  html_printf(b, "<tr class=\"nhsuk-table__row%s%s\"", zClass ? " " : "", zClass ? zClass : "");
  if( zAttr ) html_printf(b, " %s=\"%s\"", zAttr, zValue ? zValue : "");
  html_printf(b, ">");
}

void nhsuk_table_row_header(struct buf *b, const char *zText){
  html_printf(b, "<th scope=\"row\" class=\"nhsuk-table__header\">%s</th>", zText);
}

void nhsuk_table_cell(struct buf *b, const char *zText){
  html_printf(b, "<td class=\"nhsuk-table__cell\">%s</td>", zText);
}

void nhsuk_table_cell_class(struct buf *b, const char *zClass, const char *zText){
  html_printf(b, "<td class=\"nhsuk-table__cell %s\">%s</td>", zClass, zText);
}

void nhsuk_table_cell_numeric(struct buf *b, const char *zText){
  html_printf(b, "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">%s</td>", zText);
}

void nhsuk_table_cell_int(struct buf *b, long long v){
  html_printf(b, "<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">%lld</td>", v);
}

void nhsuk_table_cell_begin(struct buf *b, const char *zClass){
  html_printf(b, "<td class=\"nhsuk-table__cell%s%s\">", zClass ? " " : "", zClass ? zClass : "");
}

void nhsuk_table_cell_end(struct buf *b){
  html_printf(b, "</td>");
}

void nhsuk_table_row_end(struct buf *b){
  html_printf(b, "</tr>\n");
}

void nhsuk_table_end(struct buf *b){
  html_printf(b, "</tbody>\n</table>\n");
}

/* ---- responsive table ---- */

void nhsuk_rtable_begin(struct buf *b, const char *zClass, const char *zId, const char *zCaption){
  table_open(b, "nhsuk-table-responsive", zClass, zId, zCaption);
}

/* A responsive table's headers are a table's. */
void nhsuk_rtable_header(struct buf *b, const char *zText, bool bNumeric){
  nhsuk_table_header(b, zText, bNumeric);
}

void nhsuk_rtable_header_hidden(struct buf *b, const char *zText){
  nhsuk_table_header_hidden(b, zText);
}

void nhsuk_rtable_row_begin(struct buf *b, const char *zClass, const char *zId){
  html_printf(b, "<tr class=\"nhsuk-table__row%s%s\"", zClass ? " " : "", zClass ? zClass : "");
  if( zId ) html_printf(b, " id=\"%s\"", zId);
  html_printf(b, ">");
}

void nhsuk_rtable_cell_begin(struct buf *b, const char *zClass, const char *zHeading){
  html_printf(b, "<td class=\"nhsuk-table__cell%s%s\">", zClass ? " " : "", zClass ? zClass : "");
  if( zHeading ) html_printf(b, "<span class=\"nhsuk-table-responsive__heading\" aria-hidden=\"true\">%s </span>", zHeading);
  html_printf(b, "<div>");
}

void nhsuk_rtable_cell_end(struct buf *b){
  html_printf(b, "</div></td>");
}

void nhsuk_rtable_cell(struct buf *b, const char *zHeading, const char *zText){
  /* Text needs no wrapper: on a narrow screen it is the flex item beside
  ** the heading by itself. */
  if( zHeading ){
    html_printf(b, "<td class=\"nhsuk-table__cell\"><span class=\"nhsuk-table-responsive__heading\" aria-hidden=\"true\">%s </span>%s</td>",
                zHeading, zText);
  }else{
    html_printf(b, "<td class=\"nhsuk-table__cell\">%s</td>", zText);
  }
}

/* ---- tag ---- */

void nhsuk_tag(struct buf *b, const char *zColour, const char *zText){
  html_printf(b, "<strong class=\"nhsuk-tag nhsuk-tag--%s\">%s</strong>", zColour, zText);
}

void nhsuk_tag_ex(struct buf *b, const char *zColour, const char *zClass, const char *zId, const char *zText){
  html_printf(b, "<strong class=\"nhsuk-tag nhsuk-tag--%s%s%s\"", zColour, zClass ? " " : "", zClass ? zClass : "");
  if( zId ) html_printf(b, " id=\"%s\"", zId);
  html_printf(b, ">%s</strong>", zText);
}

/* ---- pagination ---- */

void nhsuk_pagination_begin(struct buf *b, const char *zLabel){
  html_printf(b, "<nav class=\"nhsuk-pagination\" role=\"navigation\" aria-label=\"%s\">"
              "<ul class=\"nhsuk-list nhsuk-pagination__list\">", zLabel);
}

void nhsuk_pagination_prev(struct buf *b, const char *zHref, const char *zTitle, const char *zId){
  html_printf(b, "<li class=\"nhsuk-pagination-item--previous\">"
              "<a class=\"nhsuk-pagination__link nhsuk-pagination__link--prev\" href=\"%s\" rel=\"prev\"", zHref);
  if( zId ) html_printf(b, " id=\"%s\"", zId);
  html_printf(b, "><span class=\"nhsuk-pagination__title\">%s</span></a></li>", zTitle);
}

void nhsuk_pagination_next(struct buf *b, const char *zHref, const char *zTitle, const char *zId){
  html_printf(b, "<li class=\"nhsuk-pagination-item--next\">"
              "<a class=\"nhsuk-pagination__link nhsuk-pagination__link--next\" href=\"%s\" rel=\"next\"", zHref);
  if( zId ) html_printf(b, " id=\"%s\"", zId);
  html_printf(b, "><span class=\"nhsuk-pagination__title\">%s</span></a></li>", zTitle);
}

void nhsuk_pagination_end(struct buf *b){
  html_printf(b, "</ul></nav>\n");
}

/* ---- warning callout ---- */

void nhsuk_warning_callout_begin(struct buf *b, int iLevel, const char *zHeading){
  assert( iLevel>=2 && iLevel<=6 );
  html_printf(b, "<div class=\"nhsuk-warning-callout\"><h%d class=\"nhsuk-warning-callout__label\">%s</h%d>\n",
              iLevel, zHeading, iLevel);
}

void nhsuk_warning_callout_end(struct buf *b){
  html_printf(b, "</div>\n");
}

void nhsuk_warning_callout(struct buf *b, int iLevel, const char *zHeading, const char *zText){
  nhsuk_warning_callout_begin(b, iLevel, zHeading);
  html_printf(b, "<p>%s</p>", zText);
  nhsuk_warning_callout_end(b);
}

/* ---- details ---- */

void nhsuk_details_begin(struct buf *b, const char *zSummary, bool bOpen){
  html_printf(b, "<details class=\"nhsuk-details\"%s>\n<summary class=\"nhsuk-details__summary\">"
              "<span class=\"nhsuk-details__summary-text\">%s</span></summary>\n<div class=\"nhsuk-details__text\">\n",
              bOpen ? " open" : "", zSummary);
}

void nhsuk_details_end(struct buf *b){
  html_printf(b, "</div>\n</details>\n");
}

/* ---- inset text ---- */

void nhsuk_inset_begin(struct buf *b, const char *zId, const char *zLabel){
  html_printf(b, "<div class=\"nhsuk-inset-text\"");
  if( zId ) html_printf(b, " id=\"%s\"", zId);
  html_printf(b, ">");
  if( zLabel ) html_printf(b, "<span class=\"nhsuk-u-visually-hidden\">%s: </span>", zLabel);
}

void nhsuk_inset_end(struct buf *b){
  html_printf(b, "</div>\n");
}

void nhsuk_inset(struct buf *b, const char *zLabel, const char *zText){
  nhsuk_inset_begin(b, 0, zLabel);
  html_printf(b, "<p>%s</p>", zText);
  nhsuk_inset_end(b);
}

/* ---- notification banner ---- */

void nhsuk_success_banner(struct buf *b, const char *zTitle, const char *zText){
  html_printf(b,
    "<div class=\"nhsuk-notification-banner nhsuk-notification-banner--success\" data-module=\"nhsuk-notification-banner\""
    " role=\"alert\" aria-labelledby=\"nhsuk-notification-banner-title\">\n"
    "<div class=\"nhsuk-notification-banner__header\">\n"
    "<h2 class=\"nhsuk-notification-banner__title\" id=\"nhsuk-notification-banner-title\">%s</h2>\n</div>\n"
    "<div class=\"nhsuk-notification-banner__content\">\n"
    "<p class=\"nhsuk-notification-banner__heading\">%s</p>\n</div>\n</div>\n", zTitle, zText);
}
