/*
** People and their membership of clusters and groups: named role
** (seed 001 Table 1), core member or in attendance, voting or not, and
** the dates the membership runs. Every change is one transaction with
** its audit entry.
*/
#ifndef CC_MEMBER_H
#define CC_MEMBER_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include <stdbool.h>

#define MEMBER_NAME_MAX 200

struct membership {
  long long id;
  long long personId;
  long long unitId;
  char zName[201];
  char zEmail[255];
  char zJobTitle[201];
  char zOrganisation[201];
  char zRole[48];         /* role code */
  char zRoleKey[64];      /* translation key of the role's name */
  bool bCore;
  bool bVoting;
  char zFrom[11];
  char zTo[11];           /* "" while open-ended */
  char zMailMode[10];     /* the person's e-mail choices: "immediate" or "digest" */
  char zMailLang[5];      /* "both", "cy" or "en" */
};
typedef void (*membership_cb)(void *pCtx, const struct membership *);

/* What a form sends to add or change a member. Text as typed. */
struct member_input {
  const char *zName, *zEmail, *zJobTitle, *zOrganisation;
  const char *zRole;
  const char *zCore;      /* "core" or "attendance" */
  const char *zVoting;    /* "yes" or "no" */
  const char *zFrom, *zTo;
  /* How the person is sent e-mail (domain/notices.h), both or neither:
  ** NULL leaves them as they are (a new person: at once, both languages). */
  const char *zMailMode, *zMailLang;
};

/* ---- who is a member on a date -------------------------------------------
** One rule, written once: a membership counts on every day from its
** valid_from to its valid_to, both included (valid_to NULL: open-ended).
** Dates are YYYY-MM-DD text, so they compare as strings. */

/* The rule as an SQL condition on the membership row named zAlias, for a
** date given by zDate (a parameter such as "?3" or a column): string
** literals only, so that it joins a statement's SQL at compile time, e.g.
**   "SELECT ... FROM membership m WHERE m.unit_id=?1 AND " MEMBER_ON_SQL("m", "?2")
** Every query that picks members on a date uses it. */
#define MEMBER_ON_SQL(zAlias, zDate) \
  "(" zAlias ".valid_from<=" zDate " AND (" zAlias ".valid_to IS NULL OR " zAlias ".valid_to>=" zDate "))"

/* True if personId has a membership of unitId (directly, not through a
** child unit) on zDate (YYYY-MM-DD). No access check. */
bool member_on_date(struct db *, long long unitId, long long personId, const char *zDate);

/* Memberships of unit id: current ones on zToday when bCurrent, else all,
** ordered by the role's order then name. The caller has checked read
** access to the unit. */
int membership_list(struct db *, long long unitId, bool bCurrent, const char *zToday,
                    membership_cb, void *pCtx);
/* Load membership id into *p with no access check; false when none. */
bool membership_get(struct db *, long long id, struct membership *p);
/* Membership id into *p if pUser may read its unit on zToday; false, as
** for one that does not exist, otherwise. */
bool membership_get_visible(struct db *, const struct user *pUser, long long id, const char *zToday,
                            struct membership *p);

/* Role codes with their translation keys and defaults, in order. */
struct role_option { char zCode[48]; char zKey[64]; bool bCore; bool bVoting; };
/* Up to nMax of them into a; returns how many. */
int membership_roles(struct db *, struct role_option *a, int nMax);

/* Add a new person with a membership of unit unitId. Checks write access,
** validates (errors into *pErr), then writes person, membership and audit
** entries in one transaction. Returns the membership id; 0 with *pErr
** filled for bad input; -1 when pUser may not write (answer 404). */
long long membership_add(struct db *, const struct user *pUser, long long unitId,
                         const struct member_input *, const char *zToday,
                         struct field_errors *pErr);
/* Change a membership and its person's details; the same contract. */
long long membership_update(struct db *, const struct user *pUser, long long id,
                            const struct member_input *, const char *zToday,
                            struct field_errors *pErr);

#endif
