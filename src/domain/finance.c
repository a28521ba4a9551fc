/* The cluster's money: allocations, carry forward, budget lines, spend and
** the position arithmetic (see finance.h). */
#include "domain/unit.h"
#include "domain/finance.h"
#include "domain/audit.h"
#include "domain/domain_write.h"
#include "domain/plan.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/money.h"
#include "util/csv.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- the arithmetic (pure) ---------------------------------------------------------- */

void finance_position_compute(int nStream, const long long *aAllocated, const long long *aUncommitted,
                              const long long *aRequested, const struct finance_commit_in *aC, int nC,
                              struct finance_fig *aOut, struct finance_fig *pTotal){
  memset(pTotal, 0, sizeof *pTotal);
  for(int i=0; i<nStream; i++){
    memset(&aOut[i], 0, sizeof aOut[i]);
    aOut[i].allocated = aAllocated[i];
    aOut[i].spent = aUncommitted[i];
    aOut[i].forecast = aUncommitted[i];
    aOut[i].requested = aRequested ? aRequested[i] : 0;
  }
  for(int k=0; k<nC; k++){
    const struct finance_commit_in *c = &aC[k];
    if( c->iStream<0 || c->iStream>=nStream ) continue;
    struct finance_fig *f = &aOut[c->iStream];
    f->committed += c->committed;
    f->spent += c->spent;
    f->forecast += c->committed > c->spent ? c->committed : c->spent;
  }
  for(int i=0; i<nStream; i++){
    struct finance_fig *f = &aOut[i];
    f->remaining = f->allocated - f->committed - aUncommitted[i];
    finance_fig_add(pTotal, f);
  }
}

bool finance_fig_over(const struct finance_fig *f){ return f->forecast > f->allocated; }

void finance_fig_add(struct finance_fig *s, const struct finance_fig *f){
  s->allocated += f->allocated;
  s->committed += f->committed;
  s->spent += f->spent;
  s->forecast += f->forecast;
  s->remaining += f->remaining;
  s->requested += f->requested;
}

/* ---- years (pure) ------------------------------------------------------------------- */

bool finance_year_arg(const char *z, const char *zToday, char zOut[8]){
  if( !z || !z[0] ){ plan_year_of_date(zToday, zOut); return zOut[0]!=0; }
  int y;
  if( strlen(z)==4 ){
    for(int i=0; i<4; i++) if( z[i]<'0' || z[i]>'9' ) return false;
    y = atoi(z);
    if( y<2000 || y>2098 ) return false;
    plan_year_format(y, zOut);
    return true;
  }
  char t[8];
  if( strlen(z)!=7 ) return false;
  memcpy(t, z, 8);
  if( t[4]=='-' ) t[4] = '/';
  if( !plan_year_parse(t, &y) ) return false;
  plan_year_format(y, zOut);
  return true;
}

void finance_year_api(const char *zYear, char zOut[8]){
  text_copy(zOut, 8, zYear);
  if( strlen(zOut)==7 ) zOut[4] = '-';
}

static void year_months(const char *zYear, char zFrom[8], char zTo[8]){
  int y = atoi(zYear);
  snprintf(zFrom, 8, "%04d-04", (unsigned)y % 10000u);
  snprintf(zTo, 8, "%04d-03", (unsigned)(y+1) % 10000u);
}

/* ---- the position -------------------------------------------------------------------- */

/* The units a position reads: ?1 alone (?2 unused but typed), or the
** clusters below ?1 on day ?2. */
#define UNITS_ONE "WITH units(id) AS (SELECT CAST(?1 AS BIGINT) WHERE CAST(?2 AS TEXT) IS NOT NULL)"
#define UNITS_BELOW \
  "WITH RECURSIVE below(id) AS (" \
  "  SELECT CAST(?1 AS BIGINT)" \
  "  UNION ALL" \
  "  SELECT l.child_id FROM unit_link l JOIN below b ON l.parent_id=b.id" \
  "   WHERE l.relation='part_of' AND l.valid_from<=?2 AND (l.valid_to IS NULL OR l.valid_to>?2)" \
  "), units(id) AS (SELECT DISTINCT u.id FROM below b JOIN unit u ON u.id=b.id WHERE u.kind='cluster')"

#define Q_ALLOC \
  " SELECT a.unit_id, a.stream, a.id, a.kind, a.year_end_rule," \
  " a.amount_pence + COALESCE((SELECT SUM(cf.amount_pence) FROM finance_carry_forward cf WHERE cf.to_allocation_id=a.id),0)," \
  " a.demo FROM units x JOIN finance_allocation a ON a.unit_id=x.id" \
  " WHERE a.year=?3 AND CAST(?4 AS TEXT) IS NOT NULL AND CAST(?5 AS TEXT) IS NOT NULL" \
  " ORDER BY a.unit_id, CASE a.kind WHEN 'recurrent' THEN 0 WHEN 'transformation' THEN 1 ELSE 2 END, a.stream, a.id"
#define Q_COMMIT \
  " SELECT c.unit_id, a.stream, c.id, SUM(m.amount_pence), MAX(c.demo)" \
  " FROM units x JOIN finance_commitment c ON c.unit_id=x.id" \
  " JOIN finance_allocation a ON a.id=c.allocation_id" \
  " JOIN finance_commitment_month m ON m.commitment_id=c.id" \
  " WHERE c.status='committed' AND m.month>=?4 AND m.month<=?5 AND CAST(?3 AS TEXT) IS NOT NULL" \
  " GROUP BY c.unit_id, a.stream, c.id ORDER BY c.id"
#define Q_SPEND \
  " SELECT g.unit_id, a.stream, CASE WHEN c.status='committed' THEN c.id ELSE 0 END, SUM(g.amount), MAX(g.demo)" \
  " FROM (SELECT s.unit_id, s.allocation_id, s.commitment_id, SUM(s.amount_pence) AS amount, MAX(s.demo) AS demo" \
  "        FROM units x JOIN finance_spend s ON s.unit_id=x.id" \
  "       WHERE s.year=?3 AND CAST(?4 AS TEXT) IS NOT NULL AND CAST(?5 AS TEXT) IS NOT NULL" \
  "       GROUP BY s.unit_id, s.allocation_id, s.commitment_id) g" \
  " JOIN finance_allocation a ON a.id=g.allocation_id" \
  " LEFT JOIN finance_commitment c ON c.id=g.commitment_id" \
  " GROUP BY g.unit_id, a.stream, CASE WHEN c.status='committed' THEN c.id ELSE 0 END"
