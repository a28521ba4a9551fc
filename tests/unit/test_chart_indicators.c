/*
** Charts of indicators as SVG (src/html/chart_indicators.h): each chart
** with realistic data is well-formed XML (xmllint) with the role="img"
** and aria-labelledby pattern; the right number of markers, each with the
** shape and the colour of its comparison; the Wales line where the axis
** puts it; the spine turned round by polarity; gaps drawn as gaps with
** their reason; the description naming what is worse; every text escaped;
** no NaN or infinity written; the same bytes from the same input; UK
** numbers; Welsh in Welsh. The cost of each chart per call is printed,
** not asserted.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "html/chart_indicators.h"
#include "html/i18n.h"
#include "stats/indicators.h"
#include "util/buf.h"
#include "svg_checks.h"

static int setup(void **state){
  (void)state;
  return i18n_init() ? 0 : -1;
}

/* ---- helpers ------------------------------------------------------------- */

/* A table is not a whole document: well-formed inside a root element. */
static bool fragment_well_formed(const char *z){
  struct buf b = {0};
  buf_puts(&b, "<div>");
  buf_puts(&b, z);
  buf_puts(&b, "</div>");
  bool bOk = xml_well_formed(buf_cstr(&b));
  buf_free(&b);
  return bOk;
}

/* No attribute value that is, or starts with, NaN or infinity, and no such
** word in the text between tags where a number would be. */
static void assert_no_nan(const char *z){
  for(const char *p = strstr(z, "=\""); p; p = strstr(p+1, "=\"")){
    const char *v = p+2;
    if( *v=='-' ) v++;
    assert_false(strncasecmp(v, "nan", 3)==0);
    assert_false(strncasecmp(v, "inf", 3)==0);
  }
  for(const char *p = strchr(z, '>'); p; p = strchr(p+1, '>')){
    const char *v = p+1;
    if( *v=='-' ) v++;
    assert_false(strncasecmp(v, "nan", 3)==0 && !isalpha((unsigned char)v[3]));
    assert_false(strncasecmp(v, "inf", 3)==0 && !isalpha((unsigned char)v[3]));
  }
  assert_null(strstr(z, " nan"));
  assert_null(strstr(z, "(nan"));
}

/* The svg's accessible name: role="img", labelled by its title and desc. */
static void assert_accessible(const char *z, const char *zId){
  char zNeedle[128];
  assert_int_equal(strncmp(z, "<svg ", 5), 0);
  assert_non_null(strstr(z, "role=\"img\""));
  snprintf(zNeedle, sizeof zNeedle, "aria-labelledby=\"%s-title %s-desc\"", zId, zId);
  assert_non_null(strstr(z, zNeedle));
  snprintf(zNeedle, sizeof zNeedle, "<title id=\"%s-title\">", zId);
  assert_non_null(strstr(z, zNeedle));
  snprintf(zNeedle, sizeof zNeedle, "<desc id=\"%s-desc\">", zId);
  assert_non_null(strstr(z, zNeedle));
  /* No text smaller than 12px. */
  for(const char *p = strstr(z, "font-size=\""); p; p = strstr(p+1, "font-size=\"")){
    assert_true(atoi(p+11) >= 12);
  }
}

/* The x of the marker in the first <g class="ichart-mark"> after p. */
static double mark_x(const char *p){
  p = strstr(p, "class=\"ichart-mark\"><use ");
  assert_non_null(p);
  p = strstr(p, " x=\"");
  assert_non_null(p);
  return atof(p+4);
}
/* The x at which the first path of class zClass starts ("d=\"Mx y..."). */
static double path_x(const char *z, const char *zClass){
  char zNeedle[64];
  snprintf(zNeedle, sizeof zNeedle, "class=\"%s\" d=\"M", zClass);
  const char *p = strstr(z, zNeedle);
  assert_non_null(p);
  return atof(p + strlen(zNeedle));
}

/* ---- data: a cluster's profile, shaped like Public Health Wales' ----------- */

#define NAN3 NAN, NAN, NAN
static const struct chart_ind_format PCT = { 1, true, 0 };
static const struct chart_ind_format RATE = { 1, false, "per 100,000" };

static void profile(struct chart_ind_spine_row a[7]){
  struct chart_ind_spine_row r[7] = {
    { "Smoking prevalence (16+)", "2023/24", PCT, CHART_IND_LOWER_BETTER,
      { 17.9, 17.6, 18.2, 0, 0 }, CHART_IND_CMP_WORSE, { 15.4, NAN, NAN, 0, 0 }, 15.3, { 8.9, 13.1, 16.8, 28.2 } },
    { "Obesity prevalence (16+)", "2023/24", PCT, CHART_IND_LOWER_BETTER,
      { 9.6, 9.4, 9.9, 0, 0 }, CHART_IND_CMP_BETTER, { 10.6, NAN, NAN, 0, 0 }, 11.1, { 6.5, 9.9, 12.8, 18.1 } },
    { "Diabetes: recorded prevalence (17+)", "2023/24", PCT, CHART_IND_NO_POLARITY,
      { 7.5, 7.3, 7.7, 0, 0 }, CHART_IND_CMP_LOWER, { 8.3, NAN, NAN, 0, 0 }, 7.9, { 5.2, 7.1, 8.6, 10.5 } },
    { "Breast screening uptake (50 to 70)", "2022/23", PCT, CHART_IND_HIGHER_BETTER,
      { 68.8, 67.7, 70.0, 0, 0 }, CHART_IND_CMP_WORSE, { 73.4, NAN, NAN, 0, 0 }, 70.3, { 56.7, 66.0, 74.2, 92.9 } },
    { "Bowel screening uptake (51 to 74)", "2022/23", PCT, CHART_IND_HIGHER_BETTER,
      { 65.0, 64.2, 65.8, 0, 0 }, CHART_IND_CMP_BETTER, { 65.7, NAN, NAN, 0, 0 }, 63.6, { 46.3, 60.1, 66.9, 88.5 } },
    { "Influenza vaccination uptake, aged 65 and over", "2023/24", PCT, CHART_IND_HIGHER_BETTER,
      { 75.9, 75.1, 76.6, 0, 0 }, CHART_IND_CMP_SIMILAR, { 78.0, NAN, NAN, 0, 0 }, 75.7, { 58.6, 72.0, 79.4, 84.0 } },
    { "Deaths from suicide & undetermined injury", "2021-23", RATE, CHART_IND_LOWER_BETTER,
      { NAN3, CHART_IND_GAP_SUPPRESSED, 0 }, CHART_IND_CMP_NONE, { 11.9, 9.1, 15.1, 0, 0 }, 11.2, { 4.1, 9.0, 13.3, 19.6 } },
  };
  memcpy(a, r, sizeof r);
}

static struct chart_ind_spine spine_of(const struct chart_ind_spine_row *a, size_t n, enum lang lang){
  struct chart_ind_spine s = { .lang = lang, .zId = "sp", .zArea = "Cardiff South West",
    .zBoard = "Cardiff and Vale University Health Board", .n = n, .aRow = a };
  return s;
}

/* ---- spine ----------------------------------------------------------------- */

