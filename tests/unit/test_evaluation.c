/* The economic evaluation of a project (src/domain/evaluation_econ.c) and
** the codes of the evaluation's fields and logic model columns
** (src/domain/evaluation.c).
**
** What the figures were checked against:
**  - HM Treasury, The Green Book (2022), discounting at 3.5%: the
**    published discount factors 0.9662 (year 1), 0.8420 (year 5) and
**    0.7089 (year 10); year 0 is not discounted.
**  - Social Value UK, A Guide to Social Return on Investment (2012),
**    stage 4 (establishing impact: deadweight, displacement and
**    attribution each taken off as a percentage of what is left) and
**    stage 5 (drop-off taken off the previous year's value for each year
**    after the first; the present value at 3.5%; the SROI ratio = the
**    present value of the benefits / the value of the inputs; sensitivity
**    by changing one estimate at a time). The worked figures below follow
**    that method by hand: 100 people x a proxy of 100.00 = 10,000.00 a
**    year; less 20% deadweight, 25% attribution and 10% displacement =
**    10,000.00 x 0.8 x 0.75 x 0.9 = 5,400.00 in its first year; 10%
**    drop-off: 4,860.00 and 4,374.00 in the next two; from year 1 at 3.5%:
**    5,400/1.035 + 4,860/1.035^2 + 4,374/1.035^3 = 5,217.39 + 4,536.86 +
**    3,945.10 = 13,699.35 (1,369,935 pence). Against an input of
**    5,000.00: SROI 2.74 : 1.
*/
#include "domain/evaluation.h"
#include "domain/evaluation_econ.h"
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "fixture.h"
#include "domain/field_errors.h"
#include "domain/project.h"
#include "util/buf.h"

static struct econ_benefit worked(void){
  struct econ_benefit b = {
    .kind = BENEFIT_SOCIAL, .quantity = 100, .proxyPence = 10000, .proxyLowPence = -1,
    .proxyHighPence = -1, .deadweightPct = 20, .attributionPct = 25, .displacementPct = 10,
    .dropOffPct = 10, .startYear = 1, .durationYears = 3,
  };
  return b;
}

static void test_green_book_factors(void **state){
  (void)state;
  assert_true(fabs(econ_discount_factor(0) - 1.0) < 1e-12);
  assert_true(fabs(econ_discount_factor(1) - 0.9662) < 0.00005);
  assert_true(fabs(econ_discount_factor(5) - 0.8420) < 0.00005);
  assert_true(fabs(econ_discount_factor(10) - 0.7089) < 0.00005);
}

static void test_worked_benefit(void **state){
  (void)state;
  struct econ_benefit b = worked();
  assert_int_equal(econ_benefit_pv(&b), 1369935);
  /* from year 0 the first year is not discounted: 5,400 + 4,860/1.035 + 4,374/1.035^2 */
  b.startYear = 0;
  assert_int_equal(econ_benefit_pv(&b), 1417883);
  /* one year, no deductions, year 0: exactly quantity x proxy */
  struct econ_benefit one = { .kind = BENEFIT_CASH, .quantity = 3, .proxyPence = 12345, .proxyLowPence = -1,
                              .proxyHighPence = -1, .durationYears = 1 };
  assert_int_equal(econ_benefit_pv(&one), 37035);
  /* 100% deadweight leaves nothing; rounding of half a penny away from zero */
  one.deadweightPct = 100;
  assert_int_equal(econ_benefit_pv(&one), 0);
  struct econ_benefit half = { .quantity = 0.5, .proxyPence = 1, .proxyLowPence = -1, .proxyHighPence = -1,
                               .durationYears = 1 };
  assert_int_equal(econ_benefit_pv(&half), 1);
  /* percentages out of range are bounded */
  assert_int_equal(econ_benefit_pv_with(&b, 10000, -5, 0, 0, 0) > 0, 1);
  assert_int_equal(econ_benefit_pv_with(&b, 10000, 150, 0, 0, 0), 0);
}

