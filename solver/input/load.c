/* load.c — reading a model folder: program.json through cJSON, the tables through csvtab. */
#define _POSIX_C_SOURCE 200809L
#include "input/load.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/csvtab.h"
#include "core/fileio.h"
#include "core/i18n.h"
#include "core/json.h"
#include "input/scenario.h"
#include "core/text.h"
#include "core/utf8.h"

/* ---------- program.json ---------- */

static char *dup_or_fail(const char *s, kc_rc *rc, kc_error *err, const char *path) {
  char *d = strdup(s);
  if (!d)
    *rc = kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
  return d;
}

static kc_rc parse_sources(const cJSON *arr, kc_model *m, const kc_json_doc *d) {
  if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 1)
    return kc_json_fail(d, "sources", "must be a non-empty array of objects");
  int n = cJSON_GetArraySize(arr);
  if (n > 10000)
    return kc_json_fail(d, "sources", "at most 10000 sources are supported");
  m->src = calloc((size_t)n, sizeof *m->src);
  if (!m->src)
    return kc_fail(d->err, KC_ERR_INTERNAL, d->path, 0, 0, "out of memory");
  static const char *const keys[] = {"id", "name", "ceiling", NULL};
  kc_rc rc = KC_OK;
  const cJSON *it;
  int s = 0;
  cJSON_ArrayForEach(it, arr) {
    char where[64], kp_id[80], kp_name[80], kp_ceil[80];
    snprintf(where, sizeof where, "sources[%d]", s);
    if ((rc = kc_json_keys(d, it, where, keys)) != KC_OK)
      return rc;
    snprintf(kp_id, sizeof kp_id, "%s.id", where);
    snprintf(kp_name, sizeof kp_name, "%s.name", where);
    snprintf(kp_ceil, sizeof kp_ceil, "%s.ceiling", where);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
    const cJSON *ceil = cJSON_GetObjectItemCaseSensitive(it, "ceiling");
    if (!cJSON_IsString(id) || !kc_valid_id(id->valuestring))
      return kc_json_fail(d, kp_id, "must be a string of a-z, 0-9 and _ (at most %d)", KC_MAX_ID);
    if (kc_find_source(m, id->valuestring) >= 0)
      return kc_json_fail(d, kp_id, "\"%s\" is used twice", id->valuestring);
    if (name && !cJSON_IsString(name))
      return kc_json_fail(d, kp_name, "must be a string");
    if (ceil && !cJSON_IsNull(ceil) && !cJSON_IsNumber(ceil))
      return kc_json_fail(d, kp_ceil, "must be a number (million VND) or null");
    kc_source *src = &m->src[s];
    src->id = dup_or_fail(id->valuestring, &rc, d->err, d->path);
    src->name = dup_or_fail(name ? name->valuestring : id->valuestring, &rc, d->err, d->path);
    m->nsrc = ++s;
    if (rc != KC_OK)
      return rc;
    src->has_ceiling = ceil && cJSON_IsNumber(ceil);
    src->ceiling = src->has_ceiling ? ceil->valuedouble : 0;
  }
  return KC_OK;
}

/* A year of the horizon: required, a whole number. */
static kc_rc parse_year(const cJSON *root, const char *key, int *out, const kc_json_doc *d) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
  if (!v)
    return kc_json_fail(d, "", "\"%s\" is required", key);
  return kc_json_whole(d, v, key, KC_YEAR_MIN, KC_YEAR_MAX, out);
}

/* An optional one-line text of obj (NULL when absent): a string that is a valid name. */
static kc_rc doc_text(const cJSON *obj, const char *key, const char *where, char **out, const kc_json_doc *d) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  char kp[64];
  snprintf(kp, sizeof kp, "%s%s%s", where, where[0] ? "." : "", key);
  if (!v || cJSON_IsNull(v))
    return KC_OK;
  if (!cJSON_IsString(v))
    return kc_json_fail(d, kp, "must be a string");
  const char *why = kc_utf8_name_problem(v->valuestring);
  if (why)
    return kc_json_fail(d, kp, "%s", why);
  kc_rc rc = KC_OK;
  *out = dup_or_fail(v->valuestring, &rc, d->err, d->path);
  return rc;
}

/* The official document's texts: name_vi, agency, parent_agency, place, signers. */
static kc_rc parse_document(const cJSON *root, kc_model *m, const kc_json_doc *d) {
  kc_rc rc;
  if ((rc = doc_text(root, "name_vi", "", &m->doc.name_vi, d)) != KC_OK ||
      (rc = doc_text(root, "agency", "", &m->doc.agency, d)) != KC_OK ||
      (rc = doc_text(root, "parent_agency", "", &m->doc.parent_agency, d)) != KC_OK ||
      (rc = doc_text(root, "place", "", &m->doc.place, d)) != KC_OK)
    return rc;
  const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "signers");
  if (!s)
    return KC_OK;
  static const char *const keys[] = {"preparer", "head", "head_title", NULL};
  if ((rc = kc_json_keys(d, s, "signers", keys)) != KC_OK ||
      (rc = doc_text(s, "preparer", "signers", &m->doc.preparer, d)) != KC_OK ||
      (rc = doc_text(s, "head", "signers", &m->doc.head, d)) != KC_OK)
    return rc;
  return doc_text(s, "head_title", "signers", &m->doc.head_title, d);
}

