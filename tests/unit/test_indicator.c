/*
** Population-health indicators (src/domain/indicator.h, indicator_csv.h):
** the catalogue's rules and who may change it; each kind's value and
** intervals equal to the statistics engine's (src/stats/indicators.h);
** comparisons by polarity, "neither" included, at 95% and 99.8%; health
** boards and Wales computed from their clusters; DSRs not given under 10
** events; CSV files read with errors by line and column, nothing imported
** from a file with errors unless its valid lines are chosen; every write
** one transaction with its audit entry, and nothing left by a write that
** fails at any database call; the demonstration data. On SQLite and on
** PostgreSQL (tests/lib/with-pg.sh ./build/tests/test_indicator).
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db/db.h"
#include "domain/access.h"
#include "domain/demo.h"
#include "domain/esp2013.h"
#include "domain/indicator.h"
#include "domain/unit.h"
#include "html/i18n.h"
#include "stats/indicators.h"
#include "util/buf.h"
#include "util/text.h"
#include "fixture.h"
#include "fault_walk.h"

struct fixture {
  struct db *db;                  /* first: fx_teardown closes it */
  char zToday[11];
  struct user lead, leadAfan, member, hb, national, admin;
  long long csw, afan, cav, wales;
};

static int setup(void **state){
  static struct fixture f;
  memset(&f, 0, sizeof f);
  if( fx_db_open(&f.db) ) return -1;
  text_today(f.zToday);
  fx_make_user(f.db, f.zToday, &f.admin, "admin@example.wales", ROLE_ADMIN, "wales");
  fx_make_cast(f.db, f.zToday, (struct fx_cast){ &f.lead, &f.leadAfan, &f.member, &f.hb, &f.national });
  f.csw = fx_unit_id(f.db, f.zToday, "cardiff-south-west");
  f.afan = fx_unit_id(f.db, f.zToday, "afan");
  f.cav = fx_unit_id(f.db, f.zToday, "cardiff-and-vale-university-health-board");
  f.wales = fx_unit_id(f.db, f.zToday, "wales");
  *state = &f;
  return 0;
}

static long long n_audit(struct fixture *f){ return fx_count(f->db, "SELECT count(*) FROM audit_log"); }
static long long n_indicator_rows(struct fixture *f){
  return fx_count(f->db, "SELECT (SELECT count(*) FROM indicator)+(SELECT count(*) FROM indicator_value)");
}

static struct indicator_input valid_input(const char *zCode, const char *zKind){
  struct indicator_input in = {
    .zCode = zCode, .zNameEn = "Smoking prevalence, adults", .zNameCy = "Cyffredinrwydd ysmygu, oedolion",
    .zNumeratorEn = "Current smokers", .zNumeratorCy = "Ysmygwyr presennol",
    .zDenominatorEn = "Adults", .zDenominatorCy = "Oedolion",
    .zKind = zKind, .zMultiplier = "100", .zPolarity = "lower_better",
    .zSource = "GP records", .zPeriodType = "financial_year",
  };
  return in;
}

/* An indicator made by the national user; its id. */
static long long make_indicator(struct fixture *f, const char *zCode, const char *zKind, const char *zMultiplier,
                                const char *zPolarity, const char *zAgeFrom, const char *zAgeTo){
  struct indicator_input in = valid_input(zCode, zKind);
  in.zMultiplier = zMultiplier;
  in.zPolarity = zPolarity;
  in.zAgeFrom = zAgeFrom;
  in.zAgeTo = zAgeTo;
  struct field_errors e = {0};
  long long id = indicator_create(f->db, &f->national, &in, &e);
  if( id<=0 ) fail_msg("indicator %s: %s %s", zCode, e.n ? e.a[0].zField : "-", e.n ? e.a[0].zKey : "-");
  return id;
}

static void load(struct fixture *f, long long id, struct indicator *p){
  assert_true(indicator_get(f->db, id, p));
}

/* ---- the catalogue --------------------------------------------------------------- */

