/* Meetings: the list, scheduling, the meeting page with its agenda,
** proposals, attendance and live quorum. Decisions, declarations and
** minutes hang off each item (pages/decisions.c). */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/action.h"
#include "domain/agenda_time.h"
#include "domain/meeting.h"
#include "domain/record.h"
#include "domain/unit.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "2026-04-01T14:00" as "1 April 2026, 14:00". */
static void meeting_when(struct req *r, const struct meeting *m, char *zOut, size_t nOut){
  char zDate[11], zHuman[48];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  page_date(r, zDate, zHuman);
  snprintf(zOut, nOut, "%s, %.5s–%.5s", zHuman, m->zStartsAt+11, m->zEndsAt+11);
}


/* ---- list ------------------------------------------------------------ */

struct list_ctx { struct req *r; int n; };
static void meeting_row(void *pCtx, const struct meeting *m){
  struct list_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    page_scroll_begin(r, "meetings-heading");
    nhsuk_table_begin(b, 0, 0, 0);
    nhsuk_table_header(b, T("meeting.when"), false);
    nhsuk_table_header(b, T("meeting.title"), false);
    nhsuk_table_header(b, T("meeting.status"), false);
    nhsuk_table_body(b);
  }
  char zWhen[120];
  meeting_when(r, m, zWhen, sizeof zWhen);
  char zKey[40];
  snprintf(zKey, sizeof zKey, "meeting.status_%s", m->zStatus);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell(b, zWhen);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/meetings/%lld\">%s</a>", m->id, m->zTitle);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell(b, T(zKey));
  nhsuk_table_row_end(b);
}

void page_meetings(struct req *r){
  const struct unit *u = &r->rec.unit;
  page_unit_begin(r, u, T("meeting.list_title"), "meetings-heading");
  struct buf *b = &r->body;
  if( access_can_write(r->db, &r->user, u->id, r->zToday) ){
    html_printf(b, "<a class=\"nhsuk-button\" href=\"/units/%s/meetings/new\">%s</a>\n", u->zSlug, T("meeting.schedule"));
  }
  struct list_ctx c = { r, 0 };
  meeting_list(r->db, u->id, 200, meeting_row, &c);
  if( c.n ){ nhsuk_table_end(b); page_scroll_end(r); }
  else html_printf(b, "<p>%s</p>\n", T("meeting.none"));
  page_end(r);
}

/* ---- scheduling ------------------------------------------------------- */

/* The meeting form: to schedule a meeting of unit u (m NULL), with the
** call for items' deadline, or to change meeting m. */
static void meeting_form(struct req *r, const struct unit *u, const struct meeting *m,
                         const struct meeting_input *in, const char *zDate, const char *zDeadlineDate,
                         const struct field_errors *e){
  char zHref[100];
  char zUnitHref[100];
  snprintf(zUnitHref, sizeof zUnitHref, "/units/%s", m ? m->zUnitSlug : u->zSlug);
  snprintf(zHref, sizeof zHref, "/units/%s/meetings", m ? m->zUnitSlug : u->zSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zUnitHref, m ? unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy) : unit_display_name(u, r->lang)},
                            {zHref, T("meeting.list_title")}};
  char zMeetingHref[64];
  if( m ){
    snprintf(zMeetingHref, sizeof zMeetingHref, "/meetings/%lld", m->id);
    aCrumb[2] = (struct crumb){zMeetingHref, m->zTitle};
  }
  const char *zHeading = T(m ? "meeting.change_title" : "meeting.schedule");
  if( m ) meeting_form_page_begin(r, m, zHeading, aCrumb, 3, e, m->zTitle);
  else page_form_begin(r, zHeading, aCrumb, 3, e, unit_display_name(u, r->lang));
  struct buf *b = &r->body;
  if( m ) html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/edit\" novalidate>\n", m->id);
  else html_printf(b, "<form method=\"post\" action=\"/units/%s/meetings\" novalidate>\n", u->zSlug);
  form_csrf(r);
  form_input(r, e, "title", "meeting.title", "meeting.title_hint", "text", in->zTitle, 0);
  form_date(r, e, "date", "meeting.date", 0, zDate);
  form_input(r, e, "start", "meeting.start", "meeting.time_hint", "time", in->zStart, 0);
  form_input(r, e, "end", "meeting.end", "meeting.time_hint", "time", in->zEnd, 0);
  form_input(r, e, "location", "meeting.location", "meeting.location_hint", "text", in->zLocation, 0);
  form_input(r, e, "online_link", "meeting.online_link", "meeting.online_link_hint", "url", in->zOnlineLink, "url");
  if( !m ){
    deadline_fields(r, zDeadlineDate, in->zDeadlineTime, e);
    html_printf(b, "<p class=\"nhsuk-body-s\">%s</p>\n", T("meeting.standing_note"));
  }
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n",
              T(m ? "meeting.change_save" : "meeting.schedule"));
  if( m ) html_printf(b, "<p><a href=\"/meetings/%lld\">%s</a></p>\n</form>\n</div></div>\n", m->id, T("member.cancel"));
  else html_printf(b, "<p><a href=\"/units/%s/meetings\">%s</a></p>\n</form>\n</div></div>\n", u->zSlug, T("member.cancel"));
  page_end(r);
}


void page_meeting_new(struct req *r){
  const struct unit *u = &r->rec.unit;
  struct meeting_input in = { .zStart = "14:00", .zEnd = "16:00" };
  meeting_form(r, u, 0, &in, "", "", 0);
}

void page_meeting_create(struct req *r){
  const struct unit *u = &r->rec.unit;
  char zDate[64], zDeadlineDate[64];
  form_date_value(r, "date", zDate);
  form_date_value(r, "items_deadline", zDeadlineDate);
  struct meeting_input in = {
    .zTitle = req_form(r, "title"), .zDate = zDate,
    .zStart = req_form(r, "start"), .zEnd = req_form(r, "end"),
    .zLocation = req_form(r, "location"), .zOnlineLink = req_form(r, "online_link"),
    .zDeadlineDate = zDeadlineDate, .zDeadlineTime = req_form(r, "items_deadline_time"),
  };
  struct field_errors e = {0};
  char zNow[17];
  text_local_now(zNow);
  long long id = meeting_create(r->db, &r->user, u->id, &in, zNow, r->zToday, &e);
  if( id>0 ){
    char z[64];
    snprintf(z, sizeof z, "/meetings/%lld", id);
    req_redirect(r, z);
    return;
  }
  r->status = 400;
  meeting_form(r, u, 0, &in, zDate, zDeadlineDate, &e);
}

/* ---- the meeting page ------------------------------------------------- */

