/* SQL assembled at run time, in lower case and over several lines. */
void lower(struct db *db, struct buf *q, const char *zId){
  char z[200];
  snprintf(z, sizeof z, "select name from person where id=%s", zId);
  buf_printf(q,
             "delete from person "
             "where id=%s", zId);
  snprintf(z, sizeof z, "Update person set name='%s'", zId);
  db_exec_script(db, z);
}