static void test_sroi_and_roi(void **state){
  (void)state;
  struct econ_benefit a[2] = { worked(), worked() };
  a[1].kind = BENEFIT_CASH;
  a[1].attributionPct = 25;
  struct econ_result r;
  econ_evaluate(a, 1, 500000, &r);
  assert_true(r.bRatios);
  assert_int_equal(r.benefitsPv, 1369935);
  assert_int_equal(r.cashReleasingPv, 0);
  assert_true(fabs(r.sroi - 1369935.0/500000) < 1e-12);
  assert_true(fabs(r.roi - (-1.0)) < 1e-12);
  /* sensitivity: one estimate at a time, 10 points either way; the lowest
  ** is attribution at 35% (1,187,277 pence), the highest attribution at 15%
  ** (1,552,593 pence), both computed by hand as above */
  assert_true(fabs(r.sroiLow - 1187277.0/500000) < 1e-12);
  assert_string_equal(r.zLowWhat, "attribution");
  assert_string_equal(r.zLowDir, "up");
  assert_true(fabs(r.sroiHigh - 1552593.0/500000) < 1e-12);
  assert_string_equal(r.zHighWhat, "attribution");
  assert_string_equal(r.zHighDir, "down");
  /* a proxy range wider than the percentages: 60.00 to 150.00 */
  a[0].proxyLowPence = 6000;
  a[0].proxyHighPence = 15000;
  econ_evaluate(a, 1, 500000, &r);
  assert_true(fabs(r.sroiLow - 821961.0/500000) < 1e-12);
  assert_string_equal(r.zLowWhat, "proxy");
  assert_string_equal(r.zLowDir, "low");
  assert_true(fabs(r.sroiHigh - 2054903.0/500000) < 1e-12);
  assert_string_equal(r.zHighDir, "high");
  /* with a cash-releasing benefit too: ROI from it alone */
  a[0].proxyLowPence = a[0].proxyHighPence = -1;
  econ_evaluate(a, 2, 500000, &r);
  assert_int_equal(r.benefitsPv, 2*1369935);
  assert_int_equal(r.cashReleasingPv, 1369935);
  assert_true(fabs(r.roi - (1369935.0 - 500000)/500000) < 1e-12);
  /* no spend: no ratios */
  econ_evaluate(a, 2, 0, &r);
  assert_false(r.bRatios);
  assert_int_equal(r.benefitsPv, 2*1369935);
  econ_evaluate(NULL, 0, 100, &r);
  assert_true(r.bRatios);
  assert_true(r.sroi == 0 && r.sroiLow == 0 && r.sroiHigh == 0);
}

static void test_bounded_sensitivity(void **state){
  (void)state;
  /* deadweight already 0 and 100: moving it stays within 0..100 */
  struct econ_benefit b = { .kind = BENEFIT_SOCIAL, .quantity = 10, .proxyPence = 1000, .proxyLowPence = -1,
                            .proxyHighPence = -1, .durationYears = 1 };
  struct econ_result r;
  econ_evaluate(&b, 1, 10000, &r);
  assert_true(fabs(r.sroi - 1.0) < 1e-12);
  assert_true(fabs(r.sroiHigh - 1.0) < 1e-12);   /* nothing can go below 0% */
  assert_true(fabs(r.sroiLow - 0.9) < 1e-12);    /* 10% taken off */
}

static void test_codes(void **state){
  (void)state;
  assert_int_equal(evaluation_nfield, 10);
  for(int i = 0; i < evaluation_nfield; i++){
    assert_true(evaluation_fields[i].iStage >= 0 && evaluation_fields[i].iStage < EVAL_STAGES);
    if( i ) assert_true(evaluation_fields[i].iStage >= evaluation_fields[i-1].iStage);
    assert_int_equal(evaluation_field_of(evaluation_fields[i].zCode), i);
  }
  assert_int_equal(evaluation_field_of("nope"), -1);
  assert_int_equal(logic_col_of("input"), 0);
  assert_int_equal(logic_col_of("impact"), 6);
  assert_int_equal(logic_col_of("outcome_medium"), 4);
  assert_int_equal(logic_col_of(NULL), -1);
  assert_string_equal(benefit_kind_code(BENEFIT_CASH), "cash_releasing");
  assert_int_equal(benefit_kind_of("social"), BENEFIT_SOCIAL);
  assert_int_equal(benefit_kind_of("x"), -1);
  assert_null(benefit_kind_code(3));
}

/* The API's values (evaluation_json, evaluation_logic_model_json) and the
** writes' refusals, on a database. */
struct fixture { struct db *db; };
static int db_setup(void **state){
  static struct fixture f;
  if( fx_db_open(&f.db) ) return -1;
  *state = &f;
  return 0;
}