struct agenda_ctx {
  struct req *r; const struct meeting *m; bool bWrite; int n; int nProposed; int nAccepted;
  const char *azHead[5];             /* the column headings, looked up once */
  int nMinutes;                      /* the accepted items' time, restricted ones included */
  bool bAhead;                       /* not started: items may still be deleted */
};

static void agenda_row(void *pCtx, const struct agenda_item *it){
  struct agenda_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( strcmp(it->zStatus, "accepted")!=0 ){ c->nProposed++; return; }
  c->nMinutes += it->durationMinutes;
  /* A table on a wide screen, a block of labelled lines per item on a
  ** narrow one. */
  const char **azHead = c->azHead;
  if( c->n++==0 ){
    azHead[0] = T("agenda.number");
    azHead[1] = T("agenda.time");
    azHead[2] = T("agenda.item");
    azHead[3] = T("agenda.lead");
    azHead[4] = T("agenda.purpose");
    page_scroll_begin(r, "agenda-heading");
    nhsuk_rtable_begin(b, 0, "agenda", 0);
    for(int k=0; k<5; k++) nhsuk_rtable_header(b, azHead[k], false);
    if( c->bWrite ) nhsuk_rtable_header_hidden(b, T("member.actions"));
    nhsuk_table_body(b);
  }
  const char *zStd = agenda_title_key(it->zStanding, it->zTitle);
  const char *zTitle = zStd ? T(zStd) : it->zTitle[0] ? it->zTitle : T("agenda.restricted");
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, 0, azHead[0]);
  html_printf(b, "%d", it->position);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, azHead[1]);
  html_printf(b, "%s <span class=\"nhsuk-body-s\">(%d %s)</span>", it->zStart, it->durationMinutes, T("agenda.minutes_abbr"));
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell_begin(b, 0, azHead[2]);
  html_printf(b, "<a href=\"/meetings/%lld/items/%lld\">%s</a>", c->m->id, it->id, zTitle);
  if( it->bRestricted ){
    html_printf(b, " ");
    nhsuk_tag(b, "grey", T("agenda.restricted_tag"));
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, azHead[3], it->zLeadName);
  nhsuk_rtable_cell(b, azHead[4], T(agenda_purpose_key(it->zPurpose)));
  if( c->bWrite ){
    nhsuk_rtable_cell_begin(b, 0, 0);
    html_printf(b, "<a href=\"/meetings/%lld/items/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a> ",
      c->m->id, it->id, T("agenda.edit"), zTitle);
    /* Before the meeting an item may still be taken off the agenda. */
    if( c->bAhead ){
      html_printf(b, "<a href=\"/meetings/%lld/items/%lld/delete\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a> ",
        c->m->id, it->id, T("agenda.delete"), zTitle);
    }
    /* Up for all but the first, down for all but the last. */
    bool bUp = c->n>1, bDown = c->n<c->nAccepted;
    if( bUp || bDown ){
      html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/items/%lld/move\" class=\"cc-inline\">", c->m->id, it->id);
      form_csrf(r);
      if( bUp ) html_printf(b, "<button class=\"cc-link-button\" name=\"dir\" value=\"up\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></button> ",
                            T("agenda.up"), zTitle);
      if( bDown ) html_printf(b, "<button class=\"cc-link-button\" name=\"dir\" value=\"down\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></button>",
                              T("agenda.down"), zTitle);
      html_printf(b, "</form>");
    }
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_table_row_end(b);
}

/* Everyone on the attendance list (attendance_list), gathered once a
** page: for the lead of an agenda item, the attendance table and the
** members each deputy's list offers. */
struct att_all { int n, nAlloc; struct attendee *a; };
static void att_collect(void *pCtx, const struct attendee *a){
  struct att_all *c = pCtx;
  if( c->n==c->nAlloc ){
    c->nAlloc = c->nAlloc ? 2*c->nAlloc : 32;
    c->a = xrealloc(c->a, (size_t)c->nAlloc*sizeof c->a[0]);
  }
  c->a[c->n++] = *a;
}

/* The <option>s of the members on the day, zSelected (an id as a form
** sends it) chosen. */
static void lead_options(struct req *r, const struct att_all *all, const char *zSelected){
  long long sel = 0;
  if( zSelected && *zSelected && !text_to_int(zSelected, 1, 1000000000000LL, &sel) ) sel = 0;
  for(int i=0; i<all->n; i++){
    const struct attendee *a = &all->a[i];
    if( !a->zRoleKey[0] ) continue;    /* not a member */
    html_printf(&r->body, "<option value=\"%lld\"%s>%s</option>\n", a->personId,
                a->personId==sel ? " selected" : "", a->zName);
  }
}

/* The fields of an agenda item, posted to zAction with a button reading
** T(zButtonKey): to add (chair) or propose (member) an item, or to edit one
** (bRestricted: offer the restricted checkbox, for a chair adding). */
static void item_form(struct req *r, const struct meeting *m, const struct att_all *pAll, bool bRestricted,
                      const char *zAction, const char *zButtonKey, const struct agenda_input *in,
                      const struct field_errors *e){
  struct buf *b = &r->body;
  form_error_summary(r, e);
  html_printf(b, "<form method=\"post\" action=\"%s\" novalidate>\n", zAction);
  form_csrf(r);
  form_input(r, e, "title", "agenda.item_title", 0, "text", in->zTitle, 0);
  static const char *const azVal[] = {"information", "discussion", "decision", "action"};
  static const char *const azKey[] = {"purpose.information", "purpose.discussion", "purpose.decision", "purpose.action"};
  form_radios(r, e, "purpose", "agenda.purpose", 0, 4, azVal, azKey, in->zPurpose);
  const char *zErr = e ? field_errors_get(e, "lead") : 0;
  html_printf(b, "<div class=\"nhsuk-form-group%s\"><label class=\"nhsuk-label\" for=\"lead\">%s</label>\n",
              zErr ? " nhsuk-form-group--error" : "", T("agenda.lead"));
  if( zErr ) html_printf(b, "<span class=\"nhsuk-error-message\" id=\"lead-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n", T("error.prefix"), T(zErr));
  html_printf(b, "<select class=\"nhsuk-select\" id=\"lead\" name=\"lead\"><option value=\"\">%s</option>\n", T("agenda.no_lead"));
  struct att_all own = {0};
  if( !pAll ){ attendance_list(r->db, m, att_collect, &own); pAll = &own; }
  lead_options(r, pAll, in->zLeadPersonId);
  free(own.a);
  html_printf(b, "</select></div>\n");
  form_input(r, e, "duration", "agenda.duration", "agenda.duration_hint", "text", in->zDuration, 0);
  if( bRestricted ){
    html_printf(b, "<div class=\"nhsuk-form-group\"><div class=\"nhsuk-checkboxes\"><div class=\"nhsuk-checkboxes__item\">"
      "<input class=\"nhsuk-checkboxes__input\" id=\"restricted\" name=\"restricted\" type=\"checkbox\" value=\"1\"%s>"
      "<label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"restricted\">%s</label></div></div></div>\n",
      in->zRestricted && strcmp(in->zRestricted, "1")==0 ? " checked" : "", T("agenda.restricted_label"));
  }
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T(zButtonKey));
}

