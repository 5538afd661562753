/* output.c — CSV, JSON and terminal renderings of a plan, and writing them atomically. */
#include "render/output.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/kc_version.h"
#include "core/i18n.h"
#include "core/text.h"
#include "render/proposals_out.h"

/* Money (thousandths) and other numbers as the terminal shows them in the messages' language:
 * "1638.000" or "1.638,000". buf needs 48 bytes. */
static const char *tmoney(long long milli, char *buf) {
  return kc_fmt_fixed((double)milli / 1000.0, 3, kc_ui_lang(), buf);
}

static const char *tnum(double v, int decimals, char *buf) {
  return kc_fmt_fixed(v, decimals, kc_ui_lang(), buf);
}

/* Units without trailing zeros: "140", "12.5". */
static const char *fmt_units(double u, char *buf) {
  snprintf(buf, 32, "%.6f", u);
  char *e = buf + strlen(buf) - 1;
  while (*e == '0')
    *e-- = '\0';
  if (*e == '.')
    *e = '\0';
  if (strcmp(buf, "-0") == 0)
    strcpy(buf, "0");
  return buf;
}

void kc_write_plan_csv(FILE *fp, const kc_model *m, const kc_plan *p) {
  char b1[32], b2[32];
  fputs("year,activity,units,cost", fp);
  for (int s = 0; s < m->nsrc; s++) {
    fputc(',', fp);
    kc_csv_text(fp, m->src[s].id);
  }
  fputs(",counterpart\n", fp);
  for (int yi = 0; yi < p->ny; yi++)
    for (int a = 0; a < m->nact; a++) {
      int c = a * p->ny + yi;
      if (p->units[c] == 0 && kc_plan_cell_money(p, c) == 0)
        continue;
      fprintf(fp, "%d,%s,%s,%s", m->first_year + yi, m->act[a].id, fmt_units(p->units[c], b1),
              kc_fmt_milli(kc_plan_cell_money(p, c), b2));
      for (int s = 0; s < m->nsrc; s++)
        fprintf(fp, ",%s", kc_fmt_milli(p->milli[c * m->nsrc + s], b1));
      fprintf(fp, ",%s\n", kc_fmt_milli(p->counterpart[c], b1));
    }
}

bool kc_cell_changed(const kc_model *m, const kc_plan *p, int c) {
  if (!m->has_baseline)
    return false;
  if (p->units[c] != m->base_units[c])
    return true;
  for (int s = 0; s < m->nsrc; s++)
    if (p->milli[c * m->nsrc + s] != m->base_milli[(size_t)c * m->nsrc + s])
      return true;
  return false;
}

void kc_write_changes_csv(FILE *fp, const kc_model *m, const kc_plan *p) {
  char b1[32], b2[32];
  fputs("year,activity,units_before,units_after", fp);
  for (int s = 0; s < m->nsrc; s++) {
    fprintf(fp, ",");
    kc_csv_text(fp, m->src[s].id);
    fprintf(fp, "_before,");
    kc_csv_text(fp, m->src[s].id);
    fprintf(fp, "_after");
  }
  fputc('\n', fp);
  for (int yi = 0; m->has_baseline && yi < p->ny; yi++)
    for (int a = 0; a < m->nact; a++) {
      int c = a * p->ny + yi;
      if (!kc_cell_changed(m, p, c))
        continue;
      fprintf(fp, "%d,%s,%s,%s", m->first_year + yi, m->act[a].id, fmt_units(m->base_units[c], b1),
              fmt_units(p->units[c], b2));
      for (int s = 0; s < m->nsrc; s++)
        fprintf(fp, ",%s,%s", kc_fmt_milli(m->base_milli[(size_t)c * m->nsrc + s], b1),
                kc_fmt_milli(p->milli[c * m->nsrc + s], b2));
      fputc('\n', fp);
    }
}

/* Money in thousandths as a JSON number of million VND: one division, so 435800 is 435.8 exactly as
 * plan.csv writes it (sums of doubles would print 435.8000000000001). */
static void add_milli(cJSON *o, const char *key, long long milli) {
  cJSON_AddNumberToObject(o, key, (double)milli / 1000.0);
}

long long kc_baseline_cell_total(const kc_model *m, int c) {
  long long t = 0;
  for (int s = 0; s < m->nsrc; s++)
    t += m->base_milli[(size_t)c * m->nsrc + s];
  return t;
}

