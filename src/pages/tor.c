/* Terms of reference of a cluster or group (versioned) and the attendance
** evidence report with its CSV. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/attendance_report.h"
#include "domain/export_actions.h"
#include "domain/member.h"
#include "domain/tor.h"
#include "domain/unit.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>

static const char *const azKindValue[] = {"fraction", "number"};
static const char *const azKindKey[] = {"tor.quorum_fraction", "tor.quorum_number"};
static const char *const azYesNoValue[] = {"yes", "no"};
static const char *const azYesNoKey[] = {"tor.yes", "tor.no"};
static const char *const azMinutesValue[] = {"formal", "notes", "actions"};
static const char *const azMinutesKey[] = {"tor.minutes_formal", "tor.minutes_notes", "tor.minutes_actions"};

static const char *minutes_key(const char *z){
  for(int i=0; i<3; i++) if( strcmp(z, azMinutesValue[i])==0 ) return azMinutesKey[i];
  return "tor.minutes_formal";
}


static void crumbs(struct req *r, const struct unit *u, struct crumb a[2], char zHref[100]){
  snprintf(zHref, 100, "/units/%s", u->zSlug);
  a[0] = (struct crumb){"/", T("home.title")};
  a[1] = (struct crumb){zHref, unit_display_name(u, r->lang)};
}

static void summary_row(struct req *r, const char *zKey, const char *zValue){
  nhsuk_summary_row(&r->body, zKey, zValue, false);
}

static void quorum_text(struct req *r, const struct tor *t, char zOut[120]){
  if( strcmp(t->zQuorumKind, "number")==0 ) snprintf(zOut, 120, T("tor.quorum_number_text"), t->quorumNumber);
  else snprintf(zOut, 120, T("tor.quorum_fraction_text"), t->quorumNum, t->quorumDen);
}

struct history_ctx { struct req *r; int n; };
static void history_row(void *p, const struct tor *t){
  struct history_ctx *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    page_scroll_begin(r, "tor-history-heading");
    nhsuk_table_begin(b, 0, 0, T("tor.history"));
    nhsuk_table_header(b, T("tor.version"), false);
    nhsuk_table_header(b, T("tor.agreed_on"), false);
    nhsuk_table_header(b, T("tor.review_due"), false);
    nhsuk_table_header(b, T("tor.quorum"), false);
    nhsuk_table_header(b, T("tor.saved_at"), false);
    nhsuk_table_body(b);
  }
  char zAgreed[48], zReview[48], zQuorum[120], zSaved[64];
  page_date(r, t->zAgreedOn, zAgreed);
  page_date(r, t->zReviewDue, zReview);
  quorum_text(r, t, zQuorum);
  page_time(r, t->createdAt, zSaved);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "%d", t->version);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell(b, zAgreed);
  nhsuk_table_cell(b, zReview);
  nhsuk_table_cell(b, zQuorum);
  nhsuk_table_cell(b, zSaved);
  nhsuk_table_row_end(b);
}

void page_tor(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct crumb aCrumb[2];
  char zHref[100];
  crumbs(r, u, aCrumb, zHref);
  page_begin(r, T("tor.title"), aCrumb, 2);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", unit_display_name(u, r->lang), T("tor.title"));
  struct tor t;
  if( tor_current(r->db, u->id, &t) ){
    char zVersion[80], zQuorum[120], zAgreed[48], zReview[48];
    snprintf(zVersion, sizeof zVersion, T("tor.version_n"), t.version);
    html_printf(b, "<h2>%s</h2>\n", zVersion);
    if( strcmp(t.zReviewDue, r->zToday)<0 ){
      page_date(r, t.zReviewDue, zReview);
      char zWarn[200];
      snprintf(zWarn, sizeof zWarn, T("tor.review_overdue"), zReview);
      nhsuk_warning_callout(b, 3, T("tor.important"), zWarn);
    }
    quorum_text(r, &t, zQuorum);
    page_date(r, t.zAgreedOn, zAgreed);
    page_date(r, t.zReviewDue, zReview);
    nhsuk_summary_begin(b, 0);
    summary_row(r, T("tor.purpose"), t.zPurpose);
    summary_row(r, T("tor.frequency"), t.zFrequency);
    summary_row(r, T("tor.quorum"), zQuorum);
    summary_row(r, T("tor.requires_chair"), T(t.bRequiresChair ? "tor.yes" : "tor.no"));
    if( t.zQuorumRoles[0] ){
      /* The role names, in the reader's language. */
      struct buf names = {0};
      char zCopy[512];
      snprintf(zCopy, sizeof zCopy, "%s", t.zQuorumRoles);
      for(char *zSave = 0, *z = strtok_r(zCopy, ",", &zSave); z; z = strtok_r(0, ",", &zSave)){
        char zKey[80];
        snprintf(zKey, sizeof zKey, "role.%s", z);
        buf_printf(&names, "%s%s", names.n ? ", " : "", T(zKey));
      }
      summary_row(r, T("tor.quorum_roles"), buf_cstr(&names));
      buf_free(&names);
    }
    summary_row(r, T("tor.chair_selection"), t.zChairSelection);
    summary_row(r, T("tor.minutes_form"), T(minutes_key(t.zMinutesForm)));
    summary_row(r, T("tor.agreed_on"), zAgreed);
    summary_row(r, T("tor.review_due"), zReview);
    nhsuk_summary_end(b);
  }else{
    nhsuk_warning_callout(b, 2, T("tor.important"), T("tor.none"));
  }
  if( access_can_write(r->db, &r->user, u->id, r->zToday) ){
    html_printf(b, "<a class=\"nhsuk-button\" href=\"/units/%s/terms/new\">%s</a>\n", u->zSlug, T("tor.new_version"));
  }
  html_printf(b, "<h2 id=\"tor-history-heading\">%s</h2>\n", T("tor.history"));
  struct history_ctx c = { r, 0 };
  tor_list(r->db, u->id, history_row, &c);
  if( c.n ){
    nhsuk_table_end(b);
    page_scroll_end(r);
  }else{
    html_printf(b, "<p>%s</p>\n", T("tor.no_versions"));
  }
  page_end(r);
}

