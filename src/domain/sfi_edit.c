/* Changing a health board's Standing Financial Instructions: a new
** version from an old one, a version's bands and delegation, and its
** authorised signatories and officers (see sfi.h). */
#include "domain/sfi.h"
#include "domain/domain_write.h"
#include "util/json.h"
#include "util/money.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>

bool sfi_version_used(struct db *db, long long versionId){
  struct stmt *s = db_prepare(db, "SELECT 1 FROM finance_commitment WHERE sfi_version_id=?1 LIMIT 1");
  stmt_bind_int(s, 1, versionId);
  return domain_has_row(s);
}

/* The board of version id, 0 when none. */
static long long version_board(struct db *db, long long id){
  struct stmt *s = db_prepare(db, "SELECT unit_id FROM sfi_version WHERE id=?1");
  stmt_bind_int(s, 1, id);
  return domain_first_int(s, 0);
}

static void version_json(struct db *db, long long id, struct buf *b){
  struct stmt *s = db_prepare(db,
    "SELECT title, effective_from, example, decision_over_pence FROM sfi_version WHERE id=?1");
  stmt_bind_int(s, 1, id);
  bool f = true;
  buf_putc(b, '{');
  json_kv_int(b, &f, "id", id);
  if( stmt_step(s)==1 ){
    json_kv_str(b, &f, "title", stmt_text(s, 0));
    json_kv_str(b, &f, "effective_from", stmt_text(s, 1));
    json_kv_bool(b, &f, "example", stmt_int(s, 2)!=0);
    if( stmt_is_null(s, 3) ) json_kv_null(b, &f, "decision_over_pence");
    else json_kv_int(b, &f, "decision_over_pence", stmt_int(s, 3));
  }
  stmt_done(s);
  struct sfi_band_row aB[SFI_BANDS_MAX];
  struct sfi_deleg_row aD[4];
  int nB = sfi_bands_read(db, id, aB, SFI_BANDS_MAX), nD = sfi_delegation_read(db, id, aD, 4);
  json_key(b, &f, "bands");
  buf_putc(b, '[');
  for(int i=0; i<nB; i++){
    bool g = true;
    if( i ) buf_putc(b, ',');
    buf_putc(b, '{');
    json_kv_int(b, &g, "min_pence", aB[i].minPence);
    if( aB[i].maxPence<0 ) json_kv_null(b, &g, "max_pence"); else json_kv_int(b, &g, "max_pence", aB[i].maxPence);
    json_kv_str(b, &g, "route", aB[i].zRoute);
    json_kv_str(b, &g, "rule_ref", aB[i].zRuleRef);
    buf_putc(b, '}');
  }
  buf_putc(b, ']');
  json_key(b, &f, "delegation");
  buf_putc(b, '[');
  for(int i=0; i<nD; i++){
    bool g = true;
    if( i ) buf_putc(b, ',');
    buf_putc(b, '{');
    json_kv_str(b, &g, "approver_role", aD[i].zRole);
    json_kv_int(b, &g, "max_pence", aD[i].maxPence);
    json_kv_str(b, &g, "rule_ref", aD[i].zRuleRef);
    buf_putc(b, '}');
  }
  buf_putc(b, ']');
  buf_putc(b, '}');
}

