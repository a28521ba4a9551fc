/* The minutes of a meeting: the page on which the chair or secretary
** writes the minutes of every item at once, in the form the terms of
** reference choose (domain/minutes.h), and the parts of the web minutes
** that belong to the whole meeting: the form of the minutes, attendance
** and the actions raised (the page itself, with each item's
** declarations, decisions and elections, is drawn in decisions.c). */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/action.h"
#include "domain/decision.h"
#include "domain/meeting.h"
#include "domain/minutes.h"
#include "domain/record.h"
#include "domain/unit.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The catalogue keys that change with the form of the minutes. */
struct form_words {
  const char *zCode;         /* formal, notes, actions */
  const char *zName;         /* "Formal minutes" (the terms of reference's own key) */
  const char *zIntro;        /* what the form asks of each item */
  const char *zLabel;        /* each item's box */
  const char *zHint;
};
static const struct form_words aForm[] = {
  { "formal", "tor.minutes_formal", "minutes.write.intro_formal", "minutes.write.label_formal", "minutes.write.hint_formal" },
  { "notes", "tor.minutes_notes", "minutes.write.intro_notes", "minutes.write.label_notes", "minutes.write.hint_notes" },
  { "actions", "tor.minutes_actions", "minutes.write.intro_actions", "minutes.write.label_actions", "minutes.write.hint_actions" },
};
static const struct form_words *form_words(struct db *db, const struct meeting *m){
  char z[10];
  minutes_form_of(db, m, z);
  for(size_t i=0; i<sizeof aForm/sizeof aForm[0]; i++) if( strcmp(aForm[i].zCode, z)==0 ) return &aForm[i];
  return &aForm[0];
}

/* An item's title as people read it (a standing item's in their language). */
static const char *title_of(struct req *r, const struct agenda_item *it){
  const char *zKey = agenda_title_key(it->zStanding, it->zTitle);
  return zKey ? T(zKey) : it->zTitle;
}

/* ---- where corrections are shown ---------------------------------------- */

/* The one place the web minutes show the corrections of a record of the
** meeting (kind as in record_kinds, and its id; 0 for the whole
** attendance): after each item's minutes and after the attendance. The
** page that draws corrections ("Corrected on 3 January 2027: the reason",
** the original under "Show the original", pages/corrections.c) is
** called here. The PDF minutes draw their own (export_pdf_doc.c). */
static void corrections_of(struct req *r, const struct meeting *m, const char *zKind, long long recordId){
  corrections_show(r, m->id, zKind, recordId);
}

void minutes_item_corrections(struct req *r, const struct meeting *m, const struct agenda_item *it){
  corrections_of(r, m, "minutes", it->id);
}

/* ---- the whole meeting's parts of the web minutes ---------------------- */

/* Attendance grouped by how people attended, one row each: "Present:
** Dr A, Dr B"; a deputy with whom they stand in for. */
struct att_group { struct buf a[ATT__MAX]; int n; struct req *r; };
static void att_collect(void *pCtx, const struct attendee *a){
  struct att_group *g = pCtx;
  enum attendance_status st;
  if( !attendance_parse(a->zStatus, &st) ) return;
  struct buf *b = &g->a[st];
  if( b->n ) buf_puts(b, "\n");
  minutes_attendee_name(g->r->db, g->r->lang, a, b);
  buf_putc(b, '\t');
  buf_puts(b, a->zDeputyFor);
  g->n++;
}

