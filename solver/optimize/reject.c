/* reject.c — the extra money each proposal the plan leaves out would need, by LP on the plan. */
#include "optimize/reject.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimize/formulate.h"
#include "optimize/gap.h"
#include "optimize/glpk_guard.h"

#define SPARE 0.0005 /* extra money below half a thousandth (500 VND) is none */

typedef struct {
  const kc_model *m;
  const double *units;
  kc_rejects *out;
  kc_form F;
  int *ecol;
} rej_ctx;

/* Solves the LP with the current bounds from the current basis; the least extra money, or INFINITY
 * when none funds it (or the LP fails). */
static double least_extra(glp_prob *lp) {
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.meth = GLP_DUALP; /* only a bound changed: the basis stays dual feasible */
  int rc = glp_simplex(lp, &sm);
  if (rc != 0) {
    glp_std_basis(lp);
    rc = glp_simplex(lp, &sm);
  }
  return rc == 0 && glp_get_status(lp) == GLP_OPT ? fmax(0.0, glp_get_obj_val(lp)) : INFINITY;
}

/* Proposal p (activity a), not funded: each open start year tried with every other unit fixed. */
static void explain(rej_ctx *c, int p, int a) {
  const kc_model *m = c->m;
  kc_form *F = &c->F;
  kc_reject *r = &c->out->r[p];
  int ny = F->ny, ns = m->nsrc, any = 0;
  double best = INFINITY;
  for (int yi = m->nclosed; yi < ny; yi++) {
    int j = F->x[a * ny + yi];
    if (!j)
      continue;
    any = 1;
    glp_set_col_bnds(F->lp, j, GLP_FX, 1, 1);
    double e = least_extra(F->lp);
    if (e < best - SPARE) { /* the earliest of equal ones */
      best = e;
      r->start = m->first_year + yi;
      for (int s = 0; s < ns; s++) {
        unsigned char *b = &c->out->binds[((size_t)p * ns + s) * (ny + 1)];
        for (int y2 = 0; y2 < ny; y2++) {
          int k = c->ecol[s * ny + y2], i = F->ann_row[s * ny + y2];
          c->out->by[((size_t)p * ns + s) * ny + y2] = k ? glp_get_col_prim(F->lp, k) : 0;
          b[y2] = i && glp_get_row_dual(F->lp, i) != 0; /* a ceiling the least extra money must raise */
        }
        b[ny] = F->ceil_row[s] && glp_get_row_dual(F->lp, F->ceil_row[s]) != 0;
      }
    }
    glp_set_col_bnds(F->lp, j, GLP_FX, 0, 0);
  }
  if (!any)
    r->kind = KC_REJ_CLOSED;
  else if (isinf(best))
    r->kind = KC_REJ_NO_SOURCE;
  else if (best < SPARE)
    r->kind = KC_REJ_SPARE;
  else
    r->kind = KC_REJ_MONEY;
  r->extra = isinf(best) ? 0 : best;
}

static kc_rc guarded(void *ctx, kc_error *err) {
  rej_ctx *c = ctx;
  const kc_model *m = c->m;
  int ny = kc_nyears(m);
  kc_rc rc = kc_form_build(m, 0, &c->F, err);
  if (rc != KC_OK)
    return rc;
  glp_prob *lp = c->F.lp;
  for (int i = 0; i < m->nact * ny; i++) /* every unit as planned */
    if (c->F.x[i]) {
      double u = c->units[i];
      glp_set_col_bnds(lp, c->F.x[i], GLP_FX, u, u);
      glp_set_col_kind(lp, c->F.x[i], GLP_CV);
    }
  for (int j = 1; j <= glp_get_num_cols(lp); j++)
    glp_set_col_kind(lp, j, GLP_CV); /* units fixed: an LP */
  kc_gap_extra_columns(&c->F, -1, c->ecol);
  for (int j = 0; j <= glp_get_num_cols(lp); j++)
    glp_set_obj_coef(lp, j, 0.0);
  glp_set_obj_dir(lp, GLP_MIN);
  for (int i = 0; i < m->nsrc * ny; i++)
    if (c->ecol[i])
      glp_set_obj_coef(lp, c->ecol[i], 1.0);
  least_extra(lp); /* the plan itself: no extra money, and the basis the proposals start from */
  for (int p = 0; p < c->out->n; p++) {
    int a = c->out->first + p;
    double started = 0;
    for (int yi = 0; yi < ny; yi++) {
      started += c->units[a * ny + yi];
      if (c->units[a * ny + yi] > 0.5)
        c->out->r[p].start = m->first_year + yi;
    }
    if (started > 0.5)
      c->out->r[p].kind = KC_REJ_FUNDED;
    else
      explain(c, p, a);
  }
  return KC_OK;
}

kc_rc kc_rejects_find(const kc_model *m, const double *units, kc_rejects *out, kc_error *err) {
  memset(out, 0, sizeof *out);
  int n = kc_model_proposals(m), ny = kc_nyears(m);
  if (n == 0)
    return KC_OK;
  out->first = m->nact - n;
  out->n = n;
  out->ny = ny;
  out->nsrc = m->nsrc;
  out->r = calloc((size_t)n, sizeof *out->r);
  out->by = calloc((size_t)n * (size_t)m->nsrc * (size_t)ny, sizeof *out->by);
  out->binds = calloc((size_t)n * (size_t)m->nsrc * (size_t)(ny + 1), sizeof *out->binds);
  rej_ctx c = {.m = m, .units = units, .out = out, .ecol = calloc((size_t)m->nsrc * (size_t)ny, sizeof(int))};
  kc_rc rc = KC_OK;
  if (!out->r || !out->by || !out->binds || !c.ecol)
    rc = kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  bool fatal = false;
  if (rc == KC_OK)
    rc = kc_glpk_guard(guarded, &c, &fatal, err);
  if (fatal)
    c.F.lp = NULL; /* freed with the GLPK environment */
  kc_form_free(&c.F);
  free(c.ecol);
  if (rc != KC_OK)
    kc_rejects_free(out);
  return rc;
}

void kc_rejects_free(kc_rejects *x) {
  if (!x)
    return;
  free(x->r);
  free(x->by);
  free(x->binds);
  memset(x, 0, sizeof *x);
}
