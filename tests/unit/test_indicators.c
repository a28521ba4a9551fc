/*
** The population-health indicators (src/stats/indicators.h) against the
** values published with the PHEindicatormethods R package in its test
** workbooks, copied into tests/unit/data/ (see the README there): Wilson
** proportions, Byar's and exact Poisson rates, Dobson's directly
** standardised rates on the 2013 European Standard Population, indirectly
** standardised ratios, and funnel plot limits and significance.
**
** Tolerance: 1e-9 relative wherever the workbook gives a value to full
** double precision (it does for every interval); the funnel plot limits
** the package publishes are rounded to 6 decimal places, so those are
** compared to half a unit in the sixth place, and checked besides to 1e-9
** relative against what they are: the proportion whose Wilson interval
** just reaches the target.
**
** Each reference set is large enough to tell a wrong method from the right
** one: test_references_discriminate shows that a Wald interval, Byar's
** limits for small counts, and a normal interval for a DSR each fail
** the tolerance these tests apply.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/input.h"
#include "domain/esp2013.h"
#include "stats/indicators.h"

#define REL 1e-9
#define DATA "tests/unit/data/"

/* ---- reading the reference files --------------------------------------- */

#define MAX_ROWS 400
#define MAX_COLS 16

struct csv {
  char *zText;
  int nRow;                     /* rows after the header */
  int nCol;
  char *azHead[MAX_COLS];
  char *az[MAX_ROWS][MAX_COLS];
};

static struct csv *csv_load(const char *zFile){
  FILE *f = fopen(zFile, "rb");
  if( !f ) fail_msg("cannot open %s (run the tests from the top of the source tree)", zFile);
  struct csv *p = calloc(1, sizeof *p);
  assert_non_null(p);
  struct buf b = {0};
  assert_true(cli_read_all(f, &b));
  fclose(f);
  buf_cstr(&b);
  p->zText = b.z;
  char *z = p->zText;
  int line = 0;
  while( z && *z ){
    char *zEnd = strchr(z, '\n');
    if( zEnd ) *zEnd = 0;
    size_t n = strlen(z);
    if( n && z[n-1]=='\r' ) z[n-1] = 0;
    if( *z ){
      char **az = line==0 ? p->azHead : p->az[line-1];
      assert_true(line<=MAX_ROWS);
      int k = cli_csv_fields(z, az, MAX_COLS);
      if( k<0 ) fail_msg("%s line %d cannot be read", zFile, line+1);
      if( line==0 ) p->nCol = k;
      else if( k!=p->nCol ) fail_msg("%s line %d has %d fields, not %d", zFile, line+1, k, p->nCol);
      line++;
    }
    z = zEnd ? zEnd+1 : NULL;
  }
  p->nRow = line - 1;
  return p;
}
static void csv_free(struct csv *p){
  free(p->zText);
  free(p);
}
static int col(const struct csv *p, const char *zName){
  for(int i=0; i<p->nCol; i++) if( strcmp(p->azHead[i], zName)==0 ) return i;
  fail_msg("no column %s", zName);
  return -1;
}
/* A cell as a number; NaN for an empty one (the package's NA). */
static double num(const struct csv *p, int r, const char *zCol){
  const char *z = p->az[r][col(p, zCol)];
  if( *z==0 ) return NAN;
  char *zEnd;
  double v = strtod(z, &zEnd);
  if( *zEnd ) fail_msg("row %d, %s: %s is not a number", r+1, zCol, z);
  return v;
}
static const char *str(const struct csv *p, int r, const char *zCol){
  return p->az[r][col(p, zCol)];
}

/* ---- comparing ----------------------------------------------------------- */

static bool rel_ok(double got, double want, double tol){
  if( isnan(want) ) return isnan(got);
  if( want==0.0 ) return got==0.0 || fabs(got)<=tol*1e-300;
  return fabs(got - want)<=tol*fabs(want);
}
static void check(const char *zWhat, int r, double got, double want){
  if( !rel_ok(got, want, REL) ){
    fail_msg("%s, row %d: got %.17g, want %.17g (relative error %.3g)", zWhat, r+1, got, want,
             fabs(got - want)/fabs(want));
  }
}
static void check_abs(const char *zWhat, int r, double got, double want, double tol){
  if( !(fabs(got - want)<=tol) ){
    fail_msg("%s, row %d: got %.10g, want %.10g (tolerance %g)", zWhat, r+1, got, want, tol);
  }
}

/* ---- distributions --------------------------------------------------------- */

