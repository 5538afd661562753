/* solve.c — running the stages: simplex + branch-and-bound per stage, counted budgets, time limit,
 * exact plans (polish), and export of a stage's problem. The block search (blocksearch.c) and the
 * shadow prices (shadow.c) run on the same engine state (engine.h). */
#define _POSIX_C_SOURCE 200809L
#include "optimize/solve.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/text.h"
#include "optimize/blocks.h"
#include "optimize/blocksearch.h"
#include "optimize/coresearch.h"
#include "optimize/engine.h"
#include "core/fileio.h"
#include "optimize/glpk_guard.h"
#include "optimize/shadow.h"

double kc_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Milliseconds left of the time limit (INT_MAX-ish when none); 0 or less when spent. */
int kc_engine_ms_left(const kc_engine *c) {
  if (!c->o || c->o->time_limit <= 0)
    return 0x7fffffff;
  double left = c->o->time_limit - (kc_now() - c->t0);
  return left <= 0 ? 0 : (int)fmin(left * 1000.0 + 1, 2e9);
}

/* Resets the effort counter: branch-and-bound may search cap more nodes (0 = no cap). */
void kc_engine_count(kc_engine *c, long cap) {
  c->nodes = c->better_at = 0;
  c->node_cap = cap;
  c->stall_nodes = c->plan_by = 0;
  c->seen = NAN;
  c->tree_bound = NAN;
  c->stop = STOP_NONE;
}

static void on_tree(glp_tree *T, void *info) {
  kc_engine *c = info;
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
            : c->plan_by > 0 && isnan(v) && c->nodes >= c->plan_by            ? STOP_STALL
            : kc_engine_ms_left(c) <= 0                                       ? STOP_TIME
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
    kc_progress pg = {.stage = c->stage_name,
                      .best = isnan(v) ? NAN : v * c->F.obj_scale,
                      .gap = c->gap,
                      .nodes = c->nodes,
                      .node_cap = c->node_cap};
    c->o->progress(c->o->progress_ctx, &pg);
  }
}

/* An integer column: GLPK reports 0-1 integer columns as GLP_BV, not GLP_IV. */
int kc_engine_is_int(glp_prob *lp, int j) {
  return glp_get_col_kind(lp, j) != GLP_CV;
}

int kc_engine_sense(glp_prob *lp) {
  return glp_get_obj_dir(lp) == GLP_MAX ? -1 : 1;
}

/* Relative gap of a plan's value to a bound, as GLPK measures it. */
double kc_engine_rel_gap(double value, double bound) {
  return fabs(value - bound) / fmax(DBL_EPSILON, fabs(value));
}

/* Branch-and-bound parameters of stage k (time limit left to the caller). */
void kc_engine_mip_params(kc_engine *c, kc_stage k, glp_iocp *io) {
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
  io->br_tech = c->F.ntotals && !kc_model_proposals(c->m) ? GLP_BR_LFV : GLP_BR_DTH;
  /* The open node with the best projected value next (best projection), and no bound tightening at
   * each node (GLPK's default re-runs it at every node, which costs more than the nodes it saves on
   * these small rows). Measured against GLPK's defaults (best local bound, tightening everywhere),
   * bench/README.md: Can Tho's 101-point sweep 5.3 -> 1.5 s; mix-environment's timing stage 1,153
   * -> 71 nodes; the national P = 8 model 6.3 -> 3.0 s; every Chu & Beasley 100x5 instance but one
   * faster. */
  io->bt_tech = GLP_BT_BPH;
  io->pp_tech = GLP_PP_NONE;
  io->tol_int = 1e-7; /* GLPK's 1e-5 lets 2.99999 units pass as 3 (see kc_engine_polish) */
  /* Attainment is proven exactly; the later stages stop within their relative gap of their bound
   * (kc_stage_def): with price growth, a spend or timing optimum can take minutes to prove to the
   * last 0.01 million (scenarios/inflation-5.json) for no difference a planner could see. */
  io->mip_gap = kc_stage_info(k)->gap;
  if (kc_stage_info(k)->tiebreak && c->o && c->o->timing_exact)
    io->mip_gap = KC_LATER_STAGE_GAP; /* --timing exact: timing proven as closely as spend */
}

