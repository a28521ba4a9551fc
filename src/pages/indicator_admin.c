/*
** The indicator catalogue maintained (src/domain/indicator.h), by
** administrators and national users only (indicator_can_manage: the
** routes' REC_CATALOGUE write check; anyone else is answered 404):
**
**   /indicators/new            add an indicator
**   /indicators/{code}/edit    change one (its kind, period type and ages
**                              stay once it has values: the domain says so)
**   /indicators/import         values from a CSV file (or pasted text):
**                              errors by line and column; nothing imported
**                              from a file with errors unless the valid
**                              lines are chosen, as the QI measure import
**
** Every write is the domain's: one transaction with its audit entry.
** Bad input draws the form again with an error summary and what was
** typed kept.
*/
#include "pages/pages.h"
#include "domain/indicator.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include "web/page.h"
#include "web/req.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the form of an indicator ---------------------------------------------------- */

/* What the form shows: what was typed, or the indicator's values. */
struct ind_form {
  struct indicator_input in;
  char zMultiplier[48], zAgeFrom[16], zAgeTo[16], zSort[32];
};

static void form_from_indicator(struct ind_form *f, const struct indicator *ind){
  memset(f, 0, sizeof *f);
  f->in.zCode = ind->zCode;
  f->in.zNameEn = ind->zNameEn; f->in.zNameCy = ind->zNameCy;
  f->in.zNumeratorEn = ind->zNumeratorEn; f->in.zNumeratorCy = ind->zNumeratorCy;
  f->in.zDenominatorEn = ind->zDenominatorEn; f->in.zDenominatorCy = ind->zDenominatorCy;
  f->in.zKind = indicator_kind_code(ind->kind);
  f->in.zPolarity = indicator_polarity_code(ind->polarity);
  f->in.zPeriodType = indicator_period_type_code(ind->periodType);
  f->in.zSource = ind->zSource;
  snprintf(f->zMultiplier, sizeof f->zMultiplier, "%.15g", ind->multiplier);
  f->in.zMultiplier = f->zMultiplier;
  if( ind->ageFrom>0 ) snprintf(f->zAgeFrom, sizeof f->zAgeFrom, "%d", ind->ageFrom);
  if( ind->ageTo>=0 ) snprintf(f->zAgeTo, sizeof f->zAgeTo, "%d", ind->ageTo);
  snprintf(f->zSort, sizeof f->zSort, "%lld", ind->sortOrder);
  f->in.zAgeFrom = f->zAgeFrom;
  f->in.zAgeTo = f->zAgeTo;
  f->in.zSortOrder = f->zSort;
}

static void form_from_request(struct req *r, struct ind_form *f){
  memset(f, 0, sizeof *f);
  f->in.zCode = req_form(r, "code");
  f->in.zNameEn = req_form(r, "name_en"); f->in.zNameCy = req_form(r, "name_cy");
  f->in.zNumeratorEn = req_form(r, "numerator_en"); f->in.zNumeratorCy = req_form(r, "numerator_cy");
  f->in.zDenominatorEn = req_form(r, "denominator_en"); f->in.zDenominatorCy = req_form(r, "denominator_cy");
  f->in.zKind = req_form(r, "kind");
  f->in.zMultiplier = req_form(r, "multiplier");
  f->in.zPolarity = req_form(r, "polarity");
  f->in.zSource = req_form(r, "source");
  f->in.zPeriodType = req_form(r, "period_type");
  f->in.zAgeFrom = req_form(r, "age_from");
  f->in.zAgeTo = req_form(r, "age_to");
  f->in.zSortOrder = req_form(r, "sort_order");
}

static const char *nz(const char *z){ return z ? z : ""; }

