/* Declarations of interest, decisions with their votes, and minutes, on
** the page of an agenda item; the minutes of a meeting; the decisions log
** of a unit; and a person's register of interests. The meeting page
** shows each item's part through decisions_section(). */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/decision.h"
#include "domain/minutes.h"
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

/* ---- form pieces with ids unique on a page of many items ---------------- */

/* A person id from a form or path: a positive integer, else 0. */
static long long id_of(const char *z){
  long long v = 0;
  return z && text_to_int(z, 1, (long long)1<<53, &v) ? v : 0;
}

/* How one item's part is drawn: which of its forms failed (and so shows
** what was typed and the errors), and whether forms are drawn at all. */
struct item_view {
  const char *zForm;                 /* "declaration", "decision", "minutes" or NULL */
  const struct field_errors *e;
  bool bForms;                       /* false: read only (the minutes page) */
  int hLevel;                        /* level of the section headings: 2 or 3 */
};

/* The text of an error: most keys are plain, a few take numbers. */
static void error_text(struct req *r, const char *zKey, const struct quorum_result *q,
                       char *zOut, size_t nOut){
  if( q && strcmp(zKey, "error.no_quorum")==0 ){
    snprintf(zOut, nOut, T(zKey), q->nRequired, q->nPresentVoting);
  }else if( q && strcmp(zKey, "error.votes_exceed_voters")==0 ){
    snprintf(zOut, nOut, T(zKey), q->nPresentVoting);
  }else{
    snprintf(zOut, nOut, "%s", T(zKey));
  }
}

/* The NHS error summary; each message links to its field, whose id is
** zPrefix followed by the field's name. */
static void error_summary(struct req *r, const struct field_errors *e, const char *zPrefix,
                          const struct quorum_result *q){
  if( !e || e->n==0 ) return;
  struct buf *b = &r->body;
  html_printf(b,
    "<div class=\"nhsuk-error-summary\" data-module=\"nhsuk-error-summary\" aria-labelledby=\"error-summary-title\" role=\"alert\" tabindex=\"-1\">\n"
    "<h2 class=\"nhsuk-error-summary__title\" id=\"error-summary-title\">%s</h2>\n"
    "<div class=\"nhsuk-error-summary__body\">\n<ul class=\"nhsuk-list nhsuk-error-summary__list\">\n",
    T("error.summary_title"));
  for(int i=0; i<e->n; i++){
    char zMsg[600];
    error_text(r, e->a[i].zKey, q, zMsg, sizeof zMsg);
    html_printf(b, "<li><a href=\"#%s%s\">%s</a></li>\n", zPrefix, e->a[i].zField, zMsg);
  }
  html_printf(b, "</ul>\n</div>\n</div>\n");
}

static void field_error(struct req *r, const char *zId, const char *zKey, const struct quorum_result *q){
  char zMsg[600];
  error_text(r, zKey, q, zMsg, sizeof zMsg);
  html_printf(&r->body,
    "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
    zId, T("error.prefix"), zMsg);
}

/* The error for field zName, or NULL. */
static const char *err_of(const struct field_errors *e, const char *zName){
  return e ? field_errors_get(e, zName) : 0;
}

/* A labelled text input or textarea (nRows>0). */
static void text_field(struct req *r, const struct field_errors *e, const struct quorum_result *q,
                       const char *zPrefix, const char *zName, const char *zLabelKey, const char *zHintKey,
                       const char *zValue, int nRows, const char *zWidthClass){
  struct buf *b = &r->body;
  const char *zErr = err_of(e, zName);
  char zId[80];
  snprintf(zId, sizeof zId, "%s%s", zPrefix, zName);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n", zErr ? " nhsuk-form-group--error" : "");
  html_printf(b, "<label class=\"nhsuk-label\" for=\"%s\">%s</label>\n", zId, T(zLabelKey));
  if( zHintKey ) html_printf(b, "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n", zId, T(zHintKey));
  if( zErr ) field_error(r, zId, zErr, q);
  if( nRows>0 ){
    html_printf(b, "<textarea class=\"nhsuk-textarea%s\" id=\"%s\" name=\"%s\" rows=\"%d\"",
                zErr ? " nhsuk-textarea--error" : "", zId, zName, nRows);
  }else{
    html_printf(b, "<input class=\"nhsuk-input%s%s%s\" id=\"%s\" name=\"%s\" type=\"text\"",
                zErr ? " nhsuk-input--error" : "", zWidthClass ? " " : "", zWidthClass ? zWidthClass : "",
                zId, zName);
    if( zWidthClass ) html_printf(b, " inputmode=\"numeric\"");
    html_printf(b, " value=\"%s\"", zValue ? zValue : "");
  }
  if( zHintKey || zErr ){
    html_printf(b, " aria-describedby=\"");
    if( zHintKey ) html_printf(b, "%s-hint", zId);
    if( zErr ) html_printf(b, "%s%s-error", zHintKey ? " " : "", zId);
    html_printf(b, "\"");
  }
  if( nRows>0 ) html_printf(b, ">%s</textarea>\n</div>\n", zValue ? zValue : "");
  else html_printf(b, ">\n</div>\n");
}

/* Radios whose ids start with zPrefix. With zLegend given (already
** translated) it is used instead of zLegendKey. */
static void radio_field(struct req *r, const struct field_errors *e, const struct quorum_result *q,
                        const char *zPrefix, const char *zName, const char *zErrField,
                        const char *zLegendKey, const char *zLegend, const char *zHintKey, int n,
                        const char *const *aValue, const char *const *aLabelKey, const char *zChecked,
                        bool bInline){
  struct buf *b = &r->body;
  const char *zErr = err_of(e, zErrField ? zErrField : zName);
  char zId[96];
  snprintf(zId, sizeof zId, "%s%s", zPrefix, zName);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\"",
              zErr ? " nhsuk-form-group--error" : "");
  if( zErr ) html_printf(b, " aria-describedby=\"%s-error\"", zId);
  html_printf(b, ">\n<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n",
              zLegend ? zLegend : T(zLegendKey));
  if( zHintKey ) html_printf(b, "<div class=\"nhsuk-hint\">%s</div>\n", T(zHintKey));
  if( zErr ) field_error(r, zId, zErr, q);
  form_radio_items(r, zId, zName, bInline, n, aValue, aLabelKey, zChecked);
  html_printf(b, "</fieldset>\n</div>\n");
}

