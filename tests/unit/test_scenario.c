/* test_scenario.c — every scenario override kind, the order they apply in, and every refusal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "input/scenario.h"
#include "testutil.h"

static const tu_files base = {
    .program = "{\"first_year\": 2020, \"last_year\": 2022, \"sources\": [{\"id\": \"nat\", \"ceiling\": 100},"
               " {\"id\": \"loc\", \"ceiling\": 60}]}",
    .activities = "id,name,unit_cost,weight,max_per_year,disbursement\nx,Ex,10,1,5,\ny,Why,20,2,,0.5 0.5\n",
    .targets = "activity,first_year,last_year,target\nx,2020,2022,6\ny,2020,2021,2\n",
    .eligibility = "activity,source,max_share\nx,nat,1\nx,loc,1\ny,loc,1\n",
    .annual = "source,year,ceiling\nloc,2020,20\nloc,2021,20\nloc,2022,20\n",
};

static kc_rc apply(kc_model *m, const char *json, kc_error *err) {
  memset(err, 0, sizeof *err);
  return kc_scenario_apply_text(m, "s.json", json, strlen(json), err);
}

static void load(kc_model *m) {
  kc_error err;
  assert_int_equal(tu_load(&base, m, &err), KC_OK);
}

static void test_scenario_sources(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  load(&m);
  assert_int_equal(apply(&m,
                         "{\"name\": \"cut\", \"sources\": {\"loc\": {\"ceiling_scale\": 0.5}, \"nat\": "
                         "{\"ceiling\": 80}}, \"annual_ceilings\": [{\"source\": \"loc\", \"year\": 2021, "
                         "\"ceiling\": 15}]}",
                         &err),
                   KC_OK);
  assert_true(m.src[1].ceiling == 30 && m.src[0].ceiling == 80);
  assert_true(m.annual[3] == 10 && m.annual[5] == 10); /* scaled */
  assert_true(m.annual[4] == 15);                      /* the explicit row is final */
  assert_int_equal(m.nscen, 1);
  assert_string_equal(m.scen_name[0], "cut");
  assert_int_equal((int)strlen(m.scen[0].sha256), 64);
  assert_int_equal(apply(&m, "{\"sources\": {\"loc\": {\"annual_scale\": 2}}}", &err), KC_OK);
  assert_true(m.annual[3] == 20 && m.src[1].ceiling == 30);
  assert_string_equal(m.scen_name[1], "s.json"); /* no name: the file name */
  assert_int_equal(apply(&m, "{\"sources\": {\"nat\": {\"ceiling\": null}}}", &err), KC_OK);
  assert_false(m.src[0].has_ceiling);
  kc_model_free(&m);
}

static void test_scenario_activities(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  load(&m);
  assert_int_equal(apply(&m,
                         "{\"activities\": {\"x\": {\"unit_cost\": 12, \"unit_cost_scale\": 1.5, \"weight\": 3, "
                         "\"max_per_year\": null, \"name\": null, \"disbursement\": \"0.25 0.75\", \"divisible\": true,"
                         " \"support_rate\": 0.5, \"_why\": \"notes are allowed\"}}}",
                         &err),
                   KC_OK);
  assert_true(m.act[0].unit_cost == 18); /* set, then scaled */
  assert_true(m.act[0].weight == 3);
  assert_false(m.act[0].has_max);
  assert_string_equal(m.act[0].name, "x");
  assert_int_equal(m.act[0].ndisb, 2);
  assert_true(m.act[0].divisible);
  assert_true(m.act[0].support_rate == 0.5);
  assert_int_equal(apply(&m, "{\"activities\": {\"x\": {\"disbursement\": [1]}}}", &err), KC_OK);
  assert_int_equal(m.act[0].ndisb, 1);
  kc_model_free(&m);
}

static void test_scenario_exclude(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  load(&m);
  assert_int_equal(apply(&m, "{\"activities\": {\"x\": {\"exclude\": true}}}", &err), KC_OK);
  assert_int_equal(m.nact, 1);
  assert_string_equal(m.act[0].id, "y");
  assert_int_equal(m.ntgt, 1);
  assert_int_equal(m.tgt[0].activity, 0);
  assert_true(m.max_share[0] == 0 && m.max_share[1] == 1); /* y's row moved up */
  assert_int_equal(kc_find_activity(&m, "y"), 0);          /* the index follows the removal */
  assert_int_equal(kc_find_activity(&m, "x"), -1);
  assert_int_equal(apply(&m, "{\"activities\": {\"y\": {\"exclude\": true}}}", &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "nothing is left"));
  kc_model_free(&m);
}

