/*
** Charts of population-health indicators as inline SVG (see
** chart_indicators.h for the contract).
**
** Each chart is laid out first (rows and their heights, the axis ranges
** and ticks, the legend's rows, hence the viewBox), then written in one
** pass. As in chart.c, every attribute and text goes through html_printf,
** numbers too (formatted into small local strings first), so nothing
** reaches the page unescaped, and colours are presentation attributes (the
** Content-Security-Policy allows no inline style). A coordinate is written
** only through fmt_xy, which never writes NaN or infinity: a value that is
** not finite is a gap, decided before anything is drawn for it.
**
** The comparison markers are defined once per chart in <defs> (ids
** prefixed with the chart's id) and placed with <use>: the shape says the
** comparison for those who cannot tell the colours apart, the colour says
** it at a glance, the table and the description say it in words.
*/
#include "html/chart_indicators.h"
#include "html/html.h"
#include "html/nhsuk.h"
#include "stats/indicators.h"
#include "util/text.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NHS.UK colours. Markers have a dark outline, so that the amber and the
** light blue reach 3:1 against white and the grey bands. */
#define C_BETTER   "#007F3B"
#define C_SIMILAR  "#FFB81C"
#define C_WORSE    "#D5281B"
#define C_HIGHER   "#005EB8"
#define C_LOWER    "#41B6E6"
#define C_EDGE     "#212B32"
#define C_TEXT     "#212B32"
#define C_TEXT2    "#4C6272"
#define C_GRID     "#D8DDE0"
#define C_RULE     "#E8EDEE"
#define C_RANGE    "#D8DDE0"
#define C_IQR      "#AEB7BD"
#define C_WALES    "#212B32"
#define C_BOARD    "#4C6272"
#define C_LINE     "#425563"
#define C_WITHIN   "#AEB7BD"
#define C_HIGHLIGHT "#F0F4F5"

#define FONT 13              /* the svg's font size; nothing below 12 */
#define FONT_NAME 14         /* names of rows */
#define LINE_H 17.0          /* a line of names */
#define CHAR_EM 0.56         /* a generous average width of an Arial character, in em */
#define LEGEND_ROW 20.0

/* ---- text and numbers ------------------------------------------------------- */

/* A chart being written. */
struct cx {
  struct buf *o;
  enum lang lang;
  const char *zId;
};

/* The catalogue's text for zKey as people read it: every catalogue text
** is checked as a printf format (tests/unit/test_i18n.c), so a percent sign
** is written "%%" there; here it becomes one "%" again. Returns the
** catalogue's own text when it holds no '%', else zBuf. */
static const char *tr(enum lang lang, const char *zKey, char *zBuf, size_t nBuf){
  const char *z = i18n_get(lang, zKey);
  if( !strchr(z, '%') ) return z;
  size_t j = 0;
  for(size_t i=0; z[i] && j+1<nBuf; i++){
    if( z[i]=='%' && z[i+1]=='%' ) i++;
    zBuf[j++] = z[i];
  }
  zBuf[j] = 0;
  return zBuf;
}

/* The catalogue's text for zKey with its one "%s" replaced by zArg (NULL:
** ""), as people read it, into zOut: for a title written as an element's
** text (escaped by the caller) or given to a function that escapes. */
static void tr1(enum lang lang, const char *zKey, const char *zArg, char *zOut, size_t nOut){
  const char *z = i18n_get(lang, zKey);
  size_t j = 0;
  bool bDone = false;
  for(size_t i=0; z[i] && j+1<nOut; i++){
    if( z[i]=='%' && z[i+1]=='%' ){ zOut[j++] = '%'; i++; continue; }
    if( z[i]=='%' && z[i+1]=='s' && !bDone ){
      for(const char *a = zArg ? zArg : ""; *a && j+1<nOut; a++) zOut[j++] = *a;
      bDone = true; i++;
      continue;
    }
    zOut[j++] = z[i];
  }
  zOut[j] = 0;
  /* Cut at a character boundary if it did not fit. */
  while( j>0 && ((unsigned char)zOut[j-1] & 0xC0)==0x80 && j+1>=nOut ){ zOut[--j] = 0; }
}

/* A coordinate with one decimal; never NaN or infinity (0 instead: the
** callers decide gaps before they draw, this is the last line of defence). */
static void fmt_xy(char *z, size_t nz, double v){
  if( !isfinite(v) ) v = 0.0;
  if( v>1e7 ) v = 1e7;
  if( v<-1e7 ) v = -1e7;
  long long t = llround(v*10.0);
  size_t n = 0;
  if( t<0 ){ z[n++] = '-'; t = -t; }
  char zD[24];
  size_t k = text_digits(zD, (unsigned long long)(t/10));
  if( n+k+3>nz ){ snprintf(z, nz, "0"); return; }
  memcpy(z+n, zD, k); n += k;
  z[n++] = '.';
  z[n++] = (char)('0' + t%10);
  z[n] = 0;
}

void chart_ind_number(char *z, size_t nz, double v, const struct chart_ind_format *f){
  if( nz==0 ) return;
  z[0] = 0;
  if( !isfinite(v) || nz<8 ) return;
  int nDec = f ? f->nDec : 1;
  if( nDec<0 ) nDec = 0;
  if( nDec>6 ) nDec = 6;
  char t[64];
  text_fixed(t, sizeof t, v, nDec);
  /* Group the integer part's digits in threes. */
  const char *p = t;
  size_t j = 0;
  if( *p=='-' ){ z[j++] = '-'; p++; }
  size_t nInt = strcspn(p, ".");
  for(size_t i=0; i<nInt && j+2<nz; i++){
    if( i>0 && (nInt-i)%3==0 ) z[j++] = ',';
    z[j++] = p[i];
  }
  for(const char *q = p+nInt; *q && j+2<nz; q++) z[j++] = *q;
  if( f && f->bPercent && j+2<nz ) z[j++] = '%';
  z[j] = 0;
}

/* Characters (not bytes) of UTF-8 text, for width estimates. */
static size_t nchar(const char *z){
  size_t n = 0;
  for(; z && *z; z++) if( ((unsigned char)*z & 0xC0)!=0x80 ) n++;
  return n;
}
static double text_w(const char *z, double font){ return (double)nchar(z)*CHAR_EM*font; }

/* Copy at most nChars characters of z (stopping before z+nMax bytes) into
** zOut of nOut bytes, cut at a character boundary. Returns the bytes copied. */
static size_t copy_chars(char *zOut, size_t nOut, const char *z, size_t nMax, size_t nChars){
  size_t i = 0, c = 0;
  while( i<nMax && z[i] ){
    size_t k = 1;
    while( i+k<nMax && ((unsigned char)z[i+k] & 0xC0)==0x80 ) k++;
    if( c==nChars || i+k+1>nOut ) break;
    i += k; c++;
  }
  memcpy(zOut, z, i);
  zOut[i] = 0;
  return i;
}

#define WRAP_MAX 3
#define WRAP_BYTES 256
/* Break z into at most WRAP_MAX lines of at most nChars characters, at
** spaces; a word longer than a line is cut; text left over ends the last
** line with "…". Returns the number of lines, at least 1. */
static int wrap(const char *z, int nChars, char a[WRAP_MAX][WRAP_BYTES]){
  if( nChars<4 ) nChars = 4;
  if( nChars>80 ) nChars = 80;
  int nLine = 0;
  a[0][0] = 0;
  if( !z ) return 1;
  const char *p = z;
  while( *p==' ' ) p++;
  while( *p && nLine<WRAP_MAX ){
    /* Take as many words as fit in a line. */
    const char *e = p, *lastBreak = 0;
    size_t c = 0;
    while( *e ){
      if( *e==' ' ) lastBreak = e;
      if( ((unsigned char)*e & 0xC0)!=0x80 ){
        if( (int)c==nChars ) break;
        c++;
      }
      e++;
    }
    const char *end;
    if( !*e ) end = e;                          /* the rest fits */
    else if( *e==' ' ) end = e;                 /* breaks just at a space */
    else if( lastBreak && lastBreak>p ) end = lastBreak;
    else{                                       /* one long word: cut it */
      end = e;
      while( end>p && ((unsigned char)*end & 0xC0)==0x80 ) end--;
    }
    copy_chars(a[nLine], WRAP_BYTES, p, (size_t)(end-p), (size_t)nChars);
    nLine++;
    p = end;
    while( *p==' ' ) p++;
  }
  if( *p && nLine>0 ){
    /* More than fits: end the last line with an ellipsis. */
    char *zL = a[nLine-1];
    size_t n = nchar(zL);
    if( (int)n>=nChars ){
      size_t b = copy_chars(zL, WRAP_BYTES, zL, strlen(zL), (size_t)nChars-1);
      zL[b] = 0;
    }
    size_t len = strlen(zL);
    while( len>0 && zL[len-1]==' ' ) zL[--len] = 0;
    if( len+4<WRAP_BYTES ) memcpy(zL+len, "\xE2\x80\xA6", 4);
  }
  return nLine ? nLine : 1;
}

/* z on one line of at most nChars characters, "…" at the end when cut. */
static void ellipsize(const char *z, int nChars, char *zOut, size_t nOut){
  if( !z ) z = "";
  if( (int)nchar(z)<=nChars ){ copy_chars(zOut, nOut, z, strlen(z), (size_t)nChars); return; }
  size_t b = copy_chars(zOut, nOut > 4 ? nOut-4 : 1, z, strlen(z), (size_t)(nChars-1));
  while( b>0 && zOut[b-1]==' ' ) zOut[--b] = 0;
  if( b+4<=nOut ) memcpy(zOut+b, "\xE2\x80\xA6", 4);
}

/* ---- pieces of SVG -------------------------------------------------------------- */

static void text_at(struct cx *c, double x, double y, const char *zAnchor, const char *zFill,
                    int font, bool bBold, const char *zText){
  char zX[24], zY[24];
  fmt_xy(zX, sizeof zX, x); fmt_xy(zY, sizeof zY, y);
  html_printf(c->o, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" fill=\"%s\"", zX, zY, zAnchor, zFill);
  if( font && font!=FONT ) html_printf(c->o, " font-size=\"%d\"", font);
  if( bBold ) html_printf(c->o, " font-weight=\"bold\"");
  html_printf(c->o, ">%s</text>", zText);
}
static void text_italic(struct cx *c, double x, double y, const char *zAnchor, const char *zText){
  char zX[24], zY[24];
  fmt_xy(zX, sizeof zX, x); fmt_xy(zY, sizeof zY, y);
  html_printf(c->o, "<text class=\"ichart-gap\" x=\"%s\" y=\"%s\" text-anchor=\"%s\" fill=\"" C_TEXT2 "\" "
              "font-style=\"italic\" font-size=\"12\">%s</text>", zX, zY, zAnchor, zText);
}

/* Append one path command: 'M' or 'L' to (a, b), 'H' to a, 'V' to a. */
static void pcmd(struct buf *d, char cmd, double a, double b){
  char zA[24], zB[24];
  fmt_xy(zA, sizeof zA, a);
  buf_putc(d, cmd);
  buf_puts(d, zA);
  if( cmd=='M' || cmd=='L' ){ fmt_xy(zB, sizeof zB, b); buf_putc(d, ' '); buf_puts(d, zB); }
}

static void rect_at(struct cx *c, const char *zClass, double x, double y, double w, double h, const char *zFill){
  char zX[24], zY[24], zW[24], zH[24];
  if( w<0 ){ x += w; w = -w; }
  fmt_xy(zX, sizeof zX, x); fmt_xy(zY, sizeof zY, y);
  fmt_xy(zW, sizeof zW, w); fmt_xy(zH, sizeof zH, h);
  html_printf(c->o, "<rect class=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>",
              zClass, zX, zY, zW, zH, zFill);
}

/* A comparison's marker id, colour and name. The funnel's markers for an
** area between its 95% and 99.8% limits are the same shapes, hollow
** ("-95" after the id). */
static const char *const azCmpId[CHART_IND_CMP__MAX] = { "none", "better", "similar", "worse", "higher", "lower" };
static const char *const azCmpFill[CHART_IND_CMP__MAX] = { "#FFFFFF", C_BETTER, C_SIMILAR, C_WORSE, C_HIGHER, C_LOWER };

static bool cmp_ok(enum chart_ind_cmp k){ return (int)k>=0 && k<CHART_IND_CMP__MAX; }

/* The shape of a marker of half-size s (about the radius), as a path. */
static void marker_shape(struct buf *d, enum chart_ind_cmp k, double s){
  switch( k ){
    case CHART_IND_CMP_BETTER: {          /* square */
      double a = 0.82*s;
      pcmd(d, 'M', -a, -a); pcmd(d, 'H', a, 0); pcmd(d, 'V', a, 0); pcmd(d, 'H', -a, 0); buf_putc(d, 'Z');
      break;
    }
    case CHART_IND_CMP_WORSE: {           /* diamond */
      double a = 1.12*s;
      pcmd(d, 'M', 0, -a); pcmd(d, 'L', a, 0); pcmd(d, 'L', 0, a); pcmd(d, 'L', -a, 0); buf_putc(d, 'Z');
      break;
    }
    case CHART_IND_CMP_HIGHER:            /* triangle up */
      pcmd(d, 'M', 0, -1.15*s); pcmd(d, 'L', 1.05*s, 0.8*s); pcmd(d, 'H', -1.05*s, 0); buf_putc(d, 'Z');
      break;
    case CHART_IND_CMP_LOWER:             /* triangle down */
      pcmd(d, 'M', 0, 1.15*s); pcmd(d, 'L', 1.05*s, -0.8*s); pcmd(d, 'H', -1.05*s, 0); buf_putc(d, 'Z');
      break;
    default: {                            /* circle: similar, none */
      double r = k==CHART_IND_CMP_NONE ? 0.8*s : 0.92*s;
      char zR[24], zD[24];
      fmt_xy(zR, sizeof zR, r); fmt_xy(zD, sizeof zD, 2*r);
      pcmd(d, 'M', -r, 0);
      buf_printf(d, "a%s %s 0 1 0 %s 0a%s %s 0 1 0 -%s 0Z", zR, zR, zD, zR, zR, zD);
      break;
    }
  }
}

/* <defs> with a marker per comparison (and their hollow forms when
** bHollow), of half-size s. */
static void marker_defs(struct cx *c, double s, bool bHollow){
  struct buf d = {0};
  html_printf(c->o, "<defs>");
  for(int k=0; k<CHART_IND_CMP__MAX; k++){
    buf_reset(&d);
    marker_shape(&d, (enum chart_ind_cmp)k, s);
    if( k==CHART_IND_CMP_NONE ){
      html_printf(c->o, "<path id=\"%s-mk-%s\" d=\"%s\" fill=\"#FFFFFF\" stroke=\"" C_TEXT2 "\" stroke-width=\"1.5\"/>",
                  c->zId, azCmpId[k], buf_cstr(&d));
    }else{
      html_printf(c->o, "<path id=\"%s-mk-%s\" d=\"%s\" fill=\"%s\" stroke=\"" C_EDGE "\" stroke-width=\"1\"/>",
                  c->zId, azCmpId[k], buf_cstr(&d), azCmpFill[k]);
      if( bHollow ){
        html_printf(c->o, "<path id=\"%s-mk-%s-95\" d=\"%s\" fill=\"#FFFFFF\" stroke=\"%s\" stroke-width=\"2.5\"/>",
                    c->zId, azCmpId[k], buf_cstr(&d), k==CHART_IND_CMP_LOWER ? C_HIGHER : azCmpFill[k]);
      }
    }
  }
  if( bHollow ){
    html_printf(c->o, "<circle id=\"%s-mk-within\" r=\"3.5\" fill=\"" C_WITHIN "\" stroke=\"" C_TEXT2 "\"/>", c->zId);
  }
  html_printf(c->o, "</defs>");
  buf_free(&d);
}

