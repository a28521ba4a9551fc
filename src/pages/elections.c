/* Elections on a candidate list, on the page of an agenda item for
** decision: the form "Hold an election" and its handler, and the result
** with each candidate's votes in the decision and the decisions log
** (src/domain/election.h). */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/decision.h"
#include "domain/election.h"
#include "domain/meeting.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long id_of(const char *z){
  long long v = 0;
  return z && text_to_int(z, 1, (long long)1<<53, &v) ? v : 0;
}

static void error_message(struct req *r, const char *zId, const char *zKey, const struct quorum_result *q){
  char zMsg[600];
  if( q && strcmp(zKey, "error.votes_exceed_voters")==0 ) snprintf(zMsg, sizeof zMsg, T(zKey), q->nPresentVoting);
  else if( q && strcmp(zKey, "error.no_quorum")==0 ) snprintf(zMsg, sizeof zMsg, T(zKey), q->nRequired, q->nPresentVoting);
  else snprintf(zMsg, sizeof zMsg, "%s", T(zKey));
  html_printf(&r->body,
    "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
    zId, T("error.prefix"), zMsg);
}

static const char *err_of(const struct field_errors *e, const char *zName){
  return e ? field_errors_get(e, zName) : 0;
}

/* True if the form sent zName=zValue (checkboxes send one pair each). */
static bool form_has(struct req *r, const char *zName, const char *zValue){
  for(int i=0; i<r->h->form.n; i++){
    if( strcmp(r->h->form.a[i].zKey, zName)==0 && strcmp(r->h->form.a[i].zVal, zValue)==0 ) return true;
  }
  return false;
}

/* Open a fieldset form group for field zName, with its error. The
** fieldset takes the field's id unless its first input has it
** (bInputHasId: radios). */
static void group_begin(struct req *r, const struct field_errors *e, const struct quorum_result *q,
                        const char *zPrefix, const char *zName, const char *zLegendKey, const char *zHintKey,
                        bool bInputHasId){
  struct buf *b = &r->body;
  const char *zErr = err_of(e, zName);
  char zId[96];
  snprintf(zId, sizeof zId, "%s%s", zPrefix, zName);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<fieldset class=\"nhsuk-fieldset\"",
              zErr ? " nhsuk-form-group--error" : "");
  if( !bInputHasId ) html_printf(b, " id=\"%s\"", zId);
  if( zHintKey || zErr ){
    html_printf(b, " aria-describedby=\"");
    if( zHintKey ) html_printf(b, "%s-hint", zId);
    if( zErr ) html_printf(b, "%s%s-error", zHintKey ? " " : "", zId);
    html_printf(b, "\"");
  }
  html_printf(b, ">\n<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">%s</legend>\n", T(zLegendKey));
  if( zHintKey ) html_printf(b, "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n", zId, T(zHintKey));
  if( zErr ) error_message(r, zId, zErr, q);
}
static void group_end(struct req *r){
  html_printf(&r->body, "</fieldset>\n</div>\n");
}

/* A small numeric input. */
static void count_input(struct req *r, const char *zId, const char *zName, const char *zLabel,
                        const char *zValue, bool bErr){
  html_printf(&r->body,
    "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"%s\">%s</label>"
    "<input class=\"nhsuk-input nhsuk-input--width-3%s\" id=\"%s\" name=\"%s\" type=\"text\" inputmode=\"numeric\" value=\"%s\"></div>\n",
    zId, zLabel, bErr ? " nhsuk-input--error" : "", zId, zName, zValue ? zValue : "");
}

/* ---- the form ------------------------------------------------------------ */

#define MAX_PEOPLE 256
struct people { int n; struct { long long id; char zName[201]; } a[MAX_PEOPLE]; };
static void collect_eligible(void *pCtx, long long personId, const char *zName){
  struct people *p = pCtx;
  if( p->n<MAX_PEOPLE ){
    p->a[p->n].id = personId;
    snprintf(p->a[p->n].zName, sizeof p->a[p->n].zName, "%s", zName);
    p->n++;
  }
}

