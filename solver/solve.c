/* solve.c — running the stages: simplex + branch-and-bound per stage, counted budgets, time limit,
 * shadow prices, and export of a stage's problem. */
#define _POSIX_C_SOURCE 200809L
#include "solve.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "blocks.h"
#include "fileio.h"
#include "glpk_guard.h"

double kc_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct {
  const kc_model *m;
  const kc_solve_opts *o;
  kc_result *r;
  kc_form F;
  double t0;
  const char *stage_name; /* for progress */
  double last_progress;
  double gap;        /* last gap seen in branch-and-bound */
  double *incumbent; /* [1..ncols] the previous stage's exact plan, offered to the next stage */
  int offered;       /* the incumbent was offered in this stage */
  int timed_out;     /* the time limit stopped the last stage */
  int quiet;         /* branch-and-bound progress is not the stage's (block search, shadow prices) */
  /* Counted effort (on_tree): nodes searched since the counter was last reset; branch-and-bound
   * stops (stop = STOP_BUDGET) when nodes reaches node_cap (0 = none), (STOP_STALL) when its best
   * plan has not improved for stall_nodes nodes (0 = never), and (STOP_TIME) at the time limit. */
  long nodes, node_cap, stall_nodes, better_at;
  double seen;       /* the best plan's value when it last changed */
  double tree_bound; /* best bound of the open nodes at the last node selection (NAN before) */
  enum { STOP_NONE, STOP_BUDGET, STOP_STALL, STOP_TIME } stop;
  int *block;                  /* [a] block of each activity (blocks.h), computed by the first timing stage */
  int nblocks;                 /* 0 until then (or when out of memory) */
  double *saved_lb, *saved_ub; /* [1..saved_rows] row bounds held by tighten_rows */
  int saved_rows;
  /* export only */
  kc_stage export_kind;
  const char *export_path;
  int export_mps;
} solve_ctx;

/* Milliseconds left of the time limit (INT_MAX-ish when none); 0 or less when spent. */
static int ms_left(const solve_ctx *c) {
  if (!c->o || c->o->time_limit <= 0)
    return 0x7fffffff;
  double left = c->o->time_limit - (kc_now() - c->t0);
  return left <= 0 ? 0 : (int)fmin(left * 1000.0 + 1, 2e9);
}

/* Resets the effort counter: branch-and-bound may search cap more nodes (0 = no cap). */
static void count_from(solve_ctx *c, long cap) {
  c->nodes = c->better_at = 0;
  c->node_cap = cap;
  c->stall_nodes = 0;
  c->seen = NAN;
  c->tree_bound = NAN;
  c->stop = STOP_NONE;
}

static void on_tree(glp_tree *T, void *info) {
  solve_ctx *c = info;
  int reason = glp_ios_reason(T);
  if (reason == GLP_IHEUR && c->incumbent && !c->offered) {
    /* The previous stage's plan satisfies every keep row: a first incumbent that prunes the tree
     * at once and guarantees the stage a plan. */
    c->offered = 1;
    glp_ios_heur_sol(T, c->incumbent);
    return;
  }
  if (reason != GLP_ISELECT)
    return;
  /* Per node only what is cheap: the tree's bound and gap scan every open node, so they are read
   * when the search stops here and once a second for progress. */
  glp_prob *P = glp_ios_get_prob(T);
  double v = glp_mip_status(P) == GLP_FEAS ? glp_mip_obj_val(P) : NAN;
  if (isnan(v) != isnan(c->seen) || (!isnan(v) && v != c->seen)) {
    c->seen = v;
    c->better_at = c->nodes;
  }
  c->stop = c->node_cap > 0 && c->nodes >= c->node_cap                        ? STOP_BUDGET /* node_cap searched */
            : c->stall_nodes > 0 && c->nodes - c->better_at >= c->stall_nodes ? STOP_STALL
            : ms_left(c) <= 0                                                 ? STOP_TIME
                                                                              : STOP_NONE;
  int progress = !c->quiet && c->o && c->o->progress && kc_now() - c->last_progress >= 1.0;
  if (c->stop != STOP_NONE || progress) {
    int best = glp_ios_best_node(T);
    if (best)
      c->tree_bound = glp_ios_node_bound(T, best);
    if (!c->quiet)
      c->gap = glp_ios_mip_gap(T);
  }
  if (c->stop != STOP_NONE) {
    glp_ios_terminate(T);
    return;
  }
  c->nodes++;
  if (progress) {
    c->last_progress = kc_now();
    c->o->progress(c->o->progress_ctx, c->stage_name, glp_mip_obj_val(P) * c->F.obj_scale, c->gap);
  }
}

/* An integer column: GLPK reports 0-1 integer columns as GLP_BV, not GLP_IV. */
static int is_int(glp_prob *lp, int j) {
  return glp_get_col_kind(lp, j) != GLP_CV;
}

static int polish(solve_ctx *c, double *value);

/* Relative gap of a plan's value to a bound, as GLPK measures it. */
static double rel_gap(double value, double bound) {
  return fabs(value - bound) / fmax(DBL_EPSILON, fabs(value));
}

/* Branch-and-bound parameters of stage k (time limit left to the caller). */
static void mip_params(solve_ctx *c, kc_stage k, glp_iocp *io) {
  glp_init_iocp(io);
  io->msg_lev = GLP_MSG_OFF;
  io->presolve = GLP_OFF;
  io->cb_func = on_tree;
  io->cb_info = c;
  /* Branching by the model's structure. With period totals total(a,period) (targets over several
   * years), branch on the last fractional column: the totals are the last integer columns, so the
   * brancher splits on them before the many equivalent year splits. Measured on Can Tho and its
   * scenarios: 1.4-16 ms per solve, against 7-35 ms with Driebeck-Tomlin and time-outs with
   * most-fractional. Without them (every target a single start year: project selection, a 0-1
   * knapsack), Driebeck-Tomlin's penalties, as plain glpsol: 92 nodes against 1,363 on Petersen's
   * 50x5 instance (bench/README.md). */
  io->br_tech = c->F.ntotals ? GLP_BR_LFV : GLP_BR_DTH;
  io->tol_int = 1e-7; /* GLPK's 1e-5 lets 2.99999 units pass as 3 (see polish) */
  /* Attainment is proven exactly; the later stages stop within 1e-6 relative of their bound: with
   * price growth, a spend or timing optimum can take minutes to prove to the last 0.01 million
   * (scenarios/inflation-5.json) for no difference a planner could see. */
  io->mip_gap = kc_stage_info(k)->gap;
}

