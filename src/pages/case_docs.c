/*
** A business case as documents to download: /business-cases/{id}/case.pdf
** and /business-cases/{id}/case.docx, in the reader's language unless
** ?lang=en or ?lang=cy says otherwise (src/domain/export_case.h). Read
** by whoever may read the case's unit; anyone else is answered 404 (by
** the route's loader, and again here).
*/
#include "pages/pages.h"
#include "domain/business_case_doc.h"
#include "domain/export_case.h"
#include "web/page.h"
#include "web/req.h"
#include "html/html.h"
#include <stdio.h>
#include <string.h>

static enum lang doc_lang(struct req *r){
  const char *z = req_query(r, "lang");
  if( z && strcmp(z, "cy")==0 ) return LANG_CY;
  if( z && strcmp(z, "en")==0 ) return LANG_EN;
  return r->lang;
}

static void send_case(struct req *r, bool bDocx){
  struct casedoc d;
  if( !casedoc_load(r->db, &r->user, r->aId[0], r->zToday, &d) ){
    page_error(r, 404, "error.not_found_title", "error.not_found_body");
    return;
  }
  enum lang lang = doc_lang(r);
  char zErr[300];
  bool ok = bDocx ? export_case_docx(&d, lang, &r->body, zErr, sizeof zErr)
                  : export_case_pdf(&d, lang, &r->body, zErr, sizeof zErr);
  if( !ok ){
    fprintf(stderr, "carecluster: business case %lld: %s\n", d.id, zErr);
    casedoc_free(&d);
    page_error(r, 500, "pdf.error_title", "pdf.error_body");
    return;
  }
  char zHeader[200];
  r->status = 200;
  r->zContentType = bDocx ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document" : "application/pdf";
  snprintf(zHeader, sizeof zHeader, "attachment; filename=\"%s-business-case-%lld-%s.%s\"", d.zUnitSlug, d.id,
           lang==LANG_CY ? "cy" : "en", bDocx ? "docx" : "pdf");
  req_add_header(r, "Content-Disposition", zHeader);
  casedoc_free(&d);
}

void page_case_pdf(struct req *r){ send_case(r, false); }
void page_case_docx(struct req *r){ send_case(r, true); }

/* The links to the documents, for the page of the case. */
void case_docs_links(struct req *r, long long caseId){
  const char *zOther = r->lang==LANG_CY ? "en" : "cy";
  html_printf(&r->body, "<p class=\"cc-no-print\" id=\"case-documents\"><a href=\"/business-cases/%lld/case.pdf\" download>%s</a> · "
                        "<a href=\"/business-cases/%lld/case.docx\" download>%s</a> · "
                        "<a href=\"/business-cases/%lld/case.pdf?lang=%s\" download hreflang=\"%s\">%s</a> · "
                        "<a href=\"/business-cases/%lld/case.docx?lang=%s\" download hreflang=\"%s\">%s</a></p>\n",
              caseId, T("casedoc.link_pdf"), caseId, T("casedoc.link_docx"),
              caseId, zOther, zOther, T("casedoc.link_pdf_other"),
              caseId, zOther, zOther, T("casedoc.link_docx_other"));
}
