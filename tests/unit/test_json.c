/* test_json.c — strict JSON: where every member stands, the rules JSON itself lacks, and the value
 * readers program.json and scenarios share. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/json.h"

static void test_json_lines(void **state) {
  (void)state;
  const char *text = "{\n  \"sources\": {\"local\": {\"ceiling\": 5}},\n  \"annual_ceilings\": [\n"
                     "    {\"year\": 2018},\n    {\"year\": 2019, \"ceiling\": [1, 2]}\n  ],\n  \"name\": \"x\"\n}\n";
  kc_json_lines L = {0};
  cJSON *root;
  kc_error err;
  assert_int_equal(kc_json_parse("x.json", text, strlen(text), NULL, NULL, &L, &root, &err), KC_OK);
  cJSON_Delete(root);
  static const struct {
    const char *path;
    int line, col;
  } want[] = {{"sources", 2, 3},
              {"sources.local", 2, 15},
              {"sources.local.ceiling", 2, 25},
              {"annual_ceilings", 3, 3},
              {"annual_ceilings[0]", 4, 5},
              {"annual_ceilings[0].year", 4, 6},
              {"annual_ceilings[1]", 5, 5},
              {"annual_ceilings[1].ceiling", 5, 20},
              {"annual_ceilings[1].ceiling[1]", 5, 35},
              {"name", 7, 3}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    int line = 0, col = 0;
    assert_true(kc_json_line(&L, want[i].path, &line, &col));
    assert_int_equal(line, want[i].line);
    assert_int_equal(col, want[i].col);
  }
  int line, col;
  assert_false(kc_json_line(&L, "annual_ceilings[2]", &line, &col));
  kc_json_line_near(&L, "annual_ceilings[1].source", &line, &col); /* not there: its element's */
  assert_int_equal(line, 5);
  assert_int_equal(col, 5);
  kc_json_lines_free(&L);
}

static cJSON *parse(const char *text, kc_json_lines *L) {
  cJSON *root;
  kc_error err;
  assert_int_equal(kc_json_parse("x.json", text, strlen(text), NULL, NULL, L, &root, &err), KC_OK);
  return root;
}

static void test_json_input_rules(void **state) {
  (void)state;
  static const char *const amounts[] = {"ceiling", NULL}, *const names[] = {"name", NULL};
  static const struct {
    const char *text, *want;
  } bad[] = {{"{\"a\": 1, \"a\": 2}", "appears twice"},
             {"{\"ceiling\": 11.900}", "ambiguous"},
             {"{\"name\": \"a\\nb\"}", "escaped control character"},
             {"{\"x\": \"\xed\xa0\x80\"}", "UTF-8"},
             {"{\"x\": 1", "JSON syntax error"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    cJSON *root = NULL;
    kc_error err;
    assert_int_equal(kc_json_parse("x.json", bad[i].text, strlen(bad[i].text), amounts, names, NULL, &root, &err),
                     KC_ERR_INPUT);
    if (!strstr(err.msg, bad[i].want))
      fail_msg("%s: got \"%s\", wanted \"%s\"", bad[i].text, err.msg, bad[i].want);
    assert_null(root);
    assert_string_equal(err.file, "x.json");
    assert_true(err.line >= 1);
  }
  cJSON *root;
  kc_error err;
  const char *ok = "{\"ceiling\": 656.585, \"_note\": \"a\\tb\"}"; /* kcplan's own precision; escapes in notes */
  assert_int_equal(kc_json_parse("x.json", ok, strlen(ok), amounts, names, NULL, &root, &err), KC_OK);
  cJSON_Delete(root);
}

static void test_json_readers(void **state) {
  (void)state;
  kc_json_lines L = {0};
  cJSON *root = parse("{\n  \"a\": {\"b\": 2.5, \"_n\": 1},\n  \"y\": 2019.5,\n  \"s\": 3\n}\n", &L);
  kc_error err;
  kc_json_doc d = {"x.json", &L, &err};
  static const char *const keys_ab[] = {"b", NULL}, *const keys_top[] = {"a", "y", NULL};
  const cJSON *a = cJSON_GetObjectItem(root, "a");
  assert_int_equal(kc_json_keys(&d, a, "a", keys_ab), KC_OK); /* _n is a note */
  assert_int_equal(kc_json_keys(&d, root, "", keys_top), KC_ERR_INPUT);
  assert_string_equal(err.msg, "s: unknown key \"s\"; keys are: a, y (keys starting with _ are notes)");
  assert_int_equal(err.line, 4);
  assert_int_equal(err.col, 3);
  double v;
  assert_int_equal(kc_json_number(&d, cJSON_GetObjectItem(a, "b"), "a.b", 0, 2, &v), KC_ERR_INPUT);
  assert_string_equal(err.msg, "a.b: 2.5 is out of range (0 to 2)");
  assert_int_equal(err.line, 2);
  assert_true(v == 0); /* set on failure too */
  assert_int_equal(kc_json_number(&d, cJSON_GetObjectItem(a, "b"), "a.b", 0, 3, &v), KC_OK);
  assert_true(v == 2.5);
  int y;
  assert_int_equal(kc_json_whole(&d, cJSON_GetObjectItem(root, "y"), "y", 1900, 2200, &y), KC_ERR_INPUT);
  assert_string_equal(err.msg, "y: must be a whole number from 1900 to 2200");
  assert_int_equal(err.line, 3);
  const char *str;
  assert_int_equal(kc_json_string(&d, a, "b", "a", &str), KC_ERR_INPUT);
  assert_string_equal(err.msg, "a.b: must be a string");
  assert_int_equal(kc_json_string(&d, a, "c", "a", &str), KC_ERR_INPUT);
  assert_string_equal(err.msg, "a.c: is required");
  assert_int_equal(err.line, 2); /* not there: the enclosing member's line */
  assert_int_equal(kc_json_keys(&d, cJSON_GetObjectItem(root, "s"), "s", keys_ab), KC_ERR_INPUT);
  assert_string_equal(err.msg, "s: must be an object");
  cJSON_Delete(root);
  kc_json_lines_free(&L);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_json_lines), cmocka_unit_test(test_json_input_rules),
                                     cmocka_unit_test(test_json_readers)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
