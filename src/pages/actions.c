/* The action log pages: a cluster's log with filters and keyset pages,
** "my actions", raising an action, and an action with its progress.
** The CSV, Excel and JSON forms are in actions_export.c. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/action.h"
#include "domain/record.h"
#include "domain/member.h"
#include "domain/unit.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTION_PAGE 25

/* ---- shared pieces ---------------------------------------------------- */

static const char *status_colour(const char *zStatus){
  if( strcmp(zStatus, "in_progress")==0 ) return "yellow";
  if( strcmp(zStatus, "done")==0 ) return "green";
  if( strcmp(zStatus, "cancelled")==0 ) return "grey";
  return "blue";
}
void action_status_tag(struct req *r, const char *zStatus){
  nhsuk_tag(&r->body, status_colour(zStatus), T(action_status_key(zStatus)));
}

bool action_query_filter(struct req *r, struct action_filter *f){
  memset(f, 0, sizeof *f);
  const char *z = req_query(r, "status");
  if( z && z[0] && strcmp(z, "all")!=0 ){
    if( !action_parse_status(z, 0) ) return false;
    f->zStatus = z;
  }
  f->bOverdue = req_query_int(r, "overdue", 0)==1;
  f->leadPersonId = req_query_int(r, "lead", 0);
  f->afterId = req_query_int(r, "after", 0);
  return true;
}

void action_filter_query(struct buf *b, const struct action_filter *f, bool bLead){
  char c = '?';
  buf_printf(b, "%cstatus=%s", c, f->zStatus ? f->zStatus : "all");
  c = '&';
  if( f->bOverdue ){ buf_printf(b, "%coverdue=1", c); c = '&'; }
  if( bLead && f->leadPersonId>0 ){ buf_printf(b, "%clead=%lld", c, f->leadPersonId); c = '&'; }
  (void)c;
}

/* A page of the log shows the open actions (open or in progress) until
** another status is chosen ("all" is one): they are what people work on. */
static void default_open(struct req *r, struct action_filter *f){
  const char *z = req_query(r, "status");
  if( !z || !z[0] ) f->zStatus = "open";
}

/* People for a select: each person once, in the order given. */
struct person_opt { long long id; char zName[201]; };
struct person_list { struct person_opt *a; int n, nAlloc; };
static void person_collect(void *pCtx, const struct membership *m){
  struct person_list *p = pCtx;
  for(int i=0; i<p->n; i++) if( p->a[i].id==m->personId ) return;
  if( p->n==p->nAlloc ){
    p->nAlloc = p->nAlloc ? 2*p->nAlloc : 32;
    p->a = xrealloc(p->a, (size_t)p->nAlloc*sizeof p->a[0]);
  }
  p->a[p->n].id = m->personId;
  snprintf(p->a[p->n].zName, sizeof p->a[p->n].zName, "%s", m->zName);
  p->n++;
}
static int person_cmp(const void *a, const void *b){
  return strcmp(((const struct person_opt*)a)->zName, ((const struct person_opt*)b)->zName);
}
/* Members of unitId (current ones only when bCurrent), sorted by name. */
static void unit_people(struct req *r, long long unitId, bool bCurrent, struct person_list *p){
  memset(p, 0, sizeof *p);
  membership_list(r->db, unitId, bCurrent, r->zToday, person_collect, p);
  if( p->n>1 ) qsort(p->a, (size_t)p->n, sizeof p->a[0], person_cmp);
}


/* ---- the table -------------------------------------------------------- */

struct table_ctx {
  struct req *r;
  int n;                 /* rows shown */
  int nMax;              /* rows to show; one more tells there is a next page */
  bool bMore;
  long long lastId;
  bool bUnitCol;         /* "my actions": which cluster */
};

