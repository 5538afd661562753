/* cmd_proposal.c — kcplan proposal: one year of the optimal plan as the budget proposal table. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fileio.h"
#include "render/proposal.h"
#include "cli.h"
#include "core/utf8.h"

static const char *const usage[] = {
    N_("usage: kcplan proposal MODEL --year Y [-s SCENARIO.json]... [--lang vi|en] [--excel] [--whole-millions]\n"
       "                       [--number TEXT] [--date YYYY-MM-DD]\n"
       "                       -o FILE.(csv|md|html|xlsx) [--time-limit SEC] [--timing N|exact] [--merit N]\n"
       "                       [--actuals FILE] [--baseline PLAN.csv] [--progress]\n"
       "\n"),
    N_("Solves the model and writes year Y of the optimal plan as the annual budget proposal (dự toán\n"
       "kinh phí khuyến công): activities grouped under Roman-numeral headings (activities.csv column\n"
       "`group`), STT, content, unit, quantity started, total cost, one column per source, the\n"
       "beneficiaries' counterpart (đối ứng) and notes; subtotals, a grand total, and the year's totals\n"
       "against the ceilings. Money in million VND. With actuals the closed years before Y are shown\n"
       "first as executed (thực hiện) units and cost; with --baseline the items that differ from the\n"
       "approved plan are noted as adjusted (điều chỉnh).\n"
       "\n"),
    N_("The .md, .html and .xlsx proposals are laid out as an official document: the agency and its\n"
       "number (program.json keys agency, parent_agency), the national motto, the place-and-date line\n"
       "(place), the title, and the signature blocks of the preparer and the head of the agency\n"
       "(signers: preparer, head, head_title); name_vi names the programme in the Vietnamese one.\n"
       "\n"),
    N_("  -y, --year Y         the year of the proposal (inside the model's horizon)\n"),
    CLI_HELP_SCENARIO,
    CLI_HELP_ACTUALS,
    CLI_HELP_BASELINE,
    CLI_HELP_LANG,
    N_("  -o, --out FILE       the proposal; its extension picks the format: .csv (plain numbers),\n"
       "                       .md, .html (prints on A4 landscape) or .xlsx (a unit price column; each\n"
       "                       item's money is quantity x unit price, every total a formula);\n"
       "                       '-' prints CSV to standard output\n"),
    N_("      --excel          CSV for Excel: a byte-order mark and CRLF line ends (Vietnamese shows\n"
       "                       correctly when the file is double-clicked); with --lang vi, fields\n"
       "                       separated by ';' and decimal commas, as Vietnamese regional settings read\n"
       "                       them\n"),
    N_("      --whole-millions money in whole million VND (each figure rounded on its own) instead of to\n"
       "                       the thousandth\n"),
    N_("      --number TEXT    the document's number (Số), e.g. 45/DT-SCT; default: dots to fill in\n"),
    N_("      --date YYYY-MM-DD  the date of the place-and-date line; default: dots to fill in\n"),
    N_("  -t, --time-limit SEC stop after SEC seconds with the best plan found (exit 4)\n"),
    CLI_HELP_EFFORT,
    CLI_HELP_PROGRESS,
    CLI_HELP_HELP,
    NULL};

typedef enum { OUT_CSV, OUT_MD, OUT_HTML, OUT_XLSX } out_kind;

static int out_kind_of(const char *path, out_kind *k) {
  const char *dot = strrchr(path, '.');
  if (strcmp(path, "-") == 0)
    *k = OUT_CSV;
  else if (dot && strcmp(dot, ".csv") == 0)
    *k = OUT_CSV;
  else if (dot && strcmp(dot, ".md") == 0)
    *k = OUT_MD;
  else if (dot && (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0))
    *k = OUT_HTML;
  else if (dot && strcmp(dot, ".xlsx") == 0)
    *k = OUT_XLSX;
  else
    return cli_usage_error("%s: the file name must end in .csv, .md, .html or .xlsx (it picks the format)", path);
  return EXIT_OK;
}

static int write_proposal(const char *path, out_kind kind, int excel, const kc_proposal *pr) {
  kc_error err = {0};
  kc_rc rc;
  if (strcmp(path, "-") != 0 && cli_make_out_file_dir(path) != EXIT_OK)
    return EXIT_INPUT;
  if (kind == OUT_XLSX)
    rc = kc_proposal_xlsx(path, pr, &err);
  else if (strcmp(path, "-") == 0) {
    kc_proposal_csv(stdout, pr, excel);
    return EXIT_OK;
  } else {
    kc_atomic f;
    if ((rc = kc_atomic_open(&f, path, &err)) != KC_OK)
      return cli_report(rc, &err);
    if (kind == OUT_CSV)
      kc_proposal_csv(f.fp, pr, excel);
    else if (kind == OUT_MD)
      kc_proposal_md(f.fp, pr);
    else
      kc_proposal_html(f.fp, pr);
    rc = kc_atomic_commit(&f, &err);
    kc_atomic_abort(&f);
  }
  return rc == KC_OK ? EXIT_OK : cli_report(rc, &err);
}

int cmd_proposal(int argc, char **argv) {
  static const struct option opts[] = {{"year", required_argument, 0, 'y'},
                                       {"scenario", required_argument, 0, 's'},
                                       {"actuals", required_argument, 0, 'A'},
                                       {"baseline", required_argument, 0, 'B'},
                                       {"lang", required_argument, 0, 'l'},
                                       {"out", required_argument, 0, 'o'},
                                       {"excel", no_argument, 0, 'E'},
                                       {"number", required_argument, 0, 'N'},
                                       {"date", required_argument, 0, 'D'},
                                       {"whole-millions", no_argument, 0, 'W'},
                                       {"time-limit", required_argument, 0, 't'},
                                       {"stage-limit", required_argument, 0, 'L'},
                                       {"timing", required_argument, 0, 'T'},
                                       {"merit", required_argument, 0, 'R'},
                                       {"progress", no_argument, 0, 'P'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *out = NULL;
  long year = 0;
  int excel = 0, whole = 0, c, dy = 0, dm = 0, dd = 0;
  const char *number = NULL;
  kc_solve_opts so = {0};
  cli_scenarios sc = {0};
  optind = 1;
  while ((c = cli_getopt(argc, argv, "y:s:l:o:t:h", opts)) != -1) {
    char *end;
    switch (c) {
    case 'y':
      year = strtol(optarg, &end, 10);
      if (*optarg == '\0' || *end != '\0' || year < 1 || year > 9999)
        return cli_usage_error("--year takes a year such as 2019, not '%s'", optarg);
      break;
    case 'o':
      out = optarg;
      break;
    case 'E':
      excel = 1;
      break;
    case 'N':
      if (kc_utf8_name_problem(optarg) || strlen(optarg) > 100)
        return cli_usage_error("--number takes the document's number on one line (at most 100 bytes)");
      number = optarg;
      break;
    case 'D': {
      char tail;
      if (sscanf(optarg, "%4d-%2d-%2d%c", &dy, &dm, &dd, &tail) != 3 || dy < 1900 || dy > 2200 || dm < 1 || dm > 12 ||
          dd < 1 || dd > 31)
        return cli_usage_error("--date takes a date as YYYY-MM-DD, such as 2018-11-15, not '%s'", optarg);
      break;
    }
    case 'W':
      whole = 1;
      break;
    case 'h':
      cli_help(stdout, usage);
      return EXIT_OK;
    default:
      if (cli_shared_option(c, &sc, &so, usage) != EXIT_OK)
        return EXIT_INPUT;
    }
  }
  out_kind kind = OUT_CSV;
  if (cli_one_model(argc, "proposal", usage) != EXIT_OK)
    return EXIT_INPUT;
  if (!year)
    return cli_usage_error("proposal needs --year Y (the year the proposal is for)");
  if (!out)
    return cli_usage_error("proposal needs -o FILE.(csv|md|html|xlsx)");
  if (out_kind_of(out, &kind) != EXIT_OK || (strcmp(out, "-") != 0 && cli_check_out_file(out) != EXIT_OK))
    return EXIT_INPUT;
  if (excel && kind != OUT_CSV)
    return cli_usage_error("--excel applies to .csv output only");

  kc_run x;
  cli_progress_setup(&so);
  int code = cli_run(argv[optind], &sc, &so, &x);
  if (code == EXIT_OK)
    code = cli_outcome(&x);
  if (x.has_plan) {
    kc_proposal pr;
    kc_error err = {0};
    kc_rc rc = kc_proposal_make(&x.m, &x.r, &x.p, (int)year, cli_lang, &pr, &err);
    if (rc != KC_OK) {
      code = cli_report(rc, &err);
    } else {
      pr.number = number;
      pr.date_y = dy, pr.date_m = dm, pr.date_d = dd;
      pr.whole = whole;
      int wc = write_proposal(out, kind, excel, &pr);
      if (wc != EXIT_OK)
        code = wc;
      kc_proposal_free(&pr);
    }
  }
  kc_run_free(&x);
  return code;
}
