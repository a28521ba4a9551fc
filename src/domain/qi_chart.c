#include "domain/qi_chart.h"
#include "util/json.h"
#include "util/text.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool qi_measure_is_run(const struct qi_measure *m){ return strcmp(m->zChart, "run")==0; }

void qi_chart_free(struct qi_chart *c){
  qi_series_free(&c->s);
  free(c->aSpc);
  free(c->aSeg);
  free(c->aFlag);
  memset(c, 0, sizeof *c);
}

enum spc_direction qi_measure_direction(const struct qi_measure *m){
  if( strcmp(m->zDirection, "decrease")==0 ) return SPC_DECREASE;
  if( strcmp(m->zDirection, "neutral")==0 ) return SPC_NEUTRAL;
  return SPC_INCREASE;
}

/* Computed figures (a centre line, a limit, a median) are shown with one
** decimal more than the most precise value, at most 3: whole numbers give
** 36.2, values of one decimal 9.14. A proportion (p chart) is shown in
** percent with one decimal. One pass of a few multiplications a value. */
static int calc_decimals(const struct qi_chart *c, bool bPercent){
  static const double aScale[2] = { 1.0, 10.0 };
  if( bPercent ) return 1;
  int nDec = 0;
  for(size_t i=0; i<c->s.n && nDec<2; i++){
    double v = fabs(c->s.aValue[i]);
    if( !isfinite(v) ) continue;
    for(int d=nDec; d<2; d++){
      double x = v*aScale[d];
      if( fabs(x - round(x)) <= 1e-9*(x>1 ? x : 1) ) break;
      nDec = d+1;
    }
  }
  return nDec+1;
}

/* Load measure m's series and compute its chart. False on a database error. */
bool qi_chart_load(struct db *db, const struct qi_measure *m, struct qi_chart *c){
  memset(c, 0, sizeof *c);
  if( !qi_series_load(db, m->id, &c->s) ) return false;
  size_t n = c->s.n;
  c->bRun = qi_measure_is_run(m);
  c->nDec = calc_decimals(c, strcmp(m->zChart, "p")==0);
  if( n==0 ) return true;
  double *aScratch = xmalloc(2*n*sizeof(double));
  if( c->bRun ){
    c->aFlag = xcalloc(n, 1);
    run_analyse(c->s.aValue, n, 0, &c->run, c->aFlag, aScratch);
  }else{
    struct spc_options o;
    spc_options_default(&o);
    o.chart = strcmp(m->zChart, "p")==0 ? SPC_P : strcmp(m->zChart, "u")==0 ? SPC_U : SPC_XMR;
    o.direction = qi_measure_direction(m);
    o.bScreenOutliers = m->bScreenOutliers;
    o.bHasTarget = m->bHasTarget;
    o.target = m->target;
    o.aRebase = c->s.aRebase;
    o.nRebase = c->s.nRebase;
    c->aSpc = xcalloc(n, sizeof c->aSpc[0]);
    c->aSeg = xcalloc(c->s.nRebase+1, sizeof c->aSeg[0]);
    const double *aVal = o.chart==SPC_XMR ? c->s.aValue : c->s.aNum;
    const double *aDen = o.chart==SPC_XMR ? 0 : c->s.aDen;
    c->nSeg = spc_compute(aVal, aDen, n, &o, c->aSpc, c->aSeg, aScratch);
    if( c->nSeg<0 ){
      /* A rebase the engine refuses (out of range): limits from the whole series. */
      o.aRebase = 0;
      o.nRebase = 0;
      c->nSeg = spc_compute(aVal, aDen, n, &o, c->aSpc, c->aSeg, aScratch);
    }
    if( c->nSeg<0 ) c->nSeg = 0;
    else c->bSignal = spc_current_signal(c->aSpc, n, &c->type, &c->iSince);
  }
  free(aScratch);
  return true;
}


/* Above (1) or below (-1) the median: the side of the longest run. */
int qi_chart_run_side(const struct qi_chart *c){
  for(size_t i=0; i<c->s.n; i++){
    if( (c->aFlag[i] & RUN_IN_LONGEST_RUN) && !isnan(c->s.aValue[i]) && c->s.aValue[i]!=c->run.median ){
      return c->s.aValue[i]>c->run.median ? 1 : -1;
    }
  }
  return 1;
}

void qi_chart_signal_json(const struct qi_chart *c, struct buf *b){
  if( c->s.n==0 ){ buf_puts(b, "null"); return; }
  bool bFirst = true;
  buf_putc(b, '{');
  if( c->bRun ){
    json_kv_str(b, &bFirst, "type", c->run.bSignal ? "non_random" : "random");
    json_kv_bool(b, &bFirst, "runs", c->run.bRunsSignal);
    json_kv_bool(b, &bFirst, "crossings", c->run.bCrossingsSignal);
  }else if( c->bSignal ){
    json_kv_str(b, &bFirst, "type", spc_type_code(c->type));
    json_kv_str(b, &bFirst, "since", c->s.azDate[c->iSince]);
  }else{
    json_kv_null(b, &bFirst, "type");
  }
  buf_putc(b, '}');
}

