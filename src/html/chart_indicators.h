/*
** Charts of population-health indicators, drawn on the server as inline
** SVG, as the charts of measures are (src/html/chart.h):
**
**   spine   a cluster's profile: one row per indicator, the cluster
**           against the range of the Welsh clusters with Wales at the
**           centre (Public Health England's Fingertips spine chart)
**   bars    one indicator for the clusters of a health board, sorted by
**           value, each with its 95% confidence interval, the health board
**           and Wales as lines
**   funnel  areas' values against their denominators, the target and the
**           95% and 99.8% control limits (src/stats/indicators.h)
**   trend   one area's value per period with its interval, and Wales
**
** Every chart is accessible as chart.c's are: the <svg> has role="img",
** a <title> and a <desc> (aria-labelledby both); the description says in
** words what the chart shows (which indicators are worse than Wales, which
** areas lie outside the funnel's limits); every text is in the chart's
** language (i18n) and escaped; a comparison is carried by a marker's shape
** as well as its colour (NHS.UK colours: better green square, similar
** amber circle, worse red diamond, higher dark blue triangle up, lower
** light blue triangle down, not compared a white circle). Each chart has a
** table of the same figures (chart_ind_*_table), for the page to place
** beside it; a value that is missing or not published is a gap in the
** chart and its reason in the table.
**
** Numbers are written as people in the UK read them: "1,234.5", "12.3%".
** The output is a function of the input only: the same input gives the
** same bytes. Nothing is allocated that outlives a call; no NaN or
** infinity is ever written.
**
** Sizes: the spine and the bars are laid out for their viewBox width: under
** 560 (the default, 400) the names sit above their rows, so that the chart
** scaled to a 320 px screen keeps its text readable; from 560 the names are
** in a column on the left. The funnel and the trend are plots (default
** 760 x 440 and 760 x 360) that a narrow screen scrolls sideways, as the
** charts of measures. The page styles them with the class it gives their
** container (assets/carecluster.css, .cc-ichart).
**
** Cost: linear in the rows or areas (the bars and the funnel's labels sort,
** n log n), plus the funnel's limit curves, one vertex per two pixel
** columns of the plot, whatever the number of areas.
*/
#ifndef CC_CHART_INDICATORS_H
#define CC_CHART_INDICATORS_H
#include "html/i18n.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

/* Which way is better. NO_POLARITY: neither (the comparison then says
** higher or lower, and charts keep lower values on the left). */
enum chart_ind_polarity { CHART_IND_HIGHER_BETTER, CHART_IND_LOWER_BETTER, CHART_IND_NO_POLARITY };

/* An area against its comparator. NONE: not compared (no value, no
** comparator). BETTER / SIMILAR / WORSE where the polarity says which is
** better; HIGHER / SIMILAR / LOWER where it does not. */
enum chart_ind_cmp { CHART_IND_CMP_NONE, CHART_IND_CMP_BETTER, CHART_IND_CMP_SIMILAR, CHART_IND_CMP_WORSE,
                     CHART_IND_CMP_HIGHER, CHART_IND_CMP_LOWER, CHART_IND_CMP__MAX };

/* Why a value is not shown. A value that is NaN with gap NONE counts as
** NO_DATA. SUPPRESSED: not published (a directly standardised rate of
** fewer than 10 events). */
enum chart_ind_gap { CHART_IND_GAP_NONE, CHART_IND_GAP_NO_DATA, CHART_IND_GAP_SUPPRESSED };

/* A value and its confidence interval (lower, upper NaN when not known:
** no whisker is drawn). zReason, when not NULL, replaces the words the
** charts give for a gap (the caller's text, in the chart's language). */
struct chart_ind_value {
  double value, lower, upper;
  enum chart_ind_gap gap;
  const char *zReason;
};

/* How the values of an indicator are written: nDec decimals (0 to 6), a
** "%" after each when bPercent, and zUnit (may be NULL: none) where the
** chart names the scale ("per 100,000"; an axis title, a table heading). */
struct chart_ind_format {
  int nDec;
  bool bPercent;
  const char *zUnit;
};

/* The spread of the Welsh clusters' values: lowest, 25th and 75th
** percentiles, highest (NaN when not known). */
struct chart_ind_range {
  double lowest, p25, p75, highest;
};

/* ---- helpers ------------------------------------------------------------- */

/* The comparison of v with comparator as Fingertips makes it: higher when
** v's lower limit is above the comparator, lower when its upper limit is
** below it, similar otherwise; then better or worse by polarity. NONE when
** v is a gap, has no interval, or the comparator is not finite. Pure. */
enum chart_ind_cmp chart_ind_compare(const struct chart_ind_value *v, double comparator,
                                     enum chart_ind_polarity polarity);

