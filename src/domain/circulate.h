/*
** Circulating a meeting: the agenda pack with its calendar invitation,
** and the update or cancellation that follows a change to a published
** meeting. Each function composes its messages (src/domain/outbox.h)
** and queues them inside the caller's write transaction; each returns
** false only on a database failure (the transaction is then doomed).
** Nothing is queued while circulation is off.
**
** Who gets the pack: every member of the meeting's unit on the meeting
** date (those expected at it, as for attendance and the quorum) and every
** person leading an item on its agenda, once each (two people sharing one
** address get one message). Someone without an e-mail address is sent
** nothing; the circulation page lists them.
**
** In which language: each message in the languages its reader chose
** (person.mail_lang: English, Welsh or both, Welsh first). The attached
** pack and the invitation carry interface text in one language: English
** or Welsh for a reader of one; for a reader of both, the language they
** use carecluster in when they have an account, else Welsh, as the
** message puts Welsh first. So a pack is drawn at most twice.
**
** Restricted items are named in none of it: a message may be forwarded
** anywhere, so the pack, the invitation and the message show a
** restricted item as its time slot only, as to a reader outside the
** cluster.
**
** Updates go to the people the invitation went to: the addresses of the
** latest pack messages for the meeting in the outbox, with the same
** organiser, the same UID and a higher SEQUENCE (export_meeting.h).
*/
#ifndef CC_CIRCULATE_H
#define CC_CIRCULATE_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/field_errors.h"
#include "domain/meeting.h"
#include "domain/outbox.h"
#include "html/i18n.h"
#include <stdbool.h>

/* One person the pack of a meeting goes to. */
struct circulate_person {
  struct recipient to;       /* zEmail "" when they have none */
  enum lang readerLang;      /* the language of their pack and invitation */
  bool bMember;              /* a member of the unit on the meeting date */
  bool bLead;                /* leads an item on the agenda */
};
typedef void (*circulate_person_cb)(void *pCtx, const struct circulate_person *);
/* Everyone the pack of m goes to, by name: x for each (those without an
** address too). Returns how many, -1 on a database failure. The caller
** has checked that the user may write to m's unit. */
int circulate_pack_recipients(struct db *, const struct meeting *m, circulate_person_cb x, void *pCtx);
/* Which languages the packs of m's recipients with an address are in
** (abNeed[LANG_EN], abNeed[LANG_CY]). */
void circulate_pack_languages(struct db *, const struct meeting *m, bool abNeed[LANG__MAX]);

/* Queue the pack of m (as published: m->packPublishedAt set) to each
** recipient with an address, inside the caller's write transaction: the
** message in their languages (an "updated agenda pack" when bAgain), the
** pack aFileId[readerLang] attached (the other language's when only that
** one was drawn; when neither is stored, being over the size limit, the
** message gives the pack's address), and a METHOD:REQUEST invitation
** whose ORGANIZER is pPublisher and whose ATTENDEEs are all of them. */
bool circulate_pack(struct db *, const struct user *pPublisher, const struct meeting *m,
                    const long long aFileId[LANG__MAX], bool bAgain);

/* After meeting pOld's title, time or place changed (in the caller's
** transaction, its audit entry written): an updated METHOD:REQUEST to the
** people the latest pack went to, nothing when it never went. */
bool circulate_meeting_changed(struct db *, const struct user *pActor, const struct meeting *pOld);
/* After meeting meetingId was cancelled with zReason (likewise): a
** METHOD:CANCEL with the reason to the people the latest pack went to. */
bool circulate_meeting_cancelled(struct db *, const struct user *pActor, long long meetingId,
                                 const char *zReason);

/* ---- the outbox at a glance (admin) ------------------------------------- */

struct outbox_tally {
  long long nAll, nQueued, nRetrying, nHeld, nSending, nSent, nFailed, nDigested;
};
/* Messages by state: nQueued counts those waiting for a first attempt,
** nRetrying those waiting after a failed one. False on failure. */
bool circulate_outbox_tally(struct db *, struct outbox_tally *);

/* ---- settings (admin) --------------------------------------------------- */

#define CALL_DAYS_DEFAULT 7
#define PACK_ATTACH_MAX_KB_LIMIT 51200    /* 50 MB: more than any relay takes */
#define CALL_DAYS_LIMIT 60
struct circulate_settings { long long packAttachMaxKb, callDays; };
/* The settings as they are (defaults for those never set). */
void circulate_settings_get(struct db *, struct circulate_settings *);
/* Save the settings as typed: the largest pack to attach in KB
** ("pack_attach_max_kb": 1 to PACK_ATTACH_MAX_KB_LIMIT,
** error.setting_attach_kb) and the days before the deadline for proposals
** that the call for items goes out ("call_for_items_days": 1 to
** CALL_DAYS_LIMIT, error.setting_call_days), with an audit entry of what
** changed, in one transaction. Administrators only (else -1, nothing
** written). 1 when saved (or nothing changed); 0 with *pErr. */
int circulate_settings_save(struct db *, const struct user *, const char *zAttachKb,
                            const char *zCallDays, struct field_errors *pErr);

/* ---- publishing the agenda pack --------------------------------------- */

enum publish_result { PUBLISH_OK, PUBLISH_NOT_ALLOWED, PUBLISH_CANCELLED, PUBLISH_FAILED };
/* Publish the agenda pack of meeting m now. Needs write access to the
** meeting's unit (checked here); a cancelled meeting's pack is not
** published.
**
** When circulation is on (outbox_enabled), the pack is drawn first,
** outside the write transaction, in each language its readers need (at
** most English and Welsh; see circulate.h for who reads which), as one
** who may not see restricted items would see it, and saying it was
** published now. Then ONE write transaction sets
** meeting.pack_published_at with its audit entry, stores each pack once
** (outbox_file_add) when it is within the admin's limit
** (SETTING_PACK_ATTACH_MAX_KB, default PACK_ATTACH_MAX_KB_DEFAULT; over
** it the messages give the pack's address instead), and queues the pack
** with a calendar invitation to every member and item lead
** (circulate_pack). When circulation is off it records the date only.
** Publishing again (after a change to the agenda) records the new time
** and sends the updated pack. */
#define PACK_ATTACH_MAX_KB_DEFAULT 5120
enum publish_result meeting_publish_pack(struct db *, const struct user *, const struct meeting *m,
                                         const char *zToday);

#endif
