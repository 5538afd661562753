/* solve.c — running the stages: warm-started simplex + branch-and-bound per stage, time limit,
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
  double gap;                  /* last gap seen in branch-and-bound */
  double *incumbent;           /* [1..ncols] the previous stage's exact plan, offered to the next stage */
  int offered;                 /* the incumbent was offered in this stage */
  int in_blocks;               /* in the block search: branch-and-bound progress is not the stage's */
  double stall;                /* > 0: branch-and-bound stops when its best plan has not improved for this long */
  double last_better, seen;    /* when the best plan last changed, and its value then */
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
  if (c->stall > 0) {
    glp_prob *P = glp_ios_get_prob(T);
    double v = glp_mip_status(P) == GLP_FEAS ? glp_mip_obj_val(P) : NAN;
    if (isnan(v) || v != c->seen) {
      c->seen = v;
      c->last_better = kc_now();
    } else if (kc_now() - c->last_better > c->stall) {
      glp_ios_terminate(T);
    }
  }
  if (reason != GLP_ISELECT && reason != GLP_IBINGO)
    return;
  if (c->in_blocks)
    return;
  c->gap = glp_ios_mip_gap(T);
  if (c->o && c->o->progress && kc_now() - c->last_progress >= 1.0) {
    c->last_progress = kc_now();
    glp_prob *P = glp_ios_get_prob(T);
    c->o->progress(c->o->progress_ctx, c->stage_name, glp_mip_obj_val(P) * c->F.obj_scale, c->gap);
  }
}

/* An integer column: GLPK reports 0-1 integer columns as GLP_BV, not GLP_IV. */
static int is_int(glp_prob *lp, int j) {
  return glp_get_col_kind(lp, j) != GLP_CV;
}

/* Stores lp's basis statuses in b (growing its arrays); leaves b empty when memory runs out. */
static void save_basis(kc_basis *b, glp_prob *lp) {
  int m = glp_get_num_rows(lp), n = glp_get_num_cols(lp);
  if (m + 1 > b->cap_r) {
    int *p = realloc(b->row_stat, (size_t)(m + 1) * sizeof *p);
    if (!p) {
      b->rows = 0;
      return;
    }
    b->row_stat = p;
    b->cap_r = m + 1;
  }
  if (n + 1 > b->cap_c) {
    int *p = realloc(b->col_stat, (size_t)(n + 1) * sizeof *p);
    if (!p) {
      b->rows = 0;
      return;
    }
    b->col_stat = p;
    b->cap_c = n + 1;
  }
  for (int i = 1; i <= m; i++)
    b->row_stat[i] = glp_get_row_stat(lp, i);
  for (int j = 1; j <= n; j++)
    b->col_stat[j] = glp_get_col_stat(lp, j);
  b->rows = m;
  b->cols = n;
}

void kc_basis_free(kc_basis *b) {
  if (!b)
    return;
  free(b->row_stat);
  free(b->col_stat);
  memset(b, 0, sizeof *b);
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
  /* Branch on the last fractional column: the period totals total(a,period) are the last integer
   * columns, so the brancher splits on them before the many equivalent year splits (GLPK-NOTES).
   * Measured on Can Tho and six funding cuts: 1.4-16 ms per solve, against 7-35 ms with the default
   * Driebeck-Tomlin rule and time-outs with most-fractional (bench/README.md). */
  io->br_tech = GLP_BR_LFV;
  io->tol_int = 1e-7; /* GLPK's 1e-5 lets 2.99999 units pass as 3 (see polish) */
  /* Attainment is proven exactly; the later stages stop within 1e-6 relative of their bound: with
   * price growth, a spend or timing optimum can take minutes to prove to the last 0.01 million
   * (scenarios/inflation-5.json) for no difference a planner could see. */
  if (k != KC_STAGE_ATTAIN && k != KC_STAGE_MAXSHORT)
    io->mip_gap = KC_LATER_STAGE_GAP;
}

/* One block's neighbourhood: the integer columns of every other block fixed at the incumbent (money
 * stays free), branch-and-bound for at most ms milliseconds from the incumbent. Returns 1 when it
 * found a plan better than *best, which is then polished into c->incumbent and c->r and *best
 * updated. The bounds are restored. */
