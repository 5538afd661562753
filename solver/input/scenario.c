/* scenario.c — applying scenario JSON to a model, with strict keys and types. */
#define _POSIX_C_SOURCE 200809L
#include "input/scenario.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvtab.h"
#include "core/fileio.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/text.h"
#include "core/utf8.h"

typedef struct {
  kc_model *m;
  kc_json_doc d; /* the scenario's name in messages, where its members stand, the error */
  int tag;       /* line value marking records this scenario changed: -(index + 1) */
} ctx;

static kc_rc fail(const ctx *c, const char *keypath, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static kc_rc fail(const ctx *c, const char *keypath, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kc_rc rc = kc_json_vfail(c->d.err, c->d.path, c->d.lines, keypath, 1, fmt, ap);
  va_end(ap);
  return rc;
}

/* "the model has no source (or activity) \"ID\"", with the id it most likely misspells and the ids
 * there are: sources when sources, else the activities (not the proposals). */
static kc_rc no_such(const ctx *c, const char *where, const char *id, bool sources) {
  const kc_model *m = c->m;
  int n = sources ? m->nsrc : m->nact - kc_model_proposals(m);
  const char **ids = malloc(((size_t)n + 1) * sizeof *ids);
  char hint[700] = "";
  if (ids) {
    for (int i = 0; i < n; i++)
      ids[i] = sources ? m->src[i].id : m->act[i].id;
    kc_suggest(id, ids, n, sources ? _("sources are") : _("activities are"), hint, sizeof hint);
    free(ids);
  }
  return fail(c, where, sources ? N_("the model has no source \"%s\"%s") : N_("the model has no activity \"%s\"%s"), id,
              hint);
}

/* ---------- program and objective ---------- */

/* The programme settings price_growth, price_base_year and carry_over of o, where present, into m;
 * where is their key path's prefix ("" in program.json, "program" in a scenario). */
static kc_rc read_program(ctx *c, const cJSON *o, const char *where) {
  char kp[3][64];
  const char *dot = where[0] ? "." : "";
  snprintf(kp[0], sizeof kp[0], "%s%sprice_growth", where, dot);
  snprintf(kp[1], sizeof kp[1], "%s%sprice_base_year", where, dot);
  snprintf(kp[2], sizeof kp[2], "%s%scarry_over", where, dot);
  kc_rc rc = KC_OK;
  const cJSON *v;
  if ((v = cJSON_GetObjectItemCaseSensitive(o, "price_growth")))
    rc = kc_json_number(&c->d, v, kp[0], -0.999999, 10, &c->m->price_growth);
  if (rc == KC_OK && (v = cJSON_GetObjectItemCaseSensitive(o, "price_base_year")))
    rc = kc_json_whole(&c->d, v, kp[1], KC_YEAR_MIN - 100, KC_YEAR_MAX + 100, &c->m->price_base_year);
  if (rc == KC_OK && (v = cJSON_GetObjectItemCaseSensitive(o, "carry_over"))) {
    if (!cJSON_IsBool(v))
      return fail(c, kp[2], "must be true or false");
    c->m->carry_over = cJSON_IsTrue(v);
  }
  return rc;
}

static kc_rc apply_program(ctx *c, const cJSON *o) {
  static const char *const keys[] = {"price_growth", "price_base_year", "carry_over", NULL};
  kc_rc rc = kc_json_keys(&c->d, o, "program", keys);
  return rc == KC_OK ? read_program(c, o, "program") : rc;
}

/* One of words as the value of keypath, or the message listing them. */
static kc_rc one_word(const ctx *c, const cJSON *v, const char *keypath, const char *const *words, int *out) {
  int i = kc_word_index(words, cJSON_IsString(v) ? v->valuestring : NULL);
  if (i >= 0) {
    *out = i;
    return KC_OK;
  }
  char list[120] = "";
  for (int k = 0; words[k]; k++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"",
             k == 0         ? ""
             : words[k + 1] ? ", "
                            : _(" or "),
             words[k]);
  return fail(c, keypath, "must be %s", list);
}

static kc_rc apply_objective(ctx *c, const cJSON *o) {
  static const char *const keys[] = {"attainment", "source_preference", "timing", NULL};
  kc_rc rc = kc_json_keys(&c->d, o, "objective", keys);
  kc_model *m = c->m;
  const cJSON *v;
  int w;
  if (rc == KC_OK && (v = cJSON_GetObjectItemCaseSensitive(o, "attainment")) &&
      (rc = one_word(c, v, "objective.attainment", kc_attainment_words, &w)) == KC_OK)
    m->attainment = (kc_attainment)w;
  if (rc == KC_OK && (v = cJSON_GetObjectItemCaseSensitive(o, "timing")) &&
      (rc = one_word(c, v, "objective.timing", kc_timing_words, &w)) == KC_OK)
    m->timing = (kc_timing)w;
  if (rc != KC_OK || !(v = cJSON_GetObjectItemCaseSensitive(o, "source_preference")))
    return rc;
  if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != m->nsrc)
    return fail(c, "objective.source_preference", "must list every source id exactly once (%d of them)", m->nsrc);
  int *order = malloc((size_t)m->nsrc * sizeof *order), i = 0;
  if (!order)
    return kc_fail(c->d.err, KC_ERR_INTERNAL, c->d.path, 0, 0, "out of memory");
  const cJSON *it;
  cJSON_ArrayForEach(it, v) {
    char kp[64];
    snprintf(kp, sizeof kp, "objective.source_preference[%d]", i);
    int s = cJSON_IsString(it) ? kc_find_source(m, it->valuestring) : -1;
    for (int k = 0; s >= 0 && k < i && rc == KC_OK; k++)
      if (order[k] == s)
        rc = fail(c, kp, "lists \"%s\" twice", m->src[s].id);
    if (rc == KC_OK && s < 0)
      rc = no_such(c, kp, cJSON_IsString(it) ? it->valuestring : "(not a string)", true);
    if (rc != KC_OK)
      break;
    order[i++] = s;
  }
  if (rc == KC_OK)
    memcpy(m->preference, order, (size_t)m->nsrc * sizeof *order);
  free(order);
  return rc;
}

