/* blocksearch.h — large-neighbourhood search over the model's blocks (blocks.h) for the timing
 * stage: each block re-solved in turn with the others' units held at the incumbent. */
#ifndef KC_BLOCKSEARCH_H
#define KC_BLOCKSEARCH_H

#include "optimize/engine.h"

/* Improves c->incumbent for the current stage within budget nodes (0: each block KC_BLOCK_NODES a
 * pass, at most KC_BLOCK_PASSES passes); bound is the stage's LP optimum, for progress. Adds its
 * blocks, improvements, nodes and seconds to sr. Returns the improved plan's objective value, NAN when
 * nothing improved (one block, no incumbent, out of memory). */
double kc_block_search(kc_engine *c, long budget, double bound, kc_stage_result *sr);

#endif
