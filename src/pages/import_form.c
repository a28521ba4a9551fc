/*
** What the two CSV import pages (indicator_admin.c: an indicator's data;
** qi_measures.c: a measure's points) draw alike once a file has errors:
** the form for a file or pasted text, the table of errors by line and
** column, and the form that imports the valid lines only. Each page gives its own words and its own form's
** address; what a line's error says is the caller's.
*/
#include "pages/pages.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include <stdio.h>
#include <string.h>

bool import_input(struct req *r, const char **pzText, size_t *pnText, const char **pzPasted){
  *pzText = *pzPasted = 0;
  *pnText = 0;
  if( r->h->bFile && r->h->nFile>0 ){
    *pzText = (const char*)r->h->pFile;
    *pnText = r->h->nFile;
  }else{
    const char *z = req_form(r, "csv");
    if( z && z[strspn(z, " \t\r\n")] ){ *pzText = *pzPasted = z; *pnText = strlen(z); }
  }
  return req_form(r, "valid_only") && strcmp(req_form(r, "valid_only"), "1")==0;
}

void import_file_form(struct req *r, const char *zAction, const char *zText, const struct field_errors *e,
                      const struct import_file_keys *k){
  struct buf *b = &r->body;
  html_printf(b, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" novalidate id=\"import-form\">\n", zAction);
  form_csrf(r);
  const char *zErr = e ? field_errors_get(e, "file") : 0;
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<label class=\"nhsuk-label\" for=\"file\">%s</label>\n"
              "<div class=\"nhsuk-hint\" id=\"file-hint\">%s</div>\n",
              zErr ? " nhsuk-form-group--error" : "", T(k->zFile), T(k->zFileHint));
  if( zErr ){
    html_printf(b, "<span class=\"nhsuk-error-message\" id=\"file-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                T("error.prefix"), T(zErr));
  }
  html_printf(b, "<input class=\"nhsuk-file-upload%s\" id=\"file\" name=\"file\" type=\"file\" accept=\".csv,.txt,text/csv\" aria-describedby=\"file-hint%s\">\n</div>\n",
              zErr ? " nhsuk-input--error" : "", zErr ? " file-error" : "");
  form_textarea(r, 0, "csv", k->zPaste, k->zPasteHint, zText, 8);
  html_printf(b, "<button class=\"nhsuk-button\" type=\"submit\">%s</button>\n</form>\n", T(k->zCheck));
}

void import_errors_table(struct req *r, const struct import_error_view *a, int nShow, int nError,
                         const struct import_errors_text *t){
  struct buf *b = &r->body;
  if( !nShow ) return;
  html_printf(b, "<h2 id=\"csv-errors-heading\">%s</h2>\n", t->zHeading);
  page_scroll_begin(r, "csv-errors-heading");
  nhsuk_table_begin(b, 0, "csv-errors", 0);
  nhsuk_table_header(b, t->zColLine, true);
  nhsuk_table_header(b, t->zColColumn, t->bColumnNumeric);
  nhsuk_table_header(b, t->zColProblem, false);
  nhsuk_table_header(b, t->zColText, false);
  nhsuk_table_body(b);
  for(int i=0; i<nShow; i++){
    const struct import_error_view *x = &a[i];
    char zRowId[32];
    snprintf(zRowId, sizeof zRowId, "csv-error-%d", i+1);
    nhsuk_table_row_begin(b, zRowId);
    nhsuk_table_cell_int(b, x->line);
    nhsuk_table_cell_begin(b, t->bColumnNumeric ? "nhsuk-table__cell--numeric" : 0);
    if( x->column>0 && x->zColumnName ) html_printf(b, "%d (%s)", x->column, x->zColumnName);
    else if( x->column>0 ) html_printf(b, "%d", x->column);
    nhsuk_table_cell_end(b);
    nhsuk_table_cell(b, T(x->zKey));
    nhsuk_table_cell_begin(b, 0);
    html_printf(b, "<code>%s</code>", x->zText);
    nhsuk_table_cell_end(b);
    nhsuk_table_row_end(b);
  }
  nhsuk_table_end(b);
  page_scroll_end(r);
  if( nError>nShow ){
    html_printf(b, "<p>");
    html_printf_t(b, t->more, nError-nShow);
    html_printf(b, "</p>\n");
  }
}

void import_valid_form(struct req *r, const char *zAction, size_t n, const char *zPasted,
                       const struct import_valid_text *t){
  struct buf *b = &r->body;
  html_printf(b, "<h2 id=\"valid-heading\">%s</h2>\n<p>", t->zHeading);
  html_printf_t(b, t->intro, n);
  html_printf(b, "</p>\n<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" novalidate id=\"import-valid\">\n", zAction);
  form_csrf(r);
  html_printf(b, "<input type=\"hidden\" name=\"valid_only\" value=\"1\">\n");
  if( zPasted ){
    html_printf(b, "<input type=\"hidden\" name=\"csv\" value=\"%s\">\n", zPasted);
  }else{
    html_printf(b, "<div class=\"nhsuk-form-group\"><label class=\"nhsuk-label\" for=\"file-again\">%s</label>\n"
                "<div class=\"nhsuk-hint\" id=\"file-again-hint\">%s</div>\n"
                "<input class=\"nhsuk-file-upload\" id=\"file-again\" name=\"file\" type=\"file\" accept=\".csv,.txt,text/csv\" aria-describedby=\"file-again-hint\">\n</div>\n",
                t->zFileAgain, t->zFileAgainHint);
  }
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\" id=\"import-valid-button\">");
  html_printf_t(b, t->button, n);
  html_printf(b, "</button>\n</form>\n");
}