/* The range of the n values of a (NaN skipped): the lowest, the highest,
** and the 25th and 75th percentiles by linear interpolation between the
** sorted values (R's type 7, Excel's PERCENTILE.INC). aScratch holds n
** doubles. Returns false, every field NaN, when no value is finite. */
bool chart_ind_range_of(const double *a, size_t n, double *aScratch, struct chart_ind_range *pOut);

/* v as people read it, UK style: thousands separated by commas, nDec
** decimals, "%" after when bPercent ("12,345.7", "8.2%"); "" when v is not
** finite. z holds at least 48 bytes. */
void chart_ind_number(char *z, size_t nz, double v, const struct chart_ind_format *f);

/* ---- spine chart: a cluster's profile ---------------------------------------- */

struct chart_ind_spine_row {
  const char *zName;              /* the indicator, in the chart's language */
  const char *zPeriod;            /* "2023/24" */
  struct chart_ind_format fmt;
  enum chart_ind_polarity polarity;
  struct chart_ind_value area;    /* the cluster, with its interval */
  enum chart_ind_cmp cmp;         /* the cluster against Wales */
  struct chart_ind_value board;   /* its health board (value only is enough) */
  double wales;                   /* Wales: the centre line; NaN when not known */
  struct chart_ind_range range;   /* of the Welsh clusters */
};

struct chart_ind_spine {
  enum lang lang;
  const char *zId;                /* unique in the page; "spine" when NULL */
  const char *zArea;              /* the cluster's name */
  const char *zBoard;             /* its health board's name */
  size_t n;
  const struct chart_ind_spine_row *aRow;
  int width;                      /* viewBox width; 0 for 400 */
  bool bBoard;                    /* zArea is a health board (its profile's title) */
};

/* The spine chart: per row the range of the clusters (light band) and
** their middle half (darker band), worst on the left and best on the
** right (lowest to highest for an indicator of no polarity), each side
** scaled so that the value furthest from Wales reaches the end; Wales the
** centre line, the health board a short white bar outlined, the cluster a
** marker of its comparison with Wales. A row without a value shows its
** reason. The rows' names wrap (three lines at most, then "…"). */
void chart_ind_spine_svg(struct buf *pOut, const struct chart_ind_spine *p);
/* The figures of the spine chart as a responsive NHS.UK table: indicator,
** period, the cluster's value and interval, its comparison with Wales in
** words, the health board, Wales, worst (or lowest), best (or highest). */
void chart_ind_spine_table(struct buf *pOut, const struct chart_ind_spine *p);
/* The description in words (the chart's <desc>), escaped text, for a page
** that also shows it: how many indicators are worse than Wales and which,
** better, similar, higher, lower, without a value. */
void chart_ind_spine_describe(struct buf *pOut, const struct chart_ind_spine *p);

/* ---- bar chart: the clusters of a health board ---------------------------------- */

struct chart_ind_bar {
  const char *zName;              /* the cluster */
  struct chart_ind_value v;
  enum chart_ind_cmp cmp;         /* against the comparator (bVsBoard) */
  bool bHighlight;                /* the cluster the page is about: bold */
};

struct chart_ind_bars {
  enum lang lang;
  const char *zId;                /* "bars" when NULL */
  const char *zTitle;             /* the indicator */
  const char *zPeriod;
  struct chart_ind_format fmt;
  enum chart_ind_polarity polarity;
  const char *zBoard;             /* the health board's name */
  double board;                   /* its value (NaN: no line) */
  double wales;                   /* Wales (NaN: no line) */
  bool bVsBoard;                  /* cmp is against the health board, not Wales */
  size_t n;
  const struct chart_ind_bar *aBar;
  int width;                      /* viewBox width; 0 for 400 */
};

/* Horizontal bars sorted by value, highest first (ties in the given order,
** gaps last, each with its reason instead of a bar), whiskers for the
** intervals, a vertical line for the health board (dashed) and one for
** Wales (solid), the comparison's marker before each name. Bars start at
** zero. */
void chart_ind_bars_svg(struct buf *pOut, const struct chart_ind_bars *p);
/* The table: cluster, value, interval, comparison, in the chart's order. */
void chart_ind_bars_table(struct buf *pOut, const struct chart_ind_bars *p);
void chart_ind_bars_describe(struct buf *pOut, const struct chart_ind_bars *p);

/* ---- funnel plot ------------------------------------------------------------------ */

enum chart_ind_funnel_kind {
  CHART_IND_FUNNEL_PROPORTION,    /* numerator events of a denominator population */
  CHART_IND_FUNNEL_RATIO          /* observed over expected (an indirectly standardised ratio) */
};