kc_rc kc_scenario_program(kc_model *m, const cJSON *root, const kc_json_doc *d) {
  ctx c = {.m = m, .d = *d};
  return read_program(&c, root, "");
}

kc_rc kc_scenario_objective(kc_model *m, const cJSON *obj, const kc_json_doc *d) {
  ctx c = {.m = m, .d = *d};
  return apply_objective(&c, obj);
}

/* ---------- sources and annual ceilings ---------- */

static kc_rc apply_sources(ctx *c, const cJSON *o) {
  kc_model *m = c->m;
  int ny = kc_nyears(m);
  if (!cJSON_IsObject(o))
    return fail(c, "sources", "must be an object keyed by source id");
  for (const cJSON *it = o->child; it; it = it->next) {
    if (it->string[0] == '_')
      continue;
    char where[200], kp[300];
    snprintf(where, sizeof where, "sources.%s", it->string);
    int s = kc_find_source(m, it->string);
    if (s < 0)
      return no_such(c, where, it->string, true);
    static const char *const keys[] = {"ceiling", "ceiling_scale", "annual_scale", NULL};
    kc_rc rc = kc_json_keys(&c->d, it, where, keys);
    if (rc != KC_OK)
      return rc;
    const cJSON *v;
    double x;
    if ((v = cJSON_GetObjectItemCaseSensitive(it, "ceiling"))) {
      snprintf(kp, sizeof kp, "%s.ceiling", where);
      if (cJSON_IsNull(v)) {
        m->src[s].has_ceiling = false;
      } else {
        if ((rc = kc_json_number(&c->d, v, kp, 0, 1e12, &x)) != KC_OK)
          return rc;
        m->src[s].has_ceiling = true;
        m->src[s].ceiling = x;
      }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(it, "ceiling_scale"))) {
      snprintf(kp, sizeof kp, "%s.ceiling_scale", where);
      if ((rc = kc_json_number(&c->d, v, kp, 0, 1e6, &x)) != KC_OK)
        return rc;
      m->src[s].ceiling *= x;
      for (int yi = 0; yi < ny; yi++)
        m->annual[s * ny + yi] *= x;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(it, "annual_scale"))) {
      snprintf(kp, sizeof kp, "%s.annual_scale", where);
      if ((rc = kc_json_number(&c->d, v, kp, 0, 1e6, &x)) != KC_OK)
        return rc;
      if (!m->has_annual[s])
        return fail(c, kp, "source \"%s\" has no annual ceilings to scale", it->string);
      for (int yi = 0; yi < ny; yi++)
        m->annual[s * ny + yi] *= x;
    }
  }
  return KC_OK;
}

static kc_rc apply_annual(ctx *c, const cJSON *arr) {
  kc_model *m = c->m;
  int ny = kc_nyears(m), i = 0;
  if (!cJSON_IsArray(arr))
    return fail(c, "annual_ceilings", "must be an array of {source, year, ceiling}");
  const cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    char where[64], kp[100];
    snprintf(where, sizeof where, "annual_ceilings[%d]", i++);
    static const char *const keys[] = {"source", "year", "ceiling", NULL};
    const char *sid = NULL;
    int y = 0;
    double v;
    kc_rc rc = kc_json_keys(&c->d, it, where, keys);
    if (rc == KC_OK)
      rc = kc_json_string(&c->d, it, "source", where, &sid);
    if (rc != KC_OK)
      return rc;
    int s = kc_find_source(m, sid);
    if (s < 0)
      return no_such(c, where, sid, true);
    snprintf(kp, sizeof kp, "%s.year", where);
    const cJSON *jy = cJSON_GetObjectItemCaseSensitive(it, "year");
    if (!jy)
      return fail(c, kp, "is required");
    if ((rc = kc_json_whole(&c->d, jy, kp, KC_YEAR_MIN, KC_YEAR_MAX, &y)) != KC_OK)
      return rc;
    if (y < m->first_year || y > m->last_year)
      return fail(c, kp, "%d is outside the horizon %d-%d", y, m->first_year, m->last_year);
    snprintf(kp, sizeof kp, "%s.ceiling", where);
    const cJSON *jc = cJSON_GetObjectItemCaseSensitive(it, "ceiling");
    if (!jc)
      return fail(c, kp, "is required");
    if ((rc = kc_json_number(&c->d, jc, kp, 0, 1e12, &v)) != KC_OK)
      return rc;
    if (!m->has_annual[s]) { /* a source gaining annual ceilings needs every year: checked afterwards */
      m->has_annual[s] = true;
      for (int k = 0; k < ny; k++)
        m->annual[s * ny + k] = NAN;
    }
    m->annual[s * ny + y - m->first_year] = v;
    m->annual_line[s * ny + y - m->first_year] = c->tag;
  }
  return KC_OK;
}

