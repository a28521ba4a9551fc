/*
** Users, passwords, sessions and API tokens.
**
** Passwords: argon2id (libsodium) at t=2, 19 MiB, the OWASP ASVS minimum.
** Hashes are computed by a small pool of hashing threads behind a bounded
** queue (auth_hash_pool_start): a sign-in that finds the queue full is
** answered AUTH_BUSY at once instead of holding a page worker, so a burst
** of sign-ins cannot starve page requests.
**
** Throttling slows guessing without letting anyone lock another person
** out. The key is the account and the client's address together: after
** AUTH_FREE_FAILS failures for that pair (since its last success, within
** AUTH_THROTTLE_MEMORY) each further attempt must wait AUTH_BACKOFF_BASE
** seconds after the last failure, doubling with every failure up to
** AUTH_BACKOFF_MAX. Someone failing from another address does not slow a
** person signing in from theirs. Two further rules bound attacks from
** many addresses, and apply only to a client that has not signed in to
** that account before (within AUTH_TRUSTED_DAYS): a client failing on
** many accounts (AUTH_FREE_FAILS_CLIENT) is slowed the same way, and when
** AUTH_SPREAD_CLIENTS other addresses have failed on an account in the
** last hour, a new client gets one free attempt instead of
** AUTH_FREE_FAILS. A refused (throttled or busy) attempt is not counted as
** a failure. The person signing in is told the same thing for an unknown
** address and a wrong password.
**
** Session and API tokens are 256 random bits; only their BLAKE2b hashes
** are stored. API tokens expire (AUTH_TOKEN_DAYS by default). Disabling a
** user deletes their sessions, API tokens and calendar feed: enabling
** them again revives none of them.
**
** Passwords change three ways, each ending sessions in the same
** transaction as the new hash, with its audit entry: a signed-in user
** changes their own (auth_password_change: the current password checked
** through the hashing pool and the sign-in throttle; their other
** sessions end); someone who forgot theirs asks for a link by e-mail
** (auth_reset_request) and sets a new one with it (auth_reset_password:
** every session ends); an administrator sets one on the command line
** (auth_user_set_password). A reset link is 256 random bits of which
** only the BLAKE2b hash is stored (password_reset), used once, within
** AUTH_RESET_SECONDS; setting a password by any of the three ways spends
** every other link of the user. Asking for a link answers the same
** whether or not the address is a user's, and sends at most
** AUTH_RESET_PER_ACCOUNT links to an account an hour; a client address
** asking more than AUTH_RESET_PER_CLIENT times an hour is refused
** (AUTH_THROTTLED) whatever it asks about. The requests are counted in
** login_attempt with ok=2, which no sign-in check reads.
*/
#ifndef CC_AUTH_H
#define CC_AUTH_H
#include "db/db.h"
#include "domain/access.h"
#include <stdbool.h>

#define AUTH_TOKEN_CHARS 64          /* hex of 32 random bytes */
#define AUTH_SESSION_SECONDS (8*3600)
#define AUTH_PASSWORD_MIN 12          /* characters */
#define AUTH_PASSWORD_MAX 1024        /* bytes */
#define AUTH_FREE_FAILS 5              /* per account and client */
#define AUTH_FREE_FAILS_CLIENT 30      /* per client, over all accounts */
#define AUTH_SPREAD_CLIENTS 5          /* other clients failing on an account: under attack */
#define AUTH_BACKOFF_BASE 2            /* seconds, doubling per failure */
#define AUTH_BACKOFF_MAX (15*60)
#define AUTH_THROTTLE_MEMORY (24*3600) /* failures older than this are forgotten */
#define AUTH_TRUSTED_DAYS 90
#define AUTH_TOKEN_DAYS 90             /* default life of an API token */
#define AUTH_TOKEN_DAYS_MAX 730
#define AUTH_RESET_SECONDS (30*60)     /* life of a password reset link */
#define AUTH_RESET_PER_ACCOUNT 3       /* links sent to one account an hour */
#define AUTH_RESET_PER_CLIENT 30       /* links asked for by one client address an hour */

