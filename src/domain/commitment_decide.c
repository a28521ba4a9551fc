/* Commitments after the request: reading one, approving (the route
** checked again), declining and cancelling (see commitment.h). */
#include "domain/unit.h"
#include "domain/commitment.h"
#include "domain/domain_write.h"
#include "domain/sfi.h"
#include "util/json.h"
#include <stdio.h>
#include <string.h>

bool commitment_get(struct db *db, long long id, struct commitment *p){
  memset(p, 0, sizeof *p);
  struct stmt *s = db_prepare(db,
    "SELECT c.id, c.unit_id, c.allocation_id, COALESCE(c.budget_line_id,0), COALESCE(c.business_case_id,0),"
    " a.stream, c.kind, c.title, c.supplier, c.description, c.value_pence, c.start_on, c.end_on, c.year,"
    " c.status, c.requested_by, ru.name, c.requested_at, COALESCE(c.sfi_version_id,0), c.aggregated_pence,"
    " c.route, c.approver_role, c.rule, c.decision_required, COALESCE(c.decision_id,0),"
    " COALESCE(c.approved_by,0), COALESCE(au.name,''), COALESCE(c.approved_at,0), c.declined_reason, c.demo"
    " FROM finance_commitment c JOIN finance_allocation a ON a.id=c.allocation_id"
    " JOIN app_user ru ON ru.id=c.requested_by LEFT JOIN app_user au ON au.id=c.approved_by"
    " WHERE c.id=?1");
  stmt_bind_int(s, 1, id);
  if( stmt_step(s)!=1 ){ stmt_done(s); return false; }
  p->id = stmt_int(s, 0);
  p->unitId = stmt_int(s, 1);
  p->allocationId = stmt_int(s, 2);
  p->budgetLineId = stmt_int(s, 3);
  p->businessCaseId = stmt_int(s, 4);
  snprintf(p->zStream, sizeof p->zStream, "%s", stmt_text(s, 5));
  snprintf(p->zKind, sizeof p->zKind, "%s", stmt_text(s, 6));
  snprintf(p->zTitle, sizeof p->zTitle, "%s", stmt_text(s, 7));
  snprintf(p->zSupplier, sizeof p->zSupplier, "%s", stmt_text(s, 8));
  snprintf(p->zDescription, sizeof p->zDescription, "%s", stmt_text(s, 9));
  p->valuePence = stmt_int(s, 10);
  snprintf(p->zStartOn, sizeof p->zStartOn, "%s", stmt_text(s, 11));
  snprintf(p->zEndOn, sizeof p->zEndOn, "%s", stmt_text(s, 12));
  snprintf(p->zYear, sizeof p->zYear, "%s", stmt_text(s, 13));
  snprintf(p->zStatus, sizeof p->zStatus, "%s", stmt_text(s, 14));
  p->requestedBy = stmt_int(s, 15);
  snprintf(p->zRequestedByName, sizeof p->zRequestedByName, "%s", stmt_text(s, 16));
  p->requestedAt = stmt_int(s, 17);
  p->sfiVersionId = stmt_int(s, 18);
  p->aggregatedPence = stmt_int(s, 19);
  snprintf(p->zRoute, sizeof p->zRoute, "%s", stmt_text(s, 20));
  snprintf(p->zApproverRole, sizeof p->zApproverRole, "%s", stmt_text(s, 21));
  snprintf(p->zRule, sizeof p->zRule, "%s", stmt_text(s, 22));
  p->bDecisionRequired = stmt_int(s, 23)!=0;
  p->decisionId = stmt_int(s, 24);
  p->approvedBy = stmt_int(s, 25);
  snprintf(p->zApprovedByName, sizeof p->zApprovedByName, "%s", stmt_text(s, 26));
  p->approvedAt = stmt_int(s, 27);
  snprintf(p->zDeclinedReason, sizeof p->zDeclinedReason, "%s", stmt_text(s, 28));
  p->bDemo = stmt_int(s, 29)!=0;
  stmt_done(s);
  return true;
}

static const char *role_why_key(const char *zRole){
  if( strcmp(zRole, "cluster_lead")==0 ) return "commitment.why.cluster_lead";
  if( strcmp(zRole, "pcpg_signatory")==0 ) return "commitment.why.pcpg_signatory";
  if( strcmp(zRole, "hb_officer")==0 ) return "commitment.why.hb_officer";
  return "commitment.why.nobody";
}

