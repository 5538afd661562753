/* cmd_gap.c — kcplan gap: how much more money reaches every target (the elastic model). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optimize/gap.h"
#include "render/output.h"
#include "cli.h"
#include "core/i18n.h"
#include "core/text.h"

static const char *const usage[] = {
    N_("usage: kcplan gap MODEL [-s SCENARIO.json]... [--source ID] [--min-score S] [--format table|json]\n"
       "                 [--time-limit SEC] [--lp FILE] [--actuals FILE] [--lang vi|en]\n"
       "\n"),
    N_("The funding gap: the least extra money, per source and year, with which every target is reached\n"
       "(every shortfall forced to 0, all other rules kept). Extra money raises a year's annual ceiling and\n"
       "the source's total ceiling (cumulatively with carry-over). With --source ID only that source may get\n"
       "more; when no amount of the allowed money reaches a target, it says which target and why (exit 3).\n"
       "--min-score S also funds every submitted proposal with an appraisal score of at least S: how much\n"
       "more money reaches every target and funds every proposal scoring S or more.\n"
       "--lp FILE writes the elastic model (columns extra(source,year)) for glpsol or CBC instead.\n"
       "The least money is found to within 1e-5 relative, searching at most 200,000 branch-and-bound nodes\n"
       "(counted, so the answer is the same on any machine); --time-limit SEC also caps it by the clock.\n"
       "\n"),
    CLI_HELP_SCENARIO,
    N_("      --source ID      only this source may get more money\n"),
    N_("      --min-score S    also fund every proposal with an appraisal score of at least S\n"),
    N_("  -f, --format FMT     table (default) or json\n"),
    N_("  -t, --time-limit SEC stop after SEC seconds with the least money found so far (exit 4)\n"),
    N_("      --lp FILE        write the elastic model as CPLEX LP instead of solving it\n"),
    CLI_HELP_ACTUALS,
    CLI_HELP_LANG,
    CLI_HELP_HELP,
    NULL};

/* Money in thousandths, rounded up: extra money must be enough. */
int cmd_gap(int argc, char **argv) {
  static const struct option opts[] = {{"scenario", required_argument, 0, 's'},
                                       {"actuals", required_argument, 0, 'A'},
                                       {"source", required_argument, 0, 'S'},
                                       {"format", required_argument, 0, 'f'},
                                       {"time-limit", required_argument, 0, 't'},
                                       {"lp", required_argument, 0, 'p'}, /* not 'l': that is --lang */
                                       {"min-score", required_argument, 0, 'M'},
                                       {"lang", required_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  cli_scenarios sc = {0};
  const char *source = NULL, *format = "table", *lp = NULL;
  double min_score = NAN;
  kc_solve_opts so = {0};
  int c;
  optind = 1;
  while ((c = cli_getopt(argc, argv, "s:f:t:hl:", opts)) != -1) {
    switch (c) {
    case 'S':
      source = optarg;
      break;
    case 'p':
      lp = optarg;
      break;
    case 'M': {
      char *end;
      min_score = strtod(optarg, &end);
      if (end == optarg || *end || !isfinite(min_score) || min_score < 0)
        return cli_usage_error("--min-score: \"%s\" is not a score of 0 or more", optarg);
      break;
    }
    case 'f':
      format = optarg;
      if (cli_check_format(format, "table,json"))
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
  if (cli_one_model(argc, "gap", usage) != EXIT_OK)
    return EXIT_INPUT;
  kc_model m;
  int code = cli_load(argv[optind], &sc, &m);
  if (code != EXIT_OK)
    return code;
  int s = source ? kc_find_source(&m, source) : -1;
  if (source && s < 0) {
    const char **ids = malloc(((size_t)m.nsrc + 1) * sizeof *ids);
    char hint[600] = "";
    for (int i = 0; ids && i < m.nsrc; i++)
      ids[i] = m.src[i].id;
    if (ids)
      kc_suggest(source, ids, m.nsrc, _("sources are"), hint, sizeof hint);
    free(ids);
    kc_model_free(&m);
    return cli_usage_error("--source: the model has no source \"%s\"%s", source, hint);
  }
  kc_gap g;
  kc_error err = {0};
  kc_rc rc = kc_gap_solve(&m, 1, s, min_score, lp, &so, &g, &err);
  if (rc != KC_OK || lp) {
    kc_model_free(&m);
    if (rc == KC_OK)
      kc_gap_free(&g);
    return rc == KC_OK ? EXIT_OK : cli_report(rc, &err);
  }
  if (strcmp(format, "json") == 0 ? kc_print_json(stdout, kc_gap_json(&m, &g))
                                  : (kc_write_gap_table(stdout, &m, &g, s), 0))
    code = cli_usage_error("out of memory");
  else
    code = g.status == KC_OK ? EXIT_OK : g.status == KC_ERR_LIMIT ? EXIT_LIMIT : EXIT_INFEASIBLE;
  if (g.status == KC_ERR_LIMIT)
    fprintf(stderr, _("kcplan: %s: time limit reached before the funding gap was found\n"), m.dir);
  kc_gap_free(&g);
  kc_model_free(&m);
  return code;
}
