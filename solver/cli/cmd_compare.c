/* cmd_compare.c — kcplan compare: the baseline and each scenario side by side, with deltas. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compare.h"
#include "cli.h"
#include "text.h"

static const char usage[] =
    "usage: kcplan compare MODEL SCENARIO.json... [-s BASE.json]... [--format table|csv|json]\n"
    "                      [--time-limit SEC] [--timing N|exact]\n\n"
    "Solves the model (with any -s scenarios: the baseline) and the baseline with each SCENARIO applied\n"
    "on its own, and shows them side by side: status, the stage optima, spend and unallocated money per\n"
    "source, attainment per target, each with its delta against the baseline; then the activity x year x\n"
    "source cells whose money (or units) changed. A scenario is labelled by its \"name\", else its file.\n";

/* A row of the comparison: a label and where its value sits in each run. */
typedef struct {
  char label[200];
  char section[32]; /* objective, source, attainment */
  char key[160];    /* objective key; "id/field" for sources; "activity/first/last" for attainment */
} row;

static const cJSON *find_by(const cJSON *arr, const char *field, const char *id) {
  const cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, field);
    if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0)
      return it;
  }
  return NULL;
}

/* The row's number in one run, or NAN when the run has none (infeasible, excluded activity). */
static double value(const cJSON *run, const row *r) {
  const cJSON *v = NULL;
  char key[160], *slash;
  snprintf(key, sizeof key, "%s", r->key);
  if (strcmp(r->section, "objective") == 0) {
    v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(run, "objective"), key);
  } else if (strcmp(r->section, "source") == 0 && (slash = strchr(key, '/'))) {
    *slash = '\0';
    v = cJSON_GetObjectItemCaseSensitive(find_by(cJSON_GetObjectItemCaseSensitive(run, "sources"), "id", key),
                                         slash + 1);
  } else if (strcmp(r->section, "attainment") == 0) {
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(run, "attainment")) {
      char k[160];
      snprintf(k, sizeof k, "%s/%d/%d", cJSON_GetObjectItemCaseSensitive(it, "activity")->valuestring,
               cJSON_GetObjectItemCaseSensitive(it, "first_year")->valueint,
               cJSON_GetObjectItemCaseSensitive(it, "last_year")->valueint);
      if (strcmp(k, key) == 0)
        v = cJSON_GetObjectItemCaseSensitive(it, "attainment");
    }
  }
  return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static int add_row(row **rows, int n, const char *section, const char *key, const char *label) {
  for (int i = 0; i < n; i++)
    if (strcmp((*rows)[i].section, section) == 0 && strcmp((*rows)[i].key, key) == 0)
      return n;
  row *nr = realloc(*rows, (size_t)(n + 1) * sizeof *nr);
  if (!nr)
    return n;
  *rows = nr;
  snprintf(nr[n].section, sizeof nr[n].section, "%s", section);
  snprintf(nr[n].key, sizeof nr[n].key, "%s", key);
  snprintf(nr[n].label, sizeof nr[n].label, "%s", label);
  return n + 1;
}

static int build_rows(const cJSON *runs, row **rows) {
  static const char *const obj[][2] = {{"weighted_shortfall", "Weighted shortfall"},
                                       {"max_weighted_shortfall", "Largest weighted shortfall"},
                                       {"total_spend", "Total spend"},
                                       {"source_preference", "Source preference value"},
                                       {"timing_value", "Timing value"}};
  int n = 0;
  for (size_t i = 0; i < sizeof obj / sizeof obj[0]; i++)
    n = add_row(rows, n, "objective", obj[i][0], obj[i][1]);
  const cJSON *run, *it;
  cJSON_ArrayForEach(run, runs) {
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(run, "sources")) {
      const char *id = cJSON_GetObjectItemCaseSensitive(it, "id")->valuestring;
      char key[160], label[200];
      snprintf(key, sizeof key, "%s/spend", id);
      snprintf(label, sizeof label, "Spend: %s", id);
      n = add_row(rows, n, "source", key, label);
      snprintf(key, sizeof key, "%s/unallocated", id);
      snprintf(label, sizeof label, "Unallocated: %s", id);
      n = add_row(rows, n, "source", key, label);
    }
  }
  cJSON_ArrayForEach(run, runs) {
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(run, "attainment")) {
      const char *a = cJSON_GetObjectItemCaseSensitive(it, "activity")->valuestring;
      int f = cJSON_GetObjectItemCaseSensitive(it, "first_year")->valueint;
      int l = cJSON_GetObjectItemCaseSensitive(it, "last_year")->valueint;
      char key[160], label[200];
      snprintf(key, sizeof key, "%s/%d/%d", a, f, l);
      if (f == l)
        snprintf(label, sizeof label, "Attainment: %s %d", a, f);
      else
        snprintf(label, sizeof label, "Attainment: %s %d-%d", a, f, l);
      n = add_row(rows, n, "attainment", key, label);
    }
  }
  return n;
}

