#include "db/db.h"
struct stmt *bad(struct db *db, const char *zWhere){
  return db_prepare(db,
                    zWhere);
}
