/* The Standing Financial Instructions as data, and the procurement route
** check (see sfi.h). The pure core chooses a band and an approver from
** arrays; the rest reads the version in force and the same supplier's
** total in the year. */
#include "domain/unit.h"
#include "domain/sfi.h"
#include "domain/domain_write.h"
#include "domain/plan.h"
#include "util/money.h"
#include "util/text.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* ---- pure ---- */

int sfi_role_rank(const char *zRole){
  if( !zRole ) return 0;
  if( strcmp(zRole, "cluster_lead")==0 ) return 1;
  if( strcmp(zRole, "pcpg_signatory")==0 ) return 2;
  if( strcmp(zRole, "hb_officer")==0 ) return 3;
  return 0;
}

bool sfi_route_valid(const char *z){
  static const char *const az[] = {"one_quote", "three_quotes", "formal_tender", "sell2wales", "regulated"};
  if( !z ) return false;
  for(size_t i=0; i<sizeof az/sizeof az[0]; i++) if( strcmp(z, az[i])==0 ) return true;
  return false;
}

int sfi_choose_band(const struct sfi_band_row *a, int n, long long v){
  for(int i=0; i<n; i++){
    if( a[i].minPence<=v && (a[i].maxPence<0 || v<=a[i].maxPence) ) return i;
  }
  return -1;
}

int sfi_choose_delegation(const struct sfi_deleg_row *a, int n, long long v){
  int best = -1;
  for(int i=0; i<n; i++){
    if( a[i].maxPence>=v && (best<0 || a[i].maxPence<a[best].maxPence) ) best = i;
  }
  return best;
}

const char *sfi_check_bands(const struct sfi_band_row *a, int n, int *piBand){
  int iDummy;
  if( !piBand ) piBand = &iDummy;
  *piBand = 0;
  if( n<=0 ) return "sfi.error.bands_none";
  for(int i=0; i<n; i++){
    *piBand = i;
    if( !sfi_route_valid(a[i].zRoute) ) return "sfi.error.band_route";
    if( a[i].minPence<0 || a[i].minPence>MONEY_MAX_PENCE ) return "sfi.error.band_min";
    if( a[i].maxPence>=0 && a[i].maxPence<a[i].minPence ) return "sfi.error.band_max_below_min";
    if( i==0 && a[i].minPence!=0 ) return "sfi.error.band_not_from_zero";
    if( i>0 ){
      long long prev = a[i-1].maxPence;
      if( prev<0 ) return "sfi.error.band_after_open";
      if( a[i].minPence<=prev ) return "sfi.error.band_overlap";
      if( a[i].minPence>prev+1 ) return "sfi.error.band_gap";
    }
  }
  *piBand = n-1;
  if( a[n-1].maxPence>=0 ) return "sfi.error.band_last_closed";
  return 0;
}

const char *sfi_check_delegation(const struct sfi_deleg_row *a, int n){
  long long aLimit[4] = {-1, -1, -1, -1};
  for(int i=0; i<n; i++){
    int r = sfi_role_rank(a[i].zRole);
    if( r==0 ) return "sfi.error.delegation_role";
    if( a[i].maxPence<0 || a[i].maxPence>MONEY_MAX_PENCE ) return "sfi.error.delegation_limit";
    if( aLimit[r]>=0 ) return "sfi.error.delegation_twice";
    aLimit[r] = a[i].maxPence;
  }
  long long last = -1;
  for(int r=1; r<=3; r++){
    if( aLimit[r]<0 ) continue;
    if( aLimit[r]<=last ) return "sfi.error.delegation_order";
    last = aLimit[r];
  }
  if( last<0 ) return "sfi.error.delegation_none";
  return 0;
}