long long sfi_version_copy(struct db *db, const struct user *u, long long versionId, const char *zFrom,
                           long long now, const char *zToday, struct field_errors *e){
  if( !zFrom || !text_is_date(zFrom) ) field_errors_add(e, "effective_from", "sfi.error.effective_from");
  int nKeep = e->n;
  if( !domain_begin(db, e, "effective_from", "sfi.error.not_saved") ) return 0;
  long long hb = version_board(db, versionId);
  if( !hb || !access_can_write(db, u, hb, zToday) ) return field_errors_refuse_in_tx(db, e, "effective_from", "sfi.error.not_saved");
  if( e->n==0 ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM sfi_version WHERE unit_id=?1 AND effective_from=?2");
    stmt_bind_int(s, 1, hb);
    stmt_bind_text(s, 2, zFrom);
    if( domain_has_row(s) ) field_errors_add(e, "effective_from", "sfi.error.effective_from_taken");
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "effective_from", "sfi.error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db,
    "INSERT INTO sfi_version(unit_id,title,effective_from,example,decision_over_pence,notes,created_by,created_at,updated_at)"
    " SELECT unit_id,title,?2,example,decision_over_pence,notes,?3,?4,?4 FROM sfi_version WHERE id=?1 RETURNING id");
  stmt_bind_int(s, 1, versionId);
  stmt_bind_text(s, 2, zFrom);
  stmt_bind_int(s, 3, u->id);
  stmt_bind_int(s, 4, now);
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    s = db_prepare(db,
      "INSERT INTO sfi_band(version_id,min_pence,max_pence,route,rule_ref,note,sort_order)"
      " SELECT ?2,min_pence,max_pence,route,rule_ref,note,sort_order FROM sfi_band WHERE version_id=?1");
    stmt_bind_int(s, 1, versionId);
    stmt_bind_int(s, 2, id);
    ok = stmt_exec(s);
  }
  if( ok ){
    s = db_prepare(db,
      "INSERT INTO sfi_delegation(version_id,approver_role,max_pence,rule_ref)"
      " SELECT ?2,approver_role,max_pence,rule_ref FROM sfi_delegation WHERE version_id=?1");
    stmt_bind_int(s, 1, versionId);
    stmt_bind_int(s, 2, id);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf b = {0};
    version_json(db, id, &b);
    ok = domain_audit(db, u, "create", "sfi_version", id, hb, 0, &b);
  }
  return domain_commit(db, ok, e, "effective_from", "sfi.error.not_saved") ? id : 0;
}

static const char *const azRole[3] = {"cluster_lead", "pcpg_signatory", "hb_officer"};
static const char *const azDelegField[3] = {"delegation-cluster_lead", "delegation-pcpg_signatory", "delegation-hb_officer"};
static const char *const azBandField[SFI_FORM_BANDS][3] = {
  {"band-1-min", "band-1-max", "band-1-route"}, {"band-2-min", "band-2-max", "band-2-route"},
  {"band-3-min", "band-3-max", "band-3-route"}, {"band-4-min", "band-4-max", "band-4-route"},
  {"band-5-min", "band-5-max", "band-5-route"}, {"band-6-min", "band-6-max", "band-6-route"},
};

