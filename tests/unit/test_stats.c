/*
** The statistics engine (src/stats/stats.h) against the values published
** with NHSRplotthedots and qicharts2 (each test names its source), the
** textbook examples qicharts2 follows (Montgomery), and the edge cases
** of the contract: ties on the centre line, all-equal values, missing
** values, negative values, too few points, bad options.
**
** Tolerances are half a unit in the last digit the source prints.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats/stats.h"

#define NMAX 256
static struct spc_point g_pt[NMAX];
static struct spc_segment g_seg[8];
static double g_scratch[2*NMAX];

static int chart(const double *y, const double *den, size_t n, const struct spc_options *o){
  assert_true(n<=NMAX);
  memset(g_pt, 0x5a, sizeof g_pt);
  memset(g_seg, 0x5a, sizeof g_seg);
  return spc_compute(y, den, n, o, g_pt, g_seg, g_scratch);
}
static int xmr(const double *y, size_t n, enum spc_direction d, bool bScreen){
  struct spc_options o;
  spc_options_default(&o);
  o.direction = d;
  o.bScreenOutliers = bScreen;
  return chart(y, NULL, n, &o);
}
static void assert_near(double got, double want, double tol){
  if( !(fabs(got - want)<=tol) ){
    fail_msg("got %.12g, want %.12g (tolerance %g)", got, want, tol);
  }
}
/* Point i has this type and rule. */
static void assert_point(size_t i, enum spc_type t, enum spc_rule r){
  if( g_pt[i].type!=t || g_pt[i].rule!=r ){
    fail_msg("point %zu: got %s/%s, want %s/%s", i, spc_type_code(g_pt[i].type),
             spc_rule_code(g_pt[i].rule) ? spc_rule_code(g_pt[i].rule) : "none",
             spc_type_code(t), spc_rule_code(r) ? spc_rule_code(r) : "none");
  }
}
#define CC SPC_COMMON_CAUSE
#define IMP SPC_IMPROVEMENT
#define CON SPC_CONCERN
#define R0 SPC_RULE_NONE
#define ROUT SPC_RULE_OUTSIDE_LIMITS
#define RTR SPC_RULE_TREND
#define R23 SPC_RULE_TWO_OF_THREE
#define RSH SPC_RULE_SHIFT

/* set.seed(123); rnorm(20), as printed by R to 8 decimals: the data of
** nhs-r-community/NHSRplotthedots tests/testthat/test-ptd_spc_standard.R
** (the values are echoed in its snapshot _snaps/ptd_spc_standard.md). */
static const double RNORM20[20] = {
  -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
  1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
  1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
  1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141 };

/* ---- NHSRplotthedots reference values ---------------------------------- */

/* nhs-r-community/NHSRplotthedots tests/testthat/_snaps/ptd_spc_standard.md
** (commit ea2177d4), r1: mean_col 0.1416238, lpl -3.01138, upl 3.294627,
** relative_to_mean -1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1, ...
** and outside_limits / close_to_limits FALSE where printed. */
static void test_nhsr_standard_r1(void **state){
  (void)state;
  assert_int_equal(xmr(RNORM20, 20, SPC_INCREASE, true), 1);
  assert_near(g_seg[0].centre, 0.1416238, 5e-8);
  assert_near(g_seg[0].lower, -3.01138, 5e-6);
  assert_near(g_seg[0].upper, 3.294627, 5e-7);
  static const int rtm[15] = { -1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1 };
  for(int i=0; i<15; i++){
    double d = g_pt[i].value - g_pt[i].centre;
    assert_int_equal(d>0 ? 1 : -1, rtm[i]);
  }
  for(int i=0; i<20; i++){
    assert_near(g_pt[i].lower, g_seg[0].lower, 0);
    assert_near(g_pt[i].upper, g_seg[0].upper, 0);
    assert_point((size_t)i, CC, R0);
    assert_int_equal(g_pt[i].segment, 0);
  }
  assert_int_equal(g_seg[0].nUsed, 20);
}

/* Same file, r2 and r3: y[15] <- 10 with screen_outliers TRUE gives
** mean_col 0.6694159, lpl -2.383666, upl 3.722497; with FALSE lpl
** -4.596625, upl 5.935457; relative_to_mean -1, -1, 1, -1, -1, 1, -1, -1,
** -1, -1, 1, -1, -1, -1, ... The 10 is beyond the upper limit. */
static void test_nhsr_standard_screening(void **state){
  (void)state;
  double y[20];
  memcpy(y, RNORM20, sizeof y);
  y[14] = 10;
  assert_int_equal(xmr(y, 20, SPC_INCREASE, true), 1);
  assert_near(g_seg[0].centre, 0.6694159, 5e-8);
  assert_near(g_seg[0].lower, -2.383666, 5e-7);
  assert_near(g_seg[0].upper, 3.722497, 5e-7);
  static const int rtm[14] = { -1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1 };
  for(int i=0; i<14; i++){
    assert_int_equal(g_pt[i].value>g_pt[i].centre ? 1 : -1, rtm[i]);
  }
  assert_point(14, IMP, ROUT);
  double screenedWidth = g_seg[0].upper - g_seg[0].lower;

  assert_int_equal(xmr(y, 20, SPC_INCREASE, false), 1);
  assert_near(g_seg[0].centre, 0.6694159, 5e-8);
  assert_near(g_seg[0].lower, -4.596625, 5e-7);
  assert_near(g_seg[0].upper, 5.935457, 5e-7);
  assert_true(g_seg[0].upper - g_seg[0].lower > screenedWidth);
  assert_point(14, IMP, ROUT);   /* 10 > 5.935457 still */
  /* decrease: the same point is a concern */
  assert_int_equal(xmr(y, 20, SPC_DECREASE, true), 1);
  assert_point(14, CON, ROUT);
  assert_int_equal(xmr(y, 20, SPC_NEUTRAL, true), 1);
  assert_point(14, SPC_NEUTRAL_HIGH, ROUT);
}

/* The screening of ptd_spc_standard: moving ranges kept when
** mr < 3.267 * amr, the others dropped and amr recomputed; either side
** of the bound. */
static void test_nhsr_screen_boundary(void **state){
  (void)state;
  double y1[] = { 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 4.2 };   /* mrs 1 x10, 4.2: amr 1.2909; 4.2 < 4.217: kept */
  assert_int_equal(xmr(y1, 12, SPC_INCREASE, true), 1);
  assert_near(g_seg[0].meanMovingRange, 14.2/11, 1e-15);
  double y2[] = { 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 4.3 };   /* 4.3 >= 3.267 * 14.3/11 = 4.247: dropped */
  assert_int_equal(xmr(y2, 12, SPC_INCREASE, true), 1);
  assert_near(g_seg[0].meanMovingRange, 1.0, 0);
  assert_int_equal(xmr(y2, 12, SPC_INCREASE, false), 1);
  assert_near(g_seg[0].meanMovingRange, 14.3/11, 1e-15);
}

