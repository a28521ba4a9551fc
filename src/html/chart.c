/*
** Run and SPC charts as inline SVG (see chart.h for the contract).
**
** The chart is laid out first (the y range and its ticks, which markers
** and lines appear, the legend, hence the margins), then written in one
** pass: grid, process limits, centre line, target, data line, markers,
** annotations, axes, legend. Every attribute and text goes through
** html_printf, numbers as well (formatted into small local strings), so
** nothing reaches the page unescaped. Colours are presentation attributes,
** not style attributes: the Content-Security-Policy allows no inline style.
**
** Cost: one pass over the points for the y range, one for the month ticks
** and one per drawn series; the output has O(width) elements because,
** beyond two points per pixel column, each column is drawn as one vertical
** stroke from its lowest to its highest value and its special-cause points
** as one marker per kind. Scratch memory is O(width).
*/
#include "html/chart.h"
#include "html/html.h"
#include "util/text.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CT(key) i18n_get(p->lang, key)
#define CTF(key) I18N_FORMAT(p->lang, key)

/* Colours. Making Data Count: improvement, concern, common cause, neutral.
** Lines and text are NHS.UK frontend greys, dark enough for WCAG AA text
** (4.5:1 on white) and for 3:1 graphics. */
#define C_IMPROVE   "#41B6E6"
#define C_IMPROVE_EDGE "#005EB8"
#define C_CONCERN   "#ED8B00"
#define C_CONCERN_EDGE "#8A4B00"
#define C_COMMON    "#7F7F7F"
#define C_COMMON_EDGE "#4C6272"
#define C_NEUTRAL   "#490092"
#define C_TEXT      "#212B32"
#define C_TEXT2     "#4C6272"
#define C_GRID      "#D8DDE0"
#define C_DATA      "#425563"
#define C_TARGET    "#D5281B"
#define C_NOTE      "#005EB8"

#define FONT 13            /* px in the viewBox; never below 12 */
#define CHAR_W (0.6*FONT)  /* a generous average width of an Arial character */
#define PAD 8.0            /* between the plot's edges and the first/last point */

/* Marker kinds, in drawing order (later ones on top). */
enum mk { MK_NONE, MK_CC, MK_LNG, MK_TRD, MK_SHF, MK_NHI, MK_NLO, MK_IMP, MK_CON, MK__N };
static const char *const azMkId[MK__N] = { "", "cc", "lng", "trd", "shf", "nhi", "nlo", "imp", "con" };

static const char *const azMonthShort[12] = {
  "chart.month.1", "chart.month.2", "chart.month.3", "chart.month.4", "chart.month.5", "chart.month.6",
  "chart.month.7", "chart.month.8", "chart.month.9", "chart.month.10", "chart.month.11", "chart.month.12" };
static const char *const azMonthLong[12] = {
  "month.1", "month.2", "month.3", "month.4", "month.5", "month.6",
  "month.7", "month.8", "month.9", "month.10", "month.11", "month.12" };

struct legend_item { int kind; /* 0 line, 1 dashed limits, 2 target, 3 marker */
                     enum mk mk; const char *zKey; double x; int row; };

struct line_label { double y; char z[64]; const char *zColour; };

struct chart {
  const struct chart_input *p;
  struct buf *o;
  double W, H;
  double left, right, top, bottom;   /* the plot box */
  double lo, hi, step;               /* y domain and tick step */
  int tickDec;                       /* decimals of the tick labels */
  size_t n;
  bool bSpc, bBinned, bShowCommon;
  int nCol;                          /* pixel columns when binned */
  bool aMkUsed[MK__N];
  struct legend_item aLegend[16]; int nLegend, nLegendRow;
  struct line_label aLabel[8]; int nLabel;
};

/* ---- numbers ---------------------------------------------------------- */

/* v with dec decimals, never "-0". */
/* A coordinate: one decimal is a tenth of a pixel at the default size.
** Written from the integer number of tenths, llround(v*10): a chart of
** many points writes tens of thousands of them, and printf's exact
** decimal conversion was a third of the page's cost. It agrees with
** "%.1f" but for values within a rounding error of a half tenth, which
** it may put a tenth of a pixel the other way (1.6% of random
** coordinates; nobody can see it). Anything outside +-1e9 goes through
** printf. */
static void fmt_xy(char *z, size_t nz, double v){
  if( !(v>-1e9 && v<1e9) || nz<16 ){ text_fixed(z, nz, v, 1); return; }
  long long t = llround(v*10.0);
  size_t n = 0;
  if( t<0 ){ z[n++] = '-'; t = -t; }
  n += text_digits(z+n, (unsigned long long)t/10);
  z[n++] = '.';
  z[n++] = (char)('0' + t%10);
  z[n] = 0;
}

/* A value for people to read; p charts in percent when the input asks. */
static void fmt_value(const struct chart *c, char *z, size_t nz, double v){
  bool bPct = c->p->kind==CHART_P && c->p->bPercent;
  if( bPct ) v *= 100.0;
  /* One decimal more than the axis ticks: the same precision throughout. */
  int dec = c->tickDec + 1;
  if( dec>6 ) dec = 6;
  if( !isfinite(v) ){ snprintf(z, nz, "-"); return; }
  text_fixed(z, nz, v, dec);
  if( bPct ) strncat(z, "%", nz-strlen(z)-1);
}
static void fmt_tick(const struct chart *c, char *z, size_t nz, double v){
  bool bPct = c->p->kind==CHART_P && c->p->bPercent;
  text_fixed(z, nz, bPct ? v*100.0 : v, c->tickDec);
  if( bPct ) strncat(z, "%", nz-strlen(z)-1);
}

/* Characters (not bytes) of a UTF-8 string: for width estimates. */
static size_t utf8_len(const char *z){
  size_t n = 0;
  for(; z && *z; z++) if( ((unsigned char)*z & 0xC0)!=0x80 ) n++;
  return n;
}
static double text_w(const char *z){ return (double)utf8_len(z)*CHAR_W; }

/* ---- dates ------------------------------------------------------------ */