/* ---------- activities ---------- */

static kc_rc set_text(ctx *c, const cJSON *v, const char *kp, char **field, const char *def) {
  if (!cJSON_IsNull(v) && !cJSON_IsString(v))
    return fail(c, kp, "must be a string or null");
  char *d = strdup(cJSON_IsNull(v) ? def : v->valuestring);
  if (!d)
    return kc_fail(c->d.err, KC_ERR_INTERNAL, c->d.path, 0, 0, "out of memory");
  free(*field);
  *field = d;
  return KC_OK;
}

static kc_rc set_disbursement(ctx *c, const cJSON *v, const char *kp, kc_activity *ac) {
  double vals[KC_MAX_YEARS];
  int n = 0;
  if (cJSON_IsNull(v)) {
    vals[n++] = 1.0;
  } else if (cJSON_IsArray(v)) {
    const cJSON *it;
    cJSON_ArrayForEach(it, v) {
      if (!cJSON_IsNumber(it) || n == KC_MAX_YEARS)
        return fail(c, kp, "must list at most %d numbers", KC_MAX_YEARS);
      vals[n++] = it->valuedouble;
    }
  } else if (cJSON_IsString(v)) {
    char *end;
    const char *p = v->valuestring;
    while (*p) {
      while (*p == ' ')
        p++;
      if (!*p)
        break;
      double x = strtod(p, &end);
      if (end == p || n == KC_MAX_YEARS || (*end && *end != ' '))
        return fail(c, kp, "\"%s\" is not a list of fractions such as \"0.4 0.6\"", v->valuestring);
      vals[n++] = x;
      p = end;
    }
  } else {
    return fail(c, kp, "must be a string such as \"0.4 0.6\", an array of numbers, or null");
  }
  double sum = 0;
  for (int k = 0; k < n; k++) {
    if (!isfinite(vals[k]) || vals[k] < 0)
      return fail(c, kp, "fractions must be numbers of at least 0");
    sum += vals[k];
  }
  if (n == 0 || fabs(sum - 1) > 1e-9)
    return fail(c, kp, "the fractions sum to %.10g; they must sum to 1", sum);
  double *d = malloc((size_t)n * sizeof *d);
  if (!d)
    return kc_fail(c->d.err, KC_ERR_INTERNAL, c->d.path, 0, 0, "out of memory");
  memcpy(d, vals, (size_t)n * sizeof *d);
  free(ac->disb);
  ac->disb = d;
  ac->ndisb = n;
  return KC_OK;
}

/* Sets column k of ac from the scenario value v (null restores its default, or empties an optional
 * column). */
static kc_rc set_column(ctx *c, const kc_act_col *k, const cJSON *v, const char *kp, kc_activity *ac) {
  if (k->kind == KC_COL_TEXT)
    return set_text(c, v, kp, (char **)((char *)ac + k->off), k->def_text ? k->def_text : ac->id);
  if (k->kind == KC_COL_PROFILE)
    return set_disbursement(c, v, kp, ac);
  if (cJSON_IsNull(v)) {
    if (k->required)
      return fail(c, kp, "%s is required and has no default", k->name);
    kc_act_col_set(k, ac, k->def, false);
    return KC_OK;
  }
  if (k->kind == KC_COL_FLAG) {
    if (!cJSON_IsBool(v) && !(cJSON_IsNumber(v) && (v->valuedouble == 0 || v->valuedouble == 1)))
      return fail(c, kp, "must be 0, 1, true, false or null");
    kc_act_col_set(k, ac, cJSON_IsTrue(v) || (cJSON_IsNumber(v) && v->valuedouble == 1), true);
    return KC_OK;
  }
  if (cJSON_IsNumber(v) && !isfinite(v->valuedouble))
    return fail(c, kp, "is too large: not a finite number");
  if (!cJSON_IsNumber(v))
    return fail(c, kp, "must be a number or null");
  kc_act_col_set(k, ac, v->valuedouble, true);
  return KC_OK;
}