/* nhs-r-community/NHSRplotthedots tests/testthat/test-ptd_spc_standard.R
** "it only reports special cause for 2of3 points close to limits when
** they are on the same side of the mean": 1, -1 eight times, then
** data[15] <- 5.5, data[16] <- -5.5: the last two are common_cause. */
static void test_nhsr_two_of_three_opposite_sides(void **state){
  (void)state;
  double y[16];
  for(int i=0; i<16; i++) y[i] = i%2 ? -1 : 1;
  y[14] = 5.5;
  y[15] = -5.5;
  assert_int_equal(xmr(y, 16, SPC_INCREASE, true), 1);
  /* both are beyond the near limits, inside the process limits */
  assert_true(y[14]>g_pt[14].nearUpper && y[14]<g_pt[14].upper);
  assert_true(y[15]<g_pt[15].nearLower && y[15]>g_pt[15].lower);
  assert_point(14, CC, R0);
  assert_point(15, CC, R0);
  for(int i=0; i<16; i++) assert_point((size_t)i, CC, R0);
}

/* nhs-r-community/NHSRplotthedots tests/testthat/test-ptd_calculate_point_type.R
** ptd_seven_point_trend: 1:6 no trend; c(1:3, 3:6) no trend (an equal
** neighbour breaks it); c(2, 1:7, 3) a trend on 1:7; c(2, 7:1, 3) a
** falling one. Here end to end: limits by hand in the comments. */
static void test_nhsr_trend(void **state){
  (void)state;
  /* 1..6: mean 3.5, amr 1, limits 0.84..6.16: nothing */
  double a[] = { 1, 2, 3, 4, 5, 6 };
  assert_int_equal(xmr(a, 6, SPC_INCREASE, true), 1);
  for(int i=0; i<6; i++) assert_point((size_t)i, CC, R0);
  /* 1,2,3,3,4,5,6: mean 3.4286, amr 5/6, limits 1.2119..5.6452: 1 and 6
  ** beyond them, and no trend (3, 3 breaks it). */
  double b[] = { 1, 2, 3, 3, 4, 5, 6 };
  assert_int_equal(xmr(b, 7, SPC_INCREASE, true), 1);
  assert_point(0, CON, ROUT);
  for(int i=1; i<6; i++) assert_point((size_t)i, CC, R0);
  assert_point(6, IMP, ROUT);
  /* c(2, 1:7, 3): mean 3.667, amr 1.375, limits 0.0092..7.324: trend on
  ** the 7 rising points; shift none (runs of 4). */
  double d[] = { 2, 1, 2, 3, 4, 5, 6, 7, 3 };
  assert_int_equal(xmr(d, 9, SPC_INCREASE, true), 1);
  assert_point(0, CC, R0);
  for(int i=1; i<=7; i++) assert_point((size_t)i, IMP, RTR);
  assert_point(8, CC, R0);
  assert_int_equal(xmr(d, 9, SPC_DECREASE, true), 1);
  for(int i=1; i<=7; i++) assert_point((size_t)i, CON, RTR);
  /* c(2, 7:1, 3): falling trend on 7..1 */
  double f[] = { 2, 7, 6, 5, 4, 3, 2, 1, 3 };
  assert_int_equal(xmr(f, 9, SPC_INCREASE, true), 1);
  assert_point(0, CC, R0);
  for(int i=1; i<=7; i++) assert_point((size_t)i, CON, RTR);
  assert_point(8, CC, R0);
  assert_int_equal(xmr(f, 9, SPC_NEUTRAL, true), 1);
  for(int i=1; i<=7; i++) assert_point((size_t)i, SPC_NEUTRAL_LOW, RTR);
  /* 1..7: the ends are beyond the limits 1.34..6.66, which comes first;
  ** the middle five are the trend. */
  double g[] = { 1, 2, 3, 4, 5, 6, 7 };
  assert_int_equal(xmr(g, 7, SPC_INCREASE, true), 1);
  assert_point(0, CON, ROUT);
  for(int i=1; i<=5; i++) assert_point((size_t)i, IMP, RTR);
  assert_point(6, IMP, ROUT);
}

/* A peak shared by a rising and a falling trend takes the falling one
** ("if a point is part of a trend either side, use right side",
** ptd_special_cause_type in R/ptd_calculate_point_type.R at f7891af4). */
static void test_nhsr_trend_shared_peak(void **state){
  (void)state;
  /* 20 points of wide noise around 10 keep the limits wide. */
  double y[40];
  size_t n = 0;
  for(int i=0; i<20; i++) y[n++] = i%2 ? 4 : 16;
  for(int i=0; i<7; i++) y[n++] = 8 + i*0.5;     /* 8 .. 11 rising: 7 points */
  for(int i=1; i<7; i++) y[n++] = 11 - i*0.5;    /* 10.5 .. 8 falling: with the peak, 7 */
  assert_int_equal(xmr(y, n, SPC_INCREASE, true), 1);
  for(size_t i=20; i<26; i++) assert_point(i, IMP, RTR);
  assert_point(26, CON, RTR);                    /* the peak: the later trend */
  for(size_t i=27; i<n; i++) assert_point(i, CON, RTR);
}

/* NHSRplotthedots test-ptd_calculate_point_type.R,
** ptd_seven_point_one_side_mean: c(rep(1, 6), -1) no shift; c(rep(1, 8),
** -1) a shift on the first 8. End to end, with a point on the mean
** breaking a run (sign(y - mean) = 0, ptd_spc_standard). */
static void test_nhsr_shift(void **state){
  (void)state;
  /* 5,6 x3, 0: mean 4.714, amr 1 after screening the 6: limits 2.054..7.374 */
  double a[] = { 5, 6, 5, 6, 5, 6, 0 };
  assert_int_equal(xmr(a, 7, SPC_INCREASE, true), 1);
  for(int i=0; i<6; i++) assert_point((size_t)i, CC, R0);
  assert_point(6, CON, ROUT);
  /* eight above: mean 4.889, amr 1, limits 2.229..7.549, near 3.116..6.662 */
  double b[] = { 5, 6, 5, 6, 5, 6, 5, 6, 0 };
  assert_int_equal(xmr(b, 9, SPC_INCREASE, true), 1);
  for(int i=0; i<8; i++) assert_point((size_t)i, IMP, RSH);
  assert_point(8, CON, ROUT);
  assert_int_equal(xmr(b, 9, SPC_DECREASE, true), 1);
  for(int i=0; i<8; i++) assert_point((size_t)i, CON, RSH);
  assert_point(8, IMP, ROUT);
  /* mean exactly 0, one point on it: runs of 4 and 3, no shift. Limits
  ** +-2.66 * 8/7 = +-3.04, near +-2.027: -10 beyond the lower limit. */
  double c[] = { 1, 2, 1, 2, 0, 1, 2, 1, -10 };
  assert_int_equal(xmr(c, 9, SPC_INCREASE, true), 1);
  assert_near(g_seg[0].centre, 0, 0);
  for(int i=0; i<8; i++) assert_point((size_t)i, CC, R0);
  assert_point(8, CON, ROUT);
  /* the same without the point on the mean: a shift of 8, and within it
  ** two of three (2, 1, 2 with 2 > near limit 1.52) which comes first. */
  double d[] = { 1, 2, 1, 2, 1, 1, 2, 1, -11 };
  assert_int_equal(xmr(d, 9, SPC_INCREASE, true), 1);
  assert_near(g_seg[0].meanMovingRange, 6.0/7, 1e-15);
  assert_point(0, IMP, RSH);
  assert_point(1, IMP, R23);
  assert_point(2, IMP, RSH);
  assert_point(3, IMP, R23);
  for(int i=4; i<8; i++) assert_point((size_t)i, IMP, RSH);
  assert_point(8, CON, ROUT);
}

