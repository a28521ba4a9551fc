/* What the rules allow: no breach here. "select ... from" in a comment,
** db_prepare(db, zSql) in a comment too. */
#define LIST_SQL "SELECT id FROM person"
void page_clean(struct req *r, struct db *db){
  struct buf *b = &r->body;
  struct buf q = {0};
  buf_printf(&q, "?page=%d", 2);              /* a local buffer, escaped below */
  html_printf(b, "<a href=\"%s\">%s</a>\n"
                 "<p>select the date from the list</p>", buf_cstr(&q), T("app.next"));
  html_printf_t(b, TF("quorum.numbers"), 1, 2);
  struct stmt *s = db_prepare(db,
    "SELECT name FROM person WHERE id=?");
  stmt_done(s);
  s = db_prepare(db, LIST_SQL);
  static const struct markup logo = MARKUP_LITERAL("<svg></svg>");
  html_markup_trusted_unescaped(b, logo);
  char z[40];
  snprintf(z, sizeof z, "%d of %d", 1, 2);
}
void page_report_csv(struct req *r){
  struct buf *b = &r->body;
  r->zContentType = "text/csv; charset=utf-8";
  buf_puts(b, "a,b\r\n");
}
