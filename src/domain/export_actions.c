/* The action log as CSV, XLSX and JSON (see export_actions.h). */
#include "domain/export_actions.h"
#include "util/json.h"
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define N_COL 7
static const char *const azColKey[N_COL] = {
  "action.col_ref", "action.col_meeting_date", "action.col_action", "action.col_lead",
  "action.col_status", "action.col_progress", "action.col_due",
};

static const char *status_key(const char *zStatus){
  if( strcmp(zStatus, "in_progress")==0 ) return "action.status_in_progress";
  if( strcmp(zStatus, "done")==0 ) return "action.status_done";
  if( strcmp(zStatus, "cancelled")==0 ) return "action.status_cancelled";
  return "action.status_open";
}

/* "2026-03-01: the note", or "". */
static void progress_text(const struct action *a, struct buf *b){
  buf_reset(b);
  if( !a->zLastProgress[0] ) return;
  buf_printf(b, "%s: %s", a->zLastProgressOn, a->zLastProgress);
}

void export_csv_field(struct buf *b, const char *z){
  if( !z ) z = "";
  bool bQuote = strpbrk(z, ",\"\r\n")!=0;
  bool bGuard = z[0]=='=' || z[0]=='+' || z[0]=='-' || z[0]=='@' || z[0]=='\t' || z[0]=='\r';
  if( bQuote ) buf_putc(b, '"');
  if( bGuard ) buf_putc(b, '\'');
  for(const char *p=z; *p; p++){
    if( *p=='"' ) buf_putc(b, '"');
    buf_putc(b, *p);
  }
  if( bQuote ) buf_putc(b, '"');
}

/* ---- CSV -------------------------------------------------------------- */

struct csv_ctx { FILE *out; enum lang lang; struct buf row; struct buf tmp; bool bOk; };

static void csv_row(void *pCtx, const struct action *a){
  struct csv_ctx *c = pCtx;
  struct buf *b = &c->row;
  buf_reset(b);
  export_csv_field(b, a->zRef); buf_putc(b, ',');
  export_csv_field(b, a->zMeetingDate); buf_putc(b, ',');
  export_csv_field(b, a->zDescription); buf_putc(b, ',');
  export_csv_field(b, a->zLeadName); buf_putc(b, ',');
  export_csv_field(b, i18n_get(c->lang, status_key(a->zStatus))); buf_putc(b, ',');
  progress_text(a, &c->tmp);
  export_csv_field(b, buf_cstr(&c->tmp)); buf_putc(b, ',');
  export_csv_field(b, a->zDue);
  buf_puts(b, "\r\n");
  if( fwrite(b->z, 1, b->n, c->out)!=b->n ) c->bOk = false;
}

/* Run action_list in pages of 500 from the start, calling x for each. */
struct page_ctx { action_cb x; void *p; long long lastId; };
static void page_row(void *pCtx, const struct action *a){
  struct page_ctx *c = pCtx;
  c->lastId = a->id;
  c->x(c->p, a);
}
static void walk(struct db *db, long long unitId, const struct action_filter *pFilter,
                 const char *zToday, action_cb x, void *p){
  struct action_filter f = {0};
  if( pFilter ) f = *pFilter;
  f.nMax = 500;
  f.afterId = 0;
  for(;;){
    struct page_ctx c = { x, p, 0 };
    int n = action_list(db, unitId, &f, zToday, page_row, &c);
    if( n<f.nMax ) break;
    f.afterId = c.lastId;
  }
}

bool export_actions_csv(FILE *out, struct db *db, long long unitId, const struct action_filter *pFilter,
                        const char *zToday, enum lang lang){
  struct csv_ctx c = { out, lang, {0}, {0}, true };
  buf_puts(&c.row, "\xEF\xBB\xBF");
  for(int i=0; i<N_COL; i++){
    if( i ) buf_putc(&c.row, ',');
    export_csv_field(&c.row, i18n_get(lang, azColKey[i]));
  }
  buf_puts(&c.row, "\r\n");
  if( fwrite(c.row.z, 1, c.row.n, out)!=c.row.n ) c.bOk = false;
  walk(db, unitId, pFilter, zToday, csv_row, &c);
  buf_free(&c.row);
  buf_free(&c.tmp);
  if( fflush(out)!=0 ) c.bOk = false;
  return c.bOk;
}

/* ---- XLSX ------------------------------------------------------------- */

struct xlsx_ctx {
  lxw_worksheet *ws;
  lxw_format *fDate, *fWrap;
  enum lang lang;
  lxw_row_t row;
  struct buf tmp;
  lxw_error err;
};

