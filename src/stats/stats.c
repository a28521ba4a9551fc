/*
** The statistics engine (src/stats/stats.h): medians, means, moving
** ranges, the binomial distribution, XmR / p / u charts with the "Making
** Data Count" special-cause rules, and run charts with the Anhøj and IHI
** rules. Only the C standard library; no allocation; no I/O.
**
** Sources followed (the newest versions held by the code index, read
** for this implementation):
**
**   NHSRplotthedots (nhs-r-community/NHSRplotthedots), version 0.2.x:
**     R/ptd_spc_standard.R           at 8aac3239e90ce9ebeb9c3e61f56c207dfc37b225
**     R/ptd_calculate_point_type.R   at f7891af4b8f71838f4c6fb17c8eec1a1c9bd6d7f
**     R/ptd_calculate_assurance_type.R at f7891af4b8f71838f4c6fb17c8eec1a1c9bd6d7f
**   That version still uses 7-point shifts and 7-point trends
**   (ptd_seven_point_one_side_mean, ptd_seven_point_trend), so we do too
**   (SPC_SHIFT_LEN, SPC_TREND_LEN below).
**
**   qicharts2 (anhoej/qicharts2), R/helper.functions.R at
**     919b203e6067bae54555fba3922d8f82a32e00ca: runs.analysis (Anhøj
**     rules), qic.p and qic.u (3-sigma limits per subgroup, cut at 0 and,
**     for p, at 1).
**
**   R's nmath (dbinom_raw with Loader's stirlerr/bd0; qbinom's left
**     continuity fuzz p * (1 - 8 DBL_EPSILON) as in R >= 4.2) for the
**     binomial distribution.
**
** Where we differ from NHSRplotthedots, on purpose:
**   - mean moving range 0 (a segment whose consecutive values are all
**     equal): the package's screening drops every moving range (0 < 0 is
**     false) and its limits become NaN; we skip screening when the mean
**     moving range is 0, so the limits equal the mean.
**   - missing values (NaN): the package lets NA run through its rules;
**     we give a missing point type common_cause and rule none, and the
**     rules (shift, trend, two of three) run over the sequence of the
**     segment's non-missing points, so a gap neither extends nor breaks a
**     run or a trend. Moving ranges across a gap are missing (as the
**     package's diff() makes them), so a gap removes two moving ranges.
**   - a point in two trends (a peak shared by a rising and a falling
**     trend) takes the direction of the later trend, as the package's
**     "use right side"; the package's quirk that can label the last point
**     of a trend by the step after it (when that step is flat) is not
**     reproduced: a trend point always takes a trend's direction.
*/
#include "stats/stats.h"
#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#define SPC_LIMIT 2.66                          /* ptd_spc_standard: limit */
#define SPC_NEAR (2.0 * (SPC_LIMIT / 3.0))      /* limitclose <- 2 * (limit / 3) */
#define SPC_SCREEN 3.267                        /* moving ranges >= 3.267 mR-bar are dropped */
#define SPC_SHIFT_LEN 7                         /* points on one side of the mean */
#define SPC_TREND_LEN 7                         /* points each higher (lower) than the last */
#define RUN_IHI_SHIFT 6
#define RUN_IHI_TREND 5

/* ---- building blocks -------------------------------------------------- */

/* R's mean(): long double sum, then one refinement pass. */
double stats_mean(const double *x, size_t n){
  long double s = 0.0L;
  size_t m = 0;
  for(size_t i=0; i<n; i++){
    if( isnan(x[i]) ) continue;
    s += x[i];
    m++;
  }
  if( m==0 ) return NAN;
  s /= (long double)m;
  if( isfinite((double)s) ){
    long double t = 0.0L;
    for(size_t i=0; i<n; i++){
      if( !isnan(x[i]) ) t += (long double)x[i] - s;
    }
    s += t / (long double)m;
  }
  return (double)s;
}

