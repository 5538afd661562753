/* proposal_xlsx.c — the annual budget proposal as an Excel workbook (libxlsxwriter): values for the
 * items, formulas for every subtotal, total and footer figure (with their results cached, so viewers
 * that do not recalculate show the same numbers). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/fileio.h"
#include "core/kc_version.h"
#include "render/output.h"
#include "render/proposal.h"

#define L(key) kc_proposal_label(pr, key)

typedef struct {
  lxw_format *title, *sub, *meta, *head, *text, *center, *money, *units, *units_div, *pct;
  lxw_format *g_text, *g_center, *g_money, *t_text, *t_money, *bold;
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

static void make_formats(lxw_workbook *wb, formats *F) {
  const char *money = "#,##0.000", *units = "#,##0", *div = "#,##0.000";
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
}

static void cell(char *buf, int row, int col) {
  lxw_rowcol_to_cell(buf, (lxw_row_t)row, (lxw_col_t)col);
}

/* Writes the table and footer into ws; returns the first libxlsxwriter error, or LXW_NO_ERROR. */
static lxw_error write_sheet(lxw_worksheet *ws, const kc_proposal *pr, const formats *F) {
  enum { HEAD = 6 };
  /* STT, content, unit, then per closed year shown its executed units and money, then the year's */
  int nk = pr->nsrc + 1, c_exec = 3, c_qty = c_exec + 2 * pr->nexec, c_total = c_qty + 1, c_money = c_total + 1,
      c_note = c_money + nk, last_col = c_note;
  char a[16], b[16], f[4096], lab[64];
  lxw_error e = LXW_NO_ERROR;
#define XLSX_TRY(call)                                                                                                 \
  do {                                                                                                                 \
    lxw_error e_ = (call);                                                                                             \
    if (e == LXW_NO_ERROR)                                                                                             \
      e = e_;                                                                                                          \
  } while (0)
  /* heading */
  char lines[5][600];
  kc_proposal_heading(pr, lines);
  XLSX_TRY(worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)last_col, lines[0], F->title));
  XLSX_TRY(worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)last_col, lines[1], F->sub));
  for (int i = 2; i < 5; i++)
    XLSX_TRY(worksheet_write_string(ws, (lxw_row_t)i, 0, lines[i], F->meta));
  /* column headings */
  const char *fixed[] = {L("stt"), L("content"), L("unit"), L("qty"), L("total")};
  for (int i = 0; i < 5; i++)
    XLSX_TRY(worksheet_write_string(ws, HEAD, (lxw_col_t)(i < 3 ? i : c_qty + i - 3), fixed[i], F->head));
  for (int j = 0; j < 2 * pr->nexec; j++) {
    kc_proposal_exec_head(pr, j / 2, j % 2, lab, sizeof lab);
    XLSX_TRY(worksheet_write_string(ws, HEAD, (lxw_col_t)(c_exec + j), lab, F->head));
  }
  for (int s = 0; s < pr->nsrc; s++)
    XLSX_TRY(worksheet_write_string(ws, HEAD, (lxw_col_t)(c_money + s), kc_source_label(pr->m, s, lab, sizeof lab),
                                    F->head));
  XLSX_TRY(worksheet_write_string(ws, HEAD, (lxw_col_t)(c_money + pr->nsrc), L("counterpart"), F->head));
  XLSX_TRY(worksheet_write_string(ws, HEAD, (lxw_col_t)c_note, L("notes"), F->head));
  /* rows: items hold values; group rows sum their items; the total sums the group rows */
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
      lxw_col_t col = (lxw_col_t)(c_exec + 2 * j);
      XLSX_TRY(item ? worksheet_write_number(ws, (lxw_row_t)row, col, pr->exec_units[i * pr->nexec + j], fu)
                    : worksheet_write_blank(ws, (lxw_row_t)row, col, fc));
    }
    XLSX_TRY(item ? worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)c_qty, r->units, fu)
                  : worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)c_qty, fc));
    /* money columns: the executed years' cost, then the year's sources and counterpart */
    for (int k = -pr->nexec; k < nk; k++) {
      int col = k < 0 ? c_exec + 2 * (k + pr->nexec) + 1 : c_money + k;
      double v = (double)(k < 0 ? pr->exec_total[i * pr->nexec + k + pr->nexec] : pr->money[i * nk + k]) / 1000.0;
      if (item) {
        XLSX_TRY(worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, fm));
      } else if (group) {
        cell(a, HEAD + 1 + r->first, col);
        cell(b, HEAD + 1 + r->last, col);
        snprintf(f, sizeof f, "=SUM(%s:%s)", a, b);
        XLSX_TRY(worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)col, f, fm, v));
      } else {
        size_t n = (size_t)snprintf(f, sizeof f, "=0");
        for (int j = 0; j < i && n < sizeof f - 16; j++)
          if (pr->rows[j].kind == KC_PROP_GROUP) {
            cell(a, HEAD + 1 + j, col);
            n += (size_t)snprintf(f + n, sizeof f - n, "+%s", a);
          }
        XLSX_TRY(worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)col, f, fm, v));
      }
    }
    cell(a, row, c_money);
    cell(b, row, c_money + nk - 1);
    snprintf(f, sizeof f, "=SUM(%s:%s)", a, b);
    XLSX_TRY(worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)c_total, f, fm, (double)r->total / 1000.0));
    XLSX_TRY(worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c_note, r->note, ft));
  }
  /* footer: the year's totals against the ceilings, linked to the total row, under the year's money */
  int fr = total_row + 2;
  XLSX_TRY(worksheet_write_string(ws, (lxw_row_t)fr, 0, L("footer"), F->bold));
  char heads[8][80];
  kc_proposal_footer_heads(pr, heads);
  for (int k = 0; k < 8; k++)
    XLSX_TRY(
        worksheet_write_string(ws, (lxw_row_t)(fr + 1), (lxw_col_t)(k == 0 ? 1 : c_total + k - 1), heads[k], F->head));
  for (int s = 0; s < pr->nsrc; s++) {
    const kc_prop_source *fs = &pr->src[s];
    lxw_row_t row = (lxw_row_t)(fr + 2 + s);
    double prop = (double)fs->proposed / 1000.0, cum = (double)(fs->before + fs->proposed) / 1000.0;
    char pc[16], av[16], cu[16], ce[16];
    XLSX_TRY(worksheet_write_string(ws, row, 1, kc_source_label(pr->m, s, lab, sizeof lab), F->text));
    cell(a, total_row, c_money + s);
    snprintf(f, sizeof f, "=%s", a);
    XLSX_TRY(worksheet_write_formula_num(ws, row, (lxw_col_t)(c_total), f, F->money, prop));
    cell(pc, (int)row, c_total);
    double vals[] = {fs->annual, fs->available};
    for (int k = 0; k < 2; k++)
      XLSX_TRY(isnan(vals[k]) ? worksheet_write_string(ws, row, (lxw_col_t)(c_total + 1 + k), L("none"), F->center)
                              : worksheet_write_number(ws, row, (lxw_col_t)(c_total + 1 + k), vals[k], F->money));
    cell(av, (int)row, c_total + 2);
    if (!isnan(fs->available) && fs->available > 0) {
      snprintf(f, sizeof f, "=%s/%s", pc, av);
      XLSX_TRY(worksheet_write_formula_num(ws, row, (lxw_col_t)(c_total + 3), f, F->pct, prop / fs->available));
    } else {
      XLSX_TRY(worksheet_write_blank(ws, row, (lxw_col_t)(c_total + 3), F->pct));
    }
    XLSX_TRY(isnan(fs->ceiling) ? worksheet_write_string(ws, row, (lxw_col_t)(c_total + 4), L("none"), F->center)
                                : worksheet_write_number(ws, row, (lxw_col_t)(c_total + 4), fs->ceiling, F->money));
    cell(ce, (int)row, c_total + 4);
    snprintf(f, sizeof f, "=%.3f+%s", (double)fs->before / 1000.0, pc);
    XLSX_TRY(worksheet_write_formula_num(ws, row, (lxw_col_t)(c_total + 5), f, F->money, cum));
    cell(cu, (int)row, c_total + 5);
    if (isnan(fs->ceiling)) {
      XLSX_TRY(worksheet_write_string(ws, row, (lxw_col_t)(c_total + 6), L("none"), F->center));
    } else {
      snprintf(f, sizeof f, "=%s-%s", ce, cu);
      XLSX_TRY(worksheet_write_formula_num(ws, row, (lxw_col_t)(c_total + 6), f, F->money, fs->ceiling - cum));
    }
  }
  /* layout and printing */
  XLSX_TRY(worksheet_set_column(ws, 0, 0, 6, NULL));
  XLSX_TRY(worksheet_set_column(ws, 1, 1, 38, NULL));
  XLSX_TRY(worksheet_set_column(ws, 2, 2, 12, NULL));
  XLSX_TRY(worksheet_set_column(ws, 3, (lxw_col_t)c_qty, 10, NULL));
  for (int j = 0; j < pr->nexec; j++)
    XLSX_TRY(worksheet_set_column(ws, (lxw_col_t)(c_exec + 2 * j + 1), (lxw_col_t)(c_exec + 2 * j + 1), 15, NULL));
  XLSX_TRY(worksheet_set_column(ws, (lxw_col_t)c_total, (lxw_col_t)(c_note - 1), 15, NULL));
  XLSX_TRY(worksheet_set_column(ws, (lxw_col_t)c_note, (lxw_col_t)c_note, 40, NULL));
  XLSX_TRY(worksheet_set_row(ws, HEAD, pr->nexec ? 48 : 30, NULL));
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
  make_formats(wb, &F);
  lxw_error e = write_sheet(ws, pr, &F);
  errno = 0;
  lxw_error ec = workbook_close(wb);
  int sys = errno;
  if (e == LXW_NO_ERROR)
    e = ec;
  if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
    return kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "cannot write the workbook: out of memory");
  if (e != LXW_NO_ERROR && sys)
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "cannot write: %s%s", strerror(sys),
                   sys == ENOSPC || sys == EFBIG || sys == EDQUOT ? " (is the disk full?)" : "");
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
