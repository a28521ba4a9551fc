/* Elections on a list of candidates, recorded as decisions (see
** election.h). */
#include "domain/election.h"
#include "domain/audit.h"
#include "domain/decision.h"
#include "domain/record_log.h"
#include "html/i18n.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool blank(const char *z){
  if( !z ) return true;
  while( *z==' ' || *z=='\t' || *z=='\r' || *z=='\n' ) z++;
  return *z==0;
}

/* A typed total: blank is 0. */
static bool parse_total(const char *z, int *pOut){
  long long v = 0;
  if( blank(z) ){ *pOut = 0; return true; }
  char zCopy[24];
  if( strlen(z)>=sizeof zCopy ) return false;
  snprintf(zCopy, sizeof zCopy, "%s", z);
  if( !text_to_int(text_trim(zCopy), 0, 100000, &v) ) return false;
  *pOut = (int)v;
  return true;
}

int election_eligible(struct db *db, const struct meeting *m, eligible_cb x, void *pCtx){
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  struct stmt *s = db_prepare(db,
    "SELECT p.id, p.name FROM person p WHERE EXISTS(SELECT 1 FROM membership ms WHERE ms.person_id=p.id"
    "   AND ms.unit_id=?1 AND " MEMBER_ON_SQL("ms", "?2") ")"
    " ORDER BY p.name, p.id");
  stmt_bind_int(s, 1, m->unitId);
  stmt_bind_text(s, 2, zDate);
  /* Rows first, callbacks after: the callback may query. */
  int n = 0, nAlloc = 0;
  struct row { long long id; char zName[201]; } *a = 0;
  while( stmt_step(s)==1 ){
    if( n==nAlloc ){
      int nNew = nAlloc ? nAlloc*2 : 32;
      struct row *aNew = realloc(a, sizeof(*a)*(size_t)nNew);
      if( !aNew ) break;
      a = aNew;
      nAlloc = nNew;
    }
    a[n].id = stmt_int(s, 0);
    snprintf(a[n].zName, sizeof a[n].zName, "%s", stmt_text(s, 1));
    n++;
  }
  stmt_done(s);
  for(int i=0; i<n; i++) x(pCtx, a[i].id, a[i].zName);
  free(a);
  return n;
}

static void person_name(struct db *db, long long id, char *zOut, size_t nOut){
  struct stmt *s = db_prepare(db, "SELECT name FROM person WHERE id=?");
  stmt_bind_int(s, 1, id);
  snprintf(zOut, nOut, "%s", stmt_step(s)==1 ? stmt_text(s, 0) : "?");
  stmt_done(s);
}

static int candidate_index(const struct election_input *in, long long personId){
  for(int i=0; i<in->nCandidate; i++) if( in->aCandidate[i]==personId ) return i;
  return -1;
}