/* Outcome of one stage. ST_PLAN: GLPK's branch-and-bound solution is the stage's plan, for kc_engine_polish;
 * ST_POLISHED: the block search's plan is, already polished into c->r and c->incumbent. Whether it
 * is proven, and its bound, are in the stage's kc_stage_result; c->timed_out says when the time limit
 * cut the stage short. */
typedef enum { ST_PLAN, ST_POLISHED, ST_NO_PLAN, ST_INFEASIBLE, ST_FAILED } stage_outcome;

/* The stage's effort budget in nodes: the timing stage's unless it is to be proven, the merit
 * stage's; 0 = none. */
static long stage_budget(const kc_engine *c, kc_stage k) {
  if (k == KC_STAGE_MERIT)
    return c->o && c->o->merit_nodes > 0 ? c->o->merit_nodes : KC_MERIT_NODES;
  if (!kc_stage_info(k)->tiebreak || (c->o && c->o->timing_exact))
    return 0;
  return c->o && c->o->timing_nodes > 0 ? c->o->timing_nodes : KC_TIMING_NODES;
}

/* The stage's best bound: the tighter of its LP optimum and the open nodes' best bound (NAN: none). */
double kc_engine_tighter(int sense, double bound, double tree) {
  if (isnan(tree))
    return bound;
  return sense > 0 ? fmax(bound, tree) : fmin(bound, tree);
}

/* Ends a stage stopped before its proof with the better of branch-and-bound's plan and the block
 * search's (kept, NAN when none); the stage's bound and gap go to sr. */
static stage_outcome unproven(kc_engine *c, double kept, double bound, double *value, kc_stage_result *sr) {
  glp_prob *lp = c->F.lp;
  int sense = kc_engine_sense(lp), mip = glp_mip_status(lp);
  stage_outcome out = ST_NO_PLAN;
  if ((mip == GLP_FEAS || mip == GLP_OPT) && (isnan(kept) || sense * (glp_mip_obj_val(lp) - kept) <= 0)) {
    *value = glp_mip_obj_val(lp);
    out = ST_PLAN;
  } else if (!isnan(kept)) {
    *value = kept;
    out = ST_POLISHED;
  }
  sr->proven = 0;
  sr->bound = bound;
  sr->gap = out == ST_NO_PLAN ? INFINITY : kc_engine_rel_gap(*value, bound);
  c->gap = sr->gap;
  return out;
}

static stage_outcome run_stage(kc_engine *c, kc_stage k, double *value, kc_stage_result *sr, kc_error *err) {
  glp_prob *lp = c->F.lp;
  kc_form_objective(&c->F, k);
  c->stage_name = kc_stage_name(k);
  c->gap = 0;
  int left = kc_engine_ms_left(c);
  if (left <= 0) {
    c->timed_out = 1;
    return ST_NO_PLAN;
  }
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.tm_lim = left;
  /* A counted cap on the simplex: from the previous stage's basis the primal simplex has stalled for
   * minutes on a re-plan whose numbers span ten orders of magnitude (tests/e2e/wide_check.py). */
  sm.it_lim = KC_STAGE_LP_ITERS * (glp_get_num_rows(lp) + glp_get_num_cols(lp)) + 1000;
  int rc = glp_simplex(lp, &sm);
  if (rc != 0 && rc != GLP_ETMLIM) {
    glp_std_basis(lp); /* a basis that GLPK rejects, or a stall: start again from the standard one */
    sm.meth = rc == GLP_EITLIM ? GLP_DUALP : sm.meth;
    rc = glp_simplex(lp, &sm);
  }
  if (rc == GLP_ETMLIM) {
    c->timed_out = 1;
    return ST_NO_PLAN;
  }
  if (rc == GLP_EITLIM && kc_stage_info(k)->tiebreak)
    return ST_INFEASIBLE; /* the tie-breaker's LP failed: the previous stage's plan stands, no bound */
  if (rc == GLP_EITLIM) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "GLPK simplex did not finish in %d iterations in stage %s", sm.it_lim,
            kc_stage_name(k));
    return ST_FAILED;
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
  int sense = kc_engine_sense(lp);
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
    kept = kc_block_search(c, 0, bound, sr);
  if (k == KC_STAGE_MERIT) {
    int proven = kc_core_search(c, k, budget, value, sr);
    if (proven >= 0)
      return ST_POLISHED;
  }
  glp_iocp io;
  kc_engine_mip_params(c, k, &io);
