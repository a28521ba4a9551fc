/*
** A project's logic model (seed 001: inputs, activities, outputs,
** outcomes in the short, medium and long term, impact), drawn as SVG with
** each tied output and outcome showing its live measure, and the same as
** a table.
**
**   GET  /projects/{id}/logic-model                   the model
**   GET  /projects/{id}/logic-model/new, POST         add an item (?col=)
**   GET  /projects/{id}/logic-model/{item}/edit, POST change one
**   POST /projects/{id}/logic-model/{item}/delete     remove one
*/
#include "pages/pages.h"
#include "domain/domain_write.h"
#include "domain/evaluation.h"
#include "domain/project.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct litem {
  long long id, qi, ind;
  int col;
  char *zText;
  struct logic_live L;
};
struct lmodel { int n; struct litem *a; };

static void model_load(struct req *r, struct lmodel *m){
  memset(m, 0, sizeof *m);
  struct logic_item_row *a;
  int n = logic_items_load(r->db, r->rec.pWork->id, &a);
  if( n ) m->a = xmalloc((size_t)n * sizeof *m->a);
  for(int i = 0; i < n; i++){
    struct litem *it = &m->a[m->n++];
    memset(it, 0, sizeof *it);
    it->id = a[i].id;
    it->col = a[i].col;
    it->zText = a[i].zText;       /* taken over */
    a[i].zText = 0;
    it->qi = a[i].qiMeasureId;
    it->ind = a[i].indicatorId;
  }
  logic_items_free(a, n);
  for(int i = 0; i < m->n; i++){
    logic_live_load(r->db, m->a[i].qi, m->a[i].ind, r->rec.pWork->unitId, r->zToday, &m->a[i].L);
  }
}
static void model_free(struct lmodel *m){
  for(int i = 0; i < m->n; i++) free(m->a[i].zText);
  free(m->a);
}

static const char *col_key(int c){
  static const char *const az[LOGIC_COLS] = {
    "logic.col.input", "logic.col.activity", "logic.col.output", "logic.col.outcome_short",
    "logic.col.outcome_medium", "logic.col.outcome_long", "logic.col.impact"
  };
  return c>=0 && c<LOGIC_COLS ? az[c] : "logic.col.input";
}

/* The live value in words: zValue ("12.5 % (2026-11-30)") and zSignal. */
static void live_text(struct req *r, const struct logic_live *L, char *zValue, size_t nV, char *zSignal, size_t nS){
  zValue[0] = zSignal[0] = 0;
  if( L->kind==0 ) return;
  if( !L->bValue ){
    snprintf(zValue, nV, "%s", T("logic.no_data"));
    return;
  }
  char zN[40];
  /* A live value to one decimal place, as the measure and indicator pages. */
  if( fabs(L->value - round(L->value)) < 1e-9 ) eval_number(L->value, zN, sizeof zN);
  else snprintf(zN, sizeof zN, "%.1f", L->value);
  if( L->kind==1 ){
    snprintf(zValue, nV, "%s%s%s (%s)", zN, L->zUnit[0] ? " " : "", L->zUnit, L->zPeriod);
    char zKey[80];
    snprintf(zKey, sizeof zKey, "logic.signal.%s", L->zSignal[0] ? L->zSignal : "none");
    snprintf(zSignal, nS, "%s", i18n_get(r->lang, zKey));
  }else{
    snprintf(zValue, nV, "%s (%s)", zN, L->zPeriod);
    char zKey[80];
    snprintf(zKey, sizeof zKey, "logic.compare.%s", L->zVsWales[0] ? L->zVsWales : "not_compared");
    snprintf(zSignal, nS, "%s", i18n_get(r->lang, zKey));
  }
}