struct ballot_ctx {
  struct req *r;
  const char *zPrefix;
  bool bTyped;
  const struct people *pCand;
  int n;
};
static void voter_ballot(void *pCtx, const struct voter *v){
  struct ballot_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( v->bConflicted ) return;
  c->n++;
  char zName[40], zId[96], zLegend[500];
  snprintf(zName, sizeof zName, "ballot-%lld", v->personId);
  if( v->deputyForId ) snprintf(zLegend, sizeof zLegend, T("vote.deputy_for"), v->zName, v->zDeputyFor);
  else snprintf(zLegend, sizeof zLegend, "%s", v->zName);
  const char *zChecked = c->bTyped ? req_form(r, zName) : 0;
  if( !zChecked || !*zChecked ) zChecked = "none";
  html_printf(b, "<fieldset class=\"nhsuk-fieldset\">\n<legend class=\"nhsuk-fieldset__legend\">%s</legend>\n"
              "<div class=\"nhsuk-radios nhsuk-radios--inline nhsuk-radios--small\" data-module=\"nhsuk-radios\">\n", zLegend);
  for(int i=-2; i<c->pCand->n; i++){
    char zVal[24];
    const char *zLabel;
    if( i==-2 ){ snprintf(zVal, sizeof zVal, "none"); zLabel = T("election.ballot_none"); }
    else if( i==-1 ){ snprintf(zVal, sizeof zVal, "abstain"); zLabel = T("election.ballot_abstain"); }
    else{ snprintf(zVal, sizeof zVal, "%lld", c->pCand->a[i].id); zLabel = c->pCand->a[i].zName; }
    snprintf(zId, sizeof zId, "%sballot-%lld-%s", c->zPrefix, v->personId, zVal);
    html_printf(b,
      "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\" id=\"%s\" name=\"%s\" type=\"radio\" value=\"%s\"%s>"
      "<label class=\"nhsuk-label nhsuk-radios__label\" for=\"%s\">%s</label></div>\n",
      zId, zName, zVal, strcmp(zChecked, zVal)==0 ? " checked" : "", zId, zLabel);
  }
  html_printf(b, "</div>\n</fieldset>\n");
}

void election_form(struct req *r, const struct meeting *m, const struct agenda_item *it,
                   const char *zPrefix, const struct field_errors *e, const struct quorum_result *q){
  struct buf *b = &r->body;
  bool bTyped = e!=0;
  struct people *pEl = calloc(1, sizeof *pEl);
  if( !pEl ) return;
  election_eligible(r->db, m, collect_eligible, pEl);
  nhsuk_details_begin(b, T("election.add"), bTyped);
  html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/items/%lld/election\" novalidate>\n", m->id, it->id);
  form_csrf(r);
  record_locked_inset(r, m);

  /* The office. */
  const char *zErr = err_of(e, "office");
  char zId[96];
  snprintf(zId, sizeof zId, "%soffice", zPrefix);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<label class=\"nhsuk-label\" for=\"%s\">%s</label>\n"
              "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n",
              zErr ? " nhsuk-form-group--error" : "", zId, T("election.office"), zId, T("election.office_hint"));
  if( zErr ) error_message(r, zId, zErr, q);
  html_printf(b, "<input class=\"nhsuk-input%s\" id=\"%s\" name=\"office\" type=\"text\" value=\"%s\" aria-describedby=\"%s-hint%s%s%s\">\n</div>\n",
              zErr ? " nhsuk-input--error" : "", zId, bTyped ? req_form(r, "office") : "", zId,
              zErr ? " " : "", zErr ? zId : "", zErr ? "-error" : "");

  /* Named or secret. */
  group_begin(r, e, q, zPrefix, "ballot_kind", "election.kind", 0, true);
  const char *zKind = bTyped ? req_form(r, "ballot_kind") : 0;
  html_printf(b, "<div class=\"nhsuk-radios\" data-module=\"nhsuk-radios\">\n");
  static const char *const azKind[2] = {"named", "secret"};
  static const char *const azKindKey[2] = {"election.kind_named", "election.kind_secret"};
  for(int i=0; i<2; i++){
    char zOpt[112];
    snprintf(zOpt, sizeof zOpt, "%sballot_kind%s", zPrefix, i ? "-2" : "");
    html_printf(b,
      "<div class=\"nhsuk-radios__item\"><input class=\"nhsuk-radios__input\" id=\"%s\" name=\"ballot_kind\" type=\"radio\" value=\"%s\"%s>"
      "<label class=\"nhsuk-label nhsuk-radios__label\" for=\"%s\">%s</label></div>\n",
      zOpt, azKind[i], zKind && strcmp(zKind, azKind[i])==0 ? " checked" : "", zOpt, T(azKindKey[i]));
  }
  html_printf(b, "</div>\n");
  group_end(r);

  /* Candidates. */
  group_begin(r, e, q, zPrefix, "candidates", "election.candidates", "election.candidates_hint", false);
  html_printf(b, "<div class=\"nhsuk-checkboxes nhsuk-checkboxes--small\" data-module=\"nhsuk-checkboxes\">\n");
  for(int i=0; i<pEl->n; i++){
    char zVal[24], zOpt[112];
    snprintf(zVal, sizeof zVal, "%lld", pEl->a[i].id);
    snprintf(zOpt, sizeof zOpt, "%scandidate-%s", zPrefix, zVal);
    html_printf(b,
      "<div class=\"nhsuk-checkboxes__item\"><input class=\"nhsuk-checkboxes__input\" id=\"%s\" name=\"candidate\" type=\"checkbox\" value=\"%s\"%s>"
      "<label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"%s\">%s</label></div>\n",
      zOpt, zVal, bTyped && form_has(r, "candidate", zVal) ? " checked" : "", zOpt, pEl->a[i].zName);
  }
  html_printf(b, "</div>\n");
  group_end(r);

  /* A named ballot: each voter's choice among the members. */
  group_begin(r, e, q, zPrefix, "ballots", "election.ballots_heading", "election.ballots_hint", false);
  struct ballot_ctx bc = { r, zPrefix, bTyped, pEl, 0 };
  decision_voters(r->db, m, it->id, voter_ballot, &bc);
  if( bc.n==0 ) html_printf(b, "<p>%s</p>\n", T("vote.no_voters"));
  group_end(r);

  /* A secret ballot: each candidate's total and the abstentions. */
  bool bTotalsErr = err_of(e, "totals")!=0;
  group_begin(r, e, q, zPrefix, "totals", "election.totals_heading", "election.totals_hint", false);
  for(int i=0; i<pEl->n; i++){
    char zName[40], zOpt[112];
    snprintf(zName, sizeof zName, "total-%lld", pEl->a[i].id);
    snprintf(zOpt, sizeof zOpt, "%s%s", zPrefix, zName);
    count_input(r, zOpt, zName, pEl->a[i].zName, bTyped ? req_form(r, zName) : "", bTotalsErr);
  }
  zErr = err_of(e, "abstentions");
  snprintf(zId, sizeof zId, "%sabstentions", zPrefix);
  if( zErr ) error_message(r, zId, zErr, q);
  count_input(r, zId, "abstentions", T("election.abstentions"), bTyped ? req_form(r, "abstentions") : "", zErr!=0);
  group_end(r);
  record_reason_field(r, m, zPrefix, "election", e, bTyped);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("election.save"));
  nhsuk_details_end(b);
  free(pEl);
}

