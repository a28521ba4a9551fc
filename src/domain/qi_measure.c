/* Measures of a project and the rebases of their limits (see qi.h). */
#include "domain/qi_internal.h"
#include "util/json.h"
#include "util/text.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MEASURE_COLS \
  "m.id, m.project_id, m.kind, m.name, m.definition, COALESCE(m.unit,''), m.direction," \
  " m.target, m.chart, m.screen_outliers," \
  " EXISTS(SELECT 1 FROM qi_point x WHERE x.measure_id=m.id) FROM qi_measure m"

static void measure_from_row(struct stmt *s, struct qi_measure *m){
  m->id = stmt_int(s, 0);
  m->projectId = stmt_int(s, 1);
  text_copy(m->zKind, sizeof m->zKind, stmt_text(s, 2));
  text_copy(m->zName, sizeof m->zName, stmt_text(s, 3));
  text_copy(m->zDefinition, sizeof m->zDefinition, stmt_text(s, 4));
  text_copy(m->zUnit, sizeof m->zUnit, stmt_text(s, 5));
  text_copy(m->zDirection, sizeof m->zDirection, stmt_text(s, 6));
  m->target = stmt_double(s, 7);
  m->bHasTarget = !isnan(m->target);
  if( !m->bHasTarget ) m->target = 0;
  text_copy(m->zChart, sizeof m->zChart, stmt_text(s, 8));
  m->bScreenOutliers = stmt_int(s, 9)!=0;
  m->bHasPoints = stmt_int(s, 10)!=0;
}

bool qi_measure_load(struct db *db, long long id, struct qi_measure *m){
  struct stmt *s = db_prepare(db, "SELECT " MEASURE_COLS " WHERE m.id=?1");
  stmt_bind_int(s, 1, id);
  bool b = stmt_step(s)==1;
  if( b ) measure_from_row(s, m);
  stmt_done(s);
  return b;
}

bool qi_measure_get_visible(struct db *db, const struct user *u, long long id, const char *zToday,
                            struct qi_measure *m, struct qi_project *pProject){
  return qi_measure_load(db, id, m) && qi_project_visible(db, u, m->projectId, zToday, pProject);
}

struct qi_measure *qi_measure_for_write(struct db *db, const struct user *u, long long measureId,
                                        const char *zToday, long long *pUnitId){
  struct qi_measure *m = xmalloc(sizeof *m);
  if( qi_measure_load(db, measureId, m) && qi_project_writable(db, u, m->projectId, zToday, pUnitId) ) return m;
  free(m);
  return 0;
}

int qi_measure_list(struct db *db, long long projectId, qi_measure_cb x, void *pCtx){
  struct stmt *s = db_prepare(db,
    "SELECT " MEASURE_COLS " WHERE m.project_id=?1 ORDER BY m.position, m.id");
  stmt_bind_int(s, 1, projectId);
  struct qi_measure *m = xmalloc(sizeof *m);
  int n = 0;
  while( stmt_step(s)==1 ){
    measure_from_row(s, m);
    x(pCtx, m);
    n++;
  }
  stmt_done(s);
  free(m);
  return n;
}

static const char *const azMeasureKind[] = { "outcome", "process", "balancing" };
static const char *const azDirection[] = { "increase", "decrease", "neutral" };
static const char *const azChart[] = { "run", "xmr", "p", "u" };

/* Validate a measure form; old is the measure being changed (NULL: new).
** The target, if any, into *pHasTarget and *pTarget. */
static void measure_validate(const struct qi_measure_input *in, const struct qi_measure *old,
                             bool *pHasTarget, double *pTarget, struct field_errors *e){
  if( !qi_one_of(in->zKind, azMeasureKind, 3) ) field_errors_add(e, "kind", "measure.error.kind");
  domain_check_text(e, "name", in->zName, true, QI_TITLE_MAX, false, "measure.error.name_required",
                "measure.error.name_too_long", "measure.error.bad_characters");
  domain_check_text(e, "definition", in->zDefinition, true, QI_TEXT_MAX, true, "measure.error.definition_required",
                "measure.error.definition_too_long", "measure.error.bad_characters");
  domain_check_text(e, "unit", in->zUnit, false, 60, false, 0, "measure.error.unit_too_long",
                "measure.error.bad_characters");
  if( !qi_one_of(in->zDirection, azDirection, 3) ) field_errors_add(e, "direction", "measure.error.direction");
  *pHasTarget = false;
  *pTarget = 0;
  if( !text_blank(in->zTarget) ){
    if( !qi_parse_number(in->zTarget, pTarget) || fabs(*pTarget)>QI_VALUE_MAX ){
      field_errors_add(e, "target", "measure.error.target_number");
    }else{
      *pHasTarget = true;
    }
  }
  if( !qi_one_of(in->zChart, azChart, 4) ){
    field_errors_add(e, "chart", "measure.error.chart");
  }else if( old && old->bHasPoints && strcmp(old->zChart, in->zChart)!=0 ){
    if( qi_is_ratio(old->zChart) || qi_is_ratio(in->zChart) ) field_errors_add(e, "chart", "measure.error.chart_locked");
  }
}