static void test_qnorm(void **state){
  (void)state;
  /* The standard values of the two quantiles every interval here uses. */
  assert_true(rel_ok(stats_qnorm(0.975), 1.959963984540054, 1e-15));
  assert_true(rel_ok(stats_qnorm(0.999), 3.090232306167813, 1e-15));
  assert_true(rel_ok(stats_qnorm(0.025), -1.959963984540054, 1e-15));
  assert_true(stats_qnorm(0.5)==0.0);
  /* Each of AS241's three regions, by symmetry. */
  double ap[] = { 0.3, 0.07, 1e-5, 1e-20, 1e-300 };
  for(size_t i=0; i<sizeof ap/sizeof ap[0]; i++){
    assert_true(stats_qnorm(ap[i])<0.0);
    assert_true(rel_ok(stats_qnorm(ap[i]), -stats_qnorm(1.0 - ap[i]), 1e-6) || ap[i]<1e-16);
  }
  assert_true(isinf(stats_qnorm(0.0)) && stats_qnorm(0.0)<0);
  assert_true(isinf(stats_qnorm(1.0)) && stats_qnorm(1.0)>0);
  assert_true(isnan(stats_qnorm(-0.1)) && isnan(stats_qnorm(1.1)) && isnan(stats_qnorm(NAN)));
}

/* The gamma quantile against closed forms: for shape 1, -log(1-p); for a
** whole shape k, the Poisson sums P(k, x) = e^-x sum_{j>=k} x^j / j! and
** Q(k, x) = e^-x sum_{j<k} x^j / j! (each summed without cancellation). */
static double gamma_tail_int(double x, int k, bool bUpper){
  double term = 1.0, sum = 0.0;
  for(int j=0; j<k+2000; j++){
    if( j>0 ) term *= x/j;
    if( bUpper ? j<k : j>=k ) sum += term;
    if( j>=k && term<sum*1e-18 ) break;
  }
  return exp(-x)*sum;
}
static void test_qgamma(void **state){
  (void)state;
  double ap[] = { 1e-10, 0.001, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999, 1.0 - 1e-9 };
  for(size_t i=0; i<sizeof ap/sizeof ap[0]; i++){
    double p = ap[i];
    assert_true(rel_ok(stats_qgamma(p, 1.0), -log1p(-p), 1e-13));
    for(int k=2; k<=11; k++){
      double x = stats_qgamma(p, k);
      /* the tail the quantile was solved in, by the closed form */
      double got = gamma_tail_int(x, k, p>0.5);
      double want = p<=0.5 ? p : 1.0 - p;
      if( !rel_ok(got, want, 1e-12) ) fail_msg("qgamma(%g, %d) = %.17g: P = %.17g", p, k, x, got);
    }
  }
  /* Shapes that are not whole (a DSR or ratio from weighted counts) and
  ** large: the quantile inverts the incomplete gamma function. */
  double aa[] = { 0.05, 0.5, 2.5, 9.999, 250.0, 1e4 };
  for(size_t j=0; j<sizeof aa/sizeof aa[0]; j++){
    for(size_t i=0; i<sizeof ap/sizeof ap[0]; i++){
      double p = ap[i], x = stats_qgamma(p, aa[j]);
      bool bUpper = p>0.5;
      double got = stats_pgamma(x, aa[j], bUpper), want = bUpper ? 1.0 - p : p;
      /* P(a, x) itself is good to about a * 1e-15 */
      if( !rel_ok(got, want, aa[j]>100 ? 1e-10 : 1e-12) ) fail_msg("qgamma(%g, %g) = %.17g: tail %.17g", p, aa[j], x, got);
    }
  }
  /* chi-square with 0 degrees of freedom (the exact lower limit of 0
  ** events), and the domain */
  assert_true(stats_qchisq(0.025, 0.0)==0.0);
  assert_true(rel_ok(stats_qchisq(0.975, 2.0), -2.0*log(0.025), 1e-14));
  assert_true(stats_qgamma(0.0, 3.0)==0.0);
  /* a quantile below the smallest normal double is 0; just above, exact */
  assert_true(stats_qgamma(5e-104, 0.23017749)==0.0);
  assert_true(stats_qgamma(1e-300, 0.5)==0.0);
  assert_true(rel_ok(stats_qgamma(1e-200, 1.0), 1e-200, 1e-13));
  assert_true(rel_ok(stats_qgamma(1e-290, 1.0), 1e-290, 1e-13));
  assert_true(isinf(stats_qgamma(1.0, 3.0)));
  assert_true(isnan(stats_qgamma(0.5, -1.0)) && isnan(stats_qgamma(1.5, 1.0)) && isnan(stats_qchisq(0.5, -2.0)));
  assert_true(isnan(stats_pgamma(-1.0, 2.0, false)) && isnan(stats_pgamma(1.0, 0.0, false)));
}

/* ---- intervals: phe_proportion, phe_rate, byars_*, wilson_* ------------- */

/* testdata_Proportion.xlsx, sheet testdata_Prop: proportions of 1 and
** percentages at 95% and 99.8%, and three rows with NA. */
static void test_proportion_phe(void **state){
  (void)state;
  struct csv *p = csv_load(DATA "phe_testdata_Prop.csv");
  assert_int_equal(p->nRow, 19);
  int nChecked = 0;
  for(int r=0; r<p->nRow; r++){
    double x = num(p, r, "Numerator"), n = num(p, r, "Denominator"), per = num(p, r, "multiplier");
    struct ind_interval a, b;
    bool ok95 = ind_wilson(x, n, 0.95, per, &a);
    bool ok998 = ind_wilson(x, n, 0.998, per, &b);
    assert_true(ok95==ok998 && ok95==!isnan(num(p, r, "value")));
    check("value", r, a.value, num(p, r, "value"));
    check("lower95", r, a.lower, num(p, r, "lower95_0cl"));
    check("upper95", r, a.upper, num(p, r, "upper95_0cl"));
    check("lower99_8", r, b.lower, num(p, r, "lower99_8cl"));
    check("upper99_8", r, b.upper, num(p, r, "upper99_8cl"));
    assert_string_equal(str(p, r, "method"), "Wilson");
    nChecked += ok95;
  }
  assert_int_equal(nChecked, 16);
  csv_free(p);
}

