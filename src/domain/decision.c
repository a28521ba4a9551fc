/* Declarations of interest, decisions and votes, minutes, and the
** standing register of interests (see decision.h). */
#include "domain/decision.h"
#include "domain/audit.h"
#include "domain/notices.h"
#include "domain/record.h"
#include "domain/record_log.h"
#include "util/json.h"
#include "util/text.h"
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool blank(const char *z){
  if( !z ) return true;
  while( *z==' ' || *z=='\t' || *z=='\r' || *z=='\n' ) z++;
  return *z==0;
}
static const char *nz(const char *z){ return blank(z) ? 0 : z; }

/* Check a typed text: required or not, at most nMax bytes, clean UTF-8
** (line breaks allowed when bMultiline). */
static void check_text(struct field_errors *e, const char *zField, const char *z, bool bRequired,
                       const char *zRequiredKey, size_t nMax, const char *zTooLongKey, bool bMultiline){
  if( blank(z) ){
    if( bRequired ) field_errors_add(e, zField, zRequiredKey);
    return;
  }
  if( strlen(z)>nMax ) field_errors_add(e, zField, zTooLongKey);
  else if( !text_is_clean_utf8(z, bMultiline) ) field_errors_add(e, zField, "error.bad_characters");
}

/* The meeting's date, YYYY-MM-DD. */
static void meeting_date(const struct meeting *m, char zDate[11]){
  snprintf(zDate, 11, "%.10s", m->zStartsAt);
}

/* Restricted items stay within the cluster: its own members and leads,
** and administrators. The same rule as agenda_list's (meeting.c). */
bool decision_sees_restricted(struct db *db, const struct user *u, const struct meeting *m){
  return meeting_sees_restricted(db, u, m);
}

/* ---- declarations ------------------------------------------------------ */

static const char *const azOutcome[DECL__MAX] = {"left_room", "no_vote", "remained"};
const char *declaration_outcome_code(enum declaration_outcome o){
  return (unsigned)o<DECL__MAX ? azOutcome[o] : "?";
}
bool declaration_parse_outcome(const char *z, enum declaration_outcome *pOut){
  for(int i=0; i<DECL__MAX; i++){
    if( z && strcmp(z, azOutcome[i])==0 ){ *pOut = (enum declaration_outcome)i; return true; }
  }
  return false;
}

/* True if personId may declare at meeting m: a member of the unit on the
** meeting date, or anyone recorded in its attendance. */
static bool may_declare(struct db *db, const struct meeting *m, long long personId){
  char zDate[11];
  meeting_date(m, zDate);
  if( member_on_date(db, m->unitId, personId, zDate) ) return true;
  struct stmt *s = db_prepare(db, "SELECT 1 FROM attendance WHERE meeting_id=?1 AND person_id=?2");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, personId);
  bool b = stmt_step(s)==1;
  stmt_done(s);
  return b;
}

static long long interest_insert(struct db *db, const struct user *u, long long personId, const char *zKind,
                                 const char *zDescription, const char *zDeclaredOn, const char *zEndsOn);
static bool register_allowed(struct db *db, const struct user *u, long long personId, const char *zToday);

long long declaration_add(struct db *db, const struct user *u, const struct meeting *m,
                          long long itemId, long long personId, const char *zInterest,
                          const char *zOutcome, const char *zToday, struct field_errors *e){
  return declaration_add_corrected(db, u, m, itemId, personId, zInterest, zOutcome, 0, zToday, e);
}

long long declaration_add_corrected(struct db *db, const struct user *u, const struct meeting *m,
                                    long long itemId, long long personId, const char *zInterest,
                                    const char *zOutcome, const char *zCorrectionReason,
                                    const char *zToday, struct field_errors *e){
  return declaration_add_registered(db, u, m, itemId, personId, zInterest, zOutcome, zCorrectionReason, 0,
                                    zToday, e);
}

long long declaration_add_registered(struct db *db, const struct user *u, const struct meeting *m,
                                     long long itemId, long long personId, const char *zInterest,
                                     const char *zOutcome, const char *zCorrectionReason,
                                     const char *zRegisterKind, const char *zToday, struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return -1;
  enum interest_kind k = INTEREST_PERSONAL;
  if( zRegisterKind && !interest_parse_kind(zRegisterKind, &k) ) field_errors_add(e, "register_kind", "error.interest_kind_required");
  /* Every check that reads runs inside the write transaction: what it
  ** found still holds when the row is written, and a read that fails
  ** refuses the write rather than passing the check. */
  if( !db_begin(db) ){ field_errors_add(e, "interest", "error.not_saved"); return 0; }
  struct agenda_item it;
  if( !agenda_get(db, m, itemId, &it) || (it.bRestricted && !decision_sees_restricted(db, u, m)) ){
    return field_errors_refuse_in_tx(db, e, "interest", "error.not_saved");
  }
  if( personId<=0 ) field_errors_add(e, "person", "error.person_required");
  else if( !may_declare(db, m, personId) ) field_errors_add(e, "person", "error.declarant_not_attendee");
  check_text(e, "interest", zInterest, true, "error.interest_required",
             DECLARATION_INTEREST_MAX, "error.too_long_1000", true);
  enum declaration_outcome o = DECL_REMAINED;
  if( !declaration_parse_outcome(zOutcome, &o) ) field_errors_add(e, "outcome", "error.outcome_required");
  if( strcmp(it.zStatus, "accepted")!=0 ) field_errors_add(e, "interest", "error.item_not_on_agenda");
  /* Not before the meeting starts; once its minutes are approved, only as
  ** a correction with a reason (record.h). */
  enum record_write w = record_may_write(db, m->id, "interest", zCorrectionReason, e);
  if( !field_errors_get(e, "person") ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM declaration WHERE agenda_item_id=? AND person_id=?");
    stmt_bind_int(s, 1, itemId);
    stmt_bind_int(s, 2, personId);
    if( stmt_step(s)==1 ) field_errors_add(e, "person", "error.declaration_exists");
    stmt_done(s);
  }
  if( zRegisterKind && personId>0 && !field_errors_get(e, "person") && !register_allowed(db, u, personId, zToday) ){
    field_errors_add(e, "register", "error.register_not_allowed");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "interest", "error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db,
    "INSERT INTO declaration(agenda_item_id,person_id,interest,outcome,created_at)"
    " VALUES(?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_int(s, 2, personId);
  stmt_bind_text(s, 3, zInterest);
  stmt_bind_text(s, 4, declaration_outcome_code(o));
  stmt_bind_int(s, 5, (long long)time(0));
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  bool bUnique = id==0 && db_last_was_unique_violation(db);
  bool ok = id>0;
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "meeting_id", m->id);
    json_kv_int(&b, &bFirst, "agenda_item_id", itemId);
    json_kv_int(&b, &bFirst, "person_id", personId);
    json_kv_str(&b, &bFirst, "interest", zInterest);
    json_kv_str(&b, &bFirst, "outcome", declaration_outcome_code(o));
    ok = record_log_create(db, u, m->id, m->unitId, "declaration", "declaration", id, &b, w, zCorrectionReason);
    buf_free(&b);
  }
  /* Also into the person's register, dated the day of the meeting. */
  if( ok && zRegisterKind ){
    char zDate[11];
    meeting_date(m, zDate);
    ok = interest_insert(db, u, personId, interest_kind_code(k), zInterest, zDate, 0)>0;
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    /* Someone else recorded the same declaration a moment ago. */
    field_errors_add(e, bUnique ? "person" : "interest", bUnique ? "error.declaration_exists" : "error.not_saved");
    return 0;
  }
  return id;
}