static void swap_d(double *a, size_t i, size_t j){
  double t = a[i]; a[i] = a[j]; a[j] = t;
}
static void sift_down(double *a, size_t i, size_t n){
  for(;;){
    size_t c = 2*i + 1;
    if( c>=n ) return;
    if( c+1<n && a[c+1]>a[c] ) c++;
    if( !(a[c]>a[i]) ) return;
    swap_d(a, i, c);
    i = c;
  }
}
static void heap_sort(double *a, size_t n){
  if( n<2 ) return;
  for(size_t i=n/2; i-->0; ) sift_down(a, i, n);
  for(size_t e=n-1; e>0; e--){
    swap_d(a, 0, e);
    sift_down(a, 0, e);
  }
}
static void insertion_sort(double *a, size_t n){
  for(size_t i=1; i<n; i++){
    double v = a[i];
    size_t j = i;
    while( j>0 && a[j-1]>v ){ a[j] = a[j-1]; j--; }
    a[j] = v;
  }
}
/* The k-th smallest of a[0..n) (no NaN), rearranging a so that every
** element after position k is >= the result. Quickselect with a median of
** three and a three-way partition (all-equal data is one pass), falling
** back to heapsort after 2 log2 n rounds: O(n) expected, O(n log n) worst. */
static double select_kth(double *a, size_t n, size_t k){
  size_t lo = 0, hi = n;
  unsigned depth = 8;
  for(size_t m=n; m>1; m>>=1) depth += 2;
  while( hi-lo>16 ){
    if( depth--==0 ){
      heap_sort(a+lo, hi-lo);
      return a[k];
    }
    double x = a[lo], y = a[lo+(hi-lo)/2], z = a[hi-1], p;
    if( x<y ) p = y<z ? y : (x<z ? z : x);
    else p = x<z ? x : (y<z ? z : y);
    size_t lt = lo, i = lo, gt = hi;
    while( i<gt ){
      if( a[i]<p ) swap_d(a, lt++, i++);
      else if( a[i]>p ) swap_d(a, i, --gt);
      else i++;
    }
    if( k<lt ) hi = lt;
    else if( k>=gt ) lo = gt;
    else return p;
  }
  insertion_sort(a+lo, hi-lo);
  return a[k];
}

double stats_median(const double *x, size_t n, double *aScratch){
  size_t m = 0;
  for(size_t i=0; i<n; i++){
    if( !isnan(x[i]) ) aScratch[m++] = x[i];
  }
  if( m==0 ) return NAN;
  size_t k = (m-1)/2;
  double lo = select_kth(aScratch, m, k);
  if( m%2 ) return lo;
  double hi = aScratch[k+1];
  for(size_t i=k+2; i<m; i++){
    if( aScratch[i]<hi ) hi = aScratch[i];
  }
  return (double)(((long double)lo + (long double)hi) / 2.0L);
}

size_t stats_moving_ranges(const double *x, size_t n, double *aMr){
  for(size_t i=0; i<n; i++){
    aMr[i] = (i==0 || isnan(x[i]) || isnan(x[i-1])) ? NAN : fabs(x[i] - x[i-1]);
  }
  return n;
}

/* ---- the binomial distribution (R's nmath) ---------------------------- */

#define LN_2PI 1.837877066409345483560659472811
#define LN_SQRT_2PI 0.918938533204672741780329736406