long long election_record(struct db *db, const struct user *u, const struct meeting *m,
                          long long itemId, const struct election_input *in, const char *zToday,
                          struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return -1;
  struct agenda_item it;
  if( !agenda_get(db, m, itemId, &it) ) return -1;
  if( it.bRestricted && !decision_sees_restricted(db, u, m) ) return -1;

  if( blank(in->zOffice) ) field_errors_add(e, "office", "election.error_office_required");
  else if( strlen(in->zOffice)>ELECTION_OFFICE_MAX ) field_errors_add(e, "office", "election.error_office_too_long");
  else if( !text_is_clean_utf8(in->zOffice, false) ) field_errors_add(e, "office", "error.bad_characters");
  bool bNamed = in->zKind && strcmp(in->zKind, "named")==0;
  bool bSecret = in->zKind && strcmp(in->zKind, "secret")==0;
  if( !bNamed && !bSecret ) field_errors_add(e, "ballot_kind", "election.error_kind_required");
  if( strcmp(it.zPurpose, "decision")!=0 ) field_errors_add(e, "office", "error.item_not_for_decision");
  else if( strcmp(it.zStatus, "accepted")!=0 ) field_errors_add(e, "office", "error.item_not_on_agenda");

  /* Candidates: one or more, each once, members of the unit that day. */
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  if( in->nCandidate<=0 ) field_errors_add(e, "candidates", "election.error_candidates_required");
  else if( in->nCandidate>ELECTION_MAX_CANDIDATES ) field_errors_add(e, "candidates", "election.error_too_many_candidates");
  else{
    for(int i=0; i<in->nCandidate; i++){
      if( candidate_index(in, in->aCandidate[i])<i ){
        field_errors_add(e, "candidates", "election.error_candidate_twice");
        break;
      }
      if( !member_on_date(db, m->unitId, in->aCandidate[i], zDate) ){
        field_errors_add(e, "candidates", "election.error_candidate_not_member");
        break;
      }
    }
  }
  int nCand = in->nCandidate>0 && in->nCandidate<=ELECTION_MAX_CANDIDATES ? in->nCandidate : 0;
  int aVotes[ELECTION_MAX_CANDIDATES] = {0};
  int nAbstain = 0;
  if( bSecret && !field_errors_get(e, "candidates") ){
    for(int i=0; i<nCand; i++){
      int v = 0;
      if( !parse_total(in->azTotal[i], &v) ){ field_errors_add(e, "totals", "error.vote_count_invalid"); break; }
      aVotes[i] = v;
    }
    if( !parse_total(in->zAbstain, &nAbstain) ) field_errors_add(e, "abstentions", "error.vote_count_invalid");
    if( !e->n ){
      int nAll = nAbstain;
      for(int i=0; i<nCand; i++) nAll += aVotes[i];
      if( nAll==0 ) field_errors_add(e, "totals", "election.error_votes_required");
    }
  }
  if( bNamed && !field_errors_get(e, "candidates") ){
    if( in->nBallot<0 || in->nBallot>ELECTION_MAX_BALLOTS ) field_errors_add(e, "ballots", "error.too_many_votes");
    else{
      for(int i=0; i<in->nBallot && !field_errors_get(e, "ballots"); i++){
        for(int j=0; j<i; j++){
          if( in->aBallot[j].voterId==in->aBallot[i].voterId ){ field_errors_add(e, "ballots", "error.vote_twice"); break; }
        }
        long long c = in->aBallot[i].candidateId;
        if( c==0 ) nAbstain++;
        else{
          int k = candidate_index(in, c);
          if( k<0 ) field_errors_add(e, "ballots", "election.error_not_a_candidate");
          else aVotes[k]++;
        }
      }
      if( in->nBallot==0 && !field_errors_get(e, "ballots") ) field_errors_add(e, "ballots", "election.error_votes_required");
    }
  }
  if( e->n ) return 0;

  /* Quorum and the right to vote, inside the write transaction. */
  if( !db_begin(db) ){ field_errors_add(e, "office", "error.not_saved"); return 0; }
  /* Not before the meeting starts; once its minutes are approved, only as
  ** a correction with a reason (record.h). */
  enum record_write w = record_may_write(db, m->id, "office", in->zCorrectionReason, e);
  if( w==RECORD_REFUSED ){ db_rollback(db); return 0; }
  struct quorum_result q;
  meeting_quorum(db, m, itemId, &q);
  if( !q.bMet ){
    field_errors_add(e, "quorum", q.nPresentVoting>=q.nRequired ? "error.no_quorum_chair" : "error.no_quorum");
  }else if( bNamed ){
    long long aId[ELECTION_MAX_BALLOTS];
    for(int i=0; i<in->nBallot; i++) aId[i] = in->aBallot[i].voterId;
    decision_check_voters(db, m, itemId, aId, in->nBallot, "ballots", e);
  }else{
    int nAll = nAbstain;
    for(int i=0; i<nCand; i++) nAll += aVotes[i];
    if( nAll>q.nPresentVoting ) field_errors_add(e, "totals", "error.votes_exceed_voters");
  }
  if( e->n ){ db_rollback(db); return 0; }

  /* The result: most votes wins; a tie (or no votes for anyone) elects no one. */
  int iTop = -1, nTop = 0, nTied = 0, nCast = nAbstain, nForCandidates = 0;
  for(int i=0; i<nCand; i++){
    nCast += aVotes[i];
    nForCandidates += aVotes[i];
    if( aVotes[i]>nTop ){ nTop = aVotes[i]; iTop = i; nTied = 1; }
    else if( aVotes[i]==nTop && nTop>0 ) nTied++;
  }
  bool bElected = iTop>=0 && nTied==1;

  enum lang lang = LANG_EN;
  i18n_parse_lang(u->zLang, &lang);
  char zText[DECISION_TEXT_MAX+1], zOffice[ELECTION_OFFICE_MAX+1];
  {
    char zCopy[ELECTION_OFFICE_MAX+1];
    snprintf(zCopy, sizeof zCopy, "%s", in->zOffice);
    snprintf(zOffice, sizeof zOffice, "%s", text_trim(zCopy));
  }
  if( bElected ){
    char zName[201];
    person_name(db, in->aCandidate[iTop], zName, sizeof zName);
    snprintf(zText, sizeof zText, i18n_get(lang, "election.text_elected"), zName, zOffice, nTop, nCast);
  }else{
    snprintf(zText, sizeof zText, i18n_get(lang, "election.text_tied"), zOffice);
  }

  struct stmt *s = db_prepare(db,
    "INSERT INTO decision(agenda_item_id,text,reason,vote_kind,votes_for,votes_against,votes_abstain,"
    " quorum_required,quorum_present,created_at,is_election) VALUES(?,?,NULL,?,?,NULL,?,?,?,?,1) RETURNING id");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_text(s, 2, zText);
  stmt_bind_text(s, 3, bNamed ? "named" : "secret");
  stmt_bind_int(s, 4, nForCandidates);
  stmt_bind_int(s, 5, nAbstain);
  stmt_bind_int(s, 6, q.nRequired);
  stmt_bind_int(s, 7, q.nPresentVoting);
  stmt_bind_int(s, 8, (long long)time(0));
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  bool ok = id>0;
  long long aCandId[ELECTION_MAX_CANDIDATES] = {0};
  for(int i=0; ok && i<nCand; i++){
    s = db_prepare(db, "INSERT INTO candidate(decision_id,person_id,votes,elected) VALUES(?,?,?,?) RETURNING id");
    stmt_bind_int(s, 1, id);
    stmt_bind_int(s, 2, in->aCandidate[i]);
    stmt_bind_int(s, 3, aVotes[i]);
    stmt_bind_int(s, 4, bElected && i==iTop ? 1 : 0);
    aCandId[i] = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    ok = aCandId[i]>0;
  }
  /* Who voted for whom: named ballots only. */
  for(int i=0; ok && bNamed && i<in->nBallot; i++){
    s = db_prepare(db, "INSERT INTO ballot(decision_id,voter_person_id,candidate_id) VALUES(?,?,?)");
    stmt_bind_int(s, 1, id);
    stmt_bind_int(s, 2, in->aBallot[i].voterId);
    if( in->aBallot[i].candidateId ) stmt_bind_int(s, 3, aCandId[candidate_index(in, in->aBallot[i].candidateId)]);
    else stmt_bind_null(s, 3);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf b = {0}, c = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "meeting_id", m->id);
    json_kv_int(&b, &bFirst, "agenda_item_id", itemId);
    json_kv_bool(&b, &bFirst, "election", true);
    json_kv_str(&b, &bFirst, "office", zOffice);
    json_kv_str(&b, &bFirst, "text", zText);
    json_kv_str(&b, &bFirst, "vote_kind", bNamed ? "named" : "secret");
    /* Totals per candidate person id: "12:6,15:2". */
    for(int i=0; i<nCand; i++) buf_printf(&c, "%s%lld:%d", i ? "," : "", in->aCandidate[i], aVotes[i]);
    json_kv_str(&b, &bFirst, "candidates", buf_cstr(&c));
    json_kv_int(&b, &bFirst, "abstain", nAbstain);
    json_kv_int(&b, &bFirst, "elected", bElected ? in->aCandidate[iTop] : 0);
    json_kv_int(&b, &bFirst, "quorum_required", q.nRequired);
    json_kv_int(&b, &bFirst, "quorum_present", q.nPresentVoting);
    if( bNamed ){
      /* Named ballots are on the record; a secret ballot's voters never are. */
      struct buf v = {0};
      for(int i=0; i<in->nBallot; i++){
        if( in->aBallot[i].candidateId ) buf_printf(&v, "%s%lld:%lld", i ? "," : "", in->aBallot[i].voterId, in->aBallot[i].candidateId);
        else buf_printf(&v, "%s%lld:abstain", i ? "," : "", in->aBallot[i].voterId);
      }
      json_kv_str(&b, &bFirst, "ballots", buf_cstr(&v));
      buf_free(&v);
    }
    ok = record_log_create(db, u, m->id, m->unitId, "decision", "election", id, &b, w, in->zCorrectionReason);
    buf_free(&b);
    buf_free(&c);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "office", "error.not_saved");
    return 0;
  }
  return id;
}