static void action_row(void *pCtx, const struct action *a){
  struct table_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n>=c->nMax ){ c->bMore = true; return; }
  if( c->n++==0 ){
    /* A table on a wide screen (compact, so that all seven columns fit
    ** the page at 1,280 px), a block per action on a narrow one. */
    page_scroll_begin(r, "actions-heading");
    nhsuk_rtable_begin(b, "nhsuk-table--compact cc-actions", "actions", T(c->bUnitCol ? "action.mine_title" : "action.title"));
    nhsuk_rtable_header(b, T("action.col_ref"), false);
    if( c->bUnitCol ) nhsuk_rtable_header(b, T("action.col_cluster"), false);
    nhsuk_rtable_header(b, T("action.col_meeting_date"), false);
    nhsuk_rtable_header(b, T("action.col_action"), false);
    nhsuk_rtable_header(b, T("action.col_lead"), false);
    nhsuk_rtable_header(b, T("action.col_status"), false);
    nhsuk_rtable_header(b, T("action.col_progress"), false);
    nhsuk_rtable_header(b, T("action.col_due"), false);
    nhsuk_table_body(b);
  }
  c->lastId = a->id;
  /* Dates with the month shortened, as the NHS style allows in a table
  ** where space is short: the action's text keeps the room. */
  char zMeeting[48], zDue[48], zOn[48];
  page_date_short(r, a->zMeetingDate, zMeeting);
  page_date_short(r, a->zDue, zDue);
  page_date_short(r, a->zLastProgressOn, zOn);
  char zId[32];
  snprintf(zId, sizeof zId, "action-%lld", a->id);
  nhsuk_rtable_row_begin(b, a->bOverdue ? "cc-overdue" : 0, zId);
  nhsuk_rtable_cell_begin(b, 0, T("action.col_ref"));
  html_printf(b, "<a class=\"cc-nowrap\" href=\"/actions/%lld\">%s</a>", a->id, a->zRef);
  nhsuk_rtable_cell_end(b);
  if( c->bUnitCol ){
    nhsuk_rtable_cell_begin(b, 0, T("action.col_cluster"));
    html_printf(b, "<a href=\"/units/%s/actions\">%s</a>", a->zUnitSlug, unit_name_in(r->lang, a->zUnitName, a->zUnitNameCy));
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_rtable_cell_begin(b, 0, T("action.col_meeting_date"));
  html_printf(b, "<span class=\"cc-nowrap\">%s</span>", zMeeting);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, "cc-pre", T("action.col_action"));
  html_printf(b, "%s", a->zDescription);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, T("action.col_lead"), a->zLeadName);
  nhsuk_rtable_cell_begin(b, 0, T("action.col_status"));
  action_status_tag(r, a->zStatus);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("action.col_progress"));
  if( a->zLastProgress[0] ){
    html_printf(b, "<span class=\"cc-pre\">%s</span><br><span class=\"nhsuk-body-s cc-nowrap\">%s</span>",
                a->zLastProgress, zOn);
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, T("action.col_due"));
  html_printf(b, "<span class=\"cc-nowrap\">%s</span>", zDue);
  if( a->bOverdue ){
    html_printf(b, "<br>");
    nhsuk_tag(b, "red", T("action.overdue"));
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

static void table_end(struct table_ctx *c, const char *zEmptyKey){
  struct req *r = c->r;
  if( c->n ){
    nhsuk_table_end(&r->body);
    page_scroll_end(r);
  }else{
    html_printf(&r->body, "<p id=\"actions-empty\">%s</p>\n", T(zEmptyKey));
  }
}

/* "Next" (and "First page" when not on it), keeping the filters. */
static void pagination(struct req *r, const char *zBase, const struct table_ctx *c,
                       const struct action_filter *f, bool bLead){
  bool bFirst = f->afterId>0;
  if( !c->bMore && !bFirst ) return;
  struct buf *b = &r->body;
  struct buf q = {0};
  struct action_filter g = *f;
  nhsuk_pagination_begin(b, T("layout.pagination"));
  if( bFirst ){
    buf_printf(&q, "%s", zBase);
    action_filter_query(&q, &g, bLead);
    nhsuk_pagination_prev(b, buf_cstr(&q), T("action.first"), 0);
  }
  if( c->bMore ){
    buf_reset(&q);
    buf_printf(&q, "%s", zBase);
    action_filter_query(&q, &g, bLead);
    buf_printf(&q, "&after=%lld", c->lastId);
    nhsuk_pagination_next(b, buf_cstr(&q), T("action.next"), "next-page");
  }
  nhsuk_pagination_end(b);
  buf_free(&q);
}

/* The filter form: a GET form, so a filtered page has its own address. */
static void filter_form(struct req *r, const char *zBase, const struct action_filter *f,
                        const struct person_list *pLeads){
  struct buf *b = &r->body;
  static const char *const azVal[] = {"all", "open", "in_progress", "done", "cancelled"};
  static const char *const azKey[] = {"action.filter_all", "action.filter_open", "action.status_in_progress",
                                      "action.status_done", "action.status_cancelled"};
  html_printf(b, "<form method=\"get\" action=\"%s\" class=\"cc-filters\" aria-labelledby=\"filters-heading\">\n"
              "<h2 class=\"nhsuk-heading-s\" id=\"filters-heading\">%s</h2>\n", zBase, T("action.filters"));
  html_printf(b, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"status\">%s</label>"
              "<select class=\"nhsuk-select\" id=\"status\" name=\"status\">", T("action.col_status"));
  const char *zCur = f->zStatus ? f->zStatus : "all";
  for(size_t i=0; i<sizeof(azVal)/sizeof(azVal[0]); i++){
    html_printf(b, "<option value=\"%s\"%s>%s</option>", azVal[i], strcmp(zCur, azVal[i])==0 ? " selected" : "", T(azKey[i]));
  }
  html_printf(b, "</select></div>\n");
  if( pLeads ){
    html_printf(b, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"lead\">%s</label>"
                "<select class=\"nhsuk-select\" id=\"lead\" name=\"lead\"><option value=\"0\">%s</option>",
                T("action.col_lead"), T("action.filter_anyone"));
    for(int i=0; i<pLeads->n; i++){
      html_printf(b, "<option value=\"%lld\"%s>%s</option>", pLeads->a[i].id,
                  pLeads->a[i].id==f->leadPersonId ? " selected" : "", pLeads->a[i].zName);
    }
    html_printf(b, "</select></div>\n");
  }
  form_checkbox(r, "overdue", "action.filter_overdue", 0, true, f->bOverdue);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary nhsuk-button--small\" type=\"submit\">%s</button>\n",
              T("action.filter_apply"));
  if( !f->zStatus || strcmp(f->zStatus, "open")!=0 || f->bOverdue || f->leadPersonId ){
    html_printf(b, " <a class=\"cc-clear-filters\" href=\"%s\">%s</a>\n", zBase, T("action.filter_clear"));
  }
  html_printf(b, "</form>\n");
}