int sfi_version_update(struct db *db, const struct user *u, long long versionId,
                       const struct sfi_version_input *in, long long now, const char *zToday,
                       struct field_errors *e){
  domain_check_text(e, "title", in->zTitle, true, 200, false, "sfi.error.title_required", "sfi.error.too_long", "sfi.error.text_bad");
  if( !in->zEffectiveFrom || !text_is_date(in->zEffectiveFrom) ) field_errors_add(e, "effective_from", "sfi.error.effective_from");
  long long decisionOver = -1;
  if( !text_blank(in->zDecisionOver) && (!money_parse(in->zDecisionOver, &decisionOver) || decisionOver<0) ){
    field_errors_add(e, "decision_over", "sfi.error.money");
  }
  domain_check_text(e, "notes", in->zNotes, false, 4000, true, 0, "sfi.error.too_long", "sfi.error.text_bad");
  struct sfi_band_row aB[SFI_FORM_BANDS];
  int aBandRow[SFI_FORM_BANDS];
  int nB = 0;
  for(int i=0; i<SFI_FORM_BANDS; i++){
    const char *zRoute = in->aBand[i].zRoute;
    bool bBlank = text_blank(zRoute) && text_blank(in->aBand[i].zMin) && text_blank(in->aBand[i].zMax);
    if( bBlank ) continue;
    struct sfi_band_row *b = &aB[nB];
    memset(b, 0, sizeof *b);
    if( !sfi_route_valid(zRoute) ){ field_errors_add(e, azBandField[i][2], "sfi.error.band_route"); continue; }
    snprintf(b->zRoute, sizeof b->zRoute, "%s", zRoute);
    if( !money_parse(in->aBand[i].zMin ? in->aBand[i].zMin : "", &b->minPence) || b->minPence<0 ){
      field_errors_add(e, azBandField[i][0], "sfi.error.band_min");
      continue;
    }
    if( text_blank(in->aBand[i].zMax) ) b->maxPence = -1;
    else if( !money_parse(in->aBand[i].zMax, &b->maxPence) || b->maxPence<0 ){
      field_errors_add(e, azBandField[i][1], "sfi.error.band_max");
      continue;
    }
    snprintf(b->zRuleRef, sizeof b->zRuleRef, "%s", in->aBand[i].zRuleRef ? in->aBand[i].zRuleRef : "");
    snprintf(b->zNote, sizeof b->zNote, "%s", in->aBand[i].zNote ? in->aBand[i].zNote : "");
    aBandRow[nB++] = i;
  }
  if( e->n==0 ){
    int iBad = 0;
    const char *zKey = sfi_check_bands(aB, nB, &iBad);
    if( zKey ){
      int row = nB ? aBandRow[iBad] : 0;
      const char *zField = strstr(zKey, "max") || strstr(zKey, "closed") ? azBandField[row][1]
                         : strstr(zKey, "route") ? azBandField[row][2] : azBandField[row][0];
      field_errors_add(e, zField, zKey);
    }
  }
  struct sfi_deleg_row aD[3];
  int nD = 0;
  for(int i=0; i<3; i++){
    if( text_blank(in->aDeleg[i].zMax) ) continue;
    struct sfi_deleg_row *d = &aD[nD];
    memset(d, 0, sizeof *d);
    snprintf(d->zRole, sizeof d->zRole, "%s", azRole[i]);
    if( !money_parse(in->aDeleg[i].zMax, &d->maxPence) || d->maxPence<0 ){
      field_errors_add(e, azDelegField[i], "sfi.error.delegation_limit");
      continue;
    }
    snprintf(d->zRuleRef, sizeof d->zRuleRef, "%s", in->aDeleg[i].zRuleRef ? in->aDeleg[i].zRuleRef : "");
    nD++;
  }
  if( e->n==0 ){
    const char *zKey = sfi_check_delegation(aD, nD);
    if( zKey ) field_errors_add(e, azDelegField[0], zKey);
  }
  int nKeep = e->n;
  if( !domain_begin(db, e, "title", "sfi.error.not_saved") ) return 0;
  long long hb = version_board(db, versionId);
  if( !hb || !access_can_write(db, u, hb, zToday) ) return field_errors_refuse_in_tx(db, e, "title", "sfi.error.not_saved");
  if( sfi_version_used(db, versionId) ) field_errors_add(e, "title", "sfi.error.used");
  if( e->n==0 ){
    struct stmt *s = db_prepare(db, "SELECT 1 FROM sfi_version WHERE unit_id=?1 AND effective_from=?2 AND id<>?3");
    stmt_bind_int(s, 1, hb);
    stmt_bind_text(s, 2, in->zEffectiveFrom);
    stmt_bind_int(s, 3, versionId);
    if( domain_has_row(s) ) field_errors_add(e, "effective_from", "sfi.error.effective_from_taken");
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "title", "sfi.error.not_saved") ) return 0;
  struct buf bOld = {0};
  version_json(db, versionId, &bOld);
  struct stmt *s = db_prepare(db,
    "UPDATE sfi_version SET title=?2, effective_from=?3, decision_over_pence=?4, notes=?5, example=0, updated_at=?6"
    " WHERE id=?1");
  stmt_bind_int(s, 1, versionId);
  stmt_bind_text(s, 2, in->zTitle);
  stmt_bind_text(s, 3, in->zEffectiveFrom);
  if( decisionOver<0 ) stmt_bind_null(s, 4); else stmt_bind_int(s, 4, decisionOver);
  stmt_bind_text(s, 5, in->zNotes ? in->zNotes : "");
  stmt_bind_int(s, 6, now);
  bool ok = stmt_exec(s);
  if( ok ){
    s = db_prepare(db, "DELETE FROM sfi_band WHERE version_id=?1");
    stmt_bind_int(s, 1, versionId);
    ok = stmt_exec(s);
  }
  for(int i=0; ok && i<nB; i++){
    s = db_prepare(db,
      "INSERT INTO sfi_band(version_id,min_pence,max_pence,route,rule_ref,note,sort_order) VALUES(?1,?2,?3,?4,?5,?6,?7)");
    stmt_bind_int(s, 1, versionId);
    stmt_bind_int(s, 2, aB[i].minPence);
    if( aB[i].maxPence<0 ) stmt_bind_null(s, 3); else stmt_bind_int(s, 3, aB[i].maxPence);
    stmt_bind_text(s, 4, aB[i].zRoute);
    stmt_bind_text(s, 5, aB[i].zRuleRef);
    stmt_bind_text(s, 6, aB[i].zNote);
    stmt_bind_int(s, 7, i);
    ok = stmt_exec(s);
  }
  if( ok ){
    s = db_prepare(db, "DELETE FROM sfi_delegation WHERE version_id=?1");
    stmt_bind_int(s, 1, versionId);
    ok = stmt_exec(s);
  }
  for(int i=0; ok && i<nD; i++){
    s = db_prepare(db, "INSERT INTO sfi_delegation(version_id,approver_role,max_pence,rule_ref) VALUES(?1,?2,?3,?4)");
    stmt_bind_int(s, 1, versionId);
    stmt_bind_text(s, 2, aD[i].zRole);
    stmt_bind_int(s, 3, aD[i].maxPence);
    stmt_bind_text(s, 4, aD[i].zRuleRef);
    ok = stmt_exec(s);
  }
  if( ok ){
    struct buf bNew = {0};
    version_json(db, versionId, &bNew);
    ok = domain_audit(db, u, "update", "sfi_version", versionId, hb, &bOld, &bNew);
  }else{
    buf_free(&bOld);
  }
  return domain_commit(db, ok, e, "title", "sfi.error.not_saved") ? 1 : 0;
}

