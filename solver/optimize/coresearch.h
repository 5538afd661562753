/* coresearch.h — the merit stage's search by reduced costs: a 0-1 selection whose LP bound lies close
 * to its optimum, searched first in its core (the columns the LP could move at no cost), then with
 * every column fixed whose reduced cost proves it cannot change in a better plan. */
#ifndef KC_CORESEARCH_H
#define KC_CORESEARCH_H

#include "optimize/engine.h"

/* Solves the current stage k from its optimal LP (the problem's LP must be optimal on entry) within
 * budget branch-and-bound nodes, starting from c->incumbent (the previous stage's exact plan, which
 * holds every row). The best plan is polished into c->incumbent and c->r, its value in *value; sr
 * gets nodes, proven, bound and gap. The columns' bounds are as they were on return; the LP's basis
 * is not. Returns 1 when proven (within the stage's gap), 0 when the budget or the time limit stopped
 * it first (c->timed_out says which), -1 when it could not run (no incumbent, out of memory). */
int kc_core_search(kc_engine *c, kc_stage k, long budget, double *value, kc_stage_result *sr);

#endif
