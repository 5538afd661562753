/* test_glpk_guard.c — a fatal GLPK error is contained: no abort, a message, GLPK usable after. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <glpk.h>
#include <string.h>

#include "optimize/glpk_guard.h"

static kc_rc bad_call(void *ctx, kc_error *err) {
  (void)err;
  glp_prob **lp = ctx;
  *lp = glp_create_prob();
  glp_add_cols(*lp, 1);
  glp_set_col_bnds(*lp, 7, GLP_FX, 1, 1); /* column 7 does not exist: GLPK calls its error hook */
  return KC_OK;
}

static kc_rc good_call(void *ctx, kc_error *err) {
  (void)ctx;
  (void)err;
  glp_prob *lp = glp_create_prob();
  glp_add_cols(lp, 1);
  glp_set_col_bnds(lp, 1, GLP_DB, 0, 3);
  glp_set_obj_dir(lp, GLP_MAX);
  glp_set_obj_coef(lp, 1, 1);
  glp_smcp sm;
  glp_init_smcp(&sm);
  int ok = glp_simplex(lp, &sm) == 0 && glp_get_obj_val(lp) == 3;
  glp_delete_prob(lp);
  return ok ? KC_OK : KC_ERR_INTERNAL;
}

static void test_glpk_guard_contains_fatal_error(void **state) {
  (void)state;
  glp_prob *lp = NULL;
  bool fatal = false;
  kc_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(kc_glpk_guard(bad_call, &lp, &fatal, &err), KC_ERR_INTERNAL);
  assert_true(fatal);
  assert_non_null(strstr(err.msg, "GLPK failed"));
  assert_non_null(strstr(err.msg, "glp_set_col_bnds"));
  /* the environment was freed with lp; GLPK works again */
  assert_int_equal(kc_glpk_guard(good_call, NULL, &fatal, &err), KC_OK);
  assert_false(fatal);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_glpk_guard_contains_fatal_error)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
