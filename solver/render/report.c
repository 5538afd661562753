/* report.c — the HTML report: static SVG charts drawn here, the sweep slider in a small inline
 * script reading the points embedded as JSON. */
#include "render/report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/kc_version.h"
#include "render/proposals_out.h"
#include "render/output.h"

static const struct {
  const char *key, *vi, *en;
} words[] = {
    {"title", "Báo cáo kế hoạch khuyến công", "Industrial promotion plan report"},
    {"horizon", "Giai đoạn", "Horizon"},
    {"scenarios", "Kịch bản", "Scenarios"},
    {"no_scenario", "không (số liệu gốc của mô hình)", "none (the model as given)"},
    {"optimal", "Phương án tối ưu", "Optimal plan"},
    {"limit", "Phương án tốt nhất trong thời gian cho phép, chưa chứng minh tối ưu",
     "Best plan within the time limit, not proven optimal"},
    {"money", "Đơn vị tiền: triệu đồng", "Money in million VND"},
    {"att", "Mức đạt mục tiêu (có trọng số)", "Weighted attainment"},
    {"met", "Mục tiêu đạt đủ", "Targets fully met"},
    {"of", "trên", "of"},
    {"spend", "Tổng kinh phí sử dụng", "Total spend"},
    {"ceil", "trần", "ceiling"},
    {"unalloc", "chưa phân bổ", "unallocated"},
    {"disb", "Giải ngân theo năm và nguồn vốn", "Disbursement by year and source"},
    {"annual_total", "Tổng trần năm", "Sum of annual ceilings"},
    {"carry", "Kinh phí năm chưa dùng được chuyển sang năm sau (carry-over): một năm có thể vượt trần của năm đó.",
     "Unspent annual money carries over: a year may exceed its own ceiling."},
    {"year", "Năm", "Year"},
    {"source", "Nguồn vốn", "Source"},
    {"total", "Tổng", "Total"},
    {"attain", "Mức đạt theo mục tiêu", "Attainment per target"},
    {"activity", "Hoạt động", "Activity"},
    {"period", "Giai đoạn", "Period"},
    {"target", "Mục tiêu", "Target"},
    {"planned", "Kế hoạch", "Planned"},
    {"short", "Thiếu", "Short"},
    {"plan", "Kế hoạch chi tiết: số đơn vị khởi công và kinh phí giải ngân",
     "The plan: units started and money disbursed"},
    {"units", "đơn vị", "units"},
    {"shadow", "Giá trị biên của kinh phí", "Marginal value of money"},
    {"shadow_note",
     "Điểm mục tiêu (có trọng số) thu thêm trên mỗi triệu đồng tăng thêm của trần, tại phương án đã chọn.",
     "Weighted attainment points gained per extra million VND of the ceiling, at the chosen plan."},
    {"row", "Ràng buộc", "Ceiling"},
    {"value", "Giá trị biên", "Marginal value"},
    {"range", "Khoảng hiệu lực", "Valid range"},
    {"method", "Cách tính", "Method"},
    {"lp_dual", "đối ngẫu của bài toán LP, giữ nguyên số đơn vị", "LP dual, units held fixed"},
    {"finite_difference", "giải lại với trần tăng thêm", "re-solved with the ceiling raised by"},
    {"million", "triệu", "million"},
    {"no_shadow", "Không trần nào đang ràng buộc phương án.", "No ceiling binds at this plan."},
    {"st_optimal", "tối ưu", "optimal"},
    {"st_limit", "hết giới hạn, chưa chứng minh tối ưu", "limit reached, not proven optimal"},
    {"st_infeasible", "vô nghiệm", "infeasible"},
    {"st_invalid", "giá trị trái quy định của mô hình", "a value the model's rules refuse"},
    {"no_gain",
     "Nâng riêng một trần (một bước) không làm tăng mức đạt: các trần đang cùng ràng buộc, hoặc bước tiền chưa đủ "
     "cho một đơn vị.",
     "Raising any one ceiling alone (by its step) gains nothing: the ceilings bind together, or the step buys no "
     "whole unit."},
    {"binding", "Đang ràng buộc", "Binding"},
    {"yes", "có", "yes"},
    {"no", "không", "no"},
    {"sweep", "Phân tích độ nhạy", "What if"},
    {"sweep_note", "Kéo thanh trượt để xem phương án tại từng giá trị.",
     "Move the slider to see the plan at each value."},
    {"at", "Tại", "At"},
    {"no_plan", "không có phương án", "no plan"},
    {"generated", "Lập bằng kcplan", "Prepared with kcplan"},
    {"inputs", "Tệp đầu vào", "Input files"},
    {"props", "Đề án đề xuất", "Submitted proposals"},
    {"props_note", "%d trên %d đề án được hỗ trợ; điểm thẩm định %s trên %s.",
     "%d of %d proposals funded; appraisal score %s of %s."},
    {"owner", "Đơn vị đề xuất", "Owner"},
    {"proposal", "Đề án", "Proposal"},
    {"score", "Điểm", "Score"},
    {"status", "Kết quả", "Outcome"},
    {"funded", "được hỗ trợ", "funded"},
};

