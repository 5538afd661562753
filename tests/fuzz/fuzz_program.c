/* fuzz_program.c — libFuzzer harness: any bytes as program.json (kc_load_program), then the
 * program's rules (kc_model_check_program). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "input/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kc_model m;
  kc_error err;
  memset(&m, 0, sizeof m);
  if (kc_load_program("program.json", (const char *)data, size, &m, &err) == KC_OK)
    kc_model_check_program(&m, NULL, &err);
  kc_model_free(&m);
  return 0;
}
