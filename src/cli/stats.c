/*
** carecluster stats xmr|run: a stable command for analysts (proportion,
** rate, dsr, isr and funnel are src/cli/indicators.c). Reads values
** from standard input, one a line, or CSV with a "date,value" header;
** writes JSON (src/cli/cli.h). The statistics are src/stats/stats.h.
**
** Input:
**   - one number a line (optionally after a header line "value"), or CSV
**     whose first line is "date,value" and every other line DATE,NUMBER
**     (fields may be in double quotes; DATE is any text up to 64 bytes);
**   - a number is decimal with a full stop ("12.5", "-3", "1e3");
**     "NA" (or an empty CSV value) is a missing value;
**   - a UTF-8 byte order mark, CRLF line ends, spaces around a value and
**     blank lines at the end are fine; a blank line before the last
**     value is an error (write NA for a missing value).
** A bad line exits 1 with "line N: ..." on standard error naming what is
** wrong and how to fix it; bad options exit 2 with the usage.
**
** Output numbers are the shortest of %.15g, %.16g, %.17g that reads
** back as the same double (so 0.1 prints as 0.1 and nothing is lost);
** a number that does not exist (NaN: no limits, a missing value) is null.
*/
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/input.h"
#include "stats/stats.h"
#include "util/buf.h"
#include "util/json.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STATS_DATE_MAX 64

struct series {
  double *aValue;
  char **azDate;        /* NULL without a date column */
  size_t n, nAlloc;
  bool bDates;
};

static void series_free(struct series *s){
  if( s->azDate ){
    for(size_t i=0; i<s->n; i++) free(s->azDate[i]);
  }
  free(s->azDate);
  free(s->aValue);
  memset(s, 0, sizeof *s);
}
static void series_add(struct series *s, double v, const char *zDate){
  if( s->n==s->nAlloc ){
    s->nAlloc = s->nAlloc ? 2*s->nAlloc : 256;
    s->aValue = xrealloc(s->aValue, s->nAlloc*sizeof(double));
    if( s->bDates ) s->azDate = xrealloc(s->azDate, s->nAlloc*sizeof(char*));
  }
  s->aValue[s->n] = v;
  if( s->bDates ) s->azDate[s->n] = xstrdup(zDate ? zDate : "");
  s->n++;
}

