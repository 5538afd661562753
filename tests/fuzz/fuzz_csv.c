/* fuzz_csv.c — libFuzzer harness: any bytes as a CSV table (kc_csv_parse), its columns checked and
 * every cell read as a number and as an integer, the way the loaders read them. */
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/csvtab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const known[] = {"id", "name", "unit_cost", "weight", "target", NULL};
  static const char *const required[] = {"id", NULL};
  kc_csv t;
  kc_error err;
  if (kc_csv_parse("fuzz.csv", (const char *)data, size, &t, &err) != KC_OK)
    return 0;
  err.msg[0] = '\0';
  if (kc_csv_columns(&t, known, required, &err) != KC_OK && err.msg[0] == '\0')
    abort(); /* every refusal says why */
  for (int r = 0; r < t.nrows; r++)
    for (int c = 0; c < t.ncols; c++) {
      double v;
      long l;
      kc_csv_cell(&t, r, c);
      if (kc_csv_number(&t, r, c, "x", 0, 1.0, &v, &err) == KC_OK && !isfinite(v))
        abort(); /* a number read is finite */
      if (kc_csv_int(&t, r, c, "x", 0, 0, -5, 5, &l, &err) == KC_OK && (l < -5 || l > 5))
        abort(); /* and within its range */
    }
  kc_csv_free(&t);
  return 0;
}
