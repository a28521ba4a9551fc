/*
** Population-health indicators (src/stats/indicators.h): the normal and
** gamma quantiles they need, Wilson, Byar's and exact Poisson intervals,
** Dobson's directly standardised rates, indirectly standardised ratios
** and funnel plots. Only the C standard library (and lgamma_r); no
** allocation; no I/O.
**
** The methods are those of the PHEindicatormethods R package (Public
** Health England, now UKHSA / DHSC; GPL-3), version 2.1.0, read for this
** implementation (ukhsa-collaboration/PHEindicatormethods at commit
** 093fd28):
**   R/utils.R       byars_lower, byars_upper, wilson_lower, wilson_upper,
**                   funnel_ratio_significance, sigma_adjustment
**   R/Proportions.R phe_proportion (Wilson, times multiplier)
**   R/Rates.R       phe_rate (exact under 10 events, else Byar's)
**   R/DSR.R         calculate_dsr / dsr_inner (Dobson; NA under 10 events)
**   R/ISRatio.R     calculate_ISRatio
**   R/Funnels.R     calculate_funnel_limits, assign_funnel_significance
** Each function below says what of the package it follows; the unit test
** checks them against the values the package publishes with its tests.
**
** References for the numerical methods:
**   Wichura MJ. Algorithm AS 241: the percentage points of the normal
**     distribution. Applied Statistics 1988; 37(3): 477-484 (PPND16, the
**     coefficients as published).
**   Abramowitz M, Stegun IA. Handbook of mathematical functions, 6.5.29
**     (the series of the incomplete gamma function) and 6.5.31 (its
**     continued fraction), evaluated by Lentz's method (Lentz WJ, Applied
**     Optics 1976; 15: 668-671; Thompson IJ, Barnett AR, J Comput Phys
**     1986; 64: 490-509).
**   Wilson EB, Hilferty MM. The distribution of chi-square. PNAS 1931;
**     17: 684-688 (the starting point of the gamma quantile's Newton steps).
**   Breslow NE, Day NE. Statistical methods in cancer research, volume
**     II. IARC, 1987 (Byar's approximation).
**   Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for
**     weighted sums of Poisson parameters. Stat Med 1991; 10: 457-462.
**   Wilson EB. Probable inference, the law of succession, and statistical
**     inference. JASA 1927; 22: 209-212.
*/
#include "stats/indicators.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- distributions ------------------------------------------------------ */

/* Horner's rule over c[0] + c[1] r + ... + c[n-1] r^(n-1). */
static double poly(const double *c, int n, double r){
  double s = c[n-1];
  for(int i=n-2; i>=0; i--) s = s*r + c[i];
  return s;
}

double stats_qnorm(double p){
  /* AS241 PPND16: three rational approximations, for |p - 0.5| <= 0.425,
  ** for the tails up to r = sqrt(-log(min(p, 1-p))) <= 5, and beyond. */
  static const double a[8] = {
    3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3,
    1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4,
    3.3430575583588128105e4, 2.5090809287301226727e3 };
  static const double b[8] = {
    1.0, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
    2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4,
    5.2264952788528545610e3 };
  static const double c[8] = {
    1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
    3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
    2.27238449892691845833e-2, 7.74545014278341407640e-4 };
  static const double d[8] = {
    1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
    1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
    1.05075007164441684324e-9 };
  static const double e[8] = {
    6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
    2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
    2.71155556874348757815e-5, 2.01033439929228813265e-7 };
  static const double f[8] = {
    1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
    7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
    2.04426310338993978564e-15 };
  if( isnan(p) || p<0.0 || p>1.0 ) return NAN;
  if( p==0.0 ) return -INFINITY;
  if( p==1.0 ) return INFINITY;
  double q = p - 0.5;
  if( fabs(q)<=0.425 ){
    double r = 0.180625 - q*q;
    return q * poly(a, 8, r) / poly(b, 8, r);
  }
  double r = q<0.0 ? p : 1.0 - p;
  r = sqrt(-log(r));
  double z;
  if( r<=5.0 ){
    r -= 1.6;
    z = poly(c, 8, r) / poly(d, 8, r);
  }else{
    r -= 5.0;
    z = poly(e, 8, r) / poly(f, 8, r);
  }
  return q<0.0 ? -z : z;
}

/* log Gamma(a) for a > 0, without touching the global signgam. */
static double log_gamma(double a){
  int sign;
  return lgamma_r(a, &sign);
}

