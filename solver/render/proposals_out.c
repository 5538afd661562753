/* proposals_out.c — the submitted proposals a plan funds and leaves out: proposals.csv and the
 * terminal's list by owner. */
#include "render/proposals_out.h"

#include "core/i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Money in a sentence: 399.000 as in the plan's tables (English), 399 in Vietnamese style. */
static const char *money_words(long long milli, kc_lang lang, char *b) {
  return lang == KC_LANG_VI ? kc_fmt_money(milli, lang, b) : kc_fmt_milli(milli, b);
}

void kc_reject_words(const kc_model *m, const kc_rejects *x, int p, kc_lang lang, char *buf, size_t n) {
  const kc_reject *r = &x->r[p];
  const kc_activity *ac = &m->act[x->first + p];
  int vi = lang == KC_LANG_VI;
  char b[48];
  size_t k = 0;
  buf[0] = '\0';
  switch (r->kind) {
  case KC_REJ_FUNDED:
    snprintf(buf, n, vi ? "được hỗ trợ, bắt đầu năm %d" : "funded, starting %d", r->start);
    return;
  case KC_REJ_CLOSED:
    snprintf(buf, n,
             vi ? "thời gian bắt đầu %d-%d nằm trong các năm đã khép lại (số liệu thực hiện) mà đề án chưa được "
                  "triển khai"
                : "its window %d-%d lies in the closed years (actuals) and it was not started then",
             ac->win_first, ac->win_last);
    return;
  case KC_REJ_NO_SOURCE:
    snprintf(buf, n,
             vi ? "không nguồn vốn nào được chi trả toàn bộ: điều kiện nguồn vốn của %s để một phần kinh phí không "
                  "có nguồn"
                : "no source may pay all of it: the eligibility and shares of %s leave part of its cost unpaid",
             m->act[ac->parent].id);
    return;
  case KC_REJ_SPARE:
    snprintf(buf, n,
             vi ? "vừa với kinh phí còn lại (bắt đầu năm %d) nhưng %s: phương án không chi tiền không thêm điểm thẩm "
                  "định và không thêm đơn vị cần cho mục tiêu"
                : "it fits the money left (starting %d), but %s: the plan spends no money that adds no appraisal "
                  "points and no units a target needs",
             r->start,
             ac->score > 0 ? (vi ? "số lượng của đề án không cần cho mục tiêu" : "its units are not needed")
                           : (vi ? "điểm thẩm định bằng 0" : "its score is 0"));
    return;
  case KC_REJ_MONEY:
    break;
  }
  k += (size_t)snprintf(buf + k, n - k,
                        vi ? "cần thêm %s triệu đồng để hỗ trợ đề án, bắt đầu năm %d:"
                           : "%s million VND more would fund it, starting %d:",
                        money_words(kc_milli_enough(r->extra), lang, b), r->start);
  const char *sep = " ";
  for (int s = 0; s < x->nsrc && k < n; s++) {
    double v = 0;
    for (int yi = 0; yi < x->ny; yi++)
      v += x->by[((size_t)p * x->nsrc + s) * x->ny + yi];
    if (kc_milli_enough(v) <= 0)
      continue;
    k += (size_t)snprintf(buf + k, n - k, "%s%s +%s", sep, m->src[s].name, money_words(kc_milli_enough(v), lang, b));
    sep = "; ";
    const unsigned char *bd = &x->binds[((size_t)p * x->nsrc + s) * (x->ny + 1)];
    int years = 0;
    for (int yi = 0; yi < x->ny; yi++)
      years += bd[yi];
    if ((!bd[x->ny] && !years) || k >= n)
      continue;
    k += (size_t)snprintf(buf + k, n - k, " (%s%s", bd[x->ny] ? (vi ? "trần tổng" : "its total ceiling") : "",
                          bd[x->ny] && years ? (vi ? " và " : " and ") : "");
    if (years && k < n)
      k += (size_t)snprintf(buf + k, n - k, "%s",
                            vi ? (m->carry_over ? "trần năm lũy kế" : "trần năm")
                               : (m->carry_over
                                      ? (years > 1 ? "its cumulative annual ceilings" : "its cumulative annual ceiling")
                                      : (years > 1 ? "its annual ceilings" : "its annual ceiling")));
    for (int yi = 0, first = 1; yi < x->ny && k < n; yi++)
      if (bd[yi]) {
        k += (size_t)snprintf(buf + k, n - k, "%s%d",
                              first ? (m->carry_over ? (vi ? " đến năm " : " to ") : (vi ? " năm " : " ")) : ", ",
                              m->first_year + yi);
        first = 0;
      }
    if (k < n)
      k += (size_t)snprintf(buf + k, n - k, "%s)", vi ? " đang ràng buộc" : bd[x->ny] + years > 1 ? " bind" : " binds");
  }
}

/* The sources that may pay some proposal, as a mask (shown as columns). */
static int pays_proposals(const kc_model *m, const kc_rejects *x, int s) {
  for (int p = 0; p < x->n; p++)
    if (m->max_share[(x->first + p) * m->nsrc + s] > 0)
      return 1;
  return 0;
}