int declaration_list(struct db *db, const struct meeting *m, long long itemId,
                     declaration_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT d.id, d.agenda_item_id, d.person_id, p.name, d.interest, d.outcome"
    "  FROM declaration d JOIN agenda_item a ON a.id=d.agenda_item_id"
    "  JOIN person p ON p.id=d.person_id"
    " WHERE a.meeting_id=?1 AND (d.agenda_item_id=?2 OR (?2=0 AND a.restricted=0))"
    " ORDER BY a.position, p.name, d.id");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, itemId);
  int n = 0;
  struct declaration d;
  while( stmt_step(s)==1 ){
    memset(&d, 0, sizeof d);
    d.id = stmt_int(s, 0);
    d.agendaItemId = stmt_int(s, 1);
    d.personId = stmt_int(s, 2);
    snprintf(d.zName, sizeof d.zName, "%s", stmt_text(s, 3));
    snprintf(d.zInterest, sizeof d.zInterest, "%s", stmt_text(s, 4));
    snprintf(d.zOutcome, sizeof d.zOutcome, "%s", stmt_text(s, 5));
    x(pCtx, &d);
    n++;
  }
  stmt_done(s);
  return n;
}

/* ---- voters ------------------------------------------------------------ */

struct voters_ctx { voter_cb x; void *pCtx; int n; };
static void voter_from_seat(void *pCtx, const struct seat *st){
  struct voters_ctx *c = pCtx;
  if( !st->bVoting || st->sitterId<=0 ) return;
  struct voter v;
  memset(&v, 0, sizeof v);
  v.personId = st->sitterId;
  snprintf(v.zName, sizeof v.zName, "%s", st->zSitterName);
  if( st->sitterId!=st->memberId ){
    v.deputyForId = st->memberId;
    snprintf(v.zDeputyFor, sizeof v.zDeputyFor, "%s", st->zMemberName);
  }
  v.bConflicted = st->bConflicted;
  c->x(c->pCtx, &v);
  c->n++;
}

int decision_voters(struct db *db, const struct meeting *m, long long itemId, voter_cb x, void *pCtx){
  /* The filled seats of voting members, as meeting_quorum counts them:
  ** meeting_seats lists them by the sitter's name. */
  struct voters_ctx c = { x, pCtx, 0 };
  meeting_seats(db, m, itemId, voter_from_seat, &c);
  return c.n;
}

#define MAX_VOTERS 256
struct voter_set { int n; struct { long long id; bool bConflicted; } a[MAX_VOTERS]; };
static void collect_voter(void *pCtx, const struct voter *v){
  struct voter_set *p = pCtx;
  if( p->n<MAX_VOTERS ){
    p->a[p->n].id = v->personId;
    p->a[p->n].bConflicted = v->bConflicted;
    p->n++;
  }
}

bool decision_check_voters(struct db *db, const struct meeting *m, long long itemId,
                           const long long *aVoterId, int nVoter, const char *zField,
                           struct field_errors *e){
  struct voter_set *pVs = malloc(sizeof *pVs);
  if( !pVs ){ field_errors_add(e, zField, "error.not_saved"); return false; }
  pVs->n = 0;
  decision_voters(db, m, itemId, collect_voter, pVs);
  bool ok = true;
  for(int i=0; ok && i<nVoter; i++){
    int k = -1;
    for(int j=0; j<pVs->n; j++) if( pVs->a[j].id==aVoterId[i] ){ k = j; break; }
    if( k<0 ){ field_errors_add(e, zField, "error.not_a_voter"); ok = false; }
    else if( pVs->a[k].bConflicted ){ field_errors_add(e, zField, "error.conflicted_cannot_vote"); ok = false; }
  }
  free(pVs);
  return ok;
}

/* ---- decisions --------------------------------------------------------- */

static const char *const azChoice[] = {"for", "against", "abstain"};
static int choice_index(const char *z){
  for(int i=0; i<3; i++) if( z && strcmp(z, azChoice[i])==0 ) return i;
  return -1;
}

/* A count typed for a secret ballot: blank is 0. */
static bool parse_count(const char *z, int *pOut){
  long long v = 0;
  if( blank(z) ){ *pOut = 0; return true; }
  while( *z==' ' ) z++;
  char zCopy[24];
  snprintf(zCopy, sizeof zCopy, "%s", z);
  text_trim(zCopy);
  if( !text_to_int(zCopy, 0, 100000, &v) ) return false;
  *pOut = (int)v;
  return true;
}

