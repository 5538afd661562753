/* formulate.c — building the named GLPK problem of docs/model.md and the stage objectives. */
#include "optimize/formulate.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef kc_row_buf row_buf;

static int rb_push(row_buf *r, int j, double v) {
  if (r->n + 1 >= r->cap) {
    if (r->cap > INT_MAX / 2)
      return 0;
    int nc = r->cap ? 2 * r->cap : 64;
    int *ni = realloc(r->ind, (size_t)nc * sizeof *ni);
    if (!ni)
      return 0;
    r->ind = ni;
    double *nv = realloc(r->val, (size_t)nc * sizeof *nv);
    if (!nv)
      return 0;
    r->val = nv;
    r->cap = nc;
  }
  r->n++;
  r->ind[r->n] = j;
  r->val[r->n] = v;
  return 1;
}

static int add_row(glp_prob *lp, const char *name, int type, double lb, double ub, row_buf *r) {
  int i = glp_add_rows(lp, 1);
  glp_set_row_name(lp, i, name);
  glp_set_row_bnds(lp, i, type, lb, ub);
  glp_set_mat_row(lp, i, r->n, r->ind, r->val);
  r->n = 0;
  return i;
}

static int add_col(glp_prob *lp, const char *name, int kind, int type, double lb, double ub) {
  int j = glp_add_cols(lp, 1);
  glp_set_col_name(lp, j, name);
  glp_set_col_kind(lp, j, kind);
  glp_set_col_bnds(lp, j, type, lb, ub);
  return j;
}

static void period_label(const kc_model *m, int t, char *buf, size_t n) {
  const kc_target *tg = &m->tgt[t];
  snprintf(buf, n, "%s,%d_%d", m->act[tg->activity].id, tg->first_year, tg->last_year);
}

/* The k-th term of need[a,y]: the share of the cost of a unit started k years before y that falls in
 * y, with that start's x column in *j (0 when no unit starts there or the share is 0). */
static double need_term(const kc_form *F, int a, int yi, int k, int *j) {
  const kc_model *m = F->m;
  const kc_activity *ac = &m->act[a];
  *j = ac->disb[k] > 0 ? F->x[a * F->ny + yi - k] : 0;
  return *j ? ac->disb[k] * kc_unit_cost(m, a, m->first_year + yi - k) : 0.0;
}

/* Adds to r the terms of need[a,y] = sum_k p[k] cost(a,y-k) x[a,y-k], times factor. */
static int push_need(const kc_form *F, row_buf *r, int a, int yi, double factor) {
  for (int k = 0; k < F->m->act[a].ndisb && k <= yi; k++) {
    int j;
    double v = need_term(F, a, yi, k, &j);
    if (j && !rb_push(r, j, factor * v))
      return 0;
  }
  return 1;
}

/* Adds to r activity a's money from source s in year index yi: its f column, or need(a,yi) when s is
 * a's sole source (in open years: a closed year's money is always its fixed f column). */
static int push_money(const kc_form *F, row_buf *r, int a, int yi, int s) {
  if (F->sole[a] == s && yi >= F->m->nclosed)
    return push_need(F, r, a, yi, 1.0);
  int j = F->f[(a * F->ny + yi) * F->m->nsrc + s];
  return !j || rb_push(r, j, 1.0);
}

/* Sums the terms of r that share a column (GLPK refuses a row naming a column twice: a sole source's
 * rows name a unit column once per year its money falls in). Returns 0 when out of memory. */
static int merge_terms(glp_prob *lp, row_buf *r) {
  int *at = calloc((size_t)glp_get_num_cols(lp) + 1, sizeof *at), n = 0;
  if (!at)
    return 0;
  for (int k = 1; k <= r->n; k++) {
    if (at[r->ind[k]]) {
      r->val[at[r->ind[k]]] += r->val[k];
      continue;
    }
    at[r->ind[k]] = ++n;
    r->ind[n] = r->ind[k];
    r->val[n] = r->val[k];
  }
  r->n = n;
  free(at);
  return 1;
}

double kc_form_money(const kc_form *F, const double *x, int a, int yi, int s) {
  const kc_model *m = F->m;
  if (F->sole[a] != s || yi < m->nclosed) {
    int j = F->f[(a * F->ny + yi) * m->nsrc + s];
    return j ? x[j] : 0.0;
  }
  double v = 0;
  for (int k = 0; k < m->act[a].ndisb && k <= yi; k++) {
    int j;
    double c = need_term(F, a, yi, k, &j);
    if (j)
      v += c * x[j];
  }
  return v;
}

