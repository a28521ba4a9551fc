/* Commitments: the request (see commitment.h); approving, declining and
** cancelling are commitment_decide.c's. */
#include "domain/commitment.h"
#include "domain/domain_write.h"
#include "domain/plan.h"
#include "domain/sfi.h"
#include "util/json.h"
#include "util/money.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool commitment_kind_valid(const char *z){
  return z && (strcmp(z, "order")==0 || strcmp(z, "contract")==0 || strcmp(z, "post")==0);
}

int commitment_months(const char *zStart, const char *zEnd, char aMonth[][8], int nMax){
  if( !text_is_date(zStart) || !text_is_date(zEnd) || strcmp(zEnd, zStart)<0 ) return -1;
  int y = atoi(zStart), m = atoi(zStart+5);
  int y2 = atoi(zEnd), m2 = atoi(zEnd+5);
  int n = (y2-y)*12 + (m2-m) + 1;
  if( n<1 || n>nMax ) return n<1 ? -1 : 0;
  for(int i=0; i<n; i++){
    snprintf(aMonth[i], 8, "%04d-%02d", y, m);
    if( ++m>12 ){ m = 1; y++; }
  }
  return n;
}

void commitment_json(struct buf *b, long long id, long long unitId, const struct commitment_input *in,
                     const char *zEnd, const char *zStatus, const struct sfi_route_result *r,
                     long long decisionId){
  bool f = true;
  buf_putc(b, '{');
  json_kv_int(b, &f, "id", id);
  json_kv_int(b, &f, "unit_id", unitId);
  json_kv_int(b, &f, "allocation_id", in->allocationId);
  if( in->budgetLineId ) json_kv_int(b, &f, "budget_line_id", in->budgetLineId);
  if( in->businessCaseId ) json_kv_int(b, &f, "business_case_id", in->businessCaseId);
  json_kv_str(b, &f, "kind", in->zKind);
  json_kv_str(b, &f, "title", in->zTitle);
  json_kv_str(b, &f, "supplier", in->zSupplier);
  json_kv_int(b, &f, "value_pence", in->valuePence);
  json_kv_str(b, &f, "start_on", in->zStartOn);
  json_kv_str(b, &f, "end_on", zEnd);
  json_kv_str(b, &f, "status", zStatus);
  if( r ){
    json_kv_int(b, &f, "aggregated_pence", r->aggregatedPence);
    json_kv_str(b, &f, "route", r->zRoute);
    json_kv_str(b, &f, "approver_role", r->zApproverRole);
    json_kv_str(b, &f, "rule", r->zRule);
    json_kv_bool(b, &f, "decision_required", r->bDecisionRequired);
  }
  if( decisionId ) json_kv_int(b, &f, "decision_id", decisionId);
  buf_putc(b, '}');
}