static int search_block(solve_ctx *c, int b, const int *colblk, const int *type, const double *lb, const double *ub,
                        int ms, double *best) {
  glp_prob *lp = c->F.lp;
  int n = glp_get_num_cols(lp), better = 0;
  int sense = glp_get_obj_dir(lp) == GLP_MAX ? -1 : 1;
  for (int j = 1; j <= n; j++)
    if (colblk[j] >= 0 && colblk[j] != b)
      glp_set_col_bnds(lp, j, GLP_FX, round(c->incumbent[j]), round(c->incumbent[j]));
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.meth = GLP_DUALP;
  double tiny = 1e-7 * fmax(1, fabs(*best));
  if (glp_simplex(lp, &sm) == 0 && glp_get_status(lp) == GLP_OPT && sense * (*best - glp_get_obj_val(lp)) > tiny) {
    glp_iocp io;
    mip_params(c, KC_STAGE_TIMING, &io);
    io.tm_lim = ms;
    c->offered = 0;
    int rc = glp_intopt(lp, &io), st = glp_mip_status(lp);
    double v;
    if ((rc == 0 || rc == GLP_EMIPGAP || rc == GLP_ETMLIM) && (st == GLP_OPT || st == GLP_FEAS) &&
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

/* Block search for the current stage (large-neighbourhood search): on a model of several blocks (blocks.h),
 * each block in turn is re-solved with the others' units held at the incumbent, pass after pass
 * while some block improves and until the time `until` (kc_now scale; 0 = none). The branch-and-bound
 * that follows starts from the improved plan; bound (the stage's LP optimum) gives the progress gap.
 * Records blocks, improvements and seconds in sr. Returns the objective value of the improved plan, or
 * NAN when nothing was improved (also on one block, without c->incumbent or out of memory). */
static double block_search(solve_ctx *c, double until, double bound, kc_stage_result *sr) {
  const kc_model *m = c->m;
  glp_prob *lp = c->F.lp;
  int ny = c->F.ny, n = glp_get_num_cols(lp);
  double t0 = kc_now();
  int *colblk = malloc((size_t)(n + 1) * sizeof *colblk), *type = malloc((size_t)(n + 1) * sizeof *type);
  double *lb = malloc((size_t)(n + 1) * sizeof *lb), *ub = malloc((size_t)(n + 1) * sizeof *ub);
  const int *block = c->block;
  int nb = colblk && type && lb && ub && c->incumbent ? c->nblocks : 0;
  double best = 0;
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
  for (int j = 1; j <= n; j++)
    best += glp_get_obj_coef(lp, j) * c->incumbent[j];
  sr->blocks = nb;
  c->in_blocks = 1;
  for (int improved = 1; improved;) {
    improved = 0;
    for (int b = 0; b < nb; b++) {
      double left = until > 0 ? until - kc_now() : 2.0;
      if (left <= 0)
        goto done;
      if (search_block(c, b, colblk, type, lb, ub, (int)fmin(left * 1000 + 1, 2000), &best)) {
        improved = 1;
        sr->block_improvements++;
      }
      if (c->o && c->o->progress && kc_now() - c->last_progress >= 1.0) {
        c->last_progress = kc_now();
        c->o->progress(c->o->progress_ctx, "timing (block search)", best * c->F.obj_scale, rel_gap(best, bound));
      }
    }
  }
done:
  c->in_blocks = 0;
out:
  sr->block_seconds = kc_now() - t0;
  free(colblk);
  free(type);
  free(lb);
  free(ub);
  return sr->block_improvements ? best : NAN;
}

/* Outcome of one stage. ST_LIMIT_KEPT: the limit was reached and the stage's best plan is the block search's, already
 * in c->r and c->incumbent. */
typedef enum {
  ST_OPTIMAL,
  ST_LIMIT_WITH_PLAN,
  ST_LIMIT_KEPT,
  ST_LIMIT_NO_PLAN,
  ST_INFEASIBLE,
  ST_FAILED
} stage_outcome;

/* The time (kc_now) by which a stage started at t0 must end: the overall limit and, after attainment,
 * the per-stage budget; 0 when nothing limits it. */
static double stage_end(const solve_ctx *c, kc_stage k, double t0) {
  double end = c->o && c->o->time_limit > 0 ? c->t0 + c->o->time_limit : 0;
  if (k != KC_STAGE_ATTAIN && k != KC_STAGE_MAXSHORT && c->o && c->o->stage_limit > 0 &&
      (end == 0 || t0 + c->o->stage_limit < end))
    end = t0 + c->o->stage_limit;
  return end;
}

/* The limit was reached after the block search: its plan (value kept, NAN when it found none) is the
 * stage's best, with the gap to the stage's LP bound. */
static stage_outcome limit_kept(solve_ctx *c, double kept, double bound, double *value) {
  if (isnan(kept))
    return ST_LIMIT_NO_PLAN;
  *value = kept;
  c->gap = rel_gap(kept, bound);
  return ST_LIMIT_KEPT;
}

static stage_outcome run_stage(solve_ctx *c, kc_stage k, double *value, kc_stage_result *sr, kc_error *err) {
  glp_prob *lp = c->F.lp;
  double started = kc_now();
  kc_form_objective(&c->F, k);
  c->stage_name = kc_stage_name(k);
  c->gap = 0;
  int left = ms_left(c);
  if (left <= 0)
    return ST_LIMIT_NO_PLAN;
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.tm_lim = left;
  kc_basis *w = c->o ? c->o->warm : NULL;
  int first = glp_get_num_rows(lp) == c->F.base_rows;
  if (first && w && w->rows == glp_get_num_rows(lp) && w->cols == glp_get_num_cols(lp)) {
    for (int i = 1; i <= w->rows; i++)
      glp_set_row_stat(lp, i, w->row_stat[i]);
    for (int j = 1; j <= w->cols; j++)
      glp_set_col_stat(lp, j, w->col_stat[j]);
    sm.meth = GLP_DUALP; /* the previous point's optimal basis: usually still dual feasible */
  }
  int rc = glp_simplex(lp, &sm);
  if (rc != 0 && rc != GLP_ETMLIM) {
    glp_std_basis(lp); /* a warm basis that GLPK rejects: start cold once */
    rc = glp_simplex(lp, &sm);
  }
  if (rc == GLP_ETMLIM)
    return ST_LIMIT_NO_PLAN;
  if (rc != 0) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "GLPK simplex failed in stage %s (code %d)", kc_stage_name(k), rc);
    return ST_FAILED;
  }
  int st = glp_get_status(lp);
  if ((st == GLP_NOFEAS || st == GLP_INFEAS) && c->incumbent && glp_exact(lp, &sm) == 0)
    st = glp_get_status(lp); /* the previous stage's plan is feasible: settle it in exact arithmetic */
  if (st == GLP_NOFEAS || st == GLP_INFEAS)
    return ST_INFEASIBLE;
  if (first && w && st == GLP_OPT)
    save_basis(w, lp);
  if (st != GLP_OPT) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "the LP of stage %s ended with GLPK status %d", kc_stage_name(k), st);
    return ST_FAILED;
  }
  double bound = glp_get_obj_val(lp), kept = NAN, end = stage_end(c, k, started);
  /* On a model of several blocks the timing stage scouts: branch-and-bound until its best plan has not
   * improved for a quarter of the stage's time; then the block search from that plan for half the
   * time left, and branch-and-bound again from the improved plan (bench/README.md: national models).
   * Without a limit the block search runs to its end first. */
  int blocks = 0;
  if (k == KC_STAGE_TIMING && c->incumbent) {
    if (!c->block && (c->block = malloc((size_t)c->m->nact * sizeof *c->block + 1)))
      c->nblocks = kc_blocks(c->m, c->block);
    blocks = c->nblocks;
  }
  int scout = blocks > 1 && end > 0;
  if (blocks > 1 && !scout)
    kept = block_search(c, 0, bound, sr);
  glp_iocp io;
  mip_params(c, k, &io);