long long decision_record(struct db *db, const struct user *u, const struct meeting *m,
                          long long itemId, const struct decision_input *in, const char *zToday,
                          struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return -1;
  struct agenda_item it;
  if( !agenda_get(db, m, itemId, &it) ) return -1;
  if( it.bRestricted && !decision_sees_restricted(db, u, m) ) return -1;
  check_text(e, "text", in->zText, true, "error.decision_text_required",
             DECISION_TEXT_MAX, "error.too_long_2000", true);
  check_text(e, "reason", in->zReason, false, 0, DECISION_TEXT_MAX, "error.too_long_2000", true);
  bool bNamed = in->zVoteKind && strcmp(in->zVoteKind, "named")==0;
  bool bSecret = in->zVoteKind && strcmp(in->zVoteKind, "secret")==0;
  bool bNone = in->zVoteKind && strcmp(in->zVoteKind, "none")==0;
  if( !bNamed && !bSecret && !bNone ) field_errors_add(e, "vote_kind", "error.vote_kind_required");
  if( strcmp(it.zPurpose, "decision")!=0 ) field_errors_add(e, "text", "error.item_not_for_decision");
  else if( strcmp(it.zStatus, "accepted")!=0 ) field_errors_add(e, "text", "error.item_not_on_agenda");

  int aCount[3] = {0, 0, 0};
  if( bSecret ){
    if( !parse_count(in->zFor, &aCount[0]) ) field_errors_add(e, "for", "error.vote_count_invalid");
    if( !parse_count(in->zAgainst, &aCount[1]) ) field_errors_add(e, "against", "error.vote_count_invalid");
    if( !parse_count(in->zAbstain, &aCount[2]) ) field_errors_add(e, "abstain", "error.vote_count_invalid");
    if( !e->n && aCount[0]+aCount[1]+aCount[2]==0 ) field_errors_add(e, "for", "error.votes_required");
  }
  if( bNamed ){
    int nVote = in->nVote;
    if( nVote<0 || nVote>(int)(sizeof(in->aVote)/sizeof(in->aVote[0])) ){
      field_errors_add(e, "votes", "error.too_many_votes");
      nVote = 0;
    }
    for(int i=0; i<nVote; i++){
      int k = choice_index(in->aVote[i].zChoice);
      if( k<0 ){ field_errors_add(e, "votes", "error.vote_choice_invalid"); break; }
      for(int j=0; j<i; j++){
        if( in->aVote[j].personId==in->aVote[i].personId ){ field_errors_add(e, "votes", "error.vote_twice"); }
      }
      aCount[k]++;
    }
    if( nVote==0 && !field_errors_get(e, "votes") ) field_errors_add(e, "votes", "error.votes_required");
  }
  if( e->n ) return 0;

  /* Quorum and the right to vote are judged inside the write transaction,
  ** so that attendance or a declaration cannot change in between. */
  if( !db_begin(db) ){ field_errors_add(e, "text", "error.not_saved"); return 0; }
  /* Not before the meeting starts; once its minutes are approved, only as
  ** a correction with a reason (record.h). */
  enum record_write w = record_may_write(db, m->id, "text", in->zCorrectionReason, e);
  if( w==RECORD_REFUSED ){ db_rollback(db); return 0; }
  struct quorum_result q;
  meeting_quorum(db, m, itemId, &q);
  if( !q.bMet ){
    /* Enough voting members but no chair: say so; otherwise the numbers. */
    field_errors_add(e, "quorum", q.nPresentVoting>=q.nRequired ? "error.no_quorum_chair" : "error.no_quorum");
  }else if( bNamed ){
    long long aId[sizeof(in->aVote)/sizeof(in->aVote[0])];
    for(int i=0; i<in->nVote; i++) aId[i] = in->aVote[i].personId;
    decision_check_voters(db, m, itemId, aId, in->nVote, "votes", e);
  }else if( bSecret ){
    if( aCount[0]+aCount[1]+aCount[2] > q.nPresentVoting ) field_errors_add(e, "for", "error.votes_exceed_voters");
  }
  if( e->n ){ db_rollback(db); return 0; }

  struct stmt *s = db_prepare(db,
    "INSERT INTO decision(agenda_item_id,text,reason,vote_kind,votes_for,votes_against,votes_abstain,"
    " quorum_required,quorum_present,created_at) VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_text(s, 2, in->zText);
  stmt_bind_text(s, 3, nz(in->zReason));
  stmt_bind_text(s, 4, bNamed ? "named" : bSecret ? "secret" : "none");
  for(int i=0; i<3; i++){
    if( bNone ) stmt_bind_null(s, 5+i); else stmt_bind_int(s, 5+i, aCount[i]);
  }
  stmt_bind_int(s, 8, q.nRequired);
  stmt_bind_int(s, 9, q.nPresentVoting);
  stmt_bind_int(s, 10, (long long)time(0));
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  bool ok = id>0;
  for(int i=0; ok && bNamed && i<in->nVote; i++){
    s = db_prepare(db, "INSERT INTO vote(decision_id,person_id,choice) VALUES(?,?,?)");
    stmt_bind_int(s, 1, id);
    stmt_bind_int(s, 2, in->aVote[i].personId);
    stmt_bind_text(s, 3, azChoice[choice_index(in->aVote[i].zChoice)]);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_int(&b, &bFirst, "meeting_id", m->id);
    json_kv_int(&b, &bFirst, "agenda_item_id", itemId);
    json_kv_str(&b, &bFirst, "text", in->zText);
    json_kv_str(&b, &bFirst, "reason", nz(in->zReason) ? in->zReason : "");
    json_kv_str(&b, &bFirst, "vote_kind", bNamed ? "named" : bSecret ? "secret" : "none");
    if( !bNone ){
      json_kv_int(&b, &bFirst, "for", aCount[0]);
      json_kv_int(&b, &bFirst, "against", aCount[1]);
      json_kv_int(&b, &bFirst, "abstain", aCount[2]);
    }
    json_kv_int(&b, &bFirst, "quorum_required", q.nRequired);
    json_kv_int(&b, &bFirst, "quorum_present", q.nPresentVoting);
    if( bNamed ){
      /* Named votes are on the record; a secret ballot's voters never are. */
      struct buf v = {0};
      for(int i=0; i<in->nVote; i++){
        buf_printf(&v, "%s%lld:%s", i ? "," : "", in->aVote[i].personId,
                   azChoice[choice_index(in->aVote[i].zChoice)]);
      }
      json_kv_str(&b, &bFirst, "votes", buf_cstr(&v));
      buf_free(&v);
    }
    ok = record_log_create(db, u, m->id, m->unitId, "decision", "decision", id, &b, w, in->zCorrectionReason);
    buf_free(&b);
  }
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "text", "error.not_saved");
    return 0;
  }
  return id;
}