/* testdata_Rate.xlsx, sheet testdata_Rate: rates per 100 and per 100,000,
** exact under 10 events, Byar's from 10, NA rows. */
static void test_rate_phe(void **state){
  (void)state;
  struct csv *p = csv_load(DATA "phe_testdata_Rate.csv");
  assert_int_equal(p->nRow, 20);
  int nExact = 0, nByars = 0;
  for(int r=0; r<p->nRow; r++){
    double x = num(p, r, "Numerator"), n = num(p, r, "Denominator"), per = num(p, r, "multiplier");
    struct ind_interval a, b;
    enum ind_method m95, m998;
    bool ok = ind_rate(x, n, 0.95, per, &a, &m95);
    ind_rate(x, n, 0.998, per, &b, &m998);
    assert_true(ok==!isnan(num(p, r, "value")));
    check("value", r, a.value, num(p, r, "value"));
    check("lower95", r, a.lower, num(p, r, "lower95_0cl"));
    check("upper95", r, a.upper, num(p, r, "upper95_0cl"));
    check("lower99_8", r, b.lower, num(p, r, "lower99_8cl"));
    check("upper99_8", r, b.upper, num(p, r, "upper99_8cl"));
    if( ok ){
      const char *zMethod = str(p, r, "method");
      assert_string_equal(zMethod, m95==IND_METHOD_EXACT ? "Exact" : "Byars");
      assert_int_equal(m95, m998);
      if( m95==IND_METHOD_EXACT ) nExact++; else nByars++;
    }else{
      assert_int_equal(m95, IND_METHOD_NONE);
    }
  }
  assert_int_equal(nExact, 4);
  assert_int_equal(nByars, 13);
  csv_free(p);
}

/* testdata_Byars_Wilson.xlsx: the building blocks, including a count of 1
** whose Byar's lower limit at 99.8% is negative and so NA, and a
** numerator of 0.445 out of 1. */
static void test_byars_wilson_phe(void **state){
  (void)state;
  struct csv *p = csv_load(DATA "phe_testdata_B_W.csv");
  assert_int_equal(p->nRow, 13);
  for(int r=0; r<p->nRow; r++){
    double x = num(p, r, "x");
    double level = strcmp(str(p, r, "confidence"), "95%")==0 ? 0.95 : 0.998;
    if( strcmp(str(p, r, "method"), "Byars")==0 ){
      check("byars lower", r, ind_byars_lower(x, level), num(p, r, "lowercl"));
      check("byars upper", r, ind_byars_upper(x, level), num(p, r, "uppercl"));
    }else{
      struct ind_interval w;
      assert_true(ind_wilson(x, num(p, r, "n"), level, 1.0, &w));
      check("wilson lower", r, w.lower, num(p, r, "lowercl"));
      check("wilson upper", r, w.upper, num(p, r, "uppercl"));
    }
  }
  assert_true(isnan(ind_byars_lower(1.0, 0.998)));
  csv_free(p);
}

/* ---- standardisation: calculate_dsr, calculate_ISRatio -------------------- */

/* The package's esp2013 vector (data-raw/LoadTestdata.R), which must be
** what data/esp2013.csv holds. */
static const double aEsp2013[19] = { 5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000,
                                     6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000 };

static void test_esp2013_embedded(void **state){
  (void)state;
  struct esp2013 e;
  assert_true(esp2013_load(&e));
  double sum = 0;
  for(int i=0; i<ESP2013_BANDS; i++){
    assert_true(e.aWeight[i]==aEsp2013[i]);
    sum += e.aWeight[i];
  }
  assert_true(sum==100000.0);
  assert_string_equal(e.azBand[0], "0-4");
  assert_string_equal(e.azBand[1], "5-9");
  assert_string_equal(e.azBand[18], "90+");
}

/* The 19 rows of one area in testdata_multiarea (the sheet the package's
** DSR and ISR tests read): counts (NA as NaN) and populations. */
static void area_rows(const struct csv *p, const char *zArea, double *aCount, double *aPop){
  int n = 0;
  for(int r=0; r<p->nRow; r++){
    if( strcmp(str(p, r, "area"), zArea)!=0 ) continue;
    assert_true(n<19);
    aCount[n] = num(p, r, "count");
    aPop[n] = num(p, r, "pop");
    n++;
  }
  assert_int_equal(n, 19);
}