struct chart_ind_funnel_area {
  const char *zName;
  double numerator;               /* events, or observed */
  double denominator;             /* population, or expected */
  enum chart_ind_gap gap;         /* a gap is listed in the table, not plotted */
  bool bHighlight;                /* the cluster the page is about: always labelled */
};

struct chart_ind_funnel {
  enum lang lang;
  const char *zId;                /* "funnel" when NULL */
  const char *zTitle;             /* the indicator */
  const char *zPeriod;
  enum chart_ind_funnel_kind kind;
  double per;                     /* proportion: 100 for a percentage; ratio: 1 or 100 */
  struct chart_ind_format fmt;
  enum chart_ind_polarity polarity;
  bool bTarget;                   /* target given (on the value scale, times per); */
  double target;                  /* else the pooled proportion, or per for a ratio */
  const char *zDenominator;       /* the x axis ("Registered patients"); NULL: the default words */
  size_t n;
  const struct chart_ind_funnel_area *aArea;
  int width, height;              /* viewBox; 0 for 760 x 440 */
  bool bAdjust;                   /* widen the limits for overdispersion (below) */
};

struct ind_overdispersion;
/* Overdispersion. With bAdjust the chart estimates it from the areas it
** plots (ind_overdispersion_proportion or _ratio around the chart's
** target: Spiegelhalter's 10% winsorised z-scores) and, when there is
** more spread than chance (tau2 > 0), draws, tabulates and describes the
** additive random-effects limits t -+ z sqrt(s^2 + tau2) on the normal
** approximation instead of the plain ones; without overdispersion the
** limits stay the plain ones. The description and the table's caption
** say which. True when the limits are adjusted; *pOut (may be NULL) the
** estimate (every field 0 when none could be made). */
bool chart_ind_funnel_overdispersion(const struct chart_ind_funnel *p, struct ind_overdispersion *pOut);
/* Which areas lie outside the 95% limits the chart draws (adjusted or
** not): abOut[i] for area i (the caller's n bools). Returns how many. */
size_t chart_ind_funnel_outliers(const struct chart_ind_funnel *p, bool *abOut);

/* The funnel plot. Proportions: limits around the target t at
** denominator d by ind_funnel_proportion_limits (t -+ z sqrt(t(1-t)/d)),
** clipped to [0, per]; an area's significance by
** ind_funnel_proportion_significance. Ratios: the x axis is the expected
** count E, the limits those of a Poisson count of E, exact
** (ind_exact_lower / ind_exact_upper at E, over E, as PHEindicatormethods'
** poisson_funnel), the significance by ind_funnel_ratio_significance.
** Points outside the 99.8% limits are filled markers with their names
** beside them (at most 12 labelled; the description lists them all), those
** between 95% and 99.8% hollow markers of the same shape, the rest small
** grey circles. With bAdjust, the limits adjusted for overdispersion
** (chart_ind_funnel_overdispersion). */
void chart_ind_funnel_svg(struct buf *pOut, const struct chart_ind_funnel *p);
/* The table: area, numerator, denominator, value, the 95% and 99.8%
** limits at its denominator, and where it lies, in the given order. */
void chart_ind_funnel_table(struct buf *pOut, const struct chart_ind_funnel *p);
/* The same table with only the areas i where abShow[i], its id zId (its
** figures those of the whole plot: the target and any adjustment come
** from every area). */
void chart_ind_funnel_table_some(struct buf *pOut, const struct chart_ind_funnel *p, const bool *abShow,
                                 const char *zId);
void chart_ind_funnel_describe(struct buf *pOut, const struct chart_ind_funnel *p);

/* ---- trend over periods ---------------------------------------------------------- */

struct chart_ind_trend_point {
  const char *zPeriod;            /* "2019/20" */
  struct chart_ind_value v;       /* the area */
  enum chart_ind_cmp cmp;         /* against Wales in that period */
  double wales;                   /* NaN when not known: a gap in its line */
};

struct chart_ind_trend {
  enum lang lang;
  const char *zId;                /* "trend" when NULL */
  const char *zTitle;             /* the indicator */
  const char *zArea;              /* the area's name */
  struct chart_ind_format fmt;
  enum chart_ind_polarity polarity;
  size_t n;                       /* periods, oldest first */
  const struct chart_ind_trend_point *aPoint;
  int width, height;              /* viewBox; 0 for 760 x 360 */
};

/* The area's value per period as a line with a marker of its comparison
** and a whisker for its interval; Wales as a dashed line. A gap breaks the
** area's line. */
void chart_ind_trend_svg(struct buf *pOut, const struct chart_ind_trend *p);
/* The table: period, value, interval, Wales, comparison. */
void chart_ind_trend_table(struct buf *pOut, const struct chart_ind_trend *p);
void chart_ind_trend_describe(struct buf *pOut, const struct chart_ind_trend *p);

#endif
