/* sweep_out.h — a sweep (sweep.h) as JSON, CSV, a terminal table, or the files of `sweep -o`. */
#ifndef KC_SWEEP_OUT_H
#define KC_SWEEP_OUT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "study/sweep.h"

/* The sweep as JSON: the range, every point, and the breakpoints — pairs of neighbouring points
 * between which the planned units of some target change — each with the changes and, from the
 * previous breakpoint, the marginal rate in planner words and whole units ("from 4,950 to 5,280
 * million VND of Khuyến công địa phương (KCĐP): every 330 million more funds one more mô hình of Mô
 * hình trình diễn 2018-2020"). Money paths
 * (sources.ID.ceiling*) are measured in that source's total ceiling. NULL when out of memory. */
cJSON *kc_sweep_json(const kc_model *base, const kc_sweep *s);

/* The terminal summary: how many points, how fast, then each breakpoint with its rate. 0, or -1
 * when out of memory. */
int kc_sweep_table(FILE *fp, const kc_model *base, const kc_sweep *s, int threads);

/* Writes sweep.csv and sweep.json into the folder dir, both or neither (kc_write_file_set). */
KC_MUST_USE kc_rc kc_sweep_write(const char *dir, const kc_model *base, const kc_sweep *s, kc_error *err);

/* The points as CSV: index,value,status,weighted_shortfall,ceiling_<source>...,spend_<source>...,
 * then one column of planned units per target (<activity>_<first>_<last>). */
void kc_sweep_csv(FILE *fp, const kc_model *base, const kc_sweep *s);

#endif
