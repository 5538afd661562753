/* cmd_init.c — kcplan init: a template model folder to fill in a spreadsheet, every file with a
 * small worked example and _ghi_chu notes saying, in Vietnamese and English, what each column
 * holds. The template passes `kcplan check` and solves as written. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/fileio.h"
#include "cli.h"

static const char *const usage[] = {
    N_("usage: kcplan init DIR\n"
       "\n"),
    N_("Writes a template model folder DIR (made when missing; it must not hold any of these files yet):\n"
       "program.json, activities.csv, targets.csv, eligibility.csv, annual_ceilings.csv and\n"
       "proposals.csv, each with a small worked example and a _ghi_chu column (keys in program.json)\n"
       "explaining every column in Vietnamese and English. Open the CSV files in a spreadsheet, replace\n"
       "the example rows with the programme's, save as \"CSV UTF-8\" and run `kcplan check DIR`. Columns\n"
       "and keys starting with _ are notes: kcplan keeps them and reads nothing from them.\n"
       "\n"),
    CLI_HELP_HELP, NULL};

static const char *const names[] = {"program.json",    "activities.csv",      "targets.csv",
                                    "eligibility.csv", "annual_ceilings.csv", "proposals.csv"};

static const char *const texts[] = {
    /* program.json */
    "{\n"
    "  \"_ghi_chu\": \"Chương trình khuyến công: tên, các năm, các nguồn vốn và trần kinh phí (triệu đồng). "
    "The programme: its name, years, funding sources and ceilings (million VND). Keys starting with _ are "
    "notes.\",\n"
    "  \"name\": \"Chương trình khuyến công mẫu 2026-2028\",\n"
    "  \"name_vi\": \"Chương trình khuyến công tỉnh Mẫu giai đoạn 2026-2028\",\n"
    "  \"parent_agency\": \"ỦY BAN NHÂN DÂN TỈNH MẪU\",\n"
    "  \"agency\": \"SỞ CÔNG THƯƠNG TỈNH MẪU\",\n"
    "  \"place\": \"Mẫu\",\n"
    "  \"signers\": {\"preparer\": \"Nguyễn Văn A\", \"head\": \"Trần Thị B\", \"head_title\": \"GIÁM ĐỐC\"},\n"
    "  \"_ghi_chu_document\": \"Cho dự toán theo Nghị định 30/2020/NĐ-CP / for the budget proposal as an "
    "official document: name_vi = tên tiếng Việt / the Vietnamese name; parent_agency, agency = cơ quan chủ "
    "quản, cơ quan ban hành / the agency above and the issuing agency; place = địa danh / the place of the "
    "date line; signers = người lập biểu, thủ trưởng đơn vị và chức danh / who prepares it, the head and "
    "their title. All optional.\",\n"
    "  \"first_year\": 2026,\n"
    "  \"last_year\": 2028,\n"
    "  \"_ghi_chu_years\": \"first_year, last_year: năm đầu và năm cuối của chương trình / the first and last "
    "year, both included.\",\n"
    "  \"carry_over\": true,\n"
    "  \"_ghi_chu_carry_over\": \"true: kinh phí năm chưa dùng được chuyển sang năm sau / unspent annual "
    "ceiling moves to later years; false: it lapses.\",\n"
    "  \"sources\": [\n"
    "    {\"id\": \"national\", \"name\": \"Khuyến công quốc gia (KCQG)\", \"ceiling\": 3000,\n"
    "     \"_ghi_chu\": \"id: mã nguồn (chữ thường, số, _) / source id; name: tên hiển thị / display name; "
    "ceiling: trần cả chương trình, triệu đồng / the most it pays over all years, million VND (omit: no "
    "limit).\"},\n"
    "    {\"id\": \"local\", \"name\": \"Khuyến công địa phương (KCĐP)\", \"ceiling\": 1500}\n"
    "  ],\n"
    "  \"objective\": {\"attainment\": \"weighted\", \"timing\": \"early\",\n"
    "    \"_ghi_chu\": \"attainment: weighted (tổng thiếu hụt có trọng số nhỏ nhất / least weighted "
    "shortfall) or balanced (đều giữa các mục tiêu / evenly across targets); timing: early, late or "
    "none.\"}\n"
    "}\n",
    /* activities.csv */
    "id,name,unit,unit_cost,weight,min_per_year,max_per_year,disbursement,divisible,support_rate,group,_ghi_chu\n"
    "training,Đào tạo nghề,người,2.6,1,0,,1,0,1,\"Đào tạo nghề, khởi sự doanh nghiệp\",\"Cột / columns: "
    "id = mã hoạt động (chữ thường, số, _) / activity id; name = tên / name; unit = đơn vị tính / what one "
    "unit is; unit_cost = kinh phí nhà nước hỗ trợ một đơn vị, triệu đồng / the state's support per unit, "
    "million VND; weight = mức ưu tiên của mục tiêu / how much its targets matter (1); min_per_year, "
    "max_per_year = số đơn vị tối thiểu, tối đa khởi công mỗi năm / fewest and most units started a year "
    "(empty: no limit); disbursement = tỷ lệ giải ngân theo năm, cách nhau bằng dấu cách / shares paid in "
    "the start year, the next... (0.4 0.6); divisible = 1 nếu được lẻ / 1 when fractional units make "
    "sense; support_rate = tỷ lệ nhà nước hỗ trợ / the state's share of the whole cost (0.3: the "
    "beneficiary pays the rest, đối ứng); group = nhóm nội dung trong dự toán / the heading it is listed "
    "under in the budget proposal.\"\n"
    "demo_model,Mô hình trình diễn,mô hình,350,1,0,,1,0,0.3,\"Mô hình trình diễn, sản xuất sạch hơn\",Nhà "
    "nước hỗ trợ 30% / the state pays 30%\n"
    "cluster_infra,Hạ tầng cụm công nghiệp,cụm,1700,1,0,1,0.4 0.6,0,1,Cụm công nghiệp,\"Giải ngân 40% năm "
    "đầu, 60% năm sau / 40% paid in the start year and 60% the next\"\n",
    /* targets.csv */
    "activity,first_year,last_year,target,_ghi_chu\n"
    "training,2026,2028,300,\"activity = mã hoạt động / activity id; first_year, last_year = giai đoạn / "
    "the period; target = số đơn vị cần khởi công trong giai đoạn / units to start within it\"\n"
    "demo_model,2026,2028,6,\n"
    "cluster_infra,2026,2027,1,\n",
    /* eligibility.csv */
    "activity,source,max_share,min_share,_ghi_chu\n"
    "training,local,1,0,\"Nguồn nào được chi cho hoạt động nào / which source may pay for which activity "
    "(a pair not listed may not); max_share, min_share = tỷ lệ tối đa, tối thiểu nguồn này chi / the most "
    "and least share of the activity's payments this source pays (1, 0)\"\n"
    "demo_model,national,1,0,\n"
    "demo_model,local,1,0,\n"
    "cluster_infra,national,1,0,\n",
    /* annual_ceilings.csv */
    "source,year,ceiling,_ghi_chu\n"
    "national,2026,800,\"Trần kinh phí từng năm / each year's ceiling: source = mã nguồn / source id; year "
    "= năm / year; ceiling = triệu đồng / million VND\"\n"
    "national,2027,1200,\n"
    "national,2028,1200,\n"
    "local,2026,500,\n"
    "local,2027,500,\n"
    "local,2028,500,\n",
    /* proposals.csv */
    "id,name,activity,units,cost,first_year,last_year,score,owner,_ghi_chu\n"
    "da_htx_a,Mô hình máy sấy nông sản,demo_model,1,320,2026,2028,82,HTX A,\"Đề án được đề nghị hỗ trợ / "
    "submitted projects, funded wholly or not: id = mã đề án / id; name = tên / name; activity = hoạt động "
    "mà đề án góp vào mục tiêu / the activity whose targets it counts toward; units = số đơn vị / units it "
    "delivers; cost = kinh phí đề nghị hỗ trợ, triệu đồng / support requested, million VND; first_year, "
    "last_year = có thể bắt đầu trong khoảng / the years it may start; score = điểm thẩm định / appraisal "
    "score; owner = đơn vị đề xuất / who submitted it. Delete this file when there are no proposals.\"\n"
    "da_cty_b,Mô hình chế biến thủy sản,demo_model,2,680,2027,2028,75,Công ty B,\n",
};