/* A select of the codes of one list of the catalogue: 'k' kinds, 'p'
** polarities, 't' period types; their labels the catalogue's. */
static const char *list_code(char cList, int i){
  switch( cList ){
    case 'k': return indicator_kind_code((enum indicator_kind)i);
    case 'p': return indicator_polarity_code((enum indicator_polarity)i);
    default: return indicator_period_type_code((enum indicator_period_type)i);
  }
}
static void code_select(struct req *r, const struct field_errors *e, const char *zName, const char *zLabelKey,
                        const char *zHintKey, char cList, const char *zChosen){
  int n = cList=='k' ? INDICATOR_KIND__MAX : cList=='p' ? INDICATOR_POLARITY__MAX : INDICATOR_PERIOD__MAX;
  form_select_begin(r, e, zName, zLabelKey, zHintKey);
  html_printf(&r->body, "<option value=\"\">%s</option>\n", T("indicator.form.choose"));
  for(int i=0; i<n; i++){
    const char *zCode = list_code(cList, i);
    char zKey[96];
    if( cList=='k' ) snprintf(zKey, sizeof zKey, "indicator.kind.%s", zCode);
    else if( cList=='p' ) snprintf(zKey, sizeof zKey, "indicator.polarity.%s", zCode);
    else snprintf(zKey, sizeof zKey, "indicator.period_type.%s", zCode);
    html_printf(&r->body, "<option value=\"%s\"%s>%s</option>\n", zCode,
                zChosen && strcmp(zChosen, zCode)==0 ? " selected" : "", i18n_get(r->lang, zKey));
  }
  form_select_end(r);
}

/* The whole page of the form: new (ind NULL) or the edit of ind. */
static void form_page(struct req *r, const struct indicator *ind, const struct ind_form *f,
                      const struct field_errors *e){
  const char *zTitle = T(ind ? "indicator.form.edit_title" : "indicator.form.new_title");
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {"/indicators", T("indicator.page.catalogue_title")}};
  page_form_begin(r, zTitle, aCrumb, 2, e, ind ? indicator_name(ind, r->lang) : T("indicator.page.catalogue_title"));
  struct buf *b = &r->body;
  if( ind ){
    html_printf(b, "<form method=\"post\" action=\"/indicators/%s/edit\" novalidate id=\"indicator-form\">\n", ind->zCode);
  }else{
    html_printf(b, "<form method=\"post\" action=\"/indicators/new\" novalidate id=\"indicator-form\">\n");
  }
  form_csrf(r);
  form_input(r, e, "code", "indicator.form.code", "indicator.form.code_hint", "text", nz(f->in.zCode), 0);
  form_input(r, e, "name_en", "indicator.form.name_en", 0, "text", nz(f->in.zNameEn), 0);
  form_input(r, e, "name_cy", "indicator.form.name_cy", 0, "text", nz(f->in.zNameCy), 0);
  code_select(r, e, "kind", "indicator.form.kind", "indicator.form.kind_hint", 'k', f->in.zKind);
  form_textarea(r, e, "numerator_en", "indicator.form.numerator_en", "indicator.form.numerator_hint", nz(f->in.zNumeratorEn), 3);
  form_textarea(r, e, "numerator_cy", "indicator.form.numerator_cy", 0, nz(f->in.zNumeratorCy), 3);
  form_textarea(r, e, "denominator_en", "indicator.form.denominator_en", "indicator.form.denominator_hint", nz(f->in.zDenominatorEn), 3);
  form_textarea(r, e, "denominator_cy", "indicator.form.denominator_cy", 0, nz(f->in.zDenominatorCy), 3);
  form_input(r, e, "multiplier", "indicator.form.multiplier", "indicator.form.multiplier_hint", "text", nz(f->in.zMultiplier), 0);
  code_select(r, e, "polarity", "indicator.form.polarity", 0, 'p', f->in.zPolarity);
  code_select(r, e, "period_type", "indicator.form.period_type", 0, 't', f->in.zPeriodType);
  form_input(r, e, "age_from", "indicator.form.age_from", "indicator.form.age_from_hint", "text", nz(f->in.zAgeFrom), 0);
  form_input(r, e, "age_to", "indicator.form.age_to", "indicator.form.age_to_hint", "text", nz(f->in.zAgeTo), 0);
  form_textarea(r, e, "source", "indicator.form.source", "indicator.form.source_hint", nz(f->in.zSource), 3);
  form_input(r, e, "sort_order", "indicator.form.sort_order", "indicator.form.sort_order_hint", "text", nz(f->in.zSortOrder), 0);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n",
              T(ind ? "indicator.form.save" : "indicator.form.add"));
  html_printf(b, "<p><a href=\"/indicators\">%s</a></p>\n", T("indicator.form.cancel"));
  html_printf(b, "</div></div>\n");
  page_end(r);
}

void page_indicator_new(struct req *r){
  struct ind_form f;
  memset(&f, 0, sizeof f);
  f.in.zMultiplier = "100";
  form_page(r, 0, &f, 0);
}