/* The chair's add form on the meeting page and its error page (members
** propose through pages/proposals.c). */
static void add_item_form(struct req *r, const struct meeting *m, const struct att_all *pAll,
                          const struct agenda_input *in, const struct field_errors *e){
  html_printf(&r->body, "<h2 id=\"add-item\">%s</h2>\n", T("agenda.add"));
  char zAction[80];
  snprintf(zAction, sizeof zAction, "/meetings/%lld/items", m->id);
  item_form(r, m, pAll, true, zAction, "agenda.add", in, e);
}

/* ---- attendance ------------------------------------------------------- */

/* What a refused post of the attendance form, or of one's own apologies,
** brings back to the meeting page: the errors, row by row. The values
** typed are read again from the request's form. */
struct att_form {
  struct field_errors form;    /* the whole form's: "correction_reason", "status" */
  struct field_errors own;     /* a member's own apologies: "apologies" */
  struct field_errors add;     /* the person added: "add-status", "add-name", ... */
  int nRow;                    /* rows refused */
  long long *aPerson;          /* their people */
  const char **azName;         /* and names */
  struct field_errors *aErr;   /* and errors ("status", "deputy_for") */
  int nErr;                    /* errors of rows and of the person added */
};

static const struct field_errors *att_row_errors(const struct att_form *f, long long personId){
  for(int i=0; f && i<f->nRow; i++) if( f->aPerson[i]==personId ) return &f->aErr[i];
  return 0;
}

static void att_error_summary(struct req *r, const struct att_form *f){
  struct field_errors all = {0};
  const char *azName[FIELD_ERRORS_MAX] = {0};
  char azId[FIELD_ERRORS_MAX][48];
  for(int i=0; i<f->form.n; i++){
    /* The whole form's failure points at its heading; a reason at its box. */
    field_errors_add(&all, strcmp(f->form.a[i].zField, "correction_reason")==0 ? "correction_reason" : "attendance-heading",
                     f->form.a[i].zKey);
  }
  for(int i=0; i<f->own.n; i++) field_errors_add(&all, "apologies", f->own.a[i].zKey);
  for(int i=0; i<f->nRow; i++){
    for(int j=0; j<f->aErr[i].n && all.n<FIELD_ERRORS_MAX; j++){
      snprintf(azId[all.n], sizeof azId[0], "%s-%lld", f->aErr[i].a[j].zField, f->aPerson[i]);
      azName[all.n] = f->azName[i];
      field_errors_add(&all, azId[all.n], f->aErr[i].a[j].zKey);
    }
  }
  for(int i=0; i<f->add.n && all.n<FIELD_ERRORS_MAX; i++){
    azName[all.n] = T("attendance.add_title");
    field_errors_add(&all, f->add.a[i].zField, f->add.a[i].zKey);
  }
  form_error_summary_named(r, &all, azName);
}

/* The NHS.UK error message of a field, before the field. */
static void att_error_message(struct req *r, const char *zId, const char *zKey){
  html_printf(&r->body, "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
              zId, T("error.prefix"), T(zKey));
}

/* The <option>s of the members a deputy may stand in for: every member
** on the day but the person on the row (exceptId), zSelected chosen. */
static void att_member_options(struct req *r, const struct att_all *all, long long exceptId, const char *zSelected){
  struct buf *b = &r->body;
  long long sel = 0;
  if( zSelected && *zSelected && !text_to_int(zSelected, 1, 1000000000000LL, &sel) ) sel = 0;
  html_printf(b, "<option value=\"\">%s</option>", T("attendance.choose_member"));
  for(int i=0; i<all->n; i++){
    const struct attendee *o = &all->a[i];
    if( !o->zRoleKey[0] || o->personId==exceptId ) continue;
    html_printf(b, "<option value=\"%lld\"%s>%s</option>", o->personId, o->personId==sel ? " selected" : "", o->zName);
  }
}