static void attendance_part(struct req *r, const struct meeting *m){
  struct buf *b = &r->body;
  html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"minutes-attendance\">%s</h2>\n", T("attendance.title"));
  struct att_group g;
  memset(&g, 0, sizeof g);
  g.r = r;
  attendance_list(r->db, m, att_collect, &g);
  if( g.n==0 ){
    html_printf(b, "<p>%s</p>\n", T("minutes.attendance_none"));
  }else{
    nhsuk_summary_begin(b, "minutes-attendance-list");
    static const enum attendance_status aOrder[] = { ATT_PRESENT, ATT_ONLINE, ATT_DEPUTY, ATT_IN_ATTENDANCE,
                                                     ATT_APOLOGIES, ATT_ABSENT };
    for(size_t k=0; k<sizeof aOrder/sizeof aOrder[0]; k++){
      enum attendance_status st = aOrder[k];
      if( g.a[st].n==0 ) continue;
      char zKey[48];
      snprintf(zKey, sizeof zKey, "minutes.attendance_%s", attendance_code(st));
      nhsuk_summary_row_begin(b, T(zKey), 0);
      html_printf(b, "<ul class=\"nhsuk-list\">\n");
      /* One person a line: as the minutes name them, tab, whom a deputy stands in for. */
      char *z = buf_steal(&g.a[st]);
      for(char *p = z; p && *p; ){
        char *zEnd = strchr(p, '\n');
        if( zEnd ) *zEnd = 0;
        char *zTab = strchr(p, '\t');
        if( zTab ) *zTab++ = 0;
        html_printf(b, "<li>");
        if( st==ATT_DEPUTY && zTab && *zTab ) html_printf_t(b, TF("minutes.deputy_for"), p, zTab);
        else html_printf(b, "%s", p);
        html_printf(b, "</li>\n");
        p = zEnd ? zEnd+1 : 0;
      }
      free(z);
      html_printf(b, "</ul>\n");
      nhsuk_summary_row_end(b);
    }
    nhsuk_summary_end(b);
  }
  for(int i=0; i<ATT__MAX; i++) buf_free(&g.a[i]);
  corrections_of(r, m, "attendance", 0);
}

void minutes_page_head(struct req *r, const struct meeting *m){
  struct buf *b = &r->body;
  const struct form_words *f = form_words(r->db, m);
  html_printf(b, "<p>%s: %s</p>\n", T("tor.minutes_form"), T(f->zName));
  enum record_state st = record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0);
  if( access_can_write(r->db, &r->user, m->unitId, r->zToday) && (st==RECORD_OPEN || st==RECORD_LOCKED) ){
    html_printf(b, "<p><a class=\"nhsuk-link\" href=\"/meetings/%lld/minutes/write\">%s</a></p>\n", m->id,
                T(st==RECORD_LOCKED ? "minutes.write.link_correct" : "minutes.write.link"));
  }
  minutes_circulate_section(r, m);
  attendance_part(r, m);
}

/* The actions raised at the meeting, with their references, leads and due
** dates; those raised under a restricted item only for those who may see
** it. */
struct raised_ctx { struct req *r; const struct meeting *m; bool bSees; int n; };
static void raised_row(void *pCtx, const struct action *a){
  struct raised_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( a->agendaItemId>0 && !c->bSees ){
    struct agenda_item it;
    if( !agenda_get(r->db, c->m, a->agendaItemId, &it) || it.bRestricted ) return;
  }
  if( c->n++==0 ){
    /* The action log's responsive table: a block of labelled lines a row on a small screen. */
    nhsuk_rtable_begin(b, "nhsuk-table--compact", "minutes-actions-table", 0);
    nhsuk_rtable_header(b, T("action.col_ref"), false);
    nhsuk_rtable_header(b, T("action.description"), false);
    nhsuk_rtable_header(b, T("action.lead"), false);
    nhsuk_rtable_header(b, T("action.col_due"), false);
    nhsuk_table_body(b);
  }
  nhsuk_rtable_row_begin(b, 0, 0);
  nhsuk_rtable_cell_begin(b, "cc-nowrap", T("action.col_ref"));
  html_printf(b, "<a href=\"/actions/%lld\">%s</a>", a->id, a->zRef);
  nhsuk_rtable_cell_end(b);
  nhsuk_rtable_cell(b, T("action.description"), a->zDescription);
  nhsuk_rtable_cell(b, T("action.lead"), a->zLeadName[0] ? a->zLeadName : T("minutes.action_no_lead"));
  char zDue[48] = "";
  if( a->zDue[0] ) page_date(r, a->zDue, zDue);
  nhsuk_rtable_cell(b, T("action.col_due"), zDue[0] ? zDue : T("minutes.action_no_due"));
  nhsuk_table_row_end(b);
}

