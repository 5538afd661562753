/* report.h — one self-contained HTML page a programme board can read: headline figures, each year's
 * disbursement by source against the annual ceilings, attainment per target, the plan table, the
 * marginal value of money and, from a sweep, attainment against the swept value with a slider that
 * shows the plan at every point. No network, no external script or style; prints on A4. */
#ifndef KC_REPORT_H
#define KC_REPORT_H

#include <stdio.h>

#include "optimize/reject.h"
#include "plan/plan.h"
#include "optimize/solve.h"
#include "study/sweep.h"
#include "core/text.h"

/* Most sweep points a report embeds (each carries its whole plan). */
#define KC_REPORT_MAX_POINTS 5001

/* Writes the report of the audited plan p of m (r its result) to fp, with its proposals funded and
 * not (rej, may be NULL). sw (may be NULL) is a sweep of
 * the same model run with keep_plans. KC_ERR_INTERNAL when out of memory (fp may then hold part of
 * the page: write to a kc_atomic file). */
KC_MUST_USE kc_rc kc_report_html(FILE *fp, const kc_model *m, const kc_result *r, const kc_plan *p,
                                 const kc_rejects *rej, const kc_sweep *sw, kc_lang lang, kc_error *err);

/* Weighted attainment of planned units per target ([ntgt]): 1 - Z1 / (sum of the targets' weights),
 * Z1 the weighted shortfall of docs/model.md; the plain mean of planned/target (each at most 1) when every
 * weight is 0. 1 when the model has no targets. */
double kc_weighted_attainment(const kc_model *m, const double *planned);

#endif
