/* glpk_guard.h — running GLPK calls so that no failure inside GLPK can abort the process. */
#ifndef KC_GLPK_GUARD_H
#define KC_GLPK_GUARD_H

#include <stdbool.h>

#include "core/kc_error.h"

/* Runs fn(ctx, err) with GLPK's terminal output captured (never printed) and an error hook that
 * longjmps back here. When GLPK fails fatally, the thread's GLPK environment is freed — every
 * glp_prob this thread created becomes invalid and must not be touched or deleted — *fatal is set,
 * and KC_ERR_INTERNAL is returned with GLPK's last message. Otherwise returns fn's result. Safe to
 * use from several threads at once (GLPK's environment is thread-local). */
KC_MUST_USE kc_rc kc_glpk_guard(kc_rc (*fn)(void *ctx, kc_error *err), void *ctx, bool *fatal, kc_error *err);

#endif