static void fmt(char *buf, size_t n, const row *r, double v, int delta) {
  int pct = strcmp(r->section, "attainment") == 0;
  if (isnan(v))
    snprintf(buf, n, "-");
  else if (pct)
    snprintf(buf, n, delta ? "%+.1f" : "%.1f%%", 100 * v);
  else
    snprintf(buf, n, delta ? "%+.3f" : "%.3f", v);
}

static void print_table(const cJSON *doc) {
  const cJSON *runs = cJSON_GetObjectItemCaseSensitive(doc, "runs"), *run;
  row *rows = NULL;
  int n = build_rows(runs, &rows);
  char b[64];
  printf("%-41s", "Money in million VND; Δ against baseline"); /* Δ is 2 bytes, 1 column */
  cJSON_ArrayForEach(run, runs) {
    printf(" %14.14s", cJSON_GetObjectItemCaseSensitive(run, "name")->valuestring);
    if (run != runs->child)
      printf(" %12s", "Δ");
  }
  printf("\n%-40s", "Status");
  cJSON_ArrayForEach(run, runs) {
    printf(" %14s", cJSON_GetObjectItemCaseSensitive(run, "status")->valuestring);
    if (run != runs->child)
      printf(" %11s", "");
  }
  putchar('\n');
  for (int i = 0; i < n; i++) {
    int any = 0;
    cJSON_ArrayForEach(run, runs) any |= !isnan(value(run, &rows[i]));
    if (!any)
      continue;
    printf("%-40.40s", rows[i].label);
    double base = value(runs->child, &rows[i]);
    cJSON_ArrayForEach(run, runs) {
      double v = value(run, &rows[i]);
      fmt(b, sizeof b, &rows[i], v, 0);
      printf(" %14s", b);
      if (run != runs->child) {
        fmt(b, sizeof b, &rows[i], isnan(base) || isnan(v) ? NAN : v - base, 1);
        printf(" %11s", b);
      }
    }
    putchar('\n');
  }
  const cJSON *ch;
  cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(doc, "changes")) {
    const cJSON *cells = cJSON_GetObjectItemCaseSensitive(ch, "cells"),
                *units = cJSON_GetObjectItemCaseSensitive(ch, "units"), *c;
    printf("\nChanged against the baseline in %s: %d money cell%s, %d unit cell%s\n",
           cJSON_GetObjectItemCaseSensitive(ch, "scenario")->valuestring, cJSON_GetArraySize(cells),
           cJSON_GetArraySize(cells) == 1 ? "" : "s", cJSON_GetArraySize(units),
           cJSON_GetArraySize(units) == 1 ? "" : "s");
    cJSON_ArrayForEach(c, units) {
      printf("  %s %d: %g → %g units (%+g)\n", cJSON_GetObjectItemCaseSensitive(c, "activity")->valuestring,
             cJSON_GetObjectItemCaseSensitive(c, "year")->valueint,
             cJSON_GetObjectItemCaseSensitive(c, "baseline")->valuedouble,
             cJSON_GetObjectItemCaseSensitive(c, "scenario")->valuedouble,
             cJSON_GetObjectItemCaseSensitive(c, "delta")->valuedouble);
    }
    cJSON_ArrayForEach(c, cells) {
      printf("  %s %d %s: %.3f → %.3f (%+.3f)\n", cJSON_GetObjectItemCaseSensitive(c, "activity")->valuestring,
             cJSON_GetObjectItemCaseSensitive(c, "year")->valueint,
             cJSON_GetObjectItemCaseSensitive(c, "source")->valuestring,
             cJSON_GetObjectItemCaseSensitive(c, "baseline")->valuedouble,
             cJSON_GetObjectItemCaseSensitive(c, "scenario")->valuedouble,
             cJSON_GetObjectItemCaseSensitive(c, "delta")->valuedouble);
    }
  }
  free(rows);
}