#define Q_REQUESTED \
  " SELECT c.unit_id, a.stream, SUM(m.amount_pence)" \
  " FROM units x JOIN finance_commitment c ON c.unit_id=x.id" \
  " JOIN finance_allocation a ON a.id=c.allocation_id" \
  " JOIN finance_commitment_month m ON m.commitment_id=c.id" \
  " WHERE c.status='requested' AND m.month>=?4 AND m.month<=?5 AND CAST(?3 AS TEXT) IS NOT NULL" \
  " GROUP BY c.unit_id, a.stream"

struct pos_build {
  struct finance_stream *a; int n, nAlloc;
  struct { long long id; struct finance_commit_in c; } *aC; int nC, nCAlloc;
  long long *aUncommitted, *aRequested;
};

static int stream_find(struct pos_build *p, long long unitId, const char *zStream){
  for(int i=0; i<p->n; i++){
    if( p->a[i].unitId==unitId && strcmp(p->a[i].zStream, zStream)==0 ) return i;
  }
  if( p->n==p->nAlloc ){
    p->nAlloc = p->nAlloc ? 2*p->nAlloc : 16;
    p->a = xrealloc(p->a, sizeof(p->a[0])*p->nAlloc);
  }
  struct finance_stream *s = &p->a[p->n];
  memset(s, 0, sizeof *s);
  s->unitId = unitId;
  text_copy(s->zStream, sizeof s->zStream, zStream);
  return p->n++;
}

static struct stmt *pos_stmt(struct db *db, bool bBelow, int q){
  if( bBelow ){
    switch( q ){
      case 0: return db_prepare(db, UNITS_BELOW Q_ALLOC);
      case 1: return db_prepare(db, UNITS_BELOW Q_COMMIT);
      case 2: return db_prepare(db, UNITS_BELOW Q_SPEND);
      default: return db_prepare(db, UNITS_BELOW Q_REQUESTED);
    }
  }
  switch( q ){
    case 0: return db_prepare(db, UNITS_ONE Q_ALLOC);
    case 1: return db_prepare(db, UNITS_ONE Q_COMMIT);
    case 2: return db_prepare(db, UNITS_ONE Q_SPEND);
    default: return db_prepare(db, UNITS_ONE Q_REQUESTED);
  }
}

static int commit_cmp(const void *pKey, const void *pElt){
  long long k = *(const long long*)pKey, e = *(const long long*)pElt;
  return k<e ? -1 : k>e ? 1 : 0;
}

bool finance_position_load(struct db *db, long long unitId, bool bBelow, const char *zToday,
                           const char *zYear, struct finance_position *out){
  memset(out, 0, sizeof *out);
  text_copy(out->zYear, sizeof out->zYear, zYear);
  char zFrom[8], zTo[8];
  year_months(zYear, zFrom, zTo);
  struct pos_build p;
  memset(&p, 0, sizeof p);
  bool ok = true;
  int nAllocRows = 0;
  /* Pass 0: allocations; 1: committed commitments; 2: spend; 3: requested.
  ** Spend and requested rows are kept aside until every stream is known. */
  struct { long long unitId, commitId, amount; char zStream[121]; int q; } *aLate = 0;
  int nLate = 0, nLateAlloc = 0;
  for(int q=0; q<4 && ok; q++){
    struct stmt *s = pos_stmt(db, bBelow, q);
    stmt_bind_int(s, 1, unitId);
    stmt_bind_text(s, 2, zToday);
    stmt_bind_text(s, 3, zYear);
    stmt_bind_text(s, 4, zFrom);
    stmt_bind_text(s, 5, zTo);
    int rc;
    while( (rc = stmt_step(s))==1 ){
      long long uid = stmt_int(s, 0);
      const char *zStream = stmt_text(s, 1);
      if( q==0 ){
        int i = stream_find(&p, uid, zStream);
        struct finance_stream *x = &p.a[i];
        x->allocationId = stmt_int(s, 2);
        text_copy(x->zKind, sizeof x->zKind, stmt_text(s, 3));
        text_copy(x->zYearEndRule, sizeof x->zYearEndRule, stmt_text(s, 4));
        x->f.allocated = stmt_int(s, 5);
        x->bDemo = stmt_int(s, 6)==1;
        if( x->bDemo ) out->bDemo = true;
        nAllocRows++;
      }else{
        if( nLate==nLateAlloc ){
          nLateAlloc = nLateAlloc ? 2*nLateAlloc : 64;
          aLate = xrealloc(aLate, sizeof(aLate[0])*nLateAlloc);
        }
        aLate[nLate].unitId = uid;
        text_copy(aLate[nLate].zStream, sizeof aLate[nLate].zStream, zStream);
        aLate[nLate].q = q;
        if( q==3 ){
          aLate[nLate].commitId = 0;
          aLate[nLate].amount = stmt_int(s, 2);
        }else{
          aLate[nLate].commitId = stmt_int(s, 2);
          aLate[nLate].amount = stmt_int(s, 3);
          if( stmt_int(s, 4)==1 ) out->bDemo = true;
        }
        nLate++;
      }
    }
    stmt_done(s);
    if( rc<0 ) ok = false;
  }
  (void)nAllocRows;
  if( ok ){
    /* Streams for every row (those without an allocation come last). */
    int *aIdx = xmalloc(sizeof(int)*(size_t)(nLate ? nLate : 1));
    for(int k=0; k<nLate; k++) aIdx[k] = stream_find(&p, aLate[k].unitId, aLate[k].zStream);
    p.aUncommitted = xcalloc((size_t)(p.n ? p.n : 1), sizeof(long long));
    p.aRequested = xcalloc((size_t)(p.n ? p.n : 1), sizeof(long long));
    /* Committed commitments (in id order, as the query gives them). */
    for(int k=0; k<nLate; k++){
      if( aLate[k].q!=1 ) continue;
      if( p.nC==p.nCAlloc ){
        p.nCAlloc = p.nCAlloc ? 2*p.nCAlloc : 64;
        p.aC = xrealloc(p.aC, sizeof(p.aC[0])*p.nCAlloc);
      }
      p.aC[p.nC].id = aLate[k].commitId;
      p.aC[p.nC].c.iStream = aIdx[k];
      p.aC[p.nC].c.committed = aLate[k].amount;
      p.aC[p.nC].c.spent = 0;
      p.nC++;
    }
    int nCSorted = p.nC;
    for(int k=0; k<nLate; k++){
      if( aLate[k].q==3 ){ p.aRequested[aIdx[k]] += aLate[k].amount; continue; }
      if( aLate[k].q!=2 ) continue;
      if( aLate[k].commitId==0 ){ p.aUncommitted[aIdx[k]] += aLate[k].amount; continue; }
      /* Spend against a committed commitment: found by id, or a
      ** commitment with no months in the year. */
      void *pHit = bsearch(&aLate[k].commitId, p.aC, (size_t)nCSorted, sizeof(p.aC[0]), commit_cmp);
      if( pHit ){
        ((__typeof__(p.aC))pHit)->c.spent += aLate[k].amount;
      }else{
        if( p.nC==p.nCAlloc ){
          p.nCAlloc = p.nCAlloc ? 2*p.nCAlloc : 64;
          p.aC = xrealloc(p.aC, sizeof(p.aC[0])*p.nCAlloc);
        }
        p.aC[p.nC].id = aLate[k].commitId;
        p.aC[p.nC].c.iStream = aIdx[k];
        p.aC[p.nC].c.committed = 0;
        p.aC[p.nC].c.spent = aLate[k].amount;
        p.nC++;
      }
    }
    struct finance_commit_in *aCin = xmalloc(sizeof(*aCin)*(size_t)(p.nC ? p.nC : 1));
    long long *aAlloc = xmalloc(sizeof(long long)*(size_t)(p.n ? p.n : 1));
    struct finance_fig *aFig = xmalloc(sizeof(*aFig)*(size_t)(p.n ? p.n : 1));
    for(int k=0; k<p.nC; k++) aCin[k] = p.aC[k].c;
    for(int i=0; i<p.n; i++) aAlloc[i] = p.a[i].f.allocated;
    finance_position_compute(p.n, aAlloc, p.aUncommitted, p.aRequested, aCin, p.nC, aFig, &out->total);
    for(int i=0; i<p.n; i++) p.a[i].f = aFig[i];
    free(aCin); free(aAlloc); free(aFig); free(aIdx);
    free(p.aUncommitted); free(p.aRequested);
  }
  free(aLate);
  free(p.aC);
  out->a = p.a;
  out->nStream = p.n;
  if( !ok ) finance_position_free(out);
  return ok;
}

