/*
** Proposals and the call for items. The chair sets when the call for
** items of a meeting closes (when scheduling it, or on its own page);
** members of the cluster propose items, each with a description and
** optionally a paper, until then; the proposer sees a confirmation and,
** under "Your proposals" and on the item, what became of it; the chair
** accepts a proposal onto the agenda or declines it with a reason the
** proposer sees. The domain rules are meeting.h's (agenda_propose,
** agenda_decide, meeting_set_items_deadline).
*/
#include "pages/pages.h"
#include "web/req.h"
#include "domain/meeting.h"
#include "domain/paper.h"
#include "domain/unit.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>

/* "2026-12-03T17:00" as its time and its date as people write it. */
static void when_parts(struct req *r, const char *zLocal, char zTime[6], char zDate[48]){
  char zIso[11];
  snprintf(zIso, sizeof zIso, "%.10s", zLocal);
  snprintf(zTime, 6, "%.5s", zLocal+11);
  page_date(r, zIso, zDate);
}

static bool is_proposer(struct req *r, const struct agenda_item *it){
  return it->proposedByUserId>0 && it->proposedByUserId==r->user.id;
}

/* A proposal's state as a tag, and a declined one's reason for those who
** may see it (bReason: the proposer and the chair). */
static void state_tag(struct req *r, const struct agenda_item *it, bool bReason){
  struct buf *b = &r->body;
  if( strcmp(it->zStatus, "accepted")==0 ) nhsuk_tag(b, "green", T("agenda.status_accepted"));
  else if( strcmp(it->zStatus, "declined")==0 ) nhsuk_tag(b, "red", T("agenda.status_declined"));
  else nhsuk_tag(b, "yellow", T("agenda.status_proposed"));
  if( bReason && strcmp(it->zStatus, "declined")==0 && it->zDeclineReason[0] ){
    html_printf(b, " <span class=\"cc-pre\">%s: %s</span>", T("agenda.decline_reason_shown"), it->zDeclineReason);
  }
}

/* ---- the meeting page --------------------------------------------------- */