void minutes_page_actions(struct req *r, const struct meeting *m){
  struct buf *b = &r->body;
  html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"minutes-actions\">%s</h2>\n", T("minutes.actions_raised"));
  struct action_filter f;
  memset(&f, 0, sizeof f);
  f.meetingId = m->id;
  f.nMax = 500;
  struct raised_ctx c = { r, m, meeting_sees_restricted(r->db, &r->user, m), 0 };
  action_list(r->db, m->unitId, &f, r->zToday, raised_row, &c);
  if( c.n ){
    nhsuk_table_end(b);
  }else{
    html_printf(b, "<p>%s</p>\n", T("minutes.actions_none"));
  }
}

/* ---- the one-page form --------------------------------------------------- */

/* What is already on the record of each item (its decisions and the
** actions raised under it), shown above its box as what to minute. */
struct recorded { long long itemId; char *zText; };
struct recorded_list { struct recorded *a; int n, nAlloc; struct req *r; };
static void recorded_add(struct recorded_list *l, long long itemId, char *zText){
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 16;
    l->a = xrealloc(l->a, sizeof(l->a[0])*(size_t)l->nAlloc);
  }
  l->a[l->n].itemId = itemId;
  l->a[l->n].zText = zText;
  l->n++;
}
static void recorded_decision(void *pCtx, const struct decision *d){
  struct recorded_list *l = pCtx;
  struct req *r = l->r;
  struct buf t = {0};
  buf_printf(&t, "%s: %s", T("minutes.write.recorded_decision"), d->zText);
  recorded_add(l, d->agendaItemId, buf_steal(&t));
}
static void recorded_action(void *pCtx, const struct action *a){
  struct recorded_list *l = pCtx;
  if( a->agendaItemId<=0 ) return;
  struct buf t = {0};
  buf_printf(&t, "%s: %s", a->zRef, a->zDescription);
  if( a->zLeadName[0] ) buf_printf(&t, " (%s)", a->zLeadName);
  recorded_add(l, a->agendaItemId, buf_steal(&t));
}

struct write_ctx {
  struct req *r;
  const struct meeting *m;
  const struct form_words *f;
  const struct field_errors *e;
  bool bTyped;                     /* draw what was posted, not what is stored */
  int n;
  const struct recorded_list *pRec;
};