static void test_spine(void **state){
  (void)state;
  struct chart_ind_spine_row a[7];
  profile(a);
  struct chart_ind_spine s = spine_of(a, 7, LANG_EN);
  struct buf b = {0};
  chart_ind_spine_svg(&b, &s);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_accessible(z, "sp");
  assert_no_nan(z);
  assert_non_null(strstr(z, "viewBox=\"0 0 400 "));
  assert_non_null(strstr(z, "<title id=\"sp-title\">Cluster profile: Cardiff South West compared with Wales</title>"));
  /* A row each, a marker for each row with a value, of its comparison. */
  assert_int_equal(count(z, "class=\"ichart-row\""), 7);
  assert_int_equal(count(z, "class=\"ichart-mark\""), 6);
  assert_int_equal(count(z, "class=\"ichart-mark\"><use href=\"#sp-mk-worse\""), 2);
  assert_int_equal(count(z, "class=\"ichart-mark\"><use href=\"#sp-mk-better\""), 2);
  assert_int_equal(count(z, "class=\"ichart-mark\"><use href=\"#sp-mk-similar\""), 1);
  assert_int_equal(count(z, "class=\"ichart-mark\"><use href=\"#sp-mk-lower\""), 1);
  /* Worse: a red diamond with a dark outline; better a green square;
  ** similar an amber circle. Shape and colour both. */
  char *zWorse = between(z, "id=\"sp-mk-worse\"", "/>");
  assert_non_null(zWorse);
  assert_non_null(strstr(zWorse, "d=\"M0.0 -7.8L7.8 0.0L0.0 7.8L-7.8 0.0Z\""));
  assert_non_null(strstr(zWorse, "fill=\"#D5281B\""));
  assert_non_null(strstr(zWorse, "stroke=\"#212B32\""));
  char *zBetter = between(z, "id=\"sp-mk-better\"", "/>");
  assert_non_null(strstr(zBetter, "H5.7V5.7H-5.7Z"));
  assert_non_null(strstr(zBetter, "fill=\"#007F3B\""));
  char *zSimilar = between(z, "id=\"sp-mk-similar\"", "/>");
  assert_non_null(strstr(zSimilar, "a6.4 6.4 0 1 0"));
  assert_non_null(strstr(zSimilar, "fill=\"#FFB81C\""));
  /* Wales is the centre line of every row with a value: x = 200 in a
  ** viewBox 400 wide (the spine from 12 to 388). */
  assert_int_equal(count(z, "class=\"ichart-wales\""), 6);
  for(const char *p = strstr(z, "class=\"ichart-wales\" d=\"M"); p; p = strstr(p+1, "class=\"ichart-wales\" d=\"M")){
    assert_true(fabs(atof(p + strlen("class=\"ichart-wales\" d=\"M")) - 200.0) < 0.051);
  }
  /* The description names the worse indicators, and the rest. */
  char *zDesc = between(z, "<desc id=\"sp-desc\">", "</desc>");
  assert_non_null(zDesc);
  assert_non_null(strstr(zDesc, "Spine chart of Cardiff South West: 7 indicators compared with Wales."));
  assert_null(strstr(zDesc, "  "));
  assert_non_null(strstr(zDesc, "2 indicators are worse than Wales: Smoking prevalence (16+), Breast screening uptake (50 to 70)."));
  assert_non_null(strstr(zDesc, "2 indicators are better than Wales: Obesity prevalence (16+), Bowel screening uptake (51 to 74)."));
  assert_non_null(strstr(zDesc, "1 indicator is similar to Wales: Influenza vaccination uptake, aged 65 and over."));
  assert_non_null(strstr(zDesc, "1 indicator is lower than Wales (neither better nor worse): Diabetes: recorded prevalence (17+)."));
  assert_non_null(strstr(zDesc, "1 indicator is not compared with Wales: Deaths from suicide &amp; undetermined injury (Not published: fewer than 10 events)."));
  /* The suppressed rate is a gap: its reason where its row would be. */
  assert_non_null(strstr(z, "class=\"ichart-gap\""));
  assert_non_null(strstr(z, ">Not published: fewer than 10 events</text>"));
  /* The header and the legend in words. */
  assert_non_null(strstr(z, ">Worst or lowest</text>"));
  assert_non_null(strstr(z, ">Best or highest</text>"));
  assert_non_null(strstr(z, ">Worse than Wales</text>"));
  assert_non_null(strstr(z, ">Range of Welsh clusters</text>"));
  assert_non_null(strstr(z, ">Cardiff and Vale University Health Board</text>"));
  /* The same description for the page. */
  struct buf d = {0};
  chart_ind_spine_describe(&d, &s);
  assert_string_equal(buf_cstr(&d), zDesc);
  free(zWorse); free(zBetter); free(zSimilar); free(zDesc);
  buf_free(&b); buf_free(&d);
}

static void test_spine_table(void **state){
  (void)state;
  struct chart_ind_spine_row a[7];
  profile(a);
  struct chart_ind_spine s = spine_of(a, 7, LANG_EN);
  struct buf b = {0};
  chart_ind_spine_table(&b, &s);
  const char *z = buf_cstr(&b);
  assert_true(fragment_well_formed(z));
  assert_no_nan(z);
  assert_non_null(strstr(z, "<table class=\"nhsuk-table nhsuk-table-responsive nhsuk-table--compact nhsuk-u-font-size-16 cc-data cc-ichart-table\" id=\"sp-table\">"));
  assert_int_equal(count(z, "<th scope=\"row\""), 7);
  assert_int_equal(count(z, "<th scope=\"col\""), 9);
  assert_non_null(strstr(z, ">Cardiff South West</th>"));
  assert_non_null(strstr(z, ">17.9%<"));
  assert_non_null(strstr(z, ">17.6% to 18.2%<"));
  assert_non_null(strstr(z, ">Worse than Wales</td>"));
  /* Worst and best by polarity: smoking's worst is its highest. */
  char *zRow = between(z, "Smoking prevalence (16+)</th>", "</tr>");
  assert_non_null(zRow);
  const char *zAfterWales = strstr(zRow, ">15.3%<");
  assert_non_null(zAfterWales);
  const char *pWorst = strstr(zAfterWales, ">28.2%<"), *pBest = strstr(zAfterWales, ">8.9%<");
  assert_non_null(pWorst); assert_non_null(pBest);
  assert_true(pWorst < pBest);
  /* The gap: its reason in the value's cell; the unit after the name. */
  assert_non_null(strstr(z, "class=\"nhsuk-table__row ichart-gap-row\""));
  assert_non_null(strstr(z, "Deaths from suicide &amp; undetermined injury (per 100,000)</th>"));
  assert_non_null(strstr(z, ">Not published: fewer than 10 events<"));
  free(zRow);
  buf_free(&b);
}