/* testdata_DSR_ISR.xlsx: testresults_DSR against testdata_multiarea and
** the 2013 ESP from our embedded file, per 10,000 and per 100,000, at
** 95% and 99.8%; testdata_tiny has 9 events and no DSR. Then the 1976
** standard population given as an argument (95% only: the package's
** test reads only those columns of that row). */
static void test_dsr_phe(void **state){
  (void)state;
  struct csv *in = csv_load(DATA "phe_testdata_multiarea.csv");
  struct csv *res = csv_load(DATA "phe_testresults_DSR.csv");
  struct esp2013 e;
  assert_true(esp2013_load(&e));
  int nChecked = 0;
  for(int r=0; r<res->nRow; r++){
    const char *zArea = str(res, r, "area");
    const char *zStat = str(res, r, "statistic");
    if( strncmp(zArea, "testdata_", 9)!=0 || strcmp(zArea, "testdata_1976")==0
        || strncmp(zArea, "testdata_nonind", 15)==0 ) continue;
    double per = strstr(zStat, "10000") && !strstr(zStat, "100000") ? 10000 : 100000;
    if( strcmp(zStat, "dsr NA for total count < 10")==0 ) per = 100000;
    double aCount[19], aPop[19];
    area_rows(in, zArea, aCount, aPop);
    struct ind_dsr a, b;
    assert_true(ind_dsr(aCount, aPop, e.aWeight, 19, 0.95, per, &a));
    assert_true(ind_dsr(aCount, aPop, e.aWeight, 19, 0.998, per, &b));
    check("total_count", r, a.count, num(res, r, "total_count"));
    check("total_pop", r, a.population, num(res, r, "total_pop"));
    check("value", r, a.value, num(res, r, "value"));
    check("lower95", r, a.lower, num(res, r, "lower95_0cl"));
    check("upper95", r, a.upper, num(res, r, "upper95_0cl"));
    check("lower99_8", r, b.lower, num(res, r, "lower99_8cl"));
    check("upper99_8", r, b.upper, num(res, r, "upper99_8cl"));
    assert_true(a.bSuppressed==(a.count<10));
    nChecked++;
  }
  assert_int_equal(nChecked, 6);

  /* testdata_1976: 18 bands (85+) and the ESP 1976 weights in a column. */
  struct csv *p76 = csv_load(DATA "phe_testdata_1976.csv");
  assert_int_equal(p76->nRow, 18);
  double aC[18], aP[18], aS[18];
  for(int i=0; i<18; i++){
    aC[i] = num(p76, i, "count");
    aP[i] = num(p76, i, "pop");
    aS[i] = num(p76, i, "esp1976");
  }
  for(int r=0; r<res->nRow; r++){
    if( strcmp(str(res, r, "area"), "testdata_1976")!=0 ) continue;
    double per = strstr(str(res, r, "statistic"), "100000") ? 100000 : 10000;
    struct ind_dsr d;
    assert_true(ind_dsr(aC, aP, aS, 18, 0.95, per, &d));
    check("1976 total_count", r, d.count, num(res, r, "total_count"));
    check("1976 value", r, d.value, num(res, r, "value"));
    check("1976 lower95", r, d.lower, num(res, r, "lower95_0cl"));
    check("1976 upper95", r, d.upper, num(res, r, "upper95_0cl"));
    nChecked++;
  }
  assert_int_equal(nChecked, 8);
  csv_free(p76);
  csv_free(in);
  csv_free(res);
}

/* testresults_ISR, the ratio rows (x 1 and x 100) against testdata_multiarea
** and refdata (joined by position, as the package's test passes them as
** vectors), and testdata_err2, whose Area1 has a population of 0 in one band. */
static void test_isr_phe(void **state){
  (void)state;
  struct csv *in = csv_load(DATA "phe_testdata_multiarea.csv");
  struct csv *ref = csv_load(DATA "phe_refdata.csv");
  struct csv *err2 = csv_load(DATA "phe_testdata_err2.csv");
  struct csv *res = csv_load(DATA "phe_testresults_ISR.csv");
  assert_int_equal(ref->nRow, 19);
  double aRefCount[19], aRefPop[19];
  for(int i=0; i<19; i++){
    aRefCount[i] = num(ref, i, "refcount");
    aRefPop[i] = num(ref, i, "refpop");
  }
  int nChecked = 0;
  for(int r=0; r<res->nRow; r++){
    const char *zStat = str(res, r, "statistic");
    if( strncmp(zStat, "indirectly standardised ratio", 29)!=0 ) continue;
    double refvalue = strstr(zStat, "x 100") ? 100 : 1;
    const char *zArea = str(res, r, "area");
    double aCount[19], aPop[19];
    bool bErr2 = strncmp(zArea, "Area", 4)==0;
    if( bErr2 ){
      area_rows(err2, zArea, aCount, aPop);
    }else{
      area_rows(in, zArea, aCount, aPop);
    }
    struct ind_isr a, b;
    assert_true(ind_isr(aCount, aPop, aRefCount, aRefPop, 19, 0.95, refvalue, &a));
    assert_true(ind_isr(aCount, aPop, aRefCount, aRefPop, 19, 0.998, refvalue, &b));
    check("observed", r, a.observed, num(res, r, "observed"));
    check("expected", r, a.expected, num(res, r, "expected"));
    check("value", r, a.value, num(res, r, "value"));
    check("lower95", r, a.lower, num(res, r, "lower95_0cl"));
    check("upper95", r, a.upper, num(res, r, "upper95_0cl"));
    if( !bErr2 ){
      check("lower99_8", r, b.lower, num(res, r, "lower99_8cl"));
      check("upper99_8", r, b.upper, num(res, r, "upper99_8cl"));
    }
    assert_string_equal(str(res, r, "method"), a.method==IND_METHOD_EXACT ? "Exact" : "Byars");
    nChecked++;
  }
  assert_int_equal(nChecked, 8);
  csv_free(in);
  csv_free(ref);
  csv_free(err2);
  csv_free(res);
}

