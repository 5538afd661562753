/* test_plan.c — rounding to 0.001 that never exceeds a ceiling, and the audit that guards it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "audit.h"
#include "plan.h"
#include "testutil.h"

#include "planfix.h"

static long long source_sum(const kc_plan *p, int s) {
  long long v = 0;
  for (int i = 0; i < p->nact * p->ny; i++)
    v += p->milli[i * p->nsrc + s];
  return v;
}

/* Three thirds of a ceiling that is not a multiple of 0.001: each rounds up, the sum must not. */
static const tu_files thirds = {
    .program = "{\"first_year\": 2020, \"last_year\": 2020, \"sources\": [{\"id\": \"a\", \"ceiling\": 100.0005},"
               " {\"id\": \"b\", \"ceiling\": 0.0005}]}",
    .activities = "id,unit_cost,divisible\nx,33.3335,1\ny,33.3335,1\nz,33.3335,1\n",
    .targets = "activity,first_year,last_year,target\nx,2020,2020,1\ny,2020,2020,1\nz,2020,2020,1\n",
};

static void test_plan_rounding_respects_ceiling(void **state) {
  (void)state;
  fixture fx;
  make(&fx, &thirds);
  assert_true(source_sum(&fx.p, 0) <= kc_milli_cap(100.0005));
  assert_true(source_sum(&fx.p, 1) <= 0);
  kc_error err;
  assert_int_equal(kc_audit(&fx.m, &fx.p, &fx.r, &err), KC_OK);
  drop(&fx);
}

static void test_plan_milli_cap(void **state) {
  (void)state;
  assert_true(kc_milli_cap(6600) == 6600000);
  assert_true(kc_milli_cap(0.0005) == 0);
  assert_true(kc_milli_cap(4620.0) == 4620000);
  assert_true(kc_milli_cap(0.1 + 0.2) == 300);
}

static void test_plan_needs_and_counterpart(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.activities = "id,unit_cost,disbursement,support_rate\nx,10,0.4 0.6,0.5\ny,25,,1\n";
  f.targets = "activity,first_year,last_year,target\nx,2020,2021,2\ny,2020,2021,1\n";
  fixture fx;
  make(&fx, &f);
  /* two x in 2020: 8 in 2020, 12 in 2021; counterpart equals the state's share at rate 0.5 */
  assert_true(fx.p.units[0] == 2);
  assert_true(fabs(fx.p.need[0] - 8) < 1e-9 && fabs(fx.p.need[1] - 12) < 1e-9);
  assert_true(fx.p.counterpart[0] == 8000 && fx.p.counterpart[1] == 12000);
  kc_error err;
  assert_int_equal(kc_audit(&fx.m, &fx.p, &fx.r, &err), KC_OK);
  drop(&fx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plan_rounding_respects_ceiling),
      cmocka_unit_test(test_plan_milli_cap),
      cmocka_unit_test(test_plan_needs_and_counterpart),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