/* Year, month (1-12) and day of "YYYY-MM-DD"; false if it is not one. */
static bool parse_date(const char *z, int *pY, int *pM, int *pD){
  if( !z ) return false;
  for(int i=0; i<10; i++){
    if( i==4 || i==7 ){ if( z[i]!='-' ) return false; }
    else if( z[i]<'0' || z[i]>'9' ) return false;
  }
  *pY = (z[0]-'0')*1000 + (z[1]-'0')*100 + (z[2]-'0')*10 + (z[3]-'0');
  *pM = (z[5]-'0')*10 + (z[6]-'0');
  *pD = (z[8]-'0')*10 + (z[9]-'0');
  return *pM>=1 && *pM<=12;
}
/* "6 March 2024" / "6 Mawrth 2024"; the text as given if not a date. */
static void fmt_date_long(const struct chart_input *p, const char *zIso, char *z, size_t nz){
  int y, m, d;
  if( parse_date(zIso, &y, &m, &d) ) snprintf(z, nz, "%d %s %d", d, CT(azMonthLong[m-1]), y);
  else snprintf(z, nz, "%.10s", zIso ? zIso : "");
}

/* ---- geometry --------------------------------------------------------- */

static double xi(const struct chart *c, size_t i){
  double w = c->right - c->left - 2*PAD;
  if( c->bBinned ){
    size_t col = (size_t)((double)i * c->nCol / (double)c->n);
    return c->left + PAD + (double)col + 0.5;
  }
  if( c->n<=1 ) return c->left + PAD + w/2;
  return c->left + PAD + (double)i * w / (double)(c->n-1);
}
static int col_of(const struct chart *c, size_t i){
  return c->bBinned ? (int)((double)i * c->nCol / (double)c->n) : (int)i;
}
static double yv(const struct chart *c, double v){
  return c->top + (c->hi - v) / (c->hi - c->lo) * (c->bottom - c->top);
}

static double value_at(const struct chart *c, size_t i){
  return c->p->aValue ? c->p->aValue[i] : c->p->aSpc ? c->p->aSpc[i].value : NAN;
}

static enum mk mark_of(const struct chart *c, size_t i){
  const struct chart_input *p = c->p;
  if( !isfinite(value_at(c, i)) ) return MK_NONE;
  if( c->bSpc ){
    if( !p->aSpc ) return MK_CC;
    switch( p->aSpc[i].type ){
      case SPC_IMPROVEMENT: return MK_IMP;
      case SPC_CONCERN: return MK_CON;
      case SPC_NEUTRAL_HIGH: return MK_NHI;
      case SPC_NEUTRAL_LOW: return MK_NLO;
      default: return MK_CC;
    }
  }
  if( p->aRunFlag ){
    unsigned f = p->aRunFlag[i];
    if( f & RUN_IN_SHIFT ) return MK_SHF;
    if( f & RUN_IN_TREND ) return MK_TRD;
    if( (f & RUN_IN_LONGEST_RUN) && p->pRun && p->pRun->bRunsSignal ) return MK_LNG;
  }
  return MK_CC;
}

static void nice_axis(struct chart *c, double mn, double mx){
  bool bPct = c->p->kind==CHART_P && c->p->bPercent;
  if( !(mn<=mx) ){ mn = 0; mx = bPct ? 1 : 10; }
  if( mx-mn < 1e-12*fmax(1.0, fabs(mx)) ){
    double d = fabs(mx)*0.1;
    if( d==0 ) d = bPct ? 0.1 : 1;
    mn -= d; mx += d;
    if( c->p->kind==CHART_P || c->p->kind==CHART_U ){ if( mn<0 && mx-2*d>=0 ) mn = 0; }
  }
  double raw = (mx-mn)/5.0;
  double k = floor(log10(raw));
  double f = raw/pow(10.0, k), nf = f<1.5 ? 1 : f<3 ? 2 : f<7 ? 5 : 10;
  c->step = nf*pow(10.0, k);
  c->lo = floor(mn/c->step + 1e-9)*c->step;
  c->hi = ceil(mx/c->step - 1e-9)*c->step;
  if( c->hi<=c->lo ) c->hi = c->lo + c->step;
  int kk = (int)k + (nf==10 ? 1 : 0);
  if( bPct ) kk += 2;
  c->tickDec = kk<0 ? -kk : 0;
  if( c->tickDec>6 ) c->tickDec = 6;
}

/* ---- pieces of output ------------------------------------------------- */

static void add_legend(struct chart *c, int kind, enum mk mk, const char *zKey){
  if( c->nLegend < (int)(sizeof c->aLegend/sizeof c->aLegend[0]) ){
    c->aLegend[c->nLegend++] = (struct legend_item){ kind, mk, zKey, 0, 0 };
  }
}
static double legend_item_w(const struct chart *c, const struct legend_item *it){
  const struct chart_input *p = c->p;
  return 28 + text_w(CT(it->zKey)) + 18;
}
/* Place the legend items in rows across the width; returns the rows. */
static int legend_layout(struct chart *c){
  double x = 12, maxX = c->W - 8;
  int row = 0;
  for(int i=0; i<c->nLegend; i++){
    double w = legend_item_w(c, &c->aLegend[i]);
    if( x>12 && x+w-18>maxX ){ row++; x = 12; }
    c->aLegend[i].x = x; c->aLegend[i].row = row;
    x += w;
  }
  return c->nLegend ? row+1 : 0;
}

static void add_label(struct chart *c, double v, const char *zKey, const char *zColour){
  const struct chart_input *p = c->p;
  if( !isfinite(v) || c->nLabel >= (int)(sizeof c->aLabel/sizeof c->aLabel[0]) ) return;
  char zV[32];
  fmt_value(c, zV, sizeof zV, v);
  struct line_label *l = &c->aLabel[c->nLabel++];
  snprintf(l->z, sizeof l->z, "%s %s", CT(zKey), zV);
  l->y = v;   /* a value now; a coordinate once the plot box is known */
  l->zColour = zColour;
}

static void marker_defs(struct chart *c){
  const char *zId = c->p->zId ? c->p->zId : "chart";
  struct buf *o = c->o;
  html_printf(o, "<defs>");
  html_printf(o, "<circle id=\"%s-mk-cc\" r=\"3.5\" fill=\"" C_COMMON "\" stroke=\"" C_COMMON_EDGE "\"/>", zId);
  html_printf(o, "<path id=\"%s-mk-imp\" d=\"M0 -6.5L6.5 0L0 6.5L-6.5 0Z\" fill=\"" C_IMPROVE "\" stroke=\"" C_IMPROVE_EDGE "\" stroke-width=\"1.2\"/>", zId);
  html_printf(o, "<path id=\"%s-mk-con\" d=\"M-5 -5H5V5H-5Z\" fill=\"" C_CONCERN "\" stroke=\"" C_CONCERN_EDGE "\" stroke-width=\"1.2\"/>", zId);
  html_printf(o, "<path id=\"%s-mk-nhi\" d=\"M0 -6.5L6 4.5H-6Z\" fill=\"" C_NEUTRAL "\" stroke=\"" C_NEUTRAL "\"/>", zId);
  html_printf(o, "<path id=\"%s-mk-nlo\" d=\"M0 6.5L6 -4.5H-6Z\" fill=\"" C_NEUTRAL "\" stroke=\"" C_NEUTRAL "\"/>", zId);
  html_printf(o, "<path id=\"%s-mk-shf\" d=\"M-5 -5H5V5H-5Z\" fill=\"" C_NEUTRAL "\" stroke=\"" C_NEUTRAL "\"/>", zId);
  html_printf(o, "<path id=\"%s-mk-trd\" d=\"M0 -6.5L6 4.5H-6Z\" fill=\"" C_NEUTRAL "\" stroke=\"" C_NEUTRAL "\"/>", zId);
  html_printf(o, "<path id=\"%s-mk-lng\" d=\"M0 -6.5L6.5 0L0 6.5L-6.5 0Z\" fill=\"" C_NEUTRAL "\" stroke=\"" C_NEUTRAL "\"/>", zId);
  html_printf(o, "</defs>");
}

