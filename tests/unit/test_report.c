/* test_report.c — the HTML report: weighted attainment, charts, escaping, the embedded sweep. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planfix.h"
#include "render/report.h"

static const tu_files tricky = {
    .program = "{\"name\": \"</script><b>x</b>\", \"first_year\": 2020, \"last_year\": 2021,\n"
               " \"sources\": [{\"id\": \"a\", \"name\": \"Quốc gia (KCQG)\", \"ceiling\": 60}, {\"id\": \"b\", "
               "\"ceiling\": 30}]}\n",
    .activities = "id,name,unit,unit_cost,weight\nx,</script> & co,unit,10,2\ny,Why,unit,25,1\n",
    .targets = "activity,first_year,last_year,target\nx,2020,2021,6\ny,2020,2021,4\n",
};

static void test_report_weighted_attainment(void **state) {
  (void)state;
  kc_model m;
  kc_error err;
  assert_int_equal(tu_load(&tricky, &m, &err), KC_OK);
  double full[] = {6, 4}, half[] = {3, 4}, none[] = {0, 0}, over[] = {9, 4};
  assert_true(fabs(kc_weighted_attainment(&m, full) - 1) < 1e-12);
  /* x weight 2 at 50%, y weight 1 at 100%: 1 - (2 * 0.5) / 3 */
  assert_true(fabs(kc_weighted_attainment(&m, half) - (1 - 1.0 / 3)) < 1e-12);
  assert_true(fabs(kc_weighted_attainment(&m, none)) < 1e-12);
  assert_true(fabs(kc_weighted_attainment(&m, over) - 1) < 1e-12); /* more than the target counts as 100% */
  m.act[0].weight = m.act[1].weight = 0;                           /* no weights: the plain mean */
  assert_true(fabs(kc_weighted_attainment(&m, half) - 0.75) < 1e-12);
  kc_model_free(&m);
}

/* The page in memory; the caller frees it. (The stream's buffer lives in static storage: GCC's
 * dangling-pointer analysis otherwise takes the returned heap page for the local variable.) */
static char *report(const kc_model *m, const kc_result *r, const kc_plan *p, const kc_sweep *sw, kc_lang lang) {
  static char *buf;
  static size_t len;
  kc_error err;
  buf = NULL;
  FILE *fp = open_memstream(&buf, &len);
  assert_int_equal(kc_report_html(fp, m, r, p, NULL, sw, lang, &err), KC_OK);
  fclose(fp);
  return buf;
}

static void test_report_page(void **state) {
  (void)state;
  fixture fx;
  make(&fx, &tricky);
  char *page = report(&fx.m, &fx.r, &fx.p, NULL, KC_LANG_EN);
  assert_non_null(strstr(page, "<!DOCTYPE html>"));
  assert_non_null(strstr(page, "id=\"chart-disb\""));
  assert_non_null(strstr(page, "id=\"chart-attain\""));
  assert_non_null(strstr(page, "id=\"plan\""));
  assert_non_null(strstr(page, "@media print"));
  assert_null(strstr(page, "<script")); /* no sweep, no script at all */
  assert_null(strstr(page, "http"));
  assert_null(strstr(page, "</script><b>")); /* names are escaped */
  assert_non_null(strstr(page, "&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"));
  assert_non_null(strstr(page, "KCQG"));
  free(page);
  page = report(&fx.m, &fx.r, &fx.p, NULL, KC_LANG_VI);
  assert_non_null(strstr(page, "Báo cáo kế hoạch khuyến công"));
  assert_non_null(strstr(page, "lang=\"vi\""));
  free(page);
  drop(&fx);
}

static void test_report_sweep(void **state) {
  (void)state;
  fixture fx;
  make(&fx, &tricky);
  kc_sweep sw;
  kc_error err;
  kc_sweep_opts o = {.threads = 1, .shard_n = 1, .keep_plans = 1};
  assert_int_equal(kc_sweep_run(&fx.m, "sources.a.ceiling_scale=1:0:0.25", &o, &sw, &err), KC_OK);
  assert_int_equal(sw.npoints, 5);
  assert_non_null(sw.points[0].units);
  /* the kept plan adds up to the point's spend */
  double money = 0, spend = sw.points[0].spend[0] + sw.points[0].spend[1];
  for (int c = 0; c < sw.nact * sw.ny; c++)
    money += sw.points[0].money[c];
  assert_true(fabs(money - spend) < 1e-6);
  char *page = report(&fx.m, &fx.r, &fx.p, &sw, KC_LANG_EN);
  assert_non_null(strstr(page, "id=\"sweep-slider\""));
  const char *open = strstr(page, "<script type=\"application/json\" id=\"sweep-data\">");
  assert_non_null(open);
  open = strchr(open, '>') + 1;
  const char *close = strstr(open, "</script>");
  assert_non_null(close);
  char *json = strndup(open, (size_t)(close - open));
  /* a name holding "</script>" or "<!--<script" cannot end or reopen the element: no <, > or &
   * reaches the page raw (JSON escapes), and the name reads back whole */
  assert_null(strpbrk(json, "<>&"));
  assert_non_null(strstr(json, "\\u003c/script\\u003e"));
  cJSON *d = cJSON_Parse(json);
  assert_non_null(d);
  cJSON *pts = cJSON_GetObjectItem(d, "points");
  assert_int_equal(cJSON_GetArraySize(pts), 5);
  assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "reverse"))); /* 1 down to 0 */
  cJSON *p0 = cJSON_GetArrayItem(pts, 0);
  assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(p0, "units")), sw.nact * sw.ny);
  assert_string_equal(
      cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(d, "activities"), 0), "name")->valuestring,
      "</script> & co");
  cJSON_Delete(d);
  free(json);
  free(page);
  kc_sweep_free(&sw);
  drop(&fx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_report_weighted_attainment),
      cmocka_unit_test(test_report_page),
      cmocka_unit_test(test_report_sweep),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
