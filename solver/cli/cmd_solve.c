/* cmd_solve.c — kcplan solve: load, solve, round, audit, then write and print the plan. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/output.h"
#include "cli.h"

static const char *const usage[] = {
    N_("usage: kcplan solve MODEL [-s SCENARIO.json]... [-o DIR] [--format table|csv|json] [--time-limit SEC]\n"
       "                   [--timing N|exact] [--merit N] [--actuals FILE] [--baseline PLAN.csv] [-q]\n"
       "                   [--progress] [--lang vi|en]\n"
       "\n"),
    N_("Solves the model folder MODEL through the lexicographic stages (attainment, spend, source\n"
       "preference, timing), audits the rounded plan against every constraint and prints it.\n"
       "\n"),
    CLI_HELP_SCENARIO,
    CLI_HELP_ACTUALS,
    CLI_HELP_BASELINE,
    N_("  -o, --out DIR        write plan.csv, disbursement.csv, attainment.csv and summary.json (and\n"
       "                       with --baseline changes.csv) into DIR, made when missing (with the\n"
       "                       folders above it); files appear all together or not at all\n"),
    N_("  -f, --format FMT     what to print: table (default), csv (plan.csv) or json (summary.json)\n"),
    CLI_HELP_TIME_LIMIT,
    CLI_HELP_EFFORT,
    N_("  -q, --quiet          print nothing on success (with -o)\n"),
    CLI_HELP_PROGRESS,
    CLI_HELP_LANG,
    CLI_HELP_HELP,
    NULL};

static int print_result(const char *format, const kc_model *m, const kc_result *r, const kc_plan *p,
                        const kc_rejects *rej) {
  if (strcmp(format, "table") == 0) {
    kc_write_table(stdout, m, r, p, rej);
  } else if (strcmp(format, "csv") == 0) {
    if (p)
      kc_write_plan_csv(stdout, m, p);
  } else if (kc_print_json(stdout, kc_summary_json(m, r, p, NULL)) != 0) {
    return cli_usage_error("out of memory");
  }
  return EXIT_OK;
}

int cmd_solve(int argc, char **argv) {
  static const struct option opts[] = {{"scenario", required_argument, 0, 's'},
                                       {"actuals", required_argument, 0, 'A'},
                                       {"baseline", required_argument, 0, 'B'},
                                       {"out", required_argument, 0, 'o'},
                                       {"format", required_argument, 0, 'f'},
                                       {"time-limit", required_argument, 0, 't'},
                                       {"stage-limit", required_argument, 0, 'L'},
                                       {"timing", required_argument, 0, 'T'},
                                       {"merit", required_argument, 0, 'R'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"progress", no_argument, 0, 'P'},
                                       {"lang", required_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *out = NULL, *format = "table";
  int quiet = 0, c;
  kc_solve_opts so = {0};
  cli_scenarios sc = {0};
  optind = 1;
  while ((c = cli_getopt(argc, argv, "s:o:f:t:qhl:", opts)) != -1) {
    switch (c) {
    case 'o':
      out = optarg;
      break;
    case 'f':
      format = optarg;
      if (cli_check_format(format, "table,csv,json"))
        return EXIT_INPUT;
      break;
    case 'q':
      quiet = 1;
      break;
    case 'h':
      cli_help(stdout, usage);
      return EXIT_OK;
    default:
      if (cli_shared_option(c, &sc, &so, usage) != EXIT_OK)
        return EXIT_INPUT;
    }
  }
  if (cli_one_model(argc, "solve", usage) != EXIT_OK)
    return EXIT_INPUT;
  if (out && cli_check_out_dir(out) != EXIT_OK)
    return EXIT_INPUT;
  if (!quiet)
    cli_progress_setup(&so);

  kc_run x;
  int code = cli_run(argv[optind], &sc, &so, &x);
  if (code == EXIT_OK && out && (code = cli_make_out_dir(out)) == EXIT_OK) {
    kc_error err = {0};
    kc_rc rc = kc_write_outputs(out, &x.m, &x.r, x.has_plan ? &x.p : NULL, x.has_why ? &x.why : NULL, &x.rej, &err);
    if (rc != KC_OK)
      code = cli_report(rc, &err);
  }
  if (code == EXIT_OK)
    code = cli_outcome(&x);
  if ((code == EXIT_OK || code == EXIT_LIMIT) && x.has_plan && !(quiet && out))
    print_result(format, &x.m, &x.r, &x.p, &x.rej);
  kc_run_free(&x);
  return code;
}
