/*
** Charts as SVG (src/html/chart.h): well-formed XML (xmllint), the title
** and the description in words with the values, escaping, one marker per
** point with the right shape for special causes, the centre line where
** the axis says it should be, Welsh in Welsh, the output size independent
** of the number of points beyond the width, gaps for missing values.
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
#include <time.h>
#include <unistd.h>
#include "html/chart.h"
#include "html/i18n.h"
#include "stats/stats.h"
#include "util/buf.h"
#include "svg_checks.h"

static int setup(void **state){
  (void)state;
  return i18n_init() ? 0 : -1;
}

/* ---- helpers ----------------------------------------------------------- */

/* n dates, one a month from January 2023 (or a day apart when bDaily). */
static char (*dates(size_t n, int bDaily))[11]{
  char (*a)[11] = xmalloc(n * sizeof *a);
  for(size_t i=0; i<n; i++){
    if( bDaily ){
      struct tm tm = {0};
      tm.tm_year = 100; tm.tm_mon = 0; tm.tm_mday = 1 + (int)i; tm.tm_hour = 12;
      time_t t = timegm(&tm);
      struct tm *g = gmtime(&t);
      strftime(a[i], 11, "%Y-%m-%d", g);
    }else{
      char z[32];
      snprintf(z, sizeof z, "%04d-%02d-01", 2023 + (int)(i/12), (int)(i%12) + 1);
      memcpy(a[i], z, 10); a[i][10] = 0;
    }
  }
  return a;
}

/* An XmR chart with fixed centre 5 and limits 0 and 10; types by hand. */
struct fixture {
  size_t n;
  double *aValue;
  char (*azDate)[11];
  struct spc_point *aSpc;
  struct spc_segment seg;
  struct chart_input in;
};
static void fixture_init(struct fixture *f, size_t n, enum lang lang){
  memset(f, 0, sizeof *f);
  f->n = n;
  f->aValue = xmalloc(n * sizeof(double));
  f->aSpc = xcalloc(n, sizeof(struct spc_point));
  f->azDate = dates(n, n>200);
  for(size_t i=0; i<n; i++){
    f->aValue[i] = (i%2) ? 6 : 4;
    f->aSpc[i] = (struct spc_point){ .value = f->aValue[i], .centre = 5, .lower = 0, .upper = 10,
                                     .nearLower = 1.67, .nearUpper = 8.33, .type = SPC_COMMON_CAUSE };
  }
  f->seg = (struct spc_segment){ .start = 0, .n = n, .nUsed = n, .centre = 5, .meanMovingRange = 2,
                                 .lower = 0, .upper = 10 };
  f->in = (struct chart_input){ .kind = CHART_XMR, .lang = lang, .zId = "c1", .zTitle = "Waiting days",
    .zUnit = "days", .n = n, .aValue = f->aValue, .azDate = (const char (*)[11])f->azDate,
    .aSpc = f->aSpc, .aSeg = &f->seg, .nSeg = 1 };
}
static void fixture_free(struct fixture *f){
  free(f->aValue); free(f->aSpc); free(f->azDate);
}


/* The y of the horizontal path of class zClass ("M x yH x"). */
static double path_y(const char *zSvg, const char *zClassAttr){
  const char *p = strstr(zSvg, zClassAttr);
  assert_non_null(p);
  p = strstr(p, "d=\"M");
  assert_non_null(p);
  double x, y;
  assert_int_equal(sscanf(p+4, "%lf %lf", &x, &y), 2);
  return y;
}
static double grid_y(const char *zSvg, const char *zValue){
  char zNeedle[64];
  snprintf(zNeedle, sizeof zNeedle, "data-value=\"%s\"", zValue);
  const char *p = strstr(zSvg, zNeedle);
  assert_non_null(p);
  /* The grid path is written before its data-value. */
  const char *q = p;
  while( q>zSvg && strncmp(q, "d=\"M", 4)!=0 ) q--;
  double x, y;
  assert_int_equal(sscanf(q+4, "%lf %lf", &x, &y), 2);
  return y;
}

