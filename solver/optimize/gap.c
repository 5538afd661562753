/* gap.c — extra-money columns on top of the planning model, and the diagnosis of what money cannot
 * repair. */
#define _POSIX_C_SOURCE 200809L
#include "optimize/gap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/i18n.h"
#include "optimize/formulate.h"
#include "optimize/glpk_guard.h"

typedef struct {
  const kc_model *m;
  int force, source;
  double min_score;    /* every proposal with at least this score is funded (NAN: none is forced) */
  const char *lp_path; /* write the elastic model here instead of solving it */
  const kc_solve_opts *o;
  kc_gap *g;
  kc_form F;
  int *ecol; /* [s * ny + yi] extra-money column or 0 */
} gap_ctx;

void kc_gap_extra_columns(kc_form *F, int source, int *ecol) {
  const kc_model *m = F->m;
  int ny = F->ny;
  int ind[KC_MAX_YEARS + 2];
  double val[KC_MAX_YEARS + 2];
  for (int s = 0; s < m->nsrc; s++) {
    if (source >= 0 && s != source)
      continue;
    if (!m->has_annual[s] && !F->ceil_row[s])
      continue; /* no ceiling: nothing to raise */
    /* extra money in the open years only: the closed years are spent (a total ceiling's extra money
     * is reported under the first open year) */
    for (int yi = m->nclosed; yi < (m->has_annual[s] ? ny : m->nclosed + 1) && yi < ny; yi++) {
      int n = 0;
      if (F->ceil_row[s]) {
        ind[++n] = F->ceil_row[s];
        val[n] = -1.0;
      }
      for (int y2 = yi; m->has_annual[s] && y2 < ny; y2++) {
        if (F->ann_row[s * ny + y2]) {
          ind[++n] = F->ann_row[s * ny + y2];
          val[n] = -1.0;
        }
        if (!m->carry_over)
          break;
      }
      if (n == 0)
        continue;
      char name[200];
      snprintf(name, sizeof name, "extra(%s,%d)", m->src[s].id, m->first_year + yi);
      int j = glp_add_cols(F->lp, 1);
      glp_set_col_name(F->lp, j, name);
      glp_set_col_bnds(F->lp, j, GLP_LO, 0, 0);
      glp_set_mat_col(F->lp, j, n, ind, val);
      glp_set_sjj(F->lp, j, 1.0 / glp_get_rii(F->lp, ind[1])); /* in the ceiling row's own units */
      ecol[s * ny + yi] = j;
    }
  }
}

/* Objective sum of e; targets forced (all, or only target `only` when >= 0). */
static void prepare(gap_ctx *c, int only) {
  glp_prob *lp = c->F.lp;
  const kc_model *m = c->m;
  for (int j = 1; j <= glp_get_num_cols(lp); j++)
    glp_set_obj_coef(lp, j, 0.0);
  glp_set_obj_dir(lp, GLP_MIN);
  for (int i = 0; i < m->nsrc * c->F.ny; i++)
    if (c->ecol[i])
      glp_set_obj_coef(lp, c->ecol[i], 1.0);
  for (int t = 0; t < m->ntgt; t++) {
    int forced = only >= 0 ? t == only : c->force;
    if (forced)
      glp_set_col_bnds(lp, c->F.sh[t], GLP_FX, 0, 0);
    else
      glp_set_col_bnds(lp, c->F.sh[t], GLP_DB, 0, 1); /* a share of the target */
  }
}

/* Stops branch-and-bound after KC_GAP_NODES nodes: a counted limit, the same on every machine. */
static void count_nodes(glp_tree *T, void *info) {
  long *nodes = info;
  if (glp_ios_reason(T) == GLP_ISELECT && ++*nodes >= KC_GAP_NODES)
    glp_ios_terminate(T);
}

/* Solves the prepared elastic model. Returns the MIP status (GLP_OPT, GLP_NOFEAS) or -1 on a solver
 * failure, -2 at the time limit or the node budget. */
