/* test_proposal_xlsx.c — the Excel workbook of a proposal: a real workbook (a zip holding the sheet,
 * its shared strings and document properties), written whole or not at all, never over an input. */
#define _GNU_SOURCE /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/fileio.h"
#include "plan/run.h"
#include "render/proposal.h"
#include "testutil.h"

/* A solved small model's proposal for 2020 (caller frees *pr and *x). */
static void proposal_of_small(kc_run *x, kc_proposal *pr, kc_lang lang) {
  kc_model base;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &base, &err), KC_OK);
  kc_run_opts o = {0};
  assert_int_equal(kc_run_model(&base, &o, x, &err), KC_OK);
  kc_model_free(&base);
  assert_true(x->has_plan);
  assert_int_equal(kc_proposal_make(&x->m, &x->r, &x->p, 2020, lang, pr, &err), KC_OK);
}

static void test_xlsx_workbook(void **state) {
  (void)state;
  const kc_lang langs[] = {KC_LANG_VI, KC_LANG_EN};
  for (int l = 0; l < 2; l++) {
    kc_run x;
    kc_proposal pr;
    kc_error err;
    proposal_of_small(&x, &pr, langs[l]);
    char out[300], path[400];
    snprintf(out, sizeof out, "%s/out", x.m.dir);
    assert_int_equal(mkdir(out, 0755), 0);
    snprintf(path, sizeof path, "%s/p.xlsx", out);
    assert_int_equal(kc_proposal_xlsx(path, &pr, &err), KC_OK);
    assert_int_equal(tu_count_files(out), 1); /* no temporary file or folder left */
    char *buf;
    size_t len;
    assert_int_equal(kc_read_file(path, &buf, &len, &err), KC_OK);
    assert_memory_equal(buf, "PK\x03\x04", 4); /* a zip, whose entries a spreadsheet needs: */
    const char *parts[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                           "docProps/core.xml"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
      if (!memmem(buf, len, parts[i], strlen(parts[i])))
        fail_msg("the workbook has no %s", parts[i]);
    free(buf);
    kc_proposal_free(&pr);
    kc_run_free(&x);
  }
}

static void test_xlsx_refusals(void **state) {
  (void)state;
  kc_run x;
  kc_proposal pr;
  kc_error err;
  proposal_of_small(&x, &pr, KC_LANG_VI);
  char path[400];
  int before = tu_count_files(x.m.dir);
  snprintf(path, sizeof path, "%s/missing/p.xlsx", x.m.dir); /* a folder that does not exist */
  assert_int_equal(kc_proposal_xlsx(path, &pr, &err), KC_ERR_INPUT);
  snprintf(path, sizeof path, "%s/targets.csv", x.m.dir); /* an input of this run */
  assert_int_equal(kc_proposal_xlsx(path, &pr, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "one of this run's inputs"));
  assert_int_equal(tu_count_files(x.m.dir), before); /* nothing written, nothing left */
  char *buf;
  size_t len;
  assert_int_equal(kc_read_file(path, &buf, &len, &err), KC_OK);
  assert_non_null(strstr(buf, "activity,first_year")); /* the input is untouched */
  free(buf);
  kc_proposal_free(&pr);
  kc_run_free(&x);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_xlsx_workbook), cmocka_unit_test(test_xlsx_refusals)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
