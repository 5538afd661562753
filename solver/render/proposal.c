/* proposal.c — the annual budget proposal table and its CSV, Markdown and HTML renderings. */
#include "render/proposal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/kc_version.h"
#include "render/output.h"

static const struct {
  const char *key, *vi, *en;
} labels[] = {
    {"title", "DỰ TOÁN KINH PHÍ KHUYẾN CÔNG NĂM", "INDUSTRIAL PROMOTION BUDGET PROPOSAL FOR"},
    {"stt", "STT", "No."},
    {"content", "Nội dung", "Content"},
    {"unit", "ĐVT", "Unit"},
    {"qty", "Số lượng", "Quantity"},
    {"price", "Đơn giá", "Unit price"},
    {"total", "Tổng kinh phí", "Total cost"},
    {"counterpart", "Đối ứng", "Counterpart"},
    {"notes", "Ghi chú", "Notes"},
    {"grand", "TỔNG CỘNG", "GRAND TOTAL"},
    {"group", "Hoạt động khuyến công", "Industrial promotion activities"},
    {"money", "Đơn vị tính: triệu đồng", "Amounts in million VND"},
    {"scenarios", "Kịch bản", "Scenarios"},
    {"no_scenario", "không (số liệu gốc của mô hình)", "none (the model as given)"},
    {"optimal", "Phương án tối ưu", "Optimal plan"},
    {"limit", "Phương án tốt nhất tìm được trong thời gian cho phép, chưa chứng minh tối ưu",
     "Best plan found within the time limit, not proven optimal"},
    {"gap", "sai số tương đối", "relative gap"},
    {"footer", "Tổng năm so với trần kinh phí", "The year's totals against the ceilings"},
    {"source", "Nguồn vốn", "Source"},
    {"proposed", "Đề xuất năm", "Proposed"},
    {"annual", "Trần năm", "Annual ceiling"},
    {"available", "Khả dụng năm", "Available"},
    {"use", "Tỷ lệ sử dụng (%)", "Use of available (%)"},
    {"ceiling", "Trần cả chương trình", "Programme ceiling"},
    {"cumulative", "Lũy kế đến hết năm", "Spent to the end of"},
    {"remaining", "Còn lại", "Remaining"},
    {"none", "không giới hạn", "no limit"},
    {"generated", "Lập bằng kcplan", "Prepared with kcplan"},
    {"executed", "Thực hiện", "Executed"},
    {"exec_qty", "số lượng", "quantity"},
    {"exec_cost", "kinh phí", "cost"},
    {"actuals", "số liệu thực hiện", "actuals"},
    {"approved", "kế hoạch được duyệt", "approved plan"},
    {"adjusted", "điều chỉnh so với kế hoạch được duyệt", "adjusted from the approved plan"},
    {"executed_diff", "thực hiện khác kế hoạch được duyệt", "executed otherwise than the approved plan"},
    {"support", "ngân sách hỗ trợ", "state support"},
    {"proposal_of", "đề án của", "proposal of"},
    {"proposal", "đề án", "proposal"},
    {"score", "điểm thẩm định", "appraisal score"},
    {"motto", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"},
    {"motto2", "Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"},
    {"number", "Số", "No."},
    {"preparer", "NGƯỜI LẬP BIỂU", "PREPARED BY"},
    {"preparer_hint", "(Ký, ghi rõ họ tên)", "(signature and full name)"},
    {"head", "THỦ TRƯỞNG ĐƠN VỊ", "HEAD OF THE AGENCY"},
    {"head_hint", "(Ký, ghi rõ họ tên, đóng dấu)", "(signature, full name and seal)"},
};

const char *kc_proposal_label(const kc_proposal *pr, const char *key) {
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (strcmp(labels[i].key, key) == 0)
      return pr->lang == KC_LANG_VI ? labels[i].vi : labels[i].en;
  return key;
}

#define L(key) kc_proposal_label(pr, key)

void kc_proposal_free(kc_proposal *pr) {
  if (!pr)
    return;
  free(pr->rows);
  free(pr->money);
  free(pr->src);
  free(pr->exec_units);
  free(pr->exec_total);
  memset(pr, 0, sizeof *pr);
}

static void append(char *buf, size_t n, const char *text) {
  if (*buf)
    kc_utf8_append(buf, n, "; ");
  kc_utf8_append(buf, n, text);
}

/* Ghi chú: units still being paid for from earlier years, a first instalment, the state's share. */
static void item_note(const kc_model *m, const kc_plan *p, int a, int yi, kc_lang lang, char *note, size_t n) {
  const kc_activity *ac = &m->act[a];
  char b1[48], b2[48], text[200];
  note[0] = '\0';
  for (int k = ac->ndisb - 1; k >= 1; k--) {
    if (yi - k < 0 || ac->disb[k] <= 0 || p->units[a * p->ny + yi - k] <= 0)
      continue;
    kc_fmt_num(p->units[a * p->ny + yi - k], 3, lang, b1);
    kc_fmt_num(100 * ac->disb[k], 1, lang, b2);
    if (ac->proposal) /* the proposal itself: no count */
      snprintf(text, sizeof text, lang == KC_LANG_VI ? "chuyển tiếp từ năm %d (%s%%)" : "continuing from %d (%s%%)",
               m->first_year + yi - k, b2);
    else
      snprintf(text, sizeof text,
               lang == KC_LANG_VI ? "chuyển tiếp %s từ năm %d (%s%%)" : "continuing: %s started in %d (%s%%)", b1,
               m->first_year + yi - k, b2);
    append(note, n, text);
  }
  if (ac->ndisb > 1 && p->units[a * p->ny + yi] > 0) {
    kc_fmt_num(100 * ac->disb[0], 1, lang, b2);
    snprintf(text, sizeof text, lang == KC_LANG_VI ? "khởi công mới, năm đầu %s%%" : "new: %s%% paid this year", b2);
    append(note, n, text);
  }
  if (ac->support_rate < 1) {
    kc_fmt_num(100 * ac->support_rate, 1, lang, b2);
    snprintf(text, sizeof text, lang == KC_LANG_VI ? "nhà nước hỗ trợ %s%%" : "state share %s%%", b2);
    append(note, n, text);
  }
}

/* "điều chỉnh so với kế hoạch được duyệt: 7 → 3 mô hình, ngân sách hỗ trợ 2.450 → 1.050" when cell c
 * differs from the approved plan (in a closed year: "thực hiện khác …"); returns whether it does.
 * The money is the state's, all sources: the approved plan records no counterpart. */
static bool adjusted_note(const kc_proposal *pr, const kc_plan *p, int a, int c, char *note, size_t n) {
  const kc_model *m = pr->m;
  if (!kc_cell_changed(m, p, c))
    return false;
  long long before = kc_baseline_cell_total(m, c), after = kc_plan_cell_money(p, c);
  char u1[48], u2[48], b1[48], b2[48], text[300];
  snprintf(text, sizeof text, "%s: %s → %s %s, %s %s → %s",
           L(pr->year - m->first_year < m->nclosed ? "executed_diff" : "adjusted"),
           kc_fmt_num(m->base_units[c], 3, pr->lang, u1), kc_fmt_num(p->units[c], 3, pr->lang, u2), m->act[a].unit,
           L("support"), kc_fmt_money(before, pr->lang, b1), kc_fmt_money(after, pr->lang, b2));
  append(note, n, text);
  return true;
}

static const char *group_of(const kc_model *m, int a, const kc_proposal *pr) {
  const char *g = m->act[a].group;
  return g && *g ? g : L("group");
}

static void footer_source(const kc_model *m, const kc_plan *p, int s, int yi, kc_prop_source *f) {
  int ny = p->ny;
  f->proposed = kc_plan_spend(p, s, yi);
  f->before = 0;
  for (int y = 0; y < yi; y++)
    f->before += kc_plan_spend(p, s, y);
  f->annual = m->has_annual[s] ? m->annual[s * ny + yi] : NAN;
  f->ceiling = m->src[s].has_ceiling ? m->src[s].ceiling : NAN;
  double lim = INFINITY;
  if (m->has_annual[s]) {
    lim = m->annual[s * ny + yi];
    if (m->carry_over) {
      lim = -(double)f->before / 1000.0;
      for (int y = 0; y <= yi; y++)
        lim += m->annual[s * ny + y];
    }
  }
  if (m->src[s].has_ceiling && m->src[s].ceiling - (double)f->before / 1000.0 < lim)
    lim = m->src[s].ceiling - (double)f->before / 1000.0;
  f->available = isinf(lim) ? NAN : lim;
}

/* Appends the item row of activity (or proposal) b in year index yi: its units (a proposal's in the
 * units of its activity), money, executed years and notes. */
static void add_item(kc_proposal *pr, const kc_plan *p, int b, int yi, const char *stt) {
  const kc_model *m = pr->m;
  const kc_activity *ac = &m->act[b];
  int ny = p->ny, nk = m->nsrc + 1, ri = pr->nrows++, c = b * ny + yi;
  double yield = kc_yield(ac);
  kc_prop_row *it = &pr->rows[ri];
  *it = (kc_prop_row){.kind = KC_PROP_ITEM, .text = ac->name, .unit = ac->unit, .activity = b};
  snprintf(it->stt, sizeof it->stt, "%s", stt);
  it->units = yield * p->units[c];
  for (int s = 0; s < m->nsrc; s++)
    pr->money[ri * nk + s] = p->milli[c * m->nsrc + s];
  pr->money[ri * nk + m->nsrc] = p->counterpart[c];
  for (int j = 0; j < pr->nexec; j++) {
    int cj = b * ny + j;
    pr->exec_units[ri * pr->nexec + j] = yield * p->units[cj];
    pr->exec_total[ri * pr->nexec + j] = kc_plan_cell_money(p, cj) + p->counterpart[cj];
  }
  it->note[0] = '\0';
  if (ac->proposal) { /* who submitted it and its appraisal: "đề án của HTX Cờ Đỏ, điểm thẩm định 82" */
    char text[400], sc[48];
    kc_fmt_num(ac->score, 3, pr->lang, sc);
    if (ac->owner[0])
      snprintf(text, sizeof text, "%s %s, %s %s", L("proposal_of"), ac->owner, L("score"), sc);
    else
      snprintf(text, sizeof text, "%s, %s %s", L("proposal"), L("score"), sc);
    append(it->note, sizeof it->note, text);
  }
  char note[600];
  item_note(m, p, b, yi, pr->lang, note, sizeof note);
  if (note[0])
    append(it->note, sizeof it->note, note);
  it->adjusted = adjusted_note(pr, p, b, c, it->note, sizeof it->note);
}

kc_rc kc_proposal_make(const kc_model *m, const kc_result *r, const kc_plan *p, int year, kc_lang lang, kc_proposal *pr,
                       kc_error *err) {
  memset(pr, 0, sizeof *pr);
  if (year < m->first_year || year > m->last_year)
    return kc_fail(err, KC_ERR_INPUT, NULL, 0, 0, "--year %d is outside the model's horizon %d-%d", year, m->first_year,
                   m->last_year);
  int ny = p->ny, yi = year - m->first_year, nk = m->nsrc + 1;
  pr->lang = lang;
  pr->year = year;
  pr->nsrc = m->nsrc;
  pr->m = m;
  pr->status = r->status;
  pr->gap = r->gap;
  /* at most one group row per activity, one item per activity and the total */
  pr->rows = calloc((size_t)(2 * m->nact + 1), sizeof *pr->rows);
  pr->money = calloc((size_t)(2 * m->nact + 1) * (size_t)nk, sizeof *pr->money);
  pr->src = calloc((size_t)m->nsrc + 1, sizeof *pr->src);
  pr->nexec = m->nclosed < yi ? m->nclosed : yi;
  size_t nex = (size_t)(2 * m->nact + 1) * (size_t)pr->nexec + 1;
  pr->exec_units = calloc(nex, sizeof *pr->exec_units);
  pr->exec_total = calloc(nex, sizeof *pr->exec_total);
  char *used = calloc((size_t)m->nact + 1, 1), *done = calloc((size_t)m->nact + 1, 1);
  if (!pr->rows || !pr->money || !pr->src || !pr->exec_units || !pr->exec_total || !used || !done) {
    free(used);
    free(done);
    kc_proposal_free(pr);
    return kc_fail(err, KC_ERR_INTERNAL, NULL, 0, 0, "out of memory");
  }
  for (int a = 0; a < m->nact; a++)
    for (int y = 0; y <= yi; y++) { /* the year, and the closed years shown before it */
      int c = a * ny + y;
      if (y < yi && y >= pr->nexec)
        continue;
      used[a] |= p->units[c] > 0 || p->counterpart[c] != 0 || (y == yi && kc_cell_changed(m, p, c));
      for (int s = 0; s < m->nsrc; s++)
        used[a] |= p->milli[c * m->nsrc + s] != 0;
    }
  int first_prop = m->nact - kc_model_proposals(m);
  for (int q = first_prop; q < m->nact; q++) /* an activity is listed with its proposals */
    used[m->act[q].parent] |= used[q];
  /* every group of the model, in its order, so that a group keeps its numeral from year to year;
   * a group with nothing in the year has no items and zero subtotals */
  int ngroup = 0;
  for (int a = 0; a < first_prop; a++) {
    if (done[a])
      continue;
    const char *g = group_of(m, a, pr);
    kc_prop_row *gr = &pr->rows[pr->nrows];
    int gi = pr->nrows++, item = 0;
    *gr = (kc_prop_row){.kind = KC_PROP_GROUP, .text = g, .unit = "", .activity = -1, .first = pr->nrows};
    kc_roman(++ngroup, gr->stt);
    for (int b = a; b < first_prop; b++) {
      if (done[b] || strcmp(group_of(m, b, pr), g) != 0)
        continue;
      done[b] = 1;
      if (!used[b])
        continue;
      char stt[24];
      snprintf(stt, sizeof stt, "%d", ++item);
      add_item(pr, p, b, yi, stt);
      for (int q = first_prop, sub = 0; q < m->nact; q++) /* its proposals under it: 2.1, 2.2 */
        if (used[q] && m->act[q].parent == b) {
          snprintf(stt, sizeof stt, "%d.%d", item, ++sub);
          add_item(pr, p, q, yi, stt);
        }
    }
    pr->rows[gi].last = pr->nrows - 1;
  }
  kc_prop_row *tot = &pr->rows[pr->nrows++];
  *tot = (kc_prop_row){.kind = KC_PROP_TOTAL, .text = L("grand"), .unit = "", .activity = -1};
  int ti = pr->nrows - 1;
  for (int i = 0; i < ti; i++) {
    if (pr->rows[i].kind != KC_PROP_GROUP)
      continue;
    for (int j = pr->rows[i].first; j <= pr->rows[i].last; j++)
      for (int k = 0; k < nk; k++)
        pr->money[i * nk + k] += pr->money[j * nk + k];
    for (int k = 0; k < nk; k++)
      pr->money[ti * nk + k] += pr->money[i * nk + k];
    for (int j = pr->rows[i].first; j <= pr->rows[i].last; j++)
      for (int e = 0; e < pr->nexec; e++)
        pr->exec_total[i * pr->nexec + e] += pr->exec_total[j * pr->nexec + e];
    for (int e = 0; e < pr->nexec; e++)
      pr->exec_total[ti * pr->nexec + e] += pr->exec_total[i * pr->nexec + e];
  }
  for (int i = 0; i < pr->nrows; i++)
    for (int k = 0; k < nk; k++)
      pr->rows[i].total += pr->money[i * nk + k];
  for (int s = 0; s < m->nsrc; s++)
    footer_source(m, p, s, yi, &pr->src[s]);
  free(used);
  free(done);
  return KC_OK;
}

/* ---- shared pieces of the renderings ---- */

void kc_proposal_heading(const kc_proposal *pr, char lines[5][600]) {
  const kc_model *m = pr->m;
  snprintf(lines[0], 600, "%s %d", L("title"), pr->year);
  const char *name = kc_program_name(m, pr->lang);
  snprintf(lines[1], 600, "%s", name ? name : ""); /* at most KC_MAX_NAME bytes */
  size_t len = (size_t)snprintf(lines[2], 600, "%s: ", L("scenarios"));
  if (m->nscen == 0)
    snprintf(lines[2] + len, 600 - len, "%s", L("no_scenario"));
  for (int i = 0; i < m->nscen; i++) { /* as many names as fit, in whole characters */
    kc_utf8_append(lines[2], 600, i ? ", " : "");
    kc_utf8_append(lines[2], 600, m->scen_name[i]);
  }
  char more[200]; /* the file names are appended whole characters at a time */
  if (m->nclosed) {
    if (m->nclosed > 1)
      snprintf(more, sizeof more, "; %d–%d: %s (", m->first_year, m->first_year + m->nclosed - 1, L("actuals"));
    else
      snprintf(more, sizeof more, "; %d: %s (", m->first_year, L("actuals"));
    kc_utf8_append(lines[2], 600, more);
    kc_utf8_append(lines[2], 600, m->actuals_path);
    kc_utf8_append(lines[2], 600, ")");
  }
  if (m->has_baseline) {
    snprintf(more, sizeof more, "; %s: ", L("approved"));
    kc_utf8_append(lines[2], 600, more);
    kc_utf8_append(lines[2], 600, m->baseline.file);
  }
  snprintf(lines[3], 600, "%s", L("money"));
  char g[48];
  if (pr->status == KC_ERR_LIMIT)
    snprintf(lines[4], 600, "%s (%s %s%%); %s %s", L("limit"), L("gap"), kc_fmt_num(100 * pr->gap, 4, pr->lang, g),
             L("generated"), KC_VERSION);
  else
    snprintf(lines[4], 600, "%s; %s %s", L("optimal"), L("generated"), KC_VERSION);
}

void kc_proposal_document(const kc_proposal *pr, kc_prop_doc *d) {
  const kc_model *m = pr->m;
  int vi = pr->lang == KC_LANG_VI;
  memset(d, 0, sizeof *d);
  if (m->doc.agency) {
    snprintf(d->left[0], sizeof d->left[0], "%s", m->doc.parent_agency ? m->doc.parent_agency : "");
    snprintf(d->left[1], sizeof d->left[1], "%s", m->doc.agency);
    snprintf(d->left[2], sizeof d->left[2], "%s: %s", L("number"), pr->number ? pr->number : "......../........");
  }
  snprintf(d->right[0], sizeof d->right[0], "%s", L("motto"));
  snprintf(d->right[1], sizeof d->right[1], "%s", L("motto2"));
  const char *place = m->doc.place ? m->doc.place : "..........";
  static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  if (pr->date_y && vi)
    snprintf(d->right[2], sizeof d->right[2], "%s, ngày %02d tháng %02d năm %d", place, pr->date_d, pr->date_m,
             pr->date_y);
  else if (pr->date_y)
    snprintf(d->right[2], sizeof d->right[2], "%s, %s %d, %d", place, months[pr->date_m - 1], pr->date_d, pr->date_y);
  else
    snprintf(d->right[2], sizeof d->right[2], vi ? "%s, ngày ..... tháng ..... năm ......" : "%s, date ..........",
             place);
  snprintf(d->sign_title[0], sizeof d->sign_title[0], "%s", L("preparer"));
  snprintf(d->sign_hint[0], sizeof d->sign_hint[0], "%s", L("preparer_hint"));
  snprintf(d->sign_name[0], sizeof d->sign_name[0], "%s", m->doc.preparer ? m->doc.preparer : "");
  snprintf(d->sign_title[1], sizeof d->sign_title[1], "%s", m->doc.head_title ? m->doc.head_title : L("head"));
  snprintf(d->sign_hint[1], sizeof d->sign_hint[1], "%s", L("head_hint"));
  snprintf(d->sign_name[1], sizeof d->sign_name[1], "%s", m->doc.head ? m->doc.head : "");
}

const char *kc_proposal_money(const kc_proposal *pr, long long milli, int plain, char *buf) {
  if (!pr->whole)
    return plain ? kc_fmt_milli(milli, buf) : kc_fmt_money(milli, pr->lang, buf);
  long long whole = milli >= 0 ? (milli + 500) / 1000 : -((-milli + 500) / 1000); /* half away from 0 */
  if (plain) {
    snprintf(buf, 48, "%lld", whole);
    return buf;
  }
  return kc_fmt_num((double)whole, 0, pr->lang, buf);
}

void kc_proposal_exec_head(const kc_proposal *pr, int j, int k, char *buf, size_t n) {
  snprintf(buf, n, "%s %d: %s", L("executed"), pr->m->first_year + j, L(k ? "exec_cost" : "exec_qty"));
}

void kc_proposal_footer_heads(const kc_proposal *pr, char h[8][80]) {
  snprintf(h[0], 80, "%s", L("source"));
  snprintf(h[1], 80, "%s %d", L("proposed"), pr->year);
  snprintf(h[2], 80, "%s %d", L("annual"), pr->year);
  snprintf(h[3], 80, "%s %d", L("available"), pr->year);
  snprintf(h[4], 80, "%s", L("use"));
  snprintf(h[5], 80, "%s", L("ceiling"));
  snprintf(h[6], 80, "%s %d", L("cumulative"), pr->year);
  snprintf(h[7], 80, "%s", L("remaining"));
}

/* Footer cell k (1..7) of source s as text; plain = CSV numbers. */
static const char *footer_cell(const kc_proposal *pr, int s, int k, int plain, char *buf) {
  const kc_prop_source *f = &pr->src[s];
  double v = NAN;
  int dec = 3;
  switch (k) {
  case 1:
    v = (double)f->proposed / 1000.0;
    break;
  case 2:
    v = f->annual;
    break;
  case 3:
    v = f->available;
    break;
  case 4:
    v = f->available > 0 ? 100.0 * (double)f->proposed / 1000.0 / f->available : NAN;
    dec = 1;
    break;
  case 5:
    v = f->ceiling;
    break;
  case 6:
    v = (double)(f->before + f->proposed) / 1000.0;
    break;
  case 7:
    v = f->ceiling - (double)(f->before + f->proposed) / 1000.0;
    break;
  }
  if (pr->whole && k != 4 && !isnan(v))
    dec = 0;
  if (isnan(v))
    snprintf(buf, 48, "%s", k == 4 ? "" : plain ? "" : L("none"));
  else if (plain)
    snprintf(buf, 48, "%.*f", dec, v);
  else
    kc_fmt_num(v, dec, pr->lang, buf);
  return buf;
}

static int is_bold(const kc_prop_row *r) {
  return r->kind != KC_PROP_ITEM;
}

/* ---- CSV ---- */

/* Where the CSV goes and how its cells are separated: the field separator, the decimal mark and the
 * line end. */
typedef struct {
  FILE *fp;
  char sep, dec;
  const char *eol;
} csv_out;

static void csv_sep(const csv_out *o) {
  fputc(o->sep, o->fp);
}

/* A number written with '.' as its decimal point, in o's decimal mark; a decimal comma is quoted,
 * so that a reader splitting at commas too (LibreOffice's default) keeps the number whole. */
static void csv_num(const csv_out *o, const char *num) {
  int quote = o->dec == ',' && strchr(num, '.');
  if (quote)
    fputc('"', o->fp);
  for (; *num; num++)
    fputc(*num == '.' ? o->dec : *num, o->fp);
  if (quote)
    fputc('"', o->fp);
}

void kc_proposal_csv(FILE *fp, const kc_proposal *pr, int excel) {
  /* Spreadsheets split a CSV at the list separator of the reader's regional settings and read
   * numbers in its decimal mark: Vietnamese settings have ';' and a decimal comma (as German or
   * French ones do), so the Vietnamese CSV for Excel is written in them. */
  int vi = excel && pr->lang == KC_LANG_VI;
  const csv_out o = {fp, vi ? ';' : ',', vi ? ',' : '.', excel ? "\r\n" : "\n"};
  char lines[5][600], lab[64], b[48], h[8][80];
  int nk = pr->nsrc + 1;
  if (excel)
    fputs("\xEF\xBB\xBF", fp);
  kc_proposal_heading(pr, lines);
  for (int i = 0; i < 5; i++) {
    kc_csv_text(fp, lines[i]);
    fputs(o.eol, fp);
  }
  fputs(o.eol, fp);
  const char *fixed[] = {L("stt"), L("content"), L("unit"), L("qty"), L("total")};
  for (int i = 0; i < 5; i++) {
    for (int j = 0; i == 3 && j < 2 * pr->nexec; j++) {
      kc_proposal_exec_head(pr, j / 2, j % 2, lab, sizeof lab);
      kc_csv_text(fp, lab);
      csv_sep(&o);
    }
    kc_csv_text(fp, fixed[i]);
    csv_sep(&o);
  }
  for (int s = 0; s < pr->nsrc; s++) {
    kc_csv_text(fp, kc_source_label(pr->m, s, lab, sizeof lab));
    csv_sep(&o);
  }
  kc_csv_text(fp, L("counterpart"));
  csv_sep(&o);
  kc_csv_text(fp, L("notes"));
  fputs(o.eol, fp);
  for (int i = 0; i < pr->nrows; i++) {
    const kc_prop_row *r = &pr->rows[i];
    kc_csv_text(fp, r->stt);
    csv_sep(&o);
    kc_csv_text(fp, r->text);
    csv_sep(&o);
    kc_csv_text(fp, r->unit);
    csv_sep(&o);
    for (int j = 0; j < pr->nexec; j++) {
      if (r->kind == KC_PROP_ITEM) {
        snprintf(b, sizeof b, "%.*g", 15, pr->exec_units[i * pr->nexec + j]);
        csv_num(&o, b);
      }
      csv_sep(&o);
      csv_num(&o, kc_proposal_money(pr, pr->exec_total[i * pr->nexec + j], 1, b));
      csv_sep(&o);
    }
    if (r->kind == KC_PROP_ITEM) {
      snprintf(b, sizeof b, "%.*g", 15, r->units);
      csv_num(&o, b);
    }
    csv_sep(&o);
    csv_num(&o, kc_proposal_money(pr, r->total, 1, b));
    for (int k = 0; k < nk; k++) {
      csv_sep(&o);
      csv_num(&o, kc_proposal_money(pr, pr->money[i * nk + k], 1, b));
    }
    csv_sep(&o);
    kc_csv_text(fp, r->note);
    fputs(o.eol, fp);
  }
  fputs(o.eol, fp);
  kc_csv_text(fp, L("footer"));
  fputs(o.eol, fp);
  kc_proposal_footer_heads(pr, h);
  for (int k = 0; k < 8; k++) {
    kc_csv_text(fp, h[k]);
    if (k < 7)
      csv_sep(&o);
  }
  fputs(o.eol, fp);
  for (int s = 0; s < pr->nsrc; s++) {
    kc_csv_text(fp, kc_source_label(pr->m, s, lab, sizeof lab));
    for (int k = 1; k < 8; k++) {
      csv_sep(&o);
      csv_num(&o, footer_cell(pr, s, k, 1, b));
    }
    fputs(o.eol, fp);
  }
}

/* ---- Markdown ---- */

/* Text in a Markdown table cell: Markdown's own punctuation backslash-escaped, and <, > and & as
 * HTML entities, since Markdown passes raw HTML (<script>, <img onerror>) through to the page. */
static void md_text(FILE *fp, const char *s) {
  for (; s && *s; s++) {
    if (*s == '<')
      fputs("&lt;", fp);
    else if (*s == '>')
      fputs("&gt;", fp);
    else if (*s == '&')
      fputs("&amp;", fp);
    else if (strchr("|*_\\`[]#~!", *s))
      fprintf(fp, "\\%c", *s);
    else
      fputc(*s == '\n' || *s == '\r' ? ' ' : *s, fp);
  }
}

/* Text in a Markdown table cell wrapped in the emphasis mark (none when the text is empty). */
static void md_emph(FILE *fp, const char *s, const char *mark) {
  if (!*s)
    return;
  fputs(mark, fp);
  md_text(fp, s);
  fputs(mark, fp);
}

/* A row of a two-column Markdown table, each text in its emphasis. */
static void md_pair(FILE *fp, const char *a, const char *b, const char *mark_a, const char *mark_b) {
  fputs("| ", fp);
  md_emph(fp, a, mark_a);
  fputs(" | ", fp);
  md_emph(fp, b, mark_b);
  fputs(" |\n", fp);
}

void kc_proposal_md(FILE *fp, const kc_proposal *pr) {
  char lines[5][600], lab[64], b[48], h[8][80];
  int nk = pr->nsrc + 1;
  kc_proposal_heading(pr, lines);
  kc_prop_doc d;
  kc_proposal_document(pr, &d);
  for (int i = 0; i < 3; i++) { /* the agency and the national motto side by side */
    md_pair(fp, d.left[i], d.right[i], i == 1 ? "**" : "", i < 2 ? "**" : "*");
    if (i == 0)
      fputs("|:-:|:-:|\n", fp);
  }
  fputs("\n# ", fp);
  md_text(fp, lines[0]);
  fputs("\n\n**", fp);
  md_text(fp, lines[1]);
  fputs("**\n\n", fp);
  for (int i = 2; i < 5; i++) {
    md_text(fp, lines[i]);
    fputs(i < 4 ? "  \n" : "\n\n", fp);
  }
  fprintf(fp, "| %s | %s | %s |", L("stt"), L("content"), L("unit"));
  for (int j = 0; j < 2 * pr->nexec; j++) {
    kc_proposal_exec_head(pr, j / 2, j % 2, lab, sizeof lab);
    fprintf(fp, " %s |", lab);
  }
  fprintf(fp, " %s | %s |", L("qty"), L("total"));
  for (int s = 0; s < pr->nsrc; s++) {
    fputc(' ', fp);
    md_text(fp, kc_source_label(pr->m, s, lab, sizeof lab));
    fputs(" |", fp);
  }
  fprintf(fp, " %s | %s |\n|:--|:--|:--|", L("counterpart"), L("notes"));
  for (int j = 0; j < 2 * pr->nexec; j++)
    fputs("--:|", fp);
  fputs("--:|--:|", fp);
  for (int k = 0; k < nk; k++)
    fputs("--:|", fp);
  fputs(":--|\n", fp);
  for (int i = 0; i < pr->nrows; i++) {
    const kc_prop_row *r = &pr->rows[i];
    const char *em = is_bold(r) ? "**" : "";
    fprintf(fp, "| %s%s%s | %s", *r->stt ? em : "", r->stt, *r->stt ? em : "", em);
    md_text(fp, r->text);
    fprintf(fp, "%s | ", em);
    md_text(fp, r->unit);
    for (int j = 0; j < pr->nexec; j++) {
      fprintf(fp, " | %s",
              r->kind == KC_PROP_ITEM ? kc_fmt_num(pr->exec_units[i * pr->nexec + j], 3, pr->lang, b) : "");
      fprintf(fp, " | %s%s%s", em, kc_proposal_money(pr, pr->exec_total[i * pr->nexec + j], 0, b), em);
    }
    fprintf(fp, " | %s", r->kind == KC_PROP_ITEM ? kc_fmt_num(r->units, 3, pr->lang, b) : "");
    fprintf(fp, " | %s%s%s", em, kc_proposal_money(pr, r->total, 0, b), em);
    for (int k = 0; k < nk; k++)
      fprintf(fp, " | %s%s%s", em, kc_proposal_money(pr, pr->money[i * nk + k], 0, b), em);
    fputs(" | ", fp);
    md_text(fp, r->note);
    fputs(" |\n", fp);
  }
  fputs("\n## ", fp);
  md_text(fp, L("footer"));
  fputs("\n\n|", fp);
  kc_proposal_footer_heads(pr, h);
  for (int k = 0; k < 8; k++)
    fprintf(fp, " %s |", h[k]);
  fputs("\n|:--|", fp);
  for (int k = 1; k < 8; k++)
    fputs("--:|", fp);
  fputc('\n', fp);
  for (int s = 0; s < pr->nsrc; s++) {
    fputs("| ", fp);
    md_text(fp, kc_source_label(pr->m, s, lab, sizeof lab));
    for (int k = 1; k < 8; k++)
      fprintf(fp, " | %s", footer_cell(pr, s, k, 0, b));
    fputs(" |\n", fp);
  }
  fputs("\n", fp); /* the signature blocks side by side */
  md_pair(fp, d.sign_title[0], d.sign_title[1], "**", "**");
  fputs("|:-:|:-:|\n", fp);
  md_pair(fp, d.sign_hint[0], d.sign_hint[1], "*", "*");
  fputs("| <br><br><br> | <br><br><br> |\n", fp);
  if (d.sign_name[0][0] || d.sign_name[1][0])
    md_pair(fp, d.sign_name[0], d.sign_name[1], "**", "**");
}

/* ---- HTML ---- */

static const char html_style[] =
    "body{font-family:'Times New Roman',Times,serif;margin:24px;color:#111}"
    "h1{font-size:17px;text-align:center;margin:0 0 4px}"
    "p.sub{text-align:center;margin:2px 0;font-size:14px}"
    "p.meta{margin:2px 0;font-size:13px;font-style:italic;text-align:right}"
    "table{border-collapse:collapse;width:100%;margin:10px 0;font-size:13px}"
    "th,td{border:1px solid #444;padding:3px 6px;vertical-align:top}"
    "th{background:#eee;text-align:center}"
    "td.n{text-align:right;white-space:nowrap}td.c{text-align:center}td.x,th.x{background:#f8f8f2;color:#333}"
    "tr.g td{font-weight:bold;background:#f6f6f6}tr.t td{font-weight:bold;background:#e8e8e8}"
    "h2{font-size:15px;margin:14px 0 4px}.box{overflow-x:auto;max-width:100%}"
    ".doc,.sign{display:flex;flex-wrap:wrap;gap:8px 24px;margin:0 0 14px}.doc>div,.sign>div{flex:1 1 260px;"
    "text-align:center}.doc p,.sign p{margin:1px 0;font-size:14px}.b{font-weight:bold}.u{text-decoration:underline}"
    ".i{font-style:italic}.sign{margin-top:22px;break-inside:avoid}.sign .name{margin-top:64px}"
    "@media (max-width:620px){body{margin:12px}}"
    "@page{size:A4 landscape;margin:12mm}"
    "@media print{body{margin:0}.box{overflow:visible}"
    "th{background:#eee!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "thead{display:table-header-group}tr{page-break-inside:avoid}}";

