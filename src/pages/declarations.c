/* Changing and withdrawing a declaration of interest, from the start of
** its meeting (once the minutes are approved, as a correction with its
** reason: domain/record.h), with the offer to add the interest to the
** person's register; and on the register, the declarations the person
** made at meetings. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/decision.h"
#include "domain/meeting.h"
#include "domain/record.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azOutcomeValue[] = {"left_room", "no_vote", "remained"};
static const char *const azOutcomeKey[] = {"declaration.outcome_left_room", "declaration.outcome_no_vote",
                                           "declaration.outcome_remained"};
static const char *const azKindValue[] = {"financial", "professional", "personal", "indirect", "gift_hospitality"};
static const char *const azKindKey[] = {"interest.kind_financial", "interest.kind_professional", "interest.kind_personal",
                                        "interest.kind_indirect", "interest.kind_gift_hospitality"};

static const char *outcome_key(const char *z){
  for(int i=0; i<3; i++) if( strcmp(z, azOutcomeValue[i])==0 ) return azOutcomeKey[i];
  return "declaration.outcome_remained";
}

/* An item's title as people read it (a standing item's in their language). */
static const char *item_title(struct req *r, const char *zStanding, const char *zTitle){
  const char *zKey = agenda_title_key(zStanding, zTitle);
  return zKey ? T(zKey) : zTitle;
}

/* What the forms show: the declaration's values, or what was typed. */
struct decl_input { const char *zInterest, *zOutcome, *zRegister, *zRegisterKind, *zReason; };

/* The head of both pages: crumbs, title, the error summary, and who
** declared what on which item. */
static void decl_page_begin(struct req *r, const char *zTitleKey, const struct field_errors *e){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  const struct declaration *d = r->rec.pDeclaration;
  char zMeetingHref[64], zItemHref[100];
  snprintf(zMeetingHref, sizeof zMeetingHref, "/meetings/%lld", m->id);
  snprintf(zItemHref, sizeof zItemHref, "/meetings/%lld/items/%lld", m->id, it->id);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zMeetingHref, m->zTitle},
                            {zItemHref, item_title(r, it->zStanding, it->zTitle)}};
  meeting_form_page_begin(r, m, T(zTitleKey), aCrumb, 3, e, d->zName);
  struct buf *b = &r->body;
  char zDay[11], zDate[48];
  snprintf(zDay, sizeof zDay, "%.10s", m->zStartsAt);
  page_date(r, zDay, zDate);
  nhsuk_summary_begin(b, "declaration-summary");
  nhsuk_summary_row(b, T("declaration.person"), d->zName, false);
  nhsuk_summary_row_begin(b, T("declaration.at_item"), 0);
  html_printf(b, "<a href=\"%s\">%s</a><br>%s, %s", zItemHref, item_title(r, it->zStanding, it->zTitle), m->zTitle, zDate);
  nhsuk_summary_row_end(b);
  nhsuk_summary_end(b);
}

/* Once the minutes are approved a change is a correction: say so, and ask why. */
static bool correction_inset(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  bool bLocked = record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0)==RECORD_LOCKED;
  if( bLocked ) nhsuk_inset(&r->body, T("minutes.approved_label"), T("declaration.correction_warning"));
  return bLocked;
}
static void correction_field(struct req *r, const struct field_errors *e, bool bLocked, const char *zReason){
  if( !bLocked && !(e && field_errors_get(e, "correction_reason")) ) return;
  form_textarea(r, e, "correction_reason", "minutes.correction_reason", "minutes.correction_reason_hint",
                zReason ? zReason : "", 2);
}