/* "Download the 12 open actions shown (CSV)": the status, the number n
** and the format zFormat of a download of the actions shown. */
static void shown_text(struct req *r, const char *zStatus, int n, const char *zFormat){
  struct buf *b = &r->body;
  bool bOne = n==1;
  if( strcmp(zStatus, "open")==0 ){
    html_printf_t(b, bOne ? TF("action.download_shown_open_one") : TF("action.download_shown_open"), n, zFormat);
  }else if( strcmp(zStatus, "in_progress")==0 ){
    html_printf_t(b, bOne ? TF("action.download_shown_in_progress_one") : TF("action.download_shown_in_progress"), n, zFormat);
  }else if( strcmp(zStatus, "done")==0 ){
    html_printf_t(b, bOne ? TF("action.download_shown_done_one") : TF("action.download_shown_done"), n, zFormat);
  }else if( strcmp(zStatus, "cancelled")==0 ){
    html_printf_t(b, bOne ? TF("action.download_shown_cancelled_one") : TF("action.download_shown_cancelled"), n, zFormat);
  }else{
    html_printf_t(b, bOne ? TF("action.download_shown_all_one") : TF("action.download_shown_all"), n, zFormat);
  }
}

/* The downloads: what the filters choose (every page of it), saying
** which filter that is and how many actions, then the whole log (not
** counted: on a log of years a count of it costs more than the page). */
static void downloads(struct req *r, const char *zBase, const struct action_filter *f,
                      const struct person_list *pLeads){
  struct buf *b = &r->body;
  const struct unit *u = &r->rec.unit;
  html_printf(b, "<h2 class=\"nhsuk-heading-s\" id=\"downloads-heading\">%s</h2>\n", T("action.download"));
  bool bFiltered = f->zStatus || f->bOverdue || f->leadPersonId>0;
  if( bFiltered ){
    int n = action_count(r->db, u->id, f, r->zToday);
    const char *zLead = 0;
    for(int i=0; pLeads && i<pLeads->n; i++) if( pLeads->a[i].id==f->leadPersonId ) zLead = pLeads->a[i].zName;
    if( f->bOverdue && zLead ){
      html_printf(b, "<p id=\"download-filter\">");
      html_printf_t(b, TF("action.download_keeps_overdue_lead"), zLead);
      html_printf(b, "</p>\n");
    }else if( zLead ){
      html_printf(b, "<p id=\"download-filter\">");
      html_printf_t(b, TF("action.download_keeps_lead"), zLead);
      html_printf(b, "</p>\n");
    }else if( f->bOverdue ){
      html_printf(b, "<p id=\"download-filter\">%s</p>\n", T("action.download_keeps_overdue"));
    }
    /* "Download the 12 open actions shown (CSV)". */
    const char *zStatus = f->zStatus ? f->zStatus : "all";
    struct buf q = {0};
    action_filter_query(&q, f, true);
    html_printf(b, "<ul class=\"nhsuk-list\" id=\"downloads-shown\">\n<li><a href=\"%s.csv%s\" download>", zBase, buf_cstr(&q));
    shown_text(r, zStatus, n, T("action.format_csv"));
    html_printf(b, "</a></li>\n<li><a href=\"%s.xlsx%s\" download>", zBase, buf_cstr(&q));
    shown_text(r, zStatus, n, T("action.format_xlsx"));
    html_printf(b, "</a></li>\n</ul>\n");
    buf_free(&q);
  }
  /* The whole log, whatever the filters. */
  html_printf(b, "<ul class=\"nhsuk-list\" id=\"downloads-all\">\n<li><a href=\"%s.csv?status=all\" download>", zBase);
  html_printf_t(b, TF("action.download_all"), T("action.format_csv"));
  html_printf(b, "</a></li>\n<li><a href=\"%s.xlsx?status=all\" download>", zBase);
  html_printf_t(b, TF("action.download_all"), T("action.format_xlsx"));
  html_printf(b, "</a></li>\n</ul>\n");
}