/* Text as typed, line breaks kept. */
static void text_lines(struct buf *b, const char *z){
  const char *p = z;
  while( *p ){
    const char *q = strchr(p, '\n');
    size_t n = q ? (size_t)(q-p) : strlen(p);
    if( n>0 && p[n-1]=='\r' ) n--;
    char *zLine = strndup(p, n);
    if( zLine ){ html_printf(b, "%s", zLine); free(zLine); }
    if( !q ) break;
    p = q+1;
    if( *p ) html_printf(b, "<br>");
  }
}

/* ---- the parts of an item ---------------------------------------------- */

/* An item's title as people read it: a standing item's in their language
** (the same keys as the agenda's, pages/meetings.c). */
static const char *item_title(struct req *r, const char *zStanding, const char *zTitle){
  const char *zKey = agenda_title_key(zStanding, zTitle);
  return zKey ? T(zKey) : zTitle;
}

static const char *const azOutcomeValue[] = {"left_room", "no_vote", "remained"};
static const char *const azOutcomeKey[] = {"declaration.outcome_left_room", "declaration.outcome_no_vote",
                                           "declaration.outcome_remained"};
static const char *outcome_key(const char *z){
  for(int i=0; i<3; i++) if( strcmp(z, azOutcomeValue[i])==0 ) return azOutcomeKey[i];
  return "declaration.outcome_remained";
}
static const char *const azKindValue[] = {"financial", "professional", "personal", "indirect", "gift_hospitality"};
static const char *const azKindKey[] = {"interest.kind_financial", "interest.kind_professional", "interest.kind_personal",
                                        "interest.kind_indirect", "interest.kind_gift_hospitality"};
static const char *const azVoteKindValue[] = {"none", "named", "secret"};
static const char *const azVoteKindKey[] = {"vote.kind_none", "vote.kind_named", "vote.kind_secret"};
static const char *const azChoiceValue[] = {"for", "against", "abstain", "none"};
static const char *const azChoiceKey[] = {"vote.for", "vote.against", "vote.abstain", "vote.did_not_vote"};
static const char *choice_key(const char *z){
  for(int i=0; i<3; i++) if( strcmp(z, azChoiceValue[i])==0 ) return azChoiceKey[i];
  return "vote.did_not_vote";
}

struct decl_ctx { struct req *r; int n; const char *zPrefix; long long meetingId; bool bChange; };
static void decl_row(void *pCtx, const struct declaration *d){
  struct decl_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    /* Scrolls in its own region on a narrow screen (a correction's
    ** original, under its declaration, takes room). */
    char zHeading[48];
    snprintf(zHeading, sizeof zHeading, "%ssec-declarations", c->zPrefix);
    page_scroll_begin(r, zHeading);
    nhsuk_table_begin(b, 0, 0, T("declaration.title"));
    nhsuk_table_header(b, T("declaration.person"), false);
    nhsuk_table_header(b, T("declaration.interest"), false);
    nhsuk_table_header(b, T("declaration.outcome"), false);
    if( c->bChange ) nhsuk_table_header_hidden(b, T("member.actions"));
    nhsuk_table_body(b);
  }
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/people/%lld/interests\">%s</a>", d->personId, d->zName);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  text_lines(b, d->zInterest);
  /* Corrected after the minutes were approved: the date, reason and original. */
  corrections_show(r, c->meetingId, "declaration", d->id);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell(b, T(outcome_key(d->zOutcome)));
  if( c->bChange ){
    nhsuk_table_cell_begin(b, 0);
    html_printf(b, "<a href=\"/declarations/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a><br>"
                "<a href=\"/declarations/%lld/withdraw\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                d->id, T("declaration.change"), d->zName, d->id, T("declaration.withdraw"), d->zName);
    nhsuk_table_cell_end(b);
  }
  nhsuk_table_row_end(b);
}

/* The offer to add a declared interest to the person's register too:
** the box (labelled zLabel) and the kind of interest it is. */
static void register_fields(struct req *r, const struct field_errors *e, const char *zPrefix, const char *zLabel,
                            bool bTyped){
  struct buf *b = &r->body;
  const char *zErr = err_of(e, "register");
  char zId[80];
  snprintf(zId, sizeof zId, "%sregister", zPrefix);
  const char *zBox = bTyped ? req_form(r, "register") : 0;
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n", zErr ? " nhsuk-form-group--error" : "");
  if( zErr ) field_error(r, zId, zErr, 0);
  html_printf(b, "<div class=\"nhsuk-checkboxes\"><div class=\"nhsuk-checkboxes__item\">"
              "<input class=\"nhsuk-checkboxes__input\" id=\"%s\" name=\"register\" type=\"checkbox\" value=\"1\"%s%s%s%s>"
              "<label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"%s\">%s</label></div></div>\n</div>\n",
              zId, zBox && strcmp(zBox, "1")==0 ? " checked" : "", zErr ? " aria-describedby=\"" : "",
              zErr ? zId : "", zErr ? "-error\"" : "", zId, zLabel);
  radio_field(r, e, 0, zPrefix, "register_kind", 0, "declaration.register_kind", 0, "declaration.register_kind_hint",
              5, azKindValue, azKindKey, bTyped ? req_form(r, "register_kind") : 0, false);
}

/* The kind to add to the register, when the box is ticked: "" when none
** was chosen (which the domain refuses), NULL when the box is not. */
static const char *register_kind_of(struct req *r){
  const char *zBox = req_form(r, "register");
  if( !zBox || strcmp(zBox, "1")!=0 ) return 0;
  const char *zKind = req_form(r, "register_kind");
  return zKind ? zKind : "";
}

struct person_opt_ctx { struct req *r; const char *zSelected; };
static void person_option(void *pCtx, const struct attendee *a){
  struct person_opt_ctx *c = pCtx;
  struct req *r = c->r;
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", a->personId);
  html_printf(&r->body, "<option value=\"%lld\"%s>%s</option>\n", a->personId,
              c->zSelected && strcmp(c->zSelected, zId)==0 ? " selected" : "", a->zName);
}

