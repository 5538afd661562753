/* cmd_export.c — kcplan export: a stage's problem as CPLEX LP or free MPS, for glpsol and CBC. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "optimize/solve.h"
#include "cli.h"

static const char *const usage[] = {
    N_("usage: kcplan export MODEL [-s SCENARIO.json]... [--stage N] (--lp FILE | --mps FILE) [--time-limit SEC]\n"
       "                    [--actuals FILE] [--baseline PLAN.csv] [--lang vi|en]\n"
       "\n"),
    N_("Writes the problem of one stage as kcplan solves it, the optima of the earlier stages kept as\n"
       "keep_* rows. N is 1 attainment (the largest weighted shortfall first under balanced\n"
       "attainment), 2 spend, 3 source preference, 4 timing; or a stage name: max_shortfall,\n"
       "attainment, spend, source_preference, timing. Default: 1. Rows and columns carry readable\n"
       "names (x(activity,year), f(activity,year,source), ceiling(source), ...).\n"
       "MPS has no objective sense: a maximisation stage is written as minimising the negated objective.\n"
       "\n"),
    CLI_HELP_SCENARIO,
    N_("      --stage N        the stage: 1 to 4 or its name (default 1)\n"),
    N_("      --lp FILE        write it in CPLEX LP format (glpsol --lp, cbc)\n"),
    N_("      --mps FILE       write it in free MPS format (glpsol --freemps)\n"),
    N_("  -t, --time-limit SEC a time limit for solving the earlier stages\n"),
    CLI_HELP_ACTUALS,
    CLI_HELP_BASELINE,
    CLI_HELP_LANG,
    CLI_HELP_HELP,
    NULL};

/* Maps --stage text to a stage of m; -1 when unknown. */
static int parse_stage(const kc_model *m, const char *s) {
  kc_stage st[KC_NSTAGES];
  kc_stage_list(m, st);
  if (strcmp(s, "1") == 0)
    return st[0];
  if (strcmp(s, "2") == 0)
    return KC_STAGE_SPEND;
  if (strcmp(s, "3") == 0)
    return KC_STAGE_PREF;
  if (strcmp(s, "4") == 0)
    return KC_STAGE_TIMING;
  for (int k = 0; k < KC_NSTAGES; k++)
    if (strcmp(s, kc_stage_name((kc_stage)k)) == 0)
      return k;
  return -1;
}

int cmd_export(int argc, char **argv) {
  static const struct option opts[] = {{"scenario", required_argument, 0, 's'},
                                       {"actuals", required_argument, 0, 'A'},
                                       {"baseline", required_argument, 0, 'B'},
                                       {"stage", required_argument, 0, 'S'},
                                       {"lp", required_argument, 0, 'p'}, /* not 'l': that is --lang */
                                       {"mps", required_argument, 0, 'm'},
                                       {"time-limit", required_argument, 0, 't'},
                                       {"lang", required_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *stage = "1", *lp = NULL, *mps = NULL;
  kc_solve_opts so = {0};
  cli_scenarios sc = {0};
  int c;
  optind = 1;
  while ((c = cli_getopt(argc, argv, "s:hl:", opts)) != -1) {
    switch (c) {
    case 'S':
      stage = optarg;
      break;
    case 'p':
      lp = optarg;
      break;
    case 'm':
      mps = optarg;
      break;
    case 'h':
      cli_help(stdout, usage);
      return EXIT_OK;
    default:
      if (cli_shared_option(c, &sc, &so, usage) != EXIT_OK)
        return EXIT_INPUT;
    }
  }
  if (optind + 1 != argc || (!lp == !mps)) {
    cli_usage_error("export needs one MODEL and exactly one of --lp FILE or --mps FILE");
    cli_help(stderr, usage);
    return EXIT_INPUT;
  }
  if (cli_check_out_file(lp ? lp : mps) != EXIT_OK)
    return EXIT_INPUT;
  kc_model m;
  kc_error err = {0};
  int code = cli_load(argv[optind], &sc, &m);
  if (code != EXIT_OK)
    return code;
  int k = parse_stage(&m, stage);
  if (k < 0) {
    kc_model_free(&m);
    return cli_usage_error("--stage must be 1 to 4 or a stage name, not '%s'", stage);
  }
  if (cli_make_out_file_dir(lp ? lp : mps) != EXIT_OK) {
    kc_model_free(&m);
    return EXIT_INPUT;
  }
  kc_rc rc = kc_export(&m, (kc_stage)k, lp ? lp : mps, mps != NULL, &so, &err);
  kc_model_free(&m);
  return rc == KC_OK ? EXIT_OK : cli_report(rc, &err);
}
