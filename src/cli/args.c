/* The command line's options, declared once per command (see args.h). */
#include "cli/args.h"
#include <string.h>

static const struct cli_option *find(const struct cli_command *c, const char *z){
  for(const struct cli_option *o=c->aOpt; o && o->zName; o++){
    if( strcmp(o->zName, z)==0 ) return o;
  }
  return 0;
}

int cli_usage(const struct cli_command *c, FILE *pErr){
  fprintf(pErr, "usage:\n");
  const char *z = c->zUsage;
  while( *z ){
    size_t n = strcspn(z, "\n");
    fprintf(pErr, "  %.*s\n", (int)n, z);
    z += n;
    if( *z ) z++;
  }
  return 2;
}

/* An argument as a message shows it: an empty one as "". */
static const char *shown(const char *z){ return *z ? z : "\"\""; }

int cli_args_check(const struct cli_command *c, int argc, char **argv, FILE *pErr){
  int nOpt = 0;
  for(const struct cli_option *o=c->aOpt; o && o->zName; o++) nOpt++;
  bool abSeen[32] = {0};
  if( nOpt>32 ){ fprintf(pErr, "carecluster %s: too many options declared\n", c->zName); return 2; }
  for(int i=0; i<argc; i++){
    const char *a = argv[i];
    const struct cli_option *o = find(c, a);
    if( !o ){
      if( a[0]=='-' && a[1]!=0 ){
        fprintf(pErr, "carecluster %s: unknown option %s\n", c->zName, a);
      }else{
        fprintf(pErr, "carecluster %s: unexpected argument %s\n", c->zName, shown(a));
      }
      return cli_usage(c, pErr);
    }
    int k = (int)(o - c->aOpt);
    if( abSeen[k] ){
      fprintf(pErr, "carecluster %s: %s is given twice\n", c->zName, a);
      return cli_usage(c, pErr);
    }
    abSeen[k] = true;
    if( o->zValue ){
      if( i+1>=argc || strncmp(argv[i+1], "--", 2)==0 ){
        fprintf(pErr, "carecluster %s: %s needs a value: %s %s\n", c->zName, a, a, o->zValue);
        return cli_usage(c, pErr);
      }
      i++;
    }
  }
  for(int k=0; k<nOpt; k++){
    const struct cli_option *o = &c->aOpt[k];
    if( o->zRequired && !abSeen[k] ){
      fprintf(pErr, "carecluster %s: give %s with %s%s%s\n", c->zName, o->zRequired, o->zName,
              o->zValue ? " " : "", o->zValue ? o->zValue : "");
      return cli_usage(c, pErr);
    }
  }
  return 0;
}

const char *cli_value(int argc, char **argv, const char *zName){
  for(int i=0; i+1<argc; i++) if( strcmp(argv[i], zName)==0 ) return argv[i+1];
  return 0;
}

bool cli_flag(int argc, char **argv, const char *zName){
  for(int i=0; i<argc; i++) if( strcmp(argv[i], zName)==0 ) return true;
  return false;
}
