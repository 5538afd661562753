/* model.c — model lifetime, lookups and the rule checks of docs/model-format.md. */
#define _POSIX_C_SOURCE 200809L
#include "core/model.h"

#include "core/fileio.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/text.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_AMOUNT 1e12 /* million VND; larger numbers are typos and would hurt GLPK's numerics */

void kc_model_free(kc_model *m) {
  if (!m)
    return;
  for (int s = 0; s < m->nsrc; s++) {
    free(m->src[s].id);
    free(m->src[s].name);
  }
  for (int a = 0; a < m->nact; a++)
    kc_activity_free(&m->act[a]);
  free(m->src);
  free(m->act);
  free(m->act_index);
  free(m->tgt);
  free(m->preference);
  free(m->max_share);
  free(m->min_share);
  free(m->elig_line);
  free(m->has_annual);
  free(m->annual);
  free(m->annual_line);
  free(m->act_units);
  free(m->act_milli);
  free(m->act_line);
  free(m->actuals_path);
  free(m->base_units);
  free(m->base_milli);
  free(m->dir);
  free(m->name);
  char **texts[] = {&m->doc.name_vi,  &m->doc.parent_agency, &m->doc.agency,    &m->doc.place,
                    &m->doc.preparer, &m->doc.head,          &m->doc.head_title};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
    free(*texts[i]);
  memset(m, 0, sizeof *m);
}

#define FIELD(f) offsetof(kc_activity, f)
const kc_act_col kc_act_cols[KC_ACT_NCOLS + 1] = {
    {"id", KC_COL_ID, .required = true, .off = FIELD(id)},
    {"name", KC_COL_TEXT, .off = FIELD(name)},
    {"unit", KC_COL_TEXT, .def_text = "unit", .off = FIELD(unit)},
    {"unit_cost", KC_COL_AMOUNT, .required = true, .lo = 0, .lo_open = true, .hi = MAX_AMOUNT, .sweep = true,
     .range = N_("greater than 0 and at most 1e12 (million VND per unit)"), .off = FIELD(unit_cost)},
    {"weight", KC_COL_NUMBER, .def = 1, .lo = 0, .hi = 1e6, .sweep = true, .range = N_("from 0 to 1e6"),
     .off = FIELD(weight)},
    {"min_per_year", KC_COL_AMOUNT, .def = 0, .lo = 0, .hi = 1e9, .whole = true, .sweep = true,
     .range = N_("from 0 to 1e9"), .off = FIELD(min_per_year)},
    {"max_per_year", KC_COL_AMOUNT, .optional = true, .lo = 0, .hi = 1e9, .lo_off = FIELD(min_per_year), .whole = true,
     .sweep = true, .range = N_("from min_per_year to 1e9"), .off = FIELD(max_per_year), .has_off = FIELD(has_max)},
    {"disbursement", KC_COL_PROFILE, .off = FIELD(disb)},
    {"divisible", KC_COL_FLAG, .def = 0, .off = FIELD(divisible)},
    {"support_rate", KC_COL_NUMBER, .def = 1, .lo = 0, .lo_open = true, .hi = 1, .sweep = true,
     .range = N_("greater than 0 and at most 1"), .off = FIELD(support_rate)},
    {"group", KC_COL_TEXT, .def_text = "", .off = FIELD(group)},
    {NULL, KC_COL_ID, .off = 0},
};
#undef FIELD

const kc_act_col *kc_act_col_find(const char *name) {
  for (const kc_act_col *c = kc_act_cols; name && c->name; c++)
    if (strcmp(c->name, name) == 0)
      return c;
  return NULL;
}

/* The field of ac at byte offset off, read and written through memcpy: the table names fields by
 * offset, and memcpy is the portable way to reach a double or a bool there. */
static double field_double(const kc_activity *ac, size_t off) {
  double v;
  memcpy(&v, (const char *)ac + off, sizeof v);
  return v;
}

static bool field_bool(const kc_activity *ac, size_t off) {
  bool v;
  memcpy(&v, (const char *)ac + off, sizeof v);
  return v;
}

double kc_act_col_value(const kc_act_col *c, const kc_activity *ac, bool *given) {
  *given = !c->optional || field_bool(ac, c->has_off);
  if (c->kind == KC_COL_FLAG)
    return field_bool(ac, c->off) ? 1 : 0;
  return field_double(ac, c->off);
}

void kc_act_col_set(const kc_act_col *c, kc_activity *ac, double v, bool given) {
  char *base = (char *)ac;
  if (c->optional)
    memcpy(base + c->has_off, &given, sizeof given);
  if (!given)
    v = c->def;
  bool flag = v == 1;
  if (c->kind == KC_COL_FLAG)
    memcpy(base + c->off, &flag, sizeof flag);
  else
    memcpy(base + c->off, &v, sizeof v);
}

