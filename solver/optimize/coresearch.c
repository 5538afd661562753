/* coresearch.c — the merit stage's search by reduced costs (coresearch.h). */
#include "optimize/coresearch.h"

#include <math.h>
#include <stdlib.h>

/* The stage's root LP, kept while its columns' bounds change: each column's basis status, type,
 * reduced cost, bounds and value (and that value rounded), and the LP optimum. */
typedef struct {
  int n;
  int *stat, *type;
  double *d, *lb, *ub, *at, *x;
  double z;
} root_lp;

static void root_free(root_lp *R) {
  free(R->stat);
  free(R->type);
  free(R->d);
  free(R->lb);
  free(R->ub);
  free(R->at);
  free(R->x);
}

/* Reads the optimal LP of the current objective into R. Returns 0 when out of memory. */
static int root_read(glp_prob *lp, root_lp *R) {
  int n = glp_get_num_cols(lp);
  size_t sz = (size_t)(n + 1);
  *R = (root_lp){.n = n, .z = glp_get_obj_val(lp)};
  R->stat = malloc(sz * sizeof *R->stat);
  R->type = malloc(sz * sizeof *R->type);
  R->d = malloc(sz * sizeof *R->d);
  R->lb = malloc(sz * sizeof *R->lb);
  R->ub = malloc(sz * sizeof *R->ub);
  R->at = malloc(sz * sizeof *R->at);
  R->x = malloc(sz * sizeof *R->x);
  if (!R->stat || !R->type || !R->d || !R->lb || !R->ub || !R->at || !R->x) {
    root_free(R);
    return 0;
  }
  for (int j = 1; j <= n; j++) {
    R->stat[j] = glp_get_col_stat(lp, j);
    R->type[j] = glp_get_col_type(lp, j);
    R->d[j] = glp_get_col_dual(lp, j);
    R->lb[j] = glp_get_col_lb(lp, j);
    R->ub[j] = glp_get_col_ub(lp, j);
    R->x[j] = glp_get_col_prim(lp, j);
    R->at[j] = round(R->x[j]);
  }
  return 1;
}

/* Fixes every integer column that is nonbasic at a bound of the root LP with a reduced cost above thr
 * (in absolute value) at that bound; thr < 0: every 0-1 column (a proposal's start) whose LP value
 * is whole, basic or not, at that value. */
static void fix_above(glp_prob *lp, const root_lp *R, double thr) {
  for (int j = 1; j <= R->n; j++) {
    if (!kc_engine_is_int(lp, j) || R->type[j] == GLP_FX)
      continue;
    int fix = thr < 0 ? R->lb[j] == 0 && R->ub[j] == 1 && fabs(R->x[j] - R->at[j]) < 1e-9
                      : (R->stat[j] == GLP_NL || R->stat[j] == GLP_NU) && fabs(R->d[j]) > thr;
    if (fix)
      glp_set_col_bnds(lp, j, GLP_FX, R->at[j], R->at[j]);
  }
}

static void unfix(glp_prob *lp, const root_lp *R) {
  for (int j = 1; j <= R->n; j++)
    if (kc_engine_is_int(lp, j) && R->type[j] != GLP_FX)
      glp_set_col_bnds(lp, j, R->type[j], R->lb[j], R->ub[j]);
}

/* Branch-and-bound of the problem as its bounds now stand, within cap nodes (and plan_by when it has
 * found no plan by then; 0: no such stop), for a plan better than *best. Presolved (GLPK's MIP presolver drops the
 * fixed columns: a node then costs a fifth of the whole problem's), or else from the LP re-solved with c->incumbent
 * offered as the first plan: a plan no better than it is then pruned even where the incumbent lies outside the
 * neighbourhood, and the search keeps to plans better than *best. Returns 1 when it searched the whole neighbourhood
 * (*best is then the best plan there, within *within_gap), 0 when the cap or the time limit stopped it, -1 when GLPK
 * failed. A better plan is polished into c->incumbent and *best; *tree gets the open nodes' best bound when stopped
 * (NAN: unknown). */