/* A row of the attendance table (NHS.UK's responsive table: a block of
** labelled lines per person below 768 px): name, role (or, for someone
** who is not a member, their role at the meeting and organisation),
** voting, and the status, as a form field when bForm. azHead: the
** column headings. */
static void att_row(struct req *r, const struct att_all *all, const struct attendee *a, enum record_state rs,
                    bool bForm, const struct att_form *f, const char *const *azHead){
  struct buf *b = &r->body;
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell(b, azHead[0], a->zName);
  if( a->zRoleKey[0] ){
    nhsuk_rtable_cell(b, azHead[1], T(a->zRoleKey));
  }else{
    nhsuk_rtable_cell_begin(b, 0, azHead[1]);
    html_printf(b, "%s", a->zRole[0] ? a->zRole : T("attendance.guest"));
    if( a->zOrganisation[0] ) html_printf(b, "<br><span class=\"nhsuk-body-s\">%s</span>", a->zOrganisation);
    nhsuk_rtable_cell_end(b);
  }
  nhsuk_rtable_cell(b, azHead[2], T(a->bVoting ? "member.voting_yes" : "member.voting_no"));
  nhsuk_rtable_cell_begin(b, 0, azHead[3]);
  if( !bForm ){
    if( a->zStatus[0]==0 ) html_printf(b, "%s", T("attendance.not_recorded"));
    else html_printf(b, "%s", T(attendance_key(a->zStatus)));
    if( a->zDeputyFor[0] ) html_printf(b, " <span class=\"nhsuk-body-s\">(%s %s)</span>", T("attendance.for"), a->zDeputyFor);
    nhsuk_rtable_cell_end(b);
    nhsuk_table_row_end(b);
    return;
  }
  /* What was typed comes back after a refused save; else what is recorded. */
  char zKey[48], zDepKey[48], zDep[24] = "";
  snprintf(zKey, sizeof zKey, "status-%lld", a->personId);
  snprintf(zDepKey, sizeof zDepKey, "deputy_for-%lld", a->personId);
  const char *zStatus = a->zStatus, *zDepFor = zDep;
  if( a->deputyForId ) snprintf(zDep, sizeof zDep, "%lld", a->deputyForId);
  if( f ){
    const char *z = req_form(r, zKey);
    if( z ) zStatus = z;
    z = req_form(r, zDepKey);
    if( z ) zDepFor = z;
  }
  const struct field_errors *e = att_row_errors(f, a->personId);
  const char *zErr = e ? field_errors_get(e, "status") : 0;
  const char *zDepErr = e ? field_errors_get(e, "deputy_for") : 0;
  /* Before the start only apologies; someone who is not a member attends
  ** only as a deputy or in attendance. What is recorded is always offered. */
  static const char *const azAll[] = {"", "present", "online", "deputy", "in_attendance", "apologies", "absent"};
  static const char *const azAhead[] = {"", "apologies"};
  static const char *const azGuest[] = {"", "deputy", "in_attendance"};
  const char *const *az = azAll;
  size_t n = sizeof azAll/sizeof azAll[0];
  if( rs==RECORD_AHEAD ){ az = azAhead; n = 2; }
  else if( !a->zRoleKey[0] ){ az = azGuest; n = 3; }
  html_printf(b, "<div class=\"nhsuk-form-group%s\">"
    "<label class=\"nhsuk-label nhsuk-u-visually-hidden\" for=\"%s\">%s: %s</label>\n",
    zErr ? " nhsuk-form-group--error" : "", zKey, T("attendance.status"), a->zName);
  if( zErr ) att_error_message(r, zKey, zErr);
  html_printf(b, "<select class=\"nhsuk-select%s\" id=\"%s\" name=\"%s\"", zErr ? " nhsuk-select--error" : "", zKey, zKey);
  if( zErr ) html_printf(b, " aria-describedby=\"%s-error\"", zKey);
  html_printf(b, ">");
  bool bShown = false;
  for(size_t i=0; i<n; i++){
    bool bSel = strcmp(zStatus, az[i])==0;
    bShown = bShown || bSel;
    html_printf(b, "<option value=\"%s\"%s>%s</option>", az[i], bSel ? " selected" : "", T(attendance_key(az[i])));
  }
  enum attendance_status st;
  if( !bShown && attendance_parse(zStatus, &st) ){
    html_printf(b, "<option value=\"%s\" selected>%s</option>", zStatus, T(attendance_key(zStatus)));
  }
  html_printf(b, "</select></div>\n");
  if( rs!=RECORD_AHEAD ){
    /* Whom a deputy stands in for: shown with the row's status (without
    ** the browser's support for :has, always; carecluster.css). */
    html_printf(b, "<div class=\"nhsuk-form-group cc-deputy-for%s\">"
      "<label class=\"nhsuk-label\" for=\"%s\">%s<span class=\"nhsuk-u-visually-hidden\"> (%s)</span></label>\n",
      zDepErr ? " nhsuk-form-group--error" : "", zDepKey, T("attendance.deputy_for_label"), a->zName);
    if( zDepErr ) att_error_message(r, zDepKey, zDepErr);
    html_printf(b, "<select class=\"nhsuk-select%s\" id=\"%s\" name=\"%s\"", zDepErr ? " nhsuk-select--error" : "", zDepKey, zDepKey);
    if( zDepErr ) html_printf(b, " aria-describedby=\"%s-error\"", zDepKey);
    html_printf(b, ">");
    att_member_options(r, all, a->personId, zDepFor);
    html_printf(b, "</select></div>\n");
  }
  nhsuk_rtable_cell_end(b);
  nhsuk_table_row_end(b);
}

/* record_state_at for meeting m now, without reading the local clock for
** a meeting on a day before today's UTC date (the local date in Wales is
** never earlier than it): that one has started. The meeting page is read
** often, and most meetings on it are past. */
static enum record_state page_record_state(struct req *r, const struct meeting *m){
  if( strncmp(m->zStartsAt, r->zToday, 10)<0 ) return record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, r->zToday);
  return record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0);
}

/* Under the meeting's heading: why it was cancelled; or, for the chair
** while it is ahead, the links to change or cancel it. */
static void meeting_change_links(struct req *r, const struct meeting *m, enum record_state st, bool bWrite){
  struct buf *b = &r->body;
  if( st==RECORD_CANCELLED ){
    char zReason[MEETING_CANCEL_REASON_MAX+1];
    meeting_cancel_reason(r->db, m->id, zReason, sizeof zReason);
    nhsuk_warning_callout_begin(b, 2, T("meeting.cancelled_heading"));
    html_printf(b, "<p id=\"cancel-reason\">");
    html_printf_t(b, TF("meeting.cancelled_reason"), zReason[0] ? zReason : T("meeting.cancelled_no_reason"));
    html_printf(b, "</p>\n");
    nhsuk_warning_callout_end(b);
    return;
  }
  if( !bWrite || st!=RECORD_AHEAD ) return;
  html_printf(b, "<ul class=\"nhsuk-list\" id=\"meeting-changes\">\n"
              "<li><a href=\"/meetings/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a></li>\n"
              "<li><a href=\"/meetings/%lld/cancel\">%s</a></li>\n</ul>\n",
              m->id, T("meeting.change"), T("meeting.change_hidden"), m->id, T("meeting.cancel_link"));
}

/* Add someone who is not a member: a deputy for a member, or also in
** attendance (NHS.UK radios, each revealing its own field). */
static void att_add_fields(struct req *r, const struct att_all *all, const struct att_form *f){
  struct buf *b = &r->body;
  const struct field_errors *e = f ? &f->add : 0;
  const char *zStatus = f ? req_form(r, "add-status") : 0;
  const char *zDepFor = f ? req_form(r, "add-deputy_for") : 0;
  const char *zErr = e ? field_errors_get(e, "add-status") : 0;
  const char *zDepErr = e ? field_errors_get(e, "add-deputy_for") : 0;
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\" aria-describedby=\"add-status-hint%s\">\n"
    "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--m\"><h3 class=\"nhsuk-fieldset__heading\" id=\"add-attendee\">%s</h3></legend>\n"
    "<div class=\"nhsuk-hint\" id=\"add-status-hint\">%s</div>\n",
    zErr ? " nhsuk-form-group--error" : "", zErr ? " add-status-error" : "", T("attendance.add_title"), T("attendance.add_hint"));
  if( zErr ) att_error_message(r, "add-status", zErr);
  bool bDeputy = zStatus && strcmp(zStatus, "deputy")==0;
  bool bIn = zStatus && strcmp(zStatus, "in_attendance")==0;
  /* The member list shows under its radio once it is checked, by CSS
  ** (carecluster.css, cc-reveal), so that no script sets ARIA a radio may
  ** not have; without :has it is always shown. */
  html_printf(b, "<div class=\"nhsuk-radios cc-reveal\">\n"
    "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\" id=\"add-status\" name=\"add-status\" type=\"radio\" value=\"deputy\"%s>"
    "<label class=\"nhsuk-label nhsuk-radios__label\" for=\"add-status\">%s</label></div>\n"
    "<div class=\"nhsuk-radios__conditional\" id=\"conditional-add-status\">\n"
    "<div class=\"nhsuk-form-group%s\"><label class=\"nhsuk-label\" for=\"add-deputy_for\">%s</label>\n",
    bDeputy ? " checked" : "", T("attendance.add_deputy"),
    zDepErr ? " nhsuk-form-group--error" : "", T("attendance.deputy_for_label"));
  if( zDepErr ) att_error_message(r, "add-deputy_for", zDepErr);
  html_printf(b, "<select class=\"nhsuk-select%s\" id=\"add-deputy_for\" name=\"add-deputy_for\"", zDepErr ? " nhsuk-select--error" : "");
  if( zDepErr ) html_printf(b, " aria-describedby=\"add-deputy_for-error\"");
  html_printf(b, ">");
  att_member_options(r, all, 0, zDepFor);
  html_printf(b, "</select></div>\n</div>\n"
    "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\" id=\"add-status-2\" name=\"add-status\" type=\"radio\" value=\"in_attendance\"%s>"
    "<label class=\"nhsuk-label nhsuk-radios__label\" for=\"add-status-2\">%s</label></div>\n"
    "</div>\n</fieldset>\n</div>\n",
    bIn ? " checked" : "", T("attendance.add_in_attendance"));
  form_input(r, e, "add-name", "attendance.name", 0, "text", f ? req_form(r, "add-name") : 0, "off");
  form_input(r, e, "add-organisation", "attendance.organisation", "attendance.organisation_hint", "text",
             f ? req_form(r, "add-organisation") : 0, "off");
  form_input(r, e, "add-role", "attendance.role", "attendance.role_hint", "text", f ? req_form(r, "add-role") : 0, "off");
}

