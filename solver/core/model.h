/* model.h — the in-memory planning model of docs/model-format.md and its checks.
 *
 * A kc_model owns every pointer inside it; kc_model_free releases them all. Indices are 0-based:
 * activity a, source s, year index yi = year - first_year. Per-pair tables are flat arrays indexed
 * [a * nsrc + s]; per-year tables [s * nyears + yi]. Every record keeps the file line it came from
 * (0 when it came from JSON; -k - 1 when scenario k last changed it) so that later checks can point
 * at it. */
#ifndef KC_MODEL_H
#define KC_MODEL_H

#include <stdbool.h>

#include "core/utf8.h"

#include "core/kc_error.h"

#define KC_MAX_ID 64     /* longest id, bytes */
#define KC_MAX_YEARS 100 /* longest horizon */
#define KC_YEAR_MIN 1900 /* the years a horizon may cover */
#define KC_YEAR_MAX 2200
#define KC_MAX_SCEN 32 /* most scenarios applied to one model */

typedef enum { KC_WEIGHTED, KC_BALANCED } kc_attainment;
typedef enum { KC_EARLY, KC_LATE, KC_TIMING_NONE } kc_timing;

/* The words program.json, scenarios and summary.json use for the objective's settings, in enum
 * order: kc_attainment_words[KC_BALANCED] is "balanced". NULL-terminated. */
extern const char *const kc_attainment_words[];
extern const char *const kc_timing_words[];

/* The index of word in words (NULL-terminated), or -1. */
int kc_word_index(const char *const *words, const char *word);

typedef struct {
  char *id;
  char *name;
  bool has_ceiling;
  double ceiling; /* total over the horizon, when has_ceiling */
} kc_source;

typedef struct {
  char *id;
  char *name;
  char *unit;
  char *group; /* heading it is listed under in proposals ("" = none) */
  double unit_cost;
  double weight;
  double min_per_year;
  bool has_max;
  double max_per_year;
  double *disb; /* disbursement fractions, ndisb of them, summing to 1 */
  int ndisb;
  bool divisible;
  double support_rate;
  int line; /* line in activities.csv (in proposals.csv for a proposal) */
  /* A submitted proposal (proposals.csv) is an activity of its own, after those of activities.csv:
   * one unit is the whole proposal, funded wholly or not, started in one year of its window
   * (win_first .. win_last) and at most once; its unit_cost is the support requested at the price of
   * win_first. Its units count toward the targets of activity parent, yield of them; eligibility,
   * shares, support rate, unit and group are the parent's (kc_model_sync_proposals keeps them so), and
   * so is the disbursement profile unless own_disb. For an activity of activities.csv proposal is
   * false and the other fields are unused. */
  bool proposal;
  int parent;
  double yield;
  int win_first, win_last;
  bool own_disb, own_last; /* disbursement, last_year given (else the parent's; the last that can finish) */
  double score;            /* appraisal points, >= 0: the merit stage maximises the funded ones' sum */
  char *owner;             /* who submitted it ("" = not said) */
} kc_activity;

/* Frees what activity ac owns (its texts and disbursement profile) and zeroes it. */
void kc_activity_free(kc_activity *ac);

/* ---------- the activity columns ----------
 * One row per column of activities.csv, which is also a key under a scenario's activities.ID: its
 * kind, default, range and the kc_activity field it fills. Loading, scenarios, the model checks and
 * sweep paths all read this table, so a new column is one row here plus its use in the formulation. */
typedef enum {
  KC_COL_ID,      /* the activity id: required, [a-z0-9_]+ */
  KC_COL_TEXT,    /* a name (one line, at most KC_MAX_NAME bytes) */
  KC_COL_AMOUNT,  /* a money or count number (Vietnamese digit grouping refused) */
  KC_COL_NUMBER,  /* a plain number (a weight, a rate) */
  KC_COL_FLAG,    /* 0 or 1 (a scenario may also write true or false) */
  KC_COL_PROFILE, /* disbursement fractions, "0.4 0.6" */
} kc_col_kind;

typedef struct {
  const char *name;
  kc_col_kind kind;
  bool required;        /* no default: a value must be given */
  bool optional;        /* may be left empty (no limit): has_off's flag says whether it is given */
  double def;           /* the default of a number or flag */
  const char *def_text; /* the default of a text; NULL means the activity id */
  double lo, hi;        /* a number's range: lo (excluded when lo_open) to hi */
  bool lo_open;
  size_t lo_off;     /* when not 0, the lower bound is also this field (max_per_year >= min_per_year) */
  bool whole;        /* a whole number unless the activity is divisible */
  bool sweep;        /* a sweep may vary it (--vary activities.ID.NAME) */
  const char *range; /* the range in words, after "must be" */
  size_t off;        /* the field in kc_activity */
  size_t has_off;    /* optional columns: the bool field saying it is given */
} kc_act_col;

