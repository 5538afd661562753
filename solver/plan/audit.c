/* audit.c — re-checking the rounded plan, constraint by constraint. */
#include "plan/audit.h"

#include <math.h>
#include <stdlib.h>

static kc_rc bad(kc_error *err, const char *fmt, const char *a, int y, const char *s, double v, double lim) {
  return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0,
                 "internal error: the plan fails its audit (%s; %s %d %s: %.6f against %.6f); nothing was written", fmt,
                 a, y, s, v, lim);
}

static kc_rc audit_units(const kc_model *m, const kc_plan *p, kc_error *err) {
  int ny = p->ny;
  for (int a = 0; a < m->nact; a++) {
    double started = 0; /* a proposal's starts over the horizon: at most one */
    for (int yi = 0; yi < ny; yi++)
      started += p->units[a * ny + yi];
    if (m->act[a].proposal && started > 1)
      return bad(err, "a proposal is funded more than once", m->act[a].id, m->first_year, "", started, 1);
    for (int yi = 0; yi < ny; yi++) {
      const kc_activity *ac = &m->act[a];
      double u = p->units[a * ny + yi];
      int y = m->first_year + yi;
      if (yi < m->nclosed) { /* a closed year: exactly as recorded, whatever the limits say */
        if (u != m->act_units[a * ny + yi])
          return bad(err, "a closed year's units differ from the actuals", ac->id, y, "", u, m->act_units[a * ny + yi]);
        continue;
      }
      if (!isfinite(u) || u < 0 || (!ac->divisible && u != floor(u)))
        return bad(err, "units must be whole and not negative", ac->id, y, "", u, 0);
      if (!kc_can_start(m, a, y)) {
        if (u != 0)
          return bad(err, "a unit starts too late to finish in the horizon, or outside a proposal's window", ac->id, y,
                     "", u, 0);
        continue;
      }
      if (u < ac->min_per_year - 1e-9)
        return bad(err, "min_per_year", ac->id, y, "", u, ac->min_per_year);
      if (ac->has_max && u > ac->max_per_year + 1e-9)
        return bad(err, "max_per_year", ac->id, y, "", u, ac->max_per_year);
    }
  }
  return KC_OK;
}

static kc_rc audit_money(const kc_model *m, const kc_plan *p, kc_error *err) {
  int ny = p->ny, ns = p->nsrc;
  for (int a = 0; a < m->nact; a++)
    for (int yi = 0; yi < ny; yi++) {
      int c = a * ny + yi, y = m->first_year + yi;
      const char *id = m->act[a].id;
      if (yi < m->nclosed) { /* a closed year: the money recorded, to the thousandth */
        long long rec = 0;
        for (int s = 0; s < ns; s++) {
          if (p->milli[c * ns + s] != m->act_milli[(size_t)c * ns + s])
            return bad(err, "a closed year's money differs from the actuals", id, y, m->src[s].id,
                       (double)p->milli[c * ns + s] / 1000.0, (double)m->act_milli[(size_t)c * ns + s] / 1000.0);
          rec += p->milli[c * ns + s];
        }
        if (llabs(p->counterpart[c] - llround((double)rec * (1.0 / m->act[a].support_rate - 1.0))) > 0)
          return bad(err, "counterpart", id, y, "", (double)p->counterpart[c] / 1000.0, (double)rec / 1000.0);
        continue;
      }
      double need = kc_need(m, p->units, a, yi), paid = 0, rel = KC_CELL_REL * need;
      for (int s = 0; s < ns; s++) {
        double v = (double)p->milli[c * ns + s] / 1000.0;
        double mx = m->max_share[a * ns + s], mn = m->min_share[a * ns + s];
        if (p->milli[c * ns + s] < 0)
          return bad(err, "negative money", id, y, m->src[s].id, v, 0);
        if (mx <= 0 && p->milli[c * ns + s] != 0)
          return bad(err, "a source pays an activity it may not pay", id, y, m->src[s].id, v, 0);
        if (v > mx * need + KC_CELL_TOL + rel)
          return bad(err, "max_share", id, y, m->src[s].id, v, mx * need);
        if (v < mn * need - KC_CELL_TOL - rel)
          return bad(err, "min_share", id, y, m->src[s].id, v, mn * need);
        paid += v;
      }
      if (fabs(paid - need) > KC_CELL_TOL * ns + rel)
        return bad(err, "money paid must equal the units' need", id, y, "", paid, need);
      double cp = need * (1.0 / m->act[a].support_rate - 1.0);
      if (fabs((double)p->counterpart[c] / 1000.0 - cp) > 0.0005 + 1e-9 * cp)
        return bad(err, "counterpart", id, y, "", (double)p->counterpart[c] / 1000.0, cp);
    }
  return KC_OK;
}