static const char *W_(kc_lang lang, const char *key) {
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(words[i].key, key) == 0)
      return lang == KC_LANG_VI ? words[i].vi : words[i].en;
  return key;
}
#define W(key) W_(lang, key)

static const char *const palette[] = {"#1f5fa8", "#e08a1e", "#3a9d5d", "#b8405e", "#7a58b0", "#5b8c9e", "#8c6d3f"};
#define COLOR(s) palette[(s) % (int)(sizeof palette / sizeof palette[0])]

double kc_weighted_attainment(const kc_model *m, const double *planned) {
  double wsum = 0, z = 0, plain = 0;
  for (int t = 0; t < m->ntgt; t++) {
    double w = m->act[m->tgt[t].activity].weight, tg = m->tgt[t].target;
    double sh = fmax(0.0, tg - planned[t]) / tg;
    wsum += w;
    z += w * sh;
    plain += 1 - sh;
  }
  if (m->ntgt == 0)
    return 1;
  return wsum > 0 ? 1 - z / wsum : plain / m->ntgt;
}

static const char style[] =
    ":root{--ink:#1b1f24;--muted:#5d6670;--line:#d5d9de;--bg:#f7f8fa}"
    "*{box-sizing:border-box}body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;color:var(--ink);"
    "margin:0;background:#fff;line-height:1.4;overflow-wrap:break-word}"
    "main{max-width:1060px;margin:0 auto;padding:24px}"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid var(--line);"
    "padding-bottom:4px}p.meta{color:var(--muted);margin:2px 0;font-size:14px}"
    ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}"
    ".card{flex:1 1 200px;background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:12px 14px}"
    ".card .v{font-size:24px;font-weight:700}.card .l{font-size:13px;color:var(--muted)}"
    "table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}"
    "th,td{border:1px solid var(--line);padding:4px 6px;vertical-align:top}th{background:var(--bg);text-align:left}"
    "td.n,th.n{text-align:right;white-space:nowrap}td small{color:var(--muted)}"
    "tr.tot td{font-weight:700;background:var(--bg)}"
    "svg{max-width:100%;height:auto;display:block}svg text{font-size:12px;fill:var(--ink)}"
    ".legend{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;margin:4px 0}"
    ".sw{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border-radius:2px}"
    ".note{font-size:13px;color:var(--muted)}"
    "input[type=range]{width:100%;margin:10px 0}#sweep-info{font-size:15px;font-weight:600}"
    "footer{margin-top:32px;font-size:12px;color:var(--muted);overflow-x:auto}footer .file>span{white-space:nowrap}"
    ".box{overflow-x:auto;max-width:100%}.box>svg{min-width:600px}"
    "@media (max-width:620px){main{padding:12px}#chart-disb text,#chart-sweep text{font-size:14px}}"
    "@page{size:A4;margin:14mm}"
    "@media print{main{max-width:none;padding:0}input[type=range],.noprint{display:none}"
    ".box{overflow:visible}.box>svg{min-width:0}"
    "section{break-inside:avoid}h2{break-after:avoid}.card,th,tr.tot td{-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}}";

static void html(FILE *fp, const char *s) {
  kc_html_text(fp, s);
}

/* A "nice" axis maximum (1, 2, 2.5 or 5 times a power of ten) at or above v, and its tick step. */
static double nice_max(double v, double *step) {
  v = v > 0 ? v : 1; /* also NaN */
  double p = pow(10, floor(log10(v))), f = v / p;
  double n = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  *step = n * p / 5;
  return n * p;
}

static void header(FILE *fp, const kc_model *m, const kc_result *r, kc_lang lang) {
  char b[48];
  fprintf(fp, "<header>\n<h1>%s</h1>\n<p class=\"meta\"><b>", W("title"));
  html(fp, kc_program_name(m, lang));
  fprintf(fp, "</b> · %s %d–%d</p>\n<p class=\"meta\">%s: ", W("horizon"), m->first_year, m->last_year, W("scenarios"));
  if (!m->nscen)
    fputs(W("no_scenario"), fp);
  for (int i = 0; i < m->nscen; i++) {
    fputs(i ? ", " : "", fp);
    html(fp, m->scen_name[i]);
  }
  fprintf(fp, "</p>\n<p class=\"meta\">%s", r->status == KC_ERR_LIMIT ? W("limit") : W("optimal"));
  if (r->status == KC_ERR_LIMIT)
    fprintf(fp, " (gap %s%%)", kc_fmt_num(100 * r->gap, 4, lang, b));
  fprintf(fp, " · %s</p>\n</header>\n", W("money"));
}