static void expect_refused(struct fixture *f, const struct indicator_input *in, const char *zField, const char *zKey){
  long long nRows = n_indicator_rows(f), nAudit = n_audit(f);
  struct field_errors e = {0};
  assert_int_equal(indicator_create(f->db, &f->national, in, &e), 0);
  fx_expect_field_error(&e, zField, zKey);
  assert_int_equal(n_indicator_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
}

static void test_catalogue_rules(void **state){
  struct fixture *f = *state;
  struct indicator_input in = valid_input("smoking", "proportion");
  long long nAudit = n_audit(f);
  struct field_errors e = {0};
  long long id = indicator_create(f->db, &f->national, &in, &e);
  assert_true(id>0);
  assert_int_equal(e.n, 0);
  assert_int_equal(n_audit(f), nAudit+1);
  struct indicator ind;
  load(f, id, &ind);
  assert_string_equal(ind.zCode, "smoking");
  assert_string_equal(ind.zNameCy, "Cyffredinrwydd ysmygu, oedolion");
  assert_int_equal(ind.kind, INDICATOR_PROPORTION);
  assert_true(ind.multiplier==100);
  assert_int_equal(ind.polarity, INDICATOR_LOWER_BETTER);
  assert_int_equal(ind.periodType, INDICATOR_FINANCIAL_YEAR);
  assert_int_equal(ind.ageFrom, 0);
  assert_int_equal(ind.ageTo, -1);
  assert_int_equal(ind.firstBand, 0);
  assert_int_equal(ind.lastBand, 18);
  assert_string_equal(indicator_name(&ind, LANG_CY), "Cyffredinrwydd ysmygu, oedolion");
  assert_string_equal(indicator_name(&ind, LANG_EN), "Smoking prevalence, adults");
  {
    struct stmt *s = db_prepare(f->db, "SELECT action, entity, entity_id, new_values FROM audit_log ORDER BY id DESC LIMIT 1");
    assert_int_equal(stmt_step(s), 1);
    assert_string_equal(stmt_text(s, 0), "create");
    assert_string_equal(stmt_text(s, 1), "indicator");
    assert_int_equal(stmt_int(s, 2), id);
    assert_non_null(strstr(stmt_text(s, 3), "\"kind\":\"proportion\""));
    stmt_done(s);
  }

  /* Each field's rule. */
  in = valid_input("smoking", "proportion");
  expect_refused(f, &in, "code", "indicator.error.code_taken");
  in = valid_input("", "proportion"); expect_refused(f, &in, "code", "indicator.error.code_required");
  in = valid_input("Smoking", "proportion"); expect_refused(f, &in, "code", "indicator.error.code_invalid");
  in = valid_input("9lives", "proportion"); expect_refused(f, &in, "code", "indicator.error.code_invalid");
  in = valid_input("with space", "proportion"); expect_refused(f, &in, "code", "indicator.error.code_invalid");
  in = valid_input("a23456789012345678901234567890123456789012", "proportion");
  expect_refused(f, &in, "code", "indicator.error.code_invalid");
  in = valid_input("x1", "proportion"); in.zNameEn = " "; expect_refused(f, &in, "name_en", "indicator.error.name_en_required");
  in = valid_input("x1", "proportion"); in.zNameCy = 0; expect_refused(f, &in, "name_cy", "indicator.error.name_cy_required");
  in = valid_input("x1", "proportion"); in.zNameEn = "Two\nlines"; expect_refused(f, &in, "name_en", "indicator.error.text_invalid");
  char zLong[300];
  memset(zLong, 'a', 201);
  zLong[201] = 0;
  in = valid_input("x1", "proportion"); in.zNameCy = zLong; expect_refused(f, &in, "name_cy", "indicator.error.too_long");
  in = valid_input("x1", "proportion"); in.zNumeratorEn = ""; expect_refused(f, &in, "numerator_en", "indicator.error.numerator_required");
  in = valid_input("x1", "proportion"); in.zNumeratorCy = ""; expect_refused(f, &in, "numerator_cy", "indicator.error.numerator_required");
  in = valid_input("x1", "proportion"); in.zDenominatorCy = ""; expect_refused(f, &in, "denominator_cy", "indicator.error.denominator_required");
  in = valid_input("x1", "rate"); expect_refused(f, &in, "kind", "indicator.error.kind");
  in = valid_input("x1", 0); expect_refused(f, &in, "kind", "indicator.error.kind");
  in = valid_input("x1", "proportion"); in.zMultiplier = "0"; expect_refused(f, &in, "multiplier", "indicator.error.multiplier");
  in.zMultiplier = "-100"; expect_refused(f, &in, "multiplier", "indicator.error.multiplier");
  in.zMultiplier = "per cent"; expect_refused(f, &in, "multiplier", "indicator.error.multiplier");
  in.zMultiplier = ""; expect_refused(f, &in, "multiplier", "indicator.error.multiplier");
  in.zMultiplier = "1e10"; expect_refused(f, &in, "multiplier", "indicator.error.multiplier");
  in = valid_input("x1", "proportion"); in.zPolarity = "better"; expect_refused(f, &in, "polarity", "indicator.error.polarity");
  in = valid_input("x1", "proportion"); in.zSource = ""; expect_refused(f, &in, "source", "indicator.error.source_required");
  in = valid_input("x1", "proportion"); in.zPeriodType = "year"; expect_refused(f, &in, "period_type", "indicator.error.period_type");
  in = valid_input("x1", "dsr"); in.zAgeFrom = "16"; expect_refused(f, &in, "age_from", "indicator.error.age_from");
  in.zAgeFrom = "95"; expect_refused(f, &in, "age_from", "indicator.error.age_from");
  in.zAgeFrom = "-5"; expect_refused(f, &in, "age_from", "indicator.error.age_from");
  in = valid_input("x1", "dsr"); in.zAgeTo = "74"; expect_refused(f, &in, "age_to", "indicator.error.age_to");
  in.zAgeTo = "95"; expect_refused(f, &in, "age_to", "indicator.error.age_to");
  in.zAgeFrom = "35"; in.zAgeTo = "35"; expect_refused(f, &in, "age_to", "indicator.error.age_to_order");
  in = valid_input("x1", "proportion"); in.zSortOrder = "first"; expect_refused(f, &in, "sort_order", "indicator.error.sort_order");

  /* A count needs no denominator; ages as bands. */
  in = valid_input("deaths", "count");
  in.zDenominatorEn = in.zDenominatorCy = "";
  in.zMultiplier = "1";
  long long idCount = indicator_create(f->db, &f->admin, &in, &e);
  assert_true(idCount>0);
  in = valid_input("under75", "dsr");
  in.zAgeTo = "75";
  in.zMultiplier = "100000";
  in.zSortOrder = "-5";
  long long idDsr = indicator_create(f->db, &f->national, &in, &e);
  assert_true(idDsr>0);
  load(f, idDsr, &ind);
  assert_int_equal(ind.firstBand, 0);
  assert_int_equal(ind.lastBand, 14);
  in.zCode = "copd35";
  in.zAgeFrom = "35";
  in.zAgeTo = "";
  in.zSortOrder = "";
  long long idCopd = indicator_create(f->db, &f->national, &in, &e);
  load(f, idCopd, &ind);
  assert_int_equal(ind.firstBand, 7);
  assert_int_equal(ind.lastBand, 18);

  assert_true(indicator_get_by_code(f->db, "under75", &ind));
  assert_int_equal(ind.id, idDsr);
  assert_false(indicator_get_by_code(f->db, "nothing", &ind));

  /* An update: saved and audited with the old values. */
  in = valid_input("smoking_prevalence", "proportion");
  in.zNameEn = "Smoking prevalence, adults aged 16 and over";
  nAudit = n_audit(f);
  assert_int_equal(indicator_update(f->db, &f->admin, id, &in, &e), id);
  assert_int_equal(n_audit(f), nAudit+1);
  load(f, id, &ind);
  assert_string_equal(ind.zCode, "smoking_prevalence");
  assert_string_equal(ind.zNameEn, "Smoking prevalence, adults aged 16 and over");
  {
    struct stmt *s = db_prepare(f->db, "SELECT action, old_values FROM audit_log ORDER BY id DESC LIMIT 1");
    assert_int_equal(stmt_step(s), 1);
    assert_string_equal(stmt_text(s, 0), "update");
    assert_non_null(strstr(stmt_text(s, 1), "\"code\":\"smoking\""));
    stmt_done(s);
  }
  /* Another's code is taken; a missing indicator is -1. */
  in.zCode = "deaths";
  struct field_errors e2 = {0};
  assert_int_equal(indicator_update(f->db, &f->admin, id, &in, &e2), 0);
  fx_expect_field_error(&e2, "code", "indicator.error.code_taken");
  struct field_errors e3 = {0};
  in.zCode = "smoking_prevalence";
  assert_int_equal(indicator_update(f->db, &f->admin, 999999, &in, &e3), -1);

  /* Once it has values its kind, period type and ages stay. */
  long long cl = f->csw;
  struct indicator_write_row r = { .indicatorId = id, .unitId = cl, .zPeriod = "2023/24", .band = INDICATOR_BAND_ALL,
                                   .sex = INDICATOR_PERSONS, .num = 10, .den = 100 };
  struct indicator_import_result res;
  assert_true(indicator_write_rows(f->db, &f->national, &r, 1, false, "test", f->zToday, &res));
  in.zKind = "crude_rate";
  struct field_errors e4 = {0};
  assert_int_equal(indicator_update(f->db, &f->admin, id, &in, &e4), 0);
  fx_expect_field_error(&e4, "kind", "indicator.error.has_values");
  in.zKind = "proportion";
  in.zPeriodType = "calendar_year";
  struct field_errors e5 = {0};
  assert_int_equal(indicator_update(f->db, &f->admin, id, &in, &e5), 0);
  fx_expect_field_error(&e5, "period_type", "indicator.error.has_values");
  in.zPeriodType = "financial_year";
  in.zAgeFrom = "15";
  struct field_errors e6 = {0};
  assert_int_equal(indicator_update(f->db, &f->admin, id, &in, &e6), 0);
  fx_expect_field_error(&e6, "age_from", "indicator.error.has_values");
  /* Names, polarity and the multiplier may change. */
  in.zAgeFrom = "";
  in.zPolarity = "neither";
  in.zMultiplier = "1000";
  struct field_errors e7 = {0};
  assert_int_equal(indicator_update(f->db, &f->admin, id, &in, &e7), id);
  load(f, id, &ind);
  assert_int_equal(ind.polarity, INDICATOR_NEITHER);
  assert_true(ind.multiplier==1000);
}

struct list_ctx { char az[8][41]; int n; };
static void list_cb(void *pCtx, const struct indicator *p){
  struct list_ctx *x = pCtx;
  if( x->n<8 ) text_copy(x->az[x->n], sizeof x->az[0], p->zCode);
  x->n++;
}

static void test_catalogue_list(void **state){
  struct fixture *f = *state;
  struct indicator_input in = valid_input("bbb", "proportion");
  struct field_errors e = {0};
  in.zSortOrder = "20"; assert_true(indicator_create(f->db, &f->national, &in, &e)>0);
  in.zCode = "aaa"; in.zSortOrder = "20"; assert_true(indicator_create(f->db, &f->national, &in, &e)>0);
  in.zCode = "zzz"; in.zSortOrder = "10"; assert_true(indicator_create(f->db, &f->national, &in, &e)>0);
  struct list_ctx x = {0};
  assert_int_equal(indicator_list(f->db, list_cb, &x), 3);
  assert_string_equal(x.az[0], "zzz");
  assert_string_equal(x.az[1], "aaa");
  assert_string_equal(x.az[2], "bbb");
}

static void test_catalogue_access(void **state){
  struct fixture *f = *state;
  long long id = make_indicator(f, "smoking", "proportion", "100", "lower_better", 0, 0);
  struct indicator_input in = valid_input("other", "proportion");
  const struct user *aNo[] = { &f->lead, &f->member, &f->hb, &f->leadAfan, 0 };
  long long nRows = n_indicator_rows(f), nAudit = n_audit(f);
  for(int i=0; aNo[i]; i++){
    struct field_errors e = {0};
    assert_int_equal(indicator_create(f->db, aNo[i], &in, &e), -1);
    assert_int_equal(indicator_update(f->db, aNo[i], id, &in, &e), -1);
    assert_false(indicator_can_manage(aNo[i]));
    struct indicator_write_row r = { .indicatorId = id, .unitId = f->csw, .zPeriod = "2023/24",
                                     .band = INDICATOR_BAND_ALL, .num = 1, .den = 10 };
    struct indicator_import_result res;
    assert_false(indicator_write_rows(f->db, aNo[i], &r, 1, false, "test", f->zToday, &res));
  }
  struct field_errors e = {0};
  assert_int_equal(indicator_create(f->db, 0, &in, &e), -1);
  struct user nobody = f->national;
  nobody.id = 0;
  assert_int_equal(indicator_create(f->db, &nobody, &in, &e), -1);
  assert_int_equal(n_indicator_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
  assert_true(indicator_can_manage(&f->admin));
  assert_true(indicator_can_manage(&f->national));
}

/* ---- each kind's value and intervals ------------------------------------------------ */

static struct indicator mem_indicator(enum indicator_kind kind, double per, int ageFrom, int ageTo){
  struct indicator ind;
  memset(&ind, 0, sizeof ind);
  ind.kind = kind;
  ind.multiplier = per;
  ind.ageFrom = ageFrom;
  ind.ageTo = ageTo;
  assert_true(indicator_band_range(ageFrom, ageTo, &ind.firstBand, &ind.lastBand));
  return ind;
}
static struct indicator_rows all_ages(double num, double den){
  struct indicator_rows r;
  memset(&r, 0, sizeof r);
  r.num = num;
  r.den = den;
  r.bHaveAll = true;
  return r;
}
static void expect_close(double got, double want){
  if( isnan(want) ){ assert_true(isnan(got)); return; }
  if( !(fabs(got-want)<=1e-12*fabs(want) || got==want) ) fail_msg("got %.17g, wanted %.17g", got, want);
}

static void test_ci_per_kind(void **state){
  (void)state;
  struct esp2013 esp;
  assert_true(esp2013_load(&esp));
  struct indicator_stat st;
  struct ind_interval a, b;
  enum ind_method m;

  /* A proportion: Wilson. */
  struct indicator ind = mem_indicator(INDICATOR_PROPORTION, 100, 0, -1);
  struct indicator_rows r = all_ages(65, 100);
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  assert_true(ind_wilson(65, 100, 0.95, 100, &a) && ind_wilson(65, 100, 0.998, 100, &b));
  assert_true(st.bValue);
  expect_close(st.value, 65);
  expect_close(st.lower95, a.lower);
  expect_close(st.upper95, a.upper);
  expect_close(st.lower99_8, b.lower);
  expect_close(st.upper99_8, b.upper);
  assert_int_equal(st.method, IND_METHOD_WILSON);
  assert_true(st.lower99_8<st.lower95 && st.upper99_8>st.upper95);
  /* More than the denominator: no value. */
  r = all_ages(120, 100);
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  assert_false(st.bValue);
  r.bHaveAll = false;
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  assert_false(st.bValue);

  /* A crude rate: exact under 10 events, Byar's from 10. */
  ind = mem_indicator(INDICATOR_CRUDE_RATE, 1000, 0, -1);
  double aCount[] = { 0, 3, 9, 10, 250, 15000 };
  for(size_t i=0; i<sizeof aCount/sizeof aCount[0]; i++){
    r = all_ages(aCount[i], 48000);
    indicator_compute(&ind, &r, 0, esp.aWeight, &st);
    assert_true(ind_rate(aCount[i], 48000, 0.95, 1000, &a, &m));
    assert_true(ind_rate(aCount[i], 48000, 0.998, 1000, &b, &m));
    assert_true(st.bValue);
    expect_close(st.value, a.value);
    expect_close(st.lower95, a.lower);
    expect_close(st.upper95, a.upper);
    expect_close(st.lower99_8, b.lower);
    expect_close(st.upper99_8, b.upper);
    assert_int_equal(st.method, aCount[i]<10 ? IND_METHOD_EXACT : IND_METHOD_BYARS);
  }

  /* A DSR on the 2013 European Standard Population, all ages. */
  ind = mem_indicator(INDICATOR_DSR, 100000, 0, -1);
  memset(&r, 0, sizeof r);
  for(int k=0; k<INDICATOR_BANDS; k++){
    r.aHave[k] = true;
    r.aDen[k] = 2000 + 100*k;
    r.aNum[k] = 2 + 3*k;
  }
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  struct ind_dsr d95, d998;
  assert_true(ind_dsr(r.aNum, r.aDen, esp.aWeight, 19, 0.95, 100000, &d95));
  assert_true(ind_dsr(r.aNum, r.aDen, esp.aWeight, 19, 0.998, 100000, &d998));
  assert_true(st.bValue);
  expect_close(st.value, d95.value);
  expect_close(st.lower95, d95.lower);
  expect_close(st.upper95, d95.upper);
  expect_close(st.lower99_8, d998.lower);
  expect_close(st.upper99_8, d998.upper);
  expect_close(st.numerator, d95.count);
  assert_int_equal(st.method, IND_METHOD_DOBSON);
  /* Under 75: the weights of bands 0-4 to 70-74 only. */
  ind = mem_indicator(INDICATOR_DSR, 100000, 0, 75);
  r.aHave[18] = false;            /* bands outside the range are not needed */
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  assert_true(ind_dsr(r.aNum, r.aDen, esp.aWeight, 15, 0.95, 100000, &d95));
  expect_close(st.value, d95.value);
  expect_close(st.lower95, d95.lower);
  /* Aged 35 and over. */
  ind = mem_indicator(INDICATOR_DSR, 100000, 35, -1);
  r.aHave[18] = true;
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  assert_true(ind_dsr(r.aNum+7, r.aDen+7, esp.aWeight+7, 12, 0.95, 100000, &d95));
  expect_close(st.value, d95.value);
  expect_close(st.upper95, d95.upper);
  /* A band missing: no value. */
  r.aHave[10] = false;
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  assert_false(st.bValue);
  assert_true(st.bIncomplete);
  r.aHave[10] = true;
  /* Fewer than 10 events in all: suppressed, no value and no limits. */
  for(int k=0; k<INDICATOR_BANDS; k++) r.aNum[k] = 0;
  r.aNum[9] = 4;
  r.aNum[17] = 5;
  ind = mem_indicator(INDICATOR_DSR, 100000, 0, -1);
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  assert_false(st.bValue);
  assert_true(st.bSuppressed);
  assert_true(isnan(st.value) && isnan(st.lower95) && isnan(st.upper99_8));
  expect_close(st.numerator, 9);
  r.aNum[0] = 1;                  /* 10 events: given */
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  assert_true(st.bValue);
  assert_false(st.bSuppressed);

  /* An ISR against a reference's rates, times 100. */
  ind = mem_indicator(INDICATOR_ISR, 100, 0, -1);
  struct indicator_rows ref;
  memset(&ref, 0, sizeof ref);
  for(int k=0; k<INDICATOR_BANDS; k++){
    r.aNum[k] = 1 + k;
    ref.aHave[k] = true;
    ref.aDen[k] = 150000 + 1000*k;
    ref.aNum[k] = 40 + 25*k;
  }
  indicator_compute(&ind, &r, &ref, esp.aWeight, &st);
  struct ind_isr i95, i998;
  assert_true(ind_isr(r.aNum, r.aDen, ref.aNum, ref.aDen, 19, 0.95, 100, &i95));
  assert_true(ind_isr(r.aNum, r.aDen, ref.aNum, ref.aDen, 19, 0.998, 100, &i998));
  assert_true(st.bValue);
  expect_close(st.value, i95.value);
  expect_close(st.expected, i95.expected);
  expect_close(st.lower95, i95.lower);
  expect_close(st.upper95, i95.upper);
  expect_close(st.lower99_8, i998.lower);
  expect_close(st.upper99_8, i998.upper);
  assert_int_equal(st.method, i95.method);
  /* No reference, or a reference band missing: no value. */
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  assert_false(st.bValue);
  ref.aHave[3] = false;
  indicator_compute(&ind, &r, &ref, esp.aWeight, &st);
  assert_false(st.bValue);

  /* A count: the numerator, no interval. */
  ind = mem_indicator(INDICATOR_COUNT, 1, 0, -1);
  r = all_ages(412, NAN);
  indicator_compute(&ind, &r, 0, esp.aWeight, &st);
  assert_true(st.bValue);
  expect_close(st.value, 412);
  assert_true(isnan(st.lower95) && isnan(st.upper95) && isnan(st.lower99_8) && isnan(st.upper99_8));
  assert_int_equal(st.method, IND_METHOD_NONE);
}

/* ---- comparisons ------------------------------------------------------------------ */

static struct indicator_stat stat_of_values(double value, double lo95, double hi95, double lo998, double hi998){
  struct indicator_stat s;
  memset(&s, 0, sizeof s);
  s.bValue = true;
  s.value = value;
  s.lower95 = lo95;
  s.upper95 = hi95;
  s.lower99_8 = lo998;
  s.upper99_8 = hi998;
  return s;
}

static void test_compare_polarity(void **state){
  (void)state;
  struct indicator_stat area = stat_of_values(20, 18, 22, 17, 23);
  struct indicator_stat cmp = stat_of_values(17.5, NAN, NAN, NAN, NAN);
  /* 17.5 is below the 95% interval, inside the 99.8% one. */
  assert_int_equal(indicator_compare(INDICATOR_HIGHER_BETTER, &area, &cmp, false), INDICATOR_BETTER);
  assert_int_equal(indicator_compare(INDICATOR_HIGHER_BETTER, &area, &cmp, true), INDICATOR_SIMILAR);
  assert_int_equal(indicator_compare(INDICATOR_LOWER_BETTER, &area, &cmp, false), INDICATOR_WORSE);
  assert_int_equal(indicator_compare(INDICATOR_NEITHER, &area, &cmp, false), INDICATOR_HIGHER);
  assert_int_equal(indicator_compare(INDICATOR_NEITHER, &area, &cmp, true), INDICATOR_SIMILAR);
  /* Above both intervals: the area is lower. */
  cmp.value = 30;
  assert_int_equal(indicator_compare(INDICATOR_HIGHER_BETTER, &area, &cmp, true), INDICATOR_WORSE);
  assert_int_equal(indicator_compare(INDICATOR_LOWER_BETTER, &area, &cmp, true), INDICATOR_BETTER);
  assert_int_equal(indicator_compare(INDICATOR_NEITHER, &area, &cmp, true), INDICATOR_LOWER);
  /* On a limit: similar (the limits belong to the interval). */
  cmp.value = 22;
  assert_int_equal(indicator_compare(INDICATOR_HIGHER_BETTER, &area, &cmp, false), INDICATOR_SIMILAR);
  cmp.value = 18;
  assert_int_equal(indicator_compare(INDICATOR_LOWER_BETTER, &area, &cmp, false), INDICATOR_SIMILAR);
  /* The comparator's own interval does not count: only its value. */
  cmp = stat_of_values(24, 23, 25, 22.5, 26);
  assert_int_equal(indicator_compare(INDICATOR_NEITHER, &area, &cmp, false), INDICATOR_LOWER);
  /* Not compared: no value on either side, no interval (a count, a
  ** suppressed DSR). */
  struct indicator_stat none;
  memset(&none, 0, sizeof none);
  none.value = NAN;
  assert_int_equal(indicator_compare(INDICATOR_HIGHER_BETTER, &area, &none, false), INDICATOR_NOT_COMPARED);
  assert_int_equal(indicator_compare(INDICATOR_HIGHER_BETTER, &none, &area, false), INDICATOR_NOT_COMPARED);
  struct indicator_stat count = stat_of_values(400, NAN, NAN, NAN, NAN);
  assert_int_equal(indicator_compare(INDICATOR_NEITHER, &count, &cmp, false), INDICATOR_NOT_COMPARED);
  /* A lower limit not given (Byar's below 0) is 0. */
  struct indicator_stat small = stat_of_values(0.5, NAN, 2.1, NAN, 3);
  struct indicator_stat zero = stat_of_values(0, NAN, NAN, NAN, NAN);
  assert_int_equal(indicator_compare(INDICATOR_LOWER_BETTER, &small, &zero, false), INDICATOR_SIMILAR);
  assert_string_equal(indicator_comparison_code(INDICATOR_NOT_COMPARED), "not_compared");
  assert_string_equal(indicator_comparison_code(INDICATOR_BETTER), "better");
  assert_string_equal(indicator_comparison_code(INDICATOR_LOWER), "lower");
  for(int c=INDICATOR_NOT_COMPARED; c<=INDICATOR_LOWER; c++){
    char zKey[64];
    snprintf(zKey, sizeof zKey, "indicator.comparison.%s", indicator_comparison_code((enum indicator_comparison)c));
    assert_true(i18n_has(LANG_EN, zKey));
    assert_true(i18n_has(LANG_CY, zKey));
  }
}

/* ---- health boards and Wales from their clusters --------------------------------------- */

struct ids { long long a[80]; int n; };
static void id_cb(void *pCtx, const struct unit *u){
  struct ids *x = pCtx;
  if( x->n<80 ) x->a[x->n++] = u->id;
}
/* The clusters under unit id on zToday (through its Pan Cluster Planning Groups). */
static void clusters_of(struct fixture *f, long long id, struct ids *out){
  memset(out, 0, sizeof *out);
  struct ids pcpg = {{0}, 0};
  unit_children(f->db, id, "pcpg", f->zToday, id_cb, &pcpg);
  for(int i=0; i<pcpg.n; i++) unit_children(f->db, pcpg.a[i], "cluster", f->zToday, id_cb, out);
}
static void all_clusters(struct fixture *f, struct ids *out){
  memset(out, 0, sizeof *out);
  struct stmt *s = db_prepare(f->db, "SELECT id FROM unit WHERE kind='cluster' ORDER BY id");
  while( stmt_step(s)==1 && out->n<80 ) out->a[out->n++] = stmt_int(s, 0);
  stmt_done(s);
}

/* The stored row of (indicator, unit, period, band 'all', persons): its
** numerator, denominator and source; false when there is none. */
static bool stored(struct fixture *f, long long ind, long long unit, const char *zPeriod, const char *zBand,
                   double *pNum, double *pDen, char zSource[16], long long *pDemo){
  struct stmt *s = db_prepare(f->db,
    "SELECT numerator, denominator, source, demo FROM indicator_value"
    " WHERE indicator_id=?1 AND unit_id=?2 AND period=?3 AND age_band=?4 AND sex='persons'");
  stmt_bind_int(s, 1, ind);
  stmt_bind_int(s, 2, unit);
  stmt_bind_text(s, 3, zPeriod);
  stmt_bind_text(s, 4, zBand);
  bool b = stmt_step(s)==1;
  if( b ){
    *pNum = stmt_double(s, 0);
    *pDen = stmt_double(s, 1);
    text_copy(zSource, 16, stmt_text(s, 2));
    *pDemo = stmt_int(s, 3);
  }
  stmt_done(s);
  return b;
}

static void test_parents_computed(void **state){
  struct fixture *f = *state;
  long long ind = make_indicator(f, "smoking", "proportion", "100", "lower_better", 0, 0);
  struct ids cav, all;
  clusters_of(f, f->cav, &cav);
  all_clusters(f, &all);
  assert_true(cav.n>=8 && cav.n<all.n);
  assert_int_equal(all.n, 60);
  /* Every cluster of Cardiff and Vale but one: no health board value. */
  struct indicator_write_row a[80];
  double sumNum = 0, sumDen = 0;
  for(int i=0; i<cav.n; i++){
    a[i] = (struct indicator_write_row){ .indicatorId = ind, .unitId = cav.a[i], .zPeriod = "2023/24",
                                         .band = INDICATOR_BAND_ALL, .sex = INDICATOR_PERSONS,
                                         .num = 1000+i, .den = 10000+100*i };
    sumNum += a[i].num;
    sumDen += a[i].den;
  }
  struct indicator_import_result res;
  assert_true(indicator_write_rows(f->db, &f->national, a, (size_t)cav.n-1, false, "test", f->zToday, &res));
  assert_int_equal(res.nNew, (size_t)cav.n-1);
  assert_int_equal(res.nComputed, 0);
  double num, den;
  char zSource[16];
  long long demo;
  assert_false(stored(f, ind, f->cav, "2023/24", "all", &num, &den, zSource, &demo));
  /* The last one: the health board is the sum of its clusters. */
  assert_true(indicator_write_rows(f->db, &f->national, &a[cav.n-1], 1, false, "test", f->zToday, &res));
  assert_int_equal(res.nComputed, 1);
  assert_true(stored(f, ind, f->cav, "2023/24", "all", &num, &den, zSource, &demo));
  assert_true(num==sumNum && den==sumDen);
  assert_string_equal(zSource, "computed");
  assert_int_equal(demo, 0);
  assert_false(stored(f, ind, f->wales, "2023/24", "all", &num, &den, zSource, &demo));
  /* Every cluster of Wales (as demonstration data): Wales too, and each
  ** health board; a demonstration value makes theirs demonstration data. */
  struct indicator_write_row *b = calloc(60, sizeof *b);
  double walesNum = 0, walesDen = 0;
  for(int i=0; i<all.n; i++){
    b[i] = (struct indicator_write_row){ .indicatorId = ind, .unitId = all.a[i], .zPeriod = "2023/24",
                                         .band = INDICATOR_BAND_ALL, .sex = INDICATOR_PERSONS,
                                         .num = 500+7*i, .den = 30000+11*i };
    walesNum += b[i].num;
    walesDen += b[i].den;
  }
  assert_true(indicator_write_rows(f->db, &f->national, b, 60, true, "test", f->zToday, &res));
  assert_int_equal(res.nNew, 60-(size_t)cav.n);
  assert_int_equal(res.nReplaced, (size_t)cav.n);
  assert_int_equal(res.nComputed, 8);          /* 7 health boards and Wales */
  assert_true(stored(f, ind, f->wales, "2023/24", "all", &num, &den, zSource, &demo));
  assert_true(num==walesNum && den==walesDen);
  assert_string_equal(zSource, "computed");
  assert_int_equal(demo, 1);
  double hbNum = 0, hbDen = 0;
  for(int i=0; i<all.n; i++){
    for(int k=0; k<cav.n; k++) if( cav.a[k]==all.a[i] ){ hbNum += b[i].num; hbDen += b[i].den; }
  }
  assert_true(stored(f, ind, f->cav, "2023/24", "all", &num, &den, zSource, &demo));
  assert_true(num==hbNum && den==hbDen);
  /* An imported health board value stays, whatever its clusters say. */
  struct indicator_write_row hb = { .indicatorId = ind, .unitId = f->cav, .zPeriod = "2023/24",
                                    .band = INDICATOR_BAND_ALL, .num = 12345, .den = 99999 };
  assert_true(indicator_write_rows(f->db, &f->national, &hb, 1, false, "test", f->zToday, &res));
  assert_int_equal(res.nReplaced, 1);
  assert_true(indicator_write_rows(f->db, &f->national, b, 60, true, "test", f->zToday, &res));
  assert_int_equal(res.nComputed, 7);          /* not Cardiff and Vale */
  assert_true(stored(f, ind, f->cav, "2023/24", "all", &num, &den, zSource, &demo));
  assert_true(num==12345 && den==99999);
  assert_string_equal(zSource, "imported");
  /* Wales's stays the sum of the clusters, not of the health boards. */
  assert_true(stored(f, ind, f->wales, "2023/24", "all", &num, &den, zSource, &demo));
  assert_true(num==walesNum && den==walesDen);
  /* The statistic and the comparison. */
  struct indicator I;
  load(f, ind, &I);
  struct indicator_stat st;
  assert_true(indicator_stat_of(f->db, &I, f->wales, "2023/24", 0, &st));
  assert_true(st.bValue && st.bComputed && st.bDemo);
  expect_close(st.value, 100*walesNum/walesDen);
  struct indicator_compared cmp;
  assert_true(indicator_compare_unit(f->db, &I, f->csw, "2023/24", 0, f->zToday, &cmp));
  assert_int_equal(cmp.healthBoardId, f->cav);
  assert_int_equal(cmp.walesId, f->wales);
  assert_true(cmp.healthBoard.bValue && cmp.wales.bValue && cmp.area.bValue);
  expect_close(cmp.healthBoard.value, 100*12345.0/99999.0);
  assert_int_equal(cmp.vsHealthBoard95, indicator_compare(I.polarity, &cmp.area, &cmp.healthBoard, false));
  assert_int_equal(cmp.vsWales99_8, indicator_compare(I.polarity, &cmp.area, &cmp.wales, true));
  /* A health board against Wales only; Wales against nothing. */
  assert_true(indicator_compare_unit(f->db, &I, f->cav, "2023/24", 0, f->zToday, &cmp));
  assert_int_equal(cmp.healthBoardId, 0);
  assert_int_equal(cmp.walesId, f->wales);
  assert_int_equal(cmp.vsHealthBoard95, INDICATOR_NOT_COMPARED);
  assert_true(indicator_compare_unit(f->db, &I, f->wales, "2023/24", 0, f->zToday, &cmp));
  assert_int_equal(cmp.walesId, 0);
  assert_int_equal(cmp.vsWales95, INDICATOR_NOT_COMPARED);
  assert_int_equal(unit_above(f->db, f->csw, "health_board", f->zToday), f->cav);
  assert_int_equal(unit_above(f->db, f->csw, "nation", f->zToday), f->wales);
  free(b);
}

/* A standardised indicator: the parents computed band by band; a DSR of
** too few events not given. */
static void test_dsr_by_band(void **state){
  struct fixture *f = *state;
  long long ind = make_indicator(f, "admissions", "dsr", "100000", "lower_better", "", "");
  struct ids all;
  all_clusters(f, &all);
  size_t n = (size_t)all.n*INDICATOR_BANDS;
  struct indicator_write_row *a = calloc(n, sizeof *a);
  double aNum[INDICATOR_BANDS] = {0}, aDen[INDICATOR_BANDS] = {0};
  for(int i=0; i<all.n; i++){
    for(int k=0; k<INDICATOR_BANDS; k++){
      struct indicator_write_row *r = &a[i*INDICATOR_BANDS+k];
      *r = (struct indicator_write_row){ .indicatorId = ind, .unitId = all.a[i], .zPeriod = "2022/23", .band = k,
                                         .sex = INDICATOR_PERSONS, .den = 1500+10*k+i,
                                         /* cardiff-south-west has 9 events in all */
                                         .num = all.a[i]==f->csw ? (k==3 ? 9 : 0) : 5+k+(i%7) };
      aNum[k] += r->num;
      aDen[k] += r->den;
    }
  }
  struct indicator_import_result res;
  assert_true(indicator_write_rows(f->db, &f->national, a, n, false, "test", f->zToday, &res));
  assert_int_equal(res.nNew, n);
  assert_int_equal(res.nComputed, 8*INDICATOR_BANDS);
  double num, den;
  char zSource[16];
  long long demo;
  for(int k=0; k<INDICATOR_BANDS; k++){
    assert_true(stored(f, ind, f->wales, "2022/23", indicator_band_label(k), &num, &den, zSource, &demo));
    assert_true(num==aNum[k] && den==aDen[k]);
  }
  assert_false(stored(f, ind, f->wales, "2022/23", "all", &num, &den, zSource, &demo));
  struct indicator I;
  load(f, ind, &I);
  struct esp2013 esp;
  assert_true(esp2013_load(&esp));
  struct indicator_stat st;
  assert_true(indicator_stat_of(f->db, &I, f->wales, "2022/23", "persons", &st));
  struct ind_dsr d;
  assert_true(ind_dsr(aNum, aDen, esp.aWeight, 19, 0.95, 100000, &d));
  assert_true(st.bValue);
  expect_close(st.value, d.value);
  expect_close(st.lower95, d.lower);
  /* Nine events: not given, and so not compared. */
  struct indicator_compared cmp;
  assert_true(indicator_compare_unit(f->db, &I, f->csw, "2022/23", 0, f->zToday, &cmp));
  assert_true(cmp.area.bSuppressed);
  assert_false(cmp.area.bValue);
  assert_true(cmp.wales.bValue && cmp.healthBoard.bValue);
  assert_int_equal(cmp.vsWales95, INDICATOR_NOT_COMPARED);
  assert_int_equal(cmp.vsHealthBoard99_8, INDICATOR_NOT_COMPARED);
  free(a);
}

struct period_stats { int n; long long csw; bool bCswSuppressed; long long wales; double walesValue; };
static void period_cb(void *pCtx, long long unitId, const struct indicator_stat *st){
  struct period_stats *x = pCtx;
  x->n++;
  if( unitId==x->csw ) x->bCswSuppressed = st->bSuppressed;
  if( unitId==x->wales ) x->walesValue = st->value;
}

static void test_stats_in_period(void **state){
  struct fixture *f = *state;
  test_dsr_by_band(state);
  struct indicator I;
  assert_true(indicator_get_by_code(f->db, "admissions", &I));
  struct period_stats x = { 0, f->csw, false, f->wales, NAN };
  assert_int_equal(indicator_stats_in_period(f->db, &I, "2022/23", 0, period_cb, &x), 68);
  assert_int_equal(x.n, 68);
  assert_true(x.bCswSuppressed);
  struct indicator_stat st;
  assert_true(indicator_stat_of(f->db, &I, f->wales, "2022/23", 0, &st));
  expect_close(x.walesValue, st.value);
  x = (struct period_stats){ 0, f->csw, false, f->wales, NAN };
  assert_int_equal(indicator_stats_in_period(f->db, &I, "2019/20", 0, period_cb, &x), 0);
}

/* ---- the CSV parser ----------------------------------------------------------------------- */

static const struct indicator_csv_ind aLookInd[] = {
  { "smoking", INDICATOR_PROPORTION, INDICATOR_FINANCIAL_YEAR, 0, 18 },
  { "ae", INDICATOR_CRUDE_RATE, INDICATOR_QUARTER, 0, 18 },
  { "under75", INDICATOR_DSR, INDICATOR_ROLLING_3_YEARS, 0, 14 },
  { "deaths", INDICATOR_COUNT, INDICATOR_CALENDAR_YEAR, 0, 18 },
  { "monthly", INDICATOR_PROPORTION, INDICATOR_MONTH, 0, 18 },
};
static const struct indicator_csv_area aLookArea[] = {
  { "cardiff-south-west", "Cardiff South West", "De-orllewin Caerdydd" },
  { "anglesey", "Anglesey", "Ynys Môn" },
  { "north", "North", "" },
  { "north-2", "North", "Gogledd" },
  { "wales", "Wales", "Cymru" },
};
static const struct indicator_csv_lookup gLook = { aLookInd, 5, aLookArea, 5 };

static void parse(const char *z, struct indicator_csv *c){
  indicator_csv_parse(z, strlen(z), &gLook, c);
}
/* Error i is on line, column with key zKey (without the common prefix). */
static void expect_error(const struct indicator_csv *c, int i, int line, int column, const char *zKey){
  if( i>=c->nKept ) fail_msg("only %d errors; wanted one on line %d (%s)", c->nKept, line, zKey);
  const struct indicator_csv_error *e = &c->aError[i];
  char zFull[120];
  snprintf(zFull, sizeof zFull, "indicator.import.error.%s", zKey);
  if( e->line!=line || e->column!=column || strcmp(e->zKey, zFull)!=0 ){
    fail_msg("error %d: line %d column %d %s; wanted line %d column %d %s", i, e->line, e->column, e->zKey,
             line, column, zFull);
  }
  assert_true(i18n_has(LANG_EN, e->zKey));
  assert_true(i18n_has(LANG_CY, e->zKey));
}

static void test_periods_and_bands(void **state){
  (void)state;
  char z[INDICATOR_PERIOD_MAX];
  static const struct { enum indicator_period_type t; const char *zIn, *zOut; } aOk[] = {
    { INDICATOR_FINANCIAL_YEAR, "2023/24", "2023/24" }, { INDICATOR_FINANCIAL_YEAR, " 2023-24 ", "2023/24" },
    { INDICATOR_FINANCIAL_YEAR, "2023/2024", "2023/24" }, { INDICATOR_FINANCIAL_YEAR, "1999-2000", "1999/00" },
    { INDICATOR_FINANCIAL_YEAR, "2099/00", "2099/00" },
    { INDICATOR_CALENDAR_YEAR, "2023", "2023" },
    { INDICATOR_QUARTER, "2023-Q2", "2023-Q2" }, { INDICATOR_QUARTER, "2023 q4", "2023-Q4" },
    { INDICATOR_QUARTER, "2023Q1", "2023-Q1" }, { INDICATOR_QUARTER, "Q3 2023", "2023-Q3" },
    { INDICATOR_MONTH, "2023-05", "2023-05" }, { INDICATOR_MONTH, "05/2023", "2023-05" },
    { INDICATOR_MONTH, "5/2023", "2023-05" }, { INDICATOR_MONTH, "12/2023", "2023-12" },
    { INDICATOR_ROLLING_3_YEARS, "2021/22-2023/24", "2021/22-2023/24" },
    { INDICATOR_ROLLING_3_YEARS, "2021-22 to 2023-24", "2021/22-2023/24" },
    { INDICATOR_ROLLING_3_YEARS, "2021/22 - 2023/24", "2021/22-2023/24" },
  };
  for(size_t i=0; i<sizeof aOk/sizeof aOk[0]; i++){
    if( !indicator_period_normalise(aOk[i].t, aOk[i].zIn, z) ) fail_msg("refused %s", aOk[i].zIn);
    assert_string_equal(z, aOk[i].zOut);
    assert_true(indicator_period_valid(aOk[i].t, aOk[i].zOut));
  }
  static const struct { enum indicator_period_type t; const char *zIn; } aBad[] = {
    { INDICATOR_FINANCIAL_YEAR, "2023" }, { INDICATOR_FINANCIAL_YEAR, "2023/25" }, { INDICATOR_FINANCIAL_YEAR, "2023/2025" },
    { INDICATOR_FINANCIAL_YEAR, "23/24" }, { INDICATOR_FINANCIAL_YEAR, "2023/24x" }, { INDICATOR_FINANCIAL_YEAR, "" },
    { INDICATOR_FINANCIAL_YEAR, "1899/00" }, { INDICATOR_CALENDAR_YEAR, "2023/24" }, { INDICATOR_CALENDAR_YEAR, "99" },
    { INDICATOR_QUARTER, "2023-Q5" }, { INDICATOR_QUARTER, "2023-Q0" }, { INDICATOR_QUARTER, "2023-05" },
    { INDICATOR_MONTH, "2023-13" }, { INDICATOR_MONTH, "2023-5" }, { INDICATOR_MONTH, "13/2023" }, { INDICATOR_MONTH, "2023" },
    { INDICATOR_ROLLING_3_YEARS, "2021/22-2022/23" }, { INDICATOR_ROLLING_3_YEARS, "2021/22" },
    { INDICATOR_ROLLING_3_YEARS, "2021/22-2023/24-" },
  };
  for(size_t i=0; i<sizeof aBad/sizeof aBad[0]; i++){
    if( indicator_period_normalise(aBad[i].t, aBad[i].zIn, z) ) fail_msg("accepted %s as %s", aBad[i].zIn, indicator_period_type_code(aBad[i].t));
  }
  assert_false(indicator_period_valid(INDICATOR_FINANCIAL_YEAR, "2023-24"));
  /* The written forms sort in time order. */
  assert_true(strcmp("2009/10", "2010/11")<0 && strcmp("2023-Q4", "2024-Q1")<0 && strcmp("2023-09", "2023-10")<0);

  int band;
  static const struct { const char *z; int band; } aBand[] = {
    { "", INDICATOR_BAND_ALL }, { "all", INDICATOR_BAND_ALL }, { "All ages", INDICATOR_BAND_ALL },
    { "0-4", 0 }, { "00-04", 0 }, { "5 - 9", 1 }, { "10 to 14", 2 }, { "85-89", 17 }, { "90+", 18 },
    { "90 and over", 18 },
  };
  for(size_t i=0; i<sizeof aBand/sizeof aBand[0]; i++){
    if( !indicator_band_parse(aBand[i].z, &band) ) fail_msg("band %s refused", aBand[i].z);
    assert_int_equal(band, aBand[i].band);
  }
  static const char *const azBadBand[] = { "0-5", "1-4", "90-94", "85+", "95+", "x", "-4", "0-", "4-0", 0 };
  for(int i=0; azBadBand[i]; i++){
    if( indicator_band_parse(azBadBand[i], &band) ) fail_msg("band %s accepted", azBadBand[i]);
  }
  for(int k=0; k<INDICATOR_BANDS; k++){
    assert_true(indicator_band_parse(indicator_band_label(k), &band));
    assert_int_equal(band, k);
  }
  int first, last;
  assert_true(indicator_band_range(0, -1, &first, &last) && first==0 && last==18);
  assert_true(indicator_band_range(0, 75, &first, &last) && first==0 && last==14);
  assert_true(indicator_band_range(65, -1, &first, &last) && first==13 && last==18);
  assert_true(indicator_band_range(90, -1, &first, &last) && first==18 && last==18);
  assert_false(indicator_band_range(16, -1, &first, &last));
  assert_false(indicator_band_range(35, 35, &first, &last));
  assert_false(indicator_band_range(0, 95, &first, &last));
}

static void test_csv_errors(void **state){
  (void)state;
  struct indicator_csv c;
  /* A good file: names, codes and periods as people type them. */
  parse("\xEF\xBB\xBF" "Area Code,Indicator_Code,PERIOD,numerator,denominator\r\n"
        "cardiff-south-west,smoking,2023-24,90,600\r\n"
        "Ynys Môn,SMOKING,2023/2024,\"1,200\",\"8,000\"\r\n"
        "\r\n"
        "Gogledd,smoking,2023/24,5,50\r\n"
        "wales,deaths,2023,412,\r\n"
        "CYMRU,ae,2023 Q1,1000,90000.5\r\n", &c);
  assert_false(c.bFileError);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 5);
  assert_int_equal(c.nData, 5);
  assert_int_equal(c.nRejected, 0);
  assert_int_equal(c.aRow[0].iArea, 0);
  assert_string_equal(c.aRow[0].zPeriod, "2023/24");
  assert_int_equal(c.aRow[1].iArea, 1);
  assert_true(c.aRow[1].num==1200 && c.aRow[1].den==8000);
  assert_int_equal(c.aRow[2].iArea, 3);   /* the Welsh name is only north-2's */
  assert_int_equal(c.aRow[2].line, 5);
  assert_int_equal(c.aRow[3].iInd, 3);
  assert_true(isnan(c.aRow[3].den));
  assert_string_equal(c.aRow[4].zPeriod, "2023-Q1");
  assert_int_equal(c.aRow[4].band, INDICATOR_BAND_ALL);
  assert_int_equal(c.aRow[4].sex, INDICATOR_PERSONS);
  assert_string_equal(c.azColumn[0], "Area Code");
  indicator_csv_free(&c);

  /* Errors, each on its line and column. */
  parse("area_code,indicator_code,period,age_band,sex,numerator,denominator,value\n"
        "cardiff-south-west,smoking,2023/24,,,90,600,15\n"        /* 2: good */
        "North,smoking,2023/24,,,1,10,\n"                         /* 3: ambiguous */
        "nowhere,smoking,2023/24,,,1,10,\n"                       /* 4: unknown area */
        ",smoking,2023/24,,,1,10,\n"                              /* 5: area missing */
        "wales,smokin,2023/24,,,1,10,\n"                          /* 6: unknown indicator */
        "wales,,2023/24,,,1,10,\n"                                /* 7: indicator missing */
        "wales,smoking,2023,,,1,10,\n"                            /* 8: period form */
        "wales,smoking,,,,1,10,\n"                                /* 9: period missing */
        "wales,smoking,2023/24,0-4,,1,10,\n"                      /* 10: band not used */
        "wales,smoking,2023/24,,other,1,10,\n"                    /* 11: sex */
        "wales,smoking,2023/24,,,one,10,\n"                       /* 12: not a number */
        "wales,smoking,2023/24,,,-1,10,\n"                        /* 13: negative */
        "wales,smoking,2023/24,,,,10,\n"                          /* 14: numerator missing */
        "wales,smoking,2023/24,,,1,0,\n"                          /* 15: denominator 0 */
        "wales,smoking,2023/24,,,1,,\n"                           /* 16: denominator missing */
        "wales,smoking,2023/24,,,11,10,\n"                        /* 17: denominator smaller */
        "wales,smoking,2023/24,,,1,10,,extra\n"                   /* 18: extra field */
        "wales,smoking,2023/24,,,1e13,10,\n"                      /* 19: too large */
        "anglesey,ae,2023-05,,,1,10,\n"                           /* 20: quarter form */
        "anglesey,monthly,2023-Q2,,,1,10,\n"                      /* 21: month form */
        "anglesey,under75,2023/24,,,1,10,\n"                      /* 22: rolling form, band required */
        "anglesey,under75,2021/22-2023/24,80-84,,1,10,\n"         /* 23: band outside */
        "anglesey,under75,2021/22-2023/24,0-3,,1,10,\n"           /* 24: band invalid */
        "cardiff-south-west,smoking,2023-24,,persons,9,60,\n"     /* 25: repeats line 2 */
        "wales,\"smoking,2023/24,,,1,10,\n", &c);                 /* 26: quote never closed */
  assert_false(c.bFileError);
  assert_int_equal(c.nData, 25);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.nRejected, 24);
  int i = 0;
  expect_error(&c, i++, 3, 1, "area_ambiguous");
  expect_error(&c, i++, 4, 1, "area_unknown");
  assert_string_equal(c.aError[i-1].zText, "nowhere");
  expect_error(&c, i++, 5, 1, "area_required");
  expect_error(&c, i++, 6, 2, "indicator_unknown");
  expect_error(&c, i++, 7, 2, "indicator_required");
  expect_error(&c, i++, 8, 3, "period_financial_year");
  expect_error(&c, i++, 9, 3, "period_required");
  expect_error(&c, i++, 10, 4, "band_not_used");
  expect_error(&c, i++, 11, 5, "sex_invalid");
  expect_error(&c, i++, 12, 6, "not_number");
  expect_error(&c, i++, 13, 6, "numerator_negative");
  expect_error(&c, i++, 14, 6, "numerator_required");
  expect_error(&c, i++, 15, 7, "denominator_positive");
  expect_error(&c, i++, 16, 7, "denominator_required");
  expect_error(&c, i++, 17, 7, "denominator_smaller");
  expect_error(&c, i++, 18, 9, "extra_field");
  expect_error(&c, i++, 19, 6, "too_large");
  expect_error(&c, i++, 20, 3, "period_quarter");
  expect_error(&c, i++, 21, 3, "period_month");
  expect_error(&c, i++, 22, 3, "period_rolling_3_years");
  expect_error(&c, i++, 22, 4, "band_required");
  expect_error(&c, i++, 23, 4, "band_outside");
  expect_error(&c, i++, 24, 4, "band_invalid");
  expect_error(&c, i++, 25, 3, "repeated");
  assert_string_equal(c.aError[i-1].zText, "2");
  expect_error(&c, i++, 26, 2, "quote_unclosed");
  assert_int_equal(c.nKept, i);
  assert_int_equal(c.nError, i);
  assert_int_equal(c.aRow[0].line, 2);
  indicator_csv_free(&c);

  /* A standardised indicator: every band of the area, period and sex. */
  struct buf b = {0};
  buf_puts(&b, "area_code,indicator_code,period,age_band,sex,numerator,denominator\n");
  for(int k=0; k<15; k++){
    buf_printf(&b, "anglesey,under75,2021/22-2023/24,%s,male,%d,%d\n", indicator_band_label(k), k, 1000+k);
    if( k!=3 && k!=4 && k!=14 ) buf_printf(&b, "wales,under75,2021/22-2023/24,%s,female,%d,%d\n", indicator_band_label(k), k, 1000+k);
  }
  indicator_csv_parse(b.z, b.n, &gLook, &c);
  assert_int_equal(c.nData, 27);
  assert_int_equal(c.n, 15);
  assert_int_equal(c.nRejected, 12);
  assert_int_equal(c.nError, 1);
  expect_error(&c, 0, 3, 4, "bands_missing");
  assert_string_equal(c.aError[0].zText, "15-19 \xe2\x80\xa6 20-24 70-74");
  for(size_t k=0; k<c.n; k++){
    assert_int_equal(c.aRow[k].iArea, 1);
    assert_int_equal(c.aRow[k].sex, INDICATOR_MALE);
    assert_int_equal(c.aRow[k].band, (int)k);
  }
  indicator_csv_free(&c);
  buf_free(&b);
  /* No age_band column for one. */
  parse("area_code,indicator_code,period,numerator,denominator\nwales,under75,2021/22-2023/24,1,2\n", &c);
  expect_error(&c, 0, 2, 6, "band_column");
  indicator_csv_free(&c);

  /* The whole file unusable: one error, no rows (n 0: the string's length). */
  static const struct { const char *z; size_t n; int line, column; const char *zKey; } aFile[] = {
    { "", 0, 1, 1, "empty" },
    { "\n\n  \n", 0, 1, 1, "empty" },
    { "area_code,indicator_code,period,numerator,denominator\n", 0, 2, 1, "no_rows" },
    { "area_code,indicator_code,period,numerator\nwales,x,2023,1\n", 0, 1, 5, "columns" },
    { "area_code,indicator_code,period,numerator,denominator,colour\n", 0, 1, 6, "columns" },
    { "area_code,area,indicator_code,period,numerator,denominator\n", 0, 1, 2, "columns" },
    { "\xFF\xFE" "a\0r\0", 6, 1, 1, "utf16" },
    { "area_code,indicator_code,period,numerator,denominator\nwales,sm\xC3oking,2023,1,2\n", 0, 2, 2, "encoding" },
  };
  for(size_t k=0; k<sizeof aFile/sizeof aFile[0]; k++){
    indicator_csv_parse(aFile[k].z, aFile[k].n ? aFile[k].n : strlen(aFile[k].z), &gLook, &c);
    if( !c.bFileError ) fail_msg("file %zu: no file error", k);
    assert_int_equal(c.n, 0);
    assert_int_equal(c.nError, 1);
    expect_error(&c, 0, aFile[k].line, aFile[k].column, aFile[k].zKey);
    indicator_csv_free(&c);
  }
  /* Pasted from a spreadsheet: tabs. */
  parse("area_code\tindicator_code\tperiod\tnumerator\tdenominator\r\nwales\tsmoking\t2023/24\t1,234\t10,000\r\n", &c);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 1);
  assert_true(c.aRow[0].num==1234 && c.aRow[0].den==10000);
  indicator_csv_free(&c);
}