void kc_write_changes_table(FILE *fp, const kc_model *m, const kc_plan *p, const char *run) {
  char b1[48], b2[48], b3[48], u1[32], u2[32];
  int n = 0;
  for (int c = 0; c < m->nact * p->ny; c++)
    n += kc_cell_changed(m, p, c);
  if (run)
    fprintf(fp,
            n ? _("\nChanges against the approved plan (%s) %s:\n")
              : _("\nChanges against the approved plan (%s) %s: none, the approved plan still holds\n"),
            m->baseline.file, run);
  else
    fprintf(fp,
            n ? _("\nChanges against the approved plan (%s):\n")
              : _("\nChanges against the approved plan (%s): none, the approved plan still holds\n"),
            m->baseline.file);
  for (int yi = 0; yi < p->ny; yi++)
    for (int a = 0; a < m->nact; a++) {
      int c = a * p->ny + yi;
      if (!kc_cell_changed(m, p, c))
        continue;
      long long before = kc_baseline_cell_total(m, c), after = kc_plan_cell_money(p, c);
      fprintf(fp, "  %s %d: %s → %s %s, %s → %s (%s%s)%s\n", m->act[a].name, m->first_year + yi,
              fmt_units(m->base_units[c], u1), fmt_units(p->units[c], u2), m->act[a].unit, tmoney(before, b1),
              tmoney(after, b2), after >= before ? "+" : "", tmoney(after - before, b3),
              yi < m->nclosed ? _(" as recorded") : "");
    }
  for (int s = 0; n && s < m->nsrc; s++) {
    long long before = 0, after = kc_plan_spend(p, s, -1);
    for (int c = 0; c < m->nact * p->ny; c++)
      before += m->base_milli[(size_t)c * m->nsrc + s];
    fprintf(fp, _("  %s in all: %s → %s (%s%s)\n"), m->src[s].name, tmoney(before, b1), tmoney(after, b2),
            after >= before ? "+" : "", tmoney(after - before, b3));
  }
}

cJSON *kc_changes_json(const kc_model *m, const kc_plan *p) {
  cJSON *arr = cJSON_CreateArray();
  for (int yi = 0; arr && m->has_baseline && yi < p->ny; yi++)
    for (int a = 0; a < m->nact; a++) {
      int c = a * p->ny + yi;
      if (!kc_cell_changed(m, p, c))
        continue;
      cJSON *e = cJSON_CreateObject(), *before = cJSON_CreateObject(), *after = cJSON_CreateObject();
      cJSON_AddItemToArray(arr, e);
      cJSON_AddNumberToObject(e, "year", m->first_year + yi);
      cJSON_AddStringToObject(e, "activity", m->act[a].id);
      cJSON_AddBoolToObject(e, "closed", yi < m->nclosed);
      cJSON_AddNumberToObject(e, "units_before", m->base_units[c]);
      cJSON_AddNumberToObject(e, "units_after", p->units[c]);
      for (int s = 0; s < m->nsrc; s++) {
        add_milli(before, m->src[s].id, m->base_milli[(size_t)c * m->nsrc + s]);
        add_milli(after, m->src[s].id, p->milli[c * m->nsrc + s]);
      }
      cJSON_AddItemToObject(e, "money_before", before);
      cJSON_AddItemToObject(e, "money_after", after);
    }
  return arr;
}

void kc_write_disbursement_csv(FILE *fp, const kc_model *m, const kc_plan *p) {
  char b1[32];
  fputs("year,source,amount,annual_ceiling,utilisation\n", fp);
  for (int yi = 0; yi < p->ny; yi++)
    for (int s = 0; s < m->nsrc; s++) {
      long long amt = kc_plan_spend(p, s, yi);
      fprintf(fp, "%d,%s,%s,", m->first_year + yi, m->src[s].id, kc_fmt_milli(amt, b1));
      if (m->has_annual[s]) {
        double cap = m->annual[s * p->ny + yi];
        fprintf(fp, "%.3f,", cap);
        if (cap > 0)
          fprintf(fp, "%.4f", (double)amt / 1000.0 / cap);
      } else {
        fputc(',', fp);
      }
      fputc('\n', fp);
    }
}

void kc_write_attainment_csv(FILE *fp, const kc_model *m, const kc_plan *p) {
  char b1[32], b2[32], b3[32];
  fputs("activity,first_year,last_year,target,planned,shortfall,attainment\n", fp);
  for (int t = 0; t < m->ntgt; t++) {
    const kc_target *tg = &m->tgt[t];
    double got = kc_plan_planned(m, p, t);
    fprintf(fp, "%s,%d,%d,%s,%s,%s,%.4f\n", m->act[tg->activity].id, tg->first_year, tg->last_year,
            fmt_units(tg->target, b1), fmt_units(got, b2), fmt_units(fmax(0.0, tg->target - got), b3),
            got / tg->target);
  }
}

static void add_num_or_null(cJSON *o, const char *k, int has, double v) {
  if (has && isfinite(v))
    cJSON_AddNumberToObject(o, k, v);
  else
    cJSON_AddNullToObject(o, k);
}

static double stage_value(const kc_model *m, const kc_plan *p, kc_stage k) {
  return kc_stage_value(m, k, p->units, p->money);
}

/* The timing stage's result, NULL when it was not solved. */
static const kc_stage_result *timing_stage(const kc_result *r) {
  for (int i = 0; i < r->nstage; i++)
    if (r->stage[i].kind == KC_STAGE_TIMING)
      return &r->stage[i];
  return NULL;
}