/* ---- the form's post ------------------------------------------------------ */

long long election_post(struct req *r, const struct meeting *m, const struct agenda_item *it,
                        struct field_errors *e){
  struct election_input *in = xcalloc(1, sizeof *in);
  in->zOffice = req_form(r, "office");
  in->zKind = req_form(r, "ballot_kind");
  in->zAbstain = req_form(r, "abstentions");
  in->zCorrectionReason = req_form(r, "correction_reason");
  bool bNamed = in->zKind && strcmp(in->zKind, "named")==0;
  for(int i=0; i<r->h->form.n; i++){
    const char *zKey = r->h->form.a[i].zKey, *zVal = r->h->form.a[i].zVal;
    if( strcmp(zKey, "candidate")==0 ){
      long long pid = id_of(zVal);
      if( pid<=0 ){ field_errors_add(e, "candidates", "election.error_candidate_not_member"); continue; }
      if( in->nCandidate>=ELECTION_MAX_CANDIDATES ){ in->nCandidate = ELECTION_MAX_CANDIDATES+1; break; }
      in->aCandidate[in->nCandidate++] = pid;
    }
  }
  if( in->nCandidate<=ELECTION_MAX_CANDIDATES ){
    for(int i=0; i<in->nCandidate; i++){
      char zName[40];
      snprintf(zName, sizeof zName, "total-%lld", in->aCandidate[i]);
      in->azTotal[i] = req_form(r, zName);
    }
  }
  if( bNamed ){
    /* Each voter's radios are named ballot-<person id>: a candidate's
    ** person id, "abstain", or "none" for no vote. */
    for(int i=0; i<r->h->form.n; i++){
      const char *zKey = r->h->form.a[i].zKey, *zVal = r->h->form.a[i].zVal;
      if( strncmp(zKey, "ballot-", 7)!=0 || zVal[0]==0 || strcmp(zVal, "none")==0 ) continue;
      long long voter = id_of(zKey+7);
      long long cand = strcmp(zVal, "abstain")==0 ? 0 : id_of(zVal);
      if( voter<=0 ){ field_errors_add(e, "ballots", "error.not_a_voter"); continue; }
      if( cand<0 || (cand==0 && strcmp(zVal, "abstain")!=0) ){
        field_errors_add(e, "ballots", "election.error_not_a_candidate");
        continue;
      }
      if( in->nBallot>=ELECTION_MAX_BALLOTS ){ in->nBallot = ELECTION_MAX_BALLOTS+1; break; }
      in->aBallot[in->nBallot].voterId = voter;
      in->aBallot[in->nBallot].candidateId = cand;
      in->nBallot++;
    }
  }
  long long decisionId = e->n ? 0 : election_record(r->db, &r->user, m, it->id, in, r->zToday, e);
  free(in);
  return decisionId;
}

