/*
** The small pieces every domain write shares (needs, priorities, plans,
** their references and views, quality improvement): statement helpers,
** text and id checks, and the two ends of a write transaction with its
** audit entry. Each caller passes its own error keys, so the messages a
** module shows stay that module's.
*/
#ifndef CC_DOMAIN_WRITE_H
#define CC_DOMAIN_WRITE_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

/* ---- statements (each of these finishes s, bound by the caller) ---- */

/* True if s returns a row. */
bool domain_has_row(struct stmt *s);
/* The first column of s's first row as an integer; dflt when no row. */
long long domain_first_int(struct stmt *s, long long dflt);
/* The first column of s's first row as text into zOut (n bytes, left
** untouched when there is no row); true if there was a row. */
bool domain_first_text(struct stmt *s, char *zOut, size_t n);

/* ---- input checks (pure) ---- */

/* Check text field zField: required or not (zRequiredKey when blank), at
** most nMax characters (zTooLongKey), clean UTF-8 on one line unless
** bMultiline (zBadKey). Adds at most one error for the field. */
void domain_check_text(struct field_errors *, const char *zField, const char *z, bool bRequired,
                       size_t nMax, bool bMultiline, const char *zRequiredKey,
                       const char *zTooLongKey, const char *zBadKey);
/* An id typed in a form into *pId: "" or NULL gives 0 (none) and true;
** false for anything that is not a positive integer below 2^53. */
bool domain_parse_id(const char *z, long long *pId);

/* ---- the write transaction ---- */

/* Start a write transaction; false with zKey on zField (when e is not
** NULL) if the database refuses. */
bool domain_begin(struct db *, struct field_errors *e, const char *zField, const char *zKey);
/* End the transaction domain_begin started: commit when ok and the commit
** succeeds (true); else roll back, add zKey on zField (when e is not
** NULL) and return false. */
bool domain_commit(struct db *, bool ok, struct field_errors *e, const char *zField, const char *zKey);
/* Write one audit entry (zAction create, update or delete) for entity
** zEntity id of unit unitId, its old and new states the JSON in *pOld and
** *pNew (NULL: none); frees both buffers. Inside a transaction. */
bool domain_audit(struct db *, const struct user *, const char *zAction, const char *zEntity,
                  long long id, long long unitId, struct buf *pOld, struct buf *pNew);

#endif