/* NHSRplotthedots test-ptd_calculate_point_type.R, ptd_two_in_three and
** ptd_part_of_two_in_three: close pattern (1, 0, 1) all on one side marks
** the two close points; (1, 0, 0, 1) marks none; (1, 0, 0, 1, 1) the last
** two. Background noise (+-4) sets the limits: mean 0.76, amr 9.3,
** near limits about +-16.5 from it, process limits about +-24.8. */
static void test_nhsr_two_of_three(void **state){
  (void)state;
  double y[96];
  size_t n = 0;
  for(int i=0; i<60; i++) y[n++] = i%2 ? -4 : 4;   /* mr 8 */
  size_t s1 = n;
  y[n++] = 20; y[n++] = 5; y[n++] = 20;              /* (1, 0, 1) above */
  y[n++] = -5; y[n++] = 5; y[n++] = -5;
  size_t s2 = n;
  y[n++] = -20; y[n++] = -5; y[n++] = -5; y[n++] = -20;   /* (1, 0, 0, 1) below */
  y[n++] = 5; y[n++] = -5; y[n++] = 5;
  size_t s3 = n;
  y[n++] = 20; y[n++] = 5; y[n++] = 5; y[n++] = 20; y[n++] = 20;  /* (1, 0, 0, 1, 1) */
  y[n++] = -5;
  struct spc_options o;
  spc_options_default(&o);
  assert_int_equal(chart(y, NULL, n, &o), 1);
  /* the shape of the limits this test needs */
  assert_true(g_pt[0].nearUpper < 20 && g_pt[0].upper > 20);
  assert_true(g_pt[0].nearLower > -20 && g_pt[0].lower < -20);
  assert_true(g_pt[0].nearUpper > 5 && g_pt[0].nearLower < -5);
  assert_true(g_pt[0].centre < 1 && g_pt[0].centre > -1);
  assert_point(s1, IMP, R23);
  assert_point(s1+1, CC, R0);
  assert_point(s1+2, IMP, R23);
  for(size_t i=s2; i<s2+4; i++) assert_point(i, CC, R0);
  assert_point(s3, CC, R0);
  assert_point(s3+1, CC, R0);
  assert_point(s3+2, CC, R0);
  assert_point(s3+3, IMP, R23);
  assert_point(s3+4, IMP, R23);
}

/* ptd_calculate_assurance_type (R/ptd_calculate_assurance_type.R at
** f7891af4): target > upl: increase consistent_fail, decrease
** consistent_pass; target < lpl: the reverse; else inconsistent; neutral
** or no target: none. Limits of RNORM20: -3.01138 .. 3.294627. */
static void test_nhsr_assurance(void **state){
  (void)state;
  struct spc_options o;
  spc_options_default(&o);
  assert_int_equal(chart(RNORM20, NULL, 20, &o), 1);
  assert_int_equal(g_seg[0].assurance, SPC_ASSURANCE_NONE);
  o.bHasTarget = true;
  struct { double t; enum spc_direction d; enum spc_assurance a; } cases[] = {
    { 4, SPC_INCREASE, SPC_ASSURANCE_FAIL }, { 4, SPC_DECREASE, SPC_ASSURANCE_PASS },
    { -4, SPC_INCREASE, SPC_ASSURANCE_PASS }, { -4, SPC_DECREASE, SPC_ASSURANCE_FAIL },
    { 0, SPC_INCREASE, SPC_ASSURANCE_VARIABLE }, { 3.29, SPC_DECREASE, SPC_ASSURANCE_VARIABLE },
    { 3.2947, SPC_INCREASE, SPC_ASSURANCE_FAIL }, { -3.0114, SPC_INCREASE, SPC_ASSURANCE_PASS },
    { 4, SPC_NEUTRAL, SPC_ASSURANCE_NONE },
  };
  for(size_t i=0; i<sizeof cases/sizeof cases[0]; i++){
    o.target = cases[i].t;
    o.direction = cases[i].d;
    assert_int_equal(chart(RNORM20, NULL, 20, &o), 1);
    assert_int_equal(g_seg[0].assurance, cases[i].a);
  }
  assert_string_equal(spc_assurance_code(SPC_ASSURANCE_PASS), "consistent_pass");
  assert_string_equal(spc_assurance_code(SPC_ASSURANCE_FAIL), "consistent_fail");
  assert_string_equal(spc_assurance_code(SPC_ASSURANCE_VARIABLE), "inconsistent");
  assert_null(spc_assurance_code(SPC_ASSURANCE_NONE));
}

/* Rebase (ptd_spc_standard groups by rebase_group; rules by f,
** rebase_group in ptd_calculate_point_type): each segment is the chart of
** its own points. */
static void test_rebase(void **state){
  (void)state;
  struct spc_options o;
  spc_options_default(&o);
  size_t at[] = { 10 };
  o.aRebase = at;
  o.nRebase = 1;
  assert_int_equal(chart(RNORM20, NULL, 20, &o), 2);
  struct spc_segment seg[2];
  memcpy(seg, g_seg, sizeof seg);
  struct spc_point pt[20];
  memcpy(pt, g_pt, sizeof pt);
  assert_int_equal(seg[0].start, 0);
  assert_int_equal(seg[0].n, 10);
  assert_int_equal(seg[1].start, 10);
  assert_int_equal(seg[1].n, 10);
  for(int s=0; s<2; s++){
    struct spc_options o1;
    spc_options_default(&o1);
    assert_int_equal(chart(RNORM20+10*s, NULL, 10, &o1), 1);
    assert_near(seg[s].centre, g_seg[0].centre, 0);
    assert_near(seg[s].lower, g_seg[0].lower, 0);
    assert_near(seg[s].upper, g_seg[0].upper, 0);
    for(int i=0; i<10; i++){
      assert_int_equal(pt[10*s+i].segment, s);
      assert_near(pt[10*s+i].centre, seg[s].centre, 0);
    }
  }
  assert_true(seg[0].centre != seg[1].centre);
  /* A run across the rebase is two runs: 4 + 4 above is no shift; the same
  ** 8 points in one segment are. */
  double y[16] = { -3, 3, -3, 3, 1, 1.5, 1, 1.5, 1, 1.5, 1, 1.5, -3, 3, -3, 3 };
  spc_options_default(&o);
  assert_int_equal(chart(y, NULL, 16, &o), 1);
  for(int i=4; i<12; i++) assert_point((size_t)i, IMP, RSH);
  size_t mid[] = { 8 };
  o.aRebase = mid;
  o.nRebase = 1;
  assert_int_equal(chart(y, NULL, 16, &o), 2);
  for(int i=4; i<12; i++) assert_int_equal(g_pt[i].rule==RSH, 0);
  /* refused rebases */
  size_t bad0[] = { 0 }, badN[] = { 16 }, badOrder[] = { 8, 4 }, badDup[] = { 4, 4 };
  o.aRebase = bad0; assert_int_equal(chart(y, NULL, 16, &o), -1);
  o.aRebase = badN; assert_int_equal(chart(y, NULL, 16, &o), -1);
  o.aRebase = badOrder; o.nRebase = 2; assert_int_equal(chart(y, NULL, 16, &o), -1);
  o.aRebase = badDup; assert_int_equal(chart(y, NULL, 16, &o), -1);
  o.aRebase = NULL; assert_int_equal(chart(y, NULL, 16, &o), -1);
}

