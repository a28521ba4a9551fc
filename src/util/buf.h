/*
** A growable byte buffer. Every byte sequence the program builds (HTML
** pages, JSON, SQL-free text) lives in one. Allocation failure aborts:
** a web server that cannot allocate 4 KiB has no useful way on.
*/
#ifndef CC_BUF_H
#define CC_BUF_H
#include <stddef.h>
#include <stdarg.h>

struct buf {
  char *z;        /* contents, always NUL-terminated when n>0 or after buf_cstr */
  size_t n;       /* bytes used, not counting the NUL */
  size_t nAlloc;  /* bytes allocated */
};

void buf_append(struct buf *p, const char *z, size_t n);
void buf_puts(struct buf *p, const char *z);
void buf_putc(struct buf *p, char c);
/* Plain printf into the buffer: NO escaping. Only for non-HTML output
** (JSON numbers, headers, CSV built from escaped parts). */
void buf_printf(struct buf *p, const char *zFmt, ...) __attribute__((format(printf,2,3)));
void buf_vprintf(struct buf *p, const char *zFmt, va_list ap);
const char *buf_cstr(struct buf *p);   /* never NULL */
void buf_reset(struct buf *p);         /* n=0, keeps memory */
void buf_free(struct buf *p);
/* Take ownership of the contents; the buffer becomes empty. */
char *buf_steal(struct buf *p);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *z);
char *xstrndup(const char *z, size_t n);

#endif
