/* test_model.c — the in-memory model: the activity-column table every reader shares, objective
 * words, copying and freeing, and the rule checks by line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/model.h"
#include "core/stages.h"
#include "testutil.h"

static void test_model_columns_table(void **state) {
  (void)state;
  int n = 0;
  while (kc_act_cols[n].name)
    n++;
  assert_int_equal(n, KC_ACT_NCOLS); /* every row named, then the terminator */
  assert_int_equal(kc_act_cols[0].kind, KC_COL_ID);
  for (int i = 0; i < n; i++) {
    const kc_act_col *c = &kc_act_cols[i];
    assert_ptr_equal(kc_act_col_find(c->name), c);
    if (c->kind == KC_COL_AMOUNT || c->kind == KC_COL_NUMBER)
      assert_non_null(c->range); /* every number has its rule in words */
    if (c->optional)
      assert_true(c->has_off > 0);
    if (!c->required && !c->optional && (c->kind == KC_COL_AMOUNT || c->kind == KC_COL_NUMBER))
      assert_null(kc_act_col_problem(c, &(kc_activity){0}, c->def)); /* defaults obey their rule */
  }
  assert_null(kc_act_col_find("colour"));
  assert_null(kc_act_col_find(NULL));
}

static void test_model_column_rules(void **state) {
  (void)state;
  kc_activity ac = {.min_per_year = 3};
  const kc_act_col *cost = kc_act_col_find("unit_cost"), *mx = kc_act_col_find("max_per_year");
  assert_non_null(kc_act_col_problem(cost, &ac, 0)); /* open lower bound */
  assert_null(kc_act_col_problem(cost, &ac, 1e-9));
  assert_null(kc_act_col_problem(cost, &ac, 1e12));
  assert_non_null(kc_act_col_problem(cost, &ac, 1.000001e12));
  assert_non_null(kc_act_col_problem(cost, &ac, NAN));
  assert_non_null(kc_act_col_problem(mx, &ac, 2)); /* below min_per_year */
  assert_null(kc_act_col_problem(mx, &ac, 3));
  bool given = true;
  kc_act_col_set(mx, &ac, 7, true);
  assert_true(ac.has_max && ac.max_per_year == 7);
  assert_true(kc_act_col_value(mx, &ac, &given) == 7 && given);
  kc_act_col_set(mx, &ac, 0, false);
  assert_false(ac.has_max);
  kc_act_col_value(mx, &ac, &given);
  assert_false(given);
  const kc_act_col *div = kc_act_col_find("divisible");
  kc_act_col_set(div, &ac, 1, true);
  assert_true(ac.divisible);
  assert_true(kc_act_col_value(div, &ac, &given) == 1);
}

static void test_model_objective_words(void **state) {
  (void)state;
  assert_int_equal(kc_word_index(kc_attainment_words, "balanced"), KC_BALANCED);
  assert_int_equal(kc_word_index(kc_attainment_words, "weighted"), KC_WEIGHTED);
  assert_int_equal(kc_word_index(kc_timing_words, "none"), KC_TIMING_NONE);
  assert_int_equal(kc_word_index(kc_timing_words, "late"), KC_LATE);
  assert_int_equal(kc_word_index(kc_timing_words, "soon"), -1);
  assert_int_equal(kc_word_index(kc_timing_words, NULL), -1);
}

static void test_model_copy_is_deep(void **state) {
  (void)state;
  kc_model m, c;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK);
  assert_int_equal(kc_model_copy(&c, &m, &err), KC_OK);
  assert_ptr_not_equal(c.act[0].name, m.act[0].name);
  assert_string_equal(c.act[0].name, m.act[0].name);
  assert_ptr_not_equal(c.act[0].disb, m.act[0].disb);
  c.act[0].unit_cost = 99;
  assert_true(m.act[0].unit_cost != 99);
  assert_int_equal(kc_find_activity(&c, m.act[1].id), 1);
  kc_model_free(&m);
  assert_int_equal(kc_model_check(&c, &err), KC_OK); /* the copy stands alone */
  kc_activity_free(&c.act[1]);
  assert_null(c.act[1].id);
  c.nact = 1;
  kc_model_free(&c);
  kc_model_free(&c); /* freeing twice is harmless: kc_model_free zeroes */
}

static void test_model_check_by_line(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK);
  m.act[1].weight = -1;
  assert_int_equal(kc_model_check(&m, &err), KC_ERR_INPUT);
  assert_int_equal(err.line, m.act[1].line);
  assert_non_null(strstr(err.msg, "weight -1 must be from 0 to 1e6"));
  m.act[1].weight = 1;
  m.act[1].min_per_year = 1.5; /* not divisible */
  assert_int_equal(kc_model_check(&m, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "whole numbers unless the activity is divisible"));
  m.act[1].divisible = true;
  assert_int_equal(kc_model_check(&m, &err), KC_OK);
  kc_model_free(&m);
}

/* The reference docs list every activity column and every stage (a new one without its docs fails). */
static void test_model_documented(void **state) {
  (void)state;
  char *fmt, *model;
  size_t n;
  kc_error err;
  assert_int_equal(kc_read_file(KC_DOCS "/model-format.md", &fmt, &n, &err), KC_OK);
  assert_int_equal(kc_read_file(KC_DOCS "/model.md", &model, &n, &err), KC_OK);
  char want[128];
  for (const kc_act_col *c = kc_act_cols; c->name; c++) {
    snprintf(want, sizeof want, "| `%s` |", c->name);
    if (!strstr(fmt, want))
      fail_msg("docs/model-format.md does not document the activity column %s", c->name);
  }
  for (int k = 0; k < KC_NSTAGES; k++) {
    snprintf(want, sizeof want, "| `%s` |", kc_stage_name((kc_stage)k));
    if (!strstr(model, want))
      fail_msg("docs/model.md does not document the stage %s", kc_stage_name((kc_stage)k));
  }
  free(fmt);
  free(model);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_model_columns_table),   cmocka_unit_test(test_model_column_rules),
      cmocka_unit_test(test_model_objective_words), cmocka_unit_test(test_model_copy_is_deep),
      cmocka_unit_test(test_model_check_by_line),   cmocka_unit_test(test_model_documented),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
