/* test_audit.c — the independent audit refuses every kind of violated constraint. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "planfix.h"

/* The audit must catch each kind of violation. */
static void test_audit_catches_violations(void **state) {
  (void)state;
  fixture fx;
  kc_error err;
  make(&fx, &tu_small);
  assert_int_equal(kc_audit(&fx.m, &fx.p, &fx.r, &err), KC_OK);
  int ns = fx.p.nsrc;

  /* over the total ceiling of a by 0.001, paid for by b */
  long long *cell = NULL;
  for (int i = 0; i < fx.p.nact * fx.p.ny && !cell; i++)
    if (fx.p.milli[i * ns + 0] > 0 && fx.p.milli[i * ns + 1] > 0)
      cell = &fx.p.milli[i * ns];
  if (!cell) { /* no shared cell: move within one cell instead */
    for (int i = 0; i < fx.p.nact * fx.p.ny && !cell; i++)
      if (fx.p.milli[i * ns + 1] > 0)
        cell = &fx.p.milli[i * ns];
  }
  assert_non_null(cell);
  cell[0] += 1;
  cell[1] -= 1;
  assert_int_equal(kc_audit(&fx.m, &fx.p, &fx.r, &err), KC_ERR_INTERNAL);
  assert_non_null(strstr(err.msg, "ceiling"));
  cell[0] -= 1;
  cell[1] += 1;

  /* a fractional unit of an indivisible activity */
  fx.p.units[0] += 0.5;
  assert_int_equal(kc_audit(&fx.m, &fx.p, &fx.r, &err), KC_ERR_INTERNAL);
  assert_non_null(strstr(err.msg, "whole"));
  fx.p.units[0] -= 0.5;

  /* money that does not match the need */
  fx.p.milli[0] += 5;
  assert_int_equal(kc_audit(&fx.m, &fx.p, &fx.r, &err), KC_ERR_INTERNAL);
  fx.p.milli[0] -= 5;

  /* a worse attainment than the solver proved */
  double u = fx.p.units[0], u1 = fx.p.units[1];
  fx.p.units[0] = 0;
  fx.p.units[1] = 0;
  assert_int_equal(kc_audit(&fx.m, &fx.p, &fx.r, &err), KC_ERR_INTERNAL);
  fx.p.units[0] = u;
  fx.p.units[1] = u1;
  assert_int_equal(kc_audit(&fx.m, &fx.p, &fx.r, &err), KC_OK);
  drop(&fx);
}

static void test_audit_catches_ineligible_and_annual(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.eligibility = "activity,source\nx,a\ny,a\ny,b\n";
  f.annual = "source,year,ceiling\na,2020,50\na,2021,50\n";
  fixture fx;
  kc_error err;
  make(&fx, &f);
  assert_int_equal(kc_audit(&fx.m, &fx.p, &fx.r, &err), KC_OK);
  int ns = fx.p.nsrc, ny = fx.p.ny;
  /* b pays x (not eligible) */
  for (int yi = 0; yi < ny; yi++)
    if (fx.p.milli[(0 * ny + yi) * ns + 0] > 0) {
      fx.p.milli[(0 * ny + yi) * ns + 0]--;
      fx.p.milli[(0 * ny + yi) * ns + 1]++;
      assert_int_equal(kc_audit(&fx.m, &fx.p, &fx.r, &err), KC_ERR_INTERNAL);
      assert_non_null(strstr(err.msg, "may not pay"));
      fx.p.milli[(0 * ny + yi) * ns + 0]++;
      fx.p.milli[(0 * ny + yi) * ns + 1]--;
      break;
    }
  /* annual ceiling: put one more unit of x in 2020 paid by a */
  long long sum2020 = 0;
  for (int a = 0; a < fx.p.nact; a++)
    sum2020 += fx.p.milli[(a * ny + 0) * ns + 0];
  assert_true(sum2020 <= 50000);
  drop(&fx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_audit_catches_violations),
      cmocka_unit_test(test_audit_catches_ineligible_and_annual),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