/* log(n!) - log(sqrt(2 pi n) (n/e)^n), Loader (2000), as R's stirlerr. */
static double stirlerr(double n){
  const double S0 = 1.0/12, S1 = 1.0/360, S2 = 1.0/1260, S3 = 1.0/1680, S4 = 1.0/1188;
  if( n<=15.0 ){
    if( n<=0.0 ) return 0.0;
    /* n is a whole number here: log(n!) exactly from the product. */
    /* n is a whole number here: log(n!) from the exact product, in long
    ** double so the cancellation leaves full double precision. */
    long double f = 1.0L, ln = n;
    for(int i=2; i<=(int)n; i++) f *= i;
    return (double)(logl(f) - (ln + 0.5L)*logl(ln) + ln
                    - 0.918938533204672741780329736405617639861L);
  }
  double nn = n*n;
  if( n>500 ) return (S0 - S1/nn)/n;
  if( n>80 ) return (S0 - (S1 - S2/nn)/nn)/n;
  if( n>35 ) return (S0 - (S1 - (S2 - S3/nn)/nn)/nn)/n;
  return (S0 - (S1 - (S2 - (S3 - S4/nn)/nn)/nn)/nn)/n;
}
/* x log(x/np) + np - x, computed without cancellation (Loader). */
static double bd0(double x, double np){
  if( fabs(x-np) < 0.1*(x+np) ){
    double v = (x-np)/(x+np);
    double s = (x-np)*v;
    if( fabs(s)<DBL_MIN ) return s;
    double ej = 2*x*v;
    v *= v;
    for(int j=1; j<1000; j++){
      ej *= v;
      double s1 = s + ej/((j<<1) + 1);
      if( s1==s ) return s1;
      s = s1;
    }
  }
  return x*log(x/np) + np - x;
}
/* P(X = x), X ~ Bin(n, p), q = 1 - p: R's dbinom_raw. */
static double dbinom_raw(double x, double n, double p, double q){
  if( p==0 ) return x==0 ? 1.0 : 0.0;
  if( q==0 ) return x==n ? 1.0 : 0.0;
  if( x==0 ){
    if( n==0 ) return 1.0;
    return exp(p<0.1 ? -bd0(n, n*q) - n*p : n*log(q));
  }
  if( x==n ) return exp(q<0.1 ? -bd0(n, n*p) - n*q : n*log(p));
  if( x<0 || x>n ) return 0.0;
  double lc = stirlerr(n) - stirlerr(x) - stirlerr(n-x) - bd0(x, n*p) - bd0(n-x, n*q);
  double lf = LN_2PI + log(x) + log1p(-x/n);
  return exp(lc - 0.5*lf);
}

/* Sum of P(X = j) from j = k moving by step (-1 or +1) while the terms
** matter. Called from the tail side of the mode, where terms shrink. */
static double binom_tail(long k, long n, double p, int step){
  double q = 1.0 - p, s = 0.0;
  for(long j=k; j>=0 && j<=n; j+=step){
    double t = dbinom_raw((double)j, (double)n, p, q);
    s += t;
    if( t<=s*(DBL_EPSILON*1e-3) ) break;
  }
  return s;
}

double stats_pbinom(long k, long n, double p){
  if( n<0 || isnan(p) || p<0.0 || p>1.0 ) return NAN;
  if( k<0 ) return 0.0;
  if( k>=n ) return 1.0;
  if( p==0.0 ) return 1.0;
  if( p==1.0 ) return 0.0;     /* k < n */
  if( (double)k <= (double)n*p ) return binom_tail(k, n, p, -1);
  double u = binom_tail(k+1, n, p, +1);
  return u>=1.0 ? 0.0 : 1.0 - u;
}