static void summary_objective(cJSON *root, const kc_model *m, const kc_result *r, const kc_plan *p) {
  cJSON *o = cJSON_AddObjectToObject(root, "objective");
  cJSON_AddStringToObject(o, "attainment", kc_attainment_words[m->attainment]);
  add_num_or_null(o, kc_stage_info(KC_STAGE_MAXSHORT)->summary_key, p && m->attainment == KC_BALANCED,
                  p ? stage_value(m, p, KC_STAGE_MAXSHORT) : 0);
  add_num_or_null(o, kc_stage_info(KC_STAGE_ATTAIN)->summary_key, p != NULL,
                  p ? stage_value(m, p, KC_STAGE_ATTAIN) : 0);
  add_num_or_null(o, kc_stage_info(KC_STAGE_MERIT)->summary_key, p && kc_model_proposals(m) > 0,
                  p ? stage_value(m, p, KC_STAGE_MERIT) : 0);
  add_num_or_null(o, kc_stage_info(KC_STAGE_SPEND)->summary_key, p != NULL, p ? stage_value(m, p, KC_STAGE_SPEND) : 0);
  add_num_or_null(o, kc_stage_info(KC_STAGE_PREF)->summary_key, p != NULL, p ? stage_value(m, p, KC_STAGE_PREF) : 0);
  add_num_or_null(o, kc_stage_info(KC_STAGE_STABILITY)->summary_key, p && m->has_baseline,
                  p ? stage_value(m, p, KC_STAGE_STABILITY) : 0);
  add_num_or_null(o, kc_stage_info(KC_STAGE_STABMONEY)->summary_key, p && m->has_baseline,
                  p ? stage_value(m, p, KC_STAGE_STABMONEY) : 0);
  cJSON_AddStringToObject(o, "timing", kc_timing_words[m->timing]);
  add_num_or_null(o, kc_stage_info(KC_STAGE_TIMING)->summary_key, p && m->timing != KC_TIMING_NONE,
                  p ? stage_value(m, p, KC_STAGE_TIMING) : 0);
  const kc_stage_result *t = timing_stage(r);
  add_num_or_null(o, "timing_bound", p && t && isfinite(t->bound), t ? t->bound : 0);
  add_num_or_null(o, "timing_gap", p && t && isfinite(t->gap), t ? t->gap : 0);
}

static void summary_sources(cJSON *root, const kc_model *m, const kc_plan *p) {
  cJSON *arr = cJSON_AddArrayToObject(root, "sources");
  for (int s = 0; s < m->nsrc; s++) {
    const kc_source *src = &m->src[s];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "id", src->id);
    cJSON_AddStringToObject(o, "name", src->name);
    add_num_or_null(o, "ceiling", src->has_ceiling, src->ceiling);
    long long spent = p ? kc_plan_spend(p, s, -1) : 0;
    add_num_or_null(o, "spend", p != NULL, (double)spent / 1000.0);
    add_num_or_null(o, "unallocated", p && src->has_ceiling, (double)(kc_milli_cap(src->ceiling) - spent) / 1000.0);
    cJSON *years = cJSON_AddArrayToObject(o, "years");
    for (int yi = 0; p && yi < p->ny; yi++) {
      cJSON *y = cJSON_CreateObject();
      cJSON_AddItemToArray(years, y);
      cJSON_AddNumberToObject(y, "year", m->first_year + yi);
      cJSON_AddNumberToObject(y, "spend", (double)kc_plan_spend(p, s, yi) / 1000.0);
      add_num_or_null(y, "annual_ceiling", m->has_annual[s], m->annual[s * p->ny + yi]);
    }
  }
}

static void summary_attainment(cJSON *root, const kc_model *m, const kc_plan *p) {
  cJSON *arr = cJSON_AddArrayToObject(root, "attainment");
  for (int t = 0; p && t < m->ntgt; t++) {
    const kc_target *tg = &m->tgt[t];
    double got = kc_plan_planned(m, p, t);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "activity", m->act[tg->activity].id);
    cJSON_AddNumberToObject(o, "first_year", tg->first_year);
    cJSON_AddNumberToObject(o, "last_year", tg->last_year);
    cJSON_AddNumberToObject(o, "target", tg->target);
    cJSON_AddNumberToObject(o, "planned", got);
    cJSON_AddNumberToObject(o, "shortfall", fmax(0.0, tg->target - got));
    cJSON_AddNumberToObject(o, "attainment", got / tg->target);
  }
}

static void summary_shadow(cJSON *root, const kc_result *r) {
  cJSON *arr = cJSON_AddArrayToObject(root, "shadow_prices");
  for (int i = 0; i < r->nshadow; i++) {
    const struct kc_shadow *sp = &r->shadow[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "row", sp->row);
    cJSON_AddNumberToObject(o, "value", sp->value);
    cJSON *range = cJSON_AddArrayToObject(o, "range");
    cJSON_AddItemToArray(range, isfinite(sp->lo) ? cJSON_CreateNumber(sp->lo) : cJSON_CreateNull());
    cJSON_AddItemToArray(range, isfinite(sp->hi) ? cJSON_CreateNumber(sp->hi) : cJSON_CreateNull());
    cJSON_AddBoolToObject(o, "binding", sp->active);
    cJSON_AddStringToObject(o, "method", sp->method);
    if (sp->step > 0)
      cJSON_AddNumberToObject(o, "step", sp->step);
    cJSON_AddBoolToObject(o, "proven", sp->proven);
    if (!sp->proven)
      add_num_or_null(o, "value_upper_bound", isfinite(sp->value_hi), sp->value_hi);
  }
  cJSON_AddStringToObject(
      root, "shadow_price_note",
      "marginal values at the chosen plan: weighted-shortfall points removed per extra "
      "million VND; lp_dual: dual of the row in the attainment LP with the units held fixed, "
      "range = GLPK's ranging of the row bound; finite_difference: (Z1 - Z1 with the ceiling "
      "raised by step) / step, where whole units make the dual 0; proven false: that re-solve ran out of its "
      "counted budget, and the true value lies between value and value_upper_bound");
}

