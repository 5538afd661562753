/* sweep.c — the points of a sweep solved on worker threads. Each point is solved from scratch, so
 * its result is the same whatever the order, the threads or the shard. */
#define _POSIX_C_SOURCE 200809L
#include "study/sweep.h"

#include <cjson/cJSON.h>
#include <glpk.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/audit.h"
#include "core/csvtab.h"
#include "core/text.h"
#include "core/fileio.h"
#include "plan/plan.h"
#include "plan/run.h"
#include "input/scenario.h"

kc_rc kc_sweep_parse(const char *spec, char *path, size_t n, double *from, double *to, double *step, int *total,
                     kc_error *err) {
  const char *eq = strchr(spec, '=');
  if (!eq || eq == spec || (size_t)(eq - spec) >= n)
    return kc_fail(err, KC_ERR_INPUT, NULL, 0, 0,
                   "--vary takes PATH=FROM:TO:STEP, e.g. sources.local.ceiling_scale=1:0:0.05");
  memcpy(path, spec, (size_t)(eq - spec));
  path[eq - spec] = '\0';
  char buf[200];
  snprintf(buf, sizeof buf, "%s", eq + 1);
  char *p2 = strchr(buf, ':'), *p3 = p2 ? strchr(p2 + 1, ':') : NULL;
  if (!p2 || !p3)
    return kc_fail(err, KC_ERR_INPUT, NULL, 0, 0, "--vary %s: the range must be FROM:TO:STEP", spec);
  *p2 = *p3 = '\0';
  if (!kc_parse_number(buf, from) || !kc_parse_number(p2 + 1, to) || !kc_parse_number(p3 + 1, step))
    return kc_fail(err, KC_ERR_INPUT, NULL, 0, 0, "--vary %s: FROM, TO and STEP must be numbers", spec);
  if (!(*step > 0))
    return kc_fail(err, KC_ERR_INPUT, NULL, 0, 0,
                   "--vary %s: STEP must be greater than 0 (the sweep walks from FROM to TO)", spec);
  double count = floor(fabs(*to - *from) / *step + 1e-9) + 1;
  if (!(count <= 1e7))
    return kc_fail(err, KC_ERR_INPUT, NULL, 0, 0, "--vary %s: too many points (%.3g); a sweep has at most 10 million",
                   spec, count);
  *total = (int)count;
  return KC_OK;
}

/* Builds the scenario {a: {b: {c: value}}} for path "a.b.c". */
static cJSON *point_scenario(const char *path, double value) {
  cJSON *root = cJSON_CreateObject(), *cur = root;
  char buf[200];
  snprintf(buf, sizeof buf, "%s", path);
  char *save = NULL, *tok = strtok_r(buf, ".", &save);
  while (tok) {
    char *next = strtok_r(NULL, ".", &save);
    if (next)
      cur = cJSON_AddObjectToObject(cur, tok);
    else
      cJSON_AddNumberToObject(cur, tok, value);
    tok = next;
  }
  return root;
}

/* Work shared by the threads of one sweep: points are handed out in runs of CHUNK consecutive
 * points, few enough lock turns and no thread idling while another still has a long run of hard
 * points. */
#define CHUNK 16
typedef struct {
  pthread_mutex_t lock;
  int next; /* first point not yet handed out */
  int done;
  int failed; /* a worker failed: stop handing out points */
  double last_report;
} queue;

typedef struct {
  const kc_model *base;
  const kc_sweep_opts *o;
  kc_sweep *s;
  queue *q;
  kc_rc rc; /* KC_OK, or a failure that stops the sweep */
  kc_error err;
} worker;

