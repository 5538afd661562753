/* test_formulate.c — the named GLPK problem: which columns and rows exist, kinds, bounds, stages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "optimize/formulate.h"
#include "testutil.h"

static const tu_files model = {
    .program = "{\"first_year\": 2020, \"last_year\": 2022, \"carry_over\": true,"
               " \"sources\": [{\"id\": \"a\", \"ceiling\": 100}, {\"id\": \"b\"}],"
               " \"objective\": {\"attainment\": \"balanced\", \"source_preference\": [\"b\", \"a\"]}}",
    .activities = "id,unit_cost,disbursement,divisible,min_per_year,max_per_year\n"
                  "x,10,0.5 0.5,0,1,3\ny,2,,1,,\n",
    .targets = "activity,first_year,last_year,target\nx,2020,2022,4\ny,2021,2022,8\n",
    .eligibility = "activity,source,max_share,min_share\nx,a,0.6,0\nx,b,1,0.4\ny,b,1,0\n",
    .annual = "source,year,ceiling\na,2020,30\na,2021,30\na,2022,40\n",
};

/* A selection model (one start year per target) paid by one source: the textbook knapsack. */
static const tu_files selection = {
    .program = "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"s\"}]}",
    .activities = "id,unit_cost,weight,max_per_year,disbursement\np,10,3,1,0.4 0.6\nq,5,2,1,1\n",
    .targets = "activity,first_year,last_year,target\np,2020,2020,1\nq,2020,2020,1\n",
    .annual = "source,year,ceiling\ns,2020,8\ns,2021,7\n",
};

static void test_formulate_compact(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&selection, &m, &err), KC_OK);
  kc_form F, G;
  assert_int_equal(kc_form_build(&m, 1, &F, &err), KC_OK);
  glp_prob *lp = F.lp;
  glp_create_index(lp);
  /* sole source: no money columns or pay rows; selection: no totals; capped: no shortfalls */
  assert_int_equal(glp_find_col(lp, "f(p,2020,s)"), 0);
  assert_int_equal(glp_find_row(lp, "pay(p,2020)"), 0);
  assert_int_equal(glp_find_col(lp, "total(p,2020_2020)"), 0);
  assert_int_equal(glp_find_col(lp, "short(p,2020_2020)"), 0);
  assert_int_equal(glp_get_num_rows(lp), 2); /* the two annual ceilings */
  assert_int_equal(glp_get_num_cols(lp), 3); /* x(p,2020), x(q,2020), x(q,2021) */
  assert_int_equal(F.ntotals, 0);
  int jp = glp_find_col(lp, "x(p,2020)"), i21 = glp_find_row(lp, "annual(s,2021)");
  int ind[8];
  double val[8];
  int len = glp_get_mat_row(lp, i21, ind, val);
  int found = 0;
  for (int k = 1; k <= len; k++)
    if (ind[k] == jp)
      found = fabs(val[k] - 6) < 1e-12; /* 60% of p's cost falls in 2021 */
  assert_true(found);
  /* attainment: 3 (1 - p) + 2 (1 - q): a constant 5 and -3, -2 on the x columns */
  kc_form_objective(&F, KC_STAGE_ATTAIN);
  assert_true(fabs(glp_get_obj_coef(lp, 0) * F.obj_scale - 5) < 1e-12);
  assert_true(fabs(glp_get_obj_coef(lp, jp) * F.obj_scale + 3) < 1e-12);
  double x[4] = {0, 0, 0, 0};
  x[jp] = 1;
  assert_true(fabs(kc_form_money(&F, x, 0, 1, 0) - 6) < 1e-12);
  assert_true(fabs(kc_form_money(&F, x, 0, 0, 0) - 4) < 1e-12);
  /* the elastic model (compact 0) keeps a shortfall column per target */
  assert_int_equal(kc_form_build(&m, 0, &G, &err), KC_OK);
  glp_create_index(G.lp);
  assert_true(glp_find_col(G.lp, "short(p,2020_2020)") > 0);
  kc_form_free(&F);
  kc_form_free(&G);
  kc_model_free(&m);
}