/* ---- funnel plots: calculate_funnel_limits, assign_funnel_significance --- */

static enum ind_significance sig_of(const char *z){
  if( strcmp(z, "High (0.001)")==0 ) return IND_HIGH_99_8;
  if( strcmp(z, "High (0.025)")==0 ) return IND_HIGH_95;
  if( strcmp(z, "Low (0.001)")==0 ) return IND_LOW_99_8;
  if( strcmp(z, "Low (0.025)")==0 ) return IND_LOW_95;
  if( strcmp(z, "Not significant")==0 ) return IND_NOT_SIGNIFICANT;
  fail_msg("unknown significance %s", z);
  return IND_NOT_SIGNIFICANT;
}

/* What the package's limits are (sigma_adjustment, R/utils.R): at each
** population, the observed proportion whose Wilson score interval just
** reaches the target. Found here by bisection on the Wilson limits of
** Wilson (1927), as an oracle independent of the closed form the engine
** uses: the upper funnel limit is the proportion whose Wilson lower limit
** is the target, the lower funnel limit the one whose Wilson upper limit is. */
static double wilson_limit(double phat, double n, double z, bool bUpper){
  double x = phat*n;
  double root = z*sqrt(z*z + 4*x*(1 - phat));
  return (2*x + z*z + (bUpper ? root : -root))/2/(n + z*z);
}
static double funnel_by_wilson(double t, double n, double z, bool bUpperFunnel){
  double lo = bUpperFunnel ? t : 0.0, hi = bUpperFunnel ? 1.0 : t;
  for(int i=0; i<200; i++){
    double mid = lo + (hi - lo)/2;
    double w = wilson_limit(mid, n, z, !bUpperFunnel);
    if( w<t ) lo = mid; else hi = mid;
  }
  return lo + (hi - lo)/2;
}

/* testdata_funnel_prop_inputs.csv: 303 areas with the significance the
** package assigns; testdata_funnel_prop_outputs.csv: the limits (as
** percentages, 6 decimal places) at 100 populations around the same
** pooled proportion, cut at 0 and 100. */
static void test_funnel_proportion_phe(void **state){
  (void)state;
  struct csv *in = csv_load(DATA "phe_funnel_prop_inputs.csv");
  struct csv *out = csv_load(DATA "phe_funnel_prop_outputs.csv");
  assert_int_equal(in->nRow, 303);
  assert_int_equal(out->nRow, 100);
  size_t n = (size_t)in->nRow;
  double *aNum = malloc(n*sizeof(double)), *aDen = malloc(n*sizeof(double));
  struct ind_funnel_point *aPt = malloc(n*sizeof *aPt);
  for(size_t i=0; i<n; i++){
    aNum[i] = num(in, (int)i, "numerator");
    aDen[i] = num(in, (int)i, "denominator");
  }
  double target;
  assert_true(ind_funnel_proportion(aNum, aDen, n, 100.0, aPt, &target));
  check_abs("baseline", 0, target, num(out, 0, "Baseline"), 5e-7);
  int aCount[5] = {0};
  for(size_t i=0; i<n; i++){
    enum ind_significance want = sig_of(str(in, (int)i, "significance"));
    if( aPt[i].significance!=want ){
      fail_msg("%s: got %s, want %s", str(in, (int)i, "Area"), ind_significance_code(aPt[i].significance),
               ind_significance_code(want));
    }
    assert_int_equal(ind_funnel_proportion_significance(aNum[i], aDen[i], target/100.0), want);
    aCount[want]++;
    assert_true(aPt[i].lower99_8<=aPt[i].lower95 && aPt[i].lower95<=aPt[i].upper95
                && aPt[i].upper95<=aPt[i].upper99_8);
  }
  /* every category occurs */
  for(int k=0; k<5; k++) assert_true(aCount[k]>0);
  double t = target/100.0;
  for(int r=0; r<out->nRow; r++){
    double pop = num(out, r, "Population"), lo, hi, lo3, hi3;
    ind_funnel_proportion_limits(t, pop, 0.95, &lo, &hi);
    ind_funnel_proportion_limits(t, pop, 0.998, &lo3, &hi3);
    check_abs("lower 95", r, fmax(0, lo)*100, num(out, r, "Lower2s0025limit"), 5e-7 + 1e-12);
    check_abs("upper 95", r, fmin(1, hi)*100, num(out, r, "Upper2s0025limit"), 5e-7 + 1e-12);
    check_abs("lower 99.8", r, fmax(0, lo3)*100, num(out, r, "Lower3s0001limit"), 5e-7 + 1e-12);
    check_abs("upper 99.8", r, fmin(1, hi3)*100, num(out, r, "Upper3s0001limit"), 5e-7 + 1e-12);
  }
  /* The closed form against the Wilson inversion, to 1e-9 relative, from
  ** a population of 1 to 10^9 and targets from 0.001 to 0.999, wherever
  ** the limit lies inside (0, 1). */
  double aT[] = { 0.001, 0.05, t, 0.5, 0.9, 0.999 };
  double aZ[] = { stats_qnorm(0.975), stats_qnorm(0.999) };
  int nOracle = 0;
  for(size_t k=0; k<sizeof aT/sizeof aT[0]; k++){
    for(double pop=1; pop<=1e9; pop*=3.7){
      for(int l=0; l<2; l++){
        double lo, hi;
        ind_funnel_proportion_limits(aT[k], pop, l ? 0.998 : 0.95, &lo, &hi);
        if( lo>0 && !rel_ok(lo, funnel_by_wilson(aT[k], pop, aZ[l], false), REL) ){
          fail_msg("target %g, population %g: lower %.17g, by Wilson %.17g", aT[k], pop, lo,
                   funnel_by_wilson(aT[k], pop, aZ[l], false));
        }
        if( hi<1 && !rel_ok(hi, funnel_by_wilson(aT[k], pop, aZ[l], true), REL) ){
          fail_msg("target %g, population %g: upper %.17g, by Wilson %.17g", aT[k], pop, hi,
                   funnel_by_wilson(aT[k], pop, aZ[l], true));
        }
        nOracle += (lo>0) + (hi<1);
      }
    }
  }
  assert_true(nOracle>300);
  free(aNum);
  free(aDen);
  free(aPt);
  csv_free(in);
  csv_free(out);
}

