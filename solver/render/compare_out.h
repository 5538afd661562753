/* compare_out.h — a comparison (compare.h) as JSON, a terminal table or long CSV, rendered from
 * its runs. */
#ifndef KC_COMPARE_OUT_H
#define KC_COMPARE_OUT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

#include "study/compare.h"

/* {"runs": [...], "changes": [...]}: per run its name, file, status and the summary's objective,
 * sources and attainment; per scenario the cells that differ from the baseline's. NULL when out of
 * memory. */
cJSON *kc_compare_json(const kc_comparison *c);

/* The runs side by side for the terminal, in a planner's words: names (never ids, never cut short),
 * the status, the targets fully reached, the stage optima (the solver's own measures, source
 * preference and timing, only with details), each source's spending and money left, each target's
 * units planned of it; per run its difference from the baseline and from the run before it. Then per
 * scenario, in sentences: each source's ceiling, spending and money left, the units no longer (or
 * newly) funded, the money each activity loses or gains, and why money stays unallocated while a
 * target is missed; then the changed cells. */
void kc_compare_table(FILE *fp, const kc_comparison *c, bool details);

/* The same as long CSV: section,key,run,value,delta per row and run, then one line per changed cell. */
void kc_compare_csv(FILE *fp, const kc_comparison *c);

#endif