void page_indicator_create(struct req *r){
  struct ind_form f;
  form_from_request(r, &f);
  struct field_errors e = {0};
  long long id = indicator_create(r->db, &r->user, &f.in, &e);
  struct indicator ind;
  if( id>0 && indicator_get(r->db, id, &ind) ){
    form_result(r, id, "/indicators?saved=1#ind-%s", ind.zCode);
    return;
  }
  if( form_result(r, id, "/indicators?saved=1") ) form_page(r, 0, &f, &e);
}

void page_indicator_edit(struct req *r){
  struct indicator ind;
  if( !indicator_get_by_code(r->db, r->azParam[0], &ind) ){ page_not_found(r); return; }
  struct ind_form f;
  form_from_indicator(&f, &ind);
  form_page(r, &ind, &f, 0);
}

void page_indicator_update(struct req *r){
  struct indicator ind;
  if( !indicator_get_by_code(r->db, r->azParam[0], &ind) ){ page_not_found(r); return; }
  struct ind_form f;
  form_from_request(r, &f);
  struct field_errors e = {0};
  long long id = indicator_update(r->db, &r->user, ind.id, &f.in, &e);
  struct indicator after;
  if( id>0 && indicator_get(r->db, id, &after) ){
    form_result(r, id, "/indicators?saved=1#ind-%s", after.zCode);
    return;
  }
  if( form_result(r, id, "/indicators?saved=1") ) form_page(r, &ind, &f, &e);
}

/* ---- the import of values ------------------------------------------------------------ */

static void import_form(struct req *r, const char *zText, const struct field_errors *e){
  static const struct import_file_keys k = { "indicator.import.file", "indicator.import.file_hint",
    "indicator.import.paste", "indicator.import.paste_hint", "indicator.import.check" };
  import_file_form(r, "/indicators/import", zText, e, &k);
}

static void import_page_begin(struct req *r, bool bErr){
  struct crumb aCrumb[2] = {{"/", T("home.title")}, {"/indicators", T("indicator.page.catalogue_title")}};
  struct field_errors one = { 1, {{"file", "indicator.import.title"}} };
  page_begin_form(r, T("indicator.import.title"), aCrumb, 2, bErr ? &one : 0);
  html_printf(&r->body, "<h1>%s</h1>\n", T("indicator.import.title"));
}

static void import_help(struct req *r){
  struct buf *b = &r->body;
  html_printf(b, "<p>%s</p>\n", T("indicator.import.columns"));
  /* The example's lines are wider than a phone: they scroll in their own region. */
  html_printf(b, "<p id=\"import-example-label\">%s</p>\n", T("indicator.import.example"));
  page_scroll_begin(r, "import-example-label");
  html_printf(b, "<pre class=\"cc-example\" id=\"import-example\"><code>");
  html_printf(b, "area_code,indicator_code,period,numerator,denominator\n"
                 "cardiff-south-west,smoking_prevalence,2024/25,6120,41200\n"
                 "afan,smoking_prevalence,2024/25,4510,29800\n");
  html_printf(b, "</code></pre>\n");
  page_scroll_end(r);
  html_printf(b, "<p>%s</p>\n", T("indicator.import.rules"));
}

