/*
** The audit log: every change to a governance record, written in the same
** transaction as the change, so that neither exists without the other.
*/
#ifndef CC_AUDIT_H
#define CC_AUDIT_H
#include "db/db.h"
#include "domain/access.h"
#include <stdbool.h>

/* Record one change. pActor may be NULL for the command line (the actor
** is then "command line"). zOld and zNew are JSON objects or NULL.
** zAction and zEntity must be in audit_action_codes and
** audit_entity_codes (else refused, with a message on standard error).
** Must be called inside a transaction; returns false on a database
** error or a refusal (the caller rolls back). */
bool audit_record(struct db *, const struct user *pActor, const char *zAction,
                  const char *zEntity, long long entityId, long long unitId,
                  const char *zOld, const char *zNew);

/* Every action and entity code audit_record is called with, NULL-ended.
** The audit page names each through the catalogue (audit.action.CODE,
** audit.entity.CODE); a unit test checks that both languages have every
** one. A new kind of record adds its code here. */
extern const char *const audit_action_codes[];
extern const char *const audit_entity_codes[];

struct audit_entry {
  long long id;
  long long at;
  char zActor[260];
  char zAction[16];
  char zEntity[32];
  long long entityId;
  char zUnitName[201];
  char zUnitNameCy[201];
  const char *zOld;    /* valid only during the callback */
  const char *zNew;
};
typedef void (*audit_cb)(void *pCtx, const struct audit_entry *);
/* Entries newest first with id < beforeId (0: from the newest), at most
** nMax. Returns the number delivered. Keyset pagination: pass the last
** id seen to get the next page. No access check: the caller is the
** admin's page (its route needs an administrator). */
int audit_list(struct db *, long long beforeId, int nMax, audit_cb, void *pCtx);

/* Walk the fields of an entry's old and new values (flat JSON objects as
** audit_record stores them): x is called once per field that was added,
** removed or changed, in the order of the new object then the old, with
** NULL for a side without it. Values are given as text ("true", "12",
** the string's characters). Returns false if either side is not a flat
** JSON object; the caller then shows the raw text. */
typedef void (*audit_field_cb)(void *pCtx, const char *zKey, const char *zOld, const char *zNew);
bool audit_diff(const char *zOld, const char *zNew, audit_field_cb x, void *pCtx);

#endif
