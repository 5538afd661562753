/* cmd_check.c — kcplan check: validate a model folder without solving. */
#include <getopt.h>
#include <stdio.h>

#include "../load.h"
#include "cli.h"

static const char usage[] = "usage: kcplan check MODEL\n\n"
                            "Reads and validates the model folder MODEL (every rule of the model format) without\n"
                            "solving. Prints a one-line description on success; errors name file, line, column.\n";

int cmd_check(int argc, char **argv) {
  static const struct option opts[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    if (c == 'h') {
      fputs(usage, stdout);
      return EXIT_OK;
    }
    fputs(usage, stderr);
    return EXIT_INPUT;
  }
  if (optind + 1 != argc) {
    fputs(usage, stderr);
    return EXIT_INPUT;
  }
  kc_model m;
  kc_error err = {0};
  kc_rc rc = kc_load_model(argv[optind], &m, &err);
  if (rc != KC_OK)
    return cli_report(rc, &err);
  cli_warnings(&m);
  int nann = 0;
  for (int s = 0; s < m.nsrc; s++)
    nann += m.has_annual[s];
  printf("%s: valid model \"%s\", %d-%d: %d activities, %d targets, %d sources (%d with annual ceilings)%s\n", m.dir,
         m.name, m.first_year, m.last_year, m.nact, m.ntgt, m.nsrc, nann, m.carry_over ? ", carry-over on" : "");
  kc_model_free(&m);
  return EXIT_OK;
}
