/*
** The changes to meetings and agendas that tell people, each in one
** transaction with its audit entry and its messages: adding and proposing
** an item, deciding a proposal (the chair and the proposer are told,
** src/domain/notices.c), changing or cancelling a meeting (an updated or
** cancelled invitation, src/domain/circulate.c). Declared in meeting.h
** with the rest of a meeting's rules; here, above both meeting.c and the
** messages, so that neither calls the other back.
*/
#include "domain/meeting.h"
#include "domain/meeting_internal.h"
#include "domain/audit.h"
#include "domain/circulate.h"
#include "domain/notices.h"
#include "domain/paper.h"
#include "domain/record.h"
#include "util/json.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *nz(const char *z){ return text_blank(z) ? 0 : z; }

/* An item added by the chair (bByChair) or proposed by a member, with
** what a proposal carries (pAttach, may be NULL): agenda_add and
** agenda_propose_with. */
static long long agenda_insert(struct db *db, const struct user *u, const struct meeting *m,
                               const struct agenda_input *in, bool bByChair,
                               const struct agenda_attachment *pAttach, const char *zToday,
                               struct field_errors *e){
  bool bWrite = access_can_write(db, u, m->unitId, zToday);
  if( bByChair ? !bWrite : !meeting_may_propose(db, u, m, zToday) ) return -1;
  char zDate[11];
  snprintf(zDate, sizeof zDate, "%.10s", m->zStartsAt);
  meeting_check_text(e, "title", in->zTitle, true, "error.item_title_required", 200);
  if( !bByChair && text_blank(in->zDescription) ) field_errors_add(e, "description", "error.description_required");
  else if( !text_blank(in->zDescription) ){
    if( strlen(in->zDescription)>2000 ) field_errors_add(e, "description", "error.too_long_2000");
    else if( !text_is_clean_utf8(in->zDescription, true) ) field_errors_add(e, "description", "error.bad_characters");
  }
  enum agenda_purpose purpose = PURPOSE_INFORMATION;
  if( !agenda_parse_purpose(in->zPurpose, &purpose) ) field_errors_add(e, "purpose", "error.purpose_required");
  long long nMinutes = 0;
  if( !text_to_int(in->zDuration, 1, 480, &nMinutes) ) field_errors_add(e, "duration", "error.duration_invalid");
  long long leadId = 0;
  if( !text_blank(in->zLeadPersonId) ){
    if( !text_to_int(in->zLeadPersonId, 1, (long long)1<<53, &leadId)
     || !member_on_date(db, m->unitId, leadId, zDate) ){
      field_errors_add(e, "lead", "error.lead_not_member");
    }
  }
  if( strcmp(m->zStatus, "cancelled")==0 ) field_errors_add(e, "title", "error.meeting_cancelled");
  bool bRestricted = in->zRestricted && strcmp(in->zRestricted, "1")==0;
  if( !bByChair ){
    /* Only the chair marks an item restricted (it hides the item from
    ** the health board and national readers). */
    if( bRestricted ) field_errors_add(e, "restricted", "error.proposal_restricted");
    /* A proposal is taken while the call for items is open. */
    char zNow[17], zCloses[17];
    text_local_now(zNow);
    if( !meeting_call_open(m, zNow, zCloses) && strcmp(m->zStatus, "cancelled")!=0 ){
      field_errors_add(e, "title", strcmp(m->zStatus, "held")==0 || strcmp(m->zStartsAt, zNow)<=0
                                   ? "error.proposal_meeting_held" : "error.proposal_deadline_passed");
    }
    if( pAttach && pAttach->xCheck ) pAttach->xCheck(pAttach->pCtx, e);
  }
  if( e->n ) return 0;
  if( !db_begin(db) ){ field_errors_add(e, "title", "error.not_saved"); return 0; }
  /* New items go before "any other business". */
  struct stmt *s = db_prepare(db,
    "SELECT COALESCE(MAX(position),0) FROM agenda_item WHERE meeting_id=? AND COALESCE(standing,'')<>'aob'");
  stmt_bind_int(s, 1, m->id);
  int pos = stmt_step(s)==1 ? (int)stmt_int(s, 0)+1 : 1;
  stmt_done(s);
  s = db_prepare(db, "UPDATE agenda_item SET position=position+1 WHERE meeting_id=? AND position>=?");
  stmt_bind_int(s, 1, m->id);
  stmt_bind_int(s, 2, pos);
  bool ok = stmt_exec(s);
  long long id = 0;
  long long proposer = bByChair ? 0 : meeting_user_person(db, u);
  if( ok ) ok = meeting_insert_item(db, m->id, pos, in->zTitle, agenda_purpose_code(purpose), leadId,
                            (int)nMinutes, 0, bByChair ? "accepted" : "proposed", proposer, bRestricted,
                            nz(in->zDescription), bByChair ? 0 : u->id, &id);
  if( ok ){
    struct buf b = {0};
    bool bFirst = true;
    buf_putc(&b, '{');
    json_kv_str(&b, &bFirst, "title", in->zTitle);
    if( nz(in->zDescription) ) json_kv_str(&b, &bFirst, "description", in->zDescription);
    json_kv_str(&b, &bFirst, "purpose", agenda_purpose_code(purpose));
    json_kv_int(&b, &bFirst, "duration_minutes", nMinutes);
    json_kv_int(&b, &bFirst, "lead_person_id", leadId);
    json_kv_str(&b, &bFirst, "status", bByChair ? "accepted" : "proposed");
    buf_putc(&b, '}');
    ok = audit_record(db, u, "create", "agenda_item", id, m->unitId, 0, buf_cstr(&b));
    buf_free(&b);
  }
  if( ok && !bByChair && pAttach && pAttach->xAttach ) ok = pAttach->xAttach(pAttach->pCtx, db, u, m, id);
  /* The chair is told of a member's proposal. */
  if( ok && !bByChair ) ok = notices_proposal_chair(db, u, m, id, in, zToday);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "title", "error.not_saved");
    return 0;
  }
  return id;
}

