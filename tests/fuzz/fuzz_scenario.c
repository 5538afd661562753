/* fuzz_scenario.c — libFuzzer harness: any bytes as a scenario applied to a copy of a small valid
 * model (three years, two sources with annual ceilings, eligibility, a two-year activity, two
 * proposals). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "input/load.h"
#include "input/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[KC_MODEL_FILES] = {
    "{\"name\": \"fuzz\", \"first_year\": 2020, \"last_year\": 2022, \"carry_over\": true,\n"
    " \"sources\": [{\"id\": \"nat\", \"ceiling\": 1000}, {\"id\": \"loc\", \"ceiling\": 500}]}\n",
    "id,name,unit,unit_cost,weight,min_per_year,max_per_year,disbursement,divisible,support_rate,group\n"
    "x,Ex,unit,10,1,0,5,1,0,0.5,A\ny,Why,unit,100,2,0,,0.4 0.6,0,1,B\nz,Zed,lot,1,1,0,,1,1,1,\n",
    "activity,first_year,last_year,target\nx,2020,2021,6\ny,2020,2022,2\nz,2022,2022,7.5\n",
    "activity,source,max_share,min_share\nx,nat,1,0\nx,loc,1,0.1\ny,nat,0.5,0\ny,loc,1,0\nz,loc,1,0\n",
    "source,year,ceiling\nnat,2020,300\nnat,2021,400\nnat,2022,300\n",
    [KC_FILE_PROPOSALS] = "id,name,activity,units,cost,disbursement,first_year,last_year,score,owner\n"
                          "px,Proposal,x,2,15,,2021,,40,Owner\npy,,y,1,150,0.5 0.5,,,10,\n",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static kc_model base;
  static int loaded;
  kc_error err;
  if (!loaded) {
    kc_model_texts in;
    for (int k = 0; k < KC_MODEL_FILES; k++) {
      in.text[k] = files[k];
      in.len[k] = files[k] ? strlen(files[k]) : 0;
    }
    if (kc_load_model_texts("fuzz", &in, &base, &err) != KC_OK)
      __builtin_trap(); /* the harness's own model must load */
    loaded = 1;
  }
  kc_model m;
  if (kc_model_copy(&m, &base, &err) != KC_OK)
    return 0;
  if (kc_scenario_apply_text(&m, "scenario.json", (const char *)data, size, &err) == KC_OK &&
      kc_model_check(&m, &err) != KC_OK)
    __builtin_trap(); /* a scenario accepted leaves a model that passes every rule */
  kc_model_free(&m);
  return 0;
}
