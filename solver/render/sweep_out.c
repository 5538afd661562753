/* sweep_out.c — a sweep rendered from its points: JSON (with the breakpoints), CSV, the terminal
 * table, and the sweep.csv + sweep.json pair written together. */
#include "render/sweep_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/i18n.h"

static cJSON *breakpoints(const kc_model *m, const kc_sweep_break *bs, int n) {
  cJSON *arr = cJSON_CreateArray();
  char lab[200];
  for (int i = 0; i < n; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, o);
    cJSON_AddNumberToObject(o, "between", bs[i].between);
    cJSON_AddNumberToObject(o, "and", bs[i].and_);
    cJSON *ch = cJSON_AddArrayToObject(o, "changes");
    for (int k = 0; k < bs[i].nchanges; k++) {
      const kc_sweep_change *c = &bs[i].changes[k];
      cJSON *e = cJSON_CreateObject();
      cJSON_AddItemToArray(ch, e);
      cJSON_AddStringToObject(e, "target", kc_target_label(m, c->target, lab, sizeof lab));
      cJSON_AddNumberToObject(e, "from", c->from);
      cJSON_AddNumberToObject(e, "to", c->to);
      if (!isnan(c->rate))
        cJSON_AddNumberToObject(e, "rate", c->rate);
    }
    if (bs[i].rate_text[0])
      cJSON_AddStringToObject(o, "rate_text", bs[i].rate_text);
  }
  return arr;
}

