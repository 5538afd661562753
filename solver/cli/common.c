/* common.c — error printing and small parsers shared by the sub-commands. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "../csvtab.h"
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