static void declaration_form(struct req *r, const struct meeting *m, const struct agenda_item *it,
                             const char *zPrefix, const struct field_errors *e, bool bTyped){
  struct buf *b = &r->body;
  nhsuk_details_begin(b, T("declaration.add"), bTyped);
  html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/items/%lld/declarations\" novalidate>\n", m->id, it->id);
  form_csrf(r);
  record_locked_inset(r, m);
  /* Who: anyone expected at the meeting or recorded in its attendance. */
  const char *zErr = err_of(e, "person");
  char zId[80];
  snprintf(zId, sizeof zId, "%sperson", zPrefix);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<label class=\"nhsuk-label\" for=\"%s\">%s</label>\n",
              zErr ? " nhsuk-form-group--error" : "", zId, T("declaration.person"));
  if( zErr ) field_error(r, zId, zErr, 0);
  html_printf(b, "<select class=\"nhsuk-select%s\" id=\"%s\" name=\"person\"", zErr ? " nhsuk-select--error" : "", zId);
  if( zErr ) html_printf(b, " aria-describedby=\"%s-error\"", zId);
  html_printf(b, ">\n<option value=\"\">%s</option>\n", T("declaration.person_choose"));
  struct person_opt_ctx pc = { r, bTyped ? req_form(r, "person") : 0 };
  attendance_list(r->db, m, person_option, &pc);
  html_printf(b, "</select>\n</div>\n");
  text_field(r, e, 0, zPrefix, "interest", "declaration.interest", "declaration.interest_hint",
             bTyped ? req_form(r, "interest") : "", 3, 0);
  radio_field(r, e, 0, zPrefix, "outcome", 0, "declaration.outcome", 0, "declaration.outcome_hint", 3,
              azOutcomeValue, azOutcomeKey, bTyped ? req_form(r, "outcome") : 0, false);
  register_fields(r, e, zPrefix, T("declaration.register_them"), bTyped);
  record_reason_field(r, m, zPrefix, "declaration", e, bTyped);
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T("declaration.save"));
  nhsuk_details_end(b);
}

struct vote_row_ctx { struct req *r; int n; };
static void vote_row(void *pCtx, long long personId, const char *zName, const char *zChoice){
  struct vote_row_ctx *c = pCtx;
  struct req *r = c->r;
  (void)personId;
  if( c->n++==0 ) html_printf(&r->body, "<ul class=\"nhsuk-list\">\n");
  html_printf(&r->body, "<li>%s: %s</li>\n", zName, T(choice_key(zChoice)));
}

/* The words for a decision's vote: "Named vote: 5 for, 1 against, 0 abstained". */
static void vote_words(struct req *r, const struct decision *d, char *zOut, size_t nOut){
  if( strcmp(d->zVoteKind, "named")==0 ) snprintf(zOut, nOut, T("vote.named_counts"), d->nFor, d->nAgainst, d->nAbstain);
  else if( strcmp(d->zVoteKind, "secret")==0 ) snprintf(zOut, nOut, T("vote.secret_counts"), d->nFor, d->nAgainst, d->nAbstain);
  else snprintf(zOut, nOut, "%s", T("vote.no_vote"));
}

struct decision_ctx { struct req *r; long long itemId; int n; long long meetingId; };
static void decision_block(void *pCtx, const struct decision *d){
  struct decision_ctx *c = pCtx;
  if( d->agendaItemId!=c->itemId ) return;
  struct req *r = c->r;
  struct buf *b = &r->body;
  c->n++;
  nhsuk_summary_begin(b, 0);
  nhsuk_summary_row_begin(b, T("decision.text"), 0);
  text_lines(b, d->zText);
  nhsuk_summary_row_end(b);
  if( d->zReason[0] ){
    nhsuk_summary_row_begin(b, T("decision.reason"), 0);
    text_lines(b, d->zReason);
    nhsuk_summary_row_end(b);
  }
  char zVote[300];
  vote_words(r, d, zVote, sizeof zVote);
  if( !election_result(r, d, false) ){
    nhsuk_summary_row_begin(b, T("decision.vote"), 0);
    html_printf(b, "%s", zVote);
    if( strcmp(d->zVoteKind, "named")==0 ){
      struct vote_row_ctx vc = { r, 0 };
      decision_votes(r->db, d->id, vote_row, &vc);
      if( vc.n ) html_printf(b, "</ul>\n");
    }
    nhsuk_summary_row_end(b);
  }
  char zQuorum[300];
  snprintf(zQuorum, sizeof zQuorum, T("decision.quorum_then"), d->nQuorumPresent, d->nQuorumRequired);
  nhsuk_summary_row(b, T("decision.quorum"), zQuorum, false);
  nhsuk_summary_row(b, T("decision.conflicts"), d->zConflicted[0] ? d->zConflicted : T("decision.conflicts_none"), false);
  nhsuk_summary_end(b);
  plan_decision_backlink(r, d->id);   /* the plan it agreed (plans.c) */
  business_case_decision_backlink(r, d->id);   /* the case it decided (business_cases.c) */
  /* Corrected after the minutes were approved: the date, reason and original. */
  corrections_show(r, c->meetingId, "decision", d->id);
  corrections_show(r, c->meetingId, "election", d->id);
}

/* Per voter choices of a named vote. */
struct voter_form_ctx {
  struct req *r;
  const char *zPrefix;
  bool bTyped;
  struct buf conflicted;          /* names of those out of the vote */
  int n;
};
static void voter_choice(void *pCtx, const struct voter *v){
  struct voter_form_ctx *c = pCtx;
  struct req *r = c->r;
  if( v->bConflicted ){
    if( c->conflicted.n ) buf_puts(&c->conflicted, ", ");
    buf_puts(&c->conflicted, v->zName);
    return;
  }
  c->n++;
  char zName[40], zLegend[500];
  snprintf(zName, sizeof zName, "vote-%lld", v->personId);
  if( v->deputyForId ) snprintf(zLegend, sizeof zLegend, T("vote.deputy_for"), v->zName, v->zDeputyFor);
  else snprintf(zLegend, sizeof zLegend, "%s", v->zName);
  radio_field(r, 0, 0, c->zPrefix, zName, 0, 0, zLegend, 0, 4, azChoiceValue, azChoiceKey,
              c->bTyped ? req_form(r, zName) : "none", true);
}

