/* test_kc_error.c — error records: filled, formatted with the parts that are known, never
 * overflowing. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
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

/* Without a catalogue both texts are the format's; with the Vietnamese one (built beside the tests)
 * msg is translated and en keeps the English, with the same arguments. */
static void test_error_both_languages(void **state) {
  (void)state;
  kc_error e;
  kc_fail(&e, KC_ERR_INPUT, "a.csv", 2, 0, "%s: a value is required", "unit_cost");
  assert_string_equal(e.msg, "unit_cost: a value is required");
  assert_string_equal(e.en, e.msg);
  assert_non_null(bindtextdomain(KC_TEXT_DOMAIN, KC_LOCALEDIR));
  assert_non_null(bind_textdomain_codeset(KC_TEXT_DOMAIN, "UTF-8"));
  setenv("LANGUAGE", "vi", 1);
  assert_non_null(setlocale(LC_MESSAGES, "C.UTF-8"));
  kc_fail(&e, KC_ERR_INPUT, "a.csv", 2, 0, "%s: a value is required", "unit_cost");
  assert_string_equal(e.msg, "unit_cost: cần có giá trị");
  assert_string_equal(e.en, "unit_cost: a value is required");
  kc_reason r;
  kc_say(r.msg, r.en, sizeof r.msg, "%d is outside the horizon %d-%d", 2030, 2017, 2020);
  assert_string_equal(r.msg, "2030 nằm ngoài kỳ kế hoạch 2017-2020");
  assert_string_equal(r.en, "2030 is outside the horizon 2017-2020");
  assert_int_equal(kc_fail_around(&e, KC_ERR_INPUT, "s.json", 3, 0, "after this scenario: %s", r.msg, r.en),
                   KC_ERR_INPUT);
  assert_string_equal(e.msg, "sau kịch bản này: 2030 nằm ngoài kỳ kế hoạch 2017-2020");
  assert_string_equal(e.en, "after this scenario: 2030 is outside the horizon 2017-2020");
  assert_int_equal(e.line, 3);
  assert_int_equal(kc_fail_text(&e, KC_ERR_INTERNAL, NULL, 0, 0, "một", "one"), KC_ERR_INTERNAL);
  assert_string_equal(e.msg, "một");
  assert_string_equal(e.en, "one");
  assert_string_equal(e.file, "");
  const char *empty = ""; /* an empty format is not the catalogue's header */
  kc_fail(&e, KC_ERR_INPUT, NULL, 0, 0, "%s", empty);
  char msg[64], en[64];
  kc_say(msg, en, sizeof msg, empty[0] ? "%s" : empty, empty);
  assert_string_equal(msg, "");
  unsetenv("LANGUAGE");
  setlocale(LC_MESSAGES, "C");
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_error_format_parts),
                                     cmocka_unit_test(test_error_null_and_truncation),
                                     cmocka_unit_test(test_error_both_languages)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
