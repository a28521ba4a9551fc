/*
** A small JSON writer: strings are always escaped, so a name with a quote
** or a control byte never breaks the document. Commas are managed by
** the caller through json_sep().
*/
#ifndef CC_JSON_H
#define CC_JSON_H
#include "util/buf.h"
#include <stdbool.h>

/* Append z as a JSON string: quotes, backslashes and control bytes
** escaped, and < > & as \u escapes so that it is safe inside <script>;
** null for NULL. z is UTF-8 (the writer does not check it). */
void json_string(struct buf *p, const char *z);
/* Members of an object: "key":value with a leading comma unless
** *pbFirst, which they clear. zKey is never NULL; zVal NULL writes null. */
void json_kv_str(struct buf *p, bool *pbFirst, const char *zKey, const char *zVal);
void json_kv_int(struct buf *p, bool *pbFirst, const char *zKey, long long v);
void json_kv_bool(struct buf *p, bool *pbFirst, const char *zKey, bool v);
void json_kv_null(struct buf *p, bool *pbFirst, const char *zKey);
/* Write the separator, key and colon only; the caller writes the value. */
void json_key(struct buf *p, bool *pbFirst, const char *zKey);
/* A comma unless *pbFirst (then cleared): between the elements of an
** array the caller writes itself. */
void json_sep(struct buf *p, bool *pbFirst);

/* A number: the shortest of %.15g, %.16g and %.17g that reads back as
** exactly v (a whole number below 2^53 written directly, without printf);
** null for NaN or an infinity. */
void json_double(struct buf *p, double v);
/* json_double as an object member, as json_kv_str. */
void json_kv_double(struct buf *p, bool *pbFirst, const char *zKey, double v);
/* The last number written through it, kept as text: for a value that
** repeats from row to row (a centre line, a limit), so that printf's
** exact conversion runs once per change rather than once per row.
** Zero-initialise. */
struct json_memo { double v; bool bSet; char z[32]; };
void json_kv_double_memo(struct buf *p, bool *pbFirst, const char *zKey, struct json_memo *pMemo, double v);

#endif
