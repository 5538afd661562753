/* test_load.c — reading model folders: every input rule refuses bad data with file and line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Loads small with one file replaced; expects an input error whose text contains want. */
static kc_error expect_error(int which, const char *text, const char *want) {
  tu_files f = tu_small;
  const char **slot[] = {&f.program, &f.activities, &f.targets, &f.eligibility, &f.annual, &f.actuals, &f.proposals};
  *slot[which] = text;
  kc_model m;
  kc_error err;
  kc_rc rc = tu_load(&f, &m, &err);
  if (rc != KC_ERR_INPUT || !strstr(err.msg, want))
    fail_msg("expected an input error containing '%s', got rc %d: %s:%d: %s", want, rc, err.file, err.line, err.msg);
  return err;
}

enum { PROGRAM, ACTIVITIES, TARGETS, ELIGIBILITY, ANNUAL, ACTUALS, PROPOSALS };

static void test_load_small_defaults(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK);
  assert_int_equal(m.nact, 2);
  assert_int_equal(m.nsrc, 2);
  assert_int_equal(m.ntgt, 2);
  assert_true(m.act[0].weight == 1.0);
  assert_true(m.act[0].support_rate == 1.0);
  assert_int_equal(m.act[0].ndisb, 1);
  assert_false(m.act[0].has_max);
  assert_false(m.carry_over);
  assert_int_equal(m.price_base_year, 2020);
  assert_int_equal(m.preference[0], 0);
  assert_true(m.max_share[0] == 1.0 && m.max_share[3] == 1.0);
  assert_int_equal(m.ninputs, 3);
  assert_int_equal((int)strlen(m.inputs[0].sha256), 64);
  kc_model_free(&m);
}

static void test_load_json_syntax_position(void **state) {
  (void)state;
  kc_error e = expect_error(PROGRAM, "{\"first_year\": 2020,\n \"last_year\" 2021}", "JSON syntax");
  assert_int_equal(e.line, 2);
  assert_true(e.col > 1);
  assert_non_null(strstr(e.file, "program.json"));
  expect_error(PROGRAM, "{\"first_year\": 2020", "ends too early");
}

static void test_load_json_rules(void **state) {
  (void)state;
  expect_error(PROGRAM, "{\"first_year\": 2020, \"last_year\": 2021, \"colour\": 1, \"sources\": [{\"id\": \"a\"}]}",
               "unknown key \"colour\"");
  expect_error(PROGRAM, "{\"first_year\": \"2020\", \"last_year\": 2021, \"sources\": [{\"id\": \"a\"}]}",
               "whole number");
  expect_error(PROGRAM, "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"A b\"}]}",
               "sources[0].id");
  expect_error(PROGRAM,
               "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\", \"ceiling\": \"x\"}]}",
               "ceiling: must be a number");
  expect_error(PROGRAM, "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\", \"ceiling\": -5}]}",
               "ceiling -5");
  expect_error(PROGRAM, "{\"first_year\": 2022, \"last_year\": 2021, \"sources\": [{\"id\": \"a\"}]}", "first_year");
  expect_error(PROGRAM,
               "{\"first_year\": 2020, \"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\"}]}",
               "twice");
  expect_error(PROGRAM, "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}",
               "used twice");
  expect_error(PROGRAM,
               "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\"}, {\"id\": \"b\"}],"
               " \"objective\": {\"source_preference\": [\"a\"]}}",
               "every source id exactly once");
  expect_error(PROGRAM,
               "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\"}],"
               " \"objective\": {\"timing\": \"soon\"}}",
               "objective.timing");
  expect_error(PROGRAM, "[1, 2]", "JSON object");
  expect_error(PROGRAM,
               "{\"first_year\": 2020, \"last_year\": 2021, \"sources\": [{\"id\": \"a\"}], \"price_growth\": -1}",
               "price_growth");
}

static void test_load_json_notes_and_bom(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.program = "\xEF\xBB\xBF{\"_comment\": \"x\", \"first_year\": 2020, \"last_year\": 2021,"
              " \"sources\": [{\"id\": \"a\", \"_why\": 1, \"ceiling\": null}, {\"id\": \"b\"}]}";
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  assert_false(m.src[0].has_ceiling);
  kc_model_free(&m);
}

