/*
** The record of a meeting (src/domain/record.h): when it may be written
** (not before the start, freely until the minutes are approved, then only
** as a correction with a good reason; never for a cancelled meeting), and
** the corrections written and read back with their reason and values.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "fixture.h"
#include "domain/record.h"

struct fixture { struct db *db; struct user lead; long long unitId; };

static int setup(void **state){
  static struct fixture f;
  if( fx_group_setup_i18n(state) ) return -1;
  if( fx_db_open(&f.db) ) return -1;
  char zToday[11];
  text_today(zToday);
  fx_make_user(f.db, zToday, &f.lead, "lead@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  f.unitId = f.lead.scopeUnitId;
  *state = &f;
  return 0;
}

static long long add_meeting(struct db *db, long long unitId, const char *zStart, const char *zEnd,
                             const char *zStatus, const char *zMinutes){
  struct stmt *s = db_prepare(db,
    "INSERT INTO meeting(unit_id,title,starts_at,ends_at,status,minutes_status,created_at,updated_at)"
    " VALUES(?,'Cluster meeting',?,?,?,?,0,0) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  stmt_bind_text(s, 2, zStart);
  stmt_bind_text(s, 3, zEnd);
  stmt_bind_text(s, 4, zStatus);
  stmt_bind_text(s, 5, zMinutes);
  assert_int_equal(stmt_step(s), 1);
  long long id = stmt_int(s, 0);
  stmt_done(s);
  return id;
}

static void state_follows_time_status_and_minutes(void **state){
  (void)state;
  const char *zNow = "2027-03-10T14:00";
  assert_int_equal(record_state_at("2027-03-10T14:01", "scheduled", "none", zNow), RECORD_AHEAD);
  assert_int_equal(record_state_at("2027-03-10T14:00", "scheduled", "none", zNow), RECORD_OPEN);
  assert_int_equal(record_state_at("2027-03-09T09:00", "scheduled", "draft", zNow), RECORD_OPEN);
  assert_int_equal(record_state_at("2027-03-09T09:00", "held", "approved", zNow), RECORD_LOCKED);
  assert_int_equal(record_state_at("2027-03-09T09:00", "cancelled", "none", zNow), RECORD_CANCELLED);
  /* Marked held early (the chair closed it): open, whatever the clock says. */
  assert_int_equal(record_state_at("2027-03-11T09:00", "held", "none", zNow), RECORD_OPEN);
}

static void writes_refused_before_start_and_when_cancelled(void **state){
  struct fixture *f = *state;
  long long idAhead = add_meeting(f->db, f->unitId, "2099-01-05T10:00", "2099-01-05T11:00", "scheduled", "none");
  long long idCancelled = add_meeting(f->db, f->unitId, "2020-01-06T10:00", "2020-01-06T11:00", "cancelled", "none");
  struct field_errors e = {0};
  assert_int_equal(record_may_write(f->db, idAhead, "text", "a reason", &e), RECORD_REFUSED);
  fx_expect_field_error(&e, "text", "error.record_before_start");
  memset(&e, 0, sizeof e);
  assert_int_equal(record_may_write(f->db, idCancelled, "text", 0, &e), RECORD_REFUSED);
  fx_expect_field_error(&e, "text", "error.meeting_cancelled");
  memset(&e, 0, sizeof e);
  assert_int_equal(record_may_write(f->db, 999999, "text", 0, &e), RECORD_REFUSED);
  fx_expect_field_error(&e, "text", "error.not_saved");
}