/* Parse standard input into s. Returns 0, or 1 after a message. */
static int read_series(FILE *pIn, FILE *pErr, struct series *s){
  struct buf b = {0};
  if( !cli_read_all(pIn, &b) ){
    fprintf(pErr, "carecluster stats: the input holds a NUL byte — give plain text, one number a line\n");
    buf_free(&b);
    return 1;
  }
  char *z = b.z ? b.z : (char*)"";
  if( (unsigned char)z[0]==0xEF && (unsigned char)z[1]==0xBB && (unsigned char)z[2]==0xBF ) z += 3;
  int line = 0;
  int lastValueLine = 0, firstBlankLine = 0;
  bool bFirst = true;
  int rc = 0;
  while( *z ){
    char *zEnd = strchr(z, '\n');
    char *zNext = zEnd ? zEnd+1 : z+strlen(z);
    if( zEnd ) *zEnd = 0;
    size_t len = strlen(z);
    if( len>0 && z[len-1]=='\r' ) z[len-1] = 0;
    line++;
    char *zLine = cli_trim(z);
    z = zNext;
    if( zLine[0]==0 ){
      if( !firstBlankLine ) firstBlankLine = line;
      if( bFirst ) bFirst = false;   /* a blank first line: no header */
      continue;
    }
    if( firstBlankLine ){
      fprintf(pErr, "carecluster stats: line %d is blank — write NA for a missing value, or remove the line\n",
              firstBlankLine);
      rc = 1;
      break;
    }
    if( bFirst ){
      bFirst = false;
      char *zComma = strchr(zLine, ',');
      if( zComma ){
        char zHead[64];
        size_t nHead = strlen(zLine);
        if( nHead<sizeof zHead ){
          memcpy(zHead, zLine, nHead+1);
          char *zC = strchr(zHead, ',');
          *zC = 0;
          char *zA = cli_unquote(cli_trim(zHead)), *zB = cli_unquote(cli_trim(zC+1));
          if( strcasecmp(zA, "date")==0 && strcasecmp(zB, "value")==0 ){
            s->bDates = true;
            continue;
          }
        }
        if( isalpha((unsigned char)zLine[0]) || zLine[0]=='"' ){
          fprintf(pErr, "carecluster stats: line 1: ");
          cli_quote_line(pErr, zLine);
          fprintf(pErr, " is not a header this command knows — the CSV header is date,value\n");
          rc = 1;
          break;
        }
      }else if( strcasecmp(cli_unquote(zLine), "value")==0 ){
        continue;
      }
    }
    double v;
    const char *zWhy;
    if( s->bDates ){
      char *zComma = strchr(zLine, ',');
      if( !zComma ){
        fprintf(pErr, "carecluster stats: line %d: ", line);
        cli_quote_line(pErr, zLine);
        fprintf(pErr, " has no comma — each line after the header is date,value\n");
        rc = 1;
        break;
      }
      *zComma = 0;
      char *zDate = cli_unquote(cli_trim(zLine));
      char *zVal = cli_unquote(cli_trim(zComma+1));
      if( strchr(zVal, ',') ){
        fprintf(pErr, "carecluster stats: line %d: ", line);
        cli_quote_line(pErr, zVal);
        fprintf(pErr, " is not a number — a line has two fields, date,value; use a full stop for decimals\n");
        rc = 1;
        break;
      }
      if( zDate[0]==0 || strlen(zDate)>STATS_DATE_MAX ){
        fprintf(pErr, "carecluster stats: line %d: the date is %s — give a date (such as 2024-04-01) of at most %d characters\n",
                line, zDate[0] ? "too long" : "empty", STATS_DATE_MAX);
        rc = 1;
        break;
      }
      bool bCtl = false;
      for(const unsigned char *q=(const unsigned char*)zDate; *q; q++) if( *q<0x20 || *q==0x7f ) bCtl = true;
      if( bCtl ){
        fprintf(pErr, "carecluster stats: line %d: the date holds a control character — give plain text such as 2024-04-01\n", line);
        rc = 1;
        break;
      }
      if( cli_parse_number(zVal, true, &v, &zWhy)<0 ){
        fprintf(pErr, "carecluster stats: line %d: ", line);
        cli_quote_line(pErr, zVal);
        fprintf(pErr, " %s\n", zWhy);
        rc = 1;
        break;
      }
      series_add(s, v, zDate);
    }else{
      if( cli_parse_number(cli_unquote(zLine), false, &v, &zWhy)<0 ){
        fprintf(pErr, "carecluster stats: line %d: ", line);
        cli_quote_line(pErr, zLine);
        fprintf(pErr, " %s\n", zWhy);
        rc = 1;
        break;
      }
      series_add(s, v, NULL);
    }
    lastValueLine = line;
  }
  buf_free(&b);
  if( rc==0 && s->n==0 ){
    fprintf(pErr, "carecluster stats: no values on standard input — give one number a line, "
                  "or CSV with the header date,value\n");
    rc = 1;
  }
  (void)lastValueLine;
  return rc;
}

static int stats_usage(FILE *pErr, const char *zWhy){
  if( zWhy ) fprintf(pErr, "carecluster stats: %s\n", zWhy);
  fprintf(pErr,
    "usage:\n"
    "  carecluster stats xmr [--direction increase|decrease|neutral] [--no-screen] [--target T]\n"
    "  carecluster stats run\n"
    "  carecluster stats proportion [--level 95|99.8] [--per N]   (CSV numerator,denominator)\n"
    "  carecluster stats rate [--level 95|99.8] [--per N]         (CSV count,population)\n"
    "  carecluster stats dsr [--level 95|99.8] [--per N]          (CSV count,population: 19 age bands)\n"
    "  carecluster stats isr [--level 95|99.8]                    (CSV count,population,ref_count,ref_population)\n"
    "  carecluster stats funnel [--level 95|99.8] [--per N]       (CSV area,numerator,denominator)\n"
    "xmr and run: one number a line, or CSV with the header date,value, on standard input;\n"
    "the others: CSV with a header naming those columns.\n");
  return 2;
}

