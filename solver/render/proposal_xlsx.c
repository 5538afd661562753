/* proposal_xlsx.c — the annual budget proposal as an Excel workbook (libxlsxwriter): values for the
 * items' quantities and unit prices, formulas for their money and for every subtotal, total and
 * footer figure (with their results cached, so viewers that do not recalculate show the same
 * numbers); rows as tall and columns as wide as their texts. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/fileio.h"
#include "core/i18n.h"
#include "core/model.h"
#include "core/kc_version.h"
#include "render/output.h"
#include "render/proposal.h"

#define L(key) kc_proposal_label(pr, key)

typedef struct {
  lxw_format *title, *sub, *meta, *head, *text, *center, *money, *units, *units_div, *pct;
  lxw_format *g_text, *g_center, *g_money, *t_text, *t_money, *bold;
  lxw_format *doc, *doc_b, *doc_bu, *doc_i; /* the document's blocks: plain, bold, underlined, italic */
  lxw_format *price;                        /* unit prices: to the thousandth even in whole millions */
} formats;

static lxw_format *fmt(lxw_workbook *wb, int bold, int border, int align, const char *num, int fill) {
  lxw_format *f = workbook_add_format(wb);
  format_set_font_name(f, "Times New Roman");
  format_set_font_size(f, 11);
  if (bold)
    format_set_bold(f);
  if (border)
    format_set_border(f, LXW_BORDER_THIN);
  if (align)
    format_set_align(f, (uint8_t)align);
  if (num)
    format_set_num_format(f, num);
  if (fill)
    format_set_bg_color(f, (lxw_color_t)fill);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

static void make_formats(lxw_workbook *wb, formats *F, bool whole) {
  const char *money = whole ? "#,##0" : "#,##0.000", *units = "#,##0", *div = "#,##0.000";
  F->title = fmt(wb, 1, 0, LXW_ALIGN_CENTER, NULL, 0);
  format_set_font_size(F->title, 14);
  F->sub = fmt(wb, 1, 0, LXW_ALIGN_CENTER, NULL, 0);
  F->meta = fmt(wb, 0, 0, LXW_ALIGN_LEFT, NULL, 0);
  format_set_italic(F->meta);
  F->head = fmt(wb, 1, 1, LXW_ALIGN_CENTER, NULL, 0xE8E8E8);
  format_set_text_wrap(F->head);
  F->text = fmt(wb, 0, 1, LXW_ALIGN_LEFT, NULL, 0);
  format_set_text_wrap(F->text);
  F->center = fmt(wb, 0, 1, LXW_ALIGN_CENTER, NULL, 0);
  F->money = fmt(wb, 0, 1, 0, money, 0);
  F->units = fmt(wb, 0, 1, 0, units, 0);
  F->units_div = fmt(wb, 0, 1, 0, div, 0);
  F->pct = fmt(wb, 0, 1, 0, "0.0%", 0);
  F->g_text = fmt(wb, 1, 1, LXW_ALIGN_LEFT, NULL, 0xF4F4F4);
  format_set_text_wrap(F->g_text);
  F->g_center = fmt(wb, 1, 1, LXW_ALIGN_CENTER, NULL, 0xF4F4F4);
  F->g_money = fmt(wb, 1, 1, 0, money, 0xF4F4F4);
  F->t_text = fmt(wb, 1, 1, LXW_ALIGN_LEFT, NULL, 0xE0E0E0);
  F->t_money = fmt(wb, 1, 1, 0, money, 0xE0E0E0);
  F->bold = fmt(wb, 1, 0, LXW_ALIGN_LEFT, NULL, 0);
  F->price = fmt(wb, 0, 1, 0, "#,##0.###", 0);
  F->doc = fmt(wb, 0, 0, LXW_ALIGN_CENTER, NULL, 0);
  F->doc_b = fmt(wb, 1, 0, LXW_ALIGN_CENTER, NULL, 0);
  F->doc_bu = fmt(wb, 1, 0, LXW_ALIGN_CENTER, NULL, 0);
  format_set_underline(F->doc_bu, LXW_UNDERLINE_SINGLE);
  F->doc_i = fmt(wb, 0, 0, LXW_ALIGN_CENTER, NULL, 0);
  format_set_italic(F->doc_i);
}

static void cell(char *buf, int row, int col) {
  lxw_rowcol_to_cell(buf, (lxw_row_t)row, (lxw_col_t)col);
}

/* Characters of UTF-8 text s (a combining mark counts as one, which errs on the wide side). */
static int text_chars(const char *s) {
  int n = 0;
  for (; s && *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* Lines text s takes when wrapped at spaces in a column `width` characters wide (a word longer than
 * a line is broken). Column widths count the digit 0 of the default font; Times New Roman letters
 * are about as wide, bold ones a tenth wider, so a line is taken to hold width - 1.5 characters
 * (width/1.1 - 1.5 bold): the estimate errs on the tall side. */
static int wrapped_lines(const char *s, double width, int bold) {
  double fit = (bold ? width / 1.1 : width) - 1.5;
  int per = fit < 1 ? 1 : (int)fit, lines = 1, used = 0;
  while (s && *s) {
    while (*s == ' ')
      s++;
    const char *w = s;
    while (*s && *s != ' ')
      s++;
    if (s == w)
      break;
    int n = 0;
    for (; w < s; w++)
      n += ((unsigned char)*w & 0xC0) != 0x80;
    if (used > 0 && used + 1 + n > per) {
      lines++;
      used = 0;
    }
    used += (used > 0) + n;
    while (used > per) { /* a word longer than the line */
      lines++;
      used -= per;
    }
  }
  return lines;
}

/* The width (in characters) of a column holding texts up to `longest` characters long. */
static double fit_width(int longest, double lo, double hi) {
  double w = longest + 2.0;
  return w < lo ? lo : w > hi ? hi : w;
}

#define LINE_PT 15.0 /* a line of 11-point text with its leading, generously */

/* A decimal without exponent or trailing zeros ("0.4"), for a formula. buf needs 48 bytes. */
static const char *formula_num(double v, char *buf) {
  snprintf(buf, 48, "%.12f", v);
  char *e = buf + strlen(buf) - 1;
  while (e > buf && *e == '0')
    *e-- = '\0';
  if (*e == '.')
    *e = '\0';
  return buf;
}

/* Layout of the columns: STT, content, unit, per closed year shown its executed units and money,
 * the year's quantity, unit price (đơn giá), total, the sources, the counterpart, the notes. */
typedef struct {
  int exec, qty, price, total, money, note, nk;
  double w_content, w_unit, w_note;
} columns;

#define W_NUM 14.0 /* money, and every column of the footer's figures */
#define W_QTY 10.0
#define FOOT_FIRST 2 /* the footer's figures start beside the source names (column 1) */

/* The width of column j in characters. */
static double col_width(const columns *C, int j) {
  double w = j == 0 ? 6 : j == 1 ? C->w_content : j == 2 ? C->w_unit : j == C->note ? C->w_note : W_NUM;
  if (j > 2 && j < C->price && (j - C->exec) % 2 == 0)
    w = W_QTY; /* quantities: the executed years' and the year's */
  if (j >= FOOT_FIRST && j < FOOT_FIRST + 7 && w < W_NUM)
    w = W_NUM;
  return w;
}

/* An item's money in the year, live in its quantity: the total is quantity x unit price (x the
 * first year's share of a multi-year disbursement) rounded to the thousandth as the plan rounds,
 * plus what earlier starts still pay (`rest`); each source keeps its share of the total, rounded
 * likewise, and the counterpart is the rest, so that a changed quantity updates them all and the
 * columns always add up. Unit price: one unit's full cost (state support over the support rate, per
 * unit of the activity that a proposal's unit delivers). At the planned quantity every figure is
 * the plan's. */
typedef struct {
  double price, share;
  long long first; /* thousandths: round(quantity x price x share) */
  long long rest;  /* thousandths: the total's remainder */
} item_formula;

static item_formula item_of(const kc_proposal *pr, const kc_prop_row *r) {
  const kc_activity *ac = &pr->m->act[r->activity];
  item_formula it = {.price = kc_unit_cost(pr->m, r->activity, pr->year) / ac->support_rate / kc_yield(ac),
                     .share = ac->ndisb > 0 ? ac->disb[0] : 1.0};
  it.first = llround((it.share != 1.0 ? r->units * it.price * it.share : r->units * it.price) * 1000.0);
  it.rest = r->total - it.first;
  return it;
}

/* Writes item row i's unit price, total and money columns; returns the first error. */
static lxw_error write_item_money(lxw_worksheet *ws, const kc_proposal *pr, int i, int row, const columns *C,
                                  const formats *F) {
  const kc_prop_row *r = &pr->rows[i];
  item_formula it = item_of(pr, r);
  char q[16], pc[16], t[16], f[512], b1[48], b2[48];
  cell(q, row, C->qty);
  cell(pc, row, C->price);
  cell(t, row, C->total);
  lxw_error e = worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)C->price, it.price, F->price);
  size_t n = (size_t)snprintf(f, sizeof f, "=ROUND(%s*%s", q, pc);
  if (it.share != 1.0)
    n += (size_t)snprintf(f + n, sizeof f - n, "*%s", formula_num(it.share, b1));
  n += (size_t)snprintf(f + n, sizeof f - n, ",3)");
  if (it.rest != 0)
    snprintf(f + n, sizeof f - n, "%s%s", it.rest > 0 ? "+" : "-", kc_fmt_milli(it.rest > 0 ? it.rest : -it.rest, b1));
  lxw_error e2 =
      worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)C->total, f, F->money, (double)r->total / 1000.0);
  e = e != LXW_NO_ERROR ? e : e2;
  int cp = C->nk - 1;
  for (int k = 0; k < C->nk; k++) {
    long long mk = pr->money[i * C->nk + k];
    lxw_col_t col = (lxw_col_t)(C->money + k);
    if (k == cp) { /* the counterpart: the total less the sources */
      n = (size_t)snprintf(f, sizeof f, "=%s", t);
      for (int s = 0; s < cp && n < sizeof f - 16; s++) {
        cell(b2, row, C->money + s);
        n += (size_t)snprintf(f + n, sizeof f - n, "-%s", b2);
      }
    } else if (mk == 0 || r->total == 0) {
      e2 = worksheet_write_number(ws, (lxw_row_t)row, col, (double)mk / 1000.0, F->money);
      e = e != LXW_NO_ERROR ? e : e2;
      continue;
    } else if (mk == r->total) {
      snprintf(f, sizeof f, "=%s", t);
    } else {
      snprintf(f, sizeof f, "=ROUND(%s*%s/%s,3)", t, kc_fmt_milli(mk, b1), kc_fmt_milli(r->total, b2));
    }
    e2 = worksheet_write_formula_num(ws, (lxw_row_t)row, col, f, F->money, (double)mk / 1000.0);
    e = e != LXW_NO_ERROR ? e : e2;
  }
  return e;
}

