/* proposal.h — the annual budget proposal (dự toán kinh phí khuyến công năm …): one year of a plan
 * as the table a planner hands in, activities grouped under Roman-numeral headings with subtotals,
 * a grand total and that year's totals against the ceilings; written as CSV, Markdown, HTML or an
 * Excel workbook with live formulas.
 *
 * A kc_proposal owns its arrays; its text pointers borrow from the model, which must outlive it. */
#ifndef KC_PROPOSAL_H
#define KC_PROPOSAL_H

#include <stdbool.h>
#include <stdio.h>

#include "plan/plan.h"
#include "optimize/solve.h"
#include "core/text.h"

typedef enum { KC_PROP_GROUP, KC_PROP_ITEM, KC_PROP_TOTAL } kc_prop_kind;

/* One table row. Money columns are the sources in model order, then the counterpart (đối ứng);
 * total = their sum (state support plus the beneficiaries' share). A group row carries the
 * subtotal of its items, the total row the sum of the group rows. */
typedef struct {
  kc_prop_kind kind;
  char stt[24];     /* "I", "1", "1.2" (a proposal under its activity), "" */
  const char *text; /* activity or group name (borrowed), or the total's label */
  const char *unit; /* items: the activity's unit (borrowed); else "" */
  int activity;     /* items: activity index; else -1 */
  double units;     /* items: units started in the year */
  long long total;  /* thousandths of a million VND */
  char note[600];   /* Ghi chú */
  bool adjusted;    /* items: units or money differ from the approved plan's (--baseline) */
  int first, last;  /* groups: the rows of its items; total: unused */
} kc_prop_row;

/* A source's line in the footer: the year's proposal against its ceilings. NAN = no such ceiling. */
typedef struct {
  long long proposed; /* state money from this source in the year, thousandths */
  long long before;   /* spent by this source in the years before */
  double annual;      /* the year's own annual ceiling */
  double available;   /* what the year may spend: the annual ceiling (plus carry-over), capped by
                       * what the total ceiling leaves; NAN when unlimited */
  double ceiling;     /* the source's ceiling over the whole horizon */
} kc_prop_source;

typedef struct {
  kc_lang lang;
  int year;
  int nsrc;
  kc_prop_row *rows;
  int nrows;
  long long *money; /* [row * (nsrc + 1) + k]: k < nsrc a source, k == nsrc the counterpart */
  kc_prop_source *src;
  int nexec;             /* closed years shown before the year (thực hiện): first_year .. + nexec - 1 */
  double *exec_units;    /* [row * nexec + j]: an item's units started in closed year j; 0 elsewhere */
  long long *exec_total; /* [row * nexec + j]: all sources plus counterpart, thousandths; groups and
                          * the total sum their items */
  const kc_model *m;
  int status; /* kc_rc of the solve: KC_OK optimal, KC_ERR_LIMIT not proven */
  double gap; /* relative MIP gap when not proven */
  /* Set by the caller after kc_proposal_make (zero: not given): the document's number (borrowed),
   * its date, and money shown in whole million VND instead of to the thousandth (1,000 VND). */
  const char *number;
  int date_y, date_m, date_d;
  bool whole;
} kc_proposal;

/* The blocks an official document carries (Decree 30/2020/NĐ-CP) around its table, from the model's
 * program.json (agency, parent_agency, place, signers) and the proposal's number and date: top left
 * the agency above, the issuing agency and the number line (all empty without an agency); top right
 * the national motto, its subtitle and the place-and-date line (blanks to fill by hand when no date
 * is given); at the foot the two signature blocks: who prepared the table and the head of the
 * agency, each a title, a hint and the signer's name (empty when not given). */
typedef struct {
  char left[3][440], right[3][440];
  char sign_title[2][440], sign_hint[2][120], sign_name[2][440];
} kc_prop_doc;

void kc_proposal_document(const kc_proposal *pr, kc_prop_doc *d);

/* Money (thousandths) as the proposal shows it: to the thousandth, or in whole millions (pr->whole);
 * plain: CSV's digits with a decimal point, else grouped in the proposal's language. buf needs 48
 * bytes; returns buf. */
const char *kc_proposal_money(const kc_proposal *pr, long long milli, int plain, char *buf);

/* Builds the proposal for `year` (inside the horizon) from the audited plan p of model m. With
 * actuals, the closed years before `year` are shown beside it as executed (units and money per
 * item); with a baseline, items whose cell in `year` differs from the approved plan are marked
 * adjusted, with the approved figures in their note. Items of the year, of a shown closed year or
 * of the approved plan's year are listed.
 * KC_ERR_INPUT when the year is outside the horizon, KC_ERR_INTERNAL when out of memory; on failure
 * *out is empty. */
KC_MUST_USE kc_rc kc_proposal_make(const kc_model *m, const kc_result *r, const kc_plan *p, int year, kc_lang lang,
                                   kc_proposal *out, kc_error *err);

void kc_proposal_free(kc_proposal *pr);

/* The label of a fixed word of the proposal in its language (column headings, totals). */
const char *kc_proposal_label(const kc_proposal *pr, const char *key);

/* The heading lines every format writes: title with the year, programme, scenarios applied, money
 * unit, and whether the plan is proven optimal. */
void kc_proposal_heading(const kc_proposal *pr, char lines[5][600]);

/* The heading of executed column k (0 units, 1 money) of closed year j: "Thực hiện 2017: số lượng". */
void kc_proposal_exec_head(const kc_proposal *pr, int j, int k, char *buf, size_t n);

/* The footer's eight column headings (source, proposed, annual ceiling, available, use, programme
 * ceiling, cumulative, remaining), with the year where it belongs. */
void kc_proposal_footer_heads(const kc_proposal *pr, char h[8][80]);

/* Text formats. csv: plain numbers (a decimal point, no grouping); excel = 1 adds a byte-order mark
 * and CRLF line ends so that Excel reads Vietnamese text. md and html use the language's number
 * style; html is one self-contained page that prints on A4 landscape. */
void kc_proposal_csv(FILE *fp, const kc_proposal *pr, int excel);
void kc_proposal_md(FILE *fp, const kc_proposal *pr);
void kc_proposal_html(FILE *fp, const kc_proposal *pr);

/* Writes the workbook to path (a file name ending in .xlsx): subtotals and totals as formulas,
 * number formats, a frozen header, A4 landscape. Written under a temporary name and renamed, so a
 * failure leaves nothing. KC_ERR_INPUT when path cannot be written. */
KC_MUST_USE kc_rc kc_proposal_xlsx(const char *path, const kc_proposal *pr, kc_error *err);

#endif
