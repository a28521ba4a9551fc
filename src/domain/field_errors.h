/*
** What the domain says about an input it refuses: for each field, the
** translation key of a message that says what is wrong and how to put it
** right. Every domain write fills one; pages show it as the NHS.UK error
** summary and the message beside each field, keeping what was typed.
*/
#ifndef CC_FIELD_ERRORS_H
#define CC_FIELD_ERRORS_H

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

#endif
