/* test_fileio.c — reading inputs (regular files only, never waiting on a pipe) and atomic outputs
 * (never over an input, the umask, the private folder for writers that reopen by name). */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fileio.h"
#include "testutil.h"

static char dir[64];

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/kcplan-fileio-XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd);
}

static const char *in_dir(const char *name) {
  static char p[4][128];
  static int k;
  k = (k + 1) % 4;
  snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
  return p[k];
}

static void test_fileio_read_regular_only(void **state) {
  (void)state;
  char *buf;
  size_t len;
  kc_error err;
  tu_write(in_dir("a.csv"), "x,y\n1,2\n");
  assert_int_equal(kc_read_file(in_dir("a.csv"), &buf, &len, &err), KC_OK);
  assert_int_equal(len, 8);
  assert_string_equal(buf, "x,y\n1,2\n");
  free(buf);
  /* a FIFO with no writer: refused at once (a blocking open would wait forever) */
  assert_int_equal(mkfifo(in_dir("pipe.csv"), 0600), 0);
  assert_int_equal(kc_read_file(in_dir("pipe.csv"), &buf, &len, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "not a regular file"));
  assert_null(buf);
  assert_int_equal(kc_read_file(dir, &buf, &len, &err), KC_ERR_INPUT);
  assert_int_equal(kc_read_file(in_dir("missing.csv"), &buf, &len, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "cannot open"));
}

static void test_fileio_never_over_an_input(void **state) {
  (void)state;
  char *buf;
  size_t len;
  kc_error err;
  kc_atomic f;
  tu_write(in_dir("in.csv"), "keep me\n");
  tu_write(in_dir("other.csv"), "not read\n");
  assert_int_equal(link(in_dir("in.csv"), in_dir("hard.csv")), 0);
  assert_int_equal(symlink(in_dir("in.csv"), in_dir("sym.csv")), 0);
  /* before it is read, the file is just a file */
  assert_int_equal(kc_atomic_open(&f, in_dir("in.csv"), &err), KC_OK);
  kc_atomic_abort(&f);
  assert_int_equal(kc_read_file(in_dir("in.csv"), &buf, &len, &err), KC_OK);
  free(buf);
  int before = tu_count_files(dir);
  const char *names[] = {"in.csv", "hard.csv", "sym.csv"};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(kc_atomic_open(&f, in_dir(names[i]), &err), KC_ERR_INPUT);
    assert_non_null(strstr(err.msg, "one of this run's inputs"));
    assert_int_equal(kc_atomic_open_private(&f, in_dir(names[i]), 1, &err), KC_ERR_INPUT);
    assert_non_null(strstr(err.msg, "one of this run's inputs"));
  }
  assert_int_equal(tu_count_files(dir), before); /* no temporary file left */
  assert_int_equal(kc_read_file(in_dir("in.csv"), &buf, &len, &err), KC_OK);
  assert_string_equal(buf, "keep me\n");
  free(buf);
  assert_int_equal(kc_atomic_open(&f, in_dir("other.csv"), &err), KC_OK); /* a file not read */
  fputs("new\n", f.fp);
  assert_int_equal(kc_atomic_commit(&f, &err), KC_OK);
}

static int mode_of(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static void test_fileio_modes(void **state) {
  (void)state;
  kc_error err;
  kc_atomic f;
  /* the umask is read once per process: this test sets it before any output of this program */
  mode_t old = umask(027);
  assert_int_equal(kc_atomic_open(&f, in_dir("new.csv"), &err), KC_OK);
  assert_int_equal(kc_atomic_commit(&f, &err), KC_OK);
  assert_int_equal(mode_of(in_dir("new.csv")), 0640);
  assert_int_equal(chmod(in_dir("new.csv"), 0604), 0);
  assert_int_equal(kc_atomic_open(&f, in_dir("new.csv"), &err), KC_OK);
  assert_int_equal(kc_atomic_commit(&f, &err), KC_OK);
  assert_int_equal(mode_of(in_dir("new.csv")), 0604); /* a replaced file keeps its mode */
  umask(old);
}

static void test_fileio_private_folder(void **state) {
  (void)state;
  kc_error err;
  kc_atomic f;
  assert_int_equal(kc_atomic_open_private(&f, in_dir("w.xlsx"), 1, &err), KC_OK);
  /* the temporary file lies in a folder only its owner can enter: nobody else can put a symlink
   * where the library will reopen it by name */
  struct stat st;
  assert_int_equal(lstat(f.dir, &st), 0);
  assert_true(S_ISDIR(st.st_mode));
  assert_int_equal(st.st_mode & 0777, 0700);
  assert_int_equal(st.st_uid, getuid());
  assert_int_equal(strncmp(f.tmp, f.dir, strlen(f.dir)), 0);
  assert_int_equal(f.tmp[strlen(f.dir)], '/');
  char saved_dir[sizeof f.dir];
  snprintf(saved_dir, sizeof saved_dir, "%s", f.dir);
  FILE *by_name = fopen(f.tmp, "w"); /* as GLPK and libxlsxwriter write it */
  assert_non_null(by_name);
  fputs("content\n", by_name);
  fclose(by_name);
  assert_int_equal(kc_atomic_commit(&f, &err), KC_OK);
  assert_int_equal(access(saved_dir, F_OK), -1); /* the folder is gone */
  char *buf;
  size_t len;
  assert_int_equal(kc_read_file(in_dir("w.xlsx"), &buf, &len, &err), KC_OK);
  assert_string_equal(buf, "content\n");
  free(buf);
  /* aborted, or removed as by a signal handler: nothing left */
  int before = tu_count_files(dir);
  assert_int_equal(kc_atomic_open_private(&f, in_dir("x.lp"), 1, &err), KC_OK);
  kc_atomic_abort(&f);
  assert_int_equal(kc_atomic_open_private(&f, in_dir("y.lp"), 1, &err), KC_OK);
  kc_atomic g;
  assert_int_equal(kc_atomic_open(&g, in_dir("z.csv"), &err), KC_OK);
  kc_atomic_remove_all();
  fclose(f.fp);
  fclose(g.fp);
  assert_int_equal(tu_count_files(dir), before);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fileio_modes), /* first: the umask is read at the first output */
      cmocka_unit_test(test_fileio_read_regular_only),
      cmocka_unit_test(test_fileio_never_over_an_input),
      cmocka_unit_test(test_fileio_private_folder),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