static void measure_json(struct buf *b, const struct qi_measure *m){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "kind", m->zKind);
  json_kv_str(b, &bFirst, "name", m->zName);
  json_kv_str(b, &bFirst, "definition", m->zDefinition);
  json_kv_str(b, &bFirst, "unit", m->zUnit);
  json_kv_str(b, &bFirst, "direction", m->zDirection);
  if( m->bHasTarget ){
    char z[40];
    qi_fmt_double(m->target, z);
    json_kv_str(b, &bFirst, "target", z);
  }else{
    json_kv_null(b, &bFirst, "target");
  }
  json_kv_str(b, &bFirst, "chart", m->zChart);
  json_kv_bool(b, &bFirst, "screen_outliers", m->bScreenOutliers);
  buf_putc(b, '}');
}

/* Bind the parameters the INSERT and the UPDATE share: ?1 the project
** (new measure) or the measure, ?2..?9 the form, ?10 the time. */
static void measure_bind(struct stmt *s, long long key, const struct qi_measure_input *in, bool bTarget,
                         double target){
  stmt_bind_int(s, 1, key);
  const char *const azText[] = { in->zKind, in->zName, in->zDefinition, qi_nonblank(in->zUnit), in->zDirection };
  for(int i=0; i<5; i++) stmt_bind_text(s, 2+i, azText[i]);
  stmt_bind_double(s, 7, bTarget ? target : NAN);
  stmt_bind_text(s, 8, in->zChart);
  stmt_bind_int(s, 9, in->bScreenOutliers ? 1 : 0);
  stmt_bind_int(s, 10, (long long)time(0));
}

/* Load measure id as written and audit it (zAction) against *pOld (NULL
** for a new measure; freed). Inside the write transaction. */
static bool measure_audit(struct db *db, const struct user *u, const char *zAction, long long id,
                          long long unitId, struct buf *pOld){
  struct qi_measure *m = xmalloc(sizeof *m);
  bool ok = qi_measure_load(db, id, m);
  struct buf bNew = {0};
  if( ok ) measure_json(&bNew, m);
  free(m);
  if( ok ) return domain_audit(db, u, zAction, "qi_measure", id, unitId, pOld, &bNew);
  if( pOld ) buf_free(pOld);
  return false;
}

long long qi_measure_create(struct db *db, const struct user *u, long long projectId,
                            const struct qi_measure_input *in, const char *zToday, struct field_errors *e){
  long long unitId = 0;
  /* The project is read inside the write transaction: a read that fails
  ** there is "not saved", never taken for "not allowed". */
  if( !qi_begin(db, e, "name") ) return 0;
  if( !qi_project_writable(db, u, projectId, zToday, &unitId) ){
    return field_errors_refuse_in_tx(db, e, "name", "qi.error.not_saved");
  }
  bool bTarget = false;
  double target = 0;
  measure_validate(in, 0, &bTarget, &target, e);
  if( !field_errors_checked_in_tx(db, e, 0, "name", "qi.error.not_saved") ) return 0;
  struct stmt *s = db_prepare(db,
    "INSERT INTO qi_measure(project_id,kind,name,definition,unit,direction,target,chart,screen_outliers,"
    " position,created_at,updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,"
    " (SELECT COALESCE(max(position),0)+1 FROM qi_measure WHERE project_id=?1),?10,?10) RETURNING id");
  measure_bind(s, projectId, in, bTarget, target);
  long long id = domain_first_int(s, 0);
  bool ok = id>0 && measure_audit(db, u, "create", id, unitId, 0);
  return qi_commit(db, ok, e, "name") ? id : 0;
}

long long qi_measure_update(struct db *db, const struct user *u, long long measureId,
                            const struct qi_measure_input *in, const char *zToday, struct field_errors *e){
  long long unitId = 0, rc = -1;
  struct qi_measure *old = qi_measure_for_write(db, u, measureId, zToday, &unitId);
  if( !old ) return -1;
  rc = 0;
  bool bTarget = false;
  double target = 0;
  measure_validate(in, old, &bTarget, &target, e);
  if( !e->n && qi_begin(db, e, "name") ){
    struct stmt *s = db_prepare(db,
      "UPDATE qi_measure SET kind=?2, name=?3, definition=?4, unit=?5, direction=?6, target=?7, chart=?8,"
      " screen_outliers=?9, updated_at=?10 WHERE id=?1");
    measure_bind(s, measureId, in, bTarget, target);
    bool ok = stmt_exec(s);
    if( ok ){
      struct buf bOld = {0};
      measure_json(&bOld, old);
      ok = measure_audit(db, u, "update", measureId, unitId, &bOld);
    }
    if( qi_commit(db, ok, e, "name") ) rc = measureId;
  }
  free(old);
  return rc;
}