static void summary_solver(cJSON *root, const kc_result *r) {
  cJSON *o = cJSON_AddObjectToObject(root, "solver");
  cJSON_AddStringToObject(o, "name", "GLPK");
  cJSON_AddStringToObject(o, "version", glp_version());
  cJSON_AddNumberToObject(o, "seconds", round(r->seconds * 1e6) / 1e6);
  cJSON_AddNumberToObject(o, "rows", r->rows);
  cJSON_AddNumberToObject(o, "columns", r->cols);
  cJSON_AddNumberToObject(o, "integer_columns", r->int_cols);
  add_num_or_null(o, "gap", r->status != KC_ERR_INFEASIBLE, r->gap);
  cJSON *st = cJSON_AddArrayToObject(o, "stages");
  for (int i = 0; i < r->nstage; i++) {
    cJSON *s = cJSON_CreateObject();
    cJSON_AddItemToArray(st, s);
    cJSON_AddStringToObject(s, "name", kc_stage_name(r->stage[i].kind));
    cJSON_AddNumberToObject(s, "value", r->stage[i].value);
    cJSON_AddBoolToObject(s, "proven", r->stage[i].proven);
    add_num_or_null(s, "bound", isfinite(r->stage[i].bound), r->stage[i].bound);
    add_num_or_null(s, "gap", isfinite(r->stage[i].gap), r->stage[i].gap);
    cJSON_AddNumberToObject(s, "nodes", (double)r->stage[i].nodes);
    cJSON_AddNumberToObject(s, "seconds", round(r->stage[i].seconds * 1e6) / 1e6);
    if (r->stage[i].blocks) {
      cJSON *b = cJSON_AddObjectToObject(s, "block_search");
      cJSON_AddNumberToObject(b, "blocks", r->stage[i].blocks);
      cJSON_AddNumberToObject(b, "improvements", r->stage[i].block_improvements);
      cJSON_AddNumberToObject(b, "seconds", round(r->stage[i].block_seconds * 1e6) / 1e6);
    }
  }
}

cJSON *kc_summary_json(const kc_model *m, const kc_result *r, const kc_plan *p, const kc_gap *why) {
  cJSON *root = cJSON_CreateObject();
  if (!root)
    return NULL;
  cJSON_AddStringToObject(root, "kcplan_version", KC_VERSION);
  cJSON_AddStringToObject(root, "status", kc_status_word(r->status));
  if (r->status == KC_ERR_INFEASIBLE)
    cJSON_AddStringToObject(root, "reason", r->infeasible_reason.en);
  if (why)
    cJSON_AddItemToObject(root, "infeasibility", kc_gap_json(m, why));
  cJSON *mo = cJSON_AddObjectToObject(root, "model");
  cJSON_AddStringToObject(mo, "name", m->name);
  cJSON_AddStringToObject(mo, "folder", m->dir);
  cJSON_AddNumberToObject(mo, "first_year", m->first_year);
  cJSON_AddNumberToObject(mo, "last_year", m->last_year);
  cJSON_AddStringToObject(mo, "money_unit", "million VND");
  cJSON *closed = cJSON_AddArrayToObject(mo, "closed_years"); /* as recorded in the actuals, not planned */
  for (int yi = 0; yi < m->nclosed; yi++)
    cJSON_AddItemToArray(closed, cJSON_CreateNumber(m->first_year + yi));
  if (m->nclosed)
    cJSON_AddStringToObject(mo, "actuals", m->actuals_path);
  else
    cJSON_AddNullToObject(mo, "actuals");
  summary_objective(root, m, r, p);
  summary_sources(root, m, p);
  summary_attainment(root, m, p);
  summary_shadow(root, r);
  cJSON *sc = cJSON_AddArrayToObject(root, "scenarios");
  for (int i = 0; i < m->nscen; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(sc, o);
    cJSON_AddStringToObject(o, "name", m->scen_name[i]);
    cJSON_AddStringToObject(o, "file", m->scen[i].file);
    cJSON_AddStringToObject(o, "sha256", m->scen[i].sha256);
  }
  if (m->has_baseline) {
    cJSON *b = cJSON_AddObjectToObject(root, "baseline");
    cJSON_AddStringToObject(b, "file", m->baseline.file);
    cJSON_AddStringToObject(b, "sha256", m->baseline.sha256);
  } else {
    cJSON_AddNullToObject(root, "baseline");
  }
  cJSON *in = cJSON_AddArrayToObject(root, "inputs");
  for (int i = 0; i < m->ninputs; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(in, o);
    cJSON_AddStringToObject(o, "file", m->inputs[i].file);
    cJSON_AddStringToObject(o, "sha256", m->inputs[i].sha256);
  }
  summary_solver(root, r);
  return root;
}