static void import_form_page(struct req *r, const struct field_errors *e){
  import_page_begin(r, e!=0);
  html_printf(&r->body, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  form_error_summary(r, e);
  import_help(r);
  import_form(r, "", e);
  html_printf(&r->body, "<p><a href=\"/indicators\">%s</a></p>\n</div></div>\n", T("indicator.form.cancel"));
  page_end(r);
}

void page_indicator_import_form(struct req *r){ import_form_page(r, 0); }

/* "Line 7, column 2 (period): message" into z. */
static void csv_error_words(struct req *r, const struct indicator_csv *c, const struct indicator_csv_error *x,
                            char *z, size_t n){
  if( x->column>0 && x->column<=c->nColumn ){
    snprintf(z, n, T("indicator.import.line_column_named"), x->line, x->column, c->azColumn[x->column-1], T(x->zKey));
  }else if( x->column>0 ){
    snprintf(z, n, T("indicator.import.line_column"), x->line, x->column, T(x->zKey));
  }else if( x->line>0 ){
    snprintf(z, n, T("indicator.import.line"), x->line, T(x->zKey));
  }else{
    snprintf(z, n, "%s", T(x->zKey));
  }
}

/* The errors of a parsed file: a summary, a table by line and column,
** then the choice to import the valid lines (the pasted text again, or
** the same file chosen again: nothing is kept between the two). */
static void import_errors_page(struct req *r, const struct indicator_csv *c, const char *zPasted,
                               const struct field_errors *pDomain){
  r->status = 400;
  import_page_begin(r, true);
  struct buf *b = &r->body;
  html_printf(b, "<div class=\"nhsuk-error-summary\" data-module=\"nhsuk-error-summary\" aria-labelledby=\"error-summary-title\" role=\"alert\" tabindex=\"-1\">\n"
              "<h2 class=\"nhsuk-error-summary__title\" id=\"error-summary-title\">%s</h2>\n<div class=\"nhsuk-error-summary__body\">\n",
              T("error.summary_title"));
  if( c->nError ){
    html_printf(b, "<p>");
    html_printf_t(b, TF("indicator.import.error_count"), c->nError);
    html_printf(b, "</p>\n");
  }
  html_printf(b, "<ul class=\"nhsuk-list nhsuk-error-summary__list\">\n");
  int nShow = c->nKept;
  for(int i=0; i<nShow && i<10; i++){
    char z[600];
    csv_error_words(r, c, &c->aError[i], z, sizeof z);
    html_printf(b, "<li><a href=\"#csv-error-%d\">%s</a></li>\n", i+1, z);
  }
  for(int i=0; pDomain && i<pDomain->n; i++){
    if( strcmp(pDomain->a[i].zKey, "indicator.import.error.has_errors")==0 && c->nError ) continue;
    html_printf(b, "<li><a href=\"#file\">%s</a></li>\n", T(pDomain->a[i].zKey));
  }
  html_printf(b, "</ul>\n</div>\n</div>\n");
  struct import_error_view aView[INDICATOR_CSV_MAX_ERRORS];
  for(int i=0; i<nShow; i++){
    const struct indicator_csv_error *x = &c->aError[i];
    aView[i] = (struct import_error_view){ x->line, x->column,
      x->column>0 && x->column<=c->nColumn ? c->azColumn[x->column-1] : 0, x->zKey, x->zText };
  }
  struct import_errors_text et = { T("indicator.import.errors"), T("indicator.import.col_line"),
    T("indicator.import.col_column"), T("indicator.import.col_problem"), T("indicator.import.col_text"),
    false, TF("indicator.import.more_errors") };
  import_errors_table(r, aView, nShow, c->nError, &et);
  html_printf(b, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">\n");
  if( c->n>0 && !c->bFileError ){
    struct import_valid_text vt = { T("indicator.import.valid_heading"), T("indicator.import.file_again"),
      T("indicator.import.file_again_hint"), TF("indicator.import.valid_intro"), TF("indicator.import.valid_button") };
    import_valid_form(r, "/indicators/import", c->n, zPasted, &vt);
  }
  html_printf(b, "<h2>%s</h2>\n", T("indicator.import.again"));
  import_help(r);
  import_form(r, zPasted ? zPasted : "", 0);
  html_printf(b, "<p><a href=\"/indicators\">%s</a></p>\n</div></div>\n", T("indicator.form.cancel"));
  page_end(r);
}

void page_indicator_import(struct req *r){
  const char *zText, *zPasted;
  size_t nText;
  bool bValidOnly = import_input(r, &zText, &nText, &zPasted);
  if( !zText ){
    struct field_errors e = {0};
    field_errors_add(&e, "file", "indicator.import.nothing");
    r->status = 400;
    import_form_page(r, &e);
    return;
  }
  struct indicator_lookup L;
  if( !indicator_lookup_load(r->db, r->zToday, &L) ){
    page_error(r, 500, "indicator.page.load_failed_title", "indicator.page.load_failed_body");
    return;
  }
  struct indicator_csv c;
  memset(&c, 0, sizeof c);
  indicator_csv_parse(zText, nText, &L.csv, &c);
  struct field_errors e = {0};
  struct indicator_import_result res;
  memset(&res, 0, sizeof res);
  long long n = 0;
  if( !c.bFileError ) n = indicator_import(r->db, &r->user, &c, &L, bValidOnly, r->zToday, &res, &e);
  if( c.bFileError ) r->status = 400;
  if( n>0 ){
    form_result(r, n, "/indicators?imported=%lld&left_out=%zu", n, res.nLeftOut);
  }else if( n<0 ){
    page_not_found(r);
  }else{
    import_errors_page(r, &c, zPasted, &e);
  }
  indicator_csv_free(&c);
  indicator_lookup_free(&L);
}