cJSON *kc_sweep_json(const kc_model *m, const kc_sweep *s) {
  cJSON *root = cJSON_CreateObject();
  if (!root)
    return NULL;
  cJSON_AddStringToObject(root, "path", s->path);
  cJSON_AddNumberToObject(root, "from", s->from);
  cJSON_AddNumberToObject(root, "to", s->to);
  cJSON_AddNumberToObject(root, "step", s->step);
  cJSON_AddNumberToObject(root, "total_points", s->total);
  cJSON *pts = cJSON_AddArrayToObject(root, "points");
  for (int i = 0; i < s->npoints; i++) {
    const kc_sweep_point *p = &s->points[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(pts, o);
    cJSON_AddNumberToObject(o, "index", p->index);
    cJSON_AddNumberToObject(o, "value", p->value);
    cJSON_AddStringToObject(o, "status", kc_status_word(p->status));
    if (!kc_sweep_has_plan(p)) {
      cJSON_AddStringToObject(o, "reason", p->message_en);
      continue;
    }
    cJSON_AddNumberToObject(o, "weighted_shortfall", p->shortfall);
    cJSON *sp = cJSON_AddObjectToObject(o, "spend");
    for (int k = 0; k < s->nsrc; k++)
      cJSON_AddNumberToObject(sp, m->src[k].id, p->spend[k]);
    cJSON *pl = cJSON_AddObjectToObject(o, "planned");
    for (int t = 0; t < s->ntgt; t++) {
      char lab[200];
      kc_target_label(m, t, lab, sizeof lab);
      cJSON_AddNumberToObject(pl, lab, p->planned[t]);
    }
    if (s->nprop) {
      cJSON *fu = cJSON_AddArrayToObject(o, "funded");
      for (int q = 0; q < s->nprop; q++)
        if (p->funded[q])
          cJSON_AddItemToArray(fu, cJSON_CreateString(m->act[s->nact - s->nprop + q].id));
    }
  }
  kc_sweep_break *bs;
  int n = kc_sweep_breaks(m, s, KC_LANG_EN, &bs); /* JSON is for programs: English */
  if (n < 0) {
    cJSON_Delete(root);
    return NULL;
  }
  cJSON_AddItemToObject(root, "breakpoints", breakpoints(m, bs, n));
  kc_sweep_breaks_free(bs, n);
  return root;
}

void kc_sweep_csv(FILE *fp, const kc_model *m, const kc_sweep *s) {
  fputs("index,value,status,weighted_shortfall", fp);
  for (int k = 0; k < s->nsrc; k++)
    fprintf(fp, ",ceiling_%s", m->src[k].id);
  for (int k = 0; k < s->nsrc; k++)
    fprintf(fp, ",spend_%s", m->src[k].id);
  for (int t = 0; t < s->ntgt; t++)
    fprintf(fp, ",%s_%d_%d", m->act[m->tgt[t].activity].id, m->tgt[t].first_year, m->tgt[t].last_year);
  fputs(s->nprop ? ",funded\n" : "\n", fp);
  for (int i = 0; i < s->npoints; i++) {
    const kc_sweep_point *p = &s->points[i];
    fprintf(fp, "%d,%.10g,%s,", p->index, p->value, kc_status_word(p->status));
    if (kc_sweep_has_plan(p))
      fprintf(fp, "%.9g", p->shortfall);
    for (int k = 0; k < s->nsrc; k++)
      isfinite(p->ceiling[k]) && kc_sweep_has_plan(p) ? fprintf(fp, ",%.3f", p->ceiling[k]) : fputs(",", fp);
    for (int k = 0; k < s->nsrc; k++)
      kc_sweep_has_plan(p) ? fprintf(fp, ",%.3f", p->spend[k]) : fputs(",", fp);
    for (int t = 0; t < s->ntgt; t++)
      kc_sweep_has_plan(p) ? fprintf(fp, ",%.6g", p->planned[t]) : fputs(",", fp);
    if (s->nprop) { /* the funded proposals' ids, space-separated */
      fputc(',', fp);
      for (int q = 0, first = 1; kc_sweep_has_plan(p) && q < s->nprop; q++)
        if (p->funded[q]) {
          fprintf(fp, "%s%s", first ? "" : " ", m->act[s->nact - s->nprop + q].id);
          first = 0;
        }
    }
    fputc('\n', fp);
  }
}

/* Between neighbouring points with a plan, the proposals that start or stop being funded. */
static void proposal_switches(FILE *fp, const kc_model *m, const kc_sweep *s) {
  char b1[48], b2[48];
  int prev = -1, shown = 0;
  for (int i = 0; i < s->npoints; i++) {
    if (!kc_sweep_has_plan(&s->points[i]))
      continue;
    if (prev >= 0 && memcmp(s->points[prev].funded, s->points[i].funded, (size_t)s->nprop) != 0) {
      if (!shown++)
        fputs(_("\nProposals that switch\n"), fp);
      fprintf(fp, _("  between %s and %s:"), kc_fmt_g(s->points[prev].value, 6, kc_ui_lang(), b1),
              kc_fmt_g(s->points[i].value, 6, kc_ui_lang(), b2));
      for (int q = 0; q < s->nprop; q++)
        if (s->points[prev].funded[q] != s->points[i].funded[q])
          fprintf(fp, " %s %s;", m->act[s->nact - s->nprop + q].id,
                  s->points[i].funded[q] ? _("funded") : _("dropped"));
      fputc('\n', fp);
    }
    prev = i;
  }
  if (s->nprop && !shown)
    fputs(_("The same proposals are funded at every point.\n"), fp);
}

int kc_sweep_table(FILE *fp, const kc_model *m, const kc_sweep *s, int threads) {
  kc_lang L = kc_ui_lang();
  char b1[48], b2[48], b3[48], b4[48], b5[48], words[300];
  int ok = 0;
  for (int i = 0; i < s->npoints; i++)
    ok += kc_sweep_has_plan(&s->points[i]);
  fprintf(fp,
          P_("Sweep of %s (%s) from %s to %s in steps of %s: %d points solved (%d with a plan) in %s s, %s "
             "points/s with %d thread\n",
             "Sweep of %s (%s) from %s to %s in steps of %s: %d points solved (%d with a plan) in %s s, %s "
             "points/s with %d threads\n",
             threads),
          kc_sweep_path_words(m, s->path, L, words, sizeof words), s->path, kc_fmt_g(s->from, 6, L, b1),
          kc_fmt_g(s->to, 6, L, b2), kc_fmt_g(s->step, 6, L, b3), s->npoints, ok, kc_fmt_fixed(s->seconds, 3, L, b4),
          kc_fmt_fixed(s->seconds > 0 ? s->npoints / s->seconds : 0.0, 0, L, b5), threads);
  kc_sweep_break *bs;
  int n = kc_sweep_breaks(m, s, kc_ui_lang(), &bs);
  if (n < 0)
    return -1;
  if (n == 0)
    fputs(_("The plan's composition is the same at every point.\n"), fp);
  else
    fputs(_("\nBreakpoints: where the planned units change\n"), fp);
  char lab[600];
  for (int i = 0; i < n; i++) {
    fprintf(fp, _("  between %s and %s:"), kc_fmt_g(bs[i].between, 6, L, b1), kc_fmt_g(bs[i].and_, 6, L, b2));
    for (int k = 0; k < bs[i].nchanges; k++)
      fprintf(fp, " %s %s→%s", kc_target_name(m, bs[i].changes[k].target, lab, sizeof lab),
              kc_fmt_g(bs[i].changes[k].from, 6, L, b1), kc_fmt_g(bs[i].changes[k].to, 6, L, b2));
    fputc('\n', fp);
    if (bs[i].rate_text[0])
      fprintf(fp, "    %s\n", bs[i].rate_text);
  }
  kc_sweep_breaks_free(bs, n);
  proposal_switches(fp, m, s);
  return 0;
}

typedef struct {
  const kc_model *m;
  const kc_sweep *s;
  const char *json;
} sweep_files;

static void write_sweep_file(void *ctx, int i, FILE *fp) {
  const sweep_files *f = ctx;
  if (i == 0)
    kc_sweep_csv(fp, f->m, f->s);
  else
    fprintf(fp, "%s\n", f->json);
}

kc_rc kc_sweep_write(const char *dir, const kc_model *m, const kc_sweep *s, kc_error *err) {
  static const char *const names[] = {"sweep.csv", "sweep.json"};
  cJSON *js = kc_sweep_json(m, s);
  char *text = js ? cJSON_Print(js) : NULL;
  cJSON_Delete(js);
  if (!text)
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  sweep_files f = {m, s, text};
  kc_rc rc = kc_write_file_set(dir, names, 2, write_sweep_file, &f, err);
  free(text);
  return rc;
}
