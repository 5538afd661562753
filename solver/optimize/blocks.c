/* blocks.c — activities joined by the narrow sources they share (union-find). */
#include "optimize/blocks.h"

#include <stdlib.h>

/* Root of a's set, halving the path on the way. */
static int root(int *up, int a) {
  while (up[a] != a)
    a = up[a] = up[up[a]];
  return a;
}

int kc_blocks(const kc_model *m, int *block) {
  int na = m->nact, ns = m->nsrc, nb = -1;
  int *up = malloc((size_t)na * sizeof *up + 1), *first = malloc((size_t)ns * sizeof *first + 1);
  int *users = calloc((size_t)ns + 1, sizeof *users), *id = malloc((size_t)na * sizeof *id + 1);
  if (!up || !first || !users || !id)
    goto out;
  for (int a = 0; a < na; a++)
    for (int s = 0; s < ns; s++)
      users[s] += m->max_share[a * ns + s] > 0;
  int narrow = na / 4 > 8 ? na / 4 : 8;
  for (int a = 0; a < na; a++) {
    up[a] = a;
    id[a] = -1;
  }
  for (int s = 0; s < ns; s++)
    first[s] = -1;
  for (int a = 0; a < na; a++)
    for (int s = 0; s < ns; s++) {
      if (m->max_share[a * ns + s] <= 0 || users[s] > narrow)
        continue;
      if (first[s] < 0)
        first[s] = a;
      else
        up[root(up, a)] = root(up, first[s]);
    }
  nb = 0;
  for (int a = 0; a < na; a++) {
    int r = root(up, a);
    if (id[r] < 0)
      id[r] = nb++;
    block[a] = id[r];
  }
out:
  free(up);
  free(first);
  free(users);
  free(id);
  return nb;
}
