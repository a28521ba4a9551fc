/*
** HTML output. The short way to print escapes: html_printf() escapes
** every %s argument for HTML text and attribute values, so a name typed
** by a user can never become markup. Markup that is meant to be markup
** has its own type, struct markup, and reaches the page only through
** html_markup_trusted_unescaped(). A format is a string literal: the
** html_printf macro pastes "" around it, so anything else is a compile
** error. The one other kind of format is a catalogue entry named by a
** literal key, struct i18n_format, printed with html_printf_t().
*/
#ifndef CC_HTML_H
#define CC_HTML_H
#include "util/buf.h"
#include "html/i18n.h"
#include <stdarg.h>

/* Markup known to be safe: a literal in the source, or the output of a
** renderer that escapes (cmark in safe mode, another html buffer). */
struct markup { const char *z; };
/* Only a string literal fits here: the empty-string concatenation makes
** any other expression a compile error. */
#define MARKUP_LITERAL(s) ((struct markup){ "" s "" })
/* The output of a renderer that escapes everything it was given (cmark in
** safe mode). The one way to make markup from a run-time string;
** tools/codecheck.sh names the files allowed to call it and refuses any
** other initialiser of struct markup outside this header. */
static inline struct markup markup_from_safe_renderer(const char *z){
  return (struct markup){ z };
}

/* Append formatted output. Conversions: %s (escaped), %d %i %u %ld %lld
** %lu %llu %zu (numbers), %% and %c (escaped). Anything else aborts in
** debug builds and prints nothing in release builds.
**
** Call html_printf(b, "literal", ...); html_printf_ is its implementation
** and is not called directly (tools/codecheck.sh refuses it outside
** src/html/html.c). */
void html_printf_(struct buf *p, const char *zFmt, ...) __attribute__((format(printf,2,3)));
#define html_printf(p, zFmt, ...) html_printf_((p), "" zFmt "", ##__VA_ARGS__)
/* html_printf with a catalogue entry as the format: fmt comes from
** I18N_FORMAT (a literal key), and test_i18n proves the English and the
** Welsh texts of every key have the same conversions; the arguments
** follow those conversions, as html_printf's. */
void html_printf_t(struct buf *p, struct i18n_format fmt, ...);
void html_vprintf_t(struct buf *p, struct i18n_format fmt, va_list ap);
/* Append text with HTML escaping (& < > " ' become entities), safe in
** element content and quoted attribute values. NULL appends nothing. */
void html_text(struct buf *p, const char *z);
/* Append markup as it is (m.z NULL: nothing). The caller vouches for it. */
void html_markup_trusted_unescaped(struct buf *p, struct markup m);
/* Append z %-encoded for a URL path segment or query value: every byte
** but A-Z a-z 0-9 - _ . ~ as %XX. NULL appends nothing. */
void html_urlpart(struct buf *p, const char *z);

#endif
