/*
** Reading CSV records, for the importers of data points (qi_csv.c) and
** of indicator values (indicator_csv.c): RFC 4180 quoting ("" for a
** quote, separators and line ends kept inside quotes), commas or tabs,
** CRLF or LF. Pure: no allocation, no I/O; fuzzed through both importers.
*/
#ifndef CC_CSV_H
#define CC_CSV_H
#include <stdbool.h>
#include <stddef.h>

#define CSV_RECORD_FIELDS 24     /* fields a record keeps (more are counted) */
#define CSV_FIELD_BYTES 128      /* bytes kept of a field, NUL included */

struct csv_field {
  char z[CSV_FIELD_BYTES];       /* contents (unquoted), cut */
  size_t n;                      /* bytes of the whole field (may exceed what z holds) */
};
enum csv_quote { CSV_QUOTE_OK, CSV_QUOTE_UNCLOSED, CSV_QUOTE_TEXT_AFTER };
struct csv_record {
  int line;                      /* the physical line it starts on */
  int nField;                    /* fields seen (may exceed CSV_RECORD_FIELDS) */
  struct csv_field a[CSV_RECORD_FIELDS];
  int badColumn;                 /* the first column with a quoting error, 0 if none */
  enum csv_quote quote;          /* what that error is */
};

/* The separator of the file from z[i..n): a tab when its first line that
** is not blank has tabs and no more commas than tabs (outside quotes),
** else a comma. */
char csv_separator(const char *z, size_t n, size_t i);
/* Read the record at *pi of z[0..n) into *r; advances *pi past its line
** end and *pLine by the lines it spans. */
void csv_read_record(const char *z, size_t n, char cSep, size_t *pi, int *pLine, struct csv_record *r);
/* True if the field is empty or only spaces and tabs. */
bool csv_field_blank(const struct csv_field *);
/* True if the record has no quoting error, at most nMax fields, and every
** one of them blank. */
bool csv_record_blank(const struct csv_record *, int nMax);

/* The offset in z[0..n) of the first byte that is not valid UTF-8 (or is
** a NUL), or n when there is none: an importer refuses a file there. */
size_t csv_utf8_bad_at(const unsigned char *z, size_t n);

#endif
