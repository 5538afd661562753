/* main.c — kcplan: budget allocation and planning optimizer. Dispatches to one sub-command. */
#define _POSIX_C_SOURCE 200809L
#include <glpk.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/fileio.h"
#include "core/kc_version.h"
#include "render/output.h"
#include "cli.h"
#include "core/i18n.h"
#include "core/text.h"

static const struct {
  const char *name;
  cmd_fn fn;
  const char *help;
} commands[] = {
    {"solve", cmd_solve, N_("solve a model and write the optimal plan")},
    {"check", cmd_check, N_("validate a model folder without solving")},
    {"compare", cmd_compare, N_("the baseline and scenarios side by side, with deltas and changed cells")},
    {"sweep", cmd_sweep, N_("vary one scenario field over a range: a plan per point, breakpoints")},
    {"gap", cmd_gap, N_("how much more money, per source and year, reaches every target")},
    {"proposal", cmd_proposal, N_("one year of the plan as the annual budget proposal (csv, md, html, xlsx)")},
    {"report", cmd_report, N_("a self-contained HTML report: figures, charts, the plan, a sweep slider")},
    {"export", cmd_export, N_("write a stage's problem as CPLEX LP or MPS for glpsol/CBC")},
    {"init", cmd_init, N_("write a template model folder to fill in a spreadsheet")},
};

static int usage(FILE *fp) {
  fprintf(fp, _("usage: kcplan COMMAND MODEL [options]\n\n"
                "kcplan turns unit costs, target counts and funding ceilings into an optimal year-by-year\n"
                "plan (money in million VND).\n\ncommands:\n"));
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(fp, "  %-8s %s\n", commands[i].name, _(commands[i].help));
  fprintf(fp, _("\n'kcplan COMMAND --help' describes a command; 'kcplan --version' the version.\n"
                "Exit codes: 0 success, 1 internal or solver failure, 2 usage or input error,\n"
                "3 infeasible model, 4 time limit reached (best plan written, gap reported).\n"));
  return fp == stdout ? EXIT_OK : EXIT_INPUT;
}

static int finish(int code) {
  if (fflush(stdout) != 0 || ferror(stdout)) { /* a full device, a closed pipe */
    fprintf(stderr, _("kcplan: error writing to standard output\n"));
    return code ? code : EXIT_INPUT;
  }
  return code;
}

/* SIGINT, SIGTERM, SIGHUP: remove the temporary files of outputs not yet in place, then die of the
 * signal as usual. Outputs appear whole or not at all. */
/* looked up (and measured) before any signal is caught: the handler may call neither gettext nor more */
static const char *interrupted;
static size_t interrupted_len;

static void on_signal(int sig) {
  kc_atomic_remove_all();
  ssize_t w = write(STDERR_FILENO, interrupted, interrupted_len);
  (void)w;
  signal(sig, SIG_DFL);
  raise(sig);
}

static void catch_signals(void) {
  const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  interrupted = _("kcplan: interrupted; no output written\n");
  interrupted_len = strlen(interrupted);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
      continue; /* ignored by whoever started us (nohup, a background job): keep it so */
    sigaction(sigs[i], &sa, NULL);
  }
}

/* Standard input, output and error that the caller closed (`kcplan ... >&-`) are opened on /dev/null
 * before anything else: otherwise the first file kcplan opens would take descriptor 1, and what it
 * prints would go into that file. */
static void open_std_fds(void) {
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
      int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
      if (n >= 0 && n != fd) { /* open takes the lowest free descriptor: fd itself, normally */
        dup2(n, fd);
        close(n);
      }
    }
}

int main(int argc, char **argv) {
  open_std_fds();
  cli_language_setup(argc, argv);
  if (argc < 2) {
    fputs(_("kcplan: a COMMAND is needed\n"), stderr);
    return usage(stderr);
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)
    return finish(usage(stdout));
  if (strcmp(argv[1], "--version") == 0) {
    printf("kcplan %s (GLPK %s)\n", KC_VERSION, glp_version());
    return finish(EXIT_OK);
  }
  catch_signals();
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(argv[1], commands[i].name) == 0)
      return finish(commands[i].fn(argc - 1, argv + 1));
  const char *names[sizeof commands / sizeof commands[0]];
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    names[i] = commands[i].name;
  const char *near = kc_closest(argv[1], names, (int)(sizeof names / sizeof names[0]));
  if (near)
    fprintf(stderr, _("kcplan: unknown command '%s'; did you mean '%s'?\n"), argv[1], near);
  else
    fprintf(stderr, _("kcplan: unknown command '%s'\n"), argv[1]);
  return usage(stderr);
}