/* ---- the import ----------------------------------------------------------------------------- */

static void test_import(void **state){
  struct fixture *f = *state;
  long long ind = make_indicator(f, "smoking", "proportion", "100", "lower_better", 0, 0);
  make_indicator(f, "under75", "dsr", "100000", "lower_better", "0", "75");
  struct indicator_lookup L;
  assert_true(indicator_lookup_load(f->db, f->zToday, &L));
  assert_int_equal(L.csv.nInd, 2);
  assert_int_equal(L.csv.nArea, 68);            /* 60 clusters, 7 health boards, Wales */
  const char *zFile =
    "area_code,indicator_code,period,numerator,denominator\n"
    "cardiff-south-west,smoking,2023/24,900,6000\n"
    "Afan,smoking,2023/24,500,4000\n"
    "wales,smoking,2023-24,1,0\n"
    "De-orllewin Caerdydd,smoking,2022/23,880,6100\n";
  struct indicator_csv c;
  indicator_csv_parse(zFile, strlen(zFile), &L.csv, &c);
  assert_int_equal(c.nError, 1);
  assert_int_equal(c.n, 3);
  expect_error(&c, 0, 4, 5, "denominator_positive");
  /* A file with errors: nothing imported. */
  long long nRows = n_indicator_rows(f), nAudit = n_audit(f);
  struct indicator_import_result res;
  struct field_errors e = {0};
  assert_int_equal(indicator_import(f->db, &f->national, &c, &L, false, f->zToday, &res, &e), 0);
  fx_expect_field_error(&e, "file", "indicator.import.error.has_errors");
  assert_int_equal(n_indicator_rows(f), nRows);
  assert_int_equal(n_audit(f), nAudit);
  /* Only admins and national users import (the command line too). */
  struct field_errors e2 = {0};
  assert_int_equal(indicator_import(f->db, &f->hb, &c, &L, true, f->zToday, &res, &e2), -1);
  assert_int_equal(indicator_import(f->db, &f->lead, &c, &L, true, f->zToday, &res, &e2), -1);
  assert_int_equal(n_indicator_rows(f), nRows);
  /* The valid lines. */
  struct field_errors e3 = {0};
  assert_int_equal(indicator_import(f->db, &f->national, &c, &L, true, f->zToday, &res, &e3), 3);
  assert_int_equal(res.nNew, 3);
  assert_int_equal(res.nReplaced, 0);
  assert_int_equal(res.nLeftOut, 1);
  assert_int_equal(n_indicator_rows(f), nRows+3);
  assert_int_equal(n_audit(f), nAudit+1);
  {
    struct stmt *s = db_prepare(f->db,
      "SELECT action, entity, entity_id, user_id, new_values FROM audit_log ORDER BY id DESC LIMIT 1");
    assert_int_equal(stmt_step(s), 1);
    assert_string_equal(stmt_text(s, 0), "create");
    assert_string_equal(stmt_text(s, 1), "indicator_value");
    assert_int_equal(stmt_int(s, 2), ind);
    assert_int_equal(stmt_int(s, 3), f->national.id);
    assert_non_null(strstr(stmt_text(s, 4), "\"lines_left_out\":1"));
    assert_non_null(strstr(stmt_text(s, 4), "\"from\":\"2022/23\""));
    stmt_done(s);
  }
  double num, den;
  char zSource[16];
  long long demo;
  assert_true(stored(f, ind, f->csw, "2022/23", "all", &num, &den, zSource, &demo));
  assert_true(num==880 && den==6100);
  assert_string_equal(zSource, "imported");
  assert_int_equal(demo, 0);
  indicator_csv_free(&c);
  /* Again, from the command line: the values replace the earlier ones. */
  const char *zAgain = "area_code,indicator_code,period,numerator,denominator\n"
                       "cardiff-south-west,smoking,2023/24,950,6000\n"
                       "cardiff-south-west,smoking,2021/22,800,5900\n";
  indicator_csv_parse(zAgain, strlen(zAgain), &L.csv, &c);
  struct field_errors e4 = {0};
  assert_int_equal(indicator_import(f->db, 0, &c, &L, false, f->zToday, &res, &e4), 2);
  assert_int_equal(res.nNew, 1);
  assert_int_equal(res.nReplaced, 1);
  assert_true(stored(f, ind, f->csw, "2023/24", "all", &num, &den, zSource, &demo));
  assert_true(num==950);
  {
    struct stmt *s = db_prepare(f->db, "SELECT actor, user_id FROM audit_log ORDER BY id DESC LIMIT 1");
    assert_int_equal(stmt_step(s), 1);
    assert_string_equal(stmt_text(s, 0), "command line");
    assert_true(stmt_is_null(s, 1));
    stmt_done(s);
  }
  indicator_csv_free(&c);
  /* A file error, and a file of no valid line. */
  indicator_csv_parse("", 0, &L.csv, &c);
  struct field_errors e5 = {0};
  assert_int_equal(indicator_import(f->db, &f->national, &c, &L, true, f->zToday, &res, &e5), 0);
  fx_expect_field_error(&e5, "file", "indicator.import.error.empty");
  indicator_csv_free(&c);
  const char *zNone = "area_code,indicator_code,period,numerator,denominator\nnowhere,smoking,2023/24,1,2\n";
  indicator_csv_parse(zNone, strlen(zNone), &L.csv, &c);
  struct field_errors e6 = {0};
  assert_int_equal(indicator_import(f->db, &f->national, &c, &L, true, f->zToday, &res, &e6), 0);
  fx_expect_field_error(&e6, "file", "indicator.import.error.no_valid_rows");
  indicator_csv_free(&c);
  indicator_lookup_free(&L);
}

