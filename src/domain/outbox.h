/*
** Circulation: every message carecluster sends goes through the outbox.
**
** A change that causes a message queues it with outbox_queue() inside the
** change's own write transaction, so the message exists exactly when the
** change does: nothing is lost if the process dies a moment later, and
** nothing is sent for a change that rolled back. A sender thread
** (src/mail/sender.c) claims due messages, delivers them through the SMTP
** relay and records the result (outbox_claim, outbox_mark_*). When the
** relay is down a message waits and is retried with a growing delay.
**
** Each message is composed by a writer function called once per language
** the recipient reads (English, Welsh, or both: Welsh first, then English,
** in one message), which builds the subject and a body of paragraphs,
** lists and links with the letter_* functions below; the outbox keeps
** both a plain-text and an HTML form.
**
** Without an SMTP relay (serve without --smtp, or the command line)
** circulation is off: outbox_queue() queues nothing and returns true, and
** pages say that circulation is off (outbox_enabled()).
*/
#ifndef CC_OUTBOX_H
#define CC_OUTBOX_H
#include "db/db.h"
#include "html/i18n.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

/* ---- configuration (once, at start-up, before any thread uses it) ---- */

struct outbox_config {
  bool bEnabled;            /* an SMTP relay is configured */
  const char *zBaseUrl;     /* "https://carecluster.example.wales" (no trailing /) */
  const char *zFrom;        /* the From address */
  int nRetrySeconds;        /* first retry delay, doubling to OUTBOX_RETRY_MAX */
};
#define OUTBOX_RETRY_FIRST 30
#define OUTBOX_RETRY_MAX 3600
#define OUTBOX_GIVE_UP (3*24*3600) /* undeliverable this long after queueing: failed */
#define OUTBOX_LEASE 300           /* seconds a sender holds a message it claimed */
void outbox_configure(const struct outbox_config *);
bool outbox_enabled(void);
/* The base URL for links in messages ("" when not configured). */
const char *outbox_base_url(void);
/* The From address ("" when not configured). */
const char *outbox_from(void);

/* ---- recipients ------------------------------------------------------- */

enum mail_lang { MAIL_EN = 0, MAIL_CY, MAIL_BOTH };
/* "en", "cy", "both"; parse: false for anything else. */
const char *mail_lang_code(enum mail_lang);
bool mail_lang_parse(const char *z, enum mail_lang *pOut);

struct recipient {
  long long personId;       /* 0 for a user who is not one of the people */
  long long userId;         /* 0 when not a user */
  char zEmail[255];
  char zName[201];
  enum mail_lang lang;
  bool bDigest;             /* wants a daily digest instead of each message */
};
/* The person's address and choices. False when the person does not exist
** or has no e-mail address (nothing can be sent to them). */
bool outbox_recipient_person(struct db *, long long personId, struct recipient *);
/* A user's address: their person's choices when they are one of the
** people, else their account's language and immediate messages. */
bool outbox_recipient_user(struct db *, long long userId, struct recipient *);

/* ---- composing -------------------------------------------------------- */

/* A message being written. The writer is called once per language with
** the language to write in; everything it adds goes to that language's
** version. Formats are catalogue entries (I18N_FORMAT(lang, "key")): %s
** arguments are escaped in the HTML form. */
struct letter;
typedef void (*letter_writer)(struct letter *, enum lang, void *pCtx);
/* The subject (once per language; "both" joins them "Welsh / English"). */
void letter_subject(struct letter *, struct i18n_format, ...);
/* A paragraph. */
void letter_para(struct letter *, struct i18n_format, ...);
/* A paragraph of what someone typed (a title, a reason), as it is. */
void letter_quote(struct letter *, const char *zText);
/* A bullet in a list (consecutive bullets make one list). */
void letter_bullet(struct letter *, struct i18n_format, ...);
/* A link: zLabel (already in the right language) to zPath, a path on this
** site ("/meetings/12") made absolute with the base URL. */
void letter_link(struct letter *, const char *zLabel, const char *zPath);

/* A date (YYYY-MM-DD) as a letter writes it: "7 December 2026",
** "7 Rhagfyr 2026"; as it is when it is not a date. */
void letter_date(enum lang, const char *zIso, char zOut[48]);

/* ---- queueing --------------------------------------------------------- */