void kc_proposal_html(FILE *fp, const kc_proposal *pr) {
  char lines[5][600], lab[64], b[48], h[8][80];
  int nk = pr->nsrc + 1;
  kc_proposal_heading(pr, lines);
  fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
          pr->lang == KC_LANG_VI ? "vi" : "en");
  kc_html_text(fp, lines[0]);
  fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n", html_style);
  kc_prop_doc d;
  kc_proposal_document(pr, &d);
  static const char *const left_class[] = {"", "b", ""}, *const right_class[] = {"b", "b u", "i"};
  fputs("<div class=\"doc\"><div>", fp);
  for (int i = 0; i < 3; i++) {
    fprintf(fp, "<p class=\"%s\">", left_class[i]);
    kc_html_text(fp, d.left[i]);
    fputs("</p>", fp);
  }
  fputs("</div><div>", fp);
  for (int i = 0; i < 3; i++) {
    fprintf(fp, "<p class=\"%s\">", right_class[i]);
    kc_html_text(fp, d.right[i]);
    fputs("</p>", fp);
  }
  fputs("</div></div>\n<h1>", fp);
  kc_html_text(fp, lines[0]);
  fputs("</h1>\n<p class=\"sub\"><b>", fp);
  kc_html_text(fp, lines[1]);
  fputs("</b></p>\n", fp);
  for (int i = 2; i < 5; i++) {
    fputs("<p class=\"meta\">", fp);
    kc_html_text(fp, lines[i]);
    fputs("</p>\n", fp);
  }
  fprintf(fp, "<div class=\"box\"><table class=\"proposal\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>", L("stt"),
          L("content"), L("unit"));
  for (int j = 0; j < 2 * pr->nexec; j++) {
    kc_proposal_exec_head(pr, j / 2, j % 2, lab, sizeof lab);
    fprintf(fp, "<th class=\"x\">%s</th>", lab);
  }
  fprintf(fp, "<th>%s</th><th>%s</th>", L("qty"), L("total"));
  for (int s = 0; s < pr->nsrc; s++) {
    fputs("<th>", fp);
    kc_html_text(fp, kc_source_label(pr->m, s, lab, sizeof lab));
    fputs("</th>", fp);
  }
  fprintf(fp, "<th>%s</th><th>%s</th></tr></thead>\n<tbody>\n", L("counterpart"), L("notes"));
  for (int i = 0; i < pr->nrows; i++) {
    const kc_prop_row *r = &pr->rows[i];
    fprintf(fp, "<tr class=\"%s\"><td class=\"c\">%s</td><td>",
            r->kind == KC_PROP_GROUP   ? "g"
            : r->kind == KC_PROP_TOTAL ? "t"
                                       : "i",
            r->stt);
    kc_html_text(fp, r->text);
    fputs("</td><td class=\"c\">", fp);
    kc_html_text(fp, r->unit);
    fputs("</td>", fp);
    for (int j = 0; j < pr->nexec; j++) {
      fprintf(fp, "<td class=\"n x\">%s</td>",
              r->kind == KC_PROP_ITEM ? kc_fmt_num(pr->exec_units[i * pr->nexec + j], 3, pr->lang, b) : "");
      fprintf(fp, "<td class=\"n x\">%s</td>", kc_proposal_money(pr, pr->exec_total[i * pr->nexec + j], 0, b));
    }
    fprintf(fp, "<td class=\"n\">%s</td>", r->kind == KC_PROP_ITEM ? kc_fmt_num(r->units, 3, pr->lang, b) : "");
    fprintf(fp, "<td class=\"n\">%s</td>", kc_proposal_money(pr, r->total, 0, b));
    for (int k = 0; k < nk; k++)
      fprintf(fp, "<td class=\"n\">%s</td>", kc_proposal_money(pr, pr->money[i * nk + k], 0, b));
    fputs("<td>", fp);
    kc_html_text(fp, r->note);
    fputs("</td></tr>\n", fp);
  }
  fputs("</tbody>\n</table></div>\n<h2>", fp);
  kc_html_text(fp, L("footer"));
  fputs("</h2>\n<div class=\"box\"><table class=\"footer\">\n<thead><tr>", fp);
  kc_proposal_footer_heads(pr, h);
  for (int k = 0; k < 8; k++)
    fprintf(fp, "<th>%s</th>", h[k]);
  fputs("</tr></thead>\n<tbody>\n", fp);
  for (int s = 0; s < pr->nsrc; s++) {
    fputs("<tr><td>", fp);
    kc_html_text(fp, kc_source_label(pr->m, s, lab, sizeof lab));
    fputs("</td>", fp);
    for (int k = 1; k < 8; k++)
      fprintf(fp, "<td class=\"n\">%s</td>", footer_cell(pr, s, k, 0, b));
    fputs("</tr>\n", fp);
  }
  fputs("</tbody>\n</table></div>\n<div class=\"sign\">", fp);
  for (int k = 0; k < 2; k++) {
    fputs("<div><p class=\"b\">", fp);
    kc_html_text(fp, d.sign_title[k]);
    fputs("</p><p class=\"i\">", fp);
    kc_html_text(fp, d.sign_hint[k]);
    fputs("</p><p class=\"b name\">", fp);
    kc_html_text(fp, d.sign_name[k]);
    fputs("</p></div>", fp);
  }
  fputs("</div>\n</body>\n</html>\n", fp);
}
