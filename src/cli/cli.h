/*
** Commands for analysts that read standard input and write JSON, kept out
** of main.c so that the tests can run them on strings.
*/
#ifndef CC_CLI_H
#define CC_CLI_H
#include <stdio.h>

/* carecluster stats xmr|run [options]: argv[0] is "xmr" or "run". Reads
** pIn, writes JSON to pOut and messages to pErr. Returns the exit status
** (0 success, 1 bad input, 2 bad usage). */
int cli_stats(int argc, char **argv, FILE *pIn, FILE *pOut, FILE *pErr);

#endif
