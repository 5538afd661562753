/* proposals_out.h — what a plan does with the submitted proposals (proposals.csv of docs/outputs.md,
 * and the terminal's list of funded and rejected proposals by owner). */
#ifndef KC_PROPOSALS_OUT_H
#define KC_PROPOSALS_OUT_H

#include <stdio.h>

#include "core/text.h"
#include "optimize/reject.h"
#include "plan/plan.h"

/* Why proposal p of x (activity x->first + p) is not funded, in a planner's words: the extra money
 * per source and year that would fund it and the ceilings it raises, or the rule that excludes it
 * ("funded, starting 2019" for a funded one), in lang. */
void kc_reject_words(const kc_model *m, const kc_rejects *x, int p, kc_lang lang, char *buf, size_t n);

/* proposals.csv: id,name,activity,owner,score,units,funded,start_year,cost,counterpart, a column
 * <source>_<year> of money for each source that may pay a proposal, extra_needed, reason. */
void kc_write_proposals_csv(FILE *fp, const kc_model *m, const kc_plan *pl, const kc_rejects *x);

/* "Proposals: 3 of 4 funded, appraisal score 217 of 307", then by owner (in the order they first
 * appear) the funded ones and the others with the reason. Nothing without proposals (x NULL or empty). */
void kc_write_proposals_table(FILE *fp, const kc_model *m, const kc_plan *pl, const kc_rejects *x);

#endif
