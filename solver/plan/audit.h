/* audit.h — the independent re-check of a rounded plan against every constraint of docs/model.md.
 *
 * It recomputes everything from the model and the plan alone (no GLPK, no formulation code), so a
 * formulation bug cannot pass unnoticed. A plan that fails is never written. */
#ifndef KC_AUDIT_H
#define KC_AUDIT_H

#include "plan/plan.h"
#include "optimize/solve.h"

/* KC_OK when p satisfies: units whole (unless divisible), inside [min_per_year, max_per_year] where
 * a unit can start and 0 where it cannot finish; each year's money equals the units' need within
 * rounding; every source's share within [min_share, max_share] and 0 where not eligible; rounded
 * totals within every total, annual (cumulative with carry-over) ceiling; counterparts; and the
 * plan's attainment no worse than the stage-1 optimum r reports. Otherwise KC_ERR_INTERNAL with
 * *err naming the violated constraint. */
KC_MUST_USE kc_rc kc_audit(const kc_model *m, const kc_plan *p, const kc_result *r, kc_error *err);

#endif