static void open_then_locked_needs_a_good_reason(void **state){
  struct fixture *f = *state;
  long long id = add_meeting(f->db, f->unitId, "2020-02-03T10:00", "2020-02-03T11:00", "held", "draft");
  struct field_errors e = {0};
  assert_int_equal(record_may_write(f->db, id, "text", 0, &e), RECORD_WRITE);
  assert_int_equal(e.n, 0);
  struct stmt *s = db_prepare(f->db, "UPDATE meeting SET minutes_status='approved' WHERE id=?");
  stmt_bind_int(s, 1, id);
  assert_true(stmt_exec(s));
  assert_int_equal(record_may_write(f->db, id, "text", "  \n", &e), RECORD_REFUSED);
  fx_expect_field_error(&e, "correction_reason", "error.correction_reason_required");
  memset(&e, 0, sizeof e);
  char zLong[RECORD_REASON_MAX+2];
  memset(zLong, 'x', sizeof zLong - 1);
  zLong[sizeof zLong - 1] = 0;
  assert_int_equal(record_may_write(f->db, id, "text", zLong, &e), RECORD_REFUSED);
  fx_expect_field_error(&e, "correction_reason", "error.too_long_1000");
  memset(&e, 0, sizeof e);
  assert_int_equal(record_may_write(f->db, id, "text", "bad \x01 reason", &e), RECORD_REFUSED);
  fx_expect_field_error(&e, "correction_reason", "error.bad_characters");
  memset(&e, 0, sizeof e);
  assert_int_equal(record_may_write(f->db, id, "text", "The next meeting noted a wrong name", &e), RECORD_CORRECT);
  assert_int_equal(e.n, 0);
}

struct seen { int n; char zKind[24]; long long recordId; char zOld[64]; char zNew[64]; char zReason[64]; char zActor[300]; };
static void on_correction(void *pCtx, const struct correction *c){
  struct seen *p = pCtx;
  p->n++;
  snprintf(p->zKind, sizeof p->zKind, "%s", c->zKind);
  p->recordId = c->recordId;
  snprintf(p->zOld, sizeof p->zOld, "%s", c->zOld ? c->zOld : "(null)");
  snprintf(p->zNew, sizeof p->zNew, "%s", c->zNew ? c->zNew : "(null)");
  snprintf(p->zReason, sizeof p->zReason, "%s", c->zReason);
  snprintf(p->zActor, sizeof p->zActor, "%s", c->zActor);
}

static void corrections_are_kept_and_listed_by_record(void **state){
  struct fixture *f = *state;
  long long id = add_meeting(f->db, f->unitId, "2020-03-02T10:00", "2020-03-02T11:00", "held", "approved");
  assert_true(record_correction(f->db, &f->lead, id, "decision", 41, "{\"text\":\"old\"}", "{\"text\":\"new\"}", "Typo"));
  assert_true(record_correction(f->db, &f->lead, id, "attendance", 7, 0, "{\"status\":\"present\"}", "Was there"));
  /* An unknown kind is refused, so that a new writer cannot forget to name it. */
  assert_false(record_correction(f->db, &f->lead, id, "meeting", 1, 0, 0, "x"));
  struct seen s = {0};
  assert_int_equal(record_corrections(f->db, id, 0, 0, on_correction, &s), 2);
  memset(&s, 0, sizeof s);
  assert_int_equal(record_corrections(f->db, id, "decision", 41, on_correction, &s), 1);
  assert_string_equal(s.zKind, "decision");
  assert_int_equal(s.recordId, 41);
  assert_string_equal(s.zOld, "{\"text\":\"old\"}");
  assert_string_equal(s.zNew, "{\"text\":\"new\"}");
  assert_string_equal(s.zReason, "Typo");
  assert_string_equal(s.zActor, f->lead.zName);
  memset(&s, 0, sizeof s);
  assert_int_equal(record_corrections(f->db, id, "attendance", 0, on_correction, &s), 1);
  assert_string_equal(s.zOld, "(null)");
  assert_int_equal(record_corrections(f->db, id, "decision", 42, on_correction, &s), 0);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(state_follows_time_status_and_minutes),
    cmocka_unit_test(writes_refused_before_start_and_when_cancelled),
    cmocka_unit_test(open_then_locked_needs_a_good_reason),
    cmocka_unit_test(corrections_are_kept_and_listed_by_record),
  };
  return cmocka_run_group_tests(tests, setup, fx_teardown);
}
