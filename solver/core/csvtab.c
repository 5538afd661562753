/* csvtab.c — libcsv to a table of cells with line numbers, and typed cell readers. */
#define _POSIX_C_SOURCE 200809L
#include "core/csvtab.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/utf8.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  kc_csv *t;
  kc_error *err;
  kc_rc rc;
  int cur_line;  /* physical line being fed to libcsv */
  int row_line;  /* line where the current row's first field ended */
  int next_line; /* line after the last complete row: where an unclosed quote was opened */
  char **fields; /* current row */
  int nf, capf;
  size_t ncells, capcells;
  int caprows;
  int header_done;
} parse_state;

static void set_err(parse_state *st, kc_rc rc, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void set_err(parse_state *st, kc_rc rc, int line, int col, const char *fmt, ...) {
  if (st->rc != KC_OK)
    return;
  char msg[sizeof st->err->msg], en[sizeof st->err->en];
  va_list ap;
  va_start(ap, fmt);
  kc_vsay(msg, en, sizeof msg, fmt, ap);
  va_end(ap);
  st->rc = kc_fail_text(st->err, rc, st->t->path, line, col, msg, en);
}

static void on_field(void *s, size_t len, void *data) {
  parse_state *st = data;
  if (st->rc != KC_OK)
    return;
  if (st->nf == 0)
    st->row_line = st->cur_line;
  if (st->nf == st->capf) {
    int nc = st->capf ? 2 * st->capf : 16;
    char **nf = realloc(st->fields, (size_t)nc * sizeof *nf);
    if (!nf)
      return set_err(st, KC_ERR_INTERNAL, st->cur_line, 0, "out of memory");
    st->fields = nf;
    st->capf = nc;
  }
  char *v = NULL;
  if (s && len > 0) {
    v = malloc(len + 1);
    if (!v)
      return set_err(st, KC_ERR_INTERNAL, st->cur_line, 0, "out of memory");
    memcpy(v, s, len);
    v[len] = '\0';
  }
  st->fields[st->nf++] = v;
}

static void drop_fields(parse_state *st) {
  for (int i = 0; i < st->nf; i++)
    free(st->fields[i]);
  st->nf = 0;
}

static const char *const *sort_names; /* for cmp_col; one parse at a time holds sort_lock */
static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;

static int cmp_col(const void *pa, const void *pb) {
  int a = *(const int *)pa, b = *(const int *)pb, c = strcmp(sort_names[a], sort_names[b]);
  return c ? c : (a > b) - (a < b);
}

/* The first column (in header order) whose name an earlier column has, -1 when none, -2 when out of
 * memory. Notes (names starting with _) may repeat: they are kept as notes, not read. Sorted, not
 * compared pairwise: a header of 100,000 note columns stays linear-time in practice. */
static int first_duplicate(char *const *names, int n) {
  int *idx = malloc((size_t)(n > 0 ? n : 1) * sizeof *idx), k = 0, dup = -1;
  if (!idx)
    return -2;
  for (int i = 0; i < n; i++)
    if (names[i][0] != '_')
      idx[k++] = i;
  pthread_mutex_lock(&sort_lock);
  sort_names = (const char *const *)names;
  qsort(idx, (size_t)k, sizeof *idx, cmp_col);
  pthread_mutex_unlock(&sort_lock);
  for (int i = 1; i < k; i++)
    if (strcmp(names[idx[i]], names[idx[i - 1]]) == 0 && (dup < 0 || idx[i] < dup) &&
        (i < 2 || strcmp(names[idx[i - 1]], names[idx[i - 2]]) != 0))
      dup = idx[i];
  free(idx);
  return dup;
}

static void on_row(int c, void *data) {
  (void)c;
  parse_state *st = data;
  kc_csv *t = st->t;
  st->next_line = st->cur_line + 1;
  if (st->rc != KC_OK)
    return drop_fields(st);
  if (!st->header_done) {
    st->header_done = 1;
    t->ncols = st->nf;
    t->header = st->fields;
    st->fields = NULL;
    st->capf = st->nf = 0;
    for (int i = 0; i < t->ncols; i++)
      if (!t->header[i])
        return set_err(st, KC_ERR_INPUT, st->row_line, i + 1, "the header has an empty column name");
    int dup = first_duplicate(t->header, t->ncols);
    if (dup == -2)
      return set_err(st, KC_ERR_INTERNAL, st->row_line, 0, "out of memory");
    if (dup >= 0) {
      return set_err(st, KC_ERR_INPUT, st->row_line, dup + 1, "column \"%.200s\" appears twice in the header",
                     t->header[dup]);
    }
    return;
  }
  if (st->nf != t->ncols) {
    int nf = st->nf;
    drop_fields(st);
    return set_err(st, KC_ERR_INPUT, st->row_line, 0,
                   nf == 1 ? N_("this row has %d field but the header has %d")
                           : N_("this row has %d fields but the header has %d"),
                   nf, t->ncols);
  }
  if (t->nrows == st->caprows) {
    int nr = st->caprows ? 2 * st->caprows : 64;
    int *nl = realloc(t->line, (size_t)nr * sizeof *nl);
    if (!nl) {
      drop_fields(st);
      return set_err(st, KC_ERR_INTERNAL, st->row_line, 0, "out of memory");
    }
    t->line = nl;
    st->caprows = nr;
  }
  if (st->ncells + (size_t)st->nf > st->capcells) {
    size_t nc = st->capcells ? 2 * st->capcells : 256;
    while (nc < st->ncells + (size_t)st->nf)
      nc *= 2;
    char **ncell = realloc(t->cell, nc * sizeof *ncell);
    if (!ncell) {
      drop_fields(st);
      return set_err(st, KC_ERR_INTERNAL, st->row_line, 0, "out of memory");
    }
    t->cell = ncell;
    st->capcells = nc;
  }
  memcpy(t->cell + st->ncells, st->fields, (size_t)st->nf * sizeof *st->fields);
  st->ncells += (size_t)st->nf;
  st->nf = 0;
  t->line[t->nrows++] = st->row_line;
}

/* Checks that data is UTF-8 without NUL bytes or control characters (tab, CR and LF aside); reports
 * line and byte column of the first bad byte. */
static kc_rc check_text(const char *path, const unsigned char *p, size_t len, kc_error *err) {
  size_t at = 0;
  kc_utf8_status st = kc_utf8_check((const char *)p, len, &at);
  if (st == KC_UTF8_OK)
    return KC_OK;
  int line = 1;
  size_t col0 = 0;
  for (size_t i = 0; i < at; i++)
    if (p[i] == '\n') {
      line++;
      col0 = i + 1;
    }
  int col = (int)(at - col0 + 1);
  if (st == KC_UTF8_NUL)
    return kc_fail(err, KC_ERR_INPUT, path, line, col, "a NUL byte: this is a binary file, not a UTF-8 CSV text");
  if (st == KC_UTF8_CONTROL)
    return kc_fail(err, KC_ERR_INPUT, path, line, col,
                   "a control character (an escape code or the like): the file must be plain text");
  return kc_fail(err, KC_ERR_INPUT, path, line, col, "not valid UTF-8 (save the file as UTF-8 text)");
}

kc_rc kc_csv_parse(const char *path, const char *data, size_t len, kc_csv *t, kc_error *err) {
  memset(t, 0, sizeof *t);
  t->path = strdup(path);
  if (!t->path)
    return kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  kc_rc rc = check_text(path, (const unsigned char *)data, len, err);
  if (rc != KC_OK) {
    kc_csv_free(t);
    return rc;
  }
  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) {
    kc_csv_free(t);
    return kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
  }
  parse_state st = {.t = t, .err = err, .rc = KC_OK, .cur_line = 1, .next_line = 1};
  size_t pos = 0;
  while (pos < len && st.rc == KC_OK) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
    if (csv_parse(&p, data + pos, n, on_field, on_row, &st) != n) {
      set_err(&st, KC_ERR_INPUT, st.cur_line, 0,
              csv_error(&p) == CSV_EPARSE ? N_("broken quoting: a quote inside an unquoted field, or text after a "
                                               "closing quote (double a quote inside a quoted field: \"\")")
                                          : N_("cannot parse this line"));
    }
    pos += n;
    if (nl)
      st.cur_line++;
  }
  if (st.rc == KC_OK && csv_fini(&p, on_field, on_row, &st) != 0)
    set_err(&st, KC_ERR_INPUT, st.next_line, 0, "a quoted field is never closed (missing \")");
  csv_free(&p);
  drop_fields(&st);
  free(st.fields);
  if (st.rc == KC_OK && !st.header_done)
    set_err(&st, KC_ERR_INPUT, 1, 0, "the file is empty: a header row naming the columns is needed");
  if (st.rc != KC_OK) {
    kc_csv_free(t);
    return st.rc;
  }
  return KC_OK;
}

