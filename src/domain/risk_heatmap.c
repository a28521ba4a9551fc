/*
** A risk's band in colour, and the 5x5 heat map as SVG (risk.h): pure.
*/
#include "domain/risk.h"
#include "html/html.h"
#include "util/buf.h"

enum risk_escalation risk_escalation_of(bool bWas, int residualScore, int tolerance){
  bool bOver = tolerance>0 && risk_over_tolerance(residualScore, tolerance);
  if( bOver ) return bWas ? RISK_ESC_STAYS : RISK_ESC_UP;
  return bWas ? RISK_ESC_DOWN : RISK_ESC_NONE;
}

const char *risk_level_colour(enum risk_level l){
  switch( l ){
    case RISK_LOW: return "green";
    case RISK_MODERATE: return "yellow";
    case RISK_HIGH: return "orange";
    case RISK_EXTREME: return "red";
    default: return "grey";
  }
}

/* The NHS.UK frontend's tag backgrounds of the same colours, so the map
** and the tags agree, and black text on each has a contrast of 4.5:1 or
** more. */
const char *risk_level_fill(enum risk_level l){
  switch( l ){
    case RISK_LOW: return "#cce5d8";
    case RISK_MODERATE: return "#fff59d";
    case RISK_HIGH: return "#ffdc8e";
    case RISK_EXTREME: return "#f7d4d1";
    default: return "#f0f4f5";
  }
}

#define HM_CELL 48
#define HM_LEFT 56
#define HM_TOP 8

void risk_heatmap_svg(struct buf *b, const int a[5][5], const char *zId, const char *zTitle,
                      const char *zDesc, const char *zLikelihood, const char *zConsequence){
  int w = HM_LEFT + 5*HM_CELL + 8, h = HM_TOP + 5*HM_CELL + 48;
  html_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cc-heatmap\" id=\"%s\" role=\"img\""
              " viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" aria-labelledby=\"%s-title %s-desc\">\n",
              zId, w, h, w, h, zId, zId);
  html_printf(b, "<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", zId, zTitle, zId, zDesc);
  for(int l = 5; l >= 1; l--){
    int y = HM_TOP + (5-l)*HM_CELL;
    html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\">%d</text>\n",
                HM_LEFT-12, y + HM_CELL/2 + 5, l);
    for(int c = 1; c <= 5; c++){
      int x = HM_LEFT + (c-1)*HM_CELL;
      enum risk_level lv = risk_level_of(risk_score(l, c));
      int n = a[l-1][c-1];
      html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#425563\""
                  " data-l=\"%d\" data-c=\"%d\" data-band=\"%s\"/>\n",
                  x, y, HM_CELL, HM_CELL, risk_level_fill(lv), l, c, risk_level_code(lv));
      if( n>0 ){
        html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"18\" font-weight=\"bold\" text-anchor=\"middle\""
                    " data-count=\"%d\">%d</text>\n", x + HM_CELL/2, y + HM_CELL/2 + 6, n, n);
      }
    }
  }
  for(int c = 1; c <= 5; c++){
    html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\">%d</text>\n",
                HM_LEFT + (c-1)*HM_CELL + HM_CELL/2, HM_TOP + 5*HM_CELL + 18, c);
  }
  html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\">%s</text>\n",
              HM_LEFT + 5*HM_CELL/2, HM_TOP + 5*HM_CELL + 40, zConsequence);
  html_printf(b, "<text x=\"14\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\""
              " transform=\"rotate(-90 14 %d)\">%s</text>\n",
              HM_TOP + 5*HM_CELL/2, HM_TOP + 5*HM_CELL/2, zLikelihood);
  html_printf(b, "</svg>\n");
}
