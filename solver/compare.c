/* compare.c — solving the runs of a comparison and finding what changed against the baseline. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "plan.h"
#include "run.h"

static long long cell_milli(const kc_run *x, const char *act, int year, const char *src) {
  int a = kc_find_activity(&x->m, act), s = kc_find_source(&x->m, src);
  int yi = year - x->m.first_year;
  if (!x->has_plan || a < 0 || s < 0 || yi < 0 || yi >= x->p.ny)
    return 0;
  return x->p.milli[(a * x->p.ny + yi) * x->p.nsrc + s];
}

static double cell_units(const kc_run *x, const char *act, int year) {
  int a = kc_find_activity(&x->m, act), yi = year - x->m.first_year;
  if (!x->has_plan || a < 0 || yi < 0 || yi >= x->p.ny)
    return 0;
  return x->p.units[a * x->p.ny + yi];
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

static cJSON *changes(const kc_run *b, const kc_run *x, const char *name) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "scenario", name);
  cJSON *cells = cJSON_AddArrayToObject(o, "cells");
  cJSON *units = cJSON_AddArrayToObject(o, "units");
  const char **ids = malloc((size_t)(b->m.nact + x->m.nact + 1) * sizeof *ids);
  if (!ids)
    return o;
  int n = collect_ids(x, ids, collect_ids(b, ids, 0));
  for (int i = 0; i < n; i++)
    for (int y = b->m.first_year; y <= b->m.last_year; y++) {
      double u0 = cell_units(b, ids[i], y), u1 = cell_units(x, ids[i], y);
      if (u0 != u1) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddItemToArray(units, c);
        cJSON_AddStringToObject(c, "activity", ids[i]);
        cJSON_AddNumberToObject(c, "year", y);
        cJSON_AddNumberToObject(c, "baseline", u0);
        cJSON_AddNumberToObject(c, "scenario", u1);
        cJSON_AddNumberToObject(c, "delta", u1 - u0);
      }
      for (int s = 0; s < b->m.nsrc; s++) {
        long long m0 = cell_milli(b, ids[i], y, b->m.src[s].id), m1 = cell_milli(x, ids[i], y, b->m.src[s].id);
        if (m0 == m1)
          continue;
        cJSON *c = cJSON_CreateObject();
        cJSON_AddItemToArray(cells, c);
        cJSON_AddStringToObject(c, "activity", ids[i]);
        cJSON_AddNumberToObject(c, "year", y);
        cJSON_AddStringToObject(c, "source", b->m.src[s].id);
        cJSON_AddNumberToObject(c, "baseline", (double)m0 / 1000.0);
        cJSON_AddNumberToObject(c, "scenario", (double)m1 / 1000.0);
        cJSON_AddNumberToObject(c, "delta", (double)(m1 - m0) / 1000.0);
      }
    }
  free(ids);
  return o;
}

/* One run's entry: name, file and the parts of its summary that are compared. */
static cJSON *run_json(const kc_run *x, const char *name, const char *file) {
  cJSON *s = kc_summary_json(&x->m, &x->r, x->has_plan ? &x->p : NULL, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", name);
  if (file)
    cJSON_AddStringToObject(o, "file", file);
  else
    cJSON_AddNullToObject(o, "file");
  const char *keep[] = {"status", "objective", "sources", "attainment"};
  for (size_t i = 0; s && i < sizeof keep / sizeof keep[0]; i++)
    cJSON_AddItemToObject(o, keep[i], cJSON_DetachItemFromObjectCaseSensitive(s, keep[i]));
  cJSON_Delete(s);
  return o;
}

kc_rc kc_compare(const kc_model *base, const char *const *scenarios, int n, const kc_solve_opts *o, cJSON **out,
                 kc_error *err) {
  *out = NULL;
  kc_run *runs = calloc((size_t)n + 1, sizeof *runs);
  if (!runs)
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  kc_rc rc = KC_OK;
  for (int i = 0; i <= n && rc == KC_OK; i++) {
    kc_run_opts ro = {.files = i ? &scenarios[i - 1] : NULL, .nfiles = i > 0};
    if (o)
      ro.solve = *o;
    rc = kc_run_model(base, &ro, &runs[i], err);
  }
  if (rc == KC_OK) {
    cJSON *root = cJSON_CreateObject();
    cJSON *ra = cJSON_AddArrayToObject(root, "runs");
    cJSON *ca = cJSON_AddArrayToObject(root, "changes");
    for (int i = 0; i <= n; i++) {
      const char *name = i ? runs[i].m.scen_name[runs[i].m.nscen - 1] : "baseline";
      cJSON_AddItemToArray(ra, run_json(&runs[i], name, i ? scenarios[i - 1] : NULL));
      if (i)
        cJSON_AddItemToArray(ca, changes(&runs[0], &runs[i], name));
    }
    *out = root;
  }
  for (int i = 0; i <= n; i++)
    kc_run_free(&runs[i]);
  free(runs);
  return rc;
}