/* ---- tests --------------------------------------------------------------- */

static void test_xmr_well_formed_with_title_and_desc(void **state){
  (void)state;
  struct fixture f;
  fixture_init(&f, 24, LANG_EN);
  f.aSpc[23].type = SPC_IMPROVEMENT; f.aSpc[23].rule = SPC_RULE_OUTSIDE_LIMITS;
  f.aValue[23] = f.aSpc[23].value = 11;
  f.in.bHasTarget = true; f.in.target = 8;
  f.seg.assurance = SPC_ASSURANCE_VARIABLE;
  struct buf b = {0};
  chart_svg(&b, &f.in);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_non_null(strstr(z, "role=\"img\""));
  assert_non_null(strstr(z, "aria-labelledby=\"c1-title c1-desc\""));
  assert_non_null(strstr(z, "viewBox=\"0 0 760 360\""));
  char *zTitle = between(z, "<title id=\"c1-title\">", "</title>");
  assert_non_null(zTitle);
  assert_non_null(strstr(zTitle, "Waiting days"));
  assert_non_null(strstr(zTitle, "XmR"));
  char *zDesc = between(z, "<desc id=\"c1-desc\">", "</desc>");
  assert_non_null(zDesc);
  assert_non_null(strstr(zDesc, "24 points from 1 January 2023 to 1 December 2024"));
  assert_non_null(strstr(zDesc, "Mean 5.0; lower process limit 0.0; upper process limit 10.0."));
  assert_non_null(strstr(zDesc, "Latest signal: special cause variation – improvement since 1 December 2024."));
  assert_non_null(strstr(zDesc, "Rule: a point beyond a process limit."));
  assert_non_null(strstr(zDesc, "Target 8.0."));
  assert_non_null(strstr(zDesc, "sometimes meet it"));
  /* Labelled lines and a legend in words. */
  assert_non_null(strstr(z, ">Mean 5.0</text>"));
  assert_non_null(strstr(z, ">UPL 10.0</text>"));
  assert_non_null(strstr(z, ">Target 8.0</text>"));
  assert_non_null(strstr(z, "class=\"chart-target\""));
  assert_non_null(strstr(z, ">Process limits (UPL, LPL)</text>"));
  assert_non_null(strstr(z, ">Special cause – improvement</text>"));
  assert_non_null(strstr(z, ">Date</text>"));
  assert_non_null(strstr(z, ">days</text>"));
  /* Month ticks. */
  assert_non_null(strstr(z, ">Jan 2023</text>"));
  /* No text smaller than 12px. */
  for(const char *p = strstr(z, "font-size=\""); p; p = strstr(p+1, "font-size=\"")){
    assert_true(atoi(p+11) >= 12);
  }
  free(zTitle); free(zDesc);
  buf_free(&b);
  fixture_free(&f);
}