static void cards(FILE *fp, const kc_model *m, const kc_plan *p, const double *planned, kc_lang lang) {
  char b1[48], b2[48];
  int met = 0;
  for (int t = 0; t < m->ntgt; t++)
    met += planned[t] >= m->tgt[t].target - 1e-9;
  fprintf(fp,
          "<section class=\"cards\">\n<div class=\"card\"><div class=\"v\" id=\"head-att\">%s%%</div>"
          "<div class=\"l\">%s</div></div>\n",
          kc_fmt_num(100 * kc_weighted_attainment(m, planned), 1, lang, b1), W("att"));
  fprintf(fp, "<div class=\"card\"><div class=\"v\">%d / %d</div><div class=\"l\">%s</div></div>\n", met, m->ntgt,
          W("met"));
  long long spend = 0;
  double cap = 0;
  int capped = 1;
  for (int s = 0; s < m->nsrc; s++) {
    spend += kc_plan_spend(p, s, -1);
    capped &= m->src[s].has_ceiling;
    cap += m->src[s].has_ceiling ? m->src[s].ceiling : 0;
  }
  fprintf(fp, "<div class=\"card\"><div class=\"v\">%s</div><div class=\"l\">%s", kc_fmt_money(spend, lang, b1),
          W("spend"));
  if (capped)
    fprintf(fp, " (%s %s)", W("ceil"), kc_fmt_num(cap, 3, lang, b2));
  fputs("</div></div>\n", fp);
  for (int s = 0; s < m->nsrc; s++) {
    long long v = kc_plan_spend(p, s, -1);
    char lab[64];
    fprintf(fp,
            "<div class=\"card\"><div class=\"v\"><span class=\"sw\" style=\"background:%s\"></span>%s</div>"
            "<div class=\"l\">",
            COLOR(s), kc_fmt_money(v, lang, b1));
    html(fp, kc_source_label(m, s, lab, sizeof lab));
    if (m->src[s].has_ceiling)
      fprintf(fp, ": %s %s, %s %s", W("ceil"), kc_fmt_num(m->src[s].ceiling, 3, lang, b1), W("unalloc"),
              kc_fmt_num(m->src[s].ceiling - (double)v / 1000.0, 3, lang, b2));
    fputs("</div></div>\n", fp);
  }
  fputs("</section>\n", fp);
}

static void legend(FILE *fp, const kc_model *m, int ceiling_mark, kc_lang lang) {
  char lab[64];
  fputs("<div class=\"legend\">", fp);
  for (int s = 0; s < m->nsrc; s++) {
    fprintf(fp, "<span><span class=\"sw\" style=\"background:%s\"></span>", COLOR(s));
    html(fp, kc_source_label(m, s, lab, sizeof lab));
    fputs("</span>", fp);
  }
  if (ceiling_mark)
    fprintf(fp,
            "<span><span class=\"sw\" style=\"background:none;border-top:2px dashed #c00;height:0\"></span>%s"
            "</span>",
            W("annual_total"));
  fputs("</div>\n", fp);
}