static void use_marker(struct cx *c, const char *zKind, const char *zSuffix, double x, double y){
  char zX[24], zY[24];
  fmt_xy(zX, sizeof zX, x); fmt_xy(zY, sizeof zY, y);
  html_printf(c->o, "<use href=\"#%s-mk-%s%s\" x=\"%s\" y=\"%s\"/>", c->zId, zKind, zSuffix, zX, zY);
}

/* The opening of the chart's <svg>, its <title> (zTitle, already in
** words) and the start of its <desc>; the caller writes the description
** and closes it with svg_desc_end. */
static void svg_begin(struct cx *c, const char *zClass, double W, double H){
  char zW[24], zH[24];
  text_fixed(zW, sizeof zW, W, 0); text_fixed(zH, sizeof zH, H, 0);
  html_printf(c->o, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ichart %s\" role=\"img\" "
              "aria-labelledby=\"%s-title %s-desc\" viewBox=\"0 0 %s %s\" "
              "font-family=\"Arial, Helvetica, sans-serif\" font-size=\"13\" fill=\"" C_TEXT "\">",
              zClass, c->zId, c->zId, zW, zH);
}

/* ---- legend ------------------------------------------------------------------------ */

enum lg_kind { LG_MARK, LG_MARK95, LG_WITHIN, LG_LINE, LG_DASH, LG_BAND, LG_TICK, LG_BOARD, LG_WHISKER, LG_AREA };
struct lg_item { enum lg_kind kind; int cmp; const char *zColour; char zText[200]; double x; int row; };
struct legend { struct lg_item a[20]; int n; int nRow; };

static void lg_add(struct legend *l, enum lg_kind kind, int cmp, const char *zColour, const char *zText){
  if( l->n >= (int)(sizeof l->a/sizeof l->a[0]) ) return;
  struct lg_item *it = &l->a[l->n++];
  it->kind = kind; it->cmp = cmp; it->zColour = zColour;
  text_copy(it->zText, sizeof it->zText, zText);
}
/* Place the items in rows across the width W; returns the rows. */
static int lg_layout(struct legend *l, double W){
  double x = 8, maxX = W - 8;
  int row = 0;
  for(int i=0; i<l->n; i++){
    double w = 28 + text_w(l->a[i].zText, FONT);
    if( x>8 && x+w>maxX ){ row++; x = 8; }
    l->a[i].x = x; l->a[i].row = row;
    x += w + 16;
  }
  l->nRow = l->n ? row+1 : 0;
  return l->nRow;
}
static void lg_write(struct cx *c, const struct legend *l, double y0){
  html_printf(c->o, "<g class=\"ichart-legend\">");
  for(int i=0; i<l->n; i++){
    const struct lg_item *it = &l->a[i];
    double x = it->x, y = y0 + LEGEND_ROW*it->row, ym = y - 4.5;
    char zX0[24], zX1[24], zXm[24], zY[24], zY0[24], zY1[24];
    fmt_xy(zX0, sizeof zX0, x); fmt_xy(zX1, sizeof zX1, x+22); fmt_xy(zXm, sizeof zXm, x+11);
    fmt_xy(zY, sizeof zY, ym); fmt_xy(zY0, sizeof zY0, ym-7); fmt_xy(zY1, sizeof zY1, ym+7);
    switch( it->kind ){
      case LG_MARK: use_marker(c, azCmpId[it->cmp], "", x+11, ym); break;
      case LG_MARK95: use_marker(c, azCmpId[it->cmp], "-95", x+11, ym); break;
      case LG_WITHIN: use_marker(c, "within", "", x+11, ym); break;
      case LG_LINE:
        html_printf(c->o, "<path d=\"M%s %sH%s\" stroke=\"%s\" stroke-width=\"2\"/>", zX0, zY, zX1, it->zColour);
        break;
      case LG_DASH:
        html_printf(c->o, "<path d=\"M%s %sH%s\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>", zX0, zY, zX1, it->zColour);
        break;
      case LG_BAND:
        rect_at(c, "ichart-key", x, ym-6, 22, 12, it->zColour);
        break;
      case LG_TICK:
        rect_at(c, "ichart-key", x+10, ym-8, 2, 16, it->zColour);
        break;
      case LG_BOARD: {
        char zBx[24], zBy[24];
        fmt_xy(zBx, sizeof zBx, x+8.5); fmt_xy(zBy, sizeof zBy, ym-8);
        html_printf(c->o, "<rect class=\"ichart-key\" x=\"%s\" y=\"%s\" width=\"5\" height=\"16\" fill=\"#FFFFFF\" "
                    "stroke=\"" C_EDGE "\" stroke-width=\"1.5\"/>", zBx, zBy);
        break;
      }
      case LG_WHISKER:
        html_printf(c->o, "<path d=\"M%s %sH%sM%s %sV%sM%s %sV%s\" stroke=\"" C_EDGE "\" stroke-width=\"1.5\" fill=\"none\"/>",
                    zX0, zY, zX1, zX0, zY0, zY1, zX1, zY0, zY1);
        break;
      case LG_AREA:
        html_printf(c->o, "<path d=\"M%s %sH%s\" stroke=\"" C_LINE "\" stroke-width=\"2\"/>", zX0, zY, zX1);
        use_marker(c, azCmpId[it->cmp], "", x+11, ym);
        break;
    }
    text_at(c, x+28, y, "start", C_TEXT, 0, false, it->zText);
  }
  html_printf(c->o, "</g>");
}

/* ---- axes ------------------------------------------------------------------------------ */

struct axis { double lo, hi, step; int dec; };

/* A range from mn to mx in about nTick round steps (1, 2, 5 times a power
** of ten), widened to whole steps; dec is the decimals its ticks need. */
static void axis_nice(struct axis *a, double mn, double mx, int nTick){
  if( !(mn<=mx) || !isfinite(mn) || !isfinite(mx) ){ mn = 0; mx = 1; }
  if( mx-mn < 1e-12*fmax(1.0, fabs(mx)) ){
    double d = fabs(mx)*0.1;
    if( d==0 ) d = 1;
    if( mn>=0 && mn-d<0 ) mn = 0; else mn -= d;
    mx += d;
  }
  if( nTick<2 ) nTick = 2;
  double raw = (mx-mn)/nTick;
  double k = floor(log10(raw));
  double f = raw/pow(10.0, k), nf = f<1.5 ? 1 : f<3 ? 2 : f<7 ? 5 : 10;
  a->step = nf*pow(10.0, k);
  a->lo = floor(mn/a->step + 1e-9)*a->step;
  a->hi = ceil(mx/a->step - 1e-9)*a->step;
  if( a->hi<=a->lo ) a->hi = a->lo + a->step;
  int kk = (int)k + (nf==10 ? 1 : 0);
  a->dec = kk<0 ? -kk : 0;
  if( a->dec>6 ) a->dec = 6;
}
static int axis_ticks(const struct axis *a){
  long n = lround((a->hi - a->lo)/a->step);
  return n<1 ? 1 : n>100 ? 100 : (int)n;
}
static void axis_label(const struct axis *a, const struct chart_ind_format *f, double v, char *z, size_t nz){
  struct chart_ind_format t = { a->dec, f ? f->bPercent : false, 0 };
  if( fabs(v) < a->step*1e-9 ) v = 0.0;
  chart_ind_number(z, nz, v, &t);
}

/* The y axis of a plot between top and bottom over *ay: the label of each
** of its nTick+1 ticks, written into the open SVG at the left of the plot,
** and the horizontal grid line of each, appended to *pGrid. */
static void y_axis(struct cx *c, const struct axis *ay, const struct chart_ind_format *f, int nTick,
                   double left, double right, double top, double bottom, struct buf *pGrid){
  char zV[48];
  for(int q=0; q<=nTick; q++){
    double v = ay->lo + q*ay->step, yy = top + (ay->hi - v)/(ay->hi - ay->lo)*(bottom - top);
    pcmd(pGrid, 'M', left, yy); pcmd(pGrid, 'H', right, 0);
    axis_label(ay, f, v, zV, sizeof zV);
    text_at(c, left-6, yy + 4.5, "end", C_TEXT, 0, false, zV);
  }
}

/* ---- values --------------------------------------------------------------------------- */

static bool has_value(const struct chart_ind_value *v){
  return v->gap==CHART_IND_GAP_NONE && isfinite(v->value);
}
/* Why v has no value, in words. */
static const char *gap_reason(enum lang lang, const struct chart_ind_value *v){
  if( v->zReason && v->zReason[0] ) return v->zReason;
  if( v->gap==CHART_IND_GAP_SUPPRESSED ) return i18n_get(lang, "chart.ind.gap.suppressed");
  return i18n_get(lang, "chart.ind.gap.no_data");
}
static const char *gap_short(enum lang lang, const struct chart_ind_value *v){
  if( v->gap==CHART_IND_GAP_SUPPRESSED ) return i18n_get(lang, "chart.ind.gap.suppressed_short");
  return i18n_get(lang, "chart.ind.gap.no_data");
}

/* "12.3% (11.0% to 13.7%)", or the value alone without an interval, or
** the reason when there is no value. */
static void value_ci(enum lang lang, const struct chart_ind_value *v, const struct chart_ind_format *f,
                     char *z, size_t nz){
  if( !has_value(v) ){ snprintf(z, nz, "%s", gap_reason(lang, v)); return; }
  char zV[48], zL[48], zU[48];
  chart_ind_number(zV, sizeof zV, v->value, f);
  if( isfinite(v->lower) && isfinite(v->upper) ){
    chart_ind_number(zL, sizeof zL, v->lower, f);
    chart_ind_number(zU, sizeof zU, v->upper, f);
    snprintf(z, nz, "%s (%s %s %s)", zV, zL, i18n_get(lang, "chart.ind.to"), zU);
  }else{
    snprintf(z, nz, "%s", zV);
  }
}

static const char *cmp_key_wales(enum chart_ind_cmp k){
  switch( k ){
    case CHART_IND_CMP_BETTER: return "chart.ind.vs_wales.better";
    case CHART_IND_CMP_SIMILAR: return "chart.ind.vs_wales.similar";
    case CHART_IND_CMP_WORSE: return "chart.ind.vs_wales.worse";
    case CHART_IND_CMP_HIGHER: return "chart.ind.vs_wales.higher";
    case CHART_IND_CMP_LOWER: return "chart.ind.vs_wales.lower";
    default: return "chart.ind.vs.none";
  }
}
static const char *cmp_key_board(enum chart_ind_cmp k){
  switch( k ){
    case CHART_IND_CMP_BETTER: return "chart.ind.vs_board.better";
    case CHART_IND_CMP_SIMILAR: return "chart.ind.vs_board.similar";
    case CHART_IND_CMP_WORSE: return "chart.ind.vs_board.worse";
    case CHART_IND_CMP_HIGHER: return "chart.ind.vs_board.higher";
    case CHART_IND_CMP_LOWER: return "chart.ind.vs_board.lower";
    default: return "chart.ind.vs.none";
  }
}
/* The order comparisons are listed in: what needs attention first. */
static const enum chart_ind_cmp aCmpOrder[CHART_IND_CMP__MAX] = {
  CHART_IND_CMP_WORSE, CHART_IND_CMP_SIMILAR, CHART_IND_CMP_BETTER, CHART_IND_CMP_HIGHER,
  CHART_IND_CMP_LOWER, CHART_IND_CMP_NONE };

/* The comparison as the chart draws it: none without a value. */
static enum chart_ind_cmp shown_cmp(const struct chart_ind_value *v, enum chart_ind_cmp k){
  if( !has_value(v) || !cmp_ok(k) ) return CHART_IND_CMP_NONE;
  return k;
}

enum chart_ind_cmp chart_ind_compare(const struct chart_ind_value *v, double comparator,
                                     enum chart_ind_polarity polarity){
  if( !v || !has_value(v) || !isfinite(comparator) || !isfinite(v->lower) || !isfinite(v->upper) ){
    return CHART_IND_CMP_NONE;
  }
  int side = v->lower>comparator ? 1 : v->upper<comparator ? -1 : 0;
  if( side==0 ) return CHART_IND_CMP_SIMILAR;
  switch( polarity ){
    case CHART_IND_HIGHER_BETTER: return side>0 ? CHART_IND_CMP_BETTER : CHART_IND_CMP_WORSE;
    case CHART_IND_LOWER_BETTER: return side>0 ? CHART_IND_CMP_WORSE : CHART_IND_CMP_BETTER;
    default: return side>0 ? CHART_IND_CMP_HIGHER : CHART_IND_CMP_LOWER;
  }
}

static int cmp_double(const void *a, const void *b){
  double x = *(const double *)a, y = *(const double *)b;
  return x<y ? -1 : x>y ? 1 : 0;
}

bool chart_ind_range_of(const double *a, size_t n, double *aScratch, struct chart_ind_range *pOut){
  size_t m = 0;
  for(size_t i=0; i<n; i++) if( isfinite(a[i]) ) aScratch[m++] = a[i];
  if( m==0 ){
    pOut->lowest = pOut->p25 = pOut->p75 = pOut->highest = NAN;
    return false;
  }
  qsort(aScratch, m, sizeof(double), cmp_double);
  double h25 = 0.25*(double)(m-1), h75 = 0.75*(double)(m-1);
  size_t i25 = (size_t)h25, i75 = (size_t)h75;
  pOut->lowest = aScratch[0];
  pOut->highest = aScratch[m-1];
  pOut->p25 = aScratch[i25] + (i25+1<m ? (h25-(double)i25)*(aScratch[i25+1]-aScratch[i25]) : 0.0);
  pOut->p75 = aScratch[i75] + (i75+1<m ? (h75-(double)i75)*(aScratch[i75+1]-aScratch[i75]) : 0.0);
  return true;
}

/* A list of names for a description: "A, B, C". */
static void list_add(struct buf *pList, const char *z){
  if( pList->n ) buf_puts(pList, ", ");
  buf_puts(pList, z ? z : "");
}

/* ---- tables ------------------------------------------------------------------------------ */

