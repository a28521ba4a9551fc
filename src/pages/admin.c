/* For administrators: the audit log, every message in the outbox, and
** the settings of circulation. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/audit.h"
#include "domain/circulate.h"
#include "domain/outbox.h"
#include "domain/unit.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include <stdio.h>
#include <string.h>

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

/* The administrator's pages, the one shown named as the current one. */
static void admin_nav(struct req *r, const char *zHere){
  static const char *const azPath[] = { "/admin/audit", "/admin/outbox", "/admin/settings" };
  static const char *const azKey[] = { "audit.title", "outbox.title", "settings.title" };
  struct buf *b = &r->body;
  html_printf(b, "<nav class=\"nhsuk-contents-list\" aria-label=\"%s\">\n<ol class=\"nhsuk-contents-list__list\">\n",
              T("settings.admin_pages"));
  for(int i=0; i<3; i++){
    if( strcmp(azPath[i], zHere)==0 ){
      html_printf(b, "<li class=\"nhsuk-contents-list__item\" aria-current=\"page\">"
                  "<span class=\"nhsuk-contents-list__current\">%s</span></li>\n", T(azKey[i]));
    }else{
      html_printf(b, "<li class=\"nhsuk-contents-list__item\"><a class=\"nhsuk-contents-list__link\" href=\"%s\">%s</a></li>\n",
                  azPath[i], T(azKey[i]));
    }
  }
  html_printf(b, "</ol>\n</nav>\n");
}

void page_audit(struct req *r){
  page_begin(r, T("audit.title"), (struct crumb[]){{"/", T("home.title")}}, 1);
  html_printf(&r->body, "<h1 id=\"audit-heading\">%s</h1>\n", T("audit.title"));
  admin_nav(r, "/admin/audit");
  html_printf(&r->body, "<p>%s</p>\n", T("audit.intro"));
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

/* ---- the outbox ----------------------------------------------------------- */

#define OUTBOX_PAGE 50

static const char *const azOutboxStatus[] = { "queued", "held", "sending", "sent", "failed", "digested" };
#define N_OUTBOX_STATUS (int)(sizeof azOutboxStatus/sizeof azOutboxStatus[0])

struct outbox_ctx { struct req *r; int n; long long lastId; const char *azHead[4]; };

static void outbox_row(void *pCtx, const struct outbox_row *o){
  struct outbox_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    nhsuk_rtable_begin(b, "cc-keep-headings", "outbox", 0);
    for(int k=0; k<4; k++) nhsuk_rtable_header(b, c->azHead[k], false);
    nhsuk_table_body(b);
  }
  char zWhen[64], zKey[64];
  page_time(r, o->createdAt, zWhen);
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell(b, c->azHead[0], zWhen);
  nhsuk_rtable_cell_begin(b, 0, c->azHead[1]);
  html_printf(b, "%s<br><span class=\"nhsuk-body-s\">%s</span>", o->zToName, o->zTo);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, c->azHead[2]);
  snprintf(zKey, sizeof zKey, "circulation.kind.%s", o->zKind);
  if( i18n_has(r->lang, zKey) ) html_printf(b, "<strong>%s</strong><br>", T(zKey));
  html_printf(b, "<span class=\"nhsuk-body-s\">%s</span>", o->zSubject);
  if( o->meetingId>0 ){
    html_printf(b, "<br><a class=\"nhsuk-body-s\" href=\"/meetings/%lld/circulation\">%s</a>", o->meetingId,
                T("outbox.meeting_link"));
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, c->azHead[3]);
  page_outbox_state(r, o);
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
  c->lastId = o->id;
}

/* A count, linked to the messages it counts when there are any. */
static void tally_row(struct req *r, const char *zLabelKey, long long n, const char *zStatus){
  struct buf *b = &r->body;
  char zN[32];
  page_number(n, zN);
  nhsuk_summary_row_begin(b, T(zLabelKey), 0);
  if( n>0 && zStatus ) html_printf(b, "<a href=\"/admin/outbox?status=%s\">%s</a>", zStatus, zN);
  else html_printf(b, "%s", zN);
  nhsuk_summary_row_end(b);
}