/* x^a e^-x / Gamma(a), the factor in front of both expansions. */
static double gamma_front(double x, double a){
  return exp(a*log(x) - x - log_gamma(a));
}

/* P(a, x) by its series, for x < a + 1 (Abramowitz and Stegun 6.5.29):
** x^a e^-x / Gamma(a+1) * sum_n x^n / ((a+1)...(a+n)). */
static double gamma_series(double x, double a){
  double term = 1.0/a, sum = term;
  for(int n=1; n<100000; n++){
    term *= x/(a + n);
    sum += term;
    if( fabs(term)<fabs(sum)*1e-17 ) break;
  }
  return sum * gamma_front(x, a);
}

/* Q(a, x) by its continued fraction, for x >= a + 1 (6.5.31), evaluated
** by the modified Lentz method. */
static double gamma_fraction(double x, double a){
  const double tiny = 1e-300;
  double b = x + 1.0 - a;
  double c = 1.0/tiny;
  double d = 1.0/b;
  double h = d;
  for(int i=1; i<100000; i++){
    double an = -i*(i - a);
    b += 2.0;
    d = an*d + b;
    if( fabs(d)<tiny ) d = tiny;
    c = b + an/c;
    if( fabs(c)<tiny ) c = tiny;
    d = 1.0/d;
    double del = d*c;
    h *= del;
    if( fabs(del - 1.0)<1e-16 ) break;
  }
  return h * gamma_front(x, a);
}

double stats_pgamma(double x, double a, bool bUpper){
  if( isnan(x) || isnan(a) || a<=0.0 || x<0.0 ) return NAN;
  if( x==0.0 ) return bUpper ? 1.0 : 0.0;
  if( isinf(x) ) return bUpper ? 0.0 : 1.0;
  if( x<a+1.0 ){
    double p = gamma_series(x, a);
    return bUpper ? 1.0 - p : p;
  }
  double q = gamma_fraction(x, a);
  return bUpper ? q : 1.0 - q;
}

/* The density x^(a-1) e^-x / Gamma(a). */
static double gamma_density(double x, double a){
  return exp((a - 1.0)*log(x) - x - log_gamma(a));
}

double stats_qgamma(double p, double a){
  if( isnan(p) || isnan(a) || p<0.0 || p>1.0 || a<0.0 || isinf(a) ) return NAN;
  if( a==0.0 || p==0.0 ) return 0.0;
  if( p==1.0 ) return INFINITY;
  /* Solve in the smaller tail, so that the target is never the difference
  ** of two numbers close to 1: P(a, x) = p when p <= 1/2, else
  ** Q(a, x) = 1 - p (exact in floating point for p > 1/2). */
  bool bUpper = p>0.5;
  double target = bUpper ? 1.0 - p : p;
  /* g(x) = tail(x) - target rises with x in the lower tail and falls in
  ** the upper; s makes it rise in both. */
  double s = bUpper ? -1.0 : 1.0;
  /* Start from Wilson and Hilferty's approximation. In the lower tail,
  ** P(a, x) <= x^a / Gamma(a+1) (the integrand t^(a-1) e^-t is at most
  ** t^(a-1)), so x0 = (p Gamma(a+1))^(1/a) is a lower bound of the root,
  ** and close to it when the root is small: a quantile that would be
  ** below the smallest normal double (where too few bits are left to
  ** hold it to the accuracy promised) is 0. */
  double z = stats_qnorm(p);
  double v = 1.0/(9.0*a);
  double x = a*pow(1.0 - v + z*sqrt(v), 3);
  double lo = 0.0, hi = INFINITY;
  if( !bUpper ){
    double lx0 = (log(p) + log_gamma(a + 1.0))/a;
    if( lx0<log(DBL_MIN) ) return 0.0;
    double x0 = exp(lx0);
    if( x0>0.0 && isfinite(x0) ){
      lo = x0;
      if( !(x>x0) ) x = x0;
    }
  }
  if( !(x>0.0) || !isfinite(x) ) x = a;
  /* Newton's method on g (g' is the density in both tails), keeping a
  ** bracket [lo, hi] around the root and bisecting it (geometrically while
  ** it spans more than a factor of 4) whenever a Newton step would leave
  ** it, as rounding noise in g makes it do near the root. */
  for(int i=0; i<400; i++){
    double g = s*(stats_pgamma(x, a, bUpper) - target);
    if( g==0.0 ) return x;
    if( g<0.0 ) lo = x; else hi = x;
    double xn = x - g/gamma_density(x, a);
    if( !(xn>lo && xn<hi) || !isfinite(xn) ){
      if( isinf(hi) ) xn = 2.0*x;
      else if( lo==0.0 ) xn = hi/4.0;
      else if( hi>4.0*lo ) xn = lo*sqrt(hi/lo);
      else xn = lo + (hi - lo)/2.0;
    }
    if( fabs(xn - x)<=4.0*DBL_EPSILON*x ) return xn;
    if( isfinite(hi) && hi - lo<=4.0*DBL_EPSILON*hi ) return lo + (hi - lo)/2.0;
    x = xn;
  }
  return x;
}