static kc_rc parse_program(const cJSON *root, kc_model *m, const kc_json_doc *d) {
  if (!cJSON_IsObject(root))
    return kc_json_fail(d, "", "the top level must be a JSON object");
  static const char *const keys[] = {
      "name",      "first_year", "last_year", "sources",       "price_growth", "price_base_year", "carry_over",
      "objective", "name_vi",    "agency",    "parent_agency", "place",        "signers",         NULL};
  kc_rc rc = kc_json_keys(d, root, "", keys);
  if (rc != KC_OK)
    return rc;
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
  if (name && !cJSON_IsString(name))
    return kc_json_fail(d, "name", "must be a string");
  if ((rc = parse_year(root, "first_year", &m->first_year, d)) != KC_OK ||
      (rc = parse_year(root, "last_year", &m->last_year, d)) != KC_OK)
    return rc;
  m->price_growth = 0; /* the defaults, then what program.json says */
  m->price_base_year = m->first_year;
  m->carry_over = false;
  if ((rc = kc_scenario_program(m, root, d)) != KC_OK)
    return rc;
  if (!m->name) {
    const char *base = m->dir ? strrchr(m->dir, '/') : NULL;
    base = base ? base + 1 : m->dir ? m->dir : "";
    m->name = dup_or_fail(name ? name->valuestring : base, &rc, d->err, d->path);
    if (rc != KC_OK)
      return rc;
  }
  if ((rc = parse_document(root, m, d)) != KC_OK)
    return rc;
  const cJSON *srcs = cJSON_GetObjectItemCaseSensitive(root, "sources");
  if (!srcs)
    return kc_json_fail(d, "", "\"sources\" is required");
  if ((rc = parse_sources(srcs, m, d)) != KC_OK)
    return rc;
  m->preference = malloc((size_t)m->nsrc * sizeof *m->preference);
  if (!m->preference)
    return kc_fail(d->err, KC_ERR_INTERNAL, d->path, 0, 0, "out of memory");
  for (int s = 0; s < m->nsrc; s++)
    m->preference[s] = s;
  m->attainment = KC_WEIGHTED;
  m->timing = KC_EARLY;
  const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "objective");
  return obj ? kc_scenario_objective(m, obj, d) : KC_OK;
}

kc_rc kc_load_program(const char *path, const char *text, size_t len, kc_model *m, kc_error *err) {
  cJSON *root;
  kc_json_lines lines = {0};
  kc_rc rc = kc_json_parse(path, text, len, kc_amount_keys, kc_name_keys, &lines, &root, err);
  if (rc == KC_OK) {
    kc_json_doc d = {path, &lines, err};
    rc = parse_program(root, m, &d);
    cJSON_Delete(root);
    if (rc == KC_OK)
      rc = kc_model_check_program(m, &lines, err);
  }
  kc_json_lines_free(&lines);
  return rc;
}

kc_rc kc_model_alloc_tables(kc_model *m, kc_error *err) {
  size_t pairs = (size_t)(m->nact ? m->nact : 1) * (size_t)m->nsrc, years = (size_t)m->nsrc * (size_t)kc_nyears(m);
  m->max_share = malloc(pairs * sizeof *m->max_share);
  m->min_share = calloc(pairs, sizeof *m->min_share);
  m->elig_line = calloc(pairs, sizeof *m->elig_line);
  m->has_annual = calloc((size_t)m->nsrc, sizeof *m->has_annual);
  m->annual = malloc(years * sizeof *m->annual);
  m->annual_line = calloc(years, sizeof *m->annual_line);
  if (!m->max_share || !m->min_share || !m->elig_line || !m->has_annual || !m->annual || !m->annual_line)
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  for (size_t i = 0; i < pairs; i++)
    m->max_share[i] = 1.0;
  for (size_t i = 0; i < years; i++)
    m->annual[i] = NAN;
  return KC_OK;
}

static kc_rc parse_disbursement(const kc_csv *t, int r, int c, kc_activity *ac, kc_error *err) {
  const char *s = kc_csv_cell(t, r, c);
  int cap = 8;
  ac->disb = malloc((size_t)cap * sizeof *ac->disb);
  if (!ac->disb)
    return kc_fail(err, KC_ERR_INTERNAL, t->path, t->line[r], c + 1, "out of memory");
  ac->ndisb = 0;
  if (!s) {
    ac->disb[ac->ndisb++] = 1.0;
    return KC_OK;
  }
  const char *p = s;
  while (*p) {
    while (*p == ' ' || *p == '\t')
      p++;
    if (!*p)
      break;
    char tok[64];
    size_t n = strcspn(p, " \t");
    if (n >= sizeof tok)
      return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "disbursement: \"%.40s…\" is not a number", p);
    memcpy(tok, p, n);
    tok[n] = '\0';
    p += n;
    double v;
    if (!kc_parse_number(tok, &v))
      return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1,
                     "disbursement: \"%s\" is not a number (give fractions separated by spaces, e.g. \"0.4 0.6\")",
                     tok);
    if (ac->ndisb == KC_MAX_YEARS)
      return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "disbursement: more than %d years", KC_MAX_YEARS);
    if (ac->ndisb == cap) {
      cap *= 2;
      double *nd = realloc(ac->disb, (size_t)cap * sizeof *nd);
      if (!nd)
        return kc_fail(err, KC_ERR_INTERNAL, t->path, t->line[r], c + 1, "out of memory");
      ac->disb = nd;
    }
    ac->disb[ac->ndisb++] = v;
  }
  double sum = 0;
  for (int k = 0; k < ac->ndisb; k++) {
    if (ac->disb[k] < 0)
      return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "disbursement: fraction %g is negative",
                     ac->disb[k]);
    sum += ac->disb[k];
  }
  if (fabs(sum - 1.0) > 1e-9)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1,
                   "disbursement: the fractions sum to %.10g; they must sum to 1", sum);
  return KC_OK;
}

