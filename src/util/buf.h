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

/* Append n bytes of z (z may be NULL only when n is 0; it must not point
** into p itself, whose contents may move). Never fails. */
void buf_append(struct buf *p, const char *z, size_t n);
/* Append the NUL-terminated z (not NULL). */
void buf_puts(struct buf *p, const char *z);
/* Append one byte. */
void buf_putc(struct buf *p, char c);
/* Plain printf into the buffer: NO escaping. Only for non-HTML output
** (JSON numbers, headers, CSV built from escaped parts). An output
** error of vsnprintf appends nothing. */
void buf_printf(struct buf *p, const char *zFmt, ...) __attribute__((format(printf,2,3)));
void buf_vprintf(struct buf *p, const char *zFmt, va_list ap);
/* The contents as a C string: never NULL ("" for an empty buffer); valid
** until the next change to p. */
const char *buf_cstr(struct buf *p);
/* Empty p (n=0), keeping its memory for reuse. */
void buf_reset(struct buf *p);
/* Release p's memory; p is then an empty buffer ({0}) again. */
void buf_free(struct buf *p);
/* Take ownership of the contents (free() them; "" in new memory for an
** empty buffer, never NULL); the buffer becomes empty. */
char *buf_steal(struct buf *p);

/* malloc, calloc, realloc, strdup and strndup that never return NULL:
** they abort with a message when memory runs out. A size of 0 allocates
** one byte, so the result is always a pointer to free(). xstrndup copies
** the first n bytes of z and adds a NUL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *z);
char *xstrndup(const char *z, size_t n);

#endif
