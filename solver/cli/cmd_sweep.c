/* cmd_sweep.c — kcplan sweep: a scenario field varied over a range, a plan at every point. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/output.h"
#include "render/sweep_out.h"
#include "cli.h"

static const char *const usage[] = {
    N_("usage: kcplan sweep MODEL --vary PATH=FROM:TO:STEP [-s SCENARIO.json]... [-o DIR] [-j N]\n"
       "                    [--shard K/N] [--format table|csv|json] [--time-limit SEC]\n"
       "                    [--timing N|exact] [--merit N] [--actuals FILE] [--baseline PLAN.csv] [--progress] [--lang "
       "vi|en]\n"
       "\n"),
    N_("Solves the model at every value of one numeric scenario field, from FROM towards TO in steps of\n"
       "STEP, e.g. --vary sources.local.ceiling_scale=1:0:0.05. PATH is sources.ID.(ceiling|\n"
       "ceiling_scale|annual_scale), activities.ID.(unit_cost|unit_cost_scale|weight|min_per_year|\n"
       "max_per_year|support_rate), proposals.ID.(cost|cost_scale|score|units) or\n"
       "program.(price_growth|price_base_year). Every plan is audited; with proposals the table also lists\n"
       "the proposals that switch between points (sweep.csv: a column funded).\n"
       "\n"),
    N_("Every point is solved from scratch: the same results whatever -j, the shards or the order.\n"
       "\n"),
    N_("  -v, --vary PATH=FROM:TO:STEP  the field and its values\n"),
    CLI_HELP_SCENARIO,
    CLI_HELP_ACTUALS,
    CLI_HELP_BASELINE,
    N_("  -o, --out DIR        write sweep.csv (a row per point) and sweep.json (points and breakpoints)\n"
       "                       into DIR, made when missing\n"),
    N_("  -j, --jobs N         solve with N threads (one GLPK problem each; default 1)\n"),
    N_("      --shard K/N      compute only points K, K+N, K+2N, ... (0 <= K < N), for GNU parallel or a\n"
       "                       Slurm array; merge the shards' sweep.csv files with\n"
       "                         { head -1 s0/sweep.csv; tail -q -n +2 s*/sweep.csv | sort -t, -k1,1n; }\n"),
    N_("  -f, --format FMT     what to print: table (breakpoints, default), csv or json\n"),
    N_("  -t, --time-limit SEC per point (where it stops depends on the machine's speed and load)\n"),
    CLI_HELP_EFFORT,
    CLI_HELP_PROGRESS,
    CLI_HELP_LANG,
    CLI_HELP_HELP,
    NULL};

int cmd_sweep(int argc, char **argv) {
  static const struct option opts[] = {{"vary", required_argument, 0, 'v'},
                                       {"scenario", required_argument, 0, 's'},
                                       {"actuals", required_argument, 0, 'A'},
                                       {"baseline", required_argument, 0, 'B'},
                                       {"out", required_argument, 0, 'o'},
                                       {"jobs", required_argument, 0, 'j'},
                                       {"shard", required_argument, 0, 'S'},
                                       {"format", required_argument, 0, 'f'},
                                       {"time-limit", required_argument, 0, 't'},
                                       {"timing", required_argument, 0, 'T'},
                                       {"merit", required_argument, 0, 'R'},
                                       {"cold", no_argument, 0, 'c'},
                                       {"progress", no_argument, 0, 'P'},
                                       {"lang", required_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  cli_scenarios sc = {0};
  const char *vary = NULL, *out = NULL, *format = "table";
  kc_sweep_opts so = {.threads = 1, .shard_n = 1};
  int c;
  optind = 1;
  while ((c = cli_getopt(argc, argv, "v:s:o:j:f:t:hl:", opts)) != -1) {
    switch (c) {
    case 'v':
      vary = optarg;
      break;
    case 'o':
      out = optarg;
      break;
    case 'j':
      if (cli_parse_threads(optarg, &so.threads) != EXIT_OK)
        return EXIT_INPUT;
      break;
    case 'S':
      if (cli_parse_shard(optarg, &so.shard_k, &so.shard_n))
        return EXIT_INPUT;
      break;
    case 'f':
      format = optarg;
      if (cli_check_format(format, "table,csv,json"))
        return EXIT_INPUT;
      break;
    case 'c':
      return cli_usage_error("--cold is gone: every point is now solved from scratch, so that threads, shards "
                             "and order give the same results");
    case 'h':
      cli_help(stdout, usage);
      return EXIT_OK;
    default:
      if (cli_shared_option(c, &sc, &so.solve, usage) != EXIT_OK)
        return EXIT_INPUT;
    }
  }
  if (optind + 1 != argc || !vary) {
    cli_usage_error("sweep needs one MODEL and --vary PATH=FROM:TO:STEP");
    cli_help(stderr, usage);
    return EXIT_INPUT;
  }
  if (out && cli_check_out_dir(out) != EXIT_OK)
    return EXIT_INPUT;
  cli_progress_start(); /* the points are solved in threads: the sweep reports, not each solve */
  so.progress = cli_sweep_progress;
  kc_model m;
  int code = cli_load(argv[optind], &sc, &m);
  if (code != EXIT_OK)
    return code;
  kc_sweep s;
  kc_error err = {0};
  char path[256];
  double from, to, step;
  int total;
  /* a long sweep (or --progress) says up front how many points; a parse error is the run's to say */
  if (kc_sweep_parse(vary, path, sizeof path, &from, &to, &step, &total, &err) == KC_OK &&
      (total >= 100 || cli_progress_forced))
    fprintf(stderr,
            so.shard_n > 1
                ? P_("kcplan: sweep: %d points of %s on %d thread (this shard solves its share)\n",
                     "kcplan: sweep: %d points of %s on %d threads (this shard solves its share)\n", so.threads)
                : P_("kcplan: sweep: %d points of %s on %d thread\n", "kcplan: sweep: %d points of %s on %d threads\n",
                     so.threads),
            total, path, so.threads);
  kc_rc rc = kc_sweep_run(&m, vary, &so, &s, &err);
  if (rc != KC_OK) {
    kc_model_free(&m);
    return cli_report(rc, &err);
  }
  if (out && (code = cli_make_out_dir(out)) != EXIT_OK)
    ;
  else if (out && (rc = kc_sweep_write(out, &m, &s, &err)) != KC_OK)
    code = cli_report(rc, &err);
  else if (strcmp(format, "csv") == 0)
    kc_sweep_csv(stdout, &m, &s);
  else if (strcmp(format, "json") == 0 ? kc_print_json(stdout, kc_sweep_json(&m, &s))
                                       : kc_sweep_table(stdout, &m, &s, so.threads))
    code = cli_usage_error("out of memory");
  kc_sweep_free(&s);
  kc_model_free(&m);
  return code;
}
