/* gap.h — the elastic model of docs/model.md: extra money e[s,y] that raises annual and total ceilings,
 * minimised. Used by `kcplan gap` (every target forced) and to explain infeasible models.
 *
 * For a source with annual ceilings, e[s,y] raises year y's ceiling (and, with carry-over, every
 * cumulative row from y on) and the total ceiling by the same amount. For a source with only a total
 * ceiling the year is immaterial: its extra money is reported under the first year. Sources without
 * any ceiling need no extra money. A kc_gap owns its arrays. */
#ifndef KC_GAP_H
#define KC_GAP_H

#include "core/model.h"
#include "optimize/formulate.h"
#include "optimize/solve.h"

#define KC_GAP_MIP_GAP 1e-5  /* relative MIP gap at which the elastic model stops */
#define KC_GAP_NODES 200000L /* branch-and-bound nodes it may search (a counted limit, not seconds) */

typedef struct {
  int target;       /* index into m->tgt, or -1 for a rule that is not a target */
  kc_reason reason; /* why no amount of the allowed money reaches it */
} kc_unreachable;

typedef struct {
  kc_rc status;       /* KC_OK (extra found), KC_ERR_INFEASIBLE (no amount helps), KC_ERR_LIMIT */
  double extra_total; /* sum of e */
  double min_score;   /* the proposals with at least this score were funded too (NAN: none forced) */
  double *extra;      /* [s * ny + yi] */
  kc_unreachable *unreach;
  int nunreach;
  double seconds;
} kc_gap;

/* Solves the elastic model of m. force_targets: every short[t] fixed at 0 (the funding gap);
 * otherwise shortfalls are free (what the hard rules alone need: the explanation of an infeasible
 * model). source: the only source that may get extra money, or -1 for all. min_score (NAN: none):
 * every proposal with at least that score is funded too (row fund(p)). With lp_path the elastic
 * model is written there in CPLEX LP format (columns extra(source,year)) instead of being solved.
 * KC_OK when g was filled (see g->status); KC_ERR_INTERNAL on GLPK failure. */
KC_MUST_USE kc_rc kc_gap_solve(const kc_model *m, int force_targets, int source, double min_score, const char *lp_path,
                               const kc_solve_opts *o, kc_gap *g, kc_error *err);

void kc_gap_free(kc_gap *g);

/* Adds to F the extra-money columns e(s,y) of source (-1: every source with a ceiling), each with its
 * coefficients in the ceiling rows it raises, into ecol[s * ny + yi] (0 where none). Run inside
 * kc_glpk_guard. */
void kc_gap_extra_columns(kc_form *F, int source, int *ecol);

#endif