void kc_csv_free(kc_csv *t) {
  if (!t)
    return;
  for (int i = 0; i < t->ncols; i++)
    free(t->header ? t->header[i] : NULL);
  if (t->cell)
    for (size_t i = 0; i < (size_t)t->nrows * (size_t)t->ncols; i++)
      free(t->cell[i]);
  free(t->header);
  free(t->cell);
  free(t->line);
  free(t->path);
  memset(t, 0, sizeof *t);
}

static int in_list(const char *s, const char *const *list) {
  for (; *list; list++)
    if (strcmp(s, *list) == 0)
      return 1;
  return 0;
}

kc_rc kc_csv_columns(const kc_csv *t, const char *const *known, const char *const *required, kc_error *err) {
  for (int c = 0; c < t->ncols; c++) {
    const char *h = t->header[c];
    if (h[0] == '_' || in_list(h, known))
      continue;
    char expect[600] = "";
    for (const char *const *k = known; *k; k++) {
      strncat(expect, *k, sizeof expect - strlen(expect) - 3);
      if (k[1])
        strncat(expect, ", ", sizeof expect - strlen(expect) - 1);
    }
    const char *hint = (strchr(h, ';') || strchr(h, '\t')) ? _(" (the separator must be a comma, not ';' or a tab)")
                                                           : _(" (columns starting with _ are kept as notes)");
    const char *near = kc_closest(h, known, -1);
    char mean[300] = "";
    if (near)
      snprintf(mean, sizeof mean, _("; did you mean \"%s\"?"), near);
    return kc_fail(err, KC_ERR_INPUT, t->path, 1, c + 1, "unknown column \"%.200s\"%s%s; expected: %s", h, mean, hint,
                   expect);
  }
  for (; *required; required++)
    if (kc_csv_col(t, *required) < 0)
      return kc_fail(err, KC_ERR_INPUT, t->path, 1, 0, "the required column \"%s\" is missing", *required);
  return KC_OK;
}