/* Split z into at most nMax lines of about nChars characters, at spaces;
** the last line ends with an ellipsis when text is left over. */
static int wrap(const char *z, int nChars, int nMax, char azLine[][96]){
  int n = 0;
  while( *z && n < nMax ){
    while( *z==' ' || *z=='\n' || *z=='\r' ) z++;
    if( !*z ) break;
    int len = (int)strlen(z), cut = len, chars = 0, lastSpace = -1;
    for(int i = 0; i < len; i++){
      if( z[i]=='\n' ){ cut = i; lastSpace = -2; break; }
      if( ((unsigned char)z[i] & 0xC0)!=0x80 ) chars++;
      if( z[i]==' ' ) lastSpace = i;
      if( chars > nChars ){ cut = lastSpace > 0 ? lastSpace : i; break; }
    }
    if( cut > 90 ){
      cut = 90;
      while( cut > 0 && ((unsigned char)z[cut] & 0xC0)==0x80 ) cut--;
    }
    if( cut <= 0 ) break;
    snprintf(azLine[n], 96, "%.*s", cut, z);
    n++;
    z += cut;
    if( n==nMax ){
      while( *z==' ' || *z=='\n' || *z=='\r' ) z++;
      if( *z ){
        size_t k = strlen(azLine[n-1]);
        if( k > 85 ) k = 85;
        while( k > 0 && ((unsigned char)azLine[n-1][k] & 0xC0)==0x80 ) k--;
        snprintf(azLine[n-1] + k, 96 - k, "…");
      }
    }
  }
  return n;
}

#define CW 150
#define GAP 34
#define PAD 8
#define LINE 15

static void model_svg(struct req *r, const struct lmodel *m){
  struct buf *b = &r->body;
  /* each box's height, and the columns' */
  int aColH[LOGIC_COLS] = {0};
  int *aH = xmalloc((size_t)(m->n ? m->n : 1) * sizeof *aH);
  for(int i = 0; i < m->n; i++){
    char az[5][96];
    int nl = wrap(m->a[i].zText, 21, 5, az);
    int h = 2*PAD + LINE*nl + (m->a[i].L.kind ? 2*LINE + 4 : 0);
    aH[i] = h;
    if( m->a[i].col >= 0 ) aColH[m->a[i].col] += h + 10;
  }
  int maxH = 60;
  for(int c = 0; c < LOGIC_COLS; c++) if( aColH[c] > maxH ) maxH = aColH[c];
  int W = LOGIC_COLS*CW + (LOGIC_COLS-1)*GAP + 2*PAD, H = 56 + maxH + PAD;
  html_printf(b, "<h2 id=\"logic-svg-heading\">%s</h2>\n", T("logic.svg_heading"));
  page_scroll_begin(r, "logic-svg-heading");
  html_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                 " role=\"img\" aria-labelledby=\"logic-svg-title logic-svg-desc\" id=\"logic-svg\" font-family=\"Frutiger W01, Arial, sans-serif\" font-size=\"13\">\n",
              W, H, W, H);
  html_printf(b, "<title id=\"logic-svg-title\">%s</title>\n<desc id=\"logic-svg-desc\">%s</desc>\n",
              T("logic.svg_title"), T("logic.svg_desc"));
  html_printf(b, "<defs><marker id=\"logic-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
                 "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#425563\"/></marker></defs>\n");
  for(int c = 0; c < LOGIC_COLS; c++){
    int x = PAD + c*(CW+GAP);
    html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"36\" rx=\"4\" fill=\"#005eb8\"/>\n", x, PAD, CW);
    char azHead[2][96];
    int nHead = wrap(T(col_key(c)), 20, 2, azHead);
    for(int k = 0; k < nHead; k++){
      html_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"#ffffff\" font-weight=\"bold\" text-anchor=\"middle\">%s</text>\n",
                  x + CW/2, PAD + (nHead==1 ? 23 : 16 + 14*k), azHead[k]);
    }
    if( c < LOGIC_COLS-1 ){
      int y = PAD + 18;
      html_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#425563\" stroke-width=\"2\" marker-end=\"url(#logic-arrow)\"/>\n",
                  x + CW + 4, y, x + CW + GAP - 4, y);
      int y2 = 56 + maxH/2;
      html_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#768692\" stroke-width=\"1.5\" marker-end=\"url(#logic-arrow)\"/>\n",
                  x + CW + 4, y2, x + CW + GAP - 4, y2);
    }
    int y = 56;
    for(int i = 0; i < m->n; i++){
      const struct litem *it = &m->a[i];
      if( it->col!=c ) continue;
      html_printf(b, "<g id=\"logic-box-%lld\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>\n",
                  it->id, x, y, CW, aH[i], it->L.kind ? "#e8edee" : "#ffffff", it->L.kind ? "#005eb8" : "#aeb7bd",
                  it->L.kind ? "2" : "1");
      char az[5][96];
      int nl = wrap(it->zText, 21, 5, az);
      for(int k = 0; k < nl; k++){
        html_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"#212b32\">%s</text>\n", x + PAD, y + PAD + 11 + LINE*k, az[k]);
      }
      if( it->L.kind ){
        char zV[400], zS[200], azV[1][96], azS[1][96];
        live_text(r, &it->L, zV, sizeof zV, zS, sizeof zS);
        wrap(zV, 22, 1, azV);
        wrap(zS, 22, 1, azS);
        int yy = y + PAD + 11 + LINE*nl + 4;
        html_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"#003087\" font-weight=\"bold\">%s</text>\n", x + PAD, yy, azV[0]);
        html_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"#003087\">%s</text>\n", x + PAD, yy + LINE, azS[0]);
      }
      html_printf(b, "</g>\n");
      y += aH[i] + 10;
    }
  }
  html_printf(b, "</svg>\n");
  page_scroll_end(r);
  free(aH);
}

