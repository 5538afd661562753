/* csvtab.h — a CSV file (docs/model-format.md dialect) as a table of text cells with their line numbers.
 *
 * UTF-8 with an optional byte-order mark, RFC 4180 quoting through libcsv, comma separator, LF or CRLF.
 * Every row must have as many fields as the header. Cells are NUL-terminated strings owned by the
 * table; an empty cell (quoted or not) is NULL. Columns in messages are 1-based field numbers. */
#ifndef KC_CSVTAB_H
#define KC_CSVTAB_H

#include <stddef.h>

#include "core/kc_error.h"

typedef struct {
  char *path; /* for messages */
  int ncols;
  char **header; /* ncols names */
  int nrows;     /* data rows, header excluded */
  char **cell;   /* [r * ncols + c], NULL when empty */
  int *line;     /* [r]: line where the row starts */
} kc_csv;

/* Parses len bytes of data (path is only used in messages) into *t. On failure *t is empty and
 * *err says where: invalid UTF-8, a NUL byte, broken quoting, a row with the wrong field count, an
 * empty or duplicate header name. */
KC_MUST_USE kc_rc kc_csv_parse(const char *path, const char *data, size_t len, kc_csv *t, kc_error *err);

/* Releases everything t owns and zeroes it. NULL is a no-op. */
void kc_csv_free(kc_csv *t);

/* Checks the header: every column in required is present, every column is in known or starts with
 * '_'. The lists end with NULL. */
KC_MUST_USE kc_rc kc_csv_columns(const kc_csv *t, const char *const *known, const char *const *required, kc_error *err);

/* Index of the named column, or -1. */
int kc_csv_col(const kc_csv *t, const char *name);

/* Cell text, or NULL when the cell is empty or the column index is -1. */
const char *kc_csv_cell(const kc_csv *t, int r, int c);

/* Parses a cell as a finite number (strtod with end-pointer check; "6,6", "NaN", "inf", "1e999" are
 * refused). An empty cell or missing column gives def, or an error naming the column when required. */
KC_MUST_USE kc_rc kc_csv_number(const kc_csv *t, int r, int c, const char *name, int required, double def, double *out,
                                kc_error *err);

/* Like kc_csv_number but the value must be a whole number within [lo, hi]. */
KC_MUST_USE kc_rc kc_csv_int(const kc_csv *t, int r, int c, const char *name, int required, long def, long lo, long hi,
                             long *out, kc_error *err);

/* The money and count fields, as CSV columns and JSON keys: where a number in Vietnamese digit
 * grouping is refused (NULL-terminated). */
extern const char *const kc_amount_keys[];
/* The text fields that are names (at most KC_MAX_NAME bytes, one line), as CSV columns and JSON keys. */
extern const char *const kc_name_keys[];

/* Like kc_csv_number, for a money or count column: a value in Vietnamese digit grouping is refused
 * with both readings (kc_grouped_number): "1.800" may be 1.8 or 1,800, and a ceiling read 1,000
 * times too small is a plan no planner would catch. */
KC_MUST_USE kc_rc kc_csv_amount(const kc_csv *t, int r, int c, const char *name, int required, double def, double *out,
                                kc_error *err);

/* Whether the n characters at s may be a number in Vietnamese digit grouping: an optional sign, 1-3
 * digits (not starting with 0), then groups of "." and 3 digits. 2: several groups ("1.200.000",
 * no decimal at all); 1: one group ending in 0 ("1.800", "18.500", "364.000": 1.8 or 1,800? nobody
 * writes 1.8 as 1.800 by hand, so the grouping is as likely); 0: neither. One group not ending in 0
 * ("656.585") is a decimal with kcplan's own precision of 0.001 million VND: 0, read as written. When
 * not 0, plain gets the digits without the dots ("1800"). */
int kc_grouped_number(const char *s, size_t n, char *plain, size_t plain_size);

/* The message refusing s (kind as kc_grouped_number returned, plain its digits): both readings and
 * what to write instead. A thread-local buffer, valid until the next call. */
const char *kc_grouping_message(const char *s, int kind, const char *plain);

/* Parses a number from s alone (the whole string, surrounding blanks allowed); 0 on failure. */
int kc_parse_number(const char *s, double *out);

#endif