/* testdata_funnel_ratio_inputs.csv: 300 observed and expected counts with
** the significance the package assigns on a funnel plot of ratios. */
static void test_funnel_ratio_phe(void **state){
  (void)state;
  struct csv *in = csv_load(DATA "phe_funnel_ratio_inputs.csv");
  assert_int_equal(in->nRow, 300);
  int aCount[5] = {0};
  for(int r=0; r<in->nRow; r++){
    double o = num(in, r, "obs"), e = num(in, r, "expected");
    enum ind_significance want = sig_of(str(in, r, "significance"));
    enum ind_significance got = ind_funnel_ratio_significance(o, e);
    if( got!=want ) fail_msg("row %d (%g / %g): got %s, want %s", r+1, o, e, ind_significance_code(got),
                             ind_significance_code(want));
    aCount[want]++;
  }
  for(int k=0; k<5; k++) assert_true(aCount[k]>0);
  csv_free(in);
}

/* ---- the references tell wrong methods from right ones ----------------- */

static void test_references_discriminate(void **state){
  (void)state;
  struct csv *p = csv_load(DATA "phe_testdata_Prop.csv");
  /* A Wald interval, p -+ z sqrt(p (1-p) / n), fails on every row. */
  for(int r=0; r<8; r++){
    double x = num(p, r, "Numerator"), n = num(p, r, "Denominator"), ph = x/n;
    double wald = ph - stats_qnorm(0.975)*sqrt(ph*(1 - ph)/n);
    assert_false(rel_ok(wald, num(p, r, "lower95_0cl"), REL));
  }
  csv_free(p);
  /* Byar's limits for counts under 10 fail where the package uses exact ones. */
  struct csv *q = csv_load(DATA "phe_testdata_Rate.csv");
  for(int r=0; r<q->nRow; r++){
    if( strcmp(str(q, r, "method"), "Exact")!=0 ) continue;
    double x = num(q, r, "Numerator"), n = num(q, r, "Denominator"), per = num(q, r, "multiplier");
    assert_false(rel_ok(ind_byars_upper(x, 0.95)/n*per, num(q, r, "upper95_0cl"), REL));
  }
  csv_free(q);
  /* A normal interval for the DSR, value -+ z sqrt(var), fails Dobson's. */
  struct csv *in = csv_load(DATA "phe_testdata_multiarea.csv");
  double aCount[19], aPop[19], v = 0, s = 0, var = 0;
  area_rows(in, "testdata_small", aCount, aPop);
  for(int i=0; i<19; i++){
    v += aCount[i]*aEsp2013[i]/aPop[i];
    s += aEsp2013[i];
    var += aCount[i]*pow(aEsp2013[i]/aPop[i], 2);
  }
  double normalLower = (v/s - stats_qnorm(0.975)*sqrt(var)/s)*100000;
  assert_false(rel_ok(normalLower, 877.455767536709, 1e-3));
  csv_free(in);
  /* Swapping the order of the significance tests (95% before 99.8%)
  ** would label an area beyond 99.8% as 95%: the data has such areas. */
  assert_int_equal(ind_funnel_ratio_significance(151, 106.4429719), IND_HIGH_99_8);
}

/* ---- the contract's edges ------------------------------------------------- */

