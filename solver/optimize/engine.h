/* engine.h — the solve engine's state and the helpers solve.c shares with the block search
 * (blocksearch.h) and the shadow prices (shadow.h). Internal to the library: not for the CLI.
 *
 * A kc_engine lives for one kc_solve or kc_export call and is owned by it; it borrows the model, the
 * options and the result, and owns F, incumbent, block and the saved row bounds. */
#ifndef KC_ENGINE_H
#define KC_ENGINE_H

#include <glpk.h>

#include "optimize/formulate.h"
#include "optimize/solve.h"

typedef struct kc_engine {
  const kc_model *m;
  const kc_solve_opts *o;
  kc_result *r;
  kc_form F;
  double t0;
  const char *stage_name; /* for progress */
  double last_progress;
  double gap;        /* last gap seen in branch-and-bound */
  double *incumbent; /* [1..ncols] the previous stage's exact plan, offered to the next stage */
  int offered;       /* the incumbent was offered in this stage */
  int timed_out;     /* the time limit stopped the last stage */
  int quiet;         /* branch-and-bound progress is not the stage's (block search, shadow prices) */
  /* Counted effort (on_tree): nodes searched since the counter was last reset; branch-and-bound
   * stops (stop = STOP_BUDGET) when nodes reaches node_cap (0 = none), (STOP_STALL) when its best
   * plan has not improved for stall_nodes nodes (0 = never) or it has found no plan in plan_by nodes
   * (0 = never), and (STOP_TIME) at the time limit. */
  long nodes, node_cap, stall_nodes, plan_by, better_at;
  double seen;       /* the best plan's value when it last changed */
  double tree_bound; /* best bound of the open nodes at the last node selection (NAN before) */
  enum { STOP_NONE, STOP_BUDGET, STOP_STALL, STOP_TIME } stop;
  int *block;                  /* [a] block of each activity (blocks.h), computed by the first timing stage */
  int nblocks;                 /* 0 until then (or when out of memory) */
  double *saved_lb, *saved_ub; /* [1..saved_rows] row bounds held by tighten_rows */
  int saved_rows;
  /* export only */
  kc_stage export_kind;
  const char *export_path;
  int export_mps;
} kc_engine;

/* Milliseconds left of the time limit (0x7fffffff when none); 0 when spent. */
int kc_engine_ms_left(const kc_engine *c);

/* Resets the effort counter: branch-and-bound may search cap more nodes (0 = no cap). */
void kc_engine_count(kc_engine *c, long cap);

/* Branch-and-bound parameters of stage k (the time limit is left to the caller); the tree callback
 * counts nodes, offers c->incumbent and reports progress. */
void kc_engine_mip_params(kc_engine *c, kc_stage k, glp_iocp *io);

/* 1 when column j is integer (GLP_IV or GLP_BV). */
int kc_engine_is_int(glp_prob *lp, int j);

/* Relative gap of a plan's value to a bound, as GLPK measures it. */
double kc_engine_rel_gap(double value, double bound);

/* The current objective's sense: 1 when minimised, -1 when maximised. */
int kc_engine_sense(glp_prob *lp);

/* The tighter of an LP bound and an open-node bound (NAN: none) for the direction sense (1 = min). */
double kc_engine_tighter(int sense, double bound, double tree);

/* The current objective's value (GLPK's units) at c->incumbent, which must be set. */
double kc_engine_incumbent_value(const kc_engine *c);

/* Makes GLPK's last integer solution exact (the integer columns fixed, the rest re-solved in rational
 * arithmetic) and keeps it in c->r and c->incumbent with its objective value in *value. Returns 0,
 * changing nothing, when that fails or is worse than branch-and-bound's plan by more than 1e-6. */
int kc_engine_polish(kc_engine *c, double *value);

#endif