/* A name cell (kc_utf8_name_problem: one line, at most KC_MAX_NAME bytes), or def when empty. */
static kc_rc text_cell(const kc_csv *t, int r, int c, const char *def, char **out, kc_error *err) {
  const char *s = kc_csv_cell(t, r, c);
  const char *why = s ? kc_utf8_name_problem(s) : NULL;
  *out = NULL;
  if (why)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "%s: %s", t->header[c], why);
  *out = strdup(s ? s : def);
  return *out ? KC_OK : kc_fail(err, KC_ERR_INTERNAL, t->path, t->line[r], 0, "out of memory");
}

/* What an id cell names (ref_cell). */
enum { REF_ACTIVITY, REF_SOURCE, REF_ITEM /* an activity or a proposal: a row of a plan */ };

/* Reads an id cell that must name an existing record of that kind; *out is its index. */
static kc_rc ref_cell(const kc_model *m, const kc_csv *t, int r, int c, int kind, int *out, kc_error *err) {
  const char *s = kc_csv_cell(t, r, c);
  if (!s)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "%s: a value is required", t->header[c]);
  *out = kind == REF_SOURCE ? kc_find_source(m, s) : kc_find_activity(m, s);
  if (*out < 0)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1,
                   kind == REF_SOURCE ? N_("source \"%.64s\" is not defined in program.json")
                   : kind == REF_ITEM ? N_("activity \"%.64s\" is not defined in activities.csv or proposals.csv")
                                      : N_("activity \"%.64s\" is not defined in activities.csv"),
                   s);
  if (kind == REF_ACTIVITY && m->act[*out].proposal)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1,
                   "\"%.64s\" is a proposal (proposals.csv): it follows the rows of its activity \"%s\"", s,
                   m->act[m->act[*out].parent].id);
  return KC_OK;
}

/* The id cell of row r, for activity a (of activities.csv or proposals.csv): [a-z0-9_]+, not used
 * by an earlier activity or proposal; indexed. *id is the cell's text. */
static kc_rc read_id(kc_model *m, const kc_csv *t, int r, int a, const char **id, kc_error *err) {
  kc_activity *ac = &m->act[a];
  int cid = kc_csv_col(t, "id");
  *id = kc_csv_cell(t, r, cid);
  ac->line = t->line[r];
  if (!*id || !kc_valid_id(*id))
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], cid + 1,
                   "id \"%.64s\" must be 1 to %d characters of a-z, 0-9 and _", *id ? *id : "", KC_MAX_ID);
  kc_rc rc = text_cell(t, r, cid, "", &ac->id, err);
  if (rc != KC_OK)
    return rc;
  int b = kc_model_index_add(m, a);
  if (b == -2)
    return kc_fail(err, KC_ERR_INTERNAL, t->path, t->line[r], 0, "out of memory");
  if (b >= 0)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], cid + 1, "id \"%s\" is already used on line %d of %s", *id,
                   m->act[b].line, m->act[b].proposal ? "proposals.csv" : "activities.csv");
  return KC_OK;
}

static kc_rc read_activity(kc_model *m, const kc_csv *t, int r, kc_error *err) {
  kc_activity *ac = &m->act[r];
  const char *id;
  kc_rc rc = read_id(m, t, r, r, &id, err);
  if (rc != KC_OK)
    return rc;
  /* Every other column by the table; range messages here carry the column (kc_model_check repeats
   * them by line, after scenarios too). */
  for (const kc_act_col *k = kc_act_cols; rc == KC_OK && k->name; k++) {
    int c = kc_csv_col(t, k->name);
    double v = k->def;
    long flag = 0;
    bool given = kc_csv_cell(t, r, c) != NULL;
    switch (k->kind) {
    case KC_COL_ID:
      continue;
    case KC_COL_TEXT:
      rc = text_cell(t, r, c, k->def_text ? k->def_text : id, (char **)((char *)ac + k->off), err);
      continue;
    case KC_COL_PROFILE:
      rc = parse_disbursement(t, r, c, ac, err);
      continue;
    case KC_COL_FLAG:
      rc = kc_csv_int(t, r, c, k->name, k->required, (long)k->def, 0, 1, &flag, err);
      v = (double)flag;
      break;
    case KC_COL_AMOUNT:
      if (given || !k->optional)
        rc = kc_csv_amount(t, r, c, k->name, k->required, k->def, &v, err);
      break;
    case KC_COL_NUMBER:
      if (given || !k->optional)
        rc = kc_csv_number(t, r, c, k->name, k->required, k->def, &v, err);
      break;
    }
    if (rc == KC_OK)
      kc_act_col_set(k, ac, v, given);
  }
  for (const kc_act_col *k = kc_act_cols; rc == KC_OK && k->name; k++) {
    bool given;
    double v = kc_act_col_value(k, ac, &given);
    const char *why =
        (k->kind == KC_COL_AMOUNT || k->kind == KC_COL_NUMBER) && given ? kc_act_col_problem(k, ac, v) : NULL;
    if (why)
      rc = kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], kc_csv_col(t, k->name) + 1, "%s: %s must be %s", id, k->name,
                   _(why));
  }
  return rc;
}

