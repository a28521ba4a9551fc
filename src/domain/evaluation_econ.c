/* The economic evaluation, pure (see evaluation_econ.h). */
#include "domain/evaluation_econ.h"
#include <math.h>
#include <string.h>

static const char *const azKind[BENEFIT__N] = {"cash_releasing", "non_cash", "social"};
const char *benefit_kind_code(int k){ return k>=0 && k<BENEFIT__N ? azKind[k] : NULL; }
int benefit_kind_of(const char *z){
  for(int i = 0; z && i < BENEFIT__N; i++) if( strcmp(azKind[i], z)==0 ) return i;
  return -1;
}

double econ_discount_factor(int t){
  return t <= 0 ? 1.0 : 1.0 / pow(1.0 + EVAL_DISCOUNT_RATE, t);
}

static double pct(int p){ return (p < 0 ? 0 : p > 100 ? 100 : p) / 100.0; }

long long econ_benefit_pv_with(const struct econ_benefit *b, long long proxyPence, int dw, int attr,
                               int disp, int drop){
  if( b->durationYears < 1 || b->quantity <= 0 || proxyPence <= 0 ) return 0;
  double base = b->quantity * (double)proxyPence * (1 - pct(dw)) * (1 - pct(attr)) * (1 - pct(disp));
  double keep = 1 - pct(drop), sum = 0, v = base;
  for(int k = 0; k < b->durationYears; k++){
    sum += v * econ_discount_factor(b->startYear + k);
    v *= keep;
  }
  return llround(sum);
}

long long econ_benefit_pv(const struct econ_benefit *b){
  return econ_benefit_pv_with(b, b->proxyPence, b->deadweightPct, b->attributionPct,
                              b->displacementPct, b->dropOffPct);
}

/* Σ PV with one figure moved for every benefit: what 0 none, 1 dw, 2 attr,
** 3 disp, 4 drop (by delta points), 5 proxy (delta<0 low, >0 high). */
static long long total_moved(const struct econ_benefit *a, size_t n, int what, int delta){
  long long t = 0;
  for(size_t i = 0; i < n; i++){
    const struct econ_benefit *b = &a[i];
    int f[4] = {b->deadweightPct, b->attributionPct, b->displacementPct, b->dropOffPct};
    long long proxy = b->proxyPence;
    if( what>=1 && what<=4 ){
      int v = f[what-1] + delta;
      f[what-1] = v < 0 ? 0 : v > 100 ? 100 : v;
    }else if( what==5 ){
      long long q = delta < 0 ? b->proxyLowPence : b->proxyHighPence;
      if( q >= 0 ) proxy = q;
    }
    t += econ_benefit_pv_with(b, proxy, f[0], f[1], f[2], f[3]);
  }
  return t;
}

void econ_evaluate(const struct econ_benefit *a, size_t n, long long costPence, struct econ_result *r){
  static const char *const azWhat[] = {"", "deadweight", "attribution", "displacement", "drop_off", "proxy"};
  memset(r, 0, sizeof *r);
  r->costPence = costPence;
  for(size_t i = 0; i < n; i++){
    long long pv = econ_benefit_pv(&a[i]);
    r->benefitsPv += pv;
    if( a[i].kind==BENEFIT_CASH ) r->cashReleasingPv += pv;
  }
  r->zLowWhat = r->zHighWhat = r->zLowDir = r->zHighDir = "";
  if( costPence <= 0 ) return;
  r->bRatios = true;
  double c = (double)costPence;
  r->roi = (double)(r->cashReleasingPv - costPence) / c;
  r->sroi = (double)r->benefitsPv / c;
  r->sroiLow = r->sroiHigh = r->sroi;
  for(int w = 1; w <= 5; w++){
    for(int d = -1; d <= 1; d += 2){
      double s = (double)total_moved(a, n, w, w==5 ? d : 10*d) / c;
      const char *zDir = w==5 ? (d<0 ? "low" : "high") : (d<0 ? "down" : "up");
      if( s < r->sroiLow ){ r->sroiLow = s; r->zLowWhat = azWhat[w]; r->zLowDir = zDir; }
      if( s > r->sroiHigh ){ r->sroiHigh = s; r->zHighWhat = azWhat[w]; r->zHighDir = zDir; }
    }
  }
}
