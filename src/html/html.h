/*
** HTML output. The short way to print escapes: html_printf() escapes
** every %s argument for HTML text and attribute values, so a name typed
** by a user can never become markup. Markup that is meant to be markup
** has its own type, struct markup, and reaches the page only through
** html_markup_trusted_unescaped(). tools/codecheck.sh refuses a build in
** which a format string is not a literal.
*/
#ifndef CC_HTML_H
#define CC_HTML_H
#include "util/buf.h"
#include <stdarg.h>

/* Markup known to be safe: a literal in the source, or the output of a
** renderer that escapes (cmark in safe mode, another html buffer). */
struct markup { const char *z; };
/* Only a string literal fits here: the empty-string concatenation makes
** any other expression a compile error. */
#define MARKUP_LITERAL(s) ((struct markup){ "" s "" })

/* Append formatted output. Conversions: %s (escaped), %d %i %u %ld %lld
** %lu %llu %zu (numbers), %% and %c (escaped). Anything else aborts in
** debug builds and prints nothing in release builds. */
void html_printf(struct buf *p, const char *zFmt, ...) __attribute__((format(printf,2,3)));
void html_vprintf(struct buf *p, const char *zFmt, va_list ap);
/* Append text with HTML escaping (& < > " ' become entities). */
void html_text(struct buf *p, const char *z);
/* Append markup as it is. The caller vouches for it. */
void html_markup_trusted_unescaped(struct buf *p, struct markup m);
/* Append z %-encoded for a URL path segment or query value. */
void html_urlpart(struct buf *p, const char *z);

#endif
