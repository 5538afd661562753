/* compare_out.c — a comparison rendered from its runs: JSON, the terminal table, long CSV. */
#include "render/compare_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/output.h"
#include "plan/plan.h"
#include "core/stages.h"
#include "core/i18n.h"
#include "core/text.h"

/* ---------- JSON ---------- */

static cJSON *changes_json(const kc_comparison *c, int i) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "scenario", kc_compare_name(c, i));
  cJSON *cells = cJSON_AddArrayToObject(o, "cells");
  cJSON *units = cJSON_AddArrayToObject(o, "units");
  for (int k = 0; k < c->ncells[i]; k++) {
    const kc_compare_cell *x = &c->cells[i][k];
    double scale = x->source < 0 ? 1 : 1000.0;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddItemToArray(x->source < 0 ? units : cells, e);
    cJSON_AddStringToObject(e, "activity", x->activity);
    cJSON_AddNumberToObject(e, "year", x->year);
    if (x->source >= 0)
      cJSON_AddStringToObject(e, "source", c->runs[0].m.src[x->source].id);
    cJSON_AddNumberToObject(e, "baseline", x->baseline / scale);
    cJSON_AddNumberToObject(e, "scenario", x->scenario / scale);
    cJSON_AddNumberToObject(e, "delta", (x->scenario - x->baseline) / scale);
  }
  return o;
}

/* 1 when run x's plan funds the proposal with that id, 0 when not, -1 when x has no such proposal
 * (or no plan). */
static int funded_in(const kc_run *x, const char *id) {
  int a = x->has_plan ? kc_find_activity(&x->m, id) : -1;
  if (a < 0 || !x->m.act[a].proposal)
    return -1;
  double u = 0;
  for (int yi = 0; yi < x->p.ny; yi++)
    u += x->p.units[a * x->p.ny + yi];
  return u > 0.5;
}

/* The proposals whose funding differs between run i and the base run: calls fn for each with its
 * id, name and whether run i funds it (in run i's order, then those only the base has). */
static void proposal_switches(const kc_comparison *c, int i, void (*fn)(void *, const char *, const char *, int),
                              void *ctx) {
  const kc_run *x = &c->runs[i], *b = &c->runs[0];
  for (int a = x->m.nact - kc_model_proposals(&x->m); x->has_plan && a < x->m.nact; a++) {
    int here = funded_in(x, x->m.act[a].id), base = funded_in(b, x->m.act[a].id);
    if (here != (base < 0 ? 0 : base))
      fn(ctx, x->m.act[a].id, x->m.act[a].name, here);
  }
  for (int a = b->m.nact - kc_model_proposals(&b->m); b->has_plan && a < b->m.nact; a++)
    if (funded_in(b, b->m.act[a].id) == 1 && funded_in(x, b->m.act[a].id) < 0)
      fn(ctx, b->m.act[a].id, b->m.act[a].name, 0); /* funded in the base, not in this run's model */
}

typedef struct {
  FILE *fp;
  const char *run;
  int n;
} switch_out;

static void switch_line(void *ctx, const char *id, const char *name, int funded) {
  switch_out *o = ctx;
  if (!o->n++)
    fprintf(o->fp, _("\nProposals funded otherwise than in the baseline with %s:\n"), o->run);
  fprintf(o->fp, "  %s %s (%s)\n", funded ? _("funded ") : _("dropped"), name, id);
}

static void switch_csv(void *ctx, const char *id, const char *name, int funded) {
  switch_out *o = ctx;
  (void)name;
  fprintf(o->fp, "proposal,%s,", id);
  kc_csv_text(o->fp, o->run);
  fprintf(o->fp, ",%d,%d\n", funded, funded ? 1 : -1);
}

static void switch_json(void *ctx, const char *id, const char *name, int funded) {
  cJSON *e = cJSON_CreateObject();
  cJSON_AddItemToArray((cJSON *)ctx, e);
  cJSON_AddStringToObject(e, "id", id);
  cJSON_AddStringToObject(e, "name", name);
  cJSON_AddBoolToObject(e, "funded", funded);
}