/* ---- GET /units/{slug}/actions ------------------------------------------ */

void page_actions(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct action_filter f;
  if( !action_query_filter(r, &f) ){
    page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
    return;
  }
  default_open(r, &f);
  bool bWrite = access_can_write(r->db, &r->user, u->id, r->zToday);
  char zBase[120];
  snprintf(zBase, sizeof zBase, "/units/%s/actions", u->zSlug);
  page_unit_begin(r, u, T("action.title"), "actions-heading");
  struct buf *b = &r->body;
  if( bWrite ){
    html_printf(b, "<a class=\"nhsuk-button\" href=\"/units/%s/actions/new\">%s</a>\n", u->zSlug, T("action.add"));
  }
  struct person_list leads;
  unit_people(r, u->id, false, &leads);
  filter_form(r, zBase, &f, &leads);

  struct table_ctx c = { r, 0, ACTION_PAGE, false, 0, false };
  struct action_filter g = f;
  g.nMax = ACTION_PAGE+1;
  action_list(r->db, u->id, &g, r->zToday, action_row, &c);
  table_end(&c, f.zStatus || f.bOverdue || f.leadPersonId || f.afterId ? "action.none" : "action.none_yet");
  pagination(r, zBase, &c, &f, true);

  downloads(r, zBase, &f, &leads);
  free(leads.a);
  page_end(r);
}

/* ---- GET /actions/mine ---------------------------------------------------- */