/* Solves one point into pt; returns KC_OK also for points without a plan (their status says why). */
static kc_rc solve_point(const worker *w, kc_sweep_point *pt, kc_error *err) {
  const kc_sweep *s = w->s;
  char label[300];
  snprintf(label, sizeof label, "--vary %s=%.10g", s->path, pt->value);
  cJSON *sc = point_scenario(s->path, pt->value);
  if (!sc)
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  kc_run_opts ro = {.scenario = sc, .scenario_label = label, .solve = w->o->solve, .skip_reasons = 1};
  ro.solve.skip_shadow = 1;
  kc_run x;
  kc_error perr = {0};
  kc_rc rc = kc_run_model(w->base, &ro, &x, &perr);
  cJSON_Delete(sc);
  if (x.input_bad) {
    pt->status = KC_ERR_INPUT; /* the path was checked: this value breaks a rule of the model */
    snprintf(pt->message, sizeof pt->message, "%.290s", perr.msg);
    snprintf(pt->message_en, sizeof pt->message_en, "%.290s", perr.en);
    rc = KC_OK;
  } else if (rc != KC_OK) {
    *err = perr;
  } else {
    const kc_model *m = &x.m;
    const kc_plan *p = &x.p;
    for (int i = 0; i < m->nsrc; i++)
      pt->ceiling[i] = m->src[i].has_ceiling ? m->src[i].ceiling : NAN;
    pt->status = x.r.status;
    if (x.has_plan) {
      pt->shortfall = kc_stage_value(m, KC_STAGE_ATTAIN, p->units, p->money);
      for (int i = 0; i < m->nsrc; i++)
        pt->spend[i] = (double)kc_plan_spend(p, i, -1) / 1000.0;
      for (int t = 0; t < m->ntgt && t < s->ntgt; t++)
        pt->planned[t] = kc_plan_planned(m, p, t);
      for (int q = 0; q < s->nprop; q++) { /* sweep paths never add or drop proposals */
        double u = 0;
        for (int yi = 0; yi < p->ny; yi++)
          u += p->units[(s->nact - s->nprop + q) * p->ny + yi];
        pt->funded[q] = u > 0.5;
      }
      if (pt->units) /* the model's shape is the base's: sweep paths never add or drop records */
        for (int a = 0; a < m->nact; a++)
          for (int yi = 0; yi < p->ny; yi++) {
            int cix = a * p->ny + yi;
            pt->units[cix] = p->units[cix];
            for (int i = 0; i < m->nsrc; i++) {
              double v = (double)p->milli[cix * m->nsrc + i] / 1000.0;
              pt->money[cix] += v;
              pt->src_year[i * p->ny + yi] += v;
            }
          }
    } else if (x.r.status == KC_ERR_INFEASIBLE) {
      snprintf(pt->message, sizeof pt->message, "%.290s", x.r.infeasible_reason.msg);
      snprintf(pt->message_en, sizeof pt->message_en, "%.290s", x.r.infeasible_reason.en);
    }
  }
  kc_run_free(&x);
  return rc;
}

static void *work(void *arg) {
  worker *w = arg;
  queue *q = w->q;
  for (;;) {
    pthread_mutex_lock(&q->lock);
    int first = q->failed ? w->s->npoints : q->next;
    q->next = first + CHUNK < w->s->npoints ? first + CHUNK : w->s->npoints;
    int last = q->next;
    pthread_mutex_unlock(&q->lock);
    if (first >= last)
      break;
    for (int i = first; i < last && w->rc == KC_OK; i++)
      w->rc = solve_point(w, &w->s->points[i], &w->err);
    pthread_mutex_lock(&q->lock);
    q->done += last - first;
    q->failed |= w->rc != KC_OK;
    if (w->o->progress && (kc_now() - q->last_report >= 1.0 || q->done == w->s->npoints)) {
      q->last_report = kc_now();
      w->o->progress(w->o->progress_ctx, q->done, w->s->npoints);
    }
    pthread_mutex_unlock(&q->lock);
    if (w->rc != KC_OK)
      break;
  }
  glp_free_env(); /* GLPK's environment is per thread: free it before the thread ends */
  return NULL;
}

/* Splits a sweep path into buf (n bytes): KIND.ID.FIELD, or program.FIELD (*id NULL). Returns 0 when
 * it has those parts and no more, else -1. */
static int path_parts(const char *path, char *buf, size_t n, char **kind, char **id, char **field) {
  char *save = NULL;
  snprintf(buf, n, "%s", path);
  *kind = strtok_r(buf, ".", &save);
  *id = strtok_r(NULL, ".", &save);
  *field = strtok_r(NULL, ".", &save);
  if (*kind && *id && !*field && strcmp(*kind, "program") == 0) {
    *field = *id;
    *id = NULL;
    return 0;
  }
  return *kind && *id && *field && !strtok_r(NULL, ".", &save) && strcmp(*kind, "program") != 0 ? 0 : -1;
}

/* Checks that path names a numeric scenario field of base: sources.ID.(ceiling|ceiling_scale|
 * annual_scale), activities.ID.unit_cost_scale or any activity column marked sweep in kc_act_cols,
 * proposals.ID.(cost|cost_scale|score|units), program.(price_growth|price_base_year). */