/* The sole source of activity a (see kc_form.sole), or -1. */
static int sole_source(const kc_model *m, int a) {
  int sole = -1;
  for (int s = 0; s < m->nsrc; s++)
    if (m->max_share[a * m->nsrc + s] > 0) {
      if (sole >= 0 || m->max_share[a * m->nsrc + s] < 1)
        return -1;
      sole = s;
    }
  return sole;
}

/* The money of the closed years: an f column per source that paid, fixed at what it paid, whatever
 * the eligibility and shares (no pay or share rows: the money was paid as recorded). */
static void closed_money(kc_form *F) {
  const kc_model *m = F->m;
  int ny = F->ny, ns = m->nsrc;
  char name[256];
  for (int a = 0; a < m->nact; a++)
    for (int yi = 0; yi < m->nclosed; yi++)
      for (int s = 0; s < ns; s++) {
        double v = (double)m->act_milli[(size_t)(a * ny + yi) * ns + s] / 1000.0;
        if (v <= 0)
          continue;
        snprintf(name, sizeof name, "f(%s,%d,%s)", m->act[a].id, m->first_year + yi, m->src[s].id);
        F->f[(a * ny + yi) * ns + s] = add_col(F->lp, name, GLP_CV, GLP_FX, v, v);
      }
}

static int build_money(kc_form *F, row_buf *r) {
  const kc_model *m = F->m;
  int ny = F->ny, ns = m->nsrc;
  char name[256];
  closed_money(F);
  for (int a = 0; a < m->nact; a++)
    for (int yi = m->nclosed; yi < ny && F->sole[a] < 0; yi++) {
      if (!push_need(F, r, a, yi, -1.0))
        return 0;
      if (r->n == 0)
        continue; /* no unit can need money in this year */
      for (int s = 0; s < ns; s++) {
        if (m->max_share[a * ns + s] <= 0)
          continue;
        snprintf(name, sizeof name, "f(%s,%d,%s)", m->act[a].id, m->first_year + yi, m->src[s].id);
        int j = add_col(F->lp, name, GLP_CV, GLP_LO, 0, 0);
        F->f[(a * ny + yi) * ns + s] = j;
        if (!rb_push(r, j, 1.0))
          return 0;
      }
      snprintf(name, sizeof name, "pay(%s,%d)", m->act[a].id, m->first_year + yi);
      add_row(F->lp, name, GLP_FX, 0, 0, r);
      for (int s = 0; s < ns; s++) {
        int j = F->f[(a * ny + yi) * ns + s];
        double mx = m->max_share[a * ns + s], mn = m->min_share[a * ns + s];
        if (!j)
          continue;
        if (mx < 1) {
          if (!rb_push(r, j, 1.0) || !push_need(F, r, a, yi, -mx))
            return 0;
          snprintf(name, sizeof name, "maxshare(%s,%d,%s)", m->act[a].id, m->first_year + yi, m->src[s].id);
          add_row(F->lp, name, GLP_UP, 0, 0, r);
        }
        if (mn > 0) {
          if (!rb_push(r, j, 1.0) || !push_need(F, r, a, yi, -mn))
            return 0;
          snprintf(name, sizeof name, "minshare(%s,%d,%s)", m->act[a].id, m->first_year + yi, m->src[s].id);
          add_row(F->lp, name, GLP_LO, 0, 0, r);
        }
      }
    }
  return 1;
}

static int build_ceilings(kc_form *F, row_buf *r) {
  const kc_model *m = F->m;
  int ny = F->ny, ns = m->nsrc;
  char name[256];
  for (int s = 0; s < ns; s++) {
    if (m->src[s].has_ceiling) {
      for (int a = 0; a < m->nact; a++)
        for (int yi = 0; yi < ny; yi++)
          if (!push_money(F, r, a, yi, s))
            return 0;
      if (!merge_terms(F->lp, r))
        return 0;
      snprintf(name, sizeof name, "ceiling(%s)", m->src[s].id);
      if (r->n)
        F->ceil_row[s] = add_row(F->lp, name, GLP_UP, 0, m->src[s].ceiling, r);
    }
    if (!m->has_annual[s])
      continue;
    double cum = 0;
    for (int yi = 0; yi < ny; yi++) {
      cum += m->annual[s * ny + yi];
      if (yi < m->nclosed)
        continue; /* a closed year's money is as recorded; with carry-over it counts in the later rows */
      for (int a = 0; a < m->nact; a++)
        for (int y2 = m->carry_over ? 0 : yi; y2 <= yi; y2++)
          if (!push_money(F, r, a, y2, s))
            return 0;
      if (!merge_terms(F->lp, r))
        return 0;
      snprintf(name, sizeof name, "annual(%s,%d)", m->src[s].id, m->first_year + yi);
      if (r->n)
        F->ann_row[s * ny + yi] = add_row(F->lp, name, GLP_UP, 0, m->carry_over ? cum : m->annual[s * ny + yi], r);
    }
  }
  return 1;
}