cJSON *kc_gap_json(const kc_model *m, const kc_gap *g) {
  int ny = kc_nyears(m);
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "status", kc_status_word(g->status));
  cJSON_AddNumberToObject(root, "extra_total", g->extra_total);
  if (!isnan(g->min_score))
    cJSON_AddNumberToObject(root, "min_score", g->min_score);
  cJSON *bs = cJSON_AddObjectToObject(root, "by_source");
  cJSON *bsy = cJSON_AddObjectToObject(root, "by_source_year");
  for (int s = 0; s < m->nsrc; s++) {
    double tot = 0;
    cJSON *years = cJSON_AddObjectToObject(bsy, m->src[s].id);
    for (int yi = 0; yi < ny; yi++) {
      char y[16];
      snprintf(y, sizeof y, "%d", m->first_year + yi);
      cJSON_AddNumberToObject(years, y, g->extra[s * ny + yi]);
      tot += g->extra[s * ny + yi];
    }
    cJSON_AddNumberToObject(bs, m->src[s].id, tot);
  }
  cJSON *un = cJSON_AddArrayToObject(root, "unreachable");
  for (int i = 0; i < g->nunreach; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(un, o);
    if (g->unreach[i].target >= 0) {
      const kc_target *t = &m->tgt[g->unreach[i].target];
      cJSON_AddStringToObject(o, "activity", m->act[t->activity].id);
      cJSON_AddNumberToObject(o, "first_year", t->first_year);
      cJSON_AddNumberToObject(o, "last_year", t->last_year);
      cJSON_AddNumberToObject(o, "target", t->target);
    }
    cJSON_AddStringToObject(o, "reason", g->unreach[i].reason.en);
  }
  cJSON_AddNumberToObject(root, "seconds", round(g->seconds * 1e6) / 1e6);
  return root;
}

/* ---------- terminal table ---------- */

int kc_text_width(const char *s) {
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p & 0xC0) == 0x80)
      continue;
    if (p[0] == 0xCC || (p[0] == 0xCD && p[1] < 0xB0))
      continue; /* U+0300..U+036F combining marks */
    w++;
  }
  return w;
}

/* Prints s padded with spaces (or cut with "…") to exactly w columns. */
static void pad(FILE *fp, const char *s, int w) {
  int used = 0;
  const unsigned char *p = (const unsigned char *)s;
  if (kc_text_width(s) > w) {
    while (*p) {
      int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
      int cw = (p[0] == 0xCC || (p[0] == 0xCD && p[1] < 0xB0)) ? 0 : 1;
      if (used + cw > w - 1)
        break;
      fwrite(p, 1, (size_t)n, fp);
      used += cw;
      p += n;
    }
    fputs("…", fp);
    used++;
  } else {
    fputs(s, fp);
    used = kc_text_width(s);
  }
  for (; used < w; used++)
    fputc(' ', fp);
}

/* Prints s right-aligned in w columns (a space before it). */
static void rpad(FILE *fp, const char *s, int w) {
  fputc(' ', fp);
  for (int n = w - kc_text_width(s); n > 0; n--)
    fputc(' ', fp);
  fputs(s, fp);
}

/* Units as the terminal shows them: whole, or to a tenth for a divisible activity. */
static const char *tunits(const kc_activity *ac, double u, char *buf) {
  if (ac->divisible)
    return tnum(u, 1, buf);
  fmt_units(u, buf);
  return buf;
}

static void table_activities(FILE *fp, const kc_model *m, const kc_plan *p, int nw) {
  char b1[48], b2[48];
  pad(fp, _("Activity"), nw);
  fputc(' ', fp);
  pad(fp, _("unit"), 13);
  for (int yi = 0; yi < p->ny; yi++)
    fprintf(fp, " %17d", m->first_year + yi);
  rpad(fp, _("Total"), 18);
  fputc('\n', fp);
  for (int a = 0; a < m->nact - kc_model_proposals(m); a++) { /* a proposal is counted in its activity's row */
    const kc_activity *ac = &m->act[a];
    pad(fp, ac->name, nw);
    fputc(' ', fp);
    pad(fp, ac->unit, 13);
    double tu = 0;
    long long tm = 0;
    for (int yi = 0; yi < p->ny; yi++) {
      double u;
      long long money = kc_plan_activity_cell(m, p, a, yi, &u);
      tu += u;
      tm += money;
      if (u == 0 && money == 0)
        fprintf(fp, " %17s", "-");
      else
        fprintf(fp, " %5s %11s", tunits(ac, u, b1), tmoney(money, b2));
    }
    fprintf(fp, " %6s %11s\n", tunits(ac, tu, b1), tmoney(tm, b2));
  }
}

