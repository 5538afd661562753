/* shadow.h — shadow prices of the ceilings after the stages: the duals of the stage-1 LP with the
 * plan's units fixed, and finite differences of the attainment MIP where those are 0. */
#ifndef KC_SHADOW_H
#define KC_SHADOW_H

#include "optimize/engine.h"

/* Fills c->r->shadow and c->r->nshadow from the plan in c->incumbent (see the definition for the
 * method and budgets). KC_ERR_INTERNAL when out of memory; an LP that cannot be re-solved leaves the
 * list empty. */
KC_MUST_USE kc_rc kc_shadow_prices(kc_engine *c, kc_error *err);

#endif