static void use_marker(struct chart *c, enum mk mk, double x, double y){
  char zX[24], zY[24];
  fmt_xy(zX, sizeof zX, x); fmt_xy(zY, sizeof zY, y);
  html_printf(c->o, "<use href=\"#%s-mk-%s\" x=\"%s\" y=\"%s\"/>",
              c->p->zId ? c->p->zId : "chart", azMkId[mk], zX, zY);
}

/* Append one path command to d: 'M' or 'L' to (x, y), 'H' to x, 'V' to y. */
static void pcmd(struct buf *d, char cmd, double a, double b){
  char zA[24], zB[24];
  fmt_xy(zA, sizeof zA, a);
  buf_putc(d, cmd);
  buf_puts(d, zA);
  if( cmd=='M' || cmd=='L' ){ fmt_xy(zB, sizeof zB, b); buf_putc(d, ' '); buf_puts(d, zB); }
}

/* A level of the SPC chart (centre, lower or upper limit) per segment, as
** a stepped line: flat where it does not change (XmR), a step at the
** midpoint between points where it does (p, u). Binned, one level per
** pixel column (its first point's). A level that is not finite breaks the
** line. The segments are separated by a gap. */
enum level { LV_CENTRE, LV_LOWER, LV_UPPER };
static double level_of(const struct spc_point *s, enum level lv){
  return lv==LV_CENTRE ? s->centre : lv==LV_LOWER ? s->lower : s->upper;
}
static void level_path(struct chart *c, enum level lv, struct buf *d){
  const struct chart_input *p = c->p;
  size_t iSeg = 0, nSegs = p->aSeg && p->nSeg>0 ? (size_t)p->nSeg : 1;
  for(iSeg=0; iSeg<nSegs; iSeg++){
    size_t s0 = p->aSeg && p->nSeg>0 ? p->aSeg[iSeg].start : 0;
    size_t sn = p->aSeg && p->nSeg>0 ? p->aSeg[iSeg].n : c->n;
    if( s0>=c->n ) continue;
    if( sn>c->n-s0 ) sn = c->n-s0;
    bool bOpen = false;
    double cur = NAN;
    int prevCol = -1;
    size_t iLast = s0, iOpen = s0;
    double gapL = (iSeg>0 && c->bBinned) ? 2 : 0;
    double gapR = (iSeg+1<nSegs && c->bBinned) ? 2 : 0;
    for(size_t i=s0; i<s0+sn; i++){
      int col = col_of(c, i);
      if( c->bBinned && col==prevCol ) continue;
      prevCol = col;
      double v = level_of(&p->aSpc[i], lv);
      double x = xi(c, i);
      if( !isfinite(v) ){
        if( bOpen ){
          if( iLast==iOpen ){ pcmd(d, 'M', xi(c, iLast)-3, yv(c, cur)); pcmd(d, 'H', xi(c, iLast)+3, 0); }
          else pcmd(d, 'H', xi(c, iLast), 0);
          bOpen = false;
        }
        continue;
      }
      if( !bOpen ){
        double x0 = x;
        if( i==s0 ) x0 += gapL;
        pcmd(d, 'M', x0, yv(c, v));
        bOpen = true; cur = v; iOpen = i;
      }else if( v!=cur ){
        double xm = c->bBinned ? x - 0.5 : (xi(c, iLast)+x)/2;
        pcmd(d, 'H', xm, 0); pcmd(d, 'V', yv(c, v), 0);
        cur = v;
      }
      iLast = i;
    }
    if( bOpen ){
      double x1 = xi(c, iLast) - gapR;
      if( iLast==iOpen ){   /* one point: a short line around it */
        double h = c->n>1 && !c->bBinned ? (xi(c, 1)-xi(c, 0))/2 : 6;
        if( h<3 ) h = 3;
        if( h>12 ) h = 12;
        pcmd(d, 'M', x1-h, yv(c, cur)); x1 += h;
      }
      pcmd(d, 'H', x1, 0);
    }
  }
}

/* The data line: a polyline broken at missing values; binned, a vertical
** stroke per pixel column through its first, lowest, highest and last
** values, joined to the next column. */
static void data_path(struct chart *c, struct buf *d){
  size_t n = c->n;
  if( !c->bBinned ){
    bool bOpen = false, bAlone = false;
    for(size_t i=0; i<n; i++){
      double v = value_at(c, i);
      if( !isfinite(v) ){
        if( bOpen && bAlone ) buf_puts(d, "h0");
        bOpen = false;
        continue;
      }
      if( bOpen ){ pcmd(d, 'L', xi(c, i), yv(c, v)); bAlone = false; }
      else{ pcmd(d, 'M', xi(c, i), yv(c, v)); bOpen = true; bAlone = true; }
    }
    if( bOpen && bAlone ) buf_puts(d, "h0");
    return;
  }
  int col = -1;
  double mn = 0, mx = 0, first = 0, last = 0, x = 0;
  bool bHas = false, bOpen = false;
  for(size_t i=0; i<=n; i++){
    int k = i<n ? col_of(c, i) : -2;
    if( k!=col ){
      if( col>=0 ){
        if( bHas ){
          pcmd(d, bOpen ? 'L' : 'M', x, yv(c, first));
          if( mn<first ) pcmd(d, 'V', yv(c, mn), 0);
          if( mx>mn ) pcmd(d, 'V', yv(c, mx), 0);
          if( last!=mx ) pcmd(d, 'V', yv(c, last), 0);
          if( !bOpen && mn==mx ) buf_puts(d, "h0");
          bOpen = true;
        }else{
          bOpen = false;
        }
      }
      if( i==n ) break;
      col = k; bHas = false; x = xi(c, i);
    }
    double v = value_at(c, i);
    if( !isfinite(v) ) continue;
    if( !bHas ){ mn = mx = first = v; bHas = true; }
    if( v<mn ) mn = v;
    if( v>mx ) mx = v;
    last = v;
  }
}

