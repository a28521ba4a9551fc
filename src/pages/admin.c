/* The audit log, for administrators. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/audit.h"
#include "domain/unit.h"
#include "web/page.h"
#include "html/nhsuk.h"
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
    nhsuk_table_begin(b, 0, 0, 0);
    nhsuk_table_header(b, T("audit.when"), false);
    nhsuk_table_header(b, T("audit.who"), false);
    nhsuk_table_header(b, T("audit.what"), false);
    nhsuk_table_header(b, T("audit.where"), false);
    nhsuk_table_header(b, T("audit.changes"), false);
    nhsuk_table_body(b);
  }
  char zWhen[64], zAct[48], zEnt[48];
  page_time(r, e->at, zWhen);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell_class(b, "cc-nowrap", zWhen);
  nhsuk_table_cell(b, e->zActor);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "%s: %s", code_name(r, "audit.action.", e->zAction, zAct, sizeof zAct),
              code_name(r, "audit.entity.", e->zEntity, zEnt, sizeof zEnt));
  if( e->entityId>0 ) html_printf(b, " %lld", e->entityId);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell(b, unit_name_in(r->lang, e->zUnitName, e->zUnitNameCy));
  nhsuk_table_cell_begin(b, 0);
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
  nhsuk_table_cell_end(b);
  nhsuk_table_row_end(b);
  c->lastId = e->id;
}

void page_audit(struct req *r){
  page_begin(r, T("audit.title"), (struct crumb[]){{"/", T("home.title")}}, 1);
  html_printf(&r->body, "<h1 id=\"audit-heading\">%s</h1>\n<p>%s</p>\n", T("audit.title"), T("audit.intro"));
  struct audit_ctx c = { r, 0, 0 };
  audit_list(r->db, req_query_int(r, "before", 0), AUDIT_PAGE, audit_row, &c);
  if( c.n ){
    nhsuk_table_end(&r->body);
    page_scroll_end(r);
  }else html_printf(&r->body, "<p>%s</p>\n", T("audit.empty"));
  if( c.n==AUDIT_PAGE ){
    char zHref[64];
    snprintf(zHref, sizeof zHref, "/admin/audit?before=%lld", c.lastId);
    nhsuk_pagination_begin(&r->body, T("layout.pagination"));
    nhsuk_pagination_next(&r->body, zHref, T("audit.older"), 0);
    nhsuk_pagination_end(&r->body);
  }
  page_end(r);
}