/* Writes file i of the template. */
static void write_template(void *ctx, int i, FILE *fp) {
  (void)ctx;
  fputs(texts[i], fp);
}

int cmd_init(int argc, char **argv) {
  static const struct option opts[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  int c;
  while ((c = cli_getopt(argc, argv, "h", opts)) != -1) {
    if (c == 'h') {
      cli_help(stdout, usage);
      return EXIT_OK;
    }
    cli_help(stderr, usage);
    return EXIT_INPUT;
  }
  if (optind + 1 != argc) {
    cli_usage_error(optind >= argc ? "init needs a folder DIR" : "init takes one folder DIR");
    cli_help(stderr, usage);
    return EXIT_INPUT;
  }
  const char *dir = argv[optind];
  if (cli_check_out_dir(dir) != EXIT_OK)
    return EXIT_INPUT;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) { /* never over a planner's file */
    char path[1200];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (stat(path, &st) == 0)
      return cli_usage_error("%s: already there; init writes a new model only into a folder without one", path);
  }
  if (cli_make_out_dir(dir) != EXIT_OK)
    return EXIT_INPUT;
  kc_error err = {0};
  kc_rc rc = kc_write_file_set(dir, names, (int)(sizeof names / sizeof names[0]), write_template, NULL, &err);
  if (rc != KC_OK)
    return cli_report(rc, &err);
  printf(_("kcplan: wrote a template model in %s; fill in its files and run: kcplan check %s\n"), dir, dir);
  return EXIT_OK;
}
