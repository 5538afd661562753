/* test_csvtab.c — the CSV table reader: dialect, positions in errors, typed cells. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/csvtab.h"

static kc_rc parse(const char *text, kc_csv *t, kc_error *err) {
  memset(err, 0, sizeof *err);
  return kc_csv_parse("t.csv", text, strlen(text), t, err);
}

static void test_csvtab_bom_crlf_quotes(void **state) {
  (void)state;
  kc_csv t;
  kc_error err;
  const char *text = "\xEF\xBB\xBFid,name\r\na,\"Đào tạo, nghề \"\"mới\"\"\"\r\nb,\r\n";
  assert_int_equal(parse(text, &t, &err), KC_OK);
  assert_int_equal(t.ncols, 2);
  assert_string_equal(t.header[0], "id");
  assert_int_equal(t.nrows, 2);
  assert_string_equal(kc_csv_cell(&t, 0, 1), "Đào tạo, nghề \"mới\"");
  assert_null(kc_csv_cell(&t, 1, 1)); /* empty cell */
  assert_int_equal(t.line[1], 3);
  kc_csv_free(&t);
}

static void test_csvtab_multiline_field_lines(void **state) {
  (void)state;
  kc_csv t;
  kc_error err;
  assert_int_equal(parse("id,note\na,\"two\nlines\"\nb,x\n", &t, &err), KC_OK);
  assert_int_equal(t.nrows, 2);
  assert_int_equal(t.line[1], 4);
  kc_csv_free(&t);
}

static void test_csvtab_field_count(void **state) {
  (void)state;
  kc_csv t;
  kc_error err;
  assert_int_equal(parse("id,name\na,b\nc\n", &t, &err), KC_ERR_INPUT);
  assert_int_equal(err.line, 3);
  assert_non_null(strstr(err.msg, "1 field but the header has 2"));
}

static void test_csvtab_broken_quote(void **state) {
  (void)state;
  kc_csv t;
  kc_error err;
  assert_int_equal(parse("id,name\na,\"open\n", &t, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "never closed"));
  assert_int_equal(parse("id,name\na,x\"y\"z\n", &t, &err), KC_ERR_INPUT);
  assert_int_equal(err.line, 2);
}

static void test_csvtab_binary_and_utf8(void **state) {
  (void)state;
  kc_csv t;
  kc_error err;
  assert_int_equal(kc_csv_parse("t.csv", "id\nab\0c\n", 8, &t, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "binary"));
  assert_int_equal(err.line, 2);
  assert_int_equal(err.col, 3);
  assert_int_equal(parse("id\n\xC3\x28\n", &t, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "UTF-8"));
  assert_int_equal(parse("", &t, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "empty"));
}

static void test_csvtab_header_rules(void **state) {
  (void)state;
  kc_csv t;
  kc_error err;
  assert_int_equal(parse("id,id\n", &t, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "twice"));
  assert_int_equal(err.col, 2);
  /* the first repeat in header order is named, whatever the sorting; notes may repeat */
  assert_int_equal(parse("b,a,_n,c,a,_n,b\n", &t, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "\"a\" appears twice"));
  assert_int_equal(err.col, 5);
  assert_int_equal(parse("id,_note,_note,cost,_note\n", &t, &err), KC_OK);
  kc_csv_free(&t);
  static const char *const known[] = {"id", "cost", NULL};
  static const char *const req[] = {"id", "cost", NULL};
  assert_int_equal(parse("id,_note,colour\n", &t, &err), KC_OK);
  assert_int_equal(kc_csv_columns(&t, known, req, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "unknown column \"colour\""));
  assert_int_equal(err.col, 3);
  kc_csv_free(&t);
  assert_int_equal(parse("id;cost\n", &t, &err), KC_OK);
  assert_int_equal(kc_csv_columns(&t, known, req, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "separator"));
  kc_csv_free(&t);
  assert_int_equal(parse("id,_x\n", &t, &err), KC_OK);
  assert_int_equal(kc_csv_columns(&t, known, req, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "\"cost\" is missing"));
  kc_csv_free(&t);
}

static void test_csvtab_grouping(void **state) {
  (void)state;
  char plain[32];
  static const struct {
    const char *s;
    int kind;
    const char *plain;
  } cases[] = {{"1.800", 1, "1800"},
               {"18.500", 1, "18500"},
               {"364.000", 1, "364000"},
               {"-1.200.000", 2, "-1200000"},
               {"1.200.000", 2, "1200000"},
               {"656.585", 0, ""},
               {"0.500", 0, ""},
               {"1800", 0, ""},
               {"1234.500", 0, ""},
               {"1.8", 0, ""},
               {"1.8000", 0, ""},
               {"1.800e3", 0, ""},
               {"", 0, ""},
               {".800", 0, ""}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    plain[0] = '\0';
    assert_int_equal(kc_grouped_number(cases[i].s, strlen(cases[i].s), plain, sizeof plain), cases[i].kind);
    if (cases[i].kind)
      assert_string_equal(plain, cases[i].plain);
  }
  /* only the money and count columns refuse it */
  kc_csv t;
  kc_error err;
  const char *text = "ceiling,weight\n1.800,1.000\n";
  assert_int_equal(kc_csv_parse("x.csv", text, strlen(text), &t, &err), KC_OK);
  double v;
  assert_int_equal(kc_csv_number(&t, 0, 1, "weight", 1, 0, &v, &err), KC_OK);
  assert_true(v == 1.0);
  assert_int_equal(kc_csv_amount(&t, 0, 0, "ceiling", 1, 0, &v, &err), KC_ERR_INPUT);
  assert_int_equal(err.line, 2);
  assert_int_equal(err.col, 1);
  assert_non_null(strstr(err.msg, "1.8 with a decimal point, or 1800 in Vietnamese digit grouping"));
  kc_csv_free(&t);
}

static void test_csvtab_numbers(void **state) {
  (void)state;
  kc_csv t;
  kc_error err;
  assert_int_equal(parse("v\n2.5\nNaN\ninf\n1e999\n\"6,6\"\n0x10\n12abc\n\n7\n", &t, &err), KC_OK);
  double v = 0;
  assert_int_equal(kc_csv_number(&t, 0, 0, "v", 1, 0, &v, &err), KC_OK);
  assert_true(v == 2.5);
  for (int r = 1; r <= 6; r++)
    assert_int_equal(kc_csv_number(&t, r, 0, "v", 1, 0, &v, &err), KC_ERR_INPUT);
  assert_int_equal(kc_csv_number(&t, 4, 0, "v", 1, 0, &v, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "decimal point"));
  assert_int_equal(err.line, 6);
  assert_int_equal(err.col, 1);
  long n;
  assert_int_equal(kc_csv_int(&t, 7, 0, "v", 1, 0, 0, 10, &n, &err), KC_OK);
  assert_int_equal(n, 7);
  assert_int_equal(kc_csv_int(&t, 0, 0, "v", 1, 0, 0, 10, &n, &err), KC_ERR_INPUT);
  kc_csv_free(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_csvtab_bom_crlf_quotes), cmocka_unit_test(test_csvtab_multiline_field_lines),
      cmocka_unit_test(test_csvtab_field_count),     cmocka_unit_test(test_csvtab_broken_quote),
      cmocka_unit_test(test_csvtab_binary_and_utf8), cmocka_unit_test(test_csvtab_header_rules),
      cmocka_unit_test(test_csvtab_numbers),         cmocka_unit_test(test_csvtab_grouping),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
