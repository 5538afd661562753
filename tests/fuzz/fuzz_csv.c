/* fuzz_csv.c — libFuzzer harness: any bytes as a CSV table (kc_csv_parse), its columns checked and
 * every cell read as a number and as an integer, the way the loaders read them. */
#include <stddef.h>
#include <stdint.h>

#include "core/csvtab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const known[] = {"id", "name", "unit_cost", "weight", "target", NULL};
  static const char *const required[] = {"id", NULL};
  kc_csv t;
  kc_error err;
  if (kc_csv_parse("fuzz.csv", (const char *)data, size, &t, &err) != KC_OK)
    return 0;
  kc_csv_columns(&t, known, required, &err);
  for (int r = 0; r < t.nrows; r++)
    for (int c = 0; c < t.ncols; c++) {
      double v;
      long l;
      kc_csv_cell(&t, r, c);
      kc_csv_number(&t, r, c, "x", 0, 1.0, &v, &err);
      kc_csv_int(&t, r, c, "x", 0, 0, -5, 5, &l, &err);
    }
  kc_csv_free(&t);
  return 0;
}