static int solve_elastic(gap_ctx *c, int only) {
  glp_prob *lp = c->F.lp;
  prepare(c, only);
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  if (c->o && c->o->time_limit > 0)
    sm.tm_lim = (int)(c->o->time_limit * 1000);
  int rc = glp_simplex(lp, &sm);
  if (rc == GLP_ETMLIM)
    return -2;
  if (rc != 0) {
    glp_std_basis(lp);
    if (glp_simplex(lp, &sm) != 0)
      return -1;
  }
  if (glp_get_status(lp) == GLP_NOFEAS)
    return GLP_NOFEAS;
  if (glp_get_status(lp) != GLP_OPT)
    return -1;
  glp_iocp io;
  glp_init_iocp(&io);
  io.msg_lev = GLP_MSG_OFF;
  io.br_tech = GLP_BR_LFV; /* GLPK's default tol_int 1e-5: the solution is made exact by exact_extra */
  /* Within 1e-5 of the least money (10,000 VND per billion): with price growth the last few
   * thousand VND of a gap can take minutes to prove (scenarios/inflation-5.json). */
  io.mip_gap = KC_GAP_MIP_GAP;
  if (c->o && c->o->time_limit > 0)
    io.tm_lim = (int)(c->o->time_limit * 1000);
  long nodes = 0;
  io.cb_func = count_nodes;
  io.cb_info = &nodes;
  rc = glp_intopt(lp, &io);
  if (rc == GLP_ETMLIM || rc == GLP_ESTOP)
    return -2;
  if (rc != 0 && rc != GLP_EMIPGAP)
    return -1;
  int mip = glp_mip_status(lp);
  return mip == GLP_FEAS ? GLP_OPT : mip;
}

/* Fixes the integer columns at their rounded values and re-solves the LP, so that the extra money
 * pays for whole units (GLPK's 1e-5 integrality tolerance accepts 2.99999 units). Returns 1 with the
 * LP solution in place, 0 when that LP fails (the MIP values then stand). */
static int exact_extra(gap_ctx *c) {
  glp_prob *lp = c->F.lp;
  for (int j = 1; j <= glp_get_num_cols(lp); j++)
    if (glp_get_col_kind(lp, j) != GLP_CV) {
      double v = round(glp_mip_col_val(lp, j));
      glp_set_col_bnds(lp, j, GLP_FX, v, v);
    }
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.meth = GLP_DUALP;
  return glp_simplex(lp, &sm) == 0 && glp_get_status(lp) == GLP_OPT;
}

/* Why target t cannot be reached with the allowed money. */
static void diagnose_target(const gap_ctx *c, int t, kc_reason *why) {
  const kc_model *m = c->m;
  const kc_target *tg = &m->tgt[t];
  const kc_activity *ac = &m->act[tg->activity];
  int starts = 0;
  for (int y = tg->first_year; y <= tg->last_year; y++)
    starts += kc_can_start(m, tg->activity, y);
  if (starts == 0) {
    kc_say(why->msg, why->en, sizeof why->msg, "no unit started in %d-%d can finish its %d-year disbursement by %d",
           tg->first_year, tg->last_year, ac->ndisb, m->last_year);
    return;
  }
  if (ac->has_max && ac->max_per_year * starts < tg->target) {
    kc_say(why->msg, why->en, sizeof why->msg,
           starts == 1 ? N_("at most %g units can start in the period (max_per_year %g over %d year), short of %g")
                       : N_("at most %g units can start in the period (max_per_year %g over %d years), short of %g"),
           ac->max_per_year * starts, ac->max_per_year, starts, tg->target);
    return;
  }
  if (c->source >= 0) {
    double share = m->max_share[tg->activity * m->nsrc + c->source];
    if (share < 1) {
      kc_say(why->msg, why->en, sizeof why->msg,
             "%s may pay at most %.4g%% of %s; the rest must come from sources whose ceilings stay as they are",
             m->src[c->source].id, 100 * share, ac->id);
      return;
    }
  }
  kc_say(why->msg, why->en, sizeof why->msg,
         "the model's other rules (min_per_year, min_share, the ceilings of sources that get no extra "
         "money) leave no plan that reaches it");
}

