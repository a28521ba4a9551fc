/* Non-literals split over two lines. */
void split(struct db *db, struct buf *b, const char *zSql, const char *zFmt){
  struct stmt *s = db_prepare(db,
                              zSql);
  html_printf(b,
              zFmt, 1);
  s = db_prepare_(db, zSql);
  stmt_done(s);
}
