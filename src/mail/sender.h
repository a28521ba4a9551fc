/*
** The sender: one thread per server that delivers the outbox
** (src/domain/outbox.h) through the SMTP relay with libcurl, and runs the
** scheduled mailings (reminders, digests, the call for items).
**
** It has its own database connection. Each round it claims the messages
** that are due (a lease, so that several servers never send one message
** at once), builds each as MIME (multipart/alternative plain text and
** HTML, an iCalendar part, an attachment; headers RFC 2047-encoded) and
** hands it to the relay: smtp:// uses STARTTLS when the relay offers it,
** smtps:// is TLS from the start; certificates are verified. A relay
** that is down or answers 4xx leaves the message queued for a later
** attempt; a 5xx refusal fails it for good. The result is recorded as
** soon as the relay answers. A process killed between the relay's
** acceptance and that record sends the message again after the lease
** (OUTBOX_LEASE), with the same Message-ID, which is the one way a
** message can arrive twice.
*/
#ifndef CC_SENDER_H
#define CC_SENDER_H
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

struct sender_config {
  const char *zDb;          /* the database, as given to serve --db */
  const char *zSmtpUrl;     /* smtp://host:port or smtps://host:port */
  const char *zUser;        /* NULL: no authentication */
  const char *zPassword;
  const char *zFrom;        /* envelope sender and From: */
  int nPollMs;              /* how often to look for due messages */
  bool bNoMailings;         /* deliver only: the scheduled mailings run elsewhere */
};
/* Start the thread (copies the configuration). False with a message on
** stderr if it cannot start. */
bool sender_start(const struct sender_config *);
/* Ask the thread to stop and wait for it (it finishes the message it is
** sending). Nothing to do if it never started. */
void sender_stop(void);
/* Messages delivered and attempts failed since start, for /metrics. */
void sender_stats(long long *pSent, long long *pFailed);

/* Append z as an RFC 2047 header value: as it is when it is printable
** ASCII without "=?", else as UTF-8 "B" encoded words of at most 75
** characters, split between characters, joined by folding whitespace. */
void mail_header_encode(struct buf *, const char *z);

#endif
