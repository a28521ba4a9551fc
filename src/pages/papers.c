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

/* The upload form: a file field (id zId) labelled zLabelKey, posted to
** zAction as multipart, with its error. */
static void upload_form(struct req *r, const char *zAction, const char *zId, const char *zLabelKey,
                        const char *zButtonKey, const struct field_errors *e){
  struct buf *b = &r->body;
  const char *zErr = e ? field_errors_get(e, "file") : 0;
  html_printf(b, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" novalidate>\n", zAction);
  form_csrf(r);
  html_printf(b, "<div class=\"nhsuk-form-group%s\">\n<label class=\"nhsuk-label\" for=\"%s\">%s</label>\n"
              "<div class=\"nhsuk-hint\" id=\"%s-hint\">%s</div>\n",
              zErr ? " nhsuk-form-group--error" : "", zId, T(zLabelKey), zId, T("paper.upload_hint"));
  if( zErr ){
    html_printf(b, "<span class=\"nhsuk-error-message\" id=\"%s-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                zId, T("error.prefix"), T(zErr));
  }
  html_printf(b, "<input class=\"nhsuk-file-upload%s\" id=\"%s\" name=\"file\" type=\"file\""
              " accept=\".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg\" aria-describedby=\"%s-hint%s%s%s\">\n</div>\n",
              zErr ? " nhsuk-input--error" : "", zId, zId, zErr ? " " : "", zErr ? zId : "", zErr ? "-error" : "");
  html_printf(b, "<button class=\"nhsuk-button nhsuk-button--secondary\" type=\"submit\">%s</button>\n</form>\n",
              T(zButtonKey));
}

struct list_ctx { struct req *r; int n; bool bWrite; bool bWithdraw; };

/* One version's cells: its name (a download link) with, under it, which
** version it is, then its type, size and upload. */
static void version_cells(struct req *r, const struct paper *p){
  struct buf *b = &r->body;
  char zSize[48], zWhen[64];
  size_words(r, p->size, zSize, sizeof zSize);
  page_time(r, p->createdAt, zWhen);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "<a href=\"/papers/%lld/download\" download>%s</a>", p->id, p->zFilename);
  if( p->replacedById ){
    char zReplaced[64];
    page_time(r, p->replacedAt, zReplaced);
    html_printf(b, "<br><span class=\"nhsuk-body-s\">");
    html_printf_t(b, TF("paper.version_replaced"), p->version, zReplaced);
    html_printf(b, "</span>");
  }else if( p->version>1 ){
    html_printf(b, "<br><span class=\"nhsuk-body-s\">");
    html_printf_t(b, TF("paper.version_current"), p->version);
    html_printf(b, "</span>");
  }
  nhsuk_table_cell_end(b);
  nhsuk_table_cell(b, T(type_key(p->zType)));
  nhsuk_table_cell(b, zSize);
  nhsuk_table_cell_begin(b, 0);
  html_printf(b, "%s%s%s", zWhen, p->zUploadedBy[0] ? ", " : "", p->zUploadedBy);
  nhsuk_table_cell_end(b);
}

static void old_version_row(void *pCtx, const struct paper *p){
  struct list_ctx *c = pCtx;
  struct buf *b = &c->r->body;
  nhsuk_table_row_begin_attr(b, "cc-paper-version", 0, 0);
  version_cells(c->r, p);
  if( c->bWrite ) nhsuk_table_cell(b, "");
  nhsuk_table_row_end(b);
}