/* A row's header cell of a responsive table: its column heading shown
** beside it on a small screen, as the other cells'. */
static void table_row_header(struct buf *b, const char *zHeading, const char *zText){
  html_printf(b, "<th scope=\"row\" class=\"nhsuk-table__header\"><span class=\"nhsuk-table-responsive__heading\" "
              "aria-hidden=\"true\">%s </span>%s</th>", zHeading, zText);
}
/* A cell of a number (not broken across lines), or of words (the reason
** for a gap, which may wrap). */
static void table_num(struct buf *b, const char *zHeading, const char *zText){
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric cc-nowrap", zHeading);
  html_printf(b, "%s", zText);
  nhsuk_rtable_cell_end(b);
}
static void table_words(struct buf *b, const char *zHeading, const char *zText){
  nhsuk_rtable_cell_begin(b, "nhsuk-table__cell--numeric", zHeading);
  html_printf(b, "%s", zText);
  nhsuk_rtable_cell_end(b);
}
/* The value's cell and its interval's: the value, or the reason it has
** none; "11.0% to 13.7%" (which may break after "to"), or nothing. */
static void table_value_ci(struct buf *b, enum lang lang, const char *zHValue, const char *zHCi,
                           const struct chart_ind_value *v, const struct chart_ind_format *f){
  char zA[48], zB[48], zT[128];
  if( !has_value(v) ){
    table_words(b, zHValue, gap_reason(lang, v));
    table_num(b, zHCi, "");
    return;
  }
  chart_ind_number(zA, sizeof zA, v->value, f);
  table_num(b, zHValue, zA);
  zT[0] = 0;
  if( isfinite(v->lower) && isfinite(v->upper) ){
    chart_ind_number(zA, sizeof zA, v->lower, f);
    chart_ind_number(zB, sizeof zB, v->upper, f);
    snprintf(zT, sizeof zT, "%s %s %s", zA, i18n_get(lang, "chart.ind.to"), zB);
  }
  table_words(b, zHCi, zT);
}

/* ======================================================================================== */
/* ---- spine chart ------------------------------------------------------------------------ */

/* The scale of one row: x = xc + sgn (v - centre) / d * half. */
struct spine_scale { double centre, d, sgn, xc, half; bool bOk; };

static void spine_scale_of(const struct chart_ind_spine_row *r, double xc, double half, struct spine_scale *s){
  const struct chart_ind_range *g = &r->range;
  bool bArea = has_value(&r->area);
  s->xc = xc; s->half = half; s->bOk = true;
  s->sgn = r->polarity==CHART_IND_LOWER_BETTER ? -1.0 : 1.0;
  if( isfinite(r->wales) ) s->centre = r->wales;
  else if( isfinite(g->lowest) && isfinite(g->highest) ) s->centre = (g->lowest + g->highest)/2;
  else if( bArea ) s->centre = r->area.value;
  else{ s->bOk = false; s->centre = 0; s->d = 1; return; }
  double a[6] = { g->lowest, g->highest, g->p25, g->p75, bArea ? r->area.value : NAN,
                  has_value(&r->board) ? r->board.value : NAN };
  double d = 0;
  for(int k=0; k<6; k++) if( isfinite(a[k]) && fabs(a[k]-s->centre)>d ) d = fabs(a[k]-s->centre);
  if( !(d>0) || !isfinite(d) ) d = fabs(s->centre)>0 ? fabs(s->centre)*0.1 : 1.0;
  s->d = d;
}
static double spine_x(const struct spine_scale *s, double v){
  double x = s->xc + s->sgn*(v - s->centre)/s->d*s->half;
  double lo = s->xc - s->half, hi = s->xc + s->half;
  return x<lo ? lo : x>hi ? hi : x;
}

struct spine_layout {
  double W, H;
  bool bStacked;
  double nameX, nameW, spineL, spineR, xc, half;
  int nChars;
  double yRows, headerRows;
  struct legend lg;
};

/* The height of row r in layout L, with its number of name lines. */
static double spine_row_h(const struct spine_layout *L, int nLines){
  if( L->bStacked ) return nLines*LINE_H + 32;
  double block = nLines*LINE_H > 22 ? nLines*LINE_H : 22;
  return block + 14;
}

void chart_ind_spine_describe(struct buf *o, const struct chart_ind_spine *p){
  enum lang lang = p->lang;
  size_t n = p->aRow ? p->n : 0;
  char zN[32];
  snprintf(zN, sizeof zN, "%zu", n);
  html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.desc"), p->zArea ? p->zArea : "", zN);
  struct buf list = {0};
  for(int j=0; j<CHART_IND_CMP__MAX; j++){
    enum chart_ind_cmp k = aCmpOrder[j];
    size_t m = 0;
    buf_reset(&list);
    for(size_t i=0; i<n; i++){
      const struct chart_ind_spine_row *r = &p->aRow[i];
      if( shown_cmp(&r->area, r->cmp)!=k ) continue;
      m++;
      list_add(&list, r->zName);
      if( k==CHART_IND_CMP_NONE && !has_value(&r->area) ){
        buf_puts(&list, " (");
        buf_puts(&list, gap_reason(lang, &r->area));
        buf_puts(&list, ")");
      }
    }
    snprintf(zN, sizeof zN, "%zu", m);
    if( m==0 ){
      if( k==CHART_IND_CMP_WORSE ){
        html_printf(o, " ");
        html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.worse_none"));
      }
      continue;
    }
    html_printf(o, " ");
    const char *zList = buf_cstr(&list);
    if( m==1 ){
      /* A literal key per comparison, for the catalogue checks. */
      switch( k ){
        case CHART_IND_CMP_WORSE: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.worse_one"), zList); break;
        case CHART_IND_CMP_SIMILAR: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.similar_one"), zList); break;
        case CHART_IND_CMP_BETTER: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.better_one"), zList); break;
        case CHART_IND_CMP_HIGHER: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.higher_one"), zList); break;
        case CHART_IND_CMP_LOWER: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.lower_one"), zList); break;
        default: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.none_one"), zList); break;
      }
    }else{
      switch( k ){
        case CHART_IND_CMP_WORSE: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.worse_many"), zN, zList); break;
        case CHART_IND_CMP_SIMILAR: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.similar_many"), zN, zList); break;
        case CHART_IND_CMP_BETTER: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.better_many"), zN, zList); break;
        case CHART_IND_CMP_HIGHER: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.higher_many"), zN, zList); break;
        case CHART_IND_CMP_LOWER: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.lower_many"), zN, zList); break;
        default: html_printf_t(o, I18N_FORMAT(lang, "chart.ind.spine.none_many"), zN, zList); break;
      }
    }
  }
  buf_free(&list);
}

void chart_ind_spine_svg(struct buf *pOut, const struct chart_ind_spine *p){
  struct cx cc = { pOut, p->lang, p->zId ? p->zId : "spine" }, *c = &cc;
  enum lang lang = p->lang;
  size_t n = p->aRow ? p->n : 0;
  struct spine_layout L;
  memset(&L, 0, sizeof L);
  char zT[200];

  L.W = p->width>0 ? p->width : 400;
  if( L.W<280 ) L.W = 280;
  if( L.W>2000 ) L.W = 2000;
  L.bStacked = L.W < 560;
  L.nameX = 8;
  if( L.bStacked ){
    L.nameW = L.W - 16;
    L.spineL = 12; L.spineR = L.W - 12;
  }else{
    L.nameW = floor(L.W*0.36);
    L.spineL = L.nameW + 28; L.spineR = L.W - 12;
  }
  L.nChars = (int)(L.nameW/(CHAR_EM*FONT_NAME));
  L.xc = (L.spineL + L.spineR)/2;
  L.half = (L.spineR - L.spineL)/2;

  /* The header: worst at the left, Wales at the centre, best at the right;
  ** Wales on a line of its own when they would meet. */
  const char *zWorst = i18n_get(lang, "chart.ind.col.worst");
  const char *zBest = i18n_get(lang, "chart.ind.col.best");
  const char *zWales = i18n_get(lang, "chart.ind.wales");
  double wCentre = text_w(zWales, 13)/2 + 6;
  bool bTwoHeaders = L.spineL + text_w(zWorst, 13) > L.xc - wCentre
                  || L.spineR - text_w(zBest, 13) < L.xc + wCentre;
  L.headerRows = bTwoHeaders ? 2 : 1;
  L.yRows = 10 + 16*L.headerRows;

  /* Rows: their heights. */
  char aLine[WRAP_MAX][WRAP_BYTES];
  double yEnd = L.yRows;
  bool aUsed[CHART_IND_CMP__MAX] = {0};
  bool bBoard = false, bRange = false, bIqr = false, bWalesAny = false;
  for(size_t i=0; i<n; i++){
    const struct chart_ind_spine_row *r = &p->aRow[i];
    int nLines = wrap(r->zName, L.nChars, aLine);
    yEnd += spine_row_h(&L, nLines);
    if( has_value(&r->area) ){
      aUsed[shown_cmp(&r->area, r->cmp)] = true;
      if( has_value(&r->board) ) bBoard = true;
      if( isfinite(r->range.lowest) && isfinite(r->range.highest) ) bRange = true;
      if( isfinite(r->range.p25) && isfinite(r->range.p75) ) bIqr = true;
      if( isfinite(r->wales) ) bWalesAny = true;
    }
  }

  /* The legend. */
  if( bRange ) lg_add(&L.lg, LG_BAND, 0, C_RANGE, i18n_get(lang, "chart.ind.legend.range"));
  if( bIqr ) lg_add(&L.lg, LG_BAND, 0, C_IQR, tr(lang, "chart.ind.legend.iqr", zT, sizeof zT));
  if( bWalesAny ) lg_add(&L.lg, LG_TICK, 0, C_WALES, zWales);
  if( bBoard ) lg_add(&L.lg, LG_BOARD, 0, 0, p->zBoard && p->zBoard[0] ? p->zBoard : i18n_get(lang, "chart.ind.col.board"));
  for(int j=0; j<CHART_IND_CMP__MAX; j++){
    enum chart_ind_cmp k = aCmpOrder[j];
    if( aUsed[k] ) lg_add(&L.lg, LG_MARK, k, 0, i18n_get(lang, cmp_key_wales(k)));
  }
  lg_layout(&L.lg, L.W);
  L.H = yEnd + (L.lg.nRow ? 22 + LEGEND_ROW*L.lg.nRow : 8);

  /* ---- write ---- */
  svg_begin(c, "ichart-spine", L.W, L.H);
  tr1(lang, p->bBoard ? "chart.ind.spine.title_board" : "chart.ind.spine.title", p->zArea, zT, sizeof zT);
  html_printf(pOut, "<title id=\"%s-title\">%s</title><desc id=\"%s-desc\">", c->zId, zT, c->zId);
  chart_ind_spine_describe(pOut, p);
  html_printf(pOut, "</desc>");
  marker_defs(c, 7, false);
  rect_at(c, "ichart-bg", 0, 0, L.W, L.H, "#FFFFFF");

  html_printf(pOut, "<g class=\"ichart-header\">");
  if( !L.bStacked ) text_at(c, L.nameX, 20, "start", C_TEXT2, 0, true, i18n_get(lang, "chart.ind.col.indicator"));
  text_at(c, L.spineL, 20, "start", C_TEXT2, 0, true, zWorst);
  text_at(c, L.spineR, 20, "end", C_TEXT2, 0, true, zBest);
  text_at(c, L.xc, bTwoHeaders ? 36 : 20, "middle", C_TEXT2, 0, true, zWales);
  html_printf(pOut, "</g>");

  double y = L.yRows;
  for(size_t i=0; i<n; i++){
    const struct chart_ind_spine_row *r = &p->aRow[i];
    int nLines = wrap(r->zName, L.nChars, aLine);
    double h = spine_row_h(&L, nLines);
    double yc = L.bStacked ? y + nLines*LINE_H + 16 : y + h/2;
    bool bArea = has_value(&r->area);
    enum chart_ind_cmp k = shown_cmp(&r->area, r->cmp);

    html_printf(pOut, "<g class=\"ichart-row\" data-cmp=\"%s\">", azCmpId[k]);
    /* The row's summary as its tooltip. */
    value_ci(lang, &r->area, &r->fmt, zT, sizeof zT);
    html_printf(pOut, "<title>%s: %s", r->zName ? r->zName : "", zT);
    if( bArea ) html_printf(pOut, " – %s", i18n_get(lang, cmp_key_wales(k)));
    html_printf(pOut, "</title>");
    if( i>0 ){
      char zX0[24], zX1[24], zY[24];
      fmt_xy(zX0, sizeof zX0, 0); fmt_xy(zX1, sizeof zX1, L.W); fmt_xy(zY, sizeof zY, y);
      html_printf(pOut, "<path class=\"ichart-rule\" d=\"M%s %sH%s\" stroke=\"" C_RULE "\"/>", zX0, zY, zX1);
    }
    /* The name. */
    for(int l=0; l<nLines; l++){
      double yl = L.bStacked ? y + 15 + l*LINE_H : yc - (nLines-1)*LINE_H/2 + l*LINE_H + FONT_NAME*0.35;
      text_at(c, L.nameX, yl, "start", C_TEXT, FONT_NAME, false, aLine[l]);
    }
    struct spine_scale s;
    spine_scale_of(r, L.xc, L.half, &s);
    if( !bArea || !s.bOk ){
      /* A gap: the reason where the row would be. */
      text_italic(c, L.xc, yc + 4, "middle", bArea ? i18n_get(lang, "chart.ind.gap.no_data") : gap_reason(lang, &r->area));
      html_printf(pOut, "</g>");
      y += h;
      continue;
    }
    const struct chart_ind_range *g = &r->range;
    if( isfinite(g->lowest) && isfinite(g->highest) ){
      double x0 = spine_x(&s, g->lowest), x1 = spine_x(&s, g->highest);
      rect_at(c, "ichart-range", fmin(x0, x1), yc-7, fabs(x1-x0), 14, C_RANGE);
    }
    if( isfinite(g->p25) && isfinite(g->p75) ){
      double x0 = spine_x(&s, g->p25), x1 = spine_x(&s, g->p75);
      rect_at(c, "ichart-iqr", fmin(x0, x1), yc-7, fabs(x1-x0), 14, C_IQR);
    }
    if( isfinite(r->wales) ){
      char zX[24], zY0[24], zY1[24];
      fmt_xy(zX, sizeof zX, spine_x(&s, r->wales));
      fmt_xy(zY0, sizeof zY0, L.bStacked ? yc-12 : y);
      fmt_xy(zY1, sizeof zY1, L.bStacked ? yc+12 : y+h);
      html_printf(pOut, "<path class=\"ichart-wales\" d=\"M%s %sV%s\" stroke=\"" C_WALES "\" stroke-width=\"2\"/>", zX, zY0, zY1);
    }
    if( has_value(&r->board) ){
      char zX[24], zY[24];
      fmt_xy(zX, sizeof zX, spine_x(&s, r->board.value)-2.5); fmt_xy(zY, sizeof zY, yc-9);
      html_printf(pOut, "<rect class=\"ichart-board\" x=\"%s\" y=\"%s\" width=\"5\" height=\"18\" fill=\"#FFFFFF\" "
                  "stroke=\"" C_EDGE "\" stroke-width=\"1.5\"/>", zX, zY);
    }
    html_printf(pOut, "<g class=\"ichart-mark\">");
    use_marker(c, azCmpId[k], "", spine_x(&s, r->area.value), yc);
    html_printf(pOut, "</g></g>");
    y += h;
  }
  if( L.lg.n ) lg_write(c, &L.lg, yEnd + 24);
  html_printf(pOut, "</svg>");
}

