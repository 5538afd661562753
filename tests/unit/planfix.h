/* planfix.h — a solved, rounded plan for the plan and audit tests (header-only fixture). */
#ifndef KC_PLANFIX_H
#define KC_PLANFIX_H

#include "plan/audit.h"
#include "plan/plan.h"
#include "testutil.h"

typedef struct {
  kc_model m;
  kc_result r;
  kc_plan p;
} fixture;

static inline void make(fixture *fx, const tu_files *f) {
  kc_error err;
  tu_solve(f, &fx->m, &fx->r);
  assert_true(fx->r.has_plan);
  assert_int_equal(kc_plan_make(&fx->m, &fx->r, &fx->p, &err), KC_OK);
}

static inline void drop(fixture *fx) {
  kc_plan_free(&fx->p);
  kc_result_free(&fx->r);
  kc_model_free(&fx->m);
}

#endif
