/*
** Small text helpers with no I/O: slugs, dates, validation of values
** that arrive from outside (forms, query strings, the command line).
*/
#ifndef CC_TEXT_H
#define CC_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* Write a URL-safe slug of zName (lower-case ASCII letters, digits and
** single hyphens; "&" becomes "and") into zOut of nOut bytes. Returns
** false if the slug would be empty or does not fit. */
bool text_slugify(const char *zName, char *zOut, size_t nOut);
/* True if z is a well-formed slug: [a-z0-9]+(-[a-z0-9]+)*, 1..80 bytes. */
bool text_is_slug(const char *z);
/* True if z is a calendar date YYYY-MM-DD that exists (leap years too). */
bool text_is_date(const char *z);
/* True if z looks like an e-mail address: one '@', something before it,
** a dot after it, no spaces or control bytes, at most 254 bytes. */
bool text_is_email(const char *z);
/* True if z is valid UTF-8 without control characters other than
** tab/CR/LF (when bMultiline). */
bool text_is_clean_utf8(const char *z, bool bMultiline);
/* Parse a decimal integer in [lo,hi] (an optional '-', then at most 18
** digits, nothing else) into *pOut. False for NULL, "" or any other text,
** *pOut then untouched. */
bool text_to_int(const char *z, long long lo, long long hi, long long *pOut);
/* Today's date in UTC as YYYY-MM-DD (zOut must hold 11 bytes). */
void text_today(char zOut[11]);
/* The current UTC time as YYYY-MM-DDTHH:MM:SSZ (zOut holds 21 bytes). */
void text_now(char zOut[21]);
/* The local time in Wales now, 'YYYY-MM-DDTHH:MM' (zOut holds 17 bytes).
** main() sets TZ=Europe/London at start-up. */
void text_local_now(char zOut[17]);
/* True if z is a time of day HH:MM (00:00 to 23:59). */
bool text_is_time(const char *z);
/* Trim leading and trailing ASCII whitespace in place; returns z. */
char *text_trim(char *z);
/* True if z is NULL or only spaces, tabs, CRs and LFs. */
bool text_blank(const char *z);
/* Characters (code points) of UTF-8 text z (continuation bytes are not
** counted; z is not checked). */
size_t text_utf8_chars(const char *z);
/* Copy z (NULL: "") into zOut of n (> 0) bytes; a text too long is cut at a
** UTF-8 character boundary. (snprintf costs several times more, on every
** cell of a page.) */
void text_copy(char *zOut, size_t n, const char *z);
/* v with nDec (>= 0) decimals ("%.*f") into zOut of n (> 0) bytes, cut
** to fit, without the minus sign of a value that rounds to zero ("-0.0"
** is "0.0"). */
void text_fixed(char *zOut, size_t n, double v, int nDec);
/* The decimal digits of u into zOut (at least 21 bytes), NUL-ended;
** returns how many. Without printf: for numbers written by the thousand. */
size_t text_digits(char *zOut, unsigned long long u);

#endif