void chart_ind_spine_table(struct buf *b, const struct chart_ind_spine *p){
  enum lang lang = p->lang;
  size_t n = p->aRow ? p->n : 0;
  char zT[256], zH[200], zCap[300], zTid[128];
  snprintf(zTid, sizeof zTid, "%s-table", p->zId ? p->zId : "spine");
  tr1(lang, p->bBoard ? "chart.ind.spine.title_board" : "chart.ind.spine.title", p->zArea, zCap, sizeof zCap);
  const char *azHead[9] = {
    i18n_get(lang, "chart.ind.col.indicator"), i18n_get(lang, "chart.ind.col.period"),
    p->zArea && p->zArea[0] ? p->zArea : i18n_get(lang, "chart.ind.col.cluster"),
    tr(lang, "chart.ind.col.ci", zH, sizeof zH), i18n_get(lang, "chart.ind.col.vs_wales"),
    i18n_get(lang, "chart.ind.col.board"), i18n_get(lang, "chart.ind.wales"),
    i18n_get(lang, "chart.ind.col.worst"), i18n_get(lang, "chart.ind.col.best") };
  nhsuk_rtable_begin(b, "nhsuk-table--compact nhsuk-u-font-size-16 cc-data cc-ichart-table", zTid, zCap);
  for(int k=0; k<9; k++) nhsuk_rtable_header(b, azHead[k], k==2 || k==3 || k>=5);
  nhsuk_table_body(b);
  for(size_t i=0; i<n; i++){
    const struct chart_ind_spine_row *r = &p->aRow[i];
    enum chart_ind_cmp k = shown_cmp(&r->area, r->cmp);
    nhsuk_rtable_row_begin(b, has_value(&r->area) ? 0 : "ichart-gap-row", 0);
    if( r->fmt.zUnit && r->fmt.zUnit[0] ) snprintf(zT, sizeof zT, "%s (%s)", r->zName ? r->zName : "", r->fmt.zUnit);
    else snprintf(zT, sizeof zT, "%s", r->zName ? r->zName : "");
    table_row_header(b, azHead[0], zT);
    nhsuk_rtable_cell(b, azHead[1], r->zPeriod ? r->zPeriod : "");
    table_value_ci(b, lang, azHead[2], azHead[3], &r->area, &r->fmt);
    nhsuk_rtable_cell(b, azHead[4], has_value(&r->area) ? i18n_get(lang, cmp_key_wales(k)) : "");
    chart_ind_number(zT, sizeof zT, has_value(&r->board) ? r->board.value : NAN, &r->fmt);
    table_num(b, azHead[5], zT);
    chart_ind_number(zT, sizeof zT, r->wales, &r->fmt);
    table_num(b, azHead[6], zT);
    double worst = r->polarity==CHART_IND_LOWER_BETTER ? r->range.highest : r->range.lowest;
    double best = r->polarity==CHART_IND_LOWER_BETTER ? r->range.lowest : r->range.highest;
    chart_ind_number(zT, sizeof zT, worst, &r->fmt);
    table_num(b, azHead[7], zT);
    chart_ind_number(zT, sizeof zT, best, &r->fmt);
    table_num(b, azHead[8], zT);
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
}

/* ======================================================================================== */
/* ---- bar chart -------------------------------------------------------------------------- */

/* The bars in the chart's order: by value, highest first; equal values in
** the given order; gaps last, in the given order. */
struct bar_ord { double v; size_t i; bool bGap; };
static int bar_ord_cmp(const void *pa, const void *pb){
  const struct bar_ord *a = pa, *b = pb;
  if( a->bGap!=b->bGap ) return a->bGap ? 1 : -1;
  if( !a->bGap ){
    if( a->v>b->v ) return -1;
    if( a->v<b->v ) return 1;
  }
  return a->i<b->i ? -1 : a->i>b->i ? 1 : 0;
}
/* A new array of the n bars' order (free() it). */
static struct bar_ord *bars_order(const struct chart_ind_bars *p, size_t n){
  struct bar_ord *a = xmalloc((n ? n : 1)*sizeof *a);
  for(size_t i=0; i<n; i++){
    a[i].i = i;
    a[i].bGap = !has_value(&p->aBar[i].v);
    a[i].v = a[i].bGap ? 0.0 : p->aBar[i].v.value;
  }
  qsort(a, n, sizeof *a, bar_ord_cmp);
  return a;
}

static const char *bars_cmp_key(const struct chart_ind_bars *p, enum chart_ind_cmp k){
  return p->bVsBoard ? cmp_key_board(k) : cmp_key_wales(k);
}

void chart_ind_bars_describe(struct buf *o, const struct chart_ind_bars *p){
  enum lang lang = p->lang;
  size_t n = p->aBar ? p->n : 0;
  char zN[32], zV[48], zV2[48];
  snprintf(zN, sizeof zN, "%zu", n);
  html_printf_t(o, I18N_FORMAT(lang, "chart.ind.bars.desc"), p->zTitle ? p->zTitle : "",
                p->zPeriod ? p->zPeriod : "", zN, p->zBoard ? p->zBoard : "");
  if( isfinite(p->wales) ){
    chart_ind_number(zV, sizeof zV, p->wales, &p->fmt);
    html_printf(o, " ");
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.desc.wales"), zV);
  }
  if( isfinite(p->board) ){
    chart_ind_number(zV, sizeof zV, p->board, &p->fmt);
    html_printf(o, " ");
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.desc.value"),
                  p->zBoard && p->zBoard[0] ? p->zBoard : i18n_get(lang, "chart.ind.col.board"), zV);
  }
  struct bar_ord *a = bars_order(p, n);
  size_t nVal = 0;
  while( nVal<n && !a[nVal].bGap ) nVal++;
  if( nVal>=2 ){
    chart_ind_number(zV, sizeof zV, a[0].v, &p->fmt);
    chart_ind_number(zV2, sizeof zV2, a[nVal-1].v, &p->fmt);
    html_printf(o, " ");
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.bars.extremes"), p->aBar[a[0].i].zName ? p->aBar[a[0].i].zName : "",
                  zV, p->aBar[a[nVal-1].i].zName ? p->aBar[a[nVal-1].i].zName : "", zV2);
  }
  struct buf list = {0};
  for(int j=0; j<CHART_IND_CMP__MAX; j++){
    enum chart_ind_cmp k = aCmpOrder[j];
    size_t m = 0;
    buf_reset(&list);
    for(size_t t=0; t<n; t++){
      const struct chart_ind_bar *r = &p->aBar[a[t].i];
      if( a[t].bGap ) continue;
      if( shown_cmp(&r->v, r->cmp)!=k ) continue;
      m++;
      list_add(&list, r->zName);
    }
    if( !m ) continue;
    snprintf(zN, sizeof zN, "%zu", m);
    html_printf(o, " ");
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.desc.group"), i18n_get(lang, bars_cmp_key(p, k)), zN, buf_cstr(&list));
  }
  buf_reset(&list);
  size_t nGap = 0;
  for(size_t t=nVal; t<n; t++){
    const struct chart_ind_bar *r = &p->aBar[a[t].i];
    list_add(&list, r->zName);
    buf_puts(&list, " (");
    buf_puts(&list, gap_reason(lang, &r->v));
    buf_puts(&list, ")");
    nGap++;
  }
  if( nGap ){
    snprintf(zN, sizeof zN, "%zu", nGap);
    html_printf(o, " ");
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.desc.group"), i18n_get(lang, "chart.ind.desc.no_value"), zN, buf_cstr(&list));
  }
  buf_free(&list);
  free(a);
}

/* A whisker from x0 to x1 at y, capped at each end that is known. */
static void whisker_h(struct buf *d, double x0, bool b0, double x1, bool b1, double y, double cap){
  pcmd(d, 'M', x0, y); pcmd(d, 'H', x1, 0);
  if( b0 ){ pcmd(d, 'M', x0, y-cap); pcmd(d, 'V', y+cap, 0); }
  if( b1 ){ pcmd(d, 'M', x1, y-cap); pcmd(d, 'V', y+cap, 0); }
}