#define KC_BLOCK_NODES 500 /* branch-and-bound nodes each block's neighbourhood may search */
#define KC_BLOCK_PASSES 20 /* passes over the blocks at most (each pass but the last improves the plan) */

/* One block's neighbourhood: the integer columns of every other block fixed at the incumbent (money
 * stays free), branch-and-bound from the incumbent for at most cap nodes (c->nodes counts them).
 * Returns 1 when it found a plan better than *best, which is then polished into c->incumbent and c->r
 * and *best updated. The bounds are restored. */
static int search_block(solve_ctx *c, int b, const int *colblk, const int *type, const double *lb, const double *ub,
                        long cap, double *best) {
  glp_prob *lp = c->F.lp;
  int n = glp_get_num_cols(lp), better = 0;
  int sense = glp_get_obj_dir(lp) == GLP_MAX ? -1 : 1;
  count_from(c, cap);
  for (int j = 1; j <= n; j++)
    if (colblk[j] >= 0 && colblk[j] != b)
      glp_set_col_bnds(lp, j, GLP_FX, round(c->incumbent[j]), round(c->incumbent[j]));
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.meth = GLP_DUALP;
  sm.tm_lim = ms_left(c);
  double tiny = 1e-7 * fmax(1, fabs(*best));
  if (glp_simplex(lp, &sm) == 0 && glp_get_status(lp) == GLP_OPT && sense * (*best - glp_get_obj_val(lp)) > tiny) {
    glp_iocp io;
    mip_params(c, KC_STAGE_TIMING, &io);
    io.tm_lim = ms_left(c);
    c->offered = 0;
    int rc = glp_intopt(lp, &io), st = glp_mip_status(lp);
    double v;
    if ((rc == 0 || rc == GLP_EMIPGAP || rc == GLP_ETMLIM || rc == GLP_ESTOP) && (st == GLP_OPT || st == GLP_FEAS) &&
        sense * (*best - glp_mip_obj_val(lp)) > tiny && polish(c, &v) && sense * (*best - v) > 0) {
      *best = v;
      better = 1;
    }
  }
  for (int j = 1; j <= n; j++)
    if (colblk[j] >= 0 && colblk[j] != b)
      glp_set_col_bnds(lp, j, type[j], lb[j], ub[j]);
  return better;
}

/* Block search for the current stage (large-neighbourhood search): on a model of several blocks
 * (blocks.h), each block in turn is re-solved with the others' units held at the incumbent, pass
 * after pass while some block improves, searching at most budget nodes in all (0 = none: each block
 * KC_BLOCK_NODES a pass, at most KC_BLOCK_PASSES passes). The branch-and-bound that follows starts
 * from the improved plan; bound (the stage's LP optimum) gives the progress gap. Adds its blocks,
 * improvements, nodes and seconds to sr. Returns the objective value of the improved plan, or NAN when
 * nothing was improved (also on one block, without c->incumbent or out of memory). */
static double block_search(solve_ctx *c, long budget, double bound, kc_stage_result *sr) {
  const kc_model *m = c->m;
  glp_prob *lp = c->F.lp;
  int ny = c->F.ny, n = glp_get_num_cols(lp), improvements = 0;
  double t0 = kc_now();
  int *colblk = malloc((size_t)(n + 1) * sizeof *colblk), *type = malloc((size_t)(n + 1) * sizeof *type);
  double *lb = malloc((size_t)(n + 1) * sizeof *lb), *ub = malloc((size_t)(n + 1) * sizeof *ub);
  const int *block = c->block;
  int nb = colblk && type && lb && ub && c->incumbent ? c->nblocks : 0;
  double best = 0;
  long spent = 0;
  if (nb < 2)
    goto out;
  for (int j = 1; j <= n; j++) {
    colblk[j] = -1;
    type[j] = glp_get_col_type(lp, j);
    lb[j] = glp_get_col_lb(lp, j);
    ub[j] = glp_get_col_ub(lp, j);
  }
  for (int a = 0; a < m->nact; a++)
    for (int yi = 0; yi < ny; yi++)
      if (c->F.x[a * ny + yi])
        colblk[c->F.x[a * ny + yi]] = block[a];
  for (int t = 0; t < m->ntgt; t++)
    colblk[c->F.tot[t]] = block[m->tgt[t].activity];
  best = glp_get_obj_coef(lp, 0);
  for (int j = 1; j <= n; j++)
    best += glp_get_obj_coef(lp, j) * c->incumbent[j];
  sr->blocks = nb;
  c->quiet = 1;
  for (int pass = 0, improved = 1; improved && pass < KC_BLOCK_PASSES; pass++) {
    improved = 0;
    for (int b = 0; b < nb; b++) {
      long cap = budget > 0 ? budget - spent : KC_BLOCK_NODES;
      if (cap <= 0 || ms_left(c) <= 0)
        goto done;
      if (search_block(c, b, colblk, type, lb, ub, cap < KC_BLOCK_NODES ? cap : KC_BLOCK_NODES, &best)) {
        improved = 1;
        improvements++;
      }
      spent += c->nodes;
      if (c->o && c->o->progress && kc_now() - c->last_progress >= 1.0) {
        c->last_progress = kc_now();
        c->o->progress(c->o->progress_ctx, "timing (block search)", best * c->F.obj_scale, rel_gap(best, bound));
      }
    }
  }
done:
  c->quiet = 0;
out:
  sr->block_improvements += improvements;
  sr->block_seconds += kc_now() - t0;
  sr->nodes += spent;
  free(colblk);
  free(type);
  free(lb);
  free(ub);
  return improvements ? best : NAN;
}

/* Outcome of one stage. ST_PLAN: GLPK's branch-and-bound solution is the stage's plan, for polish;
 * ST_POLISHED: the block search's plan is, already polished into c->r and c->incumbent. Whether it
 * is proven, and its bound, are in the stage's kc_stage_result; c->timed_out says when the time limit
 * cut the stage short. */
typedef enum { ST_PLAN, ST_POLISHED, ST_NO_PLAN, ST_INFEASIBLE, ST_FAILED } stage_outcome;

