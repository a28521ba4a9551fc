#include "domain/mail_prefs.h"
#include "util/json.h"
#include "util/text.h"
#include <string.h>
#include <time.h>

bool mail_prefs_get(struct db *db, long long personId, struct mail_prefs *p){
  memset(p, 0, sizeof *p);
  struct stmt *s = db_prepare(db, "SELECT mail_mode, mail_lang, COALESCE(email,'') FROM person WHERE id=?");
  stmt_bind_int(s, 1, personId);
  bool ok = stmt_step(s)==1;
  if( ok ){
    p->bDigest = strcmp(stmt_text(s, 0), "digest")==0;
    if( !mail_lang_parse(stmt_text(s, 1), &p->lang) ) p->lang = MAIL_BOTH;
    text_copy(p->zEmail, sizeof p->zEmail, stmt_text(s, 2));
  }
  stmt_done(s);
  return ok;
}

void mail_prefs_check(const char *zMode, const char *zLang, struct field_errors *e){
  if( !zMode || (strcmp(zMode, "immediate")!=0 && strcmp(zMode, "digest")!=0) ){
    field_errors_add(e, "mail_mode", "error.mail_mode_required");
  }
  enum mail_lang l;
  if( !mail_lang_parse(zLang, &l) ) field_errors_add(e, "mail_lang", "error.mail_lang_required");
}

bool mail_prefs_write(struct db *db, long long personId, const char *zMode, const char *zLang,
                         struct buf *pOld, struct buf *pNew){
  struct mail_prefs old;
  if( !mail_prefs_get(db, personId, &old) ) return false;
  bool bFirst = true;
  json_kv_str(pOld, &bFirst, "mail_mode", old.bDigest ? "digest" : "immediate");
  json_kv_str(pOld, &bFirst, "mail_lang", mail_lang_code(old.lang));
  bFirst = true;
  json_kv_str(pNew, &bFirst, "mail_mode", zMode);
  json_kv_str(pNew, &bFirst, "mail_lang", zLang);
  struct stmt *s = db_prepare(db, "UPDATE person SET mail_mode=?, mail_lang=?, updated_at=? WHERE id=?");
  stmt_bind_text(s, 1, zMode);
  stmt_bind_text(s, 2, zLang);
  stmt_bind_int(s, 3, (long long)time(0));
  stmt_bind_int(s, 4, personId);
  bool ok = stmt_exec(s);
  if( ok && strcmp(zMode, "immediate")==0 ){
    /* Nothing waits for a digest they no longer want. */
    s = db_prepare(db, "UPDATE outbox SET status='queued', next_attempt_at=? WHERE person_id=? AND status='held'");
    stmt_bind_int(s, 1, (long long)time(0));
    stmt_bind_int(s, 2, personId);
    ok = stmt_exec(s);
  }
  return ok;
}