/* ---- p and u charts (qicharts2 qic.p, qic.u; Montgomery) ------------- */

/* Montgomery, Introduction to Statistical Quality Control, Exercise 6-1
** (solutions manual, as printed with MINITAB output): n = 100, m = 20,
** sum D = 117: p-bar 0.0585, UCL 0.1289, LCL 0 (cut); sample 12 beyond
** the UCL. Without sample 12 (19 samples, 102): 0.0537, UCL 0.1213.
** qicharts2 (R/helper.functions.R qic.p) uses these formulas; its
** tests/testthat/test_montgomery.R checks qic against Montgomery's
** chapter 7 examples. The counts other than sample 12 are ours (the
** manual prints only their sum); they alternate about the centre so no
** other rule fires. */
static void test_p_chart_montgomery(void **state){
  (void)state;
  double num[20], den[20];
  static const double other[19] = { 7, 4, 7, 4, 7, 4, 7, 4, 7, 4, 7, 4, 7, 3, 7, 4, 7, 4, 4 };
  double sum = 15;
  for(int i=0, j=0; i<20; i++){
    den[i] = 100;
    num[i] = i==11 ? 15 : other[j++];
    if( i!=11 ) sum += num[i];
  }
  assert_near(sum, 117, 0);
  struct spc_options o;
  spc_options_default(&o);
  o.chart = SPC_P;
  o.direction = SPC_DECREASE;
  assert_int_equal(chart(num, den, 20, &o), 1);
  assert_near(g_seg[0].centre, 0.0585, 5e-5);
  assert_near(g_seg[0].upper, 0.1289, 5e-5);
  assert_near(g_seg[0].lower, 0, 0);
  for(int i=0; i<20; i++){
    assert_near(g_pt[i].value, num[i]/100, 0);
    assert_near(g_pt[i].upper, 0.1289, 5e-5);
    assert_near(g_pt[i].lower, 0, 0);
    if( i==11 ) assert_point(11, CON, ROUT);
    else assert_point((size_t)i, CC, R0);
  }
  num[11] = NAN;   /* removed from the calculation */
  assert_int_equal(chart(num, den, 20, &o), 1);
  assert_int_equal(g_seg[0].nUsed, 19);
  assert_near(g_seg[0].centre, 0.0537, 5e-5);
  assert_near(g_seg[0].upper, 0.1213, 5e-5);
  assert_point(11, CC, R0);
  assert_true(isnan(g_pt[11].value));
}

/* Montgomery, Example 7.4 (Table 7.10, nonconformities in 20 samples of
** 5 personal computers), the data of qicharts2's test_montgomery.R
** "Example 7.4" (qic(..., chart = 'u')): u-bar 1.93, UCL 3.79, LCL 0.07. */
static void test_u_chart_montgomery(void **state){
  (void)state;
  static const double x[20] = { 10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5 };
  double den[20];
  for(int i=0; i<20; i++) den[i] = 5;
  struct spc_options o;
  spc_options_default(&o);
  o.chart = SPC_U;
  assert_int_equal(chart(x, den, 20, &o), 1);
  assert_near(g_seg[0].centre, 1.93, 5e-3);
  assert_near(g_seg[0].upper, 3.79, 5e-3);
  assert_near(g_seg[0].lower, 0.07, 5e-3);
  assert_near(g_seg[0].centre, 193.0/100, 1e-15);
  for(int i=0; i<20; i++){
    assert_near(g_pt[i].value, x[i]/5, 1e-15);
    assert_point((size_t)i, CC, R0);     /* Montgomery: in control */
  }
  assert_true(isnan(g_seg[0].meanMovingRange));
}

/* qic.p and qic.u: per-point limits cl +- 3 sqrt(cl(1-cl)/n_i) cut to
** [0, 1]; cl +- 3 sqrt(cl/n_i), lower cut at 0. Two-sigma lines likewise. */
static void test_pu_varying_denominators(void **state){
  (void)state;
  double num[] = { 2, 30, 5, 1 }, den[] = { 4, 100, 10, 2 };
  struct spc_options o;
  spc_options_default(&o);
  o.chart = SPC_P;
  assert_int_equal(chart(num, den, 4, &o), 1);
  double cl = 38.0/116;
  assert_near(g_seg[0].centre, cl, 1e-15);
  for(int i=0; i<4; i++){
    double sd = sqrt(cl*(1-cl)/den[i]);
    assert_near(g_pt[i].upper, fmin(1, cl + 3*sd), 1e-15);
    assert_near(g_pt[i].lower, fmax(0, cl - 3*sd), 1e-15);
    assert_near(g_pt[i].nearUpper, fmin(1, cl + 2*sd), 1e-15);
    assert_near(g_pt[i].nearLower, fmax(0, cl - 2*sd), 1e-15);
  }
  assert_near(g_pt[0].upper, 1, 0);     /* 0.3276 + 3 * 0.2347 > 1: cut */
  assert_near(g_pt[0].lower, 0, 0);
  /* segment limits at the mean denominator 29 */
  assert_near(g_seg[0].upper, cl + 3*sqrt(cl*(1-cl)/29), 1e-15);
  o.chart = SPC_U;
  assert_int_equal(chart(num, den, 4, &o), 1);
  for(int i=0; i<4; i++){
    double sd = sqrt(cl/den[i]);
    assert_near(g_pt[i].upper, cl + 3*sd, 1e-15);     /* no cut at 1 */
    assert_near(g_pt[i].lower, fmax(0, cl - 3*sd), 1e-15);
  }
  assert_true(g_pt[0].upper > 1);
  /* refused: a denominator <= 0, a negative numerator, p above 1 */
  double d0[] = { 4, 0, 10, 2 }, nNeg[] = { 2, -1, 5, 1 }, nBig[] = { 5, 30, 5, 1 };
  o.chart = SPC_P;
  assert_int_equal(chart(num, d0, 4, &o), -1);
  assert_int_equal(chart(nNeg, den, 4, &o), -1);
  assert_int_equal(chart(nBig, den, 4, &o), -1);
  assert_int_equal(chart(num, NULL, 4, &o), -1);
  o.chart = SPC_U;
  assert_int_equal(chart(nBig, den, 4, &o), 1);   /* a rate may exceed 1 */
  /* a missing denominator is a missing point, not an error */
  double dNa[] = { 4, NAN, 10, 2 };
  assert_int_equal(chart(num, dNa, 4, &o), 1);
  assert_int_equal(g_seg[0].nUsed, 3);
  assert_point(1, CC, R0);
  assert_near(g_seg[0].centre, 8.0/16, 1e-15);
}