void page_actions_mine(struct req *r){
  struct action_filter f;
  if( !action_query_filter(r, &f) ){
    page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
    return;
  }
  f.leadPersonId = 0;
  default_open(r, &f);
  page_begin(r, T("action.mine_title"), (struct crumb[]){{"/", T("home.title")}}, 1);
  struct buf *b = &r->body;
  html_printf(b, "<h1 id=\"actions-heading\">%s</h1>\n", T("action.mine_title"));
  long long personId = action_user_person(r->db, r->user.id);
  if( personId<=0 ){
    html_printf(b, "<p id=\"actions-empty\">%s</p>\n", T("action.mine_not_linked"));
    page_end(r);
    return;
  }
  html_printf(b, "<p>%s</p>\n", T("action.mine_intro"));
  filter_form(r, "/actions/mine", &f, 0);
  struct table_ctx c = { r, 0, ACTION_PAGE, false, 0, true };
  struct action_filter g = f;
  g.nMax = ACTION_PAGE+1;
  action_list_led_by(r->db, &r->user, personId, &g, r->zToday, action_row, &c);
  table_end(&c, "action.none_mine");
  pagination(r, "/actions/mine", &c, &f, false);
  page_end(r);
}

/* ---- GET and POST /units/{slug}/actions/new ------------------------------- */

struct meeting_opt_ctx { struct req *r; long long selected; int n; };
static void meeting_option(void *pCtx, long long id, const char *zStartsAt, const char *zTitle){
  struct meeting_opt_ctx *c = pCtx;
  struct req *r = c->r;
  char zDate[48], zIso[11];
  snprintf(zIso, sizeof zIso, "%.10s", zStartsAt);
  page_date(r, zIso, zDate);
  html_printf(&r->body, "<option value=\"%lld\"%s>%s – %s</option>", id, id==c->selected ? " selected" : "", zDate, zTitle);
  c->n++;
}

static void action_form(struct req *r, const struct unit *u, const struct action_input *in,
                        const struct field_errors *e){
  char zUnitHref[100], zLogHref[120];
  snprintf(zUnitHref, sizeof zUnitHref, "/units/%s", u->zSlug);
  snprintf(zLogHref, sizeof zLogHref, "/units/%s/actions", u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zUnitHref, unit_display_name(u, r->lang)}, {zLogHref, T("action.title")}};
  page_form_begin(r, T("action.add_title"), aCrumb, 3, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/units/%s/actions/new\" novalidate>\n", u->zSlug);
  form_csrf(r);
  form_textarea(r, e, "description", "action.description", "action.description_hint", in->zDescription, 4);

  /* The lead: a current member. */
  struct person_list people;
  unit_people(r, u->id, true, &people);
  form_select_begin(r, e, "lead", "action.lead", "action.lead_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("action.lead_choose"));
  for(int i=0; i<people.n; i++){
    char zId[24];
    snprintf(zId, sizeof zId, "%lld", people.a[i].id);
    html_printf(b, "<option value=\"%lld\"%s>%s</option>\n", people.a[i].id,
                in->zLeadPersonId && strcmp(in->zLeadPersonId, zId)==0 ? " selected" : "", people.a[i].zName);
  }
  form_select_end(r);
  free(people.a);

  form_date(r, e, "due", "action.due", "action.due_hint", in->zDue);

  /* Raised from a plan objective's page: the objective it delivers. */
  char zObjective[4200];
  if( in->objectiveId && action_objective_of_unit(r->db, in->objectiveId, u->id, 0, zObjective, sizeof zObjective) ){
    html_printf(b, "<input type=\"hidden\" name=\"objective\" value=\"%lld\">\n", in->objectiveId);
    nhsuk_inset(b, T("action.objective_label"), zObjective);
  }else if( e && field_errors_get(e, "objective") ){
    html_printf(b, "<p class=\"nhsuk-error-message\" id=\"objective\">%s</p>\n", T("action.error.objective"));
  }

  /* The meeting it was raised at, when the unit has meetings. */
  size_t nBefore = b->n;
  const char *zErr = e ? field_errors_get(e, "meeting") : 0;
  form_select_begin(r, e, "meeting", "action.meeting", 0);
  html_printf(b, "<option value=\"0\">%s</option>\n", T("action.meeting_none"));
  struct meeting_opt_ctx mc = { r, in->meetingId, 0 };
  action_meeting_options(r->db, u->id, 50, meeting_option, &mc);
  if( mc.n==0 && !zErr ){
    b->n = nBefore;              /* no meetings yet: no choice to make */
    b->z[nBefore] = 0;
  }else{
    form_select_end(r);
  }

  /* Raised at a meeting whose minutes are approved: a correction of its
  ** record, with its reason (domain/record.h). */
  enum record_state st = RECORD_OPEN;
  if( in->meetingId>0 && in->meetingId<((long long)1<<53) ) record_state_of(r->db, in->meetingId, 0, &st);
  if( st==RECORD_LOCKED || (e && field_errors_get(e, "correction_reason")) ){
    nhsuk_inset(b, T("record.locked_label"), T("record.locked_text"));
    form_textarea(r, e, "correction_reason", "record.correction_reason", "record.correction_reason_hint",
                  in->zCorrectionReason ? in->zCorrectionReason : "", 2);
  }

  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("action.add"));
  html_printf(b, "<p><a href=\"/units/%s/actions\">%s</a></p>\n</form>\n</div></div>\n", u->zSlug, T("action.cancel"));
  page_end(r);
}

