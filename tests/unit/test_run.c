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

/* Closed years: units and money exactly as recorded, even against the rules (here b paid x, which
 * eligibility does not allow, and 2020 overran b's annual ceiling); what the recorded units still owe
 * is paid in the open year; ceilings and targets count the recorded money and units. */
static void test_run_actuals(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.activities = "id,unit_cost,disbursement\nx,10,0.5 0.5\ny,25,\n";
  f.eligibility = "activity,source,max_share\nx,a,1\ny,a,1\ny,b,1\n";
  f.annual = "source,year,ceiling\na,2020,100\na,2021,100\nb,2020,1\nb,2021,50\n";
  f.actuals = "year,activity,units,a,b\n2020,x,4,15,5\n";
  kc_model base;
  kc_error err;
  assert_int_equal(tu_load(&f, &base, &err), KC_OK);
  kc_error w[8];
  assert_int_equal(kc_model_warnings(&base, w, 8), 1); /* b 2020: 5 over its ceiling of 1 */
  assert_non_null(strstr(w[0].msg, "b 2020: the money recorded, 5.000, is over the annual ceiling of 1.000"));
  kc_run_opts o = {0};
  kc_run x;
  assert_int_equal(kc_run_model(&base, &o, &x, &err), KC_OK);
  assert_int_equal(x.r.status, KC_OK);
  assert_true(x.has_plan); /* and it passed its audit */
  const kc_plan *p = &x.p;
  int ny = 2, ns = 2;
  assert_true(p->units[0 * ny + 0] == 4); /* x 2020 as recorded */
  assert_int_equal(p->milli[(0 * ny + 0) * ns + 0], 15000);
  assert_int_equal(p->milli[(0 * ny + 0) * ns + 1], 5000);
  /* x's target of 6 counts the 4 recorded: 2 more, started in 2020? no, 2020 is closed, and a unit
   * started in 2021 cannot finish paying: x stays at 4, short by 2 */
  assert_true(p->units[0 * ny + 1] == 0);
  /* x 2021 pays what the 4 units of 2020 still owe: 4 x 10 x 0.5 = 20, from a only (eligibility) */
  assert_int_equal(p->milli[(0 * ny + 1) * ns + 0], 20000);
  assert_int_equal(p->milli[(0 * ny + 1) * ns + 1], 0);
  /* y's 4 units can only start in 2021 (2020 is closed): 100 from a (80 left after x) and b (50) */
  assert_true(p->units[1 * ny + 1] == 4);
  assert_true(kc_plan_spend(p, 0, -1) <= 100000); /* a's total ceiling counts the 15 recorded */
  assert_true(kc_plan_spend(p, 1, 1) <= 50000);
  kc_run_free(&x);
  kc_model_free(&base);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_run_plain_and_base_unchanged),
      cmocka_unit_test(test_run_infeasible_explained),
      cmocka_unit_test(test_run_bad_scenario),
      cmocka_unit_test(test_run_ready_before_solving),
      cmocka_unit_test(test_run_actuals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