void kc_write_proposals_csv(FILE *fp, const kc_model *m, const kc_plan *pl, const kc_rejects *x) {
  char b[48], why[1200];
  int ny = pl->ny, ns = m->nsrc;
  fputs("id,name,activity,owner,score,units,funded,start_year,cost,counterpart", fp);
  for (int s = 0; s < ns; s++)
    for (int yi = 0; pays_proposals(m, x, s) && yi < ny; yi++)
      fprintf(fp, ",%s_%d", m->src[s].id, m->first_year + yi);
  fputs(",extra_needed,reason\n", fp);
  for (int p = 0; p < x->n; p++) {
    int a = x->first + p;
    const kc_activity *ac = &m->act[a];
    const kc_reject *r = &x->r[p];
    long long cost = 0, cpart = 0;
    for (int yi = 0; yi < ny; yi++) {
      cost += kc_plan_cell_money(pl, a * ny + yi);
      cpart += pl->counterpart[a * ny + yi];
    }
    kc_csv_text(fp, ac->id);
    fputc(',', fp);
    kc_csv_text(fp, ac->name);
    fprintf(fp, ",%s,", m->act[ac->parent].id);
    kc_csv_text(fp, ac->owner);
    fprintf(fp, ",%.10g,%.10g,%d,", ac->score, ac->yield, r->kind == KC_REJ_FUNDED);
    if (r->kind == KC_REJ_FUNDED)
      fprintf(fp, "%d", r->start);
    fprintf(fp, ",%s", kc_fmt_milli(cost, b));
    fprintf(fp, ",%s", kc_fmt_milli(cpart, b));
    for (int s = 0; s < ns; s++)
      for (int yi = 0; pays_proposals(m, x, s) && yi < ny; yi++)
        fprintf(fp, ",%s", kc_fmt_milli(pl->milli[(a * ny + yi) * ns + s], b));
    fprintf(fp, ",%s,", r->kind == KC_REJ_MONEY ? kc_fmt_milli(kc_milli_enough(r->extra), b) : "");
    if (r->kind != KC_REJ_FUNDED) {
      kc_reject_words(m, x, p, KC_LANG_EN, why, sizeof why);
      kc_csv_text(fp, why);
    }
    fputc('\n', fp);
  }
}

/* 1 when proposal q's owner appeared before q (its group is printed already). */
static int owner_seen(const kc_model *m, const kc_rejects *x, int q) {
  for (int p = 0; p < q; p++)
    if (strcmp(m->act[x->first + p].owner, m->act[x->first + q].owner) == 0)
      return 1;
  return 0;
}

void kc_write_proposals_table(FILE *fp, const kc_model *m, const kc_plan *pl, const kc_rejects *x) {
  if (!x || x->n == 0)
    return;
  int funded = 0;
  double got = 0, all = 0;
  for (int p = 0; p < x->n; p++) {
    all += m->act[x->first + p].score;
    if (x->r[p].kind == KC_REJ_FUNDED) {
      funded++;
      got += m->act[x->first + p].score;
    }
  }
  char g1[48], g2[48];
  fprintf(fp, _("\nProposals: %d of %d funded, appraisal score %s of %s\n"), funded, x->n,
          kc_fmt_num(got, 3, kc_ui_lang(), g1), kc_fmt_num(all, 3, kc_ui_lang(), g2));
  char b[48], why[1200];
  for (int q = 0; q < x->n; q++) { /* owners in the order they first appear, funded first */
    if (owner_seen(m, x, q))
      continue;
    const char *owner = m->act[x->first + q].owner;
    fprintf(fp, "%s\n", owner[0] ? owner : _("(owner not given)"));
    for (int pass = 0; pass < 2; pass++)
      for (int p = q; p < x->n; p++) {
        const kc_activity *ac = &m->act[x->first + p];
        const kc_reject *r = &x->r[p];
        if (strcmp(ac->owner, owner) != 0 || (r->kind == KC_REJ_FUNDED) != (pass == 0))
          continue;
        long long cost = 0;
        for (int yi = 0; yi < pl->ny; yi++)
          cost += kc_plan_cell_money(pl, (x->first + p) * pl->ny + yi);
        char u[48], sc[48];
        kc_fmt_num(ac->yield, 3, kc_ui_lang(), u);
        kc_fmt_num(ac->score, 3, kc_ui_lang(), sc);
        if (pass == 0) {
          fprintf(fp, _("  funded   %s (%s): %s %s of %s, score %s, starts %d, %s million VND\n"), ac->name, ac->id, u,
                  ac->unit, m->act[ac->parent].name, sc, r->start,
                  kc_fmt_fixed((double)cost / 1000.0, 3, kc_ui_lang(), b));
        } else {
          kc_reject_words(m, x, p, kc_ui_lang(), why, sizeof why);
          fprintf(fp, _("  not      %s (%s): %s %s of %s, score %s; %s\n"), ac->name, ac->id, u, ac->unit,
                  m->act[ac->parent].name, sc, why);
        }
      }
  }
}