/* The stage's effort budget in nodes: the timing stage's, unless it is to be proven; 0 = none. */
static long stage_budget(const solve_ctx *c, kc_stage k) {
  if (!kc_stage_info(k)->tiebreak || (c->o && c->o->timing_exact))
    return 0;
  return c->o && c->o->timing_nodes > 0 ? c->o->timing_nodes : KC_TIMING_NODES;
}

/* The stage's best bound: the tighter of its LP optimum and the open nodes' best bound (NAN: none). */
static double tighter(int sense, double bound, double tree) {
  if (isnan(tree))
    return bound;
  return sense > 0 ? fmax(bound, tree) : fmin(bound, tree);
}

/* Ends a stage stopped before its proof with the better of branch-and-bound's plan and the block
 * search's (kept, NAN when none); the stage's bound and gap go to sr. */
static stage_outcome unproven(solve_ctx *c, double kept, double bound, double *value, kc_stage_result *sr) {
  glp_prob *lp = c->F.lp;
  int sense = glp_get_obj_dir(lp) == GLP_MAX ? -1 : 1, ms = glp_mip_status(lp);
  stage_outcome out = ST_NO_PLAN;
  if ((ms == GLP_FEAS || ms == GLP_OPT) && (isnan(kept) || sense * (glp_mip_obj_val(lp) - kept) <= 0)) {
    *value = glp_mip_obj_val(lp);
    out = ST_PLAN;
  } else if (!isnan(kept)) {
    *value = kept;
    out = ST_POLISHED;
  }
  sr->proven = 0;
  sr->bound = bound;
  sr->gap = out == ST_NO_PLAN ? INFINITY : rel_gap(*value, bound);
  c->gap = sr->gap;
  return out;
}

static stage_outcome run_stage(solve_ctx *c, kc_stage k, double *value, kc_stage_result *sr, kc_error *err) {
  glp_prob *lp = c->F.lp;
  kc_form_objective(&c->F, k);
  c->stage_name = kc_stage_name(k);
  c->gap = 0;
  int left = ms_left(c);
  if (left <= 0) {
    c->timed_out = 1;
    return ST_NO_PLAN;
  }
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.tm_lim = left;
  int rc = glp_simplex(lp, &sm);
  if (rc != 0 && rc != GLP_ETMLIM) {
    glp_std_basis(lp); /* a basis that GLPK rejects: start again from the standard one */
    rc = glp_simplex(lp, &sm);
  }
  if (rc == GLP_ETMLIM) {
    c->timed_out = 1;
    return ST_NO_PLAN;
  }
  if (rc != 0) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "GLPK simplex failed in stage %s (code %d)", kc_stage_name(k), rc);
    return ST_FAILED;
  }
  int st = glp_get_status(lp);
  if ((st == GLP_NOFEAS || st == GLP_INFEAS) && c->incumbent && glp_exact(lp, &sm) == 0)
    st = glp_get_status(lp); /* the previous stage's plan is feasible: settle it in exact arithmetic */
  if (st == GLP_NOFEAS || st == GLP_INFEAS)
    return ST_INFEASIBLE;
  if (st != GLP_OPT) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "the LP of stage %s ended with GLPK status %d", kc_stage_name(k), st);
    return ST_FAILED;
  }
  int sense = glp_get_obj_dir(lp) == GLP_MAX ? -1 : 1;
  double bound = glp_get_obj_val(lp), kept = NAN;
  long budget = stage_budget(c, k);
  /* On a model of several blocks the timing stage scouts: branch-and-bound until its best plan has not
   * improved for a quarter of the budget; then the block search from that plan for half the nodes
   * left, and branch-and-bound again from the improved plan with the rest (bench/README.md: national
   * models). Without a budget the block search runs to its end first. */
  int blocks = 0;
  if (k == KC_STAGE_TIMING && c->incumbent) {
    if (!c->block && (c->block = malloc((size_t)c->m->nact * sizeof *c->block + 1)))
      c->nblocks = kc_blocks(c->m, c->block);
    blocks = c->nblocks;
  }
  int scout = blocks > 1 && budget > 0;
  if (blocks > 1 && !scout)
    kept = block_search(c, 0, bound, sr);
  glp_iocp io;
  mip_params(c, k, &io);
again:
  if (sr->blocks) { /* the block search's fixings left another basis: optimal again for glp_intopt */
    sm.meth = GLP_DUALP;
    sm.tm_lim = ms_left(c);
    if (glp_simplex(lp, &sm) != 0 || glp_get_status(lp) != GLP_OPT) {
      c->timed_out = ms_left(c) <= 0;
      return unproven(c, kept, bound, value, sr);
    }
  }
  io.tm_lim = ms_left(c);
  if (io.tm_lim <= 0 || (budget > 0 && sr->nodes >= budget)) {
    c->timed_out = io.tm_lim <= 0;
    return unproven(c, kept, bound, value, sr);
  }
  count_from(c, budget > 0 ? budget - sr->nodes : 0);
  c->stall_nodes = scout ? budget / 4 : 0;
  c->offered = 0;
  rc = glp_intopt(lp, &io);
  sr->nodes += c->nodes;
  if (rc == GLP_EMIPGAP) /* stopped within the later stages' relative gap: as good as optimal */
    rc = 0;
  if (scout && rc == GLP_ESTOP && c->stop == STOP_STALL) {
    scout = 0;
    bound = tighter(sense, bound, c->tree_bound);
    int ms = glp_mip_status(lp);
    double v;
    if ((ms == GLP_FEAS || ms == GLP_OPT) && polish(c, &v))
      kept = v;
    double b = block_search(c, (budget - sr->nodes) / 2, bound, sr);
    kept = isnan(b) ? kept : b;
    goto again;
  }
  if (rc == GLP_ETMLIM || rc == GLP_ESTOP) {
    c->timed_out = rc == GLP_ETMLIM || c->stop == STOP_TIME;
    return unproven(c, kept, tighter(sense, bound, c->tree_bound), value, sr);
  }
  if (rc != 0) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "GLPK branch-and-bound failed in stage %s (code %d)", kc_stage_name(k),
            rc);
    return ST_FAILED;
  }
  int ms = glp_mip_status(lp);
  if (ms == GLP_NOFEAS)
    return ST_INFEASIBLE;
  if (ms != GLP_OPT && ms != GLP_FEAS) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "stage %s ended with GLPK MIP status %d", kc_stage_name(k), ms);
    return ST_FAILED;
  }
  *value = glp_mip_obj_val(lp);
  sr->proven = 1;
  sr->bound = *value;
  sr->gap = c->gap = 0;
  return ST_PLAN;
}