const char *kc_act_col_problem(const kc_act_col *c, const kc_activity *ac, double v) {
  double lo = c->lo_off ? fmax(c->lo, field_double(ac, c->lo_off)) : c->lo;
  if (!isfinite(v) || v > c->hi || v < lo || (c->lo_open && v == lo))
    return c->range;
  return NULL;
}

void kc_activity_free(kc_activity *ac) {
  for (const kc_act_col *c = kc_act_cols; c->name; c++)
    if (c->kind == KC_COL_ID || c->kind == KC_COL_TEXT || c->kind == KC_COL_PROFILE)
      free(*(void **)((char *)ac + c->off));
  free(ac->owner);
  memset(ac, 0, sizeof *ac);
}

const char *kc_period(const kc_target *t, const char *dash, char *buf, size_t n) {
  if (t->first_year == t->last_year)
    snprintf(buf, n, "%d", t->first_year);
  else
    snprintf(buf, n, "%d%s%d", t->first_year, dash, t->last_year);
  return buf;
}

const char *kc_target_label(const kc_model *m, int t, char *buf, size_t n) {
  char per[32];
  snprintf(buf, n, "%s %s", m->act[m->tgt[t].activity].id, kc_period(&m->tgt[t], "-", per, sizeof per));
  return buf;
}

const char *kc_target_name(const kc_model *m, int t, char *buf, size_t n) {
  char per[32];
  snprintf(buf, n, "%s %s", m->act[m->tgt[t].activity].name, kc_period(&m->tgt[t], "-", per, sizeof per));
  return buf;
}

const char *const kc_attainment_words[] = {"weighted", "balanced", NULL};
const char *const kc_timing_words[] = {"early", "late", "none", NULL};

int kc_word_index(const char *const *words, const char *word) {
  for (int i = 0; word && words[i]; i++)
    if (strcmp(words[i], word) == 0)
      return i;
  return -1;
}

double kc_unit_cost(const kc_model *m, int a, int year) {
  const kc_activity *ac = &m->act[a];
  return ac->unit_cost * pow(1.0 + m->price_growth, year - (ac->proposal ? ac->win_first : m->price_base_year));
}

bool kc_can_start(const kc_model *m, int a, int year) {
  const kc_activity *ac = &m->act[a];
  if (ac->proposal && (year < ac->win_first || year > ac->win_last))
    return false;
  return year >= m->first_year && year + ac->ndisb - 1 <= m->last_year;
}

double kc_target_units(const kc_model *m, int t, const double *x) {
  const kc_target *tg = &m->tgt[t];
  int ny = kc_nyears(m), first = m->nact - kc_model_proposals(m);
  double got = 0;
  for (int yi = tg->first_year - m->first_year; yi <= tg->last_year - m->first_year; yi++) {
    got += x[tg->activity * ny + yi];
    for (int a = first; a < m->nact; a++)
      if (m->act[a].parent == tg->activity)
        got += m->act[a].yield * x[a * ny + yi];
  }
  return got;
}

int kc_model_proposals(const kc_model *m) {
  int n = 0;
  while (n < m->nact && m->act[m->nact - 1 - n].proposal)
    n++;
  return n;
}

/* Replaces *dst by a copy of src (NULL stays NULL); 0 when out of memory (*dst unchanged). */
static int set_copy(void **dst, const void *src, size_t n) {
  void *d = NULL;
  if (src && !(d = malloc(n ? n : 1)))
    return 0;
  if (src)
    memcpy(d, src, n);
  free(*dst);
  *dst = d;
  return 1;
}

kc_rc kc_model_sync_proposals(kc_model *m, kc_error *err) {
  int ns = m->nsrc;
  for (int p = m->nact - kc_model_proposals(m); p < m->nact; p++) {
    kc_activity *ac = &m->act[p];
    const kc_activity *pa = &m->act[ac->parent];
    memcpy(&m->max_share[p * ns], &m->max_share[ac->parent * ns], (size_t)ns * sizeof *m->max_share);
    memcpy(&m->min_share[p * ns], &m->min_share[ac->parent * ns], (size_t)ns * sizeof *m->min_share);
    memcpy(&m->elig_line[p * ns], &m->elig_line[ac->parent * ns], (size_t)ns * sizeof *m->elig_line);
    ac->support_rate = pa->support_rate;
    ac->divisible = false;
    ac->weight = 0;
    ac->min_per_year = 0;
    ac->has_max = true;
    ac->max_per_year = 1;
    if (!set_copy((void **)&ac->unit, pa->unit, strlen(pa->unit) + 1) ||
        !set_copy((void **)&ac->group, pa->group, strlen(pa->group) + 1) ||
        (!ac->own_disb && !set_copy((void **)&ac->disb, pa->disb, (size_t)pa->ndisb * sizeof *pa->disb)))
      return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
    if (!ac->own_disb)
      ac->ndisb = pa->ndisb;
    if (!ac->own_last)
      ac->win_last = m->last_year - ac->ndisb + 1;
  }
  return KC_OK;
}