static void xlsx_date(struct xlsx_ctx *c, lxw_col_t col, const char *zIso){
  if( strlen(zIso)!=10 ) return;
  lxw_datetime d = { atoi(zIso), atoi(zIso+5), atoi(zIso+8), 0, 0, 0 };
  lxw_error e = worksheet_write_datetime(c->ws, c->row, col, &d, c->fDate);
  if( e && !c->err ) c->err = e;
}
static void xlsx_text(struct xlsx_ctx *c, lxw_col_t col, const char *z, lxw_format *f){
  if( !z || !z[0] ) return;
  lxw_error e = worksheet_write_string(c->ws, c->row, col, z, f);
  if( e && !c->err ) c->err = e;
}

static void xlsx_row(void *pCtx, const struct action *a){
  struct xlsx_ctx *c = pCtx;
  c->row++;
  xlsx_text(c, 0, a->zRef, 0);
  xlsx_date(c, 1, a->zMeetingDate);
  xlsx_text(c, 2, a->zDescription, c->fWrap);
  xlsx_text(c, 3, a->zLeadName, 0);
  xlsx_text(c, 4, i18n_get(c->lang, status_key(a->zStatus)), 0);
  progress_text(a, &c->tmp);
  xlsx_text(c, 5, buf_cstr(&c->tmp), c->fWrap);
  xlsx_date(c, 6, a->zDue);
}

bool export_actions_xlsx(const char *zPath, struct db *db, long long unitId,
                         const struct action_filter *pFilter, const char *zToday, enum lang lang,
                         char *zErr, size_t nErr){
  lxw_workbook *wb = workbook_new(zPath);
  if( !wb ){
    snprintf(zErr, nErr, "could not create %s: check the folder exists and can be written", zPath);
    return false;
  }
  struct xlsx_ctx c;
  memset(&c, 0, sizeof c);
  c.lang = lang;
  c.ws = workbook_add_worksheet(wb, i18n_get(lang, "action.sheet_name"));
  if( !c.ws ) c.ws = workbook_add_worksheet(wb, 0);
  lxw_format *fHead = workbook_add_format(wb);
  format_set_bold(fHead);
  format_set_text_wrap(fHead);
  format_set_align(fHead, LXW_ALIGN_VERTICAL_TOP);
  c.fDate = workbook_add_format(wb);
  format_set_num_format(c.fDate, "d mmm yyyy");
  format_set_align(c.fDate, LXW_ALIGN_LEFT);
  format_set_align(c.fDate, LXW_ALIGN_VERTICAL_TOP);
  c.fWrap = workbook_add_format(wb);
  format_set_text_wrap(c.fWrap);
  format_set_align(c.fWrap, LXW_ALIGN_VERTICAL_TOP);
  static const double aWidth[N_COL] = { 12, 14, 60, 26, 14, 60, 14 };
  for(int i=0; i<N_COL; i++){
    worksheet_set_column(c.ws, (lxw_col_t)i, (lxw_col_t)i, aWidth[i], 0);
    worksheet_write_string(c.ws, 0, (lxw_col_t)i, i18n_get(lang, azColKey[i]), fHead);
  }
  worksheet_freeze_panes(c.ws, 1, 0);
  walk(db, unitId, pFilter, zToday, xlsx_row, &c);
  worksheet_autofilter(c.ws, 0, 0, c.row, N_COL-1);
  buf_free(&c.tmp);
  lxw_error e = workbook_close(wb);
  if( c.err || e ){
    snprintf(zErr, nErr, "could not write %s: %s", zPath, lxw_strerror(c.err ? c.err : e));
    return false;
  }
  return true;
}

/* ---- JSON ------------------------------------------------------------- */

static void kv_str_or_null(struct buf *b, bool *pbFirst, const char *zKey, const char *z){
  if( z && z[0] ) json_kv_str(b, pbFirst, zKey, z);
  else json_kv_null(b, pbFirst, zKey);
}

void export_action_json(struct buf *b, const struct action *a){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_int(b, &bFirst, "id", a->id);
  json_kv_str(b, &bFirst, "ref", a->zRef);
  kv_str_or_null(b, &bFirst, "meeting_date", a->zMeetingDate);
  json_kv_str(b, &bFirst, "action", a->zDescription);
  kv_str_or_null(b, &bFirst, "lead", a->zLeadName);
  json_kv_str(b, &bFirst, "status", a->zStatus);
  if( a->zLastProgress[0] ){
    json_key(b, &bFirst, "progress");
    bool bIn = true;
    buf_putc(b, '{');
    json_kv_str(b, &bIn, "on", a->zLastProgressOn);
    json_kv_str(b, &bIn, "note", a->zLastProgress);
    buf_putc(b, '}');
  }else{
    json_kv_null(b, &bFirst, "progress");
  }
  kv_str_or_null(b, &bFirst, "due", a->zDue);
  json_kv_bool(b, &bFirst, "overdue", a->bOverdue);
  buf_putc(b, '}');
}