void page_action_new(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct action_input in = { .zDescription = "", .zLeadPersonId = "", .zDue = "",
                             .meetingId = req_query_int(r, "meeting", 0),
                             .objectiveId = req_query_int(r, "objective", 0) };
  action_form(r, u, &in, 0);
}

void page_action_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zDue[64];
  form_date_value(r, "due", zDue);
  /* A meeting that is not a number is no meeting of the unit: an id no
  ** meeting has makes validation say so, next to the other errors. */
  long long meetingId = 0;
  const char *zMeeting = req_form(r, "meeting");
  if( zMeeting && zMeeting[0] && !text_to_int(zMeeting, 0, (long long)1<<53, &meetingId) ){
    meetingId = (long long)1<<60;
  }
  struct action_input in = {
    .zDescription = req_form(r, "description"),
    .zLeadPersonId = req_form(r, "lead"),
    .zDue = zDue,
    .meetingId = meetingId,
    .zCorrectionReason = req_form(r, "correction_reason"),
  };
  /* An objective that is not a number is no objective of the unit. */
  const char *zObjective = req_form(r, "objective");
  if( zObjective && zObjective[0] && !text_to_int(zObjective, 1, (long long)1<<53, &in.objectiveId) ){
    in.objectiveId = (long long)1<<60;
  }
  struct field_errors e = {0};
  long long id = action_create(r->db, &r->user, u->id, &in, r->zToday, &e);
  long long planId = 0;
  /* One raised for an objective goes back to the objective's page. */
  if( id>0 && in.objectiveId && action_objective_of_unit(r->db, in.objectiveId, u->id, &planId, 0, 0) ){
    form_result(r, id, "/plans/%lld/objectives/%lld#actions-heading", planId, in.objectiveId);
    return;
  }
  if( form_result(r, id, "/units/%s/actions#action-%lld", u->zSlug, id) ) action_form(r, u, &in, &e);
}

/* ---- GET and POST /actions/{id} ------------------------------------------- */

struct progress_ctx { struct req *r; int n; };
static void progress_row(void *pCtx, const char *zOn, const char *zNote, const char *zBy){
  struct progress_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    page_scroll_begin(r, "progress-heading");
    nhsuk_table_begin(b, 0, "progress", 0);
    nhsuk_table_header(b, T("action.noted_on"), false);
    nhsuk_table_header(b, T("action.note_col"), false);
    nhsuk_table_header(b, T("action.noted_by"), false);
    nhsuk_table_body(b);
  }
  char zDate[48];
  page_date(r, zOn, zDate);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<span class=\"cc-nowrap\">%s</span>", zDate);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_class(b, "cc-pre", zNote);
  nhsuk_table_cell(b, zBy);
  nhsuk_table_row_end(b);
}

/* What the update form shows: the action's values, or what was typed. */
struct update_input { const char *zStatus; const char *zNote; const char *zDue; };