/* One run's entry: name, file and the parts of its summary that are compared. */
static cJSON *run_json(const kc_comparison *c, int i) {
  const kc_run *x = &c->runs[i];
  cJSON *s = kc_summary_json(&x->m, &x->r, x->has_plan ? &x->p : NULL, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", kc_compare_name(c, i));
  if (i)
    cJSON_AddStringToObject(o, "file", c->files[i - 1]);
  else
    cJSON_AddNullToObject(o, "file");
  const char *keep[] = {"status", "objective", "sources", "attainment"};
  for (size_t k = 0; s && k < sizeof keep / sizeof keep[0]; k++)
    cJSON_AddItemToObject(o, keep[k], cJSON_DetachItemFromObjectCaseSensitive(s, keep[k]));
  cJSON_Delete(s);
  if (x->m.has_baseline)
    cJSON_AddItemToObject(o, "approved_changes", x->has_plan ? kc_changes_json(&x->m, &x->p) : cJSON_CreateNull());
  if (i && (kc_model_proposals(&x->m) || kc_model_proposals(&c->runs[0].m)))
    proposal_switches(c, i, switch_json, cJSON_AddArrayToObject(o, "proposals_switched"));
  return o;
}

cJSON *kc_compare_json(const kc_comparison *c) {
  cJSON *root = cJSON_CreateObject();
  if (!root)
    return NULL;
  cJSON *ra = cJSON_AddArrayToObject(root, "runs");
  cJSON *ca = cJSON_AddArrayToObject(root, "changes");
  for (int i = 0; i < c->nruns; i++) {
    cJSON_AddItemToArray(ra, run_json(c, i));
    if (i)
      cJSON_AddItemToArray(ca, changes_json(c, i));
  }
  return root;
}

/* ---------- the rows of the table and the CSV ---------- */

typedef enum { ROW_OBJECTIVE, ROW_SPEND, ROW_UNALLOCATED, ROW_ATTAINMENT } row_kind;

/* A row of the comparison: what it measures and its label; its value is read from each run. */
typedef struct {
  row_kind kind;
  kc_stage stage;  /* ROW_OBJECTIVE */
  char id[160];    /* the source, or the target's activity */
  int first, last; /* ROW_ATTAINMENT: the target's period */
  char key[200];   /* the CSV key: objective name, "id/spend", "activity/first/last" */
  char label[300];
} row;

static const char *const row_section[] = {"objective", "source", "source", "attainment"};

/* The target of m that attainment row r follows (its activity and period), or -1. */
static int row_target(const kc_model *m, const row *r) {
  for (int t = 0; t < m->ntgt; t++) {
    const kc_target *tg = &m->tgt[t];
    if (tg->first_year == r->first && tg->last_year == r->last && strcmp(m->act[tg->activity].id, r->id) == 0)
      return t;
  }
  return -1;
}

/* The row's number in run x, or NAN when x has none (infeasible, an excluded activity). */
static double row_value(const kc_run *x, const row *r) {
  const kc_model *m = &x->m;
  if (!x->has_plan)
    return NAN;
  if (r->kind == ROW_OBJECTIVE) {
    if ((r->stage == KC_STAGE_MAXSHORT && m->attainment != KC_BALANCED) ||
        (r->stage == KC_STAGE_TIMING && m->timing == KC_TIMING_NONE) ||
        ((r->stage == KC_STAGE_STABILITY || r->stage == KC_STAGE_STABMONEY) && !m->has_baseline) ||
        (r->stage == KC_STAGE_MERIT && kc_model_proposals(m) == 0))
      return NAN;
    double v = kc_stage_value(m, r->stage, x->p.units, x->p.money);
    return isfinite(v) ? v : NAN;
  }
  if (r->kind == ROW_SPEND || r->kind == ROW_UNALLOCATED) {
    int s = kc_find_source(m, r->id);
    if (s < 0 || (r->kind == ROW_UNALLOCATED && !m->src[s].has_ceiling))
      return NAN;
    long long spent = kc_plan_spend(&x->p, s, -1);
    return (double)(r->kind == ROW_SPEND ? spent : kc_milli_cap(m->src[s].ceiling) - spent) / 1000.0;
  }
  int t = row_target(m, r);
  return t < 0 ? NAN : kc_plan_planned(m, &x->p, t) / m->tgt[t].target;
}

static int add_row(row **rows, int n, const row *r) {
  for (int i = 0; i < n; i++)
    if ((*rows)[i].kind == r->kind && strcmp((*rows)[i].key, r->key) == 0)
      return n;
  row *nr = realloc(*rows, (size_t)(n + 1) * sizeof *nr);
  if (!nr)
    return n;
  *rows = nr;
  nr[n] = *r;
  return n + 1;
}

/* Every row any run has: the stage optima, each source's spend and unallocated money, each target. */
static int build_rows(const kc_comparison *c, row **rows) {
  static const kc_stage order[] = {KC_STAGE_ATTAIN, KC_STAGE_MAXSHORT,  KC_STAGE_MERIT,     KC_STAGE_SPEND,
                                   KC_STAGE_PREF,   KC_STAGE_STABILITY, KC_STAGE_STABMONEY, KC_STAGE_TIMING};
  int n = 0;
  *rows = NULL;
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
    row r = {.kind = ROW_OBJECTIVE, .stage = order[i]};
    snprintf(r.key, sizeof r.key, "%s", kc_stage_info(order[i])->summary_key);
    snprintf(r.label, sizeof r.label, "%s", kc_stage_info(order[i])->label);
    n = add_row(rows, n, &r);
  }
  for (int i = 0; i < c->nruns; i++)
    for (int s = 0; s < c->runs[i].m.nsrc; s++) {
      const char *id = c->runs[i].m.src[s].id;
      for (int k = 0; k < 2; k++) {
        row r = {.kind = k ? ROW_UNALLOCATED : ROW_SPEND};
        snprintf(r.id, sizeof r.id, "%s", id);
        snprintf(r.key, sizeof r.key, "%s/%s", id, k ? "unallocated" : "spend");
        snprintf(r.label, sizeof r.label, "%s: %s", k ? "Unallocated" : "Spend", id);
        n = add_row(rows, n, &r);
      }
    }
  for (int i = 0; i < c->nruns; i++) {
    const kc_model *m = &c->runs[i].m;
    for (int t = 0; c->runs[i].has_plan && t < m->ntgt; t++) {
      const kc_target *tg = &m->tgt[t];
      row r = {.kind = ROW_ATTAINMENT, .first = tg->first_year, .last = tg->last_year};
      char lab[200];
      snprintf(r.id, sizeof r.id, "%s", m->act[tg->activity].id);
      snprintf(r.key, sizeof r.key, "%s/%d/%d", r.id, r.first, r.last);
      snprintf(r.label, sizeof r.label, "Attainment: %s", kc_target_label(m, t, lab, sizeof lab));
      n = add_row(rows, n, &r);
    }
  }
  return n;
}

