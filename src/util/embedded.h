/*
** Files compiled into the binary (see tools/embed.c): migrations,
** reference data, translation catalogues and front-end assets.
*/
#ifndef CC_EMBEDDED_H
#define CC_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
  const char *zName;            /* e.g. "db/migrations/0001_foundation.sql" */
  const unsigned char *aData;   /* contents, followed by a NUL byte */
  size_t nByte;                 /* length without the trailing NUL */
};
extern const struct embedded_file embedded_files[];
extern const int embedded_count;

/* The file called zName (not NULL), or NULL when there is none. Binary
** search: the table is sorted by name. The files live for the process. */
const struct embedded_file *embedded_find(const char *zName);

#endif