void finance_position_free(struct finance_position *p){
  free(p->a);
  p->a = 0;
  p->nStream = 0;
}

int finance_unit_totals(struct db *db, long long unitId, const char *zToday,
                        const struct finance_position *p, struct finance_unit_row **paRow){
  *paRow = 0;
  struct stmt *s = db_prepare(db, UNITS_BELOW
    " SELECT u.id, u.slug, u.name, COALESCE(u.name_cy,'') FROM units x JOIN unit u ON u.id=x.id ORDER BY u.name, u.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zToday);
  struct finance_unit_row *a = 0;
  int n = 0, nAlloc = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    if( n==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 16;
      a = xrealloc(a, sizeof(a[0])*nAlloc);
    }
    memset(&a[n], 0, sizeof a[n]);
    a[n].unitId = stmt_int(s, 0);
    text_copy(a[n].zSlug, sizeof a[n].zSlug, stmt_text(s, 1));
    text_copy(a[n].zName, sizeof a[n].zName, stmt_text(s, 2));
    text_copy(a[n].zNameCy, sizeof a[n].zNameCy, stmt_text(s, 3));
    n++;
  }
  stmt_done(s);
  if( rc<0 ){ free(a); return -1; }
  for(int i=0; i<p->nStream; i++){
    for(int k=0; k<n; k++){
      if( a[k].unitId==p->a[i].unitId ){
        finance_fig_add(&a[k].f, &p->a[i].f);
        if( p->a[i].bDemo ) a[k].bDemo = true;
        break;
      }
    }
  }
  *paRow = a;
  return n;
}

/* ---- who may ---------------------------------------------------------------------------- */

bool finance_may_allocate(struct db *db, const struct user *u, long long unitId, const char *zToday){
  if( !u || !u->id ) return false;
  if( u->role==ROLE_ADMIN ) return true;
  if( u->role!=ROLE_HEALTH_BOARD ) return false;
  long long hb = unit_above(db, unitId, "health_board", zToday);
  return hb>0 && access_can_write(db, u, hb, zToday);
}

/* ---- allocations ------------------------------------------------------------------------- */

#define ALLOC_COLS \
  "SELECT a.id, a.unit_id, a.year, a.stream, a.kind, a.amount_pence," \
  " COALESCE((SELECT SUM(cf.amount_pence) FROM finance_carry_forward cf WHERE cf.to_allocation_id=a.id),0)," \
  " a.delivery_criteria, COALESCE(a.end_on,''), a.year_end_rule, a.demo," \
  " COALESCE((SELECT cf.to_allocation_id FROM finance_carry_forward cf WHERE cf.from_allocation_id=a.id),0)," \
  " COALESCE((SELECT cf.amount_pence FROM finance_carry_forward cf WHERE cf.from_allocation_id=a.id),0)" \
  " FROM finance_allocation a"

static void alloc_row(struct stmt *s, struct finance_allocation *a){
  memset(a, 0, sizeof *a);
  a->id = stmt_int(s, 0);
  a->unitId = stmt_int(s, 1);
  text_copy(a->zYear, sizeof a->zYear, stmt_text(s, 2));
  text_copy(a->zStream, sizeof a->zStream, stmt_text(s, 3));
  text_copy(a->zKind, sizeof a->zKind, stmt_text(s, 4));
  a->amount = stmt_int(s, 5);
  a->carriedIn = stmt_int(s, 6);
  text_copy(a->zCriteria, sizeof a->zCriteria, stmt_text(s, 7));
  text_copy(a->zEndOn, sizeof a->zEndOn, stmt_text(s, 8));
  text_copy(a->zYearEndRule, sizeof a->zYearEndRule, stmt_text(s, 9));
  a->bDemo = stmt_int(s, 10)==1;
  a->carriedOutTo = stmt_int(s, 11);
  a->carriedOut = stmt_int(s, 12);
}