const char *commitment_why_not(struct db *db, const struct user *pUser, const struct commitment *c,
                               const char *zToday){
  if( strcmp(c->zStatus, "requested")!=0 ) return "commitment.why.not_requested";
  if( pUser->id==c->requestedBy ) return "commitment.why.requester";
  if( !sfi_may_approve(db, pUser, c->unitId, c->zApproverRole, zToday) ) return role_why_key(c->zApproverRole);
  return 0;
}

static void state_json(struct buf *b, const struct commitment *c){
  bool f = true;
  buf_putc(b, '{');
  json_kv_int(b, &f, "id", c->id);
  json_kv_str(b, &f, "status", c->zStatus);
  json_kv_int(b, &f, "value_pence", c->valuePence);
  json_kv_int(b, &f, "aggregated_pence", c->aggregatedPence);
  json_kv_str(b, &f, "route", c->zRoute);
  json_kv_str(b, &f, "approver_role", c->zApproverRole);
  json_kv_str(b, &f, "rule", c->zRule);
  json_kv_bool(b, &f, "decision_required", c->bDecisionRequired);
  if( c->decisionId ) json_kv_int(b, &f, "decision_id", c->decisionId);
  if( c->approvedBy ) json_kv_int(b, &f, "approved_by", c->approvedBy);
  if( c->zDeclinedReason[0] ) json_kv_str(b, &f, "declined_reason", c->zDeclinedReason);
  buf_putc(b, '}');
}

/* Load the commitment inside the transaction; -1 if it is gone. */
static int load_tx(struct db *db, long long id, struct commitment *c, struct field_errors *e,
                   const char *zField){
  if( !commitment_get(db, id, c) ) return field_errors_refuse_in_tx(db, e, zField, "commitment.error.not_saved");
  return 1;
}

int commitment_approve(struct db *db, const struct user *pUser, long long id, long long decisionId,
                       long long now, const char *zToday, struct field_errors *e){
  if( !domain_begin(db, e, "decision", "commitment.error.not_saved") ) return 0;
  struct commitment c;
  int k = load_tx(db, id, &c, e, "decision");
  if( k<=0 ) return k;
  if( !access_can_read(db, pUser, c.unitId, zToday) ) return field_errors_refuse_in_tx(db, e, "decision", "commitment.error.not_saved");
  struct buf bOld = {0};
  state_json(&bOld, &c);
  /* the route again, on today's rules and totals */
  struct sfi_route_result rr;
  const char *zWhy = 0;
  if( strcmp(c.zStatus, "requested")!=0 ) zWhy = "commitment.why.not_requested";
  else if( pUser->id==c.requestedBy ) zWhy = "commitment.why.requester";
  else if( !sfi_route_check(db, c.unitId, c.valuePence, c.zSupplier, c.zStartOn, c.id, &rr) ){
    zWhy = "commitment.error.not_saved";
  }else if( !rr.zRoute[0] || !rr.zApproverRole[0] ){
    zWhy = "commitment.error.no_approver";
  }else if( !sfi_may_approve(db, pUser, c.unitId, rr.zApproverRole, zToday) ){
    zWhy = strcmp(rr.zApproverRole, c.zApproverRole)!=0 ? "commitment.why.changed" : role_why_key(rr.zApproverRole);
  }
  if( zWhy ) field_errors_add(e, "decision", zWhy);
  if( !zWhy && rr.bDecisionRequired ){
    long long pcpg = unit_above(db, c.unitId, "pcpg", zToday);
    struct stmt *s = db_prepare(db,
      "SELECT 1 FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id"
      " WHERE d.id=?1 AND m.unit_id=?2 AND a.restricted=0");
    stmt_bind_int(s, 1, decisionId);
    stmt_bind_int(s, 2, pcpg);
    if( decisionId<=0 ) field_errors_add(e, "decision", "commitment.error.decision_required");
    else if( !domain_has_row(s) ) field_errors_add(e, "decision", "commitment.error.decision");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "decision", "commitment.error.not_saved") ){ buf_free(&bOld); return 0; }
  struct stmt *s = db_prepare(db,
    "UPDATE finance_commitment SET status='committed', approved_by=?2, approved_at=?3, sfi_version_id=?4,"
    " aggregated_pence=?5, route=?6, approver_role=?7, rule=?8, decision_required=?9,"
    " decision_id=COALESCE(?10, decision_id), updated_at=?3 WHERE id=?1 AND status='requested'");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, pUser->id);
  stmt_bind_int(s, 3, now);
  stmt_bind_int(s, 4, rr.versionId);
  stmt_bind_int(s, 5, rr.aggregatedPence);
  stmt_bind_text(s, 6, rr.zRoute);
  stmt_bind_text(s, 7, rr.zApproverRole);
  stmt_bind_text(s, 8, rr.zRule);
  stmt_bind_int(s, 9, rr.bDecisionRequired ? 1 : 0);
  if( rr.bDecisionRequired && decisionId>0 ) stmt_bind_int(s, 10, decisionId); else stmt_bind_null(s, 10);
  bool ok = stmt_exec(s) && commitment_get(db, id, &c);
  if( ok ){
    struct buf bNew = {0};
    state_json(&bNew, &c);
    ok = domain_audit(db, pUser, "update", "finance_commitment", id, c.unitId, &bOld, &bNew);
  }else{
    buf_free(&bOld);
  }
  return domain_commit(db, ok, e, "decision", "commitment.error.not_saved") ? 1 : 0;
}

