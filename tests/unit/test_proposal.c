/* test_proposal.c — the proposal table (groups, subtotals, notes, footer) and its four formats. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/fileio.h"
#include "render/proposal.h"
#include "testutil.h"

/* Three years, two sources with annual ceilings carried over, groups, a two-year activity and
 * state shares below 1. */
static const tu_files files = {
    .program = "{\"name\": \"Tỉnh <thử>\", \"first_year\": 2020, \"last_year\": 2022, \"carry_over\": true,\n"
               " \"sources\": [{\"id\": \"a\", \"name\": \"Quốc gia (KCQG)\", \"ceiling\": 1000},\n"
               "             {\"id\": \"b\", \"name\": \"Địa phương\", \"ceiling\": 500}]}\n",
    .activities = "id,name,unit,unit_cost,disbursement,support_rate,group\n"
                  "x,Đào tạo | nghề,người,10,1,0.5,Đào tạo\n"
                  "y,Hạ tầng,cụm,100,0.4 0.6,1,Hạ tầng\n"
                  "z,Khởi sự,lớp,5,1,1,Đào tạo\n"
                  "w,Tuyên truyền,đợt,1,1,1,\n",
    .targets = "activity,first_year,last_year,target\nx,2020,2022,10\ny,2020,2022,2\n",
    .annual = "source,year,ceiling\na,2020,300\na,2021,400\na,2022,300\nb,2020,100\nb,2021,200\nb,2022,200\n",
};

typedef struct {
  kc_model m;
  kc_result r;
  kc_plan p;
} fixture;

/* A hand-made plan: 2020 starts 4 x and 1 y; 2021 starts 2 x, 1 z and pays y's second instalment;
 * 2022 nothing but 1 w. Money (thousandths) split between the sources by hand. */
static void make(fixture *fx) {
  kc_error err;
  memset(fx, 0, sizeof *fx);
  assert_int_equal(tu_load(&files, &fx->m, &err), KC_OK);
  int na = fx->m.nact, ny = 3, ns = 2;
  kc_plan *p = &fx->p;
  p->nact = na, p->ny = ny, p->nsrc = ns;
  p->units = calloc((size_t)(na * ny), sizeof *p->units);
  p->need = calloc((size_t)(na * ny), sizeof *p->need);
  p->money = calloc((size_t)(na * ny * ns), sizeof *p->money);
  p->milli = calloc((size_t)(na * ny * ns), sizeof *p->milli);
  p->counterpart = calloc((size_t)(na * ny), sizeof *p->counterpart);
  enum { X, Y, Z, W };
#define CELL(a, yi) ((a)*ny + (yi))
  p->units[CELL(X, 0)] = 4, p->milli[CELL(X, 0) * ns + 0] = 30000, p->milli[CELL(X, 0) * ns + 1] = 10000;
  p->counterpart[CELL(X, 0)] = 40000;
  p->units[CELL(Y, 0)] = 1, p->milli[CELL(Y, 0) * ns + 0] = 40000;
  p->units[CELL(X, 1)] = 2, p->milli[CELL(X, 1) * ns + 1] = 20000, p->counterpart[CELL(X, 1)] = 20000;
  p->units[CELL(Z, 1)] = 1, p->milli[CELL(Z, 1) * ns + 1] = 5000;
  p->milli[CELL(Y, 1) * ns + 0] = 59500, p->milli[CELL(Y, 1) * ns + 1] = 500;
  p->units[CELL(W, 2)] = 1, p->milli[CELL(W, 2) * ns + 1] = 1000;
  fx->r.status = KC_OK;
}

static void drop(fixture *fx) {
  kc_plan_free(&fx->p);
  kc_model_free(&fx->m);
}