bool finance_allocation_get(struct db *db, long long unitId, long long id, struct finance_allocation *a){
  struct stmt *s = db_prepare(db, ALLOC_COLS " WHERE a.id=? AND a.unit_id=?");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, unitId);
  bool ok = stmt_step(s)==1;
  if( ok ) alloc_row(s, a);
  stmt_done(s);
  return ok;
}

int finance_allocation_list(struct db *db, long long unitId, const char *zYear, finance_allocation_cb x, void *p){
  struct stmt *s = db_prepare(db, ALLOC_COLS
    " WHERE a.unit_id=?1 AND (CAST(?2 AS TEXT) IS NULL OR a.year=?2)"
    " ORDER BY a.year DESC, CASE a.kind WHEN 'recurrent' THEN 0 WHEN 'transformation' THEN 1 ELSE 2 END, a.stream, a.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zYear);
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct finance_allocation a;
    alloc_row(s, &a);
    x(p, &a);
    n++;
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

static char *dup_trim(const char *z){
  char *c = xstrdup(z ? z : "");
  char *t = text_trim(c);
  if( t!=c ) memmove(c, t, strlen(t)+1);
  return c;
}

/* An amount typed in a form: required or not; *pOk false when refused. */
static void check_amount(struct field_errors *e, const char *zField, const char *z, bool bRequired,
                         bool bPositive, bool bNonZero, long long *pOut){
  *pOut = 0;
  if( !z || !z[0] ){
    if( bRequired ) field_errors_add(e, zField, "finance.error.amount_missing");
    return;
  }
  long long v;
  if( !money_parse(z, &v) ){ field_errors_add(e, zField, "finance.error.amount"); return; }
  if( bPositive && v<0 ){ field_errors_add(e, zField, "finance.error.amount_negative"); return; }
  if( bNonZero && v==0 ){ field_errors_add(e, zField, "finance.error.amount_zero"); return; }
  *pOut = v;
}

static void alloc_json(struct buf *b, const char *zYear, const char *zStream, const char *zKind, long long amount,
                       const char *zCriteria, const char *zEnd, const char *zRule){
  bool f = true;
  buf_putc(b, '{');
  json_kv_str(b, &f, "year", zYear);
  json_kv_str(b, &f, "stream", zStream);
  json_kv_str(b, &f, "kind", zKind);
  json_kv_int(b, &f, "amount_pence", amount);
  json_kv_str(b, &f, "delivery_criteria", zCriteria);
  json_kv_str(b, &f, "end_on", zEnd);
  json_kv_str(b, &f, "year_end_rule", zRule);
  buf_putc(b, '}');
}

long long finance_allocation_save(struct db *db, const struct user *u, long long unitId, long long id,
                                  const struct finance_allocation_input *in, const char *zToday,
                                  struct field_errors *e){
  e->n = 0;
  char *zStream = dup_trim(in->zStream), *zCrit = dup_trim(in->zCriteria), *zEnd = dup_trim(in->zEndOn);
  char *zAmount = dup_trim(in->zAmount), *zYearIn = dup_trim(in->zYear);
  const char *zKind = in->zKind ? in->zKind : "";
  const char *zRule = in->zYearEndRule ? in->zYearEndRule : "";
  long long result = 0;
  char zYear[8] = "";
  int y;
  if( !plan_year_parse(zYearIn, &y) ) field_errors_add(e, "year", "finance.error.year");
  else plan_year_format(y, zYear);
  domain_check_text(e, "stream", zStream, true, 120, false, "finance.error.stream_missing",
                    "finance.error.too_long", "finance.error.text_bad");
  if( strcmp(zKind, "recurrent") && strcmp(zKind, "transformation") && strcmp(zKind, "other") )
    field_errors_add(e, "kind", "finance.error.kind");
  long long amount;
  check_amount(e, "amount", zAmount, true, true, false, &amount);
  domain_check_text(e, "delivery_criteria", zCrit, strcmp(zKind, "transformation")==0, 2000, true,
                    "finance.error.criteria_missing", "finance.error.too_long", "finance.error.text_bad");
  if( zEnd[0] && !text_is_date(zEnd) ) field_errors_add(e, "end_on", "finance.error.date");
  else if( !zEnd[0] && strcmp(zKind, "transformation")==0 ) field_errors_add(e, "end_on", "finance.error.end_missing");
  if( strcmp(zRule, "return") && strcmp(zRule, "carry_forward") ) field_errors_add(e, "year_end_rule", "finance.error.rule");
  if( e->n ) goto done;
  if( !finance_may_allocate(db, u, unitId, zToday) ){ result = -1; goto done; }
  if( !domain_begin(db, e, "stream", "error.not_saved") ) goto done;
  struct finance_allocation old;
  bool bOld = false;
  if( id ){
    bOld = finance_allocation_get(db, unitId, id, &old);
    if( !bOld ){ result = field_errors_refuse_in_tx(db, e, "stream", "error.not_saved"); goto done; }
  }
  struct stmt *s = db_prepare(db, "SELECT id FROM finance_allocation WHERE unit_id=? AND year=? AND stream=? AND id<>?");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zYear);
  stmt_bind_text(s, 3, zStream);
  stmt_bind_int(s, 4, id);
  if( domain_has_row(s) ) field_errors_add(e, "stream", "finance.error.stream_taken");
  if( !field_errors_checked_in_tx(db, e, 0, "stream", "error.not_saved") ) goto done;
  long long now = (long long)time(0);
  if( id ){
    s = db_prepare(db, "UPDATE finance_allocation SET year=?1, stream=?2, kind=?3, amount_pence=?4, delivery_criteria=?5,"
                       " end_on=?6, year_end_rule=?7, updated_at=?8 WHERE id=?9 AND unit_id=?10");
  }else{
    s = db_prepare(db, "INSERT INTO finance_allocation(year,stream,kind,amount_pence,delivery_criteria,end_on,year_end_rule,"
                       "updated_at,unit_id,created_at,demo) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?8,0) RETURNING id");
  }
  stmt_bind_text(s, 1, zYear);
  stmt_bind_text(s, 2, zStream);
  stmt_bind_text(s, 3, zKind);
  stmt_bind_int(s, 4, amount);
  stmt_bind_text(s, 5, zCrit);
  if( zEnd[0] ) stmt_bind_text(s, 6, zEnd); else stmt_bind_null(s, 6);
  stmt_bind_text(s, 7, zRule);
  stmt_bind_int(s, 8, now);
  bool ok;
  if( id ){
    stmt_bind_int(s, 9, id);
    stmt_bind_int(s, 10, unitId);
    ok = stmt_exec(s);
  }else{
    stmt_bind_int(s, 9, unitId);
    id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
    stmt_done(s);
    ok = id>0;
  }
  struct buf jOld = {0}, jNew = {0};
  if( bOld ) alloc_json(&jOld, old.zYear, old.zStream, old.zKind, old.amount, old.zCriteria, old.zEndOn, old.zYearEndRule);
  alloc_json(&jNew, zYear, zStream, zKind, amount, zCrit, zEnd, zRule);
  if( ok ) ok = domain_audit(db, u, bOld ? "update" : "create", "finance_allocation", id, unitId,
                             bOld ? &jOld : 0, &jNew);
  buf_free(&jOld);
  buf_free(&jNew);
  if( domain_commit(db, ok, e, "stream", "error.not_saved") ) result = id;
done:
  free(zStream); free(zCrit); free(zEnd); free(zAmount); free(zYearIn);
  return result;
}

long long finance_carry_forward(struct db *db, const struct user *u, long long unitId, long long fromId,
                                const char *zTo, const char *zDecision, const char *zToday,
                                struct field_errors *e){
  e->n = 0;
  long long toId = 0, decisionId = 0;
  if( !domain_parse_id(zTo, &toId) || toId==0 ) field_errors_add(e, "to", "finance.error.carry_to");
  if( !domain_parse_id(zDecision, &decisionId) ) field_errors_add(e, "decision", "finance.error.decision");
  if( e->n ) return 0;
  if( !finance_may_allocate(db, u, unitId, zToday) ) return -1;
  if( !domain_begin(db, e, "to", "error.not_saved") ) return 0;
  struct finance_allocation from, to;
  if( !finance_allocation_get(db, unitId, fromId, &from) ) return field_errors_refuse_in_tx(db, e, "to", "error.not_saved");
  long long amount = 0;
  int y = atoi(from.zYear);
  char zNext[8], zEndOfYear[11];
  plan_year_format(y+1, zNext);
  snprintf(zEndOfYear, sizeof zEndOfYear, "%04d-03-31", (unsigned)(y+1) % 10000u);
  if( strcmp(from.zYearEndRule, "carry_forward")!=0 ) field_errors_add(e, "to", "finance.error.carry_return");
  else if( from.carriedOutTo ) field_errors_add(e, "to", "finance.error.carry_done");
  else if( strcmp(zToday, zEndOfYear)<=0 ) field_errors_add(e, "to", "finance.error.carry_not_ended");
  else if( !finance_allocation_get(db, unitId, toId, &to) || strcmp(to.zYear, zNext)!=0 )
    field_errors_add(e, "to", "finance.error.carry_to");
  else{
    struct finance_position p;
    if( finance_position_load(db, unitId, false, zToday, from.zYear, &p) ){
      for(int i=0; i<p.nStream; i++) if( p.a[i].allocationId==fromId ) amount = p.a[i].f.remaining;
      finance_position_free(&p);
    }
    if( amount<=0 ) field_errors_add(e, "to", "finance.error.carry_nothing");
  }
  if( decisionId ){
    struct stmt *s = db_prepare(db,
      "SELECT m.unit_id FROM decision d JOIN agenda_item a ON a.id=d.agenda_item_id JOIN meeting m ON m.id=a.meeting_id WHERE d.id=?");
    stmt_bind_int(s, 1, decisionId);
    long long mu = domain_first_int(s, 0);
    if( !mu || !(access_is_within(db, unitId, mu, zToday) || access_is_within(db, mu, unitId, zToday))
        || !access_can_read(db, u, mu, zToday) )
      field_errors_add(e, "decision", "finance.error.decision");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "to", "error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db,
    "INSERT INTO finance_carry_forward(from_allocation_id,to_allocation_id,amount_pence,approved_by,decision_id,created_at)"
    " VALUES(?,?,?,?,?,?) RETURNING id");
  stmt_bind_int(s, 1, fromId);
  stmt_bind_int(s, 2, toId);
  stmt_bind_int(s, 3, amount);
  stmt_bind_int(s, 4, u->id);
  if( decisionId ) stmt_bind_int(s, 5, decisionId); else stmt_bind_null(s, 5);
  stmt_bind_int(s, 6, (long long)time(0));
  long long id = domain_first_int(s, 0);
  struct buf j = {0};
  bool f = true;
  buf_putc(&j, '{');
  json_kv_int(&j, &f, "from_allocation_id", fromId);
  json_kv_int(&j, &f, "to_allocation_id", toId);
  json_kv_int(&j, &f, "amount_pence", amount);
  if( decisionId ) json_kv_int(&j, &f, "decision_id", decisionId);
  buf_putc(&j, '}');
  bool ok = id>0 && domain_audit(db, u, "create", "finance_carry_forward", id, unitId, 0, &j);
  buf_free(&j);
  if( !domain_commit(db, ok, e, "to", "error.not_saved") ) return 0;
  return id;
}

/* ---- budget lines --------------------------------------------------------------------- */

#define LINE_COLS \
  "SELECT l.id, l.allocation_id, COALESCE(l.objective_id,0), a.stream, a.year, l.title, COALESCE(o.title,''), l.amount_pence," \
  " COALESCE((SELECT SUM(m.amount_pence) FROM finance_commitment c JOIN finance_commitment_month m ON m.commitment_id=c.id" \
  "   WHERE c.budget_line_id=l.id AND c.status='committed'" \
  "     AND m.month>=substr(a.year,1,4) || '-04' AND m.month<='20' || substr(a.year,6,2) || '-03'),0)," \
  " COALESCE((SELECT SUM(s.amount_pence) FROM finance_spend s JOIN finance_commitment c ON c.id=s.commitment_id" \
  "   WHERE c.budget_line_id=l.id AND c.status='committed' AND s.year=a.year),0)" \
  " FROM finance_budget_line l JOIN finance_allocation a ON a.id=l.allocation_id" \
  " LEFT JOIN plan_objective o ON o.id=l.objective_id"

static void line_row(struct stmt *s, struct finance_budget_line *l){
  memset(l, 0, sizeof *l);
  l->id = stmt_int(s, 0);
  l->allocationId = stmt_int(s, 1);
  l->objectiveId = stmt_int(s, 2);
  text_copy(l->zStream, sizeof l->zStream, stmt_text(s, 3));
  text_copy(l->zYear, sizeof l->zYear, stmt_text(s, 4));
  text_copy(l->zTitle, sizeof l->zTitle, stmt_text(s, 5));
  text_copy(l->zObjective, sizeof l->zObjective, stmt_text(s, 6));
  l->amount = stmt_int(s, 7);
  l->committed = stmt_int(s, 8);
  l->spent = stmt_int(s, 9);
}

static int line_each(struct stmt *s, finance_budget_line_cb x, void *p){
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct finance_budget_line l;
    line_row(s, &l);
    x(p, &l);
    n++;
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

int finance_budget_line_list(struct db *db, long long unitId, const char *zYear, finance_budget_line_cb x, void *p){
  struct stmt *s = db_prepare(db, LINE_COLS " WHERE a.unit_id=? AND a.year=? ORDER BY a.stream, l.title, l.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zYear);
  return line_each(s, x, p);
}

int finance_budget_line_for_objective(struct db *db, long long objectiveId, finance_budget_line_cb x, void *p){
  struct stmt *s = db_prepare(db, LINE_COLS " WHERE l.objective_id=? ORDER BY a.stream, l.title, l.id");
  stmt_bind_int(s, 1, objectiveId);
  return line_each(s, x, p);
}

bool finance_budget_line_get(struct db *db, long long unitId, long long id, struct finance_budget_line *l){
  struct stmt *s = db_prepare(db, LINE_COLS " WHERE l.id=? AND a.unit_id=?");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, unitId);
  bool ok = stmt_step(s)==1;
  if( ok ) line_row(s, l);
  stmt_done(s);
  return ok;
}

long long finance_budget_line_save(struct db *db, const struct user *u, long long unitId, long long id,
                                   const struct finance_budget_line_input *in, const char *zToday,
                                   struct field_errors *e){
  e->n = 0;
  char *zTitle = dup_trim(in->zTitle), *zAmount = dup_trim(in->zAmount);
  long long allocId = 0, objId = 0, amount = 0, result = 0;
  if( !domain_parse_id(in->zAllocation, &allocId) || allocId==0 ) field_errors_add(e, "allocation", "finance.error.allocation");
  if( !domain_parse_id(in->zObjective, &objId) ) field_errors_add(e, "objective", "finance.error.objective");
  domain_check_text(e, "title", zTitle, true, 300, false, "finance.error.title_missing",
                    "finance.error.too_long", "finance.error.text_bad");
  check_amount(e, "amount", zAmount, true, true, false, &amount);
  if( e->n ) goto done;
  if( !access_can_write(db, u, unitId, zToday) ){ result = -1; goto done; }
  if( !domain_begin(db, e, "title", "error.not_saved") ) goto done;
  struct finance_budget_line old;
  bool bOld = false;
  if( id ){
    bOld = finance_budget_line_get(db, unitId, id, &old);
    if( !bOld ){ result = field_errors_refuse_in_tx(db, e, "title", "error.not_saved"); goto done; }
  }
  struct finance_allocation a;
  if( !finance_allocation_get(db, unitId, allocId, &a) ) field_errors_add(e, "allocation", "finance.error.allocation");
  else if( objId ){
    struct stmt *s = db_prepare(db,
      "SELECT o.id FROM plan_objective o JOIN plan p ON p.id=o.plan_id WHERE o.id=? AND p.unit_id=? AND p.year=?");
    stmt_bind_int(s, 1, objId);
    stmt_bind_int(s, 2, unitId);
    stmt_bind_text(s, 3, a.zYear);
    if( !domain_has_row(s) ) field_errors_add(e, "objective", "finance.error.objective");
  }
  if( !field_errors_checked_in_tx(db, e, 0, "title", "error.not_saved") ) goto done;
  long long now = (long long)time(0);
  struct stmt *s;
  if( id ){
    s = db_prepare(db, "UPDATE finance_budget_line SET allocation_id=?1, objective_id=?2, title=?3, amount_pence=?4, updated_at=?5"
                       " WHERE id=?6");
  }else{
    s = db_prepare(db, "INSERT INTO finance_budget_line(allocation_id,objective_id,title,amount_pence,updated_at,created_at)"
                       " VALUES(?1,?2,?3,?4,?5,?5) RETURNING id");
  }
  stmt_bind_int(s, 1, allocId);
  if( objId ) stmt_bind_int(s, 2, objId); else stmt_bind_null(s, 2);
  stmt_bind_text(s, 3, zTitle);
  stmt_bind_int(s, 4, amount);
  stmt_bind_int(s, 5, now);
  bool ok;
  if( id ){ stmt_bind_int(s, 6, id); ok = stmt_exec(s); }
  else{ id = domain_first_int(s, 0); ok = id>0; }
  struct buf jOld = {0}, jNew = {0};
  bool f = true;
  if( bOld ){
    buf_putc(&jOld, '{');
    json_kv_int(&jOld, &f, "allocation_id", old.allocationId);
    json_kv_int(&jOld, &f, "objective_id", old.objectiveId);
    json_kv_str(&jOld, &f, "title", old.zTitle);
    json_kv_int(&jOld, &f, "amount_pence", old.amount);
    buf_putc(&jOld, '}');
  }
  f = true;
  buf_putc(&jNew, '{');
  json_kv_int(&jNew, &f, "allocation_id", allocId);
  json_kv_int(&jNew, &f, "objective_id", objId);
  json_kv_str(&jNew, &f, "title", zTitle);
  json_kv_int(&jNew, &f, "amount_pence", amount);
  buf_putc(&jNew, '}');
  if( ok ) ok = domain_audit(db, u, bOld ? "update" : "create", "finance_budget_line", id, unitId, bOld ? &jOld : 0, &jNew);
  buf_free(&jOld);
  buf_free(&jNew);
  if( domain_commit(db, ok, e, "title", "error.not_saved") ) result = id;
done:
  free(zTitle); free(zAmount);
  return result;
}

/* ---- spend ---------------------------------------------------------------------------- */

int finance_spend_list(struct db *db, long long unitId, const char *zYear, long long allocationId,
                       int nLimit, finance_spend_cb x, void *p){
  struct stmt *s = db_prepare(db,
    "SELECT s.id, s.allocation_id, COALESCE(s.commitment_id,0), s.spent_on, s.year, s.amount_pence, a.stream,"
    " s.supplier, s.description, s.source, COALESCE(s.ledger_ref,''), COALESCE(c.title,''), s.demo"
    " FROM finance_spend s JOIN finance_allocation a ON a.id=s.allocation_id"
    " LEFT JOIN finance_commitment c ON c.id=s.commitment_id"
    " WHERE s.unit_id=?1 AND s.year=?2 AND (?3=0 OR s.allocation_id=?3)"
    " ORDER BY s.spent_on DESC, s.id DESC LIMIT ?4");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zYear);
  stmt_bind_int(s, 3, allocationId);
  stmt_bind_int(s, 4, nLimit>0 ? nLimit : 1000000000);
  int n = 0, rc;
  while( (rc = stmt_step(s))==1 ){
    struct finance_spend x1;
    memset(&x1, 0, sizeof x1);
    x1.id = stmt_int(s, 0);
    x1.allocationId = stmt_int(s, 1);
    x1.commitmentId = stmt_int(s, 2);
    text_copy(x1.zDate, sizeof x1.zDate, stmt_text(s, 3));
    text_copy(x1.zYear, sizeof x1.zYear, stmt_text(s, 4));
    x1.amount = stmt_int(s, 5);
    text_copy(x1.zStream, sizeof x1.zStream, stmt_text(s, 6));
    text_copy(x1.zSupplier, sizeof x1.zSupplier, stmt_text(s, 7));
    text_copy(x1.zDescription, sizeof x1.zDescription, stmt_text(s, 8));
    text_copy(x1.zSource, sizeof x1.zSource, stmt_text(s, 9));
    text_copy(x1.zLedgerRef, sizeof x1.zLedgerRef, stmt_text(s, 10));
    text_copy(x1.zCommitment, sizeof x1.zCommitment, stmt_text(s, 11));
    x1.bDemo = stmt_int(s, 12)==1;
    x(p, &x1);
    n++;
  }
  stmt_done(s);
  return rc<0 ? -1 : n;
}

/* Whether commitment id is the unit's, on allocation allocId. */
static bool commitment_on(struct db *db, long long unitId, long long id, long long allocId){
  struct stmt *s = db_prepare(db, "SELECT id FROM finance_commitment WHERE id=? AND unit_id=? AND allocation_id=?");
  stmt_bind_int(s, 1, id);
  stmt_bind_int(s, 2, unitId);
  stmt_bind_int(s, 3, allocId);
  return domain_has_row(s);
}

static bool spend_insert(struct db *db, const struct user *u, long long unitId, long long allocId, long long commitId,
                         const char *zDate, const char *zYear, long long amount, const char *zSupplier,
                         const char *zDescription, const char *zRef, long long now, long long *pId){
  struct stmt *s = db_prepare(db,
    "INSERT INTO finance_spend(unit_id,allocation_id,commitment_id,spent_on,year,amount_pence,supplier,description,"
    "source,ledger_ref,created_by,demo,created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,0,?) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_int(s, 2, allocId);
  if( commitId ) stmt_bind_int(s, 3, commitId); else stmt_bind_null(s, 3);
  stmt_bind_text(s, 4, zDate);
  stmt_bind_text(s, 5, zYear);
  stmt_bind_int(s, 6, amount);
  stmt_bind_text(s, 7, zSupplier);
  stmt_bind_text(s, 8, zDescription);
  stmt_bind_text(s, 9, zRef ? "ledger" : "entered");
  stmt_bind_text(s, 10, zRef);
  stmt_bind_int(s, 11, u ? u->id : 0);
  stmt_bind_int(s, 12, now);
  long long id = domain_first_int(s, 0);
  if( pId ) *pId = id;
  return id>0;
}

long long finance_spend_save(struct db *db, const struct user *u, long long unitId,
                             const struct finance_spend_input *in, const char *zToday,
                             struct field_errors *e){
  e->n = 0;
  char *zSupplier = dup_trim(in->zSupplier), *zDesc = dup_trim(in->zDescription), *zAmount = dup_trim(in->zAmount);
  const char *zDate = in->zDate ? in->zDate : "";
  long long allocId = 0, commitId = 0, amount = 0, result = 0;
  char zYear[8] = "";
  if( !zDate[0] ) field_errors_add(e, "spent_on", "finance.error.date_missing");
  else if( !text_is_date(zDate) ) field_errors_add(e, "spent_on", "finance.error.date");
  else plan_year_of_date(zDate, zYear);
  check_amount(e, "amount", zAmount, true, false, true, &amount);
  if( !domain_parse_id(in->zAllocation, &allocId) || allocId==0 ) field_errors_add(e, "allocation", "finance.error.allocation");
  if( !domain_parse_id(in->zCommitment, &commitId) ) field_errors_add(e, "commitment", "finance.error.commitment");
  domain_check_text(e, "supplier", zSupplier, false, 200, false, 0, "finance.error.too_long", "finance.error.text_bad");
  domain_check_text(e, "description", zDesc, false, 500, false, 0, "finance.error.too_long", "finance.error.text_bad");
  if( e->n ) goto done;
  if( !access_can_write(db, u, unitId, zToday) ){ result = -1; goto done; }
  if( !domain_begin(db, e, "amount", "error.not_saved") ) goto done;
  struct finance_allocation a;
  if( !finance_allocation_get(db, unitId, allocId, &a) ) field_errors_add(e, "allocation", "finance.error.allocation");
  else if( strcmp(a.zYear, zYear)!=0 ) field_errors_add(e, "spent_on", "finance.error.date_year");
  else if( commitId && !commitment_on(db, unitId, commitId, allocId) ) field_errors_add(e, "commitment", "finance.error.commitment");
  if( !field_errors_checked_in_tx(db, e, 0, "amount", "error.not_saved") ) goto done;
  long long id = 0;
  bool ok = spend_insert(db, u, unitId, allocId, commitId, zDate, zYear, amount, zSupplier, zDesc, 0, (long long)time(0), &id);
  struct buf j = {0};
  bool f = true;
  buf_putc(&j, '{');
  json_kv_str(&j, &f, "spent_on", zDate);
  json_kv_int(&j, &f, "amount_pence", amount);
  json_kv_int(&j, &f, "allocation_id", allocId);
  if( commitId ) json_kv_int(&j, &f, "commitment_id", commitId);
  json_kv_str(&j, &f, "supplier", zSupplier);
  json_kv_str(&j, &f, "description", zDesc);
  buf_putc(&j, '}');
  if( ok ) ok = domain_audit(db, u, "create", "finance_spend", id, unitId, 0, &j);
  buf_free(&j);
  if( domain_commit(db, ok, e, "amount", "error.not_saved") ) result = id;
done:
  free(zSupplier); free(zDesc); free(zAmount);
  return result;
}

/* ---- the ledger's CSV export ------------------------------------------------------------ */

static bool same_stream(const char *a, const char *b){
  /* Case and spaces around ignored. */
  while( *a==' ' ) a++;
  while( *b==' ' ) b++;
  size_t na = strlen(a), nb = strlen(b);
  while( na && a[na-1]==' ' ) na--;
  while( nb && b[nb-1]==' ' ) nb--;
  return na==nb && strncasecmp(a, b, na)==0;
}

struct alloc_lookup { struct finance_allocation *a; int n, nAlloc; };
static void alloc_collect(void *p, const struct finance_allocation *a){
  struct alloc_lookup *l = p;
  if( l->n==l->nAlloc ){
    l->nAlloc = l->nAlloc ? 2*l->nAlloc : 16;
    l->a = xrealloc(l->a, sizeof(l->a[0])*l->nAlloc);
  }
  l->a[l->n++] = *a;
}

int finance_ledger_import(struct db *db, const struct user *u, long long unitId, const char *z, size_t n,
                          bool bValidOnly, bool bWrite, struct finance_import *o){
  /* The file's own checks (pure, finance_ledger.c), then what only the
  ** database knows: the stream of the date's year, the commitment. */
  struct finance_ledger_row *aRow = 0;
  int nRow = finance_ledger_read(z, n, &aRow, o);
  if( o->zFileKey ){ free(aRow); return 0; }
  struct alloc_lookup al = {0};
  if( finance_allocation_list(db, unitId, 0, alloc_collect, &al)<0 ) o->bDbError = true;
  struct finance_ledger_row *aLine = aRow;
  int nLine = 0;
  for(int k=0; k<nRow && !o->bDbError; k++){
    struct finance_ledger_row x = aRow[k];
    int nErrBefore = o->nError;
    for(int a=0; a<al.n; a++){
      if( strcmp(al.a[a].zYear, x.zYear)==0 && same_stream(al.a[a].zStream, x.zStream) ){ x.allocId = al.a[a].id; break; }
    }
    if( !x.allocId ){
      /* A missing or unreadable stream or date was told by the reader. */
      if( x.zStream[0] && x.zYear[0] ) finance_import_error_add(o, x.line, x.colStream, "finance.import.error.stream", x.zStream);
    }
    else if( x.commitId && !commitment_on(db, unitId, x.commitId, x.allocId) )
      finance_import_error_add(o, x.line, x.colCommit, "finance.import.error.commitment", x.zCommit);
    if( o->nError==nErrBefore && !x.bFault ) aLine[nLine++] = x;
  }
  finance_import_errors_sort(o);
  free(al.a);
  o->nValid = nLine;
  if( o->bDbError || !bWrite || nLine==0 || (o->nError && !bValidOnly) ){ free(aLine); return 0; }
  if( !domain_begin(db, 0, 0, 0) ){ o->bDbError = true; free(aLine); return 0; }
  long long now = (long long)time(0);
  bool ok = true;
  long long total = 0;
  for(int k=0; k<nLine && ok; k++){
    struct stmt *s = db_prepare(db, "SELECT id FROM finance_spend WHERE unit_id=? AND ledger_ref=?");
    stmt_bind_int(s, 1, unitId);
    stmt_bind_text(s, 2, aLine[k].zRef);
    int rc = stmt_step(s);
    stmt_done(s);
    if( rc<0 ){ ok = false; break; }
    if( rc==1 ){
      if( o->nDuplicate<5 ) text_copy(o->azDuplicate[o->nDuplicate], sizeof o->azDuplicate[0], aLine[k].zRef);
      o->nDuplicate++;
      continue;
    }
    ok = spend_insert(db, u, unitId, aLine[k].allocId, aLine[k].commitId, aLine[k].zDate, aLine[k].zYear,
                      aLine[k].amount, aLine[k].zSupplier, aLine[k].zDesc, aLine[k].zRef, now, 0);
    if( ok ){ o->nImported++; total += aLine[k].amount; }
  }
  if( ok && o->nImported ){
    struct buf j = {0};
    bool f = true;
    buf_putc(&j, '{');
    json_kv_int(&j, &f, "lines_imported", o->nImported);
    json_kv_int(&j, &f, "lines_skipped_duplicate", o->nDuplicate);
    json_kv_int(&j, &f, "lines_with_errors", o->nLines - o->nValid);
    json_kv_int(&j, &f, "total_pence", total);
    buf_putc(&j, '}');
    ok = domain_audit(db, u, "create", "finance_ledger_import", 0, unitId, 0, &j);
    buf_free(&j);
  }
  if( !domain_commit(db, ok, 0, 0, 0) ){ o->bDbError = true; o->nImported = 0; }
  free(aLine);
  return o->nImported;
}