again:
  if (sr->blocks) { /* the block search's fixings left another basis: optimal again for glp_intopt */
    sm.meth = GLP_DUALP;
    sm.tm_lim = ms_left(c);
    if (glp_simplex(lp, &sm) != 0 || glp_get_status(lp) != GLP_OPT)
      return limit_kept(c, kept, bound, value);
  }
  io.tm_lim = ms_left(c);
  if (end > 0)
    io.tm_lim = (int)fmin(io.tm_lim, fmax(0, (end - kc_now()) * 1000));
  c->offered = 0;
  if (io.tm_lim <= 0)
    return limit_kept(c, kept, bound, value);
  c->stall = scout ? (end - started) / 4 : 0;
  c->last_better = kc_now();
  c->seen = NAN;
  rc = glp_intopt(lp, &io);
  c->stall = 0;
  if (rc == GLP_EMIPGAP) /* stopped within the later stages' relative gap: as good as optimal */
    rc = 0;
  if (scout && rc == GLP_ESTOP) { /* stalled */
    scout = 0;
    int ms = glp_mip_status(lp);
    double v;
    if ((ms == GLP_FEAS || ms == GLP_OPT) && polish(c, &v))
      kept = v;
    double b = block_search(c, kc_now() + (end - kc_now()) / 2, bound, sr);
    kept = isnan(b) ? kept : b;
    goto again;
  }
  if (rc == GLP_ETMLIM && c->o && c->o->stage_limit > 0 && kc_now() - started >= c->o->stage_limit * 0.99 &&
      (c->o->time_limit <= 0 || ms_left(c) > 0))
    c->r->stage_budget = 1; /* the per-stage budget, not the overall limit, ran out */
  int ms = glp_mip_status(lp);
  if (rc == 0 && ms == GLP_FEAS)
    ms = GLP_OPT;
  int sense = glp_get_obj_dir(lp) == GLP_MAX ? -1 : 1;
  if (rc == GLP_ETMLIM && (ms == GLP_FEAS || ms == GLP_OPT) &&
      (isnan(kept) || sense * (glp_mip_obj_val(lp) - kept) <= 0)) {
    *value = glp_mip_obj_val(lp);
    /* the stage's LP bound may be closer than the restarted tree's */
    c->gap = fmin(c->gap, rel_gap(*value, bound));
    return ST_LIMIT_WITH_PLAN;
  }
  if (rc == GLP_ETMLIM)
    return limit_kept(c, kept, bound, value);
  if (rc != 0) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "GLPK branch-and-bound failed in stage %s (code %d)", kc_stage_name(k),
            rc);
    return ST_FAILED;
  }
  if (ms == GLP_NOFEAS)
    return ST_INFEASIBLE;
  if (ms != GLP_OPT) {
    kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "stage %s ended with GLPK MIP status %d", kc_stage_name(k), ms);
    return ST_FAILED;
  }
  *value = glp_mip_obj_val(lp);
  c->gap = 0;
  return ST_OPTIMAL;
}

