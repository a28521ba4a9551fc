/*
** Money as whole pence: a signed 64-bit integer, never a floating point
** number, from the form or file that brings it to the page or file that
** shows it. Pure functions, no I/O.
*/
#ifndef CC_MONEY_H
#define CC_MONEY_H
#include <stdbool.h>
#include <stddef.h>

/* The largest amount accepted, in pence: £10,000,000,000,000.00 (ten
** trillion pounds), far above any cluster's money and far below overflow
** when millions of such amounts are added. */
#define MONEY_MAX_PENCE 1000000000000000LL

/* An amount as people and ledgers write it into *pPence: an optional
** sign ('-' before or after the pound sign, or the whole in brackets as
** accountants write credits), an optional '£', pounds with or without
** commas between groups of three digits, and an optional '.' with one or
** two digits of pence; spaces around are ignored. "1,234.5" is 123450,
** "(12.00)" and "-£12" are -1200. False for anything else, for more than
** two decimals, for misplaced commas and beyond MONEY_MAX_PENCE; *pPence
** is then untouched. */
bool money_parse(const char *z, long long *pPence);

/* pence as "£1,234.56" (a negative amount "−£1,234.56", with the minus
** sign U+2212) into zOut of n bytes (32 is always enough); returns zOut. */
char *money_format(long long pence, char *zOut, size_t n);

/* pence as a form shows it for editing: "1234.56" ("-12.00"), no pound
** sign and no commas, so money_parse reads it back the same. */
char *money_format_plain(long long pence, char *zOut, size_t n);

/* pence split evenly over n (> 0) parts into aOut[0..n): whole pence,
** the remainder going one penny at a time to the last parts, so that the
** parts add up exactly to pence. */
void money_split(long long pence, int n, long long *aOut);

#endif