void page_logic_model(struct req *r){
  const struct project *p = r->rec.pWork;
  char zHref[80];
  snprintf(zHref, sizeof zHref, "/projects/%lld/evaluation", p->id);
  eval_page_begin(r, T("logic.title"), zHref, T("eval.title"), 0, false);
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("logic.intro"));
  if( p->bCanWrite ){
    html_printf(b, "<p><a class=\"nhsuk-button\" href=\"/projects/%lld/logic-model/new\">%s</a></p>\n", p->id, T("logic.new"));
  }
  struct lmodel m;
  model_load(r, &m);
  if( m.n==0 ){
    html_printf(b, "<p id=\"logic-none\">%s</p>\n", T("logic.none"));
  }else{
    model_svg(r, &m);
    html_printf(b, "<h2 id=\"logic-table-heading\">%s</h2>\n", T("logic.table_heading"));
    page_scroll_begin(r, "logic-table-heading");
    nhsuk_table_begin(b, "nhsuk-table--compact", "logic-table", T("logic.table_caption"));
    nhsuk_table_header(b, T("logic.column"), false);
    nhsuk_table_header(b, T("logic.text"), false);
    nhsuk_table_header(b, T("logic.measure"), false);
    nhsuk_table_header(b, T("logic.value"), false);
    nhsuk_table_header(b, T("logic.signal"), false);
    if( p->bCanWrite ) nhsuk_table_header(b, T("eval.actions"), false);
    nhsuk_table_body(b);
    for(int c = 0; c < LOGIC_COLS; c++){
      for(int i = 0; i < m.n; i++){
        const struct litem *it = &m.a[i];
        if( it->col!=c ) continue;
        char zId[40];
        snprintf(zId, sizeof zId, "logic-item-%lld", it->id);
        nhsuk_table_row_begin(b, zId);
        nhsuk_table_cell(b, T(col_key(c)));
        nhsuk_table_cell(b, it->zText);
        nhsuk_table_cell_begin(b, 0);
        if( it->L.kind==1 ){
          html_printf(b, "<a href=\"/measures/%lld\">%s</a> <span class=\"nhsuk-body-s\">(%s)</span>", it->L.id, it->L.zName,
                      T("logic.kind.qi"));
        }else if( it->L.kind==2 ){
          html_printf(b, "<a href=\"/units/%s/indicators/%s\">%s</a> <span class=\"nhsuk-body-s\">(%s)</span>", p->zUnitSlug,
                      it->L.zCode, r->lang==LANG_CY ? it->L.zNameCy : it->L.zName, T("logic.kind.indicator"));
        }
        nhsuk_table_cell_end(b);
        char zV[400], zS[200];
        live_text(r, &it->L, zV, sizeof zV, zS, sizeof zS);
        nhsuk_table_cell(b, zV);
        nhsuk_table_cell(b, zS);
        if( p->bCanWrite ){
          nhsuk_table_cell_begin(b, 0);
          html_printf(b, "<a href=\"/projects/%lld/logic-model/%lld/edit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>"
                         "<form method=\"post\" action=\"/projects/%lld/logic-model/%lld/delete\" class=\"cc-inline-form\">",
                      p->id, it->id, T("eval.change"), it->zText, p->id, it->id);
          form_csrf(r);
          html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0\" type=\"submit\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></button></form>",
                      T("logic.delete"), it->zText);
          nhsuk_table_cell_end(b);
        }
        nhsuk_table_row_end(b);
      }
    }
    nhsuk_table_end(b);
    page_scroll_end(r);
  }
  model_free(&m);
  html_printf(b, "<p><a href=\"/projects/%lld/evaluation\">%s</a></p>\n", p->id, T("eval.back"));
  page_end(r);
}

