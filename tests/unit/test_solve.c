/* test_solve.c — the lexicographic stages on models whose optima are known by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "solve.h"
#include "testutil.h"

static void solve_files(const tu_files *f, kc_model *m, kc_result *r) {
  kc_error err;
  assert_int_equal(tu_load(f, m, &err), KC_OK);
  kc_solve_opts o = {0};
  assert_int_equal(kc_solve(m, &o, r, &err), KC_OK);
}

static double stage(const kc_result *r, kc_stage k) {
  for (int i = 0; i < r->nstage; i++)
    if (r->stage[i].kind == k)
      return r->stage[i].value;
  fail_msg("stage %s missing", kc_stage_name(k));
  return NAN;
}

/* 150 of money, 160 of targets: dropping one x (10 each, 1/6 of its target) is the cheapest cut. */
static void test_solve_weighted_cut(void **state) {
  (void)state;
  kc_model m;
  kc_result r;
  solve_files(&tu_small, &m, &r);
  assert_int_equal(r.status, KC_OK);
  assert_int_equal(r.nstage, 4);
  assert_true(fabs(stage(&r, KC_STAGE_ATTAIN) - 1.0 / 6) < 1e-9);
  assert_true(fabs(stage(&r, KC_STAGE_SPEND) - 150) < 1e-4);
  /* a pays 100 (rank 1), b pays 50 (rank 2) */
  assert_true(fabs(stage(&r, KC_STAGE_PREF) - 200) < 1e-4);
  assert_true(fabs(r.x[0] + r.x[1] - 5) < 1e-9);
  assert_true(fabs(r.x[2] + r.x[3] - 4) < 1e-9);
  kc_result_free(&r);
  kc_model_free(&m);
}

/* Weights make y's shortfall costlier; balanced spreads the cut. */
static void test_solve_balanced(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.program = "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\", \"ceiling\": 60}],"
              " \"objective\": {\"attainment\": \"balanced\", \"timing\": \"none\"}}";
  f.activities = "id,unit_cost\nx,10\ny,10\n";
  f.targets = "activity,first_year,last_year,target\nx,2020,2021,4\ny,2020,2021,4\n";
  kc_model m;
  kc_result r;
  solve_files(&f, &m, &r);
  assert_int_equal(r.nstage, 4); /* max_shortfall, attainment, spend, preference */
  assert_true(fabs(stage(&r, KC_STAGE_MAXSHORT) - 0.25) < 1e-9);
  assert_true(fabs(stage(&r, KC_STAGE_ATTAIN) - 0.5) < 1e-9);
  assert_true(fabs(r.x[0] + r.x[1] - 3) < 1e-9 && fabs(r.x[2] + r.x[3] - 3) < 1e-9);
  kc_result_free(&r);
  kc_model_free(&m);
}

/* Early timing starts units in the first year; late in the last. Price growth makes later dearer. */
static void test_solve_timing_and_growth(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.program = "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\"}],"
              " \"price_growth\": 0.1, \"objective\": {\"timing\": \"late\"}}";
  f.activities = "id,unit_cost,divisible\nx,10,0\ny,10,1\n";
  kc_model m;
  kc_result r;
  solve_files(&f, &m, &r);
  /* growth: starting in 2021 costs 11, so the spend stage puts everything in 2020 despite "late" */
  assert_true(fabs(stage(&r, KC_STAGE_SPEND) - 100) < 1e-4);
  /* the late stage may use the spend stage's 1e-7 relative slack to move a sliver of divisible y */
  assert_true(fabs(r.x[0] - 6) < 1e-9 && fabs(r.x[2] - 4) < 1e-4);
  kc_result_free(&r);
  kc_model_free(&m);
  f.program = "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\"}],"
              " \"objective\": {\"timing\": \"late\"}}";
  solve_files(&f, &m, &r);
  assert_true(fabs(r.x[1] - 6) < 1e-9 && fabs(r.x[3] - 4) < 1e-6);
  assert_true(fabs(stage(&r, KC_STAGE_TIMING) - 100) < 1e-4);
  kc_result_free(&r);
  kc_model_free(&m);
}

