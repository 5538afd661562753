/* shadow.c — shadow prices of the ceilings (shadow.h). */
#include "optimize/shadow.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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
static kc_rc finite_differences(kc_engine *c, kc_error *err) {
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
      sm.tm_lim = kc_engine_ms_left(c);
      glp_iocp io;
      kc_engine_mip_params(c, KC_STAGE_ATTAIN, &io);
      io.tm_lim = kc_engine_ms_left(c);
      if (io.tm_lim > 0 && glp_simplex(H.lp, &sm) == 0 && glp_get_status(H.lp) == GLP_OPT) {
        double lp_bound = glp_get_obj_val(H.lp);
        /* the LP optimum bounds the raised MIP's from below, so the value from above */
        sp->value_hi = fmax(0.0, (z1 - lp_bound * H.obj_scale) / h);
        long cap = KC_SHADOW_TOTAL - spent < KC_SHADOW_NODES ? KC_SHADOW_TOTAL - spent : KC_SHADOW_NODES;
        kc_engine_count(c, cap);
        c->quiet = 1;
        c->offered = 0;
        int rc = cap > 0 ? glp_intopt(H.lp, &io) : GLP_ESTOP, mip = cap > 0 ? glp_mip_status(H.lp) : GLP_UNDEF;
        c->quiet = 0;
        spent += c->nodes;
        if ((rc == 0 || rc == GLP_ESTOP || rc == GLP_ETMLIM) && (mip == GLP_OPT || mip == GLP_FEAS)) {
          double d = (z1 - glp_mip_obj_val(H.lp) * H.obj_scale) / h;
          sp->value = fabs(d) < 1e-12 ? 0.0 : fmax(0.0, d);
          sp->proven = rc == 0;
          sp->value_hi = sp->proven
                             ? sp->value
                             : fmax(sp->value, (z1 - kc_engine_tighter(1, lp_bound, c->tree_bound) * H.obj_scale) / h);
        }
      }
      glp_set_row_bnds(H.lp, i, GLP_UP, 0, ub);
    }
  glp_delete_prob(H.lp);
  return KC_OK;
}

/* Stage-1 LP with the integer columns fixed at the plan: duals and ranging of every ceiling row. */
kc_rc kc_shadow_prices(kc_engine *c, kc_error *err) {
  const kc_model *m = c->m;
  kc_form G = c->F;
  if (!(G.lp = copy_without_keeps(&c->F)))
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  for (int j = 1; j <= glp_get_num_cols(G.lp); j++)
    if (kc_engine_is_int(G.lp, j)) {
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
