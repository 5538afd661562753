/* cli.h — what the kcplan sub-commands share: exit codes, error printing, option parsing. */
#ifndef KC_CLI_H
#define KC_CLI_H

#include <stdio.h>

#include "core/i18n.h"
#include "core/kc_error.h"
#include "core/text.h"
#include "optimize/gap.h"
#include "core/model.h"
#include "plan/plan.h"
#include "plan/run.h"
#include "optimize/solve.h"

enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,   /* internal or solver failure */
  EXIT_INPUT = 2,      /* usage or input error */
  EXIT_INFEASIBLE = 3, /* infeasible model, explained */
  EXIT_LIMIT = 4       /* solver limit reached, best plan written with its gap */
};

typedef int (*cmd_fn)(int argc, char **argv);

/* The one language of a run's messages, tables and documents: --lang (-l) vi|en, else Vietnamese when
 * LC_ALL, LC_MESSAGES or LANG (the first set) starts with "vi". cli_language_setup reads it from the
 * arguments and the environment, points gettext at it and binds the catalogues (beside the program,
 * else the installed ones); cli_shared_option reads --lang ('l') again to refuse a bad value. */
extern kc_lang cli_lang;
void cli_language_setup(int argc, char **argv);
#define CLI_HELP_LANG                                                                                                  \
  N_("  -l, --lang LANG      vi or en: the language of messages, tables and documents (default: vi when\n"             \
     "                       LANG starts with vi, else en)\n")

/* A command's --help: its blocks (the synopsis, each paragraph, each option; NULL-terminated, each
 * marked N_ for the catalogue) written to fp in the messages' language. */
void cli_help(FILE *fp, const char *const *usage);

/* The --help lines of the options several commands share, written once. */
#define CLI_HELP_SCENARIO                                                                                              \
  N_("  -s, --scenario FILE  apply a scenario of changes (keys: docs/scenarios.md); several apply left to right\n")
#define CLI_HELP_ACTUALS                                                                                               \
  N_("      --actuals FILE   what really happened in the first years, in plan.csv's columns (default:\n"               \
     "                       the model's actuals.csv, when it has one): those years are kept, the rest planned\n")
#define CLI_HELP_BASELINE                                                                                              \
  N_("      --baseline PLAN.csv  the approved plan (a plan.csv written earlier): among the plans optimal\n"            \
     "                       for attainment, spend and sources, the one that changes it least\n")
#define CLI_HELP_TIME_LIMIT                                                                                            \
  N_("  -t, --time-limit SEC stop after SEC seconds with the best plan found (exit 4, bound reported);\n"              \
     "                       where it stops depends on the machine's speed and load\n")
#define CLI_HELP_EFFORT                                                                                                \
  N_("      --timing N|exact   effort for the timing stage, the tie-breaker among plans proven optimal\n"              \
     "                       for attainment, spend and sources: N branch-and-bound nodes (default\n"                   \
     "                       2000; counted, so the plan is the same on any machine), or exact\n"                       \
     "      --merit N          effort for the merit stage (choosing among proposals): N nodes\n"                       \
     "                       (default 3000); when it runs out the best selection is kept, exit 4\n")
#define CLI_HELP_HELP N_("  -h, --help           this text\n")

/* The -s SCENARIO.json options of a command, in the order given, and its --actuals FILE (NULL: the
 * model folder's actuals.csv, when it has one). */
typedef struct {
  const char *path[KC_MAX_SCEN];
  int n;
  const char *actuals;
  const char *baseline; /* --baseline PLAN.csv: the approved plan the stability stages keep close to */
} cli_scenarios;

/* Adds one -s path; EXIT_INPUT (with a message) when there are too many. */
int cli_add_scenario(cli_scenarios *sc, const char *path);

/* Handles the options every command shares: 's' (-s SCENARIO), 'A' (--actuals FILE), 'B' (--baseline
 * PLAN.csv), and when so is
 * not NULL 't' (--time-limit SEC), 'T' (--timing N|exact) and 'L' (the retired --stage-limit: a
 * message), reading optarg. Returns
 * EXIT_OK when handled, else EXIT_INPUT after printing a message (a bad value) or the command's usage (an unknown
 * option). */
int cli_shared_option(int c, cli_scenarios *sc, kc_solve_opts *so, const char *const *usage);

/* EXIT_OK when format is one of the comma-separated allowed names, else EXIT_INPUT with a message. */
int cli_check_format(const char *format, const char *allowed);

