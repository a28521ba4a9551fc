/*
** A small JSON writer: strings are always escaped, so a name with a quote
** or a control byte never breaks the document. Commas are managed by
** the caller through json_sep().
*/
#ifndef CC_JSON_H
#define CC_JSON_H
#include "util/buf.h"
#include <stdbool.h>

void json_string(struct buf *p, const char *z);     /* "..." escaped; null for NULL */
/* "key":"value" with a leading comma unless *pbFirst; clears *pbFirst. */
void json_kv_str(struct buf *p, bool *pbFirst, const char *zKey, const char *zVal);
void json_kv_int(struct buf *p, bool *pbFirst, const char *zKey, long long v);
void json_kv_bool(struct buf *p, bool *pbFirst, const char *zKey, bool v);
void json_kv_null(struct buf *p, bool *pbFirst, const char *zKey);
/* Write the key and colon only; the caller writes the value. */
void json_key(struct buf *p, bool *pbFirst, const char *zKey);
void json_sep(struct buf *p, bool *pbFirst);

#endif
