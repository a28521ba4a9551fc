/*
** Commands for analysts that read standard input and write JSON, kept out
** of main.c so that the tests can run them on strings.
*/
#ifndef CC_CLI_H
#define CC_CLI_H
#include <stdbool.h>
#include <stdio.h>

/* carecluster stats xmr|run|proportion|rate|dsr|isr|funnel [options]:
** argv[0] is the subcommand. Reads pIn, writes JSON to pOut and messages
** to pErr. Returns the exit status (0 success, 1 bad input, 2 bad usage). */
int cli_stats(int argc, char **argv, FILE *pIn, FILE *pOut, FILE *pErr);

/* The indicator subcommands, proportion, rate, dsr, isr and funnel
** (src/cli/indicators.c), as cli_stats; whether zSub is one of them. */
bool cli_stats_is_indicator(const char *zSub);
int cli_stats_indicator(int argc, char **argv, FILE *pIn, FILE *pOut, FILE *pErr);

#endif
