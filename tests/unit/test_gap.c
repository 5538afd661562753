/* test_gap.c — the elastic model: extra money per source and year, and what money cannot repair. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "optimize/gap.h"
#include "testutil.h"

/* small: a 100 + b 50 against 160 of targets: 10 more reaches them all. */
static void test_gap_small(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  kc_gap g;
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK);
  assert_int_equal(kc_gap_solve(&m, 1, -1, NAN, NULL, NULL, &g, &err), KC_OK);
  assert_int_equal(g.status, KC_OK);
  assert_true(fabs(g.extra_total - 10) < 1e-6);
  kc_gap_free(&g);
  assert_int_equal(kc_gap_solve(&m, 1, 1, NAN, NULL, NULL, &g, &err), KC_OK); /* only b */
  assert_true(fabs(g.extra[1 * 2 + 0] - 10) < 1e-6 && g.extra[0] == 0);
  kc_gap_free(&g);
  assert_int_equal(kc_gap_solve(&m, 0, -1, NAN, NULL, NULL, &g, &err), KC_OK); /* shortfalls free: nothing */
  assert_true(g.extra_total == 0);
  kc_gap_free(&g);
  kc_model_free(&m);
}

/* Annual ceilings with carry-over: extra money in a year also raises the later cumulative rows. */
static void test_gap_annual_carry(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.program = "{\"first_year\": 2020, \"last_year\": 2021, \"carry_over\": true, \"sources\": [{\"id\": \"a\"}, "
              "{\"id\": \"b\", \"ceiling\": 0}]}";
  f.activities = "id,unit_cost\nx,10\ny,25\n";
  f.targets = "activity,first_year,last_year,target\nx,2020,2020,4\ny,2021,2021,2\n";
  f.annual = "source,year,ceiling\na,2020,30\na,2021,40\n";
  kc_model m;
  kc_error err;
  kc_gap g;
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  /* 2020 needs 40 (10 short), the two years 90 against 70: 10 in 2020 covers 2020, 10 more for 2021 */
  assert_int_equal(kc_gap_solve(&m, 1, 0, NAN, NULL, NULL, &g, &err), KC_OK);
  assert_true(fabs(g.extra_total - 20) < 1e-6);
  assert_true(g.extra[0] >= 10 - 1e-6);
  kc_gap_free(&g);
  /* b (ceiling 0, no annual rows) could pay instead, under its total ceiling */
  assert_int_equal(kc_gap_solve(&m, 1, 1, NAN, NULL, NULL, &g, &err), KC_OK);
  assert_true(fabs(g.extra_total - 20) < 1e-6);
  assert_true(fabs(g.extra[1 * 2 + 0] - 20) < 1e-6); /* total-only source: under the first year */
  kc_gap_free(&g);
  kc_model_free(&m);
}

static void test_gap_unreachable(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.activities = "id,unit_cost,max_per_year\nx,10,2\ny,25,\n";
  kc_model m;
  kc_error err;
  kc_gap g;
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  assert_int_equal(kc_gap_solve(&m, 1, -1, NAN, NULL, NULL, &g, &err), KC_OK);
  assert_int_equal(g.status, KC_ERR_INFEASIBLE);
  assert_int_equal(g.nunreach, 1);
  assert_int_equal(g.unreach[0].target, 0);
  assert_non_null(strstr(g.unreach[0].reason.en, "at most 4 units can start"));
  kc_gap_free(&g);
  kc_model_free(&m);
  /* a committed activity no source may fully pay: a rule, not a target */
  f.activities = "id,unit_cost,min_per_year\nx,10,1\ny,25,\n";
  f.eligibility = "activity,source,max_share\nx,a,0.5\ny,a,1\n";
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  assert_int_equal(kc_gap_solve(&m, 0, -1, NAN, NULL, NULL, &g, &err), KC_OK);
  assert_int_equal(g.status, KC_ERR_INFEASIBLE);
  assert_int_equal(g.unreach[0].target, -1);
  assert_non_null(strstr(g.unreach[0].reason.en, "x must start 1 units every year"));
  kc_gap_free(&g);
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_gap_small), cmocka_unit_test(test_gap_annual_carry),
                                     cmocka_unit_test(test_gap_unreachable)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
