/*
** libFuzzer harness for the statistics engine (src/stats/stats.c,
** src/stats/indicators.c) and the commands that read analysts' files
** (src/cli/stats.c, src/cli/indicators.c, compiled in here because the
** fuzz build links only the pure sources).
**
** The first byte chooses the options; the rest is standard input. It is
** given to xmr or run, and then to each of proportion, rate, dsr, isr and
** funnel. Then the values on the input's lines (whatever strtod makes of
** them, NaN for the rest) go through spc_compute (XmR, p, u, with
** rebases), run_analyse and the indicator functions, and the harness
** checks invariants: the limits are ordered, every type agrees with its
** rule and the direction, a missing point is common cause, counts never
** exceed n; an interval holds its value, a funnel's limits nest and
** stay in [0, per], a significance agrees with the limits, a gamma
** quantile inverts the incomplete gamma function.
**
**   make fuzz-short    (seeds in tests/fuzz/seeds/stats)
*/
#include "cli/stats.c"
#include "cli/indicators.c"
#include "cli/input.c"
#include "domain/esp2013.c"
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do{ if( !(cond) ){ \
  fprintf(stderr, "fuzz_stats: invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
  abort(); } }while(0)

static bool ordered(double a, double b){
  return !(isfinite(a) && isfinite(b)) || a<=b;
}

/* Run one command on in[0..nIn) and check what any command must do: exit
** 0 with one line of JSON on standard output and nothing on standard
** error, or 1 or 2 with nothing on standard output and a message (lines
** ending in a newline, the first naming the command) on standard error. */
static void run_one(int argc, char **argv, const uint8_t *in, size_t nIn){
  FILE *pIn = nIn ? fmemopen((void*)in, nIn, "r") : fopen("/dev/null", "r");
  char *zOut = NULL, *zErr = NULL;
  size_t nOut = 0, nErr = 0;
  FILE *pOut = open_memstream(&zOut, &nOut);
  FILE *pErr = open_memstream(&zErr, &nErr);
  CHECK(pIn && pOut && pErr);
  int rc = cli_stats(argc, argv, pIn, pOut, pErr);
  fclose(pIn);
  fclose(pOut);
  fclose(pErr);
  CHECK(rc==0 || rc==1 || rc==2);
  if( rc==0 ){
    CHECK(nOut>2 && zOut[0]=='{' && zOut[nOut-1]=='\n' && zOut[nOut-2]=='}');
    CHECK(nErr==0);
    for(size_t i=0; i+1<nOut; i++) CHECK((unsigned char)zOut[i]>=0x20);
  }else{
    CHECK(nOut==0);
    CHECK(nErr>0 && zErr[nErr-1]=='\n');
    CHECK(strncmp(zErr, "carecluster stats", 17)==0);
  }
  free(zOut);
  free(zErr);
}

/* The indicator commands, each on the same input, with --level and --per
** from the option byte (and, now and then, an option a command refuses). */
static void run_indicators(uint8_t c, const uint8_t *in, size_t nIn){
  static const char *azCmd[] = { "proportion", "rate", "dsr", "isr", "funnel" };
  for(size_t k=0; k<sizeof azCmd/sizeof azCmd[0]; k++){
    char *argv[8];
    int argc = 0;
    argv[argc++] = (char*)azCmd[k];
    if( c & 0x20 ){ argv[argc++] = "--level"; argv[argc++] = (c & 0x80) ? "99.8" : "95"; }
    if( (c & 0x40) && k!=3 ){ argv[argc++] = "--per"; argv[argc++] = (c & 0x04) ? "100" : "0.5"; }
    if( (c & 0x83)==0x83 ) argv[argc++] = (c & 0x40) ? "--per" : "--bogus";
    argv[argc] = NULL;
    run_one(argc, argv, in, nIn);
  }
}

static void run_cli(const uint8_t *data, size_t size){
  uint8_t c = size ? data[0] : 0;
  const uint8_t *in = size ? data+1 : data;
  size_t nIn = size ? size-1 : 0;
  char *argv[8];
  int argc = 0;
  char zTarget[32];
  argv[argc++] = (c & 1) ? "run" : "xmr";
  if( c & 2 ){ argv[argc++] = "--direction"; argv[argc++] = (c & 4) ? "decrease" : "neutral"; }
  if( c & 8 ) argv[argc++] = "--no-screen";
  if( c & 16 ){
    snprintf(zTarget, sizeof zTarget, "%d.5", (int)(c>>5) - 3);
    argv[argc++] = "--target";
    argv[argc++] = zTarget;
  }
  if( (c & 0xe1)==0xe1 ) argv[argc++] = "--bogus";
  argv[argc] = NULL;

  FILE *pIn = nIn ? fmemopen((void*)in, nIn, "r") : fopen("/dev/null", "r");
  char *zOut = NULL, *zErr = NULL;
  size_t nOut = 0, nErr = 0;
  FILE *pOut = open_memstream(&zOut, &nOut);
  FILE *pErr = open_memstream(&zErr, &nErr);
  CHECK(pIn && pOut && pErr);
  int rc = cli_stats(argc, argv, pIn, pOut, pErr);
  fclose(pIn);
  fclose(pOut);
  fclose(pErr);
  CHECK(rc==0 || rc==1 || rc==2);
  if( rc==0 ){
    CHECK(nOut>2 && zOut[0]=='{' && zOut[nOut-1]=='\n' && zOut[nOut-2]=='}');
    CHECK(nErr==0);
    /* one line of JSON: control bytes in dates are refused or escaped */
    for(size_t i=0; i+1<nOut; i++) CHECK((unsigned char)zOut[i]>=0x20);
  }else{
    CHECK(nOut==0);
    CHECK(nErr>0 && zErr[nErr-1]=='\n');
  }
  free(zOut);
  free(zErr);
}

/* The values of the input's lines: strtod of each (NaN when it is not a
** finite number), at most 2000. */
static size_t values_of(const uint8_t *data, size_t size, double *a, size_t nMax){
  size_t n = 0, i = 0;
  char z[64];
  while( i<size && n<nMax ){
    size_t j = i;
    while( j<size && data[j]!='\n' ) j++;
    size_t len = j-i < sizeof z - 1 ? j-i : sizeof z - 1;
    memcpy(z, data+i, len);
    z[len] = 0;
    char *zEnd;
    double v = strtod(z, &zEnd);
    a[n++] = (zEnd==z || !isfinite(v)) ? NAN : v;
    i = j+1;
  }
  return n;
}

static void check_spc(const double *aV, const double *aDen, size_t n, const struct spc_options *o){
  struct spc_point *pt = malloc((n ? n : 1)*sizeof *pt);
  struct spc_segment seg[4];
  double *scratch = malloc((2*n ? 2*n : 1)*sizeof(double));
  int nSeg = spc_compute(aV, aDen, n, o, pt, seg, scratch);
  if( nSeg<0 ){ free(pt); free(scratch); return; }
  CHECK((size_t)nSeg==o->nRebase+1);
  size_t total = 0;
  bool bAny = false;
  for(int s=0; s<nSeg; s++){
    CHECK(seg[s].start==total);
    total += seg[s].n;
    CHECK(seg[s].nUsed<=seg[s].n);
    CHECK(ordered(seg[s].lower, seg[s].centre) && ordered(seg[s].centre, seg[s].upper));
    if( !o->bHasTarget || o->direction==SPC_NEUTRAL ) CHECK(seg[s].assurance==SPC_ASSURANCE_NONE);
    if( seg[s].nUsed==0 ) CHECK(isnan(seg[s].centre));
  }
  CHECK(total==n);
  for(size_t i=0; i<n; i++){
    const struct spc_point *p = &pt[i];
    CHECK(p->segment<(unsigned)nSeg);
    CHECK(i>=seg[p->segment].start && i<seg[p->segment].start+seg[p->segment].n);
    CHECK((p->rule==SPC_RULE_NONE)==(p->type==SPC_COMMON_CAUSE));
    CHECK(p->rule<=SPC_RULE_SHIFT && p->type<=SPC_NEUTRAL_LOW);
    if( isnan(p->value) ){
      CHECK(p->type==SPC_COMMON_CAUSE);
      continue;
    }
    bAny = true;
    if( o->direction==SPC_NEUTRAL ) CHECK(p->type==SPC_COMMON_CAUSE || p->type==SPC_NEUTRAL_HIGH || p->type==SPC_NEUTRAL_LOW);
    else CHECK(p->type==SPC_COMMON_CAUSE || p->type==SPC_IMPROVEMENT || p->type==SPC_CONCERN);
    CHECK(ordered(p->lower, p->nearLower) && ordered(p->nearLower, p->centre));
    CHECK(ordered(p->centre, p->nearUpper) && ordered(p->nearUpper, p->upper));
    if( p->rule==SPC_RULE_OUTSIDE_LIMITS ) CHECK(p->value>p->upper || p->value<p->lower);
    if( p->rule==SPC_RULE_SHIFT ) CHECK(p->value!=p->centre);
    if( o->chart==SPC_P ){
      CHECK(p->value>=0 && p->value<=1);
      CHECK(!(p->lower<0) && !(p->upper>1));
    }
    if( o->chart==SPC_U ) CHECK(!(p->lower<0));
  }
  enum spc_type t;
  size_t since;
  bool bSig = spc_current_signal(pt, n, &t, &since);
  CHECK(bSig==bAny);
  if( bSig ) CHECK(since<n && pt[since].type==t && !isnan(pt[since].value));
  free(pt);
  free(scratch);
}

static void check_run(const double *x, size_t n, size_t nBase){
  double *scratch = malloc((n ? n : 1)*sizeof(double));
  unsigned char *fl = malloc(n ? n : 1);
  struct run_result r;
  run_analyse(x, n, nBase, &r, fl, scratch);
  if( isnan(r.median) ){
    /* no value in the baseline (or at all): nothing to analyse */
    CHECK(r.nUseful==0 && r.longestRun==0 && r.crossings==0 && !r.bSignal && !r.bShift && !r.bTrend);
    for(size_t i=0; i<n; i++) CHECK(fl[i]==0);
    free(scratch);
    free(fl);
    return;
  }
  size_t nPresent = 0, nOn = 0;
  for(size_t i=0; i<n; i++){
    if( isnan(x[i]) ){ CHECK(fl[i]==0); continue; }
    nPresent++;
    CHECK(((fl[i] & RUN_ON_MEDIAN)!=0)==(x[i]==r.median));
    if( fl[i] & RUN_ON_MEDIAN ){ nOn++; CHECK(!(fl[i] & (RUN_IN_LONGEST_RUN|RUN_IN_SHIFT))); }
  }
  CHECK(r.nUseful + nOn == nPresent);
  CHECK(r.longestRun<=r.nUseful);
  CHECK(r.crossings + (r.nUseful ? 1 : 0) <= r.nUseful || r.nUseful==0);
  CHECK(r.bSignal==(r.bRunsSignal || r.bCrossingsSignal));
  CHECK(r.bRunsSignal==(r.longestRun>r.longestRunMax && r.nUseful>0));
  CHECK(r.crossingsMin<=r.nUseful);
  if( r.nUseful<2 ) CHECK(!r.bSignal);
  if( r.bShift ) CHECK(r.longestRun>=6);
  else CHECK(r.longestRun<6);
  free(scratch);
  free(fl);
}

static bool within(double lo, double v, double hi){
  double tol = 1e-12*fmax(1.0, fabs(v));
  return !(isfinite(lo) && isfinite(v)) || !(isfinite(hi)) || (lo<=v+tol && v<=hi+tol);
}

/* The indicator functions on numbers from the input, taken in pairs
** (and fours for the ratio); whatever the numbers, a function either
** refuses them or returns ordered, finite-where-promised results. */
static void check_indicators(const double *a, size_t n, uint8_t c){
  double level = (c & 0x80) ? 0.998 : 0.95;
  double per = (c & 0x40) ? 100.0 : 1.0;
  for(size_t i=0; i+1<n && i<64; i+=2){
    double x = a[i], d = a[i+1];
    struct ind_interval r;
    enum ind_method m;
    if( ind_wilson(x, d, level, per, &r) ){
      CHECK(x>=0 && d>0 && x<=d);
      CHECK(within(r.lower, r.value, r.upper));
      CHECK(r.lower>=-1e-12*per && r.upper<=per*(1+1e-12));
    }else{
      CHECK(isnan(r.value) && isnan(r.lower) && isnan(r.upper));
    }
    if( ind_rate(x, d, level, 1e5, &r, &m) ){
      CHECK(m==(x<IND_SMALL_COUNT ? IND_METHOD_EXACT : IND_METHOD_BYARS));
      CHECK(!(r.lower<0));
      CHECK(within(r.lower, r.value, r.upper));
    }else{
      CHECK(m==IND_METHOD_NONE);
    }
    if( x>=0 && isfinite(x) && x<1e6 ){
      double lo, hi;
      ind_poisson_limits(x, level, &lo, &hi);
      CHECK(!(lo>x) && !(hi<x));
    }
    /* the gamma quantile inverts the incomplete gamma function */
    double p = fabs(fmod(x, 1.0));
    double shape = fabs(fmod(d, 50.0));
    if( isfinite(p) && isfinite(shape) && p>1e-300 && p<1.0 && shape>0.01 ){
      double q = stats_qgamma(p, shape);
      CHECK(q>=0 && !isnan(q));
      /* 0 only for a root below the smallest normal double */
      if( q==0 ) CHECK(p<=0.5 && stats_pgamma(4*DBL_MIN, shape, false)>=p);
      if( q>0 && isfinite(q) ){
        bool bUpper = p>0.5;
        double got = stats_pgamma(q, shape, bUpper), want = bUpper ? 1.0 - p : p;
        CHECK(fabs(got - want)<=1e-9*want || want<1e-290);
      }
    }
  }
  /* a DSR over up to 19 bands: counts, populations and weights from the input */
  if( n>=3 ){
    size_t nb = n/3 < 19 ? n/3 : 19;
    double aC[19], aP[19], aW[19];
    for(size_t i=0; i<nb; i++){ aC[i] = a[3*i]; aP[i] = a[3*i+1]; aW[i] = fabs(a[3*i+2]); }
    struct ind_dsr dsr;
    if( ind_dsr(aC, aP, aW, nb, level, 1e5, &dsr) ){
      CHECK(dsr.bSuppressed==(dsr.count<IND_SMALL_COUNT));
      if( dsr.bSuppressed ) CHECK(isnan(dsr.value) && isnan(dsr.lower) && isnan(dsr.upper));
      else CHECK(within(dsr.lower, dsr.value, dsr.upper));
    }
    struct ind_isr isr;
    double aR[19];
    for(size_t i=0; i<nb; i++) aR[i] = fabs(a[3*i+2]) + 1.0;
    if( ind_isr(aC, aP, aW, aR, nb, level, 1.0, &isr) ){
      CHECK(isr.expected>0);
      CHECK(isr.method==(isr.observed<IND_SMALL_COUNT ? IND_METHOD_EXACT : IND_METHOD_BYARS));
      CHECK(within(isr.lower, isr.value, isr.upper));
      enum ind_significance s = ind_funnel_ratio_significance(isr.observed, isr.expected);
      if( s==IND_HIGH_99_8 || s==IND_HIGH_95 ) CHECK(isr.observed>isr.expected);
      if( s==IND_LOW_99_8 || s==IND_LOW_95 ) CHECK(isr.observed<isr.expected);
    }
  }
  /* a funnel of the pairs */
  size_t nf = n/2 < 64 ? n/2 : 64;
  if( nf>0 ){
    double aN[64], aD[64];
    struct ind_funnel_point pt[64];
    for(size_t i=0; i<nf; i++){ aN[i] = fabs(a[2*i]); aD[i] = fabs(a[2*i+1]); }
    double t;
    if( ind_funnel_proportion(aN, aD, nf, per, pt, &t) ){
      CHECK(t>=0 && t<=per*(1+1e-12));
      for(size_t i=0; i<nf; i++){
        const struct ind_funnel_point *q = &pt[i];
        CHECK(q->lower99_8<=q->lower95 && q->lower95<=q->upper95 && q->upper95<=q->upper99_8);
        CHECK(q->lower99_8>=0 && q->upper99_8<=per);
        CHECK(q->significance<=IND_NOT_SIGNIFICANT);
        /* below a clipped lower limit above 0 is below the limit itself */
        if( q->significance==IND_LOW_95 || q->significance==IND_LOW_99_8 ) CHECK(q->value<=q->lower95);
        if( q->significance==IND_HIGH_95 || q->significance==IND_HIGH_99_8 ) CHECK(q->value>=q->upper95);
        if( q->significance==IND_NOT_SIGNIFICANT ) CHECK(q->value>=q->lower99_8 && q->value<=q->upper99_8);
        CHECK(q->significance==ind_funnel_proportion_significance(aN[i], aD[i], t/per) || per!=1.0);
      }
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  if( size>4096 ) return 0;
  run_cli(data, size);
  run_indicators(size ? data[0] : 0, size ? data+1 : data, size ? size-1 : 0);

  static double a[2000], den[2000], num[2000];
  size_t n = values_of(size ? data+1 : data, size ? size-1 : 0, a, 2000);
  uint8_t c = size ? data[0] : 0;
  struct spc_options o;
  spc_options_default(&o);
  o.direction = (enum spc_direction)((int)(c%3) - 1);
  o.bScreenOutliers = (c & 8)==0;
  if( c & 16 ){ o.bHasTarget = true; o.target = (double)(c>>5) - 3.5; }
  size_t reb[3];
  size_t nReb = 0;
  for(size_t k=1; k<=3 && n>4; k++){
    if( c & (1u<<(k+4)) ) reb[nReb++] = k*n/4;
  }
  o.aRebase = reb;
  o.nRebase = nReb;
  check_spc(a, NULL, n, &o);

  /* p and u: numerators from the values, denominators from positions */
  for(size_t i=0; i<n; i++){
    den[i] = (double)(1 + (i*7 + c)%50);
    num[i] = isnan(a[i]) ? NAN : fmod(fabs(a[i]), den[i] + 1);
  }
  o.chart = SPC_U;
  check_spc(num, den, n, &o);
  o.chart = SPC_P;
  for(size_t i=0; i<n; i++) if( num[i]>den[i] ) num[i] = den[i];
  check_spc(num, den, n, &o);

  check_run(a, n, 0);
  check_run(a, n, c%8);
  check_indicators(a, n, c);
  return 0;
}