/* Applies activities.ID: every column of the table (not the id), plus unit_cost_scale and exclude. */
static kc_rc apply_activity(ctx *c, int a, const cJSON *o, const char *where, bool *exclude) {
  if (!cJSON_IsObject(o))
    return fail(c, where, "must be an object");
  kc_activity *ac = &c->m->act[a];
  kc_rc rc = KC_OK;
  for (const cJSON *v = o->child; rc == KC_OK && v; v = v->next) {
    const char *k = v->string;
    char kp[300];
    snprintf(kp, sizeof kp, "%s.%s", where, k);
    const kc_act_col *col = kc_act_col_find(k);
    if (k[0] == '_' || strcmp(k, "unit_cost_scale") == 0 || strcmp(k, "exclude") == 0)
      continue;
    if (col && col->kind != KC_COL_ID) {
      rc = set_column(c, col, v, kp, ac);
      continue;
    }
    const char *keys[KC_ACT_NCOLS + 3];
    int nk = 0;
    for (int i = 0; i < KC_ACT_NCOLS; i++)
      if (kc_act_cols[i].kind != KC_COL_ID)
        keys[nk++] = kc_act_cols[i].name;
    keys[nk++] = "unit_cost_scale";
    keys[nk++] = "exclude";
    char hint[600];
    kc_suggest(k, keys, nk, _("keys are"), hint, sizeof hint);
    rc = fail(c, kp, "unknown key \"%s\"%s", k, hint);
  }
  const cJSON *v;
  if (rc == KC_OK && (v = cJSON_GetObjectItemCaseSensitive(o, "unit_cost_scale"))) {
    char kp[300];
    double x;
    snprintf(kp, sizeof kp, "%s.unit_cost_scale", where);
    if ((rc = kc_json_number(&c->d, v, kp, 1e-9, 1e6, &x)) == KC_OK)
      ac->unit_cost *= x;
  }
  if (rc == KC_OK && (v = cJSON_GetObjectItemCaseSensitive(o, "exclude"))) {
    if (!cJSON_IsBool(v))
      return fail(c, where, "exclude must be true or false");
    *exclude = cJSON_IsTrue(v);
  }
  ac->line = c->tag;
  return rc;
}

/* True when activity a has units or money recorded in a closed year. */
static bool recorded(const kc_model *m, int a) {
  int ny = kc_nyears(m);
  for (int yi = 0; yi < m->nclosed; yi++) {
    if (m->act_units[a * ny + yi] != 0)
      return true;
    for (int s = 0; s < m->nsrc; s++)
      if (m->act_milli[(size_t)(a * ny + yi) * m->nsrc + s] != 0)
        return true;
  }
  return false;
}

/* Removes the activities marked in drop, with their targets and eligibility rows (and their rows of
 * the actuals, which hold nothing: recorded activities cannot be excluded). */
static kc_rc drop_activities(kc_model *m, const bool *drop) {
  int ns = m->nsrc, na = 0, nt = 0;
  int *newidx = malloc((size_t)m->nact * sizeof *newidx);
  if (!newidx)
    return KC_ERR_INTERNAL;
  for (int a = 0; a < m->nact; a++) {
    if (drop[a]) {
      kc_activity_free(&m->act[a]);
      newidx[a] = -1;
      continue;
    }
    newidx[a] = na;
    m->act[na] = m->act[a];
    if (m->act[na].proposal) /* its parent comes before it and stays */
      m->act[na].parent = newidx[m->act[na].parent];
    memmove(&m->max_share[na * ns], &m->max_share[a * ns], (size_t)ns * sizeof *m->max_share);
    memmove(&m->min_share[na * ns], &m->min_share[a * ns], (size_t)ns * sizeof *m->min_share);
    memmove(&m->elig_line[na * ns], &m->elig_line[a * ns], (size_t)ns * sizeof *m->elig_line);
    if (m->act_units) {
      int ny = kc_nyears(m);
      memmove(&m->act_units[na * ny], &m->act_units[a * ny], (size_t)ny * sizeof *m->act_units);
      memmove(&m->act_line[na * ny], &m->act_line[a * ny], (size_t)ny * sizeof *m->act_line);
      memmove(&m->act_milli[(size_t)na * ny * ns], &m->act_milli[(size_t)a * ny * ns],
              (size_t)ny * ns * sizeof *m->act_milli);
    }
    if (m->base_units) {
      int ny = kc_nyears(m);
      memmove(&m->base_units[na * ny], &m->base_units[a * ny], (size_t)ny * sizeof *m->base_units);
      memmove(&m->base_milli[(size_t)na * ny * ns], &m->base_milli[(size_t)a * ny * ns],
              (size_t)ny * ns * sizeof *m->base_milli);
    }
    na++;
  }
  for (int t = 0; t < m->ntgt; t++)
    if (newidx[m->tgt[t].activity] >= 0) {
      m->tgt[nt] = m->tgt[t];
      m->tgt[nt++].activity = newidx[m->tgt[t].activity];
    }
  m->nact = na;
  m->ntgt = nt;
  free(newidx);
  kc_model_index(m); /* out of memory leaves the lookups linear, still right */
  return KC_OK;
}