/* Markers: one per point that has one (common cause only when the points
** are few enough to see); binned, one per kind per pixel column. */
static void markers(struct chart *c){
  size_t n = c->n;
  for(int mk=MK_CC; mk<MK__N; mk++){
    if( !c->aMkUsed[mk] ) continue;
    if( mk==MK_CC && !c->bShowCommon ) continue;
    html_printf(c->o, "<g class=\"chart-points chart-%s\">", azMkId[mk]);
    int lastCol = -1;
    for(size_t i=0; i<n; i++){
      if( mark_of(c, i)!=(enum mk)mk ) continue;
      int col = col_of(c, i);
      if( c->bBinned && col==lastCol ) continue;
      lastCol = col;
      use_marker(c, (enum mk)mk, xi(c, i), yv(c, value_at(c, i)));
    }
    html_printf(c->o, "</g>");
  }
}

static void hline(struct chart *c, const char *zClass, double y, const char *zStroke,
                  const char *zWidth, const char *zDash){
  char zX0[24], zX1[24], zY[24];
  fmt_xy(zX0, sizeof zX0, c->left); fmt_xy(zX1, sizeof zX1, c->right); fmt_xy(zY, sizeof zY, y);
  if( zDash ){
    html_printf(c->o, "<path class=\"%s\" d=\"M%s %sH%s\" stroke=\"%s\" stroke-width=\"%s\" stroke-dasharray=\"%s\" fill=\"none\"/>",
                zClass, zX0, zY, zX1, zStroke, zWidth, zDash);
  }else{
    html_printf(c->o, "<path class=\"%s\" d=\"M%s %sH%s\" stroke=\"%s\" stroke-width=\"%s\" fill=\"none\"/>",
                zClass, zX0, zY, zX1, zStroke, zWidth);
  }
}

static void text_at(struct chart *c, double x, double y, const char *zAnchor, const char *zFill,
                    const char *zText){
  char zX[24], zY[24];
  fmt_xy(zX, sizeof zX, x); fmt_xy(zY, sizeof zY, y);
  html_printf(c->o, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" fill=\"%s\">%s</text>", zX, zY, zAnchor, zFill, zText);
}

/* ---- x ticks: months ----------------------------------------------------- */

static void x_ticks(struct chart *c){
  const struct chart_input *p = c->p;
  size_t n = c->n;
  if( n==0 || !p->azDate ) return;
  int y0, m0, d0, y1, m1, d1;
  bool bDates = parse_date(p->azDate[0], &y0, &m0, &d0) && parse_date(p->azDate[n-1], &y1, &m1, &d1);
  double w = c->right - c->left;
  int maxTicks = (int)(w / 72); if( maxTicks<2 ) maxTicks = 2;
  char z[64];
  double yText = c->bottom + 18;
  long span = bDates ? (long)(y1*12+m1-1) - (long)(y0*12+m0-1) : 0;
  if( !bDates || span<2 ){
    /* Few months (or no dates): label about maxTicks evenly spaced points. */
    size_t k = (size_t)(maxTicks<6 ? maxTicks : 6);
    if( k>n ) k = n;
    double lastX = -1e9;
    for(size_t t=0; t<k; t++){
      size_t i = k>1 ? t*(n-1)/(k-1) : 0;
      int y, m, d;
      if( parse_date(p->azDate[i], &y, &m, &d) ) snprintf(z, sizeof z, "%d %s", d, CT(azMonthShort[m-1]));
      else snprintf(z, sizeof z, "%.10s", p->azDate[i]);
      double x = xi(c, i);
      if( x-lastX < text_w(z)+8 ) continue;
      lastX = x;
      char zX[24], zB[24];
      fmt_xy(zX, sizeof zX, x); fmt_xy(zB, sizeof zB, c->bottom);
      html_printf(c->o, "<path d=\"M%s %sv5\" stroke=\"" C_TEXT2 "\"/>", zX, zB);
      text_at(c, x, yText, "middle", C_TEXT, z);
    }
    return;
  }
  static const int aStep[] = { 1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 6000 };
  int s = 1;
  for(size_t k=0; k<sizeof aStep/sizeof aStep[0]; k++){ s = aStep[k]; if( span/s + 1 <= maxTicks ) break; }
  long prev = -1;
  int prevYear = -1;
  double lastX = -1e9;
  /* Binned, only the first point of each pixel column is looked at: a
  ** month starts in the column where its first point is, to the pixel,
  ** and the cost is the width's, not the points'. */
  size_t nStep = c->bBinned ? (size_t)c->nCol : n;
  for(size_t k=0; k<nStep; k++){
    size_t i = c->bBinned ? (k*n + (size_t)c->nCol - 1) / (size_t)c->nCol : k;
    if( i>=n ) break;
    int y, m, d;
    if( !parse_date(p->azDate[i], &y, &m, &d) ) continue;
    long mi = (long)y*12 + (m-1);
    if( mi==prev ) continue;
    prev = mi;
    if( mi % s ) continue;
    if( s>=12 ) snprintf(z, sizeof z, "%d", y);
    else if( y!=prevYear ) snprintf(z, sizeof z, "%s %d", CT(azMonthShort[m-1]), y);
    else snprintf(z, sizeof z, "%s", CT(azMonthShort[m-1]));
    double x = xi(c, i);
    if( x-lastX < 56 ) continue;
    if( x + text_w(z)/2 > c->W ) continue;
    lastX = x; prevYear = y;
    char zX[24], zB[24];
    fmt_xy(zX, sizeof zX, x); fmt_xy(zB, sizeof zB, c->bottom);
    html_printf(c->o, "<path d=\"M%s %sv5\" stroke=\"" C_TEXT2 "\"/>", zX, zB);
    text_at(c, x, yText, "middle", C_TEXT, z);
  }
}

/* ---- the description ---------------------------------------------------- */