struct outbox_mail {
  const char *zKind;        /* a literal naming what it is: "pack", "invitation_update", ... */
  long long unitId;         /* what it is about, for the lists (0: none) */
  long long meetingId;
  const struct recipient *to;
  letter_writer write;
  void *pCtx;
  const char *zIcs;         /* an iCalendar part (its METHOD inside), or NULL */
  long long fileId;         /* an outbox_file to attach, or 0 */
  bool bUrgent;             /* never held for a digest (invitations, password links) */
};
/* Queue one message in the caller's write transaction (asserted). Held
** for the recipient's digest when they asked for one and it is not
** urgent. True when queued, and true with nothing queued when
** circulation is off; false on a database failure (the transaction is
** then doomed). */
bool outbox_queue(struct db *, const struct outbox_mail *);
/* Store a file to attach to messages (inside the caller's write
** transaction); its id, or 0 on failure. */
long long outbox_file_add(struct db *, long long meetingId, const char *zName,
                          const char *zContentType, const void *p, size_t n);

/* The letter machinery on its own, for a writer whose result is shown
** rather than queued (a preview) and for the digest: renders pMail's
** writer for lang into subject, text and HTML (a whole HTML document). */
void outbox_render(letter_writer, void *pCtx, enum mail_lang,
                   struct buf *pSubject, struct buf *pText, struct buf *pHtml);

/* ---- what was sent ---------------------------------------------------- */

struct outbox_row {
  long long id;
  long long createdAt, sentAt, nextAttemptAt;
  long long meetingId, personId;
  char zKind[40];
  char zTo[255];
  char zToName[201];
  char zSubject[600];
  char zStatus[12];
  char zLang[5];
  char zError[400];
  int attempts;
  bool bAttachment, bInvitation;
};
typedef void (*outbox_row_fn)(void *pCtx, const struct outbox_row *);
/* The messages about meeting meetingId, newest first. Returns the count,
** -1 on a database failure. */
int outbox_list_meeting(struct db *, long long meetingId, outbox_row_fn, void *pCtx);
/* Every message, newest first, at most nMax with id below beforeId (0:
** from the newest), those with status zStatus only when it is not NULL.
** Returns the count, -1 on failure. */
int outbox_list_all(struct db *, long long beforeId, int nMax, const char *zStatus,
                    outbox_row_fn, void *pCtx);

/* ---- the sender's side ------------------------------------------------ */

/* Claim up to nMax messages due at now (queued and due, or sending with an
** expired lease) for OUTBOX_LEASE seconds, in one write transaction: their
** ids into aId. Returns how many, -1 on failure. */
int outbox_claim(struct db *, long long now, long long *aId, int nMax);
/* A claimed message, as the sender needs it. */
struct outbox_message {
  long long id, createdAt;
  char *zKind, *zTo, *zToName, *zSubject, *zText, *zHtml, *zIcs, *zMessageId;
  char *zFileName, *zFileType;
  void *pFile;
  size_t nFile;
};
bool outbox_load(struct db *, long long id, struct outbox_message *);
void outbox_message_free(struct outbox_message *);
/* Record delivery (sent now), or a failed attempt: retried after a
** doubling delay, or failed for good when bPermanent or past
** OUTBOX_GIVE_UP. A message with a single-use link has its body erased
** once it leaves the outbox either way. */
bool outbox_mark_sent(struct db *, long long id, long long now);
bool outbox_mark_failed(struct db *, long long id, long long now, const char *zError, bool bPermanent);
/* Put a claimed message back in the queue untried, due at dueAt. */
bool outbox_release(struct db *, long long id, long long dueAt);
/* Counts for /metrics and the admin page: queued (and held), failed. */
bool outbox_counts(struct db *, long long *pQueued, long long *pHeld, long long *pFailed);
/* What /metrics shows, read without the database (it answers while the
** database is away): messages delivered and attempts failed as this
** process recorded them (outbox_mark_sent, outbox_mark_failed) since it
** started, and the outbox's counts as this process's sender last took
** them (outbox_claim does, at most every OUTBOX_COUNT_EVERY seconds;
** bCounted is false until it first has). */
struct outbox_stats {
  long long nSent, nAttemptsFailed;
  bool bCounted;
  long long nQueued, nHeld, nFailed;
};
#define OUTBOX_COUNT_EVERY 5
void outbox_stats(struct outbox_stats *);

/* ---- scheduled mailings ----------------------------------------------- */

/* Inside the caller's write transaction: true if the job zName has not
** yet been done for zPeriod (and now records it as done), false if it
** has (or on failure). Several servers and restarts run a job once. */
bool outbox_job_claim(struct db *, const char *zName, const char *zPeriod, long long now);

/* ---- settings --------------------------------------------------------- */

/* A whole-number setting an admin changes; dflt when unset or unreadable. */
long long setting_get_int(struct db *, const char *zKey, long long dflt);
/* Inside the caller's write transaction. */
bool setting_set_int(struct db *, const char *zKey, long long v);
#define SETTING_PACK_ATTACH_MAX_KB "pack_attach_max_kb"   /* default 5120 */
#define SETTING_CALL_DAYS "call_for_items_days"           /* default 7 */

#endif
