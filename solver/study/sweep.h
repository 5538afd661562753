/* sweep.h — one scenario field varied over a range of values, a plan solved at every point
 * (`kcplan sweep`), and the breakpoints where the plan's composition changes. */
#ifndef KC_SWEEP_H
#define KC_SWEEP_H

#include <stdio.h>

#include "core/model.h"
#include "core/text.h"
#include "optimize/solve.h"

typedef struct {
  int index;             /* position in the whole sweep (shards keep the global index) */
  double value;          /* the varied field's value */
  kc_rc status;          /* KC_OK, KC_ERR_INFEASIBLE, KC_ERR_LIMIT, KC_ERR_INPUT (the value breaks a rule) */
  double shortfall;      /* weighted shortfall (stage 1) */
  double *spend;         /* [nsrc] rounded money per source */
  double *planned;       /* [ntgt] units planned per target period */
  double *ceiling;       /* [nsrc] total ceiling at this point (NAN when none) */
  unsigned char *funded; /* [nprop] 1 when the plan funds proposal q (activity nact - nprop + q) */
  char message[300];     /* why a point has no plan, in the reader's language */
  char message_en[300];  /* the same in English (sweep.json) */
  /* With kc_sweep_opts.keep_plans, the plan itself (else NULL): */
  double *units;    /* [a * ny + yi] units started */
  double *money;    /* [a * ny + yi] rounded state money disbursed */
  double *src_year; /* [s * ny + yi] rounded money per source and year */
} kc_sweep_point;

typedef struct {
  char path[200]; /* e.g. sources.local.ceiling_scale */
  double from, to, step;
  int total;   /* points in the whole sweep */
  int npoints; /* points computed here (a shard computes every N-th) */
  kc_sweep_point *points;
  int nsrc, ntgt, nact, ny;
  int nprop; /* the base's proposals (its last nprop activities) */
  double seconds;
} kc_sweep;

typedef struct {
  int threads;          /* solver threads, >= 1; each has its own GLPK problem */
  int shard_k, shard_n; /* compute points k, k + n, k + 2n, ... (0 <= k < n); n = 1: all */
  int keep_plans;       /* keep every point's plan (units and money per activity and year) */
  kc_solve_opts solve;  /* per point (time_limit applies to each point) */
  /* Called from worker threads, serialised: when the first points are done, then about once a
   * second (may be NULL). solve.progress must be NULL: the points are solved in threads. */
  void (*progress)(void *ctx, int done, int total);
  void *progress_ctx;
} kc_sweep_opts;

/* Parses "PATH=FROM:TO:STEP"; STEP > 0 walks from FROM towards TO either way. KC_ERR_INPUT with a
 * message when malformed or when the sweep would exceed 10 million points. */
KC_MUST_USE kc_rc kc_sweep_parse(const char *spec, char *path, size_t n, double *from, double *to, double *step,
                                 int *total, kc_error *err);

/* Solves every point of the sweep (or of the shard) of base. The path names a numeric field of a
 * scenario (docs/scenarios.md), e.g. sources.local.ceiling_scale or activities.demo_model.weight; it is
 * applied as a scenario to a copy of base at each point. A path the model does not have is
 * KC_ERR_INPUT (checked on the first point). *out is the caller's (kc_sweep_free). */
KC_MUST_USE kc_rc kc_sweep_run(const kc_model *base, const char *spec, const kc_sweep_opts *o, kc_sweep *out,
                               kc_error *err);

void kc_sweep_free(kc_sweep *s);

/* True when point p has a plan (optimal, or the best found within a time limit). */
int kc_sweep_has_plan(const kc_sweep_point *p);

/* A breakpoint: between two neighbouring points with a plan, the planned units of some targets
 * change. rate is that target's change per 100 million VND of the source (money paths) or per +1 of
 * the field since the previous breakpoint (NAN when the span is 0); rate_text says it in words and
 * whole units, the money (or field) that buys one more unit ("" when no rate). */
typedef struct {
  int target;
  double from, to, rate;
} kc_sweep_change;

typedef struct {
  double between, and_;
  kc_sweep_change *changes;
  int nchanges;
  char rate_text[2000];
} kc_sweep_break;

/* The field a sweep path varies, in a planner's words in lang ("trần tổng KCĐP", "đơn giá Mô hình
 * trình diễn", "KCĐP total ceiling"), into buf; the path itself when it is not one of the sweep
 * paths. Returns buf. */
const char *kc_sweep_path_words(const kc_model *m, const char *path, kc_lang lang, char *buf, size_t n);

/* The breakpoints of s into *out (kc_sweep_breaks_free); returns how many, or -1 when out of memory. */
int kc_sweep_breaks(const kc_model *base, const kc_sweep *s, kc_lang lang, kc_sweep_break **out);
void kc_sweep_breaks_free(kc_sweep_break *b, int n);

#endif