static void action_page(struct req *r, const struct action *a, const struct update_input *in,
                        const struct field_errors *e){
  /* Writers change everything; the lead, its status and progress (domain/action.h). */
  enum action_access acc = action_access(r->db, &r->user, a, r->zToday);
  bool bWrite = acc==ACTION_ACCESS_WRITE;
  char zUnitHref[100], zLogHref[120];
  snprintf(zUnitHref, sizeof zUnitHref, "/units/%s", a->zUnitSlug);
  snprintf(zLogHref, sizeof zLogHref, "/units/%s/actions", a->zUnitSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zUnitHref, unit_name_in(r->lang, a->zUnitName, a->zUnitNameCy)}, {zLogHref, T("action.title")}};
  char zTitle[300];
  if( e && e->n ) snprintf(zTitle, sizeof zTitle, "%s: %s %s", T("error.prefix"), T("action.col_action"), a->zRef);
  else snprintf(zTitle, sizeof zTitle, "%s %s", T("action.col_action"), a->zRef);
  page_begin(r, zTitle, aCrumb, 3);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s %s</h1>\n", unit_name_in(r->lang, a->zUnitName, a->zUnitNameCy), T("action.col_action"), a->zRef);
  nhsuk_summary_begin(b, "action-summary");
  nhsuk_summary_row(b, T("action.col_action"), a->zDescription, true);
  nhsuk_summary_row(b, T("action.col_lead"), a->zLeadName, false);
  nhsuk_summary_row_begin(b, T("action.col_status"), 0);
  action_status_tag(r, a->zStatus);
  nhsuk_summary_row_end(b);
  char zDate[48];
  page_date(r, a->zDue, zDate);
  nhsuk_summary_row_begin(b, T("action.col_due"), 0);
  html_printf(b, "%s", zDate);
  if( a->bOverdue ){
    html_printf(b, " ");
    nhsuk_tag(b, "red", T("action.overdue"));
  }
  nhsuk_summary_row_end(b);
  if( a->meetingId ){
    page_date(r, a->zMeetingDate, zDate);
    nhsuk_summary_row_begin(b, T("action.col_meeting_date"), 0);
    html_printf(b, "<a href=\"/meetings/%lld\">%s</a>", a->meetingId, zDate);
    nhsuk_summary_row_end(b);
  }
  nhsuk_summary_end(b);
  plan_action_backlinks(r, a->id);   /* the plan objectives it delivers (plans.c) */
  if( bWrite ){
    html_printf(b, "<p><a href=\"/actions/%lld/edit\" id=\"action-edit\">%s</a></p>\n", a->id, T("action.edit_link"));
  }

  html_printf(b, "<h2 id=\"progress-heading\">%s</h2>\n", T("action.history"));
  struct progress_ctx pc = { r, 0 };
  action_progress_list(r->db, a->id, progress_row, &pc);
  if( pc.n ){ nhsuk_table_end(b); page_scroll_end(r); }
  else html_printf(b, "<p>%s</p>\n", T("action.history_none"));

  if( acc==ACTION_ACCESS_WRITE || acc==ACTION_ACCESS_LEAD ){
    html_printf(b, "<h2 id=\"update-heading\">%s</h2>\n", T("action.update_title"));
    if( acc==ACTION_ACCESS_LEAD ) html_printf(b, "<p>%s</p>\n", T("action.update_as_lead"));
    html_printf(b, "<form method=\"post\" action=\"/actions/%lld\" novalidate>\n", a->id);
    form_csrf(r);
    static const char *const azVal[] = {"open", "in_progress", "done", "cancelled"};
    static const char *const azKey[] = {"action.status_open", "action.status_in_progress",
                                        "action.status_done", "action.status_cancelled"};
    form_radios(r, e, "status", "action.col_status", 0, 4, azVal, azKey, in->zStatus);
    form_textarea(r, e, "note", "action.note", "action.note_hint", in->zNote, 3);
    if( bWrite ) form_date(r, e, "due", "action.due", "action.due_hint", in->zDue);
    html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("action.save"));
  }
  html_printf(b, "<p><a href=\"/units/%s/actions\">%s</a></p>\n</div></div>\n", a->zUnitSlug, T("action.back_to_log"));
  page_end(r);
}

void page_action(struct req *r){
  const struct action *a = r->rec.pAction;
  struct update_input in = { a->zStatus, "", a->zDue };
  action_page(r, a, &in, 0);
}