/* ---- rebases ---------------------------------------------------------------------- */

static void rebase_json(struct buf *b, const char *zMeasure, const char *zFrom, const char *zReason){
  bool bFirst = true;
  buf_putc(b, '{');
  json_kv_str(b, &bFirst, "measure", zMeasure);
  json_kv_str(b, &bFirst, "from", zFrom);
  json_kv_str(b, &bFirst, "reason", zReason);
  buf_putc(b, '}');
}

long long qi_rebase_add(struct db *db, const struct user *u, long long measureId, const char *zFrom,
                        const char *zReason, const char *zToday, struct field_errors *e){
  long long unitId = 0, rc = 0;
  /* The measure and its points are read inside the write transaction:
  ** the date checked is still a point's, and not the first, when the
  ** rebase is written, and a read that fails refuses. */
  if( !qi_begin(db, e, "from") ) return 0;
  struct qi_measure *m = qi_measure_for_write(db, u, measureId, zToday, &unitId);
  if( !m ){ rc = field_errors_refuse_in_tx(db, e, "from", "qi.error.not_saved"); goto done; }
  char zOn[11] = "";
  if( text_blank(zFrom) || !qi_parse_date(zFrom, zOn) ){
    field_errors_add(e, "from", "qi.rebase.error.not_point_date");
  }else{
    struct stmt *s = db_prepare(db,
      "SELECT EXISTS(SELECT 1 FROM qi_point WHERE measure_id=?1 AND on_date=?2),"
      "       (SELECT min(on_date) FROM qi_point WHERE measure_id=?1),"
      "       EXISTS(SELECT 1 FROM qi_rebase WHERE measure_id=?1 AND from_date=?2)");
    stmt_bind_int(s, 1, measureId);
    stmt_bind_text(s, 2, zOn);
    if( stmt_step(s)==1 ){
      if( !stmt_int(s, 0) ) field_errors_add(e, "from", "qi.rebase.error.not_point_date");
      else if( strcmp(stmt_text(s, 1), zOn)==0 ) field_errors_add(e, "from", "qi.rebase.error.first_point");
      else if( stmt_int(s, 2) ) field_errors_add(e, "from", "qi.rebase.error.exists");
    }
    stmt_done(s);
  }
  domain_check_text(e, "reason", zReason, true, QI_TEXT_MAX, true, "qi.rebase.error.reason_required",
                "qi.rebase.error.reason_too_long", "qi.rebase.error.bad_characters");
  if( !field_errors_checked_in_tx(db, e, 0, "from", "qi.error.not_saved") ) goto done;
  struct stmt *s = db_prepare(db,
    "INSERT INTO qi_rebase(measure_id,from_date,reason,created_at) VALUES(?1,?2,?3,?4)");
  stmt_bind_int(s, 1, measureId);
  stmt_bind_text(s, 2, zOn);
  stmt_bind_text(s, 3, zReason);
  stmt_bind_int(s, 4, (long long)time(0));
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bNew = {0};
    rebase_json(&bNew, m->zName, zOn, zReason);
    ok = domain_audit(db, u, "create", "qi_rebase", measureId, unitId, 0, &bNew);
  }
  if( qi_commit(db, ok, e, "from") ) rc = measureId;
done:
  free(m);
  return rc;
}

long long qi_rebase_delete(struct db *db, const struct user *u, long long measureId, const char *zFrom,
                           const char *zToday){
  long long unitId = 0, rc = -1;
  char *zReason = 0;
  struct qi_measure *m = zFrom ? qi_measure_for_write(db, u, measureId, zToday, &unitId) : 0;
  if( !m ) goto done;
  struct stmt *s = db_prepare(db, "SELECT reason FROM qi_rebase WHERE measure_id=?1 AND from_date=?2");
  stmt_bind_int(s, 1, measureId);
  stmt_bind_text(s, 2, zFrom);
  if( stmt_step(s)==1 ) zReason = xstrdup(stmt_text(s, 0));
  stmt_done(s);
  if( !zReason || !qi_begin(db, 0, 0) ) goto done;
  s = db_prepare(db, "DELETE FROM qi_rebase WHERE measure_id=?1 AND from_date=?2");
  stmt_bind_int(s, 1, measureId);
  stmt_bind_text(s, 2, zFrom);
  bool ok = stmt_exec(s);
  if( ok ){
    struct buf bOld = {0};
    rebase_json(&bOld, m->zName, zFrom, zReason);
    ok = domain_audit(db, u, "delete", "qi_rebase", measureId, unitId, &bOld, 0);
  }
  if( qi_commit(db, ok, 0, 0) ) rc = measureId;
done:
  free(zReason);
  free(m);
  return rc;
}