/* ---- faults: a write that fails at any database call leaves nothing ------------------------ */

struct fault_ctx { struct fixture *f; struct indicator_csv *c; struct indicator_lookup *L; long long ind; };
typedef long long (*fault_fn)(struct fault_ctx *, struct field_errors *);

static long long fault_create(struct fault_ctx *x, struct field_errors *e){
  struct indicator_input in = valid_input("faulty", "dsr");
  in.zAgeTo = "75";
  return indicator_create(x->f->db, &x->f->national, &in, e);
}
static long long fault_update(struct fault_ctx *x, struct field_errors *e){
  struct indicator_input in = valid_input("smoking_adults", "proportion");
  return indicator_update(x->f->db, &x->f->admin, x->ind, &in, e);
}
static long long fault_import(struct fault_ctx *x, struct field_errors *e){
  struct indicator_import_result res;
  return indicator_import(x->f->db, &x->f->national, x->c, x->L, true, x->f->zToday, &res, e);
}

static void fault_walk(struct fault_ctx *x, const char *zName, fault_fn fn){
  struct fixture *f = x->f;
  struct db *db = f->db;
  unsigned long long before = db_digest(db);
  long long n;
  for(n=1; n<100000; n++){
    struct field_errors e = {0};
    fault_copy(&f->db, n);
    long long rc = fn(x, &e);
    struct fault_run r = fault_restore(&f->db, db);
    if( !r.bFired ) break;
    if( r.bOpen ) fail_msg("%s, call %lld failing: a transaction left open", zName, n);
    if( rc>0 ) fail_msg("%s, call %lld failing: reported success", zName, n);
    if( r.after!=before ) fail_msg("%s, call %lld failing: half-written", zName, n);
    assert_null(fault_unknown_key(&e));
  }
  struct field_errors e = {0};
  long long nAudit = n_audit(f);
  if( fn(x, &e)<=0 ) fail_msg("%s: refused without a fault: %s", zName, e.n ? e.a[0].zKey : "-");
  assert_true(db_digest(db)!=before);
  assert_int_equal(n_audit(f), nAudit+1);
  print_message("%-20s %3lld database calls, each failed in turn\n", zName, n-1);
}

