/* compare.h — a baseline and several scenarios solved side by side (`kcplan compare`). */
#ifndef KC_COMPARE_H
#define KC_COMPARE_H

#include <cjson/cJSON.h>

#include "model.h"
#include "solve.h"

/* Solves base alone and base with each scenario file applied (each on its own, not one after
 * another) and returns, in *out (cJSON_Delete when done), {"runs": [...], "changes": [...]}: per run
 * its name, file, status and the summary's objective, sources and attainment; per scenario the plan
 * cells (activity x year x source money, and units) that differ from the baseline's. A scenario that
 * cannot be applied is KC_ERR_INPUT naming it; an infeasible scenario is reported as such in its run.
 * KC_ERR_INTERNAL on solver failure or a plan that fails its audit. */
kc_rc kc_compare(const kc_model *base, const char *const *scenarios, int n, const kc_solve_opts *o, cJSON **out,
                 kc_error *err);

#endif
