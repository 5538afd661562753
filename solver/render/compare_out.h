/* compare_out.h — a comparison (compare.h) as JSON, a terminal table or long CSV, rendered from
 * its runs. */
#ifndef KC_COMPARE_OUT_H
#define KC_COMPARE_OUT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "study/compare.h"

/* {"runs": [...], "changes": [...]}: per run its name, file, status and the summary's objective,
 * sources and attainment; per scenario the cells that differ from the baseline's. NULL when out of
 * memory. */
cJSON *kc_compare_json(const kc_comparison *c);

/* The runs side by side for the terminal: status, the stage optima, spend and unallocated money per
 * source, attainment per target, each with its delta against the baseline; then the changed cells. */
void kc_compare_table(FILE *fp, const kc_comparison *c);

/* The same as long CSV: section,key,run,value,delta per row and run, then one line per changed cell. */
void kc_compare_csv(FILE *fp, const kc_comparison *c);

#endif