static kc_rc check_path(const kc_model *base, const char *path, kc_error *err) {
  static const char *const src_f[] = {"ceiling", "ceiling_scale", "annual_scale", NULL};
  static const char *const prog_f[] = {"price_growth", "price_base_year", NULL};
  static const char *const prop_f[] = {"cost", "cost_scale", "score", "units", NULL};
  const char *act_f[KC_ACT_NCOLS + 1 + 1];
  char act_list[300] = "unit_cost_scale";
  int n = 0;
  act_f[n++] = "unit_cost_scale";
  for (const kc_act_col *k = kc_act_cols; k->name; k++)
    if (k->sweep) {
      act_f[n++] = k->name;
      snprintf(act_list + strlen(act_list), sizeof act_list - strlen(act_list), "|%s", k->name);
    }
  act_f[n] = NULL;
  char buf[200], *a, *b, *field;
  const char *const *fields = NULL;
  if (path_parts(path, buf, sizeof buf, &a, &b, &field) == 0) {
    if (!b)
      fields = prog_f;
    else if (strcmp(a, "sources") == 0 && kc_find_source(base, b) >= 0)
      fields = src_f;
    else if (strcmp(a, "activities") == 0 && kc_find_activity(base, b) >= 0 &&
             !base->act[kc_find_activity(base, b)].proposal)
      fields = act_f;
    else if (strcmp(a, "proposals") == 0 && kc_find_activity(base, b) >= 0 &&
             base->act[kc_find_activity(base, b)].proposal)
      fields = prop_f;
  }
  for (const char *const *f = fields; f && *f; f++)
    if (strcmp(*f, field) == 0)
      return KC_OK;
  return kc_fail(err, KC_ERR_INPUT, NULL, 0, 0,
                 "--vary %s: not a numeric field of this model's scenarios; use sources.ID.(ceiling|ceiling_scale|"
                 "annual_scale), activities.ID.(%s), proposals.ID.(cost|cost_scale|score|units) or "
                 "program.(price_growth|price_base_year)",
                 path, act_list);
}

void kc_sweep_free(kc_sweep *s) {
  if (!s)
    return;
  for (int i = 0; s->points && i < s->npoints; i++) {
    free(s->points[i].spend);
    free(s->points[i].planned);
    free(s->points[i].ceiling);
    free(s->points[i].units);
    free(s->points[i].funded);
    free(s->points[i].money);
    free(s->points[i].src_year);
  }
  free(s->points);
  memset(s, 0, sizeof *s);
}

kc_rc kc_sweep_run(const kc_model *base, const char *spec, const kc_sweep_opts *o, kc_sweep *s, kc_error *err) {
  memset(s, 0, sizeof *s);
  kc_rc rc = kc_sweep_parse(spec, s->path, sizeof s->path, &s->from, &s->to, &s->step, &s->total, err);
  if (rc == KC_OK)
    rc = check_path(base, s->path, err);
  if (rc != KC_OK)
    return rc;
  int k = o->shard_n > 1 ? o->shard_k : 0, n = o->shard_n > 1 ? o->shard_n : 1;
  s->npoints = k < s->total ? (s->total - k + n - 1) / n : 0;
  s->nsrc = base->nsrc;
  s->ntgt = base->ntgt;
  s->nact = base->nact;
  s->nprop = kc_model_proposals(base);
  s->ny = kc_nyears(base);
  s->points = calloc((size_t)s->npoints + 1, sizeof *s->points);
  if (!s->points)
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  double dir = s->to >= s->from ? 1.0 : -1.0;
  for (int i = 0; i < s->npoints; i++) {
    kc_sweep_point *pt = &s->points[i];
    pt->index = k + i * n;
    pt->value = s->from + dir * s->step * pt->index;
    pt->value = round(pt->value * 1e12) / 1e12; /* 1 - 0.001 * 700 prints as 0.3 */
    pt->spend = calloc((size_t)s->nsrc, sizeof *pt->spend);
    pt->planned = calloc((size_t)s->ntgt + 1, sizeof *pt->planned);
    pt->ceiling = calloc((size_t)s->nsrc, sizeof *pt->ceiling);
    pt->funded = calloc((size_t)s->nprop + 1, sizeof *pt->funded);
    if (o->keep_plans) {
      pt->units = calloc((size_t)(s->nact * s->ny) + 1, sizeof *pt->units);
      pt->money = calloc((size_t)(s->nact * s->ny) + 1, sizeof *pt->money);
      pt->src_year = calloc((size_t)(s->nsrc * s->ny) + 1, sizeof *pt->src_year);
    }
    if (!pt->spend || !pt->planned || !pt->ceiling || !pt->funded ||
        (o->keep_plans && (!pt->units || !pt->money || !pt->src_year))) {
      kc_sweep_free(s);
      return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
    }
  }
  int nt = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads;
  if (nt > s->npoints)
    nt = s->npoints ? s->npoints : 1;
  worker *w = calloc((size_t)nt, sizeof *w);
  pthread_t *th = calloc((size_t)nt, sizeof *th);
  if (!w || !th) {
    free(w);
    free(th);
    kc_sweep_free(s);
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  }
  queue q = {.next = 0, .last_report = -1e9}; /* the first points done are reported at once */
  pthread_mutex_init(&q.lock, NULL);
  double t0 = kc_now();
  for (int t = 0; t < nt; t++) {
    w[t] = (worker){.base = base, .o = o, .s = s, .q = &q, .rc = KC_OK};
    if (nt == 1 || pthread_create(&th[t], NULL, work, &w[t]) != 0) {
      work(&w[t]); /* one thread, or no thread to be had: run it here */
      th[t] = 0;
    }
  }
  for (int t = 0; t < nt; t++)
    if (th[t])
      pthread_join(th[t], NULL);
  s->seconds = kc_now() - t0;
  pthread_mutex_destroy(&q.lock);
  rc = KC_OK;
  for (int t = 0; t < nt && rc == KC_OK; t++)
    if (w[t].rc != KC_OK) {
      rc = w[t].rc;
      if (err)
        *err = w[t].err;
    }
  free(w);
  free(th);
  if (rc != KC_OK)
    kc_sweep_free(s);
  return rc;
}