static const char *type_key(enum spc_type t){
  switch( t ){
    case SPC_IMPROVEMENT: return "chart.type.improvement";
    case SPC_CONCERN: return "chart.type.concern";
    case SPC_NEUTRAL_HIGH: return "chart.type.neutral_high";
    case SPC_NEUTRAL_LOW: return "chart.type.neutral_low";
    default: return "chart.type.common";
  }
}
static const char *rule_key(enum spc_rule r){
  switch( r ){
    case SPC_RULE_OUTSIDE_LIMITS: return "chart.rule.outside_limits";
    case SPC_RULE_TREND: return "chart.rule.trend";
    case SPC_RULE_TWO_OF_THREE: return "chart.rule.two_of_three";
    case SPC_RULE_SHIFT: return "chart.rule.shift";
    default: return 0;
  }
}
static const char *kind_key(enum chart_kind k){
  switch( k ){
    case CHART_RUN: return "chart.kind.run";
    case CHART_P: return "chart.kind.p";
    case CHART_U: return "chart.kind.u";
    default: return "chart.kind.xmr";
  }
}

static void description(struct chart *c){
  const struct chart_input *p = c->p;
  struct buf *o = c->o;
  size_t n = c->n, nMissing = 0;
  char zA[64], zB[64], zC[64], zD[64];
  for(size_t i=0; i<n; i++) if( !isfinite(value_at(c, i)) ) nMissing++;
  if( n==0 ){
    html_printf_t(o, CTF("chart.desc.empty"), CT(kind_key(p->kind)), p->zTitle ? p->zTitle : "");
    return;
  }
  snprintf(zA, sizeof zA, "%zu", n);
  fmt_date_long(p, p->azDate ? p->azDate[0] : "", zB, sizeof zB);
  fmt_date_long(p, p->azDate ? p->azDate[n-1] : "", zC, sizeof zC);
  if( n==1 ) html_printf_t(o, CTF("chart.desc.point_one"), CT(kind_key(p->kind)), p->zTitle ? p->zTitle : "", zB);
  else html_printf_t(o, CTF("chart.desc.points"), CT(kind_key(p->kind)), p->zTitle ? p->zTitle : "", zA, zB, zC);
  if( nMissing==1 ){
    html_printf(o, " %s", CT("chart.desc.missing_one"));
  }else if( nMissing ){
    snprintf(zA, sizeof zA, "%zu", nMissing);
    html_printf(o, " ");
    html_printf_t(o, CTF("chart.desc.missing"), zA);
  }
  if( p->kind==CHART_RUN ){
    const struct run_result *r = p->pRun;
    if( r && isfinite(r->median) ){
      fmt_value(c, zA, sizeof zA, r->median);
      html_printf(o, " ");
      html_printf_t(o, CTF("chart.desc.median"), zA);
      snprintf(zA, sizeof zA, "%zu", r->longestRun);
      snprintf(zB, sizeof zB, "%zu", r->longestRunMax);
      snprintf(zC, sizeof zC, "%zu", r->crossings);
      snprintf(zD, sizeof zD, "%zu", r->crossingsMin);
      html_printf(o, " ");
      html_printf_t(o, CTF("chart.desc.runs"), zA, zB, zC, zD);
      html_printf(o, " ");
      if( r->bRunsSignal ){ html_printf(o, "%s ", CT("chart.desc.long_run")); }
      if( r->bCrossingsSignal ){ html_printf(o, "%s ", CT("chart.desc.few_crossings")); }
      html_printf(o, "%s", CT(r->bSignal ? "chart.desc.run_signal" : "chart.desc.run_nosignal"));
      if( r->bShift ) html_printf(o, " %s", CT("chart.desc.shift"));
      if( r->bTrend ) html_printf(o, " %s", CT("chart.desc.trend"));
    }
  }else if( p->aSpc ){
    const struct spc_segment *sg = p->aSeg && p->nSeg>0 ? &p->aSeg[p->nSeg-1] : 0;
    double centre = sg ? sg->centre : p->aSpc[n-1].centre;
    double lower = sg ? sg->lower : p->aSpc[n-1].lower;
    double upper = sg ? sg->upper : p->aSpc[n-1].upper;
    if( sg && p->nSeg>1 && sg->start<n ){
      fmt_date_long(p, p->azDate ? p->azDate[sg->start] : "", zA, sizeof zA);
      html_printf(o, " ");
      html_printf_t(o, CTF("chart.desc.rebased"), zA);
    }
    if( isfinite(centre) && !(isfinite(lower) && isfinite(upper)) ){
      fmt_value(c, zA, sizeof zA, centre);
      html_printf(o, " ");
      html_printf_t(o, CTF("chart.desc.mean_only"), zA);
    }else if( isfinite(centre) ){
      fmt_value(c, zA, sizeof zA, centre);
      fmt_value(c, zB, sizeof zB, lower);
      fmt_value(c, zC, sizeof zC, upper);
      html_printf(o, " ");
      if( p->kind==CHART_XMR ) html_printf_t(o, CTF("chart.desc.xmr_limits"), zA, zB, zC);
      else html_printf_t(o, CTF("chart.desc.pu_limits"), zA, zB, zC);
    }
    enum spc_type t;
    size_t iSince;
    if( spc_current_signal(p->aSpc, n, &t, &iSince) ){
      fmt_date_long(p, p->azDate ? p->azDate[iSince] : "", zA, sizeof zA);
      html_printf(o, " ");
      html_printf_t(o, CTF("chart.desc.signal"), CT(type_key(t)), zA);
      size_t iLast = n;
      while( iLast>0 && !isfinite(value_at(c, iLast-1)) ) iLast--;
      const char *zRule = iLast ? rule_key(p->aSpc[iLast-1].rule) : 0;
      if( zRule ){
        html_printf(o, " ");
        html_printf_t(o, CTF("chart.desc.rule"), CT(zRule));
      }
    }
    if( p->bHasTarget && isfinite(p->target) ){
      fmt_value(c, zA, sizeof zA, p->target);
      html_printf(o, " ");
      html_printf_t(o, CTF("chart.desc.target"), zA);
    }
    if( sg && p->bHasTarget ){
      const char *zKey = sg->assurance==SPC_ASSURANCE_PASS ? "chart.assurance.pass"
                       : sg->assurance==SPC_ASSURANCE_FAIL ? "chart.assurance.fail"
                       : sg->assurance==SPC_ASSURANCE_VARIABLE ? "chart.assurance.variable" : 0;
      if( zKey ) html_printf(o, " %s", CT(zKey));
    }
  }
  if( (p->kind==CHART_RUN || !p->aSpc) && p->bHasTarget && isfinite(p->target) ){
    fmt_value(c, zA, sizeof zA, p->target);
    html_printf(o, " ");
    html_printf_t(o, CTF("chart.desc.target"), zA);
  }
  if( p->nNote && p->aNoteAt && p->azNote ){
    html_printf(o, " %s", CT("chart.desc.notes"));
    for(size_t k=0; k<p->nNote; k++){
      size_t i = p->aNoteAt[k];
      if( i>=n ) continue;
      fmt_date_long(p, p->azDate ? p->azDate[i] : "", zA, sizeof zA);
      html_printf(o, " %zu (%s): %s.", k+1, zA, p->azNote[k] ? p->azNote[k] : "");
    }
  }
}

