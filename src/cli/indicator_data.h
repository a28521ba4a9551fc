/*
** carecluster indicators import|catalogue: population-health indicator
** values into a database from a CSV file, and the catalogue listed
** (src/cli/indicator_data.c; the domain: src/domain/indicator.h).
*/
#ifndef CC_CLI_INDICATOR_DATA_H
#define CC_CLI_INDICATOR_DATA_H

/* Both take main()'s whole argv, already checked against the command's
** options (cli_args_check), and return the exit status. */
int cli_indicators_import(int argc, char **argv);
int cli_indicators_catalogue(int argc, char **argv);

#endif