/* Copies the polished LP solution into r->x and r->f (integers rounded, money clamped at 0). Returns
 * 0, leaving r as it was, when out of memory. */
static int take_solution(solve_ctx *c) {
  const kc_model *m = c->m;
  glp_prob *lp = c->F.lp;
  int ny = c->F.ny, ns = m->nsrc, n = glp_get_num_cols(lp);
  double *col = malloc((size_t)(n + 1) * sizeof *col);
  if (!col)
    return 0;
  for (int j = 1; j <= n; j++)
    col[j] = is_int(lp, j) ? round(glp_get_col_prim(lp, j)) : glp_get_col_prim(lp, j);
  for (int i = 0; i < m->nact * ny; i++) {
    int j = c->F.x[i];
    c->r->x[i] = !j ? 0.0 : fmax(0.0, col[j]);
  }
  for (int i = 0; i < m->nact * ny * ns; i++)
    c->r->f[i] = fmax(0.0, kc_form_money(&c->F, col, i / (ny * ns), (i / ns) % ny, i % ns));
  free(col);
  c->r->has_plan = 1;
  return 1;
}

/* Makes the stage's integer solution exact: fixes every integer column at its rounded value,
 * re-solves the LP of the current objective for the continuous columns, and keeps that solution and
 * its optimum (*value). GLPK accepts 2.9999999 as integral; its money would not pay for 3 units, and
 * the next stage's keep row would then exclude the true integer plan. Restores the bounds after.
 * Returns 0, leaving *value and GLPK's solution as they were, when the fixed LP cannot be solved in
 * exact arithmetic or its optimum is worse than branch-and-bound's plan by more than 1e-6 of it: that
 * plan held only within GLPK's tolerances (its units did not quite fit the money). */
static int polish(solve_ctx *c, double *value) {
  glp_prob *lp = c->F.lp;
  int n = glp_get_num_cols(lp), ok = 0;
  int *type = malloc((size_t)(n + 1) * sizeof *type), *integer = malloc((size_t)(n + 1) * sizeof *integer);
  double *lb = malloc((size_t)(n + 1) * sizeof *lb), *ub = malloc((size_t)(n + 1) * sizeof *ub);
  if (!type || !integer || !lb || !ub)
    goto out;
  for (int j = 1; j <= n; j++) {
    type[j] = glp_get_col_type(lp, j);
    lb[j] = glp_get_col_lb(lp, j);
    ub[j] = glp_get_col_ub(lp, j);
    integer[j] = is_int(lp, j);
    if (integer[j]) {
      double v = round(glp_mip_col_val(lp, j));
      glp_set_col_bnds(lp, j, GLP_FX, v, v);
    }
  }
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.meth = GLP_DUALP; /* only bounds changed: the basis stays dual feasible */
  /* then the same LP in rational arithmetic from that basis: the money then pays the units' need and
   * keeps every ceiling and keep row exactly, whatever the floating-point tolerances let through */
  double mip = glp_get_obj_coef(lp, 0); /* branch-and-bound's plan under the current objective */
  for (int j = 1; j <= n; j++)
    mip += glp_get_obj_coef(lp, j) * glp_mip_col_val(lp, j);
  int sense = glp_get_obj_dir(lp) == GLP_MAX ? -1 : 1;
  if (glp_simplex(lp, &sm) == 0 && glp_get_status(lp) == GLP_OPT && glp_exact(lp, &sm) == 0 &&
      glp_get_status(lp) == GLP_OPT && sense * (glp_get_obj_val(lp) - mip) <= 1e-6 * fmax(1.0, fabs(mip))) {
    if (!take_solution(c))
      goto restore;
    *value = glp_get_obj_val(lp);
    double *inc = c->incumbent ? c->incumbent : malloc((size_t)(n + 1) * sizeof *inc);
    if (inc) {
      for (int j = 1; j <= n; j++)
        inc[j] = integer[j] ? glp_get_col_lb(lp, j) : glp_get_col_prim(lp, j);
      c->incumbent = inc;
    }
    ok = 1;
  }
restore:
  for (int j = 1; j <= n; j++)
    if (integer[j])
      glp_set_col_bnds(lp, j, type[j], lb[j], ub[j]);
out:
  free(type);
  free(integer);
  free(lb);
  free(ub);
  return ok;
}

static void infeasible_reason(const kc_model *m, char *buf, size_t n) {
  int ny = kc_nyears(m);
  double committed = 0, money = 0;
  int all_capped = 1;
  for (int a = 0; a < m->nact; a++)
    for (int yi = 0; yi < ny; yi++)
      if (kc_can_start(m, a, m->first_year + yi))
        committed += m->act[a].min_per_year * kc_unit_cost(m, a, m->first_year + yi);
  for (int s = 0; s < m->nsrc; s++) {
    all_capped &= m->src[s].has_ceiling;
    money += m->src[s].ceiling;
  }
  if (all_capped && committed > money + 1e-6)
    snprintf(buf, n, "committed units (min_per_year) cost %.3f million VND but all ceilings together allow %.3f",
             committed, money);
  else
    snprintf(buf, n,
             "the committed units (min_per_year) and co-financing shares (min_share) cannot all be paid "
             "within the total and annual ceilings");
}

/* A copy of F's problem (names, solutions) without the keep_<stage> rows: the stage-1 problem again.
 * NULL when out of memory. */
static glp_prob *copy_without_keeps(const kc_form *F) {
  glp_prob *lp = glp_create_prob();
  glp_copy_prob(lp, F->lp, GLP_ON);
  int cnt = glp_get_num_rows(lp) - F->base_rows;
  if (cnt > 0) {
    int *del = malloc((size_t)(cnt + 1) * sizeof *del);
    if (!del) {
      glp_delete_prob(lp);
      return NULL;
    }
    for (int i = 1; i <= cnt; i++)
      del[i] = F->base_rows + i;
    glp_del_rows(lp, cnt, del);
    free(del);
  }
  return lp;
}

