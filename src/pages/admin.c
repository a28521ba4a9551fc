/* The audit log, for administrators. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/audit.h"
#include "web/page.h"
#include <stdio.h>

#define AUDIT_PAGE 50

struct audit_ctx { struct req *r; int n; long long lastId; };

/* One changed field: "role: finance → public_health". */
static void audit_field(void *pCtx, const char *zKey, const char *zOld, const char *zNew){
  struct req *r = pCtx;
  html_printf(&r->body, "<li><span class=\"cc-field\">%s</span>: ", zKey);
  if( zOld ) html_printf(&r->body, "<del>%s</del>", zOld[0] ? zOld : "–");
  if( zOld && zNew ) html_printf(&r->body, " → ");
  if( zNew ) html_printf(&r->body, "<ins>%s</ins>", zNew[0] ? zNew : "–");
  html_printf(&r->body, "</li>\n");
}

/* The name of an audit action or entity code in the reader's language;
** a code the catalogue lacks (a row written by another version) is shown
** as it is stored. */
static const char *code_name(struct req *r, const char *zPrefix, const char *zCode, char *zKey, size_t nKey){
  snprintf(zKey, nKey, "%s%s", zPrefix, zCode);
  return i18n_has(r->lang, zKey) ? i18n_get(r->lang, zKey) : zCode;
}

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
      "<th scope=\"col\" class=\"nhsuk-table__header\">%s</th></tr></thead>\n"
      "<tbody class=\"nhsuk-table__body\">\n",
      T("audit.when"), T("audit.who"), T("audit.what"), T("audit.where"), T("audit.changes"));
  }
  char zWhen[64], zAct[48], zEnt[48];
  page_time(r, e->at, zWhen);
  html_printf(b,
    "<tr class=\"nhsuk-table__row\"><td class=\"nhsuk-table__cell cc-nowrap\">%s</td><td class=\"nhsuk-table__cell\">%s</td>"
    "<td class=\"nhsuk-table__cell\">%s: %s",
    zWhen, e->zActor, code_name(r, "audit.action.", e->zAction, zAct, sizeof zAct),
    code_name(r, "audit.entity.", e->zEntity, zEnt, sizeof zEnt));
  if( e->entityId>0 ) html_printf(b, " %lld", e->entityId);
  html_printf(b, "</td><td class=\"nhsuk-table__cell\">%s</td><td class=\"nhsuk-table__cell\">", e->zUnitName);
  if( e->zOld || e->zNew ){
    size_t nBefore = b->n;
    html_printf(b, "<ul class=\"nhsuk-list cc-changes\">\n");
    if( audit_diff(e->zOld, e->zNew, audit_field, r) ){
      html_printf(b, "</ul>");
    }else{
      /* Not a flat object: show the stored text as it is. */
      b->n = nBefore;
      b->z[nBefore] = 0;
      html_printf(b, "<code class=\"cc-json\">%s → %s</code>", e->zOld ? e->zOld : "", e->zNew ? e->zNew : "");
    }
  }
  html_printf(b, "</td></tr>\n");
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
