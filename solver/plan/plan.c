/* plan.c — from solver values to a rounded plan: exact needs from whole units, money split in
 * proportion to the solver's, rounding to 0.001 with ceiling repair. */
#include "plan/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

long long kc_plan_cell_money(const kc_plan *p, int c) {
  long long v = 0;
  for (int s = 0; s < p->nsrc; s++)
    v += p->milli[c * p->nsrc + s];
  return v;
}

long long kc_milli_enough(double v) {
  return (long long)ceil(v * 1000.0 - 1e-6);
}

long long kc_milli_cap(double ceiling) {
  return (long long)floor(ceiling * 1000.0 + 1e-6);
}

double kc_need(const kc_model *m, const double *units, int a, int yi) {
  const kc_activity *ac = &m->act[a];
  int ny = kc_nyears(m);
  double v = 0;
  for (int k = 0; k < ac->ndisb && k <= yi; k++)
    v += ac->disb[k] * kc_unit_cost(m, a, m->first_year + yi - k) * units[a * ny + yi - k];
  return v;
}

void kc_plan_free(kc_plan *p) {
  if (!p)
    return;
  free(p->units);
  free(p->need);
  free(p->money);
  free(p->milli);
  free(p->counterpart);
  memset(p, 0, sizeof *p);
}

/* How many thousandths cell i (of activity-year c) of source s may still be lowered before the audit's
 * tolerances (KC_CELL_TOL, KC_CELL_REL) refuse it: its cell's sum against the need, its own share
 * against min_share. */
static double lowerable(const kc_model *m, const kc_plan *p, int a, int c, int s) {
  int ns = p->nsrc;
  double need = p->need[c] * 1000.0, rel = KC_CELL_REL * need, paid = 0;
  for (int k = 0; k < ns; k++)
    paid += (double)p->milli[c * ns + k];
  double by_sum = paid - (need - 1000.0 * KC_CELL_TOL * ns - rel) - 1.0;
  double by_min = (double)p->milli[c * ns + s] - (m->min_share[a * ns + s] * need - 1000.0 * KC_CELL_TOL - rel) - 1.0;
  return fmin(by_sum, by_min);
}

/* Lowers the rounded cells of source s in years [y0, y1] by one thousandth at a time until their sum
 * is at most cap: a cell rounded up first (the one rounded up the most), else the cell with the most
 * room left under the audit's tolerances. The exact split keeps every ceiling, so on the model's
 * scale only rounding is taken back; the exact LP's own approximation (see KC_CELL_REL) is taken from
 * the largest cells, relative to which it is tiny. */
static void repair(const kc_model *m, kc_plan *p, int s, int y0, int y1, long long cap) {
  int ny = p->ny, ns = p->nsrc;
  long long sum = 0;
  for (int a = 0; a < m->nact; a++)
    for (int yi = y0; yi <= y1; yi++)
      sum += p->milli[(a * ny + yi) * ns + s];
  if (y0 < m->nclosed) /* the closed years' money is as recorded: only the open years' is lowered */
    y0 = m->nclosed;
  while (sum > cap && y0 <= y1) {
    int best = -1;
    double best_up = 0, best_left = -1;
    for (int a = 0; a < m->nact; a++) /* the cell rounded up the most */
      for (int yi = y0; yi <= y1; yi++) {
        int i = (a * ny + yi) * ns + s;
        double up = (double)p->milli[i] - p->money[i] * 1000.0;
        if (p->milli[i] > 0 && up > best_up) {
          best_up = up;
          best = i;
        }
      }
    if (best < 0) /* none rounded up: the one with the most room */
      for (int a = 0; a < m->nact; a++)
        for (int yi = y0; yi <= y1; yi++) {
          int c = a * ny + yi, i = c * ns + s;
          double left = p->milli[i] > 0 ? lowerable(m, p, a, c, s) : -1;
          if (left >= 0 && (best_left < 0 || left > best_left)) {
            best_left = left;
            best = i;
          }
        }
    if (best < 0)
      return; /* nothing left to lower; the audit will refuse the plan */
    p->milli[best]--;
    sum--;
  }
}