static void signatory_json(struct buf *b, long long id, long long userId, const char *zRole, long long unitId,
                           const char *zFrom, const char *zTo){
  bool f = true;
  buf_putc(b, '{');
  json_kv_int(b, &f, "id", id);
  json_kv_int(b, &f, "user_id", userId);
  json_kv_str(b, &f, "approver_role", zRole);
  json_kv_int(b, &f, "unit_id", unitId);
  json_kv_str(b, &f, "valid_from", zFrom);
  if( zTo && zTo[0] ) json_kv_str(b, &f, "valid_to", zTo); else json_kv_null(b, &f, "valid_to");
  buf_putc(b, '}');
}

long long sfi_signatory_add(struct db *db, const struct user *u, long long hbUnitId, long long userId,
                            const char *zRole, long long unitId, const char *zFrom, const char *zTo,
                            long long now, const char *zToday, struct field_errors *e){
  bool bPcpg = zRole && strcmp(zRole, "pcpg_signatory")==0;
  bool bOfficer = zRole && strcmp(zRole, "hb_officer")==0;
  if( !bPcpg && !bOfficer ) field_errors_add(e, "role", "sfi.error.signatory_role");
  if( !zFrom || !text_is_date(zFrom) ) field_errors_add(e, "valid_from", "sfi.error.valid_from");
  if( zTo && zTo[0] ){
    if( !text_is_date(zTo) ) field_errors_add(e, "valid_to", "sfi.error.valid_to");
    else if( zFrom && text_is_date(zFrom) && strcmp(zTo, zFrom)<0 ) field_errors_add(e, "valid_to", "sfi.error.valid_to_before");
  }
  int nKeep = e->n;
  if( !domain_begin(db, e, "user", "sfi.error.not_saved") ) return 0;
  if( !access_can_write(db, u, hbUnitId, zToday) ) return field_errors_refuse_in_tx(db, e, "user", "sfi.error.not_saved");
  if( bOfficer ) unitId = hbUnitId;
  if( bPcpg ){
    struct stmt *s = db_prepare(db, "SELECT kind FROM unit WHERE id=?1");
    stmt_bind_int(s, 1, unitId);
    char zKind[20] = "";
    domain_first_text(s, zKind, sizeof zKind);
    if( unitId<=0 || strcmp(zKind, "pcpg")!=0 || !access_is_within(db, unitId, hbUnitId, zToday) ){
      field_errors_add(e, "unit", "sfi.error.signatory_unit");
    }
  }
  /* The person named must be able to act for the unit: a user who may
  ** write it (a health board user of this board, or an administrator). */
  struct stmt *s = db_prepare(db,
    "SELECT id, email, name, role, scope_unit_id FROM app_user WHERE id=?1");
  stmt_bind_int(s, 1, userId);
  struct user who;
  memset(&who, 0, sizeof who);
  if( stmt_step(s)==1 ){
    who.id = stmt_int(s, 0);
    snprintf(who.zEmail, sizeof who.zEmail, "%s", stmt_text(s, 1));
    snprintf(who.zName, sizeof who.zName, "%s", stmt_text(s, 2));
    access_parse_role(stmt_text(s, 3), &who.role);
    who.scopeUnitId = stmt_int(s, 4);
  }
  stmt_done(s);
  if( who.id<=0 || !access_can_write(db, &who, bOfficer || unitId<=0 ? hbUnitId : unitId, zToday) ){
    field_errors_add(e, "user", "sfi.error.signatory_user");
  }
  if( !field_errors_checked_in_tx(db, e, nKeep, "user", "sfi.error.not_saved") ) return 0;
  s = db_prepare(db,
    "INSERT INTO sfi_signatory(unit_id,user_id,approver_role,valid_from,valid_to,created_at)"
    " VALUES(?1,?2,?3,?4,?5,?6) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, userId);
  stmt_bind_text(s, 3, zRole);
  stmt_bind_text(s, 4, zFrom);
  if( zTo && zTo[0] ) stmt_bind_text(s, 5, zTo); else stmt_bind_null(s, 5);
  stmt_bind_int(s, 6, now);
  long long id = domain_first_int(s, 0);
  bool ok = id>0;
  if( ok ){
    struct buf b = {0};
    signatory_json(&b, id, userId, zRole, unitId, zFrom, zTo);
    ok = domain_audit(db, u, "create", "sfi_signatory", id, hbUnitId, 0, &b);
  }
  return domain_commit(db, ok, e, "user", "sfi.error.not_saved") ? id : 0;
}

int sfi_signatory_end(struct db *db, const struct user *u, long long hbUnitId, long long id, const char *zTo,
                      long long now, const char *zToday, struct field_errors *e){
  (void)now;
  if( !zTo || !text_is_date(zTo) ) field_errors_add(e, "valid_to", "sfi.error.valid_to");
  int nKeep = e->n;
  if( !domain_begin(db, e, "valid_to", "sfi.error.not_saved") ) return 0;
  if( !access_can_write(db, u, hbUnitId, zToday) ) return field_errors_refuse_in_tx(db, e, "valid_to", "sfi.error.not_saved");
  struct stmt *s = db_prepare(db,
    "WITH RECURSIVE down(id) AS ("
    "  SELECT CAST(?2 AS BIGINT)"
    "  UNION"
    "  SELECT l.child_id FROM unit_link l JOIN down ON l.parent_id=down.id"
    "   WHERE l.relation='part_of' AND l.valid_from<=?3 AND (l.valid_to IS NULL OR l.valid_to>?3))"
    "SELECT g.user_id, g.approver_role, g.unit_id, g.valid_from, COALESCE(g.valid_to,'')"
    " FROM sfi_signatory g JOIN down ON down.id=g.unit_id WHERE g.id=?1");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, hbUnitId);
  stmt_bind_text(s, 3, zToday);
  if( stmt_step(s)!=1 ){
    stmt_done(s);
    return field_errors_refuse_in_tx(db, e, "valid_to", "sfi.error.not_saved");
  }
  long long userId = stmt_int(s, 0), unitId = stmt_int(s, 2);
  char zRole[24], zFrom[11], zOldTo[11];
  snprintf(zRole, sizeof zRole, "%s", stmt_text(s, 1));
  snprintf(zFrom, sizeof zFrom, "%s", stmt_text(s, 3));
  snprintf(zOldTo, sizeof zOldTo, "%s", stmt_text(s, 4));
  stmt_done(s);
  if( e->n==0 && strcmp(zTo, zFrom)<0 ) field_errors_add(e, "valid_to", "sfi.error.valid_to_before");
  if( !field_errors_checked_in_tx(db, e, nKeep, "valid_to", "sfi.error.not_saved") ) return 0;
  s = db_prepare(db, "UPDATE sfi_signatory SET valid_to=?2 WHERE id=?1");
  stmt_bind_int(s, 1, id);
  stmt_bind_text(s, 2, zTo);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0}, bNew = {0};
    signatory_json(&bOld, id, userId, zRole, unitId, zFrom, zOldTo);
    signatory_json(&bNew, id, userId, zRole, unitId, zFrom, zTo);
    ok = domain_audit(db, u, "update", "sfi_signatory", id, hbUnitId, &bOld, &bNew);
  }
  return domain_commit(db, ok, e, "valid_to", "sfi.error.not_saved") ? 1 : 0;
}