#define DECISION_COLS \
  "d.id, d.agenda_item_id, m.id, m.starts_at, a.title, d.text, d.reason, d.vote_kind," \
  " COALESCE(d.votes_for,0), COALESCE(d.votes_against,0), COALESCE(d.votes_abstain,0)," \
  " d.quorum_required, d.quorum_present, m.title, a.restricted, d.created_at, m.unit_id," \
  " COALESCE(a.standing,'')"

/* The names of those who declared an interest on itemId, comma-separated. */
static void conflicted_names(struct db *db, long long itemId, char *zOut, size_t nOut){
  struct stmt *s = db_prepare(db,
    "SELECT p.name FROM declaration d JOIN person p ON p.id=d.person_id"
    " WHERE d.agenda_item_id=? ORDER BY p.name, d.id");
  stmt_bind_int(s, 1, itemId);
  size_t j = 0;
  zOut[0] = 0;
  while( stmt_step(s)==1 ){
    const char *zName = stmt_text(s, 0);
    size_t n = strlen(zName);
    size_t nSep = j ? 2 : 0;
    if( j+nSep+n+1>nOut ) break;   /* whole names only */
    if( nSep ){ memcpy(zOut+j, ", ", 2); j += 2; }
    memcpy(zOut+j, zName, n);
    j += n;
    zOut[j] = 0;
  }
  stmt_done(s);
}

struct list_ctx {
  struct db *db;
  const struct user *u;          /* NULL: no restricted items */
  decision_cb x;
  void *pCtx;
  long long lastUnit;            /* cache of the restricted check */
  char zLastDate[11];
  bool bLastSees;
};

static int deliver(struct stmt *s, struct list_ctx *c){
  /* Rows first, callbacks after: the callback may run its own queries. */
  int n = 0, nAlloc = 0;
  struct decision *a = 0;
  while( stmt_step(s)==1 ){
    if( n==nAlloc ){
      int nNew = nAlloc ? nAlloc*2 : 16;
      struct decision *aNew = realloc(a, sizeof(*a)*(size_t)nNew);
      if( !aNew ) break;
      a = aNew;
      nAlloc = nNew;
    }
    struct decision *d = &a[n];
    memset(d, 0, sizeof *d);
    d->id = stmt_int(s, 0);
    d->agendaItemId = stmt_int(s, 1);
    d->meetingId = stmt_int(s, 2);
    snprintf(d->zMeetingStartsAt, sizeof d->zMeetingStartsAt, "%s", stmt_text(s, 3));
    snprintf(d->zItemTitle, sizeof d->zItemTitle, "%s", stmt_text(s, 4));
    snprintf(d->zText, sizeof d->zText, "%s", stmt_text(s, 5));
    snprintf(d->zReason, sizeof d->zReason, "%s", stmt_text(s, 6));
    snprintf(d->zVoteKind, sizeof d->zVoteKind, "%s", stmt_text(s, 7));
    d->nFor = (int)stmt_int(s, 8);
    d->nAgainst = (int)stmt_int(s, 9);
    d->nAbstain = (int)stmt_int(s, 10);
    d->nQuorumRequired = (int)stmt_int(s, 11);
    d->nQuorumPresent = (int)stmt_int(s, 12);
    snprintf(d->zMeetingTitle, sizeof d->zMeetingTitle, "%s", stmt_text(s, 13));
    d->bRestricted = stmt_int(s, 14)!=0;
    d->createdAt = stmt_int(s, 15);
    long long unitId = stmt_int(s, 16);
    snprintf(d->zItemStanding, sizeof d->zItemStanding, "%s", stmt_text(s, 17));
    if( d->bRestricted ){
      /* Keep a restricted decision only for a user who may see it. */
      bool bSees = false;
      if( c->u ){
        if( unitId==c->lastUnit && strncmp(c->zLastDate, d->zMeetingStartsAt, 10)==0 ){
          bSees = c->bLastSees;
        }else{
          struct meeting mm;
          memset(&mm, 0, sizeof mm);
          mm.unitId = unitId;
          snprintf(mm.zStartsAt, sizeof mm.zStartsAt, "%s", d->zMeetingStartsAt);
          bSees = decision_sees_restricted(c->db, c->u, &mm);
          c->lastUnit = unitId;
          snprintf(c->zLastDate, sizeof c->zLastDate, "%.10s", d->zMeetingStartsAt);
          c->bLastSees = bSees;
        }
      }
      if( !bSees ) continue;
    }
    n++;
  }
  stmt_done(s);
  for(int i=0; i<n; i++){
    conflicted_names(c->db, a[i].agendaItemId, a[i].zConflicted, sizeof a[i].zConflicted);
    c->x(c->pCtx, &a[i]);
  }
  free(a);
  return n;
}

static int list_decisions(struct list_ctx *c, long long unitId, long long meetingId){
  struct stmt *s;
  if( meetingId>0 ){
    s = db_prepare(c->db,
      "SELECT " DECISION_COLS " FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id"
      "  JOIN meeting m ON m.id=a.meeting_id WHERE m.id=?"
      " ORDER BY d.created_at DESC, d.id DESC");
    stmt_bind_int(s, 1, meetingId);
  }else if( unitId>0 ){
    s = db_prepare(c->db,
      "SELECT " DECISION_COLS " FROM meeting m JOIN agenda_item a ON a.meeting_id=m.id"
      "  JOIN decision d ON d.agenda_item_id=a.id WHERE m.unit_id=?"
      " ORDER BY m.starts_at DESC, d.id DESC");
    stmt_bind_int(s, 1, unitId);
  }else{
    return 0;
  }
  return deliver(s, c);
}

int decision_list(struct db *db, long long unitId, long long meetingId, decision_cb x, void *pCtx){
  struct list_ctx c = { db, 0, x, pCtx, 0, "", false };
  return list_decisions(&c, unitId, meetingId);
}

int decision_list_visible(struct db *db, const struct user *u, long long unitId,
                          long long meetingId, const char *zToday, decision_cb x, void *pCtx){
  (void)zToday;
  struct list_ctx c = { db, u, x, pCtx, 0, "", false };
  return list_decisions(&c, unitId, meetingId);
}

int decision_votes(struct db *db, long long decisionId, vote_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT v.person_id, p.name, v.choice FROM vote v JOIN person p ON p.id=v.person_id"
    " WHERE v.decision_id=? ORDER BY p.name, v.person_id");
  stmt_bind_int(s, 1, decisionId);
  int n = 0;
  while( stmt_step(s)==1 ){
    x(pCtx, stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2));
    n++;
  }
  stmt_done(s);
  return n;
}