/* ---- the chart ---------------------------------------------------------- */

void chart_svg(struct buf *pOut, const struct chart_input *p){
  struct chart cc, *c = &cc;
  memset(c, 0, sizeof *c);
  c->p = p; c->o = pOut;
  c->W = p->width>0 ? p->width : 760;
  c->H = p->height>0 ? p->height : 360;
  c->n = (p->aValue || p->aSpc) ? p->n : 0;
  c->bSpc = p->kind!=CHART_RUN && p->aSpc!=0;
  size_t n = c->n;
  const char *zId = p->zId ? p->zId : "chart";

  /* The y range: values, centre and limits, target. */
  double mn = INFINITY, mx = -INFINITY;
  for(size_t i=0; i<n; i++){
    double v = value_at(c, i);
    if( isfinite(v) ){ if( v<mn ) mn = v; if( v>mx ) mx = v; }
    if( c->bSpc ){
      const struct spc_point *s = &p->aSpc[i];
      double a[3] = { s->centre, s->lower, s->upper };
      for(int k=0; k<3; k++) if( isfinite(a[k]) ){ if( a[k]<mn ) mn = a[k]; if( a[k]>mx ) mx = a[k]; }
    }
    c->aMkUsed[mark_of(c, i)] = true;
  }
  if( p->kind==CHART_RUN && p->pRun && isfinite(p->pRun->median) ){
    if( p->pRun->median<mn ) mn = p->pRun->median;
    if( p->pRun->median>mx ) mx = p->pRun->median;
  }
  if( p->bHasTarget && isfinite(p->target) ){
    if( p->target<mn ) mn = p->target;
    if( p->target>mx ) mx = p->target;
  }
  nice_axis(c, mn, mx);
  c->bShowCommon = n<=120;

  /* Line labels at the right, and the legend. */
  add_legend(c, 0, MK_NONE, "chart.legend.data");
  if( p->kind==CHART_RUN ){
    if( p->pRun && isfinite(p->pRun->median) ){
      add_label(c, p->pRun->median, "chart.label.median", C_TEXT);
      add_legend(c, 0, MK_NONE, "chart.legend.median");
    }
  }else if( c->bSpc && n ){
    const struct spc_segment *sg = p->aSeg && p->nSeg>0 ? &p->aSeg[p->nSeg-1] : 0;
    size_t iL = n-1;
    const struct spc_point *s = &p->aSpc[iL];
    double centre = sg ? sg->centre : s->centre;
    add_label(c, centre, "chart.label.mean", C_TEXT);
    add_label(c, s->upper, "chart.label.upl", C_TEXT2);
    add_label(c, s->lower, "chart.label.lpl", C_TEXT2);
    if( isfinite(centre) ) add_legend(c, 0, MK_NONE, "chart.legend.mean");
    add_legend(c, 1, MK_NONE, "chart.legend.limits");
  }
  if( p->bHasTarget && isfinite(p->target) ){
    add_label(c, p->target, "chart.label.target", C_TARGET);
    add_legend(c, 2, MK_NONE, "chart.legend.target");
  }
  static const char *const azMkKey[MK__N] = { 0, "chart.legend.common", "chart.legend.longest_run",
    "chart.legend.trend", "chart.legend.shift", "chart.legend.neutral_high", "chart.legend.neutral_low",
    "chart.legend.improvement", "chart.legend.concern" };
  static const enum mk aMkOrder[] = { MK_IMP, MK_CON, MK_NHI, MK_NLO, MK_SHF, MK_TRD, MK_LNG, MK_CC };
  for(size_t k=0; k<sizeof aMkOrder/sizeof aMkOrder[0]; k++){
    enum mk mk = aMkOrder[k];
    if( !c->aMkUsed[mk] ) continue;
    if( mk==MK_CC && !(c->bShowCommon && (c->bSpc || c->aMkUsed[MK_SHF] || c->aMkUsed[MK_TRD] || c->aMkUsed[MK_LNG])) ) continue;
    add_legend(c, 3, mk, azMkKey[mk]);
  }
  c->nLegendRow = legend_layout(c);

  /* Margins. */
  double tickW = 0;
  char z[96];
  int nTick = (int)llround((c->hi-c->lo)/c->step);
  for(int k=0; k<=nTick; k++){
    fmt_tick(c, z, sizeof z, c->lo + k*c->step);
    if( text_w(z)>tickW ) tickW = text_w(z);
  }
  double labelW = 0;
  for(int k=0; k<c->nLabel; k++) if( text_w(c->aLabel[k].z)>labelW ) labelW = text_w(c->aLabel[k].z);
  bool bYLabel = p->zUnit && p->zUnit[0];
  c->left = (bYLabel ? 26 : 8) + tickW + 8;
  c->right = c->W - (labelW>0 ? labelW + 10 : 12);
  c->top = 14;
  c->bottom = c->H - (18 /*ticks*/ + 22 /*axis label*/ + 20.0*c->nLegendRow + 8);
  if( c->bottom - c->top < 60 ) c->bottom = c->top + 60;
  double plotW = c->right - c->left - 2*PAD;
  c->nCol = (int)plotW; if( c->nCol<1 ) c->nCol = 1;
  c->bBinned = n > (size_t)(2*c->nCol);
  /* Room above the plot for the numbered notes: one row, or two when
  ** notes are too close for one (as the drawing below places them). */
  if( p->nNote && p->aNoteAt ){
    int nRow = 1;
    double aLast[2] = { -1e9, -1e9 };
    for(size_t k=0; k<p->nNote; k++){
      if( p->aNoteAt[k]>=n ) continue;
      double x = xi(c, p->aNoteAt[k]);
      int row = x-aLast[0] >= 20 ? 0 : x-aLast[1] >= 20 ? 1 : 0;
      if( row ) nRow = 2;
      aLast[row] = x;
    }
    c->top = nRow==2 ? 56 : 36;
    if( c->bottom - c->top < 60 ) c->bottom = c->top + 60;
  }

  /* Labels: to coordinates, then apart by at least a line's height. */
  for(int k=0; k<c->nLabel; k++) c->aLabel[k].y = yv(c, c->aLabel[k].y) + FONT*0.35;
  for(int k=1; k<c->nLabel; k++){   /* sort by y: few labels */
    for(int j=k; j>0 && c->aLabel[j].y < c->aLabel[j-1].y; j--){
      struct line_label t = c->aLabel[j]; c->aLabel[j] = c->aLabel[j-1]; c->aLabel[j-1] = t;
    }
  }
  for(int k=1; k<c->nLabel; k++){
    if( c->aLabel[k].y < c->aLabel[k-1].y + FONT + 1 ) c->aLabel[k].y = c->aLabel[k-1].y + FONT + 1;
  }

  /* ---- write ---- */
  char zW[24], zH[24];
  text_fixed(zW, sizeof zW, c->W, 0); text_fixed(zH, sizeof zH, c->H, 0);
  html_printf(pOut, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
              "aria-labelledby=\"%s-title %s-desc\" viewBox=\"0 0 %s %s\" "
              "font-family=\"Arial, Helvetica, sans-serif\" font-size=\"13\" fill=\"" C_TEXT "\">",
              zId, zId, zW, zH);
  html_printf(pOut, "<title id=\"%s-title\">%s — %s</title>", zId, p->zTitle ? p->zTitle : "", CT(kind_key(p->kind)));
  html_printf(pOut, "<desc id=\"%s-desc\">", zId);
  description(c);
  html_printf(pOut, "</desc>");
  marker_defs(c);
  html_printf(pOut, "<rect width=\"%s\" height=\"%s\" fill=\"#FFFFFF\"/>", zW, zH);

  /* Grid and y ticks. */
  html_printf(pOut, "<g class=\"chart-yaxis\">");
  for(int k=0; k<=nTick; k++){
    double v = c->lo + k*c->step;
    double y = yv(c, v);
    char zY[24], zX0[24], zX1[24];
    fmt_xy(zY, sizeof zY, y); fmt_xy(zX0, sizeof zX0, c->left); fmt_xy(zX1, sizeof zX1, c->right);
    fmt_tick(c, z, sizeof z, fabs(v)<c->step*1e-9 ? 0.0 : v);
    html_printf(pOut, "<path class=\"chart-grid\" d=\"M%s %sH%s\" stroke=\"" C_GRID "\" data-value=\"%s\"/>", zX0, zY, zX1, z);
    text_at(c, c->left-6, y + FONT*0.35, "end", C_TEXT, z);
  }
  html_printf(pOut, "</g>");

  struct buf d = {0};
  /* Limits, centre, target. */
  if( c->bSpc && n ){
    for(int lv=LV_LOWER; lv<=LV_UPPER; lv++){
      buf_reset(&d);
      level_path(c, (enum level)lv, &d);
      if( d.n ) html_printf(pOut, "<path class=\"chart-limit\" d=\"%s\" stroke=\"" C_COMMON "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" fill=\"none\"/>", buf_cstr(&d));
    }
    buf_reset(&d);
    level_path(c, LV_CENTRE, &d);
    if( d.n ) html_printf(pOut, "<path class=\"chart-centre\" d=\"%s\" stroke=\"" C_TEXT "\" stroke-width=\"1.5\" fill=\"none\"/>", buf_cstr(&d));
  }
  if( p->kind==CHART_RUN && p->pRun && isfinite(p->pRun->median) && n ){
    hline(c, "chart-centre", yv(c, p->pRun->median), C_TEXT, "1.5", 0);
  }
  if( p->bHasTarget && isfinite(p->target) ){
    hline(c, "chart-target", yv(c, p->target), C_TARGET, "1.5", "8 4");
  }
  for(int k=0; k<c->nLabel; k++) text_at(c, c->right+6, c->aLabel[k].y, "start", c->aLabel[k].zColour, c->aLabel[k].z);

  /* Data and markers. */
  buf_reset(&d);
  data_path(c, &d);
  if( d.n ) html_printf(pOut, "<path class=\"chart-data\" d=\"%s\" stroke=\"" C_DATA "\" stroke-width=\"1.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\" fill=\"none\"/>", buf_cstr(&d));
  buf_free(&d);
  markers(c);

  /* Annotations: numbered markers above the plot, a dotted line down. */
  if( p->nNote && p->aNoteAt ){
    html_printf(pOut, "<g class=\"chart-notes\">");
    double aLast[2] = { -1e9, -1e9 };
    for(size_t k=0; k<p->nNote; k++){
      size_t i = p->aNoteAt[k];
      if( i>=n ) continue;
      double x = xi(c, i);
      int row = x-aLast[0] >= 20 ? 0 : x-aLast[1] >= 20 ? 1 : 0;
      aLast[row] = x;
      double yc = c->top - 18 - row*19;
      double v = value_at(c, i);
      double yEnd = isfinite(v) ? yv(c, v) - 7 : c->bottom;
      char zX[24], zY[24], zY1[24], zY2[24], zN[24];
      fmt_xy(zX, sizeof zX, x); fmt_xy(zY, sizeof zY, yc);
      fmt_xy(zY1, sizeof zY1, yc+9); fmt_xy(zY2, sizeof zY2, yEnd);
      snprintf(zN, sizeof zN, "%zu", k+1);
      if( yEnd > yc+9 ) html_printf(pOut, "<path d=\"M%s %sV%s\" stroke=\"" C_NOTE "\" stroke-dasharray=\"2 2\"/>", zX, zY1, zY2);
      html_printf(pOut, "<circle class=\"chart-note\" cx=\"%s\" cy=\"%s\" r=\"9\" fill=\"" C_NOTE "\"/>", zX, zY);
      fmt_xy(zY, sizeof zY, yc + 4.3);
      html_printf(pOut, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" fill=\"#FFFFFF\" font-size=\"12\" font-weight=\"bold\">%s</text>", zX, zY, zN);
    }
    html_printf(pOut, "</g>");
  }

  /* Axes. */
  {
    char zL[24], zR[24], zT[24], zB[24];
    fmt_xy(zL, sizeof zL, c->left); fmt_xy(zR, sizeof zR, c->right);
    fmt_xy(zT, sizeof zT, c->top); fmt_xy(zB, sizeof zB, c->bottom);
    html_printf(pOut, "<path class=\"chart-axis\" d=\"M%s %sV%sH%s\" stroke=\"" C_TEXT2 "\" fill=\"none\"/>", zL, zT, zB, zR);
  }
  html_printf(pOut, "<g class=\"chart-xaxis\">");
  x_ticks(c);
  html_printf(pOut, "</g>");
  text_at(c, (c->left+c->right)/2, c->bottom + 18 + 20, "middle", C_TEXT, CT("chart.axis.date"));
  if( bYLabel ){
    char zX[24], zY[24];
    double ym = (c->top+c->bottom)/2;
    fmt_xy(zX, sizeof zX, 16); fmt_xy(zY, sizeof zY, ym);
    html_printf(pOut, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 %s %s)\">%s</text>",
                zX, zY, zX, zY, p->zUnit);
  }

  /* Legend: a symbol and its words per item. */
  html_printf(pOut, "<g class=\"chart-legend\">");
  double yLegend0 = c->bottom + 18 + 22 + 14;
  for(int k=0; k<c->nLegend; k++){
    const struct legend_item *it = &c->aLegend[k];
    double x = it->x, y = yLegend0 + 20.0*it->row;
    char zX0[24], zX1[24], zY[24];
    fmt_xy(zX0, sizeof zX0, x); fmt_xy(zX1, sizeof zX1, x+22); fmt_xy(zY, sizeof zY, y-4);
    switch( it->kind ){
      case 0:
        html_printf(pOut, "<path d=\"M%s %sH%s\" stroke=\"%s\" stroke-width=\"1.5\"/>", zX0, zY, zX1,
                    it->zKey && strcmp(it->zKey, "chart.legend.data")==0 ? C_DATA : C_TEXT);
        break;
      case 1:
        html_printf(pOut, "<path d=\"M%s %sH%s\" stroke=\"" C_COMMON "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>", zX0, zY, zX1);
        break;
      case 2:
        html_printf(pOut, "<path d=\"M%s %sH%s\" stroke=\"" C_TARGET "\" stroke-width=\"1.5\" stroke-dasharray=\"8 4\"/>", zX0, zY, zX1);
        break;
      default:
        use_marker(c, it->mk, x+11, y-4);
    }
    text_at(c, x+28, y, "start", C_TEXT, CT(it->zKey));
  }
  html_printf(pOut, "</g>");
  html_printf(pOut, "</svg>");
}

