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
  int version;               /* 1, 2...: each replacement is the next version */
  long long replacedById;    /* the version that replaced this one, 0 for the current one */
  long long replacedAt;      /* when (Unix time), 0 for the current one */
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
/* The current papers of an item (each the newest version of its paper),
** oldest first; returns how many (no access check: the caller has loaded
** the item for the user). */
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

/* The earlier versions of current paper paperId, newest first; returns
** how many. No access check: the caller has loaded the item. */
int paper_versions(struct db *, long long paperId, paper_cb, void *pCtx);
/* Replace paper paperId (the current version of a paper on an item of
** meeting m) with a new version, checked as paper_add checks a file; the
** old one is kept as an earlier version. Returns the new version's id; 0
** with an error on "file" (the file's, "paper.error_replaced" for a
** version already replaced, a cancelled meeting); -1 when the user may
** not change the item's papers (answer 404). Audited. */
long long paper_replace(struct db *, const struct user *, const struct meeting *m, long long paperId,
                        const char *zFilename, const unsigned char *p, size_t n,
                        const char *zToday, struct field_errors *pErr);
/* Withdraw paper paperId (a current version on an item of meeting m) and
** its earlier versions before the agenda pack is circulated
** ("paper.error_withdraw_published" on "confirm" after). Returns its id;
** 0 with *pErr; -1 when the user may not. Audited with what it was. */
long long paper_withdraw(struct db *, const struct user *, const struct meeting *m, long long paperId,
                         const char *zToday, struct field_errors *pErr);

/* A paper a proposer attaches to their proposal. */
struct agenda_paper {
  const char *zFilename;
  const unsigned char *p;
  size_t n;
};
/* A member's proposal of an item to m (agenda_propose_with) with, when
** pPaper is not NULL and not empty, a paper checked as paper_add checks
** one (errors on "file") and written with the item in ONE transaction.
** Returns the item's id; -1 when the user may not propose; 0 with
** *pErr. */
long long agenda_propose(struct db *, const struct user *, const struct meeting *,
                         const struct agenda_input *, const struct agenda_paper *pPaper,
                         const char *zToday, struct field_errors *pErr);

#endif
