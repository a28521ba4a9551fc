/*
** Small helpers the demonstration data shares (demo.h).
*/
#include "domain/demo.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

long long demo_row_id(struct stmt *s){
  long long id = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return id;
}

long long demo_user_id(struct db *db, const char *zEmail){
  struct stmt *s = db_prepare(db, "SELECT id FROM app_user WHERE email=?");
  stmt_bind_text(s, 1, zEmail);
  return demo_row_id(s);
}

long long demo_person_in_role(struct db *db, long long unitId, const char *zRole){
  struct stmt *s = db_prepare(db,
    "SELECT person_id FROM membership WHERE unit_id=? AND role_code=? ORDER BY id LIMIT 1");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zRole);
  return demo_row_id(s);
}

long long demo_epoch_of(const char *z){
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(z) - 1900;
  tm.tm_mon = atoi(z+5) - 1;
  tm.tm_mday = atoi(z+8);
  if( strlen(z)>=16 ){ tm.tm_hour = atoi(z+11); tm.tm_min = atoi(z+14); }
  return (long long)timegm(&tm);
}
