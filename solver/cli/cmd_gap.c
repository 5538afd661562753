/* cmd_gap.c — kcplan gap: how much more money reaches every target (the elastic model). */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gap.h"
#include "../output.h"
#include "cli.h"

static const char usage[] =
    "usage: kcplan gap MODEL [-s SCENARIO.json]... [--source ID] [--format table|json] [--time-limit SEC]\n"
    "                 [--lp FILE]\n\n"
    "The funding gap: the least extra money, per source and year, with which every target is reached\n"
    "(every shortfall forced to 0, all other rules kept). Extra money raises a year's annual ceiling and\n"
    "the source's total ceiling (cumulatively with carry-over). With --source ID only that source may get\n"
    "more; when no amount of the allowed money reaches a target, it says which target and why (exit 3).\n"
    "--lp FILE writes the elastic model (columns extra(source,year)) for glpsol or CBC instead.\n"
    "The least money is found to within 1e-5 relative, searching at most 200,000 branch-and-bound nodes\n"
    "(counted, so the answer is the same on any machine); --time-limit SEC also caps it by the clock.\n";

/* Money in thousandths, rounded up: extra money must be enough. */
static long long up_milli(double v) {
  return (long long)ceil(v * 1000.0 - 1e-6);
}

static void gap_table(const kc_model *m, const kc_gap *g, int source) {
  int ny = kc_nyears(m);
  char b[32];
  if (g->status != KC_OK) {
    printf("%s: no amount of %s money reaches every target:\n", m->name, source >= 0 ? m->src[source].id : "extra");
    for (int i = 0; i < g->nunreach; i++) {
      const kc_unreachable *u = &g->unreach[i];
      if (u->target >= 0) {
        const kc_target *t = &m->tgt[u->target];
        printf("  %s %d-%d (target %g): %s\n", m->act[t->activity].id, t->first_year, t->last_year, t->target,
               u->reason);
      } else {
        printf("  %s\n", u->reason);
      }
    }
    return;
  }
  long long total = 0;
  for (int i = 0; i < m->nsrc * ny; i++)
    total += up_milli(g->extra[i]);
  if (total == 0) {
    printf("%s: every target is reached within the ceilings; no extra money is needed.\n", m->name);
    return;
  }
  printf("%s: %s million VND more reaches every target%s%s%s.\n\n", m->name, kc_fmt_milli(total, b),
         source >= 0 ? " (extra money from " : "", source >= 0 ? m->src[source].id : "", source >= 0 ? " only)" : "");
  printf("%-30s", "Extra money by source");
  for (int yi = 0; yi < ny; yi++)
    printf(" %12d", m->first_year + yi);
  printf(" %12s\n", "Total");
  for (int s = 0; s < m->nsrc; s++) {
    long long st = 0;
    for (int yi = 0; yi < ny; yi++)
      st += up_milli(g->extra[s * ny + yi]);
    if (st == 0)
      continue;
    printf("%-30.30s", m->src[s].id);
    for (int yi = 0; yi < ny; yi++)
      printf(" %12s", kc_fmt_milli(up_milli(g->extra[s * ny + yi]), b));
    printf(" %12s\n", kc_fmt_milli(st, b));
  }
  printf("\nExtra money raises that year's annual ceiling and the source's total ceiling by the same amount%s.\n",
         m->carry_over ? " (carried over to later years)" : "");
}

int cmd_gap(int argc, char **argv) {
  static const struct option opts[] = {{"scenario", required_argument, 0, 's'},
                                       {"source", required_argument, 0, 'S'},
                                       {"format", required_argument, 0, 'f'},
                                       {"time-limit", required_argument, 0, 't'},
                                       {"lp", required_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  cli_scenarios sc = {0};
  const char *source = NULL, *format = "table", *lp = NULL;
  kc_solve_opts so = {0};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:f:t:h", opts, NULL)) != -1) {
    switch (c) {
    case 'S':
      source = optarg;
      break;
    case 'l':
      lp = optarg;
      break;
    case 'f':
      format = optarg;
      if (cli_check_format(format, "table,json"))
        return EXIT_INPUT;
      break;
    case 'h':
      fputs(usage, stdout);
      return EXIT_OK;
    default:
      if (cli_shared_option(c, &sc, &so, usage) != EXIT_OK)
        return EXIT_INPUT;
    }
  }
  if (optind + 1 != argc) {
    fputs(usage, stderr);
    return EXIT_INPUT;
  }
  kc_model m;
  int code = cli_load(argv[optind], &sc, &m);
  if (code != EXIT_OK)
    return code;
  int s = source ? kc_find_source(&m, source) : -1;
  if (source && s < 0) {
    kc_model_free(&m);
    return cli_usage_error("--source: the model has no source \"%s\"", source);
  }
  kc_gap g;
  kc_error err = {0};
  kc_rc rc = kc_gap_solve(&m, 1, s, lp, &so, &g, &err);
  if (rc != KC_OK || lp) {
    kc_model_free(&m);
    if (rc == KC_OK)
      kc_gap_free(&g);
    return rc == KC_OK ? EXIT_OK : cli_report(rc, &err);
  }
  if (strcmp(format, "json") == 0) {
    cJSON *js = kc_gap_json(&m, &g);
    char *text = js ? cJSON_Print(js) : NULL;
    cJSON_Delete(js);
    if (text)
      puts(text);
    free(text);
  } else {
    gap_table(&m, &g, s);
  }
  code = g.status == KC_OK ? EXIT_OK : g.status == KC_ERR_LIMIT ? EXIT_LIMIT : EXIT_INFEASIBLE;
  if (g.status == KC_ERR_LIMIT)
    fprintf(stderr, "kcplan: %s: time limit reached before the funding gap was found\n", m.dir);
  kc_gap_free(&g);
  kc_model_free(&m);
  return code;
}
