/*
** The messages about a person's password (src/domain/outbox.h): the
** "Forgot your password?" link, and the notice that a password was
** changed. Each is queued inside the caller's write transaction, urgent
** (never held for a digest), to the user's own address in their
** language. False only on a database failure (the transaction is then
** doomed).
*/
#ifndef CC_NOTIFY_PASSWORD_H
#define CC_NOTIFY_PASSWORD_H
#include "db/db.h"
#include <stdbool.h>

/* The reset link {base}/password/reset/{zToken} for user userId, valid
** until expiresAt (Unix time). Kind "password_reset": the outbox erases
** its body once it has left (the link is a secret). */
bool notify_password_reset(struct db *, long long userId, const char *zToken, long long expiresAt);
/* The same message composed and thrown away: for a request about an
** address that is no one's, so that it takes about as long. */
void notify_password_reset_compose_only(void);

/* How a password was changed, for the notice. */
enum password_change_way {
  PASSWORD_CHANGED_BY_USER,   /* signed in: their other sessions ended */
  PASSWORD_CHANGED_BY_LINK,   /* a reset link: every session ended */
  PASSWORD_CHANGED_BY_ADMIN,  /* the command line: every session ended */
};
/* Tell user userId that their password was changed at time `at`. */
bool notify_password_changed(struct db *, long long userId, enum password_change_way, long long at);

#endif
