/* reject.h — why a submitted proposal is not funded, in numbers a planner can act on.
 *
 * For every proposal a plan does not fund: the least extra money that would fund it on top of that
 * plan — every other unit and proposal kept as planned, their money free to move between sources —
 * for each start year of its window, the cheapest kept with its extra money per source and year (the
 * ceilings that bind); or the rule that excludes it whatever the money. A kc_rejects owns its arrays. */
#ifndef KC_REJECT_H
#define KC_REJECT_H

#include "core/model.h"
#include "optimize/solve.h"

typedef enum {
  KC_REJ_FUNDED,   /* the plan funds it */
  KC_REJ_MONEY,    /* extra money funds it: extra, start, by */
  KC_REJ_SPARE,    /* it fits the money left, but its score is 0 and its units are not needed */
  KC_REJ_CLOSED,   /* every year of its window is closed (actuals) and it was not started */
  KC_REJ_NO_SOURCE /* its activity's eligibility and shares cannot pay all of it */
} kc_rej_kind;

typedef struct {
  kc_rej_kind kind;
  int start;    /* the year it would start (KC_REJ_MONEY, KC_REJ_SPARE), the year it starts when funded */
  double extra; /* the least extra money, million VND */
} kc_reject;

typedef struct {
  int first; /* the first proposal's activity index */
  int n;     /* proposals */
  int ny, nsrc;
  kc_reject *r; /* [p] for activity first + p */
  double *by;   /* [(p * nsrc + s) * ny + yi] extra money of source s in year yi */
  /* [(p * nsrc + s) * (ny + 1) + k] 1 when the ceiling binds that the extra money raises: source s's
   * annual (cumulative with carry-over) ceiling of year index k < ny, its total ceiling for k = ny */
  unsigned char *binds;
} kc_rejects;

/* Fills *out for m's proposals given a plan's units (units[a * ny + yi]). KC_ERR_INTERNAL on GLPK failure
 * or out of memory; *out is then empty. Nothing to do (out->n = 0) without proposals. */
KC_MUST_USE kc_rc kc_rejects_find(const kc_model *m, const double *units, kc_rejects *out, kc_error *err);

void kc_rejects_free(kc_rejects *x);

#endif
