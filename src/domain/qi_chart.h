/*
** A measure's chart, computed: its series and, for an SPC chart, each
** point's limits and type under the NHSRplotthedots rules with its
** segments (rebases), or, for a run chart, the Anhoej rules' result and
** each point's flags; and the current signal. Computed per request from
** the whole series by the statistics engine (src/stats/stats.h); no
** HTML here: pages draw it (src/html/chart.h) and say it in words.
*/
#ifndef CC_QI_CHART_H
#define CC_QI_CHART_H
#include "db/db.h"
#include "domain/qi.h"
#include "stats/stats.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

struct qi_chart {
  struct qi_series s;
  bool bRun;
  struct spc_point *aSpc;       /* SPC charts: n */
  struct spc_segment *aSeg;     /* nRebase+1 */
  int nSeg;
  struct run_result run;        /* run charts */
  unsigned char *aFlag;         /* run charts: n */
  bool bSignal;                 /* spc: a current signal exists */
  enum spc_type type;
  size_t iSince;
  int nDec;                     /* decimals of computed figures (centre, limits, median) */
};

/* True if measure m is drawn as a run chart (else an SPC chart). Pure. */
bool qi_measure_is_run(const struct qi_measure *m);
/* The direction of improvement of measure m, as the engine takes it
** (increase for anything but "decrease" or "neutral"). Pure. */
enum spc_direction qi_measure_direction(const struct qi_measure *m);
/* Load measure m's series into *c and compute its chart. False on a
** database error (*c is then empty and needs no qi_chart_free). The
** caller has checked read access. */
bool qi_chart_load(struct db *, const struct qi_measure *m, struct qi_chart *c);
/* Free what qi_chart_load allocated and zero *c. */
void qi_chart_free(struct qi_chart *c);
/* A loaded run chart's longest run: above (1) or below (-1) the median;
** 1 when there is none. */
int qi_chart_run_side(const struct qi_chart *c);
/* The current signal as JSON: {"type":...,"since":"YYYY-MM-DD"} for an SPC
** chart, {"type":"random"|"non_random","runs":..,"crossings":..} for a run
** chart, or null with no data. */
void qi_chart_signal_json(const struct qi_chart *c, struct buf *b);

#endif