static void decision_form(struct req *r, const struct meeting *m, const struct agenda_item *it,
                          const char *zPrefix, const struct field_errors *e, bool bTyped,
                          const struct quorum_result *q){
  struct buf *b = &r->body;
  nhsuk_details_begin(b, T("decision.add"), bTyped);
  html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/items/%lld/decision\" novalidate>\n", m->id, it->id);
  form_csrf(r);
  record_locked_inset(r, m);
  text_field(r, e, 0, zPrefix, "text", "decision.text", "decision.text_hint", bTyped ? req_form(r, "text") : "", 3, 0);
  text_field(r, e, 0, zPrefix, "reason", "decision.reason", "decision.reason_hint", bTyped ? req_form(r, "reason") : "", 3, 0);
  radio_field(r, e, q, zPrefix, "vote_kind", 0, "vote.kind", 0, "vote.kind_hint", 3, azVoteKindValue, azVoteKindKey,
              bTyped ? req_form(r, "vote_kind") : 0, false);

  /* A named vote: each voter's choice. */
  const char *zErr = err_of(e, "votes");
  char zId[80];
  snprintf(zId, sizeof zId, "%svotes", zPrefix);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\" id=\"%s\" aria-describedby=\"%s-hint",
              zErr ? " nhsuk-form-group--error" : "", zId, zId);
  if( zErr ) html_printf(b, " %s-error", zId);
  html_printf(b, "\">\n<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n"
              "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n", T("vote.named_heading"), zId, T("vote.named_hint"));
  if( zErr ) field_error(r, zId, zErr, q);
  struct voter_form_ctx vc = { r, zPrefix, bTyped, {0}, 0 };
  decision_voters(r->db, m, it->id, voter_choice, &vc);
  if( vc.n==0 ) html_printf(b, "<p>%s</p>\n", T("vote.no_voters"));
  if( vc.conflicted.n ){
    char zNote[1200];
    snprintf(zNote, sizeof zNote, T("vote.conflicted_out"), buf_cstr(&vc.conflicted));
    html_printf(b, "<p>%s</p>\n", zNote);
  }
  buf_free(&vc.conflicted);
  html_printf(b, "</fieldset>\n</div>\n");

  /* A secret ballot: the counts only. */
  html_printf(b, "<div class=\"nhsuk-form-group\">\n<fieldset class=\"nhsuk-fieldset\" aria-describedby=\"%ssecret-hint\">\n"
              "<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n"
              "<div class=\"nhsuk-hint\" id=\"%ssecret-hint\">%s</div>\n",
              zPrefix, T("vote.secret_heading"), zPrefix, T("vote.secret_hint"));
  text_field(r, e, q, zPrefix, "for", "vote.count_for", 0, bTyped ? req_form(r, "for") : "", 0, "nhsuk-input--width-3");
  text_field(r, e, q, zPrefix, "against", "vote.count_against", 0, bTyped ? req_form(r, "against") : "", 0, "nhsuk-input--width-3");
  text_field(r, e, q, zPrefix, "abstain", "vote.count_abstain", 0, bTyped ? req_form(r, "abstain") : "", 0, "nhsuk-input--width-3");
  html_printf(b, "</fieldset>\n</div>\n");
  record_reason_field(r, m, zPrefix, "decision", e, bTyped);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("decision.save"));
  nhsuk_details_end(b);
}

static void minutes_form(struct req *r, const struct meeting *m, const struct agenda_item *it,
                         const char *zPrefix, const struct field_errors *e, bool bTyped,
                         const char *zCurrent, bool bApproved){
  struct buf *b = &r->body;
  nhsuk_details_begin(b, T(zCurrent ? "minutes.edit" : "minutes.add"), bTyped);
  html_printf(b, "<p><a href=\"/meetings/%lld/minutes/write\">%s</a></p>\n", m->id, T("minutes.write.link"));
  html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/items/%lld/minutes\" novalidate>\n", m->id, it->id);
  form_csrf(r);
  if( bApproved ) nhsuk_inset(b, T("minutes.approved_label"), T("minutes.correction_warning"));
  text_field(r, e, 0, zPrefix, "minutes", "minutes.text", "minutes.text_hint",
             bTyped ? req_form(r, "minutes") : zCurrent ? zCurrent : "", 8, 0);
  if( bApproved ){
    /* Its own id unless it is the form that failed: other forms on the
    ** page have a reason for the correction too. */
    char zReasonPrefix[48];
    snprintf(zReasonPrefix, sizeof zReasonPrefix, "%s%s", zPrefix, bTyped ? "" : "minutes-");
    text_field(r, e, 0, zReasonPrefix, "correction_reason", "minutes.correction_reason", "minutes.correction_reason_hint",
               bTyped ? req_form(r, "correction_reason") : "", 2, 0);
  }
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T("minutes.save"));
  nhsuk_details_end(b);
}

/* Headings in minutes sit under the item's heading: # becomes <h4>, ##
** <h5>, the rest <h6>. In cmark's output every "<" of the text is
** escaped, so "<hN>" and "</hN>" are always its own tags. */
static void shift_headings(char *z){
  for(char *p=z; *p; p++){
    if( p[0]!='<' ) continue;
    char *q = p[1]=='/' ? p+2 : p+1;
    if( q[0]=='h' && q[1]>='1' && q[1]<='6' && q[2]=='>' ){
      q[1] = q[1]=='1' ? '4' : q[1]=='2' ? '5' : '6';
    }
  }
}

/* The rendered minutes of an item (Markdown through cmark in safe mode). */
static void minutes_block(struct req *r, const char *zMarkdown){
  struct buf *b = &r->body;
  if( !zMarkdown ){
    html_printf(b, "<p>%s</p>\n", T("minutes.none_for_item"));
    return;
  }
  char *zHtml = minutes_render(zMarkdown);
  if( zHtml ) shift_headings(zHtml);
  html_printf(b, "<div class=\"cc-minutes\">\n");
  if( zHtml ) html_markup_trusted_unescaped(b, markup_from_safe_renderer(zHtml));
  html_printf(b, "</div>\n");
  free(zHtml);
}

static void heading(struct req *r, int level, const char *zId, const char *zText){
  if( level<=2 ) html_printf(&r->body, "<h2 class=\"nhsuk-heading-m\" id=\"%s\">%s</h2>\n", zId, zText);
  else html_printf(&r->body, "<h3 class=\"nhsuk-heading-s\" id=\"%s\">%s</h3>\n", zId, zText);
}