void sfi_supplier_key(const char *z, char *zOut, size_t n){
  if( n==0 ) return;
  size_t j = 0;
  bool bSpace = false, bCut = false;
  if( z ){
    for(; *z; z++){
      unsigned char c = (unsigned char)*z;
      if( c==' ' || c=='\t' || c=='\n' || c=='\r' ){ bSpace = true; continue; }
      if( bSpace && j>0 ){
        if( j+1>=n ){ bCut = true; break; }
        zOut[j++] = ' ';
      }
      bSpace = false;
      if( j+1>=n ){ bCut = true; break; }
      zOut[j++] = (c<0x80) ? (char)tolower(c) : (char)c;
    }
  }
  if( bCut ){
    /* never leave half a UTF-8 character: drop the last one, whole or not */
    if( j>0 && ((unsigned char)zOut[j-1] & 0x80) ){
      while( j>0 && ((unsigned char)zOut[j-1] & 0xC0)==0x80 ) j--;
      if( j>0 && ((unsigned char)zOut[j-1])>=0xC0 ) j--;
    }
    while( j>0 && zOut[j-1]==' ' ) j--;
  }
  zOut[j] = 0;
}

/* ---- reading ---- */

long long sfi_version_in_force(struct db *db, long long hbUnitId, const char *zOn){
  struct stmt *s = db_prepare(db,
    "SELECT id FROM sfi_version WHERE unit_id=?1 AND effective_from<=?2"
    " ORDER BY effective_from DESC LIMIT 1");
  stmt_bind_int(s, 1, hbUnitId);
  stmt_bind_text(s, 2, zOn);
  return domain_first_int(s, 0);
}

