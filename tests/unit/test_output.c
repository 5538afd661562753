/* test_output.c — number formats, display widths, the output files and atomic writing. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fileio.h"
#include "render/output.h"
#include "core/text.h"
#include "planfix.h"

static void test_output_fmt_milli(void **state) {
  (void)state;
  char b[32];
  assert_string_equal(kc_fmt_milli(0, b), "0.000");
  assert_string_equal(kc_fmt_milli(18438000, b), "18438.000");
  assert_string_equal(kc_fmt_milli(-12500, b), "-12.500");
  assert_string_equal(kc_fmt_milli(7, b), "0.007");
}

static void test_output_text_width(void **state) {
  (void)state;
  assert_int_equal(kc_text_width("Đào tạo nghề"), 12);
  assert_int_equal(kc_text_width("abc"), 3);
  assert_int_equal(kc_text_width("e\xCC\x81"), 1); /* e + combining acute */
}

static char *slurp(const char *path) {
  char *buf;
  size_t len;
  kc_error err;
  assert_int_equal(kc_read_file(path, &buf, &len, &err), KC_OK);
  return buf;
}

static void test_output_files(void **state) {
  (void)state;
  fixture fx;
  make(&fx, &tu_small);
  char out[300], path[400];
  snprintf(out, sizeof out, "%s/out", fx.m.dir);
  mkdir(out, 0755);
  kc_error err;
  assert_int_equal(kc_write_outputs(out, &fx.m, &fx.r, &fx.p, NULL, NULL, &err), KC_OK);
  assert_int_equal(tu_count_files(out), 4);
  snprintf(path, sizeof path, "%s/plan.csv", out);
  char *plan = slurp(path);
  assert_true(strncmp(plan, "year,activity,units,cost,a,b,counterpart\n", 41) == 0);
  free(plan);
  snprintf(path, sizeof path, "%s/attainment.csv", out);
  char *att = slurp(path);
  assert_non_null(strstr(att, "x,2020,2021,6,5,1,0.8333\n"));
  free(att);
  snprintf(path, sizeof path, "%s/summary.json", out);
  char *sum = slurp(path);
  cJSON *js = cJSON_Parse(sum);
  free(sum);
  assert_non_null(js);
  assert_string_equal(cJSON_GetObjectItem(js, "status")->valuestring, "optimal");
  cJSON *obj = cJSON_GetObjectItem(js, "objective");
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(obj, "max_weighted_shortfall")));
  assert_true(cJSON_GetObjectItem(obj, "total_spend")->valuedouble == 150);
  cJSON *src = cJSON_GetArrayItem(cJSON_GetObjectItem(js, "sources"), 0);
  assert_true(cJSON_GetObjectItem(src, "unallocated")->valuedouble == 0);
  assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(js, "inputs")), 3);
  cJSON_Delete(js);
  drop(&fx);
}

static void test_output_missing_folder_writes_nothing(void **state) {
  (void)state;
  fixture fx;
  make(&fx, &tu_small);
  char out[300];
  snprintf(out, sizeof out, "%s/does-not-exist", fx.m.dir);
  kc_error err;
  int before = tu_count_files(fx.m.dir);
  assert_int_equal(kc_write_outputs(out, &fx.m, &fx.r, &fx.p, NULL, NULL, &err), KC_ERR_INPUT);
  assert_int_equal(tu_count_files(fx.m.dir), before);
  drop(&fx);
}

static void test_output_atomic_full_device(void **state) {
  (void)state;
  /* A write that fails at close leaves no temporary behind and nothing at the target. */
  kc_atomic f;
  kc_error err;
  char dir[] = "/tmp/kcplan-atomic-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[300];
  snprintf(path, sizeof path, "%s/x.txt", dir);
  assert_int_equal(kc_atomic_open(&f, path, &err), KC_OK);
  fclose(f.fp);
  f.fp = fopen("/dev/full", "w"); /* stands in for a full disk */
  assert_non_null(f.fp);
  setvbuf(f.fp, NULL, _IONBF, 0);
  fputs("data", f.fp);
  assert_int_equal(kc_atomic_close(&f, &err), KC_ERR_INPUT);
  kc_atomic_abort(&f);
  assert_int_equal(tu_count_files(dir), 0);
  rmdir(dir);
}

static void test_output_atomic_remove_all(void **state) {
  (void)state;
  /* What a SIGINT handler calls: every temporary file not yet published disappears; published files
   * stay; aborting afterwards is harmless. */
  kc_atomic f[3];
  kc_error err;
  char dir[] = "/tmp/kcplan-atomic-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[300];
  for (int i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/f%d.txt", dir, i);
    assert_int_equal(kc_atomic_open(&f[i], path, &err), KC_OK);
    fputs("data", f[i].fp);
  }
  assert_int_equal(kc_atomic_commit(&f[0], &err), KC_OK);
  assert_int_equal(tu_count_files(dir), 3); /* f0.txt and two temporaries */
  kc_atomic_remove_all();
  assert_int_equal(tu_count_files(dir), 1);
  kc_atomic_abort(&f[1]);
  kc_atomic_abort(&f[2]);
  assert_int_equal(tu_count_files(dir), 1);
  /* publish_all puts a set in place together */
  for (int i = 0; i < 2; i++) {
    snprintf(path, sizeof path, "%s/g%d.txt", dir, i);
    assert_int_equal(kc_atomic_open(&f[i], path, &err), KC_OK);
    assert_int_equal(kc_atomic_close(&f[i], &err), KC_OK);
  }
  assert_int_equal(kc_atomic_publish_all(f, 2, &err), KC_OK);
  assert_int_equal(tu_count_files(dir), 3);
  kc_atomic_remove_all(); /* nothing left to remove */
  assert_int_equal(tu_count_files(dir), 3);
  /* a path that is not a regular file is never opened for replacing */
  assert_int_equal(kc_atomic_open(&f[0], dir, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "not a regular file"));
  for (int i = 0; i < 2; i++) {
    snprintf(path, sizeof path, "%s/g%d.txt", dir, i);
    unlink(path);
  }
  snprintf(path, sizeof path, "%s/f0.txt", dir);
  unlink(path);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_output_fmt_milli),
      cmocka_unit_test(test_output_text_width),
      cmocka_unit_test(test_output_files),
      cmocka_unit_test(test_output_missing_folder_writes_nothing),
      cmocka_unit_test(test_output_atomic_full_device),
      cmocka_unit_test(test_output_atomic_remove_all),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
