/*
** The charts of indicators (src/html/chart_indicators.h): the cost of one
** call of each, on deterministic data shaped like the Public Health Wales
** cluster profiles, for the 60 clusters of data/wales-clusters.csv; and,
** with --html, a page of them in English and in Welsh to look at in a
** browser (the NHS.UK frontend's stylesheet and ours, linked from the
** checkout).
**
**   make build/bench_indicator_charts
**   build/bench_indicator_charts                 microseconds and bytes per call
**   build/bench_indicator_charts --html DIR      DIR/indicator-charts-en.html, -cy.html
**
** The data are invented (a random walk around plausible rates, seeded),
** and say so on the page.
*/
#define _POSIX_C_SOURCE 199309L
#include "html/chart_indicators.h"
#include "html/html.h"
#include "html/i18n.h"
#include "domain/refdata.h"
#include "stats/indicators.h"
#include "util/buf.h"
#include "util/embedded.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench_common.h"

static double normal(void){
  double u = bench_uniform(), v = bench_uniform();
  if( u<1e-12 ) u = 1e-12;
  return sqrt(-2*log(u))*cos(6.283185307179586*v);
}
static double now_us(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec*1e6 + ts.tv_nsec/1e3;
}

/* ---- the clusters ------------------------------------------------------------ */

#define MAX_CLUSTER 64
static struct cluster { char zName[2][80]; char zBoard[2][80]; double pop; int board; } aCl[MAX_CLUSTER];
static int nCl;
static char azBoard[8][2][80];
static int nBoard;

static void load_clusters(void){
  const struct embedded_file *f = embedded_find("data/wales-clusters.csv");
  if( !f ){ fprintf(stderr, "no data/wales-clusters.csv\n"); exit(1); }
  char *z = strdup((const char *)f->aData);
  char *zLine = strtok(z, "\n");
  zLine = strtok(0, "\n");                    /* the header */
  while( zLine && nCl<MAX_CLUSTER ){
    char *az[REFDATA_CSV_FIELDS];
    if( refdata_csv_split(zLine, az, REFDATA_CSV_FIELDS)==REFDATA_CSV_FIELDS ){
      struct cluster *c = &aCl[nCl++];
      snprintf(c->zName[0], 80, "%s", az[3]); snprintf(c->zName[1], 80, "%s", az[9]);
      snprintf(c->zBoard[0], 80, "%s", az[0]); snprintf(c->zBoard[1], 80, "%s", az[6]);
      c->pop = atof(az[5]);
      c->board = -1;
      for(int b=0; b<nBoard; b++) if( strcmp(azBoard[b][0], az[0])==0 ) c->board = b;
      if( c->board<0 && nBoard<8 ){
        snprintf(azBoard[nBoard][0], 80, "%s", az[0]); snprintf(azBoard[nBoard][1], 80, "%s", az[6]);
        c->board = nBoard++;
      }
    }
    zLine = strtok(0, "\n");
  }
  free(z);
}

/* ---- the indicators ---------------------------------------------------------------- */