void proposals_call_row(struct req *r, const struct meeting *m, bool bWrite){
  if( strcmp(m->zStatus, "cancelled")==0 ) return;
  char zNow[17], zCloses[17];
  /* The clock is read only for a meeting of today or later: an earlier
  ** one's call is closed at any time of today. */
  if( strncmp(m->zStartsAt, r->zToday, 10)<0 ) snprintf(zNow, sizeof zNow, "%.10sT00:00", r->zToday);
  else text_local_now(zNow);
  bool bOpen = meeting_call_open(m, zNow, zCloses);
  nhsuk_summary_row_begin(&r->body, T("agenda.call_title"), "call-for-items");
  char zTime[6], zDate[48];
  when_parts(r, zCloses, zTime, zDate);
  html_printf_t(&r->body, bOpen ? TF("agenda.call_open") : TF("agenda.call_closed"), zTime, zDate);
  if( bWrite && strcmp(zNow, m->zStartsAt)<0 ){
    html_printf(&r->body, " <a href=\"/meetings/%lld/deadline\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                m->id, T("agenda.call_change"), T("agenda.call_title_lower"));
  }
  nhsuk_summary_row_end(&r->body);
}

struct prop_ctx { struct req *r; const struct meeting *m; bool bWrite; bool bMine; int n; };

/* One proposal in a list: the chair's ("Items proposed by members", with
** Accept and Decline) or the proposer's own ("Your proposals"). */
static void proposal_li(void *pCtx, const struct agenda_item *pIt){
  struct prop_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  bool bOwn = is_proposer(r, pIt);
  /* Yours: all of your proposals. Everyone else's: those not on the agenda. */
  if( c->bMine ? !bOwn : (bOwn || strcmp(pIt->zStatus, "accepted")==0) ) return;
  struct agenda_item itName = *pIt;
  agenda_proposer_name(r->db, &itName);
  const struct agenda_item *it = &itName;
  if( c->n++==0 ){
    html_printf(b, "<h2 id=\"%s\">%s</h2>\n<ul class=\"nhsuk-list nhsuk-list--bullet\">\n",
                c->bMine ? "your-proposals" : "proposals", T(c->bMine ? "agenda.your_proposals" : "agenda.proposals"));
  }
  const char *zTitle = it->zTitle[0] ? it->zTitle : T("agenda.restricted");
  html_printf(b, "<li><strong>%s</strong> – %s, %d %s. %s: %s. ", zTitle, T(agenda_purpose_key(it->zPurpose)),
              it->durationMinutes, T("agenda.minutes_abbr"), T("agenda.proposed_by"), it->zProposedBy[0] ? it->zProposedBy : "–");
  state_tag(r, it, c->bWrite || bOwn);
  if( it->zDescription[0] ) html_printf(b, "<br><span class=\"cc-pre\">%s</span>", it->zDescription);
  html_printf(b, "<br><a href=\"/meetings/%lld/items/%lld\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
              c->m->id, it->id, T("agenda.proposal_view"), zTitle);
  if( c->bWrite && strcmp(it->zStatus, "proposed")==0 ){
    html_printf(b, " <form method=\"post\" action=\"/meetings/%lld/items/%lld/decide\" class=\"cc-inline\">", c->m->id, it->id);
    form_csrf(r);
    html_printf(b, "<button class=\"cc-link-button\" name=\"decision\" value=\"accept\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></button>"
                "</form> <a href=\"/meetings/%lld/items/%lld/decline\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                T("agenda.accept"), zTitle, c->m->id, it->id, T("agenda.decline"), zTitle);
  }
  html_printf(b, "</li>\n");
}

/* The member's form: what the item is, what it is for, the time it needs
** and a paper. Multipart, for the paper. */
static void propose_form(struct req *r, const struct meeting *m, const struct agenda_input *in,
                         const struct field_errors *e){
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/proposals\" enctype=\"multipart/form-data\" novalidate>\n", m->id);
  form_csrf(r);
  form_input(r, e, "title", "agenda.item_title", 0, "text", in->zTitle, 0);
  form_textarea(r, e, "description", "agenda.description", "agenda.description_hint", in->zDescription, 5);
  static const char *const azVal[] = {"information", "discussion", "decision", "action"};
  static const char *const azKey[] = {"purpose.information", "purpose.discussion", "purpose.decision", "purpose.action"};
  form_radios(r, e, "purpose", "agenda.purpose", 0, 4, azVal, azKey, in->zPurpose);
  form_input(r, e, "duration", "agenda.duration", "agenda.duration_hint", "text", in->zDuration, 0);
  const char *zErr = e ? field_errors_get(e, "file") : 0;
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<label class=\"nhsuk-label\" for=\"file\">%s</label>\n"
              "<div class=\"nhsuk-hint\" id=\"file-hint\">%s</div>\n",
              zErr ? " nhsuk-form-group--error" : "", T("agenda.proposal_paper"), T("paper.upload_hint"));
  if( zErr ){
    html_printf(b, "<span class=\"nhsuk-error-message\" id=\"file-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                T("error.prefix"), T(zErr));
  }
  html_printf(b, "<input class=\"nhsuk-file-upload%s\" id=\"file\" name=\"file\" type=\"file\""
              " accept=\".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg\" aria-describedby=\"file-hint%s\">\n</div>\n",
              zErr ? " nhsuk-input--error" : "", zErr ? " file-error" : "");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("agenda.propose"));
}

/* Why no form: the call closed (or the meeting is cancelled). */
static void call_closed(struct req *r, const struct meeting *m, const char *zCloses){
  struct buf *b = &r->body;
  if( strcmp(m->zStatus, "cancelled")==0 ){
    html_printf(b, "<p>%s</p>\n", T("agenda.call_cancelled"));
    return;
  }
  char zTime[6], zDate[48];
  when_parts(r, zCloses, zTime, zDate);
  nhsuk_inset_begin(b, "call-closed", 0);
  html_printf(b, "<p>");
  html_printf_t(b, TF("agenda.call_closed_body"), zTime, zDate);
  html_printf(b, "</p>\n");
  nhsuk_inset_end(b);
}