static kc_rc apply_activities(ctx *c, const cJSON *o) {
  kc_model *m = c->m;
  if (!cJSON_IsObject(o))
    return fail(c, "activities", "must be an object keyed by activity id");
  bool *drop = calloc((size_t)m->nact, sizeof *drop);
  if (!drop)
    return kc_fail(c->d.err, KC_ERR_INTERNAL, c->d.path, 0, 0, "out of memory");
  kc_rc rc = KC_OK;
  int ndrop = 0;
  for (const cJSON *it = o->child; rc == KC_OK && it; it = it->next) {
    if (it->string[0] == '_')
      continue;
    char where[200];
    snprintf(where, sizeof where, "activities.%s", it->string);
    int a = kc_find_activity(m, it->string);
    if (a < 0)
      rc = no_such(c, where, it->string, false);
    else if (m->act[a].proposal)
      rc = fail(c, where, "\"%s\" is a proposal (proposals.csv), not an activity", it->string);
    else
      rc = apply_activity(c, a, it, where, &drop[a]);
    if (rc == KC_OK && a >= 0 && drop[a] && recorded(m, a))
      rc = fail(c, where, "\"%s\" has units or money recorded in the closed years (actuals): it cannot be excluded",
                it->string);
  }
  for (int a = 0; a < m->nact; a++) {
    drop[a] |= m->act[a].proposal && drop[m->act[a].parent]; /* an excluded activity's proposals go with it */
    ndrop += drop[a];
  }
  if (rc == KC_OK && ndrop == m->nact)
    rc = fail(c, "activities", "every activity is excluded: nothing is left to plan");
  if (rc == KC_OK && ndrop && drop_activities(m, drop) != KC_OK)
    rc = kc_fail(c->d.err, KC_ERR_INTERNAL, c->d.path, 0, 0, "out of memory");
  free(drop);
  return rc;
}

/* ---------- proposals ---------- */

/* p (NULL stays NULL) grown to n items of size bytes, the new ones from `from` zeroed; on failure p
 * itself, still valid, and *ok cleared. */
static void *grow(void *p, size_t from, size_t n, size_t size, int *ok) {
  char *q = p && *ok ? realloc(p, n * size) : NULL;
  if (!q) {
    *ok &= !p;
    return p;
  }
  memset(q + from * size, 0, (n - from) * size);
  return q;
}

/* Appends a zeroed activity (a proposal) with the per-activity rows of every table (its eligibility
 * rows are filled by kc_model_sync_proposals); KC_ERR_INTERNAL when out of memory. */
static kc_rc grow_activities(ctx *c) {
  kc_model *m = c->m;
  size_t na = (size_t)m->nact, ns = (size_t)m->nsrc, ny = (size_t)kc_nyears(m);
  int ok = 1;
  m->act = grow(m->act, na, na + 1, sizeof *m->act, &ok);
  m->max_share = grow(m->max_share, na * ns, (na + 1) * ns, sizeof *m->max_share, &ok);
  m->min_share = grow(m->min_share, na * ns, (na + 1) * ns, sizeof *m->min_share, &ok);
  m->elig_line = grow(m->elig_line, na * ns, (na + 1) * ns, sizeof *m->elig_line, &ok);
  m->act_units = grow(m->act_units, na * ny, (na + 1) * ny, sizeof *m->act_units, &ok);
  m->act_line = grow(m->act_line, na * ny, (na + 1) * ny, sizeof *m->act_line, &ok);
  m->act_milli = grow(m->act_milli, na * ny * ns, (na + 1) * ny * ns, sizeof *m->act_milli, &ok);
  m->base_units = grow(m->base_units, na * ny, (na + 1) * ny, sizeof *m->base_units, &ok);
  m->base_milli = grow(m->base_milli, na * ny * ns, (na + 1) * ny * ns, sizeof *m->base_milli, &ok);
  if (!ok)
    return kc_fail(c->d.err, KC_ERR_INTERNAL, c->d.path, 0, 0, "out of memory");
  m->nact++;
  return KC_OK;
}

/* A new proposal id: [a-z0-9_]+, not an activity's. Adds it as the last activity, with the defaults
 * of proposals.csv; the scenario must give its activity and cost. */