/* The formula of column col in row i, a group's (the sum of its items' rows, 0 when it has none) or
 * the grand total's (the sum of the group rows); the table's row r is sheet row first + r. */
static void sum_formula(const kc_proposal *pr, int i, int first, int col, char *f, size_t n) {
  const kc_prop_row *r = &pr->rows[i];
  char a[16], b[16];
  if (r->kind == KC_PROP_GROUP) {
    cell(a, first + r->first, col);
    cell(b, first + r->last, col);
    snprintf(f, n, r->last >= r->first ? "=SUM(%s:%s)" : "=0", a, b);
    return;
  }
  size_t used = (size_t)snprintf(f, n, "=0");
  for (int g = 0; g < i && used + 16 < n; g++)
    if (pr->rows[g].kind == KC_PROP_GROUP) {
      cell(a, first + g, col);
      used += (size_t)snprintf(f + used, n - used, "+%s", a);
    }
}

/* Column widths from the texts they hold, within readable bounds. */
static void size_columns(const kc_proposal *pr, columns *C) {
  int content = 0, unit = 0, note = 0;
  for (int i = 0; i < pr->nrows; i++) {
    const kc_prop_row *r = &pr->rows[i];
    int n = text_chars(r->text), u = text_chars(r->unit), t = text_chars(r->note);
    content = n > content ? n : content;
    unit = u > unit ? u : unit;
    note = t > note ? t : note;
  }
  C->w_content = fit_width(content, 24, 45);
  C->w_unit = fit_width(unit, 8, 14);
  C->w_note = fit_width(note, 14, 40);
}

