/*
** libFuzzer harness for the statistics engine (src/stats/stats.c) and
** the command that reads analysts' files (src/cli/stats.c, compiled in
** here because the fuzz build links only the pure sources).
**
** The first byte chooses the subcommand and options; the rest is
** standard input. Then the values on the input's lines (whatever strtod
** makes of them, NaN for the rest) go through spc_compute (XmR, p, u,
** with rebases) and run_analyse, and the harness checks invariants: the
** limits are ordered, every type agrees with its rule and the direction,
** a missing point is common cause, counts never exceed n.
**
**   make fuzz-short    (seeds in tests/fuzz/seeds/stats)
*/
#include "cli/stats.c"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  if( size>4096 ) return 0;
  run_cli(data, size);

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
  return 0;
}
