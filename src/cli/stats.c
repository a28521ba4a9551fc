/* carecluster stats: placeholder until the statistics command lands. */
#include "cli/cli.h"
int cli_stats(int argc, char **argv, FILE *pIn, FILE *pOut, FILE *pErr){
  (void)argc; (void)argv; (void)pIn; (void)pOut;
  fprintf(pErr, "carecluster stats: not available in this build\n");
  return 2;
}