/* Where the fixed-integer dual is 0 (whole units: a million more buys no unit at a fixed plan), the
 * marginal value comes from re-solving the attainment MIP with the ceiling raised by a step — 5% of
 * it, and at least the cheapest unit the source may pay for — as (Z1 - Z1') / step. Only rows within
 * a step of binding, at most 100 of them. Raising one row alone gains nothing while another ceiling
 * of the same source binds too: that 0 is the true marginal value of that row. Each re-solve starts
 * from the chosen plan (still feasible with more money) and searches at most KC_SHADOW_NODES nodes,
 * all of them together KC_SHADOW_TOTAL; one stopped there (or not run, the budget spent) gives a
 * proven range [value, value_hi] instead of the value, value_hi from its LP bound at least. */
static kc_rc finite_differences(solve_ctx *c, kc_error *err) {
  const kc_model *m = c->m;
  kc_result *r = c->r;
  double z1 = NAN;
  for (int i = 0; i < r->nstage; i++)
    if (r->stage[i].kind == KC_STAGE_ATTAIN)
      z1 = r->stage[i].value;
  if (isnan(z1))
    return KC_OK;
  kc_form H = c->F;
  if (!(H.lp = copy_without_keeps(&c->F)))
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  kc_form_objective(&H, KC_STAGE_ATTAIN);
  if (z1 / H.obj_scale <= 1e-9) { /* every target reached: more money cannot lower the shortfall */
    glp_delete_prob(H.lp);
    return KC_OK;
  }
  glp_std_basis(H.lp); /* the deleted keep rows left the copied basis invalid */
  int ny = c->F.ny, k = 0, done = 0;
  long spent = 0; /* nodes searched by the re-solves so far */
  for (int s = 0; s < m->nsrc; s++)
    for (int yi = -1; yi < ny; yi++) {
      int i = yi < 0 ? c->F.ceil_row[s] : c->F.ann_row[s * ny + yi];
      if (!i)
        continue;
      struct kc_shadow *sp = &r->shadow[k++];
      /* the step: 5% of the ceiling, and at least the cheapest unit this source may pay for */
      double ub = glp_get_row_ub(H.lp, i), h = fmax(1.0, 0.05 * ub), cheapest = INFINITY;
      for (int a = 0; a < m->nact; a++)
        if (m->max_share[a * m->nsrc + s] > 0)
          cheapest = fmin(cheapest, kc_unit_cost(m, a, m->first_year) * m->max_share[a * m->nsrc + s]);
      if (isfinite(cheapest))
        h = fmax(h, cheapest);
      double used = 0; /* the row's activity at the plan */
      int len = glp_get_mat_row(c->F.lp, i, NULL, NULL);
      int *ind = malloc((size_t)(len + 1) * sizeof *ind);
      double *val = malloc((size_t)(len + 1) * sizeof *val);
      if (ind && val) {
        glp_get_mat_row(c->F.lp, i, ind, val);
        for (int t = 1; t <= len; t++)
          used += val[t] * c->incumbent[ind[t]];
      }
      free(ind);
      free(val);
      if (sp->value != 0 || ub - used > h || done == 100)
        continue;
      done++;
      snprintf(sp->method, sizeof sp->method, "finite_difference");
      sp->step = h;
      sp->proven = 0; /* until the re-solve proves it: more money never hurts, so 0 is a bound */
      sp->value = 0;
      sp->value_hi = NAN;
      glp_set_row_bnds(H.lp, i, GLP_UP, 0, ub + h);
      glp_smcp sm;
      glp_init_smcp(&sm);
      sm.msg_lev = GLP_MSG_OFF;
      sm.tm_lim = ms_left(c);
      glp_iocp io;
      mip_params(c, KC_STAGE_ATTAIN, &io);
      io.tm_lim = ms_left(c);
      if (io.tm_lim > 0 && glp_simplex(H.lp, &sm) == 0 && glp_get_status(H.lp) == GLP_OPT) {
        double lp_bound = glp_get_obj_val(H.lp);
        /* the LP optimum bounds the raised MIP's from below, so the value from above */
        sp->value_hi = fmax(0.0, (z1 - lp_bound * H.obj_scale) / h);
        long cap = KC_SHADOW_TOTAL - spent < KC_SHADOW_NODES ? KC_SHADOW_TOTAL - spent : KC_SHADOW_NODES;
        count_from(c, cap);
        c->quiet = 1;
        c->offered = 0;
        int rc = cap > 0 ? glp_intopt(H.lp, &io) : GLP_ESTOP, ms = cap > 0 ? glp_mip_status(H.lp) : GLP_UNDEF;
        c->quiet = 0;
        spent += c->nodes;
        if ((rc == 0 || rc == GLP_ESTOP || rc == GLP_ETMLIM) && (ms == GLP_OPT || ms == GLP_FEAS)) {
          double d = (z1 - glp_mip_obj_val(H.lp) * H.obj_scale) / h;
          sp->value = fabs(d) < 1e-12 ? 0.0 : fmax(0.0, d);
          sp->proven = rc == 0;
          sp->value_hi =
              sp->proven ? sp->value : fmax(sp->value, (z1 - tighter(1, lp_bound, c->tree_bound) * H.obj_scale) / h);
        }
      }
      glp_set_row_bnds(H.lp, i, GLP_UP, 0, ub);
    }
  glp_delete_prob(H.lp);
  return KC_OK;
}

/* Stage-1 LP with the integer columns fixed at the plan: duals and ranging of every ceiling row. */
static kc_rc shadow_prices(solve_ctx *c, kc_error *err) {
  const kc_model *m = c->m;
  kc_form G = c->F;
  if (!(G.lp = copy_without_keeps(&c->F)))
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  for (int j = 1; j <= glp_get_num_cols(G.lp); j++)
    if (is_int(G.lp, j)) {
      double v = round(c->incumbent[j]);
      glp_set_col_kind(G.lp, j, GLP_CV);
      glp_set_col_bnds(G.lp, j, GLP_FX, v, v);
    }
  kc_form_objective(&G, KC_STAGE_ATTAIN);
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  glp_std_basis(G.lp);
  int ny = c->F.ny, n = 0;
  c->r->shadow = calloc((size_t)m->nsrc * (size_t)(ny + 1), sizeof *c->r->shadow);
  if (!c->r->shadow) {
    glp_delete_prob(G.lp);
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  }
  if (glp_simplex(G.lp, &sm) != 0 || glp_get_status(G.lp) != GLP_OPT) {
    glp_delete_prob(G.lp);
    return KC_OK; /* no duals: the fixed plan LP could not be re-solved; leave the list empty */
  }
  if (!glp_bf_exists(G.lp))
    glp_factorize(G.lp);
  for (int s = 0; s < m->nsrc; s++)
    for (int yi = -1; yi < ny; yi++) {
      int i = yi < 0 ? c->F.ceil_row[s] : c->F.ann_row[s * ny + yi];
      if (!i)
        continue;
      struct kc_shadow *sp = &c->r->shadow[n++];
      if (yi < 0)
        snprintf(sp->row, sizeof sp->row, "ceiling:%s", m->src[s].id);
      else
        snprintf(sp->row, sizeof sp->row, "annual:%s:%d", m->src[s].id, m->first_year + yi);
      double d = glp_get_row_dual(G.lp, i);
      sp->value = d == 0 ? 0.0 : -d * G.obj_scale;
      sp->value_hi = sp->value;
      sp->proven = 1;
      snprintf(sp->method, sizeof sp->method, "lp_dual");
      sp->active = glp_get_row_stat(G.lp, i) != GLP_BS;
      sp->lo = sp->hi = NAN;
      if (sp->active) {
        double v1, v2;
        int k1, k2;
        glp_analyze_bound(G.lp, i, &v1, &k1, &v2, &k2);
        sp->lo = v1 <= -DBL_MAX ? NAN : v1;
        sp->hi = v2 >= DBL_MAX ? NAN : v2;
      }
    }
  c->r->nshadow = n;
  glp_delete_prob(G.lp);
  return finite_differences(c, err);
}

