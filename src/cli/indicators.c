/*
** carecluster stats proportion|rate|dsr|isr|funnel: population-health
** indicators and their confidence intervals as Fingertips computes them
** (src/stats/indicators.h), a stable command for analysts. Each reads CSV
** with a header on standard input and writes one line of JSON.
**
** Input:
**   - the first line is a header naming the command's columns, in any
**     order, in any case, each once; other columns (an area's name, an
**     age band) may be there and are not read, except that dsr checks an
**     age_band column against the standard population's bands;
**   - every other line has as many fields as the header; a field may be
**     in double quotes ("" for a quote inside, commas kept);
**   - numbers as stats xmr reads them (src/cli/input.c); proportion and
**     rate take NA for a row that cannot be computed (its row in the
**     output is null), the others need every number;
**   - a UTF-8 byte order mark, CRLF line ends, spaces around a field and
**     blank lines at the end are fine; a blank line before the last row
**     is an error.
** A bad line exits 1 with "line N: ..." on standard error naming the
** column and what to write instead; a bad option exits 2 with the usage.
*/
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/input.h"
#include "domain/esp2013.h"
#include "stats/indicators.h"
#include "util/buf.h"
#include "util/json.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define IND_MAX_COLS 64        /* fields a line may have */
#define IND_AREA_MAX 200       /* bytes of an area's name */

enum kind { K_PROPORTION, K_RATE, K_DSR, K_ISR, K_FUNNEL };

/* A column the command reads: its header name, and what a message calls it. */
struct column {
  const char *zName;
  const char *zWhat;
};

struct spec {
  const char *zName;            /* "proportion" */
  enum kind kind;
  const struct column *aCol;    /* the columns read, in the order of the arrays below */
  int nCol;
  bool bNaRows;                 /* NA makes a null row rather than an error */
  double perDefault;            /* 0: no --per */
  const struct cli_command *pCmd;
};

/* The rows read: nCol numbers a row (a text column holds NaN), and the
** area's name for the funnel. */
struct table {
  double *a;                    /* n rows x nCol */
  char **azArea;
  size_t n, nAlloc;
  int nCol;
};

static void table_free(struct table *t){
  if( t->azArea ){
    for(size_t i=0; i<t->n; i++) free(t->azArea[i]);
  }
  free(t->azArea);
  free(t->a);
  memset(t, 0, sizeof *t);
}

static double *table_add(struct table *t, bool bArea){
  if( t->n==t->nAlloc ){
    t->nAlloc = t->nAlloc ? 2*t->nAlloc : 64;
    t->a = xrealloc(t->a, t->nAlloc*(size_t)t->nCol*sizeof(double));
    if( bArea ) t->azArea = xrealloc(t->azArea, t->nAlloc*sizeof(char*));
  }
  if( bArea ) t->azArea[t->n] = NULL;
  return &t->a[(t->n++)*(size_t)t->nCol];
}

/* ---- the commands' columns and options -------------------------------- */

static const struct column aPropCol[] = {
  { "numerator", "the numerator" }, { "denominator", "the denominator" } };
static const struct column aRateCol[] = {
  { "count", "the count" }, { "population", "the population" } };
static const struct column aIsrCol[] = {
  { "count", "the count" }, { "population", "the population" },
  { "ref_count", "the reference count" }, { "ref_population", "the reference population" } };
static const struct column aFunnelCol[] = {
  { "area", "the area" }, { "numerator", "the numerator" }, { "denominator", "the denominator" } };

static const struct cli_option aPerOpt[] = {
  { "--level", "95|99.8", 0 },
  { "--per", "N", 0 },
  { 0, 0, 0 } };
static const struct cli_option aLevelOpt[] = {
  { "--level", "95|99.8", 0 },
  { 0, 0, 0 } };

static const struct cli_command propCommand = { "stats proportion",
  "carecluster stats proportion [--level 95|99.8] [--per N]   (CSV numerator,denominator on standard input)",
  aPerOpt };
static const struct cli_command rateCommand = { "stats rate",
  "carecluster stats rate [--level 95|99.8] [--per N]   (CSV count,population on standard input)",
  aPerOpt };