/* p chart: the rules are the same as XmR's, over per-point limits: a
** point beyond its own (narrow) limit is outside although the same value
** at a small denominator is not. */
static void test_p_rules_per_point_limits(void **state){
  (void)state;
  double num[12], den[12];
  for(int i=0; i<12; i++){ den[i] = 50; num[i] = i%2 ? 10 : 15; }
  num[5] = 25; den[5] = 50;       /* 0.5 at n = 50: UCL 0.2768 + 3*0.0633 = 0.467: outside */
  num[8] = 5;  den[8] = 10;       /* 0.5 at n = 10: UCL 0.2768 + 3*0.1415 = 0.701: inside */
  struct spc_options o;
  spc_options_default(&o);
  o.chart = SPC_P;
  assert_int_equal(chart(num, den, 12, &o), 1);
  assert_true(g_pt[5].value==g_pt[8].value);
  assert_point(5, IMP, ROUT);
  assert_int_equal(g_pt[8].rule==ROUT, 0);
}

/* ---- run charts: qicharts2 (Anhøj) and IHI ------------------------------ */

/* anhoej/qicharts2 vignettes/qicharts2.html (rendered 2021-11-16),
** "Appendix 2: Critical values for longest run and number of crossings",
** n = 10 .. 100: upper limit for longest run round(log2(n) + 3) and lower
** limit for number of crossings qbinom(0.05, n - 1, 0.5). */
static const unsigned char ANHOEJ_RUN[91] = {   /* n = 10, 11, ... */
  6,6,7,7,7,7,7,7,7,7,7,7,7,8,8,8,8,8,8,
  8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,9,9,
  9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,
  9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,
  9,9,9,9,9,10,10,10,10,10,10,10,10,10,10,
};
static const unsigned char ANHOEJ_CROSS[91] = {
  2,2,3,3,4,4,4,5,5,6,6,6,7,7,8,8,8,9,9,10,10,11,11,11,12,12,13,13,14,14,14,
  15,15,16,16,17,17,17,18,18,19,19,20,20,21,21,21,22,22,23,23,24,24,25,25,25,
  26,26,27,27,28,28,29,29,29,30,30,31,31,32,32,33,33,34,34,34,35,35,36,36,37,
  37,38,38,39,39,39,40,40,41,41 };

static void test_anhoej_critical_values(void **state){
  (void)state;
  double x[100], scratch[100];
  for(int n=10; n<=100; n++){
    assert_int_equal(stats_qbinom(0.05, n-1, 0.5), ANHOEJ_CROSS[n-10]);
    /* n alternating points about a median of 0 fixed by the first two
    ** (qicharts2's freeze): n useful points, n - 1 crossings */
    for(int i=0; i<n; i++) x[i] = i%2 ? 1 : -1;
    struct run_result r;
    run_analyse(x, (size_t)n, 2, &r, NULL, scratch);
    assert_near(r.median, 0, 0);
    assert_int_equal(r.nUseful, n);
    assert_int_equal(r.longestRun, 1);
    assert_int_equal(r.crossings, n-1);
    assert_int_equal(r.longestRunMax, ANHOEJ_RUN[n-10]);
    assert_int_equal(r.crossingsMin, ANHOEJ_CROSS[n-10]);
    assert_false(r.bSignal);
  }
  /* n = 24: a run of 8 is no signal, a run of 9 is: 24 - len alternating
  ** points (median 0 from the first two) then the run on the other side
  ** of the last of them, so 24 - len crossings (>= 8, no crossing signal) */
  for(int len=8; len<=9; len++){
    int m = 24 - len;
    double last = (m-1)%2 ? -1 : 1;
    for(int i=0; i<24; i++) x[i] = i<m ? (i%2 ? -1 : 1) : -last;
    struct run_result r;
    run_analyse(x, 24, 2, &r, NULL, scratch);
    assert_near(r.median, 0, 0);
    assert_int_equal(r.nUseful, 24);
    assert_int_equal(r.longestRun, len);
    assert_int_equal(r.crossings, 24-len);
    assert_int_equal(r.longestRunMax, 8);
    assert_int_equal(r.bRunsSignal, len>8);
    assert_false(r.bCrossingsSignal);
  }
  /* the table's text: 24 useful points, fewer than 8 crossings or a run
  ** longer than 8 signal (vignettes/qicharts2.Rmd, "The Anhøj rules") */
  assert_int_equal(stats_qbinom(0.05, 23, 0.5), 8);
  assert_int_equal((long)lround(log2(24.0)) + 3, 8);
}

/* R's pbinom / qbinom: exact binomial sums (2^-n k-sums for p = 0.5) and
** values R prints: pbinom(3, 10, 0.3) = 0.6496107, pbinom(5, 20, 0.3) =
** 0.4163708, qbinom(0.5, 10, 0.5) = 5, qbinom(0.3, 20, 0.3) = 5. */
static void test_binomial(void **state){
  (void)state;
  assert_near(stats_pbinom(2, 9, 0.5), 46.0/512, 4e-17);
  assert_near(stats_pbinom(3, 11, 0.5), 232.0/2048, 4e-17);
  assert_near(stats_pbinom(0, 10, 0.5), 1.0/1024, 1e-18);
  assert_near(stats_pbinom(9, 10, 0.5), 1023.0/1024, 2e-16);
  assert_near(stats_pbinom(3, 10, 0.3), 0.6496107, 5e-8);
  assert_near(stats_pbinom(5, 20, 0.3), 0.4163708, 5e-8);
  assert_near(stats_pbinom(-1, 10, 0.3), 0, 0);
  assert_near(stats_pbinom(10, 10, 0.3), 1, 0);
  assert_near(stats_pbinom(0, 0, 0.3), 1, 0);
  assert_near(stats_pbinom(2, 5, 0), 1, 0);
  assert_near(stats_pbinom(2, 5, 1), 0, 0);
  assert_true(isnan(stats_pbinom(2, 5, 1.5)));
  assert_true(isnan(stats_pbinom(2, -1, 0.5)));
  assert_int_equal(stats_qbinom(0.5, 10, 0.5), 5);
  assert_int_equal(stats_qbinom(0.3, 20, 0.3), 5);
  assert_int_equal(stats_qbinom(0, 10, 0.5), 0);
  assert_int_equal(stats_qbinom(1, 10, 0.5), 10);
  assert_int_equal(stats_qbinom(0.05, 0, 0.5), 0);
  assert_int_equal(stats_qbinom(1.5, 10, 0.5), -1);
  /* left continuity: q exactly P(X <= 4) for Bin(10, 0.5) = 386/1024
  ** gives 4, as R's fuzz makes it */
  assert_int_equal(stats_qbinom(386.0/1024, 10, 0.5), 4);
  assert_int_equal(stats_qbinom(386.0/1024 + 1e-9, 10, 0.5), 5);
  /* large n: the normal approximation says 0.05 at mean - 1.645 sd */
  long k = stats_qbinom(0.05, 999999, 0.5);
  assert_true(k > 499999 - 1.645*500 - 2 && k < 499999 - 1.645*500 + 2);
  assert_true(stats_pbinom(k, 999999, 0.5) >= 0.05);
  assert_true(stats_pbinom(k-1, 999999, 0.5) < 0.05);
}

