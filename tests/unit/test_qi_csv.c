/*
** CSV files of data points (src/domain/qi_csv.c, declared in qi.h): pure
** parsing with every error kind named by line and column, encodings,
** RFC 4180 quoting, header forms, dates in both formats, numbers, and the
** row limit. Every key it reports is in both catalogues.
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
#include "domain/qi.h"
#include "html/i18n.h"
#include "util/buf.h"

static int group_setup(void **state){
  (void)state;
  return i18n_init() ? 0 : -1;
}

static void parse(const char *z, const char *zChart, struct qi_csv *c){
  qi_csv_parse(z, strlen(z), zChart, false, c);
  for(int i=0; i<c->nError && i<QI_CSV_MAX_ERRORS; i++){
    assert_true(i18n_has(LANG_EN, c->aError[i].zKey));
    assert_true(i18n_has(LANG_CY, c->aError[i].zKey));
    assert_true(c->aError[i].line>=1 && c->aError[i].column>=1);
  }
}

/* The file has exactly one error, at line and column, with key zKey. */
static void expect_one(const char *z, const char *zChart, int line, int column, const char *zKey){
  struct qi_csv c;
  parse(z, zChart, &c);
  if( c.nError!=1 ){
    fail_msg("%s: %d errors (first %s)", z, c.nError, c.nError ? c.aError[0].zKey : "-");
  }
  assert_string_equal(c.aError[0].zKey, zKey);
  assert_int_equal(c.aError[0].line, line);
  assert_int_equal(c.aError[0].column, column);
  qi_csv_free(&c);
}

static void expect_file_error(const char *z, size_t n, const char *zChart, const char *zKey){
  struct qi_csv c;
  qi_csv_parse(z, n, zChart, false, &c);
  assert_true(c.bFileError);
  assert_int_equal(c.n, 0);
  assert_int_equal(c.nError, 1);
  assert_string_equal(c.aError[0].zKey, zKey);
  assert_true(i18n_has(LANG_EN, zKey) && i18n_has(LANG_CY, zKey));
  qi_csv_free(&c);
}

static void test_valid_files(void **state){
  (void)state;
  struct qi_csv c;
  /* BOM, CRLF, header case and spaces, UK dates, quoted thousands. */
  parse("\xEF\xBB\xBF Date , VALUE \r\n01/02/2025,\"1,234.5\"\r\n\r\n2025-02-02,7\r\n,\r\n3/2/2025, -2.5e1 \r\n", "xmr", &c);
  assert_false(c.bFileError);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 3);
  assert_int_equal(c.nRejected, 0);
  assert_string_equal(c.aRow[0].zOn, "2025-02-01");
  assert_true(c.aRow[0].value==1234.5);
  assert_int_equal(c.aRow[0].line, 2);
  assert_int_equal(c.aRow[1].line, 4);
  assert_string_equal(c.aRow[2].zOn, "2025-02-03");
  assert_true(c.aRow[2].value==-25);
  assert_int_equal(c.aRow[2].line, 6);
  assert_false(c.aRow[0].bRatio);
  qi_csv_free(&c);
  assert_null(c.aRow);
  /* p chart, three columns; value = numerator / denominator. */
  parse("date,numerator,denominator\n2025-01-01,3,4\n2025-01-08,0,\"2,000\"\n", "p", &c);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 2);
  assert_true(c.aRow[0].bRatio && c.aRow[0].num==3 && c.aRow[0].den==4 && c.aRow[0].value==0.75);
  assert_true(c.aRow[1].den==2000 && c.aRow[1].value==0);
  qi_csv_free(&c);
  /* Four columns for both kinds of chart; the unused columns ignored. */
  parse("date,value,numerator,denominator\n2025-01-01,9,,\n", "run", &c);
  assert_int_equal(c.nError, 0);
  assert_true(c.n==1 && c.aRow[0].value==9 && isnan(c.aRow[0].num));
  qi_csv_free(&c);
  parse("date,value,numerator,denominator\n2025-01-01,,30,12\n", "u", &c);
  assert_int_equal(c.nError, 0);
  assert_true(c.n==1 && c.aRow[0].value==2.5);
  qi_csv_free(&c);
  /* Quoted fields with quotes, line breaks and commas: the line numbers follow. */
  parse("\"date\",\"value\",\"\"\n\"2025-01-01\",\"4\",\"\"\n2025-01-02,5\n", "run", &c);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 2);
  qi_csv_free(&c);
  parse("date,value,comment\n", "run", &c);
  assert_true(c.bFileError);
  qi_csv_free(&c);
  /* No final line break; a lone CR ends a line. */
  parse("date,value\r2025-01-01,1\r2025-01-02,2", "run", &c);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.aRow[1].line, 3);
  qi_csv_free(&c);
}

