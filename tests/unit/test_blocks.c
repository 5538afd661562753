/* test_blocks.c — blocks of activities joined by narrow sources; a wide source joins nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "optimize/blocks.h"
#include "testutil.h"

/* p provinces of k activities each, every one open to its province's fund and, when national, to one
 * shared fund; plus one activity only the shared fund pays. Files written into the static buffers. */
static tu_files provinces(int p, int k, int national) {
  static char prog[4096], act[4096], tgt[4096], elig[8192];
  int n = snprintf(prog, sizeof prog, "{\"first_year\": 2021, \"last_year\": 2022, \"sources\": [{\"id\": \"nat\"}");
  for (int i = 0; i < p; i++)
    n += snprintf(prog + n, sizeof prog - (size_t)n, ", {\"id\": \"loc%d\"}", i);
  snprintf(prog + n, sizeof prog - (size_t)n, "]}");
  int na = snprintf(act, sizeof act, "id,unit_cost\nonly_nat,5\n");
  int nt = snprintf(tgt, sizeof tgt, "activity,first_year,last_year,target\nonly_nat,2021,2022,1\n");
  int ne = snprintf(elig, sizeof elig, "activity,source,max_share\nonly_nat,nat,1\n");
  for (int i = 0; i < p; i++)
    for (int j = 0; j < k; j++) {
      na += snprintf(act + na, sizeof act - (size_t)na, "a%d_%d,%d\n", i, j, 10 + j);
      nt += snprintf(tgt + nt, sizeof tgt - (size_t)nt, "a%d_%d,2021,2022,2\n", i, j);
      ne += snprintf(elig + ne, sizeof elig - (size_t)ne, "a%d_%d,loc%d,1\n", i, j, i);
      if (national)
        ne += snprintf(elig + ne, sizeof elig - (size_t)ne, "a%d_%d,nat,0.5\n", i, j);
    }
  return (tu_files){.program = prog, .activities = act, .targets = tgt, .eligibility = elig};
}

static void test_blocks_provinces(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  tu_files f = provinces(4, 3, 1); /* 13 activities: a province fund has 3 (narrow), nat 13 (wide) */
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  int block[13];
  assert_int_equal(kc_blocks(&m, block), 5);
  assert_int_equal(block[0], 0); /* only_nat alone */
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 3; j++)
      assert_int_equal(block[1 + 3 * i + j], 1 + i);
  kc_model_free(&m);
}

static void test_blocks_one_when_every_source_is_narrow(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  tu_files f = provinces(2, 3, 1); /* 7 activities: nat has 7 users, at most max(8, 7/4): narrow */
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  int block[7];
  assert_int_equal(kc_blocks(&m, block), 1);
  for (int a = 0; a < 7; a++)
    assert_int_equal(block[a], 0);
  kc_model_free(&m);
}

static void test_blocks_small_model(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK); /* both activities may use both sources */
  int block[2];
  assert_int_equal(kc_blocks(&m, block), 1);
  kc_model_free(&m);
}

static void test_blocks_without_shared_fund(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  tu_files f = provinces(3, 2, 0); /* provinces independent: one block each, only_nat its own */
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  int block[7];
  assert_int_equal(kc_blocks(&m, block), 4);
  assert_int_equal(block[1], block[2]);
  assert_int_not_equal(block[2], block[3]);
  assert_int_equal(block[5], block[6]);
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_blocks_provinces),
      cmocka_unit_test(test_blocks_one_when_every_source_is_narrow),
      cmocka_unit_test(test_blocks_small_model),
      cmocka_unit_test(test_blocks_without_shared_fund),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