static kc_rc add_proposal(ctx *c, const char *id, const cJSON *o, const char *where) {
  kc_model *m = c->m;
  if (!kc_valid_id(id))
    return fail(c, where, "a new proposal's id must be 1 to %d characters of a-z, 0-9 and _", KC_MAX_ID);
  if (!cJSON_IsObject(o) || !cJSON_GetObjectItemCaseSensitive(o, "activity") ||
      !cJSON_GetObjectItemCaseSensitive(o, "cost"))
    return fail(c, where, "the model has no proposal \"%s\"; a new one needs at least \"activity\" and \"cost\"", id);
  kc_rc rc = grow_activities(c);
  if (rc != KC_OK)
    return rc;
  kc_activity *ac = &m->act[m->nact - 1];
  ac->proposal = true;
  ac->yield = 1;
  ac->win_first = m->first_year;
  ac->id = strdup(id);
  ac->name = strdup(id);
  ac->owner = strdup("");
  if (!ac->id || !ac->name || !ac->owner)
    return kc_fail(c->d.err, KC_ERR_INTERNAL, c->d.path, 0, 0, "out of memory");
  kc_model_index(m);
  return KC_OK;
}

/* Applies proposals.ID: any column of proposals.csv but the id (null restores a default), plus
 * cost_scale and exclude. */
static kc_rc apply_proposal(ctx *c, int p, const cJSON *o, const char *where, bool *exclude) {
  kc_model *m = c->m;
  kc_activity *ac = &m->act[p];
  static const char *const keys[] = {"name",       "activity",  "units", "cost",  "cost_scale", "disbursement",
                                     "first_year", "last_year", "score", "owner", "exclude",    NULL};
  kc_rc rc = kc_json_keys(&c->d, o, where, keys);
  char kp[300];
  const cJSON *v;
#define KEY(k) (snprintf(kp, sizeof kp, "%s.%s", where, k), cJSON_GetObjectItemCaseSensitive(o, k))
  if (rc == KC_OK && (v = KEY("name")))
    rc = set_text(c, v, kp, &ac->name, ac->id);
  if (rc == KC_OK && (v = KEY("owner")))
    rc = set_text(c, v, kp, &ac->owner, "");
  if (rc == KC_OK && (v = KEY("activity"))) {
    int a = cJSON_IsString(v) ? kc_find_activity(m, v->valuestring) : -1;
    if (a < 0 || m->act[a].proposal)
      rc = fail(c, kp, "must name an activity of activities.csv");
    else
      ac->parent = a;
  }
  if (rc == KC_OK && (v = KEY("units")))
    rc = cJSON_IsNull(v) ? (ac->yield = 1, KC_OK) : kc_json_number(&c->d, v, kp, 1e-9, 1e9, &ac->yield);
  if (rc == KC_OK && (v = KEY("cost")))
    rc = kc_json_number(&c->d, v, kp, 1e-9, 1e12, &ac->unit_cost);
  if (rc == KC_OK && (v = KEY("cost_scale"))) {
    double x;
    if ((rc = kc_json_number(&c->d, v, kp, 1e-9, 1e6, &x)) == KC_OK)
      ac->unit_cost *= x;
  }
  if (rc == KC_OK && (v = KEY("score")))
    rc = cJSON_IsNull(v) ? (ac->score = 0, KC_OK) : kc_json_number(&c->d, v, kp, 0, 1e9, &ac->score);
  if (rc == KC_OK && (v = KEY("first_year")))
    rc = cJSON_IsNull(v) ? (ac->win_first = m->first_year, KC_OK)
                         : kc_json_whole(&c->d, v, kp, m->first_year, m->last_year, &ac->win_first);
  if (rc == KC_OK && (v = KEY("last_year"))) {
    ac->own_last = !cJSON_IsNull(v);
    if (ac->own_last)
      rc = kc_json_whole(&c->d, v, kp, m->first_year, m->last_year, &ac->win_last);
  }
  if (rc == KC_OK && (v = KEY("disbursement"))) {
    ac->own_disb = !cJSON_IsNull(v); /* null: its activity's again (kc_model_sync_proposals) */
    if (ac->own_disb)
      rc = set_disbursement(c, v, kp, ac);
  }
  if (rc == KC_OK && (v = KEY("exclude"))) {
    if (!cJSON_IsBool(v))
      rc = fail(c, kp, "must be true or false");
    else
      *exclude = cJSON_IsTrue(v);
  }
#undef KEY
  ac->line = c->tag;
  return rc;
}

static kc_rc apply_proposals(ctx *c, const cJSON *o) {
  kc_model *m = c->m;
  if (!cJSON_IsObject(o))
    return fail(c, "proposals", "must be an object keyed by proposal id");
  kc_rc rc = KC_OK;
  for (const cJSON *it = o->child; rc == KC_OK && it; it = it->next) { /* new proposals first */
    char where[200];
    snprintf(where, sizeof where, "proposals.%s", it->string);
    int p = kc_find_activity(m, it->string);
    if (it->string[0] == '_')
      continue;
    if (p >= 0 && !m->act[p].proposal)
      rc = fail(c, where, "\"%s\" is an activity, not a proposal: change it under \"activities\"", it->string);
    else if (p < 0)
      rc = add_proposal(c, it->string, it, where);
  }
  bool *drop = rc == KC_OK ? calloc((size_t)m->nact, sizeof *drop) : NULL;
  if (rc == KC_OK && !drop)
    rc = kc_fail(c->d.err, KC_ERR_INTERNAL, c->d.path, 0, 0, "out of memory");
  int ndrop = 0;
  for (const cJSON *it = o->child; rc == KC_OK && it; it = it->next) {
    if (it->string[0] == '_')
      continue;
    char where[200];
    snprintf(where, sizeof where, "proposals.%s", it->string);
    int p = kc_find_activity(m, it->string);
    rc = apply_proposal(c, p, it, where, &drop[p]);
    if (rc == KC_OK && drop[p] && recorded(m, p))
      rc = fail(c, where, "\"%s\" was started in a closed year (actuals): it cannot be excluded", it->string);
    ndrop += rc == KC_OK && drop[p];
  }
  if (rc == KC_OK && ndrop && drop_activities(m, drop) != KC_OK)
    rc = kc_fail(c->d.err, KC_ERR_INTERNAL, c->d.path, 0, 0, "out of memory");
  free(drop);
  return rc;
}