static void test_proposal_table(void **state) {
  (void)state;
  fixture fx;
  make(&fx);
  kc_proposal pr;
  kc_error err;
  assert_int_equal(kc_proposal_make(&fx.m, &fx.r, &fx.p, 2021, KC_LANG_EN, &pr, &err), KC_OK);
  /* I Đào tạo: x, z; II Hạ tầng: y (continuing); III the ungrouped w, idle in 2021 but listed so
   * that every year numbers the groups alike; total */
  assert_int_equal(pr.nrows, 7);
  int nk = 3;
  assert_int_equal(pr.rows[0].kind, KC_PROP_GROUP);
  assert_string_equal(pr.rows[0].stt, "I");
  assert_string_equal(pr.rows[0].text, "Đào tạo");
  assert_string_equal(pr.rows[1].stt, "1");
  assert_string_equal(pr.rows[1].text, "Đào tạo | nghề");
  assert_string_equal(pr.rows[2].stt, "2");
  assert_string_equal(pr.rows[2].text, "Khởi sự");
  assert_string_equal(pr.rows[3].stt, "II");
  assert_string_equal(pr.rows[4].text, "Hạ tầng");
  assert_true(pr.rows[4].units == 0);
  assert_non_null(strstr(pr.rows[4].note, "continuing: 1 started in 2020 (60%)"));
  assert_non_null(strstr(pr.rows[1].note, "state share 50%"));
  assert_int_equal(pr.rows[5].kind, KC_PROP_GROUP);
  assert_string_equal(pr.rows[5].stt, "III");
  assert_true(pr.rows[5].first > pr.rows[5].last && pr.rows[5].total == 0);
  assert_int_equal(pr.rows[6].kind, KC_PROP_TOTAL);
  /* group I = x + z; the total = both groups; total cost = sources + counterpart */
  assert_true(pr.money[0 * nk + 1] == 25000 && pr.money[0 * nk + 2] == 20000);
  assert_true(pr.money[6 * nk + 0] == 59500 && pr.money[6 * nk + 1] == 25500 && pr.money[6 * nk + 2] == 20000);
  assert_true(pr.rows[6].total == 105000);
  assert_true(pr.rows[1].total == 40000);
  /* footer: a spent 30 + 40 in 2020; available 2021 = 300 + 400 - 70 (carry-over) */
  assert_true(pr.src[0].proposed == 59500 && pr.src[0].before == 70000);
  assert_true(fabs(pr.src[0].available - 630) < 1e-9);
  assert_true(fabs(pr.src[0].annual - 400) < 1e-9);
  assert_true(fabs(pr.src[1].available - (100 + 200 - 10)) < 1e-9);
  kc_proposal_free(&pr);
  /* 2022: only w, under the default group, still numbered III after the idle groups I and II */
  assert_int_equal(kc_proposal_make(&fx.m, &fx.r, &fx.p, 2022, KC_LANG_VI, &pr, &err), KC_OK);
  assert_int_equal(pr.nrows, 5);
  assert_string_equal(pr.rows[0].stt, "I");
  assert_string_equal(pr.rows[1].stt, "II");
  assert_string_equal(pr.rows[2].stt, "III");
  assert_string_equal(pr.rows[2].text, "Hoạt động khuyến công");
  assert_string_equal(pr.rows[4].text, "TỔNG CỘNG");
  kc_proposal_free(&pr);
  /* 2020: y's first instalment is a new start */
  assert_int_equal(kc_proposal_make(&fx.m, &fx.r, &fx.p, 2020, KC_LANG_VI, &pr, &err), KC_OK);
  assert_non_null(strstr(pr.rows[3].note, "khởi công mới, năm đầu 40%"));
  kc_proposal_free(&pr);
  drop(&fx);
}

static void test_proposal_year_outside(void **state) {
  (void)state;
  fixture fx;
  make(&fx);
  kc_proposal pr;
  kc_error err;
  assert_int_equal(kc_proposal_make(&fx.m, &fx.r, &fx.p, 2023, KC_LANG_EN, &pr, &err), KC_ERR_INPUT);
  assert_non_null(strstr(err.msg, "outside the model's horizon 2020-2022"));
  assert_null(pr.rows);
  drop(&fx);
}

static char *render(const kc_proposal *pr, int kind) {
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  if (kind == 0)
    kc_proposal_csv(fp, pr, 0);
  else if (kind == 1)
    kc_proposal_csv(fp, pr, 1);
  else if (kind == 2)
    kc_proposal_md(fp, pr);
  else
    kc_proposal_html(fp, pr);
  fclose(fp);
  return buf;
}

static void test_proposal_formats(void **state) {
  (void)state;
  fixture fx;
  make(&fx);
  kc_proposal pr;
  kc_error err;
  assert_int_equal(kc_proposal_make(&fx.m, &fx.r, &fx.p, 2021, KC_LANG_VI, &pr, &err), KC_OK);
  char *csv = render(&pr, 0);
  assert_non_null(strstr(csv, "\nSTT,Nội dung,ĐVT,Số lượng,Tổng kinh phí,KCQG,Địa phương,Đối ứng,Ghi chú\n"));
  assert_non_null(strstr(csv, ",TỔNG CỘNG,,,105.000,59.500,25.500,20.000,\n")); /* plain numbers */
  assert_null(strchr(csv, '\r'));
  char *excel = render(&pr, 1);
  assert_memory_equal(excel, "\xEF\xBB\xBF", 3);
  /* Vietnamese regional settings: ';' between fields, decimal commas quoted */
  assert_non_null(strstr(excel, ";TỔNG CỘNG;;;\"105,000\";\"59,500\";\"25,500\";\"20,000\";\r\n"));
  assert_non_null(strstr(excel, "\r\nSTT;Nội dung;ĐVT;Số lượng;Tổng kinh phí;KCQG;Địa phương;Đối ứng;Ghi chú\r\n"));
  char *md = render(&pr, 2);
  assert_non_null(strstr(md, "Đào tạo \\| nghề")); /* a | in a name does not split the cell */
  assert_non_null(strstr(md, "| **TỔNG CỘNG** |"));
  char *html = render(&pr, 3);
  assert_non_null(strstr(html, "Tỉnh &lt;thử&gt;"));
  assert_null(strstr(html, "<thử>"));
  assert_non_null(strstr(html, "size:A4 landscape"));
  free(csv);
  free(excel);
  free(md);
  free(html);
  kc_proposal_free(&pr);
  /* English: grouped digits with commas, in Markdown and HTML */
  assert_int_equal(kc_proposal_make(&fx.m, &fx.r, &fx.p, 2021, KC_LANG_EN, &pr, &err), KC_OK);
  html = render(&pr, 3);
  assert_non_null(strstr(html, "<th>No.</th><th>Content</th>"));
  assert_non_null(strstr(html, ">59.5<"));
  free(html);
  excel = render(&pr, 1); /* English regional settings: ',' and the decimal point */
  assert_non_null(strstr(excel, ",GRAND TOTAL,,,105.000,59.500,25.500,20.000,\r\n"));
  free(excel);
  kc_proposal_free(&pr);
  drop(&fx);
}

