/* cmd_check.c — kcplan check: validate a model folder without solving. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char *const usage[] = {
    N_("usage: kcplan check MODEL [-s SCENARIO.json]... [--actuals FILE] [--baseline PLAN.csv] [--lang vi|en]\n"
       "\n"),
    N_("Reads and validates the model folder MODEL (every rule of the model format) without\n"
       "solving, with the scenarios applied left to right. Prints a one-line description on\n"
       "success; errors name file, line and column (or the scenario and its key path).\n"
       "\n"),
    N_("  -s, --scenario FILE  apply a scenario of changes (keys: docs/scenarios.md)\n"),
    N_("      --actuals FILE   what really happened in the first years, in plan.csv's columns\n"
       "                       (default: the model's actuals.csv, when it has one)\n"),
    N_("      --baseline PLAN.csv  an approved plan (a plan.csv written earlier), read and\n"
       "                       checked as the solving commands would read it\n"),
    CLI_HELP_LANG,
    CLI_HELP_HELP,
    NULL};

int cmd_check(int argc, char **argv) {
  static const struct option opts[] = {{"scenario", required_argument, 0, 's'}, {"actuals", required_argument, 0, 'A'},
                                       {"baseline", required_argument, 0, 'B'}, {"lang", required_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
  int c;
  cli_scenarios sc = {0};
  optind = 1;
  while ((c = cli_getopt(argc, argv, "s:hl:", opts)) != -1) {
    if (c == 'h') {
      cli_help(stdout, usage);
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
  printf(m.carry_over ? _("%s: valid model \"%s\", %d-%d: %d activities, %d targets, %d sources (%d with annual "
                          "ceilings), carry-over on\n")
                      : _("%s: valid model \"%s\", %d-%d: %d activities, %d targets, %d sources (%d with annual "
                          "ceilings)\n"),
         m.dir, kc_program_name(&m, kc_ui_lang()), m.first_year, m.last_year, m.nact - np, m.ntgt, m.nsrc, nann);
  if (np) {
    double score = 0;
    char b[48];
    for (int a = m.nact - np; a < m.nact; a++)
      score += m.act[a].score;
    printf(_("  proposals: %d submitted (appraisal score %s in all)\n"), np, kc_fmt_g(score, 10, kc_ui_lang(), b));
  }
  if (m.nclosed)
    printf(m.nclosed < kc_nyears(&m) ? _("  actuals: %s closes %d-%d; the later years are planned\n")
                                     : _("  actuals: %s closes %d-%d; every year is closed\n"),
           m.actuals_path, m.first_year, m.first_year + m.nclosed - 1);
  if (m.has_baseline)
    printf(_("  baseline: %s, the approved plan to change as little as possible\n"), m.baseline.file);
  for (int i = 0; i < m.nscen; i++)
    printf(_("  scenario %d: %s (%s)\n"), i + 1, m.scen_name[i], m.scen[i].file);
  kc_model_free(&m);
  return EXIT_OK;
}