kc_rc kc_plan_make(const kc_model *m, const kc_result *r, kc_plan *p, kc_error *err) {
  memset(p, 0, sizeof *p);
  int ny = kc_nyears(m), ns = m->nsrc;
  size_t ay = (size_t)m->nact * (size_t)ny;
  p->nact = m->nact;
  p->ny = ny;
  p->nsrc = ns;
  p->units = calloc(ay + 1, sizeof *p->units);
  p->need = calloc(ay + 1, sizeof *p->need);
  p->money = calloc(ay * (size_t)ns + 1, sizeof *p->money);
  p->milli = calloc(ay * (size_t)ns + 1, sizeof *p->milli);
  p->counterpart = calloc(ay + 1, sizeof *p->counterpart);
  if (!p->units || !p->need || !p->money || !p->milli || !p->counterpart) {
    kc_plan_free(p);
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  }
  for (size_t i = 0; i < ay; i++)
    p->units[i] = (int)(i % (size_t)ny) < m->nclosed ? m->act_units[i]
                  : m->act[i / (size_t)ny].divisible ? fmax(0.0, r->x[i])
                                                     : round(r->x[i]);
  for (int a = 0; a < m->nact; a++)
    for (int yi = 0; yi < ny; yi++) {
      int c = a * ny + yi;
      if (yi < m->nclosed) { /* as recorded, to the thousandth: the need of a closed year is what was paid */
        long long paid = 0;
        for (int s = 0; s < ns; s++) {
          p->milli[c * ns + s] = m->act_milli[(size_t)c * ns + s];
          p->money[c * ns + s] = (double)p->milli[c * ns + s] / 1000.0;
          paid += p->milli[c * ns + s];
        }
        p->need[c] = (double)paid / 1000.0;
        p->counterpart[c] = llround((double)paid * (1.0 / m->act[a].support_rate - 1.0));
        continue;
      }
      double need = kc_need(m, p->units, a, yi), paid = 0;
      p->need[c] = need;
      for (int s = 0; s < ns; s++)
        paid += r->f[c * ns + s];
      for (int s = 0; s < ns; s++) {
        double v = paid > 0 ? r->f[c * ns + s] * need / paid : 0.0;
        p->money[c * ns + s] = v;
        p->milli[c * ns + s] = llround(v * 1000.0);
      }
      if (paid <= 0 && need > 0) /* the solver paid nothing: the most preferred eligible source pays */
        for (int i = 0; i < ns; i++) {
          int s = m->preference[i];
          if (m->max_share[a * ns + s] > 0) {
            p->money[c * ns + s] = need;
            p->milli[c * ns + s] = llround(need * 1000.0);
            break;
          }
        }
      double rate = m->act[a].support_rate;
      p->counterpart[c] = llround(need * (1.0 / rate - 1.0) * 1000.0);
    }
  for (int s = 0; s < ns; s++) {
    if (m->has_annual[s]) {
      double cum = 0;
      for (int yi = 0; yi < ny; yi++) {
        cum += m->annual[s * ny + yi];
        if (yi < m->nclosed)
          continue; /* a closed year may have overrun its ceiling: it is what happened */
        if (m->carry_over) {
          repair(m, p, s, 0, yi, kc_milli_cap(cum));
        } else {
          repair(m, p, s, yi, yi, kc_milli_cap(m->annual[s * ny + yi]));
        }
      }
    }
    if (m->src[s].has_ceiling)
      repair(m, p, s, 0, ny - 1, kc_milli_cap(m->src[s].ceiling));
  }
  return KC_OK;
}

long long kc_plan_spend(const kc_plan *p, int s, int yi) {
  long long v = 0;
  for (int a = 0; a < p->nact; a++)
    for (int y = yi < 0 ? 0 : yi; y <= (yi < 0 ? p->ny - 1 : yi); y++)
      v += p->milli[(a * p->ny + y) * p->nsrc + s];
  return v;
}

long long kc_plan_activity_cell(const kc_model *m, const kc_plan *p, int a, int yi, double *units) {
  long long money = kc_plan_cell_money(p, a * p->ny + yi);
  *units = p->units[a * p->ny + yi];
  for (int q = m->nact - kc_model_proposals(m); q < m->nact; q++)
    if (m->act[q].parent == a) {
      *units += m->act[q].yield * p->units[q * p->ny + yi];
      money += kc_plan_cell_money(p, q * p->ny + yi);
    }
  return money;
}

double kc_plan_planned(const kc_model *m, const kc_plan *p, int t) {
  return kc_target_units(m, t, p->units);
}
