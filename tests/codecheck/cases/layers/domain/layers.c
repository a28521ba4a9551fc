#include <microhttpd.h>
void layers(struct db *db){
  sqlite3_exec(0, 0, 0, 0, 0);
  db_fault_set(db, 3);
}
#include <curl/curl.h>