again:
  if (sr->blocks) { /* the block search's fixings left another basis: optimal again for glp_intopt */
    sm.meth = GLP_DUALP;
    sm.tm_lim = kc_engine_ms_left(c);
    if (glp_simplex(lp, &sm) != 0 || glp_get_status(lp) != GLP_OPT) {
      c->timed_out = kc_engine_ms_left(c) <= 0;
      return unproven(c, kept, bound, value, sr);
    }
  }
  io.tm_lim = kc_engine_ms_left(c);
  if (io.tm_lim <= 0 || (budget > 0 && sr->nodes >= budget)) {
    c->timed_out = io.tm_lim <= 0;
    return unproven(c, kept, bound, value, sr);
  }
  kc_engine_count(c, budget > 0 ? budget - sr->nodes : 0);
  c->stall_nodes = scout ? budget / 4 : 0;
  c->offered = 0;
  rc = glp_intopt(lp, &io);
  sr->nodes += c->nodes;
  int within_gap = rc == GLP_EMIPGAP; /* stopped within the stage's relative gap: as good as optimal */
  if (within_gap)
    rc = 0;
  if (scout && rc == GLP_ESTOP && c->stop == STOP_STALL) {
    scout = 0;
    bound = kc_engine_tighter(sense, bound, c->tree_bound);
    int mip = glp_mip_status(lp);
    double v;
    if ((mip == GLP_FEAS || mip == GLP_OPT) && kc_engine_polish(c, &v))
      kept = v;
    double b = kc_block_search(c, (budget - sr->nodes) / 2, bound, sr);
    kept = isnan(b) ? kept : b;
    goto again;
  }
  if (rc == GLP_ETMLIM || rc == GLP_ESTOP) {
    c->timed_out = rc == GLP_ETMLIM || c->stop == STOP_TIME;
    return unproven(c, kept, kc_engine_tighter(sense, bound, c->tree_bound), value, sr);
  }
  if (rc != 0) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "GLPK branch-and-bound failed in stage %s (code %d)", kc_stage_name(k),
            rc);
    return ST_FAILED;
  }
  int mip = glp_mip_status(lp);
  if (mip == GLP_NOFEAS)
    return ST_INFEASIBLE;
  if (mip != GLP_OPT && mip != GLP_FEAS) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "stage %s ended with GLPK MIP status %d", kc_stage_name(k), mip);
    return ST_FAILED;
  }
  *value = glp_mip_obj_val(lp);
  sr->proven = 1;
  /* GLPK stops when |value - bound| < gap x |value|: solve_stages() sets the bound from the exact plan */
  sr->gap = c->gap = within_gap ? io.mip_gap : 0;
  return ST_PLAN;
}

/* Copies the polished LP solution into r->x and r->f (integers rounded, money clamped at 0). Returns
 * 0, leaving r as it was, when out of memory. */