static const struct cli_command dsrCommand = { "stats dsr",
  "carecluster stats dsr [--level 95|99.8] [--per N]   (CSV count,population: 19 age bands, 0-4 ... 90+)",
  aPerOpt };
static const struct cli_command isrCommand = { "stats isr",
  "carecluster stats isr [--level 95|99.8]   (CSV count,population,ref_count,ref_population by age band)",
  aLevelOpt };
static const struct cli_command funnelCommand = { "stats funnel",
  "carecluster stats funnel [--level 95|99.8] [--per N]   (CSV area,numerator,denominator on standard input)",
  aPerOpt };

static const struct spec aSpec[] = {
  { "proportion", K_PROPORTION, aPropCol, 2, true, 1.0, &propCommand },
  { "rate", K_RATE, aRateCol, 2, true, 100000.0, &rateCommand },
  { "dsr", K_DSR, aRateCol, 2, false, 100000.0, &dsrCommand },
  { "isr", K_ISR, aIsrCol, 4, false, 0.0, &isrCommand },
  { "funnel", K_FUNNEL, aFunnelCol, 3, false, 1.0, &funnelCommand },
};

static const struct spec *spec_find(const char *z){
  for(size_t i=0; i<sizeof aSpec/sizeof aSpec[0]; i++){
    if( strcmp(aSpec[i].zName, z)==0 ) return &aSpec[i];
  }
  return NULL;
}

bool cli_stats_is_indicator(const char *zSub){
  return zSub && spec_find(zSub)!=NULL;
}

/* ---- reading ----------------------------------------------------------- */

static void header_list(FILE *pErr, const struct spec *s){
  for(int i=0; i<s->nCol; i++) fprintf(pErr, "%s%s", i ? "," : "", s->aCol[i].zName);
}

/* Check one row's numbers (NaN where NA was allowed). Returns NULL, or
** what is wrong with the column *piCol. */
static const char *row_check(const struct spec *s, const double *v, int *piCol){
  switch( s->kind ){
    case K_PROPORTION:
    case K_FUNNEL: {
      int iNum = s->kind==K_FUNNEL ? 1 : 0, iDen = iNum + 1;
      if( v[iNum]<0 ){ *piCol = iNum; return "is negative — a numerator is 0 or more"; }
      if( v[iDen]<=0 ){ *piCol = iDen; return "is not more than 0 — a denominator must be more than 0"; }
      if( v[iNum]>v[iDen] ){
        *piCol = iNum;
        return "is more than the denominator — a proportion's numerator cannot exceed its denominator";
      }
      return NULL;
    }
    case K_RATE:
    case K_DSR:
      if( v[0]<0 ){ *piCol = 0; return "is negative — a count is 0 or more"; }
      if( v[1]<=0 ){ *piCol = 1; return "is not more than 0 — a population must be more than 0"; }
      return NULL;
    case K_ISR:
      if( v[0]<0 ){ *piCol = 0; return "is negative — a count is 0 or more"; }
      if( v[1]<0 ){ *piCol = 1; return "is negative — a population is 0 or more"; }
      if( v[2]<0 ){ *piCol = 2; return "is negative — a count is 0 or more"; }
      if( v[3]<=0 ){ *piCol = 3; return "is not more than 0 — a reference population must be more than 0"; }
      return NULL;
  }
  return NULL;
}