/* ---- minutes ----------------------------------------------------------- */

char *minutes_get(struct db *db, const struct meeting *m, long long itemId){
  struct stmt *s = db_prepare(db, "SELECT minutes FROM agenda_item WHERE id=? AND meeting_id=?");
  stmt_bind_int(s, 1, itemId);
  stmt_bind_int(s, 2, m->id);
  char *z = 0;
  if( stmt_step(s)==1 && !stmt_is_null(s, 0) ) z = strdup(stmt_text(s, 0));
  stmt_done(s);
  return z;
}

long long minutes_approved_at(struct db *db, const struct meeting *m){
  struct stmt *s = db_prepare(db, "SELECT COALESCE(minutes_approved_at,0) FROM meeting WHERE id=?");
  stmt_bind_int(s, 1, m->id);
  long long t = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return t;
}

/* The minutes status of meeting m as it is now. */
static void minutes_status(struct db *db, const struct meeting *m, char zOut[10]){
  struct stmt *s = db_prepare(db, "SELECT minutes_status FROM meeting WHERE id=?");
  stmt_bind_int(s, 1, m->id);
  snprintf(zOut, 10, "%s", stmt_step(s)==1 ? stmt_text(s, 0) : "none");
  stmt_done(s);
}

long long minutes_item_of(struct db *db, long long meetingId){
  struct stmt *s = db_prepare(db,
    "SELECT id FROM agenda_item WHERE meeting_id=? AND standing='minutes' AND status='accepted'"
    " ORDER BY position, id LIMIT 1");
  stmt_bind_int(s, 1, meetingId);
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

long long minutes_approved_by(struct db *db, long long meetingId, char zStartsAt[17]){
  struct stmt *s = db_prepare(db,
    "SELECT b.id, b.starts_at FROM meeting m JOIN meeting b ON b.id=m.minutes_approved_by_meeting_id"
    " WHERE m.id=? AND m.minutes_status='approved'");
  stmt_bind_int(s, 1, meetingId);
  long long id = 0;
  if( zStartsAt ) zStartsAt[0] = 0;
  if( stmt_step(s)==1 ){
    id = stmt_int(s, 0);
    if( zStartsAt ) snprintf(zStartsAt, 17, "%s", stmt_text(s, 1));
  }
  stmt_done(s);
  return id;
}

bool minutes_approve(struct db *db, const struct user *u, const struct meeting *m, long long itemId,
                     const char *zToday, struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ){ field_errors_add(e, "approve", "error.not_allowed"); return false; }
  if( !db_begin(db) ){ field_errors_add(e, "approve", "error.not_saved"); return false; }
  /* The approval is part of the record of meeting m, made under its
  ** "Minutes of the last meeting": once m has started and while its own
  ** record is open. */
  struct agenda_item it;
  bool bItem = agenda_get(db, m, itemId, &it) && strcmp(it.zStanding, "minutes")==0
            && strcmp(it.zStatus, "accepted")==0;
  enum record_state st = RECORD_AHEAD;
  struct meeting prev;
  memset(&prev, 0, sizeof prev);
  if( !bItem ) field_errors_add(e, "approve", "error.not_allowed");
  else if( !record_state_of(db, m->id, 0, &st) ) field_errors_add(e, "approve", "error.not_saved");
  else if( st==RECORD_AHEAD ) field_errors_add(e, "approve", "error.record_before_start");
  else if( st==RECORD_CANCELLED ) field_errors_add(e, "approve", "error.meeting_cancelled");
  else if( st==RECORD_LOCKED ) field_errors_add(e, "approve", "error.minutes_approve_locked");
  else if( !meeting_previous(db, m->id, &prev) ) field_errors_add(e, "approve", "error.minutes_no_previous");
  else{
    char zStatus[10];
    minutes_status(db, &prev, zStatus);
    struct stmt *s = db_prepare(db,
      "SELECT count(*) FROM agenda_item WHERE meeting_id=? AND status='accepted'"
      "   AND minutes IS NOT NULL AND minutes<>''");
    stmt_bind_int(s, 1, prev.id);
    long long nItems = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    if( strcmp(zStatus, "approved")==0 ) field_errors_add(e, "approve", "error.minutes_already_approved");
    else if( nItems==0 ) field_errors_add(e, "approve", "error.minutes_none");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "approve", "error.not_saved") ) return false;
  long long now = (long long)time(0);
  struct stmt *s = db_prepare(db,
    "UPDATE meeting SET minutes_status='approved', minutes_approved_at=?, minutes_approved_by_meeting_id=?,"
    " updated_at=? WHERE id=? AND minutes_status<>'approved'");
  stmt_bind_int(s, 1, now);
  stmt_bind_int(s, 2, m->id);
  stmt_bind_int(s, 3, now);
  stmt_bind_int(s, 4, prev.id);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bNew = {0};
    bool bFirst = true;
    buf_putc(&bNew, '{');
    json_kv_str(&bNew, &bFirst, "minutes_status", "approved");
    json_kv_int(&bNew, &bFirst, "minutes_approved_by_meeting_id", m->id);
    buf_putc(&bNew, '}');
    ok = audit_record(db, u, "update", "meeting", prev.id, prev.unitId,
                      "{\"minutes_status\":\"draft\"}", buf_cstr(&bNew));
    buf_free(&bNew);
  }
  /* The approved minutes go to the members. */
  if( ok ) ok = notices_minutes_approved(db, u, &prev, m, zToday);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "approve", "error.not_saved");
    return false;
  }
  return true;
}

char *minutes_render(const char *zMarkdown){
  if( !zMarkdown ) zMarkdown = "";
  /* Since cmark 0.29 safe mode is the default: raw HTML is replaced by a
  ** comment and javascript:, vbscript:, file: and data: (but images)
  ** links lose their address. CMARK_OPT_UNSAFE is never passed. */
  return cmark_markdown_to_html(zMarkdown, strlen(zMarkdown), CMARK_OPT_DEFAULT);
}

/* ---- register of interests ------------------------------------------- */

