/* load.h — a model folder (docs/model-format.md) into a kc_model. */
#ifndef KC_LOAD_H
#define KC_LOAD_H

#include <stddef.h>

#include "core/model.h"

/* Loads program.json, activities.csv, targets.csv and, when present, proposals.csv, eligibility.csv,
 * annual_ceilings.csv and actuals.csv from dir, then runs kc_model_check. On success *m is owned by
 * the caller (kc_model_free). On failure *m is empty and *err names the file, line and column. */
KC_MUST_USE kc_rc kc_load_model(const char *dir, kc_model *m, kc_error *err);

/* kc_load_model with the actuals read from the file actuals instead of dir/actuals.csv (which is
 * then not read); NULL: dir's own, when present. */
KC_MUST_USE kc_rc kc_load_model_actuals(const char *dir, const char *actuals, kc_model *m, kc_error *err);

/* The files of a model in memory, in the order program.json, activities.csv, targets.csv,
 * eligibility.csv, annual_ceilings.csv, actuals.csv, proposals.csv; a NULL text is a file that is
 * absent (only the last four may be). The texts need not end in NUL. */
#define KC_MODEL_FILES 7
#define KC_FILE_ACTUALS 5
#define KC_FILE_PROPOSALS 6
typedef struct {
  const char *text[KC_MODEL_FILES];
  size_t len[KC_MODEL_FILES];
} kc_model_texts;

/* kc_load_model from memory: dir names the folder in messages and in m->inputs. Same contract. */
KC_MUST_USE kc_rc kc_load_model_texts(const char *dir, const kc_model_texts *in, kc_model *m, kc_error *err);

/* Parses program.json text into the program part of *m (horizon, sources, objective); path is used
 * in messages. The model must be zeroed on entry; on failure its partial contents are freed. */
KC_MUST_USE kc_rc kc_load_program(const char *path, const char *text, size_t len, kc_model *m, kc_error *err);

/* Parses the four CSV tables of a model from memory (any may be NULL when optional: eligibility and
 * annual ceilings), after kc_load_program. path_* name the files in messages. */
KC_MUST_USE kc_rc kc_load_activities(kc_model *m, const char *path, const char *text, size_t len, kc_error *err);
KC_MUST_USE kc_rc kc_load_targets(kc_model *m, const char *path, const char *text, size_t len, kc_error *err);
KC_MUST_USE kc_rc kc_load_eligibility(kc_model *m, const char *path, const char *text, size_t len, kc_error *err);
KC_MUST_USE kc_rc kc_load_annual(kc_model *m, const char *path, const char *text, size_t len, kc_error *err);

/* Parses proposals.csv (docs/model-format.md) after the activities: each row becomes an activity with
 * kc_activity.proposal set, appended after the others; kc_model_sync_proposals completes them. */
KC_MUST_USE kc_rc kc_load_proposals(kc_model *m, const char *path, const char *text, size_t len, kc_error *err);

/* Parses actuals.csv (docs/model-format.md): year,activity,units and one money column per source (any
 * may be left out: 0), cost and counterpart optional and checked against the row. Its years close the
 * first years of the horizon, without a gap. After the other tables. */
KC_MUST_USE kc_rc kc_load_actuals(kc_model *m, const char *path, const char *text, size_t len, kc_error *err);

/* Reads path, a plan.csv kcplan wrote earlier for the same programme (the approved plan), as the
 * baseline of the stability stage (kc_model.base_*), recording its SHA-256. The rules of actuals.csv
 * hold for its rows, except that it may cover any years. */
KC_MUST_USE kc_rc kc_load_baseline(kc_model *m, const char *path, kc_error *err);

/* Allocates the per-pair and per-year tables with their defaults once activities are known
 * (every source pays up to 100%; no annual ceilings). */
KC_MUST_USE kc_rc kc_model_alloc_tables(kc_model *m, kc_error *err);

#endif