struct ind {
  const char *zName[2];
  int kind;                 /* 0 proportion (% of the population share), 1 rate per 100,000 */
  double base;              /* Wales' level: a proportion, or a rate per person */
  double share;             /* the denominator as a share of registered patients */
  double spread;            /* between clusters, relative */
  enum chart_ind_polarity polarity;
};
static const struct ind aInd[] = {
  { { "Smoking prevalence (16+)", "Cyffredinrwydd ysmygu (16+)" }, 0, 0.142, 0.82, 0.22, CHART_IND_LOWER_BETTER },
  { { "Obesity prevalence (16+)", "Cyffredinrwydd gordewdra (16+)" }, 0, 0.118, 0.82, 0.18, CHART_IND_LOWER_BETTER },
  { { "Diabetes: recorded prevalence (17+)", "Diabetes: cyffredinrwydd a gofnodwyd (17+)" }, 0, 0.078, 0.8, 0.12, CHART_IND_NO_POLARITY },
  { { "Hypertension: recorded prevalence", "Pwysedd gwaed uchel: cyffredinrwydd a gofnodwyd" }, 0, 0.165, 1.0, 0.10, CHART_IND_NO_POLARITY },
  { { "Childhood immunisation: 6 in 1 vaccine by age 1", "Imiwneiddio plant: brechlyn 6 mewn 1 erbyn 1 oed" }, 0, 0.95, 0.011, 0.025, CHART_IND_HIGHER_BETTER },
  { { "Childhood immunisation: MMR (2 doses) by age 5", "Imiwneiddio plant: MMR (2 ddos) erbyn 5 oed" }, 0, 0.89, 0.012, 0.04, CHART_IND_HIGHER_BETTER },
  { { "Influenza vaccination uptake, aged 65 and over", "Nifer sy'n cael y brechlyn ffliw, 65 oed a hŷn" }, 0, 0.77, 0.21, 0.05, CHART_IND_HIGHER_BETTER },
  { { "Bowel screening uptake (51 to 74)", "Nifer sy'n cael sgrinio'r coluddyn (51 i 74)" }, 0, 0.65, 0.18, 0.06, CHART_IND_HIGHER_BETTER },
  { { "Breast screening uptake (50 to 70)", "Nifer sy'n cael sgrinio'r fron (50 i 70)" }, 0, 0.71, 0.08, 0.06, CHART_IND_HIGHER_BETTER },
  { { "Cervical screening coverage (25 to 64)", "Cwmpas sgrinio serfigol (25 i 64)" }, 0, 0.69, 0.26, 0.06, CHART_IND_HIGHER_BETTER },
  { { "Emergency hospital admissions, all ages", "Derbyniadau brys i'r ysbyty, pob oed" }, 1, 0.0101, 1.0, 0.15, CHART_IND_LOWER_BETTER },
  { { "Premature mortality, under 75", "Marwolaethau cynamserol, dan 75" }, 1, 0.0041, 1.0, 0.2, CHART_IND_LOWER_BETTER },
  { { "Emergency admissions for COPD, 40+", "Derbyniadau brys ar gyfer COPD, 40+" }, 1, 0.0046, 0.55, 0.3, CHART_IND_LOWER_BETTER },
  { { "Hospital admissions for hip fracture, 65+", "Derbyniadau i'r ysbyty am dorri clun, 65+" }, 1, 0.0052, 0.21, 0.25, CHART_IND_LOWER_BETTER },
  { { "Deaths from suicide & undetermined injury", "Marwolaethau drwy hunanladdiad & anaf amhenodol" }, 1, 0.00011, 1.0, 0.3, CHART_IND_LOWER_BETTER },
};
#define N_IND ((int)(sizeof aInd/sizeof aInd[0]))

/* The counts of indicator k for each cluster (num, den). */
static double aNum[N_IND][MAX_CLUSTER], aDen[N_IND][MAX_CLUSTER];

static void make_counts(void){
  for(int k=0; k<N_IND; k++){
    for(int i=0; i<nCl; i++){
      double den = floor(aCl[i].pop*aInd[k].share);
      if( aInd[k].kind==1 ) den = floor(aCl[i].pop*aInd[k].share);
      double level = aInd[k].base*exp(aInd[k].spread*normal() + 0.06*(aCl[i].board-3));
      if( aInd[k].kind==0 && level>0.995 ) level = 0.995;
      double num = floor(den*level + 0.5*normal()*sqrt(den*level) + 0.5);
      if( num<0 ) num = 0;
      if( aInd[k].kind==0 && num>den ) num = den;
      aNum[k][i] = num; aDen[k][i] = den;
    }
  }
}

static enum lang g_lang;
static struct chart_ind_format fmt_of(int k){
  struct chart_ind_format f = { 1, aInd[k].kind==0, 0 };
  if( aInd[k].kind==1 ) f.zUnit = g_lang==LANG_CY ? "fesul 100,000" : "per 100,000";
  return f;
}

/* The value of indicator k from num over den, with its interval. A rate of
** fewer than 10 events is not published (as a DSR is not). */
static struct chart_ind_value value_of(int k, double num, double den){
  struct chart_ind_value v = { NAN, NAN, NAN, CHART_IND_GAP_NONE, 0 };
  struct ind_interval iv;
  if( aInd[k].kind==0 ){
    if( ind_wilson(num, den, 0.95, 100, &iv) ){ v.value = iv.value; v.lower = iv.lower; v.upper = iv.upper; }
    else v.gap = CHART_IND_GAP_NO_DATA;
  }else{
    enum ind_method meth;
    if( num<IND_SMALL_COUNT ) v.gap = CHART_IND_GAP_SUPPRESSED;
    else if( ind_rate(num, den, 0.95, 100000, &iv, &meth) ){ v.value = iv.value; v.lower = iv.lower; v.upper = iv.upper; }
    else v.gap = CHART_IND_GAP_NO_DATA;
  }
  return v;
}

