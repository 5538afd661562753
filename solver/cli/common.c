/* common.c — error printing and small parsers shared by the sub-commands. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <getopt.h>
#include <libgen.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <sys/stat.h>

#include "core/csvtab.h"
#include "input/load.h"
#include "render/output.h"
#include "input/scenario.h"
#include "core/i18n.h"
#include "core/text.h"
#include "cli.h"

int cli_exit_code(kc_rc rc) {
  switch (rc) {
  case KC_OK:
    return EXIT_OK;
  case KC_ERR_INPUT:
    return EXIT_INPUT;
  case KC_ERR_INFEASIBLE:
    return EXIT_INFEASIBLE;
  case KC_ERR_LIMIT:
    return EXIT_LIMIT;
  default:
    return EXIT_INTERNAL;
  }
}

int cli_report(kc_rc rc, const kc_error *err) {
  char buf[2048];
  kc_error_format(err, buf, sizeof buf);
  fprintf(stderr, "kcplan: %s\n", buf);
  return cli_exit_code(rc);
}

int cli_usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("kcplan: ", stderr);
  vfprintf(stderr, _(fmt), ap); /* fmt is marked for the catalogue where it is written */
  fputc('\n', stderr);
  va_end(ap);
  return EXIT_INPUT;
}

int cli_parse_seconds(const char *s, double *out) {
  double v;
  if (!kc_parse_number(s, &v) || !(v > 0) || v > 1e7)
    return -1;
  *out = v;
  return 0;
}

void cli_warnings(const kc_model *m) {
  kc_error w[20];
  int n = kc_model_warnings(m, w, 20);
  char buf[2048];
  for (int i = 0; i < n && i < 20; i++) {
    kc_error_format(&w[i], buf, sizeof buf);
    fprintf(stderr, _("kcplan: warning: %s\n"), buf);
  }
  if (n > 20)
    fprintf(stderr, _("kcplan: warning: %d more warnings\n"), n - 20);
}

int cli_add_scenario(cli_scenarios *sc, const char *path) {
  if (sc->n == KC_MAX_SCEN)
    return cli_usage_error("at most %d scenarios (-s) can be given", KC_MAX_SCEN);
  sc->path[sc->n++] = path;
  return EXIT_OK;
}

int cli_load(const char *dir, const cli_scenarios *sc, kc_model *m) {
  kc_error err = {0};
  kc_rc rc = kc_load_model_actuals(dir, sc ? sc->actuals : NULL, m, &err);
  if (rc == KC_OK && sc && sc->baseline)
    rc = kc_load_baseline(m, sc->baseline, &err);
  for (int i = 0; rc == KC_OK && sc && i < sc->n; i++)
    rc = kc_scenario_apply_file(m, sc->path[i], &err);
  if (rc != KC_OK) {
    if (m->dir)
      kc_model_free(m);
    return cli_report(rc, &err);
  }
  cli_warnings(m);
  return EXIT_OK;
}

void cli_help(FILE *fp, const char *const *usage) {
  for (; *usage; usage++)
    fputs(_(*usage), fp);
}

int cli_shared_option(int c, cli_scenarios *sc, kc_solve_opts *so, const char *const *usage) {
  if (c == 's')
    return cli_add_scenario(sc, optarg);
  if (c == 'A' || c == 'B') {
    const char **slot = c == 'A' ? &sc->actuals : &sc->baseline;
    if (*slot)
      return cli_usage_error("--%s can be given once", c == 'A' ? "actuals" : "baseline");
    *slot = optarg;
    return EXIT_OK;
  }
  if (c == 'P') {
    cli_progress_forced = 1;
    return EXIT_OK;
  }
  if (c == 'l') {
    if (kc_lang_parse(optarg, &cli_lang) != 0)
      return cli_usage_error("--lang takes vi or en, not '%s'", optarg);
    return EXIT_OK;
  }
  if (c == 't' && so) {
    if (cli_parse_seconds(optarg, &so->time_limit))
      return cli_usage_error(
          _("--time-limit takes a number of seconds greater than 0 and at most 1e7 (116 days), not '%s'"), optarg);
    return EXIT_OK;
  }
  if (c == 'T' && so) {
    double n;
    if (strcmp(optarg, "exact") == 0)
      so->timing_exact = 1;
    else if (kc_parse_number(optarg, &n) && n >= 1 && n <= 1e9 && n == floor(n))
      so->timing_nodes = (long)n;
    else
      return cli_usage_error("--timing takes a number of branch-and-bound nodes (1 to 1e9) or 'exact', not '%s'",
                             optarg);
    return EXIT_OK;
  }
  if (c == 'R' && so) {
    double n;
    if (!kc_parse_number(optarg, &n) || n < 1 || n > 1e9 || n != floor(n))
      return cli_usage_error("--merit takes a number of branch-and-bound nodes (1 to 1e9), not '%s'", optarg);
    so->merit_nodes = (long)n;
    return EXIT_OK;
  }
  if (c == 'L' && so)
    return cli_usage_error("--stage-limit (seconds) is gone: the timing stage's effort is counted in nodes "
                           "(--timing N, or --timing exact), so results do not depend on the machine; "
                           "--time-limit SEC still caps the whole run");
  cli_help(stderr, usage);
  return EXIT_INPUT;
}