void page_action_update(struct req *r){
  const struct action *a = r->rec.pAction;
  char zDue[64];
  form_date_value(r, "due", zDue);
  struct update_input in = { req_form(r, "status"), req_form(r, "note"), zDue };
  /* A form without the date (the lead's) leaves it as it is. */
  const char *zDueArg = req_form(r, "due-day") || req_form(r, "due") ? zDue : 0;
  struct field_errors e = {0};
  if( action_update(r->db, &r->user, a->id, in.zStatus, in.zNote, zDueArg, r->zToday, &e) ){
    char z[80];
    snprintf(z, sizeof z, "/actions/%lld", a->id);
    req_redirect(r, z);
  }else if( e.n==0 ){
    page_not_found(r);
  }else{
    r->status = 400;
    action_page(r, a, &in, &e);
  }
}

/* ---- GET and POST /actions/{id}/edit: the text and the lead ---------------- */

static void action_edit_form(struct req *r, const struct action *a, const char *zDescription, const char *zLead,
                             const char *zReason, const struct field_errors *e){
  char zLogHref[120], zActionHref[64], zCaption[300];
  snprintf(zLogHref, sizeof zLogHref, "/units/%s/actions", a->zUnitSlug);
  snprintf(zActionHref, sizeof zActionHref, "/actions/%lld", a->id);
  snprintf(zCaption, sizeof zCaption, "%s %s", T("action.col_action"), a->zRef);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zLogHref, T("action.title")}, {zActionHref, zCaption}};
  page_form_begin(r, T("action.edit_title"), aCrumb, 3, e, zCaption);
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/actions/%lld/edit\" novalidate>\n", a->id);
  form_csrf(r);
  form_textarea(r, e, "description", "action.description", "action.description_hint", zDescription, 4);
  /* The lead: a current member, or the lead it has. */
  struct person_list people;
  unit_people(r, a->unitId, true, &people);
  form_select_begin(r, e, "lead", "action.lead", "action.lead_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("action.lead_choose"));
  bool bListed = false;
  for(int i=0; i<people.n; i++){
    char zId[24];
    snprintf(zId, sizeof zId, "%lld", people.a[i].id);
    bool bSel = zLead && strcmp(zLead, zId)==0;
    if( people.a[i].id==a->leadPersonId ) bListed = true;
    html_printf(b, "<option value=\"%lld\"%s>%s</option>\n", people.a[i].id, bSel ? " selected" : "", people.a[i].zName);
  }
  if( !bListed && a->leadPersonId>0 ){
    char zId[24];
    snprintf(zId, sizeof zId, "%lld", a->leadPersonId);
    html_printf(b, "<option value=\"%lld\"%s>%s</option>\n", a->leadPersonId,
                zLead && strcmp(zLead, zId)==0 ? " selected" : "", a->zLeadName);
  }
  form_select_end(r);
  free(people.a);
  /* Raised at a meeting whose minutes are approved: a correction, with its reason. */
  enum record_state st = RECORD_OPEN;
  if( a->meetingId>0 ) record_state_of(r->db, a->meetingId, 0, &st);
  if( st==RECORD_LOCKED || (e && field_errors_get(e, "correction_reason")) ){
    nhsuk_inset(b, T("minutes.approved_label"), T("action.correction_warning"));
    form_textarea(r, e, "correction_reason", "minutes.correction_reason", "minutes.correction_reason_hint",
                  zReason ? zReason : "", 2);
  }
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("action.save"));
  html_printf(b, "<p><a href=\"/actions/%lld\">%s</a></p>\n</form>\n</div></div>\n", a->id, T("action.cancel"));
  page_end(r);
}

void page_action_edit(struct req *r){
  const struct action *a = r->rec.pAction;
  char zLead[24];
  snprintf(zLead, sizeof zLead, "%lld", a->leadPersonId);
  action_edit_form(r, a, a->zDescription, zLead, "", 0);
}

void page_action_edit_save(struct req *r){
  const struct action *a = r->rec.pAction;
  const char *zDescription = req_form(r, "description"), *zLead = req_form(r, "lead");
  const char *zReason = req_form(r, "correction_reason");
  struct field_errors e = {0};
  long long id = action_edit(r->db, &r->user, a->id, zDescription, zLead, zReason, r->zToday, &e);
  if( form_result(r, id, "/actions/%lld", a->id) ) action_edit_form(r, a, zDescription, zLead, zReason, &e);
}
