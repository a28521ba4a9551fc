/*
** Population-health indicators: the values and confidence intervals that
** Public Health England / OHID's Fingertips publishes for each kind of
** indicator, as the PHEindicatormethods R package computes them, and the
** funnel plot comparison of areas with their pooled value. Pure functions
** on the terms of src/stats/stats.h: no I/O, no allocation; every array
** is the caller's.
**
**   kind                              interval
**   proportion                        Wilson score
**   crude rate                        exact Poisson under 10 events, else Byar's
**   directly standardised rate        Dobson (Byar's on the total count),
**                                     not published under 10 events
**   indirectly standardised ratio     exact Poisson under 10 observed, else Byar's
**   funnel plot of proportions        normal approximation around the pooled
**                                     proportion, 95% and 99.8%
**
** A confidence level is given as a fraction, 0.95 or 0.998 (any level
** strictly between 0 and 1 works); the two-sided interval puts (1 - level)/2
** in each tail. `per` multiplies a value and its limits (1 for a
** proportion, 100 for a percentage, 100000 for a rate per 100,000).
** A limit that does not exist is NaN.
**
** The methods, their sources and the tests against the package's published
** values: src/stats/indicators.c and tests/unit/test_indicators.c.
*/
#ifndef CC_INDICATORS_H
#define CC_INDICATORS_H
#include <stdbool.h>
#include <stddef.h>

/* ---- distributions ------------------------------------------------------ */

/* The standard normal quantile: z with P(Z <= z) = p (Wichura's AS241,
** about 16 significant digits). -INFINITY at 0, INFINITY at 1, NaN
** outside [0, 1]. */
double stats_qnorm(double p);
/* The regularised incomplete gamma function of shape a > 0 at x >= 0:
** P(a, x) = P(X <= x) for X ~ Gamma(a, 1), or Q(a, x) = 1 - P(a, x) when
** bUpper (computed directly, without cancellation). Relative accuracy
** about 1e-15 for small shapes, falling to about a * 1e-15 for large ones
** (the exponent a log x - x - log Gamma(a) loses that much). NaN out of
** domain. */
double stats_pgamma(double x, double a, bool bUpper);
/* The gamma quantile: x with P(a, x) = p, found in the smaller tail, to a
** relative 1e-13 or better for shapes up to 1000 (the intervals here use
** shapes up to 10), about 1e-12 at 1e5. 0 when a == 0 (the degenerate
** distribution at 0, as R's qgamma), 0 at p = 0 and when the quantile is
** below the smallest normal double (a tiny p with a small shape),
** INFINITY at p = 1; NaN out of domain. */
double stats_qgamma(double p, double a);
/* The chi-square quantile with df >= 0 degrees of freedom: 2 qgamma(p, df/2). */
double stats_qchisq(double p, double df);

/* ---- intervals ----------------------------------------------------------- */

enum ind_method { IND_METHOD_NONE, IND_METHOD_WILSON, IND_METHOD_EXACT, IND_METHOD_BYARS,
                  IND_METHOD_DOBSON };
/* "wilson", "exact", "byars", "dobson"; NULL for none. */
const char *ind_method_code(enum ind_method);

/* Fewer events than this: exact Poisson limits instead of Byar's, and no
** directly standardised rate at all. */
#define IND_SMALL_COUNT 10

struct ind_interval {
  double value, lower, upper;
};

/* z for a two-sided level: qnorm(level + (1 - level)/2), as the package
** writes it. NaN unless 0 < level < 1. */
double ind_z(double level);

/* A proportion x/n and its Wilson score interval, times per. Needs
** 0 <= x <= n, n > 0 (x need not be whole); otherwise returns false with
** every field NaN. */
bool ind_wilson(double x, double n, double level, double per, struct ind_interval *pOut);

/* Byar's approximation to the Poisson limits of a count x > 0 (Breslow
** and Day): lower x (1 - 1/(9x) - z/(3 sqrt x))^3, NaN when that is
** negative; upper (x+1) (1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3. */
double ind_byars_lower(double x, double level);
double ind_byars_upper(double x, double level);
/* Exact Poisson limits of a count x >= 0: qchisq((1-level)/2, 2x)/2 and
** qchisq(level + (1-level)/2, 2x+2)/2 (the lower is 0 at x = 0). */
double ind_exact_lower(double x, double level);
double ind_exact_upper(double x, double level);
/* The limits of a count as Fingertips gives them: exact under
** IND_SMALL_COUNT, else Byar's. Returns the method used; NONE (and NaN
** limits) for a negative or non-finite count. */
enum ind_method ind_poisson_limits(double x, double level, double *pLower, double *pUpper);