#define KC_ACT_NCOLS 11                                /* the columns of kc_act_cols */
extern const kc_act_col kc_act_cols[KC_ACT_NCOLS + 1]; /* in activities.csv's documented order, then a NULL name */

/* The column called name, or NULL. */
const kc_act_col *kc_act_col_find(const char *name);

/* A number column's value in ac; *given is false for an optional column left empty. */
double kc_act_col_value(const kc_act_col *c, const kc_activity *ac, bool *given);

/* Sets a number or flag column of ac (given false: an optional column emptied, or the default). */
void kc_act_col_set(const kc_act_col *c, kc_activity *ac, double v, bool given);

/* NULL when v is within c's range in ac (the lower bound may be another field of ac), else the rule
 * it breaks, in words ("must be greater than 0 and at most 1e12 (million VND per unit)"). */
const char *kc_act_col_problem(const kc_act_col *c, const kc_activity *ac, double v);

typedef struct {
  int activity;
  int first_year, last_year;
  double target;
  int line; /* line in targets.csv */
} kc_target;

typedef struct {
  char file[1024]; /* path as opened */
  char sha256[65]; /* lower-case hex */
} kc_input;

typedef struct {
  char *dir;  /* the model folder */
  char *name; /* programme name */
  /* What an official document (the budget proposal) carries besides its figures, from program.json's
   * optional keys; each NULL when not given. */
  struct {
    char *name_vi;       /* name_vi: the programme's Vietnamese name */
    char *parent_agency; /* parent_agency: the agency above the issuing one (cơ quan chủ quản) */
    char *agency;        /* agency: the issuing agency (cơ quan ban hành) */
    char *place;         /* place: the place of the date line (địa danh) */
    char *preparer;      /* signers.preparer: who prepared the table (người lập biểu) */
    char *head;          /* signers.head: the head of the agency (thủ trưởng đơn vị) */
    char *head_title;    /* signers.head_title: the head's title (GIÁM ĐỐC) */
  } doc;
  int first_year, last_year;
  double price_growth;
  int price_base_year;
  bool carry_over;
  kc_attainment attainment;
  kc_timing timing;
  int *preference; /* nsrc source indices, most preferred first */

  kc_source *src;
  int nsrc;
  kc_activity *act;
  int nact;
  /* Open-addressing index of activity ids (slots hold an activity index or -1), so that lookups take
   * constant time in models of 100,000 activities. Used only while act_index_n == nact: code that
   * removes activities rebuilds it (kc_model_index). */
  int *act_index;
  int act_index_cap, act_index_n;
  kc_target *tgt;
  int ntgt;

  bool has_eligibility; /* eligibility.csv was given */
  double *max_share;    /* [a * nsrc + s] */
  double *min_share;    /* [a * nsrc + s] */
  int *elig_line;       /* [a * nsrc + s], 0 when the pair is not listed */

  bool *has_annual; /* [s] */
  double *annual;   /* [s * nyears + yi], meaningful where has_annual[s] */
  int *annual_line; /* [s * nyears + yi] */

  /* What really happened in the first years (actuals.csv): years first_year .. first_year + nclosed
   * - 1 are closed, their units started and money paid fixed as recorded, even where they break a
   * rule; only the open years after them are planned. The arrays are NULL when nclosed is 0. */
  int nclosed;
  double *act_units;    /* [a * nyears + yi] units started in closed year yi */
  long long *act_milli; /* [(a * nyears + yi) * nsrc + s] money paid, thousandths of a million VND */
  int *act_line;        /* [a * nyears + yi] its row in actuals.csv, 0 when the cell has none */
  char *actuals_path;   /* the file, for messages */

  /* The approved plan to change as little as possible (--baseline PLAN.csv): the stability stages
   * keep the open years' units and money as close to it as the optima of the earlier stages allow. */
  bool has_baseline;
  double *base_units;    /* [a * nyears + yi] */
  long long *base_milli; /* [(a * nyears + yi) * nsrc + s] thousandths */
  kc_input baseline;     /* its file and SHA-256 */

  kc_input inputs[8];
  int ninputs;
  kc_input scen[KC_MAX_SCEN];                   /* scenarios applied, in order (file and SHA-256) */
  char scen_name[KC_MAX_SCEN][KC_MAX_NAME + 1]; /* its "name", else its file name (cut whole characters) */
  /* Line in scenario k of its "activities", "targets", "eligibility", "annual_ceilings" and "proposals" keys (0 when
   * absent), so that a rule broken by a record the scenario changed points into the scenario. */
  int scen_line[KC_MAX_SCEN][5];
  int nscen;
} kc_model;

