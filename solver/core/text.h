/* text.h — words and numbers as a reader of a proposal or report expects them, in Vietnamese or
 * English: grouped digits (18.500,5 or 18,500.5), Roman numerals, short source labels. */
#ifndef KC_TEXT_H
#define KC_TEXT_H

#include <stdio.h>

#include "core/model.h"

typedef enum { KC_LANG_VI, KC_LANG_EN } kc_lang;

/* The language of the messages (gettext's catalogue in use): its number style is the terminal's. */
kc_lang kc_ui_lang(void);

/* Parses "vi" or "en"; returns 0 on success, -1 otherwise (*out unchanged). */
int kc_lang_parse(const char *s, kc_lang *out);

/* Writes v with at most `decimals` decimals (trailing zeros dropped) and digits grouped by three:
 * "18.500,5" in Vietnamese, "18,500.5" in English. buf needs 48 bytes; returns buf. */
const char *kc_fmt_num(double v, int decimals, kc_lang lang, char *buf);

/* Writes v with exactly `decimals` decimals: as printf does in English ("18438.000", no grouping: the
 * terminal tables' style), grouped by three with a decimal comma in Vietnamese ("18.438,000"). buf
 * needs 48 bytes; returns buf. */
const char *kc_fmt_fixed(double v, int decimals, kc_lang lang, char *buf);

/* Writes v as "%.*g" does with `digits` significant digits; in Vietnamese with a decimal comma and
 * digits grouped as kc_fmt_num groups them (unless it needs an exponent). buf needs 48 bytes. */
const char *kc_fmt_g(double v, int digits, kc_lang lang, char *buf);

/* Thousandths of a million VND (a kc_plan amount) as kc_fmt_num with 3 decimals. */
const char *kc_fmt_money(long long milli, kc_lang lang, char *buf);

/* Writes n (1..3999) in Roman numerals into buf (16 bytes); returns buf. */
const char *kc_roman(int n, char *buf);

/* The label of source s in a table column: the abbreviation a name ends with in parentheses
 * ("Khuyến công quốc gia (KCQG)" → "KCQG"), else the whole name. Returns a pointer into buf (or into
 * the model, which must outlive it). */
const char *kc_source_label(const kc_model *m, int s, char *buf, size_t n);

/* The programme's name in lang: its Vietnamese name (program.json's name_vi) in Vietnamese when the
 * model has one, else its name. Points into the model. */
const char *kc_program_name(const kc_model *m, kc_lang lang);

/* Writes s with &, <, >, " and ' escaped for HTML text or attribute values. */
void kc_html_text(FILE *fp, const char *s);

/* Writes s as a CSV field, quoted when it holds a comma, semicolon, quote or line break (RFC 4180),
 * so that it reads the same whichever of the two separates the fields. Text a
 * spreadsheet would evaluate as a formula (starting with =, +, -, @, tab or CR, and not a plain
 * number) is written quoted with a leading apostrophe, as OWASP recommends against CSV injection. */
void kc_csv_text(FILE *fp, const char *s);

/* Writes the thousandths v as a decimal with three digits ("-12.500"): money as plan.csv writes it.
 * buf needs 32 bytes. */
const char *kc_fmt_milli(long long v, char *buf);

/* The edit distance of a and b in bytes (insertions, deletions, substitutions, and swaps of two
 * neighbours), or more than `max` when it exceeds max. */
int kc_edit_distance(const char *a, const char *b, int max);

/* The name among the n names (or up to a NULL, n < 0) that `word` most likely misspells, or NULL:
 * the nearest by kc_edit_distance within 1 for words of 3 or 4 letters, 2 up to 8, 3 beyond (ties:
 * the first), or a name that differs only in case (all a word of one or two letters may). */
const char *kc_closest(const char *word, const char *const *names, int n);

/* Writes into buf (len bytes) the hint that follows an unknown `word`: "; did you mean \"X\"? WHAT:
 * a, b, c" when kc_closest finds X, else "; WHAT: a, b, c", listing the names (as many as fit, then
 * "..."). */
void kc_suggest(const char *word, const char *const *names, int n, const char *what, char *buf, size_t len);

#endif
