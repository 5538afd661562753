/* stages.c — the stage table, the stages a model asks for, and stage values at a plan. */
#include "core/stages.h"

#include <math.h>

#include "core/i18n.h"

const kc_stage_def *kc_stage_info(kc_stage k) {
  static const kc_stage_def table[KC_NSTAGES] = {
      [KC_STAGE_MAXSHORT] = {"max_shortfall", 0, 1, 0, "max_weighted_shortfall", N_("Largest weighted shortfall"),
                             N_("largest weighted shortfall")},
      [KC_STAGE_ATTAIN] = {"attainment", 0, 1, 0, "weighted_shortfall", N_("Weighted shortfall"),
                           N_("weighted shortfall (weight x share of a target missed, summed)")},
      [KC_STAGE_MERIT] = {"merit", 0, 0, KC_LATER_STAGE_GAP, "merit", N_("Appraisal score funded"),
                          N_("appraisal score of the funded proposals")},
      [KC_STAGE_SPEND] = {"spend", 0, 0, KC_LATER_STAGE_GAP, "total_spend", N_("Total spend"),
                          N_("total spend, million VND")},
      [KC_STAGE_PREF] = {"source_preference", 0, 0, KC_LATER_STAGE_GAP, "source_preference",
                         N_("Source preference value"), N_("source preference (money weighted by source order)")},
      [KC_STAGE_STABILITY] = {"stability", 0, 0, KC_LATER_STAGE_GAP, "stability",
                              N_("Units changed against the baseline"),
                              N_("units changed against the baseline in the open years")},
      [KC_STAGE_STABMONEY] = {"stability_money", 0, 0, KC_LATER_STAGE_GAP, "stability_money",
                              N_("Money moved against the baseline"),
                              N_("money moved against the baseline, million VND")},
      [KC_STAGE_TIMING] = {"timing", 1, 0, KC_TIMING_GAP, "timing_value", N_("Timing value"), N_("timing value")},
  };
  return &table[k];
}

const char *kc_stage_name(kc_stage k) {
  return kc_stage_info(k)->name;
}

int kc_stage_list(const kc_model *m, kc_stage out[KC_NSTAGES]) {
  int n = 0;
  if (m->attainment == KC_BALANCED)
    out[n++] = KC_STAGE_MAXSHORT;
  out[n++] = KC_STAGE_ATTAIN;
  if (kc_model_proposals(m) > 0)
    out[n++] = KC_STAGE_MERIT;
  out[n++] = KC_STAGE_SPEND;
  out[n++] = KC_STAGE_PREF;
  if (m->has_baseline) {
    out[n++] = KC_STAGE_STABILITY;
    out[n++] = KC_STAGE_STABMONEY;
  }
  if (m->timing != KC_TIMING_NONE)
    out[n++] = KC_STAGE_TIMING;
  return n;
}

int kc_stage_pref_rank(const kc_model *m, int s) {
  for (int i = 0; i < m->nsrc; i++)
    if (m->preference[i] == s)
      return i + 1;
  return m->nsrc;
}

double kc_stage_value(const kc_model *m, kc_stage k, const double *x, const double *f) {
  int ny = kc_nyears(m), ns = m->nsrc;
  double v = 0;
  switch (k) {
  case KC_STAGE_MAXSHORT:
  case KC_STAGE_ATTAIN:
    for (int t = 0; t < m->ntgt; t++) {
      const kc_target *tg = &m->tgt[t];
      double got = kc_target_units(m, t, x);
      double sh = fmax(0.0, tg->target - got) * m->act[tg->activity].weight / tg->target;
      v = k == KC_STAGE_ATTAIN ? v + sh : fmax(v, sh);
    }
    break;
  case KC_STAGE_MERIT: /* each proposal starts at most once */
    for (int a = m->nact - kc_model_proposals(m); a < m->nact; a++)
      for (int yi = 0; yi < ny; yi++)
        v += m->act[a].score * x[a * ny + yi];
    break;
  case KC_STAGE_SPEND:
  case KC_STAGE_PREF:
    for (int i = 0; i < m->nact * ny * ns; i++)
      v += f[i] * (k == KC_STAGE_SPEND ? 1.0 : kc_stage_pref_rank(m, i % ns));
    break;
  case KC_STAGE_STABILITY: /* units changed against the baseline in the open years */
    for (int a = 0; m->has_baseline && a < m->nact; a++)
      for (int yi = m->nclosed; yi < ny; yi++)
        v += fabs(x[a * ny + yi] - m->base_units[a * ny + yi]);
    break;
  case KC_STAGE_STABMONEY: /* money moved: each source's money for each activity and year */
    for (int a = 0; m->has_baseline && a < m->nact; a++)
      for (int yi = m->nclosed; yi < ny; yi++)
        for (int s = 0; s < ns; s++) {
          size_t i = (size_t)(a * ny + yi) * ns + s;
          v += fabs(f[i] - (double)m->base_milli[i] / 1000.0);
        }
    break;
  case KC_STAGE_TIMING:
    for (int a = 0; a < m->nact; a++)
      for (int yi = 0; yi < ny; yi++)
        v += yi * kc_unit_cost(m, a, m->first_year + yi) * x[a * ny + yi];
    break;
  }
  return v;
}
