/*
** Parsers for what arrives from outside: application/x-www-form-urlencoded
** bodies and query strings, Cookie headers, and route patterns. Pure
** functions with no I/O and no libmicrohttpd, so the unit tests and the
** fuzzer (tests/fuzz/fuzz_parse.c) drive them directly.
*/
#ifndef CC_PARSE_H
#define CC_PARSE_H
#include <stdbool.h>
#include <stddef.h>

struct kv { char *zKey; char *zVal; };
struct kvlist { struct kv *a; int n; int nAlloc; };

enum parse_rc {
  PARSE_OK = 0,
  PARSE_BAD_ENCODING,   /* a bad %-escape, or text that is not UTF-8 */
  PARSE_TOO_MANY,       /* more than nMax fields */
};

/* Parse a urlencoded string of n bytes (not necessarily NUL-terminated)
** into pList, appending. Keys and values are %-decoded, '+' is a space,
** and must be valid UTF-8 without NUL. At most nMax pairs. Returns
** PARSE_OK, or the first problem found: pairs before it stay appended
** (the caller refuses the whole request). */
enum parse_rc parse_urlencoded(const char *z, size_t n, int nMax, struct kvlist *pList);

/* Parse a Cookie header value ("a=1; b=2") into pList, appending. Names
** and values are kept as they are (no decoding); malformed pairs are
** skipped. At most 32 cookies. */
void parse_cookies(const char *z, struct kvlist *pList);

/* A list starts as {0}. */
/* First value for zKey (case-sensitive), or NULL; valid until the list
** is freed. */
const char *kvlist_get(const struct kvlist *p, const char *zKey);
/* Append copies of zKey and zVal (neither NULL). Never fails. */
void kvlist_add(struct kvlist *p, const char *zKey, const char *zVal);
/* Free every pair; p is an empty list again. */
void kvlist_free(struct kvlist *p);

/* Match zPath against a route pattern such as "/units/{slug}/members".
** A {name} segment matches one non-empty path segment; the captured
** values (at most nMax) are stored into azOut as pointers to copies
** the caller frees with free(). Returns the number captured, or -1 when
** the path does not match. */
int parse_route(const char *zPattern, const char *zPath, char **azOut, int nMax);

/* True if zNext is a safe local redirect target: starts with one "/",
** not "//" or "/\", no backslash or control bytes, at most 512 bytes.
** False for NULL. */
bool parse_is_local_path(const char *zNext);

/* True if zAddr is a loopback address as text: IPv4 127.0.0.0/8, IPv6
** ::1, or 127.0.0.0/8 mapped into IPv6 (::ffff:127.0.0.1). False for
** anything else, NULL and "" included. */
bool parse_is_loopback(const char *zAddr);

#endif