enum auth_result { AUTH_OK, AUTH_BAD_CREDENTIALS, AUTH_THROTTLED, AUTH_BUSY, AUTH_ERROR };

/* Start-up: libsodium and the dummy hash for unknown e-mails. False if
** unusable. Until auth_hash_pool_start is called, passwords are hashed on
** the calling thread (the command line). */
bool auth_init(void);

/* Start nHashers hashing threads (at least 1, at most 8) that verify
** passwords for auth_sign_in, with at most nCapacity sign-ins (hashing or
** waiting, at least nHashers) in the queue at once; beyond that
** auth_sign_in answers AUTH_BUSY without waiting. False if the threads
** could not be started (then nothing changed). Call after auth_init,
** before serving, and not while a pool runs. */
bool auth_hash_pool_start(int nHashers, int nCapacity);
/* Stop the pool's threads and go back to hashing on the calling thread.
** No sign-in may be in progress. */
void auth_hash_pool_stop(void);
/* Sign-ins in the queue now (hashing or waiting), for monitoring. */
int auth_hash_pool_in_flight(void);
/* Verify zPassword against a stored argon2id hash, through the pool when
** it runs: AUTH_OK, AUTH_BAD_CREDENTIALS, or AUTH_BUSY when the queue is
** full. */
enum auth_result auth_password_verify(const char *zStoredHash, const char *zPassword);

/* Fill z with 2*nBytes hex characters of fresh randomness plus a NUL
** (nBytes at most 64; more is cut to 64). Never fails. */
void auth_random_hex(char *z, int nBytes);

/* Check an e-mail and password from the client at address zClient; on
** success create a session, write its token into zToken
** (AUTH_TOKEN_CHARS+1 bytes) and the user into *pUser. Every attempt that
** is checked is recorded for throttling; a refused one is not. On
** AUTH_THROTTLED and AUTH_BUSY *pnRetryAfter (if not NULL) is the number
** of seconds to wait before trying again (at least 1), else 0. */
enum auth_result auth_sign_in(struct db *, const char *zEmail, const char *zPassword,
                              const char *zClient, char *zToken, struct user *pUser,
                              int *pnRetryAfter);
/* Seconds the client at zClient must wait before it may try the password
** of zEmail again (0: now). Reads only; records nothing. */
int auth_throttle_wait(struct db *, const char *zEmail, const char *zClient);
/* The user of a live session token, and the session's CSRF token
** (AUTH_TOKEN_CHARS+1 bytes). False for an unknown or expired token. */
bool auth_session_user(struct db *, const char *zToken, struct user *pUser, char *zCsrf);
/* End a session (sign out). NULL or an unknown token: nothing to do. A
** database failure is not reported (the session then expires as usual). */
void auth_session_end(struct db *, const char *zToken);
/* End every session of user pUser (sign out everywhere), audited as the
** user's. False on a database error. */
bool auth_session_end_all(struct db *, const struct user *pUser);
/* The user of an API token that has not expired, of a user not
** disabled, into *pUser. False for NULL, a malformed, unknown, revoked or
** expired token, and on a database error. */
bool auth_token_user(struct db *, const char *zToken, struct user *pUser);
/* Create an API token for the user with that e-mail, valid for nDays days
** (1 to AUTH_TOKEN_DAYS_MAX); the token goes into zToken and its expiry
** (Unix seconds) into *pExpires. Audited. False with a message in zErr
** (nErr bytes). */
bool auth_token_create(struct db *, const char *zEmail, int nDays, char *zToken,
                       long long *pExpires, char *zErr, int nErr);
/* Revoke the API tokens of the user with that e-mail: all of them, or
** only zToken when it is not NULL (it must be one of theirs). The number
** revoked goes into *pnRevoked. Audited. False with a message in zErr. */
bool auth_token_revoke(struct db *, const char *zEmail, const char *zToken,
                       int *pnRevoked, char *zErr, int nErr);
