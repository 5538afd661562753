/* test_text.c — number styles, Roman numerals, source labels and escaping. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "core/text.h"

static void test_text_fmt_num(void **state) {
  (void)state;
  char b[48];
  assert_string_equal(kc_fmt_num(18500.5, 3, KC_LANG_VI, b), "18.500,5");
  assert_string_equal(kc_fmt_num(18500.5, 3, KC_LANG_EN, b), "18,500.5");
  assert_string_equal(kc_fmt_num(-1234567.125, 3, KC_LANG_VI, b), "-1.234.567,125");
  assert_string_equal(kc_fmt_num(999, 3, KC_LANG_VI, b), "999");
  assert_string_equal(kc_fmt_num(1000, 3, KC_LANG_VI, b), "1.000");
  assert_string_equal(kc_fmt_num(0, 3, KC_LANG_EN, b), "0");
  assert_string_equal(kc_fmt_num(-0.0001, 3, KC_LANG_EN, b), "0"); /* no "-0" */
  assert_string_equal(kc_fmt_num(2.9999, 3, KC_LANG_EN, b), "3");
  assert_string_equal(kc_fmt_num(12.25, 1, KC_LANG_EN, b), "12.2"); /* printf rounding, to even */
  assert_string_equal(kc_fmt_num(100, 0, KC_LANG_VI, b), "100");
  assert_string_equal(kc_fmt_money(18438000, KC_LANG_VI, b), "18.438");
  assert_string_equal(kc_fmt_money(3266667, KC_LANG_VI, b), "3.266,667");
  assert_string_equal(kc_fmt_money(-5, KC_LANG_EN, b), "-0.005");
}

static void test_text_roman(void **state) {
  (void)state;
  char b[16];
  assert_string_equal(kc_roman(1, b), "I");
  assert_string_equal(kc_roman(4, b), "IV");
  assert_string_equal(kc_roman(9, b), "IX");
  assert_string_equal(kc_roman(14, b), "XIV");
  assert_string_equal(kc_roman(40, b), "XL");
  assert_string_equal(kc_roman(3888, b), "MMMDCCCLXXXVIII");
  assert_string_equal(kc_roman(0, b), "0");
}

static void test_text_lang(void **state) {
  (void)state;
  kc_lang l = KC_LANG_EN;
  assert_int_equal(kc_lang_parse("vi", &l), 0);
  assert_int_equal(l, KC_LANG_VI);
  assert_int_equal(kc_lang_parse("fr", &l), -1);
  assert_int_equal(l, KC_LANG_VI);
  assert_int_equal(kc_lang_parse(NULL, &l), -1);
}

static void test_text_source_label(void **state) {
  (void)state;
  char *names[] = {"Khuyến công quốc gia (KCQG)", "Local fund", "(X)", "Fund (ABCDEFGHIJKLMNOPQRSTU)", "Fund ()"};
  kc_source src[5] = {{0}};
  for (int i = 0; i < 5; i++)
    src[i].name = names[i];
  kc_model m = {.src = src, .nsrc = 5};
  char b[64];
  assert_string_equal(kc_source_label(&m, 0, b, sizeof b), "KCQG");
  assert_string_equal(kc_source_label(&m, 1, b, sizeof b), "Local fund");
  assert_string_equal(kc_source_label(&m, 2, b, sizeof b), "(X)");
  assert_string_equal(kc_source_label(&m, 3, b, sizeof b), "Fund (ABCDEFGHIJKLMNOPQRSTU)");
  assert_string_equal(kc_source_label(&m, 4, b, sizeof b), "Fund ()");
}

static char *capture(void (*fn)(FILE *, const char *), const char *s) {
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  fn(fp, s);
  fclose(fp);
  return buf;
}

static void test_text_escape(void **state) {
  (void)state;
  char *h = capture(kc_html_text, "a<b>&\"c'");
  assert_string_equal(h, "a&lt;b&gt;&amp;&quot;c&#39;");
  free(h);
  char *c = capture(kc_csv_text, "Đào tạo, \"nghề\"");
  assert_string_equal(c, "\"Đào tạo, \"\"nghề\"\"\"");
  free(c);
  c = capture(kc_csv_text, "a; b"); /* quoted for a reader splitting at semicolons */
  assert_string_equal(c, "\"a; b\"");
  free(c);
  c = capture(kc_csv_text, "plain");
  assert_string_equal(c, "plain");
  free(c);
}

