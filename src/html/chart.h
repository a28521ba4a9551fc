/*
** Charts drawn on the server as SVG, inline in the page: a run chart or an
** SPC chart (XmR, p, u) of one measure. Accessible: the <svg> has
** role="img", a <title> and a <desc> (aria-labelledby both), the
** description says in words what the chart shows (centre line, limits,
** the signal); every text goes through the translation layer in the
** chart's language; colours are not the only carrier of meaning (special
** cause points also differ in shape). The data table beside the chart is
** the page's job.
**
** Cost grows with the width in pixels, not with the points: beyond two
** points per pixel column the line is drawn as one vertical stroke
** (minimum to maximum) per column, and special-cause points are marked
** once per column. 100,000 points give an SVG of the same order of size
** as 1,000.
*/
#ifndef CC_CHART_H
#define CC_CHART_H
#include "html/i18n.h"
#include "stats/stats.h"
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

enum chart_kind { CHART_RUN, CHART_XMR, CHART_P, CHART_U };

struct chart_input {
  enum chart_kind kind;
  enum lang lang;
  const char *zId;            /* unique id prefix for the svg's title/desc ids */
  const char *zTitle;         /* the measure's name */
  const char *zUnit;          /* axis unit ("%", "days", ...) or "" */
  bool bPercent;              /* p charts: show proportions as percentages */
  size_t n;
  const double *aValue;       /* the plotted values (p, u: numerator/denominator); NaN = missing */
  const char (*azDate)[11];   /* YYYY-MM-DD per point */
  /* One of these, by kind: */
  const struct spc_point *aSpc;          /* XMR, P, U: n entries */
  const struct spc_segment *aSeg; int nSeg;
  const struct run_result *pRun;         /* RUN */
  const unsigned char *aRunFlag;         /* RUN: n flags (RUN_*) */
  bool bHasTarget;
  double target;
  /* Annotations: indexes of annotated points (ascending) and their short
  ** labels (a PDSA cycle's title, a change); drawn as numbered markers
  ** with the labels listed in the description. */
  size_t nNote;
  const size_t *aNoteAt;
  const char *const *azNote;
  int width, height;          /* viewBox in px; 0 for the defaults (760 x 360) */
};

/* Append the <svg> element for p to pOut, every text escaped. p's arrays
** hold p->n entries each (aNoteAt, azNote: nNote; aSeg: nSeg); zId is
** unique in the page ("chart" when NULL). Never fails. */
void chart_svg(struct buf *pOut, const struct chart_input *p);

/* The icons of NHS England's "Making Data Count", 44 px: variation (a
** line of points in a ring: grey for common cause; blue for improvement,
** orange for concern, purple for a neutral change, with a letter for a
** change high or low) and assurance (a ring with a letter: consistently
** passing the target, failing it, or hit and miss). The letters are
** translated (H/L, P/F in English). They are decoration for sighted
** readers beside the same meaning in words, so aria-hidden. */
void chart_icon_variation(struct buf *pOut, enum lang, enum spc_type, enum spc_direction);
void chart_icon_assurance(struct buf *pOut, enum lang, enum spc_assurance);

#endif