/* Disable (bDisabled) or enable again the user with that e-mail.
** Disabling deletes their sessions, API tokens and calendar feed, so that
** enabling them again revives none of them. Audited. False with a
** message in zErr. */
bool auth_user_set_disabled(struct db *, const char *zEmail, bool bDisabled, char *zErr, int nErr);
/* Create a user (the command line and the demonstration data: no
** access check). The role must be one of access_parse_role's and the
** scope unit of its kind (access_role_scope_kind); the password
** AUTH_PASSWORD_MIN to 1024 bytes. False with a message saying what to fix
** in zErr (nErr bytes). */
bool auth_user_add(struct db *, const char *zEmail, const char *zName, const char *zRole,
                   const char *zScopeSlug, const char *zPassword, char *zErr, int nErr);
/* What is wrong with zPassword as a new password: NULL when nothing,
** else the catalogue key of a message saying so ("password.error_short":
** fewer than AUTH_PASSWORD_MIN characters, "password.error_long": more
** than AUTH_PASSWORD_MAX bytes). Every way of setting a password checks
** it. */
const char *auth_password_problem(const char *zPassword);

/* "Forgot your password?" from the client at zClient: when zEmail is an
** enabled user's address (any case) and circulation is on, a reset link
** is made and queued to them (urgent, kind "password_reset"), unless
** AUTH_RESET_PER_ACCOUNT were sent in the last hour. AUTH_OK whether or
** not anything was sent, so that the answer never tells; AUTH_THROTTLED
** (with *pnRetryAfter seconds) when the client has asked
** AUTH_RESET_PER_CLIENT times in the last hour; AUTH_ERROR on a database
** failure. The caller has checked that circulation is on. */
enum auth_result auth_reset_request(struct db *, const char *zEmail, const char *zClient,
                                    int *pnRetryAfter);
/* A reset link's token: valid (unused, unexpired, its user enabled),
** spent (used, expired, or its user disabled), or unknown (never made,
** or long gone; also a malformed token). */
enum auth_reset_state { AUTH_RESET_VALID, AUTH_RESET_SPENT, AUTH_RESET_UNKNOWN };
enum auth_reset_state auth_reset_check(struct db *, const char *zToken);
/* Set the password of the user of reset link zToken to zPassword (which
** auth_password_problem accepts), in one transaction: the link and every
** other of the user's links spent, every session of the user ended, the
** audit entry, and a message telling them (kind "password_changed").
** AUTH_OK; AUTH_BAD_CREDENTIALS when the link is not valid (any more);
** AUTH_BUSY when the hashing queue is full; AUTH_ERROR. */
enum auth_result auth_reset_password(struct db *, const char *zToken, const char *zPassword);
/* A signed-in user u changes their own password from zCurrent to zNew
** (which auth_password_problem accepts) from the client at zClient: the
** current password is checked through the hashing pool under the
** sign-in throttle (a wrong one counts as a failed sign-in of the account
** from that client), then in one transaction the new hash, every other
** session of theirs ended (not the one whose token is zSession), their
** reset links spent, the audit entry and a message telling them.
** AUTH_OK; AUTH_BAD_CREDENTIALS for a wrong current password;
** AUTH_THROTTLED with *pnRetryAfter; AUTH_BUSY; AUTH_ERROR. */
enum auth_result auth_password_change(struct db *, const struct user *u, const char *zSession,
                                      const char *zCurrent, const char *zNew, const char *zClient,
                                      int *pnRetryAfter);
/* Set the password of the user with that e-mail (the command line): the
** new hash, every session ended, reset links spent, audited. False with
** a message in zErr. */
bool auth_user_set_password(struct db *, const char *zEmail, const char *zPassword, char *zErr, int nErr);

/* Remember a signed-in user's choice of language (zLang "en" or "cy",
** checked by the caller). Not audited; a database failure is not
** reported (the cookie still holds the choice). */
void auth_set_lang(struct db *, long long userId, const char *zLang);

#endif
