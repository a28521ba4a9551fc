/*
** What plans align with that is written outside carecluster, kept as data
** its owners maintain (the table plan_reference of migration 0016): a
** health board's IMTP objectives, a Regional Partnership Board's area
** plan priorities, and, owned by the nation, the Accelerated Cluster
** Development outcomes and the national priorities. Each has a code, an
** English and a Welsh title, an optional link (http or https) and an
** order. carecluster ships none: the demonstration references are made up
** and marked demo = 1.
**
** Who may: anyone who may read the owning unit reads them; whoever may
** write to it (access_can_write) adds and changes them, each change one
** transaction with its audit entry (entity "plan_reference"). A reference
** is not deleted (objectives may align to it).
*/
#ifndef CC_PLAN_REFERENCE_H
#define CC_PLAN_REFERENCE_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "html/i18n.h"
#include <stdbool.h>

#define PLANREF_CODE_MAX 20          /* characters */
#define PLANREF_TITLE_MAX 300
#define PLANREF_URL_MAX 500

struct plan_ref {
  long long id;
  char zKind[24];                    /* imtp, rpb_area_plan, acd_outcome, national_priority */
  long long unitId;
  char zCode[4*PLANREF_CODE_MAX+1];
  char zTitleEn[4*PLANREF_TITLE_MAX+1], zTitleCy[4*PLANREF_TITLE_MAX+1];
  char zUrl[PLANREF_URL_MAX+1];      /* "" when none */
  long long sortOrder;
  bool bDemo;
};
/* The title a reader of lang is shown. */
const char *plan_ref_title(const struct plan_ref *, enum lang);

/* The kinds of reference a unit of kind zUnitKind owns, into az[0..1];
** returns how many (0: none, for clusters, groups and the rest). */
int plan_ref_kinds(const char *zUnitKind, const char *az[2]);

typedef void (*plan_ref_cb)(void *pCtx, const struct plan_ref *);
/* The references owned by unit unitId, of kind zKind (NULL: every kind),
** by kind, order and code. Returns how many, -1 on a database error. */
int plan_ref_list(struct db *, long long unitId, const char *zKind, plan_ref_cb, void *pCtx);
/* Reference id owned by unitId into *p; false when there is none. */
bool plan_ref_get(struct db *, long long unitId, long long id, struct plan_ref *p);

/* What the form sends (as typed; NULL is empty). */
struct plan_ref_input {
  const char *zKind, *zCode, *zTitleEn, *zTitleCy, *zUrl, *zSortOrder;
};
/* Add (id 0) or change reference id of unit unitId, of kind zUnitKind.
** Returns its id; 0 with *pErr for bad input (fields: kind code title_en
** title_cy url sort_order); -1 when pUser may not write to the unit or
** there is no such reference (nothing written). */
long long plan_ref_save(struct db *, const struct user *pUser, long long unitId, const char *zUnitKind,
                        long long id, const struct plan_ref_input *, const char *zToday,
                        struct field_errors *pErr);

#endif