void proposals_section(struct req *r, const struct meeting *m, bool bWrite, int nProposed){
  struct buf *b = &r->body;
  bool bPropose = meeting_may_propose(r->db, &r->user, m, r->zToday);
  if( bPropose ){
    struct prop_ctx c = { r, m, false, true, 0 };
    agenda_list(r->db, &r->user, m, true, proposal_li, &c);
    if( c.n ) html_printf(b, "</ul>\n");
  }
  if( nProposed ){
    struct prop_ctx c = { r, m, bWrite, false, 0 };
    agenda_list(r->db, &r->user, m, true, proposal_li, &c);
    if( c.n ) html_printf(b, "</ul>\n");
  }
  if( !bPropose ) return;
  html_printf(b, "<h2 id=\"add-item\">%s</h2>\n", T("agenda.propose"));
  char zNow[17], zCloses[17];
  text_local_now(zNow);
  if( !meeting_call_open(m, zNow, zCloses) ){ call_closed(r, m, zCloses); return; }
  char zTime[6], zDate[48];
  when_parts(r, zCloses, zTime, zDate);
  html_printf(b, "<p>");
  html_printf_t(b, TF("agenda.call_open"), zTime, zDate);
  html_printf(b, ". %s</p>\n", T("agenda.call_how"));
  struct agenda_input in = { .zDuration = "15", .zPurpose = "discussion" };
  propose_form(r, m, &in, 0);
}

/* ---- proposing ----------------------------------------------------------- */

/* The start of a page of meeting m about zWhat: its browser title
** (meeting_page_title), the breadcrumbs to the meeting, the two-thirds
** column (the caller closes its two <div>s) and, unless bNoHeading, the
** error summary of e, the meeting's title as caption and zWhat as heading. */
static void proposal_page_begin(struct req *r, const struct meeting *m, const char *zWhat,
                                const struct field_errors *e, bool bNoHeading){
  char zUnit[100], zMeeting[64], zTitle[700];
  snprintf(zUnit, sizeof zUnit, "/units/%s/meetings", m->zUnitSlug);
  snprintf(zMeeting, sizeof zMeeting, "/meetings/%lld", m->id);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zUnit, unit_name_in(r->lang, m->zUnitName, m->zUnitNameCy)}, {zMeeting, m->zTitle}};
  meeting_page_title(r, m, zWhat, e && e->n, zTitle, sizeof zTitle);
  page_begin(r, zTitle, aCrumb, 3);
  html_printf(&r->body, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  if( bNoHeading ) return;
  form_error_summary(r, e);
  html_printf(&r->body, "<span class=\"nhsuk-caption-l\">%s</span>\n<h1>%s</h1>\n", m->zTitle, zWhat);
}

void page_proposal_create(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  struct agenda_input in = {
    .zTitle = req_form(r, "title"), .zDescription = req_form(r, "description"),
    .zPurpose = req_form(r, "purpose"), .zDuration = req_form(r, "duration"),
    .zLeadPersonId = req_form(r, "lead"), .zRestricted = req_form(r, "restricted"),
  };
  struct agenda_paper paper = { r->h->zFileName, r->h->pFile, r->h->nFile };
  struct field_errors e = {0};
  long long id = agenda_propose(r->db, &r->user, m, &in, r->h->bFile && r->h->nFile ? &paper : 0, r->zToday, &e);
  if( !form_result(r, id, "/meetings/%lld/items/%lld/proposed", m->id, id) ) return;
  const char *zWhy = field_errors_get(&e, "title");
  if( zWhy && (strcmp(zWhy, "error.proposal_deadline_passed")==0 || strcmp(zWhy, "error.proposal_meeting_held")==0
            || strcmp(zWhy, "error.meeting_cancelled")==0) ){
    /* Too late: say so, and offer no form to fill in again. */
    r->status = 409;
    proposal_page_begin(r, m, T("agenda.call_closed_title"), 0, false);
    struct buf *b = &r->body;
    char zNow[17], zCloses[17];
    text_local_now(zNow);
    meeting_call_open(m, zNow, zCloses);
    call_closed(r, m, zCloses);
    html_printf(b, "<p>%s</p>\n<p><a href=\"/meetings/%lld\">%s</a></p>\n</div></div>\n",
                T("agenda.call_closed_next"), m->id, T("decision.back_to_meeting"));
    page_end(r);
    return;
  }
  proposal_page_begin(r, m, T("agenda.propose"), &e, false);
  propose_form(r, m, &in, &e);
  html_printf(&r->body, "</div></div>\n");
  page_end(r);
}