kc_rc kc_load_activities(kc_model *m, const char *path, const char *text, size_t len, kc_error *err) {
  const char *known[KC_ACT_NCOLS + 1], *required[sizeof known / sizeof known[0]];
  int nk = 0, nr = 0;
  for (const kc_act_col *k = kc_act_cols; k->name; k++) {
    known[nk++] = k->name;
    if (k->required)
      required[nr++] = k->name;
  }
  known[nk] = required[nr] = NULL;
  kc_csv t;
  kc_rc rc = kc_csv_parse(path, text, len, &t, err);
  if (rc != KC_OK)
    return rc;
  if ((rc = kc_csv_columns(&t, known, required, err)) != KC_OK)
    goto out;
  if (t.nrows == 0) {
    rc = kc_fail(err, KC_ERR_INPUT, path, 1, 0, "no activities: add one row per activity under the header");
    goto out;
  }
  m->act = calloc((size_t)t.nrows, sizeof *m->act);
  if (!m->act) {
    rc = kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
    goto out;
  }
  for (int r = 0; r < t.nrows && rc == KC_OK; r++) {
    m->nact = r + 1;
    rc = read_activity(m, &t, r, err);
  }
out:
  kc_csv_free(&t);
  return rc;
}

/* One row of proposals.csv into activity a (docs/model-format.md): ranges are checked here with the
 * column, kc_model_check repeats them by line (after scenarios too). */
static kc_rc read_proposal(kc_model *m, const kc_csv *t, int r, int a, kc_error *err) {
  kc_activity *ac = &m->act[a];
  const char *id;
  ac->proposal = true;
  kc_rc rc = read_id(m, t, r, a, &id, err);
  if (rc != KC_OK)
    return rc;
  int cu = kc_csv_col(t, "units"), cc = kc_csv_col(t, "cost"), cf = kc_csv_col(t, "first_year"),
      cl = kc_csv_col(t, "last_year"), cs = kc_csv_col(t, "score");
  long fy = m->first_year, ly = m->last_year;
  if ((rc = text_cell(t, r, kc_csv_col(t, "name"), id, &ac->name, err)) != KC_OK ||
      (rc = text_cell(t, r, kc_csv_col(t, "owner"), "", &ac->owner, err)) != KC_OK ||
      (rc = ref_cell(m, t, r, kc_csv_col(t, "activity"), REF_ACTIVITY, &ac->parent, err)) != KC_OK ||
      (rc = kc_csv_amount(t, r, cu, "units", 0, 1, &ac->yield, err)) != KC_OK ||
      (rc = kc_csv_amount(t, r, cc, "cost", 1, 0, &ac->unit_cost, err)) != KC_OK ||
      (rc = kc_csv_number(t, r, cs, "score", 0, 0, &ac->score, err)) != KC_OK ||
      (rc = kc_csv_int(t, r, cf, "first_year", 0, fy, m->first_year, m->last_year, &fy, err)) != KC_OK ||
      (rc = kc_csv_int(t, r, cl, "last_year", 0, ly, m->first_year, m->last_year, &ly, err)) != KC_OK)
    return rc;
  const kc_activity *pa = &m->act[ac->parent];
  if (!(ac->yield > 0 && ac->yield <= 1e9) || (!pa->divisible && ac->yield != floor(ac->yield)))
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], cu + 1,
                   "%s: units %g must be a whole number from 1 to 1e9 (%s is not divisible)", id, ac->yield, pa->id);
  if (!(ac->unit_cost > 0 && ac->unit_cost <= 1e12))
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], cc + 1,
                   "%s: cost %g must be greater than 0 and at most 1e12 (million VND)", id, ac->unit_cost);
  if (!(ac->score >= 0 && ac->score <= 1e9))
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], cs + 1, "%s: score %g must be from 0 to 1e9", id, ac->score);
  if (ly < fy)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], cl + 1, "%s: last_year %ld is before first_year %ld", id, ly,
                   fy);
  ac->win_first = (int)fy;
  ac->win_last = (int)ly;
  ac->own_last = kc_csv_cell(t, r, cl) != NULL;
  ac->own_disb = kc_csv_cell(t, r, kc_csv_col(t, "disbursement")) != NULL;
  if (ac->own_disb)
    rc = parse_disbursement(t, r, kc_csv_col(t, "disbursement"), ac, err);
  return rc;
}

kc_rc kc_load_proposals(kc_model *m, const char *path, const char *text, size_t len, kc_error *err) {
  static const char *const known[] = {"id",         "name",      "activity", "units", "cost", "disbursement",
                                      "first_year", "last_year", "score",    "owner", NULL};
  static const char *const required[] = {"id", "activity", "cost", NULL};
  kc_csv t;
  kc_rc rc = kc_csv_parse(path, text, len, &t, err);
  if (rc != KC_OK)
    return rc;
  if ((rc = kc_csv_columns(&t, known, required, err)) != KC_OK)
    goto out;
  kc_activity *grown = realloc(m->act, ((size_t)m->nact + (size_t)t.nrows + 1) * sizeof *grown);
  if (!grown) {
    rc = kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
    goto out;
  }
  m->act = grown;
  memset(&m->act[m->nact], 0, ((size_t)t.nrows + 1) * sizeof *grown);
  for (int r = 0; r < t.nrows && rc == KC_OK; r++) {
    m->nact++;
    rc = read_proposal(m, &t, r, m->nact - 1, err);
  }
out:
  kc_csv_free(&t);
  return rc;
}