/* ---------- targets and eligibility ---------- */

/* Replaces or adds target rows. Each row is matched against the targets of its own activity only
 * (chains head[a] -> next[t]), and the array grows geometrically, so a scenario of 100,000 rows
 * applies in linear time. */
static kc_rc apply_targets(ctx *c, const cJSON *arr) {
  kc_model *m = c->m;
  if (!cJSON_IsArray(arr))
    return fail(c, "targets", "must be an array of {activity, first_year, last_year, target}");
  int cap = m->ntgt + cJSON_GetArraySize(arr) + 1;
  int *head = malloc(((size_t)m->nact + 1) * sizeof *head), *next = malloc((size_t)cap * sizeof *next);
  kc_target *grown = realloc(m->tgt, (size_t)cap * sizeof *grown);
  if (grown)
    m->tgt = grown;
  if (!head || !next || !grown) {
    free(head);
    free(next);
    return kc_fail(c->d.err, KC_ERR_INTERNAL, c->d.path, 0, 0, "out of memory");
  }
  for (int a = 0; a < m->nact; a++)
    head[a] = -1;
  for (int u = 0; u < m->ntgt; u++) {
    next[u] = head[m->tgt[u].activity];
    head[m->tgt[u].activity] = u;
  }
  kc_rc rc = KC_OK;
  int i = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    char where[64], kp[100];
    snprintf(where, sizeof where, "targets[%d]", i++);
    static const char *const keys[] = {"activity", "first_year", "last_year", "target", NULL};
    const char *aid = NULL;
    rc = kc_json_keys(&c->d, it, where, keys);
    if (rc == KC_OK)
      rc = kc_json_string(&c->d, it, "activity", where, &aid);
    if (rc != KC_OK)
      break;
    int a = kc_find_activity(m, aid);
    if (a < 0 || m->act[a].proposal) {
      rc = a < 0 ? no_such(c, where, aid, false)
                 : fail(c, where, "\"%s\" is a proposal: its units count toward its activity's targets", aid);
      break;
    }
    kc_target t = {.activity = a, .line = c->tag};
    const char *names[] = {"first_year", "last_year", "target"};
    for (int k = 0; k < 3 && rc == KC_OK; k++) {
      const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, names[k]);
      snprintf(kp, sizeof kp, "%s.%s", where, names[k]);
      if (!v)
        rc = fail(c, kp, "is required");
      else if (k < 2)
        rc = kc_json_whole(&c->d, v, kp, KC_YEAR_MIN, KC_YEAR_MAX, k == 0 ? &t.first_year : &t.last_year);
      else
        rc = kc_json_number(&c->d, v, kp, 1e-12, 1e9, &t.target);
    }
    if (rc != KC_OK)
      break;
    int found = -1;
    for (int u = head[a]; u >= 0 && found < 0; u = next[u])
      if (m->tgt[u].first_year == t.first_year && m->tgt[u].last_year == t.last_year)
        found = u;
    if (found < 0) { /* a new row: cap was sized for every row of the array */
      found = m->ntgt++;
      next[found] = head[a];
      head[a] = found;
    }
    m->tgt[found] = t;
  }
  free(head);
  free(next);
  return rc;
}