/* A crude rate x/population times per with ind_poisson_limits, each
** divided by the population. Needs x >= 0, population > 0; otherwise
** returns false with every field NaN and *pMethod NONE. */
bool ind_rate(double x, double population, double level, double per, struct ind_interval *pOut,
              enum ind_method *pMethod);

/* ---- standardisation ------------------------------------------------------ */

struct ind_dsr {
  double count;         /* the total of the counts (NaN counts as 0) */
  double population;    /* the total of the populations */
  double value, lower, upper;   /* NaN when bSuppressed */
  bool bSuppressed;     /* fewer than IND_SMALL_COUNT events in all */
};
/* A directly standardised rate over n age bands: count and population of
** each band in aCount and aPop, the standard population's weight of the
** same band in aStd (for the 2013 European Standard Population the caller
** passes its 19 weights, 0-4 ... 90+). value = sum(count_i std_i / pop_i)
** / sum(std_i) times per; Dobson's interval: value + sqrt(var / O)
** (byars(O) - O) per, var = sum(count_i (std_i / pop_i)^2) / sum(std_i)^2,
** O the total count. A NaN count counts as 0 (the package's na.zero).
** Needs n >= 1, each count >= 0 (or NaN), each population > 0, each weight
** >= 0 and their sum > 0; otherwise returns false with every field NaN. */
bool ind_dsr(const double *aCount, const double *aPop, const double *aStd, size_t n,
             double level, double per, struct ind_dsr *pOut);

struct ind_isr {
  double observed;      /* the total of the counts (NaN counts as 0) */
  double expected;      /* sum(ref_count_i / ref_pop_i * pop_i) */
  double value, lower, upper;   /* observed / expected times refvalue, with its limits */
  enum ind_method method;       /* exact under IND_SMALL_COUNT observed, else byars */
};
/* An indirectly standardised ratio over n age bands: the area's counts and
** populations, and the reference (standard) counts and populations of the
** same bands. The limits are ind_poisson_limits of the observed count
** divided by the expected. refvalue scales the ratio (1, or 100 as an SMR
** is often shown). NaN counts, populations and reference counts count as 0.
** Needs n >= 1, counts and populations >= 0, reference counts >= 0,
** reference populations > 0, and expected > 0; otherwise returns false
** with every field NaN. */
bool ind_isr(const double *aCount, const double *aPop, const double *aRefCount,
             const double *aRefPop, size_t n, double level, double refvalue, struct ind_isr *pOut);

/* ---- funnel plots ---------------------------------------------------------- */

/* An area against the funnel's limits, the most extreme limit it passes
** (PHEindicatormethods' assign_funnel_significance: Low (0.001), Low
** (0.025), High (0.001), High (0.025), Not significant). */
enum ind_significance { IND_LOW_99_8, IND_LOW_95, IND_HIGH_95, IND_HIGH_99_8, IND_NOT_SIGNIFICANT };
/* "low_99_8", "low_95", "high_95", "high_99_8", "not_significant". */
const char *ind_significance_code(enum ind_significance);

/* The limits of a funnel plot of proportions around the target t at
** denominator den: t -+ z sqrt(t (1 - t) / den), z = ind_z(level), not
** clipped (the caller clips what it draws; significance is read on these). */
void ind_funnel_proportion_limits(double target, double den, double level, double *pLower,
                                  double *pUpper);
/* The significance of the proportion num/den against target, at 95%
** (z = qnorm(0.975)) and 99.8% (z = qnorm(0.999)). */
enum ind_significance ind_funnel_proportion_significance(double num, double den, double target);

struct ind_funnel_point {
  double value;                 /* num/den times per */
  double lower95, upper95;      /* limits times per, clipped to [0, per] */
  double lower99_8, upper99_8;
  enum ind_significance significance;   /* on the limits before clipping */
};
/* A funnel plot of n areas' proportions: the target is the pooled
** proportion sum(num) / sum(den) (*pTarget, times per), and aOut[i] area
** i against it. Needs n >= 1, 0 <= num_i <= den_i, den_i > 0, finite;
** otherwise returns false and writes nothing. */
bool ind_funnel_proportion(const double *aNum, const double *aDen, size_t n, double per,
                           struct ind_funnel_point *aOut, double *pTarget);