/* Writes the problem under a temporary name beside the target and renames it into place. */
static kc_rc write_export(solve_ctx *c, kc_error *err) {
  glp_prob *lp = c->F.lp;
  kc_atomic f;
  kc_rc krc = kc_atomic_open(&f, c->export_path, err);
  if (krc != KC_OK)
    return krc;
  if ((krc = kc_atomic_close(&f, err)) != KC_OK)
    return krc;
  int rc;
  /* The objective in the model's units (solve holds it normalised): a solver reading the file reports
   * the stage's value. MPS has no objective sense: a maximisation is written negated. */
  double factor = c->F.obj_scale * (c->export_mps && glp_get_obj_dir(lp) == GLP_MAX ? -1 : 1);
  for (int j = 0; j <= glp_get_num_cols(lp); j++)
    glp_set_obj_coef(lp, j, factor * glp_get_obj_coef(lp, j));
  /* The objective's constant (capped targets' weights, formulate.h) as a column fixed at 1: neither
   * format has a constant term that every reader keeps. */
  if (glp_get_obj_coef(lp, 0) != 0) {
    int j = glp_add_cols(lp, 1);
    glp_set_col_name(lp, j, "constant");
    glp_set_col_bnds(lp, j, GLP_FX, 1, 1);
    glp_set_obj_coef(lp, j, glp_get_obj_coef(lp, 0));
    glp_set_obj_coef(lp, 0, 0);
  }
  if (c->export_mps) {
    glp_set_obj_dir(lp, GLP_MIN);
    rc = glp_write_mps(lp, GLP_MPS_FILE, NULL, f.tmp);
  } else {
    rc = glp_write_lp(lp, NULL, f.tmp);
  }
  if (rc) {
    kc_atomic_abort(&f);
    return kc_fail(err, KC_ERR_INPUT, c->export_path, 0, 0, "cannot write the problem file");
  }
  return kc_atomic_publish(&f, err);
}

/* The current objective (GLPK's units) at the incumbent, the previous stage's exact plan. */
static double incumbent_value(const solve_ctx *c) {
  double v = glp_get_obj_coef(c->F.lp, 0);
  for (int j = 1; j <= glp_get_num_cols(c->F.lp); j++)
    v += glp_get_obj_coef(c->F.lp, j) * c->incumbent[j];
  return v;
}

/* A row tighten_rows moves: a total or annual ceiling, or a keep row (the rows a plan found within
 * tolerance can break; cover and balance rows have their shortfall column to absorb it). */
static int tightened_row(const solve_ctx *c, int i) {
  if (i > c->F.base_rows)
    return 1;
  for (int s = 0; s < c->m->nsrc; s++) {
    if (c->F.ceil_row[s] == i)
      return 1;
    for (int yi = 0; yi < c->F.ny; yi++)
      if (c->F.ann_row[s * c->F.ny + yi] == i)
        return 1;
  }
  return 0;
}

/* Moves the finite bounds of the ceiling and keep rows inwards, keeping the originals in c->saved_*:
 * a keep row, whose bound is only 1e-7 of it away from its stage's optimum, by a quarter, a half or
 * three quarters of that in attempt 1, 2 or 3; in the first stage (no keep rows yet) a ceiling by
 * 1e-9, 1e-7 or 1e-5 of its bound in the row's scaled units (at least that much). Later stages keep
 * their ceilings: the earlier optima may need every last million of them. Returns 0 when out of
 * memory. */
static int tighten_rows(solve_ctx *c, int attempt) {
  double eps = pow(10.0, 2 * attempt - 11), share = 0.25 * attempt;
  glp_prob *lp = c->F.lp;
  int n = glp_get_num_rows(lp);
  free(c->saved_lb);
  free(c->saved_ub);
  c->saved_lb = malloc((size_t)(n + 1) * sizeof *c->saved_lb);
  c->saved_ub = malloc((size_t)(n + 1) * sizeof *c->saved_ub);
  if (!c->saved_lb || !c->saved_ub)
    return 0;
  c->saved_rows = n;
  for (int i = 1; i <= n; i++) {
    int type = glp_get_row_type(lp, i);
    double lb = glp_get_row_lb(lp, i), ub = glp_get_row_ub(lp, i), r = glp_get_rii(lp, i);
    c->saved_lb[i] = lb;
    c->saved_ub[i] = ub;
    if (i > c->F.base_rows) { /* a keep row: GLP_UP or GLP_LO */
      int k = i - c->F.base_rows - 1;
      double tol = k < c->F.nkeep ? c->F.keep_tol[k] : 0;
      lb += share * tol;
      ub -= share * tol;
    } else if (n == c->F.base_rows) {
      if (type == GLP_LO || type == GLP_DB)
        lb += eps * (1 + fabs(lb * r)) / r;
      if (type == GLP_UP || type == GLP_DB)
        ub -= eps * (1 + fabs(ub * r)) / r;
    }
    if (type == GLP_DB && lb > ub)
      lb = ub = 0.5 * (c->saved_lb[i] + c->saved_ub[i]);
    if ((type == GLP_LO || type == GLP_UP || type == GLP_DB) && tightened_row(c, i))
      glp_set_row_bnds(lp, i, type, lb, ub);
  }
  return 1;
}

