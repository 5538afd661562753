/* common.c — error printing and small parsers shared by the sub-commands. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../csvtab.h"
#include "../load.h"
#include "../scenario.h"
#include "cli.h"

int cli_exit_code(kc_rc rc) {
  switch (rc) {
  case KC_OK:
    return EXIT_OK;
  case KC_ERR_INPUT:
    return EXIT_INPUT;
  case KC_ERR_INFEASIBLE:
    return EXIT_INFEASIBLE;
  case KC_ERR_LIMIT:
    return EXIT_LIMIT;
  default:
    return EXIT_INTERNAL;
  }
}

int cli_report(kc_rc rc, const kc_error *err) {
  char buf[2048];
  kc_error_format(err, buf, sizeof buf);
  fprintf(stderr, "kcplan: %s\n", buf);
  return cli_exit_code(rc);
}

int cli_usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("kcplan: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return EXIT_INPUT;
}

int cli_parse_seconds(const char *s, double *out) {
  double v;
  if (!kc_parse_number(s, &v) || !(v > 0) || v > 1e7)
    return -1;
  *out = v;
  return 0;
}

void cli_warnings(const kc_model *m) {
  kc_error w[20];
  int n = kc_model_warnings(m, w, 20);
  char buf[2048];
  for (int i = 0; i < n && i < 20; i++) {
    kc_error_format(&w[i], buf, sizeof buf);
    fprintf(stderr, "kcplan: warning: %s\n", buf);
  }
  if (n > 20)
    fprintf(stderr, "kcplan: warning: %d more warnings\n", n - 20);
}

int cli_add_scenario(cli_scenarios *sc, const char *path) {
  if (sc->n == KC_MAX_SCEN)
    return cli_usage_error("at most %d scenarios (-s) can be given", KC_MAX_SCEN);
  sc->path[sc->n++] = path;
  return EXIT_OK;
}

int cli_load(const char *dir, const cli_scenarios *sc, kc_model *m) {
  kc_error err = {0};
  kc_rc rc = kc_load_model(dir, m, &err);
  for (int i = 0; rc == KC_OK && sc && i < sc->n; i++)
    rc = kc_scenario_apply_file(m, sc->path[i], &err);
  if (rc != KC_OK) {
    if (m->dir)
      kc_model_free(m);
    return cli_report(rc, &err);
  }
  cli_warnings(m);
  return EXIT_OK;
}

int cli_shared_option(int c, cli_scenarios *sc, double *time_limit, const char *usage) {
  if (c == 's')
    return cli_add_scenario(sc, optarg);
  if (c == 't' && time_limit) {
    if (cli_parse_seconds(optarg, time_limit))
      return cli_usage_error("--time-limit takes a number of seconds greater than 0, not '%s'", optarg);
    return EXIT_OK;
  }
  fputs(usage, stderr);
  return EXIT_INPUT;
}

int cli_check_format(const char *format, const char *allowed) {
  size_t n = strlen(format);
  for (const char *p = allowed; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
    if (strncmp(p, format, n) == 0 && (p[n] == ',' || p[n] == '\0') && n > 0)
      return EXIT_OK;
  }
  return cli_usage_error("--format must be one of %s, not '%s'", allowed, format);
}
