/* compare.c — solving the runs of a comparison and finding what changed against the baseline
 * (compare_out.c renders it). */
#include "study/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

/* ---------- solving and the changed cells ---------- */

static double cell(const kc_run *x, const char *act, int year, const char *src, int units) {
  int a = kc_find_activity(&x->m, act), s = units ? 0 : kc_find_source(&x->m, src);
  int yi = year - x->m.first_year;
  if (!x->has_plan || a < 0 || s < 0 || yi < 0 || yi >= x->p.ny)
    return 0;
  return units ? x->p.units[a * x->p.ny + yi] : (double)x->p.milli[(a * x->p.ny + yi) * x->p.nsrc + s];
}

/* Adds every activity id of x not yet in ids (a scenario may exclude activities). */
static int collect_ids(const kc_run *x, const char **ids, int n) {
  for (int a = 0; a < x->m.nact; a++) {
    int seen = 0;
    for (int i = 0; i < n && !seen; i++)
      seen = strcmp(ids[i], x->m.act[a].id) == 0;
    if (!seen)
      ids[n++] = x->m.act[a].id;
  }
  return n;
}

/* The cells of x that differ from b's, activity by activity and year by year (units, then each
 * source's money). -1 when out of memory. */
static int changed_cells(const kc_run *b, const kc_run *x, kc_compare_cell **out) {
  const char **ids = malloc((size_t)(b->m.nact + x->m.nact + 1) * sizeof *ids);
  int n = 0, cap = 0;
  kc_compare_cell *cs = NULL;
  *out = NULL;
  if (!ids)
    return -1;
  int nid = collect_ids(x, ids, collect_ids(b, ids, 0));
  for (int i = 0; i < nid; i++)
    for (int y = b->m.first_year; y <= b->m.last_year; y++)
      for (int s = -1; s < b->m.nsrc; s++) {
        const char *src = s < 0 ? NULL : b->m.src[s].id;
        double v0 = cell(b, ids[i], y, src, s < 0), v1 = cell(x, ids[i], y, src, s < 0);
        if (v0 == v1)
          continue;
        if (n == cap) {
          cap = cap ? 2 * cap : 16;
          kc_compare_cell *nc = realloc(cs, (size_t)cap * sizeof *nc);
          if (!nc) {
            free(cs);
            free(ids);
            return -1;
          }
          cs = nc;
        }
        /* the id outlives ids: it belongs to b's or x's model */
        cs[n++] = (kc_compare_cell){.activity = ids[i], .year = y, .source = s, .baseline = v0, .scenario = v1};
      }
  free(ids);
  *out = cs;
  return n;
}

kc_rc kc_compare(const kc_model *base, const char *const *scenarios, int n, const kc_solve_opts *o, kc_comparison *out,
                 kc_error *err) {
  memset(out, 0, sizeof *out);
  out->runs = calloc((size_t)n + 1, sizeof *out->runs);
  out->cells = calloc((size_t)n + 1, sizeof *out->cells);
  out->ncells = calloc((size_t)n + 1, sizeof *out->ncells);
  out->files = scenarios;
  if (!out->runs || !out->cells || !out->ncells) {
    kc_comparison_free(out);
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  }
  out->nruns = n + 1;
  kc_rc rc = KC_OK;
  for (int i = 0; i <= n && rc == KC_OK; i++) {
    kc_run_opts ro = {.files = i ? &scenarios[i - 1] : NULL, .nfiles = i > 0, .skip_reasons = 1};
    if (o)
      ro.solve = *o;
    rc = kc_run_model(base, &ro, &out->runs[i], err);
  }
  for (int i = 1; i <= n && rc == KC_OK; i++)
    if ((out->ncells[i] = changed_cells(&out->runs[0], &out->runs[i], &out->cells[i])) < 0)
      rc = kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  if (rc != KC_OK)
    kc_comparison_free(out);
  return rc;
}

void kc_comparison_free(kc_comparison *c) {
  for (int i = 0; c->runs && i < c->nruns; i++)
    kc_run_free(&c->runs[i]);
  for (int i = 0; c->cells && i < c->nruns; i++)
    free(c->cells[i]);
  free(c->runs);
  free(c->cells);
  free(c->ncells);
  memset(c, 0, sizeof *c);
}

const char *kc_compare_name(const kc_comparison *c, int i) {
  return i ? c->runs[i].m.scen_name[c->runs[i].m.nscen - 1] : "baseline";
}