static void test_faults(void **state){
  struct fixture *f = *state;
  const char *zPg = getenv("CARECLUSTER_TEST_PG_HOST");
  if( zPg && *zPg ) skip();      /* db_copy copies a SQLite database */
  long long ind = make_indicator(f, "smoking", "proportion", "100", "lower_better", 0, 0);
  make_indicator(f, "under75", "dsr", "100000", "lower_better", "0", "75");
  struct indicator_lookup L;
  assert_true(indicator_lookup_load(f->db, f->zToday, &L));
  /* Every cluster, so that health boards and Wales are computed too; a
  ** line in error, left out. */
  struct buf b = {0};
  buf_puts(&b, "area_code,indicator_code,period,age_band,numerator,denominator\n");
  for(int i=0; i<L.csv.nArea; i++){
    buf_printf(&b, "%s,smoking,2023/24,,%d,%d\n", L.csv.aArea[i].zSlug, 10+i, 1000+i);
  }
  buf_puts(&b, "wales,smoking,2024/25,,10,1\n");
  for(int k=0; k<15; k++) buf_printf(&b, "afan,under75,2023/24,%s,%d,%d\n", indicator_band_label(k), 3+k, 900+k);
  struct indicator_csv c;
  indicator_csv_parse(b.z, b.n, &L.csv, &c);
  buf_free(&b);
  assert_int_equal(c.nError, 1);
  struct fault_ctx x = { f, &c, &L, ind };
  fault_walk(&x, "indicator_create", fault_create);
  fault_walk(&x, "indicator_update", fault_update);
  fault_walk(&x, "indicator_import", fault_import);
  indicator_csv_free(&c);
  indicator_lookup_free(&L);
}

