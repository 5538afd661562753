/* test_run.c — the one flow every solving command takes: scenarios, solve, audited plan, the
 * explanation of an infeasible model, and what a failure leaves behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "plan/run.h"
#include "testutil.h"

static void test_run_plain_and_base_unchanged(void **state) {
  (void)state;
  kc_model base;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &base, &err), KC_OK);
  cJSON *sc = cJSON_Parse("{\"sources\": {\"a\": {\"ceiling\": 40}}}");
  kc_run_opts o = {.scenario = sc, .scenario_label = "cut a"};
  kc_run x;
  assert_int_equal(kc_run_model(&base, &o, &x, &err), KC_OK);
  assert_int_equal(x.r.status, KC_OK);
  assert_true(x.has_plan);
  assert_false(x.has_why);
  assert_true(x.m.src[0].ceiling == 40);
  assert_true(base.src[0].ceiling == 100); /* the base is never changed */
  assert_int_equal(x.m.nscen, 1);
  assert_string_equal(x.m.scen_name[0], "cut a");
  long long spent = kc_plan_spend(&x.p, 0, -1) + kc_plan_spend(&x.p, 1, -1);
  assert_true(spent > 0 && spent <= 90000); /* a real plan within both ceilings (in thousandths) */
  kc_run_free(&x);
  kc_run_free(&x); /* zeroed: harmless */
  cJSON_Delete(sc);
  kc_model_free(&base);
}

static void test_run_infeasible_explained(void **state) {
  (void)state;
  kc_model base;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &base, &err), KC_OK);
  cJSON *sc = cJSON_Parse("{\"activities\": {\"x\": {\"min_per_year\": 20}}}"); /* 2 x 200 > 150 */
  kc_run_opts o = {.scenario = sc, .scenario_label = "too much", .explain = 1};
  kc_run x;
  assert_int_equal(kc_run_model(&base, &o, &x, &err), KC_OK);
  assert_int_equal(x.r.status, KC_ERR_INFEASIBLE);
  assert_false(x.has_plan);
  assert_true(x.has_why);
  assert_int_equal(x.why.status, KC_OK);
  assert_true(x.why.extra_total > 249.999 && x.why.extra_total < 250.001); /* 400 needed, 150 allowed */
  kc_run_free(&x);
  o.explain = 0;
  assert_int_equal(kc_run_model(&base, &o, &x, &err), KC_OK);
  assert_false(x.has_why); /* asked not to explain */
  kc_run_free(&x);
  cJSON_Delete(sc);
  kc_model_free(&base);
}

static void test_run_bad_scenario(void **state) {
  (void)state;
  kc_model base;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &base, &err), KC_OK);
  const char *files[] = {"/nonexistent/scenario.json"};
  kc_run_opts o = {.files = files, .nfiles = 1};
  kc_run x;
  assert_int_equal(kc_run_model(&base, &o, &x, &err), KC_ERR_INPUT);
  assert_true(x.input_bad);
  assert_false(x.has_plan);
  kc_run_free(&x);
  cJSON *sc = cJSON_Parse("{\"sources\": {\"zz\": {\"ceiling\": 1}}}");
  kc_run_opts o2 = {.scenario = sc, .scenario_label = "bad"};
  assert_int_equal(kc_run_model(&base, &o2, &x, &err), KC_ERR_INPUT);
  assert_true(x.input_bad);
  assert_non_null(strstr(err.msg, "zz"));
  kc_run_free(&x);
  cJSON_Delete(sc);
  kc_model_free(&base);
}

static int readies;
static void ready(void *ctx, const kc_model *m) {
  assert_ptr_equal(ctx, &readies);
  assert_true(m->src[1].ceiling == 7); /* called with the scenarios applied */
  readies++;
}

static void test_run_ready_before_solving(void **state) {
  (void)state;
  kc_model base;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &base, &err), KC_OK);
  cJSON *sc = cJSON_Parse("{\"sources\": {\"b\": {\"ceiling\": 7}}}");
  kc_run_opts o = {.scenario = sc, .scenario_label = "b", .ready = ready, .ctx = &readies};
  kc_run x;
  readies = 0;
  assert_int_equal(kc_run_model(&base, &o, &x, &err), KC_OK);
  assert_int_equal(readies, 1);
  kc_run_free(&x);
  cJSON_Delete(sc);
  kc_model_free(&base);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_run_plain_and_base_unchanged),
      cmocka_unit_test(test_run_infeasible_explained),
      cmocka_unit_test(test_run_bad_scenario),
      cmocka_unit_test(test_run_ready_before_solving),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