int cli_check_format(const char *format, const char *allowed) {
  size_t n = strlen(format);
  for (const char *p = allowed; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
    if (strncmp(p, format, n) == 0 && (p[n] == ',' || p[n] == '\0') && n > 0)
      return EXIT_OK;
  }
  return cli_usage_error("--format must be one of %s, not '%s'", allowed, format);
}

/* Why no plan exists: the ceilings that must rise, by source and year, or the rule no money repairs. */
void cli_explain_infeasible(const kc_model *m, const kc_result *r, const kc_gap *why) {
  char b[48];
  if (!why || why->status == KC_ERR_LIMIT) {
    fprintf(stderr, _("kcplan: %s: infeasible: %s\n"), m->dir, r->infeasible_reason.msg);
    return;
  }
  if (why->status != KC_OK) {
    fprintf(stderr, _("kcplan: %s: infeasible, and no amount of money repairs it: %s\n"), m->dir,
            why->nunreach ? why->unreach[0].reason.msg : r->infeasible_reason.msg);
    return;
  }
  int ny = kc_nyears(m);
  fprintf(stderr, _("kcplan: %s: infeasible: %s; the ceilings must rise by %s million VND in all:\n"), m->dir,
          r->infeasible_reason.msg, kc_fmt_fixed(kc_milli_enough(why->extra_total) / 1000.0, 3, kc_ui_lang(), b));
  for (int s = 0; s < m->nsrc; s++)
    for (int yi = 0; yi < ny; yi++)
      if (why->extra[s * ny + yi] > 5e-7) {
        char when[64], lab[64];
        snprintf(when, sizeof when, "%s", _("total ceiling"));
        if (m->has_annual[s])
          snprintf(when, sizeof when, "%d", m->first_year + yi);
        fprintf(stderr, "kcplan:   %s %s: +%s\n", kc_source_label(m, s, lab, sizeof lab), when,
                kc_fmt_fixed(kc_milli_enough(why->extra[s * ny + yi]) / 1000.0, 3, kc_ui_lang(), b));
      }
}

void cli_limit_note(const kc_model *m, const kc_result *r) {
  const kc_stage_result *s = r->nstage ? &r->stage[r->nstage - 1] : NULL;
  const kc_stage_result *merit = NULL;
  kc_lang L = kc_ui_lang();
  char b1[48], b2[48], b3[48];
  for (int i = 0; i < r->nstage; i++)
    merit = r->stage[i].kind == KC_STAGE_MERIT && !r->stage[i].proven ? &r->stage[i] : merit;
  if (!r->has_plan) {
    fprintf(stderr, _("kcplan: %s: time limit reached before any plan was found\n"), m->dir);
  } else if (merit && r->limit_stage == KC_STAGE_MERIT) { /* its node budget, counted: the same on any machine */
    fprintf(stderr,
            _("kcplan: %s: the merit stage's budget (--merit, %ld nodes searched) ran out; the best selection found "
              "is kept and the later stages keep it: its %s is %s, and no selection can have more than %s "
              "(gap %s%%)\n"),
            m->dir, merit->nodes, _(kc_stage_info(KC_STAGE_MERIT)->meaning), kc_fmt_g(merit->value, 10, L, b1),
            kc_fmt_g(merit->bound, 10, L, b2), kc_fmt_g(100 * merit->gap, 3, L, b3));
  } else if (s && s->kind == r->limit_stage && !s->proven && isfinite(s->bound)) {
    fprintf(stderr,
            s->kind == KC_STAGE_TIMING && m->timing == KC_LATE
                ? _("kcplan: %s: time limit reached in stage %s; best plan kept, not proven optimal: its %s is %s, "
                    "and no plan can have more than %s\n")
                : _("kcplan: %s: time limit reached in stage %s; best plan kept, not proven optimal: its %s is %s, "
                    "and no plan can have less than %s\n"),
            m->dir, kc_stage_name(s->kind), _(kc_stage_info(s->kind)->meaning), kc_fmt_g(s->value, 6, L, b1),
            kc_fmt_g(s->bound, 6, L, b2));
  } else {
    fprintf(stderr,
            _("kcplan: %s: time limit reached before stage %s; the plan of the stages before it is kept (not proven "
              "optimal for %s)\n"),
            m->dir, kc_stage_name(r->limit_stage), kc_stage_name(r->limit_stage));
  }
}