static void item_sections(struct req *r, const struct meeting *m, const struct agenda_item *it,
                          const struct item_view *v){
  struct buf *b = &r->body;
  char zPrefix[32], zId[64];
  snprintf(zPrefix, sizeof zPrefix, "i%lld-", it->id);
  bool bWrite = v->bForms && access_can_write(r->db, &r->user, m->unitId, r->zToday);
  bool bOpen = strcmp(m->zStatus, "cancelled")!=0 && strcmp(it->zStatus, "accepted")==0;
  bool bDecision = strcmp(it->zPurpose, "decision")==0;
  const char *zForm = v->zForm ? v->zForm : "";
  const struct field_errors *eDecl = strcmp(zForm, "declaration")==0 ? v->e : 0;
  const struct field_errors *eDec = strcmp(zForm, "decision")==0 ? v->e : 0;
  const struct field_errors *eElection = strcmp(zForm, "election")==0 ? v->e : 0;
  const struct field_errors *eMin = strcmp(zForm, "minutes")==0 ? v->e : 0;

  /* Papers, on the item's own page. */
  if( v->bForms && v->hLevel==2 ) papers_section(r, m, it, strcmp(zForm, "paper")==0 ? v->e : 0);
  /* Under "Minutes of the last meeting": those minutes and their approval. */
  if( v->bForms && v->hLevel==2 ) approval_section(r, m, it);

  /* Declarations of interest. */
  snprintf(zId, sizeof zId, "%ssec-declarations", zPrefix);
  heading(r, v->hLevel, zId, T("declaration.title"));
  /* A declaration is changed or withdrawn from the start of the meeting;
  ** once the minutes are approved, as a correction (record.h). */
  enum record_state st = record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0);
  struct decl_ctx dc = { r, 0, zPrefix, m->id, bWrite && (st==RECORD_OPEN || st==RECORD_LOCKED) };
  declaration_list(r->db, m, it->id, decl_row, &dc);
  if( dc.n ){ nhsuk_table_end(b); page_scroll_end(r); }
  else html_printf(b, "<p>%s</p>\n", T("declaration.none"));
  declarations_withdrawn_section(r, m, it);
  /* Nothing of the record before the meeting starts: say when instead. */
  bool bRecord = bWrite && bOpen && !record_form_closed(r, m);
  if( bRecord ) declaration_form(r, m, it, zPrefix, eDecl, eDecl!=0);

  /* The decision, with the quorum as it stands. */
  if( bDecision ){
    snprintf(zId, sizeof zId, "%ssec-decision", zPrefix);
    heading(r, v->hLevel, zId, T("decision.title"));
    struct quorum_result q;
    meeting_quorum(r->db, m, it->id, &q);
    struct decision_ctx c = { r, it->id, 0, m->id };
    decision_list_visible(r->db, &r->user, 0, m->id, r->zToday, decision_block, &c);
    if( c.n==0 ) html_printf(b, "<p>%s</p>\n", T("decision.none"));
    if( v->bForms && bOpen && record_state_at(m->zStartsAt, m->zStatus, m->zMinutesStatus, 0)!=RECORD_AHEAD ){
      /* The quorum as it stands now, for everyone who reads the item. */
      char zQuorum[400];
      const char *zErr = err_of(eDec ? eDec : eElection, "quorum");
      snprintf(zQuorum, sizeof zQuorum, T(q.bMet ? "decision.quorum_met" : "decision.quorum_not_met"),
               q.nPresentVoting, q.nRequired);
      snprintf(zId, sizeof zId, "%squorum", zPrefix);
      nhsuk_inset_begin(b, zId, T("decision.quorum"));
      html_printf(b, "<p>%s</p>", zQuorum);
      if( !q.bMet && q.nPresentVoting>=q.nRequired ) html_printf(b, "<p>%s</p>", T("decision.quorum_needs_chair"));
      if( zErr ) field_error(r, zId, zErr, &q);
      nhsuk_inset_end(b);
    }
    if( bWrite && bOpen && !bRecord ) record_form_closed(r, m);
    if( bRecord ) decision_form(r, m, it, zPrefix, eDec, eDec!=0, &q);
    if( bRecord ) election_form(r, m, it, zPrefix, eElection, &q);
  }

  /* The minutes of the item. */
  snprintf(zId, sizeof zId, "%ssec-minutes", zPrefix);
  heading(r, v->hLevel, zId, T("minutes.item_title"));
  char *zMinutes = minutes_get(r->db, m, it->id);
  minutes_block(r, zMinutes);
  if( bWrite && bOpen ){
    minutes_form(r, m, it, zPrefix, eMin, eMin!=0, zMinutes, strcmp(m->zMinutesStatus, "approved")==0);
  }
  free(zMinutes);
}

void decisions_section(struct req *r, const struct meeting *m, const struct agenda_item *it){
  if( it->bRestricted && !decision_sees_restricted(r->db, &r->user, m) ) return;
  struct item_view v = { 0, 0, true, 3 };
  item_sections(r, m, it, &v);
}

/* ---- the item page ------------------------------------------------------ */

static const char *purpose_key(const char *z){
  if( strcmp(z, "decision")==0 ) return "purpose.decision";
  if( strcmp(z, "discussion")==0 ) return "purpose.discussion";
  if( strcmp(z, "action")==0 ) return "purpose.action";
  return "purpose.information";
}

/* The caption over a meeting's pages: "Cluster meeting, 1 June 2026, 14:00". */
static void meeting_caption(struct req *r, const struct meeting *m, char *zOut, size_t nOut){
  char zDay[11], zDate[48];
  snprintf(zDay, sizeof zDay, "%.10s", m->zStartsAt);
  page_date(r, zDay, zDate);
  snprintf(zOut, nOut, "%s, %s, %.5s", m->zTitle, zDate, m->zStartsAt+11);
}

