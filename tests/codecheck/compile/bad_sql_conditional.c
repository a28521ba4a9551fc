#include "db/db.h"
struct stmt *bad(struct db *db, int b){ return db_prepare(db, b ? "SELECT 1" : "SELECT 2"); }