int commitment_decline(struct db *db, const struct user *pUser, long long id, const char *zReason,
                       long long now, const char *zToday, struct field_errors *e){
  domain_check_text(e, "reason", zReason, true, COMMITMENT_TEXT_MAX, true,
                    "commitment.error.reason_required", "commitment.error.too_long", "commitment.error.text_bad");
  int nKeep = e->n;
  if( !domain_begin(db, e, "reason", "commitment.error.not_saved") ) return 0;
  struct commitment c;
  int k = load_tx(db, id, &c, e, "reason");
  if( k<=0 ) return k;
  if( !access_can_read(db, pUser, c.unitId, zToday) ) return field_errors_refuse_in_tx(db, e, "reason", "commitment.error.not_saved");
  const char *zWhy = commitment_why_not(db, pUser, &c, zToday);
  if( zWhy ) field_errors_add(e, "reason", zWhy);
  if( !field_errors_checked_in_tx(db, e, nKeep, "reason", "commitment.error.not_saved") ) return 0;
  struct buf bOld = {0};
  state_json(&bOld, &c);
  struct stmt *s = db_prepare(db,
    "UPDATE finance_commitment SET status='declined', declined_reason=?2, updated_at=?3 WHERE id=?1");
  stmt_bind_int(s, 1, id);
  stmt_bind_text(s, 2, zReason);
  stmt_bind_int(s, 3, now);
  bool ok = stmt_exec(s) && commitment_get(db, id, &c);
  if( ok ){
    struct buf bNew = {0};
    state_json(&bNew, &c);
    ok = domain_audit(db, pUser, "update", "finance_commitment", id, c.unitId, &bOld, &bNew);
  }else{
    buf_free(&bOld);
  }
  return domain_commit(db, ok, e, "reason", "commitment.error.not_saved") ? 1 : 0;
}

int commitment_cancel(struct db *db, const struct user *pUser, long long id, long long now,
                      const char *zToday, struct field_errors *e){
  if( !domain_begin(db, e, "cancel", "commitment.error.not_saved") ) return 0;
  struct commitment c;
  int k = load_tx(db, id, &c, e, "cancel");
  if( k<=0 ) return k;
  if( !access_can_write(db, pUser, c.unitId, zToday) ) return field_errors_refuse_in_tx(db, e, "cancel", "commitment.error.not_saved");
  if( strcmp(c.zStatus, "requested")!=0 && strcmp(c.zStatus, "committed")!=0 ){
    field_errors_add(e, "cancel", "commitment.error.not_open");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "cancel", "commitment.error.not_saved") ) return 0;
  struct buf bOld = {0};
  state_json(&bOld, &c);
  struct stmt *s = db_prepare(db, "UPDATE finance_commitment SET status='cancelled', updated_at=?2 WHERE id=?1");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, now);
  bool ok = stmt_exec(s) && commitment_get(db, id, &c);
  if( ok ){
    struct buf bNew = {0};
    state_json(&bNew, &c);
    ok = domain_audit(db, pUser, "update", "finance_commitment", id, c.unitId, &bOld, &bNew);
  }else{
    buf_free(&bOld);
  }
  return domain_commit(db, ok, e, "cancel", "commitment.error.not_saved") ? 1 : 0;
}