int sfi_bands_read(struct db *db, long long versionId, struct sfi_band_row *a, int nMax){
  struct stmt *s = db_prepare(db,
    "SELECT id, min_pence, max_pence, route, rule_ref, note FROM sfi_band WHERE version_id=?1"
    " ORDER BY min_pence, id");
  stmt_bind_int(s, 1, versionId);
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    if( n>=nMax ) continue;
    struct sfi_band_row *p = &a[n++];
    memset(p, 0, sizeof *p);
    p->id = stmt_int(s, 0);
    p->minPence = stmt_int(s, 1);
    p->maxPence = stmt_is_null(s, 2) ? -1 : stmt_int(s, 2);
    snprintf(p->zRoute, sizeof p->zRoute, "%s", stmt_text(s, 3));
    snprintf(p->zRuleRef, sizeof p->zRuleRef, "%s", stmt_text(s, 4));
    snprintf(p->zNote, sizeof p->zNote, "%s", stmt_text(s, 5));
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

int sfi_delegation_read(struct db *db, long long versionId, struct sfi_deleg_row *a, int nMax){
  struct stmt *s = db_prepare(db,
    "SELECT id, approver_role, max_pence, rule_ref FROM sfi_delegation WHERE version_id=?1"
    " ORDER BY max_pence, id");
  stmt_bind_int(s, 1, versionId);
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    if( n>=nMax ) continue;
    struct sfi_deleg_row *p = &a[n++];
    memset(p, 0, sizeof *p);
    p->id = stmt_int(s, 0);
    snprintf(p->zRole, sizeof p->zRole, "%s", stmt_text(s, 1));
    p->maxPence = stmt_int(s, 2);
    snprintf(p->zRuleRef, sizeof p->zRuleRef, "%s", stmt_text(s, 3));
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

bool sfi_route_check(struct db *db, long long unitId, long long valuePence, const char *zSupplier,
                     const char *zOn, long long excludeId, struct sfi_route_result *pOut){
  memset(pOut, 0, sizeof *pOut);
  pOut->valuePence = valuePence;
  pOut->aggregatedPence = valuePence;
  if( valuePence<0 || valuePence>MONEY_MAX_PENCE || !zOn || !text_is_date(zOn) ) return false;
  char zYear[8];
  plan_year_of_date(zOn, zYear);
  if( !zYear[0] ) return false;
  long long before = db_step_failures(db);
  char zKey[201];
  sfi_supplier_key(zSupplier, zKey, sizeof zKey);
  if( zKey[0] ){
    struct stmt *s = db_prepare(db,
      "SELECT COALESCE(SUM(value_pence),0) FROM finance_commitment"
      " WHERE unit_id=?1 AND year=?2 AND supplier_key=?3 AND status IN ('requested','committed')"
      "   AND id<>?4");
    stmt_bind_int(s, 1, unitId);
    stmt_bind_text(s, 2, zYear);
    stmt_bind_text(s, 3, zKey);
    stmt_bind_int(s, 4, excludeId);
    long long sum = domain_first_int(s, 0);
    if( sum>MONEY_MAX_PENCE ) sum = MONEY_MAX_PENCE;
    pOut->aggregatedPence = valuePence + sum;
  }
  long long hb = unit_above(db, unitId, "health_board", zOn);
  long long v = hb ? sfi_version_in_force(db, hb, zOn) : 0;
  pOut->versionId = v;
  if( !v ) return db_step_failures(db)==before;
  char zTitle[201] = "", zFrom[11] = "";
  bool bDecision = false;
  long long decisionOver = 0;
  struct stmt *s = db_prepare(db,
    "SELECT title, effective_from, decision_over_pence FROM sfi_version WHERE id=?1");
  stmt_bind_int(s, 1, v);
  if( stmt_step(s)==1 ){
    snprintf(zTitle, sizeof zTitle, "%s", stmt_text(s, 0));
    snprintf(zFrom, sizeof zFrom, "%s", stmt_text(s, 1));
    bDecision = !stmt_is_null(s, 2);
    decisionOver = stmt_int(s, 2);
  }
  stmt_done(s);
  struct sfi_band_row aBand[SFI_BANDS_MAX];
  struct sfi_deleg_row aDel[4];
  int nBand = sfi_bands_read(db, v, aBand, SFI_BANDS_MAX);
  int nDel = sfi_delegation_read(db, v, aDel, 4);
  if( nBand<0 || nDel<0 ) return false;
  long long agg = pOut->aggregatedPence;
  int iB = sfi_choose_band(aBand, nBand, agg);
  int iD = sfi_choose_delegation(aDel, nDel, agg);
  if( iB>=0 ) snprintf(pOut->zRoute, sizeof pOut->zRoute, "%s", aBand[iB].zRoute);
  if( iD>=0 ) snprintf(pOut->zApproverRole, sizeof pOut->zApproverRole, "%s", aDel[iD].zRole);
  pOut->bDecisionRequired = bDecision && agg>decisionOver;
  snprintf(pOut->zRule, sizeof pOut->zRule, "%s (%s): %s; %s", zTitle, zFrom,
           iB>=0 && aBand[iB].zRuleRef[0] ? aBand[iB].zRuleRef : "-",
           iD>=0 && aDel[iD].zRuleRef[0] ? aDel[iD].zRuleRef : "-");
  return db_step_failures(db)==before;
}

bool sfi_may_approve(struct db *db, const struct user *pUser, long long unitId, const char *zRole,
                     const char *zToday){
  int need = sfi_role_rank(zRole);
  if( need==0 || !pUser || pUser->id<=0 ) return false;
  /* Whoever approves must be able to change the unit's records: a
  ** national user never approves, whatever list names them. */
  if( !access_can_write(db, pUser, unitId, zToday) ) return false;
  if( pUser->role==ROLE_CLUSTER_LEAD && need==1 ) return true;
  struct stmt *s = db_prepare(db,
    "WITH RECURSIVE up(id) AS ("
    "  SELECT CAST(?1 AS BIGINT)"
    "  UNION"
    "  SELECT l.parent_id FROM unit_link l JOIN up ON l.child_id=up.id"
    "   WHERE l.relation='part_of' AND l.valid_from<=?2"
    "     AND (l.valid_to IS NULL OR l.valid_to>?2))"
    "SELECT MAX(CASE WHEN g.approver_role='hb_officer' THEN 3 ELSE 2 END)"
    " FROM sfi_signatory g JOIN up ON up.id=g.unit_id"
    " WHERE g.user_id=?3 AND g.valid_from<=?2 AND (g.valid_to IS NULL OR g.valid_to>=?2)");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zToday);
  stmt_bind_int(s, 3, pUser->id);
  long long r = domain_first_int(s, 0);
  return r>=need;
}

/* ---- the example set ---- */

/* The threshold of the Procurement Act 2023 for public contracts for
** goods and services awarded by sub-central authorities (a health board
** among them), including VAT, as published for 1 January 2024; boards
** must check the value in force (README, "Standing Financial
** Instructions"). */
#define SFI_EXAMPLE_REGULATED_PENCE 21490400LL

bool sfi_example_load(struct db *db, long long hbUnitId, const char *zFrom, long long now){
  struct stmt *s = db_prepare(db,
    "INSERT INTO sfi_version(unit_id,title,effective_from,example,decision_over_pence,notes,created_at,updated_at)"
    " VALUES(?1,?2,?3,1,?4,?5,?6,?6) RETURNING id");
  stmt_bind_int(s, 1, hbUnitId);
  stmt_bind_text(s, 2, "Example Standing Financial Instructions");
  stmt_bind_text(s, 3, zFrom);
  stmt_bind_int(s, 4, 2500000);
  stmt_bind_text(s, 5,
    "An example shipped with carecluster, not any board's rules: replace it with your health board's"
    " Standing Financial Instructions. The regulated procedure threshold is the Procurement Act 2023"
    " threshold for goods and services of sub-central authorities, including VAT, published for"
    " 1 January 2024: check the value in force.");
  stmt_bind_int(s, 6, now);
  long long v = domain_first_int(s, 0);
  if( v<=0 ) return false;
  static const struct { long long min, max; const char *zRoute, *zRef, *zNote; } aB[] = {
    {0, 500000, "one_quote", "Example 1.1", "One quote"},
    {500001, 2500000, "three_quotes", "Example 1.2", "Three written quotes"},
    {2500001, SFI_EXAMPLE_REGULATED_PENCE, "sell2wales", "Example 1.3", "A formal tender advertised on Sell2Wales"},
    {SFI_EXAMPLE_REGULATED_PENCE+1, -1, "regulated", "Example 1.4",
     "The regulated procedure of the Procurement Act 2023"},
  };
  for(size_t i=0; i<sizeof aB/sizeof aB[0]; i++){
    s = db_prepare(db,
      "INSERT INTO sfi_band(version_id,min_pence,max_pence,route,rule_ref,note,sort_order)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7)");
    stmt_bind_int(s, 1, v);
    stmt_bind_int(s, 2, aB[i].min);
    if( aB[i].max<0 ) stmt_bind_null(s, 3); else stmt_bind_int(s, 3, aB[i].max);
    stmt_bind_text(s, 4, aB[i].zRoute);
    stmt_bind_text(s, 5, aB[i].zRef);
    stmt_bind_text(s, 6, aB[i].zNote);
    stmt_bind_int(s, 7, (long long)i);
    if( !stmt_exec(s) ) return false;
  }
  static const struct { const char *zRole; long long max; const char *zRef; } aD[] = {
    {"cluster_lead", 1000000, "Example 2.1"},
    {"pcpg_signatory", 10000000, "Example 2.2"},
    {"hb_officer", 100000000, "Example 2.3"},
  };
  for(size_t i=0; i<sizeof aD/sizeof aD[0]; i++){
    s = db_prepare(db,
      "INSERT INTO sfi_delegation(version_id,approver_role,max_pence,rule_ref) VALUES(?1,?2,?3,?4)");
    stmt_bind_int(s, 1, v);
    stmt_bind_text(s, 2, aD[i].zRole);
    stmt_bind_int(s, 3, aD[i].max);
    stmt_bind_text(s, 4, aD[i].zRef);
    if( !stmt_exec(s) ) return false;
  }
  return true;
}

bool sfi_examples_ensure(struct db *db, const char *zFrom, long long now, int *pn){
  struct stmt *s = db_prepare(db,
    "SELECT u.id FROM unit u WHERE u.kind='health_board'"
    " AND NOT EXISTS (SELECT 1 FROM sfi_version v WHERE v.unit_id=u.id) ORDER BY u.id");
  long long aHb[64];
  int nHb = 0, rc;
  while( (rc = stmt_step(s))==1 ) if( nHb<64 ) aHb[nHb++] = stmt_int(s, 0);
  stmt_done(s);
  bool ok = rc==0;
  for(int i=0; ok && i<nHb; i++) ok = sfi_example_load(db, aHb[i], zFrom, now);
  if( pn ) *pn = ok ? nHb : 0;
  return ok;
}