/* The spine is turned round by polarity: better on the right always; an
** indicator of no polarity keeps the higher values on the right. */
static void test_spine_polarity(void **state){
  (void)state;
  struct chart_ind_spine_row r = { "Indicator", "2023/24", PCT, CHART_IND_HIGHER_BETTER,
    { 15, 14, 16, 0, 0 }, CHART_IND_CMP_BETTER, { NAN3, 0, 0 }, 10, { 5, 8, 12, 20 } };
  struct chart_ind_spine s = spine_of(&r, 1, LANG_EN);
  struct buf b = {0};
  /* Centre 200, half-width 188; the furthest value from Wales (20, 10
  ** away) reaches the end: 15 is half way to it. */
  chart_ind_spine_svg(&b, &s);
  double xHigh = mark_x(buf_cstr(&b));
  assert_true(fabs(xHigh - 294.0) < 0.051);
  assert_non_null(strstr(buf_cstr(&b), "class=\"ichart-range\" x=\"106.0\" y=\""));
  buf_reset(&b);
  r.polarity = CHART_IND_LOWER_BETTER; r.cmp = CHART_IND_CMP_WORSE;
  chart_ind_spine_svg(&b, &s);
  double xLow = mark_x(buf_cstr(&b));
  assert_true(fabs(xLow - 106.0) < 0.051);
  assert_non_null(strstr(buf_cstr(&b), "class=\"ichart-range\" x=\"12.0\" y=\""));
  assert_true(fabs((xHigh - 200) + (xLow - 200)) < 0.11);   /* mirrored */
  buf_reset(&b);
  r.polarity = CHART_IND_NO_POLARITY; r.cmp = CHART_IND_CMP_HIGHER;
  chart_ind_spine_svg(&b, &s);
  assert_true(fabs(mark_x(buf_cstr(&b)) - 294.0) < 0.051);
  assert_non_null(strstr(buf_cstr(&b), "href=\"#sp-mk-higher\""));
  buf_free(&b);
}

/* The wide layout: names in a column on the left, the spine beside them. */
static void test_spine_wide(void **state){
  (void)state;
  struct chart_ind_spine_row a[7];
  profile(a);
  struct chart_ind_spine s = spine_of(a, 7, LANG_EN);
  s.width = 900;
  struct buf b = {0};
  chart_ind_spine_svg(&b, &s);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_non_null(strstr(z, "viewBox=\"0 0 900 "));
  assert_non_null(strstr(z, ">Indicator</text>"));
  /* The spine from 352 (0.36 of 900, plus 28) to 888: centre 620. */
  assert_true(fabs(path_x(z, "ichart-wales") - 620.0) < 0.051);
  buf_free(&b);
}

/* ---- bars ------------------------------------------------------------------- */

static const struct chart_ind_bar aCardiff[] = {
  { "Cardiff North", { 14.4, 14.2, 14.6, 0, 0 }, CHART_IND_CMP_BETTER, false },
  { "Cardiff South West", { 17.9, 17.6, 18.2, 0, 0 }, CHART_IND_CMP_WORSE, true },
  { "Central Vale", { 15.4, 15.1, 15.7, 0, 0 }, CHART_IND_CMP_SIMILAR, false },
  { "City & Cardiff South", { 14.3, 13.9, 14.6, 0, 0 }, CHART_IND_CMP_BETTER, false },
  { "Cardiff East", { 18.9, 18.5, 19.2, 0, 0 }, CHART_IND_CMP_WORSE, false },
  { "Western Vale", { NAN3, CHART_IND_GAP_NO_DATA, 0 }, CHART_IND_CMP_NONE, false },
  { "Eastern Vale", { 13.2, 12.8, 13.5, 0, 0 }, CHART_IND_CMP_BETTER, false },
};

static struct chart_ind_bars bars_of(const struct chart_ind_bar *a, size_t n){
  struct chart_ind_bars p = { .lang = LANG_EN, .zId = "br", .zTitle = "Smoking prevalence (16+)", .zPeriod = "2023/24",
    .fmt = PCT, .polarity = CHART_IND_LOWER_BETTER, .zBoard = "Cardiff and Vale University Health Board",
    .board = 15.4, .wales = 15.0, .n = n, .aBar = a };
  return p;
}

static void test_bars(void **state){
  (void)state;
  struct chart_ind_bars p = bars_of(aCardiff, 7);
  struct buf b = {0};
  chart_ind_bars_svg(&b, &p);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_accessible(z, "br");
  assert_no_nan(z);
  /* Sorted, highest first; the gap last, with its reason instead of a bar. */
  static const char *const azOrder[] = { ">Cardiff East<", ">Cardiff South West<", ">Central Vale<", ">Cardiff North<",
    ">City &amp; Cardiff South<", ">Eastern Vale<", ">Western Vale<" };
  const char *pLast = z;
  for(size_t k=0; k<sizeof azOrder/sizeof azOrder[0]; k++){
    const char *q = strstr(strstr(z, "class=\"ichart-rows\""), azOrder[k]);
    assert_non_null(q);
    assert_true(q > pLast);
    pLast = q;
  }
  assert_int_equal(count(z, "class=\"ichart-bar\""), 6);
  assert_non_null(strstr(pLast, ">No data</text>"));
  /* A worse bar is red and its marker a diamond; the highlighted cluster bold. */
  char *zRow = between(z, "<g class=\"ichart-row\" data-cmp=\"worse\">", "</g></g>");
  assert_non_null(zRow);
  assert_non_null(strstr(zRow, "href=\"#br-mk-worse\""));
  assert_non_null(strstr(zRow, "class=\"ichart-bar\""));
  assert_non_null(strstr(zRow, "fill=\"#D5281B\"/>"));
  assert_non_null(strstr(z, "font-weight=\"bold\">Cardiff South West</text>"));
  /* The axis runs 0 to 20% (steps of 5): Wales at 15 is three quarters
  ** along the bars, from 12 to 386. */
  assert_non_null(strstr(z, ">20%</text>"));
  assert_true(fabs(path_x(z, "ichart-wales") - (12 + 0.75*374)) < 0.051);
  assert_true(fabs(path_x(z, "ichart-board") - (12 + 15.4/20*374)) < 0.051);
  assert_non_null(strstr(z, "stroke-dasharray=\"6 3\""));
  /* A whisker per bar: a line and two caps. */
  char *zCi = between(z, "class=\"ichart-ci\" d=\"", "\"");
  assert_non_null(zCi);
  assert_int_equal(count(zCi, "M"), 18);
  /* The description. */
  char *zDesc = between(z, "<desc id=\"br-desc\">", "</desc>");
  assert_null(strstr(zDesc, "  "));
  assert_non_null(strstr(zDesc, "Bar chart: Smoking prevalence (16+) (2023/24), 7 clusters of Cardiff and Vale University Health Board"));
  assert_non_null(strstr(zDesc, "Wales: 15.0%."));
  assert_non_null(strstr(zDesc, "Highest: Cardiff East (18.9%). Lowest: Eastern Vale (13.2%)."));
  assert_non_null(strstr(zDesc, "Worse than Wales (2): Cardiff East, Cardiff South West."));
  assert_non_null(strstr(zDesc, "Better than Wales (3): Cardiff North, City &amp; Cardiff South, Eastern Vale."));
  assert_non_null(strstr(zDesc, "No value (1): Western Vale (No data)."));
  free(zRow); free(zCi); free(zDesc);
  buf_reset(&b);

  /* The table, in the chart's order. */
  chart_ind_bars_table(&b, &p);
  z = buf_cstr(&b);
  assert_true(fragment_well_formed(z));
  assert_true(strstr(z, ">Cardiff East</th>") < strstr(z, ">Eastern Vale</th>"));
  assert_true(strstr(z, ">Eastern Vale</th>") < strstr(z, ">Western Vale</th>"));
  assert_non_null(strstr(z, "ichart-highlight-row"));
  assert_non_null(strstr(z, ">18.5% to 19.2%<"));

  /* The wide layout: names right-aligned in their column. */
  buf_reset(&b);
  p.width = 760;
  chart_ind_bars_svg(&b, &p);
  assert_true(xml_well_formed(buf_cstr(&b)));
  assert_non_null(strstr(buf_cstr(&b), "text-anchor=\"end\" fill=\"#212B32\" font-size=\"14\">Cardiff East</text>"));
  buf_free(&b);
}

