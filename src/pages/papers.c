/* Papers on an agenda item's page: the list with download links, the
** upload form (multipart, the one route with a larger body cap: see
** http.h), and the download itself, served only after paper_get_visible. */
#include "pages/pages.h"
#include "web/req.h"
#include "domain/paper.h"
#include "web/page.h"
#include "html/nhsuk.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The stored type as a literal that outlives the handler. */
static const char *type_literal(const char *z){
  static const char *const az[] = {
    "application/pdf", "image/png", "image/jpeg", "application/msword", "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  };
  for(size_t i=0; i<sizeof az/sizeof az[0]; i++) if( strcmp(z, az[i])==0 ) return az[i];
  return "application/octet-stream";
}

static const char *type_key(const char *z){
  if( strcmp(z, "application/pdf")==0 ) return "paper.type_pdf";
  if( strncmp(z, "image/", 6)==0 ) return "paper.type_image";
  if( strstr(z, "word") ) return "paper.type_word";
  if( strstr(z, "excel") || strstr(z, "spreadsheet") ) return "paper.type_excel";
  return "paper.type_other";
}

static void size_words(struct req *r, long long n, char *zOut, size_t nOut){
  if( n<1024 ) snprintf(zOut, nOut, T("paper.bytes"), n);
  else if( n<1024*1024 ) snprintf(zOut, nOut, "%.1f KB", (double)n/1024.0);
  else snprintf(zOut, nOut, "%.1f MB", (double)n/(1024.0*1024.0));
}

struct list_ctx { struct req *r; int n; };
static void paper_row(void *pCtx, const struct paper *p){
  struct list_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    nhsuk_table_begin(b, 0, 0, 0);
    nhsuk_table_header(b, T("paper.col_name"), false);
    nhsuk_table_header(b, T("paper.col_type"), false);
    nhsuk_table_header(b, T("paper.col_size"), false);
    nhsuk_table_header(b, T("paper.col_uploaded"), false);
    nhsuk_table_body(b);
  }
  char zSize[48], zWhen[64];
  size_words(r, p->size, zSize, sizeof zSize);
  page_time(r, p->createdAt, zWhen);
  nhsuk_table_row_begin(b, 0);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/papers/%lld/download\" download>%s</a>", p->id, p->zFilename);
  nhsuk_table_cell_end(b);
  nhsuk_table_cell(b, T(type_key(p->zType)));
  nhsuk_table_cell(b, zSize);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "%s%s%s", zWhen, p->zUploadedBy[0] ? ", " : "", p->zUploadedBy);
  nhsuk_table_cell_end(b);
  nhsuk_table_row_end(b);
}

void papers_section(struct req *r, const struct meeting *m, const struct agenda_item *it,
                    const struct field_errors *e){
  struct buf *b = &r->body;
  html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"i%lld-sec-papers\">%s</h2>\n", it->id, T("paper.title"));
  struct list_ctx c = { r, 0 };
  paper_list(r->db, it->id, paper_row, &c);
  if( c.n ) nhsuk_table_end(b);
  else html_printf(b, "<p>%s</p>\n", T("paper.none"));
  if( strcmp(m->zStatus, "cancelled")==0 || !access_can_write(r->db, &r->user, m->unitId, r->zToday) ) return;
  const char *zErr = e ? field_errors_get(e, "file") : 0;
  char zId[48];
  snprintf(zId, sizeof zId, "i%lld-file", it->id);
  html_printf(b, "<form method=\"post\" action=\"/meetings/%lld/items/%lld/papers\" enctype=\"multipart/form-data\" novalidate>\n",
              m->id, it->id);
  form_csrf(r);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<label class=\"nhsuk-label\" for=\"%s\">%s</label>\n"
              "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n",
              zErr ? " nhsuk-form-group--error" : "", zId, T("paper.upload_label"), zId, T("paper.upload_hint"));
  if( zErr ){
    html_printf(b, "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                zId, T("error.prefix"), T(zErr));
  }
  html_printf(b, "<input class=\"nhsuk-file-upload%s\" id=\"%s\" name=\"file\" type=\"file\""
              " accept=\".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg\" aria-describedby=\"%s-hint%s%s%s\">\n</div>\n",
              zErr ? " nhsuk-input--error" : "", zId, zId, zErr ? " " : "", zErr ? zId : "", zErr ? "-error" : "");
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T("paper.upload"));
}

long long paper_post(struct req *r, const struct meeting *m, const struct agenda_item *it,
                     struct field_errors *e){
  if( !r->h->bFile ){
    field_errors_add(e, "file", "paper.error_empty");
    return 0;
  }
  return paper_add(r->db, &r->user, m, it->id, r->h->zFileName, r->h->pFile, r->h->nFile, r->zToday, e);
}

/* RFC 6266: an ASCII fallback and the UTF-8 name percent-encoded. */
static void content_disposition(const char *zName, struct buf *b){
  buf_puts(b, "attachment; filename=\"");
  for(const unsigned char *q=(const unsigned char*)zName; *q; q++){
    bool bSafe = (*q>='A' && *q<='Z') || (*q>='a' && *q<='z') || (*q>='0' && *q<='9')
              || *q=='.' || *q=='-' || *q=='_' || *q==' ';
    buf_putc(b, bSafe ? (char)*q : '_');
  }
  buf_puts(b, "\"; filename*=UTF-8''");
  for(const unsigned char *q=(const unsigned char*)zName; *q; q++){
    if( (*q>='A' && *q<='Z') || (*q>='a' && *q<='z') || (*q>='0' && *q<='9') || strchr("!#$&+-.^_`|~", *q) ){
      buf_putc(b, (char)*q);
    }else{
      buf_printf(b, "%%%02X", *q);
    }
  }
}

void page_paper_download(struct req *r){
  struct paper *p = r->rec.pPaper;
  buf_reset(&r->body);
  if( !paper_data(r->db, p, &r->body) ){
    buf_reset(&r->body);
    page_not_found(r);
    return;
  }
  r->zContentType = type_literal(p->zType);
  struct buf cd = {0};
  content_disposition(p->zFilename, &cd);
  req_add_header(r, "Content-Disposition", buf_cstr(&cd));
  buf_free(&cd);
}
