/*
** icscheck FILE: read an iCalendar file with libical, as a calendar
** program would, and print what it found as JSON for the HTTP tests:
**
**   {"calendar":{"version","prodid","method","name"},
**    "timezones":["Europe/London"],
**    "events":[{"uid","summary","location","description","url","status",
**               "sequence","dtstart","dtstart_tzid","dtstart_utc",
**               "dtend","dtend_tzid","dtend_utc","organizer",
**               "attendees":[{"address","cn","role","partstat","rsvp"}]}]}
**
** *_utc is the local time converted to UTC with the VTIMEZONE that the
** file itself carries (not libical's own zone data), so the test checks
** the file's time zone rules. Exits 1, with the reasons on stderr, when
** the file does not parse, is not a VCALENDAR, or libical finds errors
** (including the RFC 5546 restrictions for its METHOD).
*/
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_str(const char *z){
  if( !z ){ fputs("null", stdout); return; }
  putchar('"');
  for(const unsigned char *p=(const unsigned char*)z; *p; p++){
    if( *p=='"' || *p=='\\' ){ putchar('\\'); putchar(*p); }
    else if( *p=='\n' ) fputs("\\n", stdout);
    else if( *p=='\r' ) fputs("\\r", stdout);
    else if( *p<0x20 ) printf("\\u%04x", *p);
    else putchar(*p);
  }
  putchar('"');
}
static void key(const char *zKey, int *pFirst){
  if( !*pFirst ) putchar(',');
  *pFirst = 0;
  json_str(zKey);
  putchar(':');
}
static void kv(const char *zKey, const char *zVal, int *pFirst){ key(zKey, pFirst); json_str(zVal); }

static const char *prop_text(icalcomponent *c, icalproperty_kind k){
  icalproperty *p = icalcomponent_get_first_property(c, k);
  return p ? icalproperty_get_value_as_string(p) : 0;
}

/* A DTSTART or DTEND: the local value, its TZID and the UTC moment. */
static void when(icalcomponent *cal, icalcomponent *ev, icalproperty_kind k, const char *zName, int *pFirst){
  icalproperty *p = icalcomponent_get_first_property(ev, k);
  char zKey[40];
  if( !p ){ kv(zName, 0, pFirst); return; }
  struct icaltimetype t = k==ICAL_DTSTART_PROPERTY ? icalproperty_get_dtstart(p) : icalproperty_get_dtend(p);
  kv(zName, icaltime_as_ical_string(t), pFirst);
  icalparameter *tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
  const char *zTzid = tzid ? icalparameter_get_tzid(tzid) : 0;
  snprintf(zKey, sizeof zKey, "%s_tzid", zName);
  kv(zKey, zTzid, pFirst);
  snprintf(zKey, sizeof zKey, "%s_utc", zName);
  icaltimezone *tz = zTzid ? icalcomponent_get_timezone(cal, zTzid) : 0;
  if( !tz ){ kv(zKey, 0, pFirst); return; }
  struct icaltimetype floating = t;
  floating.zone = 0;
  time_t tt = icaltime_as_timet_with_zone(floating, tz);
  struct tm tm;
  gmtime_r(&tt, &tm);
  char zUtc[32];
  strftime(zUtc, sizeof zUtc, "%Y-%m-%dT%H:%M:%SZ", &tm);
  kv(zKey, zUtc, pFirst);
}

