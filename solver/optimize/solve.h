/* solve.h — the lexicographic stages solved with GLPK: attainment, spend and source use proven, timing
 * searched within a counted effort budget; an optional time limit.
 *
 * A kc_result owns its arrays; kc_result_free releases them. */
#ifndef KC_SOLVE_H
#define KC_SOLVE_H

#include "optimize/formulate.h"
#include "core/model.h"

#define KC_TIMING_NODES 2000  /* default effort budget of the timing stage: branch-and-bound nodes */
#define KC_MERIT_NODES 3000   /* default effort budget of the merit stage (a 0-1 selection) */
#define KC_SHADOW_NODES 500   /* effort budget of each finite-difference shadow price re-solve */
#define KC_SHADOW_TOTAL 5000L /* and of all of them together */
#define KC_STAGE_LP_ITERS 20  /* simplex iterations a stage's first LP may take, per row and column */

/* What a long branch-and-bound reports (kc_solve_opts.progress). */
typedef struct kc_progress {
  const char *stage; /* the stage's name (kc_stage_name); block_search true in the timing stage's block search */
  bool block_search;
  double best;   /* the best plan's objective so far, NAN before one is found */
  double gap;    /* the relative gap between it and the best bound */
  long nodes;    /* nodes searched so far in this search */
  long node_cap; /* the search's node budget, 0 when it has none */
} kc_progress;

typedef struct {
  /* Seconds for the whole solve; 0 = none. The user's safety valve: where it stops a run depends on
   * the machine's speed and load. Every other limit counts work, so results do not. */
  double time_limit;
  /* Effort budget of the timing stage (a tie-breaker among the plans stages 1-3 proved optimal):
   * branch-and-bound nodes, block-search nodes included; 0 = KC_TIMING_NODES. When it runs out the
   * best plan found is kept, its bound and gap reported, and the status stays optimal. */
  long timing_nodes;
  int timing_exact; /* search the timing stage to its proof, without a budget */
  /* Effort budget of the merit stage: branch-and-bound nodes; 0 = KC_MERIT_NODES. When it runs out
   * the best selection found is kept, the later stages solved keeping it, and the status is limit
   * (exit 4) with the merit stage's bound and gap. */
  long merit_nodes;
  int skip_shadow; /* leave the shadow prices out (sweeps do not report them) */
  /* Called about once a second during a long branch-and-bound (may be NULL); never from another
   * thread than the caller's. */
  void (*progress)(void *ctx, const kc_progress *p);
  void *progress_ctx;
} kc_solve_opts;

typedef struct {
  kc_stage kind;
  double value;   /* the stage's objective at the plan kept */
  double bound;   /* best bound proven for it (= value when proven) */
  double gap;     /* relative gap between value and bound; 0 when proven */
  double seconds; /* wall time of the stage */
  int proven;     /* 1 when proven optimal; 0 when cut by the time limit or the timing budget */
  long nodes;     /* branch-and-bound nodes searched */
  /* Block search (timing stage of models of several blocks, blocks.h): blocks, plans improved, seconds.
   * blocks is 0 when it did not run. */
  int blocks, block_improvements;
  double block_seconds;
} kc_stage_result;

typedef struct {
  kc_rc status; /* KC_OK (optimal), KC_ERR_LIMIT (best plan, not proven) or KC_ERR_INFEASIBLE */
  int has_plan; /* x and f hold a feasible plan */
  double *x;    /* [a * ny + yi] units started */
  double *f;    /* [(a * ny + yi) * nsrc + s] money */
  kc_stage_result stage[KC_NSTAGES];
  int nstage;           /* stages solved (all of them unless the limit cut the run short) */
  double gap;           /* relative MIP gap of the last stage run; 0 when optimal */
  kc_stage limit_stage; /* the stage the time limit stopped (status KC_ERR_LIMIT) */
  double seconds;
  int rows, cols, int_cols; /* size of the stage-1 problem */
  /* Shadow prices per ceiling row: the dual in the stage-1 LP with integers fixed, or, where that is 0
   * at a ceiling within a step of binding, a finite difference of the stage-1 MIP optimum. */
  int nshadow;
  struct kc_shadow {
    char row[160];   /* "ceiling:local", "annual:local:2019" */
    double value;    /* attainment points (weighted shortfall reduction) per extra million VND */
    double lo, hi;   /* GLPK ranging of the row's bound; NAN when unbounded */
    int active;      /* the ceiling is binding at the chosen plan */
    char method[24]; /* "lp_dual" or "finite_difference" */
    double step;     /* the finite difference's step, million VND (0 for lp_dual) */
    /* 1 when value is exact; 0 when the finite difference's re-solve ran out of its budget: value is
     * then proven at least (a plan that good exists) and at most value_hi (its best bound) */
    int proven;
    double value_hi;
  } * shadow;
  kc_reason infeasible_reason; /* why the model has no feasible plan */
} kc_result;

/* Solves m. KC_OK when a result was produced (check r->status: optimal, limit or infeasible);
 * KC_ERR_INTERNAL on GLPK failure or out of memory, with *err saying why and *r empty. */
KC_MUST_USE kc_rc kc_solve(const kc_model *m, const kc_solve_opts *o, kc_result *r, kc_error *err);

void kc_result_free(kc_result *r);

/* Seconds on the monotonic clock (for elapsed times). */
double kc_now(void);

/* Writes stage k as kc_solve builds it — the earlier stages of m solved and kept — to path in
 * CPLEX LP (mps = 0) or free MPS (mps = 1) format. A maximisation stage is written to MPS as the
 * equivalent minimisation of the negated objective, because MPS has no objective sense.
 * KC_ERR_INPUT when m has no such stage or path cannot be written; KC_ERR_INFEASIBLE or
 * KC_ERR_LIMIT when an earlier stage cannot be solved. */
KC_MUST_USE kc_rc kc_export(const kc_model *m, kc_stage k, const char *path, int mps, const kc_solve_opts *o,
                            kc_error *err);

#endif