/* ---- funnel ------------------------------------------------------------------- */

/* 60 areas around 76% with binomial scatter (deterministic), one far
** below and one far above, and one without data. */
static struct chart_ind_funnel_area aFun[60];
static char azFunName[60][32];
static void funnel_data(void){
  unsigned s = 12345;
  for(int i=0; i<60; i++){
    s = s*1103515245u + 12345u;
    double den = 4000 + (double)((s>>8)%18000);
    s = s*1103515245u + 12345u;
    double u = ((double)((s>>8)%1000)/1000.0 - 0.5)*3.0;     /* -1.5 .. 1.5 standard errors */
    double pr = 0.76 + u*sqrt(0.76*0.24/den);
    snprintf(azFunName[i], sizeof azFunName[i], "Cluster %02d", i+1);
    aFun[i] = (struct chart_ind_funnel_area){ azFunName[i], floor(den*pr), den, CHART_IND_GAP_NONE, false };
  }
  aFun[7] = (struct chart_ind_funnel_area){ "Low & <Valley>", 6480, 9000, CHART_IND_GAP_NONE, false };
  aFun[21] = (struct chart_ind_funnel_area){ "High Hills", 12200, 15000, CHART_IND_GAP_NONE, true };
  aFun[40].gap = CHART_IND_GAP_SUPPRESSED;
}

static void test_funnel(void **state){
  (void)state;
  funnel_data();
  struct chart_ind_funnel p = { .lang = LANG_EN, .zId = "fn", .zTitle = "Influenza vaccination uptake, aged 65 and over",
    .zPeriod = "2023/24", .kind = CHART_IND_FUNNEL_PROPORTION, .per = 100, .fmt = PCT,
    .polarity = CHART_IND_HIGHER_BETTER, .zDenominator = "Registered patients aged 65 and over", .n = 60, .aArea = aFun };
  struct buf b = {0};
  chart_ind_funnel_svg(&b, &p);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_accessible(z, "fn");
  assert_no_nan(z);
  /* A point per area with data; the outliers where the statistics engine
  ** puts them (ind_funnel_proportion on the same areas). */
  assert_int_equal(count(z, "class=\"ichart-point\""), 59);
  double aNum[59], aDen[59], target;
  struct ind_funnel_point aPt[59];
  int k = 0, n998 = 0, n95 = 0;
  for(int i=0; i<60; i++) if( i!=40 ){ aNum[k] = aFun[i].numerator; aDen[k] = aFun[i].denominator; k++; }
  assert_true(ind_funnel_proportion(aNum, aDen, 59, 100, aPt, &target));
  for(int i=0; i<59; i++){
    if( aPt[i].significance==IND_LOW_99_8 || aPt[i].significance==IND_HIGH_99_8 ) n998++;
    else if( aPt[i].significance!=IND_NOT_SIGNIFICANT ) n95++;
  }
  assert_int_equal(count(z, "data-level=\"2\""), n998);
  assert_int_equal(count(z, "data-level=\"1\""), n95);
  assert_true(n998 >= 2);
  /* Low is worse when higher is better: a filled red diamond; high is
  ** better: a filled green square. */
  assert_non_null(strstr(z, "data-level=\"2\" data-cmp=\"worse\"><title>Low &amp; &lt;Valley&gt;: 72.0% – Worse: outside the 99.8% limits</title><use href=\"#fn-mk-worse\""));
  assert_non_null(strstr(z, "data-level=\"2\" data-cmp=\"better\"><title>High Hills: 81.3% – Better: outside the 99.8% limits</title><use href=\"#fn-mk-better\""));
  /* Their names beside them; the highlighted one in bold, with a ring. */
  assert_non_null(strstr(z, ">Low &amp; &lt;Valley&gt;</text>"));
  assert_non_null(strstr(z, "font-weight=\"bold\" stroke=\"#FFFFFF\" stroke-width=\"3\" paint-order=\"stroke\" fill=\"#212B32\">High Hills</text>"));
  assert_int_equal(count(z, "class=\"ichart-ring\""), 1);
  /* Two curves at each level, bounded by the width, not the areas. */
  assert_int_equal(count(z, "class=\"ichart-limit998\""), 2);
  assert_int_equal(count(z, "class=\"ichart-limit95\""), 2);
  char *zCurve = between(z, "class=\"ichart-limit998\" d=\"", "\"");
  assert_true(count(zCurve, "L") <= 380);
  assert_non_null(strstr(z, "class=\"ichart-target\""));
  assert_non_null(strstr(z, "clip-path=\"url(#fn-plot)\""));
  /* The description lists the areas outside the 99.8% limits. */
  char *zDesc = between(z, "<desc id=\"fn-desc\">", "</desc>");
  assert_null(strstr(zDesc, "  "));
  assert_non_null(zDesc);
  char zTarget[48];
  chart_ind_number(zTarget, sizeof zTarget, target, &PCT);
  assert_non_null(strstr(zDesc, "Funnel plot: Influenza vaccination uptake, aged 65 and over (2023/24), 59 areas plotted against Registered patients aged 65 and over, with a target of "));
  assert_non_null(strstr(zDesc, zTarget));
  assert_non_null(strstr(zDesc, "Worse: outside the 99.8% limits (1): Low &amp; &lt;Valley&gt;."));
  assert_non_null(strstr(zDesc, "Better: outside the 99.8% limits (1): High Hills."));
  assert_non_null(strstr(zDesc, "No value (1): Cluster 41 (Not published: fewer than 10 events)."));
  assert_non_null(strstr(zDesc, "within the 95% limits."));
  free(zCurve); free(zDesc);
  buf_reset(&b);

  /* The table: a row per area in the given order, its limits. */
  chart_ind_funnel_table(&b, &p);
  z = buf_cstr(&b);
  assert_true(fragment_well_formed(z));
  assert_no_nan(z);
  assert_int_equal(count(z, "<th scope=\"row\""), 60);
  assert_non_null(strstr(z, ">Low &amp; &lt;Valley&gt;</th>"));
  assert_non_null(strstr(z, ">6,480<"));
  assert_non_null(strstr(z, ">9,000<"));
  assert_non_null(strstr(z, ">Worse: outside the 99.8% limits</td>"));
  assert_non_null(strstr(z, ">Not published: fewer than 10 events<"));
  buf_free(&b);
}

