/* formulate.h — a kc_model as a named GLPK problem (docs/model.md) and the lexicographic stage objectives.
 *
 * Columns: x(a,y) units started (integer unless divisible; only where a unit can finish),
 * f(a,y,s) money from s for a in y (only where s may pay and a can need money in y),
 * short(a,fy_ly) target shortfall as a share of the target (0..1), total(a,fy_ly) units in the period (integer: the
 * brancher's handle: branching on period totals first), M for balanced attainment. Rows: pay(a,y),
 * maxshare/minshare(a,y,s), ceiling(s), annual(s,y) (cumulative when carry_over), total(a,fy_ly), cover(a,fy_ly),
 * balance(a,fy_ly), and keep_<stage> rows added as stages are solved.
 *
 * Every GLPK call here may fail fatally only on a programming error; callers run them inside
 * kc_glpk_guard. */
#ifndef KC_FORMULATE_H
#define KC_FORMULATE_H

#include <glpk.h>

#include "core/model.h"
#include "core/stages.h"

#define KC_KEEP_TOL 1e-7 /* a keep row holds its stage's optimum within this share of it (or of 1) */

/* A sparse row under construction (1-based for GLPK). */
typedef struct {
  int n, cap;
  int *ind;
  double *val;
} kc_row_buf;

typedef struct {
  const kc_model *m; /* borrowed; must outlive the form */
  glp_prob *lp;      /* owned */
  int ny;
  int *x; /* [a * ny + yi] column, 0 when no unit can start there */
  int *f; /* [(a * ny + yi) * nsrc + s] column, 0 when that money cannot flow or is substituted */
  /* [a] the one source that pays all of activity a's money (the only one allowed, up to 100%), whose
   * money is then not a column: f(a,y,s) = need(a,y), the units' cost due in year y, written into the
   * source's ceiling rows and the objectives directly; -1 when a's money has columns. */
  int *sole;
  /* [t] shortfall column; 0 for a capped target of a selection model (kc_form_build with compact; no
   * target period holds more than one start year): one whose period can never hold more units than
   * the target (max_per_year x start years <= target), whose shortfall is then exactly
   * 1 - total/target and is written into the objectives and balance rows directly. Only there: on
   * models with multi-year periods the substituted keep rows, dense and nearly parallel to the
   * money rows, made node LPs of the timing stage take seconds each (tests/e2e/wide_check.py). */
  int *sh;
  int *tot;    /* [t] period-total column; the period's one x column when it has only one */
  int ntotals; /* period-total columns of their own */
  int mcol;    /* M column (balanced), else 0 */
  /* With a baseline, once kc_form_add_stability has run: [a * ny + yi] the column of |x - baseline units| and [(a * ny
   * + yi) * nsrc + s] of |money - baseline money| in the open years (0 where the difference is a constant), and the
   * constants of the two stability objectives (cells whose units or money cannot change). */
  int *du, *dm;
  double stab_const[2];
  int *ceil_row;      /* [s] ceiling row, 0 when none */
  int *ann_row;       /* [s * ny + yi] annual row, 0 when none */
  int base_rows;      /* rows before any keep row and the stability rows */
  int nkeep;          /* keep rows added (rows base_rows + 1 ...) */
  double keep_tol[8]; /* [k] how far keep row k's bound lies from its stage's optimum */
  int keep_row[8];    /* [k] keep row k (after base_rows; the stability rows may lie between) */
  /* The objective GLPK holds is the stage's divided by obj_scale (its largest coefficient), set by
   * kc_form_objective: a GLPK objective value times obj_scale is the stage's value. */
  double obj_scale;
  /* The row being built, owned here (not by a local of the function building it), so that a fatal
   * GLPK error in the middle of a row, which unwinds past that function, leaks nothing. */
  kc_row_buf rb;
} kc_form;

/* Activity a's money from source s in year index yi at the unit columns' values x (GLPK's columns,
 * 1-based): the f column's value, or need(a,yi) when s is a's sole source. */
double kc_form_money(const kc_form *F, const double *x, int a, int yi, int s);

/* Builds the problem for m into *F; compact = 1 substitutes the shortfalls of capped targets (see
 * sh), 0 gives every target its shortfall column (the elastic model of gap.h fixes them). On failure
 * (out of memory) returns KC_ERR_INTERNAL; *F is then empty. */
KC_MUST_USE kc_rc kc_form_build(const kc_model *m, int compact, kc_form *F, kc_error *err);

/* Deletes the problem (unless lp is NULL, e.g. after a fatal GLPK error freed it) and the maps. */
void kc_form_free(kc_form *F);

/* Replaces the objective by stage k's (direction included), normalised: GLPK holds it divided by its
 * largest coefficient, which is stored in F->obj_scale. */
void kc_form_objective(kc_form *F, kc_stage k);

/* Sets row i's scale factor from its entries and the columns' scale factors (geometric mean), as
 * kc_form_build scales every row; for rows added later. Out of memory leaves the factor at 1. */
void kc_form_scale_row(glp_prob *lp, int i);

/* With a baseline, adds the stability columns and their rows (du, dm) after the rows there are,
 * once: the stages before stability solve the model without them, which on the national models is
 * several times faster. Nothing without a baseline. KC_ERR_INTERNAL when out of memory. */
KC_MUST_USE kc_rc kc_form_add_stability(kc_form *F, kc_error *err);

/* Sets the stability columns of col (column values, 1-based) to the least the stability rows allow,
 * |x - baseline units| and |money - baseline money| at col's units and money: a plan of an earlier
 * stage then holds in the stability stages too. */
void kc_form_stability_values(const kc_form *F, double *col);

/* Adds the row keep_<stage> holding the current (normalised) objective within 1e-7 * max(1, |opt|) of
 * opt, both in GLPK's units: relative to the stage's largest objective coefficient in the model's.
 * KC_ERR_INTERNAL when out of memory (the problem is then unchanged). */
KC_MUST_USE kc_rc kc_form_keep(kc_form *F, kc_stage k, double opt, kc_error *err);

#endif