static const char *const azKind[INTEREST__MAX] = {
  "financial", "professional", "personal", "indirect", "gift_hospitality"
};
const char *interest_kind_code(enum interest_kind k){ return (unsigned)k<INTEREST__MAX ? azKind[k] : "?"; }
bool interest_parse_kind(const char *z, enum interest_kind *pOut){
  for(int i=0; i<INTEREST__MAX; i++){
    if( z && strcmp(z, azKind[i])==0 ){ *pOut = (enum interest_kind)i; return true; }
  }
  return false;
}

bool interest_person_visible(struct db *db, const struct user *u, long long personId,
                             const char *zToday, char zName[201], bool *pbWrite){
  *pbWrite = false;
  struct stmt *s = db_prepare(db, "SELECT name FROM person WHERE id=?");
  stmt_bind_int(s, 1, personId);
  bool bFound = stmt_step(s)==1;
  if( bFound ) snprintf(zName, 201, "%s", stmt_text(s, 0));
  stmt_done(s);
  if( !bFound ) return false;
  /* The person's units: every membership, and the home unit. */
  long long aUnit[64];
  int nUnit = 0;
  s = db_prepare(db,
    "SELECT unit_id FROM membership WHERE person_id=?1"
    " UNION SELECT home_unit_id FROM person WHERE id=?1");
  stmt_bind_int(s, 1, personId);
  int rc = 0;
  while( nUnit<64 && (rc = stmt_step(s))==1 ) aUnit[nUnit++] = stmt_int(s, 0);
  stmt_done(s);
  /* A list cut short by a failed read is not the person's units: the
  ** person is not shown rather than judged on part of them. */
  if( rc<0 ){ zName[0] = 0; return false; }
  bool bRead = false;
  for(int i=0; i<nUnit; i++){
    if( !bRead && access_can_read(db, u, aUnit[i], zToday) ) bRead = true;
    if( !*pbWrite && access_can_write(db, u, aUnit[i], zToday) ) *pbWrite = true;
  }
  if( !bRead ){ zName[0] = 0; *pbWrite = false; }
  return bRead;
}

long long interest_add(struct db *db, const struct user *u, long long personId,
                       const struct interest_input *in, const char *zToday, struct field_errors *e){
  char zName[201];
  bool bWrite = false;
  /* Who may change the person's register is read inside the write
  ** transaction; a read that fails there is "not saved", not "not found". */
  if( !db_begin(db) ){ field_errors_add(e, "description", "error.not_saved"); return 0; }
  if( !interest_person_visible(db, u, personId, zToday, zName, &bWrite) || !bWrite ){
    return field_errors_refuse_in_tx(db, e, "description", "error.not_saved");
  }
  enum interest_kind k = INTEREST_PERSONAL;
  if( !interest_parse_kind(in->zKind, &k) ) field_errors_add(e, "kind", "error.interest_kind_required");
  check_text(e, "description", in->zDescription, true, "error.interest_description_required",
             1000, "error.too_long_1000", true);
  bool bFromOk = false;
  if( blank(in->zDeclaredOn) ) field_errors_add(e, "declared_on", "error.declared_on_required");
  else if( !text_is_date(in->zDeclaredOn) ) field_errors_add(e, "declared_on", "error.date_invalid");
  else if( strcmp(in->zDeclaredOn, zToday)>0 ) field_errors_add(e, "declared_on", "error.declared_on_future");
  else bFromOk = true;
  if( !blank(in->zEndsOn) ){
    if( !text_is_date(in->zEndsOn) ) field_errors_add(e, "ends_on", "error.date_invalid");
    else if( bFromOk && strcmp(in->zEndsOn, in->zDeclaredOn)<0 ) field_errors_add(e, "ends_on", "error.ends_before_declared");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "description", "error.not_saved") ) return 0;
  long long id = interest_insert(db, u, personId, interest_kind_code(k), in->zDescription, in->zDeclaredOn,
                                 nz(in->zEndsOn));
  if( id<=0 || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "description", "error.not_saved");
    return 0;
  }
  return id;
}

/* Inside the caller's write transaction: an interest on personId's
** register, with its audit entry (in the person's home unit). Its id, or
** 0 on a database error. */
static long long interest_insert(struct db *db, const struct user *u, long long personId, const char *zKind,
                                 const char *zDescription, const char *zDeclaredOn, const char *zEndsOn){
  struct stmt *s = db_prepare(db,
    "INSERT INTO interest(person_id,kind,description,declared_on,ends_on,created_at)"
    " VALUES(?,?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, personId);
  stmt_bind_text(s, 2, zKind);
  stmt_bind_text(s, 3, zDescription);
  stmt_bind_text(s, 4, zDeclaredOn);
  stmt_bind_text(s, 5, zEndsOn);
  stmt_bind_int(s, 6, (long long)time(0));
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  if( id<=0 ) return 0;
  s = db_prepare(db, "SELECT home_unit_id FROM person WHERE id=?");
  stmt_bind_int(s, 1, personId);
  long long unitId = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  struct buf b = {0};
  bool bFirst = true;
  buf_putc(&b, '{');
  json_kv_int(&b, &bFirst, "person_id", personId);
  json_kv_str(&b, &bFirst, "kind", zKind);
  json_kv_str(&b, &bFirst, "description", zDescription);
  json_kv_str(&b, &bFirst, "declared_on", zDeclaredOn);
  if( zEndsOn ) json_kv_str(&b, &bFirst, "ends_on", zEndsOn);
  else json_kv_null(&b, &bFirst, "ends_on");
  buf_putc(&b, '}');
  bool ok = audit_record(db, u, "create", "interest", id, unitId, 0, buf_cstr(&b));
  buf_free(&b);
  return ok ? id : 0;
}

/* pUser may add to personId's register (interest_person_visible). */
static bool register_allowed(struct db *db, const struct user *u, long long personId, const char *zToday){
  char zName[201];
  bool bWrite = false;
  return interest_person_visible(db, u, personId, zToday, zName, &bWrite) && bWrite;
}

int interest_list(struct db *db, long long personId, interest_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT id, person_id, kind, description, declared_on, ends_on FROM interest"
    " WHERE person_id=? ORDER BY ends_on IS NOT NULL, declared_on DESC, id DESC");
  stmt_bind_int(s, 1, personId);
  int n = 0;
  struct interest it;
  while( stmt_step(s)==1 ){
    memset(&it, 0, sizeof it);
    it.id = stmt_int(s, 0);
    it.personId = stmt_int(s, 1);
    snprintf(it.zKind, sizeof it.zKind, "%s", stmt_text(s, 2));
    snprintf(it.zDescription, sizeof it.zDescription, "%s", stmt_text(s, 3));
    snprintf(it.zDeclaredOn, sizeof it.zDeclaredOn, "%s", stmt_text(s, 4));
    snprintf(it.zEndsOn, sizeof it.zEndsOn, "%s", stmt_text(s, 5));
    x(pCtx, &it);
    n++;
  }
  stmt_done(s);
  return n;
}