double stats_qchisq(double p, double df){
  if( isnan(df) || df<0.0 ) return NAN;
  return 2.0*stats_qgamma(p, df/2.0);
}

/* ---- intervals ----------------------------------------------------------- */

const char *ind_method_code(enum ind_method m){
  switch( m ){
    case IND_METHOD_WILSON: return "wilson";
    case IND_METHOD_EXACT:  return "exact";
    case IND_METHOD_BYARS:  return "byars";
    case IND_METHOD_DOBSON: return "dobson";
    case IND_METHOD_NONE:   break;
  }
  return 0;
}

static bool level_ok(double level){
  return level>0.0 && level<1.0;
}

double ind_z(double level){
  if( !level_ok(level) ) return NAN;
  return stats_qnorm(level + (1.0 - level)/2.0);
}

static void interval_nan(struct ind_interval *p){
  p->value = p->lower = p->upper = NAN;
}

/* wilson_lower, wilson_upper (R/utils.R); phe_proportion multiplies the
** proportion and both limits by the multiplier. */
bool ind_wilson(double x, double n, double level, double per, struct ind_interval *pOut){
  if( !(x>=0.0 && n>0.0 && x<=n && isfinite(n) && level_ok(level) && isfinite(per)) ){
    interval_nan(pOut);
    return false;
  }
  double z = ind_z(level);
  double z2 = z*z;
  double root = z*sqrt(z2 + 4.0*x*(1.0 - (x/n)));
  pOut->value = x/n*per;
  pOut->lower = (2.0*x + z2 - root)/2.0/(n + z2)*per;
  pOut->upper = (2.0*x + z2 + root)/2.0/(n + z2)*per;
  return true;
}

double ind_byars_lower(double x, double level){
  if( !(x>0.0) || !isfinite(x) || !level_ok(level) ) return NAN;
  double z = ind_z(level);
  double t = 1.0 - 1.0/(9.0*x) - z/(3.0*sqrt(x));
  double v = x*t*t*t;
  return v<0.0 ? NAN : v;
}

double ind_byars_upper(double x, double level){
  if( !(x>=0.0) || !isfinite(x) || !level_ok(level) ) return NAN;
  double z = ind_z(level);
  double x1 = x + 1.0;
  double t = 1.0 - 1.0/(9.0*x1) + z/(3.0*sqrt(x1));
  return x1*t*t*t;
}

double ind_exact_lower(double x, double level){
  if( !(x>=0.0) || !isfinite(x) || !level_ok(level) ) return NAN;
  return stats_qchisq((1.0 - level)/2.0, 2.0*x)/2.0;
}

double ind_exact_upper(double x, double level){
  if( !(x>=0.0) || !isfinite(x) || !level_ok(level) ) return NAN;
  return stats_qchisq(level + (1.0 - level)/2.0, 2.0*x + 2.0)/2.0;
}

enum ind_method ind_poisson_limits(double x, double level, double *pLower, double *pUpper){
  if( !(x>=0.0) || !isfinite(x) || !level_ok(level) ){
    *pLower = *pUpper = NAN;
    return IND_METHOD_NONE;
  }
  if( x<IND_SMALL_COUNT ){
    *pLower = ind_exact_lower(x, level);
    *pUpper = ind_exact_upper(x, level);
    return IND_METHOD_EXACT;
  }
  *pLower = ind_byars_lower(x, level);
  *pUpper = ind_byars_upper(x, level);
  return IND_METHOD_BYARS;
}