void decisions_item_page(struct req *r, const struct meeting *m, const struct agenda_item *it,
                         const char *zForm, const struct field_errors *e){
  char zUnitHref[100], zMeetingHref[64];
  snprintf(zUnitHref, sizeof zUnitHref, "/units/%s", m->zUnitSlug);
  snprintf(zMeetingHref, sizeof zMeetingHref, "/meetings/%lld", m->id);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zUnitHref, unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy)}, {zMeetingHref, m->zTitle}};
  char zTitle[1200];
  meeting_page_title(r, m, item_title(r, it->zStanding, it->zTitle), e && e->n, zTitle, sizeof zTitle);
  page_begin(r, zTitle, aCrumb, 3);
  struct buf *b = &r->body;
  char zPrefix[32];
  snprintf(zPrefix, sizeof zPrefix, "i%lld-", it->id);
  struct quorum_result q;
  meeting_quorum(r->db, m, it->id, &q);
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  error_summary(r, e, zPrefix, &q);
  char zCaption[400];
  meeting_caption(r, m, zCaption, sizeof zCaption);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", zCaption, item_title(r, it->zStanding, it->zTitle));
  nhsuk_summary_begin(b, 0);
  nhsuk_summary_row(b, T("decision.purpose"), T(purpose_key(it->zPurpose)), false);
  if( it->zLeadName[0] ) nhsuk_summary_row(b, T("decision.item_lead"), it->zLeadName, false);
  char zMinutes[64];
  snprintf(zMinutes, sizeof zMinutes, T("decision.duration_minutes"), it->durationMinutes);
  nhsuk_summary_row(b, T("decision.duration"), zMinutes, false);
  proposal_item_rows(r, m, it);
  nhsuk_summary_end(b);
  project_report_item_link(r, it->id);
  /* "Review of actions": the actions the meeting goes through. */
  if( strcmp(it->zStanding, "actions")==0 ){
    html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"review-heading\">%s</h2>\n", T("review.open_actions"));
    review_actions_table(r, m, "review-heading");
  }
  struct item_view v = { zForm, e, true, 2 };
  item_sections(r, m, it, &v);
  html_printf(b, "<ul class=\"nhsuk-list\">\n<li><a href=\"/meetings/%lld\">%s</a></li>\n"
              "<li><a href=\"/meetings/%lld/minutes\">%s</a></li>\n"
              "<li><a href=\"/units/%s/decisions\">%s</a></li>\n</ul>\n",
              m->id, T("decision.back_to_meeting"), m->id, T("minutes.title"), m->zUnitSlug, T("decision.log_title"));
  html_printf(b, "</div></div>\n");
  page_end(r);
}

long long declaration_post(struct req *r, const struct meeting *m, const struct agenda_item *it,
                           struct field_errors *e){
  return declaration_add_registered(r->db, &r->user, m, it->id, id_of(req_form(r, "person")),
                                    req_form(r, "interest"), req_form(r, "outcome"),
                                    req_form(r, "correction_reason"), register_kind_of(r), r->zToday, e);
}

long long decision_post(struct req *r, const struct meeting *m, const struct agenda_item *it,
                        struct field_errors *e){
  struct decision_input *in = xcalloc(1, sizeof *in);
  in->zText = req_form(r, "text");
  in->zReason = req_form(r, "reason");
  in->zVoteKind = req_form(r, "vote_kind");
  in->zFor = req_form(r, "for");
  in->zAgainst = req_form(r, "against");
  in->zAbstain = req_form(r, "abstain");
  in->zCorrectionReason = req_form(r, "correction_reason");
  int nMax = (int)(sizeof(in->aVote)/sizeof(in->aVote[0]));
  if( in->zVoteKind && strcmp(in->zVoteKind, "named")==0 ){
    /* Each voter's radios are named vote-<person id>; "none" is no vote. */
    for(int i=0; i<r->h->form.n; i++){
      const char *zKey = r->h->form.a[i].zKey, *zVal = r->h->form.a[i].zVal;
      if( strncmp(zKey, "vote-", 5)!=0 || strcmp(zVal, "none")==0 || zVal[0]==0 ) continue;
      long long pid = id_of(zKey+5);
      if( pid<=0 ){ field_errors_add(e, "votes", "error.not_a_voter"); continue; }
      if( in->nVote>=nMax ){ in->nVote = nMax+1; break; }
      in->aVote[in->nVote].personId = pid;
      in->aVote[in->nVote].zChoice = zVal;
      in->nVote++;
    }
  }
  long long id = e->n ? 0 : decision_record(r->db, &r->user, m, it->id, in, r->zToday, e);
  free(in);
  return id;
}

long long minutes_post(struct req *r, const struct meeting *m, const struct agenda_item *it,
                       struct field_errors *e){
  return minutes_save(r->db, &r->user, m, it->id, req_form(r, "minutes"), req_form(r, "correction_reason"),
                      r->zToday, e) ? it->id : 0;
}

/* ---- the minutes of a meeting ------------------------------------------- */

struct minutes_ctx { struct req *r; const struct meeting *m; bool bSees; int n; };
static void minutes_item(void *pCtx, const struct agenda_item *it){
  struct minutes_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  c->n++;
  if( it->bRestricted && !c->bSees ){
    html_printf(b, "<h2 class=\"nhsuk-heading-m\">%d. %s</h2>\n", it->position, T("minutes.restricted_item"));
    return;
  }
  html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"item-%lld\">%d. <a href=\"/meetings/%lld/items/%lld\">%s</a></h2>\n",
              it->id, it->position, c->m->id, it->id, item_title(r, it->zStanding, it->zTitle));
  struct item_view v = { 0, 0, false, 3 };
  item_sections(r, c->m, it, &v);
  minutes_item_corrections(r, c->m, it);
}

static void count_correction(void *pCtx, const struct correction *k){ (void)pCtx; (void)k; }

