/*
** The counters behind /metrics (src/web/metrics.h) and the access log's
** line (src/web/access_log.h), on a route table of two routes: which
** series a request lands in, the histogram's bucket edges, and a line's
** fields.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "web/access_log.h"
#include "web/metrics.h"
#include "web/req.h"

static void page_none(struct req *r){ (void)r; }
static const struct route aRoute[] = {
  {"GET", "/meetings/{id}", NEED_SIGNED_IN, REC_MEETING, 0, page_none, {{0}}},
  {"POST", "/a\"b\\c", NEED_ANYONE, REC_NONE, 0, page_none, {{0}}},
};

/* The value of the sample line that starts with zSeries ("name{...} "), or -1. */
static double sample(const char *zText, const char *zSeries){
  size_t n = strlen(zSeries);
  for(const char *p = zText; p && *p; p = strchr(p, '\n') ? strchr(p, '\n')+1 : 0){
    if( strncmp(p, zSeries, n)==0 && p[n]==' ' ){
      double v = -1;
      sscanf(p+n+1, "%lf", &v);
      return v;
    }
  }
  return -1;
}

static void test_counting(void **state){
  (void)state;
  struct buf b = {0};
  metrics_count(0, "GET", 200, 1000000);        /* before start: not counted */
  metrics_start(aRoute, 2, "9.9.9");
  metrics_count(0, "GET", 200, 1000000);        /* exactly 1 ms: in le="0.001" */
  metrics_count(0, "GET", 200, 1000001);        /* just over: le="0.0025" */
  metrics_count(0, "HEAD", 404, 0);
  metrics_count(1, "POST", 303, 30000000);      /* 30 ms */
  metrics_count(-1, "PUT", 418, 20000000000LL); /* 20 s: past every bound */
  metrics_count(7, "BREW", 200, 5);             /* out of the table: unmatched */
  metrics_write(&b);
  const char *z = buf_cstr(&b);
  assert_true(sample(z, "carecluster_http_requests_total{route=\"/meetings/{id}\",method=\"GET\",status=\"200\"}")==2);
  assert_true(sample(z, "carecluster_http_requests_total{route=\"/meetings/{id}\",method=\"HEAD\",status=\"404\"}")==1);
  /* A label value is escaped. */
  assert_true(sample(z, "carecluster_http_requests_total{route=\"/a\\\"b\\\\c\",method=\"POST\",status=\"303\"}")==1);
  /* A method or status outside the lists, and a path no route matched,
  ** land in one series each. */
  assert_true(sample(z, "carecluster_http_requests_total{route=\"unmatched\",method=\"other\",status=\"other\"}")==1);
  assert_true(sample(z, "carecluster_http_requests_total{route=\"unmatched\",method=\"other\",status=\"200\"}")==1);
  /* No series for what was never counted. */
  assert_null(strstr(z, "status=\"500\""));
  /* Cumulative buckets; le is "less than or equal". */
  assert_true(sample(z, "carecluster_http_request_duration_seconds_bucket{le=\"0.001\"}")==3);
  assert_true(sample(z, "carecluster_http_request_duration_seconds_bucket{le=\"0.0025\"}")==4);
  assert_true(sample(z, "carecluster_http_request_duration_seconds_bucket{le=\"0.025\"}")==4);
  assert_true(sample(z, "carecluster_http_request_duration_seconds_bucket{le=\"0.05\"}")==5);
  assert_true(sample(z, "carecluster_http_request_duration_seconds_bucket{le=\"10\"}")==5);
  assert_true(sample(z, "carecluster_http_request_duration_seconds_bucket{le=\"+Inf\"}")==6);
  assert_true(sample(z, "carecluster_http_request_duration_seconds_count")==6);
  assert_non_null(strstr(z, "\ncarecluster_http_request_duration_seconds_sum 20.032000006\n"));
  assert_non_null(strstr(z, "\ncarecluster_http_route_duration_seconds_total{route=\"/meetings/{id}\",method=\"GET\"} 0.002000001\n"));
  assert_non_null(strstr(z, "\ncarecluster_build_info{version=\"9.9.9\"} 1\n"));
  /* Each family's HELP then TYPE, once. */
  assert_non_null(strstr(z, "# HELP carecluster_db_errors_total "));
  assert_non_null(strstr(z, "\n# TYPE carecluster_db_errors_total counter\ncarecluster_db_errors_total "));
  const char *p = strstr(z, "# TYPE carecluster_http_requests_total counter\n");
  assert_non_null(p);
  assert_null(strstr(p+1, "# TYPE carecluster_http_requests_total"));
  buf_free(&b);
}

static void test_log_line(void **state){
  (void)state;
  char z[ACCESS_LOG_LINE_MAX];
  size_t n = access_log_format(z, sizeof z, 1767225600, 987654321, "GET", "/meetings/{id}", 200,
                               3141592, 17, 10234);
  assert_string_equal(z, "2026-01-01T00:00:00.987Z GET /meetings/{id} 200 3.141 17 10234\n");
  assert_int_equal(n, strlen(z));
  access_log_format(z, sizeof z, 0, 0, "POST", "unmatched", 499, 0, 0, 0);
  assert_string_equal(z, "1970-01-01T00:00:00.000Z POST unmatched 499 0.000 - 0\n");
  /* Dates: a leap day, the last second of a year, a century. */
  access_log_format(z, sizeof z, 951782400, 5000000, "HEAD", "/healthz", 200, 999, 1, 0);
  assert_string_equal(z, "2000-02-29T00:00:00.005Z HEAD /healthz 200 0.000 1 0\n");
  access_log_format(z, sizeof z, 1735689599, 999999999, "GET", "/", 303, 1000000, 123456789012LL, 5);
  assert_string_equal(z, "2024-12-31T23:59:59.999Z GET / 303 1.000 123456789012 5\n");
  access_log_format(z, sizeof z, 4102444800, 0, "other", "unmatched", 405, 2500000, -1, 18446744073709551615ull);
  assert_string_equal(z, "2100-01-01T00:00:00.000Z other unmatched 405 2.500 - 18446744073709551615\n");
  /* Every day of 1970 to 2100 against the C library's calendar. */
  for(long long t=0; t<4102444800LL; t+=86400*7+3661){
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char zWant[40];
    strftime(zWant, sizeof zWant, "%Y-%m-%dT%H:%M:%S.000Z ", &tm);
    access_log_format(z, sizeof z, t, 0, "GET", "/", 200, 0, 0, 0);
    if( strncmp(z, zWant, strlen(zWant))!=0 ) fail_msg("%lld: %s, not %s", t, z, zWant);
  }
  /* A route pattern too long for the line is cut; the line still ends. */
  char zLong[400];
  memset(zLong, 'x', sizeof zLong - 1);
  zLong[sizeof zLong - 1] = 0;
  n = access_log_format(z, sizeof z, 0, 0, "GET", zLong, 200, 12345678901LL, 1, 1);
  assert_true(n<sizeof z);
  assert_int_equal(z[n-1], '\n');
  assert_int_equal(strlen(z), n);
  assert_non_null(strstr(z, " 200 12345.678 1 1\n"));
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_counting),
    cmocka_unit_test(test_log_line),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