static void write_item(void *pCtx, const struct agenda_item *it){
  struct write_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  /* A restricted item the reader may not see has no title here: leave it out. */
  if( strcmp(it->zStatus, "accepted")!=0 || (it->bRestricted && !it->zTitle[0]) ) return;
  c->n++;
  char zName[40];
  snprintf(zName, sizeof zName, "minutes-%lld", it->id);
  const char *zErr = c->e ? field_errors_get(c->e, zName) : 0;
  const char *zTitle = title_of(r, it);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n", zErr ? " nhsuk-form-group--error" : "");
  html_printf(b, "<h2 class=\"nhsuk-heading-m nhsuk-u-margin-bottom-2\" id=\"%s-heading\">%d. %s</h2>\n",
              zName, it->position, zTitle);
  html_printf(b, "<p class=\"nhsuk-body-s nhsuk-u-secondary-text-color nhsuk-u-margin-bottom-2\">%s",
              T(agenda_purpose_key(it->zPurpose)));
  if( it->zLeadName[0] ) html_printf(b, " · %s: %s", T("agenda.lead"), it->zLeadName);
  if( it->bRestricted ) html_printf(b, " · %s", T("minutes.write.restricted"));
  html_printf(b, "</p>\n");
  int nRec = 0;
  for(int i=0; i<c->pRec->n; i++){
    if( c->pRec->a[i].itemId!=it->id ) continue;
    if( nRec++==0 ){
      html_printf(b, "<div class=\"nhsuk-body-s\"><p class=\"nhsuk-u-margin-bottom-1\">%s</p>\n"
                  "<ul class=\"nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-2\">\n", T("minutes.write.recorded"));
    }
    html_printf(b, "<li>%s</li>\n", c->pRec->a[i].zText);
  }
  if( nRec ) html_printf(b, "</ul></div>\n");
  html_printf(b, "<label class=\"nhsuk-label\" for=\"%s\">%s<span class=\"nhsuk-u-visually-hidden\">: %s</span></label>\n",
              zName, T(c->f->zLabel), zTitle);
  if( zErr ){
    html_printf(b,
      "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
      zName, T("error.prefix"), T(zErr));
  }
  char zErrId[56];
  snprintf(zErrId, sizeof zErrId, "%s-error", zName);
  char *zStored = c->bTyped ? 0 : minutes_get(r->db, c->m, it->id);
  const char *zValue = c->bTyped ? req_form(r, zName) : zStored;
  /* Every box shares the one hint of the form of the minutes, at the top. */
  html_printf(b, "<textarea class=\"nhsuk-textarea%s\" id=\"%s\" name=\"%s\" rows=\"6\" aria-describedby=\"minutes-hint%s%s\">%s</textarea>\n</div>\n",
              zErr ? " nhsuk-textarea--error" : "", zName, zName, zErr ? " " : "", zErr ? zErrId : "",
              zValue ? zValue : "");
  free(zStored);
}

/* The error summary of the page: an error on an item's box names the
** item ("3. Extended access bid: Use 20,000 characters or fewer"), so
** that on a page of many boxes the summary says which. */
static void write_error_summary(struct req *r, const struct meeting *m, const struct field_errors *e){
  if( !e || e->n==0 ) return;
  char azBuf[FIELD_ERRORS_MAX][260];
  const char *azName[FIELD_ERRORS_MAX];
  for(int i=0; i<e->n; i++){
    const char *zField = e->a[i].zField;
    long long itemId = 0;
    struct agenda_item it;
    azName[i] = 0;
    if( strncmp(zField, "minutes-", 8)==0 && text_to_int(zField+8, 1, (long long)1<<53, &itemId)
        && agenda_get(r->db, m, itemId, &it) ){
      snprintf(azBuf[i], sizeof azBuf[i], "%d. %s", it.position, title_of(r, &it));
      azName[i] = azBuf[i];
    }
  }
  form_error_summary_named(r, e, azName);
}