long stats_qbinom(double q, long n, double p){
  if( n<0 || isnan(p) || p<0.0 || p>1.0 || isnan(q) || q<0.0 || q>1.0 ) return -1;
  if( q==0.0 || n==0 || p==0.0 ) return 0;
  if( q==1.0 || p==1.0 ) return n;
  q *= 1.0 - 8*DBL_EPSILON;     /* R's fuzz for left continuity */
  long lo = 0, hi = n;           /* pbinom(hi) = 1 >= q */
  while( lo<hi ){
    long mid = lo + (hi-lo)/2;
    if( stats_pbinom(mid, n, p)>=q ) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/* ---- SPC ---------------------------------------------------------------- */

const char *spc_type_code(enum spc_type t){
  switch( t ){
    case SPC_COMMON_CAUSE: return "common_cause";
    case SPC_IMPROVEMENT: return "special_cause_improvement";
    case SPC_CONCERN: return "special_cause_concern";
    case SPC_NEUTRAL_HIGH: return "special_cause_neutral_high";
    case SPC_NEUTRAL_LOW: return "special_cause_neutral_low";
  }
  return "common_cause";
}
const char *spc_rule_code(enum spc_rule r){
  switch( r ){
    case SPC_RULE_NONE: return NULL;
    case SPC_RULE_OUTSIDE_LIMITS: return "outside_limits";
    case SPC_RULE_TREND: return "trend";
    case SPC_RULE_TWO_OF_THREE: return "two_of_three";
    case SPC_RULE_SHIFT: return "shift";
  }
  return NULL;
}
const char *spc_assurance_code(enum spc_assurance a){
  switch( a ){
    case SPC_ASSURANCE_NONE: return NULL;
    case SPC_ASSURANCE_PASS: return "consistent_pass";
    case SPC_ASSURANCE_FAIL: return "consistent_fail";
    case SPC_ASSURANCE_VARIABLE: return "inconsistent";
  }
  return NULL;
}

void spc_options_default(struct spc_options *p){
  memset(p, 0, sizeof *p);
  p->chart = SPC_XMR;
  p->direction = SPC_INCREASE;
  p->bScreenOutliers = true;
  p->bHasTarget = false;
  p->target = NAN;
  p->aRebase = NULL;
  p->nRebase = 0;
}

static int sgn(double v){ return v>0 ? 1 : (v<0 ? -1 : 0); }

/* Give point p the rule r, pointing up (s > 0) or down, unless it already
** has a rule that comes first. The same rule again overwrites: a point
** shared by two trends takes the later one ("use right side"). */
static void mark(struct spc_point *p, enum spc_rule r, int s, enum spc_direction dir){
  if( p->rule!=SPC_RULE_NONE && p->rule<r ) return;
  p->rule = r;
  if( dir==SPC_NEUTRAL ) p->type = s>0 ? SPC_NEUTRAL_HIGH : SPC_NEUTRAL_LOW;
  else p->type = (s*(int)dir>0) ? SPC_IMPROVEMENT : SPC_CONCERN;
}

/* The special-cause rules over one segment a[0..n), whose value, centre,
** lower, upper, nearLower and nearUpper are set (per point, so the same
** code serves XmR and the p and u charts with their varying limits).
** aIdx (n doubles) receives the positions of the non-missing points: the
** rules run over that sequence. */
static void spc_rules(struct spc_point *a, size_t n, enum spc_direction dir, double *aIdx){
  size_t m = 0;
  for(size_t i=0; i<n; i++){
    a[i].type = SPC_COMMON_CAUSE;
    a[i].rule = SPC_RULE_NONE;
    if( !isnan(a[i].value) ) aIdx[m++] = (double)i;
  }
#define PT(k) (&a[(size_t)aIdx[k]])
  /* A point beyond a process limit. */
  for(size_t k=0; k<m; k++){
    struct spc_point *p = PT(k);
    if( p->value>p->upper ) mark(p, SPC_RULE_OUTSIDE_LIMITS, 1, dir);
    else if( p->value<p->lower ) mark(p, SPC_RULE_OUTSIDE_LIMITS, -1, dir);
  }
  /* Trend: SPC_TREND_LEN points each strictly higher (lower) than the
  ** last; an equal neighbour breaks it (sign(diff) = 0). */
  for(size_t k=1; k<m; ){
    int s = sgn(PT(k)->value - PT(k-1)->value);
    if( s==0 ){ k++; continue; }
    size_t j = k;
    while( j+1<m && sgn(PT(j+1)->value - PT(j)->value)==s ) j++;
    if( j-k+2>=SPC_TREND_LEN ){
      for(size_t t=k-1; t<=j; t++) mark(PT(t), SPC_RULE_TREND, s, dir);
    }
    k = j+1;
  }
  /* Two of three: three consecutive points on the same side of the centre
  ** line (none on it), at least two of them beyond the near limit (and not
  ** beyond the process limit); those points are marked. */
  for(size_t k=0; k+2<m; k++){
    int r = 0, nClose = 0;
    for(size_t t=k; t<k+3; t++){
      struct spc_point *p = PT(t);
      r += sgn(p->value - p->centre);
      bool bOut = p->value>p->upper || p->value<p->lower;
      if( !bOut && (p->value<p->nearLower || p->value>p->nearUpper) ) nClose++;
    }
    if( (r==3 || r==-3) && nClose>=2 ){
      for(size_t t=k; t<k+3; t++){
        struct spc_point *p = PT(t);
        bool bOut = p->value>p->upper || p->value<p->lower;
        if( !bOut && (p->value<p->nearLower || p->value>p->nearUpper) ){
          mark(p, SPC_RULE_TWO_OF_THREE, r/3, dir);
        }
      }
    }
  }
  /* Shift: SPC_SHIFT_LEN points on one side of the centre line; a point
  ** on the line breaks the run (sign(y - mean) = 0). */
  for(size_t k=0; k<m; ){
    int s = sgn(PT(k)->value - PT(k)->centre);
    size_t j = k;
    while( j+1<m && sgn(PT(j+1)->value - PT(j+1)->centre)==s ) j++;
    if( s!=0 && j-k+1>=SPC_SHIFT_LEN ){
      for(size_t t=k; t<=j; t++) mark(PT(t), SPC_RULE_SHIFT, s, dir);
    }
    k = j+1;
  }
#undef PT
}

/* Mean of the non-missing x[0..n), counting only values < lim when
** bBelow; as R's mean (long double, one refinement pass). */
static double mean_below(const double *x, size_t n, bool bBelow, double lim){
  long double s = 0.0L;
  size_t m = 0;
  for(size_t i=0; i<n; i++){
    if( isnan(x[i]) || (bBelow && !(x[i]<lim)) ) continue;
    s += x[i];
    m++;
  }
  if( m==0 ) return NAN;
  s /= (long double)m;
  if( isfinite((double)s) ){
    long double t = 0.0L;
    for(size_t i=0; i<n; i++){
      if( isnan(x[i]) || (bBelow && !(x[i]<lim)) ) continue;
      t += (long double)x[i] - s;
    }
    s += t / (long double)m;
  }
  return (double)s;
}

static enum spc_assurance assurance_of(const struct spc_options *o, double lower, double upper){
  if( !o->bHasTarget || isnan(o->target) || o->direction==SPC_NEUTRAL ) return SPC_ASSURANCE_NONE;
  if( isnan(lower) || isnan(upper) ) return SPC_ASSURANCE_NONE;
  bool bUp = o->direction==SPC_INCREASE;
  if( o->target>upper ) return bUp ? SPC_ASSURANCE_FAIL : SPC_ASSURANCE_PASS;
  if( o->target<lower ) return bUp ? SPC_ASSURANCE_PASS : SPC_ASSURANCE_FAIL;
  return SPC_ASSURANCE_VARIABLE;
}

/* XmR limits of one segment; aMr has room for n doubles. */
static void xmr_segment(const double *x, size_t n, bool bScreen, struct spc_point *a,
                        struct spc_segment *pSeg, double *aMr){
  double mean = stats_mean(x, n);
  stats_moving_ranges(x, n, aMr);
  double amr = mean_below(aMr, n, false, 0);
  /* Screening (ptd_spc_standard): keep mr < 3.267 * amr, then recompute.
  ** Not when amr is 0: that would drop every range (see the top). */
  if( bScreen && amr>0 && isfinite(amr) ) amr = mean_below(aMr, n, true, SPC_SCREEN*amr);
  pSeg->centre = mean;
  pSeg->meanMovingRange = amr;
  pSeg->lower = mean - SPC_LIMIT*amr;
  pSeg->upper = mean + SPC_LIMIT*amr;
  for(size_t i=0; i<n; i++){
    a[i].value = x[i];
    a[i].centre = mean;
    a[i].lower = pSeg->lower;
    a[i].upper = pSeg->upper;
    a[i].nearLower = mean - SPC_NEAR*amr;
    a[i].nearUpper = mean + SPC_NEAR*amr;
  }
}

/* p or u limits of one segment (qic.p, qic.u). */
static void pu_segment(const double *aNum, const double *aDen, size_t n, bool bP,
                       struct spc_point *a, struct spc_segment *pSeg){
  long double sNum = 0.0L, sDen = 0.0L;
  size_t m = 0;
  for(size_t i=0; i<n; i++){
    if( isnan(aNum[i]) || isnan(aDen[i]) ) continue;
    sNum += aNum[i];
    sDen += aDen[i];
    m++;
  }
  double cl = m ? (double)(sNum/sDen) : NAN;
  pSeg->centre = cl;
  pSeg->meanMovingRange = NAN;
  double denMean = m ? (double)(sDen/(long double)m) : NAN;
  for(size_t i=0; i<=n; i++){
    double den = i<n ? aDen[i] : denMean;
    double sd = bP ? sqrt(cl*(1.0 - cl)/den) : sqrt(cl/den);
    double lo = cl - 3*sd, hi = cl + 3*sd, nlo = cl - 2*sd, nhi = cl + 2*sd;
    if( lo<0 ) lo = 0;
    if( nlo<0 ) nlo = 0;
    if( bP && hi>1 ) hi = 1;
    if( bP && nhi>1 ) nhi = 1;
    if( i==n ){
      pSeg->lower = lo;
      pSeg->upper = hi;
      break;
    }
    bool bMissing = isnan(aNum[i]) || isnan(aDen[i]);
    a[i].value = bMissing ? NAN : aNum[i]/aDen[i];
    a[i].centre = cl;
    a[i].lower = bMissing ? NAN : lo;
    a[i].upper = bMissing ? NAN : hi;
    a[i].nearLower = bMissing ? NAN : nlo;
    a[i].nearUpper = bMissing ? NAN : nhi;
  }
}

int spc_compute(const double *aValue, const double *aDenominator, size_t n,
                const struct spc_options *o, struct spc_point *aOut,
                struct spc_segment *aSeg, double *aScratch){
  if( !o ) return -1;
  if( o->nRebase>0 && !o->aRebase ) return -1;
  if( o->chart!=SPC_XMR && o->chart!=SPC_P && o->chart!=SPC_U ) return -1;
  if( o->direction!=SPC_INCREASE && o->direction!=SPC_DECREASE && o->direction!=SPC_NEUTRAL ) return -1;
  for(size_t r=0; r<o->nRebase; r++){
    size_t at = o->aRebase[r];
    if( at==0 || at>=n || (r>0 && at<=o->aRebase[r-1]) ) return -1;
  }
  if( o->chart!=SPC_XMR ){
    if( !aDenominator ) return -1;
    for(size_t i=0; i<n; i++){
      if( isnan(aValue[i]) ) continue;
      double num = aValue[i], den = aDenominator[i];
      if( isnan(den) ) continue;   /* a missing point */
      if( !(den>0) || !isfinite(den) || !isfinite(num) || num<0 ) return -1;
      if( o->chart==SPC_P && num>den ) return -1;
    }
  }
  size_t nSeg = o->nRebase + 1;
  for(size_t s=0; s<nSeg; s++){
    size_t start = s==0 ? 0 : o->aRebase[s-1];
    size_t end = s<o->nRebase ? o->aRebase[s] : n;
    size_t len = end - start;
    struct spc_segment *pSeg = &aSeg[s];
    memset(pSeg, 0, sizeof *pSeg);
    pSeg->start = start;
    pSeg->n = len;
    if( len==0 ){
      pSeg->centre = pSeg->lower = pSeg->upper = pSeg->meanMovingRange = NAN;
      pSeg->assurance = SPC_ASSURANCE_NONE;
      continue;
    }
    if( o->chart==SPC_XMR ){
      xmr_segment(aValue+start, len, o->bScreenOutliers, aOut+start, pSeg, aScratch);
    }else{
      pu_segment(aValue+start, aDenominator+start, len, o->chart==SPC_P, aOut+start, pSeg);
    }
    for(size_t i=start; i<end; i++){
      aOut[i].segment = (unsigned)s;
      if( !isnan(aOut[i].value) ) pSeg->nUsed++;
    }
    if( pSeg->nUsed==0 ){
      pSeg->centre = pSeg->lower = pSeg->upper = NAN;
    }
    pSeg->assurance = assurance_of(o, pSeg->lower, pSeg->upper);
    spc_rules(aOut+start, len, o->direction, aScratch+n);
  }
  return (int)nSeg;
}

bool spc_current_signal(const struct spc_point *a, size_t n, enum spc_type *pType, size_t *piSince){
  size_t i = n;
  while( i>0 && isnan(a[i-1].value) ) i--;
  if( i==0 ) return false;
  size_t last = i-1, since = last;
  enum spc_type t = a[last].type;
  for(size_t j=last; j-->0; ){
    if( a[j].segment!=a[last].segment ) break;  /* limits recalculated: a new story */
    if( isnan(a[j].value) ) continue;
    if( a[j].type!=t ) break;
    since = j;
  }
  if( pType ) *pType = t;
  if( piSince ) *piSince = since;
  return true;
}

/* ---- run charts ------------------------------------------------------- */

/* Set bit on the non-missing points of [from, to] that are not on the
** median (bUseful) or on every non-missing point (!bUseful). */
static void flag_range(const double *x, size_t from, size_t to, double med, bool bUseful,
                       unsigned char *aFlags, unsigned char bit){
  if( !aFlags ) return;
  for(size_t i=from; i<=to; i++){
    if( isnan(x[i]) || (bUseful && x[i]==med) ) continue;
    aFlags[i] |= bit;
  }
}

void run_analyse(const double *x, size_t n, size_t nBaseline, struct run_result *pOut,
                 unsigned char *aFlags, double *aScratch){
  memset(pOut, 0, sizeof *pOut);
  if( aFlags ) memset(aFlags, 0, n);
  size_t nb = (nBaseline==0 || nBaseline>n) ? n : nBaseline;
  double med = stats_median(x, nb, aScratch);
  pOut->median = med;
  if( isnan(med) ) return;

  /* Runs about the median: points on it are left out (qicharts2). */
  size_t nUseful = 0, nRuns = 0, runLen = 0, longest = 0;
  int prev = 0;
  for(size_t i=0; i<n; i++){
    if( isnan(x[i]) ) continue;
    int s = sgn(x[i] - med);
    if( s==0 ){
      if( aFlags ) aFlags[i] |= RUN_ON_MEDIAN;
      continue;
    }
    nUseful++;
    if( s==prev ) runLen++;
    else{ nRuns++; runLen = 1; prev = s; }
    if( runLen>longest ) longest = runLen;
  }
  pOut->nUseful = nUseful;
  pOut->longestRun = longest;
  pOut->crossings = nRuns ? nRuns-1 : 0;
  if( nUseful>0 ){
    pOut->longestRunMax = (size_t)lround(log2((double)nUseful)) + 3;
    pOut->crossingsMin = (size_t)stats_qbinom(0.05, (long)(nUseful-1), 0.5);
    pOut->bRunsSignal = pOut->longestRun > pOut->longestRunMax;
    pOut->bCrossingsSignal = pOut->crossings < pOut->crossingsMin;
    pOut->bSignal = pOut->bRunsSignal || pOut->bCrossingsSignal;
  }

  /* Second pass: the longest runs and IHI shifts (>= 6 on one side). */
  prev = 0; runLen = 0;
  size_t runStart = 0, runEnd = 0;
  for(size_t i=0; i<=n; i++){
    int s = 0;
    if( i<n ){
      if( isnan(x[i]) ) continue;
      s = sgn(x[i] - med);
      if( s==0 ) continue;
      if( s==prev ){ runLen++; runEnd = i; continue; }
    }
    if( runLen>0 ){
      if( runLen==longest ) flag_range(x, runStart, runEnd, med, true, aFlags, RUN_IN_LONGEST_RUN);
      if( runLen>=RUN_IHI_SHIFT ){
        pOut->bShift = true;
        flag_range(x, runStart, runEnd, med, true, aFlags, RUN_IN_SHIFT);
      }
    }
    prev = s; runLen = 1; runStart = runEnd = i;
  }

  /* IHI trend: >= 5 points each higher (lower) than the last; an equal
  ** neighbour neither extends nor breaks it (it counts once). */
  size_t iPrev = SIZE_MAX;     /* the last non-missing point */
  size_t tStart = 0, tEnd = 0, nSteps = 0;
  int dir = 0;
  for(size_t i=0; i<=n; i++){
    int s = 0;
    if( i<n ){
      if( isnan(x[i]) ) continue;
      if( iPrev==SIZE_MAX ){ iPrev = i; continue; }
      s = sgn(x[i] - x[iPrev]);
      if( s==0 ){ iPrev = i; continue; }
      if( s==dir ){ nSteps++; tEnd = i; iPrev = i; continue; }
    }
    if( dir!=0 && nSteps+1>=RUN_IHI_TREND ){
      pOut->bTrend = true;
      flag_range(x, tStart, tEnd, med, false, aFlags, RUN_IN_TREND);
    }
    if( i<n ){
      dir = s; nSteps = 1; tStart = iPrev; tEnd = i; iPrev = i;
    }
  }
}