static unsigned hash_id(const char *s) {
  unsigned h = 2166136261u; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* The slot holding id, or the empty slot where it would go. */
static int index_slot(const kc_model *m, const char *id) {
  unsigned mask = (unsigned)m->act_index_cap - 1, i = hash_id(id) & mask;
  while (m->act_index[i] >= 0 && strcmp(m->act[m->act_index[i]].id, id) != 0)
    i = (i + 1) & mask;
  return (int)i;
}

int kc_model_index_add(kc_model *m, int a) {
  if (a != m->act_index_n)
    return -2;
  if (2 * (a + 1) > m->act_index_cap) { /* keep the table at most half full */
    int cap = m->act_index_cap ? 2 * m->act_index_cap : 64;
    while (2 * (a + 1) > cap)
      cap *= 2;
    int *t = malloc((size_t)cap * sizeof *t);
    if (!t)
      return -2;
    free(m->act_index);
    m->act_index = t;
    m->act_index_cap = cap;
    for (int i = 0; i < cap; i++)
      t[i] = -1;
    for (int b = 0; b < a; b++)
      t[index_slot(m, m->act[b].id)] = b;
  }
  int slot = index_slot(m, m->act[a].id);
  if (m->act_index[slot] >= 0)
    return m->act_index[slot];
  m->act_index[slot] = a;
  m->act_index_n = a + 1;
  return -1;
}

void kc_model_index(kc_model *m) {
  free(m->act_index);
  m->act_index = NULL;
  m->act_index_cap = m->act_index_n = 0;
  for (int a = 0; a < m->nact; a++)
    if (kc_model_index_add(m, a) == -2) {
      m->act_index_n = 0; /* out of memory: lookups go linear */
      return;
    }
}

int kc_find_activity(const kc_model *m, const char *id) {
  if (m->act_index && m->act_index_n == m->nact) {
    int a = m->act_index[index_slot(m, id)];
    return a;
  }
  for (int a = 0; a < m->nact; a++)
    if (strcmp(m->act[a].id, id) == 0)
      return a;
  return -1;
}

int kc_find_source(const kc_model *m, const char *id) {
  for (int s = 0; s < m->nsrc; s++)
    if (strcmp(m->src[s].id, id) == 0)
      return s;
  return -1;
}

bool kc_valid_id(const char *id) {
  size_t n = strlen(id);
  if (n == 0 || n > KC_MAX_ID)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '_'))
      return false;
  return true;
}

/* The path of one of the model's files, for messages. */
static const char *path_of(const kc_model *m, const char *file, char *buf, size_t n) {
  snprintf(buf, n, "%s/%s", m->dir ? m->dir : ".", file);
  return buf;
}

/* Fails naming where the offending record came from: the model file and line, or, for a line
 * below 0, the scenario that last changed it (-line - 1 indexes m->scen). msg and en as kc_fail_text. */
static kc_rc fail_at_text(kc_error *err, const kc_model *m, const char *file, int line, const char *msg,
                          const char *en) {
  char path[600];
  if (line < 0 && -line - 1 < m->nscen) {
    static const char *const files[5] = {"activities.csv", "targets.csv", "eligibility.csv", "annual_ceilings.csv",
                                         "proposals.csv"};
    int k = -line - 1, at = 0;
    for (int i = 0; i < 5; i++)
      if (strcmp(file, files[i]) == 0)
        at = m->scen_line[k][i];
    return kc_fail_around(err, KC_ERR_INPUT, m->scen[k].file, at, 0, "after this scenario: %s", msg, en);
  }
  return kc_fail_text(err, KC_ERR_INPUT, path_of(m, file, path, sizeof path), line > 0 ? line : 0, 0, msg, en);
}