/* ---- Making Data Count icons ---------------------------------------------- */

static void icon_begin(struct buf *o, const char *zClass, const char *zRing){
  html_printf(o, "<svg class=\"cc-icon %s\" width=\"44\" height=\"44\" viewBox=\"0 0 44 44\" aria-hidden=\"true\""
              " focusable=\"false\"><circle cx=\"22\" cy=\"22\" r=\"20\" fill=\"#FFFFFF\" stroke=\"%s\" stroke-width=\"3\"/>",
              zClass, zRing);
}

void chart_icon_variation(struct buf *o, enum lang lang, enum spc_type t, enum spc_direction dir){
  /* Seven points across the ring: level for common cause; for a change,
  ** the last four well above (high) or below (low) the first three. */
  static const int aLevel[7] = { 23, 20, 24, 21, 23, 20, 22 };
  static const int aHigh[7] = { 27, 29, 26, 28, 19, 17, 18 };
  bool bHigh = t==SPC_NEUTRAL_HIGH || (t==SPC_IMPROVEMENT && dir!=SPC_DECREASE) || (t==SPC_CONCERN && dir==SPC_DECREASE);
  const char *zRing = C_COMMON, *zDot = C_COMMON, *zText = C_COMMON_EDGE, *zClass = "cc-icon-common";
  switch( t ){
    case SPC_COMMON_CAUSE: break;
    case SPC_IMPROVEMENT: zRing = C_IMPROVE_EDGE; zDot = C_IMPROVE; zText = C_IMPROVE_EDGE; zClass = "cc-icon-improvement"; break;
    case SPC_CONCERN: zRing = C_CONCERN; zDot = C_CONCERN; zText = C_CONCERN_EDGE; zClass = "cc-icon-concern"; break;
    case SPC_NEUTRAL_HIGH: case SPC_NEUTRAL_LOW: zRing = C_NEUTRAL; zDot = C_NEUTRAL; zText = C_NEUTRAL; zClass = "cc-icon-neutral"; break;
  }
  icon_begin(o, zClass, zRing);
  int aY[7];
  for(int i=0; i<7; i++){
    aY[i] = t==SPC_COMMON_CAUSE ? aLevel[i] : bHigh ? aHigh[i] : 44 - aHigh[i];
  }
  html_printf(o, "<polyline fill=\"none\" stroke=\"" C_DATA "\" stroke-width=\"1.2\" points=\"");
  for(int i=0; i<7; i++) html_printf(o, "%s%d,%d", i ? " " : "", 9 + 4*i + (i>3), aY[i]);
  html_printf(o, "\"/>");
  for(int i=0; i<7; i++){
    bool bSpecial = t!=SPC_COMMON_CAUSE && i>=4;
    html_printf(o, "<circle cx=\"%d\" cy=\"%d\" r=\"2.2\" fill=\"%s\"/>", 9 + 4*i + (i>3), aY[i],
                bSpecial ? zDot : C_COMMON);
  }
  if( t!=SPC_COMMON_CAUSE ){
    html_printf(o, "<text x=\"22\" y=\"%d\" text-anchor=\"middle\" font-family=\"Arial, sans-serif\" font-size=\"11\""
                " font-weight=\"700\" fill=\"%s\">%s</text>", bHigh ? 14 : 38, zText,
                i18n_get(lang, bHigh ? "spc.icon_high" : "spc.icon_low"));
  }
  html_printf(o, "</svg>");
}