static void test_row_errors(void **state){
  (void)state;
  expect_one("date,value\n2025-01-01,abc\n", "run", 2, 2, "qi.import.error.not_number");
  expect_one("date,value\n2025-01-01,nan\n", "run", 2, 2, "qi.import.error.not_number");
  expect_one("date,value\n2025-01-01,inf\n", "run", 2, 2, "qi.import.error.not_number");
  expect_one("date,value\n2025-01-01,0x1A\n", "run", 2, 2, "qi.import.error.not_number");
  expect_one("date,value\n2025-01-01,\"12,34\"\n", "run", 2, 2, "qi.import.error.not_number");
  expect_one("date,value\n2025-01-01,1e400\n", "run", 2, 2, "qi.import.error.not_number");
  expect_one("date,value\n2025-01-01,5e12\n", "run", 2, 2, "qi.import.error.too_large");
  expect_one("date,value\n2025-01-01,\n", "run", 2, 2, "qi.import.error.value_required");
  expect_one("date,value\n2025-01-01\n", "run", 2, 2, "qi.import.error.value_required");
  expect_one("date,value\n,4\n", "run", 2, 1, "qi.import.error.date_required");
  expect_one("date,value\n2025-02-29,4\n", "run", 2, 1, "qi.import.error.date_invalid");
  expect_one("date,value\n31/04/2025,4\n", "run", 2, 1, "qi.import.error.date_invalid");
  expect_one("date,value\n04-01-2025,4\n", "run", 2, 1, "qi.import.error.date_invalid");
  expect_one("date,value\n2025-01-02,4\n2025-01-01,5\n", "run", 3, 1, "qi.import.error.date_order");
  expect_one("date,value\n2025-01-02,4\n02/01/2025,5\n", "run", 3, 1, "qi.import.error.date_duplicate");
  expect_one("date,value\n2025-01-02,4,extra\n", "run", 2, 3, "qi.import.error.extra_field");
  expect_one("date,value\n2025-01-02,\"4\"x\n", "run", 2, 2, "qi.import.error.quote");
  expect_one("date,value\n2025-01-02,\"4\n2025-01-03,5\n", "run", 2, 2, "qi.import.error.quote_unclosed");
  expect_one("date,numerator,denominator\n2025-01-01,3,0\n", "p", 2, 3, "qi.import.error.denominator_zero");
  expect_one("date,numerator,denominator\n2025-01-01,3,-4\n", "u", 2, 3, "qi.import.error.denominator_negative");
  expect_one("date,numerator,denominator\n2025-01-01,5,4\n", "p", 2, 3, "qi.import.error.denominator_smaller");
  expect_one("date,numerator,denominator\n2025-01-01,-1,4\n", "p", 2, 2, "qi.import.error.numerator_negative");
  expect_one("date,numerator,denominator\n2025-01-01,,4\n", "p", 2, 2, "qi.import.error.numerator_required");
  expect_one("date,numerator,denominator\n2025-01-01,1\n", "p", 2, 3, "qi.import.error.denominator_required");
  /* The u chart allows a numerator above the denominator. */
  struct qi_csv c;
  parse("date,numerator,denominator\n2025-01-01,5,4\n", "u", &c);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 1);
  qi_csv_free(&c);
  /* Several errors: every line reported, valid lines kept, counts agree. */
  parse("date,value\n2025-01-01,1\nbad,x\n2025-01-03,3\n2025-01-02,2\n2025-01-04,4\n", "run", &c);
  assert_false(c.bFileError);
  assert_int_equal(c.n, 3);
  assert_int_equal(c.nRejected, 2);
  assert_int_equal(c.nError, 3);     /* line 3 has two */
  assert_int_equal(c.aError[0].line, 3);
  assert_int_equal(c.aError[0].column, 1);
  assert_string_equal(c.aError[0].zText, "bad");
  assert_int_equal(c.aError[1].line, 3);
  assert_int_equal(c.aError[1].column, 2);
  assert_int_equal(c.aError[2].line, 5);
  assert_string_equal(c.aError[2].zKey, "qi.import.error.date_order");
  for(size_t i=1; i<c.n; i++) assert_true(strcmp(c.aRow[i-1].zOn, c.aRow[i].zOn)<0);
  qi_csv_free(&c);
  /* Only the first QI_CSV_MAX_ERRORS are kept; all are counted. */
  struct buf b = {0};
  buf_puts(&b, "date,value\n");
  for(int i=0; i<80; i++) buf_printf(&b, "2025-01-%02d,x\n", i%28+1);
  qi_csv_parse(b.z, b.n, "run", false, &c);
  assert_int_equal(c.nError, 80);
  assert_int_equal(c.nRejected, 80);
  assert_int_equal(c.n, 0);
  assert_int_equal(c.aError[QI_CSV_MAX_ERRORS-1].line, QI_CSV_MAX_ERRORS+1);
  qi_csv_free(&c);
  buf_free(&b);
}

