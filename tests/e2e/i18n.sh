#!/usr/bin/env bash
# i18n.sh — one language setting for everything, through GNU gettext: every message marked for
# translation has its Vietnamese one (xgettext over the sources against po/vi.po); LANG=vi_VN.UTF-8
# gives Vietnamese headings, words and numbers (18.438,000) whether or not that locale is installed,
# and --lang overrides the environment; the proposal follows the same setting; files meant for
# programs are byte-identical in every language.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020

# every marked message translated, and the catalogue well-formed
xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 --from-code=UTF-8 --no-location -o "$TMP/kcplan.pot" "$ROOT"/solver/*/*.c ||
  fail "xgettext"
msgcmp "$ROOT/po/vi.po" "$TMP/kcplan.pot" 2>"$TMP/msgcmp.err" || fail "messages without a translation: $(cat "$TMP/msgcmp.err")"
msgfmt --check --statistics -o /dev/null "$ROOT/po/vi.po" 2>"$TMP/stat" || fail "msgfmt --check"
grep -q "untranslated\|fuzzy" "$TMP/stat" && fail "po/vi.po: $(cat "$TMP/stat")"

# LANG picks Vietnamese; --lang overrides it either way
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$M" -s "$ROOT/scenarios/local-cut-30.json" >"$TMP/vi.out" 2>&1 || fail "solve in Vietnamese"
for want in "Chương trình khuyến công thành phố Cần Thơ giai đoạn 2017-2020" "Kịch bản áp dụng: local-cut-30" \
  "Trạng thái: tối ưu" "Hoạt động" "Nguồn vốn" "Mọi nguồn" "16.338,000" "Mục tiêu tối ưu (đạt theo trọng số)" \
  "tổng chi 16.338,000"; do
  grep -qF -- "$want" "$TMP/vi.out" || fail "Vietnamese solve lacks '$want'"
done
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$M" --lang en >"$TMP/en.out" 2>&1
grep -q "^Status: optimal" "$TMP/en.out" && grep -q "total spend 18438.000" "$TMP/en.out" || fail "--lang en under LANG=vi"
LANG=C "$KCPLAN" solve "$M" --lang vi >"$TMP/vi2.out" 2>&1
grep -q "^Trạng thái: tối ưu" "$TMP/vi2.out" || fail "--lang vi under LANG=C"
# compare and sweep in Vietnamese words and numbers
LANG=vi_VN.UTF-8 "$KCPLAN" compare "$M" "$ROOT/scenarios/local-cut-30.json" >"$TMP/cmp.out" 2>&1 || fail "compare in Vietnamese"
for want in "Phương án gốc và 1 kịch bản so sánh" "Số mục tiêu đạt đủ" "12 trên 12" "Khuyến công địa phương (KCĐP): còn chưa phân bổ" \
  "Mô hình trình diễn 2018-2020: 6 trên 18 mô hình không được cấp kinh phí (kế hoạch 12; phương án gốc 18)." \
  "trần giảm 1.980, còn 4.620; chi ít hơn 2.100; còn 182 chưa phân bổ (phương án gốc: 62)." \
  "đơn vị còn thiếu rẻ nhất, 1 mô hình Mô hình trình diễn 2018-2020, cần 350."; do
  grep -qF -- "$want" "$TMP/cmp.out" || fail "Vietnamese compare lacks '$want'"
done
LANG=vi_VN.UTF-8 "$KCPLAN" sweep "$M" --vary sources.local.ceiling_scale=1:0.9:0.05 -o "$TMP/swvi" >"$TMP/sw.out" 2>&1 || fail "sweep"
grep -qF "từ 6.270 đến 6.600 triệu đồng Khuyến công địa phương (KCĐP): cứ thêm 330 triệu đồng thì thêm được 1 mô hình Mô hình trình diễn 2018-2020" \
  "$TMP/sw.out" || fail "Vietnamese sweep breakpoints: $(cat "$TMP/sw.out")"
jq -r '.breakpoints[0].rate_text' "$TMP/swvi/sweep.json" | grep -q '^from 6,270 to 6,600 million VND' || fail "sweep.json is not English (it is for programs)"
# gap and the proposals listing
LANG=vi_VN.UTF-8 "$KCPLAN" gap "$M" -s "$ROOT/scenarios/local-cut-30.json" >"$TMP/gap.out" 2>&1 || fail "gap"
grep -qF "Chương trình khuyến công thành phố Cần Thơ giai đoạn 2017-2020: thêm 1.918,000 triệu đồng thì đạt mọi mục tiêu." \
  "$TMP/gap.out" || fail "Vietnamese gap: $(cat "$TMP/gap.out")"
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$ROOT/examples/cantho-proposals" >"$TMP/props.out" 2>&1 || fail "solve with proposals"
grep -qF "  tài trợ  Máy sấy lúa Cờ Đỏ (dm_rice_dryer): 2 mô hình Mô hình trình diễn, điểm 82, bắt đầu" "$TMP/props.out" ||
  fail "Vietnamese proposals listing: $(grep -A3 "Đề án" "$TMP/props.out")"
# the report: the programme's Vietnamese name, ceilings and methods in planner words
LANG=vi_VN.UTF-8 "$KCPLAN" report "$M" -s "$ROOT/scenarios/local-cut-30.json" -o "$TMP/r.html" 2>/dev/null || fail "report"
for want in "<b>Chương trình khuyến công thành phố Cần Thơ giai đoạn 2017-2020</b>" "<td>trần tổng KCQG</td>" \
  "<td>trần năm 2018 KCĐP</td>" "giải lại với trần tăng thêm 595 triệu"; do
  grep -qF -- "$want" "$TMP/r.html" || fail "Vietnamese report lacks '$want'"
done
grep -qE "ceiling:|annual:|finite_difference|lp_dual" "$TMP/r.html" && fail "the Vietnamese report shows the solver's row names"
"$KCPLAN" report "$M" -s "$ROOT/scenarios/local-cut-30.json" -o "$TMP/r_en.html" 2>/dev/null || fail "report in English"
grep -qF "<td>KCQG total ceiling</td>" "$TMP/r_en.html" && grep -qF "re-solved with the ceiling raised by 595 million" "$TMP/r_en.html" ||
  fail "the English report's marginal values"
# messages, suggestions included
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$M" --ouy x 2>"$TMP/opt.err"
head -1 "$TMP/opt.err" | grep -qF "solve: không có tùy chọn '--ouy'; có phải ý bạn là '--out'?" ||
  fail "Vietnamese option message: $(head -1 "$TMP/opt.err")"
LANG=vi_VN.UTF-8 "$KCPLAN" slove 2>"$TMP/cmd.err"
head -1 "$TMP/cmd.err" | grep -qF "không có lệnh 'slove'; có phải ý bạn là 'solve'?" || fail "Vietnamese command message"
# the proposal follows the one setting
LANG=vi_VN.UTF-8 "$KCPLAN" proposal "$M" --year 2018 -o - >"$TMP/pvi.csv" || fail "proposal under LANG=vi"
grep -q "^STT,Nội dung" "$TMP/pvi.csv" || fail "the proposal under LANG=vi is not Vietnamese"
"$KCPLAN" proposal "$M" --year 2018 -o - >"$TMP/pen.csv" || fail "proposal"
grep -q "^No.,Content" "$TMP/pen.csv" || fail "the proposal under LANG=C.UTF-8 is not English"
# files for programs do not change with the language
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$M" -q -o "$TMP/ovi" && "$KCPLAN" solve "$M" -q -o "$TMP/oen" || fail "solve -o"
for f in plan.csv disbursement.csv attainment.csv; do
  cmp -s "$TMP/ovi/$f" "$TMP/oen/$f" || fail "$f differs between the languages"
done
diff <(jq 'del(.solver.seconds, .solver.stages[].seconds)' "$TMP/ovi/summary.json") \
  <(jq 'del(.solver.seconds, .solver.stages[].seconds)' "$TMP/oen/summary.json") >/dev/null || fail "summary.json differs"
echo "ok: one language setting; every marked message translated; program files identical"
