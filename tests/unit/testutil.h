/* testutil.h — helpers for the unit tests: a model folder written from strings into a fresh
 * temporary directory. */
#ifndef KC_TESTUTIL_H
#define KC_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "input/load.h"
#include "optimize/solve.h"

/* The files of a model; NULL leaves a file out. */
typedef struct {
  const char *program, *activities, *targets, *eligibility, *annual, *actuals, *proposals;
} tu_files;

/* Creates a temporary folder holding the files; returns its path (static buffer, overwritten by the
 * next call). */
const char *tu_model_dir(const tu_files *f);

/* Loads the files into *m; returns the load result and fills *err. */
kc_rc tu_load(const tu_files *f, kc_model *m, kc_error *err);

/* Loads the files into *m and solves them with the default options into *r; both must succeed (the
 * test fails otherwise). The caller frees *r and *m. */
void tu_solve(const tu_files *f, kc_model *m, kc_result *r);

/* Writes text to path. */
void tu_write(const char *path, const char *text);

/* Files in dir, not counting those whose name starts with a dot. */
int tu_count_files(const char *dir);

/* A small valid model: two sources (a: 100, b: 50 total), two activities, 2020-2021. */
extern const tu_files tu_small;

#endif