int election_candidates(struct db *db, long long decisionId, candidate_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT c.person_id, p.name, c.votes, c.elected FROM candidate c JOIN person p ON p.id=c.person_id"
    " WHERE c.decision_id=? ORDER BY c.votes DESC, p.name, c.id");
  stmt_bind_int(s, 1, decisionId);
  int n = 0;
  struct candidate_result cr;
  while( stmt_step(s)==1 ){
    memset(&cr, 0, sizeof cr);
    cr.personId = stmt_int(s, 0);
    snprintf(cr.zName, sizeof cr.zName, "%s", stmt_text(s, 1));
    cr.nVotes = (int)stmt_int(s, 2);
    cr.bElected = stmt_int(s, 3)!=0;
    x(pCtx, &cr);
    n++;
  }
  stmt_done(s);
  return n;
}

int election_ballots(struct db *db, long long decisionId, ballot_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT v.name, COALESCE(cp.name,'') FROM ballot b JOIN person v ON v.id=b.voter_person_id"
    "  LEFT JOIN candidate c ON c.id=b.candidate_id LEFT JOIN person cp ON cp.id=c.person_id"
    " WHERE b.decision_id=? ORDER BY v.name, b.voter_person_id");
  stmt_bind_int(s, 1, decisionId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_text(s, 0), stmt_text(s, 1));
    n++;
  }
  stmt_done(s);
  return n;
}
