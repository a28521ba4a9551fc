/* The corrections of a meeting's approved record as its pages show them:
** "Corrected on 3 January 2027: the reason", and the original, still
** readable, under "Show the original" (see pages.h). */
#include "pages/pages.h"
#include "domain/audit.h"
#include "domain/record.h"
#include "html/nhsuk.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Fields that say where a record sits rather than what it says. */
static bool field_hidden(const char *zKey){
  static const char *const az[] = {"meeting_id", "agenda_item_id", "person_id", "correction_reason", 0};
  for(int i=0; az[i]; i++) if( strcmp(az[i], zKey)==0 ) return true;
  return false;
}

struct original_ctx { struct req *r; int n; };
/* One field of the original: "Interest: Partner in a practice". */
static void original_field(void *pCtx, const char *zKey, const char *zOld, const char *zNew){
  struct original_ctx *c = pCtx;
  struct req *r = c->r;
  (void)zNew;
  if( !zOld || field_hidden(zKey) ) return;
  char zLabelKey[80];
  snprintf(zLabelKey, sizeof zLabelKey, "correction.field.%s", zKey);
  if( c->n++==0 ) html_printf(&r->body, "<ul class=\"nhsuk-list\">\n");
  /* A code with a name in the reader's language is shown by its name. */
  char zValueKey[120] = "";
  if( strcmp(zKey, "outcome")==0 ) snprintf(zValueKey, sizeof zValueKey, "declaration.outcome_%s", zOld);
  else if( strcmp(zKey, "vote_kind")==0 ) snprintf(zValueKey, sizeof zValueKey, "vote.kind_%s", zOld);
  const char *zValue = zValueKey[0] && i18n_has(r->lang, zValueKey) ? T(zValueKey) : zOld[0] ? zOld : "–";
  html_printf(&r->body, "<li><span class=\"cc-field\">%s</span>: %s</li>\n",
              i18n_has(r->lang, zLabelKey) ? T(zLabelKey) : zKey, zValue);
}

struct show_ctx { struct req *r; bool bKind; int n; };
static void show_one(void *pCtx, const struct correction *k){
  struct show_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  char zIso[11], zDate[48];
  time_t t = (time_t)k->at;
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(zIso, sizeof zIso, "%Y-%m-%d", &tm);
  page_date(r, zIso, zDate);
  c->n++;
  html_printf(b, "<div class=\"cc-correction\">\n<p class=\"cc-correction__note\">");
  if( c->bKind ){
    char zKindKey[48];
    snprintf(zKindKey, sizeof zKindKey, "correction.kind.%s", k->zKind);
    html_printf(b, "%s: ", T(zKindKey));
  }
  html_printf_t(b, TF("correction.corrected_on"), zDate, k->zReason);
  html_printf(b, "</p>\n");
  nhsuk_details_begin(b, T("correction.show_original"), false);
  struct original_ctx oc = { r, 0 };
  if( k->zOld && audit_diff(k->zOld, k->zNew ? k->zNew : "{}", original_field, &oc) ){
    if( oc.n ) html_printf(b, "</ul>\n");
    else html_printf(b, "<p>%s</p>\n", T("correction.original_unchanged"));
  }else if( k->zOld ){
    html_printf(b, "<p>%s</p>\n", k->zOld);
  }else{
    html_printf(b, "<p>%s</p>\n", T("correction.original_none"));
  }
  html_printf(b, "<p class=\"nhsuk-body-s\">");
  html_printf_t(b, TF("correction.by"), k->zActor);
  html_printf(b, "</p>\n");
  nhsuk_details_end(b);
  html_printf(b, "</div>\n");
}

int corrections_show(struct req *r, long long meetingId, const char *zKind, long long recordId){
  struct show_ctx c = { r, zKind==0 || recordId==0, 0 };
  record_corrections(r->db, meetingId, zKind, recordId, show_one, &c);
  return c.n;
}
