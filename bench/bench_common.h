/*
** What the C benchmarks share: one deterministic pseudo-random stream
** (xorshift64*, the same seed every run, so runs compare) and a monotonic
** clock. Each benchmark is one file, so the state is its own.
*/
#ifndef CC_BENCH_COMMON_H
#define CC_BENCH_COMMON_H
#include <stdint.h>
#include <time.h>

static uint64_t g_state = 0x9e3779b97f4a7c15ull;

/* The next number, uniform in [0, 1). */
static inline double bench_uniform(void){
  g_state ^= g_state >> 12;
  g_state ^= g_state << 25;
  g_state ^= g_state >> 27;
  return (double)((g_state * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0;
}

/* Nanoseconds of CLOCK_MONOTONIC. */
static inline double bench_now_ns(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec*1e9 + ts.tv_nsec;
}
#endif