kc_rc kc_load_targets(kc_model *m, const char *path, const char *text, size_t len, kc_error *err) {
  static const char *const cols[] = {"activity", "first_year", "last_year", "target", NULL};
  kc_csv t;
  kc_rc rc = kc_csv_parse(path, text, len, &t, err);
  if (rc != KC_OK)
    return rc;
  if ((rc = kc_csv_columns(&t, cols, cols, err)) != KC_OK)
    goto out;
  m->tgt = calloc((size_t)(t.nrows ? t.nrows : 1), sizeof *m->tgt);
  if (!m->tgt) {
    rc = kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
    goto out;
  }
  int cf = kc_csv_col(&t, "first_year"), cl = kc_csv_col(&t, "last_year"), ct = kc_csv_col(&t, "target");
  for (int r = 0; r < t.nrows; r++) {
    kc_target *tg = &m->tgt[r];
    long fy, ly;
    tg->line = t.line[r];
    if ((rc = ref_cell(m, &t, r, kc_csv_col(&t, "activity"), REF_ACTIVITY, &tg->activity, err)) != KC_OK ||
        (rc = kc_csv_int(&t, r, cf, "first_year", 1, 0, m->first_year, m->last_year, &fy, err)) != KC_OK ||
        (rc = kc_csv_int(&t, r, cl, "last_year", 1, 0, m->first_year, m->last_year, &ly, err)) != KC_OK ||
        (rc = kc_csv_amount(&t, r, ct, "target", 1, 0, &tg->target, err)) != KC_OK)
      goto out;
    tg->first_year = (int)fy;
    tg->last_year = (int)ly;
    if (!(tg->target > 0 && tg->target <= 1e9)) {
      rc = kc_fail(err, KC_ERR_INPUT, path, t.line[r], ct + 1, "target must be greater than 0 and at most 1e9");
      goto out;
    }
    if (fy > ly) {
      rc = kc_fail(err, KC_ERR_INPUT, path, t.line[r], cl + 1, "last_year %ld is before first_year %ld", ly, fy);
      goto out;
    }
    m->ntgt = r + 1;
  }
out:
  kc_csv_free(&t);
  return rc;
}

kc_rc kc_load_eligibility(kc_model *m, const char *path, const char *text, size_t len, kc_error *err) {
  static const char *const known[] = {"activity", "source", "max_share", "min_share", NULL};
  static const char *const required[] = {"activity", "source", NULL};
  kc_csv t;
  kc_rc rc = kc_csv_parse(path, text, len, &t, err);
  if (rc != KC_OK)
    return rc;
  if ((rc = kc_csv_columns(&t, known, required, err)) != KC_OK)
    goto out;
  m->has_eligibility = true;
  for (size_t i = 0; i < (size_t)m->nact * (size_t)m->nsrc; i++)
    m->max_share[i] = 0.0;
  int cmx = kc_csv_col(&t, "max_share"), cmn = kc_csv_col(&t, "min_share");
  for (int r = 0; r < t.nrows; r++) {
    int a, s;
    double mx, mn;
    if ((rc = ref_cell(m, &t, r, kc_csv_col(&t, "activity"), REF_ACTIVITY, &a, err)) != KC_OK ||
        (rc = ref_cell(m, &t, r, kc_csv_col(&t, "source"), REF_SOURCE, &s, err)) != KC_OK ||
        (rc = kc_csv_number(&t, r, cmx, "max_share", 0, 1, &mx, err)) != KC_OK ||
        (rc = kc_csv_number(&t, r, cmn, "min_share", 0, 0, &mn, err)) != KC_OK)
      goto out;
    int k = a * m->nsrc + s;
    if (m->elig_line[k]) {
      rc = kc_fail(err, KC_ERR_INPUT, path, t.line[r], 0, "the pair %s/%s is already listed on line %d", m->act[a].id,
                   m->src[s].id, m->elig_line[k]);
      goto out;
    }
    if (mx < 0 || mx > 1) {
      rc = kc_fail(err, KC_ERR_INPUT, path, t.line[r], cmx + 1, "max_share %g must be from 0 to 1", mx);
      goto out;
    }
    if (mn < 0 || mn > mx) {
      rc =
          kc_fail(err, KC_ERR_INPUT, path, t.line[r], cmn + 1, "min_share %g must be from 0 to max_share (%g)", mn, mx);
      goto out;
    }
    m->max_share[k] = mx;
    m->min_share[k] = mn;
    m->elig_line[k] = t.line[r];
  }
out:
  kc_csv_free(&t);
  return rc;
}

