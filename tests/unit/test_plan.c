/* test_plan.c — rounding to 0.001 that never exceeds a ceiling, and the audit that guards it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plan/audit.h"
#include "plan/plan.h"
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

/* The exact LP reads each coefficient as a fraction within 1e-9 of it: on a need of 2.5e9 its money
 * can fall 0.07 short of the units' need while the ceiling binds. Scaled back to the need, the money
 * exceeds the ceiling by 70 thousandths; they must come off the large cell (0.07 of 2.5e9 is within
 * the audit's tolerance) and not off the small one, whose 1.2345 could not lose 0.035. */
static void test_plan_repair_takes_from_large_cells(void **state) {
  (void)state;
  double big = 51453.65 * 48836, small = 1.2345, lp_big = big - 0.0716;
  char program[256];
  snprintf(program, sizeof program,
           "{\"first_year\": 2020, \"last_year\": 2020, \"sources\": [{\"id\": \"a\", \"ceiling\": %.4f}]}",
           lp_big + small);
  tu_files f = {
      .program = program,
      .activities = "id,unit_cost\nbig,51453.65\nsmall,1.2345\n",
      .targets = "activity,first_year,last_year,target\nbig,2020,2020,48836\nsmall,2020,2020,1\n",
  };
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  double x[2] = {48836, 1}, money[2] = {lp_big, small};
  kc_result r = {.x = x, .f = money, .has_plan = 1};
  kc_plan p;
  assert_int_equal(kc_plan_make(&m, &r, &p, &err), KC_OK);
  assert_true(source_sum(&p, 0) <= kc_milli_cap(lp_big + small));
  assert_true(p.milli[1] == 1235 || p.milli[1] == 1234); /* the small cell keeps its rounded need */
  assert_int_equal(kc_audit(&m, &p, &r, &err), KC_OK);
  kc_plan_free(&p);
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plan_rounding_respects_ceiling),
      cmocka_unit_test(test_plan_milli_cap),
      cmocka_unit_test(test_plan_needs_and_counterpart),
      cmocka_unit_test(test_plan_repair_takes_from_large_cells),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