/* Adds to r the unit columns that count toward target t (its activity's x in the period, and its
 * proposals' x times their yield), times factor. Returns how many, or -1 when out of memory; *proposals
 * says whether a proposal's is among them, *recorded whether a closed year's is. */
static int push_target_units(const kc_form *F, row_buf *r, int t, double factor, int *proposals, int *recorded) {
  const kc_model *m = F->m;
  const kc_target *tg = &m->tgt[t];
  int first = m->nact - kc_model_proposals(m), count = 0;
  *proposals = *recorded = 0;
  for (int k = -1; k < m->nact - first; k++) { /* the activity, then its proposals */
    int a = k < 0 ? tg->activity : first + k;
    if (k >= 0 && m->act[a].parent != tg->activity)
      continue;
    for (int yi = tg->first_year - m->first_year; yi <= tg->last_year - m->first_year; yi++) {
      int j = F->x[a * F->ny + yi];
      if (!j)
        continue;
      if (!rb_push(r, j, factor * kc_yield(&m->act[a])))
        return -1;
      count++;
      *proposals |= a != tg->activity;
      *recorded |= yi < m->nclosed; /* its units may exceed the per-year limit */
    }
  }
  return count;
}

/* A proposal started in more than one year of its window: once(p), sum_y x(p,y) <= 1. */
static int build_once(kc_form *F, row_buf *r) {
  const kc_model *m = F->m;
  char name[256];
  for (int a = m->nact - kc_model_proposals(m); a < m->nact; a++) {
    for (int yi = 0; yi < F->ny; yi++)
      if (F->x[a * F->ny + yi] && !rb_push(r, F->x[a * F->ny + yi], 1.0))
        return 0;
    snprintf(name, sizeof name, "once(%s)", m->act[a].id);
    if (r->n > 1)
      add_row(F->lp, name, GLP_UP, 0, 1, r);
    r->n = 0;
  }
  return 1;
}

static int build_targets(kc_form *F, int compact, row_buf *r) {
  const kc_model *m = F->m;
  char name[256], lab[200];
  if (m->attainment == KC_BALANCED)
    F->mcol = add_col(F->lp, "M", GLP_CV, GLP_LO, 0, 0);
  /* A selection model: no target period holds more than one start year (and no proposal counts
   * toward it). Its period totals are then its x columns; otherwise every period keeps its total
   * column, which the brancher splits first (solve.c, mip_params). */
  int selection = 1, props, recorded;
  for (int t = 0; t < m->ntgt && selection; t++) {
    int count = push_target_units(F, r, t, 1.0, &props, &recorded);
    r->n = 0;
    if (count < 0)
      return 0;
    selection = count <= 1 && !props;
  }
  for (int t = 0; t < m->ntgt; t++) {
    const kc_target *tg = &m->tgt[t];
    const kc_activity *ac = &m->act[tg->activity];
    period_label(m, t, lab, sizeof lab);
    /* the period total total(a,period) = sum of x: a column of its own for the brancher to split
     * on first, unless the model is a selection model and one x column is the whole period */
    int count = push_target_units(F, r, t, -1.0, &props, &recorded);
    if (count < 0)
      return 0;
    if (count == 1 && selection) {
      F->tot[t] = r->ind[1];
      r->n = 0;
    } else {
      snprintf(name, sizeof name, "total(%s)", lab);
      F->tot[t] = add_col(F->lp, name, ac->divisible ? GLP_CV : GLP_IV, GLP_LO, 0, 0);
      if (!rb_push(r, F->tot[t], 1.0))
        return 0;
      add_row(F->lp, name, GLP_FX, 0, 0, r);
      F->ntotals++;
    }
    int capped = compact && selection && !recorded && ac->has_max && count * ac->max_per_year <= tg->target;
    if (!capped) {
      /* the shortfall as a share of the target (0..1): its objective coefficient is the weight
       * itself, never weight / target, which falls under the simplex's tolerances on large targets
       * (the unit columns' scale, set_scales, keeps a capped target's -weight / target in range) */
      snprintf(name, sizeof name, "short(%s)", lab);
      F->sh[t] = add_col(F->lp, name, GLP_CV, GLP_DB, 0, 1);
      if (!rb_push(r, F->tot[t], 1.0) || !rb_push(r, F->sh[t], tg->target))
        return 0;
      snprintf(name, sizeof name, "cover(%s)", lab);
      add_row(F->lp, name, GLP_LO, tg->target, 0, r);
    }
    if (F->mcol && ac->weight > 0) { /* weight x shortfall <= M */
      if (!(capped ? rb_push(r, F->tot[t], -ac->weight / tg->target) : rb_push(r, F->sh[t], ac->weight)) ||
          !rb_push(r, F->mcol, -1.0))
        return 0;
      snprintf(name, sizeof name, "balance(%s)", lab);
      add_row(F->lp, name, GLP_UP, 0, capped ? -ac->weight : 0, r);
    }
  }
  return 1;
}