/* What no money repairs when even free shortfalls leave the model infeasible: a committed activity
 * that its sources may not pay in full, else a general statement. */
static void diagnose_rules(const gap_ctx *c, kc_reason *why) {
  const kc_model *m = c->m;
  for (int a = 0; a < m->nact; a++) {
    const kc_activity *ac = &m->act[a];
    double share = 0;
    for (int s = 0; s < m->nsrc; s++)
      share += m->max_share[a * m->nsrc + s];
    if (ac->min_per_year > 0 && share < 1 - 1e-9) {
      kc_say(why->msg, why->en, sizeof why->msg,
             "%s must start %g units every year (min_per_year) but its sources may pay only %.4g%% of it", ac->id,
             ac->min_per_year, 100 * share);
      return;
    }
  }
  if (c->source >= 0)
    kc_say(why->msg, why->en, sizeof why->msg,
           "the committed units (min_per_year) and co-financing shares (min_share) need more money from "
           "sources other than %s, whose ceilings stay as they are",
           m->src[c->source].id);
  else
    kc_say(why->msg, why->en, sizeof why->msg,
           "the committed units (min_per_year) and co-financing shares (min_share) cannot all hold, "
           "whatever the money");
}

static kc_rc add_unreachable(kc_gap *g, int target, const kc_reason *reason, kc_error *err) {
  kc_unreachable *u = realloc(g->unreach, (size_t)(g->nunreach + 1) * sizeof *u);
  if (!u)
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  g->unreach = u;
  u[g->nunreach].target = target;
  u[g->nunreach].reason = *reason;
  g->nunreach++;
  return KC_OK;
}

/* Every proposal scoring at least min_score is funded: a row fund(p), sum_y x(p,y) = 1. One that
 * cannot start in any open year of its window is unreachable (said in g). */
static kc_rc force_proposals(gap_ctx *c, kc_error *err) {
  const kc_model *m = c->m;
  kc_form *F = &c->F;
  int ind[KC_MAX_YEARS + 1];
  double val[KC_MAX_YEARS + 1];
  char name[200];
  kc_reason reason;
  for (int a = m->nact - kc_model_proposals(m); a < m->nact; a++) {
    if (m->act[a].score < c->min_score)
      continue;
    int n = 0;
    for (int yi = 0; yi < F->ny; yi++)
      if (F->x[a * F->ny + yi]) {
        ind[++n] = F->x[a * F->ny + yi];
        val[n] = 1.0;
      }
    if (n == 0) {
      kc_say(reason.msg, reason.en, sizeof reason.msg,
             "proposal %s (score %g) cannot start in an open year of its window %d-%d", m->act[a].id, m->act[a].score,
             m->act[a].win_first, m->act[a].win_last);
      kc_rc rc = add_unreachable(c->g, -1, &reason, err);
      if (rc != KC_OK)
        return rc;
      continue;
    }
    snprintf(name, sizeof name, "fund(%s)", m->act[a].id);
    int i = glp_add_rows(F->lp, 1);
    glp_set_row_name(F->lp, i, name);
    glp_set_row_bnds(F->lp, i, GLP_FX, 1, 1);
    glp_set_mat_row(F->lp, i, n, ind, val);
    kc_form_scale_row(F->lp, i);
  }
  return KC_OK;
}