/* ---- changing and withdrawing a declaration -------------------------------- */

/* Declaration id as it is now, with no access check. */
static bool declaration_get(struct db *db, long long id, struct declaration *d, long long *pMeetingId){
  struct stmt *s = db_prepare(db,
    "SELECT d.id, d.agenda_item_id, d.person_id, p.name, d.interest, d.outcome, a.meeting_id"
    "  FROM declaration d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN person p ON p.id=d.person_id"
    " WHERE d.id=?");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ){
    memset(d, 0, sizeof *d);
    d->id = stmt_int(s, 0);
    d->agendaItemId = stmt_int(s, 1);
    d->personId = stmt_int(s, 2);
    text_copy(d->zName, sizeof d->zName, stmt_text(s, 3));
    text_copy(d->zInterest, sizeof d->zInterest, stmt_text(s, 4));
    text_copy(d->zOutcome, sizeof d->zOutcome, stmt_text(s, 5));
    *pMeetingId = stmt_int(s, 6);
  }
  stmt_done(s);
  return b;
}

bool declaration_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                             struct declaration *d, struct meeting *m, struct agenda_item *it){
  long long meetingId = 0;
  return declaration_get(db, id, d, &meetingId)
      && agenda_item_get_visible(db, u, meetingId, d->agendaItemId, zToday, m, it);
}

static void declaration_json(struct buf *b, const struct declaration *d, const char *zInterest,
                             const char *zOutcome){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_int(b, &bFirst, "agenda_item_id", d->agendaItemId);
  json_kv_int(b, &bFirst, "person_id", d->personId);
  json_kv_str(b, &bFirst, "person", d->zName);
  json_kv_str(b, &bFirst, "interest", zInterest);
  json_kv_str(b, &bFirst, "outcome", zOutcome);
  buf_putc(b, '}');
}

/* Inside the write transaction: declaration declId of meeting m as it is
** now, if pUser may change it (write access, the item visible); and
** whether its record may be written now (record_may_write: RECORD_CORRECT
** once the minutes are approved, with zReason). RECORD_REFUSED with the
** errors in e, or with e empty when the user may not (answer 404). */
static enum record_write declaration_writable(struct db *db, const struct user *u, const struct meeting *m,
                                              long long declId, const char *zReason, const char *zToday,
                                              struct declaration *d, struct field_errors *e){
  long long meetingId = 0;
  struct agenda_item it;
  if( !access_can_write(db, u, m->unitId, zToday) || !declaration_get(db, declId, d, &meetingId)
   || meetingId!=m->id || !agenda_get(db, m, d->agendaItemId, &it)
   || (it.bRestricted && !meeting_sees_restricted(db, u, m)) ){
    return RECORD_REFUSED;
  }
  return record_may_write(db, m->id, "interest", zReason, e);
}

/* The end of a change of a declaration: its audit entry (with the reason
** when it is a correction), the correction itself, and the commit. */
static bool declaration_finish(struct db *db, const struct user *u, const struct meeting *m, long long declId,
                               const char *zAction, const char *zOld, const char *zNew,
                               enum record_write w, const char *zReason){
  /* A correction's audit entry keeps its reason too, as the minutes' do. */
  struct buf bAudit = {0};
  if( w==RECORD_CORRECT ){
    bool bFirst = true;
    if( zNew && zNew[0]=='{' && zNew[1]!='}' ){
      buf_append(&bAudit, zNew, strlen(zNew)-1);
      bFirst = false;
    }else{
      buf_putc(&bAudit, '{');
    }
    json_kv_str(&bAudit, &bFirst, "correction_reason", zReason);
    buf_putc(&bAudit, '}');
  }
  bool ok = audit_record(db, u, zAction, "declaration", declId, m->unitId, zOld,
                         w==RECORD_CORRECT ? buf_cstr(&bAudit) : zNew);
  buf_free(&bAudit);
  if( ok && w==RECORD_CORRECT ) ok = record_correction(db, u, m->id, "declaration", declId, zOld, zNew, zReason);
  if( !ok || !db_commit(db) ){ db_rollback(db); return false; }
  return true;
}

long long declaration_update(struct db *db, const struct user *u, const struct meeting *m, long long declId,
                             const char *zInterest, const char *zOutcome, const char *zRegisterKind,
                             const char *zReason, const char *zToday, struct field_errors *e){
  check_text(e, "interest", zInterest, true, "error.interest_required",
             DECLARATION_INTEREST_MAX, "error.too_long_1000", true);
  enum declaration_outcome o = DECL_REMAINED;
  if( !declaration_parse_outcome(zOutcome, &o) ) field_errors_add(e, "outcome", "error.outcome_required");
  enum interest_kind k = INTEREST_PERSONAL;
  if( zRegisterKind && !interest_parse_kind(zRegisterKind, &k) ) field_errors_add(e, "register_kind", "error.interest_kind_required");
  int nInput = e->n;
  if( !db_begin(db) ){ field_errors_add(e, "interest", "error.not_saved"); return 0; }
  struct declaration d;
  int nBefore = e->n;
  enum record_write w = declaration_writable(db, u, m, declId, zReason, zToday, &d, e);
  if( w==RECORD_REFUSED && e->n==nBefore ) return field_errors_refuse_in_tx(db, e, "interest", "error.not_saved");
  if( zRegisterKind && !register_allowed(db, u, d.personId, zToday) ){
    field_errors_add(e, "register", "error.register_not_allowed");
  }
  if( !field_errors_checked_in_tx(db, e, nInput, "interest", "error.not_saved") ) return 0;
  const char *zNewOutcome = declaration_outcome_code(o);
  bool bSame = strcmp(d.zInterest, zInterest)==0 && strcmp(d.zOutcome, zNewOutcome)==0;
  bool ok = true;
  if( !bSame ){
    struct stmt *s = db_prepare(db, "UPDATE declaration SET interest=?, outcome=? WHERE id=?");
    stmt_bind_text(s, 1, zInterest);
    stmt_bind_text(s, 2, zNewOutcome);
    stmt_bind_int(s, 3, declId);
    ok = stmt_exec(s);
  }
  if( ok && zRegisterKind ){
    char zDate[11];
    meeting_date(m, zDate);
    ok = interest_insert(db, u, d.personId, interest_kind_code(k), zInterest, zDate, 0)>0;
  }
  if( ok && bSame ){
    if( !db_commit(db) ){ db_rollback(db); ok = false; }
  }else if( ok ){
    struct buf bOld = {0}, bNew = {0};
    declaration_json(&bOld, &d, d.zInterest, d.zOutcome);
    declaration_json(&bNew, &d, zInterest, zNewOutcome);
    ok = declaration_finish(db, u, m, declId, "update", buf_cstr(&bOld), buf_cstr(&bNew), w, zReason);
    buf_free(&bOld);
    buf_free(&bNew);
  }else{
    db_rollback(db);
  }
  if( !ok ){ field_errors_add(e, "interest", "error.not_saved"); return 0; }
  return declId;
}