static void print_warnings(void *ctx, const kc_model *m) {
  (void)ctx;
  cli_warnings(m);
}

int cli_run(const char *dir, const cli_scenarios *sc, const kc_solve_opts *so, kc_run *x) {
  kc_error err = {0};
  kc_model base;
  memset(x, 0, sizeof *x);
  kc_rc rc = kc_load_model_actuals(dir, sc->actuals, &base, &err);
  if (rc == KC_OK && sc->baseline && (rc = kc_load_baseline(&base, sc->baseline, &err)) != KC_OK)
    kc_model_free(&base);
  if (rc != KC_OK)
    return cli_report(rc, &err);
  kc_run_opts o = {.files = sc->path, .nfiles = sc->n, .solve = *so, .explain = 1, .ready = print_warnings};
  rc = kc_run_model(&base, &o, x, &err);
  kc_model_free(&base);
  return rc == KC_OK ? EXIT_OK : cli_report(rc, &err);
}

int cli_outcome(const kc_run *x) {
  if (x->r.status == KC_ERR_INFEASIBLE) {
    cli_explain_infeasible(&x->m, &x->r, x->has_why ? &x->why : NULL);
    return EXIT_INFEASIBLE;
  }
  if (x->r.status == KC_ERR_LIMIT) {
    cli_limit_note(&x->m, &x->r);
    return EXIT_LIMIT;
  }
  return EXIT_OK;
}

int cli_check_out_dir(const char *dir) {
  struct stat st;
  if (stat(dir, &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      return cli_usage_error("%s: not a folder (the output goes into a folder)", dir);
    if (access(dir, W_OK) != 0)
      return cli_usage_error("%s: the output folder is not writable", dir);
    return EXIT_OK;
  }
  /* missing: the nearest folder above that exists must let us make it */
  char buf[1024];
  if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf)
    return cli_usage_error("%s: the output folder's name is too long", dir);
  for (;;) {
    char up[1024], tmp[1024];
    memcpy(tmp, buf, sizeof tmp); /* dirname may write into its argument */
    snprintf(up, sizeof up, "%s", dirname(tmp));
    if (stat(up, &st) == 0) {
      if (!S_ISDIR(st.st_mode) || access(up, W_OK | X_OK) != 0)
        return cli_usage_error("%s: cannot make the output folder (%s is not a writable folder)", dir, up);
      return EXIT_OK;
    }
    if (strcmp(up, buf) == 0 || strcmp(up, ".") == 0 || strcmp(up, "/") == 0)
      return cli_usage_error("%s: cannot make the output folder", dir);
    snprintf(buf, sizeof buf, "%s", up);
  }
}

int cli_make_out_dir(const char *dir) {
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", dir);
  for (char *p = buf + 1;; p++) { /* each missing folder on the way, like mkdir -p */
    if (*p != '/' && *p != '\0')
      continue;
    char c = *p;
    *p = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
      return cli_usage_error("%s: cannot make the output folder: %s", dir, strerror(errno));
    if (c == '\0')
      break;
    *p = c;
  }
  return EXIT_OK;
}

/* The folder of the output file path, in buf (1024 bytes). */
static const char *out_folder(const char *path, char *buf) {
  snprintf(buf, 1024, "%s", path);
  return dirname(buf);
}

int cli_check_out_file(const char *path) {
  char buf[1024];
  return cli_check_out_dir(out_folder(path, buf));
}

int cli_make_out_file_dir(const char *path) {
  char buf[1024];
  return cli_make_out_dir(out_folder(path, buf));
}

/* ---- the language ---- */

kc_lang cli_lang = KC_LANG_EN;

/* The language asked for: --lang (or -l) among the arguments, else the environment (LC_ALL,
 * LC_MESSAGES, LANG: the first set), Vietnamese when it starts with "vi". */
