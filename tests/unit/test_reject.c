/* test_reject.c — why a proposal is left out: the least extra money on top of the plan, the
 * ceiling that binds, a proposal that fits but adds nothing, one whose window is closed. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "optimize/reject.h"
#include "plan/plan.h"
#include "render/proposals_out.h"

/* One source of 100 over 2020-2021; x's target of 2 units is met most cheaply by p1 (50, score 90)
 * and p3 (1 for a unit); p2 (60, score 80) then needs 11 more; p4 (2, score 0) fits the money left
 * but adds nothing. */
static const tu_files files = {
    .program = "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\", \"ceiling\": 100}]}",
    .activities = "id,unit_cost\nx,10\n",
    .targets = "activity,first_year,last_year,target\nx,2020,2021,2\n",
    .proposals = "id,activity,cost,score,owner\np1,x,50,90,O1\np2,x,60,80,O2\np3,x,1,0,O1\np4,x,2,0,O3\n",
};

static void test_reject_reasons(void **state) {
  (void)state;
  kc_model m;
  kc_result r;
  kc_plan p;
  kc_rejects x;
  kc_error err;
  tu_solve(&files, &m, &r);
  assert_int_equal(kc_plan_make(&m, &r, &p, &err), KC_OK);
  assert_int_equal(kc_rejects_find(&m, p.units, &x, &err), KC_OK);
  assert_int_equal(x.n, 4);
  assert_int_equal(x.first, 1);
  assert_int_equal(x.r[0].kind, KC_REJ_FUNDED);
  assert_int_equal(x.r[1].kind, KC_REJ_MONEY);
  assert_true(fabs(x.r[1].extra - 11) < 1e-6);
  assert_int_equal(x.r[1].start, 2020);      /* the earliest of the years that need least */
  assert_true(x.binds[(1 * 1 + 0) * 3 + 2]); /* source a's total ceiling binds */
  assert_int_equal(x.r[2].kind, KC_REJ_FUNDED);
  assert_int_equal(x.r[3].kind, KC_REJ_SPARE);
  char buf[600];
  kc_reject_words(&m, &x, 1, KC_LANG_EN, buf, sizeof buf);
  assert_string_equal(buf, "11.000 million VND more would fund it, starting 2020: a +11.000 (its total ceiling binds)");
  kc_reject_words(&m, &x, 1, KC_LANG_VI, buf, sizeof buf);
  assert_string_equal(buf,
                      "cần thêm 11 triệu đồng để hỗ trợ đề án, bắt đầu năm 2020: a +11 (trần tổng đang ràng buộc)");
  kc_reject_words(&m, &x, 3, KC_LANG_EN, buf, sizeof buf);
  assert_non_null(strstr(buf, "its score is 0"));
  /* proposals.csv: every proposal, funded ones with their money, the others with their extra money */
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&text, &len);
  kc_write_proposals_csv(fp, &m, &p, &x);
  fclose(fp);
  assert_non_null(strstr(text, "id,name,activity,owner,score,units,funded,start_year,cost,counterpart,a_2020,a_2021,"
                               "extra_needed,reason\n"));
  assert_non_null(strstr(text, "\np1,p1,x,O1,90,1,1,"));
  assert_non_null(strstr(text, "\np2,p2,x,O2,80,1,0,,0.000,0.000,0.000,0.000,11.000,\"11.000 million VND more"));
  free(text);
  kc_rejects_free(&x);
  kc_plan_free(&p);
  kc_result_free(&r);
  kc_model_free(&m);
}

/* A proposal whose whole window the actuals close, and that was not started then. */
static void test_reject_closed(void **state) {
  (void)state;
  tu_files f = files;
  f.proposals = "id,activity,cost,first_year,last_year,score\np1,x,5,2020,2020,50\n";
  f.actuals = "year,activity,units,a\n2020,x,1,10\n";
  kc_model m;
  kc_result r;
  kc_plan p;
  kc_rejects x;
  kc_error err;
  tu_solve(&f, &m, &r);
  assert_int_equal(kc_plan_make(&m, &r, &p, &err), KC_OK);
  assert_int_equal(kc_rejects_find(&m, p.units, &x, &err), KC_OK);
  assert_int_equal(x.r[0].kind, KC_REJ_CLOSED);
  kc_rejects_free(&x);
  kc_plan_free(&p);
  kc_result_free(&r);
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_reject_reasons), cmocka_unit_test(test_reject_closed)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