static void test_load_activity_rules(void **state) {
  (void)state;
  kc_error e = expect_error(ACTIVITIES, "id,unit_cost\nx,10\nx,5\n", "already used on line 2");
  assert_int_equal(e.line, 3);
  assert_int_equal(e.col, 1);
  e = expect_error(ACTIVITIES, "id,unit_cost\nx,10\ny,0\n", "unit_cost must be greater than 0");
  assert_int_equal(e.line, 3);
  assert_int_equal(e.col, 2);
  expect_error(ACTIVITIES, "id,unit_cost\nX-1,10\n", "a-z");
  expect_error(ACTIVITIES, "id,unit_cost\nx,abc\n", "not a finite number");
  expect_error(ACTIVITIES, "id,unit_cost,disbursement\nx,10,0.5 0.4\ny,1,\n", "sum to 0.9");
  expect_error(ACTIVITIES, "id,unit_cost,min_per_year,max_per_year\nx,10,3,2\ny,1,,\n", "from min_per_year to 1e9");
  expect_error(ACTIVITIES, "id,unit_cost,min_per_year\nx,10,1.5\ny,1,\n", "whole numbers");
  expect_error(ACTIVITIES, "id,unit_cost,support_rate\nx,10,1.5\ny,1,\n", "support_rate");
  expect_error(ACTIVITIES, "id,unit_cost,divisible\nx,10,2\ny,1,\n", "divisible");
  expect_error(ACTIVITIES, "id,unit_cost,colour\nx,10,red\n", "unknown column");
  expect_error(ACTIVITIES, "id,name\nx,10\n", "\"unit_cost\" is missing");
  expect_error(ACTIVITIES, "id,unit_cost\n", "no activities");
}

/* actuals.csv: what was recorded in the first years, in plan.csv's columns (tu_small: sources a, b;
 * activities x (10 a unit) and y (25); 2020-2021). */
static void test_load_actuals(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.actuals = "year,activity,units,cost,a,b,counterpart,_note\n2020,x,2,20.000,15.000,5.000,0.000,paid late\n"
              "2020,y,0,0,0,0,0,\n";
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  assert_int_equal(m.nclosed, 1);
  assert_true(m.act_units[0 * 2 + 0] == 2);
  assert_int_equal(m.act_milli[(0 * 2 + 0) * 2 + 0], 15000);
  assert_int_equal(m.act_milli[(0 * 2 + 0) * 2 + 1], 5000);
  assert_int_equal(m.act_line[0 * 2 + 0], 2);
  assert_non_null(strstr(m.actuals_path, "actuals.csv"));
  assert_int_equal(m.ninputs, 4); /* program, activities, targets, actuals: recorded with their SHA-256 */
  kc_model c;
  assert_int_equal(kc_model_copy(&c, &m, &err), KC_OK); /* the copy has its own actuals */
  assert_ptr_not_equal(c.act_milli, m.act_milli);
  assert_int_equal(c.act_milli[1], 5000);
  kc_model_free(&c);
  kc_model_free(&m);
  const char *h = "year,activity,units,a,b\n";
  static const struct {
    const char *rows, *want;
    int line, col;
  } bad[] = {
      {"2020,z,1,10,0\n", "activity \"z\" is not defined", 2, 2},
      {"2019,x,1,10,0\n", "year", 2, 1},
      {"2020,x,-1,0,0\n", "units: -1 must be from 0", 2, 3},
      {"2020,x,1.5,15,0\n", "the activity is not divisible", 2, 0},
      {"2020,x,1,-10,0\n", "a: -10 must be from 0", 2, 4},
      {"2020,x,1,10.0005,0\n", "more than three decimals", 2, 4},
      {"2020,x,1,1.200.000,0\n", "Vietnamese digit grouping", 2, 4},
      {"2020,x,1,10,0\n2020,x,1,10,0\n", "already recorded on line 2", 3, 1},
      {"2021,x,1,10,0\n", "2020 has no row, 2021 has one", 2, 0},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char text[300];
    snprintf(text, sizeof text, "%s%s", h, bad[i].rows);
    kc_error e = expect_error(ACTUALS, text, bad[i].want);
    if (e.line != bad[i].line || e.col != bad[i].col)
      fail_msg("%s: at %d:%d, wanted %d:%d", bad[i].rows, e.line, e.col, bad[i].line, bad[i].col);
  }
  expect_error(ACTUALS, "year,activity,units,a,c\n2020,x,1,10,0\n", "unknown column");
  expect_error(ACTUALS, "year,activity,a,b\n2020,x,10,0\n", "\"units\" is missing");
  expect_error(ACTUALS, "year,activity,units,cost,a,b\n2020,x,1,11.000,10,0\n", "cost 11.000 is not the sum");
  expect_error(ACTUALS, "year,activity,units,a,b,counterpart\n2020,x,1,10,0,5\n", "counterpart 5 does not match");
  /* a unit that cannot finish paying by the horizon's end */
  f = tu_small;
  f.activities = "id,unit_cost,disbursement\nx,10,0.5 0.5\ny,25,\n";
  f.actuals = "year,activity,units,a,b\n2020,x,0,0,0\n2021,x,1,5,0\n";
  kc_error e;
  assert_int_equal(tu_load(&f, &m, &e), KC_ERR_INPUT);
  assert_non_null(strstr(e.msg, "cannot finish its 2-year disbursement by 2021"));
  assert_int_equal(e.line, 3);
}