void chart_ind_bars_svg(struct buf *pOut, const struct chart_ind_bars *p){
  struct cx cc = { pOut, p->lang, p->zId ? p->zId : "bars" }, *c = &cc;
  enum lang lang = p->lang;
  size_t n = p->aBar ? p->n : 0;
  char zT[256], zV[48];
  char aLine[WRAP_MAX][WRAP_BYTES];

  double W = p->width>0 ? p->width : 400;
  if( W<280 ) W = 280;
  if( W>2000 ) W = 2000;
  bool bStacked = W < 560;

  /* The value axis: from zero (or the lowest value below it) to the
  ** highest limit, value or line. */
  double mn = 0, mx = 0;
  double valueW = 0;
  bool aUsed[CHART_IND_CMP__MAX] = {0};
  bool bCi = false;
  for(size_t i=0; i<n; i++){
    const struct chart_ind_value *v = &p->aBar[i].v;
    if( !has_value(v) ) continue;
    double a[3] = { v->value, v->lower, v->upper };
    for(int k=0; k<3; k++) if( isfinite(a[k]) ){ if( a[k]<mn ) mn = a[k]; if( a[k]>mx ) mx = a[k]; }
    if( isfinite(v->lower) || isfinite(v->upper) ) bCi = true;
    aUsed[shown_cmp(v, p->aBar[i].cmp)] = true;
    chart_ind_number(zV, sizeof zV, v->value, &p->fmt);
    if( text_w(zV, FONT)>valueW ) valueW = text_w(zV, FONT);
  }
  if( isfinite(p->wales) ){ if( p->wales<mn ) mn = p->wales; if( p->wales>mx ) mx = p->wales; }
  if( isfinite(p->board) ){ if( p->board<mn ) mn = p->board; if( p->board>mx ) mx = p->board; }
  struct axis ax;
  axis_nice(&ax, mn, mx, bStacked ? 4 : 6);

  double nameX, plotL, plotR, markX, valueX;
  int nChars;
  if( bStacked ){
    markX = 15; nameX = 28; valueX = W - 8;
    nChars = (int)((W - nameX - valueW - 16)/(CHAR_EM*FONT_NAME));
    plotL = 12; plotR = W - 14;
  }else{
    double nameW = floor(W*0.34);
    nameX = nameW; markX = nameW + 12; valueX = W - 8;
    nChars = (int)((nameW - 8)/(CHAR_EM*FONT_NAME));
    plotL = nameW + 26; plotR = W - valueW - 20;
  }
  double span = ax.hi - ax.lo;
  #define BX(v) (plotL + ((v) - ax.lo)/span*(plotR - plotL))

  /* Labels of the lines above the rows, on two lines when they meet. */
  struct { char z[120]; double x, w; int row; bool bOn; } aLab[2];
  memset(aLab, 0, sizeof aLab);
  if( isfinite(p->wales) ){
    chart_ind_number(zV, sizeof zV, p->wales, &p->fmt);
    snprintf(aLab[0].z, sizeof aLab[0].z, "%s %s", i18n_get(lang, "chart.ind.wales"), zV);
    aLab[0].bOn = true; aLab[0].x = BX(p->wales);
  }
  if( isfinite(p->board) ){
    chart_ind_number(zV, sizeof zV, p->board, &p->fmt);
    snprintf(aLab[1].z, sizeof aLab[1].z, "%s %s", i18n_get(lang, "chart.ind.col.board"), zV);
    aLab[1].bOn = true; aLab[1].x = BX(p->board);
  }
  int nLabRow = 0;
  for(int k=0; k<2; k++){
    if( !aLab[k].bOn ) continue;
    aLab[k].w = text_w(aLab[k].z, FONT);
    /* Keep the label inside the chart. */
    double lo = 4 + aLab[k].w/2, hi = W - 4 - aLab[k].w/2;
    if( aLab[k].x<lo ) aLab[k].x = lo;
    if( aLab[k].x>hi ) aLab[k].x = hi;
  }
  if( aLab[0].bOn ){ aLab[0].row = 0; nLabRow = 1; }
  if( aLab[1].bOn ){
    aLab[1].row = 0;
    if( aLab[0].bOn && fabs(aLab[0].x - aLab[1].x) < (aLab[0].w + aLab[1].w)/2 + 10 ){ aLab[1].row = 1; nLabRow = 2; }
    else if( !nLabRow ) nLabRow = 1;
  }
  double yRows = 10 + 16.0*nLabRow + (nLabRow ? 4 : 0);

  /* Rows. */
  struct bar_ord *ord = bars_order(p, n);
  double yEnd = yRows;
  for(size_t t=0; t<n; t++){
    int nLines = wrap(p->aBar[ord[t].i].zName, nChars, aLine);
    yEnd += bStacked ? nLines*LINE_H + 30 : (nLines*LINE_H > 18 ? nLines*LINE_H : 18) + 12;
  }
  bool bUnit = p->fmt.zUnit && p->fmt.zUnit[0];
  double yAxis = yEnd + 2;

  struct legend lg;
  memset(&lg, 0, sizeof lg);
  if( isfinite(p->wales) ) lg_add(&lg, LG_LINE, 0, C_WALES, i18n_get(lang, "chart.ind.wales"));
  if( isfinite(p->board) ) lg_add(&lg, LG_DASH, 0, C_BOARD, p->zBoard && p->zBoard[0] ? p->zBoard : i18n_get(lang, "chart.ind.col.board"));
  if( bCi ) lg_add(&lg, LG_WHISKER, 0, 0, tr(lang, "chart.ind.legend.ci", zT, sizeof zT));
  for(int j=0; j<CHART_IND_CMP__MAX; j++){
    enum chart_ind_cmp k = aCmpOrder[j];
    if( aUsed[k] ) lg_add(&lg, LG_MARK, k, 0, i18n_get(lang, bars_cmp_key(p, k)));
  }
  lg_layout(&lg, W);
  double yLegend = yAxis + 18 + (bUnit ? 20 : 0) + 24;
  double H = yLegend + (lg.nRow ? LEGEND_ROW*(lg.nRow-1) + 12 : -12);

  /* ---- write ---- */
  svg_begin(c, "ichart-bars", W, H);
  html_printf(pOut, "<title id=\"%s-title\">", c->zId);
  html_printf_t(pOut, I18N_FORMAT(lang, "chart.ind.bars.title"), p->zTitle ? p->zTitle : "", p->zBoard ? p->zBoard : "");
  html_printf(pOut, "</title><desc id=\"%s-desc\">", c->zId);
  chart_ind_bars_describe(pOut, p);
  html_printf(pOut, "</desc>");
  marker_defs(c, 6, false);
  rect_at(c, "ichart-bg", 0, 0, W, H, "#FFFFFF");

  /* Row geometry, walked twice: first the grid and the lines (the grid is
  ** drawn under the bars, the lines over them), then the rows. */
  struct buf grid = {0}, wales = {0}, board = {0}, whisk = {0};
  int nTick = axis_ticks(&ax);
  double y = yRows;
  for(size_t t=0; t<n; t++){
    int nLines = wrap(p->aBar[ord[t].i].zName, nChars, aLine);
    double h = bStacked ? nLines*LINE_H + 30 : (nLines*LINE_H > 18 ? nLines*LINE_H : 18) + 12;
    double yBar = bStacked ? y + nLines*LINE_H + 6 : y + h/2 - 7;
    double yZ0 = bStacked ? yBar - 5 : y, yZ1 = bStacked ? yBar + 19 : y + h;
    for(int q=0; q<=nTick; q++){
      double x = BX(ax.lo + q*ax.step);
      pcmd(&grid, 'M', x, yZ0); pcmd(&grid, 'V', yZ1, 0);
    }
    if( isfinite(p->wales) ){ pcmd(&wales, 'M', BX(p->wales), yZ0); pcmd(&wales, 'V', yZ1, 0); }
    if( isfinite(p->board) ){ pcmd(&board, 'M', BX(p->board), yZ0); pcmd(&board, 'V', yZ1, 0); }
    y += h;
  }
  if( grid.n ) html_printf(pOut, "<path class=\"ichart-grid\" d=\"%s\" stroke=\"" C_GRID "\" fill=\"none\"/>", buf_cstr(&grid));
  y = yRows;
  html_printf(pOut, "<g class=\"ichart-rows\">");
  for(size_t t=0; t<n; t++){
    const struct chart_ind_bar *r = &p->aBar[ord[t].i];
    int nLines = wrap(r->zName, nChars, aLine);
    double h = bStacked ? nLines*LINE_H + 30 : (nLines*LINE_H > 18 ? nLines*LINE_H : 18) + 12;
    double yBar = bStacked ? y + nLines*LINE_H + 6 : y + h/2 - 7;   /* the bar's top; 14 high */
    double yMid = yBar + 7;
    bool bVal = has_value(&r->v);
    enum chart_ind_cmp k = shown_cmp(&r->v, r->cmp);

    html_printf(pOut, "<g class=\"ichart-row\" data-cmp=\"%s\">", azCmpId[k]);
    value_ci(lang, &r->v, &p->fmt, zT, sizeof zT);
    html_printf(pOut, "<title>%s: %s", r->zName ? r->zName : "", zT);
    if( bVal ) html_printf(pOut, " – %s", i18n_get(lang, bars_cmp_key(p, k)));
    html_printf(pOut, "</title>");
    if( r->bHighlight ) rect_at(c, "ichart-highlight", 0, y, W, h, C_HIGHLIGHT);
    if( t>0 ){
      char zX1[24], zY[24];
      fmt_xy(zX1, sizeof zX1, W); fmt_xy(zY, sizeof zY, y);
      html_printf(pOut, "<path class=\"ichart-rule\" d=\"M0.0 %sH%s\" stroke=\"" C_RULE "\"/>", zY, zX1);
    }
    /* Name, with the comparison's marker before it (after it, in the
    ** column layout, between the names and the bars). */
    double yName0 = bStacked ? y + 15 : yMid - (nLines-1)*LINE_H/2 + FONT_NAME*0.35;
    for(int l=0; l<nLines; l++){
      text_at(c, bStacked ? nameX : nameX - 2, yName0 + l*LINE_H, bStacked ? "start" : "end", C_TEXT,
              FONT_NAME, r->bHighlight, aLine[l]);
    }
    if( bVal ){
      html_printf(pOut, "<g class=\"ichart-mark\">");
      use_marker(c, azCmpId[k], "", markX, bStacked ? yName0 - 4.5 : yMid);
      html_printf(pOut, "</g>");
      chart_ind_number(zV, sizeof zV, r->v.value, &p->fmt);
      text_at(c, valueX, bStacked ? yName0 : yMid + 4.5, "end", C_TEXT, 0, r->bHighlight, zV);
      double x0 = BX(r->v.value < 0 ? r->v.value : fmax(0.0, ax.lo)), x1 = BX(r->v.value < 0 ? fmin(0.0, ax.hi) : r->v.value);
      rect_at(c, "ichart-bar", x0, yBar, x1-x0, 14, k==CHART_IND_CMP_NONE ? C_IQR : azCmpFill[k]);
      bool bLo = isfinite(r->v.lower), bHi = isfinite(r->v.upper);
      if( bLo || bHi ){
        double xl = BX(bLo ? r->v.lower : r->v.value), xu = BX(bHi ? r->v.upper : r->v.value);
        whisker_h(&whisk, xl, bLo, xu, bHi, yMid, 6);
      }
    }else{
      text_italic(c, plotL, yMid + 4, "start", gap_reason(lang, &r->v));
    }
    html_printf(pOut, "</g>");
    y += h;
  }
  html_printf(pOut, "</g>");
  if( whisk.n ) html_printf(pOut, "<path class=\"ichart-ci\" d=\"%s\" stroke=\"" C_EDGE "\" stroke-width=\"1.5\" fill=\"none\"/>", buf_cstr(&whisk));
  if( board.n ) html_printf(pOut, "<path class=\"ichart-board\" d=\"%s\" stroke=\"" C_BOARD "\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>", buf_cstr(&board));
  if( wales.n ) html_printf(pOut, "<path class=\"ichart-wales\" d=\"%s\" stroke=\"" C_WALES "\" stroke-width=\"2\"/>", buf_cstr(&wales));
  for(int k=0; k<2; k++){
    if( !aLab[k].bOn ) continue;
    html_printf(pOut, "<g class=\"ichart-line-label\">");
    text_at(c, aLab[k].x, 20 + 16.0*aLab[k].row, "middle", k==0 ? C_WALES : C_BOARD, 0, k==0, aLab[k].z);
    html_printf(pOut, "</g>");
  }

  /* The axis. */
  {
    char zL[24], zR[24], zY[24];
    fmt_xy(zL, sizeof zL, plotL); fmt_xy(zR, sizeof zR, plotR); fmt_xy(zY, sizeof zY, yAxis);
    html_printf(pOut, "<g class=\"ichart-xaxis\"><path d=\"M%s %sH%s\" stroke=\"" C_TEXT2 "\"/>", zL, zY, zR);
    double lastX = -1e9;
    for(int q=0; q<=nTick; q++){
      double v = ax.lo + q*ax.step, x = BX(v);
      axis_label(&ax, &p->fmt, v, zV, sizeof zV);
      char zX[24];
      fmt_xy(zX, sizeof zX, x);
      html_printf(pOut, "<path d=\"M%s %sv4\" stroke=\"" C_TEXT2 "\"/>", zX, zY);
      if( x - lastX < text_w(zV, 12) + 8 ) continue;
      lastX = x;
      text_at(c, x, yAxis + 16, "middle", C_TEXT, 12, false, zV);
    }
    if( bUnit ) text_at(c, (plotL+plotR)/2, yAxis + 36, "middle", C_TEXT, 0, false, p->fmt.zUnit);
    html_printf(pOut, "</g>");
  }
  if( lg.n ) lg_write(c, &lg, yLegend);
  html_printf(pOut, "</svg>");
  #undef BX
  buf_free(&grid); buf_free(&wales); buf_free(&board); buf_free(&whisk);
  free(ord);
}

void chart_ind_bars_table(struct buf *b, const struct chart_ind_bars *p){
  enum lang lang = p->lang;
  size_t n = p->aBar ? p->n : 0;
  char zH[200], zCap[400], zTid[128];
  snprintf(zTid, sizeof zTid, "%s-table", p->zId ? p->zId : "bars");
  snprintf(zCap, sizeof zCap, "%s, %s", p->zTitle ? p->zTitle : "", p->zPeriod ? p->zPeriod : "");
  const char *azHead[4] = { i18n_get(lang, "chart.ind.col.cluster"), i18n_get(lang, "chart.ind.col.value"),
    tr(lang, "chart.ind.col.ci", zH, sizeof zH),
    i18n_get(lang, p->bVsBoard ? "chart.ind.col.vs_board" : "chart.ind.col.vs_wales") };
  nhsuk_rtable_begin(b, "nhsuk-table--compact nhsuk-u-font-size-16 cc-data cc-ichart-table", zTid, zCap);
  for(int k=0; k<4; k++) nhsuk_rtable_header(b, azHead[k], k==1 || k==2);
  nhsuk_table_body(b);
  struct bar_ord *ord = bars_order(p, n);
  for(size_t t=0; t<n; t++){
    const struct chart_ind_bar *r = &p->aBar[ord[t].i];
    bool bVal = has_value(&r->v);
    nhsuk_rtable_row_begin(b, bVal ? (r->bHighlight ? "ichart-highlight-row" : 0) : "ichart-gap-row", 0);
    table_row_header(b, azHead[0], r->zName ? r->zName : "");
    table_value_ci(b, lang, azHead[1], azHead[2], &r->v, &p->fmt);
    nhsuk_rtable_cell(b, azHead[3], bVal ? i18n_get(lang, bars_cmp_key(p, shown_cmp(&r->v, r->cmp))) : "");
    nhsuk_table_row_end(b);
  }
  free(ord);
  nhsuk_table_end(b);
}

/* ======================================================================================== */
/* ---- funnel plot ------------------------------------------------------------------------ */

/* The funnel's model: the scale (per), the target as a proportion (or the
** multiple of the expected count, 1, for a ratio), whether there are
** limits at all, and the overdispersion they are widened by (bOd: tau2 on
** the scale of the proportion or ratio; see chart_ind_funnel_overdispersion). */
struct funnel_model { double per, t, target; bool bLimits; bool bOd; double tau2; struct ind_overdispersion od; };

static bool funnel_valid(const struct chart_ind_funnel *p, const struct chart_ind_funnel_area *a){
  if( a->gap!=CHART_IND_GAP_NONE ) return false;
  if( !isfinite(a->numerator) || !isfinite(a->denominator) ) return false;
  if( !(a->denominator>0) || a->numerator<0 ) return false;
  if( p->kind==CHART_IND_FUNNEL_PROPORTION && a->numerator>a->denominator ) return false;
  return true;
}

/* An area's estimate y and its standard error s under the target, on the
** scale of the proportion or ratio (the normal approximation). */
static void funnel_ys(const struct chart_ind_funnel *p, const struct funnel_model *m,
                      const struct chart_ind_funnel_area *a, double *pY, double *pS){
  if( p->kind==CHART_IND_FUNNEL_PROPORTION ){
    *pY = a->numerator/a->denominator;
    *pS = sqrt(m->t*(1-m->t)/a->denominator);
  }else{
    double e = a->denominator*m->t;
    *pY = a->numerator/e;
    *pS = sqrt(1.0/e);
  }
}

static void funnel_model_of(const struct chart_ind_funnel *p, size_t n, struct funnel_model *m){
  bool bProp = p->kind==CHART_IND_FUNNEL_PROPORTION;
  memset(m, 0, sizeof *m);
  m->per = p->per>0 && isfinite(p->per) ? p->per : (bProp ? 100.0 : 1.0);
  m->bLimits = false;
  m->t = NAN;
  if( p->bTarget && isfinite(p->target) ){
    m->t = p->target/m->per;
  }else if( bProp ){
    double sNum = 0, sDen = 0;
    for(size_t i=0; i<n; i++){
      if( !funnel_valid(p, &p->aArea[i]) ) continue;
      sNum += p->aArea[i].numerator;
      sDen += p->aArea[i].denominator;
    }
    if( sDen>0 && isfinite(sDen) ) m->t = sNum/sDen;
  }else{
    m->t = 1.0;
  }
  if( bProp ) m->bLimits = m->t>=0.0 && m->t<=1.0;
  else m->bLimits = m->t>0.0 && isfinite(m->t);
  m->target = isfinite(m->t) ? m->t*m->per : NAN;
  /* Overdispersion, estimated from the areas plotted. */
  if( p->bAdjust && m->bLimits && (!bProp || (m->t>0 && m->t<1)) && n>=2 ){
    double *aY = xmalloc(n*sizeof *aY), *aS = xmalloc(n*sizeof *aS), *aW = xmalloc(n*sizeof *aW);
    size_t k = 0;
    for(size_t i=0; i<n; i++){
      if( !funnel_valid(p, &p->aArea[i]) ) continue;
      funnel_ys(p, m, &p->aArea[i], &aY[k], &aS[k]);
      if( aS[k]>0 && isfinite(aS[k]) && isfinite(aY[k]) ) k++;
    }
    if( ind_overdispersion(aY, aS, k, bProp ? m->t : 1.0, aW, &m->od) && m->od.bOverdispersed ){
      m->bOd = true;
      m->tau2 = m->od.tau2;
    }
    free(aY); free(aS); free(aW);
  }
}

bool chart_ind_funnel_overdispersion(const struct chart_ind_funnel *p, struct ind_overdispersion *pOut){
  struct funnel_model m;
  funnel_model_of(p, p->aArea ? p->n : 0, &m);
  if( pOut ) *pOut = m.od;
  return m.bOd;
}

/* The limits at denominator d (> 0) at level (0.95, 0.998), on the value
** scale. */
static void funnel_limits(const struct chart_ind_funnel *p, const struct funnel_model *m, double d, double level,
                          double *pLo, double *pHi){
  if( m->bOd ){
    struct chart_ind_funnel_area a = { 0, 0, d, CHART_IND_GAP_NONE, false };
    double y, s, lo, hi, t = p->kind==CHART_IND_FUNNEL_PROPORTION ? m->t : 1.0;
    funnel_ys(p, m, &a, &y, &s);
    ind_funnel_od_limits(t, s, m->tau2, level, &lo, &hi);
    if( p->kind==CHART_IND_FUNNEL_PROPORTION ){
      *pLo = (lo<0 ? 0 : lo>1 ? 1 : lo)*m->per;
      *pHi = (hi<0 ? 0 : hi>1 ? 1 : hi)*m->per;
    }else{
      /* The ratio's limits around 1, times the target and per. */
      *pLo = (lo<0 ? 0 : lo)*m->t*m->per;
      *pHi = hi*m->t*m->per;
    }
    return;
  }
  if( p->kind==CHART_IND_FUNNEL_PROPORTION ){
    double lo, hi;
    ind_funnel_proportion_limits(m->t, d, level, &lo, &hi);
    *pLo = (lo<0 ? 0 : lo>1 ? 1 : lo)*m->per;
    *pHi = (hi<0 ? 0 : hi>1 ? 1 : hi)*m->per;
  }else{
    double e = d*m->t;
    *pLo = ind_exact_lower(e, level)/d*m->per;
    *pHi = ind_exact_upper(e, level)/d*m->per;
  }
}

/* An area on the plot: its value, its level (0 within the 95% limits, 1
** between 95% and 99.8%, 2 outside 99.8%) and its comparison. */
struct funnel_pt { double value, z; int level; enum chart_ind_cmp k; bool bOk; };