/* Writes the table and footer into ws; returns the first libxlsxwriter error, or LXW_NO_ERROR. */
static lxw_error write_sheet(lxw_worksheet *ws, const kc_proposal *pr, const formats *F) {
  enum { TOP = 4, HEAD = TOP + 6 }; /* the document's blocks, then the heading, then the table */
  columns C = {.exec = 3, .nk = pr->nsrc + 1};
  C.qty = C.exec + 2 * pr->nexec;
  C.price = C.qty + 1;
  C.total = C.price + 1;
  C.money = C.total + 1;
  C.note = C.money + C.nk;
  size_columns(pr, &C);
  int last_col = C.note, nk = C.nk;
  char a[16], f[4096], lab[64];
  lxw_error e = LXW_NO_ERROR;
#define XLSX_TRY(call)                                                                                                 \
  do {                                                                                                                 \
    lxw_error e_ = (call);                                                                                             \
    if (e == LXW_NO_ERROR)                                                                                             \
      e = e_;                                                                                                          \
  } while (0)
  /* heading */
  /* the agency (over STT, content and unit) and the national motto (over the money) */
  kc_prop_doc d;
  kc_proposal_document(pr, &d);
  lxw_format *left_f[] = {F->doc, F->doc_b, F->doc}, *right_f[] = {F->doc_b, F->doc_bu, F->doc_i};
  for (int i = 0; i < 3; i++) {
    XLSX_TRY(worksheet_merge_range(ws, (lxw_row_t)i, 0, (lxw_row_t)i, 2, d.left[i], left_f[i]));
    XLSX_TRY(worksheet_merge_range(ws, (lxw_row_t)i, (lxw_col_t)C.price, (lxw_row_t)i, (lxw_col_t)last_col, d.right[i],
                                   right_f[i]));
  }
  char lines[5][600];
  kc_proposal_heading(pr, lines);
  XLSX_TRY(worksheet_merge_range(ws, TOP, 0, TOP, (lxw_col_t)last_col, lines[0], F->title));
  XLSX_TRY(worksheet_merge_range(ws, TOP + 1, 0, TOP + 1, (lxw_col_t)last_col, lines[1], F->sub));
  XLSX_TRY(worksheet_set_row(ws, TOP, 21, NULL)); /* the 14-point title */
  for (int i = 2; i < 5; i++)
    XLSX_TRY(worksheet_write_string(ws, (lxw_row_t)(TOP + i), 0, lines[i], F->meta));
  /* column headings, and the header row as tall as its longest wrapped heading */
  const char *fixed[] = {L("stt"), L("content"), L("unit"), L("qty"), L("price"), L("total")};
  const int fixed_col[] = {0, 1, 2, C.qty, C.price, C.total};
  int head_lines = 1;
  for (int i = 0; i < 6; i++) {
    XLSX_TRY(worksheet_write_string(ws, HEAD, (lxw_col_t)fixed_col[i], fixed[i], F->head));
    int n = wrapped_lines(fixed[i], col_width(&C, fixed_col[i]), 1);
    head_lines = n > head_lines ? n : head_lines;
  }
  for (int j = 0; j < 2 * pr->nexec; j++) {
    kc_proposal_exec_head(pr, j / 2, j % 2, lab, sizeof lab);
    XLSX_TRY(worksheet_write_string(ws, HEAD, (lxw_col_t)(C.exec + j), lab, F->head));
    int n = wrapped_lines(lab, col_width(&C, C.exec + j), 1);
    head_lines = n > head_lines ? n : head_lines;
  }
  for (int s = 0; s < pr->nsrc; s++)
    XLSX_TRY(worksheet_write_string(ws, HEAD, (lxw_col_t)(C.money + s), kc_source_label(pr->m, s, lab, sizeof lab),
                                    F->head));
  XLSX_TRY(worksheet_write_string(ws, HEAD, (lxw_col_t)(C.money + pr->nsrc), L("counterpart"), F->head));
  XLSX_TRY(worksheet_write_string(ws, HEAD, (lxw_col_t)C.note, L("notes"), F->head));
  XLSX_TRY(worksheet_set_row(ws, HEAD, head_lines * LINE_PT + 2, NULL));
  /* rows: items' money is live in their quantity; group rows sum their items; the total sums the
   * group rows */
  int total_row = HEAD + pr->nrows;
  for (int i = 0; i < pr->nrows; i++) {
    const kc_prop_row *r = &pr->rows[i];
    int row = HEAD + 1 + i;
    int item = r->kind == KC_PROP_ITEM, group = r->kind == KC_PROP_GROUP;
    lxw_format *ft = item    ? F->text
                     : group ? F->g_text
                             : F->t_text,
               *fm = item    ? F->money
                     : group ? F->g_money
                             : F->t_money;
    lxw_format *fc = item ? F->center : group ? F->g_center : F->t_text;
    XLSX_TRY(worksheet_write_string(ws, (lxw_row_t)row, 0, r->stt, fc));
    XLSX_TRY(worksheet_write_string(ws, (lxw_row_t)row, 1, r->text, ft));
    XLSX_TRY(worksheet_write_string(ws, (lxw_row_t)row, 2, r->unit, fc));
    lxw_format *fu = item && pr->m->act[r->activity].divisible ? F->units_div : F->units;
    for (int j = 0; j < pr->nexec; j++) {
      lxw_col_t col = (lxw_col_t)(C.exec + 2 * j);
      XLSX_TRY(item ? worksheet_write_number(ws, (lxw_row_t)row, col, pr->exec_units[i * pr->nexec + j], fu)
                    : worksheet_write_blank(ws, (lxw_row_t)row, col, fc));
    }
    XLSX_TRY(item ? worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)C.qty, r->units, fu)
                  : worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)C.qty, fc));
    /* the executed years' cost (values: they are what was spent) */
    for (int j = 0; j < pr->nexec; j++) {
      int col = C.exec + 2 * j + 1;
      double v = (double)pr->exec_total[i * pr->nexec + j] / 1000.0;
      if (item) {
        XLSX_TRY(worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, fm));
      } else {
        sum_formula(pr, i, HEAD + 1, col, f, sizeof f);
        XLSX_TRY(worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)col, f, fm, v));
      }
    }
    if (item) {
      XLSX_TRY(write_item_money(ws, pr, i, row, &C, F));
    } else {
      XLSX_TRY(worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)C.price, fc));
      for (int k = -1; k < nk; k++) { /* the total, the sources and the counterpart */
        int col = C.money + k;
        double v = (double)(k < 0 ? r->total : pr->money[i * nk + k]) / 1000.0;
        sum_formula(pr, i, HEAD + 1, col, f, sizeof f);
        XLSX_TRY(worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)col, f, fm, v));
      }
    }
    XLSX_TRY(worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)C.note, r->note, ft));
    /* as tall as its longest wrapped text */
    int n = wrapped_lines(r->text, col_width(&C, 1), !item), nn = wrapped_lines(r->note, col_width(&C, C.note), !item),
        nu = wrapped_lines(r->unit, col_width(&C, 2), !item);
    n = nn > n ? nn : n;
    n = nu > n ? nu : n;
    XLSX_TRY(worksheet_set_row(ws, (lxw_row_t)row, n * LINE_PT + 2, NULL));
  }
  /* footer: the year's totals against the ceilings, linked to the total row: the source names
   * under the content, their figures in the columns beside them */
  int fr = total_row + 2, fc = FOOT_FIRST;
  XLSX_TRY(worksheet_write_string(ws, (lxw_row_t)fr, 0, L("footer"), F->bold));
  char heads[8][80];
  kc_proposal_footer_heads(pr, heads);
  int foot_lines = 1;
  for (int k = 0; k < 8; k++) {
    int col = k == 0 ? 1 : fc + k - 1;
    XLSX_TRY(worksheet_write_string(ws, (lxw_row_t)(fr + 1), (lxw_col_t)col, heads[k], F->head));
    int n = wrapped_lines(heads[k], col_width(&C, col), 1);
    foot_lines = n > foot_lines ? n : foot_lines;
  }
  XLSX_TRY(worksheet_set_row(ws, (lxw_row_t)(fr + 1), foot_lines * LINE_PT + 2, NULL));
  for (int s = 0; s < pr->nsrc; s++) {
    const kc_prop_source *fs = &pr->src[s];
    lxw_row_t row = (lxw_row_t)(fr + 2 + s);
    double prop = (double)fs->proposed / 1000.0, cum = (double)(fs->before + fs->proposed) / 1000.0;
    char pc[16], av[16], cu[16], ce[16];
    XLSX_TRY(worksheet_write_string(ws, row, 1, kc_source_label(pr->m, s, lab, sizeof lab), F->text));
    cell(a, total_row, C.money + s);
    snprintf(f, sizeof f, "=%s", a);
    XLSX_TRY(worksheet_write_formula_num(ws, row, (lxw_col_t)fc, f, F->money, prop));
    cell(pc, (int)row, fc);
    double vals[] = {fs->annual, fs->available};
    for (int k = 0; k < 2; k++)
      XLSX_TRY(isnan(vals[k]) ? worksheet_write_string(ws, row, (lxw_col_t)(fc + 1 + k), L("none"), F->center)
                              : worksheet_write_number(ws, row, (lxw_col_t)(fc + 1 + k), vals[k], F->money));
    cell(av, (int)row, fc + 2);
    if (!isnan(fs->available) && fs->available > 0) {
      snprintf(f, sizeof f, "=%s/%s", pc, av);
      XLSX_TRY(worksheet_write_formula_num(ws, row, (lxw_col_t)(fc + 3), f, F->pct, prop / fs->available));
    } else {
      XLSX_TRY(worksheet_write_blank(ws, row, (lxw_col_t)(fc + 3), F->pct));
    }
    XLSX_TRY(isnan(fs->ceiling) ? worksheet_write_string(ws, row, (lxw_col_t)(fc + 4), L("none"), F->center)
                                : worksheet_write_number(ws, row, (lxw_col_t)(fc + 4), fs->ceiling, F->money));
    cell(ce, (int)row, fc + 4);
    snprintf(f, sizeof f, "=%.3f+%s", (double)fs->before / 1000.0, pc);
    XLSX_TRY(worksheet_write_formula_num(ws, row, (lxw_col_t)(fc + 5), f, F->money, cum));
    cell(cu, (int)row, fc + 5);
    if (isnan(fs->ceiling)) {
      XLSX_TRY(worksheet_write_string(ws, row, (lxw_col_t)(fc + 6), L("none"), F->center));
    } else {
      snprintf(f, sizeof f, "=%s-%s", ce, cu);
      XLSX_TRY(worksheet_write_formula_num(ws, row, (lxw_col_t)(fc + 6), f, F->money, fs->ceiling - cum));
    }
  }
  /* the signature blocks under the footer: who prepared it (left), the head of the agency (right) */
  int sr = fr + 3 + pr->nsrc;
  for (int k = 0; k < 2; k++) {
    lxw_col_t c0 = k ? (lxw_col_t)C.price : 0, c1 = k ? (lxw_col_t)last_col : 2;
    XLSX_TRY(worksheet_merge_range(ws, (lxw_row_t)sr, c0, (lxw_row_t)sr, c1, d.sign_title[k], F->doc_b));
    XLSX_TRY(worksheet_merge_range(ws, (lxw_row_t)(sr + 1), c0, (lxw_row_t)(sr + 1), c1, d.sign_hint[k], F->doc_i));
    XLSX_TRY(worksheet_merge_range(ws, (lxw_row_t)(sr + 5), c0, (lxw_row_t)(sr + 5), c1, d.sign_name[k], F->doc_b));
  }
  for (int j = 0; j <= C.note || j < fc + 7; j++)
    XLSX_TRY(worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, col_width(&C, j), NULL));
  /* printing */
  worksheet_freeze_panes(ws, HEAD + 1, 0);
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
  worksheet_fit_to_pages(ws, 1, 0);
  XLSX_TRY(worksheet_repeat_rows(ws, HEAD, HEAD));
  XLSX_TRY(worksheet_set_footer(ws, "&C&P / &N"));
