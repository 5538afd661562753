/* cmd_report.c — kcplan report: the plan (and optionally a sweep) as one self-contained HTML page. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fileio.h"
#include "render/report.h"
#include "cli.h"

static const char *const usage[] = {
    N_("usage: kcplan report MODEL [-s SCENARIO.json]... [--sweep PATH=FROM:TO:STEP] [-j N] [--lang vi|en]\n"
       "                     -o FILE.html [--time-limit SEC] [--timing N|exact] [--merit N] [--actuals FILE]\n"
       "                     [--baseline PLAN.csv] [--progress]\n"
       "\n"),
    N_("Solves the model and writes one self-contained HTML page (no network, no external files):\n"
       "headline figures, each year's disbursement by source against the annual ceilings, attainment\n"
       "per target, the plan table and the marginal value of money. It prints on A4.\n"
       "\n"),
    CLI_HELP_SCENARIO,
    CLI_HELP_ACTUALS,
    CLI_HELP_BASELINE,
    N_("      --sweep SPEC     also solve the model at every value of PATH=FROM:TO:STEP (the paths of\n"
       "                       'kcplan sweep'): a chart of attainment against the value and a slider\n"
       "                       that shows the plan at each point (at most 5001 points)\n"),
    N_("  -j N                 solve the sweep with N threads (default 1)\n"),
    CLI_HELP_LANG,
    N_("  -o, --out FILE       the report (.html)\n"),
    N_("  -t, --time-limit SEC stop after SEC seconds with the best plan found (exit 4); per point in a\n"
       "                       sweep\n"),
    CLI_HELP_EFFORT,
    CLI_HELP_PROGRESS,
    CLI_HELP_HELP,
    NULL};

/* Runs the sweep for the report (with every point's plan kept). */
static int run_sweep(const kc_model *m, const char *spec, kc_sweep_opts *o, kc_sweep *sw) {
  kc_error err = {0};
  char path[200];
  double from, to, step;
  int total;
  kc_rc rc = kc_sweep_parse(spec, path, sizeof path, &from, &to, &step, &total, &err);
  if (rc != KC_OK)
    return cli_report(rc, &err);
  if (total > KC_REPORT_MAX_POINTS)
    return cli_usage_error("--sweep %s: %d points; a report holds at most %d (use a larger STEP)", spec, total,
                           KC_REPORT_MAX_POINTS);
  o->keep_plans = 1;
  o->solve.progress = NULL; /* the points are solved in threads: the sweep reports, not each solve */
  o->progress = cli_sweep_progress;
  cli_progress_start();
  rc = kc_sweep_run(m, spec, o, sw, &err);
  return rc == KC_OK ? EXIT_OK : cli_report(rc, &err);
}

int cmd_report(int argc, char **argv) {
  static const struct option opts[] = {{"scenario", required_argument, 0, 's'},
                                       {"actuals", required_argument, 0, 'A'},
                                       {"baseline", required_argument, 0, 'B'},
                                       {"sweep", required_argument, 0, 'w'},
                                       {"lang", required_argument, 0, 'l'},
                                       {"out", required_argument, 0, 'o'},
                                       {"time-limit", required_argument, 0, 't'},
                                       {"stage-limit", required_argument, 0, 'L'},
                                       {"timing", required_argument, 0, 'T'},
                                       {"merit", required_argument, 0, 'R'},
                                       {"progress", no_argument, 0, 'P'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *out = NULL, *sweep = NULL;
  kc_sweep_opts swo = {.threads = 1, .shard_n = 1};
  kc_solve_opts so = {0};
  cli_scenarios sc = {0};
  int c;
  optind = 1;
  while ((c = cli_getopt(argc, argv, "s:l:o:j:t:h", opts)) != -1) {
    switch (c) {
    case 'w':
      sweep = optarg;
      break;
    case 'o':
      out = optarg;
      break;
    case 'j':
      if (cli_parse_threads(optarg, &swo.threads) != EXIT_OK)
        return EXIT_INPUT;
      break;
    case 'h':
      cli_help(stdout, usage);
      return EXIT_OK;
    default:
      if (cli_shared_option(c, &sc, &so, usage) != EXIT_OK)
        return EXIT_INPUT;
    }
  }
  if (cli_one_model(argc, "report", usage) != EXIT_OK)
    return EXIT_INPUT;
  const char *dot = out ? strrchr(out, '.') : NULL;
  if (!out || !dot || (strcmp(dot, ".html") != 0 && strcmp(dot, ".htm") != 0))
    return cli_usage_error("report needs -o FILE.html");
  if (cli_check_out_file(out) != EXIT_OK)
    return EXIT_INPUT;
  swo.solve = so; /* before the run's own progress is set: each point's solve runs in a thread */
  cli_progress_setup(&so);

  kc_run x;
  kc_sweep sw = {0};
  int have_sweep = 0;
  int code = cli_run(argv[optind], &sc, &so, &x);
  if (code == EXIT_OK)
    code = cli_outcome(&x);
  if (x.has_plan && sweep) {
    int sc2 = run_sweep(&x.m, sweep, &swo, &sw);
    if (sc2 != EXIT_OK)
      code = sc2;
    else
      have_sweep = 1;
  }
  int made = x.has_plan && (!sweep || have_sweep) ? cli_make_out_file_dir(out) : EXIT_OK;
  if (made != EXIT_OK)
    code = made;
  else if (x.has_plan && (!sweep || have_sweep)) {
    kc_error err = {0};
    kc_atomic f;
    kc_rc rc = kc_atomic_open(&f, out, &err);
    if (rc == KC_OK &&
        (rc = kc_report_html(f.fp, &x.m, &x.r, &x.p, &x.rej, have_sweep ? &sw : NULL, cli_lang, &err)) == KC_OK)
      rc = kc_atomic_commit(&f, &err);
    kc_atomic_abort(&f);
    if (rc != KC_OK)
      code = cli_report(rc, &err);
  }
  kc_sweep_free(&sw);
  kc_run_free(&x);
  return code;
}
