#include "db/db.h"
struct stmt *bad(struct db *db, int n){ return db_prepare(db, "SELECT 1; DROP TABLE person" + n); }
