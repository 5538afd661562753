/* test_kc_error.c — error records: filled, formatted with the parts that are known, never
 * overflowing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/kc_error.h"

static void test_error_format_parts(void **state) {
  (void)state;
  kc_error e;
  char buf[2048];
  assert_int_equal(kc_fail(&e, KC_ERR_INPUT, "a.csv", 3, 7, "bad %s", "cell"), KC_ERR_INPUT);
  kc_error_format(&e, buf, sizeof buf);
  assert_string_equal(buf, "a.csv:3:7: bad cell");
  kc_fail(&e, KC_ERR_INPUT, "a.csv", 3, 0, "bad row");
  kc_error_format(&e, buf, sizeof buf);
  assert_string_equal(buf, "a.csv:3: bad row");
  kc_fail(&e, KC_ERR_INPUT, "a.csv", 0, 5, "bad file");
  kc_error_format(&e, buf, sizeof buf);
  assert_string_equal(buf, "a.csv: bad file"); /* a column without a line is not shown */
  kc_fail(&e, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  kc_error_format(&e, buf, sizeof buf);
  assert_string_equal(buf, "out of memory");
}

static void test_error_null_and_truncation(void **state) {
  (void)state;
  assert_int_equal(kc_fail(NULL, KC_ERR_LIMIT, "x", 1, 1, "ignored"), KC_ERR_LIMIT);
  char longname[3000];
  memset(longname, 'f', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  kc_error e;
  kc_fail(&e, KC_ERR_INPUT, longname, 1, 1, "%s", longname);
  assert_int_equal(strlen(e.file), sizeof e.file - 1);
  assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
  char small[16];
  kc_error_format(&e, small, sizeof small);
  assert_int_equal(strlen(small), sizeof small - 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_error_format_parts),
                                     cmocka_unit_test(test_error_null_and_truncation)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