/* Adds d >= |expr - b|, expr the terms in r, as a column and two rows (d - expr >= -b, d + expr >= b);
 * returns the column, or 0 when expr is empty (the difference |b| is then a constant: *constant). */
static int abs_dev(kc_form *F, row_buf *r, const char *name, double b, double *constant) {
  if (r->n == 0) {
    *constant += fabs(b);
    return 0;
  }
  int j = add_col(F->lp, name, GLP_CV, GLP_LO, 0, 0);
  int n = r->n;
  char rn[300];
  for (int k = 1; k <= n; k++) /* d - expr >= -b */
    r->val[k] = -r->val[k];
  if (!rb_push(r, j, 1.0))
    return -1;
  snprintf(rn, sizeof rn, "%s_lo", name);
  int *ind = malloc((size_t)(n + 2) * sizeof *ind);
  double *val = malloc((size_t)(n + 2) * sizeof *val);
  if (!ind || !val) {
    free(ind);
    free(val);
    return -1;
  }
  memcpy(ind, r->ind, (size_t)(n + 2) * sizeof *ind);
  memcpy(val, r->val, (size_t)(n + 2) * sizeof *val);
  add_row(F->lp, rn, GLP_LO, -b, 0, r);
  for (int k = 1; k <= n; k++) /* d + expr >= b */
    if (!rb_push(r, ind[k], -val[k])) {
      free(ind);
      free(val);
      return -1;
    }
  free(ind);
  free(val);
  if (!rb_push(r, j, 1.0))
    return -1;
  snprintf(rn, sizeof rn, "%s_hi", name);
  add_row(F->lp, rn, GLP_LO, b, 0, r);
  return j;
}

/* The stability columns (kc_form.du, dm): how far the open years' units and money stray from the
 * baseline plan. */
static int build_stability(kc_form *F, row_buf *r) {
  const kc_model *m = F->m;
  int ny = F->ny, ns = m->nsrc;
  size_t cells = (size_t)m->nact * (size_t)ny;
  F->du = calloc(cells + 1, sizeof *F->du);
  F->dm = calloc(cells * (size_t)ns + 1, sizeof *F->dm);
  if (!F->du || !F->dm)
    return 0;
  char name[256];
  for (int a = 0; a < m->nact; a++)
    for (int yi = m->nclosed; yi < ny; yi++) {
      int c = a * ny + yi;
      if (F->x[c] && !rb_push(r, F->x[c], 1.0))
        return 0;
      snprintf(name, sizeof name, "dunits(%s,%d)", m->act[a].id, m->first_year + yi);
      if ((F->du[c] = abs_dev(F, r, name, m->base_units[c], &F->stab_const[0])) < 0)
        return 0;
      for (int s = 0; s < ns; s++) {
        if (!push_money(F, r, a, yi, s) || !merge_terms(F->lp, r))
          return 0;
        snprintf(name, sizeof name, "dmoney(%s,%d,%s)", m->act[a].id, m->first_year + yi, m->src[s].id);
        if ((F->dm[c * ns + s] =
                 abs_dev(F, r, name, (double)m->base_milli[(size_t)c * ns + s] / 1000.0, &F->stab_const[1])) < 0)
          return 0;
      }
    }
  return 1;
}

