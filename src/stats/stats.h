/*
** The statistics engine: pure functions over arrays of doubles. No I/O,
** no allocation: every function works in the arrays its caller passes
** (outputs and, where named, a scratch array of the stated size), so it
** can run inside a request, a command or a fuzzer alike, and its cost is
** a known number of passes over the data.
**
** A missing value is NaN (STATS_MISSING). Functions say what they do
** with one; most skip it. Indexes are 0-based positions in the input.
**
** It serves the quality improvement charts today (seed 001,
** "understanding variation") and is the base for the population-health
** statistics that come next: rates, intervals, funnel limits. Those add
** functions here on the same terms.
**
** Methods follow, and are tested against the published values of:
**   XmR / special cause: NHS England "Making Data Count" and the
**     NHSRplotthedots R package (ptd_spc with default options);
**   run charts: the Anhøj rules as in the qicharts2 R package (qic), and
**     the IHI shift and trend rules (Provost & Murray);
**   p and u charts: qicharts2 (3-sigma limits varying with the
**     denominator, cut at 0, and at 1 for proportions).
*/
#ifndef CC_STATS_H
#define CC_STATS_H
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#define STATS_MISSING NAN

/* ---- building blocks -------------------------------------------------- */

/* Arithmetic mean of the non-missing values; NaN when there are none. */
double stats_mean(const double *x, size_t n);
/* Median of the non-missing values (the mean of the middle two for an even
** count, as R's median); NaN when there are none. aScratch holds n doubles. */
double stats_median(const double *x, size_t n, double *aScratch);
/* Moving ranges: aMr[0] = NaN, aMr[i] = |x[i] - x[i-1]| (NaN when either
** is missing). Returns n. */
size_t stats_moving_ranges(const double *x, size_t n, double *aMr);
/* Binomial distribution, as R's pbinom and qbinom: P(X <= k) for
** X ~ Bin(n, p), and the smallest k with P(X <= k) >= q (with R's fuzz,
** q * (1 - 8 DBL_EPSILON)). Cost O(sqrt(n)) terms per pbinom, O(log n)
** pbinoms per qbinom. Out of domain (n < 0, p or q outside [0, 1], NaN):
** pbinom returns NaN, qbinom -1. */
double stats_pbinom(long k, long n, double p);
long stats_qbinom(double q, long n, double p);

/* ---- SPC: XmR, p and u charts ------------------------------------------ */

enum spc_direction { SPC_DECREASE = -1, SPC_NEUTRAL = 0, SPC_INCREASE = 1 };

/* Point types and their codes as NHSRplotthedots names them. */
enum spc_type { SPC_COMMON_CAUSE, SPC_IMPROVEMENT, SPC_CONCERN, SPC_NEUTRAL_HIGH, SPC_NEUTRAL_LOW };
/* The rule that decided a special-cause point's type; when several hold,
** the first in this order wins. */
enum spc_rule { SPC_RULE_NONE, SPC_RULE_OUTSIDE_LIMITS, SPC_RULE_TREND, SPC_RULE_TWO_OF_THREE,
                SPC_RULE_SHIFT };
/* Assurance against a target, read from the process limits. */
enum spc_assurance { SPC_ASSURANCE_NONE /* no target */, SPC_ASSURANCE_PASS /* consistently meets */,
                     SPC_ASSURANCE_FAIL /* consistently fails */, SPC_ASSURANCE_VARIABLE /* hit or miss */ };
/* "common_cause", "special_cause_improvement", ..., "outside_limits",
** "trend", "two_of_three", "shift"; NULL for SPC_RULE_NONE;
** "consistent_pass", "consistent_fail", "inconsistent"; NULL for none. */
const char *spc_type_code(enum spc_type);
const char *spc_rule_code(enum spc_rule);
const char *spc_assurance_code(enum spc_assurance);

enum spc_chart { SPC_XMR, SPC_P, SPC_U };

struct spc_options {
  enum spc_chart chart;
  enum spc_direction direction;   /* of improvement */
  bool bScreenOutliers;           /* XmR: drop moving ranges above 3.267 x mean MR, then recompute */
  bool bHasTarget;
  double target;
  /* Rebases: indexes at which limits are recalculated from that point on,
  ** ascending, each > 0 and < n (others are refused). */
  const size_t *aRebase;
  size_t nRebase;
};
/* The defaults of the command line and of NHSRplotthedots: XmR, increase,
** screening on, no target, no rebase. */
void spc_options_default(struct spc_options *);

