/* blocksearch.c — the block search of the timing stage (blocksearch.h). */
#include "optimize/blocksearch.h"

#include <math.h>
#include <stdlib.h>

#include "optimize/blocks.h"

#define KC_BLOCK_NODES 500 /* branch-and-bound nodes each block's neighbourhood may search */
#define KC_BLOCK_PASSES 20 /* passes over the blocks at most (each pass but the last improves the plan) */

/* One block's neighbourhood: the integer columns of every other block fixed at the incumbent (money
 * stays free), branch-and-bound from the incumbent for at most cap nodes (c->nodes counts them).
 * Returns 1 when it found a plan better than *best, which is then polished into c->incumbent and c->r
 * and *best updated. The bounds are restored. */
static int search_block(kc_engine *c, int b, const int *colblk, const int *type, const double *lb, const double *ub,
                        long cap, double *best) {
  glp_prob *lp = c->F.lp;
  int n = glp_get_num_cols(lp), better = 0;
  int sense = kc_engine_sense(lp);
  kc_engine_count(c, cap);
  for (int j = 1; j <= n; j++)
    if (colblk[j] >= 0 && colblk[j] != b)
      glp_set_col_bnds(lp, j, GLP_FX, round(c->incumbent[j]), round(c->incumbent[j]));
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.meth = GLP_DUALP;
  sm.tm_lim = kc_engine_ms_left(c);
  double tiny = 1e-7 * fmax(1, fabs(*best));
  if (glp_simplex(lp, &sm) == 0 && glp_get_status(lp) == GLP_OPT && sense * (*best - glp_get_obj_val(lp)) > tiny) {
    glp_iocp io;
    kc_engine_mip_params(c, KC_STAGE_TIMING, &io);
    io.tm_lim = kc_engine_ms_left(c);
    c->offered = 0;
    int rc = glp_intopt(lp, &io), st = glp_mip_status(lp);
    double v;
    if ((rc == 0 || rc == GLP_EMIPGAP || rc == GLP_ETMLIM || rc == GLP_ESTOP) && (st == GLP_OPT || st == GLP_FEAS) &&
        sense * (*best - glp_mip_obj_val(lp)) > tiny && kc_engine_polish(c, &v) && sense * (*best - v) > 0) {
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
double kc_block_search(kc_engine *c, long budget, double bound, kc_stage_result *sr) {
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
      if (cap <= 0 || kc_engine_ms_left(c) <= 0)
        goto done;
      if (search_block(c, b, colblk, type, lb, ub, cap < KC_BLOCK_NODES ? cap : KC_BLOCK_NODES, &best)) {
        improved = 1;
        improvements++;
      }
      spent += c->nodes;
      if (c->o && c->o->progress && kc_now() - c->last_progress >= 1.0) {
        c->last_progress = kc_now();
        kc_progress pg = {.stage = "timing",
                          .block_search = true,
                          .best = best * c->F.obj_scale,
                          .gap = kc_engine_rel_gap(best, bound),
                          .nodes = spent,
                          .node_cap = budget > 0 ? budget : 0};
        c->o->progress(c->o->progress_ctx, &pg);
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
