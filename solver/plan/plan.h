/* plan.h — a solver result turned into a plan a budget office can use: whole units, money rounded
 * to 0.001 million VND (1,000 VND) so that rounded totals never exceed a ceiling.
 *
 * Money is held as integer thousandths ("milli"), so sums are exact. A kc_plan owns its arrays. */
#ifndef KC_PLAN_H
#define KC_PLAN_H

#include "core/model.h"
#include "optimize/solve.h"

typedef struct {
  int nact, ny, nsrc;
  double *units;          /* [a * ny + yi] units started (whole unless divisible) */
  double *need;           /* [a * ny + yi] exact money the units need in that year */
  double *money;          /* [(a * ny + yi) * nsrc + s] exact money, scaled to sum to need */
  long long *milli;       /* [(a * ny + yi) * nsrc + s] rounded money, thousandths of a million VND */
  long long *counterpart; /* [a * ny + yi] beneficiaries' counterpart, thousandths */
} kc_plan;

/* Builds the rounded plan from r (which must have a plan). KC_ERR_INTERNAL when out of memory. */
KC_MUST_USE kc_rc kc_plan_make(const kc_model *m, const kc_result *r, kc_plan *p, kc_error *err);

void kc_plan_free(kc_plan *p);

/* Rounded money source s disburses in year index yi (all years when yi < 0), thousandths. */
long long kc_plan_spend(const kc_plan *p, int s, int yi);

/* Rounded money of cell c (activity * ny + year index), all sources, thousandths. */
long long kc_plan_cell_money(const kc_plan *p, int c);

/* Activity a's rounded money in year index yi, all sources, with its proposals' (thousandths), and in
 * *units the units started that count toward its targets: its own and its proposals' yield. */
long long kc_plan_activity_cell(const kc_model *m, const kc_plan *p, int a, int yi, double *units);

/* Units the plan starts within target t's period. */
double kc_plan_planned(const kc_model *m, const kc_plan *p, int t);

/* How far rounded money may stray from the exact split (million VND): a cell's money from one source
 * within KC_CELL_TOL + KC_CELL_REL x its need of its share, and a cell's sum within ns x KC_CELL_TOL +
 * KC_CELL_REL x need of the need. The relative part covers the exact LP's own rounding of its
 * coefficients (1e-9 relative at most), which on needs in the billions exceeds a thousandth. */
#define KC_CELL_TOL 0.0015
#define KC_CELL_REL 1e-7

/* Extra money in thousandths, rounded up: an amount that is enough. */
long long kc_milli_enough(double v);

/* A ceiling in thousandths, rounded down: the most a rounded plan may spend against it. */
long long kc_milli_cap(double ceiling);

/* Money a unit of a needs in year index yi given the units started: sum_k p[k] cost(y-k) units. */
double kc_need(const kc_model *m, const double *units, int a, int yi);

#endif