static void test_file_errors(void **state){
  (void)state;
  expect_file_error("\xFF\xFE" "d\0a\0t\0e\0", 10, "run", "qi.import.error.utf16");
  expect_file_error("\xFE\xFF\0d\0a", 6, "run", "qi.import.error.utf16");
  expect_file_error("date,value\n2025-01-01,\xE9t\xE9\n", 26, "run", "qi.import.error.encoding");
  struct qi_csv c;
  qi_csv_parse("date,value\n2025-01-01,\xE9\n", 24, "run", false, &c);
  assert_int_equal(c.aError[0].line, 2);
  assert_int_equal(c.aError[0].column, 2);
  qi_csv_free(&c);
  expect_file_error("date,value\n\0\n", 13, "run", "qi.import.error.encoding");
  expect_file_error("", 0, "run", "qi.import.error.empty");
  expect_file_error("\xEF\xBB\xBF\r\n\r\n", 7, "run", "qi.import.error.empty");
  expect_file_error("date,value\r\n", 12, "run", "qi.import.error.no_rows");
  expect_file_error("when,value\n2025-01-01,1\n", 24, "run", "qi.import.error.columns_value");
  expect_file_error("date\n2025-01-01\n", 16, "run", "qi.import.error.columns_value");
  expect_file_error("date,value,value\n", 17, "run", "qi.import.error.columns_value");
  expect_file_error("date,numerator,denominator\n", 27, "run", "qi.import.error.columns_value");
  expect_file_error("date,value\n2025-01-01,1\n", 24, "p", "qi.import.error.columns_ratio");
  expect_file_error("date,value,numerator\n", 21, "p", "qi.import.error.columns_ratio");
  qi_csv_parse("date,amount\n", 12, "run", false, &c);
  assert_int_equal(c.aError[0].line, 1);
  assert_int_equal(c.aError[0].column, 2);
  assert_string_equal(c.aError[0].zText, "amount");
  qi_csv_free(&c);
  qi_csv_parse("date\n", 5, "run", false, &c);
  assert_int_equal(c.aError[0].column, 2);
  qi_csv_free(&c);
  /* The row limit. */
  struct buf b = {0};
  buf_puts(&b, "date,value\n");
  for(int i=0; i<QI_CSV_MAX_ROWS+1; i++) buf_puts(&b, "2025-01-01,1\n");
  qi_csv_parse(b.z, b.n, "run", false, &c);
  assert_true(c.bFileError);
  assert_string_equal(c.aError[0].zKey, "qi.import.error.too_many_rows");
  assert_int_equal(c.aError[0].line, QI_CSV_MAX_ROWS+2);
  assert_int_equal(c.n, 0);
  assert_null(c.aRow);
  qi_csv_free(&c);
  buf_free(&b);
}