static void decl_edit_page(struct req *r, const struct decl_input *in, const struct field_errors *e){
  const struct declaration *d = r->rec.pDeclaration;
  const struct agenda_item *it = &r->rec.item;
  decl_page_begin(r, "declaration.edit_title", e);
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/declarations/%lld/edit\" novalidate>\n", d->id);
  form_csrf(r);
  bool bLocked = correction_inset(r);
  form_textarea(r, e, "interest", "declaration.interest", "declaration.interest_hint", in->zInterest, 3);
  form_radios(r, e, "outcome", "declaration.outcome", "declaration.outcome_hint", 3, azOutcomeValue, azOutcomeKey,
              in->zOutcome);
  /* The person's register: "Also add this to NAME's register of interests". */
  const char *zErr = e ? field_errors_get(e, "register") : 0;
  char zLabel[400];
  snprintf(zLabel, sizeof zLabel, T("declaration.register_named"), d->zName);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n", zErr ? " nhsuk-form-group--error" : "");
  if( zErr ){
    html_printf(b, "<span class=\"nhsuk-error-message\" id=\"register-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                T("error.prefix"), T(zErr));
  }
  html_printf(b, "<div class=\"nhsuk-checkboxes\"><div class=\"nhsuk-checkboxes__item\">"
              "<input class=\"nhsuk-checkboxes__input\" id=\"register\" name=\"register\" type=\"checkbox\" value=\"1\"%s%s>"
              "<label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"register\">%s</label></div></div>\n</div>\n",
              in->zRegister && strcmp(in->zRegister, "1")==0 ? " checked" : "",
              zErr ? " aria-describedby=\"register-error\"" : "", zLabel);
  form_radios(r, e, "register_kind", "declaration.register_kind", "declaration.register_kind_hint", 5,
              azKindValue, azKindKey, in->zRegisterKind);
  correction_field(r, e, bLocked, in->zReason);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("declaration.save_changes"));
  html_printf(b, "<p><a href=\"/meetings/%lld/items/%lld#i%lld-sec-declarations\">%s</a></p>\n</div></div>\n",
              r->rec.meeting.id, it->id, it->id, T("paper.back_to_item"));
  page_end(r);
}

static void decl_withdraw_page(struct req *r, const char *zReason, const struct field_errors *e){
  const struct declaration *d = r->rec.pDeclaration;
  const struct agenda_item *it = &r->rec.item;
  decl_page_begin(r, "declaration.withdraw_title", e);
  struct buf *b = &r->body;
  nhsuk_summary_begin(b, 0);
  nhsuk_summary_row(b, T("declaration.interest"), d->zInterest, true);
  nhsuk_summary_row(b, T("declaration.outcome"), T(outcome_key(d->zOutcome)), false);
  nhsuk_summary_end(b);
  html_printf(b, "<p>%s</p>\n", T("declaration.withdraw_body"));
  html_printf(b, "<form method=\"post\" action=\"/declarations/%lld/withdraw\" novalidate>\n", d->id);
  form_csrf(r);
  bool bLocked = correction_inset(r);
  correction_field(r, e, bLocked, zReason);
  const char *zErr = e ? field_errors_get(e, "confirm") : 0;
  if( zErr ){
    html_printf(b, "<div class=\"nhsuk-form-group nhsuk-form-group--error\">\n"
                "<span class=\"nhsuk-error-message\" id=\"confirm-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                T("error.prefix"), T(zErr));
  }
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" id=\"confirm\" type=\"submit\"%s>%s</button>\n",
              zErr ? " aria-describedby=\"confirm-error\"" : "", T("declaration.withdraw_button"));
  if( zErr ) html_printf(b, "</div>\n");
  html_printf(b, "</form>\n<p><a href=\"/meetings/%lld/items/%lld#i%lld-sec-declarations\">%s</a></p>\n</div></div>\n",
              r->rec.meeting.id, it->id, it->id, T("paper.back_to_item"));
  page_end(r);
}

/* The forms are for a meeting that has started (and is not cancelled). */
static bool decl_changeable(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  enum record_state st = record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0);
  if( st==RECORD_OPEN || st==RECORD_LOCKED ) return true;
  page_error(r, 409, "declaration.not_changeable_title", "declaration.not_changeable_body");
  return false;
}

static void back_to_declarations(struct req *r){
  char z[160];
  snprintf(z, sizeof z, "/meetings/%lld/items/%lld#i%lld-sec-declarations", r->rec.meeting.id, r->rec.item.id,
           r->rec.item.id);
  req_redirect(r, z);
}

void page_declaration_edit(struct req *r){
  if( !decl_changeable(r) ) return;
  const struct declaration *d = r->rec.pDeclaration;
  struct decl_input in = { d->zInterest, d->zOutcome, "", 0, "" };
  decl_edit_page(r, &in, 0);
}