static void test_scenario_targets_eligibility_program(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  load(&m);
  assert_int_equal(apply(&m,
                         "{\"targets\": [{\"activity\": \"x\", \"first_year\": 2020, \"last_year\": 2022, \"target\": "
                         "9}, {\"activity\": \"y\", \"first_year\": 2022, \"last_year\": 2022, \"target\": 1}],"
                         " \"eligibility\": [{\"activity\": \"y\", \"source\": \"nat\", \"max_share\": 0.5}],"
                         " \"program\": {\"price_growth\": 0.04, \"carry_over\": true, \"price_base_year\": 2021},"
                         " \"objective\": {\"attainment\": \"balanced\", \"timing\": \"late\", \"source_preference\":"
                         " [\"loc\", \"nat\"]}}",
                         &err),
                   KC_OK);
  assert_int_equal(m.ntgt, 3);
  assert_true(m.tgt[0].target == 9); /* replaced */
  assert_int_equal(m.tgt[2].first_year, 2022);
  assert_true(m.max_share[1 * 2 + 0] == 0.5);
  assert_true(m.price_growth == 0.04 && m.carry_over && m.price_base_year == 2021);
  assert_int_equal(m.attainment, KC_BALANCED);
  assert_int_equal(m.timing, KC_LATE);
  assert_int_equal(m.preference[0], 1);
  kc_model_free(&m);
}

/* Refusals: each names the scenario file and the key path. */
static void expect(const char *json, const char *want) {
  kc_model m;
  kc_error err;
  load(&m);
  kc_rc rc = apply(&m, json, &err);
  if (rc != KC_ERR_INPUT || !strstr(err.msg, want) || strcmp(err.file, "s.json") != 0)
    fail_msg("%s: expected an error containing '%s', got %d %s: %s", json, want, rc, err.file, err.msg);
  kc_model_free(&m);
}

static void test_scenario_refusals(void **state) {
  (void)state;
  expect("{\"colour\": 1}", "colour: unknown key");
  expect("{\"sources\": {\"regional\": {\"ceiling\": 5}}}", "sources.regional: the model has no source");
  expect("{\"sources\": {\"loc\": {\"ceiling_scale\": \"half\"}}}", "sources.loc.ceiling_scale: must be a number");
  expect("{\"sources\": {\"loc\": {\"ceiling_scale\": -1}}}", "out of range");
  expect("{\"sources\": {\"nat\": {\"annual_scale\": 2}}}", "has no annual ceilings");
  expect("{\"sources\": {\"loc\": {\"cap\": 1}}}", "sources.loc.cap: unknown key");
  expect("{\"activities\": {\"z\": {\"weight\": 1}}}", "activities.z: the model has no activity \"z\"");
  expect("{\"activities\": {\"x\": {\"weight\": \"high\"}}}", "activities.x.weight: must be a number");
  expect("{\"activities\": {\"x\": {\"colour\": 1}}}", "activities.x.colour: unknown key");
  expect("{\"activities\": {\"x\": {\"unit_cost\": null}}}", "no default");
  expect("{\"activities\": {\"x\": {\"exclude\": 1}}}", "exclude must be true or false");
  expect("{\"activities\": {\"x\": {\"disbursement\": \"0.5 0.4\"}}}", "sum to 0.9");
  expect("{\"activities\": {\"x\": {\"unit_cost\": -3}}}", "after this scenario: x: unit_cost -3");
  expect("{\"targets\": [{\"activity\": \"q\", \"first_year\": 2020, \"last_year\": 2020, \"target\": 1}]}",
         "targets[0]: the model has no activity \"q\"");
  expect("{\"targets\": [{\"activity\": \"x\", \"first_year\": 2020, \"target\": 1}]}",
         "targets[0].last_year: is required");
  expect("{\"targets\": [{\"activity\": \"x\", \"first_year\": 2021, \"last_year\": 2021, \"target\": 1}]}",
         "overlaps");
  expect("{\"targets\": {\"x\": 1}}", "targets: must be an array");
  expect("{\"eligibility\": [{\"activity\": \"x\", \"source\": \"mars\"}]}", "eligibility[0]: the model has no source");
  expect("{\"eligibility\": [{\"activity\": \"x\", \"source\": \"nat\", \"min_share\": 2}]}",
         "eligibility[0].min_share");
  expect("{\"annual_ceilings\": [{\"source\": \"nat\", \"year\": 2020, \"ceiling\": 5}]}", "some years but not 2021");
  expect("{\"annual_ceilings\": [{\"source\": \"loc\", \"year\": 2030, \"ceiling\": 5}]}", "outside the horizon");
  expect("{\"program\": {\"carry_over\": \"yes\"}}", "program.carry_over: must be true or false");
  expect("{\"program\": {\"first_year\": 2000}}", "program.first_year: unknown key");
  expect("{\"objective\": {\"timing\": \"soon\"}}", "objective.timing");
  expect("{\"objective\": {\"source_preference\": [\"nat\", \"nat\"]}}", "objective.source_preference");
  expect("{\"name\": 5}", "name: must be a string");
  expect("[1]", "must be a JSON object");
  expect("{\"sources\": ", "JSON syntax error");
}