int main(int argc, char **argv){
  if( argc!=2 ){ fprintf(stderr, "usage: icscheck FILE.ics\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if( !f ){ perror(argv[1]); return 2; }
  size_t n = 0, nAlloc = 1<<16;
  char *z = malloc(nAlloc);
  for(size_t k; (k = fread(z+n, 1, nAlloc-n-1, f))>0; ){
    n += k;
    if( n+1==nAlloc ) z = realloc(z, nAlloc *= 2);
  }
  fclose(f);
  z[n] = 0;
  icalcomponent *cal = icalparser_parse_string(z);
  free(z);
  if( !cal || icalcomponent_isa(cal)!=ICAL_VCALENDAR_COMPONENT ){
    fprintf(stderr, "icscheck: %s is not an iCalendar VCALENDAR\n", argv[1]);
    return 1;
  }
  int bOk = icalrestriction_check(cal);
  int nErr = icalcomponent_count_errors(cal);
  if( !bOk || nErr>0 ){
    fprintf(stderr, "icscheck: %d error(s):\n%s\n", nErr, icalcomponent_as_ical_string(cal));
    return 1;
  }
  int bFirst = 1;
  printf("{\"calendar\":{");
  kv("version", prop_text(cal, ICAL_VERSION_PROPERTY), &bFirst);
  kv("prodid", prop_text(cal, ICAL_PRODID_PROPERTY), &bFirst);
  kv("method", prop_text(cal, ICAL_METHOD_PROPERTY), &bFirst);
  kv("name", prop_text(cal, ICAL_NAME_PROPERTY), &bFirst);
  printf("},\"timezones\":[");
  bFirst = 1;
  for(icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT); c;
      c = icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT)){
    if( !bFirst ) putchar(',');
    bFirst = 0;
    json_str(prop_text(c, ICAL_TZID_PROPERTY));
  }
  printf("],\"events\":[");
  int bFirstEv = 1;
  for(icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
      ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)){
    if( !bFirstEv ) putchar(',');
    bFirstEv = 0;
    putchar('{');
    bFirst = 1;
    kv("uid", icalcomponent_get_uid(ev), &bFirst);
    kv("summary", icalcomponent_get_summary(ev), &bFirst);
    kv("location", icalcomponent_get_location(ev), &bFirst);
    kv("description", icalcomponent_get_description(ev), &bFirst);
    kv("url", prop_text(ev, ICAL_URL_PROPERTY), &bFirst);
    kv("status", prop_text(ev, ICAL_STATUS_PROPERTY), &bFirst);
    kv("sequence", prop_text(ev, ICAL_SEQUENCE_PROPERTY), &bFirst);
    kv("dtstamp", prop_text(ev, ICAL_DTSTAMP_PROPERTY), &bFirst);
    when(cal, ev, ICAL_DTSTART_PROPERTY, "dtstart", &bFirst);
    when(cal, ev, ICAL_DTEND_PROPERTY, "dtend", &bFirst);
    kv("organizer", prop_text(ev, ICAL_ORGANIZER_PROPERTY), &bFirst);
    /* Each ATTENDEE: its address, CN, ROLE, PARTSTAT and RSVP. */
    printf(",\"attendees\":[");
    int bFirstAt = 1;
    for(icalproperty *pa = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY); pa;
        pa = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY)){
      if( !bFirstAt ) putchar(',');
      bFirstAt = 0;
      int b = 1;
      putchar('{');
      kv("address", icalproperty_get_attendee(pa), &b);
      icalparameter *x = icalproperty_get_first_parameter(pa, ICAL_CN_PARAMETER);
      kv("cn", x ? icalparameter_get_cn(x) : 0, &b);
      x = icalproperty_get_first_parameter(pa, ICAL_ROLE_PARAMETER);
      kv("role", x ? icalparameter_enum_to_string((int)icalparameter_get_role(x)) : 0, &b);
      x = icalproperty_get_first_parameter(pa, ICAL_PARTSTAT_PARAMETER);
      kv("partstat", x ? icalparameter_enum_to_string((int)icalparameter_get_partstat(x)) : 0, &b);
      x = icalproperty_get_first_parameter(pa, ICAL_RSVP_PARAMETER);
      kv("rsvp", x ? (icalparameter_get_rsvp(x)==ICAL_RSVP_TRUE ? "TRUE" : "FALSE") : 0, &b);
      putchar('}');
    }
    putchar(']');
    putchar('}');
  }
  printf("]}\n");
  icalcomponent_free(cal);
  return 0;
}
