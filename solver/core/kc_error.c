/* kc_error.c — filling and formatting error records. */
#include "core/kc_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

kc_rc kc_fail_text(kc_error *e, kc_rc rc, const char *file, int line, int col, const char *msg, const char *en) {
  if (!e)
    return rc;
  snprintf(e->file, sizeof e->file, "%s", file ? file : "");
  e->line = line;
  e->col = col;
  snprintf(e->msg, sizeof e->msg, "%s", msg);
  snprintf(e->en, sizeof e->en, "%s", en);
  return rc;
}

kc_rc kc_fail(kc_error *e, kc_rc rc, const char *file, int line, int col, const char *fmt, ...) {
  if (!e)
    return rc;
  char msg[sizeof e->msg], en[sizeof e->en];
  va_list ap;
  va_start(ap, fmt);
  kc_vsay(msg, en, sizeof msg, fmt, ap);
  va_end(ap);
  return kc_fail_text(e, rc, file, line, col, msg, en);
}

kc_rc kc_fail_around(kc_error *e, kc_rc rc, const char *file, int line, int col, const char *fmt, const char *msg,
                     const char *en) {
  char wmsg[sizeof e->msg], wen[sizeof e->en];
  snprintf(wmsg, sizeof wmsg, _(fmt), msg);
  snprintf(wen, sizeof wen, fmt, en);
  return kc_fail_text(e, rc, file, line, col, wmsg, wen);
}

void kc_vsay(char *msg, char *en, size_t n, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  vsnprintf(en, n, fmt, ap);
  vsnprintf(msg, n, fmt[0] ? _(fmt) : fmt, again); /* msgfmt --check holds a translation to fmt's conversions */
  va_end(again);
}

void kc_say(char *msg, char *en, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kc_vsay(msg, en, n, fmt, ap);
  va_end(ap);
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
