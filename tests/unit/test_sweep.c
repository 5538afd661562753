/* test_sweep.c — parsing --vary, points and shards, thread results, breakpoints. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "render/sweep_out.h"
#include "testutil.h"

static void test_sweep_parse(void **state) {
  (void)state;
  char path[200];
  double f, t, s;
  int n;
  kc_error err;
  assert_int_equal(kc_sweep_parse("sources.a.ceiling_scale=1:0:0.001", path, sizeof path, &f, &t, &s, &n, &err), KC_OK);
  assert_string_equal(path, "sources.a.ceiling_scale");
  assert_int_equal(n, 1001);
  assert_int_equal(kc_sweep_parse("x=0:1:0.3", path, sizeof path, &f, &t, &s, &n, &err), KC_OK);
  assert_int_equal(n, 4);
  assert_int_equal(kc_sweep_parse("x=0:1", path, sizeof path, &f, &t, &s, &n, &err), KC_ERR_INPUT);
  assert_int_equal(kc_sweep_parse("x=0:1:-1", path, sizeof path, &f, &t, &s, &n, &err), KC_ERR_INPUT);
  assert_int_equal(kc_sweep_parse("=0:1:1", path, sizeof path, &f, &t, &s, &n, &err), KC_ERR_INPUT);
  assert_int_equal(kc_sweep_parse("x=a:1:1", path, sizeof path, &f, &t, &s, &n, &err), KC_ERR_INPUT);
}

static void test_sweep_points_threads_shards(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK);
  kc_sweep a, b, c;
  kc_sweep_opts o = {.threads = 1, .shard_n = 1};
  assert_int_equal(kc_sweep_run(&m, "sources.b.ceiling=0:60:10", &o, &a, &err), KC_OK);
  assert_int_equal(a.npoints, 7);
  /* b = 0: 100 of money; x first (1/6 per 10) then y; b = 60: all 160 reached */
  assert_true(fabs(a.points[6].shortfall) < 1e-9);
  assert_true(a.points[0].shortfall > a.points[3].shortfall);
  o.threads = 3;
  assert_int_equal(kc_sweep_run(&m, "sources.b.ceiling=0:60:10", &o, &b, &err), KC_OK);
  for (int i = 0; i < 7; i++)
    assert_true(fabs(a.points[i].shortfall - b.points[i].shortfall) < 1e-9);
  o.threads = 1;
  o.shard_k = 1;
  o.shard_n = 3;
  assert_int_equal(kc_sweep_run(&m, "sources.b.ceiling=0:60:10", &o, &c, &err), KC_OK);
  assert_int_equal(c.npoints, 2); /* points 1 and 4 */
  assert_int_equal(c.points[1].index, 4);
  assert_true(fabs(c.points[1].value - 40) < 1e-12);
  assert_true(fabs(c.points[1].shortfall - a.points[4].shortfall) < 1e-9);
  cJSON *js = kc_sweep_json(&m, &a);
  assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(js, "breakpoints")) >= 2);
  cJSON_Delete(js);
  kc_sweep_free(&a);
  kc_sweep_free(&b);
  kc_sweep_free(&c);
  o.shard_n = 1;
  o.shard_k = 0;
  assert_int_equal(kc_sweep_run(&m, "sources.q.ceiling=0:60:10", &o, &a, &err), KC_ERR_INPUT);
  assert_int_equal(kc_sweep_run(&m, "activities.x.colour=0:60:10", &o, &a, &err), KC_ERR_INPUT);
  kc_model_free(&m);
}

/* Every sweep path in words, in both languages, naming the source's label or the activity's name;
 * what is not a sweep path stays as given. */
static void test_sweep_path_words(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  char b[300];
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK);
  assert_string_equal(kc_sweep_path_words(&m, "sources.b.ceiling", KC_LANG_VI, b, sizeof b),
                      "trần tổng b (triệu đồng)");
  assert_string_equal(kc_sweep_path_words(&m, "sources.a.annual_scale", KC_LANG_EN, b, sizeof b),
                      "a annual ceilings, times the model's");
  assert_string_equal(kc_sweep_path_words(&m, "activities.y.unit_cost", KC_LANG_VI, b, sizeof b),
                      "đơn giá Why (triệu đồng)");
  assert_string_equal(kc_sweep_path_words(&m, "activities.x.max_per_year", KC_LANG_EN, b, sizeof b),
                      "most units a year of Ex");
  assert_string_equal(kc_sweep_path_words(&m, "program.price_growth", KC_LANG_VI, b, sizeof b),
                      "mức trượt giá mỗi năm");
  assert_string_equal(kc_sweep_path_words(&m, "sources.q.ceiling", KC_LANG_EN, b, sizeof b), "sources.q.ceiling");
  assert_string_equal(kc_sweep_path_words(&m, "activities.x.colour", KC_LANG_EN, b, sizeof b), "activities.x.colour");
  assert_string_equal(kc_sweep_path_words(&m, "activities.x.weight.z", KC_LANG_EN, b, sizeof b),
                      "activities.x.weight.z");
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_sweep_parse),
                                     cmocka_unit_test(test_sweep_points_threads_shards),
                                     cmocka_unit_test(test_sweep_path_words)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
