/* run.c — the flow of one model: copy, scenarios, solve, round, audit, explain. */
#include "plan/run.h"

#include <math.h>
#include <string.h>

#include "plan/audit.h"
#include "input/scenario.h"

kc_rc kc_run_model(const kc_model *base, const kc_run_opts *o, kc_run *x, kc_error *err) {
  memset(x, 0, sizeof *x);
  kc_rc rc = kc_model_copy(&x->m, base, err);
  for (int i = 0; rc == KC_OK && i < o->nfiles; i++)
    rc = kc_scenario_apply_file(&x->m, o->files[i], err);
  if (rc == KC_OK && o->scenario)
    rc = kc_scenario_apply_json(&x->m, o->scenario, o->scenario_label, NULL, NULL, err);
  if (rc != KC_OK) {
    x->input_bad = rc == KC_ERR_INPUT;
    return rc;
  }
  if (o->ready)
    o->ready(o->ctx, &x->m);
  if ((rc = kc_solve(&x->m, &o->solve, &x->r, err)) != KC_OK)
    return rc;
  if (x->r.has_plan) {
    if ((rc = kc_plan_make(&x->m, &x->r, &x->p, err)) != KC_OK || (rc = kc_audit(&x->m, &x->p, &x->r, err)) != KC_OK)
      return rc;
    x->has_plan = 1;
    if (!o->skip_reasons && (rc = kc_rejects_find(&x->m, x->p.units, &x->rej, err)) != KC_OK)
      return rc;
  }
  if (x->r.status == KC_ERR_INFEASIBLE && o->explain) {
    kc_error gerr = {0}; /* no explanation is no failure: the plain reason is still told */
    x->has_why = kc_gap_solve(&x->m, 0, -1, NAN, NULL, &o->solve, &x->why, &gerr) == KC_OK;
  }
  return KC_OK;
}

void kc_run_free(kc_run *x) {
  if (x->has_why)
    kc_gap_free(&x->why);
  kc_rejects_free(&x->rej);
  kc_plan_free(&x->p);
  kc_result_free(&x->r);
  kc_model_free(&x->m);
  memset(x, 0, sizeof *x);
}
