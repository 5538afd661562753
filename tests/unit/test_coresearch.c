/* test_coresearch.c — the merit stage's search from its LP: the optimum of small selections against
 * enumeration, costs spanning four orders of magnitude, whole and half points; the counted budget;
 * the bound of a stage its budget stops, rounded down to a whole point. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "optimize/solve.h"
#include "testutil.h"

#define MAXP 48

/* A selection model of one year and two funds, a and b (each ceiling ratio x the money its
 * activity's proposals ask): n proposals, the even ones of activity x (paid by a), the odd ones of y
 * (paid by b), costs from 0.1 to 1,000 million and scores from 1 to 100 (half points when half is
 * set) drawn from seed. No targets: the merit stage is the whole choice. cost[] and score[] get the
 * proposals' figures, in tenths of a million and half points. */
typedef struct {
  char prog[256], prop[MAXP * 64];
  long cost[MAXP], score[MAXP];
  int n;
} selection;

static unsigned next(unsigned *s) {
  *s = *s * 1103515245u + 12345u;
  return (*s >> 8) & 0xffffff;
}

static tu_files make(selection *x, int n, unsigned seed, double ratio, int half) {
  long asked[2] = {0, 0};
  int k = snprintf(x->prop, sizeof x->prop, "id,activity,cost,score\n");
  x->n = n;
  for (int p = 0; p < n; p++) {
    double mag = pow(10, (double)(next(&seed) % 5));  /* 0.1 .. 1,000 */
    x->cost[p] = (long)(mag * (1 + next(&seed) % 9)); /* tenths */
    x->score[p] = half ? 2 + (long)(next(&seed) % 199) : 2 * (1 + (long)(next(&seed) % 100));
    asked[p % 2] += x->cost[p];
    k += snprintf(x->prop + k, sizeof x->prop - (size_t)k, "p%d,%s,%ld.%ld,%ld%s\n", p, p % 2 ? "y" : "x",
                  x->cost[p] / 10, x->cost[p] % 10, x->score[p] / 2, x->score[p] % 2 ? ".5" : "");
  }
  snprintf(x->prog, sizeof x->prog,
           "{\"first_year\": 2021, \"last_year\": 2021, \"sources\": [{\"id\": \"a\", \"ceiling\": %.1f}, {\"id\": "
           "\"b\", \"ceiling\": %.1f}]}",
           floor(ratio * (double)asked[0]) / 10, floor(ratio * (double)asked[1]) / 10);
  return (tu_files){.program = x->prog,
                    .activities = "id,unit_cost\nx,10\ny,10\n",
                    .targets = "activity,first_year,last_year,target\n",
                    .eligibility = "activity,source,max_share\nx,a,1\ny,b,1\n",
                    .proposals = x->prop};
}

/* The best score (half points) of the proposals of parity side within the ceiling cap (tenths). */
static long enumerate(const selection *x, int side, long cap) {
  int idx[MAXP], m = 0;
  for (int p = side; p < x->n; p += 2)
    idx[m++] = p;
  long best = 0;
  for (unsigned long s = 0; s < 1ul << m; s++) {
    long c = 0, v = 0;
    for (int i = 0; i < m; i++)
      if (s >> i & 1) {
        c += x->cost[idx[i]];
        v += x->score[idx[i]];
      }
    if (c <= cap && v > best)
      best = v;
  }
  return best;
}

static const kc_stage_result *merit_of(const kc_result *r) {
  for (int i = 0; i < r->nstage; i++)
    if (r->stage[i].kind == KC_STAGE_MERIT)
      return &r->stage[i];
  fail_msg("no merit stage");
  return NULL;
}

/* Random selections of 24 proposals (12 per fund), whole and half points: the stage proves the
 * optimum that enumeration finds, and a budget of one node never finds more. */
static void test_coresearch_optimum(void **state) {
  (void)state;
  for (unsigned seed = 1; seed <= 12; seed++) {
    selection x = {.n = 0};
    int half = seed % 2;
    tu_files f = make(&x, 24, seed, 0.3 + 0.04 * seed, half);
    kc_model m;
    kc_error err;
    assert_int_equal(tu_load(&f, &m, &err), KC_OK);
    long cap[2];
    for (int s = 0; s < 2; s++)
      cap[s] = (long)llround(m.src[s].ceiling * 10);
    double want = (double)(enumerate(&x, 0, cap[0]) + enumerate(&x, 1, cap[1])) / 2;
    kc_solve_opts o = {.skip_shadow = 1};
    kc_result r;
    assert_int_equal(kc_solve(&m, &o, &r, &err), KC_OK);
    const kc_stage_result *s = merit_of(&r);
    if (fabs(s->value - want) > 1e-6 || !s->proven)
      fail_msg("seed %u: merit %.6f (proven %d), enumeration %.1f", seed, s->value, s->proven, want);
    kc_result_free(&r);
    o.merit_nodes = 1;
    assert_int_equal(kc_solve(&m, &o, &r, &err), KC_OK);
    s = merit_of(&r);
    assert_true(s->value <= want + 1e-6);
    assert_true(s->bound >= want - 1e-6); /* a bound, whatever the budget */
    assert_true(s->nodes <= 3);           /* one node a step at most */
    kc_result_free(&r);
    kc_model_free(&m);
  }
}

/* A selection the budget stops (48 proposals, one node a step): with whole-point scores its bound
 * is a whole number of points and at least the plan's; with half points the bound is still at
 * least the plan's. */
static void test_coresearch_bound_whole_points(void **state) {
  (void)state;
  int stopped = 0;
  for (int half = 0; half <= 1; half++)
    for (unsigned seed = 100; seed < 110; seed++) {
      selection x = {.n = 0};
      tu_files f = make(&x, MAXP, seed, 0.5, half);
      kc_model m;
      kc_error err;
      assert_int_equal(tu_load(&f, &m, &err), KC_OK);
      kc_solve_opts o = {.skip_shadow = 1, .merit_nodes = 1};
      kc_result r;
      assert_int_equal(kc_solve(&m, &o, &r, &err), KC_OK);
      const kc_stage_result *s = merit_of(&r);
      assert_true(s->bound >= s->value - 1e-9);
      if (!s->proven) {
        stopped++;
        assert_int_equal(r.status, KC_ERR_LIMIT);
        if (!half)
          assert_true(fabs(s->bound - round(s->bound)) < 1e-6);
      }
      kc_result_free(&r);
      kc_model_free(&m);
    }
  assert_true(stopped >= 4); /* the budget does stop some */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_coresearch_optimum),
      cmocka_unit_test(test_coresearch_bound_whole_points),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
