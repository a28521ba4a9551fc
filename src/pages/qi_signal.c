/* A measure's current signal in words and as JSON, for the measure page,
** the project page and the unit's list of projects. */
#include "pages/pages.h"
#include "domain/qi_chart.h"
#include "html/chart.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <string.h>

/* "March 2026" for an ISO date. */
static void month_year(struct req *r, const char *zIso, char zOut[64]){
  int y = 0, mo = 0;
  if( sscanf(zIso, "%d-%d", &y, &mo)!=2 || mo<1 || mo>12 ){ zOut[0] = 0; return; }
  char zKey[16];
  snprintf(zKey, sizeof zKey, "month.%d", mo);
  snprintf(zOut, 64, "%s %d", i18n_get(r->lang, zKey), y);
}

void qi_signal_sentence(struct req *r, const struct qi_chart *c, char *z, size_t n){
  if( c->s.n==0 ){ snprintf(z, n, "%s", T("measure.signal_no_data")); return; }
  if( c->bRun ){
    if( c->run.bRunsSignal ){
      snprintf(z, n, T(qi_chart_run_side(c)>0 ? "run.signal_run_above" : "run.signal_run_below"), c->run.longestRun);
    }else if( c->run.bCrossingsSignal ){
      snprintf(z, n, T("run.signal_crossings"), c->run.crossings, c->run.crossingsMin);
    }else{
      snprintf(z, n, "%s", T("run.random"));
    }
    return;
  }
  if( !c->bSignal ){ snprintf(z, n, "%s", T("measure.signal_no_data")); return; }
  char zSince[64];
  month_year(r, c->s.azDate[c->iSince], zSince);
  switch( c->type ){
    case SPC_COMMON_CAUSE: snprintf(z, n, "%s", T("spc.signal_common")); break;
    case SPC_IMPROVEMENT: snprintf(z, n, T("spc.signal_improvement_since"), zSince); break;
    case SPC_CONCERN: snprintf(z, n, T("spc.signal_concern_since"), zSince); break;
    case SPC_NEUTRAL_HIGH: snprintf(z, n, T("spc.signal_high_since"), zSince); break;
    case SPC_NEUTRAL_LOW: snprintf(z, n, T("spc.signal_low_since"), zSince); break;
  }
}

void qi_measure_signal(struct req *r, const struct qi_measure *m){
  struct qi_chart c;
  if( !qi_chart_load(r->db, m, &c) ){ html_printf(&r->body, "%s", T("measure.signal_no_data")); return; }
  char z[300];
  qi_signal_sentence(r, &c, z, sizeof z);
  html_printf(&r->body, "<span class=\"cc-signal-inline\">");
  if( !c.bRun && c.bSignal ) chart_icon_variation(&r->body, r->lang, c.type, qi_measure_direction(m));
  html_printf(&r->body, "<span>%s</span></span>", z);
  qi_chart_free(&c);
}

void qi_measure_signal_json(struct req *r, const struct qi_measure *m, struct buf *b){
  struct qi_chart c;
  if( !qi_chart_load(r->db, m, &c) ){ buf_puts(b, "null"); return; }
  qi_chart_signal_json(&c, b);
  qi_chart_free(&c);
}

