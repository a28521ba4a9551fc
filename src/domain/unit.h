/*
** Organisation units: nation, health boards, Regional Partnership Boards,
** local authorities, Pan Cluster Planning Groups, clusters, professional
** collaboratives and member organisations, in a tree with dates.
*/
#ifndef CC_UNIT_H
#define CC_UNIT_H
#include "db/db.h"
#include "domain/access.h"
#include "html/i18n.h"
#include <stdbool.h>

struct unit {
  long long id;
  char zSlug[81];
  char zName[201];
  char zNameCy[201];           /* official Welsh name, "" when it has none */
  char zKind[20];
  char zSubtype[41];
  long long population;       /* -1 when unknown */
  long long gpPractices;      /* -1 when unknown */
  char zPopulationDate[11];
  char zParentSlug[81];       /* current 'part_of' parent, "" for the nation */
  char zParentName[201];
  char zParentNameCy[201];
  char zParentKind[20];
};
/* The name of a unit a reader of lang is shown: its Welsh name for a
** Welsh reader when it has one, else its English name. The one rule for
** the name of a unit on a page, in a list, a breadcrumb or an export. */
const char *unit_display_name(const struct unit *, enum lang);
/* The same rule for its current parent. */
const char *unit_parent_display_name(const struct unit *, enum lang);
/* The same rule for a unit's names carried on another record (a
** meeting's, an action's or a project's unit): zNameCy "" when none. */
const char *unit_name_in(enum lang, const char *zName, const char *zNameCy);
typedef void (*unit_cb)(void *pCtx, const struct unit *);

/* Load unit zSlug into *p if it exists AND pUser may read it on zToday.
** False otherwise: callers answer 404 either way. */
bool unit_get_visible(struct db *, const struct user *pUser, const char *zSlug,
                      const char *zToday, struct unit *p);
/* Load unit by id with no access check: the caller has checked. False
** when there is none. */
bool unit_get_by_id(struct db *, long long id, const char *zToday, struct unit *p);
/* Load unit by slug with no access check (command line, tests). False
** when there is none. */
bool unit_get_by_slug(struct db *, const char *zSlug, const char *zToday, struct unit *p);
/* Every unit pUser may read, of kind zKind (NULL: all kinds), ordered by
** kind then name. Returns the count. */
int unit_list_visible(struct db *, const struct user *pUser, const char *zKind,
                      const char *zToday, unit_cb, void *pCtx);
/* The same, in the order of the names a reader of lang sees. */
int unit_list_visible_in(struct db *, const struct user *pUser, const char *zKind,
                         const char *zToday, enum lang, unit_cb, void *pCtx);
/* Current 'part_of' children of unit id, of kind zKind (NULL: all). The
** caller has checked that the parent may be read; children inherit it.
** Returns how many. */
int unit_children(struct db *, long long id, const char *zKind, const char *zToday,
                  unit_cb, void *pCtx);
/* The same, in the order of the names a reader of lang sees. */
int unit_children_in(struct db *, long long id, const char *zKind, const char *zToday,
                     enum lang, unit_cb, void *pCtx);
/* The unit of kind zKind that unit id is tied to by an 'area' link
** (a cluster's local authority or RPB) on zToday, into *p; false when
** none. No access check: the caller may read unit id. */
bool unit_area(struct db *, long long id, const char *zKind, const char *zToday, struct unit *p);
/* Create a unit and, when parentId>0, its 'part_of' link from zFrom.
** The slug is made from the name; a clash gets "-2", "-3"... Returns
** the new id or 0 on failure. Call inside a transaction. */
long long unit_create(struct db *, const char *zName, const char *zKind, long long parentId,
                      const char *zFrom, char zSlugOut[81]);
/* Set (or, with NULL or "", clear) the Welsh name of unit id. False on a
** database failure. Call inside a transaction; no audit entry
** (reference data). */
bool unit_set_name_cy(struct db *, long long id, const char *zNameCy);
/* Add a link of the given relation between two units from zFrom. False
** on a database failure (a constraint included). Call inside a
** transaction; no audit entry (reference data). */
bool unit_link(struct db *, long long childId, long long parentId, const char *zRelation,
               const char *zFrom);

/* The unit of kind zKind ("cluster", "pcpg", "health_board", "nation")
** at or above unitId (itself, if it is one) on zToday; 0 when none. */
long long unit_above(struct db *, long long unitId, const char *zKind, const char *zToday);

#endif