static void test_numbers_and_dates(void **state){
  (void)state;
  static const struct { const char *z; bool ok; double v; } a[] = {
    {"0", true, 0}, {"-0", true, 0}, {"+3", true, 3}, {" 4.25 ", true, 4.25}, {".5", true, 0.5},
    {"5.", true, 5}, {"1,234", true, 1234}, {"12,345,678.9", true, 12345678.9}, {"1e3", true, 1000},
    {"2.5E-2", true, 0.025}, {"", false, 0}, {" ", false, 0}, {"-", false, 0}, {".", false, 0},
    {"1,23", false, 0}, {"1234,567", false, 0}, {",123", false, 0}, {"1,,234", false, 0},
    {"0x10", false, 0}, {"nan", false, 0}, {"NaN", false, 0}, {"inf", false, 0}, {"-Infinity", false, 0},
    {"1e", false, 0}, {"1e1000", false, 0}, {"1 2", false, 0}, {"12%", false, 0}, {"£5", false, 0},
    {"1.2.3", false, 0}, {"--1", false, 0},
  };
  for(size_t i=0; i<sizeof a/sizeof a[0]; i++){
    double v = -1;
    bool ok = qi_parse_number(a[i].z, &v);
    if( ok!=a[i].ok ) fail_msg("qi_parse_number(\"%s\") gave %d", a[i].z, ok);
    if( ok ) assert_true(v==a[i].v && !signbit(v));
  }
  char z[11];
  assert_true(qi_parse_date("2024-02-29", z)); assert_string_equal(z, "2024-02-29");
  assert_true(qi_parse_date("29/02/2024", z)); assert_string_equal(z, "2024-02-29");
  assert_true(qi_parse_date("1/3/2024", z)); assert_string_equal(z, "2024-03-01");
  assert_false(qi_parse_date("29/02/2023", z));
  assert_false(qi_parse_date("2023-2-1", z));
  assert_false(qi_parse_date("01/13/2024", z));
  assert_false(qi_parse_date("01/01/24", z));
  assert_false(qi_parse_date("001/01/2024", z));
  assert_false(qi_parse_date("", z));
  assert_false(qi_parse_date(0, z));
}

/* The measure's own CSV download (src/pages/qi_measures.c, measure_csv)
** imports as it is: its computed columns are read past, a BOM and CRLF
** are fine, a defused formula in a note is no value. An unknown column is
** still an error. */
/* Cells copied from Excel: tab-separated, CRLF, with or without the
** header row; numbers Excel wrote with thousands separators. */
static void test_pasted_from_excel(void **state){
  (void)state;
  struct qi_csv c;
  parse("Date\tValue\r\n01/04/2026\t12\r\n08/04/2026\t1,234.5\r\n\r\n", "xmr", &c);
  assert_int_equal(c.nError, 0);
  assert_false(c.bNoHeader);
  assert_int_equal(c.n, 2);
  assert_string_equal(c.aRow[0].zOn, "2026-04-01");
  assert_true(c.aRow[0].value==12.0);
  assert_int_equal(c.aRow[0].line, 2);
  assert_string_equal(c.aRow[1].zOn, "2026-04-08");
  assert_true(c.aRow[1].value==1234.5);
  qi_csv_free(&c);
  /* No header row: the first line is data, line 1. */
  parse("2026-04-01\t5\r\n2026-04-08\t7\r\n", "run", &c);
  assert_int_equal(c.nError, 0);
  assert_true(c.bNoHeader);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.aRow[0].line, 1);
  assert_true(c.aRow[0].value==5.0 && c.aRow[1].value==7.0);
  qi_csv_free(&c);
  /* The same with commas, and a p chart's numerator and denominator. */
  parse("2026-04-01,5\n2026-04-08,7\n", "run", &c);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 2);
  qi_csv_free(&c);
  parse("01/04/2026\t3\t10\n08/04/2026\t4\t10\n", "p", &c);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 2);
  assert_true(c.aRow[1].num==4.0 && c.aRow[1].den==10.0 && c.aRow[1].value==0.4);
  qi_csv_free(&c);
  /* Errors keep their line and column in a pasted block. */
  expect_one("Date\tValue\r\n2026-04-01\tsix\r\n", "run", 2, 2, "qi.import.error.not_number");
  expect_one("2026-04-01\t6\n2026-04-08\t7\t8\n", "run", 2, 3, "qi.import.error.extra_field");
  expect_one("2026-04-01\t6\n2026-13-08\t7\n", "run", 2, 1, "qi.import.error.date_invalid");
  /* A header that names nothing known is still a header error. */
  const char *zUnknown = "When\tHow many\n2026-04-01\t6\n";
  expect_file_error(zUnknown, strlen(zUnknown), "run", "qi.import.error.columns_value");
}

