/* fuzz_model.c — libFuzzer harness: the whole model loader. The input holds the files of a model
 * separated by NUL bytes (program.json, activities.csv, targets.csv, eligibility.csv,
 * annual_ceilings.csv, actuals.csv, proposals.csv; missing parts are absent files); loaded with kc_load_model_texts,
 * checked, and a loaded model's warnings listed. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "input/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kc_model_texts in;
  memset(&in, 0, sizeof in);
  const char *p = (const char *)data, *end = p + size;
  for (int k = 0; k < KC_MODEL_FILES && p <= end; k++) {
    const char *nul = memchr(p, '\0', (size_t)(end - p));
    in.text[k] = p;
    in.len[k] = (size_t)((nul ? nul : end) - p);
    if (!nul)
      break;
    p = nul + 1;
  }
  kc_model m;
  kc_error err, warn[8];
  if (kc_load_model_texts("fuzz", &in, &m, &err) == KC_OK) {
    kc_model_warnings(&m, warn, 8);
    kc_model_free(&m);
  }
  return 0;
}
