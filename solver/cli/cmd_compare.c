/* cmd_compare.c — kcplan compare: the baseline and each scenario side by side, with deltas. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/compare_out.h"
#include "render/output.h"
#include "cli.h"

static const char *const usage[] = {
    N_("usage: kcplan compare MODEL SCENARIO.json... [-s BASE.json]... [--format table|csv|json]\n"
       "                      [--time-limit SEC] [--timing N|exact] [--merit N] [--actuals FILE] [--baseline "
       "PLAN.csv]\n"
       "                      [--progress] [--details] [--lang vi|en]\n"
       "\n"),
    N_("Solves the model (with any -s scenarios: the baseline) and the baseline with each SCENARIO applied\n"
       "on its own, and shows them side by side: status, the stage optima, spend and unallocated money per\n"
       "source, attainment per target, each with its delta against the baseline; then the activity x year x\n"
       "source cells whose money (or units) changed. A scenario is labelled by its \"name\", else its file.\n"
       "With --baseline PLAN.csv (an approved plan) every run keeps it as far as its optima allow and\n"
       "the changes against it are listed run by run; --actuals FILE closes the first years.\n"
       "\n"),
    N_("  -s, --scenario FILE  a scenario of the baseline (and so of every run); several apply left to right\n"),
    CLI_HELP_ACTUALS,
    CLI_HELP_BASELINE,
    N_("  -f, --format FMT     table (default), csv or json\n"),
    N_("      --details        also the solver's own measures (source preference, timing values)\n"),
    CLI_HELP_TIME_LIMIT,
    CLI_HELP_EFFORT,
    CLI_HELP_PROGRESS,
    CLI_HELP_LANG,
    CLI_HELP_HELP,
    NULL};

int cmd_compare(int argc, char **argv) {
  static const struct option opts[] = {{"scenario", required_argument, 0, 's'},
                                       {"actuals", required_argument, 0, 'A'},
                                       {"baseline", required_argument, 0, 'B'},
                                       {"format", required_argument, 0, 'f'},
                                       {"time-limit", required_argument, 0, 't'},
                                       {"timing", required_argument, 0, 'T'},
                                       {"merit", required_argument, 0, 'R'},
                                       {"progress", no_argument, 0, 'P'},
                                       {"details", no_argument, 0, 'd'},
                                       {"lang", required_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  cli_scenarios sc = {0};
  const char *format = "table";
  kc_solve_opts so = {0};
  int c, details = 0;
  optind = 1;
  while ((c = cli_getopt(argc, argv, "s:f:t:hl:", opts)) != -1) {
    switch (c) {
    case 'f':
      format = optarg;
      if (cli_check_format(format, "table,csv,json"))
        return EXIT_INPUT;
      break;
    case 'd':
      details = 1;
      break;
    case 'h':
      cli_help(stdout, usage);
      return EXIT_OK;
    default:
      if (cli_shared_option(c, &sc, &so, usage) != EXIT_OK)
        return EXIT_INPUT;
    }
  }
  if (argc - optind < 2) {
    cli_usage_error("compare needs a MODEL and at least one SCENARIO.json");
    cli_help(stderr, usage);
    return EXIT_INPUT;
  }
  kc_model m;
  int code = cli_load(argv[optind], &sc, &m);
  if (code != EXIT_OK)
    return code;
  kc_comparison cmp;
  kc_error err = {0};
  cli_progress_setup(&so);
  kc_rc rc = kc_compare(&m, (const char *const *)argv + optind + 1, argc - optind - 1, &so, &cmp, &err);
  kc_model_free(&m);
  if (rc != KC_OK)
    return cli_report(rc, &err);
  if (strcmp(format, "json") == 0)
    code = kc_print_json(stdout, kc_compare_json(&cmp)) == 0 ? EXIT_OK : cli_usage_error("out of memory");
  else if (strcmp(format, "csv") == 0)
    kc_compare_csv(stdout, &cmp);
  else
    kc_compare_table(stdout, &cmp, details);
  kc_comparison_free(&cmp);
  return code;
}