/* --baseline PLAN.csv: read by the same rules, any years, with its SHA-256 */
/* proposals.csv: each row an activity after those of activities.csv, following its activity's
 * eligibility, support rate, unit and group (also after a scenario), with its own defaults. */
static void test_load_proposals(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.program = "{\"first_year\": 2020, \"last_year\": 2022, \"price_growth\": 0.1,\n"
              " \"sources\": [{\"id\": \"a\", \"ceiling\": 100}, {\"id\": \"b\", \"ceiling\": 50}]}\n";
  f.activities = "id,unit,unit_cost,support_rate,disbursement,group\nx,model,10,0.5,0.5 0.5,G\ny,unit,25,1,1,\n";
  f.eligibility = "activity,source,max_share,min_share\nx,b,1,0.2\ny,a,1,0\n";
  f.proposals = "id,name,activity,units,cost,disbursement,first_year,last_year,score,owner\n"
                "p1,Dryer,x,2,30,,2021,,82,Co op\n"
                "p2,,x,,12,1,,2021,0,\n";
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  assert_int_equal(m.nact, 4);
  assert_int_equal(kc_model_proposals(&m), 2);
  const kc_activity *p1 = &m.act[2], *p2 = &m.act[3];
  assert_true(p1->proposal && p1->parent == 0 && p1->yield == 2 && p1->score == 82);
  assert_string_equal(p1->owner, "Co op");
  assert_string_equal(p1->unit, "model");
  assert_string_equal(p1->group, "G");
  assert_true(p1->support_rate == 0.5);
  assert_int_equal(p1->ndisb, 2); /* the activity's profile */
  assert_int_equal(p1->win_first, 2021);
  assert_int_equal(p1->win_last, 2021); /* the last year from which the profile finishes */
  assert_true(m.max_share[2 * 2 + 0] == 0 && m.max_share[2 * 2 + 1] == 1 && m.min_share[2 * 2 + 1] == 0.2);
  assert_true(p1->max_per_year == 1 && p1->has_max && !p1->divisible);
  assert_true(fabs(kc_unit_cost(&m, 2, 2021) - 30) < 1e-12); /* at the price of its first year */
  assert_true(fabs(kc_unit_cost(&m, 2, 2022) - 33) < 1e-12);
  assert_false(kc_can_start(&m, 2, 2020)); /* outside its window */
  assert_true(kc_can_start(&m, 3, 2020) && kc_can_start(&m, 3, 2021) && !kc_can_start(&m, 3, 2022));
  assert_string_equal(p2->name, "p2");
  assert_true(p2->yield == 1 && p2->own_disb && p2->ndisb == 1 && p2->win_first == 2020);
  /* a target counts its activity's units and its proposals' yield */
  double x[4 * 3] = {0};
  x[0 * 3 + 1] = 1;                            /* x 2021 */
  x[2 * 3 + 1] = 1;                            /* p1 2021: 2 units */
  x[3 * 3 + 0] = 1;                            /* p2 2020 */
  assert_true(kc_target_units(&m, 0, x) == 4); /* x's target, 2020-2021 in tu_small: 1 + 2 + 1 */
  kc_model_free(&m);
  expect_error(PROPOSALS, "id,activity,cost\np9,zz,1\n", "activity \"zz\" is not defined");
  expect_error(PROPOSALS, "id,activity,cost\nx,y,1\n", "id \"x\" is already used on line 2 of activities.csv");
  expect_error(PROPOSALS, "id,activity,cost,score\np,x,1,-2\n", "score -2 must be from 0 to 1e9");
  expect_error(PROPOSALS, "id,activity,cost\np,x,0\n", "cost 0 must be greater than 0");
  expect_error(PROPOSALS, "id,activity\np,x\n", "the required column \"cost\" is missing");
  expect_error(PROPOSALS, "id,activity,cost,first_year\np,x,1,2019\n", "first_year: 2019 must be");
  f = tu_small;
  f.activities = "id,unit_cost,disbursement\nx,10,0.5 0.5\ny,25,1\n";
  f.proposals = "id,activity,cost,last_year\np,x,3,2021\n";
  assert_int_equal(tu_load(&f, &m, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "started in 2021 its 2-year disbursement would run to 2022"));
  assert_int_equal(err.line, 2);
  assert_non_null(strstr(err.file, "proposals.csv"));
}