/* The significance of an observed count against its expected count on a
** funnel plot of ratios (assign_funnel_significance, statistic "ratio"):
** high when the ratio's lower limit (ind_poisson_limits / expected) is
** above 1, low when its upper limit is below 1; at 99.8% before 95%.
** Needs observed >= 0 and expected > 0; otherwise NOT_SIGNIFICANT. */
enum ind_significance ind_funnel_ratio_significance(double observed, double expected);

/* ---- overdispersion ---------------------------------------------------------- */

/* When areas differ by more than chance alone (as large populations make
** likely: most clusters fall outside plain limits), Spiegelhalter's
** adjustment widens a funnel plot's limits by the spread between areas:
**
**   Spiegelhalter DJ. Handling over-dispersion of performance indicators.
**     Qual Saf Health Care 2005; 14: 347-351.
**   Spiegelhalter DJ. Funnel plots for comparing institutional
**     performance. Stat Med 2005; 24: 1185-1202.
**
** Each area i has an estimate y_i, its standard error s_i under the
** target t, and its z-score z_i = (y_i - t) / s_i. The z-scores are
** winsorised at 10%: with k areas and q = floor(0.1 k), the q lowest are
** set to the (q+1)th lowest and the q highest to the (q+1)th highest (the
** 10th and 90th percentiles), so that the outliers to be found do not
** inflate the estimate. Then
**   phi  = (1/k) sum z_w^2              the overdispersion factor
**   tau2 = (k phi - (k - 1)) / (sum w_i - sum w_i^2 / sum w_i),  w_i = 1/s_i^2,
**          0 when k phi <= k - 1 (no overdispersion beyond chance)
** and the additive random-effects limits are t -+ z sqrt(s_i^2 + tau2),
** the method Spiegelhalter recommends for indicators of large areas (the
** multiplicative alternative, t -+ z sqrt(phi) s_i, still narrows to the
** target as the population grows, flagging every large area). This is the
** adjustment the public health observatories' funnel plot tools (APHO,
** then PHE/OHID) offer, on the normal approximation:
**   proportions  y = num/den, s^2 = t (1 - t) / den, t the pooled proportion
**   ratios       y = observed/expected, s^2 = 1/expected, t = 1
** The areas of one plot go in together; an area without a value is left
** out by the caller. */
struct ind_overdispersion {
  size_t k;             /* areas */
  size_t nWinsorised;   /* q at each end */
  double phi;           /* the winsorised estimate of the factor */
  double chi2;          /* k phi: against chi-square on k - 1 degrees of freedom */
  double tau2;          /* the between-area variance, on the scale of y (0: none) */
  bool bOverdispersed;  /* k phi > k - 1, so tau2 > 0 */
};
/* The estimate from n areas' y and s (each s > 0, all finite) around t,
** aScratch the caller's n doubles. Needs n >= 2; otherwise false with
** every field 0 (no adjustment). */
bool ind_overdispersion(const double *aY, const double *aS, size_t n, double t, double *aScratch,
                        struct ind_overdispersion *pOut);
/* The same for n areas' proportions num/den (0 <= num <= den, den > 0)
** around their pooled proportion (strictly between 0 and 1), or for
** ratios observed/expected (expected > 0) around 1. aScratch, aY and aS
** are the caller's n doubles each; aY and aS are left holding each area's
** y and s. False (no adjustment) for any other input. */
bool ind_overdispersion_proportion(const double *aNum, const double *aDen, size_t n, double *aScratch,
                                   double *aY, double *aS, struct ind_overdispersion *pOut);
bool ind_overdispersion_ratio(const double *aObs, const double *aExp, size_t n, double *aScratch,
                              double *aY, double *aS, struct ind_overdispersion *pOut);
/* The adjusted limits t -+ z sqrt(s^2 + tau2) at level, not clipped. */
void ind_funnel_od_limits(double t, double s, double tau2, double level, double *pLower, double *pUpper);
/* The significance of y against them at 95% and 99.8% (as
** ind_funnel_proportion_significance reads the plain ones). */
enum ind_significance ind_funnel_od_significance(double y, double s, double t, double tau2);

#endif