/* ---- the demonstration data ------------------------------------------------------------------- */

struct all_ctx { struct indicator ind; long long wales; struct indicator_stat walesStat; int a[6]; struct ids *pClusters; };
static void all_cb(void *pCtx, long long unitId, const struct indicator_stat *st){
  struct all_ctx *x = pCtx;
  for(int i=0; i<x->pClusters->n; i++){
    if( x->pClusters->a[i]==unitId ){
      x->a[indicator_compare(x->ind.polarity, st, &x->walesStat, true)]++;
      return;
    }
  }
}

/* Every demonstration value as text, in an order of names; how many. */
static long long demo_rows(struct db *db, struct buf *b){
  struct stmt *s = db_prepare(db,
    "SELECT i.code, u.slug, v.period, v.age_band, v.sex, v.numerator, COALESCE(v.denominator,-1), v.source, v.demo"
    "  FROM indicator_value v JOIN indicator i ON i.id=v.indicator_id JOIN unit u ON u.id=v.unit_id"
    " ORDER BY i.code, u.slug, v.period, v.age_band, v.sex");
  long long n = 0;
  while( stmt_step(s)==1 ){
    buf_printf(b, "%s %s %s %s %s %.17g %.17g %s %lld\n", stmt_text(s, 0), stmt_text(s, 1), stmt_text(s, 2),
               stmt_text(s, 3), stmt_text(s, 4), stmt_double(s, 5), stmt_double(s, 6), stmt_text(s, 7), stmt_int(s, 8));
    n++;
  }
  stmt_done(s);
  return n;
}

