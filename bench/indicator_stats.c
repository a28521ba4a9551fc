/*
** The statistics of indicators alone (src/stats/indicators.h), per area:
** a directly standardised rate with Dobson's interval (19 age bands of the
** 2013 European Standard Population, both levels, as the pages compute
** each area's), and a funnel plot of the 60 Welsh clusters (the pooled
** target, every area's 95% and 99.8% limits and significance), plain and
** with Spiegelhalter's overdispersion estimate and adjusted significance.
** Deterministic invented data shaped like a cluster's (populations of 20,000
** to 90,000, a few hundred events).
**
**   make build/bench_indicator_stats && build/bench_indicator_stats
**
** Prints nanoseconds per area for each, the best of five rounds.
*/
#define _POSIX_C_SOURCE 199309L
#include "stats/indicators.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "bench_common.h"

/* The 2013 European Standard Population, 0-4 ... 90+. */
static const double aEsp[19] = { 5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000,
                                 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000 };


#define N_AREA 60
static double aCount[N_AREA][19], aPop[N_AREA][19], aNum[N_AREA], aDen[N_AREA];
static volatile double sink;

int main(void){
  for(int a=0; a<N_AREA; a++){
    double pop = 20000 + 70000*bench_uniform();
    for(int b=0; b<19; b++){
      aPop[a][b] = floor(pop*aEsp[b]/100000*(0.7 + 0.6*bench_uniform())) + 1;
      aCount[a][b] = floor(aPop[a][b]*0.0004*(1 + b*b/20.0)*(0.6 + 0.8*bench_uniform()));
    }
    aDen[a] = floor(pop*0.8);
    aNum[a] = floor(aDen[a]*(0.14 + 0.08*bench_uniform()));
  }
  int nRound = 5, nRep = 2000;
  double bestDsr = INFINITY, bestFunnel = INFINITY, bestOd = INFINITY;
  struct ind_funnel_point aPt[N_AREA];
  double aY[N_AREA], aS[N_AREA], aW[N_AREA];
  for(int round=0; round<nRound; round++){
    double t0 = bench_now_ns();
    for(int k=0; k<nRep; k++){
      for(int a=0; a<N_AREA; a++){
        struct ind_dsr d95, d998;
        ind_dsr(aCount[a], aPop[a], aEsp, 19, 0.95, 100000, &d95);
        ind_dsr(aCount[a], aPop[a], aEsp, 19, 0.998, 100000, &d998);
        sink = d95.lower + d998.upper;
      }
    }
    double t1 = bench_now_ns();
    for(int k=0; k<nRep; k++){
      double target;
      ind_funnel_proportion(aNum, aDen, N_AREA, 100, aPt, &target);
      sink = aPt[k % N_AREA].lower95 + target;
    }
    double t2 = bench_now_ns();
    for(int k=0; k<nRep; k++){
      struct ind_overdispersion od;
      ind_overdispersion_proportion(aNum, aDen, N_AREA, aW, aY, aS, &od);
      double sNum = 0, sDen = 0;
      for(int a=0; a<N_AREA; a++){ sNum += aNum[a]; sDen += aDen[a]; }
      int nSig = 0;
      for(int a=0; a<N_AREA; a++) nSig += ind_funnel_od_significance(aY[a], aS[a], sNum/sDen, od.tau2)!=IND_NOT_SIGNIFICANT;
      sink = od.phi + nSig;
    }
    double t3 = bench_now_ns();
    double dsr = (t1-t0)/nRep/N_AREA, fun = (t2-t1)/nRep/N_AREA, odv = (t3-t2)/nRep/N_AREA;
    if( dsr<bestDsr ) bestDsr = dsr;
    if( fun<bestFunnel ) bestFunnel = fun;
    if( odv<bestOd ) bestOd = odv;
  }
  printf("DSR with Dobson's interval, 19 bands, 95%% and 99.8%%: %8.0f ns per area\n", bestDsr);
  printf("funnel plot of proportions, 60 areas, both limits:      %8.0f ns per area\n", bestFunnel);
  printf("overdispersion (phi, tau2) and adjusted significance:   %8.0f ns per area\n", bestOd);
  return 0;
}