static void minutes_page(struct req *r, const struct meeting *m, const struct field_errors *e){
  char zUnitHref[100], zMeetingHref[64];
  snprintf(zUnitHref, sizeof zUnitHref, "/units/%s", m->zUnitSlug);
  snprintf(zMeetingHref, sizeof zMeetingHref, "/meetings/%lld", m->id);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zUnitHref, unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy)}, {zMeetingHref, m->zTitle}};
  char zTitle[700];
  meeting_page_title(r, m, T("minutes.title"), e && e->n, zTitle, sizeof zTitle);
  page_begin(r, zTitle, aCrumb, 3);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  error_summary(r, e, "", 0);
  char zCaption[400];
  meeting_caption(r, m, zCaption, sizeof zCaption);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", zCaption, T("minutes.title"));
  /* Where the minutes stand. */
  if( strcmp(m->zMinutesStatus, "approved")==0 ){
    char zWhen[64];
    page_time(r, minutes_approved_at(r->db, m), zWhen);
    char zText[200];
    snprintf(zText, sizeof zText, T("minutes.status_approved_on"), zWhen);
    html_printf(b, "<p>");
    nhsuk_tag(b, "green", T("minutes.status_approved"));
    html_printf(b, " %s</p>\n", zText);
    /* Which meeting approved them, under its "Minutes of the last meeting". */
    char zByStart[17];
    long long byId = minutes_approved_by(r->db, m->id, zByStart);
    if( byId ){
      char zByDay[11], zBy[48];
      snprintf(zByDay, sizeof zByDay, "%.10s", zByStart);
      page_date(r, zByDay, zBy);
      html_printf(b, "<p id=\"approved-by\"><a href=\"/meetings/%lld\">", byId);
      html_printf_t(b, TF("approval.approved_at"), zBy);
      html_printf(b, "</a></p>\n");
    }
  }else if( strcmp(m->zMinutesStatus, "draft")==0 ){
    html_printf(b, "<p>");
    nhsuk_tag(b, "yellow", T("minutes.status_draft"));
    html_printf(b, " %s</p>\n", T("minutes.draft_hint"));
  }else{
    html_printf(b, "<p>");
    nhsuk_tag(b, "grey", T("minutes.status_none"));
    html_printf(b, "</p>\n");
  }
  minutes_page_head(r, m);
  struct minutes_ctx c = { r, m, decision_sees_restricted(r->db, &r->user, m), 0 };
  agenda_list(r->db, &r->user, m, false, minutes_item, &c);
  if( c.n==0 ) html_printf(b, "<p>%s</p>\n", T("minutes.no_items"));
  minutes_page_actions(r, m);
  /* Actions raised at the meeting and corrected after approval. */
  if( strcmp(m->zMinutesStatus, "approved")==0 ){
    if( record_corrections(r->db, m->id, "action", 0, count_correction, 0) ){
      html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n", T("correction.actions_title"));
      corrections_show(r, m->id, "action", 0);
    }
  }else{
    /* Approved at the next meeting, under its "Minutes of the last meeting". */
    struct meeting next;
    long long nextItem = meeting_next(r->db, m->id, &next) ? minutes_item_of(r->db, next.id) : 0;
    html_printf(b, "<p class=\"nhsuk-hint\">%s", T("approval.where"));
    if( nextItem ){
      html_printf(b, " <a href=\"/meetings/%lld/items/%lld\">%s</a>", next.id, nextItem, T("approval.next_item"));
    }
    html_printf(b, "</p>\n");
  }
  html_printf(b, "<p><a href=\"/meetings/%lld\">%s</a></p>\n", m->id, T("decision.back_to_meeting"));
  html_printf(b, "</div></div>\n");
  page_end(r);
}

void page_minutes(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  minutes_page(r, m, 0);
}

/* ---- the decisions log of a unit ---------------------------------------- */

struct log_ctx { struct req *r; int n; };
static void log_row(void *pCtx, const struct decision *d){
  struct log_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    page_scroll_begin(r, "decisions-heading");
    nhsuk_table_begin(b, 0, "decisions", 0);
    nhsuk_table_header(b, T("decision.log_meeting"), false);
    nhsuk_table_header(b, T("decision.log_item"), false);
    nhsuk_table_header(b, T("decision.text"), false);
    nhsuk_table_header(b, T("decision.reason"), false);
    nhsuk_table_header(b, T("decision.vote"), false);
    nhsuk_table_header(b, T("decision.conflicts"), false);
    nhsuk_table_body(b);
  }
  char zDay[11], zDate[48], zVote[300];
  snprintf(zDay, sizeof zDay, "%.10s", d->zMeetingStartsAt);
  page_date(r, zDay, zDate);
  vote_words(r, d, zVote, sizeof zVote);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<span class=\"cc-nowrap\">%s</span><br><a href=\"/meetings/%lld\">%s</a>",
              zDate, d->meetingId, d->zMeetingTitle);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/meetings/%lld/items/%lld\">%s</a>", d->meetingId, d->agendaItemId,
              item_title(r, d->zItemStanding, d->zItemTitle));
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  text_lines(b, d->zText);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_begin(b, 0);
  text_lines(b, d->zReason);
  nhsuk_table_cell_end(b);
  char zQuorum[200];
  snprintf(zQuorum, sizeof zQuorum, T("decision.quorum_then"), d->nQuorumPresent, d->nQuorumRequired);
  nhsuk_table_cell_begin(b, 0);
  if( !election_result(r, d, true) ) html_printf(b, "%s", zVote);
  html_printf(b, "<br>%s", zQuorum);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell(b, d->zConflicted[0] ? d->zConflicted : T("decision.conflicts_none"));
  nhsuk_table_row_end(b);
}

void page_unit_decisions(struct req *r){
  const struct unit *u = &r->rec.unit;
  page_unit_begin(r, u, T("decision.log_title"), "decisions-heading");
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("decision.log_intro"));
  struct log_ctx c = { r, 0 };
  decision_list_visible(r->db, &r->user, u->id, 0, r->zToday, log_row, &c);
  if( c.n ){
    nhsuk_table_end(b);
    page_scroll_end(r);
  }else{
    html_printf(b, "<p>%s</p>\n", T("decision.log_empty"));
  }
  page_end(r);
}

/* ---- a person's register of interests ----------------------------------- */

static const char *kind_key(const char *z){
  for(int i=0; i<5; i++) if( strcmp(z, azKindValue[i])==0 ) return azKindKey[i];
  return "interest.kind_personal";
}

struct interest_ctx { struct req *r; int n; };
static void interest_row(void *pCtx, const struct interest *it){
  struct interest_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    page_scroll_begin(r, "interests-heading");
    nhsuk_table_begin(b, 0, "interests", 0);
    nhsuk_table_header(b, T("interest.kind"), false);
    nhsuk_table_header(b, T("interest.description"), false);
    nhsuk_table_header(b, T("interest.declared_on"), false);
    nhsuk_table_header(b, T("interest.ends_on"), false);
    nhsuk_table_body(b);
  }
  char zFrom[48], zTo[48] = "";
  page_date(r, it->zDeclaredOn, zFrom);
  if( it->zEndsOn[0] ) page_date(r, it->zEndsOn, zTo);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell(b, T(kind_key(it->zKind)));
  nhsuk_table_cell_begin(b, 0);
  text_lines(b, it->zDescription);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell_class(b, "cc-nowrap", zFrom);
  nhsuk_table_cell_class(b, "cc-nowrap", zTo[0] ? zTo : T("interest.ongoing"));
  nhsuk_table_row_end(b);
}