long long commitment_request_tx(struct db *db, const struct user *pUser, long long unitId,
                                const struct commitment_input *in, long long decisionId,
                                long long now, const char *zToday, struct field_errors *e){
  (void)zToday;
  const char *zStart = in->zStartOn ? in->zStartOn : "";
  const char *zEndIn = in->zEndOn && in->zEndOn[0] ? in->zEndOn : 0;
  /* what needs no database */
  if( !commitment_kind_valid(in->zKind) ) field_errors_add(e, "kind", "commitment.error.kind");
  domain_check_text(e, "title", in->zTitle, true, COMMITMENT_TITLE_MAX, false,
                    "commitment.error.title_required", "commitment.error.too_long", "commitment.error.text_bad");
  domain_check_text(e, "supplier", in->zSupplier, true, COMMITMENT_TITLE_MAX, false,
                    "commitment.error.supplier_required", "commitment.error.too_long", "commitment.error.text_bad");
  domain_check_text(e, "description", in->zDescription, false, COMMITMENT_TEXT_MAX, true,
                    0, "commitment.error.too_long", "commitment.error.text_bad");
  if( in->valuePence<=0 || in->valuePence>MONEY_MAX_PENCE ) field_errors_add(e, "value", "commitment.error.value");
  bool bDates = true;
  if( !text_is_date(zStart) ){ field_errors_add(e, "start_on", "commitment.error.start_on"); bDates = false; }
  if( zEndIn && !text_is_date(zEndIn) ){ field_errors_add(e, "end_on", "commitment.error.end_on"); bDates = false; }
  const char *zEnd = zEndIn ? zEndIn : zStart;
  bool bOrder = in->zKind && strcmp(in->zKind, "order")==0;
  if( !bOrder && !zEndIn && commitment_kind_valid(in->zKind) ){
    field_errors_add(e, "end_on", "commitment.error.end_on_required");
    bDates = false;
  }
  char aMonth[COMMITMENT_MONTHS_MAX][8];
  int nMonth = 0;
  if( bDates ){
    if( strcmp(zEnd, zStart)<0 ){
      field_errors_add(e, "end_on", "commitment.error.end_before_start");
    }else if( bOrder ){
      snprintf(aMonth[0], 8, "%.7s", zStart);
      nMonth = 1;
    }else{
      nMonth = commitment_months(zStart, zEnd, aMonth, COMMITMENT_MONTHS_MAX);
      if( nMonth<=0 ) field_errors_add(e, "end_on", "commitment.error.too_long_life");
    }
  }
  /* what the database says (inside the caller's transaction) */
  struct stmt *s = db_prepare(db, "SELECT 1 FROM finance_allocation WHERE id=?1 AND unit_id=?2");
  stmt_bind_int(s, 1, in->allocationId);
  stmt_bind_int(s, 2, unitId);
  if( in->allocationId<=0 || !domain_has_row(s) ) field_errors_add(e, "allocation", "commitment.error.allocation");
  if( in->budgetLineId ){
    s = db_prepare(db, "SELECT 1 FROM finance_budget_line WHERE id=?1 AND allocation_id=?2");
    stmt_bind_int(s, 1, in->budgetLineId);
    stmt_bind_int(s, 2, in->allocationId);
    if( !domain_has_row(s) ) field_errors_add(e, "budget_line", "commitment.error.budget_line");
  }
  if( in->businessCaseId ){
    s = db_prepare(db, "SELECT 1 FROM business_case WHERE id=?1 AND unit_id=?2");
    stmt_bind_int(s, 1, in->businessCaseId);
    stmt_bind_int(s, 2, unitId);
    if( !domain_has_row(s) ) field_errors_add(e, "allocation", "commitment.error.business_case");
  }
  if( decisionId ){
    s = db_prepare(db, "SELECT 1 FROM decision WHERE id=?1");
    stmt_bind_int(s, 1, decisionId);
    if( !domain_has_row(s) ) field_errors_add(e, "decision", "commitment.error.decision");
  }
  struct sfi_route_result r;
  char zKey[201];
  sfi_supplier_key(in->zSupplier, zKey, sizeof zKey);
  if( e->n==0 ){
    if( !sfi_route_check(db, unitId, in->valuePence, in->zSupplier, zStart, 0, &r) ){
      field_errors_add(e, "title", "commitment.error.not_saved");
    }else if( r.versionId==0 ){
      field_errors_add(e, "value", "commitment.error.no_rules");
    }else if( !r.zRoute[0] || !r.zApproverRole[0] ){
      field_errors_add(e, "value", "commitment.error.no_approver");
    }
  }
  if( e->n>0 ) return 0;
  char zYear[8];
  plan_year_of_date(zStart, zYear);
  s = db_prepare(db,
    "INSERT INTO finance_commitment(unit_id,allocation_id,budget_line_id,business_case_id,kind,title,supplier,"
    " supplier_key,description,value_pence,start_on,end_on,year,status,requested_by,requested_at,sfi_version_id,"
    " aggregated_pence,route,approver_role,rule,decision_required,decision_id,created_at,updated_at)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,'requested',?14,?15,?16,?17,?18,?19,?20,?21,?22,?15,?15)"
    " RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, in->allocationId);
  if( in->budgetLineId ) stmt_bind_int(s, 3, in->budgetLineId); else stmt_bind_null(s, 3);
  if( in->businessCaseId ) stmt_bind_int(s, 4, in->businessCaseId); else stmt_bind_null(s, 4);
  stmt_bind_text(s, 5, in->zKind);
  stmt_bind_text(s, 6, in->zTitle);
  stmt_bind_text(s, 7, in->zSupplier);
  stmt_bind_text(s, 8, zKey);
  stmt_bind_text(s, 9, in->zDescription ? in->zDescription : "");
  stmt_bind_int(s, 10, in->valuePence);
  stmt_bind_text(s, 11, zStart);
  stmt_bind_text(s, 12, zEnd);
  stmt_bind_text(s, 13, zYear);
  stmt_bind_int(s, 14, pUser->id);
  stmt_bind_int(s, 15, now);
  stmt_bind_int(s, 16, r.versionId);
  stmt_bind_int(s, 17, r.aggregatedPence);
  stmt_bind_text(s, 18, r.zRoute);
  stmt_bind_text(s, 19, r.zApproverRole);
  stmt_bind_text(s, 20, r.zRule);
  stmt_bind_int(s, 21, r.bDecisionRequired ? 1 : 0);
  if( decisionId ) stmt_bind_int(s, 22, decisionId); else stmt_bind_null(s, 22);
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  long long aAmount[COMMITMENT_MONTHS_MAX];
  if( ok ) money_split(in->valuePence, nMonth, aAmount);
  for(int i=0; ok && i<nMonth; i++){
    s = db_prepare(db, "INSERT INTO finance_commitment_month(commitment_id,month,amount_pence) VALUES(?1,?2,?3)");
    stmt_bind_int(s, 1, id);
    stmt_bind_text(s, 2, aMonth[i]);
    stmt_bind_int(s, 3, aAmount[i]);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf b = {0};
    commitment_json(&b, id, unitId, in, zEnd, "requested", &r, decisionId);
    ok = domain_audit(db, pUser, "create", "finance_commitment", id, unitId, 0, &b);
  }
  if( !ok ){
    field_errors_add(e, "title", "commitment.error.not_saved");
    return 0;
  }
  return id;
}
