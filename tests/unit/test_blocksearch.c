/* test_blocksearch.c — the timing stage's block search on a model of several provinces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "optimize/blocks.h"
#include "optimize/solve.h"
#include "testutil.h"

/* P provinces of two activities, each paid by its own fund (a ceiling of 30 a year) and up to half by
 * a shared national fund (40 in all; open to more than 8 activities, so wide): P + 1 blocks with the
 * national-only activity. Timing early. Files written into static buffers. */
#define P 5
static tu_files provinces(void) {
  static char prog[1024], act[1024], tgt[1024], elig[2048], ann[1024];
  int n = snprintf(prog, sizeof prog,
                   "{\"first_year\": 2021, \"last_year\": 2022, \"sources\": [{\"id\": \"nat\", \"ceiling\": 40}");
  int na = snprintf(act, sizeof act, "id,unit_cost\nonly_nat,5\n");
  int nt = snprintf(tgt, sizeof tgt, "activity,first_year,last_year,target\nonly_nat,2021,2022,2\n");
  int ne = snprintf(elig, sizeof elig, "activity,source,max_share\nonly_nat,nat,1\n");
  int nn = snprintf(ann, sizeof ann, "source,year,ceiling\n");
  for (int i = 0; i < P; i++) {
    n += snprintf(prog + n, sizeof prog - (size_t)n, ", {\"id\": \"l%d\"}", i);
    nn += snprintf(ann + nn, sizeof ann - (size_t)nn, "l%d,2021,30\nl%d,2022,30\n", i, i);
    for (int j = 0; j < 2; j++) {
      na += snprintf(act + na, sizeof act - (size_t)na, "a%d_%d,%d\n", i, j, 10 + j);
      nt += snprintf(tgt + nt, sizeof tgt - (size_t)nt, "a%d_%d,2021,2022,%d\n", i, j, 3 - j);
      ne += snprintf(elig + ne, sizeof elig - (size_t)ne, "a%d_%d,l%d,1\na%d_%d,nat,0.5\n", i, j, i, i, j);
    }
  }
  snprintf(prog + n, sizeof prog - (size_t)n, "]}");
  return (tu_files){.program = prog, .activities = act, .targets = tgt, .eligibility = elig, .annual = ann};
}

/* With --timing exact the block search runs before the proof: it visits every block, and the proven
 * timing stage is still proven; the earlier stages search no blocks. */
static void test_blocksearch_runs_on_every_block(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  tu_files f = provinces();
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  int block[2 * P + 1];
  int nb = kc_blocks(&m, block);
  assert_int_equal(nb, P + 1);
  kc_solve_opts o = {.timing_exact = 1, .skip_shadow = 1};
  kc_result r;
  assert_int_equal(kc_solve(&m, &o, &r, &err), KC_OK);
  assert_int_equal(r.status, KC_OK);
  const kc_stage_result *t = &r.stage[r.nstage - 1];
  assert_int_equal(t->kind, KC_STAGE_TIMING);
  assert_int_equal(t->blocks, nb);
  assert_true(t->proven);
  for (int i = 0; i + 1 < r.nstage; i++)
    assert_int_equal(r.stage[i].blocks, 0); /* only the timing stage searches blocks */
  kc_result_free(&r);
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_blocksearch_runs_on_every_block),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