/* fail_at_text with a message made as kc_fail makes one. */
static kc_rc fail_at(kc_error *err, const kc_model *m, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static kc_rc fail_at(kc_error *err, const kc_model *m, const char *file, int line, const char *fmt, ...) {
  char msg[900], en[900];
  va_list ap;
  va_start(ap, fmt);
  kc_vsay(msg, en, sizeof msg, fmt, ap);
  va_end(ap);
  return fail_at_text(err, m, file, line, msg, en);
}

static bool is_whole(double v) {
  return v == floor(v);
}

/* The line of keypath in program.json's lines (0 when unknown: no lines, as after a scenario). */
static int json_line(const struct kc_json_lines *L, const char *keypath) {
  int line, col;
  kc_json_line_near(L, keypath, &line, &col);
  return line;
}

kc_rc kc_model_check_program(const kc_model *m, const struct kc_json_lines *L, kc_error *err) {
  if (m->first_year < KC_YEAR_MIN || m->last_year > KC_YEAR_MAX || m->first_year > m->last_year)
    return fail_at(err, m, "program.json", json_line(L, m->first_year < KC_YEAR_MIN ? "first_year" : "last_year"),
                   "first_year %d and last_year %d must satisfy 1900 <= first_year <= last_year <= 2200", m->first_year,
                   m->last_year);
  if (kc_nyears(m) > KC_MAX_YEARS)
    return fail_at(err, m, "program.json", json_line(L, "last_year"),
                   "the horizon is %d years; at most %d are supported", kc_nyears(m), KC_MAX_YEARS);
  if (!isfinite(m->price_growth) || m->price_growth <= -1.0 || m->price_growth > 10.0)
    return fail_at(err, m, "program.json", json_line(L, "price_growth"),
                   "price_growth %g must be greater than -1 and at most 10", m->price_growth);
  if (m->price_base_year < m->first_year - 100 || m->price_base_year > m->last_year + 100)
    return fail_at(err, m, "program.json", json_line(L, "price_base_year"),
                   "price_base_year %d is more than 100 years from the horizon", m->price_base_year);
  if (m->nsrc < 1)
    return fail_at(err, m, "program.json", json_line(L, "sources"), "sources: at least one funding source is needed");
  for (int s = 0; s < m->nsrc; s++) {
    const kc_source *src = &m->src[s];
    char kp[48];
    snprintf(kp, sizeof kp, "sources[%d].ceiling", s);
    if (src->has_ceiling && (!isfinite(src->ceiling) || src->ceiling < 0 || src->ceiling > MAX_AMOUNT))
      return fail_at(err, m, "program.json", json_line(L, kp),
                     "sources[%d] (%s): ceiling %g must be a number from 0 to 1e12 million VND", s, src->id,
                     src->ceiling);
  }
  return KC_OK;
}

/* The rules of a proposal's row of proposals.csv (docs/model-format.md), checked again after
 * scenarios. */
static kc_rc check_proposal(const kc_model *m, int p, kc_error *err) {
  const kc_activity *ac = &m->act[p];
  const char *f = "proposals.csv";
  int ln = ac->line;
  if (!(ac->unit_cost > 0 && ac->unit_cost <= MAX_AMOUNT))
    return fail_at(err, m, f, ln, "%s: cost %g must be greater than 0 and at most 1e12 (million VND)", ac->id,
                   ac->unit_cost);
  if (!(ac->yield > 0 && ac->yield <= 1e9) || (!m->act[ac->parent].divisible && !is_whole(ac->yield)))
    return fail_at(err, m, f, ln, "%s: units %g must be a whole number from 1 to 1e9 (%s is not divisible)", ac->id,
                   ac->yield, m->act[ac->parent].id);
  if (!(ac->score >= 0 && ac->score <= 1e9))
    return fail_at(err, m, f, ln, "%s: score %g must be from 0 to 1e9", ac->id, ac->score);
  if (ac->win_first + ac->ndisb - 1 > m->last_year)
    return fail_at(err, m, f, ln,
                   "%s: started in %d, the first year of its window, its %d-year disbursement would run to %d, past "
                   "the horizon's last year %d: it cannot finish inside the horizon",
                   ac->id, ac->win_first, ac->ndisb, ac->win_first + ac->ndisb - 1, m->last_year);
  if (ac->win_first < m->first_year || ac->win_first > m->last_year || ac->win_last < ac->win_first ||
      ac->win_last > m->last_year)
    return fail_at(err, m, f, ln, "%s: the window %d-%d must lie inside the horizon %d-%d, first_year <= last_year",
                   ac->id, ac->win_first, ac->win_last, m->first_year, m->last_year);
  if (ac->win_last + ac->ndisb - 1 > m->last_year)
    return fail_at(err, m, f, ln,
                   "%s: started in %d its %d-year disbursement would run to %d, past the horizon's last year %d "
                   "(a proposal must finish inside the horizon: end its window by %d)",
                   ac->id, ac->win_last, ac->ndisb, ac->win_last + ac->ndisb - 1, m->last_year,
                   m->last_year - ac->ndisb + 1);
  if (!isfinite(kc_unit_cost(m, p, ac->win_last)) || kc_unit_cost(m, p, ac->win_last) > MAX_AMOUNT)
    return fail_at(err, m, f, ln, "%s: its cost with price growth exceeds 1e12 million VND", ac->id);
  return KC_OK;
}

/* An activity's (or a proposal's) disbursement profile, in file f. */
static kc_rc check_profile(const kc_model *m, const kc_activity *ac, const char *f, kc_error *err) {
  if (ac->ndisb < 1 || ac->ndisb > KC_MAX_YEARS)
    return fail_at(err, m, f, ac->line, "%s: the disbursement profile must run 1 to %d years", ac->id, KC_MAX_YEARS);
  double sum = 0;
  for (int k = 0; k < ac->ndisb; k++) {
    if (!isfinite(ac->disb[k]) || ac->disb[k] < 0 || ac->disb[k] > 1)
      return fail_at(err, m, f, ac->line, "%s: disbursement fraction %g must be from 0 to 1", ac->id, ac->disb[k]);
    sum += ac->disb[k];
  }
  if (fabs(sum - 1.0) > 1e-9)
    return fail_at(err, m, f, ac->line, "%s: disbursement fractions sum to %.10g, not 1", ac->id, sum);
  return KC_OK;
}

static kc_rc check_activity(const kc_model *m, int a, kc_error *err) {
  const kc_activity *ac = &m->act[a];
  int ln = ac->line;
  if (ac->proposal) {
    kc_rc rc = check_profile(m, ac, "proposals.csv", err);
    return rc == KC_OK ? check_proposal(m, a, err) : rc;
  }
  for (const kc_act_col *c = kc_act_cols; c->name; c++) {
    bool given;
    if (c->kind != KC_COL_AMOUNT && c->kind != KC_COL_NUMBER)
      continue;
    double v = kc_act_col_value(c, ac, &given);
    const char *why = given ? kc_act_col_problem(c, ac, v) : NULL;
    if (why) { /* the range in both languages */
      char msg[600], en[600];
      snprintf(en, sizeof en, "%s: %s %g must be %s", ac->id, c->name, v, why);
      snprintf(msg, sizeof msg, _("%s: %s %g must be %s"), ac->id, c->name, v, _(why));
      return fail_at_text(err, m, "activities.csv", ln, msg, en);
    }
    if (given && c->whole && !ac->divisible && !is_whole(v))
      return fail_at(err, m, "activities.csv", ln,
                     "%s: min_per_year and max_per_year must be whole numbers unless the activity is divisible "
                     "(%s is %g)",
                     ac->id, c->name, v);
  }
  kc_rc rc = check_profile(m, ac, "activities.csv", err);
  if (rc != KC_OK)
    return rc;
  if (!isfinite(kc_unit_cost(m, a, m->last_year)) || kc_unit_cost(m, a, m->last_year) > MAX_AMOUNT ||
      kc_unit_cost(m, a, m->first_year) > MAX_AMOUNT)
    return fail_at(err, m, "activities.csv", ln, "%s: unit cost with price growth exceeds 1e12 million VND", ac->id);
  return KC_OK;
}

/* Checks target t: its period, its value, and no overlap with the earlier targets of its activity
 * (the chain from head[activity] through next[]). */
static kc_rc check_target(const kc_model *m, int t, const int *head, const int *next, kc_error *err) {
  const kc_target *tg = &m->tgt[t];
  const char *aid = m->act[tg->activity].id;
  if (tg->first_year > tg->last_year)
    return fail_at(err, m, "targets.csv", tg->line, "%s: first_year %d is after last_year %d", aid, tg->first_year,
                   tg->last_year);
  if (tg->first_year < m->first_year || tg->last_year > m->last_year)
    return fail_at(err, m, "targets.csv", tg->line, "%s: the period %d-%d is outside the horizon %d-%d", aid,
                   tg->first_year, tg->last_year, m->first_year, m->last_year);
  if (!isfinite(tg->target) || tg->target <= 0 || tg->target > 1e9)
    return fail_at(err, m, "targets.csv", tg->line, "%s: target %g must be greater than 0 and at most 1e9", aid,
                   tg->target);
  for (int u = head[tg->activity]; u >= 0; u = next[u]) {
    const kc_target *o = &m->tgt[u];
    if (o->first_year <= tg->last_year && tg->first_year <= o->last_year)
      return fail_at(err, m, "targets.csv", tg->line, "%s: the period %d-%d overlaps %d-%d (line %d)", aid,
                     tg->first_year, tg->last_year, o->first_year, o->last_year, o->line);
  }
  return KC_OK;
}

/* Checks the targets; overlaps are looked for among the earlier targets of the same activity only
 * (chained through next[], at most one per year of the horizon before an overlap is found), so the
 * check takes linear time. */
static kc_rc check_targets(const kc_model *m, kc_error *err) {
  int *head = malloc(((size_t)m->nact + 1) * sizeof *head), *next = malloc(((size_t)m->ntgt + 1) * sizeof *next);
  kc_rc rc = KC_OK;
  if (!head || !next)
    rc = kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  for (int a = 0; rc == KC_OK && a < m->nact; a++)
    head[a] = -1;
  for (int t = 0; rc == KC_OK && t < m->ntgt; t++) {
    rc = check_target(m, t, head, next, err);
    next[t] = head[m->tgt[t].activity];
    head[m->tgt[t].activity] = t;
  }
  free(head);
  free(next);
  return rc;
}

static kc_rc check_shares(const kc_model *m, kc_error *err) {
  for (int a = 0; a < m->nact; a++) {
    double smin = 0;
    int last_line = m->act[a].line;
    for (int s = 0; s < m->nsrc; s++) {
      double mx = m->max_share[a * m->nsrc + s], mn = m->min_share[a * m->nsrc + s];
      int ln = m->elig_line[a * m->nsrc + s];
      if (ln)
        last_line = ln;
      if (!isfinite(mx) || mx < 0 || mx > 1)
        return fail_at(err, m, m->has_eligibility ? "eligibility.csv" : "activities.csv", ln,
                       "%s/%s: max_share %g must be from 0 to 1", m->act[a].id, m->src[s].id, mx);
      if (!isfinite(mn) || mn < 0 || mn > mx)
        return fail_at(err, m, m->has_eligibility ? "eligibility.csv" : "activities.csv", ln,
                       "%s/%s: min_share %g must be from 0 to max_share (%g)", m->act[a].id, m->src[s].id, mn, mx);
      smin += mn;
    }
    if (smin > 1 + 1e-9)
      return fail_at(err, m, m->has_eligibility ? "eligibility.csv" : "activities.csv", last_line,
                     "%s: the sources must pay at least %.4g%% of it (min_share adds up to %.6g > 1)", m->act[a].id,
                     100 * smin, smin);
  }
  return KC_OK;
}

static kc_rc check_annual(const kc_model *m, kc_error *err) {
  int ny = kc_nyears(m);
  for (int s = 0; s < m->nsrc; s++) {
    if (!m->has_annual[s])
      continue;
    for (int yi = 0; yi < ny; yi++) {
      double v = m->annual[s * ny + yi];
      int ln = m->annual_line[s * ny + yi];
      int by = 0; /* a scenario that gave some of this source's years is to blame */
      for (int k = 0; k < ny; k++)
        by = m->annual_line[s * ny + k] < 0 ? m->annual_line[s * ny + k] : by;
      if (isnan(v))
        return fail_at(err, m, "annual_ceilings.csv", by,
                       "source %s has annual ceilings for some years but not %d; give every year or none", m->src[s].id,
                       m->first_year + yi);
      if (!isfinite(v) || v < 0 || v > MAX_AMOUNT)
        return fail_at(err, m, "annual_ceilings.csv", ln, "%s %d: ceiling %g must be from 0 to 1e12 million VND",
                       m->src[s].id, m->first_year + yi, v);
    }
  }
  return KC_OK;
}

/* The rules of the actuals that depend on the model (checked again after scenarios): units whole
 * unless the activity is divisible, and units that can finish paying inside the horizon. */
static kc_rc check_actuals(const kc_model *m, kc_error *err) {
  int ny = kc_nyears(m);
  for (int a = 0; a < m->nact; a++) {
    double started = 0;
    for (int yi = 0; yi < m->nclosed; yi++) {
      const kc_activity *ac = &m->act[a];
      double u = m->act_units[a * ny + yi];
      int ln = m->act_line[a * ny + yi];
      if (!ac->divisible && !is_whole(u))
        return kc_fail(err, KC_ERR_INPUT, m->actuals_path, ln, 0,
                       "%s %d: %g units: the activity is not divisible, so its units are whole", ac->id,
                       m->first_year + yi, u);
      if (ac->proposal && (u != 0 && u != 1))
        return kc_fail(err, KC_ERR_INPUT, m->actuals_path, ln, 0,
                       "%s %d: %g units: a proposal is funded wholly or not (1: started that year, 0: not)", ac->id,
                       m->first_year + yi, u);
      started += ac->proposal ? u : 0;
      if (started > 1)
        return kc_fail(err, KC_ERR_INPUT, m->actuals_path, ln, 0, "%s %d: the proposal was already started earlier",
                       ac->id, m->first_year + yi);
      if (u > 0 && ac->proposal && !kc_can_start(m, a, m->first_year + yi))
        return kc_fail(err, KC_ERR_INPUT, m->actuals_path, ln, 0, "%s %d: outside the proposal's window %d-%d", ac->id,
                       m->first_year + yi, ac->win_first, ac->win_last);
      if (u > 0 && !kc_can_start(m, a, m->first_year + yi))
        return kc_fail(err, KC_ERR_INPUT, m->actuals_path, ln, 0,
                       "%s %d: a unit started then cannot finish its %d-year disbursement by %d", ac->id,
                       m->first_year + yi, ac->ndisb, m->last_year);
    }
  }
  return KC_OK;
}

kc_rc kc_model_check(const kc_model *m, kc_error *err) {
  kc_rc rc = kc_model_check_program(m, NULL, err);
  for (int a = 0; rc == KC_OK && a < m->nact; a++)
    rc = check_activity(m, a, err);
  if (rc == KC_OK)
    rc = check_targets(m, err);
  if (rc == KC_OK)
    rc = check_shares(m, err);
  if (rc == KC_OK)
    rc = check_annual(m, err);
  if (rc == KC_OK && m->nclosed)
    rc = check_actuals(m, err);
  return rc;
}

/* Appends one warning to out when there is room; counts it either way. */
static void warn(kc_error *out, int max, int *n, const char *file, int line, const char *fmt, const char *id,
                 double v) {
  if (*n < max)
    kc_fail(&out[*n], KC_ERR_INPUT, file, line, 0, fmt, id, v);
  (*n)++;
}

/* Closed years that spent more than a ceiling allowed: recorded as they happened, and said. */
static void actuals_warnings(const kc_model *m, kc_error *out, int max, int *n) {
  int ny = kc_nyears(m), ns = m->nsrc;
  char b1[32], b2[32], b3[32];
  for (int s = 0; s < ns; s++) {
    long long total = 0;
    double allowed = 0; /* the annual ceilings so far (with carry-over, what is unspent moves on) */
    int last_line = 0;
    for (int yi = 0; yi < m->nclosed; yi++) {
      long long spent = 0;
      int line = 0;
      for (int a = 0; a < m->nact; a++) {
        spent += m->act_milli[(size_t)(a * ny + yi) * ns + s];
        if (m->act_line[a * ny + yi] && (!line || m->act_line[a * ny + yi] < line))
          line = m->act_line[a * ny + yi];
      }
      total += spent;
      last_line = line > last_line ? line : last_line;
      if (!m->has_annual[s])
        continue;
      allowed = (m->carry_over ? allowed : 0) + m->annual[s * ny + yi];
      long long cap = (long long)floor(allowed * 1000.0 + 1e-6), used = m->carry_over ? total : spent;
      if (used > cap && (*n)++ < max)
        kc_fail(&out[*n - 1], KC_ERR_INPUT, m->actuals_path, line, 0,
                m->carry_over ? N_("%s %d: the money recorded up to this year, %s, is over the annual ceilings "
                                   "carried over of %s by %s (kept as it happened)")
                              : N_("%s %d: the money recorded, %s, is over the annual ceiling of %s by %s (kept as it "
                                   "happened)"),
                m->src[s].id, m->first_year + yi, kc_fmt_milli(used, b1), kc_fmt_milli(cap, b2),
                kc_fmt_milli(used - cap, b3));
    }
    long long cap = m->src[s].has_ceiling ? (long long)floor(m->src[s].ceiling * 1000.0 + 1e-6) : -1;
    if (cap >= 0 && total > cap && (*n)++ < max)
      kc_fail(&out[*n - 1], KC_ERR_INPUT, m->actuals_path, last_line, 0,
              "%s: the money recorded in the closed years, %s, is over its total ceiling of %s", m->src[s].id,
              kc_fmt_milli(total, b1), kc_fmt_milli(cap, b2));
  }
}

int kc_model_warnings(const kc_model *m, kc_error *out, int max) {
  char pa[600], pe[600], pt[600];
  path_of(m, "activities.csv", pa, sizeof pa);
  path_of(m, m->has_eligibility ? "eligibility.csv" : "activities.csv", pe, sizeof pe);
  path_of(m, "targets.csv", pt, sizeof pt);
  int n = 0;
  for (int a = 0; a < m->nact - kc_model_proposals(m); a++) { /* a proposal's rules are errors (check_proposal) */
    const kc_activity *ac = &m->act[a];
    if (ac->ndisb > kc_nyears(m))
      warn(out, max, &n, pa, ac->line,
           "%s: its disbursement runs %g years, longer than the horizon, so no unit can start", ac->id,
           (double)ac->ndisb);
    double smax = 0;
    for (int s = 0; s < m->nsrc; s++)
      smax += m->max_share[a * m->nsrc + s];
    if (smax < 1 - 1e-9)
      warn(out, max, &n, pe, m->has_eligibility ? 0 : ac->line,
           "%s: the sources may pay at most %.4g%% of it (max_share), so no unit can be paid for", ac->id, 100 * smax);
  }
  for (int t = 0; t < m->ntgt; t++) {
    const kc_target *tg = &m->tgt[t];
    int any = 0;
    for (int y = tg->first_year; y <= tg->last_year; y++)
      any |= kc_can_start(m, tg->activity, y);
    if (!any && m->act[tg->activity].ndisb <= kc_nyears(m))
      warn(out, max, &n, pt, tg->line,
           "%s: no unit started in this period can finish paying by the last year, so its target of %g cannot "
           "be reached",
           m->act[tg->activity].id, tg->target);
  }
  actuals_warnings(m, out, max, &n);
  return n;
}

static char *dup_str(const char *s, int *ok) {
  char *d = s ? strdup(s) : NULL;
  if (s && !d)
    *ok = 0;
  return d;
}

static void *dup_mem(const void *p, size_t n, int *ok) {
  if (!p || n == 0)
    return NULL;
  void *d = malloc(n);
  if (!d)
    *ok = 0;
  else
    memcpy(d, p, n);
  return d;
}

kc_rc kc_model_copy(kc_model *dst, const kc_model *src, kc_error *err) {
  int ok = 1;
  size_t pairs = (size_t)src->nact * (size_t)src->nsrc, years = (size_t)src->nsrc * (size_t)kc_nyears(src);
  *dst = *src; /* the scalars; every pointer below is replaced by a copy (or NULL) */
  dst->dir = dup_str(src->dir, &ok);
  dst->name = dup_str(src->name, &ok);
  dst->doc.name_vi = dup_str(src->doc.name_vi, &ok);
  dst->doc.parent_agency = dup_str(src->doc.parent_agency, &ok);
  dst->doc.agency = dup_str(src->doc.agency, &ok);
  dst->doc.place = dup_str(src->doc.place, &ok);
  dst->doc.preparer = dup_str(src->doc.preparer, &ok);
  dst->doc.head = dup_str(src->doc.head, &ok);
  dst->doc.head_title = dup_str(src->doc.head_title, &ok);
  dst->preference = dup_mem(src->preference, (size_t)src->nsrc * sizeof *src->preference, &ok);
  dst->src = calloc((size_t)src->nsrc, sizeof *dst->src);
  dst->act = calloc((size_t)(src->nact ? src->nact : 1), sizeof *dst->act);
  dst->tgt = dup_mem(src->tgt, (size_t)src->ntgt * sizeof *src->tgt, &ok);
  dst->act_index = dup_mem(src->act_index, (size_t)src->act_index_cap * sizeof *src->act_index, &ok);
  dst->max_share = dup_mem(src->max_share, pairs * sizeof *src->max_share, &ok);
  dst->min_share = dup_mem(src->min_share, pairs * sizeof *src->min_share, &ok);
  dst->elig_line = dup_mem(src->elig_line, pairs * sizeof *src->elig_line, &ok);
  dst->has_annual = dup_mem(src->has_annual, (size_t)src->nsrc * sizeof *src->has_annual, &ok);
  dst->annual = dup_mem(src->annual, years * sizeof *src->annual, &ok);
  dst->annual_line = dup_mem(src->annual_line, years * sizeof *src->annual_line, &ok);
  size_t cells = src->act_units ? (size_t)src->nact * (size_t)kc_nyears(src) : 0;
  dst->act_units = dup_mem(src->act_units, cells * sizeof *src->act_units, &ok);
  dst->act_milli = dup_mem(src->act_milli, cells * (size_t)src->nsrc * sizeof *src->act_milli, &ok);
  dst->act_line = dup_mem(src->act_line, cells * sizeof *src->act_line, &ok);
  dst->actuals_path = dup_str(src->actuals_path, &ok);
  size_t bcells = src->base_units ? (size_t)src->nact * (size_t)kc_nyears(src) : 0;
  dst->base_units = dup_mem(src->base_units, bcells * sizeof *src->base_units, &ok);
  dst->base_milli = dup_mem(src->base_milli, bcells * (size_t)src->nsrc * sizeof *src->base_milli, &ok);
  if (!dst->src || !dst->act)
    ok = 0;
  for (int s = 0; ok && s < src->nsrc; s++) {
    dst->src[s] = src->src[s]; /* then its strings are replaced by copies */
    dst->src[s].id = dup_str(src->src[s].id, &ok);
    dst->src[s].name = dup_str(src->src[s].name, &ok);
  }
  for (int a = 0; ok && a < src->nact; a++) {
    kc_activity *d = &dst->act[a];
    *d = src->act[a];
    d->id = dup_str(src->act[a].id, &ok);
    d->name = dup_str(src->act[a].name, &ok);
    d->unit = dup_str(src->act[a].unit, &ok);
    d->group = dup_str(src->act[a].group, &ok);
    d->disb = dup_mem(src->act[a].disb, (size_t)src->act[a].ndisb * sizeof *d->disb, &ok);
    d->owner = dup_str(src->act[a].owner, &ok);
  }
  if (!ok) {
    if (!dst->src)
      dst->nsrc = 0; /* nothing to free per source */
    if (!dst->act)
      dst->nact = 0;
    kc_model_free(dst);
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  }
  return KC_OK;
}