static void restore_rows(solve_ctx *c) {
  for (int i = 1; i <= c->saved_rows; i++) {
    int type = glp_get_row_type(c->F.lp, i);
    if (type == GLP_LO || type == GLP_UP || type == GLP_DB)
      glp_set_row_bnds(c->F.lp, i, type, c->saved_lb[i], c->saved_ub[i]);
  }
  c->saved_rows = 0;
}

/* A first plan for stage 1: every activity at its committed minimum (its units' lower bounds), the
 * money and shortfalls found by the LP. When that plan is feasible it becomes c->incumbent, offered to
 * branch-and-bound, so that a time limit always leaves a plan to keep. */
static void seed_incumbent(solve_ctx *c) {
  glp_prob *lp = c->F.lp;
  int n = glp_get_num_cols(lp), nx = c->m->nact * c->F.ny;
  double *inc = malloc((size_t)(n + 1) * sizeof *inc), *saved = malloc((size_t)(2 * nx + 1) * sizeof *saved);
  int *type = malloc((size_t)(nx + 1) * sizeof *type);
  if (!inc || !saved || !type) {
    free(inc);
    inc = NULL;
    goto out;
  }
  for (int i = 0; i < nx; i++)
    if (c->F.x[i]) {
      int j = c->F.x[i];
      type[i] = glp_get_col_type(lp, j);
      saved[2 * i] = glp_get_col_lb(lp, j);
      saved[2 * i + 1] = glp_get_col_ub(lp, j);
      double lo = ceil(saved[2 * i] - 1e-9);
      glp_set_col_bnds(lp, j, GLP_FX, lo, lo);
    }
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.tm_lim = ms_left(c);
  int ok = glp_simplex(lp, &sm) == 0 && glp_get_status(lp) == GLP_OPT;
  for (int j = 1; ok && j <= n; j++)
    inc[j] = is_int(lp, j) ? round(glp_get_col_prim(lp, j)) : glp_get_col_prim(lp, j);
  for (int i = 0; i < nx; i++)
    if (c->F.x[i])
      glp_set_col_bnds(lp, c->F.x[i], type[i], saved[2 * i], saved[2 * i + 1]);
  if (!ok) {
    free(inc);
    inc = NULL;
  }
out:
  c->incumbent = inc;
  free(saved);
  free(type);
}

/* 1 when the current objective is a positive multiple of the last keep row's (the previous stage's
 * objective, same direction): the previous stage's plan is then optimal for this stage too, e.g.
 * source preference on a model whose money all comes from one source. */
static int same_as_previous(const solve_ctx *c, int previous_max) {
  glp_prob *lp = c->F.lp;
  int i = glp_get_num_rows(lp), n = glp_get_num_cols(lp);
  if (i <= c->F.base_rows || !c->incumbent || previous_max != (glp_get_obj_dir(lp) == GLP_MAX))
    return 0;
  int *ind = malloc((size_t)(n + 1) * sizeof *ind), same = 1;
  double *row = calloc((size_t)n + 1, sizeof *row), *val = malloc((size_t)(n + 1) * sizeof *val);
  if (!ind || !row || !val) {
    same = 0;
    goto out;
  }
  int len = glp_get_mat_row(lp, i, ind, val);
  for (int k = 1; k <= len; k++)
    row[ind[k]] = val[k];
  double ratio = 0;
  for (int j = 1; j <= n && same; j++) {
    double o = glp_get_obj_coef(lp, j);
    if ((o == 0) != (row[j] == 0))
      same = 0;
    else if (o != 0 && ratio == 0)
      same = (ratio = o / row[j]) > 0;
    else if (o != 0)
      same = fabs(o / row[j] - ratio) <= 1e-12 * ratio;
  }
  same = same && ratio > 0;
out:
  free(ind);
  free(row);
  free(val);
  return same;
}

