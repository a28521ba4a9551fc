/*
** The areas indicator pages compare: every cluster, health board and
** Wales on the organisation tree of a day, each with the health board it
** is in, read in one query (a page of 60 clusters' values must not read
** the tree 60 times). Names in both languages, for unit_name_in().
*/
#ifndef CC_INDICATOR_AREAS_H
#define CC_INDICATOR_AREAS_H
#include "db/db.h"
#include <stdbool.h>

enum indicator_area_kind { INDICATOR_AREA_CLUSTER, INDICATOR_AREA_HEALTH_BOARD, INDICATOR_AREA_NATION };

struct indicator_area {
  long long id;
  char zSlug[81];
  char zName[201], zNameCy[201];
  enum indicator_area_kind kind;
  long long healthBoardId;        /* the health board it is in (itself for one); 0 for Wales */
};

struct indicator_areas {
  struct indicator_area *a;       /* clusters, then health boards, then Wales; by English name */
  size_t n;
};

/* Load them as on zToday. False on a database error (nothing to free). */
bool indicator_areas_load(struct db *, const char *zToday, struct indicator_areas *pOut);
void indicator_areas_free(struct indicator_areas *);
/* The area of id, NULL when none. */
const struct indicator_area *indicator_areas_find(const struct indicator_areas *, long long id);

#endif