/* phe_rate (R/Rates.R). */
bool ind_rate(double x, double population, double level, double per, struct ind_interval *pOut,
              enum ind_method *pMethod){
  *pMethod = IND_METHOD_NONE;
  if( !(x>=0.0 && isfinite(x) && population>0.0 && isfinite(population) && level_ok(level)
        && isfinite(per)) ){
    interval_nan(pOut);
    return false;
  }
  double lo, hi;
  *pMethod = ind_poisson_limits(x, level, &lo, &hi);
  pOut->value = x/population*per;
  pOut->lower = lo/population*per;
  pOut->upper = hi/population*per;
  return true;
}

/* ---- standardisation ------------------------------------------------------ */

static double na_zero(double v){
  return isnan(v) ? 0.0 : v;
}

/* dsr_inner (R/DSR.R) for independent events. */
bool ind_dsr(const double *aCount, const double *aPop, const double *aStd, size_t n,
             double level, double per, struct ind_dsr *pOut){
  pOut->count = pOut->population = pOut->value = pOut->lower = pOut->upper = NAN;
  pOut->bSuppressed = false;
  if( n==0 || !level_ok(level) || !(per>0.0) || !isfinite(per) ) return false;
  double count = 0.0, pop = 0.0, std = 0.0, wt = 0.0, sq = 0.0;
  for(size_t i=0; i<n; i++){
    double x = aCount[i];
    if( !(isnan(x) || (x>=0.0 && isfinite(x))) ) return false;
    if( !(aPop[i]>0.0 && isfinite(aPop[i])) ) return false;
    if( !(aStd[i]>=0.0 && isfinite(aStd[i])) ) return false;
    x = na_zero(x);
    double r = aStd[i]/aPop[i];
    count += x;
    pop += aPop[i];
    std += aStd[i];
    wt += x*aStd[i]/aPop[i];
    sq += x*r*r;
  }
  if( !(std>0.0) ) return false;
  pOut->count = count;
  pOut->population = pop;
  if( count<IND_SMALL_COUNT ){
    pOut->bSuppressed = true;
    return true;
  }
  double value = wt/std*per;
  double var = 1.0/(std*std)*sq;
  double k = sqrt(var/count);
  pOut->value = value;
  pOut->lower = value + k*(ind_byars_lower(count, level) - count)*per;
  pOut->upper = value + k*(ind_byars_upper(count, level) - count)*per;
  return true;
}

/* calculate_ISRatio (R/ISRatio.R). */
bool ind_isr(const double *aCount, const double *aPop, const double *aRefCount,
             const double *aRefPop, size_t n, double level, double refvalue, struct ind_isr *pOut){
  pOut->observed = pOut->expected = pOut->value = pOut->lower = pOut->upper = NAN;
  pOut->method = IND_METHOD_NONE;
  if( n==0 || !level_ok(level) || !isfinite(refvalue) ) return false;
  double obs = 0.0, expd = 0.0;
  for(size_t i=0; i<n; i++){
    double x = na_zero(aCount[i]), p = na_zero(aPop[i]), rx = na_zero(aRefCount[i]);
    if( !(x>=0.0 && isfinite(x) && p>=0.0 && isfinite(p) && rx>=0.0 && isfinite(rx)) ) return false;
    if( !(aRefPop[i]>0.0 && isfinite(aRefPop[i])) ) return false;
    obs += x;
    expd += rx/aRefPop[i]*p;
  }
  if( !(expd>0.0) || !isfinite(expd) ) return false;
  double lo, hi;
  pOut->observed = obs;
  pOut->expected = expd;
  pOut->method = ind_poisson_limits(obs, level, &lo, &hi);
  pOut->value = obs/expd*refvalue;
  pOut->lower = lo/expd*refvalue;
  pOut->upper = hi/expd*refvalue;
  return true;
}

/* ---- funnel plots ---------------------------------------------------------- */

const char *ind_significance_code(enum ind_significance s){
  switch( s ){
    case IND_LOW_99_8:  return "low_99_8";
    case IND_LOW_95:    return "low_95";
    case IND_HIGH_95:   return "high_95";
    case IND_HIGH_99_8: return "high_99_8";
    case IND_NOT_SIGNIFICANT: break;
  }
  return "not_significant";
}