/* The funnel with its limits adjusted for overdispersion: the estimate is
** the statistics engine's on the areas plotted, the adjusted limits wider
** than the plain ones at every denominator, the significance read on them,
** and the chart, its description and its table say so. Areas spread
** twice as widely as chance are overdispersed. */
static void test_funnel_overdispersion(void **state){
  (void)state;
  funnel_data();
  struct chart_ind_funnel_area a[60];
  for(int i=0; i<60; i++){
    a[i] = aFun[i];
    double pr = a[i].numerator/a[i].denominator;
    a[i].numerator = floor(a[i].denominator*(0.76 + (pr - 0.76)*2.5));
  }
  struct chart_ind_funnel p = { .lang = LANG_EN, .zId = "fo", .zTitle = "Uptake", .zPeriod = "2023/24",
    .kind = CHART_IND_FUNNEL_PROPORTION, .per = 100, .fmt = PCT, .polarity = CHART_IND_HIGHER_BETTER,
    .n = 60, .aArea = a, .bAdjust = true };
  struct ind_overdispersion od;
  assert_true(chart_ind_funnel_overdispersion(&p, &od));
  double aNum[59], aDen[59], a1[59], a2[59], a3[59];
  int k = 0;
  for(int i=0; i<60; i++) if( i!=40 ){ aNum[k] = a[i].numerator; aDen[k] = a[i].denominator; k++; }
  struct ind_overdispersion want;
  assert_true(ind_overdispersion_proportion(aNum, aDen, 59, a1, a2, a3, &want));
  assert_true(od.phi==want.phi && od.tau2==want.tau2 && od.k==59);
  assert_true(od.phi > 2);
  struct buf b = {0};
  chart_ind_funnel_svg(&b, &p);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_accessible(z, "fo");
  assert_no_nan(z);
  assert_non_null(strstr(z, "99.8% limits, adjusted for overdispersion"));
  char *zDesc = between(z, "<desc id=\"fo-desc\">", "</desc>");
  assert_non_null(strstr(zDesc, "The limits are widened for overdispersion"));
  free(zDesc);
  /* Fewer outliers than without the adjustment, and each one's
  ** significance as ind_funnel_od_significance gives it. */
  bool abAdj[60], abPlain[60];
  size_t nAdj = chart_ind_funnel_outliers(&p, abAdj);
  struct chart_ind_funnel q = p;
  q.bAdjust = false;
  size_t nPlain = chart_ind_funnel_outliers(&q, abPlain);
  assert_true(nAdj < nPlain);
  double t = 0, sd = 0;
  for(int i=0; i<59; i++){ t += aNum[i]; sd += aDen[i]; }
  t /= sd;
  for(int i=0; i<60; i++){
    if( i==40 ){ assert_false(abAdj[i]); continue; }
    double y = a[i].numerator/a[i].denominator, s = sqrt(t*(1-t)/a[i].denominator);
    assert_true(abAdj[i] == (ind_funnel_od_significance(y, s, t, od.tau2)!=IND_NOT_SIGNIFICANT));
  }
  /* The table's caption says so; without the option nothing does. */
  buf_reset(&b);
  chart_ind_funnel_table(&b, &p);
  assert_non_null(strstr(buf_cstr(&b), "(limits adjusted for overdispersion)"));
  buf_reset(&b);
  chart_ind_funnel_svg(&b, &q);
  assert_null(strstr(buf_cstr(&b), "overdispersion"));
  /* Areas within chance: asked for, but nothing to adjust. */
  struct chart_ind_funnel c = p;
  c.aArea = aFun;
  c.n = 60;
  bool bAdj = chart_ind_funnel_overdispersion(&c, &od);
  buf_reset(&b);
  chart_ind_funnel_describe(&b, &c);
  if( !bAdj ) assert_non_null(strstr(buf_cstr(&b), "No overdispersion was found"));
  buf_free(&b);
}

/* A funnel of ratios: observed over expected; the significance as the
** statistics engine gives it. */
static void test_funnel_ratio(void **state){
  (void)state;
  static const struct { const char *zName; double o, e; } a[] = {
    { "Arfon", 60, 52.3 }, { "Dwyfor", 31, 25.0 }, { "Meirionnydd", 18, 31.2 }, { "Anglesey", 101, 60.4 },
    { "Conwy West", 44, 47.9 }, { "Conwy East", 39, 41.0 }, { "North Denbighshire", 70, 66.8 },
    { "South Wrexham", 5, 4.1 },
  };
  struct chart_ind_funnel_area aArea[8];
  for(int i=0; i<8; i++) aArea[i] = (struct chart_ind_funnel_area){ a[i].zName, a[i].o, a[i].e, CHART_IND_GAP_NONE, false };
  struct chart_ind_funnel p = { .lang = LANG_EN, .zId = "fr", .zTitle = "Emergency admissions for COPD (ratio)",
    .zPeriod = "2021-23", .kind = CHART_IND_FUNNEL_RATIO, .per = 100, .fmt = { 0, false, "Ratio (Wales = 100)" },
    .polarity = CHART_IND_LOWER_BETTER, .n = 8, .aArea = aArea };
  struct buf b = {0};
  chart_ind_funnel_svg(&b, &p);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_no_nan(z);
  int n998 = 0;
  for(int i=0; i<8; i++){
    enum ind_significance s = ind_funnel_ratio_significance(a[i].o, a[i].e);
    if( s==IND_HIGH_99_8 || s==IND_LOW_99_8 ) n998++;
  }
  assert_int_equal(count(z, "data-level=\"2\""), n998);
  /* Anglesey, 101 observed against 60.4 expected, is far above: worse
  ** when lower is better. */
  assert_non_null(strstr(z, "<title>Anglesey: 167 – Worse: outside the 99.8% limits</title>"));
  assert_non_null(strstr(z, ">Expected count</text>"));
  assert_non_null(strstr(z, ">Ratio (Wales = 100)</text>"));
  buf_reset(&b);
  chart_ind_funnel_table(&b, &p);
  assert_non_null(strstr(buf_cstr(&b), ">Observed</th>"));
  assert_non_null(strstr(buf_cstr(&b), ">60.4<"));
  buf_free(&b);
}

/* ---- trend ------------------------------------------------------------------- */

static void test_trend(void **state){
  (void)state;
  struct chart_ind_trend_point a[5] = {
    { "2019/20", { 14.6, 14.3, 14.9, 0, 0 }, CHART_IND_CMP_WORSE, 12.2 },
    { "2020/21", { 15.4, 15.1, 15.7, 0, 0 }, CHART_IND_CMP_WORSE, 12.8 },
    { "2021/22", { NAN3, CHART_IND_GAP_SUPPRESSED, 0 }, CHART_IND_CMP_NONE, 13.5 },
    { "2022/23", { 13.9, 13.4, 14.4, 0, 0 }, CHART_IND_CMP_SIMILAR, 14.1 },
    { "2023/24", { 17.9, 17.6, 18.2, 0, 0 }, CHART_IND_CMP_WORSE, 14.9 },
  };
  struct chart_ind_trend p = { .lang = LANG_EN, .zId = "tr", .zTitle = "Smoking prevalence (16+)",
    .zArea = "Cardiff South West", .fmt = PCT, .polarity = CHART_IND_LOWER_BETTER, .n = 5, .aPoint = a };
  struct buf b = {0};
  chart_ind_trend_svg(&b, &p);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_accessible(z, "tr");
  assert_no_nan(z);
  assert_int_equal(count(z, "class=\"ichart-point\""), 4);
  assert_int_equal(count(z, "data-cmp=\"worse\"><title>"), 3);
  /* The gap breaks the line, and says why. */
  char *zLine = between(z, "class=\"ichart-area\" d=\"", "\"");
  assert_non_null(zLine);
  assert_int_equal(count(zLine, "M"), 2);
  assert_int_equal(count(zLine, "L"), 2);
  assert_non_null(strstr(z, ">Not published</text>"));
  char *zWales = between(z, "class=\"ichart-wales\" d=\"", "\"");
  assert_int_equal(count(zWales, "M"), 1);
  assert_int_equal(count(zWales, "L"), 4);
  assert_non_null(strstr(z, ">2023/24</text>"));
  char *zDesc = between(z, "<desc id=\"tr-desc\">", "</desc>");
  assert_null(strstr(zDesc, "  "));
  assert_non_null(strstr(zDesc, "Smoking prevalence (16+) for Cardiff South West: 5 periods from 2019/20 to 2023/24"));
  assert_non_null(strstr(zDesc, "Latest, 2023/24: 17.9% (17.6% to 18.2%). Worse than Wales. Wales: 14.9%."));
  assert_non_null(strstr(zDesc, "Worse than Wales (3): 2019/20, 2020/21, 2023/24."));
  assert_non_null(strstr(zDesc, "No value (1): 2021/22 (Not published: fewer than 10 events)."));
  free(zLine); free(zWales); free(zDesc);
  buf_reset(&b);
  chart_ind_trend_table(&b, &p);
  z = buf_cstr(&b);
  assert_true(fragment_well_formed(z));
  assert_non_null(strstr(z, ">Not published: fewer than 10 events<"));
  assert_non_null(strstr(z, ">Cardiff South West</th>"));
  buf_free(&b);
}

