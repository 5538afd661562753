/* solve.h — the lexicographic stages of SPEC §2 solved with GLPK, warm-started, with a time limit.
 *
 * A kc_result owns its arrays; kc_result_free releases them. */
#ifndef KC_SOLVE_H
#define KC_SOLVE_H

#include "formulate.h"
#include "model.h"

/* A simplex basis carried from one solve to the next (sweeps): statuses of rows and columns. */
typedef struct {
  int rows, cols;   /* dimensions it was taken from; 0 = empty */
  int *row_stat;    /* [1..rows] */
  int *col_stat;    /* [1..cols] */
  int cap_r, cap_c; /* allocated sizes */
} kc_basis;

#define KC_LATER_STAGE_GAP 1e-6 /* relative MIP gap at which stages after attainment stop */

typedef struct {
  double time_limit;  /* seconds for the whole solve; 0 = none */
  double stage_limit; /* seconds for each stage after attainment; 0 = none. When one runs out, its
                       * best plan is kept and the result's status is KC_ERR_LIMIT. */
  /* In/out (may be NULL): the stage-1 LP starts from this basis when its dimensions match, and the
   * stage-1 optimal basis is stored back for the next solve of a model of the same shape. */
  kc_basis *warm;
  int skip_shadow; /* leave the shadow prices out (sweeps do not report them) */
  /* Called about once a second during a long branch-and-bound (may be NULL); never from another
   * thread than the caller's. */
  void (*progress)(void *ctx, const char *stage, double best, double gap);
  void *progress_ctx;
} kc_solve_opts;

typedef struct {
  kc_stage kind;
  double value;   /* optimum reached by the solver in this stage */
  double seconds; /* wall time of the stage */
  int optimal;    /* 1 when proven optimal, 0 when cut by the time limit */
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
  kc_stage_result stage[5];
  int nstage;           /* stages solved (all of them unless the limit cut the run short) */
  double gap;           /* relative MIP gap of the last stage run; 0 when optimal */
  kc_stage limit_stage; /* the stage a limit stopped (status KC_ERR_LIMIT) */
  int stage_budget;     /* it was the per-stage budget (stage_limit), not the overall time limit */
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
  } * shadow;
  char infeasible_reason[512];
} kc_result;

/* Solves m. KC_OK when a result was produced (check r->status: optimal, limit or infeasible);
 * KC_ERR_INTERNAL on GLPK failure or out of memory, with *err saying why and *r empty. */
kc_rc kc_solve(const kc_model *m, const kc_solve_opts *o, kc_result *r, kc_error *err);

void kc_result_free(kc_result *r);

/* Seconds on the monotonic clock (for elapsed times). */
double kc_now(void);

/* Releases a warm-start basis's arrays. */
void kc_basis_free(kc_basis *b);

/* Writes stage k as kc_solve builds it — the earlier stages of m solved and kept — to path in
 * CPLEX LP (mps = 0) or free MPS (mps = 1) format. A maximisation stage is written to MPS as the
 * equivalent minimisation of the negated objective, because MPS has no objective sense.
 * KC_ERR_INPUT when m has no such stage or path cannot be written; KC_ERR_INFEASIBLE or
 * KC_ERR_LIMIT when an earlier stage cannot be solved. */
kc_rc kc_export(const kc_model *m, kc_stage k, const char *path, int mps, const kc_solve_opts *o, kc_error *err);

#endif
