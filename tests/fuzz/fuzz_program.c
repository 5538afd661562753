/* fuzz_program.c — libFuzzer harness: any bytes as program.json (kc_load_program); a program it
 * accepts must pass the program's rules again (kc_model_check_program), and a refusal says why. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kc_model m;
  kc_error err;
  memset(&m, 0, sizeof m);
  err.msg[0] = '\0';
  kc_rc rc = kc_load_program("program.json", (const char *)data, size, &m, &err);
  if (rc == KC_OK ? kc_model_check_program(&m, NULL, &err) != KC_OK : err.msg[0] == '\0')
    abort();
  kc_model_free(&m);
  return 0;
}