static double pooled(int k, int board){
  double s = 0, d = 0;
  for(int i=0; i<nCl; i++) if( board<0 || aCl[i].board==board ){ s += aNum[k][i]; d += aDen[k][i]; }
  return d>0 ? s/d*(aInd[k].kind==0 ? 100 : 100000) : NAN;
}

/* ---- the charts' inputs ---------------------------------------------------------- */

static struct chart_ind_spine_row aRow[N_IND];
static double aScratch[MAX_CLUSTER], aVal[MAX_CLUSTER];

static void make_spine(int iCl, enum lang lang, struct chart_ind_spine *p){
  for(int k=0; k<N_IND; k++){
    struct chart_ind_spine_row *r = &aRow[k];
    memset(r, 0, sizeof *r);
    r->zName = aInd[k].zName[lang];
    r->zPeriod = "2023/24";
    r->fmt = fmt_of(k);
    r->polarity = aInd[k].polarity;
    r->area = value_of(k, aNum[k][iCl], aDen[k][iCl]);
    r->wales = pooled(k, -1);
    r->cmp = chart_ind_compare(&r->area, r->wales, r->polarity);
    double sNum = 0, sDen = 0;
    for(int i=0; i<nCl; i++) if( aCl[i].board==aCl[iCl].board ){ sNum += aNum[k][i]; sDen += aDen[k][i]; }
    r->board = value_of(k, sNum, sDen);
    for(int i=0; i<nCl; i++){
      struct chart_ind_value v = value_of(k, aNum[k][i], aDen[k][i]);
      aVal[i] = v.gap==CHART_IND_GAP_NONE ? v.value : NAN;
    }
    chart_ind_range_of(aVal, (size_t)nCl, aScratch, &r->range);
  }
  memset(p, 0, sizeof *p);
  p->lang = lang; p->zId = "spine"; p->zArea = aCl[iCl].zName[lang]; p->zBoard = aCl[iCl].zBoard[lang];
  p->n = N_IND; p->aRow = aRow;
}

static struct chart_ind_bar aBar[MAX_CLUSTER];
static void make_bars(int k, int board, int iHighlight, enum lang lang, struct chart_ind_bars *p){
  size_t n = 0;
  for(int i=0; i<nCl; i++){
    if( board>=0 && aCl[i].board!=board ) continue;
    struct chart_ind_bar *b = &aBar[n++];
    b->zName = aCl[i].zName[lang];
    b->v = value_of(k, aNum[k][i], aDen[k][i]);
    b->cmp = chart_ind_compare(&b->v, pooled(k, -1), aInd[k].polarity);
    b->bHighlight = i==iHighlight;
  }
  memset(p, 0, sizeof *p);
  p->lang = lang; p->zId = "bars"; p->zTitle = aInd[k].zName[lang]; p->zPeriod = "2023/24";
  p->fmt = fmt_of(k); p->polarity = aInd[k].polarity;
  p->zBoard = board>=0 ? azBoard[board][lang] : ""; p->board = board>=0 ? pooled(k, board) : NAN;
  p->wales = pooled(k, -1);
  p->n = n; p->aBar = aBar;
}

/* A funnel's counts: binomial variation around Wales' level, with a
** little more between clusters (as real data have), and a few clusters
** clearly apart. */
static double aFunNum[MAX_CLUSTER], aFunDen[MAX_CLUSTER];
static void make_funnel_counts(int k){
  for(int i=0; i<nCl; i++){
    double den = aDen[k][i], pr = aInd[k].base*(1 + 0.012*normal());
    if( i%17==3 ) pr *= 0.93;
    if( i%23==5 ) pr *= 1.05;
    if( pr>0.99 ) pr = 0.99;
    double num = floor(den*pr + normal()*sqrt(den*pr*(1-pr)) + 0.5);
    aFunNum[i] = num<0 ? 0 : num>den ? den : num;
    aFunDen[i] = den;
  }
}
static struct chart_ind_funnel_area aArea[6000];
static void make_funnel(int k, int iHighlight, size_t nRepeat, enum lang lang, struct chart_ind_funnel *p){
  size_t n = 0;
  for(size_t r=0; r<nRepeat; r++){
    for(int i=0; i<nCl && n<sizeof aArea/sizeof aArea[0]; i++){
      struct chart_ind_funnel_area *a = &aArea[n++];
      a->zName = aCl[i].zName[lang];
      a->numerator = aFunNum[i]; a->denominator = aFunDen[i];
      a->gap = CHART_IND_GAP_NONE;
      a->bHighlight = r==0 && i==iHighlight;
    }
  }
  memset(p, 0, sizeof *p);
  p->lang = lang; p->zId = "funnel"; p->zTitle = aInd[k].zName[lang]; p->zPeriod = "2023/24";
  p->kind = CHART_IND_FUNNEL_PROPORTION; p->per = 100; p->fmt = fmt_of(k); p->polarity = aInd[k].polarity;
  p->zDenominator = lang==LANG_CY ? "Cleifion cofrestredig 65 oed a hŷn" : "Registered patients aged 65 and over";
  p->n = n; p->aArea = aArea;
}