static const char *direction_code(enum spc_direction d){
  return d==SPC_DECREASE ? "decrease" : (d==SPC_NEUTRAL ? "neutral" : "increase");
}

/* The options of each command (see cli/args.h): anything else is a
** usage error that names it. */
static const struct cli_option aXmrOpt[] = {
  { "--direction", "increase|decrease|neutral", 0 },
  { "--no-screen", 0, 0 },
  { "--target", "T", 0 },
  { 0, 0, 0 } };
static const struct cli_command xmrCommand = { "stats xmr",
  "carecluster stats xmr [--direction increase|decrease|neutral] [--no-screen] [--target T]   (values on standard input)",
  aXmrOpt };
static const struct cli_option aRunOpt[] = { { 0, 0, 0 } };
static const struct cli_command runCommand = { "stats run",
  "carecluster stats run   (values on standard input)", aRunOpt };

static int cmd_xmr(int argc, char **argv, FILE *pIn, FILE *pOut, FILE *pErr){
  struct spc_options o;
  spc_options_default(&o);
  int rc = cli_args_check(&xmrCommand, argc-1, argv+1, pErr);
  if( rc ) return rc;
  if( cli_flag(argc-1, argv+1, "--no-screen") ) o.bScreenOutliers = false;
  const char *d = cli_value(argc-1, argv+1, "--direction");
  if( d ){
    if( strcmp(d, "increase")==0 ) o.direction = SPC_INCREASE;
    else if( strcmp(d, "decrease")==0 ) o.direction = SPC_DECREASE;
    else if( strcmp(d, "neutral")==0 ) o.direction = SPC_NEUTRAL;
    else return stats_usage(pErr, "--direction is increase, decrease or neutral");
  }
  const char *zTarget = cli_value(argc-1, argv+1, "--target");
  if( zTarget ){
    double t;
    const char *zWhy;
    if( cli_parse_number(zTarget, false, &t, &zWhy)!=1 ){
      return stats_usage(pErr, "--target needs a number with a full stop for decimals, such as --target 92.5");
    }
    o.bHasTarget = true;
    o.target = t;
  }
  struct series s = {0};
  if( read_series(pIn, pErr, &s) ){ series_free(&s); return 1; }
  size_t n = s.n;
  struct spc_point *aOut = xmalloc(n*sizeof *aOut);
  struct spc_segment seg;
  double *aScratch = xmalloc(2*n*sizeof(double));
  int nSeg = spc_compute(s.aValue, NULL, n, &o, aOut, &seg, aScratch);
  free(aScratch);
  if( nSeg!=1 ){
    fprintf(pErr, "carecluster stats: the chart could not be computed\n");
    free(aOut);
    series_free(&s);
    return 1;
  }
  struct buf b = {0};
  bool bF = true;
  buf_putc(&b, '{');
  json_kv_str(&b, &bF, "chart", "xmr");
  json_kv_str(&b, &bF, "direction", direction_code(o.direction));
  json_kv_bool(&b, &bF, "screen_outliers", o.bScreenOutliers);
  json_kv_int(&b, &bF, "n", (long long)n);
  json_kv_int(&b, &bF, "n_used", (long long)seg.nUsed);
  json_kv_double(&b, &bF, "mean", seg.centre);
  json_kv_double(&b, &bF, "lower", seg.lower);
  json_kv_double(&b, &bF, "upper", seg.upper);
  json_kv_double(&b, &bF, "mean_moving_range", seg.meanMovingRange);
  if( o.bHasTarget ){
    json_kv_double(&b, &bF, "target", o.target);
    json_kv_str(&b, &bF, "assurance", spc_assurance_code(seg.assurance));
  }
  enum spc_type tNow;
  size_t iSince;
  if( spc_current_signal(aOut, n, &tNow, &iSince) ){
    json_key(&b, &bF, "current");
    bool bC = true;
    buf_putc(&b, '{');
    json_kv_str(&b, &bC, "type", spc_type_code(tNow));
    json_kv_int(&b, &bC, "since_index", (long long)iSince);
    if( s.bDates ) json_kv_str(&b, &bC, "since_date", s.azDate[iSince]);
    buf_putc(&b, '}');
  }
  json_key(&b, &bF, "points");
  buf_putc(&b, '[');
  for(size_t i=0; i<n; i++){
    if( i ) buf_putc(&b, ',');
    bool bP = true;
    buf_putc(&b, '{');
    if( s.bDates ) json_kv_str(&b, &bP, "date", s.azDate[i]);
    json_kv_double(&b, &bP, "value", aOut[i].value);
    json_kv_str(&b, &bP, "type", spc_type_code(aOut[i].type));
    json_kv_str(&b, &bP, "rule", spc_rule_code(aOut[i].rule));
    buf_putc(&b, '}');
  }
  buf_puts(&b, "]}\n");
  fwrite(b.z, 1, b.n, pOut);
  buf_free(&b);
  free(aOut);
  series_free(&s);
  return 0;
}

