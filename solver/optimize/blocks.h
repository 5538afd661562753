/* blocks.h — the activities split into blocks that share no narrow source, for the block search of
 * the timing stage (blocksearch.h).
 *
 * A source is narrow when at most max(8, nact / 4) activities may draw on it (a province's local
 * fund); activities that may draw on the same narrow source are in one block. A wide source (the
 * national fund, open to most activities) joins nothing. Can Tho's two sources are both narrow, so
 * the whole model is one block; the synthetic national model of P provinces has P blocks. */
#ifndef KC_BLOCKS_H
#define KC_BLOCKS_H

#include "core/model.h"

/* Writes block[a] (0-based, numbered in order of each block's first activity) for every activity of
 * m; block must hold m->nact entries. Returns the number of blocks, or -1 when out of memory (block is
 * then unspecified). */
int kc_blocks(const kc_model *m, int *block);

#endif
