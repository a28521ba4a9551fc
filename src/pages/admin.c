/* The audit log, for administrators. */
#include "pages/pages.h"
#include "app.h"
#include "domain/audit.h"
#include "html/page.h"

#define AUDIT_PAGE 50

struct audit_ctx { struct req *r; int n; long long lastId; };

static void audit_row(void *pCtx, const struct audit_entry *e){
  struct audit_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    page_scroll_begin(r, "audit-heading");
    html_printf(b,
      "<table class=\"nhsuk-table\">\n<thead class=\"nhsuk-table__head\"><tr class=\"nhsuk-table__row\">"
      "<th scope=\"col\" class=\"nhsuk-table__header\">%s</th><th scope=\"col\" class=\"nhsuk-table__header\">%s</th>"
      "<th scope=\"col\" class=\"nhsuk-table__header\">%s</th><th scope=\"col\" class=\"nhsuk-table__header\">%s</th>"
      "<th scope=\"col\" class=\"nhsuk-table__header\">%s</th><th scope=\"col\" class=\"nhsuk-table__header\">%s</th></tr></thead>\n"
      "<tbody class=\"nhsuk-table__body\">\n",
      T("audit.when"), T("audit.who"), T("audit.what"), T("audit.where"), T("audit.old"), T("audit.new"));
  }
  char zWhen[40];
  page_time(e->at, zWhen);
  html_printf(b,
    "<tr class=\"nhsuk-table__row\"><td class=\"nhsuk-table__cell\">%s</td><td class=\"nhsuk-table__cell\">%s</td>"
    "<td class=\"nhsuk-table__cell\">%s %s %lld</td><td class=\"nhsuk-table__cell\">%s</td>",
    zWhen, e->zActor, e->zAction, e->zEntity, e->entityId, e->zUnitName);
  /* Empty values get an empty cell, not an empty (boxed) <code>. */
  const char *az[2] = { e->zOld, e->zNew };
  for(int i=0; i<2; i++){
    if( az[i] && az[i][0] ) html_printf(b, "<td class=\"nhsuk-table__cell\"><code class=\"cc-json\">%s</code></td>", az[i]);
    else html_printf(b, "<td class=\"nhsuk-table__cell\"></td>");
  }
  html_printf(b, "</tr>\n");
  c->lastId = e->id;
}

void page_audit(struct req *r){
  page_begin(r, T("audit.title"), (struct crumb[]){{"/", T("home.title")}}, 1);
  html_printf(&r->body, "<h1 id=\"audit-heading\">%s</h1>\n<p>%s</p>\n", T("audit.title"), T("audit.intro"));
  struct audit_ctx c = { r, 0, 0 };
  audit_list(r->db, req_query_int(r, "before", 0), AUDIT_PAGE, audit_row, &c);
  if( c.n ){
    html_printf(&r->body, "</tbody>\n</table>\n");
    page_scroll_end(r);
  }else html_printf(&r->body, "<p>%s</p>\n", T("audit.empty"));
  if( c.n==AUDIT_PAGE ){
    html_printf(&r->body,
      "<nav class=\"nhsuk-pagination\" role=\"navigation\" aria-label=\"%s\"><ul class=\"nhsuk-list nhsuk-pagination__list\">"
      "<li class=\"nhsuk-pagination-item--next\"><a class=\"nhsuk-pagination__link nhsuk-pagination__link--next\" href=\"/admin/audit?before=%lld\">"
      "<span class=\"nhsuk-pagination__title\">%s</span></a></li></ul></nav>\n",
      T("layout.pagination"), c.lastId, T("audit.older"));
  }
  page_end(r);
}