/* The body run under the GLPK guard: all stages (or, for export, those before export_kind). */
static kc_rc run(void *ctx, kc_error *err) {
  solve_ctx *c = ctx;
  const kc_model *m = c->m;
  kc_result *r = c->r;
  kc_rc rc = kc_form_build(m, 1, &c->F, err);
  if (rc != KC_OK)
    return rc;
  r->rows = glp_get_num_rows(c->F.lp);
  r->cols = glp_get_num_cols(c->F.lp);
  r->int_cols = glp_get_num_int(c->F.lp);
  kc_stage stages[KC_NSTAGES];
  int nst = kc_form_stages(m, stages), previous_max = -1;
  r->status = KC_OK;
  for (int i = 0; i < nst; i++) {
    if (c->export_path && stages[i] == c->export_kind) {
      kc_form_objective(&c->F, stages[i]);
      return write_export(c, err);
    }
    double t = kc_now(), value = 0;
    if (i == 0)
      seed_incumbent(c);
    kc_stage_result *sr = &r->stage[r->nstage];
    stage_outcome out = ST_FAILED;
    int exact = 0, kept_previous = 0;
    memset(sr, 0, sizeof *sr);
    /* A plan branch-and-bound accepts within its tolerances may break a row by a hair in exact
     * arithmetic (polish then finds no money for its units): solve the stage again with the ceiling
     * and keep rows held a little tighter (tighten_rows), and polish against the true rows. */
    kc_form_objective(&c->F, stages[i]);
    if (same_as_previous(c, previous_max)) {
      value = incumbent_value(c);
      out = ST_POLISHED;
      exact = 1;
      sr->proven = 1;
      sr->bound = value;
    }
    previous_max = glp_get_obj_dir(c->F.lp) == GLP_MAX;
    for (int attempt = 0; attempt < 4 && !exact; attempt++) {
      memset(sr, 0, sizeof *sr);
      c->timed_out = 0;
      int tightened = attempt > 0 && tighten_rows(c, attempt);
      out = run_stage(c, stages[i], &value, sr, err);
      if (tightened)
        restore_rows(c);
      if (out == ST_INFEASIBLE && attempt > 0)
        continue; /* held too tight: the next attempt holds the keep rows tighter still, or gives up */
      if (out == ST_POLISHED)
        exact = 1;
      if (out != ST_PLAN)
        break;
      exact = polish(c, &value);
    }
    if (!exact && i > 0 && kc_stage_info(stages[i])->tiebreak &&
        (out == ST_PLAN || out == ST_INFEASIBLE || (out == ST_NO_PLAN && c->incumbent))) {
      /* timing only breaks ties: the previous stage's exact plan stands, not proven for timing */
      if (out == ST_INFEASIBLE)
        sr->bound = NAN; /* the stage's LP failed numerically: no bound is known */
      value = incumbent_value(c);
      out = ST_POLISHED;
      exact = kept_previous = 1;
    }
    sr->kind = stages[i];
    sr->seconds = kc_now() - t;
    if (out == ST_FAILED)
      return KC_ERR_INTERNAL;
    if (out == ST_INFEASIBLE) {
      if (i > 0)
        return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0,
                       "stage %s became infeasible after the earlier stages were kept (numerical trouble)",
                       kc_stage_name(stages[i]));
      r->status = KC_ERR_INFEASIBLE;
      infeasible_reason(m, r->infeasible_reason, sizeof r->infeasible_reason);
      return KC_OK;
    }
    if (c->timed_out)
      r->limit_stage = stages[i];
    if (out == ST_NO_PLAN) {
      r->status = KC_ERR_LIMIT;
      r->gap = c->gap > 0 ? c->gap : (r->has_plan ? r->gap : INFINITY);
      break;
    }
    if (!exact)
      return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0,
                     "stage %s: no plan branch-and-bound found holds in exact arithmetic (numerical trouble)",
                     kc_stage_name(stages[i]));
    if (kept_previous) {
      sr->proven = 0;
      sr->gap = isnan(sr->bound) ? NAN : rel_gap(value, sr->bound);
    } else if (sr->proven) {
      sr->bound = value;
    }
    /* GLPK's objective is normalised (kc_form_objective) */
    sr->value = value * c->F.obj_scale;
    sr->bound *= c->F.obj_scale;
    r->nstage++;
    if (c->timed_out) {
      r->status = KC_ERR_LIMIT;
      r->gap = sr->gap;
      break;
    }
    if (!sr->proven && !kc_stage_info(stages[i])->tiebreak)
      return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "stage %s stopped unproven without a limit",
                     kc_stage_name(stages[i]));
    if (i + 1 < nst && (rc = kc_form_keep(&c->F, stages[i], value, err)) != KC_OK)
      return rc;
  }
  if (c->export_path) /* only reached when the limit stopped the run: kc_export reports it */
    return r->status != KC_OK ? KC_OK
                              : kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "the %s stage was not reached",
                                        kc_stage_name(c->export_kind));
  /* Money flows last: with the units of the final stage fixed (and its optimum kept), spend the
   * preferred sources first again, so that the timing stage's use of the 1e-7 slack cannot leave
   * 0.002 of a preferred source unspent. Units, attainment, spend and timing do not change. */
  kc_stage last = stages[nst - 1];
  if (r->status == KC_OK && last == KC_STAGE_TIMING) {
    double v;
    if ((rc = kc_form_keep(&c->F, last, r->stage[r->nstage - 1].value / c->F.obj_scale, err)) != KC_OK)
      return rc;
    kc_form_objective(&c->F, KC_STAGE_PREF);
    polish(c, &v);
  }
  if (r->status == KC_OK && !(c->o && c->o->skip_shadow))
    return shadow_prices(c, err);
  return KC_OK;
}

void kc_result_free(kc_result *r) {
  if (!r)
    return;
  free(r->x);
  free(r->f);
  free(r->shadow);
  memset(r, 0, sizeof *r);
}

static kc_rc guarded(solve_ctx *c, kc_error *err) {
  bool fatal;
  kc_rc rc = kc_glpk_guard(run, c, &fatal, err);
  free(c->incumbent);
  c->incumbent = NULL;
  free(c->block);
  c->block = NULL;
  free(c->saved_lb);
  free(c->saved_ub);
  c->saved_lb = c->saved_ub = NULL;
  if (fatal)
    c->F.lp = NULL; /* freed with the GLPK environment */
  kc_form_free(&c->F);
  return rc;
}

kc_rc kc_solve(const kc_model *m, const kc_solve_opts *o, kc_result *r, kc_error *err) {
  memset(r, 0, sizeof *r);
  size_t ay = (size_t)m->nact * (size_t)kc_nyears(m);
  r->x = calloc(ay + 1, sizeof *r->x);
  r->f = calloc(ay * (size_t)m->nsrc + 1, sizeof *r->f);
  if (!r->x || !r->f) {
    kc_result_free(r);
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  }
  solve_ctx c = {.m = m, .o = o, .r = r, .t0 = kc_now(), .last_progress = kc_now()};
  kc_rc rc = guarded(&c, err);
  r->seconds = kc_now() - c.t0;
  if (rc != KC_OK)
    kc_result_free(r);
  return rc;
}

kc_rc kc_export(const kc_model *m, kc_stage k, const char *path, int mps, const kc_solve_opts *o, kc_error *err) {
  kc_stage stages[KC_NSTAGES];
  int nst = kc_form_stages(m, stages), found = 0;
  for (int i = 0; i < nst; i++)
    found |= stages[i] == k;
  if (!found)
    return kc_fail(err, KC_ERR_INPUT, NULL, 0, 0, "this model has no %s stage (see objective in program.json)",
                   kc_stage_name(k));
  kc_result r;
  memset(&r, 0, sizeof r);
  size_t ay = (size_t)m->nact * (size_t)kc_nyears(m);
  r.x = calloc(ay + 1, sizeof *r.x);
  r.f = calloc(ay * (size_t)m->nsrc + 1, sizeof *r.f);
  if (!r.x || !r.f) {
    kc_result_free(&r);
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  }
  solve_ctx c = {.m = m, .o = o, .r = &r, .t0 = kc_now(), .export_kind = k, .export_path = path, .export_mps = mps};
  kc_rc rc = guarded(&c, err);
  if (rc == KC_OK && r.status == KC_ERR_INFEASIBLE)
    rc = kc_fail(err, KC_ERR_INFEASIBLE, NULL, 0, 0, "an earlier stage is infeasible: %s", r.infeasible_reason);
  else if (rc == KC_OK && r.status == KC_ERR_LIMIT)
    rc = kc_fail(err, KC_ERR_LIMIT, NULL, 0, 0, "the time limit was reached before stage %s", kc_stage_name(k));
  kc_result_free(&r);
  return rc;
}