static void test_demo(void **state){
  struct fixture *f = *state;
  long long t0 = (long long)time(0);
  assert_true(demo_indicators(f->db));
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM indicator"), 16);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM indicator_value WHERE demo<>1"), 0);
  assert_int_equal(fx_count(f->db, "SELECT count(DISTINCT period) FROM indicator_value"), 10);
  /* Every cluster, health board and Wales has every indicator in each of
  ** five years. */
  assert_int_equal(fx_count(f->db,
    "SELECT count(*) FROM (SELECT indicator_id, unit_id, count(DISTINCT period) AS n FROM indicator_value"
    " GROUP BY indicator_id, unit_id) x WHERE x.n=5"), 16*68);
  assert_int_equal(fx_count(f->db, "SELECT count(*) FROM indicator_value v JOIN unit u ON u.id=v.unit_id"
                                   " WHERE u.kind<>'cluster' AND v.source<>'computed'"), 0);
  /* The demonstration users' clusters against Wales: some indicators
  ** significantly worse, some better, some similar; the same on every
  ** database (the hashes, not the rows' ids). */
  int aCount[6] = {0}, nNeither = 0;
  for(int i=0; i<16; i++){
    struct stmt *s = db_prepare(f->db, "SELECT id FROM indicator ORDER BY sort_order LIMIT 1 OFFSET ?1");
    stmt_bind_int(s, 1, i);
    assert_int_equal(stmt_step(s), 1);
    long long id = stmt_int(s, 0);
    stmt_done(s);
    struct indicator *ind = malloc(sizeof *ind);
    load(f, id, ind);
    const char *zPeriod = ind->periodType==INDICATOR_ROLLING_3_YEARS ? "2021/22-2023/24" : "2023/24";
    for(int u=0; u<2; u++){
      struct indicator_compared cmp;
      assert_true(indicator_compare_unit(f->db, ind, u ? f->afan : f->csw, zPeriod, 0, f->zToday, &cmp));
      assert_true(cmp.area.bValue && cmp.healthBoard.bValue && cmp.wales.bValue);
      assert_true(cmp.area.bDemo && cmp.wales.bDemo && cmp.wales.bComputed);
      aCount[cmp.vsWales99_8]++;
      if( ind->polarity==INDICATOR_NEITHER ){
        assert_true(cmp.vsWales95!=INDICATOR_BETTER && cmp.vsWales95!=INDICATOR_WORSE);
        nNeither++;
      }
    }
    free(ind);
  }
  assert_true(aCount[INDICATOR_WORSE]>=3);
  assert_true(aCount[INDICATOR_HIGHER]+aCount[INDICATOR_LOWER]>=1);
  assert_true(nNeither>0);
  /* Across the 60 clusters, every indicator with a polarity has clusters
  ** significantly better and worse than Wales, and most have some similar. */
  int aAll[6] = {0};
  struct ids clusters;
  all_clusters(f, &clusters);
  for(int i=0; i<16; i++){
    struct stmt *s = db_prepare(f->db, "SELECT id FROM indicator ORDER BY sort_order LIMIT 1 OFFSET ?1");
    stmt_bind_int(s, 1, i);
    assert_int_equal(stmt_step(s), 1);
    long long id = stmt_int(s, 0);
    stmt_done(s);
    struct all_ctx *x = calloc(1, sizeof *x);
    load(f, id, &x->ind);
    x->wales = f->wales;
    x->pClusters = &clusters;
    const char *zPeriod = x->ind.periodType==INDICATOR_ROLLING_3_YEARS ? "2021/22-2023/24" : "2023/24";
    assert_true(indicator_stat_of(f->db, &x->ind, f->wales, zPeriod, 0, &x->walesStat));
    assert_int_equal(indicator_stats_in_period(f->db, &x->ind, zPeriod, 0, all_cb, x), 68);
    if( x->ind.polarity!=INDICATOR_NEITHER && x->ind.kind!=INDICATOR_COUNT ){
      if( x->a[INDICATOR_BETTER]==0 || x->a[INDICATOR_WORSE]==0 ){
        fail_msg("%s: %d better, %d worse", x->ind.zCode, x->a[INDICATOR_BETTER], x->a[INDICATOR_WORSE]);
      }
    }
    for(int k=0; k<6; k++) aAll[k] += x->a[k];
    free(x);
  }
  assert_true(aAll[INDICATOR_SIMILAR]>=60);
  assert_true(aAll[INDICATOR_HIGHER]>=10 && aAll[INDICATOR_LOWER]>=10);
  assert_int_equal(aAll[INDICATOR_NOT_COMPARED], 60);     /* the count */
  print_message("the 60 clusters against Wales at 99.8%%, all indicators: %d better, %d worse, %d similar,"
                " %d higher, %d lower, %d not compared\n", aAll[INDICATOR_BETTER], aAll[INDICATOR_WORSE],
                aAll[INDICATOR_SIMILAR], aAll[INDICATOR_HIGHER], aAll[INDICATOR_LOWER], aAll[INDICATOR_NOT_COMPARED]);
  /* Cardiff South West is among the more deprived: its smoking is worse
  ** than Wales's. */
  struct indicator ind;
  assert_true(indicator_get_by_code(f->db, "smoking_prevalence", &ind));
  struct indicator_compared cmp;
  assert_true(indicator_compare_unit(f->db, &ind, f->csw, "2023/24", 0, f->zToday, &cmp));
  assert_int_equal(cmp.vsWales95, INDICATOR_WORSE);
  assert_true(indicator_get_by_code(f->db, "cervical_screening", &ind));
  assert_true(indicator_stat_of(f->db, &ind, f->csw, "2023/24", 0, &cmp.area));
  assert_int_equal(cmp.area.sex, INDICATOR_FEMALE);
  /* The same figures from a second database (opened last: on
  ** PostgreSQL the fixture drops the first when it makes another). */
  struct buf b1 = {0}, b2 = {0};
  long long nRows = demo_rows(f->db, &b1);
  struct db *db2 = 0;
  assert_int_equal(fx_db_open(&db2), 0);
  db_close(f->db);
  f->db = db2;
  struct user admin2;
  fx_make_user(db2, f->zToday, &admin2, "admin@example.wales", ROLE_ADMIN, "wales");
  assert_true(demo_indicators(db2));
  assert_int_equal(demo_rows(db2, &b2), nRows);
  assert_true(nRows>20000);
  assert_int_equal(b1.n, b2.n);
  assert_true(memcmp(b1.z, b2.z, b1.n)==0);
  buf_free(&b1);
  buf_free(&b2);
  print_message("demonstration: %lld rows in about %lld s; Cardiff South West and Afan against Wales at 99.8%%:"
                " %d worse, %d better, %d similar, %d higher, %d lower, %d not compared\n",
                nRows, (long long)time(0)-t0, aCount[INDICATOR_WORSE], aCount[INDICATOR_BETTER],
                aCount[INDICATOR_SIMILAR], aCount[INDICATOR_HIGHER], aCount[INDICATOR_LOWER],
                aCount[INDICATOR_NOT_COMPARED]);
}

