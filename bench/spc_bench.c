/*
** Timing of the statistics engine: spc_compute (XmR with screening) and
** run_analyse on n = 1,000 .. 1,000,000 deterministic pseudo-random
** points (a random walk with noise, so runs, trends and limits all have
** work to do). Prints ns per point and the ratio to n = 1,000: flat
** ratios mean linear growth, a ratio near log2(n)/log2(1000) means
** n log n.
**
**   make build/bench_spc && build/bench_spc
*/
#define _POSIX_C_SOURCE 199309L
#include "stats/stats.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "bench_common.h"


int main(void){
  static const size_t aN[] = { 1000, 10000, 100000, 1000000 };
  double base[2] = { 0, 0 };
  printf("%10s %14s %8s %14s %8s\n", "n", "xmr ns/pt", "ratio", "run ns/pt", "ratio");
  for(size_t k=0; k<sizeof aN/sizeof aN[0]; k++){
    size_t n = aN[k];
    double *x = malloc(n*sizeof *x), *scratch = malloc(2*n*sizeof *scratch);
    struct spc_point *pt = malloc(n*sizeof *pt);
    unsigned char *fl = malloc(n);
    if( !x || !scratch || !pt || !fl ) return 1;
    double level = 50;
    for(size_t i=0; i<n; i++){
      if( bench_uniform()<0.01 ) level += (bench_uniform() - 0.5)*20;
      x[i] = level + (bench_uniform() - 0.5)*10;
    }
    struct spc_options o;
    spc_options_default(&o);
    struct spc_segment seg;
    size_t reps = n>=1000000 ? 3 : (n>=100000 ? 10 : (n>=10000 ? 100 : 1000));
    volatile int sink = 0;
    double t0 = bench_now_ns();
    for(size_t r=0; r<reps; r++) sink += spc_compute(x, NULL, n, &o, pt, &seg, scratch);
    double tX = (bench_now_ns() - t0)/reps/n;
    struct run_result rr;
    t0 = bench_now_ns();
    for(size_t r=0; r<reps; r++){ run_analyse(x, n, 0, &rr, fl, scratch); sink += (int)rr.crossings; }
    double tR = (bench_now_ns() - t0)/reps/n;
    if( k==0 ){ base[0] = tX; base[1] = tR; }
    printf("%10zu %14.1f %8.2f %14.1f %8.2f\n", n, tX, tX/base[0], tR, tR/base[1]);
    (void)sink;
    free(x); free(scratch); free(pt); free(fl);
  }
  return 0;
}
