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

/* A number: the shortest of %.15g, %.16g and %.17g that reads back as
** exactly v (a whole number below 2^53 written directly, without printf);
** null for NaN or an infinity. */
void json_double(struct buf *p, double v);
void json_kv_double(struct buf *p, bool *pbFirst, const char *zKey, double v);
/* The last number written through it, kept as text: for a value that
** repeats from row to row (a centre line, a limit), so that printf's
** exact conversion runs once per change rather than once per row.
** Zero-initialise. */
struct json_memo { double v; bool bSet; char z[32]; };
void json_kv_double_memo(struct buf *p, bool *pbFirst, const char *zKey, struct json_memo *pMemo, double v);

#endif
