/* glpk_guard.c — GLPK error hook with longjmp, and terminal capture (a fatal GLPK error unwinds to the guard instead of
 * aborting). */
#include "optimize/glpk_guard.h"

#include <glpk.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  jmp_buf jb;
  char last[512]; /* GLPK's most recent terminal text, for the error message */
} guard_state;

static _Thread_local guard_state *current;

static int on_term(void *info, const char *s) {
  guard_state *g = info;
  if (g && s && *s) {
    size_t n = strlen(g->last);
    if (n > 300)
      n = 0; /* keep the tail: the error text comes last */
    snprintf(g->last + n, sizeof g->last - n, "%s", s);
  }
  return 1; /* never print */
}

static void on_error(void *info) {
  guard_state *g = info;
  longjmp(g->jb, 1);
}

kc_rc kc_glpk_guard(kc_rc (*fn)(void *ctx, kc_error *err), void *ctx, bool *fatal, kc_error *err) {
  guard_state g;
  guard_state *outer = current;
  memset(&g, 0, sizeof g);
  *fatal = false;
  current = &g;
  glp_term_hook(on_term, &g);
  glp_error_hook(on_error, &g);
  if (setjmp(g.jb)) {
    glp_free_env(); /* mandatory after a fatal error; also resets the hooks */
    current = outer;
    if (outer) {
      glp_term_hook(on_term, outer);
      glp_error_hook(on_error, outer);
    }
    *fatal = true;
    for (char *p = g.last; *p; p++)
      if (*p == '\n')
        *p = ' ';
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "GLPK failed: %s", g.last[0] ? g.last : "(no message)");
  }
  kc_rc rc = fn(ctx, err);
  current = outer;
  glp_term_hook(outer ? on_term : NULL, outer);
  glp_error_hook(outer ? on_error : NULL, outer);
  return rc;
}