static inline int kc_nyears(const kc_model *m) {
  return m->last_year - m->first_year + 1;
}

/* Releases everything m owns and zeroes it; m itself is not freed. NULL is a no-op. */
void kc_model_free(kc_model *m);

/* Makes *dst a deep copy of src (dst owns everything it holds). On failure *dst is empty. */
KC_MUST_USE kc_rc kc_model_copy(kc_model *dst, const kc_model *src, kc_error *err);

/* Cost of one unit of activity a started in year y, with price growth (from price_base_year, or for
 * a proposal from the first year of its window). */
double kc_unit_cost(const kc_model *m, int a, int year);

/* True when a unit of a started in year y finishes paying by last_year (and, for a proposal, y is in
 * its window). */
bool kc_can_start(const kc_model *m, int a, int year);

/* The activity whose targets a's units count toward: a itself, or a proposal's parent. */
static inline int kc_counts_for(const kc_model *m, int a) {
  return m->act[a].proposal ? m->act[a].parent : a;
}

/* The target units one unit of a delivers: 1, or a proposal's yield. */
static inline double kc_yield(const kc_activity *ac) {
  return ac->proposal ? ac->yield : 1.0;
}

/* The units started within target t's period by x ([a * ny + yi]) that count toward it: its
 * activity's and its proposals' (yield each). */
double kc_target_units(const kc_model *m, int t, const double *x);

/* How many activities are proposals (they are the last ones). */
int kc_model_proposals(const kc_model *m);

/* Brings every proposal in step with its parent activity (kc_activity.proposal): eligibility and
 * shares, support rate, unit, group, the profile unless its own, the window's last year unless given,
 * and a proposal's fixed rules (whole, at most one a year). Run after loading and after every
 * scenario. KC_ERR_INTERNAL when out of memory. */
KC_MUST_USE kc_rc kc_model_sync_proposals(kc_model *m, kc_error *err);

/* Rebuilds the activity index from m->act. Out of memory leaves no index: lookups stay correct,
 * only slower (linear). */
void kc_model_index(kc_model *m);

/* Adds activity a (== the number of activities indexed so far) to the index, growing it as needed.
 * Returns the index of an earlier activity with the same id, -1 when the id is new, or -2 when out of
 * memory. */
int kc_model_index_add(kc_model *m, int a);

/* A target's period as "2018" or "2017-2020" (dash between the years: "-" in text, "–" in HTML). */
const char *kc_period(const kc_target *t, const char *dash, char *buf, size_t n);

/* A target's label, its activity id and period: "demo_model 2017-2020". */
const char *kc_target_label(const kc_model *m, int t, char *buf, size_t n);

/* The same in a planner's words: the activity's name and the period ("Mô hình trình diễn 2018-2020"). */
const char *kc_target_name(const kc_model *m, int t, char *buf, size_t n);

/* Index of the activity/source with that id, or -1. */
int kc_find_activity(const kc_model *m, const char *id);
int kc_find_source(const kc_model *m, const char *id);

/* True when id matches [a-z0-9_]+ and is at most KC_MAX_ID bytes. */
bool kc_valid_id(const char *id);

/* Checks every cross-record rule of docs/model-format.md (ranges, shares, periods, annual rows). Returns KC_OK or
 * KC_ERR_INPUT with *err naming the file and line of the offending record. Does not change m. */
KC_MUST_USE kc_rc kc_model_check(const kc_model *m, kc_error *err);

/* Things that are legal but almost certainly not what the planner meant: an activity no unit of
 * which can start (disbursement longer than the horizon) or be fully paid (max_share adding up to
 * less than 1), a target no startable year can serve. Fills up to max records of out and returns how
 * many warnings there are. */
int kc_model_warnings(const kc_model *m, kc_error *out, int max);

/* The program.json part of kc_model_check (horizon, growth, sources), run as soon as program.json is
 * read so that the tables are read against a valid horizon. lines (kc_json_parse's, may be NULL)
 * gives its errors the line of the key at fault. */
struct kc_json_lines;
KC_MUST_USE kc_rc kc_model_check_program(const kc_model *m, const struct kc_json_lines *lines, kc_error *err);

#endif