static void test_load_baseline(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK);
  char path[400];
  snprintf(path, sizeof path, "%s/approved.csv", m.dir);
  tu_write(path, "year,activity,units,cost,a,b,counterpart\n2021,x,6,60.000,60.000,0.000,0.000\n");
  assert_int_equal(kc_load_baseline(&m, path, &err), KC_OK);
  assert_true(m.has_baseline);
  assert_true(m.base_units[0 * 2 + 1] == 6);
  assert_int_equal(m.base_milli[(0 * 2 + 1) * 2 + 0], 60000);
  assert_int_equal(m.nclosed, 0); /* a baseline closes nothing */
  assert_int_equal((int)strlen(m.baseline.sha256), 64);
  tu_write(path, "year,activity,units,a\n2021,z,1,1\n");
  assert_int_equal(kc_load_baseline(&m, path, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "activity \"z\" is not defined"));
  assert_int_equal(err.line, 2);
  kc_model_free(&m);
}

static void test_load_target_rules(void **state) {
  (void)state;
  kc_error e = expect_error(TARGETS, "activity,first_year,last_year,target\nx,2020,2021,6\nz,2020,2021,1\n",
                            "activity \"z\" is not defined");
  assert_int_equal(e.line, 3);
  assert_int_equal(e.col, 1);
  e = expect_error(TARGETS, "activity,first_year,last_year,target\nx,2020,2021,6\nx,2021,2021,1\n", "overlaps");
  assert_int_equal(e.line, 3);
  expect_error(TARGETS, "activity,first_year,last_year,target\nx,2019,2021,6\n", "first_year");
  expect_error(TARGETS, "activity,first_year,last_year,target\nx,2021,2020,6\n", "before first_year");
  expect_error(TARGETS, "activity,first_year,last_year,target\nx,2020,2021,0\n", "greater than 0");
  expect_error(TARGETS, "activity,first_year,last_year\nx,2020,2021\n", "\"target\" is missing");
}

static void test_load_eligibility_rules(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.eligibility = "activity,source,max_share,min_share\nx,a,1,0\ny,a,0.5,0\ny,b,0.5,0.2\n";
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  assert_true(m.max_share[0 * 2 + 1] == 0.0); /* x,b not listed: 0 */
  assert_true(m.min_share[1 * 2 + 1] == 0.2);
  kc_model_free(&m);
  expect_error(ELIGIBILITY, "activity,source\nx,a\ny,c\n", "source \"c\" is not defined");
  expect_error(ELIGIBILITY, "activity,source,max_share,min_share\nx,a,1,0\ny,a,1,0.7\ny,b,1,0.6\n", "at least 130%");
  expect_error(ELIGIBILITY, "activity,source,max_share,min_share\nx,a,1,0\ny,a,0.5,0.6\n", "min_share");
  expect_error(ELIGIBILITY, "activity,source\nx,a\nx,a\n", "already listed");
  expect_error(ELIGIBILITY, "activity,source,max_share\nx,a,1.2\n", "max_share");
}

/* Legal but suspicious: loaded, with warnings naming file and line. */
static void test_load_warnings(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.activities = "id,unit_cost,disbursement\nx,10,0.5 0.5\ny,1,0.2 0.2 0.6\n";
  f.eligibility = "activity,source,max_share\nx,a,1\ny,a,0.5\n";
  f.targets = "activity,first_year,last_year,target\nx,2021,2021,6\ny,2020,2021,4\n";
  kc_model m;
  kc_error err, w[4];
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  assert_int_equal(kc_model_warnings(&m, w, 4), 3);
  assert_non_null(strstr(w[0].msg, "y: its disbursement runs 3 years"));
  assert_int_equal(w[0].line, 3);
  assert_non_null(strstr(w[1].msg, "y: the sources may pay at most 50%"));
  assert_non_null(strstr(w[2].file, "targets.csv"));
  assert_int_equal(w[2].line, 2);
  kc_model_free(&m);
  assert_int_equal(tu_load(&tu_small, &m, &err), KC_OK);
  assert_int_equal(kc_model_warnings(&m, w, 4), 0);
  kc_model_free(&m);
}

