/*
** The command line's options, declared once per command: what each
** command accepts, which options take a value and which are required.
** Anything else (an unknown option, an option without its value, an
** option given twice, a stray argument) is a usage error that names it.
*/
#ifndef CC_CLI_ARGS_H
#define CC_CLI_ARGS_H
#include <stdbool.h>
#include <stdio.h>

struct cli_option {
  const char *zName;      /* "--db" */
  const char *zValue;     /* what its value is ("FILE"), or NULL for a flag */
  const char *zRequired;  /* for a required option, what it gives ("the database"); else NULL */
};

struct cli_command {
  const char *zName;      /* "serve", "user add", "stats xmr" */
  const char *zUsage;     /* one or more lines of synopsis, each "carecluster ..." */
  const struct cli_option *aOpt;   /* ends with an entry whose zName is NULL */
};

/* Check argv[0..argc) (the words after the command's name) against c.
** Returns 0 when every argument is one of c's options, each option that
** takes a value has one (not starting with "--"), none is given twice,
** and every required option is there. Otherwise writes one line naming
** the first problem, "carecluster serve: unknown option --bogus", then
** c's usage, to pErr and returns 2 (the exit status for a usage error). */
int cli_args_check(const struct cli_command *c, int argc, char **argv, FILE *pErr);

/* Write "usage:" and c's synopsis to pErr; returns 2. */
int cli_usage(const struct cli_command *c, FILE *pErr);

/* In an argv that cli_args_check accepted: the value of option zName, or
** NULL when it is not given; whether flag zName is given. */
const char *cli_value(int argc, char **argv, const char *zName);
bool cli_flag(int argc, char **argv, const char *zName);

#endif