/* Checkboxes of the cluster roles whose holders the quorum requires. */
static void roles_checkboxes(struct req *r, const struct field_errors *e, const char *zChecked){
  struct role_option a[64];
  int n = membership_roles(r->db, a, 64);
  const char *zErr = e ? field_errors_get(e, "quorum_roles") : 0;
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\" aria-describedby=\"quorum_roles-hint\">\n"
              "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n"
              "<div class=\"nhsuk-hint\" id=\"quorum_roles-hint\">%s</div>\n",
              zErr ? " nhsuk-form-group--error" : "", T("tor.quorum_roles"), T("tor.quorum_roles_hint"));
  if( zErr ) html_printf(b, "<span class=\"nhsuk-error-message\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                         T("error.prefix"), T(zErr));
  html_printf(b, "<div class=\"nhsuk-checkboxes\">\n");
  for(int i=0; i<n; i++){
    char zNeedle[sizeof a[i].zCode + 3];
    snprintf(zNeedle, sizeof zNeedle, ",%.47s,", a[i].zCode);
    char zHay[520];
    snprintf(zHay, sizeof zHay, ",%s,", zChecked ? zChecked : "");
    char zId[sizeof a[i].zCode + 16];
    snprintf(zId, sizeof zId, "quorum_roles%s%.47s", i==0 ? "" : "-", i==0 ? "" : a[i].zCode);
    form_checkboxes_item(r, "quorum_roles", zId, a[i].zCode, T(a[i].zKey), 0, strstr(zHay, zNeedle)!=0);
  }
  html_printf(b, "</div>\n</fieldset>\n</div>\n");
}

/* The ticked roles, joined with commas, into zOut (nOut bytes). */
static void roles_from_form(struct req *r, char *zOut, size_t nOut){
  size_t j = 0;
  zOut[0] = 0;
  for(int i=0; i<r->h->form.n; i++){
    if( strcmp(r->h->form.a[i].zKey, "quorum_roles")!=0 ) continue;
    int n = snprintf(zOut+j, nOut-j, "%s%s", j ? "," : "", r->h->form.a[i].zVal);
    if( n<0 || (size_t)n>=nOut-j ){ snprintf(zOut, nOut, "%s", "?"); return; }   /* too many: refused */
    j += (size_t)n;
  }
}

static void tor_form(struct req *r, const struct unit *u, const struct tor_input *in,
                     const struct field_errors *e){
  struct crumb aCrumb[2];
  char zHref[100];
  crumbs(r, u, aCrumb, zHref);
  page_form_begin(r, T("tor.new_title"), aCrumb, 2, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("tor.new_intro"));
  html_printf(b, "<form method=\"post\" action=\"/units/%s/terms/new\" novalidate>\n", u->zSlug);
  form_csrf(r);
  form_textarea(r, e, "purpose", "tor.purpose", 0, in->zPurpose, 4);
  form_input(r, e, "frequency", "tor.frequency", "tor.frequency_hint", "text", in->zFrequency, 0);
  form_radios(r, e, "quorum_kind", "tor.quorum_kind", "tor.quorum_kind_hint", 2, azKindValue, azKindKey, in->zQuorumKind);
  form_input(r, e, "quorum_num", "tor.quorum_num", 0, "text", in->zQuorumNum, 0);
  form_input(r, e, "quorum_den", "tor.quorum_den", 0, "text", in->zQuorumDen, 0);
  form_input(r, e, "quorum_number", "tor.quorum_number_label", 0, "text", in->zQuorumNumber, 0);
  form_radios(r, e, "requires_chair", "tor.requires_chair", 0, 2, azYesNoValue, azYesNoKey, in->zRequiresChair);
  roles_checkboxes(r, e, in->zQuorumRoles);
  form_textarea(r, e, "chair_selection", "tor.chair_selection", "tor.chair_selection_hint", in->zChairSelection, 4);
  form_radios(r, e, "minutes_form", "tor.minutes_form", 0, 3, azMinutesValue, azMinutesKey, in->zMinutesForm);
  form_date(r, e, "agreed_on", "tor.agreed_on", 0, in->zAgreedOn);
  form_date(r, e, "review_due", "tor.review_due", "tor.review_due_hint", in->zReviewDue);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("tor.save"));
  html_printf(b, "<p><a href=\"/units/%s/terms\">%s</a></p>\n</form>\n</div></div>\n", u->zSlug, T("tor.cancel"));
  page_end(r);
}