static kc_rc guarded_gap(void *ctx, kc_error *err) {
  gap_ctx *c = ctx;
  const kc_model *m = c->m;
  kc_gap *g = c->g;
  kc_rc rc = kc_form_build(m, 0, &c->F, err);
  if (rc != KC_OK)
    return rc;
  if (!isnan(c->min_score) && (rc = force_proposals(c, err)) != KC_OK)
    return rc;
  kc_gap_extra_columns(&c->F, c->source, c->ecol);
  if (c->lp_path) {
    prepare(c, -1);
    kc_atomic f; /* GLPK writes by name: into a private temporary folder, then renamed into place */
    if ((rc = kc_atomic_open_private(&f, c->lp_path, 1, err)) != KC_OK)
      return rc;
    if (glp_write_lp(c->F.lp, NULL, f.tmp)) {
      kc_atomic_abort(&f);
      return kc_fail(err, KC_ERR_INPUT, c->lp_path, 0, 0, "cannot write the problem file");
    }
    return kc_atomic_commit(&f, err);
  }
  if (g->nunreach) { /* a forced proposal cannot start at all: no money helps */
    g->status = KC_ERR_INFEASIBLE;
    return KC_OK;
  }
  int st = solve_elastic(c, -1);
  if (st == -2) {
    g->status = KC_ERR_LIMIT;
    return KC_OK;
  }
  if (st == -1)
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "GLPK failed on the elastic model");
  if (st == GLP_OPT) {
    g->status = KC_OK;
    int exact = exact_extra(c);
    for (int i = 0; i < m->nsrc * c->F.ny; i++)
      if (c->ecol[i]) {
        double v = exact ? glp_get_col_prim(c->F.lp, c->ecol[i]) : glp_mip_col_val(c->F.lp, c->ecol[i]);
        g->extra[i] = v > 1e-9 ? v : 0.0;
        g->extra_total += g->extra[i];
      }
    return KC_OK;
  }
  g->status = KC_ERR_INFEASIBLE;
  kc_reason reason;
  /* Rules first: if the model is infeasible with every shortfall free, no target is to blame. */
  int free_st = c->force ? (c->force = 0, solve_elastic(c, -1)) : GLP_NOFEAS;
  c->force = 1;
  if (free_st != GLP_OPT) {
    diagnose_rules(c, &reason);
    if (!isnan(c->min_score)) /* the forced proposals may be what no money repairs */
      kc_say(reason.msg, reason.en, sizeof reason.msg,
             "the proposals with a score of at least %g cannot all be funded within the rules (their activities' "
             "eligibility and shares, min_per_year), whatever the money",
             c->min_score);
    return add_unreachable(g, -1, &reason, err);
  }
  for (int t = 0; t < m->ntgt; t++) {
    c->force = 0;
    int one = solve_elastic(c, t);
    if (one == GLP_OPT)
      continue;
    diagnose_target(c, t, &reason);
    if ((rc = add_unreachable(g, t, &reason, err)) != KC_OK)
      return rc;
  }
  if (g->nunreach == 0) { /* each alone is reachable, together they are not */
    kc_say(reason.msg, reason.en, sizeof reason.msg,
           "each target can be reached alone, but not all together within the rules");
    return add_unreachable(g, -1, &reason, err);
  }
  return KC_OK;
}

void kc_gap_free(kc_gap *g) {
  if (!g)
    return;
  free(g->extra);
  free(g->unreach);
  memset(g, 0, sizeof *g);
}

kc_rc kc_gap_solve(const kc_model *m, int force_targets, int source, double min_score, const char *lp_path,
                   const kc_solve_opts *o, kc_gap *g, kc_error *err) {
  memset(g, 0, sizeof *g);
  g->min_score = min_score;
  int ny = kc_nyears(m);
  g->extra = calloc((size_t)m->nsrc * (size_t)ny, sizeof *g->extra);
  gap_ctx c = {
      .m = m, .force = force_targets, .source = source, .min_score = min_score, .lp_path = lp_path, .o = o, .g = g};
  c.ecol = calloc((size_t)m->nsrc * (size_t)ny, sizeof *c.ecol);
  if (!g->extra || !c.ecol) {
    free(c.ecol);
    kc_gap_free(g);
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  }
  double t0 = kc_now();
  bool fatal;
  kc_rc rc = kc_glpk_guard(guarded_gap, &c, &fatal, err);
  if (fatal)
    c.F.lp = NULL;
  kc_form_free(&c.F);
  free(c.ecol);
  g->seconds = kc_now() - t0;
  if (rc != KC_OK)
    kc_gap_free(g);
  return rc;
}
