/* run.h — one model through the whole flow, written once: copy the base model, apply the scenarios,
 * solve the stages, round the plan, audit it, and explain an infeasible model. Every command that
 * solves (solve, proposal, report, compare, sweep) goes through kc_run_model.
 *
 * A kc_run owns everything inside it; kc_run_free releases it (also after a failure, and on a
 * zeroed kc_run). */
#ifndef KC_RUN_H
#define KC_RUN_H

#include <cjson/cJSON.h>

#include "optimize/gap.h"
#include "optimize/reject.h"
#include "core/model.h"
#include "plan/plan.h"
#include "optimize/solve.h"

typedef struct {
  const char *const *files; /* scenario files applied left to right (nfiles of them; may be NULL) */
  int nfiles;
  const cJSON *scenario;      /* one more scenario applied after the files, as JSON (may be NULL) */
  const char *scenario_label; /* its name in messages and in the plan's scenario list */
  kc_solve_opts solve;
  int explain;      /* when infeasible: solve the elastic model for the money that repairs it (why) */
  int skip_reasons; /* do not work out why each proposal left out is (kc_run.rej stays empty) */
  /* Called once the scenarios are applied, before solving (may be NULL): the CLI prints the
   * model's warnings there, before a long solve rather than after it. */
  void (*ready)(void *ctx, const kc_model *m);
  void *ctx;
} kc_run_opts;

typedef struct {
  kc_model m;     /* the base with the scenarios applied */
  kc_result r;    /* r.status: KC_OK (optimal), KC_ERR_INFEASIBLE or KC_ERR_LIMIT */
  kc_plan p;      /* the rounded plan, audited: valid when has_plan */
  int has_plan;   /* r.has_plan and the plan passed its audit */
  kc_rejects rej; /* with a plan and proposals, unless skip_reasons: why each one left out is (rej.n = 0 otherwise) */
  kc_gap why;     /* infeasible with o->explain: the money that repairs it, valid when has_why */
  int has_why;
  int input_bad; /* the failure was a scenario that cannot be applied (*err says which rule) */
} kc_run;

/* Runs base (not changed) through the flow into *x. KC_OK when the solve ran to its end, whatever
 * its status (x->r.status says: optimal, infeasible, or a time limit with or without a plan).
 * KC_ERR_INPUT when a scenario cannot be applied (x->input_bad set); KC_ERR_INTERNAL on solver failure,
 * out of memory, or a plan that fails its audit (never written). *x is the caller's to free with
 * kc_run_free in every case. */
KC_MUST_USE kc_rc kc_run_model(const kc_model *base, const kc_run_opts *o, kc_run *x, kc_error *err);

void kc_run_free(kc_run *x);

#endif