/* A member who may not write the meeting sends or withdraws their own
** apologies before it starts. */
static void att_own_apologies(struct req *r, const struct meeting *m, const struct att_form *f){
  char zStatus[16];
  if( attendance_user_person(r->db, &r->user, m, zStatus)<=0 ) return;
  struct buf *b = &r->body;
  bool bSent = strcmp(zStatus, "apologies")==0;
  if( zStatus[0] && !bSent ) return;
  const char *zErr = f ? field_errors_get(&f->own, "apologies") : 0;
  html_printf(b, "<h3>%s</h3>\n<p>%s</p>\n", T("attendance.own_title"), T(bSent ? "attendance.own_sent" : "attendance.own_none"));
  html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/apologies\" novalidate>\n", m->id);
  form_csrf(r);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">", zErr ? " nhsuk-form-group--error" : "");
  if( zErr ) att_error_message(r, "apologies", zErr);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" id=\"apologies\" name=\"apologies\" value=\"%s\" type=\"submit\">%s</button></div>\n</form>\n",
              bSent ? "withdraw" : "send", T(bSent ? "attendance.own_withdraw" : "attendance.own_send"));
}

/* The attendance section of the meeting page: when recording is possible,
** the table (a form for a writer, with the deputies' members and someone
** to add once the meeting has started; apologies only before; a reason
** once the minutes are approved), and a member's own apologies. */
static void attendance_section(struct req *r, const struct meeting *m, const struct att_all *pAll, bool bWrite,
                               enum record_state rs, const struct att_form *f){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"attendance-heading\">%s</h2>\n", T("attendance.title"));
  const struct att_all all = *pAll;
  if( rs==RECORD_AHEAD ){
    char zDate[11], zHuman[48], zTime[6];
    snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
    snprintf(zTime, sizeof zTime, "%.5s", m->zStartsAt+11);
    page_date(r, zDate, zHuman);
    html_printf(b, "<p id=\"attendance-from\">");
    html_printf_t(b, TF("attendance.from"), zTime, zHuman);
    html_printf(b, " %s</p>\n", T("attendance.ahead_apologies"));
    if( !bWrite ) att_own_apologies(r, m, f);
  }else if( rs==RECORD_CANCELLED ){
    html_printf(b, "<p>%s</p>\n", T("attendance.cancelled"));
  }
  bool bForm = bWrite && rs!=RECORD_CANCELLED;
  if( bForm ){
    html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/attendance\" novalidate>\n", m->id);
    form_csrf(r);
    if( rs==RECORD_LOCKED ) nhsuk_warning_callout(b, 3, T("attendance.locked_title"), T("attendance.locked_body"));
  }
  if( all.n ){
    /* The column headings, looked up once. */
    const char *azHead[4] = { T("member.name"), T("member.role"), T("member.voting"), T("attendance.status") };
    page_scroll_begin(r, "attendance-heading");
    nhsuk_rtable_begin(b, "cc-att-table", "attendance", 0);
    for(int k=0; k<4; k++) nhsuk_rtable_header(b, azHead[k], false);
    nhsuk_table_body(b);
    for(int i=0; i<all.n; i++) att_row(r, &all, &all.a[i], rs, bForm, f, azHead);
    nhsuk_table_end(b);
    page_scroll_end(r);
  }else{
    html_printf(b, "<p>%s</p>\n", T("unit.no_members"));
  }
  if( bForm ){
    if( rs!=RECORD_AHEAD ) att_add_fields(r, &all, f);
    if( rs==RECORD_LOCKED ){
      form_textarea(r, f ? &f->form : 0, "correction_reason", "minutes.correction_reason", "minutes.correction_reason_hint",
                    f ? req_form(r, "correction_reason") : 0, 3);
    }
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
                T(rs==RECORD_AHEAD ? "attendance.save_apologies" : "attendance.save"));
  }
}