/* ---- every chart ---------------------------------------------------------------- */

/* Names with markup in them are text, everywhere. */
static void test_escaping(void **state){
  (void)state;
  const char *zBad = "<script>alert(1)</script> & \"q\" 'a'";
  const char *zEsc = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;";
  struct chart_ind_spine_row a[7];
  profile(a);
  a[0].zName = zBad; a[6].zName = zBad; a[1].zPeriod = zBad;
  struct chart_ind_spine s = spine_of(a, 7, LANG_EN);
  s.zArea = zBad; s.zBoard = zBad; s.zId = "x\"y";
  struct chart_ind_bar br[3] = { aCardiff[0], aCardiff[1], aCardiff[5] };
  br[1].zName = zBad; br[2].zName = zBad;
  struct chart_ind_bars pb = bars_of(br, 3);
  pb.zTitle = zBad; pb.zBoard = zBad; pb.zPeriod = zBad;
  pb.fmt.zUnit = zBad;
  funnel_data();
  aFun[7].zName = zBad; aFun[21].zName = zBad;
  struct chart_ind_funnel pf = { .lang = LANG_EN, .zId = "fn", .zTitle = zBad, .zPeriod = zBad,
    .kind = CHART_IND_FUNNEL_PROPORTION, .per = 100, .fmt = { 1, true, zBad }, .zDenominator = zBad,
    .n = 60, .aArea = aFun };
  struct chart_ind_trend_point tp[2] = { { zBad, { 1, 0.5, 1.5, 0, 0 }, CHART_IND_CMP_SIMILAR, 1 },
                                         { zBad, { NAN3, CHART_IND_GAP_NO_DATA, zBad }, CHART_IND_CMP_NONE, 1 } };
  struct chart_ind_trend pt = { .lang = LANG_EN, .zId = "tr", .zTitle = zBad, .zArea = zBad, .fmt = { 1, false, zBad },
    .n = 2, .aPoint = tp };
  struct buf b = {0};
  for(int k=0; k<8; k++){
    buf_reset(&b);
    switch( k ){
      case 0: chart_ind_spine_svg(&b, &s); break;
      case 1: chart_ind_spine_table(&b, &s); break;
      case 2: chart_ind_bars_svg(&b, &pb); break;
      case 3: chart_ind_bars_table(&b, &pb); break;
      case 4: chart_ind_funnel_svg(&b, &pf); break;
      case 5: chart_ind_funnel_table(&b, &pf); break;
      case 6: chart_ind_trend_svg(&b, &pt); break;
      default: chart_ind_trend_table(&b, &pt); break;
    }
    const char *z = buf_cstr(&b);
    assert_true(fragment_well_formed(z));
    assert_null(strstr(z, "<script"));
    assert_null(strstr(z, "\"q\""));
    assert_non_null(strstr(z, zEsc));
  }
  buf_reset(&b);
  chart_ind_spine_svg(&b, &s);
  assert_non_null(strstr(buf_cstr(&b), "id=\"x&quot;y-title\""));
  assert_non_null(strstr(buf_cstr(&b), "href=\"#x&quot;y-mk-worse\""));
  buf_free(&b);
}

/* Values missing everywhere: gaps, and never a NaN written. */
static void test_missing_everywhere(void **state){
  (void)state;
  struct chart_ind_spine_row r[3] = {
    { "No Wales", "2023/24", PCT, CHART_IND_HIGHER_BETTER, { 12, NAN, NAN, 0, 0 }, CHART_IND_CMP_NONE,
      { NAN3, 0, 0 }, NAN, { 5, NAN, NAN, 20 } },
    { "Nothing at all", "2023/24", PCT, CHART_IND_HIGHER_BETTER, { NAN3, 0, 0 }, CHART_IND_CMP_WORSE,
      { NAN3, 0, 0 }, NAN, { NAN, NAN, NAN, NAN } },
    { "All the same", "2023/24", PCT, CHART_IND_LOWER_BETTER, { 10, 10, 10, 0, 0 }, CHART_IND_CMP_SIMILAR,
      { 10, NAN, NAN, 0, 0 }, 10, { 10, 10, 10, 10 } },
  };
  struct chart_ind_spine s = spine_of(r, 3, LANG_EN);
  struct buf b = {0};
  chart_ind_spine_svg(&b, &s);
  assert_true(xml_well_formed(buf_cstr(&b)));
  assert_no_nan(buf_cstr(&b));
  /* A NaN value with a comparison given is still a gap, not compared. */
  assert_int_equal(count(buf_cstr(&b), "class=\"ichart-mark\""), 2);
  assert_non_null(strstr(buf_cstr(&b), ">No data</text>"));
  buf_reset(&b);
  chart_ind_spine_table(&b, &s);
  assert_no_nan(buf_cstr(&b));

  struct chart_ind_bar br[2] = { { "A", { NAN3, CHART_IND_GAP_SUPPRESSED, 0 }, CHART_IND_CMP_WORSE, false },
                                 { "B", { INFINITY, NAN, NAN, 0, 0 }, CHART_IND_CMP_NONE, false } };
  struct chart_ind_bars pb = bars_of(br, 2);
  pb.wales = NAN; pb.board = INFINITY;
  buf_reset(&b);
  chart_ind_bars_svg(&b, &pb);
  assert_true(xml_well_formed(buf_cstr(&b)));
  assert_no_nan(buf_cstr(&b));
  assert_int_equal(count(buf_cstr(&b), "class=\"ichart-bar\""), 0);

  struct chart_ind_funnel_area fa[3] = { { "A", 5, 0, 0, false }, { "B", NAN, 10, 0, false }, { "C", 20, 10, 0, false } };
  struct chart_ind_funnel pf = { .lang = LANG_EN, .zId = "fn", .zTitle = "t", .kind = CHART_IND_FUNNEL_PROPORTION,
    .per = 100, .fmt = PCT, .n = 3, .aArea = fa };
  buf_reset(&b);
  chart_ind_funnel_svg(&b, &pf);
  assert_true(xml_well_formed(buf_cstr(&b)));
  assert_no_nan(buf_cstr(&b));
  assert_int_equal(count(buf_cstr(&b), "class=\"ichart-point\""), 0);
  assert_non_null(strstr(buf_cstr(&b), "without a target there are no control limits"));
  buf_reset(&b);
  chart_ind_funnel_table(&b, &pf);
  assert_no_nan(buf_cstr(&b));

  struct chart_ind_trend_point tp[3] = { { "1", { NAN3, 0, 0 }, CHART_IND_CMP_NONE, NAN },
                                         { "2", { 5, NAN, 6, 0, 0 }, CHART_IND_CMP_NONE, NAN },
                                         { "3", { NAN3, CHART_IND_GAP_SUPPRESSED, 0 }, CHART_IND_CMP_NONE, 4 } };
  struct chart_ind_trend pt = { .lang = LANG_EN, .zId = "tr", .zTitle = "t", .zArea = "a", .fmt = PCT, .n = 3, .aPoint = tp };
  buf_reset(&b);
  chart_ind_trend_svg(&b, &pt);
  assert_true(xml_well_formed(buf_cstr(&b)));
  assert_no_nan(buf_cstr(&b));
  buf_reset(&b);
  chart_ind_trend_table(&b, &pt);
  assert_no_nan(buf_cstr(&b));
  buf_free(&b);
}