static kc_rc apply_eligibility(ctx *c, const cJSON *arr) {
  kc_model *m = c->m;
  if (!cJSON_IsArray(arr))
    return fail(c, "eligibility", "must be an array of {activity, source, max_share, min_share}");
  int i = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    char where[64], kp[100];
    snprintf(where, sizeof where, "eligibility[%d]", i++);
    static const char *const keys[] = {"activity", "source", "max_share", "min_share", NULL};
    const char *aid = NULL, *sid = NULL;
    kc_rc rc = kc_json_keys(&c->d, it, where, keys);
    if (rc == KC_OK)
      rc = kc_json_string(&c->d, it, "activity", where, &aid);
    if (rc == KC_OK)
      rc = kc_json_string(&c->d, it, "source", where, &sid);
    if (rc != KC_OK)
      return rc;
    int a = kc_find_activity(m, aid), s = kc_find_source(m, sid);
    if (a < 0 || m->act[a].proposal)
      return a < 0 ? no_such(c, where, aid, false)
                   : fail(c, where, "\"%s\" is a proposal: it follows its activity's eligibility", aid);
    if (s < 0)
      return no_such(c, where, sid, true);
    double mx = 1, mn = 0;
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(it, "max_share"))) {
      snprintf(kp, sizeof kp, "%s.max_share", where);
      if ((rc = kc_json_number(&c->d, v, kp, 0, 1, &mx)) != KC_OK)
        return rc;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(it, "min_share"))) {
      snprintf(kp, sizeof kp, "%s.min_share", where);
      if ((rc = kc_json_number(&c->d, v, kp, 0, 1, &mn)) != KC_OK)
        return rc;
    }
    m->max_share[a * m->nsrc + s] = mx;
    m->min_share[a * m->nsrc + s] = mn;
    m->elig_line[a * m->nsrc + s] = c->tag;
  }
  return KC_OK;
}

/* ---------- the whole scenario ---------- */

kc_rc kc_scenario_apply_json(kc_model *m, const cJSON *root, const char *label, const kc_json_lines *lines,
                             const char *sha256, kc_error *err) {
  if (m->nscen == KC_MAX_SCEN)
    return kc_fail(err, KC_ERR_INPUT, label, 0, 0, "at most %d scenarios can be applied", KC_MAX_SCEN);
  ctx c = {.m = m, .d = {label, lines, err}, .tag = -(m->nscen + 1)};
  if (!cJSON_IsObject(root))
    return kc_fail(err, KC_ERR_INPUT, label, 1, 1, "a scenario must be a JSON object");
  static const char *const keys[] = {"name",       "description", "sources",     "annual_ceilings",
                                     "activities", "targets",     "eligibility", "program",
                                     "objective",  "proposals",   NULL};
  kc_rc rc = kc_json_keys(&c.d, root, "", keys);
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
  const cJSON *desc = cJSON_GetObjectItemCaseSensitive(root, "description");
  if (rc == KC_OK && name && !cJSON_IsString(name))
    rc = fail(&c, "name", "must be a string");
  if (rc == KC_OK && desc && !cJSON_IsString(desc))
    rc = fail(&c, "description", "must be a string");
  if (rc != KC_OK)
    return rc;
  kc_input *in = &m->scen[m->nscen];
  snprintf(in->file, sizeof in->file, "%s", label);
  snprintf(in->sha256, sizeof in->sha256, "%s", sha256 ? sha256 : "");
  const char *base = strrchr(label, '/');
  m->scen_name[m->nscen][0] = '\0'; /* the name is at most KC_MAX_NAME bytes (kc_json_parse); a file name is cut */
  kc_utf8_append(m->scen_name[m->nscen], sizeof m->scen_name[0], name ? name->valuestring : base ? base + 1 : label);
  static const char *const sections[5] = {"activities", "targets", "eligibility", "annual_ceilings", "proposals"};
  for (int i = 0; i < 5; i++)
    if (!cJSON_GetObjectItemCaseSensitive(root, sections[i]) ||
        !kc_json_line(lines, sections[i], &m->scen_line[m->nscen][i], NULL))
      m->scen_line[m->nscen][i] = 0;
  m->nscen++;
  struct {
    const char *key;
    kc_rc (*fn)(ctx *, const cJSON *);
  } parts[] = {{"program", apply_program},        {"objective", apply_objective},    {"sources", apply_sources},
               {"annual_ceilings", apply_annual}, {"activities", apply_activities},  {"proposals", apply_proposals},
               {"targets", apply_targets},        {"eligibility", apply_eligibility}};
  for (size_t i = 0; rc == KC_OK && i < sizeof parts / sizeof parts[0]; i++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, parts[i].key);
    if (v)
      rc = parts[i].fn(&c, v);
  }
  if (rc == KC_OK)
    rc = kc_model_sync_proposals(m, err);
  return rc == KC_OK ? kc_model_check(m, err) : rc;
}

kc_rc kc_scenario_apply_text(kc_model *m, const char *path, const char *text, size_t len, kc_error *err) {
  char sha[65];
  kc_sha256_hex(text, len, sha);
  cJSON *root;
  kc_json_lines lines = {0};
  kc_rc rc = kc_json_parse(path, text, len, kc_amount_keys, kc_name_keys, &lines, &root, err);
  if (rc == KC_OK) {
    rc = kc_scenario_apply_json(m, root, path, &lines, sha, err);
    cJSON_Delete(root);
  }
  kc_json_lines_free(&lines);
  return rc;
}

kc_rc kc_scenario_apply_file(kc_model *m, const char *path, kc_error *err) {
  char *buf;
  size_t len;
  kc_rc rc = kc_read_file(path, &buf, &len, err);
  if (rc != KC_OK)
    return rc;
  rc = kc_scenario_apply_text(m, path, buf, len, err);
  free(buf);
  return rc;
}