void page_declaration_update(struct req *r){
  struct decl_input in = { req_form(r, "interest"), req_form(r, "outcome"), req_form(r, "register"),
                           req_form(r, "register_kind"), req_form(r, "correction_reason") };
  const char *zKind = in.zRegister && strcmp(in.zRegister, "1")==0 ? (in.zRegisterKind ? in.zRegisterKind : "") : 0;
  struct field_errors e = {0};
  long long id = declaration_update(r->db, &r->user, &r->rec.meeting, r->rec.pDeclaration->id, in.zInterest,
                                    in.zOutcome, zKind, in.zReason, r->zToday, &e);
  if( id>0 ){ back_to_declarations(r); return; }
  if( id<0 ){ page_not_found(r); return; }
  r->status = 400;
  decl_edit_page(r, &in, &e);
}

void page_declaration_withdraw_form(struct req *r){
  if( decl_changeable(r) ) decl_withdraw_page(r, "", 0);
}

void page_declaration_withdraw(struct req *r){
  const char *zReason = req_form(r, "correction_reason");
  struct field_errors e = {0};
  long long id = declaration_withdraw(r->db, &r->user, &r->rec.meeting, r->rec.pDeclaration->id, zReason,
                                      r->zToday, &e);
  if( id>0 ){ back_to_declarations(r); return; }
  if( id<0 ){ page_not_found(r); return; }
  r->status = 400;
  decl_withdraw_page(r, zReason, &e);
}

/* ---- on the register: the declarations made at meetings -------------------- */

struct made_ctx { struct req *r; int n; };
static void made_row(void *pCtx, const struct declaration_made *d){
  struct made_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    page_scroll_begin(r, "declarations-made-heading");
    nhsuk_table_begin(b, 0, "declarations-made", 0);
    nhsuk_table_header(b, T("declaration.made_meeting"), false);
    nhsuk_table_header(b, T("declaration.made_item"), false);
    nhsuk_table_header(b, T("declaration.interest"), false);
    nhsuk_table_header(b, T("declaration.outcome"), false);
    nhsuk_table_body(b);
  }
  char zDay[11], zDate[48];
  snprintf(zDay, sizeof zDay, "%.10s", d->zMeetingStartsAt);
  page_date(r, zDay, zDate);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/meetings/%lld\"><span class=\"cc-nowrap\">%s</span></a><br>%s", d->meetingId, zDate,
              d->zMeetingTitle);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/meetings/%lld/items/%lld#i%lld-sec-declarations\">%s</a>", d->meetingId, d->itemId,
              d->itemId, item_title(r, d->zItemStanding, d->zItemTitle));
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_class(b, "cc-pre", d->zInterest);
  nhsuk_table_cell(b, T(outcome_key(d->zOutcome)));
  nhsuk_table_row_end(b);
}

void interests_declarations_section(struct req *r, long long personId){
  struct buf *b = &r->body;
  html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"declarations-made-heading\">%s</h2>\n", T("declaration.made_title"));
  struct made_ctx c = { r, 0 };
  declarations_made(r->db, &r->user, personId, r->zToday, made_row, &c);
  if( c.n ){ nhsuk_table_end(b); page_scroll_end(r); }
  else html_printf(b, "<p>%s</p>\n", T("declaration.made_none"));
}

/* ---- on an item and its minutes: declarations withdrawn as corrections ----- */

struct withdrawn_ctx { struct req *r; int n; };
static void withdrawn_row(void *pCtx, long long at, const char *zReason, const char *zPerson,
                          const char *zInterest, const char *zOutcome){
  struct withdrawn_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ) html_printf(b, "<ul class=\"nhsuk-list cc-withdrawn\">\n");
  char zWhen[64];
  page_time(r, at, zWhen);
  html_printf(b, "<li class=\"nhsuk-body-s\">");
  html_printf_t(b, TF("declaration.withdrawn_correction"), zWhen, zReason, zPerson, zInterest, T(outcome_key(zOutcome)));
  html_printf(b, "</li>\n");
}

void declarations_withdrawn_section(struct req *r, const struct meeting *m, const struct agenda_item *it){
  if( strcmp(m->zMinutesStatus, "approved")!=0 ) return;   /* only approved records have corrections */
  struct withdrawn_ctx c = { r, 0 };
  declarations_withdrawn(r->db, m, it->id, withdrawn_row, &c);
  if( c.n ) html_printf(&r->body, "</ul>\n");
}