void page_tor_new(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct tor t;
  char zNumber[16] = "", zNum[16] = "1", zDen[16] = "2";
  struct tor_input in = { .zQuorumKind = "fraction", .zRequiresChair = "yes", .zMinutesForm = "formal",
                          .zAgreedOn = r->zToday, .zQuorumNum = zNum, .zQuorumDen = zDen,
                          .zQuorumNumber = zNumber };
  if( tor_current(r->db, u->id, &t) ){
    in.zPurpose = t.zPurpose;
    in.zFrequency = t.zFrequency;
    in.zQuorumKind = t.zQuorumKind;
    if( strcmp(t.zQuorumKind, "number")==0 ){
      snprintf(zNumber, sizeof zNumber, "%d", t.quorumNumber);
      zNum[0] = zDen[0] = 0;
    }else{
      snprintf(zNum, sizeof zNum, "%d", t.quorumNum);
      snprintf(zDen, sizeof zDen, "%d", t.quorumDen);
    }
    in.zRequiresChair = t.bRequiresChair ? "yes" : "no";
    in.zChairSelection = t.zChairSelection;
    in.zMinutesForm = t.zMinutesForm;
    in.zQuorumRoles = t.zQuorumRoles;
  }
  tor_form(r, u, &in, 0);
}

void page_tor_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zAgreed[64], zReview[64];
  form_date_value(r, "agreed_on", zAgreed);
  form_date_value(r, "review_due", zReview);
  struct tor_input in = {
    .zPurpose = req_form(r, "purpose"), .zFrequency = req_form(r, "frequency"),
    .zQuorumKind = req_form(r, "quorum_kind"), .zQuorumNumber = req_form(r, "quorum_number"),
    .zQuorumNum = req_form(r, "quorum_num"), .zQuorumDen = req_form(r, "quorum_den"),
    .zRequiresChair = req_form(r, "requires_chair"), .zChairSelection = req_form(r, "chair_selection"),
    .zMinutesForm = req_form(r, "minutes_form"), .zAgreedOn = zAgreed, .zReviewDue = zReview,
  };
  char zRoles[512];
  roles_from_form(r, zRoles, sizeof zRoles);
  in.zQuorumRoles = zRoles;
  struct field_errors e = {0};
  long long id = tor_create_version(r->db, &r->user, u->id, &in, r->zToday, &e);
  if( form_result(r, id, "/units/%s/terms", u->zSlug) ) tor_form(r, u, &in, &e);
}

/* ---- attendance evidence ---------------------------------------------- */

/* The period of the report: ?from and ?to, by default the last 12 months
** up to today. False (with an error page) for dates that are not dates. */
static bool report_period(struct req *r, char zFrom[11], char zTo[11]){
  const char *zF = req_query(r, "from");
  const char *zT = req_query(r, "to");
  if( zT && zT[0] ){
    if( !text_is_date(zT) ){ page_error(r, 400, "report.error_title", "report.error_date"); return false; }
    snprintf(zTo, 11, "%s", zT);
  }else{
    snprintf(zTo, 11, "%s", r->zToday);
  }
  if( zF && zF[0] ){
    if( !text_is_date(zF) ){ page_error(r, 400, "report.error_title", "report.error_date"); return false; }
    snprintf(zFrom, 11, "%s", zF);
  }else{
    int y = 0, m = 0, d = 0;
    sscanf(zTo, "%d-%d-%d", &y, &m, &d);
    if( m==2 && d==29 ) d = 28;
    char z[40];
    snprintf(z, sizeof z, "%04d-%02d-%02d", y-1, m, d);
    snprintf(zFrom, 11, "%.10s", z);
  }
  if( strcmp(zFrom, zTo)>0 ){ page_error(r, 400, "report.error_title", "report.error_order"); return false; }
  return true;
}