static void funnel_point(const struct chart_ind_funnel *p, const struct funnel_model *m, size_t i,
                         struct funnel_pt *o){
  const struct chart_ind_funnel_area *a = &p->aArea[i];
  o->bOk = funnel_valid(p, a);
  o->level = 0;
  o->k = CHART_IND_CMP_NONE;
  o->value = o->bOk ? a->numerator/a->denominator*m->per : NAN;
  o->z = 0;
  if( !o->bOk || !m->bLimits ) return;
  /* How far from the target, in standard errors: which outliers to name
  ** first when not all can be. */
  if( p->kind==CHART_IND_FUNNEL_PROPORTION ){
    double se = sqrt(m->t*(1-m->t)/a->denominator);
    o->z = se>0 ? (a->numerator/a->denominator - m->t)/se : 0;
  }else{
    double e = a->denominator*m->t;
    o->z = (a->numerator - e)/sqrt(e);
  }
  if( !isfinite(o->z) ) o->z = 0;
  enum ind_significance s;
  if( m->bOd ){
    double y, se;
    funnel_ys(p, m, a, &y, &se);
    s = ind_funnel_od_significance(y, se, p->kind==CHART_IND_FUNNEL_PROPORTION ? m->t : 1.0, m->tau2);
  }else{
    s = p->kind==CHART_IND_FUNNEL_PROPORTION
      ? ind_funnel_proportion_significance(a->numerator, a->denominator, m->t)
      : ind_funnel_ratio_significance(a->numerator, a->denominator*m->t);
  }
  bool bHigh = s==IND_HIGH_95 || s==IND_HIGH_99_8;
  o->level = s==IND_NOT_SIGNIFICANT ? 0 : (s==IND_LOW_99_8 || s==IND_HIGH_99_8) ? 2 : 1;
  if( o->level==0 ){ o->k = CHART_IND_CMP_SIMILAR; return; }
  switch( p->polarity ){
    case CHART_IND_HIGHER_BETTER: o->k = bHigh ? CHART_IND_CMP_BETTER : CHART_IND_CMP_WORSE; break;
    case CHART_IND_LOWER_BETTER: o->k = bHigh ? CHART_IND_CMP_WORSE : CHART_IND_CMP_BETTER; break;
    default: o->k = bHigh ? CHART_IND_CMP_HIGHER : CHART_IND_CMP_LOWER; break;
  }
}

/* Every area's point, in a new array (free() it): each significance is
** computed once per call. */
static struct funnel_pt *funnel_points(const struct chart_ind_funnel *p, size_t n, const struct funnel_model *m){
  struct funnel_pt *a = xmalloc((n ? n : 1)*sizeof *a);
  for(size_t i=0; i<n; i++) funnel_point(p, m, i, &a[i]);
  return a;
}

size_t chart_ind_funnel_outliers(const struct chart_ind_funnel *p, bool *abOut){
  size_t n = p->aArea ? p->n : 0, nOut = 0;
  struct funnel_model m;
  funnel_model_of(p, n, &m);
  struct funnel_pt *aPt = funnel_points(p, n, &m);
  for(size_t i=0; i<n; i++){
    abOut[i] = aPt[i].bOk && aPt[i].level>0;
    if( abOut[i] ) nOut++;
  }
  free(aPt);
  return nOut;
}

/* The words for a point's place against the limits. */
static const char *funnel_key(const struct funnel_pt *f){
  if( !f->bOk || f->k==CHART_IND_CMP_NONE ) return "chart.ind.vs.none";
  if( f->level==0 ) return "chart.ind.funnel.within";
  bool b998 = f->level==2;
  switch( f->k ){
    case CHART_IND_CMP_BETTER: return b998 ? "chart.ind.funnel.better_998" : "chart.ind.funnel.better_95";
    case CHART_IND_CMP_WORSE: return b998 ? "chart.ind.funnel.worse_998" : "chart.ind.funnel.worse_95";
    case CHART_IND_CMP_HIGHER: return b998 ? "chart.ind.funnel.higher_998" : "chart.ind.funnel.higher_95";
    case CHART_IND_CMP_LOWER: return b998 ? "chart.ind.funnel.lower_998" : "chart.ind.funnel.lower_95";
    default: return "chart.ind.funnel.within";
  }
}

static const char *funnel_x_title(const struct chart_ind_funnel *p){
  if( p->zDenominator && p->zDenominator[0] ) return p->zDenominator;
  return i18n_get(p->lang, p->kind==CHART_IND_FUNNEL_RATIO ? "chart.ind.funnel.x_ratio" : "chart.ind.funnel.x_proportion");
}

void chart_ind_funnel_describe(struct buf *o, const struct chart_ind_funnel *p){
  enum lang lang = p->lang;
  size_t n = p->aArea ? p->n : 0;
  struct funnel_model m;
  funnel_model_of(p, n, &m);
  struct funnel_pt *aPt = funnel_points(p, n, &m);
  size_t nOk = 0;
  for(size_t i=0; i<n; i++) if( aPt[i].bOk ) nOk++;
  char zN[32], zV[48], zText[400];
  snprintf(zN, sizeof zN, "%zu", nOk);
  chart_ind_number(zV, sizeof zV, m.target, &p->fmt);
  if( m.bLimits ){
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.funnel.desc"), p->zTitle ? p->zTitle : "",
                  p->zPeriod ? p->zPeriod : "", zN, funnel_x_title(p), zV);
  }else{
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.funnel.desc_nolimits"), p->zTitle ? p->zTitle : "",
                  p->zPeriod ? p->zPeriod : "", zN, funnel_x_title(p));
  }
  if( p->bAdjust && m.bLimits ){
    char zPhi[48], zK[32];
    struct chart_ind_format f2 = { 2, false, 0 };
    chart_ind_number(zPhi, sizeof zPhi, m.od.phi, &f2);
    snprintf(zK, sizeof zK, "%zu", m.od.k);
    html_printf(o, " ");
    if( m.bOd ) html_printf_t(o, I18N_FORMAT(lang, "chart.ind.funnel.adjusted"), zPhi, zK);
    else html_printf_t(o, I18N_FORMAT(lang, "chart.ind.funnel.not_adjusted"), zPhi, zK);
  }
  struct buf list = {0};
  size_t nWithin = 0;
  for(int level=2; level>=1; level--){
    size_t nLevel = 0;
    for(int j=0; j<CHART_IND_CMP__MAX; j++){
      enum chart_ind_cmp k = aCmpOrder[j];
      size_t cnt = 0;
      const char *zKey = 0;
      buf_reset(&list);
      for(size_t i=0; i<n; i++){
        const struct funnel_pt f = aPt[i];
        if( !f.bOk || f.level!=level || f.k!=k ) continue;
        cnt++;
        zKey = funnel_key(&f);
        list_add(&list, p->aArea[i].zName);
      }
      if( !cnt ) continue;
      nLevel += cnt;
      snprintf(zN, sizeof zN, "%zu", cnt);
      html_printf(o, " ");
      html_printf_t(o, I18N_FORMAT(lang, "chart.ind.desc.group"), tr(lang, zKey, zText, sizeof zText), zN, buf_cstr(&list));
    }
    if( level==2 && nLevel==0 && m.bLimits ){
      html_printf(o, " ");
      html_printf_t(o, I18N_FORMAT(lang, "chart.ind.funnel.none_998"));
    }
  }
  for(size_t i=0; i<n; i++){
    const struct funnel_pt f = aPt[i];
    if( f.bOk && m.bLimits && f.level==0 ) nWithin++;
  }
  if( m.bLimits ){
    snprintf(zN, sizeof zN, "%zu", nWithin);
    html_printf(o, " ");
    if( nWithin==1 ) html_printf_t(o, I18N_FORMAT(lang, "chart.ind.funnel.n_within_one"));
    else html_printf_t(o, I18N_FORMAT(lang, "chart.ind.funnel.n_within"), zN);
  }
  buf_reset(&list);
  size_t nGap = 0;
  for(size_t i=0; i<n; i++){
    const struct chart_ind_funnel_area *a = &p->aArea[i];
    if( funnel_valid(p, a) ) continue;
    nGap++;
    list_add(&list, a->zName);
    buf_puts(&list, " (");
    buf_puts(&list, i18n_get(lang, a->gap==CHART_IND_GAP_SUPPRESSED ? "chart.ind.gap.suppressed" : "chart.ind.gap.no_data"));
    buf_puts(&list, ")");
  }
  if( nGap ){
    snprintf(zN, sizeof zN, "%zu", nGap);
    html_printf(o, " ");
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.desc.group"), i18n_get(lang, "chart.ind.desc.no_value"), zN, buf_cstr(&list));
  }
  buf_free(&list);
  free(aPt);
}

/* A label placed beside a point. */
struct flabel { double x0, x1, y0, y1; };