int kc_csv_col(const kc_csv *t, const char *name) {
  for (int c = 0; c < t->ncols; c++)
    if (strcmp(t->header[c], name) == 0)
      return c;
  return -1;
}

const char *kc_csv_cell(const kc_csv *t, int r, int c) {
  if (c < 0 || c >= t->ncols || r < 0 || r >= t->nrows)
    return NULL;
  return t->cell[(size_t)r * (size_t)t->ncols + (size_t)c];
}

int kc_parse_number(const char *s, double *out) {
  while (*s == ' ' || *s == '\t')
    s++;
  if (!*s || !(isdigit((unsigned char)*s) || *s == '-' || *s == '+' || *s == '.'))
    return 0;
  if (strpbrk(s, "xXpP"))
    return 0; /* no hexadecimal floats */
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || errno == ERANGE || !isfinite(v))
    return 0;
  while (*end == ' ' || *end == '\t')
    end++;
  if (*end)
    return 0;
  *out = v;
  return 1;
}

const char *const kc_amount_keys[] = {"ceiling", "unit_cost", "min_per_year", "max_per_year", "target", NULL};
const char *const kc_name_keys[] = {"name", "unit", "group", NULL};

int kc_grouped_number(const char *s, size_t n, char *plain, size_t plain_size) {
  size_t i = 0, groups = 0, lead = 0;
  if (i < n && (s[i] == '-' || s[i] == '+'))
    i++;
  size_t start = i;
  while (i < n && isdigit((unsigned char)s[i]))
    i++, lead++;
  if (lead < 1 || lead > 3 || s[start] == '0')
    return 0; /* Vietnamese grouping starts with 1-3 digits, never 0 */
  while (i + 4 <= n && s[i] == '.' && isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
         isdigit((unsigned char)s[i + 3]))
    i += 4, groups++;
  if (groups == 0 || i != n || (groups == 1 && s[n - 1] != '0'))
    return 0; /* one group not ending in 0 ("656.585") is read as a decimal: see csvtab.h */
  size_t k = 0;
  for (size_t j = 0; j < n && k + 1 < plain_size; j++)
    if (s[j] != '.' && s[j] != '+')
      plain[k++] = s[j];
  if (plain_size)
    plain[k] = '\0';
  return groups == 1 ? 1 : 2;
}