/* qicharts2 runs.analysis: points on the median removed; longest run;
** crossings = runs - 1; signal when longest > max or crossings < min. */
static void test_run_chart_anhoej(void **state){
  (void)state;
  double scratch[64];
  unsigned char fl[64];
  struct run_result r;
  /* 1..5: median 3 on a point: n_useful 4, runs - - + +: longest 2, 1 crossing */
  double a[] = { 1, 2, 3, 4, 5 };
  run_analyse(a, 5, 0, &r, fl, scratch);
  assert_near(r.median, 3, 0);
  assert_int_equal(r.nUseful, 4);
  assert_int_equal(r.longestRun, 2);
  assert_int_equal(r.crossings, 1);
  assert_int_equal(r.longestRunMax, 5);       /* round(log2(4)) + 3 */
  assert_int_equal(r.crossingsMin, 0);        /* qbinom(0.05, 3, 0.5) */
  assert_false(r.bSignal);
  /* the point on the median is in no run, but in the IHI trend 1..5 */
  assert_int_equal(fl[2], RUN_ON_MEDIAN|RUN_IN_TREND);
  assert_true(r.bTrend);
  for(int i=0; i<5; i++) assert_int_equal(fl[i] & RUN_IN_TREND, RUN_IN_TREND);
  assert_int_equal(fl[0] & RUN_IN_LONGEST_RUN, RUN_IN_LONGEST_RUN);
  assert_int_equal(fl[4] & RUN_IN_LONGEST_RUN, RUN_IN_LONGEST_RUN);
  /* 20 points: 10 below then 10 above the median (even count: median is
  ** the mean of the middle two) -> longest 10 > 7, crossings 1 < 6 */
  double b[20];
  for(int i=0; i<20; i++) b[i] = i<10 ? i : 100 + i;
  run_analyse(b, 20, 0, &r, fl, scratch);
  assert_near(r.median, (9 + 110)/2.0, 0);
  assert_int_equal(r.nUseful, 20);
  assert_int_equal(r.longestRun, 10);
  assert_int_equal(r.longestRunMax, 7);
  assert_int_equal(r.crossings, 1);
  assert_int_equal(r.crossingsMin, 6);
  assert_true(r.bRunsSignal);
  assert_true(r.bCrossingsSignal);
  assert_true(r.bSignal);
  assert_true(r.bShift);
  assert_true(r.bTrend);
  for(int i=0; i<20; i++) assert_int_equal(fl[i] & (RUN_IN_LONGEST_RUN|RUN_IN_SHIFT), RUN_IN_LONGEST_RUN|RUN_IN_SHIFT);
  /* a zig-zag of 20: 19 crossings, longest 1, no signal */
  for(int i=0; i<20; i++) b[i] = i%2 ? 1 : -1;
  run_analyse(b, 20, 0, &r, NULL, scratch);
  assert_int_equal(r.crossings, 19);
  assert_int_equal(r.longestRun, 1);
  assert_false(r.bSignal);
  assert_false(r.bShift);
  assert_false(r.bTrend);
  /* points on the median neither extend nor break a run: 8 above with
  ** medians among them is one run of 8 */
  double c[] = { -1, -2, -1, -3, -1, -2, 0, 5, 0, 6, 5, 0, 7, 5, 6, 5, 6, 0, -1, -2, 0, 0, 0 };
  size_t nc = sizeof c/sizeof c[0];
  run_analyse(c, nc, 0, &r, fl, scratch);
  assert_near(r.median, 0, 0);
  assert_int_equal(r.nUseful, nc - 7);        /* 7 zeros on the median */
  assert_int_equal(r.longestRun, 8);
  assert_int_equal(r.crossings, 2);
  assert_int_equal(r.longestRunMax, 7);       /* n_useful 16 */
  assert_int_equal(r.crossingsMin, 4);
  assert_true(r.bRunsSignal && r.bCrossingsSignal);
  assert_true(r.bShift);
  assert_int_equal(fl[8], RUN_ON_MEDIAN);
  assert_int_equal(fl[7] & RUN_IN_SHIFT, RUN_IN_SHIFT);
}

/* qicharts2 freeze: the median of the baseline only; runs over all. */
static void test_run_chart_baseline(void **state){
  (void)state;
  double x[12] = { 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15 };
  double scratch[12];
  struct run_result r;
  run_analyse(x, 12, 6, &r, NULL, scratch);
  assert_near(r.median, 3.5, 0);
  assert_int_equal(r.nUseful, 12);
  assert_int_equal(r.longestRun, 9);
  assert_int_equal(r.crossings, 1);
  run_analyse(x, 12, 0, &r, NULL, scratch);
  assert_near(r.median, 8, 0);
  run_analyse(x, 12, 100, &r, NULL, scratch);   /* more than n: all */
  assert_near(r.median, 8, 0);
}