/* "70%" is 70 on a measure in per cent, and refused on any other. */
static void test_percent(void **state){
  (void)state;
  struct qi_csv c;
  const char *z = "date\tvalue\n2026-04-01\t70%\n2026-04-08\t 72.5 % \n2026-04-15\t71\n";
  qi_csv_parse(z, strlen(z), "xmr", true, &c);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 3);
  assert_true(c.aRow[0].value==70.0);
  assert_true(c.aRow[1].value==72.5);
  assert_true(c.aRow[2].value==71.0);
  qi_csv_free(&c);
  qi_csv_parse(z, strlen(z), "xmr", false, &c);
  assert_int_equal(c.nError, 2);
  assert_int_equal(c.n, 1);
  assert_string_equal(c.aError[0].zKey, "qi.import.error.percent_not_percent");
  assert_int_equal(c.aError[0].line, 2);
  assert_int_equal(c.aError[0].column, 2);
  assert_string_equal(c.aError[0].zText, "70%");
  assert_true(i18n_has(LANG_EN, c.aError[0].zKey) && i18n_has(LANG_CY, c.aError[0].zKey));
  qi_csv_free(&c);
  /* A % alone, or twice, is no number even in per cent. */
  const char *zBad = "date,value\n2026-04-01,%\n2026-04-08,70%%\n";
  qi_csv_parse(zBad, strlen(zBad), "run", true, &c);
  assert_int_equal(c.nError, 2);
  assert_string_equal(c.aError[0].zKey, "qi.import.error.not_number");
  assert_string_equal(c.aError[1].zKey, "qi.import.error.not_number");
  qi_csv_free(&c);
  /* A numerator is a count: never a per cent. */
  const char *zP = "date,numerator,denominator\n2026-04-01,70%,100\n";
  qi_csv_parse(zP, strlen(zP), "p", true, &c);
  assert_int_equal(c.nError, 1);
  assert_string_equal(c.aError[0].zKey, "qi.import.error.not_number");
  qi_csv_free(&c);
  /* Which units are per cent. */
  assert_true(qi_unit_is_percent("%"));
  assert_true(qi_unit_is_percent(" % "));
  assert_true(qi_unit_is_percent("Per cent"));
  assert_true(qi_unit_is_percent("canran"));
  assert_false(qi_unit_is_percent("days"));
  assert_false(qi_unit_is_percent("% of patients"));
  assert_false(qi_unit_is_percent(""));
  assert_false(qi_unit_is_percent(0));
}

static void test_download_format(void **state){
  (void)state;
  struct qi_csv c;
  parse("\xEF\xBB\xBF" "date,value,numerator,denominator,centre,lower,upper,type,rule,note,pdsa_cycle\r\n"
        "2021-02-01,10,,,11.5,7.2,15.8,common_cause,,,\r\n"
        "2021-02-08,12,,,11.5,7.2,15.8,special_cause_improvement,shift,\"'=HYPERLINK(\"\"x\"\")\",Texts at one practice\r\n",
        "xmr", &c);
  assert_false(c.bFileError);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 2);
  assert_string_equal(c.aRow[1].zOn, "2021-02-08");
  assert_true(c.aRow[0].value==10 && c.aRow[1].value==12);
  qi_csv_free(&c);
  /* A p chart's download: the value column (the proportion) is read past too. */
  parse("date,value,numerator,denominator,centre,lower,upper,type,rule,note,pdsa_cycle\r\n"
        "2021-02-01,0.8,40,50,0.7,0.5,0.9,common_cause,,,\r\n", "p", &c);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 1);
  assert_true(c.aRow[0].num==40 && c.aRow[0].den==50 && c.aRow[0].value==0.8);
  qi_csv_free(&c);
  /* A run chart's: median and signal. */
  parse("date,value,numerator,denominator,median,signal,note,pdsa_cycle\n2021-02-01,5,,,5,longest_run,,\n", "run", &c);
  assert_int_equal(c.nError, 0);
  assert_int_equal(c.n, 1);
  qi_csv_free(&c);
  expect_file_error("date,value,colour\n2021-02-01,5,red\n", 34, "xmr", "qi.import.error.columns_value");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_valid_files),
    cmocka_unit_test(test_row_errors),
    cmocka_unit_test(test_file_errors),
    cmocka_unit_test(test_numbers_and_dates),
    cmocka_unit_test(test_download_format),
    cmocka_unit_test(test_pasted_from_excel),
    cmocka_unit_test(test_percent),
  };
  return cmocka_run_group_tests(tests, group_setup, 0);
}
