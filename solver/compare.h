/* compare.h — a baseline and several scenarios solved side by side (`kcplan compare`), and the
 * comparison rendered as JSON, a terminal table or long CSV, all from the runs themselves. */
#ifndef KC_COMPARE_H
#define KC_COMPARE_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "model.h"
#include "run.h"
#include "solve.h"

/* A cell of the plan that differs from the baseline's: money of one source (source >= 0, in
 * thousandths of a million VND) or units started (source -1). */
typedef struct {
  const char *activity; /* id (borrowed from a run's model) */
  int year;
  int source; /* index into the baseline's sources, or -1 for units */
  double baseline, scenario;
} kc_compare_cell;

typedef struct {
  kc_run *runs;             /* [0] the baseline, then one run per scenario */
  const char *const *files; /* the scenario file of run i is files[i - 1] (borrowed) */
  int nruns;
  kc_compare_cell **cells; /* [i] for run i >= 1: its changed cells, ncells[i] of them */
  int *ncells;
} kc_comparison;

/* Solves base alone (the baseline) and base with each scenario file applied (each on its own, not
 * one after another) into *out (kc_comparison_free), and finds the cells that changed. A scenario
 * that cannot be applied is KC_ERR_INPUT naming it; an infeasible scenario is a run with that
 * status. KC_ERR_INTERNAL on solver failure or a plan that fails its audit. */
kc_rc kc_compare(const kc_model *base, const char *const *scenarios, int n, const kc_solve_opts *o, kc_comparison *out,
                 kc_error *err) __attribute__((warn_unused_result));

void kc_comparison_free(kc_comparison *c);

/* Run i's name: "baseline", or the scenario's name (its "name", else its file). */
const char *kc_compare_name(const kc_comparison *c, int i);

/* {"runs": [...], "changes": [...]}: per run its name, file, status and the summary's objective,
 * sources and attainment; per scenario the cells that differ from the baseline's. NULL when out of
 * memory. */
cJSON *kc_compare_json(const kc_comparison *c);

/* The runs side by side for the terminal: status, the stage optima, spend and unallocated money per
 * source, attainment per target, each with its delta against the baseline; then the changed cells. */
void kc_compare_table(FILE *fp, const kc_comparison *c);

/* The same as long CSV: section,key,run,value,delta per row and run, then one line per changed cell. */
void kc_compare_csv(FILE *fp, const kc_comparison *c);

#endif