static void test_formulate_columns_rows(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&model, &m, &err), KC_OK);
  kc_form F;
  assert_int_equal(kc_form_build(&m, 1, &F, &err), KC_OK);
  glp_prob *lp = F.lp;
  glp_create_index(lp);
  int jx = glp_find_col(lp, "x(x,2020)");
  assert_true(jx > 0);
  assert_int_equal(glp_get_col_kind(lp, jx), GLP_IV);
  assert_true(glp_get_col_lb(lp, jx) == 1 && glp_get_col_ub(lp, jx) == 3);
  assert_int_equal(glp_find_col(lp, "x(x,2022)"), 0); /* a two-year profile cannot start last */
  assert_int_equal(glp_get_col_kind(lp, glp_find_col(lp, "x(y,2022)")), GLP_CV);
  assert_true(glp_find_col(lp, "f(x,2022,a)") > 0);     /* second half of a 2021 unit */
  assert_int_equal(glp_find_col(lp, "f(y,2020,a)"), 0); /* a may not pay y */
  assert_true(glp_find_row(lp, "maxshare(x,2021,a)") > 0);
  assert_true(glp_find_row(lp, "minshare(x,2021,b)") > 0);
  assert_int_equal(glp_find_row(lp, "maxshare(x,2021,b)"), 0); /* max_share 1 needs no row */
  int ia = glp_find_row(lp, "annual(a,2021)");
  assert_true(ia > 0);
  assert_true(glp_get_row_ub(lp, ia) == 60); /* cumulative with carry-over */
  assert_true(glp_find_row(lp, "ceiling(a)") > 0);
  assert_int_equal(glp_find_row(lp, "ceiling(b)"), 0); /* b has no total ceiling */
  assert_int_equal(glp_get_col_kind(lp, glp_find_col(lp, "total(x,2020_2022)")), GLP_IV);
  assert_true(glp_find_row(lp, "balance(y,2021_2022)") > 0);
  assert_true(glp_find_col(lp, "M") > 0);

  kc_stage st[KC_NSTAGES];
  assert_int_equal(kc_stage_list(&m, st), 5);
  assert_int_equal(st[0], KC_STAGE_MAXSHORT);
  kc_form_objective(&F, KC_STAGE_PREF);
  /* b is preferred: rank 1; a rank 2 */
  assert_true(fabs(glp_get_obj_coef(lp, glp_find_col(lp, "f(x,2020,b)")) * F.obj_scale - 1) < 1e-12);
  assert_true(fabs(glp_get_obj_coef(lp, glp_find_col(lp, "f(x,2020,a)")) * F.obj_scale - 2) < 1e-12);
  kc_form_objective(&F, KC_STAGE_TIMING);
  assert_true(fabs(glp_get_obj_coef(lp, glp_find_col(lp, "x(x,2021)")) * F.obj_scale - 10) < 1e-12);
  assert_true(fabs(glp_get_obj_coef(lp, glp_find_col(lp, "x(y,2022)")) * F.obj_scale - 4) < 1e-12);
  int rows = glp_get_num_rows(lp);
  assert_int_equal(kc_form_keep(&F, KC_STAGE_TIMING, 50, &err), KC_OK);
  assert_int_equal(glp_get_num_rows(lp), rows + 1);
  assert_true(fabs(glp_get_row_ub(lp, rows + 1) - (50 + 50e-7)) < 1e-12);
  kc_form_free(&F);
  kc_model_free(&m);
}

/* The stage table: timing alone is a tie-breaker, the two attainment stages are audited and proven to
 * the last digit, the merit stage (the funded proposals' score) and the money stages stop at the later stages' gap and
 * timing at its own; names as in summary.json. */
static void test_formulate_stage_table(void **state) {
  (void)state;
  static const char *const names[KC_NSTAGES] = {"max_shortfall",     "attainment", "merit",           "spend",
                                                "source_preference", "stability",  "stability_money", "timing"};
  for (int k = 0; k < KC_NSTAGES; k++) {
    const kc_stage_def *d = kc_stage_info((kc_stage)k);
    assert_string_equal(d->name, names[k]);
    assert_string_equal(kc_stage_name((kc_stage)k), names[k]);
    assert_int_equal(d->tiebreak, k == KC_STAGE_TIMING);
    assert_int_equal(d->attainment, k == KC_STAGE_MAXSHORT || k == KC_STAGE_ATTAIN);
    assert_true(d->gap == (d->attainment ? 0.0 : d->tiebreak ? KC_TIMING_GAP : KC_LATER_STAGE_GAP));
  }
}

static void test_formulate_stage_value(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&model, &m, &err), KC_OK);
  double x[6] = {1, 2, 0, 0, 4, 2}, f[12] = {0};
  /* x: 3 of 4 (weight 1): 0.25; y: 6 of 8: 0.25 */
  assert_true(fabs(kc_stage_value(&m, KC_STAGE_ATTAIN, x, f) - 0.5) < 1e-12);
  assert_true(fabs(kc_stage_value(&m, KC_STAGE_MAXSHORT, x, f) - 0.25) < 1e-12);
  assert_true(fabs(kc_stage_value(&m, KC_STAGE_TIMING, x, f) - (1 * 10 * 2 + 1 * 2 * 4 + 2 * 2 * 2)) < 1e-12);
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_formulate_columns_rows), cmocka_unit_test(test_formulate_compact),
      cmocka_unit_test(test_formulate_stage_table), cmocka_unit_test(test_formulate_stage_value)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