static void paper_row(void *pCtx, const struct paper *p){
  struct list_ctx *c = pCtx;
  struct req *r = c->r;
  struct buf *b = &r->body;
  if( c->n++==0 ){
    /* On a small screen the table scrolls within its region. */
    char zHeading[48];
    snprintf(zHeading, sizeof zHeading, "i%lld-sec-papers", p->itemId);
    page_scroll_begin(r, zHeading);
    nhsuk_table_begin(b, 0, 0, 0);
    nhsuk_table_header(b, T("paper.col_name"), false);
    nhsuk_table_header(b, T("paper.col_type"), false);
    nhsuk_table_header(b, T("paper.col_size"), false);
    nhsuk_table_header(b, T("paper.col_uploaded"), false);
    if( c->bWrite ) nhsuk_table_header_hidden(b, T("member.actions"));
    nhsuk_table_body(b);
  }
  nhsuk_table_row_begin(b, 0);
  version_cells(r, p);
  if( c->bWrite ){
    nhsuk_table_cell_begin(b, 0);
    html_printf(b, "<a href=\"/papers/%lld/replace\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                p->id, T("paper.replace"), p->zFilename);
    if( c->bWithdraw ){
      html_printf(b, "<br><a href=\"/papers/%lld/withdraw\">%s<span class=\"nhsuk-u-visually-hidden\"> %s</span></a>",
                  p->id, T("paper.withdraw"), p->zFilename);
    }
    nhsuk_table_cell_end(b);
  }
  nhsuk_table_row_end(b);
  /* Earlier versions stay listed, and downloadable, under the current one. */
  paper_versions(r->db, p->id, old_version_row, c);
}

void papers_section(struct req *r, const struct meeting *m, const struct agenda_item *it,
                    const struct field_errors *e){
  struct buf *b = &r->body;
  html_printf(b, "<h2 class=\"nhsuk-heading-m\" id=\"i%lld-sec-papers\">%s</h2>\n", it->id, T("paper.title"));
  bool bWrite = strcmp(m->zStatus, "cancelled")!=0 && access_can_write(r->db, &r->user, m->unitId, r->zToday);
  /* A paper may be withdrawn until the pack is circulated. */
  struct list_ctx c = { r, 0, bWrite, bWrite && m->packPublishedAt==0 };
  paper_list(r->db, it->id, paper_row, &c);
  if( c.n ){ nhsuk_table_end(b); page_scroll_end(r); }
  else html_printf(b, "<p>%s</p>\n", T("paper.none"));
  if( !bWrite ) return;
  char zAction[100];
  snprintf(zAction, sizeof zAction, "/meetings/%lld/items/%lld/papers", m->id, it->id);
  char zId[48];
  snprintf(zId, sizeof zId, "i%lld-file", it->id);
  upload_form(r, zAction, zId, "paper.upload_label", "paper.upload", e);
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

/* ---- replacing and withdrawing a paper ------------------------------------ */

/* The page of paper p of item it: zTitleKey, the paper's name, then the
** form (bReplace: a file to upload; else the withdrawal's confirmation). */
static void paper_change_page(struct req *r, const struct paper *p, bool bReplace, const struct field_errors *e){
  const struct meeting *m = &r->rec.meeting;
  const struct agenda_item *it = &r->rec.item;
  char zMeetingHref[64], zItemHref[100];
  snprintf(zMeetingHref, sizeof zMeetingHref, "/meetings/%lld", m->id);
  snprintf(zItemHref, sizeof zItemHref, "/meetings/%lld/items/%lld", m->id, it->id);
  const char *zStd = agenda_title_key(it->zStanding, it->zTitle);
  struct crumb aCrumb[3] = {{"/", T("home.title")}, {zMeetingHref, m->zTitle}, {zItemHref, zStd ? T(zStd) : it->zTitle}};
  meeting_form_page_begin(r, m, T(bReplace ? "paper.replace_title" : "paper.withdraw_title"), aCrumb, 3, e, p->zFilename);
  struct buf *b = &r->body;
  char zAction[80];
  if( bReplace ){
    html_printf(b, "<p>%s</p>\n", T("paper.replace_body"));
    snprintf(zAction, sizeof zAction, "/papers/%lld/replace", p->id);
    upload_form(r, zAction, "file", "paper.replace_label", "paper.replace_button", e);
  }else{
    html_printf(b, "<p>%s</p>\n", T("paper.withdraw_body"));
    const char *zErr = e ? field_errors_get(e, "confirm") : 0;
    html_printf(b, "<form method=\"post\" action=\"/papers/%lld/withdraw\" novalidate>\n", p->id);
    form_csrf(r);
    if( zErr ){
      html_printf(b, "<div class=\"nhsuk-form-group nhsuk-form-group--error\">\n"
                  "<span class=\"nhsuk-error-message\" id=\"confirm-error\"><span class=\"nhsuk-u-visually-hidden\">%s:</span> %s</span>\n",
                  T("error.prefix"), T(zErr));
    }
    html_printf(b, "<button class=\"nhsuk-button nhsuk-button--warning\" id=\"confirm\" type=\"submit\"%s>%s</button>\n",
                zErr ? " aria-describedby=\"confirm-error\"" : "", T("paper.withdraw_button"));
    if( zErr ) html_printf(b, "</div>\n");
    html_printf(b, "</form>\n");
  }
  html_printf(b, "<p><a href=\"%s#i%lld-sec-papers\">%s</a></p>\n</div></div>\n", zItemHref, it->id, T("paper.back_to_item"));
  page_end(r);
}

/* Only the current version of a paper is replaced or withdrawn. */
static bool paper_changeable(struct req *r, const struct paper *p, bool bReplace){
  const struct meeting *m = &r->rec.meeting;
  if( p->replacedById || strcmp(m->zStatus, "cancelled")==0 ){
    page_error(r, 409, "paper.not_changeable_title", "paper.not_changeable_body");
    return false;
  }
  if( !bReplace && m->packPublishedAt>0 ){
    page_error(r, 409, "paper.not_withdrawable_title", "paper.error_withdraw_published");
    return false;
  }
  return true;
}

static void back_to_papers(struct req *r){
  char z[160];
  snprintf(z, sizeof z, "/meetings/%lld/items/%lld#i%lld-sec-papers", r->rec.meeting.id, r->rec.item.id, r->rec.item.id);
  req_redirect(r, z);
}

void page_paper_replace_form(struct req *r){
  if( paper_changeable(r, r->rec.pPaper, true) ) paper_change_page(r, r->rec.pPaper, true, 0);
}

void page_paper_replace(struct req *r){
  struct paper *p = r->rec.pPaper;
  struct field_errors e = {0};
  long long id = r->h->bFile
    ? paper_replace(r->db, &r->user, &r->rec.meeting, p->id, r->h->zFileName, r->h->pFile, r->h->nFile, r->zToday, &e)
    : (field_errors_add(&e, "file", "paper.error_empty"), 0);
  if( id>0 ){ back_to_papers(r); return; }
  if( id<0 ){ page_not_found(r); return; }
  r->status = 400;
  paper_change_page(r, p, true, &e);
}

void page_paper_withdraw_form(struct req *r){
  if( paper_changeable(r, r->rec.pPaper, false) ) paper_change_page(r, r->rec.pPaper, false, 0);
}

void page_paper_withdraw(struct req *r){
  struct paper *p = r->rec.pPaper;
  struct field_errors e = {0};
  long long id = paper_withdraw(r->db, &r->user, &r->rec.meeting, p->id, r->zToday, &e);
  if( id>0 ){ back_to_papers(r); return; }
  if( id<0 ){ page_not_found(r); return; }
  r->status = 400;
  paper_change_page(r, p, false, &e);
}