/* The package (sigma_adjustment in R/utils.R) finds each limit as the
** proportion whose Wilson score interval at denominator den just reaches
** the target, through a quadratic in closed form. The Wilson interval is
** the set of proportions the score test around them accepts, so that
** point is exactly t -+ z sqrt(t (1-t) / den): the normal approximation
** around the target. We compute this form, which has no cancellation; the
** unit test checks it against a transcription of the package's formula
** (agreeing to about 1e-12 relative up to den = 1e9) and against the
** limits the package publishes. */
static void funnel_limits_z(double t, double den, double z, double *pLower, double *pUpper){
  double h = z*sqrt(t*(1.0 - t)/den);
  *pLower = t - h;
  *pUpper = t + h;
}

void ind_funnel_proportion_limits(double target, double den, double level, double *pLower,
                                  double *pUpper){
  if( !(den>0.0) || !(target>=0.0 && target<=1.0) || !level_ok(level) ){
    *pLower = *pUpper = NAN;
    return;
  }
  funnel_limits_z(target, den, ind_z(level), pLower, pUpper);
}

/* assign_funnel_significance (R/Funnels.R), statistic "proportion": the
** limits at qnorm(0.999) and qnorm(0.975), compared strictly. */
static enum ind_significance funnel_significance(double v, double lo998, double lo95,
                                                 double hi95, double hi998){
  if( v<lo998 ) return IND_LOW_99_8;
  if( v<lo95 ) return IND_LOW_95;
  if( v>hi998 ) return IND_HIGH_99_8;
  if( v>hi95 ) return IND_HIGH_95;
  return IND_NOT_SIGNIFICANT;
}

enum ind_significance ind_funnel_proportion_significance(double num, double den, double target){
  if( !(den>0.0) || !(num>=0.0) || !(target>=0.0 && target<=1.0) ) return IND_NOT_SIGNIFICANT;
  double lo95, hi95, lo998, hi998;
  funnel_limits_z(target, den, stats_qnorm(0.975), &lo95, &hi95);
  funnel_limits_z(target, den, stats_qnorm(0.999), &lo998, &hi998);
  return funnel_significance(num/den, lo998, lo95, hi95, hi998);
}

static double clip(double v, double lo, double hi){
  return v<lo ? lo : (v>hi ? hi : v);
}

bool ind_funnel_proportion(const double *aNum, const double *aDen, size_t n, double per,
                           struct ind_funnel_point *aOut, double *pTarget){
  if( n==0 || !(per>0.0) || !isfinite(per) ) return false;
  double sNum = 0.0, sDen = 0.0;
  for(size_t i=0; i<n; i++){
    if( !(aNum[i]>=0.0 && aDen[i]>0.0 && aNum[i]<=aDen[i] && isfinite(aDen[i])) ) return false;
    sNum += aNum[i];
    sDen += aDen[i];
  }
  if( !isfinite(sDen) ) return false;
  double t = sNum/sDen;
  double z95 = stats_qnorm(0.975), z998 = stats_qnorm(0.999);
  *pTarget = t*per;
  for(size_t i=0; i<n; i++){
    double lo95, hi95, lo998, hi998;
    funnel_limits_z(t, aDen[i], z95, &lo95, &hi95);
    funnel_limits_z(t, aDen[i], z998, &lo998, &hi998);
    struct ind_funnel_point *p = &aOut[i];
    double v = aNum[i]/aDen[i];
    p->value = v*per;
    p->significance = funnel_significance(v, lo998, lo95, hi95, hi998);
    p->lower95 = clip(lo95, 0.0, 1.0)*per;
    p->upper95 = clip(hi95, 0.0, 1.0)*per;
    p->lower99_8 = clip(lo998, 0.0, 1.0)*per;
    p->upper99_8 = clip(hi998, 0.0, 1.0)*per;
  }
  return true;
}

/* funnel_ratio_significance and assign_funnel_significance (statistic
** "ratio"), R/utils.R and R/Funnels.R: exact limits under 10 observed,
** else Byar's, divided by the expected count, against 1. */
enum ind_significance ind_funnel_ratio_significance(double observed, double expected){
  if( !(observed>=0.0) || !isfinite(observed) || !(expected>0.0) || !isfinite(expected) ){
    return IND_NOT_SIGNIFICANT;
  }
  double lo95, hi95, lo998, hi998;
  ind_poisson_limits(observed, 0.95, &lo95, &hi95);
  ind_poisson_limits(observed, 0.998, &lo998, &hi998);
  if( observed==0.0 ) lo95 = lo998 = 0.0;
  if( 1.0<lo998/expected ) return IND_HIGH_99_8;
  if( 1.0<lo95/expected ) return IND_HIGH_95;
  if( 1.0>hi998/expected ) return IND_LOW_99_8;
  if( 1.0>hi95/expected ) return IND_LOW_95;
  return IND_NOT_SIGNIFICANT;
}