static void interests_page(struct req *r, long long personId, const char *zName, bool bWrite,
                           const struct interest_input *in, const struct field_errors *e){
  struct crumb aCrumb[1] = {{"/", T("home.title")}};
  if( e && e->n ){
    char zTitleErr[300];
    snprintf(zTitleErr, sizeof zTitleErr, "%s: %s", T("error.prefix"), T("interest.title"));
    page_begin(r, zTitleErr, aCrumb, 1);
  }else{
    page_begin(r, T("interest.title"), aCrumb, 1);
  }
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary(r, e);
  html_printf(b, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1 id=\"interests-heading\">%s</h1>\n<p>%s</p>\n",
              zName, T("interest.title"), T("interest.intro"));
  struct interest_ctx c = { r, 0 };
  interest_list(r->db, personId, interest_row, &c);
  if( c.n ){
    nhsuk_table_end(b);
    page_scroll_end(r);
  }else{
    html_printf(b, "<p>%s</p>\n", T("interest.none"));
  }
  interests_declarations_section(r, personId);
  if( bWrite ){
    html_printf(b, "<h2 class=\"nhsuk-heading-m\">%s</h2>\n", T("interest.add"));
    html_printf(b, "<form method=\"post\" action=\"/people/%lld/interests\" novalidate>\n", personId);
    form_csrf(r);
    form_radios(r, e, "kind", "interest.kind", 0, 5, azKindValue, azKindKey, in->zKind);
    text_field(r, e, 0, "", "description", "interest.description", "interest.description_hint", in->zDescription, 4, 0);
    form_date(r, e, "declared_on", "interest.declared_on", 0, in->zDeclaredOn);
    form_date(r, e, "ends_on", "interest.ends_on", "interest.ends_on_hint", in->zEndsOn);
    html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("interest.save"));
  }
  html_printf(b, "</div></div>\n");
  page_end(r);
}

void page_interests(struct req *r){
  long long id = r->rec.personId;
  const char *zName = r->rec.zPersonName;
  bool bWrite = r->rec.bPersonWrite;
  struct interest_input in = { 0, "", r->zToday, "" };
  interests_page(r, id, zName, bWrite, &in, 0);
}

void page_interest_create(struct req *r){
  long long id = r->rec.personId;
  const char *zName = r->rec.zPersonName;
  bool bWrite = r->rec.bPersonWrite;
  char zFrom[64], zTo[64];
  form_date_value(r, "declared_on", zFrom);
  form_date_value(r, "ends_on", zTo);
  struct interest_input in = { req_form(r, "kind"), req_form(r, "description"), zFrom, zTo };
  struct field_errors e = {0};
  long long iid = interest_add(r->db, &r->user, id, &in, r->zToday, &e);
  if( iid<0 ){ page_error(r, 404, "error.not_found_title", "error.not_found_body"); return; }
  if( iid>0 ){
    char z[80];
    snprintf(z, sizeof z, "/people/%lld/interests", id);
    req_redirect(r, z);
    return;
  }
  r->status = 400;
  interests_page(r, id, zName, bWrite, &in, &e);
}

/* ---- the "decisions" section of /api/v1/meetings/{id} ------------------- */

/* JSON written with util/json.h, whose strings are always escaped. */
struct api_ctx { struct req *r; const struct meeting *m; struct buf *pOut; bool bFirst; bool bInner; };

static void api_vote(void *pCtx, long long personId, const char *zName, const char *zChoice){
  struct api_ctx *c = pCtx;
  (void)personId;
  json_sep(c->pOut, &c->bInner);
  bool bFirst = true;
  buf_putc(c->pOut, '{');
  json_kv_str(c->pOut, &bFirst, "person", zName);
  json_kv_str(c->pOut, &bFirst, "choice", zChoice);
  buf_putc(c->pOut, '}');
}

static void api_declaration(void *pCtx, const struct declaration *d){
  struct api_ctx *c = pCtx;
  json_sep(c->pOut, &c->bInner);
  bool bFirst = true;
  buf_putc(c->pOut, '{');
  json_kv_str(c->pOut, &bFirst, "person", d->zName);
  json_kv_str(c->pOut, &bFirst, "interest", d->zInterest);
  json_kv_str(c->pOut, &bFirst, "outcome", d->zOutcome);
  buf_putc(c->pOut, '}');
}

static void api_decision(void *pCtx, const struct decision *d){
  struct api_ctx *c = pCtx;
  struct buf *b = c->pOut;
  json_sep(b, &c->bFirst);
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_int(b, &bFirst, "id", d->id);
  json_kv_int(b, &bFirst, "item_id", d->agendaItemId);
  json_kv_str(b, &bFirst, "item", d->zItemTitle);
  json_kv_str(b, &bFirst, "text", d->zText);
  if( d->zReason[0] ) json_kv_str(b, &bFirst, "reason", d->zReason);
  else json_kv_null(b, &bFirst, "reason");
  json_kv_str(b, &bFirst, "vote_kind", d->zVoteKind);
  json_key(b, &bFirst, "votes");
  if( strcmp(d->zVoteKind, "none")==0 ){
    buf_puts(b, "null");
  }else{
    bool bV = true;
    buf_putc(b, '{');
    json_kv_int(b, &bV, "for", d->nFor);
    json_kv_int(b, &bV, "against", d->nAgainst);
    json_kv_int(b, &bV, "abstain", d->nAbstain);
    buf_putc(b, '}');
  }
  json_key(b, &bFirst, "quorum");
  bool bQ = true;
  buf_putc(b, '{');
  json_kv_int(b, &bQ, "required", d->nQuorumRequired);
  json_kv_int(b, &bQ, "present_voting", d->nQuorumPresent);
  buf_putc(b, '}');
  election_json(c->r, b, &bFirst, d->id);
  /* Who voted how: named votes only; a secret ballot has no such record. */
  if( strcmp(d->zVoteKind, "named")==0 ){
    json_key(b, &bFirst, "named_votes");
    buf_putc(b, '[');
    c->bInner = true;
    decision_votes(c->r->db, d->id, api_vote, c);
    buf_putc(b, ']');
  }
  json_key(b, &bFirst, "declarations");
  buf_putc(b, '[');
  c->bInner = true;
  declaration_list(c->r->db, c->m, d->agendaItemId, api_declaration, c);
  buf_putc(b, ']');
  buf_putc(b, '}');
}

void api_meeting_decisions(struct req *r, const struct meeting *m){
  struct buf *pOut = &r->body;
  buf_puts(pOut, ",\"decisions\":[");
  struct api_ctx c = { r, m, pOut, true, true };
  decision_list_visible(r->db, &r->user, 0, m->id, r->zToday, api_decision, &c);
  buf_putc(pOut, ']');
}