kc_rc kc_csv_amount(const kc_csv *t, int r, int c, const char *name, int required, double def, double *out,
                    kc_error *err) {
  const char *s = kc_csv_cell(t, r, c);
  char plain[64];
  int g = s ? kc_grouped_number(s, strlen(s), plain, sizeof plain) : 0;
  if (g)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "%s: %s", name, kc_grouping_message(s, g, plain));
  return kc_csv_number(t, r, c, name, required, def, out, err);
}

const char *kc_grouping_message(const char *s, int kind, const char *plain) {
  static _Thread_local char msg[512];
  if (kind == 1)
    snprintf(msg, sizeof msg,
             _("\"%.40s\" is ambiguous: %.15g with a decimal point, or %.40s in Vietnamese digit grouping; write "
               "%.40s or %.15g, without thousands separators"),
             s, strtod(s, NULL), plain, plain, strtod(s, NULL));
  else
    snprintf(msg, sizeof msg,
             _("\"%.40s\" has Vietnamese digit grouping (%.40s); write numbers without thousands separators: %.40s"), s,
             plain, plain);
  return msg;
}

kc_rc kc_csv_number(const kc_csv *t, int r, int c, const char *name, int required, double def, double *out,
                    kc_error *err) {
  const char *s = kc_csv_cell(t, r, c);
  if (!s) {
    if (required)
      return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "%s: a value is required", name);
    *out = def;
    return KC_OK;
  }
  if (!kc_parse_number(s, out)) {
    const char *hint = strchr(s, ',') ? _(" (use a decimal point, not a comma, and no thousands separators)") : "";
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "%s: \"%.60s\" is not a finite number%s", name, s,
                   hint);
  }
  return KC_OK;
}

kc_rc kc_csv_int(const kc_csv *t, int r, int c, const char *name, int required, long def, long lo, long hi, long *out,
                 kc_error *err) {
  double v;
  kc_rc rc = kc_csv_number(t, r, c, name, required, (double)def, &v, err);
  if (rc != KC_OK)
    return rc;
  if (v != floor(v) || v < (double)lo || v > (double)hi)
    return kc_fail(err, KC_ERR_INPUT, t->path, t->line[r], c + 1, "%s: %s must be a whole number from %ld to %ld", name,
                   kc_csv_cell(t, r, c), lo, hi);
  *out = (long)v;
  return KC_OK;
}