/* ---- overdispersion (Spiegelhalter 2005; see the header) ---------------------- */

static int cmp_double(const void *a, const void *b){
  double x = *(const double*)a, y = *(const double*)b;
  return x<y ? -1 : x>y ? 1 : 0;
}

bool ind_overdispersion(const double *aY, const double *aS, size_t n, double t, double *aScratch,
                        struct ind_overdispersion *pOut){
  memset(pOut, 0, sizeof *pOut);
  if( n<2 || !isfinite(t) ) return false;
  double sumW = 0, sumW2 = 0;
  for(size_t i=0; i<n; i++){
    if( !isfinite(aY[i]) || !(aS[i]>0.0) || !isfinite(aS[i]) ) return false;
    aScratch[i] = (aY[i] - t)/aS[i];
    double w = 1.0/(aS[i]*aS[i]);
    sumW += w;
    sumW2 += w*w;
  }
  qsort(aScratch, n, sizeof *aScratch, cmp_double);
  size_t q = n/10;              /* floor(0.1 n) */
  double lo = aScratch[q], hi = aScratch[n-1-q];
  double sumZ2 = 0;
  for(size_t i=0; i<n; i++){
    double z = aScratch[i] < lo ? lo : aScratch[i] > hi ? hi : aScratch[i];
    sumZ2 += z*z;
  }
  double k = (double)n;
  pOut->k = n;
  pOut->nWinsorised = q;
  pOut->phi = sumZ2/k;
  pOut->chi2 = sumZ2;
  double denom = sumW - sumW2/sumW;
  if( sumZ2 > k-1 && denom>0 && isfinite(denom) ){
    pOut->tau2 = (sumZ2 - (k-1))/denom;
    pOut->bOverdispersed = pOut->tau2>0;
  }
  return true;
}

bool ind_overdispersion_proportion(const double *aNum, const double *aDen, size_t n, double *aScratch,
                                   double *aY, double *aS, struct ind_overdispersion *pOut){
  memset(pOut, 0, sizeof *pOut);
  double sNum = 0, sDen = 0;
  for(size_t i=0; i<n; i++){
    if( !(aDen[i]>0.0) || !(aNum[i]>=0.0) || aNum[i]>aDen[i] || !isfinite(aDen[i]) ) return false;
    sNum += aNum[i];
    sDen += aDen[i];
  }
  if( n<2 ) return false;
  double t = sNum/sDen;
  if( !(t>0.0 && t<1.0) ) return false;
  for(size_t i=0; i<n; i++){
    aY[i] = aNum[i]/aDen[i];
    aS[i] = sqrt(t*(1-t)/aDen[i]);
  }
  return ind_overdispersion(aY, aS, n, t, aScratch, pOut);
}

bool ind_overdispersion_ratio(const double *aObs, const double *aExp, size_t n, double *aScratch,
                              double *aY, double *aS, struct ind_overdispersion *pOut){
  memset(pOut, 0, sizeof *pOut);
  if( n<2 ) return false;
  for(size_t i=0; i<n; i++){
    if( !(aExp[i]>0.0) || !(aObs[i]>=0.0) || !isfinite(aExp[i]) || !isfinite(aObs[i]) ) return false;
    aY[i] = aObs[i]/aExp[i];
    aS[i] = sqrt(1.0/aExp[i]);
  }
  return ind_overdispersion(aY, aS, n, 1.0, aScratch, pOut);
}

void ind_funnel_od_limits(double t, double s, double tau2, double level, double *pLower, double *pUpper){
  double z = ind_z(level), sd = sqrt(s*s + (tau2>0 ? tau2 : 0));
  *pLower = t - z*sd;
  *pUpper = t + z*sd;
}

enum ind_significance ind_funnel_od_significance(double y, double s, double t, double tau2){
  if( !isfinite(y) || !isfinite(s) || !isfinite(t) ) return IND_NOT_SIGNIFICANT;
  double lo95, hi95, lo998, hi998;
  ind_funnel_od_limits(t, s, tau2, 0.95, &lo95, &hi95);
  ind_funnel_od_limits(t, s, tau2, 0.998, &lo998, &hi998);
  return funnel_significance(y, lo998, lo95, hi95, hi998);
}