/* Long CSV: one line per row and run (value and delta), then one per changed cell. */
static void print_csv(const cJSON *doc) {
  const cJSON *runs = cJSON_GetObjectItemCaseSensitive(doc, "runs"), *run;
  row *rows = NULL;
  int n = build_rows(runs, &rows);
  puts("section,key,run,value,delta");
  for (int i = 0; i < n; i++) {
    double base = value(runs->child, &rows[i]);
    cJSON_ArrayForEach(run, runs) {
      double v = value(run, &rows[i]);
      if (isnan(v))
        continue;
      printf("%s,", rows[i].section);
      kc_csv_text(stdout, rows[i].key);
      putchar(',');
      kc_csv_text(stdout, cJSON_GetObjectItemCaseSensitive(run, "name")->valuestring);
      printf(",%.6f,", v);
      if (run != runs->child && !isnan(base))
        printf("%.6f", v - base);
      putchar('\n');
    }
  }
  const cJSON *ch, *c;
  cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(doc, "changes")) {
    const char *name = cJSON_GetObjectItemCaseSensitive(ch, "scenario")->valuestring;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(ch, "cells")) {
      printf("cell,%s/%d/%s,", cJSON_GetObjectItemCaseSensitive(c, "activity")->valuestring,
             cJSON_GetObjectItemCaseSensitive(c, "year")->valueint,
             cJSON_GetObjectItemCaseSensitive(c, "source")->valuestring);
      kc_csv_text(stdout, name);
      printf(",%.3f,%.3f\n", cJSON_GetObjectItemCaseSensitive(c, "scenario")->valuedouble,
             cJSON_GetObjectItemCaseSensitive(c, "delta")->valuedouble);
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(ch, "units")) {
      printf("units,%s/%d,", cJSON_GetObjectItemCaseSensitive(c, "activity")->valuestring,
             cJSON_GetObjectItemCaseSensitive(c, "year")->valueint);
      kc_csv_text(stdout, name);
      printf(",%g,%g\n", cJSON_GetObjectItemCaseSensitive(c, "scenario")->valuedouble,
             cJSON_GetObjectItemCaseSensitive(c, "delta")->valuedouble);
    }
  }
  free(rows);
}

int cmd_compare(int argc, char **argv) {
  static const struct option opts[] = {{"scenario", required_argument, 0, 's'},
                                       {"format", required_argument, 0, 'f'},
                                       {"time-limit", required_argument, 0, 't'},
                                       {"timing", required_argument, 0, 'T'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  cli_scenarios sc = {0};
  const char *format = "table";
  kc_solve_opts so = {0};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:f:t:h", opts, NULL)) != -1) {
    switch (c) {
    case 'f':
      format = optarg;
      if (cli_check_format(format, "table,csv,json"))
        return EXIT_INPUT;
      break;
    case 'h':
      fputs(usage, stdout);
      return EXIT_OK;
    default:
      if (cli_shared_option(c, &sc, &so, usage) != EXIT_OK)
        return EXIT_INPUT;
    }
  }
  if (argc - optind < 2) {
    fputs(usage, stderr);
    return cli_usage_error("compare needs a MODEL and at least one SCENARIO.json");
  }
  kc_model m;
  int code = cli_load(argv[optind], &sc, &m);
  if (code != EXIT_OK)
    return code;
  cJSON *doc;
  kc_error err = {0};
  kc_rc rc = kc_compare(&m, (const char *const *)argv + optind + 1, argc - optind - 1, &so, &doc, &err);
  kc_model_free(&m);
  if (rc != KC_OK)
    return cli_report(rc, &err);
  if (strcmp(format, "json") == 0) {
    char *text = cJSON_Print(doc);
    if (text)
      puts(text);
    free(text);
  } else if (strcmp(format, "csv") == 0) {
    print_csv(doc);
  } else {
    print_table(doc);
  }
  cJSON_Delete(doc);
  return EXIT_OK;
}