static void test_api_values(void **state){
  struct fixture *f = *state;
  struct db *db = f->db;
  const char *zToday = "2027-06-01";
  struct user u;
  fx_make_user(db, zToday, &u, "lead.eval@example.wales", ROLE_CLUSTER_LEAD, "cardiff-south-west");
  long long unitId = fx_unit_id(db, zToday, "cardiff-south-west");
  struct stmt *s = db_prepare(db, "INSERT INTO project(unit_id,title,problem_type,stage,start_on,end_on,created_at,updated_at)"
                                  " VALUES(?1,'P','tame','monitor','2027-04-01','2028-03-31',0,0) RETURNING id");
  stmt_bind_int(s, 1, unitId);
  assert_int_equal(stmt_step(s), 1);
  long long pid = stmt_int(s, 0);
  stmt_done(s);
  struct project p;
  assert_true(project_load(db, pid, &p));
  /* empty: every stage field "", no measurements, no benefits, ratios null */
  struct buf b = {0};
  evaluation_json(db, pid, zToday, &b);
  assert_string_equal(buf_cstr(&b),
    "{\"stages\":{\"question\":\"\",\"situation\":\"\",\"need\":\"\",\"evaluate\":\"\",\"attributable\":\"\",\"success\":\"\","
    "\"data\":\"\",\"definitions\":\"\",\"when\":\"\",\"over_time\":\"\"},\"measurements\":[],\"benefits\":[],"
    "\"economic\":{\"cost\":0,\"committed\":0,\"cash_releasing\":0,\"benefits_pv\":0,\"roi\":null,\"sroi\":null,"
    "\"sroi_low\":null,\"sroi_high\":null,\"discount_rate\":0.035},\"recommendation\":null}");
  buf_reset(&b);
  evaluation_logic_model_json(db, pid, zToday, &b);
  assert_string_equal(buf_cstr(&b), "[]");
  /* written through the domain */
  struct field_errors e = {0};
  const char *az[3] = {"Does it work?", "", ""};
  assert_int_equal(evaluation_stage_save(db, &u, &p, 0, az, 1, &e), pid);
  struct logic_input li = {"output", "Visits made", "", "", ""};
  long long itemId = logic_item_save(db, &u, &p, 0, &li, 1, &e);
  assert_true(itemId > 0);
  struct logic_input bad = {"input", "Money", "", "1", ""};
  memset(&e, 0, sizeof e);
  assert_int_equal(logic_item_save(db, &u, &p, 0, &bad, 1, &e), 0);
  fx_expect_field_error(&e, "indicator", "logic.error.tie_col");
  memset(&e, 0, sizeof e);
  struct measurement_input mi = {"Baseline", "2027-05-01", "Over 75s", "Practice A", ""};
  long long mid = measurement_save(db, &u, &p, 0, &mi, 1, &e);
  assert_true(mid > 0);
  struct benefit_input bi = {"social", "Fewer falls", "", "100", "100.00", "", "", "", "20", "25", "10", "10", "1", "3", "", ""};
  assert_true(benefit_save(db, &u, &p, 0, &bi, 1, &e) > 0);
  buf_reset(&b);
  evaluation_json(db, pid, zToday, &b);
  const char *z = buf_cstr(&b);
  assert_non_null(strstr(z, "\"question\":\"Does it work?\""));
  assert_non_null(strstr(z, "\"title\":\"Baseline\",\"due_on\":\"2027-05-01\",\"measured_on\":null,\"value\":null"));
  assert_non_null(strstr(z, "\"due\":true"));
  assert_non_null(strstr(z, "\"present_value\":1369935"));
  assert_non_null(strstr(z, "\"benefits_pv\":1369935"));
  assert_non_null(strstr(z, "\"sroi\":null"));
  buf_reset(&b);
  evaluation_logic_model_json(db, pid, zToday, &b);
  char zWant[200];
  snprintf(zWant, sizeof zWant, "[{\"id\":%lld,\"col\":\"output\",\"text\":\"Visits made\",\"measure\":null}]", itemId);
  assert_string_equal(buf_cstr(&b), zWant);
  /* the recommendation */
  long long ev[1] = {mid};
  memset(&e, 0, sizeof e);
  assert_int_equal(evaluation_recommend(db, &u, &p, "stop", "No effect", ev, 1, 0, 0, 1, &e), 0);
  fx_expect_field_error(&e, "evidence", "eval.error.evidence");  /* not measured yet: no evidence */
  buf_free(&b);
  project_free(&p);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_green_book_factors),
    cmocka_unit_test(test_worked_benefit),
    cmocka_unit_test(test_sroi_and_roi),
    cmocka_unit_test(test_bounded_sensitivity),
    cmocka_unit_test(test_codes),
  };
  const struct CMUnitTest dbTests[] = {
    cmocka_unit_test_setup_teardown(test_api_values, db_setup, fx_teardown),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  return rc + cmocka_run_group_tests(dbTests, fx_group_setup_i18n, NULL);
}
