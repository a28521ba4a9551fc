/*
** What the domain says about an input it refuses: for each field, the
** translation key of a message that says what is wrong and how to put it
** right. Every domain write fills one; pages show it as the NHS.UK error
** summary and the message beside each field, keeping what was typed.
*/
#ifndef CC_FIELD_ERRORS_H
#define CC_FIELD_ERRORS_H
#include "db/db.h"
#include <stdbool.h>

#define FIELD_ERRORS_MAX 12
struct field_errors {
  int n;
  struct { const char *zField; const char *zKey; } a[FIELD_ERRORS_MAX];
};
/* Add the message zKey for zField: the first message for a field wins,
** and past FIELD_ERRORS_MAX fields nothing more is added (the first
** errors are the ones a person fixes first). Both strings must outlive e
** (literals, or the request's form). */
void field_errors_add(struct field_errors *e, const char *zField, const char *zKey);
/* The message key for zField, or NULL. */
const char *field_errors_get(const struct field_errors *e, const char *zField);

/* The end of the checks of a write that runs them inside its transaction
** (db_begin), so that what they read cannot change before it writes.
** True, with the transaction still open, when nothing was found (e->n is
** 0) and no statement failed: go on and write. Otherwise false, with the
** transaction rolled back; if a statement failed, the errors the checks
** added after the first nKeep (those that do not depend on the database)
** cannot be believed and give way to zNotSavedKey on zField. */
bool field_errors_checked_in_tx(struct db *, struct field_errors *, int nKeep,
                                const char *zField, const char *zNotSavedKey);
/* A write that finds, inside its transaction, that the record it changes
** is missing or not the user's to change: rolls back and returns -1 (not
** allowed, which the caller shows as "not found"), or, when a statement
** failed so that the refusal cannot be believed, 0 with zNotSavedKey on
** zField. */
int field_errors_refuse_in_tx(struct db *, struct field_errors *, const char *zField,
                              const char *zNotSavedKey);

#endif