/* The proposer's confirmation, and no one else's. */
void page_proposal_confirmation(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  if( !is_proposer(r, it) ){ page_not_found(r); return; }
  proposal_page_begin(r, m, T("agenda.proposed_title"), 0, true);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-panel\">\n<h1 class=\"nhsuk-panel__heading\">%s</h1>\n"
              "<div class=\"nhsuk-panel__body\">%s</div>\n</div>\n",
              T("agenda.proposed_title"), it->zTitle);
  html_printf(b, "<h2>%s</h2>\n<p>", T("agenda.proposed_next"));
  html_printf_t(b, TF("agenda.proposed_next_body"), m->zTitle);
  html_printf(b, "</p>\n<p>%s</p>\n", T("agenda.proposed_where"));
  html_printf(b, "<ul class=\"nhsuk-list\">\n<li><a href=\"/meetings/%lld#your-proposals\">%s</a></li>\n"
              "<li><a href=\"/meetings/%lld/items/%lld\">%s</a></li>\n</ul>\n</div></div>\n",
              m->id, T("agenda.proposed_back"), m->id, it->id, T("agenda.proposed_view"));
  page_end(r);
}

/* ---- the item ----------------------------------------------------------- */

void proposal_item_rows(struct req *r, const struct meeting *m, const struct agenda_item *it){
  if( !agenda_is_proposal(it) ) return;
  struct buf *b = &r->body;
  char zBy[201];
  snprintf(zBy, sizeof zBy, "%s", it->zProposedBy);
  if( !zBy[0] ){
    struct agenda_item named = *it;
    agenda_proposer_name(r->db, &named);
    snprintf(zBy, sizeof zBy, "%s", named.zProposedBy);
  }
  bool bReason = is_proposer(r, it) || access_can_write(r->db, &r->user, m->unitId, r->zToday);
  if( zBy[0] ) nhsuk_summary_row(b, T("agenda.proposed_by"), zBy, false);
  if( it->zDescription[0] ) nhsuk_summary_row(b, T("agenda.description"), it->zDescription, true);
  nhsuk_summary_row_begin(b, T("agenda.proposal_state"), "proposal-state");
  state_tag(r, it, bReason);
  nhsuk_summary_row_end(b);
}

/* A proposal not (or not yet) on the agenda: what was proposed, its state,
** its papers, and for the chair Accept and Decline. */
void proposal_item_page(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  const char *zTitle = it->zTitle[0] ? it->zTitle : T("agenda.restricted");
  proposal_page_begin(r, m, zTitle, 0, false);
  struct buf *b = &r->body;
  nhsuk_summary_begin(b, 0);
  proposal_item_rows(r, m, it);
  nhsuk_summary_row(b, T("agenda.purpose"), T(agenda_purpose_key(it->zPurpose)), false);
  char zMinutes[32];
  snprintf(zMinutes, sizeof zMinutes, "%d %s", it->durationMinutes, T("agenda.minutes_abbr"));
  nhsuk_summary_row(b, T("agenda.duration"), zMinutes, false);
  nhsuk_summary_end(b);
  bool bWrite = access_can_write(r->db, &r->user, m->unitId, r->zToday);
  if( bWrite && strcmp(it->zStatus, "proposed")==0 ){
    html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/items/%lld/decide\">\n", m->id, it->id);
    form_csrf(r);
    html_printf(b, "<div class=\"nhsuk-button-group\"><button class=\"nhsuk-button\" name=\"decision\" value=\"accept\">%s</button>\n"
                "<a class=\"nhsuk-button nhsuk-button--secondary\" href=\"/meetings/%lld/items/%lld/decline\">%s</a></div>\n</form>\n",
                T("agenda.accept_onto_agenda"), m->id, it->id, T("agenda.decline"));
  }
  papers_section(r, m, it, 0);
  html_printf(b, "<p><a href=\"/meetings/%lld\">%s</a></p>\n</div></div>\n", m->id, T("decision.back_to_meeting"));
  page_end(r);
}

/* ---- deciding ----------------------------------------------------------- */

