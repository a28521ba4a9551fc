/*
** The clock of the scheduled mailings (src/domain/mailings.h): Welsh
** local time across the clock changes, the ISO week that names a weekly
** reminder's period across the turn of the year, when each job is due,
** and when a call for items opens. Pure functions; the process's zone is
** Europe/London, as main() sets it.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "domain/mailings.h"

/* A UTC instant "YYYY-MM-DDTHH:MM" as Unix time. */
static long long utc(const char *z){
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(z) - 1900;
  tm.tm_mon = atoi(z+5) - 1;
  tm.tm_mday = atoi(z+8);
  tm.tm_hour = atoi(z+11);
  tm.tm_min = atoi(z+14);
  return (long long)timegm(&tm);
}

static struct mailings_clock at_utc(const char *z){
  struct mailings_clock c;
  mailings_clock(utc(z), &c);
  return c;
}

static void test_local_time_across_the_clock_changes(void **state){
  (void)state;
  /* Winter: local is UTC. */
  struct mailings_clock c = at_utc("2026-12-07T07:30");
  assert_string_equal(c.zLocal, "2026-12-07T07:30");
  assert_int_equal(c.hour, 7);
  /* Summer: local is an hour ahead, so 23:30 UTC is tomorrow. */
  c = at_utc("2027-06-30T23:30");
  assert_string_equal(c.zLocal, "2027-07-01T00:30");
  assert_string_equal(c.zDate, "2027-07-01");
  /* The clocks go forward at 01:00 UTC on 28 March 2027. */
  assert_string_equal(at_utc("2027-03-28T00:59").zLocal, "2027-03-28T00:59");
  assert_string_equal(at_utc("2027-03-28T01:00").zLocal, "2027-03-28T02:00");
  /* And back at 01:00 UTC on 25 October 2026. */
  assert_string_equal(at_utc("2026-10-25T00:59").zLocal, "2026-10-25T01:59");
  assert_string_equal(at_utc("2026-10-25T01:00").zLocal, "2026-10-25T01:00");

  /* A local time read back (--at): BST in summer, GMT in winter. */
  long long t = 0;
  assert_true(mailings_parse_local("2027-03-29T07:00", &t));
  assert_int_equal(t, utc("2027-03-29T06:00"));
  assert_true(mailings_parse_local("2026-10-26T07:00", &t));
  assert_int_equal(t, utc("2026-10-26T07:00"));
  assert_false(mailings_parse_local("2026-10-26 07:00", &t));
  assert_false(mailings_parse_local("2026-02-30T07:00", &t));
  assert_false(mailings_parse_local("2026-10-26T24:00", &t));
  assert_false(mailings_parse_local("next monday", &t));
  assert_false(mailings_parse_local(0, &t));
}

static void test_weekly_due_on_monday_from_seven_local(void **state){
  (void)state;
  /* The Monday after the clocks go forward: 07:00 BST is 06:00 UTC. */
  struct mailings_clock c = at_utc("2027-03-29T05:59");
  assert_int_equal(c.wday, 1);
  assert_false(mailings_weekly_due(&c));
  c = at_utc("2027-03-29T06:00");
  assert_true(mailings_weekly_due(&c));
  assert_string_equal(c.zWeek, "2027-W13");
  assert_string_equal(c.zMonday, "2027-03-29");
  /* The Monday after they go back: 07:00 GMT is 07:00 UTC. */
  c = at_utc("2026-10-26T06:30");
  assert_false(mailings_weekly_due(&c));
  c = at_utc("2026-10-26T07:00");
  assert_true(mailings_weekly_due(&c));
  assert_string_equal(c.zWeek, "2026-W44");
  /* A week missed on Monday is sent later that working week, in the same period. */
  c = at_utc("2026-12-09T03:00");                 /* Wednesday */
  assert_true(mailings_weekly_due(&c));
  assert_string_equal(c.zWeek, "2026-W50");
  assert_string_equal(c.zMonday, "2026-12-07");
  c = at_utc("2026-12-11T22:00");                 /* Friday night */
  assert_true(mailings_weekly_due(&c));
  assert_false(mailings_weekly_due((c = at_utc("2026-12-12T10:00"), &c)));   /* Saturday */
  assert_false(mailings_weekly_due((c = at_utc("2026-12-13T10:00"), &c)));   /* Sunday */
}