static void test_edges(void **state){
  (void)state;
  struct ind_interval r;
  enum ind_method m;
  assert_false(ind_wilson(5, 4, 0.95, 1, &r));
  assert_true(isnan(r.value) && isnan(r.lower) && isnan(r.upper));
  assert_false(ind_wilson(1, 0, 0.95, 1, &r));
  assert_false(ind_wilson(-1, 10, 0.95, 1, &r));
  assert_false(ind_wilson(1, 10, 1.0, 1, &r));
  assert_false(ind_wilson(1, 10, 0.0, 1, &r));
  /* 0 and all: the limits meet the edges */
  assert_true(ind_wilson(0, 10, 0.95, 1, &r) && r.lower==0.0 && r.upper>0);
  assert_true(ind_wilson(10, 10, 0.95, 1, &r) && rel_ok(r.upper, 1.0, 1e-15) && r.lower<1);
  assert_false(ind_rate(1, 0, 0.95, 1e5, &r, &m));
  assert_int_equal(m, IND_METHOD_NONE);
  assert_false(ind_rate(-1, 10, 0.95, 1e5, &r, &m));
  /* 0 events: the exact lower limit is 0 */
  assert_true(ind_rate(0, 1000, 0.95, 1e5, &r, &m) && r.lower==0.0 && r.upper>0 && m==IND_METHOD_EXACT);
  /* 9 is exact, 10 is Byar's */
  assert_true(ind_rate(9, 1000, 0.95, 1e5, &r, &m) && m==IND_METHOD_EXACT);
  assert_true(ind_rate(10, 1000, 0.95, 1e5, &r, &m) && m==IND_METHOD_BYARS);
  assert_true(strcmp(ind_method_code(IND_METHOD_BYARS), "byars")==0 && ind_method_code(IND_METHOD_NONE)==NULL);

  double c[3] = { 5, 5, 5 }, pop[3] = { 100, 100, 100 }, w[3] = { 1, 1, 1 }, z[3] = { 0, 0, 0 };
  struct ind_dsr d;
  assert_true(ind_dsr(c, pop, w, 3, 0.95, 1e5, &d) && !d.bSuppressed && d.count==15);
  assert_false(ind_dsr(c, pop, z, 3, 0.95, 1e5, &d));
  assert_false(ind_dsr(c, z, w, 3, 0.95, 1e5, &d));
  assert_false(ind_dsr(c, pop, w, 0, 0.95, 1e5, &d));
  double few[3] = { 3, 3, 3 };
  assert_true(ind_dsr(few, pop, w, 3, 0.95, 1e5, &d) && d.bSuppressed && d.count==9 && isnan(d.value)
              && isnan(d.lower) && isnan(d.upper));

  struct ind_isr s;
  assert_false(ind_isr(c, z, c, pop, 3, 0.95, 1, &s));     /* expected 0 */
  assert_false(ind_isr(c, pop, c, z, 3, 0.95, 1, &s));     /* reference population 0 */
  assert_true(ind_isr(c, pop, c, pop, 3, 0.95, 1, &s) && s.value==1.0 && s.method==IND_METHOD_BYARS);

  double aN[2] = { 5, 3 }, den[2] = { 4, 10 };
  struct ind_funnel_point fp[2];
  double t;
  assert_false(ind_funnel_proportion(aN, den, 2, 1, fp, &t));
  den[0] = 10;
  assert_true(ind_funnel_proportion(aN, den, 2, 100, fp, &t) && t==40.0);
  /* a target of 0: no spread, every area on it */
  double zero[2] = { 0, 0 };
  assert_true(ind_funnel_proportion(zero, den, 2, 1, fp, &t) && t==0.0);
  assert_int_equal(fp[0].significance, IND_NOT_SIGNIFICANT);
  assert_true(fp[0].lower95==0.0 && fp[0].upper95==0.0);
  /* limits are clipped to [0, per], significance is read before clipping */
  double n1[2] = { 1, 500 }, d1[2] = { 1, 1000 };
  assert_true(ind_funnel_proportion(n1, d1, 2, 100, fp, &t));
  assert_true(fp[0].upper95==100.0 && fp[0].upper99_8==100.0 && fp[0].lower99_8==0.0);
  assert_int_equal(fp[0].significance, IND_NOT_SIGNIFICANT);
  assert_string_equal(ind_significance_code(IND_LOW_99_8), "low_99_8");
  assert_string_equal(ind_significance_code(IND_HIGH_99_8), "high_99_8");
  assert_string_equal(ind_significance_code(IND_NOT_SIGNIFICANT), "not_significant");
  assert_int_equal(ind_funnel_ratio_significance(0, 10), IND_LOW_99_8);
  assert_int_equal(ind_funnel_ratio_significance(0, 0.5), IND_NOT_SIGNIFICANT);
  assert_int_equal(ind_funnel_ratio_significance(5, 0), IND_NOT_SIGNIFICANT);
}


/* ---- overdispersion (Spiegelhalter 2005) ---------------------------------- */