/* Read standard input into t. For dsr, *pEsp gives the bands an age_band
** column is checked against. Returns 0, or 1 after a message. */
static int read_table(const struct spec *s, const struct esp2013 *pEsp, FILE *pIn, FILE *pErr,
                      struct table *t){
  const char *zCmd = s->zName;
  bool bArea = s->kind==K_FUNNEL;
  t->nCol = s->nCol;
  struct buf b = {0};
  if( !cli_read_all(pIn, &b) ){
    fprintf(pErr, "carecluster stats %s: the input holds a NUL byte — give CSV text with the header ", zCmd);
    header_list(pErr, s);
    fputc('\n', pErr);
    buf_free(&b);
    return 1;
  }
  char *z = b.z ? b.z : (char*)"";
  if( (unsigned char)z[0]==0xEF && (unsigned char)z[1]==0xBB && (unsigned char)z[2]==0xBF ) z += 3;
  int aiField[8];               /* the field of each column */
  int iBand = -1;               /* dsr: the field of an age_band column */
  int nField = 0;               /* fields in the header */
  int line = 0, firstBlank = 0;
  int rc = 0;
  char *azF[IND_MAX_COLS];
  while( *z && rc==0 ){
    char *zEnd = strchr(z, '\n');
    char *zNext = zEnd ? zEnd+1 : z+strlen(z);
    if( zEnd ) *zEnd = 0;
    size_t len = strlen(z);
    if( len>0 && z[len-1]=='\r' ) z[len-1] = 0;
    line++;
    char *zLine = cli_trim(z);
    z = zNext;
    if( zLine[0]==0 ){
      if( line==1 ){
        fprintf(pErr, "carecluster stats %s: line 1 is blank — the first line is the header ", zCmd);
        header_list(pErr, s);
        fputc('\n', pErr);
        rc = 1;
      }else if( !firstBlank ){
        firstBlank = line;
      }
      continue;
    }
    if( firstBlank ){
      fprintf(pErr, "carecluster stats %s: line %d is blank — remove it (blank lines may only end the input)\n",
              zCmd, firstBlank);
      rc = 1;
      break;
    }
    int n = cli_csv_fields(zLine, azF, IND_MAX_COLS);
    if( n<0 ){
      fprintf(pErr, "carecluster stats %s: line %d is not CSV that can be read — close each quoted field "
                    "with a double quote right before the comma, and give at most %d fields\n",
              zCmd, line, IND_MAX_COLS);
      rc = 1;
      break;
    }
    if( line==1 ){
      nField = n;
      for(int c=0; c<s->nCol; c++) aiField[c] = -1;
      for(int i=0; i<n; i++){
        for(int c=0; c<s->nCol; c++){
          if( strcasecmp(azF[i], s->aCol[c].zName)!=0 ) continue;
          if( aiField[c]>=0 ){
            fprintf(pErr, "carecluster stats %s: line 1: the column %s is named twice — name each column once\n",
                    zCmd, s->aCol[c].zName);
            rc = 1;
          }
          aiField[c] = i;
        }
        if( s->kind==K_DSR && strcasecmp(azF[i], "age_band")==0 ) iBand = i;
      }
      for(int c=0; c<s->nCol && rc==0; c++){
        if( aiField[c]<0 ){
          fprintf(pErr, "carecluster stats %s: line 1: ", zCmd);
          cli_quote_line(pErr, zLine);
          fprintf(pErr, " has no column %s — the header is ", s->aCol[c].zName);
          header_list(pErr, s);
          fprintf(pErr, " (other columns may follow and are not read)\n");
          rc = 1;
        }
      }
      continue;
    }
    if( n!=nField ){
      fprintf(pErr, "carecluster stats %s: line %d has %d field%s where the header has %d — "
                    "put a value in every column (quote a text with a comma in it)\n",
              zCmd, line, n, n==1 ? "" : "s", nField);
      rc = 1;
      break;
    }
    double *v = table_add(t, bArea);
    bool bNa = false;
    for(int c=0; c<s->nCol; c++){
      const char *zF = azF[aiField[c]];
      if( bArea && c==0 ){
        size_t nA = strlen(zF);
        bool bCtl = false;
        for(const unsigned char *q=(const unsigned char*)zF; *q; q++) if( *q<0x20 || *q==0x7f ) bCtl = true;
        if( nA==0 || nA>IND_AREA_MAX || bCtl ){
          fprintf(pErr, "carecluster stats %s: line %d: the area is %s — give its name or code in plain text "
                        "of at most %d bytes\n", zCmd, line,
                  nA==0 ? "empty" : (bCtl ? "not plain text" : "too long"), IND_AREA_MAX);
          rc = 1;
          break;
        }
        t->azArea[t->n-1] = xstrdup(zF);
        v[c] = NAN;
        continue;
      }
      const char *zWhy;
      int k = cli_parse_number(zF, false, &v[c], &zWhy);
      if( k==0 && !s->bNaRows ){
        fprintf(pErr, "carecluster stats %s: line %d: %s is missing (%s) — this command needs every number; "
                      "write 0 for none\n", zCmd, line, s->aCol[c].zWhat, zF[0] ? zF : "empty");
        rc = 1;
        break;
      }
      if( k<0 ){
        /* The reader's advice offers NA, which only some commands take. */
        const char *zNa = s->bNaRows ? NULL : strstr(zWhy, ", or NA for a missing value");
        fprintf(pErr, "carecluster stats %s: line %d: %s ", zCmd, line, s->aCol[c].zWhat);
        cli_quote_line(pErr, zF);
        fprintf(pErr, " %.*s\n", zNa ? (int)(zNa - zWhy) : (int)strlen(zWhy), zWhy);
        rc = 1;
        break;
      }
      if( k==0 ) bNa = true;
    }
    if( rc ) break;
    if( !bNa ){
      int iCol = 0;
      const char *zWhy = row_check(s, v, &iCol);
      if( zWhy ){
        fprintf(pErr, "carecluster stats %s: line %d: %s ", zCmd, line, s->aCol[iCol].zWhat);
        cli_quote_line(pErr, azF[aiField[iCol]]);
        fprintf(pErr, " %s\n", zWhy);
        rc = 1;
        break;
      }
    }else{
      /* A row with NA is computed as missing: its other numbers are still
      ** checked where they are given. */
      for(int c=0; c<s->nCol; c++){
        if( isnan(v[c]) ) continue;
        if( v[c]<0 ){
          fprintf(pErr, "carecluster stats %s: line %d: %s ", zCmd, line, s->aCol[c].zWhat);
          cli_quote_line(pErr, azF[aiField[c]]);
          fprintf(pErr, " is negative — give 0 or more\n");
          rc = 1;
          break;
        }
      }
      if( rc ) break;
    }
    if( s->kind==K_DSR ){
      size_t iRow = t->n - 1;
      if( iRow>=ESP2013_BANDS ){
        fprintf(pErr, "carecluster stats %s: line %d: more than %d age bands — give one row for each band "
                      "of the 2013 European Standard Population, 0-4 to 90+\n", zCmd, line, ESP2013_BANDS);
        rc = 1;
        break;
      }
      if( iBand>=0 && strcmp(azF[iBand], pEsp->azBand[iRow])!=0 ){
        fprintf(pErr, "carecluster stats %s: line %d: the age band ", zCmd, line);
        cli_quote_line(pErr, azF[iBand]);
        fprintf(pErr, " is not the band expected here, %s — give the 19 bands in order, 0-4, 5-9, ... 85-89, 90+\n",
                pEsp->azBand[iRow]);
        rc = 1;
        break;
      }
    }
  }
  buf_free(&b);
  if( rc==0 && line==0 ){
    fprintf(pErr, "carecluster stats %s: no input — give CSV with the header ", zCmd);
    header_list(pErr, s);
    fputc('\n', pErr);
    rc = 1;
  }else if( rc==0 && t->n==0 ){
    fprintf(pErr, "carecluster stats %s: no rows after the header — give one row per %s\n", zCmd,
            s->kind==K_DSR || s->kind==K_ISR ? "age band" : (s->kind==K_FUNNEL ? "area" : "value"));
    rc = 1;
  }else if( rc==0 && s->kind==K_DSR && t->n!=ESP2013_BANDS ){
    fprintf(pErr, "carecluster stats %s: %zu age band%s where the 2013 European Standard Population has %d — "
                  "give one row for each band, 0-4 to 90+, in that order\n", zCmd, t->n, t->n==1 ? "" : "s",
            ESP2013_BANDS);
    rc = 1;
  }
  return rc;
}