struct spc_point {
  double value;        /* as given; NaN for a missing point */
  double centre;       /* mean (XmR) or pooled proportion / rate (p, u) */
  double lower, upper; /* process limits (3 sigma); p, u: at this point's denominator */
  double nearLower, nearUpper;  /* two-sigma lines, for the two-of-three rule */
  enum spc_type type;
  enum spc_rule rule;
  unsigned segment;    /* 0 before the first rebase, 1 after it, ... */
};

struct spc_segment {
  size_t start, n;     /* points [start, start+n) */
  size_t nUsed;        /* non-missing values that set the centre line */
  double centre;
  double meanMovingRange;  /* XmR after screening; NaN for p, u */
  double lower, upper; /* XmR; for p, u the limits at the mean denominator */
  enum spc_assurance assurance;  /* of this segment's limits against the target */
};

/* Compute a chart. For XmR aValue is the values and aDenominator NULL; for
** p and u aValue is the numerators and aDenominator the denominators
** (each > 0; the point's value is numerator / denominator). aOut has n
** entries, aSeg room for nRebase+1, aScratch 2n doubles. Returns the
** number of segments, or -1 for options that cannot hold (a rebase out
** of order or range, a denominator <= 0 where a value is present, a
** negative or infinite numerator, a p numerator above its denominator).
** Rules that need more points than a segment has do not fire.
**
** Missing points (NaN value, or NaN numerator or denominator) have type
** common_cause and rule none; they are skipped by means and by the
** rules, which run over the segment's non-missing points in order (a gap
** neither extends nor breaks a shift, trend or two-of-three). A moving
** range next to a gap is missing. A segment whose moving ranges are all 0
** is not screened (its limits equal its mean; NHSRplotthedots would give
** NaN). A segment with fewer than two consecutive values has NaN limits
** (no outside-limits or two-of-three signal). Assurance: XmR as
** ptd_calculate_assurance_type on the segment's limits; p and u on the
** limits at the segment's mean denominator; none for a neutral
** direction or NaN limits. NHSRplotthedots reports the last segment's. */
int spc_compute(const double *aValue, const double *aDenominator, size_t n,
                const struct spc_options *, struct spc_point *aOut,
                struct spc_segment *aSeg, double *aScratch);

/* The current signal, for a sentence such as "special cause improvement
** since March": the type of the last non-missing point and the index of
** the first point of the unbroken stretch of that type ending there,
** within the last segment (a rebase starts a new stretch) (*piSince;
** equal to the last point when it stands alone). Returns
** false when there is no non-missing point. */
bool spc_current_signal(const struct spc_point *a, size_t n, enum spc_type *pType, size_t *piSince);

/* ---- run charts ------------------------------------------------------- */

struct run_result {
  double median;
  size_t nUseful;          /* non-missing points not on the median */
  size_t longestRun;       /* Anhøj: longest run on one side of the median */
  size_t longestRunMax;    /* round(log2(nUseful)) + 3 */
  size_t crossings;        /* times consecutive useful points cross the median */
  size_t crossingsMin;     /* qbinom(0.05, nUseful - 1, 0.5) */
  bool bRunsSignal;        /* longestRun > longestRunMax */
  bool bCrossingsSignal;   /* crossings < crossingsMin */
  bool bSignal;            /* either: non-random variation (Anhøj) */
  /* IHI rules: a shift is 6 or more consecutive points on one side of the
  ** median (points on it skipped); a trend 5 or more points each higher
  ** (or lower) than the last (equal neighbours count once). */
  bool bShift, bTrend;
};
/* Per-point flags of a run chart. */
enum { RUN_IN_LONGEST_RUN = 1, RUN_IN_SHIFT = 2, RUN_IN_TREND = 4, RUN_ON_MEDIAN = 8 };

/* Analyse a run chart. aFlags (n bytes, may be NULL) receives the flags
** above per point; aScratch holds n doubles. With nBaseline > 0 the
** median is that of the first nBaseline points only (qicharts2's
** freeze); 0 (or more than n) uses every point. Runs, crossings, shifts
** and trends count every non-missing point. Fewer than 2 useful points:
** no signal; no useful point at all: every count 0 (qicharts2 gives NA).
** No value in the baseline (or none at all): median NaN, every count 0,
** every flag 0.
** Missing points (NaN) are skipped: they neither extend nor break a run
** or a trend, and get no flag. RUN_IN_LONGEST_RUN marks the useful points
** of every run as long as the longest; RUN_IN_SHIFT those of every run of
** 6 or more; RUN_IN_TREND every point from a trend's first to its last
** (equal neighbours inside it included). */
void run_analyse(const double *x, size_t n, size_t nBaseline, struct run_result *pOut,
                 unsigned char *aFlags, double *aScratch);

#endif