kc_rc kc_load_annual(kc_model *m, const char *path, const char *text, size_t len, kc_error *err) {
  static const char *const cols[] = {"source", "year", "ceiling", NULL};
  kc_csv t;
  kc_rc rc = kc_csv_parse(path, text, len, &t, err);
  if (rc != KC_OK)
    return rc;
  if ((rc = kc_csv_columns(&t, cols, cols, err)) != KC_OK)
    goto out;
  int ny = kc_nyears(m), cy = kc_csv_col(&t, "year"), cc = kc_csv_col(&t, "ceiling");
  for (int r = 0; r < t.nrows; r++) {
    int s;
    long y;
    double v;
    if ((rc = ref_cell(m, &t, r, kc_csv_col(&t, "source"), REF_SOURCE, &s, err)) != KC_OK ||
        (rc = kc_csv_int(&t, r, cy, "year", 1, 0, m->first_year, m->last_year, &y, err)) != KC_OK ||
        (rc = kc_csv_amount(&t, r, cc, "ceiling", 1, 0, &v, err)) != KC_OK)
      goto out;
    int k = s * ny + (int)(y - m->first_year);
    if (m->annual_line[k]) {
      rc = kc_fail(err, KC_ERR_INPUT, path, t.line[r], cy + 1, "%s %ld is already given on line %d", m->src[s].id, y,
                   m->annual_line[k]);
      goto out;
    }
    if (v < 0) {
      rc = kc_fail(err, KC_ERR_INPUT, path, t.line[r], cc + 1, "ceiling %g must be 0 or more", v);
      goto out;
    }
    m->has_annual[s] = true;
    m->annual[k] = v;
    m->annual_line[k] = t.line[r];
  }
out:
  kc_csv_free(&t);
  return rc;
}

/* One money cell of actuals.csv in thousandths of a million VND (0 when empty): a finite number of
 * at least 0 with at most three decimals, the precision of kcplan's plans. Vietnamese digit grouping
 * with several groups (1.200.000) is refused; one group (364.000) is the decimal plan.csv writes. */
static kc_rc milli_cell(const kc_csv *t, int r, int c, long long *out, kc_error *err) {
  double v = 0;
  *out = 0;
  const char *s = c < 0 ? NULL : kc_csv_cell(t, r, c);
  char plain[64];
  if (s && kc_grouped_number(s, strlen(s), plain, sizeof plain) == 2)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "%s: %s", t->header[c],
                   kc_grouping_message(s, 2, plain));
  kc_rc rc = c < 0 ? KC_OK : kc_csv_number(t, r, c, t->header[c], 0, 0, &v, err);
  if (rc != KC_OK)
    return rc;
  double k = v * 1000.0;
  if (!(v >= 0) || v > 1e12)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "%s: %g must be from 0 to 1e12 (million VND)",
                   t->header[c], v);
  if (fabs(k - round(k)) > 1e-6 * fmax(1.0, k))
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1,
                   "%s: %s has more than three decimals; money is counted in thousandths of a million VND "
                   "(1,000 VND)",
                   t->header[c], kc_csv_cell(t, r, c));
  *out = llround(k);
  return KC_OK;
}

/* A table in plan.csv's columns (actuals, a baseline plan) into per-cell arrays of m's shape: units
 * [a * ny + yi], money in thousandths [(a * ny + yi) * nsrc + s], the line of each cell's row (0 when
 * none) and of each year's first row. cost and counterpart, when given, are checked against the row. */
static kc_rc read_plan_table(const kc_model *m, const char *path, const char *text, size_t len, double *units,
                             long long *milli, int *line, int *year_row, kc_error *err) {
  int ny = kc_nyears(m), ns = m->nsrc;
  const char **known = calloc((size_t)ns + 6, sizeof *known);
  int *srccol = malloc((size_t)ns * sizeof *srccol);
  kc_csv t = {0};
  kc_rc rc = KC_OK;
  if (!known || !srccol) {
    rc = kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
    goto out;
  }
  static const char *const fixed[] = {"year", "activity", "units", "cost", "counterpart"};
  static const char *const required[] = {"year", "activity", "units", NULL};
  for (int i = 0; i < 5; i++)
    known[i] = fixed[i];
  for (int s = 0; s < ns; s++)
    known[5 + s] = m->src[s].id;
  if ((rc = kc_csv_parse(path, text, len, &t, err)) != KC_OK ||
      (rc = kc_csv_columns(&t, known, required, err)) != KC_OK)
    goto out;
  for (int s = 0; s < ns; s++)
    srccol[s] = kc_csv_col(&t, m->src[s].id);
  int cy = kc_csv_col(&t, "year"), cu = kc_csv_col(&t, "units"), cc = kc_csv_col(&t, "cost"),
      cp = kc_csv_col(&t, "counterpart");
  for (int r = 0; r < t.nrows; r++) {
    int a;
    long y;
    double u;
    long long money = 0, cost, cpart;
    if ((rc = kc_csv_int(&t, r, cy, "year", 1, 0, m->first_year, m->last_year, &y, err)) != KC_OK ||
        (rc = ref_cell(m, &t, r, kc_csv_col(&t, "activity"), REF_ITEM, &a, err)) != KC_OK ||
        (rc = kc_csv_number(&t, r, cu, "units", 1, 0, &u, err)) != KC_OK)
      goto out;
    int yi = (int)(y - m->first_year), cell = a * ny + yi;
    if (line[cell]) {
      rc = kc_fail(err, KC_ERR_INPUT, path, t.line[r], cy + 1, "%s %ld is already recorded on line %d", m->act[a].id, y,
                   line[cell]);
      goto out;
    }
    if (!(u >= 0) || u > 1e9) {
      rc = kc_fail(err, KC_ERR_INPUT, path, t.line[r], cu + 1, "units: %g must be from 0 to 1e9", u);
      goto out;
    }
    for (int s = 0; s < ns; s++) {
      if ((rc = milli_cell(&t, r, srccol[s], &milli[(size_t)cell * ns + s], err)) != KC_OK)
        goto out;
      money += milli[(size_t)cell * ns + s];
    }
    char b[32];
    if (cc >= 0 && kc_csv_cell(&t, r, cc)) {
      if ((rc = milli_cell(&t, r, cc, &cost, err)) != KC_OK)
        goto out;
      if (llabs(cost - money) > ns) { /* each source column rounded to 0.001 on its own */
        rc = kc_fail(err, KC_ERR_INPUT, path, t.line[r], cc + 1,
                     "cost %s is not the sum of the money the sources paid (%s)", kc_csv_cell(&t, r, cc),
                     kc_fmt_milli(money, b));
        goto out;
      }
    }
    if (cp >= 0 && kc_csv_cell(&t, r, cp)) {
      if ((rc = milli_cell(&t, r, cp, &cpart, err)) != KC_OK)
        goto out;
      double rate = m->act[a].support_rate, want = (double)money * (1.0 / rate - 1.0);
      if (fabs((double)cpart - want) > 1.5 + 1e-9 * want) {
        rc = kc_fail(err, KC_ERR_INPUT, path, t.line[r], cp + 1,
                     "counterpart %s does not match the money paid at %s's support_rate %g (%s)",
                     kc_csv_cell(&t, r, cp), m->act[a].id, rate, kc_fmt_milli(llround(want), b));
        goto out;
      }
    }
    units[cell] = u;
    line[cell] = t.line[r];
    if (!year_row[yi])
      year_row[yi] = t.line[r];
  }
out:
  kc_csv_free(&t);
  free(known);
  free(srccol);
  return rc;
}