/* ---- the commands ------------------------------------------------------ */

static int usage_error(const struct spec *s, FILE *pErr, const char *zWhy){
  fprintf(pErr, "carecluster stats %s: %s\n", s->zName, zWhy);
  return cli_usage(s->pCmd, pErr);
}

/* The options: --level 95|99.8 (default 95) and --per N > 0. */
static int read_options(const struct spec *s, int argc, char **argv, FILE *pErr, double *pLevel,
                        double *pPer){
  int rc = cli_args_check(s->pCmd, argc-1, argv+1, pErr);
  if( rc ) return rc;
  *pLevel = 0.95;
  const char *zLevel = cli_value(argc-1, argv+1, "--level");
  if( zLevel ){
    if( strcmp(zLevel, "95")==0 ) *pLevel = 0.95;
    else if( strcmp(zLevel, "99.8")==0 ) *pLevel = 0.998;
    else return usage_error(s, pErr, "--level is 95 or 99.8 (per cent)");
  }
  *pPer = s->perDefault;
  const char *zPer = cli_value(argc-1, argv+1, "--per");
  if( zPer ){
    const char *zWhy;
    double v;
    if( cli_parse_number(zPer, false, &v, &zWhy)!=1 || !(v>0) ){
      return usage_error(s, pErr, "--per needs a number more than 0, such as --per 100 or --per 100000");
    }
    *pPer = v;
  }
  return 0;
}