static void decline_page(struct req *r, const struct field_errors *e){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  proposal_page_begin(r, m, T("agenda.decline_title"), e, false);
  struct buf *b = &r->body;
  nhsuk_summary_begin(b, 0);
  nhsuk_summary_row(b, T("agenda.item_title"), it->zTitle, false);
  proposal_item_rows(r, m, it);
  nhsuk_summary_end(b);
  html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/items/%lld/decide\" novalidate>\n", m->id, it->id);
  form_csrf(r);
  html_printf(b, "<input type=\"hidden\" name=\"decision\" value=\"decline\">\n");
  form_textarea(r, e, "reason", "agenda.decline_reason", "agenda.decline_reason_hint", req_form(r, "reason"), 4);
  html_printf(b, "<div class=\"nhsuk-button-group\"><button class=\"nhsuk-button nhsuk-button--warning\" type=\"submit\">%s</button>\n"
              "<a class=\"nhsuk-link\" href=\"/meetings/%lld#proposals\">%s</a></div>\n</form>\n</div></div>\n",
              T("agenda.decline_button"), m->id, T("member.cancel"));
  page_end(r);
}

/* Only a proposal still waiting is decided. */
static bool still_proposed(struct req *r){
  if( strcmp(r->rec.item.zStatus, "proposed")==0 ) return true;
  page_error(r, 409, "agenda.proposal_decided_title", "agenda.proposal_decided_body");
  return false;
}

void page_proposal_decline(struct req *r){
  if( !still_proposed(r) ) return;
  decline_page(r, 0);
}

void page_meeting_item_decide(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  const char *z = req_form(r, "decision");
  bool bAccept = z && strcmp(z, "accept")==0;
  if( !z || (!bAccept && strcmp(z, "decline")!=0) ){
    page_error(r, 400, "error.bad_request_title", "error.bad_request_body");
    return;
  }
  struct field_errors e = {0};
  int rc = agenda_decide(r->db, &r->user, m, r->rec.item.id, bAccept, req_form(r, "reason"), r->zToday, &e);
  if( rc<0 ){ page_not_found(r); return; }
  if( rc>0 ){
    char zTo[80];
    snprintf(zTo, sizeof zTo, "/meetings/%lld%s", m->id, bAccept ? "#agenda" : "#proposals");
    req_redirect(r, zTo);
    return;
  }
  r->status = 400;
  decline_page(r, &e);
}

/* ---- the deadline -------------------------------------------------------- */

static void deadline_page(struct req *r, const char *zDate, const char *zTime, const struct field_errors *e){
  const struct meeting *m = &r->rec.meeting;
  proposal_page_begin(r, m, T("agenda.deadline_title"), e, false);
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("agenda.deadline_intro"));
  html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/deadline\" novalidate>\n", m->id);
  form_csrf(r);
  deadline_fields(r, zDate, zTime, e);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n"
              "<p><a href=\"/meetings/%lld\">%s</a></p>\n</form>\n</div></div>\n",
              T("agenda.deadline_save"), m->id, T("member.cancel"));
  page_end(r);
}

void deadline_fields(struct req *r, const char *zDate, const char *zTime, const struct field_errors *e){
  form_date(r, e, "items_deadline", "agenda.deadline_date", "agenda.deadline_date_hint", zDate);
  form_input(r, e, "items_deadline_time", "agenda.deadline_time", "meeting.time_hint", "time", zTime, 0);
}

void page_meeting_deadline(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  char zDate[11] = "", zTime[6] = "";
  if( m->zItemsDeadline[0] ){
    snprintf(zDate, sizeof zDate, "%.10s", m->zItemsDeadline);
    snprintf(zTime, sizeof zTime, "%.5s", m->zItemsDeadline+11);
  }
  deadline_page(r, zDate, zTime, 0);
}

void page_meeting_deadline_save(struct req *r){
  const struct meeting *m = &r->rec.meeting;
  char zDate[64];
  form_date_value(r, "items_deadline", zDate);
  const char *zTime = req_form(r, "items_deadline_time");
  struct field_errors e = {0};
  char zNow[17];
  text_local_now(zNow);
  int rc = meeting_set_items_deadline(r->db, &r->user, m, zDate, zTime, zNow, r->zToday, &e);
  if( !form_result(r, rc, "/meetings/%lld#call-for-items", m->id) ) return;
  deadline_page(r, zDate, zTime, &e);
}
