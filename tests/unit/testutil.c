/* testutil.c — temporary model folders for unit tests. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const tu_files tu_small = {
    .program = "{\"name\": \"small\", \"first_year\": 2020, \"last_year\": 2021,\n"
               " \"sources\": [{\"id\": \"a\", \"ceiling\": 100}, {\"id\": \"b\", \"ceiling\": 50}]}\n",
    .activities = "id,name,unit,unit_cost\nx,Ex,unit,10\ny,Why,unit,25\n",
    .targets = "activity,first_year,last_year,target\nx,2020,2021,6\ny,2020,2021,4\n",
};

void tu_write(const char *path, const char *text) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  fputs(text, fp);
  fclose(fp);
}

const char *tu_model_dir(const tu_files *f) {
  static char dir[256];
  snprintf(dir, sizeof dir, "/tmp/kcplan-test-XXXXXX");
  assert_non_null(mkdtemp(dir));
  const char *names[] = {"program.json",        "activities.csv", "targets.csv",  "eligibility.csv",
                         "annual_ceilings.csv", "actuals.csv",    "proposals.csv"};
  const char *texts[] = {f->program, f->activities, f->targets, f->eligibility, f->annual, f->actuals, f->proposals};
  char path[512];
  for (int i = 0; i < 7; i++)
    if (texts[i]) {
      snprintf(path, sizeof path, "%s/%s", dir, names[i]);
      tu_write(path, texts[i]);
    }
  return dir;
}

kc_rc tu_load(const tu_files *f, kc_model *m, kc_error *err) {
  memset(err, 0, sizeof *err);
  return kc_load_model(tu_model_dir(f), m, err);
}

void tu_solve(const tu_files *f, kc_model *m, kc_result *r) {
  kc_error err;
  assert_int_equal(tu_load(f, m, &err), KC_OK);
  kc_solve_opts o = {0};
  assert_int_equal(kc_solve(m, &o, r, &err), KC_OK);
}

int tu_count_files(const char *dir) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}