/* Copies the polished LP solution into r->x and r->f (integers rounded, money clamped at 0). */
static void take_solution(solve_ctx *c) {
  const kc_model *m = c->m;
  glp_prob *lp = c->F.lp;
  int ny = c->F.ny, ns = m->nsrc;
  for (int i = 0; i < m->nact * ny; i++) {
    int j = c->F.x[i];
    double v = !j ? 0.0 : glp_get_col_prim(lp, j);
    c->r->x[i] = m->act[i / ny].divisible ? fmax(0.0, v) : fmax(0.0, round(v));
  }
  for (int i = 0; i < m->nact * ny * ns; i++) {
    int j = c->F.f[i];
    double v = !j ? 0.0 : glp_get_col_prim(lp, j);
    c->r->f[i] = fmax(0.0, v);
  }
  c->r->has_plan = 1;
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
    *value = glp_get_obj_val(lp);
    take_solution(c);
    double *inc = c->incumbent ? c->incumbent : malloc((size_t)(n + 1) * sizeof *inc);
    if (inc) {
      for (int j = 1; j <= n; j++)
        inc[j] = integer[j] ? glp_get_col_lb(lp, j) : glp_get_col_prim(lp, j);
      c->incumbent = inc;
    }
    ok = 1;
  }
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
 * of the same source binds too: that 0 is the true marginal value of that row. */