static void write_out(struct buf *b, FILE *pOut){
  buf_puts(b, "}\n");
  fwrite(b->z, 1, b->n, pOut);
  buf_free(b);
}

static int cmd_rows(const struct spec *s, const struct table *t, double level, double per, FILE *pOut){
  struct buf b = {0};
  buf_puts(&b, "{\"rows\":[");
  for(size_t i=0; i<t->n; i++){
    const double *v = &t->a[i*(size_t)t->nCol];
    struct ind_interval r;
    enum ind_method m = IND_METHOD_NONE;
    if( s->kind==K_PROPORTION ) ind_wilson(v[0], v[1], level, per, &r);
    else ind_rate(v[0], v[1], level, per, &r, &m);
    if( i ) buf_putc(&b, ',');
    bool bF = true;
    buf_putc(&b, '{');
    json_kv_double(&b, &bF, "value", r.value);
    json_kv_double(&b, &bF, "lower", r.lower);
    json_kv_double(&b, &bF, "upper", r.upper);
    if( s->kind==K_RATE ) json_kv_str(&b, &bF, "method", ind_method_code(m));
    buf_putc(&b, '}');
  }
  buf_putc(&b, ']');
  write_out(&b, pOut);
  return 0;
}

/* The column c of every row, into a (n doubles). */
static void column_of(const struct table *t, int c, double *a){
  for(size_t i=0; i<t->n; i++) a[i] = t->a[i*(size_t)t->nCol + c];
}

static int cmd_dsr(const struct table *t, const struct esp2013 *pEsp, double level, double per,
                   FILE *pOut, FILE *pErr){
  double aCount[ESP2013_BANDS], aPop[ESP2013_BANDS];
  column_of(t, 0, aCount);
  column_of(t, 1, aPop);
  struct ind_dsr d;
  if( !ind_dsr(aCount, aPop, pEsp->aWeight, ESP2013_BANDS, level, per, &d) ){
    fprintf(pErr, "carecluster stats dsr: the rate could not be computed from these numbers\n");
    return 1;
  }
  struct buf b = {0};
  bool bF = true;
  buf_putc(&b, '{');
  json_kv_double(&b, &bF, "count", d.count);
  json_kv_double(&b, &bF, "value", d.value);
  json_kv_double(&b, &bF, "lower", d.lower);
  json_kv_double(&b, &bF, "upper", d.upper);
  json_kv_str(&b, &bF, "note", d.bSuppressed
    ? "fewer than 10 events: a directly standardised rate is not given for so few" : NULL);
  write_out(&b, pOut);
  return 0;
}

