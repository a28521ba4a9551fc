/*
** Who may see and change what. A user has one role and one scope: an
** organisation unit. Rules (tested as a matrix in tests/unit/test_access.c):
**
**   role          reads                        writes (people, membership)
**   admin         everything                   everything
**   national      everything                   nothing
**   health_board  its health board's subtree   the same subtree
**   cluster_lead  its cluster's subtree        the same subtree
**   member        its cluster's subtree        nothing
**
** "Subtree" follows the current 'part_of' links of the organisation tree.
** A unit outside what a user may read is treated exactly as a unit that
** does not exist, so that its existence leaks nothing.
*/
#ifndef CC_ACCESS_H
#define CC_ACCESS_H
#include "db/db.h"
#include <stdbool.h>

enum role { ROLE_ADMIN = 0, ROLE_NATIONAL, ROLE_HEALTH_BOARD, ROLE_CLUSTER_LEAD,
            ROLE_MEMBER, ROLE__MAX };

struct user {
  long long id;
  char zEmail[255];
  char zName[201];
  enum role role;
  long long scopeUnitId;
  char zScopeSlug[81];
  char zLang[3];
};

/* "admin" etc. to enum role; false for anything else, NULL included. */
bool access_parse_role(const char *z, enum role *pOut);
/* The code of a role ("admin", ...); "?" for a value out of range. */
const char *access_role_code(enum role);
/* The unit kind a role's scope must be ("nation", "health_board",
** "cluster"), used when users are created. */
const char *access_role_scope_kind(enum role);

/* These fail closed: false for a NULL or unsaved user (id <= 0) and on
** a database error. Pure checks: they load nothing the caller may show. */
/* True if pUser may read unit unitId on date zToday. */
bool access_can_read(struct db *, const struct user *pUser, long long unitId, const char *zToday);
/* True if pUser may change people and membership of unitId on zToday. */
bool access_can_write(struct db *, const struct user *pUser, long long unitId, const char *zToday);
/* True if unit iAncestor is unit iUnit or above it in the current tree. */
bool access_is_within(struct db *, long long iUnit, long long iAncestor, const char *zToday);

#endif