int kc_sweep_has_plan(const kc_sweep_point *p) {
  return p->status == KC_OK || p->status == KC_ERR_LIMIT;
}

/* The money source a path varies (sources.ID.ceiling...), or -1. */
static int money_source(const kc_model *m, const char *path) {
  char buf[200], *a, *b, *c;
  if (path_parts(path, buf, sizeof buf, &a, &b, &c) == 0 && b && strcmp(a, "sources") == 0 &&
      strncmp(c, "ceiling", 7) == 0)
    return kc_find_source(m, b);
  return -1;
}

const char *kc_sweep_path_words(const kc_model *m, const char *path, kc_lang lang, char *buf, size_t n) {
  static const struct {
    const char *kind, *field, *vi, *en; /* the words, around the source's label or the item's name */
  } words[] = {
      {"sources", "ceiling", "trần tổng %s (triệu đồng)", "%s total ceiling (million VND)"},
      {"sources", "ceiling_scale", "trần tổng %s, tính theo lần trần của mô hình",
       "%s total ceiling, times the model's"},
      {"sources", "annual_scale", "trần năm %s, tính theo lần trần của mô hình",
       "%s annual ceilings, times the model's"},
      {"activities", "unit_cost", "đơn giá %s (triệu đồng)", "unit cost of %s (million VND)"},
      {"activities", "unit_cost_scale", "đơn giá %s, tính theo lần đơn giá của mô hình",
       "unit cost of %s, times the model's"},
      {"activities", "weight", "trọng số của %s", "weight of %s"},
      {"activities", "min_per_year", "số khởi công tối thiểu mỗi năm của %s", "least units a year of %s"},
      {"activities", "max_per_year", "số khởi công tối đa mỗi năm của %s", "most units a year of %s"},
      {"activities", "support_rate", "mức hỗ trợ của %s", "support rate of %s"},
      {"proposals", "cost", "kinh phí đề án %s (triệu đồng)", "cost of proposal %s (million VND)"},
      {"proposals", "cost_scale", "kinh phí đề án %s, tính theo lần kinh phí của mô hình",
       "cost of proposal %s, times the model's"},
      {"proposals", "score", "điểm thẩm định đề án %s", "appraisal score of proposal %s"},
      {"proposals", "units", "số đơn vị của đề án %s", "units of proposal %s"},
      {"program", "price_growth", "mức trượt giá mỗi năm", "yearly price growth"},
      {"program", "price_base_year", "năm gốc của đơn giá", "base year of the unit costs"},
  };
  char p[200], lab[64], *kind, *id, *field;
  snprintf(buf, n, "%s", path);
  if (path_parts(path, p, sizeof p, &kind, &id, &field) != 0)
    return buf;
  const char *who = NULL;
  if (id && strcmp(kind, "sources") == 0 && kc_find_source(m, id) >= 0)
    who = kc_source_label(m, kc_find_source(m, id), lab, sizeof lab);
  else if (id && kc_find_activity(m, id) >= 0)
    who = m->act[kc_find_activity(m, id)].name;
  if (id && !who)
    return buf;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(words[i].kind, kind) == 0 && strcmp(words[i].field, field) == 0)
      snprintf(buf, n, lang == KC_LANG_VI ? words[i].vi : words[i].en, who ? who : "");
  return buf;
}

/* The measure a rate is expressed in at point p: the source's total ceiling for money paths. */
static double measure(const kc_sweep_point *p, int msrc) {
  return msrc >= 0 && isfinite(p->ceiling[msrc]) ? p->ceiling[msrc] : p->value;
}