kc_rc kc_load_actuals(kc_model *m, const char *path, const char *text, size_t len, kc_error *err) {
  int ny = kc_nyears(m);
  size_t cells = (size_t)m->nact * (size_t)ny;
  int *year_row = calloc((size_t)ny, sizeof *year_row);
  m->act_units = calloc(cells + 1, sizeof *m->act_units);
  m->act_milli = calloc(cells * (size_t)m->nsrc + 1, sizeof *m->act_milli);
  m->act_line = calloc(cells + 1, sizeof *m->act_line);
  m->actuals_path = strdup(path);
  kc_rc rc = KC_OK;
  if (!year_row || !m->act_units || !m->act_milli || !m->act_line || !m->actuals_path)
    rc = kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
  else
    rc = read_plan_table(m, path, text, len, m->act_units, m->act_milli, m->act_line, year_row, err);
  int last = -1;
  for (int yi = 0; rc == KC_OK && yi < ny; yi++)
    last = year_row[yi] ? yi : last;
  for (int yi = 0; rc == KC_OK && yi <= last; yi++)
    if (!year_row[yi])
      rc = kc_fail(err, KC_ERR_INPUT, path, year_row[last], 0,
                   "the closed years must be the first years of the horizon without a gap: %d has no row, %d has one "
                   "(for a year in which nothing happened, write a row with 0 units)",
                   m->first_year + yi, m->first_year + last);
  if (rc == KC_OK)
    m->nclosed = last + 1;
  free(year_row);
  return rc;
}

kc_rc kc_load_baseline(kc_model *m, const char *path, kc_error *err) {
  char *text;
  size_t len;
  kc_rc rc = kc_read_file(path, &text, &len, err);
  if (rc != KC_OK)
    return rc;
  int ny = kc_nyears(m);
  size_t cells = (size_t)m->nact * (size_t)ny;
  int *year_row = calloc((size_t)ny, sizeof *year_row), *line = calloc(cells + 1, sizeof *line);
  free(m->base_units);
  free(m->base_milli);
  m->has_baseline = false; /* until this one is read whole */
  m->base_units = calloc(cells + 1, sizeof *m->base_units);
  m->base_milli = calloc(cells * (size_t)m->nsrc + 1, sizeof *m->base_milli);
  if (!year_row || !line || !m->base_units || !m->base_milli)
    rc = kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
  else
    rc = read_plan_table(m, path, text, len, m->base_units, m->base_milli, line, year_row, err);
  if (rc == KC_OK) {
    snprintf(m->baseline.file, sizeof m->baseline.file, "%s", path);
    kc_sha256_hex(text, len, m->baseline.sha256);
    m->has_baseline = true;
  }
  free(text);
  free(year_row);
  free(line);
  return rc;
}

/* ---------- the folder ---------- */

typedef kc_rc (*table_fn)(kc_model *, const char *, const char *, size_t, kc_error *);

/* Reads dir/name (skipped when optional and absent), records its hash and passes it to fn. */
static const char *const file_names[KC_MODEL_FILES] = {"program.json",    "activities.csv",      "targets.csv",
                                                       "eligibility.csv", "annual_ceilings.csv", "actuals.csv",
                                                       "proposals.csv"};

/* The order the files are read in: the proposals right after the activities (they are activities
 * too, and the per-pair tables are sized for both). */
static const int load_order[KC_MODEL_FILES] = {0, 1, KC_FILE_PROPOSALS, 2, 3, 4, KC_FILE_ACTUALS};