/* Stacked bars of each year's disbursement by source, with the sum of the annual ceilings dashed. */
static void disbursement_chart(FILE *fp, const kc_model *m, const kc_plan *p, kc_lang lang) {
  const double w = 760, h = 300, l = 80, rt = 16, t = 16, bt = 36;
  int ny = p->ny, any_annual = 0;
  double top = 0;
  for (int s = 0; s < m->nsrc; s++)
    any_annual |= m->has_annual[s];
  for (int yi = 0; yi < ny; yi++) {
    double tot = 0, cap = 0;
    for (int s = 0; s < m->nsrc; s++) {
      tot += (double)kc_plan_spend(p, s, yi) / 1000.0;
      cap += m->has_annual[s] ? m->annual[s * ny + yi] : 0;
    }
    top = fmax(top, fmax(tot, cap));
  }
  double step, ymax = nice_max(top * 1.05, &step);
  char b[48], lab[64];
  fprintf(fp, "<h2>%s</h2>\n", W("disb"));
  legend(fp, m, any_annual, lang);
  fprintf(fp, "<div class=\"box\"><svg id=\"chart-disb\" viewBox=\"0 0 %g %g\" role=\"img\">\n", w, h);
  for (double v = 0; v <= ymax + 1e-9; v += step) {
    double y = t + (h - t - bt) * (1 - v / ymax);
    fprintf(fp, "<line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6ea\"/>", l, w - rt, y, y);
    fprintf(fp, "<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", l - 6, y + 4, kc_fmt_num(v, 1, lang, b));
  }
  double band = (w - l - rt) / ny, bw = fmin(band * 0.6, 90);
  for (int yi = 0; yi < ny; yi++) {
    double x = l + band * yi + (band - bw) / 2, acc = 0, cap = 0;
    for (int s = 0; s < m->nsrc; s++) {
      double v = (double)kc_plan_spend(p, s, yi) / 1000.0;
      double y0 = t + (h - t - bt) * (1 - acc / ymax), y1 = t + (h - t - bt) * (1 - (acc + v) / ymax);
      acc += v;
      cap += m->has_annual[s] ? m->annual[s * ny + yi] : 0;
      if (v <= 0)
        continue;
      fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", x, y1, bw, y0 - y1,
              COLOR(s));
      html(fp, kc_source_label(m, s, lab, sizeof lab));
      fprintf(fp, " %d: %s</title></rect>\n", m->first_year + yi, kc_fmt_num(v, 3, lang, b));
    }
    if (any_annual) {
      double y = t + (h - t - bt) * (1 - cap / ymax);
      fprintf(fp,
              "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" stroke-width=\"2\" "
              "stroke-dasharray=\"6 4\"><title>%s %d: %s</title></line>\n",
              x - 8, x + bw + 8, y, y, W("annual_total"), m->first_year + yi, kc_fmt_num(cap, 3, lang, b));
    }
    fprintf(fp, "<text x=\"%.1f\" y=\"%g\" text-anchor=\"middle\">%d</text>\n", x + bw / 2, h - bt + 18,
            m->first_year + yi);
  }
  fputs("</svg></div>\n", fp);
  if (any_annual && m->carry_over)
    fprintf(fp, "<p class=\"note\">%s</p>\n", W("carry"));
  /* the numbers behind the chart */
  fprintf(fp, "<div class=\"box\"><table><thead><tr><th>%s</th>", W("source"));
  for (int yi = 0; yi < ny; yi++)
    fprintf(fp, "<th class=\"n\">%d</th>", m->first_year + yi);
  fprintf(fp, "<th class=\"n\">%s</th></tr></thead><tbody>\n", W("total"));
  for (int s = 0; s < m->nsrc; s++) {
    long long tot = 0;
    fputs("<tr><td>", fp);
    html(fp, kc_source_label(m, s, lab, sizeof lab));
    fputs("</td>", fp);
    for (int yi = 0; yi < ny; yi++) {
      long long v = kc_plan_spend(p, s, yi);
      tot += v;
      fprintf(fp, "<td class=\"n\">%s", kc_fmt_money(v, lang, b));
      if (m->has_annual[s])
        fprintf(fp, "<br><small>%s %s</small>", W("ceil"), kc_fmt_num(m->annual[s * ny + yi], 3, lang, b));
      fputs("</td>", fp);
    }
    fprintf(fp, "<td class=\"n\">%s", kc_fmt_money(tot, lang, b));
    if (m->src[s].has_ceiling)
      fprintf(fp, "<br><small>%s %s</small>", W("ceil"), kc_fmt_num(m->src[s].ceiling, 3, lang, b));
    fputs("</td></tr>\n", fp);
  }
  fputs("</tbody></table></div>\n", fp);
}

