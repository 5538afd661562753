/* test_compare.c — runs side by side and the cells that changed against the baseline. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/compare_out.h"
#include "testutil.h"

static void test_compare_runs_and_changes(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK);
  char s1[300], s2[300];
  snprintf(s1, sizeof s1, "%s/more.json", m.dir);
  snprintf(s2, sizeof s2, "%s/bad.json", m.dir);
  tu_write(s1, "{\"name\": \"more-b\", \"sources\": {\"b\": {\"ceiling\": 60}}}");
  tu_write(s2, "{\"sources\": {\"c\": {\"ceiling\": 60}}}");
  const char *files[] = {s1};
  kc_comparison cmp;
  assert_int_equal(kc_compare(&m, files, 1, NULL, &cmp, &err), KC_OK);
  cJSON *doc = kc_compare_json(&cmp);
  kc_comparison_free(&cmp);
  cJSON *runs = cJSON_GetObjectItem(doc, "runs");
  assert_int_equal(cJSON_GetArraySize(runs), 2);
  assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(runs, 0), "name")->valuestring, "baseline");
  cJSON *r1 = cJSON_GetArrayItem(runs, 1);
  assert_string_equal(cJSON_GetObjectItem(r1, "name")->valuestring, "more-b");
  double z = cJSON_GetObjectItem(cJSON_GetObjectItem(r1, "objective"), "weighted_shortfall")->valuedouble;
  assert_true(fabs(z) < 1e-9);
  cJSON *ch = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "changes"), 0);
  double delta = 0;
  cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItem(ch, "cells")) delta += cJSON_GetObjectItem(c, "delta")->valuedouble;
  assert_true(fabs(delta - 10) < 1e-9); /* one more x: 10 more money */
  assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(ch, "units")) >= 1);
  cJSON_Delete(doc);
  const char *bad[] = {s2};
  assert_int_equal(kc_compare(&m, bad, 1, NULL, &cmp, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "sources.c"));
  assert_null(cmp.runs); /* nothing left behind */
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_compare_runs_and_changes)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