/* IHI: a shift is >= 6 on one side (points on the median skipped); a
** trend >= 5 each higher or lower than the last, equal neighbours once. */
static void test_run_chart_ihi(void **state){
  (void)state;
  double scratch[32];
  unsigned char fl[32];
  struct run_result r;
  /* median 0 from the first two; 1,2,3,(0),2,3,2 is a run of 6 above
  ** (the point on the median skipped): a shift; the later 5 above is not */
  double a[] = { -1, 1, 2, 3, 0, 2, 3, 2, -1, 2, 2, 2, 2, 2, -1 };
  run_analyse(a, 15, 2, &r, fl, scratch);
  assert_near(r.median, 0, 0);
  assert_true(r.bShift);
  for(int i=1; i<=7; i++){
    if( i==4 ) assert_int_equal(fl[4], RUN_ON_MEDIAN);
    else assert_int_equal(fl[i] & RUN_IN_SHIFT, RUN_IN_SHIFT);
  }
  for(int i=8; i<15; i++) assert_int_equal(fl[i] & RUN_IN_SHIFT, 0);
  a[7] = -2;    /* now 5 then 5: no shift */
  run_analyse(a, 15, 2, &r, fl, scratch);
  assert_false(r.bShift);
  /* trends: 1,2,2,3,4,5 is 5 distinct rising steps' points -> trend;
  ** 1,2,3,4 is not; 5,4,4,3,2,1 falling with a tie -> trend */
  double t1[] = { 1, 2, 2, 3, 4, 5 };
  run_analyse(t1, 6, 0, &r, fl, scratch);
  assert_true(r.bTrend);
  for(int i=0; i<6; i++) assert_int_equal(fl[i] & RUN_IN_TREND, RUN_IN_TREND);
  double t2[] = { 1, 2, 3, 4, 1, 2, 3, 4 };
  run_analyse(t2, 8, 0, &r, fl, scratch);
  assert_false(r.bTrend);
  for(int i=0; i<8; i++) assert_int_equal(fl[i] & RUN_IN_TREND, 0);
  double t3[] = { 9, 5, 4, 4, 3, 2, 1, 7 };
  run_analyse(t3, 8, 0, &r, fl, scratch);
  assert_true(r.bTrend);
  assert_int_equal(fl[0] & RUN_IN_TREND, RUN_IN_TREND);   /* 9,5,4,3,2,1: 6 points */
  assert_int_equal(fl[6] & RUN_IN_TREND, RUN_IN_TREND);
  assert_int_equal(fl[7] & RUN_IN_TREND, 0);
  double t4[] = { 1, 1, 1, 1, 1, 1 };
  run_analyse(t4, 6, 0, &r, fl, scratch);
  assert_false(r.bTrend);
  assert_int_equal(r.nUseful, 0);
}

/* ---- edge cases ---------------------------------------------------------- */

static void test_edge_all_equal(void **state){
  (void)state;
  double y[30];
  for(int i=0; i<30; i++) y[i] = 7.25;
  for(int screen=0; screen<2; screen++){
    assert_int_equal(xmr(y, 30, SPC_INCREASE, screen), 1);
    assert_near(g_seg[0].centre, 7.25, 0);
    assert_near(g_seg[0].meanMovingRange, 0, 0);
    assert_near(g_seg[0].lower, 7.25, 0);
    assert_near(g_seg[0].upper, 7.25, 0);
    for(int i=0; i<30; i++){
      assert_point((size_t)i, CC, R0);
      assert_false(isnan(g_pt[i].nearLower) || isnan(g_pt[i].nearUpper));
    }
  }
  double scratch[30];
  struct run_result r;
  run_analyse(y, 30, 0, &r, NULL, scratch);
  assert_near(r.median, 7.25, 0);
  assert_int_equal(r.nUseful, 0);
  assert_int_equal(r.longestRun, 0);
  assert_int_equal(r.crossings, 0);
  assert_false(r.bSignal);
  /* p chart of all zero: centre 0, limits 0, all common cause */
  double num[10] = {0}, den[10];
  for(int i=0; i<10; i++) den[i] = 20;
  struct spc_options o;
  spc_options_default(&o);
  o.chart = SPC_P;
  assert_int_equal(chart(num, den, 10, &o), 1);
  assert_near(g_seg[0].centre, 0, 0);
  for(int i=0; i<10; i++){
    assert_near(g_pt[i].upper, 0, 0);
    assert_point((size_t)i, CC, R0);
  }
}

static void test_edge_missing(void **state){
  (void)state;
  /* means and medians skip NaN */
  double m[] = { 1, NAN, 3, NAN, 8 };
  double scratch[8];
  assert_near(stats_mean(m, 5), 4, 0);
  assert_near(stats_median(m, 5, scratch), 3, 0);
  double none[] = { NAN, NAN };
  assert_true(isnan(stats_mean(none, 2)));
  assert_true(isnan(stats_median(none, 2, scratch)));
  assert_true(isnan(stats_mean(none, 0)));
  /* moving ranges: missing next to a gap */
  double mr[6];
  assert_int_equal(stats_moving_ranges(m, 5, mr), 5);
  for(int i=0; i<5; i++) assert_true(isnan(mr[i]));
  double q[] = { 1, 4, 2, NAN, 5, 5 };
  stats_moving_ranges(q, 6, mr);
  assert_true(isnan(mr[0]));
  assert_near(mr[1], 3, 0);
  assert_near(mr[2], 2, 0);
  assert_true(isnan(mr[3]) && isnan(mr[4]));
  assert_near(mr[5], 0, 0);
  /* a gap neither breaks nor extends a shift: 7 above with a gap is a
  ** shift; the gap point is common cause with rule none */
  double y[] = { -4, 4, -4, 4, 1, 1.5, 1, NAN, 1.5, 1, 1.5, 1, -4, 4, -4, 4 };
  assert_int_equal(xmr(y, 16, SPC_INCREASE, true), 1);
  assert_int_equal(g_seg[0].nUsed, 15);
  for(int i=4; i<12; i++){
    if( i==7 ) assert_point(7, CC, R0);
    else assert_point((size_t)i, IMP, RSH);
  }
  assert_true(isnan(g_pt[7].value));
  /* a run chart: the gap is skipped */
  struct run_result r;
  unsigned char fl[16];
  double scratch16[16];
  run_analyse(y, 16, 0, &r, fl, scratch16);
  assert_near(r.median, 1, 0);            /* 15 values: the 8th is a 1 */
  assert_int_equal(r.nUseful, 11);         /* the four 1s are on the median */
  assert_int_equal(fl[7], 0);
  assert_int_equal(fl[4], RUN_ON_MEDIAN);
  /* all missing: NaN limits, every point common cause */
  double z[4] = { NAN, NAN, NAN, NAN };
  assert_int_equal(xmr(z, 4, SPC_INCREASE, true), 1);
  assert_int_equal(g_seg[0].nUsed, 0);
  assert_true(isnan(g_seg[0].centre) && isnan(g_seg[0].lower) && isnan(g_seg[0].upper));
  for(int i=0; i<4; i++) assert_point((size_t)i, CC, R0);
  enum spc_type t;
  size_t since;
  assert_false(spc_current_signal(g_pt, 4, &t, &since));
}