static kc_lang language_asked(int argc, char **argv) {
  kc_lang l;
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    if ((strcmp(argv[i], "--lang") == 0 || strcmp(argv[i], "-l") == 0) && i + 1 < argc)
      v = argv[i + 1];
    else if (strncmp(argv[i], "--lang=", 7) == 0)
      v = argv[i] + 7;
    if (v && kc_lang_parse(v, &l) == 0)
      return l;
  }
  const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t k = 0; k < sizeof vars / sizeof vars[0]; k++) {
    const char *e = getenv(vars[k]);
    if (e && *e)
      return strncmp(e, "vi", 2) == 0 ? KC_LANG_VI : KC_LANG_EN;
  }
  return KC_LANG_EN;
}

void cli_language_setup(int argc, char **argv) {
  cli_lang = language_asked(argc, argv);
  /* Messages only: numbers keep the C locale's decimal point (CSV, JSON). gettext ignores LANGUAGE
   * under the C locale, and a Vietnamese one may not be installed: C.UTF-8 then. */
  const char *msg = setlocale(LC_MESSAGES, "");
  if (!msg || strcmp(msg, "C") == 0 || strcmp(msg, "POSIX") == 0)
    setlocale(LC_MESSAGES, "C.UTF-8");
  setenv("LANGUAGE", cli_lang == KC_LANG_VI ? "vi" : "en", 1);
  /* the catalogues beside the built program (build/locale), else where it is installed */
  char dir[4096] = KC_LOCALEDIR, self[4000];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    self[n] = '\0';
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/locale/vi/LC_MESSAGES/kcplan.mo", dirname(self));
    struct stat st;
    if (stat(probe, &st) == 0)
      snprintf(dir, sizeof dir, "%s/locale", self);
  }
  bindtextdomain(KC_TEXT_DOMAIN, dir);
  bind_textdomain_codeset(KC_TEXT_DOMAIN, "UTF-8");
  bind_textdomain_codeset("libc", "UTF-8"); /* strerror's words: UTF-8 too, not the C locale's ASCII */
}

/* ---- progress on long runs ---- */

int cli_progress_forced; /* --progress */

static struct {
  double t0, last, every; /* the run's start, the last line, seconds between lines */
  const char *stage;      /* the search being reported, and when and at which node it was first seen */
  bool block;
  double stage_t0;
  long stage_nodes0;
} prog;