void kc_sweep_breaks_free(kc_sweep_break *b, int n) {
  for (int i = 0; b && i < n; i++)
    free(b[i].changes);
  free(b);
}

int kc_sweep_breaks(const kc_model *m, const kc_sweep *s, kc_lang lang, kc_sweep_break **out) {
  int vi = lang == KC_LANG_VI;
  int n = 0, msrc = money_source(m, s->path), prev = -1; /* point after the previous breakpoint */
  kc_sweep_break *bs = NULL;
  *out = NULL;
  for (int i = 0; i < s->npoints; i++)
    if (kc_sweep_has_plan(&s->points[i])) {
      prev = i;
      break;
    }
  for (int i = prev + 1; prev >= 0 && i < s->npoints; i++) {
    const kc_sweep_point *q = &s->points[i];
    if (!kc_sweep_has_plan(q))
      continue;
    int j = i - 1; /* the previous point with a plan */
    while (j >= 0 && !kc_sweep_has_plan(&s->points[j]))
      j--;
    const kc_sweep_point *p = &s->points[j];
    int changed = 0;
    for (int t = 0; t < s->ntgt; t++)
      changed += fabs(q->planned[t] - p->planned[t]) > 1e-9;
    if (!changed)
      continue;
    kc_sweep_break *nb = realloc(bs, (size_t)(n + 1) * sizeof *nb);
    kc_sweep_change *ch = malloc((size_t)changed * sizeof *ch);
    if (nb)
      bs = nb;
    if (!nb || !ch) {
      free(ch);
      kc_sweep_breaks_free(bs, n);
      return -1;
    }
    kc_sweep_break *o = &bs[n++];
    memset(o, 0, sizeof *o);
    o->between = p->value;
    o->and_ = q->value;
    o->changes = ch;
    const kc_sweep_point *b = &s->points[prev];
    double lo = measure(b, msrc), hi = measure(q, msrc), span = hi - lo;
    char lab[600], part[900], b1[48], b2[48];
    double per = msrc >= 0 ? 100.0 : 1.0;
    if (msrc >= 0)
      snprintf(o->rate_text, sizeof o->rate_text,
               vi ? "từ %s đến %s triệu đồng %s:" : "from %s to %s million VND of %s:",
               kc_fmt_num(fmin(lo, hi), 3, lang, b1), kc_fmt_num(fmax(lo, hi), 3, lang, b2), m->src[msrc].name);
    else
      snprintf(o->rate_text, sizeof o->rate_text,
               vi ? "%s từ %s đến %s:" : "%s from %s to %s:", kc_sweep_path_words(m, s->path, lang, lab, sizeof lab),
               kc_fmt_g(fmin(lo, hi), 6, lang, b1), kc_fmt_g(fmax(lo, hi), 6, lang, b2));
    int parts = 0;
    for (int t = 0; t < s->ntgt; t++) {
      double du = q->planned[t] - p->planned[t], dr = q->planned[t] - b->planned[t];
      if (fabs(du) <= 1e-9)
        continue;
      kc_sweep_change *c = &o->changes[o->nchanges++];
      *c = (kc_sweep_change){.target = t, .from = p->planned[t], .to = q->planned[t], .rate = NAN};
      if (fabs(span) > 1e-12 && fabs(dr) > 1e-9) {
        c->rate = dr / span * per;
        /* in whole units: how much more of the field buys (or costs) one unit */
        double each = per / fabs(c->rate);
        const char *unit = m->act[m->tgt[t].activity].unit;
        kc_target_name(m, t, lab, sizeof lab);
        const char *does =
            vi ? (c->rate > 0 ? "thêm được" : "bớt đi") : (c->rate > 0 ? "funds one more" : "takes away one");
        if (msrc >= 0)
          snprintf(part, sizeof part,
                   vi ? "%s cứ thêm %s triệu đồng thì %s 1 %s %s" : "%s every %s million more %s %s of %s",
                   parts++ ? ";" : "", kc_fmt_num(each, each < 10 ? 2 : 1, lang, b1), does, unit, lab);
        else
          snprintf(part, sizeof part, vi ? "%s cứ +%s thì %s 1 %s %s" : "%s every +%s %s %s of %s", parts++ ? ";" : "",
                   kc_fmt_g(each, 4, lang, b1), does, unit, lab);
        strncat(o->rate_text, part, sizeof o->rate_text - strlen(o->rate_text) - 1);
      }
    }
    if (!parts)
      o->rate_text[0] = '\0';
    prev = i;
  }
  *out = bs;
  return n;
}