void chart_ind_funnel_svg(struct buf *pOut, const struct chart_ind_funnel *p){
  struct cx cc = { pOut, p->lang, p->zId ? p->zId : "funnel" }, *c = &cc;
  enum lang lang = p->lang;
  size_t n = p->aArea ? p->n : 0;
  char zT[256], zV[48];
  double W = p->width>0 ? p->width : 760, H = p->height>0 ? p->height : 440;
  if( W<320 ) W = 320;
  if( W>3000 ) W = 3000;
  if( H<240 ) H = 240;
  if( H>3000 ) H = 3000;

  struct funnel_model m;
  funnel_model_of(p, n, &m);
  struct funnel_pt *aPt = funnel_points(p, n, &m);
  double minD = INFINITY, maxD = -INFINITY;
  double mn = INFINITY, mx = -INFINITY;
  bool aUsed[3][CHART_IND_CMP__MAX];
  memset(aUsed, 0, sizeof aUsed);
  size_t nOk = 0;
  for(size_t i=0; i<n; i++){
    const struct funnel_pt f = aPt[i];
    if( !f.bOk ) continue;
    nOk++;
    double d = p->aArea[i].denominator;
    if( d<minD ) minD = d;
    if( d>maxD ) maxD = d;
    if( f.value<mn ) mn = f.value;
    if( f.value>mx ) mx = f.value;
    aUsed[f.level][f.k] = true;
  }
  if( !nOk ){ minD = 0; maxD = 1; }
  if( m.bLimits && nOk ){
    double lo, hi;
    funnel_limits(p, &m, minD, 0.998, &lo, &hi);
    if( lo<mn ) mn = lo;
    if( hi>mx ) mx = hi;
  }
  if( isfinite(m.target) ){ if( m.target<mn ) mn = m.target; if( m.target>mx ) mx = m.target; }
  if( !(mn<=mx) ){ mn = 0; mx = m.per; }
  double pad = (mx-mn)*0.04;
  mn -= pad; mx += pad;
  if( mn<0 && (p->kind==CHART_IND_FUNNEL_RATIO || mn+pad>=0) ) mn = 0;
  if( p->kind==CHART_IND_FUNNEL_PROPORTION && mx>m.per && mx-pad<=m.per ) mx = m.per;
  struct axis ay, axx;
  axis_nice(&ay, mn, mx, 5);
  double xlo = maxD>2*minD ? 0.0 : minD*0.95;
  axis_nice(&axx, xlo, maxD*1.05, 6);
  if( axx.lo<0 ) axx.lo = 0;

  /* The legend, then the margins. */
  struct legend lg;
  memset(&lg, 0, sizeof lg);
  if( isfinite(m.target) ) lg_add(&lg, LG_LINE, 0, C_WALES, i18n_get(lang, p->bTarget ? "chart.ind.legend.target" : "chart.ind.legend.pooled"));
  if( m.bLimits ){
    lg_add(&lg, LG_LINE, 0, C_TEXT2, tr(lang, m.bOd ? "chart.ind.legend.limits998_adjusted" : "chart.ind.legend.limits998", zT, sizeof zT));
    lg_add(&lg, LG_DASH, 0, C_TEXT2, tr(lang, m.bOd ? "chart.ind.legend.limits95_adjusted" : "chart.ind.legend.limits95", zT, sizeof zT));
  }
  for(int level=2; level>=0; level--){
    for(int j=0; j<CHART_IND_CMP__MAX; j++){
      enum chart_ind_cmp k = aCmpOrder[j];
      if( !aUsed[level][k] ) continue;
      struct funnel_pt f = { 0, 0, level, k, true };
      lg_add(&lg, level==2 ? LG_MARK : level==1 ? LG_MARK95 : (k==CHART_IND_CMP_NONE ? LG_MARK : LG_WITHIN), k, 0,
             tr(lang, funnel_key(&f), zT, sizeof zT));
    }
  }
  lg_layout(&lg, W);
  double tickW = 0;
  int nTickY = axis_ticks(&ay), nTickX = axis_ticks(&axx);
  for(int q=0; q<=nTickY; q++){
    axis_label(&ay, &p->fmt, ay.lo + q*ay.step, zV, sizeof zV);
    if( text_w(zV, FONT)>tickW ) tickW = text_w(zV, FONT);
  }
  bool bYTitle = p->fmt.zUnit && p->fmt.zUnit[0];
  /* Room at the right for half the last tick's label, centred on it. */
  double lastTickW;
  {
    struct chart_ind_format fx = { axx.dec, false, 0 };
    chart_ind_number(zV, sizeof zV, axx.hi, &fx);
    lastTickW = text_w(zV, FONT);
  }
  double left = (bYTitle ? 28 : 8) + tickW + 8, right = W - fmax(16, lastTickW/2 + 6), top = 14;
  double bottom = H - (20 + 24 + LEGEND_ROW*lg.nRow + 10);
  if( bottom - top < 120 ){ bottom = top + 120; H = bottom + 20 + 24 + LEGEND_ROW*lg.nRow + 10; }
  #define FX(v) (left + ((v) - axx.lo)/(axx.hi - axx.lo)*(right - left))
  #define FY(v) (top + (ay.hi - (v))/(ay.hi - ay.lo)*(bottom - top))

  /* ---- write ---- */
  svg_begin(c, "ichart-funnel", W, H);
  tr1(lang, "chart.ind.funnel.title", p->zTitle, zT, sizeof zT);
  html_printf(pOut, "<title id=\"%s-title\">%s</title><desc id=\"%s-desc\">", c->zId, zT, c->zId);
  chart_ind_funnel_describe(pOut, p);
  html_printf(pOut, "</desc>");
  marker_defs(c, 5.5, true);
  {
    char zX[24], zY[24], zW[24], zH[24];
    fmt_xy(zX, sizeof zX, left); fmt_xy(zY, sizeof zY, top);
    fmt_xy(zW, sizeof zW, right-left); fmt_xy(zH, sizeof zH, bottom-top);
    html_printf(pOut, "<clipPath id=\"%s-plot\"><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/></clipPath>", c->zId, zX, zY, zW, zH);
  }
  rect_at(c, "ichart-bg", 0, 0, W, H, "#FFFFFF");

  /* Grid and ticks. */
  {
    struct buf g = {0};
    html_printf(pOut, "<g class=\"ichart-yaxis\">");
    y_axis(c, &ay, &p->fmt, nTickY, left, right, top, bottom, &g);
    html_printf(pOut, "</g><g class=\"ichart-xaxis\">");
    struct chart_ind_format fx = { axx.dec, false, 0 };
    double lastX = -1e9;
    for(int q=0; q<=nTickX; q++){
      double v = axx.lo + q*axx.step, xx = FX(v);
      pcmd(&g, 'M', xx, top); pcmd(&g, 'V', bottom, 0);
      chart_ind_number(zV, sizeof zV, fabs(v)<axx.step*1e-9 ? 0.0 : v, &fx);
      if( xx - lastX < text_w(zV, FONT) + 10 ) continue;
      lastX = xx;
      text_at(c, xx, bottom + 18, "middle", C_TEXT, 0, false, zV);
    }
    html_printf(pOut, "</g>");
    html_printf(pOut, "<path class=\"ichart-grid\" d=\"%s\" stroke=\"" C_GRID "\" fill=\"none\"/>", buf_cstr(&g));
    buf_free(&g);
    char zL[24], zR[24], zTp[24], zB[24];
    fmt_xy(zL, sizeof zL, left); fmt_xy(zR, sizeof zR, right); fmt_xy(zTp, sizeof zTp, top); fmt_xy(zB, sizeof zB, bottom);
    html_printf(pOut, "<path class=\"ichart-axis\" d=\"M%s %sV%sH%s\" stroke=\"" C_TEXT2 "\" fill=\"none\"/>", zL, zTp, zB, zR);
    text_at(c, (left+right)/2, bottom + 40, "middle", C_TEXT, 0, false, funnel_x_title(p));
    if( bYTitle ){
      char zX[24], zY[24];
      fmt_xy(zX, sizeof zX, 16); fmt_xy(zY, sizeof zY, (top+bottom)/2);
      html_printf(pOut, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 %s %s)\">%s</text>",
                  zX, zY, zX, zY, p->fmt.zUnit);
    }
  }

  /* The limits: one vertex per two pixel columns, clipped to the plot. */
  html_printf(pOut, "<g clip-path=\"url(#%s-plot)\">", c->zId);
  if( m.bLimits ){
    int nCol = (int)((right-left)/2);
    if( nCol<2 ) nCol = 2;
    static const double aLevel[2] = { 0.998, 0.95 };
    for(int lv=0; lv<2; lv++){
      struct buf dLo = {0}, dHi = {0};
      bool bFirst = true;
      for(int j=0; j<=nCol; j++){
        double d = axx.lo + (axx.hi - axx.lo)*(double)j/(double)nCol;
        if( !(d>0) ) d = (axx.hi - axx.lo)/(double)nCol/4;
        double lo, hi;
        funnel_limits(p, &m, d, aLevel[lv], &lo, &hi);
        if( !isfinite(lo) || !isfinite(hi) ) continue;
        double yl = FY(lo), yh = FY(hi);
        if( yl>bottom+4 ) yl = bottom+4;
        if( yl<top-4 ) yl = top-4;
        if( yh>bottom+4 ) yh = bottom+4;
        if( yh<top-4 ) yh = top-4;
        pcmd(&dLo, bFirst ? 'M' : 'L', FX(d), yl);
        pcmd(&dHi, bFirst ? 'M' : 'L', FX(d), yh);
        bFirst = false;
      }
      if( lv==0 ){
        html_printf(pOut, "<path class=\"ichart-limit998\" d=\"%s\" stroke=\"" C_TEXT2 "\" stroke-width=\"1.5\" fill=\"none\"/>", buf_cstr(&dLo));
        html_printf(pOut, "<path class=\"ichart-limit998\" d=\"%s\" stroke=\"" C_TEXT2 "\" stroke-width=\"1.5\" fill=\"none\"/>", buf_cstr(&dHi));
      }else{
        html_printf(pOut, "<path class=\"ichart-limit95\" d=\"%s\" stroke=\"" C_TEXT2 "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\" fill=\"none\"/>", buf_cstr(&dLo));
        html_printf(pOut, "<path class=\"ichart-limit95\" d=\"%s\" stroke=\"" C_TEXT2 "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\" fill=\"none\"/>", buf_cstr(&dHi));
      }
      buf_free(&dLo); buf_free(&dHi);
    }
  }
  if( isfinite(m.target) && m.target>=ay.lo && m.target<=ay.hi ){
    char zL[24], zR[24], zY[24];
    fmt_xy(zL, sizeof zL, left); fmt_xy(zR, sizeof zR, right); fmt_xy(zY, sizeof zY, FY(m.target));
    html_printf(pOut, "<path class=\"ichart-target\" d=\"M%s %sH%s\" stroke=\"" C_WALES "\" stroke-width=\"2\"/>", zL, zY, zR);
  }
  html_printf(pOut, "</g>");

  /* The points: those within first, the outliers on top, the highlighted
  ** area last with a ring. */
  html_printf(pOut, "<g class=\"ichart-points\">");
  for(int level=0; level<=2; level++){
    for(size_t i=0; i<n; i++){
      const struct funnel_pt f = aPt[i];
      if( !f.bOk || f.level!=level ) continue;
      double x = FX(p->aArea[i].denominator), yy = FY(f.value);
      chart_ind_number(zV, sizeof zV, f.value, &p->fmt);
      html_printf(pOut, "<g class=\"ichart-point\" data-level=\"%d\" data-cmp=\"%s\"><title>%s: %s – %s</title>",
                  level, azCmpId[f.k], p->aArea[i].zName ? p->aArea[i].zName : "", zV, tr(lang, funnel_key(&f), zT, sizeof zT));
      if( f.k==CHART_IND_CMP_NONE ) use_marker(c, "none", "", x, yy);
      else if( level==0 ) use_marker(c, "within", "", x, yy);
      else use_marker(c, azCmpId[f.k], level==1 ? "-95" : "", x, yy);
      html_printf(pOut, "</g>");
    }
  }
  for(size_t i=0; i<n; i++){
    const struct funnel_pt f = aPt[i];
    if( !f.bOk || !p->aArea[i].bHighlight ) continue;
    char zX[24], zY[24];
    fmt_xy(zX, sizeof zX, FX(p->aArea[i].denominator)); fmt_xy(zY, sizeof zY, FY(f.value));
    html_printf(pOut, "<circle class=\"ichart-ring\" cx=\"%s\" cy=\"%s\" r=\"10\" fill=\"none\" stroke=\"" C_EDGE "\" stroke-width=\"2\"/>", zX, zY);
  }
  html_printf(pOut, "</g>");

  /* Labels: the highlighted area, then those outside the 99.8% limits,
  ** furthest from the target first, at most 12, each where it meets no
  ** other label nor another point. */
  {
    struct flabel aPlaced[16];
    int nPlaced = 0, nLabel = 0;
    size_t nCand = 0;
    struct bar_ord *aCand = xmalloc((n ? n : 1)*sizeof *aCand);
    for(size_t i=0; i<n; i++){
      if( !aPt[i].bOk || !(p->aArea[i].bHighlight || aPt[i].level==2) ) continue;
      /* bar_ord sorts by v, highest first: the highlighted area above all. */
      aCand[nCand++] = (struct bar_ord){ p->aArea[i].bHighlight ? INFINITY : fabs(aPt[i].z), i, false };
    }
    qsort(aCand, nCand, sizeof *aCand, bar_ord_cmp);
    html_printf(pOut, "<g class=\"ichart-labels\">");
    for(size_t ci=0; ci<nCand && nLabel<12; ci++){
      {
        size_t i = aCand[ci].i;
        const struct chart_ind_funnel_area *a = &p->aArea[i];
        const struct funnel_pt f = aPt[i];
        char zName[WRAP_BYTES];
        ellipsize(a->zName, 30, zName, sizeof zName);
        if( !zName[0] ) continue;
        double w = text_w(zName, 12), x = FX(a->denominator), yy = FY(f.value);
        static const double aDx[7] = { 10, -10, 8, 8, -8, -8, 12 };
        static const double aDy[7] = { 4, 4, -9, 17, -9, 17, 4 };
        /* The seventh place, for the highlighted area only: to the right
        ** even over other points (never over a label). */
        for(int t=0; t<(a->bHighlight ? 7 : 6); t++){
          bool bRight = aDx[t]>0;
          double x0 = bRight ? x + aDx[t] : x + aDx[t] - w, x1 = x0 + w;
          double yb = yy + aDy[t], y0 = yb - 11, y1 = yb + 3;
          if( x0<left+2 || x1>right-2 || y0<top || y1>bottom ) continue;
          bool bClash = false;
          for(int q=0; q<nPlaced && !bClash; q++){
            const struct flabel *l = &aPlaced[q];
            if( x0<l->x1+8 && x1+8>l->x0 && y0<l->y1 && y1>l->y0 ) bClash = true;
          }
          /* Nor over another area's point. */
          for(size_t q=0; q<n && !bClash && t<6; q++){
            if( q==i || !aPt[q].bOk ) continue;
            double px = FX(p->aArea[q].denominator), py = FY(aPt[q].value);
            if( x0<px+5 && x1>px-5 && y0<py+5 && y1>py-5 ) bClash = true;
          }
          if( bClash ) continue;
          char zX[24], zY[24];
          fmt_xy(zX, sizeof zX, bRight ? x0 : x1); fmt_xy(zY, sizeof zY, yb);
          html_printf(pOut, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-size=\"12\"", zX, zY, bRight ? "start" : "end");
          if( a->bHighlight ) html_printf(pOut, " font-weight=\"bold\"");
          html_printf(pOut, " stroke=\"#FFFFFF\" stroke-width=\"3\" paint-order=\"stroke\" fill=\"" C_TEXT "\">%s</text>", zName);
          if( nPlaced<16 ) aPlaced[nPlaced++] = (struct flabel){ x0, x1, y0, y1 };
          nLabel++;
          break;
        }
      }
    }
    html_printf(pOut, "</g>");
    free(aCand);
  }
  if( lg.n ) lg_write(c, &lg, bottom + 20 + 24 + 14);
  html_printf(pOut, "</svg>");
  free(aPt);
  #undef FX
  #undef FY
}

static void funnel_table(struct buf *b, const struct chart_ind_funnel *p, const bool *abShow, const char *zId);
void chart_ind_funnel_table(struct buf *b, const struct chart_ind_funnel *p){
  funnel_table(b, p, 0, p->zId);
}
void chart_ind_funnel_table_some(struct buf *b, const struct chart_ind_funnel *p, const bool *abShow,
                                 const char *zId){
  funnel_table(b, p, abShow, zId);
}
static void funnel_table(struct buf *b, const struct chart_ind_funnel *p, const bool *abShow, const char *zId){
  enum lang lang = p->lang;
  size_t n = p->aArea ? p->n : 0;
  struct funnel_model m;
  funnel_model_of(p, n, &m);
  struct funnel_pt *aPt = funnel_points(p, n, &m);
  bool bRatio = p->kind==CHART_IND_FUNNEL_RATIO;
  char zT[256], zA[48], zB[48], zH0[120], zH1[120], zCap[400], zTid[128];
  snprintf(zTid, sizeof zTid, "%s-table", zId ? zId : "funnel");
  tr1(lang, "chart.ind.funnel.title", p->zTitle, zCap, sizeof zCap);
  if( m.bOd ){
    size_t nCap = strlen(zCap);
    snprintf(zCap+nCap, sizeof zCap-nCap, " (%s)", i18n_get(lang, "chart.ind.funnel.adjusted_short"));
  }
  const char *azHead[7] = { i18n_get(lang, "chart.ind.col.area"),
    i18n_get(lang, bRatio ? "chart.ind.col.observed" : "chart.ind.col.numerator"),
    i18n_get(lang, bRatio ? "chart.ind.col.expected" : "chart.ind.col.denominator"),
    i18n_get(lang, "chart.ind.col.value"), tr(lang, "chart.ind.col.limits95", zH0, sizeof zH0),
    tr(lang, "chart.ind.col.limits998", zH1, sizeof zH1), i18n_get(lang, "chart.ind.col.vs_limits") };
  nhsuk_rtable_begin(b, "nhsuk-table--compact nhsuk-u-font-size-16 cc-data cc-ichart-table", zTid, zCap);
  for(int k=0; k<7; k++) nhsuk_rtable_header(b, azHead[k], k>=1 && k<=5);
  nhsuk_table_body(b);
  struct chart_ind_format fCount = { bRatio ? 1 : 0, false, 0 };
  for(size_t i=0; i<n; i++){
    if( abShow && !abShow[i] ) continue;
    const struct chart_ind_funnel_area *a = &p->aArea[i];
    const struct funnel_pt f = aPt[i];
    nhsuk_rtable_row_begin(b, f.bOk ? (a->bHighlight ? "ichart-highlight-row" : 0) : "ichart-gap-row", 0);
    table_row_header(b, azHead[0], a->zName ? a->zName : "");
    chart_ind_number(zT, sizeof zT, a->numerator, &fCount);
    table_num(b, azHead[1], a->gap==CHART_IND_GAP_NONE ? zT : "");
    chart_ind_number(zT, sizeof zT, a->denominator, &fCount);
    table_num(b, azHead[2], a->gap==CHART_IND_GAP_NONE ? zT : "");
    if( !f.bOk ){
      struct chart_ind_value v = { NAN, NAN, NAN, a->gap, 0 };
      table_words(b, azHead[3], gap_reason(lang, &v));
      table_num(b, azHead[4], "");
      table_num(b, azHead[5], "");
      nhsuk_rtable_cell(b, azHead[6], "");
      nhsuk_table_row_end(b);
      continue;
    }
    chart_ind_number(zT, sizeof zT, f.value, &p->fmt);
    table_num(b, azHead[3], zT);
    for(int lv=0; lv<2; lv++){
      zT[0] = 0;
      if( m.bLimits ){
        double lo, hi;
        funnel_limits(p, &m, a->denominator, lv==0 ? 0.95 : 0.998, &lo, &hi);
        chart_ind_number(zA, sizeof zA, lo, &p->fmt);
        chart_ind_number(zB, sizeof zB, hi, &p->fmt);
        snprintf(zT, sizeof zT, "%s %s %s", zA, i18n_get(lang, "chart.ind.to"), zB);
      }
      table_num(b, azHead[4+lv], zT);
    }
    nhsuk_rtable_cell(b, azHead[6], tr(lang, funnel_key(&f), zT, sizeof zT));
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
  free(aPt);
}

/* ======================================================================================== */
/* ---- trend -------------------------------------------------------------------------------- */

void chart_ind_trend_describe(struct buf *o, const struct chart_ind_trend *p){
  enum lang lang = p->lang;
  size_t n = p->aPoint ? p->n : 0;
  char zN[32], zV[256];
  snprintf(zN, sizeof zN, "%zu", n);
  html_printf_t(o, I18N_FORMAT(lang, "chart.ind.trend.desc"), p->zTitle ? p->zTitle : "", p->zArea ? p->zArea : "",
                zN, n ? (p->aPoint[0].zPeriod ? p->aPoint[0].zPeriod : "") : "",
                n ? (p->aPoint[n-1].zPeriod ? p->aPoint[n-1].zPeriod : "") : "");
  size_t iLast = n;
  while( iLast>0 && !has_value(&p->aPoint[iLast-1].v) ) iLast--;
  if( iLast>0 ){
    const struct chart_ind_trend_point *t = &p->aPoint[iLast-1];
    value_ci(lang, &t->v, &p->fmt, zV, sizeof zV);
    html_printf(o, " ");
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.trend.latest"), t->zPeriod ? t->zPeriod : "", zV,
                  i18n_get(lang, cmp_key_wales(shown_cmp(&t->v, t->cmp))));
    if( isfinite(t->wales) ){
      chart_ind_number(zV, sizeof zV, t->wales, &p->fmt);
      html_printf(o, " ");
      html_printf_t(o, I18N_FORMAT(lang, "chart.ind.desc.wales"), zV);
    }
  }
  struct buf list = {0};
  for(int j=0; j<CHART_IND_CMP__MAX; j++){
    enum chart_ind_cmp k = aCmpOrder[j];
    if( k==CHART_IND_CMP_NONE ) continue;
    size_t m = 0;
    buf_reset(&list);
    for(size_t i=0; i<n; i++){
      const struct chart_ind_trend_point *t = &p->aPoint[i];
      if( !has_value(&t->v) || shown_cmp(&t->v, t->cmp)!=k ) continue;
      m++;
      list_add(&list, t->zPeriod);
    }
    if( !m ) continue;
    snprintf(zN, sizeof zN, "%zu", m);
    html_printf(o, " ");
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.desc.group"), i18n_get(lang, cmp_key_wales(k)), zN, buf_cstr(&list));
  }
  buf_reset(&list);
  size_t nGap = 0;
  for(size_t i=0; i<n; i++){
    const struct chart_ind_trend_point *t = &p->aPoint[i];
    if( has_value(&t->v) ) continue;
    nGap++;
    list_add(&list, t->zPeriod);
    buf_puts(&list, " (");
    buf_puts(&list, gap_reason(lang, &t->v));
    buf_puts(&list, ")");
  }
  if( nGap ){
    snprintf(zN, sizeof zN, "%zu", nGap);
    html_printf(o, " ");
    html_printf_t(o, I18N_FORMAT(lang, "chart.ind.desc.group"), i18n_get(lang, "chart.ind.desc.no_value"), zN, buf_cstr(&list));
  }
  buf_free(&list);
}