/* Records file k's path and SHA-256 and parses it. */
static kc_rc load_text(kc_model *m, int k, const char *actuals, const char *text, size_t len, kc_error *err) {
  static const table_fn fns[KC_MODEL_FILES] = {
      NULL,           kc_load_activities, kc_load_targets,  kc_load_eligibility,
      kc_load_annual, kc_load_actuals,    kc_load_proposals};
  kc_input *in = &m->inputs[m->ninputs++];
  if (k == KC_FILE_ACTUALS && actuals)
    snprintf(in->file, sizeof in->file, "%s", actuals);
  else
    snprintf(in->file, sizeof in->file, "%s/%s", m->dir, file_names[k]);
  kc_sha256_hex(text, len, in->sha256);
  return fns[k] ? fns[k](m, in->file, text, len, err) : kc_load_program(in->file, text, len, m, err);
}

/* kc_load_model_texts, with the actuals text (file 5) named actuals in messages when not NULL. */
static kc_rc load_texts(const char *dir, const char *actuals, const kc_model_texts *in, kc_model *m, kc_error *err) {
  memset(m, 0, sizeof *m);
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/')
    n--;
  m->dir = strndup(dir, n);
  if (!m->dir)
    return kc_fail(err, KC_ERR_INTERNAL, dir, 0, 0, "out of memory");
  kc_rc rc = KC_OK;
  for (int i = 0; i < KC_MODEL_FILES && rc == KC_OK; i++) {
    int k = load_order[i];
    if (!in->text[k] && k < 3)
      rc = kc_fail(err, KC_ERR_INPUT, m->dir, 0, 0, "%s is missing", file_names[k]);
    else if (in->text[k])
      rc = load_text(m, k, actuals, in->text[k], in->len[k], err);
    if (rc == KC_OK && k == KC_FILE_PROPOSALS) /* the per-pair tables, once the activities are known */
      rc = kc_model_alloc_tables(m, err);
    if (rc == KC_OK && m->max_share) /* the proposals follow their activity (its eligibility, for the actuals) */
      rc = kc_model_sync_proposals(m, err);
  }
  if (rc == KC_OK)
    rc = kc_model_check(m, err);
  if (rc != KC_OK)
    kc_model_free(m);
  return rc;
}

kc_rc kc_load_model_texts(const char *dir, const kc_model_texts *in, kc_model *m, kc_error *err) {
  return load_texts(dir, NULL, in, m, err);
}

kc_rc kc_load_model(const char *dir, kc_model *m, kc_error *err) {
  return kc_load_model_actuals(dir, NULL, m, err);
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes into buf (n bytes) the folders inside dir that hold a program.json, as paths from dir,
 * sorted and comma-separated ("" when none): the model folders a planner may have meant. */
static void model_folders_in(const char *dir, char *buf, size_t n) {
  enum { MAX_LISTED = 64 };
  char *names[MAX_LISTED];
  int k = 0;
  buf[0] = '\0';
  DIR *d = opendir(dir);
  for (struct dirent *e; d && k < MAX_LISTED && (e = readdir(d));) {
    char path[2200];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s/program.json", dir, e->d_name);
    if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode) && (names[k] = strdup(e->d_name)))
      k++;
  }
  if (d)
    closedir(d);
  qsort(names, (size_t)k, sizeof *names, by_name);
  for (int i = 0; i < k; i++) {
    char one[2200];
    snprintf(one, sizeof one, "%s%s%s", i ? ", " : "", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
    kc_utf8_append(buf, n, one);
    kc_utf8_append(buf, n, names[i]);
    free(names[i]);
  }
}

kc_rc kc_load_model_actuals(const char *dir, const char *actuals, kc_model *m, kc_error *err) {
  memset(m, 0, sizeof *m);
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return kc_fail(err, KC_ERR_INPUT, dir, 0, 0,
                   "not a model folder (it should hold program.json, activities.csv, targets.csv)");
  char inside[600], prog[1100];
  snprintf(prog, sizeof prog, "%s/program.json", dir);
  if (stat(prog, &st) != 0 && errno == ENOENT) {
    model_folders_in(dir, inside, sizeof inside);
    if (inside[0])
      return kc_fail(err, KC_ERR_INPUT, dir, 0, 0, "not a model folder but a folder of models; give one of them: %s",
                     inside);
    return kc_fail(err, KC_ERR_INPUT, dir, 0, 0,
                   "not a model folder: it has no program.json (a model folder holds program.json, "
                   "activities.csv and targets.csv)");
  }
  kc_model_texts in = {{0}, {0}};
  char *buf[KC_MODEL_FILES] = {0};
  kc_rc rc = KC_OK;
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/')
    n--;
  /* read the files in order, stopping at the first that cannot be read (its error names it) */
  for (int k = 0; k < KC_MODEL_FILES && rc == KC_OK; k++) {
    char path[1100];
    snprintf(path, sizeof path, "%.*s/%s", (int)n, dir, file_names[k]);
    if (k == KC_FILE_ACTUALS && actuals)
      snprintf(path, sizeof path, "%s", actuals); /* --actuals FILE: dir's own is not read */
    else if (k >= 3 && stat(path, &st) != 0 && errno == ENOENT)
      continue; /* eligibility.csv, annual_ceilings.csv and actuals.csv are optional */
    rc = kc_read_file(path, &buf[k], &in.len[k], err);
    in.text[k] = buf[k];
  }
  if (rc == KC_OK)
    rc = load_texts(dir, actuals, &in, m, err);
  for (int k = 0; k < KC_MODEL_FILES; k++)
    free(buf[k]);
  return rc;
}