struct choice_ctx { struct req *r; const char *zSel; };
static void qi_option(void *pCtx, long long id, const char *zName, const char *zProject){
  struct choice_ctx *c = pCtx;
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", id);
  html_printf(&c->r->body, "<option value=\"%s\"%s>%s – %s</option>\n", zId, c->zSel && strcmp(c->zSel, zId)==0 ? " selected" : "",
              zProject, zName);
}
static void indicator_option(void *pCtx, long long id, const char *zNameEn, const char *zNameCy){
  struct choice_ctx *c = pCtx;
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", id);
  const char *zName = c->r->lang==LANG_CY && zNameCy[0] ? zNameCy : zNameEn;
  html_printf(&c->r->body, "<option value=\"%s\"%s>%s</option>\n", zId, c->zSel && strcmp(c->zSel, zId)==0 ? " selected" : "",
              zName);
}

static void item_form(struct req *r, long long itemId, const struct field_errors *e, const struct logic_input *in){
  const struct project *p = r->rec.pWork;
  char zHref[80];
  snprintf(zHref, sizeof zHref, "/projects/%lld/logic-model", p->id);
  eval_page_begin(r, T(itemId ? "logic.edit_title" : "logic.new_title"), zHref, T("logic.title"), e, true);
  struct buf *b = &r->body;
  if( itemId ) html_printf(b, "<form method=\"post\" action=\"/projects/%lld/logic-model/%lld/edit\" novalidate>\n", p->id, itemId);
  else html_printf(b, "<form method=\"post\" action=\"/projects/%lld/logic-model/new\" novalidate>\n", p->id);
  form_csrf(r);
  static const char *const azKeyHint[LOGIC_COLS] = {
    "logic.col.input.hint", "logic.col.activity.hint", "logic.col.output.hint", "logic.col.outcome_short.hint",
    "logic.col.outcome_medium.hint", "logic.col.outcome_long.hint", "logic.col.impact.hint"
  };
  nhsuk_details_begin(b, T("logic.guide"), false);
  html_printf(b, "<dl class=\"nhsuk-summary-list\">\n");
  for(int c = 0; c < LOGIC_COLS; c++){
    html_printf(b, "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">%s</dt>"
                   "<dd class=\"nhsuk-summary-list__value\">%s</dd></div>\n", T(col_key(c)), T(azKeyHint[c]));
  }
  html_printf(b, "</dl>\n");
  nhsuk_details_end(b);
  const char *azKey[LOGIC_COLS];
  for(int c = 0; c < LOGIC_COLS; c++) azKey[c] = col_key(c);
  form_radios(r, e, "col", "logic.column", "logic.column_hint", LOGIC_COLS, logic_col_codes, azKey,
              in->zCol ? in->zCol : "");
  form_textarea(r, e, "text", "logic.text", "logic.text_hint", in->zText, 3);
  html_printf(b, "<h2 class=\"nhsuk-heading-s\">%s</h2>\n<p class=\"nhsuk-body-s\">%s</p>\n", T("logic.tie_heading"), T("logic.tie_hint"));
  form_select_begin(r, e, "qi_measure", "logic.qi_measure", "logic.qi_measure_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("eval.none_option"));
  struct choice_ctx c = { r, in->zQiMeasure };
  logic_qi_choices(r->db, p->unitId, qi_option, &c);
  form_select_end(r);
  form_select_begin(r, e, "indicator", "logic.indicator", "logic.indicator_hint");
  html_printf(b, "<option value=\"\">%s</option>\n", T("eval.none_option"));
  c.zSel = in->zIndicator;
  logic_indicator_choices(r->db, indicator_option, &c);
  form_select_end(r);
  form_input(r, e, "sort_order", "logic.sort_order", "logic.sort_order_hint", "text", in->zSortOrder, "off");
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T("eval.save"));
  html_printf(b, "<p><a href=\"/projects/%lld/logic-model\">%s</a></p>\n</div></div>\n", p->id, T("logic.back"));
  page_end(r);
}

