#include "db/db.h"
struct stmt *bad(struct db *db, const char *zSql){ return db_prepare(db, zSql); }