/* Horizontal bars: planned / target per target period. */
static void attainment_chart(FILE *fp, const kc_model *m, const double *planned, kc_lang lang) {
  const double w = 760, l = 300, rt = 90, row = 24;
  double h = row * m->ntgt + 10;
  char b1[48], b2[48], per[32];
  fprintf(fp, "<h2>%s</h2>\n<div class=\"box\"><svg id=\"chart-attain\" viewBox=\"0 0 %g %g\" role=\"img\">\n",
          W("attain"), w, h);
  for (int t = 0; t < m->ntgt; t++) {
    const kc_target *tg = &m->tgt[t];
    double frac = fmin(1.0, planned[t] / tg->target), y = 5 + row * t;
    const char *col = frac >= 1 - 1e-9 ? "#3a9d5d" : frac >= 0.5 ? "#e0a31e" : "#c0392b";
    kc_period(tg, "–", per, sizeof per);
    fprintf(fp, "<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">", l - 8, y + 15);
    html(fp, m->act[tg->activity].name);
    fprintf(fp, " (%s)</text>", per);
    fprintf(fp, "<rect x=\"%g\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"#eef0f2\"/>", l, y + 3, w - l - rt);
    fprintf(fp, "<rect x=\"%g\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\"><title>%s / %s</title></rect>", l,
            y + 3, (w - l - rt) * frac, col, kc_fmt_num(planned[t], 3, lang, b1), kc_fmt_num(tg->target, 3, lang, b2));
    fprintf(fp, "<text x=\"%g\" y=\"%.1f\">%s / %s</text>\n", w - rt + 6, y + 15, kc_fmt_num(planned[t], 3, lang, b1),
            kc_fmt_num(tg->target, 3, lang, b2));
  }
  fputs("</svg></div>\n", fp);
}

/* Activity rows, year columns: units started over money disbursed. */
static void plan_table(FILE *fp, const kc_model *m, const kc_plan *p, kc_lang lang) {
  char b1[48], b2[48];
  fprintf(fp, "<h2>%s</h2>\n<div class=\"box\"><table id=\"plan\"><thead><tr><th>%s</th>", W("plan"), W("activity"));
  for (int yi = 0; yi < p->ny; yi++)
    fprintf(fp, "<th class=\"n\">%d</th>", m->first_year + yi);
  fprintf(fp, "<th class=\"n\">%s</th></tr></thead><tbody>\n", W("total"));
  long long *col = calloc((size_t)p->ny + 1, sizeof *col), all = 0;
  for (int a = 0; a < m->nact - kc_model_proposals(m); a++) { /* a proposal is counted in its activity's row */
    double u = 0;
    long long mon = 0;
    fputs("<tr><td>", fp);
    html(fp, m->act[a].name);
    fputs(" <small>(", fp);
    html(fp, m->act[a].unit);
    fputs(")</small></td>", fp);
    for (int yi = 0; yi < p->ny; yi++) {
      double cu;
      long long v = kc_plan_activity_cell(m, p, a, yi, &cu);
      u += cu;
      mon += v;
      if (col)
        col[yi] += v;
      if (cu == 0 && v == 0)
        fputs("<td class=\"n\">–</td>", fp);
      else
        fprintf(fp, "<td class=\"n\">%s<br><small>%s</small></td>", kc_fmt_num(cu, 3, lang, b1),
                kc_fmt_money(v, lang, b2));
    }
    all += mon;
    fprintf(fp, "<td class=\"n\">%s<br><small>%s</small></td></tr>\n", kc_fmt_num(u, 3, lang, b1),
            kc_fmt_money(mon, lang, b2));
  }
  fprintf(fp, "<tr class=\"tot\"><td>%s</td>", W("total"));
  for (int yi = 0; yi < p->ny; yi++)
    fprintf(fp, "<td class=\"n\">%s</td>", kc_fmt_money(col ? col[yi] : 0, lang, b1));
  fprintf(fp, "<td class=\"n\">%s</td></tr>\n</tbody></table></div>\n", kc_fmt_money(all, lang, b1));
  free(col);
}

/* The submitted proposals: each with its owner, activity, units, score, money and outcome (the
 * start year, or why it is left out). */
static void proposals_table(FILE *fp, const kc_model *m, const kc_plan *p, const kc_rejects *x, kc_lang lang) {
  if (!x || x->n == 0)
    return;
  char b1[48], b2[48], why[1200];
  int funded = 0;
  double got = 0, all = 0;
  for (int q = 0; q < x->n; q++) {
    all += m->act[x->first + q].score;
    funded += x->r[q].kind == KC_REJ_FUNDED;
    got += x->r[q].kind == KC_REJ_FUNDED ? m->act[x->first + q].score : 0;
  }
  fprintf(fp, "<section>\n<h2>%s</h2>\n<p>", W("props"));
  fprintf(fp, W("props_note"), funded, x->n, kc_fmt_num(got, 3, lang, b1), kc_fmt_num(all, 3, lang, b2));
  fprintf(fp,
          "</p>\n<div class=\"box\"><table id=\"proposals\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th "
          "class=\"n\">%s</th>"
          "<th class=\"n\">%s</th><th class=\"n\">%s</th><th>%s</th></tr></thead><tbody>\n",
          W("owner"), W("proposal"), W("activity"), W("units"), W("score"), W("total"), W("status"));
  for (int q = 0; q < x->n; q++) {
    const kc_activity *ac = &m->act[x->first + q];
    long long money = 0;
    for (int yi = 0; yi < p->ny; yi++)
      money += kc_plan_cell_money(p, (x->first + q) * p->ny + yi);
    fputs("<tr><td>", fp);
    html(fp, ac->owner);
    fputs("</td><td>", fp);
    html(fp, ac->name);
    fputs("</td><td>", fp);
    html(fp, m->act[ac->parent].name);
    fprintf(fp, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td>",
            kc_fmt_num(ac->yield, 3, lang, b1), kc_fmt_num(ac->score, 3, lang, b2), kc_fmt_money(money, lang, why));
    kc_reject_words(m, x, q, lang, why, sizeof why);
    html(fp, why);
    fputs("</td></tr>\n", fp);
  }
  fputs("</tbody></table></div>\n</section>\n", fp);
}

static void shadow_table(FILE *fp, const kc_model *m, const kc_result *r, kc_lang lang) {
  char b1[48], b2[48], row[300];
  int any = 0, gain = 0;
  for (int i = 0; i < r->nshadow; i++) {
    any |= r->shadow[i].value != 0 || r->shadow[i].active;
    gain |= r->shadow[i].value != 0;
  }
  fprintf(fp, "<section><h2>%s</h2>\n", W("shadow"));
  if (!any) {
    fprintf(fp, "<p>%s</p></section>\n", W("no_shadow"));
    return;
  }
  fprintf(
      fp,
      "<p class=\"note\">%s%s%s</p>\n<div class=\"box\"><table><thead><tr><th>%s</th><th>%s</th><th class=\"n\">%s</th>"
      "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
      W("shadow_note"), gain ? "" : " ", gain ? "" : W("no_gain"), W("row"), W("binding"), W("value"), W("range"),
      W("method"));
  for (int i = 0; i < r->nshadow; i++) {
    const struct kc_shadow *s = &r->shadow[i];
    if (s->value == 0 && !s->active)
      continue;
    fputs("<tr><td>", fp);
    html(fp, kc_shadow_words(m, s->row, lang, row, sizeof row));
    fprintf(fp, "</td><td>%s</td><td class=\"n\">%s", s->active ? W("yes") : W("no"),
            kc_fmt_num(s->value, 6, lang, b1));
    if (s->step > 0 && !s->proven) /* the re-solve ran out of its budget: a range, not a value */
      fprintf(fp, " … %s", kc_fmt_num(s->value_hi, 6, lang, b1));
    fputs("</td><td>", fp);
    if (!isnan(s->lo) || !isnan(s->hi))
      fprintf(fp, "%s … %s", isnan(s->lo) ? "−∞" : kc_fmt_num(s->lo, 3, lang, b1),
              isnan(s->hi) ? "∞" : kc_fmt_num(s->hi, 3, lang, b2));
    fputs("</td><td>", fp);
    fputs(W(s->method), fp); /* its words are keyed by the method's name */
    if (s->step > 0)
      fprintf(fp, " %s %s", kc_fmt_num(s->step, 3, lang, b1), W("million"));
    fputs("</td></tr>\n", fp);
  }
  fputs("</tbody></table></div></section>\n", fp);
}

/* The sweep's data as JSON for the slider: per point the value, status, attainment, chart position,
 * spend per source and the plan. NULL when out of memory. */
static cJSON *sweep_data(const kc_model *m, const kc_sweep *sw, const char *field, kc_lang lang, double *xs,
                         double *ys) {
  cJSON *root = cJSON_CreateObject(), *acts = cJSON_AddArrayToObject(root, "activities");
  cJSON *srcs = cJSON_AddArrayToObject(root, "sources"), *pts = cJSON_AddArrayToObject(root, "points");
  char lab[64];
  cJSON_AddStringToObject(root, "lang", lang == KC_LANG_VI ? "vi-VN" : "en-US");
  cJSON_AddStringToObject(root, "path", field);
  cJSON_AddBoolToObject(root, "reverse", sw->to < sw->from);
  cJSON_AddNumberToObject(root, "first_year", m->first_year);
  cJSON_AddNumberToObject(root, "years", sw->ny);
  cJSON_AddStringToObject(root, "no_plan", W("no_plan"));
  cJSON_AddStringToObject(root, "total", W("total"));
  for (int a = 0; a < m->nact; a++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", m->act[a].name);
    cJSON_AddStringToObject(o, "unit", m->act[a].unit);
    cJSON_AddItemToArray(acts, o);
  }
  for (int s = 0; s < m->nsrc; s++)
    cJSON_AddItemToArray(srcs, cJSON_CreateString(kc_source_label(m, s, lab, sizeof lab)));
  for (int i = 0; i < sw->npoints; i++) {
    const kc_sweep_point *pt = &sw->points[i];
    cJSON *o = cJSON_CreateObject();
    int ok = pt->status == KC_OK || pt->status == KC_ERR_LIMIT;
    cJSON_AddNumberToObject(o, "value", pt->value);
    char st[32]; /* and in the report's words, for the reader */
    snprintf(st, sizeof st, "st_%s", kc_status_word(pt->status));
    cJSON_AddStringToObject(o, "status", kc_status_word(pt->status));
    cJSON_AddStringToObject(o, "status_text", W(st));
    if (ok) {
      cJSON_AddNumberToObject(o, "attainment", round(1e6 * kc_weighted_attainment(m, pt->planned)) / 1e6);
      cJSON_AddNumberToObject(o, "x", round(xs[i] * 10) / 10);
      cJSON_AddNumberToObject(o, "y", round(ys[i] * 10) / 10);
      cJSON_AddItemToObject(o, "spend", cJSON_CreateDoubleArray(pt->spend, sw->nsrc));
      cJSON_AddItemToObject(o, "units", cJSON_CreateDoubleArray(pt->units, sw->nact * sw->ny));
      cJSON_AddItemToObject(o, "money", cJSON_CreateDoubleArray(pt->money, sw->nact * sw->ny));
    } else {
      cJSON_AddStringToObject(o, "message", pt->message);
    }
    cJSON_AddItemToArray(pts, o);
  }
  return root;
}

static const char sweep_script[] =
    "(function(){\n"
    "var d=JSON.parse(document.getElementById('sweep-data').textContent);\n"
    "var nf=new Intl.NumberFormat(d.lang,{maximumFractionDigits:3});\n"
    "var pf=new Intl.NumberFormat(d.lang,{maximumFractionDigits:1});\n"
    "var s=document.getElementById('sweep-slider'),info=document.getElementById('sweep-info');\n"
    "var mk=document.getElementById('sweep-marker'),body=document.getElementById('sweep-body');\n"
    "function td(t,c){var e=document.createElement('td');if(c)e.className=c;e.textContent=t;return e;}\n"
    "function show(i){var p=d.points[i];body.textContent='';\n"
    " var txt=d.path+' = '+nf.format(p.value)+': ';\n"
    " if(p.attainment===undefined){info.textContent=txt+d.no_plan+' ('+p.status_text+') '+(p.message||'');"
    "mk.setAttribute('visibility','hidden');return;}\n"
    " txt+=pf.format(100*p.attainment)+'%';\n"
    " for(var k=0;k<d.sources.length;k++)txt+=' · '+d.sources[k]+' '+nf.format(p.spend[k]);\n"
    " info.textContent=txt;mk.setAttribute('visibility','visible');mk.setAttribute('cx',p.x);"
    "mk.setAttribute('cy',p.y);\n"
    " for(var a=0;a<d.activities.length;a++){var tr=document.createElement('tr'),u=0,m=0;\n"
    "  tr.appendChild(td(d.activities[a].name+' ('+d.activities[a].unit+')'));\n"
    "  for(var y=0;y<d.years;y++){var c=a*d.years+y;u+=p.units[c];m+=p.money[c];\n"
    "   tr.appendChild(td(p.units[c]||p.money[c]?nf.format(p.units[c])+' / '+nf.format(p.money[c]):'–','n'));}\n"
    "  tr.appendChild(td(nf.format(u)+' / '+nf.format(m),'n'));body.appendChild(tr);}\n"
    "}\n"
    "function at(){var k=+s.value;return d.reverse?d.points.length-1-k:k;}\n"
    "s.addEventListener('input',function(){show(at());});show(at());\n"
    "})();\n";

static void sweep_section(FILE *fp, const kc_model *m, const kc_sweep *sw, kc_lang lang, kc_rc *rc) {
  const double w = 760, h = 300, l = 70, rt = 20, t = 16, bt = 44;
  double lo = fmin(sw->from, sw->to), hi = fmax(sw->from, sw->to);
  if (hi <= lo)
    hi = lo + 1;
  double *xs = calloc((size_t)sw->npoints + 1, sizeof *xs), *ys = calloc((size_t)sw->npoints + 1, sizeof *ys);
  char b[48];
  if (!xs || !ys) {
    free(xs);
    free(ys);
    *rc = KC_ERR_INTERNAL;
    return;
  }
  char field[300];
  kc_sweep_path_words(m, sw->path, lang, field, sizeof field);
  fprintf(fp, "<section><h2>%s: ", W("sweep"));
  html(fp, field);
  fputs(" <small>(", fp);
  html(fp, sw->path);
  fprintf(fp, ")</small></h2>\n<p class=\"note noprint\">%s</p>\n", W("sweep_note"));
  fprintf(fp, "<div class=\"box\"><svg id=\"chart-sweep\" viewBox=\"0 0 %g %g\" role=\"img\">\n", w, h);
  /* the attainment axis runs from a round value below the lowest point to 100% */
  double amin = 1;
  for (int i = 0; i < sw->npoints; i++)
    if (sw->points[i].status == KC_OK || sw->points[i].status == KC_ERR_LIMIT)
      amin = fmin(amin, kc_weighted_attainment(m, sw->points[i].planned));
  double ystep = amin > 0.9 ? 0.02 : amin > 0.5 ? 0.1 : 0.2;
  double ylo = fmax(0, floor((amin - 1e-9) / ystep) * ystep - (amin > 1 - 1e-9 ? 5 * ystep : 0));
  for (double v = ylo; v <= 1 + 1e-9; v += ystep) {
    double y = t + (h - t - bt) * (1 - (v - ylo) / (1 - ylo));
    fprintf(fp,
            "<line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6ea\"/><text x=\"%g\" y=\"%.1f\" "
            "text-anchor=\"end\">%s%%</text>\n",
            l, w - rt, y, y, l - 6, y + 4, kc_fmt_num(100 * v, 0, lang, b));
  }
  for (int k = 0; k <= 5; k++) {
    double v = lo + (hi - lo) * k / 5.0, x = l + (w - l - rt) * k / 5.0;
    fprintf(fp, "<text x=\"%.1f\" y=\"%g\" text-anchor=\"middle\">%s</text>\n", x, h - bt + 18,
            kc_fmt_num(v, 4, lang, b));
  }
  fprintf(fp, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\">", l + (w - l - rt) / 2, h - 6);
  html(fp, field);
  fputs("</text>\n<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"", fp);
  /* points in increasing value order; a point without a plan breaks nothing, it is left out */
  for (int k = 0; k < sw->npoints; k++) {
    int i = sw->to >= sw->from ? k : sw->npoints - 1 - k;
    const kc_sweep_point *pt = &sw->points[i];
    xs[i] = l + (w - l - rt) * (pt->value - lo) / (hi - lo);
    ys[i] = t + (h - t - bt) * (1 - (kc_weighted_attainment(m, pt->planned) - ylo) / (1 - ylo));
    if (pt->status == KC_OK || pt->status == KC_ERR_LIMIT)
      fprintf(fp, "%.1f,%.1f ", xs[i], ys[i]);
  }
  fputs("\"/>\n<circle id=\"sweep-marker\" r=\"6\" cx=\"0\" cy=\"0\" fill=\"#c00\" "
        "visibility=\"hidden\"/>\n</svg></div>\n",
        fp);
  /* the slider runs left to right in increasing value, like the chart; it starts at FROM */
  int reverse = sw->to<sw->from, last = sw->npoints> 0 ? sw->npoints - 1 : 0;
  fprintf(fp,
          "<input type=\"range\" id=\"sweep-slider\" min=\"0\" max=\"%d\" step=\"1\" value=\"%d\" "
          "aria-label=\"%s\">\n<p id=\"sweep-info\"></p>\n",
          last, reverse ? last : 0, W("at"));
  fprintf(fp, "<div class=\"box\"><table><thead><tr><th>%s</th>", W("activity"));
  for (int yi = 0; yi < sw->ny; yi++)
    fprintf(fp, "<th class=\"n\">%d</th>", m->first_year + yi);
  fprintf(fp, "<th class=\"n\">%s</th></tr></thead><tbody id=\"sweep-body\"></tbody></table></div>\n", W("total"));
  cJSON *data = sweep_data(m, sw, field, lang, xs, ys);
  char *json = data ? cJSON_PrintUnformatted(data) : NULL;
  cJSON_Delete(data);
  free(xs);
  free(ys);
  if (!json) {
    *rc = KC_ERR_INTERNAL;
    return;
  }
  fputs("<script type=\"application/json\" id=\"sweep-data\">", fp);
  /* Every <, > and & as a JSON escape: they occur only inside strings, and "</script", "<!--" or
   * "<script" in a name could otherwise end or reopen the script element */
  for (const char *c = json; *c; c++)
    if (*c == '<' || *c == '>' || *c == '&')
      fprintf(fp, "\\u%04x", (unsigned)*c);
    else
      fputc(*c, fp);
  free(json);
  fprintf(fp, "</script>\n<script>\n%s</script>\n</section>\n", sweep_script);
}

kc_rc kc_report_html(FILE *fp, const kc_model *m, const kc_result *r, const kc_plan *p, const kc_rejects *rej,
                     const kc_sweep *sw, kc_lang lang, kc_error *err) {
  double *planned = calloc((size_t)m->ntgt + 1, sizeof *planned);
  if (!planned)
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  for (int t = 0; t < m->ntgt; t++)
    planned[t] = kc_plan_planned(m, p, t);
  kc_rc rc = KC_OK;
  fprintf(fp,
          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n<title>",
          lang == KC_LANG_VI ? "vi" : "en");
  html(fp, W("title"));
  fputs(" — ", fp);
  html(fp, kc_program_name(m, lang));
  fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", style);
  header(fp, m, r, lang);
  cards(fp, m, p, planned, lang);
  fputs("<section>\n", fp);
  disbursement_chart(fp, m, p, lang);
  fputs("</section>\n<section>\n", fp);
  attainment_chart(fp, m, planned, lang);
  char b1[48], b2[48], b3[48], per[32];
  fprintf(fp,
          "<div class=\"box\"><table><thead><tr><th>%s</th><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
          "<th class=\"n\">%s</th></tr></thead><tbody>\n",
          W("activity"), W("period"), W("target"), W("planned"), W("short"));
  for (int t = 0; t < m->ntgt; t++) {
    kc_period(&m->tgt[t], "–", per, sizeof per);
    fputs("<tr><td>", fp);
    html(fp, m->act[m->tgt[t].activity].name);
    fprintf(fp, "</td><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n", per,
            kc_fmt_num(m->tgt[t].target, 3, lang, b1), kc_fmt_num(planned[t], 3, lang, b2),
            kc_fmt_num(fmax(0, m->tgt[t].target - planned[t]), 3, lang, b3));
  }
  fputs("</tbody></table></div>\n</section>\n<section>\n", fp);
  plan_table(fp, m, p, lang);
  fputs("</section>\n", fp);
  proposals_table(fp, m, p, rej, lang);
  shadow_table(fp, m, r, lang);
  if (sw)
    sweep_section(fp, m, sw, lang, &rc);
  fprintf(fp, "<footer>%s %s · %s:", W("generated"), KC_VERSION, W("inputs"));
  /* a file name never breaks mid-word: lines break between files, or after a '/' of a path */
  for (int i = 0; i < m->ninputs + m->nscen; i++) {
    const char *file = i < m->ninputs ? m->inputs[i].file : m->scen[i - m->ninputs].file;
    const char *sha = i < m->ninputs ? m->inputs[i].sha256 : m->scen[i - m->ninputs].sha256;
    fputs(" <span class=\"file\">", fp);
    fputs("<span>", fp);
    for (const char *c = file; *c; c++) { /* a path breaks only after a '/' */
      char one[2] = {*c, '\0'};
      html(fp, one);
      if (*c == '/' && c[1])
        fputs("</span><span>", fp);
    }
    fputs("</span>", fp);
    fprintf(fp, "</span> <small>sha256 %.12s…</small>", sha);
  }
  fputs("</footer>\n</main>\n</body>\n</html>\n", fp);
  free(planned);
  return rc == KC_OK ? KC_OK : kc_fail(err, rc, NULL, 0, 0, "out of memory");
}