long long agenda_add(struct db *db, const struct user *u, const struct meeting *m,
                     const struct agenda_input *in, bool bByChair, const char *zToday,
                     struct field_errors *e){
  return agenda_insert(db, u, m, in, bByChair, 0, zToday, e);
}

long long agenda_propose_with(struct db *db, const struct user *u, const struct meeting *m,
                              const struct agenda_input *in, const struct agenda_attachment *pAttach,
                              const char *zToday, struct field_errors *e){
  return agenda_insert(db, u, m, in, false, pAttach, zToday, e);
}


int agenda_decide(struct db *db, const struct user *u, const struct meeting *m, long long itemId,
                  bool bAccept, const char *zReason, const char *zToday, struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return -1;
  struct agenda_item it;
  if( !agenda_get(db, m, itemId, &it) || strcmp(it.zStatus, "proposed")!=0 ) return -1;
  if( !bAccept ){
    if( text_blank(zReason) ) field_errors_add(e, "reason", "error.decline_reason_required");
    else if( strlen(zReason)>1000 ) field_errors_add(e, "reason", "error.too_long_1000");
    else if( !text_is_clean_utf8(zReason, true) ) field_errors_add(e, "reason", "error.bad_characters");
  }
  if( e->n ) return 0;
  if( !db_begin(db) ){ field_errors_add(e, "reason", "error.not_saved"); return 0; }
  /* Decided once: a second decision finds it no longer proposed. */
  struct stmt *s = db_prepare(db,
    "UPDATE agenda_item SET status=?, decline_reason=?, updated_at=? WHERE id=? AND status='proposed'"
    " RETURNING id");
  stmt_bind_text(s, 1, bAccept ? "accepted" : "declined");
  if( bAccept ) stmt_bind_null(s, 2); else stmt_bind_text(s, 2, zReason);
  stmt_bind_int(s, 3, (long long)time(0));
  stmt_bind_int(s, 4, itemId);
  int rc = stmt_step(s);
  stmt_done(s);
  if( rc==0 ){ db_rollback(db); return -1; }
  bool ok = rc==1;
  if( ok ){
    struct buf bNew = {0};
    bool bFirst = true;
    buf_putc(&bNew, '{');
    json_kv_str(&bNew, &bFirst, "status", bAccept ? "accepted" : "declined");
    if( !bAccept ) json_kv_str(&bNew, &bFirst, "decline_reason", zReason);
    buf_putc(&bNew, '}');
    ok = audit_record(db, u, "update", "agenda_item", itemId, m->unitId, "{\"status\":\"proposed\"}", buf_cstr(&bNew));
    buf_free(&bNew);
  }
  /* The proposer is told what became of it. */
  if( ok ) ok = notices_proposal_decided(db, u, m, &it, bAccept, zReason);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "reason", "error.not_saved");
    return 0;
  }
  return 1;
}