/* Loads the model folder dir and applies the scenarios left to right (sc may be NULL). Prints the
 * error and returns its exit code on failure (*m is then empty); prints the model's warnings and
 * returns EXIT_OK on success (*m is the caller's to free). */
int cli_load(const char *dir, const cli_scenarios *sc, kc_model *m);

/* Explains on stderr why m has no plan: the ceilings that must rise (why, from the elastic model;
 * may be NULL) or the rule no money repairs. */
void cli_explain_infeasible(const kc_model *m, const kc_result *r, const kc_gap *why);

/* Says on stderr where the time limit stopped r (status KC_ERR_LIMIT): the kept plan's value of that
 * stage and the best any plan can reach, in the stage's own terms, or that no plan was found. */
void cli_limit_note(const kc_model *m, const kc_result *r);

/* Loads the model folder dir and runs it with the scenarios through kc_run_model (the model's
 * warnings printed once the scenarios are applied, before solving; an infeasible model explained).
 * EXIT_OK when *x holds a finished run, whatever its status (cli_outcome says it); otherwise the error
 * printed and its exit code. *x is the caller's to free with kc_run_free in every case. */
int cli_run(const char *dir, const cli_scenarios *sc, const kc_solve_opts *so, kc_run *x);

/* Says on stderr what a finished run's status needs said (why it is infeasible, where the time
 * limit stopped it) and returns its exit code: EXIT_OK, EXIT_INFEASIBLE or EXIT_LIMIT. */
int cli_outcome(const kc_run *x);

/* EXIT_OK when the output folder dir exists and is writable, or is missing and can be made (the
 * nearest folder above it that exists is writable); else EXIT_INPUT with a message. Checked before
 * solving; nothing is made. */
int cli_check_out_dir(const char *dir);

/* Makes the output folder dir and the folders above it that are missing (as mkdir -p does), once
 * there is something to write; EXIT_OK, or EXIT_INPUT with a message. */
int cli_make_out_dir(const char *dir);

/* cli_check_out_dir and cli_make_out_dir for the folder of the output file path. */
int cli_check_out_file(const char *path);
int cli_make_out_file_dir(const char *path);

/* EXIT_OK when exactly one argument (the MODEL folder) is left after the options, else prints the
 * usage and a message and returns EXIT_INPUT. */
int cli_one_model(int argc, const char *command, const char *const *usage);

/* getopt_long, with kcplan's messages in place of getopt's: one line naming the command and what is
 * wrong (an option that needs a value; an unknown option, with the option it most likely
 * misspells). Returns what getopt_long returns. */
struct option;
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* Progress on long runs, on stderr: a line about once a second on a terminal (or with --progress,
 * which cli_shared_option reads as 'P'), every five seconds otherwise, each with the time elapsed,
 * what the stage is doing in words and how far its node budget has gone (with the time that leaves
 * at most); a sweep's first line says how many points and, after the first, about how long. */
extern int cli_progress_forced;
#define CLI_HELP_PROGRESS                                                                                              \
  N_("      --progress       a progress line every second, also when stderr is not a terminal\n")
void cli_progress_setup(kc_solve_opts *so);
void cli_progress_start(void); /* the clock of a run whose progress is not a solve's (a sweep) */

/* Prints a sweep's progress to stderr (kc_sweep_opts.progress); call cli_progress_setup first. */
void cli_sweep_progress(void *ctx, int done, int total);

/* Parses -j N (1 to 64 threads) into *threads; EXIT_INPUT with a message otherwise. */
int cli_parse_threads(const char *s, int *threads);
/* Parses --shard K/N strictly (digits only, 0 <= K < N); EXIT_OK, or the usage error printed. */
int cli_parse_shard(const char *s, int *k, int *n);

int cmd_solve(int argc, char **argv);
int cmd_proposal(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_gap(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sweep(int argc, char **argv);

/* Prints "kcplan: FILE:LINE:COL: message" to stderr and returns the exit code for rc. */
int cli_report(kc_rc rc, const kc_error *err);

/* Prints "kcplan: message" to stderr and returns EXIT_INPUT. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the model's warnings (kc_model_warnings) to stderr as "kcplan: warning: FILE:LINE: ...". */
void cli_warnings(const kc_model *m);

/* The exit code for a library result code. */
int cli_exit_code(kc_rc rc);

/* Parses a time limit in seconds (> 0); 0 on success. */
int cli_parse_seconds(const char *s, double *out);

#endif