struct report_ctx { struct req *r; int n; struct buf *pCsv; };

static void report_row(void *p, const struct attendance_row *a){
  struct report_ctx *c = p;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    page_scroll_begin(r, "report-heading");
    nhsuk_table_begin(b, 0, 0, T("report.title"));
    nhsuk_table_header(b, T("report.person"), false);
    nhsuk_table_header(b, T("report.expected"), true);
    nhsuk_table_header(b, T("report.attended"), true);
    nhsuk_table_header(b, T("report.as_deputy"), true);
    nhsuk_table_header(b, T("report.deputised_for"), true);
    nhsuk_table_header(b, T("report.apologies"), true);
    nhsuk_table_header(b, T("report.absent"), true);
    nhsuk_table_body(b);
  }
  char zPerson[24];
  snprintf(zPerson, sizeof zPerson, "%lld", a->personId);
  nhsuk_table_row_begin_attr(b, 0, "data-person", zPerson);
  nhsuk_table_row_header(b, a->zName);
  nhsuk_table_cell_int(b, a->nExpected);
  nhsuk_table_cell_int(b, a->nAttended);
  nhsuk_table_cell_int(b, a->nAsDeputy);
  nhsuk_table_cell_int(b, a->nDeputisedFor);
  nhsuk_table_cell_int(b, a->nApologies);
  nhsuk_table_cell_int(b, a->nAbsent);
  nhsuk_table_row_end(b);
}

void page_attendance_report(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zFrom[11], zTo[11];
  if( !report_period(r, zFrom, zTo) ) return;
  struct crumb aCrumb[2];
  char zHref[100];
  crumbs(r, u, aCrumb, zHref);
  page_begin(r, T("report.title"), aCrumb, 2);
  struct buf *b = &r->body;
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n<p>%s</p>\n",
              unit_display_name(u, r->lang), T("report.title"), T("report.intro"));
  html_printf(b, "<form method=\"get\" action=\"/units/%s/attendance\">\n"
              "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"from\">%s</label>"
              "<input class=\"nhsuk-input nhsuk-input--width-10\" id=\"from\" name=\"from\" type=\"date\" value=\"%s\"></div>\n"
              "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"to\">%s</label>"
              "<input class=\"nhsuk-input nhsuk-input--width-10\" id=\"to\" name=\"to\" type=\"date\" value=\"%s\"></div>\n"
              "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              u->zSlug, T("report.from"), zFrom, T("report.to"), zTo, T("report.show"));
  char zFromText[48], zToText[48], zPeriod[160];
  page_date(r, zFrom, zFromText);
  page_date(r, zTo, zToText);
  snprintf(zPeriod, sizeof zPeriod, T("report.period"), zFromText, zToText);
  html_printf(b, "<h2 id=\"report-heading\">%s</h2>\n", zPeriod);
  struct report_ctx c = { r, 0, 0 };
  attendance_report(r->db, &r->user, u->id, zFrom, zTo, r->zToday, report_row, &c);
  if( c.n ){
    nhsuk_table_end(b);
    page_scroll_end(r);
  }else{
    html_printf(b, "<p>%s</p>\n", T("report.none"));
  }
  html_printf(b, "<p><a href=\"/units/%s/attendance.csv?from=%s&amp;to=%s\">%s</a></p>\n",
              u->zSlug, zFrom, zTo, T("report.download_csv"));
  page_end(r);
}

static void csv_row(void *p, const struct attendance_row *a){
  struct report_ctx *c = p;
  struct buf *b = c->pCsv;
  export_csv_field(b, a->zName);
  buf_printf(b, ",%d,%d,%d,%d,%d,%d\r\n", a->nExpected, a->nAttended, a->nAsDeputy,
             a->nDeputisedFor, a->nApologies, a->nAbsent);
}

void page_attendance_csv(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zFrom[11], zTo[11];
  if( !report_period(r, zFrom, zTo) ) return;
  struct buf *b = &r->body;
  buf_reset(b);
  static const char *const azHead[] = {"report.person", "report.expected", "report.attended",
    "report.as_deputy", "report.deputised_for", "report.apologies", "report.absent"};
  for(int i=0; i<7; i++){
    if( i ) buf_putc(b, ',');
    export_csv_field(b, T(azHead[i]));
  }
  buf_puts(b, "\r\n");
  struct report_ctx c = { r, 0, b };
  attendance_report(r->db, &r->user, u->id, zFrom, zTo, r->zToday, csv_row, &c);
  r->status = 200;
  r->zContentType = "text/csv; charset=utf-8; header=present";
  char z[220];
  snprintf(z, sizeof z, "attachment; filename=\"%s-attendance-%s-%s.csv\"", u->zSlug, zFrom, zTo);
  req_add_header(r, "Content-Disposition", z);
}
