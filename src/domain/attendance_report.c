/* The attendance evidence report (see attendance_report.h). */
#include "domain/attendance_report.h"
#include "domain/member.h"
#include <stdio.h>
#include <string.h>

int attendance_report(struct db *db, const struct user *u, long long unitId,
                      const char *zFrom, const char *zTo, const char *zToday,
                      attendance_row_cb x, void *pCtx){
  if( !access_can_read(db, u, unitId, zToday) ) return -1;
  struct stmt *s = db_prepare(db,
    "WITH mt AS ("
    "  SELECT id, substr(starts_at,1,10) AS d FROM meeting"
    "   WHERE unit_id=?1 AND status<>'cancelled' AND substr(starts_at,1,10) BETWEEN ?2 AND ?3),"
    " ex AS ("
    "  SELECT DISTINCT mt.id AS mid, m.person_id AS pid FROM mt JOIN membership m"
    "    ON m.unit_id=?1 AND " MEMBER_ON_SQL("m", "mt.d") "),"
    " st AS ("
    "  SELECT ex.mid, ex.pid, COALESCE(a.status,'') AS status,"
    "    CASE WHEN EXISTS(SELECT 1 FROM attendance d WHERE d.meeting_id=ex.mid AND d.status='deputy'"
    "            AND d.deputy_for_person_id=ex.pid) THEN 1 ELSE 0 END AS covered"
    "    FROM ex LEFT JOIN attendance a ON a.meeting_id=ex.mid AND a.person_id=ex.pid),"
    " dep AS ("
    "  SELECT a.person_id AS pid, count(*) AS n FROM attendance a JOIN mt ON mt.id=a.meeting_id"
    "   WHERE a.status='deputy' GROUP BY a.person_id),"
    " agg AS ("
    "  SELECT pid, count(*) AS nexp,"
    "    SUM(CASE WHEN status IN ('present','online') THEN 1 ELSE 0 END) AS natt,"
    "    SUM(covered) AS ncov,"
    "    SUM(CASE WHEN status='apologies' THEN 1 ELSE 0 END) AS napol,"
    "    SUM(CASE WHEN status NOT IN ('present','online','apologies') AND covered=0 THEN 1 ELSE 0 END) AS nabs"
    "    FROM st GROUP BY pid),"
    " people AS (SELECT pid FROM agg UNION SELECT pid FROM dep)"
    "SELECT p.id, p.name, COALESCE(agg.nexp,0), COALESCE(agg.natt,0), COALESCE(dep.n,0),"
    "       COALESCE(agg.ncov,0), COALESCE(agg.napol,0), COALESCE(agg.nabs,0)"
    "  FROM people JOIN person p ON p.id=people.pid"
    "  LEFT JOIN agg ON agg.pid=p.id LEFT JOIN dep ON dep.pid=p.id"
    " ORDER BY p.name, p.id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zFrom);
  stmt_bind_text(s, 3, zTo);
  int n = 0;
  struct attendance_row row;
  while( stmt_step(s)==1 ){
    memset(&row, 0, sizeof row);
    row.personId = stmt_int(s, 0);
    snprintf(row.zName, sizeof row.zName, "%s", stmt_text(s, 1));
    row.nExpected = (int)stmt_int(s, 2);
    row.nAttended = (int)stmt_int(s, 3);
    row.nAsDeputy = (int)stmt_int(s, 4);
    row.nDeputisedFor = (int)stmt_int(s, 5);
    row.nApologies = (int)stmt_int(s, 6);
    row.nAbsent = (int)stmt_int(s, 7);
    x(pCtx, &row);
    n++;
  }
  stmt_done(s);
  return n;
}