void chart_icon_assurance(struct buf *o, enum lang lang, enum spc_assurance a){
  const char *zRing = C_COMMON, *zText = C_COMMON_EDGE, *zKey = "spc.icon_variable", *zClass = "cc-icon-variable";
  switch( a ){
    case SPC_ASSURANCE_NONE: return;
    case SPC_ASSURANCE_PASS: zRing = C_IMPROVE_EDGE; zText = C_IMPROVE_EDGE; zKey = "spc.icon_pass"; zClass = "cc-icon-pass"; break;
    case SPC_ASSURANCE_FAIL: zRing = C_CONCERN; zText = C_CONCERN_EDGE; zKey = "spc.icon_fail"; zClass = "cc-icon-fail"; break;
    case SPC_ASSURANCE_VARIABLE: break;
  }
  icon_begin(o, zClass, zRing);
  /* The target as a dashed line, the letter over it. */
  html_printf(o, "<line x1=\"8\" y1=\"30\" x2=\"36\" y2=\"30\" stroke=\"" C_TARGET "\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>");
  html_printf(o, "<text x=\"22\" y=\"27\" text-anchor=\"middle\" font-family=\"Arial, sans-serif\" font-size=\"17\""
              " font-weight=\"700\" fill=\"%s\">%s</text></svg>", zText, i18n_get(lang, zKey));
}