/* ---- query plans (SQLite) ----------------------------------------------------------------------- */

static void check_plan(struct stmt *s, const char *zWant){
  struct buf b = {0};
  while( stmt_step(s)==1 ) buf_printf(&b, "%s\n", stmt_text(s, 3));
  stmt_done(s);
  if( !strstr(buf_cstr(&b), zWant) ) fail_msg("plan:\n%s\nwanted: %s", buf_cstr(&b), zWant);
  buf_free(&b);
}

static void test_query_plans(void **state){
  struct fixture *f = *state;
  const char *zPg = getenv("CARECLUSTER_TEST_PG_HOST");
  if( zPg && *zPg ) skip();
  check_plan(db_prepare(f->db,
    "EXPLAIN QUERY PLAN SELECT unit_id,sex,age_band,numerator,denominator,source,demo FROM indicator_value"
    " WHERE indicator_id=?1 AND period=?2 AND (CAST(?3 AS TEXT) IS NULL OR sex=?3)"
    " ORDER BY unit_id, CASE sex WHEN 'persons' THEN 0 WHEN 'female' THEN 1 ELSE 2 END"),
    "USING INDEX sqlite_autoindex_indicator_value_1 (indicator_id=? AND period=?)");
  check_plan(db_prepare(f->db,
    "EXPLAIN QUERY PLAN SELECT unit_id,period,age_band,sex,numerator,denominator,source,demo,imported_at"
    "  FROM indicator_value WHERE unit_id=?2 AND indicator_id=?1 ORDER BY period, sex, age_band"),
    "USING INDEX indicator_value_unit (unit_id=? AND indicator_id=?)");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_catalogue_rules, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_catalogue_list, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_catalogue_access, setup, fx_teardown),
    cmocka_unit_test(test_ci_per_kind),
    cmocka_unit_test(test_compare_polarity),
    cmocka_unit_test_setup_teardown(test_parents_computed, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_dsr_by_band, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_stats_in_period, setup, fx_teardown),
    cmocka_unit_test(test_periods_and_bands),
    cmocka_unit_test(test_csv_errors),
    cmocka_unit_test_setup_teardown(test_import, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_faults, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_demo, setup, fx_teardown),
    cmocka_unit_test_setup_teardown(test_query_plans, setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, fx_group_setup_i18n, 0);
}
