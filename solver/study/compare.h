/* compare.h — a baseline and several scenarios solved side by side (`kcplan compare`), and the
 * cells that changed; compare_out.h renders it. */
#ifndef KC_COMPARE_H
#define KC_COMPARE_H

#include "core/model.h"
#include "plan/run.h"
#include "optimize/solve.h"

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
KC_MUST_USE kc_rc kc_compare(const kc_model *base, const char *const *scenarios, int n, const kc_solve_opts *o,
                             kc_comparison *out, kc_error *err);

void kc_comparison_free(kc_comparison *c);

/* Run i's name: "baseline", or the scenario's name (its "name", else its file). */
const char *kc_compare_name(const kc_comparison *c, int i);

#endif
