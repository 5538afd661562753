/* scenario.h — scenario files (docs/scenarios.md): JSON changes applied to a model, in order.
 *
 * Within one scenario the parts are applied in this order: program, objective, sources (ceiling,
 * ceiling_scale, annual_scale), annual_ceilings rows, activities (columns, unit_cost_scale, then
 * exclude), targets, eligibility. So an annual_ceilings row is final even when its source is also
 * scaled, and a unit_cost given with unit_cost_scale is scaled. */
#ifndef KC_SCENARIO_H
#define KC_SCENARIO_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "core/fileio.h"
#include "core/json.h"
#include "core/model.h"

/* Applies the scenario text (path names it in messages and in m->scen) to m, then re-checks every
 * rule of the model. Unknown keys, ids the model does not have and values of the wrong type are
 * refused with KC_ERR_INPUT naming the scenario file, the line where the key stands (when it can be
 * found) and the key path ("activities.demo_model.weight"). On failure m may be partly changed:
 * callers discard it. */
KC_MUST_USE kc_rc kc_scenario_apply_text(kc_model *m, const char *path, const char *text, size_t len, kc_error *err);

/* Reads path and applies it (kc_scenario_apply_text), recording its SHA-256 in m->scen. */
KC_MUST_USE kc_rc kc_scenario_apply_file(kc_model *m, const char *path, kc_error *err);

/* Applies an already parsed scenario object (used by sweeps, which build one per point). label
 * names it in messages and in m->scen; lines (may be NULL) says where each member stood in the text
 * it was parsed from, for the line and column of messages (kc_json_parse); sha256 may be NULL. */
KC_MUST_USE kc_rc kc_scenario_apply_json(kc_model *m, const cJSON *root, const char *label, const kc_json_lines *lines,
                                         const char *sha256, kc_error *err);

/* The readers program.json shares with scenarios, so that a key is read, checked and reported the
 * same way in both. kc_scenario_program reads price_growth, price_base_year and carry_over where
 * present in program.json's top-level object (its keys already checked); kc_scenario_objective
 * applies an "objective" object: its keys, the words of attainment and timing, a source preference
 * naming every source once. */
KC_MUST_USE kc_rc kc_scenario_program(kc_model *m, const cJSON *root, const kc_json_doc *d);
KC_MUST_USE kc_rc kc_scenario_objective(kc_model *m, const cJSON *obj, const kc_json_doc *d);

#endif