/* The natural size of activity a's units: its largest target (else its committed units, else 1). */
static double unit_scale(const kc_model *m, int a) {
  double u = 0;
  for (int t = 0; t < m->ntgt; t++)
    if (m->tgt[t].activity == a)
      u = fmax(u, m->tgt[t].target);
  return u > 0 ? u : fmax(1.0, m->act[a].min_per_year);
}

void kc_form_scale_row(glp_prob *lp, int i) {
  int len = glp_get_mat_row(lp, i, NULL, NULL);
  int *ind = malloc((size_t)(len + 1) * sizeof *ind);
  double *val = malloc((size_t)(len + 1) * sizeof *val);
  double lo = INFINITY, hi = 0;
  if (ind && val) {
    glp_get_mat_row(lp, i, ind, val);
    for (int k = 1; k <= len; k++) {
      double v = fabs(val[k]) * glp_get_sjj(lp, ind[k]);
      lo = fmin(lo, v);
      hi = fmax(hi, v);
    }
  }
  free(ind);
  free(val);
  glp_set_rii(lp, i, hi > 0 ? 1.0 / sqrt(lo * hi) : 1.0);
}

/* Scales the problem by what its numbers mean rather than by their sizes alone (GLPK's automatic
 * scaling): a unit column counts units of the activity's largest target, a money column the money
 * those units cost, and each row is then scaled by the geometric mean of its entries. A unit's worth
 * in the attainment objective (weight / target per unit, and that per million VND for its money) can
 * be 1e-12 on models with large targets and costs: under the simplex's absolute tolerances in any
 * other scaling, so the LP would stop before those units matter. In these units it is the weight. */
static void set_scales(kc_form *F) {
  const kc_model *m = F->m;
  int ny = F->ny, ns = m->nsrc;
  for (int a = 0; a < m->nact; a++) {
    double u = unit_scale(m, a);
    for (int yi = 0; yi < ny; yi++) {
      if (F->x[a * ny + yi])
        glp_set_sjj(F->lp, F->x[a * ny + yi], u);
      for (int s = 0; s < ns; s++) {
        int c = (a * ny + yi) * ns + s;
        if (F->f[c])
          glp_set_sjj(F->lp, F->f[c], u * kc_unit_cost(m, a, m->first_year + yi));
      }
    }
  }
  for (int t = 0; t < m->ntgt; t++)
    glp_set_sjj(F->lp, F->tot[t], unit_scale(m, m->tgt[t].activity));
  for (int i = 1; i <= glp_get_num_rows(F->lp); i++)
    kc_form_scale_row(F->lp, i);
}

kc_rc kc_form_build(const kc_model *m, int compact, kc_form *F, kc_error *err) {
  memset(F, 0, sizeof *F);
  F->m = m;
  F->ny = kc_nyears(m);
  size_t ay = (size_t)m->nact * (size_t)F->ny;
  F->x = calloc(ay ? ay : 1, sizeof *F->x);
  F->f = calloc(ay * (size_t)m->nsrc + 1, sizeof *F->f);
  F->sh = calloc((size_t)m->ntgt + 1, sizeof *F->sh);
  F->tot = calloc((size_t)m->ntgt + 1, sizeof *F->tot);
  F->ceil_row = calloc((size_t)m->nsrc, sizeof *F->ceil_row);
  F->ann_row = calloc((size_t)m->nsrc * (size_t)F->ny, sizeof *F->ann_row);
  F->sole = calloc((size_t)m->nact + 1, sizeof *F->sole);
  row_buf *r = &F->rb;
  if (!F->x || !F->f || !F->sh || !F->tot || !F->ceil_row || !F->ann_row || !F->sole)
    goto oom;
  for (int a = 0; a < m->nact; a++)
    F->sole[a] = sole_source(m, a);
  F->lp = glp_create_prob();
  glp_set_prob_name(F->lp, "kcplan");
  glp_set_obj_name(F->lp, "obj");
  char name[256];
  for (int a = 0; a < m->nact; a++) {
    const kc_activity *ac = &m->act[a];
    for (int yi = 0; yi < F->ny; yi++) {
      snprintf(name, sizeof name, "x(%s,%d)", ac->id, m->first_year + yi);
      double u = yi < m->nclosed ? m->act_units[a * F->ny + yi] : 0;
      if (yi < m->nclosed) { /* the units recorded: fixed, whatever the per-year limits say */
        if (u > 0)
          F->x[a * F->ny + yi] = add_col(F->lp, name, GLP_CV, GLP_FX, u, u);
        continue;
      }
      if (!kc_can_start(m, a, m->first_year + yi))
        continue;
      F->x[a * F->ny + yi] = add_col(F->lp, name, ac->divisible ? GLP_CV : GLP_IV,
                                     !ac->has_max                           ? GLP_LO
                                     : ac->max_per_year == ac->min_per_year ? GLP_FX
                                                                            : GLP_DB,
                                     ac->min_per_year, ac->has_max ? ac->max_per_year : 0);
    }
  }
  if (!build_money(F, r) || !build_ceilings(F, r) || !build_once(F, r) || !build_targets(F, compact, r))
    goto oom;
  set_scales(F);
  F->base_rows = glp_get_num_rows(F->lp);
  return KC_OK;
oom:
  kc_form_free(F);
  return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory while building the model");
}