static struct chart_ind_trend_point aPt[600];
static char azPeriod[600][16];
static void make_trend(int k, int iCl, size_t n, enum lang lang, struct chart_ind_trend *p){
  double level = aNum[k][iCl]/aDen[k][iCl], wales = pooled(k, -1)/(aInd[k].kind==0 ? 100 : 100000);
  for(size_t t=0; t<n; t++){
    int y = 2024 - (int)n + (int)t;
    snprintf(azPeriod[t], sizeof azPeriod[t], "%d/%02d", y, (y+1)%100);
    double f = exp(0.05*((double)t - (double)n + 1)*(aInd[k].polarity==CHART_IND_HIGHER_BETTER ? -1 : 1));
    double num = floor(aDen[k][iCl]*level*f + 0.5);
    struct chart_ind_trend_point *q = &aPt[t];
    q->zPeriod = azPeriod[t];
    q->v = value_of(k, num, aDen[k][iCl]);
    if( n>=5 && t==n-3 ){ q->v.gap = CHART_IND_GAP_SUPPRESSED; q->v.value = NAN; }
    q->wales = wales*f*(aInd[k].kind==0 ? 100 : 100000)*0.97;
    q->cmp = chart_ind_compare(&q->v, q->wales, aInd[k].polarity);
  }
  memset(p, 0, sizeof *p);
  p->lang = lang; p->zId = "trend"; p->zTitle = aInd[k].zName[lang]; p->zArea = aCl[iCl].zName[lang];
  p->fmt = fmt_of(k); p->polarity = aInd[k].polarity; p->n = n; p->aPoint = aPt;
}

static int find_cluster(const char *zName){
  for(int i=0; i<nCl; i++) if( strcmp(aCl[i].zName[0], zName)==0 ) return i;
  return 0;
}

/* ---- the page ------------------------------------------------------------------------ */

static void write_page(const char *zDir, enum lang lang){
  struct buf b = {0};
  g_lang = lang;
  int iCl = find_cluster("Cardiff South West");
  int board = aCl[iCl].board;
  struct chart_ind_spine sp; struct chart_ind_bars br; struct chart_ind_funnel fn; struct chart_ind_trend tr;
  html_printf(&b, "<!DOCTYPE html><html lang=\"%s\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
              "<title>Indicator charts</title>"
              "<link rel=\"stylesheet\" href=\"../../node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css\">"
              "<link rel=\"stylesheet\" href=\"../../assets/carecluster.css\"></head><body>"
              "<main class=\"nhsuk-main-wrapper\" id=\"maincontent\"><div class=\"nhsuk-width-container\">",
              lang==LANG_CY ? "cy" : "en");
  html_printf(&b, "<h1>%s</h1><p><strong class=\"nhsuk-tag nhsuk-tag--yellow\">%s</strong></p>",
              aCl[iCl].zName[lang], lang==LANG_CY ? "Data arddangos" : "Demonstration data");

  make_spine(iCl, lang, &sp);
  sp.width = 400;
  html_printf(&b, "<h2>Spine</h2><div class=\"cc-ichart cc-ichart--rows\">");
  chart_ind_spine_svg(&b, &sp);
  html_printf(&b, "</div><h3>Wide</h3><div class=\"cc-ichart cc-ichart--wide\">");
  sp.width = 900; sp.zId = "spine-wide";
  chart_ind_spine_svg(&b, &sp);
  html_printf(&b, "</div><p>");
  chart_ind_spine_describe(&b, &sp);
  html_printf(&b, "</p><div class=\"nhsuk-table-container\">");
  chart_ind_spine_table(&b, &sp);
  html_printf(&b, "</div>");

  make_bars(0, board, iCl, lang, &br);
  html_printf(&b, "<h2>Bars</h2><div class=\"cc-ichart cc-ichart--rows\">");
  chart_ind_bars_svg(&b, &br);
  html_printf(&b, "</div><h3>Wide</h3><div class=\"cc-ichart cc-ichart--wide\">");
  br.width = 760; br.zId = "bars-wide";
  chart_ind_bars_svg(&b, &br);
  html_printf(&b, "</div>");
  chart_ind_bars_table(&b, &br);
  make_bars(12, find_cluster("Anglesey")>=0 ? aCl[find_cluster("Anglesey")].board : 0, -1, lang, &br);
  br.zId = "bars2";
  html_printf(&b, "<h3>Another board</h3><div class=\"cc-ichart cc-ichart--rows\">");
  chart_ind_bars_svg(&b, &br);
  html_printf(&b, "</div>");

  make_funnel(6, iCl, 1, lang, &fn);
  html_printf(&b, "<h2 id=\"h-funnel\">Funnel</h2><div class=\"cc-ichart cc-ichart--plot\" tabindex=\"0\" role=\"region\" aria-labelledby=\"h-funnel\">");
  chart_ind_funnel_svg(&b, &fn);
  html_printf(&b, "</div>");
  chart_ind_funnel_table(&b, &fn);

  make_trend(0, iCl, 5, lang, &tr);
  html_printf(&b, "<h2 id=\"h-trend\">Trend</h2><div class=\"cc-ichart cc-ichart--plot\" tabindex=\"0\" role=\"region\" aria-labelledby=\"h-trend\">");
  chart_ind_trend_svg(&b, &tr);
  html_printf(&b, "</div>");
  chart_ind_trend_table(&b, &tr);
  html_printf(&b, "</div></main></body></html>\n");

  char zPath[512];
  snprintf(zPath, sizeof zPath, "%s/indicator-charts-%s.html", zDir, lang==LANG_CY ? "cy" : "en");
  FILE *fp = fopen(zPath, "w");
  if( !fp ){ perror(zPath); exit(1); }
  fwrite(b.z, 1, b.n, fp);
  fclose(fp);
  printf("%s\n", zPath);
  buf_free(&b);
}