static int cmd_run(int argc, char **argv, FILE *pIn, FILE *pOut, FILE *pErr){
  int rc = cli_args_check(&runCommand, argc-1, argv+1, pErr);
  if( rc ) return rc;
  struct series s = {0};
  if( read_series(pIn, pErr, &s) ){ series_free(&s); return 1; }
  double *aScratch = xmalloc(s.n*sizeof(double));
  struct run_result r;
  run_analyse(s.aValue, s.n, 0, &r, NULL, aScratch);
  free(aScratch);
  struct buf b = {0};
  bool bF = true;
  buf_putc(&b, '{');
  json_kv_str(&b, &bF, "chart", "run");
  json_kv_int(&b, &bF, "n", (long long)s.n);
  json_kv_double(&b, &bF, "median", r.median);
  json_kv_int(&b, &bF, "n_useful", (long long)r.nUseful);
  json_kv_int(&b, &bF, "longest_run", (long long)r.longestRun);
  json_kv_int(&b, &bF, "longest_run_max", (long long)r.longestRunMax);
  json_kv_int(&b, &bF, "crossings", (long long)r.crossings);
  json_kv_int(&b, &bF, "crossings_min", (long long)r.crossingsMin);
  json_kv_bool(&b, &bF, "runs_signal", r.bRunsSignal);
  json_kv_bool(&b, &bF, "crossings_signal", r.bCrossingsSignal);
  json_kv_bool(&b, &bF, "signal", r.bSignal);
  json_kv_bool(&b, &bF, "shift", r.bShift);
  json_kv_bool(&b, &bF, "trend", r.bTrend);
  buf_puts(&b, "}\n");
  fwrite(b.z, 1, b.n, pOut);
  buf_free(&b);
  series_free(&s);
  return 0;
}

int cli_stats(int argc, char **argv, FILE *pIn, FILE *pOut, FILE *pErr){
  if( argc<1 || !argv[0] ) return stats_usage(pErr, "say xmr, run, proportion, rate, dsr, isr or funnel");
  if( strcmp(argv[0], "xmr")==0 ) return cmd_xmr(argc, argv, pIn, pOut, pErr);
  if( strcmp(argv[0], "run")==0 ) return cmd_run(argc, argv, pIn, pOut, pErr);
  if( cli_stats_is_indicator(argv[0]) ) return cli_stats_indicator(argc, argv, pIn, pOut, pErr);
  fprintf(pErr, "carecluster stats: unknown subcommand \"%s\"\n", argv[0]);
  return stats_usage(pErr, NULL);
}