static long long source_sum(const kc_plan *p, int s, int y0, int y1) {
  long long v = 0;
  for (int a = 0; a < p->nact; a++)
    for (int yi = y0; yi <= y1; yi++)
      v += p->milli[(a * p->ny + yi) * p->nsrc + s];
  return v;
}

static kc_rc audit_ceilings(const kc_model *m, const kc_plan *p, kc_error *err) {
  int ny = p->ny;
  for (int s = 0; s < m->nsrc; s++) {
    const char *id = m->src[s].id;
    if (m->src[s].has_ceiling && source_sum(p, s, 0, ny - 1) > kc_milli_cap(m->src[s].ceiling))
      return bad(err, "total ceiling", "all", m->first_year, id, (double)source_sum(p, s, 0, ny - 1) / 1000.0,
                 m->src[s].ceiling);
    if (!m->has_annual[s])
      continue;
    double cum = 0;
    for (int yi = 0; yi < ny; yi++) {
      cum += m->annual[s * ny + yi];
      if (yi < m->nclosed)
        continue; /* what a closed year spent is what happened (an overrun is a warning) */
      int y0 = m->carry_over ? 0 : yi;
      double cap = m->carry_over ? cum : m->annual[s * ny + yi];
      if (source_sum(p, s, y0, yi) > kc_milli_cap(cap))
        return bad(err, m->carry_over ? "cumulative annual ceiling" : "annual ceiling", "year", m->first_year + yi, id,
                   (double)source_sum(p, s, y0, yi) / 1000.0, cap);
    }
  }
  return KC_OK;
}

static kc_rc audit_objective(const kc_model *m, const kc_plan *p, const kc_result *r, kc_error *err) {
  for (int i = 0; i < r->nstage; i++) {
    kc_stage k = r->stage[i].kind;
    if (k == KC_STAGE_MERIT) { /* maximised: the plan funds no less than the optimum, within the keep row */
      double best = 0, got = kc_stage_value(m, k, p->units, p->money), opt = r->stage[i].value;
      for (int a = 0; a < m->nact; a++)
        best = fmax(best, m->act[a].proposal ? m->act[a].score : 0);
      if (got < opt - 1e-6 * fmax(best, fabs(opt)))
        return bad(err, "the plan's funded score is less than the solver's optimum", "merit", 0, "", got, opt);
      continue;
    }
    if (!kc_stage_info(k)->attainment)
      continue;
    /* ten times the keep rows' tolerance: 1e-7 of the optimum or of the stage's largest coefficient
     * (the largest weight; 1 for the largest weighted shortfall) */
    double unit = 0;
    for (int t = 0; k == KC_STAGE_ATTAIN && t < m->ntgt; t++)
      unit = fmax(unit, m->act[m->tgt[t].activity].weight);
    double got = kc_stage_value(m, k, p->units, p->money), opt = r->stage[i].value;
    if (got > opt + 1e-6 * fmax(k == KC_STAGE_ATTAIN ? unit : 1.0, fabs(opt)))
      return bad(err, "the plan's shortfall is worse than the solver's optimum", kc_stage_name(k), 0, "", got, opt);
  }
  return KC_OK;
}

kc_rc kc_audit(const kc_model *m, const kc_plan *p, const kc_result *r, kc_error *err) {
  kc_rc rc = audit_units(m, p, err);
  if (rc == KC_OK)
    rc = audit_money(m, p, err);
  if (rc == KC_OK)
    rc = audit_ceilings(m, p, err);
  if (rc == KC_OK)
    rc = audit_objective(m, p, r, err);
  return rc;
}