static void table_sources(FILE *fp, const kc_model *m, const kc_plan *p, int nw) {
  char b1[48];
  fputc('\n', fp);
  pad(fp, _("Funding source"), nw + 14);
  for (int yi = 0; yi < p->ny; yi++)
    fprintf(fp, " %17d", m->first_year + yi);
  rpad(fp, _("Total"), 18);
  rpad(fp, _("Ceiling"), 12);
  rpad(fp, _("Unallocated"), 12);
  fputc('\n', fp);
  long long grand = 0;
  for (int s = 0; s < m->nsrc; s++) {
    pad(fp, m->src[s].name, nw + 14);
    for (int yi = 0; yi < p->ny; yi++)
      fprintf(fp, " %17s", tmoney(kc_plan_spend(p, s, yi), b1));
    long long tot = kc_plan_spend(p, s, -1);
    grand += tot;
    fprintf(fp, " %18s", tmoney(tot, b1));
    if (m->src[s].has_ceiling) {
      fprintf(fp, " %12s", tnum(m->src[s].ceiling, 3, b1));
      fprintf(fp, " %12s\n", tmoney(kc_milli_cap(m->src[s].ceiling) - tot, b1));
    } else {
      rpad(fp, _("none"), 12);
      fprintf(fp, " %12s\n", "-");
    }
    if (m->has_annual[s]) {
      pad(fp, m->carry_over ? _("  annual ceiling (carried over)") : _("  annual ceiling"), nw + 14);
      for (int yi = 0; yi < p->ny; yi++)
        fprintf(fp, " %17s", tnum(m->annual[s * p->ny + yi], 3, b1));
      fputc('\n', fp);
    }
  }
  pad(fp, _("All sources"), nw + 14);
  for (int yi = 0; yi < p->ny; yi++) {
    long long v = 0;
    for (int s = 0; s < m->nsrc; s++)
      v += kc_plan_spend(p, s, yi);
    fprintf(fp, " %17s", tmoney(v, b1));
  }
  fprintf(fp, " %18s\n", tmoney(grand, b1));
}

static void table_targets(FILE *fp, const kc_model *m, const kc_plan *p, int nw) {
  char b1[48], b2[48], b3[48], b4[48];
  fputc('\n', fp);
  pad(fp, _("Target"), nw);
  fputc(' ', fp);
  pad(fp, _("period"), 10);
  rpad(fp, _("target"), 9);
  rpad(fp, _("planned"), 9);
  rpad(fp, _("short"), 9);
  rpad(fp, _("attainment"), 11);
  fputc('\n', fp);
  for (int t = 0; t < m->ntgt; t++) {
    const kc_target *tg = &m->tgt[t];
    const kc_activity *ac = &m->act[tg->activity];
    double got = kc_plan_planned(m, p, t);
    char per[32];
    kc_period(tg, "-", per, sizeof per);
    pad(fp, ac->name, nw);
    int dec = ac->divisible ? 2 : 0;
    fprintf(fp, " %-10s %9s %9s %9s %10s%%\n", per,
            ac->divisible ? tnum(tg->target, dec, b1) : fmt_units(tg->target, b1),
            ac->divisible ? tnum(got, dec, b2) : fmt_units(got, b2),
            ac->divisible ? tnum(fmax(0.0, tg->target - got), dec, b3) : fmt_units(fmax(0.0, tg->target - got), b3),
            tnum(100.0 * got / tg->target, 1, b4));
  }
}

/* The programme's name in the terminal's language. */
static const char *program_name(const kc_model *m) {
  return kc_program_name(m, kc_ui_lang());
}

