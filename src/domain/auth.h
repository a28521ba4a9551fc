/*
** Users, passwords, sessions and API tokens.
**
** Passwords: argon2id (libsodium) at t=2, 19 MiB, the OWASP ASVS minimum;
** at most one hash is computed at a time, so a burst of sign-ins cannot
** starve page requests. Sign-in failures are throttled per e-mail address
** (5 in 15 minutes) and per client address (20 in 15 minutes); the person
** signing in is told the same thing for an unknown address and a wrong
** password. Session and API tokens are 256 random bits; only their
** BLAKE2b hashes are stored.
*/
#ifndef CC_AUTH_H
#define CC_AUTH_H
#include "db/db.h"
#include "domain/access.h"
#include <stdbool.h>

#define AUTH_TOKEN_CHARS 64          /* hex of 32 random bytes */
#define AUTH_SESSION_SECONDS (8*3600)
#define AUTH_THROTTLE_WINDOW (15*60)
#define AUTH_MAX_FAILS_EMAIL 5
#define AUTH_MAX_FAILS_IP 20
#define AUTH_PASSWORD_MIN 12

/* Start-up: libsodium and the hashing semaphore. False if unusable. */
bool auth_init(void);

/* Fill z with 2*nBytes hex characters of fresh randomness plus a NUL. */
void auth_random_hex(char *z, int nBytes);

enum auth_result { AUTH_OK, AUTH_BAD_CREDENTIALS, AUTH_THROTTLED, AUTH_BUSY, AUTH_ERROR };

/* Check an e-mail and password; on success create a session, write its
** token into zToken (AUTH_TOKEN_CHARS+1 bytes) and the user into *pUser.
** Every attempt is recorded for throttling. */
enum auth_result auth_sign_in(struct db *, const char *zEmail, const char *zPassword,
                              const char *zIp, char *zToken, struct user *pUser);
/* The user of a live session token, and the session's CSRF token
** (AUTH_TOKEN_CHARS+1 bytes). False for an unknown or expired token. */
bool auth_session_user(struct db *, const char *zToken, struct user *pUser, char *zCsrf);
/* End a session (sign out). */
void auth_session_end(struct db *, const char *zToken);
/* The user of an API token. */
bool auth_token_user(struct db *, const char *zToken, struct user *pUser);
/* Create an API token for the user with that e-mail; the token goes into
** zToken. False with a message in zErr (nErr bytes). */
bool auth_token_create(struct db *, const char *zEmail, char *zToken, char *zErr, int nErr);
/* Create a user. False with a message saying what to fix in zErr. */
bool auth_user_add(struct db *, const char *zEmail, const char *zName, const char *zRole,
                   const char *zScopeSlug, const char *zPassword, char *zErr, int nErr);
/* Remember a signed-in user's choice of language. */
void auth_set_lang(struct db *, long long userId, const char *zLang);

#endif