static void test_iso_week_across_the_year(void **state){
  (void)state;
  struct mailings_clock c = at_utc("2026-12-31T12:00");   /* Thursday */
  assert_string_equal(c.zWeek, "2026-W53");
  assert_string_equal(c.zMonday, "2026-12-28");
  c = at_utc("2027-01-03T12:00");                         /* Sunday, still 2026's week 53 */
  assert_string_equal(c.zWeek, "2026-W53");
  assert_string_equal(c.zMonday, "2026-12-28");
  c = at_utc("2027-01-04T12:00");
  assert_string_equal(c.zWeek, "2027-W01");
  assert_string_equal(c.zMonday, "2027-01-04");
  /* 29 December 2025 is a Monday of 2026's week 1. */
  c = at_utc("2025-12-30T12:00");
  assert_string_equal(c.zWeek, "2026-W01");
  assert_string_equal(c.zMonday, "2025-12-29");
}

static void test_daily_due_from_seven_local(void **state){
  (void)state;
  struct mailings_clock c = at_utc("2027-07-01T05:59");   /* 06:59 BST */
  assert_false(mailings_daily_due(&c));
  c = at_utc("2027-07-01T06:00");                          /* 07:00 BST */
  assert_true(mailings_daily_due(&c));
  assert_string_equal(c.zDate, "2027-07-01");
  c = at_utc("2027-01-01T06:59");                          /* 06:59 GMT */
  assert_false(mailings_daily_due(&c));
}

static void test_add_days(void **state){
  (void)state;
  char z[11];
  mailings_add_days("2027-03-27", 2, z);
  assert_string_equal(z, "2027-03-29");
  mailings_add_days("2026-12-30", 3, z);
  assert_string_equal(z, "2027-01-02");
  mailings_add_days("2024-03-01", -1, z);
  assert_string_equal(z, "2024-02-29");
  mailings_add_days("2026-10-25", 0, z);
  assert_string_equal(z, "2026-10-25");
}

static void test_call_for_items_opens(void **state){
  (void)state;
  struct mailings_clock c;
  /* Closing at 17:00 on 14 December, seven days: from 07:00 on 7 December. */
  c = at_utc("2026-12-07T06:59");
  assert_false(mailings_call_due("2026-12-14T17:00", 7, &c));
  c = at_utc("2026-12-07T07:00");
  assert_true(mailings_call_due("2026-12-14T17:00", 7, &c));
  c = at_utc("2026-12-10T03:00");                  /* set later, or the server was away */
  assert_true(mailings_call_due("2026-12-14T17:00", 7, &c));
  c = at_utc("2026-12-14T17:00");                  /* closed */
  assert_false(mailings_call_due("2026-12-14T17:00", 7, &c));
  c = at_utc("2026-12-06T12:00");
  assert_false(mailings_call_due("2026-12-14T17:00", 7, &c));
  /* Across the clocks going forward: the day before is summer time. */
  c = at_utc("2027-03-28T05:59");                  /* 06:59 BST */
  assert_false(mailings_call_due("2027-04-04T12:00", 7, &c));
  c = at_utc("2027-03-28T06:00");                  /* 07:00 BST */
  assert_true(mailings_call_due("2027-04-04T12:00", 7, &c));
  /* No deadline, no call. */
  assert_false(mailings_call_due("", 7, &c));
  assert_false(mailings_call_due(0, 7, &c));
}

static void test_job_names(void **state){
  (void)state;
  assert_int_equal(mailings_job_parse("call-for-items"), JOB_CALL_FOR_ITEMS);
  assert_int_equal(mailings_job_parse("weekly-reminder"), JOB_WEEKLY_REMINDER);
  assert_int_equal(mailings_job_parse("lead-digest"), JOB_LEAD_DIGEST);
  assert_int_equal(mailings_job_parse("daily-digest"), JOB_DAILY_DIGEST);
  assert_int_equal(mailings_job_parse("weekly"), 0);
  assert_int_equal(mailings_job_parse(0), 0);
}

int main(void){
  setenv("TZ", "Europe/London", 1);
  tzset();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_local_time_across_the_clock_changes),
    cmocka_unit_test(test_weekly_due_on_monday_from_seven_local),
    cmocka_unit_test(test_iso_week_across_the_year),
    cmocka_unit_test(test_daily_due_from_seven_local),
    cmocka_unit_test(test_add_days),
    cmocka_unit_test(test_call_for_items_opens),
    cmocka_unit_test(test_job_names),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