/* ---- timing ------------------------------------------------------------------------------ */

static void report(const char *zWhat, double us, size_t nByte){
  printf("%-44s %9.1f us/call %9zu bytes\n", zWhat, us, nByte);
}
#define TIME(zWhat, nIter, call) do{ \
    struct buf b_ = {0}; double t0_ = now_us(); \
    for(int it_=0; it_<(nIter); it_++){ buf_reset(&b_); call; } \
    report(zWhat, (now_us()-t0_)/(nIter), b_.n); buf_free(&b_); \
  }while(0)

int main(int argc, char **argv){
  if( !i18n_init() ) return 1;
  load_clusters();
  make_counts();
  make_funnel_counts(6);
  if( argc==3 && strcmp(argv[1], "--html")==0 ){
    write_page(argv[2], LANG_EN);
    write_page(argv[2], LANG_CY);
    return 0;
  }
  int iCl = find_cluster("Cardiff South West");
  struct chart_ind_spine sp; struct chart_ind_bars br; struct chart_ind_funnel fn; struct chart_ind_trend tr;
  make_spine(iCl, LANG_EN, &sp);
  TIME("spine, 15 indicators", 200, chart_ind_spine_svg(&b_, &sp));
  TIME("spine table, 15 indicators", 200, chart_ind_spine_table(&b_, &sp));
  /* 600 rows: the 15 repeated. */
  static struct chart_ind_spine_row aMany[600];
  for(int i=0; i<600; i++) aMany[i] = aRow[i%N_IND];
  sp.aRow = aMany; sp.n = 600;
  TIME("spine, 600 indicators", 20, chart_ind_spine_svg(&b_, &sp));
  make_bars(0, aCl[iCl].board, iCl, LANG_EN, &br);
  TIME("bars, 9 clusters of a health board", 200, chart_ind_bars_svg(&b_, &br));
  make_bars(0, -1, iCl, LANG_EN, &br);
  TIME("bars, 60 clusters", 100, chart_ind_bars_svg(&b_, &br));
  make_funnel(6, iCl, 1, LANG_EN, &fn);
  TIME("funnel, 60 clusters", 100, chart_ind_funnel_svg(&b_, &fn));
  TIME("funnel table, 60 clusters", 100, chart_ind_funnel_table(&b_, &fn));
  make_funnel(6, iCl, 100, LANG_EN, &fn);
  TIME("funnel, 6,000 areas", 5, chart_ind_funnel_svg(&b_, &fn));
  make_trend(0, iCl, 5, LANG_EN, &tr);
  TIME("trend, 5 periods", 200, chart_ind_trend_svg(&b_, &tr));
  make_trend(0, iCl, 60, LANG_EN, &tr);
  TIME("trend, 60 periods", 100, chart_ind_trend_svg(&b_, &tr));
  return 0;
}