/* No rows, no areas, no periods: still a chart, saying so. */
static void test_empty(void **state){
  (void)state;
  struct chart_ind_spine s = spine_of(0, 0, LANG_EN);
  struct chart_ind_bars pb = bars_of(0, 0);
  struct chart_ind_funnel pf = { .lang = LANG_EN, .zTitle = "t", .kind = CHART_IND_FUNNEL_RATIO };
  struct chart_ind_trend pt = { .lang = LANG_EN, .zTitle = "t" };
  struct buf b = {0};
  chart_ind_spine_svg(&b, &s);   assert_true(xml_well_formed(buf_cstr(&b))); assert_no_nan(buf_cstr(&b)); buf_reset(&b);
  chart_ind_bars_svg(&b, &pb);   assert_true(xml_well_formed(buf_cstr(&b))); assert_no_nan(buf_cstr(&b)); buf_reset(&b);
  chart_ind_funnel_svg(&b, &pf); assert_true(xml_well_formed(buf_cstr(&b))); assert_no_nan(buf_cstr(&b));
  assert_non_null(strstr(buf_cstr(&b), "aria-labelledby=\"funnel-title funnel-desc\""));
  buf_reset(&b);
  chart_ind_trend_svg(&b, &pt);  assert_true(xml_well_formed(buf_cstr(&b))); assert_no_nan(buf_cstr(&b)); buf_reset(&b);
  buf_free(&b);
}

/* The same input gives the same bytes. */
static void test_deterministic(void **state){
  (void)state;
  struct chart_ind_spine_row a[7];
  profile(a);
  struct chart_ind_spine s = spine_of(a, 7, LANG_EN);
  struct chart_ind_bars pb = bars_of(aCardiff, 7);
  funnel_data();
  struct chart_ind_funnel pf = { .lang = LANG_EN, .zId = "fn", .zTitle = "t", .kind = CHART_IND_FUNNEL_PROPORTION,
    .per = 100, .fmt = PCT, .polarity = CHART_IND_HIGHER_BETTER, .n = 60, .aArea = aFun };
  struct chart_ind_trend_point tp[2] = { { "2022/23", { 1, 0.5, 1.5, 0, 0 }, CHART_IND_CMP_SIMILAR, 1 },
                                         { "2023/24", { 2, 1.5, 2.5, 0, 0 }, CHART_IND_CMP_HIGHER, 1 } };
  struct chart_ind_trend pt = { .lang = LANG_EN, .zId = "tr", .zTitle = "t", .zArea = "a", .fmt = PCT, .n = 2, .aPoint = tp };
  for(int k=0; k<8; k++){
    struct buf b1 = {0}, b2 = {0};
    for(int pass=0; pass<2; pass++){
      struct buf *b = pass ? &b2 : &b1;
      switch( k ){
        case 0: chart_ind_spine_svg(b, &s); break;
        case 1: chart_ind_spine_table(b, &s); break;
        case 2: chart_ind_bars_svg(b, &pb); break;
        case 3: chart_ind_bars_table(b, &pb); break;
        case 4: chart_ind_funnel_svg(b, &pf); break;
        case 5: chart_ind_funnel_table(b, &pf); break;
        case 6: chart_ind_trend_svg(b, &pt); break;
        default: chart_ind_trend_table(b, &pt); break;
      }
    }
    assert_int_equal(b1.n, b2.n);
    assert_memory_equal(b1.z, b2.z, b1.n);
    buf_free(&b1); buf_free(&b2);
  }
}

static void test_welsh(void **state){
  (void)state;
  struct chart_ind_spine_row a[7];
  profile(a);
  a[6].area = (struct chart_ind_value){ 1234.56, 1100.2, 1380.9, 0, 0 };
  a[6].cmp = CHART_IND_CMP_SIMILAR;
  struct chart_ind_spine s = spine_of(a, 7, LANG_CY);
  s.zArea = "De-orllewin Caerdydd";
  struct buf b = {0};
  chart_ind_spine_svg(&b, &s);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  assert_non_null(strstr(z, "Proffil clwstwr: De-orllewin Caerdydd o&#39;i gymharu â Chymru"));
  assert_non_null(strstr(z, "Mae 2 dangosydd yn waeth na Chymru: "));
  assert_non_null(strstr(z, ">Gwaeth na Chymru</text>"));
  assert_non_null(strstr(z, ">Gwaethaf neu isaf</text>"));
  assert_null(strstr(z, ">Worse than Wales"));
  buf_reset(&b);
  chart_ind_spine_table(&b, &s);
  z = buf_cstr(&b);
  assert_non_null(strstr(z, ">1,234.6<"));
  assert_non_null(strstr(z, ">1,100.2 i 1,380.9<"));
  assert_non_null(strstr(z, ">Tebyg i Gymru</td>"));
  assert_non_null(strstr(z, ">Cyfwng hyder 95%</th>"));
  buf_free(&b);
}

/* ---- helpers of the header ---------------------------------------------------------- */

static void test_number_and_helpers(void **state){
  (void)state;
  char z[48];
  struct chart_ind_format f1 = { 1, false, 0 }, f0 = { 0, false, 0 }, fp = { 1, true, 0 };
  chart_ind_number(z, sizeof z, 1234567.891, &f1); assert_string_equal(z, "1,234,567.9");
  chart_ind_number(z, sizeof z, -1234.5, &f1);     assert_string_equal(z, "-1,234.5");
  chart_ind_number(z, sizeof z, 999.96, &f1);      assert_string_equal(z, "1,000.0");
  chart_ind_number(z, sizeof z, 100, &f0);         assert_string_equal(z, "100");
  chart_ind_number(z, sizeof z, -0.04, &f1);       assert_string_equal(z, "0.0");
  chart_ind_number(z, sizeof z, 12.345, &fp);      assert_string_equal(z, "12.3%");
  chart_ind_number(z, sizeof z, NAN, &f1);         assert_string_equal(z, "");
  chart_ind_number(z, sizeof z, INFINITY, &f1);    assert_string_equal(z, "");

  /* Percentiles by linear interpolation (R's type 7): 1..9 and a NaN. */
  double v[10] = { 9, 1, NAN, 5, 3, 7, 2, 8, 4, 6 }, scratch[10];
  struct chart_ind_range r;
  assert_true(chart_ind_range_of(v, 10, scratch, &r));
  assert_true(r.lowest==1 && r.highest==9 && r.p25==3 && r.p75==7);
  double w[4] = { 10, 20, 30, 40 };
  assert_true(chart_ind_range_of(w, 4, scratch, &r));
  assert_true(fabs(r.p25 - 17.5) < 1e-12 && fabs(r.p75 - 32.5) < 1e-12);
  double none[2] = { NAN, NAN };
  assert_false(chart_ind_range_of(none, 2, scratch, &r));
  assert_true(isnan(r.lowest) && isnan(r.p75));

  /* Compared as Fingertips does: the interval against the comparator. */
  struct chart_ind_value a = { 17.9, 17.6, 18.2, 0, 0 };
  assert_int_equal(chart_ind_compare(&a, 15.3, CHART_IND_LOWER_BETTER), CHART_IND_CMP_WORSE);
  assert_int_equal(chart_ind_compare(&a, 15.3, CHART_IND_HIGHER_BETTER), CHART_IND_CMP_BETTER);
  assert_int_equal(chart_ind_compare(&a, 15.3, CHART_IND_NO_POLARITY), CHART_IND_CMP_HIGHER);
  assert_int_equal(chart_ind_compare(&a, 18.0, CHART_IND_LOWER_BETTER), CHART_IND_CMP_SIMILAR);
  assert_int_equal(chart_ind_compare(&a, 19.0, CHART_IND_NO_POLARITY), CHART_IND_CMP_LOWER);
  assert_int_equal(chart_ind_compare(&a, NAN, CHART_IND_NO_POLARITY), CHART_IND_CMP_NONE);
  a.gap = CHART_IND_GAP_SUPPRESSED;
  assert_int_equal(chart_ind_compare(&a, 15.3, CHART_IND_LOWER_BETTER), CHART_IND_CMP_NONE);
}