void kc_write_table(FILE *fp, const kc_model *m, const kc_result *r, const kc_plan *p, const kc_rejects *rej) {
  int nw = 10;
  for (int a = 0; a < m->nact - kc_model_proposals(m); a++)
    if (kc_text_width(m->act[a].name) > nw)
      nw = kc_text_width(m->act[a].name);
  for (int s = 0; s < m->nsrc; s++)
    if (kc_text_width(m->src[s].name) - 14 > nw)
      nw = kc_text_width(m->src[s].name) - 14;
  if (nw > 34)
    nw = 34;
  char fy[16];
  snprintf(fy, sizeof fy, "%d", m->first_year);
  const char *name = program_name(m);
  if (strstr(name, fy))
    fprintf(fp, "%s\n", name);
  else
    fprintf(fp, "%s, %d-%d\n", name[0] ? name : m->dir, m->first_year, m->last_year);
  for (int i = 0; i < m->nscen; i++) /* what was applied, in order */
    fprintf(fp, "%s%s (%s)%s", i ? ", " : _("Scenarios applied: "), m->scen_name[i], m->scen[i].file,
            i + 1 == m->nscen ? "\n" : "");
  fprintf(fp, _("Status: %s"), _(kc_status_word(r->status)));
  char g[48];
  const kc_stage_result *t = timing_stage(r);
  if (r->status == KC_ERR_LIMIT && r->limit_stage == KC_STAGE_MERIT &&
      r->nstage == kc_stage_list(m, (kc_stage[KC_NSTAGES]){0}))
    fprintf(fp,
            _(" (the merit stage's node budget ran out: the selection is within %s%% of the best possible score; "
              "the other stages are proven for it)"),
            kc_fmt_g(100 * r->gap, 3, kc_ui_lang(), g));
  else if (r->status == KC_ERR_LIMIT)
    fprintf(fp, _(" (time limit reached in stage %s; not proven optimal, relative gap %s%%)"),
            kc_stage_name(r->limit_stage), kc_fmt_g(100 * r->gap, 3, kc_ui_lang(), g));
  else if (r->status == KC_OK && t && !t->proven && isfinite(t->gap))
    fprintf(fp,
            _(" (attainment, spend and source use proven optimal; timing within %s%% of the best possible, "
              "--timing exact proves it)"),
            kc_fmt_g(100 * t->gap, 3, kc_ui_lang(), g));
  else if (r->status == KC_OK && t && !t->proven)
    fprintf(fp, _(" (attainment, spend and source use proven optimal; timing not proven)"));
  fputs(_(". Money in million VND (triệu đồng); each year shows units started and money disbursed.\n"), fp);
  if (m->nclosed) {
    kc_target closed = {.first_year = m->first_year, .last_year = m->first_year + m->nclosed - 1};
    char per[32];
    fprintf(fp,
            m->nclosed == 1 ? _("Year %s is closed: units and money as recorded in %s; %s.\n")
                            : _("Years %s are closed: units and money as recorded in %s; %s.\n"),
            kc_period(&closed, "-", per, sizeof per), m->actuals_path,
            m->nclosed < kc_nyears(m) ? _("the later years are planned") : _("nothing is left to plan"));
  }
  fputc('\n', fp);
  if (!p)
    return;
  table_activities(fp, m, p, nw);
  table_sources(fp, m, p, nw);
  table_targets(fp, m, p, nw);
  kc_write_proposals_table(fp, m, p, rej);
  if (m->has_baseline)
    kc_write_changes_table(fp, m, p, NULL);
  char b1[48], b2[48], b3[48];
  fprintf(fp,
          m->attainment == KC_BALANCED ? _("\nObjective (balanced attainment): weighted shortfall %s")
                                       : _("\nObjective (weighted attainment): weighted shortfall %s"),
          kc_fmt_num(stage_value(m, p, KC_STAGE_ATTAIN), 6, kc_ui_lang(), b1));
  if (m->attainment == KC_BALANCED)
    fprintf(fp, _(", largest weighted shortfall %s"),
            kc_fmt_num(stage_value(m, p, KC_STAGE_MAXSHORT), 6, kc_ui_lang(), b1));
  if (kc_model_proposals(m) > 0)
    fprintf(fp, _("; appraisal score funded %s"), kc_fmt_num(stage_value(m, p, KC_STAGE_MERIT), 3, kc_ui_lang(), b1));
  long long spend = 0; /* the table's own total, to the thousandth */
  for (int s = 0; s < m->nsrc; s++)
    spend += kc_plan_spend(p, s, -1);
  fprintf(fp, _("; total spend %s; solved in %s s (%d stages, GLPK %s)\n"), tmoney(spend, b1),
          kc_fmt_fixed(r->seconds, 3, kc_ui_lang(), b2), r->nstage, glp_version());
  int shown = 0, w = 0;
  char row[400];
  for (int i = 0; i < r->nshadow; i++) /* the width of the rows' names, in words */
    if (kc_text_width(kc_shadow_words(m, r->shadow[i].row, kc_ui_lang(), row, sizeof row)) > w)
      w = kc_text_width(row);
  for (int i = 0; i < r->nshadow; i++)
    if (r->shadow[i].value != 0 || !r->shadow[i].proven) {
      if (!shown++)
        fputs(_("Shadow prices (weighted shortfall removed per extra million VND, at this plan):\n"), fp);
      fputs("  ", fp);
      pad(fp, kc_shadow_words(m, r->shadow[i].row, kc_ui_lang(), row, sizeof row), w);
      if (r->shadow[i].step > 0 && !r->shadow[i].proven)
        fprintf(fp, _(" at least %s, at most %s (finite difference, +%s million, not proven)\n"),
                kc_fmt_num(r->shadow[i].value, 6, kc_ui_lang(), b1),
                kc_fmt_num(r->shadow[i].value_hi, 6, kc_ui_lang(), b2), tnum(r->shadow[i].step, 3, b3));
      else if (r->shadow[i].step > 0)
        fprintf(fp, _(" %s (finite difference, +%s million)\n"), kc_fmt_num(r->shadow[i].value, 6, kc_ui_lang(), b1),
                tnum(r->shadow[i].step, 3, b3));
      else
        fprintf(fp, _(" %s (LP dual, units held fixed)\n"), kc_fmt_num(r->shadow[i].value, 6, kc_ui_lang(), b1));
    }
}

const char *kc_shadow_words(const kc_model *m, const char *row, kc_lang lang, char *buf, size_t n) {
  char id[200], lab[64];
  int year = 0;
  const char *colon = strchr(row, ':');
  snprintf(id, sizeof id, "%s", colon ? colon + 1 : row);
  char *c2 = strchr(id, ':');
  if (c2) {
    year = atoi(c2 + 1);
    *c2 = '\0';
  }
  int s = kc_find_source(m, id);
  const char *src = s >= 0 ? kc_source_label(m, s, lab, sizeof lab) : id;
  int vi = lang == KC_LANG_VI;
  if (strncmp(row, "ceiling:", 8) == 0)
    snprintf(buf, n, vi ? "trần tổng %s" : "%s total ceiling", src);
  else if (strncmp(row, "annual:", 7) == 0 && year)
    snprintf(buf, n, vi ? "trần năm %d %s" : "%2$s ceiling of %1$d", year, src);
  else
    snprintf(buf, n, "%s", row);
  return buf;
}