long long declaration_withdraw(struct db *db, const struct user *u, const struct meeting *m, long long declId,
                               const char *zReason, const char *zToday, struct field_errors *e){
  if( !db_begin(db) ){ field_errors_add(e, "confirm", "error.not_saved"); return 0; }
  struct declaration d;
  enum record_write w = declaration_writable(db, u, m, declId, zReason, zToday, &d, e);
  if( w==RECORD_REFUSED && e->n==0 ) return field_errors_refuse_in_tx(db, e, "confirm", "error.not_saved");
  if( !field_errors_checked_in_tx(db, e, 0, "confirm", "error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db, "DELETE FROM declaration WHERE id=? RETURNING id");
  stmt_bind_int(s, 1, declId);
  bool ok = stmt_step(s)==1;
  stmt_done(s);
  if( ok ){
    struct buf bOld = {0};
    declaration_json(&bOld, &d, d.zInterest, d.zOutcome);
    ok = declaration_finish(db, u, m, declId, "delete", buf_cstr(&bOld), 0, w, zReason);
    buf_free(&bOld);
  }else{
    db_rollback(db);
  }
  if( !ok ){ field_errors_add(e, "confirm", "error.not_saved"); return 0; }
  return declId;
}

int declarations_made(struct db *db, const struct user *u, long long personId, const char *zToday,
                      declaration_made_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT d.id, d.interest, d.outcome, a.id, a.title, a.standing, a.restricted,"
    "       m.id, m.starts_at, m.title, m.unit_id"
    "  FROM declaration d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id"
    " WHERE d.person_id=? ORDER BY m.starts_at DESC, a.position, d.id");
  stmt_bind_int(s, 1, personId);
  struct declaration_made *p = xmalloc(sizeof *p);
  struct meeting *m = xmalloc(sizeof *m);
  int n = 0;
  while( stmt_step(s)==1 ){
    memset(p, 0, sizeof *p);
    memset(m, 0, sizeof *m);
    m->id = stmt_int(s, 7);
    m->unitId = stmt_int(s, 10);
    text_copy(m->zStartsAt, sizeof m->zStartsAt, stmt_text(s, 8));
    /* Only what the reader may see: the meeting, and a restricted item's
    ** declaration only for those who see restricted items. */
    if( !access_can_read(db, u, m->unitId, zToday) ) continue;
    if( stmt_int(s, 6) && !meeting_sees_restricted(db, u, m) ) continue;
    p->id = stmt_int(s, 0);
    text_copy(p->zInterest, sizeof p->zInterest, stmt_text(s, 1));
    text_copy(p->zOutcome, sizeof p->zOutcome, stmt_text(s, 2));
    p->itemId = stmt_int(s, 3);
    text_copy(p->zItemTitle, sizeof p->zItemTitle, stmt_text(s, 4));
    text_copy(p->zItemStanding, sizeof p->zItemStanding, stmt_text(s, 5));
    p->meetingId = m->id;
    text_copy(p->zMeetingStartsAt, sizeof p->zMeetingStartsAt, m->zStartsAt);
    text_copy(p->zMeetingTitle, sizeof p->zMeetingTitle, stmt_text(s, 9));
    x(pCtx, p);
    n++;
  }
  stmt_done(s);
  free(p);
  free(m);
  return n;
}

/* The fields of a withdrawn declaration's old values. */
struct withdrawn_fields { long long itemId; char zPerson[201]; char zInterest[1001]; char zOutcome[12]; };
static void withdrawn_field(void *pCtx, const char *zKey, const char *zOld, const char *zNew){
  struct withdrawn_fields *w = pCtx;
  (void)zNew;
  if( !zOld ) return;
  if( strcmp(zKey, "agenda_item_id")==0 ) w->itemId = atoll(zOld);
  else if( strcmp(zKey, "person")==0 ) text_copy(w->zPerson, sizeof w->zPerson, zOld);
  else if( strcmp(zKey, "interest")==0 ) text_copy(w->zInterest, sizeof w->zInterest, zOld);
  else if( strcmp(zKey, "outcome")==0 ) text_copy(w->zOutcome, sizeof w->zOutcome, zOld);
}

struct withdrawn_ctx { long long itemId; declaration_withdrawn_cb x; void *pCtx; int n; };
static void withdrawn_correction(void *pCtx, const struct correction *k){
  struct withdrawn_ctx *c = pCtx;
  if( k->zNew || !k->zOld ) return;          /* changed, not withdrawn */
  struct withdrawn_fields w;
  memset(&w, 0, sizeof w);
  if( !audit_diff(k->zOld, 0, withdrawn_field, &w) || w.itemId!=c->itemId ) return;
  c->x(c->pCtx, k->at, k->zReason, w.zPerson, w.zInterest, w.zOutcome);
  c->n++;
}

int declarations_withdrawn(struct db *db, const struct meeting *m, long long itemId,
                           declaration_withdrawn_cb x, void *pCtx){
  struct withdrawn_ctx c = { itemId, x, pCtx, 0 };
  record_corrections(db, m->id, "declaration", 0, withdrawn_correction, &c);
  return c.n;
}
