/*
** Checks on SVG and HTML text shared by the chart tests (test_chart.c,
** test_chart_indicators.c): counting a piece of text, taking the text
** between two markers, and whether xmllint finds it well-formed XML.
** Header only, every function static inline.
*/
#ifndef CARECLUSTER_TESTS_UNIT_SVG_CHECKS_H
#define CARECLUSTER_TESTS_UNIT_SVG_CHECKS_H
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/buf.h"

/* How many times zNeedle occurs in z (not overlapping). */
static inline int count(const char *z, const char *zNeedle){
  int n = 0;
  size_t len = strlen(zNeedle);
  for(const char *p = strstr(z, zNeedle); p; p = strstr(p+len, zNeedle)) n++;
  return n;
}
/* The text between the first zStart and the next zEnd after it, in a new string. */
static inline char *between(const char *z, const char *zStart, const char *zEnd){
  const char *a = strstr(z, zStart);
  if( !a ) return 0;
  a += strlen(zStart);
  const char *b = strstr(a, zEnd);
  if( !b ) return 0;
  return xstrndup(a, (size_t)(b-a));
}
/* True if xmllint reads z as well-formed XML. */
static inline bool xml_well_formed(const char *z){
  char zPath[] = "/tmp/test_chart_XXXXXX";
  int fd = mkstemp(zPath);
  if( fd<0 ) return false;
  FILE *fp = fdopen(fd, "w");
  fputs(z, fp);
  fclose(fp);
  char zCmd[128];
  snprintf(zCmd, sizeof zCmd, "xmllint --noout %s", zPath);
  int rc = system(zCmd);
  unlink(zPath);
  return rc==0;
}

#endif