void kc_form_free(kc_form *F) {
  if (!F)
    return;
  if (F->lp)
    glp_delete_prob(F->lp);
  free(F->x);
  free(F->f);
  free(F->sh);
  free(F->tot);
  free(F->ceil_row);
  free(F->ann_row);
  free(F->sole);
  free(F->du);
  free(F->dm);
  free(F->rb.ind);
  free(F->rb.val);
  memset(F, 0, sizeof *F);
}

void kc_form_objective(kc_form *F, kc_stage k) {
  const kc_model *m = F->m;
  glp_prob *lp = F->lp;
  int ncols = glp_get_num_cols(lp), ny = F->ny, ns = m->nsrc;
  for (int j = 0; j <= ncols; j++)
    glp_set_obj_coef(lp, j, 0.0);
  glp_set_obj_dir(lp, (k == KC_STAGE_TIMING && m->timing == KC_LATE) || k == KC_STAGE_MERIT ? GLP_MAX : GLP_MIN);
  switch (k) {
  case KC_STAGE_MAXSHORT:
    glp_set_obj_coef(lp, F->mcol, 1.0);
    break;
  case KC_STAGE_ATTAIN:
    for (int t = 0; t < m->ntgt; t++) {
      double w = m->act[m->tgt[t].activity].weight;
      if (F->sh[t]) {
        glp_set_obj_coef(lp, F->sh[t], w);
      } else { /* capped: w (1 - total / target) */
        glp_set_obj_coef(lp, 0, glp_get_obj_coef(lp, 0) + w);
        glp_set_obj_coef(lp, F->tot[t], glp_get_obj_coef(lp, F->tot[t]) - w / m->tgt[t].target);
      }
    }
    break;
  case KC_STAGE_MERIT: /* maximised */
    for (int a = m->nact - kc_model_proposals(m); a < m->nact; a++)
      for (int yi = 0; yi < ny; yi++)
        if (F->x[a * ny + yi])
          glp_set_obj_coef(lp, F->x[a * ny + yi], m->act[a].score);
    break;
  case KC_STAGE_SPEND:
  case KC_STAGE_PREF:
    for (int i = 0; i < m->nact * ny * ns; i++)
      if (F->f[i])
        glp_set_obj_coef(lp, F->f[i], k == KC_STAGE_SPEND ? 1.0 : kc_stage_pref_rank(m, i % ns));
    for (int a = 0; a < m->nact; a++) /* a sole source's money is its units' need */
      for (int yi = m->nclosed; F->sole[a] >= 0 && yi < ny; yi++) {
        double w = k == KC_STAGE_SPEND ? 1.0 : kc_stage_pref_rank(m, F->sole[a]);
        for (int q = 0; q < m->act[a].ndisb && q <= yi; q++) {
          int j;
          double c = need_term(F, a, yi, q, &j);
          if (j)
            glp_set_obj_coef(lp, j, glp_get_obj_coef(lp, j) + w * c);
        }
      }
    break;
  case KC_STAGE_STABILITY:
  case KC_STAGE_STABMONEY: {
    int money = k == KC_STAGE_STABMONEY, n = money ? m->nact * ny * ns : m->nact * ny;
    const int *d = money ? F->dm : F->du;
    glp_set_obj_coef(lp, 0, F->stab_const[money]);
    for (int i = 0; d && i < n; i++)
      if (d[i])
        glp_set_obj_coef(lp, d[i], 1.0);
    break;
  }
  case KC_STAGE_TIMING:
    for (int a = 0; a < m->nact; a++)
      for (int yi = 1; yi < ny; yi++)
        if (F->x[a * ny + yi])
          glp_set_obj_coef(lp, F->x[a * ny + yi], yi * kc_unit_cost(m, a, m->first_year + yi));
    break;
  }
  /* Normalised so that the largest coefficient in the scaled problem (set_scales) is 1: weights of
   * 1e-4 or money in the billions would otherwise put reduced costs under (or far over) the simplex's
   * absolute tolerances. */
  double big = 0;
  for (int j = 1; j <= ncols; j++)
    big = fmax(big, fabs(glp_get_obj_coef(lp, j)) * glp_get_sjj(lp, j));
  F->obj_scale = big > 0 ? big : 1.0;
  if (big > 0 && big != 1.0)
    for (int j = 0; j <= ncols; j++) { /* the constant (column 0) too */
      double c = glp_get_obj_coef(lp, j);
      if (c != 0)
        glp_set_obj_coef(lp, j, c / big);
    }
}