static void meeting_json(struct buf *b, const char *zTitle, const char *zStarts, const char *zEnds,
                         const char *zLocation, const char *zLink){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "title", zTitle);
  json_kv_str(b, &bFirst, "starts_at", zStarts);
  json_kv_str(b, &bFirst, "ends_at", zEnds);
  json_kv_str(b, &bFirst, "location", zLocation ? zLocation : "");
  json_kv_str(b, &bFirst, "online_link", zLink ? zLink : "");
  buf_putc(b, '}');
}

long long meeting_update(struct db *db, const struct user *u, const struct meeting *m,
                         const struct meeting_input *in, const char *zNow, const char *zToday,
                         struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return -1;
  char zStarts[17], zEnds[17];
  bool bOverlapCheck = meeting_validate(in, zNow, e, zStarts, zEnds);
  int nInput = e->n;
  if( !db_begin(db) ){ field_errors_add(e, "title", "error.not_saved"); return 0; }
  /* Read again inside the transaction: what is changed is what is there. */
  struct meeting old;
  if( !meeting_load(db, m->id, &old) ) return field_errors_refuse_in_tx(db, e, "title", "error.not_saved");
  meeting_still_ahead(db, &old, "date", "error.meeting_started_move", e);
  /* The call for items closes before the meeting starts. */
  if( bOverlapCheck && old.zItemsDeadline[0] && strcmp(old.zItemsDeadline, zStarts)>=0 ){
    field_errors_add(e, "date", "error.meeting_before_deadline");
  }
  if( bOverlapCheck ) meeting_check_overlap(db, old.unitId, old.id, zStarts, zEnds, e);
  if( !field_errors_checked_in_tx(db, e, nInput, "title", "error.not_saved") ) return 0;
  const char *zLocation = nz(in->zLocation) ? in->zLocation : "";
  const char *zLink = nz(in->zOnlineLink) ? in->zOnlineLink : "";
  if( strcmp(old.zTitle, in->zTitle)==0 && strcmp(old.zStartsAt, zStarts)==0 && strcmp(old.zEndsAt, zEnds)==0
   && strcmp(old.zLocation, zLocation)==0 && strcmp(old.zOnlineLink, zLink)==0 ){
    db_rollback(db);
    return m->id;              /* nothing to change */
  }
  struct stmt *s = db_prepare(db,
    "UPDATE meeting SET title=?, starts_at=?, ends_at=?, location=?, online_link=?, updated_at=? WHERE id=?");
  stmt_bind_text(s, 1, in->zTitle);
  stmt_bind_text(s, 2, zStarts);
  stmt_bind_text(s, 3, zEnds);
  stmt_bind_text(s, 4, nz(in->zLocation));
  stmt_bind_text(s, 5, nz(in->zOnlineLink));
  stmt_bind_int(s, 6, (long long)time(0));
  stmt_bind_int(s, 7, m->id);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    meeting_json(&bOld, old.zTitle, old.zStartsAt, old.zEndsAt, old.zLocation, old.zOnlineLink);
    meeting_json(&bNew, in->zTitle, zStarts, zEnds, zLocation, zLink);
    ok = audit_record(db, u, "update", "meeting", m->id, m->unitId, buf_cstr(&bOld), buf_cstr(&bNew));
    buf_free(&bOld);
    buf_free(&bNew);
  }
  /* Those invited to it get the change, in this transaction (after the
  ** audit entry, which its SEQUENCE counts). */
  if( ok ) ok = circulate_meeting_changed(db, u, &old);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "title", "error.not_saved");
    return 0;
  }
  return m->id;
}