static void meeting_page(struct req *r, const struct att_form *af){
  const struct meeting *m = &r->rec.meeting;
  /* A cancelled meeting is kept as it was arranged, with nothing to record. */
  bool bCancelled = strcmp(m->zStatus, "cancelled")==0;
  bool bWrite = !bCancelled && access_can_write(r->db, &r->user, m->unitId, r->zToday);
  /* Whether it is still ahead matters only to those who may change it. */
  enum record_state st = bCancelled ? RECORD_CANCELLED : bWrite ? page_record_state(r, m) : RECORD_OPEN;
  char zHref[100];
  snprintf(zHref, sizeof zHref, "/units/%s/meetings", m->zUnitSlug);
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy)}};
  bool bErr = af && (af->form.n || af->own.n || af->nErr);
  char zTitle[700];
  meeting_page_title(r, m, 0, bErr, zTitle, sizeof zTitle);
  page_begin(r, zTitle, aCrumb, 2);
  struct buf *b = &r->body;
  if( bErr ) att_error_summary(r, af);
  char zWhen[120];
  meeting_when(r, m, zWhen, sizeof zWhen);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy), m->zTitle);
  meeting_change_links(r, m, st, bWrite);
  nhsuk_summary_begin(b, 0);
  nhsuk_summary_row(b, T("meeting.when"), zWhen, false);
  if( m->zLocation[0] ) nhsuk_summary_row(b, T("meeting.location"), m->zLocation, false);
  if( m->zOnlineLink[0] ){
    nhsuk_summary_row_begin(b, T("meeting.online"), 0);
    html_printf(b, "<a href=\"%s\" rel=\"noopener noreferrer\">%s</a>", m->zOnlineLink, T("meeting.join_online"));
    nhsuk_summary_row_end(b);
  }
  struct quorum_result q;
  meeting_quorum(r->db, m, 0, &q);
  enum record_state rs = record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0);
  /* A cancelled meeting needs no quorum. Before the start: what the
  ** meeting will need, not a verdict, as nobody is in the room yet. */
  if( rs!=RECORD_CANCELLED ){
    nhsuk_summary_row_begin(b, T("quorum.title"), "quorum");
    if( rs==RECORD_AHEAD ){
      if( q.bNeedsChair ) html_printf_t(b, TF("quorum.needed_chair"), q.nRequired, q.nVoting);
      else html_printf_t(b, TF("quorum.needed"), q.nRequired, q.nVoting);
      if( q.bNeedsRoles ) html_printf(b, " %s", T("quorum.needed_roles"));
    }else{
      nhsuk_tag(b, q.bMet ? "green" : "red", T(q.bMet ? "quorum.met" : "quorum.not_met"));
      html_printf(b, " ");
      html_printf_t(b, TF("quorum.numbers"), q.nRequired, q.nPresentVoting);
      if( q.zWhyKey && q.nPresentVoting>=q.nRequired ) html_printf(b, " %s", T(q.zWhyKey));
    }
    nhsuk_summary_row_end(b);
  }
  proposals_call_row(r, m, bWrite);
  nhsuk_summary_end(b);

  html_printf(b, "<h2 id=\"agenda-heading\">%s</h2>\n", T("agenda.title"));
  struct agenda_ctx c = { r, m, bWrite, 0, 0, 0, {0}, 0, st==RECORD_AHEAD };
  if( bWrite ) c.nAccepted = agenda_count_accepted(r->db, m->id);
  agenda_list(r->db, &r->user, m, true, agenda_row, &c);
  if( c.n ){ nhsuk_table_end(b); page_scroll_end(r); }
  /* Items that run past the meeting's end: say by how much. */
  int nOver = agenda_overrun_of(m->zStartsAt, m->zEndsAt, c.nMinutes);
  if( nOver>0 ){
    nhsuk_warning_callout_begin(b, 3, T("agenda.overrun_title"));
    html_printf(b, "<p id=\"agenda-overrun\">");
    html_printf_t(b, TF("agenda.overrun"), nOver, m->zEndsAt+11);
    html_printf(b, "</p>\n");
    nhsuk_warning_callout_end(b);
  }
  /* Open actions from earlier meetings come up for review by themselves. */
  html_printf(b, "<h3 id=\"review-heading\">%s</h3>\n", T("standing.actions"));
  review_actions_table(r, m, "review-heading");
  /* Actions raised at the meeting are part of its record: from its start. */
  if( bWrite && strcmp(m->zStatus, "cancelled")!=0 ){
    /* A meeting of an earlier day has started: the clock is read only for one of today or later. */
    if( strncmp(m->zStartsAt, r->zToday, 10)>=0
     && record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0)==RECORD_AHEAD ){
      char zDay[11], zDate[48];
      snprintf(zDay, sizeof zDay, "%.10s", m->zStartsAt);
      page_date(r, zDay, zDate);
      html_printf(b, "<p class=\"cc-record-opens\">");
      html_printf_t(b, TF("record.actions_open_at"), zDate, m->zStartsAt+11);
      html_printf(b, "</p>\n");
    }else{
      html_printf(b, "<p><a href=\"/units/%s/actions/new?meeting=%lld\">%s</a></p>\n", m->zUnitSlug, m->id, T("agenda.raise_action"));
    }
  }
  html_printf(b, "<p><a href=\"/meetings/%lld/minutes\">%s</a></p>\n", m->id, T("agenda.minutes_link"));
  /* The chair writes the minutes of every item on one page, once the meeting has started. */
  if( bWrite && (rs==RECORD_OPEN || rs==RECORD_LOCKED) ){
    html_printf(b, "<p><a href=\"/meetings/%lld/minutes/write\">%s</a></p>\n", m->id,
                T(rs==RECORD_LOCKED ? "minutes.write.link_correct" : "minutes.write.link"));
  }
  page_meeting_exports(r, m);
  proposals_section(r, m, bWrite, c.nProposed);
  struct agenda_input in = { .zDuration = "15", .zPurpose = "discussion" };
  /* Everyone on the attendance list, read once for the lead of a new
  ** item and the attendance table. */
  struct att_all all = {0};
  attendance_list(r->db, m, att_collect, &all);
  if( bWrite ) add_item_form(r, m, &all, &in, 0);

  attendance_section(r, m, &all, bWrite, rs, af);
  free(all.a);
  page_end(r);
}

void page_meeting(struct req *r){
  meeting_page(r, 0);
}

/* ---- writes from the meeting page -------------------------------------- */

static void back_to_meeting(struct req *r, const struct meeting *m, const char *zAnchor){
  char z[80];
  snprintf(z, sizeof z, "/meetings/%lld%s", m->id, zAnchor);
  req_redirect(r, z);
}

void page_meeting_item_add(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  struct agenda_input in = {
    .zTitle = req_form(r, "title"), .zPurpose = req_form(r, "purpose"),
    .zLeadPersonId = req_form(r, "lead"), .zDuration = req_form(r, "duration"),
    .zRestricted = req_form(r, "restricted"),
  };
  struct field_errors e = {0};
  long long id = agenda_add(r->db, &r->user, m, &in, true, r->zToday, &e);
  if( id>0 ){ back_to_meeting(r, m, "#agenda"); return; }
  if( id<0 ){ page_error(r, 404, "error.not_found_title", "error.not_found_body"); return; }
  r->status = 400;
  char zHref[100];
  snprintf(zHref, sizeof zHref, "/meetings/%lld", m->id);
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, m->zTitle}};
  char zTitle[700];
  meeting_page_title(r, m, T("agenda.add"), true, zTitle, sizeof zTitle);
  page_begin(r, zTitle, aCrumb, 2);
  html_printf(&r->body, "<span class=\"nhsuk-caption-l\">%s</span>\n", m->zTitle);
  add_item_form(r, m, 0, &in, &e);
  page_end(r);
}