kc_rc kc_form_add_stability(kc_form *F, kc_error *err) {
  const kc_model *m = F->m;
  if (!m->has_baseline || F->du)
    return KC_OK;
  int first = glp_get_num_rows(F->lp) + 1, ny = F->ny, ns = m->nsrc;
  F->rb.n = 0;
  if (!build_stability(F, &F->rb))
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory while building the model");
  for (int a = 0; a < m->nact; a++) /* scaled as set_scales scales the units and money they measure */
    for (int yi = 0; yi < ny; yi++) {
      double u = unit_scale(m, a);
      if (F->du[a * ny + yi])
        glp_set_sjj(F->lp, F->du[a * ny + yi], u);
      for (int s = 0; s < ns; s++)
        if (F->dm[(a * ny + yi) * ns + s])
          glp_set_sjj(F->lp, F->dm[(a * ny + yi) * ns + s], u * kc_unit_cost(m, a, m->first_year + yi));
    }
  for (int i = first; i <= glp_get_num_rows(F->lp); i++)
    kc_form_scale_row(F->lp, i);
  return KC_OK;
}

void kc_form_stability_values(const kc_form *F, double *col) {
  const kc_model *m = F->m;
  int ny = F->ny, ns = m->nsrc;
  for (int a = 0; F->du && a < m->nact; a++)
    for (int yi = m->nclosed; yi < ny; yi++) {
      int c = a * ny + yi;
      if (F->du[c])
        col[F->du[c]] = fabs((F->x[c] ? col[F->x[c]] : 0) - m->base_units[c]);
      for (int s = 0; s < ns; s++)
        if (F->dm[c * ns + s])
          col[F->dm[c * ns + s]] =
              fabs(kc_form_money(F, col, a, yi, s) - (double)m->base_milli[(size_t)c * ns + s] / 1000.0);
    }
}

kc_rc kc_form_keep(kc_form *F, kc_stage k, double opt, kc_error *err) {
  glp_prob *lp = F->lp;
  row_buf *r = &F->rb; /* owned by F: a fatal GLPK error below leaks nothing */
  r->n = 0;
  for (int j = 1; j <= glp_get_num_cols(lp); j++) {
    double c = glp_get_obj_coef(lp, j);
    if (c != 0 && !rb_push(r, j, c))
      return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  }
  double tol = KC_KEEP_TOL * fmax(1.0, fabs(opt));
  opt -= glp_get_obj_coef(lp, 0); /* the row holds the columns' part; the objective's constant is not a column */
  char name[64];
  snprintf(name, sizeof name, "keep_%s", kc_stage_name(k));
  int i = glp_get_obj_dir(lp) == GLP_MAX ? add_row(lp, name, GLP_LO, opt - tol, 0, r)
                                         : add_row(lp, name, GLP_UP, 0, opt + tol, r);
  kc_form_scale_row(lp, i);
  if (F->nkeep < (int)(sizeof F->keep_tol / sizeof F->keep_tol[0])) {
    F->keep_row[F->nkeep] = i;
    F->keep_tol[F->nkeep++] = tol;
  }
  return KC_OK;
}