long long meeting_cancel(struct db *db, const struct user *u, const struct meeting *m,
                         const char *zReason, const char *zToday, struct field_errors *e){
  if( !access_can_write(db, u, m->unitId, zToday) ) return -1;
  if( text_blank(zReason) ) field_errors_add(e, "reason", "error.cancel_reason_required");
  else if( strlen(zReason)>MEETING_CANCEL_REASON_MAX ) field_errors_add(e, "reason", "error.too_long_1000");
  else if( !text_is_clean_utf8(zReason, true) ) field_errors_add(e, "reason", "error.bad_characters");
  int nInput = e->n;
  if( !db_begin(db) ){ field_errors_add(e, "reason", "error.not_saved"); return 0; }
  meeting_still_ahead(db, m, "reason", "error.meeting_started_cancel", e);
  if( !field_errors_checked_in_tx(db, e, nInput, "reason", "error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db,
    "UPDATE meeting SET status='cancelled', cancel_reason=?, updated_at=? WHERE id=? AND status='scheduled'"
    " RETURNING id");
  stmt_bind_text(s, 1, zReason);
  stmt_bind_int(s, 2, (long long)time(0));
  stmt_bind_int(s, 3, m->id);
  bool ok = stmt_step(s)==1;
  stmt_done(s);
  if( ok ){
    struct buf bNew = {0};
    bool bFirst = true;
    buf_putc(&bNew, '{');
    json_kv_str(&bNew, &bFirst, "status", "cancelled");
    json_kv_str(&bNew, &bFirst, "cancel_reason", zReason);
    buf_putc(&bNew, '}');
    ok = audit_record(db, u, "update", "meeting", m->id, m->unitId, "{\"status\":\"scheduled\"}", buf_cstr(&bNew));
    buf_free(&bNew);
  }
  /* Those invited to it are told, in this transaction (after the audit
  ** entry, which its SEQUENCE counts). */
  if( ok ) ok = circulate_meeting_cancelled(db, u, m->id, zReason);
  if( !ok || !db_commit(db) ){
    db_rollback(db);
    field_errors_add(e, "reason", "error.not_saved");
    return 0;
  }
  return m->id;
}

/* ---- a proposal's paper ------------------------------------------------ */

struct proposal_paper {
  const struct agenda_paper *pPaper;
  const char *zType;                 /* set by the check when it passed */
  char zName[PAPER_MAX_NAME+1];
};
static void proposal_paper_check(void *pCtx, struct field_errors *e){
  struct proposal_paper *c = pCtx;
  c->zType = paper_validate(c->pPaper->zFilename, c->pPaper->p, c->pPaper->n, c->zName, e);
}
static bool proposal_paper_attach(void *pCtx, struct db *db, const struct user *u, const struct meeting *m,
                                  long long itemId){
  struct proposal_paper *c = pCtx;
  return c->zType && paper_insert(db, u, m, itemId, c->zName, c->zType, c->pPaper->p, c->pPaper->n)>0;
}

long long agenda_propose(struct db *db, const struct user *u, const struct meeting *m,
                         const struct agenda_input *in, const struct agenda_paper *pPaper,
                         const char *zToday, struct field_errors *e){
  if( !pPaper || !pPaper->n ) return agenda_propose_with(db, u, m, in, 0, zToday, e);
  struct proposal_paper c = { pPaper, 0, {0} };
  struct agenda_attachment att = { proposal_paper_check, proposal_paper_attach, &c };
  return agenda_propose_with(db, u, m, in, &att, zToday, e);
}
