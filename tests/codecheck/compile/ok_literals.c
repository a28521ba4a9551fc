/* Control: every allowed form compiles (so a failure of the others is the
** rule's doing, not a missing header). */
#include "db/db.h"
#include "html/html.h"
#define SELECT_ONE "SELECT 1"
void ok(struct db *db, struct buf *b, long long id){
  struct stmt *s = db_prepare(db, "SELECT name FROM person"
                                  " WHERE id=?");
  stmt_bind_int(s, 1, id);
  stmt_done(s);
  stmt_done(db_prepare(db, SELECT_ONE));
  html_printf(b, "<p>%s</p>", "text");
  html_printf(b, "<hr>");
  html_printf_t(b, I18N_FORMAT(LANG_EN, "quorum.numbers"), 1, 2);
  html_markup_trusted_unescaped(b, MARKUP_LITERAL("<br>"));
}
