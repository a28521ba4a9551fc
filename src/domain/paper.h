/*
** Papers attached to agenda items: PDF, Word, Excel and images, kept in
** the database (table paper) with their SHA-256. The name's extension
** says what the file must be and the whole content must be that
** (paper_detect.h), so a program or web page renamed to .pdf, or a PDF
** with a web page appended, is refused. Adding one
** needs write access to the meeting's unit (and, on a restricted item,
** meeting_sees_restricted); reading one needs the same read access as the
** item itself.
*/
#ifndef CC_PAPER_H
#define CC_PAPER_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/meeting.h"
#include "domain/member.h"
#include "domain/paper_detect.h"
#include <stdbool.h>
#include <stddef.h>

#define PAPER_MAX_BYTES (10*1024*1024)

struct paper {
  long long id;
  long long itemId;
  long long meetingId;
  char zFilename[PAPER_MAX_NAME+1];
  char zType[80];
  long long size;
  char zSha256[65];
  long long createdAt;
  char zUploadedBy[201];
};
typedef void (*paper_cb)(void *pCtx, const struct paper *);

/* Attach a file to item itemId of meeting m (the caller has loaded m with
** meeting_get_visible). Returns the id; 0 with an error on field "file"
** (empty, too large, bad name, wrong type or incomplete file as
** paper_check says, not saved); -1 when the user
** may not add papers to this item (answer 404). */
long long paper_add(struct db *, const struct user *, const struct meeting *m, long long itemId,
                    const char *zFilename, const unsigned char *p, size_t n,
                    const char *zToday, struct field_errors *pErr);
/* The checks of paper_add on a file, without the access check: its type
** (a literal), with its cleaned name in zName; NULL with an error on
** "file" when it may not be a paper. */
const char *paper_validate(const char *zFilename, const unsigned char *p, size_t n,
                           char zName[PAPER_MAX_NAME+1], struct field_errors *pErr);
/* Write a paper that paper_validate passed, and its audit entry, to item
** itemId of m inside the caller's transaction (no access check: the
** caller has made it). Returns its id; 0 when a statement failed. */
long long paper_insert(struct db *, const struct user *, const struct meeting *m, long long itemId,
                       const char *zName, const char *zType, const unsigned char *p, size_t n);
/* Papers of an item, oldest first; returns how many (no access check:
** the caller has loaded the item for the user). */
int paper_list(struct db *, long long itemId, paper_cb, void *pCtx);
/* Paper id into *p if the user may read its meeting and item (restricted
** items included); with pData, its bytes are appended there. False, as
** for one that does not exist, otherwise (answer 404). */
struct buf;
bool paper_get_visible(struct db *, const struct user *, long long id, const char *zToday,
                       struct paper *p, struct buf *pData);
/* Append the bytes of paper p, loaded by paper_get_visible, to pData
** (p->size set to their length). False if it has gone. */
bool paper_data(struct db *, struct paper *p, struct buf *pData);

#endif