/* ---- the result ------------------------------------------------------------ */

struct result_ctx { struct req *r; int n; bool bElected; };
static void candidate_row(void *pCtx, const struct candidate_result *c){
  struct result_ctx *x = pCtx;
  struct req *r = x->r;
  if( x->n++==0 ) html_printf(&r->body, "<ul class=\"nhsuk-list cc-election\">\n");
  if( c->bElected ){
    x->bElected = true;
    html_printf(&r->body, "<li><strong>%s: %d %s (%s)</strong></li>\n", c->zName, c->nVotes, T("election.votes"), T("election.elected"));
  }else{
    html_printf(&r->body, "<li>%s: %d %s</li>\n", c->zName, c->nVotes, T("election.votes"));
  }
}

struct named_ctx { struct req *r; int n; };
static void ballot_row(void *pCtx, const char *zVoter, const char *zCandidate){
  struct named_ctx *x = pCtx;
  struct req *r = x->r;
  if( x->n++==0 ) html_printf(&r->body, "<ul class=\"nhsuk-list\">\n");
  html_printf(&r->body, "<li>%s: %s</li>\n", zVoter, zCandidate[0] ? zCandidate : T("election.ballot_abstain"));
}

static void count_candidate(void *pCtx, const struct candidate_result *c){
  (void)c;
  (*(int *)pCtx)++;
}

bool election_result(struct req *r, const struct decision *d, bool bCompact){
  int nCand = 0;
  if( election_candidates(r->db, d->id, count_candidate, &nCand)==0 ) return false;   /* not an election */
  struct buf *b = &r->body;
  char zWords[300];
  bool bNamed = strcmp(d->zVoteKind, "named")==0;
  snprintf(zWords, sizeof zWords, T(bNamed ? "election.named_result" : "election.secret_result"), d->nFor, d->nAbstain);
  if( !bCompact ){
    nhsuk_summary_row_begin(b, T("election.result"), 0);
    html_printf(b, "%s\n", zWords);
  }else{
    html_printf(b, "%s\n", zWords);
  }
  struct result_ctx c = { r, 0, false };
  election_candidates(r->db, d->id, candidate_row, &c);
  if( c.n ) html_printf(b, "</ul>\n");
  if( !c.bElected ) html_printf(b, "<p><strong>%s</strong></p>\n", T("election.tied"));
  if( !bCompact && bNamed ){
    struct named_ctx nc = { r, 0 };
    election_ballots(r->db, d->id, ballot_row, &nc);
    if( nc.n ) html_printf(b, "</ul>\n");
  }
  if( !bCompact ) nhsuk_summary_row_end(b);
  return true;
}

/* ---- JSON ------------------------------------------------------------------ */

struct json_ctx { struct buf *b; int n; };
static void candidate_json(void *pCtx, const struct candidate_result *c){
  struct json_ctx *x = pCtx;
  bool bFirst = true;
  if( x->n++ ) buf_putc(x->b, ',');
  buf_putc(x->b, '{');
  json_kv_int(x->b, &bFirst, "person_id", c->personId);
  json_kv_str(x->b, &bFirst, "name", c->zName);
  json_kv_int(x->b, &bFirst, "votes", c->nVotes);
  json_kv_bool(x->b, &bFirst, "elected", c->bElected);
  buf_putc(x->b, '}');
}

void election_json(struct req *r, struct buf *b, bool *pbFirst, long long decisionId){
  int nCand = 0;
  if( election_candidates(r->db, decisionId, count_candidate, &nCand)==0 ) return;
  json_key(b, pbFirst, "candidates");
  buf_putc(b, '[');
  struct json_ctx x = { b, 0 };
  election_candidates(r->db, decisionId, candidate_json, &x);
  buf_putc(b, ']');
}
