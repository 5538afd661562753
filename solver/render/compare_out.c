/* compare_out.c — a comparison rendered from its runs: JSON, the terminal table, long CSV. */
#include "render/compare_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/output.h"
#include "plan/plan.h"
#include "core/stages.h"
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
    fprintf(o->fp, "\nProposals funded otherwise than in the baseline with %s:\n", o->run);
  fprintf(o->fp, "  %s %s (%s)\n", funded ? "funded " : "dropped", name, id);
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
  for (int t = 0; t < m->ntgt; t++) {
    const kc_target *tg = &m->tgt[t];
    if (tg->first_year == r->first && tg->last_year == r->last && strcmp(m->act[tg->activity].id, r->id) == 0)
      return kc_plan_planned(m, &x->p, t) / tg->target;
  }
  return NAN;
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

static void fmt(char *buf, size_t n, const row *r, double v, int delta) {
  if (isnan(v))
    snprintf(buf, n, "-");
  else if (r->kind == ROW_ATTAINMENT)
    snprintf(buf, n, delta ? "%+.1f" : "%.1f%%", 100 * v);
  else
    snprintf(buf, n, delta ? "%+.3f" : "%.3f", v);
}

void kc_compare_table(FILE *fp, const kc_comparison *c) {
  row *rows;
  int n = build_rows(c, &rows);
  char b[64];
  fprintf(fp, "%-41s", "Money in million VND; Δ against baseline"); /* Δ is 2 bytes, 1 column */
  for (int i = 0; i < c->nruns; i++) {
    fprintf(fp, " %14.14s", kc_compare_name(c, i));
    if (i)
      fprintf(fp, " %12s", "Δ");
  }
  fprintf(fp, "\n%-40s", "Status");
  for (int i = 0; i < c->nruns; i++) {
    fprintf(fp, " %14s", kc_status_word(c->runs[i].r.status));
    if (i)
      fprintf(fp, " %11s", "");
  }
  fputc('\n', fp);
  for (int k = 0; k < n; k++) {
    int any = 0;
    for (int i = 0; i < c->nruns; i++)
      any |= !isnan(row_value(&c->runs[i], &rows[k]));
    if (!any)
      continue;
    fprintf(fp, "%-40.40s", rows[k].label);
    double base = row_value(&c->runs[0], &rows[k]);
    for (int i = 0; i < c->nruns; i++) {
      double v = row_value(&c->runs[i], &rows[k]);
      fmt(b, sizeof b, &rows[k], v, 0);
      fprintf(fp, " %14s", b);
      if (i) {
        fmt(b, sizeof b, &rows[k], isnan(base) || isnan(v) ? NAN : v - base, 1);
        fprintf(fp, " %11s", b);
      }
    }
    fputc('\n', fp);
  }
  for (int i = 1; i < c->nruns; i++) {
    int nunits = 0, nmoney = 0;
    for (int k = 0; k < c->ncells[i]; k++)
      *(c->cells[i][k].source < 0 ? &nunits : &nmoney) += 1;
    fprintf(fp, "\nChanged against the baseline in %s: %d money cell%s, %d unit cell%s\n", kc_compare_name(c, i),
            nmoney, nmoney == 1 ? "" : "s", nunits, nunits == 1 ? "" : "s");
    for (int k = 0; k < c->ncells[i]; k++) {
      const kc_compare_cell *x = &c->cells[i][k];
      if (x->source < 0)
        fprintf(fp, "  %s %d: %g → %g units (%+g)\n", x->activity, x->year, x->baseline, x->scenario,
                x->scenario - x->baseline);
    }
    for (int k = 0; k < c->ncells[i]; k++) {
      const kc_compare_cell *x = &c->cells[i][k];
      if (x->source >= 0)
        fprintf(fp, "  %s %d %s: %.3f → %.3f (%+.3f)\n", x->activity, x->year, c->runs[0].m.src[x->source].id,
                x->baseline / 1000.0, x->scenario / 1000.0, (x->scenario - x->baseline) / 1000.0);
    }
  }
  for (int i = 1; i < c->nruns; i++) {
    switch_out o = {fp, kc_compare_name(c, i), 0};
    proposal_switches(c, i, switch_line, &o);
  }
  for (int i = 0; i < c->nruns; i++) {
    char run[400];
    snprintf(run, sizeof run, i ? "with %s" : "without the compared scenarios", kc_compare_name(c, i));
    if (c->runs[i].m.has_baseline && c->runs[i].has_plan)
      kc_write_changes_table(fp, &c->runs[i].m, &c->runs[i].p, run);
  }
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