static int cmd_isr(const struct table *t, double level, FILE *pOut, FILE *pErr){
  double *a = xmalloc(4*t->n*sizeof(double));
  for(int c=0; c<4; c++) column_of(t, c, a + (size_t)c*t->n);
  struct ind_isr r;
  bool ok = ind_isr(a, a + t->n, a + 2*t->n, a + 3*t->n, t->n, level, 1.0, &r);
  free(a);
  if( !ok ){
    fprintf(pErr, "carecluster stats isr: the expected count is 0 (or too large to work with) — "
                  "give the populations and the reference counts of the age bands\n");
    return 1;
  }
  struct buf b = {0};
  bool bF = true;
  buf_putc(&b, '{');
  json_kv_double(&b, &bF, "observed", r.observed);
  json_kv_double(&b, &bF, "expected", r.expected);
  json_kv_double(&b, &bF, "value", r.value);
  json_kv_double(&b, &bF, "lower", r.lower);
  json_kv_double(&b, &bF, "upper", r.upper);
  json_kv_str(&b, &bF, "method", ind_method_code(r.method));
  write_out(&b, pOut);
  return 0;
}

static int cmd_funnel(const struct table *t, double per, FILE *pOut, FILE *pErr){
  double *aNum = xmalloc(2*t->n*sizeof(double)), *aDen = aNum + t->n;
  column_of(t, 1, aNum);
  column_of(t, 2, aDen);
  struct ind_funnel_point *aPt = xmalloc(t->n*sizeof *aPt);
  double target;
  bool ok = ind_funnel_proportion(aNum, aDen, t->n, per, aPt, &target);
  free(aNum);
  if( !ok ){
    free(aPt);
    fprintf(pErr, "carecluster stats funnel: the denominators add up to more than can be worked with\n");
    return 1;
  }
  struct buf b = {0};
  bool bF = true;
  buf_putc(&b, '{');
  json_kv_double(&b, &bF, "target", target);
  json_key(&b, &bF, "areas");
  buf_putc(&b, '[');
  for(size_t i=0; i<t->n; i++){
    const struct ind_funnel_point *p = &aPt[i];
    if( i ) buf_putc(&b, ',');
    bool bP = true;
    buf_putc(&b, '{');
    json_kv_str(&b, &bP, "area", t->azArea[i]);
    json_kv_double(&b, &bP, "value", p->value);
    json_kv_double(&b, &bP, "lower95", p->lower95);
    json_kv_double(&b, &bP, "upper95", p->upper95);
    json_kv_double(&b, &bP, "lower99_8", p->lower99_8);
    json_kv_double(&b, &bP, "upper99_8", p->upper99_8);
    json_kv_str(&b, &bP, "significance", ind_significance_code(p->significance));
    buf_putc(&b, '}');
  }
  buf_putc(&b, ']');
  free(aPt);
  write_out(&b, pOut);
  return 0;
}

int cli_stats_indicator(int argc, char **argv, FILE *pIn, FILE *pOut, FILE *pErr){
  const struct spec *s = argc>=1 && argv[0] ? spec_find(argv[0]) : NULL;
  if( !s ){
    fprintf(pErr, "carecluster stats: unknown subcommand\n");
    return 2;
  }
  double level = 0.95, per = 1.0;
  int rc = read_options(s, argc, argv, pErr, &level, &per);
  if( rc ) return rc;
  struct esp2013 esp;
  memset(&esp, 0, sizeof esp);
  if( s->kind==K_DSR && !esp2013_load(&esp) ){
    fprintf(pErr, "carecluster stats dsr: the European Standard Population is missing from this build\n");
    return 1;
  }
  struct table t = {0};
  rc = read_table(s, &esp, pIn, pErr, &t);
  if( rc==0 ){
    switch( s->kind ){
      case K_PROPORTION:
      case K_RATE:   rc = cmd_rows(s, &t, level, per, pOut); break;
      case K_DSR:    rc = cmd_dsr(&t, &esp, level, per, pOut, pErr); break;
      case K_ISR:    rc = cmd_isr(&t, level, pOut, pErr); break;
      case K_FUNNEL: rc = cmd_funnel(&t, per, pOut, pErr); break;
    }
  }
  table_free(&t);
  return rc;
}