static kc_rc finite_differences(solve_ctx *c, kc_error *err) {
  const kc_model *m = c->m;
  kc_result *r = c->r;
  double z1 = NAN;
  for (int i = 0; i < r->nstage; i++)
    if (r->stage[i].kind == KC_STAGE_ATTAIN)
      z1 = r->stage[i].value;
  if (isnan(z1) || z1 <= 0)
    return KC_OK; /* every target reached: more money cannot lower the shortfall, and the duals say 0 */
  kc_form H = c->F;
  if (!(H.lp = copy_without_keeps(&c->F)))
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  kc_form_objective(&H, KC_STAGE_ATTAIN);
  glp_std_basis(H.lp); /* the deleted keep rows left the copied basis invalid */
  int ny = c->F.ny, k = 0, done = 0;
  for (int s = 0; s < m->nsrc; s++)
    for (int yi = -1; yi < ny; yi++) {
      int i = yi < 0 ? c->F.ceil_row[s] : c->F.ann_row[s * ny + yi];
      if (!i)
        continue;
      struct kc_shadow *sp = &r->shadow[k++];
      snprintf(sp->method, sizeof sp->method, "lp_dual");
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
          used += val[t] * glp_mip_col_val(c->F.lp, ind[t]);
      }
      free(ind);
      free(val);
      if (sp->value != 0 || ub - used > h || done == 100)
        continue;
      glp_set_row_bnds(H.lp, i, GLP_UP, 0, ub + h);
      glp_smcp sm;
      glp_init_smcp(&sm);
      sm.msg_lev = GLP_MSG_OFF;
      glp_iocp io;
      glp_init_iocp(&io);
      io.msg_lev = GLP_MSG_OFF;
      io.br_tech = GLP_BR_LFV;
      io.tm_lim = 2000;
      if (glp_simplex(H.lp, &sm) == 0 && glp_get_status(H.lp) == GLP_OPT && glp_intopt(H.lp, &io) == 0 &&
          glp_mip_status(H.lp) == GLP_OPT) {
        double d = (z1 - glp_mip_obj_val(H.lp) * H.obj_scale) / h;
        sp->value = fabs(d) < 1e-12 ? 0.0 : d;
        sp->step = h;
        snprintf(sp->method, sizeof sp->method, "finite_difference");
      }
      glp_set_row_bnds(H.lp, i, GLP_UP, 0, ub);
      done++;
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
      double v = round(glp_mip_col_val(c->F.lp, j));
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
      lb += share * KC_KEEP_TOL * fmax(1.0, fabs(lb));
      ub -= share * KC_KEEP_TOL * fmax(1.0, fabs(ub));
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

/* The body run under the GLPK guard: all stages (or, for export, those before export_kind). */
static kc_rc run(void *ctx, kc_error *err) {
  solve_ctx *c = ctx;
  const kc_model *m = c->m;
  kc_result *r = c->r;
  kc_rc rc = kc_form_build(m, &c->F, err);
  if (rc != KC_OK)
    return rc;
  r->rows = glp_get_num_rows(c->F.lp);
  r->cols = glp_get_num_cols(c->F.lp);
  r->int_cols = glp_get_num_int(c->F.lp);
  kc_stage stages[5];
  int nst = kc_form_stages(m, stages);
  r->status = KC_OK;
  for (int i = 0; i < nst; i++) {
    if (c->export_path && stages[i] == c->export_kind) {
      kc_form_objective(&c->F, stages[i]);
      return write_export(c, err);
    }
    double t = kc_now(), value = 0;
    kc_stage_result *sr = &r->stage[r->nstage];
    stage_outcome out = ST_FAILED;
    int exact = 0;
    /* A plan branch-and-bound accepts within its tolerances may break a row by a hair in exact
     * arithmetic (polish then finds no money for its units): solve the stage again with the ceiling
     * and keep rows held a little tighter (tighten_rows), and polish against the true rows. */
    for (int attempt = 0; attempt < 4 && !exact; attempt++) {
      memset(sr, 0, sizeof *sr);
      int tightened = attempt > 0 && tighten_rows(c, attempt);
      out = run_stage(c, stages[i], &value, sr, err);
      if (tightened)
        restore_rows(c);
      if (out == ST_INFEASIBLE && attempt > 0)
        continue; /* held too tight: the next attempt holds the keep rows tighter still, or gives up */
      if (out != ST_OPTIMAL && out != ST_LIMIT_WITH_PLAN)
        break;
      exact = polish(c, &value);
    }
    int kept_previous = 0;
    if (!exact && i > 0 && stages[i] == KC_STAGE_TIMING && (out == ST_OPTIMAL || out == ST_INFEASIBLE)) {
      /* timing only breaks ties: the previous stage's exact plan stands, not proven for timing */
      value = incumbent_value(c);
      out = ST_OPTIMAL;
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
    if (out == ST_LIMIT_NO_PLAN || out == ST_LIMIT_WITH_PLAN || out == ST_LIMIT_KEPT)
      r->limit_stage = stages[i];
    if (out == ST_LIMIT_NO_PLAN) {
      r->status = KC_ERR_LIMIT;
      r->gap = c->gap > 0 ? c->gap : (r->has_plan ? r->gap : INFINITY);
      break;
    }
    if ((out == ST_OPTIMAL || out == ST_LIMIT_WITH_PLAN) && !exact)
      return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0,
                     "stage %s: no plan branch-and-bound found holds in exact arithmetic (numerical trouble)",
                     kc_stage_name(stages[i]));
    sr->value = value * c->F.obj_scale; /* GLPK's objective is normalised (kc_form_objective) */
    sr->optimal = out == ST_OPTIMAL && !kept_previous;
    r->nstage++;
    if (out == ST_LIMIT_WITH_PLAN || out == ST_LIMIT_KEPT) {
      r->status = KC_ERR_LIMIT;
      r->gap = c->gap;
      break;
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
  kc_stage stages[5];
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
