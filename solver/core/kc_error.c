/* kc_error.c — filling and formatting error records. */
#include "core/kc_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

kc_rc kc_fail(kc_error *e, kc_rc rc, const char *file, int line, int col, const char *fmt, ...) {
  if (!e)
    return rc;
  snprintf(e->file, sizeof e->file, "%s", file ? file : "");
  e->line = line;
  e->col = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  return rc;
}

void kc_error_format(const kc_error *e, char *buf, unsigned long n) {
  if (e->file[0] && e->line > 0 && e->col > 0)
    snprintf(buf, n, "%s:%d:%d: %s", e->file, e->line, e->col, e->msg);
  else if (e->file[0] && e->line > 0)
    snprintf(buf, n, "%s:%d: %s", e->file, e->line, e->msg);
  else if (e->file[0])
    snprintf(buf, n, "%s: %s", e->file, e->msg);
  else
    snprintf(buf, n, "%s", e->msg);
}

const char *kc_status_word(kc_rc st) {
  /* the words of summary.json, marked for the terminal's catalogue (looked up by the caller) */
  return st == KC_OK               ? N_("optimal")
         : st == KC_ERR_LIMIT      ? N_("limit")
         : st == KC_ERR_INFEASIBLE ? N_("infeasible")
                                   : N_("invalid");
}
