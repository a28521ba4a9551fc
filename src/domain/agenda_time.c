/* The time an agenda takes against its meeting's (see agenda_time.h). */
#include "domain/agenda_time.h"

int agenda_overrun_minutes(struct db *db, long long meetingId){
  struct stmt *s = db_prepare(db,
    "SELECT (SELECT COALESCE(sum(duration_minutes),0) FROM agenda_item"
    "         WHERE meeting_id=m.id AND status='accepted')"
    "     - CAST(round((julianday(m.ends_at)-julianday(m.starts_at))*1440) AS INTEGER)"
    "  FROM meeting m WHERE m.id=?");
  stmt_bind_int(s, 1, meetingId);
  long long n = stmt_step(s)==1 ? stmt_int(s, 0) : 0;
  stmt_done(s);
  return n>0 && n<1000000 ? (int)n : 0;
}
