/*
** Exports of meetings that open in the tools people use, and publishing
** the agenda pack. No HTTP here: callers have already checked that the
** user may read the meeting (meeting_get_visible), except where a
** function says it checks.
**
**   iCalendar (RFC 5545, built with libical): one meeting, or a person's
**   feed of the meetings of every cluster they may read. Times are
**   Europe/London wall-clock time with its VTIMEZONE; the UID is stable
**   (meeting-<id>@carecluster) and SEQUENCE counts the changes to the
**   meeting in the audit log, so calendars update the event in place.
**
**   PDF (cairo, export_pdf.c): the agenda pack and the minutes, A4, real
**   text in DejaVu Sans (fonts-dejavu-core) so that Welsh letters such as
**   ŵ and ŷ print and the text can be searched and copied. The pack holds
**   the PDF papers' own pages too (poppler-glib, export_pdf_papers.c).
**
** Interface text is in the language asked for; what people typed (titles,
** names, minutes) is as they typed it. Restricted agenda items keep their
** time slot but nothing of what they are about, unless pUser may see them
** (see agenda_list).
*/
#ifndef CC_EXPORT_MEETING_H
#define CC_EXPORT_MEETING_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/meeting.h"
#include "html/i18n.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

#define EXPORT_FONT_REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define EXPORT_FONT_BOLD    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define CALENDAR_FEED_TOKEN_CHARS 64     /* hex of 32 random bytes */


/* ---- iCalendar -------------------------------------------------------- */

/* Append a VCALENDAR holding meeting m to pOut. pUser decides whether
** restricted items are named (NULL: they are not). False if the meeting's
** times are unreadable. */
bool export_meeting_ics(struct db *, const struct user *pUser, const struct meeting *m,
                        enum lang, struct buf *pOut);
/* Append the calendar feed of pUser: meetings of every cluster pUser may
** read on zToday, from three months before to twelve months after it
** (at most EXPORT_FEED_MAX). Checks read access itself. Returns the
** number of events; an empty calendar for none. */
#define EXPORT_FEED_MAX 2000
int export_feed_ics(struct db *, const struct user *pUser, const char *zToday,
                    enum lang, struct buf *pOut);

/* ---- invitations (iTIP, RFC 5546) -------------------------------------- */

/* Someone an invitation names: an address and the name to show. */
struct invitation_person { const char *zEmail; const char *zName; };
enum invitation_method { INVITATION_REQUEST, INVITATION_CANCEL };
/* Append a VCALENDAR with METHOD:REQUEST or METHOD:CANCEL holding meeting
** m's event as export_meeting_ics makes it (the same UID, and SEQUENCE
** counted from the audit log: inside a change's own transaction it counts
** that change), restricted items not named, with ORGANIZER pOrganizer and
** one ATTENDEE per aAttendee[0..nAttendee) (REQ-PARTICIPANT; for a
** request NEEDS-ACTION with RSVP=TRUE). A cancellation is STATUS:CANCELLED
** with zReason (may be NULL) as its COMMENT. False if the meeting's times
** are unreadable. */
bool export_meeting_invitation(struct db *, const struct meeting *m, enum invitation_method,
                               const struct invitation_person *pOrganizer,
                               const struct invitation_person *aAttendee, int nAttendee,
                               const char *zReason, enum lang, struct buf *pOut);
/* The ORGANIZER of the first event of the iCalendar text zIcs: its
** address (without "mailto:") and CN ("" when none). False when zIcs has
** none or cannot be read. */
bool export_invitation_organizer(const char *zIcs, char *zEmail, size_t nEmail, char *zName, size_t nName);

/* ---- PDF -------------------------------------------------------------- */

enum export_pdf_kind { EXPORT_PDF_PACK, EXPORT_PDF_MINUTES };
/* Append the agenda pack or the minutes of meeting m as a PDF to pOut.
** False with a message in zErr (e.g. the font is not installed).
**
** The pack is the whole pack, in agenda order, with a bookmark for each
** item and under it one for each thing it holds:
**   the agenda, each paper named under its item with its size and the
**   page where it starts;
**   the minutes of the unit's last earlier meeting that has minutes,
**   draft or approved as they are (as EXPORT_PDF_MINUTES draws them),
**   under the standing item "Minutes of the last meeting";
**   the unit's actions still open from before the meeting, with status,
**   lead, due date and latest progress, under "Review of actions" (both
**   straight after the agenda when it has no such item);
**   every PDF paper's own pages, drawn with poppler-glib (export_pdf_papers.c)
**   on A4 turned as each page is, at most PACK_MAX_PAPER_PAGES pages of
**   papers in all (the agenda says which papers that cut, and how).
** A paper that poppler cannot open (damaged, locked with a password) is
** named with a note instead of its pages; a Word or Excel file (anything
** but a PDF) is named with a link to download it when zBaseUrl, the
** service's own address ("https://carecluster.example.wales", as
** outbox_base_url gives it), is given, and with its name and size only
** when it is NULL, "" or not an http(s) address. */
#define PACK_MAX_PAPER_PAGES 500
#define PACK_MAX_ACTIONS 200
bool export_meeting_pdf(struct db *, const struct user *pUser, const struct meeting *m,
                        enum export_pdf_kind, enum lang, const char *zBaseUrl,
                        struct buf *pOut, char *zErr, size_t nErr);


/* ---- calendar feed tokens --------------------------------------------- */

/* Make a new secret feed token for pUser, replacing any earlier one (whose
** address stops working). zToken receives CALENDAR_FEED_TOKEN_CHARS hex
** characters and a NUL; only its hash is stored. Audited. False (zToken
** "", nothing changed) for no user or a database failure. */
bool calendar_feed_create(struct db *, const struct user *pUser, char *zToken);
/* Stop pUser's feed. True if there was one (audited); false for none or
** a database failure. */
bool calendar_feed_stop(struct db *, const struct user *pUser);
/* True if pUser has a feed; *pCreatedAt gets when it was made. */
bool calendar_feed_exists(struct db *, const struct user *pUser, long long *pCreatedAt);
/* The (enabled) user whose feed token is zToken, into *pOut. False for
** NULL, a malformed or unknown token, and on a database error. */
bool calendar_feed_user(struct db *, const char *zToken, struct user *pOut);

#endif
