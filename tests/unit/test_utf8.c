/* test_utf8.c — UTF-8 validation, control characters, names' limits, cutting on whole characters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/utf8.h"

static kc_utf8_status check(const char *s, size_t *at) {
  return kc_utf8_check(s, strlen(s), at);
}

static void test_utf8_check(void **state) {
  (void)state;
  size_t at = 99;
  assert_int_equal(check("Đào tạo nghề, 2017\t\r\n", &at), KC_UTF8_OK);
  assert_int_equal(check("\xF4\x8F\xBF\xBF", &at), KC_UTF8_OK); /* U+10FFFF, the last code point */
  static const struct {
    const char *s;
    kc_utf8_status st;
    size_t at;
  } bad[] = {
      {"ab\xED\xA0\x80", KC_UTF8_INVALID, 2},   /* an encoded surrogate, U+D800 */
      {"\xF4\x90\x80\x80", KC_UTF8_INVALID, 0}, /* above U+10FFFF */
      {"x\xC0\xAF", KC_UTF8_INVALID, 1},        /* overlong "/" */
      {"\xE0\x80\xAF", KC_UTF8_INVALID, 0},     /* overlong, three bytes */
      {"\xF0\x80\x80\xAF", KC_UTF8_INVALID, 0}, /* overlong, four bytes */
      {"\xF8\x88\x80\x80\x80", KC_UTF8_INVALID, 0},
      {"ok\x80", KC_UTF8_INVALID, 2}, /* a stray continuation byte */
      {"\xC3", KC_UTF8_INVALID, 0},   /* cut short */
      {"a\x1b[31m", KC_UTF8_CONTROL, 1},
      {"a\x7f", KC_UTF8_CONTROL, 1},
      {"a\xC2\x9B", KC_UTF8_CONTROL, 1}, /* C1: U+009B, the 8-bit escape */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(check(bad[i].s, &at), bad[i].st);
    assert_int_equal(at, bad[i].at);
  }
  assert_int_equal(kc_utf8_check("a\0b", 3, &at), KC_UTF8_NUL);
  assert_int_equal(at, 1);
}

static void test_utf8_names(void **state) {
  (void)state;
  assert_null(kc_utf8_name_problem("Đào tạo nghề"));
  assert_non_null(kc_utf8_name_problem("two\nlines"));
  assert_non_null(kc_utf8_name_problem("tab\there"));
  assert_non_null(kc_utf8_name_problem("red\x1b[31m"));
  char longname[KC_MAX_NAME + 2];
  memset(longname, 'a', sizeof longname - 1);
  longname[KC_MAX_NAME] = '\0';
  assert_null(kc_utf8_name_problem(longname)); /* exactly the limit */
  longname[KC_MAX_NAME] = 'a';
  longname[KC_MAX_NAME + 1] = '\0';
  assert_non_null(strstr(kc_utf8_name_problem(longname), "at most 400"));
}

static void test_utf8_append(void **state) {
  (void)state;
  char b[7] = "ab";
  kc_utf8_append(b, sizeof b, "cđđ"); /* the second đ (2 bytes) would need 8 with the NUL */
  assert_string_equal(b, "abcđ");
  kc_utf8_append(b, sizeof b, "x");
  assert_string_equal(b, "abcđx");
  kc_utf8_append(b, sizeof b, "ệ"); /* 3 bytes: does not fit whole, so nothing of it */
  assert_string_equal(b, "abcđx");
  char c[4] = "";
  kc_utf8_append(c, sizeof c, "abcdef");
  assert_string_equal(c, "abc");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_utf8_check),
      cmocka_unit_test(test_utf8_names),
      cmocka_unit_test(test_utf8_append),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