static void item_read_form(struct req *r, struct logic_input *in){
  in->zCol = req_form(r, "col");
  in->zText = req_form(r, "text");
  in->zQiMeasure = req_form(r, "qi_measure");
  in->zIndicator = req_form(r, "indicator");
  in->zSortOrder = req_form(r, "sort_order");
}

void page_logic_item_new(struct req *r){
  struct logic_input in = {0};
  const char *zCol = req_query(r, "col");
  in.zCol = logic_col_of(zCol) >= 0 ? zCol : "";
  item_form(r, 0, 0, &in);
}
void page_logic_item_create(struct req *r){
  struct logic_input in;
  item_read_form(r, &in);
  struct field_errors e = {0};
  long long id = logic_item_save(r->db, &r->user, r->rec.pWork, 0, &in, (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/logic-model", r->rec.pWork->id) ) item_form(r, 0, &e, &in);
}
void page_logic_item_edit(struct req *r){
  struct logic_item_row it;
  if( !logic_item_get(r->db, r->rec.pWork->id, r->aId[1], &it) ){ page_not_found(r); return; }
  char zCol[20], zQi[24] = "", zInd[24] = "", zSort[24];
  text_copy(zCol, sizeof zCol, it.zCol);
  if( it.qiMeasureId ) snprintf(zQi, sizeof zQi, "%lld", it.qiMeasureId);
  if( it.indicatorId ) snprintf(zInd, sizeof zInd, "%lld", it.indicatorId);
  snprintf(zSort, sizeof zSort, "%lld", it.sortOrder);
  struct logic_input in = { zCol, it.zText, zQi, zInd, zSort };
  item_form(r, r->aId[1], 0, &in);
  free(it.zText);
}
void page_logic_item_update(struct req *r){
  struct logic_input in;
  item_read_form(r, &in);
  struct field_errors e = {0};
  long long id = logic_item_save(r->db, &r->user, r->rec.pWork, r->aId[1], &in, (long long)time(0), &e);
  if( form_result(r, id, "/projects/%lld/logic-model", r->rec.pWork->id) ) item_form(r, r->aId[1], &e, &in);
}
void page_logic_item_delete(struct req *r){
  long long id = logic_item_delete(r->db, &r->user, r->rec.pWork, r->aId[1], (long long)time(0));
  if( id <= 0 ){ page_not_found(r); return; }
  char z[80];
  snprintf(z, sizeof z, "/projects/%lld/logic-model", r->rec.pWork->id);
  req_redirect(r, z);
}
