#!/usr/bin/env bash
# i18n.sh — one language setting for everything, through GNU gettext: every message marked for
# translation has its Vietnamese one (xgettext over the sources against po/vi.po); LANG=vi_VN.UTF-8
# gives Vietnamese headings, words and numbers (18.438,000) whether or not that locale is installed,
# and --lang overrides the environment; the proposal follows the same setting; files meant for
# programs are byte-identical in every language.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020

# every marked message translated, and the catalogue well-formed
bash "$ROOT/po/update.sh" --pot "$TMP/kcplan.pot" || fail "xgettext"
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
grep -qF "Quét trần tổng KCĐP, tính theo lần trần của mô hình (sources.local.ceiling_scale) từ 1 đến 0,9, bước 0,05" "$TMP/sw.out" ||
  fail "the Vietnamese sweep does not name its field in words: $(head -1 "$TMP/sw.out")"
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
LANG=vi_VN.UTF-8 "$KCPLAN" report "$M" --sweep activities.demo_model.weight=-1:1:1 -o "$TMP/rs.html" 2>/dev/null || fail "report --sweep"
for want in "<h2>Phân tích độ nhạy: trọng số của Mô hình trình diễn <small>(activities.demo_model.weight)</small></h2>" \
  '"status_text":"giá trị trái quy định của mô hình"' '"message":"sau kịch bản này: demo_model: weight -1 phải từ 0 đến 1e6"'; do
  grep -qF -- "$want" "$TMP/rs.html" || fail "the Vietnamese report's sweep lacks '$want'"
done
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
# every command's --help in Vietnamese, no block left in English
for cmd in solve compare sweep gap check report proposal export init; do
  LANG=vi_VN.UTF-8 "$KCPLAN" $cmd --help >"$TMP/h_vi" && "$KCPLAN" $cmd --help >"$TMP/h_en" || fail "$cmd --help"
  head -1 "$TMP/h_vi" | grep -q "^cách dùng: kcplan $cmd" || fail "$cmd --help in Vietnamese: $(head -1 "$TMP/h_vi")"
  grep -q "^  -h, --help           văn bản này$" "$TMP/h_vi" || fail "$cmd --help: -h not in Vietnamese"
  same=$(comm -12 <(sort -u "$TMP/h_vi") <(sort -u "$TMP/h_en") | grep -v '^$' | grep -v 'head -1 s0/sweep.csv')
  [ -z "$same" ] || fail "$cmd --help keeps English lines: $same"
done
# the library's messages: a scenario's unknown id, a CSV cell, the check summary
echo '{"sources": {"locl": {"ceiling_scale": 0.5}}}' >"$TMP/locl.json"
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$M" -s "$TMP/locl.json" 2>"$TMP/locl.err" && fail "unknown source accepted"
grep -qF "$TMP/locl.json:1:14: sources.locl: mô hình không có nguồn vốn \"locl\"; có phải ý bạn là \"local\"? các nguồn vốn là: national, local" \
  "$TMP/locl.err" || fail "Vietnamese scenario message: $(cat "$TMP/locl.err")"
cp -r "$M" "$TMP/bad" && sed -i '2s/,2\.6,/,2.6x,/' "$TMP/bad/activities.csv"
LANG=vi_VN.UTF-8 "$KCPLAN" check "$TMP/bad" 2>"$TMP/bad.err" && fail "a bad number accepted"
grep -qF "activities.csv:2:4: unit_cost: \"2.6x\" không phải là một số hữu hạn" "$TMP/bad.err" ||
  fail "Vietnamese CSV message: $(cat "$TMP/bad.err")"
cp -r "$M" "$TMP/notargets" && rm "$TMP/notargets/targets.csv"
LANG=vi_VN.UTF-8 "$KCPLAN" check "$TMP/notargets" 2>"$TMP/nt.err" && fail "a model without targets.csv accepted"
grep -q "targets.csv: không mở được: " "$TMP/nt.err" && ! grep -q '?' "$TMP/nt.err" ||
  fail "the system's reason is not whole UTF-8: $(cat "$TMP/nt.err")"
