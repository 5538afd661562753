/* cmd_check.c — kcplan check: validate a model folder without solving. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char usage[] =
    "usage: kcplan check MODEL [-s SCENARIO.json]... [--actuals FILE] [--baseline PLAN.csv] [--lang vi|en]\n\n"
    "Reads and validates the model folder MODEL (every rule of the model format) without\n"
    "solving, with the scenarios applied left to right. Prints a one-line description on\n"
    "success; errors name file, line and column (or the scenario and its key path).\n\n"
    "  -s, --scenario FILE  apply a scenario of changes (keys: docs/scenarios.md)\n"
    "      --actuals FILE   what really happened in the first years, in plan.csv's columns\n"
    "                       (default: the model's actuals.csv, when it has one)\n"
    "      --baseline PLAN.csv  an approved plan (a plan.csv written earlier), read and\n"
    "                       checked as the solving commands would read it\n" CLI_HELP_LANG CLI_HELP_HELP;

int cmd_check(int argc, char **argv) {
  static const struct option opts[] = {{"scenario", required_argument, 0, 's'}, {"actuals", required_argument, 0, 'A'},
                                       {"baseline", required_argument, 0, 'B'}, {"lang", required_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
  int c;
  cli_scenarios sc = {0};
  optind = 1;
  while ((c = cli_getopt(argc, argv, "s:hl:", opts)) != -1) {
    if (c == 'h') {
      fputs(usage, stdout);
      return EXIT_OK;
    }
    if (cli_shared_option(c, &sc, NULL, usage) != EXIT_OK)
      return EXIT_INPUT;
  }
  if (cli_one_model(argc, "check", usage) != EXIT_OK)
    return EXIT_INPUT;
  kc_model m;
  int code = cli_load(argv[optind], &sc, &m);
  if (code != EXIT_OK)
    return code;
  int nann = 0;
  for (int s = 0; s < m.nsrc; s++)
    nann += m.has_annual[s];
  int np = kc_model_proposals(&m);
  printf("%s: valid model \"%s\", %d-%d: %d activities, %d targets, %d sources (%d with annual ceilings)%s\n", m.dir,
         m.name, m.first_year, m.last_year, m.nact - np, m.ntgt, m.nsrc, nann, m.carry_over ? ", carry-over on" : "");
  if (np) {
    double score = 0;
    for (int a = m.nact - np; a < m.nact; a++)
      score += m.act[a].score;
    printf("  proposals: %d submitted (appraisal score %.10g in all)\n", np, score);
  }
  if (m.nclosed)
    printf("  actuals: %s closes %d-%d; %s\n", m.actuals_path, m.first_year, m.first_year + m.nclosed - 1,
           m.nclosed < kc_nyears(&m) ? "the later years are planned" : "every year is closed");
  if (m.has_baseline)
    printf("  baseline: %s, the approved plan to change as little as possible\n", m.baseline.file);
  for (int i = 0; i < m.nscen; i++)
    printf("  scenario %d: %s (%s)\n", i + 1, m.scen_name[i], m.scen[i].file);
  kc_model_free(&m);
  return EXIT_OK;
}