/* Writes seconds as m:ss (or h:mm:ss) into buf (24 bytes). */
static const char *clock_text(double s, char *buf) {
  long t = (long)(s + 0.5);
  if (t >= 3600)
    snprintf(buf, 24, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else
    snprintf(buf, 24, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

/* What a stage is doing, in a planner's words. */
static const char *stage_words(const char *stage, bool block) {
  static const struct {
    const char *stage, *words;
  } words[] = {
      {"max_shortfall", N_("lifting the target reached least")},
      {"attainment", N_("reaching the targets as far as the money allows")},
      {"merit", N_("choosing among the submitted proposals")},
      {"spend", N_("spending no more than the targets need")},
      {"source_preference", N_("drawing on the sources in their order")},
      {"stability", N_("keeping close to the approved plan")},
      {"stability_money", N_("moving as little money as possible from the approved plan")},
      {"timing", N_("starting units as early as the money allows (a tie-breaker)")},
  };
  if (block)
    return _("starting units early, one block of activities at a time (a tie-breaker)");
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(words[i].stage, stage) == 0)
      return _(words[i].words);
  return stage;
}

static void solve_progress(void *ctx, const kc_progress *p) {
  (void)ctx;
  double now = kc_now();
  if (p->stage != prog.stage || p->block_search != prog.block || p->nodes < prog.stage_nodes0) {
    prog.stage = p->stage, prog.block = p->block_search; /* a new search: its pace starts here */
    prog.stage_t0 = now, prog.stage_nodes0 = p->nodes;
  }
  if (now - prog.last < prog.every)
    return;
  prog.last = now;
  char el[24], left[24], b1[48], b2[48], est[160] = "", best[120] = "";
  if (p->node_cap > 0) {
    double rate = now > prog.stage_t0 ? (double)(p->nodes - prog.stage_nodes0) / (now - prog.stage_t0) : 0;
    snprintf(est, sizeof est, _("; node %s of at most %s"), kc_fmt_num((double)p->nodes, 0, kc_ui_lang(), b1),
             kc_fmt_num((double)p->node_cap, 0, kc_ui_lang(), b2));
    if (rate > 0)
      snprintf(est + strlen(est), sizeof est - strlen(est), _(", about %s left at most"),
               clock_text((double)(p->node_cap - p->nodes) / rate, left));
  } else {
    snprintf(est, sizeof est, _("; node %s"), kc_fmt_num((double)p->nodes, 0, kc_ui_lang(), b1));
  }
  if (!isnan(p->best))
    snprintf(best, sizeof best, _("; best so far %s, within %s%% of the best possible"),
             kc_fmt_num(p->best, 3, kc_ui_lang(), b1), kc_fmt_g(100 * p->gap, 3, kc_ui_lang(), b2));
  fprintf(stderr, _("kcplan: %s %s stage: %s%s%s\n"), clock_text(now - prog.t0, el), p->stage,
          stage_words(p->stage, p->block_search), est, best);
}

void cli_progress_start(void) {
  memset(&prog, 0, sizeof prog);
  prog.t0 = prog.last = kc_now();
  prog.every = cli_progress_forced || isatty(fileno(stderr)) ? 1.0 : 5.0;
}

void cli_progress_setup(kc_solve_opts *so) {
  cli_progress_start();
  so->progress = solve_progress;
}

void cli_sweep_progress(void *ctx, int done, int total) {
  (void)ctx;
  double now = kc_now();
  if (total < 100 && !cli_progress_forced && now - prog.t0 < 5.0)
    return;                         /* a short sweep says nothing */
  int first = prog.last == prog.t0; /* the first line: how many points and about how long */
  if (!first && now - prog.last < prog.every && done < total)
    return;
  prog.last = now;
  char el[24], left[24], b1[48], b2[48];
  double t = now - prog.t0;
  fprintf(stderr, _("kcplan: %s sweep: %s of %s points"), clock_text(t, el), kc_fmt_num(done, 0, kc_ui_lang(), b1),
          kc_fmt_num(total, 0, kc_ui_lang(), b2));
  if (done > 0 && done < total)
    fprintf(stderr, _(", about %s left"), clock_text(t / done * (total - done), left));
  fputc('\n', stderr);
}

int cli_parse_shard(const char *s, int *k, int *n) {
  char *end;
  errno = 0;
  long a = strtol(s, &end, 10), b = -1;
  if (end != s && isdigit((unsigned char)*s) && *end == '/' && isdigit((unsigned char)end[1])) {
    const char *p = end + 1;
    b = strtol(p, &end, 10);
  }
  if (errno || *end || b < 1 || b > 1000000 || a < 0 || a >= b)
    return cli_usage_error("--shard takes K/N, two whole numbers with 0 <= K < N <= 1000000, not '%s'", s);
  *k = (int)a;
  *n = (int)b;
  return EXIT_OK;
}

int cli_parse_threads(const char *s, int *threads) {
  char *end;
  long n = strtol(s, &end, 10);
  if (*s == '\0' || *end || n < 1 || n > 64)
    return cli_usage_error("-j takes a number of threads from 1 to 64, not '%s'", s);
  *threads = (int)n;
  return EXIT_OK;
}

int cli_one_model(int argc, const char *command, const char *const *usage) {
  if (optind + 1 == argc)
    return EXIT_OK;
  cli_usage_error(optind >= argc ? N_("%s needs a MODEL folder") : N_("%s takes one MODEL folder"), command);
  cli_help(stderr, usage);
  return EXIT_INPUT;
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts) {
  opterr = 0; /* the messages are ours: one line, with the option meant */
  int c = getopt_long(argc, argv, shortopts, longopts, NULL);
  if (c != '?')
    return c;
  const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
  const struct option *needs = NULL;
  for (const struct option *o = longopts; optopt && o->name; o++)
    if (o->val == optopt && o->has_arg == required_argument)
      needs = o;
  if (needs) {
    cli_usage_error("%s: --%s needs a value", argv[0], needs->name);
    return '?';
  }
  if (optopt) {
    cli_usage_error("%s: unknown option '-%c' (kcplan %s --help lists them)", argv[0], optopt, argv[0]);
    return '?';
  }
  char word[128];
  snprintf(word, sizeof word, "%s", strncmp(arg, "--", 2) == 0 ? arg + 2 : arg);
  word[strcspn(word, "=")] = '\0';
  const char *names[64];
  int n = 0;
  for (const struct option *o = longopts; o->name && n < 64; o++)
    names[n++] = o->name;
  const char *near = kc_closest(word, names, n);
  if (near)
    cli_usage_error("%s: unknown option '%s'; did you mean '--%s'?", argv[0], arg, near);
  else
    cli_usage_error("%s: unknown option '%s' (kcplan %s --help lists them)", argv[0], arg, argv[0]);
  return '?';
}