/* A two-year profile cannot start in the last year; annual ceilings with carry-over. */
static void test_solve_profile_and_carry_over(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.program = "{\"first_year\": 2020, \"last_year\": 2022, \"carry_over\": true,"
              " \"sources\": [{\"id\": \"a\"}]}";
  f.activities = "id,unit_cost,disbursement\nx,10,0.5 0.5\ny,1,\n";
  f.targets = "activity,first_year,last_year,target\nx,2020,2022,4\n";
  f.annual = "source,year,ceiling\na,2020,5\na,2021,10\na,2022,30\n";
  kc_model m;
  kc_result r;
  solve_files(&f, &m, &r);
  /* cumulative: 5 x2020 <= 5 and 10 x2020 + 5 x2021 <= 15: at most 3 units (all in 2021) */
  assert_true(fabs(stage(&r, KC_STAGE_ATTAIN) - 0.25) < 1e-9);
  assert_true(r.x[2] == 0); /* x cannot start in 2022 */
  assert_true(r.x[0] == 0 && r.x[1] == 3);
  kc_result_free(&r);
  kc_model_free(&m);
  f.program = "{\"first_year\": 2020, \"last_year\": 2022, \"sources\": [{\"id\": \"a\"}]}";
  solve_files(&f, &m, &r);
  /* without carry-over: 2020 <= 5, 2021 <= 10: one unit in 2020 (5+5), one in 2021 needs 5 in 2021
   * and 5 in 2022: x2020 = 1, x2021 = 1 → 2021 pays 10 */
  assert_true(fabs(r.x[0] + r.x[1] - 2) < 1e-9);
  assert_true(fabs(stage(&r, KC_STAGE_ATTAIN) - 0.5) < 1e-9);
  kc_result_free(&r);
  kc_model_free(&m);
}

static void test_solve_min_share(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.eligibility = "activity,source,max_share,min_share\nx,a,1,0\ny,a,0.5,0\ny,b,1,0.5\n";
  kc_model m;
  kc_result r;
  solve_files(&f, &m, &r);
  for (int yi = 0; yi < 2; yi++) {
    double fa = r.f[(1 * 2 + yi) * 2 + 0], fb = r.f[(1 * 2 + yi) * 2 + 1];
    assert_true(fb >= 0.5 * (fa + fb) - 1e-6);
  }
  kc_result_free(&r);
  kc_model_free(&m);
}

/* 0-1 columns (max_per_year 1) are integer too: every stage's plan must be whole. */
static void test_solve_binary_columns_whole(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.program = "{\"first_year\": 2020, \"last_year\": 2023, \"sources\": [{\"id\": \"a\", \"ceiling\": 61.7}],"
              " \"price_growth\": -0.02, \"objective\": {\"timing\": \"late\"}}";
  f.activities = "id,unit_cost,max_per_year\nx,20.3,1\ny,9.7,1\n";
  f.targets = "activity,first_year,last_year,target\nx,2020,2023,3\ny,2020,2023,3\n";
  kc_model m;
  kc_result r;
  solve_files(&f, &m, &r);
  assert_int_equal(r.status, KC_OK);
  for (int i = 0; i < 8; i++)
    assert_true(r.x[i] == 0 || r.x[i] == 1);
  double need = 0, paid = 0;
  for (int a = 0; a < 2; a++)
    for (int yi = 0; yi < 4; yi++)
      need += r.x[a * 4 + yi] * kc_unit_cost(&m, a, 2020 + yi);
  for (int i = 0; i < 8; i++)
    paid += r.f[i];
  assert_true(fabs(need - paid) < 1e-6);
  assert_true(paid <= 61.7 + 1e-6);
  kc_result_free(&r);
  kc_model_free(&m);
}

static void test_solve_infeasible(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.activities = "id,unit_cost,min_per_year\nx,10,3\ny,25,2\n";
  kc_model m;
  kc_result r;
  solve_files(&f, &m, &r);
  assert_int_equal(r.status, KC_ERR_INFEASIBLE);
  assert_false(r.has_plan);
  assert_non_null(strstr(r.infeasible_reason, "160.000"));
  kc_result_free(&r);
  kc_model_free(&m);
}

static void test_solve_export_lp(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK);
  char path[300];
  snprintf(path, sizeof path, "%s/s2.lp", m.dir);
  assert_int_equal(kc_export(&m, KC_STAGE_SPEND, path, 0, NULL, &err), KC_OK);
  glp_prob *lp = glp_create_prob();
  glp_term_out(GLP_OFF);
  assert_int_equal(glp_read_lp(lp, NULL, path), 0);
  glp_create_index(lp);
  assert_true(glp_find_row(lp, "keep_attainment") > 0);
  assert_true(glp_find_col(lp, "x(y,2021)") > 0);
  glp_iocp io;
  glp_init_iocp(&io);
  io.presolve = GLP_ON;
  assert_int_equal(glp_intopt(lp, &io), 0);
  assert_true(fabs(glp_mip_obj_val(lp) - 150) < 1e-4);
  glp_delete_prob(lp);
  assert_int_equal(kc_export(&m, KC_STAGE_MAXSHORT, path, 0, NULL, &err), KC_ERR_INPUT);
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_solve_weighted_cut),
      cmocka_unit_test(test_solve_balanced),
      cmocka_unit_test(test_solve_timing_and_growth),
      cmocka_unit_test(test_solve_profile_and_carry_over),
      cmocka_unit_test(test_solve_min_share),
      cmocka_unit_test(test_solve_infeasible),
      cmocka_unit_test(test_solve_binary_columns_whole),
      cmocka_unit_test(test_solve_export_lp),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