void chart_ind_trend_svg(struct buf *pOut, const struct chart_ind_trend *p){
  struct cx cc = { pOut, p->lang, p->zId ? p->zId : "trend" }, *c = &cc;
  enum lang lang = p->lang;
  size_t n = p->aPoint ? p->n : 0;
  char zT[256], zV[48];
  double W = p->width>0 ? p->width : 760, H = p->height>0 ? p->height : 360;
  if( W<320 ) W = 320;
  if( W>3000 ) W = 3000;
  if( H<220 ) H = 220;
  if( H>3000 ) H = 3000;

  double mn = INFINITY, mx = -INFINITY;
  bool aUsed[CHART_IND_CMP__MAX] = {0};
  bool bCi = false, bWales = false, bArea = false;
  for(size_t i=0; i<n; i++){
    const struct chart_ind_trend_point *t = &p->aPoint[i];
    if( has_value(&t->v) ){
      double a[3] = { t->v.value, t->v.lower, t->v.upper };
      for(int k=0; k<3; k++) if( isfinite(a[k]) ){ if( a[k]<mn ) mn = a[k]; if( a[k]>mx ) mx = a[k]; }
      if( isfinite(t->v.lower) || isfinite(t->v.upper) ) bCi = true;
      aUsed[shown_cmp(&t->v, t->cmp)] = true;
      bArea = true;
    }
    if( isfinite(t->wales) ){
      bWales = true;
      if( t->wales<mn ) mn = t->wales;
      if( t->wales>mx ) mx = t->wales;
    }
  }
  if( !(mn<=mx) ){ mn = 0; mx = p->fmt.bPercent ? 100 : 1; }
  {
    double pad = (mx-mn)*0.05;
    if( mn>=0 && mn-pad<0 ) mn = 0; else mn -= pad;
    mx += pad;
  }
  struct axis ay;
  axis_nice(&ay, mn, mx, 5);

  struct legend lg;
  memset(&lg, 0, sizeof lg);
  if( bArea ) lg_add(&lg, LG_AREA, CHART_IND_CMP_NONE, 0, p->zArea && p->zArea[0] ? p->zArea : i18n_get(lang, "chart.ind.col.area"));
  if( bCi ) lg_add(&lg, LG_WHISKER, 0, 0, tr(lang, "chart.ind.legend.ci", zT, sizeof zT));
  if( bWales ) lg_add(&lg, LG_DASH, 0, C_WALES, i18n_get(lang, "chart.ind.wales"));
  for(int j=0; j<CHART_IND_CMP__MAX; j++){
    enum chart_ind_cmp k = aCmpOrder[j];
    if( aUsed[k] && k!=CHART_IND_CMP_NONE ) lg_add(&lg, LG_MARK, k, 0, i18n_get(lang, cmp_key_wales(k)));
  }
  lg_layout(&lg, W);

  double tickW = 0;
  int nTickY = axis_ticks(&ay);
  for(int q=0; q<=nTickY; q++){
    axis_label(&ay, &p->fmt, ay.lo + q*ay.step, zV, sizeof zV);
    if( text_w(zV, FONT)>tickW ) tickW = text_w(zV, FONT);
  }
  bool bYTitle = p->fmt.zUnit && p->fmt.zUnit[0];
  double left = (bYTitle ? 28 : 8) + tickW + 8, right = W - 16, top = 14;
  double bottom = H - (20 + 24 + LEGEND_ROW*lg.nRow + 10);
  if( bottom - top < 100 ){ bottom = top + 100; H = bottom + 20 + 24 + LEGEND_ROW*lg.nRow + 10; }
  double step = n ? (right-left)/(double)n : (right-left);
  #define TX(i) (left + ((double)(i) + 0.5)*step)
  #define TY(v) (top + (ay.hi - (v))/(ay.hi - ay.lo)*(bottom - top))

  /* ---- write ---- */
  svg_begin(c, "ichart-trend", W, H);
  html_printf(pOut, "<title id=\"%s-title\">", c->zId);
  html_printf_t(pOut, I18N_FORMAT(lang, "chart.ind.trend.title"), p->zTitle ? p->zTitle : "", p->zArea ? p->zArea : "");
  html_printf(pOut, "</title><desc id=\"%s-desc\">", c->zId);
  chart_ind_trend_describe(pOut, p);
  html_printf(pOut, "</desc>");
  marker_defs(c, 6, false);
  rect_at(c, "ichart-bg", 0, 0, W, H, "#FFFFFF");

  {
    struct buf g = {0};
    html_printf(pOut, "<g class=\"ichart-yaxis\">");
    y_axis(c, &ay, &p->fmt, nTickY, left, right, top, bottom, &g);
    html_printf(pOut, "</g>");
    html_printf(pOut, "<path class=\"ichart-grid\" d=\"%s\" stroke=\"" C_GRID "\" fill=\"none\"/>", buf_cstr(&g));
    buf_free(&g);
    char zL[24], zR[24], zTp[24], zB[24];
    fmt_xy(zL, sizeof zL, left); fmt_xy(zR, sizeof zR, right); fmt_xy(zTp, sizeof zTp, top); fmt_xy(zB, sizeof zB, bottom);
    html_printf(pOut, "<path class=\"ichart-axis\" d=\"M%s %sV%sH%s\" stroke=\"" C_TEXT2 "\" fill=\"none\"/>", zL, zTp, zB, zR);
    /* Period labels: every k-th, so that they do not meet. */
    double maxW = 0;
    for(size_t i=0; i<n; i++){
      double w = text_w(p->aPoint[i].zPeriod, FONT);
      if( w>maxW ) maxW = w;
    }
    size_t every = (size_t)ceil((maxW + 10)/step);
    if( every<1 ) every = 1;
    html_printf(pOut, "<g class=\"ichart-xaxis\">");
    for(size_t i=0; i<n; i++){
      if( (n-1-i) % every ) continue;      /* the latest period is always labelled */
      char zX[24];
      fmt_xy(zX, sizeof zX, TX(i));
      html_printf(pOut, "<path d=\"M%s %sv5\" stroke=\"" C_TEXT2 "\"/>", zX, zB);
      text_at(c, TX(i), bottom + 18, "middle", C_TEXT, 0, false, p->aPoint[i].zPeriod ? p->aPoint[i].zPeriod : "");
    }
    html_printf(pOut, "</g>");
    text_at(c, (left+right)/2, bottom + 40, "middle", C_TEXT, 0, false, i18n_get(lang, "chart.ind.col.period"));
    if( bYTitle ){
      char zX[24], zY[24];
      fmt_xy(zX, sizeof zX, 16); fmt_xy(zY, sizeof zY, (top+bottom)/2);
      html_printf(pOut, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 %s %s)\">%s</text>",
                  zX, zY, zX, zY, p->fmt.zUnit);
    }
  }

  /* Wales, dashed, with a dot per period; the area's line, its whiskers,
  ** its markers; each line broken where a value is missing. */
  struct buf d = {0}, dots = {0};
  bool bOpen = false;
  for(size_t i=0; i<n; i++){
    double w = p->aPoint[i].wales;
    if( !isfinite(w) ){ bOpen = false; continue; }
    pcmd(&d, bOpen ? 'L' : 'M', TX(i), TY(w));
    pcmd(&dots, 'M', TX(i), TY(w)); buf_puts(&dots, "h0");
    bOpen = true;
  }
  if( d.n ){
    html_printf(pOut, "<path class=\"ichart-wales\" d=\"%s\" stroke=\"" C_WALES "\" stroke-width=\"2\" stroke-dasharray=\"6 3\" fill=\"none\"/>", buf_cstr(&d));
    html_printf(pOut, "<path class=\"ichart-wales-points\" d=\"%s\" stroke=\"" C_WALES "\" stroke-width=\"5\" stroke-linecap=\"round\" fill=\"none\"/>", buf_cstr(&dots));
  }
  buf_reset(&d);
  bOpen = false;
  for(size_t i=0; i<n; i++){
    const struct chart_ind_value *v = &p->aPoint[i].v;
    if( !has_value(v) ){ bOpen = false; continue; }
    pcmd(&d, bOpen ? 'L' : 'M', TX(i), TY(v->value));
    bOpen = true;
  }
  if( d.n ) html_printf(pOut, "<path class=\"ichart-area\" d=\"%s\" stroke=\"" C_LINE "\" stroke-width=\"2\" stroke-linejoin=\"round\" fill=\"none\"/>", buf_cstr(&d));
  buf_reset(&d);
  for(size_t i=0; i<n; i++){
    const struct chart_ind_value *v = &p->aPoint[i].v;
    if( !has_value(v) ) continue;
    bool bLo = isfinite(v->lower), bHi = isfinite(v->upper);
    if( !bLo && !bHi ) continue;
    double cap = step/5 < 6 ? step/5 : 6;
    double yl = TY(bLo ? v->lower : v->value), yh = TY(bHi ? v->upper : v->value), x = TX(i);
    pcmd(&d, 'M', x, yl); pcmd(&d, 'V', yh, 0);
    if( bLo ){ pcmd(&d, 'M', x-cap, yl); pcmd(&d, 'H', x+cap, 0); }
    if( bHi ){ pcmd(&d, 'M', x-cap, yh); pcmd(&d, 'H', x+cap, 0); }
  }
  if( d.n ) html_printf(pOut, "<path class=\"ichart-ci\" d=\"%s\" stroke=\"" C_EDGE "\" stroke-width=\"1.5\" fill=\"none\"/>", buf_cstr(&d));
  buf_free(&d); buf_free(&dots);

  html_printf(pOut, "<g class=\"ichart-points\">");
  for(size_t i=0; i<n; i++){
    const struct chart_ind_trend_point *t = &p->aPoint[i];
    if( !has_value(&t->v) ){
      if( step >= text_w(gap_short(lang, &t->v), 12) + 4 ){
        text_italic(c, TX(i), bottom - 8, "middle", gap_short(lang, &t->v));
      }
      continue;
    }
    enum chart_ind_cmp k = shown_cmp(&t->v, t->cmp);
    value_ci(lang, &t->v, &p->fmt, zT, sizeof zT);
    html_printf(pOut, "<g class=\"ichart-point\" data-cmp=\"%s\"><title>%s: %s – %s</title>", azCmpId[k],
                t->zPeriod ? t->zPeriod : "", zT, i18n_get(lang, cmp_key_wales(k)));
    use_marker(c, azCmpId[k], "", TX(i), TY(t->v.value));
    html_printf(pOut, "</g>");
  }
  html_printf(pOut, "</g>");
  if( lg.n ) lg_write(c, &lg, bottom + 20 + 24 + 14);
  html_printf(pOut, "</svg>");
  #undef TX
  #undef TY
}

void chart_ind_trend_table(struct buf *b, const struct chart_ind_trend *p){
  enum lang lang = p->lang;
  size_t n = p->aPoint ? p->n : 0;
  char zT[256], zH[200], zCap[400], zTid[128];
  snprintf(zTid, sizeof zTid, "%s-table", p->zId ? p->zId : "trend");
  snprintf(zCap, sizeof zCap, "%s, %s", p->zTitle ? p->zTitle : "", p->zArea ? p->zArea : "");
  const char *azHead[5] = { i18n_get(lang, "chart.ind.col.period"),
    p->zArea && p->zArea[0] ? p->zArea : i18n_get(lang, "chart.ind.col.value"),
    tr(lang, "chart.ind.col.ci", zH, sizeof zH),
    i18n_get(lang, "chart.ind.wales"), i18n_get(lang, "chart.ind.col.vs_wales") };
  nhsuk_rtable_begin(b, "nhsuk-table--compact nhsuk-u-font-size-16 cc-data cc-ichart-table", zTid, zCap);
  for(int k=0; k<5; k++) nhsuk_rtable_header(b, azHead[k], k>=1 && k<=3);
  nhsuk_table_body(b);
  for(size_t i=0; i<n; i++){
    const struct chart_ind_trend_point *t = &p->aPoint[i];
    bool bVal = has_value(&t->v);
    nhsuk_rtable_row_begin(b, bVal ? 0 : "ichart-gap-row", 0);
    table_row_header(b, azHead[0], t->zPeriod ? t->zPeriod : "");
    table_value_ci(b, lang, azHead[1], azHead[2], &t->v, &p->fmt);
    chart_ind_number(zT, sizeof zT, t->wales, &p->fmt);
    table_num(b, azHead[3], zT);
    nhsuk_rtable_cell(b, azHead[4], bVal ? i18n_get(lang, cmp_key_wales(shown_cmp(&t->v, t->cmp))) : "");
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
}
