#include "html/nhsuk.h"
#include "html/html.h"

void nhsuk_summary_row(struct buf *b, const char *zKey, const char *zValue, bool bPre){
  html_printf(b, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">%s</dt>"
              "<dd class=\"nhsuk-summary-list__value%s\">%s</dd></div>\n", zKey, bPre ? " cc-pre" : "", zValue);
}