/* proposals.ID changes, adds and withdraws proposals; a proposal follows its activity's eligibility
 * and profile after a scenario changes them, and goes when its activity is excluded. */
static void test_scenario_proposals(void **state) {
  (void)state;
  tu_files f = base;
  f.proposals = "id,activity,units,cost,score,owner\np1,y,2,30,80,A\np2,x,1,12,40,B\n";
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  assert_int_equal(apply(&m,
                         "{\"proposals\": {\"p1\": {\"cost\": 25, \"score\": null, \"owner\": \"C\"},"
                         " \"p2\": {\"exclude\": true},"
                         " \"p3\": {\"activity\": \"x\", \"cost\": 9, \"units\": 2, \"first_year\": 2021}},"
                         " \"eligibility\": [{\"activity\": \"y\", \"source\": \"nat\", \"max_share\": 0.5}],"
                         " \"activities\": {\"y\": {\"disbursement\": \"1\"}}}",
                         &err),
                   KC_OK);
  assert_int_equal(kc_model_proposals(&m), 2);
  int p1 = kc_find_activity(&m, "p1"), p3 = kc_find_activity(&m, "p3");
  assert_true(p1 >= 0 && p3 >= 0 && kc_find_activity(&m, "p2") < 0);
  assert_true(m.act[p1].unit_cost == 25 && m.act[p1].score == 0 && m.act[p1].ndisb == 1);
  assert_string_equal(m.act[p1].owner, "C");
  assert_true(m.max_share[p1 * 2 + 0] == 0.5 && m.max_share[p1 * 2 + 1] == 1); /* y's eligibility now */
  assert_true(m.act[p3].proposal && m.act[p3].parent == kc_find_activity(&m, "x") && m.act[p3].yield == 2);
  assert_int_equal(m.act[p3].win_first, 2021);
  assert_int_equal(m.act[p3].line, -1); /* the first scenario changed it */
  assert_int_equal(apply(&m, "{\"activities\": {\"y\": {\"exclude\": true}}}", &err), KC_OK);
  assert_true(kc_find_activity(&m, "p1") < 0 && kc_find_activity(&m, "p3") >= 0); /* y's proposal went with it */
  assert_int_equal(m.act[kc_find_activity(&m, "p3")].parent, kc_find_activity(&m, "x"));
  assert_int_equal(apply(&m, "{\"proposals\": {\"x\": {\"cost\": 1}}}", &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "is an activity, not a proposal"));
  assert_int_equal(apply(&m, "{\"proposals\": {\"p9\": {\"cost\": 1}}}", &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "a new one needs at least \"activity\" and \"cost\""));
  assert_int_equal(apply(&m, "{\"activities\": {\"p3\": {\"unit_cost\": 1}}}", &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "is a proposal"));
  assert_int_equal(apply(&m, "{\"proposals\": {\"p3\": {\"score\": -1}}}", &err), KC_ERR_INPUT);
  kc_model_free(&m);
}

static void test_scenario_key_line(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  load(&m);
  assert_int_equal(apply(&m, "{\n  \"name\": \"a\",\n  \"activities\": {\n    \"x\": {\"wieght\": 2}\n  }\n}\n", &err),
                   KC_ERR_INPUT);
  assert_int_equal(err.line, 4);
  kc_model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scenario_sources),   cmocka_unit_test(test_scenario_activities),
      cmocka_unit_test(test_scenario_exclude),   cmocka_unit_test(test_scenario_targets_eligibility_program),
      cmocka_unit_test(test_scenario_refusals),  cmocka_unit_test(test_scenario_key_line),
      cmocka_unit_test(test_scenario_proposals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