static void test_title_escaped(void **state){
  (void)state;
  struct fixture f;
  fixture_init(&f, 12, LANG_EN);
  f.in.zTitle = "<script>alert(1)</script> & \"quoted\" 'single'";
  f.in.zUnit = "<b>";
  const char *azNote[] = { "PDSA <1> & \"2\"" };
  size_t aAt[] = { 3 };
  f.in.nNote = 1; f.in.aNoteAt = aAt; f.in.azNote = azNote;
  f.in.zId = "x\"y";
  struct buf b = {0};
  chart_svg(&b, &f.in);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_null(strstr(z, "<script"));
  assert_null(strstr(z, "<b>"));
  assert_non_null(strstr(z, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;"));
  assert_non_null(strstr(z, "PDSA &lt;1&gt; &amp; &quot;2&quot;"));
  assert_non_null(strstr(z, "id=\"x&quot;y-title\""));
  buf_free(&b);
  fixture_free(&f);
}

/* The markers inside the points group of kind zKind. */
static int markers_of(const char *z, const char *zKind){
  char zOpen[64], zHref[64];
  snprintf(zOpen, sizeof zOpen, "class=\"chart-points chart-%s\">", zKind);
  snprintf(zHref, sizeof zHref, "-mk-%s\"", zKind);
  char *g = between(z, zOpen, "</g>");
  if( !g ) return 0;
  int n = count(g, "<use ");
  assert_int_equal(count(g, zHref), n);   /* every one has the kind's shape */
  free(g);
  return n;
}

static void test_one_marker_per_point_special_causes_shaped(void **state){
  (void)state;
  struct fixture f;
  fixture_init(&f, 24, LANG_EN);
  for(size_t i=16; i<24; i++){ f.aSpc[i].type = SPC_IMPROVEMENT; f.aSpc[i].rule = SPC_RULE_SHIFT; }
  f.aSpc[3].type = SPC_CONCERN; f.aSpc[3].rule = SPC_RULE_OUTSIDE_LIMITS;
  f.aSpc[5].type = SPC_NEUTRAL_HIGH;
  struct buf b = {0};
  chart_svg(&b, &f.in);
  const char *z = buf_cstr(&b);
  assert_int_equal(markers_of(z, "imp"), 8);
  assert_int_equal(markers_of(z, "con"), 1);
  assert_int_equal(markers_of(z, "nhi"), 1);
  assert_int_equal(markers_of(z, "cc"), 14);
  /* Different shapes: the improvement marker is a diamond, concern a square. */
  assert_non_null(strstr(z, "id=\"c1-mk-imp\" d=\"M0 -6.5L6.5 0L0 6.5L-6.5 0Z\" fill=\"#41B6E6\""));
  assert_non_null(strstr(z, "id=\"c1-mk-con\" d=\"M-5 -5H5V5H-5Z\" fill=\"#ED8B00\""));
  assert_non_null(strstr(z, "id=\"c1-mk-cc\" r=\"3.5\" fill=\"#7F7F7F\""));
  assert_non_null(strstr(z, "fill=\"#490092\""));
  assert_non_null(strstr(z, ">Special cause – concern</text>"));
  buf_free(&b);
  fixture_free(&f);
}

static void test_centre_line_at_mean(void **state){
  (void)state;
  struct fixture f;
  fixture_init(&f, 24, LANG_EN);
  struct buf b = {0};
  chart_svg(&b, &f.in);
  const char *z = buf_cstr(&b);
  /* The y axis runs 0..10 in steps of 2: the mean 5 is half way between
  ** the grid lines of 4 and 6, and the limits on those of 0 and 10. */
  double y4 = grid_y(z, "4"), y6 = grid_y(z, "6");
  double yc = path_y(z, "class=\"chart-centre\"");
  assert_true(fabs(yc - (y4+y6)/2) < 0.11);
  double y0 = grid_y(z, "0"), y10 = grid_y(z, "10");
  double yL = path_y(z, "class=\"chart-limit\"");        /* lower first */
  assert_true(fabs(yL - y0) < 0.11);
  const char *pUpper = strstr(strstr(z, "class=\"chart-limit\"")+1, "class=\"chart-limit\"");
  assert_true(fabs(path_y(pUpper, "class=\"chart-limit\"") - y10) < 0.11);
  assert_non_null(strstr(z, "stroke-dasharray=\"6 4\""));
  /* The first data point (4) is on the grid line of 4. */
  double yFirst = path_y(z, "class=\"chart-data\"");
  assert_true(fabs(yFirst - y4) < 0.11);
  buf_free(&b);
  fixture_free(&f);
}

static void test_computed_xmr_centre(void **state){
  (void)state;
  /* The engine and the chart together: a known series, mean 3. */
  double a[] = { 1, 2, 3, 4, 5, 3, 2, 4, 3, 3 };
  size_t n = sizeof a/sizeof a[0];
  struct spc_point pts[10]; struct spc_segment seg[1]; double scratch[20];
  struct spc_options o; spc_options_default(&o);
  assert_int_equal(spc_compute(a, 0, n, &o, pts, seg, scratch), 1);
  char (*d)[11] = dates(n, 0);
  struct chart_input in = { .kind = CHART_XMR, .lang = LANG_EN, .zId = "k", .zTitle = "t", .zUnit = "",
    .n = n, .aValue = a, .azDate = (const char (*)[11])d, .aSpc = pts, .aSeg = seg, .nSeg = 1 };
  struct buf b = {0};
  chart_svg(&b, &in);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_non_null(strstr(z, "Mean 3.0"));
  /* The centre is at the y of 3 on the axis, read from its grid lines. */
  double ya = grid_y(z, "2"), yb = grid_y(z, "4");
  assert_true(fabs(path_y(z, "class=\"chart-centre\"") - (ya+yb)/2) < 0.11);
  buf_free(&b);
  free(d);
}

static void test_welsh(void **state){
  (void)state;
  struct fixture f;
  fixture_init(&f, 24, LANG_CY);
  f.in.bHasTarget = true; f.in.target = 8;
  struct buf b = {0};
  chart_svg(&b, &f.in);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_non_null(strstr(z, "Siart rheoli gwerthoedd unigol (XmR)"));
  assert_non_null(strstr(z, "24 pwynt o 1 Ionawr 2023 i 1 Rhagfyr 2024"));
  assert_non_null(strstr(z, "Cymedr 5.0; terfyn proses isaf 0.0; terfyn proses uchaf 10.0."));
  assert_non_null(strstr(z, "amrywiad achos cyffredin"));
  assert_non_null(strstr(z, ">Targed 8.0</text>"));
  assert_non_null(strstr(z, ">Dyddiad</text>"));
  assert_non_null(strstr(z, ">Ion 2023</text>"));
  assert_null(strstr(z, ">Mean"));
  assert_null(strstr(z, ">Date<"));
  buf_free(&b);
  fixture_free(&f);

  /* A run chart in Welsh. */
  double v[12] = { 3, 4, 3, 5, 4, 6, 7, 8, 7, 9, 8, 9 };
  unsigned char flags[12]; double scratch[12];
  struct run_result r;
  run_analyse(v, 12, 0, &r, flags, scratch);
  char (*d)[11] = dates(12, 0);
  struct chart_input in = { .kind = CHART_RUN, .lang = LANG_CY, .zId = "r", .zTitle = "Mesur", .zUnit = "",
    .n = 12, .aValue = v, .azDate = (const char (*)[11])d, .pRun = &r, .aRunFlag = flags };
  chart_svg(&b, &in);
  z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_non_null(strstr(z, "Siart rhediad"));
  assert_non_null(strstr(z, ">Canolrif "));
  buf_free(&b);
  free(d);
}

static void test_run_chart_highlights(void **state){
  (void)state;
  /* 7 low then 7 high: a shift each side; a trend in the middle. */
  double v[14] = { 1, 2, 1, 2, 1, 2, 1, 9, 8, 9, 8, 9, 8, 9 };
  unsigned char flags[14]; double scratch[14];
  struct run_result r = { .median = 5, .nUseful = 14, .longestRun = 7, .longestRunMax = 7,
                          .crossings = 1, .crossingsMin = 4, .bCrossingsSignal = true, .bSignal = true,
                          .bShift = true };
  (void)scratch;
  for(int i=0; i<14; i++) flags[i] = RUN_IN_SHIFT | RUN_IN_LONGEST_RUN;
  flags[0] = 0;   /* say the first is not in the shift */
  char (*d)[11] = dates(14, 0);
  struct chart_input in = { .kind = CHART_RUN, .lang = LANG_EN, .zId = "r", .zTitle = "Run", .zUnit = "",
    .n = 14, .aValue = v, .azDate = (const char (*)[11])d, .pRun = &r, .aRunFlag = flags,
    .bHasTarget = true, .target = 7 };
  struct buf b = {0};
  chart_svg(&b, &in);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_int_equal(markers_of(z, "shf"), 13);
  assert_int_equal(markers_of(z, "cc"), 1);
  assert_non_null(strstr(z, ">Median 5.0</text>"));
  assert_non_null(strstr(z, ">Shift</text>"));
  assert_non_null(strstr(z, "IHI rules: a shift"));
  assert_non_null(strstr(z, "Signal: non-random variation"));
  assert_non_null(strstr(z, "class=\"chart-target\""));
  double y4 = grid_y(z, "4"), y6 = grid_y(z, "6");
  assert_true(fabs(path_y(z, "class=\"chart-centre\"") - (y4+y6)/2) < 0.11);
  buf_free(&b);
  free(d);
}

static void test_missing_values_gap(void **state){
  (void)state;
  struct fixture f;
  fixture_init(&f, 24, LANG_EN);
  f.aValue[10] = f.aSpc[10].value = NAN;
  f.aValue[11] = f.aSpc[11].value = NAN;
  struct buf b = {0};
  chart_svg(&b, &f.in);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  char *zD = between(z, "class=\"chart-data\" d=\"", "\"");
  assert_non_null(zD);
  assert_int_equal(count(zD, "M"), 2);    /* two stretches of line */
  assert_int_equal(count(zD, "L"), 20);   /* 22 points, 2 starts */
  assert_int_equal(markers_of(z, "cc"), 22);
  assert_non_null(strstr(z, "2 of them are missing"));
  free(zD);
  buf_free(&b);

  /* Binned: a stretch of missing values wider than a pixel column is a gap too. */
  struct fixture g;
  fixture_init(&g, 20000, LANG_EN);
  for(size_t i=5000; i<6000; i++) g.aValue[i] = g.aSpc[i].value = NAN;
  chart_svg(&b, &g.in);
  z = buf_cstr(&b);
  zD = between(z, "class=\"chart-data\" d=\"", "\"");
  assert_non_null(zD);
  assert_int_equal(count(zD, "M"), 2);
  free(zD);
  buf_free(&b);
  fixture_free(&f); fixture_free(&g);
}

static void test_isolated_point_visible(void **state){
  (void)state;
  struct fixture f;
  fixture_init(&f, 5, LANG_EN);
  f.aValue[1] = f.aValue[3] = NAN;
  f.aSpc[1].value = f.aSpc[3].value = NAN;
  struct buf b = {0};
  chart_svg(&b, &f.in);
  char *zD = between(buf_cstr(&b), "class=\"chart-data\" d=\"", "\"");
  assert_int_equal(count(zD, "h0"), 3);   /* each lone point drawn as a dot */
  free(zD);
  buf_free(&b);
  fixture_free(&f);
}

static void test_size_grows_with_width_not_points(void **state){
  (void)state;
  struct fixture a, c;
  fixture_init(&a, 1000, LANG_EN);
  fixture_init(&c, 100000, LANG_EN);
  /* Special causes scattered through both. */
  for(size_t i=0; i<1000; i+=7) a.aSpc[i].type = SPC_IMPROVEMENT;
  for(size_t i=0; i<100000; i+=7) c.aSpc[i].type = SPC_IMPROVEMENT;
  for(size_t i=0; i<1000; i++) a.aValue[i] = a.aSpc[i].value = 5 + 4*sin((double)i/10);
  for(size_t i=0; i<100000; i++) c.aValue[i] = c.aSpc[i].value = 5 + 4*sin((double)i/1000);
  struct buf b1 = {0}, b2 = {0};
  clock_t t0 = clock();
  chart_svg(&b1, &a.in);
  clock_t t1 = clock();
  chart_svg(&b2, &c.in);
  clock_t t2 = clock();
  assert_true(xml_well_formed(buf_cstr(&b2)));
  print_message("1,000 points: %zu bytes, %.2f ms; 100,000 points: %zu bytes, %.2f ms\n",
                b1.n, 1000.0*(double)(t1-t0)/CLOCKS_PER_SEC, b2.n, 1000.0*(double)(t2-t1)/CLOCKS_PER_SEC);
  assert_true(b2.n < 3*b1.n);
  assert_true(b2.n < 100000);
  /* One improvement marker per pixel column at most. */
  assert_true(markers_of(buf_cstr(&b2), "imp") <= 760);
  assert_non_null(strstr(buf_cstr(&b2), "100000 points"));
  buf_free(&b1); buf_free(&b2);
  fixture_free(&a); fixture_free(&c);
}

static void test_p_chart_stepped_limits_and_percent(void **state){
  (void)state;
  size_t n = 20;
  double num[20], den[20], val[20];
  for(size_t i=0; i<n; i++){ den[i] = 50 + (double)(i%4)*25; num[i] = den[i]*(i<10 ? 0.2 : 0.4); val[i] = num[i]/den[i]; }
  size_t aRebase[] = { 10 };
  struct spc_options o; spc_options_default(&o);
  o.chart = SPC_P; o.aRebase = aRebase; o.nRebase = 1;
  struct spc_point pts[20]; struct spc_segment seg[2]; double scratch[40];
  int nSeg = spc_compute(num, den, n, &o, pts, seg, scratch);
  assert_int_equal(nSeg, 2);
  char (*d)[11] = dates(n, 0);
  struct chart_input in = { .kind = CHART_P, .lang = LANG_EN, .zId = "p", .zTitle = "Proportion seen",
    .zUnit = "%", .bPercent = true, .n = n, .aValue = val, .azDate = (const char (*)[11])d,
    .aSpc = pts, .aSeg = seg, .nSeg = nSeg };
  struct buf b = {0};
  chart_svg(&b, &in);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  char *zL = between(z, "class=\"chart-limit\" d=\"", "\"");
  assert_non_null(zL);
  assert_true(count(zL, "V") >= 10);       /* steps with the denominator */
  assert_int_equal(count(zL, "M"), 2);     /* a break at the rebase */
  char *zC = between(z, "class=\"chart-centre\" d=\"", "\"");
  assert_int_equal(count(zC, "M"), 2);
  assert_non_null(strstr(z, "Mean 40.0%"));     /* the latest segment */
  assert_non_null(strstr(z, "Limits recalculated from 1 November 2023"));
  assert_non_null(strstr(z, "%</text>"));
  free(zL); free(zC);
  buf_free(&b);
  free(d);
}

static void test_empty_and_notes(void **state){
  (void)state;
  struct chart_input in = { .kind = CHART_XMR, .lang = LANG_EN, .zId = "e", .zTitle = "Nothing", .zUnit = "" };
  struct buf b = {0};
  chart_svg(&b, &in);
  assert_true(xml_well_formed(buf_cstr(&b)));
  assert_non_null(strstr(buf_cstr(&b), "no data points yet"));
  buf_free(&b);

  struct fixture f;
  fixture_init(&f, 24, LANG_EN);
  const char *azNote[] = { "PDSA 1: text reminders", "PDSA 2: all practices" };
  size_t aAt[] = { 6, 7 };
  f.in.nNote = 2; f.in.aNoteAt = aAt; f.in.azNote = azNote;
  chart_svg(&b, &f.in);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_int_equal(count(z, "class=\"chart-note\""), 2);
  assert_non_null(strstr(z, ">1</text>"));
  assert_non_null(strstr(z, ">2</text>"));
  assert_non_null(strstr(z, "Notes: 1 (1 July 2023): PDSA 1: text reminders. 2 (1 August 2023): PDSA 2: all practices."));
  buf_free(&b);
  fixture_free(&f);
}

static void test_daily_dates_ticks(void **state){
  (void)state;
  /* 20 days: ticks by day; 3,000 days: by year. */
  struct fixture f;
  fixture_init(&f, 20, LANG_EN);
  free(f.azDate); f.azDate = dates(20, 1); f.in.azDate = (const char (*)[11])f.azDate;
  struct buf b = {0};
  chart_svg(&b, &f.in);
  assert_non_null(strstr(buf_cstr(&b), ">1 Jan</text>"));
  buf_free(&b);
  fixture_free(&f);
  fixture_init(&f, 3000, LANG_EN);
  chart_svg(&b, &f.in);
  assert_non_null(strstr(buf_cstr(&b), ">2002</text>"));
  assert_null(strstr(buf_cstr(&b), ">Feb"));
  buf_free(&b);
  fixture_free(&f);
}

/* The Making Data Count icons: well-formed, hidden from assistive
** technology (the words beside them say the same), the colour of the
** type, and the letter for a change high or low as the direction makes
** it: an improvement is high when higher is better, low when lower is. */
static void test_icons(void **state){
  (void)state;
  static const struct { enum spc_type t; enum spc_direction d; const char *zClass; const char *zLetter; } a[] = {
    { SPC_COMMON_CAUSE, SPC_INCREASE, "cc-icon-common", 0 },
    { SPC_IMPROVEMENT, SPC_INCREASE, "cc-icon-improvement", ">H<" },
    { SPC_IMPROVEMENT, SPC_DECREASE, "cc-icon-improvement", ">L<" },
    { SPC_CONCERN, SPC_INCREASE, "cc-icon-concern", ">L<" },
    { SPC_CONCERN, SPC_DECREASE, "cc-icon-concern", ">H<" },
    { SPC_NEUTRAL_HIGH, SPC_NEUTRAL, "cc-icon-neutral", ">H<" },
    { SPC_NEUTRAL_LOW, SPC_NEUTRAL, "cc-icon-neutral", ">L<" },
  };
  for(size_t i=0; i<sizeof a/sizeof a[0]; i++){
    struct buf b = {0};
    chart_icon_variation(&b, LANG_EN, a[i].t, a[i].d);
    const char *z = buf_cstr(&b);
    assert_true(xml_well_formed(z));
    assert_non_null(strstr(z, "aria-hidden=\"true\""));
    assert_non_null(strstr(z, a[i].zClass));
    assert_int_equal(count(z, "<circle"), 8);     /* the ring and seven points */
    if( a[i].zLetter ) assert_non_null(strstr(z, a[i].zLetter));
    else assert_null(strstr(z, "<text"));
    buf_free(&b);
  }
  /* Welsh letters: U(chel) and I(sel). */
  struct buf b = {0};
  chart_icon_variation(&b, LANG_CY, SPC_IMPROVEMENT, SPC_INCREASE);
  assert_non_null(strstr(buf_cstr(&b), ">U<"));
  buf_reset(&b);
  /* Assurance: pass, fail, hit and miss; nothing without a target. */
  chart_icon_assurance(&b, LANG_EN, SPC_ASSURANCE_PASS);
  assert_true(xml_well_formed(buf_cstr(&b)));
  assert_non_null(strstr(buf_cstr(&b), "cc-icon-pass"));
  assert_non_null(strstr(buf_cstr(&b), ">P<"));
  buf_reset(&b);
  chart_icon_assurance(&b, LANG_EN, SPC_ASSURANCE_FAIL);
  assert_non_null(strstr(buf_cstr(&b), ">F<"));
  buf_reset(&b);
  chart_icon_assurance(&b, LANG_EN, SPC_ASSURANCE_VARIABLE);
  assert_non_null(strstr(buf_cstr(&b), ">?<"));
  buf_reset(&b);
  chart_icon_assurance(&b, LANG_EN, SPC_ASSURANCE_NONE);
  assert_int_equal(b.n, 0);
  buf_free(&b);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_xmr_well_formed_with_title_and_desc),
    cmocka_unit_test(test_title_escaped),
    cmocka_unit_test(test_one_marker_per_point_special_causes_shaped),
    cmocka_unit_test(test_centre_line_at_mean),
    cmocka_unit_test(test_computed_xmr_centre),
    cmocka_unit_test(test_welsh),
    cmocka_unit_test(test_run_chart_highlights),
    cmocka_unit_test(test_missing_values_gap),
    cmocka_unit_test(test_isolated_point_visible),
    cmocka_unit_test(test_size_grows_with_width_not_points),
    cmocka_unit_test(test_p_chart_stepped_limits_and_percent),
    cmocka_unit_test(test_empty_and_notes),
    cmocka_unit_test(test_daily_dates_ticks),
    cmocka_unit_test(test_icons),
  };
  return cmocka_run_group_tests(tests, setup, 0);
}