static void test_edge_few_points_and_negative(void **state){
  (void)state;
  struct spc_options o;
  spc_options_default(&o);
  /* none */
  double dummy[1] = { 0 };
  assert_int_equal(chart(dummy, NULL, 0, &o), 1);
  assert_int_equal(g_seg[0].n, 0);
  assert_int_equal(g_seg[0].nUsed, 0);
  assert_true(isnan(g_seg[0].centre));
  /* one point: no moving range, NaN limits, common cause */
  double one[] = { 5 };
  assert_int_equal(chart(one, NULL, 1, &o), 1);
  assert_near(g_seg[0].centre, 5, 0);
  assert_true(isnan(g_seg[0].lower) && isnan(g_seg[0].upper));
  assert_point(0, CC, R0);
  /* six rising points: one short of a trend */
  double six[] = { 1, 2, 3, 4, 5, 6 };
  assert_int_equal(chart(six, NULL, 6, &o), 1);
  for(int i=0; i<6; i++) assert_int_equal(g_pt[i].rule==RTR, 0);
  /* negative values: the mirror image of a positive chart */
  double pos[] = { 2, 1, 2, 3, 4, 5, 6, 7, 3 }, neg[9];
  for(int i=0; i<9; i++) neg[i] = -pos[i];
  assert_int_equal(chart(pos, NULL, 9, &o), 1);
  double c = g_seg[0].centre, lo = g_seg[0].lower, hi = g_seg[0].upper;
  enum spc_type tp[9];
  enum spc_rule rp[9];
  for(int i=0; i<9; i++){ tp[i] = g_pt[i].type; rp[i] = g_pt[i].rule; }
  assert_int_equal(chart(neg, NULL, 9, &o), 1);
  assert_near(g_seg[0].centre, -c, 1e-15);
  assert_near(g_seg[0].lower, -hi, 1e-15);
  assert_near(g_seg[0].upper, -lo, 1e-15);
  for(int i=0; i<9; i++){
    assert_int_equal(g_pt[i].rule, rp[i]);
    enum spc_type want = tp[i]==IMP ? CON : (tp[i]==CON ? IMP : tp[i]);
    assert_int_equal(g_pt[i].type, want);
  }
  /* bad options */
  o.direction = (enum spc_direction)5;
  assert_int_equal(chart(pos, NULL, 9, &o), -1);
  assert_int_equal(spc_compute(pos, NULL, 9, NULL, g_pt, g_seg, g_scratch), -1);
}

/* Median: R's (mean of the middle two), on inputs that make a naive
** quickselect quadratic; 100,001 values take well under a second. */
static void test_median_large(void **state){
  (void)state;
  size_t n = 100001;
  double *x = malloc(n*sizeof *x), *s = malloc(n*sizeof *s);
  assert_non_null(x);
  assert_non_null(s);
  for(size_t i=0; i<n; i++) x[i] = (double)i;                 /* sorted */
  assert_near(stats_median(x, n, s), 50000, 0);
  for(size_t i=0; i<n; i++) x[i] = (double)(n-1-i);           /* reversed */
  assert_near(stats_median(x, n, s), 50000, 0);
  for(size_t i=0; i<n; i++) x[i] = 3;                         /* all equal */
  assert_near(stats_median(x, n, s), 3, 0);
  for(size_t i=0; i<n; i++) x[i] = (double)(i<n/2 ? i : n-1-i);   /* organ pipe */
  assert_near(stats_median(x, n, s), 25000, 0);
  for(size_t i=0; i<n; i++) x[i] = (double)(i%2);             /* two values */
  assert_near(stats_median(x, n, s), 0, 0);
  assert_near(stats_median(x, n-1, s), 0.5, 0);               /* even count */
  x[0] = NAN;
  assert_near(stats_median(x, 3, s), 0.5, 0);                 /* NaN, 1, 0 */
  double e[] = { 4, 1, 3, 2 };
  assert_near(stats_median(e, 4, s), 2.5, 0);
  assert_near(stats_mean(e, 4), 2.5, 0);
  free(x);
  free(s);
}

static void test_current_signal_and_codes(void **state){
  (void)state;
  double b[] = { 5, 6, 5, 6, 5, 6, 5, 6, 0, NAN };
  assert_int_equal(xmr(b, 10, SPC_INCREASE, true), 1);
  enum spc_type t;
  size_t since;
  assert_true(spc_current_signal(g_pt, 10, &t, &since));
  assert_int_equal(t, CON);     /* the last non-missing point, the 0 */
  assert_int_equal(since, 8);
  assert_true(spc_current_signal(g_pt, 8, &t, &since));
  assert_int_equal(t, IMP);
  assert_int_equal(since, 0);
  /* A rebase starts a new stretch: the same type on both sides of it is
  ** reported from the rebase on, not from before it. */
  for(int i=0; i<10; i++){ g_pt[i].type = IMP; g_pt[i].segment = i<6 ? 0 : 1; g_pt[i].value = 1; }
  assert_true(spc_current_signal(g_pt, 10, &t, &since));
  assert_int_equal(t, IMP);
  assert_int_equal(since, 6);
  assert_string_equal(spc_type_code(CC), "common_cause");
  assert_string_equal(spc_type_code(IMP), "special_cause_improvement");
  assert_string_equal(spc_type_code(CON), "special_cause_concern");
  assert_string_equal(spc_type_code(SPC_NEUTRAL_HIGH), "special_cause_neutral_high");
  assert_string_equal(spc_type_code(SPC_NEUTRAL_LOW), "special_cause_neutral_low");
  assert_null(spc_rule_code(R0));
  assert_string_equal(spc_rule_code(ROUT), "outside_limits");
  assert_string_equal(spc_rule_code(RTR), "trend");
  assert_string_equal(spc_rule_code(R23), "two_of_three");
  assert_string_equal(spc_rule_code(RSH), "shift");
  struct spc_options o;
  memset(&o, 0x5a, sizeof o);
  spc_options_default(&o);
  assert_int_equal(o.chart, SPC_XMR);
  assert_int_equal(o.direction, SPC_INCREASE);
  assert_true(o.bScreenOutliers);
  assert_false(o.bHasTarget);
  assert_int_equal(o.nRebase, 0);
  assert_null(o.aRebase);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_nhsr_standard_r1),
    cmocka_unit_test(test_nhsr_standard_screening),
    cmocka_unit_test(test_nhsr_screen_boundary),
    cmocka_unit_test(test_nhsr_two_of_three_opposite_sides),
    cmocka_unit_test(test_nhsr_trend),
    cmocka_unit_test(test_nhsr_trend_shared_peak),
    cmocka_unit_test(test_nhsr_shift),
    cmocka_unit_test(test_nhsr_two_of_three),
    cmocka_unit_test(test_nhsr_assurance),
    cmocka_unit_test(test_rebase),
    cmocka_unit_test(test_p_chart_montgomery),
    cmocka_unit_test(test_u_chart_montgomery),
    cmocka_unit_test(test_pu_varying_denominators),
    cmocka_unit_test(test_p_rules_per_point_limits),
    cmocka_unit_test(test_anhoej_critical_values),
    cmocka_unit_test(test_binomial),
    cmocka_unit_test(test_run_chart_anhoej),
    cmocka_unit_test(test_run_chart_baseline),
    cmocka_unit_test(test_run_chart_ihi),
    cmocka_unit_test(test_edge_all_equal),
    cmocka_unit_test(test_edge_missing),
    cmocka_unit_test(test_edge_few_points_and_negative),
    cmocka_unit_test(test_median_large),
    cmocka_unit_test(test_current_signal_and_codes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