/* A hand-checked example: ten areas, target 0, every s 1, so y are the
** z-scores -5 -1 -1 0 0 1 1 2 2 9. Winsorised at 10% (one at each end):
** -5 becomes -1 and 9 becomes 2, so sum z^2 = 1+1+1+0+0+1+1+4+4+4 = 17,
** phi = 1.7; every weight is 1, sum w - sum w^2 / sum w = 10 - 1 = 9,
** tau2 = (17 - 9) / 9 = 8/9. */
static void test_overdispersion_hand(void **state){
  (void)state;
  const double aY[10] = { 9, -1, 0, 2, -5, 1, -1, 0, 2, 1 };
  double aS[10], aScratch[10];
  for(int i=0; i<10; i++) aS[i] = 1;
  struct ind_overdispersion od;
  assert_true(ind_overdispersion(aY, aS, 10, 0, aScratch, &od));
  assert_int_equal(od.k, 10);
  assert_int_equal(od.nWinsorised, 1);
  check("phi", 0, od.phi, 1.7);
  check("chi2", 0, od.chi2, 17);
  check("tau2", 0, od.tau2, 8.0/9.0);
  assert_true(od.bOverdispersed);
  /* Limits: 0 -+ 1.959964 sqrt(1 + 8/9). */
  double lo, hi;
  ind_funnel_od_limits(0, 1, od.tau2, 0.95, &lo, &hi);
  check("upper", 0, hi, stats_qnorm(0.975)*sqrt(17.0/9.0));
  check("lower", 0, lo, -stats_qnorm(0.975)*sqrt(17.0/9.0));
  /* 2.5 lies within the widened 95% limits (2.694), outside the plain ones. */
  assert_int_equal(ind_funnel_od_significance(2.5, 1, 0, od.tau2), IND_NOT_SIGNIFICANT);
  assert_int_equal(ind_funnel_od_significance(2.5, 1, 0, 0), IND_HIGH_95);
  assert_int_equal(ind_funnel_od_significance(-9, 1, 0, od.tau2), IND_LOW_99_8);
  /* No overdispersion: z-scores all within chance give tau2 0. */
  const double aY2[10] = { 0.5, -0.5, 0.2, -0.2, 1, -1, 0, 0.1, -0.1, 0.3 };
  assert_true(ind_overdispersion(aY2, aS, 10, 0, aScratch, &od));
  assert_false(od.bOverdispersed);
  assert_true(od.tau2==0);
  /* Too few areas, or a zero standard error: no estimate. */
  assert_false(ind_overdispersion(aY, aS, 1, 0, aScratch, &od));
  aS[3] = 0;
  assert_false(ind_overdispersion(aY, aS, 10, 0, aScratch, &od));
}

/* Proportions and ratios, against an independent computation of the
** same formulas (the header's) in double precision: twelve areas'
** proportions (one winsorised at each end) and eight ratios (none). */
static void test_overdispersion_kinds(void **state){
  (void)state;
  const double aNum[12] = { 30, 45, 12, 80, 150, 60, 22, 95, 40, 70, 18, 120 };
  const double aDen[12] = { 400, 500, 200, 700, 1500, 600, 300, 800, 450, 650, 250, 1000 };
  double a1[12], a2[12], a3[12];
  struct ind_overdispersion od;
  assert_true(ind_overdispersion_proportion(aNum, aDen, 12, a1, a2, a3, &od));
  assert_int_equal(od.nWinsorised, 1);
  check("phi", 0, od.phi, 1.6209002039976463);
  check("tau2", 0, od.tau2, 0.00011731295337340488);
  double t = 0.10095238095238095, lo, hi;
  ind_funnel_od_limits(t, sqrt(t*(1-t)/500), od.tau2, 0.95, &lo, &hi);
  check("lower", 0, lo, 0.06707079081634393);
  check("upper", 0, hi, 0.13483397108841796);
  const double aObs[8] = { 12, 30, 5, 44, 20, 61, 9, 25 };
  const double aExp[8] = { 10.5, 22.0, 8.2, 30.1, 24.0, 50.3, 11.7, 19.9 };
  assert_true(ind_overdispersion_ratio(aObs, aExp, 8, a1, a2, a3, &od));
  assert_int_equal(od.nWinsorised, 0);
  check("phi", 1, od.phi, 1.958001986879248);
  check("tau2", 1, od.tau2, 0.0588448674164183);
  /* A proportion above one, or a denominator of zero: refused. */
  double aBad[2] = { 5, 3 }, aBadDen[2] = { 4, 3 };
  assert_false(ind_overdispersion_proportion(aBad, aBadDen, 2, a1, a2, a3, &od));
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_qnorm),
    cmocka_unit_test(test_qgamma),
    cmocka_unit_test(test_proportion_phe),
    cmocka_unit_test(test_rate_phe),
    cmocka_unit_test(test_byars_wilson_phe),
    cmocka_unit_test(test_esp2013_embedded),
    cmocka_unit_test(test_dsr_phe),
    cmocka_unit_test(test_isr_phe),
    cmocka_unit_test(test_funnel_proportion_phe),
    cmocka_unit_test(test_funnel_ratio_phe),
    cmocka_unit_test(test_overdispersion_hand),
    cmocka_unit_test(test_overdispersion_kinds),
    cmocka_unit_test(test_references_discriminate),
    cmocka_unit_test(test_edges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