static void test_load_annual_rules(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.annual = "source,year,ceiling\na,2020,60\na,2021,60\n";
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  assert_true(m.has_annual[0] && !m.has_annual[1]);
  kc_model_free(&m);
  expect_error(ANNUAL, "source,year,ceiling\na,2020,60\n", "every year or none");
  expect_error(ANNUAL, "source,year,ceiling\na,2020,60\na,2020,60\n", "already given");
  expect_error(ANNUAL, "source,year,ceiling\na,2019,60\n", "year");
  expect_error(ANNUAL, "source,year,ceiling\na,2020,-1\na,2021,5\n", "0 or more");
}

static void test_load_missing_files(void **state) {
  (void)state;
  tu_files f = tu_small;
  f.targets = NULL;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&f, &m, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.file, "targets.csv"));
  assert_int_equal(kc_load_model("/nonexistent/model", &m, &err), KC_ERR_INPUT);
}

/* 20,000 activities: every id found through the index, and a duplicate on the last row named with
 * the line of the first. */
static void test_load_many_activities(void **state) {
  (void)state;
  enum { N = 20000 };
  size_t cap = (size_t)N * 40 + 200, len = 0, tlen = 0;
  char *acts = malloc(cap), *tgts = malloc(cap);
  len += (size_t)snprintf(acts, cap, "id,unit_cost\n");
  tlen += (size_t)snprintf(tgts, cap, "activity,first_year,last_year,target\n");
  for (int i = 0; i < N; i++) {
    len += (size_t)snprintf(acts + len, cap - len, "a%05d,%d\n", i, 1 + i % 50);
    tlen += (size_t)snprintf(tgts + tlen, cap - tlen, "a%05d,2020,2021,%d\n", N - 1 - i, 1 + i % 3);
  }
  tu_files f = tu_small;
  f.activities = acts;
  f.targets = tgts;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&f, &m, &err), KC_OK);
  assert_int_equal(m.nact, N);
  assert_int_equal(m.act_index_n, N);
  for (int i = 0; i < N; i += 997) {
    char id[16];
    snprintf(id, sizeof id, "a%05d", i);
    assert_int_equal(kc_find_activity(&m, id), i);
  }
  assert_int_equal(kc_find_activity(&m, "a99999"), -1);
  assert_int_equal(m.tgt[0].activity, N - 1);
  /* a copy answers lookups too */
  kc_model c;
  assert_int_equal(kc_model_copy(&c, &m, &err), KC_OK);
  assert_int_equal(kc_find_activity(&c, "a12345"), 12345);
  kc_model_free(&c);
  kc_model_free(&m);
  snprintf(acts + len, cap - len, "a00000,5\n");
  kc_error e = expect_error(ACTIVITIES, acts, "id \"a00000\" is already used on line 2");
  assert_int_equal(e.line, N + 2);
  /* a period overlapping an earlier one of the same activity, far apart in the file */
  snprintf(tgts + tlen, cap - tlen, "a00007,2021,2021,1\n");
  f.targets = tgts;
  f.activities = "id,unit_cost\nx,10\ny,25\n";
  free(acts);
  acts = NULL;
  tu_files g = tu_small;
  g.activities = f.activities;
  char *t2 = malloc(cap);
  size_t n2 = (size_t)snprintf(t2, cap, "activity,first_year,last_year,target\nx,2020,2020,1\n");
  for (int i = 0; i < 3; i++)
    n2 += (size_t)snprintf(t2 + n2, cap - n2, "y,%d,%d,1\n", 2020 + i % 2, 2020 + i % 2);
  g.targets = t2;
  assert_int_equal(tu_load(&g, &m, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "y: the period 2020-2020 overlaps 2020-2020 (line 3)"));
  assert_int_equal(err.line, 5);
  free(t2);
  free(tgts);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_load_small_defaults),
      cmocka_unit_test(test_load_many_activities),
      cmocka_unit_test(test_load_json_syntax_position),
      cmocka_unit_test(test_load_json_rules),
      cmocka_unit_test(test_load_json_notes_and_bom),
      cmocka_unit_test(test_load_activity_rules),
      cmocka_unit_test(test_load_actuals),
      cmocka_unit_test(test_load_proposals),
      cmocka_unit_test(test_load_baseline),
      cmocka_unit_test(test_load_target_rules),
      cmocka_unit_test(test_load_eligibility_rules),
      cmocka_unit_test(test_load_annual_rules),
      cmocka_unit_test(test_load_warnings),
      cmocka_unit_test(test_load_missing_files),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