void kc_write_gap_table(FILE *fp, const kc_model *m, const kc_gap *g, int source) {
  int ny = kc_nyears(m);
  char b[48], what[300], lab[64], sc[48];
  snprintf(what, sizeof what, "%s", _("every target"));
  if (!isnan(g->min_score))
    snprintf(what, sizeof what, _("every target and funds every proposal with a score of at least %s"),
             kc_fmt_num(g->min_score, 3, kc_ui_lang(), sc));
  if (g->status != KC_OK) {
    if (source >= 0)
      fprintf(fp, _("%s: no amount of %s money reaches %s:\n"), program_name(m),
              kc_source_label(m, source, lab, sizeof lab), what);
    else
      fprintf(fp, _("%s: no amount of extra money reaches %s:\n"), program_name(m), what);
    for (int i = 0; i < g->nunreach; i++) {
      const kc_unreachable *u = &g->unreach[i];
      if (u->target >= 0) {
        char name[600];
        fprintf(fp, _("  %s (target %s): %s\n"), kc_target_name(m, u->target, name, sizeof name),
                kc_fmt_num(m->tgt[u->target].target, 3, kc_ui_lang(), b), u->reason.msg);
      } else {
        fprintf(fp, "  %s\n", u->reason.msg);
      }
    }
    return;
  }
  long long total = 0;
  for (int i = 0; i < m->nsrc * ny; i++)
    total += kc_milli_enough(g->extra[i]);
  if (total == 0) {
    if (isnan(g->min_score))
      fprintf(fp, _("%s: every target is reached within the ceilings; no extra money is needed.\n"), program_name(m));
    else
      fprintf(fp,
              _("%s: no extra money is needed to reach every target and fund every proposal with a score of at least "
                "%s.\n"),
              program_name(m), kc_fmt_num(g->min_score, 3, kc_ui_lang(), sc));
    return;
  }
  if (source >= 0)
    fprintf(fp, _("%s: %s million VND more reaches %s (extra money from %s only).\n\n"), program_name(m),
            tmoney(total, b), what, kc_source_label(m, source, lab, sizeof lab));
  else
    fprintf(fp, _("%s: %s million VND more reaches %s.\n\n"), program_name(m), tmoney(total, b), what);
  pad(fp, _("Extra money by source"), 30);
  for (int yi = 0; yi < ny; yi++)
    fprintf(fp, " %12d", m->first_year + yi);
  rpad(fp, _("Total"), 12);
  fputc('\n', fp);
  for (int s = 0; s < m->nsrc; s++) {
    long long st = 0;
    for (int yi = 0; yi < ny; yi++)
      st += kc_milli_enough(g->extra[s * ny + yi]);
    if (st == 0)
      continue;
    pad(fp, m->src[s].name, 30);
    for (int yi = 0; yi < ny; yi++)
      fprintf(fp, " %12s", tmoney(kc_milli_enough(g->extra[s * ny + yi]), b));
    fprintf(fp, " %12s\n", tmoney(st, b));
  }
  fputs(m->carry_over ? _("\nExtra money raises that year's annual ceiling and the source's total ceiling by the same "
                          "amount (carried over to later years).\n")
                      : _("\nExtra money raises that year's annual ceiling and the source's total ceiling by the same "
                          "amount.\n"),
        fp);
}

/* ---------- writing the folder ---------- */

int kc_print_json(FILE *fp, cJSON *js) {
  char *text = js ? cJSON_Print(js) : NULL;
  cJSON_Delete(js);
  if (!text)
    return -1;
  fprintf(fp, "%s\n", text);
  free(text);
  return 0;
}

typedef struct {
  const kc_model *m;
  const kc_plan *p;
  const kc_rejects *rej;
  const char *summary;
  const char *names[6];
} outputs;

static void write_output(void *ctx, int i, FILE *fp) {
  const outputs *o = ctx;
  const char *name = o->names[i];
  if (strcmp(name, "summary.json") == 0)
    fprintf(fp, "%s\n", o->summary);
  else if (strcmp(name, "plan.csv") == 0)
    kc_write_plan_csv(fp, o->m, o->p);
  else if (strcmp(name, "disbursement.csv") == 0)
    kc_write_disbursement_csv(fp, o->m, o->p);
  else if (strcmp(name, "attainment.csv") == 0)
    kc_write_attainment_csv(fp, o->m, o->p);
  else if (strcmp(name, "changes.csv") == 0)
    kc_write_changes_csv(fp, o->m, o->p);
  else
    kc_write_proposals_csv(fp, o->m, o->p, o->rej);
}

kc_rc kc_write_outputs(const char *dir, const kc_model *m, const kc_result *r, const kc_plan *p, const kc_gap *why,
                       const kc_rejects *rej, kc_error *err) {
  cJSON *js = kc_summary_json(m, r, p, why);
  char *text = js ? cJSON_Print(js) : NULL;
  cJSON_Delete(js);
  if (!text)
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  outputs o = {m, p, rej, text, {"summary.json"}};
  int n = 1;
  if (p) {
    o.names[n++] = "plan.csv";
    o.names[n++] = "disbursement.csv";
    o.names[n++] = "attainment.csv";
    if (m->has_baseline)
      o.names[n++] = "changes.csv";
    if (rej && rej->n > 0)
      o.names[n++] = "proposals.csv";
  }
  kc_rc rc = kc_write_file_set(dir, o.names, n, write_output, &o, err);
  free(text);
  return rc;
}
