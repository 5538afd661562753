/* test_shadow.c — shadow prices of the ceilings: finite differences where the fixed-plan dual is 0,
 * and the method said for every ceiling. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "optimize/solve.h"
#include "testutil.h"

/* small: a's total ceiling binds; one more x (10) removes the whole 1/6 shortfall. */
static void test_shadow_finite_difference(void **state) {
  (void)state;
  kc_model m;
  kc_result r;
  tu_solve(&tu_small, &m, &r);
  int found = 0;
  for (int i = 0; i < r.nshadow; i++)
    if (strcmp(r.shadow[i].row, "ceiling:a") == 0) {
      found = 1;
      assert_string_equal(r.shadow[i].method, "finite_difference");
      assert_true(r.shadow[i].step == 10);
      assert_true(fabs(r.shadow[i].value - (1.0 / 6) / 10) < 1e-9);
    }
  assert_true(found);
  kc_result_free(&r);
  kc_model_free(&m);
}

/* Every target reached: more money cannot help; every ceiling still says how its value was found. */
static void test_shadow_all_reached(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.program = "{\"first_year\": 2020, \"last_year\": 2021,"
              " \"sources\": [{\"id\": \"a\", \"ceiling\": 1000}, {\"id\": \"b\", \"ceiling\": 500}]}";
  kc_model m;
  kc_result r;
  tu_solve(&f, &m, &r);
  assert_true(r.stage[0].kind == KC_STAGE_ATTAIN && r.stage[0].value == 0);
  assert_int_equal(r.nshadow, 2);
  for (int i = 0; i < r.nshadow; i++) {
    assert_string_equal(r.shadow[i].method, "lp_dual");
    assert_true(r.shadow[i].proven);
    assert_true(r.shadow[i].value == 0);
  }
  kc_result_free(&r);
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shadow_finite_difference),
      cmocka_unit_test(test_shadow_all_reached),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
