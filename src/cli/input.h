/*
** Reading what analysts give the stats commands on standard input: the
** whole input, numbers as they write them, CSV fields, and the pieces of
** a message that names a bad line (src/cli/stats.c, src/cli/indicators.c).
*/
#ifndef CC_CLI_INPUT_H
#define CC_CLI_INPUT_H
#include "util/buf.h"
#include <stdbool.h>
#include <stdio.h>

/* A number as an analyst writes it: [+-]digits[.digits][e[+-]digits].
** Returns 1 for a number, 0 for a missing value (NA, or empty when
** bEmptyIsMissing), -1 when it is not a number; *pzWhy then says why and
** how to fix it. */
int cli_parse_number(const char *z, bool bEmptyIsMissing, double *pOut, const char **pzWhy);

/* Trim ASCII spaces and tabs in place. */
char *cli_trim(char *z);
/* Remove one pair of surrounding double quotes. */
char *cli_unquote(char *z);
/* Print a piece of input in a message: in double quotes, at most 40
** bytes, control bytes as '?', so the message stays one readable line. */
void cli_quote_line(FILE *pErr, const char *z);
/* Read the whole of pIn into b, NUL-terminated. Returns false when it
** holds a NUL byte (binary input). */
bool cli_read_all(FILE *pIn, struct buf *b);

/* Split one CSV line (no line end) into at most nMax fields, in place:
** commas separate fields; a field may be in double quotes, with "" for a
** quote inside and commas kept; spaces and tabs around a field are
** trimmed. Returns the number of fields, or -1 when a quoted field is
** not closed or has text after its closing quote, or there are more than
** nMax fields. */
int cli_csv_fields(char *zLine, char **azField, int nMax);

#endif