/* Editing an item (chair): the form, prefilled, and its post. */
static void item_edit_page(struct req *r, const struct meeting *m, const struct agenda_item *it,
                           const struct agenda_input *in, const struct field_errors *e){
  char zHref[100];
  snprintf(zHref, sizeof zHref, "/meetings/%lld", m->id);
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {zHref, m->zTitle}};
  char zTitle[700];
  meeting_page_title(r, m, T("agenda.edit_title"), e && e->n, zTitle, sizeof zTitle);
  page_begin(r, zTitle, aCrumb, 2);
  html_printf(&r->body, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", m->zTitle, T("agenda.edit_title"));
  char zAction[100];
  snprintf(zAction, sizeof zAction, "/meetings/%lld/items/%lld/edit", m->id, it->id);
  item_form(r, m, 0, true, zAction, "agenda.save", in, e);
  page_end(r);
}

/* Only an item on the agenda or proposed for it can be changed; a
** declined one stays as it was declined. */
static bool item_editable(struct req *r, const struct agenda_item *it){
  if( strcmp(it->zStatus, "accepted")==0 || strcmp(it->zStatus, "proposed")==0 ) return true;
  page_error(r, 409, "agenda.not_editable_title", "agenda.not_editable_body");
  return false;
}

void page_meeting_item_edit(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  if( !item_editable(r, it) ) return;
  char zLead[24] = "", zDuration[24];
  if( it->leadPersonId ) snprintf(zLead, sizeof zLead, "%lld", it->leadPersonId);
  snprintf(zDuration, sizeof zDuration, "%d", it->durationMinutes);
  struct agenda_input in = {
    .zTitle = it->zTitle, .zPurpose = it->zPurpose,
    .zLeadPersonId = zLead, .zDuration = zDuration, .zRestricted = it->bRestricted ? "1" : "",
  };
  item_edit_page(r, m, it, &in, 0);
}

void page_meeting_item_update(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  if( !item_editable(r, it) ) return;
  struct agenda_input in = {
    .zTitle = req_form(r, "title"), .zPurpose = req_form(r, "purpose"),
    .zLeadPersonId = req_form(r, "lead"), .zDuration = req_form(r, "duration"),
    .zRestricted = req_form(r, "restricted"),
  };
  struct field_errors e = {0};
  if( agenda_update(r->db, &r->user, m, it->id, &in, r->zToday, &e) ){ back_to_meeting(r, m, "#agenda"); return; }
  if( !e.n ){ page_error(r, 404, "error.not_found_title", "error.not_found_body"); return; }
  r->status = 400;
  item_edit_page(r, m, it, &in, &e);
}

void page_meeting_item_move(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  const char *z = req_form(r, "dir");
  int delta = z && strcmp(z, "up")==0 ? -1 : z && strcmp(z, "down")==0 ? 1 : 0;
  if( delta==0 ){
    page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
    return;
  }
  /* Moving the first item up is simply nothing to do. */
  agenda_move(r->db, &r->user, m, r->rec.item.id, delta, r->zToday);
  back_to_meeting(r, m, "#agenda");
}

/* The attendance form: the rows whose status (or deputy's member) it
** changes, and someone added, saved all or none (attendance_set_all);
** refused, the meeting page again with each row's errors and what was
** typed. */
void page_meeting_attendance(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  struct att_all all = {0};
  attendance_list(r->db, m, att_collect, &all);
  struct attendance_entry *aRow = xcalloc((size_t)all.n+1, sizeof *aRow);
  int *aIdx = xcalloc((size_t)all.n+1, sizeof *aIdx);
  int n = 0;
  for(int i=0; i<all.n; i++){
    const struct attendee *a = &all.a[i];
    char zKey[48];
    snprintf(zKey, sizeof zKey, "status-%lld", a->personId);
    const char *z = req_form(r, zKey);
    if( !z ) continue;
    snprintf(zKey, sizeof zKey, "deputy_for-%lld", a->personId);
    const char *zDep = req_form(r, zKey);
    long long dep = 0;
    if( zDep && *zDep && !text_to_int(zDep, 1, 1000000000000LL, &dep) ) dep = -1;
    bool bDeputy = strcmp(z, "deputy")==0;
    if( strcmp(z, a->zStatus)==0 && (!bDeputy || dep==a->deputyForId) ) continue;
    aRow[n] = (struct attendance_entry){ a->personId, z, bDeputy ? dep : 0, 0, 0, 0 };
    aIdx[n++] = i;
  }
  /* Someone added: anything typed or chosen in the fields for them. */
  const char *zAddStatus = req_form(r, "add-status"), *zAddName = req_form(r, "add-name");
  const char *zAddOrg = req_form(r, "add-organisation"), *zAddRole = req_form(r, "add-role");
  const char *zAddDep = req_form(r, "add-deputy_for");
  int iAdd = -1;
  if( !text_blank(zAddStatus) || !text_blank(zAddName) || !text_blank(zAddOrg) || !text_blank(zAddRole) ){
    long long dep = 0;
    if( zAddDep && *zAddDep && !text_to_int(zAddDep, 1, 1000000000000LL, &dep) ) dep = -1;
    iAdd = n;
    aRow[n++] = (struct attendance_entry){ 0, zAddStatus ? zAddStatus : "", dep, zAddName, zAddOrg, zAddRole };
  }
  struct field_errors *aErr = xcalloc((size_t)n+1, sizeof *aErr);
  struct att_form f;
  memset(&f, 0, sizeof f);
  bool ok = attendance_set_all(r->db, &r->user, m, aRow, n, req_form(r, "correction_reason"), r->zToday,
                               &f.form, aErr);
  if( ok ){
    back_to_meeting(r, m, "#attendance-heading");
  }else{
    f.aPerson = xcalloc((size_t)n+1, sizeof *f.aPerson);
    f.azName = xcalloc((size_t)n+1, sizeof *f.azName);
    f.aErr = xcalloc((size_t)n+1, sizeof *f.aErr);
    static const char *const azAddField[][2] = {
      {"status", "add-status"}, {"deputy_for", "add-deputy_for"}, {"name", "add-name"},
      {"organisation", "add-organisation"}, {"role", "add-role"},
    };
    for(int i=0; i<n; i++){
      if( aErr[i].n==0 ) continue;
      f.nErr += aErr[i].n;
      if( i==iAdd ){
        for(int j=0; j<aErr[i].n; j++){
          for(size_t k=0; k<sizeof azAddField/sizeof azAddField[0]; k++){
            if( strcmp(aErr[i].a[j].zField, azAddField[k][0])==0 ) field_errors_add(&f.add, azAddField[k][1], aErr[i].a[j].zKey);
          }
        }
        continue;
      }
      f.aPerson[f.nRow] = all.a[aIdx[i]].personId;
      f.azName[f.nRow] = all.a[aIdx[i]].zName;
      f.aErr[f.nRow++] = aErr[i];
    }
    if( f.form.n==0 && f.nErr==0 ){
      page_error(r, 404, "error.not_found_title", "error.not_found_body");
    }else{
      r->status = 400;
      meeting_page(r, &f);
    }
    free(f.aPerson);
    free(f.azName);
    free(f.aErr);
  }
  free(aErr);
  free(aIdx);
  free(aRow);
  free(all.a);
}