void page_admin_outbox(struct req *r){
  const char *zStatus = req_query(r, "status");
  if( zStatus && !zStatus[0] ) zStatus = 0;
  if( zStatus ){
    int i = 0;
    while( i<N_OUTBOX_STATUS && strcmp(azOutboxStatus[i], zStatus)!=0 ) i++;
    if( i==N_OUTBOX_STATUS ){ page_error(r, 400, "error.bad_request_title", "error.bad_request_body"); return; }
  }
  page_begin(r, T("outbox.title"), (struct crumb[]){{"/", T("home.title")}}, 1);
  struct buf *b = &r->body;
  html_printf(b, "<h1 id=\"outbox-heading\">%s</h1>\n", T("outbox.title"));
  admin_nav(r, "/admin/outbox");
  html_printf(b, "<p>%s</p>\n", T("outbox.intro"));
  if( !outbox_enabled() ){
    nhsuk_inset_begin(b, "circulation-off", 0);
    html_printf(b, "<p>%s</p>", T("circulation.off"));
    nhsuk_inset_end(b);
  }
  struct outbox_tally t;
  circulate_outbox_tally(r->db, &t);
  nhsuk_summary_begin(b, "outbox-counts");
  tally_row(r, "outbox.count_all", t.nAll, 0);
  tally_row(r, "outbox.count_queued", t.nQueued, "queued");
  tally_row(r, "outbox.count_retrying", t.nRetrying, "queued");
  tally_row(r, "outbox.count_sending", t.nSending, "sending");
  tally_row(r, "outbox.count_held", t.nHeld, "held");
  tally_row(r, "outbox.count_sent", t.nSent, "sent");
  tally_row(r, "outbox.count_digested", t.nDigested, "digested");
  tally_row(r, "outbox.count_failed", t.nFailed, "failed");
  nhsuk_summary_end(b);

  /* The filter: a GET form, so the address says what is shown. */
  html_printf(b, "<form method=\"get\" action=\"/admin/outbox\" class=\"cc-filter\">\n");
  form_select_begin(r, 0, "status", "outbox.filter", 0);
  html_printf(b, "<option value=\"\"%s>%s</option>\n", zStatus ? "" : " selected", T("outbox.filter_all"));
  for(int i=0; i<N_OUTBOX_STATUS; i++){
    char zKey[40];
    snprintf(zKey, sizeof zKey, "outbox.status.%s", azOutboxStatus[i]);
    html_printf(b, "<option value=\"%s\"%s>%s</option>\n", azOutboxStatus[i],
                zStatus && strcmp(zStatus, azOutboxStatus[i])==0 ? " selected" : "", T(zKey));
  }
  form_select_end(r);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T("outbox.show"));

  html_printf(b, "<h2 id=\"outbox-messages\">%s</h2>\n", T("outbox.messages"));
  struct outbox_ctx c = { r, 0, 0,
    { T("circulation.queued_at"), T("circulation.to"), T("circulation.message"), T("circulation.state") } };
  outbox_list_all(r->db, req_query_int(r, "before", 0), OUTBOX_PAGE, zStatus, outbox_row, &c);
  if( c.n ) nhsuk_table_end(b);
  else html_printf(b, "<p id=\"outbox-none\">%s</p>\n", T("outbox.empty"));
  if( c.n==OUTBOX_PAGE ){
    char zHref[96];
    snprintf(zHref, sizeof zHref, "/admin/outbox?before=%lld%s%s", c.lastId, zStatus ? "&status=" : "",
             zStatus ? zStatus : "");
    nhsuk_pagination_begin(b, T("layout.pagination"));
    nhsuk_pagination_next(b, zHref, T("outbox.older"), 0);
    nhsuk_pagination_end(b);
  }
  page_end(r);
}

/* ---- settings -------------------------------------------------------------- */

static void settings_form(struct req *r, const char *zAttachKb, const char *zCallDays,
                          const struct field_errors *e, bool bSaved){
  page_form_begin(r, T("settings.title"), (struct crumb[]){{"/", T("home.title")}}, 1, e, T("settings.caption"));
  struct buf *b = &r->body;
  admin_nav(r, "/admin/settings");
  if( bSaved ){
    nhsuk_inset_begin(b, "settings-saved", 0);
    html_printf(b, "<p>%s</p>", T("settings.saved"));
    nhsuk_inset_end(b);
  }
  if( !outbox_enabled() ){
    nhsuk_inset_begin(b, "circulation-off", 0);
    html_printf(b, "<p>%s</p>", T("circulation.off"));
    nhsuk_inset_end(b);
  }
  html_printf(b, "<form method=\"post\" action=\"/admin/settings\" novalidate>\n");
  form_csrf(r);
  form_input(r, e, "pack_attach_max_kb", "settings.attach_kb", "settings.attach_kb_hint", "text", zAttachKb, "off");
  form_input(r, e, "call_for_items_days", "settings.call_days", "settings.call_days_hint", "text", zCallDays, "off");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n</div></div>\n", T("settings.save"));
  page_end(r);
}

void page_admin_settings(struct req *r){
  struct circulate_settings cs;
  circulate_settings_get(r->db, &cs);
  char zKb[32], zDays[32];
  snprintf(zKb, sizeof zKb, "%lld", cs.packAttachMaxKb);
  snprintf(zDays, sizeof zDays, "%lld", cs.callDays);
  settings_form(r, zKb, zDays, 0, req_query_int(r, "saved", 0)==1);
}

void page_admin_settings_save(struct req *r){
  const char *zKb = req_form(r, "pack_attach_max_kb"), *zDays = req_form(r, "call_for_items_days");
  struct field_errors e = {0};
  int rc = circulate_settings_save(r->db, &r->user, zKb, zDays, &e);
  if( form_result(r, rc, "/admin/settings?saved=1") ) settings_form(r, zKb ? zKb : "", zDays ? zDays : "", &e, false);
}