static void write_page(struct req *r, const struct meeting *m, const struct field_errors *e){
  char zUnitHref[100], zMeetingHref[64], zMinutesHref[80];
  snprintf(zUnitHref, sizeof zUnitHref, "/units/%s", m->zUnitSlug);
  snprintf(zMeetingHref, sizeof zMeetingHref, "/meetings/%lld", m->id);
  snprintf(zMinutesHref, sizeof zMinutesHref, "/meetings/%lld/minutes", m->id);
  struct crumb aCrumb[4] = {{"/", T("home.title")}, {zUnitHref, unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy)}, {zMeetingHref, m->zTitle},
                            {zMinutesHref, T("minutes.title")}};
  char zCaption[400], zDay[11], zDate[48];
  snprintf(zDay, sizeof zDay, "%.10s", m->zStartsAt);
  page_date(r, zDay, zDate);
  snprintf(zCaption, sizeof zCaption, "%s, %s, %.5s", m->zTitle, zDate, m->zStartsAt+11);
  page_begin_form(r, T("minutes.write.title"), aCrumb, 4, e);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  write_error_summary(r, m, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", zCaption, T("minutes.write.title"));
  const struct form_words *f = form_words(r->db, m);
  enum record_state st = record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0);
  bool bErrors = e && e->n;

  /* Which form the terms of reference chose, and what it asks for. */
  nhsuk_inset_begin(b, "minutes-form", 0);
  html_printf(b, "<p>");
  html_printf_t(b, TF("minutes.write.form_chosen"), T(f->zName));
  html_printf(b, "</p>\n");
  html_printf(b, "<p>%s</p>\n", T(f->zIntro));
  html_printf(b, "<p id=\"minutes-hint\">%s</p>\n", T(f->zHint));
  html_printf(b, "<p><a href=\"/units/%s/terms\">%s</a></p>\n", m->zUnitSlug, T("minutes.write.terms_link"));
  nhsuk_inset_end(b);

  if( st==RECORD_CANCELLED ){
    html_printf(b, "<p>%s</p>\n", T("minutes.write.cancelled"));
  }else if( st==RECORD_AHEAD && !bErrors ){
    html_printf(b, "<p>");
    html_printf_t(b, TF("minutes.write.before_start"), zDate, m->zStartsAt+11);
    html_printf(b, "</p>\n");
  }else{
    html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/minutes/write\" novalidate>\n", m->id);
    form_csrf(r);
    if( st==RECORD_LOCKED ) nhsuk_inset(b, T("minutes.approved_label"), T("minutes.write.correction_warning"));
    struct recorded_list rec = { 0, 0, 0, r };
    decision_list_visible(r->db, &r->user, 0, m->id, r->zToday, recorded_decision, &rec);
    struct action_filter af;
    memset(&af, 0, sizeof af);
    af.meetingId = m->id;
    af.nMax = 500;
    action_list(r->db, m->unitId, &af, r->zToday, recorded_action, &rec);
    struct write_ctx c = { r, m, f, e, bErrors, 0, &rec };
    agenda_list(r->db, &r->user, m, false, write_item, &c);
    for(int i=0; i<rec.n; i++) free(rec.a[i].zText);
    free(rec.a);
    if( c.n==0 ) html_printf(b, "<p>%s</p>\n", T("minutes.no_items"));
    if( st==RECORD_LOCKED || (e && field_errors_get(e, "correction_reason")) ){
      form_textarea(r, e, "correction_reason", "minutes.correction_reason", "minutes.write.correction_reason_hint",
                    bErrors ? req_form(r, "correction_reason") : "", 3);
    }
    if( c.n ){
      html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n", T("minutes.write.save"));
    }
    html_printf(b, "</form>\n");
    /* Actions agreed get their reference in the action log. */
    html_printf(b, "<p><a href=\"/units/%s/actions/new?meeting=%lld\">%s</a></p>\n", m->zUnitSlug, m->id,
                T("minutes.write.raise_action"));
  }
  html_printf(b, "<p><a href=\"/meetings/%lld/minutes\">%s</a></p>\n", m->id, T("minutes.write.back"));
  html_printf(b, "</div></div>\n");
  page_end(r);
}

void page_minutes_write(struct req *r){
  write_page(r, &r->rec.meeting, 0);
}

/* The items the form sent: each field minutes-<item id>. */
void page_minutes_write_save(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  int nForm = r->h->form.n;
  struct minutes_entry *a = xcalloc((size_t)(nForm>0 ? nForm : 1), sizeof *a);
  int n = 0;
  for(int i=0; i<nForm; i++){
    const char *zKey = r->h->form.a[i].zKey;
    if( strncmp(zKey, "minutes-", 8)!=0 ) continue;
    long long id = 0;
    if( !text_to_int(zKey+8, 1, (long long)1<<53, &id) ) continue;
    a[n].itemId = id;
    a[n].zMarkdown = r->h->form.a[i].zVal;
    a[n].zField = zKey;
    n++;
  }
  struct field_errors e = {0};
  int rc = minutes_save_all(r->db, &r->user, m, a, n, req_form(r, "correction_reason"), r->zToday, &e);
  free(a);
  if( rc==-2 ){ page_not_found(r); return; }
  if( rc>=0 ){
    char z[80];
    snprintf(z, sizeof z, "/meetings/%lld/minutes", m->id);
    req_redirect(r, z);
    return;
  }
  r->status = 400;
  write_page(r, m, &e);
}