#undef XLSX_TRY
  return e;
}

/* libxlsxwriter reports its errors on stderr itself ("[ERROR] workbook_close(): ..."); the library
 * never prints, so its standard error goes to /dev/null while it works and kcplan says what failed
 * in its own words. Returns the saved descriptor for quiet_end (-1 when nothing was redirected). */
static int quiet_begin(void) {
  fflush(stderr);
  int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved >= 0 && null >= 0 && dup2(null, STDERR_FILENO) >= 0) {
    close(null);
    return saved;
  }
  if (null >= 0)
    close(null);
  if (saved >= 0)
    close(saved);
  return -1;
}

static void quiet_end(int saved) {
  if (saved < 0)
    return;
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
}

static kc_rc write_workbook(const char *path, const char *file, const kc_proposal *pr, kc_error *err) {
  lxw_workbook *wb = workbook_new(file);
  lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, pr->lang == KC_LANG_VI ? "Dự toán" : "Proposal") : NULL;
  if (!wb || !ws) {
    if (wb)
      workbook_close(wb);
    return kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "cannot create the workbook (out of memory)");
  }
  char title[128];
  snprintf(title, sizeof title, "%s %d", L("title"), pr->year);
  lxw_doc_properties props = {.title = title, .subject = pr->m->name, .comments = "kcplan " KC_VERSION};
  workbook_set_properties(wb, &props);
  formats F;
  make_formats(wb, &F, pr->whole);
  lxw_error e = write_sheet(ws, pr, &F);
  errno = 0;
  lxw_error ec = workbook_close(wb);
  int sys = errno;
  if (e == LXW_NO_ERROR)
    e = ec;
  if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
    return kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "cannot write the workbook: out of memory");
  if (e != LXW_NO_ERROR && sys)
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0,
                   sys == ENOSPC || sys == EFBIG || sys == EDQUOT ? N_("cannot write: %s (is the disk full?)")
                                                                  : N_("cannot write: %s"),
                   strerror(sys));
  if (e != LXW_NO_ERROR)
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(e));
  return KC_OK;
}

kc_rc kc_proposal_xlsx(const char *path, const kc_proposal *pr, kc_error *err) {
  kc_atomic out;
  kc_rc rc = kc_atomic_open_private(&out, path, 1, err);
  if (rc != KC_OK)
    return rc;
  /* libxlsxwriter reopens the temporary file by name (same inode, in a folder only we can enter),
   * which commit then syncs and renames into place. */
  int saved = quiet_begin();
  rc = write_workbook(path, out.tmp, pr, err);
  quiet_end(saved);
  if (rc != KC_OK) {
    kc_atomic_abort(&out);
    return rc;
  }
  return kc_atomic_commit(&out, err);
}