/* ---------- the terminal table, in a planner's words ---------- */

/* Columns of UTF-8 text s (one per character). */
static int cols(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* Writes s padded to w columns, left- or right-aligned. */
static void pad(FILE *fp, const char *s, int w, int right) {
  int n = w - cols(s);
  if (right)
    for (; n > 0; n--)
      fputc(' ', fp);
  fputs(s, fp);
  if (!right)
    for (; n > 0; n--)
      fputc(' ', fp);
}

/* The text of a row's value in run x ("-" when none): money to the thousandth, attainment as the
 * units planned of the target, an objective as a number. */
static void cell_text(const kc_run *x, const row *r, char *buf, size_t n) {
  double v = row_value(x, r);
  char b1[48], b2[48];
  if (isnan(v)) {
    snprintf(buf, n, "-");
    return;
  }
  int t = r->kind == ROW_ATTAINMENT ? row_target(&x->m, r) : -1;
  if (t >= 0)
    snprintf(buf, n, _("%s of %s"), kc_fmt_num(kc_plan_planned(&x->m, &x->p, t), 3, kc_ui_lang(), b1),
             kc_fmt_num(x->m.tgt[t].target, 3, kc_ui_lang(), b2));
  else
    kc_fmt_num(v, 3, kc_ui_lang(), buf);
}

/* The difference of a row between runs x and y (x's less y's), "" when either has none. */
static void delta_text(const kc_run *x, const kc_run *y, const row *r, char *buf, size_t n) {
  double a = row_value(x, r), b = row_value(y, r);
  buf[0] = '\0';
  if (isnan(a) || isnan(b))
    return;
  double d = a - b;
  if (r->kind == ROW_ATTAINMENT) /* in units planned, each run's own */
    d = kc_plan_planned(&x->m, &x->p, row_target(&x->m, r)) - kc_plan_planned(&y->m, &y->p, row_target(&y->m, r));
  if (fabs(d) < 5e-4) {
    snprintf(buf, n, "0");
    return;
  }
  char num[48];
  kc_fmt_num(fabs(d), 3, kc_ui_lang(), num);
  snprintf(buf, n, "%s%s", d > 0 ? "+" : "-", num);
}

/* A row's label in a planner's words: a source's or an activity's name, never an id. */
static void row_label(const kc_comparison *c, const row *r, char *buf, size_t n) {
  const kc_model *m = &c->runs[0].m;
  if (r->kind == ROW_OBJECTIVE) {
    snprintf(buf, n, "%s", _(kc_stage_info(r->stage)->label));
  } else if (r->kind == ROW_SPEND || r->kind == ROW_UNALLOCATED) {
    int s = kc_find_source(m, r->id);
    snprintf(buf, n, r->kind == ROW_SPEND ? _("%s: spent") : _("%s: left unallocated"),
             s >= 0 ? m->src[s].name : r->id);
  } else {
    int a = kc_find_activity(m, r->id);
    char per[32];
    kc_target t = {.first_year = r->first, .last_year = r->last};
    snprintf(buf, n, _("%s %s: planned of target"), a >= 0 ? m->act[a].name : r->id,
             kc_period(&t, "-", per, sizeof per));
  }
}

/* The solver's own measures, shown only with details: source preference, timing, stability. */
static int internal(const row *r) {
  return r->kind == ROW_OBJECTIVE && (r->stage == KC_STAGE_PREF || r->stage == KC_STAGE_TIMING ||
                                      r->stage == KC_STAGE_STABILITY || r->stage == KC_STAGE_STABMONEY);
}

/* 1 when row r is in the table: some run has a value, and it is no solver measure hidden without
 * details. */
static int shown(const kc_comparison *c, const row *r, bool details) {
  int any = 0;
  for (int i = 0; i < c->nruns; i++)
    any |= !isnan(row_value(&c->runs[i], r));
  return any && (details || !internal(r));
}

/* The columns: the label, then per run its value, its difference from the baseline (runs after it)
 * and from the run before it (runs after the first scenario). */
typedef struct {
  int label, *value, *dbase, *dprev;
} widths;

static void print_row(FILE *fp, const kc_comparison *c, const widths *w, const char *label, char **cells) {
  pad(fp, label, w->label, 0);
  for (int i = 0, k = 0; i < c->nruns; i++) {
    fputs("  ", fp);
    pad(fp, cells[k++], w->value[i], 1);
    if (i >= 1) {
      fputs("  ", fp);
      pad(fp, cells[k++], w->dbase[i], 1);
    }
    if (i >= 2) {
      fputs("  ", fp);
      pad(fp, cells[k++], w->dprev[i], 1);
    }
  }
  fputc('\n', fp);
}

/* Fills the cells of row r (or of the header, heading >= 0: 0 the names, 1 the status) for every run. */
static int row_cells(const kc_comparison *c, const row *r, int heading, char cells[][160]) {
  int k = 0;
  for (int i = 0; i < c->nruns; i++) {
    const kc_run *x = &c->runs[i];
    if (heading == 0) /* the baseline's name in the reader's language; the files keep "baseline" */
      snprintf(cells[k++], 160, "%s", i ? kc_compare_name(c, i) : _("baseline"));
    else if (heading == 1)
      snprintf(cells[k++], 160, "%s", _(kc_status_word(x->r.status)));
    else
      cell_text(x, r, cells[k++], 160);
    if (i >= 1) {
      if (heading == 0)
        snprintf(cells[k++], 160, "%s", _("Δ baseline"));
      else if (heading == 1)
        cells[k++][0] = '\0';
      else
        delta_text(x, &c->runs[0], r, cells[k++], 160);
    }
    if (i >= 2) {
      if (heading == 0)
        snprintf(cells[k++], 160, _("Δ %s"), kc_compare_name(c, i - 1));
      else if (heading == 1)
        cells[k++][0] = '\0';
      else
        delta_text(x, &c->runs[i - 1], r, cells[k++], 160);
    }
  }
  return k;
}

/* Why money stays unallocated in run x while a target is missed: per source with money left, the
 * cheapest unit still missing that it may pay for, against what is left. */
static void why_unallocated(FILE *fp, const kc_run *x) {
  const kc_model *m = &x->m;
  char b1[48], b2[48], lab[600];
  for (int s = 0; x->has_plan && s < m->nsrc; s++) {
    if (!m->src[s].has_ceiling)
      continue;
    long long left = kc_milli_cap(m->src[s].ceiling) - kc_plan_spend(&x->p, s, -1);
    if (left < 1000) /* less than a million: rounding, not a choice */
      continue;
    double best = INFINITY;
    int bt = -1, missed = 0;
    for (int t = 0; t < m->ntgt; t++) {
      const kc_target *tg = &m->tgt[t];
      if (kc_plan_planned(m, &x->p, t) >= tg->target - 1e-9)
        continue;
      missed++;
      if (m->has_eligibility && !(m->max_share[tg->activity * m->nsrc + s] > 0))
        continue;
      for (int y = tg->first_year; y <= tg->last_year; y++) {
        double cost = kc_unit_cost(m, tg->activity, y);
        if (kc_can_start(m, tg->activity, y) && cost < best) {
          best = cost;
          bt = t;
        }
      }
    }
    if (!missed)
      continue;
    kc_fmt_num((double)left / 1000.0, 3, kc_ui_lang(), b1);
    if (bt < 0) {
      fprintf(fp,
              P_("  %s has %s left, but may pay for none of the %d target missed (eligibility).\n",
                 "  %s has %s left, but may pay for none of the %d targets missed (eligibility).\n", missed),
              m->src[s].name, b1, missed);
      continue;
    }
    kc_fmt_num(best, 3, kc_ui_lang(), b2);
    kc_target_name(m, bt, lab, sizeof lab);
    if (best * 1000.0 > (double)left)
      fprintf(fp,
              P_("  %s has %s left while %d target is missed: the cheapest missing unit, one %s of %s, costs %s.\n",
                 "  %s has %s left while %d targets are missed: the cheapest missing unit, one %s of %s, costs %s.\n",
                 missed),
              m->src[s].name, b1, missed, m->act[m->tgt[bt].activity].unit, lab, b2);
    else
      fprintf(fp,
              P_("  %s has %s left while %d target is missed, though one %s of %s costs %s: other rules hold it back "
                 "(annual ceilings, the share a source may pay, the years a unit can start).\n",
                 "  %s has %s left while %d targets are missed, though one %s of %s costs %s: other rules hold it back "
                 "(annual ceilings, the share a source may pay, the years a unit can start).\n",
                 missed),
              m->src[s].name, b1, missed, m->act[m->tgt[bt].activity].unit, lab, b2);
  }
}

/* Run i against the baseline in sentences: each source's ceiling, spending and money left; each
 * target's units no longer (or newly) funded; the money each activity loses or gains. */
static void planner_words(FILE *fp, const kc_comparison *c, int i) {
  const kc_run *x = &c->runs[i], *b = &c->runs[0];
  char b1[48], b2[48], b3[48], lab[600];
  fprintf(fp, _("\n%s against the baseline:\n"), kc_compare_name(c, i));
  if (!x->has_plan || !b->has_plan) {
    fprintf(fp, "  %s\n", !x->has_plan ? _("no plan (the scenario is infeasible)") : _("the baseline has no plan"));
    return;
  }
  const kc_model *m = &x->m;
  for (int s = 0; s < m->nsrc; s++) {
    int sb = kc_find_source(&b->m, m->src[s].id);
    if (sb < 0)
      continue;
    double ce = m->src[s].has_ceiling ? m->src[s].ceiling : NAN,
           cb = b->m.src[sb].has_ceiling ? b->m.src[sb].ceiling : NAN;
    long long sp = kc_plan_spend(&x->p, s, -1), spb = kc_plan_spend(&b->p, sb, -1);
    if (sp == spb && (ce == cb || (isnan(ce) && isnan(cb))))
      continue;
    fprintf(fp, "  %s:", m->src[s].name);
    if (!(ce == cb || (isnan(ce) && isnan(cb))) && !isnan(ce) && !isnan(cb))
      fprintf(fp, ce < cb ? _(" the ceiling falls by %s to %s;") : _(" the ceiling rises by %s to %s;"),
              kc_fmt_num(fabs(ce - cb), 3, kc_ui_lang(), b1), kc_fmt_num(ce, 3, kc_ui_lang(), b2));
    if (sp != spb)
      fprintf(fp, sp < spb ? _(" %s less spent") : _(" %s more spent"),
              kc_fmt_num(fabs((double)(sp - spb)) / 1000.0, 3, kc_ui_lang(), b1));
    else
      fputs(_(" the same spent"), fp);
    if (!isnan(ce))
      fprintf(fp, _("; %s left unallocated (%s in the baseline)"),
              kc_fmt_num((double)(kc_milli_cap(ce) - sp) / 1000.0, 3, kc_ui_lang(), b2),
              isnan(cb) ? _("no ceiling") : kc_fmt_num((double)(kc_milli_cap(cb) - spb) / 1000.0, 3, kc_ui_lang(), b3));
    fputs(".\n", fp);
  }
  for (int t = 0; t < m->ntgt; t++) {
    const kc_target *tg = &m->tgt[t];
    double p = kc_plan_planned(m, &x->p, t), pb = NAN;
    for (int u = 0; u < b->m.ntgt; u++)
      if (b->m.tgt[u].first_year == tg->first_year && b->m.tgt[u].last_year == tg->last_year &&
          strcmp(b->m.act[b->m.tgt[u].activity].id, m->act[tg->activity].id) == 0)
        pb = kc_plan_planned(&b->m, &b->p, u);
    if (!isnan(pb) && fabs(p - pb) < 1e-9)
      continue;
    const char *unit = m->act[tg->activity].unit;
    kc_target_name(m, t, lab, sizeof lab);
    if (p < tg->target - 1e-9)
      fprintf(fp, _("  %s: %s of %s %s not funded (%s planned; %s in the baseline).\n"), lab,
              kc_fmt_num(tg->target - p, 3, kc_ui_lang(), b1), kc_fmt_num(tg->target, 3, kc_ui_lang(), b2), unit,
              kc_fmt_num(p, 3, kc_ui_lang(), b3), isnan(pb) ? _("none") : kc_fmt_num(pb, 3, kc_ui_lang(), b2));
    else
      fprintf(fp, _("  %s: all %s %s funded (%s in the baseline).\n"), lab, kc_fmt_num(tg->target, 3, kc_ui_lang(), b1),
              unit, isnan(pb) ? _("none") : kc_fmt_num(pb, 3, kc_ui_lang(), b2));
  }
  for (int a = 0; a < m->nact - kc_model_proposals(m); a++) { /* money freed from or moved to an activity */
    int ab = kc_find_activity(&b->m, m->act[a].id);
    long long mx = 0, mb = 0;
    for (int y = 0; y < x->p.ny; y++)
      mx += kc_plan_cell_money(&x->p, a * x->p.ny + y);
    for (int y = 0; ab >= 0 && y < b->p.ny; y++)
      mb += kc_plan_cell_money(&b->p, ab * b->p.ny + y);
    if (llabs(mx - mb) >= 500)
      fprintf(fp,
              mx < mb ? _("  %s: %s less state money (%s in all).\n") : _("  %s: %s more state money (%s in all).\n"),
              m->act[a].name, kc_fmt_num(fabs((double)(mx - mb)) / 1000.0, 3, kc_ui_lang(), b1),
              kc_fmt_num((double)mx / 1000.0, 3, kc_ui_lang(), b2));
  }
  why_unallocated(fp, x);
}

void kc_compare_table(FILE *fp, const kc_comparison *c, bool details) {
  row *rows;
  int n = build_rows(c, &rows), ncol = 3 * c->nruns;
  char(*cells)[160] = calloc((size_t)ncol, sizeof *cells), lab[700];
  char **ptr = calloc((size_t)ncol, sizeof *ptr);
  widths w = {.value = calloc((size_t)c->nruns, sizeof(int)),
              .dbase = calloc((size_t)c->nruns, sizeof(int)),
              .dprev = calloc((size_t)c->nruns, sizeof(int))};
  if (!cells || !ptr || !w.value || !w.dbase || !w.dprev) {
    fputs(_("out of memory\n"), fp);
    goto done;
  }
  for (int k = 0; k < ncol; k++)
    ptr[k] = cells[k];
  /* the widths: every label whole, every cell whole */
  w.label = cols(_("Targets fully reached"));
  for (int k = -2; k < n; k++) {
    if (k >= 0) {
      if (!shown(c, &rows[k], details))
        continue;
      row_label(c, &rows[k], lab, sizeof lab);
      w.label = cols(lab) > w.label ? cols(lab) : w.label;
    }
    row_cells(c, k >= 0 ? &rows[k] : NULL, k < 0 ? k + 2 : -1, cells);
    for (int i = 0, j = 0; i < c->nruns; i++) {
      w.value[i] = cols(cells[j]) > w.value[i] ? cols(cells[j]) : w.value[i], j++;
      if (i >= 1)
        w.dbase[i] = cols(cells[j]) > w.dbase[i] ? cols(cells[j]) : w.dbase[i], j++;
      if (i >= 2)
        w.dprev[i] = cols(cells[j]) > w.dprev[i] ? cols(cells[j]) : w.dprev[i], j++;
    }
  }
  fprintf(fp,
          P_("The baseline and %d scenario side by side; money in million VND\n\n",
             "The baseline and %d scenarios side by side; money in million VND\n\n", c->nruns - 1),
          c->nruns - 1);
  row_cells(c, NULL, 0, cells);
  print_row(fp, c, &w, "", ptr);
  row_cells(c, NULL, 1, cells);
  print_row(fp, c, &w, _("Status"), ptr);
  /* targets fully reached */
  for (int i = 0, j = 0; i < c->nruns; i++) {
    const kc_run *x = &c->runs[i];
    int met = 0;
    for (int t = 0; x->has_plan && t < x->m.ntgt; t++)
      met += kc_plan_planned(&x->m, &x->p, t) >= x->m.tgt[t].target - 1e-9;
    if (x->has_plan)
      snprintf(cells[j++], 160, _("%d of %d"), met, x->m.ntgt);
    else
      snprintf(cells[j++], 160, "-");
    if (i >= 1)
      cells[j++][0] = '\0';
    if (i >= 2)
      cells[j++][0] = '\0';
  }
  print_row(fp, c, &w, _("Targets fully reached"), ptr);
  for (int k = 0; k < n; k++) {
    if (!shown(c, &rows[k], details))
      continue;
    row_label(c, &rows[k], lab, sizeof lab);
    row_cells(c, &rows[k], -1, cells);
    print_row(fp, c, &w, lab, ptr);
  }
  for (int i = 1; i < c->nruns; i++)
    planner_words(fp, c, i);
  for (int i = 1; i < c->nruns; i++) {
    const kc_model *m = &c->runs[0].m;
    int nunits = 0, nmoney = 0;
    for (int k = 0; k < c->ncells[i]; k++)
      *(c->cells[i][k].source < 0 ? &nunits : &nmoney) += 1;
    fprintf(fp, _("\nChanged against the baseline in %s: money cells %d, unit cells %d\n"), kc_compare_name(c, i),
            nmoney, nunits);
    for (int k = 0; k < c->ncells[i]; k++) {
      const kc_compare_cell *x = &c->cells[i][k];
      int a = kc_find_activity(m, x->activity);
      const char *name = a >= 0 ? m->act[a].name : x->activity, *unit = a >= 0 ? m->act[a].unit : _("units");
      if (x->source < 0) {
        char b1[48], b2[48], b3[48];
        double d = x->scenario - x->baseline;
        fprintf(fp, "  %s %d: %s → %s %s (%s%s)\n", name, x->year, kc_fmt_g(x->baseline, 6, kc_ui_lang(), b1),
                kc_fmt_g(x->scenario, 6, kc_ui_lang(), b2), unit, d >= 0 ? "+" : "", kc_fmt_g(d, 6, kc_ui_lang(), b3));
      }
    }
    for (int k = 0; k < c->ncells[i]; k++) {
      const kc_compare_cell *x = &c->cells[i][k];
      int a = kc_find_activity(m, x->activity);
      char src[64], b1[48], b2[48], b3[48];
      if (x->source >= 0)
        fprintf(fp, "  %s %d, %s: %s → %s (%s%s)\n", a >= 0 ? m->act[a].name : x->activity, x->year,
                kc_source_label(m, x->source, src, sizeof src), kc_fmt_fixed(x->baseline / 1000.0, 3, kc_ui_lang(), b1),
                kc_fmt_fixed(x->scenario / 1000.0, 3, kc_ui_lang(), b2), x->scenario >= x->baseline ? "+" : "",
                kc_fmt_fixed((x->scenario - x->baseline) / 1000.0, 3, kc_ui_lang(), b3));
    }
  }
  for (int i = 1; i < c->nruns; i++) {
    switch_out o = {fp, kc_compare_name(c, i), 0};
    proposal_switches(c, i, switch_line, &o);
  }
  for (int i = 0; i < c->nruns; i++) {
    char run[400];
    snprintf(run, sizeof run, i ? _("with %s") : _("without the compared scenarios"), kc_compare_name(c, i));
    if (c->runs[i].m.has_baseline && c->runs[i].has_plan)
      kc_write_changes_table(fp, &c->runs[i].m, &c->runs[i].p, run);
  }
  if (!details)
    fputs(_("\n(--details also shows the solver's own measures: source preference and timing values.)\n"), fp);
done:
  free(cells);
  free(ptr);
  free(w.value);
  free(w.dbase);
  free(w.dprev);
  free(rows);
}

/* Run i's cells that differ from the approved plan (--baseline): "approved_units" and "approved_money"
 * lines, value the run's, delta against the approved plan's. */
static void approved_csv(FILE *fp, const kc_comparison *c, int i) {
  const kc_run *x = &c->runs[i];
  const kc_model *m = &x->m;
  for (int cell = 0; x->has_plan && cell < m->nact * x->p.ny; cell++) {
    if (!kc_cell_changed(m, &x->p, cell))
      continue;
    const char *id = m->act[cell / x->p.ny].id;
    int year = m->first_year + cell % x->p.ny;
    fprintf(fp, "approved_units,%s/%d,", id, year);
    kc_csv_text(fp, kc_compare_name(c, i));
    fprintf(fp, ",%g,%g\n", x->p.units[cell], x->p.units[cell] - m->base_units[cell]);
    for (int s = 0; s < m->nsrc; s++) {
      long long after = x->p.milli[cell * m->nsrc + s], before = m->base_milli[(size_t)cell * m->nsrc + s];
      if (after == before)
        continue;
      fprintf(fp, "approved_money,%s/%d/%s,", id, year, m->src[s].id);
      kc_csv_text(fp, kc_compare_name(c, i));
      fprintf(fp, ",%.3f,%.3f\n", (double)after / 1000.0, (double)(after - before) / 1000.0);
    }
  }
}

void kc_compare_csv(FILE *fp, const kc_comparison *c) {
  row *rows;
  int n = build_rows(c, &rows);
  fputs("section,key,run,value,delta\n", fp);
  for (int k = 0; k < n; k++) {
    double base = row_value(&c->runs[0], &rows[k]);
    for (int i = 0; i < c->nruns; i++) {
      double v = row_value(&c->runs[i], &rows[k]);
      if (isnan(v))
        continue;
      fprintf(fp, "%s,", row_section[rows[k].kind]);
      kc_csv_text(fp, rows[k].key);
      fputc(',', fp);
      kc_csv_text(fp, kc_compare_name(c, i));
      fprintf(fp, ",%.6f,", v);
      if (i && !isnan(base))
        fprintf(fp, "%.6f", v - base);
      fputc('\n', fp);
    }
  }
  for (int i = 1; i < c->nruns; i++) {
    for (int k = 0; k < c->ncells[i]; k++) {
      const kc_compare_cell *x = &c->cells[i][k];
      if (x->source < 0)
        continue;
      fprintf(fp, "cell,%s/%d/%s,", x->activity, x->year, c->runs[0].m.src[x->source].id);
      kc_csv_text(fp, kc_compare_name(c, i));
      fprintf(fp, ",%.3f,%.3f\n", x->scenario / 1000.0, (x->scenario - x->baseline) / 1000.0);
    }
    for (int k = 0; k < c->ncells[i]; k++) {
      const kc_compare_cell *x = &c->cells[i][k];
      if (x->source >= 0)
        continue;
      fprintf(fp, "units,%s/%d,", x->activity, x->year);
      kc_csv_text(fp, kc_compare_name(c, i));
      fprintf(fp, ",%g,%g\n", x->scenario, x->scenario - x->baseline);
    }
  }
  for (int i = 1; i < c->nruns; i++) { /* proposal,ID,run,1 (funded there) or 0 (dropped),+1/-1 */
    switch_out o = {fp, kc_compare_name(c, i), 0};
    proposal_switches(c, i, switch_csv, &o);
  }
  for (int i = 0; i < c->nruns; i++)
    approved_csv(fp, c, i);
  free(rows);
}
