/* output.h — the outputs of docs/outputs.md: plan.csv, disbursement.csv, attainment.csv, summary.json and
 * the terminal table. Writers take an open stream and never close it; kc_write_outputs writes the
 * four files into a folder atomically (all or none). */
#ifndef KC_OUTPUT_H
#define KC_OUTPUT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

#include "optimize/gap.h"
#include "optimize/reject.h"
#include "plan/plan.h"
#include "optimize/solve.h"
#include "core/text.h"

/* The funding gap as a table for the terminal: the extra money by source and year (rounded up to
 * 1,000 VND), or the targets no money reaches and why. source: the only source allowed extra
 * money, or -1. */
void kc_write_gap_table(FILE *fp, const kc_model *m, const kc_gap *g, int source);

/* Prints js (which it takes and deletes; NULL means out of memory) as indented JSON and a newline.
 * 0, or -1 when out of memory. */
int kc_print_json(FILE *fp, cJSON *js);

/* The summary of docs/outputs.md as a new cJSON tree (caller frees with cJSON_Delete); p may be NULL when
 * the result has no plan; why (may be NULL) explains an infeasible model. NULL when out of memory. */
cJSON *kc_summary_json(const kc_model *m, const kc_result *r, const kc_plan *p, const kc_gap *why);

/* A funding gap (or the money an infeasible model lacks) as the JSON of docs/outputs.md: status,
 * extra_total, by_source, by_source_year, plus unreachable targets with reasons. */
cJSON *kc_gap_json(const kc_model *m, const kc_gap *g);

void kc_write_plan_csv(FILE *fp, const kc_model *m, const kc_plan *p);
void kc_write_disbursement_csv(FILE *fp, const kc_model *m, const kc_plan *p);
void kc_write_attainment_csv(FILE *fp, const kc_model *m, const kc_plan *p);
/* changes.csv (with a baseline): year,activity,units_before,units_after, then <source>_before,
 * <source>_after per source, for every cell whose units or money differ from the baseline's. */
void kc_write_changes_csv(FILE *fp, const kc_model *m, const kc_plan *p);

/* With a baseline: true when cell c (activity * ny + year index) of p differs from the baseline's,
 * in units or any source's money; false without one. */
bool kc_cell_changed(const kc_model *m, const kc_plan *p, int c);

/* The baseline's money in cell c, all sources, in thousandths. */
long long kc_baseline_cell_total(const kc_model *m, int c);

/* "Changes against the approved plan (FILE)[ RUN]" (RUN: "with local-cut-30", say): each changed cell in units and
 * money (closed years marked as recorded), then each source's total before and after. m must have a baseline. */
void kc_write_changes_table(FILE *fp, const kc_model *m, const kc_plan *p, const char *run);

/* The changed cells as a JSON array of {year, activity, closed, units_before, units_after,
 * money_before: {source: ...}, money_after: {...}}; empty without a baseline. NULL when out of memory. */
cJSON *kc_changes_json(const kc_model *m, const kc_plan *p);

/* The terminal table a planner reads: units and money per activity and year (a proposal's counted in
 * its activity's row), each source's spending per year against its ceilings, targets and attainment,
 * the proposals funded and not (rej, may be NULL), the stage optima. */
void kc_write_table(FILE *fp, const kc_model *m, const kc_result *r, const kc_plan *p, const kc_rejects *rej);

/* Writes plan.csv, disbursement.csv, attainment.csv and summary.json into dir (which must exist),
 * with changes.csv when m has a baseline and proposals.csv when rej has proposals (may be NULL),
 * each under a temporary name first; they are renamed into place only when all were written
 * completely, so a failure leaves none. p may be NULL (infeasible): then only summary.json. */
KC_MUST_USE kc_rc kc_write_outputs(const char *dir, const kc_model *m, const kc_result *r, const kc_plan *p,
                                   const kc_gap *why, const kc_rejects *rej, kc_error *err);

/* Display width of UTF-8 text in a terminal (one column per character, combining marks none). */
int kc_text_width(const char *s);

/* A shadow price's row in a planner's words: "ceiling:local" as "KCĐP total ceiling" (trần tổng
 * KCĐP), "annual:national:2018" as "KCQG ceiling of 2018" (trần năm 2018 KCQG). Returns buf. */
const char *kc_shadow_words(const kc_model *m, const char *row, kc_lang lang, char *buf, size_t n);

#endif
