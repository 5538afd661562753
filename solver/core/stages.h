/* stages.h — the lexicographic objective's stages: one table row per stage (its name, how it is
 * solved, what it measures in a planner's words), which stages a model asks for, and a stage's value
 * evaluated at any plan. Nothing here depends on GLPK: the audit and the outputs use it as they are.
 *
 * Adding a stage: an enumerator and a row of the table here, its value in kc_stage_value, its
 * objective in kc_form_objective (formulate.c), and its words in docs/model.md. */
#ifndef KC_STAGES_H
#define KC_STAGES_H

#include "core/model.h"

#define KC_LATER_STAGE_GAP 1e-6 /* relative MIP gap at which spend and source preference stop */
#define KC_TIMING_GAP 1e-5      /* and the timing stage, a tie-breaker (0.3 of Can Tho's 28,000) */

typedef enum {
  KC_STAGE_MAXSHORT,
  KC_STAGE_ATTAIN,
  KC_STAGE_MERIT, /* with proposals: the most appraisal points funded */
  KC_STAGE_SPEND,
  KC_STAGE_PREF,
  KC_STAGE_STABILITY, /* with a baseline: fewest units changed in the open years */
  KC_STAGE_STABMONEY, /* then the least money moved between sources and years */
  KC_STAGE_TIMING
} kc_stage;
#define KC_NSTAGES (KC_STAGE_TIMING + 1)

typedef struct {
  const char *name; /* as in summary.json and row names (keep_<name>) */
  /* 1: a tie-breaker among the plans the exact stages leave, searched within a counted node budget
   * (kc_solve_opts.timing_nodes) and reported with its bound; 0: proven, and the plan is optimal
   * only when every such stage is */
  int tiebreak;
  int attainment; /* 1: its optimum is the shortfall the audit re-checks against the plan */
  /* relative gap at which its branch-and-bound stops: 0 for attainment, proven to the last digit;
   * KC_LATER_STAGE_GAP for the money stages, whose last 1e-6 no planner can see; KC_TIMING_GAP for
   * timing, which only orders plans already optimal for the stages before it */
  double gap;
  const char *summary_key; /* its value's key under summary.json's "objective" */
  const char *label;       /* its row in kcplan compare */
  const char *meaning;     /* what its value measures, for messages (marked for the catalogue) */
} kc_stage_def;

/* The row of stage k. */
const kc_stage_def *kc_stage_info(kc_stage k);

/* kc_stage_info(k)->name: "max_shortfall", "attainment", "spend", "source_preference", "timing". */
const char *kc_stage_name(kc_stage k);

/* The stages m's objective asks for, in the order they are solved; returns how many (at most
 * KC_NSTAGES). */
int kc_stage_list(const kc_model *m, kc_stage out[KC_NSTAGES]);

/* Rank of source s in m's preference order, 1-based: the source-preference stage's weight. */
int kc_stage_pref_rank(const kc_model *m, int s);

/* Stage k's value at the given plan (x units by [a*ny+yi], f money by [(a*ny+yi)*nsrc+s]), with the
 * shortfalls those units imply. */
double kc_stage_value(const kc_model *m, kc_stage k, const double *x, const double *f);

#endif