/* ---- changing and cancelling a meeting; deleting an item ------------------ */

/* The forms that change a meeting's arrangements are for a meeting still
** ahead: once it has started, or been cancelled, they say so instead. */
static bool meeting_changeable(struct req *r, const struct meeting *m){
  if( record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0)==RECORD_AHEAD ) return true;
  page_error(r, 409, "meeting.not_changeable_title", "meeting.not_changeable_body");
  return false;
}

void page_meeting_edit(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  if( !meeting_changeable(r, m) ) return;
  char zDate[11], zStart[6], zEnd[6];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  snprintf(zStart, sizeof zStart, "%.5s", m->zStartsAt+11);
  snprintf(zEnd, sizeof zEnd, "%.5s", m->zEndsAt+11);
  struct meeting_input in = {
    .zTitle = m->zTitle, .zDate = zDate, .zStart = zStart, .zEnd = zEnd,
    .zLocation = m->zLocation, .zOnlineLink = m->zOnlineLink,
  };
  meeting_form(r, 0, m, &in, zDate, "", 0);
}

void page_meeting_update(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  char zDate[64];
  form_date_value(r, "date", zDate);
  struct meeting_input in = {
    .zTitle = req_form(r, "title"), .zDate = zDate,
    .zStart = req_form(r, "start"), .zEnd = req_form(r, "end"),
    .zLocation = req_form(r, "location"), .zOnlineLink = req_form(r, "online_link"),
  };
  struct field_errors e = {0};
  char zNow[17];
  text_local_now(zNow);
  long long id = meeting_update(r->db, &r->user, m, &in, zNow, r->zToday, &e);
  if( form_result(r, id, "/meetings/%lld", m->id) ) meeting_form(r, 0, m, &in, zDate, "", &e);
}

/* A confirmation page: the question zTitleKey about meeting m, what it
** means (zBodyKey), and a form posting to zAction with the button
** zButtonKey; a required reason when bReason. */
static void confirm_page(struct req *r, const struct meeting *m, const char *zTitleKey, const char *zBody,
                         const char *zAction, const char *zButtonKey, bool bReason, const char *zReason,
                         const struct field_errors *e){
  char zMeetingHref[64], zUnitHref[100];
  snprintf(zMeetingHref, sizeof zMeetingHref, "/meetings/%lld", m->id);
  snprintf(zUnitHref, sizeof zUnitHref, "/units/%s/meetings", m->zUnitSlug);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zUnitHref, m->zUnitName}, {zMeetingHref, m->zTitle}};
  meeting_form_page_begin(r, m, T(zTitleKey), aCrumb, 3, e, m->zTitle);
  struct buf *b = &r->body;
  char zWhen[120];
  meeting_when(r, m, zWhen, sizeof zWhen);
  html_printf(b, "<p>%s</p>\n<p>%s</p>\n", zWhen, zBody);
  html_printf(b, "<form method=\"post\" action=\"%s\" novalidate>\n", zAction);
  form_csrf(r);
  if( bReason ) form_textarea(r, e, "reason", "meeting.cancel_reason", "meeting.cancel_reason_hint", zReason, 3);
  const char *zErr = !bReason && e ? field_errors_get(e, "confirm") : 0;
  if( zErr ){
    html_printf(b, "<div class=\"nhsuk-form-group nhsuk-form-group--error\">\n"
                "<span class=\"nhsuk-error-message\" id=\"confirm-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                T("error.prefix"), T(zErr));
  }
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" id=\"confirm\" type=\"submit\"%s>%s</button>\n",
              zErr ? " aria-describedby=\"confirm-error\"" : "", T(zButtonKey));
  if( zErr ) html_printf(b, "</div>\n");
  html_printf(b, "<p><a href=\"/meetings/%lld\">%s</a></p>\n</form>\n</div></div>\n", m->id, T("decision.back_to_meeting"));
  page_end(r);
}

void page_meeting_cancel_form(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  if( !meeting_changeable(r, m) ) return;
  char zAction[80];
  snprintf(zAction, sizeof zAction, "/meetings/%lld/cancel", m->id);
  confirm_page(r, m, "meeting.cancel_title", T("meeting.cancel_body"), zAction, "meeting.cancel_confirm", true, "", 0);
}

void page_meeting_cancel(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  const char *zReason = req_form(r, "reason");
  struct field_errors e = {0};
  long long id = meeting_cancel(r->db, &r->user, m, zReason, r->zToday, &e);
  if( form_result(r, id, "/meetings/%lld", m->id) ){
    char zAction[80];
    snprintf(zAction, sizeof zAction, "/meetings/%lld/cancel", m->id);
    confirm_page(r, m, "meeting.cancel_title", T("meeting.cancel_body"), zAction, "meeting.cancel_confirm", true,
                 zReason, &e);
  }
}

static void item_delete_page(struct req *r, const struct meeting *m, const struct agenda_item *it,
                             const struct field_errors *e){
  const char *zStd = agenda_title_key(it->zStanding, it->zTitle);
  char zBody[600], zAction[100];
  snprintf(zBody, sizeof zBody, T("agenda.delete_body"), zStd ? T(zStd) : it->zTitle);
  snprintf(zAction, sizeof zAction, "/meetings/%lld/items/%lld/delete", m->id, it->id);
  confirm_page(r, m, "agenda.delete_title", zBody, zAction, "agenda.delete_confirm", false, 0, e);
}

void page_meeting_item_delete_form(struct req *r){
  if( !meeting_changeable(r, &r->rec.meeting) ) return;
  item_delete_page(r, &r->rec.meeting, &r->rec.item, 0);
}

void page_meeting_item_delete(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  struct field_errors e = {0};
  long long id = agenda_delete(r->db, &r->user, m, it->id, r->zToday, &e);
  if( form_result(r, id, "/meetings/%lld#agenda-heading", m->id) ) item_delete_page(r, m, it, &e);
}

/* A member's own apologies, sent or withdrawn before the meeting starts. */
void page_meeting_apologies(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  const char *z = req_form(r, "apologies");
  bool bSend = z && strcmp(z, "send")==0;
  if( !z || (!bSend && strcmp(z, "withdraw")!=0) ){
    page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
    return;
  }
  struct att_form f;
  memset(&f, 0, sizeof f);
  if( attendance_own_apologies(r->db, &r->user, m, bSend, &f.own) ){
    back_to_meeting(r, m, "#attendance-heading");
    return;
  }
  if( !f.own.n ){ page_error(r, 404, "error.not_found_title", "error.not_found_body"); return; }
  r->status = 400;
  meeting_page(r, &f);
}