static int search(kc_engine *c, kc_stage k, long cap, long plan_by, int presolve, int bt, int br, double *best,
                  double *tree, double *within_gap, kc_stage_result *sr) {
  glp_prob *lp = c->F.lp;
  int sense = kc_engine_sense(lp);
  glp_iocp io;
  kc_engine_mip_params(c, k, &io);
  io.presolve = presolve ? GLP_ON : GLP_OFF;
  io.bt_tech = bt;
  io.br_tech = br;
  *tree = NAN;
  if (!presolve) {
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.meth = GLP_DUALP;
    sm.tm_lim = kc_engine_ms_left(c);
    if (glp_simplex(lp, &sm) != 0 || glp_get_status(lp) != GLP_OPT) {
      c->timed_out = kc_engine_ms_left(c) <= 0;
      return c->timed_out ? 0 : -1;
    }
  }
  io.tm_lim = kc_engine_ms_left(c);
  kc_engine_count(c, cap);
  c->plan_by = plan_by;
  c->offered = presolve; /* the presolved problem's columns are not the incumbent's */
  int rc = glp_intopt(lp, &io), mip = glp_mip_status(lp);
  sr->nodes += c->nodes;
  *tree = c->tree_bound;
  double v;
  if ((rc == 0 || rc == GLP_EMIPGAP || rc == GLP_ESTOP || rc == GLP_ETMLIM) && (mip == GLP_OPT || mip == GLP_FEAS) &&
      sense * (glp_mip_obj_val(lp) - *best) < -1e-9 * fmax(1.0, fabs(*best)) && kc_engine_polish(c, &v) &&
      sense * (v - *best) < 0)
    *best = v;
  if (rc == GLP_ETMLIM || (rc == GLP_ESTOP && c->stop == STOP_TIME))
    c->timed_out = 1;
  if (rc == GLP_ESTOP || rc == GLP_ETMLIM)
    return 0;
  if (rc == GLP_ENOPFS || (rc == 0 && mip == GLP_NOFEAS))
    return 1; /* the neighbourhood has no plan at all */
  if (rc != 0 && rc != GLP_EMIPGAP)
    return -1;
  *within_gap = rc == GLP_EMIPGAP ? io.mip_gap : 0;
  return 1;
}

/* The step between two values of the stage's objective, in GLPK's units: 1 point when every
 * coefficient is a whole number of points (appraisal scores usually are), else 0. A plan better than
 * another is then better by a whole step, which both the reduced-cost fixing and the bound use. */
static double objective_step(const kc_engine *c) {
  glp_prob *lp = c->F.lp;
  for (int j = 0; j <= glp_get_num_cols(lp); j++) {
    double v = glp_get_obj_coef(lp, j) * c->F.obj_scale;
    if (fabs(v - round(v)) > 1e-9 * fmax(1.0, fabs(v)))
      return 0;
  }
  return 1.0 / c->F.obj_scale;
}

/* At least one node: a cap of 0 means none to GLPK's callback. */
static long nodes_of(long n) {
  return n > 0 ? n : 1;
}

int kc_core_search(kc_engine *c, kc_stage k, long budget, double *value, kc_stage_result *sr) {
  glp_prob *lp = c->F.lp;
  int sense = kc_engine_sense(lp), proven = 0;
  root_lp R;
  if (!c->incumbent || !root_read(lp, &R))
    return -1;
  double best = kc_engine_incumbent_value(c), tree = NAN, within = 0, step = objective_step(c);
  /* 0. The LP's rounding: every proposal start (0-1 column) the LP has whole fixed there, the
   * fractional ones and the other integer columns searched (a tenth of the budget; usually a few
   * nodes). On a selection whose targets leave few plans, diving from the LP finds none otherwise. */
  fix_above(lp, &R, -1);
  (void)search(c, k, nodes_of(budget / 10), 0, 1, GLP_BT_BPH, GLP_BR_PCH, &best, &tree, &within, sr);
  unfix(lp, &R);
  /* 1. The core: the columns the LP could move at no cost (basic, or of zero reduced cost) free, the
   * rest fixed where the LP has them; half the budget, or a quarter when it finds no plan in that.
   * Where the LP has many optima, as when many proposals are worth the same per million, the best
   * plans lie here. */
  if (!c->timed_out) {
    fix_above(lp, &R, 1e-9);
    (void)search(c, k, nodes_of(budget / 2), nodes_of(budget / 4), 1, GLP_BT_BPH, GLP_BR_PCH, &best, &tree, &within,
                 sr);
    unfix(lp, &R);
  }
  /* 2. Reduced-cost fixing: a plan better than best, by a step at least, moves no column whose reduced
   * cost exceeds the LP optimum's lead over that; with those fixed, the search of the rest is the
   * whole stage's, and its bound the stage's: searched from the incumbent, offered as its first plan. */
  double lead = sense * (best - sense * step - R.z);
  if (lead <= 0 && !c->timed_out) {
    proven = 1; /* the LP's bound itself leaves no room for a better plan */
    within = 0;
  } else if (!c->timed_out) {
    fix_above(lp, &R, lead * (1 + 1e-6) + 1e-9 * fmax(1.0, fabs(R.z)));
    proven = search(c, k, nodes_of(budget - sr->nodes), 0, 0, GLP_BT_BPH, GLP_BR_DTH, &best, &tree, &within, sr);
    unfix(lp, &R);
  }
  *value = best;
  sr->proven = proven == 1;
  sr->bound = proven == 1 ? best : proven == 0 ? kc_engine_tighter(sense, R.z, tree) : R.z;
  if (sense * (sr->bound - best) > 0) /* no plan outside the searched columns beats best */
    sr->bound = best;
  if (step > 0) /* a better plan is better by whole steps */
    sr->bound = best - sense * step * floor(sense * (best - sr->bound) / step + 1e-6);
  if (sr->bound == best && !sr->proven) {
    sr->proven = 1;
    within = 0;
  }
  sr->gap = sr->proven ? within : kc_engine_rel_gap(best, sr->bound);
  c->gap = sr->gap;
  root_free(&R);
  return sr->proven;
}