/* Text a spreadsheet would evaluate is neutralised with a leading apostrophe; numbers stay numbers. */
static void test_text_csv_formula(void **state) {
  (void)state;
  static const char *cases[][2] = {
      {"=HYPERLINK(\"http://x\",\"a\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\""},
      {"=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\""},
      {"+1+2", "\"'+1+2\""},
      {"-2+3", "\"'-2+3\""},
      {"@SUM(A1)", "\"'@SUM(A1)\""},
      {"\tx", "\"'\tx\""},
      {"\rx", "\"'\rx\""},
      {"- a dash note", "\"'- a dash note\""},
      {"-5", "-5"},
      {"+1.5e3", "+1.5e3"},
      {"-", "\"'-\""},
      {"a=b", "a=b"},
      {"", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *c = capture(kc_csv_text, cases[i][0]);
    assert_string_equal(c, cases[i][1]);
    free(c);
  }
}

/* Fixed decimals: English as printf writes them, Vietnamese grouped with a decimal comma. */
static void test_text_fmt_fixed(void **state) {
  (void)state;
  char b[48];
  assert_string_equal(kc_fmt_fixed(18438.0, 3, KC_LANG_EN, b), "18438.000");
  assert_string_equal(kc_fmt_fixed(18438.0, 3, KC_LANG_VI, b), "18.438,000");
  assert_string_equal(kc_fmt_fixed(-1234567.5, 1, KC_LANG_VI, b), "-1.234.567,5");
  assert_string_equal(kc_fmt_fixed(999.0, 0, KC_LANG_VI, b), "999");
  assert_string_equal(kc_fmt_fixed(-0.0001, 3, KC_LANG_VI, b), "0,000"); /* no "-0" */
}

/* Significant digits: English as printf's %g, Vietnamese with a decimal comma and grouping; an
 * exponent stays as printf writes it. */
static void test_text_fmt_g(void **state) {
  (void)state;
  char b[48];
  assert_string_equal(kc_fmt_g(0.05556, 4, KC_LANG_EN, b), "0.05556");
  assert_string_equal(kc_fmt_g(0.05556, 4, KC_LANG_VI, b), "0,05556");
  assert_string_equal(kc_fmt_g(12345.6, 6, KC_LANG_EN, b), "12345.6");
  assert_string_equal(kc_fmt_g(12345.6, 6, KC_LANG_VI, b), "12.345,6");
  assert_string_equal(kc_fmt_g(-2, 6, KC_LANG_VI, b), "-2");
  assert_string_equal(kc_fmt_g(1.5e-9, 3, KC_LANG_VI, b), "1.5e-09");
  assert_string_equal(kc_fmt_g(1e300 * 1e10, 3, KC_LANG_VI, b), "inf");
}

/* Edit distance with swaps of neighbours; the name meant, only when close enough to be a slip. */
static void test_text_suggest(void **state) {
  (void)state;
  assert_int_equal(kc_edit_distance("ceilng_scale", "ceiling_scale", 3), 1);
  assert_int_equal(kc_edit_distance("nmae", "name", 3), 1); /* a swap counts once */
  assert_int_equal(kc_edit_distance("abc", "xyz", 2), 3);   /* beyond max: max + 1 */
  assert_int_equal(kc_edit_distance("", "abc", 5), 3);
  static const char *const keys[] = {"ceiling", "ceiling_scale", "annual_scale", NULL};
  assert_string_equal(kc_closest("ceilng_scale", keys, -1), "ceiling_scale");
  assert_string_equal(kc_closest("CEILING", keys, -1), "ceiling"); /* case only */
  assert_null(kc_closest("budget", keys, -1));
  static const char *const ids[] = {"national", "local"};
  assert_string_equal(kc_closest("locl", ids, 2), "local");
  assert_null(kc_closest("lo", ids, 2)); /* two letters: too short to guess */
  char buf[200];
  kc_suggest("locl", ids, 2, "sources are", buf, sizeof buf);
  assert_string_equal(buf, "; did you mean \"local\"? sources are: national, local");
  kc_suggest("province", ids, 2, "sources are", buf, sizeof buf);
  assert_string_equal(buf, "; sources are: national, local");
  kc_suggest("x", ids, 2, "sources are", buf, 24); /* what does not fit ends in ... */
  assert_string_equal(buf, "; sources are: ...");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_text_fmt_num), cmocka_unit_test(test_text_roman),
      cmocka_unit_test(test_text_lang),    cmocka_unit_test(test_text_source_label),
      cmocka_unit_test(test_text_escape),  cmocka_unit_test(test_text_csv_formula),
      cmocka_unit_test(test_text_suggest), cmocka_unit_test(test_text_fmt_fixed),
      cmocka_unit_test(test_text_fmt_g),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