static int take_solution(kc_engine *c) {
  const kc_model *m = c->m;
  glp_prob *lp = c->F.lp;
  int ny = c->F.ny, ns = m->nsrc, n = glp_get_num_cols(lp);
  double *col = malloc((size_t)(n + 1) * sizeof *col);
  if (!col)
    return 0;
  for (int j = 1; j <= n; j++)
    col[j] = kc_engine_is_int(lp, j) ? round(glp_get_col_prim(lp, j)) : glp_get_col_prim(lp, j);
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

static int tightened_row(const kc_engine *c, int i);

/* Loosens the ceiling rows' upper bounds by 1e-10 of them, keeping the originals in saved[i] (NAN
 * for the other rows), or (saved given back with restore set) puts them back; kc_engine_polish does
 * so only when the plan is infeasible in exact arithmetic with the true bounds. A plan that spends a
 * ceiling to the last 1,000 VND in decimal — a re-plan's recorded actuals with every fund spent —
 * can exceed it by 1e-12 in the binary values of its amounts, which the rational arithmetic of
 * glp_exact calls infeasible. 1e-10 is far below the money's resolution (0.001 million); the plan's
 * money is then rounded to thousandths and audited against the true ceilings. */
static void loosen_ceilings(kc_engine *c, double *saved, int restore) {
  glp_prob *lp = c->F.lp;
  for (int i = 1; i <= c->F.base_rows; i++) {
    if (restore) {
      if (!isnan(saved[i]))
        glp_set_row_bnds(lp, i, GLP_UP, 0, saved[i]);
      continue;
    }
    saved[i] = NAN;
    if (glp_get_row_type(lp, i) != GLP_UP || !tightened_row(c, i))
      continue;
    double ub = glp_get_row_ub(lp, i), r = glp_get_rii(lp, i);
    saved[i] = ub;
    glp_set_row_bnds(lp, i, GLP_UP, 0, ub + 1e-10 * (1 + fabs(ub * r)) / r);
  }
}

/* Makes the stage's integer solution exact: fixes every integer column at its rounded value,
 * re-solves the LP of the current objective for the continuous columns, and keeps that solution and
 * its optimum (*value). GLPK accepts 2.9999999 as integral; its money would not pay for 3 units, and
 * the next stage's keep row would then exclude the true integer plan. Restores the bounds after.
 * Returns 0, leaving *value and GLPK's solution as they were, when the fixed LP cannot be solved in
 * exact arithmetic or its optimum is worse than branch-and-bound's plan by more than 1e-6 of it: that
 * plan held only within GLPK's tolerances (its units did not quite fit the money). */
int kc_engine_polish(kc_engine *c, double *value) {
  glp_prob *lp = c->F.lp;
  int n = glp_get_num_cols(lp), ok = 0;
  int *type = malloc((size_t)(n + 1) * sizeof *type), *integer = malloc((size_t)(n + 1) * sizeof *integer);
  double *lb = malloc((size_t)(n + 1) * sizeof *lb), *ub = malloc((size_t)(n + 1) * sizeof *ub);
  double *ceil = malloc((size_t)(c->F.base_rows + 1) * sizeof *ceil);
  if (!type || !integer || !lb || !ub || !ceil)
    goto out;
  for (int j = 1; j <= n; j++) {
    type[j] = glp_get_col_type(lp, j);
    lb[j] = glp_get_col_lb(lp, j);
    ub[j] = glp_get_col_ub(lp, j);
    integer[j] = kc_engine_is_int(lp, j);
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
  int sense = kc_engine_sense(lp), loose = 0;
  int solved = glp_simplex(lp, &sm) == 0 && glp_get_status(lp) == GLP_OPT && glp_exact(lp, &sm) == 0;
  if (solved && glp_get_status(lp) == GLP_NOFEAS) { /* by a hair of binary rounding, perhaps */
    loosen_ceilings(c, ceil, 0);
    loose = 1;
    solved = glp_exact(lp, &sm) == 0;
  }
  if (solved && glp_get_status(lp) == GLP_OPT && sense * (glp_get_obj_val(lp) - mip) <= 1e-6 * fmax(1.0, fabs(mip))) {
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
  if (loose)
    loosen_ceilings(c, ceil, 1);
  for (int j = 1; j <= n; j++)
    if (integer[j])
      glp_set_col_bnds(lp, j, type[j], lb[j], ub[j]);
out:
  free(ceil);
  free(type);
  free(integer);
  free(lb);
  free(ub);
  return ok;
}

static void infeasible_reason(const kc_model *m, kc_reason *why) {
  int ny = kc_nyears(m);
  double committed = 0, money = 0;
  int all_capped = 1;
  for (int a = 0; a < m->nact; a++)
    for (int yi = m->nclosed; yi < ny; yi++)
      if (kc_can_start(m, a, m->first_year + yi))
        committed += m->act[a].min_per_year * kc_unit_cost(m, a, m->first_year + yi);
  for (int s = 0; s < m->nsrc; s++) {
    all_capped &= m->src[s].has_ceiling;
    money += m->src[s].ceiling;
  }
  if (all_capped && committed > money + 1e-6) { /* the numbers in each language's own style */
    char c1[48], c2[48];
    snprintf(why->en, sizeof why->en,
             "committed units (min_per_year) cost %.3f million VND but all ceilings together allow %.3f", committed,
             money);
    snprintf(why->msg, sizeof why->msg,
             _("committed units (min_per_year) cost %s million VND but all ceilings together allow %s"),
             kc_fmt_fixed(committed, 3, kc_ui_lang(), c1), kc_fmt_fixed(money, 3, kc_ui_lang(), c2));
  } else
    kc_say(why->msg, why->en, sizeof why->msg,
           "the committed units (min_per_year) and co-financing shares (min_share) cannot all be paid "
           "within the total and annual ceilings");
}

/* Writes the problem into a private temporary folder beside the target (GLPK opens the file by name)
 * and renames it into place. */
static kc_rc write_export(kc_engine *c, kc_error *err) {
  glp_prob *lp = c->F.lp;
  kc_atomic f;
  kc_rc krc = kc_atomic_open_private(&f, c->export_path, 1, err);
  if (krc != KC_OK)
    return krc;
  int rc;
  /* The objective in the model's units (solve holds it normalised): a solver reading the file reports
   * the stage's value. MPS has no objective sense: a maximisation is written negated. */
  double factor = c->F.obj_scale * (c->export_mps ? kc_engine_sense(lp) : 1);
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
  return kc_atomic_commit(&f, err); /* syncs what GLPK wrote: the same file */
}

/* The current objective (GLPK's units) at the incumbent, the previous stage's exact plan. */
double kc_engine_incumbent_value(const kc_engine *c) {
  double v = glp_get_obj_coef(c->F.lp, 0);
  for (int j = 1; j <= glp_get_num_cols(c->F.lp); j++)
    v += glp_get_obj_coef(c->F.lp, j) * c->incumbent[j];
  return v;
}

/* A row tighten_rows moves: a total or annual ceiling, or a keep row (the rows a plan found within
 * tolerance can break; cover and balance rows have their shortfall column to absorb it). */
static int tightened_row(const kc_engine *c, int i) {
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
static int tighten_rows(kc_engine *c, int attempt) {
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
    if (i > c->F.base_rows) { /* a keep row (GLP_UP or GLP_LO), or a stability row (no tolerance) */
      double tol = 0;
      for (int k = 0; k < c->F.nkeep; k++)
        tol = c->F.keep_row[k] == i ? c->F.keep_tol[k] : tol;
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

static void restore_rows(kc_engine *c) {
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
static void seed_incumbent(kc_engine *c) {
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
      double lo = type[i] == GLP_FX ? saved[2 * i] : ceil(saved[2 * i] - 1e-9); /* closed years stay as recorded */
      glp_set_col_bnds(lp, j, GLP_FX, lo, lo);
    }
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.tm_lim = kc_engine_ms_left(c);
  int ok = glp_simplex(lp, &sm) == 0 && glp_get_status(lp) == GLP_OPT;
  for (int j = 1; ok && j <= n; j++)
    inc[j] = kc_engine_is_int(lp, j) ? round(glp_get_col_prim(lp, j)) : glp_get_col_prim(lp, j);
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
static int same_as_previous(const kc_engine *c, int previous_max) {
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

/* Adds the stability columns and rows before the first stability stage (kc_form_add_stability) and
 * extends the previous stage's plan to them, so that it stays the incumbent. */
static kc_rc add_stability(kc_engine *c, kc_error *err) {
  if (c->F.du)
    return KC_OK;
  kc_rc rc = kc_form_add_stability(&c->F, err);
  if (rc != KC_OK || !c->incumbent)
    return rc;
  int n = glp_get_num_cols(c->F.lp);
  double *inc = realloc(c->incumbent, (size_t)(n + 1) * sizeof *inc);
  if (!inc)
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  c->incumbent = inc;
  kc_form_stability_values(&c->F, inc);
  return KC_OK;
}

/* After a merit stage cut short by its budget: the proposals' columns fixed at the selection kept
 * (the incumbent, which holds every row), so that the later stages choose among the plans of that
 * selection rather than search the selections again without a budget of their own. */
static void keep_selection(kc_engine *c) {
  const kc_model *m = c->m;
  int ny = c->F.ny;
  for (int i = (m->nact - kc_model_proposals(m)) * ny; c->incumbent && i < m->nact * ny; i++)
    if (c->F.x[i]) {
      double v = round(c->incumbent[c->F.x[i]]);
      glp_set_col_bnds(c->F.lp, c->F.x[i], GLP_FX, v, v);
    }
}

/* The body run under the GLPK guard: all stages (or, for export, those before export_kind). */
static kc_rc solve_stages(void *ctx, kc_error *err) {
  kc_engine *c = ctx;
  const kc_model *m = c->m;
  kc_result *r = c->r;
  kc_rc rc = kc_form_build(m, 1, &c->F, err);
  if (rc != KC_OK)
    return rc;
  r->rows = glp_get_num_rows(c->F.lp);
  r->cols = glp_get_num_cols(c->F.lp);
  r->int_cols = glp_get_num_int(c->F.lp);
  kc_stage stages[KC_NSTAGES];
  int nst = kc_stage_list(m, stages), previous_max = -1;
  r->status = KC_OK;
  for (int i = 0; i < nst; i++) {
    if ((stages[i] == KC_STAGE_STABILITY || stages[i] == KC_STAGE_STABMONEY) && (rc = add_stability(c, err)) != KC_OK)
      return rc;
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
     * arithmetic (kc_engine_polish then finds no money for its units): solve the stage again with the ceiling
     * and keep rows held a little kc_engine_tighter (tighten_rows), and kc_engine_polish against the true rows. */
    kc_form_objective(&c->F, stages[i]);
    if (same_as_previous(c, previous_max)) {
      value = kc_engine_incumbent_value(c);
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
        continue; /* held too tight: the next attempt holds the keep rows kc_engine_tighter still, or gives up */
      if (out == ST_POLISHED)
        exact = 1;
      if (out != ST_PLAN)
        break;
      exact = kc_engine_polish(c, &value);
    }
    if (!exact && i > 0 && kc_stage_info(stages[i])->tiebreak &&
        (out == ST_PLAN || out == ST_INFEASIBLE || (out == ST_NO_PLAN && c->incumbent))) {
      /* timing only breaks ties: the previous stage's exact plan stands, not proven for timing */
      if (out == ST_INFEASIBLE)
        sr->bound = NAN; /* the stage's LP failed numerically: no bound is known */
      value = kc_engine_incumbent_value(c);
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
      infeasible_reason(m, &r->infeasible_reason);
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
      sr->gap = isnan(sr->bound) ? NAN : kc_engine_rel_gap(value, sr->bound);
    } else if (sr->proven) { /* the exact plan's value, and the bound as close to it as proven */
      sr->bound = value - kc_engine_sense(c->F.lp) * sr->gap * fabs(value);
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
    if (!sr->proven && stages[i] == KC_STAGE_MERIT) { /* its node budget ran out: the best plan is kept */
      r->status = KC_ERR_LIMIT;
      r->limit_stage = stages[i];
      r->gap = sr->gap;
      keep_selection(c);
    } else if (!sr->proven && !kc_stage_info(stages[i])->tiebreak) {
      return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "stage %s stopped unproven without a limit",
                     kc_stage_name(stages[i]));
    }
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
  int complete = r->status == KC_OK || (r->status == KC_ERR_LIMIT && r->nstage == nst); /* merit's budget */
  if (complete && last == KC_STAGE_TIMING) {
    double v;
    if ((rc = kc_form_keep(&c->F, last, r->stage[r->nstage - 1].value / c->F.obj_scale, err)) != KC_OK)
      return rc;
    kc_form_objective(&c->F, KC_STAGE_PREF);
    kc_engine_polish(c, &v);
  }
  if (r->status == KC_OK && !(c->o && c->o->skip_shadow))
    return kc_shadow_prices(c, err);
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

static kc_rc guarded(kc_engine *c, kc_error *err) {
  bool fatal;
  kc_rc rc = kc_glpk_guard(solve_stages, c, &fatal, err);
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
  kc_engine c = {.m = m, .o = o, .r = r, .t0 = kc_now(), .last_progress = kc_now()};
  kc_rc rc = guarded(&c, err);
  r->seconds = kc_now() - c.t0;
  if (rc != KC_OK)
    kc_result_free(r);
  return rc;
}

kc_rc kc_export(const kc_model *m, kc_stage k, const char *path, int mps, const kc_solve_opts *o, kc_error *err) {
  kc_stage stages[KC_NSTAGES];
  int nst = kc_stage_list(m, stages), found = 0;
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
  kc_engine c = {.m = m, .o = o, .r = &r, .t0 = kc_now(), .export_kind = k, .export_path = path, .export_mps = mps};
  kc_rc rc = guarded(&c, err);
  if (rc == KC_OK && r.status == KC_ERR_INFEASIBLE)
    rc = kc_fail_around(err, KC_ERR_INFEASIBLE, NULL, 0, 0, "an earlier stage is infeasible: %s",
                        r.infeasible_reason.msg, r.infeasible_reason.en);
  else if (rc == KC_OK && r.status == KC_ERR_LIMIT)
    rc = kc_fail(err, KC_ERR_LIMIT, NULL, 0, 0, "the time limit was reached before stage %s", kc_stage_name(k));
  kc_result_free(&r);
  return rc;
}