/* Long names wrap onto lines of their own, and end with an ellipsis when
** they do not fit in three. */
static void test_long_names(void **state){
  (void)state;
  struct chart_ind_spine_row a[7];
  profile(a);
  a[0].zName = "Emergency hospital admissions for conditions that might have been managed in primary care, "
               "all ages, directly standardised rate per 100,000 of the 2013 European Standard Population, "
               "three years pooled";
  struct chart_ind_spine s = spine_of(a, 7, LANG_EN);
  struct buf b = {0};
  chart_ind_spine_svg(&b, &s);
  const char *z = buf_cstr(&b);
  assert_true(xml_well_formed(z));
  char *zRow = between(z, "<g class=\"ichart-row\"", "</g></g>");
  assert_int_equal(count(zRow, "font-size=\"14\""), 3);
  assert_non_null(strstr(zRow, "\xE2\x80\xA6</text>"));
  free(zRow);
  buf_free(&b);
}

/* ---- cost --------------------------------------------------------------------------- */

static double ms_since(struct timespec t0){
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0.tv_sec)*1e3 + (double)(t1.tv_nsec - t0.tv_nsec)/1e6;
}

/* Time per call, printed (not asserted): the cost grows with the rows and
** the areas, the funnel's curves with the width only. */
static void test_cost(void **state){
  (void)state;
  struct chart_ind_spine_row a[7];
  profile(a);
  struct chart_ind_spine_row *aMany = xmalloc(600*sizeof *aMany);
  for(int i=0; i<600; i++) aMany[i] = a[i%7];
  struct chart_ind_spine s15 = spine_of(aMany, 15, LANG_EN), s600 = spine_of(aMany, 600, LANG_EN);
  struct chart_ind_bar *aBar = xmalloc(60*sizeof *aBar);
  for(int i=0; i<60; i++) aBar[i] = aCardiff[i%7];
  struct chart_ind_bars pb = bars_of(aBar, 60);
  funnel_data();
  struct chart_ind_funnel_area *aBig = xmalloc(6000*sizeof *aBig);
  for(int i=0; i<6000; i++) aBig[i] = aFun[i%60];
  struct chart_ind_funnel pf = { .lang = LANG_EN, .zId = "fn", .zTitle = "t", .kind = CHART_IND_FUNNEL_PROPORTION,
    .per = 100, .fmt = PCT, .polarity = CHART_IND_HIGHER_BETTER, .n = 60, .aArea = aBig };
  struct chart_ind_funnel pf6000 = pf;
  pf6000.n = 6000;
  struct chart_ind_trend_point *tp = xmalloc(60*sizeof *tp);
  for(int i=0; i<60; i++) tp[i] = (struct chart_ind_trend_point){ "2023/24", { 10+i%5, 9+i%5, 11+i%5, 0, 0 }, CHART_IND_CMP_SIMILAR, 10 };
  struct chart_ind_trend pt = { .lang = LANG_EN, .zId = "tr", .zTitle = "t", .zArea = "a", .fmt = PCT, .n = 60, .aPoint = tp };

  struct { const char *zWhat; int nIter; int k; size_t nByte; double ms; } aRun[] = {
    { "spine, 15 indicators", 50, 0, 0, 0 }, { "spine, 600 indicators", 5, 1, 0, 0 },
    { "bars, 60 clusters", 50, 2, 0, 0 }, { "funnel, 60 areas", 50, 3, 0, 0 },
    { "funnel, 6,000 areas", 3, 4, 0, 0 }, { "trend, 60 periods", 50, 5, 0, 0 },
  };
  struct buf b = {0};
  for(size_t r=0; r<sizeof aRun/sizeof aRun[0]; r++){
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for(int it=0; it<aRun[r].nIter; it++){
      buf_reset(&b);
      switch( aRun[r].k ){
        case 0: chart_ind_spine_svg(&b, &s15); break;
        case 1: chart_ind_spine_svg(&b, &s600); break;
        case 2: chart_ind_bars_svg(&b, &pb); break;
        case 3: chart_ind_funnel_svg(&b, &pf); break;
        case 4: chart_ind_funnel_svg(&b, &pf6000); break;
        default: chart_ind_trend_svg(&b, &pt); break;
      }
    }
    aRun[r].ms = ms_since(t0)/aRun[r].nIter;
    aRun[r].nByte = b.n;
    assert_true(xml_well_formed(buf_cstr(&b)));
    print_message("%-24s %8.3f ms per call, %8zu bytes\n", aRun[r].zWhat, aRun[r].ms, aRun[r].nByte);
  }
  /* The funnel's curves do not grow with the areas: the 6,000 areas' SVG
  ** is the 60 areas' plus their points. */
  buf_reset(&b);
  chart_ind_funnel_svg(&b, &pf6000);
  char *zCurve = between(buf_cstr(&b), "class=\"ichart-limit95\" d=\"", "\"");
  assert_true(count(zCurve, "L") <= 380);
  free(zCurve);
  buf_free(&b);
  free(aMany); free(aBar); free(aBig); free(tp);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_spine),
    cmocka_unit_test(test_spine_table),
    cmocka_unit_test(test_spine_polarity),
    cmocka_unit_test(test_spine_wide),
    cmocka_unit_test(test_bars),
    cmocka_unit_test(test_funnel),
    cmocka_unit_test(test_funnel_ratio),
    cmocka_unit_test(test_trend),
    cmocka_unit_test(test_escaping),
    cmocka_unit_test(test_missing_everywhere),
    cmocka_unit_test(test_empty),
    cmocka_unit_test(test_deterministic),
    cmocka_unit_test(test_welsh),
    cmocka_unit_test(test_number_and_helpers),
    cmocka_unit_test(test_long_names),
    cmocka_unit_test(test_funnel_overdispersion),
    cmocka_unit_test(test_cost),
  };
  return cmocka_run_group_tests(tests, setup, 0);
}