LANG=vi_VN.UTF-8 "$KCPLAN" check "$M" >"$TMP/check.out" || fail "check"
grep -qF "mô hình hợp lệ \"Chương trình khuyến công thành phố Cần Thơ giai đoạn 2017-2020\", 2017-2020: 8 hoạt động, 12 mục tiêu" \
  "$TMP/check.out" || fail "Vietnamese check: $(cat "$TMP/check.out")"
# reasons: Vietnamese words and numbers on the terminal, English in the files programs read
cp -r "$M" "$TMP/inf" && sed -i 's/^demo_model,\(.*\),1,0,,1,0,0.3,/demo_model,\1,1,20,,1,0,0.3,/' "$TMP/inf/activities.csv"
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$TMP/inf" -o "$TMP/infout" 2>"$TMP/inf.err"
[ $? = 3 ] || fail "the infeasible model's exit code"
grep -qF "không có phương án: số đơn vị đã cam kết (min_per_year) cần 28.000,000 triệu đồng nhưng tổng mọi trần chỉ cho phép 18.500,000" \
  "$TMP/inf.err" || fail "Vietnamese infeasibility: $(cat "$TMP/inf.err")"
jq -r .reason "$TMP/infout/summary.json" | grep -q "^committed units (min_per_year) cost 28000.000 million VND" ||
  fail "summary.json's reason is not English: $(jq -r .reason "$TMP/infout/summary.json")"
echo '{"activities": {"cluster_infra": {"max_per_year": 1}}}' >"$TMP/late.json"
LANG=vi_VN.UTF-8 "$KCPLAN" gap "$M" -s "$TMP/late.json" >"$TMP/late.out"
grep -qF "Hạ tầng cụm công nghiệp 2018-2020 (chỉ tiêu 3): chỉ khởi công được tối đa 2 đơn vị trong giai đoạn" "$TMP/late.out" ||
  fail "Vietnamese unreachable target: $(cat "$TMP/late.out")"
LANG=vi_VN.UTF-8 "$KCPLAN" gap "$M" -s "$TMP/late.json" --format json >"$TMP/late_vi.json"
"$KCPLAN" gap "$M" -s "$TMP/late.json" --format json >"$TMP/late_en.json"
diff <(jq 'del(.seconds)' "$TMP/late_vi.json") <(jq 'del(.seconds)' "$TMP/late_en.json") >/dev/null ||
  fail "gap's json differs between the languages"
LANG=vi_VN.UTF-8 "$KCPLAN" sweep "$M" --vary activities.demo_model.weight=-1:1:1 -o "$TMP/swbad" >/dev/null 2>&1 || fail "sweep with an invalid point"
jq -r '.points[0].reason' "$TMP/swbad/sweep.json" | grep -qF "after this scenario: demo_model: weight -1 must be from 0 to 1e6" ||
  fail "sweep.json's reason is not English: $(jq -r '.points[0].reason' "$TMP/swbad/sweep.json")"
# --lang is --lang in gap and export (it once read as --lp there and wrote a file named vi)
(cd "$TMP" && "$KCPLAN" gap "$M" --lang vi >gl.out && "$KCPLAN" export "$M" --lp e.lp -l vi) || fail "gap/export --lang"
[ -e "$TMP/vi" ] && fail "--lang vi wrote a file named vi"
grep -qF "mọi mục tiêu đều đạt trong phạm vi các trần" "$TMP/gl.out" || fail "gap --lang vi: $(cat "$TMP/gl.out")"
# files for programs do not change with the language
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$M" -q -o "$TMP/ovi" && "$KCPLAN" solve "$M" -q -o "$TMP/oen" || fail "solve -o"
for f in plan.csv disbursement.csv attainment.csv; do
  cmp -s "$TMP/ovi/$f" "$TMP/oen/$f" || fail "$f differs between the languages"
done
diff <(jq 'del(.solver.seconds, .solver.stages[].seconds)' "$TMP/ovi/summary.json") \
  <(jq 'del(.solver.seconds, .solver.stages[].seconds)' "$TMP/oen/summary.json") >/dev/null || fail "summary.json differs"
echo "ok: one language setting; every marked message translated; program files identical"