/* With 2020 closed (actuals) and an approved plan that had 3 x in 2021: 2021's proposal shows 2020
 * executed beside it (units and cost, groups and total summed) and marks x adjusted. */
static void test_proposal_actuals_baseline(void **state) {
  (void)state;
  fixture fx;
  make(&fx);
  kc_model *m = &fx.m;
  int na = m->nact, ny = 3, ns = 2;
  m->nclosed = 1;
  m->actuals_path = strdup("act.csv");
  m->has_baseline = true;
  snprintf(m->baseline.file, sizeof m->baseline.file, "base.csv");
  m->base_units = calloc((size_t)(na * ny), sizeof *m->base_units);
  m->base_milli = calloc((size_t)(na * ny * ns), sizeof *m->base_milli);
  memcpy(m->base_units, fx.p.units, (size_t)(na * ny) * sizeof *m->base_units);
  memcpy(m->base_milli, fx.p.milli, (size_t)(na * ny * ns) * sizeof *m->base_milli);
  m->base_units[0 * ny + 1] = 3; /* x 2021: approved 3, planned 2 */
  m->base_milli[(0 * ny + 1) * ns + 1] = 30000;
  kc_proposal pr;
  kc_error err;
  assert_int_equal(kc_proposal_make(m, &fx.r, &fx.p, 2021, KC_LANG_EN, &pr, &err), KC_OK);
  assert_int_equal(pr.nexec, 1);
  assert_int_equal(pr.nrows, 7);                                   /* I: x, z; II: y; III; total */
  assert_true(pr.exec_units[1] == 4 && pr.exec_total[1] == 80000); /* x in 2020, counterpart included */
  assert_true(pr.exec_units[2] == 0 && pr.exec_total[2] == 0);     /* z started only in 2021 */
  assert_true(pr.exec_total[0] == 80000 && pr.exec_total[4] == 40000 && pr.exec_total[5] == 0 &&
              pr.exec_total[6] == 120000);
  assert_true(pr.rows[1].adjusted && !pr.rows[2].adjusted && !pr.rows[4].adjusted);
  assert_non_null(strstr(pr.rows[1].note, "adjusted from the approved plan: 3 → 2 người, state support 30 → 20"));
  char lines[5][600];
  kc_proposal_heading(&pr, lines);
  assert_non_null(strstr(lines[2], "2020: actuals (act.csv); approved plan: base.csv"));
  char *csv = render(&pr, 0);
  assert_non_null(strstr(csv, "\nNo.,Content,Unit,Executed 2020: quantity,Executed 2020: cost,Quantity,Total cost,"));
  assert_non_null(strstr(csv, "\n1,Đào tạo | nghề,người,4,80.000,2,40.000,"));
  char *md = render(&pr, 2), *html = render(&pr, 3);
  assert_non_null(strstr(md, "| Executed 2020: quantity | Executed 2020: cost | Quantity |"));
  assert_non_null(strstr(html, "<th class=\"x\">Executed 2020: cost</th><th>Quantity</th>"));
  free(csv);
  free(md);
  free(html);
  kc_proposal_free(&pr);
  /* the closed year itself: nothing executed before it; a difference is "executed otherwise" */
  m->base_units[0 * ny + 0] = 5;
  assert_int_equal(kc_proposal_make(m, &fx.r, &fx.p, 2020, KC_LANG_VI, &pr, &err), KC_OK);
  assert_int_equal(pr.nexec, 0);
  assert_non_null(strstr(pr.rows[1].note, "thực hiện khác kế hoạch được duyệt: 5 → 4 người"));
  kc_proposal_free(&pr);
  drop(&fx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_proposal_table),
      cmocka_unit_test(test_proposal_year_outside),
      cmocka_unit_test(test_proposal_formats),
      cmocka_unit_test(test_proposal_actuals_baseline),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
